/*
 * pyparse_check.c — the SyntaxErrors compile() raises after a successful
 * parse, in CPython's order:
 *   1. future imports (Python/future.c, future_parse());
 *   2. the symbol table (Python/symtable.c): the build pass
 *      (symtable_visit_stmt/expr: duplicate arguments and type parameters,
 *      global and nonlocal declarations, import *, assignment expressions in
 *      comprehensions, yield in comprehensions, yield/await/walrus in
 *      annotation and type-parameter scopes), then the analysis pass
 *      (analyze_name(): nonlocal bindings);
 *   3. code generation (Python/compile.c): 'return'/'yield'/'await' outside
 *      a (async) function, async constructs outside async functions,
 *      'break'/'continue' outside a loop, starred expressions, repeated
 *      keywords, __debug__ targets, late __future__ imports, bare except
 *      not last.
 * Positions are AST byte columns + 1, as these passes report them (they do
 * not convert to characters). Where 3.12 changed which node an error points
 * at, the profile's c_* fields say so.
 */
#include "pyparse_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static int set_err(parser_t *p, int l, int c, int el, int ec, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static int set_err(parser_t *p, int l, int c, int el, int ec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err.msg, sizeof p->err.msg, fmt, ap);
    va_end(ap);
    p->err.set = 1;
    p->err.type = "SyntaxError";
    p->err.lineno = l;
    p->err.offset = c;
    p->err.end_lineno = el;
    p->err.end_offset = ec;
    p->err.from_tokenizer = 0;
    return -1;
}

/* The location of a node as the symtable and compiler report it. */
#define NODE_ERR(p, n, ...)                                                                                  \
    set_err((p), (n)->lineno, (n)->col_offset + 1, (n)->end_lineno, (n)->end_col_offset + 1, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* 1. Future imports (future.c)                                         */
/* ------------------------------------------------------------------ */

static const char *const future_features[] = {
    "nested_scopes",  "generators",       "division",       "absolute_import", "with_statement",
    "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop",  "annotations"};

/* The first statement is a docstring (_PyAST_GetDocString()). */
static int is_docstring(const pyparse_stmt_t *s)
{
    return s->kind == PYSTMT_EXPR && s->v.expr.value->kind == PYEXPR_CONSTANT &&
           s->v.expr.value->v.constant.kind == PYCONST_STR;
}

/* Mirrors future_parse() and future_check_features(); *ff_lineno receives the
   line of the last future import (for the compiler's "must occur" check) and
   *ff_annotations whether "annotations" (CO_FUTURE_ANNOTATIONS) was imported. */
static int check_future(parser_t *p, pyparse_stmts_t *mod, int *ff_lineno, int *ff_annotations)
{
    *ff_lineno = -1;
    *ff_annotations = 0;
    size_t i = 0;
    int done = 0, prev_line = 0;
    if (mod->n && is_docstring(mod->items[0]))
        i++;
    for (; i < mod->n; i++) {
        pyparse_stmt_t *s = mod->items[i];
        if (done && s->lineno > prev_line)
            return 0;
        prev_line = s->lineno;
        if (s->kind == PYSTMT_IMPORTFROM && s->v.import.module &&
            strcmp(s->v.import.module, "__future__") == 0) {
            if (done)
                return set_err(p, s->lineno, s->col_offset, s->lineno, PYPARSE_NONE,
                               "from __future__ imports must occur at the beginning of the file");
            for (size_t k = 0; k < s->v.import.n; k++) {
                const char *f = s->v.import.names[k]->name;
                int known = 0;
                for (size_t j = 0; j < sizeof future_features / sizeof future_features[0]; j++)
                    known |= strcmp(f, future_features[j]) == 0;
                if (known) {
                    *ff_annotations |= strcmp(f, "annotations") == 0;
                    continue;
                }
                if (strcmp(f, "braces") == 0)
                    return set_err(p, s->lineno, s->col_offset + 1, s->lineno, PYPARSE_NONE, "not a chance");
                return set_err(p, s->lineno, s->col_offset + 1, s->lineno, PYPARSE_NONE,
                               "future feature %.100s is not defined", f);
            }
            *ff_lineno = s->lineno;
        } else {
            done = 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* 1b. The AST optimizer's recursion guard (ast_opt.c)                  */
/* ------------------------------------------------------------------ */

/*
 * _PyAST_Optimize() runs between the future check and the symbol table and
 * raises RecursionError when statements and expressions nest deeper than
 * its limit (astfold_stmt/astfold_expr each count one level). The limit is
 * the C recursion limit scaled, less the depth compile() is called from;
 * these are the values for a call from a script's top level.
 */
static int fold_exprs(pyparse_exprs_t *v, int d, int lim);
static int fold_stmts(pyparse_stmts_t *v, int d, int lim);
static int fold_expr(pyparse_expr_t *e, int d, int lim);

static int fold_opt(pyparse_expr_t *e, int d, int lim)
{
    return e ? fold_expr(e, d, lim) : 0;
}

/* arguments: defaults and annotations (astfold_arguments / astfold_arg) */
static int fold_args(pyparse_arguments_t *a, int d, int lim)
{
    pyparse_arg_t **lists[] = {a->posonlyargs, a->args, a->kwonlyargs};
    size_t ns[] = {a->n_posonly, a->n_args, a->n_kwonly};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < ns[k]; i++)
            if (fold_opt(lists[k][i]->annotation, d, lim))
                return 1;
    if ((a->vararg && fold_opt(a->vararg->annotation, d, lim)) ||
        (a->kwarg && fold_opt(a->kwarg->annotation, d, lim)))
        return 1;
    if (fold_exprs(&a->defaults, d, lim))
        return 1;
    for (size_t i = 0; i < a->n_kwonly; i++)
        if (fold_opt(a->kw_defaults[i], d, lim))
            return 1;
    return 0;
}

static int fold_keywords(pyparse_keyword_t **kw, size_t n, int d, int lim)
{
    for (size_t i = 0; i < n; i++)
        if (fold_expr(kw[i]->value, d, lim))
            return 1;
    return 0;
}

static int fold_type_params(pyparse_type_params_t *t, int d, int lim)
{
    for (size_t i = 0; i < t->n; i++)
        if (fold_opt(t->items[i]->bound, d, lim) || fold_opt(t->items[i]->default_value, d, lim))
            return 1;
    return 0;
}

/* 1 when e (at depth d - 1) nests past lim. */
static int fold_expr(pyparse_expr_t *e, int d, int lim)
{
    if (++d > lim)
        return 1;
    switch (e->kind) {
    case PYEXPR_BOOLOP: return fold_exprs(&e->v.boolop.values, d, lim);
    case PYEXPR_NAMEDEXPR:
        return fold_expr(e->v.namedexpr.target, d, lim) || fold_expr(e->v.namedexpr.value, d, lim);
    case PYEXPR_BINOP: return fold_expr(e->v.binop.left, d, lim) || fold_expr(e->v.binop.right, d, lim);
    case PYEXPR_UNARYOP: return fold_expr(e->v.unaryop.operand, d, lim);
    case PYEXPR_LAMBDA: return fold_args(e->v.lambda.args, d, lim) || fold_expr(e->v.lambda.body, d, lim);
    case PYEXPR_IFEXP:
        return fold_expr(e->v.ifexp.test, d, lim) || fold_expr(e->v.ifexp.body, d, lim) ||
               fold_expr(e->v.ifexp.orelse, d, lim);
    case PYEXPR_DICT: return fold_exprs(&e->v.dict.keys, d, lim) || fold_exprs(&e->v.dict.values, d, lim);
    case PYEXPR_SET: return fold_exprs(&e->v.set.elts, d, lim);
    case PYEXPR_LISTCOMP:
    case PYEXPR_SETCOMP:
    case PYEXPR_DICTCOMP:
    case PYEXPR_GENERATOREXP:
        if (fold_expr(e->v.comp.elt, d, lim) || fold_opt(e->v.comp.value, d, lim))
            return 1;
        for (size_t i = 0; i < e->v.comp.n_generators; i++) {
            pyparse_comprehension_t *c = e->v.comp.generators[i];
            if (fold_expr(c->target, d, lim) || fold_expr(c->iter, d, lim) || fold_exprs(&c->ifs, d, lim))
                return 1;
        }
        return 0;
    case PYEXPR_AWAIT:
    case PYEXPR_YIELD:
    case PYEXPR_YIELDFROM: return fold_opt(e->v.await.value, d, lim);
    case PYEXPR_COMPARE:
        if (fold_expr(e->v.compare.left, d, lim))
            return 1;
        for (size_t i = 0; i < e->v.compare.n; i++)
            if (fold_expr(e->v.compare.comparators[i], d, lim))
                return 1;
        return 0;
    case PYEXPR_CALL:
        return fold_expr(e->v.call.func, d, lim) || fold_exprs(&e->v.call.args, d, lim) ||
               fold_keywords(e->v.call.keywords, e->v.call.n_keywords, d, lim);
    case PYEXPR_FORMATTEDVALUE:
        return fold_expr(e->v.formattedvalue.value, d, lim) ||
               fold_opt(e->v.formattedvalue.format_spec, d, lim);
    case PYEXPR_JOINEDSTR: return fold_exprs(&e->v.joinedstr.values, d, lim);
    case PYEXPR_ATTRIBUTE: return fold_expr(e->v.attribute.value, d, lim);
    case PYEXPR_SUBSCRIPT:
        return fold_expr(e->v.subscript.value, d, lim) || fold_expr(e->v.subscript.slice, d, lim);
    case PYEXPR_STARRED: return fold_expr(e->v.starred.value, d, lim);
    case PYEXPR_LIST: return fold_exprs(&e->v.list.elts, d, lim);
    case PYEXPR_TUPLE: return fold_exprs(&e->v.tuple.elts, d, lim);
    case PYEXPR_SLICE:
        return fold_opt(e->v.slice.lower, d, lim) || fold_opt(e->v.slice.upper, d, lim) ||
               fold_opt(e->v.slice.step, d, lim);
    default: return 0;
    }
}

static int fold_exprs(pyparse_exprs_t *v, int d, int lim)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i] && fold_expr(v->items[i], d, lim))
            return 1;
    return 0;
}

/* astfold_pattern(): patterns count one level each too. */
static int fold_pattern(pyparse_pattern_t *pt, int d, int lim)
{
    if (++d > lim)
        return 1;
    for (size_t i = 0; i < pt->patterns.n; i++)
        if (fold_pattern(pt->patterns.items[i], d, lim))
            return 1;
    for (size_t i = 0; i < pt->n_kwd; i++)
        if (fold_pattern(pt->kwd_patterns[i], d, lim))
            return 1;
    if (pt->pattern && fold_pattern(pt->pattern, d, lim))
        return 1;
    return (pt->kind == PYPAT_VALUE || pt->kind == PYPAT_CLASS ? fold_opt(pt->value, d, lim) : 0) ||
           fold_exprs(&pt->keys, d, lim);
}

static int fold_stmt(pyparse_stmt_t *s, int d, int lim)
{
    if (++d > lim)
        return 1;
    switch (s->kind) {
    case PYSTMT_FUNCTIONDEF:
    case PYSTMT_ASYNCFUNCTIONDEF:
        return fold_type_params(&s->v.functiondef.type_params, d, lim) ||
               fold_args(s->v.functiondef.args, d, lim) || fold_stmts(&s->v.functiondef.body, d, lim) ||
               fold_exprs(&s->v.functiondef.decorator_list, d, lim) ||
               fold_opt(s->v.functiondef.returns, d, lim);
    case PYSTMT_CLASSDEF:
        return fold_type_params(&s->v.classdef.type_params, d, lim) ||
               fold_exprs(&s->v.classdef.bases, d, lim) ||
               fold_keywords(s->v.classdef.keywords, s->v.classdef.n_keywords, d, lim) ||
               fold_stmts(&s->v.classdef.body, d, lim) || fold_exprs(&s->v.classdef.decorator_list, d, lim);
    case PYSTMT_RETURN:
    case PYSTMT_EXPR: return fold_opt(s->v.expr.value, d, lim);
    case PYSTMT_DELETE: return fold_exprs(&s->v.delete_.targets, d, lim);
    case PYSTMT_ASSIGN:
        return fold_exprs(&s->v.assign.targets, d, lim) || fold_expr(s->v.assign.value, d, lim);
    case PYSTMT_TYPEALIAS:
        return fold_expr(s->v.typealias.name, d, lim) ||
               fold_type_params(&s->v.typealias.type_params, d, lim) ||
               fold_expr(s->v.typealias.value, d, lim);
    case PYSTMT_AUGASSIGN:
        return fold_expr(s->v.augassign.target, d, lim) || fold_expr(s->v.augassign.value, d, lim);
    case PYSTMT_ANNASSIGN:
        return fold_expr(s->v.annassign.target, d, lim) || fold_expr(s->v.annassign.annotation, d, lim) ||
               fold_opt(s->v.annassign.value, d, lim);
    case PYSTMT_FOR:
    case PYSTMT_ASYNCFOR:
        return fold_expr(s->v.for_.target, d, lim) || fold_expr(s->v.for_.iter, d, lim) ||
               fold_stmts(&s->v.for_.body, d, lim) || fold_stmts(&s->v.for_.orelse, d, lim);
    case PYSTMT_WHILE:
    case PYSTMT_IF:
        return fold_expr(s->v.if_.test, d, lim) || fold_stmts(&s->v.if_.body, d, lim) ||
               fold_stmts(&s->v.if_.orelse, d, lim);
    case PYSTMT_WITH:
    case PYSTMT_ASYNCWITH:
        for (size_t i = 0; i < s->v.with.n_items; i++)
            if (fold_expr(s->v.with.context_exprs[i], d, lim) || fold_opt(s->v.with.optional_vars[i], d, lim))
                return 1;
        return fold_stmts(&s->v.with.body, d, lim);
    case PYSTMT_MATCH:
        if (fold_expr(s->v.match.subject, d, lim))
            return 1;
        for (size_t i = 0; i < s->v.match.n_cases; i++) {
            pyparse_match_case_t *mc = s->v.match.cases[i];
            if ((mc->pattern && fold_pattern(mc->pattern, d, lim)) || fold_opt(mc->guard, d, lim) ||
                fold_stmts(&mc->body, d, lim))
                return 1;
        }
        return 0;
    case PYSTMT_RAISE: return fold_opt(s->v.raise.exc, d, lim) || fold_opt(s->v.raise.cause, d, lim);
    case PYSTMT_TRY:
    case PYSTMT_TRYSTAR:
        if (fold_stmts(&s->v.try_.body, d, lim))
            return 1;
        for (size_t i = 0; i < s->v.try_.n_handlers; i++)
            if (fold_opt(s->v.try_.handlers[i]->type, d, lim) ||
                fold_stmts(&s->v.try_.handlers[i]->body, d, lim))
                return 1;
        return fold_stmts(&s->v.try_.orelse, d, lim) || fold_stmts(&s->v.try_.finalbody, d, lim);
    case PYSTMT_ASSERT: return fold_expr(s->v.assert_.test, d, lim) || fold_opt(s->v.assert_.msg, d, lim);
    default: return 0;
    }
}

