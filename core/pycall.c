/*
 * pycall.c — calling, method calls and iteration on any object, as
 * Python code does them (Objects/call.c, Objects/abstract.c, ceval.c's
 * FOR_ITER and UNPACK_SEQUENCE), and the builtin methods of list, dict
 * and set that Lib/weakref.py and Lib/_weakrefset.py call. The weak
 * containers' own methods and generators are weakcont.c's.
 */
#include "pycall.h"

#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "containers.h"
#include "func.h"
#include "heap_internal.h"
#include "method.h"
#include "num.h"
#include "str.h"
#include "weakcont.h"
#include "weakref.h"

/* Py_DEFAULT_RECURSION_LIMIT, as instance.c's PY_CALL counts it */
#define PY_RECURSION_LIMIT 1000

/* Work units (about 10 ns each) of a Python frame, a C-level call, an
 * object made by calling a class, a loop turn: what these cost here, so
 * that a loop that never ends (a `pop` that makes a new object each time)
 * spends the request's budget in about the time the budget stands for. */
enum { WORK_FRAME = 10, WORK_CCALL = 5, WORK_NEW_OBJECT = 20, WORK_STEP = 3 };

/* The session's minor version (10...13), for the few messages and counts
 * the profile does not carry (as method.c reads it). */
static int py_minor(const heap_t *h)
{
    return (int)strtol(strchr(h->prof->version, '.') + 1, NULL, 10);
}

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
void py_frame_leave(heap_t *h)
{
    h->py_depth--;
}

bool py_ccall_enter(heap_t *h)
{
    if (py_minor(h) >= 12)
        return heap_work(h, WORK_CCALL);
    return depth_enter(h, " while calling a Python object");
}

void py_ccall_leave(heap_t *h)
{
    if (py_minor(h) < 12)
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

static obj_t *unsupported(heap_t *h, const char *what, const obj_t *o)
{
    exc_set(h->exc, ST_BADREQ, "bad_request",
            "unsupported: %s of a '%s' object inside a weak container's method", what, obj_tp_name(o));
    return NULL;
}

static obj_t *none(heap_t *h)
{
    return obj_newref(h->none);
}

/* The builtin methods ---------------------------------------------------------- */

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

/* Argument Clinic's _PyArg_CheckPositional(): "pop expected at least 1 argument, got 0" */
static bool arg_range(heap_t *h, const char *name, size_t n, size_t min, size_t max)
{
    if (n < min)
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected at least %zu argument%s, got %zu", name, min,
                min == 1 ? "" : "s", n);
    else if (n > max)
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected at most %zu argument%s, got %zu", name, max,
                max == 1 ? "" : "s", n);
    return n >= min && n <= max;
}

/* list.pop([index]) */
static obj_t *list_m_pop(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    if (!arg_range(h, "pop", n, 0, 1))
        return NULL;
    int64_t i = -1;
    if (n == 1 && !index_operand(h, l, args[0], "'%s' object cannot be interpreted as an integer", &i))
        return NULL;
    int64_t len = (int64_t)l->u.seq.len;
    if (len == 0) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "pop from empty list");
        return NULL;
    }
    if (i < 0)
        i += len;
    if (i < 0 || i >= len) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "pop index out of range");
        return NULL;
    }
    return list_pop(h, l, (size_t)i);
}

/* list.remove(x): the first item equal to x (item == x, identity first) */
static obj_t *list_m_remove(heap_t *h, obj_t *l, obj_t **args, size_t n)
{
    if (!one_arg(h, l, "remove", n))
        return NULL;
    for (size_t i = 0; i < l->u.seq.len; i++) {
        obj_t *item = obj_newref(l->u.seq.items[i]);
        int r = obj_eq(h, item, args[0]);
        obj_decref(h, item);
        if (r < 0)
            return NULL;
        if (r > 0 && i < l->u.seq.len) {
            obj_decref(h, list_pop(h, l, i));
            return none(h);
        }
    }
    exc_set(h->exc, ST_PYEXC, "ValueError", "list.remove(x): x not in list");
    return NULL;
}

