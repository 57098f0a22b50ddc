/*
 * pyparse.c — the parser's driver: token buffer, memo, error reporting and
 * the two-pass run, mirroring CPython's Parser/pegen.c and
 * Parser/pegen_errors.c (3.10 .. 3.13). The grammar itself is in
 * pyparse_gram.c.
 *
 * How CPython reports a syntax error, which this file reproduces:
 *   1. the first pass parses without the "invalid_" rules; tokens are read
 *      lazily, so a tokenizer error surfaces only when a rule asks for the
 *      token that causes it;
 *   2. if it fails, a second pass re-runs the grammar with the invalid_
 *      rules, which raise the specialised messages;
 *   3. if none did, the error is "invalid syntax" at the last token the
 *      first pass read, unless the tokenizer finds an earlier unclosed
 *      bracket or any error of its own in the rest of the source.
 */
#include "pyparse_int.h"
#include "blockpool.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Arena                                                                */
/* ------------------------------------------------------------------ */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
} chunk_t;

struct pyparse_arena {
    chunk_t *head;
    size_t total, limit;
    bool limited; /* an allocation was refused for the limit (not by malloc) */
};

/* The chunks of the usual size arenas let go of, kept for the next parse
 * (as jarena.c keeps the answers' blocks): a fresh chunk costs its page
 * faults again, about a tenth of parsing a source of simple statements.
 * At most ARENA_KEEP (4 MiB), shared by the workers. */
#define ARENA_CHUNK ((size_t)65536)
#define ARENA_KEEP 64
static blockpool_t kept = BLOCKPOOL_INIT(ARENA_KEEP);

static void chunk_release(chunk_t *c)
{
    if (c->cap != ARENA_CHUNK || !blockpool_keep(&kept, c))
        free(c);
}

static chunk_t *chunk_get(size_t cap)
{
    chunk_t *c = cap == ARENA_CHUNK ? blockpool_take(&kept) : NULL;
    return c ? c : malloc(sizeof(chunk_t) + cap);
}

pyparse_arena_t *pyparse_arena_new(size_t limit)
{
    pyparse_arena_t *a = calloc(1, sizeof *a);
    if (a)
        a->limit = limit;
    return a;
}

void pyparse_arena_free(pyparse_arena_t *a)
{
    if (!a)
        return;
    chunk_t *c = a->head;
    while (c) {
        chunk_t *n = c->next;
        chunk_release(c);
        c = n;
    }
    free(a);
}

void *pyparse_arena_alloc(pyparse_arena_t *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    chunk_t *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        if (a->total + cap > a->limit) {
            a->limited = true;
            return NULL;
        }
        c = chunk_get(cap);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
        a->total += cap;
    }
    void *r = (char *)c->data + c->used;
    c->used += n;
    memset(r, 0, n);
    return r;
}

