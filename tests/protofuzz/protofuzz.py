#!/usr/bin/env python3
"""protofuzz — randomized property/differential test of heapd's protocol
surface: what tests/difffuzz does not generate (its README, "Coverage of
API.md"). See README.md here.

    python3 tests/protofuzz/protofuzz.py --seconds 600 [--seed N] [--asan]
    python3 tests/protofuzz/protofuzz.py --replay tests/protofuzz/regressions/*.json

Each round starts one heapd with small, random limits (objects, bytes,
body, batch, sessions, repr, page; a random CORS origin), runs random
motifs against it and checks every answer (proto.Client.check); a finding
is written to tests/protofuzz/found/ with the round's flags and the
requests that led to it (a replayable case)."""
import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, os.path.join(ROOT, "tests", "difffuzz"))
sys.path.insert(0, HERE)

import proto  # noqa: E402
from proto import Failure  # noqa: E402
from heapd_proc import free_port, judge_env  # noqa: E402
import script as dscript  # noqa: E402  (value specs -> Python source)
import engine as dengine  # noqa: E402  (find_python)

VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
NAMES = ["a", "b", "c", "d", "l", "m", "n", "t", "s", "w", "x", "y"]
ATTRS = ["x", "y", "p", "next", "val"]


# ---------------------------------------------------------------------------
# a round's server

