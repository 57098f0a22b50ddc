"""Cross-product generator for difffuzz.py (--gen crossgen): every operation
form of API.md applied to every kind of object the sandbox makes, with the
odd-but-valid values of gen.py, in sequences that gen.py's motifs produce
rarely: a link/unlink/contains/len/eq/sizeof/getrefcount/deref/weakref/intern
aimed at a random member of a pool holding one object of each kind (and
paths into them: a weak container's data, _pending_removals, _iterating and
_remove, a class, an instance's attribute, an item), so that type errors,
attribute errors and odd successes of the unusual pairs (a key set on a
tuple, an attribute on a function, an append to a WeakSet, a WeakValueDictionary
item of an int, `eq` of a WeakValueDictionary and a dict, a discard of an
unhashable value from a set, ...) are compared with CPython.

    python3 tests/difffuzz/crossgen.py SEED            # prints one sequence
    python3 tests/difffuzz/difffuzz.py --gen crossgen --seconds 600 --versions 3.11 [--asan]

Same sequence format as gen.py (a list of operations and {"batch": [...]}
steps); the collector is disabled first (automatic collections: README)."""
import json
import random
import sys

import gen as G

WEAK = G.WEAK
KINDS = ["int", "bigint", "float", "str", "bytes", "none", "bool", "tuple", "list", "dict", "set", "frozenset",
         "object", "inst", "class", "weakref", "WeakValueDictionary", "WeakKeyDictionary", "WeakSet", "nested"]
KEYS = [1, 1.0, True, 0, 0.0, -0.0, False, -1, -2, 2 ** 61 - 1, 2 ** 61, 2 ** 64, "", "k", "é", "\x00", "😀",
        G.T("tuple", []), G.T("frozenset", []), G.T("tuple", [1, "k"]), G.T("frozenset", [1, 2]),
        G.T("tuple", [[1]]), [1], G.T("dict", {}), G.T("set", []), G.T("bytes", "k"), None, 1.5, 1e300,
        G.T("int", "123456789012345678901234567890"), G.T("tuple", [G.T("tuple", [G.T("frozenset", [0])])]),
        G.T("float", "1e400"), G.T("float", "-1e400"), 0.5, 2 ** 60, -(2 ** 63)]
INDEXES = [0, 1, -1, -2, 2, 3, 100, -100, 2 ** 31, 2 ** 63 - 1, -(2 ** 63), 2 ** 64, 2 ** 100, -(2 ** 70)]
ATTRS = ["x", "y", "data", "_remove", "_pending_removals", "_iterating", "append", "add", "real", "imag",
         "keyrefs", "name", "next", "_x", "__x", "x_", "self", "_resurrected", "callback", "keys", "pop",
         "__x_", "_x__", "___", "_", "x__y"]


