/*
 * instance.c — instances of classes (subtype_traverse, subtype_clear,
 * subtype_dealloc in Objects/typeobject.c; the 3.11 inline values of
 * Objects/dictobject.c).
 *
 * 3.11+ instances keep attributes as inline values indexed by the class's
 * shared-key table; when that table has no usable entry left for a new
 * name, the instance gets a real (materialized) dict. 3.10 instances get a
 * dict at their first attribute. Instances of library classes (the weak
 * containers) take their Python-level behaviour from the class's table.
 */
#include "strbuf.h"
#include "cls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "descr.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "method.h"
#include "pycall.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"

static inline obj_t **inst_values(obj_t *o)
{
    return o->u.inst.cap > INST_INLINE ? (obj_t **)o->u.inst.vals[0] : o->u.inst.vals;
}

/* The materialized __dict__, or NULL: it takes the inline values' place */
static inline obj_t *inst_dict(const obj_t *o)
{
    return (o->flags & OF_INST_DICT) ? o->u.inst.dict : NULL;
}

static void inst_dict_set(obj_t *o, obj_t *d)
{
    HEAPD_ASSERT(!o->u.inst.nvalues && !o->u.inst.cap && !inst_dict(o));
    o->u.inst.dict = d;
    o->flags |= OF_INST_DICT;
}

/* Py_CLEAR() of the __dict__ */
static void inst_dict_clear(heap_t *h, obj_t *o)
{
    obj_t *d = inst_dict(o);
    if (!d)
        return;
    o->flags &= (uint16_t)~OF_INST_DICT;
    o->u.inst.dict = NULL;
    obj_decref(h, d);
}

/* The bytes before an instance's PyObject header: the GC head, and the
 * 2-pointer pre-header of a managed __dict__ (3.11+) or managed __weakref__
 * (3.12+) (_PyType_PreHeaderSize in Include/internal/pycore_object.h). */
int64_t sizes_instance_preheader(const heap_t *h, const obj_t *cls)
{
    const profile_t *p = h->prof;
    bool managed =
        (cls->u.cls->has_dict && p->managed_dict) || (cls->u.cls->has_weakref && p->managed_weakref);
    return 16 + (managed ? 16 : 0);
}

/* tp_basicsize of a class made by the `class` operation (type_new_descriptors):
 * the object header, a pointer per slot, and __weakref__ / __dict__ pointers
 * unless the version manages them in the pre-header; getsizeof adds the
 * pre-header. */
int64_t sizes_instance(const heap_t *h, const obj_t *cls)
{
    const profile_t *p = h->prof;
    const cls_data_t *c = cls->u.cls;
    int64_t basic = 16 + 8 * (int64_t)c->nslots;
    if (c->has_weakref && !p->managed_weakref)
        basic += 8;
    if (c->has_dict && !p->managed_dict)
        basic += 8;
    return basic + sizes_instance_preheader(h, cls);
}

static const type_ops_t *lib_of(const obj_t *o)
{
    return o->u.inst.type->u.cls->lib;
}

/* Does the class keep its instances' attributes as inline values (3.11+;
 * 3.13: only without __slots__ members)? */
static bool inline_class(const heap_t *h, const obj_t *cls)
{
    const cls_data_t *c = cls->u.cls;
    return c->has_dict && h->prof->inline_values && !(c->nslots && h->prof->inline_values_no_slots);
}

/* 3.13 _PyInlineValuesSize(): the values an instance keeps at the end of
 * its block, sized by its class's shared keys as they are when it is
 * allocated (nentries + usable: shared_keys_usable_size()), which shrink
 * by one with each instance (_PyObject_InitInlineValues()) until one slot
 * is left: a class's first instances each take a smaller block than the
 * last, and do not get the block a dead one left (getsizeof leaves the
 * values out) */
static size_t inline_values_block(const heap_t *h, const obj_t *cls)
{
    if (!h->prof->inline_values_in_block || !inline_class(h, cls))
        return 0;
    size_t n = dict_keys_nentries(cls->u.cls->cached_keys) + dict_keys_usable(cls->u.cls->cached_keys);
    return ((n + 7) & ~(size_t)7) + (n + 1) * 8; /* the capacity/order prefix, then the values */
}

