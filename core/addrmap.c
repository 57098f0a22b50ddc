#include "addrmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY 0
#define DELETED 1

static size_t slot_of(uint64_t key, size_t mask)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return (size_t)key & mask;
}

void addrmap_init(addrmap_t *m) { memset(m, 0, sizeof *m); }
void addrmap_free(addrmap_t *m) { free(m->slots); memset(m, 0, sizeof *m); }

void *addrmap_get(const addrmap_t *m, uint64_t key)
{
    if (!m->size)
        return NULL;
    size_t mask = m->size - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        if (m->slots[i].key == EMPTY)
            return NULL;
        if (m->slots[i].key == key)
            return m->slots[i].value;
    }
}

static bool grow(addrmap_t *m)
{
    size_t size = m->size ? m->size : 64;
    while (size < (m->used + 1) * 2)
        size *= 2;
    addrmap_slot_t *old = m->slots;
    size_t oldsize = m->size;
    m->slots = calloc(size, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return false;
    }
    m->size = size;
    m->used = m->filled = 0;
    for (size_t i = 0; i < oldsize; i++)
        if (old[i].key > DELETED)
            addrmap_put(m, old[i].key, old[i].value);
    free(old);
    return true;
}

bool addrmap_put(addrmap_t *m, uint64_t key, void *value)
{
    if ((m->filled + 1) * 4 >= m->size * 3 && !grow(m))
        return false;
    size_t mask = m->size - 1;
    addrmap_slot_t *tomb = NULL;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        addrmap_slot_t *s = &m->slots[i];
        if (s->key == key) {
            s->value = value;
            return true;
        }
        if (s->key == DELETED && !tomb)
            tomb = s;
        if (s->key == EMPTY) {
            if (tomb)
                s = tomb;
            else
                m->filled++;
            s->key = key;
            s->value = value;
            m->used++;
            return true;
        }
    }
}

void addrmap_del(addrmap_t *m, uint64_t key)
{
    if (!m->size)
        return;
    size_t mask = m->size - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        if (m->slots[i].key == EMPTY)
            return;
        if (m->slots[i].key == key) {
            m->slots[i].key = DELETED;
            m->slots[i].value = NULL;
            m->used--;
            return;
        }
    }
}