static int fold_stmts(pyparse_stmts_t *v, int d, int lim)
{
    for (size_t i = 0; i < v->n; i++)
        if (fold_stmt(v->items[i], d, lim))
            return 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* 2. Symbol table (symtable.c)                                         */
/* ------------------------------------------------------------------ */

enum {
    DEF_GLOBAL = 1,
    DEF_LOCAL = 2,
    DEF_PARAM = 4,
    DEF_NONLOCAL = 8,
    USE = 16,
    DEF_IMPORT = 128,
    DEF_ANNOT = 256,
    DEF_COMP_ITER = 512,
    DEF_TYPE_PARAM = 1024,
    DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT
};

/* _Py_block_ty; the last three are 3.12's type-parameter scopes. */
enum {
    MODULE_BLOCK,
    FUNCTION_BLOCK,
    CLASS_BLOCK,
    ANNOTATION_BLOCK,
    TYPEPARAM_BLOCK,
    TYPEALIAS_BLOCK,
    TYPEVARBOUND_BLOCK
};

/* _Py_comprehension_ty */
enum { NO_COMP, LIST_COMP, DICT_COMP, SET_COMP, GEN_EXP };

typedef struct sym {
    const char *name; /* mangled, as stored in ste_symbols */
    int flags;
} sym_t;

typedef struct directive {
    const char *name;
    int lineno, col_offset, end_lineno, end_col_offset;
} directive_t;

/* A PySTEntryObject, reduced to what the errors depend on. */
typedef struct scope {
    int type;
    int comprehension;    /* ste_comprehension */
    int comp_iter_target; /* ste_comp_iter_target */
    int comp_iter_expr;   /* ste_comp_iter_expr */
    int coroutine, generator;
    const char *scope_info;  /* 3.13's ste_scope_info ("a TypeVar bound", ...) */
    int can_see_class_scope; /* ste_can_see_class_scope: an annotation scope in a class */
    const void *node;        /* the def, lambda, class or comprehension it belongs to */
    struct scope *parent;
    vec_t syms;   /* sym_t*, in insertion order (ste_symbols is a dict) */
    sym_t **htab; /* syms by name: open addressing, hcap a power of two */
    size_t hcap;
    vec_t directives; /* directive_t* */
    vec_t children;   /* scope* */
} scope_t;

typedef struct {
    parser_t *p;
    int minor;
    int future_annotations;
    scope_t *cur;
    scope_t *top;
    const char *private_; /* st_private: the class whose private names are mangled */
    /* node -> scope, for the compiler pass (open addressing on the pointer) */
    size_t tab_cap, tab_n;
    scope_t **tab;
} st_t;

static size_t ptr_hash(const void *k, size_t cap)
{
    uintptr_t x = (uintptr_t)k;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

static int tab_put(st_t *st, scope_t *s)
{
    if ((st->tab_n + 1) * 2 > st->tab_cap) {
        size_t cap = st->tab_cap ? st->tab_cap * 2 : 64;
        scope_t **t = pp_alloc(st->p, cap * sizeof *t);
        if (!t)
            return -1;
        memset(t, 0, cap * sizeof *t);
        for (size_t i = 0; i < st->tab_cap; i++) {
            scope_t *x = st->tab[i];
            if (!x)
                continue;
            size_t h = ptr_hash(x->node, cap);
            while (t[h])
                h = (h + 1) & (cap - 1);
            t[h] = x;
        }
        st->tab = t;
        st->tab_cap = cap;
    }
    size_t h = ptr_hash(s->node, st->tab_cap);
    while (st->tab[h])
        h = (h + 1) & (st->tab_cap - 1);
    st->tab[h] = s;
    st->tab_n++;
    return 0;
}

/* The scope built for node (the first one: a generic def's function scope
   is registered under the statement, its type-parameter scope under the list). */
static scope_t *tab_get(st_t *st, const void *node)
{
    if (!st->tab_cap)
        return NULL;
    size_t h = ptr_hash(node, st->tab_cap);
    while (st->tab[h]) {
        if (st->tab[h]->node == node)
            return st->tab[h];
        h = (h + 1) & (st->tab_cap - 1);
    }
    return NULL;
}

/* Mirrors _Py_Mangle(): __spam inside class Ham is _Ham__spam. */
static const char *mangle(st_t *st, const char *name)
{
    const char *priv = st->private_;
    if (!priv || name[0] != '_' || name[1] != '_')
        return name;
    size_t n = strlen(name);
    if ((name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.'))
        return name;
    while (*priv == '_')
        priv++;
    if (!*priv)
        return name;
    size_t pl = strlen(priv);
    char *m = pp_alloc(st->p, pl + n + 2);
    if (!m)
        return name;
    m[0] = '_';
    memcpy(m + 1, priv, pl);
    memcpy(m + 1 + pl, name, n + 1);
    return m;
}

static size_t str_hash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static sym_t *lookup(scope_t *s, const char *name)
{
    if (!s->hcap)
        return NULL;
    for (size_t h = str_hash(name) & (s->hcap - 1); s->htab[h]; h = (h + 1) & (s->hcap - 1))
        if (strcmp(s->htab[h]->name, name) == 0)
            return s->htab[h];
    return NULL;
}

/* Adds y to s's hash index, growing it at half load. */
static int index_sym(st_t *st, scope_t *s, sym_t *y)
{
    if ((size_t)(s->syms.n + 1) * 2 > s->hcap) {
        size_t cap = s->hcap ? s->hcap * 2 : 16;
        sym_t **t = pp_alloc(st->p, cap * sizeof *t);
        if (!t)
            return -1;
        memset(t, 0, cap * sizeof *t);
        for (int i = 0; i < s->syms.n; i++) {
            sym_t *x = s->syms.items[i];
            size_t h = str_hash(x->name) & (cap - 1);
            while (t[h])
                h = (h + 1) & (cap - 1);
            t[h] = x;
        }
        s->htab = t;
        s->hcap = cap;
    }
    size_t h = str_hash(y->name) & (s->hcap - 1);
    while (s->htab[h])
        h = (h + 1) & (s->hcap - 1);
    s->htab[h] = y;
    return 0;
}

static int flags_of(scope_t *s, const char *name)
{
    sym_t *y = lookup(s, name);
    return y ? y->flags : 0;
}

static sym_t *put_sym(st_t *st, scope_t *s, const char *name, int flags)
{
    sym_t *y = lookup(s, name);
    if (y) {
        y->flags = flags;
        return y;
    }
    y = pp_alloc(st->p, sizeof *y);
    if (!y)
        return NULL;
    y->name = name;
    y->flags = flags;
    if (index_sym(st, s, y) < 0 || vec_push(st->p, &s->syms, y) < 0)
        return NULL;
    return y;
}

/* Mirrors symtable_add_def_helper(). */
static int add_def_in(st_t *st, scope_t *ste, const char *name, int flag, int l, int c, int el, int ec)
{
    const char *mangled = mangle(st, name);
    sym_t *y = lookup(ste, mangled);
    int val = flag;
    if (y) {
        if ((flag & DEF_PARAM) && (y->flags & DEF_PARAM))
            return set_err(st->p, l, c + 1, el, ec + 1, "duplicate argument '%s' in function definition",
                           name);
        if ((flag & DEF_TYPE_PARAM) && (y->flags & DEF_TYPE_PARAM))
            return set_err(st->p, l, c + 1, el, ec + 1, "duplicate type parameter '%s'", name);
        val = y->flags | flag;
    }
    if (ste->comp_iter_target) {
        /* An iteration variable may not rebind an assignment expression's target. */
        if (val & (DEF_GLOBAL | DEF_NONLOCAL))
            return set_err(st->p, l, c + 1, el, ec + 1,
                           "comprehension inner loop cannot rebind assignment expression target '%s'", name);
        val |= DEF_COMP_ITER;
    }
    if (!put_sym(st, ste, mangled, val))
        return -1;
    if (!(flag & DEF_PARAM) && (flag & DEF_GLOBAL)) {
        /* st_global is the module's symbol dictionary */
        if (!put_sym(st, st->top, mangled, flag | flags_of(st->top, mangled)))
            return -1;
    }
    return 0;
}

static int add_def(st_t *st, const char *name, int flag, int l, int c, int el, int ec)
{
    return add_def_in(st, st->cur, name, flag, l, c, el, ec);
}

/* symtable_record_directive(): the statement a global/nonlocal name came from. */
static int record_directive(st_t *st, const char *name, int l, int c, int el, int ec)
{
    directive_t *d = pp_alloc(st->p, sizeof *d);
    if (!d || vec_push(st->p, &st->cur->directives, d) < 0)
        return -1;
    d->name = mangle(st, name);
    d->lineno = l, d->col_offset = c, d->end_lineno = el, d->end_col_offset = ec;
    return 0;
}

/* Mirrors symtable_enter_block(): comp_iter_expr is inherited. */
static int enter_block(st_t *st, int type, const void *node)
{
    scope_t *s = pp_alloc(st->p, sizeof *s);
    if (!s || vec_push(st->p, &st->cur->children, s) < 0)
        return -1;
    s->type = type;
    s->parent = st->cur;
    s->node = node;
    s->comp_iter_expr = st->cur->comp_iter_expr;
    st->cur = s;
    if (node && !tab_get(st, node) && tab_put(st, s) < 0)
        return -1;
    return 0;
}

static void exit_block(st_t *st)
{
    st->cur = st->cur->parent;
}

static int function_like(st_t *st, const scope_t *s)
{
    if (s->type == FUNCTION_BLOCK)
        return 1;
    return st->minor >= 12 &&
           (s->type == TYPEPARAM_BLOCK || s->type == TYPEALIAS_BLOCK || s->type == TYPEVARBOUND_BLOCK);
}

static int st_expr(st_t *st, pyparse_expr_t *e);
static int st_stmts(st_t *st, pyparse_stmts_t *body);

static int st_exprs(st_t *st, pyparse_exprs_t *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i] && st_expr(st, v->items[i]) < 0)
            return -1;
    return 0;
}

/* Mirrors symtable_raise_if_annotation_block(): no yield/await/walrus where
   an annotation or a type parameter's lazily evaluated expression lives. */
static int raise_if_annotation_block(st_t *st, const char *what, pyparse_expr_t *e)
{
    parser_t *p = st->p;
    switch (st->cur->type) {
    case ANNOTATION_BLOCK:
        if (st->minor >= 12)
            return NODE_ERR(p, e, "%s cannot be used within an annotation", what);
        return NODE_ERR(p, e, "'%s' can not be used within an annotation", what);
    case TYPEVARBOUND_BLOCK:
        if (st->minor >= 13)
            return NODE_ERR(p, e, "%s cannot be used within %s", what, st->cur->scope_info);
        return NODE_ERR(p, e, "%s cannot be used within a TypeVar bound", what);
    case TYPEALIAS_BLOCK: return NODE_ERR(p, e, "%s cannot be used within a type alias", what);
    case TYPEPARAM_BLOCK: return NODE_ERR(p, e, "%s cannot be used within the definition of a generic", what);
    default: return 0;
    }
}

/* Mirrors symtable_raise_if_comprehension_block(). */
static int raise_if_comprehension_block(st_t *st, pyparse_expr_t *e)
{
    int k = st->cur->comprehension;
    return NODE_ERR(st->p, e, "%s",
                    k == LIST_COMP   ? "'yield' inside list comprehension"
                    : k == SET_COMP  ? "'yield' inside set comprehension"
                    : k == DICT_COMP ? "'yield' inside dict comprehension"
                                     : "'yield' inside generator expression");
}

/* Mirrors symtable_extend_namedexpr_scope(): an assignment expression in a
   comprehension binds in the nearest enclosing function or module. */
static int extend_namedexpr_scope(st_t *st, pyparse_expr_t *e)
{
    parser_t *p = st->p;
    const char *name = e->v.name.id;
    for (scope_t *ste = st->cur; ste; ste = ste->parent) {
        if (ste->comprehension) {
            /* 3.10-3.12 look the raw name up (_PyST_GetSymbol()); 3.13 mangles it first */
            int f = flags_of(ste, st->minor >= 13 ? mangle(st, name) : name);
            if ((f & DEF_COMP_ITER) && (st->minor < 12 || (f & DEF_LOCAL)))
                return NODE_ERR(
                    p, e, "assignment expression cannot rebind comprehension iteration variable '%s'", name);
            continue;
        }
        if (ste->type == FUNCTION_BLOCK) {
            int f = flags_of(ste, st->minor >= 13 ? mangle(st, name) : name);
            if (add_def(st, name, (f & DEF_GLOBAL) ? DEF_GLOBAL : DEF_NONLOCAL, LOC(e)) < 0 ||
                record_directive(st, name, LOC(e)) < 0)
                return -1;
            return add_def_in(st, ste, name, DEF_LOCAL, LOC(e));
        }
        if (ste->type == MODULE_BLOCK) {
            if (add_def(st, name, DEF_GLOBAL, LOC(e)) < 0 || record_directive(st, name, LOC(e)) < 0)
                return -1;
            return add_def_in(st, ste, name, DEF_GLOBAL, LOC(e));
        }
        switch (ste->type) {
        case CLASS_BLOCK:
            return NODE_ERR(p, e,
                            "assignment expression within a comprehension cannot be used in a class body");
        case TYPEPARAM_BLOCK:
            return NODE_ERR(
                p, e,
                "assignment expression within a comprehension cannot be used within the definition of "
                "a generic");
        case TYPEALIAS_BLOCK:
            return NODE_ERR(p, e,
                            "assignment expression within a comprehension cannot be used in a type alias");
        case TYPEVARBOUND_BLOCK:
            return NODE_ERR(p, e,
                            "assignment expression within a comprehension cannot be used in a TypeVar bound");
        default: break; /* an annotation scope: keep looking outwards */
        }
    }
    return 0;
}

/* Mirrors symtable_handle_namedexpr(). */
static int st_namedexpr(st_t *st, pyparse_expr_t *e)
{
    if (raise_if_annotation_block(st, "named expression", e) < 0)
        return -1;
    if (st->cur->comp_iter_expr > 0)
        return NODE_ERR(st->p, e,
                        "assignment expression cannot be used in a comprehension iterable expression");
    if (st->cur->comprehension && e->v.namedexpr.target->kind == PYEXPR_NAME &&
        extend_namedexpr_scope(st, e->v.namedexpr.target) < 0)
        return -1;
    if (st_expr(st, e->v.namedexpr.value) < 0)
        return -1;
    return st_expr(st, e->v.namedexpr.target);
}

/* 3.12's gh-109118 errors: a lambda or a comprehension in an annotation scope
   (type parameters, a TypeVar bound, a type alias's value) that can see a
   class's scope; 3.13 allows both */
static int class_annotation_scope(st_t *st)
{
    return st->minor == 12 && st->cur->can_see_class_scope;
}

/* Mirrors symtable_handle_comprehension() and symtable_visit_comprehension(). */
static int st_comprehension(st_t *st, pyparse_expr_t *e)
{
    pyparse_comprehension_t **g = e->v.comp.generators;
    int is_generator = e->kind == PYEXPR_GENERATOREXP;
    if (!e->v.comp.n_generators)
        return 0;
    if (class_annotation_scope(st))
        return NODE_ERR(st->p, e, "Cannot use comprehension in annotation scope within class scope");
    /* The outermost iterator is evaluated in the current scope. */
    st->cur->comp_iter_expr++;
    int r = st_expr(st, g[0]->iter);
    st->cur->comp_iter_expr--;
    if (r < 0 || enter_block(st, FUNCTION_BLOCK, e) < 0)
        return -1;
    st->cur->comprehension = e->kind == PYEXPR_LISTCOMP   ? LIST_COMP
                             : e->kind == PYEXPR_SETCOMP  ? SET_COMP
                             : e->kind == PYEXPR_DICTCOMP ? DICT_COMP
                                                          : GEN_EXP;
    if (g[0]->is_async)
        st->cur->coroutine = 1;
    st->cur->comp_iter_target = 1;
    r = st_expr(st, g[0]->target);
    st->cur->comp_iter_target = 0;
    if (r < 0 || st_exprs(st, &g[0]->ifs) < 0)
        return -1;
    for (size_t i = 1; i < e->v.comp.n_generators; i++) {
        st->cur->comp_iter_target = 1;
        r = st_expr(st, g[i]->target);
        st->cur->comp_iter_target = 0;
        if (r < 0)
            return -1;
        st->cur->comp_iter_expr++;
        r = st_expr(st, g[i]->iter);
        st->cur->comp_iter_expr--;
        if (r < 0 || st_exprs(st, &g[i]->ifs) < 0)
            return -1;
        if (g[i]->is_async)
            st->cur->coroutine = 1;
    }
    if (e->v.comp.value && st_expr(st, e->v.comp.value) < 0)
        return -1;
    if (st_expr(st, e->v.comp.elt) < 0)
        return -1;
    st->cur->generator = is_generator;
    int is_async = st->cur->coroutine && !is_generator;
    exit_block(st);
    /* 3.11+: an async comprehension makes its enclosing scope a coroutine too. */
    if (is_async && st->minor >= 11)
        st->cur->coroutine = 1;
    return 0;
}

/* Mirrors symtable_visit_params(): positional, keyword-only, then * and **. */
static int st_params(st_t *st, pyparse_arguments_t *a)
{
    pyparse_arg_t **lists[] = {a->posonlyargs, a->args, a->kwonlyargs};
    size_t ns[] = {a->n_posonly, a->n_args, a->n_kwonly};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < ns[k]; i++)
            if (add_def(st, lists[k][i]->arg, DEF_PARAM, LOC(lists[k][i])) < 0)
                return -1;
    if (a->vararg && add_def(st, a->vararg->arg, DEF_PARAM, LOC(a->vararg)) < 0)
        return -1;
    if (a->kwarg && add_def(st, a->kwarg->arg, DEF_PARAM, LOC(a->kwarg)) < 0)
        return -1;
    return 0;
}

static int st_defaults(st_t *st, pyparse_arguments_t *a)
{
    if (st_exprs(st, &a->defaults) < 0)
        return -1;
    for (size_t i = 0; i < a->n_kwonly; i++)
        if (a->kw_defaults[i] && st_expr(st, a->kw_defaults[i]) < 0)
            return -1;
    return 0;
}

/* Mirrors symtable_visit_annotation(): under "from __future__ import
   annotations" an annotation gets a scope of its own. */
static int st_annotation(st_t *st, pyparse_expr_t *ann)
{
    if (st->future_annotations && enter_block(st, ANNOTATION_BLOCK, NULL) < 0)
        return -1;
    if (st_expr(st, ann) < 0)
        return -1;
    if (st->future_annotations)
        exit_block(st);
    return 0;
}

/* Mirrors symtable_visit_annotations(): positional, *, **, keyword-only, return. */
static int st_annotations(st_t *st, pyparse_arguments_t *a, pyparse_expr_t *returns)
{
    if (st->future_annotations && enter_block(st, ANNOTATION_BLOCK, NULL) < 0)
        return -1;
    for (size_t i = 0; i < a->n_posonly; i++)
        if (a->posonlyargs[i]->annotation && st_expr(st, a->posonlyargs[i]->annotation) < 0)
            return -1;
    for (size_t i = 0; i < a->n_args; i++)
        if (a->args[i]->annotation && st_expr(st, a->args[i]->annotation) < 0)
            return -1;
    if (a->vararg && a->vararg->annotation && st_expr(st, a->vararg->annotation) < 0)
        return -1;
    if (a->kwarg && a->kwarg->annotation && st_expr(st, a->kwarg->annotation) < 0)
        return -1;
    for (size_t i = 0; i < a->n_kwonly; i++)
        if (a->kwonlyargs[i]->annotation && st_expr(st, a->kwonlyargs[i]->annotation) < 0)
            return -1;
    if (st->future_annotations)
        exit_block(st);
    return returns ? st_annotation(st, returns) : 0;
}

/* A type parameter's bound or default, in a scope of its own
   (symtable_visit_type_param_bound_or_default()). */
static int st_type_param_expr(st_t *st, pyparse_expr_t *e, const void *key, const char *info)
{
    if (!e)
        return 0;
    int in_class = st->cur->can_see_class_scope;
    if (enter_block(st, TYPEVARBOUND_BLOCK, key) < 0)
        return -1;
    st->cur->scope_info = info;
    st->cur->can_see_class_scope = in_class;
    if (st_expr(st, e) < 0)
        return -1;
    exit_block(st);
    return 0;
}

/* Mirrors symtable_enter_type_param_block() and symtable_visit_type_param(). */
static int st_type_params(st_t *st, pyparse_type_params_t *tps, int is_class, const char *name)
{
    int in_class = st->cur->type == CLASS_BLOCK;
    if (enter_block(st, TYPEPARAM_BLOCK, tps) < 0)
        return -1;
    st->cur->can_see_class_scope = in_class;
    if (is_class)
        st->private_ = name;
    for (size_t i = 0; i < tps->n; i++) {
        pyparse_type_param_t *tp = tps->items[i];
        if (add_def(st, tp->name, DEF_TYPE_PARAM | DEF_LOCAL, LOC(tp)) < 0)
            return -1;
        const char *info = tp->kind == PYTP_TYPEVARTUPLE ? "a TypeVarTuple default"
                           : tp->kind == PYTP_PARAMSPEC  ? "a ParamSpec default"
                                                         : "a TypeVar default";
        if (tp->bound && st_type_param_expr(st, tp->bound, tp,
                                            tp->bound->kind == PYEXPR_TUPLE ? "a TypeVar constraint"
                                                                            : "a TypeVar bound") < 0)
            return -1;
        if (tp->default_value && st_type_param_expr(st, tp->default_value, &tp->default_value, info) < 0)
            return -1;
    }
    return 0;
}

/* Mirrors symtable_visit_expr(). */
static int st_expr(st_t *st, pyparse_expr_t *e)
{
    switch (e->kind) {
    case PYEXPR_NAME:
        if (add_def(st, e->v.name.id, e->v.name.ctx == PYCTX_LOAD ? USE : DEF_LOCAL, LOC(e)) < 0)
            return -1;
        /* super() needs __class__ */
        if (e->v.name.ctx == PYCTX_LOAD && function_like(st, st->cur) && strcmp(e->v.name.id, "super") == 0)
            return add_def(st, "__class__", USE, LOC(e));
        return 0;
    case PYEXPR_NAMEDEXPR: return st_namedexpr(st, e);
    case PYEXPR_BOOLOP: return st_exprs(st, &e->v.boolop.values);
    case PYEXPR_BINOP: return st_expr(st, e->v.binop.left) < 0 ? -1 : st_expr(st, e->v.binop.right);
    case PYEXPR_UNARYOP: return st_expr(st, e->v.unaryop.operand);
    case PYEXPR_LAMBDA: {
        pyparse_arguments_t *a = e->v.lambda.args;
        if (class_annotation_scope(st))
            return NODE_ERR(st->p, e, "Cannot use lambda in annotation scope within class scope");
        if (st_defaults(st, a) < 0 || enter_block(st, FUNCTION_BLOCK, e) < 0 || st_params(st, a) < 0 ||
            st_expr(st, e->v.lambda.body) < 0)
            return -1;
        exit_block(st);
        return 0;
    }
    case PYEXPR_IFEXP:
        if (st_expr(st, e->v.ifexp.test) < 0 || st_expr(st, e->v.ifexp.body) < 0)
            return -1;
        return st_expr(st, e->v.ifexp.orelse);
    case PYEXPR_DICT:
        /* all keys, then all values */
        if (st_exprs(st, &e->v.dict.keys) < 0)
            return -1;
        return st_exprs(st, &e->v.dict.values);
    case PYEXPR_SET: return st_exprs(st, &e->v.set.elts);
    case PYEXPR_LISTCOMP:
    case PYEXPR_SETCOMP:
    case PYEXPR_DICTCOMP:
    case PYEXPR_GENERATOREXP: return st_comprehension(st, e);
    case PYEXPR_YIELD:
    case PYEXPR_YIELDFROM:
        if (raise_if_annotation_block(st, "yield expression", e) < 0)
            return -1;
        if (e->v.yield.value && st_expr(st, e->v.yield.value) < 0)
            return -1;
        st->cur->generator = 1;
        return st->cur->comprehension ? raise_if_comprehension_block(st, e) : 0;
    case PYEXPR_AWAIT:
        if (raise_if_annotation_block(st, "await expression", e) < 0 || st_expr(st, e->v.await.value) < 0)
            return -1;
        st->cur->coroutine = 1;
        return 0;
    case PYEXPR_COMPARE:
        if (st_expr(st, e->v.compare.left) < 0)
            return -1;
        for (size_t i = 0; i < e->v.compare.n; i++)
            if (st_expr(st, e->v.compare.comparators[i]) < 0)
                return -1;
        return 0;
    case PYEXPR_CALL:
        if (st_expr(st, e->v.call.func) < 0 || st_exprs(st, &e->v.call.args) < 0)
            return -1;
        for (size_t i = 0; i < e->v.call.n_keywords; i++)
            if (st_expr(st, e->v.call.keywords[i]->value) < 0)
                return -1;
        return 0;
    case PYEXPR_FORMATTEDVALUE:
        if (st_expr(st, e->v.formattedvalue.value) < 0)
            return -1;
        return e->v.formattedvalue.format_spec ? st_expr(st, e->v.formattedvalue.format_spec) : 0;
    case PYEXPR_JOINEDSTR: return st_exprs(st, &e->v.joinedstr.values);
    case PYEXPR_ATTRIBUTE: return st_expr(st, e->v.attribute.value);
    case PYEXPR_SUBSCRIPT:
        return st_expr(st, e->v.subscript.value) < 0 ? -1 : st_expr(st, e->v.subscript.slice);
    case PYEXPR_STARRED: return st_expr(st, e->v.starred.value);
    case PYEXPR_LIST: return st_exprs(st, &e->v.list.elts);
    case PYEXPR_TUPLE: return st_exprs(st, &e->v.tuple.elts);
    case PYEXPR_SLICE:
        if (e->v.slice.lower && st_expr(st, e->v.slice.lower) < 0)
            return -1;
        if (e->v.slice.upper && st_expr(st, e->v.slice.upper) < 0)
            return -1;
        return e->v.slice.step ? st_expr(st, e->v.slice.step) : 0;
    default: return 0;
    }
}

/* The name an import binds: the first component, or the alias. */
static const char *import_store_name(parser_t *p, const pyparse_alias_t *a)
{
    if (a->asname)
        return a->asname;
    const char *dot = strchr(a->name, '.');
    return dot ? pyparse_arena_strndup(p->arena, a->name, (size_t)(dot - a->name)) : a->name;
}

/* global / nonlocal (symtable_visit_stmt's Global_kind and Nonlocal_kind). */
static int st_global_like(st_t *st, pyparse_stmt_t *s, int nonlocal)
{
    const char *what = nonlocal ? "nonlocal" : "global";
    for (size_t i = 0; i < s->v.global.n; i++) {
        const char *name = s->v.global.names[i];
        int cur = flags_of(st->cur, mangle(st, name));
        if (cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT)) {
            if (cur & DEF_PARAM)
                return NODE_ERR(st->p, s, "name '%s' is parameter and %s", name, what);
            if (cur & USE)
                return NODE_ERR(st->p, s, "name '%s' is used prior to %s declaration", name, what);
            if (cur & DEF_ANNOT)
                return NODE_ERR(st->p, s, "annotated name '%s' can't be %s", name, what);
            return NODE_ERR(st->p, s, "name '%s' is assigned to before %s declaration", name, what);
        }
        if (add_def(st, name, nonlocal ? DEF_NONLOCAL : DEF_GLOBAL, LOC(s)) < 0 ||
            record_directive(st, name, LOC(s)) < 0)
            return -1;
    }
    return 0;
}

