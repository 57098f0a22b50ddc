/*
 * heap_internal.h — the state of one simulated interpreter, shared by the
 * engine's modules. The API layer never includes this file.
 */
#ifndef HEAPD_HEAP_INTERNAL_H
#define HEAPD_HEAP_INTERNAL_H

#include <setjmp.h>

#include "check.h"
#include "event.h"
#include "exc.h"
#include "heap.h"
#include "object.h"
#include "profile.h"
#include "strmap.h"
#include "textio.h"
#include "addrmap.h"

#define NUM_GENERATIONS 3
#define GEN_PERMANENT 3
#define NSMALLNEG 5
#define NSMALLPOS 257

typedef struct {
    uint64_t *addrs;
    uint32_t len, cap; /* at most --max-objects (10^9) */
} addr_stack_t;

/* A pymalloc pool (obmalloc.c struct pool_header) of blocks of cls * 16 bytes */
struct pool {
    uint16_t *free; /* freeblock: freed blocks' indices, the last freed last */
    uint16_t nfree, capfree;
    uint16_t count;      /* ref.count: blocks in use */
    uint16_t next_fresh; /* nextoffset: the first block never handed out */
    uint8_t cls;         /* szidx + 1; 0: not made yet */
    uint8_t used;        /* linked into usedpools[cls] */
    uint16_t next, prev; /* usedpools' (freepools' next) links: number + 1, 0 none */
};

/* pymalloc's state (alloc.c), and the free list of floats whose blocks it
 * keeps (num.c): made when a session first takes a block, so that an idle
 * session does not pay its 200 bytes */
struct pymalloc {
    struct pool *pools;    /* the session's pools (pool number - POOL_REGIONS) */
    struct pool *rpools;   /* the pools of the start-up free lists' regions */
    uint8_t *rpool_region; /* each rpools entry's region */
    uint32_t npools, cappools, nrpools, caprpools;
    uint16_t used_head[33];     /* usedpools[class]: its first pool's number + 1, 0 none */
    uint16_t free_pools;        /* empty pools (freepools), the last emptied first: number + 1 */
    uint32_t classes_started;   /* start-up's usedpools made, by class - 1 (alloc.c pool_class_start()) */
    uint16_t startup_first[33]; /* the first of them, by class (the others follow) */
    addr_stack_t float_free;    /* floatobject.c's free list (num.c) */
    /* the blocks of the floats the parser made for float literals beyond the
     * constant kept (value.c arena_hold()): the arena's until heap_arena_free() */
    addr_stack_t float_arena;
    /* where the start-up free lists' entries lie in the interpreter's pools
     * (alloc.c startup_pool_block()): per free list and pool, the first of
     * the blocks its entries there take; a letter's pool (full) by class */
    struct startup_slot {
        uint16_t pool;   /* pool number */
        uint16_t offset; /* the list's first block in it */
        uint16_t nblocks;
        uint8_t region; /* the free list's (heap_startup_region()) */
        char rank;      /* its profile startup_*_pools character */
    } * slots;
    uint32_t nslots, capslots;
};

/* The free blocks of one size past FREE_DENSE_BYTES (alloc.c) */
struct large_class {
    size_t block;
    addr_stack_t s;
};

/* The running statement's constants, by type and hash (value.c). */
typedef struct {
    struct {
        uint64_t key;
        size_t temp; /* index + 1; 0 empty */
    } * slots;
    uint32_t size, used; /* a statement's constants are temps: fewer than 2**32 */
    spec_t **roots;      /* module mode: the specs value_unit_add() compiled */
    uint32_t nroots, caproots;
} consts_t;

/* Object structs come from per-heap pages: no malloc header per object, and
 * a heap's objects are released together with it. A struct's index is its
 * page's place in the heap's page table times SLAB_PAGE_OBJECTS plus its
 * place in the page. */
