/*
 * class.c — class objects (mirrors type_new, type_traverse, type_clear and
 * type_dealloc in Objects/typeobject.c).
 *
 * A class's own machinery (its __dict__, __mro__ tuple, the __dict__ and
 * __weakref__ getset descriptors) is not simulated object by object: the
 * class holds class_internal_refs() references to itself, so that like
 * CPython's it can only die through the cycle collector, and a collection
 * that frees it counts class_gc_hidden() more objects, as CPython's does.
 * What a client can reach is real: the weakref that object.__subclasses__
 * keeps to every class (add_subclass), the member descriptor of each slot
 * (descr.c; `C.x`), and the attributes set on the class.
 *
 * Library classes (weakref.WeakValueDictionary ...) are classes of the
 * interpreter: shared, never dying, and their Python-level methods are a
 * slot table (cls_data_t.lib) their instances dispatch to.
 */
#include "cls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "descr.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "method.h"
#include "pycall.h"
#include "repr.h"
#include "str.h"
#include "weakcont.h"
#include "weakref.h"

/* PyLong_FromVoidPtr() of a heap address: an int of two 30-bit digits */
#define ADDRESS_INT_BYTES 32

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Member descriptors still in the class's __dict__. */
static int64_t slot_descriptors(const cls_data_t *c)
{
    int64_t n = 0;
    for (size_t i = 0; i < c->nslots && c->descrs; i++)
        n += c->descrs[i] != NULL;
    return n;
}

/* Its __mro__, and the __dict__ / __weakref__ getsets (each holds d_type);
 * the member descriptors are objects, holding their own references. */
int64_t class_internal_refs(const obj_t *cls)
{
    return 1 + cls->u.cls->has_dict + cls->u.cls->has_weakref;
}

int class_slot_index(const obj_t *cls, const char *name)
{
    const cls_data_t *c = cls->u.cls;
    for (size_t i = 0; i < c->nslots && c->descrs; i++)
        if (c->descrs[i] && strcmp(c->slots[i], name) == 0)
            return (int)i;
    return -1;
}

/* What a collection that frees a class counts besides the class itself
 * (measured on 3.10 to 3.13 with DEBUG_SAVEALL): its __mro__; its
 * __bases__ until a collection it survives untracks it (untrack_tuples:
 * it holds only atomic items); the __slots__ of its __dict__: a tuple
 * (when not empty) likewise, unless a module-mode unit still running holds
 * it as the class body's constant, the __init__ code holds it as its
 * co_names (merged: op_class()) or a collection of that unit untracked
 * it before the class was made, a list always, a str never; the
 * __dict__ / __weakref__ getsets (the member descriptors, objects, count
 * themselves); the __del__ and __init__ functions; on 3.13 the
 * __static_attributes__ tuple when it is one of its own (op_class()), as a
 * __slots__ tuple; and its __dict__ whenever that holds any of those or a
 * class attribute the collector tracks. */
static int64_t class_gc_hidden(const heap_t *h, const obj_t *cls)
{
    const cls_data_t *c = cls->u.cls;
    int64_t descriptors = c->has_dict + c->has_weakref; /* the members are objects of their own */
    bool fresh = !c->survived_gc;
    bool fin = c->finalizer != FIN_NONE;
    bool init = c->init != NULL; /* its __init__ function */
    /* in the permanent generation (gc_freeze_impl()) until gc.unfreeze() */
    bool frozen = c->consts_frozen && c->consts_frozen == h->gc.unfreezes + 1;
    bool held = c->slots_held || (c->slots_unit && h->in_unit && c->slots_unit == h->unit_serial);
    bool slots_list = c->slots_form == SLOTS_LIST; /* lists stay tracked */
    int64_t slots = slots_list || (c->slots_form == SLOTS_TUPLE && c->slots_given > 0 && fresh && !held &&
                                   !c->slots_untracked && !frozen);
    /* 3.13's __static_attributes__ tuple, when not the __init__ code's co_names: as the slots' */
    bool attrs_held = c->attrs_unit && h->in_unit && c->attrs_unit == h->unit_serial;
    int64_t attrs = c->attrs_tuple && fresh && !attrs_held && !c->attrs_untracked && !frozen;
    bool dict_tracked = descriptors > 0 || slot_descriptors(c) > 0 || fin || init || slots_list || attrs;
    for (size_t i = 0; i < c->ncattrs && !dict_tracked; i++)
        dict_tracked = obj_may_be_tracked(c->cattr_values[i]);
    return 1 + fresh + slots + descriptors + fin + init + attrs + dict_tracked + c->abc_refs;
}

