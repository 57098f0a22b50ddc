/*
 * cls.h — classes made by the `class` operation and their instances.
 *
 * 3.11 instances keep attributes as inline values indexed by the class's
 * shared-key table; when that table has no usable entry left for a new
 * name, the instance gets a real (materialized) dict.
 */
#ifndef HEAPD_CLS_H
#define HEAPD_CLS_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"

obj_t *class_new(heap_t *h, const char *name, const char **slots, size_t nslots, bool has_slots,
                 int finalizer);
/* Internal references a class holds to itself (mro, descriptors). */
int64_t class_internal_refs(const obj_t *cls);
/* GC objects a class owns besides itself, counted when it is collected. */
int64_t class_hidden_objects(const heap_t *h, const obj_t *cls);
obj_t *instance_new(heap_t *h, obj_t *cls);

/* o.name = value (value borrowed). false with the exception set. */
bool obj_setattr(heap_t *h, obj_t *o, const char *name, obj_t *value);
/* o.name: a new reference, or NULL with the exception set. */
obj_t *obj_getattr(heap_t *h, obj_t *o, const char *name);
bool obj_delattr(heap_t *h, obj_t *o, const char *name);

/* Visit each attribute value with its name (for graph labels), in release order. */
/* Releases the plain attributes of a class or weak container, first set first. */
void attr_store_clear(heap_t *h, obj_t *o);

void instance_each_attr(obj_t *o, void (*fn)(const char *name, obj_t *v, void *arg), void *arg);

/* The __del__ of o's class, run once (PEP 442). */
void instance_finalize(heap_t *h, obj_t *o);
bool instance_has_finalizer(const obj_t *o);

/* tp_clear and tp_dealloc */
void instance_clear(heap_t *h, obj_t *o);
void instance_dealloc(heap_t *h, obj_t *o);
void class_clear(heap_t *h, obj_t *cls);
void class_dealloc(heap_t *h, obj_t *cls);

#endif
