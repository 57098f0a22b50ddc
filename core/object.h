/*
 * object.h — the simulated PyObject and its type-slot table.
 *
 * Internal to core/: the API layer sees objects only through heap.h.
 * Every pointer from one object's payload to another is a strong
 * reference (counted in refcnt) unless the field says "weak".
 *
 * As CPython's PyTypeObject, a type_ops_t holds each type's behaviour;
 * each type's file defines its table (list.c ends with list_type), and the
 * runtime (object.c, gc.c, pycall.c, compare.c, repr.c) calls through
 * TYPE(o) without naming any kind. types.c lists the tables by kind;
 * tools/layers.py checks that nothing below the types calls into one.
 */
#ifndef HEAPD_OBJECT_H
#define HEAPD_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heap.h"
#include "strbuf.h"

typedef struct heap heap_t;
typedef struct obj obj_t;

typedef enum {
    K_NONE,
    K_BOOL,
    K_INT,
    K_FLOAT,
    K_STR,
    K_BYTES,
    K_TUPLE,
    K_LIST,
    K_DICT,
    K_SET,
    K_FROZENSET,
    K_OBJECT,       /* object() */
    K_CLASS,        /* a class: made by the `class` operation, or a library class */
    K_INSTANCE,     /* an instance of a class (weak containers are instances too) */
    K_WEAKREF,      /* weakref.ref, and weakref.KeyedRef */
    K_FUNCTION,     /* a Python function (a weak container's remove), or a builtin */
    K_METHOD,       /* a bound method: `lst.append`, `wv.items` */
    K_MEMBER_DESCR, /* a member descriptor: `C.x` for a slot x of class C */
    K__COUNT
} kind_t;

/* obj_t.flags */
enum {
    OF_STATIC = 1 << 0,      /* interpreter-shared: never dies, base refcount */
    OF_TRACKED = 1 << 1,     /* gc.is_tracked */
    OF_COLLECTING = 1 << 2,  /* PREV_MASK_COLLECTING of gcmodule.c */
    OF_UNREACHABLE = 1 << 3, /* NEXT_MASK_UNREACHABLE of gcmodule.c */
    OF_FINALIZED = 1 << 4,   /* PEP 442: __del__ already ran */
    OF_INTERNED = 1 << 5,    /* str in the interned table */
    OF_GC = 1 << 6,          /* type supports gc (PyObject_IS_GC) */
    OF_INST_DICT = 1 << 7,   /* an instance's u.inst.dict is its materialized dict (not values) */
    OF_LEAKED = 1 << 8,      /* holds one reference the interpreter lost: never released */
    OF_WR_HASHED = 1 << 9,   /* weakref whose referent's hash was taken (kept in u.wr.hash once cleared) */
    OF_IMMORTAL = 1 << 10,   /* 3.12+: refcount fixed at IMMORTAL_REFCNT */
    OF_SESSION = 1 << 11,    /* made by the session, billed to it even when shared later */
    /* 1 << 12: repr.c's Py_ReprEnter mark */
    OF_KEYEDREF = 1 << 13, /* a weakref.KeyedRef (a heap subtype of ref) */
    OF_HIDDEN = 1 << 14,   /* the interpreter's own (gc.garbage, the namespace dict): no id reaches it */
};

/* |value| in CPython's 30-bit digits, least first */
#define INT_INLINE 6 /* digits an int keeps in its object (up to 2**180) */
typedef struct bigint {
    int sign; /* -1, 0, 1 */
    uint32_t ndigits;
    uint32_t *digits; /* small, or a malloc'd array */
    uint32_t small[INT_INLINE];
} bigint_t;

typedef struct dict_entry {
    obj_t *key, *value; /* both NULL for a deleted entry (DKIX_DUMMY) */
    int64_t hash;
} dict_entry_t;

/* 3.10's shared keys (dict.c): a key table whose values live in each split dict. */
typedef struct dict_keys dict_keys_t;

