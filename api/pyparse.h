/*
 * pyparse.h — Python source to AST, with CPython's syntax errors.
 *
 * pyparse() does what compile(source, "<exec>", "exec") does up to code
 * generation, for CPython 3.10, 3.11, 3.12 or 3.13: it tokenizes and parses
 * the whole source with CPython's grammar (PEG, two passes, the same
 * "invalid_" rules) and runs the compile-time checks (future imports, the
 * symbol table's and the compiler's SyntaxErrors). The result is either
 *
 *   - the error CPython raises: exception type, message, lineno, offset,
 *     end_lineno, end_offset exactly as compile() sets them, or
 *   - a module AST (nodes as in Python.asdl) whose statements carry their
 *     line range and exact source span, with the first construct outside
 *     the subset heapd executes named (pyparse_first_unsupported()).
 *
 * Limits: the input is bounded by the caller (1 MB takes 0.1-2.5 s and up to
 * ~250 MB, like CPython's own compile()); nesting is bounded as CPython
 * bounds it: 200 brackets and 100 indentation levels (tokenizer errors),
 * PYPARSE_MAX_DEPTH parser rule frames (MemoryError "...too complex to
 * parse"), then the AST optimizer's limit (RecursionError "maximum recursion
 * depth exceeded during compilation": 2994 nested nodes, 9997 in 3.13, the
 * values for compile() called from a script's top level). Memory is bounded
 * by PYPARSE_MAX_ARENA. Any byte string is accepted, NUL bytes and invalid
 * UTF-8 included. The parse recurses: give the calling thread 2 MB of stack
 * or more (the 8 MB default is plenty).
 *
 * Thread safety: pyparse() keeps no global state; parses may run in parallel.
 *
 * Ownership: pyparse() returns a result the caller frees with
 * pyparse_free(); every node, string and array inside it belongs to the
 * result. The source is copied; the caller's buffer may go away.
 */
#ifndef HEAPD_PYPARSE_H
#define HEAPD_PYPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Rule frames the parser may nest (CPython 3.12's MAXSTACK). */
#define PYPARSE_MAX_DEPTH 6000
/* Bytes of nodes and tokens one parse may allocate. */
#define PYPARSE_MAX_ARENA ((size_t)512 << 20)
/* A position CPython leaves as None. */
#define PYPARSE_NONE (-2147483647 - 1)

/* Flags of pyparse(). */
enum {
    /* The source is bytes (compile(b"...")): a BOM and a coding cookie on
       line 1 or 2 apply, as for a text/x-python body. Without it the source
       is a str (UTF-8, cookie ignored), as for JSON {"source": ...}. */
    PYPARSE_BYTES = 1,
    /* Only the two-pass parse (CPython's): no fast path for simple statements.
       The answers are the same; tests compare both. */
    PYPARSE_NO_FAST = 2,
};

typedef enum {
    PYPARSE_OK,          /* valid: see module */
    PYPARSE_ERROR,       /* CPython raises: see error */
    PYPARSE_UNSUPPORTED, /* we cannot tell what CPython does: see error.msg */
    PYPARSE_LIMIT,       /* pyparse_bounded(): the parse needed more memory than allowed */
} pyparse_status_t;

typedef struct {
    const char *type; /* "SyntaxError", "IndentationError", "TabError", "ValueError", "MemoryError" */
    char *msg;
    int lineno, offset, end_lineno, end_offset; /* PYPARSE_NONE for None */
} pyparse_error_t;

/* ---------------------------------------------------------------- AST */

typedef struct pyparse_expr pyparse_expr_t;
typedef struct pyparse_stmt pyparse_stmt_t;

typedef struct {
    size_t n;
    pyparse_expr_t **items;
} pyparse_exprs_t;

typedef struct {
    size_t n;
    pyparse_stmt_t **items;
} pyparse_stmts_t;

typedef enum { PYCTX_LOAD, PYCTX_STORE, PYCTX_DEL } pyparse_ctx_t;

typedef enum {
    PYOP_ADD,
    PYOP_SUB,
    PYOP_MULT,
    PYOP_MATMULT,
    PYOP_DIV,
    PYOP_MOD,
    PYOP_POW,
    PYOP_LSHIFT,
    PYOP_RSHIFT,
    PYOP_BITOR,
    PYOP_BITXOR,
    PYOP_BITAND,
    PYOP_FLOORDIV
} pyparse_binop_t;

typedef enum { PYUOP_INVERT, PYUOP_NOT, PYUOP_UADD, PYUOP_USUB } pyparse_unaryop_t;
typedef enum { PYBOOL_AND, PYBOOL_OR } pyparse_boolop_t;
typedef enum {
    PYCMP_EQ,
    PYCMP_NOTEQ,
    PYCMP_LT,
    PYCMP_LTE,
    PYCMP_GT,
    PYCMP_GTE,
    PYCMP_IS,
    PYCMP_ISNOT,
    PYCMP_IN,
    PYCMP_NOTIN
} pyparse_cmpop_t;