class Server:
    started = 0
    def __init__(self, rng, binary, asan, flags=None):
        self.flags = flags or {
            "max-objects": rng.choice([20, 40, 60, 100, 200, 400]),
            "max-bytes": rng.choice([1500, 3000, 6000, 12000, 30000, 80000]),
            "max-body": rng.choice([300, 700, 1500, 4000, 9000]),
            "max-batch": rng.choice([3, 8, 20, 60]),
            "max-sessions": rng.choice([2, 3, 5, 8]),
            "max-client-sessions": rng.choice([2, 4, 100]),
            "max-repr": rng.choice([16, 40, 100, 1000]),
            "max-page": rng.choice([1, 3, 7, 50]),
            "cors-origin": rng.choice(["*", "*", "https://example.org"]),
            # a budget some statements reach (422 budget: the statement did nothing, as its twin)
            "max-work": rng.choice([20000, 60000, 300000, 100000000, 100000000, 100000000]),
        }
        self.port = free_port()
        Server.started += 1
        self.log_path = "/tmp/protofuzz/heapd-%d-%d-%d.log" % (os.getpid(), Server.started, self.port)
        os.makedirs("/tmp/protofuzz", exist_ok=True)
        cmd = [binary, "--port", str(self.port), "--threads", "2", "--workers", "2"]
        for k, v in self.flags.items():
            cmd += ["--" + k, str(v)]
        self.log = open(self.log_path, "w")
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23")
        self.proc = subprocess.Popen(cmd, stderr=self.log, env=env)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("heapd exited at start: %s" % open(self.log_path).read()[-2000:])
            if proto.port_alive(self.port):
                break
            time.sleep(0.05)
        self.asan = asan

    def limit(self, k):
        return int(self.flags[k])

    def alive(self):
        return self.proc.poll() is None

    def sanitizer_report(self):
        if not os.path.exists(self.log_path):
            return None  # stop() removed a clean log
        text = open(self.log_path, errors="replace").read()
        m = re.search(r"(ERROR: AddressSanitizer.*|runtime error:.*|ERROR: LeakSanitizer.*|heap_check failed.*|"
                      r"assertion failed.*|Assertion `.*|Fatal error in GNU libmicrohttpd.*|internal error.*)", text)
        return (m.group(0), text[max(0, m.start() - 200):m.start() + 3000]) if m else None

    def log_tail(self, n=3000):
        """the end of heapd's stderr (kept by stop() whenever it did not exit cleanly)"""
        try:
            return open(self.log_path, errors="replace").read()[-n:]
        except OSError:
            return "(no log)"

    def stop(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -9
        self.log.close()
        if rc in (0, -15) and not self.sanitizer_report():
            os.unlink(self.log_path)  # kept only when something went wrong
        return rc


# ---------------------------------------------------------------------------
# values and statements (a rough model of what each name holds)

def rand_str(rng, n):
    alphabet = rng.choice(["ab", "xyz0123456789", "é€", "😀a", "ab cd"])
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_scalar(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice([0, 1, -5, 256, 257, 1000, 2 ** 40, -(2 ** 62)])
    if r < 0.4:
        return rng.choice([0.5, 1e100, -2.25])
    if r < 0.6:
        return rand_str(rng, rng.choice([0, 1, 3, 20, 200]))
    if r < 0.7:
        return rng.choice([None, True, False])
    if r < 0.8:
        return {"type": "int", "value": str(rng.randrange(10 ** rng.randint(1, 80)))}
    if r < 0.9:
        return {"type": "bytes", "value": rand_str(rng, rng.randint(0, 30)).encode("ascii", "replace").decode()}
    return {"type": "str", "value": rand_str(rng, rng.randint(0, 60))}


def rand_value(rng, depth=0, size=None):
    """A value spec of plain data (no references): reprs CPython can check."""
    if depth > 3 or rng.random() < 0.35:
        return rand_scalar(rng)
    n = size if size is not None else rng.choice([0, 1, 2, 3, 5, 10, 30, 100])
    kind = rng.choice(["list", "tuple", "dict", "set", "frozenset", "plain"])
    if kind == "plain":
        return [rand_value(rng, depth + 1) for _ in range(n)]
    if kind == "dict":
        items = [[rand_hashable(rng), rand_value(rng, depth + 1)] for _ in range(n)]
        return {"type": "dict", "items": items}
    if kind in ("set", "frozenset"):
        return {"type": kind, "value": [rand_hashable(rng) for _ in range(n)]}
    return {"type": kind, "value": [rand_value(rng, depth + 1) for _ in range(n)]}


def rand_hashable(rng):
    r = rng.random()
    if r < 0.4:
        return rng.randrange(-10, 10 ** rng.randint(1, 12))
    if r < 0.8:
        return rand_str(rng, rng.randint(0, 12))
    if r < 0.9:
        return {"type": "tuple", "value": [rng.randrange(100), rand_str(rng, 2)]}
    return rng.choice([None, True, 1.5])


class Model:
    """What the fuzzer believes each name holds: 'list', 'dict', 'set',
    'inst', 'class', 'weak', 'other'."""

    def __init__(self):
        self.names = {}
        self.classes = []

    def bound(self, kind=None):
        return [n for n, k in self.names.items() if kind is None or k == kind]


def kind_of_spec(v):
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict) and "type" in v:
        return {"list": "list", "dict": "dict", "set": "set"}.get(v["type"], "inst" if v["type"][:1].isupper()
                                                                   and v["type"] not in ("WeakSet",) else "other")
    return "other"


def rand_op(rng, m, grow=0.7):
    """One operation of the JSON API, mostly meaningful for the model."""
    r = rng.random()
    names = m.bound()
    if r < grow:
        c = rng.random()
        if c < 0.35 or not names:
            name = rng.choice(NAMES)
            if m.classes and rng.random() < 0.3:
                op = {"op": "create", "name": name, "type": rng.choice(m.classes)}
                if rng.random() < 0.5:
                    op["attrs"] = {rng.choice(ATTRS): rand_value(rng, 1) for _ in range(rng.randint(1, 3))}
                if rng.random() < 0.2:  # instances made after the name is bound (a budget reached there)
                    op.setdefault("attrs", {})[rng.choice(ATTRS)] = [{"type": rng.choice(m.classes)}] * rng.randint(1, 400)
                return op
            v = rand_value(rng)
            if isinstance(v, dict):
                return dict(v, op="create", name=name)
            return {"op": "create", "name": name, "value": v}
        if c < 0.45:
            cname = rng.choice(["N", "P", "Q"])
            op = {"op": "class", "name": cname}
            if rng.random() < 0.3:
                op["slots"] = rng.choice([["x"], ["x", "__weakref__"], ["__dict__"]])
            if rng.random() < 0.3:
                op["finalizer"] = rng.choice(["log", "resurrect"])
            return op
        if c < 0.65 and m.bound("list"):
            return {"op": "link", "from": rng.choice(m.bound("list")), "append": True,
                    "to": rng.choice([rand_value(rng, 2), {"ref": rng.choice(names)}, 1])}
        if c < 0.72 and m.bound("set"):
            return {"op": "link", "from": rng.choice(m.bound("set")), "add": True, "to": rand_hashable(rng)}
        if c < 0.82 and m.bound("dict"):
            return {"op": "link", "from": rng.choice(m.bound("dict")), "key": rand_hashable(rng),
                    "to": rand_value(rng, 2)}
        if c < 0.9 and m.bound("inst"):
            return {"op": "link", "from": rng.choice(m.bound("inst")), "attr": rng.choice(ATTRS),
                    "to": rng.choice([rand_value(rng, 2), rng.choice(names)])}
        if c < 0.95:
            return {"op": "weakref", "name": rng.choice(NAMES), "target": rng.choice(names + ["a"]),
                    "callback": rng.random() < 0.5}
        return {"op": "create", "name": rng.choice(NAMES),
                "type": rng.choice(["WeakValueDictionary", "WeakKeyDictionary", "WeakSet", "object"])}
    c = rng.random()
    target = rng.choice(names) if names else "a"
    if c < 0.3:
        return {"op": "del", "names": rng.sample(names, min(len(names), rng.randint(1, 3)))} if names else \
            {"op": "collect"}
    if c < 0.4:
        return {"op": "collect", "generation": rng.choice([0, 1, 2])}
    if c < 0.5 and m.bound("list"):
        return {"op": "unlink", "from": rng.choice(m.bound("list")), "index": rng.choice([0, -1])}
    if c < 0.55 and m.bound("inst"):
        return {"op": "unlink", "from": rng.choice(m.bound("inst")), "attr": rng.choice(ATTRS)}
    if c < 0.6:
        return {"op": "gc", "enabled": rng.random() < 0.5}
    if c < 0.65:
        return {"op": "assign", "name": rng.choice(NAMES), "to": target}
    return rng.choice([{"op": "sizeof", "ref": target, "deep": rng.random() < 0.5},
                       {"op": "getrefcount", "ref": target}, {"op": "id", "ref": target},
                       {"op": "len", "ref": target}, {"op": "is", "a": target, "b": rng.choice(names or ["a"])},
                       {"op": "eq", "a": target, "b": rng.choice(names or ["a"])},
                       {"op": "contains", "in": target, "key": rand_hashable(rng)},
                       {"op": "deref", "ref": target}, {"op": "intern", "name": "s", "value": rand_str(rng, 5)}])


FREEING = {"del", "collect", "unlink", "sizeof", "getrefcount", "id", "is", "len", "gc"}  # unlink: attr/index


def apply_model(m, op):
    """The model after op ran (200)."""
    o = op["op"]
    if o == "create":
        t = op.get("type")
        if t and t in m.classes:
            m.names[op["name"]] = "inst"
        elif t in ("WeakValueDictionary", "WeakKeyDictionary", "WeakSet"):
            m.names[op["name"]] = "weak"
        else:
            m.names[op["name"]] = kind_of_spec(op.get("value", op))
    elif o == "class":
        m.names[op["name"]] = "class"
        if op.get("finalizer") == "resurrect":
            m.names["_resurrected"] = "list"
        if op["name"] not in m.classes:
            m.classes.append(op["name"])
    elif o in ("assign",):
        m.names[op["name"]] = m.names.get(op["to"], "other") if isinstance(op["to"], str) else "other"
    elif o in ("weakref", "intern"):
        m.names[op["name"]] = "other"
    elif o == "del":
        for n in op.get("names", [op.get("name")]):
            m.names.pop(n, None)


# ---------------------------------------------------------------------------
# motifs: each takes (ctx) and raises Failure on a finding

class Ctx:
    def __init__(self, rng, server, client, log):
        self.rng = rng
        self.server = server
        self.c = client
        self.log = log           # the requests of this motif, for the finding
        self.repr_checks = []    # (version, python source, heapd's full repr, heapd's size)
        self.no_room = 0         # sessions refused for the cap (a motif that found no room does little)

    def session(self, version=None, seed=None):
        body = {}
        if version:
            body["python"] = version
        if seed is not None:
            body["seed"] = seed
        a = self.c.call("POST", "/v1/sessions", body)
        if a.status == 429:
            self.no_room += 1
            return None
        if a.status != 201:
            raise Failure("session", "creation answered %d %s" % (a.status, a.raw[:300]))
        j = a.json
        if j["python"] != (version or "3.11"):
            raise Failure("session", "python %r for %r" % (j["python"], version))
        for k, flag in (("objects", "max-objects"), ("bytes", "max-bytes"), ("batch", "max-batch"),
                        ("body", "max-body"), ("repr", "max-repr")):
            if j["limits"].get(k) != self.server.limit(flag):
                raise Failure("session", "limits.%s is %r, the server's flag %s" % (k, j["limits"].get(k), flag))
        return j["session"]

    def delete(self, sid):
        self.c.call("DELETE", "/v1/sessions/" + sid, expect={204, 404})


def strip(answer_json):
    """An answer without what names the request itself."""
    if isinstance(answer_json, dict):
        return {k: v for k, v in answer_json.items() if k != "python"}
    return answer_json


def grow_op(rng, m):
    """Insertions into the containers a session holds (appends of a
    reference, small ints as keys, set members): no new objects, only
    tables that resize."""
    if not m.bound("list") or rng.random() < 0.05:
        return rng.choice([{"op": "create", "name": "l", "value": []},
                           {"op": "create", "name": "d", "type": "dict", "value": {}},
                           {"op": "create", "name": "t", "type": "set", "value": []},
                           {"op": "create", "name": "n", "value": rng.randrange(10 ** 6, 10 ** 7)}])
    c = rng.random()
    if c < 0.5:
        return {"op": "link", "from": "l", "append": True, "to": rng.choice([1, None, "l", {"ref": "l"}])}
    if c < 0.75 and "d" in m.names:
        return {"op": "link", "from": "d", "key": rng.randrange(-5, 257), "to": rng.choice([None, 1, "l"])}
    if c < 0.95 and "t" in m.names:
        return {"op": "link", "from": "t", "add": True, "to": rng.randrange(-5, 257)}
    return rand_op(rng, m, grow=0.3)


def m_grow(ctx):
    """m_limits with statements that only grow existing containers."""
    m_limits(ctx, grow_op)


def m_limits(ctx, gen=None):
    """Twin sessions with one seed: A gets every statement (single, batch or
    exec), B only what A applied. A 429 must name objects/bytes and leave A
    exactly as B (a full snapshot); a 200 must keep A within its limits and
    answer exactly as B did (seed determinism); freeing statements are never
    refused for a quota."""
    rng = ctx.rng
    version = rng.choice(VERSIONS)
    seed = rng.randrange(2 ** 31)
    a = ctx.session(version, seed)
    b = ctx.session(version, seed)
    if not a or not b:
        for s in (a, b):
            if s:
                ctx.delete(s)
        return
    max_obj, max_bytes = ctx.server.limit("max-objects"), ctx.server.limit("max-bytes")
    steps = rng.randint(5, 40) if gen is None else rng.randint(20, 120)
    page = rng.choice([None, 2, 5])
    page = page and min(page, ctx.server.limit("max-page"))
    m = Model()
    try:
        for step in range(steps):
            kind = rng.random()
            names_before = dict(m.names), list(m.classes)
            one = gen or (lambda r, mm: rand_op(r, mm, grow=0.75))
            if kind < 0.6:
                ops = [one(rng, m)]
                batch = False
            else:
                ops = []
                for _ in range(rng.randint(1, ctx.server.limit("max-batch"))):
                    ops.append(one(rng, m))
                    if ops[-1]["op"] == "create":
                        apply_model(m, ops[-1])  # later members may use it; a refusal is undone below
                batch = True
            body = {"ops": ops} if batch else {k: v for k, v in ops[0].items() if k != "op"}
            if len(json.dumps(body)) > ctx.server.limit("max-body"):
                continue
            before = proto.snapshot(ctx.c, a, page) if rng.random() < 0.5 or step < 3 else None
            ra = ctx.c.post(a, "batch" if batch else ops[0]["op"], body)
            ctx.log.append(("A", ra.status, ra.error().get("index"), ra.error().get("limit"), ra.error().get("type"),
                            "batch" if batch else ops[0]["op"], body))
            applied = ops
            budget = ra.status == 422 and ra.error().get("code") == "budget"
            if ra.status == 429 or budget:
                err = ra.error()
                if not budget and err.get("limit") not in ("objects", "bytes"):
                    raise Failure("limit", "a statement refused for %r" % err.get("limit"), body, ra.raw[:1000])
                k = err.get("index", 0) if batch else 0
                if batch and (not isinstance(ra.json["error"].get("results"), list) or
                              len(ra.json["error"]["results"]) != k):
                    raise Failure("limit", "batch 429 at index %r with %r results" % (
                        k, len(ra.json["error"].get("results") or [])), body, ra.raw[:1000])
                if ops[k]["op"] in FREEING and not budget:
                    raise Failure("limit-freeing", "%r refused with 429 %s (a statement that makes nothing)" % (
                        ops[k], err.get("limit")), body, ra.raw[:1000])
                applied = ops[:k]
            elif ra.status == 200 or (ra.status in (400, 404, 422) and batch and "index" in ra.error()):
                # a malformed op (400), a dead id (404) or a raise (422) stops the batch at index:
                # the ops before it ran (API.md), and a statement that raised ran up to the raise
                if ra.status != 200:
                    applied = ops[:ra.error()["index"] + (1 if ra.status == 422 else 0)]
            else:
                applied = [] if ra.status in (400, 404) else ops
            # B runs what A applied, one batch (or the single op)
            if applied:
                if batch:
                    rb = ctx.c.post(b, "batch", {"ops": applied})
                else:
                    rb = ctx.c.post(b, ops[0]["op"], body)
                ctx.log.append(("B", rb.status, rb.error().get("index"), "batch" if batch else ops[0]["op"], applied))
                if ra.status in (200, 422) and (len(applied) == len(ops)):
                    if ra.status != rb.status or strip(ra.json) != strip(rb.json) and not (
                            ra.status == 422 and strip(ra.json.get("error")) == strip(rb.json.get("error"))):
                        raise Failure("seed", "the same statements in two sessions of seed %d answered differently:"
                                      " %s / %s" % (seed, ra.raw[:600], rb.raw[:600]), body)
                if rb.status == 429:
                    raise Failure("limit", "B refused what A applied", applied, rb.raw[:600])
            m.names, m.classes = names_before
            for op in applied:
                apply_model(m, op)
            summary = ctx.c.get("/v1/sessions/%s" % a, expect=200).json
            if summary["objects"] > max_obj or summary["bytes"] > max_bytes:
                raise Failure("limit-exceeded", "after %d %s the session holds %d objects (max %d), %d bytes (max %d)"
                              % (ra.status, "batch" if batch else ops[0]["op"], summary["objects"], max_obj,
                                 summary["bytes"], max_bytes), body, ra.raw[:600])
            if before is not None and (ra.status == 429 or budget) and not applied:
                after = proto.snapshot(ctx.c, a, page)
                d = proto.diff_snap(before, after)
                if d:
                    raise Failure("limit-changed", "a refused statement changed the heap: %s" % d, body, ra.raw[:600])
            if ra.status == 429 or budget or rng.random() < 0.25:
                sa, sb = proto.snapshot(ctx.c, a, page), proto.snapshot(ctx.c, b, page)
                d = proto.diff_snap(sb, sa)
                if d:
                    raise Failure("limit-changed" if ra.status == 429 or budget else "seed",
                                  "session A differs from its twin B (what A applied): %s" % d, body, ra.raw[:600])
    finally:
        ctx.delete(a)
        ctx.delete(b)


def m_exec_limits(ctx):
    """POST .../exec (both modes, text or JSON) under the quotas: a statement
    that would cross one is 429 with what ran before it kept."""
    rng = ctx.rng
    version = rng.choice(VERSIONS)
    sid = ctx.session(version, rng.randrange(1000))
    if not sid:
        return
    max_obj, max_bytes = ctx.server.limit("max-objects"), ctx.server.limit("max-bytes")
    try:
        for _ in range(rng.randint(2, 10)):
            lines = []
            for _ in range(rng.randint(1, 6)):
                n = rng.choice([1, 5, 20, 100])
                lines.append(rng.choice([
                    "x%d = [%s]" % (rng.randrange(5), ", ".join("[%d]" % i for i in range(n))),
                    "s%d = %r" % (rng.randrange(5), "q" * rng.choice([10, 500, 5000])),
                    "d%d = {%s}" % (rng.randrange(5), ", ".join("%d: 'v%d'" % (i, i) for i in range(n))),
                    "del x%d" % rng.randrange(5),
                    "import gc\ngc.collect()",
                ]))
            src = "\n".join(lines) + "\n"
            mode = rng.choice(["module", "statements"])
            if rng.random() < 0.5:
                body, hdr = {"source": src, "mode": mode}, None
            else:
                body, hdr = src, {"Content-Type": "text/x-python"}
            if len(json.dumps(body) if isinstance(body, dict) else body) > ctx.server.limit("max-body"):
                continue
            before = proto.snapshot(ctx.c, sid)
            r = ctx.c.post(sid, "exec", body, headers=hdr)
            ctx.log.append(("exec", body, r.status))
            summary = ctx.c.get("/v1/sessions/%s" % sid, expect=200).json
            if summary["objects"] > max_obj or summary["bytes"] > max_bytes:
                raise Failure("limit-exceeded", "after exec (%d) the session holds %d objects (max %d), %d bytes "
                              "(max %d)" % (r.status, summary["objects"], max_obj, summary["bytes"], max_bytes),
                              body, r.raw[:600])
            if r.status == 429 and r.error().get("limit") in ("objects", "bytes") and not r.json["error"].get(
                    "results"):
                after = proto.snapshot(ctx.c, sid)
                if isinstance(body, dict) and mode == "statements":  # module mode made the unit's constants
                    d = proto.diff_snap(before, after)
                    if d:
                        raise Failure("limit-changed", "exec refused at its first statement changed the heap: %s"
                                      % d, body, r.raw[:600])
    finally:
        ctx.delete(sid)


def m_exec_body_types(ctx):
    """POST .../exec's JSON form sent as application/json, with curl -d's form
    type and with no type at all: heapd looks at a body of neither a JSON nor
    a text type and must read it as the JSON form reads it (found by make
    coverage: a "source" holding \\u0000 or a lone surrogate, or a field with
    an int past int64, made the JSON text itself run as Python). Twin sessions
    of one seed, one per type: the same status, answer and names."""
    rng = ctx.rng
    version, seed = rng.choice(VERSIONS), rng.randrange(1000)
    pieces = ["x = 1\n", "y = [1, 2]\nz = y\n", "x = 1\x00\n", "s = '\ud800'\n", "print('a\\u0000b')\n",
              "del nope\n", "x = (\n", "import gc\ngc.collect()\n", "d = {'source': 1}\n", "# \u00e9\n"]
    fields = {"source": "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))}
    mode = rng.choice([None, None, "module", "statements", 99999999999999999999, 1, "nope"])
    if mode is not None:
        fields["mode"] = mode
    if rng.random() < 0.15:
        fields[rng.choice(["x", "op", "python"])] = rng.choice([1, "x", 18446744073709551616])
    text = rng.choice(["", " ", "\n\t"]) + json.dumps(fields)  # ASCII: a lone surrogate as its escape
    seen = []
    for hdr in ({"Content-Type": "application/json"}, {"Content-Type": "application/x-www-form-urlencoded"}, {}):
        sid = ctx.session(version, seed)
        if not sid:
            return
        try:
            r = ctx.c.call("POST", "/v1/sessions/%s/exec" % sid, text.encode(), headers=hdr)
            ctx.log.append(("exec", text, hdr, r.status))
            names = ctx.c.get("/v1/sessions/%s" % sid, expect=200).json["names"]
            seen.append((hdr, r.status, r.json, names))
        finally:
            ctx.delete(sid)
    for hdr, status, answer, names in seen[1:]:
        if (status, answer, names) != seen[0][1:]:
            raise Failure("exec-body-type", "the JSON form with %r answered %d %s (names %s), with application/json "
                          "%d %s (names %s)" % (hdr, status, json.dumps(answer)[:300], names, seen[0][1],
                                               json.dumps(seen[0][2])[:300], seen[0][3]), text)


def m_sessions(ctx):
    """Session options: every version, unknown ones (400 naming the
    supported ones), bodies of the wrong shape; the session cap (429
    sessions, then room again after a DELETE)."""
    rng = ctx.rng
    made = []
    try:
        for _ in range(rng.randint(3, 12)):
            r = rng.random()
            if r < 0.4:
                body = {}
                if rng.random() < 0.8:
                    body["python"] = rng.choice(VERSIONS)
                if rng.random() < 0.5:
                    body["seed"] = rng.choice([0, 1, 7, 2 ** 31, 2 ** 62])
                a = ctx.c.call("POST", "/v1/sessions", body, expect={201, 429})
                if a.status == 201:
                    if a.json["python"] != body.get("python", "3.11"):
                        raise Failure("session", "asked %r, got %r" % (body, a.json["python"]))
                    made.append(a.json["session"])
                    if not re.match(r"^[A-Za-z0-9_-]{22,}$", a.json["session"]):
                        raise Failure("session", "id %r is not 128+ bits URL-safe" % a.json["session"])
                elif a.error().get("limit") != "sessions":
                    raise Failure("session", "429 without limit sessions: %s" % a.raw)
            elif r < 0.7:
                bad = rng.choice(["2.7", "3.9", "3.14", "3", "3.11.7", "", "python3", "3.1", "4.0", " 3.11",
                                  "3.11 ", "３.11", "3.1O", "3.10.0", "cpython"])
                a = ctx.c.call("POST", "/v1/sessions", {"python": bad}, expect=400)
                msg = a.error().get("message", "")
                if not all(v in msg for v in VERSIONS):
                    raise Failure("session", "400 for python %r does not name the supported versions: %s" % (
                        bad, msg))
            else:
                body = rng.choice([
                    {"python": 3.11}, {"python": 311}, {"python": None}, {"python": ["3.11"]}, {"seed": -1},
                    {"seed": "7"}, {"seed": 1.5}, {"seed": True}, {"seed": None}, {"seed": 2 ** 64},
                    {"seed": 1e300}, {"extra": 1}, {"python": "3.11", "seeds": 1}, [], "3.11", 7, None,
                    "{\"python\": \"3.11\"", "{\"python\": \"3.11\", \"python\": \"3.12\"}", "{}x",
                ])
                raw = body if isinstance(body, str) and body.startswith("{") else json.dumps(body)
                ctx.c.call("POST", "/v1/sessions", raw, headers={"Content-Type": "application/json"}, expect=400)
        # the cap: fill it, then one more, then room again after a DELETE
        cap = min(ctx.server.limit("max-sessions"), ctx.server.limit("max-client-sessions"))
        while True:
            a = ctx.c.call("POST", "/v1/sessions", {}, expect={201, 429})
            if a.status == 429:
                break
            made.append(a.json["session"])
            if len(made) > cap + 1:
                raise Failure("session", "more than %d sessions were made" % cap)
        if a.error().get("limit") != "sessions":
            raise Failure("session", "the cap answered %s" % a.raw)
        if made:
            victim = made.pop(rng.randrange(len(made)))
            ctx.c.call("DELETE", "/v1/sessions/" + victim, expect=204)
            a = ctx.c.call("POST", "/v1/sessions", {}, expect=201)
            made.append(a.json["session"])
    finally:
        for s in made:
            ctx.delete(s)


def every_endpoint(sid):
    out = [("GET", "/v1/sessions/%s" % sid), ("DELETE", "/v1/sessions/%s" % sid),
           ("POST", "/v1/sessions/%s" % sid), ("GET", "/v1/sessions/%s/gc" % sid),
           ("GET", "/v1/sessions/%s/objects" % sid), ("GET", "/v1/sessions/%s/objects/1" % sid),
           ("GET", "/v1/sessions/%s/graph" % sid), ("GET", "/v1/sessions/%s/events?after=0" % sid),
           ("GET", "/v1/sessions/%s/script" % sid), ("POST", "/v1/sessions/%s/exec" % sid),
           ("POST", "/v1/sessions/%s/batch" % sid), ("GET", "/v1/sessions/%s/create" % sid),
           ("POST", "/v1/sessions/%s/nope" % sid)]
    out += [("POST", "/v1/sessions/%s/%s" % (sid, op)) for op in proto.OPS]
    return out


def m_delete(ctx):
    """DELETE: 204 with no body; then every endpoint of the id answers 404
    (whatever the method), and a second DELETE is 404 too; other sessions
    are untouched."""
    rng = ctx.rng
    keep = ctx.session(rng.choice(VERSIONS))
    sid = ctx.session(rng.choice(VERSIONS))
    try:
        if not sid or not keep:
            return
        ctx.c.post(keep, "create", {"name": "k", "value": [1, 2]}, expect=200)
        before = proto.snapshot(ctx.c, keep)
        m = Model()
        for _ in range(rng.randint(0, 5)):
            op = rand_op(rng, m)
            r = ctx.c.post(sid, op["op"], {k: v for k, v in op.items() if k != "op"})
            if r.status == 200:
                apply_model(m, op)
        ctx.c.call("DELETE", "/v1/sessions/" + sid, body=rng.choice([None, b"", b"{}"]), expect=204)
        eps = every_endpoint(sid)
        rng.shuffle(eps)
        for method, path in eps:
            body = {"name": "a", "value": 1} if method == "POST" else None
            a = ctx.c.call(method, path, body, expect=404)
            if a.error().get("code") != "not_found":
                raise Failure("delete", "%s %s of a deleted session: %s" % (method, path, a.raw))
        after = proto.snapshot(ctx.c, keep)
        if proto.diff_snap(before, after):
            raise Failure("delete", "deleting one session changed another: %s" % proto.diff_snap(before, after))
    finally:
        for s in (sid, keep):
            if s:
                ctx.delete(s)


def m_too_large(ctx):
    """413 on every endpoint for a body over --max-body (with
    Content-Length or chunked), and nothing changed; a body of exactly the
    limit is not refused for its size."""
    rng = ctx.rng
    sid = ctx.session(rng.choice(VERSIONS))
    if not sid:
        return
    limit = ctx.server.limit("max-body")
    try:
        ctx.c.post(sid, "create", {"name": "a", "value": [1, [2]]}, expect=200)
        before = proto.snapshot(ctx.c, sid)
        eps = every_endpoint(sid) + [("POST", "/v1/sessions"), ("GET", "/healthz"), ("GET", "/metrics"),
                                     ("GET", "/v1/openapi.json"), ("POST", "/healthz"), ("GET", "/nope"),
                                     ("POST", "/v1/sessions/NOSUCHSESSION/create"), ("PUT", "/v1/sessions"),
                                     ("OPTIONS", "/v1/sessions/%s/create" % sid)]
        eps = [e for e in eps if e[0] != "DELETE"] + [("DELETE", "/v1/sessions/%s" % sid)]
        for method, path in eps:
            over = rng.choice([1, 2, 100, limit, 5000])
            if path.endswith("/batch"):
                body = '{"ops": [' + ",".join(['{"op": "create", "name": "z", "value": 1}'] * (limit // 30 + 2)) + "]}"
                body = body.encode()
                if len(body) <= limit:
                    continue
            elif path.endswith("/exec") and rng.random() < 0.5:
                body = ("z = [" + "1, " * (limit // 3 + over) + "]\n").encode()
            else:
                pad = " " * (limit + over - 20)
                body = ('{"name": "z",%s"value": 1}' % pad).encode()
            hdr = {"Content-Type": "text/x-python" if path.endswith("/exec") and body[:1] == b"z"
                   else "application/json"}
            a = ctx.c.call(method, path, body, headers=hdr, chunked=rng.random() < 0.3, expect=413)
            ctx.log.append((method, path, len(body), a.status))
        after = proto.snapshot(ctx.c, sid)
        d = proto.diff_snap(before, after)
        if d:
            raise Failure("too-large", "413s changed the session: %s" % d)
        # exactly the limit: not a 413
        pad = " " * max(0, limit - len('{"name": "z", "value": 7}'))
        body = ('{"name": "z",%s "value": 7}' % pad).encode()
        if len(body) == limit:
            a = ctx.c.call("POST", "/v1/sessions/%s/create" % sid, body, expect={200, 429})
    finally:
        ctx.delete(sid)


def m_cors(ctx):
    """OPTIONS preflight on any path answers with the CORS headers (checked
    by the client for every answer) and no body."""
    rng = ctx.rng
    sid = ctx.session()
    try:
        paths = ["/v1/sessions", "/healthz", "/metrics", "/v1/openapi.json", "/nope", "/v1/sessions/xyz/create"]
        if sid:
            paths += [p for _, p in every_endpoint(sid)]
        for p in rng.sample(paths, min(len(paths), 6)):
            hdr = {"Origin": "https://other.example", "Access-Control-Request-Method": rng.choice(
                ["GET", "POST", "DELETE"]), "Access-Control-Request-Headers": "content-type"}
            a = ctx.c.call("OPTIONS", p, headers=hdr)
            if a.status not in (200, 204):
                raise Failure("cors", "preflight of %s answered %d" % (p, a.status))
        # wrong methods: 405 with Allow (and CORS, checked)
        for method, path in [("PUT", "/v1/sessions"), ("GET", "/v1/sessions"), ("POST", "/healthz"),
                             ("DELETE", "/metrics"), ("POST", "/v1/openapi.json"), ("PATCH", "/healthz")] + (
                [("PUT", "/v1/sessions/%s" % sid), ("POST", "/v1/sessions/%s" % sid),
                 ("GET", "/v1/sessions/%s/create" % sid), ("POST", "/v1/sessions/%s/objects" % sid),
                 ("DELETE", "/v1/sessions/%s/gc" % sid), ("POST", "/v1/sessions/%s/script" % sid),
                 ("GET", "/v1/sessions/%s/exec" % sid)] if sid else []):
            ctx.c.call(method, path, expect=405)
    finally:
        if sid:
            ctx.delete(sid)


def m_endpoints(ctx):
    """/healthz, /metrics (Prometheus text format, counters that only grow,
    the sessions gauge right), /v1/openapi.json (OpenAPI 3.1 JSON)."""
    c = ctx.c
    h = c.get("/healthz", expect=200)
    if not isinstance(h.json, dict):
        raise Failure("healthz", "not JSON: %r" % h.raw)
    m1 = c.get("/metrics", expect=200)
    if not m1.headers.get("content-type", "").startswith("text/plain"):
        raise Failure("metrics", "content type %r" % m1.headers.get("content-type"))
    try:
        f1 = proto.parse_prometheus(m1.raw)
    except ValueError as e:
        raise Failure("metrics", "not Prometheus text format: %s" % e, None, m1.raw[:2000])
    sid = ctx.session()
    m2 = c.get("/metrics", expect=200)
    try:
        f2 = proto.parse_prometheus(m2.raw)
    except ValueError as e:
        raise Failure("metrics", "not Prometheus text format: %s" % e, None, m2.raw[:2000])
    for fam, f in f1.items():
        if f["type"] in ("counter", "histogram"):
            s1 = {(n, tuple(sorted(lab.items()))): v for n, lab, v in f["samples"]}
            s2 = {(n, tuple(sorted(lab.items()))): v for n, lab, v in f2.get(fam, {"samples": []})["samples"]}
            for k, v in s1.items():
                if s2.get(k, -1) < v:
                    raise Failure("metrics", "counter %s went from %r to %r" % (k, v, s2.get(k)))
    n1 = c.get("/v1/openapi.json", expect=200)
    if not isinstance(n1.json, dict) or not str(n1.json.get("openapi", "")).startswith("3.1"):
        raise Failure("openapi", "GET /v1/openapi.json is not an OpenAPI 3.1 document")
    if n1.json != proto.OPENAPI:
        raise Failure("openapi", "the served document is not api/openapi.json")
    if sid:
        ctx.delete(sid)


def m_queries(ctx):
    """Query options: paging of objects and graph (pages concatenate to the
    whole, next/after), events?after=, ?repr=full (CPython's repr, checked
    later), bad and unknown parameters (400, nothing changed)."""
    rng = ctx.rng
    version = rng.choice(VERSIONS)
    sid = ctx.session(version)
    if not sid:
        return
    made = []
    try:
        for i in range(rng.randint(1, 4)):
            v = rand_value(rng, 0, rng.choice([3, 10, 40]))
            body = dict(v, name="v%d" % i) if isinstance(v, dict) else {"name": "v%d" % i, "value": v}
            if len(json.dumps(body)) > ctx.server.limit("max-body"):
                continue
            r = ctx.c.post(sid, "create", body)
            if r.status != 200:
                continue
            d = r.json["result"]
            full = ctx.c.get("/v1/sessions/%s/objects/%d?repr=full" % (sid, d["id"]), expect=200).json
            if full.get("repr_truncated"):
                raise Failure("repr", "?repr=full still truncated")
            if d.get("repr_truncated"):
                if len(d["repr"]) > ctx.server.limit("max-repr") + 8:
                    raise Failure("repr", "a truncated repr of %d chars (max-repr %d)" % (
                        len(d["repr"]), ctx.server.limit("max-repr")))
                if not full["repr"].startswith(d["repr"].rstrip(".…")[:max(0, len(d["repr"]) - 4)]):
                    raise Failure("repr", "the cut repr is not a prefix of the full one: %r / %r" % (
                        d["repr"][:80], full["repr"][:80]))
            else:
                if full["repr"] != d["repr"]:
                    raise Failure("repr", "?repr=full differs from an uncut repr")
            src = dscript.typed(v) if isinstance(v, dict) else dscript.value(v)
            made.append(("v%d" % i, src, full["repr"], full["size"], full["type"]))
        if made:
            # one check per session: its statements replayed in order (a set's order can depend on
            # what ran before: an interned str used as a dict key first, 3.10 and 3.11)
            ctx.repr_checks.append((version, made))
        snap = proto.snapshot(ctx.c, sid)
        whole = proto.snapshot(ctx.c, sid, page=None)
        for page in sorted({1, min(2, ctx.server.limit("max-page")), min(3, ctx.server.limit("max-page"))}):
            p = proto.snapshot(ctx.c, sid, page)
            # a page's edges stop at 10 a node of --max-page: pages of another size cut elsewhere
            cut = p["graph"].get("edges_truncated") or whole["graph"].get("edges_truncated")
            if p["objects"] != whole["objects"] or p["graph"]["nodes"] != whole["graph"]["nodes"] or not cut and \
                    sorted(map(json.dumps, p["graph"]["edges"])) != sorted(map(json.dumps, whole["graph"]["edges"])):
                if p["objects"] != whole["objects"]:
                    what, x, y = "objects", p["objects"], whole["objects"]
                elif p["graph"]["nodes"] != whole["graph"]["nodes"]:
                    what, x, y = "nodes", p["graph"]["nodes"], whole["graph"]["nodes"]
                else:
                    what, x, y = "edges", p["graph"]["edges"], whole["graph"]["edges"]
                xs, ys = set(map(json.dumps, x)), set(map(json.dumps, y))
                raise Failure("paging", "pages of %d do not concatenate to the listing (%s: %d / %d items): "
                              "paged only %s; whole only %s" % (page, what, len(x), len(y),
                                                                sorted(xs - ys)[:5], sorted(ys - xs)[:5]))
        evs = snap["events"]["events"]
        if evs:
            n = rng.choice([e["seq"] for e in evs])
            got = ctx.c.get("/v1/sessions/%s/events?after=%d" % (sid, n), expect=200).json
            if got["events"] != [e for e in evs if e["seq"] > n]:
                raise Failure("events", "events?after=%d is not the tail" % n)
        bad = ["?after=-1", "?after=x", "?limit=0", "?limit=%d" % (ctx.server.limit("max-page") + 1),
               "?after=1&after=2", "?foo=1", "?repr=full", "?after=99999999999999999999999", "?%zz", "?after=%00",
               "?limit=", "?after", "?repr=short"]
        for q in rng.sample(bad, 4):
            for what in ("objects", "graph"):
                a = ctx.c.get("/v1/sessions/%s/%s%s" % (sid, what, q))
                if a.status not in (400, 200) or (a.status == 200 and q not in ("?after=99999999999999999999999",)):
                    raise Failure("query", "GET %s%s answered %d" % (what, q, a.status), None, a.raw[:500])
        for q in ["?after=1", "?x=1", "?repr=full"]:
            ctx.c.get("/v1/sessions/%s%s" % (sid, q), expect=400)
            ctx.c.get("/v1/sessions/%s/gc%s" % (sid, q), expect=400)
        for q in ["?repr=no", "?repr=full&repr=full", "?after=1", "?repr=FULL"]:
            ids = [o["id"] for o in snap["objects"]] or [1]
            ctx.c.get("/v1/sessions/%s/objects/%d%s" % (sid, ids[0], q), expect=400)
        if proto.diff_snap(snap, proto.snapshot(ctx.c, sid)):
            raise Failure("query", "reads changed the session")
        # percent-escapes in the path (helper-69: a %00 ended libmicrohttpd's decoded
        # path, so ".../<sid>%00x" was the session and "create%00x" the op): each is
        # a path API.md does not have, whatever the method, and changes nothing; so is
        # an escaped '/' (%2F) and an object id not spelled as its descriptor's (007, +7)
        ids = [o["id"] for o in snap["objects"]] or [1]
        esc = rng.choice(["%00", "%00x", "%20", "%C3%A9", "%ZZ", "%", "%0", "%FF", "%2e", "%0A", "%2F", "%2f"])
        for method, path, body in rng.sample([
                ("DELETE", "/v1/sessions/%s%s" % (sid, esc), None),
                ("GET", "/v1/sessions/%s%s" % (sid, esc), None),
                ("POST", "/v1/sessions/%s/create%s" % (sid, esc), {"name": "zz", "value": 1}),
                ("POST", "/v1/sessions/%s/%sdel" % (sid, esc), {"names": list(snap["summary"]["names"])[:2]}),
                ("POST", "/v1/sessions/%s/collect%s" % (sid, esc), {}),
                ("GET", "/v1/sessions/%s/objects/%d%s" % (sid, ids[0], esc), None),
                ("GET", "/v1/sessions/%s/objects/%s%d" % (sid, rng.choice(["0", "00", "+", "%2B", "-"]), ids[0]), None),
                ("GET", "/v1/sessions/%s/graph%s" % (sid, esc), None),
                ("POST", "/v1/sessions/%s" % esc, {}), ("GET", "/healthz%s" % esc, None)], 4):
            a = ctx.c.call(method, path, body)
            if a.status not in (400, 404, 405):
                raise Failure("path", "%s %s answered %d" % (method, path, a.status), None, a.raw[:300])
        if proto.diff_snap(snap, proto.snapshot(ctx.c, sid)):
            raise Failure("path", "a request to a path with %s changed the session" % esc)
    finally:
        ctx.delete(sid)


def m_batch_ids(ctx):
    """Object ids inside batches: a twin session (same seed) runs the ops
    one at a time and learns each object's id; the batch then names those
    objects by id (integers, {"ref": id}) — even ones made earlier in the
    same batch — and must answer as the names did."""
    rng = ctx.rng
    version = rng.choice(VERSIONS)
    seed = rng.randrange(2 ** 20)
    a = ctx.session(version, seed)
    b = ctx.session(version, seed)
    try:
        if not a or not b:
            return
        m = Model()
        ops = []
        ids = {}          # name -> id, as B binds them after each op
        results_b = []
        failed = None
        for _ in range(rng.randint(2, min(12, ctx.server.limit("max-batch")))):
            op = rand_op(rng, m, grow=0.6)
            # name objects by id where the op takes a reference
            for field in ("from", "ref", "a", "b", "in", "target", "to"):
                if isinstance(op.get(field), str) and op[field] in ids and rng.random() < 0.7:
                    op[field] = ids[op[field]] if field not in ("to", "target") or rng.random() < 0.5 else \
                        {"ref": ids[op[field]]}
            rb = ctx.c.post(b, op["op"], {k: v for k, v in op.items() if k != "op"})
            if rb.status != 200:
                failed = (op, rb)
                break
            ops.append(op)
            results_b.append(rb.json["result"])
            apply_model(m, op)
            ids = ctx.c.get("/v1/sessions/%s" % b, expect=200).json["names"]
        if not ops:
            return
        body = {"ops": ops}
        if len(json.dumps(body)) > ctx.server.limit("max-body"):
            return
        ra = ctx.c.post(a, "batch", body)
        ctx.log.append(("batch", body, ra.status))
        if ra.status != 200:
            raise Failure("batch-ids", "the batch answered %d where its ops one by one answered 200: %s" % (
                ra.status, ra.raw[:600]), body)
        if ra.json["results"] != results_b:
            raise Failure("batch-ids", "batch results differ from the same ops one by one: %s / %s" % (
                json.dumps(ra.json["results"])[:500], json.dumps(results_b)[:500]), body)
        if failed:  # what B ran and failed, A runs too
            op, rb = failed
            r = ctx.c.post(a, op["op"], {k: v for k, v in op.items() if k != "op"})
            if r.status != rb.status or strip(r.json) != strip(rb.json):
                raise Failure("batch-ids", "a failing op answered differently in twin sessions: %s / %s" % (
                    r.raw[:400], rb.raw[:400]), op)
        sa, sb = proto.snapshot(ctx.c, a), proto.snapshot(ctx.c, b)
        d = proto.diff_snap(sb, sa)
        if d:
            raise Failure("batch-ids", "the batch left its session unlike the ops one by one: %s" % d, body)
        # a dead id inside a batch: 404 at its index, the ops before it applied
        if ids:
            name = rng.choice(list(ids))
            dead = ids[name]
            ctx.c.post(a, "del", {"names": [name]}, expect=200)
            ctx.c.post(b, "del", {"names": [name]}, expect=200)
            ctx.c.post(b, "collect", {}, expect=200)
            still = ctx.c.get("/v1/sessions/%s/objects/%d" % (b, dead))
            if still.status == 404:
                body = {"ops": [{"op": "collect"}, {"op": "id", "ref": dead}, {"op": "create", "name": "q",
                                                                                "value": 1}]}
                r = ctx.c.post(a, "batch", body)
                if r.status != 404 or r.error().get("index") != 1 or len(r.error().get("results", [])) != 1:
                    raise Failure("batch-ids", "a dead id at index 1 answered %d %s" % (r.status, r.raw[:400]), body)
    finally:
        for s in (a, b):
            if s:
                ctx.delete(s)


def m_seed(ctx):
    """Two sessions of one seed and version answer every statement alike
    (ids, reprs, address order); the same program under another seed gives
    the same answers but for ids and addresses."""
    rng = ctx.rng
    version = rng.choice(VERSIONS)
    seed = rng.choice([0, 1, 7, rng.randrange(2 ** 40)])
    a = ctx.session(version, seed)
    b = ctx.session(version, seed)
    try:
        if not a or not b:
            return
        m = Model()
        for _ in range(rng.randint(3, 15)):
            op = rand_op(rng, m)
            body = {k: v for k, v in op.items() if k != "op"}
            ra = ctx.c.post(a, op["op"], body)
            rb = ctx.c.post(b, op["op"], body)
            if ra.status != rb.status or ra.json != rb.json:
                raise Failure("seed", "seed %d, %s: %s / %s" % (seed, version, ra.raw[:400], rb.raw[:400]), body)
            if ra.status == 200:
                apply_model(m, op)
        d = proto.diff_snap(proto.snapshot(ctx.c, a), proto.snapshot(ctx.c, b))
        if d:
            raise Failure("seed", "two sessions of seed %d differ: %s" % (seed, d))
        sa = ctx.c.get("/v1/sessions/%s/script" % a, expect=200).raw
        sb = ctx.c.get("/v1/sessions/%s/script" % b, expect=200).raw
        if sa != sb:
            raise Failure("seed", "scripts differ")
    finally:
        for s in (a, b):
            if s:
                ctx.delete(s)


def m_hostile(ctx):
    """Bodies of the wrong shape on every operation (400 or 422, nothing
    changed)."""
    rng = ctx.rng
    sid = ctx.session(rng.choice(VERSIONS))
    if not sid:
        return
    try:
        ctx.c.post(sid, "create", {"name": "a", "value": [1, 2]}, expect=200)
        before = proto.snapshot(ctx.c, sid)
        for _ in range(rng.randint(3, 12)):
            op = rng.choice(proto.OPS)
            body = rng.choice([
                "[]", "null", "7", '"x"', "{", '{"name": "a", "name": "b"}', '{"ops": 1}', '{"ops": [1]}',
                '{"ops": [{"op": "nope"}]}', '{"extra": 1}', '{"name": 1}', '{"ref": -1}', '{"ref": 1.5}',
                '{"ref": "a.__class__"}', '{"ref": "a["}', '{"source": 1}', '{"source": "x = 1", "mode": "m"}',
                '{"generation": "2"}', '{"names": "a"}', '{"enabled": 1}', '{"threshold": [1, 2, 3, 4, 5]}',
                '\xff\xfe', '{"name": "a\\u0000"}', '{"ref": 18446744073709551616}',
                '{"ops": [{"op": "create", "name": "z", "value": 1}, {"op": "create"}]}'])
            a = ctx.c.post(sid, op, body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body,
                           headers={"Content-Type": "application/json"})
            if a.status not in (400, 404, 422, 200):
                raise Failure("hostile", "%s %r answered %d" % (op, body, a.status), body, a.raw[:500])
            # valid after all (e.g. gc with no field), or a batch whose ops before a malformed one ran
            if a.status in (200, 422) or (a.status == 400 and a.error().get("results")):
                before = proto.snapshot(ctx.c, sid)
        if proto.diff_snap(before, proto.snapshot(ctx.c, sid)):
            raise Failure("hostile", "a refused body changed the session")
    finally:
        ctx.delete(sid)


def m_concurrent(ctx):
    """Races: statements on a session from several connections while it is
    DELETEd (only 200/4xx answers, then 404 everywhere), and creations
    racing for the session cap (never more than the cap; the
    heapd_sessions gauge right after)."""
    import threading
    rng = ctx.rng
    sid = ctx.session(rng.choice(VERSIONS))
    if not sid:
        return
    try:
        ctx.c.post(sid, "create", {"name": "l", "value": [[1], [2], {"type": "dict", "value": {"k": [3]}}]},
                   expect={200, 429})
    except Failure:
        ctx.delete(sid)
        raise
    errors = []
    stop = threading.Event()
    bodies = [("create", {"name": "a", "value": [1, [2, 3]]}), ("link", {"from": "l", "append": True, "to": "l"}),
              ("collect", {}), ("len", {"ref": "l"}), ("getrefcount", {"ref": "l"}), ("eq", {"a": "l", "b": "l"}),
              ("sizeof", {"ref": "l", "deep": True}), ("del", {"names": ["a"]}),
              ("batch", {"ops": [{"op": "create", "name": "b", "value": [1]}, {"op": "del", "name": "b"}]}),
              ("exec", {"source": "x = [1, 2]\ndel x\n", "mode": "statements"})]

    def worker(seed):
        r = random.Random(seed)
        while not stop.is_set():
            try:
                if r.random() < 0.2:
                    a = ctx.c.call("GET", r.choice(["/v1/sessions/%s" % sid, "/v1/sessions/%s/graph" % sid,
                                                    "/v1/sessions/%s/objects" % sid, "/v1/sessions/%s/gc" % sid]))
                else:
                    op, body = r.choice(bodies)
                    a = ctx.c.post(sid, op, body)
                if a.status not in (200, 404, 422, 429) or (a.status == 404 and a.error().get("code") != "not_found"):
                    errors.append("%d %s" % (a.status, a.raw[:300]))
            except Failure as f:
                errors.append(str(f))
    threads = [threading.Thread(target=worker, args=(rng.random(),)) for _ in range(rng.randint(2, 4))]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.05, 0.6))
    try:
        ctx.c.call("DELETE", "/v1/sessions/" + sid, expect=204)
        time.sleep(rng.uniform(0, 0.2))
    finally:
        stop.set()
        for t in threads:
            t.join()
    if errors:
        raise Failure("concurrent", "answers while a DELETE raced: %s" % errors[:3])
    for method, path in every_endpoint(sid):
        ctx.c.call(method, path, {"name": "a", "value": 1} if method == "POST" else None, expect=404)
    # creations racing for the cap
    made = []
    lock = threading.Lock()

    def creator():
        try:
            a = ctx.c.call("POST", "/v1/sessions", {}, expect={201, 429})
            if a.status == 201:
                with lock:
                    made.append(a.json["session"])
            elif a.error().get("limit") != "sessions" or not a.headers.get("retry-after"):
                errors.append("429 %s (Retry-After %r)" % (a.raw[:200], a.headers.get("retry-after")))
        except Failure as f:
            errors.append(str(f))
    cap = min(ctx.server.limit("max-sessions"), ctx.server.limit("max-client-sessions"))
    threads = [threading.Thread(target=creator) for _ in range(cap + rng.randint(1, 4))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        if errors:
            raise Failure("concurrent", "racing creations: %s" % errors[:3])
        if len(made) > cap:
            raise Failure("concurrent", "%d sessions made under a cap of %d" % (len(made), cap))
        fams = proto.parse_prometheus(ctx.c.get("/metrics", expect=200).raw)
        gauge = [v for n, _, v in fams["heapd_sessions"]["samples"]]
        if gauge != [len(made)]:
            raise Failure("metrics", "heapd_sessions is %r with %d sessions live" % (gauge, len(made)))
    finally:
        for s2 in made:
            ctx.delete(s2)


MOTIFS = [(m_limits, 5), (m_grow, 3), (m_exec_limits, 2), (m_exec_body_types, 1), (m_sessions, 2), (m_delete, 2), (m_too_large, 2), (m_cors, 1),
          (m_endpoints, 1), (m_queries, 3), (m_batch_ids, 3), (m_seed, 2), (m_hostile, 2), (m_concurrent, 1)]


# ---------------------------------------------------------------------------
# CPython: reprs and sizes of the values ?repr=full described

def check_reprs(checks):
    """Python facts: repr and sys.getsizeof of each created value. Each
    session's statements run in a fresh CPython of its version
    (PYTHONHASHSEED=0), each compiled alone as API.md says. Returns
    failures."""
    fails = []
    for version, made in checks:
        py = dengine.find_python(version)
        if not py:
            fails.append(Failure("cpython", "CPython %s is not installed" % version))
            continue
        prog = "import sys, json\nout = []\n"
        for name, src, _, _, _ in made:
            prog += "exec(compile(%r, '<op>', 'exec'), globals())\n" % ("%s = %s" % (name, src))
            prog += "out.append([repr(%s), sys.getsizeof(%s), type(%s).__name__])\n" % (name, name, name)
        prog += "print(json.dumps(out))\n"
        p = subprocess.run([py, "-c", prog], capture_output=True, text=True, timeout=120,
                           env=judge_env())
        if p.returncode:
            fails.append(Failure("cpython", "the check script failed: %s" % p.stderr[-500:]))
            continue
        for (name, src, hrepr, hsize, htype), (crepr, csize, ctype) in zip(made, json.loads(p.stdout)):
            if (hrepr, htype) != (crepr, ctype) or hsize != csize:
                fails.append(Failure("cpython", "%s: %s -> heapd %s %r (%d), CPython %s %r (%d)" % (
                    version, src[:200], htype, str(hrepr)[:200], hsize, ctype, str(crepr)[:200], csize),
                    {"python": version, "statements": ["%s = %s" % (m[0], m[1]) for m in made]}))
    return fails


# ---------------------------------------------------------------------------
# the driver

def save(finding_dir, server, motif, seed, f, log, extra=None):
    os.makedirs(finding_dir, exist_ok=True)
    case = {"motif": motif, "seed": seed, "flags": server.flags if server else None, "kind": f.kind,
            "message": f.msg[:3000], "request": f.request if isinstance(f.request, (dict, list, str, type(None)))
            else repr(f.request)[:3000], "answer": f.answer, "log": [repr(x)[:2000] for x in log[-30:]]}
    if extra:
        case.update(extra)
    h = hashlib.sha1((f.kind + motif + re.sub(r"\d+", "N", f.msg[:200])).encode()).hexdigest()[:10]
    path = os.path.join(finding_dir, "%s-%s.json" % (f.kind, h))
    with open(path, "w") as out:
        json.dump(case, out, indent=1, default=repr)
    return path


def run_round(args, rng, round_seed, stats, findings):
    server = Server(rng, args.binary, args.asan)
    client = proto.Client(server.port, server.flags["cors-origin"], args.time_limit, stats["seen"])
    deadline = time.time() + args.round_seconds
    names = [m for m, w in MOTIFS for _ in range(w)]
    repr_checks = []
    try:
        while time.time() < deadline and time.time() < args.end:
            motif = rng.choice(names)
            mseed = rng.randrange(2 ** 32)
            ctx = Ctx(random.Random(mseed), server, client, [])
            stats["cases"] += 1
            stats["by_motif"][motif.__name__] = stats["by_motif"].get(motif.__name__, 0) + 1
            try:
                motif(ctx)
            except Failure as f:
                dead = not server.alive()
                path = save(args.found, server, motif.__name__, mseed, f, ctx.log, {"dead": dead})
                findings.append((f.kind, f.msg[:300], path))
                print("FINDING %s %s\n  %s" % (f.kind, path, f.msg[:400]), flush=True)
                if dead or f.kind in ("connection", "slow", "5xx"):
                    break
            repr_checks += ctx.repr_checks
            if ctx.no_room and motif is not m_sessions and motif is not m_concurrent:
                stats["no_room"] += 1
            if not server.alive():
                f = Failure("crash", "heapd exited (%s)" % server.proc.returncode)
                findings.append(("crash", f.msg, save(args.found, server, motif.__name__, mseed, f, ctx.log)))
                break
    finally:
        stats["requests"] += client.requests
        rc = server.stop()
        rep = server.sanitizer_report()
        if rep or rc not in (0, -15):
            f = Failure("sanitizer" if rep else "exit", (rep[0] if rep else "heapd exited %s at SIGTERM" % rc))
            findings.append((f.kind, f.msg, save(args.found, server, "round", round_seed, f, [],
                                                  {"report": rep[1] if rep else None})))
            print("FINDING %s %s" % (f.kind, f.msg), flush=True)
    for (tpl, method, status, what), (msg, req, raw) in client.undescribed.items():
        key = (tpl, method, status, what)
        if key in stats["openapi_seen"]:
            continue
        stats["openapi_seen"].add(key)
        f = Failure("openapi", msg, req, raw)
        findings.append((f.kind, f.msg[:300], save(args.found, server, "openapi", round_seed, f, [])))
        print("FINDING %s %s" % (f.kind, f.msg[:300]), flush=True)
    for f in check_reprs(repr_checks):
        findings.append((f.kind, f.msg[:300], save(args.found, server, "m_queries", round_seed, f, [])))
        print("FINDING %s %s" % (f.kind, f.msg[:300]), flush=True)
    stats["repr_checks"] += sum(len(made) for _, made in repr_checks)


def undescribed_report(seen):
    """(template, method, status) the OpenAPI document describes that no
    answer of the campaign had: a measure of coverage, not a failure."""
    missing = []
    for tpl, ops in proto.OPENAPI["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            for st in op.get("responses", {}):
                if (tpl, method.upper(), int(st)) not in seen:
                    missing.append("%s %s %s" % (method.upper(), tpl, st))
    return missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--round-seconds", type=float, default=60)
    ap.add_argument("--found", default=os.path.join(HERE, "found"))
    ap.add_argument("--record", default=os.path.join(HERE, "campaigns.jsonl"))
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    args.binary = os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build-asan" if args.asan else "build", "heapd")
    args.time_limit = float(os.environ.get("PROTOFUZZ_REQUEST_LIMIT", "20" if args.asan else "2"))
    args.end = time.time() + args.seconds
    rng = random.Random(args.seed)
    stats = {"no_room": 0, "cases": 0, "requests": 0, "repr_checks": 0, "by_motif": {}, "seen": {}, "openapi_seen": set()}
    findings = []
    rounds = 0
    t0 = time.time()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()  # the build's, at the start
    while time.time() < args.end:
        run_round(args, random.Random(rng.randrange(2 ** 32)), args.seed, stats, findings)
        rounds += 1
    summary = {"date": time.strftime("%Y-%m-%d %H:%M"), "commit": os.environ.get("HEAPD_COMMIT", commit),
               "build": "asan" if args.asan else "plain", "seed": args.seed, "seconds": round(time.time() - t0),
               "rounds": rounds, "cases": stats["cases"], "cases_without_room": stats["no_room"], "requests": stats["requests"],
               "repr_checks": stats["repr_checks"], "findings": len(findings),
               "kinds": sorted({f[0] for f in findings}), "by_motif": stats["by_motif"]}
    print(json.dumps(summary))
    missing = undescribed_report(stats["seen"])
    print("described answers never seen (%d): %s" % (len(missing), ", ".join(missing[:40])))
    if not args.no_record:
        with open(args.record, "a") as f:
            f.write(json.dumps(summary) + "\n")
    print("%d passed, %d failed" % (stats["cases"] - len(findings), len(findings)))
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
