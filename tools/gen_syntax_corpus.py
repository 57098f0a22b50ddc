#!/usr/bin/env python3
"""Generates the golden syntax corpus for api/pyparse.c.

For every source below and every installed CPython (3.10 .. 3.13) this records
exactly what compile(source, "<exec>", "exec") raises, and writes one JSON list
per version to tests/pyparse/corpus/<version>.json:

    [{"source": "...", "error": null}, ...]
    [{"source_b64": "...", "error": {"type", "msg", "lineno", "offset",
                                      "end_lineno", "end_offset"}}, ...]

"source" entries are compiled as str (the JSON body of /exec), "source_b64"
entries as bytes (a text/x-python body), which is where invalid UTF-8, BOMs and
coding cookies matter.

The sources are generated deterministically (fixed seed): valid programs of the
subset heapd runs, invalid templates crossed with fillers and contexts, and
single-token mutations (delete / insert / replace) of valid programs.

Usage: tools/gen_syntax_corpus.py [--out DIR] [--python 3.11=/path/python3 ...]
"""

import argparse
import base64
import glob
import io
import json
import os
import random
import subprocess
import sys
import tokenize

SEED = 20261130
VERSIONS = ["3.10", "3.11", "3.12", "3.13"]

# The recorder runs inside each interpreter: stdin is a JSON list of inputs,
# stdout the list of errors (null when the source compiles).
RECORDER = r'''
import base64, json, sys, warnings
warnings.simplefilter("ignore")
out = []
for item in json.load(sys.stdin):
    src = item["source"] if "source" in item else base64.b64decode(item["source_b64"])
    try:
        compile(src, "<exec>", "exec")
        out.append(None)
    except BaseException as e:
        if isinstance(e, SyntaxError):
            msg = e.msg
        else:
            msg = str(e)
        out.append({"type": type(e).__name__, "msg": msg,
                    "lineno": getattr(e, "lineno", None),
                    "offset": getattr(e, "offset", None),
                    "end_lineno": getattr(e, "end_lineno", None),
                    "end_offset": getattr(e, "end_offset", None)})
json.dump(out, sys.stdout)
'''

# ---------------------------------------------------------------- fillers

NAMES = ["a", "b", "x", "node", "_tmp", "L", "s", "d", "w", "Cls", "obj1", "\u00e9t\u00e9"]
ATTRS = ["a.b", "a.partner", "x.next", "d['k'].next", "a.b[0]['k'].next", "items[0]"]
INTS = ["0", "1", "42", "-5", "256", "257", "0x1F", "0o17", "0b1011", "1_000_000",
        "123456789012345678901234567890", "2**100", "0_0", "00", "0xdead_beef"]
FLOATS = ["1.5", "0.0", "-0.0", "1e10", "1E-3", ".5", "5.", "1_000.000_1", "3.14e+2", "1e400", "2.5j"]
STRS = ["'x'", '"hello"', "''", "'a' 'b'", "'\\n'", "'\\x41'", "'\\u00e9'", "'\\U0001F600'",
        "'\\101'", "r'\\d'", "u'abc'", "'''tri'''", '"""doc"""', "'\\\\'", "'it\\'s'", "'\\N{BULLET}'",
        "'caf\u00e9'", "'hello world'", "R'x'", "'a' \"b\" '''c'''", "'\\t\\r\\0'"]
BYTES = ["b'abc'", "b''", "B'x'", "b'\\x00\\xff'", "rb'\\d'", "Rb'x'", "br'x'", "bR'\\n'",
         "b'\\n\\t'", "b'a' b'b'", "b'''tri'''", "b'\\101'", "b'\\u1234'"]
CONSTS = ["None", "True", "False", "..."]
CONTAINERS = ["[]", "[1, 2, 3]", "()", "(1,)", "(1, 2)", "{}", "{1: 2}", "{'k': [1]}", "{1, 2}",
              "set()", "frozenset({1, 2})", "frozenset()", "[a, b]", "(a, [b])", "{'a': 1, 'b': 2}",
              "[[]]", "((),)", "[1, (2, 3), {4: 5}]", "{*a}", "[*a, 1]", "{**d}", "(1, 2) + (3,)",
              "'a' * 100", "[None] * 3", "-5", "2 ** 100", "~1", "+1", "not a"]
CALLS = ["object()", "Cls()", "Node()", "weakref.ref(x)", "weakref.ref(x, cb)",
         "weakref.WeakValueDictionary()", "weakref.WeakKeyDictionary()", "weakref.WeakSet()",
         "gc.collect()", "gc.collect(0)", "gc.collect(generation=2)", "sys.getrefcount(a)",
         "sys.getsizeof(a)", "sys.intern('hello world')", "w()", "len(a)", "id(a)", "print(a)",
         "print(a is b)", "print(a, b, sep='')", "print(*a)", "f(**d)", "gc.get_referents(a)"]
EXPRS = INTS + FLOATS + STRS + BYTES + CONSTS + CONTAINERS + CALLS + NAMES + ATTRS + [
    "a is b", "a is not b", "a == b", "a != b", "a in b", "a not in b", "a < b <= c",
    "a and b", "a or b", "a if b else c", "a + b * c", "(a)", "a[1:2]", "a[::2]", "a[1, 2]"]
TARGETS = NAMES + ATTRS + ["a, b", "(a, b)", "[a, b]", "a, *b", "x[0]", "x[i][j]", "x.y.z", "(x)"]
STMT_KW = ["pass", "del", "import", "from", "class", "def", "return", "if", "for", "while",
           "with", "try", "lambda", "global", "nonlocal", "assert", "raise", "yield", "async",
           "await", "break", "continue", "in", "is", "not", "and", "or", "else", "elif", "as",
           "except", "finally"]
OPS = ["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^", "~", "<", ">", "<=",
       ">=", "==", "!=", ":=", "->", "+=", "-=", "*=", "/=", "|=", "=", ".", ",", ":", ";", "..."]

# ---------------------------------------------------------------- valid programs