typedef enum {
    PYCONST_NONE,
    PYCONST_TRUE,
    PYCONST_FALSE,
    PYCONST_ELLIPSIS,
    PYCONST_INT,     /* str: decimal digits of the magnitude, no sign, no leading zeros */
    PYCONST_FLOAT,   /* d */
    PYCONST_COMPLEX, /* d: the imaginary part (a literal is always 0+dj) */
    PYCONST_STR,     /* str, len: UTF-8 (may hold NUL bytes) */
    PYCONST_BYTES    /* str, len */
} pyparse_const_kind_t;

typedef struct {
    pyparse_const_kind_t kind;
    const char *str;
    size_t len;
    double d;
    const char
        *unsupported; /* non-NULL: the literal uses something we do not decode (e.g. "\\N{...} escape") */
    pyparse_exprs_t fvalues; /* internal: the parts of a 3.10/3.11 f-string literal */
    bool concatenated;       /* 3.12+: adjacent literals made it (_PyPegen_concatenate_strings()) */
} pyparse_const_t;

typedef enum {
    PYEXPR_BOOLOP,
    PYEXPR_NAMEDEXPR,
    PYEXPR_BINOP,
    PYEXPR_UNARYOP,
    PYEXPR_LAMBDA,
    PYEXPR_IFEXP,
    PYEXPR_DICT,
    PYEXPR_SET,
    PYEXPR_LISTCOMP,
    PYEXPR_SETCOMP,
    PYEXPR_DICTCOMP,
    PYEXPR_GENERATOREXP,
    PYEXPR_AWAIT,
    PYEXPR_YIELD,
    PYEXPR_YIELDFROM,
    PYEXPR_COMPARE,
    PYEXPR_CALL,
    PYEXPR_FORMATTEDVALUE,
    PYEXPR_JOINEDSTR,
    PYEXPR_CONSTANT,
    PYEXPR_ATTRIBUTE,
    PYEXPR_SUBSCRIPT,
    PYEXPR_STARRED,
    PYEXPR_NAME,
    PYEXPR_LIST,
    PYEXPR_TUPLE,
    PYEXPR_SLICE,
    PYEXPR_N_KINDS
} pyparse_expr_kind_t;

typedef struct {
    const char *arg; /* NULL for **kwargs */
    pyparse_expr_t *value;
    int lineno, col_offset, end_lineno, end_col_offset;
} pyparse_keyword_t;

typedef struct {
    pyparse_expr_t *target, *iter;
    pyparse_exprs_t ifs;
    int is_async;
} pyparse_comprehension_t;

typedef struct {
    const char *arg;
    pyparse_expr_t *annotation; /* or NULL */
    int lineno, col_offset, end_lineno, end_col_offset;
} pyparse_arg_t;

typedef struct {
    size_t n_posonly, n_args, n_kwonly;
    pyparse_arg_t **posonlyargs, **args, **kwonlyargs;
    pyparse_arg_t *vararg, *kwarg; /* or NULL */
    pyparse_exprs_t defaults;      /* for the last positional parameters */
    pyparse_expr_t **kw_defaults;  /* n_kwonly entries, NULL where none */
} pyparse_arguments_t;

struct pyparse_expr {
    pyparse_expr_kind_t kind;
    int lineno, col_offset, end_lineno, end_col_offset; /* CPython's: byte columns from 0 */
    union {
        struct {
            pyparse_boolop_t op;
            pyparse_exprs_t values;
        } boolop;
        struct {
            pyparse_expr_t *target, *value;
        } namedexpr;
        struct {
            pyparse_expr_t *left;
            pyparse_binop_t op;
            pyparse_expr_t *right;
        } binop;
        struct {
            pyparse_unaryop_t op;
            pyparse_expr_t *operand;
        } unaryop;
        struct {
            pyparse_arguments_t *args;
            pyparse_expr_t *body;
        } lambda;
        struct {
            pyparse_expr_t *test, *body, *orelse;
        } ifexp;
        struct {
            pyparse_exprs_t keys, values;
        } dict; /* a NULL key is **value */
        struct {
            pyparse_exprs_t elts;
        } set;
        struct {
            pyparse_expr_t *elt, *value; /* value: DictComp only (elt is the key) */
            size_t n_generators;
            pyparse_comprehension_t **generators;
        } comp;
        struct {
            pyparse_expr_t *value;
        } await, yield, yieldfrom; /* yield value may be NULL */
        struct {
            pyparse_expr_t *left;
            size_t n;
            pyparse_cmpop_t *ops;
            pyparse_expr_t **comparators;
        } compare;
        struct {
            pyparse_expr_t *func;
            pyparse_exprs_t args;
            size_t n_keywords;
            pyparse_keyword_t **keywords;
        } call;
        struct {
            pyparse_expr_t *value;
            int conversion;
            pyparse_expr_t *format_spec;
        } formattedvalue;
        struct {
            pyparse_exprs_t values;
        } joinedstr;
        pyparse_const_t constant;
        struct {
            pyparse_expr_t *value;
            const char *attr;
            pyparse_ctx_t ctx;
        } attribute;
        struct {
            pyparse_expr_t *value, *slice;
            pyparse_ctx_t ctx;
        } subscript;
        struct {
            pyparse_expr_t *value;
            pyparse_ctx_t ctx;
        } starred;
        struct {
            const char *id;
            pyparse_ctx_t ctx;
        } name;
        struct {
            pyparse_exprs_t elts;
            pyparse_ctx_t ctx;
        } list, tuple;
        struct {
            pyparse_expr_t *lower, *upper, *step;
        } slice;
    } v;
};

