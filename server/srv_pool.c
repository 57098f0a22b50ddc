/*
 * srv_pool.c — the request workers (srv_pool.h).
 */
#include "srv_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static api_t *g_api;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_ready;                /* on CLOCK_MONOTONIC (srv_pool_start()) */
static srv_job_t *g_head, *g_tail;            /* ready to run, FIFO */
static srv_job_t *g_waiting, *g_waiting_tail; /* found their session busy, FIFO: back in the
                                                 queue when a job of that session finishes */
static size_t g_pending;                      /* queued + waiting + running + resuming */
/* requests finished so far, by the workers or inline (srv_pool_finished());
 * and how many jobs wait aside: with both, a request finished on a polling
 * thread wakes a waiting job without taking g_lock when none waits */
static atomic_ulong g_finished;
static atomic_size_t g_nwaiting;
static bool g_stopping;
static atomic_bool g_closed; /* srv_pool_close(): new jobs are answered 503 at once */
static pthread_t *g_threads;
static int g_nthreads;

static void push(srv_job_t *job)
{
    job->next = NULL;
    if (g_tail)
        g_tail->next = job;
    else
        g_head = job;
    g_tail = job;
}

static srv_job_t *pop(void)
{
    srv_job_t *job = g_head;
    if (job) {
        g_head = job->next;
        if (!g_head)
            g_tail = NULL;
    }
    return job;
}

/* The caller has counted the job in g_nwaiting. */
static void wait_aside(srv_job_t *job)
{
    job->next = NULL;
    if (g_waiting_tail)
        g_waiting_tail->next = job;
    else
        g_waiting = job;
    g_waiting_tail = job;
}

/* A job of session `key` finished: the first job waiting for that session
 * goes back to the queue (the others would only find it busy again); with
 * key NULL, every waiting job does. */
static void requeue_waiting(const char *key)
{
    srv_job_t **link = &g_waiting, *prev = NULL;
    while (*link) {
        srv_job_t *job = *link;
        if (!key || strcmp(job->key, key) == 0) {
            *link = job->next;
            if (g_waiting_tail == job)
                g_waiting_tail = prev;
            atomic_fetch_sub(&g_nwaiting, 1);
            job->by_timer = !key;
            push(job);
            pthread_cond_signal(&g_ready);
            if (key)
                return;
            continue;
        }
        prev = job;
        link = &job->next;
    }
}

/* The session a request is for: the {sid} of /v1/sessions/{sid}/..., or "". */
static void session_key(const char *path, char key[SRV_KEY_SIZE])
{
    static const char prefix[] = "/v1/sessions/";
    key[0] = 0;
    if (strncmp(path, prefix, sizeof prefix - 1) == 0) {
        path += sizeof prefix - 1;
        size_t n = strcspn(path, "/");
        if (n < SRV_KEY_SIZE) {
            memcpy(key, path, n);
            key[n] = 0;
        }
    }
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_lock);
    for (;;) {
        srv_job_t *job;
        while (!(job = pop()) && !(g_stopping && !g_pending)) {
            /* a session can also be busy with what is no job (eviction):
             * waiting jobs retry after a while, whatever finishes */
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until); /* a wall clock stepped back would stretch the wait */
            until.tv_nsec += 50 * 1000 * 1000;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            if (pthread_cond_timedwait(&g_ready, &g_lock, &until) == ETIMEDOUT && g_waiting)
                requeue_waiting(NULL);
        }
        if (!job)
            break;
        unsigned long seen = atomic_load(&g_finished);
        pthread_mutex_unlock(&g_lock);
        api_serve(g_api, &job->req, &job->resp);
        pthread_mutex_lock(&g_lock);
        if (job->resp.status == API_DEFER) {
            /* its session is busy: wait aside until some job finishes (one is
             * running on that session, so one will); if one finished
             * meanwhile, straight back to the queue: no wake-up is lost */
            atomic_fetch_add(&g_nwaiting, 1); /* before g_finished is read: srv_pool_finished() */
            if (atomic_load(&g_finished) != seen) {
                atomic_fetch_sub(&g_nwaiting, 1);
                job->by_timer = false;
                push(job);
            } else {
                wait_aside(job);
            }
            continue;
        }
        /* it ran: the timer, not the end of a request, gave it its session.
         * Counted here, not at the timer: a request that holds the session
         * longer than the timer (a big batch; most under ASan) ends with a
         * wake-up of its own, and the job requeued meanwhile only finds the
         * session busy again. What is counted is a session freed by what is
         * no request (eviction) or a lost wake-up (the one exception: a
         * holder of over 50 ms that ends in the microseconds between the
         * timer's requeue and the job's start on the worker the timer woke). */
        if (job->by_timer)
            api_wait_timeout(g_api);
        atomic_fetch_add(&g_finished, 1);
        requeue_waiting(job->key);
        job->done = true;
        pthread_mutex_unlock(&g_lock);
        MHD_resume_connection(job->conn); /* the last touch: the polling thread owns the job again */
        pthread_mutex_lock(&g_lock);
        /* only now: until the resume has returned, the daemon must not stop */
        g_pending--;
    }
    pthread_mutex_unlock(&g_lock);
    return NULL;
}

