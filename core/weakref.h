/*
 * weakref.h — weakref.ref and weakref.KeyedRef (Objects/weakrefobject.c).
 */
#ifndef HEAPD_WEAKREF_H
#define HEAPD_WEAKREF_H

#include <stdbool.h>

#include "object.h"

bool weakref_supported(obj_t *o);
/* weakref.ref(target[, callback]): a new reference, or NULL with TypeError set. */
obj_t *weakref_new(heap_t *h, obj_t *target, obj_t *callback);
/* The interpreter-made basic ref to the library class cls (just made, no
 * weakref yet) that its base holds in its tp_subclasses, at addr: shared
 * (never dies, no event) but counted as CPython's (refcount 1), tracked in
 * __main__.__dict__'s generation. */
obj_t *weakref_new_subclass_entry(heap_t *h, obj_t *cls, uint64_t addr);
/* weakref.KeyedRef(target, callback, key): a new reference, or NULL with TypeError. */
obj_t *keyedref_new(heap_t *h, obj_t *target, obj_t *callback, obj_t *key);
/* PyObject_ClearWeakRefs(): clear every weakref to o, then run callbacks. */
void weakref_clear_all(heap_t *h, obj_t *o);
/* _PyWeakref_ClearRef(): unlink wr from its referent, keep its callback. */
void weakref_clear_ref(heap_t *h, obj_t *wr);
/* The weakrefs to o (weakref.getweakrefcount). */
int64_t weakref_count(heap_t *h, obj_t *o);

#endif
