/*
 * metrics.h — Prometheus counters for /metrics.
 */
#ifndef HEAPD_METRICS_H
#define HEAPD_METRICS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define METRICS_BUCKETS 12

typedef struct {
    pthread_mutex_t lock;
    uint64_t by_status[600];
    uint64_t buckets[METRICS_BUCKETS + 1];
    double sum;
    uint64_t count, collections;
    uint64_t wait_timeouts; /* see api_wait_timeout() */
} metrics_t;

void metrics_init(metrics_t *m);
void metrics_destroy(metrics_t *m);
void metrics_observe(metrics_t *m, int status, double seconds);
void metrics_collection(metrics_t *m);
void metrics_wait_timeout(metrics_t *m);
/* The text exposition; malloc'd. */
char *metrics_render(metrics_t *m, size_t sessions, size_t live_objects, size_t billed_bytes,
                     size_t answer_bytes, size_t body_bytes);

#endif
