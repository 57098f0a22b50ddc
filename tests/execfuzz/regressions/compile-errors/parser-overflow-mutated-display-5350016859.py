import gc, weakref
gc.set_threshold(100000)
v1 = s2 = 250
id(s2)
import sys
v3 = b'xyz'
print(sys.getrefcount(v3))
g4, p5 = object(), 7 / 2
v6 = b'xyz'
v7 = v6
print(sys.getrefcount(v7), sys.getrefcount(1.5))
(1,) * 3
v3.pop()
sys.getrefcount(v6)
print(sys.getsizeof(v3))
class C8:
    'doc'
    def __init__(self, id):
        self.items = [0, 1]
        self.items[0] = .5
class C9:
    def __del__(self):
        print(12345678901234567890, end=None)
class C10:
    def __init__(self, id, name):
        self.next = self.name
class C11:
    def __del__(self):
        print('del C11', True, end=' ')
    def __init__(self):
        self.partner = [0, 1]
        self.partner['k'] = True
        self.next = None
class C12:
    def __init__(self): self.x = rb'\d'; self.partner = b'hello world'; self.data = 27
class C13:
    def __del__(self):
        print('é', 'del C13', 199)
    def __init__(self):
        self.y = 'x'
        self.name = 256
    pass
class C14:
    def __init__(self, other, a):
        self.y = other
        self.y = a
        self.y = {}
        self.y['k'] = []
        self.y = a
    __slots__ = 'y'
class C15:
    def __init__(self, a):
        'initializer'
class C16:
    __slots__ = ['y']
class C17:
    def __init__(self, b):
        self.partner = 588
        self.data = {}
        self.data = b
        self.next = self.name = ()
    pass
class C18:
    'doc'
    def __init__(self):
        self.y = [0, 1]
        self.y[1] = (1.5, 'q r')
        self.y = self
        self.name = self.name
class C19:
    ''
    def __init__(self, other, value, name):
        self.next = self.x
        self.next = {}
        self.next[1] = name
        self.data = other
class C20:
    def __del__(self):
        pass
class C21:
    def __del__(self):
        pass
    def __init__(self, b, id):
        pass
class C22:
    def __init__(self, id):
        self.next = id
        self.y = self
    def __del__(self):
        print(end='')
class C23:
    def __init__(self, name, value, b):
        self.y = value
        self.items = self.x = b
        self.items = self.next
        self.partner = 388
class C24:
    'doc'
    def __del__(self):
        print(234, 'é', end=None)
class C25:
    def __del__(self):
        print(True)
class C26:
    def __init__(self, a, id):
        self.name = self.partner = self.partner
        self.items = self
        self.name = id
        self.name = id
class C27:
    pass
_resurrected = []
class C28:
    def __del__(self):
        print(12345678901234567890, 17, 280, sep=None, end='')
        _resurrected.append(self)
z29 = C28()
z29.me = z29
del z29
sys.getrefcount(_resurrected[0])
del C15, v6, C19
C12 = [v1]
print('é', 'Hello', b'\'"')
q30 = sys.getrefcount(C10)
i31 = 'abc'
j32 = 'abc'
print(i31 is j32, i31 == j32)
v33 = (1000, 2000) + (3000,)
v34 = (1000, 2000) + (3000,)
print(sys.getrefcount(v33), v33 is v34)
print('L46', gc.collect())
z35 = C28()
z35.me = z35
del z35
gc.collect()
print(_resurrected)
print(gc.collect(0))
[C11, q36, t37] = object(), br'\x', [s2, False, 0.1 + 0.2, True, -0.0, None, C11, _resurrected, 188, -7.5 % 2, False, .5, C17, g4, None, '', C21, 0o777]; v38 = C28()
print(f'''}}{ v33 !a}''', sep=None); C17 = {None: (), '': 'a', 'a': 159, 164: weakref.WeakValueDictionary()}
i39 = 2 ** 0.5
j40 = -(10 ** 19)
j40 = sys.intern(-(10 ** 19))
print(i39 is j40, i39 == j40)
C17[b'ab' * 3] = C17(C26(None, b'ab' * 3))
def cb43(w):
    print('cb cb43')
o41 = C14(object(), C17['k'])
o41.me = o41
w42 = weakref.ref(o41, cb43)
del o41
print(gc.collect())
print(w42() is None)
class C44:
    pass
