#include "blockpool.h"

struct pooled {
    struct pooled *next;
};

void *blockpool_take(blockpool_t *pool)
{
    pthread_mutex_lock(&pool->lock);
    struct pooled *b = pool->head;
    if (b) {
        pool->head = b->next;
        pool->n--;
    }
    pthread_mutex_unlock(&pool->lock);
    return b;
}

bool blockpool_keep(blockpool_t *pool, void *block)
{
    pthread_mutex_lock(&pool->lock);
    bool keep = pool->n < pool->max;
    if (keep) {
        ((struct pooled *)block)->next = pool->head;
        pool->head = block;
        pool->n++;
    }
    pthread_mutex_unlock(&pool->lock);
    return keep;
}
