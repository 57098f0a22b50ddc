/*
 * set.c — set and frozenset (mirrors Objects/setobject.c of 3.11), with
 * its open addressing, linear probes and perturbation, so that iteration
 * order — and so repr and release order — is CPython's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"

#define MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

obj_t *set_new(heap_t *h, kind_t kind)
{
    gc_on_alloc(h);
    obj_t *s = heap_new_object(h, kind, (size_t)h->prof->set_base);
    s->u.set.table = xcalloc(MINSIZE, sizeof(set_entry_t));
    s->u.set.mask = MINSIZE - 1;
    s->u.set.hash = -1;
    heap_account_size(h, s);
    heap_emit(h, EV_CREATED, s, NULL);
    gc_track(h, s); /* PyType_GenericAlloc tracks at once */
    return s;
}

/* mirrors set_insert_clean(): the table has no dummies and no equal key */
static void insert_clean(set_entry_t *table, size_t mask, obj_t *key, int64_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        set_entry_t *entry = &table[i];
        if (!entry->key)
            goto found;
        if (i + LINEAR_PROBES <= mask)
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (!entry->key)
                    goto found;
            }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        entry->key = key;
        entry->hash = hash;
        return;
    }
}

/* mirrors set_table_resize() */
static void table_resize(heap_t *h, obj_t *s, size_t minused)
{
    size_t newsize = MINSIZE;
    while (newsize <= minused)
        newsize <<= 1;
    set_entry_t *old = s->u.set.table;
    size_t oldmask = s->u.set.mask;
    set_entry_t *table = xcalloc(newsize, sizeof *table);
    for (size_t i = 0; i <= oldmask; i++)
        if (old[i].key && old[i].key != SET_DUMMY)
            insert_clean(table, newsize - 1, old[i].key, old[i].hash);
    free(old);
    s->u.set.table = table;
    s->u.set.mask = newsize - 1;
    s->u.set.fill = s->u.set.used;
    heap_account_size(h, s);
}

/* mirrors set_add_entry() */
bool set_add(heap_t *h, obj_t *s, obj_t *key)
{
    int64_t hash;
    if (!obj_hash(h, key, &hash))
        return false;
    size_t mask = s->u.set.mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    set_entry_t *entry;
    for (;;) {
        entry = &s->u.set.table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                goto found_unused;
            if (entry->hash == hash && entry->key != SET_DUMMY &&
                (entry->key == key || obj_eq(h, entry->key, key)))
                return true; /* already present: the set keeps its key */
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused:
    s->u.set.fill++;
    s->u.set.used++;
    entry->key = obj_newref(key);
    entry->hash = hash;
    if (s->u.set.fill * 5 < mask * 3)
        return true;
    table_resize(h, s, s->u.set.used > 50000 ? s->u.set.used * 2 : s->u.set.used * 4);
    return true;
}

/* mirrors set_merge() into a set that may be empty */
void set_merge(heap_t *h, obj_t *s, obj_t *other)
{
    if (other == s || other->u.set.used == 0)
        return;
    if ((s->u.set.fill + other->u.set.used) * 5 >= s->u.set.mask * 3)
        table_resize(h, s, (s->u.set.used + other->u.set.used) * 2);
    if (s->u.set.fill == 0 && s->u.set.mask == other->u.set.mask &&
        other->u.set.fill == other->u.set.used) {
        for (size_t i = 0; i <= other->u.set.mask; i++)
            if (other->u.set.table[i].key) {
                s->u.set.table[i].key = obj_newref(other->u.set.table[i].key);
                s->u.set.table[i].hash = other->u.set.table[i].hash;
            }
        s->u.set.fill = other->u.set.fill;
        s->u.set.used = other->u.set.used;
        return;
    }
    if (s->u.set.fill == 0) {
        s->u.set.fill = s->u.set.used = other->u.set.used;
        for (size_t i = 0; i <= other->u.set.mask; i++) {
            set_entry_t *e = &other->u.set.table[i];
            if (e->key && e->key != SET_DUMMY)
                insert_clean(s->u.set.table, s->u.set.mask, obj_newref(e->key), e->hash);
        }
        return;
    }
    for (size_t i = 0; i <= other->u.set.mask; i++) {
        set_entry_t *e = &other->u.set.table[i];
        if (e->key && e->key != SET_DUMMY)
            set_add(h, s, e->key);
    }
}

static set_entry_t *set_lookup(heap_t *h, obj_t *s, obj_t *key, int64_t hash)
{
    size_t mask = s->u.set.mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        set_entry_t *entry = &s->u.set.table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return NULL;
            if (entry->hash == hash && entry->key != SET_DUMMY &&
                (entry->key == key || obj_eq(h, entry->key, key)))
                return entry;
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* set_contains_key()/set_discard_key(): an unhashable set key is looked
 * up as the frozenset of its items */
static bool key_hash(heap_t *h, obj_t *key, int64_t *hash)
{
    if (key->kind == K_SET) {
        *hash = frozenset_hash(key);
        key->u.set.hash = -1; /* a set's hash is never cached */
        return true;
    }
    return obj_hash(h, key, hash);
}

int set_contains(heap_t *h, obj_t *s, obj_t *key)
{
    int64_t hash;
    if (!key_hash(h, key, &hash))
        return -1;
    return set_lookup(h, s, key, hash) != NULL;
}

/* mirrors set_discard_entry(): the slot becomes a dummy, the table never shrinks */
bool set_discard(heap_t *h, obj_t *s, obj_t *key, bool *found)
{
    int64_t hash;
    *found = false;
    if (!key_hash(h, key, &hash))
        return false;
    set_entry_t *e = set_lookup(h, s, key, hash);
    if (!e)
        return true;
    obj_t *old = e->key;
    e->key = SET_DUMMY;
    e->hash = -1;
    s->u.set.used--;
    *found = true;
    obj_decref(h, old);
    return true;
}

static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

/* mirrors frozenset_hash(): only active entries count (its corrections for
 * NULL and dummy slots cancel exactly what those slots contributed) */
int64_t frozenset_hash(obj_t *s)
{
    if (s->u.set.hash != -1)
        return s->u.set.hash;
    uint64_t hash = 0;
    for (size_t i = 0; i <= s->u.set.mask; i++) {
        set_entry_t *e = &s->u.set.table[i];
        if (e->key && e->key != SET_DUMMY)
            hash ^= shuffle_bits((uint64_t)e->hash);
    }
    hash ^= ((uint64_t)s->u.set.used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1)
        hash = 590923713UL;
    s->u.set.hash = (int64_t)hash;
    return s->u.set.hash;
}