typedef struct set_entry {
    obj_t *key; /* NULL unused; SET_DUMMY deleted */
    int64_t hash;
} set_entry_t;

typedef struct type_ops type_ops_t;
typedef struct cls_data cls_data_t;

#define INST_INLINE 1 /* attribute values an instance keeps without an array */

/*
 * 80 bytes on x86-64 (asserted below): the engine's own memory per simulated object is this
 * plus its share of the id index (addrmap, 4 bytes a slot) and any
 * out-of-line payload. The generation lists link objects by their index in
 * the heap's slab table (heap_obj_at()), as PyGC_Head links them by pointer:
 * half the size, and the id index can hold the same 32-bit indices.
 */
struct obj {
    uint32_t gc_next, gc_prev; /* generation list, while tracked (OBJ_NIL when not) */
    uint32_t index;            /* this struct's own index (heap_obj_at(h, index) == this) */
    uint32_t refcnt;           /* fits 3.12+'s immortal value, UINT32_MAX */
    uint64_t addr;             /* id() */
    int32_t gc_refs;           /* scratch of a collection */
    int32_t cur_size;          /* sys.getsizeof as last accounted in the heap's totals */
    uint32_t size_class;       /* bytes of the simulated memory block */
    uint8_t kind;
    uint8_t gen; /* 0..2, 3 = permanent (frozen) */
    uint16_t flags;
    union {
        bool b;
        bigint_t i;
        double f;
        struct { /* PEP 393: kindw bytes per code point, latin-1/UCS-2/UCS-4 */
            void *data;
            int64_t hash;
            uint32_t len; /* code points (a heap's memory limit keeps it far below 2**32) */
            uint32_t serial;
            uint8_t kindw;
            bool ascii;
            bool utf8;      /* its UTF-8 form is cached (PyUnicode_AsUTF8): sys.getsizeof counts it */
            uint8_t quotes; /* repr's scan for quotes, once (QUOTES_*; 0: not scanned yet) */
            _Alignas(4) char small[12]; /* data, when it fits with its NUL (objects never move) */
        } s;
        struct {
            uint8_t *data;
            size_t len;
            int64_t hash;
            uint8_t quotes; /* as a str's */
        } by;
        struct {
            obj_t **items;
            size_t len, allocated;
            union {
                int64_t hash; /* a tuple's, once computed */
                uint64_t mem; /* a list's: its item array's PyMem block (alloc.c heap_mem_alloc()) */
            };
        } seq; /* tuple, list */
        struct {
            union {
                struct {                       /* combined */
                    dict_entry_t *entries;     /* key, value, hash in insertion order */
                    void *indices;             /* dk_indices, 1 << log2size slots of 1..8 bytes */
                    uint32_t nentries, usable; /* dk_nentries, dk_usable */
                };
                struct {                            /* split (ma_values != NULL) */
                    obj_t **values;                 /* values by the shared keys' index */
                    dict_keys_t *shared;            /* the class's keys, shared with other dicts */
                    obj_t *share_prev, *share_next; /* the other dicts sharing them */
                };
            };
            uint32_t used;
            uint8_t log2size;
            bool unicode;  /* str keys only (dk_lookup is not lookdict; 3.11+: DK_IS_UNICODE) */
            bool has_keys; /* not Py_EMPTY_KEYS */
            bool split;    /* ma_values != NULL */
        } d;
        struct {
            set_entry_t *table;
            uint32_t mask, fill, used; /* a heap's memory limit keeps them far below 2**32 */
            uint32_t finger;           /* where set.pop() looks first (so->finger) */
            int64_t hash;
            obj_t *wr_head;
        } set;
        cls_data_t *cls;
        struct {
            obj_t *type;   /* the class (a strong reference) */
            obj_t **slots; /* by the class's sorted slot index */
            uint32_t nvalues, cap;
            union {
                obj_t *vals[INST_INLINE]; /* inline values by shared-key index; when
                                             cap > INST_INLINE, vals[0] is the array */
                obj_t *dict;              /* with OF_INST_DICT: a materialized dict (then no
                                             values): read it through inst_dict() */
            };
            obj_t *wr_head; /* weakrefs to it, CPython's list order */
        } inst;
        struct {
            obj_t *referent; /* weak; NULL once cleared */
            union {
                obj_t *wr_prev;  /* while the referent lives, but for the list's head */
                uint64_t wr_len; /* the list's head: how many refs the list holds */
                int64_t hash;    /* once cleared, with OF_WR_HASHED: the referent's hash */
            };
            obj_t *wr_next;
            obj_t *callback; /* the callback function (strong), or NULL */
            obj_t *key;      /* KeyedRef.key (strong) */
        } wr;
        struct {
            obj_t *self;                 /* strong; NULL: bound to a builtin type */
            const char *name, *qualname; /* static strings */
            bool python;                 /* a method (a library class's function), else a builtin's */
            obj_t *wr_head;
        } meth;
        struct {
            const struct func_def *def; /* what it is and what calling it does */
            obj_t *defaults;            /* __defaults__ (strong), or NULL */
            obj_t *dict;                /* __dict__ (strong), made by the first attribute set, or NULL */
            obj_t *wr_head;
            bool frame_made; /* 3.10: its code keeps the frame of its first call (co_zombieframe) */
        } fn;
        struct {
            obj_t *type; /* d_type, the class (strong) */
            size_t slot; /* d_member: its index in the class's sorted slots */
        } descr;
    } u;
};
_Static_assert(sizeof(obj_t) == 80, "obj_t grew: the engine's memory per object is a goal (issue 10)");

