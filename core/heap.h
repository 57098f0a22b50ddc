/*
 * heap.h — the public API of the engine: one simulated CPython heap.
 *
 * A heap stands for a fresh interpreter running statements at module
 * level. heap_exec() runs one statement; the read functions inspect the
 * heap without changing it. Nothing here knows about HTTP or JSON.
 * A heap is not thread-safe: the caller serializes access to it.
 */
#ifndef HEAPD_HEAP_H
#define HEAPD_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "exc.h"
#include "spec.h"

typedef struct heap heap_t;

typedef struct {
    size_t max_objects; /* live objects the session may hold (0: no limit) */
    size_t max_bytes;   /* sum of sys.getsizeof of live objects (0: no limit) */
    size_t max_events;  /* events kept for GET .../events (at least 10000) */
} heap_limits_t;

/* A new heap for a version profile_find() knows; NULL otherwise or on OOM. */
heap_t *heap_new(const char *version, uint64_t seed, const heap_limits_t *limits);
void heap_free(heap_t *h);

/* An exception whose message is longer than exc_t's buffer (CPython's
 * str(exception) has no bound: KeyError(key) is the key's whole repr): raises
 * type with the whole text, kept by the heap until heap_exc_texts_clear()
 * (copies of the exc_t name it by number, never by pointer). */
void heap_exc_long(heap_t *h, const char *type, const char *text);
/* The whole message of exc: its long text when it has one still kept. */
const char *heap_exc_message(const heap_t *h, const exc_t *exc);
/* Frees the long texts: the caller has rendered every exception of its statements. */
void heap_exc_texts_clear(heap_t *h);
/* True once an internal error stopped the heap (check.h): it runs nothing more. */
bool heap_is_broken(const heap_t *h);
/* Walks the whole heap and verifies its invariants (check.c); false with
 * the first violation described in why. */
bool heap_check(heap_t *h, char *why, size_t whylen);
const char *heap_version(const heap_t *h);
/* How the judge's sys.stdout was opened, set before the first statement:
 * "unbuffered" (PYTHONUNBUFFERED=1, the default) or "pipe"; false for any
 * other name (textio.c) */
bool heap_set_stdout(heap_t *h, const char *mode);
const char *heap_stdout(const heap_t *h);
/* Whether name is a builtin of CPython <version> ("3.11"): what LOAD_GLOBAL
 * finds when the module binds no such name. */
bool heap_version_builtin(const char *version, const char *name);

/* A recorded body's print() calls (heap_stmt_t.print_text), one after
 * another, each: PRINT_CALL | PRINT_SEP_GIVEN | PRINT_END_GIVEN, then 0x80
 * plus its number of arguments (at most PRINT_MAX_ARGS), then the pieces it
 * writes (each argument's str, the sep between them, the end), each after a
 * PRINT_WRITE; one that raises midway ends after the last piece written.
 * The marks are bytes UTF-8 never holds (what print() writes is UTF-8: a
 * text stdout cannot encode raises), so sys.stdout's writes are replayed
 * as print() makes them (pyops.c pyop_print_recorded()). */
#define PRINT_CALL 0xf8
#define PRINT_SEP_GIVEN 1
#define PRINT_END_GIVEN 2
#define PRINT_WRITE 0xfe
#define PRINT_MAX_ARGS 63

