#!/usr/bin/env python3
"""Refusals leave the heap unchanged: random sequences of every JSON
operation, batches and exec sources (valid, invalid, over the budget, over
the quotas, junk bodies) against one session of heapd started with tiny
limits (--max-objects MO, --max-bytes MB, --max-work MW from the
environment; --max-batch 5, --max-body 4000). Before each request the
session's summary, objects, gc state, script (import lines aside: a refused
op may leave its import) and events are read; after a request that was
refused whole (400, 404, 405, 413, 429, 422 budget/unsupported/SyntaxError;
not a batch that failed past its first op, nor a multi-statement exec
stopped by a quota) they must read the same. Also fails on a 5xx, the
server's death, or a sanitizer report in its log. Default binary:
build-asan/heapd (heap_check after every statement); HEAPD_BIN overrides.

  python3 tests/stress/refusalcheck.py SEED [REQUESTS]

Campaign on 2026-12-04 (seeds 1-7 and 11-12, 300-600 requests each, ASan):
no finding. Not part of make test.
"""
import json, os, random, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from heapd_proc import Heapd, ROOT

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
binary = os.environ.get("HEAPD_BIN", os.path.join(ROOT, "build-asan", "heapd"))
R = random.Random(seed)
NAMES = ["a", "b", "c", "d", "e", "w", "s", "Node", "K", "nope"]
def ref():
    r = R.random()
    if r < 0.75: return R.choice(NAMES[:6])
    if r < 0.93: return R.choice(NAMES) + R.choice([".x", ".partner", "[0]", "['k']", "[1]", ".__class__", "[-1]", "[99999999999999999999]", ""])
    return R.choice([0, -1, 2**63, 1.5, None, [], {}, "", "a..b", "a[", "a['k", "é"]) if R.random() < 0.5 else R.randint(0, 2**48)
def val(d=0):
    r = R.random()
    if d > 2 or r < 0.3: return R.choice([None, True, False, 0, 1, -5, 256, 257, 2**70, 1.5, 1e308, "x", "hello world", "", "é"])
    if r < 0.45: return [val(d+1) for _ in range(R.randint(0, 3) if R.random() < .8 else R.randint(10, 60))]
    if r < 0.55: return {"ref": ref()}
    t = R.choice(["tuple", "set", "frozenset", "list", "dict", "bytes", "object", "Node", "K", "WeakSet",
                  "WeakValueDictionary", "WeakKeyDictionary", "int", "str", "float", "bogus"])
    if t in ("tuple", "set", "frozenset", "list"): return {"type": t, "value": [val(d+1) for _ in range(R.randint(0, 3))]}
    if t == "dict": return {"type": "dict", "items": [[val(d+1), val(d+1)] for _ in range(R.randint(0, 2))]} if R.random() < .5 else {"type": "dict", "value": {"k": val(d+1)}}
    if t == "bytes": return {"type": "bytes", "value": R.choice(["abc", "\\xff", "é"])}
    if t == "int": return {"type": "int", "value": R.choice(["1" * 40, "-3", "x", ""])}
    if t == "str": return {"type": "str", "value": R.choice(["x", "a" * 100])}
    if t == "float": return {"type": "float", "value": R.choice([1.5, "nan", 1e400 if False else 2.5])}
    return {"type": t}
SRC = ["a = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10], [11], [12], [13], [14]]\n", "b = {i: [i] for i in range(30)}\n",
       "c = ['x' * 500, 'y' * 900]\n", "d = [a, b, c]\nd.append(d)\n", "e = tuple(range(300, 340))\n", "w = [object() for i in range(40)]\n",
       "class N:\n  def __del__(self):\n    print('del')\nn = N()\nn.self = n\n", "del n\n", "s = {str(i) for i in range(50)}\n",
       "a = b = c = d = None\n", "e = 'é' * 3000\n", "w = [weakref.ref(N()) for i in range(3)]\n","a = [1, 2]\n", "del a\n", "b = a\n", "a.append(a)\n", "import gc\ngc.collect()\n", "x = 1/0\n",
       "class Q:\n  pass\nq = Q()\n", "print(a)\n", "a = (\n", "  x = 1\n", "lambda: 0\n", "c = {1: [2]}\nc[1].append(c)\n",
       "import weakref\nw = weakref.ref(a)\n", "d = 'x' * 10**6\n", "e = list(range(10**5))\n", "del nope\n",
       "a = [0] * 100000\n", "s = {frozenset()}\n", "a.x = 1\n", "for i in range(3):\n  a = [a]\n", "while True:\n  pass\n",
       "a = [[]] * 10\nb = a * 1000\n", "import sys\nsys.getrefcount(a)\n", "e = b'\\xff' * 1000\n"]