/* The class-only part of a class object, kept out of line: classes are few. */
struct cls_data {
    char *name;
    obj_t *
        name_str; /* ht_name and ht_qualname: the interned identifier, two references (NULL: library class) */
    obj_t *init_doc;    /* its __init__ function's __doc__ (func_doc: its code's co_consts[0]), or NULL */
    obj_t *firstlineno; /* 3.13: its __dict__'s __firstlineno__ past the small ints, or NULL */
    obj_t *doc_str;     /* its __dict__'s __doc__ when the class body set one (type_new_set_doc() reads it),
                           the body's constant; NULL: None, not an object of the session's */
    const char *module; /* "__main__", or the library module */
    const type_ops_t *lib; /* a library class's Python-level methods
                              (WeakValueDictionary...), or NULL */
    int lib_kind;
    char **slots;
    size_t nslots;           /* sorted, without __weakref__ / __dict__ */
    obj_t **descrs;          /* each slot's member descriptor in the class's __dict__
                                (strong), NULL once replaced or deleted there */
    unsigned char *in_place; /* slot i's descriptor was replaced by a value (`C.x = v`):
                                the class attribute of its name holds the descriptor's
                                place in the __dict__'s order until deleted */
    size_t slots_given;      /* len(__slots__) as written */
    int slots_form;          /* SLOTS_TUPLE, SLOTS_LIST, SLOTS_STR: what the class dict's __slots__ is */
    uint64_t slots_unit;     /* a tuple constant of this module-mode unit (its code holds it), or 0 */
    bool slots_untracked;    /* that tuple: a collection of the unit before the class ran untracked it */
    bool slots_held;         /* that tuple is the __init__ code's co_names too (slots_merged()) */
    bool attrs_tuple;        /* 3.13: __static_attributes__ is a tuple of its own (not the __init__
                                code's co_names, which the compiler merged it with when equal) */
    uint64_t attrs_unit;     /* as slots_unit, for that tuple */
    bool attrs_untracked;    /* as slots_untracked */
    int64_t consts_frozen;   /* those tuples: a gc.freeze() of the unit moved them to the permanent
                                generation, until the gc.unfreeze() after the (n - 1)th; 0: not */
    bool survived_gc;        /* a collection found it reachable */
    int abc_refs;            /* weakrefs the collections.abc caches hold to it */
    const char *event_name;  /* its name as events keep it (outlives the class) */
    bool has_dict, has_weakref;
    int finalizer;            /* FIN_NONE, FIN_LOG, FIN_RESURRECT */
    char *del_print;          /* what its __del__ prints (exec sources; heap.h's print_text), or NULL */
    struct code *init;        /* its __init__'s code (code.c): the function is the class's, as
                                 __del__ is, not an object of its own here; NULL: object.__init__ */
    bool init_not_called;     /* that function is another method (types._C._m): counted as
                                 __init__'s is, never called */
    uint8_t sites_run;        /* 3.13: its call sites (CLS_SITE_*) that have run once
                                 (profile init_call_specialized) */
    uint32_t frames_made;     /* 3.10: its functions (CLS_FRAME_*) whose code keeps the frame of
                                 its first call (co_zombieframe), once called */
    dict_keys_t *cached_keys; /* ht_cached_keys, shared by its instances' dicts and
                                 (3.11+) inline values; 3.10 drops it (NULL) */
    bool cleared;             /* type_clear() ran: its own references are gone */
    char **cattr_names;
    obj_t **cattr_values;
    size_t ncattrs;
    obj_t *wr_head;   /* weakrefs to the class */
    uint64_t doc_mem; /* tp_doc: type_new_set_doc()'s copy of the docstring (alloc.c heap_mem_alloc()) */
    uint64_t subclass_key_mem; /* the int add_subclass() keys the weakref with in object's tp_subclasses
                                  (PyLong_FromVoidPtr(): no object the session reaches, its block only) */
    obj_t *subclass_ref;       /* the basic weakref object.__subclasses__ keeps (strong:
                                  held on behalf of that interpreter dict) */
    /* type_new()'s own objects a class statement's class keeps (class.c
     * type_new_objects()), the interpreter's (hidden, untracked: the
     * collector counts them with the class, class_gc_hidden()), or NULL */
    obj_t *tp_dict, *tp_bases, *tp_mro, *ht_slots;
    obj_t *slots_list; /* `__slots__ = [...]`: the list the body made, in its __dict__ */
};

