# NEW (2026-12-05, helper-73, found by hand after the class-docstring fix; all versions, module mode).
# The constants a `def __del__(self):` body or a top-level `def cb(wr):` body prints are the co_consts of
# that function's code object, which in module mode is a constant of the unit (the class body's code, or
# the module's), merged with every equal constant of the unit (_PyCode_ConstantKey(): the compiler's
# c_const_cache is one per compilation unit), and held by the unit until it ends and by the function
# (the class's __dict__ / the name) for as long as it lives. heapd keeps only the printed text
# (heap_stmt_t.print_text), so an equal str or int elsewhere in the unit has a refcount one short per
# body that holds it: CPython 3.10-3.13 print `6 5 | 6 5 | 6 5 5`, heapd `4 4 | 4 4 | 4 4 4`.
# Statements mode matches (each statement compiles alone: no sharing). A fix would give the recording
# bodies code objects of their own (as core/code.c's for __init__: consts made with the statement or
# found among the unit's, released by code_release() when both the unit and the function let go).
import sys
class K:
    def __del__(self):
        print('bye now', 12345678)
s = 'bye now'
n = 12345678
print(sys.getrefcount(s), sys.getrefcount(n))
def cb(wr):
    print('cb here', 'bye now')
t = 'cb here'
print(sys.getrefcount(s), sys.getrefcount(t))
del K, cb
import gc
gc.collect()
print(sys.getrefcount(s), sys.getrefcount(n), sys.getrefcount(t))
