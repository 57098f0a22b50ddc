/*
 * weakref.c — weak references and the weak containers built on them.
 *
 * The list of weakrefs to an object is kept in CPython's order: basic
 * refs (no callback) at the head, then callback refs newest first; that
 * order is the order callbacks run in. A WeakValueDictionary holds a
 * KeyedRef per entry whose callback deletes the entry; WeakKeyDictionary
 * and WeakSet hold callback refs to their keys/items likewise.
 */
#include "weakref.h"

#include <stdio.h>
#include <stdlib.h>

#include "cls.h"
#include "compare.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "repr.h"
#include "mem.h"

bool weakref_supported(const obj_t *o)
{
    switch ((kind_t)o->kind) {
    case K_SET: case K_FROZENSET: case K_CLASS: case K_WEAKCONT:
        return true;
    case K_INSTANCE:
        return o->u.inst.type->u.cls->has_weakref;
    default:
        return false;
    }
}

static bool is_basic(const obj_t *wr) { return !(wr->flags & OF_WR_CALLBACK) && !wr->u.wr.owner; }

/* mirrors insert_head() / insert_after() */
static void link_ref(obj_t *target, obj_t *wr)
{
    obj_t *after = NULL;
    if (!is_basic(wr) && (*wr_list(target)) && is_basic((*wr_list(target))))
        after = (*wr_list(target));
    if (after) {
        wr->u.wr.wr_prev = after;
        wr->u.wr.wr_next = after->u.wr.wr_next;
        if (after->u.wr.wr_next)
            after->u.wr.wr_next->u.wr.wr_prev = wr;
        after->u.wr.wr_next = wr;
    } else {
        wr->u.wr.wr_next = (*wr_list(target));
        if ((*wr_list(target)))
            (*wr_list(target))->u.wr.wr_prev = wr;
        (*wr_list(target)) = wr;
    }
}

void weakref_clear_ref(obj_t *wr)
{
    obj_t *t = wr->u.wr.referent;
    if (!t)
        return;
    if (wr->u.wr.wr_prev)
        wr->u.wr.wr_prev->u.wr.wr_next = wr->u.wr.wr_next;
    else
        (*wr_list(t)) = wr->u.wr.wr_next;
    if (wr->u.wr.wr_next)
        wr->u.wr.wr_next->u.wr.wr_prev = wr->u.wr.wr_prev;
    wr->u.wr.wr_prev = wr->u.wr.wr_next = NULL;
    wr->u.wr.referent = NULL;
}

static obj_t *weakref_alloc(heap_t *h, obj_t *target, bool callback, obj_t *owner, obj_t *key)
{
    gc_on_alloc(h);
    obj_t *wr = heap_new_object(h, K_WEAKREF, (size_t)(key ? h->prof->keyedref_size : h->prof->weakref_size));
    wr->u.wr.referent = target;
    if (callback)
        wr->flags |= OF_WR_CALLBACK;
    wr->u.wr.owner = owner;
    wr->u.wr.key = key ? obj_newref(key) : NULL;
    link_ref(target, wr);
    heap_account_size(h, wr);
    heap_emit(h, EV_CREATED, wr, NULL);
    gc_track(h, wr);
    return wr;
}

static obj_t *not_weakrefable(heap_t *h, obj_t *o)
{
    exc_set(h->exc, ST_PYEXC, "TypeError", "cannot create weak reference to '%s' object", obj_type_name(o));
    return NULL;
}

/* mirrors weakref___new__(): a callback-less ref is shared */
obj_t *weakref_new(heap_t *h, obj_t *target, bool callback)
{
    if (!weakref_supported(target))
        return not_weakrefable(h, target);
    if (!callback && (*wr_list(target)) && is_basic((*wr_list(target))))
        return obj_newref((*wr_list(target)));
    return weakref_alloc(h, target, callback, NULL, NULL);
}

int64_t weakref_count(obj_t *o)
{
    /* a class is also weakly referenced by its base's __subclasses__ and by
     * any ABC caches it entered; those weakrefs are not simulated objects */
    int64_t n = o->kind == K_CLASS ? 1 + o->u.cls->abc_refs : 0;
    for (obj_t *w = (*wr_list(o)); w; w = w->u.wr.wr_next)
        n++;
    return n;
}

/* The removal callbacks of Lib/weakref.py and Lib/_weakrefset.py. */
static void container_remove(heap_t *h, obj_t *wr)
{
    obj_t *wc = wr->u.wr.owner;
    /* self = selfref(); if self is not None: ... — a container being torn
     * down has had its weakrefs cleared first */
    if (!wc || !wc->u.wc.selfref || !wc->u.wc.selfref->u.wr.referent)
        return;
    obj_t *data = wc->u.wc.data;
    if (wc->u.wc.wkind == WC_VALUEDICT) {
        /* _remove_dead_weakref(d, key): delete only if d[key] is still wr */
        bool err;
        if (dict_get_item(h, data, wr->u.wr.key, &err) == wr)
            dict_del_item(h, data, wr->u.wr.key);
    } else if (wc->u.wc.wkind == WC_KEYDICT) {
        bool err;
        if (dict_get_item(h, data, wr, &err))
            dict_del_item(h, data, wr);
    } else {
        bool found;
        set_discard(h, data, wr, &found);
    }
}