/* the first page holds what an idle session has: None, True, False,
 * gc.garbage and __main__.__dict__; later ones half of what the others
 * hold, from SLAB_PAGE_MIN up to SLAB_PAGE_OBJECTS */
#define SLAB_PAGE_FIRST 5
#define SLAB_PAGE_MIN 16
#define SLAB_PAGE_SHIFT 8
#define SLAB_PAGE_OBJECTS (1u << SLAB_PAGE_SHIFT)
/* obj_t.gc_next/gc_prev of an untracked object, and the end of the free list */
#define OBJ_NIL UINT32_MAX
/* the index of gc_state.heads[k] is OBJ_HEAD_BIT | k << SLAB_PAGE_SHIFT: list
 * sentinels are not in the slab pages, and no two share a page number */
#define OBJ_HEAD_BIT 0x80000000u

/* A list's sentinel: the links and the index of an obj_t and nothing else,
 * as PyGC_Head is (16 bytes, not a whole object per list), aligned as an
 * obj_t is: the list functions take it as one */
typedef struct gc_head {
    _Alignas(obj_t) uint32_t gc_next;
    uint32_t gc_prev, index;
} gc_head_t;
_Static_assert(offsetof(obj_t, gc_next) == offsetof(gc_head_t, gc_next) &&
                   offsetof(obj_t, gc_prev) == offsetof(gc_head_t, gc_prev) &&
                   offsetof(obj_t, index) == offsetof(gc_head_t, index),
               "a gc_head_t is the start of an obj_t");

/* gc_state.heads: the generations, gc.freeze()'s permanent one, and the
 * lists one collection keeps (collections never nest) */
enum {
    GC_UNREACHABLE = GEN_PERMANENT + 1, /* gc_collect_main()'s unreachable */
    GC_FINAL_UNREACHABLE,               /* ... and final_unreachable */
    GC_WRCB_TO_CALL,                    /* handle_weakrefs()' wrcb_to_call */
    GC_SEEN,                            /* finalize_garbage()'s seen */
    GC_NHEADS
};

typedef struct gc_state {
    gc_head_t heads[GC_NHEADS]; /* list sentinels: the generations, then GC_UNREACHABLE... */
    int threshold[NUM_GENERATIONS];
    bool enabled, collecting, saveall, scheduled;
    int64_t count[NUM_GENERATIONS];
    int64_t tracked;       /* objects in the lists, frozen ones included */
    int64_t tracked_bytes; /* the getsizeof (cur_size) of those: what traversals read (gc_cost()) */
    int64_t long_lived_total, long_lived_pending;
    /* the interpreter's own objects (gc.c interp_survivors()): a full collection
     * has seen them (its first untracked some); gc.freeze() moved them out of
     * the generations, and `weakref`'s with them if it was imported by then */
    bool interp_collected, interp_frozen, weakref_frozen;
    uint32_t unfreezes; /* gc.unfreeze() calls so far */
    int64_t collections[NUM_GENERATIONS], collected[NUM_GENERATIONS], uncollectable[NUM_GENERATIONS];
    obj_t *garbage; /* gc.garbage, a list */
} gc_state_t;

/* 3.10-3.12: _PyTrash_UNWIND_LEVEL; 3.13: Py_TRASHCAN_HEADROOM (object.c). */
#define TRASH_UNWIND_LEVEL 50
#define TRASH_HEADROOM 50

/* C recursion the sandbox allows where CPython checks none (tuplehash):
 * past it the statement raises RecursionError instead of exhausting the stack. */
#define HARD_RECURSION_LIMIT 100000
bool heap_enter_deep(heap_t *h);
void heap_leave_deep(heap_t *h);

/* The work budget is spent: sets the `budget` error; always false. */
bool heap_budget_spent(heap_t *h);
/* tp_dealloc of an object whose refcount reached 0, through the trashcan. */
void trash_dealloc(heap_t *h, obj_t *o);

enum { LIB_WEAKVALUEDICT, LIB_WEAKKEYDICT, LIB_WEAKSET, LIB_ITERGUARD, LIB__COUNT };

