/*
 * weakcont.c — weakref.WeakValueDictionary, weakref.WeakKeyDictionary and
 * weakref.WeakSet: plain Python classes of Lib/weakref.py and
 * Lib/_weakrefset.py, so their instances are instances (instance.c) whose
 * attributes are real objects — `data`, `_remove` (a function whose
 * __defaults__ hold ref(self)), `_pending_removals`, `_iterating`,
 * `_dirty_len` — and whose methods, below, are those Python methods
 * statement by statement: each attribute read when the source reads it,
 * each call made on whatever object is there now (pycall.c), so that a
 * replaced or deleted attribute fails, or works, exactly as in CPython.
 *
 * The sources are the same in 3.10 to 3.13 for everything run here (3.11
 * only changed WeakSet.__reduce__ and dropped Set.register(WeakSet)).
 * Each function quotes the Python it runs. Python frames (methods,
 * generator steps, the guard's methods) count against the recursion
 * limit: the slots instance.c calls are counted there, the calls made
 * from here by py_frame_enter().
 */
#include "weakcont.h"

#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "containers.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "method.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"

/* ref(x) / ref(x, callback) as the library's Python code calls it:
 * weakref.ref is a type without vectorcall, so _PyObject_MakeTpCall() packs
 * the arguments in a tuple, the interpreter's, dropped once the weakref is
 * made (or the call raised) */
static obj_t *py_ref(heap_t *h, obj_t *x, obj_t *callback)
{
    obj_t *args = tuple_interp(h, callback ? 2 : 1);
    obj_t *wr = weakref_new(h, x, callback);
    heap_interp_drop(h, args);
    if (wr) /* the CALL's eval-breaker check */
        gc_run_scheduled(h);
    return wr;
}

/* KeyedRef(value, callback, key): the call's tuple (_PyObject_MakeTpCall()),
 * then KeyedRef.__new__'s ref.__new__(type, ob, callback) (tp_new_wrapper():
 * its METH_VARARGS tuple and the PyTuple_GetSlice() of the arguments) and
 * __init__'s super().__init__(ob, callback) (wrapper_call()'s tuple); 3.10
 * keeps the frames of __new__'s and __init__'s first calls. The eval
 * breaker is checked at each frame's RESUME and each call's end (3.12+). */
static obj_t *py_keyedref(heap_t *h, obj_t *cls, obj_t *value, obj_t *callback, obj_t *key)
{
    obj_t *call = tuple_interp(h, 3);
    class_frame(h, cls, CLS_FRAME_KEYEDREF_NEW);
    gc_run_scheduled(h);
    obj_t *wrap = tuple_interp(h, 3);
    obj_t *slice = tuple_interp(h, 2);
    obj_t *kr = keyedref_new(h, value, callback, key);
    heap_interp_drop(h, slice);
    heap_interp_drop(h, wrap);
    if (kr) {
        gc_run_scheduled(h); /* ref.__new__()'s */
        class_frame(h, cls, CLS_FRAME_KEYEDREF_INIT);
        gc_run_scheduled(h);
        int super_objects = h->prof->super_attr_objects;
        if (super_objects) { /* super(), its .__init__, the super dropped */
            gc_on_alloc(h);
            gc_on_alloc(h);
            gc_on_free(h);
        }
        heap_interp_drop(h, tuple_interp(h, 2));
        if (super_objects) /* the method-wrapper */
            gc_on_free(h);
        gc_run_scheduled(h); /* super().__init__()'s */
    }
    heap_interp_drop(h, call);
    if (kr)
        gc_run_scheduled(h);
    return kr;
}

/* Generic helpers -------------------------------------------------------------- */

/* Work units (about 10 ns each) of one turn of a `while True:` loop of the
 * library code (a method call, a call, a test): a loop that never ends
 * spends the request's budget in about the time the budget stands for. */
enum { WORK_LOOP_TURN = 10 };

/* self.<name>: a new reference, or NULL with AttributeError */
static obj_t *attr(heap_t *h, obj_t *self, const char *name)
{
    return obj_getattr(h, self, name);
}

/* len(self.<name>) */
static int attr_len(heap_t *h, obj_t *self, const char *name, int64_t *out)
{
    obj_t *v = attr(h, self, name);
    if (!v)
        return -1;
    int r = obj_len(h, v, out);
    obj_decref(h, v);
    return r;
}

/* `if self.<name>:` — 1, 0, or -1 */
static int attr_true(heap_t *h, obj_t *self, const char *name)
{
    obj_t *v = attr(h, self, name);
    if (!v)
        return -1;
    int r = obj_truthy(h, v);
    obj_decref(h, v);
    return r;
}

/* STORE_FAST: the new value in, then the old one released */
static void set_local(heap_t *h, obj_t **slot, obj_t *v)
{
    obj_t *old = *slot;
    *slot = v;
    if (old)
        obj_decref(h, old);
}

static int lib_kind(const obj_t *self)
{
    return self->u.inst.type->u.cls->lib_kind;
}

/* the callback `ref(x, self._remove)` gets: ref.__new__ takes None for none */
static obj_t *callback_of(heap_t *h, obj_t *remove)
{
    return remove == h->none ? NULL : remove;
}

/*
 *  if self._pending_removals:
 *      self._commit_removals()
 */
static int commit_if_pending(heap_t *h, obj_t *self)
{
    int t = attr_true(h, self, "_pending_removals");
    if (t <= 0)
        return t;
    return py_discard_result(h, py_call_method(h, self, "_commit_removals", NULL, 0));
}

/*
 * An exception raised within a library function's frame and caught by that
 * frame's own `except` clause, which then returns: what it costs the
 * collector. The raise: _PyErr_SetKeyError() (Python/errors.c) packs its key
 * in a 1-tuple (PyTuple_Pack()) that becomes the instance's args
 * (_PyErr_CreateException() calls the class with a tuple value as its
 * arguments); PyErr_SetString()/PyErr_Format() leave a str, so the instance
 * gets a 1-tuple of its own when made (exc_instance_made()). 3.12+'s
 * _PyErr_SetObject() makes the instance at once; before, the handler
 * normalizes it (_PyErr_NormalizeException(), as the frame unwinds to its
 * except clause). `held`: a tuple the failing call's caller holds and drops
 * once it returned (ref()'s arguments, _PyObject_MakeTpCall()), or NULL.
 * PyTraceBack_Here() adds the traceback, and on 3.11+ the running frame's
 * object it needs (_PyFrame_GetFrameObject(), once a frame; 3.10's frame is
 * one). POP_EXCEPT frees the traceback and the exception (its args to the
 * free list), the frame's return its object: at once (frame_made NULL), or,
 * for a frame that goes on, when its caller calls frame_object_freed().
 */
static void raised_and_caught(heap_t *h, bool key_error, obj_t *held, bool *frame_made)
{
    bool eager = h->prof->exc_eager, frame = !h->prof->frame_object && !(frame_made && *frame_made);
    obj_t *exc_args = key_error ? tuple_interp(h, 1) : NULL;
    if (eager) {
        if (key_error)
            gc_on_alloc(h);
        else
            exc_args = exc_instance_made(h);
    }
    if (held)
        heap_interp_drop(h, held);
    if (frame)
        gc_on_alloc(h);
    gc_on_alloc(h); /* the traceback */
    if (!eager) {
        if (key_error)
            gc_on_alloc(h);
        else
            exc_args = exc_instance_made(h);
    }
    gc_on_free(h); /* the traceback, as BaseException_clear() drops it */
    exc_instance_freed(h, exc_args);
    if (frame && frame_made)
        *frame_made = true;
    else if (frame)
        gc_on_free(h);
}

/* The return of a frame raised_and_caught() made the object of */
static void frame_object_freed(heap_t *h, bool frame_made)
{
    if (frame_made)
        gc_on_free(h);
}