C11.next = []
q45 = i31 in 1.0
g4 += 1
print(t37.pop(-2) is (b'\x00\xff', 2.0 ** 0.5, 0.0001, 193) + (False,))
_resurrected.copy() is None
v38.x = cb43
del v38.x
print(v38.x)
print('L76', C24 is C20)
v38.items = frozenset({(1e300, b'\x00\xff'), frozenset({'\x00'})})
print(C22)
class C47:
    def __init__(self, b, a, items):
        self.y = (1.5, 'q r')
    __slots__ = ('__weakref__', 'y')
n46 = C28()
n46.partner = n46
def cb49(wr):
    'callback'
    print('cb cb49', sep='')
    pass
w48 = weakref.ref(n46, cb49)
del n46
print(gc.collect(0))
del v1, _resurrected
print(sys.getrefcount('a b'))
id(C23)
sys.getrefcount(v34)
z50 = C28()
z50.me = z50
del z50
print('L93', _resurrected[-1])
print(12345.678, 1e308 * 10, 1e23, -7 % 2.5)
print(frozenset(), sep='-'); f51 = None
print({True, True, -47653977332903595409, None, b'\n', b'', 1e-5, False, 1_0.5, 271, 'Node', 0x1F, 'hello', None, True, 469196, None, 453, None})
v52 = v53 = object()
print(111570 in t37)
print(gc.collect(generation=1))
o54 = C28()
o54.me = o54
w55 = weakref.ref(o54, cb43)
del o54
print(gc.collect())
print(w55() is None)
s56, w57 = (1, 2) + (3,), '''x
y'''
print(gc.set_debug(0))
z58 = C28()
del z58
gc.collect()
del _resurrected[0]
s59 = 'café'
{257, None, 'right', -(1.5), 3.14, bytes(), 720, None, '€', False, '', -2 ** 63, None, None, -7.5 % 2, 'Node', 1e15}
wc60 = weakref.WeakKeyDictionary()
o61 = C19({417: 3.14}, True, undefined_4)
wc60[o61] = 944
class C62:
    def __init__(self):
        self.name = self
        self.x = {'k': 1}
        self.data = self
    def __del__(self):
        print(12345678901234567890, 'x', True)
o63 = C14((1, 2) + (3,), 1 + 2)
wc60[o63] = ({'k': ([([1, {'k': [[{'k': ([[1, {'k': [([1, {'k': [1, ([[1, [1, {'k': ([([[1, [1, {'k': {'k': ([1, {'k': {'k': {'k': ([1, ([[[1, ([([{'k': [1, [1, ({'k': {'k': [[1, [1, [(((([1, [({'k': [1, ([{'k': (([1, [[1, {'k': [1, ([[{'k': [([{'k': [1, {'k': [[1, [1, [1, [((([1, [[[[{'k': {'k': ([({'k': {'k': ([1, {'k': ({'k': ([[1, [1, {'k': [[1, [1, [1, [[[1, {'k': [{'k': {'k' {'k': [{'k': ({'k': [[1, [[1, [[1, [1, [1, {'k': [[[{'k': ({'k': ([[1, [1, [1, [[1, [1, {'k': [1, {'k': [(([1, [1, [1, {'k': [{'k': ((([{'k': {'k': [1, [[{'k': {'k': [[[1, [1, [[[{'k': [[[1, [(([([1, {'k': ([1, ({'k': '\U000f2c27\U00043720\U00002ffc'},)],)}],)],),)]]]]}]]]]]]]}}]]]}}],),),)}]}]]],),)]}]}]]]]]]],)},)}]]]}]]]]]]]]},)}]}}}]}]]]]]]]}]]],)},)}],)}},)],)}}]]]]],),),)]]]]]}]}],)]}]],)]}]]],),)}],)]},)]],),),),)]]]]}},)]]}],)],)]]],)],)}}}],)}}]]],)],)}]]],)]}],)]}]],)}]]}],)],)},)
del o63
print(o61 in wc60)
n64 = C19(object(), v3, C20())
n65 = {}
class C67:
    __slots__ = ['partner']
n66 = C27()
n64.next = n65
n65['next'] = n66
n66.next = n64
def cb69(w):
    pass
w68 = weakref.ref(n64)
gc.freeze()
del n66
gc.collect()
print(C12.append(weakref.WeakValueDictionary()))
C25()
j40 += -1
wc70 = weakref.WeakValueDictionary()
s71 = 1.7976931348623157e308
sys.getrefcount(q36)
class C72:
    def __del__(self):
        print()
    def __init__(self, id, items, value): self.items = 62; self.name = 992; self.name = {}; self.name['k'] = id; self.name = self.items = id