/* The interpreter-shared objects a heap makes on first use (_PyRuntime's
 * small ints, the latin-1 one-character strs, bytes_characters): slots in
 * chunks of 16, each allocated with the first object it holds, and a table
 * of chunks as long as the last chunk used, so that an idle session pays
 * for none of the 774 and one using only small ints for one chunk. */
#define SHARED_CHUNK 16
enum {
    SHARED_SMALL_INT = 0,
    SHARED_LATIN1 = NSMALLNEG + NSMALLPOS,
    SHARED_BYTE = SHARED_LATIN1 + 256,
    SHARED_COUNT = SHARED_BYTE + 256
};

/* What the runtime and the types call in the interpreter layer (heap.c's
 * table, set by heap_new()) */
typedef struct heap_hooks {
    /* a class calls its __init__ through these (code.c) */
    int (*code_call)(heap_t *h, struct code *c, obj_t *self, obj_t **args, size_t n);
    void (*code_release)(heap_t *h, struct code *c);
    /* makes Py_ReprEnter()'s state (repr_state) */
    void (*repr_state_make)(heap_t *h);
    /* A recorded body's print() calls (a __del__'s or callback's; heap.h's
     * PRINT_CALL encoding): sys.stdout's writes as print() makes them (the
     * argument tuple, the bound write method of each piece; the arguments
     * themselves are not followed), an event each (pyops.c
     * pyop_print_recorded()) */
    void (*emit_prints)(heap_t *h, const char *texts);
} heap_hooks_t;

struct heap {
    const profile_t *prof;
    uint64_t seed;
    heap_limits_t limits;
    size_t live_objects, live_bytes; /* session objects and the sum of their getsizeof */
    size_t grow_reserve; /* the most one insertion into a container may add to live_bytes (quotas) */
    size_t immortal_bytes, immortal_objects; /* session objects made immortal (3.12+), still billed */

    obj_t *globals;           /* the module's namespace: __main__.__dict__, a real dict */
    strmap_t interned;        /* interned strs: text -> obj (not counted, as 3.11) */
    strmap_t type_names;      /* type names events refer to (value: the key itself) */
    strmap_t code_names;      /* 3.13: identifiers used as names in compiled code */
    addrmap_t by_addr;        /* id -> live obj */
    dict_keys_t *shared_keys; /* 3.10: every live shared key table (dict.c) */

    /* Simulated pymalloc (alloc.c): blocks up to 512 bytes in pools, each
     * with its free list, allocated from the head of usedpools[class];
     * larger blocks (the system malloc's) LIFO by size off a bump pointer. */
    struct pymalloc *pm; /* pymalloc's pools (alloc.c), made with the first block: NULL in an idle session */
    uint64_t next_addr;
    addr_stack_t *free_blocks; /* indexed by size / 16, for blocks under FREE_DENSE_BYTES */
    size_t nfree_classes;
    struct large_class *free_large; /* larger blocks' classes, by size (sorted) */
    uint32_t nfree_large, capfree_large;
    size_t free_addr_bytes; /* what the stacks of free addresses hold (billed) */
    addr_stack_t list_free, dict_free;
    addr_stack_t *tuple_free; /* [21], made with the first freed tuple */
    /* what start-up left on them (freelist_t): lists, dicts, tuples by length, floats */
    uint8_t list_startup, dict_startup, tuple_startup[21], float_startup;

    obj_t **slab_pages; /* arrays of at most SLAB_PAGE_OBJECTS, by index >> SLAB_PAGE_SHIFT */
    obj_t *slab_page0;  /* the table while it is one page long */
    uint32_t slab_npages, slab_cappages;
    size_t slab_used, slab_cap; /* objects handed out of the newest page; its capacity */
    size_t slab_total;          /* objects all pages hold */
    uint32_t slab_free;         /* freed structs, linked through gc_next; OBJ_NIL ends it */
    int quiet_events;           /* > 0: objects made now are the interpreter's: no event */

