/*
 * exec.c — heap_exec(): one statement, run as CPython runs the equivalent
 * module-level code: compile its constants, evaluate in CPython's order,
 * bind (the old value released after the store), and at the end drop the
 * value stack and the code object's constants. Every operation goes
 * through the abstract protocols (object.c); no kind is named here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "code.h"
#include "containers.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "pycall.h"
#include "num.h"
#include "pyops.h"
#include "refpath.h"
#include "str.h"
#include "value.h"
#include "weakref.h"

/* _PyArena_Free() once the code ran: what the arena holds, then the
 * parser's floats for float literals (value.c arena_hold()) */
static void arena_free(heap_t *h)
{
    heap_arena_free(h);
    float_arena_free(h);
}

static status_t pyexc(heap_t *h, const char *type, const char *fmt, const char *arg)
{
    return exc_set(h->exc, ST_PYEXC, type, fmt, arg);
}

/* Evaluates a spec with its constants compiled first; the result is held
 * on the temp stack. A collection the compiling scheduled (3.12+) runs
 * before the code does: its RESUME checks the eval breaker (a unit's
 * checked as it began). */
static obj_t *eval_compiled(heap_t *h, spec_t *s)
{
    if (!h->in_unit)
        gc_run_scheduled(h);
    obj_t *o = value_eval(h, s);
    if (o)
        heap_push_temp(h, o);
    return o;
}

static obj_t *eval_value(heap_t *h, spec_t *s)
{
    return value_compile(h, s) ? eval_compiled(h, s) : NULL;
}

static obj_t *eval_ref(heap_t *h, const heap_ref_t *r)
{
    obj_t *o = refpath_eval(h, r);
    if (o)
        heap_push_temp(h, o);
    return o;
}

static status_t failed(heap_t *h)
{
    return h->exc->status ? h->exc->status : ST_PYEXC;
}

/* name = <value>, its constants compiled */
static status_t assign_compiled(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    obj_t *o = eval_compiled(h, st->value);
    if (!o)
        return failed(h);
    heap_name_set(h, st->name, obj_newref(o));
    res->kind = RES_OBJ;
    res->id = o->addr;
    return ST_OK;
}

/* name = <value> */
static status_t op_assign(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    return value_compile_rhs(h, st->value) ? assign_compiled(h, st, res) : failed(h);
}

/* Work units that building a spec's value spends, at most, but for what
 * its references cost to hash or compare: an instance made by calling its
 * class, a str hashed, an item put in a set or dict (a probe or two). */
static int64_t spec_work(const spec_t *s)
{
    int64_t w = 8;
    if (s->form == SP_INSTANCE)
        w += PY_WORK_NEW_OBJECT + 16;
    if (s->form == SP_STR || s->form == SP_BYTES)
        w += (int64_t)(s->len / 64) + 1;
    for (size_t i = 0; i < s->nitems; i++)
        w += 8 + spec_work(s->items[i]);
    return w;
}

/* name = <value>, then name.attr = <value> for each attribute: one compiled
 * unit, its constants in the order the compiler meets them. The name is
 * bound before the attributes' values are built, so the budget they need is
 * there before anything runs: a budget spent after the binding would leave
 * it done (and the old value dead) under an answer that says nothing ran. */
static status_t op_create(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (st->nattrs) {
        int64_t need = spec_work(st->value);
        for (size_t i = 0; i < st->nattrs; i++)
            need += 16 + spec_work(st->attr_values[i]);
        if (h->work_left < need && !heap_work(h, h->work_left + 1))
            return ST_BUDGET;
    }
    if (!value_compile_rhs(h, st->value))
        return failed(h);
    for (size_t i = 0; i < st->nattrs; i++)
        if (!value_compile_more(h, st->attr_values[i]))
            return failed(h);
    status_t s = assign_compiled(h, st, res);
    if (s != ST_OK)
        return s;
    for (size_t i = 0; i < st->nattrs; i++) {
        obj_t *v = value_eval(h, st->attr_values[i]);
        if (!v)
            return failed(h);
        heap_push_temp(h, v);
        obj_t *target = heap_name_get(h, st->name);
        if (!target)
            return pyexc(h, "NameError", "name '%s' is not defined", st->name);
        if (obj_setattr(h, target, st->attr_names[i], v) < 0)
            return failed(h);
    }
    return ST_OK;
}

static bool is_dunder(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

/* type_new_visit_slots(): each slot in order must be an identifier, and
 * __dict__ and __weakref__ may each appear once (a name listed twice is
 * fine: its second member descriptor loses to the first, PyDict_SetDefault
 * in type_add_members()). Then what heapd does not simulate: another
 * dunder slot would override the type's own attribute of that name. */
static status_t check_slots(heap_t *h, const heap_classdef_t *d)
{
    bool dict = false, weak = false;
    for (size_t i = 0; i < d->nslots; i++) {
        if (i + 1 == d->slots_bad && d->slots_bad_type)
            return pyexc(h, "TypeError", "__slots__ items must be strings, not '%s'", d->slots_bad_type);
        if (i + 1 == d->slots_bad)
            return pyexc(h, "TypeError", "%s", "__slots__ must be identifiers");
        if (strcmp(d->slots[i], "__dict__") == 0) {
            if (dict)
                return pyexc(h, "TypeError", "%s", "__dict__ slot disallowed: we already got one");
            dict = true;
        }
        if (strcmp(d->slots[i], "__weakref__") == 0) {
            if (weak)
                return pyexc(h, "TypeError", "%s", h->prof->weakref_slot_twice);
            weak = true;
        }
    }
    for (size_t i = 0; i < d->nslots; i++)
        if (is_dunder(d->slots[i]) && strcmp(d->slots[i], "__dict__") && strcmp(d->slots[i], "__weakref__"))
            return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "the slot name '%.60s'", d->slots[i]);
    return ST_OK;
}

/* The class statement's __init__ code, compiled with the statement (its
 * constants made before anything of it runs), or in module mode found
 * among those the unit compiled (its code holds them until it ends) */
