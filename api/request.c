/*
 * request.c — JSON bodies to heap statements (API.md "Operations").
 */
#include "request.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "refpath.h"

/* A JSON string used as a C string (a name, path, type, option): NULL when
 * it is no string or holds a NUL ('\u0000', which only str values may hold:
 * the body is parsed with JSON_ALLOW_NUL), so such a field is mistyped. */
const char *req_jstr(const json_t *j)
{
    const char *s = json_string_value(j);
    return s && strlen(s) == json_string_length(j) ? s : NULL;
}

/* Values may nest as deep as the whole body may (jansson's
 * JSON_PARSER_MAX_DEPTH, 2048): past 200 brackets the statement is
 * CPython's SyntaxError, which api.c answers (stmt_compiles()) */
#define MAX_SPEC_DEPTH 2048
#define MAX_SPEC_NODES 100000
#define MAX_NAME 255

typedef struct {
    char *err;
    size_t errlen;
    size_t nodes;
    req_pool_t *pool; /* where kept strings are copied; NULL: borrowed from the body */
    json_t *spread;   /* create's body, whose value spec is spread over it: its own
                         fields (name, attrs, op) are not the spec's */
} ctx_t;

/* The pool: strings in 16 KiB chunks (a longer one in a chunk of its own),
 * all freed together. */
struct req_pool {
    struct pool_chunk *chunks;
    char *free;  /* the newest chunk's first unused byte */
    size_t room; /* and how many are left */
};

struct pool_chunk {
    struct pool_chunk *next;
    char data[];
};

#define POOL_CHUNK ((size_t)16 << 10)

req_pool_t *req_pool_new(void)
{
    return calloc(1, sizeof(req_pool_t));
}

void req_pool_free(req_pool_t *pool)
{
    if (!pool)
        return;
    while (pool->chunks) {
        struct pool_chunk *k = pool->chunks;
        pool->chunks = k->next;
        free(k);
    }
    free(pool);
}

static const char *pool_dup(req_pool_t *pool, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > pool->room) {
        size_t size = n > POOL_CHUNK ? n : POOL_CHUNK;
        struct pool_chunk *k = malloc(sizeof *k + size);
        if (!k)
            return NULL;
        k->next = pool->chunks;
        pool->chunks = k;
        pool->free = k->data;
        pool->room = size;
    }
    char *d = pool->free;
    pool->free += n;
    pool->room -= n;
    return memcpy(d, s, n);
}

/* A string of the body that the statement keeps: the body's own when the
 * parsed operation holds the body, else a copy in the pool. */
static const char *keep(ctx_t *c, const char *s)
{
    return c->pool ? pool_dup(c->pool, s) : s;
}

static bool fail(ctx_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(ctx_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return false;
}

/* Every key of obj must be in allowed (NULL-ended). */
/* strcmp() == 0, deciding most mismatches on the first byte without a call:
 * field and type names are compared by the dozen for every operation. */
static inline bool streq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* create's own fields, beside those of the value spec spread over its body */
static bool is_create_field(const char *key)
{
    return streq(key, "name") || streq(key, "attrs") || streq(key, "op");
}

static bool only_fields(ctx_t *c, json_t *obj, const char *const *allowed, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (obj == c->spread && is_create_field(key))
            continue;
        int i = 0;
        while (allowed[i] && !streq(allowed[i], key))
            i++;
        if (!allowed[i])
            return fail(c, "unknown field '%s'%s", key, where);
    }
    return true;
}

/* A statement's own reference (a, b) keeps its path as its other strings
 * (keep()); a value spec's, which core/spec.c frees with the spec, is a copy */
static bool parse_ref(ctx_t *c, json_t *j, const char *field, heap_ref_t *ref, bool in_spec)
{
    /* a field that takes only a reference (ref, a, b, from, in) takes it
     * written as API.md writes a reference elsewhere too, {"ref": R}: the
     * same path or id (400 until 2026-12-04) */
    json_t *inner =
        !in_spec && json_is_object(j) && json_object_size(j) == 1 ? json_object_get(j, "ref") : NULL;
    if (inner && (json_is_string(inner) || json_is_integer(inner)))
        j = inner;
    if (json_is_string(j)) {
        char why[160];
        if (!req_jstr(j)) {
            snprintf(c->err, c->errlen, "field '%s': bad reference path: a NUL character", field);
            return false;
        }
        if (!refpath_check(json_string_value(j), why, sizeof why)) {
            snprintf(c->err, c->errlen, "field '%s': bad reference path: %s", field, why);
            return false;
        }
        ref->path = in_spec ? strdup(json_string_value(j)) : keep(c, json_string_value(j));
        ref->names_only = true;
        return true;
    }
    if (json_is_integer(j) && json_integer_value(j) > 0) {
        ref->path = NULL;
        ref->id = (uint64_t)json_integer_value(j);
        return true;
    }
    return fail(c, "field '%s' must be a reference path (string) or an object id (positive integer)", field);
}

static spec_t *parse_value(ctx_t *c, json_t *j, const char *field, int depth);

/* A str literal of len bytes of UTF-8 (jansson has validated it; it may hold NULs). */
static spec_t *str_spec(const char *v, size_t len)
{
    spec_t *s = spec_new(SP_STR);
    s->len = len;
    s->text = malloc(len + 1);
    memcpy(s->text, v, len);
    s->text[len] = 0;
    return s;
}

static spec_t *items_spec(ctx_t *c, spec_kind_t kind, json_t *arr, const char *field, int depth)
{
    spec_t *s = spec_new(kind);
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        spec_t *item = parse_value(c, it, field, depth + 1);
        if (!item || !spec_append(s, item)) {
            spec_free(item);
            spec_free(s);
            return NULL;
        }
    }
    return s;
}

