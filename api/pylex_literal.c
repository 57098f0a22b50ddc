/*
 * pylex_literal.c — the values of NUMBER and STRING tokens, with the errors
 * CPython raises while computing them: parsenumber() in Parser/pegen.c,
 * _PyPegen_parsestr() / _PyPegen_parse_string() in Parser/string_parser.c,
 * and the codecs they call (_PyUnicode_DecodeUnicodeEscapeInternal() and
 * the UTF-8 decoder in Objects/unicodeobject.c, _PyBytes_DecodeEscape() in
 * Objects/bytesobject.c), whose messages and positions reach the user as
 * "(unicode error) ..." and "(value error) ...".
 */
#include "pyparse_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Base 2, 8 and 16 literals of more bits than this (2**14287 > 10**4300) stay
   unconverted ("unsupported", as decimal ones past 4300 digits are): base
   conversion is quadratic and the engine has no use for them. */
#define MAX_DECIMAL_BITS 14287
/* sys.int_info.default_max_str_digits (3.11, and 3.10.7+). */
#define INT_MAX_STR_DIGITS 4300

/* ------------------------------------------------------------------ */
/* Growable byte buffer in the arena                                     */
/* ------------------------------------------------------------------ */

typedef struct {
    parser_t *p;
    char *buf;
    size_t len, cap;
} obuf_t;

static int ob_reserve(obuf_t *o, size_t more)
{
    if (o->len + more + 1 <= o->cap)
        return 0;
    size_t cap = o->cap ? o->cap * 2 : 64;
    while (cap < o->len + more + 1)
        cap *= 2;
    char *n = pp_alloc(o->p, cap);
    if (!n)
        return -1;
    if (o->len)
        memcpy(n, o->buf, o->len);
    o->buf = n;
    o->cap = cap;
    return 0;
}

static int ob_put(obuf_t *o, const void *s, size_t n)
{
    if (ob_reserve(o, n) < 0)
        return -1;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
    return 0;
}

static int ob_putc(obuf_t *o, int c)
{
    char ch = (char)c;
    return ob_put(o, &ch, 1);
}

/* Appends cp as UTF-8; surrogates are kept as their 3-byte forms (a str may hold them). */
static int ob_put_cp(obuf_t *o, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    return ob_put(o, u, n);
}

/* ------------------------------------------------------------------ */
/* Numbers (parsenumber)                                                */
/* ------------------------------------------------------------------ */

/* digits (base 2, 8 or 16) to decimal: multiply-add on little-endian limbs of
 * nine decimal digits, taking as many input digits at a time as fit in 28
 * bits (PyLong_FromString()'s convert_binary() then long_to_decimal_string()
 * do it in two steps; one here: the values converted are at most
 * MAX_DECIMAL_BITS long, a few hundred limbs) */
static char *to_decimal(parser_t *p, const char *digits, size_t n, int base)
{
    const uint32_t limb = 1000000000u;
    int shift = base == 16 ? 4 : base == 8 ? 3 : 1, per = 28 / shift;
    size_t cap = (n * (size_t)shift) / 29 + 2; /* 2**29 < 10**9: a limb holds at least 29 bits */
    uint32_t *dec = calloc(cap, sizeof *dec);
    if (!dec) {
        pp_nomem(p);
        return NULL;
    }
    size_t len = 1;
    for (size_t i = 0; i < n;) {
        uint32_t chunk = 0, mul = 1;
        for (int k = 0; k < per && i < n; k++, i++) {
            int c = digits[i];
            chunk = chunk << shift | (uint32_t)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
            mul <<= shift;
        }
        uint64_t carry = chunk;
        for (size_t k = 0; k < len; k++) {
            uint64_t x = (uint64_t)dec[k] * mul + carry;
            dec[k] = (uint32_t)(x % limb);
            carry = x / limb;
        }
        while (carry) {
            dec[len++] = (uint32_t)(carry % limb);
            carry /= limb;
        }
    }
    char *out = pp_alloc(p, len * 9 + 1);
    if (out) {
        int w = snprintf(out, 10, "%" PRIu32, dec[len - 1]);
        for (size_t k = len - 1; k-- > 0; w += 9)
            snprintf(out + w, 10, "%09" PRIu32, dec[k]);
    }
    free(dec);
    return out;
}

