#!/usr/bin/env python3
"""Worst-case cost search: adversarial requests timed against one heapd.

Starts heapd (HEAPD_BIN, default build/heapd; default flags unless given
after --) on a free port (HEAPD_TEST_PORTS), builds each case's setup in a
fresh session, then times its attack: the server's CPU (the scheduler's
nanoseconds summed over its threads), the wall time, the status and the
answer's size. Prints one line per case and the costliest at the end;
anything over --flag seconds of server CPU is marked SLOW. Measures only:
no assertion, no timing is a test (the bounds are checked by the unit and
e2e regressions of each finding).

The cases are the families of 2026-12-02's hunt (README, Limits):
constants whose hashes collide (n * (2**61 - 1) hashes to 0), shared
structures 60 deep (2**60 paths) under ==, hash, repr, deep sizeof and the
reads, set and dict tables left sparse by deletions (a table never shrinks),
namespace holes under the id naming of the script, deep chains, and batches
of each; and (a later hunt the same day) a list of 2 million items under
moves of its tail, reversals, copies, == and deep sizes, and print() of strs of
25.6 million code points.

    python3 tests/stress/costhunt.py [--only SUBSTR] [--flag 1.0] [-- heapd flags]
"""
import argparse
import http.client
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import Heapd  # noqa: E402

M61 = 2 ** 61 - 1


class Server:
    def __init__(self, flags):
        self.h = Heapd(*flags)
        self.pid = self.h.proc.pid
        self.conn = None

    def cpu(self):
        total = 0
        for t in os.listdir("/proc/%d/task" % self.pid):
            try:
                with open("/proc/%d/task/%s/schedstat" % (self.pid, t)) as f:
                    total += int(f.read().split()[0])
            except OSError:
                pass
        return total / 1e9

    def call(self, method, path, body=None):
        """(status, answer bytes, server CPU seconds, wall seconds)"""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.h.port, timeout=600)
        data = json.dumps(body).encode() if body is not None else None
        c0, t0 = self.cpu(), time.time()
        try:
            self.conn.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
            r = self.conn.getresponse()
            out = r.read()
        except (OSError, http.client.HTTPException):
            self.conn = None
            raise
        wall = time.time() - t0
        time.sleep(0.02)  # the request's last accounting lands
        return r.status, out, self.cpu() - c0, wall

    def session(self):
        st, out, _, _ = self.call("POST", "/v1/sessions", {})
        return json.loads(out)["session"]


def dag(kind, depth=60, p="t"):
    """t0 .. t<depth>, each holding the one before twice"""
    lines = ["%s0 = 1" % p]
    for k in range(1, depth + 1):
        a = "%s%d" % (p, k - 1)
        lines.append("%s%d = %s" % (p, k, {"tuple": "(%s, %s)", "list": "[%s, %s]",
                                           "dict": "{'a': %s, 'b': %s}"}[kind] % (a, a)))
    return "\n".join(lines) + "\n"


def colliding(n):
    return ",".join(str(i * M61) for i in range(n))


def sparse(kind, n):
    """setup ops: s holds n keys, then all but the last are deleted"""
    ops = [("exec", "s = %s\n" % ("set()" if kind == "set" else "{}"))]
    add = [{"op": "link", "from": "s", "add": True, "to": i} if kind == "set" else
           {"op": "link", "from": "s", "key": i, "to": 0} for i in range(1, n + 1)]
    rm = [{"op": "unlink", "from": "s", "discard": i} if kind == "set" else
          {"op": "unlink", "from": "s", "key": i} for i in range(1, n)]
    ops += [("batch", add[i:i + 1000]) for i in range(0, n, 1000)]
    ops += [("batch", rm[i:i + 1000]) for i in range(0, n - 1, 1000)]
    last = "{%d}" % n if kind == "set" else "{%d: 0}" % n
    ops.append(("exec", "t = %s\nA = [%s]\nB = [%s]\n" % (last, ",".join(["s"] * 900), ",".join(["t"] * 900))))
    return ops


