/*
 * pycall.c — calling, method calls and iteration on any object, as
 * Python code does them (Objects/call.c, Objects/abstract.c, ceval.c's
 * FOR_ITER and UNPACK_SEQUENCE), through the type slots: the methods a
 * type runs are its file's (list.c's append, pop, remove...), a library
 * class's are weakcont.c's, and iterators are the types' own.
 */
#include "pycall.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"

/* Py_DEFAULT_RECURSION_LIMIT, as instance.c's PY_CALL counts it */
#define PY_RECURSION_LIMIT 1000

/* Work units (about 10 ns each) of a Python frame, a C-level call, an
 * object made by calling a class, a loop turn: what these cost here, so
 * that a loop that never ends (a `pop` that makes a new object each time)
 * spends the request's budget in about the time the budget stands for. */
enum { WORK_FRAME = 10, WORK_CCALL = 5, WORK_STEP = 3 };

static bool depth_enter(heap_t *h, const char *where)
{
    if (h->py_depth >= PY_RECURSION_LIMIT) {
        exc_set(h->exc, ST_PYEXC, "RecursionError", "maximum recursion depth exceeded%s", where);
        return false;
    }
    if (!heap_work(h, *where ? WORK_CCALL : WORK_FRAME))
        return false;
    h->py_depth++;
    return true;
}

bool py_frame_enter(heap_t *h)
{
    return depth_enter(h, "");
}
bool py_frame_start(heap_t *h)
{
    if (!py_frame_enter(h))
        return false;
    gc_run_scheduled(h);
    return true;
}

void py_frame_leave(heap_t *h)
{
    h->py_depth--;
}

bool py_ccall_enter(heap_t *h)
{
    if (h->prof->minor >= 12)
        return heap_work(h, WORK_CCALL);
    return depth_enter(h, " while calling a Python object");
}

void py_ccall_leave(heap_t *h)
{
    if (h->prof->minor < 12)
        h->py_depth--;
}

bool py_exc_matches(heap_t *h, const char *type)
{
    return h->exc->status == ST_PYEXC && strcmp(h->exc->type, type) == 0;
}

void py_exc_clear(heap_t *h)
{
    memset(h->exc, 0, sizeof *h->exc);
}

int py_discard_result(heap_t *h, obj_t *r)
{
    if (!r)
        return -1;
    obj_decref(h, r);
    return 0;
}

obj_t py_not_implemented;

obj_t *py_binop_unsupported(heap_t *h, obj_t *a, obj_t *b, int op)
{
    exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "'%s' %c= '%s' (a slot heapd does not run)",
            obj_tp_name(a), op, obj_tp_name(b));
    return NULL;
}

/* binary_iop1() and the sequence fallback of PyNumber_InPlaceAdd() in
 * Objects/abstract.c: the left's in-place slot, then binary_op1() (the
 * left's slot, then the right's when it is another function), then for
 * `+=` the left's sq_inplace_concat or sq_concat, else binop_type_error() */
obj_t *py_number_inplace(heap_t *h, obj_t *v, obj_t *w, int op)
{
    const type_ops_t *tv = TYPE(v), *tw = TYPE(w);
    obj_t *r;
    if (tv->nb_inplace && (r = tv->nb_inplace(h, v, w, op)) != PY_NOTIMPL)
        return r;
    obj_t *(*slotv)(heap_t *, obj_t *, obj_t *, int) = tv->nb_binop;
    obj_t *(*slotw)(heap_t *, obj_t *, obj_t *, int) = tw != tv ? tw->nb_binop : NULL;
    if (slotw == slotv)
        slotw = NULL;
    if (slotv && (r = slotv(h, v, w, op)) != PY_NOTIMPL)
        return r;
    if (slotw && (r = slotw(h, v, w, op)) != PY_NOTIMPL)
        return r;
    if (op == '+' && (tv->sq_inplace_concat || tv->sq_concat))
        return (tv->sq_inplace_concat ? tv->sq_inplace_concat : tv->sq_concat)(h, v, w, op);
    exc_set(h->exc, ST_PYEXC, "TypeError", "unsupported operand type(s) for %c=: '%.100s' and '%.100s'", op,
            obj_tp_name(v), obj_tp_name(w));
    return NULL;
}

