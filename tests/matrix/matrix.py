#!/usr/bin/env python3
"""The operation x value-kind matrix: every operation of API.md and every form
of its fields, crossed with every receiver kind and every argument kind, run
through heapd (JSON operations) and through a real CPython script of each
version (tests/difffuzz's engine and script: the same statements, the same
observations: result or exception and message, the bound descriptors'
refcount/size/tracked/generation, the finalized and weakref_callback events,
the census), each cell in its own setup and followed by `del` of its names and
`gc.collect()`.

    python3 tests/matrix/matrix.py [--versions 3.10,3.11,3.12,3.13] [--only SUBSTR]
                                   [--chunk 60] [--list] [--asan] [-v]

Cells run in chunks (one heapd session and one CPython process per chunk and
version); a mismatching chunk is run again cell by cell, so that each finding
is reported as the one cell (its setup and statement) that shows it.  Prints
`FAIL <cell> [version]` per mismatching cell, then `N cells x M versions,
N mismatching`; exits 1 on a mismatch."""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "difffuzz"))
import engine as E  # noqa: E402
import script as S  # noqa: E402


def T(t, v=None):
    return {"type": t} if v is None else {"type": t, "value": v}


# ----------------------------------------------------------------------------
# the kinds

# classes every cell may use: plain, __slots__ without and with __weakref__,
# a `log` and a `resurrect` finalizer
CLASSES = [
    {"op": "class", "name": "P"},
    {"op": "class", "name": "S", "slots": ["x"]},
    {"op": "class", "name": "SW", "slots": ["x", "__weakref__"]},
    {"op": "class", "name": "L", "finalizer": "log"},
    {"op": "class", "name": "Z", "finalizer": "resurrect"},
]

# value kinds: (label, value spec).  Each is a receiver (`r = <spec>`) and an argument.
VALUES = [
    ("None", None), ("True", True), ("False", False),
    ("int0", 0), ("int5", 5), ("int-1", -1), ("int-5", -5), ("int-6", -6), ("int256", 256), ("int257", 257),
    ("int-2**63", -(2 ** 63)), ("int2**63", T("int", str(2 ** 63))), ("bigint", T("int", str(2 ** 100))),
    ("negbig", T("int", str(-(3 ** 70)))),
    ("float", 1.5), ("float-0", -0.0), ("float0", 0.0), ("inf", T("float", "1e400")), ("-inf", T("float", "-1e400")),
    ("str", "abc"), ("str-empty", ""), ("str-1", "a"), ("str-latin1", "é"), ("str-latin1-long", "héllo"),
    ("str-bmp", "€uro"), ("str-bmp1", "€"), ("str-astral", "😀x"), ("str-astral1", "😀"), ("str-space", "hello world"),
    ("str-ident", "hello_world"), ("str-typed", T("str", "x")),
    ("bytes", T("bytes", "abc")), ("bytes-empty", T("bytes", "")), ("bytes-1", T("bytes", "a")),
    ("bytes-hi", T("bytes", "\\xff\\x00")),
    ("tuple-empty", T("tuple", [])), ("tuple1", T("tuple", [1])), ("tuple", T("tuple", [1, "a", None])),
    ("tuple-nested", T("tuple", [T("tuple", [1, 2]), T("tuple", [])])), ("tuple-list", T("tuple", [[1]])),
    ("list-empty", []), ("list", [1, 2, 3]), ("list-typed", T("list", ["a", [None]])),
    ("dict-empty", T("dict", {})), ("dict", T("dict", {"a": 1, "b": [2]})),
    ("dict-items", T("dict", None) | {"items": [[1, "x"], [T("tuple", [1, 2]), None], [None, 2.5]]}),
    ("set-empty", T("set", [])), ("set", T("set", [1, 2, "a"])),
    ("frozenset-empty", T("frozenset", [])), ("frozenset", T("frozenset", [1, T("tuple", [2])])),
    ("object", T("object")), ("P", T("P")), ("S", T("S")), ("SW", T("SW")), ("L", T("L")), ("Z", T("Z")),
    ("WVD", T("WeakValueDictionary")), ("WKD", T("WeakKeyDictionary")), ("WS", T("WeakSet")),
]

