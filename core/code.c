/*
 * code.c — code objects of __init__ bodies and the frames that run them
 * (Objects/codeobject.c; the argument binding of _PyEval_MakeFrameVector()
 * in 3.10 and initialize_locals() in 3.11+, Python/ceval.c).
 */
#include "code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "pycall.h"
#include "pyops.h"
#include "strbuf.h"
#include "value.h"

/* Work units of a call and of each statement its body runs (about 10 ns each). */
#define WORK_CALL 20
#define WORK_STORE 8

struct code {
    int refcnt;
    char *qualname; /* "C.__init__" */
    char **params;  /* self first */
    size_t nparams;
    spec_t *doc;
    heap_stmt_t *body; /* OP_STORE: targets, value (owned copies) */
    size_t nbody;
    obj_t **consts; /* co_consts (what its LOAD_CONSTs load), strong */
    size_t nconsts;
    bool zombie; /* 3.10: the frame object it keeps for its next call (co_zombieframe) */
    struct code *prev, *next;
};

size_t code_specs(const heap_stmt_t *st, spec_t **out, size_t cap)
{
    size_t n = 0;
#define ADD(s)                                                                                               \
    do {                                                                                                     \
        if ((s) && n < cap && out)                                                                           \
            out[n] = (s);                                                                                    \
        n += (s) != NULL;                                                                                    \
    } while (0)
    const heap_classdef_t *d = heap_stmt_classdef(st);
    ADD(d->init_doc);
    for (size_t i = 0; i < d->ninit_body; i++) {
        const heap_stmt_t *b = &d->init_body[i];
        for (size_t k = 0; k < b->ntargets; k++)
            ADD(b->targets[k].key);
        ADD(b->value);
    }
#undef ADD
    return n;
}

static void copy_target(heap_target_t *d, const heap_target_t *s)
{
    memset(d, 0, sizeof *d);
    d->obj.path = s->obj.path ? xstrdup(s->obj.path) : NULL;
    d->obj.id = s->obj.id;
    d->link = s->link;
    d->attr = s->attr ? xstrdup(s->attr) : NULL;
    d->key = spec_copy(s->key);
}

/* co_consts in the order code generation adds them: the docstring, then per
 * store its value's constants, then its targets' keys'; each once */
static void add_consts(code_t *c, const spec_t *s, size_t *cap)
{
    obj_t **v = NULL;
    size_t n = 0, vcap = 0;
    value_loaded_consts(s, &v, &n, &vcap);
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < c->nconsts && !seen; k++)
            seen = c->consts[k] == v[i];
        if (seen)
            continue;
        if (c->nconsts == *cap) {
            *cap = *cap ? *cap * 2 : 8;
            c->consts = xrealloc(c->consts, *cap * sizeof *c->consts);
        }
        c->consts[c->nconsts++] = obj_newref(v[i]);
    }
    free(v);
}

obj_t *code_doc(const code_t *c)
{
    return c->doc && c->nconsts ? c->consts[0] : NULL;
}

code_t *code_new(heap_t *h, const heap_stmt_t *st, const char *cls)
{
    const heap_classdef_t *def = heap_stmt_classdef(st);
    code_t *c = xcalloc(1, sizeof *c);
    c->refcnt = 1;
    c->qualname = xmalloc(strlen(cls) + sizeof ".__init__");
    sprintf(c->qualname, "%s.__init__", cls);
    c->nparams = def->ninit_params;
    c->params = xcalloc(c->nparams ? c->nparams : 1, sizeof *c->params);
    for (size_t i = 0; i < c->nparams; i++)
        c->params[i] = xstrdup(def->init_params[i]);
    c->doc = spec_copy(def->init_doc);
    c->nbody = def->ninit_body;
    c->body = xcalloc(c->nbody ? c->nbody : 1, sizeof *c->body);
    size_t cap = 0;
    if (c->doc)
        add_consts(c, c->doc, &cap);
    for (size_t i = 0; i < c->nbody; i++) {
        const heap_stmt_t *s = &def->init_body[i];
        heap_stmt_t *d = &c->body[i];
        d->op = s->op;
        d->value = spec_copy(s->value);
        d->ntargets = s->ntargets;
        d->targets = xcalloc(s->ntargets ? s->ntargets : 1, sizeof *d->targets);
        for (size_t k = 0; k < s->ntargets; k++)
            copy_target(&d->targets[k], &s->targets[k]);
        add_consts(c, d->value, &cap);
        for (size_t k = 0; k < s->ntargets; k++)
            if (d->targets[k].key)
                add_consts(c, d->targets[k].key, &cap);
    }
    c->next = h->codes;
    if (h->codes)
        h->codes->prev = c;
    h->codes = c;
    return c;
}

const heap_stmt_t *code_body(const code_t *c, size_t *n)
{
    *n = c->nbody;
    return c->body;
}

void code_incref(code_t *c)
{
    c->refcnt++;
}