    gc_state_t gc;
    event_log_t events;

    /* interpreter-shared objects, made on first use */
    obj_t *none, *true_, *false_, *empty_str, *empty_tuple, *empty_bytes;
    obj_t *bool_repr_static[2];   /* 3.11's &_Py_ID(False), &_Py_ID(True): made when first formatted */
    obj_t ***shared;              /* small ints, latin-1 strs, 1-byte bytes: heap_shared() */
    size_t nshared;               /* chunks the table has room for */
    obj_t *lib_class[LIB__COUNT]; /* weakref.WeakValueDictionary ... */
    obj_t *remove_dead_weakref;   /* _weakref._remove_dead_weakref */
    obj_t *callback_fn;           /* the recording callback of `weakref` with callback */
    uint64_t next_static_addr;

    /* references held by the statement being run (the value stack) */
    obj_t **temps;
    uint32_t ntemps, captemps;
    /* the parser's AST arena (_PyArena_AddPyObject): a reference to each
     * constant the source's literals and the AST optimizer's folds made,
     * held while the code runs (value_arena_hold()) */
    obj_t **arena;
    uint32_t narena, caparena;

    size_t const_base;                    /* first temp of the running statement's constants */
    const struct heap_stmt *stmt_compile; /* the statement being run, whose identifiers the parser
                                           * interned (heap_compiling_name()) ... */
    strmap_t *unit_names;                 /* ... or those of the unit whose constants are being made */
    uint32_t names_version; /* bumped by every store and delete of a name (heap_names_version()) */
    bool gc_imported : 1, weakref_imported : 1; /* the session's first `import` of each ran (op_import()) */
    /* the ABC caches' state weakcont.c's is_mapping() follows: whether any
     * class was checked against Mapping yet, and whether `type` (a session
     * class's class) and ABCMeta (a library class's) are in them (bits, in
     * the bytes above: heap_t stays 1,320 B, the empty session's chunk) */
    bool abc_checked : 1, abc_type_checked : 1, abc_meta_checked : 1;
    bool result_is_const : 1; /* result_hold is one of the statement's (dropped) constants */
    /* internal errors (check.h) */
    bool running : 1;  /* a statement is running: heap_panic() may longjmp */
    bool broken : 1;   /* an internal error stopped this heap for good */
    bool overdraw : 1; /* heap_work() charges but stops nothing (a namespace operation runs) */
    bool in_unit : 1;  /* module mode: constants compiled for the whole unit ... */
    unsigned
        floats_parsed_before : 2; /* value_compile_rhs(): the literal's floats made before its constant */
    bool unit_frozen : 1;  /* ... a gc.freeze() ran in it (its constants went to the permanent generation) */
    uint8_t callees_bound; /* bit i: the session binds heap_callee_names[i] (heap_callee()) */
    uint64_t unit_serial;  /* ... the how-manieth unit that is (classes note it) */
    int64_t unit_gc_mark;  /* ... collections run before it began */
    size_t temps_floor;    /* ... held on the temps below this until it ends */
    struct user_def *user_defs; /* functions defined by `def` (pyops.c), freed with the heap */
    struct code *codes;         /* code objects of __init__ bodies (code.c), freed with the heap */
    struct code **unit_codes;   /* module mode: the unit's __init__ code objects (its code holds
                                 * them until it ends), by class statement */
    const heap_stmt_t **unit_code_stmts;
    size_t nunit_codes;
    struct code **unit_bodies; /* module mode: the code objects of the unit's recorded bodies (a def's,
                                * a class's __del__: heap_stmt_t.body), which its code holds until
                                * it ends, by statement */
    const heap_stmt_t **unit_body_stmts;
    size_t nunit_bodies;
    obj_t **unit_docs; /* module mode: the docstrings the unit's class bodies' code objects hold
                        * in their co_consts until it ends (strong) */
    size_t nunit_docs;
    struct frame *frame;       /* the Python frame running (code.c): its locals come before the globals */
    const heap_hooks_t *hooks; /* the interpreter's functions the layers below call */
    /* Py_ReprEnter()'s state, made by its first call in a repr a statement
     * runs (print, an f-string's field; repr.c repr_enter()): the thread
     * state's dict holding the "Py_Repr" list, the interpreter's own
     * (OF_HIDDEN) and never freed; NULL until then */
    obj_t *repr_state;
    textio_t stdout_io;                /* sys.stdout's pending text (textio.c) */
    obj_t *print_kwtuple;              /* print()'s _PyArg_Parser's keyword tuple, once made (3.10, 3.11) */
    strbuf_t *print_text;              /* what the print() running wrote so far, not yet an event */
    obj_t *collect_kwtuple;            /* gc.collect()'s, once called with a keyword (3.10, 3.11) */
    consts_t consts;                   /* their index */
    uint64_t stmt_count;               /* statements run */
    uint32_t next_serial, stmt_serial; /* str creation counter; its value when the statement began */
    exc_t *exc;                        /* where the running statement reports */
    int trash_level;                   /* 3.10-3.12: trash_delete_nesting; 3.13: c_recursion_remaining */
    int cmp_depth;                     /* nested == calls (Py_EnterRecursiveCall) */
    int py_depth;                      /* Python-level calls in progress (library classes' methods) */
    int deep_depth;                    /* nested calls CPython does not count (hash of tuples) */
    obj_t *result_hold;                /* a statement's result made for it alone, until described */
    obj_t **kept;                      /* the values parts of a statement kept (heap_stmt_t.keep) */
    uint32_t nkept, capkept;
    obj_t **pending_free;
    uint32_t npending, cappending; /* the trashcan's deposited objects */
    int64_t work_left;             /* the request's work budget (heap_set_budget) */
    struct set_undo *set_undo;     /* set.c: the undo record of the set.update() running */
    struct dict_undo *dict_undo;   /* dict.c: the undo record of the dict.update() running */
    uint64_t repr_work;            /* units every repr has cost, the session's life long (heap_repr_work()) */

