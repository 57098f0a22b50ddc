#!/usr/bin/env python3
"""Exercise-shaped Python programs through POST .../exec against real CPython:
the programs a course on Python memory management has learners write (the
seed chapter's cells and what a grader asks around them), with random
variation, each run in both modes through heapd and through the real
interpreters 3.10-3.13, judged twice: by runner.py (every statement's
result, the exception and its line, the print / finalizer / callback /
collection events: engine.judge, what execfuzz compares) and as a real
script, `PYTHONHASHSEED=0 python3 prog.py` (its stdout and final exception:
rawfuzz.judge).

    python3 learnfuzz.py --seconds 300 --versions 3.10,3.11,3.12,3.13 [--seed N] [--asan]
    python3 learnfuzz.py --show SEED            prints one program

A program is a few cells (LearnGen.CELLS: identity, small-int and str
caching, sys.getsizeof of every builtin kind as it grows, refcounts, cycles
of instances and containers with and without __del__, weakref.ref with
callbacks, the weak containers, resurrection, __slots__, gc switches and
gc.is_tracked, prints of every value kind, augmented, chained and tuple
assignment, `global`) and sometimes a last statement that raises what
learners trigger (NameError, AttributeError, KeyError, IndexError,
TypeError, ValueError).  Each cell is written, with probability
--learner-rate, the way learners really write it (f-strings, %-formatting,
loops, __repr__, annotations, `global`, runtime arithmetic ...): heapd must
then answer 422 unsupported, and the constructs it names are counted (they
steer future work).  An unsupported answer that ran something is checked
too: only a construct found at run time (README: a builtin or method heapd
does not simulate) may, and what ran before it must be CPython's (the
prefix judged as a program of its own); otherwise the session must be
untouched.

Findings (mismatch, crash: heapd gone, a 5xx or an answer slower than 2 s,
20 s with --asan; a sanitizer report in the server's log; an unsupported
answer that ran something) are minimised over top-level statements into
found/learn-*.json (replay.py's format); figures of each version go to
learncampaigns.jsonl."""
import argparse
import ast
import collections
import datetime
import hashlib
import json
import os
import random
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402
import execfuzz as X  # noqa: E402
import rawfuzz as R  # noqa: E402

STOP = False

# ----------------------------------------------------------------------------
# pools

SMALL_INTS = [-6, -5, -4, -1, 0, 1, 2, 42, 100, 255, 256, 257, 258, 1000, 10 ** 6]
FOLDED_INTS = ["200 + 56", "200 + 57", "2 ** 8", "2 ** 8 + 1", "-5 - 1", "-3 - 2", "128 * 2", "16 ** 2",
               "1000 - 744", "1 << 8", "1 << 9", "10 // 3", "-7 // 2", "7 % 3", "-(5)", "+256", "~255", "0x100",
               "0o400", "0b100000000", "1_000", "True + True", "256 * 1", "255 + True"]
BIG_INTS = ["2 ** 30", "2 ** 30 - 1", "2 ** 60", "2 ** 62", "2 ** 63", "2 ** 64", "-(2 ** 63)", "2 ** 60 * 2 ** 30",
            "10 ** 20", "10 ** 30", "123456789012345678901234567890", "-123456789012345678901234567890",
            "1 << 100", "(1 << 126) + (1 << 126)", "(1 << 127) - 1", "99999999999999999999", "0xffffffffffffffffffff",
            "-1 << 70", "2 ** 64 - 1", "9223372036854775807", "-9223372036854775808"]
FLOATS = ["0.1", "0.2", "0.1 + 0.2", "1 / 3", "2 / 3", "1.0", "-0.0", "0.0", "3.14", "1e16", "1e15", "1e-5",
          "1e-4", "0.0001", "123456789.123", "1.5e300", "1e308 * 10", "-1e309", "2.5", "100.0", "1e22",
          "1e21", "5e-324", "1.7976931348623157e308", "12345678901234567890.0", "0.30000000000000004",
          "7 / 2", "10 / 5", "2 ** -1", "1 / 7", "9.999999999999999e22", "4.35", "1.1 * 3", "1e100",
          "3.0 * 1.1", "0.1 * 3", "2.675", "1e-7", ".5", "5.", "1_000.5", "6.02e23", "-2.5e-3"]
STRS = ["'hello'", "'hello world'", "'hello_world'", "''", "'a'", "'é'", "'ÿ'", "'\\x80'", "'€'", "'😀'",
        "'café'", "'naïve'", "'日本語'", "'a😀'", "'😀' * 3", "'ab€'", "'a' * 100", "'x' * 4096",
        "'hel' + 'lo'", "'hello' + ' ' + 'world'", "'Hello'", "'python3'", "'3python'", "'a b'", "'a-b'",
        "'a.b'", "'_'", "'__init__'", "'name'", "'self'", "'None'", "'\\n'", "'\\t'", "'\\x00'", "'it\\'s'",
        "'\"quoted\"'", "'\\\\'", "'é' * 10", "'€' * 10", "'Ω'", "'\\u0394'", "'\\U0001F40D'", "'𝔘𝔫𝔦'",
        "'\\u200b'", "'\\x7f'", "'\\xa0'", "'\\xad'", "'ß'", "'İ'", "'\\u0300'", "'a\\u0300'",
        "'\\ufeff'", "'\\U000e0001'", "'\\U0010ffff'", "'\\u2028'", "\"'\"", "'\"'", "'\\'\"'", "'\\r\\n'",
        "'\\x1b[0m'", "'Ünïcödé'", "'\\u0378'", "'\\U0001FAE8'", "r'\\d+'", "'''multi\nline'''", "'tab\\there'"]
BYTES = ["b''", "b'a'", "b'abc'", "b'x' * 100", "b'\\x00\\xff'", "b'hello world'", "b'\\n'", "b\"'\"",
         "b'\\'\"'", "b'\\x80'", "bytes()", "b'ab' + b'cd'", "b'\\t\\r'", "b'\\x7f'"]
TUPLES = ["()", "(1,)", "(1, 2)", "(1, 2, 3)", "(1, 'a', 2.5)", "((1, 2), (3, 4))", "(1, [2, 3])",
          "('a',) * 3", "(1, 2) + (3,)", "tuple()", "(1000, 'a b')", "((),)", "(1, (2, (3, (4,))))"]
LISTS = ["[]", "[1]", "[1, 2]", "[1, 2, 3]", "[1, 2, 3, 4, 5]", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "[[]]",
         "[None, None, None]", "[1, 'two', 3.0, None, True]", "[[1, 2], [3, 4]]", "list()", "[(), {}, set()]",
         "['a', 'b', 'c']", "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]", "[1.5, -0.0]", "[b'x', 'x']"]
DICTS = ["{}", "{'a': 1}", "{'a': 1, 'b': 2}", "{1: 'one', 2: 'two'}", "{'x': [1, 2], 'y': {'z': 3}}",
         "dict()", "{'name': 'Alice', 'age': 30}", "{(1, 2): 'pair'}", "{None: 0, True: 1}",
         "{'k%d' : 0}".replace("%d", "1"), "{'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}",
         "{1.5: 'f', -1: 'n'}", "{'é': 'e', '€': 'euro'}", "{'b': 1, 'a': 2}", "{1: 1, 1.0: 2, True: 3}"]
SETS = ["set()", "{1}", "{1, 2, 3}", "{3, 1, 2}", "{1, 2, 3, 4, 5}", "{'a', 'b', 'c'}", "{'hello', 'world'}",
        "{-1, -2, 0}", "{1.5, 2.5}", "{(1, 2), (3,)}", "{10, 100, 1000, 10000}", "{None}", "{True, 1, 1.0}",
        "frozenset()", "frozenset({1, 2})", "frozenset({'x', 'y', 'z'})", "{b'a', b'b'}", "{'é', 'ü', 'ö'}",
        "{8, 16, 32, 64, 128}", "{2 ** 61 - 1, 2 ** 61}", "{-1, -2}", "{0, 0.0, False}"]