static struct code *class_init_code(heap_t *h, const heap_stmt_t *st, bool more)
{
    if (h->in_unit) {
        for (size_t i = 0; i < h->nunit_codes; i++)
            if (h->unit_code_stmts[i] == st) {
                code_incref(h->unit_codes[i]);
                return h->unit_codes[i];
            }
    }
    size_t n = code_specs(st, NULL, 0);
    spec_t **specs = xcalloc(n ? n : 1, sizeof *specs);
    code_specs(st, specs, n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = i || more ? value_compile_more(h, specs[i]) : value_compile(h, specs[i]);
    free(specs);
    return ok ? code_new(h, st, st->name) : NULL;
}

struct code *heap_body_code(heap_t *h, const heap_stmt_t *st, bool more, const char *qualname)
{
    if (h->in_unit) {
        for (size_t i = 0; i < h->nunit_bodies; i++)
            if (h->unit_body_stmts[i] == st) {
                code_incref(h->unit_bodies[i]);
                return h->unit_bodies[i];
            }
    }
    const heap_body_t *b = st->body;
    bool ok = true;
    for (size_t i = 0; i < b->n && ok; i++)
        ok = i || more ? value_compile_more(h, b->consts[i]) : value_compile(h, b->consts[i]);
    return ok ? code_new_body(h, b, qualname) : NULL;
}

/* The class body's docstring (compiler_body(): LOAD_CONST, STORE_NAME
 * __doc__), the str constant its code loads: the parser made it with the
 * statement's other constants, or in module mode the unit's, merged with
 * every equal str of the unit (_PyCode_ConstantKey()); the class's
 * __dict__ keeps a new reference. NULL: no docstring, or it raised. */
static obj_t *class_doc(heap_t *h, const heap_classdef_t *d, bool *failed_out)
{
    *failed_out = false;
    if (!d->doc_spec)
        return NULL;
    obj_t *doc = value_compile(h, d->doc_spec) ? value_eval(h, d->doc_spec) : NULL;
    *failed_out = doc == NULL;
    return doc;
}

/* The names a code object's co_names holds, in the order code generation
 * first uses them (compiler_nameop(): a global's LOAD_GLOBAL; LOAD_ATTR /
 * STORE_ATTR: an attribute's). Copies: a path's steps are read into a
 * buffer of refpath_each_name()'s. */
typedef struct {
    const heap_classdef_t *d;
    char names[32][64];
    size_t n;
    bool overflow; /* more than names holds */
} conames_t;

static void coname(conames_t *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return;
    if (c->n == sizeof c->names / sizeof *c->names || strlen(name) >= sizeof *c->names)
        c->overflow = true;
    else
        snprintf(c->names[c->n++], sizeof *c->names, "%s", name);
}

static bool is_param(const heap_classdef_t *d, const char *name)
{
    for (size_t i = 0; i < d->ninit_params; i++)
        if (strcmp(d->init_params[i], name) == 0)
            return true;
    return false;
}

/* A path's root is a local (LOAD_FAST: no name), a keyword constant (a
 * constant), or a global (LOAD_GLOBAL: its name); each attribute step is
 * LOAD_ATTR of its name. */
static void path_coname(const char *name, bool root, void *arg)
{
    conames_t *c = arg;
    if (root &&
        (is_param(c->d, name) || !strcmp(name, "None") || !strcmp(name, "True") || !strcmp(name, "False")))
        return;
    coname(c, name);
}

static void spec_conames(conames_t *c, const spec_t *s)
{
    if (!s)
        return;
    switch (s->form) {
    case SP_REF:
        if (s->ref.path)
            refpath_each_name(s->ref.path, path_coname, c);
        else
            c->overflow = true; /* an id: no source names it */
        return;
    case SP_OBJECT: coname(c, "object"); return;                 /* object() */
    case SP_INSTANCE: coname(c, s->text ? s->text : ""); return; /* Cls() */
    case SP_WEAKCONT:                                            /* weakref.WeakSet() */
        coname(c, "weakref");
        coname(c, s->wkind >= 0 && s->wkind <= 2 ? spec_weakcont_names[s->wkind] : "");
        return;
    case SP_FROZENSET: coname(c, "frozenset"); break; /* frozenset(...), then its items */
    case SP_SET:
        if (!s->nitems) { /* set() */
            coname(c, "set");
            return;
        }
        break;
    default: break;
    }
    for (size_t i = 0; i < s->nitems; i++)
        spec_conames(c, s->items[i]);
}

static int cmp_cstrp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The __init__ code's co_names (c), in the order its code generation
 * first uses them, and the distinct attributes it stores on self (attrs,
 * in that order). False when it holds more than either buffer (c->overflow
 * is then set too): co_names is then no tuple one can name. */
static bool init_conames(const heap_classdef_t *d, conames_t *c, const char **attrs, size_t *nattrs,
                         size_t maxattrs)
{
    *nattrs = 0;
    for (size_t i = 0; i < d->ninit_body; i++) {
        const heap_stmt_t *b = &d->init_body[i];
        spec_conames(c, b->value);
        for (size_t k = 0; k < b->ntargets; k++) {
            const heap_target_t *t = &b->targets[k];
            if (t->name || !t->obj.path) {
                c->overflow = true;
                continue;
            }
            bool on_self = strcmp(t->obj.path, d->init_params[0]) == 0;
            if (!on_self)
                refpath_each_name(t->obj.path, path_coname, c);
            if (t->link == LK_ATTR) {
                if (t->attr[0] == '_' && t->attr[1] == '_')
                    c->overflow = true; /* a private name is mangled in co_names: not named here */
                coname(c, t->attr);
                bool seen = !on_self;
                for (size_t j = 0; j < *nattrs && !seen; j++)
                    seen = strcmp(attrs[j], t->attr) == 0;
                if (!seen && *nattrs < maxattrs) {
                    attrs[(*nattrs)++] = t->attr;
                } else if (!seen) {
                    c->overflow = true;
                    return false;
                }
            } else {
                spec_conames(c, t->key);
            }
        }
    }
    return !c->overflow;
}

/* 3.13 (compiler_class_body()): __static_attributes__, the sorted names
 * the class's methods store as `self.<name>` (here its __init__'s), is a
 * constant of the class body, merged with an equal constant of the unit:
 * the __init__ code's co_names when its code loads no other name and
 * stores those first in sorted order. True when the class's __dict__ holds
 * a tuple of its own (which a collection that frees the class counts). The
 * names the __init__'s code loads besides them only need noticing, not
 * naming: any makes co_names another tuple. */
static bool static_attributes_own(const heap_classdef_t *d)
{
    if (!d->has_init || !d->ninit_params)
        return false;
    conames_t c = {.d = d};
    const char *attrs[32];
    size_t nattrs = 0;
    bool named = init_conames(d, &c, attrs, &nattrs, sizeof attrs / sizeof *attrs);
    if (!nattrs)
        return false; /* () */
    if (!named || c.n != nattrs)
        return true;
    qsort(attrs, nattrs, sizeof *attrs, cmp_cstrp);
    for (size_t i = 0; i < nattrs; i++)
        if (strcmp(attrs[i], c.names[i]) != 0) /* co_names is not the sorted attributes */
            return true;
    return false;
}

/* Whether the class body's `__slots__` tuple constant is one object with a
 * tuple the class's code keeps while the class lives (merge_const_one() in
 * Python/compile.c merges the co_names of every code object with the
 * unit's equal constants, _PyCode_ConstantKey() comparing items): the
 * __init__ code's co_names (`__slots__ = ('x', 'y')` and `self.x = x;
 * self.y = y`), and on 3.13 the __static_attributes__ constant of the class
 * body itself. A collection that frees the class then does not count it:
 * the code, which the collector does not track, holds it (co_names), or
 * the tuple is counted once (__static_attributes__). Sets *as_conames and
 * *as_attrs. */
static void slots_merged(const heap_t *h, const heap_classdef_t *d, bool *as_conames, bool *as_attrs)
{
    *as_conames = *as_attrs = false;
    if (!d->has_slots || d->slots_form != SLOTS_TUPLE || !d->nslots || !d->has_init || !d->ninit_params)
        return;
    conames_t c = {.d = d};
    const char *attrs[32];
    size_t nattrs = 0;
    bool named = init_conames(d, &c, attrs, &nattrs, sizeof attrs / sizeof *attrs);
    if (named && c.n == d->nslots) {
        bool eq = true;
        for (size_t i = 0; i < c.n && eq; i++)
            eq = strcmp(c.names[i], d->slots[i]) == 0;
        *as_conames = eq;
    }
    if (h->prof->static_attributes && named && nattrs == d->nslots) {
        qsort(attrs, nattrs, sizeof *attrs, cmp_cstrp);
        bool eq = true;
        for (size_t i = 0; i < nattrs && eq; i++)
            eq = strcmp(attrs[i], d->slots[i]) == 0;
        *as_attrs = eq;
    }
}

/* PyUnicode_AsUTF8() of the strs of this text the class statement made
 * (type_new(): the docstring's tp_doc, each slot's PyMemberDef name), which
 * keep their UTF-8: seen where such a str outlives the statement, the shared
 * one-character latin-1 str, and in module mode the unit's constants of the
 * same text (the compiler's constant cache makes them one object) */
static void utf8_asked(heap_t *h, const char *text, size_t len)
{
    if (!str_utf8_asked_shared(h, text, len))
        value_unit_each_str(h, text, len, str_keep_utf8);
}

static status_t op_class(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    const heap_classdef_t *d = heap_stmt_classdef(st);
    /* the script binds `_resurrected = []` before the class statement, and
     * unbinds it again when the statement raised */
    bool resurrected =
        d->finalizer == FIN_RESURRECT && !d->own_resurrected && !heap_name_get(h, "_resurrected");
    if (resurrected)
        heap_name_set(h, "_resurrected", list_new(h, 0, true));
    /* the class body runs first (its `def __init__` makes the function),
     * then type() checks the slots */
    bool doc_failed;
    obj_t *doc = class_doc(h, d, &doc_failed);
    if (doc_failed) {
        if (resurrected)
            heap_name_del(h, "_resurrected");
        return failed(h);
    }
    class_build_t b;
    class_build_begin(h, &b, d);
    struct code *init = NULL;
    status_t bad = ST_OK;
    if (d->has_init && !(init = class_init_code(h, st, doc != NULL)))
        bad = failed(h);
    struct code *del = NULL; /* its __del__'s code, which the function made of it keeps */
    if (bad == ST_OK && st->body && d->finalizer &&
        !(del = heap_body_code(h, st, doc || (d->has_init && code_specs(st, NULL, 0)), st->name)))
        bad = failed(h);
    obj_t *first = NULL; /* 3.13: __firstlineno__, made by the compiler after the parser's constants */
    if (bad == ST_OK && d->firstlineno) {
        bool more = doc || (d->has_init && code_specs(st, NULL, 0));
        if (!(more ? value_compile_more(h, d->firstlineno) : value_compile(h, d->firstlineno)) ||
            !(first = value_eval(h, d->firstlineno)))
            bad = failed(h);
    } else if (d->has_slots)
        bad = check_slots(h, d);
    if (bad != ST_OK) {
        if (init)
            code_release(h, init);
        if (del)
            code_release(h, del);
        if (doc)
            obj_decref(h, doc);
        if (first)
            obj_decref(h, first);
        class_build_end(h, &b);
        if (resurrected)
            heap_name_del(h, "_resurrected");
        return bad;
    }
    obj_t *c = class_new(h, st->name, d->slots, d->nslots, d->has_slots, d->finalizer, d, &b);
    c->u.cls->doc_str = doc; /* the __dict__ the namespace was copied to holds them */
    c->u.cls->firstlineno = first;
    class_build_end(h, &b);
    if (d->doc) /* type_new_set_doc(), type_new_descriptors() */
        utf8_asked(h, d->doc, d->doclen);
    for (size_t i = 0; i < d->nslots; i++) /* a mangled name (`__x`) is a new str */
        if (!class_mangles(st->name, d->slots[i]))
            utf8_asked(h, d->slots[i], strlen(d->slots[i]));
    if (st->print_text && d->finalizer)
        c->u.cls->del_print = xstrdup(st->print_text);
    c->u.cls->slots_form = d->slots_form;
    if (d->has_slots && d->slots_form == SLOTS_TUPLE && h->in_unit) { /* the class body's constant */
        c->u.cls->slots_unit = h->unit_serial;
        /* compiled with the unit: a collection since then met it in its
         * young generation and untrack_tuples() untracked it (strs only) */
        c->u.cls->slots_untracked = gc_collections_total(h) != h->unit_gc_mark;
    }
    /* a gc.freeze() of the unit before the class ran moved the unit's
     * constants (the slots' and attributes' tuples), made when it compiled,
     * to the permanent generation: no collection counts them until gc.unfreeze() */
    if (h->in_unit && h->unit_frozen)
        c->u.cls->consts_frozen = h->gc.unfreezes + 1;
    bool as_conames, as_attrs;
    slots_merged(h, d, &as_conames, &as_attrs);
    c->u.cls->slots_held = as_conames;
    if (h->prof->static_attributes && static_attributes_own(d) && !as_attrs) {
        c->u.cls->attrs_tuple = true;
        if (h->in_unit) { /* as the slots' tuple: a constant of the unit's code */
            c->u.cls->attrs_unit = h->unit_serial;
            c->u.cls->attrs_untracked = gc_collections_total(h) != h->unit_gc_mark;
        }
    }
    c->u.cls->init = init;
    if (init && code_doc(init)) /* the function MAKE_FUNCTION made of it keeps its docstring */
        c->u.cls->init_doc = obj_newref(code_doc(init));
    c->u.cls->del_code = del;
    if (del && code_doc(del))
        c->u.cls->del_doc = obj_newref(code_doc(del));
    /* __build_class__() returned (a call into C): the eval breaker is
     * checked before STORE_NAME */
    gc_run_scheduled(h);
    heap_name_set(h, st->name, c);
    res->kind = RES_OBJ;
    res->id = c->addr;
    return ST_OK;
}

/* The subscript of `F[i]` / `F[<key>]`, held on the temp stack; NULL if it raised. */
static obj_t *subscript_key(heap_t *h, const heap_stmt_t *st)
{
    obj_t *key = st->link == LK_INDEX ? int_from_i64(h, st->index) : value_eval(h, st->key);
    if (key)
        heap_push_temp(h, key);
    return key;
}

/* a spec its statement compiled already: the result held on the temp stack */
static obj_t *eval_precompiled(heap_t *h, spec_t *s)
{
    obj_t *o = value_eval(h, s);
    if (o)
        heap_push_temp(h, o);
    return o;
}

/* F.<name>(v), F on the stack from mark: LOAD_METHOD raises before the
 * argument is evaluated; the call pops F and v, and a call into C checks
 * the eval breaker before its result is dropped */
static status_t call_method1(heap_t *h, size_t mark, const char *name, spec_t *arg,
                             obj_t *(*eval)(heap_t *, spec_t *))
{
    py_method_t m;
    if (py_method_load(h, h->temps[mark], name, &m) < 0)
        return failed(h);
    bool inline_frame = py_method_inline(&m);
    obj_t *v = eval(h, arg), *r = NULL;
    if (v)
        r = py_method_call(h, &m, &v, 1);
    py_method_release(h, &m);
    if (!r)
        return failed(h);
    heap_pop_temps(h, mark);
    if (!inline_frame)
        gc_run_scheduled(h);
    return py_discard_result(h, r) < 0 ? failed(h) : ST_OK;
}

static status_t op_link(heap_t *h, const heap_stmt_t *st)
{
    if (st->link == LK_APPEND || st->link == LK_ADD) { /* F.append(v): F is loaded first */
        size_t mark = h->ntemps;
        if (!eval_ref(h, &st->a))
            return failed(h);
        return call_method1(h, mark, st->link == LK_APPEND ? "append" : "add", st->value, eval_value);
    }
    /* F.x = v / F[k] = v: the value is compiled and evaluated before the target */
    if (!value_compile_rhs(h, st->value) || (st->key && !value_compile_more(h, st->key)))
        return failed(h);
    obj_t *v = eval_compiled(h, st->value);
    if (!v)
        return failed(h);
    obj_t *f = eval_ref(h, &st->a);
    if (!f)
        return failed(h);
    int r;
    if (st->link == LK_ATTR) {
        r = obj_setattr(h, f, st->attr, v);
    } else {
        obj_t *key = subscript_key(h, st);
        if (!key)
            return failed(h);
        r = obj_setitem(h, f, key, v);
    }
    return r < 0 ? failed(h) : ST_OK;
}

static status_t op_unlink(heap_t *h, const heap_stmt_t *st)
{
    if (st->key && !value_compile(h, st->key))
        return failed(h);
    size_t mark = h->ntemps;
    obj_t *f = eval_ref(h, &st->a);
    if (!f)
        return failed(h);
    int r;
    if (st->link == LK_ATTR) {
        r = obj_delattr(h, f, st->attr);
    } else if (st->link == LK_DISCARD) {
        return call_method1(h, mark, "discard", st->key, eval_precompiled);
    } else {
        obj_t *key = subscript_key(h, st);
        if (!key)
            return failed(h);
        r = obj_delitem(h, f, key);
    }
    return r < 0 ? failed(h) : ST_OK;
}

static status_t op_del(heap_t *h, const heap_stmt_t *st)
{
    for (size_t i = 0; i < st->nnames; i++)
        if (!heap_name_del(h, st->names[i]))
            return pyexc(h, "NameError", "name '%s' is not defined", st->names[i]);
    return ST_OK;
}

typedef struct {
    obj_t **items;
    size_t n, cap;
} obj_stack_t;

static int push_referent(obj_t *r, void *arg)
{
    obj_stack_t *st = arg;
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 64;
        st->items = xrealloc(st->items, st->cap * sizeof(obj_t *));
    }
    st->items[st->n++] = r;
    return 0;
}

