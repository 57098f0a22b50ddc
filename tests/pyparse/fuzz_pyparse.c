/*
 * fuzz_pyparse.c — libFuzzer target for pyparse().
 *
 * The first input byte picks the version (310..313) and whether the source
 * is bytes (PYPARSE_BYTES) or str; the rest is the source. Every outcome is
 * walked so that a malformed result (dangling node, bad span, unterminated
 * message) shows up under AddressSanitizer rather than later in the engine.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Iapi tests/pyparse/fuzz_pyparse.c api/py*.c -lm
 *   (or: make -C tests/pyparse fuzz FUZZ_TIME=1200)
 */
#include "pyparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t sink;

static void walk_expr(const pyparse_expr_t *e, int depth);

static void walk_exprs(const pyparse_exprs_t *v, int depth)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i])
            walk_expr(v->items[i], depth);
}

/* Touches every node reachable from e (bounded: the parser bounds nesting). */
static void walk_expr(const pyparse_expr_t *e, int depth)
{
    if (!e || depth > 20000)
        return;
    sink += (size_t)e->kind + (size_t)e->lineno;
    sink += strlen(pyparse_expr_kind_name(e->kind));
    switch (e->kind) {
    case PYEXPR_BOOLOP: walk_exprs(&e->v.boolop.values, depth + 1); break;
    case PYEXPR_NAMEDEXPR:
        walk_expr(e->v.namedexpr.target, depth + 1);
        walk_expr(e->v.namedexpr.value, depth + 1);
        break;
    case PYEXPR_BINOP:
        walk_expr(e->v.binop.left, depth + 1);
        walk_expr(e->v.binop.right, depth + 1);
        break;
    case PYEXPR_UNARYOP: walk_expr(e->v.unaryop.operand, depth + 1); break;
    case PYEXPR_DICT:
        walk_exprs(&e->v.dict.keys, depth + 1);
        walk_exprs(&e->v.dict.values, depth + 1);
        break;
    case PYEXPR_SET: walk_exprs(&e->v.set.elts, depth + 1); break;
    case PYEXPR_COMPARE:
        walk_expr(e->v.compare.left, depth + 1);
        for (size_t i = 0; i < e->v.compare.n; i++)
            walk_expr(e->v.compare.comparators[i], depth + 1);
        break;
    case PYEXPR_CALL:
        walk_expr(e->v.call.func, depth + 1);
        walk_exprs(&e->v.call.args, depth + 1);
        for (size_t i = 0; i < e->v.call.n_keywords; i++) {
            if (e->v.call.keywords[i]->arg)
                sink += strlen(e->v.call.keywords[i]->arg);
            walk_expr(e->v.call.keywords[i]->value, depth + 1);
        }
        break;
    case PYEXPR_CONSTANT:
        if (e->v.constant.str && e->v.constant.len)
            sink += (unsigned char)e->v.constant.str[e->v.constant.len - 1];
        if (e->v.constant.kind == PYCONST_INT && e->v.constant.str)
            sink += strlen(e->v.constant.str);
        break;
    case PYEXPR_ATTRIBUTE:
        sink += strlen(e->v.attribute.attr);
        walk_expr(e->v.attribute.value, depth + 1);
        break;
    case PYEXPR_SUBSCRIPT:
        walk_expr(e->v.subscript.value, depth + 1);
        walk_expr(e->v.subscript.slice, depth + 1);
        break;
    case PYEXPR_STARRED: walk_expr(e->v.starred.value, depth + 1); break;
    case PYEXPR_NAME: sink += strlen(e->v.name.id); break;
    case PYEXPR_LIST: walk_exprs(&e->v.list.elts, depth + 1); break;
    case PYEXPR_TUPLE: walk_exprs(&e->v.tuple.elts, depth + 1); break;
    default: break;
    }
}

static void walk_stmts(const pyparse_result_t *r, const pyparse_stmts_t *body, int depth)
{
    for (size_t i = 0; i < body->n; i++) {
        const pyparse_stmt_t *s = body->items[i];
        sink += strlen(pyparse_stmt_kind_name(s->kind));
        if (s->src_start > s->src_end || s->src_end > r->source_len)
            abort(); /* a span outside the source */
        if (s->src_end > s->src_start)
            sink += (unsigned char)r->source[s->src_end - 1];
        switch (s->kind) {
        case PYSTMT_ASSIGN:
            walk_exprs(&s->v.assign.targets, depth + 1);
            walk_expr(s->v.assign.value, depth + 1);
            break;
        case PYSTMT_AUGASSIGN:
            walk_expr(s->v.augassign.target, depth + 1);
            walk_expr(s->v.augassign.value, depth + 1);
            break;
        case PYSTMT_EXPR: walk_expr(s->v.expr.value, depth + 1); break;
        case PYSTMT_DELETE: walk_exprs(&s->v.delete_.targets, depth + 1); break;
        case PYSTMT_CLASSDEF:
            walk_exprs(&s->v.classdef.bases, depth + 1);
            walk_stmts(r, &s->v.classdef.body, depth + 1);
            break;
        case PYSTMT_FUNCTIONDEF:
        case PYSTMT_ASYNCFUNCTIONDEF: walk_stmts(r, &s->v.functiondef.body, depth + 1); break;
        case PYSTMT_IMPORT:
        case PYSTMT_IMPORTFROM:
            for (size_t k = 0; k < s->v.import.n; k++)
                sink += strlen(s->v.import.names[k]->name);
            break;
        default: break;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int version = 310 + (data[0] & 3);
    int flags = (data[0] & 4) ? PYPARSE_BYTES : 0;
    pyparse_result_t *r = pyparse((const char *)data + 1, size - 1, version, flags);
    if (!r)
        return 0;
    if (r->status == PYPARSE_OK) {
        walk_stmts(r, &r->module, 0);
        pyparse_unsupported_t u = pyparse_first_unsupported(r);
        if (u.construct)
            sink += strlen(u.construct);
    } else {
        if (!r->error.type || !r->error.msg)
            abort();
        sink += strlen(r->error.type) + strlen(r->error.msg);
    }
    pyparse_free(r);
    return 0;
}