VALID_STMTS = [
    "import gc", "import sys", "import weakref", "import gc, sys", "import gc, sys, weakref",
    "import weakref as wr", "from weakref import ref", "from weakref import ref, WeakSet",
    "from weakref import (ref,\n    WeakSet,\n)", "from . import x", "from .. x import y" if False else "from .m import y",
    "a = b = c = None", "a, b = b, a", "a, b = 1, 2", "[a, b] = [1, 2]", "(a, b) = (b, a)",
    "a.b[0]['k'].next = None", "x.next = x", "d['k'] = d", "L += [x]", "L += x,", "n -= 1",
    "n *= 2", "s |= {1}", "n //= 3", "n **= 2", "n <<= 1", "n >>= 1", "n %= 7", "n ^= 1", "n &= 3",
    "n @= m", "n /= 2", "del a", "del a, b", "del a.b", "del a[0]", "del a['k']", "del (a, b)",
    "del [a, b]", "del a.b[0].c", "del x,", "gc.collect()", "gc.disable()", "gc.enable()",
    "gc.set_threshold(700, 10, 10)", "gc.freeze()", "print(a is b)", "print(a == b, a != b)",
    "sys.getrefcount(a)", "w()", "x.append(y)", "s.add(y)", "s.discard(y)", "print()",
    "print('hello', end='')", "print(f(x), g(y))", "w = weakref.ref(a, cb)",
    "d = weakref.WeakValueDictionary()", "fs = frozenset({1, 2, 3})", "s = set()",
    "class A:\n    pass", "class A(object):\n    pass", "class A: pass",
    "class Node:\n    '''A node.'''", "class Node:\n    __slots__ = ('x', '__weakref__')",
    "class Node:\n    __slots__ = ['next', 'prev']",
    "class Node:\n    def __del__(self):\n        print('del', self)",
    "class Node:\n    def __del__(self):\n        pass",
    "class R:\n    def __del__(self):\n        _resurrected.append(self)",
    "class N:\n    __slots__ = ()\n    def __del__(self):\n        print('bye')",
    "def cb(wr):\n    print('callback', wr)", "def cb(wr): print(wr)",
    "def cb(wr):\n    pass", "class B(A, metaclass=M):\n    pass", "class C(A, B): pass",
    "x = 1; y = 2", "x = 1;", "a = (\n    1,\n    2,\n)", "a = [\n    1,\n    2\n]",
    "a = 1 \\\n    + 2", "# comment only", "a = 1  # trailing comment", "", "\n\n", "pass",
    "a = 'x' \\\n    'y'", "'docstring'", "a = '''multi\nline'''", "a = {'k': [1, {2: (3,)}]}",
    "a = {1, 2, (3, 4)}", "a = x if y else z", "a = [1, 2][0]", "print(a[0], a[-1], a[1:])",
    "a = -1", "a = not b", "a = b < c", "a = (yield_)", "x = y = z = []", "x, = y",
    "x, *y = z", "[x, *y] = z", "(a), b = c", "a[1:2] = b", "a.b.c.d = e", "a[b][c] = d",
    "a = b.c(d)(e)[f]", "f()()", "a = (1)", "a = ((1, 2))", "a = ()", "a = (1,)",
    "if True:\n    x = 1", "for i in range(3):\n    pass", "while False:\n    pass",
    "with open('f') as fh:\n    pass", "try:\n    pass\nexcept Exception:\n    pass",
    "x = lambda: 0", "x = [i for i in y]", "x = {k: v for k, v in y}", "x = (i for i in y)",
    "x = f'{a}'", "global g", "assert x", "raise", "x: int = 1", "async def f():\n    await x",
    "@dec\ndef f():\n    pass", "match x:\n    case 1:\n        pass",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
    "def f(a, b=1, *args, c, d=2, **kw):\n    return a", "def f(a, /, b):\n    pass",
    "x = a if b else (c if d else e)", "x = a.b.c", "x = a[1][2][3]", "x = (a, b, c)[0]",
    "\ta = 1" if False else "a = 1\n", "a = 1\r\nb = 2\r\n", "a = 1\rb = 2", "\ufeffa = 1",
]

VALID_LITERAL_LINES = (["x = " + e for e in INTS + FLOATS + STRS + BYTES + CONSTS + CONTAINERS + CALLS] +
                       ["x = " + e for e in ["1j", "0j", "1_0j", "0.5J", "0X_ff", "0B_1", "0O_7", "1e1_0",
                                             "0.0e0", "00.5", "0_0.0", "09.5", "0e0", "1__init__" if False else "1 .real",
                                             "'\\a\\b\\f\\v'", "'\\\n'", "b'\\\n'", "'\\''", "\"\\\"\"",
                                             "'\\777'" if False else "'\\377'", "'\\0'", "'\\x7f'",
                                             "'\\uFFFF'", "'\\U0010FFFF'", "'\\N{LATIN SMALL LETTER A}'",
                                             "r'\\'", "r'\\''", "r'\\\\'", "'a''b'", "'''a''b'''",
                                             "'x' # c", "b'\\'\\\"'", "f'x'", "rf'{a}'", "FR'x'",
                                             "0xFFFFFFFFFFFFFFFFFFFFFFFF", "1" * 60, "1.5" + "0" * 40,
                                             "'\u4e2d\u6587'", "'\U0001F600'", "'\\\\x'"]])


def valid_programs(rng):
    progs = list(VALID_STMTS) + VALID_LITERAL_LINES
    for _ in range(160):
        k = rng.randint(2, 6)
        progs.append("\n".join(rng.choice(VALID_STMTS) for _ in range(k)) + rng.choice(["", "\n"]))
    return progs


# ---------------------------------------------------------------- invalid templates

