/*
 * gc.h — the generational cycle collector (mirrors Modules/gcmodule.c).
 */
#ifndef HEAPD_GC_H
#define HEAPD_GC_H

#include <stdint.h>

#include "object.h"

void gc_init(heap_t *h);
/* _PyObject_GC_Link: count a new GC allocation; may run an automatic collection. */
void gc_on_alloc(heap_t *h);
/* PyObject_GC_Del(): a GC object's memory freed takes its allocation off count[0] */
void gc_on_free(heap_t *h);
void gc_track(heap_t *h, obj_t *o);
void gc_untrack(heap_t *h, obj_t *o);
/* gc.collect(generation): the number CPython returns. */
int64_t gc_collect(heap_t *h, int generation);
/* 3.12+: the automatic collection an allocation scheduled, once the statement ends. */
void gc_run_scheduled(heap_t *h);
void gc_freeze(heap_t *h);
void gc_unfreeze(heap_t *h);
int64_t gc_list_size_of(heap_t *h, int gen);
/* Collections run so far, of any generation. */
int64_t gc_collections_total(const heap_t *h);
/* Tracked objects of the session (not the interpreter's) in a generation. */
int64_t gc_session_objects_in(heap_t *h, int gen);
/* Moves tracked o to the tail of generation gen. */
void gc_move_to(heap_t *h, obj_t *o, int gen);
/* The work units a collection of generations 0..generation takes. */
int64_t gc_cost(heap_t *h, int generation);

#endif
