/*
 * pycall.h — what the interpreter does with any object when Python code
 * calls it, calls a method of it or loops over it (Objects/call.c,
 * Objects/abstract.c, the FOR_ITER / UNPACK_SEQUENCE of Python/ceval.c),
 * with the builtin methods of list, dict and set that the library code
 * heapd runs in C (weakcont.c) calls: pop, append, add, remove, discard,
 * items... Everything returns a new reference, or NULL / -1 with the
 * exception CPython raises; calls that would need an object the sandbox
 * does not have (a generator or a view as a value) are refused with
 * `bad_request` ("unsupported").
 */
#ifndef HEAPD_PYCALL_H
#define HEAPD_PYCALL_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"

/* Python frames count against the recursion limit (_Py_EnterRecursivePy);
 * false with RecursionError (or the budget error) when none is left. */
bool py_frame_enter(heap_t *h);
void py_frame_leave(heap_t *h);
/* A call through a type's tp_call (_PyObject_MakeTpCall): 3.10 and 3.11
 * count it on the same counter (" while calling a Python object"); 3.12+
 * keep C recursion apart, with room to spare. */
bool py_ccall_enter(heap_t *h);
void py_ccall_leave(heap_t *h);

/* The current exception is a Python exception of this type (`except T:`). */
bool py_exc_matches(heap_t *h, const char *type);
/* Forgets the current Python exception (the end of an except block). */
void py_exc_clear(heap_t *h);

/* fn(*args): a new reference, or NULL. */
obj_t *py_call(heap_t *h, obj_t *fn, obj_t **args, size_t nargs);

/* LOAD_METHOD o.<name>, kept until called: the receiver and the
 * builtin or library method it names, or (fn) the attribute's value
 * (with self too when it is a function of o's class, which binds). */
typedef struct {
    obj_t *self;      /* strong, or NULL */
    const char *name; /* a builtin or library method of self, when fn is NULL */
    obj_t *fn;        /* strong: what o.<name> gave (an instance attribute...) */
} py_method_t;

/* 0, or -1 with AttributeError (nothing to release then). */
int py_method_load(heap_t *h, obj_t *o, const char *name, py_method_t *m);
obj_t *py_method_call(heap_t *h, py_method_t *m, obj_t **args, size_t nargs);
void py_method_release(heap_t *h, py_method_t *m);
/* o.<name>(*args) in one go. */
obj_t *py_call_method(heap_t *h, obj_t *o, const char *name, obj_t **args, size_t nargs);
/* A result the caller drops at once (None mostly): 0, or -1. */
int py_discard_result(heap_t *h, obj_t *r);

/* A generator of the library code (weakcont.c): next() gives a value, or a
 * pair when `pairs` (`yield k, v`, which the consumer unpacks); close() is
 * gen.close() of a generator dropped while suspended (its errors are
 * unraisable) and frees it. */
typedef struct py_gen py_gen_t;
struct py_gen {
    int (*next)(heap_t *h, py_gen_t *g, obj_t **a, obj_t **b); /* 1 item, 0 done, -1 error */
    void (*close)(heap_t *h, py_gen_t *g);
    bool pairs;
};

/* An iterator: iter(o), as FOR_ITER walks it. */
typedef struct {
    int kind;
    obj_t *src; /* strong: the iterated object */
    size_t pos;
    int64_t used; /* dict and set: their size when iteration began */
    py_gen_t *gen;
} py_iter_t;

/* iter(o): 0, or -1 with TypeError ("'int' object is not iterable"). */
int py_iter_open(heap_t *h, obj_t *o, py_iter_t *it);
/* iter(o.items()) (dict items and a weak mapping's items() need no view). */
int py_iter_items(heap_t *h, obj_t *o, py_iter_t *it);
/* next(it): 1 with *out (new reference), 0 at the end, -1 on error. */
int py_iter_next(heap_t *h, py_iter_t *it, obj_t **out);
/* `for a, b in it` (dict_update: dict(it)): 1 with both (new references). */
enum { UNPACK_FOR, UNPACK_DICT };
int py_iter_next2(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b, int how, size_t index);
/* An iterator over a generator (weakcont.c's), which it owns. */
void py_iter_set_gen(py_iter_t *it, py_gen_t *g);
/* Drops the iterator (a suspended generator is closed). */
void py_iter_close(heap_t *h, py_iter_t *it);

/* dict(o.items()): a new dict (dict_new + dict_update_arg of what
 * o.items() gives: a dict, or an iterable of pairs). */
obj_t *py_dict_of_items(heap_t *h, obj_t *o);

#endif
