/*
 * srv_guard.c — per-connection deadlines and caps (see srv_guard.h).
 */
#include "srv_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct srv_conn {
    srv_conn_t *prev, *next; /* under g_lock */
    int fd;
    int family;               /* AF_INET, AF_INET6, 0: unknown */
    unsigned char addr[16];   /* the peer's address, for the per-client cap */
    _Atomic int64_t deadline; /* CLOCK_MONOTONIC ms, 0: none */
    atomic_int phase;         /* enum phase */
    _Atomic int64_t since;    /* ms it began waiting for the client (headers, then body), or sending */
    atomic_int closed;        /* enum srv_guard_reason: why the guard shut it down, 0: it did not */
    char client[INET6_ADDRSTRLEN];
};

/* A connection waits for the client (its headers, then its body), then the
 * server works on the answer, then sends it. */
enum phase { WAIT_HEADERS, WAIT_BODY, WORKING, SENDING };

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static srv_conn_t *g_head; /* every guarded connection, under g_lock */
static int64_t g_header_ms = 10000, g_body_ms = 30000;
static size_t g_max = 1024, g_per_client = 32;
static atomic_size_t g_closed_deadline, g_closed_room;

/* Deadlines of whole seconds or tenths: the coarse clock (a few
 * milliseconds' resolution) does, at a fraction of the precise one's cost */
static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void srv_guard_init(double header_timeout, double body_timeout, size_t max_conns, size_t max_per_client)
{
    g_header_ms = header_timeout * 1000 < 1 ? 1 : (int64_t)(header_timeout * 1000);
    g_body_ms = body_timeout * 1000 < 1 ? 1 : (int64_t)(body_timeout * 1000);
    g_max = max_conns;
    g_per_client = max_per_client;
}

/* Shuts c down for good; under g_lock (c is still linked, its fd open). */
static void shut(srv_conn_t *c, int why)
{
    atomic_store(&c->deadline, 0);
    atomic_store(&c->closed, why);
    shutdown(c->fd, SHUT_RDWR);
}

static int same_client(const srv_conn_t *a, const srv_conn_t *b)
{
    return a->family && a->family == b->family && !memcmp(a->addr, b->addr, sizeof a->addr);
}

/* A connection whose headers have not come in yet and that is younger than
 * this has not had its chance to be read: it gives way after the others. */
#define FRESH_MS 1000

/* 0: sending, 1: waiting for a client that had its chance, 2: fresh. */
static int rank(const srv_conn_t *c, int64_t now)
{
    int p = atomic_load(&c->phase);
    if (p == SENDING)
        return 0;
    return p == WAIT_HEADERS && now - atomic_load(&c->since) < FRESH_MS ? 2 : 1;
}

/* Whether a should give way before b: one waiting for its client before one
 * sending; among those waiting, one that had its chance (its headers are in
 * and its body trickles, or its headers trickle for a second) before a fresh
 * one, so that a stream of new connections from one address, each pushing out
 * the oldest, cannot push out a request the server has not read yet; then the
 * one waiting (or sending) longer. Headers and body count as one wait:
 * ranking a fresh connection that has not sent its headers yet before one
 * stuck in its body for seconds would displace the fresh ones. */
static int before(const srv_conn_t *a, const srv_conn_t *b, int64_t now)
{
    int ra = rank(a, now), rb = rank(b, now);
    if (ra != rb)
        return ra == 0 ? 0 : rb == 0 ? 1 : ra < rb;
    return atomic_load(&a->since) < atomic_load(&b->since);
}

