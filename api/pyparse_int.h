/*
 * pyparse_int.h — internals shared by the Python source parser's files:
 * pyparse.c (driver, tokens, errors: CPython's pegen.c and pegen_errors.c),
 * pyparse_gram.c (the grammar: Grammar/python.gram), pyparse_ast.c (node
 * constructors and helpers: action_helpers.c), pylex_literal.c (literal
 * decoding: string_parser.c) and pyparse_check.c (future.c, symtable.c and
 * compile.c errors). Not part of the public API.
 */
#ifndef HEAPD_PYPARSE_INT_H
#define HEAPD_PYPARSE_INT_H

#include "pylex.h"
#include "pyparse.h"
#include "pyparse_profile.h"

#include <stddef.h>

/* Link names: the functions shared between the api/py*.c files carry the
   pyparse_ prefix in the object files (heapd links all of api/ together). */
#define pp_alloc pyparse_i_alloc
#define pp_check_module pyparse_i_check_module
#define pp_expect pyparse_i_expect
#define pp_expect_forced pyparse_i_expect_forced
#define pp_expr pyparse_i_expr
#define pp_expr_name pyparse_i_expr_name
#define pp_fast_file_rule pyparse_i_fast_file_rule
#define pp_file_rule pyparse_i_file_rule
#define pp_fill_token pyparse_i_fill_token
#define pp_fstring_rule pyparse_i_fstring_rule
#define pp_get_invalid_target pyparse_i_get_invalid_target
#define pp_memo_get pyparse_i_memo_get
#define pp_memo_put pyparse_i_memo_put
#define pp_memo_update pyparse_i_memo_update
#define pp_name_from_token pyparse_i_name_from_token
#define pp_nomem pyparse_i_nomem
#define pp_parse_fstring_expr pyparse_i_parse_fstring_expr
#define pp_peek pyparse_i_peek
#define pp_raise pyparse_i_raise
#define pp_raise_invalid_target pyparse_i_raise_invalid_target
#define pp_raise_known pyparse_i_raise_known
#define pp_set_expr_context pyparse_i_set_expr_context
#define pp_set_unsupported pyparse_i_set_unsupported
#define pp_fstring_middle_utf8 pyparse_i_fstring_middle_utf8
#define pp_stack_overflow pyparse_i_stack_overflow
#define pp_stmt pyparse_i_stmt
#define vec_exprs pyparse_i_vec_exprs
#define vec_push pyparse_i_vec_push
#define vec_stmts pyparse_i_vec_stmts
#define vec_type_params pyparse_i_vec_type_params

/* ---------------------------------------------------------------- arena */

typedef struct pyparse_arena pyparse_arena_t;

pyparse_arena_t *pyparse_arena_new(size_t limit);
void pyparse_arena_free(pyparse_arena_t *a);
/* Zeroed memory, or NULL when the arena's limit is reached. */
void *pyparse_arena_alloc(pyparse_arena_t *a, size_t n);
char *pyparse_arena_strndup(pyparse_arena_t *a, const char *s, size_t n);

/* ---------------------------------------------------------------- tokens */

/* Keyword token types: NAME tokens whose text is a reserved word. */
enum {
    KW_FIRST = 100,
    KW_False = KW_FIRST,
    KW_None,
    KW_True,
    KW_and,
    KW_as,
    KW_assert,
    KW_async,
    KW_await,
    KW_break,
    KW_class,
    KW_continue,
    KW_def,
    KW_del,
    KW_elif,
    KW_else,
    KW_except,
    KW_finally,
    KW_for,
    KW_from,
    KW_global,
    KW_if,
    KW_import,
    KW_in,
    KW_is,
    KW_lambda,
    KW_nonlocal,
    KW_not,
    KW_or,
    KW_pass,
    KW_raise,
    KW_return,
    KW_try,
    KW_while,
    KW_with,
    KW_yield,
    KW_LAST
};

typedef struct memo {
    int type;
    void *node;
    int mark;
    struct memo *next;
} memo_t;

/* A token as the parser sees it (CPython's Token). */
typedef struct {
    int type; /* pylex type, or a KW_ value */
    const char *start, *end;
    int lineno, col_offset, end_lineno, end_col_offset;
    int level;
    memo_t *memo;
} ptoken_t;

