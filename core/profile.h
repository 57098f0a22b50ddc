/*
 * profile.h — every fact that differs between CPython versions.
 *
 * The engine never asks "which version is this?"; it reads numbers and
 * switches from the session's profile. A new version is a new row in
 * profile.c, not new branches.
 */
#ifndef HEAPD_PROFILE_H
#define HEAPD_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMMORTAL_REFCNT_VALUE 4294967295LL /* sys.getrefcount of an immortal object, 3.12+ */

typedef struct profile {
    const char *version; /* "3.11" */
    int minor;           /* 11: for the few messages and counts no other field carries */
    /* sys.getsizeof */
    int int_base; /* int: int_base + 4 * max(ndigits, int_min_digits) */
    int int_min_digits;
    int str_ascii_base;       /* ASCII str: base + n */
    int str_compact_base;     /* other str: base + (n + 1) * kind */
    int str_latin1_char_size; /* the cached one-character latin-1 strs */
    int latin1_char_utf8;     /* a shared one-character latin-1 str keeps the UTF-8 form it is asked for
                                 (3.10, 3.11); 3.12+'s are static, with theirs from the start */
    int bytes_base, float_size, tuple_base, list_base;
    int dict_empty, dict_header, dict_entry_general, dict_entry_unicode;
    int set_base, object_size;
    int managed_dict;    /* 3.11+: an instance's __dict__ lives in a pre-header */
    int managed_weakref; /* 3.12+: so does its __weakref__ */
    int class_size, class_slots_size;
    int weakref_size, keyedref_size;
    int function_size, builtin_function_size, method_size;
    int member_descr_size; /* a member_descriptor: PyMemberDescrObject and its GC head */
    /* gc */
    int threshold[3];
    int class_keys_log2size;    /* a class's shared keys (_PyDict_NewKeysForClass): 1 << this
                                   slots (3.10: 8, 3.11+: 64) */
    int shared_keys_usable;     /* and their usable entries (3.10: 5, 3.11+: SHARED_KEYS_MAX_SIZE) */
    int inline_values;          /* instances keep attributes inline (3.11+); else each
                                   instance gets a dict at its first attribute (3.10) */
    int inline_values_no_slots; /* 3.13: only classes without __slots__ members keep them
                                   inline; the others' dicts share the class's keys */
    int inline_values_in_block; /* 3.13: the values live at the end of the object's own block
                                    (_PyType_AllocNoTrack() adds _PyInlineValuesSize()) */
    int dict_kept_on_success;   /* 3.13 store_instance_attr_lock_held(): the dict made when a
                                   name does not fit the shared keys is kept only if the store
                                   succeeds (a failed deletion leaves the values inline) */
    int split_values_block;     /* 3.10: a split dict's values array is a PyMem block of its own,
                                   new_values(USABLE_FRACTION(DK_SIZE(keys))) (3.11+ allocate values
                                   with the instance: not followed) */
    int split_ordered;          /* 3.11+: a split dict keeps an insertion order and allows
                                   deletion and keys in any order; 3.10's must follow the
                                   shared order and combine on deletion */
    int dict_unicode_keys;      /* 3.11+: str-only key tables (16-byte entries) */
    int class_keys_in_size;     /* 3.10: a class's getsizeof includes its cached keys */
    int abc_mapping_refs;       /* weakrefs isinstance(x, Mapping) leaves in the ABC negative
                                   caches for x's class (WeakValueDictionary.__eq__); measured
                                   with json imported, as the probes' harness has it */
    int abc_first_check_gc;     /* the gen-0 count a session's first isinstance(x, Mapping) of a
                                   class not yet in the ABC caches leaves: stale negative caches
                                   cleared, Mapping's tree of ABCs walked, their negative caches made
                                   (_abc__abc_subclasscheck_impl(), _add_to_weak_set()); measured
                                   net of what the walk frees, `python3 file.py` */
    int abc_next_check_gc;      /* the same for each later new class (the sets exist: a weakref,
                                   its _destroy PyCFunction and the class's weakref per ABC) */
    /* reference counts of interpreter-shared objects */
    int64_t static_refcnt_base; /* statically allocated singletons */
    int64_t none_refcnt, true_refcnt, false_refcnt;
    int immortal;                  /* 3.12+: shared objects report 2**32-1, never change */
    int interned_immortal;         /* 0: interned strs are mortal (3.10, 3.11); 1: every
                                      interned str is immortal (3.12); 2: once the str is used
                                      as a name in compiled code (3.13) */
    int ids_interned;              /* the interpreter's own identifier strs (bool_repr()'s 'True',
                                      Py_ReprEnter()'s 'Py_Repr') are the interned ones (3.10:
                                      _Py_IDENTIFIER; 3.12+); 3.11: static strs of their own */
    int format_no_neg_0;           /* 3.11+: the format spec's 'z' (negative zero coercion) */
    int format_spec_in_message;    /* 3.11+: "Invalid format specifier '<spec>' for object of type ..." */
    int64_t none_hash;             /* 3.12+: hash(None) is a constant; 0: its address */
    int siphash24;                 /* str/bytes hash: siphash24 (3.10) instead of siphash13 */
    const char *preinterned_chars; /* one-character strs whose interned copy is not the
                                   latin-1 singleton (sys.intern(c) is not c), measured with
                                   json and weakref imported: a literal of one is replaced, and
                                   a frozenset constant holding it rebuilt */
    int gc_deferred;               /* 3.12+: an automatic collection waits for the statement's end */
    int exc_eager;                 /* 3.12+: _PyErr_SetObject() makes the exception instance at the
                                      raise (its argument tuple, then the object), even one the
                                      caller clears; before, an except clause normalizes it */
    int static_attributes;         /* 3.13: a class's __dict__ holds __static_attributes__, the
                                      sorted names its methods store on self, a tuple constant */
    int globals_generation;        /* where __main__.__dict__ sits when a script starts: 1 (3.10,
                                      3.12, 3.13) or 2 (3.11), as gc.get_objects(g) shows */
    int trash_headroom;            /* 3.13: the trashcan follows c_recursion_remaining, which is
                                      this at a script's module level; 0: the nesting count of
                                      3.10-3.12 (_PyTrash_UNWIND_LEVEL) */
    int eq_recursion_limit;        /* nested == calls a module-level statement may make before
                                      RecursionError (the recursion limit left, 3.12+: the C one) */
    int repr_depth_limit;          /* the same for repr() and print(): past it RecursionError,
                                      and the descriptor's repr is cut (3.11 counts the builtin's
                                      call too: a script's module code runs once, unspecialised) */
    int repr_frame_units;          /* a repr that runs Python code (WeakSet.__repr__: its frame, then
                                      the builtin repr()'s call) counts its frame's and the call's
                                      checks with PyObject_Repr()'s against repr_depth_limit, and
                                      RecursionError names the one that tripped: what entering the
                                      frame from C takes (3.12: PY_EVAL_C_STACK_UNITS, 2; 3.10,
                                      3.11: 1; 0: frames count against repr_frame_limit instead) */
    int repr_frame_limit;          /* 3.13: such frames past this raise first (the Python limit,
                                      less the module's frame; 0: none) */
    int list_del_shrinks;          /* `del x[i]` shrinks the list (all but 3.13) */
    int textio_flush_before_sum;   /* 3.10-3.12 TextIOWrapper.write(): a text that takes the pending
                                      bytes past a chunk flushes them first (bpo-43260); 3.13 flushes
                                      first only for a text of a chunk or more (gh-87426) */
    int print_args_tuple;          /* 3.11+: print() (Argument Clinic, *args) packs its positional
                                      arguments in a tuple (_PyArg_UnpackKeywordsWithVararg) */
    int unpack_iterates;           /* 3.11+: UNPACK_SEQUENCE's first run (unspecialised: 3.11's code
                                      before its warm-up, 3.12+'s adaptive counter) takes
                                      unpack_iterable()'s way, a tuple iterator; 3.10 copies a tuple
                                      of the right size straight (ceval.c UNPACK_SEQUENCE) */
    int print_kwtuple;             /* print()'s _PyArg_Parser builds its keyword tuple on first use
                                      (parser_init(), one GC tuple for good): 1 when keywords are
                                      passed (3.10), 2 on any call (3.11); 0: static (3.12+) */
    int argparser_lazy_kwtuple;    /* 3.10, 3.11: an Argument Clinic function's _PyArg_Parser
                                      builds its keyword tuple at the first call with keywords
                                      (gc.collect(generation=)); 3.12+: static */
    int list_extend_sized;         /* 3.13: list.extend() of a set or dict resizes for m + n
                                      (list_extend_set/_dict), not the iterator path's guess */
    int list_pop_clears;           /* 3.12+: list.pop() of the only item frees the items as
                                      list_clear() does ([x].pop() leaves 56 bytes, not 64) */
    int weakref_repr_module;       /* 3.13: a weakref's repr names the referent's type with its
                                      module, unless builtins or __main__ */
    int weakref_repr_special_name; /* 3.11+: weakref_repr() takes the referent's __name__ with
                                      _PyObject_LookupSpecial() (on its type), which a bound
                                      method's type lacks; 3.10 PyObject_GetAttr() (forwarded
                                      to the function) */
    unsigned none_offset;          /* &_Py_NoneStruct within libpython's 2 MiB-aligned mapping:
                                      hash(None) is its address (3.10, 3.11), whose low 21 bits
                                      are the same in every run, so sets holding None have a
                                      fixed order */
    int call_args_last_first;      /* 3.10 call_function(): a call's arguments are popped off the
                                      stack last first once it returns (3.11+ CALL: first first) */
    int str_concat_in_place;       /* 3.10 INPLACE_ADD of two strs: unicode_concatenate() unbinds the
                                      name the result goes to, and appends in place */
    int import_types;              /* `import weakref` imports `types` (3.11 has it at start-up), whose
                                      garbage survives it: 2 always (3.13), 1 with the collector off
                                      (3.10, 3.12: the import's allocations collect it), 0 never */
    /* references to True and False a module's first import leaves held for
       good ({True, False}: its code's constants, its functions' defaults),
       measured as python3 file.py's sys.getrefcount around the import;
       weakref's includes the `types` it imports (3.10) */
    int gc_import_bools[2], weakref_import_bools[2];
    /* references the AST arena holds to what one bytes literal made: 3.12's
       _PyPegen_concatenate_strings() adds the token's object again (b'' +
       it is it, bytes_concat()) */
    int bytes_literal_arena;
    int frame_object;          /* 3.10: a Python call's frame is a GC object, kept for the next
                                  call by its code (co_zombieframe) once made */
    int weakref_pairs_tuple;   /* PyObject_ClearWeakRefs() holds the weakrefs and callbacks
                                   it runs in a tuple: 3.13 always (when any is left past
                                   the basic ones), 3.10-3.12 for more than one */
    int super_args_tuple;      /* 3.10: super(type, type) is called through tp_call (a
                                  2-tuple of its arguments; 3.11+: vectorcall) */
    int super_attr_objects;    /* 3.10, 3.11: `super().f(...)` makes the super object
                                  and, for a slot wrapper f, a bound method-wrapper,
                                  the super dropped by LOAD_METHOD, the wrapper after
                                  the call (3.12+: LOAD_SUPER_ATTR makes neither) */
    int init_call_specialized; /* 3.13: a call of a Python class whose __init__ is a
                                  Python function is CALL_ALLOC_AND_ENTER_INIT once its
                                  site has run (the adaptive warm-up: 1): no argument
                                  tuple from then on (_PyObject_MakeTpCall's before) */
    /* free lists that keep allocations away from gc counts (emptied by a
       collection of the oldest generation): their capacities; tuples have
       one per length below tuple_freelist_maxlen (3.10: PyTuple_MAXSAVESIZE
       20, lengths 1 to 19; 3.11+: free_list[len - 1], lengths 1 to 20) */
    int list_freelist, dict_freelist, tuple_freelist, tuple_freelist_maxlen;
    /* what those free lists hold when a script's first statement runs
       (`import gc, sys` then sys._debugmallocstats() in python3 file.py):
       start-up and compiling the file freed them; tuples by length (index
       0 unused). A longer file leaves more 1- and 2-tuples (compiling 60
       lines: about 120 and 366) */
    int startup_lists, startup_dicts, startup_tuples[21];
    /* floats on floatobject.c's free list when a script without float
       literals runs its first statement (gdb: numfree at `chr(1)`, the file's
       only line), and the floats the parser makes for one float literal of
       an assignment (`x = 2.5` takes three off that list, `print(2.5)` two;
       the constant is one, the AST arena holds the others while the code runs) */
    int startup_floats, float_literal_parses;
    /* which pools the start-up floats lie in, the bottom one first
       (freelist_t startup_pools; gdb: each free-list float's pool against
       usedpools[1] at `chr(1)`, tools/gdb_usedpools.py) */
    const char *startup_float_pools;
    /* the same for the start-up lists, dicts and tuples (by length), where a
       lowercase letter names a pool that was full at `chr(1)`, the same
       letter the same pool within a size class: dicts, lists and tuples of
       64 bytes share such pools and usedpools' head (3.12: two of the lists
       and a dict lie in one), so that draining them moves those pools to
       usedpools' front as CPython's clear_freelists() does (gdb: freelists
       of tools/gdb_usedpools.py at `import gc, sys; gc.collect()`, each
       entry's pool against the `chr(1)` ranks of startup_pools) */
    const char *startup_list_pools, *startup_dict_pools, *startup_tuple_pools[21];
    /* pymalloc's usedpools at `chr(1)`, a file's only line (tools/gdb_usedpools.py: each
       usedpools[class] list, the blocks each pool has left, freed and never
       used: (16384 - 48) / size - ref.count), by class (size / 16 - 1),
       the head first, 0 ends; pools are 16 KiB in 3.10 to 3.13 (x86-64:
       POOL_BITS 14; no block of 30,000 objects lies under 48 bytes into a
       16 KiB page, 264 into a 4 KiB one) */
    unsigned short startup_pools[32][4];
    /* The interpreter's own tracked objects that survive a full collection,
       which gc_collect_main() counts in long_lived_total with the script's
       (gcstate->long_lived_total = gc_list_size(young)): then
       gc_collect_generations() runs no automatic full collection until the
       gen-1 survivors since reach a quarter of it. Read with gdb after
       gc.collect() in `python3 file.py` (PYTHONHASHSEED=0, HOME set):
       start-up's survivors, of the first full collection and of every later
       one (1 fewer, 3.11: 2);
       what the first `import gc` adds (its module, dict and functions) and
       `import weakref` (with `types` and `_weakrefset`; 3.11 loads them at
       start-up); what a collection within exec() adds (a JSON operation, a
       "statements"-mode statement: the exec'd unit's own objects). Less what
       the session simulates: __main__'s dict (heap.c), and on 3.13 the
       subclass weakref of the class `types` leaves as garbage (exec.c
       types_garbage()), which a collection counts before it frees the class */
    int gc_startup_survivors[2], gc_import_survivors, weakref_import_survivors, gc_exec_survivors;
    /* 3.10: the one-byte bytes objects of bytes_characters[] start-up has
       made (the rest are made on first use, in pool blocks); NULL: all are
       static (3.11+). '1' is there when any environment variable is "1"
       (SHLVL, PYTHONUNBUFFERED): os.environ's bytes made it */
    const char *bytes_chars_startup;
    /* identifier-like strs a fresh interpreter has interned (sorted) */
    const char *const *preinterned;
    size_t npreinterned;
    /* messages that differ */
    const char *del_missing_attr_fmt; /* %s type name, %s attribute */
    const char *setattr_nodict_fmt;   /* setting a new attribute where there is no __dict__ */
    const char *set_threshold_few, *set_threshold_many; /* gc.set_threshold() arity errors */
    const char *weakref_slot_twice;                     /* type_new_visit_slots(): __weakref__ listed twice */
    /* 3.10-3.12 parse gc.set_threshold()'s arguments straight into the thresholds
       (PyArg_ParseTuple "i|ii"): those before a failing one stay set; 3.13's
       argument clinic converts them all first */
    unsigned char set_threshold_atomic;
    const char *del_class_attr_fmt; /* del C.x of a missing x (%s class, %s attribute) */
    const char *str_index_fmt;      /* 'abc'['x'] (%s the index's type) */
    const char *class_getitem_fmt;  /* C[0] (%s the class's name) */
    const char *weakref_call_fmt;   /* w(1) (%zu the arguments given) */
} profile_t;

/* The profile of version "3.11" etc., or NULL when it is not simulated. */
const profile_t *profile_find(const char *version);

/* Comma-separated list of simulated versions, for error messages. */
const char *profile_versions(void);
/* The same as a NULL-ended list. */
const char *const *profile_version_list(void);
/* Whether name is one of the version's builtins (dunder names aside). */
bool profile_is_builtin(const profile_t *p, const char *name);

#endif
