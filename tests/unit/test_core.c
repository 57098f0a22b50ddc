/*
 * test_core.c — unit tests of the engine through its public API (heap.h).
 * Expected numbers are CPython 3.11's (see ../shared/cpython-memory-facts.md);
 * the differential suite checks many more against the live interpreter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "str.h"

static heap_t *H;

static int setup(void **state)
{
    heap_limits_t lim = {0, 0, 0};
    H = heap_new("3.11", 0, &lim);
    return H ? 0 : -1;
}

static int teardown(void **state)
{
    heap_free(H);
    return 0;
}

static spec_t *v_int(int64_t i)
{
    spec_t *s = spec_new(SP_INT);
    s->i = i;
    return s;
}
static spec_t *v_str(const char *t)
{
    spec_t *s = spec_new(SP_STR);
    s->text = strdup(t);
    s->len = strlen(t);
    return s;
}
static spec_t *v_ref(const char *path)
{
    spec_t *s = spec_new(SP_REF);
    s->ref.path = strdup(path);
    return s;
}
static spec_t *v_inst(const char *cls)
{
    spec_t *s = spec_new(SP_INSTANCE);
    s->text = strdup(cls);
    return s;
}
static spec_t *v_list(int n)
{
    spec_t *s = spec_new(SP_LIST);
    for (int i = 0; i < n; i++)
        spec_append(s, v_int(i + 1));
    return s;
}

/* Runs a statement and returns its status; the result lands in *res. */
static status_t run(heap_stmt_t *st, heap_result_t *res, exc_t *exc)
{
    status_t s = heap_exec(H, st, res, exc);
    spec_free(st->value);
    spec_free(st->key);
    st->value = st->key = NULL;
    return s;
}

static void create(const char *name, spec_t *v)
{
    heap_stmt_t st = {.op = OP_CREATE, .name = name, .value = v};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
}

static void cls(const char *name, int finalizer)
{
    heap_classdef_t d = {.finalizer = finalizer};
    heap_stmt_t st = {.op = OP_CLASS, .name = name, .classdef = &d};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
}

static int64_t int_op(op_t op, const char *path)
{
    heap_stmt_t st = {.op = op, .a = {.path = path}};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    return r.i;
}

static void link_attr(const char *from, const char *attr, const char *to)
{
    heap_stmt_t st = {.op = OP_LINK, .a = {.path = from}, .link = LK_ATTR, .attr = attr, .value = v_ref(to)};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
}

static void del(const char *name)
{
    const char *names[] = {name};
    heap_stmt_t st = {.op = OP_DEL, .names = names, .nnames = 1};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
}

static int64_t collect(void)
{
    heap_stmt_t st = {.op = OP_COLLECT, .generation = 2};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    return r.i;
}

/* The kinds of the events since seq, as a string like "finalized,weakref_callback". */
static void events_since(uint64_t seq, const char *only, char *out, size_t n)
{
    const event_log_t *log = heap_events(H);
    out[0] = 0;
    for (uint64_t s = seq; s < log->next_seq; s++) {
        const event_t *e = event_log_get(log, s);
        const char *k = event_kind_name(e->kind);
        if (only && !strstr(only, k))
            continue;
        if (out[0])
            strncat(out, ",", n - strlen(out) - 1);
        strncat(out, k, n - strlen(out) - 1);
    }
}

static void test_str_hash_matches_cpython_seed0(void **state)
{
    /* PYTHONHASHSEED=0 python3.11 -c "print(hash('a'), hash('hello'), hash(b'abc'))" */
    assert_true(hash_bytes("a", 1) == 4644417185603328019LL);
    assert_true(hash_bytes("hello", 5) == -2096571579003691106LL);
    assert_true(hash_bytes("abc", 3) == -4594863902769663758LL);
}

/* core/addrmap.c: ids past the table's size wrapped onto one probe run
 * that every insertion walked (24,000 dict items after 66,000 frees: 10 s);
 * the runs stay short whatever was freed before (was tests/e2e's timed
 * creating_after_freeing_many_objects_stays_fast) */
