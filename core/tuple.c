/*
 * tuple.c — tuples (mirrors Objects/tupleobject.c).
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
#include "repr.h"
#include "str.h"

/* The free list of tuples of n items (n below tuple_freelist_maxlen), its
 * start-up entries in the pools profile startup_tuple_pools[n] names, else
 * region 2 + n */
static freelist_t tuple_freelist(heap_t *h, size_t n)
{
    return (freelist_t){h->tuple_free ? &h->tuple_free[n] : NULL, &h->tuple_startup[n],
                        heap_startup_region(h, 2 + (unsigned)n),  K_TUPLE,
                        (size_t)h->prof->tuple_base + 8 * n,      (size_t)h->prof->tuple_freelist,
                        h->prof->startup_tuple_pools[n]};
}

/* mirrors tuple_alloc(): the per-length free list first, else a GC allocation */
static obj_t *tuple_alloc(heap_t *h, size_t n)
{
    uint64_t reuse = 0;
    if (n < (size_t)h->prof->tuple_freelist_maxlen) {
        freelist_t fl = tuple_freelist(h, n);
        reuse = heap_freelist_pop(h, &fl);
    }
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

obj_t *tuple_interp(heap_t *h, size_t n)
{
    obj_t **items = xcalloc(n, sizeof *items);
    h->quiet_events++;
    obj_t *t = heap_interp_made(h, tuple_new_steal(h, items, n));
    h->quiet_events--;
    free(items);
    return t;
}

obj_t *tuple_interp_names(heap_t *h, const char *const *names, size_t n)
{
    obj_t *t = tuple_interp(h, n);
    for (size_t i = 0; i < n; i++)
        t->u.seq.items[i] = str_identifier(h, names[i]);
    return t;
}

obj_t *tuple_from_array(heap_t *h, obj_t *const *items, size_t n)
{
    obj_t **refs = xcalloc(n + 1, sizeof *refs);
    for (size_t i = 0; i < n; i++)
        refs[i] = obj_newref(items[i]);
    obj_t *t = tuple_new_steal(h, refs, n);
    free(refs);
    return t;
}

obj_t *tuple_call_args(heap_t *h, obj_t *const *args, size_t n)
{
    return n ? tuple_from_array(h, args, n) : NULL;
}

void tuple_call_args_end(heap_t *h, obj_t *args)
{
    if (args)
        obj_decref(h, args);
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

/* The slots shared with lists ---------------------------------------------- */

/* list_traverse() / tupletraverse(): the items from last to first */
int seq_traverse(obj_t *o, visit_fn visit, void *arg)
{
    for (size_t i = o->u.seq.len; i-- > 0;) {
        int r;
        if (o->u.seq.items[i] && (r = visit(o->u.seq.items[i], arg)) != 0)
            return r;
    }
    return 0;
}

void seq_free(obj_t *o)
{
    free(o->u.seq.items);
}

int seq_len(heap_t *h, obj_t *o, int64_t *out)
{
    *out = (int64_t)o->u.seq.len;
    return 0;
}

/* list_contains() / tuplecontains(): == with each item in turn */
int seq_contains(heap_t *h, obj_t *o, obj_t *key)
{
    for (size_t i = 0; i < o->u.seq.len; i++) {
        int r = obj_eq(h, o->u.seq.items[i], key);
        if (r != 0)
            return r;
    }
    return 0;
}

/* Items compared for a unit of the budget by seq_eq(): the pairs
 * PyObject_RichCompareBool()'s identity shortcut settles cost nothing
 * (obj_eq_op() pays for the others), so `L == M` of two lists of a million
 * references to one object was free: 1,000 of them took 3.7 s of CPU and
 * answered 200, whatever --max-work (3.7 ns a pair measured; at 4 pairs a
 * unit the budget let 1.7 s of CPU through, at 2, 0.85 s) */
#define SEQ_EQ_ITEMS_PER_UNIT 2

/* list_richcompare() / tuplerichcompare() for ==: same kind, same length,
 * items equal in order */
int seq_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (a->kind != b->kind)
        return NOT_IMPLEMENTED;
    if (a->u.seq.len != b->u.seq.len)
        return 0;
    for (size_t i = 0; i < a->u.seq.len && i < b->u.seq.len; i++) {
        if (i % SEQ_EQ_ITEMS_PER_UNIT == SEQ_EQ_ITEMS_PER_UNIT - 1 && !heap_work(h, 1))
            return -1;
        int r = obj_eq(h, a->u.seq.items[i], b->u.seq.items[i]);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* list_repr() / tuplerepr(), with Py_ReprEnter's "[...]" / "(...)" */
void seq_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    bool list = o->kind == K_LIST;
    if (o->u.seq.len == 0) {
        sb_puts(&r->sb, list ? "[]" : "()");
        return;
    }
    if (!repr_enter(r, o)) {
        sb_puts(&r->sb, list ? "[...]" : "(...)");
        return;
    }
    sb_putc(&r->sb, list ? '[' : '(');
    for (size_t i = 0; i < o->u.seq.len && !repr_full(r); i++) {
        if (i)
            sb_puts(&r->sb, ", ");
        repr_obj(r, o->u.seq.items[i]);
    }
    if (!list && o->u.seq.len == 1)
        sb_putc(&r->sb, ',');
    sb_putc(&r->sb, list ? ']' : ')');
    repr_leave(r, o);
}

/* The item o[key] of a tuple or list (list_subscript, tuplesubscript). */
obj_t *seq_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    int64_t i, n = (int64_t)o->u.seq.len;
    const char *fmt = o->kind == K_LIST ? "list indices must be integers or slices, not %s"
                                        : "tuple indices must be integers or slices, not %s";
    if (!index_operand(h, o, key, fmt, &i) ||
        !index_in_range(h, &i, n, o->kind == K_LIST ? "list index out of range" : "tuple index out of range"))
        return NULL;
    return obj_newref(o->u.seq.items[i]);
}

/* listiter_next() / tupleiter_next() */
static int seq_next(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    obj_t *s = it->src;
    if (it->pos >= s->u.seq.len)
        return 0;
    *a = obj_newref(s->u.seq.items[it->pos++]);
    return 1;
}

int seq_iter(heap_t *h, obj_t *o, py_iter_t *it)
{
    py_iter_start(it, o, seq_next);
    return 0;
}

void seq_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    char label[32];
    for (size_t i = 0; i < o->u.seq.len; i++) {
        snprintf(label, sizeof label, "[%zu]", i);
        if (!fn(EDGE_INDEX, label, o->u.seq.items[i]->addr, arg))
            return;
    }
}