# receivers that are not made by a value spec: (label, setup ops binding r)
EXTRA_RECV = [
    ("class", [{"op": "assign", "name": "r", "to": "P"}]),
    ("class-slots", [{"op": "assign", "name": "r", "to": "SW"}]),
    ("interned", [{"op": "intern", "name": "r", "value": "hello world"}]),
    ("weakref", [{"op": "create", "name": "o", "type": "P"}, {"op": "weakref", "name": "r", "target": "o"}]),
    ("weakref-dead", [{"op": "create", "name": "o", "type": "P"}, {"op": "weakref", "name": "r", "target": "o"},
                      {"op": "del", "names": ["o"]}]),
    ("weakref-cb", [{"op": "create", "name": "o", "type": "L"},
                    {"op": "weakref", "name": "r", "target": "o", "callback": True}]),
    ("WVD-full", [{"op": "create", "name": "o", "type": "P"}, {"op": "create", "name": "r", "type": "WeakValueDictionary"},
                  {"op": "link", "from": "r", "key": "k", "to": "o"}]),
    ("WKD-full", [{"op": "create", "name": "o", "type": "P"}, {"op": "create", "name": "r", "type": "WeakKeyDictionary"},
                  {"op": "link", "from": "r", "key": {"ref": "o"}, "to": 1}]),
    ("WS-full", [{"op": "create", "name": "o", "type": "P"}, {"op": "create", "name": "r", "type": "WeakSet"},
                 {"op": "link", "from": "r", "add": True, "to": "o"}]),
    ("P-attrs", [{"op": "create", "name": "r", "type": "P", "attrs": {"x": 1, "y": [2]}}]),
    ("S-set", [{"op": "create", "name": "r", "type": "S", "attrs": {"x": "v"}}]),
    ("list-self", [{"op": "create", "name": "r", "value": [1]}, {"op": "link", "from": "r", "append": True, "to": "r"}]),
    ("dict-self", [{"op": "create", "name": "r", "value": T("dict", {})}, {"op": "link", "from": "r", "key": "s", "to": "r"}]),
    ("L-cycle", [{"op": "create", "name": "r", "type": "L"}, {"op": "link", "from": "r", "attr": "me", "to": "r"}]),
    ("Z-cycle-weak", [{"op": "create", "name": "r", "type": "Z"}, {"op": "link", "from": "r", "attr": "me", "to": "r"},
                      {"op": "weakref", "name": "w", "target": "r", "callback": True}]),
    ("L-pair-weak", [{"op": "create", "name": "r", "type": "L"}, {"op": "create", "name": "q", "type": "L"},
                     {"op": "link", "from": "r", "attr": "p", "to": "q"}, {"op": "link", "from": "q", "attr": "p", "to": "r"},
                     {"op": "weakref", "name": "w", "target": "q", "callback": True}, {"op": "del", "names": ["q"]}]),
    ("L-in-weak", [{"op": "create", "name": "r", "type": "L"}, {"op": "link", "from": "r", "attr": "me", "to": "r"},
                   {"op": "create", "name": "wv", "type": "WeakValueDictionary"},
                   {"op": "link", "from": "wv", "key": 1, "to": "r"},
                   {"op": "create", "name": "wk", "type": "WeakKeyDictionary"},
                   {"op": "link", "from": "wk", "key": {"ref": "r"}, "to": "r"},
                   {"op": "create", "name": "ws", "type": "WeakSet"}, {"op": "link", "from": "ws", "add": True, "to": "r"}]),
    ("Z-in-weak", [{"op": "create", "name": "r", "type": "Z"},
                   {"op": "create", "name": "wv", "type": "WeakValueDictionary"},
                   {"op": "link", "from": "wv", "key": 1, "to": "r"},
                   {"op": "create", "name": "ws", "type": "WeakSet"}, {"op": "link", "from": "ws", "add": True, "to": "r"},
                   {"op": "weakref", "name": "w", "target": "r", "callback": True}]),
    ("SW-list-cycle", [{"op": "create", "name": "r", "type": "SW"}, {"op": "create", "name": "q", "value": [{"ref": "r"}]},
                       {"op": "link", "from": "r", "attr": "x", "to": "q"}, {"op": "del", "names": ["q"]},
                       {"op": "weakref", "name": "w", "target": "r", "callback": True}]),
]

RECEIVERS = [(lab, [{"op": "create", "name": "r", "value": v}]) for lab, v in VALUES] + EXTRA_RECV