static void test_id_index_runs_stay_short_after_frees(void **state)
{
    spec_t *pairs = spec_new(SP_LIST);
    for (int i = 0; i < 33000; i++) {
        spec_t *p = spec_new(SP_LIST);
        spec_append(p, v_int(i));
        spec_append(p, v_str("s"));
        spec_append(pairs, p);
    }
    spec_t *items = spec_new(SP_DICT);
    for (int i = 0; i < 24000; i++) {
        spec_t *v = spec_new(SP_LIST);
        spec_append(v, v_int(i));
        spec_append(items, v_int(i));
        spec_append(items, v);
    }
    spec_t *values[] = {v_list(99990), pairs, items};
    for (size_t k = 0; k < 3; k++) {
        create("a", values[k]);
        /* 352, 1,473 and 1,520 slots (tombstones included) in tables of
         * 262,144; 53,870 with the address itself as the hash */
        assert_in_range(heap_id_index_longest_run(H), 1, 8192);
    }
}

static void test_sizes_of_scalars(void **state)
{
    create("z", v_int(0));
    assert_int_equal(int_op(OP_SIZEOF, "z"), 28);
    spec_t *big = spec_new(SP_BIGINT);
    big->text = strdup("1267650600228229401496703205376"); /* 2**100 */
    create("b", big);
    assert_int_equal(int_op(OP_SIZEOF, "b"), 40);
    create("s", v_str("hello"));
    assert_int_equal(int_op(OP_SIZEOF, "s"), 54);
    create("e", v_str("\xe2\x82\xac")); /* '€' */
    assert_int_equal(int_op(OP_SIZEOF, "e"), 76);
}

/* heap_names_version(): what api.c's modules_bound() caches on. Every
 * store, rebinding and delete of a name changes it; reads do not */
static void test_names_version_follows_every_binding(void **state)
{
    uint32_t v0 = heap_names_version(H);
    create("a", v_int(1));
    uint32_t v1 = heap_names_version(H);
    assert_true(v1 != v0);
    assert_int_equal(int_op(OP_SIZEOF, "a"), 28); /* a read */
    assert_true(heap_name_bound(H, "a") && !heap_name_bound(H, "gc"));
    assert_true(heap_names_version(H) == v1);
    create("a", v_int(2)); /* the same name rebound */
    uint32_t v2 = heap_names_version(H);
    assert_true(v2 != v1);
    del("a");
    assert_true(heap_names_version(H) != v2);
}

static void test_list_append_growth(void **state)
{
    static const int expect[] = {88, 88, 88, 88, 120, 120, 120, 120, 184};
    create("x", spec_new(SP_LIST));
    assert_int_equal(int_op(OP_SIZEOF, "x"), 56);
    for (int i = 0; i < 9; i++) {
        heap_stmt_t st = {.op = OP_LINK, .a = {.path = "x"}, .link = LK_APPEND, .value = v_int(i)};
        heap_result_t r;
        exc_t e;
        assert_int_equal(run(&st, &r, &e), ST_OK);
        assert_int_equal(int_op(OP_SIZEOF, "x"), expect[i]);
    }
}

static void test_list_display_preallocation(void **state)
{
    create("c3", v_list(3)); /* LIST_EXTEND of a constant tuple: even */
    assert_int_equal(int_op(OP_SIZEOF, "c3"), 88);
    spec_t *names = spec_new(SP_LIST);
    for (int i = 0; i < 3; i++)
        spec_append(names, v_ref("c3"));
    create("n3", names); /* BUILD_LIST 3: exact */
    assert_int_equal(int_op(OP_SIZEOF, "n3"), 80);
}