/* tuple's own slots ---------------------------------------------------------- */

/* mirrors tuplehash() (xxHash-based, 3.8+); CPython checks no recursion depth
 * here, the sandbox stops at HARD_RECURSION_LIMIT (heap_internal.h) */
static int tuple_hash(heap_t *h, obj_t *t, int64_t *out)
{
    const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL, P5 = 2870177450012600261ULL;
    uint64_t acc = P5;
    if (!heap_enter_deep(h))
        return -1;
    for (size_t i = 0; i < t->u.seq.len; i++) {
        int64_t lane;
        if (obj_hash(h, t->u.seq.items[i], &lane) < 0) {
            heap_leave_deep(h);
            return -1;
        }
        acc += (uint64_t)lane * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    heap_leave_deep(h);
    acc += t->u.seq.len ^ (P5 ^ 3527539UL);
    *out = acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
    return 0;
}

static int64_t tuple_size(const heap_t *h, const obj_t *o)
{
    return h->prof->tuple_base + 8 * (int64_t)o->u.seq.len;
}

static void tuple_dealloc(heap_t *h, obj_t *o)
{
    size_t n = o->u.seq.len;
    heap_emit(h, EV_DESTROYED, o, NULL);
    obj_t **items = o->u.seq.items;
    o->u.seq.items = NULL;
    o->u.seq.len = 0;
    obj_release_array(h, items, n);
    if (!h->tuple_free)
        h->tuple_free = xcalloc(21, sizeof *h->tuple_free);
    freelist_t fl = n < (size_t)h->prof->tuple_freelist_maxlen ? tuple_freelist(h, n) : (freelist_t){0};
    heap_release_object(h, o, fl.s ? &fl : NULL);
}

/* _PyTuple_ClearFreeList(): each length's list, the shortest first */
static void tuple_clear_freelist(heap_t *h)
{
    for (size_t n = 1; n < (size_t)h->prof->tuple_freelist_maxlen; n++) {
        freelist_t fl = tuple_freelist(h, n);
        heap_drain_freelist(h, &fl);
    }
}

static void tuple_fill_freelist(heap_t *h)
{
    for (size_t n = 1; n < (size_t)h->prof->tuple_freelist_maxlen; n++)
        h->tuple_startup[n] = (uint8_t)h->prof->startup_tuples[n];
}

/* item by item */
static bool tuple_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    if (a->u.seq.len != b->u.seq.len)
        return false;
    for (size_t i = 0; i < a->u.seq.len; i++)
        if (!obj_same_const(h, a->u.seq.items[i], b->u.seq.items[i]))
            return false;
    return true;
}

/* tupleconcat(): an empty operand gives the other tuple back; else a new
 * tuple of both's items */
static obj_t *tuple_concat(heap_t *h, obj_t *a, obj_t *b, int op)
{
    if (b->kind == K_TUPLE && b->u.seq.len == 0)
        return obj_newref(a);
    if (b->kind != K_TUPLE) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "can only concatenate tuple (not \"%.200s\") to tuple",
                obj_tp_name(b));
        return NULL;
    }
    if (a->u.seq.len == 0)
        return obj_newref(b);
    size_t n = a->u.seq.len + b->u.seq.len;
    obj_t **items = xcalloc(n, sizeof *items);
    for (size_t i = 0; i < a->u.seq.len; i++)
        items[i] = obj_newref(a->u.seq.items[i]);
    for (size_t i = 0; i < b->u.seq.len; i++)
        items[a->u.seq.len + i] = obj_newref(b->u.seq.items[i]);
    obj_t *r = tuple_new_steal(h, items, n);
    free(items);
    return r;
}

static const attr_def_t tuple_attrs[] = {ATTR_M("count"), ATTR_M("index"), ATTR_END};

const type_ops_t tuple_type = {
    .name = "tuple",
    .same_const = tuple_same_const,
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE | TF_MAYBE_TRACKED,
    .sq_concat = tuple_concat,
    .dealloc = tuple_dealloc,
    .free_payload = seq_free,
    .clear_freelist = tuple_clear_freelist,
    .fill_freelist = tuple_fill_freelist,
    .traverse = seq_traverse,
    .size = tuple_size,
    .hash = tuple_hash,
    .eq = seq_eq,
    .repr = seq_repr,
    .len = seq_len,
    .contains = seq_contains,
    .getitem = seq_getitem,
    .iter = seq_iter,
    .edges = seq_edges,
    .gc_survived = tuple_maybe_untrack,
    .attrs = tuple_attrs,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
