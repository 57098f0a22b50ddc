/*
 * pylex.h — CPython's tokenizer (Parser/tokenizer.c, 3.10 .. 3.13) in C.
 *
 * Internal to the Python-source parser (pyparse.c): the token stream, the
 * tokenizer's own errors and its state (indentation and bracket stacks) are
 * exactly CPython's, because the parser's error messages and positions are
 * derived from them. Version differences come from the pyparse profile.
 *
 * Ownership: a pylex_t owns a private copy of the (decoded, newline-
 * translated) source; tokens point into it and live as long as the lexer.
 */
#ifndef HEAPD_PYLEX_H
#define HEAPD_PYLEX_H

#include <stddef.h>

struct pyparse_profile;

/* Token types, named as in CPython's Grammar/Tokens. */
typedef enum {
    PYTOK_ENDMARKER,
    PYTOK_NAME,
    PYTOK_NUMBER,
    PYTOK_STRING,
    PYTOK_NEWLINE,
    PYTOK_INDENT,
    PYTOK_DEDENT,
    PYTOK_LPAR,
    PYTOK_RPAR,
    PYTOK_LSQB,
    PYTOK_RSQB,
    PYTOK_COLON,
    PYTOK_COMMA,
    PYTOK_SEMI,
    PYTOK_PLUS,
    PYTOK_MINUS,
    PYTOK_STAR,
    PYTOK_SLASH,
    PYTOK_VBAR,
    PYTOK_AMPER,
    PYTOK_LESS,
    PYTOK_GREATER,
    PYTOK_EQUAL,
    PYTOK_DOT,
    PYTOK_PERCENT,
    PYTOK_LBRACE,
    PYTOK_RBRACE,
    PYTOK_EQEQUAL,
    PYTOK_NOTEQUAL,
    PYTOK_LESSEQUAL,
    PYTOK_GREATEREQUAL,
    PYTOK_TILDE,
    PYTOK_CIRCUMFLEX,
    PYTOK_LEFTSHIFT,
    PYTOK_RIGHTSHIFT,
    PYTOK_DOUBLESTAR,
    PYTOK_PLUSEQUAL,
    PYTOK_MINEQUAL,
    PYTOK_STAREQUAL,
    PYTOK_SLASHEQUAL,
    PYTOK_PERCENTEQUAL,
    PYTOK_AMPEREQUAL,
    PYTOK_VBAREQUAL,
    PYTOK_CIRCUMFLEXEQUAL,
    PYTOK_LEFTSHIFTEQUAL,
    PYTOK_RIGHTSHIFTEQUAL,
    PYTOK_DOUBLESTAREQUAL,
    PYTOK_DOUBLESLASH,
    PYTOK_DOUBLESLASHEQUAL,
    PYTOK_AT,
    PYTOK_ATEQUAL,
    PYTOK_RARROW,
    PYTOK_ELLIPSIS,
    PYTOK_COLONEQUAL,
    PYTOK_EXCLAMATION, /* 3.12+: '!' of f-string conversions */
    PYTOK_OP,          /* any other character: the parser rejects it */
    PYTOK_FSTRING_START,
    PYTOK_FSTRING_MIDDLE,
    PYTOK_FSTRING_END,
    PYTOK_ERRORTOKEN,
    PYTOK_N_TYPES
} pylex_type_t;

/* Tokenizer status, CPython's errcode.h (tok->done). */
typedef enum {
    PYLEX_E_OK = 10,
    PYLEX_E_EOF = 11,
    PYLEX_E_TOKEN = 13,
    PYLEX_E_NOMEM = 15,
    PYLEX_E_DONE = 16,
    PYLEX_E_ERROR = 17, /* an error was raised: see pylex_t.err */
    PYLEX_E_TABSPACE = 18,
    PYLEX_E_TOODEEP = 20,
    PYLEX_E_DEDENT = 21,
    PYLEX_E_DECODE = 22,
    PYLEX_E_EOFS = 23,
    PYLEX_E_EOLS = 24,
    PYLEX_E_LINECONT = 25
} pylex_status_t;

/* One token: positions are CPython's (lines from 1, byte columns from 0;
   -1 where CPython has no pointer, e.g. INDENT, DEDENT, ENDMARKER). */
