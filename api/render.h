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
/* The gc state object (GET .../gc). */
void render_gc(jw_t *w, heap_t *h);
/* A statement's result. */
void render_result(jw_t *w, heap_t *h, const heap_result_t *r, size_t repr_limit);

#endif
