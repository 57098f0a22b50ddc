/*
 * test_fast.c — the parser's fast path against its two-pass parse: every
 * source parses with and without PYPARSE_NO_FAST to the same outcome (status,
 * error and positions, or the same tree: every node's kind, fields, context
 * and positions, and every statement's source span).
 *
 *   test_fast DIR|FILE.py|CORPUS.json ...   (a .json: the golden corpus of a
 *   version, named 3.1x.json; files and directories: every version)
 * Ends with "N passed, N failed".
 */
#include "pyparse.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *buf;
    size_t len, cap;
} out_t;

static void put(out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out_t *o, const char *fmt, ...)
{
    va_list ap;
    if (!o->buf) {
        o->cap = 4096;
        o->buf = malloc(o->cap);
    }
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && o->len + (size_t)n < o->cap) {
            o->len += (size_t)n;
            return;
        }
        o->cap = o->cap ? o->cap * 2 + (size_t)n : 4096 + (size_t)n;
        o->buf = realloc(o->buf, o->cap);
    }
}

static void expr(out_t *o, const pyparse_expr_t *e);
static void stmts(out_t *o, const pyparse_stmts_t *s);

static void exprs(out_t *o, const pyparse_exprs_t *v)
{
    put(o, "[");
    for (size_t i = 0; i < v->n; i++)
        expr(o, v->items[i]);
    put(o, "]");
}

static void pos(out_t *o, int l, int c, int el, int ec)
{
    put(o, "@%d:%d-%d:%d", l, c, el, ec);
}

static void keywords(out_t *o, size_t n, pyparse_keyword_t **k)
{
    put(o, "{");
    for (size_t i = 0; i < n; i++) {
        put(o, "kw(%s", k[i]->arg ? k[i]->arg : "**");
        pos(o, k[i]->lineno, k[i]->col_offset, k[i]->end_lineno, k[i]->end_col_offset);
        expr(o, k[i]->value);
        put(o, ")");
    }
    put(o, "}");
}

