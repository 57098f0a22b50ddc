/*
 * set.c — set and frozenset (mirrors Objects/setobject.c of 3.11), with
 * its open addressing, linear probes and perturbation, so that iteration
 * order — and so repr and release order — is CPython's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "method.h"
#include "pycall.h"
#include "mem.h"
#include "repr.h"
#include "weakref.h"
#include "mem.h"

#define MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
/* Table slots a walk reads for a unit of the budget: a table never shrinks
 * on discard, so one member can sit in 524,288 slots (8 MB), which `==`,
 * iteration and merging read whole (0.85 ns a slot measured; `==` of two
 * lists of 900 such sets ran 0.24 s for one unit a set). */
#define SLOTS_PER_UNIT 8

/* Pays for reading the whole of s's table; false (the `budget` error set)
 * once the budget is spent */
size_t set_walk_units(const obj_t *s)
{
    return (s->u.set.mask + 1) / SLOTS_PER_UNIT;
}

static bool pay_table(heap_t *h, const obj_t *s)
{
    return heap_work(h, (int64_t)set_walk_units(s));
}

obj_t *set_new(heap_t *h, kind_t kind)
{
    obj_t *s = heap_new_object(h, kind, (size_t)h->prof->set_base);
    s->u.set.table = xcalloc(MINSIZE, sizeof(set_entry_t));
    s->u.set.mask = MINSIZE - 1;
    s->u.set.hash = -1;
    heap_account_growable(h, s, 3, 1); /* set_table_resize(): used * 4 */
    heap_emit(h, EV_CREATED, s, NULL);
    gc_track(h, s); /* PyType_GenericAlloc tracks at once */
    return s;
}

/* The undo record of the one set set.update() is changing: a budget spent
 * midway (the probes of members whose hashes collide pay as they go, and
 * their cost is known only as they run) puts the set back as it was, so
 * that `422 budget` changes nothing; it left the members added before it
 * (30,000 colliding ints: 1,726 of them, behind an answer that said the
 * statement did nothing). Another error leaves them, as CPython does. The
 * table before the first resize is kept whole; until then each slot filled
 * is noted. The heap holds it while the update runs (h->set_undo): a
 * statement abandoned by heap_panic() leaves it only in a heap that runs
 * nothing more. */
typedef struct set_undo {
    obj_t *set;
    set_entry_t *table; /* the table before the first resize, or NULL */
    size_t mask, fill, used;
    struct undo_slot {
        size_t i;        /* a slot of the table filled while no resize ran */
        set_entry_t was; /* what it held (nothing, or a dummy) */
        obj_t *key;      /* the reference the set took */
    } * slots;
    size_t n, cap;
} set_undo_t;

static void undo_note(heap_t *h, obj_t *s, size_t i, set_entry_t was, obj_t *key)
{
    set_undo_t *undo = h->set_undo;
    if (!undo || undo->set != s)
        return;
    if (undo->n == undo->cap) {
        undo->cap = undo->cap ? undo->cap * 2 : 64;
        undo->slots = xrealloc(undo->slots, undo->cap * sizeof *undo->slots);
    }
    undo->slots[undo->n++] = (struct undo_slot){i, was, key};
}

/* mirrors set_insert_clean(): the table has no dummies and no equal key;
 * the slot it filled */
static size_t insert_clean(set_entry_t *table, size_t mask, obj_t *key, int64_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        set_entry_t *entry = &table[i];
        if (!entry->key)
            goto found;
        if (i + LINEAR_PROBES <= mask)
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (!entry->key)
                    goto found;
            }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        entry->key = key;
        entry->hash = hash;
        return (size_t)(entry - table);
    }
}