ATTRS = ["name", "partner", "data", "value", "next", "prev", "parent", "child", "items", "left", "right",
         "cache", "ref", "x", "y", "z", "count", "label", "payload", "owner"]
NAMES = ["alpha", "beta", "gamma", "delta", "A", "B", "C", "node1", "node2", "big_data", "demo", "first",
         "second", "third", "é", "x y", "", "Node", "1", "obj"]
CLASS_NAMES = ["Node", "TrackedObject", "ExpensiveResource", "CachedItem", "LifecycleDemo", "Resource",
               "Person", "Point", "Tree", "Item", "Foo", "Bar", "Widget", "Phoenix", "Zombie", "Leaf", "Obj"]
DEL_MSGS = ["Destroyed", "__del__ called", "  Finalizer called", "bye", "Deleting object", "[DESTROYED]",
            "cleanup", "gone!", "Résumé détruit", "🗑️ freed", "del", ""]
CB_MSGS = ["Weak reference callback triggered: object was collected", "callback", "ref died", "  cb fired",
           "⚰️ dead", "collected"]
LABELS = ["a == b:", "a is b:", "a is c:", "result", "refcount =", "size:", "id equal:", "->", "Cache keys:",
          "Forced GC collected", "objects", "", "Step 1:", "is tracked?", "x is y", "len", "Alive:",
          "weak() =", "After del:", "Size of empty list:", "interned?", "café:", "✓"]


