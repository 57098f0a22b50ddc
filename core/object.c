/*
 * object.c — the runtime every type shares: reference counting,
 * deallocation through the trashcan, and the abstract protocols
 * (PyObject_Hash, PyObject_GetItem, PyObject_SetAttr, ...) that dispatch
 * through each type's slot table. Nothing here names a kind.
 */
#include "object.h"

#include "method.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "num.h"

/* Reference counting ----------------------------------------------------- */

void obj_incref(obj_t *o)
{
    if (!(o->flags & OF_IMMORTAL))
        o->refcnt++;
}

bool obj_may_be_tracked(const obj_t *o)
{
    /* _PyObject_GC_MAY_BE_TRACKED: only tuples may be untracked gc objects
     * that stay untracked (gcmodule.c names tuples too) */
    if (!obj_is_gc(o))
        return false;
    if (TYPE(o)->flags & TF_MAYBE_TRACKED)
        return (o->flags & OF_TRACKED) != 0;
    return true;
}

const char *obj_type_name(const obj_t *o)
{
    const type_ops_t *t = TYPE(o);
    return t->name_of ? t->name_of(o) : t->name;
}

const char *obj_tp_name(const obj_t *o)
{
    const type_ops_t *t = TYPE(o);
    if (t->tp_name_of)
        return t->tp_name_of(o);
    return t->tp_name ? t->tp_name : obj_type_name(o);
}

obj_t **obj_weaklist(obj_t *o)
{
    const type_ops_t *t = TYPE(o);
    return t->weaklist ? t->weaklist(o) : NULL;
}

int64_t obj_size(const heap_t *h, const obj_t *o)
{
    return TYPE(o)->size(h, o);
}

/* Deallocation and the trashcan ------------------------------------------ */

/*
 * Deep chains are deferred as CPython's trashcan does, so the C stack stays
 * bounded and the order objects die in is CPython's:
 * - 3.10-3.12 (Py_TRASHCAN_BEGIN, _PyTrash_begin/_PyTrash_end): a nesting
 *   count; a deallocation starting at nesting 50 is deposited; when the
 *   count falls back to 0, _PyTrash_thread_destroy_chain() runs the
 *   deposited deallocations, last deposited first, at nesting 1 (each one
 *   going through its own trashcan check again).
 * - 3.13: the C recursion budget (c_recursion_remaining): deposited when 50
 *   or less remain, the chain destroyed when more than 100 remain again.
 */
static void destroy_chain(heap_t *h)
{
    while (h->npending) {
        obj_t *o = h->pending_free[--h->npending];
        trash_dealloc(h, o);
    }
}

void trash_dealloc(heap_t *h, obj_t *o)
{
    const type_ops_t *t = TYPE(o);
    if (o->flags & OF_TRACKED)
        gc_untrack(h, o);
    if (!(t->trashcan ? t->trashcan(o) : (t->flags & TF_TRASHCAN))) {
        t->dealloc(h, o);
        return;
    }
    const profile_t *p = h->prof;
    bool deposit =
        p->trash_headroom ? h->trash_level <= TRASH_HEADROOM : h->trash_level >= TRASH_UNWIND_LEVEL;
    if (deposit) {
        h->pending_free = xgrow(h->pending_free, h->npending, &h->cappending, sizeof(obj_t *), 64);
        h->pending_free[h->npending++] = o;
        return;
    }
    if (p->trash_headroom) {
        h->trash_level--;
        t->dealloc(h, o);
        h->trash_level++;
        if (h->npending && h->trash_level > 2 * TRASH_HEADROOM)
            destroy_chain(h);
    } else {
        h->trash_level++;
        t->dealloc(h, o);
        h->trash_level--;
        if (h->npending && h->trash_level <= 0) {
            h->trash_level++;
            destroy_chain(h);
            h->trash_level--;
        }
    }
}

void obj_decref(heap_t *h, obj_t *o)
{
    if (o->flags & OF_IMMORTAL)
        return;
    if (o->refcnt == 0)
        heap_panic(h, "refcount of a %s at %#llx fell below zero", obj_type_name(o),
                   (unsigned long long)o->addr);
    if (--o->refcnt > 0 || (o->flags & OF_STATIC))
        return;
    trash_dealloc(h, o);
}

void obj_release_array(heap_t *h, obj_t **items, size_t n)
{
    while (n-- > 0)
        if (items[n])
            obj_decref(h, items[n]);
    free(items);
}

int obj_traverse(obj_t *o, visit_fn visit, void *arg)
{
    const type_ops_t *t = TYPE(o);
    return t->traverse ? t->traverse(o, visit, arg) : 0;
}

int obj_each_ref(obj_t *o, visit_fn visit, void *arg)
{
    const type_ops_t *t = TYPE(o);
    return t->each_ref ? t->each_ref(o, visit, arg) : obj_traverse(o, visit, arg);
}

/* The abstract protocols (Objects/abstract.c) ----------------------------- */

