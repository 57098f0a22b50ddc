/*
 * method.c — bound methods, and the attributes of builtin objects.
 *
 * `lst.append` is a builtin_function_or_method (a PyCFunction whose m_self
 * is the list, made by method_get() of its method descriptor); `wv.items`
 * is a method (method_new(): a library class's Python function bound to
 * the instance). Both hold their self. A getset or member of a builtin
 * (`x.real`, `k.key`) gives its value. Calling a bound method is not an
 * operation of the sandbox.
 *
 * Each type's file lists its attributes (type_ops_t.attrs, as dir() shows
 * them in 3.10 to 3.13) and gives its getsets' values (.getset); the
 * library classes' methods are listed here.
 */
#include "method.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"
#include "num.h"
#include "pycall.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"

/* The library classes' Python methods: name, then the function's __qualname__. */
typedef struct {
    const char *name, *qualname;
} lib_method_t;

static const lib_method_t wvd_methods[] = {{"_commit_removals", "WeakValueDictionary._commit_removals"},
                                           {"clear", "MutableMapping.clear"},
                                           {"copy", "WeakValueDictionary.copy"},
                                           {"get", "WeakValueDictionary.get"},
                                           {"items", "WeakValueDictionary.items"},
                                           {"itervaluerefs", "WeakValueDictionary.itervaluerefs"},
                                           {"keys", "WeakValueDictionary.keys"},
                                           {"pop", "WeakValueDictionary.pop"},
                                           {"popitem", "WeakValueDictionary.popitem"},
                                           {"setdefault", "WeakValueDictionary.setdefault"},
                                           {"update", "WeakValueDictionary.update"},
                                           {"valuerefs", "WeakValueDictionary.valuerefs"},
                                           {"values", "WeakValueDictionary.values"},
                                           {NULL, NULL}};
static const lib_method_t wkd_methods[] = {{"_commit_removals", "WeakKeyDictionary._commit_removals"},
                                           {"_scrub_removals", "WeakKeyDictionary._scrub_removals"},
                                           {"clear", "MutableMapping.clear"},
                                           {"copy", "WeakKeyDictionary.copy"},
                                           {"get", "WeakKeyDictionary.get"},
                                           {"items", "WeakKeyDictionary.items"},
                                           {"keyrefs", "WeakKeyDictionary.keyrefs"},
                                           {"keys", "WeakKeyDictionary.keys"},
                                           {"pop", "WeakKeyDictionary.pop"},
                                           {"popitem", "WeakKeyDictionary.popitem"},
                                           {"setdefault", "WeakKeyDictionary.setdefault"},
                                           {"update", "WeakKeyDictionary.update"},
                                           {"values", "WeakKeyDictionary.values"},
                                           {NULL, NULL}};
static const lib_method_t ws_methods[] = {
    {"_commit_removals", "WeakSet._commit_removals"},
    {"add", "WeakSet.add"},
    {"clear", "WeakSet.clear"},
    {"copy", "WeakSet.copy"},
    {"difference", "WeakSet.difference"},
    {"difference_update", "WeakSet.difference_update"},
    {"discard", "WeakSet.discard"},
    {"intersection", "WeakSet.intersection"},
    {"intersection_update", "WeakSet.intersection_update"},
    {"isdisjoint", "WeakSet.isdisjoint"},
    {"issubset", "WeakSet.issubset"},
    {"issuperset", "WeakSet.issuperset"},
    {"pop", "WeakSet.pop"},
    {"remove", "WeakSet.remove"},
    {"symmetric_difference", "WeakSet.symmetric_difference"},
    {"symmetric_difference_update", "WeakSet.symmetric_difference_update"},
    {"union", "WeakSet.union"},
    {"update", "WeakSet.update"},
    {NULL, NULL}};

static const lib_method_t *find_lib_method(int lib_kind, const char *name)
{
    const lib_method_t *t = lib_kind == LIB_WEAKVALUEDICT ? wvd_methods
                            : lib_kind == LIB_WEAKKEYDICT ? wkd_methods
                            : lib_kind == LIB_WEAKSET     ? ws_methods
                                                          : NULL;
    for (; t && t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

/* A bound method object (PyCFunction_NewEx / PyMethod_New): tracked at once. */
static obj_t *method_new(heap_t *h, obj_t *self, const char *name, const char *qualname, bool python)
{
    obj_t *m = heap_new_object(h, K_METHOD,
                               (size_t)(python ? h->prof->method_size : h->prof->builtin_function_size));
    m->u.meth.self = self ? obj_newref(self) : NULL;
    m->u.meth.name = name;
    m->u.meth.qualname = qualname;
    m->u.meth.python = python;
    heap_account_size(h, m);
    heap_emit(h, EV_CREATED, m, NULL);
    gc_track(h, m);
    return m;
}

obj_t *method_bound_builtin(heap_t *h, obj_t *self, const char *name, const char *qualname)
{
    return method_new(h, self, name, qualname, false);
}

obj_t *method_interp(heap_t *h, const char *name, const char *qualname)
{
    h->quiet_events++;
    obj_t *m = heap_interp_made(h, method_new(h, NULL, name, qualname, false));
    h->quiet_events--;
    return m;
}

bool method_library_defines(int lib_kind, const char *name)
{
    return find_lib_method(lib_kind, name) != NULL;
}

obj_t *method_lookup_library(heap_t *h, obj_t *o, int lib_kind, const char *name)
{
    const lib_method_t *m = find_lib_method(lib_kind, name);
    return m ? method_new(h, o, m->name, m->qualname, true) : NULL;
}

obj_t *method_lookup(heap_t *h, obj_t *o, const char *name)
{
    const attr_def_t *a = obj_type_attr(h, o, name);
    if (!a)
        return NULL;
    if (a->how == ATTR_DATA)
        return TYPE(o)->getset(h, o, name);
    /* a classmethod (or str.maketrans) binds the type, which is no object here */
    return method_new(h, a->how == ATTR_CLASSMETHOD ? NULL : o, a->name, TYPE(o)->name, false);
}

int method_setattr_error(heap_t *h, const obj_t *o, const char *name)
{
    const attr_def_t *a = obj_type_attr(h, o, name);
    if (!a)
        return 0;
    if (a->how == ATTR_DATA) /* getset_set() of a getter without a setter: names the descriptor's d_type */
        exc_set(h->exc, ST_PYEXC, "AttributeError", "attribute '%s' of '%s' objects is not writable", name,
                TYPE(o)->attrs_owner ? TYPE(o)->attrs_owner : obj_tp_name(o));
    else /* a method descriptor: no __set__, no __dict__ */
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object attribute '%s' is read-only", obj_tp_name(o),
                name);
    return -1;
}

obj_t *generic_getattr(heap_t *h, obj_t *o, const char *name)
{
    obj_t *v = method_lookup(h, o, name);
    if (!v)
        err_no_attribute(h, o, name);
    return v;
}

int generic_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v)
{
    return method_setattr_error(h, o, name) < 0 ? -1 : err_no_setattr(h, o, name);
}

