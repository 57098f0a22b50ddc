/*
 * cls.c — classes and instances (mirrors type_new, subtype_traverse,
 * subtype_clear and subtype_dealloc in Objects/typeobject.c, and the 3.11
 * inline-values code of Objects/dictobject.c).
 *
 * A class's own machinery (its __dict__, __mro__ tuple, getset and member
 * descriptors) is not simulated object by object: the class holds
 * class_internal_refs() references to itself, so that like CPython's it
 * can only die through the cycle collector, and a collection that frees
 * it counts class_hidden_objects() more objects, as CPython's does.
 */
#include "cls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "repr.h"
#include "sizes.h"
#include "str.h"
#include "weakref.h"
#include "mem.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int64_t class_internal_refs(const obj_t *cls)
{
    return 1 + cls->u.cls->has_dict + cls->u.cls->has_weakref + (int64_t)cls->u.cls->nslots;
}

/* What a collection that frees a class counts besides the class itself,
 * measured on 3.11: its __dict__ and __mro__ (the profile's base), the
 * __slots__ tuple when not empty, one member descriptor per slot, the
 * __dict__ and __weakref__ getsets, one more object whenever the class has
 * any descriptor, and the __del__ function. The __slots__ tuple and the
 * extra object are tuples of atomic items: the first collection the class
 * survives untracks them (untrack_tuples), and they count no more. */
int64_t class_hidden_objects(const heap_t *h, const obj_t *cls)
{
    int64_t descriptors = (int64_t)cls->u.cls->nslots + cls->u.cls->has_dict + cls->u.cls->has_weakref;
    bool fresh = !cls->u.cls->survived_gc; /* tuples of atomic items are still tracked */
    return h->prof->class_hidden_gc_base + (cls->u.cls->slots_given > 0 && fresh) + descriptors +
           (descriptors > 0 && fresh) +
           (cls->u.cls->finalizer != FIN_NONE);
}

obj_t *class_new(heap_t *h, const char *name, const char **slots, size_t nslots, bool has_slots,
                 int finalizer)
{
    gc_on_alloc(h);
    obj_t *c = heap_new_object(h, K_CLASS, (size_t)(has_slots ? h->prof->class_slots_size : h->prof->class_size));
    c->u.cls = xcalloc(1, sizeof(cls_data_t));
    c->u.cls->name = xstrdup(name);
    c->u.cls->finalizer = finalizer;
    c->u.cls->usable = h->prof->shared_keys_usable;
    if (!has_slots) {
        c->u.cls->has_dict = c->u.cls->has_weakref = true;
    } else {
        c->u.cls->slots = xcalloc(nslots ? nslots : 1, sizeof(char *));
        c->u.cls->slots_given = nslots;
        for (size_t i = 0; i < nslots; i++) {
            if (strcmp(slots[i], "__weakref__") == 0)
                c->u.cls->has_weakref = true;
            else if (strcmp(slots[i], "__dict__") == 0)
                c->u.cls->has_dict = true;
            else
                c->u.cls->slots[c->u.cls->nslots++] = xstrdup(slots[i]);
        }
        /* type_new() sorts __slots__, so members (and their release) are alphabetical */
        qsort(c->u.cls->slots, c->u.cls->nslots, sizeof(char *), cmp_str);
    }
    c->refcnt += class_internal_refs(c);
    heap_account_size(h, c);
    heap_emit(h, EV_CREATED, c, NULL);
    gc_track(h, c);
    return c;
}

obj_t *instance_new(heap_t *h, obj_t *cls)
{
    gc_on_alloc(h);
    obj_t *o = heap_new_instance_object(h, cls);
    o->u.inst.type = obj_newref(cls);
    if (cls->u.cls->nslots)
        o->u.inst.slots = xcalloc(cls->u.cls->nslots, sizeof(obj_t *));
    /* _PyObject_InitInlineValues: each instance takes one usable entry while more than one is left */
    if (cls->u.cls->has_dict && h->prof->inline_values && cls->u.cls->usable > 1)
        cls->u.cls->usable--;
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    gc_track(h, o);
    return o;
}

