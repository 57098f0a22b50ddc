/*
 * addrmap.h — live objects by their simulated address (id()).
 *
 * Open addressing over bare object pointers (8 bytes a slot): the key of a
 * slot is read from the object itself, which keeps the index small — it is
 * a large share of the engine's memory per simulated object.
 */
#ifndef HEAPD_ADDRMAP_H
#define HEAPD_ADDRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t (*addrmap_key_fn)(const void *value);

typedef struct {
    void **slots; /* NULL empty, ADDRMAP_DELETED deleted */
    size_t size, used, filled;
    addrmap_key_fn key_of;
} addrmap_t;

#define ADDRMAP_DELETED ((void *)1)
#define ADDRMAP_FOREACH(m, v)                                                                                \
    for (size_t _i = 0; _i < (m)->size; _i++)                                                                \
        for (void *v = (m)->slots[_i]; v > ADDRMAP_DELETED; v = NULL)

void addrmap_init(addrmap_t *m, addrmap_key_fn key_of);
void addrmap_free(addrmap_t *m);
void *addrmap_get(const addrmap_t *m, uint64_t key);
/* Adds value under key_of(value); false (and nothing added) when a live
 * entry already has that key. */
bool addrmap_put(addrmap_t *m, void *value);
void addrmap_del(addrmap_t *m, uint64_t key);

#endif
