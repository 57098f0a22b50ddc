/*
 * exec.c — heap_exec(): one statement, run as CPython runs the equivalent
 * module-level code: compile its constants, evaluate in CPython's order,
 * bind (the old value released after the store), and at the end drop the
 * value stack and the code object's constants.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "compare.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "num.h"
#include "refpath.h"
#include "sizes.h"
#include "str.h"
#include "value.h"
#include "weakref.h"
#include "mem.h"

static status_t pyexc(heap_t *h, const char *type, const char *fmt, const char *arg)
{
    return exc_set(h->exc, ST_PYEXC, type, fmt, arg);
}

/* Evaluates a spec with its constants compiled first. */
static obj_t *eval_value(heap_t *h, spec_t *s)
{
    if (!value_compile(h, s))
        return NULL;
    return value_eval(h, s);
}

static obj_t *eval_ref(heap_t *h, const heap_ref_t *r)
{
    obj_t *o = refpath_eval(h, r);
    if (o)
        heap_push_temp(h, o);
    return o;
}

/* STORE_NAME: bind first, then release what the name held. */
static void bind(heap_t *h, const char *name, obj_t *o)
{
    heap_name_set(h, name, o);
}

/* name = <value> */
static status_t op_assign(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    obj_t *o = eval_value(h, st->value);
    if (!o)
        return h->exc->status;
    bind(h, st->name, o);
    res->kind = RES_OBJ;
    res->id = o->addr;
    return ST_OK;
}

/* name = <value>, then name.attr = <value> for each attribute: one compiled unit */
static status_t op_create(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    for (size_t i = 0; i < st->nattrs; i++)
        if (!value_compile(h, st->attr_values[i]))
            return h->exc->status;
    status_t s = op_assign(h, st, res);
    if (s != ST_OK)
        return s;
    for (size_t i = 0; i < st->nattrs; i++) {
        obj_t *v = value_eval(h, st->attr_values[i]);
        if (!v)
            return h->exc->status;
        heap_push_temp(h, v);
        obj_t *target = heap_name_get(h, st->name);
        if (!target)
            return pyexc(h, "NameError", "name '%s' is not defined", st->name);
        if (!obj_setattr(h, target, st->attr_names[i], v))
            return h->exc->status;
    }
    return ST_OK;
}