static void arg(out_t *o, const pyparse_arg_t *a)
{
    if (!a) {
        put(o, "-");
        return;
    }
    put(o, "arg(%s", a->arg);
    pos(o, a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
    expr(o, a->annotation);
    put(o, ")");
}

static void arguments(out_t *o, const pyparse_arguments_t *a)
{
    if (!a) {
        put(o, "noargs");
        return;
    }
    put(o, "args(");
    for (size_t i = 0; i < a->n_posonly; i++)
        arg(o, a->posonlyargs[i]);
    put(o, "/");
    for (size_t i = 0; i < a->n_args; i++)
        arg(o, a->args[i]);
    put(o, "*");
    arg(o, a->vararg);
    for (size_t i = 0; i < a->n_kwonly; i++) {
        arg(o, a->kwonlyargs[i]);
        expr(o, a->kw_defaults ? a->kw_defaults[i] : NULL);
    }
    put(o, "**");
    arg(o, a->kwarg);
    exprs(o, &a->defaults);
    put(o, ")");
}

static void constant(out_t *o, const pyparse_const_t *k)
{
    put(o, "const%d(", (int)k->kind);
    switch (k->kind) {
    case PYCONST_INT: put(o, "%s", k->str); break;
    case PYCONST_FLOAT:
    case PYCONST_COMPLEX: put(o, "%a", k->d); break;
    case PYCONST_STR:
    case PYCONST_BYTES:
        put(o, "%zu:", k->len);
        for (size_t i = 0; i < k->len; i++)
            put(o, "%02x", (unsigned char)k->str[i]);
        break;
    default: break;
    }
    put(o, "%s)", k->unsupported ? "!" : "");
}

static void expr(out_t *o, const pyparse_expr_t *e)
{
    if (!e) {
        put(o, "_");
        return;
    }
    put(o, "(%s", pyparse_expr_kind_name(e->kind));
    pos(o, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset);
    switch (e->kind) {
    case PYEXPR_BOOLOP:
        put(o, " %d", (int)e->v.boolop.op);
        exprs(o, &e->v.boolop.values);
        break;
    case PYEXPR_NAMEDEXPR:
        expr(o, e->v.namedexpr.target);
        expr(o, e->v.namedexpr.value);
        break;
    case PYEXPR_BINOP:
        expr(o, e->v.binop.left);
        put(o, " %d", (int)e->v.binop.op);
        expr(o, e->v.binop.right);
        break;
    case PYEXPR_UNARYOP:
        put(o, " %d", (int)e->v.unaryop.op);
        expr(o, e->v.unaryop.operand);
        break;
    case PYEXPR_LAMBDA:
        arguments(o, e->v.lambda.args);
        expr(o, e->v.lambda.body);
        break;
    case PYEXPR_IFEXP:
        expr(o, e->v.ifexp.test);
        expr(o, e->v.ifexp.body);
        expr(o, e->v.ifexp.orelse);
        break;
    case PYEXPR_DICT:
        exprs(o, &e->v.dict.keys);
        exprs(o, &e->v.dict.values);
        break;
    case PYEXPR_SET: exprs(o, &e->v.set.elts); break;
    case PYEXPR_LISTCOMP:
    case PYEXPR_SETCOMP:
    case PYEXPR_DICTCOMP:
    case PYEXPR_GENERATOREXP:
        expr(o, e->v.comp.elt);
        expr(o, e->v.comp.value);
        for (size_t i = 0; i < e->v.comp.n_generators; i++) {
            const pyparse_comprehension_t *g = e->v.comp.generators[i];
            put(o, "for%d", g->is_async);
            expr(o, g->target);
            expr(o, g->iter);
            exprs(o, &g->ifs);
        }
        break;
    case PYEXPR_AWAIT:
    case PYEXPR_YIELD:
    case PYEXPR_YIELDFROM: expr(o, e->v.await.value); break;
    case PYEXPR_COMPARE:
        expr(o, e->v.compare.left);
        for (size_t i = 0; i < e->v.compare.n; i++) {
            put(o, " %d", (int)e->v.compare.ops[i]);
            expr(o, e->v.compare.comparators[i]);
        }
        break;
    case PYEXPR_CALL:
        expr(o, e->v.call.func);
        exprs(o, &e->v.call.args);
        keywords(o, e->v.call.n_keywords, e->v.call.keywords);
        break;
    case PYEXPR_FORMATTEDVALUE:
        expr(o, e->v.formattedvalue.value);
        put(o, " %d", e->v.formattedvalue.conversion);
        expr(o, e->v.formattedvalue.format_spec);
        break;
    case PYEXPR_JOINEDSTR: exprs(o, &e->v.joinedstr.values); break;
    case PYEXPR_CONSTANT: constant(o, &e->v.constant); break;
    case PYEXPR_ATTRIBUTE:
        expr(o, e->v.attribute.value);
        put(o, " .%s %d", e->v.attribute.attr, (int)e->v.attribute.ctx);
        break;
    case PYEXPR_SUBSCRIPT:
        expr(o, e->v.subscript.value);
        expr(o, e->v.subscript.slice);
        put(o, " %d", (int)e->v.subscript.ctx);
        break;
    case PYEXPR_STARRED:
        expr(o, e->v.starred.value);
        put(o, " %d", (int)e->v.starred.ctx);
        break;
    case PYEXPR_NAME: put(o, " %s %d", e->v.name.id, (int)e->v.name.ctx); break;
    case PYEXPR_LIST:
    case PYEXPR_TUPLE:
        exprs(o, &e->v.tuple.elts);
        put(o, " %d", (int)e->v.tuple.ctx);
        break;
    case PYEXPR_SLICE:
        expr(o, e->v.slice.lower);
        expr(o, e->v.slice.upper);
        expr(o, e->v.slice.step);
        break;
    default: break;
    }
    put(o, ")");
}

static void stmt(out_t *o, const pyparse_stmt_t *s)
{
    put(o, "\n(%s", pyparse_stmt_kind_name(s->kind));
    pos(o, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset);
    put(o, " span %zu-%zu ", s->src_start, s->src_end);
    switch (s->kind) {
    case PYSTMT_FUNCTIONDEF:
    case PYSTMT_ASYNCFUNCTIONDEF:
        put(o, "%s", s->v.functiondef.name);
        arguments(o, s->v.functiondef.args);
        stmts(o, &s->v.functiondef.body);
        exprs(o, &s->v.functiondef.decorator_list);
        expr(o, s->v.functiondef.returns);
        put(o, "tp%zu", s->v.functiondef.type_params.n);
        break;
    case PYSTMT_CLASSDEF:
        put(o, "%s", s->v.classdef.name);
        exprs(o, &s->v.classdef.bases);
        keywords(o, s->v.classdef.n_keywords, s->v.classdef.keywords);
        stmts(o, &s->v.classdef.body);
        exprs(o, &s->v.classdef.decorator_list);
        put(o, "tp%zu", s->v.classdef.type_params.n);
        break;
    case PYSTMT_RETURN:
    case PYSTMT_EXPR: expr(o, s->v.expr.value); break;
    case PYSTMT_DELETE: exprs(o, &s->v.delete_.targets); break;
    case PYSTMT_ASSIGN:
        exprs(o, &s->v.assign.targets);
        expr(o, s->v.assign.value);
        break;
    case PYSTMT_AUGASSIGN:
        expr(o, s->v.augassign.target);
        put(o, " %d", (int)s->v.augassign.op);
        expr(o, s->v.augassign.value);
        break;
    case PYSTMT_ANNASSIGN:
        expr(o, s->v.annassign.target);
        expr(o, s->v.annassign.annotation);
        expr(o, s->v.annassign.value);
        put(o, " %d", s->v.annassign.simple);
        break;
    case PYSTMT_FOR:
    case PYSTMT_ASYNCFOR:
        expr(o, s->v.for_.target);
        expr(o, s->v.for_.iter);
        stmts(o, &s->v.for_.body);
        stmts(o, &s->v.for_.orelse);
        break;
    case PYSTMT_WHILE:
    case PYSTMT_IF:
        expr(o, s->v.if_.test);
        stmts(o, &s->v.if_.body);
        stmts(o, &s->v.if_.orelse);
        break;
    case PYSTMT_WITH:
    case PYSTMT_ASYNCWITH:
        for (size_t i = 0; i < s->v.with.n_items; i++) {
            expr(o, s->v.with.context_exprs[i]);
            expr(o, s->v.with.optional_vars[i]);
        }
        stmts(o, &s->v.with.body);
        break;
    case PYSTMT_RAISE:
        expr(o, s->v.raise.exc);
        expr(o, s->v.raise.cause);
        break;
    case PYSTMT_TRY:
    case PYSTMT_TRYSTAR:
        stmts(o, &s->v.try_.body);
        for (size_t i = 0; i < s->v.try_.n_handlers; i++) {
            const pyparse_excepthandler_t *h = s->v.try_.handlers[i];
            put(o, "except %s", h->name ? h->name : "-");
            pos(o, h->lineno, h->col_offset, h->end_lineno, h->end_col_offset);
            expr(o, h->type);
            stmts(o, &h->body);
        }
        stmts(o, &s->v.try_.orelse);
        stmts(o, &s->v.try_.finalbody);
        break;
    case PYSTMT_ASSERT:
        expr(o, s->v.assert_.test);
        expr(o, s->v.assert_.msg);
        break;
    case PYSTMT_IMPORT:
    case PYSTMT_IMPORTFROM:
        put(o, "%s %d", s->v.import.module ? s->v.import.module : "-", s->v.import.level);
        for (size_t i = 0; i < s->v.import.n; i++) {
            const pyparse_alias_t *a = s->v.import.names[i];
            put(o, " %s as %s", a->name, a->asname ? a->asname : "-");
            pos(o, a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
        }
        break;
    case PYSTMT_GLOBAL:
    case PYSTMT_NONLOCAL:
        for (size_t i = 0; i < s->v.global.n; i++)
            put(o, " %s", s->v.global.names[i]);
        break;
    case PYSTMT_MATCH:
        expr(o, s->v.match.subject);
        for (size_t i = 0; i < s->v.match.n_cases; i++) {
            expr(o, s->v.match.cases[i]->guard);
            stmts(o, &s->v.match.cases[i]->body);
        }
        break;
    case PYSTMT_TYPEALIAS:
        expr(o, s->v.typealias.name);
        expr(o, s->v.typealias.value);
        break;
    default: break;
    }
    put(o, ")");
}

static void stmts(out_t *o, const pyparse_stmts_t *s)
{
    put(o, "[");
    for (size_t i = 0; i < s->n; i++)
        stmt(o, s->items[i]);
    put(o, "]");
}

/* The whole outcome of a parse as text. */
static char *outcome(const pyparse_result_t *r)
{
    out_t o = {0};
    put(&o, "status %d\n", (int)r->status);
    if (r->status == PYPARSE_OK) {
        stmts(&o, &r->module);
        put(&o, "\nsource %zu", r->source_len);
    } else {
        put(&o, "%s: %s (%d, %d, %d, %d)", r->error.type ? r->error.type : "-",
            r->error.msg ? r->error.msg : "", r->error.lineno, r->error.offset, r->error.end_lineno,
            r->error.end_offset);
    }
    return o.buf;
}

static int passed, failed, fast_taken;

static void check(const char *name, const char *src, size_t len, int version, int flags)
{
    pyparse_result_t *a = pyparse(src, len, version, flags);
    pyparse_result_t *b = pyparse(src, len, version, flags | PYPARSE_NO_FAST);
    char *x = outcome(a), *y = outcome(b);
    if (strcmp(x, y) == 0) {
        passed++;
    } else {
        failed++;
        if (failed <= 10) {
            size_t i = 0;
            while (x[i] && x[i] == y[i])
                i++;
            size_t from = i > 200 ? i - 200 : 0;
            printf("FAIL %s (%d)\n  fast:      ...%.400s\n  two-pass:  ...%.400s\n", name, version, x + from,
                   y + from);
        }
    }
    if (a->status == PYPARSE_OK && a->cost < b->cost)
        fast_taken++;
    free(x);
    free(y);
    pyparse_free(a);
    pyparse_free(b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = 0;
    fclose(f);
    return s;
}

static const int versions[] = {310, 311, 312, 313};

static void file(const char *path)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        return;
    for (int v = 0; v < 4; v++)
        check(path, s, len, versions[v], PYPARSE_BYTES);
    free(s);
}

static void walk(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        size_t n = strlen(path);
        if (n > 3 && !strcmp(path + n - 3, ".py"))
            file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        walk(sub);
    }
    closedir(d);
}

static void corpus(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int version = 300 + atoi(base + 2);
    json_error_t err;
    json_t *c = json_load_file(path, 0, &err);
    if (!c) {
        printf("FAIL %s: %s\n", path, err.text);
        failed++;
        return;
    }
    json_t *items = json_is_array(c) ? c : json_object_get(c, "cases");
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        json_t *s = json_object_get(item, "source");
        if (!json_is_string(s))
            continue; /* the bytes cases: the files cover bytes */
        char name[64];
        snprintf(name, sizeof name, "%s#%zu", base, i);
        check(name, json_string_value(s), json_string_length(s), version, 0);
    }
    json_decref(c);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (n > 5 && !strcmp(argv[i] + n - 5, ".json"))
            corpus(argv[i]);
        else
            walk(argv[i]);
    }
    printf("(the fast path read %d of the sources)\n", fast_taken);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