/* ---------------------------------------------------------------- parser */

typedef struct {
    int set;
    const char *type;
    char msg[512];
    int lineno, offset, end_lineno, end_offset;
    int from_tokenizer;
} pp_exc_t;

typedef struct parser {
    pylex_t lx;
    const pyparse_profile_t *prof;
    pyparse_arena_t *arena;
    ptoken_t **tokens;
    int fill, size, mark;
    int error_indicator;
    memo_t *memo_free;   /* memo entries of finished top-level statements, for reuse */
    int file_statements; /* statements_rule is being called by the file rule */
    int call_invalid_rules;
    int in_format_spec; /* replacement fields being parsed inside a format spec */
    int level;
    ptoken_t *known_err_token;
    int look_marks[64]; /* saved marks of nested lookaheads that use LOOK() */
    int look_depth;
    pp_exc_t err; /* the exception "raised" (CPython's PyErr_Occurred()) */
    int nomem;
    /* A sub-parser for one f-string expression (3.10, 3.11: Py_fstring_input):
       tokens on its first line are shifted to the f-string's column, and its
       errors say "f-string: " and point relative to that column. */
    int fstring_input;
    int starting_lineno, starting_col_offset;
    const char *unsupported; /* set: the result cannot be known (e.g. a \\N{name} escape) */
    int unsupported_line;    /* the line it is on (0: not known) */
    int fast_depth;          /* nesting of the fast path's expressions (pp_fast_file_rule) */
    /* fstring_find_expr_location() (pylex_literal.c) reads an f-string token
       from its start to each field: how far it has read (floc_pos) in which
       token text (floc_base), the newlines before that and the last one */
    const char *floc_base, *floc_pos, *floc_nl;
    int floc_lines;
} parser_t;

/* Positions of a node or a token: lineno, col_offset, end_lineno, end_col_offset. */
#define LOC(x) (x)->lineno, (x)->col_offset, (x)->end_lineno, (x)->end_col_offset

#define CURRENT_POS (-5)

/* Error raising (pegen_errors.c). Offsets here are CPython's 1-based byte
   offsets; they become characters like _PyPegen_raise_error_known_location. */