typedef enum {
    OP_CREATE,
    OP_CLASS,
    OP_ASSIGN,
    OP_LINK,
    OP_UNLINK,
    OP_DEL,
    OP_COLLECT,
    OP_SIZEOF,
    OP_GETREFCOUNT,
    OP_ID,
    OP_IS,
    OP_EQ,
    OP_LEN,
    OP_CONTAINS,
    OP_INTERN,
    OP_WEAKREF,
    OP_DEREF,
    OP_GC,
    /* Python source (POST .../exec) beyond the JSON operations: pyops.c */
    OP_EVAL,       /* an expression statement `<value>`: its value described, then dropped */
    OP_PRINT,      /* print(<values>, sep=, end=): a print event */
    OP_GC_QUERY,   /* gc.isenabled() / gc.get_threshold() / gc.get_count() / gc.is_tracked(a) */
    OP_DEF,        /* def name(wr): <pass or print(...)> — a recording weakref callback */
    OP_STORE,      /* t1 = t2 = ... = <value>: one value, stored to each target in order */
    OP_COMPARE,    /* <value> is <value> / <value> == <value> (values[0], values[1]; identity) */
    OP_UNPACK,     /* t1, t2, ... = v1, v2, ...: value a tuple display of ntargets items */
    OP_METHOD,     /* [t1 = ... =] a.attr(*values): a method a type runs for Python source */
    OP_AUGASSIGN,  /* targets[0] += value / -= value (augop '+' or '-') */
    OP_UNIT_BEGIN, /* module mode: the unit's constants, compiled together and held ... */
    OP_UNIT_END,   /* ... until the unit ends */
    OP_IMPORT      /* `import <name>` (gc or weakref): what the module's first import leaves */
} op_t;

/* How a class body wrote __slots__: a tuple display (a constant), a list
 * display (built at run time), or one str. */
enum { SLOTS_TUPLE, SLOTS_LIST, SLOTS_STR };

typedef enum { GQ_ISENABLED, GQ_GET_THRESHOLD, GQ_GET_COUNT, GQ_IS_TRACKED } gc_query_t;

typedef enum { LK_ATTR, LK_INDEX, LK_KEY, LK_APPEND, LK_ADD, LK_DISCARD } link_kind_t;

/* One target of a store: a name, `obj.attr` or `obj[key]`. */
typedef struct {
    const char *name; /* a name target, or NULL */
    heap_ref_t obj;   /* otherwise the object: LK_ATTR (attr) or LK_KEY (key) */
    link_kind_t link;
    const char *attr;
    spec_t *key;
} heap_target_t;

struct heap_stmt;

/* What a class statement defines beyond its name (heap_stmt_t.classdef). */
typedef struct heap_classdef {
    const char **slots;
    size_t nslots;
    bool has_slots;
    int slots_form;             /* SLOTS_TUPLE (and no __slots__), SLOTS_LIST, SLOTS_STR: as written */
    size_t slots_bad;           /* 1 + the index of the first slot that is no identifier (str.isidentifier()
                                 * with the session's Unicode tables, which the api layer has), 0: none */
    const char *slots_bad_type; /* that slot's type name when it is no str (Python source), or NULL */
    int finalizer;              /* 0 none, 1 log, 2 resurrect */
    bool own_resurrected;       /* class from Python source: `_resurrected` is the source's to bind (the
                                 * class operation binds an empty list when the name is free) */
    const char *doc;            /* class from Python source: its docstring (UTF-8, doclen bytes), or NULL */
    size_t doclen;
    spec_t *firstlineno; /* 3.13: the class body's __firstlineno__ (an int constant the compiler makes,
                          * its __dict__ keeps) when past the small ints, or NULL */
    spec_t *doc_spec;    /* ... that docstring as the str constant the class body's code loads
                          * (3.13: _PyCompile_CleanDoc()'s text), which its __dict__ keeps */
    /* class from Python source: its `def __init__(<params>)` (has_init): the
     * parameters, self first; its docstring (a str spec, or NULL); its body,
     * OP_STORE statements whose targets are attributes or items (an object
     * path may start at a parameter) */
    bool has_init;
    const char **init_params;
    size_t ninit_params;
    spec_t *init_doc;
    const struct heap_stmt *init_body;
    size_t ninit_body;
} heap_classdef_t;

/* What a gc operation changes (heap_stmt_t.gc); set_*: 0 = leave as is. */
typedef struct {
    int set_enabled;
    bool enabled;
    int set_threshold;
    int nthreshold;
    int64_t threshold[8];
    /* a threshold past int64: as heap_stmt_t.generation_big */
    const char *threshold_big[8];
    int set_debug;
    bool saveall;
    int set_freeze;
    bool freeze;
} heap_gcset_t;

