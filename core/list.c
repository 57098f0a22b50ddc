/*
 * list.c — lists (mirrors Objects/listobject.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "method.h"
#include "mem.h"
#include "pycall.h"
#include "str.h"

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
    heap_account_growable(h, l, 1, 8); /* list_resize(): n / 8 + 6 more slots */
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
    heap_account_growable(h, l, 1, 8);
}

/* mirrors _PyList_AppendTakeRef(): a free slot takes the item as it is (no
 * shrinking: 3.13's `del L[i]` leaves a list far below half full), else
 * list_resize(). Before 3.12 app1() always called list_resize(), which
 * differs only below half full, where those versions' deletions never leave
 * a list. */
void list_append_new(heap_t *h, obj_t *l, obj_t *item)
{
    size_t n = l->u.seq.len;
    if (l->u.seq.allocated > n)
        l->u.seq.len = n + 1;
    else
        list_resize(h, l, n + 1);
    l->u.seq.items[n] = item;
}

/* list.pop(i) (list_pop_impl()): the item, now the caller's reference;
 * the tail moves down and the list is resized as list_resize() does.
 * 3.12+ empty a list popped to nothing as list_clear() does, its items
 * freed (measured: [x].pop() leaves sys.getsizeof 56 there, 64 on 3.10/3.11
 * where list_resize() keeps an allocation of 1) */
obj_t *list_pop(heap_t *h, obj_t *l, size_t i)
{
    obj_t *item = l->u.seq.items[i];
    if (h->prof->list_pop_clears && l->u.seq.len == 1) {
        free(l->u.seq.items);
        l->u.seq.items = NULL;
        l->u.seq.len = l->u.seq.allocated = 0;
        heap_account_size(h, l);
        return item;
    }
    memmove(&l->u.seq.items[i], &l->u.seq.items[i + 1], (l->u.seq.len - i - 1) * sizeof(obj_t *));
    l->u.seq.items[l->u.seq.len - 1] = NULL;
    list_resize(h, l, l->u.seq.len - 1);
    return item;
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
    heap_account_growable(h, l, 1, 8);
}

/* The index of a list subscript store or delete: false with the exception. */
static bool assignment_index(heap_t *h, obj_t *l, obj_t *key, int64_t *i)
{
    return index_operand(h, l, key, "list indices must be integers or slices, not %s", i) &&
           index_in_range(h, i, (int64_t)l->u.seq.len, "list assignment index out of range");
}

/* del L[i]: list_ass_slice() moves the tail down, resizes, then releases */
static int list_del_item(heap_t *h, obj_t *l, int64_t index)
{
    obj_t *old = l->u.seq.items[index];
    memmove(&l->u.seq.items[index], &l->u.seq.items[index + 1],
            (l->u.seq.len - (size_t)index - 1) * sizeof(obj_t *));
    if (h->prof->list_del_shrinks && l->u.seq.len == 1) {
        /* list_ass_slice(): a slice deletion that empties the list is _list_clear() */
        free(l->u.seq.items);
        l->u.seq.items = NULL;
        l->u.seq.len = l->u.seq.allocated = 0;
        heap_account_size(h, l);
    } else if (h->prof->list_del_shrinks) {
        list_resize(h, l, l->u.seq.len - 1);
    } else {
        l->u.seq.items[--l->u.seq.len] = NULL; /* 3.13 keeps the allocation */
    }
    obj_decref(h, old);
    return 0;
}

/* L[i] = v (the new item stored, then the old released) / del L[i] */
static int list_setitem(heap_t *h, obj_t *l, obj_t *key, obj_t *v)
{
    int64_t i;
    if (!assignment_index(h, l, key, &i))
        return -1;
    if (!v)
        return list_del_item(h, l, i);
    obj_t *old = l->u.seq.items[i];
    l->u.seq.items[i] = obj_newref(v);
    obj_decref(h, old);
    return 0;
}

/* The methods the sandbox runs ---------------------------------------------------- */

static obj_t *list_m_append(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    list_append_new(h, l, obj_newref(args[0]));
    return obj_newref(h->none);
}

/* list.pop([index]) */
static obj_t *list_m_pop(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    if (!py_arg_range(h, "pop", n, 0, 1))
        return NULL;
    int64_t i = -1;
    if (n == 1 && !index_operand(h, l, args[0], "'%s' object cannot be interpreted as an integer", &i))
        return NULL;
    int64_t len = (int64_t)l->u.seq.len;
    if (len == 0) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "pop from empty list");
        return NULL;
    }
    if (!index_in_range(h, &i, len, "pop index out of range"))
        return NULL;
    return list_pop(h, l, (size_t)i);
}

/* list.remove(x): the first item equal to x (item == x, identity first) */
static obj_t *list_m_remove(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    for (size_t i = 0; i < l->u.seq.len; i++) {
        obj_t *item = obj_newref(l->u.seq.items[i]);
        int r = obj_eq(h, item, args[0]);
        obj_decref(h, item);
        if (r < 0)
            return NULL;
        if (r > 0 && i < l->u.seq.len) {
            obj_decref(h, list_pop(h, l, i));
            return obj_newref(h->none);
        }
    }
    exc_set(h->exc, ST_PYEXC, "ValueError", "list.remove(x): x not in list");
    return NULL;
}

static const method_def_t list_methods[] = {
    {"append", list_m_append, METH_O},
    {"pop", list_m_pop, METH_FASTCALL},
    {"remove", list_m_remove, METH_O},
    {NULL, NULL, 0},
};

/* _list_clear(): the items released last to first, once the list is empty */
static void list_clear(heap_t *h, obj_t *o)
{
    obj_t **items = o->u.seq.items;
    size_t n = o->u.seq.len;
    o->u.seq.items = NULL;
    o->u.seq.len = o->u.seq.allocated = 0;
    heap_account_size(h, o);
    obj_release_array(h, items, n);
}

static void list_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    obj_t **items = o->u.seq.items;
    size_t n = o->u.seq.len;
    o->u.seq.items = NULL;
    o->u.seq.len = 0;
    obj_release_array(h, items, n);
    heap_release_object(h, o, &h->list_free, (size_t)h->prof->list_freelist);
}

static int64_t list_size(const heap_t *h, const obj_t *o)
{
    return h->prof->list_base + 8 * (int64_t)o->u.seq.allocated;
}

static const attr_def_t list_attrs[] = {
    ATTR_M("append"), ATTR_M("clear"), ATTR_M("copy"),   ATTR_M("count"),   ATTR_M("extend"), ATTR_M("index"),
    ATTR_M("insert"), ATTR_M("pop"),   ATTR_M("remove"), ATTR_M("reverse"), ATTR_M("sort"),   ATTR_END};

const type_ops_t list_type = {
    .name = "list",
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE,
    .dealloc = list_dealloc,
    .free_payload = seq_free,
    .traverse = seq_traverse,
    .clear = list_clear,
    .size = list_size,
    .eq = seq_eq,
    .repr = seq_repr,
    .len = seq_len,
    .contains = seq_contains,
    .getitem = seq_getitem,
    .setitem = list_setitem,
    .methods = list_methods,
    .iter = seq_iter,
    .edges = seq_edges,
    .attrs = list_attrs,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
