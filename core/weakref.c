/*
 * weakref.c — weakref.ref and its subclass weakref.KeyedRef (mirrors
 * Objects/weakrefobject.c).
 *
 * The list of weakrefs to an object is kept in CPython's order: the basic
 * ref (no callback, exact type) at the head, then the others newest first
 * (insert_head / insert_after); that order is the order callbacks run in.
 * A callback is a function object the weakref holds strongly.
 */
#include "weakref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "repr.h"

bool weakref_supported(obj_t *o)
{
    return obj_weaklist(o) != NULL;
}

static bool is_keyed(const obj_t *wr)
{
    return (wr->flags & OF_KEYEDREF) != 0;
}
/* the exact ReferenceType without a callback: shared by weakref.ref(x) */
static bool is_basic(const obj_t *wr)
{
    return !wr->u.wr.callback && !is_keyed(wr);
}

/* The list's length lives at its head, in the place of the head's wr_prev
 * (the head has none), and changes only in link_ref() and unlink_ref(), the
 * two functions that change the list: a descriptor's `weakrefs` reads it
 * instead of walking the list (_PyWeakref_GetWeakrefCount() walks it; a
 * million refs made each descriptor a million steps). heap_check() compares
 * it with the list. */
static uint64_t list_len(obj_t *const *list)
{
    return *list ? (*list)->u.wr.wr_len : 0;
}

/* mirrors insert_head() / insert_after(): others go after the basic ref */
static void link_ref(obj_t **list, obj_t *wr)
{
    obj_t *head = *list;
    if (head && !is_basic(wr) && is_basic(head)) {
        wr->u.wr.wr_prev = head;
        wr->u.wr.wr_next = head->u.wr.wr_next;
        if (head->u.wr.wr_next)
            head->u.wr.wr_next->u.wr.wr_prev = wr;
        head->u.wr.wr_next = wr;
        head->u.wr.wr_len++;
    } else {
        wr->u.wr.wr_len = list_len(list) + 1;
        wr->u.wr.wr_next = head;
        if (head)
            head->u.wr.wr_prev = wr;
        *list = wr;
    }
}

/* takes wr out of list (it is in it); the next ref inherits the length when
 * wr was the head */
static void unlink_ref(obj_t **list, obj_t *wr)
{
    obj_t *next = wr->u.wr.wr_next;
    if (*list == wr) {
        if (next)
            next->u.wr.wr_len = wr->u.wr.wr_len - 1;
        *list = next;
    } else {
        wr->u.wr.wr_prev->u.wr.wr_next = next;
        if (next)
            next->u.wr.wr_prev = wr->u.wr.wr_prev;
        (*list)->u.wr.wr_len--;
    }
    wr->u.wr.wr_prev = wr->u.wr.wr_next = NULL;
}

/* _PyWeakref_ClearRef(): unlinks wr from its referent, keeps the callback.
 * A hash taken while the referent lived stays (weakref_hash() keeps it in
 * self->hash): it takes the list link's place. */
void weakref_clear_ref(heap_t *h, obj_t *wr)
{
    obj_t *t = wr->u.wr.referent;
    if (!t)
        return;
    int64_t hash = 0;
    if (wr->flags & OF_WR_HASHED) {
        int r = obj_hash(h, t, &hash); /* hashed once already: an identity hash, cannot fail */
        HEAPD_ASSERT(r == 0);
        (void)r;
    }
    unlink_ref(obj_weaklist(t), wr);
    wr->u.wr.referent = NULL;
    if (wr->flags & OF_WR_HASHED)
        wr->u.wr.hash = hash;
}

static obj_t *not_weakrefable(heap_t *h, obj_t *o)
{
    exc_set(h->exc, ST_PYEXC, "TypeError", "cannot create weak reference to '%s' object", obj_tp_name(o));
    return NULL;
}

static obj_t *weakref_alloc(heap_t *h, obj_t *target, obj_t *callback, obj_t *key)
{
    obj_t *wr = heap_new_object(h, K_WEAKREF, (size_t)(key ? h->prof->keyedref_size : h->prof->weakref_size));
    if (key)
        wr->flags |= OF_KEYEDREF;
    wr->u.wr.referent = target;
    wr->u.wr.callback = callback ? obj_newref(callback) : NULL;
    wr->u.wr.key = key ? obj_newref(key) : NULL;
    link_ref(obj_weaklist(target), wr);
    heap_account_size(h, wr);
    heap_emit(h, EV_CREATED, wr, NULL);
    gc_track(h, wr);
    return wr;
}

