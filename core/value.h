/*
 * value.h — "compile" and evaluate value specs as CPython would the
 * equivalent expression: constants made at compile time and shared within
 * the statement (co_consts), displays built by their opcodes.
 */
#ifndef HEAPD_VALUE_H
#define HEAPD_VALUE_H

#include <stdbool.h>

#include "object.h"
#include "spec.h"

/* Makes the statement's constants for spec (held on the temp stack until
 * the statement ends). false on a malformed spec (ST_BADREQ set). */
bool value_compile(heap_t *h, spec_t *s);
/* The same for an assignment's whole right side (`x = <s>`), whose float
 * literal the parser makes in another order */
bool value_compile_rhs(heap_t *h, spec_t *s);
bool value_compile_more(heap_t *h, spec_t *s);
/* Module mode: value_unit_begin(), then value_unit_add() for every spec of
 * every statement of the unit in source order (one merged constants table);
 * while h->in_unit, value_compile() finds them compiled. */
void value_unit_begin(heap_t *h);
bool value_unit_add(heap_t *h, spec_t *s);
/* The unit is compiled: the constants only items of others are let go. */
void value_unit_compiled(heap_t *h);
void value_unit_end(heap_t *h);
/* Module mode: fn on each of the unit's constant strs of this text (a
 * constant tuple's items too). */
void value_unit_each_str(heap_t *h, const char *utf8, size_t len, void (*fn)(heap_t *h, obj_t *s));
/* Appends to *v (*n of *cap, realloc'd) the constants LOAD_CONST loads for
 * s as its compilation made them (borrowed). */
void value_loaded_consts(const spec_t *s, obj_t ***v, size_t *n, size_t *cap);
/* Another expression of the unit value_unit_begin() began, which a nested
 * code object (a function's) loads: merged with the unit's constants, not
 * one of the unit's own. */
bool value_unit_add_nested(heap_t *h, spec_t *s);
/* Evaluates spec: a new reference, or NULL with h->exc set. */
obj_t *value_eval(heap_t *h, spec_t *s);

/* Whether NAME() of an unbound builtin NAME is one heapd simulates (list(), dict()...). */
bool value_builtin_simulated(const char *name);

/* LOAD_NAME of the builtin a JSON operation's statement calls (`len(r)`,
 * `object()`; attr NULL), or LOAD_NAME then LOAD_METHOD of a module's
 * function (`gc.collect()`, `weakref.ref(t)`), when the session bound the
 * name itself: its statement then calls the session's object (API.md's one
 * rule; `len = [1]` then `len(a)` is "'list' object is not callable").
 * 0 when the name is not bound (the builtin or the module runs), 1 with *m
 * loaded, -1 with the lookup's AttributeError ("'int' object has no
 * attribute 'collect'"), before any argument is evaluated. */
int value_load_callee(heap_t *h, int callee /* CALLEE_* */, const char *attr, py_method_t *m);

#endif