/* mirrors set_table_resize() */
static void table_resize(heap_t *h, obj_t *s, size_t minused)
{
    size_t newsize = MINSIZE;
    while (newsize <= minused)
        newsize <<= 1;
    set_entry_t *old = s->u.set.table;
    size_t oldmask = s->u.set.mask;
    set_entry_t *table = xcalloc(newsize, sizeof *table);
    for (size_t i = 0; i <= oldmask; i++)
        if (old[i].key && old[i].key != SET_DUMMY)
            insert_clean(table, newsize - 1, old[i].key, old[i].hash);
    set_undo_t *undo = h->set_undo;
    if (undo && undo->set == s && !undo->table) {
        /* kept as it was when the update began: the slots filled since are
         * emptied again (their keys' references now are the new table's) */
        for (size_t k = undo->n; k-- > 0;)
            old[undo->slots[k].i] = undo->slots[k].was;
        undo->table = old;
    } else {
        free(old);
    }
    s->u.set.table = table;
    s->u.set.mask = newsize - 1;
    s->u.set.fill = s->u.set.used;
    heap_account_growable(h, s, 3, 1);
}

/* mirrors set_add_entry(): a key that is not there goes into the last dummy
 * the probe passed before the unused slot that ended it
 * (found_unused_or_dummy), and then fill does not grow */
int set_add(heap_t *h, obj_t *s, obj_t *key)
{
    int64_t hash;
    if (obj_hash(h, key, &hash) < 0)
        return -1;
    size_t mask = s->u.set.mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    set_entry_t *entry, *freeslot = NULL;
    for (;;) {
        entry = &s->u.set.table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                goto found_unused_or_dummy;
            if (entry->key == SET_DUMMY) {
                freeslot = entry; /* CPython keeps the last dummy passed, not the first */
            } else if (entry->hash == hash) {
                if (entry->key == key)
                    return 0; /* already present: the set keeps its key */
                obj_t *startkey = obj_newref(entry->key);
                int r = obj_eq(h, startkey, key);
                obj_decref(h, startkey);
                if (r != 0)
                    return r < 0 ? -1 : 0;
            }
            entry++;
        } while (probes--);
        if (!heap_work(h, 1))
            return -1;
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        undo_note(h, s, (size_t)(freeslot - s->u.set.table), *freeslot, key);
        s->u.set.used++;
        freeslot->key = obj_newref(key);
        freeslot->hash = hash;
        return 0;
    }
    undo_note(h, s, (size_t)(entry - s->u.set.table), *entry, key);
    s->u.set.fill++;
    s->u.set.used++;
    entry->key = obj_newref(key);
    entry->hash = hash;
    if (s->u.set.fill * 5 < mask * 3)
        return 0;
    table_resize(h, s, s->u.set.used > 50000 ? s->u.set.used * 2 : s->u.set.used * 4);
    return 0;
}

/* mirrors set_merge() into a set that may be empty; other's table is paid
 * for before s changes */
void set_merge(heap_t *h, obj_t *s, obj_t *other)
{
    if (other == s || other->u.set.used == 0)
        return;
    if (!pay_table(h, other))
        return;
    if ((s->u.set.fill + other->u.set.used) * 5 >= s->u.set.mask * 3)
        table_resize(h, s, (s->u.set.used + other->u.set.used) * 2);
    if (s->u.set.fill == 0 && s->u.set.mask == other->u.set.mask && other->u.set.fill == other->u.set.used) {
        for (size_t i = 0; i <= other->u.set.mask; i++)
            if (other->u.set.table[i].key) {
                undo_note(h, s, i, s->u.set.table[i], other->u.set.table[i].key);
                s->u.set.table[i].key = obj_newref(other->u.set.table[i].key);
                s->u.set.table[i].hash = other->u.set.table[i].hash;
            }
        s->u.set.fill = other->u.set.fill;
        s->u.set.used = other->u.set.used;
        return;
    }
    if (s->u.set.fill == 0) {
        s->u.set.fill = s->u.set.used = other->u.set.used;
        for (size_t i = 0; i <= other->u.set.mask; i++) {
            set_entry_t *e = &other->u.set.table[i];
            if (e->key && e->key != SET_DUMMY)
                undo_note(h, s, insert_clean(s->u.set.table, s->u.set.mask, obj_newref(e->key), e->hash),
                          (set_entry_t){NULL, 0}, e->key);
        }
        return;
    }
    for (size_t i = 0; i <= other->u.set.mask; i++) {
        set_entry_t *e = &other->u.set.table[i];
        if (e->key && e->key != SET_DUMMY && set_add(h, s, e->key) < 0)
            return;
    }
}