obj_t *instance_new(heap_t *h, obj_t *cls)
{
    obj_t *o =
        heap_new_object_preheader(h, K_INSTANCE, (size_t)sizes_instance(h, cls) + inline_values_block(h, cls),
                                  (size_t)sizes_instance_preheader(h, cls));
    o->u.inst.type = obj_newref(cls);
    if (cls->u.cls->nslots)
        o->u.inst.slots = xcalloc(cls->u.cls->nslots, sizeof(obj_t *));
    if (inline_class(h, cls))
        dict_keys_instance_made(h, cls->u.cls->cached_keys);
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    gc_track(h, o);
    return o;
}

static int slot_index(const obj_t *cls, const char *name)
{
    return class_slot_index(cls, name);
}

/* _PyType_Lookup() finding a member descriptor the class holds under
 * another name (`T.p = W.y`): a data descriptor, ahead of the instance's
 * own attributes. The slot of o it reaches (>= 0), -1 when the name is no
 * such descriptor, -2 with the TypeError of another class's descriptor. */
static int aliased_slot(heap_t *h, const obj_t *o, const char *name)
{
    const obj_t *d = class_lookup(o->u.inst.type, name);
    if (!d || d->kind != K_MEMBER_DESCR)
        return -1;
    int si = member_descr_slot_of(h, d, o);
    return si < 0 ? -2 : si;
}

static obj_t *name_str(heap_t *h, const char *name)
{
    return str_constant(h, name, strlen(name));
}

/* insert_into_dictkeys(): the name's index in the class's shared keys,
 * added while usable entries remain; -1 when there is no room */
static int shared_key(heap_t *h, obj_t *cls, const char *name)
{
    obj_t *k = name_str(h, name);
    int ki = dict_keys_insert(h, cls->u.cls->cached_keys, k);
    obj_decref(h, k);
    return ki;
}

/*
 * Inline values by shared-key index: the first inline in the object, more
 * in an array of cap pointers followed by the insertion order, cap bytes
 * of indices (_PyDictValues), which a dict made from them keeps.
 */
static inline uint8_t *inst_order(obj_t *o)
{
    return (uint8_t *)((obj_t **)o->u.inst.vals[0] + o->u.inst.cap);
}

static size_t inst_count(obj_t *o)
{
    size_t n = 0;
    obj_t **vals = inst_values(o);
    for (size_t i = 0; i < o->u.inst.nvalues; i++)
        n += vals[i] != NULL;
    return n;
}

/* The indices of the values present, in insertion order. */
static size_t inst_order_get(obj_t *o, uint32_t *out)
{
    size_t n = inst_count(o);
    for (size_t i = 0; i < n; i++)
        out[i] = o->u.inst.cap > INST_INLINE ? inst_order(o)[i] : 0; /* inline: index 0 alone */
    return n;
}

/* Makes room for n values, inline while they fit. */
static void inst_values_grow(obj_t *o, uint32_t n)
{
    if (n > o->u.inst.cap && n > INST_INLINE) {
        uint32_t cap = o->u.inst.cap > INST_INLINE ? o->u.inst.cap : INST_INLINE;
        while (cap < n)
            cap *= 2;
        uint32_t order[64];
        size_t norder = inst_order_get(o, order);
        obj_t **arr = xcalloc(1, cap * (sizeof(obj_t *) + 1));
        memcpy(arr, inst_values(o), o->u.inst.nvalues * sizeof *arr);
        if (o->u.inst.cap > INST_INLINE)
            free(o->u.inst.vals[0]);
        o->u.inst.vals[0] = (obj_t *)arr;
        o->u.inst.cap = cap;
        for (size_t i = 0; i < norder; i++)
            inst_order(o)[i] = (uint8_t)order[i];
    }
    if (n > o->u.inst.nvalues)
        o->u.inst.nvalues = n;
}

/* _PyDictValues_AddToInsertionOrder / delete_index_from_values */
static void inst_order_add(obj_t *o, int ki, size_t count_before)
{
    if (o->u.inst.cap > INST_INLINE)
        inst_order(o)[count_before] = (uint8_t)ki;
}

static void inst_order_del(obj_t *o, int ki, size_t count_before)
{
    if (o->u.inst.cap <= INST_INLINE)
        return;
    uint8_t *order = inst_order(o);
    size_t at = 0;
    while (order[at] != ki)
        at++;
    memmove(order + at, order + at + 1, count_before - at - 1);
}

