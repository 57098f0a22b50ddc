/*
 * render.h — heap reads as JSON, written straight into a jw_t (jsonw.h).
 */
#ifndef HEAPD_RENDER_H
#define HEAPD_RENDER_H

#include <stdbool.h>

#include "heap.h"
#include "jsonw.h"

/* A descriptor (API.md); its repr cut after repr_limit bytes (0: whole),
 * then marked "repr_truncated": true. false (nothing written) when no
 * live object has the id. */
bool render_descriptor(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit);
/* The same, left open for more members (the caller closes it). */
bool render_descriptor_open(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit);
/* What one answer may still hold, over everything it writes (a batch's
 * results, a page's descriptors): ids of gc.garbage, and bytes of
 * descriptors' reprs. Each is bounded by what one item may hold times what
 * one answer may list, and both may be large (--max-repr up to 16 MiB,
 * --max-page and --max-batch up to a million): a batch of 1,000 gc
 * operations over 100,000 saved objects answered 1.7 GB; at --max-repr
 * 16 MiB a page of 200 tuples sharing a 500 KB str built 3.2 GB, past
 * --max-memory, in 149 s. */
typedef struct {
    size_t ids;
    size_t repr_bytes;
} answer_room_t;

/* A repr past an answer's room is still cut at this many bytes (the least
 * --max-repr) rather than dropped: a statement's result keeps its shape */
#define RENDER_MIN_REPR 16

/* render_descriptor(), the repr cut at what room->repr_bytes has left too
 * (at least RENDER_MIN_REPR bytes); room->repr_bytes goes down by the
 * repr's length. */
bool render_descriptor_in(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit, answer_room_t *room);
/* The events with seq >= from_seq that the log still keeps, as an array;
 * returns how many of those asked for were no longer kept. */
uint64_t render_events(jw_t *w, const event_log_t *log, uint64_t from_seq);
/* The gc state object (GET .../gc): `garbage` lists at most room->ids ids
 * (then "garbage_truncated": true), and room->ids goes down by those it
 * lists: the ids one answer lists are bounded, whatever its gc states. */
void render_gc(jw_t *w, heap_t *h, answer_room_t *room);
/* A statement's result (a gc state's ids and a descriptor's repr spend the
 * answer's room). */
void render_result(jw_t *w, heap_t *h, const heap_result_t *r, size_t repr_limit, answer_room_t *room);

#endif
