"""Turns a heapd operation sequence into ONE real Python script, and parses
what that script prints.

The script is what a grader would run: `PYTHONHASHSEED=0 python3 x.py`, a
file of module-level code in the real `__main__` namespace.  API.md says
each operation is "compiled on its own and run at module level", so each
operation's statement is run as

    exec(compile(<source>, "<op>", "exec"), globals())

at module level of that file: the statement's constants live exactly as
long as the statement (as in heapd), names are interned when the statement
is compiled, locals are the module's globals.  (A plain file of the
statements would share constants across statements - `a = 257 ... b = 257`
gives `a is b` - which the API's per-statement rule excludes; see
`--plain` for that variant.)

Observation disturbs the heap as little as possible: everything is printed
at module level or from preamble functions whose identifiers all start with
`_q` (so no fuzzed string is ever one of the script's own interned names);
finalizers print `("F", id(self), type name)`, weakref callbacks
`("C", id(wr), type name)`; every printed line is a `repr()` of a tuple
(parsed back with ast.literal_eval).

A sequence is a list of *steps*: an operation (dict with "op"), or a batch
`{"batch": [op, ...]}` (one POST /batch; in the script, the batch stops at
its first failing statement as heapd's does)."""
import ast
import builtins
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from fresh_import import HOOK as FRESH_IMPORT_HOOK  # noqa: E402
sys.path.pop(0)

WEAK = {"WeakValueDictionary", "WeakKeyDictionary", "WeakSet"}
ADDR = re.compile(r"0x[0-9a-f]+")


# ----------------------------------------------------------------------------
# value specs -> Python source (mirrors tests/diff/translate.py and API.md)

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
            out.append(ord(text[i]) & 0xFF)
            i += 1
    return repr(bytes(out))


def ref(r):
    if isinstance(r, dict) and set(r) == {"$id"}:
        return r["$id"]  # an object id in the request (engine.Reads.resolve): here the name bound to it
    if isinstance(r, int):
        raise ValueError("the fuzzer names objects by id only through {\"$id\": name}")
    return r


def items(vs):
    return ", ".join(value(v) for v in vs)


def value(v):
    if v is None:
        return "None"
    if v is True:
        return "True"
    if v is False:
        return "False"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, list):
        return "[" + items(v) + "]"
    if "ref" in v:
        return ref(v["ref"])
    return typed(v)


BUILTIN_CALLS = ("int", "str", "bytes", "list", "tuple", "set", "frozenset", "dict")


def typed(v):
    t = v["type"]
    val = v.get("value")
    if "value" not in v and "items" not in v and t in BUILTIN_CALLS:  # {"type": "list"}: `list()`, as heapd says
        return t + "()"  # (a session class named `list` shadows the builtin there, as in heapd)
    if t == "int":  # "007" is 7: the literal `007` does not compile
        neg = val.startswith("-")
        return ("-" if neg else "") + (val[neg:].lstrip("0") or "0")
    if t == "str":
        return repr(val)
    if t == "float":  # "1e400" (a JSON real past the double range): the literal of an infinity
        f = float(val)
        return ("-1e400" if f < 0 else "1e400") if f in (float("inf"), float("-inf")) else repr(f)
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
    if "ref" in rest and "value" not in rest:  # {"name": "a", "ref": R}: a = R (a value spec spread over the body)
        return value({"ref": rest["ref"]})
    return value(rest.get("value"))


FIN_LOG = '    def __del__(self): print(("F", _qbid(self), type(self).__name__))'
# "Q": the append succeeded, heapd's `resurrected` event (instance_finalize()); a NameError or
# AttributeError (`_resurrected` deleted or rebound) is unraisable and prints nothing more
FIN_RES = ('    def __del__(self): print(("F", _qbid(self), type(self).__name__)); _resurrected.append(self); '
           'print(("Q", _qbid(self), type(self).__name__))')


