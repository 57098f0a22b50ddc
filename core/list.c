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
#include "num.h"
#include "pycall.h"
#include "str.h"

/* list.c's free list (PyList_MAXFREELIST), start-up's entries in the pools
 * profile startup_list_pools names, else region 0 */
static freelist_t list_freelist(heap_t *h)
{
    return (freelist_t){&h->list_free,
                        &h->list_startup,
                        heap_startup_region(h, 0),
                        K_LIST,
                        h->prof->list_base,
                        (size_t)h->prof->list_freelist,
                        h->prof->startup_list_pools};
}

/* The item array's memory (its PyMem block: the array holds 8 bytes an
 * item): taken, or reallocated to `allocated` items */
static void items_mem_alloc(heap_t *h, obj_t *l, size_t allocated)
{
    HEAPD_ASSERT(l->u.seq.mem == MEM_NONE);
    l->u.seq.mem = heap_mem_alloc(h, allocated * 8);
}

static void items_mem_realloc(heap_t *h, obj_t *l, size_t allocated)
{
    l->u.seq.mem = heap_mem_realloc(h, l->u.seq.mem, allocated * 8);
}

/* list_preallocate_exact() of a list with no item array: room for n
 * items rounded up to even (PyMem_New()), the length left to the caller */
static void preallocate_exact(heap_t *h, obj_t *l, size_t n)
{
    size_t alloc = (n + 1) & ~(size_t)1;
    HEAPD_ASSERT(!l->u.seq.items);
    l->u.seq.items = xcalloc(alloc ? alloc : 1, sizeof(obj_t *));
    items_mem_alloc(h, l, alloc);
    l->u.seq.allocated = alloc;
    heap_account_growable(h, l, 1, 8);
}

/* PyList_New(): the object, then (for items) the array PyMem_Calloc() takes */
obj_t *list_new(heap_t *h, size_t allocated, bool from_freelist)
{
    freelist_t fl = list_freelist(h);
    uint64_t reuse = from_freelist ? heap_freelist_pop(h, &fl) : 0;
    obj_t *l = heap_new_object_at(h, K_LIST, (size_t)h->prof->list_base, reuse);
    l->u.seq.allocated = allocated;
    l->u.seq.items = allocated ? xcalloc(allocated, sizeof(obj_t *)) : NULL;
    if (allocated)
        items_mem_alloc(h, l, allocated);
    heap_account_growable(h, l, 1, 8); /* list_resize(): n / 8 + 6 more slots */
    heap_emit(h, EV_CREATED, l, NULL);
    gc_track(h, l);
    return l;
}

obj_t *list_interp(heap_t *h, size_t allocated)
{
    h->quiet_events++;
    obj_t *l = heap_interp_made(h, list_new(h, allocated, true));
    h->quiet_events--;
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
    items_mem_realloc(h, l, new_allocated); /* PyMem_Realloc(): at 0 the system's malloc(0) */
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

/* Items a move of a list's tail (memmove() in list_pop_impl(), ins1(),
 * list_ass_slice()), a reversal or a copy moves for a unit of the budget: 3 ns an item measured
 * on a loaded machine. The moves were free: a batch of 1,000 `del L[0]`
 * (or pop(0), insert(0, x), unlink index 0) of a list of 2 million items
 * took 6 to 7 s, whatever --max-work, and a list of 256 MB would take
 * 100 s. Paid before anything changes, so `422 budget` changes nothing. */
#define MOVES_PER_UNIT 4

static bool pay_move(heap_t *h, size_t items)
{
    return heap_work(h, (int64_t)(items / MOVES_PER_UNIT));
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
        heap_mem_clear(h, &l->u.seq.mem);
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
    preallocate_exact(h, l, n);
    for (size_t i = 0; i < n; i++)
        l->u.seq.items[i] = obj_newref(items[i]);
    l->u.seq.len = n;
}

/* The index of a list subscript store or delete: false with the exception. */
static bool assignment_index(heap_t *h, obj_t *l, obj_t *key, int64_t *i)
{
    return index_operand(h, l, key, "list indices must be integers or slices, not %s", i) &&
           index_in_range(h, i, (int64_t)l->u.seq.len, "list assignment index out of range");
}

static void list_clear(heap_t *h, obj_t *o);

/* list_ass_slice(a, i, i + 1, NULL): the tail moves down and the list is
 * resized, then the item is released; a deletion that empties the list is
 * _list_clear()'s (the item released, then the array freed). list.remove()
 * deletes so on every version. */
static void list_ass_del1(heap_t *h, obj_t *l, size_t index)
{
    if (l->u.seq.len == 1) {
        list_clear(h, l);
        return;
    }
    obj_t *old = l->u.seq.items[index];
    memmove(&l->u.seq.items[index], &l->u.seq.items[index + 1], (l->u.seq.len - index - 1) * sizeof(obj_t *));
    list_resize(h, l, l->u.seq.len - 1);
    obj_decref(h, old);
}

/* del L[i]: list_ass_slice() (3.10-3.12); 3.13's list_ass_item() moves the
 * tail down and keeps the allocation */
static int list_del_item(heap_t *h, obj_t *l, int64_t index)
{
    if (!pay_move(h, l->u.seq.len - (size_t)index - 1))
        return -1;
    if (h->prof->list_del_shrinks) {
        list_ass_del1(h, l, (size_t)index);
        return 0;
    }
    obj_t *old = l->u.seq.items[index];
    memmove(&l->u.seq.items[index], &l->u.seq.items[index + 1],
            (l->u.seq.len - (size_t)index - 1) * sizeof(obj_t *));
    l->u.seq.items[--l->u.seq.len] = NULL;
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

/* Argument Clinic's Py_ssize_t argument: _PyNumber_Index(), then
 * PyLong_AsSsize_t() (OverflowError past 64 bits) */
static bool ssize_arg(heap_t *h, obj_t *o, int64_t *i)
{
    if (o->kind != K_INT && o->kind != K_BOOL) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object cannot be interpreted as an integer",
                obj_tp_name(o));
        return false;
    }
    if (!int_fits_i64(o, i)) {
        exc_set(h->exc, ST_PYEXC, "OverflowError", "Python int too large to convert to C ssize_t");
        return false;
    }
    return true;
}

