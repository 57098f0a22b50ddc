/*
 * repr.h — repr() of every simulated type, with CPython's recursion marks.
 */
#ifndef HEAPD_REPR_H
#define HEAPD_REPR_H

#include "object.h"
#include "strbuf.h"

void obj_repr(heap_t *h, obj_t *o, strbuf_t *sb);
/* A malloc'd repr. */
char *obj_repr_str(heap_t *h, obj_t *o);

#endif