/* The builtin the WeakValueDictionary's code calls -------------------------------- */

/*
 * _weakref._remove_dead_weakref(dct, key): _PyDict_DelItemIf(dct, key,
 * is_dead_weakref) — hash, look up, "not a weakref" for any other value,
 * delete a dead one; a missing key's KeyError is cleared (issue #28427).
 */
int weakcont_remove_dead_weakref(heap_t *h, obj_t *d, obj_t *key)
{
    if (d->kind != K_DICT) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "_remove_dead_weakref() argument 1 must be dict, not %s",
                d == h->none ? "None" : obj_tp_name(d));
        return -1;
    }
    obj_t *v;
    int r = dict_get_item(h, d, key, &v);
    if (r < 0 && py_exc_matches(h, "KeyError")) {
        py_exc_clear(h);
        return 0;
    }
    if (r == 0) /* absent: _PyDict_DelItemIf()'s KeyError, cleared */
        key_error_raised_and_cleared(h);
    if (r <= 0)
        return r;
    if (v->kind != K_WEAKREF) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "not a weakref");
        return -1;
    }
    return v->u.wr.referent ? 0 : dict_del_item(h, d, key);
}

/* Loops that change the container every turn --------------------------------------- */

/*
 * _commit_removals() pops an item and deletes a key on each turn, and
 * WeakSet.pop() pops an item on each turn: a budget spent half way would
 * leave the container half changed under an answer that says the statement
 * did nothing. So each first pays, changing nothing, for every turn it can
 * take (a dry run of the lookups it will make, whose hashes a big tuple
 * makes dear), then runs with the budget set aside. What it runs then is
 * bounded by what it paid: one turn per item, and an item added while it
 * runs needs an object's death (a callback of the same container).
 */
enum { WORK_TURN_PAID = 4 * WORK_LOOP_TURN }; /* a turn's calls (pop, the removal) and tests */

typedef struct {
    heap_t *h;
    obj_t *in;      /* the dict or set each item is looked up in, or NULL */
    bool dead_only; /* only dead weakrefs cost a turn (the loop ends at a live one) */
} dry_run_t;

/* One turn of the dry run: its work and the lookup of item; nonzero once
 * the budget is spent (the lookup's own exception is the real run's) */
static int dry_turn(obj_t *item, void *arg)
{
    dry_run_t *d = arg;
    heap_t *h = d->h;
    if (d->dead_only && item->kind == K_WEAKREF && item->u.wr.referent)
        return 0;
    if (!heap_work(h, WORK_TURN_PAID))
        return 1;
    int r = 0;
    obj_t *v;
    if (d->in && d->in->kind == K_DICT)
        r = dict_get_item(h, d->in, item, &v);
    else if (d->in && d->in->kind == K_SET)
        r = set_contains(h, d->in, item);
    if (r < 0 && h->exc->status == ST_BUDGET)
        return 1;
    if (r < 0)
        py_exc_clear(h);
    return 0;
}

/* Pays for the turns of a loop popping from `from` and looking each item up
 * in `in` (NULL: none; dead_only: a loop that stops at a live weakref):
 * false, with the budget error and nothing changed, when it cannot. Anything but a list or set pays one turn:
 * its pop() is another method's (WeakSet.pop pays its own) or fails at once. */
static bool pay_turns(heap_t *h, obj_t *from, obj_t *in, bool dead_only)
{
    dry_run_t d = {h, in, dead_only};
    if (!heap_work(h, WORK_TURN_PAID)) /* the last turn, whose pop() finds nothing */
        return false;
    if (from->kind != K_LIST && from->kind != K_SET)
        return true;
    return obj_each_ref(from, dry_turn, &d) == 0;
}

/* The budget set aside for a loop its dry run paid for; budget_restore() ends it. */
static int64_t budget_set_aside(heap_t *h)
{
    int64_t left = h->work_left;
    h->work_left = INT64_MAX;
    return left;
}

static void budget_restore(heap_t *h, int64_t left)
{
    h->work_left = left;
}

/* _commit_removals ------------------------------------------------------------------ */

/*
 * WeakValueDictionary._commit_removals(self, _atomic_removal=_remove_dead_weakref):
 *     pop = self._pending_removals.pop
 *     d = self.data
 *     while True:
 *         try:
 *             key = pop()
 *         except IndexError:
 *             return
 *         _atomic_removal(d, key)
 * WeakKeyDictionary's: the same, with `try: del d[key] except KeyError: pass`.
 * WeakSet's:
 *     pop = self._pending_removals.pop
 *     discard = self.data.discard
 *     while True:
 *         try:
 *             item = pop()
 *         except IndexError:
 *             return
 *         discard(item)
 * The popped key stays in its local until the next pop() returns, or the
 * frame ends (_PyFrame_Clear(): 3.11+'s frame object, then pop, d / discard,
 * key in that order). `pop` and `discard` are bound methods (LOAD_ATTR: a
 * list's or set's builtin method, a GC object of the interpreter's); 3.12+
 * check the eval breaker after each call (CALL) and each turn
 * (JUMP_BACKWARD), not where a call raised.
 */
static int commit_removals(heap_t *h, obj_t *self)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_COMMIT);
    int kind = lib_kind(self);
    obj_t *pending = attr(h, self, "_pending_removals");
    if (!pending)
        return -1;
    py_method_t pop, discard = {0};
    int r = py_method_load(h, pending, "pop", &pop);
    if (r < 0) {
        obj_decref(h, pending);
        return -1;
    }
    obj_t *pop_bound = pending->kind == K_LIST ? method_interp(h, "pop", "list") : NULL;
    obj_t *discard_bound = NULL;
    obj_t *d = attr(h, self, "data"), *key = NULL;
    bool frame_made = false; /* 3.11+: the frame's object, made for a traceback */
    r = d ? 0 : -1;
    if (d && !pay_turns(h, pending, d, false)) /* the dry run: nothing has changed yet */
        r = -1;
    obj_decref(h, pending);
    int64_t budget = budget_set_aside(h);
    if (r == 0 && kind == LIB_WEAKSET) {
        r = py_method_load(h, d, "discard", &discard);
        if (r == 0 && d->kind == K_SET)
            discard_bound = method_interp(h, "discard", "set");
        obj_clear(h, &d);
    }
    while (r == 0) {
        heap_work(h, WORK_LOOP_TURN); /* paid: the budget is set aside */
        obj_t *k = py_method_call(h, &pop, NULL, 0);
        if (!k) {
            if (py_exc_matches(h, "IndexError")) { /* list.pop()'s PyErr_SetString(), `return` */
                py_exc_clear(h);
                raised_and_caught(h, false, NULL, &frame_made);
            } else {
                r = -1;
            }
            break;
        }
        gc_run_scheduled(h); /* pop()'s CALL */
        set_local(h, &key, k);
        if (kind == LIB_WEAKVALUEDICT) {
            r = weakcont_remove_dead_weakref(h, d, key);
        } else if (kind == LIB_WEAKKEYDICT) {
            r = obj_delitem(h, d, key);
            if (r < 0 && py_exc_matches(h, "KeyError")) { /* dict_ass_sub()'s _PyErr_SetKeyError() */
                py_exc_clear(h);
                raised_and_caught(h, true, NULL, &frame_made);
                r = 0;
            }
        } else {
            r = py_discard_result(h, py_method_call(h, &discard, &key, 1));
        }
        if (r == 0) /* the call's CALL (WeakKeyDictionary's del: none), JUMP_BACKWARD */
            gc_run_scheduled(h);
    }
    frame_object_freed(h, frame_made);
    if (pop_bound)
        heap_interp_drop(h, pop_bound);
    py_method_release(h, &pop);
    if (discard_bound)
        heap_interp_drop(h, discard_bound);
    py_method_release(h, &discard);
    if (d)
        obj_decref(h, d);
    if (key)
        obj_decref(h, key);
    budget_restore(h, budget);
    return r;
}

