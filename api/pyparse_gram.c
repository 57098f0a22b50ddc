/*
 * pyparse_gram.c — CPython's PEG grammar (Grammar/python.gram) as
 * hand-written recursive descent, one function per rule, named after the
 * rule and keeping its alternatives in order.
 *
 * What makes the errors come out as CPython's:
 *   - alternatives, lookaheads, cuts (~) and forced tokens (&&) are those of
 *     the grammar, so the parser reads exactly the tokens CPython reads;
 *   - rules marked (memo) in the grammar, and left-recursive ones, are
 *     memoized and read the token at their start on entry, as the
 *     generated parser does;
 *   - "invalid_" alternatives run only in the second pass
 *     (p->call_invalid_rules), and an alternative whose action yields
 *     nothing ends its rule, as in the generated code;
 *   - the rules differ between versions where the grammar did; the
 *     profile's g_* fields select the version's alternatives.
 *
 * Conventions: every rule starts with ENTER (depth bound, error check) and
 * leaves through RETURN; ALT(n) opens alternative n (resets the mark, stops
 * on an error); a rule returns NULL when it does not match.
 */
#include "pyparse_int.h"

#include <stdio.h>
#include <string.h>

#define ENTER                                                                                                \
    do {                                                                                                     \
        if (++p->level > PYPARSE_MAX_DEPTH)                                                                  \
            pp_stack_overflow(p);                                                                            \
        if (p->error_indicator) {                                                                            \
            p->level--;                                                                                      \
            return NULL;                                                                                     \
        }                                                                                                    \
    } while (0)
#define RETURN(x)                                                                                            \
    do {                                                                                                     \
        p->level--;                                                                                          \
        return (x);                                                                                          \
    } while (0)
/* Opens an alternative: back to the rule's start, unless an error was raised. */
#define ALT                                                                                                  \
    do {                                                                                                     \
        if (p->error_indicator)                                                                              \
            RETURN(NULL);                                                                                    \
        p->mark = _mark;                                                                                     \
    } while (0)
#define INVALID (p->call_invalid_rules)

/* A rule frame of the generated parser that has no function here: a group
   (_tmp_N), a repetition (_loop0_N, _loop1_N) or a gather (_gather_N).
   frame_enter() is the generated rule's entry (the depth bound, then the
   error check); FRAMED(e) / FRAMEDP(e) evaluate e one frame deeper, as its
   truth value / its pointer. */
static int frame_enter(parser_t *p)
{
    if (++p->level > PYPARSE_MAX_DEPTH)
        pp_stack_overflow(p);
    if (p->error_indicator) {
        p->level--;
        return 0;
    }
    return 1;
}
static int frame_leave(parser_t *p, int v)
{
    p->level--;
    return v;
}
static void *frame_leave_ptr(parser_t *p, void *v)
{
    p->level--;
    return v;
}
#define FRAMED(e) (frame_enter(p) && frame_leave(p, (e) ? 1 : 0))
#define FRAMEDP(e) (frame_enter(p) ? frame_leave_ptr(p, (void *)(e)) : NULL)

/* Rule start for rules building nodes: reads the token at the mark (EXTRA). */
#define START                                                                                                \
    int _mark = p->mark;                                                                                     \
    ptoken_t *_st = pp_peek(p);                                                                              \
    if (!_st)                                                                                                \
    RETURN(NULL)
#define EXTRA _st->lineno, _st->col_offset, last_tok(p)->end_lineno, last_tok(p)->end_col_offset

#define TOK(t) pp_expect(p, (t))
#define LOOKVARS                                                                                             \
    int _lm = 0, _lr = 0;                                                                                    \
    (void)_lm;                                                                                               \
    (void)_lr
/* &e / !e: evaluates call, puts the mark back. */
#define LOOK(positive, call) (_lm = p->mark, _lr = ((call) ? 1 : 0), p->mark = _lm, _lr == (positive))

#define MEMO_BEGIN(type, T)                                                                                  \
    T _memo_res = NULL;                                                                                      \
    {                                                                                                        \
        int _r = pp_memo_get(p, (type), &_memo_res);                                                         \
        if (_r)                                                                                              \
            RETURN(_memo_res);                                                                               \
    }

static int dummy_node;
#define DUMMY ((void *)&dummy_node)

/* Memo keys. */
enum {
    R_simple_stmt = 1,
    R_block,
    R_expression,
    R_star_expression,
    R_disjunction,
    R_conjunction,
    R_inversion,
    R_factor,
    R_await_primary,
    R_strings,
    R_arguments,
    R_star_target,
    R_target_with_star_atom,
    R_del_target,
    R_invalid_named_expression,
    R_closed_pattern,
    R_star_pattern,
    R_type_param,
    R_dotted_name,
    R_bitwise_or,
    R_bitwise_xor,
    R_bitwise_and,
    R_shift_expr,
    R_sum,
    R_term,
    R_primary,
    R_t_primary,
    R_attr,
    R_import_stmt,
};

/* Mirrors _PyPegen_get_last_nonnwhitespace_token(): where a node ends. */
static ptoken_t *last_tok(parser_t *p)
{
    ptoken_t *t = NULL;
    for (int m = p->mark - 1; m >= 0; m--) {
        t = p->tokens[m];
        if (t->type != PYTOK_ENDMARKER && (t->type < PYTOK_NEWLINE || t->type > PYTOK_DEDENT))
            break;
    }
    return t ? t : p->tokens[0];
}

/* Intermediate results of parameter, dict, comparison and call rules. */
typedef struct {
    pyparse_arg_t *arg;
    pyparse_expr_t *value;
} name_default_t;
typedef struct {
    vec_t *plain;
    vec_t *with_defaults;
} slash_with_default_t;
typedef struct {
    pyparse_arg_t *vararg;
    vec_t *kwonly;
    pyparse_arg_t *kwarg;
} star_etc_t;
typedef struct {
    pyparse_expr_t *key, *value;
} kv_t;
typedef struct {
    pyparse_cmpop_t op;
    pyparse_expr_t *expr;
} cmp_pair_t;
typedef struct {
    void *element;
    int is_keyword;
} kw_or_starred_t;
typedef pyparse_pattern_t pattern_t;
/* key: pattern of a mapping pattern, or attr=pattern of a class pattern */
typedef struct {
    pyparse_expr_t *key;
    const char *attr;
    pattern_t *pattern;
} pat_pair_t;

/* ------------------------------------------------------------------ */
/* Forward declarations                                                 */
/* ------------------------------------------------------------------ */

typedef pyparse_expr_t expr_t;
typedef pyparse_stmt_t stmt_t;

static vec_t *statements_rule(parser_t *p);
static vec_t *statement_rule(parser_t *p);
static vec_t *simple_stmts_rule(parser_t *p);
static stmt_t *simple_stmt_rule(parser_t *p);
static stmt_t *compound_stmt_rule(parser_t *p);
static stmt_t *assignment_rule(parser_t *p);
static expr_t *annotated_rhs_rule(parser_t *p);
static const int *augassign_rule(parser_t *p);
static stmt_t *return_stmt_rule(parser_t *p);
static stmt_t *raise_stmt_rule(parser_t *p);
static stmt_t *global_stmt_rule(parser_t *p);
static stmt_t *nonlocal_stmt_rule(parser_t *p);
static stmt_t *del_stmt_rule(parser_t *p);
static stmt_t *yield_stmt_rule(parser_t *p);
static stmt_t *assert_stmt_rule(parser_t *p);
static stmt_t *import_stmt_rule(parser_t *p);
static stmt_t *import_name_rule(parser_t *p);
static stmt_t *import_from_rule(parser_t *p);
static vec_t *import_from_targets_rule(parser_t *p);
static vec_t *import_from_as_names_rule(parser_t *p);
static pyparse_alias_t *import_from_as_name_rule(parser_t *p);
static vec_t *dotted_as_names_rule(parser_t *p);
static pyparse_alias_t *dotted_as_name_rule(parser_t *p);
static expr_t *dotted_name_rule(parser_t *p);
static vec_t *block_rule(parser_t *p);
static vec_t *decorators_rule(parser_t *p);
static stmt_t *class_def_rule(parser_t *p);
static stmt_t *class_def_raw_rule(parser_t *p);
static stmt_t *function_def_rule(parser_t *p);
static stmt_t *function_def_raw_rule(parser_t *p);
static pyparse_arguments_t *params_rule(parser_t *p);
static pyparse_arguments_t *parameters_rule(parser_t *p);
static vec_t *slash_no_default_rule(parser_t *p);
static slash_with_default_t *slash_with_default_rule(parser_t *p);
static star_etc_t *star_etc_rule(parser_t *p);
static pyparse_arg_t *kwds_rule(parser_t *p);
static pyparse_arg_t *param_no_default_rule(parser_t *p);
static pyparse_arg_t *param_no_default_star_annotation_rule(parser_t *p);
static name_default_t *param_with_default_rule(parser_t *p);
static name_default_t *param_maybe_default_rule(parser_t *p);
static pyparse_arg_t *param_rule(parser_t *p);
static pyparse_arg_t *param_star_annotation_rule(parser_t *p);
static expr_t *annotation_rule(parser_t *p);
static expr_t *star_annotation_rule(parser_t *p);
static expr_t *default_rule(parser_t *p);
static stmt_t *if_stmt_rule(parser_t *p);
static stmt_t *elif_stmt_rule(parser_t *p);
static vec_t *else_block_rule(parser_t *p);
static stmt_t *while_stmt_rule(parser_t *p);
static stmt_t *for_stmt_rule(parser_t *p);
static stmt_t *with_stmt_rule(parser_t *p);
static void *with_item_rule(parser_t *p);
static stmt_t *try_stmt_rule(parser_t *p);
static void *except_block_rule(parser_t *p);
static void *except_star_block_rule(parser_t *p);
static vec_t *finally_block_rule(parser_t *p);
static stmt_t *match_stmt_rule(parser_t *p);
static expr_t *subject_expr_rule(parser_t *p);
static void *case_block_rule(parser_t *p);
static expr_t *guard_rule(parser_t *p);
static pattern_t *patterns_rule(parser_t *p);
static pattern_t *pattern_rule(parser_t *p);
static pattern_t *as_pattern_rule(parser_t *p);
static pattern_t *or_pattern_rule(parser_t *p);
static pattern_t *closed_pattern_rule(parser_t *p);
static pattern_t *literal_pattern_rule(parser_t *p);
static expr_t *literal_expr_rule(parser_t *p);
static expr_t *complex_number_rule(parser_t *p);
static expr_t *signed_number_rule(parser_t *p);
static expr_t *signed_real_number_rule(parser_t *p);
static expr_t *real_number_rule(parser_t *p);
static expr_t *imaginary_number_rule(parser_t *p);
static pattern_t *capture_pattern_rule(parser_t *p);
static expr_t *pattern_capture_target_rule(parser_t *p);
static pattern_t *wildcard_pattern_rule(parser_t *p);
static pattern_t *value_pattern_rule(parser_t *p);
static expr_t *attr_rule(parser_t *p);
static expr_t *name_or_attr_rule(parser_t *p);
static pattern_t *group_pattern_rule(parser_t *p);
static pattern_t *sequence_pattern_rule(parser_t *p);
static vec_t *open_sequence_pattern_rule(parser_t *p);
static vec_t *maybe_sequence_pattern_rule(parser_t *p);
static pattern_t *maybe_star_pattern_rule(parser_t *p);
static pattern_t *star_pattern_rule(parser_t *p);
static pattern_t *mapping_pattern_rule(parser_t *p);
static vec_t *items_pattern_rule(parser_t *p);
static void *key_value_pattern_rule(parser_t *p);
static expr_t *double_star_pattern_rule(parser_t *p);
static pattern_t *class_pattern_rule(parser_t *p);
static vec_t *positional_patterns_rule(parser_t *p);
static vec_t *keyword_patterns_rule(parser_t *p);
static void *keyword_pattern_rule(parser_t *p);
static stmt_t *type_alias_rule(parser_t *p);
static vec_t *type_params_rule(parser_t *p);
static void *type_param_rule(parser_t *p);
static expr_t *expressions_rule(parser_t *p);
static expr_t *expression_rule(parser_t *p);
static expr_t *yield_expr_rule(parser_t *p);
static expr_t *star_expressions_rule(parser_t *p);
static expr_t *star_expression_rule(parser_t *p);
static vec_t *star_named_expressions_rule(parser_t *p);
static expr_t *star_named_expression_rule(parser_t *p);
static expr_t *assignment_expression_rule(parser_t *p);
static expr_t *named_expression_rule(parser_t *p);
static expr_t *disjunction_rule(parser_t *p);
static expr_t *conjunction_rule(parser_t *p);
static expr_t *inversion_rule(parser_t *p);
static expr_t *comparison_rule(parser_t *p);
static cmp_pair_t *compare_op_bitwise_or_pair_rule(parser_t *p);
static expr_t *bitwise_or_rule(parser_t *p);
static expr_t *bitwise_xor_rule(parser_t *p);
static expr_t *bitwise_and_rule(parser_t *p);
static expr_t *shift_expr_rule(parser_t *p);
static expr_t *sum_rule(parser_t *p);
static expr_t *term_rule(parser_t *p);
static expr_t *factor_rule(parser_t *p);
static expr_t *power_rule(parser_t *p);
static expr_t *await_primary_rule(parser_t *p);
static expr_t *primary_rule(parser_t *p);
static expr_t *slices_rule(parser_t *p);
static expr_t *slice_rule(parser_t *p);
static expr_t *atom_rule(parser_t *p);
static expr_t *group_rule(parser_t *p);
static expr_t *lambdef_rule(parser_t *p);
static pyparse_arguments_t *lambda_params_rule(parser_t *p);
static pyparse_arguments_t *lambda_parameters_rule(parser_t *p);
static vec_t *lambda_slash_no_default_rule(parser_t *p);
static slash_with_default_t *lambda_slash_with_default_rule(parser_t *p);
static star_etc_t *lambda_star_etc_rule(parser_t *p);
static pyparse_arg_t *lambda_kwds_rule(parser_t *p);
static pyparse_arg_t *lambda_param_no_default_rule(parser_t *p);
static name_default_t *lambda_param_with_default_rule(parser_t *p);
static name_default_t *lambda_param_maybe_default_rule(parser_t *p);
static pyparse_arg_t *lambda_param_rule(parser_t *p);
static expr_t *strings_rule(parser_t *p);
static expr_t *list_rule(parser_t *p);
static expr_t *tuple_rule(parser_t *p);
static expr_t *set_rule(parser_t *p);
static expr_t *dict_rule(parser_t *p);
static vec_t *double_starred_kvpairs_rule(parser_t *p);
static kv_t *double_starred_kvpair_rule(parser_t *p);
static kv_t *kvpair_rule(parser_t *p);
static vec_t *for_if_clauses_rule(parser_t *p);
static pyparse_comprehension_t *for_if_clause_rule(parser_t *p);
static expr_t *listcomp_rule(parser_t *p);
static expr_t *setcomp_rule(parser_t *p);
static expr_t *genexp_rule(parser_t *p);
static expr_t *dictcomp_rule(parser_t *p);
static expr_t *arguments_rule(parser_t *p);
static expr_t *args_rule(parser_t *p);
static vec_t *kwargs_rule(parser_t *p);
static expr_t *starred_expression_rule(parser_t *p);
static kw_or_starred_t *kwarg_or_starred_rule(parser_t *p);
static kw_or_starred_t *kwarg_or_double_starred_rule(parser_t *p);
static expr_t *star_targets_rule(parser_t *p);
static vec_t *star_targets_list_seq_rule(parser_t *p);
static vec_t *star_targets_tuple_seq_rule(parser_t *p);
static expr_t *star_target_rule(parser_t *p);
static expr_t *target_with_star_atom_rule(parser_t *p);
static expr_t *star_atom_rule(parser_t *p);
static expr_t *single_target_rule(parser_t *p);
static expr_t *single_subscript_attribute_target_rule(parser_t *p);
static expr_t *t_primary_rule(parser_t *p);
static void *t_lookahead_rule(parser_t *p);
static vec_t *del_targets_rule(parser_t *p);
static expr_t *del_target_rule(parser_t *p);
static expr_t *del_t_atom_rule(parser_t *p);
static void *func_type_comment_rule(parser_t *p);
static expr_t *fstring_rule(parser_t *p);
static expr_t *fstring_replacement_field_rule(parser_t *p);

static void *invalid_arguments_rule(parser_t *p);
static void *invalid_kwarg_rule(parser_t *p);
static expr_t *expression_without_invalid_rule(parser_t *p);
static void *invalid_legacy_expression_rule(parser_t *p);
static void *invalid_expression_rule(parser_t *p);
static void *invalid_named_expression_rule(parser_t *p);
static void *invalid_assignment_rule(parser_t *p);
static expr_t *invalid_ann_assign_target_rule(parser_t *p);
static void *invalid_del_stmt_rule(parser_t *p);
static void *invalid_block_rule(parser_t *p);
static void *invalid_comprehension_rule(parser_t *p);
static void *invalid_dict_comprehension_rule(parser_t *p);
static void *invalid_parameters_rule(parser_t *p);
static void *invalid_default_rule(parser_t *p);
static void *invalid_star_etc_rule(parser_t *p);
static void *invalid_kwds_rule(parser_t *p);
static void *invalid_parameters_helper_rule(parser_t *p);
static void *invalid_lambda_parameters_rule(parser_t *p);
static void *invalid_lambda_parameters_helper_rule(parser_t *p);
static void *invalid_lambda_star_etc_rule(parser_t *p);
static void *invalid_lambda_kwds_rule(parser_t *p);
static void *invalid_with_item_rule(parser_t *p);
static void *invalid_for_target_rule(parser_t *p);
static void *invalid_group_rule(parser_t *p);
static void *invalid_import_rule(parser_t *p);
static void *invalid_import_from_targets_rule(parser_t *p);
static void *invalid_with_stmt_rule(parser_t *p);
static void *invalid_with_stmt_indent_rule(parser_t *p);
static void *invalid_try_stmt_rule(parser_t *p);
static void *invalid_except_stmt_rule(parser_t *p);
static void *invalid_finally_stmt_rule(parser_t *p);
static void *invalid_except_stmt_indent_rule(parser_t *p);
static void *invalid_except_star_stmt_indent_rule(parser_t *p);
static void *invalid_match_stmt_rule(parser_t *p);
static void *invalid_case_block_rule(parser_t *p);
static void *invalid_as_pattern_rule(parser_t *p);
static void *invalid_class_pattern_rule(parser_t *p);
static vec_t *invalid_class_argument_pattern_rule(parser_t *p);
static void *invalid_if_stmt_rule(parser_t *p);
static void *invalid_elif_stmt_rule(parser_t *p);
static void *invalid_else_stmt_rule(parser_t *p);
static void *invalid_while_stmt_rule(parser_t *p);
static void *invalid_for_stmt_rule(parser_t *p);
static void *invalid_def_raw_rule(parser_t *p);
static void *invalid_class_def_raw_rule(parser_t *p);
static void *invalid_double_starred_kvpairs_rule(parser_t *p);
static void *invalid_kvpair_rule(parser_t *p);
static void *invalid_starred_expression_rule(parser_t *p);
static void *invalid_replacement_field_rule(parser_t *p);
static void *invalid_conversion_character_rule(parser_t *p);

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

/* A NAME token whose text is `kw`: soft keywords ("match", "case", "_", "type"). */
static ptoken_t *soft_kw(parser_t *p, const char *kw)
{
    ptoken_t *t = pp_peek(p);
    if (!t || t->type != PYTOK_NAME)
        return NULL;
    size_t n = strlen(kw);
    if ((size_t)(t->end - t->start) != n || memcmp(t->start, kw, n) != 0)
        return NULL;
    p->mark++;
    return t;
}

/*
 * SOFT_KEYWORD in the grammar: mirrors _PyPegen_soft_keyword_token(), which
 * compares only the token's length of each keyword, so any prefix of a soft
 * keyword ("c", "ma", "t") counts as one.
 */
static ptoken_t *any_soft_kw(parser_t *p)
{
    ptoken_t *t = pp_peek(p);
    if (!t || t->type != PYTOK_NAME)
        return NULL;
    static const char *const kws[] = {"_", "case", "match", "type"};
    size_t n = (size_t)(t->end - t->start);
    for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
        if (i == 3 && !p->prof->g_type_params)
            continue;
        if (strncmp(kws[i], t->start, n) == 0) {
            p->mark++;
            return t;
        }
    }
    return NULL;
}

static expr_t *name_token(parser_t *p)
{
    ptoken_t *t = TOK(PYTOK_NAME);
    return t ? pp_name_from_token(p, t) : NULL;
}

/* Mirrors _PyPegen_number_token(). */
static expr_t *number_token(parser_t *p)
{
    ptoken_t *t = TOK(PYTOK_NUMBER);
    if (!t)
        return NULL;
    expr_t *e = pp_expr(p, PYEXPR_CONSTANT, LOC(t));
    if (!e)
        return NULL;
    if (pylex_parse_number(p, t->start, (size_t)(t->end - t->start), &e->v.constant) < 0) {
        p->error_indicator = 1;
        return NULL;
    }
    return e;
}

static expr_t *mk_const(parser_t *p, pyparse_const_kind_t k, int l, int c, int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_CONSTANT, l, c, el, ec);
    if (e)
        e->v.constant.kind = k;
    return e;
}

static expr_t *mk_binop(parser_t *p, expr_t *a, pyparse_binop_t op, expr_t *b, int l, int c, int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_BINOP, l, c, el, ec);
    if (e) {
        e->v.binop.left = a;
        e->v.binop.op = op;
        e->v.binop.right = b;
    }
    return e;
}

static expr_t *mk_unary(parser_t *p, pyparse_unaryop_t op, expr_t *a, int l, int c, int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_UNARYOP, l, c, el, ec);
    if (e) {
        e->v.unaryop.op = op;
        e->v.unaryop.operand = a;
    }
    return e;
}

static expr_t *mk_seq(parser_t *p, pyparse_expr_kind_t kind, vec_t *elts, pyparse_ctx_t ctx, int l, int c,
                      int el, int ec)
{
    expr_t *e = pp_expr(p, kind, l, c, el, ec);
    if (!e)
        return NULL;
    if (kind == PYEXPR_TUPLE) {
        e->v.tuple.elts = vec_exprs(elts);
        e->v.tuple.ctx = ctx;
    } else if (kind == PYEXPR_LIST) {
        e->v.list.elts = vec_exprs(elts);
        e->v.list.ctx = ctx;
    } else {
        e->v.set.elts = vec_exprs(elts);
    }
    return e;
}

/* A one-element vector (_PyPegen_singleton_seq). */
static vec_t *singleton(parser_t *p, void *x)
{
    vec_t *v = pp_alloc(p, sizeof *v);
    if (!v || vec_push(p, v, x) < 0)
        return NULL;
    return v;
}

/* Prepends x to v, or makes [x] (_PyPegen_seq_insert_in_front). */
static vec_t *insert_front(parser_t *p, void *x, vec_t *v)
{
    vec_t *r = pp_alloc(p, sizeof *r);
    if (!r || vec_push(p, r, x) < 0)
        return NULL;
    for (int i = 0; v && i < v->n; i++)
        if (vec_push(p, r, v->items[i]) < 0)
            return NULL;
    return r;
}

static vec_t *new_vec(parser_t *p)
{
    return pp_alloc(p, sizeof(vec_t));
}

static void *vec_last(vec_t *v)
{
    return v && v->n ? v->items[v->n - 1] : NULL;
}

static int opt_async(parser_t *p);

/* Mirrors _PyPegen_check_legacy_stmt(). */
static int check_legacy_stmt(expr_t *name)
{
    if (name->kind != PYEXPR_NAME)
        return 0;
    return strcmp(name->v.name.id, "print") == 0 || strcmp(name->v.name.id, "exec") == 0;
}

/* Mirrors _PyPegen_get_last_comprehension_item(). */
static expr_t *last_comprehension_item(pyparse_comprehension_t *c)
{
    if (c->ifs.n == 0)
        return c->iter;
    return c->ifs.items[c->ifs.n - 1];
}

static pyparse_arg_t *mk_arg(parser_t *p, ptoken_t *name, expr_t *ann, int l, int c, int el, int ec)
{
    pyparse_arg_t *a = pp_alloc(p, sizeof *a);
    if (!a)
        return NULL;
    a->arg = pyparse_arena_strndup(p->arena, name->start, (size_t)(name->end - name->start));
    a->annotation = ann;
    a->lineno = l, a->col_offset = c, a->end_lineno = el, a->end_col_offset = ec;
    return a;
}

/* Mirrors _PyPegen_make_arguments(). */
static pyparse_arguments_t *make_arguments(parser_t *p, vec_t *slash_without_default,
                                           slash_with_default_t *slash_with_default, vec_t *plain_names,
                                           vec_t *names_with_default, star_etc_t *star_etc)
{
    pyparse_arguments_t *a = pp_alloc(p, sizeof *a);
    if (!a)
        return NULL;
    vec_t posonly = {0, 0, NULL}, args = {0, 0, NULL}, defaults = {0, 0, NULL};
    if (slash_without_default) {
        for (int i = 0; i < slash_without_default->n; i++)
            vec_push(p, &posonly, slash_without_default->items[i]);
    } else if (slash_with_default) {
        for (int i = 0; slash_with_default->plain && i < slash_with_default->plain->n; i++)
            vec_push(p, &posonly, slash_with_default->plain->items[i]);
        for (int i = 0; i < slash_with_default->with_defaults->n; i++) {
            name_default_t *nd = slash_with_default->with_defaults->items[i];
            vec_push(p, &posonly, nd->arg);
            vec_push(p, &defaults, nd->value);
        }
    }
    for (int i = 0; plain_names && i < plain_names->n; i++)
        vec_push(p, &args, plain_names->items[i]);
    for (int i = 0; names_with_default && i < names_with_default->n; i++) {
        name_default_t *nd = names_with_default->items[i];
        vec_push(p, &args, nd->arg);
        vec_push(p, &defaults, nd->value);
    }
    a->n_posonly = (size_t)posonly.n;
    a->posonlyargs = (pyparse_arg_t **)posonly.items;
    a->n_args = (size_t)args.n;
    a->args = (pyparse_arg_t **)args.items;
    a->defaults = vec_exprs(&defaults);
    if (star_etc) {
        a->vararg = star_etc->vararg;
        a->kwarg = star_etc->kwarg;
        if (star_etc->kwonly) {
            a->n_kwonly = (size_t)star_etc->kwonly->n;
            a->kwonlyargs = pp_alloc(p, (a->n_kwonly + 1) * sizeof *a->kwonlyargs);
            a->kw_defaults = pp_alloc(p, (a->n_kwonly + 1) * sizeof *a->kw_defaults);
            if (!a->kwonlyargs || !a->kw_defaults)
                return NULL;
            for (size_t i = 0; i < a->n_kwonly; i++) {
                name_default_t *nd = star_etc->kwonly->items[i];
                a->kwonlyargs[i] = nd->arg;
                a->kw_defaults[i] = nd->value;
            }
        }
    }
    return p->error_indicator ? NULL : a;
}

static pyparse_arguments_t *empty_arguments(parser_t *p)
{
    return pp_alloc(p, sizeof(pyparse_arguments_t));
}

static name_default_t *name_default(parser_t *p, pyparse_arg_t *a, expr_t *v)
{
    name_default_t *nd = pp_alloc(p, sizeof *nd);
    if (nd) {
        nd->arg = a;
        nd->value = v;
    }
    return nd;
}

static star_etc_t *mk_star_etc(parser_t *p, pyparse_arg_t *vararg, vec_t *kwonly, pyparse_arg_t *kwarg)
{
    star_etc_t *s = pp_alloc(p, sizeof *s);
    if (s) {
        s->vararg = vararg;
        s->kwonly = kwonly;
        s->kwarg = kwarg;
    }
    return s;
}

static pattern_t *mk_pattern(parser_t *p, pyparse_pattern_kind_t kind, int l, int c, int el, int ec)
{
    pattern_t *pt = pp_alloc(p, sizeof *pt);
    if (pt) {
        pt->kind = kind;
        pt->lineno = l, pt->col_offset = c, pt->end_lineno = el, pt->end_col_offset = ec;
    }
    return pt;
}

static pyparse_patterns_t vec_patterns(vec_t *v)
{
    pyparse_patterns_t r = {(size_t)(v ? v->n : 0), v ? (pyparse_pattern_t **)v->items : NULL};
    return r;
}

/* MatchValue / MatchSingleton / MatchClass carry an expression. */
static pattern_t *mk_pattern_expr(parser_t *p, pyparse_pattern_kind_t kind, expr_t *e, int l, int c, int el,
                                  int ec)
{
    pattern_t *pt = mk_pattern(p, kind, l, c, el, ec);
    if (pt)
        pt->value = e;
    return pt;
}

/* MatchAs (name NULL for _) and MatchStar. */
static pattern_t *mk_pattern_name(parser_t *p, pyparse_pattern_kind_t kind, pattern_t *sub, expr_t *name,
                                  int l, int c, int el, int ec)
{
    pattern_t *pt = mk_pattern(p, kind, l, c, el, ec);
    if (pt) {
        pt->pattern = sub;
        pt->name = name ? name->v.name.id : NULL;
    }
    return pt;
}

static pattern_t *mk_pattern_seq(parser_t *p, pyparse_pattern_kind_t kind, vec_t *v, int l, int c, int el,
                                 int ec)
{
    pattern_t *pt = mk_pattern(p, kind, l, c, el, ec);
    if (pt)
        pt->patterns = vec_patterns(v);
    return pt;
}

/* A Call node (also the dummy-named carrier of parsed arguments). */
static expr_t *mk_call(parser_t *p, expr_t *func, vec_t *args, vec_t *keywords, int l, int c, int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_CALL, l, c, el, ec);
    if (!e)
        return NULL;
    e->v.call.func = func;
    e->v.call.args = vec_exprs(args);
    e->v.call.n_keywords = (size_t)(keywords ? keywords->n : 0);
    e->v.call.keywords = keywords ? (pyparse_keyword_t **)keywords->items : NULL;
    return e;
}

/* Mirrors _PyPegen_collect_call_seqs() and the kwargs-only branch of args. */
static expr_t *collect_call_seqs(parser_t *p, vec_t *a, vec_t *b, int l, int c, int el, int ec)
{
    vec_t *args = new_vec(p), *keywords = new_vec(p);
    if (!args || !keywords)
        return NULL;
    for (int i = 0; a && i < a->n; i++)
        vec_push(p, args, a->items[i]);
    for (int i = 0; b && i < b->n; i++) {
        kw_or_starred_t *k = b->items[i];
        if (!k->is_keyword)
            vec_push(p, args, k->element);
    }
    for (int i = 0; b && i < b->n; i++) {
        kw_or_starred_t *k = b->items[i];
        if (k->is_keyword)
            vec_push(p, keywords, k->element);
    }
    return mk_call(p, NULL, args, b ? keywords : NULL, l, c, el, ec);
}

/* Mirrors _PyPegen_arguments_parsing_error(). */
static void *arguments_parsing_error(parser_t *p, expr_t *e)
{
    int kwarg_unpacking = 0;
    for (size_t i = 0; i < e->v.call.n_keywords; i++)
        if (!e->v.call.keywords[i]->arg)
            kwarg_unpacking = 1;
    return RAISE_SYNTAX_ERROR("%s", kwarg_unpacking ? "positional argument follows keyword argument unpacking"
                                                    : "positional argument follows keyword argument");
}

/* Mirrors _PyPegen_nonparen_genexp_in_call(). */
static void *nonparen_genexp_in_call(parser_t *p, expr_t *args, vec_t *comprehensions)
{
    size_t len = args->v.call.args.n;
    if (len <= 1)
        return NULL;
    pyparse_comprehension_t *last = vec_last(comprehensions);
    return RAISE_SYNTAX_ERROR_KNOWN_RANGE(args->v.call.args.items[len - 1], last_comprehension_item(last),
                                          "Generator expression must be parenthesized");
}

/* A dotted name joined into one Name (_PyPegen_join_names_with_dot). */
static expr_t *join_names_with_dot(parser_t *p, expr_t *a, expr_t *b)
{
    size_t la = strlen(a->v.name.id), lb = strlen(b->v.name.id);
    char *s = pp_alloc(p, la + lb + 2);
    if (!s)
        return NULL;
    memcpy(s, a->v.name.id, la);
    s[la] = '.';
    memcpy(s + la + 1, b->v.name.id, lb + 1);
    expr_t *e = pp_expr(p, PYEXPR_NAME, a->lineno, a->col_offset, b->end_lineno, b->end_col_offset);
    if (e) {
        e->v.name.id = s;
        e->v.name.ctx = PYCTX_LOAD;
    }
    return e;
}

