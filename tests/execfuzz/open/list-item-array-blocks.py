# NEW (rawfuzz --ids seed 9101, 2026-12-04: rawids-3.12-module-9101028739; all versions).
# A list's item array is a pymalloc block too (PyMem_Calloc()/PyMem_Realloc() under 512 bytes),
# in the same size classes as small objects: a 1- or 2-item list's 8 or 16 bytes share the
# 16-byte class with object(), 3-4 items the 32-byte class with ints and floats, and so on.
# list_dealloc() frees the items first, then PyMem_Free(ob_item), so the next object() takes
# the array's block (last freed first), not the dead object's:
#   print([object()]); print(object())   CPython: two different addresses; heapd: the same one.
# heapd's allocator (core/alloc.c) gives blocks to objects only: list (and dict keys, set
# tables past 8 entries) memory never takes or frees a block. Fix sketch: a list keeps its
# array's block address (u.seq has 8 spare bytes), list.c's eight allocation sites take and
# free it through block_alloc() as pymalloc_realloc() does (same block while shrinking by at
# most a quarter, a new one when growing, system memory past 512 bytes or at 0, which a list
# then keeps).
import gc, sys, weakref
gc.collect()
print([object()])
print(object())
print('@@END')