/* mirrors weakref___new__(): a callback-less ref of the exact type is shared */
obj_t *weakref_new(heap_t *h, obj_t *target, obj_t *callback)
{
    obj_t **list = obj_weaklist(target);
    if (!list)
        return not_weakrefable(h, target);
    if (!callback && *list && is_basic(*list))
        return obj_newref(*list);
    return weakref_alloc(h, target, callback, NULL);
}

/* add_subclass() (Objects/typeobject.c, from type_ready_add_subclasses()):
 * a new class's every base keeps PyWeakref_NewRef(cls, NULL) in its
 * tp_subclasses dict (3.12+ keep a static builtin base's dict in the
 * interpreter state, the ref alike), so a class's basic ref exists from its
 * creation, held once, and weakref.ref(cls) returns it (refcount 2). The
 * library classes are made at `import weakref`, the harness's or the
 * interpreter's (_weakrefset's): their refs sit where the interpreter's
 * start-up objects do and move on with the session's collections (heapd
 * makes one when the session first reaches its class, in the place and
 * generation it would have had from start-up: an empty session pays
 * for none); a
 * static object (no event, never freed, not the session's bytes) whose
 * refcount is CPython's, not a documented base */
obj_t *weakref_new_subclass_entry(heap_t *h, obj_t *cls, uint64_t addr)
{
    HEAPD_ASSERT(obj_weaklist(cls) && !*obj_weaklist(cls));
    uint64_t next = h->next_static_addr;
    h->next_static_addr = addr;
    obj_t *wr = heap_new_static(h, K_WEAKREF, 1, 0);
    h->next_static_addr = next;
    wr->refcnt = 1;
    wr->flags = (uint16_t)((wr->flags & ~OF_IMMORTAL) | OF_GC);
    wr->cur_size = (int32_t)obj_size(h, wr);
    wr->u.wr.referent = cls;
    link_ref(obj_weaklist(cls), wr);
    /* made at start-up beside __main__.__dict__ (always tracked), it has
     * moved with it since: every collection and gc.freeze()/unfreeze()
     * moves both alike */
    gc_track(h, wr);
    gc_move_to(h, wr, h->globals->gen);
    return wr;
}

/* KeyedRef(ob, callback, key): ref.__new__ of the subclass (never shared),
 * then self.key = key */
obj_t *keyedref_new(heap_t *h, obj_t *target, obj_t *callback, obj_t *key)
{
    if (!obj_weaklist(target))
        return not_weakrefable(h, target);
    return weakref_alloc(h, target, callback, key);
}

int64_t weakref_count(heap_t *h, obj_t *o)
{
    (void)h;
    obj_t **list = obj_weaklist(o);
    /* a class entered in the ABC caches is weakly referenced from there too;
     * those weakrefs are not simulated objects */
    int64_t n = TYPE(o)->hidden_weakrefs ? TYPE(o)->hidden_weakrefs(o) : 0;
    return n + (list ? (int64_t)list_len(list) : 0);
}

/* mirrors PyObject_ClearWeakRefs(): the basic ref is cleared; each other
 * ref gives up its callback, is cleared, and the callbacks run in list
 * order; the refs are held (in a tuple when there are several, released
 * last to first) until all callbacks ran */