/* Mirrors symtable_visit_pattern(): captures bind, values are used. */
static int st_pattern(st_t *st, pyparse_pattern_t *pt)
{
    switch (pt->kind) {
    case PYPAT_VALUE: return st_expr(st, pt->value);
    case PYPAT_SINGLETON: return 0;
    case PYPAT_SEQUENCE:
    case PYPAT_OR:
        for (size_t i = 0; i < pt->patterns.n; i++)
            if (st_pattern(st, pt->patterns.items[i]) < 0)
                return -1;
        return 0;
    case PYPAT_STAR: return pt->name ? add_def(st, pt->name, DEF_LOCAL, LOC(pt)) : 0;
    case PYPAT_MAPPING:
        if (st_exprs(st, &pt->keys) < 0)
            return -1;
        for (size_t i = 0; i < pt->patterns.n; i++)
            if (st_pattern(st, pt->patterns.items[i]) < 0)
                return -1;
        return pt->name ? add_def(st, pt->name, DEF_LOCAL, LOC(pt)) : 0;
    case PYPAT_CLASS:
        if (st_expr(st, pt->value) < 0)
            return -1;
        for (size_t i = 0; i < pt->patterns.n; i++)
            if (st_pattern(st, pt->patterns.items[i]) < 0)
                return -1;
        for (size_t i = 0; i < pt->n_kwd; i++)
            if (st_pattern(st, pt->kwd_patterns[i]) < 0)
                return -1;
        return 0;
    case PYPAT_AS:
        if (pt->pattern && st_pattern(st, pt->pattern) < 0)
            return -1;
        return pt->name ? add_def(st, pt->name, DEF_LOCAL, LOC(pt)) : 0;
    }
    return 0;
}

/* FunctionDef / AsyncFunctionDef (symtable_visit_stmt). */
static int st_funcdef(st_t *st, pyparse_stmt_t *s)
{
    pyparse_arguments_t *a = s->v.functiondef.args;
    pyparse_type_params_t *tps = &s->v.functiondef.type_params;
    scope_t *outer = st->cur;
    if (add_def(st, s->v.functiondef.name, DEF_LOCAL, LOC(s)) < 0 || st_defaults(st, a) < 0)
        return -1;
    if (st->minor < 12) {
        if (st_annotations(st, a, s->v.functiondef.returns) < 0 ||
            st_exprs(st, &s->v.functiondef.decorator_list) < 0)
            return -1;
    } else {
        /* 3.12: decorators, then the type parameters' scope holding the annotations */
        if (st_exprs(st, &s->v.functiondef.decorator_list) < 0)
            return -1;
        if (tps->n && st_type_params(st, tps, 0, NULL) < 0)
            return -1;
        if (st_annotations(st, a, s->v.functiondef.returns) < 0)
            return -1;
    }
    if (enter_block(st, FUNCTION_BLOCK, s) < 0)
        return -1;
    if (s->kind == PYSTMT_ASYNCFUNCTIONDEF)
        st->cur->coroutine = 1;
    if (st_params(st, a) < 0 || st_stmts(st, &s->v.functiondef.body) < 0)
        return -1;
    st->cur = outer;
    return 0;
}

/* ClassDef (symtable_visit_stmt); 3.12 leaves st_private set after a generic class. */
static int st_classdef(st_t *st, pyparse_stmt_t *s)
{
    pyparse_type_params_t *tps = &s->v.classdef.type_params;
    scope_t *outer = st->cur;
    const char *saved = st->private_;
    if (add_def(st, s->v.classdef.name, DEF_LOCAL, LOC(s)) < 0)
        return -1;
    if (st->minor < 12) {
        if (st_exprs(st, &s->v.classdef.bases) < 0)
            return -1;
        for (size_t i = 0; i < s->v.classdef.n_keywords; i++)
            if (st_expr(st, s->v.classdef.keywords[i]->value) < 0)
                return -1;
        if (st_exprs(st, &s->v.classdef.decorator_list) < 0)
            return -1;
    } else {
        if (st_exprs(st, &s->v.classdef.decorator_list) < 0)
            return -1;
        if (tps->n && st_type_params(st, tps, 1, s->v.classdef.name) < 0)
            return -1;
        if (tps->n && st->minor == 12)
            saved = st->private_;
        if (st_exprs(st, &s->v.classdef.bases) < 0)
            return -1;
        for (size_t i = 0; i < s->v.classdef.n_keywords; i++)
            if (st_expr(st, s->v.classdef.keywords[i]->value) < 0)
                return -1;
    }
    if (enter_block(st, CLASS_BLOCK, s) < 0)
        return -1;
    st->private_ = s->v.classdef.name;
    if (st_stmts(st, &s->v.classdef.body) < 0)
        return -1;
    st->private_ = saved;
    st->cur = outer;
    return 0;
}

