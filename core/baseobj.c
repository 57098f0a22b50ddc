/*
 * baseobj.c — None and object() (Objects/object.c: _Py_NoneStruct,
 * PyBaseObject_Type).
 */
#include <stdio.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "method.h"
#include "repr.h"

/* _Py_HashPointer(): the address rotated by 4 bits */
int64_t hash_pointer(uint64_t addr)
{
    uint64_t y = (addr >> 4) | (addr << 60);
    int64_t x = (int64_t)y;
    return x == -1 ? -2 : x;
}

/* _PyErr_CreateException(): the call's argument tuple, then the instance
 * (BaseException_new()); its tuple, to drop when the instance goes */
obj_t *exc_instance_made(heap_t *h)
{
    obj_t *args = tuple_interp(h, 1);
    gc_on_alloc(h);
    return args;
}

/* The instance freed (BaseException_clear(): its tuple first, to the free list) */
void exc_instance_freed(heap_t *h, obj_t *args)
{
    heap_interp_drop(h, args);
    gc_on_free(h);
}

/* An exception a C function raises and its caller clears (PyErr_Clear()):
 * 3.12+'s _PyErr_SetObject() makes the instance at once, which the clear
 * frees */
void exc_raised_and_cleared(heap_t *h)
{
    if (h->prof->exc_eager)
        exc_instance_freed(h, exc_instance_made(h));
}

/* _PyErr_SetKeyError() (Python/errors.c), whose caller clears it: its
 * PyTuple_Pack(1, key), on 3.12+ the instance made of it at once, which the
 * clear frees (the tuple to the free list); before, the clear drops the tuple */
void key_error_raised_and_cleared(heap_t *h)
{
    obj_t *args = tuple_interp(h, 1);
    if (h->prof->exc_eager) {
        gc_on_alloc(h);
        gc_on_free(h);
    }
    heap_interp_drop(h, args);
}

/* object.__hash__ */
int identity_hash(heap_t *h, obj_t *o, int64_t *out)
{
    *out = hash_pointer(o->addr);
    return 0;
}

/* 3.12+: hash(None) is a constant; before, it is None's address */
static int none_hash(heap_t *h, obj_t *o, int64_t *out)
{
    *out = h->prof->none_hash ? h->prof->none_hash : hash_pointer(o->addr);
    return 0;
}

static void none_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    sb_puts(&r->sb, "None");
}
static int64_t none_size(const heap_t *h, const obj_t *o)
{
    return 16;
}
static int none_truthy(heap_t *h, obj_t *o)
{
    return 0;
}

const type_ops_t none_type = {
    .name = "NoneType",
    .size = none_size,
    .hash = none_hash,
    .repr = none_repr,
    .truthy = none_truthy,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};

obj_t *object_new(heap_t *h)
{
    obj_t *o = heap_new_object(h, K_OBJECT, (size_t)h->prof->object_size);
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

static void object_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    heap_release_object(h, o, NULL);
}

static void object_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    sb_printf(&r->sb, "<object object at 0x%llx>", (unsigned long long)o->addr);
}

static int64_t object_size(const heap_t *h, const obj_t *o)
{
    return h->prof->object_size;
}

const type_ops_t object_type = {
    .name = "object",
    .dealloc = object_dealloc,
    .size = object_size,
    .hash = identity_hash,
    .repr = object_repr,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
