#!/usr/bin/env python3
"""Differential fuzzing of POST .../exec against the judge itself: the
program run as a real script, `PYTHONHASHSEED=0 python3 prog.py`, with no
instrumentation in it.  What the script shows is what is compared: its
stdout (every print, a __del__'s and a callback's included) against heapd's
print events, and the exception that ended it (type, message, line, from
the traceback) against heapd's python_exception.

    python3 rawfuzz.py --seconds 300 --versions 3.10,3.11,3.12,3.13 [--seed N] [--asan] [--ids]
    python3 rawfuzz.py --probe prog.py --versions 3.12 [--ids] [--stdout pipe]     one program, both sides shown

--ids: the programs also print id() of what names hold (a name's block freed and a new object made
after it) and gc.get_count() after a gc.collect() (module mode), and run as plain scripts (no
sitecustomize: its import would change the heap the script starts with); the output is compared up
to the program's END line once addresses are replaced by their order of first appearance
(canonical()): which addresses are equal, which reuse a freed block.  Each program's session has
"stdout" "unbuffered" or "pipe" (stdout_mode()), the script PYTHONUNBUFFERED=1 or not with it.

Programs are gen.py's, with every expression statement whose value the
script can show printed (`print(e)`; not `id()`, `gc.get_count()`, nor a
`sys.getrefcount()` of what may be an interpreter-shared object), and with
what gen.py leaves out (RawGen): long programs, the collector left enabled
at its default thresholds, prints of every kind of object (instances,
classes, functions, weakrefs, weak containers, modules, big and huge ints,
floats' reprs, bytes, nested and recursive containers), sep/end of every
kind, `is` / `==` / `in` chains of folded constants and interned strs,
items and attributes deleted and read back, weak container reads
(`wvd['k']`, `len`, `in`) after their referents die, failing statements
midway.

Mode "module" runs the file as is.  Mode "statements" runs a script that
`exec()`s each top-level statement as a string (padded with newlines so
its line numbers are the file's; its AST lives while it runs), in the
module's namespace: what `GET .../script` writes.  Interpreter shutdown is not part of a session:
a sitecustomize (PYTHONPATH) ends the process at exit with os._exit()
after flushing, so the finalizers of module teardown do not print; it also
records the collections (gc.callbacks), with whether a gc.collect() call
made them, so that a program in which CPython collected on its own (its own
allocations count towards the thresholds: README's documented deviation)
is skipped, as is one whose output differs between two CPython runs
(address-dependent order)."""
import argparse
import ast
import collections
import datetime
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402
import gen as G  # noqa: E402

SCRATCH = "/tmp/rawfuzz-%d" % os.getpid()
ADDR = re.compile(r"0x[0-9a-f]+")

SITECUSTOMIZE = r'''
import atexit, gc, os, sys
if os.environ.get("HRAW_PRELOAD"):
    __import__(os.environ["HRAW_PRELOAD"])
    gc.collect()
_hraw_log = []
_hraw_explicit = [0]
_hraw_collect = gc.collect


def _hraw_wrap(*a, **k):
    _hraw_explicit[0] += 1
    try:
        return _hraw_collect(*a, **k)
    finally:
        _hraw_explicit[0] -= 1


gc.collect = _hraw_wrap


def _hraw_cb(phase, info):
    if phase == "start":
        _hraw_log.append([info["generation"], _hraw_explicit[0] > 0])


gc.callbacks.append(_hraw_cb)
_hraw_hook = sys.excepthook


def _hraw_excepthook(*a):
    sys.stderr.write("\n@@HRAWEXC\n")  # the uncaught exception (not one a __del__ raised, ignored)
    _hraw_hook(*a)


sys.excepthook = _hraw_excepthook


def _hraw_exit():
    # the exception that ended the script: heapd drops it with the statement (what only its
    # traceback held dies then), CPython keeps it in sys.last_* until shutdown: dropped here
    for a in ("last_exc", "last_value", "last_traceback", "last_type"):
        if hasattr(sys, a):
            delattr(sys, a)
    try:
        sys.stdout.flush()
    except Exception:
        pass
    sys.stderr.write("\n@@HRAWGC " + repr(_hraw_log) + "\n")
    sys.stderr.flush()
    os._exit(0)


atexit.register(_hraw_exit)
del atexit
'''


# ----------------------------------------------------------------------------
# generation

SAFE_RC_KINDS = ("list", "dict", "set", "inst", "object", "wvd", "wkd", "ws", "weakref", "func")

FLOATS = ["1e16", "1e15", "123456789012345678.0", "1e-7", "0.0001", "1e22", "1e23", "0.1 + 0.2", "1 / 3", "2 / 3",
          "-0.0", "1e309", "-1e309", "1e308 * 10", "5e-324", "2.5e-323", "1.7976931348623157e308", "100.0",
          "1e100", "12345.678", "0.5", "3.0", "-2.5", "9007199254740993.0", "4.35", "1e-310",
          "2 ** 0.5", "10 / 4", "7 // 2.0", "-7 % 2.5", "1.0 - 1.0"]
INTS = ["2 ** 63", "-2 ** 63", "2 ** 64 - 1", "10 ** 18", "-(10 ** 19)", "0x7fffffffffffffff", "2 ** 60 // 3",
        "0x" + "f" * 3500, "1 << 60", "(1 << 62) * 2", "-(1 << 63)", "-1", "-5", "-6", "256", "257", "int()", "True + 1", "~0", "9" * 30,
        "1_000", "0o777", "0b" + "1" * 70]