static int slot_index(const obj_t *cls, const char *name)
{
    for (size_t i = 0; i < cls->u.cls->nslots; i++)
        if (strcmp(cls->u.cls->slots[i], name) == 0)
            return (int)i;
    return -1;
}

static int key_index(const obj_t *cls, const char *name)
{
    for (size_t i = 0; i < cls->u.cls->nkeys; i++)
        if (strcmp(cls->u.cls->keys[i], name) == 0)
            return (int)i;
    return -1;
}

/* Makes room for n values, inline while they fit. */
static void inst_values_grow(obj_t *o, uint32_t n)
{
    if (n > o->u.inst.cap && n > INST_INLINE) {
        uint32_t cap = o->u.inst.cap > INST_INLINE ? o->u.inst.cap : INST_INLINE;
        while (cap < n)
            cap *= 2;
        obj_t **arr = xcalloc(cap, sizeof *arr);
        memcpy(arr, inst_values(o), o->u.inst.nvalues * sizeof *arr);
        if (o->u.inst.cap > INST_INLINE)
            free(o->u.inst.vals[0]);
        o->u.inst.vals[0] = (obj_t *)arr;
        o->u.inst.cap = cap;
    }
    o->u.inst.nvalues = n;
}

static void inst_values_free(obj_t *o)
{
    if (o->u.inst.cap > INST_INLINE)
        free(o->u.inst.vals[0]);
    for (int i = 0; i < INST_INLINE; i++)
        o->u.inst.vals[i] = NULL;
    o->u.inst.cap = 0;
    o->u.inst.nvalues = 0;
}

static obj_t *name_str(heap_t *h, const char *name) { return str_constant(h, name, strlen(name)); }

/* mirrors make_dict_from_instance_attributes(): the values move to a dict */
static obj_t *materialize_dict(heap_t *h, obj_t *o)
{
    obj_t *cls = o->u.inst.type;
    obj_t *d = dict_new(h, true);
    heap_push_temp(h, d);
    obj_t **vals = inst_values(o);
    for (size_t i = 0; i < o->u.inst.nvalues; i++) {
        obj_t *v = vals[i];
        if (!v)
            continue;
        obj_t *k = name_str(h, cls->u.cls->keys[i]);
        dict_set_item(h, d, k, v);
        obj_decref(h, k);
        obj_decref(h, v);
    }
    inst_values_free(o);
    h->ntemps--;
    o->u.inst.dict = d;
    return d;
}

static const char *type_tp_name(const obj_t *o)
{
    return o->kind == K_WEAKREF ? (o->u.wr.owner && o->u.wr.key ? "weakref.KeyedRef" : "weakref.ReferenceType")
                                : obj_type_name(o);
}

static bool no_attr(heap_t *h, const obj_t *o, const char *name)
{
    if (o->kind == K_CLASS)
        exc_set(h->exc, ST_PYEXC, "AttributeError", "type object '%s' has no attribute '%s'",
                o->u.cls->name, name);
    else
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute '%s'", type_tp_name(o),
                name);
    return false;
}

/* A plain name -> value store: class attributes, and those of weak containers
 * (Python instances whose own attributes the sandbox does not simulate). */
typedef struct { char ***names; obj_t ***values; size_t *n; } attr_store_t;

static attr_store_t store_of(obj_t *o)
{
    if (o->kind == K_CLASS)
        return (attr_store_t){&o->u.cls->cattr_names, &o->u.cls->cattr_values, &o->u.cls->ncattrs};
    if (!o->u.wc.attrs) {
        o->u.wc.attrs = xcalloc(1, sizeof(attrs_t));
    }
    return (attr_store_t){&o->u.wc.attrs->names, &o->u.wc.attrs->values, &o->u.wc.attrs->n};
}

static int store_index(attr_store_t st, const char *name)
{
    for (size_t i = 0; i < *st.n; i++)
        if (strcmp((*st.names)[i], name) == 0)
            return (int)i;
    return -1;
}