class LearnGen:
    """One program: cells of exercises (self.out: top-level statements), some written as learners do
    (self.learner: the constructs that take it outside the subset)."""

    def __init__(self, seed, learner_rate=0.25, error_rate=0.3):
        self.r = random.Random(seed)
        self.learner_rate = learner_rate
        self.error_rate = error_rate
        self.out = []
        self.imported = set()
        self.classes = {}  # name -> {"init": [params], "attrs": [...], "del": bool, "slots": [...] or None}
        self.names = {}  # name -> kind
        self.learner = []
        self.n = 0
        self.globals_declared = False

    # -- helpers -------------------------------------------------------------
    def fresh(self, base):
        self.n += 1
        return "%s%d" % (base, self.n) if self.r.random() < 0.6 else "%s_%d" % (base, self.n)

    def emit(self, *stmts):
        self.out.extend(stmts)

    def need(self, mod):
        if mod not in self.imported:
            self.imported.add(mod)
            if self.r.random() < 0.97:
                self.emit("import %s" % mod)
            # else: used before its import: CPython's NameError

    def as_learner(self, what):
        """whether this cell is written as learners write it (outside the subset)"""
        if self.r.random() < self.learner_rate:
            self.learner.append(what)
            return True
        return False

    def label(self):
        return repr(self.r.choice(LABELS))

    def pr(self, *args, label=True):
        """a print() of args, maybe with a label and sep/end"""
        args = list(args)
        if label and self.r.random() < 0.6:
            args.insert(0, self.label())
        kw = ""
        x = self.r.random()
        if x < 0.08:
            kw = ", sep=%r" % self.r.choice(["", " | ", "\n", ", ", "\t", "é"])
        elif x < 0.14:
            kw = ", end=%r" % self.r.choice(["", " ", "\n\n", ";\n", "!"])
        elif x < 0.16:
            kw = ", sep=None, end=None"
        return "print(%s%s)" % (", ".join(args), kw if args else kw[2:])

    def value(self, kinds=None):
        kinds = kinds or ["int", "fold", "big", "float", "str", "bytes", "tuple", "list", "dict", "set", "none",
                          "bool", "object"]
        k = self.r.choice(kinds)
        return {"int": lambda: str(self.r.choice(SMALL_INTS)), "fold": lambda: self.r.choice(FOLDED_INTS),
                "big": lambda: self.r.choice(BIG_INTS), "float": lambda: self.r.choice(FLOATS),
                "str": lambda: self.r.choice(STRS), "bytes": lambda: self.r.choice(BYTES),
                "tuple": lambda: self.r.choice(TUPLES), "list": lambda: self.r.choice(LISTS),
                "dict": lambda: self.r.choice(DICTS), "set": lambda: self.r.choice(SETS),
                "none": lambda: "None", "bool": lambda: self.r.choice(["True", "False"]),
                "object": lambda: "object()"}[k]()

    def define_class(self, name=None, init=None, has_del=None, slots=None, resurrect=False, cb_style=False):
        """class NAME with an __init__ storing its parameters (and None defaults), maybe a __del__"""
        name = name or self.r.choice(CLASS_NAMES)
        if name in self.classes:
            name = self.fresh(name)
        if init is None:
            init = self.r.sample(ATTRS, self.r.choice([0, 1, 1, 1, 2, 2, 3]))
        if has_del is None:
            has_del = self.r.random() < 0.55
        body = []
        if self.r.random() < 0.3:
            body.append('    """%s"""' % self.r.choice(["A node that can create circular references.",
                                                          "Simulates a resource-heavy object.", "An item.",
                                                          "Tracks its own lifecycle."]))
        if slots is not None:
            body.append("    __slots__ = %s" % self.r.choice([repr(tuple(slots)), repr(list(slots))]
                                                            if len(slots) != 1 else [repr(tuple(slots)),
                                                                                     repr(list(slots)),
                                                                                     repr(slots[0])]))
        learner_init = False
        if init:
            params = [a if self.r.random() < 0.8 else a[0] for a in init]
            hint = self.r.random() < 0.1 and self.as_learner("annotated __init__")
            sig = ", ".join("%s: object" % p if hint else p for p in params)
            body.append("    def __init__(self, %s)%s:" % (sig, " -> None" if hint else ""))
            for a, p in zip(init, params):
                body.append("        self.%s = %s" % (a, p))
            extra = self.r.random()
            if extra < 0.3:
                body.append("        self.%s = None" % self.r.choice([x for x in ATTRS if x not in init]))
            elif extra < 0.4:
                body.append("        self.%s = []" % self.r.choice([x for x in ATTRS if x not in init]))
            elif extra < 0.45:
                body.append("        self.%s = {}" % self.r.choice([x for x in ATTRS if x not in init]))
            if self.r.random() < 0.08 and self.as_learner("print in __init__ with an f-string"):
                body.append("        print(f'  Created: {self.%s}')" % init[0])
                learner_init = True
        elif self.r.random() < 0.2:
            body.append("    def __init__(self):")
            body.append("        self.%s = %s" % (self.r.choice(ATTRS), self.value(["int", "str", "none"])))
            init = []
        if has_del:
            body.append("    def __del__(self):")
            if resurrect:
                body.append("        _resurrected.append(self)")
                if self.r.random() < 0.2 and self.as_learner("print() beside a resurrection in __del__"):
                    body.append("        print(%r)" % "resurrected")
            elif init and self.r.random() < 0.15 and self.as_learner("__del__ printing an attribute"):
                body.append("        print(%r, self.%s)" % (self.r.choice(DEL_MSGS), init[0]))
            else:
                for _ in range(self.r.choice([1, 1, 1, 2])):
                    msg = self.r.choice(DEL_MSGS)
                    body.append("        print(%s)" % (repr(msg) if self.r.random() < 0.7 else
                                                       "%r, %r" % (msg, self.r.choice(NAMES))))
        if self.r.random() < 0.12 and self.as_learner("__repr__"):
            body.append("    def __repr__(self):")
            body.append("        return %r" % ("%s()" % name))
        if len(body) == 0:
            body.append("    pass")
        self.emit("class %s:\n%s" % (name, "\n".join(body)))
        self.classes[name] = {"init": init or [], "del": has_del, "slots": slots, "learner_init": learner_init}
        return name

    def new(self, cls, label=None):
        """Cls(args) for its __init__"""
        spec = self.classes[cls]
        args = []
        for i, a in enumerate(spec["init"]):
            if i == 0 and label is not None:
                args.append(repr(label))
            else:
                args.append(self.value(["int", "str", "none", "list", "float", "tuple"]) if self.r.random() < 0.7
                            else repr(self.r.choice(NAMES)))
        return "%s(%s)" % (cls, ", ".join(args))

    def some_class(self, **kw):
        if self.classes and self.r.random() < 0.5:
            c = self.r.choice(list(self.classes))
            if self.classes[c]["slots"] is None:
                return c
        return self.define_class(**kw)

    # -- cells -----------------------------------------------------------------
    def c_identity(self):
        a, b, c = self.fresh("a"), self.fresh("b"), self.fresh("c")
        v = self.value(["list", "list", "dict", "set", "tuple", "str", "big", "float"])
        self.emit("%s = %s" % (a, v), "%s = %s" % (b, v), "%s = %s" % (c, a))
        if self.as_learner("f-string"):
            self.emit("print(f\"a == b: {%s == %s}\")" % (a, b))
        for x, y in [(a, b), (a, c), (b, c)]:
            self.emit(self.pr("%s == %s" % (x, y), "%s is %s" % (x, y)))
        if self.r.random() < 0.5:
            self.emit(self.pr("id(%s) == id(%s)" % (a, c), "id(%s) == id(%s)" % (a, b)))
        if v.startswith("[") or v == "list()":
            self.emit("%s.append(%s)" % (c, self.value(["int", "str"])))
            self.emit(self.pr(a, b), self.pr("%s == %s" % (a, b), "%s != %s" % (a, b)))
            if self.r.random() < 0.4:
                self.emit("%s += %s" % (c, self.r.choice(["[5]", "(6, 7)", "'ab'", "[]", c])))
                self.emit(self.pr(a, "len(%s)" % a, "%s is %s" % (a, c)))

    def c_smallint(self):
        x, y = self.fresh("x"), self.fresh("y")
        for _ in range(self.r.choice([1, 2, 3])):
            v = self.r.choice([str(self.r.choice(SMALL_INTS))] * 2 + FOLDED_INTS)
            w = v if self.r.random() < 0.6 else self.r.choice([str(self.r.choice(SMALL_INTS))] + FOLDED_INTS)
            self.emit("%s = %s" % (x, v), "%s = %s" % (y, w))
            if self.as_learner("f-string"):
                self.emit("print(f'{%s} is {%s}: {%s is %s}')" % (x, y, x, y))
            else:
                self.emit(self.pr("%s is %s" % (x, y), "%s == %s" % (x, y)))
            if self.r.random() < 0.3:
                self.emit(self.pr("%s is %s" % (x, v)))
            if self.r.random() < 0.2 and self.as_learner("runtime arithmetic"):
                self.emit("%s = %s + 1" % (y, x))
            if self.r.random() < 0.3:
                self.emit("%s += %s" % (x, self.r.choice(["1", "-1", "256", "0", "1.0", "True"])),
                          self.pr(x, "%s is %s" % (x, y)))

    def c_strings(self):
        s1, s2, s5 = self.fresh("s"), self.fresh("s"), self.fresh("s")
        v = self.r.choice(STRS)
        w = v if self.r.random() < 0.6 else self.r.choice(STRS)
        self.emit("%s = %s" % (s1, v), "%s = %s" % (s2, w))
        self.emit(self.pr("%s is %s" % (s1, s2), "%s == %s" % (s1, s2)))
        if self.r.random() < 0.6:
            self.need("sys")
            self.emit("%s = sys.intern(%s)" % (s5, v))
            s6 = self.fresh("s")
            self.emit("%s = sys.intern(%s)" % (s6, self.r.choice([v, s1, w])))
            self.emit(self.pr("%s is %s" % (s5, s6), "%s is %s" % (s1, s5)))
        if self.r.random() < 0.4:
            self.emit(self.pr(s1, repr(s1) if False else s2, "[%s]" % s1, "(%s,)" % s2))
        if self.r.random() < 0.3:
            self.emit(self.pr("%s[0]" % s1 if v not in ("''",) else "%s" % s1))
        if self.r.random() < 0.3:
            self.emit("%s += %s" % (s1, self.r.choice(STRS)), self.pr(s1, "%s is %s" % (s1, s2)))
        if self.r.random() < 0.2 and self.as_learner("str method"):
            self.emit(self.pr("%s.upper()" % s1))

    def c_sizes(self):
        self.need("sys")
        if self.as_learner("f-string"):
            self.emit("print(f\"  int(0): {sys.getsizeof(0)}\")")
        kinds = ["int", "fold", "big", "float", "str", "str", "bytes", "tuple", "list", "dict", "set", "none",
                 "bool", "object"]
        for _ in range(self.r.choice([2, 4, 6, 8])):
            v = self.value(kinds)
            if self.r.random() < 0.5:
                self.emit(self.pr("sys.getsizeof(%s)" % v))
            else:
                n = self.fresh("v")
                self.emit("%s = %s" % (n, v), self.pr("sys.getsizeof(%s)" % n))
                if self.r.random() < 0.3:
                    self.emit(self.pr(n))
        if self.r.random() < 0.3:
            c = self.some_class()
            o = self.fresh("o")
            self.emit("%s = %s" % (o, self.new(c)))
            self.emit(self.pr("sys.getsizeof(%s)" % o, "sys.getsizeof(%s)" % c))
        if self.r.random() < 0.1 and self.as_learner("list(range())"):
            self.emit(self.pr("sys.getsizeof(list(range(100)))"))

    def c_growth(self):
        self.need("sys")
        kind = self.r.choice(["list", "list", "dict", "dict", "set", "str", "bytes_sizes"])
        x = self.fresh(kind[0])
        if kind == "list":
            if self.as_learner("for loop"):
                self.emit("%s = []\nfor i in range(20):\n    %s.append(i)\n    print(len(%s), sys.getsizeof(%s))"
                          % (x, x, x, x))
                return
            self.emit("%s = %s" % (x, self.r.choice(["[]", "[]", "list()", "[1, 2, 3]", "[0, 0, 0, 0, 0, 0, 0, 0]", "[None]"])))
            self.emit(self.pr("sys.getsizeof(%s)" % x, label=False))
            for i in range(self.r.randint(3, 22)):
                op = self.r.random()
                if op < 0.65:
                    self.emit("%s.append(%s)" % (x, self.r.choice([str(i), repr("s%d" % i), "None", x if i == 3 else "i%d" % 0 if False else str(i * 1000)])))
                elif op < 0.75:
                    self.emit("%s.insert(%d, %d)" % (x, self.r.choice([0, -1, 100, 1]), i))
                elif op < 0.83:
                    self.emit("%s.extend(%s)" % (x, self.r.choice(["[0]", "[1, 2, 3]", "(4, 5)", "'ab'", "{}", "[]"])))
                elif op < 0.92:
                    self.emit("%s.pop()" % x)
                elif op < 0.95:
                    self.emit("del %s[0]" % x)
                else:
                    self.emit("%s += [%d]" % (x, i))
                if self.r.random() < 0.7:
                    self.emit(self.pr("len(%s)" % x, "sys.getsizeof(%s)" % x, label=False))
            if self.r.random() < 0.3:
                self.emit(self.pr(x))
            if self.r.random() < 0.3:
                self.emit("%s.clear()" % x, self.pr("sys.getsizeof(%s)" % x))
        elif kind == "dict":
            if self.as_learner("for loop"):
                self.emit("%s = {}\nfor i in range(20):\n    %s[i] = i\n    print(len(%s), sys.getsizeof(%s))"
                          % (x, x, x, x))
                return
            self.emit("%s = %s" % (x, self.r.choice(["{}", "{}", "dict()", "{'a': 1}"])))
            self.emit(self.pr("sys.getsizeof(%s)" % x, label=False))
            keystyle = self.r.choice(["str", "int", "mixed", "tuple"])
            for i in range(self.r.randint(3, 24)):
                k = {"str": repr("k%d" % i), "int": str(i), "tuple": "(%d, %d)" % (i, i),
                     "mixed": self.r.choice([repr("k%d" % i), str(i), "%d.5" % i])}[keystyle]
                op = self.r.random()
                if op < 0.8:
                    self.emit("%s[%s] = %s" % (x, k, self.r.choice([str(i), "None", "[]", repr("v")])))
                elif op < 0.9:
                    self.emit("%s.setdefault(%s, %d)" % (x, k, i))
                else:
                    self.emit("%s.pop(%s, None)" % (x, k))
                if self.r.random() < 0.6:
                    self.emit(self.pr("len(%s)" % x, "sys.getsizeof(%s)" % x, label=False))
            if self.r.random() < 0.4:
                self.emit(self.pr(x))
        elif kind == "set":
            if self.as_learner("for loop"):
                self.emit("%s = set()\nfor i in range(20):\n    %s.add(i)\n    print(len(%s), sys.getsizeof(%s))"
                          % (x, x, x, x))
                return
            self.emit("%s = %s" % (x, self.r.choice(["set()", "set()", "{1, 2, 3}", "{'a'}"])))
            for i in range(self.r.randint(3, 22)):
                op = self.r.random()
                if op < 0.8:
                    self.emit("%s.add(%s)" % (x, self.r.choice([str(i), repr("m%d" % i), str(-i), "%d.25" % i])))
                elif op < 0.9:
                    self.emit("%s.discard(%d)" % (x, i - 1))
                else:
                    self.emit("%s.update(%s)" % (x, self.r.choice(["[100, 200]", "'xyz'", "{7}", "(1,)"])))
                if self.r.random() < 0.6:
                    self.emit(self.pr("len(%s)" % x, "sys.getsizeof(%s)" % x, label=False))
            if self.r.random() < 0.5:
                self.emit(self.pr(x))
        elif kind == "str":
            ch = self.r.choice(["a", "é", "€", "😀", "\\x00", "ÿ", "Ā", "\\U00010000"])
            for n in sorted(self.r.sample(range(0, 40), self.r.randint(2, 6))):
                self.emit(self.pr("sys.getsizeof(%r * %d)" % (ch, n) if "\\" not in ch else
                                  "sys.getsizeof('%s' * %d)" % (ch, n), label=False))
        else:
            for n in sorted(self.r.sample(range(0, 300), self.r.randint(2, 5))):
                self.emit(self.pr("sys.getsizeof(b'x' * %d)" % n, "sys.getsizeof(%s)" %
                                  self.r.choice(["(0,) * %d" % (n % 30), "'ab' * %d" % n, "10 ** %d" % (n % 33)]),
                                  label=False))

    def c_refcount(self):
        self.need("sys")
        a = self.fresh("a")
        # what no interpreter shares (API.md: a shared object's count is indicative, not compared)
        v = self.r.choice([self.value(["list", "dict", "set", "object", "big", "float"]),
                           self.r.choice(["'hello world'", "'café'", "'a b'", "'€uro'", "(1, 2)", "(1000, 'a b')",
                                          "(1.5, [])", "b'bytes!'", "10 ** 20", "1000"])])
        self.emit("%s = %s" % (a, v))
        self.emit(self.pr("sys.getrefcount(%s)" % a))
        holders = []
        for _ in range(self.r.randint(1, 5)):
            h = self.fresh("r")
            form = self.r.choice(["%s = %s", "%s = [%s]", "%s = (%s,)", "%s = {'k': %s}", "%s = [%s, %s]",
                                  "%s = {%s: 1}"])
            if form == "%s = {%s: 1}" and not (v.startswith("(") or v.startswith("'") or v[0].isdigit()
                                               or v == "object()" or v.startswith("frozenset")):
                form = "%s = [%s]"
            self.emit(form % ((h,) + (a,) * (form.count("%s") - 1)))
            holders.append(h)
            self.emit(self.pr("sys.getrefcount(%s)" % a))
        self.r.shuffle(holders)
        for h in holders[:self.r.randint(0, len(holders))]:
            self.emit("del %s" % h, self.pr("sys.getrefcount(%s)" % a))
        if self.r.random() < 0.3:
            # an interpreter-shared object's count is indicative (API.md): a statement, not printed
            self.emit("sys.getrefcount(%s)" % self.r.choice(["None", "True", "0", "1", "()", "''", "'a'", "257",
                                                             "1000"]))

    def c_cycle(self):
        self.need("gc")
        if self.r.random() < 0.3:
            self.emit(self.pr("gc.collect()", label=False))  # settle what earlier cells left
        shape = self.r.choice(["pair", "pair", "self", "ring", "list", "dict", "tree"])
        cls = self.some_class() if shape != "list" and shape != "dict" else None
        if shape in ("pair", "ring", "tree"):
            n = {"pair": 2, "ring": self.r.randint(3, 5), "tree": 3}[shape]
            objs = [self.fresh("n") for _ in range(n)]
            for i, o in enumerate(objs):
                self.emit("%s = %s" % (o, self.new(cls, label=self.r.choice(NAMES))))
            attr = self.r.choice(["partner", "next", "parent", "ref", "other"])
            if shape == "tree":
                self.emit("%s.left = %s" % (objs[0], objs[1]), "%s.right = %s" % (objs[0], objs[2]),
                          "%s.parent = %s" % (objs[1], objs[0]), "%s.parent = %s" % (objs[2], objs[0]))
            else:
                for i, o in enumerate(objs):
                    self.emit("%s.%s = %s" % (o, attr, objs[(i + 1) % n]))
                if shape == "pair":
                    self.emit(self.pr("%s.%s.%s is %s" % (objs[0], attr, attr, objs[0])))
            if self.r.random() < 0.4:
                self.need("sys")
                self.emit(self.pr("sys.getrefcount(%s)" % objs[0]))
            spec = self.classes[cls]
            if spec["init"] and self.r.random() < 0.4:
                self.emit(self.pr("%s.%s" % (objs[0], spec["init"][0]), "%s.%s" % (objs[-1], spec["init"][0])))
            if self.r.random() < 0.2:
                self.emit(self.pr("%s.%s" % (objs[0], self.r.choice(["partner", "next", "left", "missing"]))))
            if self.r.random() < 0.15:
                self.emit("gc.set_debug(gc.DEBUG_SAVEALL)")
                self.saveall = True
            if self.r.random() < 0.3:
                w = self.fresh("w")
                self.need("weakref")
                self.emit("%s = weakref.ref(%s)" % (w, objs[-1]))
            else:
                w = None
            if self.r.random() < 0.5:
                self.emit("del %s" % ", ".join(objs))
            else:
                for o in objs:
                    self.emit("del %s" % o)
            if w:
                self.emit(self.pr("%s()" % w, "%s() is None" % w))
        elif shape == "self":
            o = self.fresh("o")
            self.emit("%s = %s" % (o, self.new(cls)), "%s.me = %s" % (o, o), "del %s" % o)
        elif shape == "list":
            l = self.fresh("l")
            self.emit("%s = %s" % (l, self.r.choice(["[]", "[1, 2]", "['x']"])), "%s.append(%s)" % (l, l))
            self.emit(self.pr(l))
            if self.r.random() < 0.5:
                m = self.fresh("m")
                self.emit("%s = [%s]" % (m, l), "%s.append(%s)" % (l, m), self.pr(l, m))
                self.emit("del %s" % m)
            self.emit("del %s" % l)
        else:
            d = self.fresh("d")
            self.emit("%s = {}" % d, "%s['self'] = %s" % (d, d), self.pr(d))
            if self.r.random() < 0.5:
                self.emit("%s['list'] = [%s]" % (d, d), self.pr(d))
            self.emit("del %s" % d)
        if self.as_learner("f-string"):
            self.emit("collected = gc.collect()\nprint(f\"Forced GC collected {collected} objects\")")
        elif self.r.random() < 0.2 and self.as_learner("gc.collect() assigned"):
            c = self.fresh("collected")
            self.emit("%s = gc.collect()" % c, self.pr(c))
        else:
            self.emit(self.pr("gc.collect()"))
        if self.r.random() < 0.3:
            self.emit(self.pr("gc.collect()"))
        if getattr(self, "saveall", False):
            if self.as_learner("gc.garbage"):
                self.emit(self.pr("gc.garbage"))
            self.emit("gc.set_debug(0)")
            self.saveall = False

    def c_weakref(self):
        self.need("weakref")
        cls = self.some_class(has_del=self.r.random() < 0.7)
        cb = None
        if self.r.random() < 0.6:
            cb = self.fresh("weak_callback") if self.r.random() < 0.5 else "callback"
            if self.as_learner("annotated callback"):
                self.emit("def %s(ref: weakref.ref) -> None:\n    print(%r)" % (cb, self.r.choice(CB_MSGS)))
            else:
                body = ["    print(%r)" % self.r.choice(CB_MSGS)] if self.r.random() < 0.8 else ["    pass"]
                if self.r.random() < 0.2:
                    body.insert(0, '    """Called when the weakly-referenced object is collected."""')
                self.emit("def %s(%s):\n%s" % (cb, self.r.choice(["ref", "wr", "r"]), "\n".join(body)))
        obj = self.fresh("obj")
        weak = self.fresh("weak")
        self.emit("%s = %s" % (obj, self.new(cls, label=self.r.choice(NAMES))))
        self.emit("%s = weakref.ref(%s%s)" % (weak, obj, ", " + cb if cb else ""))
        self.emit(self.pr("%s() is %s" % (weak, obj)))
        if self.r.random() < 0.5:
            self.emit(self.pr("%s()" % weak if self.r.random() < 0.3 else "%s() is None" % weak))
        if self.r.random() < 0.3:
            self.need("sys")
            self.emit(self.pr("sys.getrefcount(%s)" % obj))
        if self.r.random() < 0.3:
            w2 = self.fresh("weak")
            self.emit("%s = weakref.ref(%s)" % (w2, obj), self.pr("%s is %s" % (w2, weak), "%s == %s" % (w2, weak)))
        if self.r.random() < 0.2:
            self.emit(self.pr(weak))
        if self.r.random() < 0.25:
            h = self.fresh("holder")
            self.emit("%s = [%s]" % (h, obj), "del %s" % obj, self.pr("%s() is None" % weak), "del %s" % h)
        else:
            self.emit("del %s" % obj)
        self.emit(self.pr("%s()" % weak))
        if self.r.random() < 0.2:
            self.emit(self.pr(weak))
        if self.r.random() < 0.15:
            self.emit("%s = weakref.ref(%s)" % (self.fresh("bad"), self.value(["list", "dict", "int", "str",
                                                                                "tuple", "none", "set"])))

    def c_weakcontainers(self):
        self.need("weakref")
        kind = self.r.choice(["wvd", "wvd", "wkd", "ws"])
        cls = self.some_class(has_del=self.r.random() < 0.3)
        cache = self.fresh("cache")
        ctor = {"wvd": "WeakValueDictionary", "wkd": "WeakKeyDictionary", "ws": "WeakSet"}[kind]
        self.emit("%s = weakref.%s()" % (cache, ctor))
        items = [self.fresh("item") for _ in range(self.r.randint(1, 4))]
        for i, it in enumerate(items):
            self.emit("%s = %s" % (it, self.new(cls, label="item%d" % i)))
        keys = [self.r.choice([str(i + 1), repr("k%d" % i), repr(self.r.choice(NAMES)) if False else str(i + 1)])
                for i in range(len(items))]
        for k, it in zip(keys, items):
            if kind == "wvd":
                self.emit("%s[%s] = %s" % (cache, k, it))
            elif kind == "wkd":
                self.emit("%s[%s] = %s" % (cache, it, self.value(["int", "str", "list"])))
            else:
                self.emit("%s.add(%s)" % (cache, it))
        if self.as_learner("list(d.keys())"):
            self.emit(self.pr("list(%s.keys())" % cache))
        self.emit(self.pr("len(%s)" % cache))
        if kind == "wvd":
            self.emit(self.pr("%s[%s]" % (cache, keys[0]), "%s in %s" % (keys[-1], cache)))
            self.emit(self.pr("%s[%s] is %s" % (cache, keys[0], items[0])))
        elif kind == "ws":
            self.emit(self.pr("%s in %s" % (items[0], cache)))
        order = list(range(len(items)))
        self.r.shuffle(order)
        for j in order[:self.r.randint(1, len(items))]:
            self.emit("del %s" % items[j])
            self.emit(self.pr("len(%s)" % cache))
            if kind == "wvd" and self.r.random() < 0.5:
                self.emit(self.pr("%s in %s" % (keys[j], cache)))
        if kind == "wvd" and self.r.random() < 0.3:
            self.emit(self.pr("%s[%s]" % (cache, keys[order[0]])))  # KeyError: the entry is gone
        if self.r.random() < 0.3:
            self.emit(self.pr(cache))

    def c_resurrect(self):
        self.need("gc")
        if "_resurrected" not in self.names:
            self.emit("_resurrected = []")
            self.names["_resurrected"] = "list"
        cls = self.define_class(name=self.r.choice(["Phoenix", "Zombie", "Lazarus"]), has_del=True, resurrect=True,
                                init=self.r.choice([[], ["name"]]))
        o = self.fresh("p")
        self.emit("%s = %s" % (o, self.new(cls, label="phoenix")))
        if self.r.random() < 0.5:
            self.need("weakref")
            w = self.fresh("w")
            self.emit("%s = weakref.ref(%s%s)" % (w, o, ""))
        else:
            w = None
        if self.r.random() < 0.5:
            self.emit("%s.self = %s" % (o, o))
        self.emit("del %s" % o)
        self.emit(self.pr("gc.collect()"), self.pr("len(_resurrected)"))
        if w:
            self.emit(self.pr("%s()" % w))
        self.emit(self.pr("_resurrected[0]" if self.r.random() < 0.5 else "len(_resurrected)"))
        self.emit("_resurrected.clear()" if self.r.random() < 0.6 else "del _resurrected[0]")
        self.emit(self.pr("gc.collect()"))

    def c_slots(self):
        slots = self.r.sample(["x", "y", "z", "name", "value", "__weakref__"], self.r.randint(0, 3))
        cls = self.define_class(name=self.r.choice(["Point", "Slotted", "Vec"]), slots=slots,
                                init=[s for s in slots if s != "__weakref__"][:2], has_del=self.r.random() < 0.3)
        self.need("sys")
        p = self.fresh("p")
        self.emit("%s = %s" % (p, self.new(cls)))
        self.emit(self.pr("sys.getsizeof(%s)" % p))
        for s in slots:
            if s != "__weakref__" and self.r.random() < 0.5:
                self.emit("%s.%s = %s" % (p, s, self.value(["int", "str", "float"])))
        if self.r.random() < 0.5:
            self.emit("%s.%s = 1" % (p, self.r.choice(["w", "extra", "name", "x"])))  # AttributeError, maybe
        if self.r.random() < 0.3:
            self.need("weakref")
            self.emit("%s = weakref.ref(%s)" % (self.fresh("wp"), p))  # TypeError without __weakref__

    def c_gcswitch(self):
        self.need("gc")
        for _ in range(self.r.randint(1, 4)):
            x = self.r.random()
            if x < 0.25:
                self.emit(self.pr("gc.isenabled()"))
            elif x < 0.35:
                self.emit(self.r.choice(["gc.disable()", "gc.enable()"]))
            elif x < 0.55:
                self.emit(self.pr("gc.is_tracked(%s)" % self.value(), label=self.r.random() < 0.5))
            elif x < 0.65:
                self.emit(self.pr("gc.get_threshold()"))
            elif x < 0.75:
                self.emit("gc.set_threshold(%s)" % self.r.choice(["700, 10, 10", "100", "2000, 10, 10", "0"]))
            elif x < 0.85:
                self.emit(self.pr("gc.collect(%s)" % self.r.choice(["0", "1", "2", "", "generation=2"])))
            elif x < 0.87:
                self.emit(self.r.choice(["gc.freeze()", "gc.unfreeze()"]), self.pr("gc.collect()"))
            elif x < 0.9 and self.as_learner("gc.get_referrers"):
                self.emit("x = []\nprint(len(gc.get_referrers(x)))")
            elif x < 0.95 and self.as_learner("gc.get_objects"):
                self.emit(self.pr("len(gc.get_objects())"))
            else:
                n = self.fresh("t")
                self.emit("%s = %s" % (n, self.value(["tuple", "dict", "list", "str", "object"])),
                          self.pr("gc.is_tracked(%s)" % n))

    def c_printing(self):
        for _ in range(self.r.randint(1, 5)):
            x = self.r.random()
            if x < 0.2:
                self.emit(self.pr(*[self.value(["float"]) for _ in range(self.r.randint(1, 4))], label=False))
            elif x < 0.4:
                self.emit(self.pr(self.value(["dict", "set", "list", "tuple"]), label=self.r.random() < 0.3))
            elif x < 0.55:
                self.emit(self.pr(*[self.value(["str", "bytes"]) for _ in range(self.r.randint(1, 3))]))
            elif x < 0.65:
                self.emit(self.pr("[%s]" % ", ".join(self.value(["str", "bytes", "float"]) for _ in range(3))))
            elif x < 0.75:
                self.emit(self.pr(self.value(["big", "int", "fold"]), self.value(["bool", "none"])))
            elif x < 0.8 and self.as_learner("%-formatting"):
                self.emit("print('%d items, %s' % (3, 'x'))")
            elif x < 0.85 and self.as_learner("str.format"):
                self.emit("print('{} and {}'.format(1, 2))")
            elif x < 0.9:
                self.emit(self.pr())
            else:
                cls = self.some_class()
                o = self.fresh("o")
                self.emit("%s = %s" % (o, self.new(cls)), self.pr(o, cls, "[%s]" % o, label=False))

    def c_assign(self):
        a, b, c = self.fresh("p"), self.fresh("q"), self.fresh("r")
        x = self.r.random()
        if x < 0.3:
            v = self.value(["list", "dict", "int", "big", "str"])
            self.emit("%s = %s = %s = %s" % (a, b, c, v), self.pr("%s is %s" % (a, c), a))
        elif x < 0.6:
            self.emit("%s, %s = %s, %s" % (a, b, self.value(), self.value()), self.pr(a, b))
            self.emit("%s, %s = %s, %s" % (a, b, b, a), self.pr(a, b))
            if self.r.random() < 0.3:
                self.emit("[%s, %s] = (%s, %s)" % (a, c, b, a))
        elif x < 0.75:
            self.emit("%s = %s" % (a, self.r.choice(["0", "10", "1.5", "''", "'x'", "[]", "()"])))
            for _ in range(self.r.randint(1, 4)):
                self.emit("%s %s= %s" % (a, self.r.choice("+-"), self.r.choice(["1", "2", "0.5", "'y'", "[1]", "(2,)",
                                                                                 "10 ** 20", "True"])))
                self.emit(self.pr(a))
        elif x < 0.85:
            if self.as_learner("unpacking a list"):
                self.emit("%s, %s = [1, 2]" % (a, b))
            elif self.as_learner("starred assignment"):
                self.emit("%s, *%s = 1, 2, 3" % (a, b))
            else:
                self.emit("%s, %s = 1, 2" % (a, b))
        else:
            if self.as_learner("chained comparison"):
                self.emit(self.pr("1 < 2 < 3"))
            elif self.as_learner("ordering comparison"):
                self.emit("%s = 5" % a, self.pr("%s > 3" % a))
            else:
                o = self.fresh("o")
                cls = self.some_class()
                self.emit("%s = %s" % (o, self.new(cls)), "%s.count = 0" % o, "%s.count += 1" % o,
                          "%s.count += 1" % o, self.pr("%s.count" % o))

    def c_global(self):
        """a `global` statement at module level (legal when it comes before every use of the name)"""
        g = self.fresh("counter")
        if self.as_learner("global statement"):
            self.emit("global %s" % g)
        self.emit("%s = 0" % g, "%s += 1" % g, self.pr(g))

    def c_many_instances(self):
        """3.11+'s shared keys: instances created before the cycle's attribute (cpython-memory-facts 6c)"""
        self.need("gc")
        cls = self.define_class(name="C", init=[], has_del=False)
        n = self.r.choice([5, 26, 27, 28, 30, 31])
        keep = self.fresh("keep")
        self.emit("%s = [%s]" % (keep, ", ".join(["%s()" % cls] * n)))
        a, b = self.fresh("a"), self.fresh("b")
        self.emit("%s = %s()" % (a, cls), "%s = %s()" % (b, cls))
        nattr = self.r.choice([0, 1, 2, 28, 30])
        for i in range(nattr):
            self.emit("%s.x%d = %d" % (a, i, i))
        self.emit("%s.p = %s" % (a, b), "%s.p = %s" % (b, a), "del %s, %s" % (a, b), self.pr("gc.collect()"))

    def c_error(self):
        """the last statement: what learners trigger"""
        e = self.r.choice([
            "print(undefined_name)", "del never_bound", "x_undefined += 1",
            "l = [1, 2, 3]\nprint(l[3])", "l = []\nl[0]", "d = {'a': 1}\nd['b']", "d = {}\nd[0]",
            "d = {'k': 1}\nd[['k']] = 2", "{[1]: 2}", "{{1}}", "{[]}", "o = object()\no.x",
            "o = object()\no.x = 1", "len(5)", "len(None)", "t = (1, 2)\nt[0] = 3", "s = 'abc'\ns[0] = 'x'",
            "1 in 5", "l = [1, 2]\nl.remove(3)", "l = []\nl.pop()", "d = {}\nd.pop('k')", "s = set()\ns.pop()",
            "s = set()\ns.remove(1)", "n = 5\nn()", "s = 'abc'\ns()", "l = [1]\nl()", "n = None\nn.append(1)",
            "w = weakref.ref([])", "w = weakref.ref(1)", "w = weakref.ref('s')", "w = weakref.ref(None)",
            "s = sys.intern(5)", "gc.collect(3)", "gc.collect(-1)", "gc.set_threshold()",
            "int() + 'a'" if False else "x = 1\nx += 'a'", "s = 'a'\ns += 1", "t = (1,)\nt += [2]",
            "l = [1]\nl += 5", "l = [1]\nl -= [1]", "d = {}\nd += {}", "n = None\nn += 1",
            "l = [1]\nprint(l[5])", "l = [1]\nl[5] = 2", "l = [1]\ndel l[5]", "d = {}\ndel d['x']",
            "d = {'a': 1}\nprint(d.missing)", "l = []\nl.push(1)", "s = set()\ns.append(1)",
            "t = ()\nt.append(1)", "print(len(42))", "x = 5\nprint(x[0])", "x = 5\nprint(x.y)",
        ])
        for mod in ("weakref", "sys", "gc"):
            if e.startswith(mod + "."):
                self.need(mod)
        cls = None
        if self.r.random() < 0.25:
            cls = self.some_class()
            e = self.r.choice(["o = %s()\no.missing", "%s(1, 2, 3, 4, 5)", "o = %s()\ndel o.nope", "%s.missing",
                               "o = %s()\no[0]", "o = %s()\nlen(o)", "o = %s()\no()", "o = %s()\n1 in o"])
            e = e.replace("%s", cls)
        self.emit(e)

    def c_order(self):
        """the order finalizers run in as containers and attributes are released (facts, section 7)"""
        names = []
        for k in range(self.r.randint(2, 4)):
            n = self.fresh("F")
            self.emit("class %s:\n    def __del__(self):\n        print(%r)" % (n, "del " + n))
            self.classes[n] = {"init": [], "del": True, "slots": None, "learner_init": False}
            names.append(n)
        shape = self.r.choice(["attrs", "list", "tuple", "dict", "nested", "chain"])
        h = self.fresh("holder")
        if shape == "attrs":
            cls = self.define_class(name="Holder", init=[], has_del=self.r.random() < 0.5)
            self.emit("%s = %s()" % (h, cls))
            attrs = self.r.sample(["x", "y", "z", "w"], len(names))
            for a, n in zip(attrs, names):
                self.emit("%s.%s = %s()" % (h, a, n))
            if self.r.random() < 0.4:
                self.emit("del %s.%s" % (h, attrs[0]), "%s.%s = %s()" % (h, attrs[0], names[0]))
            if self.r.random() < 0.3:
                h2 = self.fresh("holder")
                self.emit("%s = %s()" % (h2, cls))
                for a, n in reversed(list(zip(attrs, names))):
                    self.emit("%s.%s = %s()" % (h2, a, n))
                self.emit("del %s" % h2)
        elif shape == "dict":
            keys = ["'%s'" % c for c in self.r.sample("abcde", len(names))]
            self.emit("%s = {%s}" % (h, ", ".join("%s: %s()" % (k, n) for k, n in zip(keys, names))))
            if self.r.random() < 0.4:
                self.emit("del %s[%s]" % (h, keys[0]), "%s[%s] = %s()" % (h, keys[0], names[-1]))
        elif shape == "nested":
            self.emit("%s = [%s(), [%s], %s()]" % (h, names[0], ", ".join("%s()" % n for n in names[1:-1]) or "",
                                                   names[-1]))
        elif shape == "chain":
            cls = self.define_class(name="Link", init=["next"], has_del=True)
            self.emit("%s = %s(%s(%s(None)))" % (h, cls, cls, cls))
        else:
            o, c = ("[", "]") if shape == "list" else ("(", ",)")
            self.emit("%s = %s%s%s" % (h, o, ", ".join("%s()" % n for n in names), c))
        x = self.r.random()
        if x < 0.5:
            self.emit("del %s" % h)
        elif x < 0.7 and shape in ("list", "dict"):
            self.emit("%s.clear()" % h)
        else:
            self.emit("%s = None" % h)
        self.emit(self.pr("'released'", label=False))

    def c_cache_cycle(self):
        """a weak cache whose values die in a cycle: the entry stays until gc.collect() (facts 9)"""
        self.need("weakref")
        self.need("gc")
        cls = self.some_class()
        kind = self.r.choice(["WeakValueDictionary", "WeakSet", "WeakKeyDictionary"])
        cache = self.fresh("cache")
        a, b = self.fresh("a"), self.fresh("b")
        self.emit("%s = weakref.%s()" % (cache, kind), "%s = %s" % (a, self.new(cls)), "%s = %s" % (b, self.new(cls)),
                  "%s.other = %s" % (a, b), "%s.other = %s" % (b, a))
        if kind == "WeakValueDictionary":
            self.emit("%s['a'] = %s" % (cache, a), "%s['b'] = %s" % (cache, b))
        elif kind == "WeakSet":
            self.emit("%s.add(%s)" % (cache, a), "%s.add(%s)" % (cache, b))
        else:
            self.emit("%s[%s] = 1" % (cache, a), "%s[%s] = %s" % (cache, b, self.value(["int", "str", "list"])))
        if self.r.random() < 0.4:
            w = self.fresh("w")
            self.emit("def cb_%s(r):\n    print('callback')" % w, "%s = weakref.ref(%s, cb_%s)" % (w, a, w))
        self.emit("del %s, %s" % (a, b), self.pr("len(%s)" % cache))
        if kind == "WeakValueDictionary" and self.r.random() < 0.5:
            self.emit(self.pr("'a' in %s" % cache))
        self.emit(self.pr("gc.collect()"), self.pr("len(%s)" % cache))

    CELLS = {"identity": 3, "smallint": 3, "strings": 3, "sizes": 4, "growth": 4, "refcount": 3, "cycle": 4,
             "weakref": 4, "weakcontainers": 3, "resurrect": 1, "slots": 2, "gcswitch": 2, "printing": 3,
             "assign": 2, "global": 1, "many_instances": 1, "order": 3, "cache_cycle": 2}

    def program(self):
        if self.r.random() < 0.3:
            self.emit('"""%s"""' % self.r.choice(["Chapter 20 exercises", "Memory management lab",
                                                   "Exercise 3: references"]))
        if self.r.random() < 0.6:
            for m in self.r.sample(["sys", "gc", "weakref"], self.r.randint(1, 3)):
                self.need(m)
        cells, weights = zip(*self.CELLS.items())
        for name in self.r.choices(cells, weights, k=self.r.randint(1, 5)):
            getattr(self, "c_" + name)()
        if self.r.random() < self.error_rate:
            self.c_error()
            if self.r.random() < 0.3:
                self.emit(self.pr("'after the error'"))
        return list(self.out)