/*
** Enforces the caps after `c` joined; under g_lock. Connections the guard
** already closed are on their way out and count no more. The one to give
** way is the first by before() (a trickling or idle socket first), never
** one the server is working on, and `c` itself only when there is no other.
*/
static void make_room(srv_conn_t *c)
{
    size_t total = 0, mine = 0;
    srv_conn_t *first_mine = NULL, *first = NULL;
    int64_t now = now_ms();
    for (srv_conn_t *r = g_head; r; r = r->next) {
        if (atomic_load(&r->closed))
            continue;
        total++;
        int same = same_client(r, c);
        mine += same;
        if (r == c || atomic_load(&r->phase) == WORKING)
            continue;
        if (same && (!first_mine || before(r, first_mine, now)))
            first_mine = r;
        if (!first || before(r, first, now))
            first = r;
    }
    srv_conn_t *victim = NULL;
    if (g_per_client && c->family && mine > g_per_client)
        victim = first_mine ? first_mine : c;
    else if (total > g_max)
        victim = first ? first : c;
    if (victim) {
        shut(victim, SRV_GUARD_ROOM);
        atomic_fetch_add(&g_closed_room, 1);
    }
}

srv_conn_t *srv_guard_open(int fd, const struct sockaddr *addr)
{
    srv_conn_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    strcpy(c->client, "-");
    if (addr && addr->sa_family == AF_INET) {
        const struct in_addr *a = &((const struct sockaddr_in *)addr)->sin_addr;
        c->family = AF_INET;
        memcpy(c->addr, a, sizeof *a);
        inet_ntop(AF_INET, a, c->client, sizeof c->client);
    } else if (addr && addr->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)addr)->sin6_addr;
        c->family = AF_INET6;
        memcpy(c->addr, a, sizeof *a);
        inet_ntop(AF_INET6, a, c->client, sizeof c->client);
    }
    int64_t now = now_ms();
    atomic_store(&c->phase, WAIT_HEADERS);
    atomic_store(&c->since, now);
    atomic_store(&c->deadline, now + g_header_ms);
    pthread_mutex_lock(&g_lock);
    c->next = g_head;
    if (g_head)
        g_head->prev = c;
    g_head = c;
    make_room(c);
    pthread_mutex_unlock(&g_lock);
    return c;
}

void srv_guard_close(srv_conn_t *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g_lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g_head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&g_lock);
    free(c);
}

/* Phase changes race only with the sweep and make_room; one right after
 * they shut the connection down is harmless: the socket is shut. */
static void enter(srv_conn_t *c, enum phase p, int64_t timeout_ms)
{
    if (!c || atomic_load(&c->closed))
        return;
    int64_t now = now_ms();
    atomic_store(&c->deadline, timeout_ms ? now + timeout_ms : 0);
    if (p != WAIT_BODY) /* the wait for the client goes on */
        atomic_store(&c->since, now);
    atomic_store(&c->phase, p);
}

void srv_guard_wait_headers(srv_conn_t *c)
{
    enter(c, WAIT_HEADERS, g_header_ms);
}
void srv_guard_wait_body(srv_conn_t *c)
{
    enter(c, WAIT_BODY, g_body_ms);
}
void srv_guard_working(srv_conn_t *c)
{
    enter(c, WORKING, 0);
}
void srv_guard_sending(srv_conn_t *c)
{
    enter(c, SENDING, 0);
}

int srv_guard_closed(const srv_conn_t *c)
{
    return c ? atomic_load(&c->closed) : 0;
}

const char *srv_guard_client(const srv_conn_t *c)
{
    return c ? c->client : "-";
}

size_t srv_guard_sweep(void)
{
    size_t n = 0;
    int64_t now = now_ms();
    pthread_mutex_lock(&g_lock);
    for (srv_conn_t *c = g_head; c; c = c->next) {
        int64_t d = atomic_load(&c->deadline);
        /* the exchange fails when the connection moved to another phase
         * meanwhile: its new deadline stands */
        if (d && d <= now && atomic_compare_exchange_strong(&c->deadline, &d, 0)) {
            shut(c, SRV_GUARD_DEADLINE);
            n++;
        }
    }
    pthread_mutex_unlock(&g_lock);
    atomic_fetch_add(&g_closed_deadline, n);
    return n;
}

void srv_guard_counts(size_t *deadline, size_t *room)
{
    *deadline = atomic_load(&g_closed_deadline);
    *room = atomic_load(&g_closed_room);
}