/* _IterationGuard (Lib/_weakrefset.py) ------------------------------------------- */

/* a plain class: default repr, identity hash, no len */
static const type_ops_t guard_lib = {.flags = 0};

static obj_t *lib_class(heap_t *h, int kind);

/*
 * with _IterationGuard(self):
 *     def __init__(self, weakcontainer):
 *         self.weakcontainer = ref(weakcontainer)
 *     def __enter__(self):
 *         w = self.weakcontainer()
 *         if w is not None:
 *             w._iterating.add(self)
 *         return self
 * The entered guard (the with statement's reference), or NULL: then
 * __exit__ does not run.
 */
static obj_t *guard_enter(heap_t *h, obj_t *container, unsigned site)
{
    if (!py_ccall_enter(h)) /* _IterationGuard(self): the class's tp_call */
        return NULL;
    /* _PyObject_MakeTpCall()'s tuple of the arguments, which type_call()
     * passes to __new__ and __init__; 3.13 specializes the site once it ran */
    cls_data_t *site_cls = container->u.inst.type->u.cls;
    bool specialized = h->prof->init_call_specialized && (site_cls->sites_run & site);
    site_cls->sites_run |= (uint8_t)site;
    obj_t *args = specialized ? NULL : tuple_interp(h, 1);
    obj_t *cls = lib_class(h, LIB_ITERGUARD);
    obj_t *g = instance_new(h, cls);
    int r = -1;
    if (py_frame_start(h)) { /* __init__ */
        class_frame(h, cls, CLS_FRAME_INIT);
        if (py_ccall_enter(h)) { /* ref(weakcontainer) */
            obj_t *wr = py_ref(h, container, NULL);
            py_ccall_leave(h);
            if (wr) {
                r = obj_setattr(h, g, "weakcontainer", wr);
                obj_decref(h, wr);
            }
        }
        py_frame_leave(h);
    }
    if (args)
        heap_interp_drop(h, args);
    py_ccall_leave(h);
    if (r == 0) {
        r = -1;
        if (py_frame_start(h)) { /* __enter__ */
            class_frame(h, cls, CLS_FRAME_ENTER);
            obj_t *it = attr(h, container, "_iterating");
            r = it ? py_discard_result(h, py_call_method(h, it, "add", &g, 1)) : -1;
            if (it)
                obj_decref(h, it);
            py_frame_leave(h);
        }
    }
    if (r < 0) {
        obj_decref(h, g);
        return NULL;
    }
    return g;
}

/*
 *     def __exit__(self, e, t, b):
 *         w = self.weakcontainer()
 *         if w is not None:
 *             s = w._iterating
 *             s.remove(self)
 *             if not s:
 *                 w._commit_removals()
 * Takes the guard's reference (released once __exit__ returned). With an
 * exception pending (the body raised), that exception stands unless
 * __exit__ raises its own. spent: the request's budget is spent (the body
 * stopped there, or the generator is dropped for it): the statement is to
 * have done nothing, so the guard only leaves _iterating as it came (the
 * budget set aside for that one remove()), and what removals the body
 * queued wait for the container's next method, as behind another guard.
 */
static int guard_exit(heap_t *h, obj_t *container, obj_t *g, bool raising, bool spent)
{
    exc_t pending = *h->exc;
    int64_t budget = spent ? budget_set_aside(h) : 0;
    py_exc_clear(h);
    int r = -1;
    /* (a statement that spent the budget does no more: no collection starts) */
    if (spent ? py_frame_enter(h) : py_frame_start(h)) {
        class_frame(h, g->u.inst.type, CLS_FRAME_EXIT);
        obj_t *s = attr(h, container, "_iterating");
        if (s) {
            r = py_discard_result(h, py_call_method(h, s, "remove", &g, 1));
            int t = r < 0 || spent ? -1 : obj_truthy(h, s);
            if (t < 0)
                r = -1;
            else if (t == 0)
                r = py_discard_result(h, py_call_method(h, container, "_commit_removals", NULL, 0));
            obj_decref(h, s);
        }
        py_frame_leave(h);
    }
    if (spent) {
        budget_restore(h, budget);
        r = 0; /* the budget error stands */
    }
    obj_decref(h, g);
    if (r == 0 && raising)
        *h->exc = pending;
    return r == 0 && !raising ? 0 : -1;
}

/* The generators --------------------------------------------------------------------- */

enum { G_WVD_ITEMS, G_WVD_KEYS, G_WKD_ITEMS, G_WKD_KEYS, G_WS_ITER };
enum { GS_NEW, GS_WITH, GS_DONE };

/*
 * A suspended generator of one of these methods:
 *
 * WeakValueDictionary.items(self):             WeakValueDictionary.keys(self) (__iter__):
 *     if self._pending_removals:                   if self._pending_removals:
 *         self._commit_removals()                      self._commit_removals()
 *     with _IterationGuard(self):                  with _IterationGuard(self):
 *         for k, wr in self.data.items():              for k, wr in self.data.items():
 *             v = wr()                                     if wr() is not None:
 *             if v is not None:                                yield k
 *                 yield k, v
 * WeakKeyDictionary.items(self):               WeakKeyDictionary.keys(self) (__iter__):
 *     with _IterationGuard(self):                  with _IterationGuard(self):
 *         for wr, value in self.data.items():          for wr in self.data:
 *             key = wr()                                   obj = wr()
 *             if key is not None:                          if obj is not None:
 *                 yield key, value                             yield obj
 * WeakSet.__iter__(self):
 *     with _IterationGuard(self):
 *         for itemref in self.data:
 *             item = itemref()
 *             if item is not None:
 *                 yield item
 */
typedef struct {
    py_gen_t base;
    int which, state;
    obj_t *self, *guard;
    py_iter_t loop; /* the for loop's iterator */
    obj_t *loc[3];  /* the other locals, in co_varnames order (k, wr, v ...) */
} wgen_t;

/* The frame is done: its locals go (self first, then the others in order). */
static void gen_finish(heap_t *h, wgen_t *g)
{
    g->state = GS_DONE;
    py_iter_close(h, &g->loop);
    if (g->guard) /* resumed past the recursion limit: the with block never unwound (3.12+ exit_unwind) */
        obj_clear(h, &g->guard);
    if (g->self)
        obj_clear(h, &g->self);
    for (int i = 0; i < 3; i++)
        if (g->loc[i])
            obj_clear(h, &g->loc[i]);
}

/* Up to the loop: the commit, the guard entered, the loop's iterator. */
static int gen_start(heap_t *h, wgen_t *g)
{
    if ((g->which == G_WVD_ITEMS || g->which == G_WVD_KEYS) && commit_if_pending(h, g->self) < 0)
        return -1;
    bool items = g->which == G_WVD_ITEMS || g->which == G_WKD_ITEMS;
    if (!(g->guard = guard_enter(h, g->self, items ? CLS_SITE_GUARD_ITEMS : CLS_SITE_GUARD_KEYS)))
        return -1;
    g->state = GS_WITH;
    obj_t *data = attr(h, g->self, "data");
    if (!data)
        return -1;
    int r = g->which == G_WKD_KEYS || g->which == G_WS_ITER ? py_iter_open(h, data, &g->loop)
                                                            : py_iter_items(h, data, &g->loop);
    obj_decref(h, data);
    return r;
}