STRS = ["'abc'", "'a b'", "''", "'é'", "'\\u20ac'", "'\\U0001F600'", "'a' * 4096", "'ab' * 2", "'\\x00'",
        "'\\n'", "'it\\'s'", "'\"q\"'", "'\\t\\\\'", "'hello_world'", "'Hello'", "str()", "'\\x7f\\x80'",
        "'\\ud800'", "'caf\\xe9'", "'\\u0378'", "\"'\"", "'''x\ny'''"]
BYTES = ["b''", "b'a'", "b'\\x00\\xff'", "b\"'\"", "b'\\'\"'", "b'\\n\\t\\r'", "bytes()", "b'ab' * 3",
         "b'\\x7f\\x80'", "b'z' * 300"]


# constants no interpreter shares (not a small int, a one-character or identifier-like str, b'' or a
# one-byte bytes, ()): their counts are the program's alone, the AST arena's reference included
# str statements: docstrings (3.13 cleans them: the first line's leading spaces, the others' common indentation,
# tabs expanded), some equal to a later literal
DOCS = ["'hello world'", "'  a b'", "'''\\n    indented\\n    doc\\n'''", "'a\\tb\\n\\tc'", '"x y z"', "'''one\\ntwo'''",
        "'doc'", "''", "' '", "'a\\n  b\\n   c'", "'\\t x'", "'é\\n  ü'", "'''\n  two lines\n  '''"]
# gen.py's statements that s_layout() lays out over lines
LAYOUT_SRC = [("s_assign", 6), ("s_link", 4), ("s_query", 4), ("s_print", 3), ("s_method", 4), ("s_show", 3),
              ("s_call", 1), ("s_raise", 2), ("s_del", 2)]
OWN_CONSTS = ["1000", "-1000", "2 ** 63", "10 ** 18", "123456789012345678901234567890", "1.5", "-2.5", "0.1 + 0.2",
              "1e100", "'a b'", "'hello world'", "'x-y'", "'a b' * 3", "'ab' + ' cd'", "b'xyz'", "b'ab' + b'q'",
              "b'x' b'yz'", "b'ab' * 2", "(1000, 'a b')", "(1.5, (2.5, b'xy'))", "(1, 2, 3)", "((1000,),)",
              "(1000, 2000) + (3000,)"]