static bool is_class_name(const char *t)
{
    return refpath_is_identifier(t);
}

static bool decimal_ok(const char *s)
{
    const char *p = s + (*s == '-');
    if (!*p)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* A big int's digits as a Python literal: "007" is 7 (the literal `007`
 * does not compile), the sign kept. More than 4300 digits stay: their
 * statement is CPython's SyntaxError (api.c's may_not_compile()). */
static char *decimal_literal(const char *s)
{
    bool neg = *s == '-';
    const char *d = s + neg;
    while (d[0] == '0' && d[1])
        d++;
    char *out = malloc(strlen(d) + 2);
    sprintf(out, "%s%s", neg ? "-" : "", d);
    return out;
}

/* The end of the JSON number token starting at p (an optional '-', digits,
 * an optional fraction and exponent), or p when there is none. */
static size_t number_token(const char *p, size_t n)
{
    size_t i = p[0] == '-';
    size_t d = i;
    while (i < n && isdigit((unsigned char)p[i]))
        i++;
    if (i == d)
        return 0;
    if (i < n && p[i] == '.') {
        size_t f = ++i;
        while (i < n && isdigit((unsigned char)p[i]))
            i++;
        if (i == f)
            return 0;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        size_t e = ++i;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            e = ++i;
        while (i < n && isdigit((unsigned char)p[i]))
            i++;
        if (i == e)
            return 0;
    }
    return i;
}

/* Whether the number text s, a real, is past the double range: the float
 * literal CPython reads as an infinity (`1e400`), jansson's "real number
 * overflow". */
static bool real_overflows(const char *s, size_t n)
{
    char *t = malloc(n + 1);
    if (!t)
        return false;
    memcpy(t, s, n);
    t[n] = '\0';
    bool inf = isinf(strtod(t, NULL));
    free(t);
    return inf;
}

/* bytes: ASCII with \xNN escapes */
static bool parse_bytes(const char *in, spec_t *s)
{
    size_t n = strlen(in), k = 0;
    s->bytes = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)in[i];
        if (ch >= 0x80)
            return false;
        if (ch == '\\' && i + 1 < n && in[i + 1] == 'x') {
            /* exactly two hex digits, as b'\xNN' */
            if (i + 3 >= n + 0 || !isxdigit((unsigned char)in[i + 2]) || !isxdigit((unsigned char)in[i + 3]))
                return false;
            char hex[3] = {in[i + 2], in[i + 3], 0};
            s->bytes[k++] = (uint8_t)strtol(hex, NULL, 16);
            i += 3;
        } else if (ch == '\\' && i + 1 < n && in[i + 1] == '\\') {
            s->bytes[k++] = '\\';
            i++;
        } else {
            s->bytes[k++] = ch;
        }
    }
    s->len = k;
    return true;
}