static void test_dict_growth_and_kind(void **state)
{
    create("d", spec_new(SP_DICT));
    assert_int_equal(int_op(OP_SIZEOF, "d"), 64);
    for (int i = 0; i < 6; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        heap_stmt_t st = {
            .op = OP_LINK, .a = {.path = "d"}, .link = LK_KEY, .key = v_str(key), .value = v_int(i)};
        heap_result_t r;
        exc_t e;
        assert_int_equal(run(&st, &r, &e), ST_OK);
        assert_int_equal(int_op(OP_SIZEOF, "d"), i < 5 ? 184 : 272);
    }
}

/* typeobject.c type_add_members(): a member descriptor per slot, held by the
 * class's __dict__ and holding the class; `C.next` is that object */
static void test_member_descriptors_are_objects(void **state)
{
    const char *slots[] = {"val", "next"};
    heap_classdef_t d = {.slots = slots, .nslots = 2, .has_slots = true};
    heap_stmt_t st = {.op = OP_CLASS, .name = "C", .classdef = &d};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    assert_int_equal(int_op(OP_GETREFCOUNT, "C"), 5); /* its name, mro, two descriptors, the argument */
    assert_int_equal(int_op(OP_SIZEOF, "C.next"), 64);
    heap_stmt_t as = {.op = OP_ASSIGN, .name = "d", .value = v_ref("C.next")};
    assert_int_equal(run(&as, &r, &e), ST_OK);
    assert_int_equal(int_op(OP_GETREFCOUNT, "d"), 3); /* the class's __dict__, d, the argument */
    char *name = heap_name_of(H, r.id, "d");          /* no other name: the path through the class */
    assert_string_equal(name, "C.next");
    free(name);
    del("C");
    assert_int_equal(collect(), 0); /* d keeps the class alive, and its __dict__ d */
    assert_int_equal(int_op(OP_GETREFCOUNT, "d"), 3);
    del("d");
    /* the class, its mro, two descriptors and the __dict__ (the collection it
     * survived untracked its bases and __slots__ tuples): CPython 3.11's 5 */
    assert_int_equal(collect(), 5);
    char why[256];
    assert_true(heap_check(H, why, sizeof why));
}

static void test_refcounts_follow_bindings(void **state)
{
    create("a", v_list(3));
    assert_int_equal(int_op(OP_GETREFCOUNT, "a"), 2);
    heap_stmt_t st = {.op = OP_ASSIGN, .name = "b", .value = v_ref("a")};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    assert_int_equal(int_op(OP_GETREFCOUNT, "a"), 3);
    del("b");
    assert_int_equal(int_op(OP_GETREFCOUNT, "a"), 2);
}

static void test_cycle_collected_with_count_two(void **state)
{
    cls("Node", 0);
    create("a", v_inst("Node"));
    create("b", v_inst("Node"));
    link_attr("a", "partner", "b");
    link_attr("b", "partner", "a");
    const char *names[] = {"a", "b"};
    heap_stmt_t st = {.op = OP_DEL, .names = names, .nnames = 2};
    heap_result_t r;
    exc_t e;
    size_t live = heap_live_objects(H); /* the class, its subclass weakref, the name 'Node', the cycle */
    assert_int_equal(run(&st, &r, &e), ST_OK);
    assert_int_equal(heap_live_objects(H), live); /* the cycle keeps itself alive */
    assert_int_equal(collect(), 2);
    assert_int_equal(heap_live_objects(H), live - 2);
}

/* 3.10/3.11 count a GC allocation once its block is taken
 * (_PyObject_GC_Link() after PyObject_Malloc()): the automatic collection
 * it starts frees a dead cycle whose block the next object gets, not the
 * one that started it; and gc.set_threshold() (METH_VARARGS) makes an
 * argument tuple, counted. CPython 3.11.7 (`gc.collect();
 * gc.set_threshold(3); a = N(); a.me = a; del a; x = N(); y = N(); z =
 * N()`) gives z the id a had; heapd gave it y until 2026-12-03. */