static status_t op_class(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (st->finalizer == FIN_RESURRECT && !heap_name_get(h, "_resurrected"))
        bind(h, "_resurrected", list_new(h, 0, true));
    obj_t *c = class_new(h, st->name, st->slots, st->nslots, st->has_slots, st->finalizer);
    bind(h, st->name, c);
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

/* A list subscript as list_subscript() reads it; false with TypeError when not an int. */
static bool list_index_of(heap_t *h, obj_t *key, int64_t *i)
{
    if (key->kind != K_INT && key->kind != K_BOOL) {
        pyexc(h, "TypeError", "list indices must be integers or slices, not %s", obj_type_name(key));
        return false;
    }
    if (!int_fits_i64(key, i))
        *i = INT64_MAX; /* out of range whatever the list */
    return true;
}

/* F[k] = v for each container kind */
static bool setitem(heap_t *h, obj_t *f, obj_t *key, obj_t *v)
{
    int64_t i;
    switch ((kind_t)f->kind) {
    case K_LIST:
        return list_index_of(h, key, &i) && list_set_item_new(h, f, i, obj_newref(v));
    case K_DICT:
        return dict_set_item(h, f, key, v);
    case K_WEAKCONT:
        if (f->u.wc.wkind != WC_SET)
            return weakcont_setitem(h, f, key, v);
        __attribute__((fallthrough)); /* a WeakSet has no __setitem__ */
    default:
        pyexc(h, "TypeError", "'%s' object does not support item assignment", obj_type_name(f));
        return false;
    }
}

/* Whether the type has tp_as_sequence (heap types always do). */
static bool has_sequence_slot(const obj_t *o)
{
    switch ((kind_t)o->kind) {
    case K_STR: case K_BYTES: case K_TUPLE: case K_LIST: case K_SET: case K_FROZENSET: case K_DICT:
    case K_INSTANCE: case K_WEAKCONT:
        return true;
    default:
        return false;
    }
}

static bool delitem(heap_t *h, obj_t *f, obj_t *key)
{
    int64_t i;
    switch ((kind_t)f->kind) {
    case K_LIST:
        return list_index_of(h, key, &i) && list_del_item(h, f, i);
    case K_DICT:
        return dict_del_item(h, f, key);
    case K_WEAKCONT:
        if (f->u.wc.wkind != WC_SET)
            return weakcont_delitem(h, f, key);
        __attribute__((fallthrough)); /* a WeakSet has no __delitem__ */
    default:
        /* PyObject_DelItem(): types with a sequence slot say "doesn't" for an index */
        pyexc(h, "TypeError", has_sequence_slot(f) && (key->kind == K_INT || key->kind == K_BOOL)
                                  ? "'%s' object doesn't support item deletion"
                                  : "'%s' object does not support item deletion",
              obj_type_name(f));
        return false;
    }
}

static bool no_method(heap_t *h, obj_t *f, const char *m)
{
    exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object has no attribute '%s'", obj_type_name(f), m);
    return false;
}

static status_t op_link(heap_t *h, const heap_stmt_t *st)
{
    bool ok;
    if (st->link == LK_APPEND || st->link == LK_ADD) { /* F.append(v): F is loaded first */
        obj_t *f = eval_ref(h, &st->a);
        if (!f)
            return h->exc->status;
        if (st->link == LK_APPEND && f->kind != K_LIST)
            return no_method(h, f, "append"), ST_PYEXC;
        if (st->link == LK_ADD && f->kind != K_SET && !(f->kind == K_WEAKCONT && f->u.wc.wkind == WC_SET))
            return no_method(h, f, "add"), ST_PYEXC;
        obj_t *v = eval_value(h, st->value);
        if (!v)
            return h->exc->status;
        heap_push_temp(h, v);
        if (st->link == LK_APPEND) {
            list_append_new(h, f, obj_newref(v));
            ok = true;
        } else {
            ok = f->kind == K_SET ? set_add(h, f, v) : weakcont_add(h, f, v);
        }
        return ok ? ST_OK : h->exc->status;
    }
    /* F.x = v / F[k] = v: the value is evaluated before the target */
    if (st->key && !value_compile(h, st->key))
        return h->exc->status;
    obj_t *v = eval_value(h, st->value);
    if (!v)
        return h->exc->status;
    heap_push_temp(h, v);
    obj_t *f = eval_ref(h, &st->a);
    if (!f)
        return h->exc->status;
    if (st->link == LK_ATTR)
        ok = obj_setattr(h, f, st->attr, v);
    else {
        obj_t *key = subscript_key(h, st);
        if (!key)
            return h->exc->status;
        ok = setitem(h, f, key, v);
    }
    return ok ? ST_OK : h->exc->status;
}

static status_t op_unlink(heap_t *h, const heap_stmt_t *st)
{
    if (st->key && !value_compile(h, st->key))
        return h->exc->status;
    obj_t *f = eval_ref(h, &st->a);
    if (!f)
        return h->exc->status;
    bool ok;
    if (st->link == LK_ATTR) {
        ok = obj_delattr(h, f, st->attr);
    } else if (st->link == LK_DISCARD) {
        bool is_weakset = f->kind == K_WEAKCONT && f->u.wc.wkind == WC_SET;
        if (f->kind != K_SET && !is_weakset)
            return no_method(h, f, "discard"), ST_PYEXC;
        obj_t *v = value_eval(h, st->key);
        if (!v)
            return h->exc->status;
        heap_push_temp(h, v);
        bool found;
        ok = is_weakset ? weakcont_discard(h, f, v) : set_discard(h, f, v, &found);
    } else {
        obj_t *key = subscript_key(h, st);
        if (!key)
            return h->exc->status;
        ok = delitem(h, f, key);
    }
    return ok ? ST_OK : h->exc->status;
}

static status_t op_del(heap_t *h, const heap_stmt_t *st)
{
    for (size_t i = 0; i < st->nnames; i++) {
        obj_t *o = strmap_del(&h->names, st->names[i]);
        if (!o)
            return pyexc(h, "NameError", "name '%s' is not defined", st->names[i]);
        obj_decref(h, o);
    }
    return ST_OK;
}

typedef struct { obj_t **items; size_t n, cap; } obj_stack_t;

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

/* sys.getsizeof of everything reachable, each once; classes and shared objects left out */
static int64_t deep_size(heap_t *h, obj_t *root)
{
    addrmap_t seen;
    addrmap_init(&seen, obj_addr_key);
    obj_stack_t stack = {0};
    int64_t total = 0;
    push_referent(root, &stack);
    while (stack.n) {
        obj_t *o = stack.items[--stack.n];
        if (o->kind == K_CLASS || (o->flags & OF_STATIC) || addrmap_get(&seen, o->addr))
            continue;
        addrmap_put(&seen, o);
        total += sizes_of(h, o);
        obj_traverse(o, push_referent, &stack);
    }
    free(stack.items);
    addrmap_free(&seen);
    return total;
}

static status_t op_len(heap_t *h, obj_t *o, heap_result_t *res)
{
    res->kind = RES_INT;
    switch ((kind_t)o->kind) {
    case K_STR: res->i = (int64_t)o->u.s.len; break;
    case K_BYTES: res->i = (int64_t)o->u.by.len; break;
    case K_TUPLE: case K_LIST: res->i = (int64_t)o->u.seq.len; break;
    case K_DICT: res->i = (int64_t)o->u.d.used; break;
    case K_SET: case K_FROZENSET: res->i = (int64_t)o->u.set.used; break;
    case K_WEAKCONT: res->i = weakcont_len(o); break;
    default:
        return pyexc(h, "TypeError", "object of type '%s' has no len()", obj_type_name(o));
    }
    return ST_OK;
}

static status_t op_contains(heap_t *h, obj_t *in, obj_t *key, heap_result_t *res)
{
    int r;
    bool err;
    switch ((kind_t)in->kind) {
    case K_TUPLE: case K_LIST:
        r = 0;
        for (size_t i = 0; i < in->u.seq.len && !r; i++)
            r = obj_eq(h, in->u.seq.items[i], key);
        break;
    case K_DICT:
        r = dict_get_item(h, in, key, &err) != NULL;
        if (err)
            return h->exc->status;
        break;
    case K_SET: case K_FROZENSET:
        r = set_contains(h, in, key);
        break;
    case K_WEAKCONT:
        r = weakcont_contains(h, in, key);
        break;
    case K_STR:
        if (key->kind != K_STR)
            return pyexc(h, "TypeError", "'in <string>' requires string as left operand, not %s", obj_type_name(key));
        r = 0;
        for (size_t i = 0; i + key->u.s.len <= in->u.s.len && !r; i++)
            r = memcmp(in->u.s.cp + i, key->u.s.cp, key->u.s.len * sizeof(uint32_t)) == 0;
        break;
    default:
        return pyexc(h, "TypeError", "argument of type '%s' is not iterable", obj_type_name(in));
    }
    if (r < 0)
        return h->exc->status;
    res->kind = RES_BOOL;
    res->b = r != 0;
    return ST_OK;
}

static status_t op_gc(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (st->set_enabled)
        h->gc.enabled = st->enabled;
    if (st->nthreshold) {
        if (st->nthreshold > 3)
            return exc_set(h->exc, ST_PYEXC, "TypeError", h->prof->set_threshold_many, st->nthreshold);
        for (int i = 0; i < st->nthreshold; i++) {
            if (st->threshold[i] > INT32_MAX || st->threshold[i] < INT32_MIN)
                return pyexc(h, "OverflowError", "%s", "signed integer is greater than maximum");
            h->gc.threshold[i] = (int)st->threshold[i];
        }
    } else if (st->set_threshold) {
        return pyexc(h, "TypeError", "%s", h->prof->set_threshold_few);
    }
    if (st->set_debug)
        h->gc.saveall = st->saveall;
    if (st->set_freeze) {
        if (st->freeze)
            gc_freeze(h);
        else
            gc_unfreeze(h);
    }
    res->kind = RES_GC;
    return ST_OK;
}

static status_t dispatch(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    obj_t *a, *b;
    switch (st->op) {
    case OP_CREATE: return op_create(h, st, res);
    case OP_CLASS: return op_class(h, st, res);
    case OP_ASSIGN: return op_assign(h, st, res);
    case OP_LINK: return op_link(h, st);
    case OP_UNLINK: return op_unlink(h, st);
    case OP_DEL: return op_del(h, st);
    case OP_COLLECT:
        if (st->generation < 0 || st->generation > 2)
            return pyexc(h, "ValueError", "%s", "invalid generation");
        res->kind = RES_INT;
        res->i = gc_collect(h, (int)st->generation);
        return ST_OK;
    case OP_GC: return op_gc(h, st, res);
    case OP_CONTAINS: /* `key in r`: the key is evaluated first */
        if (!(b = eval_value(h, st->value)))
            return h->exc->status;
        heap_push_temp(h, b);
        if (!(a = eval_ref(h, &st->a)))
            return h->exc->status;
        return op_contains(h, a, b, res);
    default: break;
    }
    if (!(a = eval_ref(h, &st->a)))
        return h->exc->status;
    switch (st->op) {
    case OP_SIZEOF:
        res->kind = st->deep ? RES_DEEP : RES_INT;
        res->i = sizes_of(h, a);
        if (st->deep)
            res->deep = deep_size(h, a);
        return ST_OK;
    case OP_GETREFCOUNT:
        res->kind = RES_INT;
        res->i = a->refcnt; /* our evaluation holds the argument's reference */
        return ST_OK;
    case OP_ID:
        res->kind = RES_INT;
        res->i = (int64_t)a->addr;
        return ST_OK;
    case OP_IS: case OP_EQ:
        if (!(b = eval_ref(h, &st->b)))
            return h->exc->status;
        res->kind = RES_BOOL;
        res->b = st->op == OP_IS ? a == b : obj_eq(h, a, b);
        return h->exc->status == ST_PYEXC ? ST_PYEXC : ST_OK;
    case OP_LEN:
        return op_len(h, a, res);
    case OP_CONTAINS:
        return ST_BADREQ; /* handled before the first operand, below */
    case OP_DEREF:
        if (a->kind != K_WEAKREF)
            return pyexc(h, "TypeError", "'%s' object is not callable", obj_type_name(a));
        if (a->u.wr.referent) {
            res->kind = RES_OBJ;
            res->id = a->u.wr.referent->addr;
        } else {
            res->kind = RES_NULL;
        }
        return ST_OK;
    default:
        return exc_set(h->exc, ST_BADREQ, "bad_request", "unknown operation");
    }
}

static status_t op_intern_or_weakref(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    obj_t *v = eval_value(h, st->value);
    if (!v)
        return h->exc->status;
    heap_push_temp(h, v);
    obj_t *r;
    if (st->op == OP_INTERN) {
        if (v->kind != K_STR)
            return pyexc(h, "TypeError", "intern() argument must be str, not %s", obj_type_name(v));
        r = str_intern(h, v);
    } else {
        r = weakref_new(h, v, st->callback);
        if (!r)
            return h->exc->status;
    }
    bind(h, st->name, r);
    res->kind = RES_OBJ;
    res->id = r->addr;
    return ST_OK;
}

/* 3.13: the identifiers of a path are names of the compiled statement. */
static void note_path_names(heap_t *h, const char *path)
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
            while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_') &&
                   n < sizeof name - 1)
                name[n++] = *p++;
            name[n] = 0;
            heap_note_code_name(h, name);
            continue;
        }
        p++;
    }
}

