#!/usr/bin/env python3
"""Field sweep (helper-69, 2026-12-05; not part of make test): every op on every receiver kind with edge values
in every numeric/bool field, odd strings, GET query edges, session option
edges; checks 5xx, slowness, death, sanitizer logs, refusals that changed the
heap, and summary/objects consistency.

  python3 tests/stress/fieldsweep.py SEED [REQUESTS]
  (env MO MB MW MP MR: --max-objects/bytes/work/page/repr; EXTRA: more flags; HEAPD_BIN)

Campaign on 2026-12-05 (seeds 1-7, 11, 12; tests/difffuzz/gaps-2026-12-05-helper69.md): no finding."""
import json, os, random, sys, time, threading
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from heapd_proc import Heapd, ROOT

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
N = int(sys.argv[2]) if len(sys.argv) > 2 else 800
R = random.Random(seed)
binary = os.environ.get("HEAPD_BIN", os.path.join(ROOT, "build-asan", "heapd"))

NUMS = [0, 1, 2, 3, -1, -2, 2**31, 2**32, 2**53, 2**63 - 1, 2**63, 2**64, -2**63, -2**63 - 1, 10**30, 1.0, 1.5, -0.0,
        1e308, 2.0, True, False, None, "1", "", [], {}, [1], {"ref": "a"}]
STRS = ["", "x", "a", "\u0000", "a\u0000b", "\ud800", "\udfff", "\U0001f600", "é", "__class__", "__dict__", "__weakref__",
        "1x", "x y", "class", "None", "a" * 300, "\u00ff" * 10, "x\n", "\\", "'", '"']
NAMES = ["a", "b", "c", "K", "S", "k", "s", "w", "ws", "wv", "wk", "t", "d", "l", "f", "o", "g", "cl", "bi", "by"]
PALETTE = [
    {"op": "class", "name": "K", "finalizer": "log"},
    {"op": "class", "name": "S", "slots": ["x", "__weakref__"], "finalizer": "resurrect"},
    {"op": "create", "name": "k", "type": "K", "attrs": {"x": 1}},
    {"op": "create", "name": "s", "type": "S"},
    {"op": "weakref", "name": "w", "target": "k", "callback": True},
    {"op": "create", "name": "ws", "type": "WeakSet"},
    {"op": "create", "name": "wv", "type": "WeakValueDictionary"},
    {"op": "create", "name": "wk", "type": "WeakKeyDictionary"},
    {"op": "create", "name": "t", "type": "tuple", "value": [1, [2], "x"]},
    {"op": "create", "name": "d", "type": "dict", "items": [["k", 1], [2, [3]]]},
    {"op": "create", "name": "l", "value": [1, 2, [3]]},
    {"op": "create", "name": "f", "type": "frozenset", "value": [1, "x"]},
    {"op": "create", "name": "o", "type": "object"},
    {"op": "create", "name": "g", "type": "set", "value": [1, 2]},
    {"op": "create", "name": "bi", "type": "int", "value": "123456789012345678901234567890"},
    {"op": "create", "name": "by", "type": "bytes", "value": "ab\\xff"},
    {"op": "create", "name": "cl", "value": 1.5},
    {"op": "link", "from": "ws", "add": True, "to": "k"},
    {"op": "link", "from": "wv", "key": "a", "to": "k"},
    {"op": "link", "from": "wk", "key": {"ref": "s"}, "to": 1},
]
ids = []


def num():
    return R.choice(NUMS)


def string():
    s = R.choice(STRS)
    return s if R.random() < .8 else s + R.choice(NAMES)


def ref():
    r = R.random()
    if r < .55:
        return R.choice(NAMES)
    if r < .7:
        return R.choice(NAMES) + R.choice([".x", "[0]", "[-1]", "['k']", "['a']", "[2]", ".__class__", "[" + str(2**63) + "]",
                                           "[-" + str(2**63) + "]", ".x.x", "['\\ud800']", "['\\x00']", "[\"\\U0001f600\"]"])
    if r < .85 and ids:
        return R.choice(ids) + R.choice([0, 0, 0, 16, -16, 1])
    return R.choice([0, -1, 2**63, 2**64, 1.5, True, None, [], {}, string()])


