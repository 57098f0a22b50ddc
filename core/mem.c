/*
 * mem.c — allocation with one out-of-memory policy (check.h).
 */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static _Noreturn void out_of_memory(size_t n)
{
    heap_t *h = heap_running();
    if (h)
        heap_panic(h, "out of memory (asked for %zu bytes)", n);
    fprintf(stderr, "heapd: out of memory (asked for %zu bytes)\n", n);
    fflush(stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

void *xgrow_full(void *items, uint32_t *cap, size_t size, uint32_t first)
{
    size_t c = *cap ? (size_t)*cap * 2 : first;
    if (c > UINT32_MAX)
        out_of_memory(c * size);
    *cap = (uint32_t)c;
    return xrealloc(items, c * size);
}

char *xstrndup(const char *s, size_t n)
{
    char *p = strndup(s, n);
    if (!p)
        out_of_memory(n);
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}
