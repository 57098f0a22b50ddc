# NEW (2026-12-04, my rawfuzz --ids seed 9201 on e6f9eab, minimised by hand; 3.10, 3.11, 3.13).
# gc.collect() (a full collection: clear_freelists() / _PyGC_ClearAllFreeLists()) empties the float
# free list too (_PyFloat_ClearFreeList()): the floats on it (start-up's, and on 3.13 floats freed
# since) go back to pymalloc's 32-byte class, the class ints of two digits
# (id()'s) use, so the next such int takes a start-up float's block where heapd's takes the block
# freed last. heapd has no float free list (core/num.c): the list/dict/tuple ones have their
# start-up counts in core/profile.c (startup_*); a float row, and a float type free list
# (PyFloat_MAXFREELIST 100) that freed floats and PyFloat_FromDouble() use, would be needed.
# gdb on 3.13.0: two _PyFloat_ClearFreeList() frees at a gc.collect() after a class statement.
# Input below: CPython 3.10 and 3.11 print False (a float's block), 3.12 and 3.13 True; heapd True.
# gdb (the float free list's numfree at the script's first id() and after gc.collect()): 3.10 4 -> 0,
# 3.11 1 -> 0, 3.12 4 -> 0, 3.13 4 -> 0: every version frees start-up floats here, yet 3.12 and 3.13
# hand the int k's block. pymalloc_free() links a pool at the front of usedpools[class] only when
# the pool was full; a block freed into a pool that was not stays behind the pool allocation uses
# (pymalloc_alloc() takes usedpools[class]'s first pool's freeblock). heapd's one LIFO stack per size
# class (core/alloc.c block_alloc()) is pymalloc without pools: a float free list alone would make
# 3.12/3.13 wrong. Fix: model pools (16 KiB, per-pool free lists and usedpools order) and the
# start-up pools' fullness per version, then the float free list.
import gc
x = 2.5
f = id(x)
k = id(f)
del f
gc.collect()
a1 = id(x)
print(id(a1) == k)
print('@@END')
