/*
 * mem.h — the engine's allocator wrappers. They never return NULL: out of
 * memory inside a statement stops that session (heap_panic), elsewhere it
 * aborts the process (see check.h).
 */
#ifndef HEAPD_MEM_H
#define HEAPD_MEM_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A vector of n items of `size` bytes with room for *cap, given room for
 * one more: its capacity doubled when full (`first` to begin with). A
 * capacity past UINT32_MAX is out of memory (no session's quotas allow it). */
void *xgrow_full(void *items, uint32_t *cap, size_t size, uint32_t first);
static inline void *xgrow(void *items, uint32_t n, uint32_t *cap, size_t size, uint32_t first)
{
    return n < *cap ? items : xgrow_full(items, cap, size, first); /* (the room check inline: hot paths) */
}

#endif