/* list.pop([index]) (list_pop_impl()) */
static obj_t *list_m_pop(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    if (!py_arg_range(h, "pop", n, 0, 1))
        return NULL;
    int64_t i = -1;
    if (n == 1 && !ssize_arg(h, args[0], &i))
        return NULL;
    int64_t len = (int64_t)l->u.seq.len;
    if (len == 0) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "pop from empty list");
        return NULL;
    }
    if (!index_in_range(h, &i, len, "pop index out of range") || !pay_move(h, (size_t)(len - i - 1)))
        return NULL;
    return list_pop(h, l, (size_t)i);
}

/* list.remove(x) (list_remove()): the first item equal to x (identity
 * first), deleted as list_ass_slice() deletes */
static obj_t *list_m_remove(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    for (size_t i = 0; i < l->u.seq.len; i++) {
        obj_t *item = obj_newref(l->u.seq.items[i]);
        int r = obj_eq(h, item, args[0]);
        obj_decref(h, item);
        if (r < 0)
            return NULL;
        if (r > 0 && i < l->u.seq.len) {
            if (!pay_move(h, l->u.seq.len - i - 1))
                return NULL;
            list_ass_del1(h, l, i);
            return obj_newref(h->none);
        }
    }
    exc_set(h->exc, ST_PYEXC, "ValueError", "list.remove(x): x not in list");
    return NULL;
}

/* list.insert(index, object) (ins1()): resized for one more first, then
 * the index clipped to the list */
static obj_t *list_m_insert(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    int64_t where;
    if (!py_arg_range(h, "insert", n, 2, 2) || !ssize_arg(h, args[0], &where))
        return NULL;
    int64_t len = (int64_t)l->u.seq.len;
    if (where < 0 && (where += len) < 0)
        where = 0;
    if (where > len)
        where = len;
    if (!pay_move(h, (size_t)(len - where)))
        return NULL;
    list_resize(h, l, (size_t)len + 1);
    memmove(&l->u.seq.items[where + 1], &l->u.seq.items[where], (size_t)(len - where) * sizeof(obj_t *));
    l->u.seq.items[where] = obj_newref(args[1]);
    return obj_newref(h->none);
}

/* list.clear() (_list_clear(), the type's tp_clear) */
static obj_t *list_m_clear(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    TYPE(l)->clear(h, l);
    return obj_newref(h->none);
}

/* list.copy() (list_slice() of the whole list): an empty one is
 * PyList_New(0), else list_new_prealloc() of exactly its length; both
 * from the free list */
static obj_t *list_m_copy(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    size_t len = l->u.seq.len;
    if (!pay_move(h, len)) /* the items copied, as a move (and released as many later) */
        return NULL;
    obj_t *c = list_new(h, len, true);
    for (size_t i = 0; i < len; i++)
        c->u.seq.items[i] = obj_newref(l->u.seq.items[i]);
    c->u.seq.len = len;
    return c;
}

