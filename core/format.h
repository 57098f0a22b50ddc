/*
 * format.h — str(), repr(), ascii() and format() as an f-string's
 * replacement fields run them (FORMAT_VALUE; 3.12+: CONVERT_VALUE,
 * FORMAT_SIMPLE, FORMAT_WITH_SPEC), with the format-spec mini-language of
 * Python/formatter_unicode.c.
 */
#ifndef HEAPD_FORMAT_H
#define HEAPD_FORMAT_H

#include "object.h"

/* PyObject_Str(), PyObject_Repr(), PyObject_ASCII(): new references, or
 * NULL with the exception (h->exc), the budget or the bytes quota. */
obj_t *format_str(heap_t *h, obj_t *o);
obj_t *format_repr(heap_t *h, obj_t *o);
obj_t *format_ascii(heap_t *h, obj_t *o);

/* PyObject_Format(o, spec); spec NULL: no spec (FORMAT_SIMPLE). */
obj_t *format_object(heap_t *h, obj_t *o, obj_t *spec);

/* One replacement field: conversion ('s', 'r', 'a', or 0: none) of value
 * (a reference the call takes over: released once converted or
 * formatted, as the opcode pops it), then format() with spec (NULL: none). */
obj_t *format_field(heap_t *h, obj_t *value, int conversion, obj_t *spec);

#endif
