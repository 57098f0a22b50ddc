/*
 * heap.c — a heap's life (new, free), its namespace, and the reads that
 * inspect it without changing it.
 */
#include "heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addrmap.h"
#include "cls.h"
#include "code.h"
#include "containers.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "pyops.h"
#include "refpath.h"
#include "mem.h"
#include "repr.h"
#include "str.h"
#include "textio.h"
#include "weakref.h"

static obj_t *make_singleton(heap_t *h, kind_t kind, int64_t refcnt, bool value)
{
    obj_t *o = heap_new_static(h, kind, refcnt, 0);
    o->u.b = value;
    return o;
}

/* An interpreter container the session can neither name nor reach by id. */
static obj_t *hidden_static(heap_t *h, kind_t kind)
{
    obj_t *o = heap_new_static(h, kind, h->prof->static_refcnt_base, 0);
    o->flags |= OF_GC | OF_HIDDEN;
    return o;
}

/* Py_ReprEnter()'s first call: PyThreadState_GetDict() makes the thread
 * state's dict, then the "Py_Repr" key (3.10: its _Py_IDENTIFIER str, made
 * and interned now; 3.11: a static str of its own; 3.12+: the static str
 * that is interned) maps to a new list. Both are GC allocations counted as
 * any (gen 0), the interpreter's: hidden from the session, no events. */
static void make_repr_state(heap_t *h)
{
    h->quiet_events++;
    obj_t *d = dict_new(h, true);
    bool fresh = h->prof->ids_interned && !h->prof->immortal && !strmap_get(&h->interned, "Py_Repr");
    obj_t *key = h->prof->ids_interned ? str_identifier(h, "Py_Repr") : str_static_text(h, "Py_Repr");
    if (fresh && !(key->flags & OF_STATIC)) {
        /* 3.10: _PyUnicode_FromId() keeps the identifier's str in the
         * interpreter's list of identifiers until it ends: a str the session
         * did not make (no created event), shared with the interpreter as
         * the ones start-up interned are, never the session's object or
         * bytes (it was listed in GET .../objects and counted) */
        h->live_objects--;
        h->live_bytes -= (size_t)key->cur_size;
        key->flags |= OF_STATIC;
        key->refcnt += h->prof->static_refcnt_base - 1;
    }
    obj_t *l = list_new(h, 0, true);
    dict_set_item(h, d, key, l);
    obj_decref(h, key);
    obj_decref(h, l);
    d->flags |= OF_HIDDEN;
    l->flags |= OF_HIDDEN;
    /* not the session's objects or bytes (its summary counts what it lists) */
    h->live_objects -= 2;
    h->live_bytes -= (size_t)d->cur_size + (size_t)l->cur_size;
    h->repr_state = d;
    h->quiet_events--;
}

static const heap_hooks_t hooks = {
    .code_call = code_call,
    .code_release = code_release,
    .repr_state_make = make_repr_state,
    .emit_prints = pyop_print_recorded,
};

heap_t *heap_new(const char *version, uint64_t seed, const heap_limits_t *limits)
{
    const profile_t *prof = profile_find(version);
    if (!prof)
        return NULL;
    heap_t *h = calloc(1, sizeof *h);
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
    strmap_init(&h->interned);
    strmap_init(&h->type_names);
    strmap_init(&h->code_names);
    addrmap_init(&h->by_addr, h);
    h->slab_free = OBJ_NIL;
    h->next_addr = heap_base_address(seed);
    h->trash_level = prof->trash_headroom;
    h->work_left = INT64_MAX;
    h->hooks = &hooks;
    uint64_t static_page = heap_static_page(seed);
    gc_init(h);
    textio_set_mode(h, "unbuffered");
    for (int k = 0; k < K__COUNT; k++)
        if (type_table[k]->fill_freelist)
            type_table[k]->fill_freelist(h);
    /* None where CPython's is up to the 2 MiB alignment of libpython's
     * mapping: ASLR moves only the bits above, so hash(None) (its address in
     * 3.10 and 3.11) probes a set as CPython's does, collisions included */
    h->next_static_addr = 0x55d300000000ULL + (seed % 4093) * 0x200000ULL + prof->none_offset;
    h->none = make_singleton(h, K_NONE, prof->none_refcnt, false);
    h->next_static_addr = static_page + 0x1000;
    h->true_ = make_singleton(h, K_BOOL, prof->true_refcnt, true);
    h->false_ = make_singleton(h, K_BOOL, prof->false_refcnt, false);
    /* gc.garbage: the interpreter's own list */
    h->gc.garbage = hidden_static(h, K_LIST);
    /* __main__.__dict__: a real dict, tracked since start-up in the generation
     * a fresh interpreter running a script has it in */
    h->globals = hidden_static(h, K_DICT);
    gc_track(h, h->globals);
    gc_move_to(h, h->globals, prof->globals_generation);
    return h;
}