/* The slots ----------------------------------------------------------------------- */

static int64_t meth_size(const heap_t *h, const obj_t *o)
{
    return o->u.meth.python ? h->prof->method_size : h->prof->builtin_function_size;
}

static const char *meth_own_name(const obj_t *o)
{
    return o->u.meth.name;
}

static const char *meth_name(const obj_t *o)
{
    return o->u.meth.python ? "method" : "builtin_function_or_method";
}

static int meth_traverse(obj_t *o, visit_fn visit, void *arg)
{
    return o->u.meth.self ? visit(o->u.meth.self, arg) : 0;
}

static void meth_dealloc(heap_t *h, obj_t *o)
{
    weakref_clear_all(h, o);
    heap_emit(h, EV_DESTROYED, o, NULL);
    obj_clear(h, &o->u.meth.self);
    heap_release_object(h, o, NULL);
}

static void meth_clear(heap_t *h, obj_t *o)
{
    obj_clear(h, &o->u.meth.self);
}

static obj_t **meth_weaklist(obj_t *o)
{
    return &o->u.meth.wr_head;
}

/* method_hash(): self's address ^ the function's; meth_hash(): self's
 * address ^ the C function's. Those functions are the interpreter's: a
 * fixed stand-in from the name. */
static int meth_hash(heap_t *h, obj_t *o, int64_t *out)
{
    int64_t self = 0, fn = str_hash_utf8(h, o->u.meth.name, strlen(o->u.meth.name)) & 0xffffffff0;
    if (o->u.meth.self && identity_hash(h, o->u.meth.self, &self) < 0)
        return -1;
    *out = (self ^ fn) == -1 ? -2 : self ^ fn;
    return 0;
}

/* method_richcompare() / meth_richcompare(): the same self and function */
static int meth_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (b->kind != K_METHOD || a->u.meth.python != b->u.meth.python)
        return NOT_IMPLEMENTED;
    return a->u.meth.self == b->u.meth.self && a->u.meth.qualname == b->u.meth.qualname &&
           strcmp(a->u.meth.name, b->u.meth.name) == 0;
}

static void meth_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    obj_t *self = o->u.meth.self;
    if (o->u.meth.python) {
        sb_printf(&r->sb, "<bound method %s of ", o->u.meth.qualname);
        repr_obj(r, self);
        sb_putc(&r->sb, '>');
    } else if (self) {
        sb_printf(&r->sb, "<built-in method %s of %s object at 0x%llx>", o->u.meth.name, obj_tp_name(self),
                  (unsigned long long)self->addr);
    } else {
        /* bound to a static type, whose address is the interpreter's: a stand-in */
        sb_printf(&r->sb, "<built-in method %s of type object at 0x%llx>", o->u.meth.name, 0x7f0000001000ULL);
    }
}

/* method_vectorcall(): the method of self's type, self first; one bound
 * to a builtin type is not run */
static obj_t *meth_call(heap_t *h, obj_t *o, obj_t **args, size_t n)
{
    if (!o->u.meth.self) {
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "calling the bound method %s", meth_name(o));
        return NULL;
    }
    return py_call_own_method(h, o->u.meth.self, o->u.meth.name, args, n);
}

/* A Python method's method_getattro(): the method type's own attributes,
 * else PyObject_GetAttr(im_func, name) - the library function's, which has
 * none a request can name, so the error names 'function'. A builtin's is
 * PyObject_GenericGetAttr(). */
static obj_t *meth_getattr(heap_t *h, obj_t *o, const char *name)
{
    obj_t *v = method_lookup(h, o, name);
    if (v)
        return v;
    if (o->u.meth.python)
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'function' object has no attribute '%s'", name);
    else
        err_no_attribute(h, o, name);
    return NULL;
}

/* a method bound to a library class's function: CALL unpacks it and runs
 * the function's frame inline */
static bool meth_call_inline(const obj_t *o)
{
    return o->u.meth.python;
}

const type_ops_t method_type = {
    .name_of = meth_name,
    .getattr = meth_getattr,
    .flags = TF_GC,
    .call = meth_call,
    .call_inline = meth_call_inline,
    .own_name = meth_own_name,
    .dealloc = meth_dealloc,
    .traverse = meth_traverse,
    .clear = meth_clear,
    .size = meth_size,
    .weaklist = meth_weaklist,
    .hash = meth_hash,
    .eq = meth_eq,
    .repr = meth_repr,
    .setattr = generic_setattr,
};
