# NEW (2026-12-04, my rawfuzz --ids seed 9201: rawids-3.10-module-9201038004; 3.10-3.13).
# `C4 != wc1` (a class against a WeakKeyDictionary): the class's richcompare returns NotImplemented,
# then the reflected Mapping.__eq__ (via object.__ne__) asks isinstance(C4, Mapping): the ABC
# machinery checks `type` against Mapping (_abc_subclasscheck(): its registry, its subclasses' checks,
# the caches' weak sets), which costs CPython 3.10 187 allocations here and heapd 171 (3.12: 185 and 172)
# (core/weakcont.c is_mapping() follows a session class's instance only). Not fixed.
# helper-63 (2026-12-04, measured, not fixed): core/weakcont.c is_mapping() answers false for a class
# (K_CLASS) without any of the ABC work. What CPython does is a property of `type` (the class's class),
# an interpreter object, so it is paid once per process: after `from _collections_abc import Mapping;
# gc.collect()`, the first `isinstance(C4, Mapping)` of a class leaves the gen-0 count +17 (3.10), +22
# (3.11), +14 (3.12, 3.13) - _abc_instancecheck() -> _abc_subclasscheck(Mapping, type): registry,
# Mapping.__subclasses__() (['MutableMapping'] here) checked recursively, `type` added to each ABC's
# _abc_negative_cache (a set made on first use, a weakref with a _destroy callback: PyCFunction_NewEx()
# over a weakref to the set) - and a second class's check only +1; a later gc.collect() frees none of
# it (0). A fix would add those GC allocations (as interpreter objects, heap_interp_made()) on the
# session's first such check, and the +1 after; the transient allocations in between matter only to a
# threshold crossing within the check, and the blocks to ids (not measured).
import gc, sys, weakref
gc.collect()
wc1 = weakref.WeakKeyDictionary()
class C4:
    __slots__ = ()
q6 = C4 != wc1
print(gc.get_count())
print('@@END')