/* list.reverse() (reverse_slice()), in place */
static obj_t *list_m_reverse(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    if (!pay_move(h, l->u.seq.len)) /* every item moves: 300 reversals of 2 million took 2.2 s, free */
        return NULL;
    for (size_t lo = 0, hi = l->u.seq.len; lo + 1 < hi; lo++, hi--) {
        obj_t *t = l->u.seq.items[lo];
        l->u.seq.items[lo] = l->u.seq.items[hi - 1];
        l->u.seq.items[hi - 1] = t;
    }
    return obj_newref(h->none);
}

/* list_extend()'s fast path (a list, a tuple, the list itself): nothing
 * for none; an empty list with no items array list_preallocate_exact(),
 * else list_resize(m + n); then the items, read after the resize (`a.extend(a)`) */
static void extend_fast(heap_t *h, obj_t *l, obj_t *src)
{
    size_t n = src->u.seq.len, m = l->u.seq.len;
    if (n == 0)
        return;
    if (!l->u.seq.items) {
        preallocate_exact(h, l, n);
        l->u.seq.len = n;
    } else {
        list_resize(h, l, m + n);
    }
    for (size_t i = 0; i < n; i++)
        l->u.seq.items[m + i] = obj_newref(src->u.seq.items[i]);
}

/* 3.13's list_extend_set() / list_extend_dict(): list_resize(m + n) (even
 * for none), then the members or keys in table order */
static int extend_sized(heap_t *h, obj_t *l, obj_t *src, int64_t n)
{
    size_t m = l->u.seq.len;
    list_resize(h, l, m + (size_t)n);
    py_iter_t it;
    if (py_iter_open(h, src, &it) < 0)
        return -1;
    obj_t *x;
    int r;
    size_t i = m;
    while ((r = py_iter_next(h, &it, &x)) > 0 && i < l->u.seq.len)
        l->u.seq.items[i++] = x;
    if (r > 0)
        obj_decref(h, x);
    py_iter_close(h, &it);
    return r < 0 ? -1 : 0;
}

/* list_extend()'s iterator path (list_extend_iter() on 3.13):
 * PyObject_GetIter() first, then room for the length hint (an empty list
 * with no items array list_preallocate_exact(), else list_resize(m + n)
 * with the size kept), the items stored or appended, and the list cut back
 * to its size */
static int extend_iter(heap_t *h, obj_t *l, obj_t *src)
{
    py_iter_t it;
    if (py_iter_open(h, src, &it) < 0)
        return -1;
    int64_t hint;
    if (obj_len(h, src, &hint) < 0) {
        py_iter_close(h, &it);
        return -1;
    }
    size_t m = l->u.seq.len;
    if (!l->u.seq.items) {
        if (hint)
            preallocate_exact(h, l, (size_t)hint);
    } else {
        list_resize(h, l, m + (size_t)hint);
        for (size_t i = m; i < l->u.seq.len; i++)
            l->u.seq.items[i] = NULL;
        l->u.seq.len = m;
    }
    obj_t *x;
    int r;
    while ((r = py_iter_next(h, &it, &x)) > 0) {
        if (l->u.seq.len < l->u.seq.allocated)
            l->u.seq.items[l->u.seq.len++] = x;
        else
            list_append_new(h, l, x);
    }
    py_iter_close(h, &it);
    if (r < 0)
        return -1;
    if (l->u.seq.len < l->u.seq.allocated)
        list_resize(h, l, l->u.seq.len);
    return 0;
}

bool container_fill_room(heap_t *h, obj_t *const *srcs, size_t nsrcs, size_t per_item, size_t extra,
                         bool (*iterated)(const obj_t *src))
{
    size_t objects = 0, bytes = extra, steps = 0;
    for (size_t i = 0; i < nsrcs; i++) {
        const obj_t *src = srcs[i];
        size_t n, made = 0, made_bytes = 0;
        switch (src->kind) {
        case K_LIST:
        case K_TUPLE: n = src->u.seq.len; break;
        case K_SET:
        case K_FROZENSET:
            n = src->u.set.used;
            steps += set_walk_units(src); /* units, counted as steps: an over-estimate */
            break;
        case K_DICT:
            n = dict_len(src);
            steps += dict_walk_units(src);
            break;
        case K_STR:
            n = src->u.s.len;
            made = str_iter_makes(h, src, &made_bytes);
            break;
        case K_BYTES: n = src->u.by.len; break; /* its items are the shared small ints */
        default: continue;
        }
        objects += made;
        bytes += n * per_item + made_bytes;
        if (iterated(src))
            steps += n;
    }
    return heap_quota_room(h, objects, bytes) && py_iter_affordable(h, steps);
}

/* list_extend()'s paths that iterate (extend_sized(), extend_iter()) */
static bool extend_iterates(const obj_t *src)
{
    return src->kind != K_LIST && src->kind != K_TUPLE;
}