def val(d=0):
    r = R.random()
    if d > 3 or r < .3:
        return R.choice([num(), string()])
    if r < .45:
        return [val(d + 1) for _ in range(R.randint(0, 3))]
    if r < .6:
        return {"ref": ref()}
    t = R.choice(["tuple", "set", "frozenset", "list", "dict", "bytes", "object", "K", "S", "WeakSet",
                  "WeakValueDictionary", "WeakKeyDictionary", "int", "str", "float", "dict2", string()])
    if t in ("tuple", "set", "frozenset", "list"):
        v = {"type": t, "value": [val(d + 1) for _ in range(R.randint(0, 3))]}
    elif t == "dict":
        v = {"type": "dict", "items": [[val(d + 1), val(d + 1)] for _ in range(R.randint(0, 2))]}
    elif t == "dict2":
        v = {"type": "dict", "value": {string(): val(d + 1)}}
    elif t == "bytes":
        v = {"type": "bytes", "value": R.choice(["abc", "\\xff", "é", "\\x", "\\xZZ", "\u0000", "\\\\", "\\x0", "\\n"])}
    elif t == "int":
        v = {"type": "int", "value": R.choice(["1" * 40, "-3", "x", "", "+5", " 5", "1_000", "0x10", "-0", "0" * 50, "9" * 5000, num()])}
    elif t == "str":
        v = {"type": "str", "value": R.choice([string(), num()])}
    elif t == "float":
        v = {"type": "float", "value": R.choice([1.5, "nan", "inf", "-inf", "1e999", num()])}
    else:
        v = {"type": t}
    if R.random() < .1:
        v[R.choice(["value", "items", "extra", "attrs"])] = val(d + 1)
    return v


def op():
    k = R.choice(["create", "create", "class", "assign", "link", "link", "unlink", "del", "collect", "sizeof",
                  "getrefcount", "id", "is", "eq", "len", "contains", "intern", "weakref", "deref", "gc", "batch"])
    if k == "create":
        b = {"name": R.choice(NAMES) if R.random() < .9 else string()}
        v = val()
        if isinstance(v, dict) and "type" in v and R.random() < .7:
            b.update(v)
        else:
            b["value"] = v
        if R.random() < .3:
            b["attrs"] = {R.choice(["x", "y"] + STRS): val() for _ in range(R.randint(0, 3))}
    elif k == "class":
        b = {"name": R.choice(["K", "S", "Q", "object", "list"] + STRS)}
        if R.random() < .5:
            b["slots"] = [R.choice(["x", "y", "__weakref__", "__dict__"] + STRS) for _ in range(R.randint(0, 3))] if R.random() < .9 else num()
        if R.random() < .5:
            b["finalizer"] = R.choice(["log", "resurrect", "bogus", None, num()])
    elif k == "assign":
        b = {"name": R.choice(NAMES) if R.random() < .9 else string(), "to": R.choice([ref(), val()])}
    elif k == "link":
        b = {"from": ref(), "to": R.choice([ref(), val()])}
        w = R.choice(["attr", "index", "key", "append", "add"])
        b[w] = {"attr": R.choice(["x", "y"] + STRS), "index": num(), "key": val(), "append": R.choice([True, False, 1, None]),
                "add": R.choice([True, False, 1, None])}[w]
        if R.random() < .05:
            b[R.choice(["attr", "index", "key", "append", "add"])] = val()
    elif k == "unlink":
        w = R.choice(["attr", "index", "key", "discard"])
        b = {"from": ref(), w: {"attr": R.choice(["x", "y"] + STRS), "index": num(), "key": val(), "discard": R.choice([ref(), val()])}[w]}
    elif k == "del":
        b = {"names": [R.choice(NAMES + STRS) for _ in range(R.randint(0, 4))]} if R.random() < .7 else {"name": R.choice(NAMES + [num()])}
    elif k == "collect":
        b = {"generation": num()} if R.random() < .8 else {}
    elif k in ("sizeof", "getrefcount", "id", "len", "deref"):
        b = {"ref": ref()}
        if k == "sizeof" and R.random() < .6:
            b["deep"] = R.choice([True, False, 1, 0, None, "true"])
    elif k in ("is", "eq"):
        b = {"a": ref(), "b": ref()}
    elif k == "contains":
        b = {"in": ref(), "key": val()}
    elif k == "intern":
        b = {"name": R.choice(NAMES), "value": R.choice([string(), num()])}
    elif k == "weakref":
        b = {"name": R.choice(NAMES), "target": R.choice([ref(), val()])}
        if R.random() < .7:
            b["callback"] = R.choice([True, False, 1, None, "x"])
    elif k == "gc":
        b = {}
        if R.random() < .5:
            b["enabled"] = R.choice([True, False, 1, None])
        if R.random() < .5:
            b["threshold"] = R.choice([[num(), num(), num()], [num()], [num(), num()], [1, 1, 1, 1], [], [0, 0, 0], [1, 0, 0],
                                       [2**31 - 1, 2**31, 0], [700, 10, 10], num()])
        if R.random() < .3:
            b["debug"] = R.choice([["saveall"], [], ["saveall", "saveall"], ["x"], "saveall", [num()], None])
        if R.random() < .3:
            b["freeze"] = R.choice([True, False, 1, None])
    else:
        ops = []
        for _ in range(R.randint(0, 6)):
            o, kk = op()
            if kk == "batch":
                continue
            o = dict(o)
            o["op"] = kk if R.random() < .95 else R.choice(["batch", "exec", "", num(), "create "])
            ops.append(o)
        b = {"ops": ops}
    if R.random() < .03:
        b[R.choice(["extra", "op", "name"])] = val()
    return b, k