bool srv_pool_start(api_t *api, int n, size_t stack_bytes)
{
    g_api = api;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_ready, &ca);
    pthread_condattr_destroy(&ca);
    g_threads = calloc((size_t)n, sizeof *g_threads);
    if (!g_threads)
        return false;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_bytes);
    for (g_nthreads = 0; g_nthreads < n; g_nthreads++)
        if (pthread_create(&g_threads[g_nthreads], &attr, worker, NULL) != 0)
            break;
    pthread_attr_destroy(&attr);
    return g_nthreads > 0;
}

/* The answer to a job that comes in once the pool is closed. */
static void refuse(srv_job_t *job)
{
    static const char body[] =
        "{\"error\":{\"code\":\"overloaded\",\"message\":\"the server is stopping; try again later\"}}";
    memset(&job->resp, 0, sizeof job->resp);
    job->resp.status = 503;
    job->resp.body = strdup(body);
    job->resp.body_len = job->resp.body ? strlen(body) : 0;
    job->resp.content_type = "application/json";
    job->resp.retry_after = 1;
    job->done = true;
}

void srv_pool_submit(srv_job_t *job)
{
    job->done = false;
    job->by_timer = false;
    job->req.may_defer = true;
    session_key(job->req.path, job->key);
    pthread_mutex_lock(&g_lock);
    if (g_closed) {
        pthread_mutex_unlock(&g_lock);
        refuse(job);
        MHD_resume_connection(job->conn); /* as a worker would: answered on the next handler call */
        return;
    }
    g_pending++;
    push(job);
    pthread_mutex_unlock(&g_lock);
    pthread_cond_signal(&g_ready); /* after the unlock: the worker it wakes finds the lock free */
}

void srv_pool_finished(const char *path)
{
    /* g_finished first, g_nwaiting after; a worker deferring a job counts it
     * in g_nwaiting first and reads g_finished after: one of the two sees
     * the other, so the job is either requeued here or never waits */
    atomic_fetch_add(&g_finished, 1);
    if (atomic_load(&g_nwaiting) == 0)
        return;
    char key[SRV_KEY_SIZE];
    session_key(path, key);
    pthread_mutex_lock(&g_lock);
    requeue_waiting(key);
    pthread_mutex_unlock(&g_lock);
}

void srv_pool_close(void)
{
    pthread_mutex_lock(&g_lock); /* srv_pool_submit() reads it under the lock */
    atomic_store(&g_closed, true);
    pthread_mutex_unlock(&g_lock);
}

bool srv_pool_closed(void)
{
    return atomic_load(&g_closed);
}

size_t srv_pool_pending(void)
{
    pthread_mutex_lock(&g_lock);
    size_t n = g_pending;
    pthread_mutex_unlock(&g_lock);
    return n;
}

void srv_pool_stop(void)
{
    pthread_mutex_lock(&g_lock);
    g_stopping = true;
    pthread_cond_broadcast(&g_ready);
    pthread_mutex_unlock(&g_lock);
    for (int i = 0; i < g_nthreads; i++)
        pthread_join(g_threads[i], NULL);
    free(g_threads);
    g_threads = NULL;
}