def invalid_snippets(rng):
    out = []
    add = out.append
    # Unclosed and mismatched brackets.
    for e in ["1", "a", "'x'", "[1, 2", "(1, 2", "{1: 2"]:
        for o in "([{":
            add("x = %s%s" % (o, e))
            add("x = %s%s\n" % (o, e))
            add("x = %s%s\ny = 2\n" % (o, e))
            add("f(%s%s)" % (o, e) if o != "(" else "f(%s" % e)
    for o, c in [("(", "]"), ("(", "}"), ("[", ")"), ("[", "}"), ("{", ")"), ("{", "]")]:
        add("x = %s1%s" % (o, c))
        add("x = %s1,\n2%s" % (o, c))
        add("x = [%s1%s]" % (o, c))
    for c in ")]}":
        add("x = 1%s" % c)
        add(c)
        add("x = f(1))%s" % ("" if c == ")" else c))
        add("a = 1\nb = 2%s\nc = 3" % c)
    add("x = (\n\n\n")
    add("x = [1,\n 2,\n 3,\n")
    add("x = {\n'a': 1,\n")
    add("x = (1,\ny = 2\n")
    add("print(a\nb = 1\n")
    add("f(\n")
    add("x = (" * 201 + ")" * 201)
    add("x = [" * 200 + "]" * 200)
    add("x = (" * 250)
    add("x = " + "(" * 100 + "]")
    # Assignments without value, to literals, keywords.
    for t in TARGETS:
        add("%s = " % t)
        add("%s =\n" % t)
        add("%s = \ny = 1" % t)
        add("%s += " % t)
    for lit in INTS[:8] + FLOATS[:4] + STRS[:4] + BYTES[:3] + CONSTS + ["[1]", "(1, 2)", "{1: 2}", "{1}",
                                                                       "f()", "a + 1", "a.b()", "-a",
                                                                       "a if b else c", "a and b",
                                                                       "a < b", "lambda: 1", "(yield)",
                                                                       "f'x'", "a[1]()", "*a", "not a",
                                                                       "await a", "[i for i in x]",
                                                                       "{i for i in x}", "(i for i in x)",
                                                                       "{k: v for k, v in x}", "{**d}",
                                                                       "a := 1", "__debug__"]:
        add("%s = a" % lit)
        add("x = %s = a" % lit)
        add("(x, %s) = a" % lit)
        add("[x, %s] = a" % lit)
        add("%s += 1" % lit)
        add("del %s" % lit)
        add("del x, %s" % lit)
        add("for %s in x: pass" % lit)
        add("with a as %s: pass" % lit)
        add("f(%s=1)" % lit)
        add("%s: int = 1" % lit)
    for t in ["a, b", "(a, b)", "[a, b]", "a.b, c", "*a"]:
        add("%s += 1" % t)
        add("%s: int" % t)
    for k in ["None", "True", "False", "__debug__"]:
        add("%s = 1" % k)
        add("x.%s = 1" % k)
        add("def %s(): pass" % k)
        add("class %s: pass" % k)
        add("import %s" % k)
        add("f(%s=1)" % k)
        add("def f(%s): pass" % k)
        add("lambda %s: 0" % k)
        add("del %s" % k)
        add("%s += 1" % k)
    # Missing commas / operators.
    for a, b in [("1", "2"), ("a", "b"), ("'x'", "'y'" if False else "y"), ("1", "a"), ("a", "1"),
                 ("f(x)", "g(y)"), ("a.b", "c"), ("[1]", "[2]"), ("(1)", "2"), ("1.5", "x")]:
        add("[%s, %s %s]" % (a, a, b))
        add("f(%s %s)" % (a, b))
        add("(%s %s)" % (a, b))
        add("{%s %s}" % (a, b))
        add("{%s: %s %s}" % (a, a, b))
        add("x = %s %s" % (a, b))
        add("%s %s" % (a, b))
        add("print(%s %s)" % (a, b))
    # Python 2 style and legacy statements.
    for e in ["1", "a", "'hello'", "a, b", "a is b", "", "f(x)", ">>sys.stderr, x", "x,"]:
        add("print %s" % e)
        add("exec %s" % e)
        add("print %s\nx = 1" % e)
    add("print >> f")
    add("exec 'code' in ns")
    # Attribute and dotted errors.
    for e in ["a.1", "a..b", "a.", "a.(b)", "a.[0]", "a.'x'", ".a", "a. b .", "a.b.", "1.a" if False else "1 .. 2",
              "a.import", "a.class", "a.None", "a.$", "a.def", "a?.b", "a..", "a...b", "a.b..c"]:
        add(e)
        add("x = %s" % e)
        add("%s = 1" % e)
        add("del %s" % e)
    # Imports.
    for e in ["import", "from x import", "from import x", "import x.", "import .x", "import x as",
              "import x as 1", "import x,", "import (x)", "from x import (y", "from x import y,",
              "from x import (y,", "from x import ()", "from x import *, y", "from x import y as",
              "from x import y as 1", "import x.y as z.w", "from .import" , "from . import", "from x",
              "from x imports y", "import 1", "import x y", "from x import y z", "from x import (*)",
              "import a.b.c as", "from __future__ import braces", "from __future__ import nope",
              "import *", "from x import a.b", "import gc sys", "import gc,,sys", "from x.y import",
              "from x import y;", "import gc;;", "from x import y, z,", "from x import (y z)",
              "from ... import", "from .x import", "import x as y as z", "from x as y import z"]:
        add(e)
        add(e + "\n")
        add("x = 1\n" + e + "\ny = 2")
    # Class and def headers.
    for h in ["class 1:", "class A", "class A\n    pass", "class A(:", "class A(", "class A():\npass",
              "class A:\n", "class A:", "class A(B:", "class A(B)\n    pass", "class A(B, C", "class (A):",
              "class A.B:", "class A[0]:", "class A(1 2):", "class A(x=):", "class A(*):",
              "class = 1", "class A: pass pass", "class A(B)): pass", "class A(B, , C): pass",
              "class def:", "class A:\n  x = 1\n    y = 2", "class A:\n    pass\n  x = 1",
              "def f(:", "def f(", "def f()", "def f():", "def f():\n", "def f()\n    pass",
              "def f:\n    pass", "def (): pass", "def f(a b): pass", "def f(a, a): pass",
              "def f(1): pass", "def f(a=): pass", "def f(a=1, b): pass", "def f(*): pass",
              "def f(*, **k): pass", "def f(**k, a): pass", "def f(**k=1): pass", "def f(*a=1): pass",
              "def f(/, a): pass", "def f(a, /, /): pass", "def f(*, a, /): pass", "def f(a, *, *b): pass",
              "def f(a,,b): pass", "def f(a) -> : pass", "def f(a):\npass", "def f(self):\n    print(1)\n   x",
              "def f((a, b)): pass", "def f(a.b): pass", "def f(a=1, /, b): pass", "def f(**a, *b): pass",
              "def f(x):\n    return\n  y", "def __del__(self)\n    pass", "def __del__(self):\nprint(1)",
              "def f(*a, *b): pass", "def f(a, (b)): pass", "def f[T](): pass", "def f(a:): pass",
              "def f() -> int\n    pass", "def f(): return 1 = 2", "def f(x): del x()",
              "def def(): pass", "def f(None): pass", "def f(a, *, b=1, c, **d,): pass" if False else "def f(a, **b, ): return a b",
              "class C:\n    def f(self)\n        pass", "class C:\n    def f(self):\n    pass",
              "class C:\n    def __del__(self):\n        print('x'\n", "class C:\n    __slots__ = ('a' 'b' ,\n"]:
        add(h)
        add("import gc\n" + h)
        add(h + "\nx = 1")
    # Indentation.
    for e in [" a = 1", "  a = 1", "\ta = 1", "a = 1\n b = 2", "a = 1\n\tb = 2",
              "if x:\n  a\n b", "if x:\n    a\n  b", "class A:\n    x = 1\n  y = 2",
              "class A:\n\tx = 1\n        y = 2", "class A:\n        x = 1\n\ty = 2",
              "class A:\n    x = 1\n\ty = 2", "class A:\n  \tx = 1\n\t  y = 2",
              "if x:\n\ta\n        b", "if x:\n        a\n\tb", "def f():\n\tpass\n    \tpass",
              "class A:\npass", "class A:\n\npass", "def f():\nreturn", "def f():\n    pass\n        x = 1",
              "class A:\n    def f(self):\n    pass", "class A:\n    def f(self):\n        pass\n      x = 1",
              "for x in y:\nx", "while x:\npass", "if x:\npass", "if x:\n    pass\nelse:\npass",
              "try:\npass", "try:\n    pass\nexcept:\npass", "try:\n    pass\nfinally:\npass",
              "with x:\npass", "if x:\n    pass\nelif y:\npass", "  # comment\n a = 1",
              "a = 1\n    # comment\n  b = 2", "if x:\n    a = 1\n   \n  b = 2", "\n\n   x = 1",
              "def f():\n  x = 1\n\n   y = 2", "class A:\n    '''doc'''\n     x = 1",
              "x = 1\n\f y = 2", "if 1:\n\f  x = 1\n  y = 2", "if 1:\n" + "  " * 101 + "x",
              "\n".join(" " * i + "if 1:" for i in range(101)) + "\n" + " " * 101 + "x",
              "if 1:\n \t x\n\t  y", "if 1:\n\t x\n \ty", "class A:\n\tdef f(self):\n        \tpass",
              "pass\n  \\\n", "x = (1,\n  2)\n  y = 3"]:
        add(e)
        add(e + "\n")
    # Strings and bytes literals.
    for q in ["'", '"', "'''", '"""']:
        for pfx in ["", "b", "r", "rb", "Br", "u", "R", "f", "rf", "F"]:
            add("x = %s%sabc" % (pfx, q))
            add("x = %s%sabc\ny = 1\n" % (pfx, q))
            add("x = %s%sabc\\" % (pfx, q))
            add("%s%s" % (pfx, q))
    for pfx in ["b", "rb", "B", "bR"]:
        for body in ["\u00e9", "caf\u00e9", "\u20ac", "\U0001F600", "a\u00e9b", "\u00e9" * 3]:
            add("x = %s'%s'" % (pfx, body))
            add("x = %s'''%s'''" % (pfx, body))
            add("x = %s'ok' %s'%s'" % (pfx, pfx, body))
    for body in ["\\x", "\\x1", "\\xg0", "\\x1g", "\\u12", "\\u123", "\\U1234567", "\\U0011ffff",
                 "\\N", "\\N{", "\\N{xx}", "\\N{BULLET", "ab\\x1", "\\xZZ", "\\U00110000", "\\uD800",
                 "x\\u12y", "\\N{LATIN SMALL LETTER A", "\\udfff\\ud800"]:
        add("x = '%s'" % body)
        add("x = b'%s'" % body)
        add("x = '''%s'''" % body)
        add("x = 'ok' '%s'" % body)
        add("x = '%s' 'ok'" % body)
        add("x = u'%s'" % body)
        add("x = r'%s'" % body)
        add("x = (1,\n'%s')" % body)
    for e in ["b'x' 'y'", "'x' b'y'", "b'x' f'y'", "'a' b'b' 'c'", "b'a'\\\n'b'", "(b'a'\n'b')",
              "'x' 'y", "'x' 'y' z", "'x'y", "b'x'b", "ub'x'", "bu'x'", "rr'x'", "bb'x'", "f'x' b'y'",
              "ur'x'", "xb'x'", "'x' = 1", "'a' 'b' = 1", "'x'.y = 1", "b'\\xff' + 'a' 'b\\x'"]:
        add("x = " + e)
        add(e)
    # Numbers.
    for e in ["1a", "1_", "1__0", "1_a", "01", "00_1", "0_1", "0x", "0xg", "0x_", "0x1_", "0x1__2",
              "0o", "0o8", "0o1_", "0o_", "0b", "0b2", "0b1_", "0b12", "1e", "1e+", "1e_1", "1.e",
              "1.5e", "1.5_", "1._5", "1_.5", "1.5j_", "1jx", "1.2.3", "1..2", "0123", "09", "0_7",
              "1if x else y", "1or 2", "0x1for", "1in x", "1and 2", "1.__class__", "0b1a", "0o7a",
              "1_000_", "1e5a", "5_j", "1J2", "0xfor", "1else", "1_e1", "08.5x", "0O8", "0B", "0X",
              "1 if x else2", "0b101b", "0xfg", "0e", "0e+", "1_2_3_", "123abc", "1_000L", "10l",
              "0777", "0o777_", "0.0.0", "1.2e3.4", "1e1.5"]:
        add("x = " + e)
        add(e)
        add("f(%s)" % e)
    # Keyword misuse and stray operators.
    for kw in STMT_KW:
        add("x = %s" % kw)
        add("%s = 1" % kw)
        add("x.%s = 1" % kw)
        add("f(%s)" % kw)
        add("[%s]" % kw)
        add("x = 1 %s" % kw)
    for op in OPS:
        add("x = %s" % op)
        add("x %s" % op)
        add("%s x" % op)
        add("x = 1 %s" % op)
        add("f(%s)" % op)
        add("x = a %s %s b" % (op, op))
        add("[1 %s]" % op)
    for ch in ["$", "?", "!", "`", "\u20ac", "\u00a0", "\x01", "\x7f", "\u200b", "\u2028", "\ufeff",
               "\u00bd", "\u2460", "\u0660", "\u00b7", "\u3000", "\U0001F600", "\u037e"]:
        add("x = 1 %s 2" % ch)
        add("x%s = 1" % ch)
        add("%sx = 1" % ch)
        add("x = a%sb" % ch)
        add("print(%s)" % ch)
        add("# %s\nx = %s" % (ch, ch))
    # Backslash continuations.
    for e in ["x = \\", "x = 1 \\", "\\", "x = 1 \\ 2", "x = \\ 1", "x = 1\\\n", "x = (1 \\\n", "\\\n",
              "x = 1 \\\n\n", "if x: \\", "a = 1 \\ # c", "x = [1, \\\n 2] \\", "x = \\\n\\\n",
              "def f(): \\\n", "x = 'a' \\x"]:
        add(e)
        add("y = 0\n" + e)
    # Lambda misuse.
    for e in ["lambda", "lambda:", "lambda x", "lambda (x): x", "lambda x=1, y: x", "lambda *: 0",
              "lambda **k, a: 0", "lambda x: yield", "lambda: x = 1", "lambda x,: x" if False else "lambda x,,: x",
              "x = lambda: ", "lambda a.b: 0", "lambda 1: 0", "lambda *a=1: 0", "lambda a, a: 0",
              "lambda: (x := 1) = 2", "f(lambda: )", "lambda x: x = 1", "lambda: *a", "lambda x: return x"]:
        add(e)
        add("x = " + e)
    # Assorted expression and statement errors around the subset.
    for e in ["f(a=1, a=2)", "f(**a, *b)", "f(a=1, b)", "f(**a, b)", "f(x for x in y, 1)", "f(1, x for x in y)",
              "f(a b=1)", "f(=1)", "f(a==)", "f(,)", "f(a,,b)", "f(*)", "f(**)", "f(a=)", "f(a.b=1)",
              "f(1=2)", "f('x'=1)", "f(a)(b c)", "x = [1 2]", "x = {1: 2 3: 4}", "x = {1 2}", "x = {1:}",
              "x = {:1}", "x = {1: *a}", "x = {**a: 1}", "x = {1: 2, 3}", "x = {1, 2: 3}", "x = (1 2)",
              "x = a[1 2]", "x = a[]", "x = a[:", "x = a[::]]", "x = (*a)", "x = *a", "x = **a", "print(**)",
              "x = a is", "x = a is not", "x = a not in", "x = a not b", "x = not", "x = a ==", "x = a < > b",
              "x = a <> b", "x = a === b", "x = a =! b", "x = a !== b", "a is b = 1", "a == b = 1",
              "a in b = 1", "x = (a = 1)", "f(a := 1 = 2)", "x = [a := 1]" if False else "x = [a = 1]",
              "x = a if b", "x = a if b else", "x = a if else b", "x = if a else b", "x = a and", "x = or b",
              "x = a b c", "a b = 1", "a, b c = 1", "x = 1,, 2", "x = ,1", "x = (,)", "x = [,]",
              "x, = ", "a = b = ", "a = = b", "a == = b", "= a", "a.b = = c", "x = y = 1 = 2",
              "s.add(y", "s.discard(y))", "x.append(y,)(", "gc.collect(", "print(a is b", "w(", "w()()(",
              "weakref.ref(x, cb", "sys.getrefcount(a))", "frozenset({1, 2)", "frozenset({1, 2}", "set(",
              "object(", "Cls(", "x = weakref.ref(x cb)", "gc.collect() gc.collect()", "print(a) print(b)",
              "a = 1 b = 2", "del", "del ,", "del a,,b", "del a b", "del (a", "del [a, 1]", "del (a, f())",
              "del a + b", "del *a", "del a.b()", "del a[0](1)", "del a = 1", "del a if b else c", "del -a",
              "del 'x'", "del None", "del (yield)", "del await x", "del not a", "del a.b.c()", "del a()[0].b()",
              "x = a.b.", "x = a[0].", "x = a.(b)", "a.b.c(", "x = (yield) = 1", "x = [*a] = b", "*a, *b = c",
              "a, *b, *c = d", "*a = 1", "*a += 1", "x = *a, *b", "print(*a, **b, *c)", "x = (*a,)",
              "a += b += c", "a += b = c", "a = b += c", "a: b: c", "a: = 1", "(a): int = 1" if False else "a, b: int",
              "x = [i for i in]", "x = [for i in y]", "x = [i for in y]", "x = {i: for i in y}",
              "x = [*a for a in b]", "x = {**a for a in b}", "x = [a, b for a in c]", "x = (a, b for a in c)",
              "return", "return 1", "yield", "yield x", "await x", "break", "continue", "nonlocal x",
              "global x, ", "global 1", "assert", "raise from x", "raise x from", "x = yield = 1",
              "async x = 1", "async def f(): pass\nawait", "def f():\n    nonlocal x", "def f():\n    global x\n    x = 1\n    global x",
              "def f(x):\n    global x", "class A:\n    return 1", "class A:\n    break", "def f():\n    yield = 1",
              "def f():\n    x = 1\n    global x", "def f():\n    print(x)\n    global x",
              "__debug__ += 1", "del __debug__", "x.__debug__ = 1", "import __debug__" if False else "f(__debug__=1)",
              "def f(__debug__): pass", "class __debug__: pass", "for __debug__ in x: pass",
              "with a as __debug__: pass", "(a, __debug__) = b", "import a as __debug__",
              "from a import b as __debug__", "lambda __debug__: 0", "x = [__debug__ := 1]",
              "def f(*, __debug__): pass", "def f(**__debug__): pass", "def f(*__debug__): pass",
              "print(a is b is)", "print(a in)", "print(not)", "x = ~", "x = -", "x = +", "x = a ** ",
              "x = a //", "x = a @", "x = 1 +* 2", "x = 1 */ 2", "x = [1, 2][", "x = {1: 2}[", "x = a[0]]",
              "x = ()()", "x = 1()", "x = 'a'()", "x = a(b)c", "x = a[b]c", "x = a.b c", "x = a b.c",
              "class A: x = 1 y = 2", "class A(metaclass=): pass", "class A(**k, b): pass", "class A(x for x in y): pass",
              "class A(B, x=1, C): pass", "class A(*B, **C, D): pass", "if x: pass\nelse", "if x\n    pass",
              "for x in y\n    pass", "while x\n    pass", "with x\n    pass", "try\n    pass", "else: pass",
              "elif x: pass", "except: pass", "finally: pass", "try:\n    pass", "try:\n    pass\nelse:\n    pass",
              "for x in : pass", "for in x: pass", "for x y: pass", "for 1 in x: pass", "with x as 1: pass",
              "with x as f(): pass", "if x = 1: pass", "while x = 1: pass", "if x := : pass",
              "x = [1, 2,, 3]", "x = (1, 2,, 3)", "x = {1, 2,, 3}", "f(1, 2,, 3)", "x = a[1,, 2]",
              "x = 1 if 2 else", "x = f(a)[b](c", "x = [\n1,\n2\n3\n]", "x = {\n'a': 1\n'b': 2\n}",
              "f(\na=1\nb=2\n)", "print('a'\n'b' c)", "x = (\n1\n2)", "match x:\n    case 1 2: pass",
              "match x:\ncase 1: pass", "match x:\n    case:\n        pass", "x = match", "case = 1" if False else "match = 1 2",
              "type X = ", "type X[] = int", "type = 1 2", "x = f'{'", "x = f'{a'", "x = f'}'", "x = f'{}'",
              "x = f'{a!x}'", "x = f'{a:{b:{c:{d}}}}'", "x = f'{a b}'", "x = f'{=}'", "x = f'{!r}'",
              "x = f'{a=!}'", "x = f'{lambda x: 1}'", "x = f'{yield}'", "x = f'{*a}'", "x = f'{a:=1}'",
              "x = f'{\\n}'", "x = f'{a #}'", "x = f'''{\n'''", "x = f'{a}' b'x'", "x = f'{)}'", "x = f'{a)}'",
              "x = f'{(}'", "x = f'{[}'", "x = f'{1 1}'", "x = f'{'a'}'", "x = f'{\"a\"'"]:
        add(e)
    # Contexts: wrap some snippets after valid lines, inside class/def bodies.
    base = list(out)
    prefixes = ["import gc\n", "a = 1\nb = 2\n", "class A:\n    pass\n", "x = (1,\n     2)\n", "# c\n\n"]
    for e in rng.sample(base, min(len(base), 500)):
        add(rng.choice(prefixes) + e)
    for e in rng.sample(base, min(len(base), 250)):
        if "\n" in e:
            continue
        add("class A:\n    " + e)
        add("def f():\n    " + e + "\n    return 1")
    for e in rng.sample(base, min(len(base), 200)):
        add(e + rng.choice(["\nx = 1", "\nx = (", "\nx = '", "\n  y = 2", "\nx = 1a", "\n)", "\nx = $"]))
    return out