static void inst_values_free(obj_t *o)
{
    if (o->flags & OF_INST_DICT)
        return; /* no values: the dict has their place */
    if (o->u.inst.cap > INST_INLINE)
        free(o->u.inst.vals[0]);
    for (int i = 0; i < INST_INLINE; i++)
        o->u.inst.vals[i] = NULL;
    o->u.inst.cap = 0;
    o->u.inst.nvalues = 0;
}

/* mirrors make_dict_from_instance_attributes(): a dict sharing the class's
 * keys takes the values and their order */
static obj_t *materialize_dict(heap_t *h, obj_t *o)
{
    uint32_t order[64];
    size_t n = inst_order_get(o, order);
    obj_t *d = dict_from_values(h, o->u.inst.type->u.cls->cached_keys, inst_values(o), order, n);
    inst_values_free(o);
    inst_dict_set(o, d);
    return d;
}

/* Setting a new attribute where there is no __dict__ (3.13 says so). */
static int no_attr_set(heap_t *h, const obj_t *o, const char *name)
{
    exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->setattr_nodict_fmt, obj_tp_name(o), name);
    return -1;
}

static int missing_attr(heap_t *h, const obj_t *o, const char *name)
{
    exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->del_missing_attr_fmt, obj_tp_name(o), name);
    return -1;
}

/* PyDict_SetItem / DelItem on the instance's __dict__; a missing name to
 * delete is an AttributeError (_PyObject_GenericSetAttrWithDict) */
static int dict_store(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    obj_t *k = name_str(h, name);
    int r = v ? dict_set_item(h, inst_dict(o), k, v) : dict_del_item(h, inst_dict(o), k);
    obj_decref(h, k);
    if (r < 0 && !v && strcmp(h->exc->type, "KeyError") == 0)
        return missing_attr(h, o, name);
    return r;
}

/*
 * 3.10: _PyObjectDict_SetItem(). While the class caches a key table, a new
 * __dict__ shares it (even for a deletion, which then fails); a deletion
 * drops the class's table; a setting that made the dict give its shared
 * table up (a name out of the shared order, or a full table) hands the
 * class this dict's new table when no other dict shares the old one, or
 * else drops it.
 */
static int setattr_310(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    obj_t *cls = o->u.inst.type;
    dict_keys_t *cached = cls->u.cls->cached_keys;
    if (!cached) {
        if (!inst_dict(o))
            inst_dict_set(o, dict_new(h, true));
        return dict_store(h, o, name, v);
    }
    if (!inst_dict(o))
        inst_dict_set(o, dict_new_shared(h, cached));
    if (!v) {
        int r = dict_store(h, o, name, v);
        class_set_cached_keys(h, cls, NULL);
        return r;
    }
    bool was_shared = dict_shares(inst_dict(o), cached);
    int r = dict_store(h, o, name, v);
    if (was_shared && (cached = cls->u.cls->cached_keys) && !dict_shares(inst_dict(o), cached))
        class_set_cached_keys(h, cls,
                              dict_keys_refcnt(cached) == 1 ? dict_make_keys_shared(h, inst_dict(o)) : NULL);
    return r;
}

/* mirrors _PyObject_StoreInstanceAttribute(): the name enters the shared
 * keys first — even for a deletion that then fails; a name that does not
 * fit moves the values to a dict (3.13: only once the store succeeded, so
 * deleting such a name fails with the values still inline) */
static int setattr_inline(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    obj_t *cls = o->u.inst.type;
    int ki = shared_key(h, cls, name);
    if (ki < 0) {
        if (!v && h->prof->dict_kept_on_success) {
            exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute '%s'", obj_tp_name(o),
                    name);
            return -1;
        }
        materialize_dict(h, o);
        return dict_store(h, o, name, v);
    }
    if ((size_t)ki >= o->u.inst.nvalues)
        inst_values_grow(o, (uint32_t)ki + 1);
    obj_t **vals = inst_values(o);
    obj_t *old = vals[ki];
    if (!old && !v) {
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute '%s'", obj_tp_name(o),
                name);
        return -1;
    }
    size_t count = inst_count(o);
    vals[ki] = v ? obj_newref(v) : NULL;
    if (!old)
        inst_order_add(o, ki, count);
    else if (!v)
        inst_order_del(o, ki, count);
    if (old)
        obj_decref(h, old);
    return 0;
}

