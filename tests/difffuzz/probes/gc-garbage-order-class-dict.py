# helper-78 (2026-12-05): the order of ../open/gc-garbage-order-class-dict.json's objects in generation 2
# after gc.collect(1) and in gc.garbage after the DEBUG_SAVEALL collection, by name (see ../open/README.md).
# 3.12.1: [S, S.mro, N, Leaf, y, e, wv, y.dict, e.dict, wv.dict, S.__dict__, S.__del__, S.x] both times;
# 3.13.0: [S, S.mro, N, Leaf, y, e, wv, S.__dict__, S.__del__, S.x] (plus the class's other machinery).
import gc, sys
gc.disable()
_resurrected = []
class S:
    __slots__ = ['x']
    def __del__(self): print('del S')
class N:
    def __del__(self): print('del N')
class Leaf:
    __slots__ = ['__dict__', '__weakref__']
    def __del__(self): print('del Leaf')
y = Leaf(); y.name = "quote'"
e = N()
wv = N(); wv.name = 'x'
y.items = e
e.data = wv
wv.partner = y
oldS = S
ids = {id(S): 'S', id(S.__dict__['x']): 'S.x', id(y): 'y', id(e): 'e', id(wv): 'wv', id(S.__mro__): 'S.mro', id(S.__dict__['__del__']): 'S.__del__', id(y.__dict__): 'y.dict', id(e.__dict__): 'e.dict', id(wv.__dict__): 'wv.dict'}
d = gc.get_referents(S)
for o in d:
    if type(o) is dict and '__slots__' in o: ids[id(o)] = 'S.__dict__'
del d, oldS
def show(lst):
    print([ids.get(id(o), type(o).__name__) for o in lst if id(o) in ids or type(o).__name__ in ('type','member_descriptor','Leaf','N')])
gc.collect(1)
show(gc.get_objects(2))
del y, e, wv
class S:
    __slots__ = ['__weakref__']
    def __del__(self): _resurrected.append(self)
gc.set_debug(gc.DEBUG_SAVEALL)
gc.collect(2)
gc.set_debug(0)
show(gc.garbage)
