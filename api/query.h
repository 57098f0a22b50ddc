/*
 * query.h — the query string of a request (`after=12&limit=100`), decoded
 * (%XX and '+'), with strict checks: an unknown or repeated parameter, or
 * a number out of range, is an error the caller answers 400 with.
 */
#ifndef HEAPD_QUERY_H
#define HEAPD_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QUERY_MAX_PARAMS 8

typedef struct {
    char *key[QUERY_MAX_PARAMS], *value[QUERY_MAX_PARAMS];
    size_t n;
    char *storage;
} query_t;

/* Parses raw (may be NULL). false with why when malformed or when a
 * parameter is not one of allowed (NULL-ended). */
bool query_parse(query_t *q, const char *raw, const char *const *allowed, char *why, size_t whylen);
void query_free(query_t *q);
const char *query_get(const query_t *q, const char *key);
/* The parameter as an integer in [min, max], dflt when absent; false with why. */
bool query_u64(const query_t *q, const char *key, uint64_t min, uint64_t max, uint64_t dflt, uint64_t *out,
               char *why, size_t whylen);

#endif