static cls_data_t *new_data(const char *name, const char *module)
{
    cls_data_t *c = xcalloc(1, sizeof *c);
    c->name = xstrdup(name);
    c->module = module;
    return c;
}

bool class_mangles(const char *cls, const char *name)
{
    size_t n = strlen(name);
    bool private_name = n >= 2 && name[0] == '_' && name[1] == '_';
    bool dunder = n >= 4 && name[n - 1] == '_' && name[n - 2] == '_';
    while (*cls == '_')
        cls++;
    return private_name && !dunder && !strchr(name, '.') && *cls;
}

/* _Py_Mangle(): a private name (__x, not __x__) in a class body becomes
 * _Class__x, the class's name stripped of its leading underscores */
static char *mangle(const char *cls, const char *name)
{
    if (!class_mangles(cls, name))
        return xstrdup(name);
    while (*cls == '_')
        cls++;
    char *m = xmalloc(strlen(cls) + strlen(name) + 2);
    sprintf(m, "_%s%s", cls, name);
    return m;
}

/* type_new()'s own objects, the interpreter's (Objects/typeobject.c, 3.10
 * to 3.13): made as it makes them, from the free lists and counted as GC
 * allocations, hidden from the session. Those a class keeps are untracked
 * here (the collector counts them with the class: class_gc_hidden()); the
 * getset descriptors and functions its __dict__ holds are counts only. */
static obj_t *kept(heap_t *h, obj_t *o)
{
    gc_untrack(h, o);
    return o;
}

/* type_new_get_bases() (`(object,)`, PyTuple_Pack()), then type_new_init():
 * PyDict_Copy() of the namespace, the class's __dict__; __slots__ made a
 * tuple (a str: PyTuple_Pack(); a list: PySequence_Tuple(); a tuple: the
 * same object) and type_new_copy_slots()'s sorted list of the names but
 * __dict__ and __weakref__, PyList_AsTuple()'d into ht_slots (none: the
 * empty tuple), the list and the first tuple then dropped. */
static void type_new_init(heap_t *h, cls_data_t *c, const heap_classdef_t *def)
{
    c->tp_bases = kept(h, tuple_interp(h, 1));
    c->tp_dict = kept(h, dict_interp(h, true));
    if (!def->has_slots)
        return;
    size_t n = 0;
    for (size_t i = 0; i < def->nslots; i++)
        n += strcmp(def->slots[i], "__dict__") && strcmp(def->slots[i], "__weakref__");
    obj_t *seq = def->slots_form == SLOTS_STR    ? tuple_interp(h, 1)
                 : def->slots_form == SLOTS_LIST ? tuple_interp(h, def->nslots)
                                                 : NULL;
    obj_t *names = list_interp(h, n);
    if (n)
        c->ht_slots = kept(h, tuple_interp(h, n));
    heap_interp_drop(h, names);
    if (seq)
        heap_interp_drop(h, seq);
}

/* type_new_set_names(): PyDict_Copy() of the __dict__, walked and dropped;
 * type_new_init_subclass(): super(type, type) made, its
 * __init_subclass__ bound and the super dropped, the method called and
 * dropped. */
static void type_new_finish(heap_t *h)
{
    heap_interp_drop(h, dict_interp(h, true));
    obj_t *args = h->prof->super_args_tuple ? tuple_interp(h, 2) : NULL;
    gc_on_alloc(h); /* the super object */
    if (args)
        heap_interp_drop(h, args);
    obj_t *m = method_interp(h, "__init_subclass__", "object");
    gc_on_free(h);
    heap_interp_drop(h, m);
}

