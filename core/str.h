/*
 * str.h — str (PEP 393 kinds) and bytes objects, and the interned-str table.
 */
#ifndef HEAPD_STR_H
#define HEAPD_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formatter.h"
#include "object.h"

/* A new reference to a str made at run time from valid UTF-8: '' and the
 * latin-1 characters are the shared singletons. */
obj_t *str_from_utf8(heap_t *h, const char *utf8, size_t len);
/* The one-character str chr(c). */
obj_t *str_from_char(heap_t *h, uint32_t c);
/* PyUnicode_New() filled with the text: a new str, the shared '' when empty */
obj_t *str_new_text(heap_t *h, const char *utf8, size_t len);
/* A str of the text (WTF-8) once the quota and the budget have room for
 * it (formatter.c fmt_text_room()): fresh, PyUnicode_New()'s (only '' is
 * shared), else a writer's result (_PyUnicodeWriter_Finish(): the shared
 * one-character latin-1 strs too); NULL with the error */
obj_t *str_new_paid(heap_t *h, const char *utf8, size_t len, bool fresh);
/* s as the format-spec mini-language reads it (formatter.h) */
fmt_text_t str_fmt_text(const obj_t *s);
/* A str of the interpreter's own (statically allocated): not interned */
obj_t *str_static_text(heap_t *h, const char *ascii);
/* PyUnicode_AsUTF8(o): a non-ASCII str keeps its UTF-8 form, which
 * sys.getsizeof counts from then on. */
void str_keep_utf8(heap_t *h, obj_t *o);
/* The same of the strs of this text a statement made, where that is a str
 * every such text is (ASCII: nothing to keep; one latin-1 character: the
 * shared str, which keeps it on 3.10/3.11): true then, else false. */
bool str_utf8_asked_shared(heap_t *h, const char *utf8, size_t len);
/* A str literal as the compiler makes it: shared singletons, identifier-like
 * literals interned, anything else a new object. */
obj_t *str_constant(heap_t *h, const char *utf8, size_t len);
/* sys.intern(s): the canonical equal str, a new reference. */
obj_t *str_intern(heap_t *h, obj_t *s);
/* An identifier as the parser makes it (_PyPegen_new_identifier()): the
 * interned str of the UTF-8 name, a new reference. */
obj_t *str_identifier(heap_t *h, const char *name);
/* The i-th code point. */
uint32_t str_char(const obj_t *o, size_t i);
int64_t str_hash_value(const heap_t *h, obj_t *o);
/* hash() of the str the UTF-8 `text` makes, without making it. */
int64_t str_hash_utf8(const heap_t *h, const char *text, size_t len);
bool str_eq(const obj_t *a, const obj_t *b);
/* s == the str the UTF-8 text makes */
bool str_eq_utf8(const obj_t *s, const char *text, size_t len);
/* Its UTF-8, malloc'd (a NUL in the str is a NUL byte: str_to_utf8_n gives the length). */
char *str_to_utf8(const obj_t *o);
char *str_to_utf8_n(const obj_t *o, size_t *len);
/* The UTF-8 of its first max_chars characters at most, malloc'd. */
char *str_to_utf8_prefix(const obj_t *o, size_t max_chars, size_t *len);

/* The strs iterating s makes (a character past latin-1 is a new one, see
 * str_from_char()); *bytes gets what they add to the session at most. */
size_t str_iter_makes(const heap_t *h, const obj_t *s, size_t *bytes);

obj_t *bytes_constant(heap_t *h, const uint8_t *data, size_t len);

/* An int index operand: false with TypeError (fmt takes the key's type
 * name) or IndexError when it does not fit. */
bool index_operand(heap_t *h, const obj_t *o, obj_t *key, const char *fmt, int64_t *i);
/* A sequence index against its length n: counted from the end when negative
 * (as each type's subscript does before its sq_item); false with
 * IndexError(message) when out of range. */
bool index_in_range(heap_t *h, int64_t *i, int64_t n, const char *message);

/* siphash13 with a zero key, as CPython 3.11+ under PYTHONHASHSEED=0. */
int64_t hash_bytes(const void *data, size_t len);
/* The same, or siphash24 (3.10's) when siphash24 is set. */
int64_t hash_bytes_with(const void *data, size_t len, int siphash24);

extern const type_ops_t str_type;
/* PyUnicode_CheckExact() */
static inline bool str_check_exact(const obj_t *o)
{
    return TYPE(o) == &str_type;
}

#endif