static void test_collection_runs_after_the_triggering_block(void **state)
{
    cls("N", 0);
    collect();
    heap_gcset_t g = {.set_threshold = 1, .nthreshold = 1, .threshold = {3}};
    heap_stmt_t st = {.op = OP_GC, .gc = &g};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    create("a", v_inst("N"));
    link_attr("a", "me", "a");
    int64_t dead = int_op(OP_ID, "a");
    del("a");
    create("x", v_inst("N"));
    uint64_t seq = heap_events(H)->next_seq;
    create("y", v_inst("N"));
    char ev[256];
    events_since(seq, "gc_start", ev, sizeof ev);
    assert_string_equal(ev, "gc_start"); /* y's allocation passed the threshold */
    assert_int_not_equal(int_op(OP_ID, "y"), dead);
    create("z", v_inst("N"));
    assert_int_equal(int_op(OP_ID, "z"), dead);
}

static void test_refcount_path_finalizer_before_callback(void **state)
{
    char ev[256];
    cls("F", 1);
    create("o", v_inst("F"));
    heap_stmt_t st = {.op = OP_WEAKREF, .name = "w", .value = v_ref("o"), .callback = true};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    uint64_t seq = heap_events(H)->next_seq;
    del("o");
    events_since(seq, "finalized,weakref_callback", ev, sizeof ev);
    assert_string_equal(ev, "finalized,weakref_callback");
}

static void test_gc_path_callback_before_finalizer(void **state)
{
    char ev[256];
    cls("F", 1);
    create("a", v_inst("F"));
    create("b", v_inst("F"));
    link_attr("a", "p", "b");
    link_attr("b", "p", "a");
    heap_stmt_t st = {.op = OP_WEAKREF, .name = "w", .value = v_ref("a"), .callback = true};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    del("a");
    del("b");
    uint64_t seq = heap_events(H)->next_seq;
    assert_int_equal(collect(), 2);
    events_since(seq, "finalized,weakref_callback", ev, sizeof ev);
    assert_string_equal(ev, "weakref_callback,finalized,finalized");
}

static void test_resurrection_survives_once(void **state)
{
    cls("R", 2);
    create("a", v_inst("R"));
    create("b", v_inst("R"));
    link_attr("a", "p", "b");
    link_attr("b", "p", "a");
    del("a");
    del("b");
    assert_int_equal(collect(), 0);
    assert_int_equal(int_op(OP_LEN, "_resurrected"), 2);
}

static void test_name_error_leaves_earlier_deletes(void **state)
{
    create("a", v_int(1000));
    const char *names[] = {"a", "nope"};
    heap_stmt_t st = {.op = OP_DEL, .names = names, .nnames = 2};
    heap_result_t r;
    exc_t e;
    assert_int_equal(heap_exec(H, &st, &r, &e), ST_PYEXC);
    assert_string_equal(e.type, "NameError");
    assert_string_equal(e.message, "name 'nope' is not defined");
    heap_stmt_t get = {.op = OP_ID, .a = {.path = "a"}};
    assert_int_equal(heap_exec(H, &get, &r, &e), ST_PYEXC);
}

/* A statement that answers success has made its binding, whatever the
 * budget: the namespace's probes (which collide for short names on 3.10's
 * SipHash-2-4) once failed the store on a spent budget and left the name
 * unbound behind a 200. */
static void test_budget_never_drops_a_binding(void **state)
{
    const char *versions[] = {"3.10", "3.11", "3.12", "3.13"};
    for (int v = 0; v < 4; v++) {
        heap_limits_t lim = {0, 0, 0};
        heap_t *h = heap_new(versions[v], 0, &lim);
        for (int i = 0; i < 64; i++) {
            char name[16];
            snprintf(name, sizeof name, "n%d", i);
            heap_set_budget(h, 1);
            heap_stmt_t st = {.op = OP_CREATE, .name = name, .value = v_int(i)};
            heap_result_t r;
            exc_t e;
            status_t s = heap_exec(h, &st, &r, &e);
            spec_free(st.value);
            heap_set_budget(h, 1000000);
            heap_stmt_t get = {.op = OP_ID, .a = {.path = name}};
            status_t g = heap_exec(h, &get, &r, &e);
            if ((s == ST_OK) != (g == ST_OK))
                fail_msg("%s: `%s = %d` answered %d, then id(%s) %d", versions[v], name, i, s, name, g);
        }
        heap_free(h);
    }
}

