/*
 * weakcont.c — weakref.WeakValueDictionary, weakref.WeakKeyDictionary and
 * weakref.WeakSet: plain Python classes of Lib/weakref.py and
 * Lib/_weakrefset.py, so their instances are instances (instance.c) whose
 * attributes are real objects — `data`, `_remove` (a function whose
 * __defaults__ hold ref(self)), `_pending_removals`, `_iterating` — and
 * whose methods, below, do what the Python methods do, reading those
 * attributes each time as the Python code does.
 */
#include "weakcont.h"

#include <stdio.h>
#include <string.h>

#include "cls.h"
#include "containers.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"

/* self.<name>: a new reference, or NULL with AttributeError */
static obj_t *attr(heap_t *h, obj_t *self, const char *name)
{
    return obj_getattr(h, self, name);
}

static int set_attr(heap_t *h, obj_t *self, const char *name, obj_t *v)
{
    return obj_setattr(h, self, name, v);
}

/* `if self.<name>:` — 1, 0, or -1 */
static int attr_true(heap_t *h, obj_t *self, const char *name)
{
    obj_t *v = attr(h, self, name);
    if (!v)
        return -1;
    int r = obj_truthy(h, v);
    obj_decref(h, v);
    return r;
}

/* len(self.<name>) */
static int attr_len(heap_t *h, obj_t *self, const char *name, int64_t *out)
{
    obj_t *v = attr(h, self, name);
    if (!v)
        return -1;
    int r = obj_len(h, v, out);
    obj_decref(h, v);
    return r;
}

/* _weakref._remove_dead_weakref(d, key): del d[key] if it is a dead weakref */
static int remove_dead_weakref(heap_t *h, obj_t *d, obj_t *key)
{
    if (d->kind != K_DICT) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "_remove_dead_weakref() argument 1 must be dict, not %s",
                obj_tp_name(d));
        return -1;
    }
    obj_t *v;
    int r = dict_get_item(h, d, key, &v);
    if (r <= 0)
        return r; /* a missing key is fine (issue #28427) */
    if (v->kind == K_WEAKREF && !v->u.wr.referent)
        return dict_del_item(h, d, key);
    return 0;
}

/* x.pop() of a list: the last item, a new reference; NULL at the end
 * (IndexError, which the caller's loop ends on) or with the exception */
static obj_t *list_pop(heap_t *h, obj_t *l, bool *empty)
{
    *empty = false;
    if (l->kind != K_LIST) {
        err_no_attribute(h, l, "pop");
        return NULL;
    }
    if (l->u.seq.len == 0) {
        *empty = true;
        return NULL;
    }
    return l->u.seq.items[--l->u.seq.len]; /* list_pop(): the list keeps its allocation */
}

/* _commit_removals(): pops each pending key and removes its dead entry */
static int commit_removals(heap_t *h, obj_t *self, int kind)
{
    int t = attr_true(h, self, "_pending_removals");
    if (t <= 0)
        return t;
    obj_t *pending = attr(h, self, "_pending_removals");
    obj_t *data = pending ? attr(h, self, "data") : NULL;
    int r = data ? 0 : -1;
    while (r == 0) {
        bool empty;
        obj_t *key = list_pop(h, pending, &empty);
        if (!key) {
            r = empty ? 0 : -1;
            break;
        }
        if (kind == LIB_WEAKVALUEDICT)
            r = remove_dead_weakref(h, data, key);
        else
            r = obj_call_method(h, data, "discard", key);
        obj_decref(h, key);
    }
    if (data)
        obj_decref(h, data);
    if (pending)
        obj_decref(h, pending);
    return r;
}

/* x() for the values of self.data: a weakref's referent (None when dead) */
static obj_t *call0(heap_t *h, obj_t *o)
{
    if (o->kind != K_WEAKREF) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not callable", obj_tp_name(o));
        return NULL;
    }
    return obj_newref(o->u.wr.referent ? o->u.wr.referent : h->none);
}

/* isinstance(other, Mapping), as Mapping.__eq__ asks: for an instance of a
 * session class the ABC machinery caches the answer in weak sets holding
 * weakrefs to the class, which a collection of the class later frees */
