/*
 * code.h — code objects of the functions Python source defines in a class
 * body (`def __init__(self, a, b): self.x = a ...`), and the frame that
 * runs one (Objects/codeobject.c, Objects/funcobject.c, the function call
 * of Python/ceval.c).
 *
 * A code object holds its parameters, its body (stores, as heap statements)
 * and co_consts: the constants its LOAD_CONSTs load, made when the
 * statement defining it was compiled (merged with the rest of its
 * compilation unit's, as the compiler's constant cache merges them). Its
 * holders count it: the class whose __init__ it is, and in module mode the
 * unit's own code object until the unit ends. When the last goes, the
 * constants are released (tupledealloc(): the last first).
 *
 * Ownership: the heap keeps every code object (h->codes) and frees what is
 * left of them with itself.
 */
#ifndef HEAPD_CODE_H
#define HEAPD_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "heap.h"
#include "object.h"

typedef struct code code_t;

/* A running Python function's locals (its parameters, bound to new
 * references), looked up before the globals by reference paths. */
struct frame {
    const char *const *names;
    obj_t **locals;
    size_t n;
    struct frame *back;
};

/* The code of the class statement st's __init__ (st->has_init), for class
 * name cls: its body copied, its co_consts taken (new references) from
 * the konst of its specs, which the statement's compilation made. One
 * holder. */
code_t *code_new(heap_t *h, const heap_stmt_t *st, const char *cls);
void code_incref(code_t *c);
/* One holder fewer; the last releases co_consts. */
void code_release(heap_t *h, code_t *c);
/* The specs of st's __init__ (its docstring, then each store's keys and
 * value: the order its constants are made in) into out (at most cap); how
 * many there are. */
size_t code_specs(const heap_stmt_t *st, spec_t **out, size_t cap);
/* Its docstring, co_consts[0] (borrowed), which the function made of it
 * keeps as __doc__ (PyFunction_NewWithQualName()); NULL: none (None). */
obj_t *code_doc(const code_t *c);
/* Its body: the stores (OP_STORE) its calls run, *n of them. */
const heap_stmt_t *code_body(const code_t *c, size_t *n);
/* Calls the code as a method: self then args bound to its parameters, the
 * body run in a frame of its own. 0, or -1 with the exception (a wrong
 * argument count: CPython's TypeError, with the function's qualname). */
int code_call(heap_t *h, code_t *c, obj_t *self, obj_t **args, size_t n);
/* The local a frame binds to name, borrowed; NULL when none does. */
obj_t *code_frame_local(const heap_t *h, const char *name, size_t len);
/* Visits each reference the code objects hold (their co_consts): the
 * invariants' check counts them. */
void code_each_ref(heap_t *h, int (*fn)(obj_t *, void *), void *arg);
/* Frees every code object left (heap_free(): no release, no events). */
void code_free_all(heap_t *h);

#endif