/* mirrors set_lookkey(): the entry holding key, NULL when absent (*err 0)
 * or when a comparison raised (*err -1) */
static set_entry_t *set_lookup(heap_t *h, obj_t *s, obj_t *key, int64_t hash, int *err)
{
    size_t mask = s->u.set.mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    *err = 0;
    for (;;) {
        set_entry_t *entry = &s->u.set.table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return NULL;
            if (entry->hash == hash && entry->key != SET_DUMMY) {
                if (entry->key == key)
                    return entry;
                obj_t *startkey = obj_newref(entry->key);
                int r = obj_eq(h, startkey, key);
                obj_decref(h, startkey);
                if (r < 0) {
                    *err = -1;
                    return NULL;
                }
                if (r > 0)
                    return entry;
            }
            entry++;
        } while (probes--);
        if (!heap_work(h, 1)) {
            *err = -1;
            return NULL;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* set_contains()/set_discard() of a set key: PyObject_Hash()'s TypeError,
 * made and cleared, then the lookup of make_new_set(&PyFrozenSet_Type,
 * key), a frozenset of its items the interpreter drops after it. Another
 * key is looked up as it is. NULL on an error (the budget, reading the
 * key's table). */
static obj_t *lookup_key(heap_t *h, obj_t *key)
{
    if (key->kind != K_SET)
        return key;
    exc_raised_and_cleared(h);
    h->quiet_events++;
    obj_t *tmp = heap_interp_made(h, set_new(h, K_FROZENSET));
    h->quiet_events--;
    set_merge(h, tmp, key);
    if (h->exc->status) {
        heap_interp_drop(h, tmp);
        return NULL;
    }
    return tmp;
}

/* The entry of lookup_key()'s k in s (NULL: none, or an error in *err) */
static set_entry_t *lookup_entry(heap_t *h, obj_t *s, obj_t *k, int *err)
{
    int64_t hash;
    *err = 0;
    if (obj_hash(h, k, &hash) < 0) {
        *err = -1;
        return NULL;
    }
    return set_lookup(h, s, k, hash, err);
}

int set_contains(heap_t *h, obj_t *s, obj_t *key)
{
    obj_t *k = lookup_key(h, key);
    if (!k)
        return -1;
    int err;
    set_entry_t *e = lookup_entry(h, s, k, &err);
    if (k != key)
        heap_interp_drop(h, k);
    return err ? -1 : e != NULL;
}

/* mirrors set_discard_entry(): the slot becomes a dummy, the table never
 * shrinks; 1 when found, 0 when not, -1 on error */
int set_discard(heap_t *h, obj_t *s, obj_t *key)
{
    obj_t *k = lookup_key(h, key);
    if (!k)
        return -1;
    int err;
    set_entry_t *e = lookup_entry(h, s, k, &err);
    int r = err ? err : e != NULL;
    if (e) {
        obj_t *old = e->key;
        e->key = SET_DUMMY;
        e->hash = -1;
        s->u.set.used--;
        obj_decref(h, old);
    }
    if (k != key)
        heap_interp_drop(h, k);
    return r;
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

/* mirrors frozenset_hash(): only active entries count (its corrections for
 * NULL and dummy slots cancel exactly what those slots contributed) */
int64_t frozenset_hash(obj_t *s)
{
    if (s->u.set.hash != -1)
        return s->u.set.hash;
    uint64_t hash = 0;
    for (size_t i = 0; i <= s->u.set.mask; i++) {
        set_entry_t *e = &s->u.set.table[i];
        if (e->key && e->key != SET_DUMMY)
            hash ^= shuffle_bits((uint64_t)e->hash);
    }
    hash ^= ((uint64_t)s->u.set.used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1)
        hash = 590923713UL;
    s->u.set.hash = (int64_t)hash;
    return s->u.set.hash;
}

/* The slots -------------------------------------------------------------------- */

static int set_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    for (size_t i = 0; i <= o->u.set.mask; i++) {
        obj_t *k = o->u.set.table[i].key;
        if (k && k != SET_DUMMY && (r = visit(k, arg)) != 0)
            return r;
    }
    return 0;
}

static void set_free(obj_t *o)
{
    free(o->u.set.table);
}

static void release_table(heap_t *h, set_entry_t *t, size_t mask)
{
    for (size_t i = 0; i <= mask; i++)
        if (t[i].key && t[i].key != SET_DUMMY)
            obj_decref(h, t[i].key);
    free(t);
}

/* set_clear_internal(): back to an empty small table, then release */
static void set_clear(heap_t *h, obj_t *o)
{
    set_entry_t *t = o->u.set.table;
    size_t mask = o->u.set.mask;
    o->u.set.table = xcalloc(MINSIZE, sizeof(set_entry_t));
    o->u.set.mask = MINSIZE - 1;
    o->u.set.fill = o->u.set.used = 0;
    heap_account_size(h, o);
    release_table(h, t, mask);
}

/* set_dealloc(): weakrefs cleared (callbacks run) first */
static void set_dealloc(heap_t *h, obj_t *o)
{
    weakref_clear_all(h, o);
    heap_emit(h, EV_DESTROYED, o, NULL);
    set_entry_t *t = o->u.set.table;
    o->u.set.table = NULL;
    release_table(h, t, o->u.set.mask);
    heap_release_object(h, o, NULL);
}

static int64_t set_size(const heap_t *h, const obj_t *o)
{
    int64_t base = h->prof->set_base;
    return o->u.set.mask + 1 == MINSIZE ? base : base + 16 * (int64_t)(o->u.set.mask + 1);
}

static obj_t **set_weaklist(obj_t *o)
{
    return &o->u.set.wr_head;
}

static int frozenset_hash_slot(heap_t *h, obj_t *o, int64_t *out)
{
    *out = frozenset_hash(o);
    return 0;
}

static bool is_anyset(const obj_t *o)
{
    return o->kind == K_SET || o->kind == K_FROZENSET;
}

/* set_richcompare() for ==: a set and a frozenset compare by members */
static int set_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (!is_anyset(b))
        return NOT_IMPLEMENTED;
    if (a->u.set.used != b->u.set.used)
        return 0;
    if (a->kind == K_FROZENSET && b->kind == K_FROZENSET && a->u.set.hash != -1 && b->u.set.hash != -1 &&
        a->u.set.hash != b->u.set.hash)
        return 0;
    /* set_issubset(): each member of a looked up in b by its stored hash */
    if (!pay_table(h, a))
        return -1;
    for (size_t i = 0; i <= a->u.set.mask; i++) {
        set_entry_t *e = &a->u.set.table[i];
        if (!e->key || e->key == SET_DUMMY)
            continue;
        obj_t *key = obj_newref(e->key);
        int err;
        set_entry_t *found = set_lookup(h, b, key, e->hash, &err);
        obj_decref(h, key);
        if (err)
            return -1;
        if (!found)
            return 0;
    }
    return 1;
}

/* set_repr(): "{...}", "set()", "frozenset({...})", recursion "set(...)".
 * The braces are repr(list(so)) with its brackets swapped: that repr is a
 * recursion level of its own between the set and its members. */
static void set_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    const char *name = obj_type_name(o);
    bool frozen = o->kind == K_FROZENSET;
    if (!repr_enter(r, o)) { /* before the empty set's shortcut, as set_repr() does */
        sb_printf(&r->sb, "%s(...)", name);
        return;
    }
    if (o->u.set.used == 0) {
        repr_leave(r, o);
        sb_printf(&r->sb, "%s()", name);
        return;
    }
    if (!repr_descend(r)) {
        repr_leave(r, o);
        return;
    }
    /* keys = PySequence_List(so), whose repr this is: a statement's repr
     * makes it (a GC allocation) and releases it after (to the list free
     * list); a descriptor's does not */
    obj_t *keys = r->budgeted ? list_new(h, 0, true) : NULL;
    if (keys && !h->prof->list_extend_sized) { /* list_extend()'s iterator path: a set_iterator */
        gc_on_alloc(h);
        gc_on_free(h);
    }
    if (frozen)
        sb_printf(&r->sb, "%s(", name);
    sb_putc(&r->sb, '{');
    bool first = true;
    for (size_t i = 0; i <= o->u.set.mask && !repr_full(r); i++) {
        repr_step(r);
        obj_t *k = o->u.set.table[i].key;
        if (!k || k == SET_DUMMY)
            continue;
        if (!first)
            sb_puts(&r->sb, ", ");
        first = false;
        if (r->budgeted) /* (PySequence_List()'s reference: a collection within may discard it) */
            obj_incref(k);
        repr_obj(r, k);
        if (r->budgeted)
            obj_decref(h, k);
    }
    sb_putc(&r->sb, '}');
    if (frozen)
        sb_putc(&r->sb, ')');
    r->depth--;
    if (keys)
        obj_decref(h, keys);
    repr_leave(r, o);
}

static int set_len(heap_t *h, obj_t *o, int64_t *out)
{
    *out = (int64_t)o->u.set.used;
    return 0;
}

/* The methods the sandbox runs, iteration ---------------------------------------- */

/* set.pop() (set_pop()): the first member from the finger on, wrapping
 * round; its slot becomes a dummy and the finger moves past it */
static obj_t *set_m_pop(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    if (s->u.set.used == 0) {
        exc_set(h->exc, ST_PYEXC, "KeyError", "'pop from an empty set'");
        return NULL;
    }
    size_t mask = s->u.set.mask, i = s->u.set.finger & mask, walked = 0;
    while (!s->u.set.table[i].key || s->u.set.table[i].key == SET_DUMMY) {
        i = i == mask ? 0 : i + 1;
        walked++;
    }
    if (!heap_work(h, (int64_t)(walked / SLOTS_PER_UNIT))) /* before anything changes */
        return NULL;
    obj_t *k = s->u.set.table[i].key;
    s->u.set.table[i].key = SET_DUMMY;
    s->u.set.table[i].hash = -1;
    s->u.set.used--;
    s->u.set.finger = (uint32_t)(i + 1);
    return k;
}

/* set.clear() (set_clear_internal(), the type's tp_clear) */
static obj_t *set_m_clear(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    TYPE(s)->clear(h, s);
    return obj_newref(h->none);
}

/* set_update_internal(): a set or frozenset merged (set_merge()); a dict's
 * keys after one resize for all of them; any other iterable's items added
 * one by one (set_add_key()) */
static int update_internal(heap_t *h, obj_t *s, obj_t *other)
{
    if (other->kind == K_SET || other->kind == K_FROZENSET) {
        set_merge(h, s, other);
        return h->exc->status ? -1 : 0;
    }
    py_iter_t it; /* opened first: opening pays for reading the dict, before s is resized */
    if (py_iter_open(h, other, &it) < 0)
        return -1;
    if (other->kind == K_DICT) {
        size_t n = dict_len(other);
        if ((s->u.set.fill + n) * 5 >= (size_t)s->u.set.mask * 3)
            table_resize(h, s, (s->u.set.used + n) * 2);
    }
    obj_t *x;
    int r;
    while ((r = py_iter_next(h, &it, &x)) > 0) {
        r = set_add(h, s, x);
        obj_decref(h, x);
        if (r < 0)
            break;
    }
    py_iter_close(h, &it);
    return r < 0 ? -1 : 0;
}

/* The iterables set.update() runs: sets, dicts, and those the iterator
 * protocol runs here without library code */
static bool update_runs(const obj_t *o)
{
    switch (o->kind) {
    case K_SET:
    case K_FROZENSET:
    case K_DICT:
    case K_LIST:
    case K_TUPLE:
    case K_STR:
    case K_BYTES: return true;
    default: return false;
    }
}

/* update_internal()'s paths that iterate: all but set_merge() */
static bool update_iterates(const obj_t *o)
{
    return o->kind != K_SET && o->kind != K_FROZENSET;
}

/* Puts the set back as it was when the update began: the table before the
 * first resize, or each slot filled since; the references it took go. */
static void undo_rollback(heap_t *h, set_undo_t *u)
{
    obj_t *s = u->set;
    if (u->table) {
        free(s->u.set.table); /* its old keys' references return to the kept table */
        s->u.set.table = u->table;
        s->u.set.mask = u->mask;
        u->table = NULL;
    } else {
        for (size_t k = u->n; k-- > 0;)
            s->u.set.table[u->slots[k].i] = u->slots[k].was;
    }
    s->u.set.fill = u->fill;
    s->u.set.used = u->used;
    heap_account_size(h, s);
    for (size_t k = u->n; k-- > 0;)
        obj_decref(h, u->slots[k].key); /* the source still holds each */
}

static obj_t *set_update_all(heap_t *h, obj_t *s, obj_t **args, size_t n);

/* set.update(*others) (set_update()), undone when the budget stops it */
static obj_t *set_m_update(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    obj_t *packed = tuple_call_args(h, args, n); /* METH_VARARGS (3.13: Argument Clinic's *others) */
    set_undo_t u = {.set = s, .mask = s->u.set.mask, .fill = s->u.set.fill, .used = s->u.set.used};
    set_undo_t *outer = h->set_undo;
    h->set_undo = &u;
    obj_t *r = set_update_all(h, s, args, n);
    h->set_undo = outer;
    if (!r && h->exc->status == ST_BUDGET)
        undo_rollback(h, &u);
    free(u.table);
    free(u.slots);
    tuple_call_args_end(h, packed);
    return r;
}

/* set_update(): what those before the first it refuses may add is known to
 * fit before the first is merged (a table of at most 8 slots of 16 bytes an
 * item) */
static obj_t *set_update_all(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    size_t run = 0;
    while (run < n && update_runs(args[run]))
        run++;
    if (!container_fill_room(h, args, run, 128, 0, update_iterates))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!update_runs(args[i])) {
            py_iter_t it; /* PyObject_GetIter()'s TypeError, or refused */
            if (py_iter_open(h, args[i], &it) < 0)
                return NULL;
            py_iter_close(h, &it);
            return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "set.update() of a '%.60s' object",
                           obj_tp_name(args[i])),
                   NULL;
        }
        if (update_internal(h, s, args[i]) < 0)
            return NULL;
    }
    return obj_newref(h->none);
}