int pylex_parse_number(parser_t *p, const char *s, size_t n, pyparse_const_t *out)
{
    /* Underscores are only separators: drop them first (parsenumber()). */
    char *d = pp_alloc(p, n + 1);
    if (!d)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '_')
            d[m++] = s[i];
    d[m] = '\0';
    memset(out, 0, sizeof *out);
    if (m > 0 && (d[m - 1] == 'j' || d[m - 1] == 'J')) {
        d[m - 1] = '\0';
        out->kind = PYCONST_COMPLEX;
        out->d = strtod(d, NULL);
        return 0;
    }
    if (m >= 2 && d[0] == '0' && strchr("xXoObB", d[1])) {
        int base = (d[1] == 'x' || d[1] == 'X') ? 16 : (d[1] == 'o' || d[1] == 'O') ? 8 : 2;
        const char *digits = d + 2;
        size_t nd = m - 2;
        while (nd > 1 && *digits == '0')
            digits++, nd--;
        out->kind = PYCONST_INT;
        int shift = base == 16 ? 4 : base == 8 ? 3 : 1;
        /* the first digit's value, unsigned (the lexer let only the base's digits through) */
        unsigned first =
            nd ? (unsigned)(digits[0] <= '9' ? digits[0] - '0' : (digits[0] | 32) - 'a' + 10) & 15 : 0;
        size_t bits = nd ? (nd - 1) * (size_t)shift : 0;
        while (first)
            bits++, first >>= 1;
        if (bits > MAX_DECIMAL_BITS) {
            /* past 10**4300, which the subset leaves out: unconverted (the
             * base's letter and digits, equal only for equal literals) */
            out->str = d + 1;
            out->unsupported = "an int literal of more than 4300 digits";
            return 0;
        }
        out->str = to_decimal(p, digits, nd, base);
        return out->str ? 0 : -1;
    }
    if (strpbrk(d, ".eE")) {
        out->kind = PYCONST_FLOAT;
        out->d = strtod(d, NULL);
        return 0;
    }
    const char *digits = d;
    size_t nd = m;
    while (nd > 1 && *digits == '0')
        digits++, nd--;
    if (nd > INT_MAX_STR_DIGITS) {
        /* _PyPegen_number_token(): PyLong_FromString's limit (3.10.7+ too) becomes a SyntaxError
           on the literal's lines, its columns left out (-1: offsets 0) */
        ptoken_t *t = p->tokens[p->mark - 1];
        RAISE_ERROR_KNOWN_LOCATION(p, "SyntaxError", t->lineno, -1, t->end_lineno, -1,
                                   "%s: value has %zu digits; use sys.set_int_max_str_digits() to increase "
                                   "the limit - Consider hexadecimal for huge integer literals to avoid "
                                   "decimal conversion limits.",
                                   p->prof->msg_int_max_str_digits, nd);
        return -1;
    }
    out->kind = PYCONST_INT;
    out->str = digits;
    out->len = nd;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Codec errors                                                         */
/* ------------------------------------------------------------------ */

/* The text of a UnicodeDecodeError (UnicodeDecodeError.__str__). */
static void decode_error(parser_t *p, const char *codec, const unsigned char *buf, size_t start, size_t end,
                         const char *reason)
{
    if (end == start + 1)
        RAISE_SYNTAX_ERROR("(unicode error) '%s' codec can't decode byte 0x%02x in position %zu: %s", codec,
                           buf[start], start, reason);
    else
        RAISE_SYNTAX_ERROR("(unicode error) '%s' codec can't decode bytes in position %zu-%zu: %s", codec,
                           start, end - 1, reason);
}

