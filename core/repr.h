/*
 * repr.h — repr(), dispatched to each type's repr slot, with CPython's
 * recursion marks (Py_ReprEnter: `[...]`) and two bounds of our own: a
 * depth past which the text stops (CPython raises RecursionError there)
 * and a length past which it is cut, so that no repr costs more than its
 * cap whatever structure it walks.
 */
#ifndef HEAPD_REPR_H
#define HEAPD_REPR_H

#include <stdbool.h>

#include "object.h"
#include "strbuf.h"

struct repr_ctx {
    heap_t *h;
    strbuf_t sb;
    size_t limit; /* stop once the text is this long; 0: no limit */
    int depth, max_depth;
    size_t steps, max_steps; /* slots of tables walked (a dict's entries, a set's table); with a
                                limit, the text stops past max_steps */
    size_t len_at_max_steps; /* the text's length when the walk went past max_steps */
    bool budgeted;           /* the walk spends the request's work budget (print) */
    bool spent;              /* ... and it ran out: the text stopped */
    bool truncated;          /* the text was cut (length, depth or steps) */
    bool too_deep;           /* ... because it nested past max_depth */
    const char *deep_msg;    /* ... and RecursionError's message then (NULL: PyObject_Repr()'s) */
    size_t deep_at;          /* ... where the text was when it did (it stops there) */
    int calls, frames;       /* the recursion checks Python-level reprs in the walk made (repr_call()) */
    uint64_t work;           /* units of work no step counts (a big int's decimal digits) */
    size_t paid_len;         /* a budgeted walk: the text's length when it last paid (repr_obj()) */
};

/* A budgeted walk pays for the text written since it last paid (a long
 * str's or bytes' repr calls it as it goes: repr_obj() pays only when the
 * next object is shown). */
void repr_pay_text(repr_ctx_t *r);
/* Appends repr(o); types call it for their items. */
void repr_obj(repr_ctx_t *r, obj_t *o);
/* PyObject_Repr()'s Py_EnterRecursiveCall(): false, with the text cut, past
 * the depth; otherwise r->depth-- when that repr is written. repr_obj()
 * calls it; a type calls it itself for a repr it makes of another object
 * (set_repr: the list of its keys). */
bool repr_descend(repr_ctx_t *r);
/* A repr written in Python (WeakSet.__repr__: `return repr(self.data)`):
 * its frame's and the builtin call's recursion checks, as CPython counts
 * them against the limit PyObject_Repr()'s share (profile repr_call_limit,
 * repr_frame_limit); false, with the text cut, past it. repr_return() when
 * that repr is written. */
bool repr_call(repr_ctx_t *r);
void repr_return(repr_ctx_t *r);
/* Py_ReprEnter(): false when o is already being printed (print `[...]`);
 * a statement's repr (budgeted) makes the thread state's dict and its
 * "Py_Repr" list at the first call, as CPython's does (heap_t.repr_state) */
bool repr_enter(repr_ctx_t *r, obj_t *o);
void repr_leave(repr_ctx_t *r, obj_t *o);
/* The cap is reached: stop appending items. */
static inline bool repr_full(const repr_ctx_t *r)
{
    return r->limit && (r->sb.len >= r->limit || r->steps > r->max_steps || r->spent);
}
/* A table slot was walked: a dict or set that deletions left mostly empty
 * (CPython never shrinks one) shows few items for the slots it walks, so
 * the text's cap alone does not bound the walk. */
void repr_step(repr_ctx_t *r);
/* Work a type's repr does in proportion to something other than the text
 * or the slots it walks (an int's decimal conversion, quadratic as
 * CPython's): spent from the budget when the walk is budgeted, and counted
 * in the heap's repr work (heap_repr_work()) in any case. */
void repr_pay(repr_ctx_t *r, uint64_t units);

/* repr(o), malloc'd: cut after `limit` bytes (0: whole) and marked with the
 * ellipsis character; *truncated (may be NULL) tells. */
char *obj_repr_capped(heap_t *h, obj_t *o, size_t limit, bool *truncated);
/* repr(o) as print() writes it: cut after `limit` bytes only, its walk
 * paid from the request's work budget. NULL when it cannot be written:
 * the budget ran out (ST_BUDGET), or the items nested past the version's
 * print depth, where each item's PyObject_Repr() would have raised
 * RecursionError (ST_PYEXC, set in h->exc). */
char *obj_repr_print(heap_t *h, obj_t *o, size_t limit, status_t *failure);
/* repr(o) whole, as str() or repr() makes a str of it: NULL when the
 * budget ran out (ST_BUDGET), the items nested too deep (ST_PYEXC:
 * RecursionError), or the text passed `limit` bytes (ST_LIMIT: the
 * caller refuses it for the quota). headroom: levels more than a call's
 * (print(), repr()) allows: 1 for an f-string's !r and !a, whose
 * PyObject_Repr() no call's or str()'s check precedes. */
char *obj_repr_whole(heap_t *h, obj_t *o, size_t limit, int headroom, status_t *failure);
/* repr(o) for messages (KeyError): cut at the message length. */
char *obj_repr_str(heap_t *h, obj_t *o);

#endif