/* A value spec {"type": T, ...}: j is the object, type and value its fields. */
static spec_t *typed_spec(ctx_t *c, json_t *j, json_t *type, json_t *value, const char *field, int depth)
{
    const char *t = req_jstr(type);
    static const char *const tv[] = {"type", "value", NULL};
    static const char *const tonly[] = {"type", NULL};
    static const char *const dict_f[] = {"type", "value", "items", NULL};
    if (!t)
        return fail(c, "field '%s': 'type' must be a string", field), NULL;
    if (!value && !json_object_get(j, "items") &&
        (streq(t, "int") || streq(t, "str") || streq(t, "bytes") || streq(t, "tuple") || streq(t, "list") ||
         streq(t, "dict") || streq(t, "set") || streq(t, "frozenset"))) {
        /* {"type": "list"} with no value is the type called with no argument, as
         * API.md's {"type": "ClassName"} is ClassName(), and as POST .../exec
         * runs list(): the empty value as the type's tp_new makes it
         * (list_new/list___init__, dict_new: not from the free lists;
         * tuple(), str(), bytes(), int() the interpreter's shared empty
         * values; set() and frozenset() as their displays are written) */
        if (!only_fields(c, j, tonly, ""))
            return NULL;
        if (streq(t, "set") || streq(t, "frozenset"))
            return spec_new(streq(t, "set") ? SP_SET : SP_FROZENSET);
        spec_t *s = spec_new(SP_INSTANCE);
        s->text = strdup(t);
        return s;
    }
    if (streq(t, "int") || streq(t, "str") || streq(t, "float") || streq(t, "bytes")) {
        if (!only_fields(c, j, tv, ""))
            return NULL;
        if (streq(t, "float")) {
            /* a number, or a JSON real past the double range (`1e400`), which jansson
             * cannot hold: req_json_load() writes it as {"type": "float", "value":
             * "<its text>"}, CPython's infinity (the text alone is taken too) */
            json_t *typed = json_is_object(value) ? json_object_get(value, "type") : NULL;
            if (typed && streq(req_jstr(typed) ? req_jstr(typed) : "", "float") &&
                json_object_size(value) == 2)
                value = json_object_get(value, "value");
            const char *txt = json_string_value(value);
            size_t tn = txt ? json_string_length(value) : 0;
            bool inf =
                txt && tn && number_token(txt, tn) == tn && strpbrk(txt, ".eE") && real_overflows(txt, tn);
            if (!json_is_number(value) && !inf)
                return fail(c, "field '%s': a float's 'value' must be a number", field), NULL;
            spec_t *s = spec_new(SP_FLOAT);
            s->f = inf ? (txt[0] == '-' ? -HUGE_VAL : HUGE_VAL) : json_number_value(value);
            return s;
        }
        if (!json_is_string(value))
            return fail(c, "field '%s': %s 'value' must be a string", field, t), NULL;
        const char *v = json_string_value(value);
        if (!streq(t, "str") && !req_jstr(value)) /* an int's digits, a bytes' ASCII */
            return fail(c, "field '%s': %s 'value' must not hold a NUL character", field, t), NULL;
        if (streq(t, "int")) {
            if (!decimal_ok(v))
                return fail(c, "field '%s': 'value' must be decimal digits, got '%.40s'", field, v), NULL;
            spec_t *s = spec_new(SP_BIGINT);
            s->text = decimal_literal(v);
            return s;
        }
        if (streq(t, "str"))
            return str_spec(v, json_string_length(value));
        spec_t *s = spec_new(SP_BYTES);
        if (!parse_bytes(v, s)) {
            spec_free(s);
            return fail(c, "field '%s': bytes 'value' must be ASCII with \\xNN escapes", field), NULL;
        }
        return s;
    }
    if (streq(t, "tuple") || streq(t, "set") || streq(t, "frozenset") || streq(t, "list")) {
        if (!only_fields(c, j, tv, ""))
            return NULL;
        if (!json_is_array(value))
            return fail(c, "field '%s': a %s's 'value' must be an array", field, t), NULL;
        spec_kind_t k = streq(t, "tuple")  ? SP_TUPLE
                        : streq(t, "set")  ? SP_SET
                        : streq(t, "list") ? SP_LIST
                                           : SP_FROZENSET;
        return items_spec(c, k, value, field, depth);
    }
    if (streq(t, "dict")) {
        if (!only_fields(c, j, dict_f, ""))
            return NULL;
        json_t *items = json_object_get(j, "items");
        if ((value != NULL) == (items != NULL))
            return fail(
                       c,
                       "field '%s': a dict takes exactly one of 'value' (object) or 'items' (array of pairs)",
                       field),
                   NULL;
        spec_t *s = spec_new(SP_DICT);
        if (value) {
            if (!json_is_object(value)) {
                spec_free(s);
                return fail(c, "field '%s': a dict's 'value' must be an object", field), NULL;
            }
            const char *k;
            json_t *v;
            json_object_foreach(value, k, v)
            {
                spec_append(s, str_spec(k, strlen(k)));
                spec_t *vs = parse_value(c, v, field, depth + 1);
                if (!vs) {
                    spec_free(s);
                    return NULL;
                }
                spec_append(s, vs);
            }
            return s;
        }
        size_t i;
        json_t *pair;
        if (!json_is_array(items)) {
            spec_free(s);
            return fail(c, "field '%s': a dict's 'items' must be an array of [key, value] pairs", field),
                   NULL;
        }
        json_array_foreach(items, i, pair)
        {
            if (!json_is_array(pair) || json_array_size(pair) != 2) {
                spec_free(s);
                return fail(c, "field '%s': each dict item must be a [key, value] pair", field), NULL;
            }
            for (size_t k = 0; k < 2; k++) {
                spec_t *e = parse_value(c, json_array_get(pair, k), field, depth + 1);
                if (!e) {
                    spec_free(s);
                    return NULL;
                }
                spec_append(s, e);
            }
        }
        return s;
    }
    if (!only_fields(c, j, tonly, ""))
        return NULL;
    if (streq(t, "object"))
        return spec_new(SP_OBJECT);
    for (int wk = 0; wk < WC_N; wk++)
        if (streq(t, spec_weakcont_names[wk])) {
            spec_t *s = spec_new(SP_WEAKCONT);
            s->wkind = wk;
            return s;
        }
    if (!is_class_name(t))
        return fail(c, "field '%s': unknown type '%.60s'", field, t), NULL;
    spec_t *s = spec_new(SP_INSTANCE);
    s->text = strdup(t);
    return s;
}

/* A value spec: JSON strings are str literals here. */
static spec_t *parse_value(ctx_t *c, json_t *j, const char *field, int depth)
{
    if (depth > MAX_SPEC_DEPTH)
        return fail(c, "field '%s': values nest deeper than %s levels", field, "2048"), NULL;
    if (++c->nodes > MAX_SPEC_NODES)
        return fail(c, "field '%s': more than %s values", field, "100000"), NULL;
    spec_t *s;
    switch (json_typeof(j)) {
    case JSON_NULL: return spec_new(SP_NONE);
    case JSON_TRUE:
    case JSON_FALSE:
        s = spec_new(SP_BOOL);
        s->b = json_is_true(j);
        return s;
    case JSON_INTEGER:
        s = spec_new(SP_INT);
        s->i = json_integer_value(j);
        return s;
    case JSON_REAL:
        s = spec_new(SP_FLOAT);
        s->f = json_real_value(j);
        return s;
    case JSON_STRING: return str_spec(json_string_value(j), json_string_length(j));
    case JSON_ARRAY: return items_spec(c, SP_LIST, j, field, depth);
    case JSON_OBJECT: {
        json_t *ref = NULL, *type = NULL, *value = NULL, *v;
        const char *k;
        json_object_foreach(j, k, v)
        {
            if (streq(k, "ref"))
                ref = v;
            else if (streq(k, "type"))
                type = v;
            else if (streq(k, "value"))
                value = v;
        }
        if (ref) {
            static const char *const rf[] = {"ref", NULL};
            if (!only_fields(c, j, rf, " beside 'ref'"))
                return NULL;
            s = spec_new(SP_REF);
            if (!parse_ref(c, ref, field, &s->ref, true)) {
                spec_free(s);
                return NULL;
            }
            return s;
        }
        if (!type)
            return fail(c,
                        "field '%s': an object value needs 'type' or 'ref' (a dict is {\"type\": \"dict\", "
                        "\"value\": {...}})",
                        field),
                   NULL;
        return typed_spec(c, j, type, value, field, depth);
    }
    }
    return fail(c, "field '%s': not a value", field), NULL;
}