/* 3.13 ensure_nonmanaged_dict(): no inline values; the first setting (or
 * deletion) makes the __dict__, sharing the class's keys */
static int setattr_dict(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    dict_keys_t *keys = o->u.inst.type->u.cls->cached_keys;
    if (!inst_dict(o))
        inst_dict_set(o, keys ? dict_new_shared(h, keys) : dict_new(h, true));
    return dict_store(h, o, name, v);
}

/* PyObject_GenericSetAttr(): the class's slot descriptors first, then the
 * instance's __dict__ (or inline values) */
static int instance_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    obj_t *cls = o->u.inst.type;
    int si = slot_index(cls, name);
    if (si < 0 && (si = aliased_slot(h, o, name)) == -2)
        return -1;
    if (si >= 0) {
        obj_t *old = o->u.inst.slots[si];
        if (!v && !old) { /* member_set(): the slot's own name */
            exc_set(h->exc, ST_PYEXC, "AttributeError", "%s", cls->u.cls->slots[si]);
            return -1;
        }
        o->u.inst.slots[si] = v ? obj_newref(v) : NULL;
        if (old)
            obj_decref(h, old);
        return 0;
    }
    if (!cls->u.cls->has_dict) {
        if (class_lookup(cls, name)) { /* a class attribute, not a descriptor it could set */
            exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object attribute '%s' is read-only",
                    obj_tp_name(o), name);
            return -1;
        }
        return no_attr_set(h, o, name);
    }
    if (!h->prof->inline_values) /* every setting goes through the class's cached keys */
        return setattr_310(h, o, name, v);
    if (inst_dict(o))
        return dict_store(h, o, name, v);
    if (!inline_class(h, cls))
        return setattr_dict(h, o, name, v);
    return setattr_inline(h, o, name, v);
}

obj_t *instance_attr(heap_t *h, obj_t *o, const char *name)
{
    obj_t *cls = o->u.inst.type;
    int si = slot_index(cls, name);
    if (si >= 0)
        return o->u.inst.slots[si];
    if (inst_dict(o))
        return dict_get_utf8(h, inst_dict(o), name);
    if (!o->u.inst.nvalues)
        return NULL;
    int ki = dict_keys_index(h, cls->u.cls->cached_keys, name);
    if (ki >= 0 && (size_t)ki < o->u.inst.nvalues)
        return inst_values(o)[ki];
    return NULL;
}

/* PyObject_GenericGetAttr(): slots, the instance's attributes, then the class's */
static obj_t *instance_getattr(heap_t *h, obj_t *o, const char *name)
{
    int si = aliased_slot(h, o, name);
    if (si == -2)
        return NULL;
    if (si >= 0) { /* member_get(): an empty slot is its own name's AttributeError */
        if (o->u.inst.slots[si])
            return obj_newref(o->u.inst.slots[si]);
        err_no_attribute(h, o, o->u.inst.type->u.cls->slots[si]);
        return NULL;
    }
    obj_t *v = instance_attr(h, o, name);
    if (!v)
        v = class_lookup(o->u.inst.type, name);
    if (v)
        return obj_newref(v);
    const cls_data_t *c = o->u.inst.type->u.cls;
    if (c->lib && (v = method_lookup_library(h, o, c->lib_kind, name))) /* a library class's method, bound */
        return v;
    err_no_attribute(h, o, name);
    return NULL;
}

void instance_each_attr(obj_t *o, void (*fn)(const char *name, obj_t *v, void *arg), void *arg)
{
    obj_t *cls = o->u.inst.type;
    for (size_t i = 0; i < cls->u.cls->nslots; i++)
        if (o->u.inst.slots[i])
            fn(cls->u.cls->slots[i], o->u.inst.slots[i], arg);
    obj_t **vals = inst_values(o);
    for (size_t i = 0; i < o->u.inst.nvalues; i++)
        if (vals[i]) {
            char *name = str_to_utf8(dict_keys_name(cls->u.cls->cached_keys, i));
            fn(name, vals[i], arg);
            free(name);
        }
    obj_t *k, *v;
    for (size_t pos = 0; inst_dict(o) && dict_next(inst_dict(o), &pos, &k, &v);)
        if (k->kind == K_STR) {
            char *name = str_to_utf8(k);
            fn(name, v, arg);
            free(name);
        }
}