/* sys.getsizeof of everything reachable (every reference, tp_traverse's or
 * not), each once; classes and interpreter-shared objects (the static ones
 * and interned strs) left out. Every reference read pays a unit, and every
 * object counted one more: it paid for the objects only, so the references
 * to ones already counted (or left out) were free: a batch of 1,000 deep
 * sizes of a list of 2 million zeros took 31 s, whatever --max-work. */
static bool deep_size(heap_t *h, obj_t *root, int64_t *total)
{
    addrmap_t seen;
    addrmap_init(&seen, h);
    obj_stack_t stack = {0};
    bool ok = true;
    *total = 0;
    push_referent(root, &stack);
    while (stack.n && ok) {
        obj_t *o = stack.items[--stack.n];
        if (!heap_work(h, 1)) {
            ok = false;
            break;
        }
        if ((TYPE(o)->flags & TF_NOT_DEEP) || (o->flags & (OF_STATIC | OF_INTERNED)) ||
            addrmap_get(&seen, o->addr))
            continue;
        ok = heap_work(h, 1);
        addrmap_put(&seen, o);
        *total += obj_size(h, o);
        obj_each_ref(o, push_referent, &stack);
    }
    free(stack.items);
    addrmap_free(&seen);
    return ok;
}

/* gc.set_threshold(*args): METH_VARARGS, so the call packs its arguments
 * in a tuple first (their values are the statement's constants: None
 * stands for each, the tuple's size and memory being what counts), freed
 * when it returns; then convertsimple()'s 'i' in Python/getargs.c, each
 * argument stored as it is converted (3.10-3.12), or all converted first
 * (3.13) */
static status_t set_threshold(heap_t *h, const heap_gcset_t *g)
{
    obj_t *argv[8];
    for (int i = 0; i < g->nthreshold; i++)
        argv[i] = h->none;
    obj_t *args = tuple_call_args(h, argv, (size_t)g->nthreshold);
    status_t r = ST_OK;
    if (g->nthreshold > 3)
        r = exc_set(h->exc, ST_PYEXC, "TypeError", h->prof->set_threshold_many, g->nthreshold);
    for (int pass = h->prof->set_threshold_atomic ? 0 : 1; r == ST_OK && pass < 2; pass++)
        for (int i = 0; r == ST_OK && i < g->nthreshold; i++) {
            if (g->threshold_big[i]) /* PyLong_AsLong() fails before the range check */
                r = pyexc(h, "OverflowError", "%s", "Python int too large to convert to C long");
            else if (g->threshold[i] > INT32_MAX)
                r = pyexc(h, "OverflowError", "%s", "signed integer is greater than maximum");
            else if (g->threshold[i] < INT32_MIN)
                r = pyexc(h, "OverflowError", "%s", "signed integer is less than minimum");
            else if (pass == 1)
                h->gc.threshold[i] = (int)g->threshold[i];
        }
    tuple_call_args_end(h, args);
    return r;
}

/* An int constant past int64 (heap_stmt_t.generation_big): its digits, the
 * sign v's */
static obj_t *big_int_arg(heap_t *h, int64_t v, const char *digits)
{
    size_t n = strlen(digits);
    char *text = xmalloc(n + 2);
    text[0] = '-';
    memcpy(text + 1, digits, n + 1);
    obj_t *o = int_from_decimal(h, v < 0 ? text : text + 1);
    free(text);
    return o ? o : obj_newref(h->none); /* (the parser's digits: never) */
}

/* The builtin or module function a JSON operation's statement calls, by
 * op: when the session bound the name itself, the statement calls the
 * session's object instead (value_load_callee()) */
static const struct {
    int callee; /* CALLEE_* + 1 (0: none) */
    const char *attr;
} op_callee[] = {[OP_SIZEOF] = {CALLEE_SYS + 1, "getsizeof"},
                 [OP_GETREFCOUNT] = {CALLEE_SYS + 1, "getrefcount"},
                 [OP_ID] = {CALLEE_ID + 1, NULL},
                 [OP_LEN] = {CALLEE_LEN + 1, NULL},
                 [OP_COLLECT] = {CALLEE_GC + 1, "collect"},
                 [OP_INTERN] = {CALLEE_SYS + 1, "intern"},
                 [OP_WEAKREF] = {CALLEE_WEAKREF + 1, "ref"},
                 [OP_GC] = {CALLEE_GC + 1, NULL}}; /* its parts' attributes: op_gc_bound() */

/* The statement's callee (CALLEE_* + 1), or 0 */
static int op_callee_of(const heap_stmt_t *st)
{
    return (size_t)st->op < sizeof op_callee / sizeof op_callee[0] ? op_callee[st->op].callee : 0;
}

/* LOAD_NAME (and LOAD_METHOD) of the statement's callee: 1 with *m when
 * the session bound its name, 0 when not, -1 with the AttributeError */
static int load_callee(heap_t *h, const heap_stmt_t *st, py_method_t *m)
{
    int c = op_callee_of(st);
    return c ? value_load_callee(h, c - 1, op_callee[st->op].attr, m) : 0;
}

/* CALL of a loaded callee with the temps above mark as its arguments:
 * they go once it returned (heap_pop_args()), then the callee; after a call
 * into C the eval breaker is checked, the result on the stack. A new
 * reference, or NULL with the exception. */
static obj_t *call_loaded(heap_t *h, py_method_t *m, size_t mark)
{
    bool inline_frame = py_method_inline(m);
    obj_t *out = py_method_call(h, m, h->temps + mark, h->ntemps - mark);
    heap_pop_args(h, mark);
    py_method_release(h, m);
    if (out && !inline_frame)
        gc_run_scheduled(h);
    return out;
}

/* The call's result as the statement's: held until it is described, then
 * dropped (POP_TOP) */
static status_t call_result(heap_t *h, obj_t *out, heap_result_t *res)
{
    if (!out)
        return failed(h);
    h->result_hold = out;
    res->kind = RES_OBJ;
    res->id = out->addr;
    return ST_OK;
}

/* A part of a bound `gc`'s statements, `gc.<name>(args)` as an expression
 * statement: the session's object's attribute loaded, then the arguments
 * made (the thresholds; gc.DEBUG_SAVEALL, an attribute too, or 0), the
 * call, its result dropped */
static status_t gc_part(heap_t *h, obj_t *gc, const char *name, const heap_gcset_t *g)
{
    py_method_t m;
    if (py_method_load(h, gc, name, &m) < 0)
        return failed(h);
    size_t mark = h->ntemps;
    if (!strcmp(name, "set_threshold")) {
        for (int i = 0; i < g->nthreshold; i++)
            heap_push_temp(h, g->threshold_big[i] ? big_int_arg(h, g->threshold[i], g->threshold_big[i])
                                                  : int_from_i64(h, g->threshold[i]));
    } else if (!strcmp(name, "set_debug")) {
        obj_t *flag = g->saveall ? obj_getattr(h, gc, "DEBUG_SAVEALL") : int_from_i64(h, 0);
        if (!flag) {
            py_method_release(h, &m);
            return failed(h);
        }
        heap_push_temp(h, flag);
    }
    obj_t *out = call_loaded(h, &m, mark);
    if (!out)
        return failed(h);
    obj_decref(h, out);
    return ST_OK;
}