/* Frees everything at once: no deallocation order, no events. */
void heap_free(heap_t *h)
{
    if (!h)
        return;
    heap_exc_texts_clear(h);
    heap_panic_free(h);
    ADDRMAP_FOREACH(&h->by_addr, v)
    {
        obj_t *o = v;
        if (TYPE(o)->free_payload)
            TYPE(o)->free_payload(o);
    }
    dict_keys_free_all(h);
    pyops_free_defs(h);
    code_free_all(h);
    free(h->unit_codes);
    free(h->unit_code_stmts);
    free(h->unit_docs);
    free(h->unit_bodies);
    free(h->unit_body_stmts);
    heap_free_slabs(h);
    addrmap_free(&h->by_addr);
    strmap_free(&h->interned);
    strmap_free(&h->type_names);
    strmap_free(&h->code_names);
    for (size_t i = 0; i < h->nfree_classes; i++)
        addr_stack_free(&h->free_blocks[i]);
    free(h->free_blocks);
    heap_free_pools(h);
    for (size_t i = 0; i < h->nfree_large; i++)
        addr_stack_free(&h->free_large[i].s);
    free(h->free_large);
    addr_stack_free(&h->list_free);
    addr_stack_free(&h->dict_free);
    for (size_t i = 0; h->tuple_free && i < 21; i++)
        addr_stack_free(&h->tuple_free[i]);
    free(h->tuple_free);
    event_log_free(&h->events);
    free(h->temps);
    free(h->arena);
    free(h->pending_free);
    free(h->kept);
    free(h->consts.slots);
    free(h->consts.roots);
    heap_free_shared(h);
    free(h);
}

bool heap_version_builtin(const char *version, const char *name)
{
    const profile_t *p = profile_find(version);
    return p && profile_is_builtin(p, name);
}

bool heap_set_stdout(heap_t *h, const char *mode)
{
    return textio_set_mode(h, mode);
}

const char *heap_stdout(const heap_t *h)
{
    return textio_mode(h);
}

const char *heap_version(const heap_t *h)
{
    return h->prof->version;
}
bool heap_is_broken(const heap_t *h)
{
    return h->broken;
}

obj_t *heap_callback_fn(heap_t *h)
{
    if (!h->callback_fn)
        h->callback_fn = func_new_static(h, &func_record);
    return h->callback_fn;
}

/* The namespace ------------------------------------------------------------------ */

/* LOAD_NAME, STORE_NAME and DELETE_NAME fail in CPython only for want of
 * memory: the probes of the namespace's table (str keys: no comparison can
 * fail) are charged to the budget but never stop one midway, which would
 * answer NameError for a bound name or leave a name unbound after its
 * statement made the value; past the budget, the next work stops. */
obj_t *heap_name_get(heap_t *h, const char *name)
{
    bool was = heap_overdraw_begin(h);
    obj_t *o = dict_get_utf8(h, h->globals, name);
    heap_overdraw_end(h, was);
    return o;
}

const char *const heap_callee_names[HEAP_NCALLEES] = {[CALLEE_ID] = "id",
                                                      [CALLEE_LEN] = "len",
                                                      [CALLEE_OBJECT] = "object",
                                                      [CALLEE_SET] = "set",
                                                      [CALLEE_FROZENSET] = "frozenset",
                                                      [CALLEE_GC] = "gc",
                                                      [CALLEE_SYS] = "sys",
                                                      [CALLEE_WEAKREF] = "weakref"};