# arguments: the value kinds, and references (to the receiver, to another object), and
# references inside hashable containers
ARGS = VALUES + [
    ("ref-self", {"ref": "r"}), ("ref-o", {"ref": "o"}),
    ("tuple-ref", T("tuple", [{"ref": "o"}, 1])), ("frozenset-ref", T("frozenset", [{"ref": "o"}])),
    ("tuple-unhashable", T("tuple", [[]])), ("dict-refkey", {"type": "dict", "items": [[{"ref": "o"}, 1]]}),
    ("dict-unhashable-key", {"type": "dict", "items": [[[1], 1]]}),
]
KEYS = ARGS  # dict keys, contains keys, discard: the same kinds, unhashable ones included
# (an index is a JSON integer: API.md; true, 1.0, "0" are a mistyped field, 400)
INDEXES = [0, 2, -1, -3, 3, -4, 2 ** 63 - 1, -(2 ** 63), 2 ** 63, 10 ** 30]
# receivers where every argument kind matters (hashing, identity, equality); the others take SMALL_ARGS
FULL = ("dict", "dict-empty", "set", "frozenset", "list", "tuple", "WVD-full", "WKD-full", "WS-full", "P", "S")
SMALL_ARGS = ["int257", "str", "list", "ref-o", "tuple-ref", "bigint", "float-0"]


def rv(a):
    """a value kind in a field that takes a reference or a value: a str is typed there"""
    return T("str", a) if isinstance(a, str) else a


def needs_o(x):
    return '"o"' in json.dumps(x)


# ----------------------------------------------------------------------------
# the cells