/* One statement. Fields not used by op are ignored; the caller owns all. */
typedef struct heap_stmt {
    op_t op;
    const char *name; /* create, class, assign, intern, weakref */
    spec_t *value;    /* create/assign/link `to`/weakref target/contains key/intern */
    spec_t *key;      /* link/unlink key; unlink discard value */
    const char **attr_names;
    spec_t **attr_values;
    size_t nattrs;   /* create attrs */
    heap_ref_t a, b; /* from / in / ref / a, and b */
    link_kind_t link;
    const char *attr;
    int64_t index;
    const char **names;
    size_t nnames;      /* del */
    int64_t generation; /* collect */
    /* an int argument past int64 (collect's generation, a threshold): its
     * magnitude's decimal digits (no sign, no leading zero), the int64 field
     * then INT64_MAX or INT64_MIN by its sign; NULL when it fits */
    const char *generation_big;
    bool deep, callback;
    bool none_callback;    /* weakref: ref(t, None), two arguments and no callback */
    bool generation_given; /* collect: gc.collect(g), not gc.collect() */
    /* class: what it defines (NULL: a plain class); kept apart, as gc's,
     * so that the statements of a batch, one per operation, stay small */
    const heap_classdef_t *classdef;
    /* gc: what it changes (NULL: nothing) */
    const heap_gcset_t *gc;
    /* weakref: with callback, b (when given) is the callback object; else the shared recorder */
    /* print: the values, sep and end (NULL: ' ' and '\n'; kw_given below) */
    spec_t **values;
    size_t nvalues;
    const char *sep, *end;
    /* class (its __del__) and def: what their body prints (PRINT_CALL's
     * encoding); NULL: the body calls no print() */
    const char *print_text;
    const char *param; /* def: its parameter's name (NULL: "wr") */
    gc_query_t query;  /* gc_query (is_tracked: a) */
    bool identity;     /* compare: `is` rather than `==` */
    heap_target_t *targets;
    size_t ntargets; /* store, in order */
    const struct heap_stmt *const *unit;
    size_t nunit;  /* unit_begin: the unit's statements */
    bool unit_one; /* unit_begin: they are one Python statement's parts (print(len(a))), which its
                      quota check charges together, before the first runs */
    /* a part of a Python statement whose value a later part uses (the
     * arguments of print(len(a), a is b)): its result becomes an object the
     * statement keeps, as the value stack does, for SP_KEPT; keep_negate
     * inverts a boolean (`is not`, `!=`, `not in`). The first part that keeps
     * nothing releases what was kept, as does a part that fails. keep_pop:
     * how many kept values the part consumes (the operands COMPARE_OP pops). */
    bool keep, keep_negate;
    size_t keep_pop;
    char augop; /* augassign: '+' or '-' */
    /* a JSON operation's modules (HEAP_IMPORT_*), which its script imports
     * before it: once the statement is not refused, each one's first import
     * leaves what it leaves before the statement runs */
    unsigned char imports;
    bool kw_given; /* print: sep= or end= given (None too: builtin_print() parses its keywords);
                      collect: generation= (3.10/3.11: its _PyArg_Parser's keyword tuple) */
} heap_stmt_t;

enum { HEAP_IMPORT_GC = 1, HEAP_IMPORT_WEAKREF = 2 };
/* The modules the session imported (HEAP_IMPORT_*): an import statement or
 * a statement's imports that ran. */
unsigned heap_imported(const heap_t *h);

/* st's class definition: a plain class's when it has none */
static inline const heap_classdef_t *heap_stmt_classdef(const heap_stmt_t *st)
{
    static const heap_classdef_t plain;
    return st->classdef ? st->classdef : &plain;
}

/* what st's gc operation changes: nothing when it has no such part */
static inline const heap_gcset_t *heap_stmt_gc(const heap_stmt_t *st)
{
    static const heap_gcset_t nothing;
    return st->gc ? st->gc : &nothing;
}