/* gc.enable() / gc.set_threshold(...) / gc.set_debug(...) / gc.freeze()
 * with `gc` the session's own object: each part looks its attribute up and
 * calls it */
static status_t op_gc_bound(heap_t *h, obj_t *gc, const heap_gcset_t *g, heap_result_t *res)
{
    status_t r = ST_OK;
    heap_push_temp(h, obj_newref(gc));
    if (g->set_enabled)
        r = gc_part(h, gc, g->enabled ? "enable" : "disable", g);
    if (r == ST_OK && g->set_threshold)
        r = gc_part(h, gc, "set_threshold", g);
    if (r == ST_OK && g->set_debug)
        r = gc_part(h, gc, "set_debug", g);
    if (r == ST_OK && g->set_freeze)
        r = gc_part(h, gc, g->freeze ? "freeze" : "unfreeze", g);
    if (r == ST_OK)
        res->kind = RES_GC;
    return r;
}

static status_t op_gc(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    const heap_gcset_t *g = heap_stmt_gc(st);
    obj_t *bound = heap_binds_callee(h, CALLEE_GC) ? heap_name_get(h, "gc") : NULL;
    if (bound)
        return op_gc_bound(h, bound, g, res);
    /* gc.freeze() and gc.unfreeze() walk what they move (the generations'
       objects get their new one): paid before anything changes, a unit an
       object tracked (1,000 of them over 300,000 objects took 3 s) */
    if (g->set_freeze && !heap_work(h, (int64_t)h->gc.tracked + 1))
        return ST_BUDGET;
    if (g->set_enabled)
        h->gc.enabled = g->enabled;
    if (g->nthreshold) {
        status_t r = set_threshold(h, g);
        if (r != ST_OK)
            return r;
    } else if (g->set_threshold) {
        return pyexc(h, "TypeError", "%s", h->prof->set_threshold_few);
    }
    if (g->set_debug)
        h->gc.saveall = g->saveall;
    if (g->set_freeze) {
        if (g->freeze)
            gc_freeze(h);
        else
            gc_unfreeze(h);
    }
    res->kind = RES_GC;
    return ST_OK;
}

static status_t op_collect(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    py_method_t m;
    int bound = load_callee(h, st, &m);
    if (bound < 0)
        return failed(h);
    if (bound) { /* gc.collect(g): the argument a constant; gc.collect() without one */
        size_t mark = h->ntemps;
        if (st->generation_given)
            heap_push_temp(h, st->generation_big ? big_int_arg(h, st->generation, st->generation_big)
                                                 : int_from_i64(h, st->generation));
        return call_result(h, call_loaded(h, &m, mark), res);
    }
    /* gc.collect(generation=g), 3.10/3.11: _PyArg_UnpackKeywords()'s
     * parser_init() builds the parser's keyword tuple, ('generation',), at
     * its first keyword call, kept for good (3.12+: a static tuple); it
     * takes a 1-tuple from the free list when one is there */
    if (st->kw_given && h->prof->argparser_lazy_kwtuple && !h->collect_kwtuple) {
        static const char *const names[] = {"generation"};
        h->collect_kwtuple = tuple_interp_names(h, names, 1);
    }
    /* gc_collect_impl()'s argument clinic 'int': _PyLong_AsInt() first */
    if (st->generation > INT32_MAX || st->generation < INT32_MIN)
        return pyexc(h, "OverflowError", "%s", "Python int too large to convert to C int");
    if (st->generation < 0 || st->generation > 2)
        return pyexc(h, "ValueError", "%s", "invalid generation");
    /* a collection cannot stop half way: its work is paid before it starts */
    if (!heap_work(h, gc_cost(h, (int)st->generation)))
        return ST_BUDGET;
    res->kind = RES_INT;
    res->i = gc_collect(h, (int)st->generation);
    return ST_OK;
}

/* `key in r`: the key is evaluated first */
static status_t op_contains(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (st->nvalues) /* Python source: both operands values */
        return pyop_contains(h, st, res);
    obj_t *key = eval_value(h, st->value);
    if (!key)
        return failed(h);
    obj_t *in = eval_ref(h, &st->a);
    return in ? pyop_contains_in(h, in, key, res) : failed(h);
}

/* w(): the referent, or None */
/* _r = r(): the type's call; the result is held as `_r` until it is
 * described, then let go (`del _r`) */
static status_t op_deref(heap_t *h, obj_t *a, heap_result_t *res)
{
    bool inline_frame = py_call_inline(a);
    obj_t *out = py_call(h, a, NULL, 0);
    if (!out)
        return failed(h);
    if (!inline_frame) /* CALL's eval-breaker check (r stays bound: its pop frees nothing) */
        gc_run_scheduled(h);
    if (out == h->none) { /* a dead weakref's */
        obj_decref(h, out);
        res->kind = RES_NULL;
        return ST_OK;
    }
    h->result_hold = out;
    res->kind = RES_OBJ;
    res->id = out->addr;
    return ST_OK;
}

/* The statements of one operand `r`: sizeof, getrefcount, id, is, ==, len, w() */
static status_t op_on_ref(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    /* /exec's sys.getsizeof([1, 2]), id(()), len('abc'): a value, not a reference */
    bool value_arg =
        st->value && (st->op == OP_SIZEOF || st->op == OP_GETREFCOUNT || st->op == OP_ID || st->op == OP_LEN);
    py_method_t m;
    int bound = load_callee(h, st, &m);
    if (bound < 0)
        return failed(h);
    size_t mark = h->ntemps;
    obj_t *a = value_arg ? pyop_push_arg(h, st) : eval_ref(h, &st->a), *b;
    if (bound)
        return a ? call_result(h, call_loaded(h, &m, mark), res) : (py_method_release(h, &m), failed(h));
    if (!a)
        return failed(h);
    int r;
    switch (st->op) {
    case OP_SIZEOF: /* sys.getsizeof() is METH_VARARGS; `deep` is its statement too */
        res->kind = st->deep ? RES_DEEP : RES_INT;
        b = tuple_call_args(h, &a, 1);
        res->i = obj_size(h, a);
        tuple_call_args_end(h, b);
        return !st->deep || deep_size(h, a, &res->deep) ? ST_OK : failed(h);
    case OP_GETREFCOUNT:
        res->kind = RES_INT;
        res->i = a->refcnt; /* our evaluation holds the argument's reference */
        return ST_OK;
    case OP_ID:
        res->kind = RES_INT;
        res->i = (int64_t)a->addr;
        return ST_OK;
    case OP_IS:
    case OP_EQ:
        if (!(b = eval_ref(h, &st->b)))
            return failed(h);
        r = st->op == OP_IS ? a == b : obj_eq_op(h, a, b);
        if (r < 0)
            return failed(h);
        res->kind = RES_BOOL;
        res->b = r != 0;
        return ST_OK;
    case OP_LEN: res->kind = RES_INT; return obj_len(h, a, &res->i) < 0 ? failed(h) : ST_OK;
    case OP_DEREF: return op_deref(h, a, res);
    default: return exc_set(h->exc, ST_BADREQ, "bad_request", "unknown operation");
    }
}

/* s = sys.intern(v) / w = weakref.ref(t[, cb]) with the session's own sys
 * or weakref: its attribute called with the same arguments, the result bound */
static status_t bound_intern_or_weakref(heap_t *h, const heap_stmt_t *st, py_method_t *m, heap_result_t *res)
{
    size_t mark = h->ntemps;
    obj_t *v = eval_value(h, st->value);
    if (v && st->op == OP_WEAKREF && st->callback) {
        bool own_cb = st->b.path || st->b.id;
        v = own_cb ? eval_ref(h, &st->b) : (heap_push_temp(h, obj_newref(heap_callback_fn(h))), v);
    } else if (v && st->op == OP_WEAKREF && st->none_callback) {
        heap_push_temp(h, obj_newref(h->none));
    }
    if (!v) {
        py_method_release(h, m);
        return failed(h);
    }
    obj_t *out = call_loaded(h, m, mark);
    if (!out)
        return failed(h);
    heap_push_temp(h, out); /* the stack's until the statement ends */
    heap_name_set(h, st->name, obj_newref(out));
    res->kind = RES_OBJ;
    res->id = out->addr;
    return ST_OK;
}

static status_t op_intern_or_weakref(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    py_method_t m;
    int bound = load_callee(h, st, &m);
    if (bound)
        return bound < 0 ? failed(h) : bound_intern_or_weakref(h, st, &m, res);
    obj_t *v = eval_value(h, st->value);
    if (!v)
        return failed(h);
    obj_t *r;
    if (st->op == OP_INTERN) {
        if (v->kind != K_STR)
            /* _PyArg_BadArgument() says None for None */
            return pyexc(h, "TypeError", "intern() argument must be str, not %s",
                         v == h->none ? "None" : obj_tp_name(v));
        /* the interned table's key is the text's UTF-8, made and hashed
         * for each call on a str not yet interned: a unit per 8 characters
         * (sys.intern() of an equal copy of a 32 MB str took 0.25 s, free) */
        if (!(v->flags & OF_INTERNED) && !heap_work(h, (int64_t)(v->u.s.len / 8) + 1))
            return ST_BUDGET;
        r = str_intern(h, v);
    } else {
        obj_t *cb = NULL;
        bool own_cb = st->callback && (st->b.path || st->b.id);
        if (own_cb) { /* weakref.ref(t, cb): cb is loaded after t */
            if (!(cb = eval_ref(h, &st->b)))
                return failed(h);
        } else if (st->callback) {
            cb = heap_callback_fn(h);
        }
        /* the type call's argument tuple (_PyObject_MakeTpCall()): two items
         * for ref(t, None) too, weakref___new__() then dropping the None */
        obj_t *argv[2] = {v, st->callback ? cb : h->none},
              *argt = tuple_call_args(h, argv, st->callback || st->none_callback ? 2 : 1);
        r = weakref_new(h, v, cb);
        tuple_call_args_end(h, argt);
        if (!r)
            return failed(h);
        if (own_cb) { /* the call's arguments go: cb first (it is on top) */
            HEAPD_ASSERT(h->temps[h->ntemps - 1] == cb);
            h->ntemps--;
            obj_decref(h, cb);
        }
    }
    /* the call's argument goes when the call returns, before the name is
     * bound: a display dies here, its callbacks seeing the old binding */
    HEAPD_ASSERT(h->temps[h->ntemps - 1] == v);
    h->temps[h->ntemps - 1] = r; /* the temp now holds the result */
    obj_decref(h, v);
    gc_run_scheduled(h); /* the CALL's eval-breaker check, before STORE_NAME drops the old value */
    heap_name_set(h, st->name, obj_newref(r));
    res->kind = RES_OBJ;
    res->id = r->addr;
    return ST_OK;
}