def generate(seed, learner_rate=0.25):
    g = LearnGen(seed, learner_rate)
    stmts = g.program()
    return "\n".join(stmts) + "\n", g.learner


# ----------------------------------------------------------------------------
# judging

# README "The subset": what is found only when its statement runs (a builtin or method heapd does not
# simulate, an augmented assignment's operand types, int results past 64 bits)
RUNTIME_CONSTRUCT = re.compile(r" of an? '[\w.]+' object$|^the (call|builtin) |builtin|\(\)$|as a value|"
                               r"[+-]=|arithmetic|past 64 bits|concatenat")


def source_of(stmts):
    return "\n".join(stmts) + "\n"


class Judge:
    def __init__(self, version, asan):
        self.version = version
        self.python = E.find_python(version)
        if not self.python:
            raise RuntimeError("CPython %s is not installed" % version)
        self.asan = asan
        if asan:
            E.DE.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "20"))
        self.srv = E.server(asan=asan, name="learnfuzz-heapd-%d" % os.getpid())
        self.constructs = collections.Counter()

    def judged(self, judge, source, mode):
        """judge(...)'s (verdict, detail), a crash of heapd (restarted) or of the CPython run as verdicts"""
        try:
            return judge(self.srv, self.python, self.version, source, mode)
        except E.HeapdCrash as e:
            tail = self.srv.log_tail(3000)
            self.srv.restart()
            return "crash", [("crash", str(e), tail)]
        except RuntimeError as e:
            return "cpython-error", [("cpython-error", str(e), None)]

    def one(self, source, mode, both=True):
        """-> (verdict, detail): pass, skip, unsupported, invalid, refused, mismatch [(where, a, b)], crash,
        ran-unsupported"""
        v, d = self.judged(E.judge, source, mode)
        if v == "unsupported":
            err = d["raw"]["error"]
            construct = err.get("construct", "?")
            if "results" not in err:
                if d.get("names"):
                    return "ran-unsupported", [("unsupported", construct, d.get("names"))]
                return "unsupported", construct
            # found at run time: what ran before the statement must be CPython's
            line = err.get("line")
            body = ast.parse(source).body
            prefix = [ast.get_source_segment(source, st) for st in body if st.end_lineno < (line or 0)]
            if not RUNTIME_CONSTRUCT.search(construct):
                return "ran-unsupported", [("unsupported", construct, "ran %d statements" % len(prefix))]
            if prefix:
                pv, pd = self.one(source_of(prefix), mode, both)
                if pv in ("mismatch", "crash", "ran-unsupported"):
                    return pv, pd
            return "unsupported", construct
        if v != "pass" or not both:
            return v, d
        v2, d2 = self.judged(R.judge, source, mode)
        if v2 in ("crash", "cpython-error"):
            return v2, d2
        if v2 == "mismatch":
            return "mismatch", [("script." + w, a, b) for w, a, b in d2]
        if v2 == "skip":
            return "pass", None  # engine's judge compared everything already
        return ("pass", None) if v2 in ("pass",) else (v2, d2)

    def sanitizer_report(self):
        if not self.asan:
            return None
        log = self.srv.log_tail(200000)
        m = re.search(r"(ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|heap_check)", log)
        return log[max(0, m.start() - 200):m.start() + 3000] if m else None


