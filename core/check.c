/*
 * check.c — invariants of a whole heap (heap_check), as Lua's ltests.c
 * lua_checkmemory walks its heap in test builds.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "addrmap.h"
#include "containers.h"
#include "code.h"
#include "heap_internal.h"
#include "mem.h"

typedef struct {
    obj_t **objs; /* every object of the heap's id index */
    size_t n;
    bool bad;
    char *why;
    size_t whylen;
} check_t;

static bool fail(check_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(check_t *c, const char *fmt, ...)
{
    if (!c->bad) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, c->whylen, fmt, ap);
        va_end(ap);
    }
    c->bad = true;
    return false;
}

/* Counts a reference in the target's gc_refs (scratch outside a collection;
 * a reference to a freed object is the sanitizers' to catch). */
static int count_ref(obj_t *r, void *arg)
{
    (void)arg;
    r->gc_refs++;
    return 0;
}

static void check_refcounts(heap_t *h, check_t *c)
{
    for (size_t i = 0; i < c->n; i++)
        c->objs[i]->gc_refs = 0;
    for (size_t i = 0; i < c->n; i++)
        obj_each_ref(c->objs[i], count_ref, c);
    for (size_t i = 0; i < h->ntemps; i++)
        if (h->temps[i]) /* (NULL: an argument heap_pop_args() is releasing) */
            count_ref(h->temps[i], c);
    for (size_t i = 0; i < h->narena; i++)
        count_ref(h->arena[i], c);
    dict_keys_each_ref(h, count_ref, c);
    code_each_ref(h, count_ref, c);
    for (size_t i = 0; i < h->nunit_docs; i++)
        count_ref(h->unit_docs[i], c);
    if (h->result_hold)
        count_ref(h->result_hold, c);
    if (h->repr_state) /* the thread state's reference (heap.c make_repr_state()) */
        count_ref(h->repr_state, c);
    if (textio_held(h)) /* sys.stdout's pending text (textio.c) */
        count_ref(textio_held(h), c);
    if (h->print_kwtuple) /* print()'s _PyArg_Parser's (pyops.c) */
        count_ref(h->print_kwtuple, c);
    if (h->collect_kwtuple) /* gc.collect()'s (exec.c op_collect()) */
        count_ref(h->collect_kwtuple, c);
    for (size_t i = 0; i < h->nkept; i++)
        if (h->kept[i]) /* (NULL: released by the operation that used it) */
            count_ref(h->kept[i], c);
    for (size_t i = 0; i < c->n && !c->bad; i++) {
        obj_t *o = c->objs[i];
        if (o->flags & OF_STATIC)
            continue; /* a documented base plus the session's references */
        if (o->flags & OF_LEAKED)
            o->gc_refs++;
        if ((int64_t)o->refcnt != o->gc_refs)
            fail(c, "%s at %#llx: refcount %lld, references held %d", obj_type_name(o),
                 (unsigned long long)o->addr, (long long)o->refcnt, o->gc_refs);
    }
}

static void check_generations(heap_t *h, check_t *c)
{
    size_t tracked = 0, listed = 0;
    int64_t tracked_bytes = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->objs[i]->flags & OF_TRACKED) {
            tracked++;
            tracked_bytes += c->objs[i]->cur_size;
        }
    for (int g = 0; g <= NUM_GENERATIONS && !c->bad; g++) {
        obj_t *head = gc_gen_list(h, g);
        for (obj_t *o = heap_obj_at(h, head->gc_next); o != head; o = heap_obj_at(h, o->gc_next)) {
            if (heap_obj_at(h, o->gc_next)->gc_prev != o->index)
                return (void)fail(c, "generation %d: broken links at %#llx", g, (unsigned long long)o->addr);
            if (!(o->flags & OF_TRACKED) || o->gen != g || (o->flags & (OF_COLLECTING | OF_UNREACHABLE)))
                return (void)fail(c, "generation %d holds %#llx with gen %d flags %#x", g,
                                  (unsigned long long)o->addr, o->gen, o->flags);
            if (++listed > tracked + 1)
                return (void)fail(c, "the generation lists hold more objects than are tracked");
        }
    }
    if (!c->bad && listed != tracked)
        fail(c, "%zu objects tracked, %zu in the generation lists", tracked, listed);
    if (!c->bad && (size_t)h->gc.tracked != listed)
        fail(c, "the tracked count says %lld, the generation lists hold %zu", (long long)h->gc.tracked,
             listed);
    if (!c->bad && h->gc.tracked_bytes != tracked_bytes)
        fail(c, "the tracked objects' bytes say %lld, their sizes sum to %lld",
             (long long)h->gc.tracked_bytes, (long long)tracked_bytes);
}