/* set.copy() (make_new_set_basetype() + set_update_internal()): a new set
 * merged from this one */
static obj_t *set_m_copy(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    obj_t *c = set_new(h, K_SET);
    set_merge(h, c, s);
    if (h->exc->status) { /* the budget, for reading s's table */
        obj_decref(h, c);
        return NULL;
    }
    return c;
}

/* frozenset.copy() (frozenset_copy()): the frozenset itself */
static obj_t *frozenset_m_copy(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    return obj_newref(s);
}

static obj_t *set_m_add(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    return set_add(h, s, args[0]) < 0 ? NULL : obj_newref(h->none);
}

static obj_t *set_m_discard(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    return set_discard(h, s, args[0]) < 0 ? NULL : obj_newref(h->none);
}

static obj_t *set_m_remove(heap_t *h, obj_t *s, obj_t **args, size_t n)
{
    int r = set_discard(h, s, args[0]);
    if (r < 0)
        return NULL;
    if (r == 0) {
        dict_raise_key_error(h, args[0]);
        return NULL;
    }
    return obj_newref(h->none);
}

static const method_def_t set_methods[] = {
    {"pop", set_m_pop, METH_NOARGS, true},     {"add", set_m_add, METH_O, true},
    {"discard", set_m_discard, METH_O, true},  {"remove", set_m_remove, METH_O, true},
    {"clear", set_m_clear, METH_NOARGS, true}, {"update", set_m_update, METH_FASTCALL, true},
    {"copy", set_m_copy, METH_NOARGS, true},   {NULL, NULL, 0, false},
};