/* Mirrors symtable_visit_stmt(). */
static int st_stmt(st_t *st, pyparse_stmt_t *s)
{
    parser_t *p = st->p;
    switch (s->kind) {
    case PYSTMT_FUNCTIONDEF:
    case PYSTMT_ASYNCFUNCTIONDEF: return st_funcdef(st, s);
    case PYSTMT_CLASSDEF: return st_classdef(st, s);
    case PYSTMT_TYPEALIAS: {
        scope_t *outer = st->cur;
        pyparse_type_params_t *tps = &s->v.typealias.type_params;
        if (st_expr(st, s->v.typealias.name) < 0)
            return -1;
        int in_class = st->cur->type == CLASS_BLOCK;
        if (tps->n && st_type_params(st, tps, 0, NULL) < 0)
            return -1;
        if (enter_block(st, TYPEALIAS_BLOCK, s) < 0)
            return -1;
        st->cur->can_see_class_scope = in_class;
        if (st_expr(st, s->v.typealias.value) < 0)
            return -1;
        st->cur = outer;
        return 0;
    }
    case PYSTMT_RETURN:
    case PYSTMT_EXPR: return s->v.expr.value ? st_expr(st, s->v.expr.value) : 0;
    case PYSTMT_DELETE: return st_exprs(st, &s->v.delete_.targets);
    case PYSTMT_ASSIGN:
        if (st_exprs(st, &s->v.assign.targets) < 0)
            return -1;
        return st_expr(st, s->v.assign.value);
    case PYSTMT_AUGASSIGN:
        if (st_expr(st, s->v.augassign.target) < 0)
            return -1;
        return st_expr(st, s->v.augassign.value);
    case PYSTMT_ANNASSIGN: {
        pyparse_expr_t *t = s->v.annassign.target;
        if (t->kind == PYEXPR_NAME) {
            int cur = flags_of(st->cur, mangle(st, t->v.name.id));
            if ((cur & (DEF_GLOBAL | DEF_NONLOCAL)) && st->cur != st->top && s->v.annassign.simple)
                return NODE_ERR(p, s, "annotated name '%s' can't be %s", t->v.name.id,
                                (cur & DEF_GLOBAL) ? "global" : "nonlocal");
            if (s->v.annassign.simple) {
                if (add_def(st, t->v.name.id, DEF_ANNOT | DEF_LOCAL, LOC(t)) < 0)
                    return -1;
            } else if (s->v.annassign.value && add_def(st, t->v.name.id, DEF_LOCAL, LOC(t)) < 0) {
                return -1;
            }
        } else if (st_expr(st, t) < 0) {
            return -1;
        }
        if (st_annotation(st, s->v.annassign.annotation) < 0)
            return -1;
        return s->v.annassign.value ? st_expr(st, s->v.annassign.value) : 0;
    }
    case PYSTMT_FOR:
    case PYSTMT_ASYNCFOR:
        if (st_expr(st, s->v.for_.target) < 0 || st_expr(st, s->v.for_.iter) < 0)
            return -1;
        if (st_stmts(st, &s->v.for_.body) < 0)
            return -1;
        return st_stmts(st, &s->v.for_.orelse);
    case PYSTMT_WHILE:
    case PYSTMT_IF:
        if (st_expr(st, s->v.if_.test) < 0 || st_stmts(st, &s->v.if_.body) < 0)
            return -1;
        return st_stmts(st, &s->v.if_.orelse);
    case PYSTMT_WITH:
    case PYSTMT_ASYNCWITH:
        for (size_t i = 0; i < s->v.with.n_items; i++) {
            if (st_expr(st, s->v.with.context_exprs[i]) < 0)
                return -1;
            if (s->v.with.optional_vars[i] && st_expr(st, s->v.with.optional_vars[i]) < 0)
                return -1;
        }
        return st_stmts(st, &s->v.with.body);
    case PYSTMT_MATCH:
        if (st_expr(st, s->v.match.subject) < 0)
            return -1;
        for (size_t i = 0; i < s->v.match.n_cases; i++) {
            pyparse_match_case_t *mc = s->v.match.cases[i];
            if (mc->pattern && st_pattern(st, mc->pattern) < 0)
                return -1;
            if ((mc->guard && st_expr(st, mc->guard) < 0) || st_stmts(st, &mc->body) < 0)
                return -1;
        }
        return 0;
    case PYSTMT_RAISE:
        if (s->v.raise.exc && st_expr(st, s->v.raise.exc) < 0)
            return -1;
        return s->v.raise.cause ? st_expr(st, s->v.raise.cause) : 0;
    case PYSTMT_TRY:
    case PYSTMT_TRYSTAR:
        /* body, else, handlers, finally; 3.13: body, handlers, else, finally
           (the order its symtable_visit_stmt() visits them, which the first
           of two errors in different clauses shows) */
        if (st_stmts(st, &s->v.try_.body) < 0 || (st->minor < 13 && st_stmts(st, &s->v.try_.orelse) < 0))
            return -1;
        for (size_t i = 0; i < s->v.try_.n_handlers; i++) {
            pyparse_excepthandler_t *h = s->v.try_.handlers[i];
            if (h->type && st_expr(st, h->type) < 0)
                return -1;
            if (h->name && add_def(st, h->name, DEF_LOCAL, LOC(h)) < 0)
                return -1;
            if (st_stmts(st, &h->body) < 0)
                return -1;
        }
        if (st->minor >= 13 && st_stmts(st, &s->v.try_.orelse) < 0)
            return -1;
        return st_stmts(st, &s->v.try_.finalbody);
    case PYSTMT_ASSERT:
        if (st_expr(st, s->v.assert_.test) < 0)
            return -1;
        return s->v.assert_.msg ? st_expr(st, s->v.assert_.msg) : 0;
    case PYSTMT_IMPORT:
    case PYSTMT_IMPORTFROM:
        for (size_t i = 0; i < s->v.import.n; i++) {
            pyparse_alias_t *a = s->v.import.names[i];
            if (strcmp(a->name, "*") == 0) {
                if (st->cur->type != MODULE_BLOCK)
                    return NODE_ERR(p, a, "import * only allowed at module level");
                continue;
            }
            if (add_def(st, import_store_name(p, a), DEF_IMPORT, LOC(a)) < 0)
                return -1;
        }
        return 0;
    case PYSTMT_GLOBAL: return st_global_like(st, s, 0);
    case PYSTMT_NONLOCAL: return st_global_like(st, s, 1);
    default: return 0;
    }
}

static int st_stmts(st_t *st, pyparse_stmts_t *body)
{
    for (size_t i = 0; i < body->n; i++)
        if (st_stmt(st, body->items[i]) < 0)
            return -1;
    return 0;
}

/* error_at_directive(): msg at the first global/nonlocal statement naming name. */
static int error_at_directive(parser_t *p, scope_t *s, const char *name, const char *msg)
{
    for (int i = 0; i < s->directives.n; i++) {
        directive_t *d = s->directives.items[i];
        if (strcmp(d->name, name) == 0)
            return set_err(p, d->lineno, d->col_offset + 1, d->end_lineno, d->end_col_offset + 1, "%s", msg);
    }
    return set_err(p, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, "%s", msg);
}

/* Whether name is in the "bound" set analyze_block() hands to scope s: bound
   by an enclosing function-like scope and not declared global on the way. */
static int in_bound(st_t *st, scope_t *s, const char *name)
{
    for (scope_t *a = s->parent; a; a = a->parent) {
        if (a->type == MODULE_BLOCK)
            return 0;
        if (a->type == CLASS_BLOCK) {
            if (strcmp(name, "__class__") == 0 || (st->minor >= 12 && strcmp(name, "__classdict__") == 0))
                return 1;
            continue;
        }
        int f = flags_of(a, name);
        if (f & DEF_GLOBAL)
            return 0;
        if ((f & DEF_BOUND) && !(f & DEF_NONLOCAL) && function_like(st, a))
            return 1;
    }
    return 0;
}

/* Whether name is in the "type_params" set handed to s (3.12): the nearest
   enclosing scope binding it bound it as a type parameter. */
static int in_type_params(scope_t *s, const char *name)
{
    for (scope_t *a = s->parent; a; a = a->parent) {
        int f = flags_of(a, name);
        if ((f & DEF_BOUND) && !(f & (DEF_GLOBAL | DEF_NONLOCAL)))
            return (f & DEF_TYPE_PARAM) != 0;
    }
    return 0;
}

/* Mirrors analyze_name()'s errors, scope by scope in creation order. */
static int analyze(st_t *st, scope_t *s)
{
    char msg[sizeof st->p->err.msg];
    for (int i = 0; i < s->syms.n; i++) {
        sym_t *y = s->syms.items[i];
        if (y->flags & DEF_GLOBAL) {
            if (!(y->flags & DEF_NONLOCAL))
                continue;
            snprintf(msg, sizeof msg, "name '%s' is nonlocal and global", y->name);
            return error_at_directive(st->p, s, y->name, msg);
        }
        if (!(y->flags & DEF_NONLOCAL))
            continue;
        if (s->type == MODULE_BLOCK)
            snprintf(msg, sizeof msg, "nonlocal declaration not allowed at module level");
        else if (!in_bound(st, s, y->name))
            snprintf(msg, sizeof msg, "no binding for nonlocal '%s' found", y->name);
        else if (st->minor >= 12 && in_type_params(s, y->name))
            snprintf(msg, sizeof msg, "nonlocal binding not allowed for type parameter '%s'", y->name);
        else
            continue;
        return error_at_directive(st->p, s, y->name, msg);
    }
    for (int i = 0; i < s->children.n; i++)
        if (analyze(st, s->children.items[i]) < 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* 3. Code generation (compile.c)                                       */
/* ------------------------------------------------------------------ */

/* COMPILER_SCOPE_* */
enum { CS_MODULE, CS_CLASS, CS_FUNCTION, CS_ASYNC_FUNCTION, CS_LAMBDA, CS_COMPREHENSION };

/* Frame blocks (compiler_push_fblock()): only the kinds whose unwinding
   matters here are told apart. */
enum { FB_LOOP, FB_WITH, FB_FINALLY_TRY, FB_EXC_GROUP, FB_OTHER };
#define MAX_FBLOCKS 21 /* CO_MAXBLOCKS: 20, and 21 in 3.13 */

typedef struct {
    int type;
    pyparse_stmt_t *stmt; /* the with or try statement */
} fblock_t;

typedef struct {
    parser_t *p;
    st_t *st;
    int minor;
    scope_t *ste;   /* u_ste: the symbol table entry of the unit being compiled */
    int scope_type; /* u_scope_type */
    fblock_t *fb;   /* u_fblock */
    int nfb;        /* u_nfblocks */
    int max_fb;     /* CO_MAXBLOCKS */
    int ff_lineno;
    int future_annotations;
    /* 3.10/3.11 report some errors at the "current" node: the statement or
       expression being compiled (c->u->u_lineno and friends). */
    int cl, cc, cel, cec;
} cg_t;

/* The parts of cg_t that belong to one compiler unit. */
typedef struct {
    scope_t *ste;
    int scope_type;
    fblock_t *fb;
    int nfb;
} unit_t;

#define CUR_ERR(g, ...) set_err((g)->p, (g)->cl, (g)->cc + 1, (g)->cel, (g)->cec + 1, __VA_ARGS__)

static void set_loc(cg_t *g, int l, int c, int el, int ec)
{
    g->cl = l, g->cc = c, g->cel = el, g->cec = ec;
}

/* compiler_enter_scope(): a new unit for node's scope, with its own frame
   blocks (fb: MAX_FBLOCKS entries in the caller's frame). */
static unit_t enter_unit(cg_t *g, const void *node, int scope_type, fblock_t *fb)
{
    unit_t saved = {g->ste, g->scope_type, g->fb, g->nfb};
    scope_t *s = tab_get(g->st, node);
    if (s)
        g->ste = s;
    g->scope_type = scope_type;
    g->fb = fb;
    g->nfb = 0;
    return saved;
}

static void exit_unit(cg_t *g, unit_t u)
{
    g->ste = u.ste;
    g->scope_type = u.scope_type;
    g->fb = u.fb;
    g->nfb = u.nfb;
}

static int cg_expr(cg_t *g, pyparse_expr_t *e);
static int cg_stmts(cg_t *g, pyparse_stmts_t *body);

/* Mirrors compiler_push_fblock(): at most CO_MAXBLOCKS nested blocks. */
static int push_fblock(cg_t *g, int type, pyparse_stmt_t *stmt, int l, int c, int el, int ec)
{
    if (g->nfb >= g->max_fb)
        return set_err(g->p, l, c + 1, el, ec + 1, "too many statically nested blocks");
    g->fb[g->nfb].type = type;
    g->fb[g->nfb].stmt = stmt;
    g->nfb++;
    return 0;
}

/* The deepest frame-block nesting a statement list opens within its unit. */
static int block_depth(pyparse_stmts_t *body);

static int block_depth1(pyparse_stmt_t *s)
{
    int d = 0, x;
    switch (s->kind) {
    case PYSTMT_FOR:
    case PYSTMT_ASYNCFOR:
        d = 1 + block_depth(&s->v.for_.body);
        x = block_depth(&s->v.for_.orelse);
        return d > x ? d : x;
    case PYSTMT_WHILE: /* (its own member: while_ is not laid out as for_) */
        d = 1 + block_depth(&s->v.while_.body);
        x = block_depth(&s->v.while_.orelse);
        return d > x ? d : x;
    case PYSTMT_WITH:
    case PYSTMT_ASYNCWITH: return (int)s->v.with.n_items + block_depth(&s->v.with.body);
    case PYSTMT_IF:
        d = block_depth(&s->v.if_.body);
        x = block_depth(&s->v.if_.orelse);
        return d > x ? d : x;
    case PYSTMT_TRY:
    case PYSTMT_TRYSTAR: {
        int f = s->v.try_.finalbody.n ? 1 : 0;
        d = f + 1 + block_depth(&s->v.try_.body);
        for (size_t i = 0; i < s->v.try_.n_handlers; i++) {
            x = f + 2 + block_depth(&s->v.try_.handlers[i]->body);
            d = d > x ? d : x;
        }
        x = f + block_depth(&s->v.try_.orelse);
        d = d > x ? d : x;
        x = f + block_depth(&s->v.try_.finalbody);
        return d > x ? d : x;
    }
    case PYSTMT_MATCH:
        for (size_t i = 0; i < s->v.match.n_cases; i++) {
            x = block_depth(&s->v.match.cases[i]->body);
            d = d > x ? d : x;
        }
        return d;
    default: return 0;
    }
}

static int block_depth(pyparse_stmts_t *body)
{
    int d = 0;
    for (size_t i = 0; i < body->n; i++) {
        int x = block_depth1(body->items[i]);
        d = d > x ? d : x;
    }
    return d;
}

/*
 * Mirrors compiler_break()/compiler_continue() and
 * compiler_unwind_fblock_stack(): leaving with- and try-finally blocks on
 * the way to the loop compiles their exits; 3.10 then reports the error at
 * the break's line but the columns the unwinding left behind.
 */
#define EXC_GROUP_JUMP "'break', 'continue' and 'return' cannot appear in an except* block"

/* 3.11+ compiler_unwind_fblock_stack()'s first test: the block on top is an
   except* clause's (EXCEPTION_GROUP_HANDLER), reported at where the jump is
   by then (*ploc): the statement's, or none (-1) once a with's exit or a
   finally body was compiled on the way (compiler_unwind_fblock() sets
   NO_LOCATION; 3.11: UNSET_LOC) */
static int exc_group_jump(cg_t *g, const int loc[4], bool unwound)
{
    if (unwound)
        return set_err(g->p, -1, 0, -1, 0, EXC_GROUP_JUMP);
    return set_err(g->p, loc[0], loc[1] + 1, loc[2], loc[3] + 1, EXC_GROUP_JUMP);
}

static int cg_break(cg_t *g, pyparse_stmt_t *s, const char *msg)
{
    int saved = g->nfb;
    int found = 0;
    bool unwound = false;
    const int loc[4] = {LOC(s)};
    for (int i = g->nfb - 1; i >= 0 && !found; i--) {
        fblock_t f = g->fb[i];
        if (f.type == FB_EXC_GROUP) {
            g->nfb = saved;
            return exc_group_jump(g, loc, unwound);
        }
        if (f.type == FB_LOOP) {
            found = 1;
            break;
        }
        g->nfb = i;
        if (f.type == FB_WITH) {
            set_loc(g, g->cl, f.stmt->col_offset, f.stmt->end_lineno, f.stmt->end_col_offset);
            unwound = true;
        } else if (f.type == FB_FINALLY_TRY) {
            int line = g->cl;
            if (cg_stmts(g, &f.stmt->v.try_.finalbody) < 0)
                return -1;
            g->cl = line;
            unwound = true;
        }
    }
    g->nfb = saved;
    if (found)
        return 0;
    if (g->minor >= 11)
        return NODE_ERR(g->p, s, "%s", msg);
    return CUR_ERR(g, "%s", msg);
}

/* Mirrors forbidden_name(): __debug__ cannot be bound or deleted. */
static int forbidden(cg_t *g, const char *name, pyparse_ctx_t ctx, int l, int c, int el, int ec)
{
    if (strcmp(name, "__debug__") != 0 || ctx == PYCTX_LOAD)
        return 0;
    return set_err(g->p, l, c + 1, el, ec + 1,
                   ctx == PYCTX_STORE ? "cannot assign to __debug__" : "cannot delete __debug__");
}

static int cg_exprs(cg_t *g, pyparse_exprs_t *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i] && cg_expr(g, v->items[i]) < 0)
            return -1;
    return 0;
}

