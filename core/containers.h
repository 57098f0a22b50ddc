/*
 * containers.h — tuple, list, dict, set and frozenset.
 *
 * Each mirrors its CPython file's allocation, growth and release rules
 * (listobject.c, tupleobject.c, dictobject.c, setobject.c). Functions that
 * store take a new reference from the caller ("_new" steals); the others
 * borrow. Errors are reported through h->exc and a -1/NULL return.
 */
#ifndef HEAPD_CONTAINERS_H
#define HEAPD_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "object.h"

/* tuple: items stolen; n == 0 gives the shared (). */
obj_t *tuple_new_steal(heap_t *h, obj_t **items, size_t n);
/* PyTuple_New(n) the interpreter makes for itself (heap_interp_made():
 * hidden, no event), from the free list as any; its n items left NULL (not
 * followed); heap_interp_drop() drops it */
obj_t *tuple_interp(heap_t *h, size_t n);
/* An _PyArg_Parser's keyword tuple (parser_init()): the names as interned
 * identifiers, the interpreter's own tuple (as tuple_interp()), kept for
 * good by its parser */
obj_t *tuple_interp_names(heap_t *h, const char *const *names, size_t n);
/* _PyTuple_FromArray(): a tuple of new references to items; n == 0 the empty tuple */
obj_t *tuple_from_array(heap_t *h, obj_t *const *items, size_t n);
/* _PyObject_MakeTpCall()'s tuple of a call's positional arguments, for a
 * callable without vectorcall (a METH_VARARGS builtin such as
 * sys.getsizeof() or gc.set_threshold(), a type such as weakref.ref or a
 * class): made once the arguments are evaluated, released when the call
 * returns (tuple_call_args_end()). NULL for no argument (the empty tuple). */
obj_t *tuple_call_args(heap_t *h, obj_t *const *args, size_t n);
void tuple_call_args_end(heap_t *h, obj_t *args);
/* _PyTuple_MaybeUntrack */
void tuple_maybe_untrack(heap_t *h, obj_t *t);

/* The slots tuples and lists share (tuple.c). */
int seq_traverse(obj_t *o, visit_fn visit, void *arg);
void seq_free(obj_t *o);
int seq_len(heap_t *h, obj_t *o, int64_t *out);
int seq_contains(heap_t *h, obj_t *o, obj_t *key);
int seq_eq(heap_t *h, obj_t *a, obj_t *b);
void seq_repr(heap_t *h, obj_t *o, repr_ctx_t *r);
obj_t *seq_getitem(heap_t *h, obj_t *o, obj_t *key);
void seq_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg);
/* tupleiter / listiter: the items in order */
int seq_iter(heap_t *h, obj_t *o, py_iter_t *it);

/* list: from_freelist as a display ([...]) takes it; allocated given explicitly. */
obj_t *list_new(heap_t *h, size_t allocated, bool from_freelist);
/* The interpreter's own list (as tuple_interp()) */
obj_t *list_interp(heap_t *h, size_t allocated);
void list_append_new(heap_t *h, obj_t *l, obj_t *item);
/* list.pop(i) of an index in range: the item (the caller's reference). */
obj_t *list_pop(heap_t *h, obj_t *l, size_t i);
/* Before list.extend(src) or set.update(*srcs) changes anything: whether
 * the session has room for `extra` bytes, `per_item` bytes an item of each
 * src (a builtin sequence, set or dict: len(src) items) and the strs
 * iterating a str makes, and whether the budget covers the FOR_ITER steps
 * of those `iterated` says are iterated (and the walk of a set's or dict's
 * table, holes included); false with the `limit` or `budget`
 * error set. The statement's quota check (exec.c) sees none of it: what it
 * adds depends on the lengths, known only as it runs. */
bool container_fill_room(heap_t *h, obj_t *const *srcs, size_t nsrcs, size_t per_item, size_t extra,
                         bool (*iterated)(const obj_t *src));
/* list_extend of an empty list from a sequence: exact even preallocation. */
void list_extend_prealloc(heap_t *h, obj_t *l, obj_t **items, size_t n);

obj_t *dict_new(heap_t *h, bool from_freelist);
/* The interpreter's own empty dict (as tuple_interp()); from_freelist:
 * PyDict_New(), else a type's tp_alloc (`dict()`) */
obj_t *dict_interp(heap_t *h, bool from_freelist);
/* dict(o.items()): a new dict (dict_new + dict_update_arg of what
 * o.items() gives: a dict, or an iterable of pairs). */
