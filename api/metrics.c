#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double bounds[METRICS_BUCKETS] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                               0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

void metrics_init(metrics_t *m)
{
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
}

void metrics_destroy(metrics_t *m)
{
    pthread_mutex_destroy(&m->lock);
}

void metrics_observe(metrics_t *m, int status, double seconds)
{
    pthread_mutex_lock(&m->lock);
    if (status >= 100 && status < 600)
        m->by_status[status]++;
    int b = 0;
    while (b < METRICS_BUCKETS && seconds > bounds[b])
        b++;
    m->buckets[b]++;
    m->sum += seconds;
    m->count++;
    pthread_mutex_unlock(&m->lock);
}

void metrics_collection(metrics_t *m)
{
    pthread_mutex_lock(&m->lock);
    m->collections++;
    pthread_mutex_unlock(&m->lock);
}

void metrics_wait_timeout(metrics_t *m)
{
    pthread_mutex_lock(&m->lock);
    m->wait_timeouts++;
    pthread_mutex_unlock(&m->lock);
}

char *metrics_render(metrics_t *m, size_t sessions, size_t live_objects, size_t billed_bytes,
                     size_t answer_bytes, size_t body_bytes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pthread_mutex_lock(&m->lock);
    fprintf(f, "# HELP heapd_requests_total HTTP requests answered, by status.\n# TYPE heapd_requests_total "
               "counter\n");
    for (int s = 100; s < 600; s++)
        if (m->by_status[s])
            fprintf(f, "heapd_requests_total{status=\"%d\"} %llu\n", s, (unsigned long long)m->by_status[s]);
    fprintf(f, "# HELP heapd_sessions Live sessions.\n# TYPE heapd_sessions gauge\nheapd_sessions %zu\n",
            sessions);
    fprintf(f,
            "# HELP heapd_live_objects Simulated objects alive in all sessions.\n# TYPE heapd_live_objects "
            "gauge\nheapd_live_objects %zu\n",
            live_objects);
    fprintf(f,
            "# HELP heapd_session_bytes What all sessions cost (the memory cap's measure).\n# TYPE "
            "heapd_session_bytes gauge\nheapd_session_bytes %zu\n",
            billed_bytes);
    fprintf(f,
            "# HELP heapd_answer_bytes Answers queued and not yet read by their clients (counted toward the "
            "memory cap).\n# TYPE heapd_answer_bytes gauge\nheapd_answer_bytes %zu\n",
            answer_bytes);
    fprintf(f,
            "# HELP heapd_request_body_bytes Request bodies being received or run, as buffered (counted "
            "toward the memory cap).\n# TYPE heapd_request_body_bytes gauge\nheapd_request_body_bytes %zu\n",
            body_bytes);
    fprintf(f,
            "# HELP heapd_collections_total gc.collect() operations run.\n# TYPE heapd_collections_total "
            "counter\nheapd_collections_total %llu\n",
            (unsigned long long)m->collections);
    fprintf(f,
            "# HELP heapd_wait_timeouts_total Requests that waited for a busy session and then ran because "
            "the workers' 50 ms timer sent them back to the queue, not the end of a request of that session "
            "(a session freed by an eviction, or a lost wake-up).\n# TYPE heapd_wait_timeouts_total "
            "counter\n"
            "heapd_wait_timeouts_total %llu\n",
            (unsigned long long)m->wait_timeouts);
    fprintf(f, "# HELP heapd_request_seconds Request latency.\n# TYPE heapd_request_seconds histogram\n");
    uint64_t cum = 0;
    for (int b = 0; b < METRICS_BUCKETS; b++) {
        cum += m->buckets[b];
        fprintf(f, "heapd_request_seconds_bucket{le=\"%g\"} %llu\n", bounds[b], (unsigned long long)cum);
    }
    cum += m->buckets[METRICS_BUCKETS];
    fprintf(f, "heapd_request_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
    fprintf(f, "heapd_request_seconds_sum %.6f\nheapd_request_seconds_count %llu\n", m->sum,
            (unsigned long long)m->count);
    pthread_mutex_unlock(&m->lock);
    fclose(f);
    return buf;
}
