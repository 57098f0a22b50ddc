/*
 * jarena.c — a request's jansson values in one arena (see jarena.h).
 *
 * A 10,000-operation batch parses into some 70,000 jansson values; one
 * malloc and one free each, in a worker's own malloc arena that the kernel
 * must fault in again whenever another worker took the previous batch, were
 * most of a batch's time (perf, 2026-11-30). Here they are carved from
 * 1 MiB blocks that every worker shares through one pool, and all go at
 * once when the request ends.
 *
 * Every pointer handed to jansson carries a 16-byte header saying where it
 * came from, so that values made outside a request (and the few too big for
 * a block) are plain malloc blocks that free() returns, and jansson's own
 * frees of arena values cost nothing.
 */
#include "jarena.h"
#include "blockpool.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define BLOCK_SIZE ((size_t)1 << 20)
#define BIG (BLOCK_SIZE / 8) /* larger values are malloc blocks of their own */
#define POOL_MAX 64 /* blocks kept for the next requests: 64 MiB, a 1 MiB body's tree several times over */
#define HEADER 16   /* keeps jansson's values 16-byte aligned */

enum origin { FROM_MALLOC = 0x6d616c6c, FROM_ARENA = 0x6172656e };

typedef struct block {
    struct block *next;
    size_t used;
    _Alignas(16) unsigned char data[];
} block_t;

#define CAPACITY (BLOCK_SIZE - sizeof(block_t))

static blockpool_t pool = BLOCKPOOL_INIT(POOL_MAX);

/* this thread's request: its blocks, newest first; depth 0: no request */
static _Thread_local block_t *blocks;
static _Thread_local int depth;

static block_t *block_get(void)
{
    block_t *b = blockpool_take(&pool);
    if (!b && !(b = malloc(BLOCK_SIZE)))
        return NULL;
    UNPOISON(b->data, CAPACITY);
    b->used = 0;
    return b;
}

static void block_put(block_t *b)
{
    POISON(b->data, CAPACITY); /* a value used after its request ends is a report */
    if (!blockpool_keep(&pool, b))
        free(b);
}

static void *tag(unsigned char *p, enum origin o)
{
    *(uint32_t *)p = o;
    return p + HEADER;
}

static void *arena_alloc(size_t n)
{
    size_t need = (n + HEADER + 15) & ~(size_t)15;
    if (!blocks || CAPACITY - blocks->used < need) {
        block_t *b = block_get();
        if (!b)
            return NULL;
        b->next = blocks;
        blocks = b;
    }
    unsigned char *p = blocks->data + blocks->used;
    UNPOISON(p, need); /* poisoned by a jarena_release() */
    blocks->used += need;
    return tag(p, FROM_ARENA);
}

static void *jalloc(size_t n)
{
    if (depth && n <= BIG)
        return arena_alloc(n);
    unsigned char *p = malloc(n + HEADER);
    return p ? tag(p, FROM_MALLOC) : NULL;
}

static void jfree(void *ptr)
{
    if (!ptr)
        return;
    unsigned char *p = (unsigned char *)ptr - HEADER;
    if (*(uint32_t *)p == FROM_MALLOC)
        free(p);
}

/* before main: no value may exist that did not come through jalloc */
__attribute__((constructor)) static void jarena_install(void)
{
    json_set_alloc_funcs(jalloc, jfree);
}

void jarena_begin(void)
{
    depth++;
}

void jarena_end(void)
{
    if (--depth)
        return;
    while (blocks) {
        block_t *b = blocks;
        blocks = b->next;
        block_put(b);
    }
}

jarena_mark_t jarena_mark(void)
{
    return (jarena_mark_t){blocks, blocks ? blocks->used : 0};
}

void jarena_release(jarena_mark_t m)
{
    while (blocks && blocks != m.block) {
        block_t *b = blocks;
        blocks = b->next;
        block_put(b);
    }
    if (blocks) {
        POISON(blocks->data + m.used, blocks->used - m.used);
        blocks->used = m.used;
    }
}