/* A reference-or-value field: a JSON string is a reference path. */
static spec_t *parse_ref_or_value(ctx_t *c, json_t *j, const char *field)
{
    if (json_is_string(j)) {
        spec_t *s = spec_new(SP_REF);
        if (!parse_ref(c, j, field, &s->ref, true)) {
            spec_free(s);
            return NULL;
        }
        return s;
    }
    return parse_value(c, j, field, 0);
}

static bool need(ctx_t *c, json_t *body, const char *field, json_t **out)
{
    *out = json_object_get(body, field);
    if (!*out)
        return fail(c, "missing field '%s'", field);
    return true;
}

static bool name_field(ctx_t *c, json_t *body, const char *field, const char **out)
{
    json_t *j;
    if (!need(c, body, field, &j))
        return false;
    if (!req_jstr(j) || !refpath_is_identifier(json_string_value(j)) || json_string_length(j) > MAX_NAME)
        return fail(c, "field '%s' must be a Python identifier (ASCII, not a dunder name)", field);
    *out = keep(c, json_string_value(j));
    return *out != NULL;
}

static bool ref_field(ctx_t *c, json_t *body, const char *field, heap_ref_t *ref)
{
    json_t *j;
    return need(c, body, field, &j) && parse_ref(c, j, field, ref, false);
}

static bool bool_field(ctx_t *c, json_t *body, const char *field, bool *out)
{
    json_t *j = json_object_get(body, field);
    if (!j)
        return true;
    if (!json_is_boolean(j))
        return fail(c, "field '%s' must be a boolean", field);
    *out = json_is_true(j);
    return true;
}

#define FIELDS(...) ((const char *const[]){__VA_ARGS__, "op", NULL})

static bool parse_create(ctx_t *c, json_t *body, parsed_op_t *p)
{
    heap_stmt_t *st = &p->st;
    if (!name_field(c, body, "name", &st->name))
        return false;
    /* the value: `value` alone, or a typed spec spread over the body */
    json_t *type = NULL, *value = NULL, *ref = NULL, *v;
    const char *key, *other = NULL;
    json_object_foreach(body, key, v)
    {
        if (streq(key, "type"))
            type = v;
        else if (streq(key, "value"))
            value = v;
        else if (streq(key, "ref"))
            ref = v;
        else if (!other && !is_create_field(key))
            other = key;
    }
    c->spread = body;
    if (type) {
        st->value = typed_spec(c, body, type, value, "value", 0);
    } else if (ref && !value) {
        /* {"ref": R} is a value spec too: `{"name": "a", "ref": "b"}` is `a = b` */
        st->value = parse_value(c, body, "ref", 0);
    } else if (value) {
        static const char *const vf[] = {"value", NULL};
        if (only_fields(c, body, vf, ""))
            st->value = parse_value(c, value, "value", 0);
    } else {
        c->spread = NULL;
        return other ? fail(c, "unknown field '%s'", other) : fail(c, "missing field 'value' (or 'type')");
    }
    c->spread = NULL;
    if (!st->value)
        return false;
    json_t *attrs = json_object_get(body, "attrs");
    if (attrs) {
        if (!json_is_object(attrs))
            return fail(c, "field 'attrs' must be an object of attribute name to value");
        size_t n = json_object_size(attrs), i = 0;
        st->attr_names = xcalloc(n + 1, sizeof(char *));
        st->attr_values = xcalloc(n + 1, sizeof(spec_t *));
        const char *k;
        json_t *v;
        json_object_foreach(attrs, k, v)
        {
            if (!refpath_is_identifier(k))
                return fail(c, "field 'attrs': '%.60s' is not an attribute name", k);
            st->attr_names[i] = keep(c, k);
            st->attr_values[i] = parse_value(c, v, "attrs", 0);
            if (!st->attr_values[i])
                return false;
            st->nattrs = ++i;
        }
    }
    return true;
}

static bool parse_class(ctx_t *c, json_t *body, parsed_op_t *p)
{
    heap_stmt_t *st = &p->st;
    if (!only_fields(c, body, FIELDS("name", "slots", "finalizer"), "") ||
        !name_field(c, body, "name", &st->name))
        return false;
    heap_classdef_t *d = xcalloc(1, sizeof *d);
    st->classdef = d;
    json_t *slots = json_object_get(body, "slots");
    if (slots) {
        if (!json_is_array(slots) || json_array_size(slots) > 64)
            return fail(c, "field 'slots' must be an array of at most 64 names");
        d->has_slots = true;
        d->slots = xcalloc(json_array_size(slots) + 1, sizeof(char *));
        size_t i;
        json_t *s;
        json_array_foreach(slots, i, s)
        {
            /* any str: CPython's TypeError for one that is no identifier or
               a second __dict__ (check_slots() in core/exec.c) */
            const char *v = req_jstr(s);
            if (!v || strlen(v) > MAX_NAME)
                return fail(c, "field 'slots' must hold strings of at most %d bytes", MAX_NAME);
            d->slots[i] = keep(c, v);
            d->nslots = i + 1;
        }
    }
    json_t *fin = json_object_get(body, "finalizer");
    if (fin) {
        const char *f = req_jstr(fin);
        if (f && !strcmp(f, "log"))
            d->finalizer = 1;
        else if (f && !strcmp(f, "resurrect"))
            d->finalizer = 2;
        else if (!json_is_null(fin))
            return fail(c, "field 'finalizer' must be \"log\" or \"resurrect\"");
    }
    return true;
}

