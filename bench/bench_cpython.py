"""The same workload as bench_core.c, in the real CPython (one process):
L.append(Node()) N times, L[i].p = L[i^1], del L, gc.collect()."""
import gc
import sys
import time


class Node:
    pass


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    gc.disable()
    gc.collect()
    L = []
    t0 = time.perf_counter_ns()
    for _ in range(n):
        L.append(Node())
    t_create = time.perf_counter_ns() - t0
    t0 = time.perf_counter_ns()
    for i in range(n):
        L[i].p = L[i ^ 1]
    t_link = time.perf_counter_ns() - t0
    t0 = time.perf_counter_ns()
    del L
    t_del = time.perf_counter_ns() - t0
    t0 = time.perf_counter_ns()
    got = gc.collect()
    t_collect = time.perf_counter_ns() - t0
    print("python N=%-8d create %7.1f ns  link %7.1f ns  del %6.1f ns  collect %6.1f ns/object (returned %d)  (%s)"
          % (n, t_create / n, t_link / n, t_del / n, t_collect / n, got, sys.version.split()[0]))


main()
