# NEW (helper-70, 2026-12-05, found analysing mapping-ne-class-abc-check.py; 3.10-3.13, all modes).
# The first `i4 != wc1` of a session-class instance against a WeakKeyDictionary: the reflected
# Mapping.__eq__ asks isinstance(i4, Mapping), and _abc_subclasscheck(Mapping, C5) walks Mapping's
# subclasses, each ABC it visits making its negative cache on first use (PySet_New, a weakref to the
# set, the _destroy PyCFunction, a weakref to C5 with it as callback) besides the transient bound
# methods and __subclasses__() lists (tools/gc_trace.py on 3.12). CPython's gen-0 count moves +21
# (3.10), +25 (3.11), +17 (3.12, 3.13) for it; heapd's 0 (core/weakcont.c is_mapping() makes the class's
# basic ref and hash only, and abc_refs for the class's collectability). Later checks: 0 in both.
import gc, sys, weakref
gc.collect()
wc1 = weakref.WeakKeyDictionary()
class C5:
    pass
i4 = C5()
gc.collect()
a = gc.get_count()
q9 = i4 != wc1
b = gc.get_count()
q10 = i4 != wc1
c = gc.get_count()
print(a, b, c)
print('@@END')