unsigned heap_callee(const char *name)
{
    if (!strchr("ilosfgw", name[0])) /* the cheap test first: almost no name is one */
        return 0;
    for (int i = 0; i < HEAP_NCALLEES; i++)
        if (!strcmp(name, heap_callee_names[i]))
            return 1u << i;
    return 0;
}

/* STORE_NAME: the key is the statement's interned name (co_names), held by
 * the statement until it ends; the old value is released after the store */
void heap_name_set(heap_t *h, const char *name, obj_t *o)
{
    obj_t *key = str_constant(h, name, strlen(name));
    heap_push_temp(h, key);
    bool was = heap_overdraw_begin(h);
    int r = dict_set_item(h, h->globals, key, o);
    heap_overdraw_end(h, was);
    if (r != 0)
        heap_panic(h, "a store into the namespace failed");
    h->names_version++;
    h->callees_bound |= (uint8_t)heap_callee(name);
    obj_decref(h, o);
}

/* DELETE_NAME: false when the name is not bound */
bool heap_name_del(heap_t *h, const char *name)
{
    if (!heap_name_get(h, name))
        return false;
    obj_t *key = str_constant(h, name, strlen(name));
    heap_push_temp(h, key);
    bool was = heap_overdraw_begin(h);
    int r = dict_del_item(h, h->globals, key);
    heap_overdraw_end(h, was);
    h->names_version++;
    h->callees_bound &= (uint8_t)~heap_callee(name);
    return r == 0;
}

/* Reads ---------------------------------------------------------------------------- */

static obj_t *visible(heap_t *h, uint64_t id)
{
    obj_t *o = addrmap_get(&h->by_addr, id);
    return o && !(o->flags & OF_HIDDEN) ? o : NULL;
}

/* A library class's subclass ref (weakref_new_subclass_entry()) is static,
 * but its refcount is CPython's: listed (GET objects, graph) while the
 * session holds it, as the objects the session made are */
static bool subclass_ref(const obj_t *o)
{
    return (o->flags & OF_STATIC) && o->kind == K_WEAKREF;
}

static bool listed(const obj_t *o)
{
    return !(o->flags & (OF_STATIC | OF_HIDDEN)) || (subclass_ref(o) && o->refcnt > 1);
}

status_t heap_describe_capped(heap_t *h, uint64_t id, size_t repr_limit, heap_desc_t *d)
{
    obj_t *o = visible(h, id);
    memset(d, 0, sizeof *d);
    if (!o)
        return ST_NOTFOUND;
    d->id = o->addr;
    snprintf(d->type, sizeof d->type, "%s", obj_type_name(o));
    d->repr = obj_repr_capped(h, o, repr_limit, &d->repr_truncated);
    /* the result's own hold, as `_r`, is not counted; a constant of an
     * expression statement counts its code object's co_consts instead */
    d->refcount = o->refcnt - (o == h->result_hold && !h->result_is_const);
    d->size = obj_size(h, o);
    d->tracked = (o->flags & OF_TRACKED) != 0;
    d->frozen = d->tracked && o->gen == GEN_PERMANENT;
    d->shared = (o->flags & OF_STATIC) && !subclass_ref(o);
    d->generation = d->tracked && !d->frozen ? o->gen : -1;
    d->weakrefs = weakref_count(h, o);
    return ST_OK;
}

uint64_t heap_repr_work(const heap_t *h)
{
    return h->repr_work;
}

status_t heap_describe(heap_t *h, uint64_t id, heap_desc_t *d)
{
    return heap_describe_capped(h, id, 0, d);
}

void heap_desc_clear(heap_desc_t *d)
{
    free(d->repr);
    d->repr = NULL;
}

void heap_each_name(heap_t *h, bool (*fn)(const char *, uint64_t, void *), void *arg)
{
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(h->globals, &pos, &k, &v);) {
        char *name = str_to_utf8(k);
        bool more = fn(name, v->addr, arg);
        free(name);
        if (!more)
            return;
    }
}