static obj_t *list_method(heap_t *h, obj_t *l, const char *name, obj_t **args, size_t n)
{
    if (!strcmp(name, "append")) {
        if (!one_arg(h, l, name, n))
            return NULL;
        list_append_new(h, l, obj_newref(args[0]));
        return none(h);
    }
    if (!strcmp(name, "pop"))
        return list_m_pop(h, l, args, n);
    if (!strcmp(name, "remove"))
        return list_m_remove(h, l, args, n);
    return unsupported(h, name, l);
}

/* dict.pop(key[, default]) and dict.get(key[, default]) */
static obj_t *dict_method(heap_t *h, obj_t *d, const char *name, obj_t **args, size_t n)
{
    bool pop = !strcmp(name, "pop");
    if (!pop && strcmp(name, "get") != 0)
        return unsupported(h, name, d);
    if (!arg_range(h, name, n, 1, 2))
        return NULL;
    obj_t *v;
    int r = dict_get_item(h, d, args[0], &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        if (n == 2)
            return obj_newref(args[1]);
        if (!pop)
            return none(h);
        dict_raise_key_error(h, args[0]);
        return NULL;
    }
    v = obj_newref(v);
    if (pop && dict_del_item(h, d, args[0]) < 0) {
        obj_decref(h, v);
        return NULL;
    }
    return v;
}

/* set.pop(): set_pop() scans from the table's start (the finger of a set
 * popped only here) */
static obj_t *set_m_pop(heap_t *h, obj_t *s)
{
    for (size_t i = 0; i <= s->u.set.mask; i++) {
        obj_t *k = s->u.set.table[i].key;
        if (k && k != SET_DUMMY) {
            k = obj_newref(k);
            if (set_discard(h, s, k) < 0) {
                obj_decref(h, k);
                return NULL;
            }
            return k;
        }
    }
    exc_set(h->exc, ST_PYEXC, "KeyError", "'pop from an empty set'");
    return NULL;
}

static obj_t *set_method(heap_t *h, obj_t *s, const char *name, obj_t **args, size_t n)
{
    if (!strcmp(name, "pop"))
        return no_args(h, s, name, n) ? set_m_pop(h, s) : NULL;
    bool add = !strcmp(name, "add"), discard = !strcmp(name, "discard"), remove = !strcmp(name, "remove");
    if (!add && !discard && !remove)
        return unsupported(h, name, s);
    if (!one_arg(h, s, name, n))
        return NULL;
    if (add)
        return set_add(h, s, args[0]) < 0 ? NULL : none(h);
    int r = set_discard(h, s, args[0]);
    if (r < 0)
        return NULL;
    if (r == 0 && remove) {
        dict_raise_key_error(h, args[0]);
        return NULL;
    }
    return none(h);
}

/* self.<name>(*args) for a method self's type defines (a library class's
 * are weakcont.c's) */
static obj_t *builtin_method(heap_t *h, obj_t *self, const char *name, obj_t **args, size_t n)
{
    switch ((kind_t)self->kind) {
    case K_LIST: return list_method(h, self, name, args, n);
    case K_DICT: return dict_method(h, self, name, args, n);
    case K_SET: return set_method(h, self, name, args, n);
    case K_INSTANCE: return weakcont_call_method(h, self, name, args, n);
    default: return unsupported(h, name, self);
    }
}

/* Does self's type define the method (no bound method made)? */
static bool has_builtin_method(heap_t *h, obj_t *self, const char *name)
{
    static const char *const list_m[] = {"append", "pop", "remove", NULL};
    static const char *const dict_m[] = {"pop", "get", NULL};
    static const char *const set_m[] = {"pop", "add", "discard", "remove", NULL};
    const char *const *t = self->kind == K_LIST   ? list_m
                           : self->kind == K_DICT ? dict_m
                           : self->kind == K_SET  ? set_m
                                                  : NULL;
    for (; t && *t; t++)
        if (!strcmp(*t, name))
            return true;
    if (self->kind == K_INSTANCE && weakcont_has_method(self, name))
        return true;
    /* one this file does not run: whether it exists decides the error */
    obj_t *m = method_lookup(h, self, name);
    if (!m)
        return false;
    obj_decref(h, m);
    return true;
}