typedef enum {
    PYSTMT_FUNCTIONDEF,
    PYSTMT_ASYNCFUNCTIONDEF,
    PYSTMT_CLASSDEF,
    PYSTMT_RETURN,
    PYSTMT_DELETE,
    PYSTMT_ASSIGN,
    PYSTMT_TYPEALIAS,
    PYSTMT_AUGASSIGN,
    PYSTMT_ANNASSIGN,
    PYSTMT_FOR,
    PYSTMT_ASYNCFOR,
    PYSTMT_WHILE,
    PYSTMT_IF,
    PYSTMT_WITH,
    PYSTMT_ASYNCWITH,
    PYSTMT_MATCH,
    PYSTMT_RAISE,
    PYSTMT_TRY,
    PYSTMT_TRYSTAR,
    PYSTMT_ASSERT,
    PYSTMT_IMPORT,
    PYSTMT_IMPORTFROM,
    PYSTMT_GLOBAL,
    PYSTMT_NONLOCAL,
    PYSTMT_EXPR,
    PYSTMT_PASS,
    PYSTMT_BREAK,
    PYSTMT_CONTINUE,
    PYSTMT_N_KINDS
} pyparse_stmt_kind_t;

typedef enum { PYTP_TYPEVAR, PYTP_TYPEVARTUPLE, PYTP_PARAMSPEC } pyparse_type_param_kind_t;

/* A PEP 695 type parameter (3.12+): T, T: bound, *Ts, **P, and 3.13's "= default". */
typedef struct {
    pyparse_type_param_kind_t kind;
    const char *name;
    pyparse_expr_t *bound;         /* TypeVar only; or NULL */
    pyparse_expr_t *default_value; /* or NULL */
    int lineno, col_offset, end_lineno, end_col_offset;
} pyparse_type_param_t;

typedef struct {
    size_t n;
    pyparse_type_param_t **items;
} pyparse_type_params_t;

typedef struct {
    pyparse_expr_t *type; /* or NULL (bare except) */
    const char *name;     /* or NULL */
    pyparse_stmts_t body;
    int lineno, col_offset, end_lineno, end_col_offset;
} pyparse_excepthandler_t;

typedef enum {
    PYPAT_VALUE,
    PYPAT_SINGLETON,
    PYPAT_SEQUENCE,
    PYPAT_MAPPING,
    PYPAT_CLASS,
    PYPAT_STAR,
    PYPAT_AS,
    PYPAT_OR
} pyparse_pattern_kind_t;

typedef struct pyparse_pattern pyparse_pattern_t;

typedef struct {
    size_t n;
    pyparse_pattern_t **items;
} pyparse_patterns_t;

/* A match-statement pattern (Python.asdl's pattern). */
struct pyparse_pattern {
    pyparse_pattern_kind_t kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    pyparse_expr_t *value;       /* Value: the expression; Singleton: its Constant; Class: the class */
    pyparse_patterns_t patterns; /* Sequence, Or; Mapping: the values; Class: positional */
    pyparse_exprs_t keys;        /* Mapping */
    size_t n_kwd;                /* Class: keyword sub-patterns */
    const char **kwd_attrs;
    pyparse_pattern_t **kwd_patterns;
    const char *name;           /* As, Star: the capture (NULL for _); Mapping: **rest or NULL */
    pyparse_pattern_t *pattern; /* As: the pattern before 'as', or NULL */
};

typedef struct {
    pyparse_pattern_t *pattern;
    pyparse_expr_t *guard; /* or NULL */
    pyparse_stmts_t body;
} pyparse_match_case_t;

typedef struct {
    const char *name;   /* dotted for Import; "*" for a star import */
    const char *asname; /* or NULL */
    int lineno, col_offset, end_lineno, end_col_offset;
} pyparse_alias_t;