/* Elements of displays and call arguments: a Starred is unpacked, not visited. */
static int cg_starunpack(cg_t *g, pyparse_exprs_t *v)
{
    for (size_t i = 0; i < v->n; i++) {
        pyparse_expr_t *e = v->items[i];
        if (cg_expr(g, e->kind == PYEXPR_STARRED ? e->v.starred.value : e) < 0)
            return -1;
    }
    return 0;
}

/* For validate_keywords(): next[i], the first keyword after i with kw[i]'s
 * name (n: none), found through a table of names (open addressing, FNV-1a)
 * from the last keyword back; false when out of memory. */
static bool next_same_keyword(pyparse_keyword_t **kw, size_t n, size_t *next)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    size_t *slot = malloc(cap * sizeof *slot); /* a keyword's index, or n: empty */
    if (!slot)
        return false;
    for (size_t k = 0; k < cap; k++)
        slot[k] = n;
    for (size_t i = n; i-- > 0;) {
        next[i] = n;
        if (!kw[i]->arg)
            continue;
        uint64_t hash = 14695981039346656037u;
        for (const unsigned char *c = (const unsigned char *)kw[i]->arg; *c; c++)
            hash = (hash ^ *c) * 1099511628211u;
        size_t k = (size_t)hash & (cap - 1);
        while (slot[k] != n && strcmp(kw[slot[k]]->arg, kw[i]->arg) != 0)
            k = (k + 1) & (cap - 1);
        next[i] = slot[k]; /* the nearest later one: slots are overwritten going back */
        slot[k] = i;
    }
    free(slot);
    return true;
}

/* Mirrors validate_keywords(): __debug__ and repeated names. CPython compares
 * each keyword with every later one; so does this for a few, and for more it
 * finds each one's next namesake through a table: print(a0=1, ..., a49999=1)
 * (a 600 KB body) took heapd a minute of strcmp() (helper-65). The error is
 * the same: the first keyword that is __debug__ or has a namesake after it. */
static int validate_keywords(cg_t *g, pyparse_keyword_t **kw, size_t n)
{
    size_t *next = n > 32 ? malloc(n * sizeof *next) : NULL;
    if (next && !next_same_keyword(kw, n, next)) {
        free(next);
        next = NULL;
    }
    if (n > 32 && !next)
        return pp_nomem(g->p), -1;
    for (size_t i = 0; i < n; i++) {
        if (!kw[i]->arg)
            continue;
        if (g->minor >= 12 ? forbidden(g, kw[i]->arg, PYCTX_STORE, LOC(kw[i]))
                           : forbidden(g, kw[i]->arg, PYCTX_STORE, g->cl, g->cc, g->cel, g->cec)) {
            free(next);
            return -1;
        }
        size_t j = i + 1;
        if (next)
            j = next[i];
        else
            while (j < n && !(kw[j]->arg && strcmp(kw[i]->arg, kw[j]->arg) == 0))
                j++;
        if (j < n) {
            free(next);
            return NODE_ERR(g->p, kw[j], "keyword argument repeated: %s", kw[i]->arg);
        }
    }
    free(next);
    return 0;
}

/* Mirrors compiler_call_helper(): arguments, then keywords. */
static __attribute__((noinline)) int cg_call_args(cg_t *g, pyparse_exprs_t *args, pyparse_keyword_t **kw,
                                                  size_t n)
{
    if (validate_keywords(g, kw, n) < 0)
        return -1;
    if (cg_starunpack(g, args) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (cg_expr(g, kw[i]->value) < 0)
            return -1;
    return 0;
}

/* Mirrors compiler_check_debug_args(): parameters named __debug__. */
static int check_debug_args(cg_t *g, pyparse_arguments_t *a)
{
    pyparse_arg_t **lists[] = {a->posonlyargs, a->args, a->kwonlyargs};
    size_t ns[] = {a->n_posonly, a->n_args, a->n_kwonly};
    int new_loc = g->minor >= 12;
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < ns[k]; i++) {
            pyparse_arg_t *x = lists[k][i];
            if (new_loc ? forbidden(g, x->arg, PYCTX_STORE, LOC(x))
                        : forbidden(g, x->arg, PYCTX_STORE, g->cl, g->cc, g->cel, g->cec))
                return -1;
        }
    pyparse_arg_t *va[] = {a->vararg, a->kwarg};
    for (int k = 0; k < 2; k++)
        if (va[k] && (new_loc ? forbidden(g, va[k]->arg, PYCTX_STORE, LOC(va[k]))
                              : forbidden(g, va[k]->arg, PYCTX_STORE, g->cl, g->cc, g->cel, g->cec)))
            return -1;
    return 0;
}

/* compiler_default_arguments(): positional defaults, then keyword-only ones. */
static int cg_defaults(cg_t *g, pyparse_arguments_t *a)
{
    if (cg_exprs(g, &a->defaults) < 0)
        return -1;
    for (size_t i = 0; i < a->n_kwonly; i++)
        if (a->kw_defaults[i] && cg_expr(g, a->kw_defaults[i]) < 0)
            return -1;
    return 0;
}

/* compiler_visit_argannotation(): *args: *Ts evaluates Ts. */
static int cg_argannotation(cg_t *g, pyparse_expr_t *ann)
{
    if (!ann)
        return 0;
    return cg_expr(g, ann->kind == PYEXPR_STARRED ? ann->v.starred.value : ann);
}

/* Mirrors compiler_visit_annotations(): args, posonlyargs, *, kwonly, **, return
   (nothing is evaluated under "from __future__ import annotations"). */
static int cg_annotations(cg_t *g, pyparse_arguments_t *a, pyparse_expr_t *returns)
{
    if (g->future_annotations)
        return 0;
    for (size_t i = 0; i < a->n_args; i++)
        if (cg_argannotation(g, a->args[i]->annotation) < 0)
            return -1;
    for (size_t i = 0; i < a->n_posonly; i++)
        if (cg_argannotation(g, a->posonlyargs[i]->annotation) < 0)
            return -1;
    if (a->vararg && cg_argannotation(g, a->vararg->annotation) < 0)
        return -1;
    for (size_t i = 0; i < a->n_kwonly; i++)
        if (cg_argannotation(g, a->kwonlyargs[i]->annotation) < 0)
            return -1;
    if (a->kwarg && cg_argannotation(g, a->kwarg->annotation) < 0)
        return -1;
    return cg_argannotation(g, returns);
}

/* Mirrors compiler_type_params() (3.12+): each name is stored. */
/* Mirrors compiler_type_params(): each parameter's bound, then its default
   (3.13: one without a default after one with is an error at the parameter),
   then the name's store (compiler_nameop()'s forbidden_name()) */
static int cg_type_params(cg_t *g, pyparse_type_params_t *tps)
{
    bool seen_default = false;
    for (size_t i = 0; i < tps->n; i++) {
        pyparse_type_param_t *tp = tps->items[i];
        if (tp->bound && cg_expr(g, tp->bound) < 0)
            return -1;
        if (tp->default_value) {
            seen_default = true;
            if (cg_expr(g, tp->default_value) < 0)
                return -1;
        } else if (seen_default) {
            return NODE_ERR(g->p, tp, "non-default type parameter '%s' follows default type parameter",
                            tp->name);
        }
        if (forbidden(g, tp->name, PYCTX_STORE, LOC(tp)) < 0)
            return -1;
    }
    return 0;
}

/* Store targets: unpack_helper() checks the starred elements of a tuple or list. */
static int cg_store_seq(cg_t *g, pyparse_exprs_t *elts)
{
    int seen_star = 0;
    for (size_t i = 0; i < elts->n; i++) {
        if (elts->items[i]->kind == PYEXPR_STARRED) {
            if (seen_star)
                return CUR_ERR(g, "multiple starred expressions in assignment");
            seen_star = 1;
        }
    }
    for (size_t i = 0; i < elts->n; i++) {
        pyparse_expr_t *x = elts->items[i];
        if (cg_expr(g, x->kind == PYEXPR_STARRED ? x->v.starred.value : x) < 0)
            return -1;
    }
    return 0;
}

/* The generators and element(s) of a comprehension, in its own unit
   (compiler_comprehension_generator(): the first iterator is an argument). */
static int cg_comprehension_body(cg_t *g, pyparse_expr_t *e)
{
    pyparse_comprehension_t **gen = e->v.comp.generators;
    for (size_t i = 0; i < e->v.comp.n_generators; i++) {
        if (i > 0 && cg_expr(g, gen[i]->iter) < 0)
            return -1;
        if (cg_expr(g, gen[i]->target) < 0 || cg_exprs(g, &gen[i]->ifs) < 0)
            return -1;
    }
    if (cg_expr(g, e->v.comp.elt) < 0)
        return -1;
    return e->v.comp.value ? cg_expr(g, e->v.comp.value) : 0;
}

/* Mirrors compiler_comprehension(): 3.12 inlines list/set/dict comprehensions
   (outermost iterator first, no unit of its own); otherwise the outermost
   iterator is compiled after the body, in the enclosing unit. */
static __attribute__((noinline)) int cg_comprehension(cg_t *g, pyparse_expr_t *e)
{
    if (!e->v.comp.n_generators)
        return 0;
    pyparse_expr_t *iter0 = e->v.comp.generators[0]->iter;
    int is_genexp = e->kind == PYEXPR_GENERATOREXP;
    int inlined = g->minor >= 12 && !is_genexp;
    scope_t *comp = tab_get(g->st, e);
    int is_async_generator = comp && comp->coroutine;
    int enclosing_async = g->minor >= 11
                              ? (g->scope_type == CS_ASYNC_FUNCTION || g->scope_type == CS_COMPREHENSION)
                              : (g->ste && g->ste->coroutine);
    if (inlined) {
        if (cg_expr(g, iter0) < 0)
            return -1;
        if (is_async_generator && !enclosing_async)
            return NODE_ERR(g->p, e, "asynchronous comprehension outside of an asynchronous function");
        /* the body runs in the enclosing unit */
        scope_t *saved = g->ste;
        if (comp)
            g->ste = comp;
        int r = cg_comprehension_body(g, e);
        g->ste = saved;
        return r;
    }
    if (is_async_generator && !is_genexp && !enclosing_async)
        return NODE_ERR(g->p, e, "asynchronous comprehension outside of an asynchronous function");
    fblock_t *fb = pp_alloc(g->p, MAX_FBLOCKS * sizeof *fb); /* the arena: units nest deeply */
    if (!fb)
        return -1;
    unit_t u = enter_unit(g, e, CS_COMPREHENSION, fb);
    if (cg_comprehension_body(g, e) < 0)
        return -1;
    exit_unit(g, u);
    return cg_expr(g, iter0);
}

static int unit_function_like(cg_t *g)
{
    return g->ste && function_like(g->st, g->ste);
}

/* Mirrors compiler_lambda(); out of line so that cg_expr1()'s frame, which
   nests once per expression level, stays small. */
static __attribute__((noinline)) int cg_lambda(cg_t *g, pyparse_expr_t *e)
{
    pyparse_arguments_t *a = e->v.lambda.args;
    if (check_debug_args(g, a) < 0 || cg_defaults(g, a) < 0)
        return -1;
    fblock_t *fb = pp_alloc(g->p, MAX_FBLOCKS * sizeof *fb); /* the arena: units nest deeply */
    if (!fb)
        return -1;
    unit_t u = enter_unit(g, e, CS_LAMBDA, fb);
    if (cg_expr(g, e->v.lambda.body) < 0)
        return -1;
    exit_unit(g, u);
    return 0;
}

/* Mirrors compiler_visit_expr() (which makes e the current location) and its cases. */
static int cg_expr1(cg_t *g, pyparse_expr_t *e)
{
    parser_t *p = g->p;
    switch (e->kind) {
    case PYEXPR_NAMEDEXPR:
        if (cg_expr(g, e->v.namedexpr.value) < 0)
            return -1;
        return cg_expr(g, e->v.namedexpr.target);
    case PYEXPR_BOOLOP: return cg_exprs(g, &e->v.boolop.values);
    case PYEXPR_BINOP: return cg_expr(g, e->v.binop.left) < 0 ? -1 : cg_expr(g, e->v.binop.right);
    case PYEXPR_UNARYOP: return cg_expr(g, e->v.unaryop.operand);
    case PYEXPR_LAMBDA: return cg_lambda(g, e);
    case PYEXPR_IFEXP:
        if (cg_expr(g, e->v.ifexp.test) < 0 || cg_expr(g, e->v.ifexp.body) < 0)
            return -1;
        return cg_expr(g, e->v.ifexp.orelse);
    case PYEXPR_DICT:
        for (size_t i = 0; i < e->v.dict.keys.n; i++) {
            if (e->v.dict.keys.items[i] && cg_expr(g, e->v.dict.keys.items[i]) < 0)
                return -1;
            if (cg_expr(g, e->v.dict.values.items[i]) < 0)
                return -1;
        }
        return 0;
    case PYEXPR_SET: return cg_starunpack(g, &e->v.set.elts);
    case PYEXPR_LISTCOMP:
    case PYEXPR_SETCOMP:
    case PYEXPR_DICTCOMP:
    case PYEXPR_GENERATOREXP: return cg_comprehension(g, e);
    case PYEXPR_YIELD:
        if (!unit_function_like(g))
            return NODE_ERR(p, e, "'yield' outside function");
        return e->v.yield.value ? cg_expr(g, e->v.yield.value) : 0;
    case PYEXPR_YIELDFROM:
        if (!unit_function_like(g))
            return NODE_ERR(p, e, "%s", p->prof->msg_yield_from_outside);
        if (g->scope_type == CS_ASYNC_FUNCTION)
            return NODE_ERR(p, e, "'yield from' inside async function");
        return cg_expr(g, e->v.yieldfrom.value);
    case PYEXPR_AWAIT:
        if (!unit_function_like(g))
            return NODE_ERR(p, e, "'await' outside function");
        if (g->scope_type != CS_ASYNC_FUNCTION && g->scope_type != CS_COMPREHENSION)
            return NODE_ERR(p, e, "'await' outside async function");
        return cg_expr(g, e->v.await.value);
    case PYEXPR_COMPARE:
        if (cg_expr(g, e->v.compare.left) < 0)
            return -1;
        for (size_t i = 0; i < e->v.compare.n; i++)
            if (cg_expr(g, e->v.compare.comparators[i]) < 0)
                return -1;
        return 0;
    case PYEXPR_CALL:
        if (cg_expr(g, e->v.call.func) < 0)
            return -1;
        return cg_call_args(g, &e->v.call.args, e->v.call.keywords, e->v.call.n_keywords);
    case PYEXPR_FORMATTEDVALUE:
        if (cg_expr(g, e->v.formattedvalue.value) < 0)
            return -1;
        return e->v.formattedvalue.format_spec ? cg_expr(g, e->v.formattedvalue.format_spec) : 0;
    case PYEXPR_JOINEDSTR: return cg_exprs(g, &e->v.joinedstr.values);
    case PYEXPR_ATTRIBUTE:
        if (forbidden(g, e->v.attribute.attr, e->v.attribute.ctx, LOC(e)) < 0)
            return -1;
        return cg_expr(g, e->v.attribute.value);
    case PYEXPR_SUBSCRIPT:
        return cg_expr(g, e->v.subscript.value) < 0 ? -1 : cg_expr(g, e->v.subscript.slice);
    case PYEXPR_STARRED:
        if (e->v.starred.ctx == PYCTX_STORE)
            return NODE_ERR(p, e, "starred assignment target must be in a list or tuple");
        return NODE_ERR(p, e, "can't use starred expression here");
    case PYEXPR_NAME: return forbidden(g, e->v.name.id, e->v.name.ctx, LOC(e));
    case PYEXPR_LIST:
        if (e->v.list.ctx == PYCTX_STORE)
            return cg_store_seq(g, &e->v.list.elts);
        return cg_starunpack(g, &e->v.list.elts);
    case PYEXPR_TUPLE:
        if (e->v.tuple.ctx == PYCTX_STORE)
            return cg_store_seq(g, &e->v.tuple.elts);
        return cg_starunpack(g, &e->v.tuple.elts);
    case PYEXPR_SLICE:
        if (e->v.slice.lower && cg_expr(g, e->v.slice.lower) < 0)
            return -1;
        if (e->v.slice.upper && cg_expr(g, e->v.slice.upper) < 0)
            return -1;
        return e->v.slice.step ? cg_expr(g, e->v.slice.step) : 0;
    default: return 0;
    }
}

