/*
 * gc.c — the cycle collector, mirroring Modules/gcmodule.c of 3.11 pass by
 * pass: gc_collect_main() runs update_refs, subtract_refs and
 * move_unreachable over the young generation, untrack_tuples, moves the
 * survivors on, then handle_weakrefs, finalize_garbage,
 * handle_resurrected_objects and delete_garbage over the unreachable set.
 * The lists are the real per-generation lists, so the order finalizers and
 * callbacks run in, and what gc.collect() returns, fall out as CPython's.
 */
#include "gc.h"

#include <stdio.h>
#include <stdlib.h>

#include "heap_internal.h"
#include "mem.h"
#include "pycall.h"

/* Generic list functions ------------------------------------------------
 * Links are struct indices (obj_t.gc_next/gc_prev): NEXT and PREV follow them. */

#define NEXT(o) heap_obj_near(h, (o), (o)->gc_next)
#define PREV(o) heap_obj_near(h, (o), (o)->gc_prev)

static void list_init(obj_t *head)
{
    head->gc_next = head->gc_prev = head->index;
}
static bool list_is_empty(const obj_t *head)
{
    return head->gc_next == head->index;
}

static void list_append(heap_t *h, obj_t *o, obj_t *head)
{
    obj_t *last = heap_obj_at(h, head->gc_prev); /* a sentinel shares no page */
    last->gc_next = o->index;
    o->gc_prev = last->index;
    o->gc_next = head->index;
    head->gc_prev = o->index;
}

static void list_remove(heap_t *h, obj_t *o)
{
    PREV(o)->gc_next = o->gc_next;
    NEXT(o)->gc_prev = o->gc_prev;
    o->gc_next = o->gc_prev = OBJ_NIL;
}

static void list_move(heap_t *h, obj_t *o, obj_t *to)
{
    list_remove(h, o);
    list_append(h, o, to);
}

/* gc_list_merge(): append from's objects to to's tail; from becomes empty */
static void list_merge(heap_t *h, obj_t *from, obj_t *to)
{
    if (list_is_empty(from))
        return;
    obj_t *tail = PREV(to);
    tail->gc_next = from->gc_next;
    NEXT(from)->gc_prev = tail->index;
    to->gc_prev = from->gc_prev;
    PREV(to)->gc_next = to->index;
    list_init(from);
}

static int64_t list_size(heap_t *h, obj_t *head)
{
    int64_t n = 0;
    for (obj_t *o = NEXT(head); o != head; o = NEXT(o))
        n++;
    return n;
}

static void set_gen(heap_t *h, obj_t *head, int gen)
{
    for (obj_t *o = NEXT(head); o != head; o = NEXT(o))
        o->gen = (uint8_t)gen;
}

void gc_init(heap_t *h)
{
    for (int i = 0; i < GC_NHEADS; i++) {
        gc_gen_list(h, i)->index = OBJ_HEAD_BIT | (uint32_t)i << SLAB_PAGE_SHIFT;
        list_init(gc_gen_list(h, i));
    }
    for (int i = 0; i < NUM_GENERATIONS; i++)
        h->gc.threshold[i] = h->prof->threshold[i];
    h->gc.enabled = true;
}

void gc_track(heap_t *h, obj_t *o)
{
    if (o->flags & OF_TRACKED)
        return;
    o->flags |= OF_TRACKED;
    o->gen = 0;
    h->gc.tracked++;
    h->gc.tracked_bytes += o->cur_size;
    list_append(h, o, gc_gen_list(h, 0));
}

void gc_untrack(heap_t *h, obj_t *o)
{
    if (!(o->flags & OF_TRACKED))
        return;
    h->gc.tracked--;
    h->gc.tracked_bytes -= o->cur_size;
    list_remove(h, o);
    o->flags &= (uint16_t) ~(OF_TRACKED | OF_COLLECTING | OF_UNREACHABLE);
}

