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
        self.bound = []  # names a step has bound (most likely still bound)
        self.kind = {}  # name -> what it was bound to: inst, list, dict, set, wvd, wkd, ws, other

    def ch(self, xs):
        return self.r.choice(xs)

    def p(self, x):
        return self.r.random() < x

    # ---- references -------------------------------------------------
    def path(self):
        """A reference path: a name and a chain of .attr / [int] / ["key"] / ['key']."""
        s = self.ch(self.bound) if self.bound and self.p(0.85) else self.ch(NAMES)
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
            pool = [n for n in (self.bound if self.p(0.85) else NAMES) if n not in rebound]
            return {"$id": self.ch(pool or NAMES)}
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
                # the attrs run after the name is bound: an id of its old object may be dead by then
                o["attrs"] = {self.ch(ATTRS): self.value(1, set(rebound) | {o["name"]}) for _ in range(self.r.randint(1, 3))}
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
            fit = [n for n in self.bound if self.kind.get(n) not in (None, "other") and n not in rebound]
            if fit and self.p(0.7):
                n = self.ch(fit)
                o["from"] = n if self.p(0.85) else {"$id": n}
                j = {"inst": "attr", "list": self.ch(["append", "index", "append"]), "dict": "key", "set": "add",
                     "wvd": "key", "wkd": "key", "ws": "add"}[self.kind[n]]
                if self.kind[n] in ("wvd", "ws") and self.p(0.7):
                    insts = [m for m in self.bound if self.kind.get(m) == "inst"] or [m for m in self.classes]
                    if insts:
                        o["to"] = self.ch(insts) if self.ch(insts) in self.bound else {"type": self.ch(insts)}
                if self.kind[n] == "wkd" and self.p(0.7):
                    insts = [m for m in self.bound if self.kind.get(m) == "inst"]
                    if insts:
                        o["key"] = {"ref": self.ch(insts)}
                        o["to"] = self.rv(rebound)
                        return o
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
            fit = [n for n in self.bound if self.kind.get(n) not in (None, "other") and n not in rebound]
            if fit and self.p(0.7):
                n = self.ch(fit)
                o["from"] = n if self.p(0.85) else {"$id": n}
                j = {"inst": "attr", "list": "index", "dict": "key", "set": "discard", "wvd": "key", "wkd": "key",
                     "ws": "discard"}[self.kind[n]]
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
                return {"op": "del", "name": self.ch(self.bound if self.bound and self.p(0.7) else NAMES)}
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

    def note(self, o):
        """Keeps self.bound: what the operation o binds or deletes."""
        if o.get("op") == "batch":
            for x in o["ops"]:
                self.note(x)
        elif o.get("op") in ("create", "assign", "intern", "weakref", "class") and "name" in o:
            if o["name"] not in self.bound:
                self.bound.append(o["name"])
            v = o.get("value") if "value" in o else ({"type": o["type"]} if "type" in o else None)
            t = v.get("type") if isinstance(v, dict) else ("list" if isinstance(v, list) else None)
            self.kind[o["name"]] = ("inst" if t in self.classes else "list" if t == "list" else "dict" if t == "dict"
                                    else "set" if t == "set" else {"WeakValueDictionary": "wvd", "WeakKeyDictionary": "wkd",
                                                                  "WeakSet": "ws"}.get(t, "other")) if o["op"] == "create" else "other"
        elif o.get("op") == "del":
            for n in o.get("names") or [o.get("name")]:
                if n in self.bound:
                    self.bound.remove(n)
        return o

    def step(self):
        return self.note(self.step1())

    def step1(self):
        if len(self.bound) < 3 and self.p(0.6):
            o = {"op": "create", "name": self.ch(NAMES)}
            if self.classes and self.p(0.4):
                o["type"] = self.ch(sorted(self.classes))
            else:
                o["value"] = self.ch([[], [1, 2], {"type": "dict", "value": {"k": [], "x": 1}},
                                      {"type": "set", "value": [1, "k"]}, {"type": "tuple", "value": [[], 1]},
                                      {"type": "object"}, {"type": self.ch(WEAK)}, self.value(0)])
            return o
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
    # API.md: builtins are not names of the namespace a reference path reads,
    # so `"len"` raises NameError (until 2026-12-03 heapd answered 422 unsupported)
    ("POST", "/len", {"ref": "len"}, 422, "NameError"),
    ("POST", "/id", {"ref": "print"}, 422, "NameError"),
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
    ("POST", "/is", {"a": "a", "b": "object.x"}, 422, "NameError"),
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


