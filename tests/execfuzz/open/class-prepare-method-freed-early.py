# NEW (rawfuzz IDS=1 seed 8805: rawids-3.11-module-8805028094 / -8805026545 / -8805026637 and
# rawids-3.10-*: class statements under gc.set_threshold(1..5, small); minimised by hand,
# re-checked against the plain build/heapd with `rawfuzz.py --probe FILE --ids --modes module`).
# Input below (threshold 1, a class without methods):
#   version   CPython     heapd      (the number of gen-0 collections the class statement made)
#   3.10      (0, 8, 0)   (0, 7, 0)
#   3.11      (0, 7, 0)   (0, 6, 0)
#   3.12/3.13 (0, 2, 0)   (0, 2, 0)  (collections run at eval-breaker checks: agree)
# Without set_threshold the final counts agree (12 on 3.10, 10 on 3.11+): the allocations are
# the same, their ORDER differs. tools/gc_trace.py --version 3.11 of the class statement:
#   + function (MAKE_FUNCTION)  + bound method (type_getattro: __prepare__)
#   + dict (PyDict_New < cfunction_vectorcall_FASTCALL_KEYWORDS: __prepare__() returns the
#     namespace)  - builtin_function_or_method (the bound __prepare__ freed only now)  + args tuple ...
# heapd's core/class.c class_build_begin() does
#   heap_interp_drop(h, method_interp(h, "__prepare__", "type"));   /* made and dropped */
#   b->ns = dict_interp(h, true);                                     /* then the namespace */
# so the count goes 1,0,1 where CPython's goes 1,2(collect),... : with threshold 1 (or any
# threshold the count sits at there) 3.10/3.11 collect once less (or at another point) per class
# statement; with a def __del__/__init__ in the body the parity happens to agree again.
# Expected: drop the bound __prepare__ after the namespace dict is made.
# Not in open/README.md; README documents class-statement allocations as followed (5-12 per class).
import gc, sys
gc.collect()
gc.set_threshold(1, 100)
class C4:
    ''
print(gc.get_count())
print("@@END")
