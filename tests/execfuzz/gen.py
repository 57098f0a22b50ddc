"""Random Python programs over the whole subset POST .../exec supports
(README "The subset", api/pyexec.c), and a few constructs outside it.

    python3 gen.py SEED        prints one program

A program is a list of top-level statements (each a str, possibly several
lines); the generator keeps a model of what each name holds so that most
statements make sense (attributes of instances, items of lists and dicts,
weakrefs, weak containers), and lets some fail (a name never bound, a
module used before its import, an unhashable key, an attribute missing)."""
import random
import sys

# valid Python outside the subset: each must answer 422 unsupported and run nothing
# values a format spec applies to (format_spec()): ints small and past 64 bits, negative, bools,
# floats (negative zero, inf, nan, tiny, huge), strs (wide characters), None
FORMAT_VALUES = ["0", "7", "-7", "255", "1234567", "-1234567", "2 ** 64", "-(2 ** 63)", "10 ** 25", "True", "False",
                 "0.0", "-0.0", "1.5", "-2.25", "1e-7", "123456.789", "1e300", "1e400", "-1e400",
                 "0.1", "2.5", "'abc'", "'\u00e9t\u00e9'", "'\u20ac'", "''", "None", "65", "0x1F"]
UNSUPPORTED = [
    "for _i in range(3):\n    pass",
    "if {n}:\n    pass",
    "while False:\n    pass",
    "{n2} = [_i for _i in range(3)]",
    "{n2} = lambda: 0",
    "{n2} = {n} if {n} else {n}",
    "{n2} = {n}[1:2]",
    "{n2} *= 2",
    "{n} |= {n}",
    "{n2} = {n} + {n}",
    "{n} < {n}",
    "import os",
    "from gc import collect",
    "{n2} = *{n}, 1",
    "try:\n    pass\nexcept Exception:\n    pass",
    "with {n}:\n    pass",
    "{n2} = 1 if {n} else 2",
    "{n2} = {n}.copy(*{n})",
    "{n2} = abs(-1)",
    "print({n}.index(1))",
    "{n}.update(k=1)",
    "{n2} = 2 ** 1000",
    "{n2} = {{**{n}}}",
    "{n2}: int = 1",
    "assert {n}",
    "global {n2}",
    "{n2} = ...",
    "{n2} = 1j",
    "{n2} = 'a' < 'b'",
    "{n2} = sorted([3, 1])",
    "{n2} = [1, 2][0]",
    "class {C}(object):\n    pass",
    "class {C}:\n    x = 1",
    "def {n2}():\n    return 1",
    "@{n}\ndef {n2}(wr):\n    pass",
    "import gc as g",
    "raise ValueError('x')",
    "{n2} = weakref.proxy({n})",
    "{n2} = '\\N{{BULLET}}'",
    "async def {n2}(wr):\n    pass",
]

IDENT_ATTRS = ["x", "y", "next", "partner", "name", "data", "items", "val", "_p", "left", "right"]
STR_POOL = ["", "a", "é", "hello", "hello world", "x", "next", "abc", "data", "Node", "k", "key", "a b",
            "\u20ac", "\U0001F600", "ab" * 5, "hello_world", "__init__", "caf\u00e9", "\x00", "\t"]


# code points whose repr depends on the version's Unicode database (unassigned in some of 3.10-3.13,
# format, separator, private use, noncharacters)
UNI_CPS = [0x378, 0xd7ff, 0x870, 0x88e, 0x1fae8, 0x2ffc, 0x31ef, 0x1b4f, 0x11f00, 0x1f6dd, 0x2b739, 0x31350,
           0xe000, 0xfffd, 0xffff, 0x600, 0x61c, 0xad, 0x85, 0xa0, 0x2028, 0x1680, 0x3000, 0x10ffff, 0xe0001,
           0xfeff, 0x7f, 0x1b, 0xff, 0x100, 0x1f600, 0x10000]