def signature(verdict, detail):
    if verdict in ("crash", "ran-unsupported", "cpython-error"):
        return (verdict,)
    where = detail[0][0]
    if where.startswith("statement"):
        where = where.rsplit(".", 1)[-1] if "`." in where else "value"
    return (verdict, where)


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def stop(signum, frame):
    global STOP
    STOP = True


def minimise(judge, stmts, mode, sig, seconds):
    deadline = time.time() + seconds

    def holds(cand):
        if not cand or time.time() > deadline or STOP:
            return False
        src = source_of(cand)
        try:
            compile(src, "<m>", "exec")
        except SyntaxError:
            return False
        v, d = judge.one(src, mode)
        return v in ("mismatch", "crash", "ran-unsupported") and signature(v, d) == sig
    return X.ddmin(list(stmts), holds, deadline, lambda: STOP)


def campaign(version, args, out):
    j = Judge(version, args.asan)
    stats = collections.Counter()
    findings = []
    seen = set()
    t_end = time.time() + args.seconds
    i = 0
    try:
        while time.time() < t_end and not STOP:
            i += 1
            seed_i = args.seed * 1000003 + i
            g = LearnGen(seed_i, args.learner_rate)
            stmts = g.program()
            src = source_of(stmts)
            stats["programs"] += 1
            if g.learner:
                stats["written as learners do"] += 1
            for mode in args.modes:
                t0 = time.time()
                v, d = j.one(src, mode)
                stats["runs"] += 1
                stats[v] += 1
                if v == "unsupported":
                    j.constructs[str(d)[:90]] += 1
                    if not g.learner:
                        stats["unsupported, meant in the subset"] += 1
                elif g.learner and v not in ("invalid", "crash"):
                    # a construct written outside the subset that heapd ran: only a folded or otherwise
                    # supported spelling may; judged like any run (v is that run's verdict)
                    stats["learner form ran"] += 1
                if v == "invalid":
                    j.constructs["invalid: " + str(d["raw"]["error"].get("message"))[:70]] += 1
                if time.time() - t0 > 30:
                    log("slow program (%.0fs) %d" % (time.time() - t0, seed_i))
                if v in ("mismatch", "crash", "ran-unsupported", "cpython-error"):
                    sig = (mode,) + signature(v, d)
                    log("%s %s %d: %s %s" % (version, mode, seed_i, v, json.dumps(d, default=str,
                                                                                ensure_ascii=False)[:600]))
                    if sig in seen and v != "crash":
                        continue
                    seen.add(sig)
                    small = stmts if args.no_min else minimise(j, stmts, mode, signature(v, d), args.min_seconds)
                    v2, d2 = j.one(source_of(small), mode)
                    if v2 not in ("mismatch", "crash", "ran-unsupported", "cpython-error"):
                        stats["not reproduced once minimised"] += 1
                        log("   not reproduced once minimised (%s)" % v2)
                        small, v2, d2 = stmts, v, d
                    h = hashlib.sha1(("%s|%s|%s" % (version, mode, source_of(small))).encode()).hexdigest()[:10]
                    name = "learn-%s%s-%s-%s.json" % ("crash-" if v2 == "crash" else "", version, mode, h)
                    case = {"note": "learnfuzz seed %d program %d: %s" % (args.seed, seed_i, v2),
                            "versions": [version], "modes": [mode], "source": source_of(small),
                            "original": src, "verdict": v2,
                            "detail": json.loads(json.dumps(d2, default=str))}
                    os.makedirs(out, exist_ok=True)
                    with open(os.path.join(out, name), "w") as f:
                        json.dump(case, f, indent=1, ensure_ascii=False)
                    findings.append(name)
                    stats["findings"] += 1
                    log("   -> %s\n    %s" % (name, source_of(small).replace("\n", "\n    ")[:2000]))
            if i % 100 == 0:
                log("%s: %d programs %s" % (version, i, dict(stats)))
        rep = j.sanitizer_report()
        if rep:
            stats["sanitizer report"] += 1
            log("sanitizer report in the server's log:\n" + rep)
    finally:
        rc = j.srv.stop()
        if rc not in (0, None, -15):
            stats["heapd exit %s" % rc] += 1
    return stats, findings, j.constructs


