class N:
    def __del__(s): print(' del')
exec('frozenset = 5')
try:
    exec('a = frozenset({N()})')
except TypeError:
    pass
print('after')
class M:
    def __init__(s): pass
    def __del__(s): print(' delM')
exec('len = M')
b = []
try:
    exec('len(b)')
except TypeError:
    pass
print('after2')
