# NEW (helper-60, 2026-12-04: rawfuzz --ids seed 6001 on 5bc1982, rawids-3.10-module-6001020519,
# minimised by rawfuzz; 3.10 only, 3.11 to 3.13 pass; the build before the pool model (da5bfa0) fails
# it alike). In CPython 3.10 n20 (a C16 instance, 48-byte block with its GC head) does not take the
# block of the resurrected C16 that `print(_resurrected.pop(-1))` released; heapd's does. Both the
# print() of the object and `n18.x = '\u20ac'` are needed (without either line, or with the object
# popped into a name and deleted instead of printed, both sides agree). Suspected: a 48-byte block
# 3.10 takes in between that heapd does not (the first attribute of n18 makes its dict with shared
# keys: 3.10's new_values() is PyMem_Malloc(5 * 8), 48 bytes) in an order the print() changes. Not
# analysed further.
import gc, sys, weakref
gc.collect()
class C14:
    def __del__(self):
        print('del C14', end=None)
_resurrected = []
class C16:
    def __del__(self):
        'finalizer'
        print()
        _resurrected.append(self)
z17 = C16()
del z17
n18 = C14()
print(_resurrected.pop(-1))
n18.x = '\u20ac'
n20 = C16()
print(id(n20))