void class_build_begin(heap_t *h, class_build_t *b, const heap_classdef_t *def)
{
    gc_on_alloc(h); /* MAKE_FUNCTION: the class body's function */
    /* builtin___build_class__(): the bound __prepare__ called, then dropped */
    obj_t *prepare = method_interp(h, "__prepare__", "type");
    b->ns = dict_interp(h, true); /* type.__prepare__(): the namespace */
    heap_interp_drop(h, prepare);
    /* 3.10: the body's frame, kept for its next run by its code (the
     * unit's constant; a statement's code dies with it) */
    b->frame = h->prof->frame_object;
    if (b->frame)
        gc_on_alloc(h);
    gc_run_scheduled(h); /* the body's RESUME */
    /* what the body stores: `__slots__ = [...]`, a list (BUILD_LIST), and
     * its defs' functions, which the class's __dict__ keeps */
    b->slots_list =
        def->has_slots && def->slots_form == SLOTS_LIST ? kept(h, list_interp(h, def->nslots)) : NULL;
    for (int i = def->has_init + (def->finalizer != FIN_NONE); i > 0; i--)
        gc_on_alloc(h);
    /* type(name, bases, ns): _PyObject_MakeTpCall() packs the arguments */
    b->args = tuple_interp(h, 3);
}

void class_build_end(heap_t *h, class_build_t *b)
{
    if (b->slots_list) /* no class took it (type() raised) */
        heap_interp_drop(h, b->slots_list);
    heap_interp_drop(h, b->args);
    heap_interp_drop(h, b->ns);
    if (b->frame && !h->in_unit)
        gc_on_free(h);
    gc_on_free(h); /* the body's function */
}

obj_t *class_new(heap_t *h, const char *name, const char **slots, size_t nslots, bool has_slots,
                 int finalizer, const heap_classdef_t *def, class_build_t *b)
{
    /* the statement's constant, which type_new() keeps as ht_name and, set
     * by the class body as __qualname__, ht_qualname */
    obj_t *name_str = str_identifier(h, name);
    cls_data_t made = {0};
    if (def)
        type_new_init(h, &made, def);
    obj_t *c =
        heap_new_object(h, K_CLASS, (size_t)(has_slots ? h->prof->class_slots_size : h->prof->class_size));
    c->u.cls = new_data(name, "__main__");
    c->u.cls->name_str = name_str; /* ht_name takes the new reference, ht_qualname another */
    obj_incref(name_str);
    c->u.cls->finalizer = finalizer;
    /* type_new_set_doc(): tp_doc, a PyObject_Malloc() copy of the
     * docstring's UTF-8 to its first NUL (a non-ASCII docstring's cached
     * UTF-8 form, which PyUnicode_AsUTF8() makes first, is not followed) */
    if (def && def->doc)
        c->u.cls->doc_mem = heap_mem_alloc(h, strnlen(def->doc, def->doclen) + 1);
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
                c->u.cls->slots[c->u.cls->nslots++] = mangle(name, slots[i]);
        }
        /* type_new() sorts __slots__, so members (and their release) are alphabetical */
        qsort(c->u.cls->slots, c->u.cls->nslots, sizeof(char *), cmp_str);
    }
    /* type_new(): a class whose instances have a __dict__ gets the key
     * table they will share (ht_cached_keys) */
    if (c->u.cls->has_dict)
        c->u.cls->cached_keys = dict_keys_new_for_class(h);
    c->refcnt += class_internal_refs(c);
    heap_account_size(h, c);
    c->u.cls->tp_bases = made.tp_bases;
    c->u.cls->tp_dict = made.tp_dict;
    c->u.cls->ht_slots = made.ht_slots;
    if (b) {
        c->u.cls->slots_list = b->slots_list;
        b->slots_list = NULL;
    }
    heap_emit(h, EV_CREATED, c, NULL);
    gc_track(h, c);
    if (def) /* type_ready_mro(): mro_implementation()'s (C, object) */
        c->u.cls->tp_mro = kept(h, tuple_interp(h, 2));
    /* type_ready() -> type_add_members(): a member descriptor per slot in
     * the class's __dict__, in the sorted order of its PyMemberDefs; a name
     * listed twice (or twice after mangling: __x and _N__x) keeps the first
     * (PyDict_SetDefault), its second slot taking room no name reaches */
    if (c->u.cls->nslots) {
        c->u.cls->descrs = xcalloc(c->u.cls->nslots, sizeof(obj_t *));
        c->u.cls->in_place = xcalloc(c->u.cls->nslots, 1);
        for (size_t i = 0; i < c->u.cls->nslots; i++)
            if (i == 0 || strcmp(c->u.cls->slots[i], c->u.cls->slots[i - 1]))
                c->u.cls->descrs[i] = member_descr_new(h, c, i);
    }
    if (def) /* type_add_getset(): the __dict__ and __weakref__ getset descriptors */
        for (int i = c->u.cls->has_dict + c->u.cls->has_weakref; i > 0; i--)
            gc_on_alloc(h);
    /* type_ready() -> add_subclass(): object.__subclasses__ keeps a basic
     * weakref to the class, which weakref.ref(cls) then returns, under the
     * key PyLong_FromVoidPtr() made first */
    c->u.cls->subclass_key_mem = heap_mem_alloc(h, ADDRESS_INT_BYTES);
    c->u.cls->subclass_ref = weakref_new(h, c, NULL);
    if (def)
        type_new_finish(h);
    return c;
}