int64_t gc_collections_total(const heap_t *h)
{
    return h->gc.collections[0] + h->gc.collections[1] + h->gc.collections[2];
}

int64_t gc_list_size_of(heap_t *h, int gen)
{
    return list_size(h, gc_gen_list(h, gen));
}

int64_t gc_session_objects_in(heap_t *h, int gen)
{
    int64_t n = 0;
    for (obj_t *head = gc_gen_list(h, gen), *o = NEXT(head); o != head; o = NEXT(o))
        n += !(o->flags & OF_STATIC);
    return n;
}

void gc_move_to(heap_t *h, obj_t *o, int gen)
{
    list_move(h, o, gc_gen_list(h, gen));
    o->gen = (uint8_t)gen;
}

int64_t gc_cost(heap_t *h, int generation)
{
    /* a full collection: every tracked object and its bytes, the frozen
     * ones counted too (an upper bound that spares walking them all twice) */
    int64_t n = 0, bytes = 0;
    if (generation == NUM_GENERATIONS - 1) {
        n = h->gc.tracked;
        bytes = h->gc.tracked_bytes;
    }
    for (int i = 0; generation < NUM_GENERATIONS - 1 && i <= generation; i++)
        for (obj_t *head = gc_gen_list(h, i), *o = NEXT(head); o != head; o = NEXT(o))
            if (!(o->flags & OF_STATIC)) {
                n++;
                bytes += o->cur_size;
            }
    /* update_refs, subtract_refs, move_unreachable, the moves: ~20 units of
     * ~8 ns an object; and the traversals read each container's table,
     * which a set or dict keeps at its largest (a set of one member in
     * 524,288 slots: 1,000 collections of one took 0.7 s for 20 units
     * each): a unit per 64 bytes of a tracked object's getsizeof */
    return 20 * n + bytes / 64;
}

/* The reachability passes ------------------------------------------------ */

/* update_refs(): gc_refs = ob_refcnt, and mark the set as being collected */
static void update_refs(heap_t *h, obj_t *base)
{
    for (obj_t *o = NEXT(base); o != base; o = NEXT(o)) {
        o->gc_refs = o->refcnt > INT32_MAX ? INT32_MAX : (int32_t)o->refcnt;
        o->flags |= OF_COLLECTING;
    }
}

static int visit_decref(obj_t *o, void *arg)
{
    (void)arg;
    if (obj_is_gc(o) && (o->flags & OF_COLLECTING))
        o->gc_refs--;
    return 0;
}

/* subtract_refs(): what is left in gc_refs are references from outside */
static void subtract_refs(heap_t *h, obj_t *base)
{
    for (obj_t *o = NEXT(base); o != base; o = NEXT(o))
        obj_traverse(o, visit_decref, NULL);
}

typedef struct {
    heap_t *h;
    obj_t *reachable;
} reach_t;

static int visit_reachable(obj_t *o, void *arg)
{
    heap_t *h = ((reach_t *)arg)->h;
    obj_t *reachable = ((reach_t *)arg)->reachable;
    if (!obj_is_gc(o) || !(o->flags & OF_COLLECTING))
        return 0;
    if (o->flags & OF_UNREACHABLE) {
        /* tentatively unreachable, but reachable after all: back to young's tail */
        o->flags &= (uint16_t)~OF_UNREACHABLE;
        list_move(h, o, reachable);
        o->gc_refs = 1;
    } else if (o->gc_refs == 0) {
        o->gc_refs = 1;
    }
    return 0;
}

/* move_unreachable(): one scan of young; objects with no outside reference
 * move to unreachable until something reachable is seen to point at them */
static void move_unreachable(heap_t *h, obj_t *young, obj_t *unreachable)
{
    reach_t reach = {h, young};
    obj_t *o = NEXT(young);
    while (o != young) {
        if (o->gc_refs > 0) {
            obj_traverse(o, visit_reachable, &reach);
            o->flags &= (uint16_t)~OF_COLLECTING;
            o = NEXT(o);
        } else {
            obj_t *next = NEXT(o);
            list_move(h, o, unreachable);
            o->flags |= OF_UNREACHABLE;
            o = next;
        }
    }
}