bool heap_name_bound(heap_t *h, const char *name)
{
    return heap_name_get(h, name) != NULL;
}

bool heap_callee_bound(const heap_t *h, const char *name)
{
    return (h->callees_bound & heap_callee(name)) != 0;
}

uint32_t heap_names_version(const heap_t *h)
{
    return h->names_version;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Session objects: everything but the interpreter's shared ones. */
/* Ids of the objects with none of the flags `skip`, ascending */
static uint64_t *ids_without(heap_t *h, unsigned skip, size_t *n)
{
    uint64_t *ids = xmalloc((h->by_addr.used + 1) * sizeof *ids);
    *n = 0;
    ADDRMAP_FOREACH(&h->by_addr, v)
    {
        if (!(((obj_t *)v)->flags & skip))
            ids[(*n)++] = ((obj_t *)v)->addr;
    }
    qsort(ids, *n, sizeof *ids, cmp_u64);
    return ids;
}

uint64_t *heap_object_ids(heap_t *h, size_t *n)
{
    return ids_without(h, OF_STATIC | OF_HIDDEN, n);
}

/* Moves the k smallest of a[0..n) to a[0..k), in no order (Hoare's
 * selection; a median of three pivot, and a sort past 64 rounds, so that
 * no order of ids makes it quadratic) */
static void select_smallest(uint64_t *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the k-th smallest lies in [lo, hi) */
    for (int round = 0; hi - lo > 1 && round < 64; round++) {
        uint64_t x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1];
        uint64_t pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
        size_t i = lo, j = hi - 1;
        for (;;) { /* Hoare: a[lo..i) <= pivot <= a(j..hi) */
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint64_t t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
        if (k <= j) /* the first k lie in [lo, j] */
            hi = j + 1;
        else
            lo = j + 1;
        if (lo >= k || hi <= k)
            return;
    }
    if (hi - lo > 1)
        qsort(a + lo, hi - lo, sizeof *a, cmp_u64);
}

uint64_t *heap_object_ids_page(heap_t *h, uint64_t after, size_t limit, size_t *n, bool *more)
{
    uint64_t *ids = xmalloc((h->by_addr.used + 1) * sizeof *ids);
    size_t count = 0;
    ADDRMAP_FOREACH(&h->by_addr, v)
    {
        if (listed(v) && ((obj_t *)v)->addr > after)
            ids[count++] = ((obj_t *)v)->addr;
    }
    *more = count > limit;
    if (count > limit) {
        select_smallest(ids, count, limit);
        count = limit;
    }
    qsort(ids, count, sizeof *ids, cmp_u64);
    *n = count;
    return ids;
}

/* the subclass refs listed (listed()): the session's while it holds them */
static size_t held_subclass_refs(const heap_t *h, bool bytes)
{
    size_t n = 0;
    for (int k = 0; k < LIB__COUNT; k++) {
        obj_t *wr = heap_lib_subclass_ref(h, k);
        if (wr && listed(wr))
            n += bytes ? (size_t)wr->cur_size : 1;
    }
    return n;
}

size_t heap_live_objects(const heap_t *h)
{
    return h->live_objects + held_subclass_refs(h, false);
}
size_t heap_id_index_longest_run(const heap_t *h)
{
    return addrmap_longest_run(&h->by_addr);
}

size_t heap_live_bytes(const heap_t *h)
{
    return h->live_bytes + held_subclass_refs(h, true);
}

size_t heap_billed_bytes(const heap_t *h)
{
    /* the object structs' pages and the id index keep the size the heap had
       at its largest (freed structs are reused, not given back): a session
       that made a million objects and dropped them still costs that much */
    size_t objects = h->live_objects + h->immortal_objects;
    size_t structs = objects * (sizeof(obj_t) + 2 * sizeof(void *));
    size_t held = h->slab_total * sizeof(obj_t) + h->by_addr.size * sizeof(uint32_t);
    return h->live_bytes + h->immortal_bytes + (held > structs ? held : structs) +
           ((size_t)h->interned.used + h->code_names.used) * 64 + h->interned.key_bytes +
           h->code_names.key_bytes + h->events.allocated * sizeof(event_t) + h->events.text_bytes +
           h->free_addr_bytes + sizeof *h;
}

status_t heap_each_edge(heap_t *h, uint64_t id, edge_fn fn, void *arg)
{
    obj_t *o = visible(h, id);
    if (!o)
        return ST_NOTFOUND;
    if (TYPE(o)->edges)
        TYPE(o)->edges(h, o, fn, arg);
    return ST_OK;
}

typedef struct {
    uint64_t *ids;
    size_t n, cap;
    obj_t *self; /* a class: its visits of itself past `own` are its machinery */
    int64_t own; /* visits of itself that are attributes (`C.k = C`), still to meet */
    obj_t *target;
    bool hit;
} collect_ctx_t;

typedef struct {
    const obj_t *self;
    int64_t n;
} self_count_t;

static int count_self(obj_t *r, void *arg)
{
    self_count_t *k = arg;
    k->n += r == k->self;
    return 0;
}

/* A class's visits of itself: class_traverse() visits its attributes first and its
 * machinery last (class_machinery_visits()), so the first ones met are the attributes
 * bound to the class itself, which gc.get_referents() reaches through its __dict__ */
static void class_self_visits(collect_ctx_t *c, obj_t *cls)
{
    self_count_t k = {cls, 0};
    obj_traverse(cls, count_self, &k);
    c->self = cls;
    c->own = k.n - class_machinery_visits(cls);
}

static int collect_referent(obj_t *r, void *arg)
{
    collect_ctx_t *c = arg;
    if (r == c->self && c->own-- <= 0)
        return 0; /* a class's own machinery (class_traverse), not a real referent */
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->ids = xrealloc(c->ids, c->cap * sizeof *c->ids);
    }
    c->ids[c->n++] = r->addr;
    return 0;
}

