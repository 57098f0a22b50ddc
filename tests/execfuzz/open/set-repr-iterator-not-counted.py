# NEW (found by hand while probing print() under tiny thresholds after rawfuzz IDS=1 seed 8801;
# minimised with a threshold sweep, re-checked against the plain build/heapd with
# `tests/execfuzz/rawfuzz.py --probe FILE --versions 3.10,3.11,3.12,3.13 --ids --modes module`,
# stdout pipe and unbuffered).
# A set's repr (set_repr(): keys = PySequence_List(so)) fills the list with list_extend(), which on
# 3.10-3.12 takes the generic iterator path: PyObject_GetIter(set) makes a set_iterator, a GC
# allocation (+1 to gc count[0]) freed at once (-1). heapd's core/set.c set_repr() makes the keys
# list but no iterator, so the transient peak of the count is one lower. On 3.10/3.11, where a
# collection starts at the allocation that crosses the threshold, CPython collects inside the
# repr (before print() writes it) where heapd does not collect at all in that statement:
#   gc_trace.py 3.11 of print({3}): + set, + print's kw tuple (first call), + bound write,
#   + tstate dict, + Py_Repr list, + keys list, + set_iter (list_extend < _PyList_Extend <
#   PySequence_List < set_repr), - set_iterator, ...
# Observed (3.10 and 3.11, pipe and unbuffered): CPython "<del>{3}" then "@@END";
# heapd "{3}" then "@@END" (its collection comes later). Not only the first repr: with a
# print({5}) before gc.collect() the same happens at threshold 6 (3.10) / 5 (3.11).
# 3.12/3.13 agree in this program (3.12's set_iter would only schedule the collection, which
# runs at the next PyErr_CheckSignals() inside the same repr; 3.13 has list_extend_set(), no
# iterator); the final gc counts agree everywhere (the iterator is made and freed).
# Suspected site: core/set.c set_repr() (the keys list's PySequence_List(): a transient
# set_iterator on 3.10-3.12). Not in open/README.md or README's deviations.
import gc, sys
class D:
    def __del__(self):
        print('<del>', end='')
gc.collect()
gc.set_threshold(100)
gc.collect()
c = D()
c.me = c
del c
gc.set_threshold(8)
print({3})
print('@@END')
