/*
 * pyparse_profile.h — what differs between the CPython versions the Python
 * source parser imitates (3.10 .. 3.13), in one table (pyparse_profile.c).
 *
 * The tokenizer, the grammar and the error reporting read these fields
 * instead of comparing version numbers, so every difference between
 * versions is named once, with the behaviour it selects.
 */
#ifndef HEAPD_PYPARSE_PROFILE_H
#define HEAPD_PYPARSE_PROFILE_H

typedef struct pyparse_profile {
    int version; /* 310 .. 313 */
    int minor;   /* 10 .. 13 */

    /* Exception type of "source code string cannot contain null bytes". */
    const char *nul_error_type;
    /* _PyPegen_formatted_value() of 3.12.1 / 3.13.0: a '=' field nested this
     * many format specs deep in its f-string got no debug text from the
     * tokenizer: ValueError "field 'value' is required for Constant" (0: never). */
    int fstring_debug_spec_depth_valueerror;

    /* Tokenizer. */
    unsigned fstring_tokens : 1;       /* PEP 701: FSTRING_START/MIDDLE/END (3.12+) */
    unsigned offsets_always_chars : 1; /* byte offsets become characters without a declared encoding (3.13) */
    unsigned token_end_at_cursor : 1; /* a token ends where the tokenizer stopped, NEWLINE included (3.12+) */
    unsigned tok_number_end_ascii : 1; /* a number followed by non-ASCII ends (not "invalid decimal literal")
                                          (3.11+) */
    unsigned tok_nonprintable : 1;     /* "invalid non-printable character" for ASCII controls (3.11+) */
    unsigned tok_escaped_quote_hint : 1; /* "...; perhaps you escaped the end quote?" (3.13) */
    unsigned
        tok_crlf_eof_newline : 1; /* a final "\r\n" gets one more "\n" (3.10, 3.11 translate_newlines()) */
    unsigned full_tokenize_lexer_first : 1; /* a later tokenizer error beats an unclosed bracket (3.11+) */

    /* Grammar (Grammar/python.gram): alternatives that exist in some versions only. */
    unsigned g_type_params : 1;    /* PEP 695: type_params, "type" statements (3.12+) */
    unsigned g_invalid_import : 1; /* invalid_import: "Did you mean to use 'from ... import ...'" (3.12+) */
    unsigned g_invalid_starred_expression : 1; /* "cannot assign to iterable argument unpacking" (3.12+) */
    unsigned g_kwarg_unpack_assign : 1;        /* "cannot assign to keyword argument unpacking" (3.12+) */
    unsigned g_expected_arg_value : 1;         /* "expected argument value expression" (3.12+) */
    unsigned g_params_slash_first : 1;         /* invalid_parameters checks '/' before defaults (3.12+) */
    unsigned g_params_full : 1;                /* invalid_parameters beyond "follows default" (3.11+) */
    unsigned g_class_colon_forced : 1;         /* class ... &&':' */
    unsigned g_def_lpar_forced : 1;            /* def NAME &&'(' */
    unsigned g_def_colon_forced : 1;           /* def ... ) &&':' */
    unsigned g_def_forced_in_invalid : 1;  /* those forced tokens live in invalid_def_raw instead (3.13) */
    unsigned g_for_colon_forced : 1;       /* for ... in ... &&':' */
    unsigned g_for_colon_newline : 1;      /* invalid_for_stmt: "expected ':'" alternative */
    unsigned g_class_expected_colon : 1;   /* invalid_class_def_raw: "expected ':'" alternative */
    unsigned g_match_colon_newline : 1;    /* invalid_match_stmt/case_block test NEWLINE (else !':') */
    unsigned g_invalid_star_etc_first : 1; /* star_etc tries invalid_star_etc first (3.11+) */
    unsigned g_star_annotation : 1;        /* PEP 646: *args: *Ts and starred subscripts (3.11+) */
    unsigned g_invalid_kwds : 1;    /* invalid_kwds and the newer invalid_star_etc alternatives (3.11+) */
    unsigned g_invalid_default : 1; /* invalid_default: "expected default value expression" (3.11+) */
    unsigned g_except_star : 1;     /* PEP 654 except* (3.11+) */
    unsigned g_pattern_memo : 1;    /* closed_pattern and star_pattern memoized (3.11+) */
    unsigned g_invalid_named_expression_memo : 1; /* invalid_named_expression memoized */
    unsigned g_type_params_in_invalid_def : 1;    /* invalid_def_raw/class_def_raw accept [type_params] */
    unsigned g_lambda_fstring_middle_only : 1; /* lambda-in-f-string check: FSTRING_MIDDLE only (3.12.1+) */
    unsigned
        g_iterable_unpack_variant : 2; /* invalid_arguments' first alternative: 0 3.10/3.11, 1 3.12, 2 3.13 */
    unsigned g_import_expected_names : 1; /* "Expected one or more names after 'import'" (3.13) */
    unsigned g_not_after_operator : 1;    /* 3.13: invalid_arithmetic/factor, empty type params, bare '*' */
    unsigned g_type_param_defaults : 1;   /* PEP 696 (3.13) */
    unsigned g_for_if_in_expected : 1;    /* "'in' expected after for-loop variables" (3.13) */

    /* String literals. */
    unsigned fstr_expression_required : 1; /* f'{=}': "expression required before '='" (3.11) */
    unsigned string_errors_at_token : 1;   /* escape decoding errors point at the literal (3.12+) */
    unsigned bytes_ascii_at_token : 1; /* "bytes can only contain ASCII..." points at the literal (3.11+) */
    unsigned clean_doc : 1;            /* a unit's docstring goes through _PyCompile_CleanDoc() (3.13+) */

    /* Messages that were reworded between versions. */
    const char *msg_yield_from_outside; /* "'yield' outside function" or (3.13) "'yield from' ..." */
    const char *msg_nondefault_after_default;
    const char *msg_ellipsis; /* how _PyPegen_get_expr_name() names `...` */
    /* PyLong_FromString's limit, "(4300)" or (3.11+) "(4300 digits)" */
    const char *msg_int_max_str_digits;
} pyparse_profile_t;

/* The profile of version (310 .. 313), or NULL when it is not simulated. */
const pyparse_profile_t *pyparse_profile_get(int version);

#endif