static void clear_unreachable_mask(heap_t *h, obj_t *list)
{
    for (obj_t *o = NEXT(list); o != list; o = NEXT(o))
        o->flags &= (uint16_t)~OF_UNREACHABLE;
}

static void deduce_unreachable(heap_t *h, obj_t *base, obj_t *unreachable)
{
    update_refs(h, base);
    subtract_refs(h, base);
    list_init(unreachable);
    move_unreachable(h, base, unreachable);
}

/* untrack_tuples(), which also gives the survivors their new generation:
 * CPython keeps no generation in the object (gc_list_merge walks nothing),
 * so this walk is the one both need. Returns how many stay in young (what
 * gc_list_size(young) then counts, without another walk), a class with the
 * machinery it stands for that stays tracked (its __mro__, __dict__,
 * getsets, functions: class_gc_hidden() once it survived). */
static int64_t untrack_tuples(heap_t *h, obj_t *young, int gen)
{
    int64_t n = 0;
    obj_t *o = NEXT(young);
    while (o != young) {
        obj_t *next = NEXT(o);
        if (TYPE(o)->gc_survived) /* tuples untrack themselves (_PyTuple_MaybeUntrack) */
            TYPE(o)->gc_survived(h, o);
        if (o->flags & OF_TRACKED) {
            o->gen = (uint8_t)gen;
            n++;
            if (TYPE(o)->gc_hidden)
                n += TYPE(o)->gc_hidden(h, o);
        }
        o = next;
    }
    return n;
}

/* untrack_dicts(); returns how many it untracked */
static int64_t untrack_dicts(heap_t *h, obj_t *young)
{
    int64_t n = 0;
    obj_t *o = NEXT(young);
    while (o != young) {
        obj_t *next = NEXT(o);
        if (TYPE(o)->gc_untrack_young) { /* dicts (_PyDict_MaybeUntrack) */
            TYPE(o)->gc_untrack_young(h, o);
            n += !(o->flags & OF_TRACKED);
        }
        o = next;
    }
    return n;
}

/* handle_weakrefs(): clear every weakref to the unreachable set; call the
 * callbacks of the weakrefs that are not garbage themselves. Returns how
 * many of those weakrefs died when their callback ran; *ran: whether any
 * callback ran. */
static int64_t handle_weakrefs(heap_t *h, obj_t *unreachable, obj_t *old, bool *ran)
{
    obj_t *wrcb_to_call = gc_gen_list(h, GC_WRCB_TO_CALL);
    list_init(wrcb_to_call);
    int64_t num_freed = 0;
    /* the dead referent of each weakref moved to wrcb_to_call, in that order */
    uint64_t *dead = NULL;
    size_t ndead = 0, capdead = 0;
    for (obj_t *o = NEXT(unreachable), *next; o != unreachable; o = next) {
        next = NEXT(o);
        if (TYPE(o)->flags & TF_WEAKREF) /* a weakref in the unreachable set is cleared */
            TYPE(o)->wr_clear(h, o);
        obj_t **list = obj_weaklist(o);
        if (!list)
            continue;
        if (TYPE(o)->clear_hidden_weakrefs)
            /* weakrefs held outside the simulated heap (a class's in the ABC
             * caches) are cleared here like the others, even if a finalizer
             * then resurrects o; each callback drops its ref: num_freed */
            num_freed += TYPE(o)->clear_hidden_weakrefs(o);
        while (*list) {
            obj_t *wr = *list;
            if (!TYPE(wr)->wr_clear(h, wr))
                continue; /* no callback */
            if (wr->flags & OF_COLLECTING)
                continue; /* garbage itself: its callback never runs */
            obj_incref(wr);
            list_move(h, wr, wrcb_to_call);
            if (ndead == capdead) {
                capdead = capdead ? capdead * 2 : 16;
                dead = xrealloc(dead, capdead * sizeof *dead);
            }
            dead[ndead++] = o->addr;
        }
    }
    *ran = ndead > 0;
    for (size_t i = 0; !list_is_empty(wrcb_to_call); i++) {
        obj_t *wr = NEXT(wrcb_to_call);
        TYPE(wr)->wr_callback(h, wr, dead[i]);
        obj_decref(h, wr);
        if (NEXT(wrcb_to_call) == wr) {
            list_move(h, wr, old);
            wr->gen = old == gc_gen_list(h, GEN_PERMANENT) ? GEN_PERMANENT
                                                           : (uint8_t)((gc_head_t *)old - h->gc.heads);
        } else {
            num_freed++;
        }
    }
    free(dead);
    return num_freed;
}

