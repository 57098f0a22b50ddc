"""Runs translated statements in a real CPython, one compiled unit each,
and prints one JSON line of observations per operation. Reads a JSON list
of [source, result_expr, bound_name] on stdin."""
import gc
import json
import re
import sys
import weakref

gc.disable()
gc.collect()

EVENTS = []
LABELS = {}


DYING = set()
REF_IDS = {}


def _noop(wr):
    """Our label ref's callback: its object is dying; keep the label until the op ends."""
    i = REF_IDS.pop(id(wr), None)
    if i is not None:
        DYING.add(i)


def label(obj):
    """The name obj was bound under, if that object is still the one labelled."""
    name, ref, tname = LABELS.get(id(obj), ("?", None, None))
    if tname is not None and tname != type(obj).__name__:
        return "?"  # another object at a reused address
    if ref is None or ref() is obj or (ref() is None and id(obj) in DYING):
        return name
    return "?"


def set_label(obj, name):
    """The first name an object is bound to labels it; an entry whose object
    is gone (or could not be followed: no weakref) is stale and replaced."""
    entry = LABELS.get(id(obj))
    if entry is not None and entry[1] is not None and entry[1]() is obj:
        return
    try:
        ref = weakref.ref(obj, _noop)  # a callback ref is never the shared basic ref
        REF_IDS[id(ref)] = id(obj)
    except TypeError:
        ref = None
    LABELS[id(obj)] = (name, ref, type(obj).__name__)


def _log(kind, obj):
    EVENTS.append([kind, label(obj)])


def _cb(wr):
    EVENTS.append(["weakref_callback", label(wr)])


ADDR = re.compile(r"0x[0-9a-f]+")


def _calibrate(o):
    return sys.getrefcount(o)


# references a call to describe() itself adds (3.10 keeps the caller's copy on its stack)
_probe = {"x": object()}
CALL_REFS = _calibrate(_probe["x"]) - 1
del _probe


def describe(o, holders=0):
    """holders: references our own harness holds besides the argument."""
    r = repr(o)
    return {
        "type": type(o).__name__,
        "size": sys.getsizeof(o),
        "refcount": sys.getrefcount(o) - CALL_REFS - holders,
        "tracked": gc.is_tracked(o),
        "repr": ADDR.sub("0x?", r),
    }


def main():
    ns = {"__name__": "__main__", "__builtins__": __builtins__, "sys": sys, "gc": gc, "weakref": weakref,
          "_log": _log, "_cb": _cb}
    ops = json.load(sys.stdin)
    out = []
    for source, result_expr, name in ops:
        EVENTS.clear()
        rec = {}
        try:
            exec(compile(source, "<op>", "exec"), ns)
            if result_expr:
                r = ns.pop(result_expr)
                if isinstance(r, (bool, int)) or r is None:
                    rec["result"] = r
                else:
                    rec["result"] = describe(r, 1)
                del r
            if name:
                set_label(ns[name], name)
                rec["bound"] = describe(ns[name])
        except Exception as e:  # the statement raised: record CPython's exception
            rec["error"] = [type(e).__name__, str(e) if not isinstance(e, KeyError) else repr(e.args[0])]
        rec["events"] = list(EVENTS)
        for i in DYING:
            LABELS.pop(i, None)
        DYING.clear()
        out.append(rec)
    json.dump(out, sys.stdout)


main()