    /* internal errors (check.h) */
    jmp_buf *panic_jmp; /* where heap_panic() abandons the running statement (on its stack) */
    char **exc_texts;   /* heap_exc_long()'s whole messages, kept until heap_exc_texts_clear() */
    size_t n_exc_texts;
    char *broken_msg; /* why (malloc'd by heap_panic) */
};

/* The struct at an index: a slab page's, or a list sentinel (OBJ_HEAD_BIT) */
static inline obj_t *heap_obj_at(const heap_t *h, uint32_t i)
{
    if (i & OBJ_HEAD_BIT)
        return (obj_t *)&h->gc.heads[(i & ~OBJ_HEAD_BIT) >> SLAB_PAGE_SHIFT];
    return &h->slab_pages[i >> SLAB_PAGE_SHIFT][i & (SLAB_PAGE_OBJECTS - 1)];
}

/* The struct at index i, seen from o: without the page table when both lie
 * in one page (a list walk's usual step: objects are listed much as they
 * were allocated), which keeps the table's load off a walk's critical path */
static inline obj_t *heap_obj_near(const heap_t *h, obj_t *o, uint32_t i)
{
    if (!((i ^ o->index) >> SLAB_PAGE_SHIFT)) /* one page (a sentinel has a page of its own) */
        return o + ((int)(i & (SLAB_PAGE_OBJECTS - 1)) - (int)(o->index & (SLAB_PAGE_OBJECTS - 1)));
    return heap_obj_at(h, i);
}

/* List k of gc_state.heads (a gc_head_t), as the list functions take it:
 * only its gc_next, gc_prev and index are ever read or written */
static inline obj_t *gc_gen_list(heap_t *h, int k)
{
    return (obj_t *)&h->gc.heads[k];
}

