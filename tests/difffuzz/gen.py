"""Random, structure-aware operation sequences over the whole of API.md.

A sequence is a list of steps (an op dict, or {"batch": [ops]}), always
starting with {"op": "gc", "enabled": false}: automatic collections are a
documented deviation (heapd counts only the session's allocations), so they
are only ever re-enabled with thresholds no statement sequence reaches.

The generator keeps a rough model of what each name holds (kind, known
attributes / keys / length) so that most operations are meaningful, and
builds sequences from motifs: cycles created then deleted and collected,
self-referencing containers, deep chains built with batches, shared DAGs,
weak containers and their attributes, weakrefs to every kind of target,
resurrection, gc freeze/unfreeze/saveall, identity and interning of
constants, slots classes, attribute churn, failing statements followed by
more statements, and single random operations."""
import json
import keyword
import random

WEAK = ["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"]
NAMES = ["a", "b", "c", "d", "e", "x", "y", "z", "n", "m", "head", "node", "lst", "dd", "obj", "tmp", "item",
         "cache", "t", "s", "w", "w1", "w2", "wv", "wk", "ws", "k1", "p"]
ATTRS = ["x", "y", "p", "q", "next", "prev", "partner", "name", "val", "child", "left", "right", "me", "w",
         "data", "items", "k"]
def odd_key_literal(rng, key):
    """key as a quoted Python literal with escapes repr() never writes (helper-61): \\xNN, \\uNNNN,
    \\UNNNNNNNN, octal \\NNN (1-3 digits, when the next character is no octal digit), a
    backslash-newline continuation (\\ then \\n, \\r\\n or \\r: dropped), an unknown escape (\\q stays)"""
    q = rng.choice("'\"")
    out = []
    for i, ch in enumerate(key):
        c = ord(ch)
        nxt = key[i + 1] if i + 1 < len(key) else ""
        if rng.random() < 0.2:
            out.append(rng.choice(["\\\n", "\\\r\n", "\\\r"]))
        forms = ["\\u%04x" % c if c < 0x10000 else "\\U%08x" % c, "\\U%08x" % c]
        if c < 256:
            forms.append("\\x%02x" % c)
        if c < 512 and nxt not in "01234567":
            forms.append("\\%o" % c)
        if ch in "\\" + q or ord(ch) < 0x20 or ch == "\x7f":  # control characters: script.py's separators
            out.append(rng.choice(forms))
        elif rng.random() < 0.5:
            out.append(rng.choice(forms))
        else:
            out.append(ch)
    if rng.random() < 0.2:
        out.append("\\q" if "q" not in key else "\\\n")
    return q + "".join(out) + q


BUILTIN_NAMES = ["next", "len", "id", "type", "object", "print", "list", "iter", "min", "super"]
CLASS_NAMES = ["N", "P", "Node", "S", "R", "F", "W", "T", "Leaf"]
STRS = ["", "a", "x", "é", "€", "😀", "\u00ff", "\u0100", "Ω", "hello", "hello world", "a b", "partner", "abc_def",
        "日本語", "tab\tnl\n", "quote'", "both'\"", "\\", "key", "data", "None", "head", "ab€", "x1", "k",
        "a" * 40, "é" * 20, "😀x", "\x01", "name", "_pending_removals", "hello qq1", "Node", "next", "123",
        "__init__", "self", "a_very_long_identifier_like_name_0123456789", "\x00", "a\x00b",
        # lone surrogates (JSON "\ud800": a str may hold one; never a high one right before a low one, which
        # JSON reads as one character)
        "\ud800", "\udfff", "a\udc80b", "\udbff" * 3, "\udc00\ud800", "é\ud800", "😀\udc80", "\udcff" * 30]
KEY_STRS = ["k", "key", "a", "b", "name", "hello world", "é", "", "data", "x1", "p", "q", "r", "s", "t", "u",
            "\ud800"]
BYTES = ["", "a", "abc", "\\x00\\xff", "\\x80", "hello world", "x" * 40, "\\\\", "'\"", "97"]
FLOATS = [0.0, -0.0, 1.5, 0.1, 1e16, 1e-300, 2.5e22, 3.0, 1e300, -2.75, 123456.789]
SMALL_INTS = [-6, -5, -1, 0, 1, 2, 7, 97, 255, 256, 257, 1000, -257]
BIG_INTS = [2 ** 30 - 1, 2 ** 30, 2 ** 31, 2 ** 60, 2 ** 62, -(2 ** 62), 2 ** 63 - 1, -(2 ** 63),
            2 ** 63, -(2 ** 63) - 1, 2 ** 64, 2 ** 100, -(2 ** 70)]  # bare JSON integers past int64 too
# numbers whose hashes collide (hash(-1) == hash(-2), 2**61-1 is 0 mod the hash modulus, hash(0.5) == 2**60,
# hash(inf) == 314159) and JSON reals past the double range (typed float text: Python's json cannot write 1e400)
HASH_EDGE = [-2, -1, 2 ** 61 - 1, 2 ** 61, 2 ** 61 - 2, -(2 ** 61), 2 ** 60, 0.5, 314159, -314159, 1.0, True]
# ints next to integral doubles past 2**53: float == int compares them exactly (float_richcompare)
NEAR_DOUBLE = [2 ** 53, 2 ** 53 + 1, 2.0 ** 53, 2 ** 64 - 1, 2.0 ** 64, 2 ** 64, -(2 ** 63) - 1, -2.0 ** 63, 1e22, 10 ** 22, 10 ** 22 + 1]
INF_TEXTS = ["1e400", "-1e400", "1E+999", "-1.5e309", "1" + "0" * 320 + ".0", "2e308"]
TYPED_INTS = ["123456789012345678901234567890", "-123456789012345678901234567890", "256", "257", "-5", "0",
              "007", "-0042", "00", "000257", "-00", "0" * 30 + "1" + "0" * 30,
              str(2 ** 64), str(2 ** 90), "1" + "0" * 60]
SLOTS = [None, None, None, [], ["__dict__"], ["__weakref__"], ["x"], ["x", "__weakref__"], ["x", "y"],
         ["__dict__", "__weakref__"], ["p", "q", "__weakref__"], ["__x"], ["x", "__dict__"], ["name", "b", "a"],
         ["next", "val", "__weakref__"], ["data"], ["x", "__weakref__", "y", "__dict__"]]
# heapd answers 400 to these (CPython: ("x", "x") is a valid class, "é" a valid slot name; the others raise TypeError)
RARE_SLOTS = [["x", "x"], ["__weakref__", "__weakref__"], ["__dict__", "__dict__"], ["1x"], ["é"]]
# code points whose repr depends on the version's Unicode database (Py_UNICODE_ISPRINTABLE):
# unassigned in some or all of 3.10-3.13 (U+0870 and U+1FAE8 arrived in Unicode 14 / 15),
# format and separator chars, private use, noncharacters, the last code point
UNI_CPS = [0x378, 0xd7ff, 0x870, 0x88e, 0x1fae8, 0x2ffc, 0x31ef, 0x1b4f, 0x11f00, 0x1f6dd, 0x2b739, 0x31350,
           0xe000, 0xf8ff, 0xfffd, 0xfffe, 0xffff, 0x600, 0x61c, 0xad, 0x85, 0xa0, 0x2028, 0x2029, 0x1680,
           0x3000, 0x10ffff, 0xe0001, 0xe01ef, 0x1d173, 0xfeff, 0x7f, 0x1b, 0xff, 0x100, 0x1f600, 0x10000]
# bracket depths around the tokenizer's MAXLEVEL (200): a statement one deeper is a SyntaxError
NEST_DEPTHS = [30, 64, 65, 100, 150, 198, 199, 200, 201, 230]
INT64 = [2 ** 63 - 1, -(2 ** 63), 2 ** 31, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, -(2 ** 32)]
CHAIN_DEPTHS = [60, 60, 100, 200, 300, 500, 900, 990, 995, 998, 999, 1000, 1001, 1002, 1010, 1200, 1500, 2000, 3000]


def T(t, v=None, **kw):
    d = {"type": t}
    if v is not None:
        d["value"] = v
    d.update(kw)
    return d


class Model:
    """What the generator believes each name holds (approximate: operations
    may fail; a wrong belief only makes an operation fail, which is tested
    too)."""

    def __init__(self):
        self.kind = {}      # name -> kind string
        self.attrs = {}     # name -> set of attribute names (instances, weak containers)
        self.keys = {}      # name -> list of key specs (dicts, weak dicts)
        self.length = {}    # name -> approximate length (lists, tuples)
        self.classes = {}   # class name -> {"slots", "fin", "dict", "weak"}

    def bind(self, name, kind, length=None):
        self.kind[name] = kind
        self.attrs[name] = set()
        self.keys[name] = []
        if length is not None:
            self.length[name] = length
        else:
            self.length.pop(name, None)

    def unbind(self, name):
        for m in (self.kind, self.attrs, self.keys, self.length):
            m.pop(name, None)

    def names_of(self, *kinds):
        return [n for n, k in self.kind.items() if any(k == x or k.startswith(x + ":") for x in kinds)]

    def is_instance(self, name):
        return self.kind.get(name, "").startswith("inst:")

    def cls_of(self, name):
        k = self.kind.get(name, "")
        return self.classes.get(k[5:]) if k.startswith("inst:") else None


