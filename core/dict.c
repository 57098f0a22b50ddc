/*
 * dict.c — dicts (mirrors Objects/dictobject.c of 3.11).
 *
 * A compact table as CPython's: entries in insertion order (deleted ones
 * stay as holes until a resize), and an index of 1 << log2size slots probed
 * as _Py_dict_lookup() probes (perturbation, i = i*5 + perturb + 1), so a
 * lookup costs what it costs CPython. What is observable follows: the
 * key table's size and usable entries (getsizeof), whether it is a
 * str-only ("unicode") table, entry order, and gc tracking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "repr.h"
#include "str.h"

#define LOG_MINSIZE 3
#define USABLE_FRACTION(n) (((n) << 1) / 3)
#define PERTURB_SHIFT 5
#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)

typedef int32_t ix_t;

obj_t *dict_new(heap_t *h, bool from_freelist)
{
    uint64_t reuse = 0;
    if (from_freelist && h->dict_free.len)
        reuse = h->dict_free.addrs[--h->dict_free.len];
    else
        gc_on_alloc(h);
    obj_t *d = heap_new_object_at(h, K_DICT, (size_t)h->prof->dict_empty, reuse);
    heap_account_size(h, d);
    heap_emit(h, EV_CREATED, d, NULL);
    return d; /* dicts start untracked */
}

static size_t bit_length(size_t x)
{
    size_t n = 0;
    while (x) {
        n++;
        x >>= 1;
    }
    return n;
}

/* mirrors calculate_log2_keysize() */
static uint8_t log2_keysize(size_t minsize) { return (uint8_t)bit_length((minsize | 8) - 1); }

/* mirrors new_keys_object(): an empty table of 1 << log2size slots */
static void new_keys(obj_t *d, uint8_t log2size, bool unicode)
{
    size_t size = (size_t)1 << log2size;
    d->u.d.log2size = log2size;
    d->u.d.usable = (uint32_t)USABLE_FRACTION(size);
    d->u.d.unicode = unicode;
    d->u.d.has_keys = true;
    d->u.d.entries = xcalloc(d->u.d.usable, sizeof(dict_entry_t));
    d->u.d.indices = xmalloc(size * sizeof(ix_t));
    memset(d->u.d.indices, 0xff, size * sizeof(ix_t)); /* DKIX_EMPTY */
    d->u.d.nentries = 0;
}

