/*
 * pycall.h — what the interpreter does with any object when Python code
 * calls it, calls a method of it or loops over it (Objects/call.c,
 * Objects/abstract.c, the FOR_ITER / UNPACK_SEQUENCE of Python/ceval.c),
 * all through the type slots (tp_call, tp_methods, tp_iter): it names no
 * type. Everything returns a new reference, or NULL / -1 with the
 * exception CPython raises; calls that would need an object the sandbox
 * does not have (a generator or a view as a value) are refused with
 * `bad_request` ("unsupported").
 */
#ifndef HEAPD_PYCALL_H
#define HEAPD_PYCALL_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"

/* Work units of an object made by calling a class (about 10 ns each). */
#define PY_WORK_NEW_OBJECT 20

/* Python frames count against the recursion limit (_Py_EnterRecursivePy);
 * false with RecursionError (or the budget error) when none is left. */
bool py_frame_enter(heap_t *h);
void py_frame_leave(heap_t *h);
/* py_frame_enter() of a frame that starts or resumes at its RESUME, which
 * checks the eval breaker (gc_run_scheduled()); a generator closed or
 * thrown into resumes past it (py_frame_enter() alone). */
bool py_frame_start(heap_t *h);
/* A call through a type's tp_call (_PyObject_MakeTpCall): 3.10 and 3.11
 * count it on the same counter (" while calling a Python object"); 3.12+
 * keep C recursion apart, with room to spare. */
bool py_ccall_enter(heap_t *h);
void py_ccall_leave(heap_t *h);

/* The current exception is a Python exception of this type (`except T:`). */
bool py_exc_matches(heap_t *h, const char *type);
/* Forgets the current Python exception (the end of an except block). */
void py_exc_clear(heap_t *h);

/* Py_NotImplemented, as the number and sequence slots answer it. */
extern obj_t py_not_implemented;
#define PY_NOTIMPL (&py_not_implemented)
/* v += w / v -= w (op '+' or '-'): PyNumber_InPlaceAdd() /
 * PyNumber_InPlaceSubtract() through the type slots; a new reference, or
 * NULL with CPython's TypeError ("unsupported operand type(s) for +=: 'int'
 * and 'str'") or `unsupported` from a slot heapd does not run. */
obj_t *py_number_inplace(heap_t *h, obj_t *v, obj_t *w, int op);
/* A slot CPython's type has and heapd does not run (set's nb_subtract,
 * bytes' sq_concat): NULL with `unsupported`. */
obj_t *py_binop_unsupported(heap_t *h, obj_t *a, obj_t *b, int op);
/* fn(*args): a new reference, or NULL. */
obj_t *py_call(heap_t *h, obj_t *fn, obj_t **args, size_t nargs);
/* Whether CALL of fn runs a Python frame inline (type_ops_t.call_inline):
 * then no eval-breaker check follows the call, its RESUME's comes first.
 * After a call into C, 3.12+ check it once the arguments went, the result
 * still on the stack: the caller runs gc_run_scheduled() there. */
bool py_call_inline(const obj_t *fn);
/* Refuses valid Python the sandbox does not run: NULL with `unsupported`. */
obj_t *py_unsupported(heap_t *h, const char *what, const obj_t *o);
/* Argument Clinic's _PyArg_CheckPositional(): "pop expected at least 1
 * argument, got 0"; false with the TypeError. */
bool py_arg_range(heap_t *h, const char *name, size_t n, size_t min, size_t max);

/* Does o's type have the method (tp_methods, or a library class's)? */
bool py_has_method(const obj_t *o, const char *name);
/* LOAD_METHOD's question: does o's type define the method (run here or
 * not: calling one not run is refused then)? No bound method is made. */
bool py_type_method(heap_t *h, const obj_t *o, const char *name);
/* o.<name>(*args) for a method py_has_method() found: its arguments
 * checked as its METH_* flags say, then run. */
obj_t *py_call_own_method(heap_t *h, obj_t *o, const char *name, obj_t **args, size_t nargs);

/* LOAD_METHOD o.<name>, kept until called: the receiver and the
 * builtin or library method it names, or (fn) the attribute's value
 * (with self too when it is a function of o's class, which binds). */
struct py_method {
    obj_t *self;             /* strong, or NULL */
    const char *name;        /* a builtin or library method of self, when fn is NULL */
    const method_def_t *def; /* its entry in self's type's methods, when found there */
    obj_t *fn;               /* strong: what o.<name> gave (an instance attribute...) */
};

/* 0, or -1 with AttributeError (nothing to release then). */
int py_method_load(heap_t *h, obj_t *o, const char *name, py_method_t *m);
obj_t *py_method_call(heap_t *h, py_method_t *m, obj_t **args, size_t nargs);
/* py_call_inline() of the loaded method: a class's function, or a library
 * class's own method (Python), not a builtin type's (C). */
bool py_method_inline(const py_method_t *m);
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

/* An iterator: iter(o), as FOR_ITER walks it. A type's iter slot sets
 * next (tp_iternext): 1 with the next item in *a (or a pair in *a, *b when
 * b is not NULL and the type yields pairs), new references; 0 at the end;
 * -1 with the exception. next NULL: exhausted. */
struct py_iter {
    int (*next)(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b);
    obj_t *src; /* strong: the iterated object */
    size_t pos;
    int64_t used; /* dict and set: their size when iteration began */
    py_gen_t *gen;
    obj_t *result; /* the interpreter's object the iterator keeps (a dict items
                      iterator's di_result), dropped at close */
};
/* A type's iter slot, for the common case: it over o, with next. */
void py_iter_start(py_iter_t *it, obj_t *o, int (*next)(heap_t *, py_iter_t *, obj_t **, obj_t **));

/* iter(o): 0, or -1 with TypeError ("'int' object is not iterable"). */
int py_iter_open(heap_t *h, obj_t *o, py_iter_t *it);
/* iter(o.items()) (dict items and a weak mapping's items() need no view). */
int py_iter_items(heap_t *h, obj_t *o, py_iter_t *it);
/* Whether the budget covers `steps` FOR_ITER steps, asked before a method
 * that stores each item it iterates changes anything, so that the budget
 * does not stop it half way; false with the `budget` error set. */
bool py_iter_affordable(heap_t *h, size_t steps);
/* next(it): 1 with *out (new reference), 0 at the end, -1 on error. */
int py_iter_next(heap_t *h, py_iter_t *it, obj_t **out);
/* `for a, b in it` (dict_update: dict(it)): 1 with both (new references). */
enum { UNPACK_FOR, UNPACK_DICT };
int py_iter_next2(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b, int how, size_t index);
/* An iterator over a generator (weakcont.c's), which it owns. */
void py_iter_set_gen(py_iter_t *it, py_gen_t *g);
/* Drops the iterator (a suspended generator is closed). */
void py_iter_close(heap_t *h, py_iter_t *it);

#endif
