/*
 * textio.h — sys.stdout's pending text (textio.c): what print() writes is
 * held until a chunk is flushed.
 */
#ifndef HEAPD_TEXTIO_H
#define HEAPD_TEXTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "object.h"

typedef struct heap heap_t;

typedef enum { TEXTIO_EMPTY, TEXTIO_ONE, TEXTIO_LIST } textio_state_t;

/* TextIOWrapper.pending_bytes and pending_bytes_count */
typedef struct {
    obj_t *pending;     /* TEXTIO_ONE: the str held (NULL: a text with no object here);
                           TEXTIO_LIST: the pending list, the interpreter's (OF_HIDDEN) */
    uint32_t count;     /* bytes pending: under a chunk between writes */
    uint8_t state;      /* textio_state_t */
    bool write_through; /* unbuffered: each write is flushed at once (textio_set_mode()) */
} textio_t;

/* PyFile_WriteObject() looks sys.stdout.write up before it makes the text:
 * the bound builtin method, that the caller drops (heap_interp_drop()) after
 * the text it wrote. */
obj_t *textio_writer(heap_t *h);
/* sys.stdout.write() of a text of nbytes UTF-8 bytes: held is what it
 * keeps pending (an ASCII str as it is, else the bytes it encodes to), or
 * NULL: a text written without its object. */
void textio_write(heap_t *h, obj_t *held, size_t nbytes, size_t nchars);
/* Whether the object of a text of nbytes should be made for textio_write()
 * to keep: it may stay pending (under a chunk) and the list has room. */
bool textio_keeps(const heap_t *h, size_t nbytes);
/* What the stream holds a reference to (heap_check), or NULL. */
obj_t *textio_held(const heap_t *h);
/* How sys.stdout was opened: "unbuffered" (PYTHONUNBUFFERED=1, the
 * default) or "pipe" (block-buffered); false for any other name. Before
 * the session's first statement. */
bool textio_set_mode(heap_t *h, const char *mode);
const char *textio_mode(const heap_t *h);

#endif
