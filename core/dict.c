/*
 * dict.c — dicts (mirrors Objects/dictobject.c of 3.11).
 *
 * Only what is observable is modelled: the key table's size (log2size),
 * its usable entries, whether it is a str-only ("unicode") table, entry
 * order (insertion, deleted entries never reused), and gc tracking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "repr.h"
#include "mem.h"

#define LOG_MINSIZE 3
#define USABLE_FRACTION(n) (((n) << 1) / 3)

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
static size_t log2_keysize(size_t minsize) { return bit_length((minsize | 8) - 1); }

static void new_keys(obj_t *d, size_t log2size, bool unicode)
{
    d->u.d.log2size = log2size;
    d->u.d.usable = USABLE_FRACTION((size_t)1 << log2size);
    d->u.d.unicode = unicode;
    d->u.d.has_keys = true;
    d->u.d.entries = xcalloc(d->u.d.usable, sizeof(dict_entry_t));
    d->u.d.nentries = 0;
}

/* mirrors dictresize(): a new table, live entries compacted in order */
static void dict_resize(heap_t *h, obj_t *d, size_t log2size, bool unicode)
{
    dict_entry_t *old = d->u.d.entries;
    size_t n = d->u.d.nentries;
    new_keys(d, log2size, unicode && d->u.d.unicode);
    for (size_t i = 0; i < n; i++)
        if (old[i].key)
            d->u.d.entries[d->u.d.nentries++] = old[i];
    d->u.d.usable -= d->u.d.used;
    free(old);
    heap_account_size(h, d);
}

static void maintain_tracking(heap_t *h, obj_t *d, obj_t *key, obj_t *value)
{
    if (!(d->flags & OF_TRACKED) && (obj_may_be_tracked(key) || obj_may_be_tracked(value)))
        gc_track(h, d);
}

static dict_entry_t *lookup(heap_t *h, obj_t *d, obj_t *key, int64_t hash)
{
    for (size_t i = 0; i < d->u.d.nentries; i++) {
        dict_entry_t *e = &d->u.d.entries[i];
        if (e->key && (e->key == key || (e->hash == hash && obj_eq(h, e->key, key))))
            return e;
    }
    return NULL;
}

/* mirrors insertdict() / insert_to_emptydict() */
bool dict_set_item(heap_t *h, obj_t *d, obj_t *key, obj_t *value)
{
    int64_t hash;
    if (!obj_hash(h, key, &hash))
        return false;
    bool key_is_str = key->kind == K_STR && h->prof->dict_unicode_keys;
    if (!d->u.d.has_keys) {
        new_keys(d, LOG_MINSIZE, key_is_str);
        heap_account_size(h, d);
    } else if (d->u.d.unicode && !key_is_str) {
        dict_resize(h, d, log2_keysize(d->u.d.used * 3), false);
    }
    dict_entry_t *e = lookup(h, d, key, hash);
    maintain_tracking(h, d, key, value);
    if (!e) {
        if (d->u.d.usable == 0)
            dict_resize(h, d, log2_keysize(d->u.d.used * 3), true);
        e = &d->u.d.entries[d->u.d.nentries++];
        e->key = obj_newref(key);
        e->value = obj_newref(value);
        e->hash = hash;
        d->u.d.used++;
        d->u.d.usable--;
        return true;
    }
    obj_t *old = e->value;
    e->value = obj_newref(value);
    obj_decref(h, old);
    return true;
}

obj_t *dict_get_item(heap_t *h, obj_t *d, obj_t *key, bool *error)
{
    int64_t hash;
    *error = false;
    if (!obj_hash(h, key, &hash)) {
        *error = true;
        return NULL;
    }
    dict_entry_t *e = lookup(h, d, key, hash);
    return e ? e->value : NULL;
}

/* mirrors delitem_common(): the entry becomes a dummy; key then value released */
bool dict_del_item(heap_t *h, obj_t *d, obj_t *key)
{
    int64_t hash;
    if (!obj_hash(h, key, &hash))
        return false;
    dict_entry_t *e = lookup(h, d, key, hash);
    if (!e) {
        char *r = obj_repr_str(h, key);
        exc_set(h->exc, ST_PYEXC, "KeyError", "%s", r);
        free(r);
        return false;
    }
    obj_t *k = e->key, *v = e->value;
    e->key = e->value = NULL;
    d->u.d.used--;
    obj_decref(h, k);
    obj_decref(h, v);
    return true;
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
        if (!dict_set_item(h, d, kv[2 * i], kv[2 * i + 1])) {
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
    for (size_t i = 0; i < d->u.d.nentries; i++) {
        dict_entry_t *e = &d->u.d.entries[i];
        if (e->key && (obj_may_be_tracked(e->key) || obj_may_be_tracked(e->value)))
            return;
    }
    gc_untrack(h, d);
}

size_t dict_len(const obj_t *d) { return d->u.d.used; }
