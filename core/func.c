/*
 * func.c — function objects (Objects/funcobject.c, and builtin functions
 * of Objects/methodobject.c).
 */
#include "strbuf.h"
#include "func.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "gc.h"
#include "heap.h"
#include "heap_internal.h"
#include "method.h"
#include "pycall.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"
#include "weakcont.h"

/* a weak container's remove(wr) / _remove(item) (weakcont.c runs the body) */
static obj_t *run_remove(heap_t *h, obj_t *fn, obj_t **args, size_t n)
{
    return weakcont_remove(h, fn, args[0]) < 0 ? NULL : obj_newref(h->none);
}

static obj_t *run_remove_dead_weakref(heap_t *h, obj_t *fn, obj_t **args, size_t n)
{
    return weakcont_remove_dead_weakref(h, args[0], args[1]) < 0 ? NULL : obj_newref(h->none);
}

const func_def_t func_record = {.name = "_cb", .qualname = "_cb", .kind = FN_RECORD, .arg0 = "wr"};
const func_def_t func_wvd_remove = {.name = "remove",
                                    .qualname = "WeakValueDictionary.__init__.<locals>.remove",
                                    .kind = FN_WVD_REMOVE,
                                    .arg0 = "wr",
                                    .run = run_remove};
const func_def_t func_wkd_remove = {.name = "remove",
                                    .qualname = "WeakKeyDictionary.__init__.<locals>.remove",
                                    .kind = FN_WKD_REMOVE,
                                    .arg0 = "k",
                                    .run = run_remove};
const func_def_t func_ws_remove = {.name = "_remove",
                                   .qualname = "WeakSet.__init__.<locals>._remove",
                                   .kind = FN_WS_REMOVE,
                                   .arg0 = "item",
                                   .run = run_remove};
const func_def_t func_remove_dead_weakref = {.name = "_remove_dead_weakref",
                                             .qualname = "_remove_dead_weakref",
                                             .kind = FN_REMOVE_DEAD_WEAKREF,
                                             .builtin = true,
                                             .arg0 = "dct",
                                             .run = run_remove_dead_weakref};

static int64_t func_size(const heap_t *h, const obj_t *o)
{
    return o->u.fn.def->builtin ? h->prof->builtin_function_size : h->prof->function_size;
}

obj_t *func_new(heap_t *h, const func_def_t *def, obj_t *defaults)
{
    obj_t *f = heap_new_object(h, K_FUNCTION, (size_t)h->prof->function_size);
    f->u.fn.def = def;
    f->u.fn.defaults = defaults;
    heap_account_size(h, f);
    heap_emit(h, EV_CREATED, f, NULL);
    gc_track(h, f);
    return f;
}

obj_t *func_new_static(heap_t *h, const func_def_t *def)
{
    obj_t *f = heap_new_static(h, K_FUNCTION, h->prof->static_refcnt_base, 0);
    f->flags |= OF_GC;
    f->u.fn.def = def;
    return f;
}

void func_call_callback(heap_t *h, obj_t *fn, obj_t *arg, uint64_t dead_id)
{
    if (fn->kind != K_FUNCTION)
        return; /* not callable: PyErr_WriteUnraisable, ignored */
    exc_t saved = *h->exc;
    const func_def_t *d = fn->u.fn.def;
    if (d->kind == FN_RECORD) {
        if (h->prof->frame_object && !fn->u.fn.frame_made) { /* 3.10: the frame its code keeps */
            fn->u.fn.frame_made = true;
            gc_on_alloc(h);
        }
        heap_emit(h, EV_WEAKREF_CALLBACK, arg, NULL);
        event_t *e = (event_t *)event_log_get(&h->events, h->events.next_seq - 1);
        e->target = dead_id;
        const char *text = fn->u.fn.def->print_text;
        if (text)
            h->hooks->emit_prints(h, text);
    } else if (d->run && !d->builtin) {
        obj_t *r = d->run(h, fn, &arg, 1);
        if (r)
            obj_decref(h, r);
    }
    *h->exc = saved; /* an exception in a callback is unraisable: ignored */
}

/* func_traverse(): __defaults__, __doc__, then __dict__ (no globals or
 * names here; the code object is no object of the heap's) */
static int func_traverse(obj_t *o, visit_fn visit, void *arg)
{
    int r;
    if (o->u.fn.defaults && (r = visit(o->u.fn.defaults, arg)))
        return r;
    obj_t **doc = o->u.fn.def->doc;
    if (doc && *doc && (r = visit(*doc, arg)))
        return r;
    return o->u.fn.dict ? visit(o->u.fn.dict, arg) : 0;
}

/* func_clear(): __defaults__, __doc__, then __dict__ */
static void func_clear(heap_t *h, obj_t *o)
{
    obj_clear(h, &o->u.fn.defaults);
    if (o->u.fn.def->doc)
        obj_clear(h, o->u.fn.def->doc);
    obj_clear(h, &o->u.fn.dict);
}