/* exec.c: whether text is an identifier of the code being compiled (the
 * running statement's, or in module mode the unit's): the parser interned
 * it (_PyPegen_new_identifier()) before the compiler merges constants. */
bool heap_compiling_name(const heap_t *h, const char *text);

/* Whether the session has room for `objects` more objects and `bytes` more
 * bytes; false (with the `limit` error set) when not. For what a statement
 * adds that check_quotas() cannot see before it runs (a list extended by
 * each character of a str): asked before anything changed. */
bool heap_quota_room(heap_t *h, size_t objects, size_t bytes);

/* Charges n units of work done outside a statement (naming an id for the
 * script): a debt, which stops the next statement before it starts. */
static inline void heap_charge(heap_t *h, int64_t n)
{
    if (h->work_left != INT64_MAX)
        h->work_left -= n;
}

/* Spends n units of the request's work budget; false (with the `budget`
 * error set) once it is spent, but while h->overdraw, when it runs into
 * debt that the next work pays. */
static inline bool heap_work(heap_t *h, int64_t n)
{
    h->work_left -= n;
    return h->work_left >= 0 || h->overdraw || heap_budget_spent(h);
}

/* Work that CPython cannot fail but for memory (a namespace's probes, a
 * constant's table), between these: charged, never stopped midway. */
static inline bool heap_overdraw_begin(heap_t *h)
{
    bool was = h->overdraw;
    h->overdraw = true;
    return was;
}

static inline void heap_overdraw_end(heap_t *h, bool was)
{
    h->overdraw = was;
}

/* alloc.c: ids and memory, as pymalloc and the free lists hand them out. */
obj_t *heap_new_object(heap_t *h, kind_t kind, size_t basic_size);
/* reuse_addr: an id from a type free list, or 0 for a pymalloc block */
obj_t *heap_new_object_at(heap_t *h, kind_t kind, size_t basic_size, uint64_t reuse_addr);
/* An object whose id comes after `preheader` bytes of its block (the GC
 * head and an instance's managed pre-header), `basic` in all. */
obj_t *heap_new_object_preheader(heap_t *h, kind_t kind, size_t basic, size_t preheader);
/* Frees o; its id goes to freelist when given and not full (capacity cap). */
/* A type's free list as alloc.c works it: the ids pushed (s, NULL while
 * none was), below them `startup` ids the interpreter's start-up left
 * (heap_startup_region()), of objects of `basic` bytes, at most cap */
typedef struct {
    addr_stack_t *s;
    uint8_t *startup;
    uint64_t startup_base;
    kind_t kind;
    size_t basic, cap;
    /* the pools of the start-up entries, the first (bottom) entry's first:
     * '0' to '9' the class's start-up usedpool of that rank (profile
     * startup_pools), else the list's own region, a full pool; NULL: all there */
    const char *startup_pools;
} freelist_t;
/* The id a type's allocation takes from its free list, or 0: none */
uint64_t heap_freelist_pop(heap_t *h, const freelist_t *fl);
/* Where start-up's entries of a free list lie: region 0, 1, ... below the heap */
uint64_t heap_startup_region(const heap_t *h, unsigned region);
void heap_release_object(heap_t *h, obj_t *o, const freelist_t *fl);
/* Empties a type's free list of objects of `basic` bytes (as
 * heap_new_object_at() made them), newest first, each freed as
 * PyObject_GC_Del() frees it: its block back to pymalloc, count[0] one lower */
void heap_drain_freelist(heap_t *h, const freelist_t *fl);
/* an object's address (not a live object's) onto the free list while it
 * has room, else its block back to pymalloc (as the type's dealloc) */
void heap_freelist_push(heap_t *h, const freelist_t *fl, uint64_t addr);
/* a pymalloc block for an object of `basic` bytes that no object uses (its address) */
uint64_t heap_block_take(heap_t *h, size_t basic);
/* An object the parser's AST arena holds, by its block alone (no object:
 * nothing reaches it): the floats and ints it made for a number literal
 * beyond the constant (value.c arena_hold()). An int's block is taken here;
 * a float's address comes from the float free list first (num.c). Freed
 * with the arena, the last made first (heap_parse_blocks_free()). */