static bool parse_link(ctx_t *c, json_t *body, parsed_op_t *p, bool unlink)
{
    heap_stmt_t *st = &p->st;
    const char *selectors[] = {"attr", "index", "key", unlink ? "discard" : "append", unlink ? NULL : "add"};
    json_t *found[5] = {0}, *from = NULL, *to = NULL;
    unsigned given = 0; /* the selectors present, found in one walk of the fields with from and to */
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        int i = 0;
        while (i < 5 && !(selectors[i] && streq(key, selectors[i])))
            i++;
        if (i < 5) {
            given |= 1u << i;
            found[i] = v;
        } else if (streq(key, "from")) {
            from = v;
        } else if (!unlink && streq(key, "to")) {
            to = v;
        } else if (!streq(key, "op")) { /* as only_fields() */
            return fail(c, "unknown field '%s'", key);
        }
    }
    if (!from)
        return fail(c, "missing field '%s'", "from");
    if (!parse_ref(c, from, "from", &st->a, false))
        return false;
    int chosen = -1;
    for (int i = 0; i < 5; i++)
        if (given & (1u << i)) {
            if (chosen >= 0)
                return fail(c, "fields '%s' and '%s' exclude each other", selectors[chosen], selectors[i]);
            chosen = i;
        }
    if (chosen < 0)
        return fail(c, unlink ? "missing field: one of 'attr', 'index', 'key' or 'discard'"
                              : "missing field: one of 'attr', 'index', 'key', 'append' or 'add'");
    json_t *sel = found[chosen];
    switch (chosen) {
    case 0:
        if (!req_jstr(sel) || !refpath_is_identifier(json_string_value(sel)))
            return fail(c, "field 'attr' must be an identifier (not a dunder name)");
        st->link = LK_ATTR;
        st->attr = keep(c, json_string_value(sel));
        break;
    case 1:
        if (json_is_object(sel) &&
            streq(req_jstr(json_object_get(sel, "type")) ? req_jstr(json_object_get(sel, "type")) : "",
                  "int")) {
            /* an integer past int64 (req_json_load() typed it): `F[i]` is `F[<key>]` with that int,
             * CPython's IndexError for a list, a key for a dict */
            st->link = LK_KEY;
            if (!(st->key = parse_value(c, sel, "index", 0)))
                return false;
            break;
        }
        if (!json_is_integer(sel))
            return fail(c, "field 'index' must be an integer");
        st->link = LK_INDEX;
        st->index = json_integer_value(sel);
        break;
    case 2:
        st->link = LK_KEY;
        if (!(st->key = parse_value(c, sel, "key", 0)))
            return false;
        break;
    case 3:
        if (unlink) {
            st->link = LK_DISCARD;
            if (!(st->key = parse_ref_or_value(c, sel, "discard")))
                return false;
            break;
        }
        /* fall through */
    case 4:
        if (!json_is_true(sel))
            return fail(c, "field '%s' must be true", selectors[chosen]);
        st->link = chosen == 3 ? LK_APPEND : LK_ADD;
        break;
    }
    if (!unlink) {
        if (!to)
            return fail(c, "missing field '%s'", "to");
        if (!(st->value = parse_ref_or_value(c, to, "to")))
            return false;
    }
    return true;
}

/* An int argument of gc.collect() or gc.set_threshold(): a JSON integer, or
 * the typed big int {"type": "int", "value": "<digits>"} (what req_json_load()
 * makes of an integer past int64). One past int64 is *out = INT64_MAX or
 * INT64_MIN by its sign and *big its magnitude's digits, for the statement's
 * text and CPython's OverflowError; false: no int. */
static bool int_arg(ctx_t *c, json_t *j, int64_t *out, const char **big)
{
    *big = NULL;
    if (json_is_integer(j)) {
        *out = json_integer_value(j);
        return true;
    }
    json_t *t = json_object_get(j, "type"), *v = json_object_get(j, "value");
    if (json_object_size(j) != 2 || !req_jstr(t) || !streq(json_string_value(t), "int") || !req_jstr(v) ||
        !decimal_ok(json_string_value(v)))
        return false;
    const char *text = json_string_value(v);
    errno = 0;
    long long x = strtoll(text, NULL, 10);
    *out = x;
    if (errno == ERANGE) {
        const char *d = text + (*text == '-');
        while (d[0] == '0' && d[1])
            d++;
        *big = keep(c, d);
    }
    return true;
}

static bool parse_gc(ctx_t *c, json_t *body, parsed_op_t *p)
{
    heap_stmt_t *st = &p->st;
    if (!only_fields(c, body, FIELDS("enabled", "threshold", "debug", "freeze"), ""))
        return false;
    heap_gcset_t *g = xcalloc(1, sizeof *g);
    st->gc = g;
    json_t *j;
    if ((j = json_object_get(body, "enabled"))) {
        if (!json_is_boolean(j))
            return fail(c, "field 'enabled' must be a boolean");
        g->set_enabled = 1;
        g->enabled = json_is_true(j);
    }
    if ((j = json_object_get(body, "threshold"))) {
        if (!json_is_array(j) || json_array_size(j) > 8)
            return fail(c, "field 'threshold' must be an array of integers");
        g->set_threshold = 1;
        size_t i;
        json_t *t;
        json_array_foreach(j, i, t)
        {
            if (!int_arg(c, t, &g->threshold[i], &g->threshold_big[i]))
                return fail(c, "field 'threshold' must be an array of integers");
        }
        g->nthreshold = (int)json_array_size(j);
    }
    if ((j = json_object_get(body, "debug"))) {
        if (!json_is_array(j) || json_array_size(j) > 1 ||
            (json_array_size(j) == 1 &&
             strcmp(req_jstr(json_array_get(j, 0)) ? req_jstr(json_array_get(j, 0)) : "", "saveall")))
            return fail(c, "field 'debug' must be [\"saveall\"] or []");
        g->set_debug = 1;
        g->saveall = json_array_size(j) == 1;
    }
    if ((j = json_object_get(body, "freeze"))) {
        if (!json_is_boolean(j))
            return fail(c, "field 'freeze' must be a boolean");
        g->set_freeze = 1;
        g->freeze = json_is_true(j);
    }
    return true;
}

