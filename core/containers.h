/*
 * containers.h — tuple, list, dict, set and frozenset.
 *
 * Each mirrors its CPython file's allocation, growth and release rules
 * (listobject.c, tupleobject.c, dictobject.c, setobject.c). Functions that
 * store take a new reference from the caller ("_new" steals); errors are
 * reported through h->exc and a false/NULL return.
 */
#ifndef HEAPD_CONTAINERS_H
#define HEAPD_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"

/* tuple: items stolen; n == 0 gives the shared (). */
obj_t *tuple_new_steal(heap_t *h, obj_t **items, size_t n);
/* _PyTuple_MaybeUntrack */
void tuple_maybe_untrack(heap_t *h, obj_t *t);

/* list: from_freelist as a display ([...]) takes it; allocated given explicitly. */
obj_t *list_new(heap_t *h, size_t allocated, bool from_freelist);
void list_append_new(heap_t *h, obj_t *l, obj_t *item);
/* list_extend of an empty list from a sequence: exact even preallocation. */
void list_extend_prealloc(heap_t *h, obj_t *l, obj_t **items, size_t n);
bool list_set_item_new(heap_t *h, obj_t *l, int64_t index, obj_t *item);
bool list_del_item(heap_t *h, obj_t *l, int64_t index);

obj_t *dict_new(heap_t *h, bool from_freelist);
/* _PyDict_FromItems: a display with n key/value pairs (new refs, stolen). */
obj_t *dict_from_items(heap_t *h, obj_t **kv, size_t n);
bool dict_set_item(heap_t *h, obj_t *d, obj_t *key, obj_t *value); /* borrows both */
/* Borrowed value, NULL when absent (and no exception) or on error (exc set). */
obj_t *dict_get_item(heap_t *h, obj_t *d, obj_t *key, bool *error);
/* false with KeyError set when absent. */
bool dict_del_item(heap_t *h, obj_t *d, obj_t *key);
/* _PyDict_MaybeUntrack */
void dict_maybe_untrack(heap_t *h, obj_t *d);
size_t dict_len(const obj_t *d);

obj_t *set_new(heap_t *h, kind_t kind);
bool set_add(heap_t *h, obj_t *s, obj_t *key);   /* borrows key */
/* set_merge() of another set/frozenset into s */
void set_merge(heap_t *h, obj_t *s, obj_t *other);
int set_contains(heap_t *h, obj_t *s, obj_t *key); /* -1 error */
bool set_discard(heap_t *h, obj_t *s, obj_t *key, bool *found);
int64_t frozenset_hash(obj_t *s);

void containers_dealloc(heap_t *h, obj_t *o);

#endif