static void note_statement_names(heap_t *h, const heap_stmt_t *st);
static void parse_identifiers(heap_t *h, const heap_stmt_t *st);
typedef void (*name_fn)(const char *name, void *arg);
static void statement_names(const heap_stmt_t *st, name_fn fn, void *arg);
static void add_name(const char *name, void *names);

/* The unit's class bodies' code objects hold o (a docstring, 3.13's
 * __firstlineno__) until the unit ends: a new reference */
static void unit_doc_hold(heap_t *h, obj_t *o)
{
    h->unit_docs = xrealloc(h->unit_docs, (h->nunit_docs + 1) * sizeof *h->unit_docs);
    h->unit_docs[h->nunit_docs++] = obj_newref(o);
}

/* Those code objects go: their references go, in the order they were taken */
static void unit_docs_release(heap_t *h)
{
    size_t n = h->nunit_docs;
    h->nunit_docs = 0;
    for (size_t i = 0; i < n; i++)
        obj_decref(h, h->unit_docs[i]);
}

/* Every constant of the unit's statements, in the order the compiler meets
 * them, then the __init__ code objects that take theirs */
static status_t unit_constants(heap_t *h, const heap_stmt_t *st)
{
    for (size_t i = 0; i < st->nunit; i++) {
        const heap_stmt_t *u = st->unit[i];
        bool ok = value_unit_add(h, u->key);
        for (size_t k = 0; ok && k < u->nattrs; k++)
            ok = value_unit_add(h, u->attr_values[k]);
        ok = ok && value_unit_add(h, u->value);
        for (size_t k = 0; ok && k < u->ntargets; k++)
            ok = value_unit_add(h, u->targets[k].key);
        for (size_t k = 0; ok && k < u->nvalues; k++)
            ok = value_unit_add(h, u->values[k]);
        const heap_classdef_t *d = heap_stmt_classdef(u);
        if (ok && d->doc_spec) { /* its body's docstring: a constant of the body's code, merged */
            ok = value_unit_add_nested(h, d->doc_spec);
            if (ok && d->doc_spec->konst) /* that code (the unit's constant) holds it until the unit ends */
                unit_doc_hold(h, d->doc_spec->konst);
        }
        if (ok && d->has_init) { /* its __init__'s code: a constant of the unit's code */
            size_t n = code_specs(u, NULL, 0);
            spec_t **specs = xcalloc(n ? n : 1, sizeof *specs);
            code_specs(u, specs, n);
            for (size_t k = 0; ok && k < n; k++)
                ok = value_unit_add_nested(h, specs[k]);
            free(specs);
        }
        /* a def's or __del__'s code: a constant of the unit's (or the class
         * body's) code, its constants merged (compiler_function()) */
        for (size_t k = 0; ok && u->body && k < u->body->n; k++)
            ok = value_unit_add_nested(h, u->body->consts[k]);
        if (!ok)
            return failed(h);
    }
    /* 3.13: each class body's __firstlineno__, an int the compiler makes
     * (compiler_class_body()) once the parser made the others, merged */
    for (size_t i = 0; i < st->nunit; i++) {
        spec_t *f = heap_stmt_classdef(st->unit[i])->firstlineno;
        if (f && !value_unit_add_nested(h, f))
            return failed(h);
        if (f && f->konst) /* the body's code holds it until the unit ends */
            unit_doc_hold(h, f->konst);
    }
    for (size_t i = 0; i < st->nunit; i++) /* the code objects take their constants */
        if (heap_stmt_classdef(st->unit[i])->has_init) {
            h->unit_codes = xrealloc(h->unit_codes, (h->nunit_codes + 1) * sizeof *h->unit_codes);
            h->unit_code_stmts =
                xrealloc(h->unit_code_stmts, (h->nunit_codes + 1) * sizeof *h->unit_code_stmts);
            h->unit_code_stmts[h->nunit_codes] = st->unit[i];
            h->unit_codes[h->nunit_codes++] = code_new(h, st->unit[i], st->unit[i]->name);
        }
    for (size_t i = 0; i < st->nunit; i++) /* and those of the recorded bodies */
        if (st->unit[i]->body) {
            const heap_stmt_t *u = st->unit[i];
            h->unit_bodies = xrealloc(h->unit_bodies, (h->nunit_bodies + 1) * sizeof *h->unit_bodies);
            h->unit_body_stmts =
                xrealloc(h->unit_body_stmts, (h->nunit_bodies + 1) * sizeof *h->unit_body_stmts);
            h->unit_body_stmts[h->nunit_bodies] = u;
            h->unit_bodies[h->nunit_bodies++] = code_new_body(h, u->body, u->name);
        }
    return ST_OK;
}

/* Module mode: the unit's code object is made before its first statement
 * runs, with every statement's constants (and, 3.13, its names) */
static status_t op_unit_begin(heap_t *h, const heap_stmt_t *st)
{
    value_unit_begin(h);
    for (size_t i = 0; i < st->nunit; i++) /* the parser's identifiers, before any constant */
        parse_identifiers(h, st->unit[i]);
    strmap_t names; /* the unit's identifiers, for heap_compiling_name() while its constants are made */
    strmap_init(&names);
    for (size_t i = 0; i < st->nunit; i++)
        statement_names(st->unit[i], add_name, &names);
    h->unit_names = &names;
    status_t s = unit_constants(h, st);
    h->unit_names = NULL;
    strmap_free(&names);
    if (s != ST_OK) {
        unit_docs_release(h);
        return s;
    }
    value_unit_compiled(h);
    gc_run_scheduled(h);
    h->in_unit = true;
    h->unit_serial++;
    h->unit_gc_mark = gc_collections_total(h);
    h->unit_frozen = false;
    h->temps_floor = h->ntemps;
    return ST_OK;
}

/* The unit's code object goes: its constants are released */
static status_t op_unit_end(heap_t *h)
{
    bool was = heap_overdraw_begin(h); /* whatever the budget left: see exec_guarded() */
    h->in_unit = false;
    size_t n = h->nunit_codes;
    h->nunit_codes = 0;
    for (size_t i = 0; i < n; i++) /* the unit's code (its class bodies') lets them go */
        code_release(h, h->unit_codes[i]);
    n = h->nunit_bodies;
    h->nunit_bodies = 0;
    for (size_t i = 0; i < n; i++) /* and its functions' */
        code_release(h, h->unit_bodies[i]);
    unit_docs_release(h); /* the class bodies' code objects' docstrings */
    h->temps_floor = 0;
    value_unit_end(h);
    heap_overdraw_end(h, was);
    return ST_OK;
}

/* What `types` leaves when the session's first `import weakref` imports it
 * (3.10, 3.12 and 3.13: _weakrefset.py's `from types import GenericAlias`;
 * 3.11 loads it at start-up). types.py's body leaves cyclic garbage: `class
 * _C: def _m(self): pass` ... `del _C`, the class with its __dict__,
 * __mro__, __bases__, __dict__ / __weakref__ getsets and the function (7
 * objects, what the next collection counts). On 3.10 and 3.12 the rest of
 * the import (weakref.py's classes) allocates past the first threshold, and
 * the collection that starts frees it: with the collector enabled there the
 * garbage is not made (README: the interpreter's own allocations and
 * collections are not modelled). */
static void types_garbage(heap_t *h)
{
    if (h->prof->import_types == 0 || (h->prof->import_types == 1 && h->gc.enabled && h->gc.threshold[0] > 0))
        return;
    /* what the garbage adds: a session too close to its quota for it goes
     * without (its next collection counts 7 fewer than CPython's: README) */
    size_t bytes = (size_t)(h->prof->class_size + h->prof->function_size) + 256;
    if (!heap_quota_room(h, 8, bytes)) {
        memset(h->exc, 0, sizeof *h->exc);
        return;
    }
    static const heap_classdef_t def; /* `def _m(self): pass`: no parameter but self, no body */
    heap_stmt_t body = {.op = OP_CLASS, .name = "_C", .classdef = &def};
    code_t *m = code_new(h, &body, "_C");
    obj_t *c = class_new(h, "_C", NULL, 0, false, FIN_NONE, NULL, NULL);
    c->u.cls->module = "types";
    c->u.cls->init = m; /* _m: the function its __dict__ holds, not an __init__ */
    c->u.cls->init_not_called = true;
    obj_decref(h, c); /* del _C */
}

/* `import gc` / `import weakref`: the first one of each module loads it
 * (PyImport_ImportModuleLevelObject() finds it in sys.modules afterwards),
 * and what loading leaves stays: the references its code and functions hold
 * to True and False (the profile's measure), and `types`' garbage. */
static void import_module(heap_t *h, bool weakref)
{
    if (weakref ? h->weakref_imported : h->gc_imported)
        return;
    if (weakref)
        h->weakref_imported = true;
    else
        h->gc_imported = true;
    bool was = heap_overdraw_begin(h); /* whatever the budget left: see exec_guarded() */
    const int *bools = weakref ? h->prof->weakref_import_bools : h->prof->gc_import_bools;
    if (!h->prof->immortal) {
        h->true_->refcnt += (uint32_t)bools[0];
        h->false_->refcnt += (uint32_t)bools[1];
    }
    if (weakref)
        types_garbage(h);
    heap_overdraw_end(h, was);
}

