/*
 * jarena.h — the jansson values of one request live in one arena.
 *
 * jansson allocates through it from before main on. Between jarena_begin() and jarena_end() on a thread, the
 * values that thread makes come from the arena, and jarena_end() drops
 * them all: no value made inside may be used after it (the sanitizer
 * builds poison the memory, so a use is a report). Outside, values are
 * plain malloc blocks. Calls nest; the outermost end drops.
 */
#ifndef HEAPD_JARENA_H
#define HEAPD_JARENA_H

#include <stddef.h>

void jarena_begin(void);
void jarena_end(void);

/* A point in this thread's request arena: jarena_release() drops every
 * value made since it (decref them first: the few too big for a block are
 * malloc blocks of their own), keeping the memory for the next ones. */
typedef struct {
    void *block;
    size_t used;
} jarena_mark_t;
jarena_mark_t jarena_mark(void);
void jarena_release(jarena_mark_t m);

#endif