obj_t *class_new_library(heap_t *h, const char *name, const char *module, const type_ops_t *lib, int lib_kind)
{
    obj_t *c = heap_new_static(h, K_CLASS, h->prof->static_refcnt_base, 0);
    c->flags |= OF_GC;
    c->u.cls = new_data(name, module);
    c->u.cls->lib = lib;
    c->u.cls->lib_kind = lib_kind;
    c->u.cls->has_dict = c->u.cls->has_weakref = true;
    c->u.cls->cached_keys = dict_keys_new_for_class(h);
    return c;
}

void class_set_cached_keys(heap_t *h, obj_t *cls, dict_keys_t *k)
{
    dict_keys_t *old = cls->u.cls->cached_keys;
    cls->u.cls->cached_keys = k;
    heap_account_size(h, cls);
    if (old)
        dict_keys_decref(h, old);
}

/* Class attributes: a plain ordered name -> value store ----------------------- */

static int cattr_index(const cls_data_t *c, const char *name)
{
    for (size_t i = 0; i < c->ncattrs; i++)
        if (strcmp(c->cattr_names[i], name) == 0)
            return (int)i;
    return -1;
}

/* Whether the class attribute `name` holds a slot's place in the __dict__ (see in_place). */
static bool cattr_in_slot_place(const cls_data_t *c, const char *name)
{
    for (size_t i = 0; i < c->nslots && c->in_place; i++)
        if (c->in_place[i] && strcmp(c->slots[i], name) == 0)
            return true;
    return false;
}

/* What the __dict__ entry at slot i's place holds: its member descriptor, the
 * value that replaced it in place, or NULL (deleted; set again, a new entry). */
static obj_t *slot_place_value(const cls_data_t *c, size_t i)
{
    if (c->descrs && c->descrs[i])
        return c->descrs[i];
    if (c->in_place && c->in_place[i]) {
        int j = cattr_index(c, c->slots[i]);
        return j >= 0 ? c->cattr_values[j] : NULL;
    }
    return NULL;
}

void class_frame(heap_t *h, obj_t *cls, unsigned which)
{
    cls_data_t *c = cls->u.cls;
    if (!h->prof->frame_object || (c->frames_made & which))
        return;
    c->frames_made |= which;
    gc_on_alloc(h);
}

obj_t *class_lookup(const obj_t *cls, const char *name)
{
    int i = cattr_index(cls->u.cls, name);
    return i >= 0 ? cls->u.cls->cattr_values[i] : NULL;
}

/* A name a library class (Lib/weakref.py, Lib/_weakrefset.py) defines in
 * its own body: heapd runs those functions only as bound methods, so
 * reading, replacing or deleting one on the class itself is outside the
 * subset (`type(ws).add(x)` calls the function with x as self). */
