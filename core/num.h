/*
 * num.h — int (arbitrary precision, 30-bit digits), bool and float.
 */
#ifndef HEAPD_NUM_H
#define HEAPD_NUM_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"
#include "strbuf.h"

/* A new reference to the int v: the shared small int for -5..256. */
obj_t *int_from_i64(heap_t *h, int64_t v);
/* A new reference to the int spelled by decimal digits (optional '-'); NULL if malformed. */
obj_t *int_from_decimal(heap_t *h, const char *text);
/* A fresh (never cached) int object: what the compiler makes for a constant. */
obj_t *int_new_constant(heap_t *h, const char *text);
bool int_is_small(const char *text, int64_t *v);
/* -1, 0, 1 comparing two ints/bools. */
int int_compare(const obj_t *a, const obj_t *b);
bool int_fits_i64(const obj_t *o, int64_t *v);

obj_t *float_new(heap_t *h, double v);
/* a float the parser made for a literal and the AST arena holds (value.c) */
void float_arena_copy(heap_t *h);
/* an int of ndigits 30-bit digits the parser made for a literal past the
 * small ints (parsenumber(): PyLong_FromString()), the arena's */
void int_arena_copy(heap_t *h, uint32_t ndigits);
/* the 30-bit digits of an int literal: v, or its decimal text when not NULL */
uint32_t int_literal_digits(int64_t v, const char *text);
/* heap_arena_free(): those floats and ints freed */
void float_arena_free(heap_t *h);
/* float(o) of an int or bool: false when it is past the largest float */
bool int_to_double(const obj_t *o, double *out);
/* str() of a bool: the interpreter's 'True' / 'False' */
obj_t *bool_str(heap_t *h, bool b);
/* repr() of a float: the shortest digits that round-trip */
void float_repr_text(double v, strbuf_t *sb);

#endif
