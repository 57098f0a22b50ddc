/*
 * heap.c — a heap's life (new, free), its namespace, and the reads that
 * inspect it without changing it.
 */
#include "heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "repr.h"
#include "sizes.h"
#include "str.h"
#include "weakref.h"
#include "mem.h"

static obj_t *make_singleton(heap_t *h, kind_t kind, int64_t refcnt, bool value)
{
    obj_t *o = heap_new_static(h, kind, refcnt, 0);
    o->u.b = value;
    return o;
}

heap_t *heap_new(const char *version, uint64_t seed, const heap_limits_t *limits)
{
    const profile_t *prof = profile_find(version);
    if (!prof)
        return NULL;
    heap_t *h = xcalloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->prof = prof;
    h->seed = seed;
    if (limits)
        h->limits = *limits;
    size_t cap = h->limits.max_events > 10000 ? h->limits.max_events : 10000;
    if (event_log_init(&h->events, cap) != 0) {
        free(h);
        return NULL;
    }
    strmap_init(&h->names);
    strmap_init(&h->interned);
    strmap_init(&h->type_names);
    strmap_init(&h->code_names);
    addrmap_init(&h->by_addr, obj_addr_key);
    h->next_addr = heap_base_address(seed);
    uint64_t static_page = 0x55d400000000ULL + (seed % 4093) * 0x100000ULL;
    gc_init(h);
    h->next_static_addr = static_page + prof->none_page_offset;
    h->none = make_singleton(h, K_NONE, prof->none_refcnt, false);
    h->next_static_addr = static_page + 0x1000;
    h->true_ = make_singleton(h, K_BOOL, prof->true_refcnt, true);
    h->false_ = make_singleton(h, K_BOOL, prof->false_refcnt, false);
    /* gc.garbage: the interpreter's own list, not a session object */
    h->gc.garbage = heap_new_static(h, K_LIST, 1, 0);
    h->gc.garbage->flags |= OF_GC;
    return h;
}

static void free_payload(obj_t *o)
{
    switch ((kind_t)o->kind) {
    case K_INT: free(o->u.i.digits); break;
    case K_STR: free(o->u.s.cp); break;
    case K_BYTES: free(o->u.by.data); break;
    case K_TUPLE: case K_LIST: free(o->u.seq.items); break;
    case K_DICT: free(o->u.d.entries); break;
    case K_SET: case K_FROZENSET: free(o->u.set.table); break;
    case K_CLASS:
        for (size_t i = 0; i < o->u.cls->nslots; i++) free(o->u.cls->slots[i]);
        for (size_t i = 0; i < o->u.cls->nkeys; i++) free(o->u.cls->keys[i]);
        for (size_t i = 0; i < o->u.cls->ncattrs; i++) free(o->u.cls->cattr_names[i]);
        free(o->u.cls->slots); free(o->u.cls->keys); free(o->u.cls->cattr_names);
        free(o->u.cls->cattr_values); free(o->u.cls->name);
        free(o->u.cls);
        break;
    case K_INSTANCE:
        if (o->u.inst.cap > INST_INLINE)
            free(o->u.inst.vals[0]);
        free(o->u.inst.slots);
        break;
    case K_WEAKCONT:
        if (o->u.wc.attrs) {
            for (size_t i = 0; i < o->u.wc.attrs->n; i++) free(o->u.wc.attrs->names[i]);
            free(o->u.wc.attrs->names); free(o->u.wc.attrs->values); free(o->u.wc.attrs);
        }
        break;
    default: break;
    }
}

/* Frees everything at once: no deallocation order, no events. */
void heap_free(heap_t *h)
{
    if (!h)
        return;
    ADDRMAP_FOREACH(&h->by_addr, v)
        free_payload(v);
    heap_free_slabs(h);
    addrmap_free(&h->by_addr);
    strmap_free(&h->names);
    strmap_free(&h->interned);
    strmap_free(&h->type_names);
    strmap_free(&h->code_names);
    for (size_t i = 0; i < h->nfree_classes; i++)
        addr_stack_free(&h->free_blocks[i]);
    free(h->free_blocks);
    addr_stack_free(&h->list_free);
    addr_stack_free(&h->dict_free);
    for (size_t i = 0; i < 21; i++)
        addr_stack_free(&h->tuple_free[i]);
    event_log_free(&h->events);
    free(h->temps);
    free(h->pending_free);
    free(h);
}