void weakref_run_callback(heap_t *h, obj_t *wr, uint64_t dead_id)
{
    if (wr->u.wr.owner) {
        container_remove(h, wr);
        return;
    }
    event_t *e;
    heap_emit(h, EV_WEAKREF_CALLBACK, wr, NULL);
    e = (event_t *)event_log_get(&h->events, h->events.next_seq - 1);
    e->target = dead_id;
}

/* mirrors PyObject_ClearWeakRefs() */
void weakref_clear_all(heap_t *h, obj_t *o)
{
    uint64_t dead = o->addr;
    /* callback-less basic refs are just cleared */
    while ((*wr_list(o)) && is_basic((*wr_list(o))))
        weakref_clear_ref((*wr_list(o)));
    size_t count = 0;
    for (obj_t *w = (*wr_list(o)); w; w = w->u.wr.wr_next)
        count++;
    if (!count)
        return;
    obj_t **refs = xmalloc(count * sizeof *refs);
    size_t n = 0;
    while ((*wr_list(o))) {
        obj_t *w = (*wr_list(o));
        weakref_clear_ref(w);
        if (w->refcnt > 0)
            refs[n++] = obj_newref(w);
    }
    for (size_t i = 0; i < n; i++)
        weakref_run_callback(h, refs[i], dead);
    for (size_t i = 0; i < n; i++)
        obj_decref(h, refs[i]);
    free(refs);
}

void weakref_dealloc(heap_t *h, obj_t *wr)
{
    heap_emit(h, EV_DESTROYED, wr, NULL);
    weakref_clear_ref(wr);
    obj_t *key = wr->u.wr.key;
    wr->u.wr.key = NULL;
    heap_release_object(h, wr, NULL, 0);
    if (key)
        obj_decref(h, key);
}

/* WeakValueDictionary() etc.: a Python instance around a dict (or set) of refs.
 * Its selfref (the default of its remove function) is a real weakref; its
 * other attributes (the remove function, its defaults tuple, the
 * _pending_removals list, the _iterating set) are not listed as objects; a
 * collection that frees the container counts them (weakcont_hidden_gc), and
 * their allocations count toward gc thresholds (the defaults tuple and the
 * list come from free lists, as in a running interpreter). */
obj_t *weakcont_new(heap_t *h, int wkind)
{
    gc_on_alloc(h);
    obj_t *wc = heap_new_object(h, K_WEAKCONT, (size_t)h->prof->weakcontainer_size);
    wc->u.wc.wkind = (weakcont_kind_t)wkind;
    heap_account_size(h, wc);
    heap_emit(h, EV_CREATED, wc, NULL);
    gc_track(h, wc);
    heap_push_temp(h, wc);
    /* ref(self): a real basic weakref, so weakref.ref(container) returns it */
    wc->u.wc.selfref = weakref_alloc(h, wc, false, NULL, NULL);
    gc_on_alloc(h); /* the remove function */
    gc_on_alloc(h); /* _iterating = set() */
    wc->u.wc.data = wkind == WC_SET ? set_new(h, K_SET) : dict_new(h, false);
    h->ntemps--;
    return wc;
}

const char *weakcont_type_name(const obj_t *wc)
{
    static const char *names[] = {"WeakValueDictionary", "WeakKeyDictionary", "WeakSet"};
    return names[wc->u.wc.wkind];
}

static bool wrong_op(heap_t *h, obj_t *wc, const char *what)
{
    exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object %s", weakcont_type_name(wc), what);
    return false;
}

/* WeakValueDictionary.__setitem__: data[key] = KeyedRef(value, remove, key);
 * WeakKeyDictionary.__setitem__: data[ref(key, remove)] = value */
bool weakcont_setitem(heap_t *h, obj_t *wc, obj_t *key, obj_t *value)
{
    if (wc->u.wc.wkind == WC_SET)
        return wrong_op(h, wc, "does not support item assignment");
    obj_t *target = wc->u.wc.wkind == WC_VALUEDICT ? value : key;
    if (!weakref_supported(target))
        return not_weakrefable(h, target), false;
    if (wc->u.wc.wkind == WC_VALUEDICT) {
        int64_t hash;
        if (!obj_hash(h, key, &hash))
            return false;
        obj_t *kr = weakref_alloc(h, value, true, wc, key);
        bool ok = dict_set_item(h, wc->u.wc.data, key, kr);
        obj_decref(h, kr);
        return ok;
    }
    obj_t *r = weakref_alloc(h, key, true, wc, NULL);
    bool ok = dict_set_item(h, wc->u.wc.data, r, value);
    obj_decref(h, r);
    return ok;
}

