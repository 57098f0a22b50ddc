#include "addrmap.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

/* Ids are 16-aligned addresses handed out mostly in order, at strides of
 * the objects' sizes. Indexing by the address itself kept neighbours in
 * neighbouring slots, but objects spanning more addresses than the table
 * has slots wrapped onto each other in one run that every insertion had to
 * walk to its end (probing past live entries and tombstones): creating
 * 24,000 dict items after freeing 66,000 objects took 10 s. A multiplicative
 * (Fibonacci) hash spreads them; nothing iterates the table in order (the
 * id listing sorts). */
static size_t slot_of(uint64_t key, size_t mask)
{
    /* runs of 256 neighbouring ids (4 KiB of addresses) stay in neighbouring
     * slots, as a collection's bulk frees want; the runs themselves are
     * spread (Fibonacci), so wrapped runs no longer pile onto one probe run */
    uint64_t id = key >> 4, x = (id >> 8) * 0x9E3779B97F4A7C15ull;
    return (size_t)((x ^ (x >> 32)) + (id & 255)) & mask;
}

void addrmap_init(addrmap_t *m, addrmap_key_fn key_of)
{
    memset(m, 0, sizeof *m);
    m->key_of = key_of;
}

void addrmap_free(addrmap_t *m)
{
    free(m->slots);
    m->slots = NULL;
    m->size = m->used = m->filled = 0;
}

void *addrmap_get(const addrmap_t *m, uint64_t key)
{
    if (!m->size)
        return NULL;
    size_t mask = m->size - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        void *v = m->slots[i];
        if (!v)
            return NULL;
        if (v != ADDRMAP_DELETED && m->key_of(v) == key)
            return v;
    }
}

static void insert_clean(addrmap_t *m, void *value)
{
    size_t mask = m->size - 1;
    size_t i = slot_of(m->key_of(value), mask);
    while (m->slots[i])
        i = (i + 1) & mask;
    m->slots[i] = value;
}

/* Rehash into a table that keeps the load at most 1/2 (dropping tombstones). */
static bool rehash(addrmap_t *m)
{
    size_t size = 16;
    while (size < (m->used + 1) * 2)
        size *= 2;
    void **old = m->slots;
    size_t oldsize = m->size;
    m->slots = xcalloc(size, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return false;
    }
    m->size = size;
    for (size_t i = 0; i < oldsize; i++)
        if (old[i] > ADDRMAP_DELETED)
            insert_clean(m, old[i]);
    m->filled = m->used;
    free(old);
    return true;
}

bool addrmap_put(addrmap_t *m, void *value)
{
    if ((m->filled + 1) * 4 > m->size * 3 && !rehash(m))
        return false;
    size_t mask = m->size - 1;
    uint64_t key = m->key_of(value);
    void **free_slot = NULL;
    /* the whole probe chain: a live entry with this key is refused */
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        void *v = m->slots[i];
        if (!v) {
            if (!free_slot) {
                free_slot = &m->slots[i];
                m->filled++;
            }
            break;
        }
        if (v == ADDRMAP_DELETED) {
            if (!free_slot)
                free_slot = &m->slots[i];
        } else if (m->key_of(v) == key) {
            return false;
        }
    }
    *free_slot = value;
    m->used++;
    return true;
}

void addrmap_del(addrmap_t *m, uint64_t key)
{
    if (!m->size)
        return;
    size_t mask = m->size - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        void *v = m->slots[i];
        if (!v)
            return;
        if (v != ADDRMAP_DELETED && m->key_of(v) == key) {
            /* a slot followed by an empty one can be emptied: no chain runs through it */
            m->slots[i] = m->slots[(i + 1) & mask] ? ADDRMAP_DELETED : NULL;
            if (!m->slots[i])
                m->filled--;
            m->used--;
            return;
        }
    }
}
