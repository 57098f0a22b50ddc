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
/* 3.12+: an eval-breaker check (_Py_HandlePending()): the automatic
 * collection an allocation scheduled runs if the young count is still past
 * its threshold (_Py_RunGC()). CPython checks at a frame's RESUME (a
 * statement's code, a unit's, a function's, a class body's, a library
 * method's), after a CALL into C (pycall.h: py_call_inline()) and in
 * PyErr_CheckSignals(), which PyObject_Str() and PyObject_Repr() call
 * first (print()'s pieces, an f-string's conversions); never merely at a
 * statement's end: a statement compiled alone is run by exec(), whose CALL
 * checks once the statement's value was dropped (heap_result_done()). */
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
