# NEW (2026-12-04, my rawfuzz --ids seed 9201: rawids-3.10-module-9201034608, minimised further by hand).
# weakref.ref(f, None) right after the run's first print() of a tuple costs CPython one allocation more
# than heapd on 3.11-3.13 (8 / 7 / 7 against 7 / 6 / 6 below, second line), and the weakref.ref(f)
# after it one more on 3.10 (7 against 6, third line). With a gc.collect() before each statement the
# counts agree (so the weakref itself is counted right): the difference is which free list (the
# 2-tuple of weakref.ref()'s _PyObject_MakeTpCall() arguments, most likely) holds an entry after the
# first print(gc.get_count()). Suspected: core/pyops.c print()'s allocations on the first print, or
# core/weakref.c's call of ref(x, None).
import gc, sys, weakref
gc.collect()
def cb6(wr):
    print('cb cb6', sep='')
print(gc.get_count())
w7 = weakref.ref(cb6, None)
print(gc.get_count())
w8 = weakref.ref(cb6)
print(gc.get_count())
def f2(wr):
    pass
print(gc.get_count())
w9 = weakref.ref(f2)
print(gc.get_count())
w10 = weakref.ref(f2)
print(w9 is w10)
print('@@END')
