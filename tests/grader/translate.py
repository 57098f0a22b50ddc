"""The grader's own translation of API.md's operation table into Python
source, and the script that runs a translated sequence in a real CPython.

Each operation becomes one compilation unit (`exec(compile(src))` at module
level, API.md's "compiled on its own"); a batch is its operations one after
the other, stopping at the first that raises. The script prints one JSON line
per step: the result (a descriptor, a value, or the exception's type and
message) and the events (finalizers, weakref callbacks, resurrections, gc
start/stop) the step caused, then, for reads, what the read compares.
"""
import json
import re

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
WEAK = {"WeakValueDictionary", "WeakKeyDictionary", "WeakSet"}


class Untranslatable(Exception):
    """A request the contract answers without running Python (400/404)."""


def pyref(r):
    """A reference (path or symbolic id) as a Python expression."""
    if isinstance(r, dict) and "$id" in r:
        return r["$id"]
    if isinstance(r, dict) and "$dead" in r:
        return "_qdead()"
    if isinstance(r, bool) or not isinstance(r, str):
        raise Untranslatable("ref %r" % (r,))
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", r)
    if not m:
        raise Untranslatable("path %r" % r)
    out, rest = m.group(0), r[m.end():]
    while rest:
        m = (re.match(r"\.([A-Za-z_][A-Za-z0-9_]*)", rest) or re.match(r"\[(-?[0-9]+)\]", rest)
             or re.match(r'\["((?:[^"\\]|\\.)*)"\]', rest) or re.match(r"\['((?:[^'\\]|\\.)*)'\]", rest))
        if not m:
            raise Untranslatable("path %r" % r)
        tok = m.group(0)
        if tok.startswith(".") and m.group(1).startswith("__") and m.group(1).endswith("__"):
            raise Untranslatable("dunder %r" % r)
        out += tok  # a key in either quote, its escapes as Python reads them
        rest = rest[m.end():]
    return out


def bytes_lit(s):
    b = bytearray()
    i = 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1:i + 2] == "x":
            b.append(int(s[i + 2:i + 4], 16))
            i += 4
        else:
            b.append(ord(s[i]))
            i += 1
    return repr(bytes(b))


def pyval(v):
    """A value spec (value-only field: a JSON string is a str) as Python source."""
    if v is None:
        return "None"
    if v is True:
        return "True"
    if v is False:
        return "False"
    if isinstance(v, int):
        return repr(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, list):
        return "[%s]" % ", ".join(pyval(x) for x in v)
    if "ref" in v:
        return pyref(v["ref"])
    t = v.get("type")
    if t == "int":
        return str(int(v["value"]))
    if t == "str":
        return repr(v["value"])
    if t == "float":
        return repr(float(v["value"]))
    if t == "bytes":
        return bytes_lit(v["value"])
    if t == "object":
        return "object()"
    if t in WEAK:
        return "weakref.%s()" % t
    if t in ("tuple", "list", "set", "frozenset"):
        items = [pyval(x) for x in v.get("value", [])]
        if t == "tuple":
            return "(%s)" % (items[0] + "," if len(items) == 1 else ", ".join(items))
        if t == "list":
            return "[%s]" % ", ".join(items)
        if t == "set":
            return "{%s}" % ", ".join(items) if items else "set()"
        return "frozenset({%s})" % ", ".join(items) if items else "frozenset()"
    if t == "dict":
        if "items" in v:
            return "{%s}" % ", ".join("%s: %s" % (pyval(k), pyval(x)) for k, x in v["items"])
        return "{%s}" % ", ".join("%r: %s" % (k, pyval(x)) for k, x in v.get("value", {}).items())
    if isinstance(t, str) and IDENT.match(t):
        return "%s()" % t
    raise Untranslatable("value %r" % (v,))


def pyrv(v):
    """A reference-or-value field (to, discard, target)."""
    if isinstance(v, str):
        return pyref(v)
    if isinstance(v, dict) and "ref" in v and len(v) == 1:
        return pyref(v["ref"])
    return pyval(v)