/* n * (2**61 - 1): ints whose hashes are all 0, so a table of them is one
 * probe run (the decimal text of a big int spec) */
static spec_t *v_colliding_int(int n)
{
    unsigned __int128 v = (unsigned __int128)n * (((unsigned __int128)1 << 61) - 1);
    char buf[48], *p = buf + sizeof buf - 1;
    *p = 0;
    do {
        *--p = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    spec_t *s = spec_new(SP_BIGINT);
    s->text = strdup(p);
    s->len = strlen(p);
    return s;
}

/* The compiler's constants of a display of colliding ints (merged by
 * dedup(), the frozenset built and rebuilt) pay the budget and stop at it:
 * the frozenset was built with the budget set aside (a debt of millions of
 * units, 15 s for 30,000 items) and the merge paid nothing (a list display
 * of 20,000 ran 1.3 s and answered). */
static void test_colliding_constants_stop_at_the_budget(void **state)
{
    spec_kind_t forms[] = {SP_SET, SP_LIST, SP_FROZENSET};
    for (int f = 0; f < 3; f++) {
        spec_t *v = spec_new(forms[f]);
        for (int i = 0; i < 2000; i++)
            spec_append(v, v_colliding_int(i));
        heap_set_budget(H, 100000);
        heap_stmt_t st = {.op = OP_CREATE, .name = "x", .value = v};
        heap_result_t r;
        exc_t e;
        assert_int_equal(run(&st, &r, &e), ST_BUDGET);
        int64_t left = heap_budget_left(H);
        if (left < -100)
            fail_msg("form %d: the budget ran %lld units into debt", f, (long long)-left);
        heap_set_budget(H, 0);
        heap_stmt_t get = {.op = OP_ID, .a = {.path = "x"}};
        assert_int_equal(heap_exec(H, &get, &r, &e), ST_PYEXC); /* nothing was bound */
        assert_int_equal(heap_live_objects(H), 0);
    }
}

/* dict_equal() pays for each key's hash and lookup in the other dict, not
 * only for the values' comparisons: `==` of dicts of dicts sharing their
 * values (t_k = {'a': t_k-1, 'b': t_k-1}) ran 4 s on a budget priced for 1 */
static void test_dict_eq_pays_for_its_lookups(void **state)
{
    const char *sides[] = {"t", "u"};
    for (int s = 0; s < 2; s++)
        for (int k = 0; k <= 10; k++) {
            char name[8], prev[8];
            snprintf(name, sizeof name, "%s%d", sides[s], k);
            snprintf(prev, sizeof prev, "%s%d", sides[s], k - 1);
            spec_t *v = k ? spec_new(SP_DICT) : v_int(1);
            if (k) {
                spec_append(v, v_str("a"));
                spec_append(v, v_ref(prev));
                spec_append(v, v_str("b"));
                spec_append(v, v_ref(prev));
            }
            create(name, v);
        }
    heap_set_budget(H, 1000000000);
    heap_stmt_t st = {.op = OP_EQ, .a = {.path = "t10"}, .b = {.path = "u10"}};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_OK);
    assert_true(r.b);
    int64_t spent = 1000000000 - heap_budget_left(H);
    int64_t keys = 2 * ((1 << 10) - 1); /* each dict's two keys, 1,023 dicts compared */
    if (spent < 2 * keys)               /* and a unit for each dict compared */
        fail_msg("`==` compared %lld keys for %lld units", (long long)keys, (long long)spent);
    heap_set_budget(H, 0);
}