status_t heap_referents(heap_t *h, uint64_t id, uint64_t **ids, size_t *n)
{
    obj_t *o = visible(h, id);
    if (!o)
        return ST_NOTFOUND;
    collect_ctx_t c = {0};
    /* gc_get_referents_impl() lists whatever tp_traverse visits, the object
     * itself included (`l.append(l)`, `n.me = n`); only a class's visits of
     * itself stand for its machinery (class_traverse) and are left out */
    if (TYPE(o)->flags & TF_TYPE_OBJECT)
        class_self_visits(&c, o);
    if (obj_is_gc(o))
        obj_traverse(o, collect_referent, &c);
    *ids = c.ids;
    *n = c.n;
    return ST_OK;
}

static int find_target(obj_t *r, void *arg)
{
    collect_ctx_t *c = arg;
    if (r == c->target && (r != c->self || c->own-- > 0))
        c->hit = true;
    return 0;
}

status_t heap_referrers(heap_t *h, uint64_t id, uint64_t **ids, size_t *n, char ***names, size_t *nnames)
{
    obj_t *t = visible(h, id);
    if (!t)
        return ST_NOTFOUND;
    /* gc_referrers_for() walks every tracked object, the interpreter's too:
     * a library class the session gave an attribute (`type(wkd).x = o`)
     * refers to o */
    size_t count;
    uint64_t *all = ids_without(h, OF_HIDDEN, &count);
    collect_ctx_t out = {0};
    for (size_t i = 0; i < count; i++) {
        obj_t *o = addrmap_get(&h->by_addr, all[i]);
        collect_ctx_t c = {0};
        c.target = t;
        /* referrersvisit() of gc_referrers_for(): an object whose traverse
         * visits itself refers to itself, but for a class's machinery */
        if (TYPE(o)->flags & TF_TYPE_OBJECT && o == t)
            class_self_visits(&c, o);
        obj_traverse(o, find_target, &c);
        if (c.hit)
            collect_referent(o, &out);
    }
    free(all);
    *ids = out.ids;
    *n = out.n;
    *names = NULL;
    *nnames = 0;
    obj_t *k, *v;
    for (size_t pos = 0; dict_next(h->globals, &pos, &k, &v);)
        if (v == t) {
            *names = xrealloc(*names, (*nnames + 1) * sizeof(char *));
            (*names)[(*nnames)++] = str_to_utf8(k);
        }
    return ST_OK;
}

