/*
 * srv_pool.h — the workers that run requests, apart from libmicrohttpd's
 * polling threads.
 *
 * A polling thread runs only what is bounded (api.h, inline_only); for the
 * rest it parks the connection (MHD_suspend_connection), queues the request
 * here and goes back to polling, so /healthz and every other connection
 * stay responsive however long statements take. A worker runs the request;
 * when its session is busy with another request (API_DEFER) the job waits
 * aside until a request of that session finishes, here or on a polling
 * thread (srv_pool_finished()), so no worker sleeps on a session's lock.
 * When a job is done its connection is resumed and answered by its polling
 * thread.
 */
#ifndef HEAPD_SRV_POOL_H
#define HEAPD_SRV_POOL_H

#include <microhttpd.h>
#include <stdbool.h>

#include "api.h"

#define SRV_KEY_SIZE 64

typedef struct srv_job {
    struct MHD_Connection *conn;
    api_request_t req;      /* points into the caller's request state */
    api_response_t resp;    /* filled by the worker */
    bool done;              /* resp is ready (set before the connection is resumed) */
    char key[SRV_KEY_SIZE]; /* the session it is for ("" for none): who waits for whom */
    bool by_timer;          /* back in the queue on the workers' timer, not at the end of a request */
    struct srv_job *next;
} srv_job_t;

/* Starts n workers, each with a stack of stack_bytes. false on failure. */
bool srv_pool_start(api_t *api, int n, size_t stack_bytes);
/* Queues job (its connection already suspended by the caller); once the
 * pool is closed, answers it 503 and resumes its connection instead. */
void srv_pool_submit(srv_job_t *job);
/* A request for path finished on a polling thread: a job waiting for its
 * session goes back to the queue, as when a worker finishes one. */
void srv_pool_finished(const char *path);
/* Takes no more jobs: from now on srv_pool_pending() only goes down. */
void srv_pool_close(void);

/* Whether srv_pool_close() has run: a request answered without the pool
 * must then be handed to it all the same, to be answered 503. */
bool srv_pool_closed(void);
/* Jobs queued, waiting or running (a job counts until its connection's
 * resume has returned: at 0 after srv_pool_close() no worker touches
 * libmicrohttpd any more, and the daemon may stop). */
size_t srv_pool_pending(void);
/* Lets the workers finish what is queued, then stops them. */
void srv_pool_stop(void);

#endif