obj_t *dict_of_items(heap_t *h, obj_t *o);
/* _PyDict_FromItems: a display with n key/value pairs (borrowed). */
obj_t *dict_from_items(heap_t *h, obj_t **kv, size_t n);
int dict_set_item(heap_t *h, obj_t *d, obj_t *key, obj_t *value);
/* 1 with *value borrowed, 0 when absent, -1 on error. */
int dict_get_item(heap_t *h, obj_t *d, obj_t *key, obj_t **value);
/* The value under the str key equal to the (UTF-8) name, borrowed, or NULL. */
obj_t *dict_get_utf8(heap_t *h, obj_t *d, const char *name);
/* PyDict_Update(a, b) of two dicts. */
int dict_update(heap_t *h, obj_t *a, obj_t *b);
/* -1 with KeyError set when absent. */
int dict_del_item(heap_t *h, obj_t *d, obj_t *key);
void dict_raise_key_error(heap_t *h, obj_t *key);
/* _PyDict_MaybeUntrack */
void dict_maybe_untrack(heap_t *h, obj_t *d);
size_t dict_len(const obj_t *d);
/* Units of the budget a walk of d's entries costs (its holes included) */
size_t dict_walk_units(const obj_t *d);
/* PyDict_Next(): the entry at or after *pos (borrowed key and value),
 * advancing *pos; false past the last. Either layout. */
bool dict_next(const obj_t *d, size_t *pos, obj_t **key, obj_t **value);

/* Key-sharing dicts (PEP 412): a class caches a key table; its instances'
 * dicts share it and keep only values (3.10: while their attributes are
 * set in the same order), as do 3.11+'s inline values. */
/* _PyDict_NewKeysForClass(): an empty shared table, one reference. */
dict_keys_t *dict_keys_new_for_class(heap_t *h);
/* dictkeys_decref() */
void dict_keys_decref(heap_t *h, dict_keys_t *k);
int64_t dict_keys_refcnt(const dict_keys_t *k);
/* _PyDict_KeysSize(): what the table adds to a sizeof */
int64_t dict_keys_size(const heap_t *h, const dict_keys_t *k);
uint64_t dict_values_mem(const obj_t *d); /* 3.10: a split dict's values block (MEM_NONE: none) */
size_t dict_keys_nentries(const dict_keys_t *k);
size_t dict_keys_usable(const dict_keys_t *k);
/* The key str of entry i, borrowed. */
obj_t *dict_keys_name(const dict_keys_t *k, size_t i);
/* The entry of the ASCII name, or -1. */
int dict_keys_index(heap_t *h, const dict_keys_t *k, const char *name);
/* insert_into_dictkeys(): name's entry, added while the table has room; -1 when full. */
int dict_keys_insert(heap_t *h, dict_keys_t *k, obj_t *name);
/* 3.11+ init_inline_values(): each new instance takes a usable entry while more than one is left. */
void dict_keys_instance_made(heap_t *h, dict_keys_t *k);
/* new_dict_with_shared_keys(): a split dict taking a new reference to k. */
obj_t *dict_new_shared(heap_t *h, dict_keys_t *k);
/* make_dict_from_instance_attributes(): a split dict sharing k that takes
 * the n values (references) listed by index in insertion order. */
obj_t *dict_from_values(heap_t *h, dict_keys_t *k, obj_t **values, const uint32_t *order, size_t n);
/* Does d (still) share k? */
bool dict_shares(const obj_t *d, const dict_keys_t *k);
/* make_keys_shared(): d's table, made shared (split) when it can be, with a
 * new reference for the caller; NULL when it cannot. */
dict_keys_t *dict_make_keys_shared(heap_t *h, obj_t *d);
/* Each shared table's references to its keys (heap_check), and freeing
 * them all with the heap. */
void dict_keys_each_ref(heap_t *h, visit_fn visit, void *arg);
void dict_keys_free_all(heap_t *h);

obj_t *set_new(heap_t *h, kind_t kind);
/* Units of the budget a walk of s's table costs (empty slots included) */
size_t set_walk_units(const obj_t *s);
int set_add(heap_t *h, obj_t *s, obj_t *key);
/* set_merge() of another set/frozenset into s */
void set_merge(heap_t *h, obj_t *s, obj_t *other);
int set_contains(heap_t *h, obj_t *s, obj_t *key);
/* 1 removed, 0 absent, -1 error */
int set_discard(heap_t *h, obj_t *s, obj_t *key);
int64_t frozenset_hash(obj_t *s);

#endif
