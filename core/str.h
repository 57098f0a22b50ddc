/*
 * str.h — str (PEP 393 kinds) and bytes objects, their hashes and reprs,
 * and the interned-str table.
 */
#ifndef HEAPD_STR_H
#define HEAPD_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "object.h"
#include "strbuf.h"

/* Decodes UTF-8 (already validated by the caller) into code points. */
uint32_t *utf8_decode(const char *s, size_t len, size_t *n);

/* A new reference to a str made at run time: '' and latin-1 chars are shared. */
obj_t *str_from_cps(heap_t *h, uint32_t *cps /* stolen */, size_t n);
/* A str literal as the compiler makes it: shared singletons, identifier-like
 * literals interned, anything else a new object. */
obj_t *str_constant(heap_t *h, const char *utf8, size_t len);
/* sys.intern(s): the canonical equal str, a new reference. */
obj_t *str_intern(heap_t *h, obj_t *s);
void str_forget_interned(heap_t *h, obj_t *s);
int64_t str_hash(const heap_t *h, obj_t *o);
bool str_eq(const obj_t *a, const obj_t *b);
void str_repr(const obj_t *o, strbuf_t *sb);
char *str_to_utf8(const obj_t *o);
void str_free(obj_t *o);

obj_t *bytes_constant(heap_t *h, const uint8_t *data, size_t len);
int64_t bytes_hash(const heap_t *h, obj_t *o);
void bytes_repr(const obj_t *o, strbuf_t *sb);
void bytes_free(obj_t *o);

/* siphash13 with a zero key, as CPython 3.11+ under PYTHONHASHSEED=0. */
int64_t hash_bytes(const void *data, size_t len);
/* The same, or siphash24 (3.10's) when siphash24 is set. */
int64_t hash_bytes_with(const void *data, size_t len, int siphash24);

#endif
