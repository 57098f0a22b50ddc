/*
 * repr.h — repr(), dispatched to each type's repr slot, with CPython's
 * recursion marks (Py_ReprEnter: `[...]`) and two bounds of our own: a
 * depth past which the text stops (CPython raises RecursionError there)
 * and a length past which it is cut, so that no repr costs more than its
 * cap whatever structure it walks.
 */
#ifndef HEAPD_REPR_H
#define HEAPD_REPR_H

#include <stdbool.h>

#include "object.h"
#include "strbuf.h"

struct repr_ctx {
    heap_t *h;
    strbuf_t sb;
    size_t limit; /* stop once the text is this long; 0: no limit */
    int depth, max_depth;
    bool truncated; /* the text was cut (length or depth) */
};

/* Appends repr(o); types call it for their items. */
void repr_obj(repr_ctx_t *r, obj_t *o);
/* Py_ReprEnter(): false when o is already being printed (print `[...]`). */
bool repr_enter(repr_ctx_t *r, obj_t *o);
void repr_leave(repr_ctx_t *r, obj_t *o);
/* The cap is reached: stop appending items. */
static inline bool repr_full(const repr_ctx_t *r)
{
    return r->limit && r->sb.len >= r->limit;
}

/* repr(o), malloc'd: cut after `limit` bytes (0: whole) and marked with the
 * ellipsis character; *truncated (may be NULL) tells. */
char *obj_repr_capped(heap_t *h, obj_t *o, size_t limit, bool *truncated);
/* repr(o) for messages (KeyError): cut at the message length. */
char *obj_repr_str(heap_t *h, obj_t *o);

#endif