obj_t *py_unsupported(heap_t *h, const char *what, const obj_t *o)
{
    /* valid Python that heapd does not run (a.sort(), a weak container's
     * method on what it cannot iterate): 422 unsupported, not a 400 */
    exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "%s of a '%s' object", what, obj_tp_name(o));
    return NULL;
}

/* The methods a type runs in C ----------------------------------------------- */

/* METH_O: "list.append() takes exactly one argument (0 given)" */
static bool one_arg(heap_t *h, const obj_t *self, const char *name, size_t n)
{
    if (n == 1)
        return true;
    exc_set(h->exc, ST_PYEXC, "TypeError", "%s.%s() takes exactly one argument (%zu given)",
            obj_tp_name(self), name, n);
    return false;
}

/* METH_NOARGS: "set.pop() takes no arguments (1 given)" */
static bool no_args(heap_t *h, const obj_t *self, const char *name, size_t n)
{
    if (n == 0)
        return true;
    exc_set(h->exc, ST_PYEXC, "TypeError", "%s.%s() takes no arguments (%zu given)", obj_tp_name(self), name,
            n);
    return false;
}

bool py_arg_range(heap_t *h, const char *name, size_t n, size_t min, size_t max)
{
    if (min == max && n != min) /* _PyArg_CheckPositional(): "insert expected 2 arguments, got 1" */
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected %zu argument%s, got %zu", name, min,
                min == 1 ? "" : "s", n);
    else if (n < min)
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected at least %zu argument%s, got %zu", name, min,
                min == 1 ? "" : "s", n);
    else if (n > max)
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected at most %zu argument%s, got %zu", name, max,
                max == 1 ? "" : "s", n);
    return n >= min && n <= max;
}

static const method_def_t *find_method(const obj_t *o, const char *name)
{
    for (const method_def_t *d = TYPE(o)->methods; d && d->name; d++)
        if (!strcmp(d->name, name))
            return d;
    return NULL;
}

bool py_has_method(const obj_t *o, const char *name)
{
    const type_ops_t *t = TYPE(o);
    return t->has_method ? t->has_method(o, name) : find_method(o, name) != NULL;
}

/* a method_def's call: its arguments checked as its flags say */
static obj_t *call_def(heap_t *h, const method_def_t *d, obj_t *o, obj_t **args, size_t n)
{
    if ((d->flags == METH_O && !one_arg(h, o, d->name, n)) ||
        (d->flags == METH_NOARGS && !no_args(h, o, d->name, n)))
        return NULL;
    return d->fn(h, o, args, n);
}

bool py_type_method(heap_t *h, const obj_t *o, const char *name)
{
    if (py_has_method(o, name))
        return true;
    const attr_def_t *a = obj_type_attr(h, o, name); /* one the sandbox does not run: it exists */
    return a != NULL;
}

obj_t *py_call_own_method(heap_t *h, obj_t *o, const char *name, obj_t **args, size_t n)
{
    const type_ops_t *t = TYPE(o);
    if (t->call_method)
        return t->call_method(h, o, name, args, n);
    const method_def_t *d = find_method(o, name);
    return d ? call_def(h, d, o, args, n) : py_unsupported(h, name, o);
}

/* Calling ------------------------------------------------------------------------ */

/* _PyObject_Vectorcall(): the type's tp_call */
obj_t *py_call(heap_t *h, obj_t *fn, obj_t **args, size_t n)
{
    const type_ops_t *t = TYPE(fn);
    if (!t->call) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not callable", obj_tp_name(fn));
        return NULL;
    }
    return t->call(h, fn, args, n);
}