static bool needs_finalizing(const obj_t *o)
{
    const type_ops_t *t = TYPE(o);
    return t->has_finalizer && t->has_finalizer(o) && !(o->flags & OF_FINALIZED);
}

/* finalize_garbage(): each __del__ once (PEP 442), in list order. Returns
 * whether any ran (a set with none to run is left as it is: moving each
 * object to seen and back would change nothing). */
static bool finalize_garbage(heap_t *h, obj_t *collectable)
{
    obj_t *f = NEXT(collectable);
    while (f != collectable && !needs_finalizing(f))
        f = NEXT(f);
    if (f == collectable)
        return false;
    obj_t *seen = gc_gen_list(h, GC_SEEN);
    list_init(seen);
    while (!list_is_empty(collectable)) {
        obj_t *o = NEXT(collectable);
        list_move(h, o, seen);
        if (needs_finalizing(o)) {
            o->flags |= OF_FINALIZED;
            obj_incref(o);
            TYPE(o)->finalize(h, o);
            obj_decref(h, o);
        }
    }
    list_merge(h, seen, collectable);
    return true;
}

/* handle_resurrected_objects(): what a finalizer made reachable goes to old.
 * When no finalizer and no callback ran, nothing can have been: the second
 * pass would find the set as the first left it (references to it only fell:
 * cleared weakrefs, dropped callbacks), so the set moves as it is. */
static void handle_resurrected(heap_t *h, obj_t *unreachable, obj_t *still_unreachable, obj_t *old,
                               int old_gen, bool code_ran)
{
    if (!code_ran) {
        list_init(still_unreachable);
        list_merge(h, unreachable, still_unreachable);
        return;
    }
    for (obj_t *o = NEXT(unreachable); o != unreachable; o = NEXT(o))
        o->flags &= (uint16_t)~OF_COLLECTING;
    deduce_unreachable(h, unreachable, still_unreachable);
    clear_unreachable_mask(h, still_unreachable);
    for (obj_t *o = NEXT(unreachable); o != unreachable; o = NEXT(o)) {
        o->flags &= (uint16_t)~OF_COLLECTING;
        o->gen = (uint8_t)old_gen;
    }
    list_merge(h, unreachable, old);
}

/* delete_garbage(): tp_clear each object; the cascade frees the rest */
static void delete_garbage(heap_t *h, obj_t *collectable, obj_t *old, int old_gen)
{
    while (!list_is_empty(collectable)) {
        obj_t *o = NEXT(collectable);
        if (h->gc.saveall) {
            py_discard_result(h, py_call_method(h, h->gc.garbage, "append", &o, 1)); /* PyList_Append */
        } else if (TYPE(o)->clear) {
            obj_incref(o);
            TYPE(o)->clear(h, o);
            obj_decref(h, o);
        }
        if (NEXT(collectable) == o) {
            o->flags &= (uint16_t)~OF_COLLECTING;
            list_move(h, o, old);
            o->gen = (uint8_t)old_gen;
        }
    }
}