/* The search for a reference path (heap_name_of) -------------------------------- */

/* Bounds of one search: it runs for a statement about to run, for each id
 * it names that no name binds */
#define PATH_MAX_NODES 1024
#define PATH_MAX_EDGES 4096
#define PATH_MAX_DEPTH 64
#define PATH_MAX_LABEL 200
#define PATH_MAX_EXPAND 16384  /* getsizeof of a container whose references it reads */
#define PATH_MAX_TRACKED 65536 /* objects tracked_instance() walks */

typedef struct {
    obj_t *o;
    int parent; /* index in path_search_t.nodes, -1 for a root */
    int depth;
    bool wrap;  /* the step applies to list(<parent>): a dict's key, a set's member */
    char *step; /* what the step adds: ".x", "[0]", "['k']", "()"; a root's expression */
} path_node_t;

typedef struct {
    heap_t *h;
    path_node_t *nodes;
    size_t n, cap, edges;
    addrmap_t seen;
    int from;               /* the node whose references are read */
    obj_t *key;             /* a dict's key, just before its value's edge */
    size_t nkeys;           /* keys of `from` seen so far */
    size_t nmembers;        /* members of `from` seen so far */
    obj_t *members[64];     /* a set's members, added once all are seen */
    bool members_unordered; /* a member hashed by address: CPython's order is not heapd's */
    obj_t *target;
    bool found; /* the target's node is the last one */
} path_search_t;

/* An object whose hash and repr do not depend on its address: a dict key
 * whose repr, as a subscript, finds the same entry, and a set member
 * whose place in the table is CPython's */
static bool literal_key(const obj_t *k, int depth)
{
    switch (k->kind) {
    case K_NONE:
    case K_BOOL:
    case K_INT:
    case K_STR:
    case K_BYTES: return true;
    case K_FLOAT: return k->u.f == k->u.f && k->u.f - k->u.f == 0; /* not nan, inf */
    case K_TUPLE:
        for (size_t i = 0; i < k->u.seq.len; i++)
            if (depth > 8 || !literal_key(k->u.seq.items[i], depth + 1))
                return false;
        return true;
    default: return false;
    }
}

static void path_add(path_search_t *ps, obj_t *o, int parent, const char *step, bool wrap)
{
    if (ps->found || ps->n >= PATH_MAX_NODES || !addrmap_put(&ps->seen, o))
        return;
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 64;
        ps->nodes = xrealloc(ps->nodes, ps->cap * sizeof *ps->nodes);
    }
    int depth = parent < 0 ? 0 : ps->nodes[parent].depth + 1;
    ps->nodes[ps->n++] = (path_node_t){o, parent, depth, wrap, xstrdup(step)};
    ps->found = o == ps->target;
}

/* One labelled reference (the edges of GET graph) as a step of Python:
 * an attribute, an index, a subscript by a literal key, a weakref's call,
 * the instance's class; a dict's key and a set's member by their place in
 * iteration order, `list(d)[i]` (the list dies before the statement uses
 * what it took) */
static bool path_edge(edge_kind_t kind, const char *label, uint64_t to, void *arg)
{
    path_search_t *ps = arg;
    obj_t *o = addrmap_get(&ps->h->by_addr, to);
    char step[32];
    ps->edges++;
    if (kind == EDGE_KEY)
        ps->key = o;
    if (kind == EDGE_MEMBER) {
        if (!o || !literal_key(o, 0) || ps->nmembers >= sizeof ps->members / sizeof *ps->members)
            ps->members_unordered = true;
        else
            ps->members[ps->nmembers++] = o;
        return true;
    }
    if (!o || (o->flags & OF_HIDDEN))
        return true;
    switch (kind) {
    case EDGE_KEY:
        snprintf(step, sizeof step, "[%zu]", ps->nkeys++);
        path_add(ps, o, ps->from, step, true);
        return true;
    case EDGE_KEY_VALUE:
        if (!ps->key || !literal_key(ps->key, 0) || strlen(label) > PATH_MAX_LABEL)
            return true;
        break;
    case EDGE_ATTR:
        if (!refpath_is_identifier(label + 1))
            return true;
        break;
    case EDGE_INDEX: break;
    case EDGE_WEAK: label = "()"; break;
    case EDGE_CLASS: label = ".__class__"; break;
    default: return true;
    }
    path_add(ps, o, ps->from, label, false);
    return true;
}