/* setiter_iternext(): "Set changed size during iteration" once it did */
static int set_next(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    obj_t *s = it->src;
    if ((int64_t)s->u.set.used != it->used) {
        it->used = -1;
        exc_set(h->exc, ST_PYEXC, "RuntimeError", "Set changed size during iteration");
        return -1;
    }
    for (; it->pos <= s->u.set.mask; it->pos++) {
        obj_t *key = s->u.set.table[it->pos].key;
        if (key && key != SET_DUMMY) {
            it->pos++;
            *a = obj_newref(key);
            return 1;
        }
    }
    return 0;
}

static int set_iter(heap_t *h, obj_t *s, py_iter_t *it)
{
    if (!pay_table(h, s)) /* the steps pay for the members, this for the empty slots */
        return -1;
    py_iter_start(it, s, set_next);
    it->used = (int64_t)s->u.set.used;
    return 0;
}

static void set_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    for (size_t i = 0; i <= o->u.set.mask; i++) {
        obj_t *k = o->u.set.table[i].key;
        if (k && k != SET_DUMMY && !fn(EDGE_MEMBER, "member", k->addr, arg))
            return;
    }
}

/* _PyCode_ConstantKey() of a frozenset is (a frozenset of its items' keys,
 * the frozenset): equal ones whose items pair off with equal keys, each
 * item's key its type and value (0 and -0.0, 0 and False, 1 and 1.0 are
 * equal items of other keys: {0, 5e-324} and {-0.0, 5e-324} are two
 * constants) */