static bool is_mapping(heap_t *h, obj_t *o)
{
    if (o->kind == K_DICT)
        return true;
    if (o->kind != K_INSTANCE)
        return false;
    cls_data_t *c = o->u.inst.type->u.cls;
    if (c->lib)
        return c->lib_kind == LIB_WEAKVALUEDICT || c->lib_kind == LIB_WEAKKEYDICT;
    if (!c->abc_refs)
        c->abc_refs = h->prof->abc_mapping_refs;
    return false;
}

/* dict(m.items()) for a dict or a weak mapping: a new dict of its live items */
static obj_t *items_dict(heap_t *h, obj_t *m)
{
    obj_t *data = m->kind == K_DICT ? obj_newref(m) : attr(h, m, "data");
    if (!data)
        return NULL;
    if (data->kind != K_DICT) {
        obj_decref(h, data);
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute 'items'",
                obj_tp_name(data));
        return NULL;
    }
    int kind = m->kind == K_DICT ? -1 : m->u.inst.type->u.cls->lib_kind;
    obj_t *d = dict_new(h, true);
    heap_push_temp(h, d);
    int r = 0;
    obj_t *k, *v;
    for (size_t pos = 0; r == 0 && dict_next(data, &pos, &k, &v);) {
        if (kind == LIB_WEAKVALUEDICT)
            v = v->kind == K_WEAKREF ? v->u.wr.referent : v;
        else if (kind == LIB_WEAKKEYDICT)
            k = k->kind == K_WEAKREF ? k->u.wr.referent : k;
        if (k && v)
            r = dict_set_item(h, d, k, v);
    }
    h->ntemps--;
    obj_decref(h, data);
    if (r < 0) {
        obj_decref(h, d);
        return NULL;
    }
    return d;
}

/* Mapping.__eq__: dict(self.items()) == dict(other.items()) */
static int mapping_eq(heap_t *h, obj_t *self, obj_t *other)
{
    if (!is_mapping(h, other))
        return NOT_IMPLEMENTED;
    obj_t *a = items_dict(h, self);
    if (!a)
        return -1;
    heap_push_temp(h, a);
    obj_t *b = items_dict(h, other);
    int r = b ? obj_eq(h, a, b) : -1;
    if (b)
        obj_decref(h, b);
    h->ntemps--;
    obj_decref(h, a);
    return r;
}

static void mapping_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    sb_printf(&r->sb, "<%s at 0x%llx>", o->u.inst.type->u.cls->name, (unsigned long long)o->addr);
}

/* WeakValueDictionary ----------------------------------------------------------- */

/* self.data[key]() */
static obj_t *wvd_lookup(heap_t *h, obj_t *self, obj_t *key)
{
    obj_t *data = attr(h, self, "data");
    if (!data)
        return NULL;
    obj_t *wr = obj_getitem(h, data, key);
    obj_decref(h, data);
    if (!wr)
        return NULL;
    obj_t *o = call0(h, wr);
    obj_decref(h, wr);
    return o;
}

static obj_t *wvd_getitem(heap_t *h, obj_t *self, obj_t *key)
{
    if (commit_removals(h, self, LIB_WEAKVALUEDICT) < 0)
        return NULL;
    obj_t *o = wvd_lookup(h, self, key);
    if (o && o == h->none) {
        obj_decref(h, o);
        dict_raise_key_error(h, key);
        return NULL;
    }
    return o;
}

/* __setitem__: self.data[key] = KeyedRef(value, self._remove, key);
 * __delitem__: del self.data[key] */
static int wvd_setitem(heap_t *h, obj_t *self, obj_t *key, obj_t *value)
{
    if (commit_removals(h, self, LIB_WEAKVALUEDICT) < 0)
        return -1;
    obj_t *kr = NULL;
    if (value) {
        obj_t *remove = attr(h, self, "_remove");
        if (!remove)
            return -1;
        kr = keyedref_new(h, value, remove, key);
        obj_decref(h, remove);
        if (!kr)
            return -1;
    }
    obj_t *data = attr(h, self, "data");
    int r = data ? (kr ? obj_setitem(h, data, key, kr) : obj_delitem(h, data, key)) : -1;
    if (data)
        obj_decref(h, data);
    if (kr)
        obj_decref(h, kr);
    return r;
}

static int wvd_len(heap_t *h, obj_t *self, int64_t *out)
{
    if (commit_removals(h, self, LIB_WEAKVALUEDICT) < 0)
        return -1;
    return attr_len(h, self, "data", out);
}