def translate(op):
    """(kind, source, extra) for one operation. kind: 'bind' (describe the
    name bound), 'none', 'expr' (a value), 'deref', 'deep', 'gc'."""
    o = op["op"]
    if o == "create":
        n = op["name"]
        if "value" in op and "type" in op:
            src = "%s = %s" % (n, pyval({"type": op["type"], "value": op["value"]}))
        elif "items" in op:
            src = "%s = %s" % (n, pyval({"type": op.get("type", "dict"), "items": op["items"]}))
        elif "value" in op:
            src = "%s = %s" % (n, pyval(op["value"]))
        elif "type" in op:
            t = op["type"]
            src = "%s = %s" % (n, {"dict": "{}", "list": "[]", "set": "set()", "tuple": "()",
                                   "frozenset": "frozenset()"}.get(t) or pyval({"type": t}))
        else:
            src = "%s = None" % n
        for a, v in (op.get("attrs") or {}).items():
            src += "\n%s.%s = %s" % (n, a, pyval(v))
        return "bind", src, n
    if o == "class":
        lines = ["class %s:" % op["name"]]
        if "slots" in op:
            s = op["slots"]
            lines.append("    __slots__ = (%s)" % (repr(s[0]) + "," if len(s) == 1 else ", ".join(repr(x) for x in s)))
        fin = op.get("finalizer")
        if fin:
            lines.append("    def __del__(self):")
            lines.append("        _qfin(self)" if fin == "log" else "        _qfin(self); _resurrected.append(self); _qres(self)")
        if len(lines) == 1:
            lines.append("    pass")
        if fin == "resurrect":  # the list API.md's __del__ stores self in
            lines.insert(0, "_qG.setdefault('_resurrected', [])")
        return "bind", "\n".join(lines), op["name"]
    if o == "assign":
        return "bind", "%s = %s" % (op["name"], pyrv(op["to"])), op["name"]
    if o == "link":
        f, t = pyref(op["from"]), pyrv(op["to"])
        if "attr" in op:
            return "none", "%s.%s = %s" % (f, op["attr"], t), None
        if "index" in op:
            return "none", "%s[%d] = %s" % (f, op["index"], t), None
        if "key" in op:
            return "none", "%s[%s] = %s" % (f, pyval(op["key"]), t), None
        if op.get("append"):
            return "none", "%s.append(%s)" % (f, t), None
        if op.get("add"):
            return "none", "%s.add(%s)" % (f, t), None
        raise Untranslatable("link form")
    if o == "unlink":
        f = pyref(op["from"])
        if "attr" in op:
            return "none", "del %s.%s" % (f, op["attr"]), None
        if "index" in op:
            return "none", "del %s[%d]" % (f, op["index"]), None
        if "key" in op:
            return "none", "del %s[%s]" % (f, pyval(op["key"])), None
        if "discard" in op:
            return "none", "%s.discard(%s)" % (f, pyrv(op["discard"])), None
        raise Untranslatable("unlink form")
    if o == "del":
        names = op.get("names") or [op["name"]]
        return "none", "del " + ", ".join(names), None
    if o == "collect":
        return "expr", "gc.collect(%d)" % op["generation"] if "generation" in op else "gc.collect()", None
    if o == "sizeof":
        if op.get("deep"):
            return "deep", pyref(op["ref"]), None
        return "expr", "sys.getsizeof(%s)" % pyref(op["ref"]), None
    if o == "getrefcount":
        return "rc", pyref(op["ref"]), None
    if o == "id":
        return "id", "id(%s)" % pyref(op["ref"]), None
    if o == "is":
        return "expr", "%s is %s" % (pyref(op["a"]), pyref(op["b"])), None
    if o == "eq":
        return "expr", "%s == %s" % (pyref(op["a"]), pyref(op["b"])), None
    if o == "len":
        return "expr", "len(%s)" % pyref(op["ref"]), None
    if o == "contains":
        return "expr", "%s in %s" % (pyval(op["key"]), pyref(op["in"])), None
    if o == "intern":
        return "bind", "%s = sys.intern(%s)" % (op["name"], pyval(op["value"])), op["name"]
    if o == "weakref":
        t = pyrv(op["target"])
        return "bind", "%s = weakref.ref(%s%s)" % (op["name"], t, ", _qcb" if op.get("callback") else ""), op["name"]
    if o == "deref":
        return "deref", "%s()" % pyref(op["ref"]), None
    if o == "gc":
        lines = []
        if "enabled" in op:
            lines.append("gc.enable()" if op["enabled"] else "gc.disable()")
        if "threshold" in op:
            lines.append("gc.set_threshold(%s)" % ", ".join(str(t) for t in op["threshold"]))
        if "debug" in op:
            lines.append("gc.set_debug(gc.DEBUG_SAVEALL)" if op["debug"] else "gc.set_debug(0)")
        if "freeze" in op:
            lines.append("gc.freeze()" if op["freeze"] else "gc.unfreeze()")
        return "gc", "\n".join(lines) or "pass", None
    raise Untranslatable("op %r" % o)


