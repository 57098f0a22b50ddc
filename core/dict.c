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
#include "method.h"
#include "mem.h"
#include "pycall.h"
#include "repr.h"
#include "str.h"

#define LOG_MINSIZE 3
#define USABLE_FRACTION(n) (((n) << 1) / 3)
#define PERTURB_SHIFT 5
/* Entries a walk reads for a unit of the budget: deleting keeps an entry
 * as a hole until the next resize, so one key can sit among 200,000 holes,
 * which `==`, iteration and merging read whole (`==` of two lists of 900
 * such dicts ran 0.1 s for a unit a dict). */
#define ENTRIES_PER_UNIT 8

/* Pays for reading the whole of d's entries (a split table has no holes:
 * its order lists the live ones); false (the `budget` error set) once the
 * budget is spent */
size_t dict_walk_units(const obj_t *d)
{
    return d->u.d.split ? 0 : d->u.d.nentries / ENTRIES_PER_UNIT;
}

static bool pay_entries(heap_t *h, const obj_t *d)
{
    return heap_work(h, (int64_t)dict_walk_units(d));
}
#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)

typedef int32_t ix_t;

/*
 * Shared keys (a PyDictKeysObject of kind DICT_KEYS_SPLIT; 3.10: with
 * dk_lookup == lookdict_split): a class's ht_cached_keys, shared by the
 * split dicts of its instances (and on 3.11+ by their inline values), each
 * of which keeps only values indexed like the entries, and the order they
 * were inserted in (_PyDictValues; 3.10 inserts in index order only). The
 * heap lists every live table (heap_check counts their key references).
 */
struct dict_keys {
    int64_t refcnt;
    uint8_t log2size;
    uint32_t usable, nentries;
    dict_entry_t *entries; /* key and hash; the values are the dicts' */
    ix_t *indices;
    obj_t *sharers; /* the split dicts using it, through u.d.share_next */
    dict_keys_t *prev, *next;
};

/* A key table as a lookup sees it: the dict's own, or the shared one. */
typedef struct {
    dict_entry_t *entries;
    ix_t *indices;
    uint8_t log2size;
} table_t;

/* A split dict's values: room for every entry the table can take, then
 * the insertion order (indices, d->u.d.used of them), then the handle of
 * the PyMem block CPython's array takes (values_block(); kept here, as
 * obj_t has no room for it). */
static size_t values_cap(const dict_keys_t *k)
{
    return USABLE_FRACTION((size_t)1 << k->log2size);
}

static obj_t **values_new(const dict_keys_t *k, uint64_t mem)
{
    size_t cap = values_cap(k), at = cap * (sizeof(obj_t *) + sizeof(uint32_t));
    obj_t **v = xcalloc(1, at + sizeof mem);
    memcpy((char *)v + at, &mem, sizeof mem);
    return v;
}

static uint64_t values_mem(obj_t *const *values, const dict_keys_t *k)
{
    uint64_t mem;
    memcpy(&mem, (const char *)values + values_cap(k) * (sizeof(obj_t *) + sizeof(uint32_t)), sizeof mem);
    return mem;
}

uint64_t dict_values_mem(const obj_t *d)
{
    return d->u.d.split ? values_mem(d->u.d.values, d->u.d.shared) : MEM_NONE;
}

/* 3.10 new_values(): PyMem_NEW(PyObject *, size), size = USABLE_FRACTION(DK_SIZE(keys)), taken
 * before the dict that holds it (new_dict_with_shared_keys(), make_keys_shared()) and freed by
 * free_values() once its values are dropped (dict_dealloc(), PyDict_Clear(), dictresize()) */
static uint64_t values_block(heap_t *h, const dict_keys_t *k)
{
    return h->prof->split_values_block ? heap_mem_alloc(h, values_cap(k) * sizeof(obj_t *)) : MEM_NONE;
}

static uint32_t *values_order(const obj_t *d)
{
    return (uint32_t *)(d->u.d.values + values_cap(d->u.d.shared));
}

static table_t table_of(const obj_t *d)
{
    if (d->u.d.split)
        return (table_t){d->u.d.shared->entries, d->u.d.shared->indices, d->u.d.shared->log2size};
    return (table_t){d->u.d.entries, d->u.d.indices, d->u.d.log2size};
}

/* dictobject.c's free list, start-up's entries in the pools profile
 * startup_dict_pools names, else region 1 */
static freelist_t dict_freelist(heap_t *h)
{
    return (freelist_t){&h->dict_free,
                        &h->dict_startup,
                        heap_startup_region(h, 1),
                        K_DICT,
                        h->prof->dict_empty,
                        (size_t)h->prof->dict_freelist,
                        h->prof->startup_dict_pools};
}

obj_t *dict_new(heap_t *h, bool from_freelist)
{
    freelist_t fl = dict_freelist(h);
    uint64_t reuse = from_freelist ? heap_freelist_pop(h, &fl) : 0;
    obj_t *d = heap_new_object_at(h, K_DICT, (size_t)h->prof->dict_empty, reuse);
    heap_account_growable(h, d, 5, 4); /* insertion_resize(): used * 3 */
    heap_emit(h, EV_CREATED, d, NULL);
    return d; /* dicts start untracked */
}

