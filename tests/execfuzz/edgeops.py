"""JSON operations at the edges, for edgefuzz.py --ops: the deepest value
specs, reference paths of every shape and length (long chains, [-1],
[''], escapes, unicode, huge ints, malformed), batches near --max-batch
mixing everything, ids of dead objects and of another session's objects
in every reference field, gc thresholds 0 / 1 / huge, freeze and collect
with finalizers, weak containers whose referents die in collections."""
import json
import random

NAMES = ["a", "b", "c", "n", "w", "d", "s", "l", "ws", "wk", "wv", "_resurrected"]
ATTRS = ["x", "next", "partner", "y"]
REF_FIELDS = {"sizeof": ["ref"], "getrefcount": ["ref"], "id": ["ref"], "len": ["ref"], "deref": ["ref"],
              "is": ["a", "b"], "eq": ["a", "b"], "contains": ["in"]}


class OpsGen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.ids = []       # ids heapd answered (some die later)
        self.foreign = []   # ids of another session

    def ref_path(self):
        r = self.r
        k = r.randrange(14)
        base = r.choice(NAMES)
        if k == 0:
            return base + ".next" * r.choice([10, 100, 1000, 10000])
        if k == 1:
            return base + "[0]" * r.choice([10, 200, 5000])
        if k == 2:
            return base + r.choice(["[-1]", "['']", '[""]', "['\\'']", "['\\\\']", "['é']", "['\\u00e9']",
                                    "['\U0001f600']", "[-0]", "[+1]", "[ 0 ]", "[0x1]", "[1_0]", "[00]",
                                    "[99999999999999999999999]", "[-9223372036854775808]",
                                    "[9223372036854775807]", "[18446744073709551616]", "['k'].x[0]",
                                    "[\"k\"]", "['a\\x00b']", "['\\n']"])
        if k == 3:
            return r.choice(["", ".", "a.", "a..b", "a[", "a[]", "a['", "a[']", "a[0", "a]", "[0]", "1a", "a b",
                             "a.__class__", "a.__dict__", "a._", "é", "a.é", "\U0001d41a", "a\x00", "a['k'",
                             "a[''']", "a[\"]", "a['\\", "None", "True", "len", "a.b.c.d.e.f.g", "a[0][0]['k'].x",
                             "a" * 100000, "a[" + "9" * 5000 + "]"])
        return base + "".join(r.choice([".x", ".next", "[0]", "[-1]", "['k']", "[1]"])
                              for _ in range(r.choice([0, 0, 1, 2, 5])))

    def ref(self):
        r = self.r
        k = r.randrange(10)
        if k < 5:
            return self.ref_path()
        if k < 7 and self.ids:
            return r.choice(self.ids)
        if k == 7 and self.foreign:
            return r.choice(self.foreign)
        return r.choice([0, -1, 1, 2 ** 63, 2 ** 64, -(2 ** 63), 1.5, True, None, [], {}, {"ref": "a"},
                         {"ref": {"ref": "a"}}, "", 10 ** 30])

    def value(self, depth=0):
        r = self.r
        k = r.randrange(24 if depth < 6 else 12)
        if k == 0:
            return r.choice([0, 1, -1, 256, 257, -5, -6, 2 ** 62, 2 ** 63 - 1, -(2 ** 63), 2 ** 64, 10 ** 30])
        if k == 1:
            return r.choice([1.5, -0.0, 1e308, 1e-320, 0.1])
        if k == 2:
            return r.choice(["", "x", "hello world", "é", "\U0001f600", "\ud800", "a" * 5000, "\x00", "ab\u0301"])
        if k == 3:
            return {"type": "int", "value": r.choice(["0", "-0", "1" * 4300, "1" * 4301, "9" * 20000, "+1", " 1",
                                                      "1_0", "0x10", "", "-", "١٢", "1e5"])}
        if k == 4:
            return {"type": "bytes", "value": r.choice(["", "abc", "\\x00\\xff", "\\x", "\\xZZ", "é", "a" * 5000,
                                                        "\\\\", "\\n"])}
        if k == 5:
            return {"type": r.choice(["object", "WeakSet", "WeakKeyDictionary", "WeakValueDictionary", "N", "R",
                                      "S", "Nope", "", "int", "list", "object"])}
        if k == 6:
            return {"ref": self.ref()}
        if k == 7:
            return {"type": "float", "value": r.choice([1.5, "1.5", "inf", "nan", 1e308, None])}
        if k == 8:
            return {"type": "str", "value": r.choice(["x", "", 1, None, "\ud800\udc00"])}
        if k == 9:
            return None
        if k == 10:
            return r.choice([True, False])
        if k == 11:
            return self.deep()
        n = r.choice([0, 1, 2, 3, 5, 50]) if depth == 0 else r.choice([0, 1, 2, 3])
        kind = r.choice(["list", "tuple", "set", "frozenset", "dict", "items", "bare"])
        vals = [self.value(depth + 1) for _ in range(min(n, 6))] * (n // 6 + 1)
        vals = vals[:n]
        if kind == "bare":
            return vals
        if kind == "dict":
            return {"type": "dict", "value": {"k%d" % i: v for i, v in enumerate(vals)}}
        if kind == "items":
            return {"type": "dict", "items": [[self.hashable(), v] for v in vals]}
        return {"type": kind, "value": vals}

    def hashable(self):
        return self.r.choice([1, "k", 1.5, None, True, {"type": "tuple", "value": [1, 2]},
                              {"type": "frozenset", "value": [1]}, {"type": "bytes", "value": "b"},
                              [1], {"type": "set", "value": []}, {"type": "int", "value": "9" * 30}])

    def deep(self):
        r = self.r
        n = r.choice([50, 100, 500, 2000])
        kind = r.choice(["list", "tuple", "bare", "dict", "frozenset", "set", "ref"])
        v = r.choice([1, None, "x", {"type": "object"}])
        for _ in range(n):
            if kind == "bare":
                v = [v]
            elif kind == "dict":
                v = {"type": "dict", "value": {"k": v}}
            elif kind == "ref":
                v = {"ref": v} if isinstance(v, (str, int)) else {"ref": "a"}
            else:
                v = {"type": kind, "value": [v]}
        return v

    def op(self):
        r = self.r
        k = r.randrange(22)
        if k == 0:
            return {"op": "create", "name": r.choice(NAMES), "value": self.value(),
                    **({"attrs": {r.choice(ATTRS): self.value()}} if r.random() < 0.3 else {})}
        if k == 1:
            return {"op": "create", "name": r.choice(NAMES), "type": r.choice(["N", "R", "S", "object", "list"])}
        if k == 2:
            return {"op": "class", "name": r.choice(["N", "R", "S"]),
                    **({"finalizer": r.choice(["log", "resurrect", "nope"])} if r.random() < 0.7 else {}),
                    **({"slots": r.choice([["x", "__weakref__"], ["x"], [], ["__dict__"], ["x", "x"], ["1"],
                                           ["é"], ["__weakref__", "__weakref__"]])} if r.random() < 0.3 else {})}
        if k == 3:
            return {"op": "link", "from": self.ref(), r.choice(["attr", "index", "key", "append", "add"]):
                    r.choice([r.choice(ATTRS), 0, -1, 2 ** 63, "k", True, self.hashable()]), "to": self.value()}
        if k == 4:
            return {"op": "link", "from": self.ref(), "attr": r.choice(ATTRS), "to": self.ref()}
        if k == 5:
            return {"op": "unlink", "from": self.ref(),
                    r.choice(["attr", "index", "key", "discard"]): r.choice([r.choice(ATTRS), 0, -1, "k",
                                                                           self.hashable(), 2 ** 64])}
        if k == 6:
            return {"op": "del", "names": r.sample(NAMES, r.choice([1, 2, 5]))}
        if k == 7:
            return {"op": "collect", **({"generation": r.choice([0, 1, 2, 3, -1, 2 ** 64, None])}
                                        if r.random() < 0.5 else {})}
        if k == 8:
            return {"op": "gc", r.choice(["threshold", "enabled", "debug", "freeze"]):
                    r.choice([[0, 0, 0], [1, 1, 1], [0], [2 ** 31 - 1, 2 ** 31, 1], [700, 10, 10], [1, 0, 0],
                              [-1, 1, 1], [2 ** 64, 1, 1], [], True, False, ["saveall"], [], ["nope"]])}
        if k == 9:
            return {"op": "weakref", "name": r.choice(["w", "w2", "d"]), "target": r.choice([self.ref(),
                                                                                          self.value()]),
                    "callback": r.random() < 0.6}
        if k == 10:
            return {"op": "assign", "name": r.choice(NAMES), "to": r.choice([self.ref(), self.value()])}
        if k == 11:
            return {"op": "intern", "name": "s", "value": r.choice(["x", "hello world", "é", "", "a" * 100000])}
        if k == 12:
            return {"op": "contains", "in": self.ref(), "key": self.value()}
        if k == 13:
            return {"op": "sizeof", "ref": self.ref(), "deep": r.random() < 0.5}
        if k == 14:
            return {"op": "link", "from": self.ref(), "key": self.ref_path(), "to": {"ref": self.ref()}}
        if k == 15:
            return {"op": "create", "name": r.choice(["wv", "wk", "ws"]),
                    "type": r.choice(["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"])}
        if k == 16:
            return {"op": "link", "from": r.choice(["wv", "wk", "ws"]), r.choice(["key", "add"]):
                    r.choice([{"ref": self.ref()}, "k", 1]), "to": {"ref": self.ref()}}
        if k == 17:
            return {"op": "exec", "source": "gc.collect()"}  # not an op of a batch: a 400
        op = r.choice(list(REF_FIELDS))
        return {"op": op, **{f: self.ref() for f in REF_FIELDS[op]},
                **({"key": self.value()} if op == "contains" else {})}

    def prelude(self):
        return [{"op": "class", "name": "N", "finalizer": "log"},
                {"op": "class", "name": "R", "finalizer": "resurrect"},
                {"op": "class", "name": "S", "slots": ["x", "next", "__weakref__"]},
                {"op": "create", "name": "a", "type": "N"}, {"op": "create", "name": "b", "type": "R"},
                {"op": "link", "from": "a", "attr": "next", "to": {"ref": "b"}},
                {"op": "link", "from": "b", "attr": "next", "to": {"ref": "a"}},
                {"op": "create", "name": "l", "value": [1, [2, [3]], {"type": "dict", "value": {"k": [0]}}]},
                {"op": "create", "name": "wv", "type": "WeakValueDictionary"},
                {"op": "link", "from": "wv", "key": "k", "to": {"ref": "a"}},
                {"op": "weakref", "name": "w", "target": "b", "callback": True}]

    def requests(self):
        """-> [(method, path suffix, body)]"""
        r = self.r
        out = [("POST", "batch", {"ops": self.prelude()})]
        for _ in range(r.choice([5, 10, 20])):
            k = r.randrange(10)
            if k < 5:
                op = self.op()
                name = op.pop("op")
                out.append(("POST", name, op))
            elif k < 8:
                n = r.choice([2, 10, 100, 999, 1000, 1001]) if r.random() < 0.3 else r.choice([2, 5, 10])
                ops = [self.op() for _ in range(min(n, 40))]
                ops = (ops * (n // len(ops) + 1))[:n]
                out.append(("POST", "batch", {"ops": ops}))
            elif k == 8:
                out.append(("GET", r.choice(["objects", "graph", "gc", "events?after=0", "script", "",
                                             "objects?repr=full", "graph?limit=1", "events?after=-1"]), None))
            else:
                out.append(("GET", "objects/%s" % r.choice(self.ids or [1]), None))
        return out

    def learn(self, body):
        """remember ids from an answer"""
        def walk(o):
            if isinstance(o, dict):
                if isinstance(o.get("id"), int) and "type" in o:
                    self.ids.append(o["id"])
                for v in o.values():
                    walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)
        walk(body)
        del self.ids[:-200]


def encode(body):
    return json.dumps(body, ensure_ascii=True)