static bool library_defines(heap_t *h, const obj_t *o, const char *name)
{
    if (!o->u.cls->lib || !method_library_defines(o->u.cls->lib_kind, name))
        return false;
    exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "the function %s.%s read or changed on the class",
            o->u.cls->name, name);
    return true;
}

static obj_t *class_getattr(heap_t *h, obj_t *o, const char *name)
{
    if (!class_lookup(o, name) && library_defines(h, o, name))
        return NULL;
    int si = class_slot_index(o, name);
    if (si >= 0) /* member_get() with no instance: the descriptor itself */
        return obj_newref(o->u.cls->descrs[si]);
    obj_t *v = class_lookup(o, name);
    if (v)
        return obj_newref(v);
    exc_set(h->exc, ST_PYEXC, "AttributeError", "type object '%s' has no attribute '%s'", o->u.cls->name,
            name);
    return NULL;
}

/* type_setattro(): store in (or delete from) the class's __dict__ */
static int class_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    if (library_defines(h, o, name))
        return -1;
    cls_data_t *c = o->u.cls;
    int si = class_slot_index(o, name);
    if (si >= 0) { /* the slot's member descriptor leaves the __dict__ */
        obj_t *d = c->descrs[si];
        if (v) { /* insertdict(): the new value is stored before the old one is released,
                  * in the descriptor's entry (the dict's order keeps its place) */
            c->descrs[si] = NULL;
            int r = class_setattr(h, o, name, v);
            if (r == 0)
                c->in_place[si] = 1;
            obj_decref(h, d);
            return r;
        }
        obj_clear(h, &c->descrs[si]);
        return 0;
    }
    int i = cattr_index(c, name);
    if (!v) {
        if (i < 0) {
            exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->del_class_attr_fmt, c->name, name);
            return -1;
        }
        obj_t *old = c->cattr_values[i];
        for (size_t k = 0; k < c->nslots && c->in_place; k++) /* delitem: the entry is gone */
            if (strcmp(c->slots[k], name) == 0)
                c->in_place[k] = 0;
        free(c->cattr_names[i]);
        memmove(&c->cattr_names[i], &c->cattr_names[i + 1], (c->ncattrs - (size_t)i - 1) * sizeof(char *));
        memmove(&c->cattr_values[i], &c->cattr_values[i + 1], (c->ncattrs - (size_t)i - 1) * sizeof(obj_t *));
        c->ncattrs--;
        obj_decref(h, old);
        return 0;
    }
    if (i >= 0) {
        obj_t *old = c->cattr_values[i];
        c->cattr_values[i] = obj_newref(v);
        obj_decref(h, old);
        return 0;
    }
    c->cattr_names = xrealloc(c->cattr_names, (c->ncattrs + 1) * sizeof(char *));
    c->cattr_values = xrealloc(c->cattr_values, (c->ncattrs + 1) * sizeof(obj_t *));
    c->cattr_names[c->ncattrs] = xstrdup(name);
    c->cattr_values[c->ncattrs++] = obj_newref(v);
    return 0;
}

/* The slots ---------------------------------------------------------------------- */

/* type_traverse(): its __dict__'s values (the member descriptors, which
 * type_ready() added before any attribute set since), then its machinery */
static int class_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    const cls_data_t *c = o->u.cls;
    for (size_t i = 0; i < c->nslots; i++) {
        obj_t *v = slot_place_value(c, i);
        if (v && (r = visit(v, arg)) != 0)
            return r;
    }
    for (size_t i = 0; i < c->ncattrs; i++)
        if (!cattr_in_slot_place(c, c->cattr_names[i]) && (r = visit(c->cattr_values[i], arg)) != 0)
            return r;
    if (!o->u.cls->cleared)
        for (int64_t i = 0; i < class_internal_refs(o); i++)
            if ((r = visit(o, arg)) != 0)
                return r;
    return 0;
}