/* Units a statement spends (an unlimited budget is set again after). */
static int64_t units_of(heap_stmt_t *st, status_t want)
{
    heap_set_budget(H, 1000000000);
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(st, &r, &e), want);
    int64_t spent = 1000000000 - heap_budget_left(H);
    heap_set_budget(H, 0);
    return spent;
}

/* A set or dict keeps its table at its largest when members go: one member
 * left of 4,096 sits in 8,192 slots, which `==`, iteration, copies and the
 * collector read whole. They pay a unit per 8 slots (and the collector per
 * 64 bytes of a tracked object): `==` of two lists of 900 references to
 * such a set (of 200,000) ran 0.24 s for 900 units, and a batch of 100
 * of them 24 s. */
static void test_sparse_tables_pay_for_their_slots(void **state)
{
    for (int kind = 0; kind < 2; kind++) {
        spec_t *v = spec_new(kind ? SP_DICT : SP_SET);
        for (int i = 1; i <= 4096; i++) {
            spec_append(v, v_int(i * 1000));
            if (kind) /* the one kept holds a list: the dict is tracked */
                spec_append(v, i == 1 ? spec_new(SP_LIST) : v_int(0));
        }
        create("s", v);
        for (int i = 2; i <= 4096; i++) {
            heap_stmt_t st = {.op = OP_UNLINK,
                              .a = {.path = "s"},
                              .link = kind ? LK_KEY : LK_DISCARD,
                              .key = v_int(i * 1000)};
            heap_result_t r;
            exc_t e;
            assert_int_equal(run(&st, &r, &e), ST_OK);
        }
        spec_t *one = spec_new(kind ? SP_DICT : SP_SET);
        spec_append(one, v_int(1000));
        if (kind)
            spec_append(one, spec_new(SP_LIST));
        create("t", one);
        heap_stmt_t eq = {.op = OP_EQ, .a = {.path = "s"}, .b = {.path = "t"}};
        int64_t spent = units_of(&eq, ST_OK);
        if (spent < 4096 / 8)
            fail_msg("%s: `==` read a table of 4,096 entries or more for %lld units", kind ? "dict" : "set",
                     (long long)spent);
        heap_stmt_t ext = {.op = OP_CREATE, .name = "l", .value = spec_new(SP_LIST)};
        heap_result_t r;
        exc_t e;
        assert_int_equal(run(&ext, &r, &e), ST_OK);
        const char *names[] = {"l", "s", "t"};
        heap_stmt_t gc = {.op = OP_COLLECT, .generation = 2};
        spent = units_of(&gc, ST_OK);
        if (spent < 4096 * 16 / 64)
            fail_msg("%s: a collection traversing a table of 4,096 entries or more cost %lld units",
                     kind ? "dict" : "set", (long long)spent);
        heap_stmt_t d = {.op = OP_DEL, .names = names, .nnames = 3};
        assert_int_equal(run(&d, &r, &e), ST_OK);
    }
}

/* Naming an id for the script walks the namespace, and the holes `del`
 * leaves in it (each name's entry stays until the next resize) pay too:
 * 300,000 names bound and deleted made each id of a batch walk them, 0.27 s
 * for 1,000 ids, for a unit a live name */
static void test_naming_an_id_pays_for_the_namespace_holes(void **state)
{
    spec_t *outer = spec_new(SP_LIST);
    spec_append(outer, spec_new(SP_LIST));
    create("keep", outer);
    char names[4096][16];
    const char *all[4096];
    for (int i = 0; i < 4096; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        all[i] = names[i];
        create(names[i], v_int(1));
    }
    heap_stmt_t d = {.op = OP_DEL, .names = all, .nnames = 4096};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&d, &r, &e), ST_OK);
    heap_stmt_t id = {.op = OP_ID, .a = {.path = "keep[0]"}};
    assert_int_equal(run(&id, &r, &e), ST_OK);
    heap_set_budget(H, 1000000000);
    char *name = heap_name_of(H, (uint64_t)r.i, NULL);
    int64_t spent = 1000000000 - heap_budget_left(H);
    heap_set_budget(H, 0);
    assert_non_null(name);
    assert_string_equal(name, "keep[0]");
    free(name);
    if (spent < 4096 / 8)
        fail_msg("naming an id past 4,096 deleted names cost %lld units", (long long)spent);
}

