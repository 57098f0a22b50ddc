/*
 * cls.h — classes (class.c) and their instances (instance.c).
 */
#ifndef HEAPD_CLS_H
#define HEAPD_CLS_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"

/* builtin___build_class__() around a class statement's type(name, bases,
 * ns) call (Python/bltinmodule.c): begin makes the body's function, the
 * namespace (type.__prepare__()), the body's frame (3.10) and functions,
 * and the call's argument tuple; end drops what the class does not keep. */
typedef struct {
    obj_t *ns, *args;
    obj_t *slots_list; /* a list display's __slots__, which the class keeps */
    bool frame;
} class_build_t;
void class_build_begin(heap_t *h, class_build_t *b, const heap_classdef_t *def);
void class_build_end(heap_t *h, class_build_t *b);
/* Whether _Py_Mangle() makes name, in the body of class cls, a new one
 * (`__x` -> `_C__x`): a private name, not a dunder, and some of the class's
 * name left once its leading underscores go. */
bool class_mangles(const char *cls, const char *name);
/* `class name: ...` of the `class` operation: a new reference. With def (a
 * class statement's), type_new()'s own objects are made as CPython's
 * (counted, from the free lists), those the class keeps released with it;
 * NULL: none (the types module's _C, whose import is measured whole); b:
 * class_build_begin()'s (or NULL). */
obj_t *class_new(heap_t *h, const char *name, const char **slots, size_t nslots, bool has_slots,
                 int finalizer, const heap_classdef_t *def, class_build_t *b);

/* A class of the interpreter's library (shared, never dies) whose
 * instances take their Python-level methods from `lib`. */
obj_t *class_new_library(heap_t *h, const char *name, const char *module, const type_ops_t *lib,
                         int lib_kind);
/* 3.10: a call of the class's function `which` (CLS_FRAME_*): its code
 * keeps the frame of its first call (co_zombieframe), one GC allocation
 * once; nothing on 3.11+. */
void class_frame(heap_t *h, obj_t *cls, unsigned which);
/* The index of the slot whose member descriptor is still in the class, or -1. */
int class_slot_index(const obj_t *cls, const char *name);
/* References a class holds to itself (its mro, its descriptors). */
int64_t class_internal_refs(const obj_t *cls);
/* How many of the visits class_traverse() makes of the class itself stand
 * for its machinery (its mro and getsets, visited last; none once cleared):
 * an attribute bound to the class itself (`C.k = C`) is a visit besides. */
int64_t class_machinery_visits(const obj_t *cls);
/* 3.10: replaces the class's cached shared keys (taking the reference k,
 * dropping the old one); NULL drops them. */
void class_set_cached_keys(heap_t *h, obj_t *cls, dict_keys_t *k);
/* A class attribute, borrowed, or NULL. */
obj_t *class_lookup(const obj_t *cls, const char *name);

obj_t *instance_new(heap_t *h, obj_t *cls);
/* getsizeof of an instance of cls, and the bytes of its block before its id
 * (the GC head and the managed pre-header). */
int64_t sizes_instance(const heap_t *h, const obj_t *cls);
int64_t sizes_instance_preheader(const heap_t *h, const obj_t *cls);
/* An instance attribute (slot, inline value or __dict__ entry), borrowed, or NULL. */
obj_t *instance_attr(heap_t *h, obj_t *o, const char *name);
/* Each attribute with its name: slots, then values, then __dict__ entries. */
void instance_each_attr(obj_t *o, void (*fn)(const char *name, obj_t *v, void *arg), void *arg);
/* The __del__ of o's class, run once (PEP 442). */
void instance_finalize(heap_t *h, obj_t *o);
bool instance_has_finalizer(const obj_t *o);

#endif
