# NEW (helper-54, rawfuzz --ids seed 5403: rawids-3.10-module-5403017042 and rawids-3.12-module-5403017042,
# found as `print(id(object())); v2 = ['Hello', (((),),)]; print(v3, object(), end='')`; minimised by hand,
# re-checked against the plain build/heapd with `rawfuzz.py --probe FILE --ids --modes module`, every version).
# Input below: CPython 3.10-3.13 prints two DIFFERENT ids (the second object() gets a new block);
# heapd prints the same id twice (it reuses the first object()'s freed block).
# Cause: PyList_New(2) (BUILD_LIST 2) takes the list's item array with PyMem_Calloc(2, 8): 16 bytes,
# pymalloc's smallest size class, the one object() (16 bytes, no GC header) lives in; so the array takes
# the block the first object() freed. Checked in CPython without heapd:
#   a = id(object()); v2 = ['Hello', 1]; b = id(object()); del v2; c = id(object()); v3 = [1, 2, 3]
#   d = id(object()) -> a == b False, a == c True (the array freed with the list), a == d True
#   (3 items: 24 bytes, the 32-byte class) on 3.10.13, 3.11.7, 3.12.1 and 3.13.0.
# heapd's allocator (core/alloc.c block_alloc()/new_object()) gives blocks to objects only: a list's item
# array (and other PyMem_Malloc buffers of pymalloc's sizes: dict key tables, the 2-slot list a
# .append() makes...) takes no block, so ids after a list display of 1-2 items (or one whose array is
# <= 512 bytes, in the class of a freed object) differ. Suspected site: core/list.c (list_new/resize:
# no block for ob_item) with core/alloc.c. Not in README's deviations (README mentions only a class
# statement's dict key tables as not followed).
import gc
print(id(object()))
v2 = ['Hello', 1]
print(id(object()))
print('@@END')