int64_t class_machinery_visits(const obj_t *cls)
{
    return cls->u.cls->cleared ? 0 : class_internal_refs(cls);
}

/* Besides what type_traverse() visits: the subclass weakref, which the
 * class holds on behalf of object.__subclasses__, and type_new()'s own
 * objects it keeps */
static int class_each_ref(obj_t *o, visit_fn visit, void *arg)
{
    const cls_data_t *c = o->u.cls;
    int r = class_traverse(o, visit, arg);
    if (!r && c->subclass_ref)
        r = visit(c->subclass_ref, arg);
    for (int i = 0; i < 2 && !r && c->name_str; i++) /* ht_name, ht_qualname */
        r = visit(c->name_str, arg);
    if (!r && c->firstlineno) /* its __dict__'s __firstlineno__ (3.13) */
        r = visit(c->firstlineno, arg);
    if (!r && c->doc_str) /* its __dict__'s __doc__ (type_traverse() visits the dict) */
        r = visit(c->doc_str, arg);
    if (!r && c->init_doc) /* its __init__ function's __doc__ */
        r = visit(c->init_doc, arg);
    obj_t *const own[] = {c->tp_dict, c->tp_bases, c->tp_mro, c->ht_slots, c->slots_list};
    for (size_t i = 0; i < sizeof own / sizeof *own && !r; i++)
        if (own[i])
            r = visit(own[i], arg);
    return r;
}

/* Py_CLEAR() of a field holding one of type_new()'s own objects: dropped quietly */
static void drop_field(heap_t *h, obj_t **field)
{
    obj_t *o = *field;
    *field = NULL;
    if (o)
        heap_interp_drop(h, o);
}

/* type_clear(): drops the class's __dict__ (its attributes) and the
 * references of its own machinery */
static void class_clear(heap_t *h, obj_t *c)
{
    cls_data_t *d = c->u.cls;
    if (d->cached_keys && !h->prof->inline_values) /* 3.10 type_clear(); 3.11+ type_dealloc() */
        class_set_cached_keys(h, c, NULL);
    int64_t n = class_internal_refs(c);
    size_t na = d->ncattrs;
    char **names = d->cattr_names;
    obj_t **values = d->cattr_values;
    d->ncattrs = 0;
    d->cattr_names = NULL;
    d->cattr_values = NULL;
    /* PyDict_Clear() of its __dict__: the values in the dict's order: the
     * class body's (__doc__, __init__, whose function takes its code along),
     * then the member descriptors type_ready() added */
    obj_clear(h, &d->firstlineno);
    obj_clear(h, &d->doc_str);
    if (d->init) {
        obj_clear(h, &d->init_doc); /* func_clear(): func_doc, before func_dealloc() drops the code */
        struct code *init = d->init;
        d->init = NULL;
        h->hooks->code_release(h, init);
    }
    for (size_t i = 0; i < d->nslots && d->descrs; i++) {
        if (d->in_place[i]) { /* the value in the descriptor's place */
            d->in_place[i] = 0;
            for (size_t j = 0; j < na; j++)
                if (values[j] && strcmp(names[j], d->slots[i]) == 0) {
                    obj_t *v = values[j];
                    values[j] = NULL;
                    obj_decref(h, v);
                    break;
                }
        }
        obj_clear(h, &d->descrs[i]);
    }
    for (size_t i = 0; i < na; i++) {
        free(names[i]);
        if (values[i])
            obj_decref(h, values[i]);
    }
    free(names);
    free(values);
    drop_field(h, &d->slots_list); /* its __dict__'s __slots__ list */
    drop_field(h, &d->tp_mro);
    if (!d->cleared) {
        d->cleared = true;
        for (int64_t i = 0; i < n; i++)
            obj_decref(h, c);
    }
}

static void class_free(obj_t *c)
{
    cls_data_t *d = c->u.cls;
    for (size_t i = 0; i < d->nslots; i++)
        free(d->slots[i]);
    for (size_t i = 0; i < d->ncattrs; i++)
        free(d->cattr_names[i]);
    free(d->slots);
    free(d->descrs);
    free(d->in_place);
    free(d->cattr_names);
    free(d->cattr_values);
    free(d->del_print);
    free(d->name);
    free(d);
}