/* try: o = self.data[key]() except KeyError: return False; return o is not None */
static int wvd_contains(heap_t *h, obj_t *self, obj_t *key)
{
    if (commit_removals(h, self, LIB_WEAKVALUEDICT) < 0)
        return -1;
    obj_t *o = wvd_lookup(h, self, key);
    if (!o) {
        if (strcmp(h->exc->type, "KeyError") != 0)
            return -1;
        memset(h->exc, 0, sizeof *h->exc);
        return 0;
    }
    int r = o != h->none;
    obj_decref(h, o);
    return r;
}

static const type_ops_t wvd_lib = {
    .flags = TF_UNHASHABLE,
    .eq = mapping_eq,
    .repr = mapping_repr,
    .len = wvd_len,
    .contains = wvd_contains,
    .getitem = wvd_getitem,
    .setitem = wvd_setitem,
};

/* WeakKeyDictionary -------------------------------------------------------------- */

/* self.data[ref(key)] / del self.data[ref(key)] / self.data[ref(key, self._remove)] = v */
static obj_t *wkd_getitem(heap_t *h, obj_t *self, obj_t *key)
{
    obj_t *data = attr(h, self, "data");
    if (!data)
        return NULL;
    obj_t *r = weakref_new(h, key, NULL), *v = NULL;
    if (r) {
        v = obj_getitem(h, data, r);
        obj_decref(h, r);
    }
    obj_decref(h, data);
    return v;
}

static int wkd_setitem(heap_t *h, obj_t *self, obj_t *key, obj_t *value)
{
    int rc;
    if (!value) { /* self._dirty_len = True; del self.data[ref(key)] */
        if (set_attr(h, self, "_dirty_len", h->true_) < 0)
            return -1;
        obj_t *data = attr(h, self, "data");
        if (!data)
            return -1;
        obj_t *r = weakref_new(h, key, NULL);
        rc = r ? obj_delitem(h, data, r) : -1;
        if (r)
            obj_decref(h, r);
        obj_decref(h, data);
        return rc;
    }
    obj_t *data = attr(h, self, "data");
    if (!data)
        return -1;
    obj_t *remove = attr(h, self, "_remove");
    obj_t *r = remove ? weakref_new(h, key, remove) : NULL;
    rc = r ? obj_setitem(h, data, r, value) : -1;
    if (r)
        obj_decref(h, r);
    if (remove)
        obj_decref(h, remove);
    obj_decref(h, data);
    return rc;
}

/* _scrub_removals(): keep the pending keys still in data; _dirty_len = False */
static int wkd_scrub_removals(heap_t *h, obj_t *self)
{
    obj_t *data = attr(h, self, "data");
    obj_t *pending = data ? attr(h, self, "_pending_removals") : NULL;
    int r = pending ? 0 : -1;
    if (pending && pending->kind == K_LIST) {
        obj_t *kept = list_new(h, 0, true);
        heap_push_temp(h, kept);
        for (size_t i = 0; i < pending->u.seq.len && r == 0; i++) {
            int in = obj_contains(h, data, pending->u.seq.items[i]);
            if (in < 0)
                r = -1;
            else if (in)
                list_append_new(h, kept, obj_newref(pending->u.seq.items[i]));
        }
        if (r == 0)
            r = set_attr(h, self, "_pending_removals", kept);
        h->ntemps--;
        obj_decref(h, kept);
    }
    if (r == 0)
        r = set_attr(h, self, "_dirty_len", h->false_);
    if (pending)
        obj_decref(h, pending);
    if (data)
        obj_decref(h, data);
    return r;
}

static int wkd_len(heap_t *h, obj_t *self, int64_t *out)
{
    int dirty = attr_true(h, self, "_dirty_len");
    if (dirty < 0)
        return -1;
    if (dirty) {
        int pending = attr_true(h, self, "_pending_removals");
        if (pending < 0 || (pending && wkd_scrub_removals(h, self) < 0))
            return -1;
    }
    int64_t n, p;
    if (attr_len(h, self, "data", &n) < 0 || attr_len(h, self, "_pending_removals", &p) < 0)
        return -1;
    *out = n - p;
    return 0;
}

/* try: wr = ref(key) except TypeError: return False; return wr in self.data
 * (WeakKeyDictionary and WeakSet alike) */