v73 = n64.next
d74 = 944
print(C44.val)
print(1 << 60, 2 ** 64 - 1)
class C75:
    __slots__ = ()
    def __del__(self):
        print(None, 'del C75', 'x', sep=None)
o76 = C44()
w77 = weakref.ref(o76, cb49)
del o76
print(w77() is None)
print('L150', gc.collect(0))
print('L151', gc.get_threshold())
print('L152', C12.append((C25(), [C21, -37321314463299140323])))
C17['k'], v78 = [C20()], b'\'"'
w80 = weakref.ref(cb49)
r81 = [1]
r81.append(r81)
print(r81)
v38.x += []
class C82:
    def __init__(self):
        self.x = []
        self.y = C22
q83 = len((w80, False, 'a b', 35, 'x', 'a', 5., .5, 'é', 7 // 2.0, w48, v78.data, False, g4, C44, 1e-310, 256 + 1, '\U000dff46\U00011f00\U000d7433\U0001fae8', False, 237, 0.0001, True, False, -92709683649347832873, b'\n', 999999999999999999999999999999, 929, C24, b'\x00\xff', 'k', 0.1 + 0.2, 10 ** 18, 5., 9, b'ab' * 3, i39))
print(s56[0] == v78)
class C85:
    def __del__(self):
        'finalizer'
        print('é', 273)
    def __init__(self):
        self.name = self.next = 'right'
        self.y = {}
        self.y['k'] = 138
        self.data = {}
wc84 = weakref.WeakValueDictionary()
o86 = C75()
wc84['k'] = o86
del o86
print(wc84['k'])
gc.collect(0)
cb43 -= ()
print(C12.extend({'k': 1}) is ['\\', ('a',) + ('b', 'c')])
def cb87(wr):
    pass
print(int())
print(C16 not in False)
print(1e23); b88 = C22(b'z' * 100)
print(w77())
w68 = (C25(), 351, [b'\x00\xff', (((),),), 4.35], {})
print('L177', gc.collect())
i89 = ''
j90 = ''
print(i89 is j90, i89 == j90)
q45 = (1 << 62) * 2
print([{(6097797230097666390283835301070716592198,): False}, [], C23], i31)
del i89
t91 = b'ab' * 3
print(t37.append(88))
r92 = {'a': 1}
r92['me'] = r92
print(r92)
class C96:
    def __del__(self):
        print('x', 'del C96', end=' ')
n93 = C19([10 / 4], 3640662628736956120186020815304425806209, 'it\'s')
n94 = C67()
n95 = C11()
n93.x = n94
n94.next = n95
n95.next = n93
del n94, n95, n93
print(gc.collect())
print((), [False], True)
print(C12.clear())
w97 = weakref.ref(C27, cb87)
C11 = a98 = b99 = -79036536953381397364
v100 = 10 ** 18
v101 = v100
print(sys.getrefcount(v101), sys.getrefcount(1.5))
b88.data = t37
del b88.data
print(b88.data)
print(sys.getrefcount(b'xyz'))
t37[3] = {'', b'z' * 100, 1e309, ()}
del r81[-2]
print(r81[-2])
w80()
n102 = C22(weakref.WeakKeyDictionary())
n102.partner = n102
w103 = weakref.ref(n102, cb69)
del n102
gc.collect(2)
n104 = C11()
n104.partner = n104
del n104
print('L219', gc.collect())
q105 = sys.getsizeof(wc84)
'''\n    indented\n    doc\n'''
d106 = '''\n    indented\n    doc\n'''
print(sys.getrefcount(d106))
print((bytes(), b'\n', 'a'), sep=None, end=None)
s109 = o61.y = '\n'
del v52
n64 = {'data': [], b'': '轩', frozenset({-2.5, 'Node', None}): {}}
s111 = ['\x41\102', C8(256), 1.7976931348623157e308]
del s59
g4.name = C22(())
del r81[0]
len(v7)
C27.pop()
del g4.next
del C17['a']
print(C17['a'])
r92['x'], v112 = [w80, 2 ** 0.5, cb49], int()
v114 = 1e100
v115 = v114
print(sys.getrefcount(v115), sys.getrefcount(((1000,),)))
print('L237', len({'data': frozenset({frozenset({58243, 'next', 'ÿ'}), b'\'"', 'y'}), 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff: 100.0}))
(v116, v117) = True + 1, weakref.WeakKeyDictionary()
print()