def cells():
    """[(label, [ops])]: each a setup, one statement, its observations"""
    out = []
    for rl, setup in RECEIVERS:
        def cell(label, ops, extra_setup=()):
            pre = list(setup)
            if any(needs_o(o) for o in ops) and not any(o.get("name") == "o" for o in pre):
                pre = [{"op": "create", "name": "o", "type": "SW"}] + pre
            out.append(("%s | %s" % (rl, label), list(extra_setup) + pre + ops))

        # reads of the receiver itself
        cell("sizeof", [{"op": "sizeof", "ref": "r"}])
        cell("sizeof deep", [{"op": "sizeof", "ref": "r", "deep": True}])
        cell("getrefcount", [{"op": "getrefcount", "ref": "r"}])
        cell("id", [{"op": "id", "ref": "r"}])
        cell("len", [{"op": "len", "ref": "r"}])
        cell("deref", [{"op": "deref", "ref": "r"}])
        cell("is self", [{"op": "is", "a": "r", "b": "r"}])
        cell("eq self", [{"op": "eq", "a": "r", "b": "r"}])
        cell("inspect", [{"op": "$inspect", "ref": "r"}])
        cell("assign", [{"op": "assign", "name": "c", "to": "r"}, {"op": "getrefcount", "ref": "r"}])
        cell("del", [{"op": "del", "names": ["r"]}, {"op": "collect", "generation": 0}])
        for g in (0, 1, 2):
            cell("collect %d" % g, [{"op": "collect", "generation": g}])
        cell("weakref", [{"op": "weakref", "name": "w", "target": "r"}, {"op": "deref", "ref": "w"},
                         {"op": "del", "names": ["r"]}, {"op": "deref", "ref": "w"}])
        cell("weakref cb", [{"op": "weakref", "name": "w", "target": "r", "callback": True},
                            {"op": "del", "names": ["r"]}, {"op": "collect"}])
        cell("weakref ref-value", [{"op": "weakref", "name": "w", "target": {"ref": "r"}}])
        cell("unlink attr", [{"op": "unlink", "from": "r", "attr": "x"}])
        cell("link attr self", [{"op": "link", "from": "r", "attr": "x", "to": "r"}, {"op": "del", "names": ["r"]},
                                {"op": "collect"}])
        cell("link append self", [{"op": "link", "from": "r", "append": True, "to": "r"},
                                  {"op": "sizeof", "ref": "r", "deep": True}])
        cell("link add self", [{"op": "link", "from": "r", "add": True, "to": "r"}])
        cell("unlink discard self", [{"op": "unlink", "from": "r", "discard": "r"}])
        cell("gc freeze", [{"op": "gc", "freeze": True}, {"op": "collect"}, {"op": "$inspect", "ref": "r"},
                           {"op": "gc", "freeze": False}])
        cell("gc saveall", [{"op": "gc", "debug": ["saveall"]}, {"op": "del", "names": ["r"]}, {"op": "collect"},
                            {"op": "gc", "debug": []}])
        # reference paths and object ids in every reference field
        for path in ["r[0]", "r[-1]", "r[2]", "r[99]", "r[-99]", "r[99999999999999999999]", "r['k']", 'r["a"]',
                     "r['é']", "r[1]", "r.x", "r.x.y", "r[0][0]", "r[0].x", "r['k'][0]"]:
            cell("path %s" % path, [{"op": "getrefcount", "ref": path}])
        cell("path assign r[0]", [{"op": "assign", "name": "c", "to": "r[0]"}])
        cell("path link from r[0]", [{"op": "link", "from": "r[0]", "attr": "x", "to": 1}])
        cell("id ref", [{"op": "len", "ref": {"$id": "r"}}, {"op": "is", "a": {"$id": "r"}, "b": "r"},
                        {"op": "sizeof", "ref": {"$id": "r"}, "deep": True}])
        cell("id link to", [{"op": "create", "name": "l", "value": []},
                            {"op": "link", "from": {"$id": "l"}, "append": True, "to": {"ref": {"$id": "r"}}},
                            {"op": "getrefcount", "ref": "r"}])
        cell("id weakref target", [{"op": "weakref", "name": "w", "target": {"ref": {"$id": "r"}}, "callback": True}])
        cell("del r nope", [{"op": "del", "names": ["r", "nope"]}, {"op": "collect"}])
        cell("del nope r", [{"op": "del", "names": ["nope", "r"]}])
        cell("del name", [{"op": "del", "name": "r"}])
        cell("batch link+unlink", [{"batch": [{"op": "create", "name": "l", "value": [1]},
                                              {"op": "link", "from": "r", "attr": "x", "to": "l"},
                                              {"op": "len", "ref": "r"}, {"op": "getrefcount", "ref": "l"}]}])
        cell("batch key", [{"batch": [{"op": "link", "from": "r", "key": {"ref": "r"}, "to": "r"},
                                      {"op": "contains", "in": "r", "key": {"ref": "r"}},
                                      {"op": "unlink", "from": "r", "key": {"ref": "r"}}]}])
        cell("intern r", [{"op": "intern", "name": "n", "value": {"ref": "r"}}])
        # thresholds stay out of the reach of the harness's own allocations (tests/difffuzz/gen.py)
        # (-1: every allocation collects, the harness's own too: set with the collector disabled)
        for th in ([100000, 10, 10], [0], [], [1, 2, 3, 4], [-1, 0, 0]):
            cell("gc threshold %s" % th, [{"op": "gc", "enabled": th != [-1, 0, 0], "threshold": th},
                                          {"op": "create", "name": "n", "value": [[]]},
                                          {"op": "gc", "enabled": False, "threshold": [700, 10, 10]}])
        cell("create attrs", [{"op": "create", "name": "n", "value": {"ref": "r"}, "attrs": {"x": 1}}])
        for i in INDEXES:
            cell("link index %r" % (i,), [{"op": "link", "from": "r", "index": i, "to": 7}])
            cell("unlink index %r" % (i,), [{"op": "unlink", "from": "r", "index": i}])
        full = rl in FULL
        for al, a in ARGS:
            if not full and al not in SMALL_ARGS:
                continue
            cell("link attr <- %s" % al, [{"op": "link", "from": "r", "attr": "x", "to": rv(a)}])
            cell("link key %s" % al, [{"op": "link", "from": "r", "key": a, "to": 1}])
            cell("link key <- %s" % al, [{"op": "link", "from": "r", "key": "k", "to": rv(a)}])
            cell("link append %s" % al, [{"op": "link", "from": "r", "append": True, "to": rv(a)}])
            cell("link add %s" % al, [{"op": "link", "from": "r", "add": True, "to": rv(a)}])
            cell("link index 0 <- %s" % al, [{"op": "link", "from": "r", "index": 0, "to": rv(a)}])
            cell("unlink key %s" % al, [{"op": "unlink", "from": "r", "key": a}])
            cell("unlink discard %s" % al, [{"op": "unlink", "from": "r", "discard": rv(a)}])
            cell("contains %s" % al, [{"op": "contains", "in": "r", "key": a}])
            cell("is %s" % al, [{"op": "create", "name": "b", "value": a}, {"op": "is", "a": "r", "b": "b"}])
            cell("eq %s" % al, [{"op": "create", "name": "b", "value": a}, {"op": "eq", "a": "r", "b": "b"}])
    # creation: each value spec with attrs, as a name
    for al, a in ARGS:
        pre = [{"op": "create", "name": "o", "type": "SW"}] if needs_o(a) else []
        if isinstance(a, dict) and "type" in a:
            spec = dict(a)
        else:
            spec = {"value": a}
        out.append(("create %s" % al, pre + [dict({"op": "create", "name": "n"}, **spec)]))
        out.append(("create %s attrs" % al, pre + [dict({"op": "create", "name": "n", "attrs": {"x": 1, "y": "s"}}, **spec)]))
        out.append(("weakref-to %s" % al, pre + [{"op": "weakref", "name": "w", "target": rv(a), "callback": True},
                                                 {"op": "deref", "ref": "w"}]))
        out.append(("assign %s" % al, pre + [{"op": "assign", "name": "n", "to": rv(a)}]))
    for s in ["hello world", "", "a", "é", "€", "😀", "abc", "hello_world", "x" * 300]:
        out.append(("intern %r" % s, [{"op": "intern", "name": "n", "value": s}, {"op": "create", "name": "m", "value": s},
                                      {"op": "is", "a": "n", "b": "m"}]))
    # sizes along the growth of each container and of each scalar's length
    for n in range(0, 20):
        out.append(("grow list append %d" % n, [{"op": "create", "name": "r", "value": []}] +
                    [{"op": "link", "from": "r", "append": True, "to": i} for i in range(n)] + [{"op": "sizeof", "ref": "r"}]))
        out.append(("grow set add %d" % n, [{"op": "create", "name": "r", "value": T("set", [])}] +
                    [{"op": "link", "from": "r", "add": True, "to": T("str", "k%d" % i)} for i in range(n)] +
                    [{"op": "unlink", "from": "r", "discard": T("str", "k0")}, {"op": "sizeof", "ref": "r"}]))
        out.append(("grow dict key %d" % n, [{"op": "create", "name": "r", "value": T("dict", {})}] +
                    [{"op": "link", "from": "r", "key": i * 7, "to": i} for i in range(n)] +
                    [{"op": "unlink", "from": "r", "key": 0}, {"op": "link", "from": "r", "key": "z", "to": 1},
                     {"op": "sizeof", "ref": "r"}]))
        out.append(("grow instance attrs %d" % n, [{"op": "create", "name": "r", "type": "P"}] +
                    [{"op": "link", "from": "r", "attr": "a%d" % i, "to": i} for i in range(n)] +
                    [{"op": "$inspect", "ref": "r"}, {"op": "sizeof", "ref": "r", "deep": True}]))
        out.append(("grow WVD %d" % n, [{"op": "create", "name": "o", "type": "SW"},
                                         {"op": "create", "name": "r", "type": "WeakValueDictionary"}] +
                    [{"op": "link", "from": "r", "key": i, "to": "o"} for i in range(n)] +
                    [{"op": "len", "ref": "r"}, {"op": "del", "names": ["o"]}, {"op": "len", "ref": "r"}]))
        out.append(("grow tuple %d" % n, [{"op": "create", "name": "r", "value": T("tuple", list(range(n)))}]))
        out.append(("grow frozenset %d" % n, [{"op": "create", "name": "r", "value": T("frozenset", list(range(n)))}]))
        out.append(("grow dict display %d" % n, [{"op": "create", "name": "r", "value": T("dict", {"k%d" % i: i for i in range(n)})}]))
        out.append(("grow set display %d" % n, [{"op": "create", "name": "r", "value": T("set", list(range(n)))}]))
    for n in (0, 1, 2, 7, 8, 15, 16, 63, 64, 255, 1000):
        for ch in ("a", "\xe9", "\u20ac", "\U0001f600"):
            c = ch.encode().decode("unicode_escape")
            out.append(("size str %r*%d" % (ch, n), [{"op": "create", "name": "r", "value": T("str", c * n)}]))
            out.append(("size str a+%r*%d" % (ch, n), [{"op": "create", "name": "r", "value": T("str", "a" + c * n)}]))
        out.append(("size bytes %d" % n, [{"op": "create", "name": "r", "value": T("bytes", "x" * n)}]))
        out.append(("size list %d" % n, [{"op": "create", "name": "r", "value": [None] * n}]))
    for e in (29, 30, 31, 59, 60, 61, 62, 63, 64, 89, 90, 91, 200, 1000):
        for sgn in ("", "-"):
            for d in (-1, 0, 1):
                out.append(("size int %s2**%d%+d" % (sgn, e, d), [{"op": "create", "name": "r",
                                                                   "value": T("int", sgn + str(2 ** e + d))}]))
    for g in (-1, 3, 2 ** 70):
        out.append(("collect generation %d" % g, [{"op": "collect", "generation": g}]))
    for al, a in ARGS:
        if not isinstance(a, str):
            out.append(("intern %s" % al, ([{"op": "create", "name": "o", "type": "SW"}] if needs_o(a) else []) +
                        [{"op": "intern", "name": "n", "value": a}]))
    # classes: slots x finalizer
    for slots in [None, [], ["x"], ["x", "__weakref__"], ["__weakref__"], ["__dict__"], ["x", "__dict__", "__weakref__"],
                  ["x", "x"], ["1x"], ["__weakref__", "__weakref__"]]:
        for fin in [None, "log", "resurrect"]:
            c = {"op": "class", "name": "K"}
            if slots is not None:
                c["slots"] = slots
            if fin:
                c["finalizer"] = fin
            out.append(("class slots=%s fin=%s" % (slots, fin), [
                c, {"op": "create", "name": "k", "type": "K"}, {"op": "link", "from": "k", "attr": "x", "to": "k"},
                {"op": "weakref", "name": "w", "target": "k", "callback": True}, {"op": "sizeof", "ref": "k"},
                {"op": "del", "names": ["k"]}, {"op": "collect"}, {"op": "del", "names": ["K"]}, {"op": "collect"}]))
    return out


