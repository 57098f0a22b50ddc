/*
 * session.h — the registry: session id -> heap, with one lock per session
 * (requests to one session run one at a time) and idle eviction.
 */
#ifndef HEAPD_SESSION_H
#define HEAPD_SESSION_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "heap.h"
#include "pyrender.h"

/* 144 random bits as base64url */
#define SESSION_ID_LEN 24

/* Ordered to leave no padding: 168 bytes, a 176-byte malloc chunk (an empty
 * session's whole cost, heap included, is some 2,030 bytes: make bench) */
typedef struct session {
    char id[SESSION_ID_LEN + 1];
    bool dead;                 /* deleted or evicted; freed when refs reach 0 */
    atomic_bool inline_holder; /* the lock's holder runs a bounded request on a polling thread (a hint) */
    int refs;                  /* registry + requests in flight */
    heap_t *heap;
    pthread_mutex_t lock; /* held while a request works on the heap */
    double last_used;
    struct client_count *client; /* the entry of the address that created it (the registry's
                                    count of its sessions), NULL when unknown */
    /* what registry_bill() last recorded (written under the registry lock) */
    atomic_size_t billed; /* session_cost() */
    atomic_size_t live;   /* heap_live_objects() */
    unsigned imports; /* modules the session has imported (pyexec.h PYMOD_*; JSON operations import theirs) */
    uint32_t bound_version; /* heap_names_version() when script.bound was read (script_bound()) */
    pyscript_t script;      /* GET .../script (under the session's lock) */
    struct session *next;
} session_t;

/* What the session costs (the memory cap's measure): its heap's billed
 * bytes, its script's text and its own struct (caller holds its lock) */
size_t session_cost(const session_t *s);

typedef struct registry registry_t;

registry_t *registry_new(size_t max_sessions);
void registry_free(registry_t *r);
typedef enum { REG_OK, REG_FULL, REG_CLIENT_FULL } reg_status_t;
/* Adds a session for heap (owned) created by client (may be NULL). NULL with
 * *why set when the server's cap, or the client's (max_client, 0: none), is reached. */
session_t *registry_add(registry_t *r, heap_t *heap, const char *client, size_t max_client,
                        reg_status_t *why);
/* Records what the session costs now and how many objects it holds (read
 * under its lock); the registry keeps the totals. */
void registry_bill(registry_t *r, session_t *s, size_t billed, size_t live);
/* What all sessions cost together (the last measurements). */
size_t registry_billed(registry_t *r);
/* Finds and pins a live session (lock not taken), or NULL. */
session_t *registry_get(registry_t *r, const char *id);
void registry_release(registry_t *r, session_t *s);
bool registry_delete(registry_t *r, const char *id);
size_t registry_sweep(registry_t *r, double ttl);
size_t registry_count(registry_t *r);
size_t registry_live_objects(registry_t *r);
double now_seconds(void);

#endif
