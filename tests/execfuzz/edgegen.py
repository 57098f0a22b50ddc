#!/usr/bin/env python3
"""Python sources at the edges, for tests/execfuzz/edgefuzz.py.

    python3 edgegen.py SEED        prints one program (repr when it is bytes)

Where gen.py writes programs of the subset, this writes what sits at its
borders and past them: every construct nested deep (brackets, displays,
subscripts, calls, unary and binary chains, lambdas, conditional
expressions, def/class/if/while/for/try/with blocks, f-strings), very long
lines, names and literals, many statements, unicode identifiers and strs
(non-BMP, combining, lone surrogates by escape), numeric literals at their
edges (underscores, exponents, radixes, digit limits, imaginary), string
prefixes valid and not, line structure (CRLF, CR, form feed, tabs, NUL,
continuations, BOM, coding cookies), decorators, walrus, starred targets,
comprehensions, global/nonlocal, del and augmented assignment of every
target kind, folding at the compiler's size limits, recursion, loops, and
finalizers / callbacks / resurrection around collections. Each program is
a few such motifs after an optional prelude of the subset, so that what
runs before an edge leaves state behind."""
import random
import sys

DEPTHS = [2, 20, 99, 100, 101, 198, 199, 200, 201, 202, 300, 1000, 5000]
LONG = [1000, 4095, 4096, 4097, 4300, 4301, 65536, 200000]

PRELUDE = [
    "import gc, sys, weakref",
    "import gc\nimport sys\nimport weakref",
    "import gc, sys, weakref\nclass N:\n    def __del__(self):\n        print('del N')\n",
    "import gc, sys, weakref\n_resurrected = []\nclass R:\n    def __del__(self):\n"
    "        _resurrected.append(self)\n",
    "import gc, weakref\nclass N:\n    pass\ndef cb(wr):\n    print('cb')\n",
    "",
]