/* mirrors find_empty_slot(): the first empty (or dummy) index slot of the probe */
static size_t find_empty_slot(const obj_t *d, int64_t hash)
{
    const ix_t *ix = d->u.d.indices;
    size_t mask = ((size_t)1 << d->u.d.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    while (ix[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* mirrors dictresize(): a new table, live entries compacted in order */
static void dict_resize(heap_t *h, obj_t *d, uint8_t log2size, bool unicode)
{
    dict_entry_t *old = d->u.d.entries;
    void *old_ix = d->u.d.indices;
    size_t n = d->u.d.nentries;
    new_keys(d, log2size, unicode && d->u.d.unicode);
    for (size_t i = 0; i < n; i++)
        if (old[i].key) {
            ((ix_t *)d->u.d.indices)[find_empty_slot(d, old[i].hash)] = (ix_t)d->u.d.nentries;
            d->u.d.entries[d->u.d.nentries++] = old[i];
        }
    d->u.d.usable -= d->u.d.used;
    free(old);
    free(old_ix);
    heap_account_size(h, d);
}

static void maintain_tracking(heap_t *h, obj_t *d, obj_t *key, obj_t *value)
{
    if (!(d->flags & OF_TRACKED) && (obj_may_be_tracked(key) || obj_may_be_tracked(value)))
        gc_track(h, d);
}

/*
 * mirrors _Py_dict_lookup(): the entry index of key, DKIX_EMPTY when
 * absent, or DKIX_ERROR (-3) when a comparison raised. *slot is the index
 * slot where the probe ended.
 */
#define DKIX_ERROR (-3)
static ix_t lookup(heap_t *h, obj_t *d, obj_t *key, int64_t hash)
{
    if (!d->u.d.has_keys)
        return DKIX_EMPTY;
    const ix_t *ix = d->u.d.indices;
    size_t mask = ((size_t)1 << d->u.d.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        ix_t e = ix[i];
        if (e == DKIX_EMPTY)
            return DKIX_EMPTY;
        if (e >= 0) {
            dict_entry_t *ep = &d->u.d.entries[e];
            if (ep->key == key)
                return e;
            if (ep->hash == hash) {
                int r = obj_eq(h, ep->key, key);
                if (r < 0)
                    return DKIX_ERROR;
                if (r > 0)
                    return e;
            }
        }
        if (!heap_work(h, 1))
            return DKIX_ERROR;
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* mirrors insertdict() / insert_to_emptydict() */
int dict_set_item(heap_t *h, obj_t *d, obj_t *key, obj_t *value)
{
    int64_t hash;
    if (obj_hash(h, key, &hash) < 0)
        return -1;
    bool key_is_str = key->kind == K_STR && h->prof->dict_unicode_keys;
    if (!d->u.d.has_keys) {
        new_keys(d, LOG_MINSIZE, key_is_str);
        heap_account_size(h, d);
    } else if (d->u.d.unicode && !key_is_str) {
        dict_resize(h, d, log2_keysize((size_t)d->u.d.used * 3), false);
    }
    ix_t e = lookup(h, d, key, hash);
    if (e == DKIX_ERROR)
        return -1;
    maintain_tracking(h, d, key, value);
    if (e == DKIX_EMPTY) {
        if (d->u.d.usable == 0)
            dict_resize(h, d, log2_keysize((size_t)d->u.d.used * 3), true);
        ((ix_t *)d->u.d.indices)[find_empty_slot(d, hash)] = (ix_t)d->u.d.nentries;
        dict_entry_t *ep = &d->u.d.entries[d->u.d.nentries++];
        ep->key = obj_newref(key);
        ep->value = obj_newref(value);
        ep->hash = hash;
        d->u.d.used++;
        d->u.d.usable--;
        return 0;
    }
    dict_entry_t *ep = &d->u.d.entries[e];
    obj_t *old = ep->value;
    ep->value = obj_newref(value);
    obj_decref(h, old);
    return 0;
}

int dict_get_item(heap_t *h, obj_t *d, obj_t *key, obj_t **value)
{
    int64_t hash;
    *value = NULL;
    if (obj_hash(h, key, &hash) < 0)
        return -1;
    ix_t e = lookup(h, d, key, hash);
    if (e == DKIX_ERROR)
        return -1;
    if (e == DKIX_EMPTY)
        return 0;
    *value = d->u.d.entries[e].value;
    return 1;
}

obj_t *dict_get_ascii(heap_t *h, obj_t *d, const char *name)
{
    if (!d->u.d.has_keys)
        return NULL;
    size_t len = strlen(name);
    int64_t hash = str_hash_ascii(h, name, len);
    const ix_t *ix = d->u.d.indices;
    size_t mask = ((size_t)1 << d->u.d.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        ix_t e = ix[i];
        if (e == DKIX_EMPTY)
            return NULL;
        if (e >= 0) {
            dict_entry_t *ep = &d->u.d.entries[e];
            if (ep->hash == hash && ep->key->kind == K_STR && str_eq_ascii(ep->key, name, len))
                return ep->value;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

void dict_raise_key_error(heap_t *h, obj_t *key)
{
    char *r = obj_repr_str(h, key);
    exc_set(h->exc, ST_PYEXC, "KeyError", "%s", r);
    free(r);
}

/* mirrors delitem_common(): the entry becomes a dummy; key then value released */
int dict_del_item(heap_t *h, obj_t *d, obj_t *key)
{
    int64_t hash;
    if (obj_hash(h, key, &hash) < 0)
        return -1;
    ix_t e = lookup(h, d, key, hash);
    if (e == DKIX_ERROR)
        return -1;
    if (e == DKIX_EMPTY) {
        dict_raise_key_error(h, key);
        return -1;
    }
    /* the index slot that holds e becomes DKIX_DUMMY */
    ix_t *ix = d->u.d.indices;
    size_t mask = ((size_t)1 << d->u.d.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    while (ix[i] != e) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    ix[i] = DKIX_DUMMY;
    dict_entry_t *ep = &d->u.d.entries[e];
    obj_t *k = ep->key, *v = ep->value;
    ep->key = ep->value = NULL;
    d->u.d.used--;
    obj_decref(h, k);
    obj_decref(h, v);
    return 0;
}

/* mirrors _PyDict_FromItems(): presized when more than 5 items */
obj_t *dict_from_items(heap_t *h, obj_t **kv, size_t n)
{
    bool unicode = h->prof->dict_unicode_keys;
    for (size_t i = 0; i < n; i++)
        if (kv[2 * i]->kind != K_STR)
            unicode = false;
    obj_t *d = dict_new(h, true);
    if (n > 5) {
        new_keys(d, log2_keysize((n * 3 + 1) / 2), unicode);
        heap_account_size(h, d);
    }
    heap_push_temp(h, d);
    for (size_t i = 0; i < n; i++)
        if (dict_set_item(h, d, kv[2 * i], kv[2 * i + 1]) < 0) {
            h->ntemps--;
            obj_decref(h, d);
            return NULL;
        }
    h->ntemps--;
    return d;
}

/* mirrors _PyDict_MaybeUntrack() */
void dict_maybe_untrack(heap_t *h, obj_t *d)
{
    if (d->flags & OF_STATIC)
        return; /* the module's namespace holds __builtins__ and the like: always tracked */
    for (size_t i = 0; i < d->u.d.nentries; i++) {
        dict_entry_t *e = &d->u.d.entries[i];
        if (e->key && (obj_may_be_tracked(e->key) || obj_may_be_tracked(e->value)))
            return;
    }
    gc_untrack(h, d);
}

size_t dict_len(const obj_t *d) { return d->u.d.used; }

/* The slots ------------------------------------------------------------------- */

/* dict_traverse(): values only for str-keyed tables, else value then key */
static int dict_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    for (size_t i = 0; i < o->u.d.nentries; i++) {
        dict_entry_t *e = &o->u.d.entries[i];
        if (!e->key)
            continue;
        if ((r = visit(e->value, arg)) != 0)
            return r;
        if (!o->u.d.unicode && (r = visit(e->key, arg)) != 0)
            return r;
    }
    return 0;
}

static int dict_each_ref(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    for (size_t i = 0; i < o->u.d.nentries; i++) {
        dict_entry_t *e = &o->u.d.entries[i];
        if (e->key && ((r = visit(e->key, arg)) != 0 || (r = visit(e->value, arg)) != 0))
            return r;
    }
    return 0;
}

static void dict_free(obj_t *o)
{
    free(o->u.d.entries);
    free(o->u.d.indices);
}

/* The entries released first to last, key then value (dict_dealloc,
 * free_keys_object) */
static void release_entries(heap_t *h, dict_entry_t *entries, void *indices, size_t n)
{
    free(indices);
    for (size_t i = 0; i < n; i++) {
        if (entries[i].key)
            obj_decref(h, entries[i].key);
        if (entries[i].value)
            obj_decref(h, entries[i].value);
    }
    free(entries);
}

static void take_table(obj_t *o, dict_entry_t **entries, void **indices, size_t *n)
{
    *entries = o->u.d.entries;
    *indices = o->u.d.indices;
    *n = o->u.d.nentries;
    o->u.d.entries = NULL;
    o->u.d.indices = NULL;
    o->u.d.nentries = o->u.d.used = o->u.d.usable = 0;
    o->u.d.has_keys = false;
}

/* PyDict_Clear(): back to the empty keys, then release */
static void dict_clear(heap_t *h, obj_t *o)
{
    dict_entry_t *e;
    void *ix;
    size_t n;
    take_table(o, &e, &ix, &n);
    heap_account_size(h, o);
    release_entries(h, e, ix, n);
}

static void dict_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    dict_entry_t *e;
    void *ix;
    size_t n;
    take_table(o, &e, &ix, &n);
    release_entries(h, e, ix, n);
    heap_release_object(h, o, &h->dict_free, (size_t)h->prof->dict_freelist);
}

/* mirrors DK_IXSIZE() in Objects/dictobject.c */
static int index_bytes(size_t log2size) { return log2size < 8 ? 1 : log2size < 16 ? 2 : log2size < 32 ? 4 : 8; }

/* dict_sizeof(): the object, and its key table unless it is the empty one */
static int64_t dict_size(const heap_t *h, const obj_t *o)
{
    const profile_t *p = h->prof;
    if (!o->u.d.has_keys)
        return p->dict_empty;
    size_t slots = (size_t)1 << o->u.d.log2size;
    size_t usable = 2 * slots / 3;
    int e = o->u.d.unicode ? p->dict_entry_unicode : p->dict_entry_general;
    return p->dict_empty + p->dict_header + (int64_t)slots * index_bytes(o->u.d.log2size) + (int64_t)usable * e;
}

/* dict_equal(): same length, each key of a found in b with an equal value */
static int dict_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (b->kind != K_DICT)
        return NOT_IMPLEMENTED;
    if (a->u.d.used != b->u.d.used)
        return 0;
    for (size_t i = 0; i < a->u.d.nentries; i++) {
        dict_entry_t *e = &a->u.d.entries[i];
        if (!e->key)
            continue;
        obj_t *key = obj_newref(e->key), *aval = obj_newref(e->value), *bval;
        int r = dict_get_item(h, b, key, &bval);
        if (r > 0)
            r = obj_eq(h, aval, bval);
        obj_decref(h, key);
        obj_decref(h, aval);
        if (r <= 0)
            return r;
        if (i >= a->u.d.nentries)
            break;
    }
    return 1;
}

/* dict_repr() */
static void dict_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    if (o->u.d.used == 0) {
        sb_puts(&r->sb, "{}");
        return;
    }
    if (!repr_enter(r, o)) {
        sb_puts(&r->sb, "{...}");
        return;
    }
    bool first = true;
    sb_putc(&r->sb, '{');
    for (size_t i = 0; i < o->u.d.nentries && !repr_full(r); i++) {
        dict_entry_t *e = &o->u.d.entries[i];
        if (!e->key)
            continue;
        if (!first)
            sb_puts(&r->sb, ", ");
        first = false;
        repr_obj(r, e->key);
        sb_puts(&r->sb, ": ");
        repr_obj(r, e->value);
    }
    sb_putc(&r->sb, '}');
    repr_leave(r, o);
}

static int dict_len_slot(heap_t *h, obj_t *o, int64_t *out)
{
    *out = (int64_t)o->u.d.used;
    return 0;
}

static int dict_contains(heap_t *h, obj_t *o, obj_t *key)
{
    obj_t *v;
    return dict_get_item(h, o, key, &v);
}

/* dict_subscript(): KeyError(key) when missing */
static obj_t *dict_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    obj_t *v;
    int r = dict_get_item(h, o, key, &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        dict_raise_key_error(h, key);
        return NULL;
    }
    return obj_newref(v);
}

static int dict_setitem(heap_t *h, obj_t *o, obj_t *key, obj_t *v)
{
    return v ? dict_set_item(h, o, key, v) : dict_del_item(h, o, key);
}

static void dict_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    for (size_t i = 0; i < o->u.d.nentries; i++) {
        dict_entry_t *e = &o->u.d.entries[i];
        if (!e->key)
            continue;
        char *k = obj_repr_str(h, e->key);
        char *label = xmalloc(strlen(k) + 3);
        sprintf(label, "[%s]", k);
        fn(EDGE_KEY, "key", e->key->addr, arg);
        fn(EDGE_KEY_VALUE, label, e->value->addr, arg);
        free(label);
        free(k);
    }
}

const type_ops_t dict_type = {
    .name = "dict", .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE, .dealloc = dict_dealloc,
    .free_payload = dict_free, .traverse = dict_traverse, .each_ref = dict_each_ref, .clear = dict_clear,
    .size = dict_size, .eq = dict_eq, .repr = dict_repr, .len = dict_len_slot, .contains = dict_contains,
    .getitem = dict_getitem, .setitem = dict_setitem, .edges = dict_edges,
};