class Gen:
    def __init__(self, rng, version=None):
        self.rng = rng
        self.version = version
        self.m = Model()
        self.steps = [{"op": "gc", "enabled": False}]

    # ------------------------------------------------------------ helpers
    def r(self, p):
        return self.rng.random() < p

    def choice(self, xs):
        return self.rng.choice(xs)

    def tv(self, v):
        """A value for a `to` / `discard` / `target` field: there a JSON string is a path."""
        return T("str", v) if isinstance(v, str) else v

    def emit(self, op):
        if op["op"] == "del" and "names" in op and not op["names"]:
            return op
        self.steps.append(op)
        self.track(op)
        return op

    def emit_batch(self, ops):
        for i in range(0, len(ops), 1000):
            part = ops[i:i + 1000]
            self.steps.append({"batch": part})
            for op in part:
                self.track(op)

    def fresh_name(self):
        free = [n for n in NAMES if n not in self.m.kind]
        if free and self.r(0.6):
            return self.choice(free)
        return self.choice(NAMES)

    def any_name(self):
        names = list(self.m.kind)
        if not names or self.r(0.04):
            if self.r(0.2):  # a builtin's name: a reference path sees only the session's (API.md)
                return self.choice(BUILTIN_NAMES)
            return self.choice(NAMES)  # may be unbound: NameError
        return self.choice(names)

    def class_names(self):
        return list(self.m.classes)

    def weakrefable_classes(self):
        return [c for c, info in self.m.classes.items() if info["weak"]]

    def track(self, op):
        """Update the model after an operation (assuming it succeeds)."""
        k = op["op"]
        m = self.m
        if keyword.iskeyword(op.get("name") or "") or keyword.iskeyword(op.get("attr") or ""):
            return  # a SyntaxError: nothing bound
        if k == "class":
            slots = op.get("slots")
            ok = slots is None or (len(set(slots)) == len(slots) and "1x" not in slots)
            if ok:
                m.classes[op["name"]] = {"slots": slots, "fin": op.get("finalizer"),
                                         "dict": slots is None or "__dict__" in slots,
                                         "weak": slots is None or "__weakref__" in slots}
                m.bind(op["name"], "class")
                if op.get("finalizer") == "resurrect" and "_resurrected" not in m.kind:
                    m.bind("_resurrected", "list", 0)
        elif k == "create":
            spec = op if "type" in op else {"ref": op["ref"]} if "ref" in op and "value" not in op else op.get("value")
            kind, n = self.kind_of_spec(spec)
            m.bind(op["name"], kind, n)
            for a in (op.get("attrs") or {}):
                m.attrs[op["name"]].add(a)
        elif k == "assign":
            to = op["to"]
            if isinstance(to, str):
                src = to.split(".")[0].split("[")[0]
                if to == src and src in m.kind:
                    m.kind[op["name"]] = m.kind[src]
                    m.attrs[op["name"]] = m.attrs.get(src, set())
                    m.keys[op["name"]] = m.keys.get(src, [])
                    if src in m.length:
                        m.length[op["name"]] = m.length[src]
                else:
                    m.bind(op["name"], "unknown")
            else:
                kind, n = self.kind_of_spec(to)
                m.bind(op["name"], kind, n)
        elif k == "intern":
            m.bind(op["name"], "str")
        elif k == "weakref":
            m.bind(op["name"], "weakref")
        elif k == "del":
            for n in op.get("names") or [op.get("name")]:
                m.unbind(n)
        elif k == "link":
            f = op["from"]
            if isinstance(f, str) and f in m.kind:
                if "attr" in op:
                    m.attrs.setdefault(f, set()).add(op["attr"])
                elif "key" in op:
                    m.keys.setdefault(f, []).append(op["key"])
                elif "append" in op and f in m.length:
                    m.length[f] += 1
        elif k == "unlink":
            f = op["from"]
            if isinstance(f, str) and f in m.kind:
                if "attr" in op:
                    m.attrs.get(f, set()).discard(op["attr"])
                elif "index" in op and f in m.length:
                    m.length[f] = max(0, m.length[f] - 1)

    def kind_of_spec(self, v):
        if v is None:
            return "none", None
        if isinstance(v, bool):
            return "bool", None
        if isinstance(v, int):
            return "int", None
        if isinstance(v, float):
            return "float", None
        if isinstance(v, str):
            return "str", len(v)
        if isinstance(v, list):
            return "list", len(v)
        if "ref" in v:
            r = v["ref"]
            if isinstance(r, str) and r in self.m.kind:
                return self.m.kind[r], self.m.length.get(r)
            return "unknown", None
        t = v["type"]
        if t in ("int", "float", "str", "bytes", "object"):
            return t, (len(v.get("value", "")) if t == "str" else None)
        if t in ("list", "tuple", "set", "frozenset"):
            return t, len(v.get("value") or [])
        if t == "dict":
            return "dict", None
        if t in WEAK:
            return {"WeakValueDictionary": "wvd", "WeakKeyDictionary": "wkd", "WeakSet": "ws"}[t], None
        return "inst:" + t, None

    # ------------------------------------------------------------ values
    def scalar(self):
        k = self.rng.random()
        if k < 0.25:
            return self.choice(SMALL_INTS)
        if k < 0.32:
            return self.choice(BIG_INTS)
        if k < 0.37:
            if self.r(0.15):
                return self.choice([T("float", self.choice(INF_TEXTS)), self.choice(HASH_EDGE)])
            return T("int", self.choice(TYPED_INTS))
        if k < 0.57:
            return self.choice(STRS)
        if k < 0.6:
            return self.uni_str()
        if k < 0.68:
            return self.choice(FLOATS)
        if k < 0.72:
            return T("float", self.choice(FLOATS))
        if k < 0.82:
            return T("bytes", self.choice(BYTES))
        if k < 0.9:
            return self.choice([None, True, False])
        return T("str", self.choice(STRS))

    def uni_str(self):
        """A str of code points from every plane, some unassigned in one version's database."""
        cps = []
        for _ in range(self.rng.randint(1, 4)):
            k = self.rng.random()
            if k < 0.5:
                cps.append(self.choice(UNI_CPS))
            elif k < 0.7:
                cps.append(self.rng.choice([self.rng.randint(0x80, 0xd7ff), self.rng.randint(0xe000, 0xffff)]))
            elif k < 0.85:
                cps.append(self.rng.randint(0x10000, 0x10ffff))
            else:
                cps.append(self.rng.randint(0x20, 0x7e))
        return "".join(chr(c) for c in cps)

    def hashable(self, depth=0):
        """A value-hashed spec (set members, dict keys)."""
        k = self.rng.random()
        if k < 0.3:
            if self.r(0.2):
                return self.choice(HASH_EDGE + [T("float", self.choice(INF_TEXTS))])
            return self.choice(SMALL_INTS + BIG_INTS)
        if k < 0.55:
            return self.choice(KEY_STRS + STRS[:12])
        if k < 0.62:
            return self.choice(FLOATS)
        if k < 0.7:
            return T("bytes", self.choice(BYTES))
        if k < 0.76:
            return T("int", self.choice(TYPED_INTS))
        if k < 0.84 and depth < 2:
            return T("tuple", [self.hashable(depth + 1) for _ in range(self.rng.randint(0, 3))])
        if k < 0.9 and depth < 2:
            return T("frozenset", [self.hashable(depth + 1) for _ in range(self.rng.randint(0, 4))])
        if k < 0.95:
            return self.choice([True, False])
        if self.version in ("3.12", "3.13"):
            return None  # hash(None) is an address before 3.12: collisions order by ASLR
        return 0

    def refspec(self):
        return {"ref": self.path()}

    def value(self, depth=0, allow_inst=True):
        k = self.rng.random()
        if k < 0.3 or depth > 2:
            return self.scalar()
        if k < 0.42 and self.m.kind:
            return self.refspec()
        if k < 0.5 and allow_inst and self.m.classes:
            c = self.choice(self.class_names())
            return T(c)
        n = self.rng.randint(0, 5)
        if k < 0.6:
            return [self.value(depth + 1) for _ in range(n)]
        if k < 0.68:
            return T("tuple", [self.value(depth + 1) for _ in range(self.choice([0, 1, 1, 2, 3, n]))])
        if k < 0.74:
            return T("set", [self.hashable() for _ in range(n)])
        if k < 0.77:
            return T("frozenset", [self.hashable() for _ in range(n)])
        if k < 0.86:
            return T("dict", {kk: self.value(depth + 1) for kk in self.rng.sample(KEY_STRS, min(n, len(KEY_STRS)))})
        if k < 0.9:
            return T("dict", items=[[self.hashable(), self.value(depth + 1)] for _ in range(n)])
        if k < 0.93:
            return T("object")
        if k < 0.97:
            return T(self.choice(WEAK))
        return T("list", [self.value(depth + 1) for _ in range(n)])

    def path(self, kinds=None):
        """A reference path, mostly to something that exists."""
        m = self.m
        pool = m.names_of(*kinds) if kinds else list(m.kind)
        if not pool or self.r(0.03):
            return self.choice(NAMES)
        n = self.choice(pool)
        k = m.kind.get(n, "")
        if self.r(0.7):
            return n
        if k.startswith("inst:") or k in ("wvd", "wkd", "ws"):
            attrs = list(m.attrs.get(n, ()))
            if k in ("wvd", "wkd", "ws") and self.r(0.25):
                attrs += ["data", "_pending_removals", "_iterating", "data"]
            if attrs:
                return n + "." + self.choice(attrs)
            return n + "." + self.choice(ATTRS)
        if k == "class" and self.r(0.5):  # a slot's member descriptor (`C.x`)
            info = m.classes.get(n) or {}
            slots = [x for x in info.get("slots") or () if not x.startswith("__")]
            if slots:
                return n + "." + self.choice(slots)
        if k in ("list", "tuple", "str", "bytes"):
            ln = m.length.get(n, 2)
            return "%s[%d]" % (n, self.rng.randint(-1, max(0, ln - 1)) if ln else self.rng.randint(-1, 1))
        if k == "dict":
            keys = [kk for kk in m.keys.get(n, []) if isinstance(kk, str)]
            return "%s[%r]" % (n, self.choice(keys or KEY_STRS))
        return n

    def target(self):
        """A `to` field: a reference path (JSON string) or a value spec."""
        if self.m.kind and self.r(0.55):
            return self.path()
        v = self.value(1)
        if isinstance(v, str):
            return T("str", v)
        return v

    # ------------------------------------------------------------ classes
    def define_class(self, name=None, slots="rand", fin="rand"):
        name = name or self.choice(CLASS_NAMES)
        op = {"op": "class", "name": name}
        if slots == "rand":
            slots = self.choice(SLOTS) if self.r(0.98) else self.choice(RARE_SLOTS)
        if slots is not None:
            op["slots"] = list(slots)
        if fin == "rand":
            fin = self.choice([None, None, "log", "log", "resurrect"])
        if fin:
            op["finalizer"] = fin
        self.emit(op)
        return name

    def some_class(self, need_dict=False, need_weak=False, fin=None):
        cands = [c for c, i in self.m.classes.items()
                 if (not need_dict or i["dict"]) and (not need_weak or i["weak"]) and (fin is None or i["fin"] == fin)]
        if cands and self.r(0.85):
            return self.choice(cands)
        name = self.choice([c for c in CLASS_NAMES if c not in self.m.classes] or CLASS_NAMES)
        return self.define_class(name, slots=None if (need_dict or need_weak) and self.r(0.7) else
                                 self.choice([None, ["__dict__", "__weakref__"]]),
                                 fin=fin if fin is not None else self.choice([None, "log", "log"]))

    def new_instance(self, name=None, cls=None, attrs=None):
        name = name or self.fresh_name()
        cls = cls or self.some_class()
        op = {"op": "create", "name": name, "type": cls}
        if attrs:
            op["attrs"] = attrs
        self.emit(op)
        return name

    def attr_for(self, name):
        info = self.m.cls_of(name)
        if info and not info["dict"] and info["slots"] is not None:
            slots = [s for s in info["slots"] if s not in ("__dict__", "__weakref__")]
            if slots and self.r(0.85):
                return self.choice(slots)
        return self.choice(ATTRS)

    # ------------------------------------------------------------ motifs
    def m_cycle(self):
        k = self.rng.randint(1, 4)
        cls = self.some_class(need_dict=self.r(0.7))
        names = []
        for _ in range(k):
            n = self.fresh_name()
            while n in names:
                n = self.choice(NAMES)
            c = cls if self.r(0.7) else self.some_class()
            attrs = {"name": self.choice(STRS)} if self.r(0.3) else None
            self.new_instance(n, c, attrs)
            names.append(n)
        for i, n in enumerate(names):
            nxt = names[(i + 1) % len(names)]
            self.emit({"op": "link", "from": n, "attr": self.attr_for(n), "to": nxt})
        if self.r(0.3):
            extra = self.choice([[{"ref": names[0]}], T("dict", {"k": {"ref": names[-1]}}), T("tuple", [{"ref": names[0]}, 1]),
                                 T("set", [1, 2]), T("object"), [1, 2, 3], T(self.choice(WEAK))])
            self.emit({"op": "link", "from": self.choice(names), "attr": self.attr_for(names[0]), "to": extra})
        wrs = []
        if self.r(0.5):
            for n in self.rng.sample(names, self.rng.randint(1, len(names))):
                w = self.choice(["w", "w1", "w2", "wa", "wb", "wc"])
                self.emit({"op": "weakref", "name": w, "target": n, "callback": self.r(0.7)})
                wrs.append(w)
        if self.r(0.3):
            self.emit({"op": "collect", "generation": self.choice([0, 1])})
        if self.r(0.3):
            self.random_op()
        dels = names if self.r(0.8) else names[:-1]
        if self.r(0.5):
            self.emit({"op": "del", "names": dels})
        else:
            for n in dels:
                self.emit({"op": "del", "name": n})
        if self.r(0.85):
            self.emit({"op": "collect", "generation": self.choice([0, 1, 2, 2, 2])})
        if self.r(0.3):
            self.emit({"op": "collect"})
        for w in wrs:
            if self.r(0.5):
                self.emit({"op": "deref", "ref": w})

    def m_container_cycle(self):
        n = self.fresh_name()
        k = self.rng.random()
        if k < 0.3:
            self.emit({"op": "create", "name": n, "value": []})
            self.emit({"op": "link", "from": n, "append": True, "to": n})
        elif k < 0.55:
            self.emit({"op": "create", "name": n, "value": T("dict", {})})
            self.emit({"op": "link", "from": n, "key": self.choice(KEY_STRS), "to": n})
        elif k < 0.7:
            self.emit({"op": "create", "name": n, "value": [1, "two", T("tuple", [3])]})
            self.emit({"op": "create", "name": "t", "value": T("tuple", [{"ref": n}, 5])})
            self.emit({"op": "link", "from": n, "append": True, "to": "t"})
            self.emit({"op": "del", "name": "t"})
        elif k < 0.85:
            m2 = self.fresh_name()
            self.emit({"op": "create", "name": n, "value": []})
            self.emit({"op": "create", "name": m2, "value": [{"ref": n}]})
            self.emit({"op": "link", "from": n, "append": True, "to": m2})
            if self.r(0.5):
                self.emit({"op": "eq", "a": n, "b": m2})
            self.emit({"op": "del", "names": [m2]})
        else:
            wv = self.fresh_name()
            self.emit({"op": "create", "name": wv, "type": self.choice(WEAK)})
            self.emit({"op": "link", "from": wv, "attr": self.choice(["x", "me", "data2"]), "to": wv})
            n = wv
        if self.r(0.3):
            self.emit({"op": self.choice(["getrefcount", "sizeof", "len"]), "ref": n})
        if self.r(0.2):
            self.emit({"op": "gc", "debug": ["saveall"]})
        self.emit({"op": "del", "name": n})
        self.emit({"op": "collect", "generation": self.choice([0, 2, 2])})
        if self.r(0.3):
            self.emit({"op": "gc", "debug": []})

    def m_chain(self):
        depth = self.choice(CHAIN_DEPTHS)
        kind = self.choice(["list", "list", "tuple", "dict", "inst", "inst", "wvd", "wvd_attr", "mixed"])
        head = self.choice(["head", "a", "n", "lst"])
        ops = []
        cls = None
        if kind in ("inst", "mixed", "wvd"):
            cls = self.some_class(need_dict=True, need_weak=(kind == "wvd"),
                                  fin=self.choice([None, "log", "log"]) if kind == "inst" else None)
        if kind == "wvd":
            ops.append({"op": "create", "name": "keep", "value": []})
        ops.append({"op": "create", "name": head, "value": None if self.r(0.5) else []})
        for i in range(depth):
            if kind == "list":
                ops.append({"op": "assign", "name": head, "to": [{"ref": head}]})
            elif kind == "tuple":
                ops.append({"op": "assign", "name": head, "to": T("tuple", [{"ref": head}])})
            elif kind == "dict":
                ops.append({"op": "create", "name": head, "value": T("dict", {"next": {"ref": head}})})
            elif kind == "inst":
                ops.append({"op": "create", "name": "tmp", "type": cls, "attrs": {"next": {"ref": head}}})
                ops.append({"op": "assign", "name": head, "to": "tmp"})
            elif kind == "wvd_attr":
                ops.append({"op": "create", "name": "tmp", "type": self.choice(WEAK), "attrs": {"next": {"ref": head}}})
                ops.append({"op": "assign", "name": head, "to": "tmp"})
            elif kind == "wvd":
                # a WeakValueDictionary chain: each node is an instance kept alive by `keep`
                ops.append({"op": "create", "name": "tmp", "type": cls})
                ops.append({"op": "link", "from": "keep", "append": True, "to": "tmp"})
                ops.append({"op": "create", "name": "wtmp", "type": "WeakValueDictionary", "attrs": {"prev": {"ref": head}}})
                ops.append({"op": "link", "from": "wtmp", "key": "n", "to": "tmp"})
                ops.append({"op": "assign", "name": head, "to": "wtmp"})
            else:
                r = i % 3
                if r == 0:
                    ops.append({"op": "assign", "name": head, "to": [{"ref": head}]})
                elif r == 1:
                    ops.append({"op": "create", "name": head, "value": T("dict", {"k": {"ref": head}})})
                else:
                    ops.append({"op": "create", "name": "tmp", "type": cls, "attrs": {"p": {"ref": head}}})
                    ops.append({"op": "assign", "name": head, "to": "tmp"})
        if kind in ("inst", "wvd_attr", "wvd", "mixed"):
            ops.append({"op": "del", "name": "tmp"})
        if kind == "wvd":
            ops.append({"op": "del", "name": "wtmp"})
        self.emit_batch(ops)
        if kind == "inst":
            self.m.kind[head] = "inst:" + cls
        elif kind in ("list", "tuple", "dict"):
            self.m.kind[head] = kind
        # what to do with it
        for _ in range(self.rng.randint(1, 4)):
            k = self.rng.random()
            if k < 0.2:
                self.emit({"op": "sizeof", "ref": head, "deep": True})
            elif k < 0.35:
                # a second chain of the same shape to compare with
                other = "other"
                ops2 = []
                ops2.append({"op": "create", "name": other, "value": None})
                for i in range(depth if kind in ("list", "tuple", "dict") else 0):
                    if kind == "list":
                        ops2.append({"op": "assign", "name": other, "to": [{"ref": other}]})
                    elif kind == "tuple":
                        ops2.append({"op": "assign", "name": other, "to": T("tuple", [{"ref": other}])})
                    else:
                        ops2.append({"op": "create", "name": other, "value": T("dict", {"next": {"ref": other}})})
                if len(ops2) > 1:
                    self.emit_batch(ops2)
                    self.emit({"op": "eq", "a": head, "b": other})
                    self.emit({"op": "del", "name": other})
            elif k < 0.45:
                self.emit({"op": "eq", "a": head, "b": head})
            elif k < 0.55:
                self.emit({"op": "getrefcount", "ref": head})
            elif k < 0.65:
                self.emit({"op": "contains", "in": head, "key": self.choice([1, "k", None, [1]])})
            elif k < 0.75:
                self.emit({"op": "link", "from": self.path(), "attr": "loop", "to": head})
            elif k < 0.85:
                self.emit({"op": "weakref", "name": "w", "target": head, "callback": True})
            else:
                self.emit({"op": "assign", "name": "copy", "to": head})
        if kind == "wvd":
            if self.r(0.5):
                self.emit({"op": "del", "name": "keep"})
            else:
                self.emit({"op": "del", "name": head})
        else:
            self.emit({"op": "del", "name": head})
            self.m.unbind(head)
        if self.r(0.7):
            self.emit({"op": "collect", "generation": self.choice([0, 2, 2])})
        for n in ("copy", "keep"):
            if n in self.m.kind and self.r(0.7):
                self.emit({"op": "del", "name": n})
                if self.r(0.5):
                    self.emit({"op": "collect"})

    def m_dag(self):
        x = self.fresh_name()
        self.emit({"op": "create", "name": x, "value": self.choice([[1, 2, "hello world"], T("dict", {"k": [1.5], "name": "hello"}),
                                                                   T("tuple", [[], "abc", 2 ** 40]), "shared str value"])})
        y = self.choice([n for n in NAMES if n != x])
        self.emit({"op": "create", "name": y, "value": [{"ref": x}, {"ref": x}, T("tuple", [{"ref": x}, {"ref": x}])]})
        z = self.choice([n for n in NAMES if n not in (x, y)])
        self.emit({"op": "create", "name": z, "value": T("dict", {"a": {"ref": x}, "b": {"ref": y}, "c": [{"ref": y}]})})
        for _ in range(self.rng.randint(2, 6)):
            k = self.rng.random()
            if k < 0.4:
                self.emit({"op": "sizeof", "ref": self.choice([x, y, z, y + "[2]", z + "['c']"]), "deep": self.r(0.7)})
            elif k < 0.6:
                self.emit({"op": "getrefcount", "ref": self.choice([x, y, z, y + "[0]"])})
            elif k < 0.7:
                self.emit({"op": "is", "a": y + "[0]", "b": y + "[1]"})
            elif k < 0.8:
                self.emit({"op": "eq", "a": y, "b": z + "['c'][0]"})
            else:
                self.emit({"op": "del", "name": self.choice([x, y])})
        if self.r(0.5):
            self.emit({"op": "del", "names": [n for n in (x, y, z) if n in self.m.kind] or [x]})

    def m_weakcont(self):
        wk = self.choice(WEAK)
        c = self.fresh_name()
        self.emit({"op": "create", "name": c, "type": wk})
        cls = self.some_class(need_weak=True)
        members = []
        for _ in range(self.rng.randint(0, 4)):
            n = self.choice([x for x in NAMES if x != c])
            self.emit({"op": "create", "name": n, "type": cls if self.r(0.8) else self.some_class(need_weak=True)})
            members.append(n)
        for n in members:
            if wk == "WeakSet":
                self.emit({"op": "link", "from": c, "add": True, "to": n})
            elif wk == "WeakValueDictionary":
                self.emit({"op": "link", "from": c, "key": self.hashable(), "to": n})
            else:
                self.emit({"op": "link", "from": c, "key": {"ref": n}, "to": self.target()})
        for _ in range(self.rng.randint(1, 8)):
            k = self.rng.random()
            attr = self.choice(["data", "_pending_removals", "_iterating", "data", "x", "_remove"]) if self.r(0.3) else "x"
            if k < 0.12:
                self.emit({"op": "len", "ref": self.choice([c, c + ".data", c + "._pending_removals", c + "._iterating"])})
            elif k < 0.24:
                key = self.choice([{"ref": self.choice(members)} if members else 1, T("set", [1]), [1], 1, "k", T("dict", {}),
                                   {"ref": c}, T("tuple", [1, [2]]), None])
                self.emit({"op": "contains", "in": self.choice([c, c, c + ".data"]), "key": key})
            elif k < 0.34:
                self.emit({"op": "sizeof", "ref": self.choice([c, c + "." + attr]), "deep": self.r(0.5)})
            elif k < 0.42:
                self.emit({"op": "getrefcount", "ref": self.choice([c, c + "." + attr])})
            elif k < 0.5:
                self.emit({"op": "assign", "name": self.choice(["dd", "ws2", "tmp"]), "to": c + "." + attr})
            elif k < 0.58:
                self.emit({"op": "link", "from": c, "attr": self.choice(["x", "y", "data", "_pending_removals", "_iterating"]),
                           "to": self.target()})
            elif k < 0.64:
                self.emit({"op": "unlink", "from": c, "attr": self.choice(["x", "data", "_iterating", "_remove"])})
            elif k < 0.72 and members:
                self.emit({"op": "del", "name": self.choice(members)})
            elif k < 0.78:
                self.emit({"op": "collect", "generation": self.choice([0, 2])})
            elif k < 0.84:
                self.emit({"op": "eq", "a": c, "b": self.path()})
            elif k < 0.9:
                self.emit({"op": "weakref", "name": "w", "target": self.choice([c, c + ".data", c + "._iterating"]),
                           "callback": self.r(0.5)})
            elif k < 0.95:
                if wk == "WeakSet":
                    self.emit({"op": "unlink", "from": c, "discard": self.choice(members) if members else T("int", "5")})
                else:
                    self.emit({"op": "unlink", "from": c, "key": {"ref": self.choice(members)} if members and wk == "WeakKeyDictionary"
                               else self.hashable()})
            else:
                self.emit({"op": "link", "from": c + ".data", "key": self.hashable(), "to": self.target()})
        if self.r(0.5):
            self.emit({"op": "del", "names": [n for n in [c] + members if n in self.m.kind] or [c]})
            self.emit({"op": "collect"})

    def m_weakrefs(self):
        k = self.rng.random()
        if k < 0.25:
            c = self.some_class()
            self.emit({"op": "weakref", "name": "w1", "target": c, "callback": self.r(0.3)})
            self.emit({"op": "weakref", "name": "w2", "target": c})
            self.emit({"op": "is", "a": "w1", "b": "w2"})
            if self.r(0.5):
                self.emit({"op": "getrefcount", "ref": "w1"})
            if self.r(0.4):
                self.emit({"op": "del", "name": c})
                self.emit({"op": "collect"})
                self.emit({"op": "deref", "ref": "w1"})
        elif k < 0.45:
            t = self.new_instance(cls=self.some_class(need_weak=True))
            self.emit({"op": "weakref", "name": "w1", "target": t, "callback": self.r(0.5)})
            self.emit({"op": "weakref", "name": "w2", "target": "w1", "callback": self.r(0.5)})
            if self.r(0.5):
                self.emit({"op": "weakref", "name": "w3", "target": "w2"})
            self.emit({"op": "del", "name": self.choice([t, "w1"])})
            self.emit({"op": "deref", "ref": "w2"})
            if self.r(0.5):
                self.emit({"op": "collect"})
        elif k < 0.7:
            v = self.value(1)
            if isinstance(v, str):
                v = T("str", v)
            self.emit({"op": "weakref", "name": "w", "target": v, "callback": self.r(0.5)})
            if self.r(0.5):
                self.emit({"op": "deref", "ref": "w"})
        elif k < 0.85:
            t = self.path()
            self.emit({"op": "weakref", "name": self.choice(["w", "w1"]), "target": t, "callback": self.r(0.5)})
        else:
            c = self.some_class(need_weak=True)
            t = self.new_instance(cls=c)
            for i in range(self.rng.randint(1, 4)):
                self.emit({"op": "weakref", "name": "w%d" % i, "target": t, "callback": self.r(0.6)})
            self.emit({"op": "is", "a": "w0", "b": self.choice(["w1", "w0"])})
            self.emit({"op": "eq", "a": "w0", "b": self.choice(["w1", "w0"])})
            self.emit({"op": "del", "name": t})

    def m_resurrect(self):
        r = self.some_class(need_dict=True, fin="resurrect")
        names = []
        for _ in range(self.rng.randint(1, 3)):
            n = self.fresh_name()
            self.new_instance(n, r if self.r(0.8) else self.some_class(need_dict=True))
            names.append(n)
        if len(names) > 1 or self.r(0.5):
            for i, n in enumerate(names):
                self.emit({"op": "link", "from": n, "attr": "p", "to": names[(i + 1) % len(names)]})
        if self.r(0.5):
            self.emit({"op": "weakref", "name": "w", "target": names[0], "callback": self.r(0.7)})
        self.emit({"op": "del", "names": names})
        self.emit({"op": "collect", "generation": self.choice([0, 2, 2])})
        self.emit({"op": "len", "ref": "_resurrected"})
        if self.r(0.4):
            self.emit({"op": "deref", "ref": "w"})
        for _ in range(self.rng.randint(0, 2)):
            self.emit({"op": "unlink", "from": "_resurrected", "index": self.choice([0, -1, 0])})
        if self.r(0.3):
            self.emit({"op": "del", "name": "_resurrected"})
        self.emit({"op": "collect"})
        if self.r(0.5):
            self.emit({"op": "collect"})

    def m_gcstate(self):
        k = self.rng.random()
        if k < 0.5:
            self.m_cycle_small()
            self.emit({"op": "gc", "freeze": True})
            if self.r(0.5):
                self.m_cycle_small()
            self.emit({"op": "del", "names": [n for n in ("a", "b", "c") if n in self.m.kind] or ["a"]})
            self.emit({"op": "collect", "generation": self.choice([0, 1, 2])})
            if self.r(0.8):
                self.emit({"op": "gc", "freeze": False})
            self.emit({"op": "collect", "generation": self.choice([0, 1, 2])})
            if self.r(0.6):
                self.emit({"op": "collect"})
        elif k < 0.75:
            self.emit({"op": "gc", "debug": ["saveall"]})
            self.m_cycle_small()
            self.emit({"op": "del", "names": [n for n in ("a", "b", "c") if n in self.m.kind] or ["a"]})
            self.emit({"op": "collect", "generation": self.choice([0, 2])})
            self.emit({"op": "gc", "debug": []})
            if self.r(0.5):
                self.emit({"op": "collect"})
        else:
            # automatic collections are a documented deviation: whenever the collector may be
            # enabled, thresholds stay out of reach (or 0: never)
            self.emit(self.choice([{"op": "gc", "threshold": []}, {"op": "gc", "threshold": [1, 2, 3, 4]},
                                   {"op": "gc", "threshold": [100000]}, {"op": "gc", "threshold": [0]},
                                   {"op": "gc", "enabled": False, "threshold": [-1, 0, 0]},
                                   {"op": "gc", "enabled": True, "threshold": [0, 10, 10]},
                                   {"op": "gc", "enabled": True, "threshold": [1000000, 1000, 1000]},
                                   {"op": "gc", "debug": ["saveall"], "freeze": True},
                                   {"op": "gc", "freeze": False}, {"op": "gc"},
                                   {"op": "gc", "enabled": False, "threshold": [700, 10, 10], "debug": [], "freeze": False}]))

    def m_cycle_small(self):
        c = self.some_class(need_dict=True)
        for n in ("a", "b"):
            self.new_instance(n, c)
        self.emit({"op": "link", "from": "a", "attr": "p", "to": "b"})
        self.emit({"op": "link", "from": "b", "attr": "p", "to": "a"})

    def m_constants(self):
        v = self.choice([257, 1000, -6, 1.5, -0.0, "hello", "hello world", "é", "😀", "", "a", T("bytes", "abc"),
                         T("int", "257"), T("tuple", [1, 2]), T("tuple", []), T("tuple", ["a", 1.5]),
                         T("frozenset", [1, 2]), T("frozenset", []), T("str", "abc_def"), 2 ** 62, T("bytes", "")])
        a, b = "a", "b"
        self.emit({"op": "create", "name": a, "value": v})
        self.emit({"op": "create", "name": b, "value": v})
        self.emit({"op": "is", "a": a, "b": b})
        if self.r(0.5):
            self.emit({"op": "create", "name": "c", "value": [v, v]})
            self.emit({"op": "is", "a": "c[0]", "b": "c[1]"})
        if self.r(0.5):
            self.emit({"op": "getrefcount", "ref": a})
        if self.r(0.3):
            self.emit({"op": "intern", "name": "s", "value": self.choice(["hello world", "hello", "abc_def", "é", "", 5,
                                                                           "hello qq1", "x y"])})
            self.emit({"op": "is", "a": "s", "b": a})
            self.emit({"op": "intern", "name": "s2", "value": self.choice(["hello world", "hello", "abc_def"])})
            self.emit({"op": "is", "a": "s", "b": "s2"})
        if self.r(0.4):
            self.emit({"op": "assign", "name": "c", "to": v if not isinstance(v, str) else T("str", v)})
            self.emit({"op": "is", "a": a, "b": "c"})
        if self.r(0.3):
            self.emit({"op": "sizeof", "ref": a, "deep": self.r(0.5)})

    def m_strings_bytes(self):
        s = self.choice(STRS + ["café", "abc"])
        self.emit({"op": "create", "name": "s", "value": s})
        self.emit({"op": "create", "name": "bs", "value": T("bytes", self.choice(BYTES + ["abc", "ab"]))})
        for _ in range(self.rng.randint(1, 5)):
            k = self.rng.random()
            if k < 0.25:
                self.emit({"op": "contains", "in": self.choice(["s", "bs"]), "key": self.choice(
                    [97, "a", T("bytes", "a"), T("bytes", "bc"), 256, -1, "é", True, 98, T("str", ""), T("bytes", ""), None])})
            elif k < 0.45:
                self.emit({"op": "sizeof", "ref": self.choice(["s[0]", "bs[0]", "s[-1]", "s", "bs"])})
            elif k < 0.6:
                self.emit({"op": "is", "a": "s[0]", "b": self.choice(["s[0]", "s[-1]", "s"])})
            elif k < 0.75:
                self.emit({"op": "assign", "name": "c", "to": self.choice(["s[0]", "bs[0]", "s[1]", "bs[-1]"])})
            elif k < 0.85:
                self.emit({"op": "len", "ref": self.choice(["s", "bs", "s[0]"])})
            else:
                self.emit({"op": "getrefcount", "ref": self.choice(["s", "bs", "s[0]"])})

    def m_eq_recursion(self):
        k = self.rng.random()
        if k < 0.5:
            self.emit({"op": "create", "name": "a", "value": []})
            self.emit({"op": "link", "from": "a", "append": True, "to": "a"})
            self.emit({"op": "create", "name": "b", "value": []})
            self.emit({"op": "link", "from": "b", "append": True, "to": "b"})
            self.emit({"op": "eq", "a": "a", "b": self.choice(["b", "a"])})
            if self.r(0.5):
                self.emit({"op": "contains", "in": "a", "key": {"ref": "b"}})
        else:
            self.emit({"op": "create", "name": "d", "value": T("dict", {})})
            self.emit({"op": "link", "from": "d", "key": "k", "to": "d"})
            self.emit({"op": "create", "name": "e", "value": T("dict", {})})
            self.emit({"op": "link", "from": "e", "key": "k", "to": "e"})
            self.emit({"op": "eq", "a": "d", "b": "e"})

    def m_attrs(self):
        c = self.some_class()
        n = self.new_instance(cls=c)
        for _ in range(self.rng.randint(1, 12)):
            k = self.rng.random()
            if k < 0.45:
                self.emit({"op": "link", "from": n, "attr": self.attr_for(n) if self.r(0.7) else "a%d" % self.rng.randint(0, 40),
                           "to": self.target()})
            elif k < 0.65:
                self.emit({"op": "unlink", "from": n, "attr": self.attr_for(n)})
            elif k < 0.75:
                self.emit({"op": "sizeof", "ref": n, "deep": self.r(0.6)})
            elif k < 0.85:
                self.new_instance(self.choice(["b", "c", "tmp"]), c)
            else:
                self.emit({"op": "getrefcount", "ref": n + "." + self.attr_for(n)})
        if self.r(0.5):
            self.emit({"op": "link", "from": n, "attr": "me", "to": n})
            self.emit({"op": "del", "name": n})
            self.emit({"op": "collect"})

    def m_sets_dicts(self):
        n = self.fresh_name()
        if self.r(0.5):
            self.emit({"op": "create", "name": n, "value": T(self.choice(["set", "frozenset"]), [self.hashable() for _ in range(self.rng.randint(0, 10))])})
            for _ in range(self.rng.randint(1, 8)):
                k = self.rng.random()
                if k < 0.4:
                    self.emit({"op": "link", "from": n, "add": True, "to": self.choice([self.tv(self.hashable()), T("str", "s1"), [1], self.path()])})
                elif k < 0.6:
                    self.emit({"op": "unlink", "from": n, "discard": self.choice([self.tv(self.hashable()), T("set", [1]), [1]])})
                elif k < 0.8:
                    self.emit({"op": "contains", "in": n, "key": self.choice([self.hashable(), T("set", [1]), [1], T("dict", {})])})
                else:
                    self.emit({"op": "sizeof", "ref": n, "deep": self.r(0.5)})
        else:
            self.emit({"op": "create", "name": n, "value": self.choice([T("dict", {}), T("dict", {"a": 1, "b": [2]}),
                                                                       T("dict", items=[[1, 1], ["a", 2]])])})
            for _ in range(self.rng.randint(1, 10)):
                k = self.rng.random()
                if k < 0.45:
                    self.emit({"op": "link", "from": n, "key": self.hashable() if self.r(0.5) else self.choice(KEY_STRS),
                               "to": self.target()})
                elif k < 0.6:
                    self.emit({"op": "unlink", "from": n, "key": self.choice([self.hashable(), self.choice(KEY_STRS), [1]])})
                elif k < 0.75:
                    self.emit({"op": "sizeof", "ref": n, "deep": self.r(0.5)})
                elif k < 0.85:
                    self.emit({"op": "contains", "in": n, "key": self.choice([self.hashable(), [1], self.choice(KEY_STRS)])})
                else:
                    self.emit({"op": "len", "ref": n})

    def m_lists(self):
        n = self.fresh_name()
        self.emit({"op": "create", "name": n, "value": [self.value(1) for _ in range(self.rng.randint(0, 12))]})
        for _ in range(self.rng.randint(1, 10)):
            k = self.rng.random()
            if k < 0.35:
                self.emit({"op": "link", "from": n, "append": True, "to": self.target()})
            elif k < 0.5:
                self.emit({"op": "link", "from": n, "index": self.rng.randint(-3, 5), "to": self.target()})
            elif k < 0.7:
                self.emit({"op": "unlink", "from": n, "index": self.rng.randint(-3, 5)})
            elif k < 0.85:
                self.emit({"op": "sizeof", "ref": n})
            else:
                self.emit({"op": "getrefcount", "ref": "%s[%d]" % (n, self.rng.randint(-1, 2))})

    def m_errors(self):
        self.emit(self.choice(self.error_ops()))
        self.random_op()

    def error_ops(self):
        return [
            {"op": "del", "name": "nope"}, {"op": "del", "names": [self.any_name(), "nope"]},
            {"op": "len", "ref": self.any_name()}, {"op": "sizeof", "ref": self.any_name() + ".missing"},
            {"op": "unlink", "from": self.any_name(), "attr": "missing"},
            {"op": "link", "from": self.any_name(), "index": 99, "to": 1},
            {"op": "unlink", "from": self.any_name(), "key": [1]},
            {"op": "deref", "ref": self.any_name()}, {"op": "collect", "generation": self.choice([3, -1])},
            {"op": "intern", "name": "z", "value": self.choice([5, T("bytes", "ab"), None, [1]])},
            {"op": "link", "from": self.any_name(), "key": T("set", [1]), "to": 1},
            {"op": "contains", "in": self.any_name(), "key": T("set", [1])},
            {"op": "link", "from": self.any_name(), "add": True, "to": [1]},
            {"op": "unlink", "from": self.any_name(), "discard": [1]},
            {"op": "weakref", "name": "w", "target": self.choice([[1], 5, "s", T("tuple", []), None, T("dict", {}),
                                                                  T("bytes", "x"), T("str", "abc"), T("set", [])])},
            {"op": "create", "name": "o", "type": "object", "attrs": {"x": 1}},
            {"op": "link", "from": self.any_name(), "attr": "y", "to": 1},
            {"op": "create", "name": "x", "value": T("dict", items=[[[1], 2]])},
            {"op": "create", "name": "x", "value": T("set", [[1]])},
            {"op": "del", "names": [self.any_name()] * 2},
            {"op": "deref", "ref": self.path()},
            {"op": "link", "from": self.path(["tuple", "str", "bytes", "frozenset"]), "index": 0, "to": 1},
            {"op": "unlink", "from": self.path(["tuple", "str"]), "index": 0},
            {"op": "create", "name": self.fresh_name(), "type": self.choice(CLASS_NAMES), "attrs": {"x": 1}},
            {"op": "len", "ref": self.path(["inst", "int", "float"])},
            # keywords: the statement does not compile (SyntaxError), or None/True/False are the constants
            {"op": "create", "name": self.choice(["class", "None", "True", "if", "lambda", "yield"]), "value": self.scalar()},
            {"op": "link", "from": self.any_name(), "attr": self.choice(["if", "class", "None", "not"]), "to": 1},
            {"op": "unlink", "from": self.any_name(), "attr": self.choice(["for", "is"])},
            {"op": self.choice(["len", "getrefcount", "deref", "sizeof"]), "ref": self.choice(["None", "True", "False", "None.x", "True[0]"])},
            {"op": "is", "a": self.path(), "b": self.choice(["None", "True", "False"])},
            {"op": "create", "name": "x", "value": T(self.choice(["None", "True", "def"]))},
            {"op": "class", "name": self.choice(["def", "None", "async"])},
            {"op": "del", "names": [self.any_name(), self.choice(["None", "while", "match"])]},
        ]

    def m_class_death(self):
        c = self.some_class()
        ns = []
        for _ in range(self.rng.randint(0, 3)):
            ns.append(self.new_instance(cls=c))
        if self.r(0.4):
            self.emit({"op": "weakref", "name": "wc", "target": c, "callback": self.r(0.5)})
        if self.r(0.3):
            self.emit({"op": "getrefcount", "ref": c})
        self.emit({"op": "del", "names": [c] + [n for n in ns if self.r(0.6)]})
        self.m.classes.pop(c, None)
        self.emit({"op": "collect", "generation": self.choice([0, 1, 2, 2])})
        if self.r(0.5):
            self.emit({"op": "del", "names": [n for n in ns if n in self.m.kind] or ["nope"]})
            self.emit({"op": "collect"})

    # ------------------------------------------------------------ the rest of API.md: reads, ids, refusals, batches
    def collect(self, fn):
        """The ops fn() emits, taken out of the sequence (for a batch)."""
        saved = self.steps
        self.steps = []
        try:
            fn()
        finally:
            ops, self.steps = self.steps, saved
        out = []
        for st in ops:
            out.extend(st["batch"] if "batch" in st else [st])
        return [op for op in out if not op["op"].startswith("$")]

    def non_class_names(self):
        return [n for n, k in self.m.kind.items() if k != "class"]

    def m_inspect(self):
        """GET objects/{id}: referents in gc.get_referents order, referrers and
        the names bound, after building something with edges worth reading."""
        k = self.rng.random()
        if k < 0.2:
            self.m_cycle_small()
        elif k < 0.35:
            n = self.fresh_name()
            self.emit({"op": "create", "name": n, "value": self.choice([[], T("dict", {}), T("set", [1, "a"])])})
            self.emit(self.choice([{"op": "link", "from": n, "append": True, "to": n},
                                   {"op": "link", "from": n, "key": self.hashable(), "to": n},
                                   {"op": "link", "from": n, "add": True, "to": T("tuple", [1, "x"])}]))
        elif k < 0.5:
            n = self.fresh_name()
            self.emit({"op": "create", "name": n, "type": self.some_class(need_dict=True),
                       "attrs": {"me": {"ref": n}, self.choice(ATTRS): self.value(1)}})
        elif k < 0.6:
            self.m_dag()
        elif k < 0.7:
            c = self.fresh_name()
            self.emit({"op": "create", "name": c, "type": self.choice(WEAK)})
        elif k < 0.8:
            t = self.new_instance(cls=self.some_class(need_weak=True))
            self.emit({"op": "weakref", "name": "w", "target": t, "callback": self.r(0.5)})
        elif k < 0.92:
            # a class's and a function's referents, referrers and edges: attributes set on the class
            # (values, other classes, instances), its instances and containers holding it
            c = self.some_class()
            self.emit({"op": "link", "from": c, "attr": self.choice(ATTRS), "to": self.choice(
                [self.value(1), {"ref": self.choice(self.class_names() or [c])}, T(c), T("tuple", [{"ref": c}])])})
            if self.r(0.5):
                self.emit({"op": "create", "name": self.fresh_name(), "value": [{"ref": c}, T(c)]})
            if self.r(0.4):
                wc = self.fresh_name()
                self.emit({"op": "create", "name": wc, "type": self.choice(WEAK)})
                if self.r(0.5):
                    self.emit({"op": "link", "from": wc + "._remove", "attr": self.choice(ATTRS), "to": self.value(1)})
                self.emit({"op": "$inspect", "ref": wc + "._remove"})
            self.emit({"op": "$inspect", "ref": c})
        names = self.non_class_names()
        for _ in range(self.rng.randint(1, 3)):
            if names:
                self.emit({"op": "$inspect", "ref": self.choice(names)})

    def idref(self, name=None):
        """A reference by object id: the engine puts in the id heapd's namespace binds to name."""
        return {"$id": name or self.choice(list(self.m.kind) or NAMES)}

    def m_byid(self):
        """References written as object ids (API.md: "an integer is an object id") in every R field."""
        if not self.m.kind:
            self.emit({"op": "create", "name": self.fresh_name(), "value": self.value()})
        names = list(self.m.kind)
        for _ in range(self.rng.randint(1, 4)):
            n = self.choice(names)
            m2 = self.choice(names)
            k = self.rng.random()
            if k < 0.1:
                op = {"op": "getrefcount", "ref": self.idref(n)}
            elif k < 0.2:
                op = {"op": "sizeof", "ref": self.idref(n), "deep": self.r(0.5)}
            elif k < 0.27:
                op = {"op": "len", "ref": self.idref(n)}
            elif k < 0.37:
                op = {"op": self.choice(["is", "eq"]), "a": self.idref(n), "b": self.choice([self.idref(m2), m2, self.path()])}
            elif k < 0.45:
                op = {"op": "contains", "in": self.idref(n), "key": self.choice([self.hashable(), {"ref": self.idref(m2)}])}
            elif k < 0.55:
                op = {"op": "assign", "name": self.fresh_name(), "to": {"ref": self.idref(n)}}
            elif k < 0.62:
                op = {"op": "create", "name": self.fresh_name(), "value": [{"ref": self.idref(n)}, T("tuple", [{"ref": self.idref(m2)}])]}
            elif k < 0.72:
                op = {"op": "link", "from": self.idref(n), "attr": self.attr_for(n), "to": self.choice([{"ref": self.idref(m2)}, self.target()])}
            elif k < 0.77:
                op = {"op": "link", "from": self.idref(n), "append": True, "to": {"ref": self.idref(m2)}}
            elif k < 0.8:
                op = {"op": "link", "from": self.idref(n), "key": {"ref": self.idref(m2)}, "to": 1}
            elif k < 0.85:
                op = {"op": "unlink", "from": self.idref(n), "attr": self.attr_for(n)}
            elif k < 0.9:
                op = {"op": "weakref", "name": self.choice(["w", "w1"]), "target": {"ref": self.idref(n)}, "callback": self.r(0.5)}
            elif k < 0.94:
                op = {"op": "deref", "ref": self.idref(self.choice(self.m.names_of("weakref") or [n]))}
            elif k < 0.97:
                op = {"op": "unlink", "from": self.idref(n), "discard": {"ref": self.idref(m2)}}
            else:
                op = {"op": "id", "ref": self.idref(n)}
            self.emit(op)
            names = list(self.m.kind) or names

    BAD_PATHS = ["a.__class__", "a.__dict__", "x.__weakref__", "a..b", "a[", "a[0", "a['k]", "1a", "a.\u00e9", "\u00e9",
                 "", "a[0]x", "a.", ".a", "a[-]", "a['k'", "a[0.5]", "a b", "a[[0]]", "a.b.__init__", "a[\"k']", "a[]",
                 "a.1", "a-b", "a[0x1]"]
    BAD_VALUES = [{"type": "int", "value": "12x"}, {"type": "int", "value": ""}, {"type": "bytes", "value": "\u00e9"},
                  {"type": "bytes", "value": "\\xZZ"}, {"type": "tuple", "value": 5}, {"type": "dict", "value": [1]},
                  {"type": "dict", "items": [[1]]}, {"type": "str", "value": 5},
                  {"type": "float", "value": "x"}, {"ref": 1.5}, {"ref": []}, {"type": 5}, {},
                  {"type": "set", "value": {"a": 1}}, {"ref": "a", "x": 1}, {"type": "list", "value": [1], "zz": 2},
                  {"type": "tuple", "value": None}]

    def bad_value(self):
        k = self.rng.random()
        if k < 0.5:
            v = self.choice(self.BAD_VALUES)
        elif k < 0.75:
            v = {"ref": self.choice(self.BAD_PATHS)}
        else:
            v = {"ref": -self.rng.randint(1, 5)}
        for _ in range(self.rng.randint(0, 2)):  # somewhere deeper in a spec
            v = self.choice([[1, v], T("tuple", [v]), T("dict", {"k": v}), T("dict", items=[[1, v]]),
                             T("set", [v]), T("list", ["x", v])])
        return v

    def valid_op(self):
        return (self.collect(self.random_op) or [{"op": "collect"}])[0]

    def refused(self, op, why, expect=(400,), path=None, **extra):
        step = {"op": "$bad", "path": path or op.get("op", "create"), "expect": list(expect), "why": why}
        if op is not None:
            step["body"] = {k: v for k, v in op.items() if k != "op"}
        step.update(extra)
        return step

    def mutate(self, op):
        """-> (an invalid variant of op, why); API.md: a missing, unknown or
        mistyped field or a bad reference path is 400; a dead id is 404."""
        op = dict(op)
        k = self.rng.random()
        rfields = [f for f in ("ref", "a", "b", "from", "in") if f in op]
        vfields = [f for f in ("value", "to", "target", "discard", "key") if f in op]
        if k < 0.15:
            op[self.choice(["zz", "Name", "op2", "", "refs", "callbacks", "generations"])] = self.choice([1, None, "x"])
            return op, "unknown"
        if k < 0.27:
            req = [f for f in ("name", "ref", "from", "a", "b", "in", "to", "target", "names", "value", "key")
                   if f in op and not (f == "key" and op["op"] == "link") and not (f == "value" and "type" in op)]
            if req:
                del op[self.choice(req)]
                return op, "missing"
        if k < 0.4 and rfields:
            op[self.choice(rfields)] = self.choice(self.BAD_PATHS + [1.5, True, None, [], {}, -3, 0, "a" * 300 + ".__x__"])
            return op, "path"
        if k < 0.5:
            # a dead id is found when the statement runs: only where nothing is evaluated before it
            dead = {"$deadid": self.rng.randint(0, 3)}
            kind = op["op"]
            if kind in ("len", "getrefcount", "sizeof", "id", "deref"):
                return dict(op, ref=dead), "dead"
            if kind in ("is", "eq"):
                return dict(op, a=dead), "dead"
            if kind in ("link", "unlink") and ("attr" in op or "index" in op):
                return dict(op, **{"from": dead}, **({"to": 1} if kind == "link" else {})), "dead"
            if kind in ("assign", "weakref"):
                return dict(op, **{"to" if kind == "assign" else "target": {"ref": dead}}), "dead"
        if k < 0.65 and vfields:
            op[self.choice(vfields)] = self.bad_value()
            return op, "value"
        typed = {"name": [5, None, [], "1a", "a.b", "", "\u00e9", "a b"], "generation": ["2", 1.5, True],
                 "deep": ["yes", 1, []], "callback": ["yes", 1], "index": ["1", 1.5, True, None],
                 "append": ["yes", 1], "add": ["yes", 0], "names": ["a", [1], [None], {"a": 1}],
                 "threshold": ["x", [1, "2"], [1.5], {}], "enabled": ["yes", 1], "debug": [["leak"], "saveall", [1]],
                 "freeze": ["yes", 0], "slots": ["x", [1], [None], {}], "finalizer": ["other", 1, True],
                 "attrs": [[], "x", {"1x": 1}, {"a.b": 1}, {"x": self.bad_value()}], "attr": [5, "1x", "a.b", "", "__dict__"],
                 "ref": [1.5, True, None]}
        fs = [f for f in typed if f in op]
        if fs:
            f = self.choice(fs)
            op[f] = self.choice(typed[f])
            return op, "type"
        op["zz"] = 1
        return op, "unknown"

    def m_bad(self):
        """Requests heapd must refuse, changing nothing (the engine compares a
        full snapshot of the reads before and after)."""
        k = self.rng.random()
        if k < 0.55:
            op, why = self.mutate(self.valid_op())
            self.emit(self.refused(op, why, (404,) if why == "dead" else (400,)))
        elif k < 0.65:
            op, why = self.mutate(self.valid_op())
            raw = json.dumps({kk: v for kk, v in op.items() if kk != "op"})
            raw = self.choice([raw[:-1], raw + "}", raw.replace('"', "'", 2), "[]", "5", '{"name": "a", "name": "b", "value": 1}',
                               raw[:len(raw) // 2], "\xff" + raw])
            if raw == "{}":  # replace() leaves an op without fields valid JSON (`gc`, `collect`: 200)
                raw = "{"
            self.emit(self.refused(None, "json", path=self.choice(["create", "link", "collect", "gc", "batch"]), raw=raw))
        elif k < 0.8:
            ops = self.collect(lambda: [self.random_op() for _ in range(self.rng.randint(1, 4))])
            bad, why = self.mutate(self.valid_op())
            if why == "dead":
                bad, why = dict(bad, zz=1), "unknown"
            # first: a malformed op stops a batch where it stands, the ops before it applied
            # (API.md; tests/e2e checks that), so a refusal that changes nothing starts with it
            ops.insert(0, bad)
            body = self.choice([{"ops": ops}, {"ops": ops, "zz": 1}, {"ops": "x"}, {"ops": [1]}, {"ops": [{"op": "nosuch"}]},
                                {"ops": [{"name": "a", "value": 1}]}, {"ops": ops}])
            self.emit({"op": "$bad", "path": "batch", "expect": [400], "why": "batch", "body": body})
        elif k < 0.85:
            self.emit({"op": "$bad", "path": "batch", "expect": [429], "why": "limit",
                       "body": {"ops": [{"op": "collect", "generation": 0}] * 1001}})
        elif k < 0.92:
            dead = self.rng.randint(0, 3)
            self.emit(self.choice([
                {"op": "$bad", "path": "nosuch", "expect": [404], "why": "path", "body": {}},
                {"op": "$bad", "path": "objects/abc", "expect": [404], "why": "path", "method": "GET"},
                {"op": "$bad", "path": "objects/1", "expect": [404], "why": "path", "method": "GET"},
                {"op": "$bad", "path": "objects/99999999999999999999999", "expect": [404], "why": "path", "method": "GET"},
                {"op": "$bad", "path": "create", "expect": [405], "why": "method", "method": "GET"},
                {"op": "$bad", "path": "gc", "expect": [405], "why": "method", "method": "DELETE"},
                {"op": "$bad", "path": "events?after=x", "expect": [400], "why": "query", "method": "GET"},
                {"op": "$bad", "path": "objects?limit=0", "expect": [400], "why": "query", "method": "GET"},
                {"op": "$bad", "path": "len", "expect": [404], "why": "dead", "body": {"ref": {"$deadid": dead}}},
            ]))
        else:
            # a batch member naming a dead id: 404 at its index, the ops before it stay applied
            ops = self.collect(lambda: [self.random_op() for _ in range(self.rng.randint(1, 4))])
            dead = {"$deadid": self.rng.randint(0, 3)}
            bad = self.choice([{"op": "len", "ref": dead}, {"op": "getrefcount", "ref": dead},
                               {"op": "link", "from": dead, "attr": "x", "to": 1},
                               {"op": "assign", "name": "a", "to": {"ref": dead}},
                               {"op": "create", "name": "b", "value": [1, {"ref": dead}]}])
            bad["$expect"] = 404
            # first: a malformed op stops a batch where it stands, the ops before it applied
            # (API.md; tests/e2e checks that), so a refusal that changes nothing starts with it
            ops.insert(0, bad)
            ops.extend(self.collect(lambda: [self.random_op() for _ in range(self.rng.randint(0, 2))]))
            self.steps.append({"batch": ops})

    def error_op(self):
        return (self.collect(lambda: self.emit(self.choice(self.error_ops()))) or [{"op": "del", "name": "nope"}])[0]

    def m_batch_fail(self):
        """A batch with a statement that raises in the middle: CPython's index,
        the results and events before it, and the heap it leaves."""
        ops = self.collect(lambda: [self.random_op() for _ in range(self.rng.randint(1, 5))])
        ops.insert(self.rng.randint(0, len(ops)), self.error_op())
        ops.extend(self.collect(lambda: [self.random_op() for _ in range(self.rng.randint(0, 3))]))
        self.steps.append({"batch": ops})
        if self.r(0.5):
            self.random_op()

    def m_weakref_kinds(self):
        """weakref (callback true, false, absent) to every kind of target, then its death."""
        k = self.rng.random()
        name = None
        if k < 0.15:
            tgt = self.some_class()
        elif k < 0.35:
            cls = self.some_class(need_weak=self.r(0.6))
            tgt = self.new_instance(cls=cls)
        elif k < 0.5:
            c = self.fresh_name()
            self.emit({"op": "create", "name": c, "type": self.choice(WEAK)})
            tgt = c + self.choice(["", "", "._remove", "._iterating", ".data", "._pending_removals"])
        elif k < 0.6:
            tgt = self.choice(self.m.names_of("weakref") or ["w"])
        elif k < 0.75:
            tgt = self.choice([T("set", [1, 2]), T("frozenset", [self.hashable()]), T("set", []), T("frozenset", [])])
            name = self.fresh_name()
            self.emit({"op": "create", "name": name, "value": tgt})
            tgt = name if self.r(0.6) else tgt
        else:
            tgt = self.choice([[1], T("dict", {}), T("tuple", [1]), 5, T("int", str(2 ** 70)), T("str", "abc"), None, True, 1.5,
                               T("bytes", "x"), T("object"), T("int", "123456789012345678901234567890"), "_resurrected",
                               T("tuple", []), T("frozenset", [])])
        for i in range(self.rng.randint(1, 3)):
            op = {"op": "weakref", "name": "w%d" % i, "target": tgt}
            cb = self.choice([True, False, None])
            if cb is not None:
                op["callback"] = cb
            self.emit(op)
        if self.r(0.4):
            self.emit({"op": "is", "a": "w0", "b": self.choice(["w1", "w0"])})
        if self.r(0.3):
            self.emit({"op": "$inspect", "ref": "w0"})
        base = tgt.split(".")[0] if isinstance(tgt, str) else name
        if base and self.r(0.7):
            self.emit({"op": "del", "name": base})
            if self.r(0.7):
                self.emit({"op": "collect"})
        self.emit({"op": "deref", "ref": self.choice(["w0", "w1"])})

    def m_typed_create(self):
        """create's top-level typed forms ("any value spec plus name")."""
        n = self.fresh_name()
        k = self.rng.random()
        if k < 0.1:
            op = {"op": "create", "name": n, "type": "tuple", "value": [self.value(1) for _ in range(self.rng.randint(0, 3))]}
        elif k < 0.2:
            op = {"op": "create", "name": n, "type": "dict", "items": [[self.hashable(), self.value(1)] for _ in range(self.rng.randint(0, 3))]}
        elif k < 0.28:
            op = {"op": "create", "name": n, "type": "dict", "value": {kk: self.value(1) for kk in self.rng.sample(KEY_STRS, 2)}}
        elif k < 0.36:
            op = {"op": "create", "name": n, "type": "int", "value": self.choice(TYPED_INTS)}
        elif k < 0.44:
            op = {"op": "create", "name": n, "type": "str", "value": self.choice(STRS)}
        elif k < 0.5:
            op = {"op": "create", "name": n, "type": "float", "value": self.choice(FLOATS)}
        elif k < 0.56:
            op = {"op": "create", "name": n, "type": "bytes", "value": self.choice(BYTES)}
        elif k < 0.66:
            op = {"op": "create", "name": n, "type": self.choice(["set", "frozenset"]), "value": [self.hashable() for _ in range(self.rng.randint(0, 3))]}
        elif k < 0.72:
            op = {"op": "create", "name": n, "type": "list", "value": [self.value(1) for _ in range(self.rng.randint(0, 3))]}
        elif k < 0.78:
            op = {"op": "create", "name": n, "type": "object"}
        elif k < 0.83:  # {"ref": R} spread over the body: n = R (then its attrs)
            op = {"op": "create", "name": n, "ref": self.choice([self.path(), self.idref(), self.any_name()])}
            if self.r(0.4):
                op["attrs"] = {self.choice(ATTRS): self.choice([{"ref": n}, self.value(1)])}
        elif k < 0.88:
            op = {"op": "create", "name": n, "type": self.choice(WEAK), "attrs": {self.choice(["x", "data", "me"]): self.choice([{"ref": n}, self.value(1)])}}
        else:
            op = {"op": "create", "name": n, "type": self.some_class(), "attrs": {"me": {"ref": n}, self.choice(ATTRS): self.value(1)}}
        self.emit(op)
        if self.r(0.5):
            self.emit(self.choice([{"op": "sizeof", "ref": n, "deep": self.r(0.5)}, {"op": "$inspect", "ref": n},
                                   {"op": "getrefcount", "ref": n}, {"op": "len", "ref": n}]))

    # ------------------------------------------------------------ the corners (audit of 2026-12-01, /tmp gaps list)
    def nest(self, depth, kind=None):
        """A value nesting `depth` brackets deep (frozenset({…}) takes two per level)."""
        kind = kind or self.choice(["list", "tuple", "dict", "mixed", "frozenset"])
        v = self.choice([0, "x", None, T("tuple", []), {"ref": self.path()} if self.m.kind else 1])
        level = 0
        while level < depth:
            k = kind if kind != "mixed" else self.choice(["list", "tuple", "dict", "dict_items"])
            if k == "list":
                v = [v] if self.r(0.7) else [1, v, "s"]
            elif k == "tuple":
                v = T("tuple", [v])
            elif k == "dict":
                v = T("dict", {self.choice(KEY_STRS): v})
            elif k == "dict_items":
                v = T("dict", items=[[self.hashable(2), v]])
            else:
                v = T("frozenset", [v])
                level += 1
            level += 1
        return v

    def m_deep_values(self):
        """Values nesting around CPython's 200 brackets per statement (tok_get() MAXLEVEL), in
        every field that takes a value: past it the statement is a SyntaxError."""
        d = self.choice(NEST_DEPTHS)
        n = self.fresh_name()
        k = self.rng.random()
        if k < 0.35:
            self.emit({"op": "create", "name": n, "value": self.nest(d)})
        elif k < 0.45:
            self.emit({"op": "create", "name": n, "type": self.choice(["list", "tuple"]), "value": [self.nest(d - 1)]})
        elif k < 0.55:
            self.emit({"op": "assign", "name": n, "to": self.nest(d)})
        else:
            self.emit({"op": "create", "name": n, "value": self.choice([[], T("dict", {}), T("set", [])])})
            op = self.choice([
                {"op": "link", "from": n, "append": True, "to": self.nest(d)},
                {"op": "link", "from": n, "key": self.nest(d, self.choice(["tuple", "frozenset"])), "to": self.nest(d)},
                {"op": "link", "from": n, "add": True, "to": self.nest(d, "tuple")},
                {"op": "contains", "in": n, "key": self.nest(d)},
                {"op": "unlink", "from": n, "discard": self.nest(d, "tuple")},
                {"op": "unlink", "from": n, "key": self.nest(d, "tuple")},
                {"op": "weakref", "name": "w", "target": self.nest(d), "callback": self.r(0.5)},
                {"op": "intern", "name": "s", "value": self.nest(d)},
                {"op": "create", "name": "o", "type": self.some_class(need_dict=True), "attrs": {"x": self.nest(d)}},
            ])
            self.emit(op)
        for _ in range(self.rng.randint(0, 3)):
            self.emit(self.choice([{"op": "sizeof", "ref": n, "deep": True}, {"op": "eq", "a": n, "b": n},
                                   {"op": "len", "ref": n}, {"op": "getrefcount", "ref": n},
                                   {"op": "assign", "name": "c", "to": n}, {"op": "$inspect", "ref": n}]))
        if self.r(0.6):
            self.emit({"op": "del", "name": n})

    def deep_path(self, base, struct):
        """A path of 1-4 steps into the structure m_paths built: attributes, [int] (negative,
        out of range, int64 extremes) and ["key"] / ['key'] with either quote inside the other."""
        path, cur = base, struct
        for _ in range(self.rng.randint(1, 4)):
            if isinstance(cur, dict) and cur:
                key = self.choice(list(cur))
                if key.startswith("."):
                    path += key
                elif any(ch in key for ch in "\\\n\t\r\x01\x07\x08\x0b\x0c") or self.r(0.15):
                    # escapes, as a Python literal: repr()'s, ascii()'s, any of Python's per
                    # character (escaped()), and those repr() never writes (odd_key_literal())
                    path += "[%s]" % self.choice([repr(key), ascii(key), self.escaped(key),
                                                  odd_key_literal(self.rng, key)])
                else:
                    q = '"' if ("'" in key or self.r(0.5)) and '"' not in key else "'"
                    path += "[%s%s%s]" % (q, key, q)
                cur = cur[key]
            elif isinstance(cur, list) and cur:
                i = self.rng.choice([0, len(cur) - 1, -1, -len(cur), len(cur), -len(cur) - 1,
                                     self.choice(INT64), self.rng.randint(-3, 3)])
                path += "[%d]" % i
                cur = cur[i] if -len(cur) <= i < len(cur) else None
            else:
                path += self.choice([".x", "[0]", "['k']", ".next", "[-1]"])
                break
        return path

    NAMED_ESCAPES = {"\t": "t", "\n": "n", "\r": "r", "\x07": "a", "\x08": "b", "\x0c": "f", "\x0b": "v",
                     "\\": "\\", "'": "'", '"': '"'}

    def escaped(self, key):
        """key as a str literal whose characters are written in any of Python's escapes at random
        (named, octal, \\x, \\u, \\U; not \\N{...}, which heapd's paths refuse)"""
        q = self.choice(["'", '"'])
        out = []
        for ch in key:
            c = ord(ch)
            forms = ["\\U%08x" % c]
            if c < 0x10000:
                forms.append("\\u%04x" % c)
            if c < 0x100:
                forms += ["\\x%02x" % c, "\\%03o" % c]
            if ch in self.NAMED_ESCAPES:
                forms.append("\\" + self.NAMED_ESCAPES[ch])
            elif ch.isprintable() and 0xd800 > c:
                forms += [ch, ch]
            if ch == q or ch == "\\" or not ch.isprintable() or 0xd800 <= c < 0xe000:
                forms = [f for f in forms if f != ch]
            out.append(self.choice(forms))
        return q + "".join(out) + q

    def m_paths(self):
        """Reference paths of several steps through dicts, lists, tuples and instances,
        in every reference field."""
        keys = ["k", "a b", "it's", 'say "hi"', "é", "", "[0]", "x.y", "😀", "]", "0", "-1", "a\nb", "back\\slash", "\x01",
                "a\tb", "\r\x07", "\x08\x0b\x0c", "€", "q'\""]
        c = self.some_class(need_dict=True)
        inner = self.fresh_name()
        self.emit({"op": "create", "name": inner, "type": c, "attrs": {"next": [1, T("tuple", ["t", [2]])], "v": "s"}})
        outer = self.choice([n for n in NAMES if n != inner])
        ks = self.rng.sample(keys, 3)
        self.emit({"op": "create", "name": outer, "value": T("dict", {
            ks[0]: [{"ref": inner}, T("dict", {ks[1]: [0, "ab"]})], ks[1]: {"ref": inner}, ks[2]: T("tuple", [1, T("bytes", "xy")])})})
        inst = {".next": [1, ["t", [2]]], ".v": None}
        struct = {ks[0]: [inst, {ks[1]: [0, "ab"]}], ks[1]: inst, ks[2]: [1, "xy"]}
        for _ in range(self.rng.randint(2, 6)):
            p = self.deep_path(outer, struct)
            k = self.rng.random()
            if k < 0.25:
                self.emit({"op": "getrefcount", "ref": p})
            elif k < 0.35:
                self.emit({"op": "sizeof", "ref": p, "deep": self.r(0.5)})
            elif k < 0.45:
                self.emit({"op": "assign", "name": self.choice(["tmp", "c"]), "to": p})
            elif k < 0.55:
                self.emit({"op": "is", "a": p, "b": self.deep_path(outer, struct)})
            elif k < 0.62:
                self.emit({"op": "len", "ref": p})
            elif k < 0.7:
                self.emit({"op": "link", "from": p, "append": True, "to": self.deep_path(outer, struct)})
            elif k < 0.76:
                self.emit({"op": "link", "from": p, "attr": "back", "to": outer})
            elif k < 0.82:
                self.emit({"op": "unlink", "from": p, "index": self.choice([0, -1, 5] + INT64[:2])})
            elif k < 0.88:
                self.emit({"op": "contains", "in": p, "key": {"ref": self.deep_path(outer, struct)}})
            elif k < 0.94:
                self.emit({"op": "weakref", "name": "w", "target": p, "callback": self.r(0.5)})
            else:
                self.emit({"op": "create", "name": "tmp", "value": [{"ref": p}, {"ref": self.deep_path(outer, struct)}]})
        if self.r(0.5):
            self.emit({"op": "del", "names": [outer, inner]})
            self.emit({"op": "collect"})

    SHARED = [None, True, False, 0, 5, -5, 256, 257, "", "a", "\u00e9", "\u0100", "hello", "hello world", T("tuple", []),
              T("bytes", ""), T("bytes", "a"), T("bytes", "ab"), 1.5, T("object")]

    def m_idpaths(self):
        """References by the id of an object no name holds (API.md: "an integer is an object id"):
        ids of paths (`a.x`, `l[0]`, `d['k'][1]`), of interpreter-shared objects (None, small ints,
        one-character and interned strs, `()`, `b''`), of a weak container's own objects (`data`,
        its KeyedRefs, `_pending_removals`, `_iterating`, `_remove`), of `_resurrected`; then
        GET objects/{id} of such paths ($inspect), in every R field and in `{"ref"}` values."""
        cands = []
        k = self.rng.random()
        if k < 0.3:
            n = self.fresh_name()
            vals = self.rng.sample(self.SHARED, self.rng.randint(2, 6))
            self.emit({"op": "create", "name": n, "value": T(self.choice(["list", "tuple"]), vals)})
            cands += ["%s[%d]" % (n, i) for i in range(len(vals))]
        elif k < 0.5:
            n = self.fresh_name()
            c = self.some_class(need_dict=True)
            attrs = {a: self.choice(self.SHARED + [[], T("dict", {"k": [1]}), T("set", [1])])
                     for a in self.rng.sample(["x", "y", "next", "val", "data"], self.rng.randint(1, 3))}
            self.emit({"op": "create", "name": n, "type": c, "attrs": attrs})
            cands += [n + "." + a for a in attrs] + [n + ".data['k']", n + ".data['k'][0]"]
        elif k < 0.75:
            n = self.fresh_name()
            kind = self.choice(WEAK)
            self.emit({"op": "create", "name": n, "type": kind})
            cls = self.some_class(need_weak=True)
            t = self.new_instance(cls=cls)
            if kind == "WeakSet":
                self.emit({"op": "link", "from": n, "add": True, "to": t})
                cands += [n + "._pending_removals", n + "._iterating", n + "._remove", n + ".data"]
            else:
                key = self.choice(["k", "hello world", "\u00e9"])
                if kind == "WeakKeyDictionary":
                    self.emit({"op": "link", "from": n, "key": {"ref": t}, "to": self.scalar()})
                else:
                    self.emit({"op": "link", "from": n, "key": key, "to": t})
                    cands += ["%s.data[%r]" % (n, key), "%s[%r]" % (n, key)]
                cands += [n + ".data", n + "._pending_removals", n + "._remove"]
            cands.append(t)
            if self.r(0.5):
                cands += ["type(%s)" % n] * 3  # the library class (an abc.ABCMeta for the dicts): no path reaches it
            if self.r(0.3):
                self.emit({"op": "del", "name": t})
        elif k < 0.8:
            t = self.new_instance(cls=self.some_class(need_weak=True))
            w = self.choice(["w", "w1"])
            self.emit({"op": "weakref", "name": w, "target": t, "callback": True})
            cands += ["%s.__callback__" % w, "type(%s)" % t, t, w]
        elif k < 0.85:
            c = self.some_class(fin="resurrect")
            t = self.new_instance(cls=c)
            self.emit({"op": "del", "name": t})
            cands += ["_resurrected", "_resurrected[0]", "_resurrected[-1]"]
        else:
            n = self.fresh_name()
            self.emit({"op": "create", "name": n, "value": [self.value(1) for _ in range(self.rng.randint(1, 4))]})
            cands += ["%s[%d]" % (n, i) for i in range(-1, 3)]
        for nm in self.m.kind:
            cands.append(self.path() if self.r(0.5) else nm)

        def idp():
            return {"$id": self.choice(cands)}
        for _ in range(self.rng.randint(2, 6)):
            k = self.rng.random()
            if k < 0.15:
                op = {"op": "$inspect", "ref": self.choice(cands)}
            elif k < 0.22:
                op = {"op": "getrefcount", "ref": idp()}
            elif k < 0.3:
                op = {"op": "sizeof", "ref": idp(), "deep": self.r(0.5)}
            elif k < 0.35:
                op = {"op": "len", "ref": idp()}
            elif k < 0.43:
                op = {"op": self.choice(["is", "eq"]), "a": idp(), "b": self.choice([idp(), self.choice(cands)])}
            elif k < 0.5:
                op = {"op": "contains", "in": idp(), "key": self.choice([self.hashable(), {"ref": idp()}, "a"])}
            elif k < 0.57:
                op = {"op": "assign", "name": self.fresh_name(), "to": {"ref": idp()}}
            elif k < 0.62:
                op = {"op": "create", "name": self.fresh_name(), "value": [{"ref": idp()}, T("tuple", [{"ref": idp()}])]}
            elif k < 0.68:
                op = {"op": "link", "from": idp(), "attr": self.choice(ATTRS + ["real"]), "to": self.choice([{"ref": idp()}, self.target()])}
            elif k < 0.72:
                op = {"op": "link", "from": idp(), "append": True, "to": {"ref": idp()}}
            elif k < 0.75:
                op = {"op": "link", "from": idp(), "key": {"ref": idp()}, "to": {"ref": idp()}}
            elif k < 0.78:
                op = {"op": "link", "from": idp(), "index": self.rng.randint(-2, 2), "to": {"ref": idp()}}
            elif k < 0.81:
                op = {"op": "unlink", "from": idp(), "attr": self.choice(ATTRS)}
            elif k < 0.84:
                op = {"op": "unlink", "from": idp(), "index": self.rng.randint(-2, 2)}
            elif k < 0.9:
                # not to `type(d)`: CPython's is the class's basic ref __subclasses__ holds (README's known deviations)
                op = {"op": "weakref", "name": self.choice(["w", "w1"]), "callback": self.r(0.5),
                      "target": {"ref": {"$id": self.choice([c for c in cands if not c.startswith("type(")] or ["nope"])}}}
            elif k < 0.94:
                op = {"op": "deref", "ref": idp()}
            elif k < 0.97:
                op = {"op": "unlink", "from": idp(), "discard": {"ref": idp()}}
            else:
                op = {"op": "intern", "name": "s", "value": {"ref": idp()}}
            self.emit(op)
        if self.r(0.3):
            self.emit({"op": "collect"})

    def m_edge_ints(self):
        """Integers at the edges of C's types where an operation takes one: indexes, keys,
        generations, thresholds (set_threshold's 'i': OverflowError past int32; 3.10-3.12 keep what they
        converted before it, so a first threshold stays out of reach: helper-51's finding)."""
        n = self.fresh_name()
        self.emit({"op": "create", "name": n, "value": self.choice([[1, 2, 3], T("dict", {"k": 1}), T("tuple", [1]), "abc",
                                                                   T("bytes", "ab"), T("set", [1])])})
        for _ in range(self.rng.randint(1, 5)):
            i = self.choice(INT64 + [0, -1, 3, -4])
            big = self.choice([i, i, 2 ** 64, -(2 ** 70), 10 ** 30])  # past int64: a subscript all the same
            self.emit(self.choice([
                {"op": "link", "from": n, "index": big, "to": self.target()},
                {"op": "unlink", "from": n, "index": big},
                {"op": "link", "from": n, "key": i, "to": i},
                {"op": "contains", "in": n, "key": i},
                {"op": "getrefcount", "ref": "%s[%d]" % (n, i)},
                {"op": "collect", "generation": self.choice(INT64 + [3, -1])},
                {"op": "gc", "threshold": self.choice([[2 ** 31], [-(2 ** 31) - 1], [100000, 2 ** 31], [100000, 5, -(2 ** 31) - 1],
                                                       [2 ** 63 - 1], [-(2 ** 63)], [2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1]])},
                {"op": "create", "name": "e", "value": self.choice(INT64)},
                {"op": "create", "name": "e", "value": T("int", self.choice(["0" * 50 + "7", "-0", "9" * 4300, "-" + "9" * 4300,
                                                                             str(2 ** 64 - 1), str(-(2 ** 64))]))},
            ]))

    KINDS = [None, True, 0, 7, 300, -(2 ** 63), T("int", str(2 ** 80)), 1.5, -0.0, "", "a", "hello world", "é😀",
             T("bytes", ""), T("bytes", "ab"), T("tuple", []), T("tuple", [1, [2]]), [], [1, "x"], T("dict", {}),
             T("dict", {"k": [1]}), T("set", []), T("set", [1]), T("frozenset", []), T("frozenset", [1]), T("object")]

    def m_kinds(self):
        """Every operation form against every kind of object (and the empty ones): the exact
        TypeError / AttributeError / KeyError / IndexError CPython words."""
        n = self.fresh_name()
        k = self.rng.random()
        if k < 0.55:
            self.emit({"op": "create", "name": n, "value": self.choice(self.KINDS)})
        elif k < 0.65:
            self.emit({"op": "create", "name": n, "type": self.choice(WEAK)})
        elif k < 0.75:
            self.new_instance(n, self.some_class())
        elif k < 0.85:
            n = self.some_class()
        else:
            t = self.new_instance(cls=self.some_class(need_weak=True))
            self.emit({"op": "weakref", "name": n, "target": t, "callback": self.r(0.5)})
            if self.r(0.5):
                self.emit({"op": "del", "name": t})
        other = self.choice(self.KINDS)
        for _ in range(self.rng.randint(2, 8)):
            self.emit(self.choice([
                {"op": "link", "from": n, "attr": self.choice(["x", "real", "append", "data", "next"]), "to": self.tv(other) if isinstance(other, str) else other},
                {"op": "unlink", "from": n, "attr": self.choice(["x", "real", "append", "data", "__class__"[2:-2]])},
                {"op": "link", "from": n, "index": self.rng.randint(-2, 2), "to": 1},
                {"op": "unlink", "from": n, "index": self.rng.randint(-2, 2)},
                {"op": "link", "from": n, "key": self.choice(self.KINDS), "to": 1},
                {"op": "unlink", "from": n, "key": self.choice(self.KINDS)},
                {"op": "link", "from": n, "append": True, "to": self.tv(other) if isinstance(other, str) else other},
                {"op": "link", "from": n, "add": True, "to": self.tv(other) if isinstance(other, str) else other},
                {"op": "unlink", "from": n, "discard": self.tv(other) if isinstance(other, str) else other},
                {"op": "len", "ref": n}, {"op": "deref", "ref": n}, {"op": "sizeof", "ref": n, "deep": self.r(0.5)},
                {"op": "getrefcount", "ref": n}, {"op": "contains", "in": n, "key": self.choice(self.KINDS)},
                {"op": "eq", "a": n, "b": self.path()}, {"op": "is", "a": n, "b": self.path()},
                {"op": "weakref", "name": "w", "target": n, "callback": self.r(0.5)},
                {"op": "intern", "name": "s", "value": {"ref": n}},
                {"op": "create", "name": "c", "value": T("set", [{"ref": n}])},
                {"op": "create", "name": "c", "value": T("dict", items=[[{"ref": n}, 1]])},
                {"op": "getrefcount", "ref": n + self.choice(["[0]", "[-1]", ".x", "['k']", ".real"])},
            ]))

    def m_numbers(self):
        """Number literals at the edges of their forms: typed ints with leading zeros and past 4300
        digits (a SyntaxError), reals past the double range (infinities, merged as equal constants),
        hash collisions between ints, floats and bools in sets and dict keys."""
        n = self.fresh_name()
        k = self.rng.random()
        pool = HASH_EDGE + NEAR_DOUBLE + [T("float", t) for t in INF_TEXTS] + [T("int", t) for t in TYPED_INTS[-6:]]
        if k < 0.35:
            items = [self.choice(pool) for _ in range(self.rng.randint(1, 8))]
            self.emit({"op": "create", "name": n, "value": T(self.choice(["set", "frozenset", "list", "tuple"]), items)})
        elif k < 0.6:
            self.emit({"op": "create", "name": n, "value": T("dict", items=[[self.choice(pool), self.choice(pool)]
                                                                          for _ in range(self.rng.randint(1, 8))])})
        elif k < 0.7:
            digits = self.choice([4299, 4300, 4301, 5000])
            self.emit({"op": "create", "name": n, "value": T("int", self.choice(["", "-"]) + self.choice(["", "000"]) + "7" * digits)})
        else:
            self.emit({"op": "create", "name": n, "value": [self.choice(pool) for _ in range(self.rng.randint(1, 6))]})
        for _ in range(self.rng.randint(1, 5)):
            v = self.choice(pool)
            self.emit(self.choice([
                {"op": "contains", "in": n, "key": v},
                {"op": "link", "from": n, "key": v, "to": self.tv(self.choice(pool)) if not isinstance(v, dict) else 1},
                {"op": "link", "from": n, "add": True, "to": v},
                {"op": "unlink", "from": n, "discard": v},
                {"op": "unlink", "from": n, "key": v},
                {"op": "is", "a": n + "[0]", "b": n + self.choice(["[1]", "[-1]", "[0]"])},
                {"op": "eq", "a": n, "b": n},
                {"op": "sizeof", "ref": n, "deep": self.r(0.5)},
                {"op": "len", "ref": n},
                {"op": "getrefcount", "ref": n + "[0]"},
                {"op": "create", "name": "c", "value": [v, v, self.choice(pool)]},
                {"op": "is", "a": "c[0]", "b": "c[1]"},
                {"op": "$inspect", "ref": n},
            ]))

    # ------------------------------------------------------------ the gaps audit of 2026-12-01 (helper 22)
    def m_batch_ids(self):
        """Object ids ({"$id": name}) inside batches: resolved before the batch runs, so a
        member may use the id of a name no earlier member of the batch rebinds."""
        ops = self.collect(lambda: [self.m_byid() for _ in range(self.rng.randint(1, 3))]
                           + [self.random_op() for _ in range(self.rng.randint(0, 2))])
        out, rebound = [], set()
        for op in ops:
            used = set()

            def walk(x):
                if isinstance(x, dict):
                    if set(x) == {"$id"}:
                        used.add(x["$id"])
                    for v in x.values():
                        walk(v)
                elif isinstance(x, list):
                    for v in x:
                        walk(v)
            walk(op)
            if used & rebound:
                continue
            out.append(op)
            if op["op"] in ("create", "class", "assign", "intern", "weakref"):
                rebound.add(op["name"])
            if op["op"] == "del":
                rebound.update(op.get("names") or [op.get("name")])
        if self.r(0.3):
            out.insert(self.rng.randint(0, len(out)), self.error_op())
        if out:
            self.steps.append({"batch": out})

    def spec_with_refs(self, depth=0):
        """A hashable value spec holding references ({"ref": R}) inside tuples and frozensets."""
        names = list(self.m.kind) or ["a"]
        k = self.rng.random()
        if depth > 2 or k < 0.3:
            return self.choice([{"ref": self.choice(names)}, {"ref": self.idref()}, self.hashable(), T("bytes", self.choice(BYTES)),
                                T("int", self.choice(TYPED_INTS)), T("float", self.choice(INF_TEXTS)), -0.0, 1e308, 5e-324,
                                T("float", -0.0), T("float", 1e308)])
        if k < 0.65:
            return T("tuple", [self.spec_with_refs(depth + 1) for _ in range(self.rng.randint(0, 3))])
        if k < 0.9:
            return T("frozenset", [self.spec_with_refs(depth + 1) for _ in range(self.rng.randint(0, 3))])
        return T("tuple", [[1], self.spec_with_refs(depth + 1)])  # unhashable inside: TypeError

    def m_spec_fields(self):
        """Every field that takes a value spec, with specs holding references,
        typed scalars at their edges, bytes escapes and unhashable keys."""
        if not self.m.kind:
            self.new_instance()
        d = self.fresh_name()
        self.emit({"op": "create", "name": d, "value": self.choice([
            T("dict", items=[[self.spec_with_refs(), self.value(1)] for _ in range(self.rng.randint(0, 4))]),
            T("dict", items=[[self.choice([[1], T("set", [1]), T("dict", {}), T("list", [])]), 1]]),
            T("set", [self.spec_with_refs() for _ in range(self.rng.randint(0, 4))]),
            T("frozenset", [self.spec_with_refs() for _ in range(self.rng.randint(0, 4))]),
            T("dict", {})])})
        s = self.fresh_name()
        self.emit({"op": "create", "name": s, "value": T("set", [])})
        for _ in range(self.rng.randint(2, 7)):
            key = self.spec_with_refs()
            self.emit(self.choice([
                {"op": "link", "from": d, "key": key, "to": self.choice([self.target(), self.spec_with_refs()])},
                {"op": "contains", "in": self.choice([d, s]), "key": key},
                {"op": "unlink", "from": d, "key": key},
                {"op": "link", "from": s, "add": True, "to": key},
                {"op": "unlink", "from": s, "discard": key},
                {"op": "weakref", "name": self.choice(["w", "w1"]), "target": self.choice(
                    [key, T(self.choice(self.class_names() or ["object"])), T(self.choice(WEAK)), T("set", [key]),
                     T("frozenset", [key]), {"ref": self.idref()}]), "callback": self.r(0.5)},
                {"op": "assign", "name": self.fresh_name(), "to": key},
                {"op": "create", "name": self.fresh_name(), "value": T("bytes", self.choice(
                    ["\\x00", "\\xff\\xfe", "a\\x41b", "\\x7f\\x80", "\\\\x41", "\\x0a\\x0d\\x09'\"", "\\xAB\\xcd"]))},
                {"op": "len", "ref": d},
                {"op": "$inspect", "ref": d},
                {"op": "sizeof", "ref": d, "deep": True},
            ]))
        if self.r(0.5):
            self.emit({"op": "del", "names": [n for n in (d, s) if n in self.m.kind] or [d]})
            self.emit({"op": "collect"})

    def m_slots_fin(self):
        """Classes with slots and finalizers, their instances in cycles through slots,
        weakrefs with callbacks to them, then death by refcount or collection."""
        slots = self.choice([["x"], ["x", "__weakref__"], ["x", "y", "__weakref__"], ["__weakref__"], [],
                             ["x", "__dict__"], ["__dict__", "__weakref__"], ["x", "__dict__", "__weakref__"], ["p", "x"]])
        cls = self.define_class(slots=slots, fin=self.choice(["log", "resurrect", None]))
        info = self.m.classes.get(cls) or {}
        names = []
        for _ in range(self.rng.randint(1, 3)):
            names.append(self.new_instance(cls=cls))
        attr = "x" if "x" in slots else ("p" if "p" in slots else "q")
        for i, n in enumerate(names):
            self.emit({"op": "link", "from": n, "attr": attr, "to": self.choice(names + [[{"ref": n}], T("tuple", [{"ref": n}])])})
        for n in names:
            if self.r(0.6):
                self.emit({"op": "weakref", "name": self.choice(["w", "w1", "w2"]), "target": n, "callback": self.r(0.7)})
        if self.r(0.3):
            self.emit({"op": "create", "name": self.fresh_name(), "type": self.choice(WEAK)})
        tail = [{"op": "del", "names": list(dict.fromkeys(names))}]
        if self.r(0.5):
            tail.append({"op": "gc", "debug": ["saveall"]})
        tail.append({"op": "collect", "generation": self.choice([0, 1, 2, 2])})
        if self.r(0.4):
            tail.append({"op": "del", "names": ["_resurrected"]})
            tail.append({"op": "collect"})
        tail.append({"op": "deref", "ref": self.choice(["w", "w1", "w2"])})
        if len(tail) > 3:
            tail.append({"op": "gc", "debug": []})
        if self.r(0.5):
            self.steps.append({"batch": tail})
            for op in tail:
                self.track(op)
        else:
            for op in tail:
                self.emit(op)
        if self.r(0.3):
            self.emit({"op": "$inspect", "ref": cls})

    def m_gc_batch(self):
        """gc states combined (freeze, thresholds out of reach, DEBUG_SAVEALL, disabled)
        with collections of every generation, inside one batch."""
        ops = self.collect(lambda: self.m_cycle_small())
        pool = [{"op": "gc", "freeze": True}, {"op": "gc", "freeze": False}, {"op": "gc", "debug": ["saveall"]},
                {"op": "gc", "debug": []}, {"op": "gc", "enabled": False}, {"op": "gc", "enabled": True, "threshold": [0, 5, 5]},
                {"op": "gc", "threshold": [100000, 3, 1]}, {"op": "gc", "enabled": True, "threshold": [1000000]},
                {"op": "gc", "debug": ["saveall"], "freeze": True, "enabled": False},
                {"op": "collect", "generation": 0}, {"op": "collect", "generation": 1}, {"op": "collect"},
                {"op": "del", "names": ["a", "b"]}, {"op": "len", "ref": "_resurrected"}]
        for _ in range(self.rng.randint(3, 9)):
            ops.append(dict(self.choice(pool)))
            if self.r(0.2):
                ops.extend(self.collect(lambda: self.m_cycle_small()))
        ops.append({"op": "gc", "enabled": False, "freeze": False, "debug": []})
        self.steps.append({"batch": ops})
        for op in ops:
            self.track(op)
        if self.r(0.5):
            self.emit({"op": "collect"})

    # ------------------------------------------------------------ h28: reads, events and weak containers
    METHOD_PATHS = {"WeakSet": ["add", "discard", "remove", "copy", "_remove", "clear"],
                    "WeakValueDictionary": ["items", "get", "keys", "_remove", "pop"],
                    "WeakKeyDictionary": ["keys", "get", "_remove", "pop"],
                    "list": ["append", "pop", "copy"], "dict": ["get", "fromkeys", "items"], "set": ["add", "discard"]}

    def m_methods(self):
        """Bound methods (a weak container's Python methods, builtin methods of lists, dicts, sets)
        bound to names, stored in attributes and containers (cycles through __self__), read with
        GET objects/{id} (referents: __func__ then __self__), weakrefs to them (with callbacks),
        then death by refcount and by collection."""
        kind = self.choice(list(self.METHOD_PATHS))
        o = self.fresh_name()
        if kind in WEAK:
            self.emit({"op": "create", "name": o, "type": kind})
        else:
            self.emit({"op": "create", "name": o, "value": {"list": [1, "a"], "dict": T("dict", {"k": [1]}),
                                                             "set": T("set", [1, "a"])}[kind]})
        ms = []
        for _ in range(self.rng.randint(1, 3)):
            m = self.fresh_name()
            meth = self.choice(self.METHOD_PATHS[kind])
            self.emit({"op": "assign", "name": m, "to": o + "." + meth})
            ms.append(m)
        for _ in range(self.rng.randint(2, 7)):
            k = self.rng.random()
            m = self.choice(ms)
            if k < 0.25:
                self.emit({"op": "$inspect", "ref": self.choice(ms + [o])})
            elif k < 0.35:
                self.emit({"op": self.choice(["getrefcount", "sizeof", "len"]), "ref": self.choice([m, o])})
            elif k < 0.45:
                self.emit({"op": self.choice(["is", "eq"]), "a": m, "b": self.choice(ms + [o + "." + self.choice(self.METHOD_PATHS[kind])])})
            elif k < 0.55:
                self.emit({"op": "weakref", "name": self.choice(["w", "w1"]), "target": self.choice([m, o + ".copy", o + "._remove", o]),
                           "callback": self.r(0.7)})
            elif k < 0.7:
                # a cycle through __self__: the container holds its own bound method
                if kind in WEAK:
                    self.emit({"op": "link", "from": o, "attr": self.choice(["x", "m", "data"]), "to": m})
                elif kind == "list":
                    self.emit({"op": "link", "from": o, "append": True, "to": m})
                elif kind == "dict":
                    self.emit({"op": "link", "from": o, "key": self.choice(["k", "m"]), "to": m})
                else:
                    self.emit({"op": "link", "from": o, "add": True, "to": m})
            elif k < 0.8:
                self.emit({"op": "create", "name": self.fresh_name(), "value": [{"ref": m}, T("tuple", [{"ref": o}, {"ref": m}])]})
            elif k < 0.85:
                self.emit({"op": "del", "names": [x for x in (o, m) if x in self.m.kind] or [m]})
            elif k < 0.9:
                self.emit({"op": "gc", "debug": ["saveall"]})
            else:
                # a method made by the path itself, used once (and its errors: no len, no attributes, no items)
                p = o + "." + self.choice(self.METHOD_PATHS[kind])
                self.emit(self.choice([{"op": "getrefcount", "ref": p}, {"op": "sizeof", "ref": p, "deep": self.r(0.5)},
                                       {"op": "is", "a": p, "b": p}, {"op": "eq", "a": p, "b": m}, {"op": "len", "ref": p},
                                       {"op": "contains", "in": p, "key": 1},
                                       {"op": "link", "from": p, "attr": "x", "to": 1}, {"op": "unlink", "from": p, "attr": "x"},
                                       {"op": "link", "from": m, "index": 0, "to": 1}, {"op": "intern", "name": "s", "value": {"ref": p}},
                                       {"op": "create", "name": self.fresh_name(), "value": T("set", [{"ref": p}])}]))
        if self.r(0.6):
            self.emit({"op": "del", "names": [x for x in [o] + ms if x in self.m.kind] or [o]})
        self.emit({"op": "collect"})
        self.emit({"op": "gc", "debug": []} if self.r(0.5) else {"op": "$inspect", "ref": self.choice(ms)})

    def m_events(self):
        """Events against CPython: `resurrected` (a resurrect finalizer's append, none once
        `_resurrected` is deleted or bound to something without append), weakref callbacks and
        their `target`, finalizers and callbacks in refcount deallocation and in collections,
        weakrefs to weakrefs, a resurrected object dying again, failing batches."""
        r = self.some_class(fin="resurrect") if self.r(0.6) else self.some_class(fin="log")
        other = self.some_class(need_weak=True)
        ns = []
        for _ in range(self.rng.randint(1, 4)):
            n = self.fresh_name()
            self.emit({"op": "create", "name": n, "type": self.choice([r, r, other])})
            ns.append(n)
        for n in ns:
            if self.r(0.6):
                self.emit({"op": "weakref", "name": n + "_w", "target": n, "callback": self.r(0.8)})
            if self.r(0.2):
                self.emit({"op": "weakref", "name": n + "_ww", "target": n + "_w", "callback": True})
        if len(ns) > 1 and self.r(0.6):
            for i, n in enumerate(ns):
                self.emit({"op": "link", "from": n, "attr": self.attr_for(n), "to": ns[(i + 1) % len(ns)]})
        k = self.rng.random()
        if k < 0.15:
            self.emit({"op": "assign", "name": "_resurrected", "to": self.choice([[], T("WeakSet"), 1, T("tuple", [1]), "ns0"])})
        elif k < 0.25:
            self.emit({"op": "del", "name": "_resurrected"})
        elif k < 0.35:
            self.emit({"op": "link", "from": "_resurrected", "append": True, "to": T(r)})
        elif k < 0.5:
            # `_resurrected.append(self)` on what has an `append`: an instance or a class whose attribute
            # is a list's bound append, a WeakSet's add (a weak reference only), or a method that raises
            h = self.fresh_name()
            holder = self.choice(["inst", "class", "ws"])
            if holder == "ws":
                self.emit({"op": "create", "name": h, "type": "WeakSet"})
            else:
                self.emit({"op": "create", "name": h, "type": self.some_class(need_dict=True)})
            lst = self.fresh_name()
            self.emit({"op": "create", "name": lst, "value": []})
            meth = self.choice([lst + ".append", lst + ".append", lst + ".pop", h + ".add" if holder == "ws" else lst + ".copy"])
            tgt = h if holder != "class" else self.m.kind.get(h, "inst:N")[5:] or "N"
            self.emit({"op": "link", "from": tgt, "attr": "append", "to": meth})
            self.emit({"op": "assign", "name": "_resurrected", "to": tgt})
        order = list(ns)
        self.rng.shuffle(order)
        if self.r(0.3):
            ops = [{"op": "del", "name": n} for n in order[:2]] + [{"op": "collect"}]
            if self.r(0.6):
                ops.insert(self.rng.randint(0, len(ops)), {"op": "link", "from": "nope", "attr": "x", "to": 1})
            self.emit_batch(ops)
        else:
            for n in order:
                self.emit({"op": "del", "name": n})
        self.emit({"op": "collect", "generation": self.choice([0, 2, 2])})
        if self.r(0.5):
            self.emit({"op": "len", "ref": "_resurrected"})
        for _ in range(self.rng.randint(0, 2)):
            self.emit(self.choice([{"op": "unlink", "from": "_resurrected", "index": self.choice([0, -1])},
                                   {"op": "assign", "name": "_resurrected", "to": []},
                                   {"op": "del", "name": "_resurrected"},
                                   {"op": "deref", "ref": ns[0] + "_w"}]))
        self.emit({"op": "collect"})

    def m_garbage(self):
        """Objects gc.garbage holds under DEBUG_SAVEALL, by id (GET gc's `garbage`; the script's
        `_qgarb(i)` is gc.garbage[i] less README's class machinery): GET objects/{id}, refcounts,
        sizes, weakrefs to them (callbacks), attributes set on them, names bound to them, and
        collections after that (they stay in gc.garbage)."""
        self.emit({"op": "gc", "debug": ["saveall"]})
        made = []
        for _ in range(self.rng.randint(1, 3)):
            k = self.rng.random()
            n = self.fresh_name()
            if k < 0.4:
                # not a resurrect class: a finalizer that resurrects leaves nothing in gc.garbage
                self.new_instance(n, self.some_class(need_dict=True, fin="log"), attrs={"me": {"ref": n}})
            elif k < 0.6:
                self.emit({"op": "create", "name": n, "value": [1, "a"]})
                self.emit({"op": "link", "from": n, "append": True, "to": n})
            elif k < 0.8:
                self.emit({"op": "create", "name": n, "type": self.choice(WEAK)})
                self.emit({"op": "link", "from": n, "attr": "x", "to": n + ".copy"})  # a cycle through the bound method's __self__
            else:
                self.emit({"op": "create", "name": n, "value": T("dict", {"k": [1]})})
                self.emit({"op": "link", "from": n, "key": "me", "to": n})
            made.append(n)
        if self.r(0.5):
            self.emit({"op": "weakref", "name": "w", "target": made[0], "callback": True})
        self.emit({"op": "del", "names": made})
        self.emit({"op": "collect", "generation": self.choice([0, 2, 2])})
        for _ in range(self.rng.randint(1, 5)):
            g = {"$id": "_qgarb(%d)" % self.choice([0, -1, -1])}
            k = self.rng.random()
            if k < 0.3:
                self.emit({"op": "$inspect", "ref": g["$id"]})
            elif k < 0.45:
                self.emit({"op": self.choice(["getrefcount", "sizeof", "len"]), "ref": g})
            elif k < 0.55:
                self.emit({"op": "weakref", "name": self.choice(["w", "w1"]), "target": {"ref": g}, "callback": self.r(0.7)})
            elif k < 0.65:
                self.emit({"op": "link", "from": g, "attr": self.choice(["x", "me"]), "to": self.target()})
            elif k < 0.75:
                self.emit({"op": "assign", "name": self.fresh_name(), "to": {"ref": g}})
            elif k < 0.85:
                self.emit({"op": "collect"})
            elif k < 0.92:
                self.emit({"op": "gc", "debug": []})
            else:
                self.emit({"op": self.choice(["is", "eq"]), "a": g, "b": {"$id": "_qgarb(-1)"}})
        if self.r(0.5):
            self.emit({"op": "gc", "debug": []})

    def m_weakdeath(self):
        """A weak container whose keys, values or members die (by refcount, in a collection,
        with finalizers), also while `_iterating` is not empty (_pending_removals), read by len,
        contains, eq, sizeof, getrefcount and GET objects/{id}; values it refuses (TypeError for
        the unweakrefable and the unhashable) and missing keys (KeyError)."""
        wk = self.choice(WEAK)
        c = self.fresh_name()
        self.emit({"op": "create", "name": c, "type": wk})
        cls = self.some_class(need_weak=True, fin=self.choice([None, "log", "resurrect"]))
        if self.r(0.4):
            self.emit({"op": "link", "from": c + "._iterating", "add": True, "to": self.choice([1, T("str", "it")])})
        ms = []
        for _ in range(self.rng.randint(1, 4)):
            n = self.fresh_name()
            if n == c:
                continue
            self.emit({"op": "create", "name": n, "type": cls})
            ms.append(n)
        keys = []

        def put(to):
            if wk == "WeakSet":
                self.emit({"op": "link", "from": c, "add": True, "to": to})
            elif wk == "WeakValueDictionary":
                key = self.choice(KEY_STRS + [1, 2.5, T("tuple", [1, "a"])])
                keys.append(key)
                self.emit({"op": "link", "from": c, "key": key, "to": to})
            else:
                self.emit({"op": "link", "from": c, "key": {"ref": to} if isinstance(to, str) else to,
                           "to": self.choice([1, "k", {"ref": self.choice(ms)} if ms else 2, T(cls)])})
        for n in ms:
            put(n)
        for _ in range(self.rng.randint(3, 10)):
            k = self.rng.random()
            if k < 0.1:
                put(T(cls))  # dies when the statement ends: its callback removes it (or queues it)
            elif k < 0.17:
                put(self.choice([1, [1], T("str", "s"), None, T("tuple", [1]), T("dict", {}), T("object")]))  # TypeError
            elif k < 0.27 and ms:
                n = self.choice(ms)
                self.emit({"op": "del", "name": n})
                ms.remove(n)
            elif k < 0.33 and len(ms) > 1:
                a, b = self.rng.sample(ms, 2)
                self.emit({"op": "link", "from": a, "attr": self.attr_for(a), "to": b})
                self.emit({"op": "link", "from": b, "attr": self.attr_for(b), "to": a})
                self.emit({"op": "del", "names": [a, b]})
                ms.remove(a)
                ms.remove(b)
                if self.r(0.7):
                    self.emit({"op": "collect", "generation": self.choice([0, 2])})
            elif k < 0.43:
                self.emit({"op": "len", "ref": self.choice([c, c, c + ".data", c + "._pending_removals"])})
            elif k < 0.53:
                key = self.choice([{"ref": self.choice(ms)} if ms else 1, 1, [1], "k", T(cls), None,
                                   self.choice(keys) if keys else "k", T("tuple", [1, "a"])])
                self.emit({"op": "contains", "in": c, "key": key})
            elif k < 0.6:
                if wk == "WeakSet":
                    self.emit({"op": "unlink", "from": c, "discard": self.choice([{"ref": self.choice(ms)} if ms else 1, 1, [1], T(cls)])})
                else:
                    key = ({"ref": self.choice(ms)} if ms and wk == "WeakKeyDictionary" else
                           self.choice(keys + ["nokey", [1], 1, T(cls)]) if keys else self.choice(["nokey", [1], T(cls)]))
                    self.emit({"op": "unlink", "from": c, "key": key})
            elif k < 0.66:
                self.emit({"op": "eq", "a": c, "b": self.choice([c, c + ".data", T("dict", {}) if False else c + "._iterating"])})
            elif k < 0.72:
                self.emit({"op": self.choice(["sizeof", "getrefcount"]), "ref": self.choice([c, c + ".data", c + "._pending_removals"])})
            elif k < 0.8:
                self.emit({"op": "$inspect", "ref": self.choice([c, c + ".data", c + "._pending_removals", c + "._iterating"])})
            elif k < 0.85:
                self.emit({"op": "unlink", "from": c + "._iterating", "discard": self.choice([1, T("str", "it")])})
            elif k < 0.9:
                self.emit({"op": "collect"})
            elif k < 0.95 and wk != "WeakSet" and keys:
                self.emit({"op": "link", "from": c, "key": self.choice(keys), "to": self.choice([T(cls), {"ref": self.choice(ms)} if ms else 1])})
            else:
                self.emit({"op": "weakref", "name": self.choice(["w", "w1"]), "target": self.choice(ms or [c]), "callback": True})
        if self.r(0.5):
            self.emit({"op": "del", "names": [c] + ms})
        self.emit({"op": "collect"})

    CALLEES = ["id", "len", "object", "set", "frozenset", "gc", "sys", "weakref"]

    def m_bound_callees(self):
        """The session binds a name its operations' statements call (`len = [1]`, `gc = N()`,
        `object = Cls`, `weakref = w`): each such statement then calls the session's object
        (API.md's one rule: `len(a)` is TypeError "'list' object is not callable", `gc.collect()`
        AttributeError); then, mostly, the name is deleted and the builtin or module is back."""
        name = self.choice(self.CALLEES)
        k = self.rng.random()
        if k < 0.45:
            to = self.choice([5, None, "s", [1], {"type": "dict", "value": {"a": 1}}, {"type": "tuple", "value": [1]},
                              {"type": "object"}, {"type": "WeakSet"}, {"type": "float", "value": 1.5}])
            self.emit({"op": "create", "name": name, "value": to} if not isinstance(to, dict) or "type" not in to
                      else dict({"op": "create", "name": name}, **to))
        elif k < 0.75:
            cls = self.some_class()
            if self.r(0.5):
                self.emit({"op": "assign", "name": name, "to": cls})  # the class itself: a call makes an instance
            else:
                self.new_instance(name, cls, attrs={self.choice(["collect", "ref", "intern", "getsizeof", "enable",
                                                                   "x"]): self.value(1)} if self.r(0.4) else None)
        else:
            cls = self.some_class(need_weak=True)
            t = self.new_instance(None, cls)
            self.emit({"op": "weakref", "name": name, "target": t})  # a weakref: a call gives its referent
            if self.r(0.5):
                self.emit({"op": "del", "names": [t]})
        # the calls' arguments name other objects: the harness's script (script.py) keeps gc, sys
        # and weakref bound to the modules while the session does not bind them, so a path to one
        # the session deleted would find it there
        self.m.unbind(name)
        x = self.path()
        calls = [{"op": "id", "ref": x}, {"op": "len", "ref": x}, {"op": "sizeof", "ref": x},
                 {"op": "getrefcount", "ref": x}, {"op": "collect", "generation": self.choice([0, 2])},
                 {"op": "gc", "enabled": self.r(0.5)}, {"op": "gc", "debug": self.choice([["saveall"], []])},
                 {"op": "gc", "threshold": [700, 10, 10]}, {"op": "gc", "freeze": False},
                 {"op": "intern", "name": self.fresh_name(), "value": "hello world"},
                 {"op": "weakref", "name": "w9", "target": self.target(), "callback": self.r(0.3)},
                 {"op": "create", "name": self.fresh_name(), "type": "object"},
                 {"op": "create", "name": self.fresh_name(), "value": {"type": "set", "value": []}},
                 {"op": "create", "name": self.fresh_name(), "value": [1, {"type": "frozenset", "value": [1, 2]}]},
                 {"op": "create", "name": self.fresh_name(), "value": {"type": "frozenset", "value": []}},
                 {"op": "assign", "name": self.fresh_name(), "to": {"type": self.choice(WEAK)}}]
        for _ in range(self.rng.randint(1, 4)):
            self.emit(self.choice(calls))
        # (sys and id stay bound no longer than the motif: the harness's deep size is `_r = x`, no
        # call, and its $inspect finds an object's id with the `id` operation)
        if name in ("sys", "id") or self.r(0.8):
            self.emit({"op": "del", "names": [name]})
            self.emit(self.choice(calls))
        else:
            self.m.bind(name, "unknown")

    def random_op(self):
        m = self.m
        x = self.path()
        k = self.rng.random()
        if k < 0.12:
            op = {"op": "create", "name": self.fresh_name(), "value": self.value()}
            if self.r(0.15) and m.classes:
                op = {"op": "create", "name": self.fresh_name(), "type": self.choice(self.class_names()),
                      "attrs": {self.choice(ATTRS): self.value(1)}}
            elif self.r(0.1):  # the {"ref": R} value spec spread over the body
                op = {"op": "create", "name": self.fresh_name(), "ref": x}
        elif k < 0.22:
            f = self.path()
            op = {"op": "link", "from": f, "attr": self.attr_for(f.split(".")[0]), "to": self.target()}
        elif k < 0.27:
            op = {"op": "link", "from": self.path(["list"]), "append": True, "to": self.target()}
        elif k < 0.31:
            op = {"op": "link", "from": self.path(["dict", "wvd", "wkd"]), "key": self.hashable(), "to": self.target()}
        elif k < 0.33:
            op = {"op": "link", "from": self.path(["set", "ws"]), "add": True,
                  "to": self.tv(self.hashable()) if self.r(0.85) else self.path()}
        elif k < 0.36:
            op = {"op": "link", "from": self.path(["list", "list", "dict"]), "index": self.rng.randint(-2, 3), "to": self.target()}
        elif k < 0.43:
            op = {"op": "del", "names": self.rng.sample(list(m.kind) or ["a"], min(len(m.kind) or 1, self.rng.randint(1, 2)))}
        elif k < 0.5:
            op = {"op": "collect", "generation": self.choice([0, 1, 2, 2])}
        elif k < 0.54:
            op = {"op": "weakref", "name": self.choice(["w", "w1", "w2"]), "target": self.target(), "callback": self.r(0.6)}
        elif k < 0.57:
            op = {"op": "deref", "ref": self.path(["weakref"])}
        elif k < 0.63:
            op = {"op": "sizeof", "ref": x, "deep": self.r(0.3)}
        elif k < 0.69:
            op = {"op": "getrefcount", "ref": x}
        elif k < 0.72:
            op = {"op": "assign", "name": self.fresh_name(), "to": self.target()}
        elif k < 0.77:
            op = self.choice([{"op": "unlink", "from": x, "attr": self.choice(ATTRS)},
                              {"op": "unlink", "from": self.path(["list", "dict"]), "index": self.rng.randint(-2, 2)},
                              {"op": "unlink", "from": self.path(["dict", "wvd", "wkd"]), "key": self.hashable()},
                              {"op": "unlink", "from": self.path(["set", "ws"]), "discard": self.choice([self.tv(self.hashable()), self.path(),
                                                                                                         {"ref": self.path()}])}])
        elif k < 0.83:
            op = {"op": self.choice(["is", "eq"]), "a": x, "b": self.path()}
        elif k < 0.87:
            op = {"op": "len", "ref": x}
        elif k < 0.92:
            op = {"op": "contains", "in": x, "key": self.choice([self.hashable(), {"ref": self.path()}, [1]])}
        elif k < 0.94:
            op = {"op": "intern", "name": self.fresh_name(), "value": self.choice(STRS + [5])}
        elif k < 0.96:
            op = {"op": "id", "ref": x}
        elif k < 0.98:
            op = {"op": "class", "name": self.choice(CLASS_NAMES), **({"slots": self.choice(SLOTS)} if self.r(0.4) else {}),
                  **({"finalizer": self.choice(["log", "resurrect"])} if self.r(0.5) else {})}
            if op.get("slots") is None:
                op.pop("slots", None)
        else:
            op = {"op": "sizeof", "ref": x, "deep": True}
        self.emit(op)

    MOTIFS = [
        ("m_cycle", 14), ("m_container_cycle", 6), ("m_chain", 1.5), ("m_dag", 4), ("m_weakcont", 9),
        ("m_weakrefs", 7), ("m_resurrect", 5), ("m_gcstate", 5), ("m_constants", 5), ("m_strings_bytes", 3),
        ("m_eq_recursion", 2), ("m_attrs", 6), ("m_sets_dicts", 5), ("m_lists", 4), ("m_errors", 5),
        ("m_class_death", 4), ("random_op", 12),
        ("m_inspect", 4), ("m_byid", 4), ("m_bad", 5), ("m_batch_fail", 4), ("m_weakref_kinds", 4), ("m_typed_create", 2),
        ("m_deep_values", 2), ("m_paths", 3), ("m_edge_ints", 2), ("m_kinds", 5), ("m_numbers", 6),
        ("m_idpaths", 6), ("m_batch_ids", 5), ("m_spec_fields", 5), ("m_slots_fin", 5), ("m_gc_batch", 4),
        ("m_methods", 5), ("m_events", 6), ("m_weakdeath", 7), ("m_garbage", 4), ("m_bound_callees", 3),
    ]

    def generate(self, target_ops=None):
        target = target_ops or self.rng.randint(15, 90)
        if self.r(0.3):  # the session's seed (API.md: fixes the simulated addresses), else the default 0
            self.steps[0]["$seed"] = self.choice([1, 7, 4092, 4093, 4094, self.rng.randint(0, 10 ** 6), 2 ** 53, 2 ** 63 - 1])
        for _ in range(self.rng.randint(0, 3)):
            self.define_class()
        names = [n for n, _ in self.MOTIFS]
        weights = [w for _, w in self.MOTIFS]
        guard = 0
        while len(self.steps) < target and guard < 200:
            guard += 1
            getattr(self, self.rng.choices(names, weights)[0])()
        if self.r(0.4):
            self.emit({"op": "del", "names": list(self.m.classes) or ["nope"]})
            self.emit({"op": "collect"})
        return self.steps


def generate(seed, version=None, target_ops=None):
    return Gen(random.Random(seed), version).generate(target_ops)


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0), ensure_ascii=False, indent=None))
