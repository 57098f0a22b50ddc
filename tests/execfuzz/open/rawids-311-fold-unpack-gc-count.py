# NEW (helper-60, 2026-12-04: rawfuzz --ids seed 6001 on 5bc1982, rawids-3.11-module-6001018244,
# minimised by rawfuzz; 3.11 only; the build before the pool model (da5bfa0) fails it alike). With
# gc.set_threshold(1, 3, 2), a tuple-unpacking assignment whose right side folds
# `(256, b'abc', 0.0001) + (536,)`: CPython 3.11 prints (0, 1, 0), heapd (1, 0, 0): one GC
# allocation (or deallocation) apart around the folded tuple's items on 3.11. Not analysed.
import gc, sys, weakref
gc.collect()
gc.set_threshold(1, 3, 2)
c1, e2, p3 = (), 5e-324, (256, b'abc', 0.0001) + (536,)
print(gc.get_count())
print('@@END')