bool instance_has_finalizer(const obj_t *o)
{
    return o->kind == K_INSTANCE && o->u.inst.type->u.cls->finalizer != FIN_NONE;
}

/* The class's __del__: log it; "resurrect" also does _resurrected.append(self):
 * LOAD_GLOBAL, then LOAD_METHOD / CALL on whatever the name holds (a list, or
 * anything with an `append`: an instance or class whose attribute is another
 * list's bound append). An exception there (the name deleted: NameError; no
 * `append`: AttributeError) is raised inside __del__, which slot_tp_finalize()
 * reports as unraisable and ignores, the exception pending before restored. */
void instance_finalize(heap_t *h, obj_t *o)
{
    cls_data_t *cls = o->u.inst.type->u.cls;
    class_frame(h, o->u.inst.type, CLS_FRAME_DEL);
    heap_emit(h, EV_FINALIZED, o, NULL);
    const char *text = cls->del_print;
    if (text) /* its body's print(...) calls */
        h->hooks->emit_prints(h, text);
    if (o->u.inst.type->u.cls->finalizer != FIN_RESURRECT)
        return;
    bool was = heap_overdraw_begin(h); /* LOAD_GLOBAL: no budget makes it miss a bound name */
    obj_t *res = dict_get_utf8(h, h->globals, "_resurrected");
    if (res && res->kind == K_LIST) {
        heap_overdraw_end(h, was);
        list_append_new(h, res, obj_newref(o));
        heap_emit(h, EV_RESURRECTED, o, NULL);
        return;
    }
    if (res) { /* one bounded call, run whole like the lookup before it */
        exc_t saved = *h->exc;
        py_exc_clear(h);
        obj_newref(res); /* the frame's stack holds it through the call */
        obj_t *r = py_call_method(h, res, "append", &o, 1);
        if (r) {
            obj_decref(h, r);
            heap_emit(h, EV_RESURRECTED, o, NULL);
        }
        obj_decref(h, res);
        *h->exc = saved;
    }
    heap_overdraw_end(h, was);
}

/* The slots ------------------------------------------------------------------ */

/* subtype_traverse(): slots, inline values, the dict, then the class */
static int instance_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    obj_t *cls = o->u.inst.type;
#define VISIT(x)                                                                                             \
    do {                                                                                                     \
        if ((x) && (r = visit((x), arg)) != 0)                                                               \
            return r;                                                                                        \
    } while (0)
    for (size_t i = 0; i < cls->u.cls->nslots; i++)
        VISIT(o->u.inst.slots[i]);
    obj_t **vals = inst_values(o);
    for (size_t i = 0; i < o->u.inst.nvalues; i++)
        VISIT(vals[i]);
    VISIT(inst_dict(o));
    VISIT(cls);
#undef VISIT
    return 0;
}

/* Releases slots (alphabetical), then inline values (shared-key order) or the dict. */
static void release_attrs(heap_t *h, obj_t *o)
{
    obj_t *cls = o->u.inst.type;
    for (size_t i = 0; i < cls->u.cls->nslots; i++)
        obj_clear(h, &o->u.inst.slots[i]);
    for (size_t i = 0; i < o->u.inst.nvalues; i++)
        obj_clear(h, &inst_values(o)[i]);
    inst_dict_clear(h, o);
}

/* subtype_clear() */
static void instance_clear(heap_t *h, obj_t *o)
{
    release_attrs(h, o);
}

static void instance_free(obj_t *o)
{
    inst_values_free(o);
    free(o->u.inst.slots);
}

/* subtype_dealloc(): finalizer (may resurrect), weakref callbacks,
 * attributes, memory, then the class reference */
static void instance_dealloc(heap_t *h, obj_t *o)
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
    instance_free(o);
    heap_release_object(h, o, NULL);
    obj_decref(h, cls);
}

static int64_t instance_size(const heap_t *h, const obj_t *o)
{
    return sizes_instance(h, o->u.inst.type);
}

static obj_t **instance_weaklist(obj_t *o)
{
    return o->u.inst.type->u.cls->has_weakref ? &o->u.inst.wr_head : NULL;
}

