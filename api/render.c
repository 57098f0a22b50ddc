/*
 * render.c — descriptors, events and gc state in API.md's shapes.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static bool descriptor_open(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit, size_t *repr_len)
{
    heap_desc_t d;
    if (heap_describe_capped(h, id, repr_limit, &d) != ST_OK)
        return false;
    jw_obj(w);
    JW_KEY(w, "id");
    jw_uint(w, d.id);
    JW_KEY(w, "type");
    jw_str(w, d.type);
    JW_KEY(w, "repr");
    *repr_len = strlen(d.repr);
    jw_strn(w, d.repr, *repr_len);
    JW_KEY(w, "refcount");
    jw_int(w, d.refcount);
    JW_KEY(w, "size");
    jw_int(w, d.size);
    JW_KEY(w, "tracked");
    jw_bool(w, d.tracked);
    JW_KEY(w, "weakrefs");
    jw_int(w, d.weakrefs);
    JW_KEY(w, "generation");
    if (d.generation >= 0)
        jw_int(w, d.generation);
    else
        jw_null(w);
    if (d.frozen)
        jw_kbool(w, "frozen", true);
    if (d.shared)
        jw_kbool(w, "shared", true);
    if (d.repr_truncated)
        jw_kbool(w, "repr_truncated", true);
    heap_desc_clear(&d);
    return true;
}

bool render_descriptor_open(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit)
{
    size_t len;
    return descriptor_open(w, h, id, repr_limit, &len);
}

bool render_descriptor_in(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit, answer_room_t *room)
{
    size_t left = room->repr_bytes > RENDER_MIN_REPR ? room->repr_bytes : RENDER_MIN_REPR, len = 0;
    if (!descriptor_open(w, h, id, repr_limit < left ? repr_limit : left, &len))
        return false;
    jw_end_obj(w);
    room->repr_bytes -= len < room->repr_bytes ? len : room->repr_bytes;
    return true;
}

bool render_descriptor(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit)
{
    if (!render_descriptor_open(w, h, id, repr_limit))
        return false;
    jw_end_obj(w);
    return true;
}

uint64_t render_events(jw_t *w, const event_log_t *log, uint64_t from_seq)
{
    uint64_t first = event_log_first(log);
    uint64_t dropped = from_seq < first ? first - from_seq : 0;
    jw_arr(w);
    for (uint64_t seq = from_seq < first ? first : from_seq; seq < log->next_seq; seq++) {
        const event_t *e = event_log_get(log, seq);
        jw_obj(w);
        JW_KEY(w, "seq");
        jw_uint(w, seq);
        JW_KEY(w, "event");
        jw_str(w, event_kind_name(e->kind));
        if (e->kind == EV_PRINT) {
            JW_KEY(w, "text");
            jw_strn(w, e->text ? e->text : "", e->text ? e->text_len : 0);
            if (e->text_truncated)
                jw_kbool(w, "text_truncated", true);
        } else if (e->kind == EV_GC_START || e->kind == EV_GC_STOP) {
            jw_kint(w, "generation", e->generation);
            if (e->kind == EV_GC_STOP) {
                jw_kint(w, "collected", e->collected);
                jw_kint(w, "uncollectable", e->uncollectable);
            }
        } else {
            JW_KEY(w, "id");
            jw_uint(w, e->id);
            JW_KEY(w, "type");
            jw_str(w, e->type);
            if (e->kind == EV_WEAKREF_CALLBACK) {
                JW_KEY(w, "target");
                jw_uint(w, e->target);
            }
        }
        jw_end_obj(w);
    }
    jw_end_arr(w);
    return dropped;
}

static void triple(jw_t *w, const char *key, const int64_t v[3])
{
    jw_key(w, key);
    jw_arr(w);
    for (int i = 0; i < 3; i++)
        jw_int(w, v[i]);
    jw_end_arr(w);
}

void render_gc(jw_t *w, heap_t *h, answer_room_t *room)
{
    heap_gc_info_t g;
    size_t listed = room->ids;
    heap_gc_info(h, &g, listed);
    if (g.ngarbage < listed)
        listed = g.ngarbage;
    room->ids -= listed;
    int64_t th[3] = {g.threshold[0], g.threshold[1], g.threshold[2]};
    jw_obj(w);
    jw_kbool(w, "enabled", g.enabled);
    triple(w, "threshold", th);
    triple(w, "count", g.count);
    jw_key(w, "stats");
    jw_arr(w);
    for (int i = 0; i < 3; i++) {
        jw_obj(w);
        jw_kint(w, "collections", g.collections[i]);
        jw_kint(w, "collected", g.collected[i]);
        jw_kint(w, "uncollectable", g.uncollectable[i]);
        jw_end_obj(w);
    }
    jw_end_arr(w);
    jw_key(w, "garbage");
    jw_arr(w);
    for (size_t i = 0; i < listed; i++)
        jw_uint(w, g.garbage[i]);
    jw_end_arr(w);
    if (listed < g.ngarbage)
        jw_kbool(w, "garbage_truncated", true);
    jw_kint(w, "frozen", g.frozen);
    jw_key(w, "debug");
    jw_arr(w);
    if (g.saveall)
        jw_str(w, "saveall");
    jw_end_arr(w);
    jw_end_obj(w);
    free(g.garbage);
}

void render_result(jw_t *w, heap_t *h, const heap_result_t *r, size_t repr_limit, answer_room_t *room)
{
    switch (r->kind) {
    case RES_INT: jw_int(w, r->i); break;
    case RES_BOOL: jw_bool(w, r->b); break;
    case RES_OBJ:
        if (!render_descriptor_in(w, h, r->id, repr_limit, room))
            jw_null(w);
        break;
    case RES_DEEP:
        jw_obj(w);
        jw_kint(w, "size", r->i);
        jw_kint(w, "deep", r->deep);
        jw_end_obj(w);
        break;
    case RES_GC: render_gc(w, h, room); break;
    default: jw_null(w); break;
    }
}
