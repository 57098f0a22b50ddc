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
    json_t *body; /* a reference kept while strings are borrowed */
} parsed_op_t;

/* true when op names an operation */
bool req_is_op(const char *op);
/* Parses body for op into p; false with a message in err. */
bool req_parse_op(const char *op, json_t *body, bool in_batch, parsed_op_t *p, char *err, size_t errlen);
void req_free(parsed_op_t *p);
/* jansson's json_unpack_ex() error in the API's words ("unknown field 'x'"). */
const char *req_unpack_message(const json_error_t *e);

#endif