static int cg_expr(cg_t *g, pyparse_expr_t *e)
{
    int l = g->cl, c = g->cc, el = g->cel, ec = g->cec;
    set_loc(g, LOC(e));
    int r = cg_expr1(g, e);
    set_loc(g, l, c, el, ec);
    return r;
}

/* The name a statement binds, checked like compiler_nameop(Store). */
static int store_name(cg_t *g, const char *name, pyparse_stmt_t *s)
{
    return forbidden(g, name, PYCTX_STORE, LOC(s));
}

/*
 * Mirrors _PyCompile_CleanDoc() (3.13+), which compiler_body() and
 * compiler_function_body() call on a unit's docstring before any of its
 * statements: the text is expanded (str.expandtabs(): 8 columns, a column
 * reset by \n and \r) and read as UTF-8 (PyUnicode_AsUTF8AndSize()), so a
 * surrogate in it raises the encoder's UnicodeEncodeError, for the run of
 * surrogates from the first one, at its place in the expanded text.
 */
static int check_docstring(parser_t *p, pyparse_stmts_t *body)
{
    if (!p->prof->clean_doc || !body->n || !is_docstring(body->items[0]))
        return 0;
    const pyparse_const_t *c = &body->items[0]->v.expr.value->v.constant;
    const unsigned char *s = (const unsigned char *)c->str;
    size_t pos = 0, col = 0;
    for (size_t i = 0; i < c->len;) {
        unsigned char b = s[i];
        if (b == 0xED && i + 2 < c->len && s[i + 1] >= 0xA0) { /* U+D800..U+DFFF, kept as 3 bytes */
            unsigned first = 0xD000u | (unsigned)(s[i + 1] & 0x3F) << 6 | (unsigned)(s[i + 2] & 0x3F);
            size_t end = pos;
            while (i + 2 < c->len && s[i] == 0xED && s[i + 1] >= 0xA0)
                i += 3, end++;
            if (end == pos + 1)
                set_err(
                    p, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE,
                    "'utf-8' codec can't encode character '\\u%04x' in position %zu: surrogates not allowed",
                    first, pos);
            else
                set_err(p, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE,
                        "'utf-8' codec can't encode characters in position %zu-%zu: surrogates not allowed",
                        pos, end - 1);
            p->err.type = "UnicodeEncodeError";
            return -1;
        }
        if (b == '\t') {
            pos += 8 - col % 8;
            col += 8 - col % 8;
        } else {
            pos++;
            col = b == '\n' || b == '\r' ? 0 : col + 1;
        }
        i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }
    return 0;
}

/* Mirrors compiler_function(). */
static int cg_funcdef(cg_t *g, pyparse_stmt_t *s)
{
    pyparse_arguments_t *a = s->v.functiondef.args;
    if (check_debug_args(g, a) < 0)
        return -1;
    if (cg_exprs(g, &s->v.functiondef.decorator_list) < 0 || cg_defaults(g, a) < 0)
        return -1;
    if (s->v.functiondef.type_params.n && cg_type_params(g, &s->v.functiondef.type_params) < 0)
        return -1;
    set_loc(g, LOC(s));
    if (cg_annotations(g, a, s->v.functiondef.returns) < 0)
        return -1;
    fblock_t *fb = pp_alloc(g->p, MAX_FBLOCKS * sizeof *fb); /* the arena: units nest deeply */
    if (!fb)
        return -1;
    unit_t u = enter_unit(g, s, s->kind == PYSTMT_ASYNCFUNCTIONDEF ? CS_ASYNC_FUNCTION : CS_FUNCTION, fb);
    if (check_docstring(g->p, &s->v.functiondef.body) < 0 || cg_stmts(g, &s->v.functiondef.body) < 0)
        return -1;
    exit_unit(g, u);
    set_loc(g, LOC(s));
    return store_name(g, s->v.functiondef.name, s);
}

/* Mirrors compiler_class(): the body, then bases and keywords. */
static int cg_classdef(cg_t *g, pyparse_stmt_t *s)
{
    if (cg_exprs(g, &s->v.classdef.decorator_list) < 0)
        return -1;
    if (s->v.classdef.type_params.n && cg_type_params(g, &s->v.classdef.type_params) < 0)
        return -1;
    fblock_t *fb = pp_alloc(g->p, MAX_FBLOCKS * sizeof *fb); /* the arena: units nest deeply */
    if (!fb)
        return -1;
    unit_t u = enter_unit(g, s, CS_CLASS, fb);
    if (check_docstring(g->p, &s->v.classdef.body) < 0 || cg_stmts(g, &s->v.classdef.body) < 0)
        return -1;
    exit_unit(g, u);
    set_loc(g, LOC(s));
    if (cg_call_args(g, &s->v.classdef.bases, s->v.classdef.keywords, s->v.classdef.n_keywords) < 0)
        return -1;
    return store_name(g, s->v.classdef.name, s);
}

/* check_ann_subscr(): slices and tuples of an annotated subscript target. */
static int cg_ann_subscr(cg_t *g, pyparse_expr_t *e)
{
    if (e->kind == PYEXPR_SLICE) {
        if (e->v.slice.lower && cg_expr(g, e->v.slice.lower) < 0)
            return -1;
        if (e->v.slice.upper && cg_expr(g, e->v.slice.upper) < 0)
            return -1;
        return e->v.slice.step ? cg_expr(g, e->v.slice.step) : 0;
    }
    if (e->kind == PYEXPR_TUPLE) {
        for (size_t i = 0; i < e->v.tuple.elts.n; i++)
            if (cg_ann_subscr(g, e->v.tuple.elts.items[i]) < 0)
                return -1;
        return 0;
    }
    return cg_expr(g, e);
}

/* Mirrors compiler_annassign(). */
static int cg_annassign(cg_t *g, pyparse_stmt_t *s)
{
    pyparse_expr_t *t = s->v.annassign.target, *v = s->v.annassign.value;
    int evaluated = !g->future_annotations && (g->scope_type == CS_MODULE || g->scope_type == CS_CLASS);
    if (v && (cg_expr(g, v) < 0 || cg_expr(g, t) < 0))
        return -1;
    switch (t->kind) {
    case PYEXPR_NAME:
        if (forbidden(g, t->v.name.id, PYCTX_STORE, LOC(s)) < 0)
            return -1;
        if (s->v.annassign.simple && evaluated && cg_expr(g, s->v.annassign.annotation) < 0)
            return -1;
        break;
    case PYEXPR_ATTRIBUTE:
        if (forbidden(g, t->v.attribute.attr, PYCTX_STORE, LOC(s)) < 0)
            return -1;
        if (!v && cg_expr(g, t->v.attribute.value) < 0)
            return -1;
        break;
    case PYEXPR_SUBSCRIPT:
        if (!v && (cg_expr(g, t->v.subscript.value) < 0 || cg_ann_subscr(g, t->v.subscript.slice) < 0))
            return -1;
        break;
    default: break;
    }
    /* the annotation of a non-simple target is evaluated last */
    if (!s->v.annassign.simple && evaluated && cg_expr(g, s->v.annassign.annotation) < 0)
        return -1;
    return 0;
}

/* Mirrors compiler_try_except(): the body in a TRY_EXCEPT block, each
   handler's body in EXCEPTION_HANDLER + HANDLER_CLEANUP, then the else. */
static int cg_try_except(cg_t *g, pyparse_stmt_t *s)
{
    if (push_fblock(g, FB_OTHER, s, LOC(s)) < 0 || cg_stmts(g, &s->v.try_.body) < 0)
        return -1;
    g->nfb--;
    /* 3.11+ compiler_try_except() compiles the else right after the body, before
       the handlers (compiler_try_star_except() and 3.10: after them) */
    bool else_first = s->kind == PYSTMT_TRY && g->minor >= 11;
    if (else_first && cg_stmts(g, &s->v.try_.orelse) < 0)
        return -1;
    size_t n = s->v.try_.n_handlers;
    int base = g->nfb;
    for (size_t i = 0; i < n; i++) {
        pyparse_excepthandler_t *h = s->v.try_.handlers[i];
        set_loc(g, LOC(h));
        if (!h->type && i + 1 < n)
            return NODE_ERR(g->p, h, "default 'except:' must be last");
        if (h->type && cg_expr(g, h->type) < 0)
            return -1;
        if (h->name && forbidden(g, h->name, PYCTX_STORE, LOC(h)) < 0)
            return -1;
        /* except*: EXCEPTION_GROUP_HANDLER under the handler's HANDLER_CLEANUP
           (compiler_try_star_except()), where except has EXCEPTION_HANDLER */
        int outer = s->kind == PYSTMT_TRYSTAR && g->minor >= 11 ? FB_EXC_GROUP : FB_OTHER;
        if (push_fblock(g, outer, s, LOC(h)) < 0 || push_fblock(g, FB_OTHER, s, LOC(h)) < 0)
            return -1;
        if (cg_stmts(g, &h->body) < 0)
            return -1;
        g->nfb = base;
    }
    return else_first ? 0 : cg_stmts(g, &s->v.try_.orelse);
}

/* Mirrors compiler_try_finally(): the rest in a FINALLY_TRY block, then the
   finally body twice (normal exit; then, in FINALLY_END, the exceptional
   one, which only the block limit can tell apart). */
static int cg_try(cg_t *g, pyparse_stmt_t *s)
{
    if (!s->v.try_.finalbody.n)
        return cg_try_except(g, s);
    if (push_fblock(g, FB_FINALLY_TRY, s, LOC(s)) < 0)
        return -1;
    if (s->v.try_.n_handlers ? cg_try_except(g, s) < 0 : cg_stmts(g, &s->v.try_.body) < 0)
        return -1;
    g->nfb--;
    if (cg_stmts(g, &s->v.try_.finalbody) < 0)
        return -1;
    if (g->nfb + 1 + block_depth(&s->v.try_.finalbody) > g->max_fb) {
        if (push_fblock(g, FB_OTHER, s, g->cl, g->cc, g->cel, g->cec) < 0 ||
            cg_stmts(g, &s->v.try_.finalbody) < 0)
            return -1;
        g->nfb--;
    }
    return 0;
}

/* ---------------------------------------------------------------- match */

/* An open-addressing index of a pattern's items (names, mapping keys) by a
 * hash, so that finding an earlier equal one is O(1) where CPython's
 * compiler loops (a mapping's `seen` set is a set; validate_kwd_attrs() and
 * pattern_helper_store_name() compare with each earlier item): a class
 * pattern of 40,000 keywords took 12 s, a mapping pattern of 40,000 keys
 * over 120 s. The parser's arena holds it (its memory budget pays). */
typedef struct {
    struct hslot {
        unsigned hash;
        int item; /* index + 1; 0: empty */
    } * slots;
    int cap, n;
} hindex_t;

typedef int (*hindex_eq_fn)(const void *ctx, int a, int b);

/* The index of an earlier item equal to item (whose hash is hash), or -1
 * after adding it; -2 out of memory. */
static int hindex_add(parser_t *p, hindex_t *x, unsigned hash, int item, hindex_eq_fn eq, const void *ctx)
{
    if (2 * (x->n + 1) > x->cap) {
        int cap = x->cap ? 2 * x->cap : 16;
        struct hslot *slots = pp_alloc(p, (size_t)cap * sizeof *slots);
        if (!slots)
            return -2;
        memset(slots, 0, (size_t)cap * sizeof *slots);
        for (int i = 0; i < x->cap; i++)
            if (x->slots[i].item) {
                unsigned j = x->slots[i].hash & (unsigned)(cap - 1);
                while (slots[j].item)
                    j = (j + 1) & (unsigned)(cap - 1);
                slots[j] = x->slots[i];
            }
        x->slots = slots;
        x->cap = cap;
    }
    unsigned j = hash & (unsigned)(x->cap - 1);
    for (; x->slots[j].item; j = (j + 1) & (unsigned)(x->cap - 1))
        if (x->slots[j].hash == hash && eq(ctx, x->slots[j].item - 1, item))
            return x->slots[j].item - 1;
    x->slots[j].hash = hash;
    x->slots[j].item = item + 1;
    x->n++;
    return -1;
}

