/*
 * object.c — reference counting and deallocation (Py_DECREF, each type's
 * tp_dealloc and tp_traverse), with CPython's release orders:
 * list and tuple items last to first, dict entries first to last (key
 * then value), set members in table order, instance attributes as cls.c
 * says. Deep chains are deferred through a trashcan, as CPython's
 * Py_TRASHCAN_BEGIN does at nesting level 50, so the C stack stays flat.
 */
#include "object.h"

#include "check.h"

#include <stdio.h>
#include <stdlib.h>

#include "cls.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "num.h"
#include "str.h"
#include "weakref.h"
#include "mem.h"

#define TRASH_UNWIND_LEVEL 50


void obj_incref(obj_t *o)
{
    if (!(o->flags & OF_IMMORTAL))
        o->refcnt++;
}

const char *obj_type_name(const obj_t *o)
{
    static const char *names[K__COUNT] = {
        "NoneType", "bool", "int", "float", "str", "bytes", "tuple", "list", "dict", "set",
        "frozenset", "object", "type", NULL, "ReferenceType", NULL};
    if (o->kind == K_INSTANCE)
        return o->u.inst.type->u.cls->name;
    if (o->kind == K_WEAKREF && o->u.wr.owner && o->u.wr.key)
        return "KeyedRef";
    if (o->kind == K_WEAKCONT)
        return weakcont_type_name(o);
    return names[o->kind];
}

bool obj_is_gc(const obj_t *o) { return (o->flags & OF_GC) != 0; }

bool obj_may_be_tracked(const obj_t *o)
{
    if (!obj_is_gc(o))
        return false;
    if (o->kind == K_TUPLE)
        return (o->flags & OF_TRACKED) != 0;
    return true;
}

static bool uses_trashcan(kind_t k)
{
    return k == K_LIST || k == K_TUPLE || k == K_DICT || k == K_SET || k == K_FROZENSET ||
           k == K_INSTANCE || k == K_WEAKCONT; /* weak containers are instances of Python classes */
}

static void seq_release_items(heap_t *h, obj_t *o)
{
    for (size_t i = o->u.seq.len; i-- > 0;) {
        obj_t *item = o->u.seq.items[i];
        o->u.seq.items[i] = NULL;
        if (item)
            obj_decref(h, item);
    }
    free(o->u.seq.items);
    o->u.seq.items = NULL;
    o->u.seq.len = 0;
}

static void dict_release_entries(heap_t *h, dict_entry_t *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (entries[i].key)
            obj_decref(h, entries[i].key);
        if (entries[i].value)
            obj_decref(h, entries[i].value);
    }
    free(entries);
}

static void set_release_table(heap_t *h, set_entry_t *table, size_t mask)
{
    for (size_t i = 0; i <= mask; i++)
        if (table[i].key && table[i].key != SET_DUMMY)
            obj_decref(h, table[i].key);
    free(table);
}

/* The body of each type's tp_dealloc, once the trashcan let it run. */
static void dealloc_body(heap_t *h, obj_t *o)
{
    switch ((kind_t)o->kind) {
    case K_TUPLE: {
        size_t n = o->u.seq.len;
        heap_emit(h, EV_DESTROYED, o, NULL);
        seq_release_items(h, o);
        addr_stack_t *fl = n < (size_t)h->prof->tuple_freelist_maxlen ? &h->tuple_free[n] : NULL;
        heap_release_object(h, o, fl, (size_t)h->prof->tuple_freelist);
        return;
    }
    case K_LIST:
        heap_emit(h, EV_DESTROYED, o, NULL);
        seq_release_items(h, o);
        heap_release_object(h, o, &h->list_free, (size_t)h->prof->list_freelist);
        return;
    case K_DICT: {
        heap_emit(h, EV_DESTROYED, o, NULL);
        dict_entry_t *e = o->u.d.entries;
        o->u.d.entries = NULL;
        dict_release_entries(h, e, o->u.d.nentries);
        heap_release_object(h, o, &h->dict_free, (size_t)h->prof->dict_freelist);
        return;
    }
    case K_SET: case K_FROZENSET: {
        weakref_clear_all(h, o);
        heap_emit(h, EV_DESTROYED, o, NULL);
        set_entry_t *t = o->u.set.table;
        o->u.set.table = NULL;
        set_release_table(h, t, o->u.set.mask);
        heap_release_object(h, o, NULL, 0);
        return;
    }
    case K_INSTANCE:
        instance_dealloc(h, o);
        return;
    case K_CLASS:
        class_dealloc(h, o);
        return;
    case K_WEAKREF:
        weakref_dealloc(h, o);
        return;
    case K_WEAKCONT:
        weakcont_dealloc(h, o);
        return;
    case K_INT:
        heap_emit(h, EV_DESTROYED, o, NULL);
        int_free(o);
        break;
    case K_STR:
        heap_emit(h, EV_DESTROYED, o, NULL);
        if (o->flags & OF_INTERNED)
            str_forget_interned(h, o);
        str_free(o);
        break;
    case K_BYTES:
        heap_emit(h, EV_DESTROYED, o, NULL);
        bytes_free(o);
        break;
    default:
        heap_emit(h, EV_DESTROYED, o, NULL);
        break;
    }
    heap_release_object(h, o, NULL, 0);
}