static void path_write(strbuf_t *sb, const path_search_t *ps, int i)
{
    const path_node_t *nd = &ps->nodes[i];
    if (nd->wrap)
        sb_puts(sb, "list(");
    if (nd->parent >= 0)
        path_write(sb, ps, nd->parent);
    if (nd->wrap)
        sb_putc(sb, ')');
    sb_puts(sb, nd->step);
}

/* Reads node i's references into the search */
static void path_expand(path_search_t *ps, size_t i)
{
    obj_t *o = ps->nodes[i].o;
    if (!TYPE(o)->edges || ps->nodes[i].depth >= PATH_MAX_DEPTH || obj_size(ps->h, o) > PATH_MAX_EXPAND)
        return;
    ps->from = (int)i;
    ps->key = NULL;
    ps->nkeys = ps->nmembers = 0;
    ps->members_unordered = false;
    TYPE(o)->edges(ps->h, o, path_edge, ps);
    for (size_t j = 0; j < ps->nmembers && !ps->members_unordered; j++) {
        char step[32];
        snprintf(step, sizeof step, "[%zu]", j);
        path_add(ps, ps->members[j], (int)i, step, true);
    }
}

/* Breadth first from the names (namespace order, but avoid), then
 * gc.garbage: the shortest reference path to t, or NULL past the search's
 * bounds (an object only a cycle holds has none) */
static char *path_to(heap_t *h, obj_t *t, const char *avoid)
{
    path_search_t ps = {.h = h, .target = t};
    addrmap_init(&ps.seen, h);
    obj_t *k, *v;
    /* a name is copied only when its object is new to the search, and none
     * is read once the search holds all the nodes it keeps (it copied every
     * name: 3.7 ms a search with 100,000 names, 1,000 ids in a batch 3.7 s) */
    size_t read = 0;
    heap_charge(h, (int64_t)dict_walk_units(h->globals)); /* the holes `del` left among the names */
    for (size_t pos = 0; !ps.found && ps.n < PATH_MAX_NODES && dict_next(h->globals, &pos, &k, &v);) {
        read++;
        if (addrmap_get(&ps.seen, v->addr))
            continue;
        char *name = str_to_utf8(k);
        if (!avoid || strcmp(name, avoid))
            path_add(&ps, v, -1, name, false);
        free(name);
    }
    if (h->gc.garbage->u.seq.len) /* DEBUG_SAVEALL's; the script may not have imported gc */
        path_add(&ps, h->gc.garbage, -1, "__import__('gc').garbage", false);
    for (size_t i = 0; i < ps.n && !ps.found && ps.edges < PATH_MAX_EDGES; i++)
        path_expand(&ps, i);
    heap_charge(h, (int64_t)(read + ps.n + ps.edges));
    char *out = NULL;
    if (ps.found) {
        strbuf_t sb;
        sb_init(&sb);
        path_write(&sb, &ps, (int)ps.n - 1);
        out = sb_take(&sb);
    }
    for (size_t i = 0; i < ps.n; i++)
        free(ps.nodes[i].step);
    free(ps.nodes);
    addrmap_free(&ps.seen);
    return out;
}

/* An instance of a session's class that only unnamed holders keep alive (a
 * cycle the collector has not reached): its place among that class's
 * instances in gc.get_objects(), which lists generations 0, 1 and 2 in
 * their list order (gc_get_objects_impl()) as the collector keeps them */