/* Validates UTF-8 as PyUnicode_DecodeUTF8(s, n, NULL) does: 0 or -1 with the error raised. */
static int check_utf8(parser_t *p, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        int k = pylex_utf8_decode(u + i, n - i, &cp);
        if (k == 0) {
            const char *why;
            size_t bad = pylex_utf8_error(u + i, n - i, &why);
            decode_error(p, "utf-8", u, i, i + bad, why);
            return -1;
        }
        i += (size_t)k;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* str escapes: decode_unicode_with_escapes()                           */
/* ------------------------------------------------------------------ */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Mirrors _PyUnicode_DecodeUnicodeEscapeInternal() over the ASCII buffer
 * decode_unicode_with_escapes() builds: errors carry positions in that buffer.
 */
static int unicode_escape(parser_t *p, const char *buf, size_t len, obuf_t *o, const char **unsupported)
{
    const unsigned char *s = (const unsigned char *)buf, *end = s + len, *starts = s;
    while (s < end) {
        int c = *s++;
        if (c != '\\') {
            if (ob_putc(o, c) < 0)
                return -1;
            continue;
        }
        size_t startinpos = (size_t)(s - 1 - starts);
        const char *message;
        if (s >= end) {
            message = "\\ at end of string";
            goto error;
        }
        c = *s++;
        unsigned ch;
        int count;
        switch (c) {
        case '\n': continue;
        case '\\': ch = '\\'; break;
        case '\'': ch = '\''; break;
        case '\"': ch = '\"'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\014'; break;
        case 't': ch = '\t'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 'v': ch = '\013'; break;
        case 'a': ch = '\007'; break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
            ch = (unsigned)(c - '0');
            if (s < end && '0' <= *s && *s <= '7') {
                ch = (ch << 3) + *s++ - '0';
                if (s < end && '0' <= *s && *s <= '7')
                    ch = (ch << 3) + *s++ - '0';
            }
            break;
        case 'x':
            count = 2;
            message = "truncated \\xXX escape";
            goto hexescape;
        case 'u':
            count = 4;
            message = "truncated \\uXXXX escape";
            goto hexescape;
        case 'U':
            count = 8;
            message = "truncated \\UXXXXXXXX escape";
        hexescape:
            for (ch = 0; count; ++s, --count) {
                if (s >= end)
                    goto error;
                int v = hexval(*s);
                if (v < 0)
                    goto error;
                ch = (ch << 4) + (unsigned)v;
            }
            if (ch > 0x10FFFF) {
                message = "illegal Unicode character";
                goto error;
            }
            break;
        case 'N':
            message = "malformed \\N character escape";
            if (s >= end)
                goto error;
            if (*s == '{') {
                const unsigned char *start = ++s;
                while (s < end && *s != '}')
                    s++;
                if (s >= end)
                    goto error;
                if (s > start) {
                    /* A name: only unicodedata knows whether it exists, but
                     * _getcode() compares it, upper-cased by Py_TOUPPER(),
                     * with names, aliases and the Hangul and CJK names made
                     * of A-Z, 0-9, space and hyphen: any other byte names
                     * no character. */
                    const unsigned char *name_end = s++;
                    for (const unsigned char *q = start; q < name_end; q++)
                        if (!(*q >= 'A' && *q <= 'Z') && !(*q >= 'a' && *q <= 'z') &&
                            !(*q >= '0' && *q <= '9') && *q != ' ' && *q != '-') {
                            message = "unknown Unicode character name";
                            goto error;
                        }
                    *unsupported = "\\N{...} escape";
                    if (ob_put(o, "?", 1) < 0)
                        return -1;
                    continue;
                }
            }
            goto error;
        default:
            /* An invalid escape stays as written (a warning in CPython). */
            if (ob_putc(o, '\\') < 0 || ob_putc(o, c) < 0)
                return -1;
            continue;
        }
        if (ob_put_cp(o, ch) < 0)
            return -1;
        continue;
    error:
        decode_error(p, "unicodeescape", starts, startinpos, (size_t)(s - starts), message);
        return -1;
    }
    return 0;
}

/* Mirrors decode_unicode_with_escapes(): non-ASCII becomes \UXXXXXXXX first. */
static int decode_str_escapes(parser_t *p, const char *s, size_t len, obuf_t *o, const char **unsupported)
{
    obuf_t t = {p, NULL, 0, 0};
    const char *end = s + len;
    while (s < end) {
        if (*s == '\\') {
            if (ob_putc(&t, *s++) < 0)
                return -1;
            if (s >= end || (*s & 0x80)) {
                if (ob_put(&t, "u005c", 5) < 0)
                    return -1;
                if (s >= end)
                    break;
            }
        }
        if (*s & 0x80) {
            /* decode_utf8(): the run of non-ASCII bytes, positions relative to it */
            const char *run = s;
            while (s < end && (*s & 0x80))
                s++;
            if (check_utf8(p, run, (size_t)(s - run)) < 0)
                return -1;
            const unsigned char *u = (const unsigned char *)run;
            size_t n = (size_t)(s - run), i = 0;
            while (i < n) {
                unsigned cp;
                int k = pylex_utf8_decode(u + i, n - i, &cp);
                char esc[16];
                snprintf(esc, sizeof esc, "\\U%08x", cp);
                if (ob_put(&t, esc, 10) < 0)
                    return -1;
                i += (size_t)k;
            }
        } else {
            if (ob_putc(&t, *s++) < 0)
                return -1;
        }
    }
    return unicode_escape(p, t.buf ? t.buf : "", t.len, o, unsupported);
}

/* ------------------------------------------------------------------ */
/* bytes escapes: _PyBytes_DecodeEscape()                               */
/* ------------------------------------------------------------------ */

static int decode_bytes_escapes(parser_t *p, const char *s, size_t len, obuf_t *o)
{
    const char *end = s + len, *begin = s;
    while (s < end) {
        if (*s != '\\') {
            if (ob_putc(o, *s++) < 0)
                return -1;
            continue;
        }
        s++;
        if (s == end) {
            RAISE_SYNTAX_ERROR("(value error) Trailing \\ in string");
            return -1;
        }
        int c = (unsigned char)*s++;
        switch (c) {
        case '\n': break;
        case '\\': ob_putc(o, '\\'); break;
        case '\'': ob_putc(o, '\''); break;
        case '\"': ob_putc(o, '\"'); break;
        case 'b': ob_putc(o, '\b'); break;
        case 'f': ob_putc(o, '\014'); break;
        case 't': ob_putc(o, '\t'); break;
        case 'n': ob_putc(o, '\n'); break;
        case 'r': ob_putc(o, '\r'); break;
        case 'v': ob_putc(o, '\013'); break;
        case 'a': ob_putc(o, '\007'); break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            int v = c - '0';
            if (s < end && '0' <= *s && *s <= '7') {
                v = (v << 3) + *s++ - '0';
                if (s < end && '0' <= *s && *s <= '7')
                    v = (v << 3) + *s++ - '0';
            }
            ob_putc(o, v & 0xFF);
            break;
        }
        case 'x':
            if (s + 1 < end) {
                int d1 = hexval((unsigned char)s[0]), d2 = hexval((unsigned char)s[1]);
                if (d1 >= 0 && d2 >= 0) {
                    ob_putc(o, (d1 << 4) + d2);
                    s += 2;
                    break;
                }
            }
            RAISE_SYNTAX_ERROR("(value error) invalid \\x escape at position %zu", (size_t)(s - 2 - begin));
            return -1;
        default:
            ob_putc(o, '\\');
            ob_putc(o, c);
            break;
        }
        if (p->nomem)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* f-strings in 3.10 and 3.11 (string_parser.c fstring_*)               */
/* ------------------------------------------------------------------ */

#define FSTRING_MAXLEVEL 200

typedef struct {
    vec_t values;    /* Constant and FormattedValue nodes */
    obuf_t last_str; /* literal text not yet turned into a Constant */
    int has_last;
} fstate_t;

static int fstring_concat(parser_t *p, fstate_t *st, const char **str, const char *end, int raw,
                          int recurse_lvl, ptoken_t *t);

/* Turns pending literal text into a Constant value (make_str_node_and_del()). */
static int flush_literal(parser_t *p, fstate_t *st, ptoken_t *t)
{
    if (!st->has_last)
        return 0;
    pyparse_expr_t *c = pp_expr(p, PYEXPR_CONSTANT, LOC(t));
    if (!c)
        return -1;
    c->v.constant.kind = PYCONST_STR;
    c->v.constant.str = st->last_str.buf ? st->last_str.buf : "";
    c->v.constant.len = st->last_str.len;
    st->last_str = (obuf_t){p, NULL, 0, 0};
    st->has_last = 0;
    return vec_push(p, &st->values, c);
}

/* Mirrors fstring_find_expr_location(): how far the expression is from the
 * token's start. CPython reads the token from its start to each field (the
 * newlines before it, the last one for the column): quadratic in the fields,
 * `f'{x}{x}...'` of 20,000 fields took heapd 4 s (3.10, 3.11). The fields of
 * one token come in order, so the scan goes on from where the last stopped
 * (p->floc_*), with the same lines and columns. */
static void fstring_find_expr_location(parser_t *p, ptoken_t *t, const char *expr_start, int *p_lines,
                                       int *p_cols)
{
    *p_lines = 0;
    *p_cols = 0;
    const char *parent_str = t->start;
    int newline_after_brace = 1;
    const char *start = expr_start + 1;
    while (*start && *start != '}' && *start != '\n') {
        if (*start != ' ' && *start != '\t' && *start != '\f') {
            newline_after_brace = 0;
            break;
        }
        start++;
    }
    if (p->floc_base != parent_str || !p->floc_pos || p->floc_pos > expr_start) {
        p->floc_base = p->floc_pos = parent_str;
        p->floc_nl = NULL;
        p->floc_lines = 0;
    }
    for (const char *q = p->floc_pos; q < expr_start; q++)
        if (*q == '\n') {
            p->floc_lines++;
            p->floc_nl = q;
        }
    p->floc_pos = expr_start;
    if (!newline_after_brace) {
        /* CPython walks back from expr_start (a '{') to a newline, or to the token's start */
        start = p->floc_nl ? p->floc_nl : parent_str;
        *p_cols += (int)(expr_start - start);
        if (*start == '\n') /* 3.10.x/3.11.x: the column after the newline */
            *p_cols -= 1;
    }
    *p_lines = p->floc_lines;
}

/* Mirrors fstring_compile_expr(): the expression text parsed on its own. */
static pyparse_expr_t *fstring_compile_expr(parser_t *p, const char *expr_start, const char *expr_end,
                                            ptoken_t *t)
{
    const char *s;
    for (s = expr_start; s != expr_end; s++) {
        char c = *s;
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\f'))
            break;
    }
    if (s == expr_end) {
        if (p->prof->fstr_expression_required && (*expr_end == '!' || *expr_end == ':' || *expr_end == '='))
            return RAISE_SYNTAX_ERROR("f-string: expression required before '%c'", *expr_end);
        return RAISE_SYNTAX_ERROR("f-string: empty expression not allowed");
    }
    int lines, cols;
    fstring_find_expr_location(p, t, expr_start - 1, &lines, &cols);
    /* An expression on a later line of the literal is not shifted by the token's column. */
    return pp_parse_fstring_expr(p, expr_start, (size_t)(expr_end - expr_start), t->lineno + lines,
                                 lines ? cols : t->col_offset + cols);
}

/* Mirrors fstring_find_literal(): -1 error, 0 literal ended, 1 doubled brace (call again). */
static int fstring_find_literal(parser_t *p, fstate_t *st, const char **str, const char *end, int raw,
                                int recurse_lvl)
{
    const char *s = *str, *literal_start = s;
    int result = 0;
    while (s < end) {
        char ch = *s++;
        if (!raw && ch == '\\' && s < end) {
            ch = *s++;
            if (ch == 'N') {
                /* Skip the braces of "\N{name}": they do not start an expression. */
                if (s < end && *s++ == '{') {
                    while (s < end && *s++ != '}') {
                    }
                    continue;
                }
                continue;
            }
        }
        if (ch == '{' || ch == '}') {
            if (recurse_lvl == 0) {
                if (s < end && *s == ch) {
                    *str = s + 1;
                    result = 1;
                    goto done;
                }
                if (ch == '}') {
                    *str = s - 1;
                    RAISE_SYNTAX_ERROR("f-string: single '}' is not allowed");
                    return -1;
                }
            }
            s--;
            break;
        }
    }
    *str = s;
done:
    if (literal_start != s) {
        obuf_t o = {p, NULL, 0, 0};
        const char *unsupported = NULL;
        if (raw) {
            if (check_utf8(p, literal_start, (size_t)(s - literal_start)) < 0 ||
                ob_put(&o, literal_start, (size_t)(s - literal_start)) < 0)
                return -1;
        } else if (decode_str_escapes(p, literal_start, (size_t)(s - literal_start), &o, &unsupported) < 0) {
            return -1;
        }
        if (unsupported)
            pp_set_unsupported(p, unsupported);
        if (o.len && (ob_put(&st->last_str, o.buf, o.len) < 0))
            return -1;
        st->has_last |= o.len > 0;
    }
    return result;
}

/* Mirrors fstring_find_expr(): one "{expression[=][!c][:spec]}" field. */
static int fstring_find_expr(parser_t *p, fstate_t *st, const char **str, const char *end, int raw,
                             int recurse_lvl, ptoken_t *t, pyparse_expr_t **expression)
{
    char quote_char = 0;
    int string_type = 0;
    int nested_depth = 0;
    char parenstack[FSTRING_MAXLEVEL];
    pyparse_expr_t *format_spec = NULL;
    int conversion = -1, has_text = 0;
    if (recurse_lvl >= 2) {
        RAISE_SYNTAX_ERROR("f-string: expressions nested too deeply");
        return -1;
    }
    *str += 1;
    const char *expr_start = *str;
    for (; *str < end; (*str)++) {
        char ch = **str;
        if (ch == '\\') {
            RAISE_SYNTAX_ERROR("f-string expression part cannot include a backslash");
            return -1;
        }
        if (quote_char) {
            if (ch == quote_char) {
                if (string_type == 3) {
                    if (*str + 2 < end && *(*str + 1) == ch && *(*str + 2) == ch) {
                        *str += 2;
                        string_type = 0;
                        quote_char = 0;
                        continue;
                    }
                } else {
                    quote_char = 0;
                    string_type = 0;
                    continue;
                }
            }
        } else if (ch == '\'' || ch == '"') {
            if (*str + 2 < end && *(*str + 1) == ch && *(*str + 2) == ch) {
                string_type = 3;
                *str += 2;
            } else {
                string_type = 1;
            }
            quote_char = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (nested_depth >= FSTRING_MAXLEVEL) {
                RAISE_SYNTAX_ERROR("f-string: too many nested parenthesis");
                return -1;
            }
            parenstack[nested_depth++] = ch;
        } else if (ch == '#') {
            RAISE_SYNTAX_ERROR("f-string expression part cannot include '#'");
            return -1;
        } else if (nested_depth == 0 &&
                   (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
            if (*str + 1 < end) {
                char next = *(*str + 1);
                if ((ch == '!' && next == '=') || (ch == '=' && next == '=') || (ch == '<' && next == '=') ||
                    (ch == '>' && next == '=')) {
                    *str += 1;
                    continue;
                }
            }
            if (ch == '>' || ch == '<')
                continue;
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (!nested_depth) {
                RAISE_SYNTAX_ERROR("f-string: unmatched '%c'", ch);
                return -1;
            }
            nested_depth--;
            int opening = (unsigned char)parenstack[nested_depth];
            if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') ||
                  (opening == '{' && ch == '}'))) {
                RAISE_SYNTAX_ERROR(
                    "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'", ch,
                    opening);
                return -1;
            }
        }
    }
    const char *expr_end = *str;
    if (quote_char) {
        RAISE_SYNTAX_ERROR("f-string: unterminated string");
        return -1;
    }
    if (nested_depth) {
        RAISE_SYNTAX_ERROR("f-string: unmatched '%c'", parenstack[nested_depth - 1]);
        return -1;
    }
    if (*str >= end)
        goto unexpected_end_of_string;
    pyparse_expr_t *simple_expression = fstring_compile_expr(p, expr_start, expr_end, t);
    if (!simple_expression)
        return -1;
    if (**str == '=') {
        /* The expression's text goes into the string ("debug" f-strings). */
        *str += 1;
        while (**str == ' ' || **str == '\t' || **str == '\n' || **str == '\r' || **str == '\f' ||
               **str == '\v')
            *str += 1;
        if (ob_put(&st->last_str, expr_start, (size_t)(*str - expr_start)) < 0)
            return -1;
        st->has_last = 1;
        has_text = 1;
    }
    if (**str == '!') {
        *str += 1;
        if (*str >= end)
            goto unexpected_end_of_string;
        conversion = (unsigned char)**str;
        *str += 1;
        if (!(conversion == 's' || conversion == 'r' || conversion == 'a')) {
            RAISE_SYNTAX_ERROR("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return -1;
        }
    }
    if (*str >= end)
        goto unexpected_end_of_string;
    if (**str == ':') {
        *str += 1;
        if (*str >= end)
            goto unexpected_end_of_string;
        fstate_t spec;
        memset(&spec, 0, sizeof spec);
        spec.last_str.p = p;
        if (fstring_concat(p, &spec, str, end, raw, recurse_lvl + 1, t) < 0)
            return -1;
        if (flush_literal(p, &spec, t) < 0)
            return -1;
        format_spec = pp_expr(p, PYEXPR_JOINEDSTR, LOC(t));
        if (!format_spec)
            return -1;
        format_spec->v.joinedstr.values = vec_exprs(&spec.values);
    }
    if (*str >= end || **str != '}')
        goto unexpected_end_of_string;
    *str += 1;
    if (has_text && !format_spec && conversion == -1)
        conversion = 'r';
    *expression = pp_expr(p, PYEXPR_FORMATTEDVALUE, LOC(t));
    if (!*expression)
        return -1;
    (*expression)->v.formattedvalue.value = simple_expression;
    (*expression)->v.formattedvalue.conversion = conversion;
    (*expression)->v.formattedvalue.format_spec = format_spec;
    return 0;
unexpected_end_of_string:
    RAISE_SYNTAX_ERROR("f-string: expecting '}'");
    return -1;
}

/* Mirrors _PyPegen_FstringParser_ConcatFstring(). */
static int fstring_concat(parser_t *p, fstate_t *st, const char **str, const char *end, int raw,
                          int recurse_lvl, ptoken_t *t)
{
    for (;;) {
        int result = fstring_find_literal(p, st, str, end, raw, recurse_lvl);
        if (result < 0)
            return -1;
        if (result == 1)
            continue;
        if (*str >= end || **str == '}')
            break;
        pyparse_expr_t *expression = NULL;
        if (fstring_find_expr(p, st, str, end, raw, recurse_lvl, t, &expression) < 0)
            return -1;
        if (flush_literal(p, st, t) < 0 || vec_push(p, &st->values, expression) < 0)
            return -1;
    }
    if (recurse_lvl == 0 && *str < end - 1) {
        RAISE_SYNTAX_ERROR("f-string: unexpected end of string");
        return -1;
    }
    if (recurse_lvl != 0 && **str != '}') {
        RAISE_SYNTAX_ERROR("f-string: expecting '}'");
        return -1;
    }
    return 0;
}

/* The values of one f-string token (3.10, 3.11); *values gets the JoinedStr parts. */
static int parse_fstring_token(parser_t *p, ptoken_t *t, const char *body, size_t len, int raw,
                               pyparse_exprs_t *values)
{
    fstate_t st;
    memset(&st, 0, sizeof st);
    st.last_str.p = p;
    const char *s = body;
    if (fstring_concat(p, &st, &s, body + len, raw, 0, t) < 0)
        return -1;
    if (flush_literal(p, &st, t) < 0)
        return -1;
    *values = vec_exprs(&st.values);
    return 0;
}

/* ------------------------------------------------------------------ */
/* STRING tokens                                                        */
/* ------------------------------------------------------------------ */

int pylex_parse_string(parser_t *p, ptoken_t *t, pyparse_const_t *out, int *is_bytes, int *is_f)
{
    const char *s = t->start;
    int bytesmode = 0, rawmode = 0, fmode = 0;
    while (*s != '\'' && *s != '"') {
        char c = *s++;
        if (c == 'b' || c == 'B')
            bytesmode = 1;
        else if (c == 'r' || c == 'R')
            rawmode = 1;
        else if (c == 'f' || c == 'F')
            fmode = 1;
    }
    int quote = *s++;
    size_t len = (size_t)(t->end - s) - 1;
    if (len >= 4 && s[0] == quote && s[1] == quote) {
        s += 2;
        len -= 4;
    }
    *is_bytes = bytesmode;
    *is_f = fmode;
    memset(out, 0, sizeof *out);
    out->kind = bytesmode ? PYCONST_BYTES : PYCONST_STR;
    out->str = "";
    if (fmode) {
        /* 3.12+ tokenizes f-strings; here (3.10, 3.11) the token holds the whole of it. */
        if (p->prof->fstring_tokens)
            return 0;
        return parse_fstring_token(p, t, s, len, rawmode, &out->fvalues);
    }
    rawmode = rawmode || memchr(s, '\\', len) == NULL;
    obuf_t o = {p, NULL, 0, 0};
    if (bytesmode) {
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)s[i] >= 0x80) {
                if (p->prof->bytes_ascii_at_token)
                    RAISE_SYNTAX_ERROR_KNOWN_LOCATION(t, "bytes can only contain ASCII literal characters");
                else
                    RAISE_SYNTAX_ERROR("bytes can only contain ASCII literal characters");
                return -1;
            }
        if (rawmode) {
            if (ob_put(&o, s, len) < 0)
                return -1;
        } else if (decode_bytes_escapes(p, s, len, &o) < 0) {
            return -1;
        }
    } else if (rawmode) {
        if (check_utf8(p, s, len) < 0 || ob_put(&o, s, len) < 0)
            return -1;
    } else if (decode_str_escapes(p, s, len, &o, &out->unsupported) < 0) {
        return -1;
    }
    out->str = o.buf ? o.buf : "";
    out->len = o.len;
    if (out->unsupported)
        pp_set_unsupported(p, out->unsupported);
    return 0;
}

int pylex_decode_fstring_middle(parser_t *p, pyparse_expr_t *part, int raw)
{
    const char *s = part->v.constant.str;
    size_t len = part->v.constant.len;
    if (len == 2 && (memcmp(s, "{{", 2) == 0 || memcmp(s, "}}", 2) == 0))
        len = 1;
    raw = raw || memchr(s, '\\', len) == NULL;
    obuf_t o = {p, NULL, 0, 0};
    const char *unsupported = NULL;
    if (raw) {
        if (check_utf8(p, s, len) < 0 || ob_put(&o, s, len) < 0)
            return -1;
    } else if (decode_str_escapes(p, s, len, &o, &unsupported) < 0) {
        return -1;
    }
    if (unsupported)
        pp_set_unsupported(p, unsupported);
    part->v.constant.str = o.buf ? o.buf : "";
    part->v.constant.len = o.len;
    return 0;
}
