#include "strmap.h"
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOMBSTONE UINT32_MAX

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void strmap_init(strmap_t *m)
{
    memset(m, 0, sizeof *m);
}

void strmap_free(strmap_t *m)
{
    for (size_t i = 0; i < m->nentries; i++)
        free(m->entries[i].key);
    free(m->entries);
    free(m->index);
    memset(m, 0, sizeof *m);
}

/* The index slot holding key (whose hash is hash), or the first free slot
 * of its probe chain. */
static uint32_t *find_slot(const strmap_t *m, const char *key, uint64_t hash, bool *found)
{
    size_t mask = m->index_mask, i = hash & mask;
    uint32_t *first_tomb = NULL;
    *found = false;
    for (;;) {
        uint32_t *slot = &m->index[i];
        if (*slot == 0)
            return first_tomb ? first_tomb : slot;
        if (*slot == TOMBSTONE) {
            if (!first_tomb)
                first_tomb = slot;
        } else if (m->entries[*slot - 1].hash == hash && strcmp(m->entries[*slot - 1].key, key) == 0) {
            *found = true;
            return slot;
        }
        i = (i + 1) & mask;
    }
}

/* Rebuilds the index (and compacts entries) for at least want entries. */
static bool rebuild(strmap_t *m, size_t want)
{
    size_t j = 0;
    for (size_t i = 0; i < m->nentries; i++)
        if (m->entries[i].key)
            m->entries[j++] = m->entries[i];
    m->nentries = (uint32_t)j;
    if (want > m->cap) {
        size_t cap = m->cap ? m->cap : 8;
        while (cap < want)
            cap *= 2;
        strmap_entry_t *e = xrealloc(m->entries, cap * sizeof *e);
        if (!e)
            return false;
        m->entries = e;
        m->cap = (uint32_t)cap;
    }
    size_t size = 16;
    while (size < (size_t)m->cap * 2)
        size *= 2;
    uint32_t *index = xcalloc(size, sizeof *index);
    if (!index)
        return false;
    free(m->index);
    m->index = index;
    m->index_mask = (uint32_t)(size - 1);
    for (size_t i = 0; i < m->nentries; i++) {
        bool found;
        *find_slot(m, m->entries[i].key, m->entries[i].hash, &found) = (uint32_t)(i + 1);
    }
    return true;
}

void *strmap_get(const strmap_t *m, const char *key)
{
    if (!m->index)
        return NULL;
    bool found;
    uint32_t *slot = find_slot(m, key, fnv1a(key), &found);
    return found ? m->entries[*slot - 1].value : NULL;
}

bool strmap_set(strmap_t *m, const char *key, void *value)
{
    bool found = false;
    uint32_t *slot = NULL;
    uint64_t hash = fnv1a(key);
    if (m->index) {
        slot = find_slot(m, key, hash, &found);
        if (found) {
            m->entries[*slot - 1].value = value;
            return true;
        }
    }
    if (m->nentries == m->cap || !m->index) {
        /* doubling (from 8) once over half full, else compacting the deleted */
        if (!rebuild(m, m->used + 1 > m->cap / 2 ? (m->cap ? (size_t)m->cap * 2 : 8) : m->cap))
            return false;
        slot = find_slot(m, key, hash, &found);
    }
    char *copy = xstrdup(key);
    if (!copy)
        return false;
    m->key_bytes += strlen(copy) + 1;
    m->entries[m->nentries] = (strmap_entry_t){copy, value, hash};
    *slot = (uint32_t)++m->nentries;
    m->used++;
    return true;
}

const char *strmap_key(const strmap_t *m, const char *key)
{
    if (!m->index)
        return NULL;
    bool found;
    uint32_t *slot = find_slot(m, key, fnv1a(key), &found);
    return found ? m->entries[*slot - 1].key : NULL;
}

void *strmap_del(strmap_t *m, const char *key)
{
    if (!m->index)
        return NULL;
    bool found;
    uint32_t *slot = find_slot(m, key, fnv1a(key), &found);
    if (!found)
        return NULL;
    strmap_entry_t *e = &m->entries[*slot - 1];
    void *value = e->value;
    m->key_bytes -= strlen(e->key) + 1;
    free(e->key);
    e->key = NULL;
    *slot = TOMBSTONE;
    m->used--;
    return value;
}