/* _PyTrash_thread_destroy_chain(): deferred objects, last deposited first */
static void destroy_chain(heap_t *h)
{
    h->depth++;
    while (h->npending) {
        obj_t *o = h->pending_free[--h->npending];
        dealloc_body(h, o);
    }
    h->depth--;
}

static void dealloc(heap_t *h, obj_t *o)
{
    if (o->flags & OF_TRACKED)
        gc_untrack(h, o);
    if (!uses_trashcan((kind_t)o->kind)) {
        dealloc_body(h, o);
        return;
    }
    if (h->depth >= TRASH_UNWIND_LEVEL) {
        if (h->npending == h->cappending) {
            h->cappending = h->cappending ? h->cappending * 2 : 64;
            h->pending_free = xrealloc(h->pending_free, h->cappending * sizeof(obj_t *));
        }
        h->pending_free[h->npending++] = o;
        return;
    }
    h->depth++;
    dealloc_body(h, o);
    h->depth--;
    if (h->npending && h->depth <= 0)
        destroy_chain(h);
}

void obj_decref(heap_t *h, obj_t *o)
{
    if ((o->flags & OF_IMMORTAL) || --o->refcnt > 0 || (o->flags & OF_STATIC))
        return;
    if (o->refcnt < 0)
        heap_panic(h, "refcount of a %s at %#llx fell below zero", obj_type_name(o), (unsigned long long)o->addr);
    dealloc(h, o);
}

/* tp_traverse of each type, in CPython's visiting order. */
int obj_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
#define VISIT(x) do { if ((x) && (r = visit((x), arg)) != 0) return r; } while (0)
    switch ((kind_t)o->kind) {
    case K_TUPLE: case K_LIST:
        for (size_t i = 0; i < o->u.seq.len; i++)
            VISIT(o->u.seq.items[i]);
        break;
    case K_DICT:
        /* dict_traverse(): values only for str-keyed tables, else value then key */
        for (size_t i = 0; i < o->u.d.nentries; i++) {
            VISIT(o->u.d.entries[i].value);
            if (!o->u.d.unicode)
                VISIT(o->u.d.entries[i].key);
        }
        break;
    case K_SET: case K_FROZENSET:
        for (size_t i = 0; i <= o->u.set.mask; i++)
            if (o->u.set.table[i].key != SET_DUMMY)
                VISIT(o->u.set.table[i].key);
        break;
    case K_INSTANCE: {
        obj_t *cls = o->u.inst.type;
        for (size_t i = 0; i < cls->u.cls->nslots; i++)
            VISIT(o->u.inst.slots[i]);
        obj_t **vals = inst_values(o);
        for (size_t i = 0; i < o->u.inst.nvalues; i++)
            VISIT(vals[i]);
        VISIT(o->u.inst.dict);
        VISIT(cls);
        break;
    }
    case K_CLASS:
        for (size_t i = 0; i < o->u.cls->ncattrs; i++)
            VISIT(o->u.cls->cattr_values[i]);
        if (o->u.cls->usable >= 0)
            for (int64_t i = 0; i < class_internal_refs(o); i++)
                VISIT(o);
        break;
    case K_WEAKREF:
        VISIT(o->u.wr.key);
        break;
    case K_WEAKCONT:
        VISIT(o->u.wc.data);
        VISIT(o->u.wc.selfref);
        for (size_t i = 0; o->u.wc.attrs && i < o->u.wc.attrs->n; i++)
            VISIT(o->u.wc.attrs->values[i]);
        break;
    default:
        break;
    }
#undef VISIT
    return 0;
}

/* Every strong reference o holds, tp_traverse's and the ones it leaves out
 * (the str keys of a str-keyed dict, a class's references to itself). */
int obj_each_ref(obj_t *o, visit_fn visit, void *arg)
{
    int r;
#define VISIT(x) do { if ((x) && (r = visit((x), arg)) != 0) return r; } while (0)
    switch ((kind_t)o->kind) {
    case K_DICT:
        for (size_t i = 0; i < o->u.d.nentries; i++) {
            VISIT(o->u.d.entries[i].key);
            VISIT(o->u.d.entries[i].value);
        }
        return 0;
    case K_CLASS:
        for (size_t i = 0; i < o->u.cls->ncattrs; i++)
            VISIT(o->u.cls->cattr_values[i]);
        if (o->u.cls->usable >= 0)
            for (int64_t i = 0; i < class_internal_refs(o); i++)
                VISIT(o);
        return 0;
    default:
        return obj_traverse(o, visit, arg);
    }
#undef VISIT
}