static bool frozenset_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    if (a->u.set.used != b->u.set.used || obj_eq(h, (obj_t *)a, (obj_t *)b) != 1)
        return false;
    for (size_t i = 0; i <= a->u.set.mask; i++) {
        const set_entry_t *e = &a->u.set.table[i];
        if (!e->key || e->key == SET_DUMMY)
            continue;
        int err;
        const set_entry_t *m = set_lookup(h, (obj_t *)b, e->key, e->hash, &err);
        if (!m || !obj_same_const(h, m->key, e->key))
            return false;
    }
    return true;
}

#define FROZENSET_ATTRS                                                                                      \
    ATTR_M("copy"), ATTR_M("difference"), ATTR_M("intersection"), ATTR_M("isdisjoint"), ATTR_M("issubset"),  \
        ATTR_M("issuperset"), ATTR_M("symmetric_difference"), ATTR_M("union")
static const attr_def_t frozenset_attrs[] = {FROZENSET_ATTRS, ATTR_END};
static const attr_def_t set_attrs[] = {FROZENSET_ATTRS,
                                       ATTR_M("add"),
                                       ATTR_M("clear"),
                                       ATTR_M("difference_update"),
                                       ATTR_M("discard"),
                                       ATTR_M("intersection_update"),
                                       ATTR_M("pop"),
                                       ATTR_M("remove"),
                                       ATTR_M("symmetric_difference_update"),
                                       ATTR_M("update"),
                                       ATTR_END};