typedef enum { RES_NONE, RES_INT, RES_BOOL, RES_OBJ, RES_NULL, RES_DEEP, RES_GC } result_kind_t;

typedef struct {
    result_kind_t kind;
    int64_t i, deep; /* INT; DEEP: size i, deep size deep */
    bool b;
    uint64_t id; /* OBJ */
} heap_result_t;

/*
 * Runs one statement. ST_OK: result is filled. ST_PYEXC: exc holds the
 * Python exception and the heap shows exactly what CPython's would after
 * raising. ST_NOTFOUND / ST_BADREQ / ST_LIMIT: nothing was changed.
 * The events the statement caused are those with seq >= the log's
 * next_seq before the call.
 */
status_t heap_exec(heap_t *h, const heap_stmt_t *st, heap_result_t *res, exc_t *exc);
/* Whether st costs no more than a few walks of the heap and of its own
 * values, whatever the objects are: no collection or comparison asked for,
 * no deep size, no object hashed that the statement does not build
 * (spec_hashes_ref()), no threshold set, and none in force that could start
 * a collection at fewer than HEAP_BOUNDED_THRESHOLD allocations. With a
 * small heap and small values it is then short (a server may run it on a
 * thread that must not wait long). */
bool heap_stmt_bounded(const heap_t *h, const heap_stmt_t *st);
/* Whether a source's statements (stmts, in order) hold one heap_exec() would
 * refuse as `unsupported` for a builtin heapd does not run (`max()`), when
 * no statement of the source binds the name and the session does not
 * either: then it is the builtin whenever that statement runs, and the
 * whole source is refused before anything of it runs (API.md: nothing
 * runs). true with *which (the statement) and exc's `unsupported`. */
bool heap_source_refused(heap_t *h, const heap_stmt_t *const *stmts, size_t n, size_t *which, exc_t *exc);
#define HEAP_BOUNDED_THRESHOLD 100
/* After the result is described: drops an object the statement made only
 * to return it (`del _r`); what that frees shows in the events. */
void heap_result_done(heap_t *h);

/* The work units the following statements may spend together (a request's
 * budget); <= 0: unlimited. Past it a statement fails with ST_BUDGET and
 * changes nothing. */
void heap_set_budget(heap_t *h, int64_t units);
/* What is left of that budget: negative once work ran into debt (a
 * namespace operation, naming ids), by at most a few units past a
 * statement that stopped at it. For tests of what work costs. */
int64_t heap_budget_left(const heap_t *h);

/* Reads ---------------------------------------------------------------- */

typedef struct {
    uint64_t id;
    char type[72];
    char *repr;          /* malloc'd; the caller frees it */
    bool repr_truncated; /* cut at the requested length (it ends with U+2026) */
    int64_t refcount;    /* sys.getrefcount(x) - 1 */
    int64_t size;
    bool tracked, frozen;
    bool shared;    /* interpreter-shared (static or immortal): its refcount is documented, not CPython's */
    int generation; /* -1 when untracked or frozen */
    int64_t weakrefs;
} heap_desc_t;

/* Work units the session's reprs have cost so far (descriptors, edge labels,
 * messages, print): what a read spent on them is the difference. A read
 * showing many (a page) stops once that passes the request's budget. */
uint64_t heap_repr_work(const heap_t *h);
/* Describes a live object; ST_NOTFOUND when no live object has this id. */
status_t heap_describe(heap_t *h, uint64_t id, heap_desc_t *d);
/* The same with the repr cut after repr_limit bytes (0: whole). */
status_t heap_describe_capped(heap_t *h, uint64_t id, size_t repr_limit, heap_desc_t *d);
void heap_desc_clear(heap_desc_t *d);

/* Visits the name bindings in insertion order until fn returns false. */
void heap_each_name(heap_t *h, bool (*fn)(const char *name, uint64_t id, void *arg), void *arg);
/* Whether the namespace binds name (a lookup, not a walk of the names). */
bool heap_name_bound(heap_t *h, const char *name);
/* Changes whenever a name is bound, rebound or deleted (0: none ever was): what a
 * caller read of the names stays true while it is the same */