obj_t *dict_interp(heap_t *h, bool from_freelist)
{
    h->quiet_events++;
    obj_t *d = heap_interp_made(h, dict_new(h, from_freelist));
    h->quiet_events--;
    return d;
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
static uint8_t log2_keysize(size_t minsize)
{
    return (uint8_t)bit_length((minsize | 8) - 1);
}

/* mirrors new_keys_object(): an empty table of 1 << log2size slots */
static void new_keys(obj_t *d, uint8_t log2size, bool unicode)
{
    size_t size = (size_t)1 << log2size;
    d->u.d.log2size = log2size;
    d->u.d.usable = (uint32_t)USABLE_FRACTION(size);
    d->u.d.unicode = unicode;
    d->u.d.has_keys = true;
    d->u.d.split = false;
    d->u.d.entries = xcalloc(d->u.d.usable, sizeof(dict_entry_t));
    d->u.d.indices = xmalloc(size * sizeof(ix_t));
    memset(d->u.d.indices, 0xff, size * sizeof(ix_t)); /* DKIX_EMPTY */
    d->u.d.nentries = 0;
}

/* mirrors find_empty_slot(): the first empty (or dummy) index slot of the probe */
static size_t find_empty_slot(table_t t, int64_t hash)
{
    size_t mask = ((size_t)1 << t.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    while (t.indices[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* mirrors dictresize() of a combined table: a new one, live entries compacted in order */
static void dict_resize(heap_t *h, obj_t *d, uint8_t log2size, bool unicode)
{
    HEAPD_ASSERT(!d->u.d.split);
    dict_entry_t *old = d->u.d.entries;
    void *old_ix = d->u.d.indices;
    size_t n = d->u.d.nentries;
    new_keys(d, log2size, unicode && d->u.d.unicode);
    table_t t = table_of(d);
    for (size_t i = 0; i < n; i++)
        if (old[i].key) {
            t.indices[find_empty_slot(t, old[i].hash)] = (ix_t)d->u.d.nentries;
            d->u.d.entries[d->u.d.nentries++] = old[i];
        }
    d->u.d.usable -= d->u.d.used;
    free(old);
    free(old_ix);
    heap_account_growable(h, d, 5, 4);
}

/* Shared keys ------------------------------------------------------------------- */

static void sharers_link(obj_t *d, dict_keys_t *k)
{
    d->u.d.share_prev = NULL;
    d->u.d.share_next = k->sharers;
    if (k->sharers)
        k->sharers->u.d.share_prev = d;
    k->sharers = d;
}

static void sharers_unlink(obj_t *d, dict_keys_t *k)
{
    if (d->u.d.share_prev)
        d->u.d.share_prev->u.d.share_next = d->u.d.share_next;
    else
        k->sharers = d->u.d.share_next;
    if (d->u.d.share_next)
        d->u.d.share_next->u.d.share_prev = d->u.d.share_prev;
    d->u.d.share_prev = d->u.d.share_next = NULL;
}

static dict_keys_t *keys_register(heap_t *h, dict_keys_t *k)
{
    k->next = h->shared_keys;
    if (k->next)
        k->next->prev = k;
    h->shared_keys = k;
    return k;
}

dict_keys_t *dict_keys_new_for_class(heap_t *h)
{
    dict_keys_t *k = xcalloc(1, sizeof *k);
    size_t size = (size_t)1 << h->prof->class_keys_log2size;
    k->refcnt = 1;
    k->log2size = (uint8_t)h->prof->class_keys_log2size;
    k->usable = (uint32_t)h->prof->shared_keys_usable; /* 3.11+: SHARED_KEYS_MAX_SIZE of 42 */
    k->entries = xcalloc(k->usable, sizeof(dict_entry_t));
    k->indices = xmalloc(size * sizeof(ix_t));
    memset(k->indices, 0xff, size * sizeof(ix_t));
    return keys_register(h, k);
}

int64_t dict_keys_refcnt(const dict_keys_t *k)
{
    return k->refcnt;
}
size_t dict_keys_nentries(const dict_keys_t *k)
{
    return k->nentries;
}
size_t dict_keys_usable(const dict_keys_t *k)
{
    return k->usable;
}
obj_t *dict_keys_name(const dict_keys_t *k, size_t i)
{
    return k->entries[i].key;
}

/* The sharers' sizes follow the table's usable entries (3.11+). */
static void account_sharers(heap_t *h, dict_keys_t *k)
{
    for (obj_t *d = k->sharers; d; d = d->u.d.share_next)
        heap_account_growable(h, d, 5, 4);
}

int dict_keys_index(heap_t *h, const dict_keys_t *k, const char *name)
{
    size_t len = strlen(name);
    int64_t hash = str_hash_utf8(h, name, len);
    size_t mask = ((size_t)1 << k->log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        ix_t e = k->indices[i];
        if (e == DKIX_EMPTY)
            return -1;
        if (e >= 0) {
            const dict_entry_t *ep = &k->entries[e];
            if (ep->hash == hash && ep->key->kind == K_STR && str_eq_utf8(ep->key, name, len))
                return e;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Adds key (a str) as entry nentries; the caller made sure it is absent and fits. */
static ix_t keys_add(dict_keys_t *k, obj_t *key, int64_t hash)
{
    table_t t = {k->entries, k->indices, k->log2size};
    ix_t ix = (ix_t)k->nentries;
    t.indices[find_empty_slot(t, hash)] = ix;
    k->entries[ix] = (dict_entry_t){.key = obj_newref(key), .value = NULL, .hash = hash};
    k->usable--;
    k->nentries++;
    return ix;
}

int dict_keys_insert(heap_t *h, dict_keys_t *k, obj_t *name)
{
    char *utf8 = str_to_utf8(name);
    int ix = dict_keys_index(h, k, utf8);
    free(utf8);
    if (ix >= 0)
        return ix;
    if (k->usable == 0)
        return -1;
    int64_t hash;
    obj_hash(h, name, &hash); /* a str: cannot fail */
    return keys_add(k, name, hash);
}

void dict_keys_instance_made(heap_t *h, dict_keys_t *k)
{
    if (k->usable > 1) {
        k->usable--;
        account_sharers(h, k);
    }
}

/* dictkeys_decref(): at zero the keys are released in entry order. A dict
 * left as the only holder counts the table in its sizeof from then on. */
void dict_keys_decref(heap_t *h, dict_keys_t *k)
{
    HEAPD_ASSERT(k->refcnt > 0);
    if (--k->refcnt > 0) {
        if (k->refcnt == 1 && k->sharers)
            heap_account_size(h, k->sharers);
        return;
    }
    HEAPD_ASSERT(!k->sharers);
    if (k->prev)
        k->prev->next = k->next;
    else
        h->shared_keys = k->next;
    if (k->next)
        k->next->prev = k->prev;
    dict_entry_t *entries = k->entries;
    size_t n = k->nentries;
    free(k->indices);
    free(k);
    for (size_t i = 0; i < n; i++)
        obj_decref(h, entries[i].key);
    free(entries);
}

/* mirrors DK_IXSIZE() in Objects/dictobject.c */
static int index_bytes(size_t log2size)
{
    return log2size < 8 ? 1 : log2size < 16 ? 2 : log2size < 32 ? 4 : 8;
}

/* _PyDict_KeysSize() of a table of 1 << log2size slots */
static int64_t keys_size(const profile_t *p, uint8_t log2size, bool unicode)
{
    size_t slots = (size_t)1 << log2size;
    int e = unicode ? p->dict_entry_unicode : p->dict_entry_general;
    return p->dict_header + (int64_t)slots * index_bytes(log2size) + (int64_t)USABLE_FRACTION(slots) * e;
}

int64_t dict_keys_size(const heap_t *h, const dict_keys_t *k)
{
    return keys_size(h->prof, k->log2size, true);
}

obj_t *dict_new_shared(heap_t *h, dict_keys_t *k)
{
    uint64_t mem = values_block(h, k);
    obj_t *d = dict_new(h, true);
    k->refcnt++;
    d->u.d.split = true;
    d->u.d.has_keys = true;
    d->u.d.unicode = true;
    d->u.d.shared = k;
    d->u.d.values = values_new(k, mem);
    sharers_link(d, k);
    heap_account_growable(h, d, 5, 4);
    return d;
}

obj_t *dict_from_values(heap_t *h, dict_keys_t *k, obj_t **values, const uint32_t *order, size_t n)
{
    obj_t *d = dict_new_shared(h, k);
    bool track = false;
    for (size_t i = 0; i < n; i++) {
        d->u.d.values[order[i]] = values[order[i]];
        values_order(d)[i] = order[i];
        track |= obj_may_be_tracked(values[order[i]]);
    }
    d->u.d.used = (uint32_t)n;
    if (track)
        gc_track(h, d);
    return d;
}

bool dict_shares(const obj_t *d, const dict_keys_t *k)
{
    return d->u.d.split && d->u.d.shared == k;
}

/* dictresize() of a split table: a combined one of 1 << log2size slots
 * taking the keys (new references) and the values, in insertion order */
static void split_to_combined(heap_t *h, obj_t *d, uint8_t log2size)
{
    dict_keys_t *k = d->u.d.shared;
    obj_t **values = d->u.d.values;
    uint64_t mem = values_mem(values, k);
    const uint32_t *order = values_order(d);
    size_t n = d->u.d.used;
    sharers_unlink(d, k); /* before the combined table's fields take the links' place */
    new_keys(d, log2size, true);
    table_t t = table_of(d);
    for (size_t i = 0; i < n; i++) {
        uint32_t ix = order[i];
        HEAPD_ASSERT(values[ix]);
        dict_entry_t *e = &d->u.d.entries[i];
        e->key = obj_newref(k->entries[ix].key);
        e->hash = k->entries[ix].hash;
        e->value = values[ix];
        t.indices[find_empty_slot(t, e->hash)] = (ix_t)i;
    }
    d->u.d.nentries = (uint32_t)n;
    d->u.d.usable -= (uint32_t)n;
    free(values);
    heap_mem_free(h, mem);
    dict_keys_decref(h, k);
    heap_account_growable(h, d, 5, 4);
}

/* mirrors insertion_resize(): GROWTH_RATE, used * 3 */
static void insertion_resize(heap_t *h, obj_t *d)
{
    uint8_t log2size = log2_keysize((size_t)d->u.d.used * 3);
    if (d->u.d.split)
        split_to_combined(h, d, log2size);
    else
        dict_resize(h, d, log2size, true);
}

dict_keys_t *dict_make_keys_shared(heap_t *h, obj_t *d)
{
    if (!d->u.d.split) {
        if (!d->u.d.has_keys || !d->u.d.unicode)
            return NULL; /* lookdict: not str keys only */
        if (d->u.d.nentries != d->u.d.used)
            dict_resize(h, d, d->u.d.log2size, true); /* lookdict_unicode: remove the dummies */
        dict_keys_t *k = xcalloc(1, sizeof *k);
        k->refcnt = 1;
        k->log2size = d->u.d.log2size;
        k->usable = d->u.d.usable;
        k->nentries = d->u.d.nentries;
        k->entries = d->u.d.entries;
        k->indices = d->u.d.indices;
        obj_t **values = values_new(k, values_block(h, k));
        d->u.d.split = true;
        d->u.d.values = values;
        d->u.d.shared = keys_register(h, k);
        for (size_t i = 0; i < k->nentries; i++) {
            values[i] = k->entries[i].value;
            values_order(d)[i] = (uint32_t)i;
            k->entries[i].value = NULL;
        }
        sharers_link(d, k);
    }
    d->u.d.shared->refcnt++;
    heap_account_growable(h, d, 5, 4);
    return d->u.d.shared;
}

void dict_keys_each_ref(heap_t *h, visit_fn visit, void *arg)
{
    for (dict_keys_t *k = h->shared_keys; k; k = k->next)
        for (size_t i = 0; i < k->nentries; i++)
            visit(k->entries[i].key, arg);
}

void dict_keys_free_all(heap_t *h)
{
    while (h->shared_keys) {
        dict_keys_t *k = h->shared_keys;
        h->shared_keys = k->next;
        free(k->entries);
        free(k->indices);
        free(k);
    }
}

/* Lookups and updates ----------------------------------------------------------- */

static void maintain_tracking(heap_t *h, obj_t *d, obj_t *key, obj_t *value)
{
    if (!(d->flags & OF_TRACKED) && (obj_may_be_tracked(key) || obj_may_be_tracked(value)))
        gc_track(h, d);
}

/*
 * mirrors _Py_dict_lookup() (3.10: lookdict*): the entry index of key,
 * DKIX_EMPTY when absent, or DKIX_ERROR (-3) when a comparison raised. In a
 * split table the key may be there while this dict has no value for it.
 */
#define DKIX_ERROR (-3)
static ix_t lookup(heap_t *h, obj_t *d, obj_t *key, int64_t hash)
{
    if (!d->u.d.has_keys)
        return DKIX_EMPTY;
    table_t t = table_of(d);
    size_t mask = ((size_t)1 << t.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        ix_t e = t.indices[i];
        if (e == DKIX_EMPTY)
            return DKIX_EMPTY;
        if (e >= 0) {
            dict_entry_t *ep = &t.entries[e];
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

/* The value at entry e, NULL when this (split) dict has none there. */
static obj_t *value_at(const obj_t *d, ix_t e)
{
    return d->u.d.split ? d->u.d.values[e] : d->u.d.entries[e].value;
}

/*
 * insertdict() on a split table: 0 when done, 1 when the table had to be
 * combined (then the key goes in as a new entry). A new key joins the
 * shared table while it has room. 3.10 shares only what follows the shared
 * order: a key out of it, or past this dict's values, combines the table.
 */
static int split_insert(heap_t *h, obj_t *d, obj_t *key, int64_t hash, obj_t *value, ix_t e)
{
    dict_keys_t *k = d->u.d.shared;
    obj_t **values = d->u.d.values;
    if (!h->prof->split_ordered && ((e >= 0 && !values[e] && d->u.d.used != (uint32_t)e) ||
                                    (e == DKIX_EMPTY && d->u.d.used != k->nentries))) {
        insertion_resize(h, d);
        return 1;
    }
    if (e == DKIX_EMPTY) {
        if (k->usable == 0) {
            insertion_resize(h, d);
            return 1;
        }
        e = keys_add(k, key, hash);
    }
    obj_t *old = values[e];
    values[e] = obj_newref(value);
    if (old)
        obj_decref(h, old);
    else
        values_order(d)[d->u.d.used++] = (uint32_t)e; /* _PyDictValues_AddToInsertionOrder */
    return 0;
}

/* The undo record of the dict dict.update() is changing, as set.update()'s
 * (core/set.c): a budget spent midway (colliding keys pay their probes as
 * they meet them, and what that costs is known only then) puts the dict
 * back as it was, so that `422 budget` changes nothing; it kept the pairs
 * stored before it (1,391 of 3,000 colliding ints). The table is copied
 * when the update starts (its arrays: no references of their own), and a
 * value the update replaces is held, not released, until the update ends:
 * then it goes (and may die), in the order the update replaced them; nothing
 * that runs in between can see the dict. Another error leaves what was
 * stored, as CPython does. */
typedef struct dict_undo {
    obj_t *dict;
    struct dict_undo *outer;
    dict_entry_t *entries; /* the table the update found (NULL: none) */
    void *indices;
    uint32_t nentries, usable, used;
    uint8_t log2size;
    bool unicode, has_keys, tracked;
    obj_t **replaced; /* the values it replaced, held */
    size_t nreplaced, capreplaced;
} dict_undo_t;

/* insertdict()'s Py_DECREF(old_value), held back while d's update may be undone */
static void release_replaced(heap_t *h, obj_t *d, obj_t *old)
{
    dict_undo_t *u = h->dict_undo;
    if (!u || u->dict != d) {
        obj_decref(h, old);
        return;
    }
    if (u->nreplaced == u->capreplaced) {
        u->capreplaced = u->capreplaced ? u->capreplaced * 2 : 16;
        u->replaced = xrealloc(u->replaced, u->capreplaced * sizeof *u->replaced);
    }
    u->replaced[u->nreplaced++] = old;
}

static void undo_begin(heap_t *h, obj_t *d, dict_undo_t *u)
{
    HEAPD_ASSERT(!d->u.d.split);
    memset(u, 0, sizeof *u);
    u->dict = d;
    u->outer = h->dict_undo;
    u->has_keys = d->u.d.has_keys;
    u->tracked = (d->flags & OF_TRACKED) != 0;
    if (u->has_keys) {
        size_t size = (size_t)1 << d->u.d.log2size, cap = USABLE_FRACTION(size);
        u->entries = xmalloc(cap * sizeof *u->entries);
        memcpy(u->entries, d->u.d.entries, cap * sizeof *u->entries);
        u->indices = xmalloc(size * sizeof(ix_t));
        memcpy(u->indices, d->u.d.indices, size * sizeof(ix_t));
        u->nentries = d->u.d.nentries;
        u->usable = d->u.d.usable;
        u->used = d->u.d.used;
        u->log2size = d->u.d.log2size;
        u->unicode = d->u.d.unicode;
    }
    h->dict_undo = u;
}

/* Ends the update: undone (the table it found back, the references it took
 * gone) when the budget stopped it; the values it replaced are released */
static void undo_end(heap_t *h, dict_undo_t *u, bool undo)
{
    obj_t *d = u->dict;
    h->dict_undo = u->outer;
    if (undo) {
        for (size_t i = 0; i < u->nentries; i++) /* the table found first: nothing dies */
            if (u->entries[i].key) {
                obj_incref(u->entries[i].key);
                obj_incref(u->entries[i].value);
            }
        if (d->u.d.has_keys) {
            for (size_t i = 0; i < d->u.d.nentries; i++)
                if (d->u.d.entries[i].key) {
                    obj_decref(h, d->u.d.entries[i].key);
                    obj_decref(h, d->u.d.entries[i].value);
                }
            free(d->u.d.entries);
            free(d->u.d.indices);
        }
        d->u.d.has_keys = u->has_keys;
        d->u.d.entries = u->entries;
        d->u.d.indices = u->indices;
        d->u.d.nentries = u->nentries;
        d->u.d.usable = u->usable;
        d->u.d.used = u->used;
        d->u.d.log2size = u->log2size;
        d->u.d.unicode = u->unicode;
        u->entries = NULL;
        u->indices = NULL;
        if (!u->tracked && (d->flags & OF_TRACKED))
            gc_untrack(h, d);
        heap_account_size(h, d);
    }
    free(u->entries);
    free(u->indices);
    for (size_t i = 0; i < u->nreplaced; i++)
        obj_decref(h, u->replaced[i]);
    free(u->replaced);
}

/* mirrors insertdict() / insert_to_emptydict() */
int dict_set_item(heap_t *h, obj_t *d, obj_t *key, obj_t *value)
{
    int64_t hash;
    if (obj_hash(h, key, &hash) < 0)
        return -1;
    bool key_is_str = key->kind == K_STR;
    if (!d->u.d.has_keys) {
        new_keys(d, LOG_MINSIZE, key_is_str);
        heap_account_growable(h, d, 5, 4);
    } else if (d->u.d.split && !key_is_str) {
        insertion_resize(h, d);
    } else if (d->u.d.unicode && !key_is_str) {
        if (h->prof->dict_unicode_keys) /* 3.11+: str-only entries are smaller: a new table */
            dict_resize(h, d, log2_keysize((size_t)d->u.d.used * 3), false);
        else /* 3.10: lookdict_unicode gives way to lookdict in place */
            d->u.d.unicode = false;
    }
    ix_t e = lookup(h, d, key, hash);
    if (e == DKIX_ERROR)
        return -1;
    maintain_tracking(h, d, key, value);
    if (d->u.d.split) {
        int r = split_insert(h, d, key, hash, value, e);
        if (r == 0)
            return 0;
        e = DKIX_EMPTY;
    }
    if (e == DKIX_EMPTY) {
        if (d->u.d.usable == 0)
            dict_resize(h, d, log2_keysize((size_t)d->u.d.used * 3), true);
        table_t t = table_of(d);
        t.indices[find_empty_slot(t, hash)] = (ix_t)d->u.d.nentries;
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
    release_replaced(h, d, old);
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
    *value = value_at(d, e);
    return *value != NULL;
}

obj_t *dict_get_utf8(heap_t *h, obj_t *d, const char *name)
{
    if (!d->u.d.has_keys)
        return NULL;
    size_t len = strlen(name);
    int64_t hash = str_hash_utf8(h, name, len);
    table_t t = table_of(d);
    size_t mask = ((size_t)1 << t.log2size) - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        ix_t e = t.indices[i];
        if (e == DKIX_EMPTY)
            return NULL;
        if (e >= 0) {
            dict_entry_t *ep = &t.entries[e];
            if (ep->key && ep->hash == hash && ep->key->kind == K_STR && str_eq_utf8(ep->key, name, len))
                return value_at(d, e);
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* KeyError(key)'s message, str() of it, is the key's whole repr in CPython:
 * here at most this many bytes, then cut like a descriptor's repr (`…`).
 * A key's repr has no bound of its own: a tuple of two tuples of two ...
 * 25 deep prints 268 MB, in 9 s. */
#define KEY_ERROR_MAX_REPR ((size_t)1 << 20)
/* A dict entry's label in GET graph, "[repr(key)]": cut as the default
 * --max-repr cuts a descriptor's (a page of 10,000 dicts sharing a 100 MB
 * key wrote 10,000 copies of it). A reference path never takes one that
 * long (heap.c's PATH_MAX_LABEL). */
#define EDGE_LABEL_MAX_REPR 1000

void dict_raise_key_error(heap_t *h, obj_t *key)
{
    char *r = obj_repr_capped(h, key, KEY_ERROR_MAX_REPR, NULL);
    heap_exc_long(h, "KeyError", r);
    free(r);
}

/* mirrors _PyDict_DelItem_KnownHash() and delitem_common(): the entry
 * becomes a dummy, then key and value are released; a split table loses
 * the value (3.10: is combined first) */
int dict_del_item(heap_t *h, obj_t *d, obj_t *key)
{
    int64_t hash;
    if (obj_hash(h, key, &hash) < 0)
        return -1;
    ix_t e = lookup(h, d, key, hash);
    if (e == DKIX_ERROR)
        return -1;
    if (e == DKIX_EMPTY || !value_at(d, e)) {
        dict_raise_key_error(h, key);
        return -1;
    }
    if (d->u.d.split && h->prof->split_ordered) {
        /* the value goes, the key stays shared (delete_index_from_values) */
        uint32_t *order = values_order(d);
        size_t n = d->u.d.used, at = 0;
        while (order[at] != (uint32_t)e)
            at++;
        memmove(order + at, order + at + 1, (n - at - 1) * sizeof *order);
        obj_t *v = d->u.d.values[e];
        d->u.d.values[e] = NULL;
        d->u.d.used--;
        obj_decref(h, v);
        return 0;
    }
    if (d->u.d.split) { /* 3.10: a split table allows no deletion: combined first */
        split_to_combined(h, d, d->u.d.shared->log2size);
        if ((e = lookup(h, d, key, hash)) < 0)
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

/* _PyDict_FromItems() on pairs nothing else moves */
static obj_t *dict_from_pairs(heap_t *h, obj_t **kv, size_t n)
{
    bool unicode = true;
    for (size_t i = 0; i < n; i++)
        if (kv[2 * i]->kind != K_STR)
            unicode = false;
    obj_t *d = dict_new(h, true);
    if (n > 5) {
        new_keys(d, log2_keysize((n * 3 + 1) / 2), unicode);
        heap_account_growable(h, d, 5, 4);
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

/* mirrors _PyDict_FromItems(): presized when more than 5 items. kv may
 * point into the temp stack, which holding the dict there can move: the
 * pairs are read through a copy */
obj_t *dict_from_items(heap_t *h, obj_t **items, size_t n)
{
    obj_t **kv = xcalloc(2 * n + 1, sizeof *kv);
    if (n) /* (no pair: items may be NULL) */
        memcpy(kv, items, 2 * n * sizeof *kv);
    obj_t *d = dict_from_pairs(h, kv, n);
    free(kv);
    return d;
}

/* mirrors dict_merge(a, b, override=1) of two dicts (PyDict_Update,
 * DICT_UPDATE): one resize up front when b's items cannot fit, then b's
 * items inserted in order */
int dict_update(heap_t *h, obj_t *a, obj_t *b)
{
    if (a == b || b->u.d.used == 0)
        return 0;
    if (!pay_entries(h, b)) /* before a changes */
        return -1;
    /* (3.11+ clone b's table into an empty a; a display's first chunk never is) */
    size_t fits = a->u.d.has_keys ? USABLE_FRACTION((size_t)1 << table_of(a).log2size) : 0;
    if (fits < b->u.d.used) {
        uint8_t log2size =
            log2_keysize(((size_t)(a->u.d.used + b->u.d.used) * 3 + 1) / 2); /* ESTIMATE_SIZE */
        if (!a->u.d.has_keys)
            new_keys(a, log2size, b->u.d.unicode);
        else if (a->u.d.split)
            split_to_combined(h, a, log2size);
        else
            dict_resize(h, a, log2size, !h->prof->dict_unicode_keys || b->u.d.unicode);
        heap_account_size(h, a);
    }
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(b, &pos, &k, &v);) {
        obj_t *key = obj_newref(k), *value = obj_newref(v);
        int r = dict_set_item(h, a, key, value);
        obj_decref(h, key);
        obj_decref(h, value);
        if (r < 0)
            return -1;
    }
    return 0;
}

bool dict_next(const obj_t *d, size_t *pos, obj_t **key, obj_t **value)
{
    if (d->u.d.split) { /* in insertion order */
        if (*pos >= d->u.d.used)
            return false;
        uint32_t ix = values_order(d)[(*pos)++];
        *key = d->u.d.shared->entries[ix].key;
        *value = d->u.d.values[ix];
        return true;
    }
    for (; *pos < d->u.d.nentries; ++*pos)
        if (d->u.d.entries[*pos].key) {
            *key = d->u.d.entries[*pos].key;
            *value = d->u.d.entries[(*pos)++].value;
            return true;
        }
    return false;
}

/* mirrors _PyDict_MaybeUntrack() */
void dict_maybe_untrack(heap_t *h, obj_t *d)
{
    if (d->flags & OF_STATIC)
        return; /* the module's namespace holds __builtins__ and the like: always tracked */
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(d, &pos, &k, &v);)
        if (obj_may_be_tracked(k) || obj_may_be_tracked(v))
            return;
    gc_untrack(h, d);
}

size_t dict_len(const obj_t *d)
{
    return d->u.d.used;
}

/* The slots ------------------------------------------------------------------- */

/* dict_traverse(): values only for str-keyed tables (a split one's by
 * index), else value then key */
static int dict_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    if (o->u.d.split) { /* by index */
        for (size_t i = 0; i < o->u.d.shared->nentries; i++)
            if (o->u.d.values[i] && (r = visit(o->u.d.values[i], arg)) != 0)
                return r;
        return 0;
    }
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(o, &pos, &k, &v);) {
        if ((r = visit(v, arg)) != 0)
            return r;
        if (!o->u.d.unicode && (r = visit(k, arg)) != 0)
            return r;
    }
    return 0;
}

/* Every reference the dict holds: a split dict's keys are its table's. */
static int dict_each_ref(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(o, &pos, &k, &v);)
        if ((!o->u.d.split && (r = visit(k, arg)) != 0) || (r = visit(v, arg)) != 0)
            return r;
    return 0;
}

/* With the heap: a split dict's values only (dict_keys_free_all frees the tables). */
static void dict_free(obj_t *o)
{
    if (o->u.d.split) {
        free(o->u.d.values);
        return;
    }
    free(o->u.d.entries);
    free(o->u.d.indices);
}

/* The dict's table, taken: it is empty (Py_EMPTY_KEYS) from here on, and
 * release_table() drops what the table held. */
typedef struct {
    bool split;
    dict_entry_t *entries; /* combined */
    void *indices;
    obj_t **values; /* split */
    uint64_t values_mem;
    dict_keys_t *shared;
    size_t n;
} taken_t;

static taken_t take_table(obj_t *o)
{
    taken_t t = {.split = o->u.d.split};
    if (t.split) {
        t.values = o->u.d.values;
        t.values_mem = values_mem(t.values, o->u.d.shared);
        t.shared = o->u.d.shared;
        t.n = t.shared->nentries;
        sharers_unlink(o, t.shared);
    } else {
        t.entries = o->u.d.entries;
        t.indices = o->u.d.indices;
        t.n = o->u.d.nentries;
    }
    o->u.d.entries = NULL;
    o->u.d.indices = NULL;
    o->u.d.nentries = o->u.d.used = o->u.d.usable = 0;
    o->u.d.has_keys = o->u.d.split = false;
    return t;
}

/* Combined: the entries first to last, key then value (free_keys_object).
 * Split: the values in order, then the table (dict_dealloc, PyDict_Clear). */
static void release_table(heap_t *h, taken_t t)
{
    if (t.split) {
        for (size_t i = 0; i < t.n; i++)
            if (t.values[i])
                obj_decref(h, t.values[i]);
        free(t.values);
        heap_mem_free(h, t.values_mem);
        dict_keys_decref(h, t.shared);
        return;
    }
    free(t.indices);
    for (size_t i = 0; i < t.n; i++) {
        if (t.entries[i].key)
            obj_decref(h, t.entries[i].key);
        if (t.entries[i].value)
            obj_decref(h, t.entries[i].value);
    }
    free(t.entries);
}

/* PyDict_Clear(): back to the empty keys, then release */
static void dict_clear(heap_t *h, obj_t *o)
{
    taken_t t = take_table(o);
    heap_account_size(h, o);
    release_table(h, t);
}

static void dict_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    release_table(h, take_table(o));
    freelist_t fl = dict_freelist(h);
    heap_release_object(h, o, &fl);
}

/* _PyDict_ClearFreeList() (the key tables' free list holds no objects) */
static void dict_clear_freelist(heap_t *h)
{
    freelist_t fl = dict_freelist(h);
    heap_drain_freelist(h, &fl);
}

static void dict_fill_freelist(heap_t *h)
{
    h->dict_startup = (uint8_t)h->prof->startup_dicts;
}

/* dict_sizeof(): the object, a split dict's values array, and the key
 * table unless it is the empty one or shared with another holder */
static int64_t dict_size(const heap_t *h, const obj_t *o)
{
    const profile_t *p = h->prof;
    if (!o->u.d.has_keys)
        return p->dict_empty;
    if (o->u.d.split) { /* 3.11+: shared_keys_usable_size() values */
        const dict_keys_t *k = o->u.d.shared;
        size_t nvalues = p->split_ordered ? k->nentries + k->usable : values_cap(k);
        int64_t size = p->dict_empty + (int64_t)nvalues * 8;
        return size + (k->refcnt == 1 ? dict_keys_size(h, k) : 0);
    }
    return p->dict_empty + keys_size(p, o->u.d.log2size, o->u.d.unicode);
}

/* dict_equal(): same length, each key of a found in b with an equal value.
 * Each key pays 2 units for its hash and lookup in b besides its value's
 * comparison (obj_eq()'s unit): `==` of two dicts of dicts sharing their
 * values, 60 deep, ran 4 s on the comparisons' units alone. */
static int dict_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (b->kind != K_DICT)
        return NOT_IMPLEMENTED;
    if (a->u.d.used != b->u.d.used)
        return 0;
    if (!pay_entries(h, a))
        return -1;
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(a, &pos, &k, &v);) {
        if (!heap_work(h, 2))
            return -1;
        obj_t *key = obj_newref(k), *aval = obj_newref(v), *bval;
        int r = dict_get_item(h, b, key, &bval);
        if (r > 0)
            r = obj_eq(h, aval, bval);
        obj_decref(h, key);
        obj_decref(h, aval);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* dict_repr() */
static void dict_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    if (!repr_enter(r, o)) { /* before the empty dict's "{}", as dict_repr() does */
        sb_puts(&r->sb, "{...}");
        return;
    }
    if (o->u.d.used == 0) {
        repr_leave(r, o);
        sb_puts(&r->sb, "{}");
        return;
    }
    bool first = true;
    sb_putc(&r->sb, '{');
    obj_t *k, *v;
    for (size_t pos = 0; !repr_full(r);) {
        if (!o->u.d.split) { /* a combined table's deleted entries are walked one by one */
            repr_step(r);
            if (pos < o->u.d.nentries && !o->u.d.entries[pos].key) {
                pos++;
                continue;
            }
        }
        if (!dict_next(o, &pos, &k, &v))
            break;
        if (!first)
            sb_puts(&r->sb, ", ");
        first = false;
        if (r->budgeted) { /* held, as dict_repr() does: a collection within may delete the entry */
            obj_incref(k);
            obj_incref(v);
        }
        repr_obj(r, k);
        sb_puts(&r->sb, ": ");
        repr_obj(r, v);
        if (r->budgeted) {
            obj_decref(h, k);
            obj_decref(h, v);
        }
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
    obj_t *key, *value;
    for (size_t pos = 0; dict_next(o, &pos, &key, &value);) {
        if (!fn(EDGE_KEY, "key", key->addr, arg))
            return;
        char *k = obj_repr_capped(h, key, EDGE_LABEL_MAX_REPR, NULL);
        char *label = xmalloc(strlen(k) + 3);
        sprintf(label, "[%s]", k);
        bool more = fn(EDGE_KEY_VALUE, label, value->addr, arg);
        free(label);
        free(k);
        if (!more)
            return;
    }
}

static const attr_def_t dict_attrs[] = {ATTR_M("clear"),  ATTR_M("copy"),    ATTR_C("fromkeys"),
                                        ATTR_M("get"),    ATTR_M("items"),   ATTR_M("keys"),
                                        ATTR_M("pop"),    ATTR_M("popitem"), ATTR_M("setdefault"),
                                        ATTR_M("update"), ATTR_M("values"),  ATTR_END};

/* The methods the sandbox runs, iteration ---------------------------------------- */

/* dict.pop(key[, default]) (_PyDict_Pop(): an empty dict answers before
 * the key is hashed) and dict.get(key[, default]) */
static obj_t *pop_or_get(heap_t *h, obj_t *d, obj_t **args, size_t n, bool pop)
{
    if (!py_arg_range(h, pop ? "pop" : "get", n, 1, 2))
        return NULL;
    obj_t *v = NULL;
    int r = pop && d->u.d.used == 0 ? 0 : dict_get_item(h, d, args[0], &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        if (n == 2)
            return obj_newref(args[1]);
        if (!pop)
            return obj_newref(h->none);
        dict_raise_key_error(h, args[0]);
        return NULL;
    }
    v = obj_newref(v);
    if (pop && dict_del_item(h, d, args[0]) < 0) {
        obj_decref(h, v);
        return NULL;
    }
    return v;
}

static obj_t *dict_m_pop(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    return pop_or_get(h, d, args, n, true);
}

static obj_t *dict_m_get(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    return pop_or_get(h, d, args, n, false);
}

/* dict.setdefault(key[, default]) (PyDict_SetDefault()): the value, or
 * default (None) inserted as insertdict() inserts it */
static obj_t *dict_m_setdefault(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    if (!py_arg_range(h, "setdefault", n, 1, 2))
        return NULL;
    if (d->u.d.split) /* an instance's __dict__: not reachable from source */
        return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "setdefault() on a split dict"), NULL;
    obj_t *v, *dflt = n == 2 ? args[1] : h->none;
    int r = dict_get_item(h, d, args[0], &v);
    if (r < 0)
        return NULL;
    if (r > 0)
        return obj_newref(v);
    return dict_set_item(h, d, args[0], dflt) < 0 ? NULL : obj_newref(dflt);
}

/* dict.clear() (PyDict_Clear(), the type's tp_clear) */
static obj_t *dict_m_clear(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    TYPE(d)->clear(h, d);
    return obj_newref(h->none);
}

/* clone_combined_dict_keys(): d (empty, no table) gets a copy of o's
 * combined table, deleted entries and dummies included, its references
 * taken; a tracked o makes d tracked */
static void clone_keys(heap_t *h, obj_t *d, obj_t *o)
{
    size_t size = (size_t)1 << o->u.d.log2size, usable = USABLE_FRACTION(size);
    d->u.d.log2size = o->u.d.log2size;
    d->u.d.unicode = o->u.d.unicode;
    d->u.d.has_keys = true;
    d->u.d.split = false;
    d->u.d.entries = xcalloc(usable, sizeof(dict_entry_t));
    memcpy(d->u.d.entries, o->u.d.entries, usable * sizeof(dict_entry_t));
    d->u.d.indices = xmalloc(size * sizeof(ix_t));
    memcpy(d->u.d.indices, o->u.d.indices, size * sizeof(ix_t));
    d->u.d.nentries = o->u.d.nentries;
    d->u.d.usable = o->u.d.usable;
    d->u.d.used = o->u.d.used;
    for (size_t i = 0; i < d->u.d.nentries; i++)
        if (d->u.d.entries[i].key) {
            obj_newref(d->u.d.entries[i].key);
            obj_newref(d->u.d.entries[i].value);
        }
    heap_account_growable(h, d, 5, 4);
    if ((o->flags & OF_TRACKED) && !(d->flags & OF_TRACKED))
        gc_track(h, d);
}

/* dict.update(other) of a dict (dict_update_arg() -> dict_merge()):
 * an empty dict clones a clean, compact other's table (3.10-3.13), tracking
 * included; otherwise dict_update() */
static int merge_dict(heap_t *h, obj_t *d, obj_t *o)
{
    if (d != o && d->u.d.used == 0 && !d->u.d.split && !o->u.d.split && o->u.d.has_keys &&
        o->u.d.used == o->u.d.nentries &&
        (o->u.d.log2size == LOG_MINSIZE ||
         USABLE_FRACTION(((size_t)1 << o->u.d.log2size) / 2) < o->u.d.used)) {
        taken_t t = take_table(d);
        clone_keys(h, d, o);
        release_table(h, t);
        return 0;
    }
    return dict_update(h, d, o);
}

/* PyDict_MergeFromSeq2(d, seq, override=1) of a list or tuple whose items
 * are lists or tuples (PySequence_Fast() makes nothing of them) or no
 * sequence at all (its TypeError): each pair stored in turn, the first bad
 * item's error after the pairs before it. Other items are refused before
 * anything is stored. */
static int merge_pairs(heap_t *h, obj_t *d, obj_t *seq)
{
    for (size_t i = 0; i < seq->u.seq.len; i++) {
        kind_t k = seq->u.seq.items[i]->kind;
        if (k != K_LIST && k != K_TUPLE && k != K_INT && k != K_BOOL && k != K_FLOAT && k != K_NONE)
            return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "dict.update() of a pair that is a '%.60s'",
                           obj_tp_name(seq->u.seq.items[i])),
                   -1;
    }
    for (size_t i = 0; i < seq->u.seq.len; i++) {
        obj_t *item = seq->u.seq.items[i];
        if (item->kind != K_LIST && item->kind != K_TUPLE) {
            exc_set(h->exc, ST_PYEXC, "TypeError",
                    "cannot convert dictionary update sequence element #%zu to a sequence", i);
            return -1;
        }
        if (item->u.seq.len != 2) {
            exc_set(h->exc, ST_PYEXC, "ValueError",
                    "dictionary update sequence element #%zu has length %zu; 2 is required", i,
                    item->u.seq.len);
            return -1;
        }
        obj_t *fast = obj_newref(item), *key = obj_newref(item->u.seq.items[0]),
              *value = obj_newref(item->u.seq.items[1]);
        int r = dict_set_item(h, d, key, value);
        obj_decref(h, key);
        obj_decref(h, value);
        obj_decref(h, fast);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* dict.update([other]): a dict, or a list or tuple of pairs; the other
 * forms (a mapping with keys(), other iterables, keyword arguments) are
 * refused */
static obj_t *dict_update_args(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    if (!py_arg_range(h, "update", n, 0, 1))
        return NULL;
    if (n == 0)
        return obj_newref(h->none);
    if (d->u.d.split || (args[0]->kind == K_DICT && args[0]->u.d.split))
        return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "update() of a split dict"), NULL;
    if (args[0]->kind != K_LIST && args[0]->kind != K_TUPLE && args[0]->kind != K_DICT) {
        py_iter_t it; /* PyDict_MergeFromSeq2(): PyObject_GetIter()'s TypeError first */
        if (py_iter_open(h, args[0], &it) < 0)
            return NULL;
        py_iter_close(h, &it);
        return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "dict.update() of a '%.60s' object",
                       obj_tp_name(args[0])),
               NULL;
    }
    bool is_dict = args[0]->kind == K_DICT;
    if ((is_dict ? args[0]->u.d.used : args[0]->u.seq.len) == 0) /* nothing to store: nothing to undo */
        return obj_newref(h->none);
    /* the undo record's copy of the table is work in proportion to it: paid
     * before anything changes (a source of 10,000 such updates of a dict of
     * a million items copied 30 GB, whatever the budget) */
    if (!pay_entries(h, d))
        return NULL;
    dict_undo_t u;
    undo_begin(h, d, &u);
    int r = is_dict ? merge_dict(h, d, args[0]) : merge_pairs(h, d, args[0]);
    undo_end(h, &u, r < 0 && h->exc->status == ST_BUDGET);
    return r < 0 ? NULL : obj_newref(h->none);
}

/* dict.update() is METH_VARARGS | METH_KEYWORDS: cfunction_call() packs
 * its arguments in a tuple (tuple_call_args()) before dict_update() runs */
static obj_t *dict_m_update(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    obj_t *packed = tuple_call_args(h, args, n);
    obj_t *r = dict_update_args(h, d, args, n);
    tuple_call_args_end(h, packed);
    return r;
}

/* dict.copy() (PyDict_Copy()): an empty one is PyDict_New(); a compact
 * one (at least 2/3 of its entries live) clone_combined_dict(); else a new
 * dict merged from it. Every new dict comes from the free list. */
static obj_t *dict_m_copy(heap_t *h, obj_t *d, obj_t **args, size_t n)
{
    if (d->u.d.split)
        return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "copy() of a split dict"), NULL;
    obj_t *c = dict_new(h, true);
    if (d->u.d.used == 0)
        return c;
    if (d->u.d.used >= d->u.d.nentries * 2 / 3) {
        clone_keys(h, c, d);
        return c;
    }
    if (merge_dict(h, c, d) < 0) {
        obj_decref(h, c);
        return NULL;
    }
    return c;
}

static const method_def_t dict_methods[] = {
    {"pop", dict_m_pop, METH_FASTCALL, true},
    {"get", dict_m_get, METH_FASTCALL, true},
    {"setdefault", dict_m_setdefault, METH_FASTCALL, true},
    {"clear", dict_m_clear, METH_NOARGS, true},
    {"update", dict_m_update, METH_FASTCALL, true},
    {"copy", dict_m_copy, METH_NOARGS, true},
    {NULL, NULL, 0, false},
};

/* dictiter_iternextkey() / dictiter_iternextitem(): the next entry while
 * the dict keeps the size it had ("changed size during iteration" once it
 * does not: di_used = -1, it stays broken) */
static int dict_iter_step(heap_t *h, py_iter_t *it, obj_t **k, obj_t **v)
{
    if ((int64_t)dict_len(it->src) != it->used) {
        it->used = -1;
        exc_set(h->exc, ST_PYEXC, "RuntimeError", "dictionary changed size during iteration");
        return -1;
    }
    return dict_next(it->src, &it->pos, k, v) ? 1 : 0;
}

static int dict_next_key(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    obj_t *v;
    int r = dict_iter_step(h, it, a, &v);
    if (r > 0)
        *a = obj_newref(*a);
    return r;
}

/* items: a pair, or (b NULL) the (key, value) tuple */
static int dict_next_item(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    obj_t *k, *v;
    int r = dict_iter_step(h, it, &k, &v);
    if (r <= 0)
        return r;
    if (b) {
        *a = obj_newref(k);
        *b = obj_newref(v);
    } else {
        obj_t *pair[2] = {obj_newref(k), obj_newref(v)};
        *a = tuple_new_steal(h, pair, 2);
    }
    return 1;
}

static int dict_iter(heap_t *h, obj_t *d, py_iter_t *it)
{
    if (!pay_entries(h, d)) /* the steps pay for the live entries, this for the holes */
        return -1;
    py_iter_start(it, d, dict_next_key);
    it->used = (int64_t)dict_len(d);
    return 0;
}

/* iter(d.items()): dictiter_new() packs the iterator's reusable result
 * tuple, PyTuple_Pack(2, None, None), dropped with the iterator */
static int dict_iter_items(heap_t *h, obj_t *d, py_iter_t *it)
{
    if (!pay_entries(h, d))
        return -1;
    py_iter_start(it, d, dict_next_item);
    it->used = (int64_t)dict_len(d);
    it->result = tuple_interp(h, 2);
    return 0;
}

obj_t *dict_of_items(heap_t *h, obj_t *o)
{
    py_method_t m;
    if (py_method_load(h, o, "items", &m) < 0)
        return NULL;
    obj_t *src = NULL; /* what o.items() gave, when it is an object */
    py_iter_t it;
    memset(&it, 0, sizeof it);
    int r = 0;
    if (!m.fn && TYPE(o)->iter_items) { /* the type's own items(): its view's iterator */
        r = TYPE(o)->iter_items(h, o, &it);
    } else {
        src = py_method_call(h, &m, NULL, 0);
        if (!src)
            r = -1;
        else if (src->kind == K_INSTANCE) /* a mapping: dict() would ask it for keys() */
            r = (py_unsupported(h, "dict() of what items() gave", src), -1);
        else if (src->kind != K_DICT)
            r = py_iter_open(h, src, &it);
    }
    py_method_release(h, &m);
    if (r < 0) {
        if (src)
            obj_decref(h, src);
        return NULL;
    }
    obj_t *d = dict_new(h, false); /* dict_new(): tp_alloc, not the free list */
    if (src && src->kind == K_DICT) {
        r = dict_update(h, d, src);
    } else {
        obj_t *k, *v;
        for (size_t i = 0; (r = py_iter_next2(h, &it, &k, &v, UNPACK_DICT, i)) > 0; i++) {
            r = dict_set_item(h, d, k, v);
            obj_decref(h, k);
            obj_decref(h, v);
            if (r < 0)
                break;
        }
    }
    if (r < 0) { /* the new dict goes first, then the iterator (a generator is closed) */
        obj_decref(h, d);
        d = NULL;
    }
    py_iter_close(h, &it);
    if (src)
        obj_decref(h, src);
    return d;
}

const type_ops_t dict_type = {
    .name = "dict",
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE,
    .dealloc = dict_dealloc,
    .free_payload = dict_free,
    .clear_freelist = dict_clear_freelist,
    .fill_freelist = dict_fill_freelist,
    .traverse = dict_traverse,
    .each_ref = dict_each_ref,
    .clear = dict_clear,
    .size = dict_size,
    .eq = dict_eq,
    .repr = dict_repr,
    .len = dict_len_slot,
    .contains = dict_contains,
    .getitem = dict_getitem,
    .setitem = dict_setitem,
    .methods = dict_methods,
    .iter = dict_iter,
    .iter_items = dict_iter_items,
    .edges = dict_edges,
    .gc_untrack_young = dict_maybe_untrack,
    .attrs = dict_attrs,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
