/*
 * bench_core.c — the engine's speed and memory on N objects in 2-cycles:
 * ns per create (L.append(Node())), per link (L[i].p = L[j]), per del
 * (del L, leaving the cycles), per object of a full collect(), and the
 * real memory (RSS) per simulated object. Prints one line per figure.
 * The same workload in CPython 3.11 is bench/bench_cpython.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "heap.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

static void run(heap_t *h, heap_stmt_t *st)
{
    heap_result_t r;
    exc_t e;
    if (heap_exec(h, st, &r, &e) != ST_OK) {
        fprintf(stderr, "bench: statement failed: %s: %s\n", e.type, e.message);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    heap_limits_t lim = {0, 0, 0};
    heap_t *h = heap_new("3.11", 0, &lim);
    heap_stmt_t st;

    memset(&st, 0, sizeof st);
    st.op = OP_GC; /* gc.disable(): measure collect() alone */
    st.gc = &(heap_gcset_t){.set_enabled = 1};
    run(h, &st);
    memset(&st, 0, sizeof st);
    st.op = OP_CLASS;
    st.name = "Node";
    run(h, &st);
    memset(&st, 0, sizeof st);
    st.op = OP_CREATE;
    st.name = "L";
    st.value = spec_new(SP_LIST);
    run(h, &st);
    spec_free(st.value);

    long rss0 = rss_kib();
    spec_t *node = spec_new(SP_INSTANCE);
    node->text = strdup("Node");
    memset(&st, 0, sizeof st);
    st.op = OP_LINK;
    st.a.path = "L";
    st.link = LK_APPEND;
    st.value = node;
    double t0 = now_ns();
    for (long i = 0; i < n; i++)
        run(h, &st);
    double t_create = now_ns() - t0;
    spec_free(node);

    char from[64], to[64];
    spec_t *target = spec_new(SP_REF);
    memset(&st, 0, sizeof st);
    st.op = OP_LINK;
    st.a.path = from;
    st.link = LK_ATTR;
    st.attr = "p";
    st.value = target;
    t0 = now_ns();
    for (long i = 0; i < n; i++) {
        long j = i ^ 1;
        snprintf(from, sizeof from, "L[%ld]", i);
        snprintf(to, sizeof to, "L[%ld]", j);
        target->ref.path = to;
        run(h, &st);
    }
    double t_link = now_ns() - t0;
    target->ref.path = NULL;
    spec_free(target);
    long rss1 = rss_kib();

    const char *names[] = {"L"};
    memset(&st, 0, sizeof st);
    st.op = OP_DEL;
    st.names = names;
    st.nnames = 1;
    t0 = now_ns();
    run(h, &st);
    double t_del = now_ns() - t0;

    memset(&st, 0, sizeof st);
    st.op = OP_COLLECT;
    st.generation = 2;
    heap_result_t r;
    exc_t e;
    t0 = now_ns();
    heap_exec(h, &st, &r, &e);
    double t_collect = now_ns() - t0;

    printf("heapd  N=%-8ld create %7.1f ns  link %7.1f ns  del %6.1f ns  collect %6.1f ns/object (returned "
           "%lld)  "
           "RSS %5.1f bytes/object\n",
           n, t_create / n, t_link / n, t_del / n, t_collect / n, (long long)r.i,
           (double)(rss1 - rss0) * 1024.0 / n);
    heap_free(h);
    return 0;
}
