/*
 * tuple.c — tuples (mirrors Objects/tupleobject.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"

/* mirrors tuple_alloc(): the per-length free list first, else a GC allocation */
static obj_t *tuple_alloc(heap_t *h, size_t n)
{
    uint64_t reuse = 0;
    if (n < (size_t)h->prof->tuple_freelist_maxlen && h->tuple_free[n].len)
        reuse = h->tuple_free[n].addrs[--h->tuple_free[n].len];
    else
        gc_on_alloc(h);
    obj_t *t = heap_new_object_at(h, K_TUPLE, (size_t)h->prof->tuple_base + 8 * n, reuse);
    t->u.seq.items = xcalloc(n, sizeof(obj_t *));
    t->u.seq.len = n;
    t->u.seq.hash = -1;
    return t;
}

obj_t *tuple_new_steal(heap_t *h, obj_t **items, size_t n)
{
    if (n == 0) {
        if (!h->empty_tuple) {
            h->empty_tuple = heap_new_static(h, K_TUPLE, h->prof->static_refcnt_base, 8);
            h->empty_tuple->flags |= OF_GC;
            h->empty_tuple->u.seq.hash = -1;
        }
        return obj_newref(h->empty_tuple);
    }
    /* the items are held by the caller's stack while the tuple is allocated */
    obj_t *t = tuple_alloc(h, n);
    memcpy(t->u.seq.items, items, n * sizeof *items);
    heap_account_size(h, t);
    heap_emit(h, EV_CREATED, t, NULL);
    gc_track(h, t);
    return t;
}

/* mirrors _PyTuple_MaybeUntrack(): untrack when no item may be tracked */
void tuple_maybe_untrack(heap_t *h, obj_t *t)
{
    for (size_t i = 0; i < t->u.seq.len; i++) {
        obj_t *e = t->u.seq.items[i];
        if (e && obj_may_be_tracked(e))
            return;
    }
    gc_untrack(h, t);
}