struct pyparse_stmt {
    pyparse_stmt_kind_t kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    /* The statement's text: bytes [src_start, src_end) of pyparse_result_t.source. */
    size_t src_start, src_end;
    union {
        struct {
            const char *name;
            pyparse_arguments_t *args;
            pyparse_stmts_t body;
            pyparse_exprs_t decorator_list;
            pyparse_expr_t *returns;
            pyparse_type_params_t type_params;
        } functiondef;
        struct {
            const char *name;
            pyparse_exprs_t bases;
            size_t n_keywords;
            pyparse_keyword_t **keywords;
            pyparse_stmts_t body;
            pyparse_exprs_t decorator_list;
            pyparse_type_params_t type_params;
        } classdef;
        struct {
            pyparse_expr_t *value;
        } return_, expr; /* return value may be NULL */
        struct {
            pyparse_exprs_t targets;
        } delete_;
        struct {
            pyparse_exprs_t targets;
            pyparse_expr_t *value;
        } assign;
        struct {
            pyparse_expr_t *name, *value;
            pyparse_type_params_t type_params;
        } typealias;
        struct {
            pyparse_expr_t *target;
            pyparse_binop_t op;
            pyparse_expr_t *value;
        } augassign;
        struct {
            pyparse_expr_t *target, *annotation, *value;
            int simple;
        } annassign;
        struct {
            pyparse_expr_t *target, *iter;
            pyparse_stmts_t body, orelse;
        } for_;
        struct {
            pyparse_expr_t *test;
            pyparse_stmts_t body, orelse;
        } while_, if_;
        struct {
            size_t n_items;
            pyparse_expr_t **context_exprs, **optional_vars;
            pyparse_stmts_t body;
        } with;
        struct {
            pyparse_expr_t *subject;
            size_t n_cases;
            pyparse_match_case_t **cases;
        } match;
        struct {
            pyparse_expr_t *exc, *cause;
        } raise;
        struct {
            pyparse_stmts_t body, orelse, finalbody;
            size_t n_handlers;
            pyparse_excepthandler_t **handlers;
        } try_;
        struct {
            pyparse_expr_t *test, *msg;
        } assert_;
        struct {
            size_t n;
            pyparse_alias_t **names;
            const char *module;
            int level;
        } import; /* module: ImportFrom */
        struct {
            size_t n;
            const char **names;
        } global, nonlocal;
    } v;
};

typedef struct {
    pyparse_status_t status;
    int version;
    pyparse_error_t error;  /* status != PYPARSE_OK */
    pyparse_stmts_t module; /* status == PYPARSE_OK */
    const char *source;     /* the decoded, newline-translated text the spans index */
    size_t source_len;
    size_t cost; /* bytes of parser memory the parse took (nodes, tokens, memo) */
    struct pyparse_arena *arena;
} pyparse_result_t;

/*
 * Parses src (len bytes) as CPython <version> (310, 311, 312 or 313) would
 * compile it in "exec" mode. flags: PYPARSE_BYTES or 0. Never returns NULL
 * except when the result itself cannot be allocated; an unknown version
 * gives PYPARSE_UNSUPPORTED.
 */
pyparse_result_t *pyparse(const char *src, size_t len, int version, int flags);
/*
 * pyparse() with at most max_bytes (capped at PYPARSE_MAX_ARENA) of parser
 * memory: a request's budget. Past it the result is PYPARSE_LIMIT and says
 * nothing of the source (CPython would go on). Time follows memory: about
 * 10 ns of parsing per byte on this project's machine, so the bound on bytes
 * bounds the parse's time too. The fast path's attempt and the two-pass
 * parse each get max_bytes; cost counts both.
 */
pyparse_result_t *pyparse_bounded(const char *src, size_t len, int version, int flags, size_t max_bytes);
void pyparse_free(pyparse_result_t *r);

/* The first construct outside the subset heapd executes, in source order. */
typedef struct {
    const char *construct; /* e.g. "For", "Lambda", "f-string", "decorator"; NULL when all is supported */
    int lineno;
} pyparse_unsupported_t;
pyparse_unsupported_t pyparse_first_unsupported(const pyparse_result_t *r);

/* Names of node kinds, as in Python.asdl ("Assign", "Call", ...). */
const char *pyparse_stmt_kind_name(pyparse_stmt_kind_t k);
const char *pyparse_expr_kind_name(pyparse_expr_kind_t k);

/* Whether the n bytes at s are one of the (hard) keywords of 3.10 .. 3.13. */
bool pyparse_is_keyword(const char *s, size_t n);
/* str.isidentifier() of a UTF-8 text under CPython 3.<minor>'s Unicode
 * (PyUnicode_IsIdentifier(): what type_new asks of a slot name). */
bool pyparse_is_identifier(const char *text, int minor);

#endif