uint32_t heap_names_version(const heap_t *h);
/* Whether the session binds name, one of the builtins and modules JSON
 * operations' statements call (id, len, object, set, frozenset, gc, sys,
 * weakref): those statements then call the session's object. */
bool heap_callee_bound(const heap_t *h, const char *name);
/* Ids of every live object, ascending; *n is set; the caller frees it. */
uint64_t *heap_object_ids(heap_t *h, size_t *n);
/* The smallest `limit` ids of live objects above `after`, ascending (*n of
 * them; the caller frees them); *more: whether others above `after` follow.
 * A pass over the heap and a sort of the page only: sorting every id for
 * each page took 0.2 s a page with a million objects. */
uint64_t *heap_object_ids_page(heap_t *h, uint64_t after, size_t limit, size_t *n, bool *more);
size_t heap_live_objects(const heap_t *h);
size_t heap_live_bytes(const heap_t *h);
/* The longest probe run of the id index (addrmap_longest_run()): what the
 * slowest new object's insertion walks; tests bound it */
size_t heap_id_index_longest_run(const heap_t *h);
/* What the session costs the server, in bytes: its objects (including those
 * it made immortal), their structs, the tables that index them, its
 * events and names. The server-wide memory cap sums this. */
size_t heap_billed_bytes(const heap_t *h);

typedef enum {
    EDGE_ATTR,
    EDGE_INDEX,
    EDGE_KEY_VALUE,
    EDGE_KEY,
    EDGE_MEMBER,
    EDGE_CLASS,
    EDGE_WEAK
} edge_kind_t;
/* Visits the outgoing references of object id, labelled for drawing, until
 * fn returns false (a reader that has all it shows: a dict's labels are its
 * keys' reprs, and one of a million keys was a million reprs). */
typedef bool (*edge_fn)(edge_kind_t kind, const char *label, uint64_t to, void *arg);
status_t heap_each_edge(heap_t *h, uint64_t id, edge_fn fn, void *arg);
/* gc.get_referents order; ids malloc'd. */
status_t heap_referents(heap_t *h, uint64_t id, uint64_t **ids, size_t *n);
/* A Python expression for object id as the next statement would read it,
 * malloc'd UTF-8: a name the namespace binds to it (the first in namespace
 * order, other than avoid), else the shortest reference path to it from
 * another name (`l[0].x`, `d['k']`, `w()`); NULL when none is found.
 * The names and nodes it reads are charged to the request's budget (a
 * unit each): past it, the next statement does not start (ST_BUDGET). */
char *heap_name_of(heap_t *h, uint64_t id, const char *avoid);
/* Objects holding a strong reference to id, ascending; names bound to it. */
status_t heap_referrers(heap_t *h, uint64_t id, uint64_t **ids, size_t *n, char ***names, size_t *nnames);

typedef struct {
    bool enabled;
    int threshold[3];
    int64_t count[3];
    int64_t collections[3], collected[3], uncollectable[3];
    uint64_t *garbage; /* malloc'd: the first ones, at most the max asked for */
    size_t ngarbage;   /* len(gc.garbage) */
    int64_t frozen;
    bool saveall;
} heap_gc_info_t;

/* The gc state, with the ids of gc.garbage's first max_garbage items (a
 * million saved objects copied for each gc operation of a batch) */
void heap_gc_info(heap_t *h, heap_gc_info_t *info, size_t max_garbage);
const event_log_t *heap_events(const heap_t *h);
/* A statement the budget stopped (ST_BUDGET) did nothing: the events logged
 * from seq0 (the log held count0 then) are taken back when they are only
 * objects made and freed again, each id created, then destroyed, and the log
 * dropped none of its older events for them. heap_exec() does this for the
 * statement it ran; a caller does it for a unit of parts (their constants). */
void heap_unlog_temporaries(heap_t *h, uint64_t seq0, size_t count0);

#endif
