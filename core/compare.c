/*
 * compare.c — hash() and == (mirrors each type's tp_hash and tp_richcompare).
 */
#include "compare.h"

#include <math.h>
#include <string.h>

#include "containers.h"
#include "heap_internal.h"
#include "num.h"
#include "str.h"

/* mirrors _Py_HashPointer(): the address rotated by 4 bits */
int64_t hash_pointer(uint64_t addr)
{
    uint64_t y = (addr >> 4) | (addr << 60);
    int64_t x = (int64_t)y;
    return x == -1 ? -2 : x;
}

/* mirrors tuplehash() (xxHash-based, 3.8+) */
static bool tuple_hash(heap_t *h, obj_t *t, int64_t *out)
{
    const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL,
                   P5 = 2870177450012600261ULL;
    uint64_t acc = P5;
    for (size_t i = 0; i < t->u.seq.len; i++) {
        int64_t lane;
        if (!obj_hash(h, t->u.seq.items[i], &lane))
            return false;
        acc += (uint64_t)lane * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    acc += t->u.seq.len ^ (P5 ^ 3527539UL);
    *out = acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
    return true;
}

static bool hash_rec(heap_t *h, obj_t *o, int64_t *out)
{
    switch ((kind_t)o->kind) {
    case K_NONE:
        *out = h->prof->none_hash ? h->prof->none_hash : hash_pointer(o->addr);
        return true;
    case K_OBJECT: case K_CLASS: case K_INSTANCE: /* weak containers are mappings and sets: unhashable */
        *out = hash_pointer(o->addr);
        return true;
    case K_BOOL: case K_INT: *out = int_hash(o); return true;
    case K_FLOAT: *out = float_hash(o->u.f); return true;
    case K_STR: *out = str_hash(h, o); return true;
    case K_BYTES: *out = bytes_hash(h, o); return true;
    case K_TUPLE: return tuple_hash(h, o, out);
    case K_FROZENSET: *out = frozenset_hash(o); return true;
    case K_WEAKREF:
        /* weakref_hash(): the referent's hash, remembered once computed */
        if (!(o->flags & OF_WR_HASHED)) {
            if (!o->u.wr.referent) {
                exc_set(h->exc, ST_PYEXC, "TypeError", "weak object has gone away");
                return false;
            }
            if (!obj_hash(h, o->u.wr.referent, &o->u.wr.hash))
                return false;
            o->flags |= OF_WR_HASHED;
        }
        *out = o->u.wr.hash;
        return true;
    default:
        exc_set(h->exc, ST_PYEXC, "TypeError", "unhashable type: '%s'", obj_type_name(o));
        return false;
    }
}

static bool is_number(const obj_t *o) { return o->kind == K_INT || o->kind == K_BOOL || o->kind == K_FLOAT; }

static bool num_eq(const obj_t *a, const obj_t *b)
{
    if (a->kind != K_FLOAT && b->kind != K_FLOAT)
        return int_compare(a, b) == 0;
    double x = a->kind == K_FLOAT ? a->u.f : int_to_double(a);
    double y = b->kind == K_FLOAT ? b->u.f : int_to_double(b);
    if (a->kind != K_FLOAT || b->kind != K_FLOAT) {
        /* float_richcompare compares an int exactly: a float with a fraction never equals it */
        double f = a->kind == K_FLOAT ? a->u.f : b->u.f;
        if (isinf(f) || isnan(f) || f != floor(f))
            return false;
    }
    return x == y;
}

static bool set_subset(heap_t *h, obj_t *a, obj_t *b)
{
    for (size_t i = 0; i <= a->u.set.mask; i++) {
        obj_t *k = a->u.set.table[i].key;
        if (k && k != SET_DUMMY && set_contains(h, b, k) != 1)
            return false;
    }
    return true;
}

static bool dict_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (a->u.d.used != b->u.d.used)
        return false;
    for (size_t i = 0; i < a->u.d.nentries; i++) {
        dict_entry_t *e = &a->u.d.entries[i];
        if (!e->key)
            continue;
        bool err;
        obj_t *v = dict_get_item(h, b, e->key, &err);
        if (!v || !obj_eq(h, e->value, v))
            return false;
    }
    return true;
}

/* Mapping.__eq__ (WeakValueDictionary, WeakKeyDictionary) asks
 * isinstance(other, Mapping): for an instance of a class of the session, the
 * ABC machinery caches that answer in weak sets holding weakrefs to the class,
 * which a collection of the class later frees (and counts). */
static void note_abc_check(heap_t *h, obj_t *x, obj_t *y)
{
    if (x->kind == K_WEAKCONT && x->u.wc.wkind != WC_SET && y->kind == K_INSTANCE) {
        cls_data_t *c = y->u.inst.type->u.cls;
        if (!c->abc_refs)
            c->abc_refs = h->prof->abc_mapping_refs;
    }
}