/* type_dealloc(): remove_all_subclasses() drops object.__subclasses__'s
 * weakref (remove_subclass(): PyLong_FromVoidPtr() makes the key again,
 * PyDict_DelItem() releases the stored key, then the weakref, and then the
 * new key goes), then PyObject_ClearWeakRefs() runs the callbacks of the
 * others; tp_doc is freed after tp_bases */
static void class_dealloc(heap_t *h, obj_t *c)
{
    uint64_t key = heap_mem_alloc(h, ADDRESS_INT_BYTES);
    heap_mem_clear(h, &c->u.cls->subclass_key_mem);
    obj_clear(h, &c->u.cls->subclass_ref);
    heap_mem_free(h, key);
    weakref_clear_all(h, c);
    heap_emit(h, EV_DESTROYED, c, NULL);
    class_clear(h, c);
    drop_field(h, &c->u.cls->tp_dict);
    drop_field(h, &c->u.cls->tp_bases);
    heap_mem_clear(h, &c->u.cls->doc_mem);
    obj_t *name_str = c->u.cls->name_str; /* then Py_XDECREF(ht_name), Py_XDECREF(ht_qualname) */
    c->u.cls->name_str = NULL;
    if (name_str) {
        obj_decref(h, name_str);
        obj_decref(h, name_str);
    }
    drop_field(h, &c->u.cls->ht_slots);
    if (c->u.cls->cached_keys)
        class_set_cached_keys(h, c, NULL);
    class_free(c);
    heap_release_object(h, c, NULL);
}

/* type.__sizeof__(); 3.10 adds the cached shared keys (_PyDict_KeysSize) */
static int64_t class_size(const heap_t *h, const obj_t *o)
{
    const profile_t *p = h->prof;
    const cls_data_t *c = o->u.cls;
    if (!c->has_dict)
        return p->class_slots_size;
    if (p->class_keys_in_size)
        return p->class_slots_size + (c->cached_keys ? dict_keys_size(h, c->cached_keys) : 0);
    return p->class_size;
}

static obj_t **class_weaklist(obj_t *o)
{
    return &o->u.cls->wr_head;
}

/* untrack_tuples() untracks the class's hidden tuples of atomic items */
static void class_survived(heap_t *h, obj_t *o)
{
    o->u.cls->survived_gc = true;
}

static const char *class_own_name(const obj_t *o)
{
    return o->u.cls->name;
}

/* the ABC caches' weakrefs to it */
static int64_t class_hidden_weakrefs(const obj_t *o)
{
    return o->u.cls->abc_refs;
}

/* The ABC caches' weakrefs to an unreachable class (Modules/_abc.c
 * _add_to_weak_set(): callback _destroy, held by a reachable set): cleared
 * by handle_weakrefs() with the others; each callback discards its ref from
 * the set and the ref dies */
static int64_t class_clear_hidden_weakrefs(obj_t *o)
{
    int64_t n = o->u.cls->abc_refs;
    o->u.cls->abc_refs = 0;
    return n;
}

/* type_call(): a class of the `class` operation makes an instance
 * (object.__new__), which its __init__ then fills (slot_tp_init(): a
 * Python __init__ from source, or object.__init__, which takes no
 * arguments). _PyObject_MakeTpCall() packs the arguments in a tuple first;
 * an __init__ that raises drops the instance, then the tuple goes. */
