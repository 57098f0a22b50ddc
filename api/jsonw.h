/*
 * jsonw.h — a JSON writer straight into one growing buffer.
 *
 * Answers are written as jansson's json_dumps(JSON_COMPACT |
 * JSON_ENSURE_ASCII) would write them, byte for byte, without building a
 * tree of json_t first (requests are still parsed with jansson). Commas
 * are placed by the writer: each value or key after the first in its
 * container gets one.
 */
#ifndef HEAPD_JSONW_H
#define HEAPD_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 32

typedef struct {
    char *buf;
    size_t len, cap;
    int depth;
    bool first[JW_MAX_DEPTH]; /* nothing written yet in the container at this depth */
    bool after_key;           /* a key was written: the next value needs no comma */
} jw_t;

void jw_init(jw_t *w);
void jw_free(jw_t *w);
/* Takes the text (NUL-terminated); w is reset. */
char *jw_take(jw_t *w, size_t *len);

void jw_obj(jw_t *w);     /* { */
void jw_end_obj(jw_t *w); /* } */
void jw_arr(jw_t *w);     /* [ */
void jw_end_arr(jw_t *w); /* ] */
void jw_key(jw_t *w, const char *key);
/* A key known to need no escaping, written with its quotes and colon as one
 * piece: JW_KEY(w, "seq") (the keys of descriptors and events, written for
 * every object of an answer). */
void jw_key_lit(jw_t *w, const char *quoted_key, size_t n);
#define JW_KEY(w, key) jw_key_lit((w), "\"" key "\":", sizeof(key) + 2)
void jw_str(jw_t *w, const char *s);
void jw_strn(jw_t *w, const char *s, size_t n);
void jw_int(jw_t *w, int64_t v);
void jw_uint(jw_t *w, uint64_t v);
void jw_bool(jw_t *w, bool v);
void jw_null(jw_t *w);
/* A value already written as JSON text (no checks). */
void jw_raw(jw_t *w, const char *json, size_t n);

/* Shorthands for "key": value members. */
void jw_kstr(jw_t *w, const char *key, const char *s);
void jw_kint(jw_t *w, const char *key, int64_t v);
void jw_kbool(jw_t *w, const char *key, bool v);

#endif
