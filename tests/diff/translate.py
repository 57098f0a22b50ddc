"""API operations -> the Python statements ../shared/API.md says they stand for."""
import json

WEAK = {"WeakValueDictionary", "WeakKeyDictionary", "WeakSet"}


def ref(r):
    if isinstance(r, int):
        raise ValueError("the differential suite uses reference paths, not ids")
    return r


def bytes_literal(text):
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "\\" and text[i + 1:i + 2] == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        elif text[i] == "\\" and text[i + 1:i + 2] == "\\":
            out.append(92)
            i += 2
        else:
            out.append(ord(text[i]))
            i += 1
    return repr(bytes(out))


def items(vs):
    return ", ".join(value(v) for v in vs)


def value(v):
    """A value spec (JSON strings are str literals)."""
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
        return "[" + items(v) + "]"
    if "ref" in v:
        return ref(v["ref"])
    return typed(v)


def typed(v):
    t = v["type"]
    val = v.get("value")
    if t == "int":
        return val
    if t == "str":
        return repr(val)
    if t == "float":
        return repr(float(val))
    if t == "bytes":
        return bytes_literal(val)
    if t == "list":
        return "[" + items(val) + "]"
    if t == "tuple":
        if len(val) == 1:
            return "(" + value(val[0]) + ",)"
        return "(" + items(val) + ")"
    if t == "set":
        return "{" + items(val) + "}" if val else "set()"
    if t == "frozenset":
        return "frozenset({" + items(val) + "})" if val else "frozenset()"
    if t == "dict":
        if "items" in v:
            return "{" + ", ".join(value(k) + ": " + value(x) for k, x in v["items"]) + "}"
        return "{" + ", ".join(repr(k) + ": " + value(x) for k, x in val.items()) + "}"
    if t == "object":
        return "object()"
    if t in WEAK:
        return "weakref." + t + "()"
    return t + "()"


def ref_or_value(v):
    if isinstance(v, str):
        return ref(v)
    return value(v)


def create_value(op):
    rest = {k: x for k, x in op.items() if k not in ("op", "name", "attrs")}
    if "type" in rest:
        return typed(rest)
    if "ref" in rest and "value" not in rest:  # {"name": "a", "ref": R}: a = R
        return value({"ref": rest["ref"]})
    return value(rest["value"])


def statement(op):
    """(source, result_expression or None)"""
    kind = op["op"]
    if kind == "create":
        lines = ["%s = %s" % (op["name"], create_value(op))]
        for k, x in (op.get("attrs") or {}).items():
            lines.append("%s.%s = %s" % (op["name"], k, value(x)))
        return "\n".join(lines), None
    if kind == "class":
        body = []
        if "slots" in op:
            body.append("    __slots__ = (%s)" % "".join(repr(s) + ", " for s in op["slots"]))
        fin = op.get("finalizer")
        if fin:
            extra = "; _resurrected.append(self)" if fin == "resurrect" else ""
            body.append("    def __del__(self): _log('finalized', self)" + extra)
        src = "class %s:\n%s" % (op["name"], "\n".join(body) if body else "    pass")
        if fin == "resurrect":
            # heapd makes `_resurrected` once the slots are checked: a class that raises leaves none
            src = ("try:\n    _resurrected\n    _qnr = 0\nexcept NameError:\n    _resurrected = []\n    _qnr = 1\n"
                   "try:\n" + "\n".join("    " + x for x in src.split("\n")) +
                   "\nexcept BaseException:\n    if _qnr:\n        del _resurrected\n    raise\nfinally:\n    del _qnr")
        return src, None
    if kind == "assign":
        return "%s = %s" % (op["name"], ref_or_value(op["to"])), None
    if kind in ("link", "unlink"):
        f = ref(op["from"])
        if kind == "link":
            to = ref_or_value(op["to"])
            if "attr" in op:
                return "%s.%s = %s" % (f, op["attr"], to), None
            if "index" in op:
                return "%s[%d] = %s" % (f, op["index"], to), None
            if "key" in op:
                return "%s[%s] = %s" % (f, value(op["key"]), to), None
            if "append" in op:
                return "%s.append(%s)" % (f, to), None
            return "%s.add(%s)" % (f, to), None
        if "attr" in op:
            return "del %s.%s" % (f, op["attr"]), None
        if "index" in op:
            return "del %s[%d]" % (f, op["index"]), None
        if "key" in op:
            return "del %s[%s]" % (f, value(op["key"])), None
        return "%s.discard(%s)" % (f, ref_or_value(op["discard"])), None
    if kind == "del":
        names = op.get("names") or [op["name"]]
        return "del " + ", ".join(names), None
    if kind == "collect":
        return "_r = gc.collect(%d)" % op.get("generation", 2), "_r"
    if kind == "sizeof":
        if op.get("deep"):
            return "_r = {'size': sys.getsizeof(%s), 'deep': _hdeep(%s)}" % (ref(op["ref"]), ref(op["ref"])), "_r"
        return "_r = sys.getsizeof(%s)" % ref(op["ref"]), "_r"
    if kind == "getrefcount":
        return "_r = sys.getrefcount(%s)" % ref(op["ref"]), "_r"
    if kind == "id":
        return "_r = id(%s)" % ref(op["ref"]), None
    if kind in ("is", "eq"):
        return "_r = %s %s %s" % (ref(op["a"]), "is" if kind == "is" else "==", ref(op["b"])), "_r"
    if kind == "len":
        return "_r = len(%s)" % ref(op["ref"]), "_r"
    if kind == "contains":
        return "_r = %s in %s" % (value(op["key"]), ref(op["in"])), "_r"
    if kind == "intern":
        return "%s = sys.intern(%s)" % (op["name"], value(op["value"])), None
    if kind == "weakref":
        cb = ", _cb" if op.get("callback") else ""
        return "%s = weakref.ref(%s%s)" % (op["name"], ref_or_value(op["target"]), cb), None
    if kind == "deref":
        return "_r = %s()" % ref(op["ref"]), "_r"
    if kind == "gc":
        lines = []
        if "enabled" in op:
            lines.append("gc.enable()" if op["enabled"] else "gc.disable()")
        if "threshold" in op:
            lines.append("gc.set_threshold(%s)" % ", ".join(str(t) for t in op["threshold"]))
        if "debug" in op:
            lines.append("gc.set_debug(gc.DEBUG_SAVEALL)" if op["debug"] else "gc.set_debug(0)")
        if "freeze" in op:
            lines.append("gc.freeze()" if op["freeze"] else "gc.unfreeze()")
        return "\n".join(lines) or "pass", None
    raise ValueError("unknown op " + kind)


def bound_name(op):
    if op["op"] in ("create", "class", "assign", "intern", "weakref"):
        return op["name"]
    return None
