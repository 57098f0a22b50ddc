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
/* The events with seq >= from_seq that the log still keeps, as an array;
 * returns how many of those asked for were no longer kept. */
uint64_t render_events(jw_t *w, const event_log_t *log, uint64_t from_seq);
/* The gc state object (GET .../gc): `garbage` lists at most *ids_left ids
 * (then "garbage_truncated": true), and *ids_left goes down by those it
 * lists: the ids one answer lists are bounded, whatever its gc states (a
 * batch of 1,000 gc operations over 100,000 saved objects answered 1.7 GB). */
void render_gc(jw_t *w, heap_t *h, size_t *ids_left);
/* A statement's result (a gc state's ids spend *ids_left). */
void render_result(jw_t *w, heap_t *h, const heap_result_t *r, size_t repr_limit, size_t *ids_left);

#endif