/* list.extend(iterable) (list_extend(); 3.13's _list_extend()). Of the
 * iterables heapd runs through the iterator protocol, those whose length
 * hint is their len(); others are refused before anything changed. */
static obj_t *list_m_extend(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    obj_t *src = args[0];
    int r = 0;
    /* list_resize(m + n): 9 bytes an item (an eighth over), and an eighth of
       the m already there; the iterator's steps paid first */
    if (!container_fill_room(h, &src, 1, 9, l->u.seq.len + 64, extend_iterates))
        return NULL;
    if (src->kind == K_LIST || src->kind == K_TUPLE) {
        extend_fast(h, l, src);
    } else if (h->prof->list_extend_sized && (src->kind == K_SET || src->kind == K_FROZENSET)) {
        r = extend_sized(h, l, src, (int64_t)src->u.set.used);
    } else if (h->prof->list_extend_sized && src->kind == K_DICT) {
        r = extend_sized(h, l, src, (int64_t)dict_len(src));
    } else if (src->kind == K_SET || src->kind == K_FROZENSET || src->kind == K_DICT || src->kind == K_STR ||
               src->kind == K_BYTES) {
        r = extend_iter(h, l, src);
    } else { /* PyObject_GetIter()'s TypeError, or an iterable heapd does not extend from */
        py_iter_t it;
        if (py_iter_open(h, src, &it) < 0)
            return NULL;
        py_iter_close(h, &it);
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "list.extend() of a '%.60s' object", obj_tp_name(src));
        return NULL;
    }
    return r < 0 ? NULL : obj_newref(h->none);
}

static const method_def_t list_methods[] = {
    {"append", list_m_append, METH_O, true},
    {"pop", list_m_pop, METH_FASTCALL, true},
    {"remove", list_m_remove, METH_O, true},
    {"insert", list_m_insert, METH_FASTCALL, true},
    {"clear", list_m_clear, METH_NOARGS, true},
    {"copy", list_m_copy, METH_NOARGS, true},
    {"reverse", list_m_reverse, METH_NOARGS, true},
    {"extend", list_m_extend, METH_O, true},
    {NULL, NULL, 0, false},
};

/* list_inplace_concat(): list_extend(), then the list itself */
static obj_t *list_inplace_concat(heap_t *h, obj_t *l, obj_t *b, int op)
{
    obj_t *r = list_m_extend(h, l, &b, 1);
    if (!r)
        return NULL;
    obj_decref(h, r);
    return obj_newref(l);
}

/* _list_clear(): the items released last to first, once the list is
 * empty, then their array freed */
static void list_clear(heap_t *h, obj_t *o)
{
    obj_t **items = o->u.seq.items;
    size_t n = o->u.seq.len;
    uint64_t mem = o->u.seq.mem;
    o->u.seq.items = NULL;
    o->u.seq.len = o->u.seq.allocated = 0;
    o->u.seq.mem = MEM_NONE;
    heap_account_size(h, o);
    obj_release_array(h, items, n);
    heap_mem_free(h, mem);
}

/* list_dealloc(): the items released last to first, their array freed, then the list */
static void list_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    obj_t **items = o->u.seq.items;
    size_t n = o->u.seq.len;
    o->u.seq.items = NULL;
    o->u.seq.len = 0;
    obj_release_array(h, items, n);
    heap_mem_clear(h, &o->u.seq.mem);
    freelist_t fl = list_freelist(h);
    heap_release_object(h, o, &fl);
}

/* _PyList_ClearFreeList() */
static void list_clear_freelist(heap_t *h)
{
    freelist_t fl = list_freelist(h);
    heap_drain_freelist(h, &fl);
}

static void list_fill_freelist(heap_t *h)
{
    h->list_startup = (uint8_t)h->prof->startup_lists;
}

static int64_t list_size(const heap_t *h, const obj_t *o)
{
    return h->prof->list_base + 8 * (int64_t)o->u.seq.allocated;
}

static const attr_def_t list_attrs[] = {
    ATTR_M("append"), ATTR_M("clear"), ATTR_M("copy"),   ATTR_M("count"),   ATTR_M("extend"), ATTR_M("index"),
    ATTR_M("insert"), ATTR_M("pop"),   ATTR_M("remove"), ATTR_M("reverse"), ATTR_M("sort"),   ATTR_END};

const type_ops_t list_type = {
    .sq_inplace_concat = list_inplace_concat,
    .name = "list",
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE,
    .dealloc = list_dealloc,
    .free_payload = seq_free,
    .clear_freelist = list_clear_freelist,
    .fill_freelist = list_fill_freelist,
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