class RawGen(G.Gen):
    def __init__(self, seed, unsupported_rate=0.03, ids=False):
        super().__init__(seed, unsupported_rate)
        self.long = self.chance(0.15)
        self.ids = ids  # --ids: the script shows addresses and the collector's count too (judge() compares
        # their pattern: canonical())

    def scalar(self):
        if self.chance(0.25):
            return self.pick(self.pick([FLOATS, INTS, STRS, BYTES]))
        return super().scalar()

    def printable(self, e):
        """whether the script may print e's value: not an address, not the interpreter's count"""
        if re.search(r"\bintern\(" if self.ids else r"\bid\(|get_count|\bintern\(", e):
            return False
        m = re.search(r"getrefcount\((.*)\)$", e)
        if m:
            arg = m.group(1)
            if arg.startswith("["):
                return True
            k = self.names.get(arg, "?")
            return any(k == s or k.startswith(s + ":") for s in SAFE_RC_KINDS)
        return True

    def computed(self):
        """gen.py's print() arguments, but only what the script can show (printable())"""
        while True:
            e = super().computed()
            if self.printable(e):
                return e

    def wrap(self, stmt):
        """an expression statement the script can show, printed (sometimes with a label)"""
        try:
            tree = ast.parse(stmt)
        except SyntaxError:
            return stmt
        if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
            return stmt
        e = tree.body[0].value
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "print":
            return stmt
        if not self.printable(stmt) or self.chance(0.15):
            return stmt
        if self.chance(0.3):
            return "print(%r, %s)" % ("L%d" % len(self.out), stmt)
        return "print(%s)" % stmt

    # ---------------------------------------------------------- new statements
    def s_show(self):
        """print() of a kind of object gen.py's programs rarely print"""
        c = self.r.randrange(12)
        if c < 3 and self.names:
            n = self.pick(sorted(self.names))
            return self.pick(["print(%s)", "print([%s])", "print((%s,))", "print({'k': %s})", "print(%s, %s)"]).replace(
                "%s", n)
        if c == 3:
            return "print(%s)" % ", ".join(self.pick(FLOATS) for _ in range(self.r.randint(1, 4)))
        if c == 4:
            return "print(%s)" % ", ".join(self.pick(INTS) for _ in range(self.r.randint(1, 3)))
        if c == 5:
            return "print(%s)" % ", ".join(self.pick(STRS + BYTES) for _ in range(self.r.randint(1, 3)))
        if c == 6:
            return "print(%s, %s)" % (self.pick(["[%s]", "(%s,)", "{%s}", "frozenset({%s})", "{1: %s}"]) %
                                      self.pick(FLOATS + STRS + BYTES), self.pick(["[[[]]]", "[(), [], {}]",
                                                                                   "{(): ()}", "((1,),)", "{1: {2: {}}}"]))
        if c == 7:
            return "print(%s)" % self.pick(["int()", "str()", "bytes()", "tuple()", "list()", "dict()", "bool()",
                                            "frozenset()", "set()", "object()"])
        if c == 8 and self.names:
            # a self-referencing container: [...] / {...}
            n = self.fresh("r")
            k = self.pick(["list", "dict"])
            self.out.append("%s = %s" % (n, "[1]" if k == "list" else "{'a': 1}"))
            self.out.append(("%s.append(%s)" if k == "list" else "%s['me'] = %s") % (n, n))
            self.names[n] = k
            return "print(%s)" % n
        if c == 9:
            return "print(%s)" % self.pick(self.names_of("class", "func", "weakref", "wvd", "wkd", "ws") or ["None"])
        if c == 10:
            a, b = self.pick(STRS + INTS + FLOATS + BYTES), self.pick(STRS + INTS + FLOATS + BYTES)
            return "print(%s %s %s)" % (a, self.pick(["is", "==", "!=", "is not", "in", "not in"]),
                                        b if "in" not in self.out[-1:] else b)
        return "print(%s)" % self.value()

    def s_is(self):
        """identity of equal constants and of interned / folded strs (one unit vs statement by statement)"""
        a = self.fresh("i")
        b = self.fresh("j")
        v = self.pick(STRS + INTS + FLOATS + BYTES + ["()", "(1, 2)", "('a',)", "frozenset({1})", "None"])
        w = self.pick([v, v, self.pick(STRS + INTS + FLOATS + BYTES)])
        self.out.append("%s = %s" % (a, v))
        self.names[a] = "scalar"
        self.out.append("%s = %s" % (b, w))
        self.names[b] = "scalar"
        if self.chance(0.3):
            s = self.mod("sys")
            self.out.append("%s = %s.intern(%s)" % (b, s, a if self.chance(0.5) else w))
        return "print(%s is %s, %s == %s)" % (a, b, a, b)

    def s_item_del(self):
        """items and attributes deleted, then read back (KeyError, IndexError, AttributeError)"""
        if self.names_of("dict", "list") and self.chance(0.6):
            n = self.pick(self.names_of("dict", "list"))
            k = repr(self.pick(["k", "key", "a", "x"])) if self.names[n] == "dict" else str(self.r.randint(-3, 3))
            self.out.append("del %s[%s]" % (n, k))
            return "print(%s[%s])" % (n, k)
        if self.names_of("inst"):
            n = self.pick(self.names_of("inst"))
            a = self.pick(G.IDENT_ATTRS[:6])
            self.out.append("%s.%s = %s" % (n, a, self.value(1)))
            self.out.append("del %s.%s" % (n, a))
            return "print(%s.%s)" % (n, a)
        return self.s_print()

    def s_weakread(self):
        """a weak container read after its referent dies"""
        t = self.pick(["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"])
        self.mod("weakref")
        wc = self.fresh("wc")
        c = self.a_class()
        o = self.fresh("o")
        self.out.append("%s = weakref.%s()" % (wc, t))
        self.out.append("%s = %s" % (o, self.new(c)))
        if t == "WeakValueDictionary":
            self.out.append("%s['k'] = %s" % (wc, o))
            reads = ["print(%s['k'])" % wc, "print(len(%s))" % wc, "print('k' in %s)" % wc]
        elif t == "WeakKeyDictionary":
            self.out.append("%s[%s] = 1" % (wc, o))
            reads = ["print(len(%s))" % wc]
        else:
            self.out.append("%s.add(%s)" % (wc, o))
            # pop(): Lib/_weakrefset.py's loop past dead refs, KeyError('pop from empty WeakSet') at the end
            reads = ["print(len(%s))" % wc, "%s.pop()" % wc, "print(%s.pop() is %s)" % (wc, o)]
        self.names[wc] = {"WeakValueDictionary": "wvd", "WeakKeyDictionary": "wkd", "WeakSet": "ws"}[t]
        if self.chance(0.7):
            self.out.append("del %s" % o)
        else:
            self.names[o] = "inst:" + c
        if self.chance(0.3):
            self.out.append("print(%s.collect())" % self.mod("gc"))
        return self.pick(reads)

    def s_weakcb(self):
        """a weakref with a printing callback to an object that dies by refcount or in a cycle"""
        self.mod("weakref")
        c = self.a_class()
        o = self.fresh("o")
        w = self.fresh("w")
        if not self.funcs or self.chance(0.3):
            self.out.append(self.s_def())
        self.out.append("%s = %s" % (o, self.new(c)))
        if self.chance(0.4):
            self.out.append("%s.me = %s" % (o, o))
        self.out.append("%s = weakref.ref(%s, %s)" % (w, o, self.pick(self.funcs)))
        self.names[w] = "weakref"
        self.out.append("del %s" % o)
        if self.chance(0.6):
            self.out.append("print(%s.collect())" % self.mod("gc"))
        return "print(%s() is None)" % w

    def s_const_rc(self):
        """the count of a constant a name binds, or of a literal in the statement: its code's, the
        AST arena's (python3 file.py keeps the AST while the code runs), the names'"""
        sys_ = self.mod("sys")
        v = self.pick(OWN_CONSTS)
        c = self.r.randrange(4)
        if c == 0:
            return "print(%s.getrefcount(%s))" % (sys_, v)
        n = self.fresh()
        self.names[n] = "scalar"
        if c == 1:
            return "%s = %s\nprint(%s.getrefcount(%s))" % (n, v, sys_, n)
        m = self.fresh()
        self.names[m] = "scalar"
        if c == 2:  # an equal literal again: the compiler merges it into the first one's object
            return "%s = %s\n%s = %s\nprint(%s.getrefcount(%s), %s is %s)" % (n, v, m, v, sys_, n, n, m)
        return "%s = %s\n%s = %s\nprint(%s.getrefcount(%s), %s.getrefcount(%s))" % (
            n, v, m, n, sys_, m, sys_, self.pick(OWN_CONSTS))

    # --------------------------------------------- layout and forms (gaps audit of 2026-12-02, h35)
    def s_docstring(self):
        """a str statement: compiled alone (statements mode) every one is its unit's docstring, stored
        as __doc__; 3.13 stores _PyCompile_CleanDoc()'s text (tabs expanded, indentation taken off)"""
        v = self.pick(DOCS)
        own = [d for d in DOCS if len(ast.literal_eval(d)) > 1 and not ast.literal_eval(d).isidentifier()]
        if self.chance(0.5):  # (the count of an object of its own: not interned, not a shared one)
            v = self.pick(own)
            n = self.fresh("d")
            self.names[n] = "scalar"
            later = self.pick([v, v, self.pick(own)])
            return "%s\n%s = %s\nprint(%s.getrefcount(%s))" % (v, n, later, self.mod("sys"), n)
        return v

    def s_forms(self):
        """the same statements in the other forms the grammar gives them: parenthesised and bracketed
        targets, attribute and item targets in an unpacking, grouped del, print() without arguments or
        with None for sep/end, folded `not`, one-line class bodies"""
        c = self.r.randrange(9)
        a, b = self.fresh(), self.fresh()
        self.names[a] = self.names[b] = "scalar"
        if c == 0:
            return self.pick(["(%s, %s) = %s, %s", "[%s, %s] = %s, %s", "%s, %s, = %s, %s", "(%s), %s = (%s, %s)"]) % (
                a, b, self.scalar(), self.value(1))
        if c == 1:
            t = self.names_of("inst", "list", "dict")
            if not t:
                return "%s = %s; %s = %s" % (a, self.scalar(), b, self.scalar())
            o = self.pick(t)
            k = self.names[o]
            tg = "%s.%s" % (o, self.pick(G.IDENT_ATTRS[:6])) if k.startswith("inst") else \
                "%s[%s]" % (o, "0" if k == "list" else repr(self.pick(["k", "x"])))
            return "%s, %s = %s, %s" % (tg, a, self.value(1), self.scalar())
        if c == 2:
            ns = self.pick([[a], [a, b]])
            self.out.append("; ".join("%s = %s" % (n, self.value(1)) for n in ns))
            for n in ns:
                self.names.pop(n, None)
            return self.pick(["del (%s)", "del [%s]", "del %s,", "del (%s),"]) % ", ".join(ns)
        if c == 3:
            return self.pick(["print()", "print(sep=None)", "print(end='')", "print(%s, sep=None, end=None)",
                              "print(%s, %s, sep='', end='\\n\\n')", "print(%s, end=None)"]).replace(
                "%s", self.value(1))
        if c == 4:
            self.names.pop(b, None)
            return "%s = not %s\nprint(%s)" % (a, self.pick(["0", "1", "()", "(1,)", "''", "'x'", "None", "1.5",
                                                           "b''", "10 ** 30", "True", "not 1"]), a)
        if c == 5:
            k = self.fresh("K")
            form, slots = self.pick([("class %s: pass", None), ("class %s: __slots__ = ()", ()),
                                     ("class %s: 'doc'", None), ("class %s: __slots__ = ('x', '__weakref__')",
                                                                 ("x", "__weakref__")),
                                     ("class %s:\n    pass; __slots__ = ()", ())])
            self.classes[k] = {"slots": slots, "fin": None, "init": None}
            self.names[k] = "class"
            return form % k
        if c == 6:
            return "%s = %s  # a comment\n# a line of comment\n%s = %s;" % (a, self.value(1), b, self.value(1))
        if c == 7:
            return "%s = %s; print(%s)" % (a, self.value(1), a)
        return "%s = %s = %s" % (a, b, self.value(1))

    def s_layout(self):
        """a statement of gen.py laid out over several lines: its brackets broken after each comma,
        or a backslash continuation; or two statements joined by `;`"""
        st = self.wrap(getattr(self, self.weighted(LAYOUT_SRC, sum(w for _, w in LAYOUT_SRC)))())
        c = self.r.randrange(3)
        if c == 0 and "\n" not in st and not re.search(r"['\"]", st):
            return re.sub(r"(?<=[,(\[{]) ?(?=[^)\]}])", lambda m: "\n" + " " * self.r.randint(0, 8), st, count=3)
        if c == 1 and "\n" not in st and " = " in st:
            return st.replace(" = ", " = \\\n    ", 1)
        return st + "; " + self.wrap(self.s_assign()).replace("\n", "; ") if "\n" not in st else st

    def s_ident(self):
        """(--ids) what the script shows of identity: id() of what names hold, a name's block freed and a
        new object made (does it take that address?), gc.get_count() (module mode: statements mode's
        compile() allocates what heapd does not follow, README)"""
        c = self.r.randrange(5)
        if c == 0 or not self.names:
            return "print(%s.get_count())" % self.mod("gc")
        ns = sorted(self.names)
        if c == 1:
            return "print(id(%s))" % self.pick(ns)
        if c == 2:
            return "print(%s)" % ", ".join("id(%s)" % self.pick(ns) for _ in range(self.r.randint(2, 4)))
        n, m = self.pick(ns), self.fresh("n")
        self.names.pop(n, None)
        v = self.value(1) if c == 3 else self.new(self.a_class())
        self.names[m] = self.kind_of(v)
        return "print(id(%s))\ndel %s\n%s = %s\nprint(id(%s))" % (n, n, m, v, m)

    def s_raise(self):
        """a statement that raises midway (the rest does not run)"""
        return self.pick(["print(nope)", "del nope", "x_undefined.y = 1", "print({[]: 1})", "{}['k']",
                          "print([1][5])", "print(None.x)", "len(5)", "print(hash_me[0])",
                          "(1).x = 2", "object().x = 1", "print(sys.nothing)"])

    def program(self):
        if self.ids:
            # the modules imported first (a first import's own allocations are the interpreter's:
            # README), then the count as the script's first statement leaves it: 0 (compiling the
            # file moved it)
            self.out.append("import gc, sys, weakref")
            self.imported.update(("gc", "sys", "weakref"))
            self.out.append("gc.collect()")
        else:
            self.imports()
        gc_state = self.r.randrange(10)
        if gc_state < 4:
            self.out.append("%s.disable()" % self.mod("gc"))
        elif gc_state < 6:
            g = self.mod("gc")
            self.out.append("%s.set_threshold(%s)" % (g, self.pick(["0", "100000", "5000, 10, 10", "0, 5"])))
        elif gc_state < 8 and self.ids:
            # automatic collections from a known count: a collection empties the young generation, then
            # a small threshold makes the program's own allocations start them (3.12+: at the next
            # eval-breaker check), which the printed gc.get_count() shows
            g = self.mod("gc")
            self.out.append("%s.collect()" % g)
            self.out.append("%s.set_threshold(%d%s)" % (g, self.r.randint(1, 12),
                                                         self.pick(["", "", ", 2", ", 3, 2"])))
        # gc_state 6-9: the collector as a fresh interpreter has it (CPython may collect on its own: skipped
        # unless --ids)
        n = self.r.randint(60, 200) if self.long else self.r.randint(4, 40)
        weights = [("s_class", 6), ("s_def", 2), ("s_assign", 20), ("s_link", 12), ("s_del", 8), ("s_weak", 8),
                   ("s_gc", 7), ("s_query", 20), ("s_print", 5), ("s_call", 4), ("s_cycle", 5),
                   ("s_resurrect", 2), ("s_weakcont", 3), ("s_method", 12), ("s_aug", 8), ("s_show", 10),
                   ("s_is", 4), ("s_item_del", 2), ("s_weakread", 3), ("s_weakcb", 3), ("s_const_rc", 4),
                   ("s_docstring", 2), ("s_forms", 6), ("s_layout", 6)] + ([("s_ident", 14)] if self.ids else [])
        if self.chance(0.15) and not self.ids:  # the module's docstring (its first statement)
            self.out.insert(0, self.pick(DOCS))
        total = sum(w for _, w in weights)
        bad_at = self.r.randint(0, n - 1) if self.chance(self.unsupported_rate) else -1
        raise_at = self.r.randint(n // 2, n - 1) if self.chance(0.1) else -1
        for i in range(n):
            if i == bad_at:
                self.injected = self.unsupported()
                self.out.append(self.injected)
                continue
            if i == raise_at:
                self.out.append(self.s_raise())
                continue
            self.out.append(self.wrap(getattr(self, self.weighted(weights, total))()))
        if self.ids:  # the end of what the program prints; module teardown's finalizers print after it
            self.out.append("print('@@END')")
        return self.out


# what mutate() inserts: tokens and fragments of every statement kind, keywords the subset refuses,
# brackets, quotes, indentation
MUTATIONS = ["(", ")", "[", "]", "{", "}", ":", ";", ",", ".", "=", "==", "+=", "-", "*", "**", "/", "\\", "'",
             '"', "'" * 3, "#", "@", "!", "$", "?", "\t", " ", "    ", "\n", "\n    ", "\r", "\x0c", "0", "1_",
             "0x", "0b2", "1e", "0777", ".5j", "if ", "else ", "for ", "in ", "lambda ", "lambda: ", "yield ",
             "return ", "global x", "nonlocal x", "await ", "async ", "del ", "pass", "break", "continue",
             "import ", "from ", "class ", "def ", "with ", "as ", "try:", "except:", "finally:", "raise ",
             "assert ", ":=", "->", "...", "not ", "is ", "and ", "or ", "None", "True", "__debug__", "print ",
             "f'{", "f'{x!r:>{y}}'", "b'é'", "'\\N{DASH}'", "'\\x4'", "u'", "rb'", "*", "**", "x, *y", "*a, *b",
             "match x:", "case 1:", "type X = int", "\u00e9", "\u20ac", "\u00b2", "\ufeff", "\x00"]


def mutate(source, rng):
    """source changed in one to three places (a character or line deleted, a fragment inserted, a line
    re-indented, the text cut short): mostly not Python any more, sometimes still Python"""
    for _ in range(rng.randint(1, 3)):
        lines = source.split("\n")
        c = rng.randrange(6)
        if c == 0 and source:
            i = rng.randrange(len(source))
            source = source[:i] + source[i + 1:]
        elif c == 1:
            i = rng.randrange(len(source) + 1)
            source = source[:i] + rng.choice(MUTATIONS) + source[i:]
        elif c == 2 and len(lines) > 1:
            i = rng.randrange(len(lines))
            lines[i] = rng.choice([" ", "  ", "    ", "\t", " \t", "\t "]) + lines[i] if rng.random() < 0.7 \
                else lines[i].lstrip()
            source = "\n".join(lines)
        elif c == 3 and len(lines) > 1:
            i = rng.randrange(len(lines))
            del lines[i]
            source = "\n".join(lines)
        elif c == 4 and source:
            source = source[:rng.randrange(len(source))]
        else:  # a token doubled
            toks = re.findall(r"\w+|\S", source)
            if toks:
                t = rng.choice(toks)
                source = source.replace(t, t + " " + t, 1)
    return source


_COMPILERS = {}


def compiled(python, source):
    """compile(source) in a persistent interpreter of the version, of the str (as the JSON body
    gives it: compile() of bytes without a coding cookie counts offsets in bytes before 3.13): None, or the error's
    {type, message, lineno, offset, end_lineno, end_offset}"""
    import edgefuzz
    comp = _COMPILERS.setdefault(python, edgefuzz.Compiler(python))
    status, err = comp.compile(source)  # a str, as the JSON body's: offsets in characters
    if status != "ok":
        raise RuntimeError("compile() in CPython died")
    return err


def generate(seed, unsupported_rate=0.03, ids=False):
    g = RawGen(seed, unsupported_rate, ids)
    g.program()
    return "\n".join(g.out) + "\n", g.injected


def stdout_mode(seed):
    """the session's "stdout" for a program (both, at random): the script's PYTHONUNBUFFERED"""
    return "pipe" if random.Random(seed * 7 + 3).random() < 0.4 else "unbuffered"


END = "@@END\n"
# an address as id() prints it (and a repr's 0x... as an int): 64-bit Linux's heap and mappings, and heapd's
# simulated ones, are 14 or 15 digits, 8-aligned; big ints the programs print are 19 digits or more
ID = re.compile(r"\b(?:0x[0-9a-f]{11,12}|[0-9]{14,15})\b")


def canonical(text):
    """addresses replaced by their order of first appearance (@1, @2 ...): what the script shows of
    identity is which addresses are equal, which reuse a freed block, never the numbers"""
    seen = {}

    def label(m):
        t = m.group(0)
        v = int(t, 16) if t.startswith("0x") else int(t)
        if v % 8:
            return t
        return "@%d" % seen.setdefault(v, len(seen) + 1)
    return ID.sub(label, text)


# ----------------------------------------------------------------------------
# the two sides

def statements_script(source):
    """each top-level statement compiled alone, at its own lines, run in the module's namespace"""
    tree = ast.parse(source)
    out = []
    for st in tree.body:
        # the statement alone: `a; b` on one line is two statements
        padded = "\n" * (st.lineno - 1) + ast.get_source_segment(source, st) + "\n"
        # exec() of the string, as GET .../script writes it: the statement's AST lives while it runs
        out.append("exec(%r)\n" % padded)
    return "".join(out)


TB_LINE = re.compile(r'^  File "([^"]*)", line (\d+)')


def run_script(python, source, mode, timeout=60, stdout="unbuffered", plain=False):
    """-> {"stdout", "error": [type, msg] or None, "line", "gc": [[gen, explicit]...] (None when plain)}
    plain (--ids): the script alone, as the judge runs it, without the recording sitecustomize (whose
    own import changes the heap the script starts with); module teardown prints after the program"""
    os.makedirs(SCRATCH, exist_ok=True)
    site = os.path.join(SCRATCH, "site")
    os.makedirs(site, exist_ok=True)
    with open(os.path.join(site, "sitecustomize.py"), "w") as f:
        f.write(SITECUSTOMIZE)
    path = os.path.join(SCRATCH, "prog.py")
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(source if mode == "module" else statements_script(source))
    env = E.judge_env(PYTHONPATH=None if plain else site,
                      PYTHONUNBUFFERED=None if stdout == "pipe" else "1")
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONSTARTUP", None)
    try:
        p = subprocess.run([python, path], capture_output=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError("CPython timed out")
    out = p.stdout.decode("utf-8", "backslashreplace")
    err = p.stderr.decode("utf-8", "backslashreplace")
    warned = "SyntaxWarning: " in err
    gclog = None
    if plain:
        # the uncaught exception's traceback: the first not announced by "Exception ignored" (a __del__'s
        # or a callback's, during the run or at teardown)
        lines = err.split("\n")
        k = next((i for i, ln in enumerate(lines) if ln == "Traceback (most recent call last):" and
                  not (i and lines[i - 1].startswith("Exception ignored"))), -1)
        err = "\n@@HRAWEXC\n" + "\n".join(lines[k:]) if k >= 0 else ""
    else:
        m = re.search(r"\n@@HRAWGC (.*)\n", err)
        if not m:
            raise RuntimeError("CPython did not reach exit: rc %s %s" % (p.returncode, err[-800:]))
        gclog = ast.literal_eval(m.group(1))
        err = err[:m.start()]
    error, line = None, None
    k = err.rfind("\n@@HRAWEXC\n")
    if k >= 0:
        tb = err[k:].splitlines()
        # a finalizer the exception's traceback kept alive runs once the traceback is printed
        # (an __init__ that raised: its frame holds self): its unraisable report comes after
        tb = tb[:next((i for i, ln in enumerate(tb) if ln.startswith("Exception ignored")), len(tb))]
        # the statement's line: the module's frame (statements mode: the frame exec() runs)
        lines = [int(mm.group(2)) for mm in map(TB_LINE.match, tb) if mm and mm.group(1) in (path, "<string>")]
        skip = 0 if mode == "module" else 1
        line = lines[skip] if len(lines) > skip else None
        last = [ln for ln in tb if ln and not ln.startswith(" ")][-1]
        typ, _, msg = last.partition(": ")
        # the traceback's suggestions are print_exception()'s, not the exception's message
        msg = re.sub(r"\. (Did you mean: .*\?|Did you forget to import '\w+'\?)$", "", msg)
        error = [typ.rsplit(".", 1)[-1], ADDR.sub("0x?", msg)]
    return {"stdout": out, "error": error, "line": line, "gc": gclog, "warned": warned,
            "unraisable": "Exception ignored in" in p.stderr.decode("utf-8", "replace")}


def run_heapd(srv, version, source, mode, stdout="unbuffered"):
    """-> {"status", "stdout", "error", "line", "gc"}"""
    status, b = srv.request("POST", "/v1/sessions", {"python": version, "stdout": stdout})
    if status != 201:
        raise RuntimeError("session: %s %s" % (status, b))
    sid = b["session"]
    try:
        status, b = srv.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source, "mode": mode})
    finally:
        if srv.alive():
            srv.request("DELETE", "/v1/sessions/" + sid)
    if status == 200:
        events, err, line = b["events"], None, None
    elif status == 422 and b["error"]["code"] == "python_exception":
        e = b["error"]
        events, err, line = e["events"], [e["type"], ADDR.sub("0x?", e["message"])], e.get("line")
    else:
        code = b["error"]["code"] if isinstance(b, dict) and "error" in b else "?"
        return {"status": code, "http": status, "raw": b}
    text = "".join(ev.get("text", "") for ev in events if ev.get("event") == "print")
    gcl = [ev.get("generation") for ev in events if ev.get("event") == "gc_start"]
    return {"status": "ok", "stdout": text, "error": err, "line": line, "gc": gcl, "events": events}


