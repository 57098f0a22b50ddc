"""Runs translated statements in a real CPython as a real script does: this
file is the script (`python3 pyrunner.py`), the statements run in its own
module namespace (__main__.__dict__, in the generation a fresh script has
it in), each compiled alone. Prints one JSON list of observations. Reads a
JSON list of [source, result_expr, bound_name] on stdin.

Every name of the harness starts with `_h` so that statements cannot clash
with it."""
import gc
gc.disable()  # first: an import that collects would move this module's namespace
import json as _hjson  # noqa: E402
import re as _hre  # noqa: E402
import sys  # noqa: E402
import weakref  # noqa: E402

gc.collect(0)  # the imports' garbage; this module's namespace is older than generation 0
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "lib"))
exec(__import__("fresh_import").HOOK)  # noqa: S102  (_hfresh_weakref(): a fresh `import weakref`)
sys.path.pop(0)

_hEVENTS = []
_hLABELS = {}
_hDYING = set()
_hREF_IDS = {}


def _hnoop(wr):
    """Our label ref's callback: its object is dying; keep the label until the op ends."""
    i = _hREF_IDS.pop(id(wr), None)
    if i is not None:
        _hDYING.add(i)


def _hlabel(obj):
    """The name obj was bound under, if that object is still the one labelled."""
    name, ref, tname = _hLABELS.get(id(obj), ("?", None, None))
    if tname is not None and tname != type(obj).__name__:
        return "?"  # another object at a reused address
    if ref is None or ref() is obj or (ref() is None and id(obj) in _hDYING):
        return name
    return "?"


def _hset_label(obj, name):
    """The first name an object is bound to labels it; an entry whose object
    is gone (or could not be followed: no weakref) is stale and replaced."""
    entry = _hLABELS.get(id(obj))
    if entry is not None and entry[1] is not None and entry[1]() is obj:
        return
    try:
        ref = weakref.ref(obj, _hnoop)  # a callback ref is never the shared basic ref
        _hREF_IDS[id(ref)] = id(obj)
    except TypeError:
        ref = None
    _hLABELS[id(obj)] = (name, ref, type(obj).__name__)


def _log(kind, obj):
    _hEVENTS.append([kind, _hlabel(obj)])


def _cb(wr):
    _hEVENTS.append(["weakref_callback", _hlabel(wr)])


def _hcalibrate(o):
    return sys.getrefcount(o)


# references a call to _hdescribe() itself adds (3.10 keeps the caller's copy on its stack)
_hprobe = {"x": object()}
_hCALL_REFS = _hcalibrate(_hprobe["x"]) - 1
del _hprobe
_hADDR = _hre.compile(r"0x[0-9a-f]+")


def _hdescribe(o, holders=0):
    """holders: references our own harness holds besides the argument."""
    try:
        r = repr(o)
    except RecursionError:  # too deep to print: heapd's descriptor cuts its repr there
        r = "<RecursionError>"
    return {
        "type": type(o).__name__,
        "size": sys.getsizeof(o),
        "refcount": sys.getrefcount(o) - _hCALL_REFS - holders,
        "tracked": gc.is_tracked(o),
        "repr": _hADDR.sub("0x?", r),
    }


def _hshared(o):
    """What API.md calls interpreter-shared: None, bools, small ints, (), '',
    one-character strs, interned (identifier-like literal) strs, b'' and the
    one-byte bytes, classes and functions' machinery."""
    if o is None or isinstance(o, (bool, type, type(sys), type(len))) or o == ():
        return True  # modules and builtin functions are the interpreter's too
    if type(o) is int:
        return -5 <= o <= 256
    if type(o) is str:
        return len(o) <= 1 or all(c == "_" or c.isascii() and c.isalnum() for c in o)
    if type(o) is bytes:
        return len(o) <= 1
    return False


def _hdeep(root):
    """sys.getsizeof of every object reachable from root (dict keys included),
    each once, leaving out the interpreter-shared ones (API.md)."""
    seen, stack, total = set(), [root], 0
    while stack:
        o = stack.pop()
        if id(o) in seen or _hshared(o):
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        if type(o) is dict:
            for k, v in o.items():
                stack += [k, v]
        elif type(o).__name__ == "function":  # its own parts: the rest is the code's
            stack += [o.__defaults__] if o.__defaults__ else []
            # its __dict__ once an attribute was set (o.__dict__ would make it)
            stack += [r for r in gc.get_referents(o)
                      if type(r) is dict and r is not o.__globals__ and r is not o.__builtins__]
        else:
            stack += [r for r in gc.get_referents(o) if not isinstance(r, type)]
    return total


def _hmain():
    g = globals()
    ops = _hjson.load(sys.stdin)
    out = []
    for source, result_expr, name in ops:
        _hEVENTS.clear()
        rec = {}
        try:
            exec(compile(source, "<op>", "exec"), g)
            if result_expr:
                r = g.pop(result_expr)
                if isinstance(r, (bool, int, dict)) or r is None:
                    rec["result"] = r
                else:
                    rec["result"] = _hdescribe(r, 1)
                del r
            if name:
                _hset_label(g[name], name)
                rec["bound"] = _hdescribe(g[name])
        except Exception as e:  # the statement raised: record CPython's exception
            rec["error"] = [type(e).__name__, repr(e.args[0]) if isinstance(e, KeyError) and e.args
                                else str(e.msg) if isinstance(e, SyntaxError) else str(e)]
        rec["events"] = list(_hEVENTS)
        for i in _hDYING:
            _hLABELS.pop(i, None)
        _hDYING.clear()
        out.append(rec)
    _hjson.dump(out, sys.stdout)


_hmain()