void weakref_clear_all(heap_t *h, obj_t *o)
{
    obj_t **list = obj_weaklist(o);
    if (!list)
        return;
    uint64_t dead = o->addr;
    if (*list && !(*list)->u.wr.callback) {
        weakref_clear_ref(h, *list);
        if (*list && !(*list)->u.wr.callback)
            weakref_clear_ref(h, *list);
    }
    size_t count = (size_t)list_len(list);
    if (!count)
        return;
    /* [ref0, cb0, ref1, cb1, ...]: PyTuple_New(count * 2), the
     * interpreter's (3.10-3.12: one alone goes without) */
    obj_t *tuple = NULL;
    obj_t **pairs = xcalloc(2 * count, sizeof *pairs);
    if (count > 1 || h->prof->weakref_pairs_tuple) {
        h->quiet_events++;
        tuple = heap_interp_made(h, tuple_new_steal(h, pairs, 2 * count));
        h->quiet_events--;
        free(pairs);
        pairs = tuple->u.seq.items;
    }
    for (size_t i = 0; i < count; i++) {
        obj_t *w = *list;
        weakref_clear_ref(h, w);
        obj_t *cb = w->u.wr.callback;
        w->u.wr.callback = NULL;
        if (w->refcnt > 0) {
            pairs[2 * i] = obj_newref(w);
            pairs[2 * i + 1] = cb;
        } else if (cb) {
            obj_decref(h, cb);
        }
    }
    for (size_t i = 0; i < count; i++)
        if (pairs[2 * i + 1])
            func_call_callback(h, pairs[2 * i + 1], pairs[2 * i], dead);
    if (tuple)
        heap_interp_drop(h, tuple);
    else
        obj_release_array(h, pairs, 2 * count);
}

/* The slots -------------------------------------------------------------------- */

/* KeyedRef's subtype_traverse(): its `key` slot, then gc_traverse(): the callback */
static int weakref_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    if (o->u.wr.key && (r = visit(o->u.wr.key, arg)) != 0)
        return r;
    return o->u.wr.callback ? visit(o->u.wr.callback, arg) : 0;
}

/* gc_clear() -> clear_weakref(): unlinked, the callback dropped (a
 * KeyedRef's subtype_clear() clears its slot first) */
static void weakref_clear(heap_t *h, obj_t *o)
{
    obj_clear(h, &o->u.wr.key);
    weakref_clear_ref(h, o);
    obj_clear(h, &o->u.wr.callback);
}

/* weakref_dealloc() (a KeyedRef's subtype_dealloc() clears its slot first) */
static void weakref_dealloc(heap_t *h, obj_t *wr)
{
    heap_emit(h, EV_DESTROYED, wr, NULL);
    weakref_clear(h, wr);
    heap_release_object(h, wr, NULL);
}

/* KeyedRef is a heap type: subtype_dealloc() goes through the trashcan */
static bool weakref_trashcan(const obj_t *o)
{
    return is_keyed(o);
}

/* KeyedRef is a heap type, and a heap type always has tp_as_sequence (the
 * PyHeapTypeObject's as_sequence, all slots NULL): `del r[0]` then fails in
 * PySequence_DelItem() ("doesn't support item deletion"); weakref.ref has
 * none and fails in PyObject_DelItem() ("does not") */
static bool weakref_sequence(const obj_t *o)
{
    return is_keyed(o);
}

static int64_t weakref_size(const heap_t *h, const obj_t *o)
{
    return is_keyed(o) ? h->prof->keyedref_size : h->prof->weakref_size;
}

static const char *weakref_name(const obj_t *o)
{
    return is_keyed(o) ? "KeyedRef" : "ReferenceType";
}
static const char *weakref_tp_name(const obj_t *o)
{
    return is_keyed(o) ? "KeyedRef" : "weakref.ReferenceType";
}

/* weakref_hash(): the referent's hash, remembered once computed */
static int weakref_hash(heap_t *h, obj_t *o, int64_t *out)
{
    if (!o->u.wr.referent) {
        if (o->flags & OF_WR_HASHED) {
            *out = o->u.wr.hash;
            return 0;
        }
        exc_set(h->exc, ST_PYEXC, "TypeError", "weak object has gone away");
        return -1;
    }
    /* a live referent's hash is an identity hash (or an error), the same
     * each time: recomputed rather than kept, as the cleared ref keeps it */
    obj_t *t = obj_newref(o->u.wr.referent);
    int r = obj_hash(h, t, out);
    obj_decref(h, t);
    if (r < 0)
        return -1;
    o->flags |= OF_WR_HASHED;
    return 0;
}

/* weakref_richcompare(): live refs compare their referents, dead ones by identity */
static int weakref_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (b->kind != K_WEAKREF)
        return NOT_IMPLEMENTED;
    if (!a->u.wr.referent || !b->u.wr.referent)
        return a == b;
    obj_t *x = obj_newref(a->u.wr.referent), *y = obj_newref(b->u.wr.referent);
    int r = obj_eq(h, x, y);
    obj_decref(h, x);
    obj_decref(h, y);
    return r;
}

