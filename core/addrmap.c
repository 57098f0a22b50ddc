#include "addrmap.h"
#include "heap_internal.h"
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
    /* runs of 64 neighbouring ids (1 KiB of addresses, four cache lines of
     * slots) stay in neighbouring slots, as a collection's bulk frees want;
     * the runs themselves are spread (Fibonacci). Runs of 256 overlapped
     * into probe runs hundreds of slots long at some heap sizes (each probe
     * reads an object: 2-6 us a lookup at 300,000 or 700,000 objects); runs
     * of 16 lost the frees' locality (garbage collect 15-25% slower). */
    uint64_t id = key >> 4, x = (id >> 6) * 0x9E3779B97F4A7C15ull;
    return (size_t)(((x ^ (x >> 32)) << 6) + (id & 63)) & mask;
}

void addrmap_init(addrmap_t *m, const heap_t *h)
{
    memset(m, 0, sizeof *m);
    m->h = h;
}

void addrmap_free(addrmap_t *m)
{
    free(m->slots);
    m->slots = NULL;
    m->size = m->used = m->filled = 0;
}

static inline obj_t *obj_of(const addrmap_t *m, uint32_t slot)
{
    return heap_obj_at(m->h, slot - ADDRMAP_FIRST);
}

obj_t *addrmap_slot(const addrmap_t *m, size_t i)
{
    return m->slots[i] >= ADDRMAP_FIRST ? obj_of(m, m->slots[i]) : NULL;
}

obj_t *addrmap_get(const addrmap_t *m, uint64_t key)
{
    if (!m->size)
        return NULL;
    size_t mask = m->size - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        uint32_t v = m->slots[i];
        if (v == ADDRMAP_EMPTY)
            return NULL;
        if (v != ADDRMAP_DELETED) {
            obj_t *o = obj_of(m, v);
            if (o->addr == key)
                return o;
        }
    }
}

static void insert_clean(addrmap_t *m, uint32_t v)
{
    size_t mask = m->size - 1;
    size_t i = slot_of(obj_of(m, v)->addr, mask);
    while (m->slots[i] != ADDRMAP_EMPTY)
        i = (i + 1) & mask;
    m->slots[i] = v;
}

/* Rehash into a table that keeps the load at most 1/2 (dropping tombstones);
 * 8 slots at first: an idle session's five objects */
static void rehash(addrmap_t *m)
{
    size_t size = 8;
    while (size < (m->used + 1) * 2)
        size *= 2;
    uint32_t *old = m->slots;
    size_t oldsize = m->size;
    m->slots = xcalloc(size, sizeof *m->slots);
    m->size = size;
    for (size_t i = 0; i < oldsize; i++)
        if (old[i] >= ADDRMAP_FIRST)
            insert_clean(m, old[i]);
    m->filled = m->used;
    free(old);
}

bool addrmap_put(addrmap_t *m, const obj_t *o)
{
    if ((m->filled + 1) * 4 > m->size * 3)
        rehash(m);
    size_t mask = m->size - 1;
    uint64_t key = o->addr;
    uint32_t *free_slot = NULL;
    /* the whole probe chain: a live entry with this key is refused */
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        uint32_t v = m->slots[i];
        if (v == ADDRMAP_EMPTY) {
            if (!free_slot) {
                free_slot = &m->slots[i];
                m->filled++;
            }
            break;
        }
        if (v == ADDRMAP_DELETED) {
            if (!free_slot)
                free_slot = &m->slots[i];
        } else if (obj_of(m, v)->addr == key) {
            return false;
        }
    }
    *free_slot = o->index + ADDRMAP_FIRST;
    m->used++;
    return true;
}

void addrmap_del(addrmap_t *m, uint64_t key)
{
    if (!m->size)
        return;
    size_t mask = m->size - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        uint32_t v = m->slots[i];
        if (v == ADDRMAP_EMPTY)
            return;
        if (v != ADDRMAP_DELETED && obj_of(m, v)->addr == key) {
            /* a slot followed by an empty one can be emptied: no chain runs through it */
            m->slots[i] = m->slots[(i + 1) & mask] != ADDRMAP_EMPTY ? ADDRMAP_DELETED : ADDRMAP_EMPTY;
            if (m->slots[i] == ADDRMAP_EMPTY)
                m->filled--;
            m->used--;
            return;
        }
    }
}

size_t addrmap_longest_run(const addrmap_t *m)
{
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < 2 * m->size; i++) { /* twice round: a run may wrap */
        run = m->slots[i & (m->size - 1)] != ADDRMAP_EMPTY ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    return longest < m->size ? longest : m->size;
}