static status_t op_import(heap_t *h, const heap_stmt_t *st)
{
    bool weakref = strcmp(st->name, "weakref") == 0;
    HEAPD_ASSERT(weakref || strcmp(st->name, "gc") == 0);
    import_module(h, weakref);
    return ST_OK;
}

unsigned heap_imported(const heap_t *h)
{
    return (h->gc_imported ? HEAP_IMPORT_GC : 0) | (h->weakref_imported ? HEAP_IMPORT_WEAKREF : 0);
}

static status_t dispatch(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    switch (st->op) {
    case OP_EVAL: return pyop_eval(h, st, res);
    case OP_PRINT: return pyop_print(h, st, res);
    case OP_GC_QUERY: return pyop_gc_query(h, st, res);
    case OP_DEF: return pyop_def(h, st, res);
    case OP_STORE: return pyop_store(h, st, res);
    case OP_UNPACK: return pyop_unpack(h, st, res);
    case OP_METHOD: return pyop_method(h, st, res);
    case OP_AUGASSIGN: return pyop_augassign(h, st, res);
    case OP_COMPARE: return pyop_compare(h, st, res);
    case OP_UNIT_BEGIN: return op_unit_begin(h, st);
    case OP_UNIT_END: return op_unit_end(h);
    case OP_IMPORT: return op_import(h, st);
    case OP_CREATE: return op_create(h, st, res);
    case OP_CLASS: return op_class(h, st, res);
    case OP_ASSIGN: return op_assign(h, st, res);
    case OP_LINK: return op_link(h, st);
    case OP_UNLINK: return op_unlink(h, st);
    case OP_DEL: return op_del(h, st);
    case OP_COLLECT: return op_collect(h, st, res);
    case OP_GC: return op_gc(h, st, res);
    case OP_CONTAINS: return op_contains(h, st, res);
    case OP_INTERN:
    case OP_WEAKREF: return op_intern_or_weakref(h, st, res);
    default: return op_on_ref(h, st, res);
    }
}

static void path_names(const char *path, name_fn fn, void *arg)
{
    char name[256];
    const char *p = path;
    while (p && *p) {
        if (*p == '\'' || *p == '"') { /* a quoted key is a constant, not a name */
            char q = *p++;
            while (*p && *p != q)
                p += (*p == '\\' && p[1]) ? 2 : 1;
            if (*p)
                p++;
            continue;
        }
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
            size_t n = 0;
            while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                    *p == '_') &&
                   n < sizeof name - 1)
                name[n++] = *p++;
            name[n] = 0;
            fn(name, arg);
            continue;
        }
        p++;
    }
}

static void spec_names(const spec_t *s, name_fn fn, void *arg)
{
    if (!s)
        return;
    if (s->form == SP_REF)
        path_names(s->ref.path, fn, arg);
    if (s->form == SP_INSTANCE)
        fn(s->text, arg);
    for (size_t i = 0; i < s->nitems; i++)
        spec_names(s->items[i], fn, arg);
}

/* Calls fn with each identifier the statement's source holds, as the parser
 * meets them (a name may come more than once). */
static void statement_names(const heap_stmt_t *st, name_fn fn, void *arg)
{
    if (st->name)
        fn(st->name, arg);
    if (st->attr)
        fn(st->attr, arg);
    for (size_t i = 0; i < st->nnames; i++)
        fn(st->names[i], arg);
    for (size_t i = 0; i < st->nattrs; i++) {
        fn(st->attr_names[i], arg);
        spec_names(st->attr_values[i], fn, arg);
    }
    path_names(st->a.path, fn, arg);
    path_names(st->b.path, fn, arg);
    spec_names(st->value, fn, arg);
    spec_names(st->key, fn, arg);
    for (size_t i = 0; i < st->ntargets; i++) {
        if (st->targets[i].name)
            fn(st->targets[i].name, arg);
        if (st->targets[i].attr)
            fn(st->targets[i].attr, arg);
        path_names(st->targets[i].obj.path, fn, arg);
        spec_names(st->targets[i].key, fn, arg);
    }
    for (size_t i = 0; i < st->nvalues; i++)
        spec_names(st->values[i], fn, arg);
    const heap_classdef_t *d = heap_stmt_classdef(st);
    for (size_t i = 0; i < d->ninit_params; i++)
        fn(d->init_params[i], arg);
    for (size_t i = 0; i < d->ninit_body; i++)
        statement_names(&d->init_body[i], fn, arg);
}

static void note_code_name(const char *name, void *h)
{
    heap_note_code_name(h, name);
}

static void note_statement_names(heap_t *h, const heap_stmt_t *st)
{
    statement_names(st, note_code_name, h);
}

/* _PyPegen_new_identifier(): each name the parser reads is a str it interns
 * (a new object unless an equal one is interned already) and adds to the
 * AST's arena, which holds it until the code has run: a new name's str is
 * made when its statement is compiled (before the value it binds, and in a
 * module before the first statement runs) and takes a block then */
static void parse_identifier(const char *name, void *arg)
{
    heap_t *h = arg;
    heap_arena_hold(h, str_identifier(h, name));
}

static void parse_identifiers(heap_t *h, const heap_stmt_t *st)
{
    bool was = heap_overdraw_begin(h);
    statement_names(st, parse_identifier, h);
    heap_overdraw_end(h, was);
    if (h->prof->interned_immortal == 2)
        note_statement_names(h, st);
}

typedef struct {
    const char *text;
    bool found;
} name_query_t;

static void name_is(const char *name, void *arg)
{
    name_query_t *q = arg;
    q->found |= !strcmp(name, q->text);
}

static void add_name(const char *name, void *names)
{
    if (!strmap_get(names, name))
        strmap_set(names, name, (void *)1);
}

bool heap_compiling_name(const heap_t *h, const char *text)
{
    if (h->unit_names)
        return strmap_get(h->unit_names, text) != NULL;
    name_query_t q = {text, false};
    if (h->stmt_compile)
        statement_names(h->stmt_compile, name_is, &q);
    return q.found;
}

/* Quotas ------------------------------------------------------------------------

   A statement that could take the session past --max-objects or --max-bytes
   is refused before it runs (429), so it changes nothing: no constant is
   made, no event logged, no name noted. What it can add is bounded from its
   value specs (each node one object at most, its getsizeof bounded from
   CPython's layouts: compact str headers, 30-bit int digits, list
   over-allocation, set tables of at most 8 slots an item, dict tables of
   at most 3 an item, the compiler's tuple/frozenset/keys-tuple constant of
   a display), plus what the operation itself makes (a class, a weak
   container's machinery, a weakref, an instance's dict) with a margin.
   Statements that make nothing (del, collect, gc, reads of a reference)
   are never refused: a session at its quota can always free. */

typedef struct {
    size_t objects, bytes;
} cost_t;

static void spec_cost(const heap_t *h, const spec_t *s, cost_t *c);

/* What calling the class named name makes besides the instance: the
 * arguments' tuple, and what its __init__ builds (each store's value, an
 * attribute's room in the instance's dict) */
static void call_cost(const heap_t *h, const char *name, size_t nargs, cost_t *c)
{
    c->bytes += 48 + 8 * nargs;
    obj_t *cls = name ? heap_name_get((heap_t *)h, name) : NULL;
    if (!cls || cls->kind != K_CLASS || !cls->u.cls->init || cls->u.cls->init_not_called)
        return;
    size_t n;
    const heap_stmt_t *body = code_body(cls->u.cls->init, &n);
    for (size_t i = 0; i < n; i++) {
        spec_cost(h, body[i].value, c);
        c->bytes += 256 * body[i].ntargets;
    }
}

/* What calling the session's object a spec's or a statement's callee
 * names makes (an instance of the class bound to it, say), when bound */
static void bound_callee_cost(const heap_t *h, int callee, size_t nargs, cost_t *c)
{
    if (!heap_binds_callee(h, callee))
        return;
    c->objects += 2;
    c->bytes += 640;
    call_cost(h, heap_callee_names[callee], nargs, c);
}

static void spec_cost(const heap_t *h, const spec_t *s, cost_t *c)
{
    size_t n = s->nitems;
    c->objects++;
    if (s->form == SP_OBJECT || (s->form == SP_SET && !n) || s->form == SP_FROZENSET ||
        s->form == SP_WEAKCONT)
        bound_callee_cost(h,
                          s->form == SP_OBJECT     ? CALLEE_OBJECT
                          : s->form == SP_SET      ? CALLEE_SET
                          : s->form == SP_WEAKCONT ? CALLEE_WEAKREF
                                                   : CALLEE_FROZENSET,
                          n > 0, c);
    switch (s->form) {
    case SP_REF:
    case SP_KEPT: c->objects--; break; /* objects that exist (a kept value is made by its part) */
    case SP_NONE:
    case SP_BOOL: break;
    case SP_INT: c->bytes += 32; break;
    case SP_BIGINT: c->bytes += 32 + 4 * (strlen(s->text) / 9 + 2); break;
    case SP_FLOAT: c->bytes += 24; break;
    case SP_STR: {
        bool ascii = true;
        for (size_t i = 0; i < s->len && ascii; i++)
            ascii = (unsigned char)s->text[i] < 0x80;
        c->bytes += 80 + (ascii ? s->len : 4 * s->len);
        break;
    }
    case SP_BYTES: c->bytes += 40 + s->len; break;
    case SP_LIST: /* the list, over-allocated, and the tuple it is extended from */
        c->objects++;
        c->bytes += 64 + 8 * (n + n / 8 + 8) + 48 + 8 * n;
        break;
    case SP_TUPLE: c->bytes += 48 + 8 * n; break;
    case SP_SET:
    case SP_FROZENSET: /* the set and the frozenset constant it is updated from */
        c->objects++;
        c->bytes += 2 * (232 + 16 * 8 * (n + 1));
        break;
    case SP_DICT: /* n / 2 items; and the keys tuple of BUILD_CONST_KEY_MAP */
        c->objects++;
        c->bytes += 128 + 24 * 3 * (n / 2 + 8) + 48 + 8 * n;
        break;
    case SP_OBJECT: c->bytes += 128; break;
    case SP_INSTANCE:
        c->objects += 2;
        c->bytes += 640;
        call_cost(h, s->text, s->nitems, c);
        break;
    case SP_WEAKCONT:
        c->objects += 12;
        c->bytes += 1536;
        break;
    case SP_FORMAT:  /* a str and the bound __format__; a longer text is refused when it is made */
    case SP_FSTRING: /* (format.c, eval_fstring(): the quota's room is asked for its length) */
        c->objects++;
        c->bytes += 256;
        break;
    }
    for (size_t i = 0; i < n; i++)
        spec_cost(h, s->items[i], c);
}