/* One parser per operation: the body's fields into p->st (st->op is set). */
static bool parse_unlink(ctx_t *c, json_t *body, parsed_op_t *p)
{
    return parse_link(c, body, p, true);
}
static bool parse_link_op(ctx_t *c, json_t *body, parsed_op_t *p)
{
    return parse_link(c, body, p, false);
}

/* assign: `name = <to>` */
static bool parse_assign(ctx_t *c, json_t *body, parsed_op_t *p)
{
    json_t *j;
    return only_fields(c, body, FIELDS("name", "to"), "") && name_field(c, body, "name", &p->st.name) &&
           need(c, body, "to", &j) && (p->st.value = parse_ref_or_value(c, j, "to")) != NULL;
}

/* del: `del a, b` */
static bool parse_del(ctx_t *c, json_t *body, parsed_op_t *p)
{
    heap_stmt_t *st = &p->st;
    if (!only_fields(c, body, FIELDS("names", "name"), ""))
        return false;
    json_t *names = json_object_get(body, "names"), *name = json_object_get(body, "name");
    if ((names != NULL) == (name != NULL))
        return fail(c, "give exactly one of 'names' (array) or 'name'");
    if (name) {
        st->names = xcalloc(1, sizeof(char *));
        st->nnames = 1;
        return name_field(c, body, "name", &st->names[0]);
    }
    if (!json_is_array(names) || json_array_size(names) == 0 || json_array_size(names) > 10000)
        return fail(c, "field 'names' must be a non-empty array of names");
    st->names = xcalloc(json_array_size(names), sizeof(char *));
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n)
    {
        if (!req_jstr(n) || !refpath_is_identifier(json_string_value(n)))
            return fail(c, "field 'names' must hold identifiers");
        st->names[i] = keep(c, json_string_value(n));
        st->nnames = i + 1;
    }
    return true;
}

/* collect: `gc.collect(g)` */
static bool parse_collect(ctx_t *c, json_t *body, parsed_op_t *p)
{
    json_t *j;
    p->st.generation = 2;
    if (!only_fields(c, body, FIELDS("generation"), ""))
        return false;
    if ((j = json_object_get(body, "generation"))) {
        p->st.generation_given = true;
        if (!int_arg(c, j, &p->st.generation, &p->st.generation_big))
            return fail(c, "field 'generation' must be an integer");
    }
    return true;
}

/* sizeof: `sys.getsizeof(r)`, or the deep size */
static bool parse_sizeof(ctx_t *c, json_t *body, parsed_op_t *p)
{
    return only_fields(c, body, FIELDS("ref", "deep"), "") && ref_field(c, body, "ref", &p->st.a) &&
           bool_field(c, body, "deep", &p->st.deep);
}

/* getrefcount, id, len, deref: one reference `r` */
static bool parse_one_ref(ctx_t *c, json_t *body, parsed_op_t *p)
{
    return only_fields(c, body, FIELDS("ref"), "") && ref_field(c, body, "ref", &p->st.a);
}

/* is, eq: `a is b`, `a == b` */
static bool parse_two_refs(ctx_t *c, json_t *body, parsed_op_t *p)
{
    return only_fields(c, body, FIELDS("a", "b"), "") && ref_field(c, body, "a", &p->st.a) &&
           ref_field(c, body, "b", &p->st.b);
}

/* contains: `<key> in r` */
static bool parse_contains(ctx_t *c, json_t *body, parsed_op_t *p)
{
    json_t *j;
    return only_fields(c, body, FIELDS("in", "key"), "") && ref_field(c, body, "in", &p->st.a) &&
           need(c, body, "key", &j) && (p->st.value = parse_value(c, j, "key", 0)) != NULL;
}

/* intern: `name = sys.intern(<value>)` */
static bool parse_intern(ctx_t *c, json_t *body, parsed_op_t *p)
{
    json_t *j;
    return only_fields(c, body, FIELDS("name", "value"), "") && name_field(c, body, "name", &p->st.name) &&
           need(c, body, "value", &j) && (p->st.value = parse_value(c, j, "value", 0)) != NULL;
}

/* weakref: `name = weakref.ref(<target>[, cb])` */
static bool parse_weakref(ctx_t *c, json_t *body, parsed_op_t *p)
{
    json_t *j;
    return only_fields(c, body, FIELDS("name", "target", "callback"), "") &&
           name_field(c, body, "name", &p->st.name) && need(c, body, "target", &j) &&
           (p->st.value = parse_ref_or_value(c, j, "target")) != NULL &&
           bool_field(c, body, "callback", &p->st.callback);
}

/* The operations of API.md: the path's last segment (or a batch member's
 * "op"), the statement it is, and its body's parser. */
static const struct op_def {
    const char *name;
    op_t op;
    bool (*parse)(ctx_t *c, json_t *body, parsed_op_t *p);
} op_table[] = {
    {"create", OP_CREATE, parse_create},
    {"class", OP_CLASS, parse_class},
    {"assign", OP_ASSIGN, parse_assign},
    {"link", OP_LINK, parse_link_op},
    {"unlink", OP_UNLINK, parse_unlink},
    {"del", OP_DEL, parse_del},
    {"collect", OP_COLLECT, parse_collect},
    {"sizeof", OP_SIZEOF, parse_sizeof},
    {"getrefcount", OP_GETREFCOUNT, parse_one_ref},
    {"id", OP_ID, parse_one_ref},
    {"is", OP_IS, parse_two_refs},
    {"eq", OP_EQ, parse_two_refs},
    {"len", OP_LEN, parse_one_ref},
    {"contains", OP_CONTAINS, parse_contains},
    {"intern", OP_INTERN, parse_intern},
    {"weakref", OP_WEAKREF, parse_weakref},
    {"deref", OP_DEREF, parse_one_ref},
    {"gc", OP_GC, parse_gc},
};

