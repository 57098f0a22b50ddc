# NEW (helper-54, rawfuzz --ids seed 5403: rawids-3.11-module-5403016275, found as a cycle of C4
# instances with __del__ under gc.set_threshold(1, 3, 2) collected before @@END by heapd, at module
# teardown by CPython; minimised by hand, re-checked against the plain build/heapd with
# `rawfuzz.py --probe FILE --ids --versions 3.10,3.11,3.12,3.13 --modes module`).
# Input below:
#   version   CPython before @@END            heapd before @@END
#   3.10      (1, 2, 5)                       del A, (1, 0, 1)
#   3.11      del A (a gen-1 pass), (0, 2, 5)  del A, (0, 0, 1)   (same line, other counts)
#   3.12      (1, 2, 3)                       del A, (1, 1, 1)
#   3.13      (1, 2, 3)                       del A, (1, 1, 1)
# (CPython prints every other "del A" only at teardown, after @@END.)
# Cause: gc_collect_generations() (Modules/gcmodule.c 3.10-3.12, Python/gc.c 3.13) skips an
# automatic collection of the oldest generation while
#   gcstate->long_lived_pending < gcstate->long_lived_total / 4
# and long_lived_total is every tracked object that survived the last full collection: in a real
# script after gc.collect() that is the interpreter's own objects too (len(gc.get_objects()) right
# after gc.collect(): 4,719 on 3.10.13, 11,092 on 3.11.7, 4,974 on 3.12.1, 5,065 on 3.13.0), so a
# small script NEVER gets an automatic gen-2 collection (count[2] climbs past its threshold: 5 above).
# heapd's core/gc.c collect_generations() has the rule, but gc_collect() sets
# long_lived_total = survivors of the session's own objects (a handful), so the rule lets the full
# collection run as soon as count[2] > threshold[2]; finalizers then run, and counts go, where
# CPython's do not. Suspected site: core/gc.c (long_lived_total after a full collection: the
# interpreter's long-lived objects are missing; a per-version start-up figure, as the free lists'
# startup_* rows in core/profile.c, would be needed). Not in README's deviations.
import gc
gc.collect()
gc.set_threshold(1, 1, 1)
class A:
    def __del__(self):
        print('del A')
a = A()
a.me = a
b = A()
c = A()
del a
d = A()
e = A()
f = A()
g = A()
x0 = A()
x1 = A()
x2 = A()
x3 = A()
x4 = A()
x5 = A()
x6 = A()
x7 = A()
x8 = A()
x9 = A()
x10 = A()
x11 = A()
print(gc.get_count())
print('@@END')
