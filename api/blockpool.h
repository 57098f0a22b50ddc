/*
 * blockpool.h — freed blocks of one size kept for the next request.
 *
 * A fresh block costs its page faults again; the arenas of requests (the
 * answers' jansson values, jarena.c; the parser's, pyparse.c) give theirs
 * back here, and any worker takes them. Blocks are linked through their
 * first word, which the owner's struct keeps for that (its `next`).
 */
#ifndef HEAPD_BLOCKPOOL_H
#define HEAPD_BLOCKPOOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    pthread_mutex_t lock;
    void *head;
    size_t n, max; /* kept; at most */
} blockpool_t;

#define BLOCKPOOL_INIT(max)                                                                                  \
    {                                                                                                        \
        PTHREAD_MUTEX_INITIALIZER, NULL, 0, (max)                                                            \
    }

/* A kept block, or NULL when there is none. */
void *blockpool_take(blockpool_t *pool);
/* Keeps block for a later take; false when the pool is full (the caller frees it). */
bool blockpool_keep(blockpool_t *pool, void *block);

#endif