/* `==` of two equal strs (or bytes) reads their code units and pays a unit
 * per 64 bytes: two lists of 200 references to two equal 16 MB strs
 * compared 3.2 GB for 201 units */
static void test_str_eq_pays_for_its_text(void **state)
{
    char *text = malloc(65537);
    memset(text, '-', 65536); /* no name characters: not interned */
    text[65536] = 0;
    for (int kind = 0; kind < 2; kind++) {
        for (int k = 0; k < 2; k++) {
            spec_t *v = spec_new(kind ? SP_BYTES : SP_STR);
            if (kind) {
                v->bytes = malloc(65536);
                memcpy(v->bytes, text, 65536);
            } else {
                v->text = strdup(text);
            }
            v->len = 65536;
            create(k ? "b" : "a", v);
        }
        heap_stmt_t is = {.op = OP_IS, .a = {.path = "a"}, .b = {.path = "b"}};
        heap_result_t r;
        exc_t e;
        assert_int_equal(run(&is, &r, &e), ST_OK);
        assert_false(r.b); /* two objects, compared by their text */
        heap_stmt_t eq = {.op = OP_EQ, .a = {.path = "a"}, .b = {.path = "b"}};
        int64_t spent = units_of(&eq, ST_OK);
        if (spent < 65536 / 64)
            fail_msg("%s: `==` of two 64 KiB texts cost %lld units", kind ? "bytes" : "str",
                     (long long)spent);
    }
    free(text);
}

static void test_unhashable_key(void **state)
{
    create("d", spec_new(SP_DICT));
    heap_stmt_t st = {
        .op = OP_LINK, .a = {.path = "d"}, .link = LK_KEY, .key = spec_new(SP_LIST), .value = v_int(1)};
    heap_result_t r;
    exc_t e;
    assert_int_equal(run(&st, &r, &e), ST_PYEXC);
    assert_string_equal(e.type, "TypeError");
    assert_string_equal(e.message, "unhashable type: 'list'");
}

static void test_object_quota(void **state)
{
    heap_limits_t lim = {5, 0, 0};
    heap_t *small = heap_new("3.11", 0, &lim);
    heap_stmt_t st = {.op = OP_CREATE, .name = "x", .value = v_list(10)};
    heap_result_t r;
    exc_t e;
    assert_int_equal(heap_exec(small, &st, &r, &e), ST_LIMIT);
    assert_string_equal(e.type, "objects");
    assert_int_equal(heap_live_objects(small), 0);
    spec_free(st.value);
    heap_free(small);
}

static void test_unknown_version(void **state)
{
    assert_null(heap_new("2.7", 0, NULL));
}

static void test_ids_are_aligned_and_reused(void **state)
{
    create("a", spec_new(SP_LIST));
    uint64_t first = (uint64_t)int_op(OP_ID, "a");
    assert_int_equal(first % 16, 0);
    del("a");
    create("b", spec_new(SP_LIST));
    assert_true((uint64_t)int_op(OP_ID, "b") == first);
}

/* A set releases its members in table order: the order repr() shows. CPython's
 * table order follows real addresses, so the differential suite cannot pin it. */
