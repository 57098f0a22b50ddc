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
#include "addrmap.h"

#define NUM_GENERATIONS 3
#define GEN_PERMANENT 3
#define NSMALLNEG 5
#define NSMALLPOS 257

typedef struct { uint64_t *addrs; size_t len, cap; } addr_stack_t;

/* Object structs come from per-heap pages: no malloc header per object, and
 * a heap's objects are released together with it. */
#define SLAB_PAGE_OBJECTS 255
typedef struct slab_page { struct slab_page *next; obj_t objs[SLAB_PAGE_OBJECTS]; } slab_page_t;

typedef struct gc_state {
    obj_t heads[NUM_GENERATIONS + 1]; /* list sentinels; [3] is gc.freeze()'s */
    int threshold[NUM_GENERATIONS];
    int64_t count[NUM_GENERATIONS];
    bool enabled, collecting, saveall, scheduled;
    int64_t long_lived_total, long_lived_pending;
    int64_t collections[NUM_GENERATIONS], collected[NUM_GENERATIONS],
        uncollectable[NUM_GENERATIONS];
    obj_t *garbage; /* gc.garbage, a list */
} gc_state_t;

struct heap {
    const profile_t *prof;
    uint64_t seed;
    heap_limits_t limits;
    size_t live_objects, live_bytes;

    strmap_t names;    /* the module namespace: name -> obj (strong) */
    strmap_t interned; /* interned strs: text -> obj (not counted, as 3.11) */
    strmap_t type_names; /* type names events refer to (value: the key itself) */
    strmap_t code_names; /* 3.13: identifiers used as names in compiled code */
    addrmap_t by_addr; /* id -> live obj */

    /* Simulated pymalloc: a bump pointer, and LIFO free blocks per size class. */
    uint64_t next_addr;
    addr_stack_t *free_blocks; /* indexed by size / 16 */
    size_t nfree_classes;
    addr_stack_t list_free, dict_free, tuple_free[21];

    slab_page_t *slab_pages;
    size_t slab_used;     /* objects handed out of the newest page */
    obj_t *slab_free;     /* freed structs, linked through gc_next */

    gc_state_t gc;
    event_log_t events;

    /* interpreter-shared objects, made on first use */
    obj_t *none, *true_, *false_, *empty_str, *empty_tuple, *empty_bytes;
    obj_t *small_ints[NSMALLNEG + NSMALLPOS];
    obj_t *latin1[256], *byte_chars[256];
    uint64_t next_static_addr;

    /* references held by the statement being run (the value stack) */
    obj_t **temps;
    size_t ntemps, captemps;

    size_t const_base;  /* first temp of the running statement's constants */
    uint32_t next_serial, stmt_serial; /* str creation counter; its value when the statement began */
    exc_t *exc;         /* where the running statement reports */
    int depth;          /* nested deallocation depth (trashcan guard) */
    int cmp_depth;      /* nested == / hash() calls */
    obj_t **pending_free; size_t npending, cappending; /* deferred by depth */

    /* internal errors (check.h) */
    jmp_buf panic_jmp;  /* where heap_panic() abandons the running statement */
    bool running;       /* a statement is running: heap_panic() may longjmp */
    bool broken;        /* an internal error stopped this heap for good */
    char broken_msg[200];
};

/* alloc.c: ids and memory, as pymalloc and the free lists hand them out. */
obj_t *heap_new_object(heap_t *h, kind_t kind, size_t basic_size);
/* reuse_addr: an id from a type free list, or 0 for a pymalloc block */
obj_t *heap_new_object_at(heap_t *h, kind_t kind, size_t basic_size, uint64_t reuse_addr);
/* An instance of cls: its id after the GC head and the managed pre-header. */
obj_t *heap_new_instance_object(heap_t *h, obj_t *cls);
/* Frees o; its id goes to freelist when given and not full (capacity cap). */
void heap_release_object(heap_t *h, obj_t *o, addr_stack_t *freelist, size_t cap);
void heap_account_size(heap_t *h, obj_t *o);
void heap_make_immortal(heap_t *h, obj_t *o);
/* 3.13: name is used as a name in compiled code (its interned str turns immortal). */
void heap_note_code_name(heap_t *h, const char *name);
uint64_t obj_addr_key(const void *o);
void heap_free_slabs(heap_t *h);
uint64_t heap_base_address(uint64_t seed);
void addr_stack_free(addr_stack_t *s);
obj_t *heap_new_static(heap_t *h, kind_t kind, int64_t refcnt, unsigned align_offset);

/* A strong reference owned by the running statement until it ends. */
void heap_push_temp(heap_t *h, obj_t *o);
void heap_pop_temps(heap_t *h, size_t to);

/* event.c helpers */
void heap_emit(heap_t *h, event_kind_t kind, const obj_t *o, const obj_t *extra);

/* Names */
obj_t *heap_name_get(heap_t *h, const char *name);
void heap_name_set(heap_t *h, const char *name, obj_t *o /* new ref, stolen */);

#endif