/* set_sub() / set_isub() of two sets (a difference heapd does not run);
 * sets have no nb_add, and set_sub() of another type is NotImplemented */
static obj_t *set_binop(heap_t *h, obj_t *a, obj_t *b, int op)
{
    bool sets = (a->kind == K_SET || a->kind == K_FROZENSET) && (b->kind == K_SET || b->kind == K_FROZENSET);
    return op == '-' && sets ? py_binop_unsupported(h, a, b, op) : PY_NOTIMPL;
}

const type_ops_t set_type = {
    .nb_inplace = set_binop,
    .nb_binop = set_binop,
    .name = "set",
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE,
    .dealloc = set_dealloc,
    .free_payload = set_free,
    .traverse = set_traverse,
    .clear = set_clear,
    .size = set_size,
    .weaklist = set_weaklist,
    .eq = set_eq,
    .repr = set_repr,
    .len = set_len,
    .contains = set_contains,
    .methods = set_methods,
    .iter = set_iter,
    .edges = set_edges,
    .attrs = set_attrs,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};

static const method_def_t frozenset_methods[] = {
    {"copy", frozenset_m_copy, METH_NOARGS, true},
    {NULL, NULL, 0, false},
};

const type_ops_t frozenset_type = {
    .nb_binop = set_binop,
    .name = "frozenset",
    .same_const = frozenset_same_const,
    .flags = TF_GC | TF_TRASHCAN | TF_SEQUENCE,
    .dealloc = set_dealloc,
    .free_payload = set_free,
    .traverse = set_traverse,
    .clear = set_clear,
    .size = set_size,
    .weaklist = set_weaklist,
    .hash = frozenset_hash_slot,
    .eq = set_eq,
    .repr = set_repr,
    .len = set_len,
    .contains = set_contains,
    .iter = set_iter,
    .edges = set_edges,
    .attrs = frozenset_attrs,
    .methods = frozenset_methods,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
