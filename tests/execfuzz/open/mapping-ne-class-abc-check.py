# NEW (2026-12-04, my rawfuzz --ids seed 9201: rawids-3.10-module-9201038004; 3.10-3.13).
# `C4 != wc1` (a class against a WeakKeyDictionary): the class's richcompare returns NotImplemented,
# then the reflected Mapping.__eq__ (via object.__ne__) asks isinstance(C4, Mapping): the ABC
# machinery checks `type` against Mapping (_abc_subclasscheck(): its registry, its subclasses' checks,
# the caches' weak sets), which costs CPython 3.10 187 allocations here and heapd 171 (3.12: 185 and 172)
# (core/weakcont.c is_mapping() follows a session class's instance only). Not fixed.
import gc, sys, weakref
gc.collect()
wc1 = weakref.WeakKeyDictionary()
class C4:
    __slots__ = ()
q6 = C4 != wc1
print(gc.get_count())
print('@@END')
