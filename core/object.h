/*
 * object.h — the simulated PyObject, shared by the engine's modules.
 *
 * Internal to core/: the API layer sees objects only through heap.h.
 * Every pointer from one object's payload to another is a strong
 * reference (counted in refcnt) unless the field says "weak".
 */
#ifndef HEAPD_OBJECT_H
#define HEAPD_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct heap heap_t;
typedef struct obj obj_t;

typedef enum {
    K_NONE, K_BOOL, K_INT, K_FLOAT, K_STR, K_BYTES,
    K_TUPLE, K_LIST, K_DICT, K_SET, K_FROZENSET,
    K_OBJECT,   /* object() */
    K_CLASS,    /* a class made by the `class` operation */
    K_INSTANCE, /* an instance of such a class */
    K_WEAKREF,  /* weakref.ref, and the KeyedRef of a WeakValueDictionary */
    K_WEAKCONT, /* WeakValueDictionary, WeakKeyDictionary, WeakSet */
    K__COUNT
} kind_t;

enum { /* obj_t.flags */
    OF_STATIC = 1 << 0,      /* interpreter-shared: never dies, base refcount */
    OF_TRACKED = 1 << 1,     /* gc.is_tracked */
    OF_COLLECTING = 1 << 2,  /* PREV_MASK_COLLECTING of gcmodule.c */
    OF_UNREACHABLE = 1 << 3, /* NEXT_MASK_UNREACHABLE of gcmodule.c */
    OF_FINALIZED = 1 << 4,   /* PEP 442: __del__ already ran */
    OF_INTERNED = 1 << 5,    /* str in the interned table */
    OF_GC = 1 << 6,          /* type supports gc (PyObject_IS_GC) */
    OF_WR_CALLBACK = 1 << 8, /* weakref with a user callback that logs an event */
    OF_WR_HASHED = 1 << 9,   /* weakref whose referent's hash is cached */
    OF_IMMORTAL = 1 << 10,   /* 3.12+: refcount fixed at IMMORTAL_REFCNT */
};


typedef struct bigint { /* |value| in CPython's 30-bit digits, least first */
    int sign;           /* -1, 0, 1 */
    uint32_t ndigits;
    uint32_t *digits;
} bigint_t;

typedef struct dict_entry {
    obj_t *key, *value; /* both NULL for a deleted entry (DKIX_DUMMY) */
    int64_t hash;
} dict_entry_t;

typedef struct set_entry {
    obj_t *key; /* NULL unused; SET_DUMMY deleted */
    int64_t hash;
} set_entry_t;

typedef enum { WC_VALUEDICT, WC_KEYDICT, WC_SET } weakcont_kind_t;

/* The class-only part of a class object, kept out of line: classes are few. */
typedef struct cls_data {
    char *name;
    char **slots; size_t nslots; /* sorted, without __weakref__ / __dict__ */
    size_t slots_given;          /* len(__slots__) as written */
    bool survived_gc;            /* a collection found it reachable */
    int abc_refs;                /* weakrefs the collections.abc caches hold to it */
    const char *event_name;      /* its name as events keep it (outlives the class) */
    bool has_dict, has_weakref;
    int finalizer;               /* FIN_NONE, FIN_LOG, FIN_RESURRECT */
    char **keys; size_t nkeys;   /* the shared-key table, in order */
    int64_t usable;
    char **cattr_names; obj_t **cattr_values; size_t ncattrs;
    obj_t *wr_head;              /* weakrefs to the class */
} cls_data_t;

/* Attributes a client set on a weak container (a Python instance). */
typedef struct { char **names; obj_t **values; size_t n; } attrs_t;

#define INST_INLINE 1 /* attribute values an instance keeps without an array */

/*
 * 96 bytes on x86-64: the engine's own memory per simulated object is this
 * plus its share of the id index (addrmap) and any out-of-line payload.
 */
