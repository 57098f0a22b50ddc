#!/usr/bin/env python3
"""Seeds and dictionary for the libFuzzer target (tests/fuzz/fuzz_api.c).

    python3 tests/fuzz/seeds.py --dict tests/fuzz/api.dict     rewrite the dictionary
    python3 tests/fuzz/seeds.py --out build/fuzz-seeds         write the seed corpus

The dictionary holds every path, op name, field name and enum of
api/openapi.json, every value-spec type, the reference-path syntax, and the
keywords, operators, builtins and literal shapes of the /exec subset (and
of the grammar around it). The seed corpus is every request the suites
send: the exec cases (tests/exec/cases.py: CASES, SCRIPTS, SYNTAX,
UNSUPPORTED), the difffuzz regressions' operations (each alone and the
whole sequence as a batch), the execfuzz and scriptfuzz regressions'
sources (both modes, and as text/x-python), and the e2e suites' bodies
when recorded (HEAPD_RECORD=DIR while they run: tests/lib/heapd_proc.py
writes each request there as a fuzz input)."""
import argparse
import glob
import hashlib
import json
import keyword
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "exec"))

OPS = ["create", "class", "assign", "link", "unlink", "del", "collect", "sizeof", "getrefcount", "id", "is",
       "eq", "len", "contains", "intern", "weakref", "deref", "gc", "batch", "exec"]
VALUE_TYPES = ["int", "str", "float", "tuple", "set", "frozenset", "list", "dict", "bytes", "object",
               "WeakValueDictionary", "WeakKeyDictionary", "WeakSet", "Node", "C"]
REF_SYNTAX = [".", "[", "]", "[0]", "[-1]", "['']", '[""]', "['k']", '["k"]', "[\\'", "\\\"", ".partner",
              ".__class__", "[9223372036854775808]", "[-9223372036854775809]", "a.b[0]['k'].next"]
PY_OPS = ["(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", ":=", "+=", "-=", "*=", "@=", "**", "*", "//",
          "<<", ">>", "->", "...", "@", "\\\n", "\r\n", "\t", "\f", "\x00", "#", "'''", '"""', "\n    ", "\n\t",
          "==", "!=", "<", ">=", "~", "-", "+", "|", "&", "^", "%"]
PY_BUILTINS = ["print", "len", "id", "object", "frozenset", "set", "list", "dict", "tuple", "str", "bytes", "int",
               "float", "bool", "sorted", "max", "range", "type", "isinstance", "super", "__import__", "globals",
               "exec", "eval", "compile", "open", "iter", "next", "repr", "hash"]
PY_SUBSET = ["import gc", "import sys", "import weakref", "import gc, sys, weakref", "gc.collect()",
             "gc.collect(0)", "gc.disable()", "gc.enable()", "gc.isenabled()", "gc.freeze()", "gc.unfreeze()",
             "gc.set_threshold(", "gc.get_threshold()", "gc.get_count()", "gc.is_tracked(", "gc.set_debug(",
             "gc.DEBUG_SAVEALL", "gc.garbage", "sys.getsizeof(", "sys.getrefcount(", "sys.intern(",
             "weakref.ref(", "weakref.WeakValueDictionary()", "weakref.WeakKeyDictionary()", "weakref.WeakSet()",
             "class ", "def __del__(self):", "def __init__(self, a, b):", "def cb(wr):", "__slots__ = ",
             "_resurrected = []", "_resurrected.append(self)", "self.x = a", ".append(", ".pop(", ".extend(",
             ".insert(", ".remove(", ".clear()", ".copy()", ".reverse()", ".get(", ".setdefault(", ".update(",
             ".add(", ".discard(", "print(", "sep=", "end=", " is not ", " not in ", "__weakref__", "__dict__"]
PY_LITERALS = ["0x", "0o", "0b", "0_0", "1_000", "1e309", "1e-400", "1j", "0.", ".5", "1E+5", "10**9", "2**64",
               "'a' * 10", "[0] * 10", "b'", "rb'", "Rb'", "br'", "u'", "f'", "rf'", "F'{", "}'", "{x!r}", "{x=}",
               "{x:>{w}}", "\\x00", "\\u0000", "\\U0001F600", "\\ud800", "\\N{BULLET}", "\\777", "é", "ﬁ",
               "\U0001d400", "a\u0301", "\ufeff", "# coding: latin-1\n", "9" * 40, "-9223372036854775808"]
JSON_BITS = ['{"op": "', '"name": "', '"ref": ', '"to": ', '"from": ', '"value": ', '"type": "', '"items": [[',
             '"ops": [', '"source": "', '"mode": "module"', '"mode": "statements"', '"threshold": [0, 0, 0]',
             '"threshold": [1, 1, 1]', '"threshold": [4294967295, 1, 1]', '"freeze": true', '"debug": ["saveall"]',
             '"finalizer": "resurrect"', '"finalizer": "log"', '"callback": true', '"deep": true',
             '"append": true', '"add": true', '"slots": ["__weakref__"]', '"generation": 0', '{"ref": 1}',
             '{"type": "int", "value": "', '1e999', '-0.0', '18446744073709551616', '-9223372036854775809',
             "\\u0000", "\\ud800", "\\udc00"]