static void code_free(code_t *c)
{
    for (size_t i = 0; i < c->nparams; i++)
        free(c->params[i]);
    free(c->params);
    for (size_t i = 0; i < c->nbody; i++) {
        heap_stmt_t *b = &c->body[i];
        spec_free(b->value);
        for (size_t k = 0; k < b->ntargets; k++) {
            free((char *)b->targets[k].obj.path);
            free((char *)b->targets[k].attr);
            spec_free(b->targets[k].key);
        }
        free(b->targets);
    }
    free(c->body);
    spec_free(c->doc);
    free(c->consts);
    free(c->qualname);
    free(c);
}

/* code_dealloc(): its zombie frame freed (3.10: PyObject_GC_Del, one
 * allocation fewer), then co_consts, a tuple: tupledealloc() releases its
 * items the last first */
void code_release(heap_t *h, code_t *c)
{
    if (--c->refcnt > 0)
        return;
    if (c->prev)
        c->prev->next = c->next;
    else
        h->codes = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->zombie)
        gc_on_free(h);
    obj_t **consts = c->consts;
    size_t n = c->nconsts;
    c->consts = NULL;
    c->nconsts = 0;
    while (n--)
        obj_decref(h, consts[n]);
    free(consts);
    code_free(c);
}

void code_each_ref(heap_t *h, int (*fn)(obj_t *, void *), void *arg)
{
    for (code_t *c = h->codes; c; c = c->next)
        for (size_t i = 0; i < c->nconsts; i++)
            fn(c->consts[i], arg);
}

void code_free_all(heap_t *h)
{
    while (h->codes) {
        code_t *c = h->codes;
        h->codes = c->next;
        code_free(c);
    }
}

obj_t *code_frame_local(const heap_t *h, const char *name, size_t len)
{
    const struct frame *f = h->frame;
    if (!f)
        return NULL;
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->names[i]) == len && !memcmp(f->names[i], name, len))
            return f->locals[i];
    return NULL;
}

/* missing_arguments() / too_many_positional() of Python/ceval.c: the
 * TypeError of a call with the wrong number of positional arguments */
static int wrong_count(heap_t *h, const code_t *c, size_t given)
{
    strbuf_t sb;
    sb_init(&sb);
    if (given > c->nparams) {
        sb_printf(&sb, "%s() takes %zu positional argument%s but %zu %s given", c->qualname, c->nparams,
                  c->nparams == 1 ? "" : "s", given, given == 1 ? "was" : "were");
    } else {
        size_t missing = c->nparams - given;
        sb_printf(&sb, "%s() missing %zu required positional argument%s: ", c->qualname, missing,
                  missing == 1 ? "" : "s");
        for (size_t i = given; i < c->nparams; i++) {
            const char *sep = i == given            ? ""
                              : missing == 2        ? " and "
                              : i + 1 == c->nparams ? ", and "
                                                    : ", ";
            sb_printf(&sb, "%s'%s'", sep, c->params[i]);
        }
    }
    char *msg = sb_take(&sb);
    heap_exc_long(h, "TypeError", msg);
    free(msg);
    return -1;
}

/* The body's stores in order; the value of each is evaluated, then stored
 * to each target left to right (as the module-level statement does). */
static int run_body(heap_t *h, code_t *c)
{
    for (size_t i = 0; i < c->nbody; i++) {
        const heap_stmt_t *b = &c->body[i];
        if (!heap_work(h, WORK_STORE))
            return -1;
        size_t mark = h->ntemps;
        obj_t *v = value_eval(h, b->value);
        if (!v)
            return -1;
        heap_push_temp(h, v);
        for (size_t k = 0; k < b->ntargets; k++)
            if (!pyop_store_target(h, &b->targets[k], v)) {
                heap_pop_temps(h, mark);
                return -1;
            }
        heap_pop_temps(h, mark);
    }
    return 0;
}

/* The frame (3.10: made, or the code's zombie reused, before the arguments
 * are bound) takes new references to self and the arguments; leaving it
 * releases them first to last (frame_dealloc(), _PyFrame_Clear()). */
int code_call(heap_t *h, code_t *c, obj_t *self, obj_t **args, size_t n)
{
    if (!heap_work(h, WORK_CALL))
        return -1;
    if (h->prof->frame_object && !c->zombie) {
        c->zombie = true;
        gc_on_alloc(h);
    }
    if (n + 1 != c->nparams)
        return wrong_count(h, c, n + 1);
    if (!py_frame_enter(h))
        return -1;
    obj_t **locals = xcalloc(n + 1, sizeof *locals);
    locals[0] = obj_newref(self);
    for (size_t i = 0; i < n; i++)
        locals[i + 1] = obj_newref(args[i]);
    struct frame f = {(const char *const *)c->params, locals, n + 1, h->frame};
    h->frame = &f;
    code_incref(c); /* the frame holds its code */
    /* RESUME checks the eval breaker: a collection the allocations before
     * the call scheduled (3.12+) runs as the body starts */
    gc_run_scheduled(h);
    int r = run_body(h, c);
    h->frame = f.back;
    for (size_t i = 0; i <= n; i++)
        obj_decref(h, locals[i]);
    free(locals);
    code_release(h, c);
    py_frame_leave(h);
    return r;
}