#define SET_DUMMY ((obj_t *)(uintptr_t)1)
enum {
    CLS_FRAME_DEL = 1,
    CLS_FRAME_INIT = 2,
    CLS_FRAME_UPDATE = 4,
    CLS_FRAME_SETITEM = 8,
    CLS_FRAME_ADD = 16,
    CLS_FRAME_KEYEDREF_NEW = 32,
    CLS_FRAME_KEYEDREF_INIT = 64,
    CLS_FRAME_LEN = 128,
    CLS_FRAME_GETITEM = 256,
    CLS_FRAME_CONTAINS = 512,
    CLS_FRAME_DELITEM = 1 << 10,
    CLS_FRAME_DISCARD = 1 << 11,
    CLS_FRAME_COMMIT = 1 << 12,    /* _commit_removals */
    CLS_FRAME_REMOVE_CB = 1 << 13, /* the _remove callback its __init__ defines */
    CLS_FRAME_EQ = 1 << 14,
    CLS_FRAME_KEYS = 1 << 15,  /* keys(), __iter__ (the same code), a generator's */
    CLS_FRAME_ITEMS = 1 << 16, /* items(), a generator's */
    CLS_FRAME_ENTER = 1 << 17, /* _IterationGuard's */
    CLS_FRAME_EXIT = 1 << 18,
    CLS_FRAME_REPR = 1 << 19
};
/* Call sites of a library class's code (cls_data_t.sites_run) */
enum {
    CLS_SITE_GUARD_KEYS = 1, /* keys()/__iter__'s _IterationGuard(self) */
    CLS_SITE_GUARD_ITEMS = 2 /* items()' */
};
enum { FIN_NONE, FIN_LOG, FIN_RESURRECT };