CONTENT_TYPES = ["text/x-python", "text/plain", "application/json", "text/x-python;charset=utf-8"]


def openapi_words():
    d = json.load(open(os.path.join(ROOT, "api", "openapi.json")))
    words = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "properties" and isinstance(v, dict):
                    words.update(v)
                if k in ("enum",) and isinstance(v, list):
                    words.update(str(x) for x in v if x is not None)
                walk(v)
        elif isinstance(o, list):
            for x in o:
                walk(x)
    walk(d)
    words.update(p.replace("{sid}", "{sid}") for p in d["paths"])
    return words


def dict_entry(word):
    out = []
    for ch in word.encode("utf-8"):
        if ch in (0x22, 0x5C) or ch < 0x20 or ch > 0x7E:
            out.append("\\x%02X" % ch)
        else:
            out.append(chr(ch))
    return '"%s"' % "".join(out)


def write_dict(path):
    words = set(openapi_words()) | set(OPS) | set(VALUE_TYPES) | set(REF_SYNTAX) | set(PY_OPS)
    words |= set(keyword.kwlist) | {"match", "case", "type", "_", "async", "await"}
    words |= set(PY_BUILTINS) | set(PY_SUBSET) | set(PY_LITERALS) | set(JSON_BITS) | set(CONTENT_TYPES)
    words |= {"POST /v1/sessions/{sid}/%s\n" % op for op in OPS}
    words |= {"GET /v1/sessions/{sid}/%s" % r for r in ("objects", "graph", "events?after=", "gc", "script")}
    words |= {"POST /v1/sessions/{sid}/exec text/x-python\n", "?repr=full", "?after=", "?limit="}
    words = sorted(w for w in words if w)
    with open(path, "w") as f:
        f.write("# libFuzzer dictionary for tests/fuzz/fuzz_api.c; written by tests/fuzz/seeds.py --dict\n")
        for w in words:
            f.write(dict_entry(w) + "\n")
    print("%s: %d entries" % (path, len(words)))


def seeds():
    """(name, bytes) of every request the suites send."""
    import cases
    out = []

    def exec_seed(name, src, mode="module"):
        if isinstance(src, bytes):
            out.append((name + "-raw", b"POST /v1/sessions/{sid}/exec text/x-python\n" + src))
            return
        body = json.dumps({"source": src, "mode": mode}).encode()
        out.append((name + "-" + mode, b"POST /v1/sessions/{sid}/exec\n" + body))
    for group in ("CASES", "SCRIPTS", "SYNTAX", "UNSUPPORTED", "SYNTAX_BYTES"):
        for item in getattr(cases, group, []):
            if not isinstance(item, (tuple, list)) or len(item) < 2:
                continue
            name, src = item[0], item[1]
            if not isinstance(src, (str, bytes)):
                continue
            exec_seed("exec-%s" % name, src, "module")
            if isinstance(src, str):
                exec_seed("exec-%s" % name, src, "statements")
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "difffuzz", "regressions", "*.json"))):
        ops = json.load(open(path)).get("ops") or []
        base = os.path.basename(path)[:-5]
        out.append(("diff-%s-batch" % base, b"POST /v1/sessions/{sid}/batch\n" + json.dumps({"ops": ops}).encode()))
        for i, op in enumerate(ops):
            if isinstance(op, dict) and isinstance(op.get("op"), str):
                body = dict((k, v) for k, v in op.items() if k != "op")
                line = "POST /v1/sessions/{sid}/%s\n" % op["op"]
                out.append(("diff-%s-%d" % (base, i), line.encode() + json.dumps(body).encode()))
    for sub in ("execfuzz", "scriptfuzz"):
        for path in sorted(glob.glob(os.path.join(ROOT, "tests", sub, "regressions", "*.json"))):
            d = json.load(open(path))
            src = d.get("source")
            if isinstance(src, str):
                base = "%s-%s" % (sub, os.path.basename(path)[:-5])
                exec_seed(base, src, "module")
                exec_seed(base, src, "statements")
                exec_seed(base, src.encode())
    rec = os.environ.get("HEAPD_RECORD")
    if rec and os.path.isdir(rec):
        for path in sorted(glob.glob(os.path.join(rec, "*"))):
            out.append(("rec-" + os.path.basename(path), open(path, "rb").read()))
    return out


def write_seeds(outdir, max_len):
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for name, data in seeds():
        if len(data) > max_len:
            continue
        digest = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(outdir, digest), "wb") as f:
            f.write(data)
        n += 1
    print("%s: %d seeds" % (outdir, n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dict")
    ap.add_argument("--out")
    ap.add_argument("--max-len", type=int, default=65536)
    a = ap.parse_args()
    if a.dict:
        write_dict(a.dict)
    if a.out:
        write_seeds(a.out, a.max_len)


if __name__ == "__main__":
    main()
