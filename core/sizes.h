/*
 * sizes.h — sys.getsizeof for every simulated type, from the profile.
 */
#ifndef HEAPD_SIZES_H
#define HEAPD_SIZES_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

bool sizes_kind_is_gc(kind_t kind);
int64_t sizes_of(const heap_t *h, const obj_t *o);
/* Basic size of an instance of class cls (its memory block). */
int64_t sizes_instance(const heap_t *h, const obj_t *cls);
/* Bytes of an instance's memory block before its id: GC head and managed pre-header. */
int64_t sizes_instance_preheader(const heap_t *h, const obj_t *cls);
/* Bytes of one dict-keys index entry for a table of 2**log2size slots. */
int sizes_dict_index_bytes(size_t log2size);

#endif
