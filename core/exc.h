/*
 * exc.h — the exception record every core operation fills on failure.
 *
 * Errors are values: a core call returns a status and, when a Python
 * statement would have raised, the exception type and CPython's exact
 * message sit here for the API layer to render.
 */
#ifndef HEAPD_EXC_H
#define HEAPD_EXC_H

#include <stddef.h>

typedef enum {
    ST_OK = 0,
    ST_PYEXC,      /* the statement raised a Python exception */
    ST_NOTFOUND,   /* an object id that names no live object of this heap */
    ST_BADREQ,     /* the request cannot stand for a Python statement */
    ST_LIMIT,      /* a quota of the heap was reached */
    ST_INTERNAL,   /* an internal error stopped the heap (check.h); it stays stopped */
    ST_BUDGET,     /* the request's work budget is spent; the statement did nothing */
    ST_UNSUPPORTED /* CPython would run it, heapd cannot: a builtin it does not simulate */
} status_t;

typedef struct {
    status_t status;
    char type[32];      /* "NameError", or the quota name for ST_LIMIT */
    char message[512];  /* CPython's str(exception), or our message */
    unsigned long_text; /* 0, or which heap_exc_long() text holds the whole message when it is
                           longer than message[] (a KeyError's repr of a long key): heap_exc_message() */
    /* a NameError of a builtin's name that a JSON reference path does not
     * see (heap_ref_t.names_only): CPython's LOAD_NAME would have found it,
     * so the session's script hides it from the statement; else "" */
    char hidden_builtin[32];
} exc_t;

/* Fill exc and return its status; the message is printf-formatted. */
status_t exc_set(exc_t *exc, status_t st, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
