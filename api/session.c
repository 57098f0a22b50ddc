/*
 * session.c — sessions by unguessable id (128 bits from getrandom(),
 * base64url), pinned by reference count so a DELETE or an eviction never
 * frees a heap a request is still using.
 */
#include "session.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define NBUCKETS 1024

/* Live sessions per client address: a small chained table. */
typedef struct client_count {
    char client[64];
    size_t n;
    struct client_count *next;
} client_count_t;

struct registry {
    pthread_mutex_t lock;
    session_t *buckets[NBUCKETS];
    client_count_t *clients[NBUCKETS];
    size_t count, max;
    /* written under the lock; read without it (every request checks the
     * memory cap: the lock, taken by every thread for that, was contended) */
    atomic_size_t billed; /* sum of the sessions' billed bytes */
    atomic_size_t live;   /* sum of the sessions' live objects (as last measured) */
};

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned bucket_of(const char *id)
{
    unsigned h = 2166136261u;
    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 16777619u;
    return h % NBUCKETS;
}

/* 18 random bytes (144 bits) as 24 base64url characters */
_Static_assert(SESSION_ID_LEN == 18 / 3 * 4, "a session id's length");
static void new_id(char out[SESSION_ID_LEN + 1])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[18];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n > 0)
            got += (size_t)n;
    }
    for (int i = 0; i < 6; i++) {
        unsigned v = (unsigned)raw[3 * i] << 16 | (unsigned)raw[3 * i + 1] << 8 | raw[3 * i + 2];
        for (int k = 0; k < 4; k++)
            out[4 * i + k] = alphabet[(v >> (18 - 6 * k)) & 63];
    }
    out[SESSION_ID_LEN] = 0;
}

registry_t *registry_new(size_t max_sessions)
{
    registry_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    pthread_mutex_init(&r->lock, NULL);
    r->max = max_sessions;
    return r;
}