# ---------------------------------------------------------------- compile-time checks

# Errors raised after parsing (symtable.c, compile.c, ast_opt.c) and parser
# corner cases found by tests/pyparse/difftest.py: assignment expressions in
# comprehensions, yield/await/walrus in annotation and type-parameter scopes,
# async constructs, nonlocal/global analysis with name mangling, __debug__
# targets, frame-block limits, break/continue unwinding positions, an error
# raised after the tokenizer's at EOF.
COMPILE_TIME = [
    'def f[T: (x:=3)](): pass', 'def f[T = (x:=3)](): pass', 'def f[T](x=(yield)): pass',
    'def f[T](x: (yield)): pass', 'def f[T]() -> (yield): pass', 'def f[T](x=[(y:=1) for a in b]): pass',
    'class A[T](B, metaclass=(yield)): pass', 'class A[T](x:=1): pass', 'type X = (yield)', 'type X[T] = (yield)',
    'type X[T: (yield)] = int', 'type X = [(y := 1) for a in b]', 'class A[T]: [(y := 1) for a in b]',
    'def f[T: [(y := 1) for a in b]](): pass', 'def f[T, T](): pass', 'def f[T](T): pass', 'class A[T, *T]: pass',
    'def f[T: (await x)](): pass', 'def f[*T = (yield)](): pass', 'def f[**T = (yield)](): pass',
    'def f[T: int = (yield)](): pass', 'class A[T]:\n  def f(self):\n    nonlocal T', 'def f[T](): nonlocal T',
    'def f[__T](): nonlocal __T', '@(yield)\ndef f[T](): pass', 'def f[T: (lambda: (yield))](): pass',
    'type X = lambda: (yield)', 'class A: type X = (x:=1)', 'def g():\n  type X = (yield)',
    'def f[T: x[(yield)]](): pass', 'def f[T: (int, (yield))](): pass',
    'def f[T: (int, [(y:=1) for a in b])](): pass', 'def f[T = [(y:=1) for a in b]](): pass',
    'def f[*T = [(y:=1) for a in b]](): pass', 'class A[T]((yield)): pass',
    'def f[T]():\n  class B[U: [(y:=1) for a in b]]: pass', 'from __future__ import annotations\nx: (y := 1)',
    'from __future__ import annotations\ndef f(x: (yield)): pass',
    'from __future__ import annotations\ndef f() -> (await x): pass',
    'from __future__ import annotations\ndef f(x: [(y:=1) for a in b]): pass', 'x: (yield)',
    'def f(x: (yield)): pass', 'def f():\n  x: (yield) = 1', 'class A:\n  x: (y := 1)',
    'def f(x: [(y:=1) for a in b]): pass', '[x for x in (lambda: (y:=1))]',
    'def f():\n  [i for i in (lambda: (y:=1))()]', 'def f():\n  x = 1\n  global x', '[(x:=1) for x, in y]',
    '[x for a in b for x in c if (x:=1)]', '[[x for x in c] for a in b if (x:=1)]', '[(a.b:=1) for a in b]',
    'def f(): return [(yield x) for x in y]', 'def f(): return {(yield x): 1 for x in y}',
    'def f(): return ((yield x) for x in y)', '[x async for x in y]', 'def f(): [x async for x in y]',
    'def f(): [await x for x in y]', '[await x for x in y]', 'async def f(): [x async for x in y]',
    'async def f(): [[x async for x in y] for z in w]', 'def f(): ((yield) for x in y)',
    '[(yield) for x in ((yield) for y in z)]', 'class C:\n  def f(self):\n    nonlocal __x\n',
    'class C:\n  def f(self):\n    __x = 1\n    def g():\n      nonlocal __x\n',
    'class __C:\n  def f(self):\n    nonlocal __x\n', 'class _:\n  def f(self):\n    nonlocal __x\n',
    'class C:\n  def f(self):\n    nonlocal __x__\n', 'class C:\n  def f(self, __a, _C__a): pass',
    'def f():\n  nonlocal x\n  global x', 'def f():\n  global x\n  nonlocal x', 'x = 1\nnonlocal x',
    'def f(a):\n  [a for a in b]\n  def g():\n    nonlocal a',
    'def f():\n  [(a := 1) for b in c]\n  def g():\n    nonlocal a',
    'def f():\n  def g():\n    nonlocal a\n  a = [b for b in c]', 'yield from x', 'class A: yield from x',
    'async def f(): yield from x', 'def f(): await x', 'lambda: await x', 'lambda: (yield)',
    'async def f():\n  yield 1\n  return 2', 'async def f():\n  return 2\n  yield 1',
    'async def f():\n  return\n  yield 1', 'def f():\n  async for x in y: pass', 'def f():\n  async with x: pass',
    'async for x in y: pass', 'async with x: pass', 'try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass',
    'def f():\n  try:\n    pass\n  except:\n    pass\n  except E:\n    pass', '(await x for x in y)',
    'def f(): (await x for x in y)', 'def f(): (x async for x in y)', '[x for x in await y]',
    'def f(): [x for x in await y]', 'async def f(): [x for x in await y]',
    'def f(): [(x, y) for x in a async for y in b]', 'async def f(): return [x async for x in y]\n',
    'async def f():\n  def g(): [x async for x in y]', 'async def f():\n  lambda: [x async for x in y]',
    'async def f():\n  lambda: await x', 'async def f():\n  [await x for x in y]',
    'async def f():\n  {await x: 1 for x in y}', 'def f():\n  [[await x for x in y] for z in w]',
    'def f():\n  [(await x for x in y) for z in w]', 'class C:\n  [x async for x in y]',
    'def f(x: (await y)): pass', 'def f(x=(await y)): pass', 'async def f(x=(await y)): pass',
    '@(await x)\ndef f(): pass', 'def f():\n  yield 1\n  return 2', 'while 1:\n  class A:\n    break',
    'while 1:\n  def f():\n    continue', 'for x in y:\n  pass\nelse:\n  break',
    'while 1:\n  try:\n    pass\n  finally:\n    continue', '__debug__: int', '__debug__: int = 1',
    'x.__debug__: int', 'x.__debug__: int = 1', '(__debug__): int', 'x[0]: (yield)', 'x.y: (yield)',
    '(x): (yield)', 'x: (yield) = 1', 'class A:\n  x: (yield)', 'def f():\n  x.y: (yield)',
    'def f():\n  (x): (yield)', 'def f():\n  x[(yield)]: int', 'def f[__debug__](): pass',
    'class A[__debug__]: pass', 'type __debug__ = int', 'type X[__debug__] = int',
    'def f(a: (yield), *, b: (await x)): pass', 'def f(*, b: (await x), **k: (yield)): pass',
    'def f(a, /, b: (await x)) -> (yield): pass', 'def f(a: (await x), /, b: (yield)): pass',
    'def f(*a: (yield), b: (await x)): pass', 'def f(__debug__: (yield)): pass',
    '@(yield)\ndef f(x=(await y)): pass', 'def f(x=(await y), *, z=(yield)): pass',
    'class A(x=(yield), *(await y)): pass', 'class A(metaclass=1, metaclass=2): pass', 'f(x=1, x=2)',
    'f(__debug__=1)', 'class A:\n  def f(self):\n    nonlocal __class__',
    'class A:\n  def f(self):\n    nonlocal __classdict__', 'def f():\n  super\n  nonlocal __class__',
    'class A[T]: pass\ndef f():\n  nonlocal __x', 'class A[T]:\n  def f(self):\n    nonlocal __x',
    'try:\n  pass\nexcept:\n  pass\nexcept (yield):\n  pass',
    'try:\n  pass\nexcept (yield):\n  pass\nexcept:\n  pass\nexcept E:\n  pass', '[(x := 1) for x.y in z]',
    '[(x := 1) for x[0] in z]', '[x for a in b for a.x in (x := 1)]', 'match y:\n case e(e=v,v,',
    'match y:\n case e(e=v,v,\n', 'match y:\n case e(e=v,v', 'match y:\n case e(e=v,v,w', 'f(a for a in b, c',
    'match y:\n case e(e=v,v, 1', 'match y:\n case (e(e=v,v,', 'match y:\n case [e(e=v,v,',
    'match y:\n case e(e=v,v,\n  w):\n  pass', 'match y:\n case e(e=v,v, w=2', 'match y:\n case e(e=v, f(e=v,v,',
    'match y:\n case {1: e(e=v,v,', 'match y:\n case e(e=v,v,,', 'match y:\n case e(e=v,v,)',
    'match y:\n case e(e=v,v):\n  pass', '[[[[[[[[= yie[[[[[[[[', '[[[= yie[[[', '[[= y', '[[= y]]',
    # tokenizer CRLF/EOF, f-string braces, match-statement pattern checks, f-string columns
    '\\\r\n', '\\\n', '\\\r', 'x = 1\n\\\r\n', 'x = 1 \\\r\n', '\\\r\n\r\n', '\\\r\nx = 1', '\\\n\n',
    'x = 1 \\\n\n', '\\\n\n\n', 'x = 1\n\\\n\n', "[f'x}'", "(f'{3:}}>10b'x'}'", "{ f'{3:}}>10}'", "f'x}'",
    "(f'x}'", "x = (f'x}'", "f'{3:}}>10}'", "f'{3!s:\\'", "f'{3!s:3\n'",
    'f"Here await that pesky {xxx:\n.3f} again"', 'match x:\n case a | b: pass',
    'match x:\n case [a] | (b, c): pass', 'match x:\n case [a, b] | [b, c]: pass',
    'match x:\n case {1: a} | {2: [b, (c as d)]}: pass', 'match x:\n case (a | a) as a: pass',
    'match x:\n case [a, *a]: pass', 'match x:\n case [*a, *b]: pass', 'match x:\n case [*_, *_]: pass',
    'match x:\n case C(x=1, x=2): pass', 'match x:\n case C(x=1, y=2, x=[a]): pass',
    'match x:\n case C(__debug__=1): pass', 'match x:\n case __debug__: pass', 'match x:\n case [__debug__]: pass',
    'match x:\n case {**__debug__}: pass', 'match x:\n case {1: a, **a}: pass',
    'match x:\n case _:\n  pass\n case 1: pass', 'match x:\n case x if x:\n  pass\n case 1: pass',
    'match x:\n case (x as y):\n  pass\n case 1: pass', 'match x:\n case 1 | x:\n  pass\n case 2: pass',
    'match x:\n case 1 | _ | 2: pass', 'match x:\n case [1 | _ | 2]: pass', "match x:\n case f'x': pass",
    "match x:\n case {f'x': 1}: pass", 'match x:\n case {1: _, True: _}: pass',
    'match x:\n case {1: _, 1.0: _}: pass', 'match x:\n case {1j: _, 1j: _}: pass',
    'match x:\n case {-1j: _, -1j: _}: pass', 'match x:\n case {1+2j: _, 1+2j: _}: pass',
    "match x:\n case {'a\\n': _, 'a\\n': _}: pass", 'match x:\n case {"it\'s": _, "it\'s": _}: pass',
    "match x:\n case {b'\\xff': _, b'\\xff': _}: pass", 'match x:\n case {None: _, None: _}: pass',
    'match x:\n case {1e400: _, 1e400: _}: pass', 'match x:\n case {0.1: _, 0.1: _}: pass',
    'match x:\n case {1e16: _, 1e16: _}: pass', 'match x:\n case {1e-5: _, 1e-5: _}: pass',
    'match x:\n case {-0.0: _, 0: _}: pass', "match x:\n case {'é\\x00': _, 'é\\x00': _}: pass",
    'match x:\n case {a.b: _, a.b: _}: pass', 'match x:\n case {-0: _, -0: _}: pass',
    'match x:\n case {1_000: _, 1000: _}: pass', 'match x:\n case {0x10: _, 16: _}: pass',
    'match x:\n case {12345678901234567890: _, 12345678901234567890: _}: pass', 'match x:\n case a:\n  pass',
    'match x:\n case a:\n  pass\n case b:\n  pass', 'match x:\n case C(a, a): pass',
    'match x:\n case C(a, b=a): pass', 'def f():\n match x:\n  case a:\n   pass\n nonlocal a',
    'def f():\n a = 1\n def g():\n  nonlocal a\n  match x:\n   case a: pass', 'match (yield): \n case 1: pass',
    'match x:\n case 1:\n  return', 'match x:\n case 1 if (yield): pass', 'match x:\n case [a, [b, a]]: pass',
    'match x:\n case (a, b) | (b, a): pass', 'match x:\n case (a, b) | (a, c): pass',
    'match x:\n case a | (b as c): pass', 'match x:\n case [a | b]: pass', 'match x:\n case {1: a | b}: pass',
    'match x:\n case [a, (1 as a) | (2 as a)]: pass', 'match x:\n case [(1 as a) | (2 as a), a]: pass',
    'match x:\n case (1 as a) | (2 as b): pass', 'match x:\n case {1: _, 0: _, 1.0: _}: pass',
    'match x:\n case {0: _, False: _}: pass', 'match x:\n case {0.5: _, 1/2: _}: pass',
    'match x:\n case {2**3: _}: pass', 'match x:\n case -1: pass', 'match x:\n case -1.5+2j: pass',
    'match x:\n case 1-2j | 3: pass', "match x:\n case {'\\x7f': _, '\\x7f': _}: pass",
    "match x:\n case {'\\u2028': _, '\\u2028': _}: pass", 'match x:\n case {\'"\\\'\': _, \'"\\\'\': _}: pass',
    'match x:\n case {123456789012345678.0: _, 123456789012345678.0: _}: pass',
    'match x:\n case {1e100: _, 1e100: _}: pass', 'match x:\n case {2.5e-10: _, 2.5e-10: _}: pass',
    'match x:\n case {100.0: _, 100: _}: pass',
    'match x:\n case {9007199254740993: _, 9007199254740992.0: _}: pass',
    'match x:\n case {-1j: _, 0-1j: _}: pass', 'match x:\n case {1+0j: _, 1: _}: pass',
    'match x:\n case C(a=x, b=x): pass', 'match x:\n case [x, {**x}]: pass', 'match x:\n case _:\n  pass',
    'match x:\n case 1:\n  pass\n case _:\n  pass', 'match x:\n case _ if y:\n  pass\n case 1: pass',
    "x = f'''\n  {a b}'''", "x = f'''\n  {a b\n  c}'''", "x = f'''{\n a b}'''", "x = 1; y = f'''\n{a b}'''",
    "x = f'''ab\ncd{a b}'''", "x = f'''{x}\n{a b}'''", "x = f'{a b}'", "x = (f'{a}', f'''\n   {\n  1 2}''')",
    "x = f'''\n {(1,\n 2 3)}'''", 'x = f"""\n\n   {\n        \t    6\n            0="""',
    'del f"""\n\n\n            {\n        \t    6\n            0="""',
    'f\'{x}\'f"""\n\n\n            {\n            6\n            0="""', "x = f'''\n  {a!x}'''",
    "x = f'''\n   {a+}'''", "x = f'''\n   { a = 1 }'''", "x = f'''\n {(1,\n  2 3)}'''",
    "x = f'''\n {(1,\n   2 3)}'''", "x = f'''\n   {(1,\n 2 3)}'''",
    # the keyword's line in 'expected an indented block' after a continued line
    'if \\\nx:\npass', 'if x:\n  pass\nelif \\\ny:\npass', 'while \\\nx:\npass', 'if (\nx):\npass',
    'if \\\n\\\nx:\npass', 'for \\\nx in y:\npass', 'with \\\nx:\npass', 'class \\\nA:\npass',
    'def \\\nf():\npass', 'try:\n pass\nexcept \\\nE:\npass',
]


