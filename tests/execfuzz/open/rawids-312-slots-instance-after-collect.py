# NEW (helper-60, 2026-12-04: rawfuzz --ids seed 6002 on 755c9b9, rawids-3.12-module-6002019136,
# minimised by rawfuzz; 3.12 and 3.13, 3.10 and 3.11 pass; the build before the pool model (da5bfa0)
# fails it alike). The instance printed with 'L15' takes, in CPython, another block than the one the
# temporary C3 of `print(C3(), gc.collect())` released; heapd's takes that one. The class has
# __slots__ ('__weakref__', 'x') and float constants folded in __init__. Not analysed.
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
