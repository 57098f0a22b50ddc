/*
 * addrmap.h — live objects by their simulated address (id()).
 */
#ifndef HEAPD_ADDRMAP_H
#define HEAPD_ADDRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t key; void *value; } addrmap_slot_t;

typedef struct {
    addrmap_slot_t *slots; /* key 0 empty, key 1 deleted (ids are 16-aligned) */
    size_t size, used, filled;
} addrmap_t;

void addrmap_init(addrmap_t *m);
void addrmap_free(addrmap_t *m);
void *addrmap_get(const addrmap_t *m, uint64_t key);
bool addrmap_put(addrmap_t *m, uint64_t key, void *value);
void addrmap_del(addrmap_t *m, uint64_t key);

#endif