/* What gc_collect_main()'s long_lived_total counts of a full collection's
 * survivors besides the session's: the interpreter's own objects, which a
 * session does not simulate (the profile's gc_startup_survivors ...): start-up's
 * and each module's first import, unless gc.freeze() moved them out of the
 * generations, and a collection within exec() the exec'd unit's. They make
 * gc_collect_generations() skip automatic full collections as a real
 * script's does (4,700 to 11,000 objects: the gen-1 survivors since the
 * last full collection must reach a quarter of that). */
static int64_t interp_survivors(heap_t *h)
{
    const profile_t *p = h->prof;
    gc_state_t *gc = &h->gc;
    int64_t n = h->in_unit ? 0 : p->gc_exec_survivors;
    if (!gc->interp_frozen) {
        n += p->gc_startup_survivors[gc->interp_collected] + (h->gc_imported ? p->gc_import_survivors : 0);
        gc->interp_collected = true;
    }
    if (h->weakref_imported && !gc->weakref_frozen)
        n += p->weakref_import_survivors;
    return n;
}

/* gc_collect_main() */
static int64_t collect_main(heap_t *h, int generation, int64_t *n_uncollectable)
{
    gc_state_t *gc = &h->gc;
    obj_t *unreachable = gc_gen_list(h, GC_UNREACHABLE);
    obj_t *final_unreachable = gc_gen_list(h, GC_FINAL_UNREACHABLE);
    if (generation + 1 < NUM_GENERATIONS)
        gc->count[generation + 1]++;
    for (int i = 0; i <= generation; i++)
        gc->count[i] = 0;
    for (int i = 0; i < generation; i++)
        list_merge(h, (obj_t *)&gc->heads[i], (obj_t *)&gc->heads[generation]);
    obj_t *young = (obj_t *)&gc->heads[generation];
    int old_gen = generation < NUM_GENERATIONS - 1 ? generation + 1 : generation;
    obj_t *old = (obj_t *)&gc->heads[old_gen];

    deduce_unreachable(h, young, unreachable);
    int64_t survivors = untrack_tuples(h, young, old_gen);
    if (young != old) {
        if (generation == NUM_GENERATIONS - 2)
            gc->long_lived_pending += survivors;
        list_merge(h, young, old);
    } else {
        survivors -= untrack_dicts(h, young);
        /* gcstate->long_lived_total = gc_list_size(young): every survivor */
        gc->long_lived_pending = 0;
        /* the library classes' subclass refs made so far are among the
         * interpreter's survivors the profile counts */
        for (int k = 0; k < LIB__COUNT; k++) {
            obj_t *wr = heap_lib_subclass_ref(h, k);
            survivors -= wr && wr->gen != GEN_PERMANENT;
        }
        gc->long_lived_total = survivors + interp_survivors(h);
    }
    clear_unreachable_mask(h, unreachable);

    bool callbacks_ran;
    int64_t m = handle_weakrefs(h, unreachable, old, &callbacks_ran);
    bool finalizers_ran = finalize_garbage(h, unreachable);
    handle_resurrected(h, unreachable, final_unreachable, old, old_gen, callbacks_ran || finalizers_ran);
    for (obj_t *o = NEXT(final_unreachable); o != final_unreachable; o = NEXT(o)) {
        m++;
        if (TYPE(o)->gc_hidden) /* a class's machinery, and the ABC caches' weakrefs to it */
            m += TYPE(o)->gc_hidden(h, o);
    }
    delete_garbage(h, final_unreachable, old, old_gen);
    if (generation == NUM_GENERATIONS - 1) /* clear_freelists(): only the oldest generation's collection */
        for (int k = 0; k < K__COUNT; k++)
            if (type_table[k]->clear_freelist)
                type_table[k]->clear_freelist(h);
    *n_uncollectable = 0;
    gc->collections[generation]++;
    gc->collected[generation] += m;
    return m;
}

/* collect_with_callback(): gc.callbacks see start and stop — our events.
 * A collection is the session's to see even when the allocation that
 * started it is the interpreter's own (made without events: textio.c). */