def nested_blocks():
    """Sources at CPython's limits: statically nested blocks (CO_MAXBLOCKS),
    bracket nesting (200), indentation (100), parser stack and the AST
    optimizer's recursion guard (values far from the call-depth-dependent
    thresholds only)."""
    def nest(n, head, tail=None):
        s = "".join(" " * i + head + "\n" for i in range(n)) + " " * n + "pass\n"
        if tail:
            for i in reversed(range(n)):
                s += " " * i + tail + "\n" + " " * (i + 1) + "pass\n"
        return s

    def nest_handler(n, exc):
        s, ind = "", 0
        for _ in range(n):
            s += " " * ind + "try:\n" + " " * (ind + 1) + "pass\n" + " " * ind + exc + "\n"
            ind += 1
        return s + " " * ind + "pass\n"

    out = []
    for n in (19, 20, 21, 22):
        for head, tail in [("for x in y:", None), ("while x:", None), ("with x:", None), ("try:", "finally:"),
                           ("try:", "except:"), ("if x:", None)]:
            out.append(nest(n, head, tail))
    for n in (9, 10, 11, 12):
        out.append(nest_handler(n, "except:"))
        out.append(nest_handler(n, "except E as e:"))
    out.append("def f():\n" + "".join(" " * (i + 1) + "for x in y:\n" for i in range(21)) + " " * 22 + "pass\n")
    out += ["try:\n    print(1)\n    break\n    print(2)\nfinally:\n    print(3)", "with object() as obj:\n    continue",
            "with a, b:\n  break", "try:\n  pass\nfinally:\n  break",
            "try:\n  with x:\n    break\nfinally:\n  if y:\n    print(3)\n  else:\n    z = 1",
            "for x in y:\n  try:\n    break\n  finally:\n    pass", "while 1:\n  pass\nelse:\n  with x:\n    continue"]
    for n in (199, 200, 201):
        out.append("x = " + "(" * n + "1" + ")" * n)
        out.append("x = " + "[" * n + "]" * n)
        out.append("f(" * n + ")" * n)
    out += ["x = " + "(1, " * 150 + ")" * 150, "x = " + "{1: " * 150 + "1" + "}" * 150]
    for n in (99, 100, 101):
        out.append("".join(" " * i + "if 1:\n" for i in range(n)) + " " * n + "pass\n")
    for n in (1500, 5000, 20000):
        out.append("x = a" + ".a" * n)
        out.append("x = 1" + " + 1" * n)
        out.append("x = a" + "()" * n)
    for n in (1500, 5000, 7000, 20000):
        out.append("x = " + "-" * n + "1")
        out.append("x = " + "not " * n + "1")
    for n in (1000, 4000):
        out.append("x = " + "lambda: " * n + "1")
        out.append("x = 1" + " ** 1" * n)
    out.append("x = " + "'a' " * 20000)
    out.append("[" * 30 + "= yie" + "[" * 30)
    return out