static char *tracked_instance(heap_t *h, obj_t *t, const char *avoid)
{
    if (t->kind != K_INSTANCE || t->u.inst.type->u.cls->lib || !(t->flags & OF_TRACKED) ||
        t->gen >= NUM_GENERATIONS)
        return NULL;
    obj_t *cls = t->u.inst.type;
    char *cname = heap_name_of(h, cls->addr, avoid);
    if (!cname)
        return NULL;
    size_t k = 0, walked = 0;
    for (int g = 0; g < NUM_GENERATIONS && walked < PATH_MAX_TRACKED; g++) {
        obj_t *head = gc_gen_list(h, g);
        for (obj_t *o = heap_obj_at(h, head->gc_next); o != head && o != t && walked < PATH_MAX_TRACKED;
             o = heap_obj_at(h, o->gc_next), walked++)
            k += o->kind == K_INSTANCE && o->u.inst.type == cls;
        if (g == t->gen)
            break;
    }
    heap_charge(h, (int64_t)walked);
    if (walked >= PATH_MAX_TRACKED) {
        free(cname);
        return NULL;
    }
    strbuf_t sb;
    sb_init(&sb);
    sb_printf(&sb, "[_o for _o in __import__('gc').get_objects() if type(_o) is %s][%zu]", cname, k);
    free(cname);
    return sb_take(&sb);
}

/* An interpreter-shared object that a literal compiled alone gives back
 * itself: None, the bools, the small ints (_PyLong_GetSmallInt), `()`,
 * `''`, the cached one-character latin-1 strs and one-byte bytes
 * (get_latin1_char(), the bytes characters[] cache), and an interned str
 * of name characters (the compiler interns such constants:
 * intern_string_constants()/all_name_chars()). Parenthesised, so that it
 * stands wherever a name does (`(0).x = 1`). NULL for anything else. */
static char *shared_literal(heap_t *h, obj_t *t)
{
    if (!(t->flags & OF_STATIC))
        return NULL;
    switch (t->kind) {
    case K_NONE:
    case K_BOOL:
    case K_INT:
    case K_BYTES: break;
    case K_TUPLE:
        if (t->u.seq.len)
            return NULL;
        break;
    case K_STR:
        if (t->u.s.len > 1)
            for (size_t i = 0; i < t->u.s.len; i++) {
                uint32_t c = str_char(t, i);
                if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                    return NULL;
            }
        else if (t->u.s.len == 1 && str_char(t, 0) > 0xff)
            return NULL;
        break;
    default: return NULL;
    }
    if (t->kind == K_BYTES && t->u.by.len > 1)
        return NULL;
    bool truncated = false;
    char *r = obj_repr_capped(h, t, 0, &truncated);
    strbuf_t sb;
    sb_init(&sb);
    sb_printf(&sb, t->kind == K_TUPLE ? "%s" : "(%s)", r);
    free(r);
    return sb_take(&sb);
}

char *heap_name_of(heap_t *h, uint64_t id, const char *avoid)
{
    obj_t *t = visible(h, id);
    obj_t *k, *v;
    /* the namespace's holes (`del` keeps each name's entry until the next
     * resize) pay too: 300,000 names bound and deleted made each id of a
     * batch walk them, 0.27 s for 1,000 ids, free */
    if (t)
        heap_charge(h, (int64_t)dict_walk_units(h->globals));
    for (size_t pos = 0; t && dict_next(h->globals, &pos, &k, &v);) {
        heap_charge(h, 1);
        if (v == t) {
            char *name = str_to_utf8(k);
            if (!avoid || strcmp(name, avoid))
                return name;
            free(name);
        }
    }
    if (!t)
        return NULL;
    if (t == h->callback_fn && !heap_name_get(h, "_cb")) /* the script defines it before its first use */
        return strdup("_cb");
    char *path = path_to(h, t, avoid);
    if (!path)
        path = shared_literal(h, t);
    return path ? path : tracked_instance(h, t, avoid);
}

void heap_gc_info(heap_t *h, heap_gc_info_t *info, size_t max_garbage)
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
    size_t n = g->u.seq.len < max_garbage ? g->u.seq.len : max_garbage;
    info->garbage = xmalloc((n + 1) * sizeof(uint64_t));
    for (size_t i = 0; i < n; i++)
        info->garbage[i] = g->u.seq.items[i]->addr;
    info->frozen = gc_session_objects_in(h, GEN_PERMANENT);
    info->saveall = h->gc.saveall;
}

const event_log_t *heap_events(const heap_t *h)
{
    return &h->events;
}
