/*
 * render.c — descriptors, events and gc state in API.md's shapes.
 */
#include "render.h"

#include <stdlib.h>

json_t *render_descriptor(heap_t *h, uint64_t id)
{
    heap_desc_t d;
    if (heap_describe(h, id, &d) != ST_OK)
        return json_null();
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:b, s:I}", "id", (json_int_t)d.id, "type", d.type,
                          "repr", d.repr, "refcount", (json_int_t)d.refcount, "size", (json_int_t)d.size,
                          "tracked", d.tracked, "weakrefs", (json_int_t)d.weakrefs);
    json_object_set_new(o, "generation", d.generation >= 0 ? json_integer(d.generation) : json_null());
    if (d.frozen)
        json_object_set_new(o, "frozen", json_true());
    if (d.shared)
        json_object_set_new(o, "shared", json_true());
    heap_desc_clear(&d);
    return o;
}

json_t *render_events(const event_log_t *log, uint64_t from_seq)
{
    json_t *arr = json_array();
    uint64_t first = event_log_first(log);
    for (uint64_t seq = from_seq < first ? first : from_seq; seq < log->next_seq; seq++) {
        const event_t *e = event_log_get(log, seq);
        json_t *o = json_pack("{s:I, s:s}", "seq", (json_int_t)e->seq, "event", event_kind_name(e->kind));
        if (e->kind == EV_GC_START || e->kind == EV_GC_STOP) {
            json_object_set_new(o, "generation", json_integer(e->generation));
            if (e->kind == EV_GC_STOP) {
                json_object_set_new(o, "collected", json_integer(e->collected));
                json_object_set_new(o, "uncollectable", json_integer(e->uncollectable));
            }
        } else {
            json_object_set_new(o, "id", json_integer((json_int_t)e->id));
            json_object_set_new(o, "type", json_string(e->type));
            if (e->kind == EV_WEAKREF_CALLBACK)
                json_object_set_new(o, "target", json_integer((json_int_t)e->target));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *triple(const int64_t v[3])
{
    return json_pack("[I, I, I]", (json_int_t)v[0], (json_int_t)v[1], (json_int_t)v[2]);
}

json_t *render_gc(heap_t *h)
{
    heap_gc_info_t g;
    heap_gc_info(h, &g);
    json_t *stats = json_array(), *garbage = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(stats, json_pack("{s:I, s:I, s:I}", "collections", (json_int_t)g.collections[i],
                                               "collected", (json_int_t)g.collected[i], "uncollectable",
                                               (json_int_t)g.uncollectable[i]));
    for (size_t i = 0; i < g.ngarbage; i++)
        json_array_append_new(garbage, json_integer((json_int_t)g.garbage[i]));
    int64_t th[3] = {g.threshold[0], g.threshold[1], g.threshold[2]};
    json_t *o = json_pack("{s:b, s:o, s:o, s:o, s:o, s:I, s:o}", "enabled", g.enabled, "threshold", triple(th),
                          "count", triple(g.count), "stats", stats, "garbage", garbage, "frozen",
                          (json_int_t)g.frozen, "debug", g.saveall ? json_pack("[s]", "saveall") : json_array());
    free(g.garbage);
    return o;
}

json_t *render_result(heap_t *h, const heap_result_t *r)
{
    switch (r->kind) {
    case RES_INT: return json_integer(r->i);
    case RES_BOOL: return json_boolean(r->b);
    case RES_OBJ: return render_descriptor(h, r->id);
    case RES_DEEP: return json_pack("{s:I, s:I}", "size", (json_int_t)r->i, "deep", (json_int_t)r->deep);
    case RES_GC: return render_gc(h);
    default: return json_null();
    }
}