void *pp_raise_known(parser_t *p, const char *type, int lineno, int col, int end_lineno, int end_col,
                     const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void *pp_raise(parser_t *p, const char *type, int use_mark, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void pp_nomem(parser_t *p);
/* Notes the first construct whose result heapd cannot know, on the line of
 * the token read last. */
void pp_set_unsupported(parser_t *p, const char *what);
/* _PyPegen_constant_from_token() of an FSTRING_MIDDLE (3.12+): its text
 * decoded as UTF-8, strictly; -1 with the bare UnicodeDecodeError (no
 * location, not a SyntaxError) when it is not */
int pp_fstring_middle_utf8(parser_t *p, const ptoken_t *t);

#define RAISE_ERROR_KNOWN_LOCATION(p, type, l, c, el, ec, ...)                                               \
    pp_raise_known((p), (type), (l), ((c) == CURRENT_POS ? CURRENT_POS : (c) + 1), (el),                     \
                   ((ec) == CURRENT_POS ? CURRENT_POS : (ec) + 1), __VA_ARGS__)
#define RAISE_SYNTAX_ERROR(...) pp_raise(p, "SyntaxError", 0, __VA_ARGS__)
#define RAISE_INDENTATION_ERROR(...) pp_raise(p, "IndentationError", 0, __VA_ARGS__)
#define RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN(...) pp_raise(p, "SyntaxError", 1, __VA_ARGS__)
#define RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, ...)                                                            \
    RAISE_ERROR_KNOWN_LOCATION(p, "SyntaxError", (a)->lineno, (a)->col_offset, (b)->end_lineno,              \
                               (b)->end_col_offset, __VA_ARGS__)
#define RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, ...)                                                            \
    RAISE_ERROR_KNOWN_LOCATION(p, "SyntaxError", (a)->lineno, (a)->col_offset, (a)->end_lineno,              \
                               (a)->end_col_offset, __VA_ARGS__)
#define RAISE_SYNTAX_ERROR_STARTING_FROM(a, ...)                                                             \
    RAISE_ERROR_KNOWN_LOCATION(p, "SyntaxError", (a)->lineno, (a)->col_offset, CURRENT_POS, CURRENT_POS,     \
                               __VA_ARGS__)

/* Token access (pegen.c). */
int pp_fill_token(parser_t *p);
ptoken_t *pp_expect(parser_t *p, int type);
ptoken_t *pp_expect_forced(parser_t *p, int type, const char *expected);
ptoken_t *pp_peek(parser_t *p); /* the token at mark (fetched), or NULL on error */
int pp_memo_get(parser_t *p, int type, void *pres);
int pp_memo_put(parser_t *p, int mark, int type, void *node);
int pp_memo_update(parser_t *p, int mark, int type, void *node);
void pp_stack_overflow(parser_t *p);

/* The grammar's start rules (pyparse_gram.c): file, and fstring (star_expressions). */
pyparse_stmts_t *pp_file_rule(parser_t *p, int *ok);
pyparse_expr_t *pp_fstring_rule(parser_t *p, int *ok);
/* The file rule with simple statements read by plain recursive descent and
   the rest by the grammar's statement rule (first pass): the same tree when
   it succeeds; when it fails, nothing is known (run the two-pass parse). */
pyparse_stmts_t *pp_fast_file_rule(parser_t *p, int *ok);

/* Parses one f-string expression's text as CPython 3.10/3.11's
   fstring_compile_expr() does: "(" text ")" with its own tokenizer and
   parser, positions based at (lineno, col_offset). Errors land in outer. */
pyparse_expr_t *pp_parse_fstring_expr(parser_t *outer, const char *text, size_t len, int lineno,
                                      int col_offset);

/* ---------------------------------------------------------------- AST helpers (pyparse_ast.c) */

typedef struct {
    int n, cap;
    void **items;
} vec_t;

int vec_push(parser_t *p, vec_t *v, void *item);
pyparse_exprs_t vec_exprs(vec_t *v);
pyparse_stmts_t vec_stmts(vec_t *v);
pyparse_type_params_t vec_type_params(vec_t *v);

void *pp_alloc(parser_t *p, size_t n);
pyparse_expr_t *pp_expr(parser_t *p, pyparse_expr_kind_t kind, int l, int c, int el, int ec);
pyparse_stmt_t *pp_stmt(parser_t *p, pyparse_stmt_kind_t kind, int l, int c, int el, int ec);
pyparse_expr_t *pp_name_from_token(parser_t *p, ptoken_t *t);
pyparse_expr_t *pp_set_expr_context(parser_t *p, pyparse_expr_t *e, pyparse_ctx_t ctx);
const char *pp_expr_name(parser_t *p, const pyparse_expr_t *e);

typedef enum { STAR_TARGETS, DEL_TARGETS, FOR_TARGETS } targets_type_t;
pyparse_expr_t *pp_get_invalid_target(pyparse_expr_t *e, targets_type_t t);
void *pp_raise_invalid_target(parser_t *p, targets_type_t t, pyparse_expr_t *e);

/* ---------------------------------------------------------------- literals (pylex_literal.c) */

/* NUMBER token to Constant (_PyPegen_number_token's parsenumber()). */
int pylex_parse_number(parser_t *p, const char *s, size_t n, pyparse_const_t *out);

/* One STRING token's value (_PyPegen_parsestr / _PyPegen_parse_string):
   0, or -1 with the error raised (t gives its location where the version
   places it there). *is_bytes and *is_f tell the literal's kind. */
int pylex_parse_string(parser_t *p, ptoken_t *t, pyparse_const_t *out, int *is_bytes, int *is_f);

/* Decodes a 3.12+ f-string literal part in place (_PyPegen_decode_fstring_part):
   0, or -1 with the error raised. The constant holds the raw token text. */
int pylex_decode_fstring_middle(parser_t *p, pyparse_expr_t *part, int raw);

/* ---------------------------------------------------------------- checks (pyparse_check.c) */

/* Future imports, symbol table and compiler errors, in CPython's order.
   0, or -1 with p->err set. */
int pp_check_module(parser_t *p, pyparse_stmts_t *mod);

#endif