/* One turn of the loop: 1 with something to yield, 0 to go on, -1. */
static int gen_turn(heap_t *h, wgen_t *g, obj_t *x, obj_t *y, obj_t **a, obj_t **b)
{
    obj_t *v;
    switch (g->which) {
    case G_WVD_ITEMS: /* k, wr; v = wr() */
        set_local(h, &g->loc[0], x);
        set_local(h, &g->loc[1], y);
        if (!(v = py_call(h, g->loc[1], NULL, 0)))
            return -1;
        set_local(h, &g->loc[2], v);
        if (v == h->none)
            return 0;
        *a = obj_newref(g->loc[0]);
        *b = obj_newref(v);
        return 1;
    case G_WVD_KEYS: /* k, wr; wr() */
        set_local(h, &g->loc[0], x);
        set_local(h, &g->loc[1], y);
        if (!(v = py_call(h, g->loc[1], NULL, 0)))
            return -1;
        bool dead = v == h->none;
        obj_decref(h, v);
        if (dead)
            return 0;
        *a = obj_newref(g->loc[0]);
        return 1;
    case G_WKD_ITEMS: /* wr, value; key = wr() */
        set_local(h, &g->loc[0], x);
        set_local(h, &g->loc[1], y);
        if (!(v = py_call(h, g->loc[0], NULL, 0)))
            return -1;
        set_local(h, &g->loc[2], v);
        if (v == h->none)
            return 0;
        *a = obj_newref(v);
        *b = obj_newref(g->loc[1]);
        return 1;
    default: /* wr (itemref); obj (item) = wr() */
        set_local(h, &g->loc[0], x);
        if (!(v = py_call(h, g->loc[0], NULL, 0)))
            return -1;
        set_local(h, &g->loc[1], v);
        if (v == h->none)
            return 0;
        *a = obj_newref(v);
        return 1;
    }
}

static int gen_next(heap_t *h, py_gen_t *base, obj_t **a, obj_t **b)
{
    wgen_t *g = (wgen_t *)base;
    if (g->state == GS_DONE)
        return 0;
    if (!py_frame_start(h)) {
        if (g->guard && h->exc->status == ST_BUDGET) { /* the guard leaves _iterating (guard_exit()) */
            obj_t *guard = g->guard;
            g->guard = NULL;
            py_iter_close(h, &g->loop);
            guard_exit(h, g->self, guard, true, true);
        }
        gen_finish(h, g);
        return -1;
    }
    int r = 0;
    obj_t *second = NULL; /* `yield k, v` to a consumer that takes one object: the tuple */
    if (g->state == GS_NEW && gen_start(h, g) < 0) {
        r = -1;
    } else {
        bool pairs = g->which != G_WKD_KEYS && g->which != G_WS_ITER;
        for (;;) {
            obj_t *x, *y = NULL;
            r = pairs ? py_iter_next2(h, &g->loop, &x, &y, UNPACK_FOR, 0) : py_iter_next(h, &g->loop, &x);
            if (r <= 0)
                break;
            if ((r = gen_turn(h, g, x, y, a, b ? b : &second)) != 0)
                break;
        }
    }
    if (r == 1) {
        if (second) {
            obj_t *pair[2] = {*a, second};
            *a = tuple_new_steal(h, pair, 2);
        } else if (b) { /* `yield k, v`'s tuple, which the consumer unpacks and drops */
            heap_interp_drop(h, tuple_interp(h, 2));
        }
        py_frame_leave(h);
        return 1;
    }
    /* the loop ended (r == 0) or raised: its iterator goes, then __exit__ */
    py_iter_close(h, &g->loop);
    if (g->guard) {
        obj_t *guard = g->guard;
        g->guard = NULL;
        if (guard_exit(h, g->self, guard, r < 0, r < 0 && h->exc->status == ST_BUDGET) < 0)
            r = -1;
    }
    gen_finish(h, g);
    py_frame_leave(h);
    return r;
}

/* gen.close() of a generator dropped while suspended at its yield: the
 * GeneratorExit runs __exit__ (what it raises is unraisable); then freed */
static void gen_close(heap_t *h, py_gen_t *base)
{
    wgen_t *g = (wgen_t *)base;
    if (g->state == GS_WITH) {
        exc_t saved = *h->exc;
        bool spent = saved.status == ST_BUDGET; /* dropped by a statement that spent the budget */
        int64_t budget = spent ? budget_set_aside(h) : 0;
        if (py_frame_enter(h)) {
            py_iter_close(h, &g->loop);
            obj_t *guard = g->guard;
            g->guard = NULL;
            exc_set(h->exc, ST_PYEXC, "GeneratorExit", "%s", "");
            guard_exit(h, g->self, guard, true, spent);
            py_frame_leave(h);
        }
        if (spent)
            budget_restore(h, budget);
        *h->exc = saved;
    }
    gen_finish(h, g);
    free(g);
}

static int weakcont_iter(heap_t *h, obj_t *self, py_iter_t *it, bool items)
{
    int kind = lib_kind(self), which;
    if (kind == LIB_WEAKVALUEDICT)
        which = items ? G_WVD_ITEMS : G_WVD_KEYS;
    else if (kind == LIB_WEAKKEYDICT)
        which = items ? G_WKD_ITEMS : G_WKD_KEYS;
    else if (kind == LIB_WEAKSET && !items)
        which = G_WS_ITER;
    else
        return 1;
    /* 3.10: the call made the generator's frame, which its code keeps once done */
    class_frame(h, self->u.inst.type, items ? CLS_FRAME_ITEMS : CLS_FRAME_KEYS);
    wgen_t *g = xcalloc(1, sizeof *g);
    g->base.next = gen_next;
    g->base.close = gen_close;
    g->base.pairs = which == G_WVD_ITEMS || which == G_WKD_ITEMS;
    g->which = which;
    g->self = obj_newref(self);
    py_iter_set_gen(it, &g->base);
    return 0;
}

static int lib_iter(heap_t *h, obj_t *self, py_iter_t *it)
{
    return weakcont_iter(h, self, it, false);
}

static int lib_iter_items(heap_t *h, obj_t *self, py_iter_t *it)
{
    int r = weakcont_iter(h, self, it, true);
    return r > 0 ? (py_unsupported(h, "items()", self), -1) : r;
}

/* Mapping.__eq__ (Lib/_collections_abc.py) ---------------------------------------- */

/* isinstance(other, Mapping), as Mapping.__eq__ asks: for an instance of a
 * session class the ABC machinery caches the answer in weak sets holding
 * weakrefs to the class, which a collection of the class later frees */
/*
 * _abc__abc_instancecheck_impl() of a class not in Mapping's caches yet
 * (an instance's class; `type` for a class, ABCMeta for a library class):
 * _abc__abc_subclasscheck_impl() walks Mapping and the ABCs below it
 * (their bound __subclasscheck__, __subclasses__()'s PyCMethod and list,
 * PyObject_IsSubclass()'s bound methods, all freed again), clearing the
 * negative caches start-up left stale (the invalidation counter is past
 * their _abc_negative_cache_version: PySet_Clear() frees their weakrefs
 * and _destroy callbacks), and adds the class to each ABC's negative cache
 * (_add_to_weak_set(): on an ABC's first entry PySet_New() and a weakref
 * to the set, then the _destroy PyCFunction and the weakref to the class).
 * The interpreter keeps what it made; the gen-0 count moves by the net
 * measured per version, the first time more (the stale caches, the new
 * sets) than after. A class already in the caches costs nothing
 * (_in_weak_set() finds it).
 */
static void abc_first_check(heap_t *h)
{
    int n = h->abc_checked ? h->prof->abc_next_check_gc : h->prof->abc_first_check_gc;
    h->abc_checked = true;
    for (int i = 0; i < n; i++)
        gc_on_alloc(h);
}