/* Statements that make no object and grow none: never refused for a quota. */
static bool makes_nothing(const heap_stmt_t *st)
{
    switch (st->op) {
    case OP_DEL:
    case OP_COLLECT:
    case OP_GC:
    case OP_SIZEOF:
    case OP_GETREFCOUNT:
    case OP_ID:
    case OP_IS:
    case OP_LEN:
    case OP_GC_QUERY:
    case OP_IMPORT:
    case OP_UNIT_END: return true;
    case OP_UNLINK: return !st->key;
    default: return false;
    }
}

/* The statement's constants and what its specs make. */
static void constants_cost(const heap_t *h, const heap_stmt_t *st, cost_t *c)
{
    if (st->value)
        spec_cost(h, st->value, c);
    if (st->key)
        spec_cost(h, st->key, c);
    for (size_t i = 0; i < st->nattrs; i++) {
        spec_cost(h, st->attr_values[i], c);
        c->bytes += 128; /* the instance's __dict__ (3.10, or past the inline values) grows */
    }
    if (st->nattrs)
        c->bytes += 512; /* ... from nothing */
    for (size_t i = 0; i < st->nvalues; i++)
        spec_cost(h, st->values[i], c);
    for (size_t i = 0; i < st->ntargets; i++)
        if (st->targets[i].key)
            spec_cost(h, st->targets[i].key, c);
}

static void stmt_cost(const heap_t *h, const heap_stmt_t *st, cost_t *c)
{
    /* what any statement may add beyond its constants: a result held, a
     * bound method, a dict or table growing by one item */
    c->objects += 2;
    c->bytes += 512;
    constants_cost(h, st, c);
    switch (st->op) {
    case OP_CLASS: { /* the class (3.10-3.13: 1,000 to 1,800 bytes), `_resurrected`, a
                        member descriptor per slot; its __init__'s constants */
        const heap_classdef_t *d = heap_stmt_classdef(st);
        c->objects += 4 + (int64_t)d->nslots;
        c->bytes += 2560 + 64 * d->nslots;
        for (size_t i = 0; i < d->ninit_body; i++)
            constants_cost(h, &d->init_body[i], c);
        if (d->init_doc)
            spec_cost(h, d->init_doc, c);
        if (d->doc_spec)
            spec_cost(h, d->doc_spec, c);
        if (d->firstlineno)
            spec_cost(h, d->firstlineno, c);
        for (size_t i = 0; st->body && i < st->body->n; i++) /* its __del__'s constants */
            spec_cost(h, st->body->consts[i], c);
        break;
    }
    case OP_WEAKREF:
    case OP_DEF: /* the weakref; the recording callback, made with the first; a def's constants */
        c->objects += 2;
        c->bytes += 512;
        for (size_t i = 0; st->body && i < st->body->n; i++)
            spec_cost(h, st->body->consts[i], c);
        break;
    case OP_CREATE:
    case OP_ASSIGN:
    case OP_INTERN:
    case OP_UNIT_BEGIN: break; /* new objects only */
    case OP_METHOD:            /* a container's growth; a copy, extend or update's bounded by
                                  the largest container (8 times the growth reserve at most)
                                  made into a set (16 bytes a slot, 8 slots an item) */
        c->bytes += h->grow_reserve;
        if (!strcmp(st->attr, "copy") || !strcmp(st->attr, "extend") || !strcmp(st->attr, "update"))
            c->bytes += 128 * h->grow_reserve;
        break;
    case OP_AUGASSIGN: /* `+=` may concatenate what the session holds (a str or tuple with
                          itself: twice its size) or extend a list by it */
        if (st->augop == '+')
            c->bytes += 2 * h->live_bytes + 128 * h->grow_reserve;
        break;
    case OP_DEREF: /* Cls(): what its __init__ makes */
        call_cost(h, st->a.path, 0, c);
        c->bytes += h->grow_reserve;
        break;
    default: /* may add to a container the session holds: its next resize */
        c->bytes += h->grow_reserve;
        break;
    }
    for (size_t i = 0; i < st->nunit; i++) { /* module mode: every statement's constants */
        if (st->unit_one)                    /* one statement's parts: what each makes, or none runs */
            stmt_cost(h, st->unit[i], c);
        else
            constants_cost(h, st->unit[i], c);
    }
    if (st->unit_one && st->nunit) { /* (its parts' own allowance covers the unit's) */
        c->objects -= 2;
        c->bytes -= 512;
    }
}

/* ST_LIMIT when the statement could take the session past a quota. */
static status_t check_quotas(heap_t *h, const heap_stmt_t *st, exc_t *exc)
{
    int callee = op_callee_of(st);
    bool calls_session = callee && heap_binds_callee(h, callee - 1);
    if ((!h->limits.max_objects && !h->limits.max_bytes) || (makes_nothing(st) && !calls_session))
        return ST_OK;
    cost_t c = {0, 0};
    stmt_cost(h, st, &c);
    if (calls_session) /* each part of a gc operation may call */
        for (int i = 0; i < (st->op == OP_GC ? 4 : 1); i++)
            bound_callee_cost(h, callee - 1, 3, &c);
    return heap_quota_room(h, c.objects, c.bytes) ? ST_OK : exc->status; /* h->exc is exc */
}

/* The checked builds verify the whole heap after each statement while it
 * holds at most HEAP_CHECK_EVERY objects, after every 64th statement up to
 * HEAP_CHECK_MAX_OBJECTS (the check is linear in the heap). */
#define HEAP_CHECK_EVERY 4096
#define HEAP_CHECK_MAX_OBJECTS 200000

void heap_result_done(heap_t *h)
{
    obj_t *o = h->result_hold;
    bool arena = !h->in_unit && h->narena; /* the statement's AST goes after its result */
    if ((!o && !arena) || h->broken)
        return;
    h->result_hold = NULL;
    h->result_is_const = false;
    jmp_buf panic;
    // cppcheck-suppress autoVariables ; used only while running, cleared before the return
    h->panic_jmp = &panic;
    h->running = true;
    heap_running_set(h);
    if (!setjmp(panic)) {
        if (o)
            obj_decref(h, o);
        if (arena)
            arena_free(h);
        if (!h->in_unit) /* exec()'s CALL checks the eval breaker (exec_guarded()) */
            gc_run_scheduled(h);
    }
    h->running = false;
    h->panic_jmp = NULL;
    heap_running_set(NULL);
}

void heap_set_budget(heap_t *h, int64_t units)
{
    h->work_left = units > 0 ? units : INT64_MAX;
}

int64_t heap_budget_left(const heap_t *h)
{
    return h->work_left;
}

static status_t broken(heap_t *h, exc_t *exc)
{
    return exc_set(
        exc, ST_INTERNAL, "internal",
        "an internal error stopped this session (%s); nothing more runs in it: start a new session",
        h->broken_msg);
}

/* Drops what parts of the statement kept: the value stack emptied once the
 * call that used them returned, or unwound by an exception. */
static void kept_pop(heap_t *h, size_t n)
{
    while (n-- && h->nkept) {
        obj_t *o = h->kept[--h->nkept];
        if (o) /* (NULL: an operation released it, pyops.c pop_operands()) */
            obj_decref(h, o);
    }
}

static void kept_clear(heap_t *h)
{
    kept_pop(h, h->nkept);
}

/* A part's result as the object CPython's stack holds (heap_stmt_t.keep). */
static void keep_result(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    obj_t *o;
    switch (res->kind) {
    case RES_INT: o = int_from_i64(h, res->i); break;
    case RES_BOOL: o = obj_newref(res->b != st->keep_negate ? h->true_ : h->false_); break;
    case RES_OBJ:
        o = h->result_hold; /* the statement's own reference */
        h->result_hold = NULL;
        h->result_is_const = false;
        break;
    default: o = obj_newref(h->none); break; /* a dead weakref's w(), gc.enable() */
    }
    h->kept = xgrow(h->kept, h->nkept, &h->capkept, sizeof *h->kept, 8);
    h->kept[h->nkept++] = o;
    memset(res, 0, sizeof *res);
}

/* The first object id the statement names that is dead or foreign, or 0: a
 * statement naming one has no Python spelling, so it is refused (404) before
 * it is "compiled" (names noted, constants made), changing nothing. */
/* Why a statement is refused before anything of it runs: a dead id (404),
 * or a name it reads that the session does not bind and that CPython would
 * find among the builtins heapd does not simulate (LOAD_NAME's fallback:
 * unsupported, where heapd would otherwise run part of it) */
typedef struct {
    uint64_t dead;
    char builtin[64];
    bool called;
    /* heap_source_refused(): the names the source's statements bind, which
     * may be bound by the time a statement runs (so only it can tell) */
    const char **source_binds;
    size_t nsource_binds;
} refusal_t;

static bool source_binds(const refusal_t *f, const char *name)
{
    for (size_t i = 0; i < f->nsource_binds; i++)
        if (!strcmp(f->source_binds[i], name))
            return true;
    return false;
}

/* called: 0 read, 1 called with no argument, 2 with arguments */
static bool unbound_builtin(heap_t *h, const char *name, size_t n, int called, refusal_t *f)
{
    if (n == 0 || n >= sizeof f->builtin)
        return false;
    memcpy(f->builtin, name, n);
    f->builtin[n] = 0;
    /* the cheap test first: almost every name read is no builtin */
    if (!profile_is_builtin(h->prof, f->builtin) || refpath_keyword_constant(h, f->builtin) ||
        (called == 1 && value_builtin_simulated(f->builtin)) || heap_name_get(h, f->builtin) ||
        source_binds(f, f->builtin))
        return f->builtin[0] = 0, false;
    f->called = called != 0;
    return true;
}

static bool ref_refused(heap_t *h, const heap_ref_t *r, refusal_t *f)
{
    if (r->path)
        return !r->names_only && unbound_builtin(h, r->path, strcspn(r->path, ".["), 0, f);
    if (!r->id)
        return false;
    const obj_t *o = addrmap_get(&h->by_addr, r->id);
    if (o && !(o->flags & OF_HIDDEN))
        return false;
    f->dead = r->id;
    return true;
}

