/*
 * mem.h — the engine's allocator wrappers. They never return NULL: out of
 * memory inside a statement stops that session (heap_panic), elsewhere it
 * aborts the process (see check.h).
 */
#ifndef HEAPD_MEM_H
#define HEAPD_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