static int64_t collect_with_callback(heap_t *h, int generation)
{
    int quiet = h->quiet_events;
    h->quiet_events = 0;
    heap_print_flush(h); /* a collection print() started: its finalizers print after that text */
    event_t *e;
    heap_emit(h, EV_GC_START, NULL, NULL);
    e = (event_t *)event_log_get(&h->events, h->events.next_seq - 1);
    e->generation = generation;
    int64_t uncollectable = 0;
    int64_t n = collect_main(h, generation, &uncollectable);
    heap_emit(h, EV_GC_STOP, NULL, NULL);
    e = (event_t *)event_log_get(&h->events, h->events.next_seq - 1);
    e->generation = generation;
    e->collected = (uint32_t)n;
    e->uncollectable = (uint32_t)uncollectable;
    h->quiet_events = quiet;
    return n;
}

/* gc_collect_generations() (3.10-3.12 Modules/gcmodule.c; 3.13 Python/gc.c
 * gc_select_generation()): the oldest generation over its threshold, but
 * the oldest only once the gen-1 survivors since the last full collection
 * (long_lived_pending) are a quarter of its survivors (long_lived_total,
 * the interpreter's with the session's: interp_survivors()) */
static void collect_generations(heap_t *h)
{
    gc_state_t *gc = &h->gc;
    for (int i = NUM_GENERATIONS - 1; i >= 0; i--) {
        if (gc->count[i] > gc->threshold[i]) {
            if (i == NUM_GENERATIONS - 1 && gc->long_lived_pending < gc->long_lived_total / 4)
                continue;
            collect_with_callback(h, i);
            break;
        }
    }
}

void gc_on_alloc(heap_t *h)
{
    gc_state_t *gc = &h->gc;
    gc->count[0]++;
    if (gc->count[0] > gc->threshold[0] && gc->enabled && gc->threshold[0] && !gc->collecting) {
        if (h->prof->gc_deferred) { /* 3.12+: _Py_ScheduleGC, run at the eval breaker */
            gc->scheduled = true;
            return;
        }
        gc->collecting = true;
        collect_generations(h);
        gc->collecting = false;
    }
}

void gc_on_free(heap_t *h)
{
    if (h->gc.count[0] > 0)
        h->gc.count[0]--;
}

void gc_run_scheduled(heap_t *h)
{
    gc_state_t *gc = &h->gc;
    if (!gc->scheduled)
        return;
    gc->scheduled = false;
    if (gc->enabled && !gc->collecting) {
        gc->collecting = true;
        collect_generations(h);
        gc->collecting = false;
    }
}

int64_t gc_collect(heap_t *h, int generation)
{
    if (h->gc.collecting)
        return 0;
    h->gc.collecting = true;
    int64_t n = collect_with_callback(h, generation);
    h->gc.collecting = false;
    return n;
}

/* gc.freeze(): everything tracked moves to the permanent generation, and
 * every generation's count starts again (gc_freeze_impl(): generations[i].count = 0) */
void gc_freeze(heap_t *h)
{
    h->gc.interp_frozen = true; /* the interpreter's objects go too: interp_survivors() */
    h->gc.weakref_frozen = h->weakref_imported;
    h->unit_frozen |= h->in_unit; /* (exec.c: a class of the unit that runs later) */
    for (int i = 0; i < NUM_GENERATIONS; i++) {
        set_gen(h, gc_gen_list(h, i), GEN_PERMANENT);
        list_merge(h, gc_gen_list(h, i), gc_gen_list(h, GEN_PERMANENT));
        h->gc.count[i] = 0;
    }
}

void gc_unfreeze(heap_t *h)
{
    h->gc.interp_frozen = h->gc.weakref_frozen = false;
    h->gc.unfreezes++;
    set_gen(h, gc_gen_list(h, GEN_PERMANENT), NUM_GENERATIONS - 1);
    list_merge(h, gc_gen_list(h, GEN_PERMANENT), gc_gen_list(h, NUM_GENERATIONS - 1));
}