void heap_parse_block_float(heap_t *h, uint64_t addr);
void heap_parse_block_int(heap_t *h, size_t basic);
/* _PyArena_Free()'s list_dealloc() of them: a float's address onto the float
 * free list (float_free(addr)), an int's block back to pymalloc */
void heap_parse_blocks_free(heap_t *h, void (*float_free)(heap_t *h, uint64_t addr));
void heap_account_size(heap_t *h, obj_t *o);
/* PyMem_Malloc() / PyMem_Realloc() / PyMem_Free() of memory an object
 * holds beside its own block (a list's item array). pymalloc serves 1..512
 * bytes from the size classes objects use, so such a block takes and frees
 * ids as an object's would; 0 bytes and larger requests are the system's
 * (PyMem_RawMalloc()), and a block the system gave stays the system's when
 * reallocated. A mem handle is MEM_NONE (NULL), MEM_SYSTEM, or a pymalloc
 * block: its start and, in the top byte, its size / 16. */
#define MEM_NONE 0
#define MEM_SYSTEM 1
uint64_t heap_mem_alloc(heap_t *h, size_t nbytes);
uint64_t heap_mem_realloc(heap_t *h, uint64_t mem, size_t nbytes);
void heap_mem_free(heap_t *h, uint64_t mem);
void heap_mem_clear(heap_t *h, uint64_t *mem);
/* A pymalloc mem handle's first byte and size (0 for MEM_NONE and MEM_SYSTEM) */
uint64_t heap_mem_start(uint64_t mem);
size_t heap_mem_size(uint64_t mem);
/* heap_account_size() of a container that grows in place when an item is
 * added (a list's items, a dict's or set's table): its next growth is at
 * most num/den of its size, which the quotas keep room for. */
void heap_account_growable(heap_t *h, obj_t *o, unsigned num, unsigned den);
void heap_make_immortal(heap_t *h, obj_t *o);
/* 3.13: name is used as a name in compiled code (its interned str turns immortal). */
void heap_note_code_name(heap_t *h, const char *name);
/* The code object of st's recorded body (st->body, a def's or a class's
 * __del__), for the function MAKE_FUNCTION makes of it (one holder): in
 * module mode the unit's (its constants merged with the unit's), else
 * compiled with the statement, its constants made after the statement's
 * others when more. NULL: it raised (a quota). */
struct code *heap_body_code(heap_t *h, const heap_stmt_t *st, bool more, const char *qualname);
void heap_free_slabs(heap_t *h);
uint64_t heap_base_address(uint64_t seed);
void addr_stack_free(addr_stack_t *s);
/* pymalloc's state and the float free list, gone with the heap */
void heap_free_pools(heap_t *h);
/* The free list of floats (num.c), and the parser's floats (value.c);
 * the latter NULL while the session has no pymalloc state, unless make */
addr_stack_t *heap_float_free(heap_t *h);
addr_stack_t *heap_float_arena(heap_t *h, bool make);
bool addr_stack_push(heap_t *h, addr_stack_t *s, uint64_t a);
/* An object the interpreter makes on first use and keeps for good, in a
 * block of its pools (3.10's lazily filled caches: the one-byte bytes);
 * shared as heap_new_static()'s are */
obj_t *heap_new_kept(heap_t *h, kind_t kind, size_t basic);
/* An object the interpreter makes for itself (made with quiet_events up):
 * a fresh one is out of the session's counts and listings (OF_HIDDEN) until
 * heap_interp_drop() drops it quietly (the session's objects a list of them
 * holds die loud, the last first, as list_dealloc()'s); a shared one
 * (refcount above 1, static) stays as it is and heap_interp_drop() merely
 * drops the reference. */