static bool is_mapping(heap_t *h, obj_t *o)
{
    if (o->kind == K_DICT)
        return true;
    if (o->kind == K_CLASS) {
        /* a class's class: ABCMeta (a library class's) or `type` */
        bool meta = o->u.cls->lib != NULL;
        if (!(meta ? h->abc_meta_checked : h->abc_type_checked))
            abc_first_check(h);
        if (meta)
            h->abc_meta_checked = true;
        else
            h->abc_type_checked = true;
        return false;
    }
    if (o->kind != K_INSTANCE)
        return false;
    cls_data_t *c = o->u.inst.type->u.cls;
    if (c->lib)
        return c->lib_kind == LIB_WEAKVALUEDICT || c->lib_kind == LIB_WEAKKEYDICT;
    if (!c->abc_refs) {
        abc_first_check(h);
        c->abc_refs = h->prof->abc_mapping_refs;
    }
    /* Modules/_abc.c, _in_weak_set(): every such check looks the class up in
     * a non-empty weak set (Mapping's _abc_registry the first time, via
     * subclasscheck_check_registry(); its negative cache after), with
     * PyWeakref_NewRef(cls, NULL) - the class's basic ref, the one
     * object.__subclasses__ keeps - and PySet_Contains(), which computes
     * the ref's hash: weakref_hash() keeps it, so hash(weakref.ref(cls))
     * still answers once the class is gone */
    obj_t *br = weakref_new(h, o->u.inst.type, NULL); /* a class takes weakrefs */
    int64_t hv;
    if (br) {
        (void)obj_hash(h, br, &hv); /* a live class's hash: its address, never an error */
        obj_decref(h, br);
    }
    return false;
}

/*
 *  def __eq__(self, other):
 *      if not isinstance(other, Mapping):
 *          return NotImplemented
 *      return dict(self.items()) == dict(other.items())
 * self's items() runs to its end before other.items() is called; the two
 * dicts are released left, then right.
 */
static int mapping_eq(heap_t *h, obj_t *self, obj_t *other)
{
    if (!is_mapping(h, other))
        return NOT_IMPLEMENTED;
    obj_t *a = dict_of_items(h, self);
    if (!a)
        return -1;
    obj_t *b = dict_of_items(h, other);
    int r = b ? obj_eq(h, a, b) : -1;
    obj_decref(h, a);
    if (b)
        obj_decref(h, b);
    return r;
}

/* "<%s at %#x>" % (self.__class__.__name__, id(self)) */
/*
 *     def __repr__(self):
 *         return "<%s at %#x>" % (self.__class__.__name__, id(self))
 * run when a statement's repr is (print, an f-string): the format's tuple
 * (BUILD_TUPLE), and on 3.10 the frame its first call keeps; a descriptor's
 * repr is heapd's own and makes nothing
 */
static void mapping_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    if (r->budgeted) {
        class_frame(h, o->u.inst.type, CLS_FRAME_REPR);
        heap_interp_drop(h, tuple_interp(h, 2));
    }
    sb_printf(&r->sb, "<%s at 0x%llx>", o->u.inst.type->u.cls->name, (unsigned long long)o->addr);
}

/* WeakValueDictionary ----------------------------------------------------------- */

/* self.data[key]() */
static obj_t *wvd_lookup(heap_t *h, obj_t *self, obj_t *key)
{
    obj_t *data = attr(h, self, "data");
    if (!data)
        return NULL;
    obj_t *wr = obj_getitem(h, data, key);
    obj_decref(h, data);
    if (!wr)
        return NULL;
    obj_t *o = py_call(h, wr, NULL, 0);
    obj_decref(h, wr);
    return o;
}

/*
 *  def __getitem__(self, key):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      o = self.data[key]()
 *      if o is None:
 *          raise KeyError(key)
 *      else:
 *          return o
 */
static obj_t *wvd_getitem(heap_t *h, obj_t *self, obj_t *key)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_GETITEM);
    if (commit_if_pending(h, self) < 0)
        return NULL;
    obj_t *o = wvd_lookup(h, self, key);
    if (o && o == h->none) {
        obj_decref(h, o);
        dict_raise_key_error(h, key);
        return NULL;
    }
    return o;
}

/*
 *  def __setitem__(self, key, value):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      self.data[key] = KeyedRef(value, self._remove, key)
 *  def __delitem__(self, key):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      del self.data[key]
 * (the KeyedRef, the stored value, is made before self.data is read)
 */
static int wvd_setitem(heap_t *h, obj_t *self, obj_t *key, obj_t *value)
{
    class_frame(h, self->u.inst.type, value ? CLS_FRAME_SETITEM : CLS_FRAME_DELITEM);
    if (commit_if_pending(h, self) < 0)
        return -1;
    obj_t *kr = NULL;
    if (value) {
        obj_t *remove = attr(h, self, "_remove");
        if (!remove)
            return -1;
        kr = py_keyedref(h, self->u.inst.type, value, callback_of(h, remove), key);
        obj_decref(h, remove);
        if (!kr)
            return -1;
    }
    obj_t *data = attr(h, self, "data");
    int r = data ? (kr ? obj_setitem(h, data, key, kr) : obj_delitem(h, data, key)) : -1;
    if (data)
        obj_decref(h, data);
    if (kr)
        obj_decref(h, kr);
    return r;
}

/*
 *  def __len__(self):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      return len(self.data)
 */
static int wvd_len(heap_t *h, obj_t *self, int64_t *out)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_LEN);
    if (commit_if_pending(h, self) < 0)
        return -1;
    return attr_len(h, self, "data", out);
}

/*
 *  def __contains__(self, key):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      try:
 *          o = self.data[key]()
 *      except KeyError:
 *          return False
 *      return o is not None
 */
static int wvd_contains(heap_t *h, obj_t *self, obj_t *key)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_CONTAINS);
    if (commit_if_pending(h, self) < 0)
        return -1;
    obj_t *o = wvd_lookup(h, self, key);
    if (!o) {
        if (!py_exc_matches(h, "KeyError"))
            return -1;
        py_exc_clear(h);
        raised_and_caught(h, true, NULL, NULL); /* dict_subscript()'s _PyErr_SetKeyError() */
        return 0;
    }
    int r = o != h->none;
    obj_decref(h, o);
    return r;
}

static bool lib_has_method(const obj_t *self, const char *name);
static obj_t *lib_call_method(heap_t *h, obj_t *self, const char *name, obj_t **args, size_t n);
static int lib_iter(heap_t *h, obj_t *self, py_iter_t *it);
static int lib_iter_items(heap_t *h, obj_t *self, py_iter_t *it);

static const type_ops_t wvd_lib = {
    .flags = TF_UNHASHABLE,
    .eq = mapping_eq,
    .repr = mapping_repr,
    .len = wvd_len,
    .contains = wvd_contains,
    .getitem = wvd_getitem,
    .setitem = wvd_setitem,
    .has_method = lib_has_method,
    .call_method = lib_call_method,
    .iter = lib_iter,
    .iter_items = lib_iter_items,
};

/* WeakKeyDictionary -------------------------------------------------------------- */

/*
 *  def __getitem__(self, key):
 *      return self.data[ref(key)]
 */
static obj_t *wkd_getitem(heap_t *h, obj_t *self, obj_t *key)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_GETITEM);
    obj_t *data = attr(h, self, "data");
    if (!data)
        return NULL;
    obj_t *r = py_ref(h, key, NULL), *v = NULL;
    if (r) {
        v = obj_getitem(h, data, r);
        obj_decref(h, r);
    }
    obj_decref(h, data);
    return v;
}

/*
 *  def __setitem__(self, key, value):
 *      self.data[ref(key, self._remove)] = value
 *  def __delitem__(self, key):
 *      self._dirty_len = True
 *      del self.data[ref(key)]
 */