class Gen:
    def __init__(self, seed, unsupported_rate=0.05):
        self.r = random.Random(seed)
        self.unsupported_rate = unsupported_rate
        self.names = {}       # name -> kind
        self.classes = {}     # name -> {"slots": [...] or None, "fin": None|"log"|"res", "weak": bool}
        self.funcs = []
        self.imported = set()
        self.out = []
        self.counter = 0
        self.resurrected = False
        self.injected = None  # the statement outside the subset, if one was put in

    # ------------------------------------------------------------- helpers
    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def fresh(self, prefix="v"):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def target_name(self):
        if self.names and self.chance(0.3):
            return self.pick(sorted(self.names))
        return self.fresh(self.pick("abcdefgpqrstuvw"))

    def mod(self, m):
        """module m, imported first most of the time (else NameError at run time, sometimes)"""
        if m not in self.imported and self.chance(0.9):
            self.out.append("import " + m)
            self.imported.add(m)
        return m

    def names_of(self, *kinds):
        return sorted(n for n, k in self.names.items() if any(k == kk or k.startswith(kk + ":") for kk in kinds))

    # ------------------------------------------------------------- values
    def int_lit(self):
        c = self.r.randrange(14)
        if c < 3:
            return str(self.r.randint(-5, 256))
        if c == 3:
            return str(self.r.randint(257, 10 ** 6))
        if c == 4:
            return str(self.r.randint(10 ** 18, 10 ** 40))
        if c == 5:
            return "-" + str(self.r.randint(1, 10 ** 20))
        if c == 6:
            return self.pick(["2 ** 10", "2**30", "2 ** 62", "2 ** 64", "1 << 40", "7 // 2", "-7 // 2", "10 % 3",
                              "-10 % 3", "~5", "2 ** 64", "+3", "-(-5)", "3 * 4", "1 + 2", "100 - 300", "6 & 3", "6 | 3",
                              "6 ^ 3", "1 >> 3", "-1 >> 100", "10 ** 20", "True + True", "-True",
                              "256 + 1", "-6 + 1", "(2 ** 64) * 3", "1_000_000", "0"])
        if c == 7:
            return self.pick(["0x1F", "0o17", "0b101", "0xFFFFFFFFFFFFFFFFFFFF", "00", "1_0", "0_0", "0X_fF", "0b0_1",
                              "-0x8000000000000000", "0o7_7", "0x" + "f" * 3500, "1" + "0" * 4299, "9" * 4301,
                              "-" + "1_" * 4301 + "1", "0" * 40])
        if c == 8:
            return str(self.r.randint(-300, 300))
        if c == 9 and self.chance(0.5):
            return self.big_fold()
        return str(self.r.randint(0, 1000))

    def big_int_operand(self):
        """an int of 0 to 130 bits as a literal or a folded power or shift (ast_opt.c's
        MAX_INT_SIZE is 128 bits: around it CPython folds or leaves it to run time)"""
        c = self.r.randrange(4)
        if c == 0:
            v = self.r.getrandbits(self.r.randint(1, 130))
            return ("-%d" if self.chance(0.3) else "%d") % v
        if c == 1:
            return "2 ** %d" % self.r.randint(0, 66)
        if c == 2:
            return "%s(1 << %d)" % (self.pick(["", "-"]), self.r.randint(60, 128))
        return str(self.r.randint(-9, 9))

    def big_fold(self):
        """an int operation of operands past 64 bits that the compiler folds (or not:
        then heapd answers unsupported), every operator of fold_int()"""
        op = self.pick(["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>", "/", "**"])
        a, b = self.big_int_operand(), self.big_int_operand()
        if op in ("<<", ">>", "**"):
            b = str(self.r.randint(0, 130) if op != "**" else self.r.randint(-2, 3))
        return "(%s) %s (%s)" % (a, op, b)

    def float_lit(self):
        return self.pick(["1.5", "-0.0", "0.0", "1e300", "1e-5", "3.14", "2.0 ** 0.5", "1 / 3", "1e309", "-1e309",
                          "2 ** -1", "0.1 + 0.2", "7 / 2", "7.0 // 2", "-7.5 % 2", "1.0", "1_0.5", ".5", "5.",
                          "float_is_not_a_name" if False else "2.5 * 2", "10 ** -2", "-(1.5)"])

    def str_lit(self):
        c = self.r.randrange(12)
        if c < 5:
            return repr(self.pick(STR_POOL))
        if c == 5:
            return self.pick(["'a' * 100", "'ab' * 3", "'x' * 0", "'-' * 4096", "'hello' + ' ' + 'world'",
                              "'a' 'b'", "\"hel\" 'lo'", "'é' * 3", "3 * 'z'"])
        if c == 6:
            return self.pick(["r'\\n'", "u'x'", "R'a\\b'", "'''tri\nple'''", '"""doc"""', "'\\t\\n\\x00'",
                              "'\\u00e9'", "'\\U0001F600'", "'\\x41\\102'", "'\\\\'", "'it\\'s'", "'\\N'" if False
                              else "'\\a\\b\\f\\v'", "Rb'x'" if False else "rb'x'.decode()" if False else "'\\0'"])
        if c == 7:
            return repr(self.pick(IDENT_ATTRS))
        if c == 8:  # code points of every plane: repr() then escapes what the version cannot print
            cps = [self.pick(UNI_CPS) if self.chance(0.5) else self.r.choice(
                [self.r.randint(0x80, 0xd7ff), self.r.randint(0xe000, 0x10ffff)]) for _ in range(self.r.randint(1, 4))]
            s = "".join(chr(c) for c in cps)
            return self.pick([repr(s), "'%s'" % "".join("\\U%08x" % c for c in cps)])
        return repr(self.pick(STR_POOL))

    def bytes_lit(self):
        return self.pick(["b''", "b'a'", "b'abc'", "b'\\x00\\xff'", "rb'\\d'", "b'ab' * 3", "b'a' + b'b'", "B'X'",
                          "b'hello world'", "b'\\n'", "br'\\x'", "b'z' * 100"])

    def scalar(self):
        c = self.r.randrange(20)
        if c < 6:
            return self.int_lit()
        if c < 8:
            return self.float_lit()
        if c < 13:
            return self.str_lit()
        if c < 15:
            return self.bytes_lit()
        return self.pick(["None", "True", "False"])

    def hashable(self, depth=0):
        c = self.r.randrange(10)
        if c < 7 or depth > 1:
            return self.scalar()
        if c < 9:
            n = self.r.randint(0, 3)
            items = [self.hashable(depth + 1) for _ in range(n)]
            return "(" + ", ".join(items) + ("," if n == 1 else "") + ")"
        if c == 9 and self.chance(0.5):
            return "frozenset({%s})" % ", ".join(self.hashable(depth + 1) for _ in range(self.r.randint(1, 3)))
        return self.ref() if self.names and self.chance(0.5) else self.scalar()

    def ref(self):
        """a reference path to something (mostly) bound"""
        if not self.names or self.chance(0.03):
            return self.pick(["nope", "undefined_" + str(self.r.randint(0, 9))])
        n = self.pick(sorted(self.names))
        return self.extend_path(n, self.names[n], self.r.randint(0, 2))

    def extend_path(self, path, kind, steps):
        for _ in range(steps):
            if kind.startswith("inst") and self.chance(0.7):
                path += "." + self.pick(IDENT_ATTRS[:6])
                kind = "?"
            elif kind == "list" and self.chance(0.6):
                path += "[%d]" % self.r.randint(-2, 2)
                kind = "?"
            elif kind in ("dict", "wvd") and self.chance(0.6):
                path += "[%s]" % repr(self.pick(["k", "key", "a", "x", "next"]))
                kind = "?"
            elif kind == "tuple" and self.chance(0.5):
                path += "[%d]" % self.r.randint(0, 2)
                kind = "?"
            elif self.chance(0.05):
                path += "." + self.pick(IDENT_ATTRS)
                kind = "?"
            else:
                break
        return path

    def value(self, depth=0):
        c = self.r.randrange(26)
        if depth > 2:
            c = self.r.randrange(12)
        if c < 9:
            return self.scalar()
        if c < 12:
            return self.ref() if self.names else self.scalar()
        if c < 14:
            n = self.r.randint(0, 4)
            items = [self.value(depth + 1) for _ in range(n)]
            if c == 13 and n and self.chance(0.3):  # folded: constants only
                items = [self.scalar() for _ in range(n)]
                return "(" + ", ".join(items) + ("," if n == 1 else "") + ") + (" + self.scalar() + ",)"
            return "(" + ", ".join(items) + ("," if n == 1 else "") + ")"
        if c < 17:
            return "[" + ", ".join(self.value(depth + 1) for _ in range(self.r.randint(0, 4))) + "]"
        if c < 19:
            return "{" + ", ".join("%s: %s" % (self.hashable(1), self.value(depth + 1))
                                   for _ in range(self.r.randint(0, 4))) + "}"
        if c == 19:
            n = self.r.randint(0, 4)
            return "{" + ", ".join(self.hashable(1) for _ in range(n)) + "}" if n else "set()"
        if c == 20:
            n = self.r.randint(0, 3)
            return "frozenset({" + ", ".join(self.hashable(1) for _ in range(n)) + "})" if n else "frozenset()"
        if c == 21:
            return "object()"
        if c in (22, 23) and self.classes:
            return self.new(self.pick(sorted(self.classes)))
        if c == 24:
            if self.chance(0.3):
                return self.big_display()
            return "weakref.%s()" % self.pick(["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"])
        if c == 25 and self.chance(0.3):
            return self.deep_display()
        return self.pick(["(1, 2) + (3,)", "(1,) * 3", "((1, 2),) * 2", "('a',) + ('b', 'c')", "()", "(((),),)"])

    def deep_display(self):
        """a display nesting around the tokenizer's 200 brackets (MAXLEVEL; one more: SyntaxError)"""
        depth = self.pick([30, 64, 65, 100, 150, 199, 200, 201])
        v = self.scalar()
        for _ in range(depth):
            v = self.pick(["[%s]", "(%s,)", "{'k': %s}", "[1, %s]"]) % v
        return v

    def big_display(self):
        """past the compiler's STACK_USE_GUIDELINE (30 items; dicts in chunks of 17 pairs), or keys
        that are equal across types (1, 1.0, True) or share a hash (-1, -2)"""
        n = self.r.randint(14, 40)
        c = self.r.randrange(5)
        if c == 0:
            return "[" + ", ".join(self.value(3) for _ in range(n)) + "]"
        if c == 1:
            return "(" + ", ".join(self.value(3) for _ in range(n)) + ")"
        if c == 2:
            return "{" + ", ".join(self.hashable(2) for _ in range(n)) + "}"
        if c == 3:
            return "{" + ", ".join("%s: %s" % (self.hashable(2) if self.chance(0.5) else repr("k%d" % i),
                                               self.value(3)) for i in range(n)) + "}"
        keys = ["1", "1.0", "True", "-1", "-2", "0", "False", "0.0", "-0.0", "2 ** 61 - 1", "2 ** 61", "-2.0"]
        if self.chance(0.5):
            return "{" + ", ".join("%s: %s" % (self.pick(keys), self.scalar()) for _ in range(self.r.randint(2, 8))) + "}"
        return "{" + ", ".join(self.pick(keys) for _ in range(self.r.randint(2, 8))) + "}"

    def kind_of(self, v):
        if v.startswith("["):
            return "list"
        if v.startswith("{") and ":" in v or v == "{}":
            return "dict"
        if v.startswith("{") or v == "set()":
            return "set"
        if v.startswith("("):
            return "tuple"
        if v.startswith("weakref.WeakValueDictionary"):
            return "wvd"
        if v.startswith("weakref.WeakKeyDictionary"):
            return "wkd"
        if v.startswith("weakref.WeakSet"):
            return "ws"
        if v.startswith("frozenset"):
            return "frozenset"
        if v == "object()":
            return "object"
        if v.endswith(")") and v.split("(")[0] in self.classes:
            return "inst:" + v[:-2]
        if v in self.names:
            return self.names[v]
        return "scalar"

    def new(self, c):
        """a call of class c: as many arguments as its __init__ takes, now and then one more or fewer"""
        n = self.classes[c].get("init") or 0
        if self.chance(0.05):
            n = max(0, n + self.pick([-1, 1]))
        return "%s(%s)" % (c, ", ".join(self.value(2) for _ in range(n)))

    def init_def(self, slots):
        """def __init__(self, ...): stores of its parameters, constants, globals and displays"""
        params = self.r.sample(["a", "b", "value", "other", "name", "id", "items"], self.r.randint(0, 3))
        lines = []
        if self.chance(0.15):  # its docstring (the function's __doc__), one the program shares, or one
            # 3.13 cleans (_PyCompile_CleanDoc(): a str of its own, merged with an equal one of the unit)
            lines.append(self.pick(["'initializer'", repr(self.pick(STR_POOL)), self.str_lit(),
                                    "'''  x y\n        z'''", "'''\tdoc\n\t  more'''"]))
        attrs = slots if slots is not None and self.chance(0.8) else IDENT_ATTRS[:7]
        attrs = [a for a in attrs if a not in ("__weakref__", "__dict__")] or ["x"]
        for _ in range(self.r.randint(0 if params else 1, 4)):
            c = self.r.randrange(8)
            if c < 3 and params:
                v = self.pick(params)
            elif c < 5:
                v = self.scalar()
            elif c == 5:
                v = self.pick(["[]", "{}", "()", "[1000, 2000, 3000]", "(1.5, 'q r')", "{'k': 1}", "set()"] +
                              (["[%s]" % self.pick(params), "(%s, %s)" % (self.pick(params), self.pick(params))]
                               if params else []))
            elif c == 6 and self.names and self.chance(0.5):
                v = self.pick(sorted(n for n in self.names if n not in ("gc", "sys", "weakref")) or ["None"])
            else:
                v = "self"
            if self.chance(0.1):  # a load of an attribute (co_names: 3.13's __static_attributes__)
                v = "self." + self.pick(attrs)
            target = "self." + self.pick(attrs)
            if self.chance(0.1):
                target += " = self." + self.pick(attrs)
            if self.chance(0.1):  # an item of an attribute: LOAD_ATTR in the target
                item = self.pick(attrs)
                lines.append("self.%s = %s" % (item, self.pick(["{}", "[0, 1]"])))
                target = "self.%s[%s]" % (item, self.pick(["'k'", "0", "1"]))
            lines.append("%s = %s" % (target, v))
        if self.chance(0.2) and lines:
            return "def __init__(%s): %s" % (", ".join(["self"] + params), "; ".join(lines)), len(params)
        return "def __init__(%s):\n%s" % (", ".join(["self"] + params),
                                          "\n".join("        " + ln for ln in lines or ["pass"])), len(params)

    # ------------------------------------------------------------- statements
    def s_class(self):
        name = self.fresh("C")
        body = []
        slots = None
        fin = None
        if self.chance(0.3):
            # the docstring: its own text, or one the program's other constants share (module mode: one
            # object, held by the class's __dict__ and the class body's code too)
            body.append(repr(self.pick(["A node.", "doc", "", "é"] + STR_POOL)) if self.chance(0.6) else
                        self.pick(["'''  x y\n    z'''", "'x y\\nz'"]) if self.chance(0.2) else self.str_lit())
        if self.chance(0.25):
            slots = self.r.sample(["x", "y", "next", "partner", "__weakref__", "__dict__", "val"], self.r.randint(0, 3))
            form = self.r.randrange(3)
            if form == 0 or len(slots) != 1:
                body.append("__slots__ = (%s%s)" % (", ".join(repr(s) for s in slots), "," if len(slots) == 1 else ""))
            elif form == 1:
                body.append("__slots__ = [%s]" % ", ".join(repr(s) for s in slots))
            else:
                body.append("__slots__ = %r" % slots[0])
        if self.chance(0.55):
            fin = "res" if self.chance(0.3) else "log"
            lines = []
            if self.chance(0.2):
                lines.append("'finalizer'")
            if self.chance(0.85):
                args = [self.pick(["'del %s'" % name, "%s" % self.r.randint(0, 300), "None", "True", "'x'",
                                   "'é'", "12345678901234567890"]) for _ in range(self.r.randint(0, 3))]
                kw = []
                if self.chance(0.3):
                    kw.append("sep=%s" % self.pick(["''", "'-'", "None", "', '"]))
                if self.chance(0.3):
                    kw.append("end=%s" % self.pick(["''", "'!\\n'", "None", "' '"]))
                lines.append("print(%s)" % ", ".join(args + kw))
            if fin == "res":
                lines.append("_resurrected.append(self)")
                if not self.resurrected and self.chance(0.9):
                    self.out.append("_resurrected = []")
                    self.names["_resurrected"] = "list"
                    self.resurrected = True
            if not lines:
                lines.append("pass")
            body.append("def __del__(self):\n" + "\n".join("        " + ln for ln in lines))
        init = None
        if self.chance(0.45):  # after the docstring, which must come first
            text, init = self.init_def(slots)
            doc = bool(body) and body[0][:1] in "'\""
            body.insert(self.r.randint(1 if doc else 0, len(body)), text)
        if not body:
            body.append("pass")
        if self.chance(0.1):
            body.append("pass")
        self.classes[name] = {"slots": slots, "fin": fin, "init": init}
        self.names[name] = "class"
        return "class %s:\n%s" % (name, "\n".join("    " + b for b in body))

    def s_def(self):
        name = self.fresh("cb")
        param = self.pick(["wr", "ref", "w"])
        lines = []
        if self.chance(0.2):
            lines.append("'callback'")
        if self.chance(0.8):
            lines.append("print(%s)" % ", ".join([repr("cb " + name)] + (["sep=''"] if self.chance(0.2) else [])))
        if not lines or self.chance(0.1):
            lines.append("pass")
        self.funcs.append(name)
        self.names[name] = "func"
        return "def %s(%s):\n%s" % (name, param, "\n".join("    " + ln for ln in lines))

    def s_assign(self):
        v = self.value()
        c = self.r.randrange(10)
        if c < 7:
            n = self.target_name()
            self.names[n] = self.kind_of(v)
            return "%s = %s" % (n, v)
        if c < 9:
            ns = [self.target_name() for _ in range(self.r.randint(2, 3))]
            for n in ns:
                self.names[n] = self.kind_of(v)
            if self.chance(0.3) and self.names_of("inst"):
                ns[-1] = self.pick(self.names_of("inst")) + "." + self.pick(IDENT_ATTRS[:6])
            return " = ".join(ns) + " = " + v
        # unpacking from a tuple display of as many items
        k = self.r.randint(2, 3)
        ns = [self.target_name() if self.chance(0.8) or not self.names else self.ref() for _ in range(k)]
        vals = [self.value(1) for _ in range(k)]
        for n, val in zip(ns, vals):
            if n.isidentifier():
                self.names[n] = self.kind_of(val)
        left = ", ".join(ns)
        if self.chance(0.2):
            left = "[" + left + "]"
        elif self.chance(0.2):
            left = "(" + left + ")"
        return "%s = %s" % (left, ", ".join(vals))

    def s_aug(self):
        """t += v / t -= v on a name, an attribute or an item (ints, floats, strs, lists, tuples; TypeErrors)"""
        c = self.r.randrange(10)
        if c < 6 or not self.names:
            if self.names and self.chance(0.8):
                t = self.pick(sorted(self.names))
            else:
                t = self.target_name()
                self.out.append("%s = %s" % (t, self.pick(["0", "250", "1000", "1.5", "'ab'", "'hello world'",
                                                           "[]", "[1]", "()", "(1,)", "''"])))
                self.names[t] = "scalar"
        elif c < 8 and self.names_of("inst"):
            t = self.pick(self.names_of("inst")) + "." + self.pick(IDENT_ATTRS[:6])
        elif self.names_of("list", "dict"):
            d = self.pick(self.names_of("list", "dict"))
            t = "%s[%s]" % (d, self.r.randint(-1, 2) if self.names[d] == "list" else repr(self.pick(["k", "key", "a"])))
        else:
            t = self.pick(sorted(self.names))
        v = self.pick([self.scalar(), self.value(2), "1", "-1", "'s'", "[1, 2]", "(3,)", "()", "[]"])
        return "%s %s= %s" % (t, "+" if self.chance(0.75) else "-", v)

    def s_link(self):
        insts = self.names_of("inst", "object")
        lists = self.names_of("list")
        dicts = self.names_of("dict", "wvd", "wkd")
        c = self.r.randrange(6)
        if c < 3 and (insts or self.names):
            base = self.pick(insts) if insts and self.chance(0.9) else self.ref()
            return "%s.%s = %s" % (self.extend_path(base, "?", self.r.randint(0, 1)), self.pick(IDENT_ATTRS[:7]),
                                   self.value(1))
        if c == 3 and lists:
            return "%s[%d] = %s" % (self.pick(lists), self.r.randint(-2, 3), self.value(1))
        if c == 4 and dicts:
            d = self.pick(dicts)
            key = self.hashable() if self.names[d] != "wkd" else (self.ref() if self.names else "1")
            val = self.value(1) if self.names[d] != "wvd" else (self.ref() if self.names and self.chance(0.8) else self.value(1))
            return "%s[%s] = %s" % (d, key, val)
        if self.names_of("list", "set", "ws"):
            n = self.pick(self.names_of("list", "set", "ws"))
            meth = {"list": "append", "set": "add", "ws": "add"}[self.names[n]]
            if self.chance(0.1):
                meth = self.pick(["append", "add", "discard"])
            if self.names[n] in ("set", "ws") and self.chance(0.35):
                meth = "discard"
            return "%s.%s(%s)" % (n, meth, self.value(1) if self.names[n] == "list" else self.hashable())
        return self.s_assign()

    def method_call(self):
        """a container method of the exec subset on a container (now and then on anything), with
        arguments that are right, or wrong in number or type: (source, kind of its result)"""
        conts = self.names_of("list", "dict", "set", "frozenset", "ws")
        n = self.pick(conts) if conts and self.chance(0.9) else self.ref()
        kind = self.names.get(n, "?")
        if kind == "ws":  # the WeakSet methods heapd runs (pop: a dead item's ref is skipped; KeyError when empty)
            m, args = self.pick([("pop", []), ("pop", []), ("add", [self.ref()]), ("discard", [self.ref()])])
        elif kind == "list" or (kind not in ("dict", "set", "frozenset") and self.chance(0.4)):
            m, args = self.pick([
                ("pop", []), ("pop", []), ("pop", [str(self.r.randint(-3, 3))]), ("extend", [self.value(1)]),
                ("extend", [self.pick(["[1, 2]", "()", n, "'ab'", "{1, 2}", "{'k': 1}", "b'x'"])]),
                ("insert", [str(self.r.randint(-3, 4)), self.value(1)]), ("remove", [self.value(1)]),
                ("clear", []), ("copy", []), ("reverse", []), ("append", [self.value(1)])])
        elif kind == "dict":
            k = self.hashable()
            m, args = self.pick([
                ("get", [k]), ("get", [k, self.value(1)]), ("pop", [k]), ("pop", [k, self.value(1)]),
                ("setdefault", [k]), ("setdefault", [k, self.value(1)]), ("clear", []), ("copy", []),
                ("update", [self.pick(self.names_of("dict") or ["{}"])]),
                ("update", ["{%s: %s}" % (self.hashable(1), self.value(1))]),
                ("update", ["[(%s, %s), %s]" % (self.hashable(1), self.value(1),
                                                self.pick(["('k', 2)", "['x', []]", "(1,)", "5", "'ab'"]))])])
        else:
            m, args = self.pick([
                ("pop", []), ("remove", [self.hashable()]), ("clear", []), ("copy", []), ("add", [self.hashable()]),
                ("discard", [self.hashable()]), ("update", [self.value(1)]),
                ("update", [self.pick(["[1, 2]", "'ab'", "{'k': 1}", "(3,)"]), self.pick(["{4}", "[]"])])])
        if self.chance(0.08):  # a wrong number of arguments
            args = args + [self.scalar()] if args and self.chance(0.5) else args[:-1] if args else ["1", "2"]
        result = {"copy": kind, "get": "?", "pop": "?", "setdefault": "?"}.get(m, "scalar")
        return "%s.%s(%s)" % (n, m, ", ".join(args)), result

    def s_method(self):
        call, kind = self.method_call()
        c = self.r.randrange(10)
        if c < 5:
            return call
        if c < 8:
            n = self.target_name()
            self.names[n] = kind
            return "%s = %s" % (n, call)
        if c < 9:
            return "print(%s)" % call
        return "%s %s %s" % (call, self.pick(["is", "==", "is not", "!="]), self.pick(["None", self.value(1)]))

    def s_del(self):
        c = self.r.randrange(5)
        if c < 3 and self.names:
            k = self.r.randint(1, 3)
            ns = [self.pick(sorted(self.names)) if self.chance(0.95) else "nope" for _ in range(k)]
            for n in ns:
                self.names.pop(n, None)
            return "del " + ", ".join(ns)
        if c == 3 and self.names_of("inst", "object"):
            return "del %s.%s" % (self.pick(self.names_of("inst", "object")), self.pick(IDENT_ATTRS[:6]))
        if self.names_of("list", "dict", "wvd", "wkd"):
            n = self.pick(self.names_of("list", "dict", "wvd", "wkd"))
            if self.names[n] == "list":
                return "del %s[%d]" % (n, self.r.randint(-2, 2))
            return "del %s[%s]" % (n, self.hashable() if self.names[n] != "wkd" else self.ref())
        return "del %s" % (self.pick(sorted(self.names)) if self.names else "nope")

    def s_weak(self):
        c = self.r.randrange(6)
        if c < 3:
            wm = self.mod("weakref")
            n = self.fresh("w")
            tgt = self.pick(self.names_of("inst", "class", "func", "set", "frozenset", "object") or [self.ref()]) \
                if self.names and self.chance(0.85) else self.value(1)
            cb = ""
            if self.chance(0.5):
                if not self.funcs or self.chance(0.2):
                    self.out.append(self.s_def())
                cb = ", " + self.pick(self.funcs) if self.chance(0.95) else ", None"
            self.names[n] = "weakref"
            return "%s = %s.ref(%s%s)" % (n, wm, tgt, cb)
        if c == 3:
            wrs = self.names_of("weakref")
            if wrs:
                return "%s()" % self.pick(wrs)
        if c == 4:
            n = self.fresh("wc")
            t = self.pick(["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"])
            self.mod("weakref")
            self.names[n] = {"WeakValueDictionary": "wvd", "WeakKeyDictionary": "wkd", "WeakSet": "ws"}[t]
            return "%s = weakref.%s()" % (n, t)
        return self.s_link()

    def s_gc(self):
        g = self.mod("gc")
        c = self.r.randrange(14)
        if c < 5:
            return self.pick(["%s.collect()", "%s.collect(0)", "%s.collect(1)", "%s.collect(2)",
                              "%s.collect(generation=1)"]) % g
        if c == 5:
            return "%s.isenabled()" % g
        if c == 6:
            return "%s.get_threshold()" % g
        if c == 7 and self.names:
            return "%s.is_tracked(%s)" % (g, self.ref() if self.chance(0.7) else self.value(1))
        if c == 8:
            return self.pick(["%s.freeze()", "%s.unfreeze()"]) % g
        if c == 9:
            return self.pick(["%s.set_debug(gc.DEBUG_SAVEALL)", "%s.set_debug(0)"]) % g
        if c == 10:
            return "%s.disable()" % g
        if c == 11:
            # automatic collections stay out of reach: thresholds 0 (none) or very high
            self.out.append("%s.set_threshold(%s)" % (g, self.pick(["0", "100000", "100000, 10, 10", "0, 5"])))
            return "%s.enable()" % g
        if c == 12:
            return "%s.get_count()" % g
        return "%s.collect()" % g

    def s_query(self):
        if not self.names:
            return self.s_assign()
        c = self.r.randrange(16)
        p = self.ref()
        # a value as the argument (sys.getsizeof([1, 2]), len('ab')): built, measured, dropped
        v = self.value(1) if self.chance(0.25) else p
        if c < 13 and self.chance(0.3):  # what it computes, assigned (n = len(a), same = a is b)
            return self.computed_to(self.query_expr(c, p, v))
        return self.query_expr(c, p, v)

    def computed_to(self, e):
        if self.chance(0.2):
            holders = self.names_of("inst")
            if holders:
                return "%s.%s = %s" % (self.pick(holders), self.pick(["size", "n", "seen"]), e)
        n = self.fresh("q")
        self.names[n] = "scalar"
        return "%s = %s" % (n, e)

    def query_expr(self, c, p, v):
        if c < 3:
            return "%s.getsizeof(%s)" % (self.mod("sys"), v)
        if c < 5:
            # a shared object's count is the sandbox's (documented): values only as new lists
            return "%s.getrefcount(%s)" % (self.mod("sys"), "[%s]" % p if v is not p else p)
        if c == 5:
            return "id(%s)" % v
        if c < 8:
            return "len(%s)" % v
        if c < 11:
            q = self.ref() if self.chance(0.7) else self.value(1)
            op = self.pick(["is", "is not", "==", "!="])
            if self.chance(0.1):
                return "not %s %s %s" % (p, self.pick(["is", "in"]), q)
            return "%s %s %s" % (p, op, q)
        if c < 13:
            coll = self.pick(self.names_of("list", "dict", "set", "tuple", "ws", "wvd", "wkd", "frozenset") or [p])
            if self.chance(0.35):  # a display or literal: the AST optimizer folds it (fold_iter)
                coll = self.value(1)
            return "%s %s %s" % (self.hashable() if self.chance(0.7) else self.ref(), self.pick(["in", "not in"]), coll)
        if c == 13:
            return p
        if c == 14:
            n = self.fresh("s")
            self.names[n] = "scalar"
            return "%s = %s.intern(%s)" % (n, self.mod("sys"), self.pick([self.str_lit(), self.str_lit(), p]))
        return self.value()

    def computed(self):
        """What an expression statement computes, as print()'s argument (never id(): it prints an address)."""
        while True:
            e = self.s_query() if self.chance(0.8) else self.pick(
                ["%s.collect()", "%s.isenabled()", "%s.get_threshold()"]) % self.mod("gc")
            # a name's count may be a shared object's (the sandbox's, documented), which the
            # comparator skips for a statement's value but not in printed text: new lists only
            if "getrefcount(" in e and "getrefcount([" not in e:
                continue
            if "=" not in e.replace("==", "").replace("!=", "") and not e.startswith("id("):
                return e

    def format_spec(self):
        """a random format spec of the mini-language, [[fill]align][sign][z][#][0][width][grouping]
        [.precision][type], each part present or not, sometimes in a wrong order or doubled
        (core/formatter.c: the int, float and str formatters and their ValueErrors)"""
        r = self.r
        parts = []
        if self.chance(0.3):
            parts.append((self.pick(["", "", "*", "0", "x", "\u00e9", " "]) if self.chance(0.5) else "") +
                         self.pick("<>^="))
        if self.chance(0.25):
            parts.append(self.pick("+- "))
        if self.chance(0.1):
            parts.append("z")
        if self.chance(0.15):
            parts.append("#")
        if self.chance(0.15):
            parts.append("0")
        if self.chance(0.4):
            parts.append(str(self.pick([0, 1, 3, 8, 12, 25, 40, r.randint(0, 60)])))
        if self.chance(0.25):
            parts.append(self.pick([",", "_", ",_", "_,"]))
        if self.chance(0.3):
            parts.append("." + self.pick(["0", "1", "2", "3", "6", "10", "17", "30", ""]))
        if self.chance(0.6):
            parts.append(self.pick("bcdeEfFgGnosxX%" + "dfgsx"))
        if self.chance(0.05) and len(parts) > 1:
            r.shuffle(parts)
        return "".join(parts)

    def fstring(self):
        """An f-string: literal pieces and replacement fields (a reference, a value, or what an
        expression statement computes; a conversion, a format spec, the '=' debug form), triple-quoted
        so a field may quote; never a backslash in a field, which 3.10 and 3.11 refuse."""
        parts = []
        for _ in range(self.r.randint(1, 4)):
            if self.chance(0.35):
                parts.append(self.pick(["x", " is ", ": ", "{{", "}}", "\u00e9", "refcount ", " "]))
                continue
            e = self.ref() if self.chance(0.5) or not self.names else \
                self.computed() if self.chance(0.4) else self.value(1)
            if "\\" in e or "'''" in e or e.endswith("'"):
                e = self.pick(sorted(self.names)) if self.names else "None"
            conv = self.pick(["", "", "", "!r", "!s", "!a"])
            spec = "" if self.chance(0.6) else ":" + self.format_spec() if self.chance(0.5) else self.pick([
                ":>8", ":<6", ":^9", ":.2f", ":,", ":x", ":08.3f", ":e", ":%", ":10", ":*^12", ":d", ":s", ":+", ":.3",
                ":#x", ":_", ":c", ":n", ":z.1f", ":=+7"])
            if spec and self.chance(0.3):  # a value of each kind the spec may apply to, bound first (a field
                # with a spec is a name or a reference path in the exec subset)
                e = self.fresh("v")
                self.out.append("%s = %s" % (e, self.pick(FORMAT_VALUES)))
                self.names[e] = "scalar"
            parts.append("{ %s %s%s%s}" % (e, "=" if self.chance(0.1) else "", conv, spec))
        return "f'''%s'''" % "".join(parts)

    def s_fstring(self):
        if self.chance(0.5):
            return "print(%s)" % self.fstring()
        e = self.fstring()
        n = self.fresh("f")
        self.names[n] = "scalar"
        return "%s = %s" % (n, e)

    def s_print(self):
        args = [self.value(1) if self.chance(0.6) or not self.names else
                self.fstring() if self.chance(0.25) else
                self.computed() if self.chance(0.35) else self.ref()
                for _ in range(self.r.randint(0, 3))]
        if self.chance(0.3):
            args.append("sep=%s" % self.pick(["''", "'-'", "None", "', '", "'\\n'"]))
        if self.chance(0.3):
            args.append("end=%s" % self.pick(["''", "'!\\n'", "None", "' '"]))
        return "print(%s)" % ", ".join(args)

    def s_call(self):
        if self.classes and self.chance(0.7):
            return self.new(self.pick(sorted(self.classes)))
        return self.s_query()

    # ------------------------------------------------------------- scenarios (several statements)
    def a_class(self):
        if not self.classes or self.chance(0.3):
            self.out.append(self.s_class())
        return self.pick(sorted(self.classes))

    def s_cycle(self):
        """instances (or containers) referring to each other, dropped, then collected"""
        g = self.mod("gc")
        k = self.r.randint(1, 3)
        ns = [self.fresh("n") for _ in range(k)]
        for n in ns:
            if self.chance(0.8):
                c = self.a_class()
                self.out.append("%s = %s" % (n, self.new(c)))
                self.names[n] = "inst:" + c
            else:
                self.out.append("%s = %s" % (n, self.pick(["[]", "{}"])))
                self.names[n] = "list" if self.out[-1].endswith("[]") else "dict"
        for i, n in enumerate(ns):
            other = ns[(i + 1) % k]
            kind = self.names[n]
            if kind == "list":
                self.out.append("%s.append(%s)" % (n, other))
            elif kind == "dict":
                self.out.append("%s[%r] = %s" % (n, self.pick(["k", "next", "a b"]), other))
            else:
                self.out.append("%s.%s = %s" % (n, self.pick(["partner", "next", "x"]), other))
        if self.chance(0.5):
            w = self.fresh("w")
            self.mod("weakref")
            if not self.funcs or self.chance(0.3):
                self.out.append(self.s_def())
            self.out.append("%s = weakref.ref(%s%s)" % (w, self.pick(ns), ", " + self.pick(self.funcs)
                                                         if self.chance(0.7) else ""))
            self.names[w] = "weakref"
        if self.chance(0.2):
            self.out.append("%s.set_debug(%s.DEBUG_SAVEALL)" % (g, g))
        if self.chance(0.15):
            self.out.append("%s.freeze()" % g)
        gone = self.r.sample(ns, self.r.randint(1, k))
        self.out.append("del " + ", ".join(gone))
        for n in gone:
            self.names.pop(n, None)
        if self.chance(0.2):
            return "%s.collect(%d)" % (g, self.r.randint(0, 2))
        return "%s.collect()" % g

    def s_resurrect(self):
        """an instance whose __del__ keeps it, dropped; what _resurrected holds"""
        cands = [c for c, d in self.classes.items() if d["fin"] == "res"]
        if not cands or self.chance(0.3):
            while True:
                stmt = self.s_class()
                c = stmt.split()[1].rstrip(":")
                self.out.append(stmt)
                if self.classes[c]["fin"] == "res":
                    break
            cands = [c]
        c = self.pick(cands)
        n = self.fresh("z")
        self.out.append("%s = %s" % (n, self.new(c)))
        if self.chance(0.4):
            self.out.append("%s.me = %s" % (n, n))
        self.out.append("del %s" % n)
        if self.chance(0.5):
            self.out.append("%s.collect()" % self.mod("gc"))
        return self.pick(["len(_resurrected)", "_resurrected", "_resurrected[-1]", "del _resurrected[0]",
                          "%s.getrefcount(_resurrected[0])" % self.mod("sys"), "print(_resurrected)"])

    def s_weakcont(self):
        """instances in a weak container, then dropped"""
        t = self.pick(["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"])
        self.mod("weakref")
        wc = self.fresh("wc")
        self.out.append("%s = weakref.%s()" % (wc, t))
        self.names[wc] = {"WeakValueDictionary": "wvd", "WeakKeyDictionary": "wkd", "WeakSet": "ws"}[t]
        objs = []
        for _ in range(self.r.randint(1, 3)):
            c = self.a_class()
            o = self.fresh("o")
            self.out.append("%s = %s" % (o, self.new(c)))
            self.names[o] = "inst:" + c
            objs.append(o)
            if t == "WeakValueDictionary":
                self.out.append("%s[%r] = %s" % (wc, self.pick(["k", "key", "a", "x"]), o))
            elif t == "WeakKeyDictionary":
                self.out.append("%s[%s] = %s" % (wc, o, self.value(1)))
            else:
                self.out.append("%s.add(%s)" % (wc, o))
        gone = self.pick(objs)
        self.out.append("del %s" % gone)
        self.names.pop(gone, None)
        return self.pick(["len(%s)" % wc, "%s in %s" % (self.pick(objs), wc), "%s.collect()" % self.mod("gc")])

    def s_odd_receiver(self):
        """every statement form on the receivers the others rarely use (gaps-2026-12-05-helper73.md):
        classes (their attributes, read through instances too), slotted instances (unset slots,
        missing attributes), weakrefs, weak containers, functions, object(); attribute, item,
        `+=`/`-=`, del, len, `in`, method calls, f-string fields with format specs"""
        odd = self.names_of("class", "weakref", "wvd", "wkd", "ws", "func", "object", "inst")
        if not odd or self.chance(0.15):
            return self.pick([self.s_class, self.s_weak, lambda: self.s_weakcont() if self.names else self.s_class()])()
        n = self.pick(odd)
        kind = self.names[n]
        a = self.pick(IDENT_ATTRS[:6] + ["x", "x", "n"])
        if kind == "class" and self.chance(0.3):  # a class attribute, read or rebound through an instance
            inst = self.fresh("i")
            self.out.append("%s.%s = %s" % (n, a, self.pick(["0", "[]", "'s'", "(1,)", self.value(1)])))
            self.out.append("%s = %s" % (inst, self.new(n) if n in self.classes else n + "()"))
            self.names[inst] = "inst:" + n
            return self.pick(["%s.%s += %s" % (inst, a, self.pick(["1", "[2]", "'t'", "(2,)"])),
                              "print(%s.%s, %s.%s)" % (inst, a, n, a), "del %s.%s" % (inst, a),
                              "%s.%s.append(%s)" % (inst, a, self.value(1)), "%s.%s is %s.%s" % (inst, a, n, a)])
        c = self.r.randrange(16)
        if c == 0:
            return "%s.%s = %s" % (n, a, self.value(1))
        if c == 1:
            return "del %s.%s" % (n, a)
        if c == 2:
            return "%s.%s %s= %s" % (n, a, self.pick("+-"), self.pick(["1", "[]", "'s'", "(1,)"]))
        if c == 3:
            return "%s %s= %s" % (n, self.pick("+-"), self.pick(["1", "[]", n, "()"]))
        if c == 4:
            return "%s[%s] = %s" % (n, self.hashable(), self.value(1))
        if c == 5:
            return "del %s[%s]" % (n, self.hashable())
        if c == 6:
            return "%s[%s]" % (n, self.pick(["0", "'k'", "-1", self.hashable()]))
        if c == 7:
            return "len(%s)" % n
        if c == 8:
            return "%s %s %s" % (self.value(1), self.pick(["in", "not in"]), n)
        if c == 9:
            return "%s.%s(%s)" % (n, self.pick(["append", "add", "discard", "pop", "copy", "clear", "get", "update",
                                                "extend", "remove", "setdefault", "insert"]),
                                  ", ".join(self.value(1) for _ in range(self.r.randint(0, 2))))
        if c == 10:
            return "print(f'{%s%s%s}')" % (n, self.pick(["", "!r", "!s", "!a"]),
                                          self.pick(["", ":", ":>10", ":s", ":x", ":" + self.format_spec()]))
        if c == 11:
            return "print(%s)" % n
        if c == 12:
            return "%s.%s" % (n, a)
        if c == 13:
            o = self.pick(odd)
            return "%s.%s = %s" % (n, a, o) if self.chance(0.5) else "%s, %s = %s, %s" % (
                "%s.%s" % (n, a), "%s.%s" % (o, a), o, n)
        if c == 14:
            return "%s %s %s" % (n, self.pick(["is", "is not", "==", "!="]), self.pick(odd))
        return "%s.getsizeof(%s)" % (self.mod("sys"), n)

    def unsupported(self):
        t = self.pick(UNSUPPORTED)
        n = self.pick(sorted(self.names)) if self.names else "q"
        return t.format(n=n, n2=self.fresh("u"), C=self.fresh("U"))

    def imports(self):
        """the program's first line: `import gc, sys, weakref`, some of them, or none"""
        if self.chance(0.85):
            mods = [m for m in ("gc", "sys", "weakref") if self.chance(0.75)]
            if mods:
                self.out.append("import " + ", ".join(mods))
                self.imported.update(mods)

    def program(self):
        self.imports()
        if self.chance(0.8):
            self.out.append("%s.disable()" % self.mod("gc"))
        n = self.r.randint(4, 40)
        weights = [("s_class", 6), ("s_def", 2), ("s_assign", 22), ("s_link", 14), ("s_del", 8), ("s_weak", 8),
                   ("s_gc", 9), ("s_query", 20), ("s_print", 5), ("s_fstring", 4), ("s_call", 4), ("s_cycle", 5),
                   ("s_resurrect", 2), ("s_weakcont", 3), ("s_method", 14), ("s_aug", 8),
                   ("s_odd_receiver", 8)]
        total = sum(w for _, w in weights)
        bad = self.chance(self.unsupported_rate)
        bad_at = self.r.randint(0, n - 1) if bad else -1
        for i in range(n):
            if i == bad_at:
                self.injected = self.unsupported()
                self.out.append(self.injected)
                continue
            self.out.append(getattr(self, self.weighted(weights, total))())
        return self.out

    def weighted(self, weights, total):
        """the name of one of the (name, weight) pairs, drawn by weight"""
        x = self.r.uniform(0, total)
        for name, w in weights:
            x -= w
            if x <= 0:
                break
        return name


def generate(seed, unsupported_rate=0.05):
    """-> (list of top-level statements, index of the unsupported one or None)"""
    g = Gen(seed, unsupported_rate)
    g.program()
    return g.out


if __name__ == "__main__":
    print("\n".join(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0, 0.5)))