def flat_ops(ops):
    return [o for st in ops for o in (st["batch"] if "batch" in st else [st])]


def bound_names(ops):
    names = []
    for o in flat_ops(ops):
        n = S.bound_name(o)
        if n and n not in names and n not in ("P", "S", "SW", "L", "Z"):
            names.append(n)
    return names


def cell_steps(ops):
    """one cell: its ops, what they left of the receiver (and of `o`) observed, then `del`
    of each name it bound and a full collection"""
    names = bound_names(ops)
    look = []
    # the receiver dies first, so that what refers to it weakly is seen after its death
    names = [n for n in names if n == "r"] + [n for n in names if n != "r"]
    if "r" in names and ops[-1].get("op") not in ("del", "collect"):
        if any(n in names for n in ("wv", "wk", "ws")):
            look = [{"op": "len", "ref": n} for n in ("wv", "wk", "ws") if n in names]
        look += [{"op": "sizeof", "ref": "r"}, {"op": "getrefcount", "ref": "r"}, {"op": "$inspect", "ref": "r"}]
        if "o" in names:
            look.append({"op": "getrefcount", "ref": "o"})
    tail = [{"op": "del", "names": [n]} for n in names]
    weak = [n for n in ("wv", "wk", "ws") if n in names]
    if weak and "r" in names:
        tail[1:1] = [{"op": "collect"}] + [{"op": "len", "ref": n} for n in weak]
    return ops + look + tail + [{"op": "collect"}]