static int wkd_setitem(heap_t *h, obj_t *self, obj_t *key, obj_t *value)
{
    class_frame(h, self->u.inst.type, value ? CLS_FRAME_SETITEM : CLS_FRAME_DELITEM);
    if (!value && obj_setattr(h, self, "_dirty_len", h->true_) < 0)
        return -1;
    obj_t *data = attr(h, self, "data");
    if (!data)
        return -1;
    obj_t *remove = value ? attr(h, self, "_remove") : NULL;
    obj_t *r = !value || remove ? py_ref(h, key, value ? callback_of(h, remove) : NULL) : NULL;
    int rc = !r ? -1 : value ? obj_setitem(h, data, r, value) : obj_delitem(h, data, r);
    if (r)
        obj_decref(h, r);
    if (remove)
        obj_decref(h, remove);
    obj_decref(h, data);
    return rc;
}

/*
 *  def _scrub_removals(self):
 *      d = self.data
 *      self._pending_removals = [k for k in self._pending_removals if k in d]
 *      self._dirty_len = False
 */
static int wkd_scrub_removals(heap_t *h, obj_t *self)
{
    obj_t *d = attr(h, self, "data");
    if (!d)
        return -1;
    obj_t *pending = attr(h, self, "_pending_removals");
    py_iter_t it;
    int r = pending ? py_iter_open(h, pending, &it) : -1;
    if (pending)
        obj_decref(h, pending);
    if (r < 0) {
        obj_decref(h, d);
        return -1;
    }
    obj_t *kept = list_new(h, 0, true), *k;
    while ((r = py_iter_next(h, &it, &k)) > 0) {
        int in = obj_contains(h, d, k);
        if (in > 0)
            list_append_new(h, kept, obj_newref(k));
        obj_decref(h, k);
        if (in < 0) {
            r = -1;
            break;
        }
    }
    py_iter_close(h, &it);
    if (r == 0)
        r = obj_setattr(h, self, "_pending_removals", kept);
    obj_decref(h, kept);
    if (r == 0)
        r = obj_setattr(h, self, "_dirty_len", h->false_);
    obj_decref(h, d);
    return r;
}

/*
 *  def __len__(self):
 *      if self._dirty_len and self._pending_removals:
 *          self._scrub_removals()
 *      return len(self.data) - len(self._pending_removals)
 */
static int wkd_len(heap_t *h, obj_t *self, int64_t *out)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_LEN);
    int dirty = attr_true(h, self, "_dirty_len");
    if (dirty < 0)
        return -1;
    if (dirty) {
        int pending = attr_true(h, self, "_pending_removals");
        if (pending < 0 ||
            (pending && py_discard_result(h, py_call_method(h, self, "_scrub_removals", NULL, 0)) < 0))
            return -1;
    }
    int64_t n, p;
    if (attr_len(h, self, "data", &n) < 0 || attr_len(h, self, "_pending_removals", &p) < 0)
        return -1;
    *out = n - p;
    return 0;
}

/*
 *  def __contains__(self, key):           (WeakSet's, with `item`)
 *      try:
 *          wr = ref(key)
 *      except TypeError:
 *          return False
 *      return wr in self.data
 */
/* `try: wr = ref(item) except TypeError: return False` of an item ref()
 * refuses: ref()'s argument tuple, dropped as the call fails */
static void ref_refused(heap_t *h)
{
    raised_and_caught(h, false, tuple_interp(h, 1), NULL);
}

static int weak_contains(heap_t *h, obj_t *self, obj_t *key)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_CONTAINS);
    if (!weakref_supported(key)) {
        ref_refused(h);
        return 0;
    }
    obj_t *wr = py_ref(h, key, NULL);
    if (!wr)
        return -1;
    obj_t *data = attr(h, self, "data");
    int r = data ? obj_contains(h, data, wr) : -1;
    if (data)
        obj_decref(h, data);
    obj_decref(h, wr);
    return r;
}

static const type_ops_t wkd_lib = {
    .flags = TF_UNHASHABLE,
    .eq = mapping_eq,
    .repr = mapping_repr,
    .len = wkd_len,
    .contains = weak_contains,
    .getitem = wkd_getitem,
    .setitem = wkd_setitem,
    .has_method = lib_has_method,
    .call_method = lib_call_method,
    .iter = lib_iter,
    .iter_items = lib_iter_items,
};

/* WeakSet ------------------------------------------------------------------------ */

/*
 *  def __len__(self):
 *      return len(self.data) - len(self._pending_removals)
 */
static int ws_len(heap_t *h, obj_t *self, int64_t *out)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_LEN);
    int64_t n, p;
    if (attr_len(h, self, "data", &n) < 0 || attr_len(h, self, "_pending_removals", &p) < 0)
        return -1;
    *out = n - p;
    return 0;
}

/*
 *  def add(self, item):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      self.data.add(ref(item, self._remove))
 *  def discard(self, item):                def remove(self, item):
 *      if self._pending_removals:              (the same, with self.data.remove)
 *          self._commit_removals()
 *      self.data.discard(ref(item))
 * (self.data.add is looked up before ref(...) is made)
 */
static obj_t *ws_add_discard(heap_t *h, obj_t *self, const char *name, obj_t *item)
{
    if (!strcmp(name, "discard"))
        class_frame(h, self->u.inst.type, CLS_FRAME_DISCARD);
    if (commit_if_pending(h, self) < 0)
        return NULL;
    obj_t *data = attr(h, self, "data");
    if (!data)
        return NULL;
    py_method_t m;
    int r = py_method_load(h, data, name, &m);
    obj_decref(h, data);
    if (r < 0)
        return NULL;
    obj_t *remove = NULL, *res = NULL;
    bool add = !strcmp(name, "add");
    if (add)
        class_frame(h, self->u.inst.type, CLS_FRAME_ADD);
    if (!add || (remove = attr(h, self, "_remove"))) {
        obj_t *wr = py_ref(h, item, add ? callback_of(h, remove) : NULL);
        if (wr) {
            res = py_method_call(h, &m, &wr, 1);
            obj_decref(h, wr);
        }
    }
    if (remove)
        obj_decref(h, remove);
    py_method_release(h, &m);
    return res;
}

/*
 *  def pop(self):
 *      if self._pending_removals:
 *          self._commit_removals()
 *      while True:
 *          try:
 *              itemref = self.data.pop()
 *          except KeyError:
 *              raise KeyError('pop from empty WeakSet') from None
 *          item = itemref()
 *          if item is not None:
 *              return item
 */
static obj_t *ws_pop(heap_t *h, obj_t *self)
{
    if (commit_if_pending(h, self) < 0)
        return NULL;
    obj_t *data = attr(h, self, "data");
    bool paid = data && pay_turns(h, data, NULL, true); /* the dry run: nothing has changed yet */
    if (data)
        obj_decref(h, data);
    if (!paid)
        return NULL;
    int64_t budget = budget_set_aside(h);
    obj_t *itemref = NULL, *item = NULL, *res = NULL;
    while (heap_work(h, WORK_LOOP_TURN)) { /* paid: the budget is set aside */
        obj_t *data = attr(h, self, "data");
        obj_t *r = data ? py_call_method(h, data, "pop", NULL, 0) : NULL;
        if (data)
            obj_decref(h, data);
        if (!r) {
            if (py_exc_matches(h, "KeyError"))
                exc_set(h->exc, ST_PYEXC, "KeyError", "'pop from empty WeakSet'");
            break;
        }
        set_local(h, &itemref, r);
        if (!(r = py_call(h, itemref, NULL, 0)))
            break;
        set_local(h, &item, r);
        if (item != h->none) {
            res = obj_newref(item);
            break;
        }
    }
    if (itemref)
        obj_decref(h, itemref);
    if (item)
        obj_decref(h, item);
    budget_restore(h, budget);
    return res;
}