/* Calling ------------------------------------------------------------------------ */

/* a session class: object.__new__ / object.__init__ take no arguments */
static obj_t *call_class(heap_t *h, obj_t *cls, size_t n)
{
    if (cls->u.cls->lib)
        return unsupported(h, "calling", cls);
    if (n) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s() takes no arguments", cls->u.cls->name);
        return NULL;
    }
    if (!heap_work(h, WORK_NEW_OBJECT) || !py_ccall_enter(h))
        return NULL;
    obj_t *o = instance_new(h, cls);
    py_ccall_leave(h);
    return o;
}

static obj_t *call_function(heap_t *h, obj_t *fn, obj_t **args, size_t n)
{
    const func_def_t *def = fn->u.fn.def;
    if (def->kind == FN_REMOVE_DEAD_WEAKREF) {
        if (n != 2) {
            exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected 2 arguments, got %zu", def->name, n);
            return NULL;
        }
        return weakcont_remove_dead_weakref(h, args[0], args[1]) < 0 ? NULL : none(h);
    }
    if (def->kind == FN_RECORD || n > 1)
        return unsupported(h, "calling", fn);
    if (n == 0) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s() missing 1 required positional argument: '%s'",
                def->qualname, def->arg0);
        return NULL;
    }
    return weakcont_remove(h, fn, args[0]) < 0 ? NULL : none(h);
}

obj_t *py_call(heap_t *h, obj_t *fn, obj_t **args, size_t n)
{
    switch ((kind_t)fn->kind) {
    case K_WEAKREF: /* weakref_call() */
        if (n) {
            if (py_minor(h) >= 11)
                exc_set(h->exc, ST_PYEXC, "TypeError", "weakref expected 0 arguments, got %zu", n);
            else
                exc_set(h->exc, ST_PYEXC, "TypeError", "__call__() takes at most 0 arguments (%zu given)", n);
            return NULL;
        }
        return obj_newref(fn->u.wr.referent ? fn->u.wr.referent : h->none);
    case K_CLASS: return call_class(h, fn, n);
    case K_FUNCTION: return call_function(h, fn, args, n);
    case K_METHOD:
        if (!fn->u.meth.self)
            return unsupported(h, "calling", fn);
        return builtin_method(h, fn->u.meth.self, fn->u.meth.name, args, n);
    default:
        exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not callable", obj_tp_name(fn));
        return NULL;
    }
}

/* Methods -------------------------------------------------------------------------- */

