# NEW (rawfuzz IDS=1 ASAN=1 seed 8801: rawids-3.13-module-8801027425, found as
#   gc.set_threshold(9, 3, 2); class C4: __slots__ = (...); gc.freeze(); print(gc.get_count())
#   cpython (2, 1, 0)  heapd (2, 2, 0); minimised and re-checked by hand, plain build/heapd).
# gc.freeze() in CPython 3.10-3.13 (gc_freeze_impl() / _PyGC_Freeze()) merges every generation into
# the permanent one and sets generations[i].count = 0 for EACH i; heapd's core/gc.c gc_freeze()
# resets h->gc.count[0] only, inside the loop, so the counts of generations 1 and 2 (collections
# of the younger generation since the last collection of that one) survive a freeze.
# Input below, `rawfuzz.py --probe findings3/gc-freeze-keeps-older-counts.py --ids --modes module`:
#   version   second get_count(): CPython   heapd
#   3.10                          (0, 0, 0)   (0, 2, 0)
#   3.11-3.13                     (0, 0, 0)   (0, 3, 0)   (the first print's allocations collect once more)
# Expected (0, 0, 0) on every version (also checked without heapd: gc.set_threshold(5, 100, 100);
# x = [[] for i in range(7)]; gc.freeze() -> (0, 0, 0) on 3.10.13/3.11.7/3.12.1/3.13.0).
# Consequence: the next gen-1/gen-2 collection comes too early after gc.freeze() (and JSON op
# {"op": "gc", "freeze": true}, same function). Suspected fix site: core/gc.c gc_freeze(),
# `h->gc.count[0] = 0` -> count[i]. Not in tests/execfuzz/open/README.md nor README's deviations.
import gc, sys, weakref
gc.collect()
class N:
    pass
gc.set_threshold(2, 100, 100)
a = N()
b = N()
c = N()
d = N()
print(gc.get_count())
gc.freeze()
print(gc.get_count())
print('@@END')