static const char *instance_name(const obj_t *o)
{
    return o->u.inst.type->u.cls->name;
}

static const char *instance_module(const obj_t *o)
{
    return o->u.inst.type->u.cls->module;
}

static int64_t instance_preheader(const heap_t *h, const obj_t *o)
{
    return sizes_instance_preheader(h, o->u.inst.type);
}

/* The class's name as events keep it: it must outlive the class, so the
 * heap keeps one copy per name, which the class caches. */
static const char *instance_event_name(heap_t *h, const obj_t *o)
{
    cls_data_t *c = o->u.inst.type->u.cls;
    if (!c->event_name)
        c->event_name = heap_keep_type_name(h, c->name);
    return c->event_name;
}

/*
 * A library class's Python-level method when it has one, else object's.
 * Such a method is Python code: each call is a frame counted against the
 * recursion limit (_Py_EnterRecursivePy), so a container made to reach
 * itself (ws._pending_removals = ws) raises RecursionError.
 */
#define PY_RECURSION_LIMIT 1000

static bool py_enter(heap_t *h)
{
    if (h->py_depth >= PY_RECURSION_LIMIT) {
        exc_set(h->exc, ST_PYEXC, "RecursionError", "maximum recursion depth exceeded");
        return false;
    }
    if (!heap_work(h, 1))
        return false;
    h->py_depth++;
    gc_run_scheduled(h); /* the method's RESUME */
    return true;
}

#define PY_CALL(h, fail, call)                                                                               \
    do {                                                                                                     \
        if (!py_enter(h))                                                                                    \
            return fail;                                                                                     \
        __typeof__(call) py_result_ = (call);                                                                \
        (h)->py_depth--;                                                                                     \
        return py_result_;                                                                                   \
    } while (0)

static int instance_hash(heap_t *h, obj_t *o, int64_t *out)
{
    const type_ops_t *lib = lib_of(o);
    if (lib && (lib->flags & TF_UNHASHABLE))
        return err_unhashable(h, o);
    return identity_hash(h, o, out);
}

static int instance_eq(heap_t *h, obj_t *a, obj_t *b)
{
    const type_ops_t *lib = lib_of(a);
    if (!lib || !lib->eq)
        return NOT_IMPLEMENTED;
    PY_CALL(h, -1, lib->eq(h, a, b));
}

static void instance_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    const type_ops_t *lib = lib_of(o);
    if (lib && lib->repr) { /* bounded by the repr's own depth */
        lib->repr(h, o, r);
        return;
    }
    const cls_data_t *c = o->u.inst.type->u.cls;
    sb_printf(&r->sb, "<%s.%s object at 0x%llx>", c->module, c->name, (unsigned long long)o->addr);
}

static int instance_len(heap_t *h, obj_t *o, int64_t *out)
{
    const type_ops_t *lib = lib_of(o);
    if (lib && lib->len) { /* slot_sq_length(): a negative __len__ is refused */
        if (!py_enter(h))
            return -1;
        int r = lib->len(h, o, out);
        h->py_depth--;
        if (r == 0 && *out < 0) {
            exc_set(h->exc, ST_PYEXC, "ValueError", "__len__() should return >= 0");
            return -1;
        }
        return r;
    }
    exc_set(h->exc, ST_PYEXC, "TypeError", "object of type '%s' has no len()", obj_tp_name(o));
    return -1;
}

/* a plain instance is true; a library container by its __len__ */
static int instance_truthy(heap_t *h, obj_t *o)
{
    const type_ops_t *lib = lib_of(o);
    int64_t n;
    if (!lib || !lib->len)
        return 1;
    if (instance_len(h, o, &n) < 0)
        return -1;
    return n != 0;
}

static int instance_contains(heap_t *h, obj_t *o, obj_t *key)
{
    const type_ops_t *lib = lib_of(o);
    if (lib && lib->contains)
        PY_CALL(h, -1, lib->contains(h, o, key));
    exc_set(h->exc, ST_PYEXC, "TypeError", "argument of type '%s' is not iterable", obj_tp_name(o));
    return -1;
}

static obj_t *instance_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    const type_ops_t *lib = lib_of(o);
    if (lib && lib->getitem)
        PY_CALL(h, NULL, lib->getitem(h, o, key));
    exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not subscriptable", obj_tp_name(o));
    return NULL;
}

