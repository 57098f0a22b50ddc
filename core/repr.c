/*
 * repr.c — repr() (PyObject_Repr) over the types' repr slots.
 */
#include "repr.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"

#define OF_IN_REPR (1 << 12) /* Py_ReprEnter's list, as a flag: o is being printed */

bool repr_enter(repr_ctx_t *r, obj_t *o)
{
    /* a statement's repr (print, an f-string) runs CPython's Py_ReprEnter(),
     * whose first call makes the thread state's dict and its list */
    if (r->budgeted && !r->h->repr_state)
        r->h->hooks->repr_state_make(r->h);
    if (o->flags & OF_IN_REPR)
        return false;
    o->flags |= OF_IN_REPR;
    return true;
}

void repr_leave(repr_ctx_t *r, obj_t *o)
{
    o->flags &= (uint16_t)~OF_IN_REPR;
}

/* Past the limit: the text stops, RecursionError names the check */
static bool too_deep(repr_ctx_t *r, const char *msg)
{
    if (!r->too_deep)
        r->deep_at = r->sb.len;
    r->truncated = true;
    r->too_deep = true;
    r->deep_msg = msg;
    return false;
}

bool repr_descend(repr_ctx_t *r)
{
    /* Python frames in the walk count with PyObject_Repr()'s checks (repr_call()) */
    if (r->depth + r->calls >= r->max_depth)
        return too_deep(r, NULL);
    if (repr_full(r)) {
        r->truncated = true;
        return false;
    }
    r->depth++;
    return true;
}

/* What a Python-level repr's frame and its builtin repr() call take off
 * PyObject_Repr()'s limit (3.10-3.12; 3.13 counts frames apart) */
static int call_units(const repr_ctx_t *r)
{
    int units = r->h->prof->repr_frame_units;
    return units ? units + 1 : 0;
}

bool repr_call(repr_ctx_t *r)
{
    const profile_t *p = r->h->prof;
    int units = p->repr_frame_units;
    if (repr_full(r)) {
        r->truncated = true;
        return false;
    }
    /* the frame: _PyEval_EvalFrameDefault()'s check (""), after the units it
     * takes first (3.12); 3.13's Python limit */
    if ((p->repr_frame_limit && r->frames >= p->repr_frame_limit) ||
        (units && r->depth + r->calls + units > r->max_depth))
        return too_deep(r, "");
    /* the builtin repr()'s call: cfunction_vectorcall_O() */
    if (units && r->depth + r->calls + units + 1 > r->max_depth)
        return too_deep(r, " while calling a Python object");
    r->frames++;
    r->calls += call_units(r);
    return true;
}

void repr_return(repr_ctx_t *r)
{
    r->frames--;
    r->calls -= call_units(r);
}

/* A budgeted walk pays, at each object it shows, REPR_UNITS_PER_OBJECT and
 * the text written since it last paid (REPR_BYTES_PER_UNIT a unit, the
 * formatter's price of text): a list's or tuple's items walked nothing
 * else, so `f'{x}'` of a 26-level DAG of lists (2**27 objects, a 470 MB
 * text) walked for 15 s (66 s under ASan) before the bytes quota refused
 * its str, and `f'{x}'` of a 24-level one made its 134 MB in 8.5 s, paying
 * only the str's text (found 2026-12-04 by tests/difffuzz's helper-56
 * probes; tests/e2e/test_limits.py fstring_of_a_shared_dag_spends_its_budget).
 * Measured then: the walk and the str cost about 250 ns an object. */
#define REPR_UNITS_PER_OBJECT 16
#define REPR_BYTES_PER_UNIT 2

static void pay_text_and(repr_ctx_t *r, int64_t units_more)
{
    size_t fresh = r->sb.len > r->paid_len ? r->sb.len - r->paid_len : 0;
    r->paid_len = r->sb.len;
    if (!r->spent && !heap_work(r->h, units_more + (int64_t)(fresh / REPR_BYTES_PER_UNIT)))
        r->spent = true;
}

static void repr_pay_walk(repr_ctx_t *r)
{
    pay_text_and(r, REPR_UNITS_PER_OBJECT);
}

void repr_pay_text(repr_ctx_t *r)
{
    if (r->budgeted)
        pay_text_and(r, 0);
}

void repr_obj(repr_ctx_t *r, obj_t *o)
{
    /* a statement's PyObject_Repr() begins with PyErr_CheckSignals(): a
     * collection scheduled (3.12+) runs (the walkers hold what they show) */
    if (r->budgeted) {
        gc_run_scheduled(r->h);
        repr_pay_walk(r);
    }
    if (!repr_descend(r))
        return;
    TYPE(o)->repr(r->h, o, r);
    r->depth--;
}