/* Setting a new attribute where there is no __dict__ (3.13 says so). */
static bool no_attr_set(heap_t *h, const obj_t *o, const char *name)
{
    exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->setattr_nodict_fmt, type_tp_name(o), name);
    return false;
}

static int cattr_index(const obj_t *c, const char *name) { return store_index(store_of((obj_t *)c), name); }

static bool store_set(heap_t *h, obj_t *o, const char *name, obj_t *value)
{
    attr_store_t st = store_of(o);
    int i = store_index(st, name);
    if (i >= 0) {
        obj_t *old = (*st.values)[i];
        (*st.values)[i] = obj_newref(value);
        obj_decref(h, old);
        return true;
    }
    size_t n = *st.n + 1;
    *st.names = xrealloc(*st.names, n * sizeof(char *));
    *st.values = xrealloc(*st.values, n * sizeof(obj_t *));
    (*st.names)[n - 1] = xstrdup(name);
    (*st.values)[n - 1] = obj_newref(value);
    *st.n = n;
    return true;
}

static obj_t *store_get(obj_t *o, const char *name)
{
    attr_store_t st = store_of(o);
    int i = store_index(st, name);
    return i >= 0 ? obj_newref((*st.values)[i]) : NULL;
}

static bool store_del(heap_t *h, obj_t *o, const char *name)
{
    attr_store_t st = store_of(o);
    int i = store_index(st, name);
    if (i < 0)
        return false;
    obj_t *old = (*st.values)[i];
    free((*st.names)[i]);
    for (size_t j = (size_t)i + 1; j < *st.n; j++) {
        (*st.names)[j - 1] = (*st.names)[j];
        (*st.values)[j - 1] = (*st.values)[j];
    }
    (*st.n)--;
    obj_decref(h, old);
    return true;
}

/* Releases every attribute of the store, first set first. */
void attr_store_clear(heap_t *h, obj_t *o)
{
    attr_store_t st = store_of(o);
    size_t n = *st.n;
    char **names = *st.names;
    obj_t **values = *st.values;
    *st.n = 0;
    *st.names = NULL;
    *st.values = NULL;
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
        obj_decref(h, values[i]);
    }
    free(names);
    free(values);
    if (o->kind == K_WEAKCONT) {
        free(o->u.wc.attrs);
        o->u.wc.attrs = NULL;
    }
}

/* mirrors _PyObject_StoreInstanceAttribute() and the slot member setter */
bool obj_setattr(heap_t *h, obj_t *o, const char *name, obj_t *value)
{
    if (o->kind == K_CLASS || o->kind == K_WEAKCONT)
        return store_set(h, o, name, value);
    if (o->kind != K_INSTANCE)
        return no_attr_set(h, o, name);
    obj_t *cls = o->u.inst.type;
    int si = slot_index(cls, name);
    if (si >= 0) {
        obj_t *old = o->u.inst.slots[si];
        o->u.inst.slots[si] = obj_newref(value);
        if (old)
            obj_decref(h, old);
        return true;
    }
    if (!cls->u.cls->has_dict)
        return no_attr_set(h, o, name);
    if (!h->prof->inline_values) {
        /* 3.10: the first attribute gives the instance its own dict; the class
         * remembers each name in its cached shared keys (its size grows) */
        if (key_index(cls, name) < 0) {
            cls->u.cls->keys = xrealloc(cls->u.cls->keys, (cls->u.cls->nkeys + 1) * sizeof(char *));
            cls->u.cls->keys[cls->u.cls->nkeys++] = xstrdup(name);
            heap_account_size(h, cls);
        }
        if (!o->u.inst.dict)
            o->u.inst.dict = dict_new(h, true);
    }
    if (!o->u.inst.dict) {
        int ki = key_index(cls, name);
        if (ki < 0 && cls->u.cls->usable > 0) {
            cls->u.cls->keys = xrealloc(cls->u.cls->keys, (cls->u.cls->nkeys + 1) * sizeof(char *));
            cls->u.cls->keys[cls->u.cls->nkeys] = xstrdup(name);
            ki = (int)cls->u.cls->nkeys++;
            cls->u.cls->usable--;
        }
        if (ki >= 0) {
            if ((size_t)ki >= o->u.inst.nvalues)
                inst_values_grow(o, (uint32_t)ki + 1);
            obj_t **vals = inst_values(o);
            obj_t *old = vals[ki];
            vals[ki] = obj_newref(value);
            if (old)
                obj_decref(h, old);
            return true;
        }
        materialize_dict(h, o);
    }
    obj_t *k = name_str(h, name);
    bool ok = dict_set_item(h, o->u.inst.dict, k, value);
    obj_decref(h, k);
    return ok;
}