/*
 *  def __eq__(self, other):
 *      if not isinstance(other, self.__class__):
 *          return NotImplemented
 *      return self.data == set(map(ref, other))
 * (self.data is read first; iter(other) is other's __iter__ generator; a
 * failing set() is released before the map, and the generator in it.
 * map_vectorcall() makes the tuple of its iterators before iter(other);
 * map_dealloc() drops it after the iterator)
 */
static int ws_eq(heap_t *h, obj_t *self, obj_t *other)
{
    class_frame(h, self->u.inst.type, CLS_FRAME_EQ);
    if (other->kind != K_INSTANCE || other->u.inst.type != self->u.inst.type)
        return NOT_IMPLEMENTED;
    obj_t *data = attr(h, self, "data");
    if (!data)
        return -1;
    obj_t *iters = tuple_interp(h, 1);
    py_iter_t it;
    if (py_iter_open(h, other, &it) < 0) {
        heap_interp_drop(h, iters);
        obj_decref(h, data);
        return -1;
    }
    obj_t *refs = set_new(h, K_SET), *item;
    int r;
    while ((r = py_iter_next(h, &it, &item)) > 0) {
        obj_t *wr = py_ref(h, item, NULL);
        obj_decref(h, item);
        r = wr ? set_add(h, refs, wr) : -1;
        if (wr)
            obj_decref(h, wr);
        if (r < 0)
            break;
    }
    if (r < 0) {
        obj_decref(h, refs);
        py_iter_close(h, &it);
        heap_interp_drop(h, iters);
        obj_decref(h, data);
        return -1;
    }
    py_iter_close(h, &it);
    heap_interp_drop(h, iters);
    r = obj_eq(h, data, refs);
    obj_decref(h, data);
    obj_decref(h, refs);
    return r;
}

/* WeakSet.__repr__: repr(self.data) */
static void ws_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    obj_t *data = instance_attr(h, o, "data");
    if (!data) {
        sb_printf(&r->sb, "<WeakSet at 0x%llx>", (unsigned long long)o->addr);
        return;
    }
    if (!repr_call(r)) /* the method's frame, the builtin repr()'s call */
        return;
    if (r->budgeted) /* `return repr(self.data)`: 3.10's frame kept (mapping_repr()) */
        class_frame(h, o->u.inst.type, CLS_FRAME_REPR);
    repr_obj(r, data);
    repr_return(r);
}

static const type_ops_t ws_lib = {
    .flags = TF_UNHASHABLE,
    .eq = ws_eq,
    .repr = ws_repr,
    .len = ws_len,
    .contains = weak_contains,
    .has_method = lib_has_method,
    .call_method = lib_call_method,
    .iter = lib_iter,
    .iter_items = lib_iter_items,
};

/* Calling the methods by name ------------------------------------------------------ */

static const char *const wvd_run[] = {"_commit_removals", "pop", "items", "keys", NULL};
static const char *const wkd_run[] = {"_commit_removals", "_scrub_removals", "pop", "items", "keys", NULL};
static const char *const ws_run[] = {"_commit_removals", "add", "discard", "remove", "pop", NULL};

static bool lib_has_method(const obj_t *self, const char *name)
{
    const cls_data_t *c = self->u.inst.type->u.cls;
    if (!c->lib)
        return false;
    const char *const *t = c->lib_kind == LIB_WEAKVALUEDICT ? wvd_run
                           : c->lib_kind == LIB_WEAKKEYDICT ? wkd_run
                           : c->lib_kind == LIB_WEAKSET     ? ws_run
                                                            : NULL;
    for (; t && *t; t++)
        if (!strcmp(*t, name))
            return true;
    return false;
}

/* a Python function's arity errors: "WeakSet.add() missing 1 required
 * positional argument: 'item'" / "... takes 2 positional arguments but 3
 * were given" */
static bool arity(heap_t *h, obj_t *self, const char *name, size_t n, const char *arg)
{
    size_t want = arg ? 1 : 0;
    if (n == want)
        return true;
    const char *cls = self->u.inst.type->u.cls->name;
    if (n < want)
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s.%s() missing 1 required positional argument: '%s'", cls,
                name, arg);
    else
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s.%s() takes %zu positional argument%s but %zu were given",
                cls, name, want + 1, want ? "s" : "", n + 1);
    return false;
}

static obj_t *none_or_null(heap_t *h, int r)
{
    return r < 0 ? NULL : obj_newref(h->none);
}

/* A library method's body (no frame counted here) */
static obj_t *method_body(heap_t *h, obj_t *self, const char *name, obj_t **args, size_t n)
{
    int kind = lib_kind(self);
    if (!strcmp(name, "_commit_removals") && (kind == LIB_WEAKSET || kind == LIB_WEAKKEYDICT || n == 0))
        return arity(h, self, name, n, NULL) ? none_or_null(h, commit_removals(h, self)) : NULL;
    if (kind == LIB_WEAKKEYDICT && !strcmp(name, "_scrub_removals"))
        return arity(h, self, name, n, NULL) ? none_or_null(h, wkd_scrub_removals(h, self)) : NULL;
    if (kind == LIB_WEAKSET && (!strcmp(name, "add") || !strcmp(name, "discard") || !strcmp(name, "remove")))
        return arity(h, self, name, n, "item") ? ws_add_discard(h, self, name, args[0]) : NULL;
    if (kind == LIB_WEAKSET && !strcmp(name, "pop"))
        return arity(h, self, name, n, NULL) ? ws_pop(h, self) : NULL;
    if (kind != LIB_WEAKSET && !strcmp(name, "pop") && n == 0) {
        arity(h, self, name, n, "key");
        return NULL;
    }
    /* Lib/weakref.py's code calls a method on what an attribute holds (self.data
     * made a weak container); the statement's own call (`w.get(k)`, a deref of
     * `w.get`) is the only Python frame: no method encloses it */
    if (h->py_depth > 1)
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "calling %s.%s() inside a weak container's method",
                self->u.inst.type->u.cls->name, name);
    else
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported",
                "calling %s.%s() (a method of a weak container that heapd does not run)",
                self->u.inst.type->u.cls->name, name);
    return NULL;
}

static obj_t *lib_call_method(heap_t *h, obj_t *self, const char *name, obj_t **args, size_t n)
{
    if (self->kind != K_INSTANCE || !self->u.inst.type->u.cls->lib) {
        exc_set(h->exc, ST_BADREQ, "bad_request", "unsupported: calling %s() of a '%s' object", name,
                obj_tp_name(self));
        return NULL;
    }
    if (!py_frame_start(h))
        return NULL;
    obj_t *r = method_body(h, self, name, args, n);
    py_frame_leave(h);
    return r;
}

/* The classes and their __init__ ------------------------------------------------- */

static const struct {
    const char *name, *module;
    const type_ops_t *lib;
    const func_def_t *remove;
} libs[LIB__COUNT] = {
    [LIB_WEAKVALUEDICT] = {"WeakValueDictionary", "weakref", &wvd_lib, &func_wvd_remove},
    [LIB_WEAKKEYDICT] = {"WeakKeyDictionary", "weakref", &wkd_lib, &func_wkd_remove},
    [LIB_WEAKSET] = {"WeakSet", "_weakrefset", &ws_lib, &func_ws_remove},
    [LIB_ITERGUARD] = {"_IterationGuard", "_weakrefset", &guard_lib, NULL},
};

static obj_t *lib_class(heap_t *h, int kind)
{
    if (!h->lib_class[kind]) {
        h->lib_class[kind] = class_new_library(h, libs[kind].name, libs[kind].module, libs[kind].lib, kind);
        weakref_new_subclass_entry(h, h->lib_class[kind], heap_subclass_ref_addr(h, kind));
    }
    return h->lib_class[kind];
}