/* Cuts the text at limit bytes without splitting a UTF-8 sequence. */
static void cut(strbuf_t *sb, size_t limit)
{
    size_t n = limit;
    while (n > 0 && ((unsigned char)sb->buf[n] & 0xC0) == 0x80)
        n--;
    sb->len = n;
    sb->buf[n] = 0;
}

/* Table slots a capped repr may walk per byte of its cap (and at least
 * REPR_MIN_STEPS): a dict with a thousand times more deleted entries than
 * live ones shows what fits; one past that is cut like a long text. */
#define REPR_STEPS_PER_BYTE 16
#define REPR_MIN_STEPS 4096

/* slots of a table walked a work unit (about 10 ns): a slot costs 3 to 5 ns */
#define REPR_STEPS_PER_UNIT 2

void repr_step(repr_ctx_t *r)
{
    r->steps++;
    if (r->steps == r->max_steps + 1)
        r->len_at_max_steps = r->sb.len; /* what follows (closing brackets) is cut off */
    if (r->budgeted && r->steps % REPR_STEPS_PER_UNIT == 0 && !heap_work(r->h, 1))
        r->spent = true;
}

void repr_pay(repr_ctx_t *r, uint64_t units)
{
    r->work += units;
    if (r->budgeted && !heap_work(r->h, (int64_t)units))
        r->spent = true;
}

/* Every repr's cost in work units (its walk, its conversions, its text: a
 * unit per 64 bytes) is added to h->repr_work: a read that shows many reprs
 * (a page of descriptors, a graph's edge labels) stops when its share
 * passes the request's budget, as a statement does. */
static char *repr_with(heap_t *h, obj_t *o, size_t limit, bool budgeted, bool *truncated, repr_ctx_t *out,
                       int headroom)
{
    repr_ctx_t r = {
        .h = h, .limit = limit, .max_depth = h->prof->repr_depth_limit + headroom, .budgeted = budgeted};
    r.max_steps = budgeted ? SIZE_MAX : limit * REPR_STEPS_PER_BYTE + REPR_MIN_STEPS;
    sb_init(&r.sb);
    repr_obj(&r, o);
    /* the containers around the object too deep closed their displays: the
     * text is what CPython had written when it raised, a prefix of the repr
     * a deeper stack shows (`((((…`, not `((((,),),)…`) */
    if (r.too_deep && r.deep_at < r.sb.len)
        cut(&r.sb, r.deep_at);
    if (limit && r.sb.len > limit) {
        cut(&r.sb, limit);
        r.truncated = true;
    }
    if (limit && r.steps > r.max_steps) {
        cut(&r.sb, r.len_at_max_steps < r.sb.len ? r.len_at_max_steps : r.sb.len);
        r.truncated = true;
    }
    if (r.truncated)
        sb_puts(&r.sb, "\xe2\x80\xa6"); /* U+2026, never part of a CPython repr */
    h->repr_work += 1 + r.steps / REPR_STEPS_PER_UNIT + r.work + r.sb.len / 64;
    if (truncated)
        *truncated = r.truncated;
    if (out)
        *out = r;
    return sb_take(&r.sb);
}

/* The RecursionError of a walk past the limit, naming the check that
 * tripped (list_repr() & co: Py_EnterRecursiveCall(" while getting the repr
 * of an object"); repr_call()'s) */
static status_t raise_too_deep(heap_t *h, const repr_ctx_t *r)
{
    exc_set(h->exc, ST_PYEXC, "RecursionError", "maximum recursion depth exceeded%s",
            r->deep_msg ? r->deep_msg : " while getting the repr of an object");
    return ST_PYEXC;
}

char *obj_repr_capped(heap_t *h, obj_t *o, size_t limit, bool *truncated)
{
    return repr_with(h, o, limit, false, truncated, NULL, 0);
}

char *obj_repr_print(heap_t *h, obj_t *o, size_t limit, status_t *failure)
{
    repr_ctx_t r;
    char *text = repr_with(h, o, limit, true, NULL, &r, 0);
    if (!r.spent && !r.too_deep)
        return text;
    free(text);
    if (r.spent) {
        *failure = ST_BUDGET;
    } else {
        *failure = raise_too_deep(h, &r);
    }
    return NULL;
}

char *obj_repr_whole(heap_t *h, obj_t *o, size_t limit, int headroom, status_t *failure)
{
    repr_ctx_t r;
    char *text = repr_with(h, o, limit, true, NULL, &r, headroom);
    if (!r.spent && !r.too_deep && !r.truncated)
        return text;
    free(text);
    if (r.spent) {
        *failure = ST_BUDGET;
    } else if (r.too_deep) {
        *failure = raise_too_deep(h, &r);
    } else {
        *failure = ST_LIMIT;
    }
    return NULL;
}

char *obj_repr_str(heap_t *h, obj_t *o)
{
    return obj_repr_capped(h, o, 480, NULL);
}
