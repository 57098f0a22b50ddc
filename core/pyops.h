/*
 * pyops.h — the statements Python source brings beyond the JSON operations
 * (POST .../exec): an expression statement, print(), the gc module's
 * queries, a `def` of a recording weakref callback, chained assignment.
 * exec.c dispatches them; each mirrors what CPython's bytecode does.
 */
#ifndef HEAPD_PYOPS_H
#define HEAPD_PYOPS_H

#include "heap.h"
#include "object.h"

/* The argument of a one-argument call (st->value, else st->a) pushed as a
 * temporary: borrowed, or NULL with h->exc set. */
obj_t *pyop_push_arg(heap_t *h, const heap_stmt_t *st);
status_t pyop_eval(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_print(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
/* heap_t.emit_prints: a recorded body's print() calls (heap.h's PRINT_CALL encoding) */
void pyop_print_recorded(heap_t *h, const char *texts);
status_t pyop_gc_query(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_def(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_compare(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_contains(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
/* CONTAINS_OP on two evaluated operands: `key in in` as the result. */
status_t pyop_contains_in(heap_t *h, obj_t *in, obj_t *key, heap_result_t *res);
/* STORE_NAME / STORE_ATTR / STORE_SUBSCR of v (held by the caller) into t;
 * false with the exception. */
bool pyop_store_target(heap_t *h, const heap_target_t *t, obj_t *v);
status_t pyop_store(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_method(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_augassign(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
status_t pyop_unpack(heap_t *h, const heap_stmt_t *st, heap_result_t *res);
/* Frees the function definitions `def` made (heap_free). */
void pyops_free_defs(heap_t *h);

#endif