/* Mapping.__eq__ of a WeakValueDictionary/WeakKeyDictionary with a dict:
 * dict(self.items()) == dict(other.items()), live entries only. */
static bool weakmap_eq_dict(heap_t *h, obj_t *wm, obj_t *d)
{
    obj_t *data = wm->u.wc.data;
    if ((size_t)dict_len(data) != dict_len(d))
        return false;
    for (size_t i = 0; i < data->u.d.nentries; i++) {
        dict_entry_t *e = &data->u.d.entries[i];
        if (!e->key)
            continue;
        bool value_map = wm->u.wc.wkind == WC_VALUEDICT;
        obj_t *key = value_map ? e->key : e->key->u.wr.referent;
        obj_t *value = value_map ? e->value->u.wr.referent : e->value;
        bool err;
        obj_t *other = key ? dict_get_item(h, d, key, &err) : NULL;
        if (!other || !value || !obj_eq(h, value, other))
            return false;
    }
    return true;
}

/* The weak containers' __eq__: WeakSet with WeakSet (same members), the
 * mappings with a mapping of the same kind or with a dict. */
static bool weakcont_eq(heap_t *h, obj_t *a, obj_t *b, bool *decided)
{
    *decided = true;
    if (a->kind == K_WEAKCONT && b->kind == K_WEAKCONT) {
        bool a_set = a->u.wc.wkind == WC_SET, b_set = b->u.wc.wkind == WC_SET;
        if (a_set != b_set)
            return false;
        return obj_eq(h, a->u.wc.data, b->u.wc.data);
    }
    obj_t *wm = a->kind == K_WEAKCONT ? a : b, *d = wm == a ? b : a;
    if (wm->kind == K_WEAKCONT && wm->u.wc.wkind != WC_SET && d->kind == K_DICT)
        return weakmap_eq_dict(h, wm, d);
    *decided = false;
    return false;
}

static bool eq_rec(heap_t *h, obj_t *a, obj_t *b)
{
    if (a == b)
        return true;
    note_abc_check(h, a, b);
    note_abc_check(h, b, a);
    if (a->kind == K_WEAKCONT || b->kind == K_WEAKCONT) {
        bool decided;
        bool eq = weakcont_eq(h, a, b, &decided);
        if (decided)
            return eq;
    }
    if (is_number(a) && is_number(b))
        return num_eq(a, b);
    bool a_set = a->kind == K_SET || a->kind == K_FROZENSET;
    bool b_set = b->kind == K_SET || b->kind == K_FROZENSET;
    if (a_set && b_set)
        return a->u.set.used == b->u.set.used && set_subset(h, a, b);
    if (a->kind != b->kind)
        return false;
    switch ((kind_t)a->kind) {
    case K_STR: return str_eq(a, b);
    case K_BYTES: return a->u.by.len == b->u.by.len && memcmp(a->u.by.data, b->u.by.data, a->u.by.len) == 0;
    case K_TUPLE: case K_LIST:
        if (a->u.seq.len != b->u.seq.len)
            return false;
        for (size_t i = 0; i < a->u.seq.len; i++)
            if (!obj_eq(h, a->u.seq.items[i], b->u.seq.items[i]))
                return false;
        return true;
    case K_DICT: return dict_eq(h, a, b);
    case K_WEAKREF:
        /* weakref_richcompare(): live refs compare their referents */
        if (a->u.wr.referent && b->u.wr.referent)
            return obj_eq(h, a->u.wr.referent, b->u.wr.referent);
        return false;
    default:
        return false;
    }
}

/* Py_EnterRecursiveCall(): nested containers compare and hash recursively;
 * past CPython's default limit the statement raises RecursionError (and the
 * C stack stays bounded whatever the client built). */
#define RECURSION_LIMIT 1000

/* Py_EnterRecursiveCall(where): false with RecursionError past the limit. */
static bool enter_recursive_call(heap_t *h, const char *where)
{
    if (h->cmp_depth >= RECURSION_LIMIT) {
        exc_set(h->exc, ST_PYEXC, "RecursionError", "maximum recursion depth exceeded%s", where);
        return false;
    }
    h->cmp_depth++;
    return true;
}

bool obj_hash(heap_t *h, obj_t *o, int64_t *out)
{
    if (!enter_recursive_call(h, " while calling a Python object"))
        return false;
    bool ok = hash_rec(h, o, out);
    h->cmp_depth--;
    return ok;
}

bool obj_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (!enter_recursive_call(h, " in comparison"))
        return false;
    bool eq = eq_rec(h, a, b);
    h->cmp_depth--;
    return eq;
}