obj_t *heap_interp_made(heap_t *h, obj_t *o);
void heap_interp_drop(heap_t *h, obj_t *o);
/* Drops one of several references the interpreter holds to o (print()'s
 * str and the TextIOWrapper's pending reference to it): a hidden o stays
 * the interpreter's while another is left, and the last one goes as
 * heap_interp_drop() drops it (no event). heap_interp_drop() of a hidden
 * object whose other reference is the session's makes it the session's. */
void heap_interp_release(heap_t *h, obj_t *o);
obj_t *heap_new_static(heap_t *h, kind_t kind, int64_t refcnt, unsigned align_offset);
/* Each library class's basic weakref, the one its base's tp_subclasses holds
 * (add_subclass()): made with the class (weakref_new_subclass_entry()) at
 * heap_subclass_ref_addr() in __main__.__dict__'s generation, as if there
 * since start-up, and the head of the class's weakref list for good (the
 * basic ref stays first); NULL while the session has not made the class. */
uint64_t heap_subclass_ref_addr(const heap_t *h, int kind);
/* where the statics other than None go: a page of libpython's data */
uint64_t heap_static_page(uint64_t seed);
obj_t *heap_lib_subclass_ref(const heap_t *h, int kind);
/* The slot of interpreter-shared object i (SHARED_*), NULL until made. */
obj_t **heap_shared(heap_t *h, size_t i);
void heap_free_shared(heap_t *h);

/* A strong reference owned by the running statement until it ends. */
void heap_push_temp(heap_t *h, obj_t *o);
void heap_pop_temps(heap_t *h, size_t to);
/* A call's arguments above `to` released as the version's CALL does. */
void heap_pop_args(heap_t *h, size_t to);
/* The AST arena goes (after its code: _PyArena_Free() once run_mod()
 * returns): its references are dropped, the last added first. */
void heap_arena_free(heap_t *h);
/* _PyArena_AddPyObject(): the arena takes over a reference to o */
void heap_arena_hold(heap_t *h, obj_t *o);
/* A copy of a type's name that outlives the type (events refer to it). */
const char *heap_keep_type_name(heap_t *h, const char *name);

/* event.c helpers */
void heap_emit(heap_t *h, event_kind_t kind, const obj_t *o, const obj_t *extra);
/* A print event of what sys.stdout wrote (len bytes at written, NULL when none). */
void heap_emit_printed(heap_t *h, const char *written, size_t len);
/* What the print() running wrote so far becomes its event (h->print_text):
 * a collection starting within it prints its finalizers' text after it. */
void heap_print_flush(heap_t *h);

/* Names: the module namespace (a borrowed value or NULL; set steals o). */
obj_t *heap_name_get(heap_t *h, const char *name);
/* The builtins and modules JSON operations' statements call (`len(r)`,
 * `gc.collect()`), which the session may bind itself (value_load_callee()):
 * heap_t.callees_bound has a bit for each, kept by heap_name_set() and
 * heap_name_del(), so that an operation asks the namespace only when the
 * session bound the name. */
enum {
    CALLEE_ID,
    CALLEE_LEN,
    CALLEE_OBJECT,
    CALLEE_SET,
    CALLEE_FROZENSET,
    CALLEE_GC,
    CALLEE_SYS,
    CALLEE_WEAKREF,
    HEAP_NCALLEES
};
extern const char *const heap_callee_names[HEAP_NCALLEES];
/* name's bit in heap_t.callees_bound, or 0 */
unsigned heap_callee(const char *name);
/* Does the session bind heap_callee_names[callee]? */
static inline bool heap_binds_callee(const heap_t *h, int callee)
{
    return h->callees_bound & (1u << callee);
}
void heap_name_set(heap_t *h, const char *name, obj_t *o);
bool heap_name_del(heap_t *h, const char *name);
/* The recording callback of the `weakref` operation (a shared function). */
obj_t *heap_callback_fn(heap_t *h);

#endif
