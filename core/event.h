/*
 * event.h — the ordered record of what each statement caused.
 *
 * A ring that keeps the newest `capacity` events; older ones are counted
 * as dropped. Sequence numbers start at 1 and never repeat in a heap.
 */
#ifndef HEAPD_EVENT_H
#define HEAPD_EVENT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum {
    EV_CREATED,
    EV_DESTROYED,
    EV_FINALIZED,
    EV_WEAKREF_CALLBACK,
    EV_RESURRECTED,
    EV_GC_START,
    EV_GC_STOP,
    EV_PRINT /* text: what print() wrote */
} event_kind_t;

/* 32 bytes: a session keeps up to 10,000 of them. An event's seq is where it
 * sits in the ring (event_log_get). */
typedef struct {
    uint64_t id;
    const char *type; /* owned by the heap's type-name table; "" for gc events */
    union {
        uint64_t target; /* weakref_callback: the dead referent's id */
        struct {         /* gc_stop; a session holds at most 10^9 objects (--max-objects) */
            uint32_t collected, uncollectable;
        };
        char *text; /* print: malloc'd, owned by the log */
    };
    uint8_t kind;      /* event_kind_t */
    int8_t generation; /* gc_start / gc_stop */
    bool text_truncated;
    uint32_t text_len; /* print: its length (at most EVENT_MAX_TEXT); the text is NUL-terminated but may hold
                          NULs */
} event_t;

typedef struct {
    event_t *ring;
    size_t capacity, count; /* count <= capacity */
    size_t allocated;       /* slots of ring, growing to capacity */
    uint64_t next_seq;      /* seq of the next event */
    size_t text_bytes;      /* held by the kept events' texts */
    uint64_t text_from;     /* no event before this seq holds a text any more (EVENT_RING_TEXT) */
} event_log_t;

int event_log_init(event_log_t *log, size_t capacity);
void event_log_free(event_log_t *log);
event_t *event_log_append(event_log_t *log);
/* The kept event with this seq, or NULL when dropped or not yet made. */
const event_t *event_log_get(const event_log_t *log, uint64_t seq);
/* Sequence number of the oldest kept event (next_seq when empty). */
uint64_t event_log_first(const event_log_t *log);
const char *event_kind_name(event_kind_t k);
/* Takes back the events logged from seq0 on (the log held count0 events
 * then) when they are only objects made and freed again, each id created,
 * then destroyed, in turn, and the log dropped none of its older events for
 * them: whether it did. */
bool event_log_take_back_made(event_log_t *log, uint64_t seq0, size_t count0);
/* Gives e (the newest event) a copy of text's len bytes, at most EVENT_MAX_TEXT;
 * past EVENT_RING_TEXT bytes of text in the log, the oldest print events
 * give theirs up (text "", text_truncated): 10,000 prints of 64 KiB were
 * 640 MB kept, and a 2 GB answer to GET events. */
#define EVENT_MAX_TEXT ((size_t)64 << 10)
#define EVENT_RING_TEXT ((size_t)8 << 20)
void event_set_text(event_log_t *log, event_t *e, const char *text, size_t len);

#endif
