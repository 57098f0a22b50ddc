/*
 * descr.h — member descriptors (`C.x` for a slot `x` of class `C`),
 * mirroring PyMemberDescr_Type of Objects/descrobject.c.
 */
#ifndef HEAPD_DESCR_H
#define HEAPD_DESCR_H

#include <stddef.h>

#include "object.h"

/* PyDescr_NewMember(): the descriptor of the class's slot number `slot`
 * (its sorted index), holding a reference to the class; a new reference. */
obj_t *member_descr_new(heap_t *h, obj_t *cls, size_t slot);

/* The slot a member descriptor d reaches on the instance o (descr_check()
 * then the member's offset): its index in o's class, or -1 with CPython's
 * TypeError when o is not an instance of d's class. */
int member_descr_slot_of(heap_t *h, const obj_t *d, const obj_t *o);

#endif
