#!/usr/bin/env python3
"""Cost fuzzing: requests that make heapd work hard, each measured in heapd's
own CPU time, against the work budget's promise (README: `--max-work` units
of about 10 ns, 1e8 by default: a request stops at about a second of work).

Each case builds an expensive shape in a fresh session (a DAG of shared
lists, tuples, dicts or instances; a wide list; hash-colliding dict and set
keys; 4,300-digit ints; long chains; many weakrefs; finalizer cycles), then
sends one costly request at it: an f-string field with a random conversion
and format spec (widths to 3e8, fills, grouping, precisions), print(), ==,
`in`, a hash (a set or dict key), sizeof deep, a full repr read, a graph or
objects page, del and collect, freeze, deep copies through list methods.
A finding: a request whose CPU time passes --cpu-limit (2.5 s; x8 with
--asan), a 5xx, a crash, a sanitizer report, or heapd's RSS past --max-rss.

    python3 tests/protofuzz/costfuzz.py --seconds 600 [--seed 1] [--asan] [--out DIR]
    python3 tests/protofuzz/costfuzz.py --replay FILE.json   # one finding again

Found with it (2026-12-04, helper-56; both kept in tests/e2e/test_limits.py):
f'{x}' of a 26-level DAG of lists walked 470 MB of text unpaid (15 s, 66 s
under ASan); f'{1:080000000,}' grouped 80 MB for 2.2 s of CPU. Meant for the
plain build (CPU times); --asan finds crashes and sanitizer reports."""
import argparse
import hashlib
import json
import os
import random
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import Heapd  # noqa: E402

M61 = 2 ** 61 - 1
VERSIONS = ["3.10", "3.11", "3.12", "3.13"]


class Client:
    """One keep-alive connection; (status, body, seconds)."""

    def __init__(self, port, timeout):
        self.port, self.timeout, self.sock, self.buf = port, timeout, None, b""

    def request(self, method, path, body=None, ctype="application/json"):
        data = b"" if body is None else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.buf = b""
        self.sock.sendall(("%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
                           % (method, path, ctype, len(data))).encode() + data)
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        n = 0
        close = False
        for h in lines[1:]:
            k, _, v = h.partition(":")
            if k.strip().lower() == "content-length":
                n = int(v)
            if k.strip().lower() == "connection" and v.strip().lower() == "close":
                close = True
        while len(rest) < n:
            chunk = self.sock.recv(max(1 << 16, n - len(rest)))
            if not chunk:
                raise ConnectionError("closed mid-body")
            rest += chunk
        body, self.buf = rest[:n], rest[n:]
        if close:
            self.sock.close()
            self.sock = None
        try:
            return status, json.loads(body) if body else None
        except ValueError:
            return status, body


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


# ---------------------------------------------------------------- shapes: (ops to build, name of the root)
def shape_dag(rng):
    kind = rng.choice(["list", "tuple", "dict", "set", "inst", "mixed"])
    depth = rng.randrange(16, 31)
    ops = [{"op": "class", "name": "N"}, {"op": "create", "name": "x", "value": [1, "é"]}]
    for i in range(depth):
        k = rng.choice(["list", "tuple", "dict", "inst"]) if kind == "mixed" else kind
        r = {"ref": "x"}
        if k == "list":
            v = [r, r]
        elif k == "tuple":
            v = {"type": "tuple", "value": [r, r]}
        elif k == "dict":
            v = {"type": "dict", "value": {"a": r, "b": r}}
        elif k == "set":  # a set cannot hold itself twice: a frozenset of tuples sharing x
            v = {"type": "frozenset", "value": [{"type": "tuple", "value": [r, 1]}, {"type": "tuple", "value": [r, 2]}]}
        else:
            ops.append({"op": "create", "name": "y", "type": "N", "attrs": {"p": r, "q": r}})
            ops.append({"op": "assign", "name": "x", "to": "y"})
            continue
        ops.append({"op": "create", "name": "x", "value": v})
    return ops, "x"