const char *heap_version(const heap_t *h) { return h->prof->version; }
bool heap_is_broken(const heap_t *h) { return h->broken; }

obj_t *heap_name_get(heap_t *h, const char *name) { return strmap_get(&h->names, name); }

void heap_name_set(heap_t *h, const char *name, obj_t *o)
{
    obj_t *old = strmap_get(&h->names, name);
    strmap_set(&h->names, name, o);
    if (old)
        obj_decref(h, old);
}

/* Reads ---------------------------------------------------------------- */

status_t heap_describe(heap_t *h, uint64_t id, heap_desc_t *d)
{
    obj_t *o = addrmap_get(&h->by_addr, id);
    memset(d, 0, sizeof *d);
    if (!o || o == h->gc.garbage)
        return ST_NOTFOUND;
    d->id = o->addr;
    snprintf(d->type, sizeof d->type, "%s", obj_type_name(o));
    d->repr = obj_repr_str(h, o);
    d->refcount = o->refcnt;
    d->size = sizes_of(h, o);
    d->tracked = (o->flags & OF_TRACKED) != 0;
    d->frozen = d->tracked && o->gen == GEN_PERMANENT;
    d->shared = (o->flags & OF_STATIC) != 0;
    d->generation = d->tracked && !d->frozen ? o->gen : -1;
    d->weakrefs = weakref_count(o);
    return ST_OK;
}

void heap_desc_clear(heap_desc_t *d) { free(d->repr); d->repr = NULL; }

void heap_each_name(heap_t *h, void (*fn)(const char *, uint64_t, void *), void *arg)
{
    STRMAP_FOREACH(&h->names, e)
        fn(e->key, ((obj_t *)e->value)->addr, arg);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Session objects: everything but the interpreter's shared singletons. */
uint64_t *heap_object_ids(heap_t *h, size_t *n)
{
    uint64_t *ids = xmalloc((h->by_addr.used + 1) * sizeof *ids);
    *n = 0;
    ADDRMAP_FOREACH(&h->by_addr, v) {
        if (!(((obj_t *)v)->flags & OF_STATIC))
            ids[(*n)++] = ((obj_t *)v)->addr;
    }
    qsort(ids, *n, sizeof *ids, cmp_u64);
    return ids;
}

size_t heap_live_objects(const heap_t *h) { return h->live_objects; }
size_t heap_live_bytes(const heap_t *h) { return h->live_bytes; }

typedef struct { edge_fn fn; void *arg; } edge_ctx_t;

static void attr_edge(const char *name, obj_t *v, void *arg)
{
    edge_ctx_t *c = arg;
    char label[300];
    snprintf(label, sizeof label, ".%s", name);
    c->fn(EDGE_ATTR, label, v->addr, c->arg);
}

status_t heap_each_edge(heap_t *h, uint64_t id, edge_fn fn, void *arg)
{
    obj_t *o = addrmap_get(&h->by_addr, id);
    if (!o)
        return ST_NOTFOUND;
    char label[64];
    switch ((kind_t)o->kind) {
    case K_TUPLE: case K_LIST:
        for (size_t i = 0; i < o->u.seq.len; i++) {
            snprintf(label, sizeof label, "[%zu]", i);
            fn(EDGE_INDEX, label, o->u.seq.items[i]->addr, arg);
        }
        break;
    case K_DICT:
        for (size_t i = 0; i < o->u.d.nentries; i++) {
            dict_entry_t *e = &o->u.d.entries[i];
            if (!e->key)
                continue;
            char *r = obj_repr_str(h, e->key);
            char *l = xmalloc(strlen(r) + 3);
            sprintf(l, "[%s]", r);
            fn(EDGE_KEY, "key", e->key->addr, arg);
            fn(EDGE_KEY_VALUE, l, e->value->addr, arg);
            free(l);
            free(r);
        }
        break;
    case K_SET: case K_FROZENSET:
        for (size_t i = 0; i <= o->u.set.mask; i++)
            if (o->u.set.table[i].key && o->u.set.table[i].key != SET_DUMMY)
                fn(EDGE_MEMBER, "member", o->u.set.table[i].key->addr, arg);
        break;
    case K_INSTANCE: {
        edge_ctx_t c = {fn, arg};
        instance_each_attr(o, attr_edge, &c);
        if (o->u.inst.dict)
            for (size_t i = 0; i < o->u.inst.dict->u.d.nentries; i++) {
                dict_entry_t *e = &o->u.inst.dict->u.d.entries[i];
                if (e->key && e->key->kind == K_STR) {
                    char *k = str_to_utf8(e->key);
                    attr_edge(k, e->value, &c);
                    free(k);
                }
            }
        fn(EDGE_CLASS, "class", o->u.inst.type->addr, arg);
        break;
    }
    case K_CLASS:
        for (size_t i = 0; i < o->u.cls->ncattrs; i++) {
            edge_ctx_t c = {fn, arg};
            attr_edge(o->u.cls->cattr_names[i], o->u.cls->cattr_values[i], &c);
        }
        break;
    case K_WEAKREF:
        if (o->u.wr.referent)
            fn(EDGE_WEAK, "weak", o->u.wr.referent->addr, arg);
        if (o->u.wr.key)
            fn(EDGE_ATTR, ".key", o->u.wr.key->addr, arg);
        break;
    case K_WEAKCONT:
        fn(EDGE_ATTR, ".data", o->u.wc.data->addr, arg);
        break;
    default:
        break;
    }
    return ST_OK;
}

typedef struct { uint64_t *ids; size_t n, cap; obj_t *self; obj_t *target; bool hit; } collect_ctx_t;

static int collect_referent(obj_t *r, void *arg)
{
    collect_ctx_t *c = arg;
    if (r == c->self)
        return 0; /* a class's own machinery, not a real referent */
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->ids = xrealloc(c->ids, c->cap * sizeof *c->ids);
    }
    c->ids[c->n++] = r->addr;
    return 0;
}

