/*
 * descr.c — member descriptors (Objects/descrobject.c: PyMemberDescr_Type).
 *
 * type_new() gives each name of __slots__ a PyMemberDef, and type_ready()
 * (type_add_members()) stores a member_descriptor for it in the class's
 * __dict__: `C.x` is that object (member_get() with no instance returns
 * the descriptor itself). It holds a strong reference to its class
 * (d_type) and its name; descr_traverse() visits only the class, and the
 * type has no tp_clear and no weakref list. The class keeps its
 * descriptors in cls_data_t.descrs, by slot index, as its __dict__ would.
 */
#include "descr.h"

#include "gc.h"
#include "heap_internal.h"
#include "method.h"
#include "repr.h"

obj_t *member_descr_new(heap_t *h, obj_t *cls, size_t slot)
{
    /* descr_new(): PyType_GenericAlloc, so a gc allocation, tracked */
    obj_t *d = heap_new_object(h, K_MEMBER_DESCR, (size_t)h->prof->member_descr_size);
    d->u.descr.type = obj_newref(cls);
    d->u.descr.slot = slot;
    heap_account_size(h, d);
    heap_emit(h, EV_CREATED, d, NULL);
    gc_track(h, d);
    return d;
}

/* d_name: the slot's name as the class keeps it (mangled, __x -> _C__x);
 * the class outlives its descriptors, which hold it */
static const char *descr_name(const obj_t *d)
{
    return d->u.descr.type->u.cls->slots[d->u.descr.slot];
}

int member_descr_slot_of(heap_t *h, const obj_t *d, const obj_t *o)
{
    if (o->kind != K_INSTANCE || o->u.inst.type != d->u.descr.type) { /* classes here have no bases */
        exc_set(h->exc, ST_PYEXC, "TypeError",
                "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", descr_name(d),
                d->u.descr.type->u.cls->name, obj_tp_name(o));
        return -1;
    }
    return (int)d->u.descr.slot;
}

/* descr_dealloc() (trash_dealloc() untracked it) */
static void descr_dealloc(heap_t *h, obj_t *d)
{
    heap_emit(h, EV_DESTROYED, d, NULL);
    obj_clear(h, &d->u.descr.type);
    heap_release_object(h, d, NULL);
}

/* descr_traverse(): d_type only */
static int descr_traverse(obj_t *d, visit_fn visit, void *arg)
{
    return d->u.descr.type ? visit(d->u.descr.type, arg) : 0;
}

static int64_t descr_size(const heap_t *h, const obj_t *d)
{
    return h->prof->member_descr_size;
}

/* member_repr(): "<member '%V' of '%s' objects>" with the class's tp_name
 * (a heap type's is its __name__) */
static void descr_repr(heap_t *h, obj_t *d, repr_ctx_t *r)
{
    sb_printf(&r->sb, "<member '%s' of '%s' objects>", descr_name(d), d->u.descr.type->u.cls->name);
}

static const char *descr_own_name(const obj_t *d)
{
    return descr_name(d);
}

const type_ops_t member_descr_type = {
    .name = "member_descriptor",
    .flags = TF_GC,
    .own_name = descr_own_name,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .size = descr_size,
    .hash = identity_hash,
    .repr = descr_repr,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