static const struct op_def *find_op(const char *name)
{
    for (size_t i = 0; i < sizeof op_table / sizeof op_table[0]; i++)
        if (streq(op_table[i].name, name))
            return &op_table[i];
    return NULL;
}

bool req_is_op(const char *op)
{
    return find_op(op) != NULL;
}

bool req_parse_op(const char *op, json_t *body, bool in_batch, req_pool_t *pool, parsed_op_t *p, char *err,
                  size_t errlen)
{
    ctx_t c = {err, errlen, 0, pool, NULL};
    memset(p, 0, sizeof *p);
    if (!json_is_object(body))
        return fail(&c, "the body must be a JSON object");
    if (!in_batch && json_object_get(body, "op"))
        return fail(&c, "unknown field '%s'", "op");
    const struct op_def *d = find_op(op);
    if (!d)
        return fail(&c, "unknown operation '%s'", op);
    p->body = pool ? NULL : json_incref(body);
    p->st.op = d->op;
    return d->parse(&c, body, p);
}

void req_free(parsed_op_t *p)
{
    heap_stmt_t *st = &p->st;
    spec_free(st->value);
    spec_free(st->key);
    for (size_t i = 0; i < st->nattrs; i++)
        spec_free(st->attr_values[i]);
    free(st->attr_values);
    free(st->attr_names);
    free(st->names);
    if (st->classdef)
        free(st->classdef->slots);
    free((void *)st->classdef);
    free((void *)st->gc);
    json_decref(p->body);
    memset(p, 0, sizeof *p);
}

/* jansson's "a, b" of the fields left unpacked: "unknown field 'a'" or
 * "unknown fields 'a', 'b'" (cut, with "...", where msg ends) */
static void unknown_fields(char *msg, size_t cap, const char *list)
{
    bool several = strstr(list, ", ") != NULL;
    size_t n = (size_t)snprintf(msg, cap, "unknown field%s '", several ? "s" : "");
    for (const char *p = list; *p && n + 8 < cap; p++) {
        if (p[0] == ',' && p[1] == ' ') {
            n += (size_t)snprintf(msg + n, cap - n, "', '");
            p++;
        } else {
            msg[n++] = *p;
        }
    }
    snprintf(msg + n, cap - n, n + 8 < cap ? "'" : "...'");
}

const char *req_unpack_message(const json_error_t *e)
{
    static _Thread_local char msg[300];
    const char *t = e->text;
    if (!strncmp(t, "Object item not found: ", 23))
        snprintf(msg, sizeof msg, "missing field '%.200s'", t + 23);
    else if (strstr(t, "object item(s) left unpacked: "))
        unknown_fields(msg, sizeof msg, strstr(t, ": ") + 2);
    else
        snprintf(msg, sizeof msg, "%.250s", t);
    return msg;
}

/* JSON numbers past what jansson holds ------------------------------------------------ */

/* Whether the integer token [p, p + n) (an optional '-', then digits) is
 * outside int64: jansson's "too big integer". */
static bool past_int64(const char *p, size_t n)
{
    bool neg = *p == '-';
    const char *d = p + neg;
    size_t nd = n - neg;
    const char *lim = neg ? "9223372036854775808" : "9223372036854775807";
    return nd > 19 || (nd == 19 && memcmp(d, lim, 19) > 0);
}

/* The body with every integer token past int64 written as the typed big
 * int spec {"type": "int", "value": "<digits>"}, and every real past the
 * double range as {"type": "float", "value": "<its text>"}, or NULL when
 * there is none. Strings are skipped whole (escapes included). */
static char *big_numbers_typed(const char *buf, size_t len, size_t *out_len)
{
    strbuf_t sb;
    sb_init(&sb);
    size_t done = 0, i = 0;
    bool any = false;
    while (i < len) {
        char ch = buf[i];
        if (ch == '"') {
            for (i++; i < len && buf[i] != '"'; i++)
                if (buf[i] == '\\')
                    i++;
            i++;
            continue;
        }
        if (ch != '-' && !isdigit((unsigned char)ch)) {
            i++;
            continue;
        }
        size_t start = i, n = number_token(buf + i, len - i);
        if (!n) {
            i++;
            continue;
        }
        i += n;
        bool integer =
            !memchr(buf + start, '.', n) && !memchr(buf + start, 'e', n) && !memchr(buf + start, 'E', n);
        const char *type = integer ? (past_int64(buf + start, n) ? "int" : NULL)
                                   : (real_overflows(buf + start, n) ? "float" : NULL);
        if (type) {
            sb_putn(&sb, buf + done, start - done);
            sb_puts(&sb, "{\"type\": \"");
            sb_puts(&sb, type);
            sb_puts(&sb, "\", \"value\": \"");
            sb_putn(&sb, buf + start, n);
            sb_puts(&sb, "\"}");
            done = i;
            any = true;
        }
    }
    if (!any) {
        sb_free(&sb);
        return NULL;
    }
    sb_putn(&sb, buf + done, len - done);
    *out_len = sb.len;
    return sb_take(&sb);
}

/* Lone surrogates. Python's json reads "\ud800" as the str '\ud800'; jansson
 * refuses an escape of a surrogate that is not half of a pair. So a body it
 * refuses for that is parsed again with every string marked: U+FFFF (the
 * marker, a noncharacter) followed by 's' and the surrogate's four hex
 * digits stands for it, and U+FFFF followed by '0' for a U+FFFF of the body
 * (escaped or not), so that the marking can be undone exactly. Then every
 * string and object key holding the marker is rewritten to the generalized
 * UTF-8 a str holds (a surrogate as its 3-byte form, as the Python source's
 * '\ud800' is: pylex_literal.c). Keys cannot carry a NUL (jansson), hence
 * no NUL as the marker. */
