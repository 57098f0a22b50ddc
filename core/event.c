#include "event.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INITIAL_ALLOC 8

/* The ring starts small and grows by half up to its capacity, so an idle or
 * small session costs little; once full it overwrites the oldest event. */
int event_log_init(event_log_t *log, size_t capacity)
{
    memset(log, 0, sizeof *log);
    log->capacity = capacity ? capacity : 1;
    log->next_seq = 1; /* the ring is made with the first event */
    return 0;
}

/* Grows the ring while it is still filling (events 1..count sit at 0..count-1). */
static void grow(event_log_t *log)
{
    size_t n = !log->allocated ? INITIAL_ALLOC : log->allocated + log->allocated / 2;
    if (n > log->capacity)
        n = log->capacity;
    event_t *r = xrealloc(log->ring, n * sizeof *r);
    memset(r + log->allocated, 0, (n - log->allocated) * sizeof *r);
    log->ring = r;
    log->allocated = n;
}

void event_log_free(event_log_t *log)
{
    for (size_t i = 0; i < log->allocated; i++)
        if (log->ring[i].kind == EV_PRINT)
            free(log->ring[i].text);
    free(log->ring);
    memset(log, 0, sizeof *log);
}

event_t *event_log_append(event_log_t *log)
{
    if (log->count == log->allocated && log->allocated < log->capacity)
        grow(log);
    event_t *e = &log->ring[(log->next_seq - 1) % log->allocated];
    if (e->kind == EV_PRINT && e->text) { /* an overwritten print event */
        log->text_bytes -= e->text_len + 1;
        free(e->text);
    }
    *e = (event_t){.type = ""};
    log->next_seq++;
    if (log->count < log->capacity)
        log->count++;
    return e;
}

uint64_t event_log_first(const event_log_t *log)
{
    return log->next_seq - log->count;
}

const event_t *event_log_get(const event_log_t *log, uint64_t seq)
{
    if (seq < event_log_first(log) || seq >= log->next_seq)
        return NULL;
    return &log->ring[(seq - 1) % log->allocated];
}

typedef struct {
    uint64_t id, seq;
    bool created;
} made_t;

static int made_cmp(const void *a, const void *b)
{
    const made_t *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether the n events from seq0 are only created and destroyed ones, each
 * id's in turn: created, destroyed, created, ..., destroyed. */
static bool only_made_and_freed(const event_log_t *log, uint64_t seq0, uint64_t n)
{
    made_t *m = malloc(n * sizeof *m);
    if (!m)
        return false;
    bool ok = true;
    for (uint64_t i = 0; i < n && ok; i++) {
        const event_t *e = event_log_get(log, seq0 + i);
        ok = e && (e->kind == EV_CREATED || e->kind == EV_DESTROYED);
        if (ok)
            m[i] = (made_t){e->id, seq0 + i, e->kind == EV_CREATED};
    }
    if (ok)
        qsort(m, n, sizeof *m, made_cmp);
    for (uint64_t i = 0, run = 0; i < n && ok; i++) { /* run: i's place among its id's events */
        run = i && m[i - 1].id == m[i].id ? run + 1 : 0;
        bool last_of_id = i + 1 == n || m[i + 1].id != m[i].id;
        ok = m[i].created == (run % 2 == 0) && (!last_of_id || !m[i].created);
    }
    free(m);
    return ok;
}

bool event_log_take_back_made(event_log_t *log, uint64_t seq0, size_t count0)
{
    uint64_t n = log->next_seq - seq0;
    if (!n || count0 + n > log->capacity || !only_made_and_freed(log, seq0, n))
        return false;
    /* created and destroyed events hold no text */
    log->count -= (size_t)n;
    log->next_seq = seq0;
    return true;
}

const char *event_kind_name(event_kind_t k)
{
    static const char *names[] = {"created",     "destroyed", "finalized", "weakref_callback",
                                  "resurrected", "gc_start",  "gc_stop",   "print"};
    return names[k];
}

void event_set_text(event_log_t *log, event_t *e, const char *text, size_t len)
{
    e->text_truncated = len > EVENT_MAX_TEXT;
    if (e->text_truncated) { /* cut at a UTF-8 character boundary */
        len = EVENT_MAX_TEXT;
        while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    e->text = xmalloc(len + 1);
    memcpy(e->text, text, len);
    e->text[len] = 0;
    e->text_len = (uint32_t)len;
    log->text_bytes += len + 1;
    uint64_t newest = log->next_seq - 1;
    if (log->text_from < event_log_first(log))
        log->text_from = event_log_first(log);
    for (; log->text_bytes > EVENT_RING_TEXT && log->text_from < newest; log->text_from++) {
        event_t *old = &log->ring[(log->text_from - 1) % log->allocated];
        if (old->kind != EV_PRINT || !old->text)
            continue;
        log->text_bytes -= old->text_len + 1;
        free(old->text);
        old->text = NULL;
        old->text_len = 0;
        old->text_truncated = true;
    }
}