static void note_spec_names(heap_t *h, const spec_t *s)
{
    if (!s)
        return;
    if (s->kind == SP_REF)
        note_path_names(h, s->ref.path);
    if (s->kind == SP_INSTANCE)
        heap_note_code_name(h, s->text);
    for (size_t i = 0; i < s->nitems; i++)
        note_spec_names(h, s->items[i]);
}

static void note_statement_names(heap_t *h, const heap_stmt_t *st)
{
    if (st->name)
        heap_note_code_name(h, st->name);
    if (st->attr)
        heap_note_code_name(h, st->attr);
    for (size_t i = 0; i < st->nnames; i++)
        heap_note_code_name(h, st->names[i]);
    for (size_t i = 0; i < st->nattrs; i++) {
        heap_note_code_name(h, st->attr_names[i]);
        note_spec_names(h, st->attr_values[i]);
    }
    note_path_names(h, st->a.path);
    note_path_names(h, st->b.path);
    note_spec_names(h, st->value);
    note_spec_names(h, st->key);
}

static size_t estimate_new_objects(const heap_stmt_t *st)
{
    size_t n = 2;
    if (st->value)
        n += spec_count(st->value);
    if (st->key)
        n += spec_count(st->key);
    for (size_t i = 0; i < st->nattrs; i++)
        n += spec_count(st->attr_values[i]);
    return n;
}