static unsigned bytes_hash(const char *s, size_t n, unsigned seed)
{
    unsigned h = 2166136261u ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static unsigned name_hash(const char *name)
{
    return bytes_hash(name, strlen(name), 0);
}

static int names_eq(const void *ctx, int a, int b)
{
    const char *const *names = ctx;
    return strcmp(names[a], names[b]) == 0;
}

/* A mapping-pattern key after ast_opt's folding (-x, a+bj), as the value
   the compiler puts in its "seen" set. */
enum { KV_OTHER, KV_NONE, KV_TRUE, KV_FALSE, KV_INT, KV_FLOAT, KV_COMPLEX, KV_STR, KV_BYTES };

typedef struct {
    int kind;
    int neg;            /* KV_INT: negative */
    const char *digits; /* KV_INT */
    double re, im;      /* KV_FLOAT: re; KV_COMPLEX */
    const char *s;      /* KV_STR (UTF-8), KV_BYTES */
    size_t len;
} kval_t;

static kval_t key_value(const pyparse_expr_t *e)
{
    kval_t k;
    memset(&k, 0, sizeof k);
    if (e->kind == PYEXPR_UNARYOP && e->v.unaryop.op == PYUOP_USUB) {
        k = key_value(e->v.unaryop.operand);
        if (k.kind == KV_INT)
            k.neg = !k.neg;
        else if (k.kind == KV_FLOAT || k.kind == KV_COMPLEX)
            k.re = -k.re, k.im = -k.im;
        else
            k.kind = KV_OTHER;
        return k;
    }
    if (e->kind == PYEXPR_BINOP && (e->v.binop.op == PYOP_ADD || e->v.binop.op == PYOP_SUB)) {
        kval_t a = key_value(e->v.binop.left), b = key_value(e->v.binop.right);
        if ((a.kind != KV_INT && a.kind != KV_FLOAT) || b.kind != KV_COMPLEX)
            return k;
        double x = a.kind == KV_INT ? strtod(a.digits, NULL) * (a.neg ? -1 : 1) : a.re;
        k.kind = KV_COMPLEX;
        k.re = e->v.binop.op == PYOP_ADD ? x + b.re : x - b.re;
        k.im = e->v.binop.op == PYOP_ADD ? 0.0 + b.im : 0.0 - b.im;
        return k;
    }
    if (e->kind != PYEXPR_CONSTANT)
        return k;
    const pyparse_const_t *c = &e->v.constant;
    switch (c->kind) {
    case PYCONST_NONE: k.kind = KV_NONE; break;
    case PYCONST_TRUE: k.kind = KV_TRUE; break;
    case PYCONST_FALSE: k.kind = KV_FALSE; break;
    case PYCONST_INT: k.kind = KV_INT, k.digits = c->str; break;
    case PYCONST_FLOAT: k.kind = KV_FLOAT, k.re = c->d; break;
    case PYCONST_COMPLEX: k.kind = KV_COMPLEX, k.re = 0.0, k.im = c->d; break;
    case PYCONST_STR: k.kind = KV_STR, k.s = c->str, k.len = c->len; break;
    case PYCONST_BYTES: k.kind = KV_BYTES, k.s = c->str, k.len = c->len; break;
    default: break;
    }
    return k;
}

/* A number as (is_int, sign+digits) or a double, for Python's == across int/float/complex/bool. */
static int num_of(const kval_t *k, char *buf, size_t n, double *re, double *im)
{
    *im = 0.0;
    switch (k->kind) {
    case KV_TRUE: snprintf(buf, n, "1"); return 1;
    case KV_FALSE: snprintf(buf, n, "0"); return 1;
    case KV_INT: snprintf(buf, n, "%s%s", k->neg && strcmp(k->digits, "0") ? "-" : "", k->digits); return 1;
    case KV_FLOAT: *re = k->re; return 0;
    case KV_COMPLEX: *re = k->re, *im = k->im; return 0;
    default: return -1;
    }
}

/* Python's a == b for the constants a pattern key can be. */
static int key_equal(const kval_t *a, const kval_t *b)
{
    if (a->kind == KV_OTHER || b->kind == KV_OTHER)
        return 0;
    if (a->kind == KV_NONE || b->kind == KV_NONE)
        return a->kind == b->kind;
    if (a->kind == KV_STR || a->kind == KV_BYTES || b->kind == KV_STR || b->kind == KV_BYTES)
        return a->kind == b->kind && a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
    char da[4400], db[4400];
    double ra = 0, ia = 0, rb = 0, ib = 0;
    int ta = num_of(a, da, sizeof da, &ra, &ia), tb = num_of(b, db, sizeof db, &rb, &ib);
    if (ta == 1 && tb == 1)
        return strcmp(da, db) == 0;
    if (ta == 1 || tb == 1) {
        /* an int equals a float only when the float is that exact integer */
        const char *digits = ta == 1 ? da : db;
        double r = ta == 1 ? rb : ra, i = ta == 1 ? ib : ia;
        if (i != 0.0 || r != r || r - r != 0.0 || r != floor(r))
            return 0;
        char tmp[400];
        snprintf(tmp, sizeof tmp, "%.0f", r);
        if (strcmp(tmp, "-0") == 0)
            strcpy(tmp, "0");
        return strcmp(tmp, digits) == 0;
    }
    return ra == rb && ia == ib;
}

/* A hash under which the keys key_equal() finds equal hash alike: a
 * number by its value as a double (an int equal to a float is that float's
 * exact integer, which strtod() gives back exactly), -0.0 as 0.0 */
static unsigned key_hash(const kval_t *k)
{
    double re = 0.0, im = 0.0;
    switch (k->kind) {
    case KV_NONE: return 1;
    case KV_STR: return bytes_hash(k->s, k->len, 2);
    case KV_BYTES: return bytes_hash(k->s, k->len, 3);
    case KV_TRUE: re = 1.0; break;
    case KV_FALSE: break;
    case KV_INT: re = strtod(k->digits, NULL) * (k->neg ? -1 : 1); break;
    case KV_FLOAT: re = k->re; break;
    case KV_COMPLEX: re = k->re, im = k->im; break;
    default: return 0;
    }
    double v[2] = {re == 0.0 ? 0.0 : re, im == 0.0 ? 0.0 : im};
    return bytes_hash((const char *)v, sizeof v, 4);
}

static int keys_eq(const void *ctx, int a, int b)
{
    const kval_t *keys = ctx;
    return key_equal(&keys[a], &keys[b]);
}

/* Mirrors float_repr_style "short" (PyOS_double_to_string(x, 'r', 0, flags)):
   the shortest round-tripping digits; add_dot_0 as repr() does for floats. */
static void float_repr(double d, int add_dot_0, char *out, size_t n)
{
    if (d != d) {
        snprintf(out, n, "nan");
        return;
    }
    if (d - d != 0.0) {
        snprintf(out, n, "%sinf", d < 0 ? "-" : "");
        return;
    }
    char buf[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* buf: [-]D[.DDD]e[+-]XX */
    const char *q = buf;
    int neg = *q == '-';
    if (neg)
        q++;
    char digits[32];
    int nd = 0;
    for (; *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9')
            digits[nd++] = *q;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    int exp = atoi(q + 1); /* the decimal exponent of the first digit */
    char *w = out;
    size_t left = n;
#define PUT(...)                                                                                             \
    do {                                                                                                     \
        int k_ = snprintf(w, left, __VA_ARGS__);                                                             \
        if (k_ > 0 && (size_t)k_ < left)                                                                     \
            w += k_, left -= (size_t)k_;                                                                     \
    } while (0)
    if (neg)
        PUT("-");
    if (exp < -4 || exp >= 16) {
        PUT("%c", digits[0]);
        if (nd > 1)
            PUT(".%s", digits + 1);
        PUT("e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else if (exp < 0) {
        PUT("0.");
        for (int i = -1; i > exp; i--)
            PUT("0");
        PUT("%s", digits);
    } else {
        for (int i = 0; i <= exp; i++)
            PUT("%c", i < nd ? digits[i] : '0');
        if (nd > exp + 1)
            PUT(".%s", digits + exp + 1);
        else if (add_dot_0)
            PUT(".0");
    }
#undef PUT
}

/* Mirrors unicode_repr() / bytes_repr(): the quote, escapes, printable characters kept. */
static void str_repr(const char *s, size_t len, int bytes, int minor, char *out, size_t n)
{
    int has_sq = memchr(s, '\'', len) != NULL, has_dq = memchr(s, '"', len) != NULL;
    char quote = has_sq && !has_dq ? '"' : '\'';
    size_t o = 0;
#define OUT(...)                                                                                             \
    do {                                                                                                     \
        int k_ = snprintf(out + o, o < n ? n - o : 0, __VA_ARGS__);                                          \
        if (k_ > 0)                                                                                          \
            o += (size_t)k_;                                                                                 \
    } while (0)
    if (bytes)
        OUT("b");
    OUT("%c", quote);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        int k = 1;
        if (bytes) {
            cp = (unsigned char)s[i];
        } else {
            k = pylex_utf8_decode((const unsigned char *)s + i, len - i, &cp);
            if (k <= 0)
                k = 1, cp = (unsigned char)s[i];
        }
        i += (size_t)k;
        if (cp == (unsigned)quote || cp == '\\')
            OUT("\\%c", (char)cp);
        else if (cp == '\t')
            OUT("\\t");
        else if (cp == '\n')
            OUT("\\n");
        else if (cp == '\r')
            OUT("\\r");
        else if (cp < 0x20 || cp == 0x7f || (bytes && cp >= 0x80))
            OUT("\\x%02x", cp);
        else if (cp < 0x80 || pylex_uni_is_printable(cp, minor))
            OUT("%.*s", k, s + i - (size_t)k);
        else if (cp < 0x100)
            OUT("\\x%02x", cp);
        else if (cp < 0x10000)
            OUT("\\u%04x", cp);
        else
            OUT("\\U%08x", cp);
        if (o >= n)
            break;
    }
    OUT("%c", quote);
#undef OUT
    if (o >= n && n)
        out[n - 1] = '\0';
}

/* repr() of a key for "mapping pattern checks duplicate key (%R)". */
static void key_repr(const kval_t *k, int minor, char *out, size_t n)
{
    char a[64], b[64];
    switch (k->kind) {
    case KV_NONE: snprintf(out, n, "None"); return;
    case KV_TRUE: snprintf(out, n, "True"); return;
    case KV_FALSE: snprintf(out, n, "False"); return;
    case KV_INT: snprintf(out, n, "%s%s", k->neg && strcmp(k->digits, "0") ? "-" : "", k->digits); return;
    case KV_FLOAT: float_repr(k->re, 1, out, n); return;
    case KV_COMPLEX:
        /* complex_repr(): "bj" when the real part is +0, else "(a+bj)" */
        float_repr(k->im, 0, b, sizeof b);
        if (k->re == 0.0 && !signbit(k->re)) {
            snprintf(out, n, "%sj", b);
            return;
        }
        float_repr(k->re, 0, a, sizeof a);
        snprintf(out, n, "(%s%s%sj)", a, (k->im >= 0 || k->im != k->im) ? "+" : "", b);
        return;
    case KV_STR:
    case KV_BYTES: str_repr(k->s, k->len, k->kind == KV_BYTES, minor, out, n); return;
    default: snprintf(out, n, "?"); return;
    }
}

/* pattern_context: the names a case binds so far (and their index);
 * irrefutable sub-patterns allowed. */
typedef struct {
    vec_t stores; /* const char* */
    hindex_t index;
    int allow_irrefutable;
} pc_t;

static int stores_eq(const void *ctx, int a, int b)
{
    const vec_t *v = ctx;
    return strcmp(v->items[a], v->items[b]) == 0;
}

/* Adds name to the names the case binds: 1 when it binds it already (name
 * not added), 0, or -1 out of memory */
static int pc_add(parser_t *p, pc_t *pc, const char *name)
{
    if (vec_push(p, &pc->stores, (void *)name) < 0)
        return -1;
    int e = hindex_add(p, &pc->index, name_hash(name), pc->stores.n - 1, stores_eq, &pc->stores);
    if (e == -1)
        return 0;
    pc->stores.n--;
    return e >= 0 ? 1 : -1;
}

static int pc_contains(const pc_t *pc, const char *name)
{
    if (!pc->index.cap)
        return 0;
    unsigned h = name_hash(name);
    for (unsigned j = h & (unsigned)(pc->index.cap - 1); pc->index.slots[j].item;
         j = (j + 1) & (unsigned)(pc->index.cap - 1))
        if (pc->index.slots[j].hash == h && strcmp(pc->stores.items[pc->index.slots[j].item - 1], name) == 0)
            return 1;
    return 0;
}

/* 3.10/3.11 report pattern errors at the pattern last entered (SET_LOC
   without restore); 3.12 at the node the check is about. */
#define PAT_ERR(g, node, ...)                                                                                \
    ((g)->minor >= 12 ? NODE_ERR((g)->p, (node), __VA_ARGS__) : CUR_ERR((g), __VA_ARGS__))

/* Mirrors pattern_helper_store_name(). */
static int pattern_store(cg_t *g, pyparse_pattern_t *pt, const char *name, pc_t *pc)
{
    if (!name)
        return 0;
    if (g->minor >= 12 ? forbidden(g, name, PYCTX_STORE, LOC(pt)) < 0
                       : forbidden(g, name, PYCTX_STORE, g->cl, g->cc, g->cel, g->cec) < 0)
        return -1;
    int dup = pc_add(g->p, pc, name);
    if (dup > 0)
        return PAT_ERR(g, pt, "multiple assignments to name '%s' in pattern", name);
    return dup;
}

static int cg_pattern(cg_t *g, pyparse_pattern_t *pt, pc_t *pc);

/* compiler_pattern_subpattern(): irrefutable sub-patterns are fine. */
static int cg_subpattern(cg_t *g, pyparse_pattern_t *pt, pc_t *pc)
{
    int saved = pc->allow_irrefutable;
    pc->allow_irrefutable = 1;
    if (cg_pattern(g, pt, pc) < 0)
        return -1;
    pc->allow_irrefutable = saved;
    return 0;
}

static int is_wildcard(const pyparse_pattern_t *pt)
{
    return pt->kind == PYPAT_AS && !pt->pattern && !pt->name;
}

/* Mirrors compiler_pattern() and its cases. */
static int cg_pattern(cg_t *g, pyparse_pattern_t *pt, pc_t *pc)
{
    parser_t *p = g->p;
    set_loc(g, LOC(pt));
    switch (pt->kind) {
    case PYPAT_VALUE:
        if (pt->value->kind != PYEXPR_CONSTANT && pt->value->kind != PYEXPR_ATTRIBUTE &&
            key_value(pt->value).kind == KV_OTHER)
            return PAT_ERR(g, pt, "patterns may only match literals and attribute lookups");
        return cg_expr(g, pt->value);
    case PYPAT_SINGLETON: return 0;
    case PYPAT_SEQUENCE: {
        int star = -1;
        for (size_t i = 0; i < pt->patterns.n; i++) {
            if (pt->patterns.items[i]->kind != PYPAT_STAR)
                continue;
            if (star >= 0)
                return PAT_ERR(g, pt, "multiple starred names in sequence pattern");
            star = (int)i;
        }
        for (size_t i = 0; i < pt->patterns.n; i++)
            if (cg_subpattern(g, pt->patterns.items[i], pc) < 0)
                return -1;
        return 0;
    }
    case PYPAT_MAPPING: {
        /* compiler_pattern_mapping_keys(): literal or attribute keys, no
         * duplicates (its `seen` set) */
        kval_t *keys = pt->keys.n ? pp_alloc(p, pt->keys.n * sizeof *keys) : NULL;
        hindex_t seen = {NULL, 0, 0};
        if (pt->keys.n && !keys)
            return -1;
        for (size_t i = 0; i < pt->keys.n; i++) {
            pyparse_expr_t *key = pt->keys.items[i];
            kval_t k = keys[i] = key_value(key);
            if (k.kind != KV_OTHER) {
                int dup = hindex_add(p, &seen, key_hash(&k), (int)i, keys_eq, keys);
                if (dup == -2)
                    return -1;
                if (dup >= 0) {
                    char r[512];
                    key_repr(&k, g->minor, r, sizeof r);
                    return PAT_ERR(g, pt, "mapping pattern checks duplicate key (%s)", r);
                }
            } else if (key->kind != PYEXPR_ATTRIBUTE) {
                return PAT_ERR(g, pt, "mapping pattern keys may only match literals and attribute lookups");
            }
            if (cg_expr(g, key) < 0)
                return -1;
        }
        for (size_t i = 0; i < pt->patterns.n; i++)
            if (cg_subpattern(g, pt->patterns.items[i], pc) < 0)
                return -1;
        return pattern_store(g, pt, pt->name, pc);
    }
    case PYPAT_CLASS:
        /* validate_kwd_attrs(): each error points at the keyword's pattern;
         * the first name repeated later names its next repetition. next[i]:
         * the next keyword of name i, found through the index of the last
         * one of each name */
        if (pt->n_kwd) {
            int *next = pp_alloc(p, 2 * pt->n_kwd * sizeof *next);
            hindex_t first = {NULL, 0, 0};
            if (!next)
                return -1;
            int *tail = next + pt->n_kwd;
            for (size_t j = 0; j < pt->n_kwd; j++) {
                next[j] = -1;
                tail[j] = (int)j; /* for a name's first keyword: its latest */
                int e = hindex_add(p, &first, name_hash(pt->kwd_attrs[j]), (int)j, names_eq,
                                   (const void *)pt->kwd_attrs);
                if (e == -2)
                    return -1;
                if (e >= 0) {
                    next[tail[e]] = (int)j;
                    tail[e] = (int)j;
                }
            }
            for (size_t i = 0; i < pt->n_kwd; i++) {
                if (forbidden(g, pt->kwd_attrs[i], PYCTX_STORE, LOC(pt->kwd_patterns[i])) < 0)
                    return -1;
                if (next[i] >= 0)
                    return NODE_ERR(p, pt->kwd_patterns[next[i]],
                                    "attribute name repeated in class pattern: %s", pt->kwd_attrs[i]);
            }
        }
        if (pt->n_kwd)
            set_loc(g, LOC(pt));
        if (cg_expr(g, pt->value) < 0)
            return -1;
        for (size_t i = 0; i < pt->patterns.n + pt->n_kwd; i++) {
            pyparse_pattern_t *sub =
                i < pt->patterns.n ? pt->patterns.items[i] : pt->kwd_patterns[i - pt->patterns.n];
            if (!is_wildcard(sub) && cg_subpattern(g, sub, pc) < 0)
                return -1;
        }
        return 0;
    case PYPAT_STAR: return pattern_store(g, pt, pt->name, pc);
    case PYPAT_AS:
        if (!pt->pattern) {
            if (!pc->allow_irrefutable) {
                if (pt->name)
                    return PAT_ERR(g, pt, "name capture '%s' makes remaining patterns unreachable", pt->name);
                return PAT_ERR(g, pt, "wildcard makes remaining patterns unreachable");
            }
            return pattern_store(g, pt, pt->name, pc);
        }
        if (cg_pattern(g, pt->pattern, pc) < 0)
            return -1;
        return pattern_store(g, pt, pt->name, pc);
    case PYPAT_OR: {
        /* compiler_pattern_or(): every alternative binds the same names */
        pc_t old = *pc, control;
        memset(&control, 0, sizeof control);
        size_t n = pt->patterns.n;
        for (size_t i = 0; i < n; i++) {
            pyparse_pattern_t *alt = pt->patterns.items[i];
            set_loc(g, LOC(alt));
            pc_t sub;
            memset(&sub, 0, sizeof sub);
            sub.allow_irrefutable = i == n - 1 && old.allow_irrefutable;
            if (cg_pattern(g, alt, &sub) < 0)
                return -1;
            if (i == 0) {
                control = sub;
                continue;
            }
            /* the same names (each alternative binds a name once) */
            int differ = sub.stores.n != control.stores.n;
            for (int k = 0; !differ && k < sub.stores.n; k++)
                differ = !pc_contains(&control, sub.stores.items[k]);
            if (differ)
                return PAT_ERR(g, pt, "alternative patterns bind different names");
        }
        *pc = old;
        for (int k = 0; k < control.stores.n; k++) {
            int dup = pc_add(g->p, pc, control.stores.items[k]);
            if (dup > 0)
                return PAT_ERR(g, pt, "multiple assignments to name '%s' in pattern",
                               (const char *)control.stores.items[k]);
            if (dup < 0)
                return -1;
        }
        return 0;
    }
    }
    return 0;
}

/* Mirrors compiler_match_inner(): an irrefutable case must be guarded or last;
   a trailing "case _:" is not compiled as a pattern. */
static int cg_match(cg_t *g, pyparse_stmt_t *s)
{
    if (cg_expr(g, s->v.match.subject) < 0)
        return -1;
    size_t cases = s->v.match.n_cases;
    pyparse_match_case_t *last = s->v.match.cases[cases - 1];
    int has_default = last->pattern && is_wildcard(last->pattern) && cases > 1;
    for (size_t i = 0; i < cases; i++) {
        pyparse_match_case_t *m = s->v.match.cases[i];
        if (m->pattern) {
            set_loc(g, LOC(m->pattern));
            if (i < cases - (size_t)has_default) {
                pc_t pc;
                memset(&pc, 0, sizeof pc);
                pc.allow_irrefutable = m->guard != NULL || i == cases - 1;
                if (cg_pattern(g, m->pattern, &pc) < 0)
                    return -1;
            }
        }
        if (m->guard && cg_expr(g, m->guard) < 0)
            return -1;
        if (cg_stmts(g, &m->body) < 0)
            return -1;
    }
    return 0;
}

/* What _PyAST_Optimize() leaves a Constant, as far as compiler_return()'s
   location needs it: 0 not one, else its kind (FC_*). Followed: fold_unaryop()
   on numbers and `not`, fold_tuple(), and of fold_binop() what cannot fail
   or grow past its limits: + and - of numbers, the bit operations of ints,
   str + str, bytes + bytes, tuple + tuple and * of two literal numbers (an int literal of
   at most 18 digits: safe_multiply()'s 128 bits hold the product); anything
   else counts as not constant */
enum { FC_INT = 1, FC_FLOAT, FC_STR, FC_BYTES, FC_TUPLE, FC_OTHER };

static int folded_const(const pyparse_expr_t *e)
{
    int k, k2;
    switch (e->kind) {
    case PYEXPR_CONSTANT:
        switch (e->v.constant.kind) {
        case PYCONST_TRUE:
        case PYCONST_FALSE:
        case PYCONST_INT: return FC_INT;
        case PYCONST_FLOAT:
        case PYCONST_COMPLEX: return FC_FLOAT;
        case PYCONST_STR: return FC_STR;
        case PYCONST_BYTES: return FC_BYTES;
        default: return FC_OTHER;
        }
    case PYEXPR_UNARYOP:
        if (!(k = folded_const(e->v.unaryop.operand)))
            return 0;
        if (e->v.unaryop.op == PYUOP_NOT)
            return FC_INT;
        if (e->v.unaryop.op == PYUOP_INVERT)
            return k == FC_INT ? FC_INT : 0;
        return k <= FC_FLOAT ? k : 0;
    case PYEXPR_BINOP: {
        const pyparse_expr_t *l = e->v.binop.left, *r = e->v.binop.right;
        if (!(k = folded_const(l)) || !(k2 = folded_const(r)))
            return 0;
        bool num = k <= FC_FLOAT && k2 <= FC_FLOAT;
        switch (e->v.binop.op) {
        case PYOP_ADD:
            if (k == k2 && (k == FC_STR || k == FC_BYTES || k == FC_TUPLE))
                return k;
            /* fall through */
        case PYOP_SUB: return num ? (k > k2 ? k : k2) : 0;
        case PYOP_BITOR:
        case PYOP_BITXOR:
        case PYOP_BITAND: return k == FC_INT && k2 == FC_INT ? FC_INT : 0;
        case PYOP_MULT:
            if (!num || l->kind != PYEXPR_CONSTANT || r->kind != PYEXPR_CONSTANT)
                return 0;
            if ((l->v.constant.kind == PYCONST_INT && strlen(l->v.constant.str) > 18) ||
                (r->v.constant.kind == PYCONST_INT && strlen(r->v.constant.str) > 18))
                return 0;
            return k > k2 ? k : k2;
        default: return 0;
        }
    }
    case PYEXPR_TUPLE:
        if (e->v.tuple.ctx != PYCTX_LOAD)
            return 0;
        for (size_t i = 0; i < e->v.tuple.elts.n; i++)
            if (!folded_const(e->v.tuple.elts.items[i]))
                return 0;
        return FC_TUPLE;
    default: return 0;
    }
}

/* compiler_return()'s compiler_unwind_fblock_stack(c, &loc, preserve_tos,
   NULL), for its 3.11+ except* test only (the finally bodies it compiles on
   the way are compiled again where they stand): the location is the value's
   when that is a constant on the statement's line, else the statement's */
static int cg_return_unwind(cg_t *g, pyparse_stmt_t *s)
{
    if (g->minor < 11)
        return 0;
    int top = -1;
    for (int i = g->nfb - 1; i >= 0 && top < 0; i--)
        if (g->fb[i].type == FB_EXC_GROUP)
            top = i;
    if (top < 0)
        return 0;
    const pyparse_expr_t *v = s->v.return_.value;
    int loc[4] = {LOC(s)};
    if (v && folded_const(v) && v->lineno == s->lineno) {
        loc[0] = v->lineno, loc[1] = v->col_offset, loc[2] = v->end_lineno, loc[3] = v->end_col_offset;
    }
    bool unwound = false;
    for (int i = g->nfb - 1; i > top; i--)
        if (g->fb[i].type == FB_WITH || g->fb[i].type == FB_FINALLY_TRY)
            unwound = true;
    return exc_group_jump(g, loc, unwound);
}

/* Mirrors compiler_visit_stmt(): the statement is the current location. */
static int cg_stmt(cg_t *g, pyparse_stmt_t *s)
{
    parser_t *p = g->p;
    set_loc(g, LOC(s));
    switch (s->kind) {
    case PYSTMT_FUNCTIONDEF:
    case PYSTMT_ASYNCFUNCTIONDEF: return cg_funcdef(g, s);
    case PYSTMT_CLASSDEF: return cg_classdef(g, s);
    case PYSTMT_RETURN:
        if (!unit_function_like(g))
            return NODE_ERR(p, s, "'return' outside function");
        if (s->v.return_.value && g->ste->coroutine && g->ste->generator)
            return NODE_ERR(p, s, "'return' with value in async generator");
        if (s->v.return_.value && cg_expr(g, s->v.return_.value) < 0)
            return -1;
        return cg_return_unwind(g, s);
    case PYSTMT_DELETE: return cg_exprs(g, &s->v.delete_.targets);
    case PYSTMT_ASSIGN:
        if (cg_expr(g, s->v.assign.value) < 0)
            return -1;
        return cg_exprs(g, &s->v.assign.targets);
    case PYSTMT_TYPEALIAS:
        if (s->v.typealias.type_params.n && cg_type_params(g, &s->v.typealias.type_params) < 0)
            return -1;
        if (cg_expr(g, s->v.typealias.value) < 0)
            return -1;
        return store_name(g, s->v.typealias.name->v.name.id, s);
    case PYSTMT_AUGASSIGN: {
        pyparse_expr_t *t = s->v.augassign.target;
        if (t->kind == PYEXPR_ATTRIBUTE || t->kind == PYEXPR_SUBSCRIPT) {
            set_loc(g, LOC(t));
            if (cg_expr(g, t->kind == PYEXPR_ATTRIBUTE ? t->v.attribute.value : t->v.subscript.value) < 0)
                return -1;
            if (t->kind == PYEXPR_SUBSCRIPT && cg_expr(g, t->v.subscript.slice) < 0)
                return -1;
            set_loc(g, LOC(s));
        }
        if (cg_expr(g, s->v.augassign.value) < 0)
            return -1;
        if (t->kind == PYEXPR_NAME)
            return forbidden(g, t->v.name.id, PYCTX_STORE, LOC(t));
        if (t->kind == PYEXPR_ATTRIBUTE)
            return forbidden(g, t->v.attribute.attr, PYCTX_STORE, LOC(t));
        return 0;
    }
    case PYSTMT_ANNASSIGN: return cg_annassign(g, s);
    case PYSTMT_FOR:
    case PYSTMT_ASYNCFOR: {
        if (s->kind == PYSTMT_ASYNCFOR && g->scope_type != CS_ASYNC_FUNCTION)
            return NODE_ERR(p, s, "'async for' outside async function");
        if (cg_expr(g, s->v.for_.iter) < 0 || cg_expr(g, s->v.for_.target) < 0)
            return -1;
        set_loc(g, LOC(s));
        if (push_fblock(g, FB_LOOP, s, LOC(s)) < 0 || cg_stmts(g, &s->v.for_.body) < 0)
            return -1;
        g->nfb--;
        return cg_stmts(g, &s->v.for_.orelse);
    }
    case PYSTMT_WHILE: {
        if (cg_expr(g, s->v.while_.test) < 0)
            return -1;
        set_loc(g, LOC(s));
        if (push_fblock(g, FB_LOOP, s, LOC(s)) < 0 || cg_stmts(g, &s->v.while_.body) < 0)
            return -1;
        g->nfb--;
        return cg_stmts(g, &s->v.while_.orelse);
    }
    case PYSTMT_IF:
        if (cg_expr(g, s->v.if_.test) < 0 || cg_stmts(g, &s->v.if_.body) < 0)
            return -1;
        return cg_stmts(g, &s->v.if_.orelse);
    case PYSTMT_WITH:
    case PYSTMT_ASYNCWITH:
        if (s->kind == PYSTMT_ASYNCWITH && g->scope_type != CS_ASYNC_FUNCTION)
            return NODE_ERR(p, s, "'async with' outside async function");
        {
            /* compiler_with(): one WITH block per item, nested */
            int base = g->nfb;
            for (size_t i = 0; i < s->v.with.n_items; i++) {
                if (cg_expr(g, s->v.with.context_exprs[i]) < 0)
                    return -1;
                set_loc(g, LOC(s));
                /* 3.13 pushes the block at the context expression's location */
                pyparse_expr_t *ce = s->v.with.context_exprs[i];
                if (g->minor >= 13 ? push_fblock(g, FB_WITH, s, LOC(ce)) < 0
                                   : push_fblock(g, FB_WITH, s, LOC(s)) < 0)
                    return -1;
                if (s->v.with.optional_vars[i] && cg_expr(g, s->v.with.optional_vars[i]) < 0)
                    return -1;
            }
            if (cg_stmts(g, &s->v.with.body) < 0)
                return -1;
            g->nfb = base;
            return 0;
        }
    case PYSTMT_MATCH: return cg_match(g, s);
    case PYSTMT_RAISE:
        if (s->v.raise.exc && cg_expr(g, s->v.raise.exc) < 0)
            return -1;
        return s->v.raise.cause ? cg_expr(g, s->v.raise.cause) : 0;
    case PYSTMT_TRY:
    case PYSTMT_TRYSTAR: return cg_try(g, s);
    case PYSTMT_ASSERT:
        if (cg_expr(g, s->v.assert_.test) < 0)
            return -1;
        return s->v.assert_.msg ? cg_expr(g, s->v.assert_.msg) : 0;
    case PYSTMT_IMPORT:
        for (size_t i = 0; i < s->v.import.n; i++)
            if (store_name(g, import_store_name(p, s->v.import.names[i]), s) < 0)
                return -1;
        return 0;
    case PYSTMT_IMPORTFROM:
        if (s->lineno > g->ff_lineno && s->v.import.module && strcmp(s->v.import.module, "__future__") == 0)
            return NODE_ERR(p, s, "from __future__ imports must occur at the beginning of the file");
        for (size_t i = 0; i < s->v.import.n; i++) {
            pyparse_alias_t *a = s->v.import.names[i];
            if (strcmp(a->name, "*") != 0 && store_name(g, a->asname ? a->asname : a->name, s) < 0)
                return -1;
        }
        return 0;
    case PYSTMT_EXPR: return cg_expr(g, s->v.expr.value);
    case PYSTMT_BREAK: return cg_break(g, s, "'break' outside loop");
    case PYSTMT_CONTINUE: return cg_break(g, s, "'continue' not properly in loop");
    default: return 0;
    }
}

static int cg_stmts(cg_t *g, pyparse_stmts_t *body)
{
    for (size_t i = 0; i < body->n; i++)
        if (cg_stmt(g, body->items[i]) < 0)
            return -1;
    return 0;
}

int pp_check_module(parser_t *p, pyparse_stmts_t *mod)
{
    int ff_lineno, ff_annotations;
    if (check_future(p, mod, &ff_lineno, &ff_annotations) < 0)
        return -1;
    if (fold_stmts(mod, 0, p->prof->minor >= 13 ? 9997 : 2994)) {
        set_err(p, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE,
                "maximum recursion depth exceeded during compilation");
        p->err.type = "RecursionError";
        return -1;
    }
    scope_t *top = pp_alloc(p, sizeof *top);
    if (!top)
        return -1;
    top->type = MODULE_BLOCK;
    st_t st;
    memset(&st, 0, sizeof st);
    st.p = p;
    st.minor = p->prof->minor;
    st.future_annotations = ff_annotations;
    st.cur = st.top = top;
    if (st_stmts(&st, mod) < 0 || analyze(&st, top) < 0)
        return -1;
    cg_t g;
    memset(&g, 0, sizeof g);
    g.p = p;
    g.st = &st;
    g.minor = st.minor;
    fblock_t fb[MAX_FBLOCKS];
    g.ste = top;
    g.scope_type = CS_MODULE;
    g.fb = fb;
    g.max_fb = st.minor >= 13 ? 21 : 20;
    g.ff_lineno = ff_lineno;
    g.future_annotations = ff_annotations;
    if (check_docstring(p, mod) < 0)
        return -1;
    return cg_stmts(&g, mod);
}