def chunk_steps(chunk):
    steps = [{"op": "gc", "enabled": False}] + [dict(c) for c in CLASSES]
    bounds = []
    for _, ops in chunk:
        start = len(steps)
        steps += cell_steps(ops)
        bounds.append((start, len(steps)))
    return steps, bounds


# ----------------------------------------------------------------------------
# the same cells as Python source through POST .../exec (both modes)

EXEC_PRE = """import gc, sys, weakref
gc.disable()
_resurrected = []
def cb(wr):
    print("cb")
"""


def exec_class(op):
    body = []
    if "slots" in op:
        body.append("    __slots__ = (%s)" % "".join(repr(x) + ", " for x in op["slots"]))
    fin = op.get("finalizer")
    if fin == "log":
        body.append("    def __del__(self):\n        print('del', %r)" % op["name"])
    elif fin == "resurrect":
        body.append("    def __del__(self):\n        _resurrected.append(self)")
    return "class %s:\n%s" % (op["name"], "\n".join(body) or "    pass")


def exec_statement(op):
    """the op's statement in the subset of POST .../exec, or None (not expressible there)"""
    if "batch" in op:
        parts = [exec_statement(o) for o in op["batch"]]
        return None if None in parts else "\n".join(parts)
    k = op["op"]
    if k == "$inspect" or (k == "sizeof" and op.get("deep")) or k == "id":
        return None
    if k == "class":
        return exec_class(op)
    if k == "weakref":
        return "%s = weakref.ref(%s%s)" % (op["name"], S.ref_or_value(op["target"]), ", cb" if op.get("callback") else "")
    src, _ = S.statement(op)
    return src[5:] if src.startswith("_r = ") else src