/* Results of an eq slot besides 0/1/-1: the type cannot tell (Py_NotImplemented). */
#define NOT_IMPLEMENTED 2

typedef int (*visit_fn)(obj_t *ref, void *arg);

/* pycall.h: an iterator in progress, a method loaded for a call */
typedef struct py_iter py_iter_t;
typedef struct py_method py_method_t;

/* PyMethodDef: a method a builtin type runs in C (its type's `methods`) */
enum {
    METH_NOARGS,  /* "set.pop() takes no arguments (1 given)" */
    METH_O,       /* "list.append() takes exactly one argument (0 given)" */
    METH_FASTCALL /* the function checks its arguments itself (Argument Clinic) */
};
typedef struct method_def {
    const char *name;
    obj_t *(*fn)(heap_t *h, obj_t *self, obj_t **args, size_t n); /* a new reference, or NULL */
    int flags;                                                    /* METH_* */
    bool source; /* exact as Python source calls it (POST .../exec), not only as library code does */
} method_def_t;

/* A non-dunder attribute a builtin type defines (dir() of 3.10-3.13). */
enum { ATTR_METHOD, ATTR_CLASSMETHOD, ATTR_DATA };
typedef struct attr_def {
    const char *name;
    unsigned char how;   /* ATTR_*: a method descriptor, a classmethod (or staticmethod), a getset/member */
    unsigned char since; /* the minor version it appeared in (0: always) */
} attr_def_t;
#define ATTR_M(n)                                                                                            \
    {                                                                                                        \
        n, ATTR_METHOD, 0                                                                                    \
    }
#define ATTR_C(n)                                                                                            \
    {                                                                                                        \
        n, ATTR_CLASSMETHOD, 0                                                                               \
    }
#define ATTR_D(n)                                                                                            \
    {                                                                                                        \
        n, ATTR_DATA, 0                                                                                      \
    }
#define ATTR_END                                                                                             \
    {                                                                                                        \
        NULL, 0, 0                                                                                           \
    }

typedef struct repr_ctx repr_ctx_t;

/* type_ops_t.flags */
enum {
    TF_GC = 1 << 0,            /* Py_TPFLAGS_HAVE_GC */
    TF_TRASHCAN = 1 << 1,      /* its tp_dealloc uses Py_TRASHCAN_BEGIN */
    TF_SEQUENCE = 1 << 2,      /* has tp_as_sequence (messages of del x[i] say "doesn't") */
    TF_NOT_DEEP = 1 << 3,      /* left out of a deep sizeof (classes) */
    TF_UNHASHABLE = 1 << 4,    /* a library class's __hash__ is None (mappings, WeakSet) */
    TF_MAYBE_TRACKED = 1 << 5, /* _PyObject_GC_MAY_BE_TRACKED asks whether it is tracked (tuples) */
    TF_WEAKREF = 1 << 6,       /* PyWeakref_Check: a collection clears it when it is garbage */
    TF_TYPE_OBJECT = 1 << 7,   /* a type: messages say "type object 'X'" */
    TF_INDEX = 1 << 8,         /* has nb_index (ints, bools): usable as a sequence index */
};

/*
 * A type's behaviour. Slots left NULL behave as CPython's generic code does
 * when the slot is missing (an unhashable type, no len(), not subscriptable).
 * Slots returning int: 0 / 1 results, -1 with the exception set.
 */
