# NEW (helper-60, 2026-12-04: rawfuzz --ids seed 6002 on 755c9b9, rawids-3.12-module-6002019136,
# minimised by rawfuzz; 3.12 and 3.13, 3.10 and 3.11 pass; the build before the pool model (da5bfa0)
# fails it alike). The instance printed with 'L15' takes, in CPython, another block than the one the
# temporary C3 of `print(C3(), gc.collect())` released; heapd's takes that one. The class has
# __slots__ ('__weakref__', 'x') and float constants folded in __init__. Not analysed.
# helper-63 (2026-12-04, gdb on 3.12.1, PYTHONDONTWRITEBYTECODE=1): the instance is a 64-byte block on 3.12
# (basicsize 24, GC head and the managed pre-header: getsizeof 56). The temporary C3 is at 0x...3510 in
# pool 0x...370000, usedpools[64]'s head before and after the first collection. The second
# `gc.collect()` (full) runs clear_freelists(): _PyTuple_ClearFreeList() frees the size-3 list's one
# entry, a 3-tuple (64 bytes) at block 0x...575130 in pool 0x...574000, which was full: that pool goes
# to the front of usedpools[64] and the 'L15' C3 takes that very block. (Not the 2-tuple of
# `weakref.ref(o4, cb6)`: the size-2 entry is at 0x...373b00, in the head pool; free lists at that
# point: sizes 1, 2, 3 one entry each.) The 3-tuple is most likely __build_class__'s
# type(name, bases, ns) argument tuple of `class C3` (_PyObject_MakeTpCall()), allocated when pool
# 0x...574000 was the head and filled later. Next step: check that heapd makes that 3-tuple, and where
# its block lies relative to the pools heapd's start-up model (core/profile.c startup_pools) fills.
# helper-66 (2026-12-04, gdb on 3.12.1, not fixed): the 3-tuple's block 0x...575170 holds, until the
# script's first gc.collect(), a start-up *list* on the list free list (one of 4 entries then):
# _PyList_ClearFreeList() frees it (its pool full: to the front of usedpools[64]); `class C3`'s
# type(name, bases, ns) tuple (_PyObject_MakeTpCall()) takes that block, goes to the size-3 tuple free
# list, and the second full collection frees it again (pool full again: front), where 'L15' takes it.
# heapd keeps the list/dict/tuple free lists' start-up entries in one region pool per list (alloc.c
# startup_take(), no startup_pools ranks as floats have), so after its first drain all of them share
# one pool, the temporary C3's too. The fix is the floats' one: measure where each start-up entry of
# the 64-byte free lists (3-tuples, lists, dicts) lies against usedpools (extend tools/gdb_usedpools.py)
# and give freelist_t.startup_pools ranks for them, per version.
import gc, sys, weakref
gc.collect()
class C3:
    def __init__(self):
        self.x = -7.5 % 2
        self.x = 10 / 4
        self.x = self.x
        self.x = self.x
    __slots__ = ('__weakref__', 'x')
def cb6(ref):
    'callback'
    print('cb cb6')
o4 = C3()
w5 = weakref.ref(o4, cb6)
del o4
print(w5() is None)
print(C3(), gc.collect())
print('L15', C3())
print('@@END')