/* func_dealloc(): weakrefs cleared, then func_clear(), then the code
 * (which func_clear() leaves: Py_DECREF(op->func_code) after it) */
static void func_dealloc(heap_t *h, obj_t *o)
{
    weakref_clear_all(h, o);
    heap_emit(h, EV_DESTROYED, o, NULL);
    func_clear(h, o);
    struct code **code = o->u.fn.def->code;
    if (code && *code) {
        struct code *c = *code;
        *code = NULL;
        h->hooks->code_release(h, c);
    }
    heap_release_object(h, o, NULL);
}

static obj_t **func_weaklist(obj_t *o)
{
    return &o->u.fn.wr_head;
}

static const char *func_own_name(const obj_t *o)
{
    return o->u.fn.def->name;
}

static const char *func_name(const obj_t *o)
{
    return o->u.fn.def->builtin ? "builtin_function_or_method" : "function";
}

static void func_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    if (o->u.fn.def->builtin)
        sb_printf(&r->sb, "<built-in function %s>", o->u.fn.def->name);
    else
        sb_printf(&r->sb, "<function %s at 0x%llx>", o->u.fn.def->qualname, (unsigned long long)o->addr);
}

/* Attributes ------------------------------------------------------------------ */

/* PyObject_GenericGetAttr(): the function type defines no attribute a
 * request can name (its own are dunders), so func_dict decides */
static obj_t *func_getattr(heap_t *h, obj_t *o, const char *name)
{
    obj_t *v = o->u.fn.dict ? dict_get_utf8(h, o->u.fn.dict, name) : NULL;
    if (v)
        return obj_newref(v);
    if ((v = method_lookup(h, o, name)))
        return v;
    err_no_attribute(h, o, name);
    return NULL;
}

/*
 * PyObject_GenericSetAttr() through tp_dictoffset: _PyObjectDict_SetItem()
 * makes func_dict with PyDict_New() at the first setting, or deletion
 * (which then fails with an AttributeError, 3.10's naming the attribute
 * alone). A builtin function has no __dict__.
 */
static int func_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    if (o->u.fn.def->builtin) {
        exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->setattr_nodict_fmt, obj_tp_name(o), name);
        return -1;
    }
    if (!o->u.fn.dict)
        o->u.fn.dict = dict_new(h, true);
    obj_t *k = str_constant(h, name, strlen(name));
    int r = v ? dict_set_item(h, o->u.fn.dict, k, v) : dict_del_item(h, o->u.fn.dict, k);
    obj_decref(h, k);
    if (r < 0 && !v && strcmp(h->exc->type, "KeyError") == 0) {
        exc_set(h->exc, ST_PYEXC, "AttributeError", h->prof->del_missing_attr_fmt, obj_tp_name(o), name);
        return -1;
    }
    return r;
}

/* its attributes, labelled as an instance's are */
static void func_edges(heap_t *h, obj_t *o, edge_fn fn, void *arg)
{
    obj_t *k, *v;
    for (size_t pos = 0; o->u.fn.dict && dict_next(o->u.fn.dict, &pos, &k, &v);) {
        if (k->kind != K_STR)
            continue;
        char *name = str_to_utf8(k), label[300];
        snprintf(label, sizeof label, ".%s", name);
        free(name);
        fn(EDGE_ATTR, label, v->addr, arg);
    }
}

/* The functions the sandbox has take one argument (the builtin two): the
 * arguments bound as a builtin's vectorcall or the code's checks them,
 * then the body */
static obj_t *func_call(heap_t *h, obj_t *o, obj_t **args, size_t n)
{
    const func_def_t *d = o->u.fn.def;
    if (d->builtin && n != 2) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s expected 2 arguments, got %zu", d->name, n);
        return NULL;
    }
    if (!d->builtin && n == 0) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "%s() missing 1 required positional argument: '%s'",
                d->qualname, d->arg0);
        return NULL;
    }
    if (!d->run || (!d->builtin && n > 1))
        return py_unsupported(h, "calling", o);
    return d->run(h, o, args, n);
}

/* a Python function's frame runs inline; a builtin's is a call into C */
static bool func_call_inline(const obj_t *o)
{
    return !o->u.fn.def->builtin;
}

const type_ops_t function_type = {
    .name_of = func_name,
    .flags = TF_GC,
    .call = func_call,
    .call_inline = func_call_inline,
    .own_name = func_own_name,
    .dealloc = func_dealloc,
    .traverse = func_traverse,
    .clear = func_clear,
    .size = func_size,
    .weaklist = func_weaklist,
    .hash = identity_hash,
    .repr = func_repr,
    .getattr = func_getattr,
    .setattr = func_setattr,
    .edges = func_edges,
};