# ---------------------------------------------------------------- mutations

MUT_VOCAB = (["a", "b", "x", "1", "0", "'s'", "b'b'", "None", "True", "(", ")", "[", "]", "{", "}", ",",
              ":", ".", "=", "==", "+=", "is", "not", "in", "del", "import", "from", "class", "def", "pass",
              "print", "lambda", "*", "**", "+", "-", "\\\n", "\n", "    ", "\t", "if", "else", "return",
              "$", "?", "1a", "01", "'", '"', "'''", ";", "@", "->", "...", "as", "for", "async", "await",
              "yield", "global", "0x", "1.", ".1", "1e", "\u20ac", "gc", "sys", "weakref", "self"])


def mutations(rng, programs, count):
    out = []
    attempts = 0
    while len(out) < count and attempts < count * 20:
        attempts += 1
        src = rng.choice(programs)
        try:
            toks = [t for t in tokenize.generate_tokens(io.StringIO(src).readline)
                    if t.type not in (tokenize.ENDMARKER, tokenize.DEDENT) and t.string]
        except (tokenize.TokenError, SyntaxError, IndentationError):
            continue
        if not toks:
            continue
        lines = src.splitlines(keepends=True)
        offs = [0]
        for ln in lines:
            offs.append(offs[-1] + len(ln))

        def pos(rc):
            r, c = rc
            return offs[r - 1] + c if r - 1 < len(offs) else len(src)

        t = rng.choice(toks)
        s, e = pos(t.start), pos(t.end)
        kind = rng.randrange(3)
        if kind == 0:
            m = src[:s] + src[e:]
        elif kind == 1:
            w = rng.choice(MUT_VOCAB)
            sep = rng.choice(["", " "])
            m = src[:s] + w + sep + src[s:]
        else:
            m = src[:s] + rng.choice(MUT_VOCAB) + src[e:]
        if m != src:
            out.append(m)
    return out