struct type_ops {
    const char *name; /* type(o).__name__ for every object of the kind */
    unsigned flags;
    /* the name messages use (tp_name, "weakref.ReferenceType"); NULL: name_of or name */
    const char *tp_name;
    const char *(*name_of)(const obj_t *o); /* per object (instances, KeyedRef) */
    const char *(*tp_name_of)(const obj_t *o);
    const char *(*own_name)(const obj_t *o);  /* its own __name__ (types, functions) */
    const char *(*module_of)(const obj_t *o); /* its type's __module__ ("builtins" too) */
    const attr_def_t *attrs;                  /* the attributes its type defines, NULL-ended */
    const char *attrs_owner; /* the base type whose dict defines attrs (bool: int), NULL: this type */
    obj_t *(*getset)(heap_t *h, obj_t *o, const char *name); /* an ATTR_DATA's value, a new reference */
    int64_t (*hidden_weakrefs)(const obj_t *o); /* weakrefs to it that are not simulated objects */
    /* handle_weakrefs() of o unreachable: clears those, returns how many died */
    int64_t (*clear_hidden_weakrefs)(obj_t *o);
    /* the same constant for the compiler (_PyCode_ConstantKey: type and
     * exact value, -0.0 apart from 0.0); b of the same kind; NULL: identity */
    bool (*same_const)(heap_t *h, const obj_t *a, const obj_t *b);
    /* life */
    void (*dealloc)(heap_t *h, obj_t *o); /* tp_dealloc, once the trashcan let it run */
    bool (*trashcan)(const obj_t *o);     /* per object, when TF_TRASHCAN cannot tell */
    bool (*sequence)(const obj_t *o);     /* per object, when TF_SEQUENCE cannot tell */
    void (*free_payload)(obj_t *o);       /* heap_free(): the C memory, no semantics */
    int (*traverse)(obj_t *o, visit_fn visit, void *arg);
    int (*each_ref)(obj_t *o, visit_fn visit, void *arg);  /* NULL: traverse sees every reference */
    void (*clear)(heap_t *h, obj_t *o);                    /* tp_clear; NULL: none (tuples) */
    int64_t (*gc_hidden)(const heap_t *h, const obj_t *o); /* objects it stands for in gc.collect()'s count */
    int64_t (*size)(const heap_t *h, const obj_t *o);      /* sys.getsizeof */
    obj_t **(*weaklist)(obj_t *o);                         /* NULL: cannot be weakly referenced */
    /* protocols */
    int (*hash)(heap_t *h, obj_t *o, int64_t *out);
    int (*eq)(heap_t *h, obj_t *a, obj_t *b); /* a of this type; or NOT_IMPLEMENTED */
    void (*repr)(heap_t *h, obj_t *o, repr_ctx_t *r);
    int (*len)(heap_t *h, obj_t *o, int64_t *out);
    int (*truthy)(heap_t *h, obj_t *o); /* nb_bool; NULL: by len, else true */
    int (*contains)(heap_t *h, obj_t *o, obj_t *key);
    obj_t *(*getitem)(heap_t *h, obj_t *o, obj_t *key);              /* a new reference */
    int (*setitem)(heap_t *h, obj_t *o, obj_t *key, obj_t *v);       /* v NULL: delete */
    obj_t *(*getattr)(heap_t *h, obj_t *o, const char *name);        /* a new reference */
    int (*setattr)(heap_t *h, obj_t *o, const char *name, obj_t *v); /* v NULL: delete */
    /* tp_methods: the methods the type runs in C, NULL-ended (pycall.c calls them) */
    const method_def_t *methods;
    /* per object, when `methods` cannot tell (a library class's Python
     * methods, weakcont.c's): whether o's type has the method, and o.name(*args) */
    bool (*has_method)(const obj_t *o, const char *name);
    obj_t *(*call_method)(heap_t *h, obj_t *o, const char *name, obj_t **args, size_t n);
    /* LOAD_METHOD on an object with a __dict__ and a class of its own
     * (_PyObject_GetMethod): fills m, or -1 with AttributeError; NULL slot:
     * the type's methods, then its attributes */
    int (*load_method)(heap_t *h, obj_t *o, const char *name, py_method_t *m);
    /* tp_iter: starts it over o (0), or -1 with the exception; NULL: not iterable */
    int (*iter)(heap_t *h, obj_t *o, py_iter_t *it);
    /* iter(o.items()) without the view, when o.items is the type's own method */
    int (*iter_items)(heap_t *h, obj_t *o, py_iter_t *it);
    /* nb_index as PyNumber_AsSsize_t: true with *out when it fits */
    bool (*index)(const obj_t *o, int64_t *out);
    void (*edges)(heap_t *h, obj_t *o, edge_fn fn, void *arg); /* labelled references, for drawing */
    void (*gc_survived)(heap_t *h, obj_t *o);      /* a collection found it reachable (untrack_tuples) */
    void (*gc_untrack_young)(heap_t *h, obj_t *o); /* untrack_dicts(): in a collected generation */
    int64_t (*preheader)(const heap_t *h, const obj_t *o); /* bytes before its id; NULL: the GC head */
    /* clear_freelists() (gcmodule.c) after a collection of the oldest
     * generation: the type's free list handed back to pymalloc
     * (heap_drain_freelist()); the kinds' order is CPython's (tuples, lists,
     * dicts) */
    void (*clear_freelist)(heap_t *h);
    /* a new session's free list as a script's first statement finds it
       (the profile's startup_* counts: freelist_t in heap_internal.h) */
    void (*fill_freelist)(heap_t *h);
    const char *(*event_name)(heap_t *h, const obj_t *o); /* its type's name as events keep it */
    /* tp_call (vectorcall): o(*args), a new reference, or NULL with the
     * exception; NULL slot: not callable */
    obj_t *(*call)(heap_t *h, obj_t *o, obj_t **args, size_t n);
    /* Does CALL run o's frame inline (a Python function, a method bound to
     * one)? NULL: a call into C. 3.12+'s CALL checks the eval breaker after
     * a call into C only; a Python frame's RESUME checks it (pycall.h). */
    bool (*call_inline)(const obj_t *o);
    /* __format__ with a spec (a str), a new reference or NULL with the
     * exception (format.c); NULL slot: object.__format__ */
    obj_t *(*format)(heap_t *h, obj_t *o, obj_t *spec);
    /* The number and sequence slots of `+=` and `-=` (op '+' or '-'), as
     * PyNumber_InPlaceAdd() tries them (pycall.c): nb_inplace_add /
     * nb_inplace_subtract, nb_add / nb_subtract (the left's, then the
     * right's), then for '+' sq_inplace_concat or sq_concat. A new
     * reference, PY_NOTIMPL, or NULL with the exception. */
    obj_t *(*nb_inplace)(heap_t *h, obj_t *a, obj_t *b, int op);
    obj_t *(*nb_binop)(heap_t *h, obj_t *a, obj_t *b, int op);
    obj_t *(*sq_inplace_concat)(heap_t *h, obj_t *a, obj_t *b, int op);
    obj_t *(*sq_concat)(heap_t *h, obj_t *a, obj_t *b, int op);
    /* the weakref protocol (TF_WEAKREF): _PyWeakref_ClearRef() (the
     * referent forgotten, the callback kept), and handle_callback(): its
     * callback called with it, errors unraisable, dead_id the referent's */
    bool (*wr_clear)(heap_t *h, obj_t *wr); /* true when it has a callback */
    void (*wr_callback)(heap_t *h, obj_t *wr, uint64_t dead_id);
    bool (*has_finalizer)(const obj_t *o); /* tp_finalize (a __del__) */
    void (*finalize)(heap_t *h, obj_t *o); /* runs it (PyObject_CallFinalizer) */
};

