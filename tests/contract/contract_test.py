#!/usr/bin/env python3
"""API.md clause by clause, where the random suites do not reach
(helper-67's audit, 2026-12-04): tables of every value spec form, every
operation's options and error, the class operation's __slots__, referents
in gc.get_referents() order, sizeof's deep total, the event log's own
consistency (every destroyed, finalized or resurrected id was announced by
a created event; the summary counts what GET .../objects lists), batch
partial failure, events?after= and dropped, the error shapes, 405's Allow
and CORS on every endpoint and status. Where a clause is about Python, the
answer is compared with the real CPython 3.10-3.13 (PYTHONHASHSEED=0, the
statements run as a file, as tests/exec's run_script() does).

One heapd on a free port of HEAPD_TEST_PORTS; a missing interpreter fails
its checks. CONTRACT_ONLY=substr runs the checks whose name has it;
CONTRACT_PYTHON=3.12 one version; CONTRACT_RANDOM=n random programs and
sequences a version for event-log-random (40). Ends with "N passed, N failed"."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import Heapd, judge_env  # noqa: E402
from tally import Tally  # noqa: E402

VERSIONS = [os.environ["CONTRACT_PYTHON"]] if os.environ.get("CONTRACT_PYTHON") else ["3.10", "3.11", "3.12", "3.13"]
ADDR = re.compile(r"0x[0-9a-f]+")
TALLY = Tally(show_passes=True, max_problems=12)
SRV = None


def find_python(version):
    env = os.environ.get("CPYTHON" + version.replace(".", ""))
    if env:
        return env
    for root in [os.path.expanduser("~/.pyenv"), "/root/.pyenv"]:
        for p in sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python3"))):
            return p
    return None


def run_file(version, source):
    """stdout of `python3 file.py` (PYTHONHASHSEED=0, the judge's environment)"""
    python = find_python(version)
    if not python:
        raise RuntimeError("CPython %s is not installed" % version)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
        path = f.name
    try:
        p = subprocess.run([python, path], capture_output=True, text=True, env=judge_env(), timeout=120)
    finally:
        os.unlink(path)
    if p.returncode != 0:
        raise RuntimeError("CPython %s failed: %s" % (version, p.stderr[-1500:]))
    return p.stdout


report = TALLY.report


def session(**body):
    s, _, b = SRV.request("POST", "/v1/sessions", body)
    assert s == 201, b
    return b["session"]


def op(sid, name, body):
    s, _, b = SRV.request("POST", "/v1/sessions/%s/%s" % (sid, name), body)
    return s, b


def outcome(s, b):
    """an operation's answer as the Python statement's outcome: OK or (type, message)"""
    if s == 200:
        return "OK"
    e = b["error"]
    return (e.get("type"), e["message"]) if e.get("code") == "python_exception" else ("HTTP%d" % s, e.get("code"))


TRY = """try:
    exec(%r)
    print(repr('OK'))
except Exception as e:
    print(repr((type(e).__name__, str(e))))
"""


# ---------------------------------------------------------------- value specs

def T(t, v):
    return {"type": t, "value": v}


# (spec, the Python expression it stands for): API.md "Value specs"
VALUE_SPECS = [
    (None, "None"), (True, "True"), (False, "False"), (0, "0"), (-5, "-5"), (256, "256"), (257, "257"),
    (-6, "-6"), (2 ** 62, str(2 ** 62)), (2 ** 63 - 1, str(2 ** 63 - 1)), (-2 ** 63, str(-2 ** 63)),
    (2 ** 64, str(2 ** 64)), (-2 ** 70, str(-2 ** 70)),
    (1.5, "1.5"), (1e300, "1e300"), (-0.0, "-0.0"), (1e-320, "1e-320"), (0.1, "0.1"), (1e16, "1e16"),
    (123456789.125, "123456789.125"), (1e22, "1e22"),
    ("", "''"), ("x", "'x'"), ("é", "'é'"), ("hello world", "'hello world'"), ("a'b", "\"a'b\""),
    ("a\"b'c", "'a\"b\\'c'"), ("\n\t\x00", "'\\n\\t\\x00'"), ("\U0001F600", "'\U0001F600'"), ("\u20ac", "'\u20ac'"),
    ("\x7f\x80", "'\\x7f\\x80'"), ("\u0100" * 3, "'\u0100' * 3"),
    ([], "[]"), ([1, [2, [3]]], "[1, [2, [3]]]"), ([None, True, 1.5, "s"], "[None, True, 1.5, 's']"),
    (T("int", "123456789012345678901234567890"), "123456789012345678901234567890"),
    (T("int", "-123456789012345678901234567890"), "-123456789012345678901234567890"), (T("int", "0"), "0"),
    (T("int", "-0"), "-0"), (T("int", "5"), "5"), (T("int", "256"), "256"), (T("int", "9" * 60), "9" * 60),
    (T("str", "x"), "'x'"), (T("str", ""), "''"), (T("str", "a b"), "'a b'"),
    (T("float", 1.5), "1.5"), (T("float", 2), "2.0"), (T("float", -0.0), "-0.0"),
    (T("tuple", []), "()"), (T("tuple", [1]), "(1,)"), (T("tuple", [1, "a", None]), "(1, 'a', None)"),
    (T("tuple", [[1]]), "([1],)"), (T("tuple", [T("tuple", [])]), "((),)"),
    (T("set", []), "set()"), (T("set", [1, 2, 2, 3]), "{1, 2, 2, 3}"), (T("set", ["a", "b", "c"]), "{'a', 'b', 'c'}"),
    (T("set", [1.0, 1, True]), "{1.0, 1, True}"), (T("set", [-1, -2]), "{-1, -2}"),
    (T("set", [T("frozenset", [1])]), "{frozenset({1})}"), (T("set", [[1]]), "{[1]}"),
    (T("frozenset", []), "frozenset()"), (T("frozenset", [1, 2]), "frozenset({1, 2})"),
    (T("frozenset", [[1]]), "frozenset({[1]})"), (T("list", [1]), "[1]"), (T("list", []), "[]"),
    (T("dict", {}), "{}"), (T("dict", {"k": 1, "j": [2]}), "{'k': 1, 'j': [2]}"),
    ({"type": "dict", "items": [[1, 2], [T("tuple", [1, 2]), 3], [None, 4]]}, "{1: 2, (1, 2): 3, None: 4}"),
    ({"type": "dict", "items": [[[1], 2]]}, "{[1]: 2}"), ({"type": "dict", "items": [[1, 2], [1, 3]]}, "{1: 2, 1: 3}"),
    ({"type": "dict", "items": [[1.0, 2], [1, 3], [True, 4]]}, "{1.0: 2, 1: 3, True: 4}"),
    ({"type": "dict", "items": []}, "{}"), ({"type": "dict", "items": [["k", T("set", [1])]]}, "{'k': {1}}"),
    (T("bytes", "abc"), "b'abc'"), (T("bytes", ""), "b''"), (T("bytes", "a\\x00\\xff"), "b'a\\x00\\xff'"),
    (T("bytes", "a'b"), "b\"a'b\""), (T("bytes", "\\x41"), "b'A'"), (T("bytes", "x"), "b'x'"),
    ({"type": "object"}, "object()"), ({"value": [1]}, "[1]"),
    # API.md: "value" is optional, and {"type": "ClassName"} is ClassName(): the builtin types
    # with no value are called with no argument (400 until 2026-12-04)
    ({"type": "list"}, "list()"), ({"type": "dict"}, "dict()"), ({"type": "tuple"}, "tuple()"),
    ({"type": "set"}, "set()"), ({"type": "frozenset"}, "frozenset()"), ({"type": "str"}, "str()"),
    ({"type": "bytes"}, "bytes()"), ({"type": "int"}, "int()"), ({"type": "bool"}, "bool()"),
    ([{"type": "list"}, {"type": "dict"}, {"type": "set"}], "[list(), dict(), set()]"),
    ({"type": "tuple", "value": [T("int", "99999999999999999999"), {"type": "object"}]},
     "(99999999999999999999, object())"),
]


def value_specs(version):
    sid = session(python=version)
    src = "import sys, gc\ngc.disable()  # no automatic collection untracks a tuple here\n"
    got = []
    for i, (spec, py) in enumerate(VALUE_SPECS):
        body = {"name": "a%d" % i}
        if isinstance(spec, dict):
            body.update(spec)
        else:
            body["value"] = spec
        s, b = op(sid, "create", body)
        if s == 200:
            r = b["result"]
            got.append(repr((r["type"], ADDR.sub("0x?", r["repr"]), r["size"], r["tracked"])))
        else:
            got.append(repr(outcome(s, b)))
        # each statement compiled alone, as the operation is (exec): a constant of
        # the file's one code object could be untracked by a collection before it runs
        src += ("try:\n exec(%r)\n print(repr((type(a%d).__name__, __import__('re').sub('0x[0-9a-f]+', '0x?', "
                "repr(a%d)), sys.getsizeof(a%d), gc.is_tracked(a%d))))\n"
                "except Exception as e:\n print(repr((type(e).__name__, str(e))))\n") % ("a%d = %s" % (i, py), i, i, i, i)
    real = run_file(version, src).splitlines()
    return ["%s: heapd %s, CPython %s" % (json.dumps(VALUE_SPECS[i][0]), g, r)
            for i, (g, r) in enumerate(zip(got, real)) if g != r]


# ---------------------------------------------------------------- operations

OP_SETUP = [
    ("class", {"name": "Node"}, "class Node: pass"),
    ("class", {"name": "S", "slots": ["x"]}, "class S:\n __slots__ = ('x',)"),
    ("create", {"name": "l", "value": [1, 2, 3]}, "l = [1, 2, 3]"),
    ("create", {"name": "d", "type": "dict", "value": {"k": 1}}, "d = {'k': 1}"),
    ("create", {"name": "s", "type": "set", "value": [1, 2]}, "s = {1, 2}"),
    ("create", {"name": "t", "type": "tuple", "value": [1, 2]}, "t = (1, 2)"),
    ("create", {"name": "n", "type": "Node"}, "n = Node()"),
    ("create", {"name": "o", "type": "S"}, "o = S()"),
    ("create", {"name": "st", "value": "abc"}, "st = 'abc'"),
    ("create", {"name": "i", "value": 5}, "i = 5"),
    ("create", {"name": "fs", "type": "frozenset", "value": [1]}, "fs = frozenset({1})"),
    ("create", {"name": "b", "type": "bytes", "value": "xy"}, "b = b'xy'"),
    ("create", {"name": "wv", "type": "WeakValueDictionary"}, "wv = weakref.WeakValueDictionary()"),
    ("create", {"name": "ws", "type": "WeakSet"}, "ws = weakref.WeakSet()"),
    ("create", {"name": "wk", "type": "WeakKeyDictionary"}, "wk = weakref.WeakKeyDictionary()"),
]

# every operation's forms and errors, run in order in one session (each may
# change what the next sees, as consecutive statements do)
OP_CASES = [
    # a field that takes only a reference takes {"ref": R} too (400 until 2026-12-04)
    ("len", {"ref": {"ref": "l"}}, "len(l)"),
    ("is", {"a": {"ref": "l"}, "b": {"ref": "d"}}, "l is d"),
    ("eq", {"a": {"ref": "l[0]"}, "b": "t[0]"}, "l[0] == t[0]"),
    ("contains", {"in": {"ref": "s"}, "key": 1}, "1 in s"),
    ("link", {"from": {"ref": "n"}, "attr": "k", "to": 1}, "n.k = 1"),
    ("unlink", {"from": {"ref": "n"}, "attr": "k"}, "del n.k"),
    ("deref", {"ref": {"ref": "n"}}, "n()"),
    ("getrefcount", {"ref": {"ref": "nope"}}, "sys.getrefcount(nope)"),
    ("link", {"from": "l", "index": -1, "to": 9}, "l[-1] = 9"),
    ("link", {"from": "l", "index": 3, "to": 9}, "l[3] = 9"),
    ("link", {"from": "l", "index": -4, "to": 9}, "l[-4] = 9"),
    ("link", {"from": "l", "index": 2 ** 64, "to": 9}, "l[%d] = 9" % 2 ** 64),
    ("link", {"from": "t", "index": 0, "to": 9}, "t[0] = 9"),
    ("link", {"from": "st", "index": 0, "to": 9}, "st[0] = 9"),
    ("link", {"from": "b", "index": 0, "to": 9}, "b[0] = 9"),
    ("link", {"from": "d", "index": 0, "to": 9}, "d[0] = 9"),
    ("link", {"from": "s", "index": 0, "to": 9}, "s[0] = 9"),
    ("link", {"from": "i", "attr": "x", "to": 9}, "i.x = 9"),
    ("link", {"from": "l", "attr": "x", "to": 9}, "l.x = 9"),
    ("link", {"from": "o", "attr": "y", "to": 9}, "o.y = 9"),
    ("link", {"from": "o", "attr": "x", "to": "l"}, "o.x = l"),
    ("link", {"from": "n", "attr": "me", "to": "n"}, "n.me = n"),
    ("link", {"from": "n", "attr": "v", "to": {"type": "str", "value": "l"}}, "n.v = 'l'"),
    ("link", {"from": "n", "attr": "r", "to": {"ref": "l"}}, "n.r = l"),
    ("link", {"from": "d", "key": [1], "to": 9}, "d[[1]] = 9"),
    ("link", {"from": "d", "key": {"ref": "t"}, "to": 9}, "d[t] = 9"),
    ("link", {"from": "d", "key": T("tuple", [[1]]), "to": 9}, "d[([1],)] = 9"),
    ("link", {"from": "d", "key": "l", "to": "l"}, "d['l'] = l"),
    ("link", {"from": "l", "key": 0, "to": 9}, "l[0] = 9"),
    ("link", {"from": "l", "key": "a", "to": 9}, "l['a'] = 9"),
    ("link", {"from": "t", "append": True, "to": 9}, "t.append(9)"),
    ("link", {"from": "s", "append": True, "to": 9}, "s.append(9)"),
    ("link", {"from": "l", "add": True, "to": 9}, "l.add(9)"),
    ("link", {"from": "s", "add": True, "to": [1]}, "s.add([1])"),
    ("link", {"from": "s", "add": True, "to": "t"}, "s.add(t)"),
    ("link", {"from": "fs", "add": True, "to": 1}, "fs.add(1)"),
    ("link", {"from": "d", "append": True, "to": 1}, "d.append(1)"),
    ("link", {"from": "n", "append": True, "to": 1}, "n.append(1)"),
    ("link", {"from": "ws", "add": True, "to": "n"}, "ws.add(n)"),
    ("link", {"from": "ws", "add": True, "to": "l"}, "ws.add(l)"),
    ("link", {"from": "wv", "key": "k", "to": "n"}, "wv['k'] = n"),
    ("link", {"from": "wv", "key": "j", "to": 1}, "wv['j'] = 1"),
    ("link", {"from": "l", "append": True, "to": "l"}, "l.append(l)"),
    ("link", {"from": "wk", "key": {"ref": "n"}, "to": 1}, "wk[n] = 1"),
    ("link", {"from": "wk", "key": 1, "to": 1}, "wk[1] = 1"),
    ("link", {"from": "wk", "key": [1], "to": 1}, "wk[[1]] = 1"),
    ("link", {"from": "wk", "attr": "x", "to": "wk"}, "wk.x = wk"),
    ("contains", {"in": "wk", "key": {"ref": "n"}}, "n in wk"),
    ("contains", {"in": "wk", "key": 1}, "1 in wk"),
    ("len", {"ref": "wk"}, "len(wk)"),
    ("unlink", {"from": "wk", "key": {"ref": "o"}}, "del wk[o]"),
    ("unlink", {"from": "wk", "key": 1}, "del wk[1]"),
    ("unlink", {"from": "wk", "key": {"ref": "n"}}, "del wk[n]"),
    ("unlink", {"from": "wk", "attr": "x"}, "del wk.x"),
    ("unlink", {"from": "wk", "attr": "x"}, "del wk.x"),
    ("weakref", {"name": "w", "target": "wk"}, "w = weakref.ref(wk)"),
    ("weakref", {"name": "w", "target": "ws"}, "w = weakref.ref(ws)"),
    ("deref", {"ref": "wk"}, "wk()"),
    ("eq", {"a": "wk", "b": "wv"}, "wk == wv"),
    ("eq", {"a": "ws", "b": "s"}, "ws == s"),
    ("contains", {"in": "ws", "key": {"ref": "n"}}, "n in ws"),
    ("unlink", {"from": "ws", "discard": {"ref": "n"}}, "ws.discard(n)"),
    ("len", {"ref": "ws"}, "len(ws)"),
    ("unlink", {"from": "l", "index": 9}, "del l[9]"),
    ("unlink", {"from": "l", "index": -1}, "del l[-1]"),
    ("unlink", {"from": "t", "index": 0}, "del t[0]"),
    ("unlink", {"from": "d", "key": "zz"}, "del d['zz']"),
    ("unlink", {"from": "d", "key": [1]}, "del d[[1]]"),
    ("unlink", {"from": "d", "key": {"ref": "t"}}, "del d[t]"),
    ("unlink", {"from": "n", "attr": "zz"}, "del n.zz"),
    ("unlink", {"from": "n", "attr": "me"}, "del n.me"),
    ("unlink", {"from": "o", "attr": "x"}, "del o.x"),
    ("unlink", {"from": "o", "attr": "x"}, "del o.x"),
    ("unlink", {"from": "o", "attr": "q"}, "del o.q"),
    ("unlink", {"from": "i", "attr": "q"}, "del i.q"),
    ("unlink", {"from": "s", "discard": 7}, "s.discard(7)"),
    ("unlink", {"from": "s", "discard": [7]}, "s.discard([7])"),
    ("unlink", {"from": "s", "discard": "t"}, "s.discard(t)"),
    ("unlink", {"from": "s", "discard": {"ref": "t"}}, "s.discard(t)"),
    ("unlink", {"from": "l", "discard": 7}, "l.discard(7)"),
    ("unlink", {"from": "fs", "discard": 1}, "fs.discard(1)"),
    ("unlink", {"from": "ws", "discard": "n"}, "ws.discard(n)"),
    ("unlink", {"from": "ws", "discard": [1]}, "ws.discard([1])"),
    ("unlink", {"from": "st", "key": 0}, "del st[0]"),
    ("unlink", {"from": "l", "key": "x"}, "del l['x']"),
    ("unlink", {"from": "wv", "key": "nope"}, "del wv['nope']"),
    ("del", {"names": ["zz"]}, "del zz"),
    ("len", {"ref": "i"}, "len(i)"),
    ("len", {"ref": "n"}, "len(n)"),
    ("len", {"ref": "wv"}, "len(wv)"),
    ("contains", {"in": "i", "key": 1}, "1 in i"),
    ("contains", {"in": "n", "key": 1}, "1 in n"),
    ("contains", {"in": "d", "key": [1]}, "[1] in d"),
    ("contains", {"in": "s", "key": [1]}, "[1] in s"),
    ("contains", {"in": "s", "key": T("set", [1])}, "{1} in s"),
    ("contains", {"in": "st", "key": 1}, "1 in st"),
    ("contains", {"in": "b", "key": 300}, "300 in b"),
    ("contains", {"in": "b", "key": "x"}, "'x' in b"),
    ("contains", {"in": "l", "key": [1]}, "[1] in l"),
    ("contains", {"in": "fs", "key": T("set", [1])}, "{1} in fs"),
    ("contains", {"in": "wv", "key": [1]}, "[1] in wv"),
    ("contains", {"in": "ws", "key": [1]}, "[1] in ws"),
    ("intern", {"name": "q", "value": 1}, "q = sys.intern(1)"),
    ("intern", {"name": "q", "value": {"ref": "l"}}, "q = sys.intern(l)"),
    ("weakref", {"name": "w", "target": "l"}, "w = weakref.ref(l)"),
    ("weakref", {"name": "w", "target": "i"}, "w = weakref.ref(i)"),
    ("weakref", {"name": "w", "target": "t"}, "w = weakref.ref(t)"),
    ("weakref", {"name": "w", "target": "o"}, "w = weakref.ref(o)"),
    ("weakref", {"name": "w", "target": "s"}, "w = weakref.ref(s)"),
    ("weakref", {"name": "w", "target": "st"}, "w = weakref.ref(st)"),
    ("weakref", {"name": "w", "target": None}, "w = weakref.ref(None)"),
    ("weakref", {"name": "w", "target": "b"}, "w = weakref.ref(b)"),
    ("weakref", {"name": "w", "target": "d"}, "w = weakref.ref(d)"),
    ("weakref", {"name": "w", "target": "Node"}, "w = weakref.ref(Node)"),
    ("deref", {"ref": "l"}, "l()"),
    ("deref", {"ref": "n"}, "n()"),
    ("deref", {"ref": "Node"}, "Node()"),
    ("collect", {"generation": 3}, "gc.collect(3)"),
    ("collect", {"generation": -1}, "gc.collect(-1)"),
    ("getrefcount", {"ref": "zz"}, "sys.getrefcount(zz)"),
    ("getrefcount", {"ref": "n.zz"}, "sys.getrefcount(n.zz)"),
    ("getrefcount", {"ref": "l[7]"}, "sys.getrefcount(l[7])"),
    ("getrefcount", {"ref": "d['zz']"}, "sys.getrefcount(d['zz'])"),
    ("getrefcount", {"ref": "d[0]"}, "sys.getrefcount(d[0])"),
    ("getrefcount", {"ref": "l['a']"}, "sys.getrefcount(l['a'])"),
    ("getrefcount", {"ref": "i[0]"}, "sys.getrefcount(i[0])"),
    ("getrefcount", {"ref": "s[0]"}, "sys.getrefcount(s[0])"),
    ("getrefcount", {"ref": "st[5]"}, "sys.getrefcount(st[5])"),
    ("getrefcount", {"ref": "n[0]"}, "sys.getrefcount(n[0])"),
    ("getrefcount", {"ref": "i.real"}, "sys.getrefcount(i.real)"),
    ("getrefcount", {"ref": "l[-9]"}, "sys.getrefcount(l[-9])"),
    ("getrefcount", {"ref": "l[99999999999999999999]"}, "sys.getrefcount(l[99999999999999999999])"),
    ("getrefcount", {"ref": "wv['nope']"}, "sys.getrefcount(wv['nope'])"),
    ("getrefcount", {"ref": "o.x"}, "sys.getrefcount(o.x)"),
    ("eq", {"a": "l", "b": "zz"}, "l == zz"),
    ("is", {"a": "zz", "b": "l"}, "zz is l"),
    ("sizeof", {"ref": "zz"}, "sys.getsizeof(zz)"),
    ("sizeof", {"ref": "zz", "deep": True}, "sys.getsizeof(zz)"),
    ("id", {"ref": "zz"}, "id(zz)"),
    ("assign", {"name": "c", "to": "zz"}, "c = zz"),
    ("assign", {"name": "c", "to": {"type": "Node2"}}, "c = Node2()"),
    ("assign", {"name": "c", "to": {"type": "Node"}}, "c = Node()"),
    ("assign", {"name": "c", "to": 1}, "c = 1"),
    ("link", {"from": "zz", "attr": "x", "to": 1}, "zz.x = 1"),
    ("link", {"from": "n", "attr": "x", "to": "zz"}, "n.x = zz"),
    ("unlink", {"from": "zz", "attr": "x"}, "del zz.x"),
    ("unlink", {"from": "n", "discard": 1}, "n.discard(1)"),
    ("weakref", {"name": "w2", "target": "zz"}, "w2 = weakref.ref(zz)"),
    ("contains", {"in": "zz", "key": 1}, "1 in zz"),
    ("contains", {"in": "l", "key": {"ref": "zz"}}, "zz in l"),
    ("create", {"name": "c", "type": "S", "attrs": {"x": 1, "b": 2}}, "c = S(); c.x = 1; c.b = 2"),
    ("create", {"name": "c", "value": [1], "attrs": {"b": 2}}, "c = [1]; c.b = 2"),
    ("create", {"name": "c", "type": "object", "attrs": {"b": 2}}, "c = object(); c.b = 2"),
    ("create", {"name": "c", "type": "WeakSet", "attrs": {"b": 2}}, "c = weakref.WeakSet(); c.b = 2"),
    ("create", {"name": "c", "type": "Node", "attrs": {"a": 1, "b": "zz"}}, "c = Node(); c.a = 1; c.b = 'zz'"),
    ("del", {"names": ["c", "nope", "l"]}, "del c, nope, l"),
    ("len", {"ref": "l"}, "len(l)"),
]


def operations(version):
    sid = session(python=version)
    src = "import sys, gc, weakref\n"
    for o, b, p in OP_SETUP:
        s, r = op(sid, o, b)
        if s != 200:
            return ["setup %s %s: %s" % (o, b, r)]
        src += p + "\n"
    got = []
    for o, b, p in OP_CASES:
        got.append(repr(outcome(*op(sid, o, b))))
        src += TRY % p
    real = run_file(version, src).splitlines()
    return ["%s %s (%s): heapd %s, CPython %s" % (OP_CASES[i][0], json.dumps(OP_CASES[i][1]), OP_CASES[i][2], g, r)
            for i, (g, r) in enumerate(zip(got, real)) if g != r]


# ---------------------------------------------------------------- class slots

SLOTS = [["x", "x"], ["__dict__"], ["__dict__", "__dict__"], ["__weakref__", "__weakref__"], [""], ["1"], ["class"],
         [], ["__x"], ["_Node__y", "__y"], ["__dict__", "x"], ["é"], ["a b"], ["x", "__weakref__"],
         ["__weakref__", "__dict__"]]


def class_slots(version):
    sid = session(python=version)
    src = "import weakref, sys\n"
    got = []
    for sl in SLOTS:
        s, r = op(sid, "class", {"name": "Node", "slots": sl})
        if s != 200:
            got.append(repr(outcome(s, r)))
        else:
            s2, r2 = op(sid, "create", {"name": "n", "type": "Node"})
            h3 = outcome(*op(sid, "weakref", {"name": "w", "target": "n"}))
            h4 = outcome(*op(sid, "link", {"from": "n", "attr": "zz", "to": 1}))
            got.append(repr(("OK", outcome(s2, r2), h3, h4, r2.get("result", {}).get("size"))))
        src += """try:
    class Node:
        __slots__ = %r
    n = Node()
    try:
        w = weakref.ref(n); h3 = 'OK'
    except Exception as e:
        h3 = (type(e).__name__, str(e))
    try:
        n.zz = 1; h4 = 'OK'
    except Exception as e:
        h4 = (type(e).__name__, str(e))
    print(repr(('OK', 'OK', h3, h4, sys.getsizeof(n))))
except Exception as e:
    print(repr((type(e).__name__, str(e))))
""" % (tuple(sl),)
    real = run_file(version, src).splitlines()
    return ["slots %s: heapd %s, CPython %s" % (SLOTS[i], g, r) for i, (g, r) in enumerate(zip(got, real)) if g != r]


# ---------------------------------------------------------------- class, intern, ==/in

# (operation, body, the statement; its answer printed): the class operation's
# counts and sizes, a class's death, sys.intern()'s identity and counts
SEQUENCES = {
    "class": [
        ("class", {"name": "Node"}, "class Node: pass"), ("getrefcount", {"ref": "Node"}, "sys.getrefcount(Node)"),
        ("sizeof", {"ref": "Node"}, "sys.getsizeof(Node)"), ("create", {"name": "n", "type": "Node"}, "n = Node()"),
        ("getrefcount", {"ref": "Node"}, "sys.getrefcount(Node)"),
        ("class", {"name": "S", "slots": ["a", "b"], "finalizer": "log"},
         "class S:\n __slots__ = ('a', 'b')\n def __del__(self): pass"),
        ("getrefcount", {"ref": "S"}, "sys.getrefcount(S)"), ("sizeof", {"ref": "S"}, "sys.getsizeof(S)"),
        ("weakref", {"name": "w", "target": "Node"}, "w = weakref.ref(Node)"),
        ("getrefcount", {"ref": "Node"}, "sys.getrefcount(Node)"), ("del", {"names": ["Node"]}, "del Node"),
        ("getrefcount", {"ref": "n"}, "sys.getrefcount(n)"), ("collect", {}, "gc.collect()"),
        ("del", {"names": ["n"]}, "del n"), ("collect", {}, "gc.collect()"), ("deref", {"ref": "w"}, "w()"),
        ("class", {"name": "R", "finalizer": "resurrect"}, "class R:\n def __del__(self): _resurrected.append(self)"),
        ("getrefcount", {"ref": "R"}, "sys.getrefcount(R)"), ("sizeof", {"ref": "R"}, "sys.getsizeof(R)"),
        ("weakref", {"name": "w2", "target": "S"}, "w2 = weakref.ref(S)"), ("del", {"names": ["S"]}, "del S"),
        ("collect", {}, "gc.collect()"), ("deref", {"ref": "w2"}, "w2()"),
    ],
    "intern": [
        ("intern", {"name": "s", "value": "hello world"}, "s = sys.intern('hello world')"),
        ("getrefcount", {"ref": "s"}, "sys.getrefcount(s)"),
        ("create", {"name": "t", "value": "hello world"}, "t = 'hello world'"), ("is", {"a": "s", "b": "t"}, "s is t"),
        ("intern", {"name": "u", "value": {"ref": "t"}}, "u = sys.intern(t)"), ("is", {"a": "u", "b": "s"}, "u is s"),
        ("getrefcount", {"ref": "s"}, "sys.getrefcount(s)"),
        ("create", {"name": "v", "value": "h\u00e9llo w\u00f6rld"}, "v = 'h\u00e9llo w\u00f6rld'"),
        ("intern", {"name": "w", "value": {"ref": "v"}}, "w = sys.intern(v)"), ("is", {"a": "v", "b": "w"}, "v is w"),
        ("getrefcount", {"ref": "v"}, "sys.getrefcount(v)"), ("sizeof", {"ref": "v"}, "sys.getsizeof(v)"),
        ("create", {"name": "x", "value": "abc_def"}, "x = 'abc_def'"), ("getrefcount", {"ref": "x"}, "sys.getrefcount(x)"),
        ("intern", {"name": "y", "value": "abc_def"}, "y = sys.intern('abc_def')"), ("is", {"a": "x", "b": "y"}, "x is y"),
        ("del", {"names": ["s", "u"]}, "del s, u"), ("getrefcount", {"ref": "t"}, "sys.getrefcount(t)"),
        ("intern", {"name": "z", "value": {"ref": "t"}}, "z = sys.intern(t)"), ("is", {"a": "z", "b": "t"}, "z is t"),
        ("create", {"name": "e", "value": ""}, "e = ''"), ("intern", {"name": "f", "value": {"ref": "e"}}, "f = sys.intern(e)"),
        ("is", {"a": "e", "b": "f"}, "e is f"),
        ("create", {"name": "a", "value": 257}, "a = 257"), ("create", {"name": "b", "value": 257}, "b = 257"),
        ("is", {"a": "a", "b": "b"}, "a is b"), ("create", {"name": "c", "value": 256}, "c = 256"),
        ("create", {"name": "d", "type": "int", "value": "256"}, "d = 256"), ("is", {"a": "c", "b": "d"}, "c is d"),
    ],
}


def sequences(version):
    problems = []
    for name, seq in SEQUENCES.items():
        sid = session(python=version)
        src = "import sys, gc, weakref\ngc.disable()\n_resurrected = []\n"
        got = []
        for o, b, p in seq:
            s, r = op(sid, o, b)
            if o in ("getrefcount", "sizeof", "collect", "is"):
                got.append(repr(r["result"]) if s == 200 else repr(outcome(s, r)))
                src += "print(repr(eval(compile(%r, 's', 'eval'))))\n" % p
            elif o == "deref":
                got.append(repr(r["result"] is None) if s == 200 else repr(outcome(s, r)))
                src += "print(repr(eval(compile(%r, 's', 'eval')) is None))\n" % p
            else:
                if s != 200:
                    got.append(repr(outcome(s, r)))
                    src += "print(repr('statement %s failed in heapd'))\n" % o
                src += "exec(%r)\n" % p
        real = run_file(version, src).splitlines()
        problems += ["%s[%d]: heapd %s, CPython %s" % (name, i, g, r) for i, (g, r) in enumerate(zip(got, real)) if g != r]
        if len(got) != len(real):
            problems.append("%s: %d answers, CPython printed %d" % (name, len(got), len(real)))
    return problems


EQ_VALUES = [(1, "1"), (1.0, "1.0"), (True, "True"), (0, "0"), (-0.0, "-0.0"), (0.0, "0.0"), (False, "False"),
             (None, "None"), (2 ** 64, str(2 ** 64)), (float(2 ** 64), "18446744073709551616.0"), ("a", "'a'"),
             (T("bytes", "a"), "b'a'"), (T("tuple", [1, 2]), "(1, 2)"), (T("tuple", [1.0, 2]), "(1.0, 2)"),
             (T("frozenset", [1, 2]), "frozenset({1, 2})"), (T("set", [2, 1]), "{2, 1}"), ([1, 2], "[1, 2]"),
             (T("tuple", []), "()"), (T("list", []), "[]"), (T("dict", {"a": 1}), "{'a': 1}"),
             ({"type": "dict", "items": [["a", 1.0]]}, "{'a': 1.0}"),
             (T("int", "123456789012345678901234567890"), "123456789012345678901234567890"), (1.5, "1.5"), ("", "''"),
             (T("bytes", ""), "b''"), (T("frozenset", []), "frozenset()"), (T("set", []), "set()"),
             (T("tuple", [[1]]), "([1],)"), (T("frozenset", [T("tuple", [1])]), "frozenset({(1,)})"),
             ({"type": "object"}, "object()")]
EQ_CONTAINERS = [
    ("l", [1, "a", 1.5, T("tuple", [1, 2]), None, [1, 2]], "[1, 'a', 1.5, (1, 2), None, [1, 2]]"),
    ("s", T("set", [1, "a", T("tuple", [1, 2]), T("frozenset", [1, 2]), 2 ** 64, 0.0]),
     "{1, 'a', (1, 2), frozenset({1, 2}), %d, 0.0}" % 2 ** 64),
    ("d", {"type": "dict", "items": [[1, "x"], [T("tuple", [1, 2]), 2], [None, 3], ["", 4], [T("bytes", "a"), 5]]},
     "{1: 'x', (1, 2): 2, None: 3, '': 4, b'a': 5}"),
    ("t", T("tuple", [1, 2, "a"]), "(1, 2, 'a')"), ("st", "abc", "'abc'"), ("b", T("bytes", "abc"), "b'abc'"),
    ("fs", T("frozenset", [1, "a"]), "frozenset({1, 'a'})")]


def eq_contains(version):
    """eq and contains over numbers, strs, bytes and containers of each (1 == 1.0 == True, -0.0, unhashable keys)"""
    import random
    rng = random.Random(67)
    sid = session(python=version)
    src = "import sys\n"
    for n, v, p in EQ_CONTAINERS:
        s, r = op(sid, "create", {"name": n, "value": v})
        if s != 200:
            return ["setup %s: %s" % (n, r)]
        src += "%s = %s\n" % (n, p)
    for i, (v, p) in enumerate(EQ_VALUES):
        s, r = op(sid, "create", {"name": "v%d" % i, "value": v})
        if s != 200:
            return ["setup v%d: %s" % (i, r)]
        src += "v%d = %s\n" % (i, p)
    got, descs = [], []
    for _ in range(160):
        kind = rng.choice(["eq", "contains", "containsv"])
        i, j = rng.randrange(len(EQ_VALUES)), rng.randrange(len(EQ_VALUES))
        n = rng.choice(EQ_CONTAINERS)[0]
        if kind == "eq":
            s, r = op(sid, "eq", {"a": "v%d" % i, "b": "v%d" % j})
            desc = "v%d == v%d" % (i, j)
        elif kind == "contains":
            s, r = op(sid, "contains", {"in": n, "key": EQ_VALUES[i][0]})
            desc = "%s in %s" % (EQ_VALUES[i][1], n)
        else:
            s, r = op(sid, "contains", {"in": n, "key": {"ref": "v%d" % i}})
            desc = "v%d in %s" % (i, n)
        got.append(repr(r["result"]) if s == 200 else repr(outcome(s, r)))
        descs.append(desc)
        src += "try:\n print(repr(%s))\nexcept Exception as e:\n print(repr((type(e).__name__, str(e))))\n" % desc
    real = run_file(version, src).splitlines()
    return ["%s: heapd %s, CPython %s" % (d, g, r) for d, g, r in zip(descs, got, real) if g != r]


# ---------------------------------------------------------------- reads

READ_SETUP = [
    ("class", {"name": "Node"}, "class Node: pass"),
    ("class", {"name": "S", "slots": ["x", "y", "__weakref__"]}, "class S:\n __slots__ = ('x', 'y', '__weakref__')"),
    ("create", {"name": "l", "value": [1, "a", [2]]}, "l = [1, 'a', [2]]"),
    ("create", {"name": "d", "type": "dict", "value": {"k": 1, "j": [2]}}, "d = {'k': 1, 'j': [2]}"),
    ("create", {"name": "d2", "type": "dict", "items": [[1, "x"], [2, [3]]]}, "d2 = {1: 'x', 2: [3]}"),
    ("create", {"name": "s", "type": "set", "value": [1, 2, "q"]}, "s = {1, 2, 'q'}"),
    ("create", {"name": "t", "type": "tuple", "value": [1, [2]]}, "t = (1, [2])"),
    ("create", {"name": "n", "type": "Node", "attrs": {"b": "l", "a": {"ref": "l"}}}, "n = Node(); n.b = 'l'; n.a = l"),
    ("create", {"name": "o", "type": "S", "attrs": {"y": 1, "x": {"ref": "l"}}}, "o = S(); o.y = 1; o.x = l"),
    ("weakref", {"name": "w", "target": "o"}, "w = weakref.ref(o)"),
    ("create", {"name": "fs", "type": "frozenset", "value": [1, "z"]}, "fs = frozenset({1, 'z'})"),
    ("create", {"name": "wv", "type": "WeakValueDictionary"}, "wv = weakref.WeakValueDictionary()"),
    ("link", {"from": "wv", "key": "k", "to": "n"}, "wv['k'] = n"),
    ("create", {"name": "ws", "type": "WeakSet"}, "ws = weakref.WeakSet()"),
    ("create", {"name": "ob", "type": "object"}, "ob = object()"),
    ("create", {"name": "c", "value": []}, "c = []"),
    ("link", {"from": "c", "append": True, "to": "c"}, "c.append(c)"),
    ("link", {"from": "c", "append": True, "to": "d"}, "c.append(d)"),
]
READ_NAMES = ["l", "d", "d2", "s", "t", "n", "o", "w", "fs", "wv", "ws", "ob", "c"]


def referents(version):
    """GET objects/{id}: referents in gc.get_referents() order; referrers name the namespace's bindings"""
    sid = session(python=version)
    src = "import sys, gc, weakref\n"
    for o, b, p in READ_SETUP:
        s, r = op(sid, o, b)
        if s != 200:
            return ["setup %s: %s" % (b, r)]
        src += p + "\n"
    _, _, summ = SRV.request("GET", "/v1/sessions/" + sid)
    names = summ["names"]
    inv = {v: k for k, v in names.items()}
    src += "ids = {id(v): k for k, v in list(globals().items()) if k in %r}\n" % sorted(names)
    problems, got = [], []
    for nm in READ_NAMES:
        s, _, b = SRV.request("GET", "/v1/sessions/%s/objects/%d" % (sid, names[nm]))
        refs = []
        for i in b["referents"]:
            s2, _, b2 = SRV.request("GET", "/v1/sessions/%s/objects/%d" % (sid, i))
            refs.append(inv.get(i, b2["type"] if s2 == 200 else "?"))
        got.append(repr(refs))
        if "name:" + nm not in b["referrers"]:
            problems.append("%s: referrers %s lack name:%s" % (nm, b["referrers"], nm))
        src += "print(repr([ids.get(id(x), type(x).__name__) for x in gc.get_referents(%s)]))\n" % nm
    real = run_file(version, src).splitlines()
    return problems + ["referents of %s: heapd %s, CPython %s" % (READ_NAMES[i], g, r)
                       for i, (g, r) in enumerate(zip(got, real)) if g != r]


DEEP = """
def shared(x):
    if x is None or type(x) is bool or x == ():
        return type(x) is not tuple or x is ()
    if type(x) is int and -5 <= x <= 256:
        return True
    if type(x) is str and (len(x) == 0 or (len(x) == 1 and ord(x) < 256) or x.isidentifier()):
        return True
    return False
def deep(r):
    seen, tot, st = set(), 0, [r]
    while st:
        x = st.pop()
        if id(x) in seen or isinstance(x, type) or shared(x):
            continue
        seen.add(id(x))
        tot += sys.getsizeof(x)
        st.extend(gc.get_referents(x))
    return tot
"""


def deep_sizeof(version):
    """sizeof deep: every object reachable from r once, leaving out classes and the shared objects"""
    sid = session(python=version)
    src = "import sys, gc, weakref\n"
    for o, b, p in READ_SETUP + [
            ("create", {"name": "big", "value": [1000, "hello world", [2000.5, "x y"],
                                                 T("tuple", [3000, T("int", "123456789012345678901234567890")])]},
             "big = [1000, 'hello world', [2000.5, 'x y'], (3000, 123456789012345678901234567890)]"),
            ("create", {"name": "sh", "value": [1, 2, None, True, "a", "", T("tuple", [])]},
             "sh = [1, 2, None, True, 'a', '', ()]")]:
        s, r = op(sid, o, b)
        if s != 200:
            return ["setup %s: %s" % (b, r)]
        src += p + "\n"
    src += DEEP
    names = [n for n in READ_NAMES if n not in ("w", "wv", "ws")] + ["big", "sh", "Node"]
    got = []
    for nm in names:
        s, r = op(sid, "sizeof", {"ref": nm, "deep": True})
        got.append(repr((r["result"]["size"], r["result"]["deep"])) if s == 200 else repr(r))
        src += "print(repr((sys.getsizeof(%s), deep(%s))))\n" % (nm, nm)
    real = run_file(version, src).splitlines()
    return ["deep sizeof %s: heapd %s, CPython %s" % (names[i], g, r) for i, (g, r) in enumerate(zip(got, real))
            if g != r]


# ---------------------------------------------------------------- events

EVENT_SOURCES = [
    "print(1)\n",
    "x = 1.5\nprint(12345)\nprint(x)\nprint('\\u00e9', x)\n",
    "a = [1, 2]\nprint(a, len(a), a is a)\nprint(a, sep='-', end='!')\n",
    "class N:\n    def __del__(self):\n        print('bye')\nn = N()\nprint(n is n)\ndel n\n",
    "import gc\nl = [1]\nl.append(l)\nprint(l)\ndel l\nprint(gc.collect())\n",
    "d = {'k': (1, 2)}\nprint(d, d['k'])\nt = (1.5,)\nprint(t)\n",
    "s = 'hello world'\nprint(s)\nprint(s, s)\nprint(f'{s}!')\n",
]


def event_log(version):
    """every destroyed, finalized, resurrected id was announced by a created
    event, and what GET .../objects lists was created (the interpreter's own
    objects, print()'s strs and the TextIOWrapper's pending text among them,
    have no events); the summary counts what the listing holds"""
    problems = []
    for src in EVENT_SOURCES:
        for stdout in ("unbuffered", "pipe"):
            for mode in ("module", "statements"):
                sid = session(python=version, stdout=stdout)
                s, _, b = SRV.request("POST", "/v1/sessions/%s/exec" % sid, {"source": src, "mode": mode})
                if s != 200:
                    problems.append("%r %s: %d %s" % (src, mode, s, b))
                    continue
                _, _, ev = SRV.request("GET", "/v1/sessions/%s/events" % sid)
                live = set()
                for e in ev["events"]:
                    if e["event"] == "created":
                        live.add(e["id"])
                    elif e["event"] == "destroyed" and e["id"] not in live:
                        problems.append("%r %s %s: destroyed %s %#x never created" % (src, stdout, mode, e["type"],
                                                                                      e["id"]))
                    elif e["event"] in ("finalized", "resurrected") and e["id"] not in live:
                        problems.append("%r %s %s: %s %#x never created" % (src, stdout, mode, e["event"], e["id"]))
                    if e["event"] == "destroyed":
                        live.discard(e["id"])
                _, _, summ = SRV.request("GET", "/v1/sessions/%s" % sid)
                _, _, objs = SRV.request("GET", "/v1/sessions/%s/objects" % sid)
                listed = {o["id"]: o for o in objs["objects"]}
                for i in set(listed) - live:
                    problems.append("%r %s %s: lists %s %s, never created" % (src, stdout, mode, listed[i]["type"],
                                                                              listed[i]["repr"]))
                if summ["objects"] != len(listed) or summ["bytes"] != sum(o["size"] for o in listed.values()):
                    problems.append("%r %s %s: summary %d objects %d bytes, the listing %d, %d" % (
                        src, stdout, mode, summ["objects"], summ["bytes"], len(listed),
                        sum(o["size"] for o in listed.values())))
                SRV.request("DELETE", "/v1/sessions/" + sid)
    return problems


def log_consistency(sid):
    """the event log's and the listing's consistency of a session (event_log()'s rules)"""
    problems = []
    _, _, ev = SRV.request("GET", "/v1/sessions/%s/events" % sid)
    if ev["dropped"]:
        return problems
    live = set()
    for e in ev["events"]:
        if e["event"] == "created":
            live.add(e["id"])
        elif e["event"] in ("destroyed", "finalized", "resurrected") and e["id"] not in live:
            problems.append("%s %s %#x never created" % (e["event"], e["type"], e["id"]))
        if e["event"] == "destroyed":
            live.discard(e["id"])
    _, _, summ = SRV.request("GET", "/v1/sessions/%s" % sid)
    _, _, objs = SRV.request("GET", "/v1/sessions/%s/objects" % sid)
    if "next" in objs:
        return problems
    listed = {o["id"]: o for o in objs["objects"]}
    problems += ["lists %s %s, never created" % (listed[i]["type"], listed[i]["repr"][:60]) for i in set(listed) - live]
    if summ["objects"] != len(listed) or summ["bytes"] != sum(o["size"] for o in listed.values()):
        problems.append("summary %d objects %d bytes, the listing %d" % (summ["objects"], summ["bytes"], len(listed)))
    return problems


def load_generator(path, name):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def event_log_random(version):
    """event_log()'s consistency over seeded random programs (tests/execfuzz/gen.py, both
    modes, both stdouts) and operation sequences (tests/difffuzz/gen.py): heapd alone"""
    import random
    tests = os.path.join(HERE, "..")
    egen = load_generator(os.path.join(tests, "execfuzz", "gen.py"), "contract_execgen")
    dgen = load_generator(os.path.join(tests, "difffuzz", "gen.py"), "contract_diffgen")
    problems = []
    base = 67000 + 1000 * VERSIONS.index(version) if version in VERSIONS else 67000
    for seed in range(base, base + int(os.environ.get("CONTRACT_RANDOM", "40"))):
        rng = random.Random(seed)
        sid = session(python=version, stdout=rng.choice(["unbuffered", "pipe"]))
        if seed % 2:
            src = "\n".join(egen.generate(seed)) + "\n"
            mode = rng.choice(["module", "statements"])
            SRV.request("POST", "/v1/sessions/%s/exec" % sid, {"source": src, "mode": mode})
            what = "execfuzz program %d (%s)" % (seed, mode)
        else:
            for st in dgen.generate(seed, version=version):
                if "batch" in st:
                    SRV.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": st["batch"]})
                elif isinstance(st.get("op"), str) and not st["op"].startswith("$"):
                    body = {k: v for k, v in st.items() if k != "op"}
                    SRV.request("POST", "/v1/sessions/%s/%s" % (sid, st["op"]), body)
            what = "difffuzz sequence %d" % seed
        problems += ["%s: %s" % (what, p) for p in log_consistency(sid)]
        SRV.request("DELETE", "/v1/sessions/" + sid)
    return problems


def events_after(version):
    """GET events?after=N: seq > N in order; dropped counts those > N no longer kept"""
    problems = []
    sid = session(python=version)
    batch = [{"op": "create", "name": "x", "value": []} for _ in range(1000)]
    for _ in range(6):
        s, _, b = SRV.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": batch})
        if s != 200:
            return ["batch: %d %s" % (s, b)]
    _, _, e = SRV.request("GET", "/v1/sessions/%s/events" % sid)
    last = e["events"][-1]["seq"]
    first = e["events"][0]["seq"]
    if len(e["events"]) < 10000 or e["dropped"] != first - 1:
        problems.append("events: %d kept, first %d, dropped %d" % (len(e["events"]), first, e["dropped"]))
    for after in (0, 5, first - 1, first, last - 1, last, last + 100):
        s, _, b = SRV.request("GET", "/v1/sessions/%s/events?after=%d" % (sid, after))
        seqs = [x["seq"] for x in b["events"]]
        want = list(range(max(after, first - 1) + 1, last + 1))
        if s != 200 or seqs != want or b["dropped"] != max(0, first - 1 - after):
            problems.append("after=%d: %d, seqs %s..%s (%d), dropped %s" % (after, s, seqs[:1], seqs[-1:], len(seqs),
                                                                           b.get("dropped")))
    for q in ("after=-1", "after=x", "after=", "after=1.5", "after=1&after=2", "limit=2"):
        s, _, b = SRV.request("GET", "/v1/sessions/%s/events?%s" % (sid, q))
        if s != 400 or b["error"]["code"] != "bad_request":
            problems.append("?%s: %d %s" % (q, s, b))
    return problems


# ---------------------------------------------------------------- batch

def batch(version):
    """a batch stops at its first failing op: that op's status and body, its
    index, and the results of the ops before it, which stay applied"""
    problems = []
    sid = session(python=version)
    cases = [
        ([{"op": "create", "name": "a", "value": [1]}, {"op": "len", "ref": "nope"}, {"op": "create", "name": "b",
                                                                                      "value": 1}],
         422, 1, "NameError"),
        ([{"op": "create", "name": "c", "value": [1]}, {"op": "create", "name": "d"}], 400, 1, None),
        ([{"op": "create", "name": "e", "value": [1]}, {"op": "getrefcount", "ref": 12345}], 404, 1, None),
        ([{"op": "create", "name": "f", "value": 1}, {"op": "nope"}], 400, 1, None),
        ([{"op": "del", "name": "f"}, {"op": "create", "name": "g", "value": [1], "bogus": 1}], 400, 1, None),
        ([{"op": "create", "name": "h", "value": 2}, {"op": "create", "name": "__h__", "value": 1}], 400, 1, None),
    ]
    for ops, status, index, etype in cases:
        s, _, b = SRV.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": ops})
        err = b.get("error", {}) if isinstance(b, dict) else {}
        if s != status or err.get("index") != index or len(err.get("results", [])) != index or \
                (etype and err.get("type") != etype) or not err.get("message"):
            problems.append("%s: %d %s" % (json.dumps(ops), s, b))
    _, _, summ = SRV.request("GET", "/v1/sessions/" + sid)
    if sorted(summ["names"]) != ["a", "c", "e", "h"]:
        problems.append("names after the failing batches: %s (a, c, e, h stay applied; f deleted)" % sorted(summ["names"]))
    # a body that is no batch runs nothing
    for body in ({"ops": {}}, {"ops": [{"op": "create", "name": "z", "value": 1}], "x": 1}, {}):
        s, _, b = SRV.request("POST", "/v1/sessions/%s/batch" % sid, body)
        if s != 400:
            problems.append("%s: %d %s" % (body, s, b))
    _, _, summ2 = SRV.request("GET", "/v1/sessions/" + sid)
    if summ2["names"] != summ["names"]:
        problems.append("a refused batch changed the names: %s" % summ2["names"])
    return problems


# ---------------------------------------------------------------- HTTP shapes

def http_shapes(version):
    """Errors: {"error": {"code", "message"}}; 405 with Allow; 404 for unknown
    session, path, id; CORS on every answer and the preflight"""
    problems = []
    sid = session(python=version)
    op(sid, "create", {"name": "a", "value": [1]})
    P = "/v1/sessions/" + sid
    cases = [
        ("GET", "/v1/sessions", None, 405, "method_not_allowed"),
        ("PUT", P, {}, 405, "method_not_allowed"),
        ("GET", P + "/create", None, 405, "method_not_allowed"),
        ("POST", P + "/objects", {}, 405, "method_not_allowed"),
        ("DELETE", P + "/gc", None, 405, "method_not_allowed"),
        ("POST", "/healthz", {}, 405, "method_not_allowed"),
        ("GET", P + "/nope", None, 404, "not_found"),
        ("POST", P + "/nope", {}, 404, "not_found"),
        ("GET", "/v1/sessions/nosuchsession", None, 404, "not_found"),
        ("POST", "/v1/sessions/nosuchsession/create", {"name": "a", "value": 1}, 404, "not_found"),
        ("GET", P + "/objects/1", None, 404, "not_found"),
        ("GET", P + "/objects/x", None, 404, "not_found"),
        ("POST", P + "/create", {"name": "a"}, 400, "bad_request"),
        ("POST", P + "/create", {"name": "a", "value": 1, "x": 1}, 400, "bad_request"),
        ("POST", P + "/len", {"ref": "a..b"}, 400, "bad_request"),
        ("POST", P + "/len", {"ref": "a.__class__"}, 400, "bad_request"),
        ("POST", P + "/len", {"ref": 1}, 404, "not_found"),
        ("POST", P + "/len", {"ref": "len"}, 422, "python_exception"),
        ("POST", P + "/weakref", {"name": "w", "target": "a"}, 422, "python_exception"),
        ("POST", "/v1/sessions", {"python": "2.7"}, 400, "bad_request"),
        ("POST", "/v1/sessions", {"seed": -1}, 400, "bad_request"),
        ("POST", "/v1/sessions", {"x": 1}, 400, "bad_request"),
        ("GET", P + "/gc?x=1", None, 400, "bad_request"),
        ("GET", P + "/objects", None, 200, None),
        ("GET", P + "/graph", None, 200, None),
        ("GET", P + "/gc", None, 200, None),
        ("GET", P + "/events?after=0", None, 200, None),
        ("GET", P + "/script", None, 200, None),
        ("GET", P, None, 200, None),
        ("GET", "/healthz", None, 200, None),
        ("GET", "/metrics", None, 200, None),
        ("GET", "/v1/openapi.json", None, 200, None),
    ]
    for method, path, body, status, code in cases:
        s, h, b = SRV.request(method, path, body)
        where = "%s %s %s" % (method, path.replace(sid, "{sid}"), json.dumps(body) if body is not None else "")
        if s != status:
            problems.append("%s: %d, want %d (%s)" % (where, s, status, str(b)[:200]))
        if h.get("Access-Control-Allow-Origin") != "*":
            problems.append("%s: no Access-Control-Allow-Origin" % where)
        if code:
            if not (isinstance(b, dict) and isinstance(b.get("error"), dict) and b["error"].get("code") == code
                    and isinstance(b["error"].get("message"), str)):
                problems.append("%s: error shape %s" % (where, str(b)[:200]))
            if code == "python_exception" and not ("type" in b["error"] and isinstance(b["error"].get("events"), list)):
                problems.append("%s: python_exception without type or events: %s" % (where, b))
        if status == 405 and not h.get("Allow"):
            problems.append("%s: 405 without Allow" % where)
        if status == 405 and "Allow" not in (h.get("Access-Control-Expose-Headers") or ""):
            problems.append("%s: 405 does not expose Allow" % where)
    s, h, b = SRV.request("OPTIONS", P + "/create", None, headers={
        "Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    if s not in (200, 204) or h.get("Access-Control-Allow-Origin") != "*" or \
            "POST" not in h.get("Access-Control-Allow-Methods", "") or \
            "content-type" not in h.get("Access-Control-Allow-Headers", "").lower():
        problems.append("preflight: %d %s" % (s, h))
    s, h, b = SRV.request("DELETE", P)
    if s != 204 or h.get("Access-Control-Allow-Origin") != "*":
        problems.append("DELETE: %d %s" % (s, h))
    for method, path in (("GET", P), ("GET", P + "/objects"), ("POST", P + "/create"), ("DELETE", P)):
        s, h, b = SRV.request(method, path, {"name": "a", "value": 1} if method == "POST" else None)
        if s != 404 or b["error"]["code"] != "not_found":
            problems.append("after DELETE %s %s: %d %s" % (method, path.replace(sid, "{sid}"), s, b))
    return problems


def cors_origins(version):
    """API.md: allowed origins configurable. A --cors-origin list answers each
    listed origin with itself (a browser takes one origin or *), others with
    none, and says Vary: Origin; a single value is sent as it is"""
    problems = []
    srv = Heapd("--cors-origin", "http://a.example, http://b.example")
    try:
        for origin, want in (("http://a.example", "http://a.example"), ("http://b.example", "http://b.example"),
                             ("http://c.example", None), (None, None)):
            hdr = {"Origin": origin} if origin else {}
            for method, path, body in (("POST", "/v1/sessions", {"python": version}), ("GET", "/v1/sessions/nope", None),
                                       ("GET", "/healthz", None), ("OPTIONS", "/v1/sessions", None)):
                if method == "OPTIONS":
                    hdr = dict(hdr, **{"Access-Control-Request-Method": "POST"})
                s, h, b = srv.request(method, path, body, headers=hdr)
                got = h.get("Access-Control-Allow-Origin")
                if got != want or "Origin" not in (h.get("Vary") or ""):
                    problems.append("%s %s from %s: %d, Allow-Origin %r (want %r), Vary %r" % (
                        method, path, origin, s, got, want, h.get("Vary")))
    finally:
        srv.stop()
    srv = Heapd("--cors-origin", "http://only.example")
    try:
        s, h, b = srv.request("GET", "/healthz", headers={"Origin": "http://other.example"})
        if h.get("Access-Control-Allow-Origin") != "http://only.example" or h.get("Vary"):
            problems.append("a single --cors-origin: %s" % h)
    finally:
        srv.stop()
    return problems


CHECKS = [
    ("value-specs", value_specs, True),
    ("operations", operations, True),
    ("class-slots", class_slots, True),
    ("sequences", sequences, True),
    ("eq-contains", eq_contains, True),
    ("referents", referents, True),
    ("deep-sizeof", deep_sizeof, True),
    ("event-log", event_log, False),
    ("event-log-random", event_log_random, False),
    ("events-after", events_after, False),
    ("batch", batch, False),
    ("http", http_shapes, False),
    ("cors-origins", cors_origins, False),
]


def main():
    global SRV
    only = os.environ.get("CONTRACT_ONLY", "")
    SRV = Heapd()
    try:
        for name, fn, needs_python in CHECKS:
            if only and only not in name:
                continue
            for v in VERSIONS if name != "cors-origins" else VERSIONS[-1:]:
                label = "%s %s" % (name, v)
                if needs_python and not find_python(v):
                    report(label, ["CPython %s is not installed (tests/contract needs it)" % v])
                    continue
                try:
                    report(label, fn(v))
                except Exception as e:  # a crash of the check is its failure
                    report(label, ["%s: %s" % (type(e).__name__, e)])
    finally:
        rc = SRV.stop()
        if rc != 0:
            report("heapd exit status", ["heapd exited with %s" % rc])
    return 0 if TALLY.summary() else 1


if __name__ == "__main__":
    sys.exit(main())