#define MARK "\uffff"

static int hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = (unsigned char)p[i];
        int d = isdigit(c)               ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The body with every string marked as above, or NULL when it holds no
 * lone surrogate escape. */
static char *surrogates_marked(const char *buf, size_t len, size_t *out_len)
{
    strbuf_t sb;
    sb_init(&sb);
    const char *p = buf, *end = buf + len, *done = buf;
    bool any = false, in_string = false;
    while (p < end) {
        unsigned char ch = (unsigned char)*p;
        if (!in_string) {
            in_string = ch == '"';
            p++;
            continue;
        }
        if (ch == '"') {
            in_string = false;
            p++;
        } else if (ch == 0xEF && end - p >= 3 && (unsigned char)p[1] == 0xBF && (unsigned char)p[2] == 0xBF) {
            sb_putn(&sb, done, (size_t)(p - done));
            sb_puts(&sb, MARK "0");
            done = p += 3;
        } else if (ch != '\\' || end - p < 2) {
            p++;
        } else if (p[1] != 'u') {
            p += 2;
        } else {
            int v = hex4(p + 2, end);
            bool pair = v >= 0xD800 && v < 0xDC00 && end - p >= 12 && p[6] == '\\' && p[7] == 'u' &&
                        hex4(p + 8, end) >= 0xDC00 && hex4(p + 8, end) < 0xE000;
            if (pair) {
                p += 12;
            } else if (v == 0xFFFF || (v >= 0xD800 && v < 0xE000)) {
                sb_putn(&sb, done, (size_t)(p - done));
                if (v == 0xFFFF) {
                    sb_puts(&sb, MARK "0");
                } else {
                    sb_printf(&sb, MARK "s%04x", v);
                    any = true;
                }
                done = p += 6;
            } else {
                p += 2;
            }
        }
    }
    if (!any) {
        sb_free(&sb);
        return NULL;
    }
    sb_putn(&sb, done, (size_t)(end - done));
    *out_len = sb.len;
    return sb_take(&sb);
}

/* s (n bytes) with the marking undone, in out (at least n bytes); its length */
static size_t unmark(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (n - i >= 4 && !memcmp(s + i, "\xEF\xBF\xBF", 3)) {
            if (s[i + 3] == 's' && n - i >= 8) {
                int v = hex4(s + i + 4, s + n);
                out[o++] = (char)(0xE0 | (v >> 12));
                out[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
                out[o++] = (char)(0x80 | (v & 0x3F));
                i += 8;
            } else { /* '0' */
                memcpy(out + o, "\xEF\xBF\xBF", 3);
                o += 3;
                i += 4;
            }
            continue;
        }
        out[o++] = s[i++];
    }
    return o;
}

static bool marked(const char *s, size_t n)
{
    return n >= 4 && memmem(s, n, "\xEF\xBF\xBF", 3) != NULL;
}

/* Undoes the marking in every string and key of j (objects rebuilt in their
 * order when a key changes). */
static void unmark_all(json_t *j)
{
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        size_t n = json_string_length(j);
        if (marked(s, n)) {
            char *t = malloc(n);
            if (t)
                json_string_setn_nocheck(j, t, unmark(s, n, t));
            free(t);
        }
    } else if (json_is_array(j)) {
        for (size_t i = 0; i < json_array_size(j); i++)
            unmark_all(json_array_get(j, i));
    } else if (json_is_object(j)) {
        bool keys = false;
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
        {
            unmark_all(v);
            keys |= marked(k, strlen(k));
        }
        if (!keys)
            return;
        json_t *copy = json_object();
        json_object_foreach(j, k, v)
        {
            size_t n = strlen(k);
            char *t = malloc(n + 1);
            if (t) {
                t[unmark(k, n, t)] = 0;
                json_object_set_nocheck(copy, t, v);
            }
            free(t);
        }
        json_object_clear(j);
        json_object_foreach(copy, k, v)
        {
            json_object_set_nocheck(j, k, v); /* no key holds a NUL */
        }
        json_decref(copy);
    }
}

/* json_loadb() with integers past int64 typed (big_numbers_typed()) */
static json_t *load_numbers(const char *buf, size_t len, size_t flags, json_error_t *err)
{
    json_t *j = json_loadb(buf, len, flags, err);
    if (j || json_error_code(err) != json_error_numeric_overflow)
        return j;
    size_t n;
    char *typed = big_numbers_typed(buf, len, &n);
    if (!typed)
        return NULL;
    json_error_t e2;
    j = json_loadb(typed, n, flags, &e2); /* a failure keeps the first error: its place is the body's */
    free(typed);
    return j;
}

/* Python's json reads a lone surrogate escape and an integer past int64 alike,
 * in any order: a body whose first error is an integer past int64 may hold a
 * lone surrogate later (its typed retry in load_numbers() then failed on it),
 * so both errors lead to the surrogate marking, whose text load_numbers()
 * types again. */
json_t *req_json_load(const char *buf, size_t len, size_t flags, json_error_t *err)
{
    json_t *j = load_numbers(buf, len, flags, err);
    if (j || (strncmp(err->text, "invalid Unicode", 15) != 0 &&
              json_error_code(err) != json_error_numeric_overflow))
        return j;
    size_t n;
    char *text = surrogates_marked(buf, len, &n);
    if (!text)
        return NULL;
    json_error_t e2;
    j = load_numbers(text, n, flags, &e2); /* a failure keeps the first error, as above */
    free(text);
    if (j)
        unmark_all(j);
    return j;
}
