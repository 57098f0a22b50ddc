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
 * The names are each type's non-dunder attributes as dir() lists them in
 * 3.10 to 3.13 (int.is_integer is 3.12+).
 */
#include "method.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"
#include "num.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"

enum { M_METHOD, M_CLASSMETHOD, M_DATA };

typedef struct {
    const char *name;
    unsigned char how;   /* M_* */
    unsigned char since; /* minor version it appeared in (0: always) */
} attr_def_t;

#define M(n) {n, M_METHOD, 0}
#define C(n) {n, M_CLASSMETHOD, 0}
#define D(n) {n, M_DATA, 0}
#define END {NULL, 0, 0}

static const attr_def_t int_attrs[] = {
    M("as_integer_ratio"), M("bit_count"), M("bit_length"), M("conjugate"), D("denominator"), C("from_bytes"),
    D("imag"), {"is_integer", M_METHOD, 12}, D("numerator"), D("real"), M("to_bytes"), END};
static const attr_def_t float_attrs[] = {
    M("as_integer_ratio"), M("conjugate"), C("fromhex"), M("hex"), D("imag"), M("is_integer"), D("real"), END};
#define STR_COMMON                                                                                      \
    M("capitalize"), M("center"), M("count"), M("endswith"), M("expandtabs"), M("find"), M("index"),    \
        M("isalnum"), M("isalpha"), M("isascii"), M("isdigit"), M("islower"), M("isspace"), M("istitle"), \
        M("isupper"), M("join"), M("ljust"), M("lower"), M("lstrip"), C("maketrans"), M("partition"),    \
        M("removeprefix"), M("removesuffix"), M("replace"), M("rfind"), M("rindex"), M("rjust"),         \
        M("rpartition"), M("rsplit"), M("rstrip"), M("split"), M("splitlines"), M("startswith"),         \
        M("strip"), M("swapcase"), M("title"), M("translate"), M("upper"), M("zfill")
static const attr_def_t str_attrs[] = {STR_COMMON, M("casefold"), M("encode"), M("format"), M("format_map"),
                                       M("isdecimal"), M("isidentifier"), M("isnumeric"), M("isprintable"), END};
static const attr_def_t bytes_attrs[] = {STR_COMMON, M("decode"), C("fromhex"), M("hex"), END};
static const attr_def_t tuple_attrs[] = {M("count"), M("index"), END};
static const attr_def_t list_attrs[] = {M("append"), M("clear"), M("copy"), M("count"), M("extend"), M("index"),
                                        M("insert"), M("pop"), M("remove"), M("reverse"), M("sort"), END};
static const attr_def_t dict_attrs[] = {M("clear"), M("copy"), C("fromkeys"), M("get"), M("items"), M("keys"),
                                        M("pop"), M("popitem"), M("setdefault"), M("update"), M("values"), END};
#define FROZENSET_COMMON                                                                                 \
    M("copy"), M("difference"), M("intersection"), M("isdisjoint"), M("issubset"), M("issuperset"),      \
        M("symmetric_difference"), M("union")
static const attr_def_t frozenset_attrs[] = {FROZENSET_COMMON, END};
static const attr_def_t set_attrs[] = {FROZENSET_COMMON, M("add"), M("clear"), M("difference_update"),
                                       M("discard"), M("intersection_update"), M("pop"), M("remove"),
                                       M("symmetric_difference_update"), M("update"), END};

/* The library classes' Python methods: name, then the function's __qualname__. */
typedef struct {
    const char *name, *qualname;
} lib_method_t;

static const lib_method_t wvd_methods[] = {
    {"_commit_removals", "WeakValueDictionary._commit_removals"}, {"clear", "MutableMapping.clear"},
    {"copy", "WeakValueDictionary.copy"}, {"get", "WeakValueDictionary.get"},
    {"items", "WeakValueDictionary.items"}, {"itervaluerefs", "WeakValueDictionary.itervaluerefs"},
    {"keys", "WeakValueDictionary.keys"}, {"pop", "WeakValueDictionary.pop"},
    {"popitem", "WeakValueDictionary.popitem"}, {"setdefault", "WeakValueDictionary.setdefault"},
    {"update", "WeakValueDictionary.update"}, {"valuerefs", "WeakValueDictionary.valuerefs"},
    {"values", "WeakValueDictionary.values"}, {NULL, NULL}};
static const lib_method_t wkd_methods[] = {
    {"_commit_removals", "WeakKeyDictionary._commit_removals"},
    {"_scrub_removals", "WeakKeyDictionary._scrub_removals"}, {"clear", "MutableMapping.clear"},
    {"copy", "WeakKeyDictionary.copy"}, {"get", "WeakKeyDictionary.get"}, {"items", "WeakKeyDictionary.items"},
    {"keyrefs", "WeakKeyDictionary.keyrefs"}, {"keys", "WeakKeyDictionary.keys"},
    {"pop", "WeakKeyDictionary.pop"}, {"popitem", "WeakKeyDictionary.popitem"},
    {"setdefault", "WeakKeyDictionary.setdefault"}, {"update", "WeakKeyDictionary.update"},
    {"values", "WeakKeyDictionary.values"}, {NULL, NULL}};