extern const type_ops_t *const type_table[K__COUNT];
#define TYPE(o) (type_table[(o)->kind])

/* Reference counting (object.c). */
void obj_incref(obj_t *o);
void obj_decref(heap_t *h, obj_t *o);
static inline obj_t *obj_newref(obj_t *o)
{
    obj_incref(o);
    return o;
}
/* Py_CLEAR: *slot = NULL, then the decref (which may run arbitrary code). */
static inline void obj_clear(heap_t *h, obj_t **slot)
{
    obj_t *o = *slot;
    if (o) {
        *slot = NULL;
        obj_decref(h, o);
    }
}

/* type(o).__name__ */
const char *obj_type_name(const obj_t *o);
/* tp_name, as messages print it ("weakref.ReferenceType", "list") */
const char *obj_tp_name(const obj_t *o);
/* PyObject_IS_GC; inline: the collector asks it of every referent it visits */
static inline bool obj_is_gc(const obj_t *o)
{
    return (o->flags & OF_GC) != 0;
}
/* _PyObject_GC_MAY_BE_TRACKED: a gc object that is not an untracked tuple. */
bool obj_may_be_tracked(const obj_t *o);
/* The head of the list of weakrefs to o, or NULL when o's type has none. */
obj_t **obj_weaklist(obj_t *o);