int py_method_load(heap_t *h, obj_t *o, const char *name, py_method_t *m)
{
    m->self = NULL;
    m->name = name;
    m->fn = NULL;
    if (o->kind == K_INSTANCE) { /* PyObject_GenericGetAttr: the instance's, the class's, the library's */
        obj_t *v = instance_attr(h, o, name);
        if (v) {
            m->fn = obj_newref(v);
            return 0;
        }
        if ((v = class_lookup(o->u.inst.type, name))) { /* a function there is a method: bound to o */
            m->fn = obj_newref(v);
            if (v->kind == K_FUNCTION && !v->u.fn.def->builtin)
                m->self = obj_newref(o);
            return 0;
        }
        if (!weakcont_has_method(o, name) && !has_builtin_method(h, o, name))
            return err_no_attribute(h, o, name);
        m->self = obj_newref(o);
        return 0;
    }
    if ((o->kind == K_LIST || o->kind == K_DICT || o->kind == K_SET) && has_builtin_method(h, o, name)) {
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
            return unsupported(h, "calling", m->fn);
        return py_call(h, m->fn, argv, n + 1);
    }
    if (m->fn)
        return py_call(h, m->fn, args, n);
    return builtin_method(h, m->self, m->name, args, n);
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

enum { IT_SEQ, IT_DICT_KEYS, IT_DICT_ITEMS, IT_SET, IT_STR, IT_BYTES, IT_GEN, IT_DONE };

int py_iter_open(heap_t *h, obj_t *o, py_iter_t *it)
{
    memset(it, 0, sizeof *it);
    switch ((kind_t)o->kind) {
    case K_LIST:
    case K_TUPLE: it->kind = IT_SEQ; break;
    case K_DICT:
        it->kind = IT_DICT_KEYS;
        it->used = (int64_t)dict_len(o);
        break;
    case K_SET:
    case K_FROZENSET:
        it->kind = IT_SET;
        it->used = (int64_t)o->u.set.used;
        break;
    case K_STR: it->kind = IT_STR; break;
    case K_BYTES: it->kind = IT_BYTES; break;
    case K_INSTANCE:
        if (o->u.inst.type->u.cls->lib) {
            int r = weakcont_iter(h, o, it, false);
            if (r <= 0)
                return r;
        }
        /* fall through */
    default:
        exc_set(h->exc, ST_PYEXC, "TypeError", "'%s' object is not iterable", obj_tp_name(o));
        it->kind = IT_DONE;
        return -1;
    }
    it->src = obj_newref(o);
    return 0;
}

/* the next entry of a dict or set still of the size it had ("changed size
 * during iteration" once it is not) */
static int next_dict(heap_t *h, py_iter_t *it, obj_t **k, obj_t **v)
{
    if ((int64_t)dict_len(it->src) != it->used) {
        it->used = -1; /* di_used = -1: it stays broken */
        exc_set(h->exc, ST_PYEXC, "RuntimeError", "dictionary changed size during iteration");
        return -1;
    }
    return dict_next(it->src, &it->pos, k, v) ? 1 : 0;
}

static int next_set(heap_t *h, py_iter_t *it, obj_t **k)
{
    obj_t *s = it->src;
    if ((int64_t)s->u.set.used != it->used) {
        it->used = -1;
        exc_set(h->exc, ST_PYEXC, "RuntimeError", "Set changed size during iteration");
        return -1;
    }
    for (; it->pos <= s->u.set.mask; it->pos++) {
        obj_t *key = s->u.set.table[it->pos].key;
        if (key && key != SET_DUMMY) {
            it->pos++;
            *k = key;
            return 1;
        }
    }
    return 0;
}

/* 1 with one item or (k, v); borrowed, except from a generator (owned) */
static int iter_step(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b, bool *owned)
{
    if (!heap_work(h, WORK_STEP))
        return -1;
    *owned = false;
    *b = NULL;
    obj_t *s = it->src;
    switch (it->kind) {
    case IT_SEQ:
        if (it->pos >= s->u.seq.len)
            return 0;
        *a = s->u.seq.items[it->pos++];
        return 1;
    case IT_DICT_KEYS: {
        obj_t *v;
        return next_dict(h, it, a, &v);
    }
    case IT_DICT_ITEMS: return next_dict(h, it, a, b);
    case IT_SET: return next_set(h, it, a);
    case IT_STR:
        if (it->pos >= s->u.s.len)
            return 0;
        *a = str_from_char(h, str_char(s, it->pos++));
        *owned = true;
        return 1;
    case IT_BYTES:
        if (it->pos >= s->u.by.len)
            return 0;
        *a = int_from_i64(h, s->u.by.data[it->pos++]);
        *owned = true;
        return 1;
    case IT_GEN: {
        *owned = true;
        int r = it->gen->next(h, it->gen, a, it->gen->pairs ? b : NULL);
        if (r <= 0) { /* a finished generator is freed at once */
            it->gen->close(h, it->gen);
            it->gen = NULL;
            it->kind = IT_DONE;
        }
        return r;
    }
    default: return 0;
    }
}

int py_iter_next(heap_t *h, py_iter_t *it, obj_t **out)
{
    obj_t *a, *b;
    bool owned;
    int r = iter_step(h, it, &a, &b, &owned);
    if (r <= 0)
        return r;
    if (!b) {
        *out = owned ? a : obj_newref(a);
        return 1;
    }
    obj_t *pair[2] = {owned ? a : obj_newref(a), owned ? b : obj_newref(b)}; /* `yield k, v` */
    *out = tuple_new_steal(h, pair, 2);
    return 1;
}

/* UNPACK_SEQUENCE 2 (unpack_iterable()) / PyDict_MergeFromSeq2's
 * PySequence_Fast of one item; consumes item */
static int unpack2(heap_t *h, obj_t *item, obj_t **a, obj_t **b, int how, size_t index)
{
    obj_t *got[3] = {NULL, NULL, NULL};
    size_t n = 0;
    int r = 0;
    if (item->kind == K_TUPLE || item->kind == K_LIST) {
        n = item->u.seq.len;
        for (size_t i = 0; i < n && i < 3; i++)
            got[i] = obj_newref(item->u.seq.items[i]);
    } else {
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
    }
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
    bool owned;
    int r = iter_step(h, it, &x, &y, &owned);
    if (r <= 0)
        return r;
    if (y) {
        *a = owned ? x : obj_newref(x);
        *b = owned ? y : obj_newref(y);
        return 1;
    }
    return unpack2(h, owned ? x : obj_newref(x), a, b, how, index);
}

void py_iter_close(heap_t *h, py_iter_t *it)
{
    if (it->gen) {
        it->gen->close(h, it->gen);
        it->gen = NULL;
    }
    if (it->src)
        obj_clear(h, &it->src);
    it->kind = IT_DONE;
}

void py_iter_set_gen(py_iter_t *it, py_gen_t *g)
{
    memset(it, 0, sizeof *it);
    it->kind = IT_GEN;
    it->gen = g;
}

int py_iter_items(heap_t *h, obj_t *o, py_iter_t *it)
{
    memset(it, 0, sizeof *it);
    it->kind = IT_DONE;
    py_method_t m;
    if (py_method_load(h, o, "items", &m) < 0)
        return -1;
    int r;
    if (!m.fn && o->kind == K_DICT) { /* dict.items(): the view's iterator */
        it->kind = IT_DICT_ITEMS;
        it->src = obj_newref(o);
        it->used = (int64_t)dict_len(o);
        r = 0;
    } else if (!m.fn && o->kind == K_INSTANCE) {
        r = weakcont_iter(h, o, it, true);
    } else {
        obj_t *res = py_method_call(h, &m, NULL, 0);
        r = res ? py_iter_open(h, res, it) : -1;
        if (res)
            obj_decref(h, res);
    }
    py_method_release(h, &m);
    return r;
}

obj_t *py_dict_of_items(heap_t *h, obj_t *o)
{
    py_method_t m;
    if (py_method_load(h, o, "items", &m) < 0)
        return NULL;
    obj_t *src = NULL; /* what o.items() gave, when it is an object */
    py_iter_t it;
    memset(&it, 0, sizeof it);
    int r = 0;
    if (!m.fn && o->kind == K_DICT) {
        it.kind = IT_DICT_ITEMS;
        it.src = obj_newref(o);
        it.used = (int64_t)dict_len(o);
    } else if (!m.fn && o->kind == K_INSTANCE) {
        r = weakcont_iter(h, o, &it, true);
    } else {
        src = py_method_call(h, &m, NULL, 0);
        if (!src)
            r = -1;
        else if (src->kind == K_INSTANCE) /* a mapping: dict() would ask it for keys() */
            r = (unsupported(h, "dict() of what items() gave", src), -1);
        else if (src->kind != K_DICT)
            r = py_iter_open(h, src, &it);
    }
    py_method_release(h, &m);
    if (r < 0) {
        if (src)
            obj_decref(h, src);
        return NULL;
    }
    obj_t *d = dict_new(h, false); /* dict_new(): tp_alloc, not the free list */
    if (src && src->kind == K_DICT) {
        r = dict_update(h, d, src);
    } else {
        obj_t *k, *v;
        for (size_t i = 0; (r = py_iter_next2(h, &it, &k, &v, UNPACK_DICT, i)) > 0; i++) {
            r = dict_set_item(h, d, k, v);
            obj_decref(h, k);
            obj_decref(h, v);
            if (r < 0)
                break;
        }
    }
    if (r < 0) { /* the new dict goes first, then the iterator (a generator is closed) */
        obj_decref(h, d);
        d = NULL;
    }
    py_iter_close(h, &it);
    if (src)
        obj_decref(h, src);
    return d;
}
