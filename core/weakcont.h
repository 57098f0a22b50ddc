/*
 * weakcont.h — the weak containers of Lib/weakref.py and Lib/_weakrefset.py.
 */
#ifndef HEAPD_WEAKCONT_H
#define HEAPD_WEAKCONT_H

#include "object.h"

/* WeakValueDictionary() etc. (kind: LIB_WEAKVALUEDICT ...): a new reference. */
obj_t *weakcont_new(heap_t *h, int kind);
/* The body of a container's remove function, called back for weakref wr. */
void weakcont_remove(heap_t *h, obj_t *fn, obj_t *wr);

#endif
