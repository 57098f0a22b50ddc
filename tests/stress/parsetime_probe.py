# helper-65: times one long source of each construct against a running heapd (h.PORT; /tmp/h65/h.py helpers: sess, req). A probe, not a test; see tests/execfuzz/open/README.md (slow parses).
import sys, time; sys.path.insert(0,'/tmp/h65')
import h
h.PORT = 44101
from h import *
N = 40000
cases = {
 "class-pattern-kw": "match x:\n    case C(" + ", ".join("a%d=1" % i for i in range(N)) + "): pass\n",
 "class-pattern-kw-dup": "match x:\n    case C(" + ", ".join("a%d=1" % i for i in range(N)) + ", a1=2): pass\n",
 "mapping-pattern": "match x:\n    case {" + ", ".join("%d: 1" % i for i in range(N)) + "}: pass\n",
 "mapping-pattern-str": "match x:\n    case {" + ", ".join("'k%d': 1" % i for i in range(N)) + "}: pass\n",
 "or-pattern": "match x:\n    case " + " | ".join("%d" % i for i in range(N)) + ": pass\n",
 "or-pattern-names": "match x:\n    case [" + ", ".join("a%d" % i for i in range(N)) + "]: pass\n",
 "or-pattern-capture": "match x:\n    case [a, b] | " + " | ".join("[a, b]" for i in range(N // 4)) + ": pass\n",
 "def-args": "def f(" + ", ".join("a%d" % i for i in range(N)) + "): pass\n",
 "def-args-dup": "def f(" + ", ".join("a%d" % i for i in range(N)) + ", a5): pass\n",
 "def-kwonly": "def f(*, " + ", ".join("a%d=1" % i for i in range(N)) + "): pass\n",
 "lambda-defaults": "f = lambda " + ", ".join("a%d=1" % i for i in range(N)) + ": 1\n",
 "global-names": "def f():\n    global " + ", ".join("a%d" % i for i in range(N)) + "\n",
 "global-dup": "def f():\n    global " + ", ".join("a%d" % (i % 100) for i in range(N)) + "\n",
 "nonlocal-names": "def g():\n    " + "; ".join("a%d = 1" % i for i in range(2000)) + "\n    def f():\n        nonlocal " + ", ".join("a%d" % i for i in range(2000)) + "\n",
 "import-from": "from gc import " + ", ".join("a%d" % i for i in range(N)) + "\n",
 "import-as": "import " + ", ".join("gc as a%d" % i for i in range(N)) + "\n",
 "dict-dup-keys": "a = {" + ", ".join("'k': %d" % i for i in range(N)) + "}\n",
 "dict-str-keys": "a = {" + ", ".join("'k%d': 1" % i for i in range(N)) + "}\n",
 "set-dup": "a = {" + ", ".join("1" for i in range(N)) + "}\n",
 "in-set-const": "1 in {" + ", ".join("%d" % i for i in range(N)) + "}\n",
 "in-set-strs": "'a' in {" + ", ".join("'s%d'" % i for i in range(N)) + "}\n",
 "tuple-const-strs": "a = (" + ", ".join("'s%d'" % i for i in range(N)) + ")\n",
 "tuple-nested-const": "a = (" + ", ".join("(%d, 's')" % i for i in range(N // 2)) + ")\n",
 "many-names-module": "".join("a%d = 1\n" % i for i in range(999)),
 "many-strs-module": "".join("a = 's%d'\n" % i for i in range(999)),
 "class-many-attrs": "class C:\n" + "".join("    a%d = 1\n" % i for i in range(N // 4)),
 "class-slots": "class C:\n    __slots__ = (" + ", ".join("'a%d'" % i for i in range(N)) + ")\n",
 "class-slots-dup": "class C:\n    __slots__ = (" + ", ".join("'a'" for i in range(N)) + ")\n",
 "print-strs": "print(" + ", ".join("'s%d'" % i for i in range(N)) + ")\n",
 "print-names": "a = 1\nprint(" + ", ".join("a" for i in range(N)) + ")\n",
 "del-names": "".join("a%d = 1\n" % i for i in range(500)) + "del " + ", ".join("a%d" % (i % 500) for i in range(N)) + "\n",
 "assign-targets": "a = " * N + "1\n",
 "assign-targets-attr": "class C:\n    pass\nc = C()\n" + "".join("c.a%d = " % i for i in range(N)) + "1\n",
 "unpack-targets": ", ".join("a%d" % i for i in range(N)) + " = " + ", ".join("1" for i in range(N)) + "\n",
 "str-concat-fold": "a = " + " + ".join("'s%d'" % i for i in range(3000)) + "\n",
 "tuple-concat-fold": "a = " + " + ".join("(%d,)" % i for i in range(3000)) + "\n",
 "compare-in-list": "1 in [" + ", ".join("%d" % i for i in range(N)) + "]\n",
 "type-params": "def f[" + ", ".join("T%d" % i for i in range(N)) + "](): pass\n",
 "type-params-dup": "def f[" + ", ".join("T%d" % i for i in range(N)) + ", T3](): pass\n",
 "fstr-debug-many": "x = 1\na = f'" + "{x=}" * 5000 + "'\n",
 "fstr-spec-many": "x = 1\na = f'{x:" + "{x}" * 5000 + "}'\n",
 "fstr-nested-312": "x = 1\na = f'" + "{f'{x}'}" * 5000 + "'\n",
 "strs-adjacent-fstr": "x = 1\na = " + "f'{x}' " * 10000 + "\n",
 "bytes-adjacent": "a = " + "b'x' " * 50000 + "\n",
 "mixed-adjacent-error": "a = " + "'x' " * 50000 + "b'x'\n",
 "walrus-comp": "[" + "y := " * 3000 + "1 for x in z]\n",
 "comp-nested": "a = " + "[x for x in " * 100 + "z" + "]" * 100 + "\n",
 "with-items": "with " + ", ".join("a as b%d" % i for i in range(N)) + ": pass\n",
 "except-group": "try:\n    pass\n" + "except* E:\n    pass\n" * 3000,
 "elif-chain": "if x:\n    pass\n" + "elif x:\n    pass\n" * 30000,
 "decorator-args": "@d(" + ", ".join("a%d=1" % i for i in range(N)) + ")\ndef f(): pass\n",
 "call-positional": "f(" + ", ".join("a" for i in range(N)) + ")\n",
 "call-star-kw": "f(" + ", ".join("**a" for i in range(N)) + ")\n",
 "annotations": "".join("a%d: int = 1\n" % i for i in range(5000)),
 "future-many": "from __future__ import " + ", ".join(["annotations"] * N) + "\n",
 "docstring-long": "'''" + "x\n" * 200000 + "'''\n",
 "comment-lines": "# c\n" * 200000 + "a = 1\n",
 "blank-lines": "\n" * 500000 + "a = 1\n",
 "backslash-lines": "a = 1" + " \\\n" * 100000 + "\n",
 "tabs-indent": "if 1:\n" + "\t" * 1 + "pass\n" * 1,
 "crlf-lines": "a = 1\r\n" * 100000,
 "cr-lines": "a = 1\r" * 100000,
 "long-line-error": "a = " + "1 + " * 100000 + "\n",
 "error-last-line": "a = 1\n" * 999 + "a = = 1\n",
 "indent-error-end": "if 1:\n" + "    a = 1\n" * 100000 + "  b = 2\n",
}
for name, src in cases.items():
    worst = 0
    for v in ["3.10", "3.12", "3.13"]:
        sid = sess(python=v)
        t = time.time()
        try:
            s, j, dt = req("POST", "/v1/sessions/%s/exec" % sid, {"source": src}, timeout=120)
        except Exception as e:
            print("EXC", name, v, e, flush=True); continue
        code = j.get("error", {}).get("code") if isinstance(j, dict) else None
        if dt > 0.4 or s >= 500: print(name, v, s, code, round(dt, 2), str(j)[:100] if s >= 500 else "", flush=True)
        req("DELETE", "/v1/sessions/" + sid)
print("finished")
