/*
 * pyparse_ast.c — AST construction helpers for the grammar, mirroring the
 * helpers of CPython's Parser/action_helpers.c that decide error messages
 * (_PyPegen_get_expr_name, _PyPegen_get_invalid_target, ...), plus the
 * table of constructs heapd executes (pyparse_first_unsupported()).
 */
#include "pyparse_int.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Allocation                                                           */
/* ------------------------------------------------------------------ */

void *pp_alloc(parser_t *p, size_t n)
{
    void *r = pyparse_arena_alloc(p->arena, n);
    if (!r)
        pp_nomem(p);
    return r;
}

int vec_push(parser_t *p, vec_t *v, void *item)
{
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 4;
        void **items = pp_alloc(p, (size_t)cap * sizeof *items);
        if (!items)
            return -1;
        if (v->n)
            memcpy(items, v->items, (size_t)v->n * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = item;
    return 0;
}

pyparse_exprs_t vec_exprs(vec_t *v)
{
    pyparse_exprs_t r = {(size_t)(v ? v->n : 0), v ? (pyparse_expr_t **)v->items : NULL};
    return r;
}

pyparse_stmts_t vec_stmts(vec_t *v)
{
    pyparse_stmts_t r = {(size_t)(v ? v->n : 0), v ? (pyparse_stmt_t **)v->items : NULL};
    return r;
}

pyparse_type_params_t vec_type_params(vec_t *v)
{
    pyparse_type_params_t r = {(size_t)(v ? v->n : 0), v ? (pyparse_type_param_t **)v->items : NULL};
    return r;
}

pyparse_expr_t *pp_expr(parser_t *p, pyparse_expr_kind_t kind, int l, int c, int el, int ec)
{
    pyparse_expr_t *e = pp_alloc(p, sizeof *e);
    if (!e)
        return NULL;
    e->kind = kind;
    e->lineno = l;
    e->col_offset = c;
    e->end_lineno = el;
    e->end_col_offset = ec;
    return e;
}

pyparse_stmt_t *pp_stmt(parser_t *p, pyparse_stmt_kind_t kind, int l, int c, int el, int ec)
{
    pyparse_stmt_t *s = pp_alloc(p, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->lineno = l;
    s->col_offset = c;
    s->end_lineno = el;
    s->end_col_offset = ec;
    return s;
}

/* Mirrors _PyPegen_name_from_token(). */
pyparse_expr_t *pp_name_from_token(parser_t *p, ptoken_t *t)
{
    if (!t)
        return NULL;
    pyparse_expr_t *e = pp_expr(p, PYEXPR_NAME, LOC(t));
    if (!e)
        return NULL;
    e->v.name.id = pyparse_arena_strndup(p->arena, t->start, (size_t)(t->end - t->start));
    if (!e->v.name.id) {
        pp_nomem(p);
        return NULL;
    }
    e->v.name.ctx = PYCTX_LOAD;
    return e;
}

/* Mirrors _PyPegen_set_expr_context(): targets get Store or Del, deeply. */
pyparse_expr_t *pp_set_expr_context(parser_t *p, pyparse_expr_t *e, pyparse_ctx_t ctx)
{
    (void)p;
    switch (e->kind) {
    case PYEXPR_NAME: e->v.name.ctx = ctx; break;
    case PYEXPR_TUPLE:
        e->v.tuple.ctx = ctx;
        for (size_t i = 0; i < e->v.tuple.elts.n; i++)
            pp_set_expr_context(p, e->v.tuple.elts.items[i], ctx);
        break;
    case PYEXPR_LIST:
        e->v.list.ctx = ctx;
        for (size_t i = 0; i < e->v.list.elts.n; i++)
            pp_set_expr_context(p, e->v.list.elts.items[i], ctx);
        break;
    case PYEXPR_SUBSCRIPT: e->v.subscript.ctx = ctx; break;
    case PYEXPR_ATTRIBUTE: e->v.attribute.ctx = ctx; break;
    case PYEXPR_STARRED:
        e->v.starred.ctx = ctx;
        pp_set_expr_context(p, e->v.starred.value, ctx);
        break;
    default: break;
    }
    return e;
}

/* Mirrors _PyPegen_get_expr_name(): how messages name an expression. */
const char *pp_expr_name(parser_t *p, const pyparse_expr_t *e)
{
    switch (e->kind) {
    case PYEXPR_ATTRIBUTE: return "attribute";
    case PYEXPR_SUBSCRIPT: return "subscript";
    case PYEXPR_STARRED: return "starred";
    case PYEXPR_NAME: return "name";
    case PYEXPR_LIST: return "list";
    case PYEXPR_TUPLE: return "tuple";
    case PYEXPR_LAMBDA: return "lambda";
    case PYEXPR_CALL: return "function call";
    case PYEXPR_BOOLOP:
    case PYEXPR_BINOP:
    case PYEXPR_UNARYOP: return "expression";
    case PYEXPR_GENERATOREXP: return "generator expression";
    case PYEXPR_YIELD:
    case PYEXPR_YIELDFROM: return "yield expression";
    case PYEXPR_AWAIT: return "await expression";
    case PYEXPR_LISTCOMP: return "list comprehension";
    case PYEXPR_SETCOMP: return "set comprehension";
    case PYEXPR_DICTCOMP: return "dict comprehension";
    case PYEXPR_DICT: return "dict literal";
    case PYEXPR_SET: return "set display";
    case PYEXPR_JOINEDSTR:
    case PYEXPR_FORMATTEDVALUE: return "f-string expression";
    case PYEXPR_CONSTANT:
        switch (e->v.constant.kind) {
        case PYCONST_NONE: return "None";
        case PYCONST_FALSE: return "False";
        case PYCONST_TRUE: return "True";
        case PYCONST_ELLIPSIS: return p->prof->msg_ellipsis;
        default: return "literal";
        }
    case PYEXPR_COMPARE: return "comparison";
    case PYEXPR_IFEXP: return "conditional expression";
    case PYEXPR_NAMEDEXPR: return "named expression";
    default: return "expression";
    }
}

/* Mirrors _PyPegen_get_invalid_target(): the first part that cannot be assigned or deleted. */
pyparse_expr_t *pp_get_invalid_target(pyparse_expr_t *e, targets_type_t t)
{
    if (!e)
        return NULL;
    switch (e->kind) {
    case PYEXPR_LIST:
    case PYEXPR_TUPLE: {
        pyparse_exprs_t *elts = e->kind == PYEXPR_LIST ? &e->v.list.elts : &e->v.tuple.elts;
        for (size_t i = 0; i < elts->n; i++) {
            pyparse_expr_t *child = pp_get_invalid_target(elts->items[i], t);
            if (child)
                return child;
        }
        return NULL;
    }
    case PYEXPR_STARRED:
        if (t == DEL_TARGETS)
            return e;
        return pp_get_invalid_target(e->v.starred.value, t);
    case PYEXPR_COMPARE:
        /* `for a in b` parses `a in b` as a comparison: look at its left side. */
        if (t == FOR_TARGETS) {
            if (e->v.compare.ops[0] == PYCMP_IN)
                return pp_get_invalid_target(e->v.compare.left, t);
            return NULL;
        }
        return e;
    case PYEXPR_NAME:
    case PYEXPR_SUBSCRIPT:
    case PYEXPR_ATTRIBUTE: return NULL;
    default: return e;
    }
}

/* Mirrors _RAISE_SYNTAX_ERROR_INVALID_TARGET(). */
void *pp_raise_invalid_target(parser_t *p, targets_type_t t, pyparse_expr_t *e)
{
    pyparse_expr_t *bad = pp_get_invalid_target(e, t);
    if (bad) {
        if (t == STAR_TARGETS || t == FOR_TARGETS)
            RAISE_SYNTAX_ERROR_KNOWN_LOCATION(bad, "cannot assign to %s", pp_expr_name(p, bad));
        else
            RAISE_SYNTAX_ERROR_KNOWN_LOCATION(bad, "cannot delete %s", pp_expr_name(p, bad));
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Kind names and the supported subset                                  */
/* ------------------------------------------------------------------ */

static const char *const stmt_names[PYSTMT_N_KINDS] = {"FunctionDef", "AsyncFunctionDef",
                                                       "ClassDef",    "Return",
                                                       "Delete",      "Assign",
                                                       "TypeAlias",   "AugAssign",
                                                       "AnnAssign",   "For",
                                                       "AsyncFor",    "While",
                                                       "If",          "With",
                                                       "AsyncWith",   "Match",
                                                       "Raise",       "Try",
                                                       "TryStar",     "Assert",
                                                       "Import",      "ImportFrom",
                                                       "Global",      "Nonlocal",
                                                       "Expr",        "Pass",
                                                       "Break",       "Continue"};

static const char *const expr_names[PYEXPR_N_KINDS] = {
    "BoolOp",    "NamedExpr", "BinOp",   "UnaryOp",        "Lambda",       "IfExp",    "Dict",
    "Set",       "ListComp",  "SetComp", "DictComp",       "GeneratorExp", "Await",    "Yield",
    "YieldFrom", "Compare",   "Call",    "FormattedValue", "JoinedStr",    "Constant", "Attribute",
    "Subscript", "Starred",   "Name",    "List",           "Tuple",        "Slice"};

const char *pyparse_stmt_kind_name(pyparse_stmt_kind_t k)
{
    return (unsigned)k < PYSTMT_N_KINDS ? stmt_names[k] : "?";
}

const char *pyparse_expr_kind_name(pyparse_expr_kind_t k)
{
    return (unsigned)k < PYEXPR_N_KINDS ? expr_names[k] : "?";
}

/* The statements heapd executes; everything else is "unsupported". */
static const unsigned char stmt_supported[PYSTMT_N_KINDS] = {
    [PYSTMT_FUNCTIONDEF] = 1, [PYSTMT_CLASSDEF] = 1,  [PYSTMT_DELETE] = 1,
    [PYSTMT_ASSIGN] = 1,      [PYSTMT_AUGASSIGN] = 1, [PYSTMT_IMPORT] = 1,
    [PYSTMT_IMPORTFROM] = 1,  [PYSTMT_EXPR] = 1,      [PYSTMT_PASS] = 1,
};

/* The expressions heapd evaluates (BoolOp and Starred arguments included). */
static const unsigned char expr_supported[PYEXPR_N_KINDS] = {
    [PYEXPR_BOOLOP] = 1,    [PYEXPR_BINOP] = 1,     [PYEXPR_UNARYOP] = 1,   [PYEXPR_DICT] = 1,
    [PYEXPR_SET] = 1,       [PYEXPR_COMPARE] = 1,   [PYEXPR_CALL] = 1,      [PYEXPR_CONSTANT] = 1,
    [PYEXPR_ATTRIBUTE] = 1, [PYEXPR_SUBSCRIPT] = 1, [PYEXPR_STARRED] = 1,   [PYEXPR_NAME] = 1,
    [PYEXPR_LIST] = 1,      [PYEXPR_TUPLE] = 1,     [PYEXPR_JOINEDSTR] = 1, [PYEXPR_FORMATTEDVALUE] = 1,
};

typedef struct {
    pyparse_unsupported_t found;
} scan_t;

static void scan_expr(scan_t *s, const pyparse_expr_t *e);

static void note(scan_t *s, const char *what, int lineno)
{
    if (!s->found.construct) {
        s->found.construct = what;
        s->found.lineno = lineno;
    }
}

static void scan_exprs(scan_t *s, const pyparse_exprs_t *v)
{
    for (size_t i = 0; i < v->n && !s->found.construct; i++)
        scan_expr(s, v->items[i]);
}

static void scan_expr(scan_t *s, const pyparse_expr_t *e)
{
    if (!e || s->found.construct)
        return;
    if (!expr_supported[e->kind]) {
        note(s, expr_names[e->kind], e->lineno);
        return;
    }
    switch (e->kind) {
    case PYEXPR_BOOLOP: scan_exprs(s, &e->v.boolop.values); break;
    case PYEXPR_BINOP:
        scan_expr(s, e->v.binop.left);
        scan_expr(s, e->v.binop.right);
        break;
    case PYEXPR_UNARYOP: scan_expr(s, e->v.unaryop.operand); break;
    case PYEXPR_DICT:
        for (size_t i = 0; i < e->v.dict.keys.n; i++) {
            if (!e->v.dict.keys.items[i])
                note(s, "dict unpacking", e->lineno);
            scan_expr(s, e->v.dict.keys.items[i]);
            scan_expr(s, e->v.dict.values.items[i]);
        }
        break;
    case PYEXPR_SET: scan_exprs(s, &e->v.set.elts); break;
    case PYEXPR_COMPARE:
        scan_expr(s, e->v.compare.left);
        for (size_t i = 0; i < e->v.compare.n; i++)
            scan_expr(s, e->v.compare.comparators[i]);
        break;
    case PYEXPR_CALL:
        scan_expr(s, e->v.call.func);
        scan_exprs(s, &e->v.call.args);
        for (size_t i = 0; i < e->v.call.n_keywords; i++)
            scan_expr(s, e->v.call.keywords[i]->value);
        break;
    case PYEXPR_CONSTANT:
        if (e->v.constant.unsupported)
            note(s, e->v.constant.unsupported, e->lineno);
        break;
    case PYEXPR_ATTRIBUTE: scan_expr(s, e->v.attribute.value); break;
    case PYEXPR_JOINEDSTR: scan_exprs(s, &e->v.joinedstr.values); break;
    case PYEXPR_FORMATTEDVALUE:
        scan_expr(s, e->v.formattedvalue.value);
        scan_expr(s, e->v.formattedvalue.format_spec);
        break;
    case PYEXPR_SUBSCRIPT:
        scan_expr(s, e->v.subscript.value);
        scan_expr(s, e->v.subscript.slice);
        break;
    case PYEXPR_STARRED: scan_expr(s, e->v.starred.value); break;
    case PYEXPR_LIST: scan_exprs(s, &e->v.list.elts); break;
    case PYEXPR_TUPLE: scan_exprs(s, &e->v.tuple.elts); break;
    default: break;
    }
}

static void scan_stmts(scan_t *s, const pyparse_stmts_t *body);

static void scan_stmt(scan_t *s, const pyparse_stmt_t *st)
{
    if (s->found.construct)
        return;
    if (!stmt_supported[st->kind]) {
        note(s, stmt_names[st->kind], st->lineno);
        return;
    }
    switch (st->kind) {
    case PYSTMT_FUNCTIONDEF: {
        const pyparse_arguments_t *a = st->v.functiondef.args;
        if (st->v.functiondef.decorator_list.n)
            note(s, "decorator", st->lineno);
        if (st->v.functiondef.returns)
            note(s, "annotation", st->lineno);
        if (st->v.functiondef.type_params.n)
            note(s, "type parameters", st->lineno);
        if (a->n_posonly || a->n_kwonly || a->vararg || a->kwarg || a->defaults.n)
            note(s, "parameter kind", st->lineno);
        for (size_t i = 0; i < a->n_args; i++)
            if (a->args[i]->annotation)
                note(s, "annotation", st->lineno);
        scan_stmts(s, &st->v.functiondef.body);
        break;
    }
    case PYSTMT_CLASSDEF:
        if (st->v.classdef.decorator_list.n)
            note(s, "decorator", st->lineno);
        if (st->v.classdef.type_params.n)
            note(s, "type parameters", st->lineno);
        scan_exprs(s, &st->v.classdef.bases);
        for (size_t i = 0; i < st->v.classdef.n_keywords; i++)
            scan_expr(s, st->v.classdef.keywords[i]->value);
        scan_stmts(s, &st->v.classdef.body);
        break;
    case PYSTMT_DELETE: scan_exprs(s, &st->v.delete_.targets); break;
    case PYSTMT_ASSIGN:
        scan_exprs(s, &st->v.assign.targets);
        scan_expr(s, st->v.assign.value);
        break;
    case PYSTMT_AUGASSIGN:
        scan_expr(s, st->v.augassign.target);
        scan_expr(s, st->v.augassign.value);
        break;
    case PYSTMT_EXPR: scan_expr(s, st->v.expr.value); break;
    case PYSTMT_IMPORTFROM:
        if (st->v.import.level)
            note(s, "relative import", st->lineno);
        break;
    default: break;
    }
}

static void scan_stmts(scan_t *s, const pyparse_stmts_t *body)
{
    for (size_t i = 0; i < body->n && !s->found.construct; i++)
        scan_stmt(s, body->items[i]);
}

pyparse_unsupported_t pyparse_first_unsupported(const pyparse_result_t *r)
{
    scan_t s = {{NULL, 0}};
    if (r && r->status == PYPARSE_OK)
        scan_stmts(&s, &r->module);
    return s.found;
}
