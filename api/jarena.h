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

void jarena_begin(void);
void jarena_end(void);

#endif