def same_text(version, a, b):
    """printed text equal once addresses are masked, line by line; a line whose only difference is the
    order of address-hashed elements (a set of instances, None's hash on 3.10/3.11) counts as equal"""
    a, b = ADDR.sub("0x?", a).split("\n"), ADDR.sub("0x?", b).split("\n")
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x != y and not (sorted(x) == sorted(y) and (" at 0x?" in x or "<class '" in x or
                                                       (version in ("3.10", "3.11") and "None" in x))):
            return False
    return True


def judge(srv, python, version, source, mode, stdout="unbuffered", ids=False):
    """-> (verdict, detail); ids (--ids): the script is run plain (run_script()), its output up to the
    program's END line compared once canonical(), all of it when an exception ended it before (heapd's
    then a prefix of CPython's, which goes on with module teardown's)"""
    if ids and mode == "statements":  # README: compiling each statement moves CPython's count
        source = re.sub(r"\bgc\.get_count\(\)", "'count'", source)
    hd = run_heapd(srv, version, source, mode, stdout)
    # whether the source compiles is compile()'s say, in both modes (the whole source is parsed first):
    # a SyntaxError of every field, unsupported only for valid Python, nothing run for invalid Python
    cerr = compiled(python, source)
    if hd["status"] == "syntax_error":
        e = hd["raw"]["error"]
        got = {k: e.get(k) for k in ("type", "message", "lineno", "offset", "end_lineno", "end_offset")}
        return ("invalid", None) if got == cerr else ("mismatch", [("syntax_error", cerr, got)])
    if cerr is not None and cerr["type"] != "RecursionError":
        construct = str(hd.get("raw", {}).get("error", {}).get("construct")) if hd["status"] != "ok" else ""
        if "\\N{" in construct or "NFKC" in construct or "coding" in construct:
            return "unsupported", construct  # README: found by the tokenizer, before CPython's error
        return "mismatch", [("syntax_error", cerr, hd["status"])]
    if hd["status"] == "unsupported":
        return "unsupported", hd["raw"]["error"].get("construct")
    if hd["status"] != "ok":
        return "refused", hd["raw"]
    py = run_script(python, source, mode, stdout=stdout, plain=ids)
    if py["warned"]:
        return "skip", "a SyntaxWarning: the warnings machinery's garbage (README)"
    if ids and py["unraisable"]:
        # README: sys.unraisablehook's report (the traceback, its formatting) allocates what heapd
        # does not follow: the counts and blocks after it are CPython's own
        return "skip", "an unraisable exception's report"
    if ids:
        hd["stdout"] = canonical(hd["stdout"])
        py["stdout"] = ids_text(py["stdout"], hd["stdout"])
    else:
        auto = [g for g, explicit in py["gc"] if not explicit]
        if auto:
            return "skip", "CPython collected on its own"
        if [g for g, _ in py["gc"]] != hd["gc"]:
            return "mismatch", [("collections", py["gc"], hd["gc"])]
    mm = []
    if py["error"] != hd["error"]:
        mm.append(("error", py["error"], hd["error"]))
    elif py["error"] and py["line"] != hd["line"]:
        if hd["line"] in statement_lines(source, py["line"]):
            # README's deviation: heapd's line is the statement's first, CPython's the instruction's
            return "skip", "the exception's line within a statement of several lines"
        mm.append(("error.line", py["line"], hd["line"]))
    if not same_text(version, py["stdout"], hd["stdout"]):
        mm.append(("stdout", py["stdout"], hd["stdout"]))
    if not mm:
        return "pass", None
    if version in ("3.10", "3.12") and "weakref" in source and re.search(r"set_threshold\((?!0[,)])", source):
        # README's deviation: whether the import's own allocations pass a threshold other than the
        # default one (and collect types.py's dead class) depends on the interpreter's own count
        return "skip", "import weakref with a threshold of its own"
    py2 = run_script(python, source, mode, stdout=stdout, plain=ids)
    if ids:
        py2["stdout"] = ids_text(py2["stdout"], hd["stdout"])
    if ADDR.sub("", py2["stdout"]) != ADDR.sub("", py["stdout"]) or py2["error"] != py["error"]:
        return "skip", "CPython's output differs between two runs"
    if not ids and [m[0] for m in mm] == ["stdout"]:
        # the judge runs the script alone: the recording sitecustomize's own imports hold
        # interpreter-shared objects (True, None, small ints: a ModuleSpec's flags...), so a
        # mutated getrefcount() of one counts them too; CPython without it agrees with heapd
        alone = run_script(python, source, mode, stdout=stdout, plain=True)
        lines = hd["stdout"].split("\n")
        if same_text(version, "\n".join(alone["stdout"].split("\n")[:len(lines)]), hd["stdout"]):
            return "skip", "the recording sitecustomize moves a shared object's count (CPython alone agrees)"
    return "mismatch", mm