obj_t *obj_getattr(heap_t *h, obj_t *o, const char *name)
{
    if (o->kind == K_CLASS || o->kind == K_WEAKCONT) {
        obj_t *v = store_get(o, name);
        if (!v)
            no_attr(h, o, name);
        return v;
    }
    if (o->kind != K_INSTANCE) {
        no_attr(h, o, name);
        return NULL;
    }
    obj_t *cls = o->u.inst.type;
    int si = slot_index(cls, name);
    if (si >= 0 && o->u.inst.slots[si])
        return obj_newref(o->u.inst.slots[si]);
    if (si < 0 && o->u.inst.dict) {
        obj_t *k = name_str(h, name);
        bool err;
        obj_t *v = dict_get_item(h, o->u.inst.dict, k, &err);
        obj_decref(h, k);
        if (v)
            return obj_newref(v);
    } else if (si < 0) {
        int ki = key_index(cls, name);
        if (ki >= 0 && (size_t)ki < o->u.inst.nvalues && inst_values(o)[ki])
            return obj_newref(inst_values(o)[ki]);
    }
    int ci = cattr_index(cls, name);
    if (ci >= 0)
        return obj_newref(cls->u.cls->cattr_values[ci]);
    no_attr(h, o, name);
    return NULL;
}

bool obj_delattr(heap_t *h, obj_t *o, const char *name)
{
    if (o->kind == K_CLASS || o->kind == K_WEAKCONT) {
        if (store_del(h, o, name))
            return true;
        if (o->kind == K_CLASS)
            return no_attr(h, o, name);
        exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->del_missing_attr_fmt, obj_type_name(o), name);
        return false;
    }
    if (o->kind != K_INSTANCE)
        return no_attr_set(h, o, name); /* PyObject_GenericSetAttr with no value */
    obj_t *cls = o->u.inst.type;
    int si = slot_index(cls, name);
    if (si < 0 && !cls->u.cls->has_dict)
        return no_attr_set(h, o, name);
    if (si >= 0) {
        obj_t *old = o->u.inst.slots[si];
        if (!old)
            return exc_set(h->exc, ST_PYEXC, "AttributeError", "%s", name), false;
        o->u.inst.slots[si] = NULL;
        obj_decref(h, old);
        return true;
    }
    if (o->u.inst.dict) {
        obj_t *k = name_str(h, name);
        bool ok = dict_del_item(h, o->u.inst.dict, k);
        obj_decref(h, k);
        if (!ok)
            exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->del_missing_attr_fmt, cls->u.cls->name, name);
        return ok;
    }
    int ki = key_index(cls, name);
    if (ki < 0 || (size_t)ki >= o->u.inst.nvalues || !inst_values(o)[ki]) {
        exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->del_missing_attr_fmt, cls->u.cls->name, name);
        return false;
    }
    obj_t *old = inst_values(o)[ki];
    inst_values(o)[ki] = NULL;
    obj_decref(h, old);
    return true;
}

void instance_each_attr(obj_t *o, void (*fn)(const char *name, obj_t *v, void *arg), void *arg)
{
    obj_t *cls = o->u.inst.type;
    for (size_t i = 0; i < cls->u.cls->nslots; i++)
        if (o->u.inst.slots[i])
            fn(cls->u.cls->slots[i], o->u.inst.slots[i], arg);
    obj_t **vals = inst_values(o);
    for (size_t i = 0; i < o->u.inst.nvalues; i++)
        if (vals[i])
            fn(cls->u.cls->keys[i], vals[i], arg);
}