static int weak_contains(heap_t *h, obj_t *self, obj_t *key)
{
    if (!weakref_supported(key))
        return 0;
    obj_t *wr = weakref_new(h, key, NULL);
    if (!wr)
        return -1;
    obj_t *data = attr(h, self, "data");
    int r = data ? obj_contains(h, data, wr) : -1;
    if (data)
        obj_decref(h, data);
    obj_decref(h, wr);
    return r;
}

static const type_ops_t wkd_lib = {
    .flags = TF_UNHASHABLE,
    .eq = mapping_eq,
    .repr = mapping_repr,
    .len = wkd_len,
    .contains = weak_contains,
    .getitem = wkd_getitem,
    .setitem = wkd_setitem,
};

/* WeakSet ------------------------------------------------------------------------ */

static int ws_len(heap_t *h, obj_t *self, int64_t *out)
{
    int64_t n, p;
    if (attr_len(h, self, "data", &n) < 0 || attr_len(h, self, "_pending_removals", &p) < 0)
        return -1;
    *out = n - p;
    return 0;
}

/* add(item): self.data.add(ref(item, self._remove));
 * discard(item): self.data.discard(ref(item)) */
static int ws_call_method(heap_t *h, obj_t *self, const char *name, obj_t *item)
{
    bool add = strcmp(name, "add") == 0;
    if (!add && strcmp(name, "discard") != 0)
        return err_no_attribute(h, self, name);
    if (!item)
        return 0;
    if (commit_removals(h, self, LIB_WEAKSET) < 0)
        return -1;
    obj_t *data = attr(h, self, "data");
    if (!data)
        return -1;
    obj_t *remove = add ? attr(h, self, "_remove") : NULL;
    obj_t *r = (!add || remove) ? weakref_new(h, item, remove) : NULL;
    int rc = r ? obj_call_method(h, data, name, r) : -1;
    if (r)
        obj_decref(h, r);
    if (remove)
        obj_decref(h, remove);
    obj_decref(h, data);
    return rc;
}

/* __eq__: isinstance(other, self.__class__) and self.data == set(map(ref, other)) */
static int ws_eq(heap_t *h, obj_t *self, obj_t *other)
{
    if (other->kind != K_INSTANCE || other->u.inst.type != self->u.inst.type)
        return NOT_IMPLEMENTED;
    obj_t *odata = attr(h, other, "data");
    if (!odata)
        return -1;
    obj_t *refs = set_new(h, K_SET);
    heap_push_temp(h, refs);
    int r = 0;
    if (odata->kind == K_SET) /* iter(other): the live items */
        for (size_t i = 0; i <= odata->u.set.mask && r == 0; i++) {
            obj_t *k = odata->u.set.table[i].key;
            if (!k || k == SET_DUMMY || k->kind != K_WEAKREF || !k->u.wr.referent)
                continue;
            obj_t *wr = weakref_new(h, k->u.wr.referent, NULL);
            r = wr ? set_add(h, refs, wr) : -1;
            if (wr)
                obj_decref(h, wr);
        }
    obj_decref(h, odata);
    obj_t *data = r == 0 ? attr(h, self, "data") : NULL;
    if (data) {
        r = obj_eq(h, data, refs);
        obj_decref(h, data);
    } else {
        r = -1;
    }
    h->ntemps--;
    obj_decref(h, refs);
    return r;
}

/* WeakSet.__repr__: repr(self.data) */
static void ws_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    obj_t *data = instance_attr(h, o, "data");
    if (data)
        repr_obj(r, data);
    else
        sb_printf(&r->sb, "<WeakSet at 0x%llx>", (unsigned long long)o->addr);
}

static const type_ops_t ws_lib = {
    .flags = TF_UNHASHABLE,
    .eq = ws_eq,
    .repr = ws_repr,
    .len = ws_len,
    .contains = weak_contains,
    .call_method = ws_call_method,
};

/* The classes and their __init__ ------------------------------------------------- */

static const struct {
    const char *name, *module;
    const type_ops_t *lib;
    const func_def_t *remove;
} libs[LIB__COUNT] = {
    [LIB_WEAKVALUEDICT] = {"WeakValueDictionary", "weakref", &wvd_lib, &func_wvd_remove},
    [LIB_WEAKKEYDICT] = {"WeakKeyDictionary", "weakref", &wkd_lib, &func_wkd_remove},
    [LIB_WEAKSET] = {"WeakSet", "_weakrefset", &ws_lib, &func_ws_remove},
};