# ---------------------------------------------------------------- byte-level sources

def byte_sources():
    out = []
    for b in [b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
              b"\xc0\xaf", b"\xf8\x88\x80\x80\x80"]:
        out.append(b"x = '" + b + b"'")
        out.append(b"x = 1 # " + b + b"\n")
        out.append(b)
        out.append(b"a = 1\nb = 2\nx = b'" + b + b"'\n")
        out.append(b"x" + b + b" = 1")
        out.append(b"# first\n\n# third " + b + b"\nx = 1")
    out += [b"\xef\xbb\xbfx = 1", b"\xef\xbb\xbf# coding: utf-8\nx = 1", b"\xef\xbb\xbf# coding: latin-1\nx = 1",
            b"# -*- coding: latin-1 -*-\nx = '\xe9'", b"# coding: latin-1\nx = b'\xe9'",
            b"# coding: utf-8\nx = '\xe9'", b"# coding: nope\nx = 1", b"#!/usr/bin/python\n# coding: latin-1\nx = '\xff'",
            b"\n\n# coding: latin-1\nx = '\xe9'", b"# vim: set fileencoding=ascii :\nx = 1",
            b"# coding: ascii\nx = '\xc3\xa9'", b"x = 1\x00", b"\x00", b"x = '\x00'", b"# \x00\nx = 1",
            b"x = 1\r\ny = 2\r\n", b"x = 1\ry = 2", b"x = (\r\n1)\r\n", b"\xef\xbb\xbf\xef\xbb\xbfx = 1",
            b"x = '\xc3\xa9'", b"\xc3\xa9 = 1", b"x = b'\xc3\xa9'", b"x = 1 \\\r\n+ 2", b"x = '''\r\n'''"]
    return out