static void check_accounting(heap_t *h, check_t *c)
{
    size_t live = 0, bytes = 0;
    for (size_t i = 0; i < c->n && !c->bad; i++) {
        obj_t *o = c->objs[i];
        if (o->flags & (OF_STATIC | OF_HIDDEN)) /* the interpreter's (heap.c make_repr_state()) */
            continue;
        live++;
        bytes += (size_t)o->cur_size;
        if (o->cur_size != obj_size(h, o))
            fail(c, "%s at %#llx: accounted %d bytes, getsizeof %lld", obj_type_name(o),
                 (unsigned long long)o->addr, o->cur_size, (long long)obj_size(h, o));
    }
    if (!c->bad && (live != h->live_objects || bytes != h->live_bytes))
        fail(c, "live objects %zu (counted %zu), live bytes %zu (counted %zu)", h->live_objects, live,
             h->live_bytes, bytes);
}

static void check_weakrefs(check_t *c)
{
    for (size_t i = 0; i < c->n && !c->bad; i++) {
        obj_t *o = c->objs[i], *prev = NULL;
        obj_t **list = obj_weaklist(o);
        uint64_t len = 0;
        for (obj_t *w = list ? *list : NULL; w; prev = w, w = w->u.wr.wr_next, len++)
            if (w->kind != K_WEAKREF || w->u.wr.referent != o || (prev && w->u.wr.wr_prev != prev))
                return (void)fail(c, "the weakref list of %#llx is broken", (unsigned long long)o->addr);
        /* the head keeps the list's length (weakref.c's list_len()) */
        if (len && (*list)->u.wr.wr_len != len)
            fail(c, "the weakref list of %#llx says %llu refs, holds %llu", (unsigned long long)o->addr,
                 (unsigned long long)(*list)->u.wr.wr_len, (unsigned long long)len);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Checks one pymalloc block an object holds beside its own (alloc.c
 * heap_mem_alloc()): no live object lies in it (ids are 16-byte aligned:
 * each step of the block is looked up); its start is recorded so that no
 * two holders share it */
static void check_block(heap_t *h, check_t *c, const obj_t *o, uint64_t mem, uint64_t *starts, size_t *n)
{
    uint64_t start = heap_mem_start(mem);
    size_t size = heap_mem_size(mem);
    for (size_t off = 0; off < size && !c->bad; off += 16)
        if (addrmap_get(&h->by_addr, start + off))
            fail(c, "%s at %#llx: its block %#llx holds the object at %#llx", obj_type_name(o),
                 (unsigned long long)o->addr, (unsigned long long)start, (unsigned long long)(start + off));
    if (size)
        starts[(*n)++] = start;
}

/* The blocks objects hold beside their own: a list's item array (held,
 * ob_item != NULL, exactly when it has memory, and large enough for it), a
 * 3.10 split dict's values array, a class's docstring copy and subclass key */
static void check_mem_blocks(heap_t *h, check_t *c)
{
    uint64_t *starts = xmalloc((2 * c->n + 1) * sizeof *starts);
    size_t n = 0;
    for (size_t i = 0; i < c->n && !c->bad; i++) {
        obj_t *o = c->objs[i];
        if (o->kind == K_LIST) {
            uint64_t mem = o->u.seq.mem;
            size_t size = heap_mem_size(mem);
            if (!o->u.seq.items != (mem == MEM_NONE) || (size && size < o->u.seq.allocated * 8))
                fail(c, "list at %#llx: %zu items allocated, memory %#llx", (unsigned long long)o->addr,
                     o->u.seq.allocated, (unsigned long long)mem);
            check_block(h, c, o, mem, starts, &n);
        } else if (o->kind == K_DICT && o->u.d.split) {
            uint64_t mem = dict_values_mem(o);
            if ((mem == MEM_NONE) != !h->prof->split_values_block)
                fail(c, "split dict at %#llx: values memory %#llx", (unsigned long long)o->addr,
                     (unsigned long long)mem);
            check_block(h, c, o, mem, starts, &n);
        } else if (o->kind == K_CLASS) {
            check_block(h, c, o, o->u.cls->doc_mem, starts, &n);
            check_block(h, c, o, o->u.cls->subclass_key_mem, starts, &n);
        }
    }
    qsort(starts, n, sizeof *starts, cmp_u64);
    for (size_t i = 1; i < n && !c->bad; i++)
        if (starts[i] == starts[i - 1])
            fail(c, "two objects hold the block %#llx", (unsigned long long)starts[i]);
    free(starts);
}

bool heap_check(heap_t *h, char *why, size_t whylen)
{
    check_t c = {.why = why, .whylen = whylen};
    c.objs = xmalloc((h->by_addr.used + 1) * sizeof *c.objs);
    ADDRMAP_FOREACH(&h->by_addr, v)
    {
        if (heap_obj_at(h, v->index) != v)
            fail(&c, "%#llx: its struct index %u names another struct", (unsigned long long)v->addr,
                 v->index);
        c.objs[c.n++] = v;
    }
    if (h->npending)
        fail(&c, "%u deallocations still deferred", h->npending);
    check_refcounts(h, &c);
    check_generations(h, &c);
    check_accounting(h, &c);
    check_weakrefs(&c);
    check_mem_blocks(h, &c);
    free(c.objs);
    return !c.bad;
}