static obj_t *class_call(heap_t *h, obj_t *o, obj_t **args, size_t n)
{
    if (o->u.cls->lib) {
        /* WeakValueDictionary(), WeakKeyDictionary(), WeakSet() with no
         * argument: the __init__ `create` runs (a client holding the class's
         * id can call it: `deref`, `{"type": name}` of a name bound to it);
         * their arguments (a mapping, an iterable) and _IterationGuard's
         * are not run: valid Python outside the subset */
        if (n == 0 && o->u.cls->lib_kind != LIB_ITERGUARD) {
            if (!heap_work(h, PY_WORK_NEW_OBJECT))
                return NULL;
            return weakcont_new(h, o->u.cls->lib_kind);
        }
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "calling %s.%s with arguments", o->u.cls->module,
                o->u.cls->name);
        return NULL;
    }
    struct code *init = o->u.cls->init_not_called ? NULL : o->u.cls->init;
    if (n && !init) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s() takes no arguments", o->u.cls->name);
        return NULL;
    }
    if (!heap_work(h, PY_WORK_NEW_OBJECT) || !py_ccall_enter(h))
        return NULL;
    obj_t *argt = tuple_call_args(h, args, n);
    obj_t *r = instance_new(h, o);
    if (init && h->hooks->code_call(h, init, r, args, n) < 0) {
        obj_decref(h, r);
        r = NULL;
    }
    tuple_call_args_end(h, argt);
    py_ccall_leave(h);
    return r;
}

static void class_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    sb_printf(&r->sb, "<class '%s.%s'>", o->u.cls->module, o->u.cls->name);
}

/* PyObject_GetItem() on a class without __class_getitem__ (3.10: "'type'
 * object is not subscriptable", 3.11+ name the class) */
static obj_t *class_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    exc_set(h->exc, ST_PYEXC, "TypeError", h->prof->class_getitem_fmt, o->u.cls->name);
    return NULL;
}

static void class_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    char label[300];
    const cls_data_t *c = o->u.cls;
    for (size_t i = 0; i < c->nslots; i++) {
        obj_t *v = slot_place_value(c, i);
        if (v) {
            snprintf(label, sizeof label, ".%s", c->slots[i]);
            if (!fn(EDGE_ATTR, label, v->addr, arg))
                return;
        }
    }
    for (size_t i = 0; i < o->u.cls->ncattrs; i++) {
        if (cattr_in_slot_place(c, o->u.cls->cattr_names[i]))
            continue;
        snprintf(label, sizeof label, ".%s", o->u.cls->cattr_names[i]);
        if (!fn(EDGE_ATTR, label, o->u.cls->cattr_values[i]->addr, arg))
            return;
    }
}

/* type(cls).__name__: WeakValueDictionary and WeakKeyDictionary derive from
 * _collections_abc.MutableMapping (Lib/weakref.py), whose metaclass is
 * abc.ABCMeta; every other class here is made by type_new() */
static bool class_is_abcmeta(const obj_t *o)
{
    const cls_data_t *c = o->u.cls;
    return c->lib && (c->lib_kind == LIB_WEAKVALUEDICT || c->lib_kind == LIB_WEAKKEYDICT);
}

static const char *class_type_name(const obj_t *o)
{
    return class_is_abcmeta(o) ? "ABCMeta" : "type";
}

static const char *class_type_module(const obj_t *o)
{
    return class_is_abcmeta(o) ? "abc" : "builtins";
}

/* Py_TYPE(cls)->tp_as_sequence: abc.ABCMeta is a heap type, so it has one
 * (PyObject_DelItem() goes on to PySequence_DelItem(): "doesn't support item
 * deletion"); `type` itself has none */
static bool class_sequence(const obj_t *o)
{
    return class_is_abcmeta(o);
}

const type_ops_t class_type = {
    .name = "type",
    .name_of = class_type_name,
    .module_of = class_type_module,
    .flags = TF_GC | TF_NOT_DEEP | TF_TYPE_OBJECT,
    .sequence = class_sequence,
    .own_name = class_own_name,
    .hidden_weakrefs = class_hidden_weakrefs,
    .clear_hidden_weakrefs = class_clear_hidden_weakrefs,
    .call = class_call,
    .dealloc = class_dealloc,
    .free_payload = class_free,
    .traverse = class_traverse,
    .each_ref = class_each_ref,
    .clear = class_clear,
    .gc_hidden = class_gc_hidden,
    .size = class_size,
    .weaklist = class_weaklist,
    .hash = identity_hash,
    .repr = class_repr,
    .getitem = class_getitem,
    .getattr = class_getattr,
    .setattr = class_setattr,
    .edges = class_edges,
    .gc_survived = class_survived,
};