# ---------------------------------------------------------------- recording

def find_pythons(explicit):
    found = {}
    for spec in explicit:
        v, _, path = spec.partition("=")
        found[v] = path
    for v in VERSIONS:
        if v in found:
            continue
        cands = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/%s.*/bin/python3" % v)))
        if cands:
            found[v] = cands[-1]
    return found


def record(python, items):
    res = subprocess.run([python, "-I", "-c", RECORDER], input=json.dumps(items).encode(),
                         stdout=subprocess.PIPE, check=True)
    return json.loads(res.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "pyparse", "corpus"))
    ap.add_argument("--python", action="append", default=[], help="VERSION=PATH")
    ap.add_argument("--mutations", type=int, default=1500)
    args = ap.parse_args()
    rng = random.Random(SEED)

    valid = valid_programs(rng)
    invalid = invalid_snippets(rng) + COMPILE_TIME + nested_blocks()
    muts = mutations(rng, valid, args.mutations)
    seen = set()
    items = []
    for s in valid + invalid + muts:
        if s in seen:
            continue
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            continue
        seen.add(s)
        items.append({"source": s})
    for b in byte_sources():
        items.append({"source_b64": base64.b64encode(b).decode()})

    pythons = find_pythons(args.python)
    os.makedirs(args.out, exist_ok=True)
    for v in VERSIONS:
        if v not in pythons:
            print("no interpreter for %s; skipped" % v, file=sys.stderr)
            continue
        errs = record(pythons[v], items)
        corpus = [dict(it, error=err) for it, err in zip(items, errs)]
        path = os.path.join(args.out, "%s.json" % v)
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(corpus, fh, ensure_ascii=True, indent=0)
            fh.write("\n")
        nvalid = sum(1 for c in corpus if c["error"] is None)
        print("%s: %d sources, %d valid, %d invalid -> %s" % (v, len(corpus), nvalid, len(corpus) - nvalid, path))


if __name__ == "__main__":
    main()