static const lib_method_t ws_methods[] = {
    {"_commit_removals", "WeakSet._commit_removals"}, {"add", "WeakSet.add"}, {"clear", "WeakSet.clear"},
    {"copy", "WeakSet.copy"}, {"difference", "WeakSet.difference"},
    {"difference_update", "WeakSet.difference_update"}, {"discard", "WeakSet.discard"},
    {"intersection", "WeakSet.intersection"}, {"intersection_update", "WeakSet.intersection_update"},
    {"isdisjoint", "WeakSet.isdisjoint"}, {"issubset", "WeakSet.issubset"}, {"issuperset", "WeakSet.issuperset"},
    {"pop", "WeakSet.pop"}, {"remove", "WeakSet.remove"}, {"symmetric_difference", "WeakSet.symmetric_difference"},
    {"symmetric_difference_update", "WeakSet.symmetric_difference_update"}, {"union", "WeakSet.union"},
    {"update", "WeakSet.update"}, {NULL, NULL}};

static const attr_def_t *attrs_of(const obj_t *o)
{
    switch ((kind_t)o->kind) {
    case K_BOOL: case K_INT: return int_attrs;
    case K_FLOAT: return float_attrs;
    case K_STR: return str_attrs;
    case K_BYTES: return bytes_attrs;
    case K_TUPLE: return tuple_attrs;
    case K_LIST: return list_attrs;
    case K_DICT: return dict_attrs;
    case K_SET: return set_attrs;
    case K_FROZENSET: return frozenset_attrs;
    default: return NULL;
    }
}

static const attr_def_t *find_attr(const heap_t *h, const obj_t *o, const char *name)
{
    int minor = (int)strtol(strchr(h->prof->version, '.') + 1, NULL, 10);
    for (const attr_def_t *a = attrs_of(o); a && a->name; a++)
        if (strcmp(a->name, name) == 0 && minor >= a->since)
            return a;
    return NULL;
}

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
    gc_on_alloc(h);
    obj_t *m = heap_new_object(h, K_METHOD, (size_t)(python ? h->prof->method_size : h->prof->builtin_function_size));
    m->u.meth.self = self ? obj_newref(self) : NULL;
    m->u.meth.name = name;
    m->u.meth.qualname = qualname;
    m->u.meth.python = python;
    heap_account_size(h, m);
    heap_emit(h, EV_CREATED, m, NULL);
    gc_track(h, m);
    return m;
}

/* A getset's value: int.real and .numerator are the int itself (a bool's:
 * the int it equals), .denominator 1, .imag 0; float.real itself, .imag a
 * new 0.0 */
static obj_t *data_attr(heap_t *h, obj_t *o, const char *name)
{
    bool real = !strcmp(name, "real") || !strcmp(name, "numerator");
    if (o->kind == K_FLOAT)
        return real ? obj_newref(o) : float_new(h, 0.0);
    if (real)
        return o->kind == K_BOOL ? int_from_i64(h, o->u.b) : obj_newref(o);
    return int_from_i64(h, !strcmp(name, "denominator"));
}

obj_t *method_lookup(heap_t *h, obj_t *o, const char *name)
{
    if (o->kind == K_INSTANCE) {
        const cls_data_t *c = o->u.inst.type->u.cls;
        const lib_method_t *m = c->lib ? find_lib_method(c->lib_kind, name) : NULL;
        return m ? method_new(h, o, m->name, m->qualname, true) : NULL;
    }
    const attr_def_t *a = find_attr(h, o, name);
    if (!a)
        return NULL;
    if (a->how == M_DATA)
        return data_attr(h, o, name);
    /* a classmethod (or str.maketrans) binds the type, which is no object here */
    return method_new(h, a->how == M_CLASSMETHOD ? NULL : o, a->name, TYPE(o)->name, false);
}

int method_setattr_error(heap_t *h, const obj_t *o, const char *name)
{
    const attr_def_t *a = find_attr(h, o, name);
    if (!a)
        return 0;
    if (a->how == M_DATA) /* getset_set() of a getter without a setter */
        exc_set(h->exc, ST_PYEXC, "AttributeError", "attribute '%s' of '%s' objects is not writable", name,
                obj_tp_name(o));
    else /* a method descriptor: no __set__, no __dict__ */
        exc_set(h->exc, ST_PYEXC, "AttributeError", "'%s' object attribute '%s' is read-only", obj_tp_name(o), name);
    return -1;
}

/* The slots ----------------------------------------------------------------------- */

static int64_t meth_size(const heap_t *h, const obj_t *o)
{
    return o->u.meth.python ? h->prof->method_size : h->prof->builtin_function_size;
}

static const char *meth_name(const obj_t *o) { return o->u.meth.python ? "method" : "builtin_function_or_method"; }

static int meth_traverse(obj_t *o, visit_fn visit, void *arg)
{
    return o->u.meth.self ? visit(o->u.meth.self, arg) : 0;
}

static void meth_dealloc(heap_t *h, obj_t *o)
{
    weakref_clear_all(h, o);
    heap_emit(h, EV_DESTROYED, o, NULL);
    obj_clear(h, &o->u.meth.self);
    heap_release_object(h, o, NULL, 0);
}

static void meth_clear(heap_t *h, obj_t *o) { obj_clear(h, &o->u.meth.self); }

static obj_t **meth_weaklist(obj_t *o) { return &o->u.meth.wr_head; }

/* method_hash(): self's address ^ the function's; meth_hash(): self's
 * address ^ the C function's. Those functions are the interpreter's: a
 * fixed stand-in from the name. */
static int meth_hash(heap_t *h, obj_t *o, int64_t *out)
{
    int64_t self = 0, fn = str_hash_ascii(h, o->u.meth.name, strlen(o->u.meth.name)) & 0xffffffff0;
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

const type_ops_t method_type = {
    .name_of = meth_name, .flags = TF_GC, .dealloc = meth_dealloc, .traverse = meth_traverse,
    .clear = meth_clear, .size = meth_size, .weaklist = meth_weaklist, .hash = meth_hash, .eq = meth_eq, .repr = meth_repr,
};