bool py_call_inline(const obj_t *fn)
{
    const type_ops_t *t = TYPE(fn);
    return t->call_inline && t->call_inline(fn);
}

/* Methods -------------------------------------------------------------------------- */

int py_method_load(heap_t *h, obj_t *o, const char *name, py_method_t *m)
{
    m->self = NULL;
    m->name = name;
    m->fn = NULL;
    m->def = NULL;
    const type_ops_t *t = TYPE(o);
    if (t->load_method) /* an instance: its __dict__ and its class first */
        return t->load_method(h, o, name, m);
    /* tp_methods (the common case: found once, called through its def), or
     * the type's own method otherwise, called unbound with self first */
    bool own = t->has_method ? t->has_method(o, name) : (m->def = find_method(o, name)) != NULL;
    if (own || obj_type_attr(h, o, name)) { /* as py_type_method(), scanning the table once */
        m->self = obj_newref(o);
        return 0;
    }
    obj_t *v = obj_getattr(h, o, name); /* a class's attribute, a KeyedRef's key, a str's method... */
    if (!v)
        return -1;
    m->fn = v;
    return 0;
}

obj_t *py_method_call(heap_t *h, py_method_t *m, obj_t **args, size_t n)
{
    if (m->fn && m->self) { /* a class's function called on the instance: self first */
        obj_t *argv[3] = {m->self, n > 0 ? args[0] : NULL, n > 1 ? args[1] : NULL};
        if (n > 2)
            return py_unsupported(h, "calling", m->fn);
        return py_call(h, m->fn, argv, n + 1);
    }
    if (m->fn)
        return py_call(h, m->fn, args, n);
    if (m->def)
        return call_def(h, m->def, m->self, args, n);
    return py_call_own_method(h, m->self, m->name, args, n);
}

bool py_method_inline(const py_method_t *m)
{
    if (m->fn)
        return py_call_inline(m->fn);
    /* a library class's methods are the type's call_method (Lib/weakref.py's) */
    return !m->def && TYPE(m->self)->call_method;
}

void py_method_release(heap_t *h, py_method_t *m)
{
    if (m->self)
        obj_clear(h, &m->self);
    if (m->fn)
        obj_clear(h, &m->fn);
}

obj_t *py_call_method(heap_t *h, obj_t *o, const char *name, obj_t **args, size_t n)
{
    py_method_t m;
    if (py_method_load(h, o, name, &m) < 0)
        return NULL;
    obj_t *r = py_method_call(h, &m, args, n);
    py_method_release(h, &m);
    return r;
}

/* Iteration ------------------------------------------------------------------------ */

void py_iter_start(py_iter_t *it, obj_t *o, int (*next)(heap_t *, py_iter_t *, obj_t **, obj_t **))
{
    memset(it, 0, sizeof *it);
    it->src = obj_newref(o);
    it->next = next;
}

/* PyObject_GetIter(): the type's tp_iter */
int py_iter_open(heap_t *h, obj_t *o, py_iter_t *it)
{
    memset(it, 0, sizeof *it);
    const type_ops_t *t = TYPE(o);
    int r = t->iter ? t->iter(h, o, it) : 1;
    if (r <= 0)
        return r;
    exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not iterable", obj_tp_name(o));
    return -1;
}

/* a library generator's next: a finished one is freed at once */
static int gen_next(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    int r = it->gen->next(h, it->gen, a, b);
    if (r <= 0) {
        it->gen->close(h, it->gen);
        it->gen = NULL;
        it->next = NULL;
    }
    return r;
}

bool py_iter_affordable(heap_t *h, size_t steps)
{
    if (h->work_left / WORK_STEP >= (int64_t)steps)
        return true;
    return heap_work(h, h->work_left + 1);
}

/* FOR_ITER: 1 with one item, or (b not NULL) a pair the iterator yields
 * as two; new references */