def shape_wide(rng):
    n = rng.choice([10000, 100000, 300000])
    item = rng.choice([0, [0], "s", {"type": "tuple", "value": [1, 2]}, {"type": "int", "value": "9" * 50}, 1.5])
    per = 20000
    ops = [{"op": "create", "name": "x", "value": []}]
    for _ in range(n // per):
        ops.append({"op": "link", "from": "x", "append": True, "to": [item] * per})
    return ops, "x"


def shape_colliding(rng):
    n = rng.choice([1000, 3000, 6000])
    keys = [k * M61 * rng.choice([1, -1]) for k in range(1, n + 1)]
    kind = rng.choice(["dict", "set", "frozenset"])
    v = {"type": "dict", "items": [[k, None] for k in keys]} if kind == "dict" else {"type": kind, "value": keys}
    return [{"op": "create", "name": "x", "value": v}], "x"


def shape_bigints(rng):
    n = rng.choice([10, 200, 2000])
    return [{"op": "create", "name": "x", "value": [{"type": "int", "value": "7" * 4300}] * n}], "x"


def shape_chain(rng):
    n = rng.choice([1000, 20000, 100000])
    ops = [{"op": "class", "name": "N", "finalizer": rng.choice(["log", "resurrect"])} if rng.random() < 0.5
           else {"op": "class", "name": "N"}, {"op": "create", "name": "x", "type": "N"},
           {"op": "assign", "name": "h", "to": "x"}]
    for _ in range(n):
        ops.append({"op": "create", "name": "y", "type": "N", "attrs": {"next": {"ref": "x"}}})
        ops.append({"op": "assign", "name": "x", "to": "y"})
    if rng.random() < 0.5:
        ops.append({"op": "link", "from": "h", "attr": "next", "to": "x"})  # a cycle
    return ops, "x"


def shape_weak(rng):
    n = rng.choice([1000, 10000, 50000])
    kind = rng.choice(["WeakSet", "WeakValueDictionary", "WeakKeyDictionary", "refs"])
    ops = [{"op": "class", "name": "N", "slots": ["__weakref__"]} if rng.random() < 0.3 else {"op": "class", "name": "N"},
           {"op": "create", "name": "keep", "value": []},
           {"op": "create", "name": "x", "type": "WeakSet" if kind == "refs" else kind}]
    for i in range(n):
        ops.append({"op": "create", "name": "o", "type": "N"})
        if rng.random() < 0.7:
            ops.append({"op": "link", "from": "keep", "append": True, "to": "o"})
        if kind == "refs":
            ops.append({"op": "weakref", "name": "w", "target": "o", "callback": rng.random() < 0.5})
        elif kind == "WeakSet":
            ops.append({"op": "link", "from": "x", "add": True, "to": "o"})
        elif kind == "WeakValueDictionary":
            ops.append({"op": "link", "from": "x", "key": i, "to": "o"})
        else:
            ops.append({"op": "link", "from": "x", "key": {"ref": "o"}, "to": i})
    return ops, rng.choice(["x", "keep"])


def shape_bigstr(rng):
    ch = rng.choice(["a", "\u00e9", "\u20ac", "\U0001f600", "'", "\\n"])
    doublings = rng.randrange(6, 12)
    return [{"op": "exec", "source": "x = '%s' * 2048\n" % ch + "x += x\n" * doublings}], "x"


SHAPES = [shape_dag, shape_dag, shape_wide, shape_colliding, shape_bigints, shape_chain, shape_weak, shape_bigstr]


# ---------------------------------------------------------------- costly requests at the root r
def spec(rng):
    width = rng.choice([0, 0, 10 ** 6, 3 * 10 ** 7, 8 * 10 ** 7, 10 ** 8, 3 * 10 ** 8])
    parts = ""
    if rng.random() < 0.3:
        parts += rng.choice(["*", "0", "é", "😀"]) + rng.choice("<>^=")
    elif rng.random() < 0.3:
        parts += rng.choice("<>^")
    if rng.random() < 0.2:
        parts += rng.choice("+- ")
    if rng.random() < 0.2:
        parts += "#"
    if width:
        parts += ("0" if rng.random() < 0.4 else "") + str(width)
    if rng.random() < 0.3:
        parts += rng.choice([",", "_"])
    if rng.random() < 0.3:
        parts += "." + str(rng.choice([0, 5, 1000, 10 ** 6, 5 * 10 ** 7]))
    parts += rng.choice(["", "", "d", "x", "b", "o", "e", "f", "g", "%", "s", "n", "X", "E", "F", "G", "c"])
    return parts


def field(rng, expr):
    conv = rng.choice(["", "", "!r", "!s", "!a"])
    return "{%s%s%s}" % (expr, conv, ":" + spec(rng) if rng.random() < 0.5 else "")


def request(rng, r, version):
    k = rng.randrange(14)
    if k == 0:
        n = rng.choice([1, 2, 2, 10, 40])
        return ("exec", {"source": "s = f'%s'" % "".join(field(rng, r) for _ in range(n))})
    if k == 1:
        lit = rng.choice(["1", "-7", "1.5", "True", "'ab'", "12345678901234567890", "1e300", "0.1"])
        return ("exec", {"source": "s = f'%s'" % field(rng, lit)})
    if k == 2:
        return ("exec", {"source": "print(%s)" % rng.choice([r, "f'{%s}'" % r, "%s, %s" % (r, r)])})
    if k == 3:
        return ("exec", {"source": "z = %s\nz == %s" % (r, r) if rng.random() < 0.3 else "%s == %s" % (r, r)})
    if k == 4:
        return ("exec", {"source": rng.choice(["h = {%s: 1}" % r, "h = {%s}" % r, "%s in [%s]" % (r, r), "%s in {1: 2}" % r])})
    if k == 5:
        return ("sizeof", {"ref": r, "deep": True})
    if k == 6:
        return ("GET", "objects/%s?repr=full")
    if k == 7:
        return ("GET", rng.choice(["graph", "graph?limit=1", "objects", "objects?repr=full", "gc", "", "script",
                                   "events?after=0"]))
    if k == 8:
        return ("batch", {"ops": [{"op": "del", "name": r}, {"op": "collect"}] if rng.random() < 0.5 else
                          [{"op": "collect"}] * rng.randrange(1, 50)})
    if k == 9:
        return ("batch", {"ops": [{"op": "gc", "freeze": True}, {"op": "collect"}, {"op": "gc", "freeze": False},
                                  {"op": "collect"}]})
    if k == 10:
        return ("exec", {"source": rng.choice(["c = %s.copy()" % r, "l = []\nl.extend(%s)" % r,
                                               "l = [%s]\nl.extend(l)\nl.extend(l)" % r, "len(%s)" % r,
                                               "d = {}\nd.update(%s)" % r, "t = (%s, %s)\nt == t" % (r, r)])})
    if k == 11:
        return ("batch", {"ops": [{"op": "eq", "a": r, "b": r}, {"op": "contains", "in": r, "key": {"ref": r}},
                                  {"op": "getrefcount", "ref": r}]})
    if k == 12:
        return ("exec", {"source": "w = f'{%s}'\nimport sys\nsys.intern(w)" % r})
    return ("exec", {"source": "s = f'{%s}%s'" % (r, "{" + r + "!r:>100}" if rng.random() < 0.5 else "")})


VERBOSE = []


def run_case(srv, client, rng, case_seed, limit):
    version = rng.choice(VERSIONS)
    shape = rng.choice(SHAPES)
    ops, root = shape(rng)
    st, b = client.request("POST", "/v1/sessions", {"python": version})
    if st != 201:
        return None
    sid = b["session"]
    base = "/v1/sessions/%s/" % sid
    for i in range(0, len(ops), 1000):
        if ops[i].get("op") == "exec":
            st, b = client.request("POST", base + "exec", {"source": ops[i]["source"]})
            continue
        st, b = client.request("POST", base + "batch", {"ops": ops[i:i + 1000]})
        if st >= 500:
            return {"why": "5xx while building", "status": st, "body": str(b)[:500]}
    found = None
    for _ in range(3):
        kind, body = request(rng, root, version)
        if kind == "GET":
            path = body
            if "%s" in path:
                st, b = client.request("POST", base + "id", {"ref": root})
                if st != 200:
                    continue
                path = path % b["result"]
            method, url, data = "GET", base + path, None
        else:
            method, url, data = "POST", base + kind, body
        c0, t0 = cpu_seconds(srv.proc.pid), time.time()
        try:
            st, b = client.request(method, url, data)
        except (OSError, ConnectionError) as e:
            client.sock = None
            found = {"why": "connection: %r (process %s)" % (e, srv.proc.poll())}
        else:
            cpu, wall = cpu_seconds(srv.proc.pid) - c0, time.time() - t0
            code = b.get("error", {}).get("code") if isinstance(b, dict) and isinstance(b.get("error"), dict) else None
            if VERBOSE and cpu > VERBOSE[0]:
                print("  %.2f s cpu %.2f s wall %d %s %s %s" % (cpu, wall, st, code or "", shape.__name__,
                                                               json.dumps(data, ensure_ascii=False)[:160] if data else url),
                      flush=True)
            if st >= 500 and st != 503:
                found = {"why": "HTTP %d" % st, "body": str(b)[:500]}
            elif cpu > limit:
                found = {"why": "cpu %.2f s (wall %.2f s) past %.1f s" % (cpu, wall, limit), "status": st, "code": code}
        if found:
            found.update({"seed": case_seed, "version": version, "shape": shape.__name__, "root": root,
                          "build": ops if len(ops) <= 200 else {"generator": shape.__name__, "ops": len(ops)},
                          "request": [method, url.replace(base, "{sid}/"), data]})
            break
    try:
        client.request("DELETE", base.rstrip("/"))
    except (OSError, ConnectionError):
        client.sock = None
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--cpu-limit", type=float, default=None, help="CPU seconds one request may take (2.5; 20 with --asan)")
    ap.add_argument("--max-rss", type=float, default=6000, help="MB of RSS past which heapd is a finding")
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--replay", help="a finding's JSON: its seed again")
    ap.add_argument("-v", "--verbose", type=float, default=None, metavar="CPU",
                    help="print every request that took more CPU seconds than this")
    a = ap.parse_args()
    if a.verbose is not None:
        VERBOSE.append(a.verbose)
    limit = a.cpu_limit or (20.0 if a.asan else 2.5)
    binary = os.environ.get("HEAPD_BIN") or os.path.join(HERE, "..", "..", "build-asan" if a.asan else "build", "heapd")
    env = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0"} if a.asan else None
    srv = Heapd("--max-client-sessions", "0", binary=binary, env=env)
    client = Client(srv.port, timeout=limit * 6 + 30)
    os.makedirs(a.out, exist_ok=True)
    seeds = [json.load(open(a.replay))["seed"]] if a.replay else None
    t_end = time.time() + a.seconds
    n = findings = 0
    try:
        while (seeds and n < len(seeds)) or (not seeds and time.time() < t_end):
            case_seed = seeds[n] if seeds else "%s-%d" % (a.seed, n)
            n += 1
            rng = random.Random(int(hashlib.sha1(case_seed.encode()).hexdigest()[:12], 16))
            f = run_case(srv, client, rng, case_seed, limit)
            rss = rss_mb(srv.proc.pid) if srv.proc.poll() is None else 0
            if not f and rss > a.max_rss:
                f = {"why": "RSS %.0f MB" % rss, "seed": case_seed}
            if f:
                findings += 1
                name = os.path.join(a.out, "cost-%s.json" % hashlib.sha1(case_seed.encode()).hexdigest()[:10])
                with open(name, "w") as fh:
                    json.dump(f, fh, indent=1, ensure_ascii=False)
                print("FINDING %s: %s\n    %s" % (name, f["why"], json.dumps(f.get("request"), ensure_ascii=False)[:300]),
                      flush=True)
                if srv.proc.poll() is not None:
                    print("heapd exited %s; log %s" % (srv.proc.poll(), srv.log.name), flush=True)
                    srv = Heapd("--max-client-sessions", "0", binary=binary, env=env)
                    client = Client(srv.port, timeout=limit * 6 + 30)
    finally:
        rc = srv.stop()
    log = ""
    try:
        with open(srv.log.name, errors="replace") as fh:
            log = fh.read()
    except OSError:
        pass
    bad = [m for m in ("ERROR: AddressSanitizer", "runtime error:", "heap_check", "Assertion") if m in log]
    print("%d cases, %d findings, heapd exit %s%s" % (n, findings, rc, ", log has " + ", ".join(bad) if bad else ""))
    return 1 if findings or bad or rc not in (0, None) else 0


if __name__ == "__main__":
    sys.exit(main())
