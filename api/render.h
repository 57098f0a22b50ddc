/*
 * render.h — heap reads as JSON (descriptors, events, gc state).
 */
#ifndef HEAPD_RENDER_H
#define HEAPD_RENDER_H

#include <jansson.h>

#include "heap.h"

json_t *render_descriptor(heap_t *h, uint64_t id);
json_t *render_events(const event_log_t *log, uint64_t from_seq);
json_t *render_gc(heap_t *h);
json_t *render_result(heap_t *h, const heap_result_t *r);

#endif
