/*
 * sizes.c — sys.getsizeof, mirroring each type's tp_basicsize/__sizeof__
 * plus the GC pre-header that _PySys_GetSizeOf adds.
 */
#include "sizes.h"

#include "heap_internal.h"

bool sizes_kind_is_gc(kind_t kind)
{
    switch (kind) {
    case K_TUPLE: case K_LIST: case K_DICT: case K_SET: case K_FROZENSET:
    case K_CLASS: case K_INSTANCE: case K_WEAKREF: case K_WEAKCONT:
        return true;
    default:
        return false;
    }
}

/* mirrors DK_IXSIZE() in Objects/dictobject.c */
int sizes_dict_index_bytes(size_t log2size)
{
    return log2size < 8 ? 1 : log2size < 16 ? 2 : log2size < 32 ? 4 : 8;
}

/* The bytes before an instance's PyObject header: the GC head, and the
 * 2-pointer pre-header of a managed __dict__ (3.11+) or managed __weakref__
 * (3.12+) (_PyType_PreHeaderSize in Include/internal/pycore_object.h). */
int64_t sizes_instance_preheader(const heap_t *h, const obj_t *cls)
{
    const profile_t *p = h->prof;
    bool managed = (cls->u.cls->has_dict && p->managed_dict) || (cls->u.cls->has_weakref && p->managed_weakref);
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

/* mirrors int___sizeof__ (Objects/longobject.c): header + digits */
static int64_t int_size(const profile_t *p, uint32_t ndigits)
{
    uint32_t d = ndigits < (uint32_t)p->int_min_digits ? (uint32_t)p->int_min_digits : ndigits;
    return p->int_base + 4 * (int64_t)d;
}

/* 3.10's type.__sizeof__ adds the class's cached shared keys: a keys object
 * of 8 slots, doubling as attribute names fill it (_PyDict_KeysSize). */
static int64_t cached_keys_size(const profile_t *p, size_t nkeys)
{
    size_t slots = 8, log2 = 3;
    while (2 * slots / 3 < nkeys) {
        slots *= 2;
        log2++;
    }
    return p->dict_header + (int64_t)slots * sizes_dict_index_bytes(log2) +
           (int64_t)(2 * slots / 3) * p->dict_entry_general;
}

int64_t sizes_of(const heap_t *h, const obj_t *o)
{
    const profile_t *p = h->prof;
    switch ((kind_t)o->kind) {
    case K_NONE: return 16;
    case K_BOOL: return int_size(p, o->u.b ? 1 : 0);
    case K_INT: return int_size(p, o->u.i.ndigits);
    case K_FLOAT: return p->float_size;
    case K_STR:
        if (o->u.s.ascii)
            return p->str_ascii_base + (int64_t)o->u.s.len;
        if (o->u.s.len == 1 && o->u.s.cp[0] < 256 && (o->flags & OF_STATIC))
            return p->str_latin1_char_size;
        return p->str_compact_base + ((int64_t)o->u.s.len + 1) * o->u.s.kindw;
    case K_BYTES: return p->bytes_base + (int64_t)o->u.by.len;
    case K_TUPLE: return p->tuple_base + 8 * (int64_t)o->u.seq.len;
    case K_LIST: return p->list_base + 8 * (int64_t)o->u.seq.allocated;
    case K_DICT: {
        if (!o->u.d.has_keys)
            return p->dict_empty;
        size_t slots = (size_t)1 << o->u.d.log2size;
        size_t usable = 2 * slots / 3;
        int e = o->u.d.unicode ? p->dict_entry_unicode : p->dict_entry_general;
        return p->dict_empty + p->dict_header + (int64_t)slots * sizes_dict_index_bytes(o->u.d.log2size) +
               (int64_t)usable * e;
    }
    case K_SET: case K_FROZENSET:
        return o->u.set.mask + 1 == 8 ? p->set_base : p->set_base + 16 * (int64_t)(o->u.set.mask + 1);
    case K_OBJECT: return p->object_size;
    case K_CLASS:
        if (o->u.cls->nslots || !o->u.cls->has_dict)
            return p->class_slots_size;
        if (p->class_keys_in_size)
            return p->class_slots_size + cached_keys_size(p, o->u.cls->nkeys);
        return p->class_size;
    case K_INSTANCE: return sizes_instance(h, o->u.inst.type);
    case K_WEAKREF: return o->u.wr.owner && o->u.wr.key ? p->keyedref_size : p->weakref_size;
    case K_WEAKCONT: return p->weakcontainer_size;
    default: return 0;
    }
}