def exec_source(cells_):
    """-> (source, [line where each cell starts]) or None when a statement is not expressible"""
    lines = EXEC_PRE.splitlines()
    for c in CLASSES:
        lines += exec_class(c).splitlines()
    starts = []
    for _, ops in cells_:
        starts.append(len(lines) + 1)
        for o in cell_steps(ops):
            st = exec_statement(o)
            if st is not None:
                lines += st.splitlines()
    return "\n".join(lines) + "\n", starts


def run_exec(srv, version, cells_, mode, verbose):
    """cells_ as one source; a cell that raises ends it, and the rest run as a new source.
    -> [(label, problems)]"""
    import importlib
    EX = sys.modules.get("execfuzz_engine")
    if EX is None:
        spec = importlib.util.spec_from_file_location("execfuzz_engine", os.path.join(ROOT, "tests", "execfuzz", "engine.py"))
        EX = importlib.util.module_from_spec(spec)
        sys.modules["execfuzz_engine"] = EX
        spec.loader.exec_module(EX)
    python = EX.find_python(version)
    out = []
    todo = list(cells_)
    while todo:
        src, starts = exec_source(todo)
        verdict, detail = EX.judge(srv, python, version, src, mode)
        if verdict == "skip":
            if len(todo) > 1:  # again alone, cell by cell
                for c in todo:
                    out += run_exec(srv, version, [c], mode, verbose)
            return out
        if verdict in ("unsupported", "refused", "invalid"):
            raw = detail.get("raw") if isinstance(detail, dict) else detail
            line = (raw or {}).get("error", {}).get("line") if isinstance(raw, dict) else None
            ci = max([i for i, st in enumerate(starts) if line and st <= line] or [0])
            # every statement of a cell is in the subset of API.md: an unsupported one is a finding
            out.append((todo[ci][0], ["exec %s %s: %s" % (mode, verdict, json.dumps(raw, ensure_ascii=False)[:300])]))
            todo = todo[ci + 1:]
            continue
        failed_line = None
        if verdict == "mismatch":
            if len(todo) > 1:  # each finding is its cell: every cell alone
                for c in todo:
                    out += run_exec(srv, version, [c], mode, verbose)
                return out
            out.append((todo[0][0], ["exec %s: %s cpython %s heapd %s" % (
                mode, w, json.dumps(a, ensure_ascii=False)[:300], json.dumps(b, ensure_ascii=False)[:300])
                for w, a, b in detail[:4]]))
            return out
        # pass: did a cell raise (the source stopped there)?  then the cells after it run again
        hd = EX.run_heapd(srv, version, src, mode)
        if hd.get("error"):
            failed_line = hd.get("line")
        if failed_line is None:
            return out
        ci = max([i for i, st in enumerate(starts) if st <= failed_line] or [0])
        todo = todo[ci + 1:]
    return out


# ----------------------------------------------------------------------------
# running

