# NEW (found while probing rawfuzz IDS=1 seed 8801's address patterns by hand; minimised by hand,
# re-checked against the plain build/heapd with `tests/execfuzz/rawfuzz.py --probe FILE
# --versions 3.10,3.11,3.12,3.13 --modes module,statements`).
# print(A(), B()): the arguments of print() are released in the wrong order on 3.11-3.13.
# CPython 3.11+'s CALL (and 3.12+'s CALL_BUILTIN_FAST_WITH_KEYWORDS etc.) releases a call's
# arguments first to last (`for (i = 0; i < total_args; i++) Py_DECREF(args[i])`); only 3.10's
# call_function() pops them last first. heapd's print statement (core/pyops.c pyop_print())
# leaves its values on h->temps, which the statement's end pops with heap_pop_temps()
# (core/alloc.c: last first) on every version; core/value.c call_args() does honour
# prof->call_args_last_first for other calls.
# Observed (both modes, stdout pipe or unbuffered), last two lines:
#   3.10        CPython: del B / del A    heapd: del B / del A     (agree)
#   3.11-3.13   CPython: del A / del B    heapd: del B / del A     (MISMATCH)
# The first print (temporaries released by IS_OP) agrees everywhere.
# Also visible without finalizers under `rawfuzz --ids` (which freed block is reused first):
#   print(object(), object()); print(object(), object())
#   CPython 3.11-3.13: second line shows the two addresses swapped (the last freed block is
#   reused first); heapd shows them in the same order (3.10 agrees).
# Not in tests/execfuzz/open/README.md or README's deviations (README says the arguments of
# Cls(a, b) and of container methods are released first to last on 3.11+). Likely affects
# gc counts/addresses too (which free-list entry or pymalloc block comes next).
class A:
    def __del__(self):
        print('del A')
class B:
    def __del__(self):
        print('del B')
print(A() is None, B() is None)
print(A(), B(), sep='\n')
print('@@END')