bool instance_has_finalizer(const obj_t *o)
{
    return o->kind == K_INSTANCE && o->u.inst.type->u.cls->finalizer != FIN_NONE;
}

/* The class's __del__: log it; "resurrect" also does _resurrected.append(self).
 * If `_resurrected` is no longer a list, the append raises inside __del__,
 * which CPython reports as unraisable and ignores. */
void instance_finalize(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_FINALIZED, o, NULL);
    if (o->u.inst.type->u.cls->finalizer != FIN_RESURRECT)
        return;
    obj_t *res = heap_name_get(h, "_resurrected");
    if (res && res->kind == K_LIST) {
        list_append_new(h, res, obj_newref(o));
        heap_emit(h, EV_RESURRECTED, o, NULL);
    }
}

/* Releases slots (alphabetical), then inline values (shared-key order) or the dict. */
static void release_attrs(heap_t *h, obj_t *o)
{
    obj_t *cls = o->u.inst.type;
    for (size_t i = 0; i < cls->u.cls->nslots; i++) {
        obj_t *v = o->u.inst.slots[i];
        o->u.inst.slots[i] = NULL;
        if (v)
            obj_decref(h, v);
    }
    obj_t **vals = inst_values(o);
    for (size_t i = 0; i < o->u.inst.nvalues; i++) {
        obj_t *v = vals[i];
        vals[i] = NULL;
        if (v)
            obj_decref(h, v);
    }
    obj_t *d = o->u.inst.dict;
    o->u.inst.dict = NULL;
    if (d)
        obj_decref(h, d);
}

/* mirrors subtype_clear() */
void instance_clear(heap_t *h, obj_t *o) { release_attrs(h, o); }

/* mirrors subtype_dealloc(): finalizer (may resurrect), weakref callbacks,
 * attributes, memory, then the class reference */
void instance_dealloc(heap_t *h, obj_t *o)
{
    if (instance_has_finalizer(o) && !(o->flags & OF_FINALIZED)) {
        gc_track(h, o);
        o->refcnt = 1;
        o->flags |= OF_FINALIZED;
        instance_finalize(h, o);
        if (--o->refcnt > 0)
            return; /* resurrected: it stays, tracked in generation 0 */
        gc_untrack(h, o);
    }
    if (o->u.inst.type->u.cls->has_weakref)
        weakref_clear_all(h, o);
    heap_emit(h, EV_DESTROYED, o, NULL);
    release_attrs(h, o);
    obj_t *cls = o->u.inst.type;
    inst_values_free(o);
    free(o->u.inst.slots);
    heap_release_object(h, o, NULL, 0);
    obj_decref(h, cls);
}

/* mirrors type_clear(): drops the references of the class's own machinery */
void class_clear(heap_t *h, obj_t *c)
{
    int64_t n = class_internal_refs(c);
    attr_store_clear(h, c);
    if (c->u.cls->usable >= 0) {
        c->u.cls->usable = -1; /* marks the machinery as gone */
        for (int64_t i = 0; i < n; i++)
            obj_decref(h, c);
    }
}

void class_dealloc(heap_t *h, obj_t *c)
{
    weakref_clear_all(h, c);
    heap_emit(h, EV_DESTROYED, c, NULL);
    class_clear(h, c);
    for (size_t i = 0; i < c->u.cls->nslots; i++)
        free(c->u.cls->slots[i]);
    for (size_t i = 0; i < c->u.cls->nkeys; i++)
        free(c->u.cls->keys[i]);
    free(c->u.cls->slots);
    free(c->u.cls->keys);
    free(c->u.cls->cattr_names);
    free(c->u.cls->cattr_values);
    free(c->u.cls->name);
    free(c->u.cls);
    heap_release_object(h, c, NULL, 0);
}