def qval():
    return R.choice(["0", "1", "-1", "", "00", "+1", " 1", "1 ", "1e3", "0x10", str(2**63 - 1), str(2**63), str(2**64), "9" * 40,
                     "%00", "%31", "abc", "1.0", "full", "FULL", "%66ull", "\u00e9"])


def get_path(sid):
    w = R.choice(["", "/objects", "/graph", "/events", "/gc", "/script", "/objects/ID", "/objects/ID"])
    if "ID" in w:
        i = str(R.choice(ids) if ids and R.random() < .6 else qval())
        w = w.replace("ID", i if R.random() < .8 else i + R.choice(["/", "/x", "?", "#"]))
    q = []
    for _ in range(R.choice([0, 0, 1, 1, 2, 3])):
        key = R.choice(["after", "limit", "repr", "x", "", "after", "limit"])
        q.append(key + R.choice(["=", "=", "", "=="]) + qval())
    import urllib.parse
    return urllib.parse.quote("/v1/sessions/%s%s%s" % (sid, w, ("?" + "&".join(q)) if q or R.random() < .05 else ""), safe="/?&=%#+")


def snap(h, sid):
    out = []
    for p in ("", "/objects", "/gc", "/events?after=0"):
        st, _, b = h.request("GET", "/v1/sessions/%s%s" % (sid, p))
        out.append((p, st, b))
    return out


def consistent(h, sid):
    st, _, s = h.request("GET", "/v1/sessions/%s" % sid)
    if st != 200:
        return None
    objs, after = [], 0
    while True:
        st, _, o = h.request("GET", "/v1/sessions/%s/objects?after=%d" % (sid, after))
        objs += o["objects"]
        if not o["objects"] or "next" not in o and len(o["objects"]) < 7:
            break
        after = o["objects"][-1]["id"]
        if len(objs) > 5000:
            break
    probs = []
    if s["objects"] != len(objs):
        probs.append("summary objects %d vs listed %d" % (s["objects"], len(objs)))
    if s["bytes"] != sum(d["size"] for d in objs):
        probs.append("summary bytes %d vs listed %d" % (s["bytes"], sum(d["size"] for d in objs)))
    for n, i in s["names"].items():
        if i not in {d["id"] for d in objs} and not isinstance(i, int):
            probs.append("name %s" % n)
    return probs