class Runner:
    def __init__(self, asan, verbose):
        self.server = E.HeapdServer(asan=asan, binary=os.environ.get("HEAPD_BIN"),
                                    name="matrix-heapd-%d" % os.getpid())
        self.cpythons = {}
        self.verbose = verbose

    def cp(self, version):
        if version not in self.cpythons:
            self.cpythons[version] = E.CPython(version, tag="matrix")
        return self.cpythons[version]

    def run(self, version, steps):
        """-> list of (flat index, problem text)"""
        cp = self.cp(version)
        try:
            hd = E.run_heapd(self.server, version, steps)
        except E.HeapdCrash as e:
            self.server.restart()
            return [(0, "heapd crashed: %s" % e)]
        py = cp.run(steps)
        self.last_py = py
        if not py["ended"]:
            return [(0, "CPython did not finish (rc %s): %s" % (py["rc"], py["stderr"][-800:]))]
        out = []
        if hd["stop"]:
            fi, why = hd["stop"]
            pe = py["recs"][fi].get("error")
            out.append((fi, "heapd refused: %s (CPython: %s)" % (why, pe)))
        for m in E.compare_run(cp, version, steps, py, hd):
            out.append((m["flat"], "%s: cpython %s heapd %s" % (
                m["field"], json.dumps(m["cpython"], ensure_ascii=False)[:300],
                json.dumps(m["heapd"], ensure_ascii=False)[:300])))
        if out:
            py2 = cp.run(steps)
            if not E.self_consistent(py, py2, steps):
                return [(0, "SKIP: CPython's output differs between two runs")]
        return out

    def stop(self):
        self.server.stop()
        try:
            os.unlink(self.server.binary)
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--chunk", type=int, default=60)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--json", help="write the findings here")
    ap.add_argument("--exec", default="module,statements", help="modes of POST .../exec to run the cells in ('' none)")
    ap.add_argument("--exec-every", type=int, default=1, help="exec only every Nth cell of a chunk")
    ap.add_argument("--exec-raising-every", type=int, default=10,
                    help="exec only every Nth cell of a chunk that raises in CPython")
    ap.add_argument("--no-json-ops", action="store_true", help="only the exec side")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    E.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "30"))
    allc = cells()
    if a.only:
        allc = [c for c in allc if any(o in c[0] for o in a.only)]
    if a.list:
        for lab, ops in allc:
            print(lab, "\t", "; ".join(S.statement(o)[0].replace("\n", "; ") for o in flat_ops(ops)))
        print(len(allc), "cells")
        return 0
    versions = a.versions.split(",")
    r = Runner(a.asan, a.verbose)
    bad = {}
    skipped = 0
    try:
        for v in versions:
            for k in range(0, len(allc), a.chunk):
                chunk = allc[k:k + a.chunk]
                steps, bounds = chunk_steps(chunk)
                print("[%s] cells %d-%d of %d" % (v, k, k + len(chunk), len(allc)), file=sys.stderr, flush=True)
                probs = [] if a.no_json_ops else r.run(v, steps)
                # through POST .../exec: the cells that raise in CPython (their exceptions are compared
                # above) end a source, so only every --exec-raising-every-th of them is run
                sel = chunk
                if not a.no_json_ops and r.last_py.get("recs"):
                    recs = r.last_py["recs"]
                    raising = [ci for ci, (b0, b1) in enumerate(bounds) if any(x.get("error") for x in recs[b0:b1])]
                    sel = [c for ci, c in enumerate(chunk) if ci not in raising or raising.index(ci) % a.exec_raising_every == 0]
                for mode in [m for m in a.exec.split(",") if m]:
                    for lab, pr in run_exec(r.server, v, sel[::a.exec_every], mode, a.verbose):
                        bad.setdefault(lab, {})[v + " exec " + mode] = [("", t) for t in pr]
                        print("FAIL %s [%s exec %s]" % (lab, v, mode))
                        for t in pr[:4]:
                            print("    " + t[:600])
                        sys.stdout.flush()
                if not probs:
                    continue
                # each finding is its cell: the cells the mismatches fall in, run again alone
                hit = []
                for fi, _ in probs:
                    for ci, (b0, b1) in enumerate(bounds):
                        if fi < b1 and (fi >= b0 or ci == 0) and ci not in hit:
                            hit.append(ci)
                            break
                if any(t.startswith("heapd refused") or t.startswith("CPython did not") for _, t in probs):
                    hit = list(range(len(chunk)))  # the run stopped there: every cell alone
                for ci in hit:
                    lab, ops = chunk[ci]
                    s1, _ = chunk_steps([(lab, ops)])
                    p1 = r.run(v, s1)
                    if p1 and p1[0][1].startswith("SKIP"):
                        skipped += 1
                        continue
                    if p1:
                        bad.setdefault(lab, {})[v] = [(S.statement(S.flatten(s1)[fi][2])[0], t) for fi, t in p1]
                        print("FAIL %s [%s]" % (lab, v))
                        for st, t in bad[lab][v][:4]:
                            print("    `%s` %s" % (st.replace("\n", "; ")[:120], t[:400]))
                        sys.stdout.flush()
                    elif a.verbose:
                        print("(chunk-only mismatch near %s [%s]: %s)" % (lab, v, probs[0][1][:300]))
    finally:
        r.stop()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(bad, f, indent=1, ensure_ascii=False)
    nbad = sum(len(x) for x in bad.values())
    print("%d cells x %d versions, %d mismatching (%d cells), %d skipped" % (
        len(allc), len(versions), nbad, len(bad), skipped))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