/* Visit every strong reference o holds, in tp_traverse order. */
int obj_traverse(obj_t *o, visit_fn visit, void *arg);
/* Visit every strong reference o holds, including those tp_traverse skips. */
int obj_each_ref(obj_t *o, visit_fn visit, void *arg);
/* Releases the items of an array of references, last to first, and frees it. */
void obj_release_array(heap_t *h, obj_t **items, size_t n);

/* The protocols (each sets the exception CPython raises and returns -1/NULL). */
int obj_hash(heap_t *h, obj_t *o, int64_t *out);
/* PyObject_RichCompareBool(a, b, Py_EQ): 1, 0, or -1 with the exception set. */
int obj_eq(heap_t *h, obj_t *a, obj_t *b);
/* `a == b` (PyObject_RichCompare(a, b, Py_EQ) taken as a truth): no identity shortcut. */
int obj_eq_op(heap_t *h, obj_t *a, obj_t *b);
int obj_len(heap_t *h, obj_t *o, int64_t *out);
/* `key in o`: 1, 0, -1 */
int obj_contains(heap_t *h, obj_t *o, obj_t *key);
obj_t *obj_getitem(heap_t *h, obj_t *o, obj_t *key);
int obj_setitem(heap_t *h, obj_t *o, obj_t *key, obj_t *v);
int obj_delitem(heap_t *h, obj_t *o, obj_t *key);
/* The attribute o's type defines (_PyType_Lookup over its attrs), or NULL. */
const attr_def_t *obj_type_attr(const heap_t *h, const obj_t *o, const char *name);
obj_t *obj_getattr(heap_t *h, obj_t *o, const char *name);
int obj_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v);
int obj_delattr(heap_t *h, obj_t *o, const char *name);
/* The same constant for the compiler (_PyCode_ConstantKey): type and exact value. */
bool obj_same_const(heap_t *h, const obj_t *a, const obj_t *b);
/* PyObject_IsTrue: 1, 0, -1 */
int obj_truthy(heap_t *h, obj_t *o);
int64_t obj_size(const heap_t *h, const obj_t *o);

/* object.__hash__ (baseobj.c) */
int64_t hash_pointer(uint64_t addr);
int identity_hash(heap_t *h, obj_t *o, int64_t *out);
obj_t *object_new(heap_t *h);
/* An exception instance as it costs the collector (baseobj.c): made (its
 * argument tuple returned), freed; one raised in C and cleared by its
 * caller (nothing before 3.12, which makes the instance at the raise); a
 * KeyError so (_PyErr_SetKeyError()'s tuple on every version). */
obj_t *exc_instance_made(heap_t *h);
void exc_instance_freed(heap_t *h, obj_t *args);
void exc_raised_and_cleared(heap_t *h);
void key_error_raised_and_cleared(heap_t *h);

/* Messages CPython's generic code raises, shared by the type files. */
int err_no_attribute(heap_t *h, const obj_t *o, const char *name);
int err_unhashable(heap_t *h, const obj_t *o);
int err_no_item_assignment(heap_t *h, obj_t *o, obj_t *key, bool del);
/* PyObject_GenericSetAttr on a type without a __dict__ */
int err_no_setattr(heap_t *h, const obj_t *o, const char *name);

#endif