def track_ids(ans):
    def walk(x):
        if isinstance(x, dict):
            if isinstance(x.get("id"), int) and "type" in x:
                ids.append(x["id"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(ans)
    del ids[:-200]


def sess_body():
    b = {}
    if R.random() < .8:
        b["python"] = R.choice(["3.10", "3.11", "3.12", "3.13"]) if R.random() < .8 else R.choice(
            ["3.9", "3.14", "3.11.0", 3.11, "", "\ud800", "3.11\u0000", None, "é" * 30, "3.1" + "1" * 50])
    if R.random() < .5:
        b["seed"] = R.choice([0, 7, 2**63 - 1, 2**62, 2**64 - 1, 2**32]) if R.random() < .8 else num()
    if R.random() < .4:
        b["stdout"] = R.choice(["pipe", "unbuffered"]) if R.random() < .8 else R.choice(["", "PIPE", None, 1, "\u0000pipe", "pipe\u0000"])
    if R.random() < .03:
        b["extra"] = 1
    return b


def new_session(h):
    while True:
        st, _, a = h.request("POST", "/v1/sessions", sess_body())
        if st == 201:
            sid = a["session"]
            break
        if st == 429:
            time.sleep(0.2)
        if st >= 500:
            print("FAIL 5xx session create", st, a)
    st, _, a = h.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": PALETTE})
    track_ids(a)
    return sid


from collections import Counter
STATS = Counter()
fails = 0
h = Heapd("--max-objects", os.environ.get("MO", "400"), "--max-bytes", os.environ.get("MB", "200000"), "--max-batch", "30",
          "--max-work", os.environ.get("MW", "200000"), "--max-page", os.environ.get("MP", "7"), "--max-repr", os.environ.get("MR", "64"), *os.environ.get("EXTRA", "").split(), binary=binary)
other = None
try:
    sid = new_session(h)
    other = new_session(h)  # foreign ids
    for i in range(N):
        if R.random() < .15:
            p = get_path(sid)
            t0 = time.time()
            st, _, ans = h.request("GET", p)
            if st >= 500 or time.time() - t0 > 2:
                print("FAIL GET", st, p, str(ans)[:300], time.time() - t0)
                fails += 1
            continue
        body, k = op()
        before = snap(h, sid)
        t0 = time.time()
        st, _, ans = h.request("POST", "/v1/sessions/%s/%s" % (sid, k), body)
        dt = time.time() - t0
        track_ids(ans)
        STATS[(k, st, (ans.get("error", {}).get("type") or ans.get("error", {}).get("code")) if isinstance(ans, dict) else None)] += 1
        if st >= 500 or dt > 2:
            print("FAIL", st, "%.2fs" % dt, k, json.dumps(body)[:800], str(ans)[:300])
            fails += 1
        code = ans.get("error", {}).get("code") if isinstance(ans, dict) else None
        refused = st in (400, 404, 405, 413, 429)
        if k == "batch" and isinstance(ans, dict) and (ans.get("index", 0) not in (0, None) or ans.get("error", {}).get("index", 0) not in (0, None)):
            refused = False
        if refused:
            after = snap(h, sid)
            for (p, s1, b1), (_, s2, b2) in zip(before, after):
                if (s1, b1) != (s2, b2):
                    print("FAIL changed", p, "after", st, code, k, json.dumps(body)[:800], ans)
                    print("   before", json.dumps(b1)[:400])
                    print("   after ", json.dumps(b2)[:400])
                    fails += 1
                    break
        if i % 25 == 0:
            pr = consistent(h, sid)
            if pr:
                print("FAIL inconsistent", pr, "after", k, json.dumps(body)[:500])
                fails += 1
        if h.proc.poll() is not None:
            print("FAIL server died", k, json.dumps(body))
            fails += 1
            break
        if R.random() < .01:
            h.request("DELETE", "/v1/sessions/%s" % sid)
            sid = new_session(h)
finally:
    rc = h.stop()
    log = open(h.log.name).read()
    if "Sanitizer" in log or "runtime error" in log or "panic" in log or "assert" in log.lower():
        print("FAIL sanitizer/log:\n", log[-4000:])
        fails += 1
print(sorted(STATS.items(), key=lambda x: -x[1])[:60])
print("seed", seed, "fails", fails, "rc", rc)
sys.exit(1 if fails or rc else 0)