char *pyparse_arena_strndup(pyparse_arena_t *a, const char *s, size_t n)
{
    char *r = pyparse_arena_alloc(a, n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* Errors (pegen_errors.c)                                              */
/* ------------------------------------------------------------------ */

void pp_set_unsupported(parser_t *p, const char *what)
{
    if (p->unsupported)
        return;
    p->unsupported = what;
    int at = p->mark > 0 ? p->mark - 1 : p->fill - 1;
    p->unsupported_line = at >= 0 && at < p->fill ? p->tokens[at]->lineno : 0;
}

void pp_nomem(parser_t *p)
{
    p->nomem = 1;
    p->error_indicator = 1;
    p->err.set = 1;
    p->err.type = "MemoryError";
    p->err.msg[0] = '\0';
    p->err.lineno = p->err.offset = p->err.end_lineno = p->err.end_offset = PYPARSE_NONE;
    p->err.from_tokenizer = 0;
}

/*
 * Mirrors _PyPegen_byte_offset_to_character_offset(): the error line is
 * decoded with errors="replace", re-encoded, and its first col bytes counted
 * as characters (one past the end counts the terminator, as CPython does).
 */
static int byte_offset_to_character_offset(const char *line, size_t len, int col)
{
    /* Re-encode replacements: each invalid stretch becomes U+FFFD (3 bytes). */
    size_t cap = len * 3 + 1, o = 0;
    char *u = malloc(cap);
    if (!u)
        return col;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        int k = pylex_utf8_decode((const unsigned char *)line + i, len - i, &cp);
        if (k > 0) {
            memcpy(u + o, line + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        } else {
            /* One U+FFFD for the stretch CPython's decoder replaces. */
            const char *why;
            i += pylex_utf8_error((const unsigned char *)line + i, len - i, &why);
            memcpy(u + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
    }
    u[o] = '\0';
    size_t ulen = strlen(u);
    int res;
    if (col < 0) {
        res = col;
    } else if ((size_t)col > ulen) {
        res = pylex_char_count(u, ulen) + 1;
    } else {
        res = pylex_char_count(u, (size_t)col);
    }
    free(u);
    return res;
}

/*
 * Mirrors _PyPegen_raise_error_known_location(): sets the exception with
 * positions converted to characters when the tokenizer knows its encoding.
 * col and end_col are 1-based bytes (or CURRENT_POS, or -1 / 0 as given).
 */
static void *vraise_known(parser_t *p, const char *type, int lineno, int col, int end_lineno, int end_col,
                          const char *fmt, va_list ap)
{
    pylex_t *lx = &p->lx;
    /* 3.13: an error already raised is kept (3.10-3.12 replace it). */
    if (p->prof->minor >= 13 && p->error_indicator && p->err.set)
        return NULL;
    p->error_indicator = 1;
    if (end_lineno == CURRENT_POS)
        end_lineno = lx->lineno;
    if (end_col == CURRENT_POS)
        end_col = (int)(lx->cur - lx->line_start);
    if (p->fstring_input) {
        col -= p->starting_col_offset;
        end_col -= p->starting_col_offset;
    }

    /* The error line: the tokenizer's buffer when the error is on or after its
       line, else that line of the source. */
    const char *line;
    size_t line_len;
    if (lx->lineno <= lineno && lx->inp > lx->buf) {
        line = lx->buf;
        line_len = (size_t)(lx->inp - lx->buf);
    } else {
        line = lx->str;
        for (int i = 0; i < lineno - 1; i++) {
            const char *nl = strchr(line, '\n');
            if (!nl || !nl[1])
                break;
            line = nl + 1;
        }
        const char *nl = strchr(line, '\n');
        line_len = nl ? (size_t)(nl - line) : strlen(line);
    }
    int col_number = col, end_col_number = end_col;
    if (lx->encoding_declared) {
        col_number = byte_offset_to_character_offset(line, line_len, col);
        if (end_col_number > 0)
            end_col_number = byte_offset_to_character_offset(line, line_len, end_col_number);
    }
    p->err.set = 1;
    p->err.type = type;
    if (p->fstring_input) {
        char tmp[sizeof p->err.msg];
        vsnprintf(tmp, sizeof tmp, fmt, ap);
        snprintf(p->err.msg, sizeof p->err.msg, "f-string: %.490s", tmp);
    } else {
        vsnprintf(p->err.msg, sizeof p->err.msg, fmt, ap);
    }
    p->err.lineno = lineno;
    p->err.offset = col_number;
    p->err.end_lineno = end_lineno;
    p->err.end_offset = end_col_number;
    p->err.from_tokenizer = 0;
    return NULL;
}

void *pp_raise_known(parser_t *p, const char *type, int lineno, int col, int end_lineno, int end_col,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vraise_known(p, type, lineno, col, end_lineno, end_col, fmt, ap);
    va_end(ap);
    return NULL;
}

/* Mirrors _PyPegen_raise_error(): the location is the last token read (or,
   with use_mark, the token at the mark). */
void *pp_raise(parser_t *p, const char *type, int use_mark, const char *fmt, ...)
{
    va_list ap;
    if (p->prof->minor >= 13 && p->error_indicator && p->err.set)
        return NULL;
    va_start(ap, fmt);
    if (p->fill == 0) {
        vraise_known(p, type, 0, 0, 0, -1, fmt, ap);
        va_end(ap);
        return NULL;
    }
    if (use_mark && p->mark == p->fill && pp_fill_token(p) < 0) {
        p->error_indicator = 1;
        va_end(ap);
        return NULL;
    }
    ptoken_t *t = p->known_err_token ? p->known_err_token : p->tokens[use_mark ? p->mark : p->fill - 1];
    int col, end_col = -1;
    if (t->col_offset == -1) {
        if (p->lx.cur == p->lx.buf)
            col = 0;
        else
            col = (int)(p->lx.cur - p->lx.line_start);
    } else {
        col = t->col_offset + 1;
    }
    if (t->end_col_offset != -1)
        end_col = t->end_col_offset + 1;
    vraise_known(p, type, t->lineno, col, t->end_lineno, end_col, fmt, ap);
    va_end(ap);
    return NULL;
}

/* Copies the tokenizer's own SyntaxError into the parser's exception. */
static void take_lexer_error(parser_t *p)
{
    p->err.set = 1;
    p->err.type = "SyntaxError";
    snprintf(p->err.msg, sizeof p->err.msg, "%s", p->lx.err.msg);
    p->err.lineno = p->lx.err.lineno;
    p->err.offset = p->lx.err.offset;
    p->err.end_lineno = p->lx.err.end_lineno;
    p->err.end_offset = p->lx.err.end_offset;
    p->err.from_tokenizer = 1;
    p->error_indicator = 1;
}

/* Mirrors raise_unclosed_parentheses_error(). */
static void raise_unclosed_parentheses_error(parser_t *p)
{
    int lineno = p->lx.parenlinenostack[p->lx.level - 1];
    int col = p->lx.parencolstack[p->lx.level - 1];
    RAISE_ERROR_KNOWN_LOCATION(p, "SyntaxError", lineno, col, lineno, -1, "'%c' was never closed",
                               p->lx.parenstack[p->lx.level - 1]);
}

/* Mirrors _Pypegen_tokenizer_error(): turns tok->done into the exception. */
static int tokenizer_error(parser_t *p)
{
    if (p->lx.err.set) {
        take_lexer_error(p);
        return -1;
    }
    const char *msg;
    const char *type = "SyntaxError";
    int col_offset = -1;
    switch (p->lx.done) {
    case PYLEX_E_TOKEN: msg = "invalid token"; break;
    case PYLEX_E_EOF:
        if (p->lx.level)
            raise_unclosed_parentheses_error(p);
        else
            RAISE_SYNTAX_ERROR("unexpected EOF while parsing");
        return -1;
    case PYLEX_E_DEDENT:
        RAISE_INDENTATION_ERROR("unindent does not match any outer indentation level");
        return -1;
    case PYLEX_E_NOMEM: pp_nomem(p); return -1;
    case PYLEX_E_TABSPACE:
        type = "TabError";
        msg = "inconsistent use of tabs and spaces in indentation";
        break;
    case PYLEX_E_TOODEEP:
        type = "IndentationError";
        msg = "too many levels of indentation";
        break;
    case PYLEX_E_LINECONT:
        col_offset = (int)(p->lx.cur - p->lx.buf - 1);
        msg = "unexpected character after line continuation character";
        break;
    default: msg = "unknown parsing error";
    }
    RAISE_ERROR_KNOWN_LOCATION(p, type, p->lx.lineno, col_offset >= 0 ? col_offset : 0, p->lx.lineno, -1,
                               "%s", msg);
    return -1;
}

/*
 * The UnicodeDecodeError verify_identifier() leaves pending for a name that
 * is not UTF-8: PyUnicode_DecodeUTF8() of the name alone, so positions count
 * from its first byte (UnicodeDecodeError.__str__ without the codec).
 */
static void decode_error_reason(const char *text, size_t n, char *reason, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        int k = pylex_utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            break;
        i += (size_t)k;
    }
    const char *why;
    size_t bad = pylex_utf8_error(s + i, n - i, &why);
    if (bad <= 1)
        snprintf(reason, size, "byte 0x%02x in position %zu: %s", i < n ? s[i] : 0, i, why);
    else
        snprintf(reason, size, "bytes in position %zu-%zu: %s", i, i + bad - 1, why);
}

/* Mirrors _Pypegen_raise_decode_error(): the pending UnicodeDecodeError as a SyntaxError. */
static int raise_decode_error(parser_t *p)
{
    char reason[96];
    decode_error_reason(p->lx.start, (size_t)(p->lx.cur - p->lx.start), reason, sizeof reason);
    RAISE_SYNTAX_ERROR("(unicode error) 'utf-8' codec can't decode %s", reason);
    return -1;
}

/*
 * The pending UnicodeDecodeError itself, when nothing converts it: what
 * _PyPegen_tokenize_full_source_to_check_for_errors() leaves raised (no
 * location) once its tokenizer meets a name that is not UTF-8.
 */
static void set_decode_error(parser_t *p, const char *text, size_t n, int from_tokenizer)
{
    char reason[96];
    decode_error_reason(text, n, reason, sizeof reason);
    p->err.set = 1;
    p->err.type = "UnicodeDecodeError";
    snprintf(p->err.msg, sizeof p->err.msg, "'utf-8' codec can't decode %s", reason);
    p->err.lineno = p->err.offset = p->err.end_lineno = p->err.end_offset = PYPARSE_NONE;
    p->err.from_tokenizer = from_tokenizer;
    p->error_indicator = 1;
}

static void take_decode_error(parser_t *p)
{
    set_decode_error(p, p->lx.start, (size_t)(p->lx.cur - p->lx.start), 1);
}

int pp_fstring_middle_utf8(parser_t *p, const ptoken_t *t)
{
    const unsigned char *s = (const unsigned char *)t->start;
    size_t n = (size_t)(t->end - t->start);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int k = pylex_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            set_decode_error(p, t->start, n, 0);
            return -1;
        }
        i += (size_t)k;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Tokens (pegen.c)                                                     */
/* ------------------------------------------------------------------ */

static const char *const keywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

/* Whether a NAME token holds a code point NFKC normalization changes. */
static bool nfkc_changes(const parser_t *p, const char *start, const char *end)
{
    const unsigned char *s = (const unsigned char *)start;
    size_t n = (size_t)(end - start);
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        unsigned cp;
        int k = pylex_utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return false; /* the lexer has refused it already */
        if (pylex_uni_nfkc_changes(cp, p->prof->minor))
            return true;
        i += (size_t)k;
    }
    return false;
}

/* keywords[]'s run of each first letter, [lo, hi) */
static const struct {
    unsigned char lo, hi;
} keyword_runs[128] = {
    ['F'] = {0, 1},   ['N'] = {1, 2},   ['T'] = {2, 3},   ['a'] = {3, 8},   ['b'] = {8, 9},
    ['c'] = {9, 11},  ['d'] = {11, 13}, ['e'] = {13, 16}, ['f'] = {16, 19}, ['g'] = {19, 20},
    ['i'] = {20, 24}, ['l'] = {24, 25}, ['n'] = {25, 27}, ['o'] = {27, 28}, ['p'] = {28, 29},
    ['r'] = {29, 31}, ['t'] = {31, 32}, ['w'] = {32, 34}, ['y'] = {34, 35}};

/* Mirrors _get_keyword_or_name_type(); keywords are 2 to 8 ASCII letters,
 * so nearly every name is turned away by its length or first letter, the
 * rest after the few keywords of that letter. */
static int keyword_type(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (n < 2 || n > 8 || c >= 128)
        return PYTOK_NAME;
    for (unsigned i = keyword_runs[c].lo; i < keyword_runs[c].hi; i++)
        if (strncmp(keywords[i], s, n) == 0 && keywords[i][n] == '\0')
            return KW_FIRST + (int)i;
    return PYTOK_NAME;
}

/* Mirrors _PyPegen_fill_token() and initialize_token(). */
int pp_fill_token(parser_t *p)
{
    pylex_token_t lt;
    int type = pylex_get(&p->lx, &lt);
    if (p->fill == p->size) {
        int newsize = p->size ? p->size * 2 : 256;
        ptoken_t **nt = realloc(p->tokens, (size_t)newsize * sizeof *nt);
        if (!nt) {
            pp_nomem(p);
            return -1;
        }
        p->tokens = nt;
        p->size = newsize;
    }
    ptoken_t *t = pyparse_arena_alloc(p->arena, sizeof *t);
    if (!t) {
        pp_nomem(p);
        return -1;
    }
    p->tokens[p->fill] = t;
    t->type = type == PYTOK_NAME ? keyword_type(lt.start, (size_t)(lt.end - lt.start)) : type;
    if (type == PYTOK_NAME && !p->unsupported && nfkc_changes(p, lt.start, lt.end)) {
        /* _PyPegen_new_identifier() NFKC-normalizes such a name (`ﬁ` binds
         * `fi`); heapd has no normalization tables */
        p->unsupported = "an identifier that NFKC normalization changes";
        p->unsupported_line = lt.lineno;
    }
    t->start = lt.start;
    t->end = lt.end;
    t->level = lt.level;
    t->lineno = lt.lineno;
    t->col_offset = lt.col_offset;
    t->end_lineno = lt.end_lineno;
    t->end_col_offset = lt.end_col_offset;
    if (p->fstring_input && p->lx.lineno == p->starting_lineno) {
        /* initialize_token(): the expression's first line sits inside the f-string. */
        t->col_offset = p->starting_col_offset + lt.col_offset;
        t->end_col_offset = p->starting_col_offset + lt.end_col_offset;
    }
    p->fill += 1;
    if (type == PYTOK_ERRORTOKEN && p->lx.done == PYLEX_E_DECODE)
        return raise_decode_error(p);
    return type == PYTOK_ERRORTOKEN ? tokenizer_error(p) : 0;
}

ptoken_t *pp_peek(parser_t *p)
{
    if (p->mark == p->fill && pp_fill_token(p) < 0) {
        p->error_indicator = 1;
        return NULL;
    }
    return p->tokens[p->mark];
}

/* Mirrors _PyPegen_expect_token(). */
ptoken_t *pp_expect(parser_t *p, int type)
{
    ptoken_t *t = pp_peek(p);
    if (!t || t->type != type)
        return NULL;
    p->mark += 1;
    return t;
}

/* Mirrors _PyPegen_expect_forced_token(): '&&x' fails loudly. */
ptoken_t *pp_expect_forced(parser_t *p, int type, const char *expected)
{
    if (p->error_indicator)
        return NULL;
    ptoken_t *t = pp_peek(p);
    if (!t)
        return NULL;
    if (t->type != type) {
        RAISE_SYNTAX_ERROR_KNOWN_LOCATION(t, "expected '%s'", expected);
        return NULL;
    }
    p->mark += 1;
    return t;
}

/* Mirrors _PyPegen_is_memoized(): note it reads the token at the mark. */
int pp_memo_get(parser_t *p, int type, void *pres)
{
    if (p->mark == p->fill && pp_fill_token(p) < 0) {
        p->error_indicator = 1;
        return -1;
    }
    for (memo_t *m = p->tokens[p->mark]->memo; m; m = m->next) {
        if (m->type == type) {
            p->mark = m->mark;
            *(void **)pres = m->node;
            return 1;
        }
    }
    return 0;
}

int pp_memo_put(parser_t *p, int mark, int type, void *node)
{
    memo_t *m = p->memo_free;
    if (m)
        p->memo_free = m->next;
    else
        m = pyparse_arena_alloc(p->arena, sizeof *m);
    if (!m) {
        pp_nomem(p);
        return -1;
    }
    m->type = type;
    m->node = node;
    m->mark = p->mark;
    m->next = p->tokens[mark]->memo;
    p->tokens[mark]->memo = m;
    return 0;
}

int pp_memo_update(parser_t *p, int mark, int type, void *node)
{
    for (memo_t *m = p->tokens[mark]->memo; m; m = m->next) {
        if (m->type == type) {
            m->node = node;
            m->mark = p->mark;
            return 0;
        }
    }
    return pp_memo_put(p, mark, type, node);
}

/* Mirrors _Pypegen_stack_overflow(). */
void pp_stack_overflow(parser_t *p)
{
    p->error_indicator = 1;
    p->err.set = 1;
    p->err.type = "MemoryError";
    snprintf(p->err.msg, sizeof p->err.msg, "%s",
             p->prof->minor >= 12 ? "Parser stack overflowed - Python source too complex to parse" : "");
    p->err.lineno = p->err.offset = p->err.end_lineno = p->err.end_offset = PYPARSE_NONE;
    p->err.from_tokenizer = 0;
}

/* ------------------------------------------------------------------ */
/* The run (pegen.c _PyPegen_run_parser)                                */
/* ------------------------------------------------------------------ */

static int is_syntax_error_family(const char *type)
{
    return strcmp(type, "SyntaxError") == 0 || strcmp(type, "IndentationError") == 0 ||
           strcmp(type, "TabError") == 0;
}

/*
 * Mirrors _PyPegen_tokenize_full_source_to_check_for_errors(): reads the rest
 * of the source; a tokenizer error anywhere, or a bracket left open on a line
 * before the error's, replaces the error found so far.
 */
static void tokenize_full_source_to_check_for_errors(parser_t *p)
{
    pp_exc_t saved = p->err;
    ptoken_t *current = p->known_err_token ? p->known_err_token : p->tokens[p->fill - 1];
    int current_err_line = current->lineno;
    p->err.set = 0;
    int raised = 0, decode = 0;
    for (;;) {
        pylex_token_t t;
        int type = pylex_get(&p->lx, &t);
        if (type == PYTOK_ERRORTOKEN) {
            /* a name that is not UTF-8 leaves its UnicodeDecodeError raised (PyErr_Occurred()) */
            decode = !p->lx.err.set && p->lx.done == PYLEX_E_DECODE;
            if ((p->lx.err.set || decode) && p->prof->full_tokenize_lexer_first) {
                raised = 1;
                break;
            }
            if (p->lx.level != 0) {
                int error_lineno = p->lx.parenlinenostack[p->lx.level - 1];
                if (current_err_line > error_lineno) {
                    raise_unclosed_parentheses_error(p);
                    raised = 2;
                    break;
                }
            }
            if (p->lx.err.set || decode)
                raised = 1;
            break;
        }
        if (type == PYTOK_ENDMARKER)
            break;
    }
    int keep_new = raised && !(p->prof->fstring_tokens && p->lx.mode_index > 0);
    if (keep_new && raised == 1 && decode) {
        take_decode_error(p);
    } else if (keep_new && raised == 1) {
        take_lexer_error(p);
    } else if (!keep_new) {
        p->err = saved;
    }
}

/* Mirrors _Pypegen_set_syntax_error(). */
static void set_syntax_error(parser_t *p, ptoken_t *last_token)
{
    if (p->err.set) {
        int is_tok_ok = p->lx.done == PYLEX_E_DONE || p->lx.done == PYLEX_E_OK;
        if (is_tok_ok && is_syntax_error_family(p->err.type))
            tokenize_full_source_to_check_for_errors(p);
        return;
    }
    if (p->fill == 0)
        RAISE_SYNTAX_ERROR("error at start before reading any input");
    if (last_token->type == PYTOK_ERRORTOKEN && p->lx.done == PYLEX_E_EOF) {
        if (p->lx.level)
            raise_unclosed_parentheses_error(p);
        else
            RAISE_SYNTAX_ERROR("unexpected EOF while parsing");
        return;
    }
    if (last_token->type == PYTOK_INDENT || last_token->type == PYTOK_DEDENT) {
        RAISE_INDENTATION_ERROR(last_token->type == PYTOK_INDENT ? "unexpected indent"
                                                                 : "unexpected unindent");
        return;
    }
    RAISE_SYNTAX_ERROR_KNOWN_LOCATION(last_token, "invalid syntax");
    tokenize_full_source_to_check_for_errors(p);
}

/* Mirrors reset_parser_state_for_error_pass(): the error indicator stays. */
static void reset_for_error_pass(parser_t *p)
{
    for (int i = 0; i < p->fill; i++)
        p->tokens[i]->memo = NULL;
    p->mark = 0;
    p->call_invalid_rules = 1;
}

/* Runs the start rule: the file, or (sub-parsers) one f-string expression. */
static void *start_rule(parser_t *p, int *ok)
{
    if (p->fstring_input)
        return pp_fstring_rule(p, ok);
    return pp_file_rule(p, ok);
}

/* Mirrors _PyPegen_run_parser(): a first pass, then the error pass. */
static void *run_parser(parser_t *p)
{
    int ok = 0;
    void *res = start_rule(p, &ok);
    if (ok)
        return res;
    if (p->err.set && !is_syntax_error_family(p->err.type))
        return NULL;
    if (p->fill == 0)
        pp_fill_token(p);
    ptoken_t *last_token = p->tokens[p->fill - 1];
    reset_for_error_pass(p);
    start_rule(p, &ok);
    if (p->err.set && !is_syntax_error_family(p->err.type))
        return NULL;
    set_syntax_error(p, last_token);
    return NULL;
}

pyparse_expr_t *pp_parse_fstring_expr(parser_t *outer, const char *text, size_t len, int lineno,
                                      int col_offset)
{
    parser_t *p = calloc(1, sizeof *p);
    char *src = malloc(len + 3);
    if (!p || !src) {
        free(p);
        free(src);
        pp_nomem(outer);
        return NULL;
    }
    /* The parentheses allow leading whitespace: the text parses as a group. */
    src[0] = '(';
    memcpy(src + 1, text, len);
    src[len + 1] = ')';
    p->prof = outer->prof;
    p->arena = outer->arena;
    p->fstring_input = 1;
    p->starting_lineno = lineno;
    p->starting_col_offset = col_offset;
    pyparse_expr_t *e = NULL;
    if (pylex_init(&p->lx, src, len + 2, 0, p->prof) < 0) {
        pp_nomem(outer);
    } else {
        p->lx.lineno = lineno - 1;
        e = run_parser(p);
        if (!e) {
            outer->err = p->err;
            outer->error_indicator = 1;
            if (p->nomem)
                outer->nomem = 1;
        }
        if (p->unsupported && !outer->unsupported) {
            outer->unsupported = p->unsupported;
            outer->unsupported_line = p->unsupported_line;
        }
    }
    pylex_free(&p->lx);
    free(p->tokens);
    free(p);
    free(src);
    return e;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */
/* ------------------------------------------------------------------ */

static void set_error(pyparse_result_t *r, pyparse_arena_t *a, const char *type, const char *msg, int lineno,
                      int offset, int end_lineno, int end_offset)
{
    r->status = PYPARSE_ERROR;
    r->error.type = type;
    r->error.msg = pyparse_arena_strndup(a, msg, strlen(msg));
    if (!r->error.msg)
        r->error.msg = (char *)"";
    r->error.lineno = lineno;
    r->error.offset = offset;
    r->error.end_lineno = end_lineno;
    r->error.end_offset = end_offset;
}

/* Translates the lexer's "None" marker (-2) for init errors. */
static int none_if(int v)
{
    return v == -2 ? PYPARSE_NONE : v;
}

static pyparse_result_t *parse(const char *src, size_t len, int version, int flags, size_t max_bytes);
static size_t arena_total(const pyparse_arena_t *a)
{
    return a->total;
}

pyparse_result_t *pyparse(const char *src, size_t len, int version, int flags)
{
    return pyparse_bounded(src, len, version, flags, PYPARSE_MAX_ARENA);
}

/* The parse as pyparse() does it; past max_bytes of arena, the outcome
 * (whatever error the refused allocation made) is PYPARSE_LIMIT. */
pyparse_result_t *pyparse_bounded(const char *src, size_t len, int version, int flags, size_t max_bytes)
{
    pyparse_result_t *r =
        parse(src, len, version, flags, max_bytes < PYPARSE_MAX_ARENA ? max_bytes : PYPARSE_MAX_ARENA);
    if (r && r->arena) {
        r->cost += r->arena->total; /* and what a failed fast attempt spent */
        if (r->arena->limited) {
            r->status = PYPARSE_LIMIT;
            r->error.type = "MemoryError";
            r->error.msg = (char *)"the source needs more parser memory than the limit";
            r->error.lineno = r->error.offset = r->error.end_lineno = r->error.end_offset = PYPARSE_NONE;
            r->module.n = 0;
            r->module.items = NULL;
        }
    }
    return r;
}

/* The fast path (pp_fast_file_rule()): when it reads the whole source and
 * the compile-time checks pass, its tree is the answer (true); otherwise it
 * leaves nothing but the bytes it spent (*wasted), and the two-pass parse,
 * which alone decides errors, starts from scratch. */
static bool try_fast(pyparse_result_t *r, const char *src, size_t len, int flags,
                     const pyparse_profile_t *prof, size_t max_bytes, size_t *wasted)
{
    pyparse_arena_t *a = pyparse_arena_new(max_bytes);
    parser_t *p = a ? calloc(1, sizeof *p) : NULL;
    if (!p) {
        pyparse_arena_free(a);
        return false;
    }
    p->prof = prof;
    p->arena = a;
    bool ok = false;
    if (pylex_init(&p->lx, src, len, !(flags & PYPARSE_BYTES), prof) == 0) {
        int done = 0;
        pyparse_stmts_t *mod = pp_fast_file_rule(p, &done);
        if (done && mod && !p->unsupported && !p->err.set && !p->error_indicator &&
            pp_check_module(p, mod) == 0 && !p->err.set) {
            size_t slen = strlen(p->lx.str);
            if ((r->source = pyparse_arena_strndup(a, p->lx.str, slen))) {
                r->source_len = slen;
                r->status = PYPARSE_OK;
                r->module = *mod;
                ok = true;
            }
        }
    }
    pylex_free(&p->lx);
    free(p->tokens);
    free(p);
    if (ok) {
        pyparse_arena_free(r->arena);
        r->arena = a;
    } else {
        *wasted += arena_total(a);
        pyparse_arena_free(a);
    }
    return ok;
}

static pyparse_result_t *parse(const char *src, size_t len, int version, int flags, size_t max_bytes)
{
    pyparse_result_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->version = version;
    r->arena = pyparse_arena_new(max_bytes);
    if (!r->arena) {
        free(r);
        return NULL;
    }
    const pyparse_profile_t *prof = pyparse_profile_get(version);
    if (!prof) {
        r->status = PYPARSE_UNSUPPORTED;
        r->error.type = "SyntaxError";
        r->error.msg = (char *)"unsupported Python version";
        return r;
    }
    /* _Py_SourceAsString(): compile() refuses NUL bytes before tokenizing. */
    if (memchr(src, '\0', len)) {
        set_error(r, r->arena, prof->nul_error_type, "source code string cannot contain null bytes",
                  PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE);
        return r;
    }
    if (!(flags & PYPARSE_NO_FAST) && try_fast(r, src, len, flags, prof, max_bytes, &r->cost))
        return r;
    parser_t *p = calloc(1, sizeof *p);
    if (!p) {
        set_error(r, r->arena, "MemoryError", "", PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE);
        return r;
    }
    p->prof = prof;
    p->arena = r->arena;
    if (pylex_init(&p->lx, src, len, !(flags & PYPARSE_BYTES), prof) < 0) {
        if (p->lx.err.set && p->lx.err.unsupported_line > 0) {
            r->status = PYPARSE_UNSUPPORTED;
            r->error.type = "SyntaxError";
            r->error.msg = pyparse_arena_strndup(r->arena, p->lx.err.msg, strlen(p->lx.err.msg));
            r->error.lineno = p->lx.err.unsupported_line; /* the coding cookie's line */
        } else if (p->lx.err.set) {
            set_error(r, r->arena, "SyntaxError", p->lx.err.msg, p->lx.err.lineno, p->lx.err.offset,
                      none_if(p->lx.err.end_lineno), none_if(p->lx.err.end_offset));
        } else {
            set_error(r, r->arena, "MemoryError", "", PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE, PYPARSE_NONE);
        }
        pylex_free(&p->lx);
        free(p);
        return r;
    }
    pyparse_stmts_t *mod = run_parser(p);
    if (p->unsupported) {
        r->status = PYPARSE_UNSUPPORTED;
        r->error.type = "SyntaxError";
        r->error.msg = (char *)p->unsupported;
        r->error.lineno = p->unsupported_line ? p->unsupported_line : PYPARSE_NONE;
    } else if (mod && pp_check_module(p, mod) == 0) {
        r->status = PYPARSE_OK;
        r->module = *mod;
    } else if (p->err.set) {
        set_error(r, r->arena, p->err.type, p->err.msg, p->err.lineno, p->err.offset, p->err.end_lineno,
                  p->err.end_offset);
        if (p->nomem || strcmp(p->err.type, "MemoryError") == 0) {
            r->error.lineno = r->error.offset = r->error.end_lineno = r->error.end_offset = PYPARSE_NONE;
        }
    } else {
        /* A failed parse always raises; keep a trace if it somehow did not. */
        r->status = PYPARSE_UNSUPPORTED;
        r->error.type = "SyntaxError";
        r->error.msg = (char *)"internal error: parse failed without an error";
    }
    size_t slen = strlen(p->lx.str);
    r->source = pyparse_arena_strndup(r->arena, p->lx.str, slen);
    r->source_len = r->source ? slen : 0;
    /* Statement spans were recorded against the lexer's buffer. */
    pylex_free(&p->lx);
    free(p->tokens);
    free(p);
    return r;
}

void pyparse_free(pyparse_result_t *r)
{
    if (!r)
        return;
    pyparse_arena_free(r->arena);
    free(r);
}

bool pyparse_is_keyword(const char *s, size_t n)
{
    return keyword_type(s, n) != PYTOK_NAME;
}

/* Mirrors PyUnicode_IsIdentifier(): XID_Start or '_', then XID_Continue, in
 * the version's Unicode. */
bool pyparse_is_identifier(const char *text, int minor)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int k = pylex_utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return false;
        if (!(i == 0 ? pylex_uni_is_xid_start(cp, minor) || cp == '_' : pylex_uni_is_xid_continue(cp, minor)))
            return false;
        i += (size_t)k;
    }
    return n > 0;
}
