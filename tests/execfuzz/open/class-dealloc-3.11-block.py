# NEW (2026-12-04, while fixing a class statement's blocks; 3.11 only). A class's death frees a 32-byte
# block more, or in another order, on 3.11 than heapd's type_dealloc() mirror (core/class.c
# class_dealloc(): remove_subclass()'s new key taken, the stored key released, then the weakref, then
# the new key; gdb on 3.11.7 shows that order too, then type_dealloc() frees more at typeobject.c:4107
# (a Py_XDECREF) and 4110 (_PyDictKeys_DecRef() of ht_cached_keys)).
# Input below: 3.10, 3.12, 3.13 and heapd print  True False False True;  3.11 prints  False True True False
# (the stored key's block comes back first). Suspected: what 3.11's type_dealloc() releases after
# remove_subclass() (or a 32-byte block 3.11's class statement takes before add_subclass()).
import gc
gc.collect()
x = 2.5
f = id(x)
k = id(f)
del f
class C:
    pass
g = id(x)
kg = id(g)
del g
del C
gc.collect()
a1 = id(x)
a2 = id(x)
print(id(a1) == kg, id(a2) == kg, id(a1) == k, id(a2) == k)
print('@@END')