static int iter_step(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    if (b)
        *b = NULL;
    if (!it->next)
        return 0;
    if (!heap_work(h, WORK_STEP))
        return -1;
    return it->next(h, it, a, b);
}

int py_iter_next(heap_t *h, py_iter_t *it, obj_t **out)
{
    return iter_step(h, it, out, NULL); /* a pair comes as the tuple `yield k, v` makes */
}

/* UNPACK_SEQUENCE 2 (unpack_iterable()) / PyDict_MergeFromSeq2's
 * PySequence_Fast of one item; consumes item */
static int unpack2(heap_t *h, obj_t *item, obj_t **a, obj_t **b, int how, size_t index)
{
    obj_t *got[3] = {NULL, NULL, NULL};
    size_t n = 0;
    int r = 0;
    py_iter_t it;
    if (py_iter_open(h, item, &it) < 0) {
        if (py_exc_matches(h, "TypeError")) {
            if (how == UNPACK_FOR)
                exc_set(h->exc, ST_PYEXC, "TypeError", "cannot unpack non-iterable %s object",
                        obj_tp_name(item));
            else
                exc_set(h->exc, ST_PYEXC, "TypeError",
                        "cannot convert dictionary update sequence element #%zu to a sequence", index);
        }
        obj_decref(h, item);
        return -1;
    }
    obj_t *x;
    while ((r = py_iter_next(h, &it, &x)) > 0) {
        if (n < 3)
            got[n] = x;
        else
            obj_decref(h, x);
        n++;
        if (how == UNPACK_FOR && n > 2) /* unpack_iterable() stops at the first extra */
            break;
    }
    py_iter_close(h, &it);
    obj_decref(h, item);
    if (r == 0 && n != 2) {
        if (how == UNPACK_DICT)
            exc_set(h->exc, ST_PYEXC, "ValueError",
                    "dictionary update sequence element #%zu has length %zu; 2 is required", index, n);
        else if (n < 2)
            exc_set(h->exc, ST_PYEXC, "ValueError", "not enough values to unpack (expected 2, got %zu)", n);
        else
            exc_set(h->exc, ST_PYEXC, "ValueError", "too many values to unpack (expected 2)");
        r = -1;
    }
    if (r < 0) {
        for (size_t i = 0; i < 3; i++)
            if (got[i])
                obj_decref(h, got[i]);
        return -1;
    }
    *a = got[0];
    *b = got[1];
    return 1;
}

int py_iter_next2(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b, int how, size_t index)
{
    obj_t *x, *y;
    int r = iter_step(h, it, &x, &y);
    if (r <= 0)
        return r;
    if (y) {
        *a = x;
        *b = y;
        return 1;
    }
    return unpack2(h, x, a, b, how, index);
}

void py_iter_close(heap_t *h, py_iter_t *it)
{
    if (it->gen) {
        it->gen->close(h, it->gen);
        it->gen = NULL;
    }
    if (it->src)
        obj_clear(h, &it->src);
    if (it->result) {
        heap_interp_drop(h, it->result);
        it->result = NULL;
    }
    it->next = NULL;
}

void py_iter_set_gen(py_iter_t *it, py_gen_t *g)
{
    memset(it, 0, sizeof *it);
    it->next = gen_next;
    it->gen = g;
}

int py_iter_items(heap_t *h, obj_t *o, py_iter_t *it)
{
    memset(it, 0, sizeof *it);
    py_method_t m;
    if (py_method_load(h, o, "items", &m) < 0)
        return -1;
    int r;
    if (!m.fn && TYPE(o)->iter_items) { /* the type's own items(): its view's iterator */
        r = TYPE(o)->iter_items(h, o, it);
    } else {
        obj_t *res = py_method_call(h, &m, NULL, 0);
        r = res ? py_iter_open(h, res, it) : -1;
        if (res)
            obj_decref(h, res);
    }
    py_method_release(h, &m);
    return r;
}
