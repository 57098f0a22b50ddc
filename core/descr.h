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

#endif
