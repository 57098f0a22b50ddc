/*
 * weakcont.h — the weak containers of Lib/weakref.py and Lib/_weakrefset.py.
 */
#ifndef HEAPD_WEAKCONT_H
#define HEAPD_WEAKCONT_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"
#include "pycall.h"

/* WeakValueDictionary() etc. (kind: LIB_WEAKVALUEDICT ...): a new reference. */
obj_t *weakcont_new(heap_t *h, int kind);
/* The body of a container's remove function called with wr (a weakref
 * callback, or any call): 0, or -1 with the exception (which a callback's
 * caller ignores). */
int weakcont_remove(heap_t *h, obj_t *fn, obj_t *wr);
/* _weakref._remove_dead_weakref(d, key): 0, or -1. */
int weakcont_remove_dead_weakref(heap_t *h, obj_t *d, obj_t *key);

#endif