def cases():
    out = []
    for n in (5000, 30000):
        out.append(("colliding-set-display-%d" % n, [], ("exec", "x = {%s}\n" % colliding(n))))
        out.append(("colliding-list-display-%d" % n, [], ("exec", "x = [%s]\n" % colliding(n))))
        out.append(("colliding-dict-display-%d" % n, [],
                    ("exec", "x = {%s}\n" % ",".join("%d: 0" % (i * M61) for i in range(n)))))
    for kind in ("tuple", "list", "dict"):
        both = [("exec", dag(kind) + dag(kind, p="u"))]
        out.append(("shared-%s-eq" % kind, both, ("exec", "t60 == u60\n")))
        out.append(("shared-%s-eq-batch" % kind, both,
                    ("batch", [{"op": "eq", "a": "t30", "b": "u30"}] * 1000)))
        out.append(("shared-%s-print" % kind, both, ("exec", "print(t60)\n")))
        out.append(("shared-%s-deep-sizeof" % kind, both, ("sizeof", {"ref": "t60", "deep": True})))
        out.append(("shared-%s-graph" % kind, both, ("GET", "graph")))
        out.append(("shared-%s-objects" % kind, both, ("GET", "objects")))
        if kind == "tuple":
            out.append(("shared-tuple-hash", both, ("exec", "s = {t60}\n")))
    for kind in ("set", "dict"):
        setup = sparse(kind, 200000)
        out.append(("sparse-%s-eq-batch" % kind, setup, ("batch", [{"op": "eq", "a": "A", "b": "B"}] * 100)))
        out.append(("sparse-%s-collect-batch" % kind, setup, ("batch", [{"op": "collect"}] * 1000)))
        out.append(("sparse-%s-iterate" % kind, setup, ("exec", "X = []\n" + "X.extend(s)\n" * 200)))
    holes = [("batch", [{"op": "assign", "name": "n%d" % i, "to": None} for i in range(j, j + 1000)])
             for j in range(0, 300000, 1000)]
    holes += [("batch", [{"op": "del", "names": ["n%d" % i for i in range(j, j + 1000)]} for j in range(k, k + 50000, 1000)])
              for k in range(0, 300000, 50000)]
    holes.append(("exec", "keep = [[]]\n"))
    out.append(("namespace-holes-id-batch", holes, ("ids", "keep[0]")))
    # a list of 2**21 items: moves of its tail, reversals, copies, deep sizes
    # (free until 2026-12-02: 6 to 7 s, 2.2 s, 31 s at default flags)
    big = [("exec", "L = [0]\n" + "L += L\n" * 21)]
    for src, n in (("del L[0]", 1000), ("L.pop(0)", 1000), ("L.insert(0, 1)", 1000), ("L.reverse()", 300),
                   ("X = L.copy()", 300)):
        out.append(("big-list-%s" % src.split("(")[0].replace(" ", ""), big, ("exec", (src + "\n") * n)))
    out.append(("big-list-unlink-batch", big, ("batch", [{"op": "unlink", "from": "L", "index": 0}] * 1000)))
    out.append(("big-list-eq-batch", [("exec", "L = [0]\nM = [0]\n" + "L += L\nM += M\n" * 20)],
                ("batch", [{"op": "eq", "a": "L", "b": "M"}] * 1000)))
    out.append(("big-list-deep-sizeof-batch", big, ("batch", [{"op": "sizeof", "ref": "L", "deep": True}] * 1000)))
    # print() of strs of 25.6 million code points (read whole for surrogates, free
    # until 2026-12-02: 100 prints of the latin-1 one 16 s)
    for name, text in (("latin1", "ab"), ("ucs2", "\\u0100b")):
        setup = [("exec", "s = '%s'\n" % text + "s += s\n" * 23)]
        out.append(("print-%s-str-batch" % name, setup, ("exec", "print(s)\n" * 100)))
    return out


def run(srv, sid, step):
    kind, arg = step
    base = "/v1/sessions/%s" % sid
    if kind == "exec":
        return srv.call("POST", base + "/exec", {"source": arg, "mode": "statements"})
    if kind == "batch":
        return srv.call("POST", base + "/batch", {"ops": arg})
    if kind == "GET":
        return srv.call("GET", base + "/" + arg)
    if kind == "ids":  # a batch of 1,000 ids of an object no name binds
        st, out, _, _ = srv.call("POST", base + "/id", {"ref": arg})
        return srv.call("POST", base + "/batch", {"ops": [{"op": "id", "ref": json.loads(out)["result"]}] * 1000})
    return srv.call("POST", base + "/" + kind, arg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--flag", type=float, default=1.0, help="server CPU seconds that make a case SLOW")
    ap.add_argument("flags", nargs="*", help="heapd flags (after --)")
    a = ap.parse_args()
    srv = Server(a.flags)
    rows = []
    try:
        for name, setup, attack in cases():
            if a.only not in name:
                continue
            sid = srv.session()
            ok = True
            for step in setup:
                st, out, _, _ = run(srv, sid, step)
                if st != 200:
                    print("%-34s setup answered %d: %s" % (name, st, out[:200]))
                    ok = False
                    break
            if ok:
                st, out, cpu, wall = run(srv, sid, attack)
                mark = " SLOW" if cpu > a.flag else ""
                print("%-34s %d cpu %.3f s wall %.3f s answer %d B%s" % (name, st, cpu, wall, len(out), mark),
                      flush=True)
                rows.append((cpu, name, st, len(out)))
            srv.call("DELETE", "/v1/sessions/" + sid)
    finally:
        srv.h.stop()
    print("costliest:")
    for cpu, name, st, size in sorted(rows, reverse=True)[:8]:
        print("  %.3f s  %s (%d, %d B)" % (cpu, name, st, size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
