/*
 * request.h — strict validation of an operation's JSON body into a
 * heap statement. Every unknown, missing or mistyped field is a 400 whose
 * message names the field; nothing reaches the heap until all is valid.
 */
#ifndef HEAPD_REQUEST_H
#define HEAPD_REQUEST_H

#include <jansson.h>
#include <stdbool.h>

#include "heap.h"

typedef struct {
    heap_stmt_t st;
    /* storage the statement points into */
    json_t *body; /* a reference kept while strings are borrowed, or NULL */
} parsed_op_t;

/* Where the parsed operations of a batch keep their strings, so that each
 * operation's jansson values can go as soon as it is parsed. */
typedef struct req_pool req_pool_t;
req_pool_t *req_pool_new(void);
void req_pool_free(req_pool_t *pool);

/* true when op names an operation */
bool req_is_op(const char *op);
/* Parses body for op into p; false with a message in err. With a pool, p
 * keeps copies of the body's strings there and holds no reference to body;
 * without one, it borrows them and holds body. */
bool req_parse_op(const char *op, json_t *body, bool in_batch, req_pool_t *pool, parsed_op_t *p, char *err,
                  size_t errlen);
void req_free(parsed_op_t *p);
/* jansson's json_unpack_ex() error in the API's words ("unknown field 'x'"). */
const char *req_unpack_message(const json_error_t *e);

/* json_loadb(), except that integers past int64 (jansson's "too big
 * integer") are read as API.md's big int spec {"type": "int", "value":
 * "<digits>"}: a JSON integer is a Python int literal of any size. Where a
 * field takes no value the spec is a mistyped field, as before. A lone
 * surrogate escape ("\ud800", which jansson refuses) is read as Python's
 * json reads it, its string holding the surrogate's 3-byte form (a str
 * may hold one). On failure err is the original body's error. */
json_t *req_json_load(const char *buf, size_t len, size_t flags, json_error_t *err);

/* j's text when it is a string holding no NUL, else NULL (bodies are parsed
 * with JSON_ALLOW_NUL: only str values may hold '\u0000'). */
const char *req_jstr(const json_t *j);

#endif