bool weakcont_add(heap_t *h, obj_t *wc, obj_t *item)
{
    if (wc->u.wc.wkind != WC_SET) {
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute 'add'", weakcont_type_name(wc));
        return false;
    }
    if (!weakref_supported(item))
        return not_weakrefable(h, item), false;
    obj_t *r = weakref_alloc(h, item, true, wc, NULL);
    bool ok = set_add(h, wc->u.wc.data, r);
    obj_decref(h, r);
    return ok;
}

static void key_error(heap_t *h, obj_t *key)
{
    char *r = obj_repr_str(h, key);
    exc_set(h->exc, ST_PYEXC, "KeyError", "%s", r);
    free(r);
}

obj_t *weakcont_getitem(heap_t *h, obj_t *wc, obj_t *key)
{
    if (wc->u.wc.wkind == WC_SET) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "'WeakSet' object is not subscriptable");
        return NULL;
    }
    bool err;
    if (wc->u.wc.wkind == WC_VALUEDICT) {
        /* o = self.data[key](); if o is None: raise KeyError(key) */
        obj_t *kr = dict_get_item(h, wc->u.wc.data, key, &err);
        if (err)
            return NULL;
        if (!kr || !kr->u.wr.referent) {
            key_error(h, key);
            return NULL;
        }
        return obj_newref(kr->u.wr.referent);
    }
    /* return self.data[ref(key)] */
    obj_t *r = weakref_new(h, key, false);
    if (!r)
        return NULL;
    obj_t *v = dict_get_item(h, wc->u.wc.data, r, &err);
    obj_decref(h, r);
    if (err)
        return NULL;
    if (!v) {
        key_error(h, key);
        return NULL;
    }
    return obj_newref(v);
}

bool weakcont_delitem(heap_t *h, obj_t *wc, obj_t *key)
{
    if (wc->u.wc.wkind == WC_SET)
        return wrong_op(h, wc, "does not support item deletion");
    if (wc->u.wc.wkind == WC_VALUEDICT)
        return dict_del_item(h, wc->u.wc.data, key);
    obj_t *r = weakref_new(h, key, false);
    if (!r)
        return false;
    bool ok = dict_del_item(h, wc->u.wc.data, r); /* KeyError(ref(key)), as `del self.data[ref(key)]` */
    obj_decref(h, r);
    return ok;
}

bool weakcont_discard(heap_t *h, obj_t *wc, obj_t *item)
{
    if (wc->u.wc.wkind != WC_SET) {
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute 'discard'",
                weakcont_type_name(wc));
        return false;
    }
    obj_t *r = weakref_new(h, item, false);
    if (!r)
        return false;
    bool found;
    bool ok = set_discard(h, wc->u.wc.data, r, &found);
    obj_decref(h, r);
    return ok;
}

int weakcont_contains(heap_t *h, obj_t *wc, obj_t *key)
{
    bool err;
    if (wc->u.wc.wkind == WC_VALUEDICT) {
        obj_t *kr = dict_get_item(h, wc->u.wc.data, key, &err);
        if (err)
            return -1;
        return kr && kr->u.wr.referent;
    }
    /* try: wr = ref(key) except TypeError: return False */
    if (!weakref_supported(key))
        return 0;
    obj_t *r = weakref_new(h, key, false);
    int found = wc->u.wc.wkind == WC_SET ? set_contains(h, wc->u.wc.data, r)
                                         : dict_get_item(h, wc->u.wc.data, r, &err) != NULL;
    obj_decref(h, r);
    return found;
}

int64_t weakcont_len(const obj_t *wc)
{
    return wc->u.wc.wkind == WC_SET ? (int64_t)wc->u.wc.data->u.set.used : (int64_t)dict_len(wc->u.wc.data);
}

void weakcont_dealloc(heap_t *h, obj_t *wc)
{
    weakref_clear_all(h, wc);
    heap_emit(h, EV_DESTROYED, wc, NULL);
    obj_t *data = wc->u.wc.data;
    wc->u.wc.data = NULL;
    if (data)
        obj_decref(h, data);
    attr_store_clear(h, wc);
    obj_t *selfref = wc->u.wc.selfref;
    wc->u.wc.selfref = NULL;
    if (selfref)
        obj_decref(h, selfref);
    for (int i = 0; i < 2 && h->gc.count[0] > 0; i++)
        h->gc.count[0]--; /* the function and the set die with it */
    heap_release_object(h, wc, NULL, 0);
}