def figures():
    """the campaigns of learncampaigns.jsonl summed per version and build, then the unsupported constructs"""
    rows = collections.OrderedDict()
    constructs = collections.Counter()
    with open(os.path.join(HERE, "learncampaigns.jsonl")) as f:
        for line in f:
            c = json.loads(line)
            r = rows.setdefault((c["version"], "asan" if c["asan"] else "plain"), collections.Counter())
            r["campaigns"] += 1
            r["seconds"] += c["seconds"]
            r.update(c["stats"])
            r["findings"] += len(c["findings"])
            for k, n in c["unsupported_constructs"]:
                constructs[k] += n
    cols = ["campaigns", "seconds", "programs", "runs", "pass", "unsupported", "unsupported, meant in the subset",
            "mismatch", "crash", "ran-unsupported", "skip", "invalid", "findings"]
    print("| version | build | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for (v, b), r in sorted(rows.items()):
        print("| %s | %s | %s |" % (v, b, " | ".join(str(r[k]) for k in cols)))
    print()
    for k, n in constructs.most_common(30):
        print("%6d  %s" % (n, k))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--modes", default="module,statements")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--learner-rate", type=float, default=0.25)
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--min-seconds", type=float, default=90)
    ap.add_argument("--no-min", action="store_true")
    ap.add_argument("--no-record", action="store_true")
    ap.add_argument("--show", type=int, help="print program SEED and the constructs written as learners do")
    ap.add_argument("--figures", action="store_true", help="sum learncampaigns.jsonl (per version and build)")
    args = ap.parse_args()
    if args.figures:
        return figures()
    if args.show is not None:
        src, learner = generate(args.show, args.learner_rate)
        sys.stdout.write(src)
        print("# written as learners do:", learner)
        return 0
    args.modes = args.modes.split(",")
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    bad = 0
    for v in args.versions.split(","):
        if STOP:
            break
        t0 = time.time()
        log("version %s, seed %d, %ss%s" % (v, args.seed, args.seconds, " (asan)" if args.asan else ""))
        stats, findings, constructs = campaign(v, args, args.out)
        bad += stats["findings"] + stats["sanitizer report"]
        line = {"date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "version": v, "seed": args.seed,
                "asan": args.asan, "seconds": round(time.time() - t0), "commit": X.commit(),
                "learner_rate": args.learner_rate, "stats": dict(stats), "findings": findings,
                "unsupported_constructs": constructs.most_common(25)}
        log(json.dumps(line, ensure_ascii=False))
        if not args.no_record:
            with open(os.path.join(HERE, "learncampaigns.jsonl"), "a") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