def ids_text(py, hd):
    """(--ids) what CPython printed, canonical() (hd: heapd's, canonical), cut at the program's END line
    (module teardown prints after it); without one (an exception ended the program), as long as heapd's"""
    py = canonical(py)
    k = py.find(END)
    return py[:k + len(END)] if k >= 0 else py[:len(hd)] if END not in hd else py


def statement_lines(source, line):
    """the first line of the top-level statement spanning line, as a set (empty when none does)"""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    return {st.lineno for st in body if line is not None and st.lineno < line <= st.end_lineno}


def first_diff(a, b):
    a, b = ADDR.sub("0x?", a).split("\n"), ADDR.sub("0x?", b).split("\n")
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d: cpython %r heapd %r" % (i + 1, x[:300], y[:300])
    return "lengths %d vs %d lines" % (len(a), len(b))


def describe(mm):
    out = []
    for where, a, b in mm:
        if where == "stdout":
            out.append("stdout " + first_diff(a, b))
        else:
            out.append("%s: cpython %r heapd %r" % (where, a, b))
    return "; ".join(out)


def minimise(srv, python, version, source, mode, kind, deadline, stdout="unbuffered", ids=False):
    try:
        stmts = [ast.get_source_segment(source, st) for st in ast.parse(source).body]
    except (SyntaxError, MemoryError, RecursionError, ValueError):
        return source  # (h53: nested past this interpreter's parser) kept whole
    head, tail = [], []
    if ids:  # the count reset before, the END line after: kept (judge() needs them)
        k = stmts.index("gc.collect()") + 1 if "gc.collect()" in stmts else 0
        head, stmts = stmts[:k], stmts[k:]
        if stmts and stmts[-1] == "print('@@END')":
            tail, stmts = stmts[-1:], stmts[:-1]

    def holds(items):
        src = "\n".join(head + items + tail) + "\n"
        try:
            v, d = judge(srv, python, version, src, mode, stdout, ids)
        except (RuntimeError, E.HeapdCrash):
            return False
        return v == "mismatch" and d[0][0] == kind

    import execfuzz
    items = execfuzz.ddmin(stmts, holds, deadline)
    return "\n".join(head + items + tail) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--modes", default="module,statements")
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--probe")
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--no-min", action="store_true")
    ap.add_argument("--no-record", action="store_true", help="leave rawcampaigns.jsonl as it is (make fuzzcov)")
    ap.add_argument("--ids", action="store_true",
                    help="programs that print id() and gc.get_count() too, run as plain scripts (the pattern of "
                         "addresses compared: canonical())")
    ap.add_argument("--stdout", choices=("unbuffered", "pipe"),
                    help="every session's stdout (default: each program's own, stdout_mode())")
    ap.add_argument("--syntax", type=float, default=0.15,
                    help="the share of programs mutate() changes (mostly into SyntaxErrors: every field vs compile())")
    args = ap.parse_args()
    versions = args.versions.split(",")
    modes = args.modes.split(",")
    srv = E.server(asan=args.asan, name="rawfuzz-heapd-%d" % os.getpid())
    try:
        if args.probe:
            src = open(args.probe).read()
            for v in versions:
                for m in modes:
                    out = args.stdout or "unbuffered"
                    py = run_script(E.find_python(v), src, m, stdout=out, plain=args.ids)
                    hd = run_heapd(srv, v, src, m, out)
                    print("==", v, m, out, "judge:", judge(srv, E.find_python(v), v, src, m, out, args.ids)[0])
                    print("-- cpython:", py["error"], py["line"], py["gc"])
                    print(py["stdout"], end="")
                    print("-- heapd:", hd.get("status"), hd.get("error"), hd.get("line"), hd.get("gc"),
                          hd.get("raw", {}).get("error") if hd["status"] != "ok" else "")
                    print(hd.get("stdout", ""), end="")
            return 0
        os.makedirs(args.out, exist_ok=True)
        totals = {}
        for v in versions:
            python = E.find_python(v)
            cnt = collections.Counter()
            end = time.time() + args.seconds
            seed = args.seed * 1000003
            while time.time() < end:
                seed += 1
                src, injected = generate(seed, ids=args.ids)
                out = args.stdout or stdout_mode(seed)
                cnt["programs"] += 1
                if args.syntax and random.Random(seed).random() < args.syntax:
                    src, injected = mutate(src, random.Random(-seed)), None
                    cnt["mutated"] += 1
                for m in modes:
                    try:
                        verdict, detail = judge(srv, python, v, src, m, out, args.ids)
                    except E.HeapdCrash as e:
                        verdict, detail = "crash", str(e)
                        srv.restart() if hasattr(srv, "restart") else None
                    except RuntimeError as e:
                        verdict, detail = "cpython-error", str(e)
                    if injected and verdict not in ("unsupported", "invalid", "refused"):
                        verdict, detail = "unsupported-missed", injected
                    elif not injected and verdict == "unsupported":
                        cnt["heapd-unsupported:" + str(detail)] += 1
                    cnt[verdict] += 1
                    if verdict in ("mismatch", "crash", "unsupported-missed", "cpython-error"):
                        name = "raw%s-%s-%s-%d" % ("ids" if args.ids else "", v, m, seed)
                        print(time.strftime("%H:%M:%S"), v, m, seed, verdict,
                              describe(detail) if verdict == "mismatch" else str(detail)[:300], flush=True)
                        rec = {"version": v, "mode": m, "stdout": out, "ids": args.ids, "seed": seed,
                               "verdict": verdict, "source": src}
                        if verdict == "mismatch" and not args.no_min:
                            rec["minimised"] = minimise(srv, python, v, src, m, detail[0][0], time.time() + 60,
                                                        out, args.ids)
                            print("   minimised:\n" + rec["minimised"], flush=True)
                        with open(os.path.join(args.out, name + ".json"), "w") as f:
                            json.dump(rec, f, indent=1)
            totals[v] = dict(cnt)
            print(time.strftime("%H:%M:%S"), v, json.dumps(dict(cnt), sort_keys=True), flush=True)
            if args.no_record:
                continue
            with open(os.path.join(HERE, "rawcampaigns.jsonl"), "a") as f:
                f.write(json.dumps({"date": datetime.datetime.utcnow().isoformat(timespec="seconds"),
                                    "version": v, "seed": args.seed, "seconds": args.seconds, "asan": args.asan,
                                    "modes": modes, "ids": args.ids, "figures": dict(cnt)}, sort_keys=True) + "\n")
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