static bool spec_refused(heap_t *h, const spec_t *s, refusal_t *f)
{
    if (!s)
        return false;
    if (s->form == SP_REF && ref_refused(h, &s->ref, f))
        return true;
    /* the builtin types heapd simulates are made with no argument only */
    if (s->form == SP_INSTANCE && s->text &&
        unbound_builtin(h, s->text, strlen(s->text), s->nitems ? 2 : 1, f))
        return true;
    for (size_t i = 0; i < s->nitems; i++)
        if (spec_refused(h, s->items[i], f))
            return true;
    return false;
}

static bool stmt_refused(heap_t *h, const heap_stmt_t *st, refusal_t *f)
{
    if (ref_refused(h, &st->a, f) || ref_refused(h, &st->b, f) || spec_refused(h, st->value, f) ||
        spec_refused(h, st->key, f))
        return true;
    for (size_t i = 0; i < st->nattrs; i++)
        if (spec_refused(h, st->attr_values[i], f))
            return true;
    for (size_t i = 0; i < st->ntargets; i++)
        if (ref_refused(h, &st->targets[i].obj, f) || spec_refused(h, st->targets[i].key, f))
            return true;
    if (st->op == OP_AUGASSIGN && st->targets[0].name) { /* `sum += 1` reads the name first */
        heap_ref_t r = {.path = st->targets[0].name};
        if (ref_refused(h, &r, f))
            return true;
    }
    for (size_t i = 0; i < st->nvalues; i++)
        if (spec_refused(h, st->values[i], f))
            return true;
    return false;
}

/* The names a statement binds (its target, a class's or def's name, the
 * names of an assignment's targets) */
static size_t stmt_binds(const heap_stmt_t *st, const char **out, size_t n, size_t cap)
{
    switch (st->op) {
    case OP_CREATE:
    case OP_ASSIGN:
    case OP_CLASS:
    case OP_INTERN:
    case OP_WEAKREF:
    case OP_DEF:
        if (st->name && n < cap)
            out[n++] = st->name;
        break;
    default: break;
    }
    for (size_t i = 0; i < st->ntargets && n < cap; i++)
        if (st->targets[i].name)
            out[n++] = st->targets[i].name;
    return n;
}

bool heap_source_refused(heap_t *h, const heap_stmt_t *const *stmts, size_t n, size_t *which, exc_t *exc)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++)
        cap += 1 + stmts[i]->ntargets;
    refusal_t f = {.source_binds = xcalloc(cap ? cap : 1, sizeof(const char *))};
    for (size_t i = 0; i < n; i++)
        f.nsource_binds = stmt_binds(stmts[i], f.source_binds, f.nsource_binds, cap);
    memset(exc, 0, sizeof *exc);
    exc_t *was = h->exc;
    h->exc = exc;
    bool refused = false;
    for (size_t i = 0; i < n && !refused; i++) {
        f.dead = 0;
        f.builtin[0] = 0;
        if (stmt_refused(h, stmts[i], &f) && !f.dead) {
            refused = true;
            *which = i;
            exc_set(exc, ST_UNSUPPORTED, "unsupported",
                    f.called ? "the call %s()" : "the builtin '%s' as a value", f.builtin);
        }
    }
    h->exc = was;
    free(f.source_binds);
    return refused;
}

/* Is the statement a CALL into C whose arguments exec_guarded() pops? The
 * other calls check the eval breaker where they are made: a value's
 * (value.c), a method's, `w()`'s, a class statement's. */
static bool calls_c(const heap_stmt_t *st)
{
    switch (st->op) {
    case OP_PRINT:
    case OP_GC_QUERY:
    case OP_COLLECT:
    case OP_GC:
    case OP_SIZEOF:
    case OP_GETREFCOUNT:
    case OP_ID:
    case OP_LEN: return true;
    default: return false; /* (OP_INTERN, OP_WEAKREF: before they bind their name) */
    }
}

/* A statement the budget stopped did nothing (API.md: a refused statement
 * changes nothing), but the objects it made before the stop were made and
 * freed as it unwound: their events are taken back (event_log_take_back_made()).
 * Anything else it logged (a collection, a finalizer, a callback, a print, an
 * object still alive) happened and stays, with the rest. */
void heap_unlog_temporaries(heap_t *h, uint64_t seq0, size_t count0)
{
    event_log_take_back_made(&h->events, seq0, count0);
}

static status_t exec_guarded(heap_t *h, const heap_stmt_t *st, heap_result_t *res, exc_t *exc)
{
    /* the request's budget went on work before the statement (naming its
     * ids for the script, heap_name_of()): it does not start. Two are no
     * statement of their own and nothing refuses them: a unit's end, its
     * code object going (run_mod()'s Py_DECREF(co) and the arena's free
     * after the code ran), which comes after whatever stopped the unit, the
     * budget included; and an import, which the API runs for an `import`
     * statement that ran or for an operation that ran (its script imports
     * the module first), whatever that statement left of the budget */
    if (h->work_left < 0 && st->op != OP_UNIT_END && st->op != OP_IMPORT) {
        kept_clear(h);
        heap_budget_spent(h);
        return ST_BUDGET;
    }
    /* first: a refused statement was never compiled (3.13 notes its names then) */
    status_t q = check_quotas(h, st, exc);
    if (q != ST_OK) {
        kept_clear(h);
        return q;
    }
    refusal_t f = {0};
    if (stmt_refused(h, st, &f)) {
        kept_clear(h);
        if (f.dead)
            return exc_set(exc, ST_NOTFOUND, "not_found", "no live object with id %llu",
                           (unsigned long long)f.dead);
        return exc_set(exc, ST_UNSUPPORTED, "unsupported",
                       f.called ? "the call %s()" : "the builtin '%s' as a value", f.builtin);
    }
    /* what its script imports before it (a JSON operation's modules) */
    if (st->imports & HEAP_IMPORT_GC)
        import_module(h, false);
    if (st->imports & HEAP_IMPORT_WEAKREF)
        import_module(h, true);
    if (!h->in_unit) /* a statement whose result nobody described (heap_result_done()) */
        arena_free(h);
    h->stmt_count++;
    h->stmt_serial = h->next_serial;
    if (!h->in_unit)
        parse_identifiers(h, st);
    h->stmt_compile = st; /* the parser interned its identifiers before the compiler merges constants */
    uint64_t seq0 = h->events.next_seq;
    size_t count0 = h->events.count;
    status_t s = dispatch(h, st, res);
    h->stmt_compile = NULL;
    if (s == ST_OK)
        kept_pop(h, st->keep_pop);
    if (s == ST_OK && st->keep)
        keep_result(h, st, res);
    heap_pop_temps(h, h->temps_floor);
    if (s == ST_OK && calls_c(st)) /* the CALL's eval-breaker check, its result held */
        gc_run_scheduled(h);
    /* the code went (its constants above), then the AST's arena; an
     * expression statement's value is described before (heap_result_done():
     * the arena goes after it), a name's binding after, as runner.py does */
    if (!h->in_unit && (s != ST_OK || !h->result_hold))
        arena_free(h);
    if (s != ST_OK || !st->keep)
        kept_clear(h);
    if (s == ST_BUDGET)
        heap_unlog_temporaries(h, seq0, count0);
    /* exec()'s CALL checks once the statement is done (a unit's statements
     * have no check of their own); a value still to describe goes first
     * (heap_result_done()) */
    if (s == ST_OK && !h->in_unit && !h->result_hold)
        gc_run_scheduled(h);
    return s;
}

bool heap_stmt_bounded(const heap_t *h, const heap_stmt_t *st)
{
    if (h->gc.threshold[0] < HEAP_BOUNDED_THRESHOLD) /* whether or not enabled: a gc op may enable it */
        return false;
    /* sys.intern() hashes its argument and makes its key for the table: a
     * referenced str may be 32 MB */
    bool hashes_value = (st->op == OP_LINK && st->link == LK_ADD) || st->op == OP_INTERN;
    if (spec_hashes_ref(st->value, hashes_value) || spec_hashes_ref(st->key, true))
        return false;
    for (size_t i = 0; i < st->nattrs; i++)
        if (spec_hashes_ref(st->attr_values[i], false))
            return false;
    switch (st->op) {
    case OP_CREATE:
    case OP_CLASS:
    case OP_ASSIGN:
    case OP_LINK:
    case OP_UNLINK:
    case OP_DEL:
    case OP_GETREFCOUNT:
    case OP_ID:
    case OP_IS:
    case OP_LEN:
    case OP_INTERN:
    case OP_WEAKREF:
    case OP_DEREF: return true;
    case OP_SIZEOF: return !st->deep;
    case OP_GC:
        return !heap_stmt_gc(st)->set_threshold; /* enable, debug, freeze: at most one walk of the heap */
    default: return false;                       /* collect, ==, in, Python source */
    }
}

status_t heap_exec(heap_t *h, const heap_stmt_t *st, heap_result_t *res, exc_t *exc)
{
    memset(res, 0, sizeof *res);
    memset(exc, 0, sizeof *exc);
    if (h->broken)
        return broken(h, exc);
    h->exc = exc;
    jmp_buf panic;
    // cppcheck-suppress autoVariables ; used only while running, cleared before the return
    h->panic_jmp = &panic;
    h->running = true;
    heap_running_set(h);
    status_t s;
    if (setjmp(panic)) {
        h->print_text = NULL; /* (a print() it stopped: its buffer is gone) */
        s = broken(h, exc);
    } else {
        s = exec_guarded(h, st, res, exc);
#ifdef HEAPD_CHECKED
        char why[300];
        bool due = h->live_objects <= HEAP_CHECK_EVERY ||
                   (h->live_objects <= HEAP_CHECK_MAX_OBJECTS && (h->stmt_count & 63) == 0);
        if (due && !heap_check(h, why, sizeof why)) {
            fprintf(stderr, "heapd: heap_check failed after a statement: %s\n", why);
            fflush(stderr);
            abort();
        }
#endif
    }
    h->running = false;
    h->panic_jmp = NULL;
    heap_running_set(NULL);
    if (s != ST_OK)
        res->kind = RES_NONE;
    return s;
}