class Cross:
    def __init__(self, rng, version):
        self.rng = rng
        self.version = version
        self.steps = [{"op": "gc", "enabled": False}]
        if rng.random() < 0.3:
            self.steps[0]["$seed"] = rng.choice([1, 7, 2 ** 31, 2 ** 63 - 1, 12345])
        self.names = {}     # name -> kind
        self.classes = []
        self.n = 0

    def choice(self, xs):
        return self.rng.choice(xs)

    def emit(self, op):
        self.steps.append(op)

    # ------------------------------------------------------------------ values
    def scalar(self):
        r = self.rng.random()
        if r < 0.2:
            return self.choice(G.SMALL_INTS + G.HASH_EDGE)
        if r < 0.3:
            return self.choice(G.BIG_INTS + G.NEAR_DOUBLE + G.INT64)
        if r < 0.4:
            return self.choice(G.FLOATS + [5e-324, 1.7976931348623157e308, 1e-310, 2.0 ** 53 + 2, 0.1 + 0.2])
        if r < 0.6:
            return self.choice(G.STRS + [chr(c) for c in G.UNI_CPS])
        if r < 0.65:
            return G.T("bytes", self.choice(G.BYTES))
        if r < 0.7:
            return G.T("int", self.choice(G.TYPED_INTS))
        if r < 0.74:
            return G.T("float", self.choice(G.INF_TEXTS))  # heapd takes a text only past the double range
        if r < 0.8:
            return self.choice([None, True, False])
        if r < 0.87 and self.names:
            return {"ref": self.choice(list(self.names))}
        if r < 0.93 and self.classes:
            return G.T(self.choice(self.classes))
        return self.choice([G.T("object"), G.T("str", self.choice(G.STRS)), G.T(self.choice(WEAK))])

    def value(self, depth=0):
        r = self.rng.random()
        if depth > 2 or r < 0.5:
            return self.scalar()
        k = self.rng.randrange(0, 4)
        items = [self.value(depth + 1) for _ in range(k)]
        t = self.choice(["list", "tuple", "set", "frozenset", "dict", "items", "bare"])
        if t == "bare":
            return items
        if t == "dict":
            return G.T("dict", {self.choice(G.KEY_STRS): v for v in items})
        if t == "items":
            return G.T("dict", items=[[self.key(), v] for v in items])
        if t in ("set", "frozenset"):
            return G.T(t, [self.key() if self.rng.random() < 0.7 else v for v in items])
        return G.T(t, items)

    def key(self):
        if self.rng.random() < 0.75:
            return self.choice(KEYS)
        return self.scalar()

    def of_kind(self, kind):
        if kind == "int":
            return self.choice(G.SMALL_INTS + G.HASH_EDGE[:-2])
        if kind == "bigint":
            return self.choice([G.T("int", self.choice(G.TYPED_INTS)), self.choice(G.BIG_INTS)])
        if kind == "float":
            return self.choice([1.5, -0.0, 1e300, G.T("float", self.choice(G.INF_TEXTS))])
        if kind == "str":
            return G.T("str", self.choice(G.STRS))
        if kind == "bytes":
            return G.T("bytes", self.choice(G.BYTES))
        if kind == "none":
            return None
        if kind == "bool":
            return self.choice([True, False])
        if kind in ("tuple", "set", "frozenset"):
            return G.T(kind, [self.key() for _ in range(self.rng.randrange(0, 4))])
        if kind == "list":
            return [self.value(1) for _ in range(self.rng.randrange(0, 4))]
        if kind == "dict":
            return G.T("dict", items=[[self.key(), self.value(1)] for _ in range(self.rng.randrange(0, 4))])
        if kind == "object":
            return G.T("object")
        if kind == "inst":
            return G.T(self.choice(self.classes)) if self.classes else G.T("object")
        if kind in WEAK:
            return G.T(kind)
        return self.value()

    # ------------------------------------------------------------------ references
    def ref(self):
        if not self.names or self.rng.random() < 0.03:
            return self.choice(["nope", "a", "x"])
        n = self.choice(list(self.names))
        k = self.names[n]
        r = self.rng.random()
        if r < 0.6:
            return n
        if k in WEAK and r < 0.85:
            return n + self.choice([".data", "._pending_removals", "._iterating", "._remove", ".data"])
        if r < 0.75:
            return n + "." + self.choice([a for a in ATTRS if not a.startswith("__")])
        if r < 0.9:
            return "%s[%d]" % (n, self.choice([0, 1, -1, 2, -2]))
        return "%s[%s]" % (n, self.choice(["'k'", '"x"', "''", "'é'", "'data'"]))

    def ref_or_value(self):
        r = self.rng.random()
        if r < 0.35:
            return self.ref()
        if r < 0.5:
            return {"ref": self.ref()}
        return self.top(self.value())

    @staticmethod
    def top(v):
        """A value in a field that takes a reference or a value: a bare string there is a path."""
        return G.T("str", v) if isinstance(v, str) else v

    def fresh(self):
        self.n += 1
        return self.choice(["a", "b", "c", "d", "x", "y", "z", "w", "ws", "wk", "wv", "t", "n%d" % self.n])

    # ------------------------------------------------------------------ operations
    def op_class(self):
        name = self.choice(["N", "P", "Node", "S", "R"])
        op = {"op": "class", "name": name}
        slots = self.choice(G.SLOTS)
        if slots is not None:
            op["slots"] = list(slots)
        if self.rng.random() < 0.5:
            op["finalizer"] = self.choice(["log", "resurrect"])
        self.emit(op)
        if name not in self.classes:
            self.classes.append(name)
        self.names[name] = "class"

    def op_create(self):
        kind = self.choice(KINDS)
        name = self.fresh()
        if kind == "class":
            return self.op_class()
        if kind == "weakref":
            op = {"op": "weakref", "name": name, "target": self.ref_or_value()}
            if self.rng.random() < 0.7:
                op["callback"] = self.rng.random() < 0.6
            self.emit(op)
        elif self.rng.random() < 0.3 and kind in ("object", "inst", "list", "dict") + tuple(WEAK):
            op = {"op": "create", "name": name}
            v = self.of_kind(kind)
            if isinstance(v, dict) and "type" in v:
                op.update(v)
            else:
                op["value"] = v
            if self.rng.random() < 0.6:
                op["attrs"] = {self.choice(["x", "y", "data", "self", "_remove", "next"]): self.ref_or_value()
                               for _ in range(self.rng.randrange(1, 3))}
            self.emit(op)
        else:
            self.emit({"op": "create", "name": name, "value": self.of_kind(kind)})
        self.names[name] = kind

    def place(self, op, form):
        """Sets op's attr, index or key for that form; else notes the form (op["form"]) and says False."""
        if form == "attr":
            op["attr"] = self.choice(ATTRS)
        elif form == "index":
            op["index"] = self.choice(INDEXES)
        elif form == "key":
            op["key"] = self.key()
        else:
            op["form"] = form
            return False
        return True

    def op_cross(self):
        f = self.ref()
        r = self.rng.random()
        if r < 0.35:
            form = self.choice(["attr", "index", "key", "append", "add"])
            op = {"op": "link", "from": f, "to": self.ref_or_value()}
            if not self.place(op, form):
                op[op.pop("form")] = True
            self.emit(op)
        elif r < 0.55:
            form = self.choice(["attr", "index", "key", "discard"])
            op = {"op": "unlink", "from": f}
            if not self.place(op, form):
                op.pop("form")
                op["discard"] = self.ref_or_value() if self.rng.random() < 0.5 else self.top(self.key())
            self.emit(op)
        elif r < 0.65:
            self.emit({"op": "contains", "in": f, "key": self.key() if self.rng.random() < 0.6 else self.value()})
        elif r < 0.72:
            self.emit({"op": self.choice(["eq", "is"]), "a": f, "b": self.ref()})
        elif r < 0.8:
            self.emit({"op": self.choice(["len", "getrefcount", "deref", "id"]), "ref": f})
        elif r < 0.86:
            op = {"op": "sizeof", "ref": f}
            if self.rng.random() < 0.6:
                op["deep"] = self.rng.random() < 0.7
            self.emit(op)
        elif r < 0.92:
            name = self.fresh()
            op = {"op": "weakref", "name": name, "target": self.ref_or_value()}
            if self.rng.random() < 0.7:
                op["callback"] = self.rng.random() < 0.6
            self.emit(op)
            self.names[name] = "weakref"
        elif r < 0.96:
            name = self.fresh()
            self.emit({"op": "intern", "name": name, "value": self.choice(G.STRS + [1, None, G.T("bytes", "a")])})
            self.names[name] = "str"
        else:
            name = self.fresh()
            self.emit({"op": "assign", "name": name, "to": self.ref_or_value()})
            self.names[name] = "any"

    def op_churn(self):
        r = self.rng.random()
        if r < 0.4 and self.names:
            ns = self.rng.sample(list(self.names), min(len(self.names), self.rng.randrange(1, 3)))
            self.emit({"op": "del", "names": ns} if len(ns) > 1 or self.rng.random() < 0.5 else {"op": "del", "name": ns[0]})
            for n in ns:
                self.names.pop(n, None)
        elif r < 0.75:
            op = {"op": "collect"}
            if self.rng.random() < 0.4:
                op["generation"] = self.choice([0, 1, 2])
            self.emit(op)
        else:
            op = {"op": "gc"}
            if self.rng.random() < 0.4:
                op["debug"] = self.choice([["saveall"], []])
            if self.rng.random() < 0.3:
                op["freeze"] = self.rng.random() < 0.5
            self.emit(op)

    def one(self):
        r = self.rng.random()
        if r < 0.25:
            self.op_create()
        elif r < 0.85:
            self.op_cross()
        else:
            self.op_churn()

    def build(self, n_ops):
        for _ in range(self.rng.randrange(0, 3)):
            self.op_class()
        for kind in self.rng.sample(KINDS, self.rng.randrange(4, len(KINDS))):
            name = self.fresh()
            if kind == "class":
                self.op_class()
                continue
            if kind == "weakref":
                self.emit({"op": "weakref", "name": name, "target": self.ref_or_value(), "callback": True})
            else:
                self.emit({"op": "create", "name": name, "value": self.of_kind(kind)})
            self.names[name] = kind
        while len(self.steps) < n_ops:
            if self.rng.random() < 0.12:
                # a batch of a few: the same forms, as consecutive statements
                saved = self.steps
                self.steps = []
                for _ in range(self.rng.randrange(1, 6)):
                    self.one()
                batch, self.steps = self.steps, saved
                self.emit({"batch": batch})
            else:
                self.one()
        if self.rng.random() < 0.5:
            self.emit({"op": "collect"})
        return self.steps


def generate(seed, version=None, target_ops=None):
    rng = random.Random(seed)
    return Cross(rng, version).build(target_ops or rng.randrange(20, 70))


if __name__ == "__main__":
    print(json.dumps(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1), ensure_ascii=False))