def op():
    k = R.choice(["create", "create", "create", "class", "assign", "link", "link", "unlink", "del", "collect", "sizeof",
                  "getrefcount", "id", "is", "eq", "len", "contains", "intern", "weakref", "deref", "gc", "batch", "exec", "exec", "bogus"])
    if k == "create":
        b = {"name": R.choice(NAMES)}
        v = val()
        if isinstance(v, dict) and "type" in v: b.update(v)
        else: b["value"] = v
        if R.random() < .2: b["attrs"] = {R.choice(["x", "partner", "__dict__", "1x"]): val()}
        return b, k
    if k == "class":
        b = {"name": R.choice(["Node", "K", "a", "object", "list"])}
        if R.random() < .5: b["slots"] = R.sample(["x", "partner", "__weakref__", "__dict__", "1"], R.randint(0, 3))
        if R.random() < .5: b["finalizer"] = R.choice(["log", "resurrect", "bogus"])
        return b, k
    if k == "assign": return {"name": R.choice(NAMES), "to": R.choice([ref(), val()])}, k
    if k == "link":
        b = {"from": ref(), "to": R.choice([ref(), val()])}
        w = R.choice(["attr", "index", "key", "append", "add"])
        b[w] = {"attr": R.choice(["x", "partner", "__dict__"]), "index": R.choice([0, -1, 5, 2**64]), "key": val(), "append": True, "add": True}[w]
        return b, k
    if k == "unlink":
        w = R.choice(["attr", "index", "key", "discard"])
        return {"from": ref(), w: {"attr": "x", "index": R.choice([0, -1, 7]), "key": val(), "discard": R.choice([ref(), val()])}[w]}, k
    if k == "del": return ({"names": R.sample(NAMES, R.randint(0, 3))} if R.random() < .7 else {"name": R.choice(NAMES)}), k
    if k == "collect": return ({"generation": R.choice([0, 1, 2, 3, -1])} if R.random() < .5 else {}), k
    if k in ("sizeof", "getrefcount", "id", "len", "deref"):
        b = {"ref": ref()}
        if k == "sizeof" and R.random() < .5: b["deep"] = True
        return b, k
    if k in ("is", "eq"): return {"a": ref(), "b": ref()}, k
    if k == "contains": return {"in": ref(), "key": val()}, k
    if k == "intern": return {"name": R.choice(NAMES), "value": R.choice(["hello world", "x", ""])}, k
    if k == "weakref": return {"name": R.choice(NAMES), "target": R.choice([ref(), val()]), "callback": R.random() < .5}, k
    if k == "gc":
        b = {}
        if R.random() < .5: b["enabled"] = R.random() < .5
        if R.random() < .3: b["threshold"] = R.choice([[1, 1, 1], [700, 10, 10], [0], [-1, 2, 3]])
        if R.random() < .3: b["debug"] = R.choice([["saveall"], [], ["bogus"]])
        if R.random() < .2: b["freeze"] = R.random() < .5
        return b, k
    if k == "batch":
        ops = []
        for _ in range(R.randint(0, 7)):
            o, kk = op()
            if kk in ("batch", "exec"): continue
            o = dict(o); o["op"] = kk; ops.append(o)
        return {"ops": ops}, k
    if k == "exec":
        src = "".join(R.choice(SRC) for _ in range(R.randint(1, 3)))
        return {"source": src, "mode": R.choice(["module", "statements"])}, k
    return {}, k

def snap(h, sid):
    out = []
    for p in ("", "/objects", "/gc", "/script", "/graph", "/events?after=0"):
        st, _, b = h.request("GET", "/v1/sessions/%s%s" % (sid, p))
        if p == "/script" and isinstance(b, str):
            b = "\n".join(l for l in b.split("\n") if not l.startswith("import "))
        out.append((p, st, b))
    return out

h = Heapd("--max-objects", os.environ.get("MO", "30"), "--max-bytes", os.environ.get("MB", "3000"), "--max-batch", "5", "--max-work", os.environ.get("MW", "20000"),
          "--max-body", "4000", "--max-repr", "64", "--max-page", "7", binary=binary)
fails = 0
from collections import Counter
stats = Counter()
try:
    sid = h.session(python=R.choice(["3.10", "3.11", "3.12", "3.13"]))
    for i in range(n):
        body, k = op()
        before = snap(h, sid)
        raw = None
        if R.random() < 0.05:
            raw = R.choice([b"{", b"[]", b"null", b"{\"name\": \"a\", \"name\": \"b\"}", b"\xff\xfe", b"{}" + b" " * 5000])
        st, _, ans = h.request("POST", "/v1/sessions/%s/%s" % (sid, k), body if raw is None else None, raw=raw)
        if st >= 500:
            print("FAIL 5xx", st, k, json.dumps(body), ans); fails += 1
        stats[(k, st)] += 1
        code = ans.get("error", {}).get("code") if isinstance(ans, dict) else None
        refused = st in (400, 404, 405, 413, 429) or (st == 422 and code in ("budget", "unsupported")) or \
                  (st == 422 and isinstance(ans, dict) and ans.get("error", {}).get("type") in ("SyntaxError", "IndentationError"))
        if k == "batch" and isinstance(ans, dict) and ans.get("error", {}).get("index", 0) not in (0, None):
            refused = False
        if k == "batch" and isinstance(ans, dict) and ans.get("index", 0) not in (0, None):
            refused = False
        if k == "exec" and st in (422, 429, 503) and code in ("budget", "limit", "overloaded") and raw is None and body["source"].count("\n") > 1:
            refused = False
        if refused:
            after = snap(h, sid)
            for (p, s1, b1), (_, s2, b2) in zip(before, after):
                if (s1, b1) != (s2, b2):
                    print("FAIL changed", p, "after", st, code, k, json.dumps(body) if raw is None else raw, file=sys.stdout)
                    print("   before", json.dumps(b1)[:600]); print("   after ", json.dumps(b2)[:600])
                    fails += 1
                    break
        if h.proc.poll() is not None:
            print("FAIL server died", k, json.dumps(body)); fails += 1; break
        if R.random() < 0.01:
            h.request("DELETE", "/v1/sessions/%s" % sid)
            sid = h.session(python=R.choice(["3.10", "3.11", "3.12", "3.13"]))
finally:
    rc = h.stop()
    log = open(h.log.name).read()
    if "Sanitizer" in log or "runtime error" in log or "panic" in log:
        print("FAIL sanitizer/log:\n", log[-3000:]); fails += 1
print(sorted(stats.items()))
print("seed", seed, "fails", fails, "rc", rc)
sys.exit(1 if fails or rc else 0)