def statement(op):
    """(source, result kind): kind is None, "v" (a scalar in _r), "r"
    (getrefcount: scalar plus the argument's type), "d" (a descriptor of
    the object in _r), "p" (deep size), "gc" (the gc state), "i" (id: not
    compared)."""
    kind = op["op"]
    if "$expect" in op:
        return "pass", "k"  # a batch member heapd answers 404 (a dead id): the batch stops there
    if kind == "$bad":
        return "pass", "n"  # a request heapd must refuse (400/404/405/429), changing nothing
    if kind == "$inspect":
        return "_r = %s" % ref(op["ref"]), "x"
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
            body.append(FIN_RES if fin == "resurrect" else FIN_LOG)
        src = "class %s:\n%s" % (op["name"], "\n".join(body) if body else "    pass")
        if fin == "resurrect":
            # heapd makes `_resurrected` once the slots are checked (core/exec.c op_class()):
            # a class statement that raises leaves none behind
            src = ("try:\n    _resurrected\n    _qnr = 0\nexcept NameError:\n    _resurrected = []\n    _qnr = 1\n"
                   "try:\n" + "\n".join("    " + x for x in src.split("\n")) +
                   "\nexcept BaseException:\n    if _qnr:\n        del _resurrected\n    raise\nfinally:\n    del _qnr")
        return src, None
    if kind == "assign":
        return "%s = %s" % (op["name"], ref_or_value(op["to"])), None
    if kind == "link":
        f = ref(op["from"])
        to = ref_or_value(op["to"])
        if "attr" in op:
            return "%s.%s = %s" % (f, op["attr"], to), None
        if "index" in op:
            return "%s[%s] = %s" % (f, value(op["index"]), to), None
        if "key" in op:
            return "%s[%s] = %s" % (f, value(op["key"]), to), None
        if "append" in op:
            return "%s.append(%s)" % (f, to), None
        return "%s.add(%s)" % (f, to), None
    if kind == "unlink":
        f = ref(op["from"])
        if "attr" in op:
            return "del %s.%s" % (f, op["attr"]), None
        if "index" in op:
            return "del %s[%s]" % (f, value(op["index"])), None
        if "key" in op:
            return "del %s[%s]" % (f, value(op["key"])), None
        return "%s.discard(%s)" % (f, ref_or_value(op["discard"])), None
    if kind == "del":
        names = op.get("names") or [op["name"]]
        return "del " + ", ".join(names), None
    if kind == "collect":
        return "_r = gc.collect(%s)" % op.get("generation", ""), "v"
    if kind == "sizeof":
        if op.get("deep"):
            return "_r = %s" % ref(op["ref"]), "p"
        return "_r = sys.getsizeof(%s)" % ref(op["ref"]), "v"
    if kind == "getrefcount":
        # the type of the argument decides whether the count is comparable
        return "_r = sys.getrefcount(%s)" % ref(op["ref"]), "r"
    if kind == "id":
        return "_r = id(%s)" % ref(op["ref"]), "i"
    if kind in ("is", "eq"):
        return "_r = %s %s %s" % (ref(op["a"]), "is" if kind == "is" else "==", ref(op["b"])), "v"
    if kind == "len":
        return "_r = len(%s)" % ref(op["ref"]), "v"
    if kind == "contains":
        return "_r = %s in %s" % (value(op["key"]), ref(op["in"])), "v"
    if kind == "intern":
        return "%s = sys.intern(%s)" % (op["name"], value(op["value"])), None
    if kind == "weakref":
        cb = ", _cb" if op.get("callback") else ""
        return "%s = weakref.ref(%s%s)" % (op["name"], ref_or_value(op["target"]), cb), None
    if kind == "deref":
        return "_r = %s()" % ref(op["ref"]), "d"
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
        return "\n".join(lines) or "pass", "gc"
    raise ValueError("unknown op " + kind)


_HEAD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BUILTIN_NAMES = set(dir(builtins)) | {"gc", "sys", "weakref"}  # the modules: the script's, not the session's


