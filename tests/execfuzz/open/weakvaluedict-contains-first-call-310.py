# NEW (2026-12-04 evening, my rawfuzz --ids seed 7302 on 78f334f: rawids-3.10-module-7302023838, minimised by
# hand; 3.10 only, 3.11-3.13 pass). The first `k in wvd` of a WeakValueDictionary that does not hold k costs
# CPython 3.10 three GC allocations that outlive it (gc.get_count() 23 -> 26), heapd two (23 -> 25); later
# ones cost nothing on both sides, and the first `in` on an instance key after it costs both one. Any key
# (an int, a class) shows it. WeakValueDictionary.__contains__ runs `self.data[key]()` and catches the
# KeyError: suspected, a first-call allocation 3.10 keeps (a code object's co_zombieframe, or what the
# first KeyError caught in a library frame leaves) that core/weakcont.c's __contains__ does not make.
# Same family as mapping-ne-class-abc-check.py (allocations inside library Python code). Not analysed.
import gc, sys, weakref
gc.collect()
wc2 = weakref.WeakValueDictionary()
class C5:
    pass
print(gc.get_count())
print(5 not in wc2)
print(gc.get_count())
print(C5 not in wc2)
print(gc.get_count())
print('@@END')