struct obj {
    obj_t *gc_next, *gc_prev; /* generation list, while tracked */
    uint64_t addr;            /* id() */
    int64_t refcnt;
    int32_t gc_refs;          /* scratch of a collection */
    int32_t cur_size;         /* sys.getsizeof as last accounted in live_bytes */
    uint32_t size_class;      /* bytes of the simulated memory block */
    uint8_t kind;
    uint8_t gen;              /* 0..2, 3 = permanent (frozen) */
    uint16_t flags;
    union {
        bool b;
        bigint_t i;
        double f;
        struct { uint32_t *cp; size_t len; int64_t hash; uint32_t serial; uint8_t kindw; bool ascii; } s;
        struct { uint8_t *data; size_t len; int64_t hash; } by;
        struct { obj_t **items; size_t len, allocated; int64_t hash; } seq; /* tuple, list */
        struct {
            dict_entry_t *entries;
            size_t nentries, used, log2size, usable;
            bool unicode, has_keys;
        } d;
        struct { set_entry_t *table; size_t mask, fill, used; int64_t hash; obj_t *wr_head; } set;
        cls_data_t *cls;
        struct {
            obj_t *type;     /* the class (a strong reference) */
            obj_t *dict;     /* a materialized dict (then no values) */
            obj_t **slots;   /* by the class's sorted slot index */
            uint32_t nvalues, cap;
            obj_t *vals[INST_INLINE]; /* inline values by shared-key index; when
                                         cap > INST_INLINE, vals[0] is the array */
            obj_t *wr_head;  /* weakrefs to it, CPython's list order */
        } inst;
        struct {
            obj_t *referent;      /* weak; NULL once cleared */
            obj_t *wr_prev, *wr_next;
            obj_t *owner;         /* weak: the weak container this is an entry of */
            obj_t *key;           /* KeyedRef.key (strong) */
            int64_t hash;         /* hash of the referent, once OF_WR_HASHED */
        } wr;
        struct {
            weakcont_kind_t wkind;
            obj_t *data;             /* dict or set of weakrefs */
            obj_t *selfref;          /* ref(self), the default of its remove function */
            attrs_t *attrs;          /* attributes a client set, or NULL */
            obj_t *wr_head;
        } wc;
    } u;
};

/* An instance's attribute values, indexed by its class's shared keys. */
static inline obj_t **inst_values(obj_t *o)
{
    return o->u.inst.cap > INST_INLINE ? (obj_t **)o->u.inst.vals[0] : o->u.inst.vals;
}

/* The head of the list of weakrefs to o (an always-NULL slot for kinds
 * that cannot be weakly referenced: never written through). */
static inline obj_t **wr_list(obj_t *o)
{
    static obj_t *none;
    switch (o->kind) {
    case K_INSTANCE: return &o->u.inst.wr_head;
    case K_SET: case K_FROZENSET: return &o->u.set.wr_head;
    case K_CLASS: return &o->u.cls->wr_head;
    case K_WEAKCONT: return &o->u.wc.wr_head;
    default: none = NULL; return &none;
    }
}

#define SET_DUMMY ((obj_t *)(uintptr_t)1)
enum { FIN_NONE, FIN_LOG, FIN_RESURRECT };

/* Reference counting (object.c). */
void obj_incref(obj_t *o);
void obj_decref(heap_t *h, obj_t *o);
static inline obj_t *obj_newref(obj_t *o) { obj_incref(o); return o; }

const char *obj_type_name(const obj_t *o);
bool obj_is_gc(const obj_t *o);
/* _PyObject_GC_MAY_BE_TRACKED: a gc object that is not an untracked tuple. */
bool obj_may_be_tracked(const obj_t *o);

/* Visit every strong reference o holds, in tp_traverse order. */
typedef int (*visit_fn)(obj_t *ref, void *arg);
int obj_traverse(obj_t *o, visit_fn visit, void *arg);
/* Visit every strong reference o holds, including those tp_traverse skips. */
int obj_each_ref(obj_t *o, visit_fn visit, void *arg);

#endif