def hidden_builtins(op):
    """The builtin names the op's reference paths start with: a JSON reference
    path sees only the session's names (API.md), so where the session has not
    bound one, heapd raises NameError; the script hides the builtin while the
    statement runs (as GET .../script does, api/pyrender.c pyscript_add())."""
    heads = set()
    if op["op"].startswith("$"):  # the harness's own probes (type(x), x.__callback__)
        return []

    def path(x):
        if isinstance(x, str):
            m = _HEAD.match(x)
            if m and m.group(0) in _BUILTIN_NAMES:
                heads.add(m.group(0))

    def walk(x):
        if isinstance(x, dict):
            if set(x) == {"ref"}:
                path(x["ref"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for k in ("ref", "a", "b", "from", "in", "to", "discard", "target"):
        path(op.get(k))
    if op["op"] == "del":
        for n in op.get("names") or [op.get("name")]:
            path(n)
    walk({k: v for k, v in op.items() if k not in ("ref", "a", "b", "from", "in")})
    return sorted(heads)


def bound_name(op):
    if op["op"] in ("create", "class", "assign", "intern", "weakref"):
        return op["name"]
    return None


# ----------------------------------------------------------------------------
# the script

# the script's imports, and the private aliases its own code uses (private())
PRIVATE_HEAD = r'''import gc, sys, weakref
import gc as _qmgc, sys as _qmsys, weakref as _qmweakref
_qbid, _qblen, _qbobject, _qbset, _qbfrozenset = id, len, object, set, frozenset
_qMODS = {'gc': _qmgc, 'sys': _qmsys, 'weakref': _qmweakref}
'''
_PREAMBLE_SRC = r'''_qE = gc.isenabled()
gc.disable()
exec(compile("pass", "<op>", "exec"), globals())
import collections as _qC
_qWT = {}  # id(weakref made with callback) -> id of its referent when the statement ended (None: dead then)
def _cb(wr): print(("C", id(wr), type(wr).__name__, _qWT.get(id(wr))))
_qV = sys.version_info[:2]
if _qV < (3, 12):  # what exec() costs a statement: the builtin's call (3.10: and the frame)
    sys.setrecursionlimit(sys.getrecursionlimit() + (2 if _qV == (3, 10) else 1))
_qCUTN = " cell frame getset_descriptor mappingproxy".split()
def _qinterned(_qx):
    if len(_qx) == 0 or (len(_qx) == 1 and ord(_qx) < 256):
        return True
    if _qV >= (3, 13):
        return sys._is_interned(_qx)
    if _qV == (3, 12):
        return sys.getrefcount(_qx) > 1000000000
    _qc = _qx[:1] + _qx[1:] if len(_qx) > 1 else (_qx + "_")[:1]
    return sys.intern(_qc) is _qx
def _qshared(_qx):
    _qt = type(_qx)
    if _qx is None or _qx is True or _qx is False or _qx is Ellipsis or _qx is NotImplemented:
        return True
    if _qt is int:
        return -5 <= _qx <= 256
    if _qt is str:
        return _qinterned(_qx)
    if _qt is bytes:
        return len(_qx) <= 1
    if _qt is tuple:
        return len(_qx) == 0
    if isinstance(_qx, type) and _qx.__module__ in ("weakref", "_weakrefset") or _qx is _cb:
        return True  # README: the weak containers' classes and the recording callback are interpreter-shared in heapd
    return False
_qCUT = (type(sys), type(_cb.__code__), type)
_qFN = type(_cb)
_qBF = type(len)
_qMT = type(_cb.__get__(1))
def _qdeep(_qx):
    _qseen = set()
    _qst = [_qx]
    _qtot = 0
    while _qst:
        _qo = _qst.pop()
        if id(_qo) in _qseen:
            continue
        _qseen.add(id(_qo))
        _qt = type(_qo)
        if isinstance(_qo, _qCUT) or _qshared(_qo) or _qt.__name__ in _qCUTN or _qo is _cb:
            continue
        if _qt is _qBF and (_qo.__self__ is None or isinstance(_qo.__self__, type(sys))):
            continue
        _qtot += sys.getsizeof(_qo)
        if _qt is _qFN:
            if _qo.__defaults__:
                _qst.append(_qo.__defaults__)
            for _qd in gc.get_referents(_qo):  # its __dict__ once made (reading _qo.__dict__ would make it)
                if type(_qd) is dict and _qd is not _qo.__globals__ and _qd is not _qo.__builtins__:
                    _qst.append(_qd)
            _qd = None
        elif _qt is _qMT or _qt is _qBF:
            _qst.append(_qo.__self__)
        elif _qt is dict:
            for _qk, _qv in _qo.items():
                _qst.append(_qk)
                _qst.append(_qv)
            _qk = _qv = None
        else:
            _qst.extend(gc.get_referents(_qo))
    return _qtot
def _qdesc(_qx, _qextra, _qlight=0):
    _qrc = sys.getrefcount(_qx) - _qextra
    _qtr = gc.is_tracked(_qx)
    _qg = None
    if _qlight:
        return (id(_qx), type(_qx).__name__, _qrc, sys.getsizeof(_qx), _qtr, weakref.getweakrefcount(_qx),
                _qshared(_qx), -1, None, "light")
    if _qtr:
        _qg = 3
        for _qgen in (0, 1, 2):
            if _qgen == 2 and not gc.get_freeze_count():
                _qg = 2
                break
            for _qo in gc.get_objects(_qgen):
                if _qo is _qx:
                    _qg = _qgen
                    break
            if _qg != 3:
                break
        _qo = None
    try:
        _qr = repr(_qx)
        _qre = None
    except BaseException as _qe:
        _qr = None
        _qre = type(_qe).__name__
    return (id(_qx), type(_qx).__name__, _qrc, sys.getsizeof(_qx), _qtr, weakref.getweakrefcount(_qx),
            _qshared(_qx), _qg, _qr, _qre)
def _qobs(_qtag, _qi, _qn, _qh, _qlight=0):
    print((_qtag, _qi, _qdesc(globals()[_qn[1:]], _qK + _qh, _qlight)))
def _qres(_qi, _qkind, _qlight=0):
    if _qkind == "v" and type(globals()['_r']) not in (int, bool):  # the session's own callee's result
        print(("R", _qi, _qdesc(globals()['_r'], _qK + 1, _qlight)))
    elif _qkind == "v":
        print(("R", _qi, globals()['_r']))
    elif _qkind == "r":
        print(("R", _qi, globals()['_r'], type(globals()['_r']).__name__))
    elif _qkind == "i":
        print(("R", _qi, None))
    elif _qkind == "x":
        _qinspect(_qi)
    elif _qkind == "p":
        print(("R", _qi, (sys.getsizeof(globals()['_r']), _qdeep(globals()['_r']))))
    elif _qkind == "d":
        if globals()['_r'] is None:
            print(("R", _qi, None))
        else:
            print(("R", _qi, _qdesc(globals()['_r'], _qK + 1, _qlight)))
def _qmachinery():
    _qm = set()
    for _qt in gc.garbage:
        if isinstance(_qt, type):
            for _qo in gc.get_referents(_qt):
                if type(_qo) in (dict, tuple):
                    _qm.add(id(_qo))
            for _qk, _qo in _qt.__dict__.items():  # a tuple the session bound (C.x = (C,)) is no machinery
                if (_qk in ("__slots__", "__static_attributes__") and type(_qo) is tuple
                        or type(_qo) is _qFN or type(_qo).__name__ == "getset_descriptor"):
                    _qm.add(id(_qo))
    return _qm
def _qgc(_qi):
    _qs = gc.get_stats()
    _qm = _qmachinery()
    print(("R", _qi, (gc.isenabled(), list(gc.get_threshold()), gc.get_debug(),
                      [type(_qo).__name__ for _qo in gc.garbage if id(_qo) not in _qm],
                      [[_qs[_qj][_qk] - _qS0[_qj][_qk] for _qk in sorted(_qs[_qj])] for _qj in range(3)])))
def _qgarb(_qi):
    """gc.garbage[_qi] without the class machinery heapd does not list (README): engine.GARBAGE"""
    _qm = _qmachinery()
    _qg = []
    for _qo in gc.garbage:
        if id(_qo) not in _qm:
            _qg.append(_qo)
    _qo = None
    return _qg[_qi]
import re as _qre
_qADDR = _qre.compile(r"0x[0-9a-f]+")
_qMISS = []
_qNOINSPECT = ("type", "function", "builtin_function_or_method", "method", "code", "module", "cell")
def _qfndict(_qf, _qx):
    """Whether _qx, a referent of the function _qf, is its __dict__ (not its globals or builtins)."""
    return type(_qx) is dict and _qx is not _qf.__globals__ and _qx is not _qf.__builtins__
_qCLASSMACH = ("__module__", "__doc__", "__slots__", "__static_attributes__", "__firstlineno__", "__qualname__")
def _qsessionclass(_qo):
    return type(_qo) is type and _qo.__module__ == "__main__" and not _qo.__name__.startswith("_q")
def _qclassmachinery(_qo, _qx):
    """Whether _qx, a referrer of the class _qo, is the class's own machinery (README: its __mro__,
    the __dict__/__weakref__ getset descriptors), which heapd does not list."""
    if _qx is _qo.__mro__ or _qx is _qo.__bases__:
        return True
    return type(_qx).__name__ == "getset_descriptor" and _qx.__objclass__ is _qo
def _qinspect(_qi):
    _qo = globals()['_r']
    _qcls = _qsessionclass(_qo)
    _qfn = type(_qo) is _qFN
    _qmeth = type(_qo) is _qMT or (type(_qo) is _qBF and _qo.__self__ is not None and type(_qo.__self__) is not type(sys))
    if _qshared(_qo) or (type(_qo).__name__ in _qNOINSPECT and not _qcls and not _qfn and not _qmeth) \
            or (isinstance(_qo, type) and not _qcls):
        print(("R", _qi, ("X", None, None, None, None)))
        return
    _qg = globals()
    _qrt = []  # plain loops: a comprehension naming _qo or _qg would make it a cell, one more referrer
    if _qcls:
        # a session class: heapd keeps its attributes in the class (README: the class machinery, its
        # __dict__, __mro__, __bases__, __slots__ tuple, getset descriptors and __del__, is not listed),
        # so its referents are the values of its __dict__ less that machinery and the shared objects
        for _qk, _qx in _qo.__dict__.items():
            if _qk in _qCLASSMACH or (_qk == "__del__" and type(_qx) is _qFN) or type(_qx).__name__ == "getset_descriptor":
                continue
            _qrt.append(type(_qx).__name__)
    elif _qfn:
        # a function (a weak container's callback): heapd lists its __defaults__ tuple and, once made,
        # its __dict__ (README: not its code, globals, builtins, names or closure)
        for _qx in gc.get_referents(_qo):
            if _qx is _qo.__defaults__ or _qfndict(_qo, _qx):
                _qrt.append(type(_qx).__name__)
    elif _qmeth:
        # a bound method: method_traverse() visits __func__ then __self__, meth_traverse() __self__;
        # README: heapd has no objects for the weak containers' functions nor for builtin types
        for _qx in gc.get_referents(_qo):
            if (type(_qx) is _qFN and _qx.__module__ in ("weakref", "_weakrefset")) \
                    or (isinstance(_qx, type) and not _qx.__flags__ & 512):
                continue
            _qrt.append(type(_qx).__name__)
    else:
        for _qx in gc.get_referents(_qo):
            if _qx is weakref.KeyedRef:
                continue  # README's known deviations: heapd has no object for the KeyedRef class
            _qrt.append(type(_qx).__name__)
    _qnm = []
    for _qk, _qv in _qg.items():
        if _qv is _qo and _qk != "_r" and not _qk.startswith("_q"):
            _qnm.append(_qk)
    _qrr = []
    for _qx in gc.get_referrers(_qo):
        if _qx is not _qg and _qx is not _qrt and _qx is not _qnm and type(_qx).__name__ != "frame" and _qx is not gc.garbage \
                and not _qsubclassesdict(_qx) and not (_qcls and _qclassmachinery(_qo, _qx)):
            _qrr.append("type" if type(_qx) is dict and _qclassdict(_qx) else type(_qx).__name__)
    if gc.get_freeze_count():
        _qrr = None  # gc.get_referrers() does not look in the permanent generation; heapd lists frozen referrers too
    elif isinstance(_qo, weakref.ref) and isinstance(_qo(), type):
        _qrr = None  # a class's basic weakref: object.__subclasses__'s dict (tp_subclasses) holds it, no id in heapd
    else:
        _qrr = sorted(_qrr)[:40]
    _qo = _qg = _qx = _qv = None
    if _qaddrhashed(globals()['_r']):
        _qrt = ["(sorted)"] + sorted(_qrt)  # the table's order follows addresses (README: reprs of such sets)
    print(("R", _qi, ("X", _qrt[:40], sorted(_qnm), _qrr, _qedges(globals()['_r']))))
def _qclassdict(_qd):
    """Whether _qd is a class's __dict__ (heapd keeps a class's attributes in the class: README's class machinery)."""
    for _qy in gc.get_referrers(_qd):
        if isinstance(_qy, type):
            for _qz in gc.get_referents(_qy):
                if _qz is _qd:
                    return True
    return False
def _qsubclassesdict(_qd):
    """Whether _qd is a tp_subclasses dict (class address -> the class's basic weakref), the interpreter's own."""
    if type(_qd) is not dict or not _qd:
        return False
    for _qk, _qv in _qd.items():
        if type(_qk) is not int or _qk < 2 ** 32 or type(_qv) is not weakref.ref:
            return False
    return True
def _qaddrhashed(_qo):
    """Whether the order of _qo's referents follows a hash of an address (a set or dict holding instances...)."""
    if type(_qo) not in (set, frozenset, dict):
        return False
    for _qx in _qo:
        if type(_qx) not in (int, str, bytes, float, bool, tuple, frozenset, type(None)):
            return True
        if type(_qx) in (tuple, frozenset) and _qaddrhashed(set(_qx)):
            return True
    return False
class _qUNKNOWN(Exception):
    pass
def _qgetattr(_qo, _qk):
    try:
        return getattr(_qo, _qk, _qMISS)
    except Exception:  # a member descriptor of another class stored as a class attribute (TypeError)
        raise _qUNKNOWN()
def _qedges(_qo):
    try:
        return _qedges1(_qo)
    except _qUNKNOWN:
        return None  # not knowable by getattr: not compared
def _qedges1(_qo):
    """GET graph's edges from _qo as API.md labels them: sorted [label, type of the target]."""
    _qt = type(_qo)
    _qe = []
    if _qsessionclass(_qo):  # its attributes, less the class machinery (README)
        for _qk, _qx in _qo.__dict__.items():
            if _qk in _qCLASSMACH or (_qk == "__del__" and type(_qx) is _qFN) or type(_qx).__name__ == "getset_descriptor":
                continue
            _qe.append(["." + _qk, type(_qx).__name__])
    elif _qt is _qFN:  # a function's attributes (its __dict__, if made: reading f.__dict__ would make it)
        for _qd in gc.get_referents(_qo):
            if _qfndict(_qo, _qd):
                for _qk, _qx in _qd.items():
                    _qe.append(["." + _qk, type(_qx).__name__])
        _qd = None
    elif _qt in (list, tuple):
        for _qj, _qx in enumerate(_qo):
            _qe.append(["[%d]" % _qj, type(_qx).__name__])
    elif _qt is dict:
        for _qk, _qx in _qo.items():
            _qe.append(["key", type(_qk).__name__])
            _qe.append([_qADDR.sub("0x?", "[%r]" % (_qk,)), type(_qx).__name__])
    elif _qt in (set, frozenset):
        for _qx in _qo:
            _qe.append(["member", type(_qx).__name__])
    elif isinstance(_qo, weakref.ref):
        if _qo() is not None:
            _qe.append(["weak", type(_qo()).__name__])
        if isinstance(_qo, weakref.KeyedRef):
            _qe.append([".key", type(_qo.key).__name__])
    elif _qt.__module__ in ("__main__", "weakref", "_weakrefset"):
        # not _qo.__dict__: on 3.11+ that makes the dict of an instance with inline values (sizes change);
        # the attribute names the sequence uses are probed one by one instead (_qCAND: not interned)
        _qsl = []
        for _qc in _qt.__mro__:
            for _qk in _qc.__dict__.get("__slots__", ()):
                if _qk not in ("__dict__", "__weakref__"):
                    _qk = "_%s%s" % (_qc.__name__.lstrip("_"), _qk) if _qk.startswith("__") and not _qk.endswith("__") else _qk
                    if _qk in _qsl:  # a name listed twice: its second slot no name reaches holds nothing
                        continue
                    _qsl.append(_qk)
                    if type(_qc.__dict__.get(_qk)).__name__ != "member_descriptor":
                        # `C.x = v` replaced the slot's descriptor: getattr finds v, not what the slot
                        # still holds (traverse_slots() visits it, GET graph draws it): not knowable here
                        raise _qUNKNOWN()
                    _qx = _qgetattr(_qo, _qk)
                    if _qx is not _qMISS:
                        _qe.append(["." + _qk, type(_qx).__name__])
        for _qk in _qCAND:
            if _qk in _qsl:
                continue
            _qx = _qgetattr(_qo, _qk)
            if _qx is _qMISS or (type(_qx) is _qMT and _qx.__self__ is _qo
                                 and any(_qk in _qc.__dict__ for _qc in _qt.__mro__)):
                continue  # a method of its class, bound by getattr (one stored on the instance is an edge)
            _qcls = 0
            for _qc in _qt.__mro__:
                if _qc.__dict__.get(_qk, _qMISS) is _qx:
                    _qcls = 2
                if type(_qc.__dict__.get(_qk)).__name__ == "member_descriptor":
                    _qcls = 1  # `C.name = C.x`: another name of slot x, whose own edge is `.x`
            if _qcls == 2:  # the class's value: or the instance's, the same object?
                if _qV < (3, 11):  # an instance's dict always exists there (reading it changes nothing)
                    _qcls = 0 if _qk in getattr(_qo, "__dict__", ()) else 2
                elif sum(_qr is _qx for _qr in gc.get_referents(_qo)) > (_qx is _qt):
                    raise _qUNKNOWN()  # the instance holds it too, under this name or another: not knowable
            if not _qcls:
                _qe.append(["." + _qk, type(_qx).__name__])
        _qe.append(["class", type(_qt).__name__])
    _qx = None
    return sorted(_qe)
def _qsession_name(_qk):
    """a name the session bound: not the harness's own (gc, sys and weakref are, until the session binds them)"""
    if _qk in _qMODS:
        return globals()[_qk] is not _qMODS[_qk]
    return _qk not in _qPRE and not _qk.startswith("_q")
def _qnames():
    print(("N", sorted(_qk for _qk in globals() if _qsession_name(_qk))))
def _qalledges():
    """GET graph's edges (_qedges) of every object a name binds, at the end of the sequence."""
    _qout = {}
    for _qk in sorted(globals()):
        if not _qsession_name(_qk) or _qk == "_r":
            continue
        _qo = globals()[_qk]
        if _qshared(_qo) or (type(_qo).__name__ in _qNOINSPECT and type(_qo) is not _qFN and not _qsessionclass(_qo)) \
                or (isinstance(_qo, type) and not _qsessionclass(_qo)):
            continue
        _qout[_qk] = _qedges(_qo)
    _qo = None
    print(("G", _qout))
_qWEAKT = ("WeakValueDictionary", "WeakKeyDictionary", "WeakSet")
def _qcensus(_qi):
    # the live instances of the session's classes and of the weak containers, by type
    # (all tracked: heap types), for the created/destroyed events of the step starting at _qi;
    # None while objects are frozen (gc.get_objects() does not see the permanent generation)
    if gc.get_freeze_count():
        print(("K", _qi, None))
        return
    _qc = {}
    for _qo in gc.get_objects():
        _qt = type(_qo)
        if (_qt.__module__ == "__main__" and not _qt.__name__.startswith("_q")) or _qt.__name__ in _qWEAKT:
            _qc[_qt.__name__] = _qc.get(_qt.__name__, 0) + 1
    _qo = _qt = None
    print(("K", _qi, _qc))
def _qwt(_qn):
    """the referent of a weakref made with the recording callback, for its callback's target"""
    _qx = globals()[_qn]()
    _qWT[id(globals()[_qn])] = None if _qx is None else id(_qx)
    _qx = None
def _qS(_qi):
    print(("S", _qi))
_qBD = __builtins__ if type(__builtins__) is dict else vars(__builtins__)  # a dict when exec'd (runner.py)
def _qrun(_qsrc, _qhid, _qexec=exec, _qcompile=compile, _qg=globals):
    """runs a statement whose reference paths start with a builtin's name: a
    name the session has not bound is hidden from the builtins meanwhile"""
    _qsaved = {}
    _qgsaved = {}
    for _qn in _qhid.split(","):
        if _qn in _qMODS and _qg().get(_qn) is _qMODS[_qn]:  # the script's import, not the session's name
            _qgsaved[_qn] = _qg().pop(_qn)
        elif _qn not in _qg() and _qn in _qBD:
            _qsaved[_qn] = _qBD.pop(_qn)
    try:
        _qexec(_qcompile(_qsrc, "<op>", "exec"), _qg())
    finally:
        _qBD.update(_qsaved)
        for _qn in _qgsaved:
            _qg().setdefault(_qn, _qgsaved[_qn])
def _qZ():
    print(("Z",))
def _qerr(_qi, _qe):
    if isinstance(_qe, KeyError) and _qe.args:
        _qm = repr(_qe.args[0])
    elif isinstance(_qe, SyntaxError):
        _qm = str(_qe.msg)
    else:
        _qm = str(_qe)
    print(("E", _qi, type(_qe).__name__, _qm))
'''

# how many references _qdesc's own frames add to sys.getrefcount(x) for an
# object bound once; measured per version by calibrate() and substituted here
CALIBRATE_TAIL = r'''_qK = 0
_qo = object()
_qobs("B", 0, " _qo", 0)
'''


_OWN_MODULE = re.compile(r"(?<![\w.'\"])(sys|gc|weakref)(?![\w'\"])")
_OWN_BUILTIN = re.compile(r"(?<![\w.'\"])(id|len|object|set|frozenset)(?![\w'\"])")


def private(src):
    """The harness's own code (not the statements): every use of gc, sys and weakref, and every call of
    id, len, object, set and frozenset, through the preamble's private aliases, which a session that
    binds those names (gen.py m_bound_callees) does not change"""
    return "\n".join(line if line.lstrip().startswith("import ") else
                     _OWN_BUILTIN.sub(r"_qb\1", _OWN_MODULE.sub(r"_qm\1", line)) for line in src.split("\n"))


# the helpers (tests/execfuzz's runner too), as the script runs them
PREAMBLE = PRIVATE_HEAD + private(_PREAMBLE_SRC)


def preamble(k, settle=True):
    src = FRESH_IMPORT_HOOK + "_qK = %d\n" % k
    if settle:
        # `import weakref` leaves a dead class (7 objects) in gen0 on 3.12/3.13 unless an
        # automatic collection ran during the import (it does in a tiny script on 3.12,
        # never on 3.13), so a grader's first collection may count 7 more than a fresh
        # interpreter's: collected here once, so that the state is the one heapd models
        src += "gc.collect(0)\n"
    src += "if _qE:\n    gc.enable()\n_qS0 = gc.get_stats()\n_qPRE = set(globals())\n"
    return PREAMBLE + private(src)


def fresh_weakref(op):
    """An operation that uses weakref: the script imports it before (the preamble did, here), and a
    fresh interpreter's first import leaves garbage (tests/lib/fresh_import.py), which heapd makes
    before the operation runs (heap_stmt_t.imports, api.c run_stmt()), even when its statement
    then does not compile; _hfresh_weakref() makes it once. It is a statement of the script before
    the operation's own unit (until 2026-12-04 it began that unit, so a SyntaxError skipped it)."""
    j = json.dumps(op)
    return op["op"] == "weakref" or any('"type": "%s"' % t in j for t in
                                        ("WeakValueDictionary", "WeakKeyDictionary", "WeakSet"))


def _emit_op(out, idx, op, indent, in_batch):
    pad = " " * indent
    src, rkind = statement(op)
    name = bound_name(op)
    out.append(pad + "_qS(%d)" % idx)
    if rkind == "n":
        return
    if rkind == "k":
        out.extend([pad + "print(('E', %d, '404', ''))" % idx, pad + "_qok = 0"])
        return
    if fresh_weakref(op):
        out.append(pad + "_hfresh_weakref()")
    out.append(pad + "try:")
    hid = ",".join(hidden_builtins(op))
    if hid:
        out.append(pad + "    _qrun(%r, %r)" % (src, hid))
    else:
        out.append(pad + "    exec(compile(%r, '<op>', 'exec'), globals())" % src)
    out.append(pad + "except BaseException as _qe:")
    out.append(pad + "    _qerr(%d, _qe)" % idx)
    if in_batch:
        out.append(pad + "    _qok = 0")
    out.append(pad + "else:")
    if op["op"] == "weakref" and op.get("callback"):
        out.append(pad + "    _qwt(%r)" % name)
    if name:
        out.append(pad + "    _qobs('B', %d, %r, 0)" % (idx, " " + name))
    elif rkind == "gc":
        out.append(pad + "    _qgc(%d)" % idx)
    elif rkind:
        out.append(pad + "    _qres(%d, %r)" % (idx, rkind))
    else:
        out.append(pad + "    pass")
    if rkind and rkind != "gc":
        out.extend([pad + "try:", pad + "    del _r", pad + "except NameError:", pad + "    pass"])


def flatten(steps):
    """[(step index, op index within the step or None, op)]"""
    out = []
    for si, st in enumerate(steps):
        if "batch" in st:
            for oi, op in enumerate(st["batch"]):
                out.append((si, oi, op))
        else:
            out.append((si, None, st))
    return out


LOOP = r'''_qok = 1
for _qrec in _qDATA.split("\x00"):
    _qf = _qrec.split("\x01")
    _qi = int(_qf[0])
    if _qf[1] == "1":
        _qok = 1
    if _qf[1] != "2":
        _qcensus(_qi)
    if _qf[1] != "0" and not _qok:
        continue
    _qS(_qi)
    if _qf[3] == "n":
        continue
    if _qf[3] == "k":
        print(("E", _qi, "404", ""))
        _qok = 0
        continue
    if _qf[8]:
        _hfresh_weakref()
    for _qmn in _qMODS:  # `del gc` after the session bound gc: the next statement's gc is the module again
        if _qmn not in globals():
            globals()[_qmn] = _qMODS[_qmn]
    try:
        if _qf[7]:
            _qrun(_qf[2], _qf[7])
        else:
            exec(compile(_qf[2], "<op>", "exec"), globals())
    except BaseException as _qe:
        _qerr(_qi, _qe)
        _qok = 0
    else:
        if _qf[6]:
            _qwt(_qf[4])
        if _qf[4]:
            _qobs("B", _qi, " " + _qf[4], 0, _qf[1] != "0")
        elif _qf[3] == "g":
            _qgc(_qi)
        elif _qf[3] == "r":
            try:
                _qrt = eval(compile(_qf[5], "<op>", "eval"), globals())
                _qrs = _qrt if type(_qrt) is str and len(_qrt) < 100 else None
                _qrt = type(_qrt).__name__
            except BaseException:
                _qrt = "?"
                _qrs = None
            print(("R", _qi, globals()['_r'], _qrt, _qrs))
            _qrs = None
            _qrt = None
        elif _qf[3]:
            _qres(_qi, _qf[3], _qf[1] != "0")
    if _qf[3] and _qf[3] != "g":
        try:
            del _r
        except NameError:
            pass
_qcensus(%d)
_qrec = _qf = _qi = None
_qnames()
_qalledges()
_qZ()
sys.stdout.flush()
import os
os._exit(0)
'''


def build(steps, k, settle=True, plain=False):
    """The script's source.  Ops are numbered consecutively over the
    flattened sequence (batch members included).  The statements travel as
    one str constant walked by a module-level loop, so compiling the script
    allocates (and so moves the collector's counts) no more for 3000
    statements than for 3: the interpreter is in the state a small grader
    script would leave it in when the first statement runs."""
    if plain:
        return build_plain(steps, k, settle)
    recs = []
    idx = 0
    for st in steps:
        ops = st["batch"] if "batch" in st else [st]
        for j, op in enumerate(ops):
            src, rkind = statement(op)
            b = "0" if "batch" not in st else ("1" if j == 0 else "2")
            rk = "g" if rkind == "gc" else (rkind or "")
            r = op.get("ref") if op["op"] == "getrefcount" and "$expect" not in op else None
            extra = ref(r) if isinstance(r, str) or (isinstance(r, dict) and set(r) == {"$id"}) else ""
            wcb = "1" if op["op"] == "weakref" and op.get("callback") and "$expect" not in op else ""
            hid = ",".join(hidden_builtins(op))
            fresh = "1" if fresh_weakref(op) else ""
            recs.append("\x01".join([str(idx), b, src, rk, bound_name(op) or "", extra, wcb, hid, fresh]))
            idx += 1
    data = "\x00".join(recs)
    return preamble(k, settle) + candidates(steps) + "_qDATA = " + repr(data) + "\n" + private(LOOP.replace("%d", str(idx)))


ATTR_NAMES = ("x y p q next prev partner name val child left right me w data items k loop data2 "
              "_pending_removals _iterating _remove _dirty_len a b key").split() + ["a%d" % i for i in range(41)]


def candidates(steps):
    """_qCAND: the instance attribute names $inspect probes (the generator's,
    and every attr and attrs name of the sequence), as one constant that is
    not an identifier, split at run time: the script interns none of them."""
    names = set(ATTR_NAMES)

    def walk(x, key=None):
        if isinstance(x, dict):
            for kk, v in x.items():
                if key == "attrs":
                    names.add(kk)
                walk(v, kk)
        elif isinstance(x, list):
            for v in x:
                walk(v, key)
        elif isinstance(x, str) and key == "attr":
            names.add(x)
    walk(steps)
    names = sorted(n for n in names if isinstance(n, str) and n.isidentifier()
                   and not (len(n) > 4 and n.startswith("__") and n.endswith("__")))
    return "_qCAND = %r.split('\x01')\n" % ("\x01".join(names) + "\x01")


def build_plain(steps, k, settle=True):
    """A file of the statements themselves (one compiled unit: constants are
    shared between statements, which API.md's per-statement rule excludes)."""
    out = [preamble(k, settle) + candidates(steps)]
    idx = 0
    for st in steps:
        out.append("_qcensus(%d)" % idx)
        if "batch" in st:
            out.append("_qok = 1")
            for op in st["batch"]:
                out.append("if _qok:")
                _emit_op(out, idx, op, 4, True)
                idx += 1
        else:
            _emit_op(out, idx, st, 0, False)
            idx += 1
    out.append("_qcensus(%d)" % idx)
    out.append("_qnames()")
    out.append("_qalledges()")
    out.append("_qZ()")
    out.append("sys.stdout.flush()")
    out.append("import os")
    out.append("os._exit(0)")
    return plain_variant("\n".join(out) + "\n")


def plain_variant(src):
    """Each exec(compile(S)) replaced by S itself (one compiled unit, constants shared)."""
    lines = []
    pat = re.compile(r"^(\s*)exec\(compile\((.*), '<op>', 'exec'\), globals\(\)\)$")
    for line in src.split("\n"):
        m = pat.match(line)
        if m:
            pad = m.group(1)
            s = ast.literal_eval(m.group(2))
            lines.extend(pad + x for x in s.split("\n"))
        else:
            lines.append(line)
    return "\n".join(lines)


# ----------------------------------------------------------------------------
# parsing the output

def parse(stdout, nops, extra=None):
    """-> list (one per flattened op) of {"ran": bool, "error", "result", "bound",
    "raw_events": [[kind, id, type], ...]}, and whether END was reached."""
    recs = [{"ran": False, "raw_events": []} for _ in range(nops)]
    cur = None
    ended = False
    for t in literals(stdout):
        if not isinstance(t, tuple) or not t:
            continue
        tag = t[0]
        if tag == "Z":
            ended = True
            break
        if tag == "K":
            if extra is not None:
                extra.setdefault("census", {})[t[1]] = t[2]
        elif tag == "N":
            if extra is not None:
                extra["names"] = t[1]
        elif tag == "G":
            if extra is not None:
                extra["edges"] = t[1]
        elif tag == "S":
            cur = t[1]
            recs[cur]["ran"] = True
        elif tag in ("F", "C", "Q"):
            if cur is not None:
                ev = [{"F": "finalized", "C": "weakref_callback", "Q": "resurrected"}[tag], t[1], t[2]]
                if tag == "C":
                    ev.append(t[3] if len(t) > 3 else None)  # the callback's target (None: unknown)
                recs[cur]["raw_events"].append(ev)
        elif tag == "E":
            recs[t[1]]["error"] = [t[2], ADDR.sub("0x?", t[3])]
        elif tag == "R":
            r = t[2]
            if len(t) == 5:  # getrefcount: value, the argument's type, and its value if a str
                recs[t[1]]["rc_type"] = t[3]
                recs[t[1]]["rc_str"] = t[4]
            elif isinstance(r, tuple) and len(r) == 5 and r[0] == "X":
                r = None if r[1] is None else {"referents": r[1], "names": r[2], "referrers": r[3], "edges": r[4]}
            elif isinstance(r, tuple) and len(r) == 10:
                r = desc(r)
            elif isinstance(r, tuple) and len(r) == 5:
                r = gcstate(r)
            elif isinstance(r, tuple) and len(r) == 2:
                r = {"size": r[0], "deep": r[1]}
            recs[t[1]]["result"] = r
        elif tag == "B":
            recs[t[1]]["bound"] = desc(t[2])
    return recs, ended


def _literal_lines(lines):
    """Each line's ast.literal_eval(), skipping the lines that are not a literal."""
    out = []
    for line in lines:
        try:
            out.append(ast.literal_eval(line))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return out


_S_LINE = re.compile(r"\('S', (\d+)\)\Z")
_F_LINE = re.compile(r"\('([FCQ])', (\d+), '([^'\\\\]*)'(?:, (\d+|None))?\)\Z")
# ('B', i, (id, type, refcount, size, tracked, weakrefs, shared, generation, repr, repr_error)):
# the repr is taken here when it is None or a quoted literal with no backslash and no quote of
# its own kind inside (so its text is its value); otherwise ast.literal_eval takes the line
_B_LINE = re.compile(r"\('B', (\d+), \((\d+), '([^'\\\\]*)', (-?\d+), (\d+), (True|False), (\d+), (True|False), "
                     r"(-?\d+|None), (None|'[^'\\\\]*'|\"[^\"\\\\]*\"), (None|'[A-Za-z_][A-Za-z_0-9]*')\)\)\Z")


def literal(line):
    """ast.literal_eval(line) for a line of the script's output: the three
    commonest shapes ('S', 'F'/'C' and 'B' lines, nine in ten) by a regular
    expression that matches only where its reading is literal_eval's,
    anything else by literal_eval (which costs a compile per line)."""
    m = _S_LINE.match(line)
    if m:
        return ("S", int(m.group(1)))
    m = _B_LINE.match(line)
    if m:
        g = m.groups()
        r = g[9]
        return ("B", int(g[0]), (int(g[1]), g[2], int(g[3]), int(g[4]), g[5] == "True", int(g[6]), g[7] == "True",
                                 None if g[8] == "None" else int(g[8]), None if r == "None" else r[1:-1],
                                 None if g[10] == "None" else g[10][1:-1]))
    m = _F_LINE.match(line)
    if m:
        if m.group(4) is None:
            return (m.group(1), int(m.group(2)), m.group(3))
        return (m.group(1), int(m.group(2)), m.group(3), None if m.group(4) == "None" else int(m.group(4)))
    return ast.literal_eval(line)


def literals(stdout):
    """What _literal_lines() gives for the non-empty lines of stdout (each
    line's ast.literal_eval, the lines that are not a literal skipped), with
    literal() (the parser was a third of the driver's time)."""
    out = []
    for line in stdout.split("\n"):
        if not line:
            continue
        try:
            out.append(literal(line))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return out


def desc(t):
    d = dict(zip(("id", "type", "refcount", "size", "tracked", "weakrefs", "shared", "generation", "repr",
                  "repr_error"), t))
    if d["repr"] is not None:
        d["repr"] = ADDR.sub("0x?", d["repr"])
    return d


def gcstate(t):
    enabled, threshold, debug, garbage, stats = t
    keys = ("collected", "collections", "uncollectable")  # sorted(stats dict keys)
    return {"enabled": enabled, "threshold": threshold, "debug": ["saveall"] if debug & 32 else [],
            "garbage": garbage, "stats": [dict(zip(keys, s)) for s in stats]}