status_t heap_referents(heap_t *h, uint64_t id, uint64_t **ids, size_t *n)
{
    obj_t *o = addrmap_get(&h->by_addr, id);
    if (!o)
        return ST_NOTFOUND;
    collect_ctx_t c = {0};
    c.self = o->kind == K_CLASS ? o : NULL;
    if (obj_is_gc(o))
        obj_traverse(o, collect_referent, &c);
    *ids = c.ids;
    *n = c.n;
    return ST_OK;
}

static int find_target(obj_t *r, void *arg)
{
    collect_ctx_t *c = arg;
    if (r == c->target && r != c->self)
        c->hit = true;
    return 0;
}

status_t heap_referrers(heap_t *h, uint64_t id, uint64_t **ids, size_t *n, char ***names, size_t *nnames)
{
    obj_t *t = addrmap_get(&h->by_addr, id);
    if (!t)
        return ST_NOTFOUND;
    size_t count;
    uint64_t *all = heap_object_ids(h, &count);
    collect_ctx_t out = {0};
    for (size_t i = 0; i < count; i++) {
        obj_t *o = addrmap_get(&h->by_addr, all[i]);
        collect_ctx_t c = {0};
        c.target = t;
        c.self = o->kind == K_CLASS ? o : NULL;
        obj_traverse(o, find_target, &c);
        if (c.hit)
            collect_referent(o, &out);
    }
    free(all);
    *ids = out.ids;
    *n = out.n;
    *names = NULL;
    *nnames = 0;
    STRMAP_FOREACH(&h->names, e)
        if (e->value == t) {
            *names = xrealloc(*names, (*nnames + 1) * sizeof(char *));
            (*names)[(*nnames)++] = xstrdup(e->key);
        }
    return ST_OK;
}

void heap_gc_info(heap_t *h, heap_gc_info_t *info)
{
    memset(info, 0, sizeof *info);
    info->enabled = h->gc.enabled;
    for (int i = 0; i < 3; i++) {
        info->threshold[i] = h->gc.threshold[i];
        info->count[i] = h->gc.count[i];
        info->collections[i] = h->gc.collections[i];
        info->collected[i] = h->gc.collected[i];
        info->uncollectable[i] = h->gc.uncollectable[i];
    }
    obj_t *g = h->gc.garbage;
    info->ngarbage = g->u.seq.len;
    info->garbage = xmalloc((g->u.seq.len + 1) * sizeof(uint64_t));
    for (size_t i = 0; i < g->u.seq.len; i++)
        info->garbage[i] = g->u.seq.items[i]->addr;
    info->frozen = gc_list_size_of(h, GEN_PERMANENT);
    info->saveall = h->gc.saveall;
}

const event_log_t *heap_events(const heap_t *h) { return &h->events; }
