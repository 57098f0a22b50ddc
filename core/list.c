/*
 * list.c — lists (mirrors Objects/listobject.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"

obj_t *list_new(heap_t *h, size_t allocated, bool from_freelist)
{
    uint64_t reuse = 0;
    if (from_freelist && h->list_free.len)
        reuse = h->list_free.addrs[--h->list_free.len];
    else
        gc_on_alloc(h);
    obj_t *l = heap_new_object_at(h, K_LIST, (size_t)h->prof->list_base, reuse);
    l->u.seq.allocated = allocated;
    l->u.seq.items = allocated ? xcalloc(allocated, sizeof(obj_t *)) : NULL;
    heap_account_size(h, l);
    heap_emit(h, EV_CREATED, l, NULL);
    gc_track(h, l);
    return l;
}

/* mirrors list_resize(): over-allocate on growth, shrink below half */
static void list_resize(heap_t *h, obj_t *l, size_t newsize)
{
    size_t allocated = l->u.seq.allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        l->u.seq.len = newsize;
        return;
    }
    size_t new_allocated = (newsize + (newsize >> 3) + 6) & ~(size_t)3;
    if ((int64_t)newsize - (int64_t)l->u.seq.len > (int64_t)new_allocated - (int64_t)newsize)
        new_allocated = (newsize + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    obj_t **items = xrealloc(l->u.seq.items, (new_allocated ? new_allocated : 1) * sizeof *items);
    for (size_t i = l->u.seq.len; i < new_allocated; i++)
        items[i] = NULL;
    l->u.seq.items = items;
    l->u.seq.allocated = new_allocated;
    l->u.seq.len = newsize;
    heap_account_size(h, l);
}

void list_append_new(heap_t *h, obj_t *l, obj_t *item)
{
    size_t n = l->u.seq.len;
    list_resize(h, l, n + 1);
    l->u.seq.items[n] = item;
}

/* mirrors list_extend() of an empty list: list_preallocate_exact() rounds to even */
void list_extend_prealloc(heap_t *h, obj_t *l, obj_t **items, size_t n)
{
    size_t alloc = (n + 1) & ~(size_t)1;
    free(l->u.seq.items);
    l->u.seq.items = xcalloc(alloc ? alloc : 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        l->u.seq.items[i] = obj_newref(items[i]);
    l->u.seq.len = n;
    l->u.seq.allocated = alloc;
    heap_account_size(h, l);
}

static bool list_index(heap_t *h, obj_t *l, int64_t *index, const char *what)
{
    int64_t n = (int64_t)l->u.seq.len;
    if (*index < 0)
        *index += n;
    if (*index < 0 || *index >= n) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "list %sindex out of range", what);
        return false;
    }
    return true;
}

/* L[i] = v: store the new item, then release the old one */
bool list_set_item_new(heap_t *h, obj_t *l, int64_t index, obj_t *item)
{
    if (!list_index(h, l, &index, "assignment ")) {
        obj_decref(h, item);
        return false;
    }
    obj_t *old = l->u.seq.items[index];
    l->u.seq.items[index] = item;
    obj_decref(h, old);
    return true;
}

/* del L[i]: list_ass_slice() moves the tail down, resizes, then releases */
bool list_del_item(heap_t *h, obj_t *l, int64_t index)
{
    if (!list_index(h, l, &index, "assignment "))
        return false;
    obj_t *old = l->u.seq.items[index];
    memmove(&l->u.seq.items[index], &l->u.seq.items[index + 1],
            (l->u.seq.len - (size_t)index - 1) * sizeof(obj_t *));
    if (h->prof->list_del_shrinks && l->u.seq.len == 1) {
        /* list_ass_slice(): a slice deletion that empties the list is _list_clear() */
        free(l->u.seq.items);
        l->u.seq.items = NULL;
        l->u.seq.len = l->u.seq.allocated = 0;
        heap_account_size(h, l);
    } else if (h->prof->list_del_shrinks)
        list_resize(h, l, l->u.seq.len - 1);
    else
        l->u.seq.items[--l->u.seq.len] = NULL; /* 3.13 keeps the allocation */
    obj_decref(h, old);
    return true;
}
