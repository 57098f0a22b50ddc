class N:
    def __del__(s): print(' del')
frozenset = 5
try:
    a = frozenset({N()})
except TypeError:
    pass
print('after')
class M:
    def __init__(s): pass
    def __del__(s): print(' delM')
len = M
b = []
try:
    len(b)
except TypeError:
    pass
print('after2')
