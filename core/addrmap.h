/*
 * addrmap.h — live objects by their simulated address (id()).
 *
 * Open addressing over the objects' 32-bit struct indices (4 bytes a slot):
 * the key of a slot is read from the object itself, which keeps the index
 * small — it is a large share of the engine's memory per simulated object.
 */
#ifndef HEAPD_ADDRMAP_H
#define HEAPD_ADDRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "object.h"

typedef struct heap heap_t;

typedef struct {
    uint32_t *slots; /* ADDRMAP_EMPTY, ADDRMAP_DELETED, or a struct index + ADDRMAP_FIRST */
    size_t size, used, filled;
    const heap_t *h; /* whose structs the indices name */
} addrmap_t;

#define ADDRMAP_EMPTY 0u
#define ADDRMAP_DELETED 1u
#define ADDRMAP_FIRST 2u
/* each live object of m, as obj_t *v, in slot order */
#define ADDRMAP_FOREACH(m, v)                                                                                \
    for (size_t _i = 0; _i < (m)->size; _i++)                                                                \
        for (obj_t *v = addrmap_slot(m, _i); v; v = NULL)

void addrmap_init(addrmap_t *m, const heap_t *h);
void addrmap_free(addrmap_t *m);
obj_t *addrmap_get(const addrmap_t *m, uint64_t key);
/* Adds o under o->addr; false (and nothing added) when a live entry
 * already has that key. */
bool addrmap_put(addrmap_t *m, const obj_t *o);
void addrmap_del(addrmap_t *m, uint64_t key);
/* The object in slot i, or NULL */
obj_t *addrmap_slot(const addrmap_t *m, size_t i);
/* The longest run of slots in use (live or deleted): what the slowest
 * insertion walks */
size_t addrmap_longest_run(const addrmap_t *m);

#endif
