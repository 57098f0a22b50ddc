/*
 * compare.h — hash() and == for the simulated types, with CPython's errors.
 */
#ifndef HEAPD_COMPARE_H
#define HEAPD_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

/* hash(o); false with TypeError in h->exc for unhashable objects. */
bool obj_hash(heap_t *h, obj_t *o, int64_t *out);
/* a == b (identity implies equality, as PyObject_RichCompare's callers assume). */
bool obj_eq(heap_t *h, obj_t *a, obj_t *b);
/* The default object hash, _Py_HashPointer. */
int64_t hash_pointer(uint64_t addr);

#endif
