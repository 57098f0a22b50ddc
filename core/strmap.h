/*
 * strmap.h — an insertion-ordered map from C strings to pointers.
 *
 * Used for the module namespace and the interned-str table, where Python's
 * own dict semantics (sizes, tracking) are not observable, so a plain
 * compact hash table serves. Keys are copied; values are borrowed.
 */
#ifndef HEAPD_STRMAP_H
#define HEAPD_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *key;
    void *value;
    uint64_t hash; /* the key's: a rebuild does not hash the keys again (an interned str
                      of 32 MB made every rebuild of the table hash 32 MB) */
} strmap_entry_t;

typedef struct {
    strmap_entry_t *entries;      /* insertion order; key NULL = deleted */
    size_t key_bytes;             /* the keys' copies, NULs included (what the map costs beyond its tables) */
    uint32_t *index;              /* open addressing, entry index + 1; 0 empty (a map holds < 2**31 entries);
                                     NULL until the first entry */
    uint32_t index_mask;          /* the index's slots - 1 (a power of two, at most 2**32) */
    uint32_t nentries, cap, used; /* 32 bits: a session's empty heap keeps three maps */
} strmap_t;

void strmap_init(strmap_t *m);
void strmap_free(strmap_t *m);
void *strmap_get(const strmap_t *m, const char *key);
/* Returns false only when out of memory. */
bool strmap_set(strmap_t *m, const char *key, void *value);
/* Removes key; returns its value, or NULL when absent. */
void *strmap_del(strmap_t *m, const char *key);
/* The map's own copy of key (stable until it is deleted), or NULL. */
const char *strmap_key(const strmap_t *m, const char *key);

#define STRMAP_FOREACH(m, e)                                                                                 \
    for (strmap_entry_t *e = (m)->entries; e < (m)->entries + (m)->nentries; e++)                            \
        if (e->key)

#endif