/* weakref_repr(): the referent's type, and its __name__ when it has one
 * (classes, functions); 3.13 names the type as
 * PyType_GetFullyQualifiedName() does, with its module but for builtins
 * and __main__ */
static void weakref_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    obj_t *t = o->u.wr.referent;
    if (!t) {
        sb_printf(&r->sb, "<weakref at 0x%llx; dead>", (unsigned long long)o->addr);
        return;
    }
    const char *module = "", *dot = "";
    if (h->prof->weakref_repr_module && TYPE(t)->module_of) {
        const char *m = TYPE(t)->module_of(t);
        if (strcmp(m, "__main__") != 0 && strcmp(m, "builtins") != 0) {
            module = m;
            dot = ".";
        }
    }
    sb_printf(&r->sb, "<weakref at 0x%llx; to '%s%s%s' at 0x%llx", (unsigned long long)o->addr, module, dot,
              obj_tp_name(t), (unsigned long long)t->addr);
    /* its __name__; 3.11+ looks it up on the type: `method` has none (a
     * builtin_function_or_method, a function and a class do) */
    bool bound_python = t->kind == K_METHOD && t->u.meth.python;
    if (TYPE(t)->own_name && !(bound_python && h->prof->weakref_repr_special_name))
        sb_printf(&r->sb, " (%s)", TYPE(t)->own_name(t));
    sb_putc(&r->sb, '>');
}

/* KeyedRef's `key` slot; a plain weakref has no attributes */
static obj_t *weakref_getattr(heap_t *h, obj_t *o, const char *name)
{
    if (is_keyed(o) && strcmp(name, "key") == 0) {
        if (o->u.wr.key)
            return obj_newref(o->u.wr.key);
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'KeyedRef' object has no attribute 'key'");
        return NULL;
    }
    err_no_attribute(h, o, name);
    return NULL;
}

static int weakref_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    if (is_keyed(o) && strcmp(name, "key") == 0) {
        obj_t *old = o->u.wr.key;
        if (!v && !old) {
            exc_set(h->exc, ST_PYEXC, "AttributeError", "key"); /* member_set() */
            return -1;
        }
        o->u.wr.key = v ? obj_newref(v) : NULL;
        if (old)
            obj_decref(h, old);
        return 0;
    }
    exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->setattr_nodict_fmt, obj_tp_name(o), name);
    return -1;
}

static void weakref_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    if (o->u.wr.referent)
        fn(EDGE_WEAK, "weak", o->u.wr.referent->addr, arg);
    if (o->u.wr.key)
        fn(EDGE_ATTR, ".key", o->u.wr.key->addr, arg);
}

/* weakref_call(): the referent, or None once it is dead */
static obj_t *weakref_call(heap_t *h, obj_t *o, obj_t **args, size_t n)
{
    if (n) {
        exc_set(h->exc, ST_PYEXC, "TypeError", h->prof->weakref_call_fmt, n);
        return NULL;
    }
    return obj_newref(o->u.wr.referent ? o->u.wr.referent : h->none);
}

/* the weakref protocol gc.c's handle_weakrefs() uses */
static bool weakref_wr_clear(heap_t *h, obj_t *wr)
{
    weakref_clear_ref(h, wr);
    return wr->u.wr.callback != NULL;
}

static void weakref_wr_callback(heap_t *h, obj_t *wr, uint64_t dead_id)
{
    func_call_callback(h, wr->u.wr.callback, wr, dead_id);
}

const type_ops_t weakref_type = {
    .name_of = weakref_name,
    .tp_name_of = weakref_tp_name,
    .flags = TF_GC | TF_WEAKREF,
    .sequence = weakref_sequence,
    .call = weakref_call,
    .wr_clear = weakref_wr_clear,
    .wr_callback = weakref_wr_callback,
    .trashcan = weakref_trashcan,
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
    .size = weakref_size,
    .hash = weakref_hash,
    .eq = weakref_eq,
    .repr = weakref_repr,
    .getattr = weakref_getattr,
    .setattr = weakref_setattr,
    .edges = weakref_edges,
};