static int instance_setitem(heap_t *h, obj_t *o, obj_t *key, obj_t *v)
{
    const type_ops_t *lib = lib_of(o);
    if (lib && lib->setitem)
        PY_CALL(h, -1, lib->setitem(h, o, key, v));
    return err_no_item_assignment(h, o, key, v == NULL);
}

/* _PyObject_GetMethod(): the instance's own attribute, then its class's (a
 * function there binds), then a library class's method run in C */
static int instance_load_method(heap_t *h, obj_t *o, const char *name, py_method_t *m)
{
    obj_t *v = instance_attr(h, o, name);
    if (v) {
        m->fn = obj_newref(v);
        return 0;
    }
    if ((v = class_lookup(o->u.inst.type, name))) {
        m->fn = obj_newref(v);
        if (v->kind == K_FUNCTION && !v->u.fn.def->builtin)
            m->self = obj_newref(o);
        return 0;
    }
    const cls_data_t *c = o->u.inst.type->u.cls;
    if (!py_type_method(h, o, name) && !(c->lib && method_library_defines(c->lib_kind, name)))
        return err_no_attribute(h, o, name);
    m->self = obj_newref(o); /* a library method heapd does not run: refused when called */
    return 0;
}

static bool instance_has_method(const obj_t *o, const char *name)
{
    const type_ops_t *lib = lib_of(o);
    return lib && lib->has_method && lib->has_method(o, name);
}

static obj_t *instance_call_method(heap_t *h, obj_t *o, const char *name, obj_t **args, size_t n)
{
    const type_ops_t *lib = lib_of(o);
    if (!lib || !lib->call_method)
        return py_unsupported(h, name, o);
    return lib->call_method(h, o, name, args, n);
}

/* a library class's iterators (weakcont.c's generators) */
static int instance_iter(heap_t *h, obj_t *o, py_iter_t *it)
{
    const type_ops_t *lib = lib_of(o);
    return lib && lib->iter ? lib->iter(h, o, it) : 1;
}

static int instance_iter_items(heap_t *h, obj_t *o, py_iter_t *it)
{
    const type_ops_t *lib = lib_of(o);
    if (!lib || !lib->iter_items)
        return (py_unsupported(h, "items()", o), -1);
    return lib->iter_items(h, o, it);
}

static void attr_edge(const char *name, obj_t *v, void *arg)
{
    void **ctx = arg; /* fn, its arg */
    char label[300];
    snprintf(label, sizeof label, ".%s", name);
    ((edge_fn)ctx[0])(EDGE_ATTR, label, v->addr, ctx[1]);
}

static void instance_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    void *ctx[2] = {(void *)fn, arg};
    instance_each_attr(o, attr_edge, ctx);
    fn(EDGE_CLASS, "class", o->u.inst.type->addr, arg);
}

/* A library class on the left of `-` (WeakSet: __sub__, __isub__) may
 * define an operator heapd does not run; a class from source defines none */
static obj_t *instance_binop(heap_t *h, obj_t *a, obj_t *b, int op)
{
    if (op == '-' && a->kind == K_INSTANCE && lib_of(a))
        return py_binop_unsupported(h, a, b, op);
    return PY_NOTIMPL;
}

const type_ops_t instance_type = {
    .nb_inplace = instance_binop,
    .nb_binop = instance_binop,
    .name_of = instance_name,
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE,
    .dealloc = instance_dealloc,
    .free_payload = instance_free,
    .traverse = instance_traverse,
    .clear = instance_clear,
    .size = instance_size,
    .weaklist = instance_weaklist,
    .hash = instance_hash,
    .eq = instance_eq,
    .repr = instance_repr,
    .len = instance_len,
    .truthy = instance_truthy,
    .contains = instance_contains,
    .getitem = instance_getitem,
    .setitem = instance_setitem,
    .getattr = instance_getattr,
    .setattr = instance_setattr,
    .load_method = instance_load_method,
    .has_method = instance_has_method,
    .call_method = instance_call_method,
    .iter = instance_iter,
    .iter_items = instance_iter_items,
    .preheader = instance_preheader,
    .event_name = instance_event_name,
    .module_of = instance_module,
    .edges = instance_edges,
    .has_finalizer = instance_has_finalizer,
    .finalize = instance_finalize,
};