static obj_t *lib_class(heap_t *h, int kind)
{
    if (!h->lib_class[kind])
        h->lib_class[kind] = class_new_library(h, libs[kind].name, libs[kind].module, libs[kind].lib, kind);
    return h->lib_class[kind];
}

static obj_t *remove_dead_weakref_fn(heap_t *h)
{
    if (!h->remove_dead_weakref)
        h->remove_dead_weakref = func_new_static(h, &func_remove_dead_weakref);
    return h->remove_dead_weakref;
}

/* def remove(wr, selfref=ref(self)[, _atomic_removal=_remove_dead_weakref]):
 * its defaults tuple comes from the tuple free list of a running interpreter */
static obj_t *make_remove(heap_t *h, obj_t *self, int kind)
{
    obj_t *items[2];
    size_t n = 1;
    items[0] = weakref_new(h, self, NULL);
    if (kind == LIB_WEAKVALUEDICT)
        items[n++] = obj_newref(remove_dead_weakref_fn(h));
    obj_t *defaults = tuple_new_steal(h, items, n);
    return func_new(h, libs[kind].remove, defaults);
}

static void store_new(heap_t *h, obj_t *self, const char *name, obj_t *v)
{
    set_attr(h, self, name, v);
    obj_decref(h, v);
}

/* WeakValueDictionary(): _remove, _pending_removals, _iterating, data;
 * WeakKeyDictionary(): data, _remove, _pending_removals, _iterating, _dirty_len;
 * WeakSet(): data, _remove, _pending_removals, _iterating (their __init__s) */
obj_t *weakcont_new(heap_t *h, int kind)
{
    obj_t *self = instance_new(h, lib_class(h, kind));
    heap_push_temp(h, self);
    if (kind != LIB_WEAKVALUEDICT)
        store_new(h, self, "data", kind == LIB_WEAKSET ? set_new(h, K_SET) : dict_new(h, false));
    store_new(h, self, "_remove", make_remove(h, self, kind));
    store_new(h, self, "_pending_removals", list_new(h, 0, true));
    store_new(h, self, "_iterating", set_new(h, K_SET));
    if (kind == LIB_WEAKVALUEDICT)
        store_new(h, self, "data", dict_new(h, false));
    if (kind == LIB_WEAKKEYDICT)
        set_attr(h, self, "_dirty_len", h->false_);
    h->ntemps--;
    return self;
}

/* The remove functions, called as weakref callbacks (exceptions ignored by
 * the caller): self = selfref(); if self is not None: ... */
void weakcont_remove(heap_t *h, obj_t *fn, obj_t *wr)
{
    obj_t *defaults = fn->u.fn.defaults;
    if (!defaults || defaults->kind != K_TUPLE || defaults->u.seq.len == 0)
        return;
    obj_t *selfref = defaults->u.seq.items[0];
    if (selfref->kind != K_WEAKREF || !selfref->u.wr.referent)
        return;
    obj_t *self = obj_newref(selfref->u.wr.referent);
    int iterating = attr_true(h, self, "_iterating");
    func_kind_t kind = fn->u.fn.def->kind;
    obj_t *key = wr;
    if (kind == FN_WVD_REMOVE) /* wr.key */
        key = wr->kind == K_WEAKREF && wr->u.wr.key ? wr->u.wr.key : NULL;
    if (iterating > 0 && key) { /* self._pending_removals.append(key) */
        obj_t *pending = attr(h, self, "_pending_removals");
        if (pending) {
            obj_call_method(h, pending, "append", key);
            obj_decref(h, pending);
        }
    } else if (iterating == 0 && key) {
        obj_t *data = attr(h, self, "data");
        if (data) {
            if (kind == FN_WVD_REMOVE && defaults->u.seq.len > 1) /* _atomic_removal(self.data, wr.key) */
                remove_dead_weakref(h, data, key);
            else if (kind == FN_WKD_REMOVE) /* try: del self.data[k] except KeyError: pass */
                obj_delitem(h, data, key);
            else if (kind == FN_WS_REMOVE) /* self.data.discard(item) */
                obj_call_method(h, data, "discard", key);
            obj_decref(h, data);
        }
    }
    obj_decref(h, self);
}