static void session_destroy(session_t *s)
{
    heap_free(s->heap);
    pyscript_free(&s->script);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* The client's entry (caller holds the lock); created when create is set.
 * An entry keeps the address's first 63 bytes: it is found, hashed and
 * released by them (client_release() hashes the entry's copy). */
static client_count_t *client_entry(registry_t *r, const char *client, bool create)
{
    char key[sizeof((client_count_t *)0)->client];
    snprintf(key, sizeof key, "%s", client);
    client_count_t **pp = &r->clients[bucket_of(key)];
    for (; *pp; pp = &(*pp)->next)
        if (strcmp((*pp)->client, key) == 0)
            return *pp;
    if (!create)
        return NULL;
    client_count_t *c = calloc(1, sizeof *c);
    if (c) {
        memcpy(c->client, key, sizeof key);
        *pp = c;
    }
    return c;
}

/* One session of c's fewer (caller holds the lock); the entry goes with its last. */
static void client_release(registry_t *r, client_count_t *c)
{
    if (!c || --c->n)
        return;
    client_count_t **pp = &r->clients[bucket_of(c->client)];
    while (*pp != c)
        pp = &(*pp)->next;
    *pp = c->next;
    free(c);
}

void registry_free(registry_t *r)
{
    for (int i = 0; i < NBUCKETS; i++) {
        for (session_t *s = r->buckets[i], *next; s; s = next) {
            next = s->next;
            session_destroy(s);
        }
        for (client_count_t *c = r->clients[i], *next; c; c = next) {
            next = c->next;
            free(c);
        }
    }
    pthread_mutex_destroy(&r->lock);
    free(r);
}

size_t session_cost(const session_t *s)
{
    return heap_billed_bytes(s->heap) + s->script.text.cap + sizeof *s;
}

session_t *registry_add(registry_t *r, heap_t *heap, const char *client, size_t max_client, reg_status_t *why)
{
    *why = REG_FULL;
    session_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    new_id(s->id);
    s->heap = heap;
    s->refs = 2; /* the registry's and the caller's */
    s->last_used = now_seconds();
    pyscript_init(&s->script, heap_version(heap), heap_stdout(heap));
    s->billed = session_cost(s);
    s->live = heap_live_objects(heap);
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_lock(&r->lock);
    bool known = client && client[0];
    client_count_t *cc = known ? client_entry(r, client, true) : NULL;
    bool full = r->max && r->count >= r->max;
    bool client_full = cc && max_client && cc->n >= max_client;
    if (full || client_full || (known && !cc)) {
        if (cc && cc->n == 0) { /* just made for this refused session: drop it */
            cc->n++;
            client_release(r, cc);
        }
        *why = client_full ? REG_CLIENT_FULL : REG_FULL;
        pthread_mutex_unlock(&r->lock);
        pthread_mutex_destroy(&s->lock);
        pyscript_free(&s->script);
        free(s);
        return NULL;
    }
    if (cc)
        cc->n++;
    s->client = cc;
    r->billed += s->billed;
    r->live += s->live;
    unsigned b = bucket_of(s->id);
    s->next = r->buckets[b];
    r->buckets[b] = s;
    r->count++;
    pthread_mutex_unlock(&r->lock);
    return s;
}

session_t *registry_get(registry_t *r, const char *id)
{
    pthread_mutex_lock(&r->lock);
    session_t *s = r->buckets[bucket_of(id)];
    while (s && strcmp(s->id, id) != 0)
        s = s->next;
    if (s) {
        s->refs++;
        s->last_used = now_seconds();
    }
    pthread_mutex_unlock(&r->lock);
    return s;
}

void registry_release(registry_t *r, session_t *s)
{
    pthread_mutex_lock(&r->lock);
    s->last_used = now_seconds();
    bool destroy = --s->refs == 0;
    pthread_mutex_unlock(&r->lock);
    if (destroy)
        session_destroy(s);
}

/* Unlinks s (caller holds the lock); returns true when nobody uses it. */
static bool unlink_session(registry_t *r, session_t *s)
{
    session_t **pp = &r->buckets[bucket_of(s->id)];
    while (*pp != s)
        pp = &(*pp)->next;
    *pp = s->next;
    s->dead = true;
    r->count--;
    r->billed -= s->billed;
    s->billed = 0;
    r->live -= s->live;
    s->live = 0;
    client_release(r, s->client);
    return --s->refs == 0;
}

bool registry_delete(registry_t *r, const char *id)
{
    pthread_mutex_lock(&r->lock);
    session_t *s = r->buckets[bucket_of(id)];
    while (s && strcmp(s->id, id) != 0)
        s = s->next;
    bool destroy = s && unlink_session(r, s);
    pthread_mutex_unlock(&r->lock);
    if (destroy)
        session_destroy(s);
    return s != NULL;
}

size_t registry_sweep(registry_t *r, double ttl)
{
    double now = now_seconds();
    size_t n = 0;
    session_t *doomed = NULL;
    pthread_mutex_lock(&r->lock);
    for (int i = 0; i < NBUCKETS; i++)
        for (session_t *s = r->buckets[i], *next; s; s = next) {
            next = s->next;
            if (s->refs == 1 && now - s->last_used > ttl) {
                unlink_session(r, s);
                s->next = doomed;
                doomed = s;
                n++;
            }
        }
    pthread_mutex_unlock(&r->lock);
    while (doomed) {
        session_t *next = doomed->next;
        session_destroy(doomed);
        doomed = next;
    }
    return n;
}

size_t registry_count(registry_t *r)
{
    pthread_mutex_lock(&r->lock);
    size_t n = r->count;
    pthread_mutex_unlock(&r->lock);
    return n;
}

/* Sum of live objects as the sessions' last requests left them: a heap is
 * read only under its session's lock, which a request may hold for long. */
size_t registry_live_objects(registry_t *r)
{
    return atomic_load_explicit(&r->live, memory_order_relaxed);
}

void registry_bill(registry_t *r, session_t *s, size_t billed, size_t live)
{
    /* most reads change neither (the registry's lock is every request's
     * otherwise); a session unlinked meanwhile has 0, which no cost equals */
    if (atomic_load(&s->billed) == billed && atomic_load(&s->live) == live)
        return;
    pthread_mutex_lock(&r->lock);
    if (!s->dead) {
        r->billed = r->billed - s->billed + billed;
        s->billed = billed;
        r->live = r->live - s->live + live;
        s->live = live;
    }
    pthread_mutex_unlock(&r->lock);
}

size_t registry_billed(registry_t *r)
{
    return atomic_load_explicit(&r->billed, memory_order_relaxed);
}