def _c(n, v):
    return {"op": "create", "name": n, "value": v}


def _sz(n):
    return {"op": "sizeof", "ref": n}


def facts():
    """cpython-memory-facts.md's measured rows as sequences (section in the name)."""
    F = {}
    # 1c: list growth by append, and pop back; dict growth by str and int keys; set growth
    F["1c-list-append"] = [_c("x", [])] + [s for i in range(20) for s in
                                            ({"op": "link", "from": "x", "append": True, "to": i}, _sz("x"))] + \
        [s for _ in range(20) for s in ({"op": "unlink", "from": "x", "index": -1}, _sz("x"))]
    F["1c-list-del0"] = [_c("x", list(range(20)))] + [s for _ in range(20) for s in
                                                      ({"op": "unlink", "from": "x", "index": 0}, _sz("x"))]
    F["1c-dict-str-keys"] = [_c("x", {"type": "dict", "value": {}})] + \
        [s for i in range(12) for s in ({"op": "link", "from": "x", "key": "k%d" % i, "to": i}, _sz("x"))] + \
        [{"op": "link", "from": "x", "key": 1, "to": 0}, _sz("x")]
    F["1c-dict-str-then-int"] = [_c("x", {"type": "dict", "value": {"a": 1, "b": 2, "c": 3}}), _sz("x"),
                                 {"op": "link", "from": "x", "key": 1, "to": 0}, _sz("x"),
                                 {"op": "unlink", "from": "x", "key": "a"}, _sz("x")]
    F["1c-set-add"] = [_c("x", {"type": "set", "value": []})] + \
        [s for i in range(20) for s in ({"op": "link", "from": "x", "add": True, "to": i}, _sz("x"))] + \
        [_c("y", {"type": "set", "value": [1, 2, 3, 4, 5]}), _sz("y"),
         _c("z", {"type": "frozenset", "value": list(range(10))}), _sz("z")] + \
        [s for i in range(20) for s in ({"op": "unlink", "from": "x", "discard": i}, _sz("x"))]
    F["1c-list-literals"] = [s for n in range(11) for s in (_c("x", list(range(1, n + 1))), _sz("x"))] + \
        [_c("a", 1)] + [s for n in range(6) for s in (_c("x", [{"ref": "a"}] * n), _sz("x"))]
    # 1a/1b: sizes of literals
    F["1a-sizes"] = [s for i, v in enumerate([0, 1, 255, 2 ** 30 - 1, 2 ** 30, 2 ** 60, -(2 ** 30), None, 3.14, 0.0, "", "a",
                                              "hello", "hello world", "\u00e9", "\u00e9\u00e9", "caf\u00e9", "\u20ac",
                                              "ab\u20ac", "\U0001F600", "a\U0001F600", {"type": "bytes", "value": ""},
                                              {"type": "bytes", "value": "abc"}, {"type": "tuple", "value": []},
                                              {"type": "tuple", "value": [1]}, {"type": "tuple", "value": [1, 2, 3]},
                                              {"type": "object"}, {"type": "dict", "value": {"a": 1}},
                                              {"type": "dict", "items": [[1, 1]]}, {"type": "frozenset", "value": [1]},
                                              {"type": "int", "value": str(2 ** 100)}, {"type": "int", "value": str(-(2 ** 100))}])
                        for s in (_c("x", v), _sz("x"))]
    # 1d/1e: instances, slots, classes, weak containers
    F["1b-instances"] = [{"op": "class", "name": "P"}, {"op": "class", "name": "S", "slots": []},
                         {"op": "class", "name": "S1", "slots": ["a"]}, {"op": "class", "name": "S3", "slots": ["a", "b", "c"]},
                         {"op": "class", "name": "SW", "slots": ["a", "__weakref__"]},
                         {"op": "class", "name": "W", "slots": ["__weakref__"]},
                         {"op": "class", "name": "SD", "slots": ["a", "__dict__"]}] + \
        [s for c in ["P", "S", "S1", "S3", "SW", "W", "SD"] for s in
         ({"op": "create", "name": "x", "type": c}, _sz("x"), _sz(c), {"op": "getrefcount", "ref": c})] + \
        [s for t in WEAK for s in ({"op": "create", "name": "x", "type": t}, _sz("x"), {"op": "sizeof", "ref": "x", "deep": True})]
    # 2: interning and caching
    F["2-interning"] = [_c("a", 256), _c("b", 256), {"op": "is", "a": "a", "b": "b"}, _c("a", -5), _c("b", -5),
                        {"op": "is", "a": "a", "b": "b"}, _c("a", -6), _c("b", -6), {"op": "is", "a": "a", "b": "b"},
                        _c("a", [257, 257]), {"op": "is", "a": "a[0]", "b": "a[1]"}, _c("a", 1.5), _c("b", 1.5),
                        {"op": "is", "a": "a", "b": "b"}, _c("a", "hello_world2"), _c("b", "hello_world2"),
                        {"op": "is", "a": "a", "b": "b"}, _c("a", "caf\u00e9"), _c("b", "caf\u00e9"), {"op": "is", "a": "a", "b": "b"},
                        _c("a", ""), _c("b", {"type": "str", "value": ""}), {"op": "is", "a": "a", "b": "b"},
                        _c("a", "\u00ff"), _c("b", "\u00ff"), {"op": "is", "a": "a", "b": "b"},
                        _c("a", "\u0100"), _c("b", "\u0100"), {"op": "is", "a": "a", "b": "b"},
                        _c("a", {"type": "bytes", "value": "\\xc8"}), _c("b", {"type": "bytes", "value": "\\xc8"}),
                        {"op": "is", "a": "a", "b": "b"}, _c("a", {"type": "frozenset", "value": []}),
                        _c("b", {"type": "frozenset", "value": []}), {"op": "is", "a": "a", "b": "b"},
                        _c("a", {"type": "tuple", "value": []}), _c("b", {"type": "tuple", "value": []}), {"op": "is", "a": "a", "b": "b"},
                        _c("a", "hello qq1"), {"op": "intern", "name": "b", "value": "hello qq1"}, {"op": "is", "a": "a", "b": "b"},
                        {"op": "intern", "name": "c", "value": "hello qq1"}, {"op": "is", "a": "b", "b": "c"},
                        {"op": "getrefcount", "ref": "c"}, {"op": "del", "names": ["b", "c"]},
                        {"op": "intern", "name": "c", "value": "hello qq1"}, {"read": "probe"}]
    # 3: refcounts through containers
    F["3-refcounts"] = [{"op": "class", "name": "N"}, _c("x", [1, 2, 3]), {"op": "assign", "name": "y", "to": "x"},
                        {"op": "getrefcount", "ref": "x"}, _c("L", [{"ref": "x"}]),
                        {"op": "link", "from": "L", "append": True, "to": "x"}, _c("t", {"type": "tuple", "value": [{"ref": "x"}]}),
                        _c("d", {"type": "dict", "value": {"k": {"ref": "x"}}}), {"op": "link", "from": "d", "key": "k2", "to": "x"},
                        {"op": "create", "name": "n", "type": "N", "attrs": {"a": {"ref": "x"}, "b": {"ref": "x"}}},
                        {"op": "getrefcount", "ref": "x"}, {"read": "probe"}, {"op": "del", "name": "L"},
                        {"op": "getrefcount", "ref": "x"}, {"op": "del", "name": "d"}, {"op": "getrefcount", "ref": "N"},
                        {"op": "del", "name": "n"}, {"op": "getrefcount", "ref": "N"}, {"read": "probe"}]
    # 4: weakrefable or not
    F["4-weakrefable"] = [{"op": "class", "name": "P"}, {"op": "class", "name": "S", "slots": ["a"]}] + \
        [{"op": "weakref", "name": "w", "target": v} for v in
         [1, {"type": "int", "value": str(2 ** 100)}, True, None, 1.5, {"type": "str", "value": "s"},
          {"type": "bytes", "value": "b"}, [1], {"type": "dict", "value": {}}, {"type": "tuple", "value": [1]},
          {"type": "object"}, {"type": "S"}, {"type": "set", "value": []}, {"type": "frozenset", "value": [1]},
          {"type": "P"}, {"ref": "P"}, {"type": "WeakSet"}, {"ref": "w"}]]
    # 5b: tracking
    F["5b-tracking"] = [_c("d", {"type": "dict", "value": {}}), {"op": "link", "from": "d", "key": "a", "to": 1},
                        {"read": "probe"}, {"op": "link", "from": "d", "key": "b", "to": []}, {"read": "probe"},
                        {"op": "link", "from": "d", "key": "b", "to": 2}, {"op": "collect", "generation": 0}, {"read": "probe"},
                        {"op": "collect"}, {"read": "probe"}, _c("t", {"type": "tuple", "value": [{"type": "tuple", "value": [1, 2]},
                                                                                                    {"type": "tuple", "value": [3, 4]}]}),
                        {"read": "path", "ref": "t[0]"}, {"op": "collect"}, {"read": "path", "ref": "t[0]"}, {"read": "probe"},
                        {"op": "collect"}, {"read": "probe"}, {"read": "path", "ref": "t[1]"}]
    # 6: gc.collect results
    F["6-collect"] = [{"op": "class", "name": "Node"}, {"op": "class", "name": "F", "finalizer": "log"},
                      {"op": "class", "name": "R", "finalizer": "resurrect"}] + \
        [s for cls in ("Node", "F", "R") for s in
         ({"op": "create", "name": "a", "type": cls}, {"op": "create", "name": "b", "type": cls},
          {"op": "link", "from": "a", "attr": "partner", "to": "b"}, {"op": "link", "from": "b", "attr": "partner", "to": "a"},
          {"op": "link", "from": "a", "attr": "extra", "to": {"type": "tuple", "value": [1, [2]]}},
          {"op": "weakref", "name": "w", "target": "a", "callback": True},
          {"op": "create", "name": "c", "type": "WeakValueDictionary"}, {"op": "link", "from": "c", "key": "a", "to": "b"},
          {"op": "del", "names": ["a", "b"]}, {"op": "collect", "generation": 0}, {"op": "len", "ref": "c"},
          {"op": "collect"}, {"op": "deref", "ref": "w"}, {"op": "len", "ref": "c"}, {"read": "gc"})] + \
        [{"op": "unlink", "from": "_resurrected", "index": 0}, {"op": "collect"}]
    # 6c: the 3.11+ shared-keys budget
    F["6c-shared-keys"] = [{"op": "class", "name": "C"}] + \
        [s for i in range(28) for s in ({"op": "create", "name": "x", "type": "C"},)] + \
        [{"op": "create", "name": "a", "type": "C", "attrs": {"x1": 1}}, {"op": "create", "name": "b", "type": "C"},
         {"op": "link", "from": "a", "attr": "p", "to": "b"}, {"op": "link", "from": "b", "attr": "p", "to": "a"},
         {"op": "del", "names": ["a", "b"]}, {"op": "collect"}]
    # 7: order of events
    F["7-order"] = [{"op": "class", "name": "F", "finalizer": "log"}, {"op": "class", "name": "G", "finalizer": "log"},
                    {"op": "create", "name": "o", "type": "F", "attrs": {"z": {"type": "G"}, "y": {"type": "G"}}},
                    {"op": "weakref", "name": "w1", "target": "o", "callback": True},
                    {"op": "weakref", "name": "w2", "target": "o", "callback": True},
                    {"op": "weakref", "name": "w3", "target": "o.y", "callback": True}, {"op": "del", "name": "o"},
                    _c("L", [{"type": "F"}, {"type": "G"}, [{"type": "F"}, {"type": "G"}]]), {"op": "del", "name": "L"},
                    _c("d", {"type": "dict", "items": [[{"type": "F"}, {"type": "G"}], ["k", {"type": "F"}]]}),
                    {"op": "unlink", "from": "d", "key": "k"}, {"op": "del", "name": "d"},
                    {"op": "create", "name": "a", "type": "F"}, {"op": "create", "name": "a", "type": "G"},
                    {"op": "collect", "generation": 0},
                    {"op": "create", "name": "r1", "type": "F"}, {"op": "create", "name": "r2", "type": "G"},
                    {"op": "link", "from": "r1", "attr": "n", "to": "r2"}, {"op": "link", "from": "r2", "attr": "n", "to": "r1"},
                    {"op": "weakref", "name": "w4", "target": "r2", "callback": True},
                    {"op": "weakref", "name": "w5", "target": "r1", "callback": True},
                    {"op": "del", "names": ["r1", "r2"]}, {"op": "collect"}]
    # 9: weak containers
    F["9-weak-containers"] = [{"op": "class", "name": "P"}, {"op": "create", "name": "a", "type": "P"},
                              {"op": "create", "name": "d", "type": "WeakValueDictionary"},
                              {"op": "link", "from": "d", "key": "k", "to": "a"}, {"op": "len", "ref": "d"},
                              {"op": "contains", "in": "d", "key": "k"}, {"op": "getrefcount", "ref": "a"},
                              {"op": "create", "name": "s", "type": "WeakSet"}, {"op": "link", "from": "s", "add": True, "to": "a"},
                              {"op": "create", "name": "k", "type": "WeakKeyDictionary"}, {"op": "link", "from": "k", "key": {"ref": "a"}, "to": 5},
                              {"read": "probe"}, {"op": "deref", "ref": "d['k']"}, {"op": "unlink", "from": "d", "key": "nope"},
                              {"op": "del", "name": "a"}, {"op": "len", "ref": "d"}, {"op": "len", "ref": "s"}, {"op": "len", "ref": "k"},
                              {"read": "probe"}, {"op": "unlink", "from": "s", "discard": {"type": "P"}},
                              {"op": "link", "from": "s", "add": True, "to": {"type": "str", "value": "s"}},
                              {"op": "link", "from": "k", "key": [1], "to": 1}, {"op": "link", "from": "d", "key": "x", "to": 1}]
    # 10: messages
    F["10-messages"] = [{"op": "class", "name": "Node"}, {"op": "class", "name": "S", "slots": ["x"]},
                        {"op": "create", "name": "a", "type": "Node"}, {"op": "unlink", "from": "a", "attr": "missing"},
                        {"op": "create", "name": "s", "type": "S"}, {"op": "link", "from": "s", "attr": "y", "to": 1},
                        {"op": "unlink", "from": "s", "attr": "x"}, {"op": "create", "name": "o", "type": "object"},
                        {"op": "link", "from": "o", "attr": "y", "to": 1}, _c("l", [1]), {"op": "link", "from": "l", "attr": "y", "to": 1},
                        {"op": "link", "from": "l", "index": 5, "to": 1}, {"op": "unlink", "from": "l", "index": 5},
                        {"op": "len", "ref": "a.missing"}, {"op": "len", "ref": "a"}, {"op": "contains", "in": "a", "key": 1},
                        _c("t", {"type": "tuple", "value": [1]}), {"op": "link", "from": "t", "index": 0, "to": 2},
                        {"op": "len", "ref": "a[0]"}, {"op": "deref", "ref": "l"}, {"op": "collect", "generation": 3},
                        {"op": "intern", "name": "i", "value": 5}, {"op": "gc", "threshold": [1, 2, 3, 4]},
                        {"op": "gc", "threshold": []}, {"op": "link", "from": "l", "key": [1], "to": 1},
                        {"op": "create", "name": "e", "type": "set", "value": [[1]]},
                        {"op": "unlink", "from": "l", "discard": 1}, {"op": "weakref", "name": "w", "target": "w"}]
    return F