static pyparse_alias_t *mk_alias(parser_t *p, const char *name, expr_t *as, int l, int c, int el, int ec)
{
    pyparse_alias_t *a = pp_alloc(p, sizeof *a);
    if (!a)
        return NULL;
    a->name = name;
    a->asname = as ? as->v.name.id : NULL;
    a->lineno = l, a->col_offset = c, a->end_lineno = el, a->end_col_offset = ec;
    return a;
}

/* Keeps the statement's source span: from its first token to its last. */
static stmt_t *span_stmt(parser_t *p, stmt_t *s, ptoken_t *first)
{
    if (!s)
        return NULL;
    ptoken_t *last = last_tok(p);
    s->src_start = first->start ? (size_t)(first->start - p->lx.str) : 0;
    s->src_end = last->end ? (size_t)(last->end - p->lx.str) : s->src_start;
    return s;
}

/* ================================================================== */
/* Starting rule and general statements                                */
/* ================================================================== */

/* file: a=[statements] ENDMARKER */
pyparse_stmts_t *pp_file_rule(parser_t *p, int *ok)
{
    *ok = 0;
    p->level = 0;
    if (p->error_indicator)
        return NULL;
    int _mark = p->mark;
    p->level++;
    p->file_statements = 1;
    vec_t *a = statements_rule(p);
    p->file_statements = 0;
    p->level--;
    if (p->error_indicator)
        return NULL;
    if (!a)
        p->mark = _mark;
    if (!TOK(PYTOK_ENDMARKER))
        return NULL;
    pyparse_stmts_t *r = pp_alloc(p, sizeof *r);
    if (!r)
        return NULL;
    *r = vec_stmts(a);
    *ok = 1;
    return r;
}

/* fstring: star_expressions (the start rule of f-string expression sub-parsers) */
pyparse_expr_t *pp_fstring_rule(parser_t *p, int *ok)
{
    *ok = 0;
    p->level = 0;
    if (p->error_indicator)
        return NULL;
    p->level++;
    expr_t *e = star_expressions_rule(p);
    p->level--;
    *ok = e != NULL;
    return e;
}

/* statements: statement+ (flattened) */
static vec_t *statements_rule(parser_t *p)
{
    ENTER;
    vec_t *out = NULL;
    int top = p->file_statements;
    p->file_statements = 0;
    p->level++; /* statement+ is a rule frame of its own (_loop1_N) */
    for (;;) {
        int m = p->mark;
        vec_t *s = statement_rule(p);
        if (!s) {
            p->mark = m;
            break;
        }
        if (top) {
            /* The file's statement loop never backtracks into a finished
               statement, so its tokens' memo entries can be reused. */
            for (int i = m; i < p->mark; i++) {
                memo_t *e = p->tokens[i]->memo;
                while (e) {
                    memo_t *next = e->next;
                    e->next = p->memo_free;
                    p->memo_free = e;
                    e = next;
                }
                p->tokens[i]->memo = NULL;
            }
        }
        if (!out && !(out = new_vec(p))) {
            p->level--;
            RETURN(NULL);
        }
        for (int i = 0; i < s->n; i++)
            vec_push(p, out, s->items[i]);
    }
    p->level--;
    if (p->error_indicator)
        RETURN(NULL);
    RETURN(out);
}

/* statement: compound_stmt | simple_stmts */
static vec_t *statement_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    stmt_t *a;
    if ((a = compound_stmt_rule(p)))
        RETURN(singleton(p, a));
    ALT;
    vec_t *b;
    if ((b = simple_stmts_rule(p)))
        RETURN(b);
    p->mark = _mark;
    RETURN(NULL);
}

/* simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE */
static vec_t *simple_stmts_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    stmt_t *a;
    if ((a = simple_stmt_rule(p)) && LOOK(0, TOK(PYTOK_SEMI)) && TOK(PYTOK_NEWLINE))
        RETURN(singleton(p, a));
    ALT;
    vec_t *v = new_vec(p);
    if (!v)
        RETURN(NULL);
    if ((a = simple_stmt_rule(p))) {
        vec_push(p, v, a);
        for (;;) {
            int m = p->mark;
            stmt_t *b;
            if (TOK(PYTOK_SEMI) && (b = simple_stmt_rule(p))) {
                vec_push(p, v, b);
                continue;
            }
            p->mark = m;
            break;
        }
        if (p->error_indicator)
            RETURN(NULL);
        int m = p->mark;
        if (!TOK(PYTOK_SEMI))
            p->mark = m;
        if (p->error_indicator)
            RETURN(NULL);
        if (TOK(PYTOK_NEWLINE))
            RETURN(v);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* simple_stmt (memo): assignment | star_expressions | return | import | raise | 'pass' | del | yield |
   assert | 'break' | 'continue' | global | nonlocal (3.12: type_alias after assignment) */
static stmt_t *simple_stmt_raw(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    stmt_t *s;
    expr_t *e;
    if ((s = assignment_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (p->prof->g_type_params) {
        if (LOOK(1, soft_kw(p, "type")) && (s = type_alias_rule(p)))
            RETURN(span_stmt(p, s, _st));
        ALT;
    }
    if ((e = star_expressions_rule(p))) {
        s = pp_stmt(p, PYSTMT_EXPR, EXTRA);
        if (s)
            s->v.expr.value = e;
        RETURN(span_stmt(p, s, _st));
    }
    ALT;
    if (LOOK(1, TOK(KW_return)) && (s = return_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (LOOK(1, TOK(KW_import) || (p->mark = _lm, TOK(KW_from))) && (s = import_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (LOOK(1, TOK(KW_raise)) && (s = raise_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (TOK(KW_pass))
        RETURN(span_stmt(p, pp_stmt(p, PYSTMT_PASS, EXTRA), _st));
    ALT;
    if (LOOK(1, TOK(KW_del)) && (s = del_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (LOOK(1, TOK(KW_yield)) && (s = yield_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (LOOK(1, TOK(KW_assert)) && (s = assert_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (TOK(KW_break))
        RETURN(span_stmt(p, pp_stmt(p, PYSTMT_BREAK, EXTRA), _st));
    ALT;
    if (TOK(KW_continue))
        RETURN(span_stmt(p, pp_stmt(p, PYSTMT_CONTINUE, EXTRA), _st));
    ALT;
    if (LOOK(1, TOK(KW_global)) && (s = global_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    ALT;
    if (LOOK(1, TOK(KW_nonlocal)) && (s = nonlocal_stmt_rule(p)))
        RETURN(span_stmt(p, s, _st));
    p->mark = _mark;
    RETURN(NULL);
}

static stmt_t *simple_stmt_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_simple_stmt, stmt_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    stmt_t *r = simple_stmt_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_simple_stmt, r);
    RETURN(r);
}

/* compound_stmt: &('def'|'@'|ASYNC) function_def | &'if' if_stmt | &('class'|'@') class_def |
   &('with'|ASYNC) with_stmt | &('for'|ASYNC) for_stmt | &'try' try_stmt | &'while' while_stmt | match_stmt */
static stmt_t *compound_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *first = pp_peek(p);
    if (!first)
        RETURN(NULL);
    stmt_t *s;
#define FIRST_IS(t) (first->type == (t))
    if ((FIRST_IS(KW_def) || FIRST_IS(PYTOK_AT) || FIRST_IS(KW_async)) && (s = function_def_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if (FIRST_IS(KW_if) && (s = if_stmt_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if ((FIRST_IS(KW_class) || FIRST_IS(PYTOK_AT)) && (s = class_def_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if ((FIRST_IS(KW_with) || FIRST_IS(KW_async)) && (s = with_stmt_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if ((FIRST_IS(KW_for) || FIRST_IS(KW_async)) && (s = for_stmt_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if (FIRST_IS(KW_try) && (s = try_stmt_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if (FIRST_IS(KW_while) && (s = while_stmt_rule(p)))
        RETURN(span_stmt(p, s, first));
    ALT;
    if ((s = match_stmt_rule(p)))
        RETURN(span_stmt(p, s, first));
    p->mark = _mark;
    RETURN(NULL);
#undef FIRST_IS
}

/* ================================================================== */
/* Simple statements                                                    */
/* ================================================================== */

/* (yield_expr | star_expressions): a group, so a rule frame of its own (_tmp_N) */
static expr_t *yield_or_star_expressions(parser_t *p)
{
    ENTER;
    int m = p->mark;
    expr_t *e = yield_expr_rule(p);
    if (e || p->error_indicator)
        RETURN(e);
    p->mark = m;
    e = star_expressions_rule(p); /* in this frame (RETURN() leaves it first) */
    RETURN(e);
}

/*
 * assignment:
 *   | NAME ':' expression ['=' annotated_rhs]
 *   | ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs]
 *   | (star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
 *   | single_target augassign ~ (yield_expr | star_expressions)
 *   | invalid_assignment
 */
static stmt_t *assignment_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a, *b, *c;
    stmt_t *s;
    /* NAME ':' expression ['=' annotated_rhs] */
    if ((a = name_token(p)) && TOK(PYTOK_COLON) && (b = expression_rule(p))) {
        int m = p->mark;
        c = NULL;
        if (!(TOK(PYTOK_EQUAL) && (c = annotated_rhs_rule(p))))
            p->mark = m, c = NULL;
        if (p->error_indicator)
            RETURN(NULL);
        if ((s = pp_stmt(p, PYSTMT_ANNASSIGN, EXTRA))) {
            s->v.annassign.target = pp_set_expr_context(p, a, PYCTX_STORE);
            s->v.annassign.annotation = b;
            s->v.annassign.value = c;
            s->v.annassign.simple = 1;
        }
        RETURN(s);
    }
    ALT;
    /* ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs] */
    {
        a = NULL;
        if (frame_enter(p)) { /* the group is a _tmp_N frame */
            if (TOK(PYTOK_LPAR) && (a = single_target_rule(p)) && TOK(PYTOK_RPAR)) {
            } else {
                a = NULL;
                if (!p->error_indicator) {
                    p->mark = _mark;
                    a = single_subscript_attribute_target_rule(p);
                }
            }
            p->level--;
        }
        if (a && TOK(PYTOK_COLON) && (b = expression_rule(p))) {
            int m = p->mark;
            c = NULL;
            if (!(TOK(PYTOK_EQUAL) && (c = annotated_rhs_rule(p))))
                p->mark = m, c = NULL;
            if (p->error_indicator)
                RETURN(NULL);
            if ((s = pp_stmt(p, PYSTMT_ANNASSIGN, EXTRA))) {
                s->v.annassign.target = a;
                s->v.annassign.annotation = b;
                s->v.annassign.value = c;
            }
            RETURN(s);
        }
    }
    ALT;
    /* (star_targets '=')+ (yield_expr | star_expressions) !'=' */
    {
        vec_t *targets = new_vec(p);
        if (!targets)
            RETURN(NULL);
        for (;;) {
            int m = p->mark;
            expr_t *z;
            if ((z = star_targets_rule(p)) && TOK(PYTOK_EQUAL)) {
                vec_push(p, targets, z);
                continue;
            }
            p->mark = m;
            break;
        }
        if (p->error_indicator)
            RETURN(NULL);
        if (targets->n > 0 && (b = yield_or_star_expressions(p)) && LOOK(0, TOK(PYTOK_EQUAL))) {
            if ((s = pp_stmt(p, PYSTMT_ASSIGN, EXTRA))) {
                s->v.assign.targets = vec_exprs(targets);
                s->v.assign.value = b;
            }
            RETURN(s);
        }
    }
    ALT;
    /* single_target augassign ~ (yield_expr | star_expressions) */
    {
        int cut = 0;
        const int *op;
        if ((a = single_target_rule(p)) && (op = augassign_rule(p)) && (cut = 1) &&
            (c = yield_or_star_expressions(p))) {
            if ((s = pp_stmt(p, PYSTMT_AUGASSIGN, EXTRA))) {
                s->v.augassign.target = a;
                s->v.augassign.op = (pyparse_binop_t)*op;
                s->v.augassign.value = c;
            }
            RETURN(s);
        }
        if (cut)
            RETURN(NULL);
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_assignment_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* annotated_rhs: yield_expr | star_expressions */
static expr_t *annotated_rhs_rule(parser_t *p)
{
    ENTER;
    p->level--; /* the rule's one frame: its alternatives are those of the group */
    expr_t *e = yield_or_star_expressions(p);
    p->level++;
    RETURN(e);
}

/* augassign: '+=' | '-=' | ... */
static const int *augassign_rule(parser_t *p)
{
    static const int ops[] = {PYOP_ADD,    PYOP_SUB,    PYOP_MULT,    PYOP_MATMULT, PYOP_DIV,
                              PYOP_MOD,    PYOP_BITAND, PYOP_BITOR,   PYOP_BITXOR,  PYOP_LSHIFT,
                              PYOP_RSHIFT, PYOP_POW,    PYOP_FLOORDIV};
    static const int toks[] = {PYTOK_PLUSEQUAL,       PYTOK_MINEQUAL,        PYTOK_STAREQUAL,
                               PYTOK_ATEQUAL,         PYTOK_SLASHEQUAL,      PYTOK_PERCENTEQUAL,
                               PYTOK_AMPEREQUAL,      PYTOK_VBAREQUAL,       PYTOK_CIRCUMFLEXEQUAL,
                               PYTOK_LEFTSHIFTEQUAL,  PYTOK_RIGHTSHIFTEQUAL, PYTOK_DOUBLESTAREQUAL,
                               PYTOK_DOUBLESLASHEQUAL};
    ENTER;
    ptoken_t *t = pp_peek(p);
    if (!t)
        RETURN(NULL);
    for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++)
        if (t->type == toks[i]) {
            p->mark++;
            RETURN(&ops[i]);
        }
    RETURN(NULL);
}

/* return_stmt: 'return' [star_expressions] */
static stmt_t *return_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    if (TOK(KW_return)) {
        int m = p->mark;
        expr_t *a = star_expressions_rule(p);
        if (!a) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        stmt_t *s = pp_stmt(p, PYSTMT_RETURN, EXTRA);
        if (s)
            s->v.return_.value = a;
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* raise_stmt: 'raise' expression ['from' expression] | 'raise' */
static stmt_t *raise_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b = NULL;
    if (TOK(KW_raise) && (a = expression_rule(p))) {
        int m = p->mark;
        if (!(TOK(KW_from) && (b = expression_rule(p))))
            p->mark = m, b = NULL;
        if (p->error_indicator)
            RETURN(NULL);
        stmt_t *s = pp_stmt(p, PYSTMT_RAISE, EXTRA);
        if (s) {
            s->v.raise.exc = a;
            s->v.raise.cause = b;
        }
        RETURN(s);
    }
    ALT;
    if (TOK(KW_raise))
        RETURN(pp_stmt(p, PYSTMT_RAISE, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* ','.NAME+ as identifier strings */
static vec_t *name_list(parser_t *p)
{
    vec_t *v = new_vec(p);
    ptoken_t *t;
    if (!v || !(t = TOK(PYTOK_NAME)))
        return NULL;
    vec_push(p, v, pyparse_arena_strndup(p->arena, t->start, (size_t)(t->end - t->start)));
    for (;;) {
        int m = p->mark;
        if (TOK(PYTOK_COMMA) && (t = TOK(PYTOK_NAME))) {
            vec_push(p, v, pyparse_arena_strndup(p->arena, t->start, (size_t)(t->end - t->start)));
            continue;
        }
        p->mark = m;
        break;
    }
    return v; /* a gather or X* loop: CPython keeps what it matched even after an error */
}

/* global_stmt: 'global' ','.NAME+ ; nonlocal_stmt likewise */
static stmt_t *global_like(parser_t *p, int kw, pyparse_stmt_kind_t kind)
{
    ENTER;
    START;
    vec_t *names;
    if (TOK(kw) && (names = name_list(p))) {
        stmt_t *s = pp_stmt(p, kind, EXTRA);
        if (s) {
            s->v.global.n = (size_t)names->n;
            s->v.global.names = (const char **)names->items;
        }
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

static stmt_t *global_stmt_rule(parser_t *p)
{
    return global_like(p, KW_global, PYSTMT_GLOBAL);
}

static stmt_t *nonlocal_stmt_rule(parser_t *p)
{
    return global_like(p, KW_nonlocal, PYSTMT_NONLOCAL);
}

/* del_stmt: 'del' del_targets &(';' | NEWLINE) | invalid_del_stmt */
static stmt_t *del_stmt_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    vec_t *a;
    if (TOK(KW_del) && (a = del_targets_rule(p)) &&
        LOOK(1, TOK(PYTOK_SEMI) || (p->mark = _lm, TOK(PYTOK_NEWLINE)))) {
        stmt_t *s = pp_stmt(p, PYSTMT_DELETE, EXTRA);
        if (s)
            s->v.delete_.targets = vec_exprs(a);
        RETURN(s);
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_del_stmt_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* yield_stmt: yield_expr */
static stmt_t *yield_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *y;
    if ((y = yield_expr_rule(p))) {
        stmt_t *s = pp_stmt(p, PYSTMT_EXPR, EXTRA);
        if (s)
            s->v.expr.value = y;
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* assert_stmt: 'assert' expression [',' expression] */
static stmt_t *assert_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b = NULL;
    if (TOK(KW_assert) && (a = expression_rule(p))) {
        int m = p->mark;
        if (!(TOK(PYTOK_COMMA) && (b = expression_rule(p))))
            p->mark = m, b = NULL;
        if (p->error_indicator)
            RETURN(NULL);
        stmt_t *s = pp_stmt(p, PYSTMT_ASSERT, EXTRA);
        if (s) {
            s->v.assert_.test = a;
            s->v.assert_.msg = b;
        }
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* import_stmt: [invalid_import (3.12+)] | import_name | import_from */
static stmt_t *import_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    stmt_t *s;
    if (INVALID && p->prof->g_invalid_import) {
        void *r;
        if ((r = invalid_import_rule(p)))
            RETURN(r);
        ALT;
    }
    if ((s = import_name_rule(p)))
        RETURN(s);
    ALT;
    if ((s = import_from_rule(p)))
        RETURN(s);
    p->mark = _mark;
    RETURN(NULL);
}

/* sep.X+ (a gather): its _gather_N frame, the first X one frame deeper, the rest
   two (the gather's _loop0_N); what it matched is kept after an error, as the
   generated loop keeps it. NULL when the first X fails. */
static vec_t *gather_frames(parser_t *p, int sep, void *(*x)(parser_t *))
{
    vec_t *v = new_vec(p);
    void *it;
    if (!v || !(it = FRAMEDP(x(p))))
        return NULL;
    vec_push(p, v, it);
    p->level++; /* the _gather_N frame, still open: its _loop0_N holds the rest */
    for (;;) {
        int m = p->mark;
        if ((it = FRAMEDP(TOK(sep) ? x(p) : NULL))) {
            vec_push(p, v, it);
            continue;
        }
        p->mark = m;
        break;
    }
    p->level--;
    return v;
}
static void *import_from_as_name_item(parser_t *p)
{
    return import_from_as_name_rule(p);
}
static void *dotted_as_name_item(parser_t *p)
{
    return dotted_as_name_rule(p);
}

/* import_name: 'import' dotted_as_names */
static stmt_t *import_name_rule(parser_t *p)
{
    ENTER;
    START;
    vec_t *a;
    if (TOK(KW_import) && (a = dotted_as_names_rule(p))) {
        stmt_t *s = pp_stmt(p, PYSTMT_IMPORT, EXTRA);
        if (s) {
            s->v.import.n = (size_t)a->n;
            s->v.import.names = (pyparse_alias_t **)a->items;
        }
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* ('.' | '...')* counted as dots; need_one for '+' */
static int import_dots(parser_t *p, int *count)
{
    *count = 0;
    int n = 0;
    for (;;) {
        ptoken_t *t = pp_peek(p);
        if (!t)
            return -1;
        if (t->type == PYTOK_DOT)
            *count += 1;
        else if (t->type == PYTOK_ELLIPSIS)
            *count += 3;
        else
            break;
        p->mark++;
        n++;
    }
    return n;
}

/*
 * import_from:
 *   | 'from' ('.' | '...')* dotted_name 'import' import_from_targets
 *   | 'from' ('.' | '...')+ 'import' import_from_targets
 */
static stmt_t *import_from_rule(parser_t *p)
{
    ENTER;
    START;
    int level, n;
    expr_t *b;
    vec_t *c;
    if (TOK(KW_from) && (n = import_dots(p, &level)) >= 0 && (b = dotted_name_rule(p)) && TOK(KW_import) &&
        (c = import_from_targets_rule(p))) {
        stmt_t *s = pp_stmt(p, PYSTMT_IMPORTFROM, EXTRA);
        if (s) {
            s->v.import.module = b->v.name.id;
            s->v.import.level = level;
            s->v.import.n = (size_t)c->n;
            s->v.import.names = (pyparse_alias_t **)c->items;
        }
        RETURN(s);
    }
    ALT;
    if (TOK(KW_from) && (n = import_dots(p, &level)) > 0 && TOK(KW_import) &&
        (c = import_from_targets_rule(p))) {
        stmt_t *s = pp_stmt(p, PYSTMT_IMPORTFROM, EXTRA);
        if (s) {
            s->v.import.module = NULL;
            s->v.import.level = level;
            s->v.import.n = (size_t)c->n;
            s->v.import.names = (pyparse_alias_t **)c->items;
        }
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * import_from_targets:
 *   | '(' import_from_as_names [','] ')' | import_from_as_names !',' | '*' | invalid_import_from_targets
 */
static vec_t *import_from_targets_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    vec_t *a;
    if (TOK(PYTOK_LPAR) && (a = import_from_as_names_rule(p))) {
        int m = p->mark;
        if (!TOK(PYTOK_COMMA))
            p->mark = m;
        if (p->error_indicator)
            RETURN(NULL);
        if (TOK(PYTOK_RPAR))
            RETURN(a);
    }
    ALT;
    if ((a = import_from_as_names_rule(p)) && LOOK(0, TOK(PYTOK_COMMA)))
        RETURN(a);
    ALT;
    if (TOK(PYTOK_STAR)) {
        pyparse_alias_t *al = mk_alias(p, "*", NULL, EXTRA);
        RETURN(al ? singleton(p, al) : NULL);
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_import_from_targets_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* import_from_as_names: ','.import_from_as_name+ */
static vec_t *import_from_as_names_rule(parser_t *p)
{
    ENTER;
    RETURN(gather_frames(p, PYTOK_COMMA, import_from_as_name_item)); /* (kept after an error) */
}

/* ['as' NAME] */
static expr_t *opt_as_name(parser_t *p)
{
    int m = p->mark;
    expr_t *z;
    if (TOK(KW_as) && (z = name_token(p)))
        return z;
    p->mark = m;
    return NULL;
}

/* import_from_as_name: NAME ['as' NAME] */
static pyparse_alias_t *import_from_as_name_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b;
    if ((a = name_token(p))) {
        b = opt_as_name(p);
        if (p->error_indicator)
            RETURN(NULL);
        RETURN(mk_alias(p, a->v.name.id, b, EXTRA));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* dotted_as_names: ','.dotted_as_name+ */
static vec_t *dotted_as_names_rule(parser_t *p)
{
    ENTER;
    RETURN(gather_frames(p, PYTOK_COMMA, dotted_as_name_item)); /* (kept after an error) */
}

/* dotted_as_name: dotted_name ['as' NAME] */
static pyparse_alias_t *dotted_as_name_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b;
    if ((a = dotted_name_rule(p))) {
        b = opt_as_name(p);
        if (p->error_indicator)
            RETURN(NULL);
        RETURN(mk_alias(p, a->v.name.id, b, EXTRA));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* dotted_name (left-recursive): dotted_name '.' NAME | NAME */
static expr_t *dotted_name_rule(parser_t *p);
static expr_t *dotted_name_raw(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a, *b;
    if ((a = dotted_name_rule(p)) && TOK(PYTOK_DOT) && (b = name_token(p)))
        RETURN(join_names_with_dot(p, a, b));
    ALT;
    if ((a = name_token(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* Grows a left-recursive rule's seed as pegen does (memo-driven). */
#define LEFT_RECURSIVE(name, key)                                                                            \
    static expr_t *name##_rule(parser_t *p)                                                                  \
    {                                                                                                        \
        ENTER;                                                                                               \
        expr_t *res = NULL;                                                                                  \
        {                                                                                                    \
            int r = pp_memo_get(p, (key), &res);                                                             \
            if (r)                                                                                           \
                RETURN(res);                                                                                 \
        }                                                                                                    \
        int mark = p->mark, resmark = p->mark;                                                               \
        for (;;) {                                                                                           \
            if (pp_memo_update(p, mark, (key), res) < 0)                                                     \
                RETURN(NULL);                                                                                \
            p->mark = mark;                                                                                  \
            expr_t *raw = name##_raw(p);                                                                     \
            if (p->error_indicator)                                                                          \
                RETURN(NULL);                                                                                \
            if (raw == NULL || p->mark <= resmark)                                                           \
                break;                                                                                       \
            resmark = p->mark;                                                                               \
            res = raw;                                                                                       \
        }                                                                                                    \
        p->mark = resmark;                                                                                   \
        RETURN(res);                                                                                         \
    }

LEFT_RECURSIVE(dotted_name, R_dotted_name)

/* ================================================================== */
/* Compound statements                                                  */
/* ================================================================== */

/* block (memo): NEWLINE INDENT statements DEDENT | simple_stmts | invalid_block */
static vec_t *block_raw(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *a;
    if (TOK(PYTOK_NEWLINE) && TOK(PYTOK_INDENT) && (a = statements_rule(p)) && TOK(PYTOK_DEDENT))
        RETURN(a);
    ALT;
    if ((a = simple_stmts_rule(p)))
        RETURN(a);
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_block_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

static vec_t *block_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_block, vec_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    vec_t *r = block_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_block, r);
    RETURN(r);
}

/* decorators: ('@' named_expression NEWLINE)+ */
static vec_t *decorators_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = new_vec(p);
    if (!v)
        RETURN(NULL);
    for (;;) {
        int m = p->mark;
        expr_t *f;
        if (TOK(PYTOK_AT) && (f = named_expression_rule(p)) && TOK(PYTOK_NEWLINE)) {
            vec_push(p, v, f);
            continue;
        }
        p->mark = m;
        break;
    }
    if (p->error_indicator)
        RETURN(NULL);
    if (v->n == 0) {
        p->mark = _mark;
        RETURN(NULL);
    }
    RETURN(v);
}

/* class_def: decorators class_def_raw | class_def_raw */
static stmt_t *class_def_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *a;
    stmt_t *b;
    if ((a = decorators_rule(p)) && (b = class_def_raw_rule(p))) {
        b->v.classdef.decorator_list = vec_exprs(a);
        RETURN(b);
    }
    ALT;
    if ((b = class_def_raw_rule(p)))
        RETURN(b);
    p->mark = _mark;
    RETURN(NULL);
}

/* ['(' [arguments] ')'] of a class: the Call carrying bases and keywords, or DUMMY when absent */
static expr_t *class_arguments(parser_t *p, int *present)
{
    int m = p->mark;
    *present = 0;
    if (TOK(PYTOK_LPAR)) {
        int m2 = p->mark;
        expr_t *z = arguments_rule(p);
        if (!z) {
            if (p->error_indicator)
                return NULL;
            p->mark = m2;
        }
        if (TOK(PYTOK_RPAR)) {
            *present = 1;
            return z;
        }
    }
    p->mark = m;
    return NULL;
}

/* class_def_raw: invalid_class_def_raw | 'class' NAME [type_params] ['(' [arguments] ')'] ':' block */
static stmt_t *class_def_raw_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_class_def_raw_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *a, *b;
    vec_t *c, *t = NULL;
    int present;
    if (TOK(KW_class) && (a = name_token(p))) {
        if (p->prof->g_type_params) {
            int m = p->mark;
            if (!(t = type_params_rule(p))) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
        }
        b = class_arguments(p, &present);
        if (p->error_indicator)
            RETURN(NULL);
        if ((p->prof->g_class_colon_forced ? pp_expect_forced(p, PYTOK_COLON, ":") != NULL
                                           : TOK(PYTOK_COLON) != NULL) &&
            (c = block_rule(p))) {
            stmt_t *s = pp_stmt(p, PYSTMT_CLASSDEF, EXTRA);
            if (s) {
                s->v.classdef.name = a->v.name.id;
                if (t)
                    s->v.classdef.type_params = vec_type_params(t);
                if (b) {
                    s->v.classdef.bases = b->v.call.args;
                    s->v.classdef.n_keywords = b->v.call.n_keywords;
                    s->v.classdef.keywords = b->v.call.keywords;
                }
                s->v.classdef.body = vec_stmts(c);
            }
            RETURN(s);
        }
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* function_def: decorators function_def_raw | function_def_raw */
static stmt_t *function_def_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *d;
    stmt_t *f;
    if ((d = decorators_rule(p)) && (f = function_def_raw_rule(p))) {
        f->v.functiondef.decorator_list = vec_exprs(d);
        RETURN(f);
    }
    ALT;
    if ((f = function_def_raw_rule(p)))
        RETURN(f);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * function_def_raw:
 *   | invalid_def_raw
 *   | ['async'] 'def' NAME [type_params] &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
 */
static stmt_t *function_def_raw_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_def_raw_rule(p)))
            RETURN(r);
        ALT;
    }
    for (int is_async = 0; is_async < 2; is_async++) {
        if (is_async)
            ALT;
        expr_t *n, *a = NULL;
        pyparse_arguments_t *params;
        vec_t *b, *t = NULL;
        if (is_async && !TOK(KW_async))
            continue;
        if (!(TOK(KW_def) && (n = name_token(p))))
            continue;
        if (p->prof->g_type_params) {
            int m = p->mark;
            if (!(t = type_params_rule(p))) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
        }
        if (!(p->prof->g_def_lpar_forced ? pp_expect_forced(p, PYTOK_LPAR, "(") != NULL
                                         : TOK(PYTOK_LPAR) != NULL))
            continue;
        int m = p->mark;
        if (!(params = params_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (!TOK(PYTOK_RPAR))
            continue;
        m = p->mark;
        if (!(TOK(PYTOK_RARROW) && (a = expression_rule(p)))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m, a = NULL;
        }
        if (!(p->prof->g_def_colon_forced ? pp_expect_forced(p, PYTOK_COLON, ":") != NULL
                                          : TOK(PYTOK_COLON) != NULL))
            continue;
        m = p->mark;
        if (!func_type_comment_rule(p)) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (!(b = block_rule(p)))
            continue;
        stmt_t *s = pp_stmt(p, is_async ? PYSTMT_ASYNCFUNCTIONDEF : PYSTMT_FUNCTIONDEF, EXTRA);
        if (s) {
            s->v.functiondef.name = n->v.name.id;
            s->v.functiondef.args = params ? params : empty_arguments(p);
            s->v.functiondef.body = vec_stmts(b);
            s->v.functiondef.returns = a;
            if (t)
                s->v.functiondef.type_params = vec_type_params(t);
        }
        RETURN(s);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* func_type_comment: NEWLINE TYPE_COMMENT &(NEWLINE INDENT) | invalid_double_type_comments | TYPE_COMMENT
   (compile() produces no TYPE_COMMENT tokens: this only reads ahead, as CPython's does) */
#define PYTOK_TYPE_COMMENT (-1000)
static void *func_type_comment_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (TOK(PYTOK_NEWLINE) && TOK(PYTOK_TYPE_COMMENT))
        RETURN(DUMMY);
    if (INVALID) {
        ALT;
        if (TOK(PYTOK_TYPE_COMMENT))
            RETURN(NULL);
    }
    ALT;
    if (TOK(PYTOK_TYPE_COMMENT))
        RETURN(DUMMY);
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* Function parameters                                                  */
/* ------------------------------------------------------------------ */

/* params: invalid_parameters | parameters */
static pyparse_arguments_t *params_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID) {
        void *r;
        if ((r = invalid_parameters_rule(p)))
            RETURN(r);
        ALT;
    }
    pyparse_arguments_t *a;
    if ((a = parameters_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* X* loops over a rule returning pointers */
static vec_t *loop0(parser_t *p, void *(*rule)(parser_t *))
{
    vec_t *v = new_vec(p);
    if (!v || !frame_enter(p)) /* X* and X+ are _loop0_N / _loop1_N frames */
        return NULL;
    for (;;) {
        int m = p->mark;
        void *x = rule(p);
        if (!x) {
            p->mark = m;
            break;
        }
        vec_push(p, v, x);
    }
    p->level--;
    return v; /* a gather or X* loop: CPython keeps what it matched even after an error */
}

static vec_t *loop1(parser_t *p, void *(*rule)(parser_t *))
{
    int m = p->mark;
    vec_t *v = loop0(p, rule);
    if (v && v->n == 0) {
        p->mark = m;
        return NULL;
    }
    return v;
}

/* Wrappers giving rules the loop helpers' signature. */
#define AS_VOID(name, T)                                                                                     \
    static void *name##_v(parser_t *p)                                                                       \
    {                                                                                                        \
        return (void *)name##_rule(p);                                                                       \
    }
AS_VOID(param_no_default, pyparse_arg_t)
AS_VOID(param_with_default, name_default_t)
AS_VOID(param_maybe_default, name_default_t)
AS_VOID(lambda_param_no_default, pyparse_arg_t)
AS_VOID(lambda_param_with_default, name_default_t)
AS_VOID(lambda_param_maybe_default, name_default_t)

/*
 * parameters:
 *   | slash_no_default param_no_default* param_with_default* [star_etc]
 *   | slash_with_default param_with_default* [star_etc]
 *   | param_no_default+ param_with_default* [star_etc]
 *   | param_with_default+ [star_etc]
 *   | star_etc
 */
static star_etc_t *opt_star_etc(parser_t *p, star_etc_t *(*rule)(parser_t *))
{
    int m = p->mark;
    star_etc_t *s = rule(p);
    if (!s && !p->error_indicator)
        p->mark = m;
    return s;
}

static pyparse_arguments_t *parameters_generic(parser_t *p, int lambda)
{
    ENTER;
    int _mark = p->mark;
    vec_t *a, *b, *c;
    slash_with_default_t *sw;
    star_etc_t *d;
    void *(*no_default)(parser_t *) = lambda ? lambda_param_no_default_v : param_no_default_v;
    void *(*with_default)(parser_t *) = lambda ? lambda_param_with_default_v : param_with_default_v;
    star_etc_t *(*star)(parser_t *) = lambda ? lambda_star_etc_rule : star_etc_rule;
    if ((a = lambda ? lambda_slash_no_default_rule(p) : slash_no_default_rule(p)) &&
        (b = loop0(p, no_default)) && (c = loop0(p, with_default))) {
        d = opt_star_etc(p, star);
        if (!p->error_indicator)
            RETURN(make_arguments(p, a, NULL, b, c, d));
    }
    ALT;
    if ((sw = lambda ? lambda_slash_with_default_rule(p) : slash_with_default_rule(p)) &&
        (b = loop0(p, with_default))) {
        d = opt_star_etc(p, star);
        if (!p->error_indicator)
            RETURN(make_arguments(p, NULL, sw, NULL, b, d));
    }
    ALT;
    if ((a = loop1(p, no_default)) && (b = loop0(p, with_default))) {
        d = opt_star_etc(p, star);
        if (!p->error_indicator)
            RETURN(make_arguments(p, NULL, NULL, a, b, d));
    }
    ALT;
    if ((a = loop1(p, with_default))) {
        d = opt_star_etc(p, star);
        if (!p->error_indicator)
            RETURN(make_arguments(p, NULL, NULL, NULL, a, d));
    }
    ALT;
    if ((d = star(p)))
        RETURN(make_arguments(p, NULL, NULL, NULL, NULL, d));
    p->mark = _mark;
    RETURN(NULL);
}

static pyparse_arguments_t *parameters_rule(parser_t *p)
{
    return parameters_generic(p, 0);
}

/* slash_no_default: param_no_default+ '/' ',' | param_no_default+ '/' &')' (lambda: &':') */
static vec_t *slash_no_default_generic(parser_t *p, int lambda)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    void *(*no_default)(parser_t *) = lambda ? lambda_param_no_default_v : param_no_default_v;
    int close = lambda ? PYTOK_COLON : PYTOK_RPAR;
    vec_t *a;
    if ((a = loop1(p, no_default)) && TOK(PYTOK_SLASH) && TOK(PYTOK_COMMA))
        RETURN(a);
    ALT;
    if ((a = loop1(p, no_default)) && TOK(PYTOK_SLASH) && LOOK(1, TOK(close)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static vec_t *slash_no_default_rule(parser_t *p)
{
    return slash_no_default_generic(p, 0);
}

/* slash_with_default: param_no_default* param_with_default+ '/' ',' | ... '/' &')' */
static slash_with_default_t *slash_with_default_generic(parser_t *p, int lambda)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    void *(*no_default)(parser_t *) = lambda ? lambda_param_no_default_v : param_no_default_v;
    void *(*with_default)(parser_t *) = lambda ? lambda_param_with_default_v : param_with_default_v;
    int close = lambda ? PYTOK_COLON : PYTOK_RPAR;
    vec_t *a, *b;
    for (int alt = 0; alt < 2; alt++) {
        if (alt)
            ALT;
        if ((a = loop0(p, no_default)) && (b = loop1(p, with_default)) && TOK(PYTOK_SLASH) &&
            (alt == 0 ? TOK(PYTOK_COMMA) != NULL : LOOK(1, TOK(close)))) {
            slash_with_default_t *s = pp_alloc(p, sizeof *s);
            if (s) {
                s->plain = a;
                s->with_defaults = b;
            }
            RETURN(s);
        }
    }
    p->mark = _mark;
    RETURN(NULL);
}

static slash_with_default_t *slash_with_default_rule(parser_t *p)
{
    return slash_with_default_generic(p, 0);
}

/*
 * star_etc:
 *   | invalid_star_etc
 *   | '*' param_no_default param_maybe_default* [kwds]
 *   | '*' param_no_default_star_annotation param_maybe_default* [kwds]
 *   | '*' ',' param_maybe_default+ [kwds]
 *   | kwds
 */
static pyparse_arg_t *opt_kwds(parser_t *p, pyparse_arg_t *(*rule)(parser_t *))
{
    int m = p->mark;
    pyparse_arg_t *k = rule(p);
    if (!k && !p->error_indicator)
        p->mark = m;
    return k;
}

static star_etc_t *star_etc_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pyparse_arg_t *a, *c;
    vec_t *b;
    if (INVALID && p->prof->g_invalid_star_etc_first) {
        void *r;
        if ((r = invalid_star_etc_rule(p)))
            RETURN(r);
        ALT;
    }
    if (TOK(PYTOK_STAR) && (a = param_no_default_rule(p)) && (b = loop0(p, param_maybe_default_v))) {
        c = opt_kwds(p, kwds_rule);
        if (!p->error_indicator)
            RETURN(mk_star_etc(p, a, b, c));
    }
    if (p->prof->g_star_annotation) {
        ALT;
        if (TOK(PYTOK_STAR) && (a = param_no_default_star_annotation_rule(p)) &&
            (b = loop0(p, param_maybe_default_v))) {
            c = opt_kwds(p, kwds_rule);
            if (!p->error_indicator)
                RETURN(mk_star_etc(p, a, b, c));
        }
    }
    ALT;
    if (TOK(PYTOK_STAR) && TOK(PYTOK_COMMA) && (b = loop1(p, param_maybe_default_v))) {
        c = opt_kwds(p, kwds_rule);
        if (!p->error_indicator)
            RETURN(mk_star_etc(p, NULL, b, c));
    }
    ALT;
    if ((c = kwds_rule(p)))
        RETURN(mk_star_etc(p, NULL, NULL, c));
    if (INVALID && !p->prof->g_invalid_star_etc_first) {
        ALT;
        void *r;
        if ((r = invalid_star_etc_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* kwds: invalid_kwds | '**' param_no_default */
static pyparse_arg_t *kwds_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID && p->prof->g_invalid_kwds) {
        void *r;
        if ((r = invalid_kwds_rule(p)))
            RETURN(r);
        ALT;
    }
    pyparse_arg_t *a;
    if (TOK(PYTOK_DOUBLESTAR) && (a = param_no_default_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* param_no_default: param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')' */
static pyparse_arg_t *param_no_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    if ((a = param_rule(p)) && TOK(PYTOK_COMMA)) {
        int m = p->mark;
        if (!TOK(PYTOK_TYPE_COMMENT))
            p->mark = m;
        if (!p->error_indicator)
            RETURN(a);
    }
    ALT;
    if ((a = param_rule(p))) {
        int m = p->mark;
        if (!TOK(PYTOK_TYPE_COMMENT))
            p->mark = m;
        if (!p->error_indicator && LOOK(1, TOK(PYTOK_RPAR)))
            RETURN(a);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* param_no_default_star_annotation: param_star_annotation ',' TYPE_COMMENT? | ... &')' */
static pyparse_arg_t *param_no_default_star_annotation_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    if ((a = param_star_annotation_rule(p)) && TOK(PYTOK_COMMA)) {
        int m = p->mark;
        if (!TOK(PYTOK_TYPE_COMMENT))
            p->mark = m;
        if (!p->error_indicator)
            RETURN(a);
    }
    ALT;
    if ((a = param_star_annotation_rule(p))) {
        int m = p->mark;
        if (!TOK(PYTOK_TYPE_COMMENT))
            p->mark = m;
        if (!p->error_indicator && LOOK(1, TOK(PYTOK_RPAR)))
            RETURN(a);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* param_with_default: param default ',' TYPE_COMMENT? | param default TYPE_COMMENT? &')' */
static name_default_t *param_with_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    expr_t *c;
    if ((a = param_rule(p)) && (c = default_rule(p)) && TOK(PYTOK_COMMA)) {
        int m = p->mark;
        if (!TOK(PYTOK_TYPE_COMMENT))
            p->mark = m;
        if (!p->error_indicator)
            RETURN(name_default(p, a, c));
    }
    ALT;
    if ((a = param_rule(p)) && (c = default_rule(p))) {
        int m = p->mark;
        if (!TOK(PYTOK_TYPE_COMMENT))
            p->mark = m;
        if (!p->error_indicator && LOOK(1, TOK(PYTOK_RPAR)))
            RETURN(name_default(p, a, c));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* param_maybe_default: param default? ',' TYPE_COMMENT? | param default? TYPE_COMMENT? &')' */
static name_default_t *param_maybe_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    for (int alt = 0; alt < 2; alt++) {
        if (alt)
            ALT;
        if ((a = param_rule(p))) {
            int m = p->mark;
            expr_t *c = default_rule(p);
            if (!c) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            if (alt == 0) {
                if (TOK(PYTOK_COMMA)) {
                    m = p->mark;
                    if (!TOK(PYTOK_TYPE_COMMENT))
                        p->mark = m;
                    if (!p->error_indicator)
                        RETURN(name_default(p, a, c));
                }
            } else {
                m = p->mark;
                if (!TOK(PYTOK_TYPE_COMMENT))
                    p->mark = m;
                if (!p->error_indicator && LOOK(1, TOK(PYTOK_RPAR)))
                    RETURN(name_default(p, a, c));
            }
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* param: NAME annotation? */
static pyparse_arg_t *param_rule(parser_t *p)
{
    ENTER;
    START;
    ptoken_t *a;
    if ((a = TOK(PYTOK_NAME))) {
        int m = p->mark;
        expr_t *b = annotation_rule(p);
        if (!b) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        RETURN(mk_arg(p, a, b, EXTRA));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* param_star_annotation: NAME star_annotation */
static pyparse_arg_t *param_star_annotation_rule(parser_t *p)
{
    ENTER;
    START;
    ptoken_t *a;
    expr_t *b;
    if ((a = TOK(PYTOK_NAME)) && (b = star_annotation_rule(p)))
        RETURN(mk_arg(p, a, b, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* annotation: ':' expression */
static expr_t *annotation_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if (TOK(PYTOK_COLON) && (a = expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* star_annotation: ':' star_expression */
static expr_t *star_annotation_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if (TOK(PYTOK_COLON) && (a = star_expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* default: '=' expression | invalid_default */
static expr_t *default_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if (TOK(PYTOK_EQUAL) && (a = expression_rule(p)))
        RETURN(a);
    if (INVALID && p->prof->g_invalid_default) {
        ALT;
        void *r;
        if ((r = invalid_default_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* if, while, for, with, try                                            */
/* ------------------------------------------------------------------ */

/* if_stmt: invalid_if_stmt | 'if' named_expression ':' block elif_stmt | 'if' named_expression ':' block
 * [else_block] */
static stmt_t *if_like(parser_t *p, int kw)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = kw == KW_if ? invalid_if_stmt_rule(p) : invalid_elif_stmt_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *a;
    vec_t *b, *c;
    stmt_t *e;
    if (TOK(kw) && (a = named_expression_rule(p)) && TOK(PYTOK_COLON) && (b = block_rule(p)) &&
        (e = elif_stmt_rule(p))) {
        stmt_t *s = pp_stmt(p, PYSTMT_IF, EXTRA);
        if (s) {
            s->v.if_.test = a;
            s->v.if_.body = vec_stmts(b);
            vec_t *o = singleton(p, e);
            s->v.if_.orelse = vec_stmts(o);
        }
        RETURN(s);
    }
    ALT;
    if (TOK(kw) && (a = named_expression_rule(p)) && TOK(PYTOK_COLON) && (b = block_rule(p))) {
        int m = p->mark;
        if (!(c = else_block_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        stmt_t *s = pp_stmt(p, PYSTMT_IF, EXTRA);
        if (s) {
            s->v.if_.test = a;
            s->v.if_.body = vec_stmts(b);
            s->v.if_.orelse = vec_stmts(c);
        }
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

static stmt_t *if_stmt_rule(parser_t *p)
{
    return if_like(p, KW_if);
}

static stmt_t *elif_stmt_rule(parser_t *p)
{
    return if_like(p, KW_elif);
}

/* else_block: invalid_else_stmt | 'else' &&':' block */
static vec_t *else_block_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID) {
        void *r;
        if ((r = invalid_else_stmt_rule(p)))
            RETURN(r);
        ALT;
    }
    vec_t *b;
    if (TOK(KW_else) && pp_expect_forced(p, PYTOK_COLON, ":") && (b = block_rule(p)))
        RETURN(b);
    p->mark = _mark;
    RETURN(NULL);
}

/* while_stmt: invalid_while_stmt | 'while' named_expression ':' block [else_block] */
static stmt_t *while_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_while_stmt_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *a;
    vec_t *b, *c;
    if (TOK(KW_while) && (a = named_expression_rule(p)) && TOK(PYTOK_COLON) && (b = block_rule(p))) {
        int m = p->mark;
        if (!(c = else_block_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        stmt_t *s = pp_stmt(p, PYSTMT_WHILE, EXTRA);
        if (s) {
            s->v.while_.test = a;
            s->v.while_.body = vec_stmts(b);
            s->v.while_.orelse = vec_stmts(c);
        }
        RETURN(s);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * for_stmt:
 *   | invalid_for_stmt
 *   | ['async'] 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
 *   | invalid_for_target
 */
static stmt_t *for_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_for_stmt_rule(p)))
            RETURN(r);
        ALT;
    }
    for (int is_async = 0; is_async < 2; is_async++) {
        if (is_async)
            ALT;
        int cut = 0;
        expr_t *t, *ex;
        vec_t *b, *el;
        if ((!is_async || TOK(KW_async)) && TOK(KW_for) && (t = star_targets_rule(p)) && TOK(KW_in) &&
            (cut = 1) && (ex = star_expressions_rule(p)) &&
            (p->prof->g_for_colon_forced ? pp_expect_forced(p, PYTOK_COLON, ":") != NULL
                                         : TOK(PYTOK_COLON) != NULL)) {
            int m = p->mark;
            if (!TOK(PYTOK_TYPE_COMMENT))
                p->mark = m;
            if ((b = block_rule(p))) {
                m = p->mark;
                if (!(el = else_block_rule(p))) {
                    if (p->error_indicator)
                        RETURN(NULL);
                    p->mark = m;
                }
                stmt_t *s = pp_stmt(p, is_async ? PYSTMT_ASYNCFOR : PYSTMT_FOR, EXTRA);
                if (s) {
                    s->v.for_.target = t;
                    s->v.for_.iter = ex;
                    s->v.for_.body = vec_stmts(b);
                    s->v.for_.orelse = vec_stmts(el);
                }
                RETURN(s);
            }
        }
        if (cut)
            RETURN(NULL);
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_for_target_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * with_stmt:
 *   | invalid_with_stmt_indent
 *   | ['async'] 'with' '(' ','.with_item+ ','? ')' ':' block
 *   | ['async'] 'with' ','.with_item+ ':' [TYPE_COMMENT] block
 *   | invalid_with_stmt
 */
static vec_t *with_items(parser_t *p)
{
    vec_t *v = new_vec(p);
    void *it;
    /* ','.with_item+ is a _gather_N frame: the first item one frame deeper, the rest two (its _loop0_N) */
    if (!v || !(it = FRAMEDP(with_item_rule(p))))
        return NULL;
    vec_push(p, v, it);
    p->level += 2;
    for (;;) {
        int m = p->mark;
        if (TOK(PYTOK_COMMA) && (it = with_item_rule(p))) {
            vec_push(p, v, it);
            continue;
        }
        p->mark = m;
        break;
    }
    p->level -= 2;
    return v; /* a gather or X* loop: CPython keeps what it matched even after an error */
}

static stmt_t *mk_with(parser_t *p, int is_async, vec_t *items, vec_t *b, int l, int c, int el, int ec)
{
    stmt_t *s = pp_stmt(p, is_async ? PYSTMT_ASYNCWITH : PYSTMT_WITH, l, c, el, ec);
    if (!s)
        return NULL;
    s->v.with.n_items = (size_t)items->n;
    s->v.with.context_exprs = pp_alloc(p, (size_t)(items->n + 1) * sizeof(expr_t *));
    s->v.with.optional_vars = pp_alloc(p, (size_t)(items->n + 1) * sizeof(expr_t *));
    if (!s->v.with.context_exprs || !s->v.with.optional_vars)
        return NULL;
    for (int i = 0; i < items->n; i++) {
        expr_t **pair = items->items[i];
        s->v.with.context_exprs[i] = pair[0];
        s->v.with.optional_vars[i] = pair[1];
    }
    s->v.with.body = vec_stmts(b);
    return s;
}

static stmt_t *with_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_with_stmt_indent_rule(p)))
            RETURN(r);
        ALT;
    }
    for (int is_async = 0; is_async < 2; is_async++) {
        vec_t *a, *b;
        if (is_async || 1) {
            ALT;
            if ((!is_async || TOK(KW_async)) && TOK(KW_with) && TOK(PYTOK_LPAR) && (a = with_items(p))) {
                int m = p->mark;
                if (!TOK(PYTOK_COMMA))
                    p->mark = m;
                if (!p->error_indicator && TOK(PYTOK_RPAR) && TOK(PYTOK_COLON) && (b = block_rule(p)))
                    RETURN(mk_with(p, is_async, a, b, EXTRA));
            }
        }
        ALT;
        if ((!is_async || TOK(KW_async)) && TOK(KW_with) && (a = with_items(p)) && TOK(PYTOK_COLON)) {
            int m = p->mark;
            if (!TOK(PYTOK_TYPE_COMMENT))
                p->mark = m;
            if (!p->error_indicator && (b = block_rule(p)))
                RETURN(mk_with(p, is_async, a, b, EXTRA));
        }
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_with_stmt_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* with_item: expression 'as' star_target &(',' | ')' | ':') | invalid_with_item | expression */
static void *with_item_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *e, *t;
    expr_t **pair = pp_alloc(p, 2 * sizeof *pair);
    if (!pair)
        RETURN(NULL);
    if ((e = expression_rule(p)) && TOK(KW_as) && (t = star_target_rule(p)) &&
        LOOK(1, TOK(PYTOK_COMMA) || (p->mark = _lm, TOK(PYTOK_RPAR)) || (p->mark = _lm, TOK(PYTOK_COLON)))) {
        pair[0] = e, pair[1] = t;
        RETURN(pair);
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_with_item_rule(p)))
            RETURN(r);
    }
    ALT;
    if ((e = expression_rule(p))) {
        pair[0] = e, pair[1] = NULL;
        RETURN(pair);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * try_stmt:
 *   | invalid_try_stmt
 *   | 'try' &&':' block finally_block
 *   | 'try' &&':' block except_block+ [else_block] [finally_block]
 *   | 'try' &&':' block except_star_block+ [else_block] [finally_block]   (3.11+)
 */
static stmt_t *try_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_try_stmt_rule(p)))
            RETURN(r);
        ALT;
    }
    vec_t *b, *f, *ex, *el;
    if (TOK(KW_try) && pp_expect_forced(p, PYTOK_COLON, ":") && (b = block_rule(p)) &&
        (f = finally_block_rule(p))) {
        stmt_t *s = pp_stmt(p, PYSTMT_TRY, EXTRA);
        if (s) {
            s->v.try_.body = vec_stmts(b);
            s->v.try_.finalbody = vec_stmts(f);
        }
        RETURN(s);
    }
    for (int star = 0; star < (p->prof->g_except_star ? 2 : 1); star++) {
        ALT;
        if (TOK(KW_try) && pp_expect_forced(p, PYTOK_COLON, ":") && (b = block_rule(p))) {
            ex = new_vec(p);
            if (!ex)
                RETURN(NULL);
            for (;;) {
                int m = p->mark;
                void *h = star ? except_star_block_rule(p) : except_block_rule(p);
                if (!h) {
                    p->mark = m;
                    break;
                }
                vec_push(p, ex, h);
            }
            if (p->error_indicator)
                RETURN(NULL);
            if (ex->n == 0)
                continue;
            int m = p->mark;
            if (!(el = else_block_rule(p))) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            m = p->mark;
            if (!(f = finally_block_rule(p))) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            stmt_t *s = pp_stmt(p, star ? PYSTMT_TRYSTAR : PYSTMT_TRY, EXTRA);
            if (s) {
                s->v.try_.body = vec_stmts(b);
                s->v.try_.n_handlers = (size_t)ex->n;
                s->v.try_.handlers = (pyparse_excepthandler_t **)ex->items;
                s->v.try_.orelse = vec_stmts(el);
                s->v.try_.finalbody = vec_stmts(f);
            }
            RETURN(s);
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * except_block:
 *   | invalid_except_stmt_indent
 *   | 'except' expression ['as' NAME] ':' block
 *   | 'except' ':' block
 *   | invalid_except_stmt
 */
static pyparse_excepthandler_t *mk_handler(parser_t *p, expr_t *type, expr_t *name, vec_t *body, int l, int c,
                                           int el, int ec)
{
    pyparse_excepthandler_t *h = pp_alloc(p, sizeof *h);
    if (h) {
        h->type = type;
        h->name = name ? name->v.name.id : NULL;
        h->body = vec_stmts(body);
        h->lineno = l, h->col_offset = c, h->end_lineno = el, h->end_col_offset = ec;
    }
    return h;
}

static void *except_block_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_except_stmt_indent_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *e, *n;
    vec_t *b;
    if (TOK(KW_except) && (e = expression_rule(p))) {
        n = opt_as_name(p);
        if (!p->error_indicator && TOK(PYTOK_COLON) && (b = block_rule(p)))
            RETURN(mk_handler(p, e, n, b, EXTRA));
    }
    ALT;
    if (TOK(KW_except) && TOK(PYTOK_COLON) && (b = block_rule(p)))
        RETURN(mk_handler(p, NULL, NULL, b, EXTRA));
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_except_stmt_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* except_star_block: invalid_except_star_stmt_indent | 'except' '*' expression ['as' NAME] ':' block |
 * invalid_except_stmt */
static void *except_star_block_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_except_star_stmt_indent_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *e, *n;
    vec_t *b;
    if (TOK(KW_except) && TOK(PYTOK_STAR) && (e = expression_rule(p))) {
        n = opt_as_name(p);
        if (!p->error_indicator && TOK(PYTOK_COLON) && (b = block_rule(p)))
            RETURN(mk_handler(p, e, n, b, EXTRA));
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_except_stmt_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* finally_block: invalid_finally_stmt | 'finally' &&':' block */
static vec_t *finally_block_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID) {
        void *r;
        if ((r = invalid_finally_stmt_rule(p)))
            RETURN(r);
        ALT;
    }
    vec_t *a;
    if (TOK(KW_finally) && pp_expect_forced(p, PYTOK_COLON, ":") && (a = block_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* match                                                                */
/* ------------------------------------------------------------------ */

/* match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT | invalid_match_stmt */
static stmt_t *match_stmt_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *subject;
    if (soft_kw(p, "match") && (subject = subject_expr_rule(p)) && TOK(PYTOK_COLON) && TOK(PYTOK_NEWLINE) &&
        TOK(PYTOK_INDENT)) {
        vec_t *cases = new_vec(p);
        if (!cases || !frame_enter(p)) /* case_block+ is a _loop1_N frame */
            RETURN(NULL);
        for (;;) {
            int m = p->mark;
            void *c = case_block_rule(p);
            if (!c) {
                p->mark = m;
                break;
            }
            vec_push(p, cases, c);
        }
        p->level--;
        if (!p->error_indicator && cases->n > 0 && TOK(PYTOK_DEDENT)) {
            stmt_t *s = pp_stmt(p, PYSTMT_MATCH, EXTRA);
            if (s) {
                s->v.match.subject = subject;
                s->v.match.n_cases = (size_t)cases->n;
                s->v.match.cases = (pyparse_match_case_t **)cases->items;
            }
            RETURN(s);
        }
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_match_stmt_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* subject_expr: star_named_expression ',' star_named_expressions? | named_expression */
static expr_t *subject_expr_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *value;
    if ((value = star_named_expression_rule(p)) && TOK(PYTOK_COMMA)) {
        int m = p->mark;
        vec_t *values = star_named_expressions_rule(p);
        if (!values) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        RETURN(mk_seq(p, PYEXPR_TUPLE, insert_front(p, value, values), PYCTX_LOAD, EXTRA));
    }
    ALT;
    if ((value = named_expression_rule(p)))
        RETURN(value);
    p->mark = _mark;
    RETURN(NULL);
}

/* case_block: invalid_case_block | "case" patterns guard? ':' block */
static void *case_block_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID) {
        void *r;
        if ((r = invalid_case_block_rule(p)))
            RETURN(r);
        ALT;
    }
    vec_t *body;
    pattern_t *pat;
    if (soft_kw(p, "case") && (pat = patterns_rule(p))) {
        int m = p->mark;
        expr_t *g = guard_rule(p);
        if (!g) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_COLON) && (body = block_rule(p))) {
            pyparse_match_case_t *c = pp_alloc(p, sizeof *c);
            if (c) {
                c->pattern = pat;
                c->guard = g;
                c->body = vec_stmts(body);
            }
            RETURN(c);
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* guard: 'if' named_expression */
static expr_t *guard_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *g;
    if (TOK(KW_if) && (g = named_expression_rule(p)))
        RETURN(g);
    p->mark = _mark;
    RETURN(NULL);
}

/* patterns: open_sequence_pattern | pattern */
static pattern_t *patterns_rule(parser_t *p)
{
    ENTER;
    START;
    vec_t *sq;
    if ((sq = open_sequence_pattern_rule(p)))
        RETURN(mk_pattern_seq(p, PYPAT_SEQUENCE, sq, EXTRA));
    ALT;
    pattern_t *pt;
    if ((pt = pattern_rule(p)))
        RETURN(pt);
    p->mark = _mark;
    RETURN(NULL);
}

/* pattern: as_pattern | or_pattern */
static pattern_t *pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pattern_t *pt;
    if ((pt = as_pattern_rule(p)))
        RETURN(pt);
    ALT;
    if ((pt = or_pattern_rule(p)))
        RETURN(pt);
    p->mark = _mark;
    RETURN(NULL);
}

/* as_pattern: or_pattern 'as' pattern_capture_target | invalid_as_pattern */
static pattern_t *as_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    pattern_t *o;
    expr_t *t;
    if ((o = or_pattern_rule(p)) && TOK(KW_as) && (t = pattern_capture_target_rule(p)))
        RETURN(mk_pattern_name(p, PYPAT_AS, o, t, EXTRA));
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_as_pattern_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

static void *closed_pattern_item(parser_t *p)
{
    return closed_pattern_rule(p);
}
static void *maybe_star_pattern_item(parser_t *p)
{
    return maybe_star_pattern_rule(p);
}
static void *pattern_item(parser_t *p)
{
    return pattern_rule(p);
}

/* or_pattern: '|'.closed_pattern+ */
static pattern_t *or_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    vec_t *v = gather_frames(p, PYTOK_VBAR, closed_pattern_item);
    if (!v) {
        p->mark = _mark;
        RETURN(NULL);
    }
    RETURN(v->n == 1 ? v->items[0] : mk_pattern_seq(p, PYPAT_OR, v, EXTRA));
}

/* closed_pattern (memo): literal | capture | wildcard | value | group | sequence | mapping | class */
static pattern_t *closed_pattern_raw(parser_t *p)
{
    static pattern_t *(*const alts[])(parser_t *) = {
        literal_pattern_rule, capture_pattern_rule,  wildcard_pattern_rule, value_pattern_rule,
        group_pattern_rule,   sequence_pattern_rule, mapping_pattern_rule,  class_pattern_rule};
    ENTER;
    int _mark = p->mark;
    for (size_t i = 0; i < sizeof alts / sizeof alts[0]; i++) {
        ALT;
        pattern_t *pt;
        if ((pt = alts[i](p)))
            RETURN(pt);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

static pattern_t *closed_pattern_rule(parser_t *p)
{
    ENTER;
    if (p->prof->g_pattern_memo) {
        MEMO_BEGIN(R_closed_pattern, pattern_t *);
        int _mark = p->mark;
        p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
        pattern_t *r = closed_pattern_raw(p);
        p->level++;
        pp_memo_put(p, _mark, R_closed_pattern, r);
        RETURN(r);
    }
    p->level--;
    void *r_ = closed_pattern_raw(p);
    p->level++;
    RETURN(r_);
}

/* literal_pattern: signed_number !('+'|'-') | complex_number | strings | 'None' | 'True' | 'False' */
static pattern_t *literal_pattern_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *v;
    if ((v = signed_number_rule(p)) && LOOK(0, TOK(PYTOK_PLUS) || (p->mark = _lm, TOK(PYTOK_MINUS))))
        RETURN(mk_pattern_expr(p, PYPAT_VALUE, v, EXTRA));
    ALT;
    if ((v = complex_number_rule(p)))
        RETURN(mk_pattern_expr(p, PYPAT_VALUE, v, EXTRA));
    ALT;
    if ((v = strings_rule(p)))
        RETURN(mk_pattern_expr(p, PYPAT_VALUE, v, EXTRA));
    ALT;
    if (TOK(KW_None))
        RETURN(mk_pattern_expr(p, PYPAT_SINGLETON, mk_const(p, PYCONST_NONE, EXTRA), EXTRA));
    ALT;
    if (TOK(KW_True))
        RETURN(mk_pattern_expr(p, PYPAT_SINGLETON, mk_const(p, PYCONST_TRUE, EXTRA), EXTRA));
    ALT;
    if (TOK(KW_False))
        RETURN(mk_pattern_expr(p, PYPAT_SINGLETON, mk_const(p, PYCONST_FALSE, EXTRA), EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* literal_expr: like literal_pattern, as expressions (mapping keys) */
static expr_t *literal_expr_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *e;
    if ((e = signed_number_rule(p)) && LOOK(0, TOK(PYTOK_PLUS) || (p->mark = _lm, TOK(PYTOK_MINUS))))
        RETURN(e);
    ALT;
    if ((e = complex_number_rule(p)))
        RETURN(e);
    ALT;
    if (p->prof->fstring_tokens) {
        if (LOOK(1, TOK(PYTOK_STRING) || (p->mark = _lm, TOK(PYTOK_FSTRING_START))) && (e = strings_rule(p)))
            RETURN(e);
    } else if ((e = strings_rule(p))) {
        RETURN(e);
    }
    ALT;
    if (TOK(KW_None))
        RETURN(mk_const(p, PYCONST_NONE, EXTRA));
    ALT;
    if (TOK(KW_True))
        RETURN(mk_const(p, PYCONST_TRUE, EXTRA));
    ALT;
    if (TOK(KW_False))
        RETURN(mk_const(p, PYCONST_FALSE, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* complex_number: signed_real_number ('+'|'-') imaginary_number */
static expr_t *complex_number_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *re, *im;
    if ((re = signed_real_number_rule(p)) && TOK(PYTOK_PLUS) && (im = imaginary_number_rule(p)))
        RETURN(mk_binop(p, re, PYOP_ADD, im, EXTRA));
    ALT;
    if ((re = signed_real_number_rule(p)) && TOK(PYTOK_MINUS) && (im = imaginary_number_rule(p)))
        RETURN(mk_binop(p, re, PYOP_SUB, im, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* signed_number: NUMBER | '-' NUMBER */
static expr_t *signed_number_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *n;
    if ((n = number_token(p)))
        RETURN(n);
    ALT;
    if (TOK(PYTOK_MINUS) && (n = number_token(p)))
        RETURN(mk_unary(p, PYUOP_USUB, n, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* signed_real_number: real_number | '-' real_number */
static expr_t *signed_real_number_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *n;
    if ((n = real_number_rule(p)))
        RETURN(n);
    ALT;
    if (TOK(PYTOK_MINUS) && (n = real_number_rule(p)))
        RETURN(mk_unary(p, PYUOP_USUB, n, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* real_number: NUMBER (_PyPegen_ensure_real) */
static expr_t *real_number_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *n;
    if ((n = number_token(p))) {
        if (n->v.constant.kind == PYCONST_COMPLEX)
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(n, "real number required in complex literal"));
        RETURN(n);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* imaginary_number: NUMBER (_PyPegen_ensure_imaginary) */
static expr_t *imaginary_number_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *n;
    if ((n = number_token(p))) {
        if (n->v.constant.kind != PYCONST_COMPLEX)
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(n, "imaginary number required in complex literal"));
        RETURN(n);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* capture_pattern: pattern_capture_target */
static pattern_t *capture_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *t;
    if ((t = pattern_capture_target_rule(p)))
        RETURN(mk_pattern_name(p, PYPAT_AS, NULL, t, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* pattern_capture_target: !"_" NAME !('.' | '(' | '=') */
static expr_t *pattern_capture_target_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *name;
    if (LOOK(0, soft_kw(p, "_")) && (name = name_token(p)) &&
        LOOK(0, TOK(PYTOK_DOT) || (p->mark = _lm, TOK(PYTOK_LPAR)) || (p->mark = _lm, TOK(PYTOK_EQUAL))))
        RETURN(pp_set_expr_context(p, name, PYCTX_STORE));
    p->mark = _mark;
    RETURN(NULL);
}

/* wildcard_pattern: "_" */
static pattern_t *wildcard_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    if (soft_kw(p, "_"))
        RETURN(mk_pattern_name(p, PYPAT_AS, NULL, NULL, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* value_pattern: attr !('.' | '(' | '=') */
static pattern_t *value_pattern_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a;
    if ((a = attr_rule(p)) &&
        LOOK(0, TOK(PYTOK_DOT) || (p->mark = _lm, TOK(PYTOK_LPAR)) || (p->mark = _lm, TOK(PYTOK_EQUAL))))
        RETURN(mk_pattern_expr(p, PYPAT_VALUE, a, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* attr (left-recursive): name_or_attr '.' NAME */
static expr_t *attr_rule(parser_t *p);
static expr_t *attr_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *value, *attr;
    if ((value = name_or_attr_rule(p)) && TOK(PYTOK_DOT) && (attr = name_token(p))) {
        expr_t *e = pp_expr(p, PYEXPR_ATTRIBUTE, EXTRA);
        if (e) {
            e->v.attribute.value = value;
            e->v.attribute.attr = attr->v.name.id;
        }
        RETURN(e);
    }
    p->mark = _mark;
    RETURN(NULL);
}
LEFT_RECURSIVE(attr, R_attr)

/* name_or_attr: attr | NAME */
static expr_t *name_or_attr_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *e;
    if ((e = attr_rule(p)))
        RETURN(e);
    ALT;
    if ((e = name_token(p)))
        RETURN(e);
    p->mark = _mark;
    RETURN(NULL);
}

/* group_pattern: '(' pattern ')' */
static pattern_t *group_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pattern_t *pt;
    if (TOK(PYTOK_LPAR) && (pt = pattern_rule(p)) && TOK(PYTOK_RPAR))
        RETURN(pt);
    p->mark = _mark;
    RETURN(NULL);
}

/* sequence_pattern: '[' maybe_sequence_pattern? ']' | '(' open_sequence_pattern? ')' */
static pattern_t *sequence_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    vec_t *v;
    if (TOK(PYTOK_LSQB)) {
        int m = p->mark;
        if (!(v = maybe_sequence_pattern_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RSQB))
            RETURN(mk_pattern_seq(p, PYPAT_SEQUENCE, v, EXTRA));
    }
    ALT;
    if (TOK(PYTOK_LPAR)) {
        int m = p->mark;
        if (!(v = open_sequence_pattern_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RPAR))
            RETURN(mk_pattern_seq(p, PYPAT_SEQUENCE, v, EXTRA));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern? */
static vec_t *open_sequence_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pattern_t *pt;
    if ((pt = maybe_star_pattern_rule(p)) && TOK(PYTOK_COMMA)) {
        int m = p->mark;
        vec_t *rest = maybe_sequence_pattern_rule(p);
        if (!rest) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        RETURN(insert_front(p, pt, rest));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* maybe_sequence_pattern: ','.maybe_star_pattern+ ','? */
static vec_t *maybe_sequence_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = gather_frames(p, PYTOK_COMMA, maybe_star_pattern_item);
    if (!v) {
        p->mark = _mark;
        RETURN(NULL);
    }
    if (p->error_indicator)
        RETURN(NULL);
    int m = p->mark;
    if (!TOK(PYTOK_COMMA))
        p->mark = m;
    RETURN(v); /* a gather or X* loop: CPython keeps what it matched even after an error */
}

/* maybe_star_pattern: star_pattern | pattern */
static pattern_t *maybe_star_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pattern_t *pt;
    if ((pt = star_pattern_rule(p)))
        RETURN(pt);
    ALT;
    if ((pt = pattern_rule(p)))
        RETURN(pt);
    p->mark = _mark;
    RETURN(NULL);
}

/* star_pattern (memo): '*' pattern_capture_target | '*' wildcard_pattern */
static pattern_t *star_pattern_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *t;
    if (TOK(PYTOK_STAR) && (t = pattern_capture_target_rule(p)))
        RETURN(mk_pattern_name(p, PYPAT_STAR, NULL, t, EXTRA));
    ALT;
    if (TOK(PYTOK_STAR) && wildcard_pattern_rule(p))
        RETURN(mk_pattern_name(p, PYPAT_STAR, NULL, NULL, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

static pattern_t *star_pattern_rule(parser_t *p)
{
    ENTER;
    if (p->prof->g_pattern_memo) {
        MEMO_BEGIN(R_star_pattern, pattern_t *);
        int _mark = p->mark;
        p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
        pattern_t *r = star_pattern_raw(p);
        p->level++;
        pp_memo_put(p, _mark, R_star_pattern, r);
        RETURN(r);
    }
    p->level--;
    void *r_ = star_pattern_raw(p);
    p->level++;
    RETURN(r_);
}

/*
 * mapping_pattern:
 *   | '{' '}' | '{' double_star_pattern ','? '}' | '{' items_pattern ',' double_star_pattern ','? '}'
 *   | '{' items_pattern ','? '}'
 */
static int opt_comma(parser_t *p)
{
    int m = p->mark;
    if (!TOK(PYTOK_COMMA))
        p->mark = m;
    return !p->error_indicator;
}

/* A MatchMapping from key: pattern pairs (or NULL) and a **rest capture (or NULL). */
static pattern_t *mk_mapping(parser_t *p, vec_t *items, expr_t *rest, int l, int c, int el, int ec)
{
    pattern_t *pt = mk_pattern(p, PYPAT_MAPPING, l, c, el, ec);
    if (!pt)
        return NULL;
    vec_t keys = {0, 0, NULL}, pats = {0, 0, NULL};
    for (int i = 0; items && i < items->n; i++) {
        pat_pair_t *kv = items->items[i];
        vec_push(p, &keys, kv->key);
        vec_push(p, &pats, kv->pattern);
    }
    pt->keys = vec_exprs(&keys);
    pt->patterns = vec_patterns(&pats);
    pt->name = rest ? rest->v.name.id : NULL;
    return pt;
}

static pattern_t *mapping_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    vec_t *items;
    expr_t *rest;
    if (TOK(PYTOK_LBRACE) && TOK(PYTOK_RBRACE))
        RETURN(mk_mapping(p, NULL, NULL, EXTRA));
    ALT;
    if (TOK(PYTOK_LBRACE) && (rest = double_star_pattern_rule(p)) && opt_comma(p) && TOK(PYTOK_RBRACE))
        RETURN(mk_mapping(p, NULL, rest, EXTRA));
    ALT;
    if (TOK(PYTOK_LBRACE) && (items = items_pattern_rule(p)) && TOK(PYTOK_COMMA) &&
        (rest = double_star_pattern_rule(p)) && opt_comma(p) && TOK(PYTOK_RBRACE))
        RETURN(mk_mapping(p, items, rest, EXTRA));
    ALT;
    if (TOK(PYTOK_LBRACE) && (items = items_pattern_rule(p)) && opt_comma(p) && TOK(PYTOK_RBRACE))
        RETURN(mk_mapping(p, items, NULL, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* items_pattern: ','.key_value_pattern+ */
static vec_t *items_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = gather_frames(p, PYTOK_COMMA, key_value_pattern_rule);
    if (!v)
        p->mark = _mark;
    RETURN(v); /* a gather or X* loop: CPython keeps what it matched even after an error */
}

/* key_value_pattern: (literal_expr | attr) ':' pattern */
static void *key_value_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *key = literal_expr_rule(p);
    if (!key && !p->error_indicator) {
        p->mark = _mark;
        key = attr_rule(p);
    }
    pattern_t *pt;
    if (key && TOK(PYTOK_COLON) && (pt = pattern_rule(p))) {
        pat_pair_t *kv = pp_alloc(p, sizeof *kv);
        if (kv) {
            kv->key = key;
            kv->pattern = pt;
        }
        RETURN(kv);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* double_star_pattern: '**' pattern_capture_target */
static expr_t *double_star_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *t;
    if (TOK(PYTOK_DOUBLESTAR) && (t = pattern_capture_target_rule(p)))
        RETURN(t);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * class_pattern:
 *   | name_or_attr '(' ')' | name_or_attr '(' positional_patterns ','? ')'
 *   | name_or_attr '(' keyword_patterns ','? ')'
 *   | name_or_attr '(' positional_patterns ',' keyword_patterns ','? ')'
 *   | invalid_class_pattern
 */
/* A MatchClass from positional patterns and attr=pattern pairs (either may be NULL). */
static pattern_t *mk_class(parser_t *p, expr_t *cls, vec_t *pos, vec_t *kws, int l, int c, int el, int ec)
{
    pattern_t *pt = mk_pattern_expr(p, PYPAT_CLASS, cls, l, c, el, ec);
    if (!pt)
        return NULL;
    pt->patterns = vec_patterns(pos);
    if (kws && kws->n) {
        pt->n_kwd = (size_t)kws->n;
        pt->kwd_attrs = pp_alloc(p, pt->n_kwd * sizeof *pt->kwd_attrs);
        pt->kwd_patterns = pp_alloc(p, pt->n_kwd * sizeof *pt->kwd_patterns);
        if (!pt->kwd_attrs || !pt->kwd_patterns)
            return NULL;
        for (int i = 0; i < kws->n; i++) {
            pat_pair_t *kw = kws->items[i];
            pt->kwd_attrs[i] = kw->attr;
            pt->kwd_patterns[i] = kw->pattern;
        }
    }
    return pt;
}

static pattern_t *class_pattern_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *cls;
    vec_t *pos, *kws;
    if ((cls = name_or_attr_rule(p)) && TOK(PYTOK_LPAR) && TOK(PYTOK_RPAR))
        RETURN(mk_class(p, cls, NULL, NULL, EXTRA));
    ALT;
    if ((cls = name_or_attr_rule(p)) && TOK(PYTOK_LPAR) && (pos = positional_patterns_rule(p)) &&
        opt_comma(p) && TOK(PYTOK_RPAR))
        RETURN(mk_class(p, cls, pos, NULL, EXTRA));
    ALT;
    if ((cls = name_or_attr_rule(p)) && TOK(PYTOK_LPAR) && (kws = keyword_patterns_rule(p)) && opt_comma(p) &&
        TOK(PYTOK_RPAR))
        RETURN(mk_class(p, cls, NULL, kws, EXTRA));
    ALT;
    if ((cls = name_or_attr_rule(p)) && TOK(PYTOK_LPAR) && (pos = positional_patterns_rule(p)) &&
        TOK(PYTOK_COMMA) && (kws = keyword_patterns_rule(p)) && opt_comma(p) && TOK(PYTOK_RPAR))
        RETURN(mk_class(p, cls, pos, kws, EXTRA));
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_class_pattern_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* positional_patterns: ','.pattern+ */
static vec_t *positional_patterns_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = gather_frames(p, PYTOK_COMMA, pattern_item);
    if (!v)
        p->mark = _mark;
    RETURN(v); /* a gather or X* loop: CPython keeps what it matched even after an error */
}

/* keyword_patterns: ','.keyword_pattern+ */
static vec_t *keyword_patterns_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = gather_frames(p, PYTOK_COMMA, keyword_pattern_rule);
    if (!v)
        p->mark = _mark;
    RETURN(v); /* a gather or X* loop: CPython keeps what it matched even after an error */
}

/* keyword_pattern: NAME '=' pattern */
static void *keyword_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pattern_t *pt;
    expr_t *n;
    if ((n = name_token(p)) && TOK(PYTOK_EQUAL) && (pt = pattern_rule(p))) {
        pat_pair_t *kw = pp_alloc(p, sizeof *kw);
        if (kw) {
            kw->attr = n->v.name.id;
            kw->pattern = pt;
        }
        RETURN(kw);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* type statements and type parameters (3.12+)                          */
/* ------------------------------------------------------------------ */

/* type_alias: "type" NAME [type_params] '=' expression */
static stmt_t *type_alias_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *n, *b;
    vec_t *t;
    if (soft_kw(p, "type") && (n = name_token(p))) {
        int m = p->mark;
        if (!(t = type_params_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_EQUAL) && (b = expression_rule(p))) {
            stmt_t *s = pp_stmt(p, PYSTMT_TYPEALIAS, EXTRA);
            if (s) {
                s->v.typealias.name = pp_set_expr_context(p, n, PYCTX_STORE);
                s->v.typealias.value = b;
                if (t)
                    s->v.typealias.type_params = vec_type_params(t);
            }
            RETURN(s);
        }
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* type_params: '[' ','.type_param+ [','] ']' */
static vec_t *type_params_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID && p->prof->g_not_after_operator) {
        /* invalid_type_params (3.13+): '[' token=']' */
        ptoken_t *t;
        if (TOK(PYTOK_LSQB) && (t = TOK(PYTOK_RSQB)))
            RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(t, "Type parameter list cannot be empty"));
        ALT;
    }
    vec_t *v = new_vec(p);
    void *tp;
    if (v && TOK(PYTOK_LSQB) && (tp = type_param_rule(p))) {
        vec_push(p, v, tp);
        for (;;) {
            int m = p->mark;
            if (TOK(PYTOK_COMMA) && (tp = type_param_rule(p))) {
                vec_push(p, v, tp);
                continue;
            }
            p->mark = m;
            break;
        }
        if (!p->error_indicator && opt_comma(p) && TOK(PYTOK_RSQB))
            RETURN(v);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* ['=' expression] of a type parameter (3.13+: defaults); *d receives the expression. */
static int type_param_default(parser_t *p, int starred, expr_t **d)
{
    *d = NULL;
    if (!p->prof->g_type_param_defaults)
        return 1;
    int m = p->mark;
    if (TOK(PYTOK_EQUAL) && (*d = starred ? star_expression_rule(p) : expression_rule(p)))
        return 1;
    *d = NULL;
    if (p->error_indicator)
        return 0;
    p->mark = m;
    return 1;
}

/* A TypeVar/TypeVarTuple/ParamSpec node spanning from the rule's start to the last token. */
static pyparse_type_param_t *new_type_param(parser_t *p, pyparse_type_param_kind_t kind, expr_t *name,
                                            expr_t *bound, expr_t *dflt, int l, int c)
{
    pyparse_type_param_t *tp = pp_alloc(p, sizeof *tp);
    if (!tp)
        return NULL;
    ptoken_t *last = last_tok(p);
    tp->kind = kind;
    tp->name = name->v.name.id;
    tp->bound = bound;
    tp->default_value = dflt;
    tp->lineno = l;
    tp->col_offset = c;
    tp->end_lineno = last->end_lineno;
    tp->end_col_offset = last->end_col_offset;
    return tp;
}

/*
 * type_param (memo):
 *   | NAME [':' expression] [default]
 *   | '*' NAME ':' expression   (error)      | '*' NAME [default]
 *   | '**' NAME ':' expression  (error)      | '**' NAME [default]
 */
static void *type_param_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *e, *bound, *dflt, *name;
    ptoken_t *colon;
    if ((name = name_token(p))) {
        int m = p->mark;
        if (!(TOK(PYTOK_COLON) && (bound = expression_rule(p)))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
            bound = NULL;
        }
        if (type_param_default(p, 0, &dflt))
            RETURN(new_type_param(p, PYTP_TYPEVAR, name, bound, dflt, _st->lineno, _st->col_offset));
    }
    ALT;
    if (TOK(PYTOK_STAR) && TOK(PYTOK_NAME) && (colon = TOK(PYTOK_COLON)) && (e = expression_rule(p)))
        RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(colon, "%s",
                                                e->kind == PYEXPR_TUPLE
                                                    ? "cannot use constraints with TypeVarTuple"
                                                    : "cannot use bound with TypeVarTuple"));
    ALT;
    if (TOK(PYTOK_STAR) && (name = name_token(p)) && type_param_default(p, 1, &dflt))
        RETURN(new_type_param(p, PYTP_TYPEVARTUPLE, name, NULL, dflt, _st->lineno, _st->col_offset));
    ALT;
    if (TOK(PYTOK_DOUBLESTAR) && TOK(PYTOK_NAME) && (colon = TOK(PYTOK_COLON)) && (e = expression_rule(p)))
        RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(colon, "%s",
                                                e->kind == PYEXPR_TUPLE
                                                    ? "cannot use constraints with ParamSpec"
                                                    : "cannot use bound with ParamSpec"));
    ALT;
    if (TOK(PYTOK_DOUBLESTAR) && (name = name_token(p)) && type_param_default(p, 0, &dflt))
        RETURN(new_type_param(p, PYTP_PARAMSPEC, name, NULL, dflt, _st->lineno, _st->col_offset));
    p->mark = _mark;
    RETURN(NULL);
}

static void *type_param_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_type_param, void *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    void *r = type_param_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_type_param, r);
    RETURN(r);
}

/* ================================================================== */
/* Expressions                                                          */
/* ================================================================== */

/* (',' X)+ collected after a first element; returns NULL when none follow */
static vec_t *comma_more(parser_t *p, expr_t *first, expr_t *(*rule)(parser_t *), int min_more)
{
    vec_t *v = singleton(p, first);
    if (!v)
        return NULL;
    /* the rest is two frames deeper: _gather_N and its _loop0_N (','.X+), or
       _loop0_N / _loop1_N and the _tmp_N of each (',' X) */
    p->level++;
    for (;;) {
        int m = p->mark;
        expr_t *c;
        if ((c = FRAMEDP(TOK(PYTOK_COMMA) ? rule(p) : NULL))) {
            vec_push(p, v, c);
            continue;
        }
        p->mark = m;
        break;
    }
    p->level--;
    /* ','.X+ (a loop0 tail) keeps what it matched after an error; (',' X)+ does not */
    if ((min_more && p->error_indicator) || v->n - 1 < min_more)
        return NULL;
    return v;
}

/* expressions: expression (',' expression)+ [','] | expression ',' | expression */
static expr_t *expressions_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *b;
    if ((a = expression_rule(p)) && (b = comma_more(p, a, expression_rule, 1)) && opt_comma(p))
        RETURN(mk_seq(p, PYEXPR_TUPLE, b, PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = expression_rule(p)) && TOK(PYTOK_COMMA))
        RETURN(mk_seq(p, PYEXPR_TUPLE, singleton(p, a), PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *mk_ifexp(parser_t *p, expr_t *body, expr_t *test, expr_t *orelse, int l, int c, int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_IFEXP, l, c, el, ec);
    if (e) {
        e->v.ifexp.test = test;
        e->v.ifexp.body = body;
        e->v.ifexp.orelse = orelse;
    }
    return e;
}

/*
 * expression (memo):
 *   | invalid_expression | invalid_legacy_expression
 *   | disjunction 'if' disjunction 'else' expression | disjunction | lambdef
 */
static expr_t *expression_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b, *c;
    if (INVALID) {
        void *r;
        if ((r = invalid_expression_rule(p)))
            RETURN(r);
        ALT;
        if ((r = invalid_legacy_expression_rule(p)))
            RETURN(r);
        ALT;
    }
    if ((a = disjunction_rule(p)) && TOK(KW_if) && (b = disjunction_rule(p)) && TOK(KW_else) &&
        (c = expression_rule(p)))
        RETURN(mk_ifexp(p, a, b, c, EXTRA));
    ALT;
    if ((a = disjunction_rule(p)))
        RETURN(a);
    ALT;
    if ((a = lambdef_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *expression_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_expression, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = expression_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_expression, r);
    RETURN(r);
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
static expr_t *yield_expr_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if (TOK(KW_yield) && TOK(KW_from) && (a = expression_rule(p))) {
        expr_t *e = pp_expr(p, PYEXPR_YIELDFROM, EXTRA);
        if (e)
            e->v.yieldfrom.value = a;
        RETURN(e);
    }
    ALT;
    if (TOK(KW_yield)) {
        int m = p->mark;
        if (!(a = star_expressions_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        expr_t *e = pp_expr(p, PYEXPR_YIELD, EXTRA);
        if (e)
            e->v.yield.value = a;
        RETURN(e);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* star_expressions: star_expression (',' star_expression)+ [','] | star_expression ',' | star_expression */
static expr_t *star_expressions_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *b;
    if ((a = star_expression_rule(p)) && (b = comma_more(p, a, star_expression_rule, 1)) && opt_comma(p))
        RETURN(mk_seq(p, PYEXPR_TUPLE, b, PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = star_expression_rule(p)) && TOK(PYTOK_COMMA))
        RETURN(mk_seq(p, PYEXPR_TUPLE, singleton(p, a), PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = star_expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *mk_starred(parser_t *p, expr_t *v, int l, int c, int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_STARRED, l, c, el, ec);
    if (e) {
        e->v.starred.value = v;
        e->v.starred.ctx = PYCTX_LOAD;
    }
    return e;
}

/* star_expression (memo): '*' bitwise_or | expression */
static expr_t *star_expression_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if (TOK(PYTOK_STAR) && (a = bitwise_or_rule(p)))
        RETURN(mk_starred(p, a, EXTRA));
    ALT;
    if ((a = expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *star_expression_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_star_expression, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = star_expression_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_star_expression, r);
    RETURN(r);
}

/* star_named_expressions: ','.star_named_expression+ [','] */
static vec_t *star_named_expressions_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    vec_t *v;
    if ((a = FRAMEDP(star_named_expression_rule(p))) &&
        (v = comma_more(p, a, star_named_expression_rule, 0)) && opt_comma(p))
        RETURN(v);
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* star_named_expression: '*' bitwise_or | named_expression */
static expr_t *star_named_expression_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if (TOK(PYTOK_STAR) && (a = bitwise_or_rule(p)))
        RETURN(mk_starred(p, a, EXTRA));
    ALT;
    if ((a = named_expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* assignment_expression: NAME ':=' ~ expression */
static expr_t *assignment_expression_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b;
    int cut = 0;
    if ((a = name_token(p)) && TOK(PYTOK_COLONEQUAL) && (cut = 1) && (b = expression_rule(p))) {
        expr_t *e = pp_expr(p, PYEXPR_NAMEDEXPR, EXTRA);
        if (e) {
            e->v.namedexpr.target = pp_set_expr_context(p, a, PYCTX_STORE);
            e->v.namedexpr.value = b;
        }
        RETURN(e);
    }
    if (cut)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* named_expression: assignment_expression | invalid_named_expression | expression !':=' */
static expr_t *named_expression_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a;
    if ((a = assignment_expression_rule(p)))
        RETURN(a);
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_named_expression_rule(p)))
            RETURN(r);
    }
    ALT;
    if ((a = expression_rule(p)) && LOOK(0, TOK(PYTOK_COLONEQUAL)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* disjunction / conjunction (memo): X ('or'|'and' X)+ | X */
/* disjunction / conjunction: a=sub b=(kw c=sub)+ | sub. The rule's frame is
   its caller's; (kw sub)+ is a _loop1_N frame whose items are _tmp_N frames
   (disjunction_rule() and _loop1_N in the generated parser). */
static expr_t *boolop_generic(parser_t *p, int kw, expr_t *(*sub)(parser_t *), pyparse_boolop_t op)
{
    ENTER;
    START;
    expr_t *a;
    if ((a = sub(p))) {
        vec_t *v = singleton(p, a);
        if (!v)
            RETURN(NULL);
        if (frame_enter(p)) {
            for (;;) {
                int m = p->mark;
                expr_t *c;
                if ((c = FRAMEDP(TOK(kw) ? sub(p) : NULL))) {
                    vec_push(p, v, c);
                    continue;
                }
                p->mark = m;
                break;
            }
            p->level--;
        }
        if (p->error_indicator)
            RETURN(NULL);
        if (v->n > 1) {
            expr_t *e = pp_expr(p, PYEXPR_BOOLOP, EXTRA);
            if (e) {
                e->v.boolop.op = op;
                e->v.boolop.values = vec_exprs(v);
            }
            RETURN(e);
        }
    }
    ALT;
    if ((a = sub(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *disjunction_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_disjunction, expr_t *);
    int _mark = p->mark;
    p->level--; /* the rule's one frame, as in CPython */
    expr_t *r = boolop_generic(p, KW_or, conjunction_rule, PYBOOL_OR);
    p->level++;
    pp_memo_put(p, _mark, R_disjunction, r);
    RETURN(r);
}

static expr_t *conjunction_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_conjunction, expr_t *);
    int _mark = p->mark;
    p->level--; /* the rule's one frame, as in CPython */
    expr_t *r = boolop_generic(p, KW_and, inversion_rule, PYBOOL_AND);
    p->level++;
    pp_memo_put(p, _mark, R_conjunction, r);
    RETURN(r);
}

/* inversion (memo): 'not' inversion | comparison */
static expr_t *inversion_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if (TOK(KW_not) && (a = inversion_rule(p)))
        RETURN(mk_unary(p, PYUOP_NOT, a, EXTRA));
    ALT;
    if ((a = comparison_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *inversion_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_inversion, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = inversion_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_inversion, r);
    RETURN(r);
}

/* comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or */
static expr_t *comparison_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if ((a = bitwise_or_rule(p))) {
        vec_t *v = new_vec(p);
        if (!v)
            RETURN(NULL);
        if (frame_enter(p)) { /* compare_op_bitwise_or_pair+ is a _loop1_N frame */
            for (;;) {
                int m = p->mark;
                cmp_pair_t *c = compare_op_bitwise_or_pair_rule(p);
                if (!c) {
                    p->mark = m;
                    break;
                }
                vec_push(p, v, c);
            }
            p->level--;
        }
        if (p->error_indicator)
            RETURN(NULL);
        if (v->n > 0) {
            expr_t *e = pp_expr(p, PYEXPR_COMPARE, EXTRA);
            if (!e)
                RETURN(NULL);
            e->v.compare.left = a;
            e->v.compare.n = (size_t)v->n;
            e->v.compare.ops = pp_alloc(p, (size_t)v->n * sizeof *e->v.compare.ops);
            e->v.compare.comparators = pp_alloc(p, (size_t)v->n * sizeof *e->v.compare.comparators);
            if (!e->v.compare.ops || !e->v.compare.comparators)
                RETURN(NULL);
            for (int i = 0; i < v->n; i++) {
                cmp_pair_t *c = v->items[i];
                e->v.compare.ops[i] = c->op;
                e->v.compare.comparators[i] = c->expr;
            }
            RETURN(e);
        }
    }
    ALT;
    if ((a = bitwise_or_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static cmp_pair_t *cmp_pair(parser_t *p, pyparse_cmpop_t op, expr_t *e)
{
    cmp_pair_t *c = pp_alloc(p, sizeof *c);
    if (c) {
        c->op = op;
        c->expr = e;
    }
    return c;
}

/* compare_op_bitwise_or_pair: '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is'
 */
static cmp_pair_t *compare_op_bitwise_or_pair_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    static const struct {
        int t1, t2;
        pyparse_cmpop_t op;
    } ops[] = {{PYTOK_EQEQUAL, 0, PYCMP_EQ},       {PYTOK_NOTEQUAL, 0, PYCMP_NOTEQ},
               {PYTOK_LESSEQUAL, 0, PYCMP_LTE},    {PYTOK_LESS, 0, PYCMP_LT},
               {PYTOK_GREATEREQUAL, 0, PYCMP_GTE}, {PYTOK_GREATER, 0, PYCMP_GT},
               {KW_not, KW_in, PYCMP_NOTIN},       {KW_in, 0, PYCMP_IN},
               {KW_is, KW_not, PYCMP_ISNOT},       {KW_is, 0, PYCMP_IS}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        ALT;
        ptoken_t *t = TOK(ops[i].t1);
        if (!t)
            continue;
        /* noteq_bitwise_or: '<>' is NOTEQUAL only with barry_as_FLUFL (_PyPegen_check_barry_as_flufl). */
        if (ops[i].t1 == PYTOK_NOTEQUAL && t->end - t->start == 2 && t->start[0] == '<')
            continue;
        if (ops[i].t2 && !TOK(ops[i].t2))
            continue;
        /* each operator is a rule of its own (eq_bitwise_or, ..., notin_bitwise_or): one frame more */
        if ((a = FRAMEDP(bitwise_or_rule(p))))
            RETURN(cmp_pair(p, ops[i].op, a));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* Binary operator levels (left-recursive): X op Y | Y */
#define BINOP_LEVEL(name, self, sub, hook, ...)                                                              \
    static expr_t *name##_rule(parser_t *p);                                                                 \
    static expr_t *name##_raw(parser_t *p)                                                                   \
    {                                                                                                        \
        static const int toks[] = {__VA_ARGS__};                                                             \
        void *(*invalid_hook)(parser_t *) = hook;                                                            \
        ENTER;                                                                                               \
        START;                                                                                               \
        expr_t *a, *b;                                                                                       \
        for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i += 2) {                                       \
            ALT;                                                                                             \
            if ((a = self(p)) && TOK(toks[i]) && (b = sub(p)))                                               \
                RETURN(mk_binop(p, a, (pyparse_binop_t)toks[i + 1], b, EXTRA));                              \
        }                                                                                                    \
        if (INVALID && invalid_hook && p->prof->g_not_after_operator) {                                      \
            ALT;                                                                                             \
            void *r;                                                                                         \
            if ((r = invalid_hook(p)))                                                                       \
                RETURN(r);                                                                                   \
        }                                                                                                    \
        ALT;                                                                                                 \
        if ((a = sub(p)))                                                                                    \
            RETURN(a);                                                                                       \
        p->mark = _mark;                                                                                     \
        RETURN(NULL);                                                                                        \
    }

static void *invalid_arithmetic_rule(parser_t *p);
static void *invalid_factor_rule(parser_t *p);

BINOP_LEVEL(bitwise_or, bitwise_or_rule, bitwise_xor_rule, NULL, PYTOK_VBAR, PYOP_BITOR)
LEFT_RECURSIVE(bitwise_or, R_bitwise_or)
BINOP_LEVEL(bitwise_xor, bitwise_xor_rule, bitwise_and_rule, NULL, PYTOK_CIRCUMFLEX, PYOP_BITXOR)
LEFT_RECURSIVE(bitwise_xor, R_bitwise_xor)
BINOP_LEVEL(bitwise_and, bitwise_and_rule, shift_expr_rule, NULL, PYTOK_AMPER, PYOP_BITAND)
LEFT_RECURSIVE(bitwise_and, R_bitwise_and)
BINOP_LEVEL(shift_expr, shift_expr_rule, sum_rule, invalid_arithmetic_rule, PYTOK_LEFTSHIFT, PYOP_LSHIFT,
            PYTOK_RIGHTSHIFT, PYOP_RSHIFT)
LEFT_RECURSIVE(shift_expr, R_shift_expr)
BINOP_LEVEL(sum, sum_rule, term_rule, NULL, PYTOK_PLUS, PYOP_ADD, PYTOK_MINUS, PYOP_SUB)
LEFT_RECURSIVE(sum, R_sum)
BINOP_LEVEL(term, term_rule, factor_rule, invalid_factor_rule, PYTOK_STAR, PYOP_MULT, PYTOK_SLASH, PYOP_DIV,
            PYTOK_DOUBLESLASH, PYOP_FLOORDIV, PYTOK_PERCENT, PYOP_MOD, PYTOK_AT, PYOP_MATMULT)
LEFT_RECURSIVE(term, R_term)

/* factor (memo): '+' factor | '-' factor | '~' factor | power */
static expr_t *factor_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    static const struct {
        int tok;
        pyparse_unaryop_t op;
    } ops[] = {{PYTOK_PLUS, PYUOP_UADD}, {PYTOK_MINUS, PYUOP_USUB}, {PYTOK_TILDE, PYUOP_INVERT}};
    for (size_t i = 0; i < 3; i++) {
        ALT;
        if (TOK(ops[i].tok) && (a = factor_rule(p)))
            RETURN(mk_unary(p, ops[i].op, a, EXTRA));
    }
    ALT;
    if ((a = power_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *factor_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_factor, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = factor_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_factor, r);
    RETURN(r);
}

/* power: await_primary '**' factor | await_primary */
static expr_t *power_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b;
    if ((a = await_primary_rule(p)) && TOK(PYTOK_DOUBLESTAR) && (b = factor_rule(p)))
        RETURN(mk_binop(p, a, PYOP_POW, b, EXTRA));
    ALT;
    if ((a = await_primary_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* await_primary (memo): AWAIT primary | primary */
static expr_t *await_primary_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if (TOK(KW_await) && (a = primary_rule(p))) {
        expr_t *e = pp_expr(p, PYEXPR_AWAIT, EXTRA);
        if (e)
            e->v.await.value = a;
        RETURN(e);
    }
    ALT;
    if ((a = primary_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *await_primary_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_await_primary, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = await_primary_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_await_primary, r);
    RETURN(r);
}

static expr_t *mk_attribute(parser_t *p, expr_t *value, expr_t *name, pyparse_ctx_t ctx, int l, int c, int el,
                            int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_ATTRIBUTE, l, c, el, ec);
    if (e) {
        e->v.attribute.value = value;
        e->v.attribute.attr = name->v.name.id;
        e->v.attribute.ctx = ctx;
    }
    return e;
}

static expr_t *mk_subscript(parser_t *p, expr_t *value, expr_t *slice, pyparse_ctx_t ctx, int l, int c,
                            int el, int ec)
{
    expr_t *e = pp_expr(p, PYEXPR_SUBSCRIPT, l, c, el, ec);
    if (e) {
        e->v.subscript.value = value;
        e->v.subscript.slice = slice;
        e->v.subscript.ctx = ctx;
    }
    return e;
}

/* primary (left-recursive): primary '.' NAME | primary genexp | primary '(' [arguments] ')' |
   primary '[' slices ']' | atom */
static expr_t *primary_rule(parser_t *p);
static expr_t *primary_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b;
    if ((a = primary_rule(p)) && TOK(PYTOK_DOT) && (b = name_token(p)))
        RETURN(mk_attribute(p, a, b, PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = primary_rule(p)) && (b = genexp_rule(p)))
        RETURN(mk_call(p, a, singleton(p, b), NULL, EXTRA));
    ALT;
    if ((a = primary_rule(p)) && TOK(PYTOK_LPAR)) {
        int m = p->mark;
        if (!(b = arguments_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RPAR)) {
            expr_t *e = mk_call(p, a, NULL, NULL, EXTRA);
            if (e && b) {
                e->v.call.args = b->v.call.args;
                e->v.call.n_keywords = b->v.call.n_keywords;
                e->v.call.keywords = b->v.call.keywords;
            }
            RETURN(e);
        }
    }
    ALT;
    if ((a = primary_rule(p)) && TOK(PYTOK_LSQB) && (b = slices_rule(p)) && TOK(PYTOK_RSQB))
        RETURN(mk_subscript(p, a, b, PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = atom_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}
LEFT_RECURSIVE(primary, R_primary)

/* slice | starred_expression (3.11+) */
static expr_t *slice_or_starred(parser_t *p)
{
    int m = p->mark;
    expr_t *e = slice_rule(p);
    if (e || p->error_indicator || !p->prof->g_star_annotation)
        return e;
    p->mark = m;
    return starred_expression_rule(p);
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
static expr_t *slices_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a;
    vec_t *v;
    if ((a = slice_rule(p)) && LOOK(0, TOK(PYTOK_COMMA)))
        RETURN(a);
    ALT;
    if ((a = slice_or_starred(p)) && (v = comma_more(p, a, slice_or_starred, 0)) && opt_comma(p))
        RETURN(mk_seq(p, PYEXPR_TUPLE, v, PYCTX_LOAD, EXTRA));
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* slice: [expression] ':' [expression] [':' [expression]] | named_expression */
static expr_t *opt_expression(parser_t *p)
{
    int m = p->mark;
    expr_t *e = expression_rule(p);
    if (!e && !p->error_indicator)
        p->mark = m;
    return e;
}

static expr_t *slice_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a, *b, *c = NULL;
    a = opt_expression(p);
    if (!p->error_indicator && TOK(PYTOK_COLON)) {
        b = opt_expression(p);
        if (!p->error_indicator) {
            int m = p->mark;
            if (TOK(PYTOK_COLON)) {
                c = opt_expression(p);
            } else {
                p->mark = m;
            }
            if (!p->error_indicator) {
                expr_t *e = pp_expr(p, PYEXPR_SLICE, EXTRA);
                if (e) {
                    e->v.slice.lower = a;
                    e->v.slice.upper = b;
                    e->v.slice.step = c;
                }
                RETURN(e);
            }
        }
    }
    ALT;
    if ((a = named_expression_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * atom: NAME | 'True' | 'False' | 'None' | &STRING strings | NUMBER | &'(' (tuple | group | genexp) |
 *       &'[' (list | listcomp) | &'{' (dict | set | dictcomp | setcomp) | '...'
 */
/* The first of up to four alternatives that matches (the body of a _tmp_N group). */
static expr_t *first_of(parser_t *p, expr_t *(*r1)(parser_t *), expr_t *(*r2)(parser_t *),
                        expr_t *(*r3)(parser_t *), expr_t *(*r4)(parser_t *))
{
    expr_t *(*rs[4])(parser_t *) = {r1, r2, r3, r4};
    int m = p->mark;
    for (int i = 0; i < 4 && rs[i]; i++) {
        if (p->error_indicator)
            return NULL;
        p->mark = m;
        expr_t *a = rs[i](p);
        if (a)
            return a;
    }
    if (!p->error_indicator)
        p->mark = m;
    return NULL;
}

static expr_t *atom_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a;
    if ((a = name_token(p)))
        RETURN(a);
    ALT;
    if (TOK(KW_True))
        RETURN(mk_const(p, PYCONST_TRUE, EXTRA));
    ALT;
    if (TOK(KW_False))
        RETURN(mk_const(p, PYCONST_FALSE, EXTRA));
    ALT;
    if (TOK(KW_None))
        RETURN(mk_const(p, PYCONST_NONE, EXTRA));
    ALT;
    /* &STRING strings; 3.12+ &(STRING|FSTRING_START) strings, whose group is a _tmp_N frame */
    if (LOOK(1, p->prof->fstring_tokens
                    ? FRAMED(TOK(PYTOK_STRING) || (p->mark = _lm, TOK(PYTOK_FSTRING_START)))
                    : TOK(PYTOK_STRING) != NULL) &&
        (a = strings_rule(p)))
        RETURN(a);
    ALT;
    if ((a = number_token(p)))
        RETURN(a);
    ALT;
    /* &'(' (tuple | group | genexp), &'[' (list | listcomp), &'{' (dict | set | dictcomp | setcomp):
       each group is a _tmp_N frame */
    if (LOOK(1, TOK(PYTOK_LPAR)) && (a = FRAMEDP(first_of(p, tuple_rule, group_rule, genexp_rule, NULL))))
        RETURN(a);
    ALT;
    if (LOOK(1, TOK(PYTOK_LSQB)) && (a = FRAMEDP(first_of(p, list_rule, listcomp_rule, NULL, NULL))))
        RETURN(a);
    ALT;
    if (LOOK(1, TOK(PYTOK_LBRACE)) &&
        (a = FRAMEDP(first_of(p, dict_rule, set_rule, dictcomp_rule, setcomp_rule))))
        RETURN(a);
    ALT;
    if (TOK(PYTOK_ELLIPSIS))
        RETURN(mk_const(p, PYCONST_ELLIPSIS, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* group: '(' (yield_expr | named_expression) ')' | invalid_group */
static expr_t *group_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    /* (yield_expr | named_expression) is a _tmp_N frame */
    if (TOK(PYTOK_LPAR) && frame_enter(p)) {
        int m = p->mark;
        a = yield_expr_rule(p);
        if (!a && !p->error_indicator) {
            p->mark = m;
            a = named_expression_rule(p);
        }
        p->level--;
        if (a && TOK(PYTOK_RPAR))
            RETURN(a);
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_group_rule(p)))
            RETURN(r);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static expr_t *lambdef_rule(parser_t *p)
{
    ENTER;
    START;
    pyparse_arguments_t *a;
    expr_t *b;
    if (TOK(KW_lambda)) {
        int m = p->mark;
        if (!(a = lambda_params_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_COLON) && (b = expression_rule(p))) {
            expr_t *e = pp_expr(p, PYEXPR_LAMBDA, EXTRA);
            if (e) {
                e->v.lambda.args = a ? a : empty_arguments(p);
                e->v.lambda.body = b;
            }
            RETURN(e);
        }
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* lambda_params: invalid_lambda_parameters | lambda_parameters */
static pyparse_arguments_t *lambda_params_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID) {
        void *r;
        if ((r = invalid_lambda_parameters_rule(p)))
            RETURN(r);
        ALT;
    }
    pyparse_arguments_t *a;
    if ((a = lambda_parameters_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static pyparse_arguments_t *lambda_parameters_rule(parser_t *p)
{
    return parameters_generic(p, 1);
}

static vec_t *lambda_slash_no_default_rule(parser_t *p)
{
    return slash_no_default_generic(p, 1);
}

static slash_with_default_t *lambda_slash_with_default_rule(parser_t *p)
{
    return slash_with_default_generic(p, 1);
}

/*
 * lambda_star_etc:
 *   | invalid_lambda_star_etc
 *   | '*' lambda_param_no_default lambda_param_maybe_default* [lambda_kwds]
 *   | '*' ',' lambda_param_maybe_default+ [lambda_kwds]
 *   | lambda_kwds
 */
static star_etc_t *lambda_star_etc_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    pyparse_arg_t *a, *c;
    vec_t *b;
    if (INVALID && p->prof->g_invalid_star_etc_first) {
        void *r;
        if ((r = invalid_lambda_star_etc_rule(p)))
            RETURN(r);
        ALT;
    }
    if (TOK(PYTOK_STAR) && (a = lambda_param_no_default_rule(p)) &&
        (b = loop0(p, lambda_param_maybe_default_v))) {
        c = opt_kwds(p, lambda_kwds_rule);
        if (!p->error_indicator)
            RETURN(mk_star_etc(p, a, b, c));
    }
    ALT;
    if (TOK(PYTOK_STAR) && TOK(PYTOK_COMMA) && (b = loop1(p, lambda_param_maybe_default_v))) {
        c = opt_kwds(p, lambda_kwds_rule);
        if (!p->error_indicator)
            RETURN(mk_star_etc(p, NULL, b, c));
    }
    ALT;
    if ((c = lambda_kwds_rule(p)))
        RETURN(mk_star_etc(p, NULL, NULL, c));
    if (INVALID && !p->prof->g_invalid_star_etc_first) {
        ALT;
        void *r;
        if ((r = invalid_lambda_star_etc_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* lambda_kwds: invalid_lambda_kwds | '**' lambda_param_no_default */
static pyparse_arg_t *lambda_kwds_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (INVALID && p->prof->g_invalid_kwds) {
        void *r;
        if ((r = invalid_lambda_kwds_rule(p)))
            RETURN(r);
        ALT;
    }
    pyparse_arg_t *a;
    if (TOK(PYTOK_DOUBLESTAR) && (a = lambda_param_no_default_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* lambda_param_no_default: lambda_param ',' | lambda_param &':' */
static pyparse_arg_t *lambda_param_no_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    if ((a = lambda_param_rule(p)) && TOK(PYTOK_COMMA))
        RETURN(a);
    ALT;
    if ((a = lambda_param_rule(p)) && LOOK(1, TOK(PYTOK_COLON)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* lambda_param_with_default: lambda_param default ',' | lambda_param default &':' */
static name_default_t *lambda_param_with_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    expr_t *c;
    if ((a = lambda_param_rule(p)) && (c = default_rule(p)) && TOK(PYTOK_COMMA))
        RETURN(name_default(p, a, c));
    ALT;
    if ((a = lambda_param_rule(p)) && (c = default_rule(p)) && LOOK(1, TOK(PYTOK_COLON)))
        RETURN(name_default(p, a, c));
    p->mark = _mark;
    RETURN(NULL);
}

/* lambda_param_maybe_default: lambda_param default? ',' | lambda_param default? &':' */
static name_default_t *lambda_param_maybe_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    pyparse_arg_t *a;
    for (int alt = 0; alt < 2; alt++) {
        if (alt)
            ALT;
        if ((a = lambda_param_rule(p))) {
            int m = p->mark;
            expr_t *c = default_rule(p);
            if (!c) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            if (alt == 0 ? TOK(PYTOK_COMMA) != NULL : LOOK(1, TOK(PYTOK_COLON)))
                RETURN(name_default(p, a, c));
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* lambda_param: NAME */
static pyparse_arg_t *lambda_param_rule(parser_t *p)
{
    ENTER;
    START;
    ptoken_t *a;
    if ((a = TOK(PYTOK_NAME)))
        RETURN(mk_arg(p, a, NULL, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* Literals and displays                                                */
/* ------------------------------------------------------------------ */

/* Concatenates decoded pieces into one Constant (the non-f-string part of
   _PyPegen_concatenate_strings). */
/* Implicit concatenation: dst grows geometrically (*cap bytes), so N pieces cost O(total). */
static int const_concat(parser_t *p, pyparse_const_t *dst, size_t *cap, const pyparse_const_t *src)
{
    if (dst->len + src->len + 1 > *cap) {
        size_t ncap = (*cap ? *cap * 2 : 64);
        while (ncap < dst->len + src->len + 1)
            ncap *= 2;
        char *s = pp_alloc(p, ncap);
        if (!s)
            return -1;
        if (dst->len)
            memcpy(s, dst->str, dst->len);
        dst->str = s;
        *cap = ncap;
    }
    char *w = (char *)dst->str;
    if (src->len)
        memcpy(w + dst->len, src->str, src->len);
    dst->len += src->len;
    w[dst->len] = '\0';
    if (src->unsupported && !dst->unsupported)
        dst->unsupported = src->unsupported;
    return 0;
}

/*
 * strings (memo): STRING+ (3.10, 3.11: decoded together, errors located at
 * the last token read) or (fstring | string)+ (3.12+: each literal decoded
 * as it is matched).
 */
static expr_t *strings_raw(parser_t *p)
{
    ENTER;
    START;
    vec_t *toks = new_vec(p);
    if (!toks)
        RETURN(NULL);
    vec_t *parts = new_vec(p); /* 3.12+: decoded pieces (Constant or JoinedStr) */
    if (!parts)
        RETURN(NULL);
    for (;;) {
        int m = p->mark;
        ptoken_t *t;
        if (p->prof->fstring_tokens) {
            expr_t *f = fstring_rule(p);
            if (f) {
                vec_push(p, parts, f);
                continue;
            }
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
            if ((t = TOK(PYTOK_STRING))) {
                /* string: STRING { _PyPegen_constant_from_string } */
                expr_t *e = pp_expr(p, PYEXPR_CONSTANT, LOC(t));
                int is_bytes, is_f;
                if (!e || pylex_parse_string(p, t, &e->v.constant, &is_bytes, &is_f) < 0) {
                    p->error_indicator = 1;
                    RETURN(NULL);
                }
                vec_push(p, parts, e);
                continue;
            }
        } else if ((t = TOK(PYTOK_STRING))) {
            vec_push(p, toks, t);
            continue;
        }
        p->mark = m;
        break;
    }
    if (p->error_indicator)
        RETURN(NULL);
    if (toks->n == 0 && parts->n == 0) {
        p->mark = _mark;
        RETURN(NULL);
    }
    expr_t *e = pp_expr(p, PYEXPR_CONSTANT, EXTRA);
    if (!e)
        RETURN(NULL);
    if (!p->prof->fstring_tokens) {
        /* _PyPegen_concatenate_strings (3.10, 3.11). */
        int bytesmode = 0, any_f = 0;
        size_t cap = 0;
        vec_t fparts = {0, 0, NULL};
        e->v.constant.kind = PYCONST_STR;
        e->v.constant.str = "";
        for (int i = 0; i < toks->n; i++) {
            pyparse_const_t piece;
            int is_bytes, is_f;
            memset(&piece, 0, sizeof piece);
            /* _PyPegen_parsestr() decodes a plain literal before the mixing
               check but only locates an f-string's text, parsed after it. */
            ptoken_t *st = toks->items[i];
            int pre_f = 0, pre_b = 0;
            for (const char *c = st->start; c < st->end && *c != '\'' && *c != '"'; c++) {
                pre_f |= *c == 'f' || *c == 'F';
                pre_b |= *c == 'b' || *c == 'B';
            }
            if (pre_f && i != 0 && bytesmode != pre_b) {
                RAISE_SYNTAX_ERROR("cannot mix bytes and nonbytes literals");
                RETURN(NULL);
            }
            if (pylex_parse_string(p, st, &piece, &is_bytes, &is_f) < 0) {
                p->error_indicator = 1;
                RETURN(NULL);
            }
            if (i != 0 && bytesmode != is_bytes) {
                RAISE_SYNTAX_ERROR("cannot mix bytes and nonbytes literals");
                RETURN(NULL);
            }
            bytesmode = is_bytes;
            any_f |= is_f;
            for (size_t k = 0; k < piece.fvalues.n; k++)
                vec_push(p, &fparts, piece.fvalues.items[k]);
            if (!is_f && piece.len) {
                expr_t *c = mk_const(p, PYCONST_STR, LOC((ptoken_t *)toks->items[i]));
                if (c) {
                    c->v.constant = piece;
                    vec_push(p, &fparts, c);
                }
            }
            if (const_concat(p, &e->v.constant, &cap, &piece) < 0)
                RETURN(NULL);
        }
        if (bytesmode)
            e->v.constant.kind = PYCONST_BYTES;
        if (any_f) {
            e->kind = PYEXPR_JOINEDSTR;
            memset(&e->v, 0, sizeof e->v);
            e->v.joinedstr.values = vec_exprs(&fparts);
        }
        RETURN(e);
    }
    /* _PyPegen_concatenate_strings (3.12+). */
    int f_found = 0, str_found = 0, bytes_found = 0;
    for (int i = 0; i < parts->n; i++) {
        expr_t *x = parts->items[i];
        if (x->kind == PYEXPR_CONSTANT) {
            if (x->v.constant.kind == PYCONST_BYTES)
                bytes_found = 1;
            else
                str_found = 1;
        } else {
            f_found = 1;
        }
    }
    if ((str_found || f_found) && bytes_found) {
        RAISE_SYNTAX_ERROR("cannot mix bytes and nonbytes literals");
        RETURN(NULL);
    }
    if (f_found) { /* the f-strings' pieces flattened, runs of constants merged, empty ones dropped */
        vec_t *flat = new_vec(p), *out = new_vec(p);
        if (!flat || !out)
            RETURN(NULL);
        for (int i = 0; i < parts->n; i++) {
            expr_t *x = parts->items[i];
            if (x->kind == PYEXPR_JOINEDSTR) {
                for (size_t j = 0; j < x->v.joinedstr.values.n; j++)
                    vec_push(p, flat, x->v.joinedstr.values.items[j]);
            } else {
                vec_push(p, flat, x);
            }
        }
        for (int i = 0; i < flat->n; i++) {
            expr_t *x = flat->items[i];
            if (x->kind == PYEXPR_CONSTANT && i + 1 < flat->n &&
                ((expr_t *)flat->items[i + 1])->kind == PYEXPR_CONSTANT) {
                expr_t *m = mk_const(p, PYCONST_STR, LOC(x));
                if (!m)
                    RETURN(NULL);
                m->v.constant.str = "";
                size_t cap = 0;
                for (; i < flat->n && ((expr_t *)flat->items[i])->kind == PYEXPR_CONSTANT; i++)
                    if (const_concat(p, &m->v.constant, &cap, &((expr_t *)flat->items[i])->v.constant) < 0)
                        RETURN(NULL);
                i--;
                x = m;
            }
            if (x->kind == PYEXPR_CONSTANT && x->v.constant.len == 0)
                continue;
            vec_push(p, out, x);
        }
        e->kind = PYEXPR_JOINEDSTR;
        e->v.joinedstr.values = vec_exprs(out);
        RETURN(e);
    }
    e->v.constant.kind = bytes_found ? PYCONST_BYTES : PYCONST_STR;
    e->v.constant.str = "";
    e->v.constant.concatenated = parts->n > 1;
    size_t cap = 0;
    for (int i = 0; i < parts->n; i++)
        if (const_concat(p, &e->v.constant, &cap, &((expr_t *)parts->items[i])->v.constant) < 0)
            RETURN(NULL);
    RETURN(e);
}

static expr_t *strings_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_strings, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = strings_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_strings, r);
    RETURN(r);
}

/* list: '[' [star_named_expressions] ']' */
static expr_t *list_rule(parser_t *p)
{
    ENTER;
    START;
    if (TOK(PYTOK_LSQB)) {
        int m = p->mark;
        vec_t *a = star_named_expressions_rule(p);
        if (!a) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RSQB))
            RETURN(mk_seq(p, PYEXPR_LIST, a, PYCTX_LOAD, EXTRA));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* tuple's optional group (a _tmp_N frame): star_named_expression ',' [star_named_expressions] */
static vec_t *tuple_items(parser_t *p)
{
    int m = p->mark;
    expr_t *y = star_named_expression_rule(p);
    if (!y || !TOK(PYTOK_COMMA)) {
        if (!p->error_indicator)
            p->mark = m;
        return NULL;
    }
    int m2 = p->mark;
    vec_t *z = star_named_expressions_rule(p);
    if (!z) {
        if (p->error_indicator)
            return NULL;
        p->mark = m2;
    }
    return insert_front(p, y, z);
}

/* tuple: '(' [star_named_expression ',' [star_named_expressions]] ')' */
static expr_t *tuple_rule(parser_t *p)
{
    ENTER;
    START;
    if (TOK(PYTOK_LPAR)) {
        int m = p->mark;
        vec_t *a;
        if (!(a = FRAMEDP(tuple_items(p)))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RPAR))
            RETURN(mk_seq(p, PYEXPR_TUPLE, a, PYCTX_LOAD, EXTRA));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* set: '{' star_named_expressions '}' */
static expr_t *set_rule(parser_t *p)
{
    ENTER;
    START;
    vec_t *a;
    if (TOK(PYTOK_LBRACE) && (a = star_named_expressions_rule(p)) && TOK(PYTOK_RBRACE))
        RETURN(mk_seq(p, PYEXPR_SET, a, PYCTX_LOAD, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}' */
static expr_t *dict_rule(parser_t *p)
{
    ENTER;
    START;
    if (TOK(PYTOK_LBRACE)) {
        int m = p->mark;
        vec_t *a = double_starred_kvpairs_rule(p);
        if (!a) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RBRACE)) {
            expr_t *e = pp_expr(p, PYEXPR_DICT, EXTRA);
            if (!e)
                RETURN(NULL);
            vec_t keys = {0, 0, NULL}, values = {0, 0, NULL};
            for (int i = 0; a && i < a->n; i++) {
                kv_t *kv = a->items[i];
                vec_push(p, &keys, kv->key);
                vec_push(p, &values, kv->value);
            }
            e->v.dict.keys = vec_exprs(&keys);
            e->v.dict.values = vec_exprs(&values);
            RETURN(e);
        }
    }
    /* '{' invalid_double_starred_kvpairs '}': an alternative of three items, so
       the generated parser does not guard it: it runs in both passes. */
    ALT;
    if (TOK(PYTOK_LBRACE) && invalid_double_starred_kvpairs_rule(p) && TOK(PYTOK_RBRACE))
        RETURN(pp_expr(p, PYEXPR_DICT, EXTRA)); /* _PyPegen_dummy_name() */
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* double_starred_kvpairs: ','.double_starred_kvpair+ [','] */
static vec_t *double_starred_kvpairs_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = new_vec(p);
    kv_t *kv;
    /* a _gather_N frame: the first item one frame deeper, the rest two (its _loop0_N) */
    if (!v || !(kv = FRAMEDP(double_starred_kvpair_rule(p)))) {
        if (p->error_indicator)
            RETURN(NULL);
        p->mark = _mark;
        RETURN(NULL);
    }
    vec_push(p, v, kv);
    p->level += 2;
    for (;;) {
        int m = p->mark;
        if (TOK(PYTOK_COMMA) && (kv = double_starred_kvpair_rule(p))) {
            vec_push(p, v, kv);
            continue;
        }
        p->mark = m;
        break;
    }
    p->level -= 2;
    if (p->error_indicator || !opt_comma(p))
        RETURN(NULL);
    RETURN(v);
}

/* double_starred_kvpair: '**' bitwise_or | kvpair */
static kv_t *double_starred_kvpair_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if (TOK(PYTOK_DOUBLESTAR) && (a = bitwise_or_rule(p))) {
        kv_t *kv = pp_alloc(p, sizeof *kv);
        if (kv)
            kv->value = a;
        RETURN(kv);
    }
    ALT;
    kv_t *kv;
    if ((kv = kvpair_rule(p)))
        RETURN(kv);
    p->mark = _mark;
    RETURN(NULL);
}

/* kvpair: expression ':' expression */
static kv_t *kvpair_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a, *b;
    if ((a = expression_rule(p)) && TOK(PYTOK_COLON) && (b = expression_rule(p))) {
        kv_t *kv = pp_alloc(p, sizeof *kv);
        if (kv) {
            kv->key = a;
            kv->value = b;
        }
        RETURN(kv);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* Comprehensions                                                       */
/* ------------------------------------------------------------------ */

/* for_if_clauses: for_if_clause+ */
static vec_t *for_if_clauses_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *v = new_vec(p);
    if (!v)
        RETURN(NULL);
    if (frame_enter(p)) { /* for_if_clause+ is a _loop1_N frame */
        for (;;) {
            int m = p->mark;
            pyparse_comprehension_t *c = for_if_clause_rule(p);
            if (!c) {
                p->mark = m;
                break;
            }
            vec_push(p, v, c);
        }
        p->level--;
    }
    if (p->error_indicator)
        RETURN(NULL);
    if (v->n == 0) {
        p->mark = _mark;
        RETURN(NULL);
    }
    RETURN(v);
}

/*
 * for_if_clause:
 *   | ASYNC 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
 *   | 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
 *   | invalid_for_target
 */
static pyparse_comprehension_t *for_if_clause_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    for (int is_async = 1; is_async >= 0; is_async--) {
        ALT;
        int cut = 0;
        expr_t *a, *b;
        if ((!is_async || TOK(KW_async)) && TOK(KW_for) && (a = star_targets_rule(p)) && TOK(KW_in) &&
            (cut = 1) && (b = disjunction_rule(p))) {
            vec_t *ifs = new_vec(p);
            if (!ifs)
                RETURN(NULL);
            p->level++; /* ('if' disjunction)*: a _loop0_N frame, a _tmp_N frame an item */
            for (;;) {
                int m = p->mark;
                expr_t *z;
                if ((z = FRAMEDP(TOK(KW_if) ? disjunction_rule(p) : NULL))) {
                    vec_push(p, ifs, z);
                    continue;
                }
                p->mark = m;
                break;
            }
            p->level--;
            if (p->error_indicator)
                RETURN(NULL);
            pyparse_comprehension_t *c = pp_alloc(p, sizeof *c);
            if (c) {
                c->target = a;
                c->iter = b;
                c->ifs = vec_exprs(ifs);
                c->is_async = is_async;
            }
            RETURN(c);
        }
        if (cut)
            RETURN(NULL);
    }
    if (p->prof->g_for_if_in_expected) {
        /* 3.13: 'async'? 'for' (bitwise_or (',' bitwise_or)* [',']) !'in' -- measured to fire even where
           the invalid rules are off (inside expression_without_invalid), so it is not guarded here. */
        LOOKVARS;
        ALT;
        expr_t *e;
        if (opt_async(p) && TOK(KW_for) &&
            FRAMED((e = bitwise_or_rule(p)) && comma_more(p, e, bitwise_or_rule, 0) && opt_comma(p)) &&
            LOOK(0, TOK(KW_in)))
            RETURN(RAISE_SYNTAX_ERROR("'in' expected after for-loop variables"));
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_for_target_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *mk_comp(parser_t *p, pyparse_expr_kind_t kind, expr_t *elt, expr_t *value, vec_t *gens, int l,
                       int c, int el, int ec)
{
    expr_t *e = pp_expr(p, kind, l, c, el, ec);
    if (e) {
        e->v.comp.elt = elt;
        e->v.comp.value = value;
        e->v.comp.n_generators = (size_t)gens->n;
        e->v.comp.generators = (pyparse_comprehension_t **)gens->items;
    }
    return e;
}

/* listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension ; setcomp likewise with braces */
static expr_t *list_or_set_comp(parser_t *p, int open, int close, pyparse_expr_kind_t kind)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *b;
    if (TOK(open) && (a = named_expression_rule(p)) && (b = for_if_clauses_rule(p)) && TOK(close))
        RETURN(mk_comp(p, kind, a, NULL, b, EXTRA));
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_comprehension_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *listcomp_rule(parser_t *p)
{
    return list_or_set_comp(p, PYTOK_LSQB, PYTOK_RSQB, PYEXPR_LISTCOMP);
}

static expr_t *setcomp_rule(parser_t *p)
{
    return list_or_set_comp(p, PYTOK_LBRACE, PYTOK_RBRACE, PYEXPR_SETCOMP);
}

/* (assignment_expression | expression !':=') */
static expr_t *assignment_or_expression(parser_t *p)
{
    LOOKVARS;
    int m = p->mark;
    expr_t *a = assignment_expression_rule(p);
    if (a || p->error_indicator)
        return a;
    p->mark = m;
    if ((a = expression_rule(p)) && LOOK(0, TOK(PYTOK_COLONEQUAL)))
        return a;
    if (!p->error_indicator)
        p->mark = m;
    return NULL;
}

/* genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')' | invalid_comprehension */
static expr_t *genexp_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *b;
    if (TOK(PYTOK_LPAR) && (a = FRAMEDP(assignment_or_expression(p))) && (b = for_if_clauses_rule(p)) &&
        TOK(PYTOK_RPAR))
        RETURN(mk_comp(p, PYEXPR_GENERATOREXP, a, NULL, b, EXTRA));
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_comprehension_rule(p)))
            RETURN(r);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension */
static expr_t *dictcomp_rule(parser_t *p)
{
    ENTER;
    START;
    kv_t *a;
    vec_t *b;
    if (TOK(PYTOK_LBRACE) && (a = kvpair_rule(p)) && (b = for_if_clauses_rule(p)) && TOK(PYTOK_RBRACE))
        RETURN(mk_comp(p, PYEXPR_DICTCOMP, a->key, a->value, b, EXTRA));
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_dict_comprehension_rule(p)))
            RETURN(r);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* Call arguments                                                       */
/* ------------------------------------------------------------------ */

/* arguments (memo): args [','] &')' | invalid_arguments */
static expr_t *arguments_raw(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a;
    if ((a = args_rule(p)) && opt_comma(p) && LOOK(1, TOK(PYTOK_RPAR)))
        RETURN(a);
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_arguments_rule(p)))
            RETURN(r);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *arguments_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_arguments, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = arguments_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_arguments, r);
    RETURN(r);
}

/* (starred_expression | (assignment_expression | expression !':=') !'=') */
static expr_t *positional_arg_body(parser_t *p)
{
    LOOKVARS;
    int m = p->mark;
    expr_t *a = starred_expression_rule(p);
    if (a || p->error_indicator)
        return a;
    p->mark = m;
    if ((a = FRAMEDP(assignment_or_expression(p))) && LOOK(0, TOK(PYTOK_EQUAL)))
        return a;
    if (!p->error_indicator)
        p->mark = m;
    return NULL;
}

/* The group is a _tmp_N frame, and so is the inner (assignment_expression | expression !':='). */
static expr_t *positional_arg(parser_t *p)
{
    return FRAMEDP(positional_arg_body(p));
}

/*
 * args:
 *   | ','.(starred_expression | (assignment_expression | expression !':=') !'=')+ [',' kwargs]
 *   | kwargs
 */
static expr_t *args_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *v, *k;
    /* a _gather_N frame (the first item one frame deeper); [',' kwargs] is a _tmp_N frame */
    if ((a = FRAMEDP(positional_arg(p))) && (v = comma_more(p, a, positional_arg, 0))) {
        int m = p->mark;
        k = NULL;
        if (!FRAMED(TOK(PYTOK_COMMA) && (k = kwargs_rule(p)))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m, k = NULL;
        }
        RETURN(collect_call_seqs(p, v, k, EXTRA));
    }
    ALT;
    if ((k = kwargs_rule(p)))
        RETURN(collect_call_seqs(p, NULL, k, EXTRA));
    p->mark = _mark;
    RETURN(NULL);
}

/* ','.X+ for kwarg rules */
static vec_t *kw_list(parser_t *p, kw_or_starred_t *(*rule)(parser_t *))
{
    vec_t *v = new_vec(p);
    kw_or_starred_t *k;
    /* a _gather_N frame: the first item one frame deeper, the rest two (its _loop0_N) */
    if (!v || !(k = FRAMEDP(rule(p))))
        return NULL;
    vec_push(p, v, k);
    p->level += 2;
    for (;;) {
        int m = p->mark;
        if (TOK(PYTOK_COMMA) && (k = rule(p))) {
            vec_push(p, v, k);
            continue;
        }
        p->mark = m;
        break;
    }
    p->level -= 2;
    return v; /* a gather or X* loop: CPython keeps what it matched even after an error */
}

/*
 * kwargs:
 *   | ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+
 *   | ','.kwarg_or_starred+ | ','.kwarg_or_double_starred+
 */
static vec_t *kwargs_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *a, *b;
    if ((a = kw_list(p, kwarg_or_starred_rule)) && TOK(PYTOK_COMMA) &&
        (b = kw_list(p, kwarg_or_double_starred_rule))) {
        for (int i = 0; i < b->n; i++)
            vec_push(p, a, b->items[i]);
        RETURN(a);
    }
    ALT;
    if ((a = kw_list(p, kwarg_or_starred_rule)))
        RETURN(a);
    ALT;
    if ((a = kw_list(p, kwarg_or_double_starred_rule)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* starred_expression: [invalid_starred_expression (3.12+)] | '*' expression */
static expr_t *starred_expression_rule(parser_t *p)
{
    ENTER;
    START;
    if (INVALID && p->prof->g_invalid_starred_expression) {
        void *r;
        if ((r = invalid_starred_expression_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *a;
    if (TOK(PYTOK_STAR) && (a = expression_rule(p)))
        RETURN(mk_starred(p, a, EXTRA));
    if (p->prof->g_not_after_operator) {
        /* 3.13: a bare '*' -- measured to fire in every context, so not guarded here. */
        ALT;
        if (TOK(PYTOK_STAR))
            RETURN(RAISE_SYNTAX_ERROR("Invalid star expression"));
    }
    p->mark = _mark;
    RETURN(NULL);
}

static kw_or_starred_t *kw_or_starred(parser_t *p, void *element, int is_keyword)
{
    kw_or_starred_t *k = pp_alloc(p, sizeof *k);
    if (k) {
        k->element = element;
        k->is_keyword = is_keyword;
    }
    return k;
}

static pyparse_keyword_t *mk_keyword(parser_t *p, const char *arg, expr_t *value, int l, int c, int el,
                                     int ec)
{
    pyparse_keyword_t *k = pp_alloc(p, sizeof *k);
    if (k) {
        k->arg = arg;
        k->value = value;
        k->lineno = l, k->col_offset = c, k->end_lineno = el, k->end_col_offset = ec;
    }
    return k;
}

/* kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression
   kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression */
static kw_or_starred_t *kwarg_generic(parser_t *p, int double_starred)
{
    ENTER;
    START;
    if (INVALID) {
        void *r;
        if ((r = invalid_kwarg_rule(p)))
            RETURN(r);
        ALT;
    }
    expr_t *a, *b;
    if ((a = name_token(p)) && TOK(PYTOK_EQUAL) && (b = expression_rule(p)))
        RETURN(kw_or_starred(p, mk_keyword(p, a->v.name.id, b, EXTRA), 1));
    ALT;
    if (!double_starred) {
        if ((a = starred_expression_rule(p)))
            RETURN(kw_or_starred(p, a, 0));
    } else {
        if (TOK(PYTOK_DOUBLESTAR) && (a = expression_rule(p)))
            RETURN(kw_or_starred(p, mk_keyword(p, NULL, a, EXTRA), 1));
    }
    p->mark = _mark;
    RETURN(NULL);
}

static kw_or_starred_t *kwarg_or_starred_rule(parser_t *p)
{
    return kwarg_generic(p, 0);
}

static kw_or_starred_t *kwarg_or_double_starred_rule(parser_t *p)
{
    return kwarg_generic(p, 1);
}

/* ------------------------------------------------------------------ */
/* Assignment and deletion targets                                      */
/* ------------------------------------------------------------------ */

/* star_targets: star_target !',' | star_target (',' star_target)* [','] */
static expr_t *star_targets_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a;
    vec_t *v;
    if ((a = star_target_rule(p)) && LOOK(0, TOK(PYTOK_COMMA)))
        RETURN(a);
    ALT;
    if ((a = star_target_rule(p)) && (v = comma_more(p, a, star_target_rule, 0)) && opt_comma(p))
        RETURN(mk_seq(p, PYEXPR_TUPLE, v, PYCTX_STORE, EXTRA));
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* star_targets_list_seq: ','.star_target+ [','] */
static vec_t *star_targets_list_seq_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    vec_t *v;
    if ((a = star_target_rule(p)) && (v = comma_more(p, a, star_target_rule, 0)) && opt_comma(p))
        RETURN(v);
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ',' */
static vec_t *star_targets_tuple_seq_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    vec_t *v;
    if ((a = star_target_rule(p)) && (v = comma_more(p, a, star_target_rule, 1)) && opt_comma(p))
        RETURN(v);
    ALT;
    if ((a = star_target_rule(p)) && TOK(PYTOK_COMMA))
        RETURN(singleton(p, a));
    p->mark = _mark;
    RETURN(NULL);
}

/* star_target (memo): '*' (!'*' star_target) | target_with_star_atom */
static expr_t *star_target_raw(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a;
    if (TOK(PYTOK_STAR) && LOOK(0, TOK(PYTOK_STAR)) && (a = star_target_rule(p))) {
        expr_t *e = mk_starred(p, pp_set_expr_context(p, a, PYCTX_STORE), EXTRA);
        if (e)
            e->v.starred.ctx = PYCTX_STORE;
        RETURN(e);
    }
    ALT;
    if ((a = target_with_star_atom_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *star_target_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_star_target, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = star_target_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_star_target, r);
    RETURN(r);
}

/* t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead, in context ctx */
static expr_t *subscript_attribute_target(parser_t *p, pyparse_ctx_t ctx, ptoken_t *_st)
{
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a, *b;
    if ((a = t_primary_rule(p)) && TOK(PYTOK_DOT) && (b = name_token(p)) && LOOK(0, t_lookahead_rule(p)))
        return mk_attribute(p, a, b, ctx, EXTRA);
    if (p->error_indicator)
        return NULL;
    p->mark = _mark;
    if ((a = t_primary_rule(p)) && TOK(PYTOK_LSQB) && (b = slices_rule(p)) && TOK(PYTOK_RSQB) &&
        LOOK(0, t_lookahead_rule(p)))
        return mk_subscript(p, a, b, ctx, EXTRA);
    if (!p->error_indicator)
        p->mark = _mark;
    return NULL;
}

/* target_with_star_atom (memo): t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead |
 * star_atom */
static expr_t *target_with_star_atom_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if ((a = subscript_attribute_target(p, PYCTX_STORE, _st)))
        RETURN(a);
    ALT;
    if ((a = star_atom_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *target_with_star_atom_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_target_with_star_atom, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = target_with_star_atom_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_target_with_star_atom, r);
    RETURN(r);
}

/*
 * star_atom:
 *   | NAME | '(' target_with_star_atom ')' | '(' [star_targets_tuple_seq] ')' | '[' [star_targets_list_seq]
 * ']'
 */
static expr_t *star_atom_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *v;
    if ((a = name_token(p)))
        RETURN(pp_set_expr_context(p, a, PYCTX_STORE));
    ALT;
    if (TOK(PYTOK_LPAR) && (a = target_with_star_atom_rule(p)) && TOK(PYTOK_RPAR))
        RETURN(pp_set_expr_context(p, a, PYCTX_STORE));
    ALT;
    if (TOK(PYTOK_LPAR)) {
        int m = p->mark;
        if (!(v = star_targets_tuple_seq_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RPAR))
            RETURN(mk_seq(p, PYEXPR_TUPLE, v, PYCTX_STORE, EXTRA));
    }
    ALT;
    if (TOK(PYTOK_LSQB)) {
        int m = p->mark;
        if (!(v = star_targets_list_seq_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RSQB))
            RETURN(mk_seq(p, PYEXPR_LIST, v, PYCTX_STORE, EXTRA));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* single_target: single_subscript_attribute_target | NAME | '(' single_target ')' */
static expr_t *single_target_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if ((a = single_subscript_attribute_target_rule(p)))
        RETURN(a);
    ALT;
    if ((a = name_token(p)))
        RETURN(pp_set_expr_context(p, a, PYCTX_STORE));
    ALT;
    if (TOK(PYTOK_LPAR) && (a = single_target_rule(p)) && TOK(PYTOK_RPAR))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* single_subscript_attribute_target: t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead
 */
static expr_t *single_subscript_attribute_target_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a = subscript_attribute_target(p, PYCTX_STORE, _st);
    if (!a && !p->error_indicator)
        p->mark = _mark;
    RETURN(a);
}

/*
 * t_primary (left-recursive):
 *   | t_primary '.' NAME &t_lookahead | t_primary '[' slices ']' &t_lookahead | t_primary genexp &t_lookahead
 *   | t_primary '(' [arguments] ')' &t_lookahead | atom &t_lookahead
 */
static expr_t *t_primary_rule(parser_t *p);
static expr_t *t_primary_raw(parser_t *p)
{
    ENTER;
    LOOKVARS;
    START;
    expr_t *a, *b;
    if ((a = t_primary_rule(p)) && TOK(PYTOK_DOT) && (b = name_token(p)) && LOOK(1, t_lookahead_rule(p)))
        RETURN(mk_attribute(p, a, b, PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = t_primary_rule(p)) && TOK(PYTOK_LSQB) && (b = slices_rule(p)) && TOK(PYTOK_RSQB) &&
        LOOK(1, t_lookahead_rule(p)))
        RETURN(mk_subscript(p, a, b, PYCTX_LOAD, EXTRA));
    ALT;
    if ((a = t_primary_rule(p)) && (b = genexp_rule(p)) && LOOK(1, t_lookahead_rule(p)))
        RETURN(mk_call(p, a, singleton(p, b), NULL, EXTRA));
    ALT;
    if ((a = t_primary_rule(p)) && TOK(PYTOK_LPAR)) {
        int m = p->mark;
        if (!(b = arguments_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RPAR) && LOOK(1, t_lookahead_rule(p))) {
            expr_t *e = mk_call(p, a, NULL, NULL, EXTRA);
            if (e && b) {
                e->v.call.args = b->v.call.args;
                e->v.call.n_keywords = b->v.call.n_keywords;
                e->v.call.keywords = b->v.call.keywords;
            }
            RETURN(e);
        }
    }
    ALT;
    if ((a = atom_rule(p)) && LOOK(1, t_lookahead_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}
LEFT_RECURSIVE(t_primary, R_t_primary)

/* t_lookahead: '(' | '[' | '.' */
static void *t_lookahead_rule(parser_t *p)
{
    ENTER;
    ptoken_t *t = pp_peek(p);
    if (t && (t->type == PYTOK_LPAR || t->type == PYTOK_LSQB || t->type == PYTOK_DOT)) {
        p->mark++;
        RETURN(t);
    }
    RETURN(NULL);
}

/* del_targets: ','.del_target+ [','] */
static vec_t *del_targets_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    vec_t *v;
    if ((a = del_target_rule(p)) && (v = comma_more(p, a, del_target_rule, 0)) && opt_comma(p))
        RETURN(v);
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* del_target (memo): t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead | del_t_atom */
static expr_t *del_target_raw(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    if ((a = subscript_attribute_target(p, PYCTX_DEL, _st)))
        RETURN(a);
    ALT;
    if ((a = del_t_atom_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *del_target_rule(parser_t *p)
{
    ENTER;
    MEMO_BEGIN(R_del_target, expr_t *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    expr_t *r = del_target_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_del_target, r);
    RETURN(r);
}

/* del_t_atom: NAME | '(' del_target ')' | '(' [del_targets] ')' | '[' [del_targets] ']' */
static expr_t *del_t_atom_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    vec_t *v;
    if ((a = name_token(p)))
        RETURN(pp_set_expr_context(p, a, PYCTX_DEL));
    ALT;
    if (TOK(PYTOK_LPAR) && (a = del_target_rule(p)) && TOK(PYTOK_RPAR))
        RETURN(pp_set_expr_context(p, a, PYCTX_DEL));
    ALT;
    if (TOK(PYTOK_LPAR)) {
        int m = p->mark;
        if (!(v = del_targets_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RPAR))
            RETURN(mk_seq(p, PYEXPR_TUPLE, v, PYCTX_DEL, EXTRA));
    }
    ALT;
    if (TOK(PYTOK_LSQB)) {
        int m = p->mark;
        if (!(v = del_targets_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if (TOK(PYTOK_RSQB))
            RETURN(mk_seq(p, PYEXPR_LIST, v, PYCTX_DEL, EXTRA));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* ------------------------------------------------------------------ */
/* f-strings (3.12+)                                                    */
/* ------------------------------------------------------------------ */

/* fstring_middle: fstring_replacement_field | FSTRING_MIDDLE */
static expr_t *fstring_middle_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *e;
    if ((e = fstring_replacement_field_rule(p)))
        RETURN(e);
    ALT;
    ptoken_t *t;
    if ((t = TOK(PYTOK_FSTRING_MIDDLE))) {
        if (pp_fstring_middle_utf8(p, t) < 0)
            RETURN(NULL);
        e = mk_const(p, PYCONST_STR, LOC(t));
        if (e) {
            e->v.constant.str = t->start;
            e->v.constant.len = (size_t)(t->end - t->start);
        }
        RETURN(e);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* fstring_format_spec: FSTRING_MIDDLE | fstring_replacement_field */
static expr_t *fstring_format_spec_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *t;
    expr_t *e;
    if ((t = TOK(PYTOK_FSTRING_MIDDLE))) { /* _PyPegen_decoded_constant_from_token(): never raw */
        if (pp_fstring_middle_utf8(p, t) < 0)
            RETURN(NULL);
        e = mk_const(p, PYCONST_STR, LOC(t));
        if (e) {
            e->v.constant.str = t->start;
            e->v.constant.len = (size_t)(t->end - t->start);
            if (pylex_decode_fstring_middle(p, e, 0) < 0)
                RETURN(NULL);
        }
        RETURN(e);
    }
    ALT;
    if ((e = fstring_replacement_field_rule(p)))
        RETURN(e);
    p->mark = _mark;
    RETURN(NULL);
}

/* fstring_conversion: "!" NAME (with _PyPegen_check_fstring_conversion) */
static expr_t *fstring_conversion_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *bang;
    expr_t *conv;
    if ((bang = TOK(PYTOK_EXCLAMATION)) && (conv = name_token(p))) {
        if (bang->end_lineno != conv->lineno || bang->end_col_offset != conv->col_offset)
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
                bang, conv, "f-string: conversion type must come right after the exclamanation mark"));
        RETURN(conv);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* fstring_full_format_spec: ':' fstring_format_spec* (_PyPegen_setup_full_format_spec():
 * a JoinedStr of the parts) */
static expr_t *fstring_full_format_spec_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *colon;
    if ((colon = TOK(PYTOK_COLON))) {
        vec_t *v = new_vec(p);
        if (!v)
            RETURN(NULL);
        for (;;) {
            int m = p->mark;
            expr_t *part = fstring_format_spec_rule(p);
            if (!part) {
                p->mark = m;
                break;
            }
            vec_push(p, v, part);
        }
        if (!p->error_indicator) {
            expr_t *e = pp_expr(p, PYEXPR_JOINEDSTR, LOC(colon));
            if (e)
                e->v.joinedstr.values = vec_exprs(v);
            RETURN(e);
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * fstring_replacement_field:
 *   | '{' (yield_expr | star_expressions) '='? [fstring_conversion] [fstring_full_format_spec] '}'
 *   | invalid_replacement_field
 */
static expr_t *fstring_replacement_field_rule(parser_t *p)
{
    ENTER;
    START;
    expr_t *a;
    ptoken_t *lbrace;
    if ((lbrace = TOK(PYTOK_LBRACE)) && (a = yield_or_star_expressions(p))) {
        int m = p->mark;
        int debug = TOK(PYTOK_EQUAL) != NULL;
        if (!debug)
            p->mark = m;
        m = p->mark;
        int after_equal = m;
        expr_t *conv = NULL;
        if (!p->error_indicator && !(conv = fstring_conversion_rule(p))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        m = p->mark;
        p->in_format_spec++;
        expr_t *spec = p->error_indicator ? NULL : fstring_full_format_spec_rule(p);
        p->in_format_spec--;
        if (p->error_indicator)
            RETURN(NULL);
        if (!spec)
            p->mark = m;
        if (!p->error_indicator && TOK(PYTOK_RBRACE)) {
            /* _PyPegen_formatted_value(): the conversion is one of s, r, a. */
            const char *cv = conv ? conv->v.name.id : NULL;
            if (cv && (strlen(cv) != 1 || !strchr("sra", cv[0])))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(
                    conv, "f-string: invalid conversion character '%s': expected 's', 'r', or 'a'", cv));
            if (debug && p->prof->fstring_debug_spec_depth_valueerror &&
                p->in_format_spec >= p->prof->fstring_debug_spec_depth_valueerror) {
                /* _PyAST_Constant(NULL debug text) */
                p->error_indicator = 1;
                p->err.set = 1;
                p->err.type = "ValueError";
                snprintf(p->err.msg, sizeof p->err.msg, "field 'value' is required for Constant");
                p->err.lineno = p->err.offset = p->err.end_lineno = p->err.end_offset = PYPARSE_NONE;
                p->err.from_tokenizer = 0;
                RETURN(NULL);
            }
            expr_t *e = pp_expr(p, PYEXPR_FORMATTEDVALUE, EXTRA);
            if (!e)
                RETURN(NULL);
            e->v.formattedvalue.value = a;
            e->v.formattedvalue.conversion = cv ? cv[0] : debug && !spec ? 'r' : -1;
            e->v.formattedvalue.format_spec = spec;
            if (!debug)
                RETURN(e);
            /* _PyPegen_formatted_value(): the expression's text up to the token after '='
             * (the tokenizer's metadata), a constant before the field */
            ptoken_t *next = p->tokens[after_equal];
            expr_t *text = mk_const(p, PYCONST_STR, LOC(lbrace));
            expr_t *j = pp_expr(p, PYEXPR_JOINEDSTR, EXTRA);
            vec_t *v = new_vec(p);
            if (!text || !j || !v)
                RETURN(NULL);
            /* a copy: the tokens' text goes with the lexer (a debug field in a format spec
             * is never decoded, as _PyPegen_setup_full_format_spec() leaves it) */
            text->v.constant.len = next->start > lbrace->end ? (size_t)(next->start - lbrace->end) : 0;
            if (!(text->v.constant.str = pyparse_arena_strndup(p->arena, lbrace->end, text->v.constant.len)))
                RETURN(NULL);
            vec_push(p, v, text);
            vec_push(p, v, e);
            j->v.joinedstr.values = vec_exprs(v);
            RETURN(j);
        }
    }
    if (INVALID) {
        ALT;
        void *r;
        if ((r = invalid_replacement_field_rule(p)))
            RETURN(r);
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

static expr_t *fstring_rule_body(parser_t *p);

/* fstring: FSTRING_START fstring_middle* FSTRING_END; format specs nest
 * within one f-string (the tokenizer's mode), so an f-string inside a
 * replacement field counts its own from 0 */
static expr_t *fstring_rule(parser_t *p)
{
    int outer = p->in_format_spec;
    p->in_format_spec = 0;
    expr_t *e = fstring_rule_body(p);
    p->in_format_spec = outer;
    return e;
}

static expr_t *fstring_rule_body(parser_t *p)
{
    ENTER;
    START;
    if (TOK(PYTOK_FSTRING_START)) {
        vec_t *v = new_vec(p);
        if (!v)
            RETURN(NULL);
        for (;;) {
            int m = p->mark;
            expr_t *e = fstring_middle_rule(p);
            if (!e) {
                p->mark = m;
                break;
            }
            vec_push(p, v, e);
        }
        if (!p->error_indicator && TOK(PYTOK_FSTRING_END)) {
            /* _PyPegen_joined_str(): each literal part is decoded now. */
            ptoken_t *st = p->tokens[_mark];
            int raw = 0;
            for (const char *q = st->start; q < st->end; q++)
                raw |= (*q == 'r' || *q == 'R');
            /* _PyPegen_joined_str(): a debug field's pair unpacked, each constant
             * decoded, those left empty dropped */
            vec_t *out = new_vec(p);
            if (!out)
                RETURN(NULL);
            for (int i = 0; i < v->n; i++) {
                expr_t *part = v->items[i];
                size_t n = part->kind == PYEXPR_JOINEDSTR ? part->v.joinedstr.values.n : 1;
                for (size_t k = 0; k < n; k++) {
                    expr_t *x = part->kind == PYEXPR_JOINEDSTR ? part->v.joinedstr.values.items[k] : part;
                    if (x->kind == PYEXPR_CONSTANT) {
                        if (pylex_decode_fstring_middle(p, x, raw) < 0)
                            RETURN(NULL);
                        if (!x->v.constant.len)
                            continue;
                    }
                    vec_push(p, out, x);
                }
            }
            expr_t *e = pp_expr(p, PYEXPR_JOINEDSTR, EXTRA);
            if (e)
                e->v.joinedstr.values = vec_exprs(out);
            RETURN(e);
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* ================================================================== */
/* Invalid rules (second pass only)                                     */
/* ================================================================== */

/* ','.X+ over an expression rule, discarding the items */
static vec_t *gather_exprs(parser_t *p, expr_t *(*rule)(parser_t *))
{
    expr_t *a = rule(p);
    if (!a)
        return NULL;
    return comma_more(p, a, rule, 0);
}

/*
 * invalid_arguments:
 *   | a=args ',' '*'                                         (3.10, 3.11)
 *   | (positional ',' kwargs | kwargs) ',' b='*'             (3.12)
 *   | (positional ',' kwargs | kwargs) a=',' ','.(starred_expression !'=')+   (3.13)
 *   | a=expression b=for_if_clauses ',' [args | expression for_if_clauses]
 *   | a=NAME b='=' expression for_if_clauses
 *   | (args ',')? a=NAME b='=' &(',' | ')')                  (3.12+)
 *   | a=args b=for_if_clauses
 *   | args ',' a=expression b=for_if_clauses
 *   | a=args ',' args
 */
static void *invalid_arguments_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a, *e;
    vec_t *b;
    ptoken_t *t, *t2;
    if (p->prof->g_iterable_unpack_variant == 0) {
        if ((a = args_rule(p)) && TOK(PYTOK_COMMA) && TOK(PYTOK_STAR))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(
                a, "iterable argument unpacking follows keyword argument unpacking"));
    } else {
        /* ((','.positional+ ',' kwargs) | kwargs) */
        /* the outer group and its first alternative are _tmp_N frames, the gather a _gather_N */
        int ok = 0;
        if (frame_enter(p)) {
            if (FRAMED((a = FRAMEDP(positional_arg(p))) && comma_more(p, a, positional_arg, 0) &&
                       TOK(PYTOK_COMMA) && kwargs_rule(p)))
                ok = 1;
            if (!ok && !p->error_indicator) {
                p->mark = _mark;
                ok = kwargs_rule(p) != NULL;
            }
            p->level--;
        }
        if (ok) {
            if (p->prof->g_iterable_unpack_variant == 1) {
                if (TOK(PYTOK_COMMA) && (t = TOK(PYTOK_STAR)))
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(
                        t, "iterable argument unpacking follows keyword argument unpacking"));
            } else if ((t = TOK(PYTOK_COMMA))) {
                /* ','.(starred_expression !'=')+ */
                int n = 0;
                for (;;) {
                    int m = p->mark;
                    /* _gather_N, then its _loop0_N for the rest; each item a _tmp_N */
                    int deeper = n == 0 ? 1 : 2;
                    p->level += deeper;
                    int got = (n == 0 || TOK(PYTOK_COMMA)) &&
                              FRAMED(starred_expression_rule(p) && LOOK(0, TOK(PYTOK_EQUAL)));
                    p->level -= deeper;
                    if (got) {
                        n++;
                        continue;
                    }
                    if (p->error_indicator)
                        RETURN(NULL);
                    p->mark = m;
                    break;
                }
                if (n > 0)
                    RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(
                        t, "iterable argument unpacking follows keyword argument unpacking"));
            }
        }
    }
    ALT;
    if ((a = expression_rule(p)) && (b = for_if_clauses_rule(p)) && TOK(PYTOK_COMMA)) {
        int m = p->mark;
        if (!args_rule(p)) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
            if (!(expression_rule(p) && for_if_clauses_rule(p))) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
        }
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, last_comprehension_item(vec_last(b)),
                                              "Generator expression must be parenthesized"));
    }
    ALT;
    if ((e = name_token(p)) && (t = TOK(PYTOK_EQUAL)) && expression_rule(p) && for_if_clauses_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
            e, t, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"));
    if (p->prof->g_expected_arg_value) {
        ALT;
        int m = p->mark;
        if (!(args_rule(p) && TOK(PYTOK_COMMA))) {
            if (p->error_indicator)
                RETURN(NULL);
            p->mark = m;
        }
        if ((e = name_token(p)) && (t = TOK(PYTOK_EQUAL)) &&
            LOOK(1, TOK(PYTOK_COMMA) || (p->mark = _lm, TOK(PYTOK_RPAR))))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(e, t, "expected argument value expression"));
    }
    ALT;
    if ((a = args_rule(p)) && (b = for_if_clauses_rule(p)))
        RETURN(nonparen_genexp_in_call(p, a, b));
    ALT;
    if (args_rule(p) && TOK(PYTOK_COMMA) && (a = expression_rule(p)) && (b = for_if_clauses_rule(p)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, last_comprehension_item(vec_last(b)),
                                              "Generator expression must be parenthesized"));
    ALT;
    if ((a = args_rule(p)) && (t2 = TOK(PYTOK_COMMA)) && args_rule(p))
        RETURN(arguments_parsing_error(p, a));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_kwarg:
 *   | ('True'|'False'|'None') b='='
 *   | NAME b='=' expression for_if_clauses
 *   | !(NAME '=') a=expression b='='
 *   | a='**' expression '=' b=expression                     (3.12+)
 */
static void *invalid_kwarg_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    ptoken_t *a, *b;
    expr_t *e;
    ptoken_t *t = pp_peek(p);
    if (!t)
        RETURN(NULL);
    if ((t->type == KW_True || t->type == KW_False || t->type == KW_None) && (a = TOK(t->type)) &&
        (b = TOK(PYTOK_EQUAL)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "cannot assign to %.*s", (int)(a->end - a->start),
                                              a->start));
    ALT;
    if ((e = name_token(p)) && (b = TOK(PYTOK_EQUAL)) && expression_rule(p) && for_if_clauses_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
            e, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"));
    ALT;
    if (LOOK(0, TOK(PYTOK_NAME) && TOK(PYTOK_EQUAL)) && (e = expression_rule(p)) && (b = TOK(PYTOK_EQUAL)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
            e, b, "expression cannot contain assignment, perhaps you meant \"==\"?"));
    if (p->prof->g_kwarg_unpack_assign) {
        ALT;
        expr_t *v;
        if ((a = TOK(PYTOK_DOUBLESTAR)) && expression_rule(p) && TOK(PYTOK_EQUAL) && (v = expression_rule(p)))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, v, "cannot assign to keyword argument unpacking"));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* expression_without_invalid: like expression, with the invalid rules off underneath */
static expr_t *expression_without_invalid_rule(parser_t *p)
{
    int prev = p->call_invalid_rules;
    p->call_invalid_rules = 0;
    ENTER;
    START;
    expr_t *a, *b, *c, *r = NULL;
    if ((a = disjunction_rule(p)) && TOK(KW_if) && (b = disjunction_rule(p)) && TOK(KW_else) &&
        (c = expression_rule(p))) {
        r = mk_ifexp(p, a, b, c, EXTRA);
        goto done;
    }
    if (p->error_indicator)
        goto done;
    p->mark = _mark;
    if ((r = disjunction_rule(p)))
        goto done;
    if (p->error_indicator)
        goto done;
    p->mark = _mark;
    if ((r = lambdef_rule(p)))
        goto done;
    p->mark = _mark;
done:
    p->call_invalid_rules = prev;
    RETURN(r);
}

/* invalid_legacy_expression: a=NAME !'(' b=star_expressions  ("Missing parentheses in call to 'print'") */
static void *invalid_legacy_expression_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a, *b;
    if ((a = name_token(p)) && LOOK(0, TOK(PYTOK_LPAR)) && (b = star_expressions_rule(p))) {
        if (check_legacy_stmt(a))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
                a, b, "Missing parentheses in call to '%s'. Did you mean %s(...)?", a->v.name.id,
                a->v.name.id));
        RETURN(NULL);
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* NAME STRING | SOFT_KEYWORD, for invalid_expression's negative lookahead */
static void *name_string_or_soft_keyword(parser_t *p)
{
    int m = p->mark;
    if (TOK(PYTOK_NAME) && TOK(PYTOK_STRING))
        return DUMMY;
    if (p->error_indicator)
        return NULL;
    p->mark = m;
    return any_soft_kw(p);
}

/*
 * invalid_expression:
 *   | !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid   ("Perhaps you forgot a
 * comma?") | a=disjunction 'if' b=disjunction !('else'|':')                            ("expected 'else'...")
 *   | a='lambda' [lambda_params] b=':' &(FSTRING_MIDDLE | fstring_replacement_field)   (3.12+)
 */
static void *invalid_expression_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a, *b;
    if (LOOK(0, name_string_or_soft_keyword(p)) && (a = disjunction_rule(p)) &&
        (b = expression_without_invalid_rule(p))) {
        if (check_legacy_stmt(a) || p->tokens[p->mark - 1]->level == 0)
            RETURN(NULL);
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "invalid syntax. Perhaps you forgot a comma?"));
    }
    ALT;
    if ((a = disjunction_rule(p)) && TOK(KW_if) && (b = disjunction_rule(p)) &&
        LOOK(0, TOK(KW_else) || (p->mark = _lm, TOK(PYTOK_COLON))))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "expected 'else' after 'if' expression"));
    if (p->prof->fstring_tokens) {
        ALT;
        ptoken_t *l, *c;
        if ((l = TOK(KW_lambda))) {
            int m = p->mark;
            if (!lambda_params_rule(p)) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            if ((c = TOK(PYTOK_COLON)) &&
                LOOK(1, TOK(PYTOK_FSTRING_MIDDLE) || (!p->prof->g_lambda_fstring_middle_only &&
                                                      (p->mark = _lm, fstring_replacement_field_rule(p)))))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
                    l, c, "f-string: lambda expressions are not allowed without parentheses"));
        }
    }
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_named_expression (memo):
 *   | a=expression ':=' expression
 *   | a=NAME '=' b=bitwise_or !('='|':=')
 *   | !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=')
 */
static void *list_tuple_genexp_or_const(parser_t *p)
{
    int m = p->mark;
    void *r;
    if ((r = list_rule(p)))
        return r;
    if (p->error_indicator)
        return NULL;
    p->mark = m;
    if ((r = tuple_rule(p)))
        return r;
    if (p->error_indicator)
        return NULL;
    p->mark = m;
    if ((r = genexp_rule(p)))
        return r;
    if (p->error_indicator)
        return NULL;
    p->mark = m;
    ptoken_t *t = pp_peek(p);
    if (t && (t->type == KW_True || t->type == KW_None || t->type == KW_False)) {
        p->mark++;
        return t;
    }
    return NULL;
}

static void *invalid_named_expression_raw(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a, *b;
    if ((a = expression_rule(p)) && TOK(PYTOK_COLONEQUAL) && expression_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use assignment expressions with %s",
                                                 pp_expr_name(p, a)));
    ALT;
    if ((a = name_token(p)) && TOK(PYTOK_EQUAL) && (b = bitwise_or_rule(p)) &&
        LOOK(0, TOK(PYTOK_EQUAL) || (p->mark = _lm, TOK(PYTOK_COLONEQUAL))))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
            a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"));
    ALT;
    if (LOOK(0, FRAMEDP(list_tuple_genexp_or_const(p))) && (a = bitwise_or_rule(p)) && TOK(PYTOK_EQUAL) &&
        bitwise_or_rule(p) && LOOK(0, TOK(PYTOK_EQUAL) || (p->mark = _lm, TOK(PYTOK_COLONEQUAL))))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(
            a, "cannot assign to %s here. Maybe you meant '==' instead of '='?", pp_expr_name(p, a)));
    p->mark = _mark;
    RETURN(NULL);
}

static void *invalid_named_expression_rule(parser_t *p)
{
    ENTER;
    if (!p->prof->g_invalid_named_expression_memo) {
        p->level--;
        void *r_ = invalid_named_expression_raw(p);
        p->level++;
        RETURN(r_);
    }
    MEMO_BEGIN(R_invalid_named_expression, void *);
    int _mark = p->mark;
    p->level--; /* the wrapper's frame is the rule's one frame, as in CPython */
    void *r = invalid_named_expression_raw(p);
    p->level++;
    pp_memo_put(p, _mark, R_invalid_named_expression, r);
    RETURN(r);
}

/*
 * invalid_assignment:
 *   | a=invalid_ann_assign_target ':' expression
 *   | a=star_named_expression ',' star_named_expressions* ':' expression
 *   | a=expression ':' expression
 *   | (star_targets '=')* a=star_expressions '='
 *   | (star_targets '=')* a=yield_expr '='
 *   | a=star_expressions augassign (yield_expr | star_expressions)
 */
static int star_targets_eq_loop(parser_t *p)
{
    for (;;) {
        int m = p->mark;
        if (star_targets_rule(p) && TOK(PYTOK_EQUAL))
            continue;
        if (p->error_indicator)
            return 0;
        p->mark = m;
        return 1;
    }
}

static void *invalid_assignment_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if ((a = invalid_ann_assign_target_rule(p)) && TOK(PYTOK_COLON) && expression_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "only single target (not %s) can be annotated",
                                                 pp_expr_name(p, a)));
    ALT;
    if ((a = star_named_expression_rule(p)) && TOK(PYTOK_COMMA)) {
        for (;;) {
            int m = p->mark;
            if (!star_named_expressions_rule(p)) {
                p->mark = m;
                break;
            }
        }
        if (!p->error_indicator && TOK(PYTOK_COLON) && expression_rule(p))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "only single target (not tuple) can be annotated"));
    }
    ALT;
    if ((a = expression_rule(p)) && TOK(PYTOK_COLON) && expression_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "illegal target for annotation"));
    ALT;
    if (star_targets_eq_loop(p) && (a = star_expressions_rule(p)) && TOK(PYTOK_EQUAL))
        RETURN(pp_raise_invalid_target(p, STAR_TARGETS, a));
    ALT;
    if (star_targets_eq_loop(p) && (a = yield_expr_rule(p)) && TOK(PYTOK_EQUAL))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "assignment to yield expression not possible"));
    ALT;
    if ((a = star_expressions_rule(p)) && augassign_rule(p) && yield_or_star_expressions(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "'%s' is an illegal expression for augmented assignment",
                                                 pp_expr_name(p, a)));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_ann_assign_target: list | tuple | '(' invalid_ann_assign_target ')' */
static expr_t *invalid_ann_assign_target_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if ((a = list_rule(p)))
        RETURN(a);
    ALT;
    if ((a = tuple_rule(p)))
        RETURN(a);
    ALT;
    if (TOK(PYTOK_LPAR) && (a = invalid_ann_assign_target_rule(p)) && TOK(PYTOK_RPAR))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_del_stmt: 'del' a=star_expressions */
static void *invalid_del_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if (TOK(KW_del) && (a = star_expressions_rule(p)))
        RETURN(pp_raise_invalid_target(p, DEL_TARGETS, a));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_block: NEWLINE !INDENT */
static void *invalid_block_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    if (TOK(PYTOK_NEWLINE) && LOOK(0, TOK(PYTOK_INDENT)))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block"));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_comprehension:
 *   | ('[' | '(' | '{') a=starred_expression for_if_clauses
 *   | ('[' | '{') a=star_named_expression ',' b=star_named_expressions for_if_clauses
 *   | ('[' | '{') a=star_named_expression b=',' for_if_clauses
 */
static int open_bracket(parser_t *p, int allow_paren)
{
    ptoken_t *t = pp_peek(p);
    if (t && (t->type == PYTOK_LSQB || t->type == PYTOK_LBRACE || (allow_paren && t->type == PYTOK_LPAR))) {
        p->mark++;
        return 1;
    }
    return 0;
}

static void *invalid_comprehension_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    vec_t *b;
    ptoken_t *t;
    if (FRAMED(open_bracket(p, 1)) && (a = starred_expression_rule(p)) && for_if_clauses_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "iterable unpacking cannot be used in comprehension"));
    ALT;
    if (FRAMED(open_bracket(p, 0)) && (a = star_named_expression_rule(p)) && TOK(PYTOK_COMMA) &&
        (b = star_named_expressions_rule(p)) && for_if_clauses_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, (expr_t *)vec_last(b),
                                              "did you forget parentheses around the comprehension target?"));
    ALT;
    if (FRAMED(open_bracket(p, 0)) && (a = star_named_expression_rule(p)) && (t = TOK(PYTOK_COMMA)) &&
        for_if_clauses_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, t,
                                              "did you forget parentheses around the comprehension target?"));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_dict_comprehension: '{' a='**' bitwise_or for_if_clauses '}' */
static void *invalid_dict_comprehension_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if (TOK(PYTOK_LBRACE) && (a = TOK(PYTOK_DOUBLESTAR)) && bitwise_or_rule(p) && for_if_clauses_rule(p) &&
        TOK(PYTOK_RBRACE))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "dict unpacking cannot be used in dict comprehension"));
    p->mark = _mark;
    RETURN(NULL);
}

/* (slash_no_default | slash_with_default), or its lambda form (the body of a _tmp_N frame) */
static void *any_slash_body(parser_t *p, int lambda)
{
    int m = p->mark;
    void *r = lambda ? (void *)lambda_slash_no_default_rule(p) : (void *)slash_no_default_rule(p);
    if (r || p->error_indicator)
        return r;
    p->mark = m;
    return lambda ? (void *)lambda_slash_with_default_rule(p) : (void *)slash_with_default_rule(p);
}

static void *any_slash(parser_t *p, int lambda)
{
    return FRAMEDP(any_slash_body(p, lambda));
}

/* The shared body of invalid_parameters / invalid_lambda_parameters. */
static void *invalid_parameters_generic(parser_t *p, int lambda)
{
    ENTER;
    int _mark = p->mark;
    void *(*no_default)(parser_t *) = lambda ? lambda_param_no_default_v : param_no_default_v;
    void *(*maybe_default)(parser_t *) = lambda ? lambda_param_maybe_default_v : param_maybe_default_v;
    const char *nondefault = p->prof->msg_nondefault_after_default;
    ptoken_t *a, *b;
    pyparse_arg_t *arg;
    int slash_first = p->prof->g_params_slash_first;
    for (int alt = 0; alt < 6; alt++) {
        /* 3.10/3.11 order: helper, parenthesized, "/"',', "/" twice, "/" after "*", "expected comma".
           3.12+: "/"',', "/" twice, helper, parenthesized, ... */
        static const int old_order[] = {0, 1, 2, 3, 4, 5}, new_order[] = {2, 3, 0, 1, 4, 5};
        int which = slash_first ? new_order[alt] : old_order[alt];
        if (!p->prof->g_params_full && which != 0)
            continue;
        ALT;
        switch (which) {
        case 0: /* [slash_no_default?] param_no_default* invalid_parameters_helper a=param_no_default */
            if (slash_first) {
                int m = p->mark;
                if (!(lambda ? (void *)lambda_slash_no_default_rule(p) : (void *)slash_no_default_rule(p))) {
                    if (p->error_indicator)
                        RETURN(NULL);
                    p->mark = m;
                }
            }
            if (loop0(p, no_default) &&
                (lambda ? invalid_lambda_parameters_helper_rule(p) : invalid_parameters_helper_rule(p)) &&
                (arg = lambda ? lambda_param_no_default_rule(p) : param_no_default_rule(p)))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(arg, "%s", nondefault));
            break;
        case 1: /* param_no_default* a='(' param_no_default+ ','? b=')'  (lambda: ','.lambda_param+) */
            if (loop0(p, no_default) && (a = TOK(PYTOK_LPAR))) {
                int ok;
                if (lambda) {
                    ok = lambda_param_rule(p) != NULL;
                    while (ok) {
                        int m = p->mark;
                        if (TOK(PYTOK_COMMA) && lambda_param_rule(p))
                            continue;
                        p->mark = m;
                        break;
                    }
                } else {
                    ok = loop1(p, no_default) != NULL;
                }
                if (ok && opt_comma(p) && (b = TOK(PYTOK_RPAR)))
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
                        a, b, "%s",
                        lambda ? "Lambda expression parameters cannot be parenthesized"
                               : "Function parameters cannot be parenthesized"));
            }
            break;
        case 2: /* a="/" ',' */
            if ((a = TOK(PYTOK_SLASH)) && TOK(PYTOK_COMMA))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "at least one argument must precede /"));
            break;
        case 3: /* (slash_no_default | slash_with_default) param_maybe_default* a='/' */
            if (any_slash(p, lambda) && loop0(p, maybe_default) && (a = TOK(PYTOK_SLASH)))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "/ may appear only once"));
            break;
        case 4: { /* (slash_no_default | slash_with_default)? param_maybe_default* '*' (',' |
                     param_no_default) param_maybe_default* a='/' */
            int m = p->mark;
            if (!any_slash(p, lambda)) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            if (loop0(p, maybe_default) && TOK(PYTOK_STAR)) {
                int m2 = p->mark;
                int ok = TOK(PYTOK_COMMA) != NULL;
                if (!ok && !p->error_indicator) {
                    p->mark = m2;
                    ok = FRAMED(no_default(p)); /* (',' | param_no_default) is a _tmp_N frame */
                }
                if (ok && loop0(p, maybe_default) && (a = TOK(PYTOK_SLASH)))
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "/ must be ahead of *"));
            }
            break;
        }
        case 5: /* param_maybe_default+ '/' a='*' */
            if (loop1(p, maybe_default) && TOK(PYTOK_SLASH) && (a = TOK(PYTOK_STAR)))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expected comma between / and *"));
            break;
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

static void *invalid_parameters_rule(parser_t *p)
{
    return invalid_parameters_generic(p, 0);
}

static void *invalid_lambda_parameters_rule(parser_t *p)
{
    return invalid_parameters_generic(p, 1);
}

/* invalid_parameters_helper: a=slash_with_default | param_with_default+ */
static void *invalid_parameters_helper_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    void *r;
    if ((r = slash_with_default_rule(p)))
        RETURN(r);
    ALT;
    if ((r = loop1(p, param_with_default_v)))
        RETURN(r);
    p->mark = _mark;
    RETURN(NULL);
}

static void *invalid_lambda_parameters_helper_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    void *r;
    if ((r = lambda_slash_with_default_rule(p)))
        RETURN(r);
    ALT;
    if ((r = loop1(p, lambda_param_with_default_v)))
        RETURN(r);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_default: a='=' &(')'|',') */
static void *invalid_default_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    ptoken_t *a;
    if ((a = TOK(PYTOK_EQUAL)) && LOOK(1, TOK(PYTOK_RPAR) || (p->mark = _lm, TOK(PYTOK_COMMA))))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expected default value expression"));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_star_etc:
 *   | a='*' (')' | ',' (')' | '**'))
 *   | '*' ',' TYPE_COMMENT
 *   | '*' param a='='
 *   | '*' (param_no_default | ',') param_maybe_default* a='*' (param_no_default | ',')
 */
static void *invalid_star_etc_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if ((a = TOK(PYTOK_STAR))) {
        int m = p->mark;
        if (TOK(PYTOK_RPAR))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "named arguments must follow bare *"));
        p->mark = m;
        if (!p->error_indicator && TOK(PYTOK_COMMA)) {
            int m2 = p->mark;
            if (TOK(PYTOK_RPAR) || (p->mark = m2, TOK(PYTOK_DOUBLESTAR)))
                RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "named arguments must follow bare *"));
        }
    }
    ALT;
    if (TOK(PYTOK_STAR) && TOK(PYTOK_COMMA) && TOK(PYTOK_TYPE_COMMENT))
        RETURN(RAISE_SYNTAX_ERROR("bare * has associated type comment"));
    if (p->prof->g_invalid_kwds) {
        ALT;
        if (TOK(PYTOK_STAR) && param_rule(p) && (a = TOK(PYTOK_EQUAL)))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "var-positional argument cannot have default value"));
        ALT;
        if (TOK(PYTOK_STAR)) {
            int m = p->mark;
            int ok = param_no_default_rule(p) != NULL;
            if (!ok && !p->error_indicator) {
                p->mark = m;
                ok = TOK(PYTOK_COMMA) != NULL;
            }
            if (ok && loop0(p, param_maybe_default_v) && (a = TOK(PYTOK_STAR))) {
                int m2 = p->mark;
                ok = param_no_default_rule(p) != NULL;
                if (!ok && !p->error_indicator) {
                    p->mark = m2;
                    ok = TOK(PYTOK_COMMA) != NULL;
                }
                if (ok)
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "* argument may appear only once"));
            }
        }
    }
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_kwds:
 *   | '**' param a='=' | '**' param ',' a=param | '**' param ',' a=('*'|'**'|'/')
 */
static void *invalid_kwds_generic(parser_t *p, int lambda)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    pyparse_arg_t *arg;
    pyparse_arg_t *(*prm)(parser_t *) = lambda ? lambda_param_rule : param_rule;
    if (TOK(PYTOK_DOUBLESTAR) && prm(p) && (a = TOK(PYTOK_EQUAL)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "var-keyword argument cannot have default value"));
    ALT;
    if (TOK(PYTOK_DOUBLESTAR) && prm(p) && TOK(PYTOK_COMMA) && (arg = prm(p)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(arg, "arguments cannot follow var-keyword argument"));
    ALT;
    if (TOK(PYTOK_DOUBLESTAR) && prm(p) && TOK(PYTOK_COMMA)) {
        ptoken_t *t = pp_peek(p);
        if (t && (t->type == PYTOK_STAR || t->type == PYTOK_DOUBLESTAR || t->type == PYTOK_SLASH)) {
            p->mark++;
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(t, "arguments cannot follow var-keyword argument"));
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

static void *invalid_kwds_rule(parser_t *p)
{
    return invalid_kwds_generic(p, 0);
}

static void *invalid_lambda_kwds_rule(parser_t *p)
{
    return invalid_kwds_generic(p, 1);
}

/*
 * invalid_lambda_star_etc:
 *   | '*' (':' | ',' (':' | '**'))
 *   | '*' lambda_param a='='
 *   | '*' (lambda_param_no_default | ',') lambda_param_maybe_default* a='*' (lambda_param_no_default | ',')
 */
static void *invalid_lambda_star_etc_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if (TOK(PYTOK_STAR)) {
        int m = p->mark;
        if (TOK(PYTOK_COLON))
            RETURN(RAISE_SYNTAX_ERROR("named arguments must follow bare *"));
        p->mark = m;
        if (!p->error_indicator && TOK(PYTOK_COMMA)) {
            int m2 = p->mark;
            if (TOK(PYTOK_COLON) || (p->mark = m2, TOK(PYTOK_DOUBLESTAR)))
                RETURN(RAISE_SYNTAX_ERROR("named arguments must follow bare *"));
        }
    }
    if (p->prof->g_invalid_kwds) {
        ALT;
        if (TOK(PYTOK_STAR) && lambda_param_rule(p) && (a = TOK(PYTOK_EQUAL)))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "var-positional argument cannot have default value"));
        ALT;
        if (TOK(PYTOK_STAR)) {
            int m = p->mark;
            int ok = lambda_param_no_default_rule(p) != NULL;
            if (!ok && !p->error_indicator) {
                p->mark = m;
                ok = TOK(PYTOK_COMMA) != NULL;
            }
            if (ok && loop0(p, lambda_param_maybe_default_v) && (a = TOK(PYTOK_STAR))) {
                int m2 = p->mark;
                ok = lambda_param_no_default_rule(p) != NULL;
                if (!ok && !p->error_indicator) {
                    p->mark = m2;
                    ok = TOK(PYTOK_COMMA) != NULL;
                }
                if (ok)
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "* argument may appear only once"));
            }
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_with_item: expression 'as' a=expression &(',' | ')' | ':') */
static void *invalid_with_item_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *a;
    if (expression_rule(p) && TOK(KW_as) && (a = expression_rule(p)) &&
        LOOK(1, TOK(PYTOK_COMMA) || (p->mark = _lm, TOK(PYTOK_RPAR)) || (p->mark = _lm, TOK(PYTOK_COLON))))
        RETURN(pp_raise_invalid_target(p, STAR_TARGETS, a));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_for_target: ASYNC? 'for' a=star_expressions */
static void *invalid_for_target_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    int m = p->mark;
    if (!TOK(KW_async))
        p->mark = m;
    if (!p->error_indicator && TOK(KW_for) && (a = star_expressions_rule(p)))
        RETURN(pp_raise_invalid_target(p, FOR_TARGETS, a));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_group: '(' a=starred_expression ')' | '(' a='**' expression ')' */
static void *invalid_group_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    ptoken_t *t;
    if (TOK(PYTOK_LPAR) && (a = starred_expression_rule(p)) && TOK(PYTOK_RPAR))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use starred expression here"));
    ALT;
    if (TOK(PYTOK_LPAR) && (t = TOK(PYTOK_DOUBLESTAR)) && expression_rule(p) && TOK(PYTOK_RPAR))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(t, "cannot use double starred expression here"));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_import (3.12+):
 *   | a='import' ','.dotted_name+ 'from' dotted_name
 *   | 'import' token=NEWLINE                                  (3.13)
 */
static void *invalid_import_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a, *t;
    if ((a = TOK(KW_import)) && gather_exprs(p, dotted_name_rule) && TOK(KW_from) && dotted_name_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(a, "Did you mean to use 'from ... import ...' instead?"));
    if (p->prof->g_import_expected_names) {
        ALT;
        if (TOK(KW_import) && (t = TOK(PYTOK_NEWLINE)))
            RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(t, "Expected one or more names after 'import'"));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_import_from_targets: import_from_as_names ',' NEWLINE | token=NEWLINE (3.13) */
static void *invalid_import_from_targets_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *t;
    if (import_from_as_names_rule(p) && TOK(PYTOK_COMMA) && TOK(PYTOK_NEWLINE))
        RETURN(RAISE_SYNTAX_ERROR("trailing comma not allowed without surrounding parentheses"));
    if (p->prof->g_import_expected_names) {
        ALT;
        if ((t = TOK(PYTOK_NEWLINE)))
            RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(t, "Expected one or more names after 'import'"));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* ','.(expression ['as' star_target])+  (or with expressions, in parentheses) */
static int with_item_list(parser_t *p, int parenthesized)
{
    int n = 0;
    for (;;) {
        int m = p->mark;
        if (n > 0 && !TOK(PYTOK_COMMA)) {
            p->mark = m;
            break;
        }
        if (!(parenthesized ? expressions_rule(p) : expression_rule(p))) {
            if (p->error_indicator)
                return 0;
            p->mark = m;
            break;
        }
        int m2 = p->mark;
        if (!(TOK(KW_as) && star_target_rule(p))) {
            if (p->error_indicator)
                return 0;
            p->mark = m2;
        }
        n++;
    }
    return n > 0 && !p->error_indicator;
}

/*
 * invalid_with_stmt:
 *   | [ASYNC] 'with' ','.(expression ['as' star_target])+ NEWLINE
 *   | [ASYNC] 'with' '(' ','.(expressions ['as' star_target])+ ','? ')' NEWLINE
 */
static int opt_async(parser_t *p)
{
    int m = p->mark;
    if (!TOK(KW_async))
        p->mark = m;
    return !p->error_indicator;
}

static void *invalid_with_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    if (opt_async(p) && TOK(KW_with) && with_item_list(p, 0) && TOK(PYTOK_NEWLINE))
        RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    ALT;
    if (opt_async(p) && TOK(KW_with) && TOK(PYTOK_LPAR) && with_item_list(p, 1) && opt_comma(p) &&
        TOK(PYTOK_RPAR) && TOK(PYTOK_NEWLINE))
        RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    p->mark = _mark;
    RETURN(NULL);
}

/* NEWLINE !INDENT after a header: "expected an indented block after ..." */
static int newline_no_indent(parser_t *p)
{
    LOOKVARS;
    return TOK(PYTOK_NEWLINE) && LOOK(0, TOK(PYTOK_INDENT));
}

/*
 * invalid_with_stmt_indent:
 *   | [ASYNC] a='with' ','.(expression ['as' star_target])+ ':' NEWLINE !INDENT
 *   | [ASYNC] a='with' '(' ','.(expressions ['as' star_target])+ ','? ')' ':' NEWLINE !INDENT
 */
static void *invalid_with_stmt_indent_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if (opt_async(p) && (a = TOK(KW_with)) && with_item_list(p, 0) && TOK(PYTOK_COLON) &&
        newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'with' statement on line %d",
                                       a->lineno));
    ALT;
    if (opt_async(p) && (a = TOK(KW_with)) && TOK(PYTOK_LPAR) && with_item_list(p, 1) && opt_comma(p) &&
        TOK(PYTOK_RPAR) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'with' statement on line %d",
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_try_stmt:
 *   | a='try' ':' NEWLINE !INDENT
 *   | 'try' ':' block !('except' | 'finally')
 *   | 'try' ':' block* except_block+ a='except' b='*' expression ['as' NAME] ':'    (3.11+)
 *   | 'try' ':' block* except_star_block+ a='except' [expression ['as' NAME]] ':'  (3.11+)
 */
static int block_loop0(parser_t *p)
{
    for (;;) {
        int m = p->mark;
        if (!block_rule(p)) {
            p->mark = m;
            break;
        }
    }
    return !p->error_indicator;
}

static void *invalid_try_stmt_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    ptoken_t *a, *b;
    if ((a = TOK(KW_try)) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'try' statement on line %d",
                                       a->lineno));
    ALT;
    if (TOK(KW_try) && TOK(PYTOK_COLON) && block_rule(p) &&
        LOOK(0, TOK(KW_except) || (p->mark = _lm, TOK(KW_finally))))
        RETURN(RAISE_SYNTAX_ERROR("expected 'except' or 'finally' block"));
    if (p->prof->g_except_star) {
        ALT;
        if (TOK(KW_try) && TOK(PYTOK_COLON) && block_loop0(p)) {
            int n = 0;
            for (;;) {
                int m = p->mark;
                if (!except_block_rule(p)) {
                    p->mark = m;
                    break;
                }
                n++;
            }
            if (n && !p->error_indicator && (a = TOK(KW_except)) && (b = TOK(PYTOK_STAR)) &&
                expression_rule(p)) {
                (void)opt_as_name(p);
                if (!p->error_indicator && TOK(PYTOK_COLON))
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(
                        a, b, "cannot have both 'except' and 'except*' on the same 'try'"));
            }
        }
        ALT;
        if (TOK(KW_try) && TOK(PYTOK_COLON) && block_loop0(p)) {
            int n = 0;
            for (;;) {
                int m = p->mark;
                if (!except_star_block_rule(p)) {
                    p->mark = m;
                    break;
                }
                n++;
            }
            if (n && !p->error_indicator && (a = TOK(KW_except))) {
                int m = p->mark;
                if (expression_rule(p)) {
                    (void)opt_as_name(p);
                } else {
                    p->mark = m;
                }
                if (!p->error_indicator && TOK(PYTOK_COLON))
                    RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(
                        a, "cannot have both 'except' and 'except*' on the same 'try'"));
            }
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_except_stmt:
 *   | 'except' '*'? a=expression ',' expressions ['as' NAME ] ':'
 *   | a='except' '*'? expression ['as' NAME ] NEWLINE
 *   | a='except' NEWLINE
 *   | a='except' '*' (NEWLINE | ':')                                (3.11+)
 */
static int opt_star(parser_t *p)
{
    if (!p->prof->g_except_star)
        return 1;
    int m = p->mark;
    if (!TOK(PYTOK_STAR))
        p->mark = m;
    return !p->error_indicator;
}

static void *invalid_except_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    expr_t *a;
    if (TOK(KW_except) && opt_star(p) && (a = expression_rule(p)) && TOK(PYTOK_COMMA) &&
        expressions_rule(p)) {
        (void)opt_as_name(p);
        if (!p->error_indicator && TOK(PYTOK_COLON))
            RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(a, "multiple exception types must be parenthesized"));
    }
    ALT;
    if (TOK(KW_except) && opt_star(p) && expression_rule(p)) {
        (void)opt_as_name(p);
        if (!p->error_indicator && TOK(PYTOK_NEWLINE))
            RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    }
    ALT;
    if (TOK(KW_except) && TOK(PYTOK_NEWLINE))
        RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    if (p->prof->g_except_star) {
        ALT;
        if (TOK(KW_except) && TOK(PYTOK_STAR)) {
            int m = p->mark;
            if (TOK(PYTOK_NEWLINE) || (p->mark = m, TOK(PYTOK_COLON)))
                RETURN(RAISE_SYNTAX_ERROR("expected one or more exception types"));
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_finally_stmt: a='finally' ':' NEWLINE !INDENT */
static void *invalid_finally_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if ((a = TOK(KW_finally)) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'finally' statement on line %d",
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_except_stmt_indent: a='except' expression ['as' NAME ] ':' NEWLINE !INDENT | a='except' ':' NEWLINE
 * !INDENT */
static void *invalid_except_stmt_indent_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if ((a = TOK(KW_except)) && expression_rule(p)) {
        (void)opt_as_name(p);
        if (!p->error_indicator && TOK(PYTOK_COLON) && newline_no_indent(p))
            RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'except' statement on line %d",
                                           a->lineno));
    }
    ALT;
    if ((a = TOK(KW_except)) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'except' statement on line %d",
                                       a->lineno));
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_except_star_stmt_indent: a='except' '*' expression ['as' NAME ] ':' NEWLINE !INDENT */
static void *invalid_except_star_stmt_indent_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if ((a = TOK(KW_except)) && TOK(PYTOK_STAR) && expression_rule(p)) {
        (void)opt_as_name(p);
        if (!p->error_indicator && TOK(PYTOK_COLON) && newline_no_indent(p))
            RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'except*' statement on line %d",
                                           a->lineno));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_match_stmt: "match" subject_expr NEWLINE | a="match" subject_expr ':' NEWLINE !INDENT */
static void *invalid_match_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if (soft_kw(p, "match") && subject_expr_rule(p) &&
        (p->prof->g_match_colon_newline ? TOK(PYTOK_NEWLINE) != NULL : !TOK(PYTOK_COLON)))
        RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    ALT;
    if ((a = soft_kw(p, "match")) && subject_expr_rule(p) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'match' statement on line %d",
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_case_block: "case" patterns guard? NEWLINE | a="case" patterns guard? ':' NEWLINE !INDENT */
static int opt_guard(parser_t *p)
{
    int m = p->mark;
    if (!guard_rule(p))
        p->mark = m;
    return !p->error_indicator;
}

static void *invalid_case_block_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if (soft_kw(p, "case") && patterns_rule(p) && opt_guard(p) &&
        (p->prof->g_match_colon_newline ? TOK(PYTOK_NEWLINE) != NULL : !TOK(PYTOK_COLON)))
        RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    ALT;
    if ((a = soft_kw(p, "case")) && patterns_rule(p) && opt_guard(p) && TOK(PYTOK_COLON) &&
        newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'case' statement on line %d",
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_as_pattern: or_pattern 'as' a="_" | or_pattern 'as' !NAME a=expression */
static void *invalid_as_pattern_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    ptoken_t *a;
    expr_t *e;
    if (or_pattern_rule(p) && TOK(KW_as) && (a = soft_kw(p, "_")))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "cannot use '_' as a target"));
    ALT;
    if (or_pattern_rule(p) && TOK(KW_as) && LOOK(0, TOK(PYTOK_NAME)) && (e = expression_rule(p)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(e, "invalid pattern target"));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_class_pattern: name_or_attr '(' a=invalid_class_argument_pattern */
static void *invalid_class_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *a;
    if (name_or_attr_rule(p) && TOK(PYTOK_LPAR) && (a = invalid_class_argument_pattern_rule(p))) {
        pattern_t *first = a->items[0], *last = vec_last(a);
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(first, last, "positional patterns follow keyword patterns"));
    }
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_class_argument_pattern: [positional_patterns ','] keyword_patterns ',' a=positional_patterns */
static vec_t *invalid_class_argument_pattern_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    vec_t *a;
    int m = p->mark;
    if (!(positional_patterns_rule(p) && TOK(PYTOK_COMMA))) {
        if (p->error_indicator)
            RETURN(NULL);
        p->mark = m;
    }
    if (keyword_patterns_rule(p) && TOK(PYTOK_COMMA) && (a = positional_patterns_rule(p)))
        RETURN(a);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_if_stmt / invalid_elif_stmt / invalid_while_stmt:
   KW named_expression NEWLINE | a=KW named_expression ':' NEWLINE !INDENT */
static void *invalid_cond_stmt(parser_t *p, int kw, const char *what)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    expr_t *e;
    if (TOK(kw) && named_expression_rule(p) && TOK(PYTOK_NEWLINE))
        RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
    ALT;
    /* invalid_if_stmt's "a='if' a=named_expression": pegen renames the second, a is the keyword */
    if ((a = TOK(kw)) && (e = named_expression_rule(p)) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after '%s' statement on line %d", what,
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

static void *invalid_if_stmt_rule(parser_t *p)
{
    return invalid_cond_stmt(p, KW_if, "if");
}

static void *invalid_elif_stmt_rule(parser_t *p)
{
    return invalid_cond_stmt(p, KW_elif, "elif");
}

static void *invalid_while_stmt_rule(parser_t *p)
{
    return invalid_cond_stmt(p, KW_while, "while");
}

/* invalid_else_stmt: a='else' ':' NEWLINE !INDENT */
static void *invalid_else_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if ((a = TOK(KW_else)) && TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'else' statement on line %d",
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_for_stmt:
 *   | [ASYNC] 'for' star_targets 'in' star_expressions NEWLINE
 *   | [ASYNC] a='for' star_targets 'in' star_expressions ':' NEWLINE !INDENT
 */
static void *invalid_for_stmt_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    if (p->prof->g_for_colon_newline) {
        if (opt_async(p) && TOK(KW_for) && star_targets_rule(p) && TOK(KW_in) && star_expressions_rule(p) &&
            TOK(PYTOK_NEWLINE))
            RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
        ALT;
    }
    if (opt_async(p) && (a = TOK(KW_for)) && star_targets_rule(p) && TOK(KW_in) && star_expressions_rule(p) &&
        TOK(PYTOK_COLON) && newline_no_indent(p))
        RETURN(RAISE_INDENTATION_ERROR("expected an indented block after 'for' statement on line %d",
                                       a->lineno));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_def_raw: [ASYNC] a='def' NAME [type_params] '(' [params] ')' ['->' expression] ':' NEWLINE !INDENT
 */
static void *invalid_def_raw_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a = NULL;
    if (opt_async(p) && (a = TOK(KW_def)) && TOK(PYTOK_NAME)) {
        if (p->prof->g_type_params_in_invalid_def) {
            int m = p->mark;
            if (!type_params_rule(p)) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
        }
        if (TOK(PYTOK_LPAR)) {
            int m = p->mark;
            if (!params_rule(p)) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            if (TOK(PYTOK_RPAR)) {
                m = p->mark;
                if (!(TOK(PYTOK_RARROW) && expression_rule(p))) {
                    if (p->error_indicator)
                        RETURN(NULL);
                    p->mark = m;
                }
                if (TOK(PYTOK_COLON) && newline_no_indent(p))
                    RETURN(RAISE_INDENTATION_ERROR(
                        "expected an indented block after function definition on line %d", a->lineno));
            }
        }
    }
    if (p->prof->g_def_forced_in_invalid) {
        /* 3.13: | ['async'] 'def' NAME [type_params] &&'(' [params] ')' ['->' expression] &&':'
                   [func_type_comment] block -- the forced tokens of function_def_raw moved here. */
        ALT;
        if (opt_async(p) && (a = TOK(KW_def)) && TOK(PYTOK_NAME)) {
            int m = p->mark;
            if (!type_params_rule(p)) {
                if (p->error_indicator)
                    RETURN(NULL);
                p->mark = m;
            }
            if (pp_expect_forced(p, PYTOK_LPAR, "(")) {
                m = p->mark;
                if (!params_rule(p)) {
                    if (p->error_indicator)
                        RETURN(NULL);
                    p->mark = m;
                }
                if (TOK(PYTOK_RPAR)) {
                    m = p->mark;
                    if (!(TOK(PYTOK_RARROW) && expression_rule(p))) {
                        if (p->error_indicator)
                            RETURN(NULL);
                        p->mark = m;
                    }
                    if (pp_expect_forced(p, PYTOK_COLON, ":")) {
                        m = p->mark;
                        if (!func_type_comment_rule(p)) {
                            if (p->error_indicator)
                                RETURN(NULL);
                            p->mark = m;
                        }
                        if (block_rule(p))
                            RETURN(pp_stmt(p, PYSTMT_PASS, a->lineno, a->col_offset, a->end_lineno,
                                           a->end_col_offset)); /* a dummy */
                    }
                }
            }
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_class_def_raw:
 *   | 'class' NAME [type_params] ['(' [arguments] ')'] NEWLINE           (3.11+)
 *   | a='class' NAME [type_params] ['(' [arguments] ')'] ':' NEWLINE !INDENT
 */
static void *invalid_class_def_raw_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    int present;
    for (int alt = p->prof->g_class_expected_colon ? 0 : 1; alt < 2; alt++) {
        ALT;
        if ((a = TOK(KW_class)) && TOK(PYTOK_NAME)) {
            if (p->prof->g_type_params_in_invalid_def) {
                int m = p->mark;
                if (!type_params_rule(p)) {
                    if (p->error_indicator)
                        RETURN(NULL);
                    p->mark = m;
                }
            }
            (void)class_arguments(p, &present);
            if (p->error_indicator)
                RETURN(NULL);
            if (alt == 0) {
                if (TOK(PYTOK_NEWLINE))
                    RETURN(RAISE_SYNTAX_ERROR("expected ':'"));
            } else if (TOK(PYTOK_COLON) && newline_no_indent(p)) {
                RETURN(RAISE_INDENTATION_ERROR("expected an indented block after class definition on line %d",
                                               a->lineno));
            }
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_double_starred_kvpairs:
 *   | ','.double_starred_kvpair+ ',' invalid_kvpair
 *   | expression ':' a='*' bitwise_or
 *   | expression a=':' &('}'|',')
 */
static void *invalid_double_starred_kvpairs_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    ptoken_t *a;
    kv_t *kv;
    if ((kv = double_starred_kvpair_rule(p))) {
        for (;;) {
            int m = p->mark;
            if (TOK(PYTOK_COMMA) && double_starred_kvpair_rule(p))
                continue;
            p->mark = m;
            break;
        }
        void *r;
        if (!p->error_indicator && TOK(PYTOK_COMMA) && (r = invalid_kvpair_rule(p)))
            RETURN(r);
    }
    ALT;
    if (expression_rule(p) && TOK(PYTOK_COLON) && (a = TOK(PYTOK_STAR)) && bitwise_or_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(a, "cannot use a starred expression in a dictionary value"));
    ALT;
    if (expression_rule(p) && (a = TOK(PYTOK_COLON)) &&
        LOOK(1, TOK(PYTOK_RBRACE) || (p->mark = _lm, TOK(PYTOK_COMMA))))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expression expected after dictionary key and ':'"));
    p->mark = _mark;
    RETURN(NULL);
}

/*
 * invalid_kvpair:
 *   | a=expression !(':')
 *   | expression ':' a='*' bitwise_or
 *   | expression a=':' &('}'|',')
 */
static void *invalid_kvpair_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    expr_t *e;
    ptoken_t *a;
    if ((e = expression_rule(p)) && LOOK(0, TOK(PYTOK_COLON)))
        RETURN(RAISE_ERROR_KNOWN_LOCATION(p, "SyntaxError", e->lineno, e->end_col_offset - 1, e->end_lineno,
                                          -1, "':' expected after dictionary key"));
    ALT;
    if (expression_rule(p) && TOK(PYTOK_COLON) && (a = TOK(PYTOK_STAR)) && bitwise_or_rule(p))
        RETURN(RAISE_SYNTAX_ERROR_STARTING_FROM(a, "cannot use a starred expression in a dictionary value"));
    ALT;
    if (expression_rule(p) && (a = TOK(PYTOK_COLON)) &&
        LOOK(1, TOK(PYTOK_RBRACE) || (p->mark = _lm, TOK(PYTOK_COMMA))))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "expression expected after dictionary key and ':'"));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_starred_expression (3.12+): a='*' expression '=' b=expression */
static void *invalid_starred_expression_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a;
    expr_t *b;
    if ((a = TOK(PYTOK_STAR)) && expression_rule(p) && TOK(PYTOK_EQUAL) && (b = expression_rule(p)))
        RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "cannot assign to iterable argument unpacking"));
    p->mark = _mark;
    RETURN(NULL);
}

/* (yield_expr | star_expressions) lookahead helper for invalid_replacement_field */
static void *yield_or_star_v(parser_t *p)
{
    return yield_or_star_expressions(p);
}

/*
 * invalid_replacement_field (3.12+): the f-string replacement field messages.
 */
static void *invalid_replacement_field_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    ptoken_t *a;
    static const struct {
        int tok;
        const char *msg;
    } empty[] = {{PYTOK_EQUAL, "f-string: valid expression required before '='"},
                 {PYTOK_EXCLAMATION, "f-string: valid expression required before '!'"},
                 {PYTOK_COLON, "f-string: valid expression required before ':'"},
                 {PYTOK_RBRACE, "f-string: valid expression required before '}'"}};
    for (size_t i = 0; i < 4; i++) {
        ALT;
        if (TOK(PYTOK_LBRACE) && (a = TOK(empty[i].tok)))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, "%s", empty[i].msg));
    }
    ALT;
    if (TOK(PYTOK_LBRACE) && LOOK(0, yield_or_star_v(p)))
        RETURN(RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: expecting a valid expression after '{'"));
    ALT;
    if (TOK(PYTOK_LBRACE) && yield_or_star_expressions(p) &&
        LOOK(0, TOK(PYTOK_EQUAL) || (p->mark = _lm, TOK(PYTOK_EXCLAMATION)) ||
                    (p->mark = _lm, TOK(PYTOK_COLON)) || (p->mark = _lm, TOK(PYTOK_RBRACE))))
        RETURN(p->err.set
                   ? NULL
                   : RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: expecting '=', or '!', or ':', or '}'"));
    ALT;
    if (TOK(PYTOK_LBRACE) && yield_or_star_expressions(p) && TOK(PYTOK_EQUAL) &&
        LOOK(0, TOK(PYTOK_EXCLAMATION) || (p->mark = _lm, TOK(PYTOK_COLON)) ||
                    (p->mark = _lm, TOK(PYTOK_RBRACE))))
        RETURN(p->err.set ? NULL
                          : RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: expecting '!', or ':', or '}'"));
    ALT;
    if (TOK(PYTOK_LBRACE) && yield_or_star_expressions(p)) {
        int m = p->mark;
        if (!TOK(PYTOK_EQUAL))
            p->mark = m;
        void *r;
        if (!p->error_indicator && (r = invalid_conversion_character_rule(p)))
            RETURN(r);
    }
    for (int alt = 0; alt < 3; alt++) {
        ALT;
        if (TOK(PYTOK_LBRACE) && yield_or_star_expressions(p)) {
            int m = p->mark;
            if (!TOK(PYTOK_EQUAL))
                p->mark = m;
            m = p->mark;
            if (!(TOK(PYTOK_EXCLAMATION) && TOK(PYTOK_NAME)))
                p->mark = m;
            if (p->error_indicator)
                RETURN(NULL);
            if (alt == 0) {
                if (LOOK(0, TOK(PYTOK_COLON) || (p->mark = _lm, TOK(PYTOK_RBRACE))))
                    RETURN(p->err.set ? NULL
                                      : RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: expecting ':' or '}'"));
            } else if (alt == 1) {
                if (TOK(PYTOK_COLON)) {
                    for (;;) {
                        int m2 = p->mark;
                        if (!fstring_format_spec_rule(p)) {
                            p->mark = m2;
                            break;
                        }
                    }
                    if (!p->error_indicator && LOOK(0, TOK(PYTOK_RBRACE)))
                        RETURN(p->err.set ? NULL
                                          : RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN(
                                                "f-string: expecting '}', or format specs"));
                }
            } else {
                if (LOOK(0, TOK(PYTOK_RBRACE)))
                    RETURN(p->err.set ? NULL : RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: expecting '}'"));
            }
        }
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_conversion_character: '!' &(':' | '}') | '!' !NAME */
static void *invalid_conversion_character_rule(parser_t *p)
{
    ENTER;
    LOOKVARS;
    int _mark = p->mark;
    if (TOK(PYTOK_EXCLAMATION) && LOOK(1, TOK(PYTOK_COLON) || (p->mark = _lm, TOK(PYTOK_RBRACE))))
        RETURN(RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: missing conversion character"));
    ALT;
    if (TOK(PYTOK_EXCLAMATION) && LOOK(0, TOK(PYTOK_NAME)))
        RETURN(RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN("f-string: invalid conversion character"));
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_arithmetic (3.13+): sum ('+'|'-'|'*'|'/'|'%'|'//'|'@') a='not' b=inversion */
static void *invalid_arithmetic_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a, *t;
    expr_t *b;
    if (sum_rule(p) && (t = pp_peek(p)) &&
        (t->type == PYTOK_PLUS || t->type == PYTOK_MINUS || t->type == PYTOK_STAR || t->type == PYTOK_SLASH ||
         t->type == PYTOK_PERCENT || t->type == PYTOK_DOUBLESLASH || t->type == PYTOK_AT)) {
        p->mark++;
        if ((a = TOK(KW_not)) && (b = inversion_rule(p)))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "'not' after an operator must be parenthesized"));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* invalid_factor (3.13+): ('+' | '-' | '~') a='not' b=factor */
static void *invalid_factor_rule(parser_t *p)
{
    ENTER;
    int _mark = p->mark;
    ptoken_t *a, *t = pp_peek(p);
    expr_t *b;
    if (t && (t->type == PYTOK_PLUS || t->type == PYTOK_MINUS || t->type == PYTOK_TILDE)) {
        p->mark++;
        if ((a = TOK(KW_not)) && (b = factor_rule(p)))
            RETURN(RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "'not' after an operator must be parenthesized"));
    }
    if (p->error_indicator)
        RETURN(NULL);
    p->mark = _mark;
    RETURN(NULL);
}

/* ================================================================== */
/* The fast path: simple statements without the PEG machinery          */
/* ================================================================== */

/*
 * pp_fast_file_rule() parses a whole source as the file rule does, but
 * reads the simple statements heapd's sources are made of (expression
 * statements, assignments, del, import, pass) by plain recursive descent:
 * no memo, no backtracking, one function per precedence level. It builds
 * the nodes the grammar's actions build, with the same positions (EXTRA:
 * from the token where the rule started to the last token it consumed).
 *
 * Anything else, and any statement it does not finish, it hands to the
 * grammar's statement rule at the statement's first token, at the depth
 * the file rule would call it from. When that fails too, the source is
 * invalid (or past a bound): the caller throws this parse away and runs
 * the two-pass parse from the start, which alone decides errors. So the
 * fast path only has to be right on what it accepts: the same tree
 * (tests/pyparse/test_fast.c compares both parsers' trees).
 */

#define FAST_MAX_DEPTH 64 /* nesting the fast path takes on; deeper goes to the grammar */

static expr_t *fast_expression(parser_t *p);

/* The token at the mark, fetched when the buffer does not hold it yet. */
static inline ptoken_t *fast_peek(parser_t *p)
{
    return p->mark < p->fill ? p->tokens[p->mark] : pp_peek(p);
}

static int fast_peek_type(parser_t *p)
{
    ptoken_t *t = fast_peek(p);
    return t ? t->type : -1;
}

/* The token after the one at the mark (fetched), or -1. */
static int fast_peek2_type(parser_t *p)
{
    int m = p->mark;
    if (!fast_peek(p))
        return -1;
    p->mark++;
    int t = fast_peek_type(p);
    p->mark = m;
    return t;
}

/* A token that can start an expression of the fast grammar. */
static int fast_starts_expression(int t)
{
    switch (t) {
    case PYTOK_NAME:
    case PYTOK_NUMBER:
    case PYTOK_STRING:
    case PYTOK_LPAR:
    case PYTOK_LSQB:
    case PYTOK_LBRACE:
    case PYTOK_MINUS:
    case PYTOK_PLUS:
    case PYTOK_TILDE:
    case PYTOK_ELLIPSIS:
    case KW_not:
    case KW_None:
    case KW_True:
    case KW_False: return 1;
    default: return 0;
    }
}

/* A plain (not f-) string literal: its prefix has no f. */
static int fast_plain_string(ptoken_t *t)
{
    if (t->type != PYTOK_STRING)
        return 0;
    for (const char *c = t->start; c < t->end && *c != '\'' && *c != '"'; c++)
        if (*c == 'f' || *c == 'F')
            return 0;
    return 1;
}

/* expr (',' expr)* [','] up to the closing token (not consumed); NULL on anything else. */
static vec_t *fast_items(parser_t *p, int close)
{
    vec_t *v = new_vec(p);
    if (!v)
        return NULL;
    while (fast_peek_type(p) != close) {
        expr_t *e = fast_expression(p);
        if (!e)
            return NULL;
        int t = fast_peek_type(p);
        if (t == KW_for || t == KW_async || t == PYTOK_COLONEQUAL) /* comprehension, walrus */
            return NULL;
        vec_push(p, v, e);
        if (t == PYTOK_COMMA)
            p->mark++;
        else if (t != close)
            return NULL;
    }
    return v;
}

/* '{' ... '}': a dict of expression ':' expression pairs, or a set */
static expr_t *fast_brace(parser_t *p, ptoken_t *st)
{
    ptoken_t *_st = st;
    p->mark++;
    if (TOK(PYTOK_RBRACE))
        return pp_expr(p, PYEXPR_DICT, EXTRA);
    expr_t *k = fast_expression(p);
    if (!k)
        return NULL;
    if (fast_peek_type(p) != PYTOK_COLON) { /* a set: k, then the rest of its items */
        int t = fast_peek_type(p);
        if (t != PYTOK_COMMA && t != PYTOK_RBRACE) /* a comprehension, a walrus: the grammar's */
            return NULL;
        vec_t *rest = TOK(PYTOK_COMMA) ? fast_items(p, PYTOK_RBRACE) : NULL;
        if (t == PYTOK_COMMA && !rest)
            return NULL;
        vec_t *items = insert_front(p, k, rest); /* k is not parsed twice: nested sets stay linear */
        if (!items || !TOK(PYTOK_RBRACE))
            return NULL;
        return mk_seq(p, PYEXPR_SET, items, PYCTX_LOAD, EXTRA);
    }
    vec_t keys = {0, 0, NULL}, values = {0, 0, NULL};
    for (;;) {
        if (!TOK(PYTOK_COLON))
            return NULL;
        expr_t *v = fast_expression(p);
        if (!v)
            return NULL;
        vec_push(p, &keys, k);
        vec_push(p, &values, v);
        int t = fast_peek_type(p);
        if (t == PYTOK_COMMA) {
            p->mark++;
            if (fast_peek_type(p) == PYTOK_RBRACE)
                break;
            if (!(k = fast_expression(p)))
                return NULL;
            continue;
        }
        if (t != PYTOK_RBRACE)
            return NULL;
        break;
    }
    if (!TOK(PYTOK_RBRACE))
        return NULL;
    expr_t *e = pp_expr(p, PYEXPR_DICT, EXTRA);
    if (e) {
        e->v.dict.keys = vec_exprs(&keys);
        e->v.dict.values = vec_exprs(&values);
    }
    return e;
}

/* atom: NAME | True | False | None | strings | NUMBER | tuple | group | list | dict | set | '...' */
static expr_t *fast_atom(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    switch (_st->type) {
    case PYTOK_NAME: return name_token(p);
    case KW_True:
    case KW_False:
    case KW_None:
        p->mark++;
        return mk_const(p,
                        _st->type == KW_True    ? PYCONST_TRUE
                        : _st->type == KW_False ? PYCONST_FALSE
                                                : PYCONST_NONE,
                        EXTRA);
    case PYTOK_ELLIPSIS: p->mark++; return mk_const(p, PYCONST_ELLIPSIS, EXTRA);
    case PYTOK_NUMBER: return number_token(p);
    case PYTOK_STRING: { /* strings, when every literal is plain (f-strings go to the grammar) */
        int m = p->mark;
        ptoken_t *t;
        while ((t = fast_peek(p)) && t->type == PYTOK_STRING) {
            if (!fast_plain_string(t))
                return NULL;
            p->mark++;
        }
        if (!t || t->type == PYTOK_FSTRING_START)
            return NULL;
        p->mark = m;
        return strings_rule(p);
    }
    case PYTOK_LPAR: {
        p->mark++;
        if (TOK(PYTOK_RPAR))
            return mk_seq(p, PYEXPR_TUPLE, NULL, PYCTX_LOAD, EXTRA);
        expr_t *a = fast_expression(p);
        if (!a)
            return NULL;
        if (TOK(PYTOK_RPAR)) /* group: the expression itself */
            return a;
        if (!TOK(PYTOK_COMMA))
            return NULL;
        vec_t *rest = fast_items(p, PYTOK_RPAR);
        if (!rest || !TOK(PYTOK_RPAR))
            return NULL;
        return mk_seq(p, PYEXPR_TUPLE, insert_front(p, a, rest), PYCTX_LOAD, EXTRA);
    }
    case PYTOK_LSQB: {
        p->mark++;
        vec_t *items = fast_items(p, PYTOK_RSQB);
        if (!items || !TOK(PYTOK_RSQB))
            return NULL;
        return mk_seq(p, PYEXPR_LIST, items->n ? items : NULL, PYCTX_LOAD, EXTRA);
    }
    case PYTOK_LBRACE: return fast_brace(p, _st);
    default: return NULL;
    }
}

/* '(' arguments ')' of a call on a: positional expressions, then NAME '=' expression */
static expr_t *fast_call(parser_t *p, expr_t *a, ptoken_t *st)
{
    p->mark++;
    vec_t *args = NULL, *keywords = NULL;
    while (fast_peek_type(p) != PYTOK_RPAR) {
        ptoken_t *kst = fast_peek(p);
        if (!kst)
            return NULL;
        if (kst->type == PYTOK_NAME && fast_peek2_type(p) == PYTOK_EQUAL) {
            expr_t *n = name_token(p);
            p->mark++;
            expr_t *v = n ? fast_expression(p) : NULL;
            if (!v)
                return NULL;
            if (!keywords && !(keywords = new_vec(p)))
                return NULL;
            ptoken_t *_st = kst;
            vec_push(p, keywords, mk_keyword(p, n->v.name.id, v, EXTRA));
        } else {
            if (keywords) /* positional after keyword: the grammar's error */
                return NULL;
            expr_t *v = fast_expression(p);
            if (!v)
                return NULL;
            if (!args && !(args = new_vec(p)))
                return NULL;
            vec_push(p, args, v);
        }
        int t = fast_peek_type(p);
        if (t == PYTOK_COMMA)
            p->mark++;
        else if (t != PYTOK_RPAR) /* 'for' (a generator), '=', ':=' ... */
            return NULL;
    }
    p->mark++;
    ptoken_t *_st = st;
    return mk_call(p, a, args, keywords, EXTRA);
}

/* primary: atom ('.' NAME | '(' arguments ')' | '[' expression ']')* */
static expr_t *fast_primary(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    expr_t *a = fast_atom(p);
    while (a) {
        int t = fast_peek_type(p);
        if (t == PYTOK_DOT) {
            p->mark++;
            expr_t *b = name_token(p);
            a = b ? mk_attribute(p, a, b, PYCTX_LOAD, EXTRA) : NULL;
        } else if (t == PYTOK_LPAR) {
            a = fast_call(p, a, _st);
        } else if (t == PYTOK_LSQB) {
            p->mark++;
            expr_t *s = fast_expression(p); /* slices: one expression (slice !',') */
            if (!s || !TOK(PYTOK_RSQB))
                return NULL;
            a = mk_subscript(p, a, s, PYCTX_LOAD, EXTRA);
        } else {
            break;
        }
    }
    return a;
}

/* factor: ('+' | '-' | '~') factor | power;  power: primary ['**' factor] */
static expr_t *fast_factor(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st || ++p->fast_depth > FAST_MAX_DEPTH)
        return NULL;
    expr_t *r = NULL;
    int t = _st->type;
    if (t == PYTOK_PLUS || t == PYTOK_MINUS || t == PYTOK_TILDE) {
        p->mark++;
        expr_t *a = fast_factor(p);
        if (a)
            r = mk_unary(p,
                         t == PYTOK_PLUS    ? PYUOP_UADD
                         : t == PYTOK_MINUS ? PYUOP_USUB
                                            : PYUOP_INVERT,
                         a, EXTRA);
    } else if ((r = fast_primary(p)) && fast_peek_type(p) == PYTOK_DOUBLESTAR) {
        p->mark++;
        expr_t *b = fast_factor(p);
        r = b ? mk_binop(p, r, PYOP_POW, b, EXTRA) : NULL;
    }
    p->fast_depth--;
    return r;
}

/* The binary levels, loosest first: bitwise_or, bitwise_xor, bitwise_and, shift_expr, sum, term. */
static const struct {
    int tok;
    pyparse_binop_t op;
} fast_binops[6][5] = {
    {{PYTOK_VBAR, PYOP_BITOR}},
    {{PYTOK_CIRCUMFLEX, PYOP_BITXOR}},
    {{PYTOK_AMPER, PYOP_BITAND}},
    {{PYTOK_LEFTSHIFT, PYOP_LSHIFT}, {PYTOK_RIGHTSHIFT, PYOP_RSHIFT}},
    {{PYTOK_PLUS, PYOP_ADD}, {PYTOK_MINUS, PYOP_SUB}},
    {{PYTOK_STAR, PYOP_MULT},
     {PYTOK_SLASH, PYOP_DIV},
     {PYTOK_DOUBLESLASH, PYOP_FLOORDIV},
     {PYTOK_PERCENT, PYOP_MOD},
     {PYTOK_AT, PYOP_MATMULT}},
};

/* level: left-associative X (op Y)*, each node from the level's first token */
static expr_t *fast_binary(parser_t *p, int level)
{
    if (level == 6)
        return fast_factor(p);
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    expr_t *a = fast_binary(p, level + 1);
    while (a) {
        int t = fast_peek_type(p), k;
        for (k = 0; k < 5 && fast_binops[level][k].tok; k++)
            if (fast_binops[level][k].tok == t)
                break;
        if (k == 5 || !fast_binops[level][k].tok)
            break;
        p->mark++;
        expr_t *b = fast_binary(p, level + 1);
        a = b ? mk_binop(p, a, fast_binops[level][k].op, b, EXTRA) : NULL;
    }
    return a;
}

/* comparison: bitwise_or (compare_op bitwise_or)* */
static expr_t *fast_comparison(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    expr_t *a = fast_binary(p, 0);
    if (!a)
        return NULL;
    vec_t ops = {0, 0, NULL}, comparators = {0, 0, NULL};
    for (;;) {
        ptoken_t *t = fast_peek(p);
        if (!t)
            return NULL;
        pyparse_cmpop_t op;
        int n = 1;
        switch (t->type) {
        case PYTOK_EQEQUAL: op = PYCMP_EQ; break;
        case PYTOK_NOTEQUAL:
            if (t->start[0] != '!') /* '<>' */
                return NULL;
            op = PYCMP_NOTEQ;
            break;
        case PYTOK_LESSEQUAL: op = PYCMP_LTE; break;
        case PYTOK_LESS: op = PYCMP_LT; break;
        case PYTOK_GREATEREQUAL: op = PYCMP_GTE; break;
        case PYTOK_GREATER: op = PYCMP_GT; break;
        case KW_in: op = PYCMP_IN; break;
        case KW_not:
            if (fast_peek2_type(p) != KW_in)
                return NULL;
            op = PYCMP_NOTIN, n = 2;
            break;
        case KW_is:
            op = fast_peek2_type(p) == KW_not ? PYCMP_ISNOT : PYCMP_IS;
            n = op == PYCMP_ISNOT ? 2 : 1;
            break;
        default: op = (pyparse_cmpop_t)-1; break;
        }
        if ((int)op == -1)
            break;
        p->mark += n;
        expr_t *b = fast_binary(p, 0);
        if (!b)
            return NULL;
        pyparse_cmpop_t *o = pp_alloc(p, sizeof *o);
        if (!o)
            return NULL;
        *o = op;
        vec_push(p, &ops, o);
        vec_push(p, &comparators, b);
    }
    if (!ops.n)
        return a;
    expr_t *e = pp_expr(p, PYEXPR_COMPARE, EXTRA);
    if (!e)
        return NULL;
    e->v.compare.left = a;
    e->v.compare.n = (size_t)ops.n;
    e->v.compare.ops = pp_alloc(p, (size_t)ops.n * sizeof *e->v.compare.ops);
    e->v.compare.comparators = pp_alloc(p, (size_t)ops.n * sizeof *e->v.compare.comparators);
    if (!e->v.compare.ops || !e->v.compare.comparators)
        return NULL;
    for (int i = 0; i < ops.n; i++) {
        e->v.compare.ops[i] = *(pyparse_cmpop_t *)ops.items[i];
        e->v.compare.comparators[i] = comparators.items[i];
    }
    return e;
}

/* inversion: 'not' inversion | comparison */
static expr_t *fast_inversion(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st || ++p->fast_depth > FAST_MAX_DEPTH)
        return NULL;
    expr_t *r;
    if (_st->type == KW_not) {
        p->mark++;
        expr_t *a = fast_inversion(p);
        r = a ? mk_unary(p, PYUOP_NOT, a, EXTRA) : NULL;
    } else {
        r = fast_comparison(p);
    }
    p->fast_depth--;
    return r;
}

/* disjunction / conjunction: sub ('or' / 'and' sub)* as one BoolOp */
static expr_t *fast_boolop(parser_t *p, int kw)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    expr_t *a = kw == KW_or ? fast_boolop(p, KW_and) : fast_inversion(p);
    if (!a || fast_peek_type(p) != kw)
        return a;
    vec_t *v = singleton(p, a);
    while (v && fast_peek_type(p) == kw) {
        p->mark++;
        expr_t *b = kw == KW_or ? fast_boolop(p, KW_and) : fast_inversion(p);
        if (!b)
            return NULL;
        vec_push(p, v, b);
    }
    expr_t *e = v ? pp_expr(p, PYEXPR_BOOLOP, EXTRA) : NULL;
    if (e) {
        e->v.boolop.op = kw == KW_or ? PYBOOL_OR : PYBOOL_AND;
        e->v.boolop.values = vec_exprs(v);
    }
    return e;
}

/* expression: disjunction (not followed by 'if': a conditional goes to the grammar) */
static expr_t *fast_expression(parser_t *p)
{
    if (++p->fast_depth > FAST_MAX_DEPTH)
        return NULL;
    expr_t *e = fast_boolop(p, KW_or);
    p->fast_depth--;
    if (e && fast_peek_type(p) == KW_if)
        return NULL;
    return e;
}

/* star_expressions: expression (',' expression)* [','] (a Tuple when there is a comma) */
static expr_t *fast_star_expressions(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    expr_t *a = fast_expression(p);
    if (!a || fast_peek_type(p) != PYTOK_COMMA)
        return a;
    vec_t *v = singleton(p, a);
    while (v && fast_peek_type(p) == PYTOK_COMMA) {
        p->mark++;
        if (!fast_starts_expression(fast_peek_type(p)))
            break;
        expr_t *b = fast_expression(p);
        if (!b)
            return NULL;
        vec_push(p, v, b);
    }
    return v ? mk_seq(p, PYEXPR_TUPLE, v, PYCTX_LOAD, EXTRA) : NULL;
}

/* An expression as an assignment or del target (star_targets, del_targets):
 * a name, attribute or subscript, or a tuple or list of targets; the
 * context set as _PyPegen_set_expr_context() does. 0 when not a target. */
static int fast_target(parser_t *p, expr_t *e, pyparse_ctx_t ctx)
{
    switch (e->kind) {
    case PYEXPR_NAME:
    case PYEXPR_ATTRIBUTE:
    case PYEXPR_SUBSCRIPT: pp_set_expr_context(p, e, ctx); return 1;
    case PYEXPR_TUPLE:
    case PYEXPR_LIST: {
        pyparse_exprs_t *elts = e->kind == PYEXPR_TUPLE ? &e->v.tuple.elts : &e->v.list.elts;
        for (size_t i = 0; i < elts->n; i++)
            if (!fast_target(p, elts->items[i], ctx))
                return 0;
        pp_set_expr_context(p, e, ctx);
        return 1;
    }
    default: return 0;
    }
}

/* One simple statement of the fast grammar, or NULL (the caller goes back). */
static stmt_t *fast_simple_stmt(parser_t *p)
{
    ptoken_t *_st = fast_peek(p);
    if (!_st)
        return NULL;
    stmt_t *s = NULL;
    p->fast_depth = 0;
    switch (_st->type) {
    case KW_pass: p->mark++; return span_stmt(p, pp_stmt(p, PYSTMT_PASS, EXTRA), _st);
    case KW_import: { /* import NAME (',' NAME)* */
        p->mark++;
        vec_t *v = new_vec(p);
        for (;;) {
            ptoken_t *ast = fast_peek(p);
            expr_t *n = name_token(p);
            if (!v || !n)
                return NULL;
            int t = fast_peek_type(p);
            if (t == PYTOK_DOT || t == KW_as)
                return NULL;
            {
                ptoken_t *_st = ast;
                vec_push(p, v, mk_alias(p, n->v.name.id, NULL, EXTRA));
            }
            if (t != PYTOK_COMMA)
                break;
            p->mark++;
        }
        if ((s = pp_stmt(p, PYSTMT_IMPORT, EXTRA))) {
            s->v.import.n = (size_t)v->n;
            s->v.import.names = (pyparse_alias_t **)v->items;
        }
        return span_stmt(p, s, _st);
    }
    case KW_del: { /* del target (',' target)* [','] &(';' | NEWLINE) */
        p->mark++;
        vec_t *v = new_vec(p);
        do {
            if (fast_peek_type(p) == PYTOK_COMMA && v && v->n)
                p->mark++;
            int t = fast_peek_type(p);
            if (v && v->n && (t == PYTOK_SEMI || t == PYTOK_NEWLINE))
                break;
            expr_t *e = fast_expression(p);
            if (!v || !e || !fast_target(p, e, PYCTX_DEL))
                return NULL;
            vec_push(p, v, e);
        } while (fast_peek_type(p) == PYTOK_COMMA);
        if ((s = pp_stmt(p, PYSTMT_DELETE, EXTRA)))
            s->v.delete_.targets = vec_exprs(v);
        return span_stmt(p, s, _st);
    }
    default: break;
    }
    if (!fast_starts_expression(_st->type) || (_st->type == PYTOK_NAME && fast_peek2_type(p) == PYTOK_COLON))
        return NULL;
    expr_t *e = fast_star_expressions(p);
    if (!e)
        return NULL;
    if (fast_peek_type(p) != PYTOK_EQUAL) { /* an expression statement */
        if ((s = pp_stmt(p, PYSTMT_EXPR, EXTRA)))
            s->v.expr.value = e;
        return span_stmt(p, s, _st);
    }
    vec_t *targets = new_vec(p); /* (star_targets '=')+ star_expressions !'=' */
    while (targets && fast_peek_type(p) == PYTOK_EQUAL) {
        if (!fast_target(p, e, PYCTX_STORE))
            return NULL;
        vec_push(p, targets, e);
        p->mark++;
        if (!fast_starts_expression(fast_peek_type(p)) || !(e = fast_star_expressions(p)))
            return NULL;
    }
    if (targets && (s = pp_stmt(p, PYSTMT_ASSIGN, EXTRA))) {
        s->v.assign.targets = vec_exprs(targets);
        s->v.assign.value = e;
    }
    return span_stmt(p, s, _st);
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE, or NULL */
static vec_t *fast_simple_stmts(parser_t *p)
{
    vec_t *v = new_vec(p);
    for (;;) {
        stmt_t *s = fast_simple_stmt(p);
        if (!v || !s)
            return NULL;
        vec_push(p, v, s);
        int t = fast_peek_type(p);
        if (t == PYTOK_SEMI) {
            p->mark++;
            t = fast_peek_type(p);
            if (t == PYTOK_NEWLINE)
                break;
            continue;
        }
        if (t != PYTOK_NEWLINE)
            return NULL;
        break;
    }
    p->mark++;
    return v;
}

pyparse_stmts_t *pp_fast_file_rule(parser_t *p, int *ok)
{
    *ok = 0;
    vec_t *out = NULL;
    for (;;) {
        ptoken_t *t = fast_peek(p);
        if (!t || p->error_indicator)
            return NULL;
        if (t->type == PYTOK_ENDMARKER)
            break;
        int m = p->mark;
        vec_t *s = fast_simple_stmts(p);
        if (p->error_indicator)
            return NULL;
        if (!s) { /* the grammar's statement rule, called as statements_rule calls it */
            p->mark = m;
            p->level = 3;
            s = statement_rule(p);
            p->level = 0;
            if (!s || p->error_indicator)
                return NULL;
        }
        if (!out && !(out = new_vec(p)))
            return NULL;
        for (int i = 0; i < s->n; i++)
            vec_push(p, out, s->items[i]);
    }
    pyparse_stmts_t *r = pp_alloc(p, sizeof *r);
    if (!r)
        return NULL;
    *r = vec_stmts(out);
    *ok = !p->error_indicator;
    return r;
}