/* PyObject_GenericGetAttr's message; type_getattro() names the class */
int err_no_attribute(heap_t *h, const obj_t *o, const char *name)
{
    if (TYPE(o)->flags & TF_TYPE_OBJECT)
        exc_set(h->exc, ST_PYEXC, "AttributeError", "type object '%s' has no attribute '%s'",
                TYPE(o)->own_name(o), name);
    else
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute '%s'", obj_tp_name(o),
                name);
    return -1;
}

int err_unhashable(heap_t *h, const obj_t *o)
{
    exc_set(h->exc, ST_PYEXC, "TypeError", "unhashable type: '%s'", obj_tp_name(o));
    return -1;
}

int obj_hash(heap_t *h, obj_t *o, int64_t *out)
{
    const type_ops_t *t = TYPE(o);
    if (!t->hash)
        return err_unhashable(h, o);
    return t->hash(h, o, out);
}

int obj_len(heap_t *h, obj_t *o, int64_t *out)
{
    const type_ops_t *t = TYPE(o);
    if (!t->len) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "object of type '%s' has no len()", obj_tp_name(o));
        return -1;
    }
    return t->len(h, o, out);
}

/* PySequence_Contains(): the type's sq_contains, else iteration (none of the
 * remaining types iterates). */
int obj_contains(heap_t *h, obj_t *o, obj_t *key)
{
    const type_ops_t *t = TYPE(o);
    if (!t->contains) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "argument of type '%s' is not iterable", obj_tp_name(o));
        return -1;
    }
    return t->contains(h, o, key);
}

obj_t *obj_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    const type_ops_t *t = TYPE(o);
    if (!t->getitem) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not subscriptable", obj_tp_name(o));
        return NULL;
    }
    return t->getitem(h, o, key);
}

/* PyObject_SetItem()/DelItem() on a type without mp_ass_subscript: a type
 * with a sequence slot reads an index key first (PyNumber_AsSsize_t(key,
 * IndexError)), then says "doesn't" for deleting it */
int err_no_item_assignment(heap_t *h, obj_t *o, obj_t *key, bool del)
{
    bool index = TYPE(key)->index != NULL;
    bool seq = (TYPE(o)->flags & TF_SEQUENCE) || (TYPE(o)->sequence && TYPE(o)->sequence(o));
    int64_t i;
    if (index && seq && !TYPE(key)->index(key, &i)) {
        /* PySequence_SetItem's index first: PyNumber_AsSsize_t(key, PyExc_IndexError) */
        exc_set(h->exc, ST_PYEXC, "IndexError", "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    const char *fmt = !del           ? "'%s' object does not support item assignment"
                      : seq && index ? "'%s' object doesn't support item deletion"
                                     : "'%s' object does not support item deletion";
    exc_set(h->exc, ST_PYEXC, "TypeError", fmt, obj_tp_name(o));
    return -1;
}

int obj_setitem(heap_t *h, obj_t *o, obj_t *key, obj_t *v)
{
    const type_ops_t *t = TYPE(o);
    return t->setitem ? t->setitem(h, o, key, v) : err_no_item_assignment(h, o, key, false);
}

int obj_delitem(heap_t *h, obj_t *o, obj_t *key)
{
    const type_ops_t *t = TYPE(o);
    return t->setitem ? t->setitem(h, o, key, NULL) : err_no_item_assignment(h, o, key, true);
}

const attr_def_t *obj_type_attr(const heap_t *h, const obj_t *o, const char *name)
{
    int minor = h->prof->minor;
    for (const attr_def_t *a = TYPE(o)->attrs; a && a->name; a++)
        if (strcmp(a->name, name) == 0 && minor >= a->since)
            return a;
    return NULL;
}

obj_t *obj_getattr(heap_t *h, obj_t *o, const char *name)
{
    const type_ops_t *t = TYPE(o);
    if (!t->getattr) {
        err_no_attribute(h, o, name);
        return NULL;
    }
    return t->getattr(h, o, name);
}

int err_no_setattr(heap_t *h, const obj_t *o, const char *name)
{
    exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->setattr_nodict_fmt, obj_tp_name(o), name);
    return -1;
}

int obj_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    const type_ops_t *t = TYPE(o);
    return t->setattr ? t->setattr(h, o, name, v) : err_no_setattr(h, o, name);
}

int obj_delattr(heap_t *h, obj_t *o, const char *name)
{
    return obj_setattr(h, o, name, NULL);
}

/* _PyCode_ConstantKey's equality: the same type and exact value */
bool obj_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    if (a == b)
        return true;
    if (TYPE(a) != TYPE(b) || !TYPE(a)->same_const)
        return false;
    return TYPE(a)->same_const(h, a, b);
}

/* PyObject_IsTrue(): the type's nb_bool, else its length, else true */
int obj_truthy(heap_t *h, obj_t *o)
{
    const type_ops_t *t = TYPE(o);
    if (t->truthy)
        return t->truthy(h, o);
    if (!t->len)
        return 1;
    int64_t n;
    if (t->len(h, o, &n) < 0)
        return -1;
    return n != 0;
}