# The script's harness: every identifier starts with _q, so none is a name or
# str the sequences use; nothing of it holds a reference to a session object
# between steps.
PRELUDE = r'''
import gc, sys, json
gc.disable()
import weakref, collections
_qEV = []
_qOUT = sys.stdout
_qIMM = 2 ** 32 - 1
class _qNotFound(Exception):
    pass
def _qdead():
    raise _qNotFound("an id of a dead object")
def _qfin(o):
    _qEV.append(["finalized", type(o).__name__])
def _qres(o):
    _qEV.append(["resurrected", type(o).__name__])
def _qcb(w):
    _qEV.append(["weakref_callback", type(w).__name__])
def _qgccb(phase, info):
    if phase == "start":
        _qEV.append(["gc_start", info["generation"]])
    else:
        _qEV.append(["gc_stop", info["generation"], info["collected"], info["uncollectable"]])
def _qinterned(s):
    if sys.version_info[:2] == (3, 12):
        return sys.getrefcount(s) >= _qIMM
    c = (s + ".")[:-1]
    return sys.intern(c) is s
def _qshared(x):
    t = type(x)
    if x is None or x is True or x is False or x is Ellipsis or x is NotImplemented or x is ():
        return True
    if isinstance(x, type) or t in (type(sys), type(len), type(_qfin.__code__)) or x is _qcb:
        return True
    if t is int and -5 <= x <= 256:
        return True
    if t is str and (len(x) == 0 or (len(x) == 1 and ord(x) < 256) or _qinterned(x)):
        return True
    if t is bytes and len(x) <= 1:
        return True
    if sys.getrefcount(x) >= _qIMM:
        return True
    return False
def _qgen(x):
    if not gc.is_tracked(x):
        return None
    for g in (0, 1, 2):
        for y in gc.get_objects(g):
            if y is x:
                return g
    return None
def _qrepr(x):
    try:
        return repr(x)
    except Exception as e:
        return "<repr raised %s>" % type(e).__name__
def _qdesc(x, rc):
    return {"type": type(x).__name__, "repr": _qrepr(x), "refcount": rc, "size": sys.getsizeof(x),
            "tracked": gc.is_tracked(x), "generation": _qgen(x), "weakrefs": weakref.getweakrefcount(x),
            "shared": _qshared(x)}
def _qdeep(root):
    seen = set()
    todo = [root]
    total = 0
    while todo:
        x = todo.pop()
        # the root too: a shared root counts 0 (heapd's reading of API.md's
        # "leaving out ... the interpreter-shared objects")
        if id(x) in seen or _qshared(x):
            continue
        seen.add(id(x))
        total += sys.getsizeof(x)
        if type(x) is type(_qfin):
            # a function: its defaults, and its __dict__ once it has one (README)
            todo.extend(y for y in (x.__defaults__, x.__dict__ or None) if y is not None)
            continue
        if type(x) is type(_qOUT.write) or type(x) is type([].append):
            todo.append(x.__self__)
            continue
        todo.extend(gc.get_referents(x))
        if type(x) is dict:
            todo.extend(x.keys())
    return total
_qNS0 = None
def _qnames():
    return sorted(k for k in _qG if not k.startswith("_") and k not in _qNS0)
def _qprobe():
    out = {}
    for n in _qnames():
        rc = sys.getrefcount(_qG[n]) - 1
        d = _qdesc(_qG[n], rc)
        d["referents"] = [[type(y).__name__, _qrepr(y)] for y in gc.get_referents(_qG[n])]
        d["names"] = sorted(m for m in _qnames() if _qG[m] is _qG[n])
        out[n] = d
    return out
def _qgarbage():
    # a class's own machinery (its __dict__, __mro__, __bases__, __slots__,
    # getset descriptors, __del__) is no object in the sandbox (README, deviations)
    mach = set()
    for y in gc.garbage:
        if isinstance(y, type):
            for z in gc.get_referents(y):
                if type(z) in (dict, tuple):
                    mach.add(id(z))
                if type(z) is dict:
                    mach.update(id(v) for v in z.values() if type(v) is tuple)
    return [[type(y).__name__, _qrepr(y)] for y in gc.garbage
            if id(y) not in mach and type(y).__name__ not in ("getset_descriptor", "function")]
def _qgcstate():
    st = gc.get_stats()
    return {"enabled": gc.isenabled(), "threshold": list(gc.get_threshold()),
            "debug": gc.get_debug(), "garbage": _qgarbage(),
            "stats": [[s["collections"] - b["collections"], s["collected"] - b["collected"],
                       s["uncollectable"] - b["uncollectable"]] for s, b in zip(st, _qBASE)]}
def _qemit(rec):
    rec["events"] = list(_qEV)
    del _qEV[:]
    _qOUT.write(json.dumps(rec) + "\n")
def _qrun(kind, src, extra):
    """Runs one operation's unit; returns the record (result or exception)."""
    try:
        if kind in ("expr", "id", "deref", "deep", "rc"):
            v = eval(compile(src, "<op>", "eval"), _qG)
            if kind == "expr":
                return {"ok": True, "result": v}
            if kind == "rc":
                return {"ok": True, "result": sys.getrefcount(v) - 1, "shared": _qshared(v)}
            if kind == "id":
                return {"ok": True, "result": "id"}
            if kind == "deep":
                return {"ok": True, "result": {"size": sys.getsizeof(v), "deep": _qdeep(v)}}
            if v is None:
                return {"ok": True, "result": None}
            rc = sys.getrefcount(v) - 2
            return {"ok": True, "result": _qdesc(v, rc)}
        exec(compile(src, "<op>", "exec"), _qG)
        if kind == "bind":
            rc = sys.getrefcount(_qG[extra]) - 1
            return {"ok": True, "result": _qdesc(_qG[extra], rc)}
        if kind == "gc":
            return {"ok": True, "result": _qgcstate()}
        return {"ok": True, "result": None}
    except Exception as e:
        return {"ok": False, "type": type(e).__name__, "message": str(e)}
_qG = globals()
gc.collect()
_qBASE = gc.get_stats()
gc.callbacks.append(_qgccb)
_qNS0 = set(_qG) | {"_qNS0"}
for _qstep in json.loads(_qSTEPS):
    if _qstep[0] == "op":
        _qemit(_qrun(*_qstep[1:]))
    elif _qstep[0] == "batch":
        _qres_ = []
        for _qi, _qs in enumerate(_qstep[1]):
            _qr = _qrun(*_qs)
            if not _qr["ok"]:
                _qr["index"] = _qi
                break
            _qres_.append("shared" if _qr.get("shared") else _qr["result"])
        else:
            _qr = {"ok": True}
        _qr["results"] = _qres_
        _qemit(_qr)
        del _qres_, _qr
    elif _qstep[0] == "probe":
        _qemit({"probe": _qprobe(), "gc": _qgcstate()})
    elif _qstep[0] == "path":
        try:
            _qv = eval(compile(_qstep[1], "<op>", "eval"), _qG)
        except Exception as _qe:
            _qemit({"ok": False, "type": type(_qe).__name__, "message": str(_qe)})
            del _qe
        else:
            _qrc = sys.getrefcount(_qv) - 2
            _qd = _qdesc(_qv, _qrc)
            _qd["referents"] = [[type(y).__name__, _qrepr(y)] for y in gc.get_referents(_qv)]
            del _qv
            _qemit({"ok": True, "result": _qd})
    elif _qstep[0] == "deep":
        _qemit({"deep": {_qn: [sys.getsizeof(_qG[_qn]), _qdeep(_qG[_qn])] for _qn in _qnames()}})
    elif _qstep[0] == "base":
        _qBASE = gc.get_stats()
        _qemit({})
    elif _qstep[0] == "gcread":
        _qemit({"gc": _qgcstate()})
    else:
        _qemit({})
'''


def script(steps):
    """steps: list of ('op', kind, src, extra) / ('batch', [(kind, src, extra), ...]) / ('probe',) ..."""
    return "_qSTEPS = %r\n" % json.dumps(steps) + PRELUDE