class EdgeGen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.seed = seed

    def depth(self):
        return self.r.choice(DEPTHS)

    def name(self):
        r = self.r
        return r.choice(["a", "b", "x", "n", "é", "\u00b5", "ñ1", "_", "__", "a\u0301", "\U0001d41a", "ℌ",
                         "Ω", "ǅ", "a" * r.choice([1, 50, 255, 256, 10000]), "\u4e2d\u6587", "xⅠ", "ﬁ",
                         "\u1885", "\u2118", "℘", "\u309b", "ᢅ"])

    # ------------------------------------------------------------------
    # expressions

    def atom(self):
        r = self.r
        return r.choice(["1", "0", "-1", "x", "a", "None", "True", "''", "()", "[]", "{}", "b''", "1.5", "1j",
                         "'s'", "object()", "(1,)", "a.b", "a[0]", "...", "n"])

    def nested_expr(self):
        r = self.r
        n = self.depth()
        a = self.atom()
        kind = r.randrange(32)
        if kind == 0:
            return "(" * n + a + ")" * n
        if kind == 1:
            return "[" * n + a + "]" * n
        if kind == 2:
            return "{" * n + a + "}" * n
        if kind == 3:
            return "{1: " * n + a + "}" * n
        if kind == 4:
            return r.choice(["-", "+", "~", "not ", "- ", "-(", "await "]) * n + a + (")" * n if False else "")
        if kind == 5:
            return "-(" * n + a + ")" * n
        if kind == 6:
            return a + r.choice(["[0]", "[-1]", "['']", ".b", "()", "[::]", "[1:2]", "[a]", ".__class__"]) * n
        if kind == 7:
            return "f(" * n + a + ")" * n
        if kind == 8:
            return "lambda: " * n + a
        if kind == 9:
            return "lambda x: " * n + a
        if kind == 10:
            return a + (" " + r.choice(["+", "-", "*", "**", "//", "%", "|", "&", "^", "<<", ">>", "@", "and",
                                        "or", "<", "==", "is", "in", "not in", "is not", "if x else"]) + " "
                        + a) * n
        if kind == 11:
            return "2 ** " * n + "2"
        if kind == 12:
            return "x if " * n + "y" + " else z" * n
        if kind == 13:
            return "(" * n + a + ",)" * n
        if kind == 14:
            return "(" + ", ".join([a] * n) + ")"
        if kind == 15:
            return "[" + ", ".join(["[" * 3 + a + "]" * 3] * n) + "]"
        if kind == 16:
            return " ".join(["'a'"] * n)
        if kind == 17:
            return "(x := " * n + a + ")" * n
        if kind == 18:
            return "[*" * n + "[" + a + "]" + "]" * n
        if kind == 19:
            return "{**" * n + "{}" + "}" * n
        if kind == 20:
            return "[x for x in " * n + "[]" + "]" * n
        if kind == 21:
            return "(x for x in " * n + "()" + ")" * n
        if kind == 22:
            return self.fstring_nest(n)
        if kind == 23:
            return "a" + "[" * n + "0" + "]" * n
        if kind == 24:
            return "f(" + ", ".join(["x"] * n) + ")"
        if kind == 25:
            return "f(" + ", ".join("k%d=1" % i for i in range(n)) + ")"
        if kind == 26:
            return "frozenset({" * n + "1" + "})" * n
        if kind == 27:
            return "(" * n + "yield" + ")" * n
        if kind == 28:
            return "sys.getsizeof(" * n + a + ")" * n
        if kind == 29:
            return "print(" * n + a + ")" * n
        if kind == 30:
            return "1" + " + 1" * n
        return "(" * (n // 2) + "[" * (n // 2) + a + "]" * (n // 2) + ")" * (n // 2)

    def fstring_nest(self, n):
        r = self.r
        n = min(n, r.choice([2, 3, 5, 20, 200]))
        q = r.choice(["'", '"'])
        s = "x"
        for i in range(n):
            form = r.randrange(5)
            if form == 0:
                s = "f%s{%s}%s" % (q, s, q)
            elif form == 1:
                s = "f%s{%s!r:>{w}}%s" % (q, s, q)
            elif form == 2:
                s = "f%s{%s=}%s" % (q, s, q)
            elif form == 3:
                s = "f%s{%s:{%s}}%s" % (q, "a", s, q)
            else:
                s = "f%s{ %s }{{}}%s" % (q, s, q)
        return s

    def number(self):
        r = self.r
        k = r.randrange(30)
        digits = r.choice([1, 19, 20, 309, 4299, 4300, 4301, 5000, 40000])
        if k == 0:
            return "9" * digits
        if k == 1:
            return "1" + "_0" * min(digits, 5000)
        if k == 2:
            return "0x" + "f" * digits
        if k == 3:
            return "0o" + "7" * digits
        if k == 4:
            return "0b" + "1" * digits
        if k == 5:
            return "1e" + "9" * r.choice([1, 3, 4, 10, 400])
        if k == 6:
            return "1e-" + "9" * r.choice([1, 3, 4, 10, 400])
        if k == 7:
            return r.choice(["1__0", "1_", "0_", "0x_", "0x_1", "0_7", "07", "00", "0_0", "1e", "1e+", "1e_1",
                             "1.e5", "1._0", "1_.0", "1jj", "0b2", "0o8", "0xg", "1if 1 else 2", "0x1for x in y",
                             "1.__class__", "1 .real", "1.real", "0b", "0o", "1e1_0", "1_000j", ".5j", "5.j",
                             "0.0e-0", "00.5", "09.5", "09j", "08", "1E+308", "1.8e308", "4.9e-324", "2e-324"])
        if k == 8:
            return "2 ** %d" % r.choice([63, 64, 127, 128, 129, 1000, 100000, -1, -1075])
        if k == 9:
            return "1 << %d" % r.choice([62, 63, 64, 127, 128, 129, 1000, 10 ** 9, -1])
        if k == 10:
            return "%s * %s" % (r.choice(["'a'", "b'a'", "(0,)", "[0]", "'\u0100'", "'\U0001f600'", "(None,)"]),
                                r.choice(["4096", "4097", "10 ** 9", "256", "257", "-1", "2 ** 62", "2 ** 64",
                                          "True", "0"]))
        if k == 11:
            return "%s ** %s" % (r.choice(["2", "-2", "2.0", "10", "0", "-1", "1j"]),
                                 r.choice(["64", "127", "128", "1000", "-1", "0.5", "2 ** 64", "10 ** 10"]))
        if k == 12:
            return "%s %s %s" % (r.choice(["1", "1.0", "0", "2 ** 63", "-(2 ** 63)", "1e308", "'a'"]),
                                 r.choice(["/", "//", "%", "-", "+", "*", "**", "<<", ">>", "&", "|", "^"]),
                                 r.choice(["0", "0.0", "1", "-1", "1e308", "2 ** 63", "'b'", "()"]))
        if k == 13:
            return "-" + "9" * 19 + "9" * r.choice([0, 1])
        if k == 14:
            return "(%s)" % "9223372036854775807 + 1"
        return r.choice(["1", "0", "-0", "-0.0", "1e309", "-1e309", "1e309 - 1e309", "1e308 * 10", "0.1 + 0.2",
                         "10 ** 20", "-(2 ** 63)", "~0", "not 0", "1j * 1j", "1 / 0", "1 // 0", "1 % 0",
                         "0 ** -1", "2 ** 0.5", "(-8) ** (1/3)", "True + True", "9" * 4300, "9" * 4301])

    def string(self):
        r = self.r
        k = r.randrange(14)
        prefix = r.choice(["", "", "r", "R", "b", "B", "rb", "bR", "Rb", "u", "U", "f", "rf", "fR", "F", "ur",
                           "bu", "fb", "ub", "rr", "t", "br", "BR"])
        q = r.choice(["'", '"', "'''", '"""'])
        if k == 0:
            body = r.choice(["\\x00", "\\0", "\\777", "\\400", "\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00",
                             "\\U0001F600", "\\U00110000", "\\U0010ffff", "\\N{BULLET}", "\\N{", "\\x4", "\\x",
                             "\\u12", "\\d", "\\q", "\\\n", "\\\r\n", "\\", "\\8", "\\U0000d800", "\\uDBFF\\uDFFF"])
        elif k == 1:
            body = r.choice(["\U0001f600", "a\u0301", "\u200b", "\ufeff", "\u2028", "\u0085", "\x7f", "\x00",
                             "\ud800" if r.random() < 0.1 else "\udb40\udc01"[:1] if False else "é", "\U000e0001",
                             "\uffff", "\U0010ffff", "\u0378", "\U000f0000", "中", "\x1b[0m"])
        elif k == 2:
            body = r.choice(["a", "é", "\u0100", "\U0001f600"]) * r.choice(LONG)
        elif k == 3:
            body = "{" * r.choice([1, 2, 3]) + "x" + "}" * r.choice([1, 2, 3])
        elif k == 4:
            body = "x\ny" if q in ("'", '"') else "x\n\ny\r\n"
        elif k == 5:
            body = q[0] if len(q) == 1 else q[0] * 2
        else:
            body = r.choice(["hello world", "x", "", "a b", "hello", "_", "__slots__", "gc", "%s", "{0}"])
        tail = q if r.random() < 0.95 else ""
        return prefix + q + body + tail

    def expr(self):
        r = self.r
        k = r.randrange(10)
        if k < 3:
            return self.nested_expr()
        if k < 5:
            return self.number()
        if k < 7:
            return self.string()
        return r.choice(["a", "x", "w()", "len(a)", "id(a)", "sys.getrefcount(a)", "gc.collect()",
                         "sys.getsizeof(a)", "a is b", "a == b", "[a, b]", "(a, b)", "{a: b}", "{a, b}",
                         "weakref.ref(a)", "weakref.ref(a, cb)", "sys.intern('x' * 100)", "gc.is_tracked(a)",
                         "print(a)", "a.copy()", "a.pop()", "N()", "R()", "gc.garbage", "_resurrected"])

    # ------------------------------------------------------------------
    # statements

    def target(self):
        r = self.r
        return r.choice(["a", "b", "x", "a.b", "a[0]", "a['k']", "a.b[0].c", "(a)", "(a, b)", "[a, b]", "a, b",
                         "*a, b", "a, *b", "[*a]", "(*a,)", "f()", "f().x", "a()[0]", "1", "None", "True", "...",
                         "'s'", "a + b", "-a", "(a := 1)", "a if b else c", "lambda: 1", "[a for a in b]",
                         "a.b.c.d", "a[0][0][0]", "(a.b)", "((a))", "a[0:1]", "a[...]", "__debug__", "yield",
                         "await a", "not a", "a < b", "{a}", "{a: b}", "f'{a}'", "a.__class__", self.name()])

    def simple_stmt(self):
        r = self.r
        k = r.randrange(22)
        t = self.target()
        if k == 0:
            return "%s = %s" % (t, self.expr())
        if k == 1:
            return "%s %s %s" % (t, r.choice(["+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=",
                                              "^=", "@="]), self.expr())
        if k == 2:
            return "del " + ", ".join(self.target() for _ in range(r.choice([1, 2, 3, 100])))
        if k == 3:
            return "%s: %s = %s" % (t, r.choice(["int", "'x'", "a.b"]), self.expr())
        if k == 4:
            return r.choice(["global", "nonlocal"]) + " " + ", ".join(self.name() for _ in range(r.choice([1, 3])))
        if k == 5:
            return " = ".join([t] * r.choice([2, 3, 100, 1000])) + " = " + self.expr()
        if k == 6:
            return r.choice(["return", "return 1", "yield", "yield 1", "yield from x", "await x", "break",
                             "continue", "pass", "raise", "raise ValueError", "raise 1", "assert 0", "assert 1, 'm'",
                             "import os", "from gc import collect", "from . import x", "import gc as g",
                             "from __future__ import annotations", "from __future__ import braces",
                             "from __future__ import nope", "import weakref.ref", "import sys, sys, sys",
                             "print(*a)", "print(**a)", "print(a, sep='')", "print(a, end=None)",
                             "print(sep=1)", "print(end='\\x00')", "print('\\ud800')", "print(a, a, a, sep=a)",
                             "f(a=1, a=1)", "f(**a, *b)", "f(a=1, b)", "f(x for x in y, 1)", "f(x for x in y)",
                             "del ()", "del []", "del (a)", "del (a,)", "del [a, [b]]", "del *a", "del a,",
                             "a, = b,", "() = ()", "[] = []", "a = yield", "x = *a", "x = *a,", "*a = b",
                             "a: int", "(a): int", "a.b: int", "a[0]: int", "(a, b): int", "__debug__ = 1",
                             "None = 1", "True += 1", "f() = 1", "del f()", "del a + b", "del 1", "...",
                             "type X = int", "match = 1", "case = 1", "_ = 1", "print(print)",
                             "gc.set_threshold(0)", "gc.set_threshold(1, 1, 1)", "gc.set_threshold(2 ** 31)",
                             "gc.set_threshold(-1)", "gc.set_threshold(2 ** 64)", "gc.collect(3)",
                             "gc.collect(-1)", "gc.collect(2 ** 64)", "gc.freeze()", "gc.unfreeze()",
                             "gc.set_debug(gc.DEBUG_SAVEALL)", "gc.set_debug(0)", "gc.disable()", "gc.enable()",
                             "sys.getrefcount()", "sys.getsizeof(1, 2, 3)", "len()", "id(1, 2)",
                             "weakref.ref()", "weakref.ref(1)", "weakref.ref(a, a)", "sys.intern(1)"])
        if k == 7:
            return "; ".join(self.simple_stmt() for _ in range(r.choice([2, 3, 50])))
        if k == 8:
            return "%s = %s" % (self.name(), self.string())
        if k == 9:
            return "%s = %s" % (self.name(), self.number())
        if k == 10:
            return "print(%s)" % self.expr()
        if k == 11:
            return "%s = %s" % (t, self.nested_expr())
        if k == 12:
            return "x = [%s]" % ", ".join(self.atom() for _ in range(r.choice([10, 1000, 5000])))
        if k == 13:
            return "@" + r.choice(["d", "d()", "a.b", "a[0]", "(lambda f: f)", "x := d"]) + "\ndef f(): pass"
        return self.expr()

    def block(self, depth, indent):
        r = self.r
        pad = indent * depth
        if self.valid_blocks:
            return pad + r.choice(["if x:", "while x:", "for x in y:", "with a:", "def f():", "class C:", "if 1:",
                                   "def f(a):", "while 0:", "with a as b:", "def __del__(self):"])
        head = r.choice(["if x:", "while x:", "while True:", "for x in y:", "try:", "with a:", "with a as (b, c):",
                         "def f():", "def f(a, /, b, *, c):", "def f(*, a):", "async def f():", "class C:",
                         "class C(object):", "class C(metaclass=M):", "if 1:", "else:", "elif x:",
                         "match x:", "case 1:", "async with a:", "async for x in y:", "lambda:", "def f[T]():",
                         "class C[T]:", "try:", "def __del__(self):"])
        return pad + head

    def nested_blocks(self):
        r = self.r
        n = r.choice([2, 5, 20, 99, 100, 101, 150])
        indent = r.choice(["    ", " ", "\t", "  ", "\t ", " \t"])
        self.valid_blocks = r.random() < 0.7
        lines = []
        for i in range(n):
            lines.append(self.block(i, indent))
            if lines[-1].strip() == "try:" and r.random() < 0.3:
                pass
        lines.append(indent * n + r.choice(["pass", "f()", "x = 1", "break", "return", "yield", "continue",
                                            "nonlocal x", "global x", "del x", "print(1)"]))
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # compound statements as the grammar writes them, with the statements whose
    # place the compiler checks (break/continue/return/yield/await/nonlocal/
    # global/:=/del/starred, patterns, type parameters) at random depths: the
    # symtable's and codegen's SyntaxErrors (pyparse_check.c), which
    # nested_blocks()' headers without bodies never reach (coverage, helper-62)

    HOT = ["break", "continue", "return", "break", "continue", "return 1", "yield", "yield 1", "yield from x", "await x", "pass",
           "nonlocal x", "global x", "x = 1", "print(x)", "del x", "(x := 1)", "[y := 1 for y in z]",
           "[x := 1 for y in z]", "[(y := 1) for x in z]", "[i for i in (j := z)]", "{y: (y := 1) for y in z}",
           "x: int = 1", "x: int", "a.b: int", "raise", "*a, b = c", "a, *b, *c = d", "lambda: (yield)",
           "f(**a, *b)", "f(a=1, a=2)", "__debug__ = 1", "async with a: pass", "async for x in y: pass",
           "from x import *", "[await x for x in y]", "(x async for x in y)", "[x async for x in y]",
           "del (x, [y])", "print(f'{x!r:>{y}}')", "def g(a, a): pass", "lambda a, a: 1",
           "class K: nonlocal x", "class K: global x; x = 1", "x = 1; global x", "print(x); nonlocal x"]
    PATTERNS = ["1", "-1", "1 + 2j", "-1 - 2j", "'s'", "b'b'", "None", "True", "x", "_", "a.b", "a.b.c",
                "[a, b]", "(a, b)", "[a, *rest]", "[*a, *b]", "[*_, x]", "(a, a)", "[a, [b, a]]", "{1: a}",
                "{1: a, 1: b}", "{'k': a, **rest}", "{**rest}", "{x: 1}", "{a.b: 1, a.b: 2}", "{**_}",
                "C()", "C(a, b)", "C(x=a)", "C(x=a, x=b)", "C(a, x=b)", "C(x=a, b)", "a.C(1, x=_)",
                "1 | 2", "a | b", "x | 1", "[a] | [b]", "(a | b)", "_ | 1", "a as b", "(1 as a) | (2 as a)",
                "(1 as a) | 2", "[1, 2] as a", "_ as x", "x as _", "1 as x as y", "C(a=1) as a",
                "f'x'", "1 + x", "-x", "{**a, 'k': 1}", "[a, b] | [b, a]", "(a, b) | (b, c)",
                "a if b else c", "(a := 1)", "*a", "**a", "()", "[]", "{}", "(a,)", "0x1F", "1e3", "-0.5"]
    TPARAMS = ["T", "T, U", "T, T", "*Ts", "**P", "T: int", "T: (int, str)", "T = int", "T: int = str",
               "*Ts = int", "**P = [int]", "T = int, U", "T, *Ts, **P", "T: (yield)", "T: (x := 1)",
               "T: (await x)", "T = (yield)", "T: lambda: 1", "T: [x for x in y]"]

    def pattern(self, depth=0):
        r = self.r
        p = r.choice(self.PATTERNS)
        if depth < 2 and r.random() < 0.3:
            inner = self.pattern(depth + 1)
            p = r.choice(["[%s, %s]", "(%s | %s)", "{1: %s, 'k': %s}", "C(%s, x=%s)", "[%s, *_, %s]",
                          "%s as y if False else %s"]).replace("%s", inner, 1).replace("%s", p, 1)
            if " if False else " in p:
                p = p.replace(" as y if False else ", " | ")
        return p

    def compound(self, depth=0, indent="    "):
        """a compound statement with a body (and its clauses), or a simple hot statement"""
        r = self.r
        pad = indent * depth
        if depth >= r.choice([2, 3, 4]) or r.random() < 0.25:
            return pad + r.choice(self.HOT)

        def body(d=depth + 1):
            return "\n".join(self.compound(d, indent) for _ in range(r.choice([1, 1, 2])))

        k = r.randrange(14)
        if k == 0:
            head = r.choice(["while x:", "for x in y:", "async for x in y:", "while 0:", "for (a, b) in c:",
                             "for x[0] in y:", "for x.a in y:", "for f() in y:"])
            out = "%s%s\n%s" % (pad, head, body())
            if r.random() < 0.3:
                out += "\n%selse:\n%s" % (pad, body())
            return out
        if k in (1, 2):
            out = "%stry:\n%s" % (pad, body())
            star = r.random() < 0.4
            for _ in range(r.choice([0, 1, 1, 2])):
                what = r.choice(["", " E", " (E, F)", " E as e", " E as e.x", " E, F", " (E, F) as e",
                                 " ExceptionGroup"])
                if star and what == "":
                    what = r.choice(["", " E"])
                out += "\n%sexcept%s%s:\n%s" % (pad, "*" if star else "", what, body())
            if r.random() < 0.3:
                out += "\n%selse:\n%s" % (pad, body())
            if r.random() < 0.4 or "except" not in out:
                out += "\n%sfinally:\n%s" % (pad, body())
            return out
        if k in (3, 4):
            out = "%smatch %s:" % (pad, r.choice(["x", "x,", "x, y", "*x,", "(x)", "x := 1", "f()", "[x]"]))
            for _ in range(r.choice([1, 2, 3])):
                guard = r.choice(["", "", " if x", " if (y := 1)", " if (yield)"])
                out += "\n%s%scase %s%s:\n%s" % (pad, indent, self.pattern(), guard, body(depth + 2))
            return out
        if k == 5:
            tp = "[%s]" % r.choice(self.TPARAMS) if r.random() < 0.5 else ""
            args = r.choice(["", "x", "a, a", "x=1, y", "*, x", "*a, **k", "a, /, b", "x: (yield)",
                             "x=(yield)", "x: int = 1", "*args: *Ts", "self"])
            deco = pad + "@" + r.choice(["d", "(yield)", "x := d", "a.b(c)"]) + "\n" if r.random() < 0.2 else ""
            ret = r.choice(["", "", " -> int", " -> (yield)", " -> (x := 1)", " -> T"])
            return "%s%s%sdef f%s(%s)%s:\n%s" % (deco, pad, r.choice(["", "", "async "]), tp, args, ret, body())
        if k == 6:
            tp = "[%s]" % r.choice(self.TPARAMS) if r.random() < 0.5 else ""
            base = r.choice(["", "(object)", "(B, B)", "(metaclass=M)", "(*a, **k)", "((yield))", "(x := B)"])
            return "%sclass C%s%s:\n%s" % (pad, tp, base, body())
        if k == 7:
            item = r.choice(["a", "a as b", "a as (b, c)", "a as b.c", "a as f()", "(a, b)", "(a as b, c as d)",
                             "a, b as c", "(yield) as x"])
            return "%s%swith %s:\n%s" % (pad, r.choice(["", "", "async "]), item, body())
        if k == 8:
            out = "%sif %s:\n%s" % (pad, r.choice(["x", "(x := 1)", "(yield)", "not x"]), body())
            for _ in range(r.choice([0, 1])):
                out += "\n%selif y:\n%s" % (pad, body())
            if r.random() < 0.3:
                out += "\n%selse:\n%s" % (pad, body())
            return out
        if k == 9:
            return pad + "type %s%s = %s" % (r.choice(["X", "X", "x.y"]), "[%s]" % r.choice(self.TPARAMS)
                                               if r.random() < 0.5 else "", r.choice(["int", "(yield)", "T",
                                                                                       "lambda: T", "(x := 1)"]))
        if k == 10:
            return pad + r.choice(["[%s for x in y]", "{%s for x in y}", "(%s for x in y)", "{x: %s for x in y}",
                                   "lambda x: %s", "f(%s for x in y)"]) % r.choice(
                ["(x := 1)", "(y := x)", "(yield)", "(await x)", "x", "[z := 1 for w in x]", "lambda: (x := 1)"])
        return pad + r.choice(self.HOT)

    def compounds(self):
        r = self.r
        indent = r.choice(["    ", "    ", " ", "\t"])
        return "\n".join(self.compound(0, indent) for _ in range(r.choice([1, 1, 2, 3])))

    def recursion(self):
        r = self.r
        return r.choice([
            "def f(): f()\nf()",
            "def f():\n    return f()\nf()",
            "while True:\n    pass",
            "while 1: pass",
            "for x in iter(int, 1): pass",
            "x = []\nx.append(x)\nprint(x)",
            "a = []\nb = [a]\na.append(b)\nprint(a)\nsys.getsizeof(a)\nlen(a)",
            "a = {}\na['a'] = a\nprint(a)\na == a",
            "l = [0] * 10 ** 9",
            "s = 'a' * 10 ** 9",
            "x = 10 ** 10 ** 10",
            "x = 2 ** 1000000",
            "x = (1 << 10 ** 9)",
            "x = [[0] * 10 ** 6] * 10 ** 6",
            "x = 'a' * 4096 * 4096",
            "x = ((1,) * 256) * 256",
            "x = b'\\x00' * 4096\nprint(x)",
            "x = 1\n" * 5000,
            "a = []\n" + "a.append([])\n" * 2000 + "print(len(a))",
            "x = ()\n" + "x = (x, x)\n" * 60 + "x == x",
            "a = [1]\n" + "a = [a, a]\n" * 40 + "a == a\nsys.getsizeof(a)",
            "a = []\nfor i in range(10 ** 9): a.append(i)",
            "class C: pass\n" * 300,
            "x = '" + "\\N{BULLET}" * 10 + "'",
            "import gc\ngc.collect()\n" * 500,
        ])

    def finalizers(self):
        r = self.r
        cls = r.choice(["N", "R"])
        lines = ["import gc, sys, weakref", "_resurrected = []",
                 "class N:\n    def __del__(self):\n        print('N', 1, sep='', end='')",
                 "class R:\n    def __del__(self):\n        _resurrected.append(self)",
                 "class S:\n    __slots__ = ('x', '__weakref__')",
                 "def cb(wr):\n    print('cb')"]
        steps = [lambda: "a = %s(); b = %s(); a.x = b; b.x = a" % (cls, r.choice(["N", "R"])),
                 lambda: "w = weakref.ref(a, cb)",
                 lambda: "del a, b",
                 lambda: "gc.collect()",
                 lambda: "gc.freeze()",
                 lambda: "gc.set_threshold(%s)" % r.choice(["0", "1", "1, 1, 1", "2 ** 31 - 1", "700, 0, 0"]),
                 lambda: "_resurrected.clear()",
                 lambda: "d = weakref.WeakValueDictionary(); d['k'] = a",
                 lambda: "ws = weakref.WeakSet(); ws.add(a); ws.add(b)",
                 lambda: "wk = weakref.WeakKeyDictionary(); wk[a] = b",
                 lambda: "gc.set_debug(gc.DEBUG_SAVEALL)",
                 lambda: "del _resurrected[0]",
                 lambda: "x = _resurrected.pop()",
                 lambda: "gc.garbage.clear()",
                 lambda: "len(d); len(ws); len(wk); print(w())",
                 lambda: "gc.unfreeze(); gc.collect(0); gc.collect(1)"]
        for _ in range(r.choice([3, 10, 40])):
            lines.append(steps[r.randrange(len(steps))]())
        return "\n".join(lines)

    def runtime(self):
        """the subset's statements over edge values: huge ints printed and sized, deep displays
        compared, printed, sized and hashed, collections under tiny thresholds with finalizers"""
        r = self.r
        n = r.choice([10, 100, 500, 999, 1000, 3000])
        deep = r.choice(["(" * n + "1," + ",)" * n, "[" * n + "]" * n, "{'k': " * n + "1" + "}" * n,
                         "frozenset({" * min(n, 150) + "1" + "})" * min(n, 150), "((" * n + "))" * n])
        big = r.choice(["9" * 4300, "9" * 4301, "0x" + "f" * 5000, "-" + "9" * 4300, "1" + "0" * 20000,
                        "0b" + "1" * 70000, "2 ** 128", "-(2 ** 63)", "10 ** 400"])
        lines = ["import gc, sys, weakref", "class N:\n    def __del__(self):\n        print('N')",
                 "def cb(wr):\n    print('cb')"]
        for _ in range(r.choice([2, 5, 12])):
            k = r.randrange(16)
            lines.append([
                "x = %s" % big, "print(%s)" % big, "sys.getsizeof(%s)" % big, "x = %s\nprint(x)" % deep,
                "x = %s\nx == x" % deep, "x = %s\nsys.getsizeof(x)\nlen(x)" % deep, "d = {}\nd[%s] = 1" % deep,
                "s = {%s}" % deep, "%s in [%s]" % (deep, deep), "gc.set_threshold(1)\nfor_ = [N(), N()]",
                "gc.set_threshold(%s)" % r.choice(["0", "1", "1, 1, 1", "2 ** 31 - 1", "0, 0, 0"]),
                "a = N(); a.a = a; w = weakref.ref(a, cb); del a", "print(%s, sep=%s, end=%s)" % (
                    deep, r.choice(["''", "'\\x00'", "'x' * 100000", "None"]), r.choice(["''", "None", "'\\n'"])),
                "l = []\n" + "l.append(l)\n" * r.choice([1, 100]) + "print(l)\nl == l",
                "x = %s\nx += %s" % (r.choice(["2 ** 62", "-(2 ** 63)", "'a' * 4096", "[0]", "(0,)"]),
                                      r.choice(["2 ** 62", "1", "'b' * 4096", "[0] * 3", "x", "(x,)"])),
                "print(%s)" % self.string()][k])
        return "\n".join(lines)

    def line_structure(self, src):
        """CRLF, CR, form feed, tabs, trailing continuation, BOM, cookie, NUL, invalid UTF-8: bytes"""
        r = self.r
        k = r.randrange(12)
        b = src.encode("utf-8", "surrogatepass")
        if k == 0:
            return b.replace(b"\n", b"\r\n")
        if k == 1:
            return b.replace(b"\n", b"\r")
        if k == 2:
            return b.replace(b"\n", b"\n\x0c", 1)
        if k == 3:
            return b + b"\\"
        if k == 4:
            return b"\xef\xbb\xbf" + b
        if k == 5:
            return r.choice([b"# coding: latin-1\n", b"# -*- coding: utf-8 -*-\n", b"# coding: nope\n",
                             b"#!/x\n# vim: set fileencoding=ascii :\n", b"\xef\xbb\xbf# coding: latin-1\n",
                             b"# coding=utf-16\n", b"\n\n# coding: latin-1\n"]) + b
        if k == 6:
            i = r.randrange(len(b) + 1)
            return b[:i] + b"\x00" + b[i:]
        if k == 7:
            i = r.randrange(len(b) + 1)
            return b[:i] + r.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe9"]) + b[i:]
        if k == 8:
            return b.replace(b"    ", b"\t", 1)
        if k == 9:
            return b + b"\n" + b"\\\n" * r.choice([1, 1000])
        if k == 10:
            return b.replace(b"\n", b" \\\n", 1)
        return b + b"\n\x1a"

    def program(self):
        r = self.r
        if r.random() < 0.3:  # compound statements alone: the checks of the compiler, first error first
            return self.compounds() + "\n"
        parts = [r.choice(PRELUDE)]
        for _ in range(r.choice([1, 1, 2, 3])):
            k = r.randrange(13)
            if k >= 10:
                parts.append(self.compounds())
                continue
            if k < 3:
                parts.append(self.simple_stmt())
            elif k < 5:
                parts.append("x = " + self.nested_expr() if r.random() < 0.5 else self.nested_expr())
            elif k == 5:
                parts.append(self.nested_blocks())
            elif k == 6:
                parts.append(self.recursion())
            elif k == 7:
                parts.append(self.finalizers())
            elif k == 8:
                parts.append("\n".join(self.simple_stmt() for _ in range(r.choice([5, 30]))))
            elif k == 9 and r.random() < 0.7:
                parts.append(self.runtime())
            else:
                parts.append(self.expr())
        src = "\n".join(p for p in parts if p) + "\n"
        if r.random() < 0.12:
            return self.line_structure(src)
        return src


def generate(seed):
    return EdgeGen(seed).program()


if __name__ == "__main__":
    p = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(repr(p) if isinstance(p, bytes) else p)