typedef struct {
    int type;
    const char *start, *end; /* NULL when CPython's are */
    int lineno, col_offset, end_lineno, end_col_offset;
    int level; /* bracket depth after the token */
} pylex_token_t;

/* An error the tokenizer raised itself (CPython's syntaxerror()), already in
   the SyntaxError's terms: 1-based character offsets. */
typedef struct {
    int set;
    char msg[160];
    int lineno, offset, end_lineno, end_offset;
    int unsupported_line; /* > 0: not CPython's error: the coding cookie on this line names a
                             codec heapd does not decode */
} pylex_error_t;

#define PYLEX_MAXINDENT 100 /* tokenizer.h MAXINDENT */
#define PYLEX_MAXLEVEL 200  /* tokenizer.h MAXLEVEL */
#define PYLEX_MAXFSTRINGLEVEL 150
#define PYLEX_MAX_EXPR_NESTING 3

/* One f-string being tokenized (3.12+ tokenizer_mode). */
typedef struct {
    int kind; /* 0 regular, 1 f-string */
    int quote, quote_size, raw;
    const char *start, *multi_line_start;
    int line_start;
    int curly_bracket_depth, curly_bracket_expr_start_depth;
    int in_debug;
    int last_expr_end; /* whether the expression part ended (format spec follows) */
} pylex_mode_t;

/* The tokenizer state: field names follow CPython's struct tok_state so the
   code can be read against tokenizer.c line by line. */
typedef struct pylex {
    const struct pyparse_profile *prof;
    char *str;             /* the whole translated input, NUL-terminated */
    const char *buf;       /* start of the current line (or multi-line token) */
    const char *cur, *inp; /* next character; end of the data read so far */
    const char *line_start;
    const char *start; /* start of the current token, or NULL */
    const char *multi_line_start;
    int first_lineno;
    int lineno;
    int done;
    int indent, pendin, atbol, cont_line, level;
    int indstack[PYLEX_MAXINDENT], altindstack[PYLEX_MAXINDENT];
    char parenstack[PYLEX_MAXLEVEL];
    int parenlinenostack[PYLEX_MAXLEVEL], parencolstack[PYLEX_MAXLEVEL];
    int decoding_erred;
    int encoding_declared; /* tok->encoding != NULL: offsets convert to characters */
    pylex_mode_t modes[PYLEX_MAXFSTRINGLEVEL];
    int mode_index;
    pylex_error_t err;
} pylex_t;

/* Sets up lx over src: str_mode mirrors _PyTokenizer_FromUTF8 (compile() of a
   str), otherwise _PyTokenizer_FromString (bytes: BOM and coding cookie).
   Returns 0, or -1 with lx->err set (lineno 0 = CPython's init errors) or
   lx->done == PYLEX_E_NOMEM. */
int pylex_init(pylex_t *lx, const char *src, size_t len, int str_mode, const struct pyparse_profile *prof);
void pylex_free(pylex_t *lx);

/* Produces the next token (CPython's _PyTokenizer_Get). ERRORTOKEN means
   lx->err is set or lx->done says why (CPython's tok->done). */
int pylex_get(pylex_t *lx, pylex_token_t *t);

/* Name of a token type for diagnostics. */
const char *pylex_type_name(int type);

/* Counts the characters CPython's UTF-8 decoder (errors="replace") yields for
   the first n bytes of s: the byte-to-character conversion of SyntaxError
   offsets. */
int pylex_char_count(const char *s, size_t n);

/* Decodes one UTF-8 sequence at s (at most n bytes): its length, or 0 when
   invalid; *cp receives the code point. */
int pylex_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* The invalid stretch at s (n bytes left) under CPython's UTF-8 decoder:
   its length (what one U+FFFD replaces) and *why, the decoder's reason. */
size_t pylex_utf8_error(const unsigned char *s, size_t n, const char **why);

/* Unicode properties per version (pylex_unicode.c, generated). */
int pylex_uni_is_xid_start(unsigned cp, int minor);
int pylex_uni_is_xid_continue(unsigned cp, int minor);
int pylex_uni_is_printable(unsigned cp, int minor);
int pylex_uni_nfkc_changes(unsigned cp, int minor);

#endif