static void test_set_releases_in_table_order(void **state)
{
    cls("F", 1);
    spec_t *set = spec_new(SP_SET);
    for (int i = 0; i < 6; i++)
        spec_append(set, v_inst("F"));
    create("s", set);
    heap_desc_t d;
    heap_stmt_t get = {.op = OP_ID, .a = {.path = "s"}};
    heap_result_t r;
    exc_t e;
    assert_int_equal(heap_exec(H, &get, &r, &e), ST_OK);
    assert_int_equal(heap_describe(H, (uint64_t)r.i, &d), ST_OK);
    /* ids in repr order: "{<__main__.F object at 0x...>, ...}" */
    uint64_t shown[6];
    int n = 0;
    for (const char *p = d.repr; (p = strstr(p, "0x")) && n < 6; p += 2)
        shown[n++] = strtoull(p, NULL, 16);
    heap_desc_clear(&d);
    assert_int_equal(n, 6);
    uint64_t seq = heap_events(H)->next_seq;
    del("s");
    const event_log_t *log = heap_events(H);
    int k = 0;
    for (uint64_t q = seq; q < log->next_seq; q++) {
        const event_t *ev = event_log_get(log, q);
        if (ev->kind == EV_FINALIZED) {
            assert_true(k < 6);
            assert_true(ev->id == shown[k]);
            k++;
        }
    }
    assert_int_equal(k, 6);
}

/* A statement that could cross the bytes quota is refused before it runs
 * and changes nothing (API.md: 429 leaves the heap as it was); one that
 * fits runs, and a deletion is never refused. */
static void test_bytes_quota(void **state)
{
    heap_limits_t lim = {0, 1000, 0};
    heap_t *small = heap_new("3.11", 0, &lim);
    heap_stmt_t st = {.op = OP_CREATE, .name = "x", .value = v_list(200)}; /* 56 + 8 * 200 bytes */
    heap_result_t r;
    exc_t e;
    assert_int_equal(heap_exec(small, &st, &r, &e), ST_LIMIT);
    assert_string_equal(e.type, "bytes");
    assert_int_equal(heap_live_objects(small), 0);
    assert_int_equal(heap_live_bytes(small), 0);
    assert_int_equal(heap_events(small)->next_seq, 1); /* no constant was made */
    spec_free(st.value);
    st.name = "y";
    st.value = v_int(5);
    assert_int_equal(heap_exec(small, &st, &r, &e), ST_OK);
    spec_free(st.value);
    const char *names[] = {"y"};
    heap_stmt_t del = {.op = OP_DEL, .names = names, .nnames = 1};
    assert_int_equal(heap_exec(small, &del, &r, &e), ST_OK);
    assert_true(heap_live_bytes(small) <= 1000);
    heap_free(small);
}

static void test_event_ring_drops_oldest(void **state)
{
    event_log_t log;
    event_log_init(&log, 3);
    for (int i = 0; i < 5; i++)
        event_log_append(&log);
    assert_int_equal(event_log_first(&log), 3);
    assert_null(event_log_get(&log, 2));
    assert_non_null(event_log_get(&log, 5));
    event_log_free(&log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_str_hash_matches_cpython_seed0),
        cmocka_unit_test_setup_teardown(test_id_index_runs_stay_short_after_frees, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sizes_of_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_version_follows_every_binding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_append_growth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_display_preallocation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dict_growth_and_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_member_descriptors_are_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refcounts_follow_bindings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle_collected_with_count_two, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collection_runs_after_the_triggering_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refcount_path_finalizer_before_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gc_path_callback_before_finalizer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resurrection_survives_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_error_leaves_earlier_deletes, setup, teardown),
        cmocka_unit_test(test_budget_never_drops_a_binding),
        cmocka_unit_test_setup_teardown(test_colliding_constants_stop_at_the_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dict_eq_pays_for_its_lookups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sparse_tables_pay_for_their_slots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_naming_an_id_pays_for_the_namespace_holes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_str_eq_pays_for_its_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unhashable_key, setup, teardown),
        cmocka_unit_test(test_object_quota),
        cmocka_unit_test(test_unknown_version),
        cmocka_unit_test_setup_teardown(test_ids_are_aligned_and_reused, setup, teardown),
        cmocka_unit_test(test_event_ring_drops_oldest),
        cmocka_unit_test_setup_teardown(test_set_releases_in_table_order, setup, teardown),
        cmocka_unit_test(test_bytes_quota),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