static obj_t *remove_dead_weakref_fn(heap_t *h)
{
    if (!h->remove_dead_weakref)
        h->remove_dead_weakref = func_new_static(h, &func_remove_dead_weakref);
    return h->remove_dead_weakref;
}

/* def remove(wr, selfref=ref(self)[, _atomic_removal=_remove_dead_weakref]):
 * the defaults tuple comes from the tuple free list of a running interpreter */
static obj_t *make_remove(heap_t *h, obj_t *self, int kind)
{
    obj_t *items[2];
    size_t n = 1;
    items[0] = py_ref(h, self, NULL);
    if (kind == LIB_WEAKVALUEDICT)
        items[n++] = obj_newref(remove_dead_weakref_fn(h));
    obj_t *defaults = tuple_new_steal(h, items, n);
    return func_new(h, libs[kind].remove, defaults);
}

/* set(): a call into C, the eval breaker checked once it returned */
static obj_t *new_set_checked(heap_t *h)
{
    obj_t *s = set_new(h, K_SET);
    gc_run_scheduled(h);
    return s;
}

static void store_new(heap_t *h, obj_t *self, const char *name, obj_t *v)
{
    obj_setattr(h, self, name, v);
    obj_decref(h, v);
}

/* WeakValueDictionary.__init__'s `self.update(other, **kw)` with other=()
 * and no keywords, the interpreter's objects it makes and drops: the bound
 * method, the call's argument tuple and keyword dict (CALL_FUNCTION_EX),
 * update()'s **kwargs, dict(other) (a type's tp_alloc: no free list), the
 * items view and its iterator with the result pair it keeps (dictiter_new()'s
 * PyTuple_Pack(2, None, None)), then kwargs.items()'s; update()'s frame
 * clears `other` before `kwargs`, then the call drops its method, tuple
 * and dict. 3.12+ check the eval breaker at update()'s RESUME and after
 * each call into C (dict(other), the items() calls). */
static void wvd_update(heap_t *h, obj_t *cls)
{
    gc_on_alloc(h); /* self.update */
    obj_t *args = tuple_interp(h, 1);
    obj_t *merged = dict_interp(h, true);
    class_frame(h, cls, CLS_FRAME_UPDATE);
    obj_t *kwargs = dict_interp(h, true);
    gc_run_scheduled(h);
    obj_t *other = dict_interp(h, false);
    gc_on_alloc(h); /* dict(other)'s iterator of the empty tuple */
    gc_on_free(h);
    gc_run_scheduled(h);
    for (int i = 0; i < 2; i++) { /* other.items(), then kwargs.items() */
        gc_on_alloc(h);           /* the view */
        gc_run_scheduled(h);
        gc_on_alloc(h); /* its iterator */
        obj_t *pair = tuple_interp(h, 2);
        gc_on_free(h); /* the view, once iter() took the dict */
        heap_interp_drop(h, pair);
        gc_on_free(h); /* the iterator, exhausted */
    }
    heap_interp_drop(h, other);
    heap_interp_drop(h, kwargs);
    gc_on_free(h);
    heap_interp_drop(h, args);
    heap_interp_drop(h, merged);
}

/* WeakValueDictionary(): **kw, then _remove, _pending_removals, _iterating,
 * data, update(); WeakKeyDictionary(): data, _remove, _pending_removals,
 * _iterating, _dirty_len; WeakSet(): data, _remove, _pending_removals,
 * _iterating (their __init__s; `{}` is BUILD_MAP's PyDict_New(), from the
 * free list) */
obj_t *weakcont_new(heap_t *h, int kind)
{
    obj_t *cls = lib_class(h, kind);
    obj_t *self = instance_new(h, cls);
    heap_push_temp(h, self);
    class_frame(h, cls, CLS_FRAME_INIT);
    obj_t *kw = kind == LIB_WEAKVALUEDICT ? dict_interp(h, true) : NULL; /* the frame's **kw */
    gc_run_scheduled(h); /* __init__'s RESUME; then each set()'s CALL checks */
    if (kind != LIB_WEAKVALUEDICT)
        store_new(h, self, "data", kind == LIB_WEAKSET ? new_set_checked(h) : dict_new(h, true));
    store_new(h, self, "_remove", make_remove(h, self, kind));
    store_new(h, self, "_pending_removals", list_new(h, 0, true));
    store_new(h, self, "_iterating", new_set_checked(h));
    if (kind == LIB_WEAKVALUEDICT) {
        store_new(h, self, "data", dict_new(h, true));
        wvd_update(h, cls);
        heap_interp_drop(h, kw);
    }
    if (kind == LIB_WEAKKEYDICT)
        obj_setattr(h, self, "_dirty_len", h->false_);
    h->ntemps--;
    return self;
}

/* The remove functions ------------------------------------------------------------- */

/*
 * WeakValueDictionary's (wr)             WeakKeyDictionary's (k)
 *   self = selfref()                       self = selfref()
 *   if self is not None:                   if self is not None:
 *       if self._iterating:                    if self._iterating:
 *           self._pending_removals.append(         self._pending_removals.append(k)
 *               wr.key)                        else:
 *       else:                                      try:
 *           _atomic_removal(self.data, wr.key)         del self.data[k]
 * WeakSet's _remove(item): ... else: self.data.discard(item)    except KeyError: pass
 */
int weakcont_remove(heap_t *h, obj_t *fn, obj_t *wr)
{
    obj_t *defaults = fn->u.fn.defaults;
    if (!defaults || defaults->kind != K_TUPLE || defaults->u.seq.len == 0)
        return 0;
    obj_t *selfref = defaults->u.seq.items[0];
    func_kind_t kind = fn->u.fn.def->kind;
    /* 3.10: the call's frame, kept by the function's code once made */
    class_frame(h,
                lib_class(h, kind == FN_WVD_REMOVE   ? LIB_WEAKVALUEDICT
                             : kind == FN_WKD_REMOVE ? LIB_WEAKKEYDICT
                                                     : LIB_WEAKSET),
                CLS_FRAME_REMOVE_CB);
    if (selfref->kind != K_WEAKREF || !selfref->u.wr.referent)
        return 0;
    if (!py_frame_start(h))
        return -1;
    obj_t *self = obj_newref(selfref->u.wr.referent);
    int r = attr_true(h, self, "_iterating");
    if (r > 0) {
        obj_t *pending = attr(h, self, "_pending_removals");
        py_method_t append;
        r = pending ? py_method_load(h, pending, "append", &append) : -1;
        if (pending)
            obj_decref(h, pending);
        if (r == 0) {
            obj_t *key = kind == FN_WVD_REMOVE ? obj_getattr(h, wr, "key") : obj_newref(wr);
            r = key ? py_discard_result(h, py_method_call(h, &append, &key, 1)) : -1;
            if (key)
                obj_decref(h, key);
            py_method_release(h, &append);
        }
    } else if (r == 0) {
        obj_t *data = attr(h, self, "data");
        r = data ? 0 : -1;
        if (data && kind == FN_WVD_REMOVE) {
            obj_t *key = obj_getattr(h, wr, "key");
            r = key ? weakcont_remove_dead_weakref(h, data, key) : -1;
            if (key)
                obj_decref(h, key);
        } else if (data && kind == FN_WKD_REMOVE) {
            r = obj_delitem(h, data, wr);
            if (r < 0 && py_exc_matches(h, "KeyError")) { /* dict_ass_sub()'s _PyErr_SetKeyError() */
                py_exc_clear(h);
                raised_and_caught(h, true, NULL, NULL);
                r = 0;
            }
        } else if (data) {
            r = py_discard_result(h, py_call_method(h, data, "discard", &wr, 1));
        }
        if (data)
            obj_decref(h, data);
    }
    obj_decref(h, self);
    py_frame_leave(h);
    return r < 0 ? -1 : 0;
}
