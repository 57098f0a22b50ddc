/*
 * weakref.h — weakref.ref, KeyedRef, and the weak containers
 * (mirrors Objects/weakrefobject.c and Lib/weakref.py, Lib/_weakrefset.py).
 */
#ifndef HEAPD_WEAKREF_H
#define HEAPD_WEAKREF_H

#include <stdbool.h>

#include "object.h"

bool weakref_supported(const obj_t *o);
/* weakref.ref(target[, cb]): a new reference, or NULL with TypeError set. */
obj_t *weakref_new(heap_t *h, obj_t *target, bool callback);
/* PyObject_ClearWeakRefs(): clear every weakref to o, then run callbacks. */
void weakref_clear_all(heap_t *h, obj_t *o);
/* _PyWeakref_ClearRef(): unlink wr from its referent, keep its callback. */
void weakref_clear_ref(obj_t *wr);
/* Runs wr's callback for the dead referent (an event or a container removal). */
void weakref_run_callback(heap_t *h, obj_t *wr, uint64_t dead_id);
int64_t weakref_count(obj_t *o);
void weakref_dealloc(heap_t *h, obj_t *wr);

obj_t *weakcont_new(heap_t *h, int wkind);
/* d[key] = value / s.add(value) */
bool weakcont_setitem(heap_t *h, obj_t *wc, obj_t *key, obj_t *value);
bool weakcont_add(heap_t *h, obj_t *wc, obj_t *item);
/* d[key]: a new reference, or NULL with KeyError */
obj_t *weakcont_getitem(heap_t *h, obj_t *wc, obj_t *key);
bool weakcont_delitem(heap_t *h, obj_t *wc, obj_t *key);
bool weakcont_discard(heap_t *h, obj_t *wc, obj_t *item);
int weakcont_contains(heap_t *h, obj_t *wc, obj_t *key);
int64_t weakcont_len(const obj_t *wc);
void weakcont_dealloc(heap_t *h, obj_t *wc);
const char *weakcont_type_name(const obj_t *wc);

#endif
