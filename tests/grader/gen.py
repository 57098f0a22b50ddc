"""An independent grader's generator of JSON operation sequences, written from
API.md, seed-chapter.md and cpython-memory-facts.md (not from
tests/difffuzz/gen.py).

A sequence is a list of steps; a step is one operation (`{"op": ...}`) or a
batch (`{"op": "batch", "ops": [...]}`) or a read (`{"read": ...}`). An id
reference is written symbolically as `{"$id": "name"}`: the driver replaces it
by the id heapd's summary gives for that name when the step runs, and the
script by the name itself (the generator only uses it for a name no earlier
operation of the same step rebinds).
"""
import random

NAMES = ["a", "b", "c", "d", "e", "t", "s", "w", "x", "y"]
ATTRS = ["x", "partner", "next", "data", "kid"]
CLASSES = ["Node", "F", "R", "S", "SW"]
STRS = ["k", "key", "hello", "hello world", "spam!", "caf\u00e9", "\u00e9", "\u20ac", "", "a",
        "partner", "x", "\U0001F600", "k2", "it's", 'a"b', "both'\"", "back\\slash", "\n\t", "\x00", "\x7f",
        "\x85", "\xa0", "\u2028", "\ud800", "\ufeff", "hello_world2", "__init__", "None"]
WEAK = ["WeakValueDictionary", "WeakKeyDictionary", "WeakSet"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.classes = {}  # name -> dict(slots, finalizer)

    def ch(self, xs):
        return self.r.choice(xs)

    def p(self, x):
        return self.r.random() < x

    # ---- references -------------------------------------------------
    def path(self):
        """A reference path: a name and a chain of .attr / [int] / ["key"] / ['key']."""
        s = self.ch(NAMES)
        for _ in range(self.r.choice([0, 0, 0, 1, 1, 2])):
            k = self.r.random()
            if k < 0.45:
                s += "." + self.ch(ATTRS)
            elif k < 0.75:
                s += "[%d]" % self.ch([0, 1, -1, 2])
            elif k < 0.9:
                s += '["%s"]' % self.ch(["k", "key", "x", "k2"])
            else:
                s += "['%s']" % self.ch(["k", "key", "x"])
        return s

    def ref(self, rebound=()):
        """A reference for a ref-only field: a path, or (sometimes) an id."""
        if self.p(0.15):
            n = self.ch([n for n in NAMES if n not in rebound] or NAMES)
            return {"$id": n}
        return self.path()

    # ---- values -------------------------------------------------------
    def scalar(self):
        k = self.r.random()
        if k < 0.1:
            return self.ch([None, True, False])
        if k < 0.35:
            return self.ch([0, 1, -5, -6, 42, 256, 257, 1000, 2 ** 30, 2 ** 62, -(2 ** 40), -1, -2, 2 ** 61 - 1, 2 ** 61,
                            -(2 ** 61), 2 ** 63, -(2 ** 63), 2 ** 64 - 1])
        if k < 0.45:
            return self.ch([1.5, 0.0, -2.5, 3.14, 1e100, 2.0, -0.0, 1e-300, 5e-324, 1.7976931348623157e308, 1.0, 0.1])
        if k < 0.55:
            return {"type": "int", "value": self.ch(["123456789012345678901234567890", "0", "-7",
                                                   "340282366920938463463374607431768211457"])}
        if k < 0.62:
            return {"type": "float", "value": self.ch([1.5, 0.25, 10])}
        if k < 0.7:
            return {"type": "str", "value": self.ch(STRS)}
        if k < 0.75:
            return {"type": "bytes", "value": self.ch(["abc", "", "a", "\\x00\\xff", "hello", "it's", 'a"b', "\\x5c", "\\x27\\x22",
                                                     "\\x80", "\n"])}
        return self.ch(STRS)  # bare str (value-only field: a literal)

    def value(self, depth=0, rebound=(), hashable=False):
        """A value spec for a value-only field (a JSON string is a str)."""
        k = self.r.random()
        if hashable:
            if k < 0.1 and depth < 2:
                return {"type": "tuple", "value": [self.value(depth + 1, rebound, True) for _ in range(self.r.randint(0, 2))]}
            if k < 0.15 and depth < 2:
                return {"type": "frozenset", "value": [self.value(depth + 1, rebound, True) for _ in range(self.r.randint(0, 2))]}
            if k < 0.22:
                return {"ref": self.ref(rebound)}
            return self.scalar()
        if depth >= 3 or k < 0.4:
            return self.scalar()
        if k < 0.5:
            return {"ref": self.ref(rebound)}
        if k < 0.58:
            return [self.value(depth + 1, rebound) for _ in range(self.r.randint(0, 3))]
        if k < 0.66:
            return {"type": self.ch(["tuple", "list"]),
                    "value": [self.value(depth + 1, rebound) for _ in range(self.r.randint(0, 3))]}
        if k < 0.72:
            return {"type": self.ch(["set", "frozenset"]),
                    "value": [self.value(depth + 1, rebound, True) for _ in range(self.r.randint(0, 5))]}
        if k < 0.78:
            return {"type": "dict", "value": {self.ch(["k", "x", "a", "key"]): self.value(depth + 1, rebound)
                                              for _ in range(self.r.randint(0, 3))}}
        if k < 0.83:
            return {"type": "dict", "items": [[self.value(depth + 1, rebound, True), self.value(depth + 1, rebound)]
                                              for _ in range(self.r.randint(0, 3))]}
        if k < 0.87:
            return {"type": "object"}
        if k < 0.95 and self.classes:
            return {"type": self.ch(sorted(self.classes))}
        return {"type": self.ch(WEAK)}

    def rv(self, rebound=()):
        """A field taking a reference or a value (to, discard, target)."""
        k = self.r.random()
        if k < 0.35:
            return self.path()
        if k < 0.5:
            return {"ref": self.ref(rebound)}
        v = self.value(1, rebound)
        if isinstance(v, str):  # a bare JSON string here would be a path
            v = {"type": "str", "value": v}
        return v

    # ---- operations ---------------------------------------------------
    def op(self, rebound=()):
        k = self.r.random()
        if k < 0.2:
            o = {"op": "create", "name": self.ch(NAMES)}
            j = self.r.random()
            if j < 0.3 and self.classes:
                o["type"] = self.ch(sorted(self.classes))
            elif j < 0.45:
                v = self.value(1, rebound)
                if isinstance(v, dict) and "type" in v and "ref" not in v:
                    o.update(v)  # "any value spec plus name"
                else:
                    o["value"] = v
            elif j < 0.55:
                o["type"] = self.ch(WEAK + ["object"])
            else:
                o["value"] = self.value(0, rebound)
            if ("type" in o and o["type"] in self.classes and self.p(0.5)) or self.p(0.05):
                # attrs on a value that takes none: `a` stays bound, the rest raises
                o["attrs"] = {self.ch(ATTRS): self.value(1, rebound) for _ in range(self.r.randint(1, 3))}
            return o
        if k < 0.25:
            name = self.ch(CLASSES)
            o = {"op": "class", "name": name}
            if name in ("S", "SW"):
                o["slots"] = self.r.sample(ATTRS, self.r.randint(0, 3)) + (["__weakref__"] if name == "SW" else [])
            if name in ("F", "R") or self.p(0.2):
                o["finalizer"] = "resurrect" if name == "R" else "log"
            self.classes[name] = o
            return o
        if k < 0.32:
            return {"op": "assign", "name": self.ch(NAMES), "to": self.rv(rebound)}
        if k < 0.5:
            o = {"op": "link", "from": self.ref(rebound), "to": self.rv(rebound)}
            j = self.ch(["attr", "attr", "index", "key", "append", "add"])
            if j == "attr":
                o["attr"] = self.ch(ATTRS)
            elif j == "index":
                o["index"] = self.ch([0, 1, -1, 5])
            elif j == "key":
                o["key"] = self.value(1, rebound, True)
            else:
                o[j] = True
            return o
        if k < 0.57:
            o = {"op": "unlink", "from": self.ref(rebound)}
            j = self.ch(["attr", "index", "key", "discard"])
            if j == "attr":
                o["attr"] = self.ch(ATTRS)
            elif j == "index":
                o["index"] = self.ch([0, -1, 3])
            elif j == "key":
                o["key"] = self.value(1, rebound, True)
            else:
                o["discard"] = self.rv(rebound)
            return o
        if k < 0.64:
            if self.p(0.5):
                return {"op": "del", "name": self.ch(NAMES)}
            return {"op": "del", "names": self.r.sample(NAMES + ["nope"], self.r.randint(1, 3))}
        if k < 0.7:
            o = {"op": "collect"}
            if self.p(0.6):
                o["generation"] = self.ch([0, 1, 2, 2, 0, 1, 3, -1])
            return o
        if k < 0.74:
            o = {"op": "sizeof", "ref": self.ref(rebound)}
            if self.p(0.6):
                o["deep"] = self.ch([True, False])
            return o
        if k < 0.78:
            return {"op": "getrefcount", "ref": self.ref(rebound)}
        if k < 0.8:
            return {"op": "id", "ref": self.ref(rebound)}
        if k < 0.84:
            return {"op": self.ch(["is", "eq"]), "a": self.ref(rebound), "b": self.ref(rebound)}
        if k < 0.86:
            return {"op": "len", "ref": self.ref(rebound)}
        if k < 0.89:
            return {"op": "contains", "in": self.ref(rebound), "key": self.value(1, rebound, True)}
        if k < 0.91:
            return {"op": "intern", "name": self.ch(NAMES),
                    "value": self.ch(["hello world", "hello", "spam!", "x y", "k", "caf\u00e9", "\u20ac\u20ac", 5, None,
                                      {"type": "str", "value": "hello world"}])}
        if k < 0.96:
            o = {"op": "weakref", "name": self.ch(["w", "w", "x", "y"]), "target": self.rv(rebound)}
            if self.p(0.6):
                o["callback"] = self.ch([True, False])
            return o
        if k < 0.98:
            return {"op": "deref", "ref": self.ch(["w", "w", "x", "y"])}
        o = {"op": "gc"}
        # gc options in combination; the collector is only ever enabled with
        # thresholds no sequence reaches (the interpreter's own allocations
        # are not simulated: README, deviations)
        if self.p(0.5):
            o["enabled"] = self.ch([True, False])
        if self.p(0.5) or o.get("enabled"):
            o["threshold"] = self.ch([[0], [100000, 10, 10], [1000000], [0, 5, 5]])
        if self.p(0.4):
            o["debug"] = self.ch([["saveall"], []])
        if self.p(0.2):
            o["freeze"] = self.ch([True, False])
        return o

    def step(self):
        k = self.r.random()
        if k < 0.12:
            ops, rebound = [], set()
            for _ in range(self.r.randint(2, 6)):
                o = self.op(rebound)
                ops.append(o)
                if "name" in o:
                    rebound.add(o["name"])
                for n in o.get("names", []):
                    rebound.add(n)
            return {"op": "batch", "ops": ops}
        if k < 0.19:
            return {"read": self.ch(["probe", "probe", "probe", "gc", "graph", "events", "deep"])}
        if k < 0.25:
            return {"read": "path", "ref": self.path() if self.p(0.8) else self.ref()}
        if k < 0.21:
            return {"contract": self.r.randrange(len(CONTRACT))}
        return self.op()


# Requests whose answer API.md fixes without a Python statement to run:
# (method, path under the session, body, status, error code / exception type).
CONTRACT = [
    ("POST", "/len", {"ref": "a.__class__"}, 400, "bad_request"),
    ("POST", "/len", {"ref": "a.__dict__"}, 400, "bad_request"),
    # API.md: `"len"` raises NameError; heapd answers 422 unsupported for any
    # builtin it does not simulate (README, "422 unsupported"; commit 517d1f1):
    # CPython would find the builtin. The grader checks heapd's documented answer.
    ("POST", "/len", {"ref": "len"}, 422, "unsupported"),
    ("POST", "/id", {"ref": "print"}, 422, "unsupported"),
    ("POST", "/id", {"ref": "gc"}, 422, "NameError"),
    ("POST", "/id", {"ref": "_cb"}, 422, "NameError"),
    ("POST", "/len", {"ref": "a..b"}, 400, "bad_request"),
    ("POST", "/len", {"ref": "a["}, 400, "bad_request"),
    ("POST", "/len", {"ref": "a[x]"}, 400, "bad_request"),
    ("POST", "/len", {"ref": "1a"}, 400, "bad_request"),
    ("POST", "/len", {"ref": ""}, 400, "bad_request"),
    ("POST", "/len", {"ref": "a.b c"}, 400, "bad_request"),
    ("POST", "/len", {"ref": 1}, 404, "not_found"),
    ("POST", "/is", {"a": 8, "b": "a"}, 404, "not_found"),
    ("POST", "/len", {"ref": True}, 400, "bad_request"),
    ("POST", "/len", {"ref": 1.5}, 400, "bad_request"),
    ("POST", "/len", {}, 400, "bad_request"),
    ("POST", "/len", {"ref": "a", "extra": 1}, 400, "bad_request"),
    ("POST", "/create", {"name": "1x", "value": 1}, 400, "bad_request"),
    ("POST", "/create", {"name": "a", "value": {"type": "nosuchclass"}}, 422, "NameError"),
    ("POST", "/create", {"name": "a", "value": {"ref": 1}}, 404, "not_found"),
    ("POST", "/link", {"from": "a", "to": 1}, 400, "bad_request"),
    ("POST", "/unlink", {"from": "a"}, 400, "bad_request"),
    ("POST", "/del", {}, 400, "bad_request"),
    ("POST", "/nosuchop", {}, 404, "not_found"),
    ("GET", "/len", None, 405, "method_not_allowed"),
    ("DELETE", "/objects", None, 405, "method_not_allowed"),
    ("GET", "/objects/1", None, 404, "not_found"),
    ("GET", "/objects/abc", None, 404, "not_found"),
    ("POST", "/batch", {"ops": [{"op": "len", "ref": "a"}, {"op": "nosuchop"}]}, 400, "bad_request"),
    ("POST", "/batch", {"ops": [{"op": "gc"}, {"op": "len", "ref": 1}]}, 404, "not_found"),
    ("POST", "/batch", {"ops": "x"}, 400, "bad_request"),
    ("POST", "/gc", {"threshold": "x"}, 400, "bad_request"),
    ("POST", "/gc", {"debug": ["leak"]}, 400, "bad_request"),
    ("POST", "/class", {"name": "N", "finalizer": "explode"}, 400, "bad_request"),
    ("POST", "/weakref", {"name": "w"}, 400, "bad_request"),
]


def exercises():
    """The teaching chapter's cells and memory facts as fixed sequences."""
    X = []
    # identity vs equality
    X.append([{"op": "create", "name": "a", "value": [1, 2, 3]}, {"op": "create", "name": "b", "value": [1, 2, 3]},
              {"op": "assign", "name": "c", "to": "a"}, {"op": "eq", "a": "a", "b": "b"}, {"op": "is", "a": "a", "b": "b"},
              {"op": "is", "a": "a", "b": "c"}, {"op": "link", "from": "c", "append": True, "to": 4},
              {"op": "getrefcount", "ref": "a"}, {"op": "del", "name": "c"}, {"op": "getrefcount", "ref": "a"}])
    # interning
    X.append([{"op": "create", "name": "x", "value": 256}, {"op": "create", "name": "y", "value": 256},
              {"op": "is", "a": "x", "b": "y"}, {"op": "create", "name": "a", "value": 257},
              {"op": "create", "name": "b", "value": 257}, {"op": "is", "a": "a", "b": "b"},
              {"op": "create", "name": "s", "value": "hello"}, {"op": "create", "name": "t", "value": "hello"},
              {"op": "is", "a": "s", "b": "t"}, {"op": "create", "name": "c", "value": "hello world"},
              {"op": "create", "name": "d", "value": "hello world"}, {"op": "is", "a": "c", "b": "d"},
              {"op": "intern", "name": "e", "value": "hello world"}, {"op": "intern", "name": "w", "value": "hello world"},
              {"op": "is", "a": "e", "b": "w"}, {"read": "probe"}])
    # sizes
    X.append([{"op": "create", "name": n, "value": v} for n, v in
              [("a", 0), ("b", 1), ("c", 2 ** 30), ("d", {"type": "int", "value": str(2 ** 100)}), ("e", 3.14),
               ("s", ""), ("t", "a"), ("w", "hello"), ("x", []), ("y", [1, 2, 3])]] +
             [{"op": "sizeof", "ref": n} for n in ["a", "b", "c", "d", "e", "s", "t", "w", "x", "y"]] +
             [{"op": "create", "name": "a", "type": "tuple", "value": []}, {"op": "sizeof", "ref": "a"},
              {"op": "create", "name": "b", "type": "tuple", "value": [1, 2, 3]}, {"op": "sizeof", "ref": "b"},
              {"op": "create", "name": "c", "type": "dict", "value": {}}, {"op": "sizeof", "ref": "c"},
              {"op": "create", "name": "d", "type": "set", "value": []}, {"op": "sizeof", "ref": "d"},
              {"op": "create", "name": "e", "type": "set", "value": [1, 2, 3, 4, 5]}, {"op": "sizeof", "ref": "e"},
              {"op": "create", "name": "x", "type": "list", "value": []},
              ] + [{"op": "link", "from": "x", "append": True, "to": i} for i in range(9)] +
             [{"op": "sizeof", "ref": "x"}, {"op": "sizeof", "ref": "x", "deep": True}])
    # the chapter's cycle
    X.append([{"op": "class", "name": "Node"}, {"op": "create", "name": "a", "type": "Node", "attrs": {"name": "A"}},
              {"op": "create", "name": "b", "type": "Node", "attrs": {"name": "B"}},
              {"op": "link", "from": "a", "attr": "partner", "to": "b"}, {"op": "link", "from": "b", "attr": "partner", "to": "a"},
              {"op": "is", "a": "a.partner.partner", "b": "a"}, {"read": "probe"},
              {"op": "del", "names": ["a", "b"]}, {"op": "collect"}, {"read": "gc"}])
    # referrers / referents
    X.append([{"op": "create", "name": "t", "value": [10, 20, 30]},
              {"op": "create", "name": "c", "type": "dict", "value": {"data": {"ref": "t"}}},
              {"op": "assign", "name": "a", "to": "t"}, {"read": "probe"}, {"read": "graph"}])
    # weakref with finalizer and callback
    X.append([{"op": "class", "name": "F", "finalizer": "log"}, {"op": "create", "name": "a", "type": "F"},
              {"op": "weakref", "name": "w", "target": "a", "callback": True}, {"op": "deref", "ref": "w"},
              {"op": "is", "a": "w", "b": "w"}, {"op": "getrefcount", "ref": "a"}, {"op": "del", "name": "a"},
              {"op": "deref", "ref": "w"}])
    # WeakValueDictionary cache
    X.append([{"op": "class", "name": "Node"}, {"op": "create", "name": "c", "type": "WeakValueDictionary"}] +
             [{"op": "create", "name": n, "type": "Node", "attrs": {"x": i}} for i, n in enumerate("abd")] +
             [{"op": "link", "from": "c", "key": i, "to": n} for i, n in enumerate("abd")] +
             [{"op": "len", "ref": "c"}, {"op": "del", "name": "b"}, {"op": "len", "ref": "c"},
              {"op": "contains", "in": "c", "key": 1}, {"op": "del", "name": "a"}, {"op": "deref", "ref": "c[2]"},
              {"op": "sizeof", "ref": "c", "deep": True}, {"read": "probe"}])
    # lifecycle: finalizer order
    X.append([{"op": "class", "name": "F", "finalizer": "log"}] +
             [{"op": "create", "name": n, "type": "F"} for n in "abc"] +
             [{"op": "create", "name": "d", "value": [{"ref": "a"}, {"ref": "b"}, {"ref": "c"}]},
              {"op": "del", "names": ["a", "b", "c"]}, {"op": "del", "name": "d"}])
    # resurrection through a cycle
    X.append([{"op": "gc", "enabled": False}, {"op": "class", "name": "R", "finalizer": "resurrect"},
              {"op": "create", "name": "a", "type": "R"}, {"op": "create", "name": "b", "type": "R"},
              {"op": "link", "from": "a", "attr": "partner", "to": "b"}, {"op": "link", "from": "b", "attr": "partner", "to": "a"},
              {"op": "weakref", "name": "w", "target": "a", "callback": True},
              {"op": "del", "names": ["a", "b"]}, {"op": "collect"}, {"op": "deref", "ref": "w"}, {"op": "collect"},
              {"read": "gc"}])
    # DEBUG_SAVEALL + freeze
    X.append([{"op": "class", "name": "Node"}, {"op": "gc", "debug": ["saveall"]},
              {"op": "create", "name": "a", "type": "Node"}, {"op": "link", "from": "a", "attr": "me", "to": "a"},
              {"op": "create", "name": "l", "value": []}, {"op": "link", "from": "l", "append": True, "to": "l"},
              {"op": "del", "names": ["a", "l"]}, {"op": "collect"}, {"read": "gc"},
              {"op": "gc", "debug": [], "freeze": True}, {"op": "collect", "generation": 0}])
    # batch failing in the middle
    X.append([{"op": "batch", "ops": [{"op": "create", "name": "a", "value": [1]}, {"op": "link", "from": "a", "index": 5, "to": 1},
                                      {"op": "create", "name": "b", "value": 2}]}, {"read": "probe"}])
    return X