/* The checked builds verify the whole heap after each statement while it is
 * this small (the check is linear in the heap). */
#define HEAP_CHECK_MAX_OBJECTS 20000

static _Thread_local heap_t *tl_running;

heap_t *heap_running(void) { return tl_running; }

_Noreturn void heap_panic(heap_t *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->broken_msg, sizeof h->broken_msg, fmt, ap);
    va_end(ap);
    h->broken = true;
    fprintf(stderr, "heapd: internal error, session stopped: %s\n", h->broken_msg);
    fflush(stderr);
    if (h->running)
        longjmp(h->panic_jmp, 1);
    abort();
}

static status_t broken(heap_t *h, exc_t *exc)
{
    return exc_set(exc, ST_INTERNAL, "internal",
                   "an internal error stopped this session (%s); nothing more runs in it: start a new session",
                   h->broken_msg);
}

static status_t exec_guarded(heap_t *h, const heap_stmt_t *st, heap_result_t *res, exc_t *exc)
{
    h->stmt_serial = h->next_serial;
    if (h->prof->interned_immortal == 2)
        note_statement_names(h, st);
    if (h->limits.max_objects && h->live_objects + estimate_new_objects(st) > h->limits.max_objects)
        return exc_set(exc, ST_LIMIT, "objects", "the session holds %zu live objects; its limit is %zu",
                       h->live_objects, h->limits.max_objects);
    if (h->limits.max_bytes && h->live_bytes > h->limits.max_bytes)
        return exc_set(exc, ST_LIMIT, "bytes", "the session holds %zu bytes; its limit is %zu", h->live_bytes,
                       h->limits.max_bytes);
    status_t s = (st->op == OP_INTERN || st->op == OP_WEAKREF) ? op_intern_or_weakref(h, st, res)
                                                               : dispatch(h, st, res);
    heap_pop_temps(h, 0);
    gc_run_scheduled(h);
    return s;
}

status_t heap_exec(heap_t *h, const heap_stmt_t *st, heap_result_t *res, exc_t *exc)
{
    memset(res, 0, sizeof *res);
    memset(exc, 0, sizeof *exc);
    if (h->broken)
        return broken(h, exc);
    h->exc = exc;
    h->running = true;
    tl_running = h;
    status_t s;
    if (setjmp(h->panic_jmp)) {
        s = broken(h, exc);
    } else {
        s = exec_guarded(h, st, res, exc);
#ifdef HEAPD_CHECKED
        char why[300];
        if (h->live_objects <= HEAP_CHECK_MAX_OBJECTS && !heap_check(h, why, sizeof why)) {
            fprintf(stderr, "heapd: heap_check failed after a statement: %s\n", why);
            fflush(stderr);
            abort();
        }
#endif
    }
    h->running = false;
    tl_running = NULL;
    if (s != ST_OK)
        res->kind = RES_NONE;
    return s;
}
