# NEW (rawfuzz IDS=1 seed 8805: rawids-3.10-module-8805027062
#   `p2 = s3 = {(994,), (), '\n', ()}; a6 = s3.update({'k': 1}, {4}); print(gc.get_count())`
#   cpython (6, 0, 0) heapd (5, 0, 0); minimised by hand, re-checked against the plain build/heapd
#   with `rawfuzz.py --probe FILE --versions 3.10,3.11,3.12,3.13 --ids --modes module`).
# set.update(...) and dict.update(...) are METH_VARARGS (dict: |METH_KEYWORDS) C methods (3.13's
# set.update via Argument Clinic *others still packs them): the call packs its positional
# arguments in a new tuple (a GC allocation after gc.collect() emptied the tuple free list; it
# goes back to the free list, so the count keeps it). heapd makes no such tuple for these
# methods, as README says it does for gc.set_threshold()/sys.getsizeof() (METH_VARARGS) and
# weakref.ref() (_PyObject_MakeTpCall()).
# Observed, every version 3.10-3.13 (pipe or unbuffered):
#   statement after gc.collect()   CPython   heapd
#   d.update({3: 4})               (2,0,0)   (1,0,0)   (display dict + args tuple)
#   s.update([7])                  (2,0,0)   (1,0,0)
#   d.pop(3)                       (0,0,0)   (0,0,0)   (METH_FASTCALL: agree)
# Moves every later automatic collection by one allocation per such call.
# Suspected site: core/dict.c / core/set.c update methods (their call path in core/pycall.c /
# core/pyops.c does not pack the varargs tuple). Not in open/README.md or README's deviations.
import gc, sys
d = {1: 2}
s = {1, 2}
gc.collect()
d.update({3: 4})
print(gc.get_count())
gc.collect()
s.update([7])
print(gc.get_count())
gc.collect()
d.pop(3)
print(gc.get_count())
print("@@END")
