/*
 * pylex.c — CPython's tokenizer (Parser/tokenizer.c) for 3.10 .. 3.13.
 *
 * The structure, names and order of checks follow tok_get() so that every
 * error the tokenizer raises, and every position it gives a token, is the
 * one CPython computes; where versions differ the profile says how. Only the
 * string-input paths exist here (compile() of str or bytes): no files, no
 * interactive prompts, no type comments, no async hacks.
 */
#include "pylex.h"
#include "pyparse_profile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EOF_ (-1)
#define TABSIZE 8
#define ALTTABSIZE 1

#define is_potential_identifier_start(c)                                                                     \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || (c) == '_' || (c) >= 128)
#define is_potential_identifier_char(c)                                                                      \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || (c) == '_' || \
     (c) >= 128)
#define is_digit(c) ((c) >= '0' && (c) <= '9')
#define is_xdigit(c) (is_digit(c) || ((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F'))

#define INSIDE_FSTRING(lx) ((lx)->mode_index > 0)
#define INSIDE_FSTRING_EXPR(m) ((m)->curly_bracket_expr_start_depth >= 0)
#define MODE_FSTRING 1
#define MODE_REGULAR 0

/* ------------------------------------------------------------------ */
/* UTF-8                                                                */
/* ------------------------------------------------------------------ */

int pylex_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    unsigned min;
    if (c >= 0xC2 && c < 0xE0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if (c >= 0xE0 && c < 0xF0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if (c >= 0xF0 && c < 0xF5) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if ((size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/*
 * Length of the invalid stretch at s under CPython's UTF-8 decoder: the
 * bytes one U+FFFD replaces (mirrors utf8_decode() in
 * Objects/stringlib/codecs.h and its caller's error ranges).
 */
size_t pylex_utf8_error(const unsigned char *s, size_t n, const char **why)
{
    unsigned ch = s[0];
    static const char *start = "invalid start byte", *cont = "invalid continuation byte",
                      *end = "unexpected end of data";
#define CONT(x) (((x)&0xC0) == 0x80)
#define RET(len, w) return (*why = (w), (size_t)(len))
    if (ch < 0xC2 || ch >= 0xF5)
        RET(1, start);
    if (ch < 0xE0) {
        if (n < 2)
            RET(n, end);
        RET(1, cont);
    }
    if (ch < 0xF0) {
        if (n < 2)
            RET(n, end);
        unsigned c2 = s[1];
        if (!CONT(c2) || (c2 < 0xA0 ? ch == 0xE0 : ch == 0xED))
            RET(1, cont);
        if (n < 3)
            RET(n, end);
        RET(2, cont);
    }
    if (n < 2)
        RET(n, end);
    unsigned c2 = s[1];
    if (!CONT(c2) || (c2 < 0x90 ? ch == 0xF0 : ch == 0xF4))
        RET(1, cont);
    if (n < 3)
        RET(n, end);
    if (!CONT(s[2]))
        RET(2, cont);
    if (n < 4)
        RET(n, end);
    RET(3, cont);
#undef RET
#undef CONT
}

int pylex_char_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    int count = 0;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        int k = pylex_utf8_decode(p + i, n - i, &cp);
        if (k == 0) {
            const char *why;
            k = (int)pylex_utf8_error(p + i, n - i, &why);
        }
        i += (size_t)k;
        count++;
    }
    return count;
}

/* ------------------------------------------------------------------ */
/* Input set-up: decode_str() and translate_newlines()                 */
/* ------------------------------------------------------------------ */

/* Universal newlines plus a final '\n' for exec input (translate_newlines()).
   crlf_quirk: 3.10/3.11 end a source ending in "\r\n" with a NUL where the
   '\n' was and so append one more newline. */
static char *translate_newlines(const char *s, size_t len, int crlf_quirk)
{
    char *buf = malloc(len + 2);
    if (!buf)
        return NULL;
    char *cur = buf;
    char c = '\0';
    int skip_next_lf = 0;
    for (size_t i = 0; i < len; i++) {
        c = s[i];
        if (skip_next_lf) {
            skip_next_lf = 0;
            if (c == '\n') {
                if (++i >= len) {
                    if (crlf_quirk)
                        c = '\0';
                    break;
                }
                c = s[i];
            }
        }
        if (c == '\r') {
            skip_next_lf = 1;
            c = '\n';
        }
        *cur++ = c;
    }
    if (c != '\n')
        *cur++ = '\n';
    *cur = '\0';
    return buf;
}

/* Normalizes an encoding name the way get_normal_name() does. */
static const char *normal_encoding_name(const char *s, char *out, size_t outsz)
{
    char buf[13];
    int i;
    for (i = 0; i < 12 && s[i]; i++)
        buf[i] = s[i] == '_' ? '-' : (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    buf[i] = '\0';
    if (strcmp(buf, "utf-8") == 0 || strncmp(buf, "utf-8-", 6) == 0)
        return "utf-8";
    if (strcmp(buf, "latin-1") == 0 || strcmp(buf, "iso-8859-1") == 0 || strcmp(buf, "iso-latin-1") == 0 ||
        strncmp(buf, "latin-1-", 8) == 0 || strncmp(buf, "iso-8859-1-", 11) == 0 ||
        strncmp(buf, "iso-latin-1-", 12) == 0)
        return "iso-8859-1";
    snprintf(out, outsz, "%s", s);
    return out;
}

/*
 * Finds a coding spec in one line (get_coding_spec()): 1 and *spec set when
 * found, 1 and spec empty when not, and *only_comment tells whether the line
 * holds nothing but whitespace and a comment (the search continues to line 2).
 */
static void get_coding_spec(const char *s, size_t size, char *spec, size_t specsz, int *stop)
{
    spec[0] = '\0';
    size_t i;
    *stop = 0;
    for (i = 0; i + 6 < size; i++) {
        if (s[i] == '#')
            break;
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\014') {
            *stop = 1;
            return;
        }
    }
    for (; i + 6 < size; i++) {
        const char *t = s + i;
        if (memcmp(t, "coding", 6) == 0) {
            t += 6;
            if (t[0] != ':' && t[0] != '=')
                continue;
            do {
                t++;
            } while (t[0] == ' ' || t[0] == '\t');
            const char *begin = t;
            while ((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z') ||
                   (t[0] >= '0' && t[0] <= '9') || t[0] == '-' || t[0] == '_' || t[0] == '.')
                t++;
            if (begin < t) {
                char raw[64];
                size_t n = (size_t)(t - begin) < sizeof raw - 1 ? (size_t)(t - begin) : sizeof raw - 1;
                memcpy(raw, begin, n);
                raw[n] = '\0';
                char tmp[64];
                snprintf(spec, specsz, "%s", normal_encoding_name(raw, tmp, sizeof tmp));
                *stop = 1;
                return;
            }
        }
    }
    /* No spec: a line with anything but a comment stops the search. */
    for (i = 0; i < size; i++) {
        if (s[i] == '#' || s[i] == '\n' || s[i] == '\r')
            break;
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\014') {
            *stop = 1;
            break;
        }
    }
}

/* Sets an initialisation error: CPython's SyntaxError(msg, (file, 0, -1, None)). */
static int init_error(pylex_t *lx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lx->err.msg, sizeof lx->err.msg, fmt, ap);
    va_end(ap);
    lx->err.set = 1;
    lx->err.lineno = 0;
    lx->err.offset = -1;
    lx->err.end_lineno = -2; /* None */
    lx->err.end_offset = -2;
    lx->done = PYLEX_E_ERROR;
    return -1;
}

/* Latin-1 to UTF-8 (translate_into_utf8() for the one 8-bit codec we know). */
static char *latin1_to_utf8(const char *s)
{
    size_t n = strlen(s), extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += ((unsigned char)s[i] >= 0x80);
    char *out = malloc(n + extra + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            *o++ = (char)c;
        } else {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    return out;
}

/* The names the codec registry resolves (tools/gen_codecs.py). */
static const struct codec_name {
    const char *name, *codec;
    int minor, text; /* text: CodecInfo._is_text_encoding */
} codec_names[] = {
#include "pycodecs.inc"
};

static int codec_name_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct codec_name *)elem)->name);
}

/*
 * The codec codecs.lookup(enc) finds on CPython 3.<minor>, NULL for
 * "unknown encoding". get_normal_name() left the name as written
 * (`coding:latin1`, `coding:L1`: CPython's own Lib/test/tokenizedata/
 * coding20731.py), and translate_into_utf8() looks it up as
 * _PyCodec_Lookup() does: lowercased, encodings.normalize_encoding()'s runs
 * of characters other than letters, digits and '.' made one '_' (none
 * leading or trailing), then encodings.search_function(): an
 * encodings.aliases key, or the name with '.' read as '_' an aliases key,
 * or the name of an encodings module that has getregentry().
 */
static const struct codec_name *codec_lookup(const char *enc, int minor)
{
    char n[64];
    size_t k = 0;
    int punct = 0;
    for (const char *p = enc; *p && k < sizeof n - 2; p++) {
        char c = *p;
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && c != '.') {
            punct = 1;
            continue;
        }
        if (punct && k)
            n[k++] = '_';
        n[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        punct = 0;
    }
    n[k] = '\0';
    size_t count = sizeof codec_names / sizeof codec_names[0];
    const struct codec_name *hit = bsearch(n, codec_names, count, sizeof codec_names[0], codec_name_cmp);
    if (!hit || hit->minor > minor) {
        hit = NULL;
        if (strchr(n, '.')) { /* the second try: '.' as '_', aliases only */
            for (char *d = strchr(n, '.'); d; d = strchr(d, '.'))
                *d = '_';
            hit = bsearch(n, codec_names, count, sizeof codec_names[0], codec_name_cmp);
            if (hit && (hit->minor > minor || strcmp(hit->name, hit->codec) == 0))
                hit = NULL;
        }
    }
    return hit;
}

/*
 * Applies a declared encoding to the text after the BOM (translate_into_utf8()):
 * returns a new buffer, or NULL with the error set. The decode runs over the
 * whole buffer: an error's position counts from its start.
 */
static char *apply_encoding(pylex_t *lx, const char *text, const char *enc, int cookie_line)
{
    if (strcmp(enc, "utf-8") == 0) /* no translation: the parser checks the text */
        return strdup(text);
    if (strcmp(enc, "iso-8859-1") == 0)
        return latin1_to_utf8(text);
    const struct codec_name *found = codec_lookup(enc, lx->prof ? lx->prof->minor : 13);
    if (!found) {
        init_error(lx, "unknown encoding: %s", enc);
        return NULL;
    }
    /* _PyCodec_LookupTextEncoding(): rot13, base64, zlib... are codecs, not text encodings. */
    if (!found->text) {
        init_error(lx, "'%s' is not a text encoding; use codecs.decode() to handle arbitrary codecs", enc);
        return NULL;
    }
    const char *codec = found->codec;
    if (strcmp(codec, "latin_1") == 0)
        return latin1_to_utf8(text);
    size_t n = strlen(text);
    if (strcmp(codec, "ascii") == 0) {
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)text[i] >= 0x80) {
                init_error(
                    lx, "'ascii' codec can't decode byte 0x%02x in position %zu: ordinal not in range(128)",
                    (unsigned char)text[i], i);
                return NULL;
            }
        return strdup(text);
    }
    if (strcmp(codec, "utf_8") == 0) { /* `utf8`, `u8`: PyUnicode_Decode() with the utf-8 codec */
        const unsigned char *u = (const unsigned char *)text;
        for (size_t i = 0; i < n;) {
            unsigned cp;
            int k = pylex_utf8_decode(u + i, n - i, &cp);
            if (k > 0) {
                i += (size_t)k;
                continue;
            }
            const char *why;
            size_t len = pylex_utf8_error(u + i, n - i, &why);
            if (len == 1)
                init_error(lx, "'utf-8' codec can't decode byte 0x%02x in position %zu: %s", u[i], i, why);
            else
                init_error(lx, "'utf-8' codec can't decode bytes in position %zu-%zu: %s", i, i + len - 1,
                           why);
            return NULL;
        }
        return strdup(text);
    }
    /* A codec CPython has but we do not decode: say so rather than guess. */
    init_error(lx, "the source encoding %s (codec %s): heapd decodes utf-8, latin-1 and ascii sources only",
               enc, codec);
    lx->err.unsupported_line = cookie_line;
    return NULL;
}

int pylex_init(pylex_t *lx, const char *src, size_t len, int str_mode, const pyparse_profile_t *prof)
{
    memset(lx, 0, sizeof *lx);
    lx->prof = prof;
    lx->done = PYLEX_E_OK;
    lx->atbol = 1;
    char *translated = translate_newlines(src, len, prof && prof->tok_crlf_eof_newline);
    if (!translated) {
        lx->done = PYLEX_E_NOMEM;
        return -1;
    }
    if (str_mode) {
        /* _PyTokenizer_FromUTF8: the cookie is ignored, the encoding is utf-8. */
        lx->str = translated;
        lx->encoding_declared = 1;
    } else {
        /* decode_str(): a UTF-8 BOM, then a coding spec on line 1 or 2. */
        const char *s = translated;
        int bom = 0;
        if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) {
            s += 3;
            bom = 1;
        }
        char spec[64] = "";
        const char *nl1 = strchr(s, '\n');
        int stop = 0, cookie_line = 1;
        if (nl1) {
            get_coding_spec(s, (size_t)(nl1 - s), spec, sizeof spec, &stop);
            const char *nl2 = strchr(nl1 + 1, '\n');
            if (!spec[0] && !stop && nl2) {
                get_coding_spec(nl1 + 1, (size_t)(nl2 - nl1), spec, sizeof spec, &stop);
                cookie_line = 2;
            }
        }
        if (spec[0] && bom && strcmp(spec, "utf-8") != 0) {
            free(translated);
            return init_error(lx, "encoding problem: %s with BOM", spec);
        }
        if (spec[0]) {
            char *dec = apply_encoding(lx, s, spec, cookie_line);
            free(translated);
            if (!dec)
                return lx->err.set ? -1 : (lx->done = PYLEX_E_NOMEM, -1);
            lx->str = dec;
            lx->encoding_declared = 1;
        } else {
            lx->str = bom ? strdup(s) : translated;
            if (bom)
                free(translated);
            if (!lx->str) {
                lx->done = PYLEX_E_NOMEM;
                return -1;
            }
            lx->encoding_declared = bom;
        }
    }
    if (prof->offsets_always_chars)
        lx->encoding_declared = 1;
    lx->buf = lx->cur = lx->inp = lx->line_start = lx->str;
    lx->mode_index = 0;
    lx->modes[0].kind = MODE_REGULAR;
    lx->modes[0].curly_bracket_expr_start_depth = -1;
    return 0;
}

void pylex_free(pylex_t *lx)
{
    free(lx->str);
    lx->str = NULL;
}

/* ------------------------------------------------------------------ */
/* Characters: tok_nextc(), tok_backup()                               */
/* ------------------------------------------------------------------ */

/* Reads the next line into view (tok_underflow_string()). */
static int underflow(pylex_t *lx)
{
    const char *end = strchr(lx->inp, '\n');
    if (end) {
        end++;
    } else {
        end = lx->inp + strlen(lx->inp);
        if (end == lx->inp) {
            lx->done = PYLEX_E_EOF;
            return 0;
        }
    }
    if (lx->start == NULL)
        lx->buf = lx->cur;
    lx->line_start = lx->cur;
    lx->lineno++;
    lx->inp = end;
    return 1;
}

/* Mirrors tok_nextc(): the next byte, or EOF_ (and tok->done says why). */
static int tok_nextc(pylex_t *lx)
{
    for (;;) {
        if (lx->cur != lx->inp)
            return (unsigned char)*lx->cur++;
        if (lx->done != PYLEX_E_OK)
            return EOF_;
        if (!underflow(lx)) {
            lx->cur = lx->inp;
            return EOF_;
        }
        lx->line_start = lx->cur;
    }
}

static void tok_backup(pylex_t *lx, int c)
{
    if (c != EOF_)
        lx->cur--;
}

/* ------------------------------------------------------------------ */
/* Errors: _syntaxerror_range()                                        */
/* ------------------------------------------------------------------ */

/*
 * Raises a SyntaxError at the tokenizer's position: col_offset -1 means the
 * character count of the line up to tok->cur (mirrors _syntaxerror_range()).
 */
static int syntaxerror_range(pylex_t *lx, int col_offset, int end_col_offset, const char *fmt, va_list ap)
{
    if (lx->done == PYLEX_E_ERROR)
        return PYTOK_ERRORTOKEN;
    vsnprintf(lx->err.msg, sizeof lx->err.msg, fmt, ap);
    if (col_offset == -1)
        col_offset = pylex_char_count(lx->line_start, (size_t)(lx->cur - lx->line_start));
    if (end_col_offset == -1)
        end_col_offset = col_offset;
    lx->err.set = 1;
    lx->err.lineno = lx->lineno;
    lx->err.offset = col_offset;
    lx->err.end_lineno = lx->lineno;
    lx->err.end_offset = end_col_offset;
    lx->done = PYLEX_E_ERROR;
    return PYTOK_ERRORTOKEN;
}

static int syntaxerror(pylex_t *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int syntaxerror(pylex_t *lx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = syntaxerror_range(lx, -1, -1, fmt, ap);
    va_end(ap);
    return r;
}

static int syntaxerror_known_range(pylex_t *lx, int col, int end_col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int syntaxerror_known_range(pylex_t *lx, int col, int end_col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = syntaxerror_range(lx, col, end_col, fmt, ap);
    va_end(ap);
    return r;
}

static int indenterror(pylex_t *lx)
{
    lx->done = PYLEX_E_TABSPACE;
    lx->cur = lx->inp;
    return PYTOK_ERRORTOKEN;
}

/* ------------------------------------------------------------------ */
/* Numbers and identifiers                                             */
/* ------------------------------------------------------------------ */

/* Mirrors lookahead(): whether the next characters spell test and end there. */
static int lookahead(pylex_t *lx, const char *test)
{
    const char *s = test;
    int res = 0;
    for (;;) {
        int c = tok_nextc(lx);
        if (*s == 0) {
            res = !is_potential_identifier_char(c);
        } else if (c == *s) {
            s++;
            continue;
        }
        tok_backup(lx, c);
        while (s != test)
            tok_backup(lx, *--s);
        return res;
    }
}

/*
 * Mirrors verify_end_of_number(): a literal directly followed by a keyword
 * only warns (ignored here, as compile() does by default); followed by any
 * other identifier character it is "invalid <kind> literal".
 */
static int verify_end_of_number(pylex_t *lx, int c, const char *kind)
{
    int r = 0;
    if (c == 'a') {
        r = lookahead(lx, "nd");
    } else if (c == 'e') {
        r = lookahead(lx, "lse");
    } else if (c == 'f') {
        r = lookahead(lx, "or");
    } else if (c == 'i') {
        int c2 = tok_nextc(lx);
        if (c2 == 'f' || c2 == 'n' || c2 == 's')
            r = 1;
        tok_backup(lx, c2);
    } else if (c == 'o') {
        r = lookahead(lx, "r");
    } else if (c == 'n') {
        r = lookahead(lx, "ot");
    }
    if (r) {
        tok_backup(lx, c);
        tok_nextc(lx);
    } else if ((c < 128 || !lx->prof->tok_number_end_ascii) && is_potential_identifier_char(c)) {
        tok_backup(lx, c);
        syntaxerror(lx, "invalid %s literal", kind);
        return 0;
    }
    return 1;
}

/* Encodes cp as UTF-8 into out (at least 5 bytes). */
static void put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp, out[1] = 0;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6)), out[1] = (char)(0x80 | (cp & 0x3F)), out[2] = 0;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)), out[3] = 0;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18)), out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F)), out[4] = 0;
    }
}

/*
 * Mirrors verify_identifier(): a non-ASCII identifier must decode and follow
 * PEP 3131; the error points just past the first offending character.
 */
static int verify_identifier(pylex_t *lx)
{
    const unsigned char *s = (const unsigned char *)lx->start;
    size_t n = (size_t)(lx->cur - lx->start);
    int minor = lx->prof->minor;
    size_t i = 0;
    int first = 1;
    while (i < n) {
        unsigned cp;
        int k = pylex_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            lx->done = PYLEX_E_DECODE;
            return 0;
        }
        i += (size_t)k;
        int ok =
            first ? (pylex_uni_is_xid_start(cp, minor) || cp == '_') : pylex_uni_is_xid_continue(cp, minor);
        first = 0;
        if (!ok) {
            /* The rest must still decode, as CPython decodes the whole name first. */
            size_t j = i;
            while (j < n) {
                unsigned c2;
                int k2 = pylex_utf8_decode(s + j, n - j, &c2);
                if (k2 == 0) {
                    lx->done = PYLEX_E_DECODE;
                    return 0;
                }
                j += (size_t)k2;
            }
            lx->cur = (const char *)s + i;
            if (pylex_uni_is_printable(cp, minor)) {
                char u[5];
                put_utf8(u, cp);
                syntaxerror(lx, "invalid character '%s' (U+%04X)", u, cp);
            } else {
                syntaxerror(lx, "invalid non-printable character U+%04X", cp);
            }
            return 0;
        }
    }
    return 1;
}

/* Mirrors tok_decimal_tail(): digits with single underscores between them. */
static int tok_decimal_tail(pylex_t *lx)
{
    int c;
    for (;;) {
        do {
            c = tok_nextc(lx);
        } while (is_digit(c));
        if (c != '_')
            break;
        c = tok_nextc(lx);
        if (!is_digit(c)) {
            tok_backup(lx, c);
            syntaxerror(lx, "invalid decimal literal");
            return 0;
        }
    }
    return c;
}

/* Mirrors tok_continuation_line(): a backslash must end its line. */
static int tok_continuation_line(pylex_t *lx)
{
    int c = tok_nextc(lx);
    if (c != '\n') {
        lx->done = PYLEX_E_LINECONT;
        return -1;
    }
    c = tok_nextc(lx);
    if (c == EOF_) {
        lx->done = PYLEX_E_EOF;
        lx->cur = lx->inp;
        return -1;
    }
    tok_backup(lx, c);
    return c;
}

/* ------------------------------------------------------------------ */
/* Operators: PyToken_OneChar/TwoChars/ThreeChars (Parser/token.c)      */
/* ------------------------------------------------------------------ */

static int one_char(const pylex_t *lx, int c)
{
    switch (c) {
    case '%': return PYTOK_PERCENT;
    case '&': return PYTOK_AMPER;
    case '(': return PYTOK_LPAR;
    case ')': return PYTOK_RPAR;
    case '*': return PYTOK_STAR;
    case '+': return PYTOK_PLUS;
    case ',': return PYTOK_COMMA;
    case '-': return PYTOK_MINUS;
    case '.': return PYTOK_DOT;
    case '/': return PYTOK_SLASH;
    case ':': return PYTOK_COLON;
    case ';': return PYTOK_SEMI;
    case '<': return PYTOK_LESS;
    case '=': return PYTOK_EQUAL;
    case '>': return PYTOK_GREATER;
    case '@': return PYTOK_AT;
    case '[': return PYTOK_LSQB;
    case ']': return PYTOK_RSQB;
    case '^': return PYTOK_CIRCUMFLEX;
    case '{': return PYTOK_LBRACE;
    case '|': return PYTOK_VBAR;
    case '}': return PYTOK_RBRACE;
    case '~': return PYTOK_TILDE;
    case '!': return lx->prof->fstring_tokens ? PYTOK_EXCLAMATION : PYTOK_OP;
    default: return PYTOK_OP;
    }
}

static int two_chars(int c1, int c2)
{
    switch (c1) {
    case '!': return c2 == '=' ? PYTOK_NOTEQUAL : PYTOK_OP;
    case '%': return c2 == '=' ? PYTOK_PERCENTEQUAL : PYTOK_OP;
    case '&': return c2 == '=' ? PYTOK_AMPEREQUAL : PYTOK_OP;
    case '*': return c2 == '*' ? PYTOK_DOUBLESTAR : c2 == '=' ? PYTOK_STAREQUAL : PYTOK_OP;
    case '+': return c2 == '=' ? PYTOK_PLUSEQUAL : PYTOK_OP;
    case '-': return c2 == '=' ? PYTOK_MINEQUAL : c2 == '>' ? PYTOK_RARROW : PYTOK_OP;
    case '/': return c2 == '/' ? PYTOK_DOUBLESLASH : c2 == '=' ? PYTOK_SLASHEQUAL : PYTOK_OP;
    case ':': return c2 == '=' ? PYTOK_COLONEQUAL : PYTOK_OP;
    case '<':
        return c2 == '<'   ? PYTOK_LEFTSHIFT
               : c2 == '=' ? PYTOK_LESSEQUAL
               : c2 == '>' ? PYTOK_NOTEQUAL
                           : PYTOK_OP;
    case '=': return c2 == '=' ? PYTOK_EQEQUAL : PYTOK_OP;
    case '>': return c2 == '=' ? PYTOK_GREATEREQUAL : c2 == '>' ? PYTOK_RIGHTSHIFT : PYTOK_OP;
    case '@': return c2 == '=' ? PYTOK_ATEQUAL : PYTOK_OP;
    case '^': return c2 == '=' ? PYTOK_CIRCUMFLEXEQUAL : PYTOK_OP;
    case '|': return c2 == '=' ? PYTOK_VBAREQUAL : PYTOK_OP;
    default: return PYTOK_OP;
    }
}

static int three_chars(int c1, int c2, int c3)
{
    if (c3 != '=' && !(c1 == '.' && c2 == '.' && c3 == '.'))
        return PYTOK_OP;
    if (c1 == '*' && c2 == '*')
        return PYTOK_DOUBLESTAREQUAL;
    if (c1 == '/' && c2 == '/')
        return PYTOK_DOUBLESLASHEQUAL;
    if (c1 == '<' && c2 == '<')
        return PYTOK_LEFTSHIFTEQUAL;
    if (c1 == '>' && c2 == '>')
        return PYTOK_RIGHTSHIFTEQUAL;
    if (c1 == '.' && c2 == '.' && c3 == '.')
        return PYTOK_ELLIPSIS;
    return PYTOK_OP;
}

/* ------------------------------------------------------------------ */
/* Token set-up                                                         */
/* ------------------------------------------------------------------ */

/*
 * Fills t the way initialize_token() (3.10, 3.11) or token_setup() (3.12+)
 * does: a token without text has columns -1; a string starts on the line
 * where its quote was.
 */
static int make_token(pylex_t *lx, pylex_token_t *t, int type, const char *p_start, const char *p_end)
{
    int is_str = type == PYTOK_STRING || type == PYTOK_FSTRING_MIDDLE;
    const char *line_start = is_str ? lx->multi_line_start : lx->line_start;
    t->type = type;
    t->start = p_start;
    t->end = p_end;
    t->level = lx->level;
    t->lineno = is_str ? lx->first_lineno : lx->lineno;
    t->end_lineno = lx->lineno;
    if (p_start != NULL && p_end != NULL) {
        t->col_offset = p_start >= line_start ? (int)(p_start - line_start) : -1;
        if (lx->prof->token_end_at_cursor)
            t->end_col_offset = (int)(lx->cur - lx->line_start);
        else
            t->end_col_offset = p_end >= lx->line_start ? (int)(p_end - lx->line_start) : -1;
    } else {
        t->col_offset = t->end_col_offset = -1;
    }
    return type;
}

#define MAKE_TOKEN(type) make_token(lx, t, (type), p_start, p_end)

/* ------------------------------------------------------------------ */
/* tok_get: regular mode                                                */
/* ------------------------------------------------------------------ */

static int tok_get_fstring_mode(pylex_t *lx, pylex_mode_t *current_tok, pylex_token_t *t);

/* Mirrors tok_get() (3.10, 3.11) / tok_get_normal_mode() (3.12+). */
static int tok_get_normal_mode(pylex_t *lx, pylex_mode_t *current_tok, pylex_token_t *t)
{
    int c;
    int blankline, nonascii;
    const char *p_start = NULL, *p_end = NULL;
    int fstrings = lx->prof->fstring_tokens;

nextline:
    lx->start = NULL;
    blankline = 0;

    /* Get indentation level */
    if (lx->atbol) {
        int col = 0, altcol = 0, cont_line_col = 0;
        lx->atbol = 0;
        for (;;) {
            c = tok_nextc(lx);
            if (c == ' ') {
                col++, altcol++;
            } else if (c == '\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
            } else if (c == '\014') {
                col = altcol = 0;
            } else if (c == '\\') {
                /* The first backslash in the indentation fixes its width. */
                cont_line_col = cont_line_col ? cont_line_col : col;
                if ((c = tok_continuation_line(lx)) == -1)
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            } else {
                break;
            }
        }
        tok_backup(lx, c);
        if (c == '#' || c == '\n')
            blankline = 1; /* whitespace- and comment-only lines do not indent */
        if (!blankline && lx->level == 0) {
            col = cont_line_col ? cont_line_col : col;
            altcol = cont_line_col ? cont_line_col : altcol;
            if (col == lx->indstack[lx->indent]) {
                if (altcol != lx->altindstack[lx->indent])
                    return MAKE_TOKEN(indenterror(lx));
            } else if (col > lx->indstack[lx->indent]) {
                if (lx->indent + 1 >= PYLEX_MAXINDENT) {
                    lx->done = PYLEX_E_TOODEEP;
                    lx->cur = lx->inp;
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
                }
                if (altcol <= lx->altindstack[lx->indent])
                    return MAKE_TOKEN(indenterror(lx));
                lx->pendin++;
                lx->indstack[++lx->indent] = col;
                lx->altindstack[lx->indent] = altcol;
            } else {
                while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
                    lx->pendin--;
                    lx->indent--;
                }
                if (col != lx->indstack[lx->indent]) {
                    lx->done = PYLEX_E_DEDENT;
                    lx->cur = lx->inp;
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
                }
                if (altcol != lx->altindstack[lx->indent])
                    return MAKE_TOKEN(indenterror(lx));
            }
        }
    }

    lx->start = lx->cur;

    /* Return pending indents/dedents */
    if (lx->pendin != 0) {
        if (lx->pendin < 0) {
            lx->pendin++;
            return MAKE_TOKEN(PYTOK_DEDENT);
        }
        lx->pendin--;
        return MAKE_TOKEN(PYTOK_INDENT);
    }

again:
    lx->start = NULL;
    /* Skip spaces */
    do {
        c = tok_nextc(lx);
    } while (c == ' ' || c == '\t' || c == '\014');

    /* Set start of current token */
    lx->start = lx->cur == NULL ? NULL : lx->cur - 1;

    /* Skip comment */
    if (c == '#') {
        while (c != EOF_ && c != '\n')
            c = tok_nextc(lx);
    }

    /* Check for EOF and errors now */
    if (c == EOF_) {
        if (lx->level)
            return MAKE_TOKEN(PYTOK_ERRORTOKEN);
        return MAKE_TOKEN(lx->done == PYLEX_E_EOF ? PYTOK_ENDMARKER : PYTOK_ERRORTOKEN);
    }

    /* Identifier (most frequent token!) */
    nonascii = 0;
    if (is_potential_identifier_start(c)) {
        /* Process the various legal combinations of b"", r"", u"", and f"". */
        int saw_b = 0, saw_r = 0, saw_u = 0, saw_f = 0;
        for (;;) {
            if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B'))
                saw_b = 1;
            else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U'))
                saw_u = 1;
            else if (!(saw_r || saw_u) && (c == 'r' || c == 'R'))
                saw_r = 1;
            else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F'))
                saw_f = 1;
            else
                break;
            c = tok_nextc(lx);
            if (c == '"' || c == '\'') {
                if (saw_f && fstrings)
                    goto f_string_quote;
                goto letter_quote;
            }
        }
        while (is_potential_identifier_char(c)) {
            if (c >= 128)
                nonascii = 1;
            c = tok_nextc(lx);
        }
        tok_backup(lx, c);
        if (nonascii && !verify_identifier(lx))
            return MAKE_TOKEN(PYTOK_ERRORTOKEN);
        p_start = lx->start;
        p_end = lx->cur;
        return MAKE_TOKEN(PYTOK_NAME);
    }

    /* Newline */
    if (c == '\n') {
        lx->atbol = 1;
        if (blankline || lx->level > 0)
            goto nextline;
        p_start = lx->start;
        p_end = lx->cur - 1; /* Leave '\n' out of the string */
        lx->cont_line = 0;
        return MAKE_TOKEN(PYTOK_NEWLINE);
    }

    /* Period or number starting with period? */
    if (c == '.') {
        c = tok_nextc(lx);
        if (is_digit(c)) {
            goto fraction;
        } else if (c == '.') {
            c = tok_nextc(lx);
            if (c == '.') {
                p_start = lx->start;
                p_end = lx->cur;
                return MAKE_TOKEN(PYTOK_ELLIPSIS);
            }
            tok_backup(lx, c);
            tok_backup(lx, '.');
        } else {
            tok_backup(lx, c);
        }
        p_start = lx->start;
        p_end = lx->cur;
        return MAKE_TOKEN(PYTOK_DOT);
    }

    /* Number */
    if (is_digit(c)) {
        if (c == '0') {
            /* Hex, octal or binary -- maybe. */
            c = tok_nextc(lx);
            if (c == 'x' || c == 'X') {
                c = tok_nextc(lx);
                do {
                    if (c == '_')
                        c = tok_nextc(lx);
                    if (!is_xdigit(c)) {
                        tok_backup(lx, c);
                        return MAKE_TOKEN(syntaxerror(lx, "invalid hexadecimal literal"));
                    }
                    do {
                        c = tok_nextc(lx);
                    } while (is_xdigit(c));
                } while (c == '_');
                if (!verify_end_of_number(lx, c, "hexadecimal"))
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            } else if (c == 'o' || c == 'O') {
                c = tok_nextc(lx);
                do {
                    if (c == '_')
                        c = tok_nextc(lx);
                    if (c < '0' || c >= '8') {
                        if (is_digit(c))
                            return MAKE_TOKEN(syntaxerror(lx, "invalid digit '%c' in octal literal", c));
                        tok_backup(lx, c);
                        return MAKE_TOKEN(syntaxerror(lx, "invalid octal literal"));
                    }
                    do {
                        c = tok_nextc(lx);
                    } while ('0' <= c && c < '8');
                } while (c == '_');
                if (is_digit(c))
                    return MAKE_TOKEN(syntaxerror(lx, "invalid digit '%c' in octal literal", c));
                if (!verify_end_of_number(lx, c, "octal"))
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            } else if (c == 'b' || c == 'B') {
                c = tok_nextc(lx);
                do {
                    if (c == '_')
                        c = tok_nextc(lx);
                    if (c != '0' && c != '1') {
                        if (is_digit(c))
                            return MAKE_TOKEN(syntaxerror(lx, "invalid digit '%c' in binary literal", c));
                        tok_backup(lx, c);
                        return MAKE_TOKEN(syntaxerror(lx, "invalid binary literal"));
                    }
                    do {
                        c = tok_nextc(lx);
                    } while (c == '0' || c == '1');
                } while (c == '_');
                if (is_digit(c))
                    return MAKE_TOKEN(syntaxerror(lx, "invalid digit '%c' in binary literal", c));
                if (!verify_end_of_number(lx, c, "binary"))
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            } else {
                int nonzero = 0;
                /* maybe old-style octal; in any case, allow '0' as a literal */
                for (;;) {
                    if (c == '_') {
                        c = tok_nextc(lx);
                        if (!is_digit(c)) {
                            tok_backup(lx, c);
                            return MAKE_TOKEN(syntaxerror(lx, "invalid decimal literal"));
                        }
                    }
                    if (c != '0')
                        break;
                    c = tok_nextc(lx);
                }
                const char *zeros_end = lx->cur;
                if (is_digit(c)) {
                    nonzero = 1;
                    c = tok_decimal_tail(lx);
                    if (c == 0)
                        return MAKE_TOKEN(PYTOK_ERRORTOKEN);
                }
                if (c == '.') {
                    c = tok_nextc(lx);
                    goto fraction;
                } else if (c == 'e' || c == 'E') {
                    goto exponent;
                } else if (c == 'j' || c == 'J') {
                    goto imaginary;
                } else if (nonzero) {
                    /* Old-style octal: now disallowed. */
                    tok_backup(lx, c);
                    return MAKE_TOKEN(syntaxerror_known_range(
                        lx, (int)(lx->start + 1 - lx->line_start), (int)(zeros_end - lx->line_start),
                        "leading zeros in decimal integer literals are not permitted; "
                        "use an 0o prefix for octal integers"));
                }
                if (!verify_end_of_number(lx, c, "decimal"))
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            }
        } else {
            /* Decimal */
            c = tok_decimal_tail(lx);
            if (c == 0)
                return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            if (c == '.') {
                c = tok_nextc(lx);
            fraction:
                if (is_digit(c)) {
                    c = tok_decimal_tail(lx);
                    if (c == 0)
                        return MAKE_TOKEN(PYTOK_ERRORTOKEN);
                }
            }
            if (c == 'e' || c == 'E') {
                int e;
            exponent:
                e = c;
                c = tok_nextc(lx);
                if (c == '+' || c == '-') {
                    c = tok_nextc(lx);
                    if (!is_digit(c)) {
                        tok_backup(lx, c);
                        return MAKE_TOKEN(syntaxerror(lx, "invalid decimal literal"));
                    }
                } else if (!is_digit(c)) {
                    tok_backup(lx, c);
                    if (!verify_end_of_number(lx, e, "decimal"))
                        return MAKE_TOKEN(PYTOK_ERRORTOKEN);
                    tok_backup(lx, e);
                    p_start = lx->start;
                    p_end = lx->cur;
                    return MAKE_TOKEN(PYTOK_NUMBER);
                }
                c = tok_decimal_tail(lx);
                if (c == 0)
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            }
            if (c == 'j' || c == 'J') {
            imaginary:
                c = tok_nextc(lx);
                if (!verify_end_of_number(lx, c, "imaginary"))
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            } else if (!verify_end_of_number(lx, c, "decimal")) {
                return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            }
        }
        tok_backup(lx, c);
        p_start = lx->start;
        p_end = lx->cur;
        return MAKE_TOKEN(PYTOK_NUMBER);
    }

f_string_quote:
    if (fstrings && (*lx->start == 'f' || *lx->start == 'F' || *lx->start == 'r' || *lx->start == 'R') &&
        (c == '\'' || c == '"')) {
        int quote = c;
        int quote_size = 1;
        lx->first_lineno = lx->lineno;
        lx->multi_line_start = lx->line_start;
        int after_quote = tok_nextc(lx);
        if (after_quote == quote) {
            int after_after_quote = tok_nextc(lx);
            if (after_after_quote == quote) {
                quote_size = 3;
            } else {
                tok_backup(lx, after_after_quote);
                tok_backup(lx, after_quote);
            }
        }
        if (after_quote != quote)
            tok_backup(lx, after_quote);
        p_start = lx->start;
        p_end = lx->cur;
        if (lx->mode_index + 1 >= PYLEX_MAXFSTRINGLEVEL)
            return MAKE_TOKEN(syntaxerror(lx, "too many nested f-strings"));
        pylex_mode_t *m = &lx->modes[++lx->mode_index];
        memset(m, 0, sizeof *m);
        m->kind = MODE_FSTRING;
        m->quote = quote;
        m->quote_size = quote_size;
        m->start = lx->start;
        m->multi_line_start = lx->line_start;
        m->line_start = lx->lineno;
        m->raw = (lx->start[0] == 'r' || lx->start[0] == 'R' || lx->start[1] == 'r' || lx->start[1] == 'R');
        m->curly_bracket_depth = 0;
        m->curly_bracket_expr_start_depth = -1;
        m->last_expr_end = 0;
        return MAKE_TOKEN(PYTOK_FSTRING_START);
    }

letter_quote:
    /* String */
    if (c == '\'' || c == '"') {
        int quote = c;
        int quote_size = 1;
        int end_quote_size = 0;
        int has_escaped_quote = 0;
        lx->first_lineno = lx->lineno;
        lx->multi_line_start = lx->line_start;
        c = tok_nextc(lx);
        if (c == quote) {
            c = tok_nextc(lx);
            if (c == quote)
                quote_size = 3;
            else
                end_quote_size = 1; /* empty string found */
        }
        if (c != quote)
            tok_backup(lx, c);
        while (end_quote_size != quote_size) {
            c = tok_nextc(lx);
            if (lx->done == PYLEX_E_ERROR)
                return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            if (c == EOF_ || (quote_size == 1 && c == '\n')) {
                /* Report from the opening quote (issue 16806). */
                lx->cur = lx->start + 1;
                lx->line_start = lx->multi_line_start;
                int start = lx->lineno;
                lx->lineno = lx->first_lineno;
                if (INSIDE_FSTRING(lx)) {
                    pylex_mode_t *m = &lx->modes[lx->mode_index];
                    if (m->quote == quote && m->quote_size == quote_size)
                        return MAKE_TOKEN(syntaxerror(lx, "f-string: expecting '}'"));
                }
                if (quote_size == 3) {
                    syntaxerror(lx, "unterminated triple-quoted string literal (detected at line %d)", start);
                    if (c != '\n')
                        lx->done = PYLEX_E_EOFS;
                    return MAKE_TOKEN(PYTOK_ERRORTOKEN);
                }
                if (has_escaped_quote && lx->prof->tok_escaped_quote_hint)
                    syntaxerror(lx,
                                "unterminated string literal (detected at line %d); perhaps you escaped the "
                                "end quote?",
                                start);
                else
                    syntaxerror(lx, "unterminated string literal (detected at line %d)", start);
                if (c != '\n')
                    lx->done = PYLEX_E_EOLS;
                return MAKE_TOKEN(PYTOK_ERRORTOKEN);
            }
            if (c == quote) {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if (c == '\\' && tok_nextc(lx) == quote) /* skip escaped char, noting an escaped quote */
                    has_escaped_quote = 1;
            }
        }
        p_start = lx->start;
        p_end = lx->cur;
        return MAKE_TOKEN(PYTOK_STRING);
    }

    /* Line continuation */
    if (c == '\\') {
        if ((c = tok_continuation_line(lx)) == -1)
            return MAKE_TOKEN(PYTOK_ERRORTOKEN);
        lx->cont_line = 1;
        goto again; /* Read next line */
    }

    /* Punctuation that ends or splits an f-string replacement field (3.12+). */
    if (fstrings && (c == ':' || c == '}' || c == '!' || c == '{') && INSIDE_FSTRING(lx) &&
        INSIDE_FSTRING_EXPR(current_tok)) {
        int cursor = current_tok->curly_bracket_depth - (c != '{');
        if (cursor == 0) {
            if (c == '{')
                current_tok->last_expr_end = 0;
            else
                current_tok->last_expr_end = 1;
        }
        if (c == ':' && cursor == current_tok->curly_bracket_expr_start_depth) {
            current_tok->kind = MODE_FSTRING;
            p_start = lx->start;
            p_end = lx->cur;
            return MAKE_TOKEN(one_char(lx, c));
        }
    }

    /* Check for two-character token */
    {
        int c2 = tok_nextc(lx);
        int token = two_chars(c, c2);
        if (token != PYTOK_OP) {
            int c3 = tok_nextc(lx);
            int token3 = three_chars(c, c2, c3);
            if (token3 != PYTOK_OP)
                token = token3;
            else
                tok_backup(lx, c3);
            p_start = lx->start;
            p_end = lx->cur;
            return MAKE_TOKEN(token);
        }
        tok_backup(lx, c2);
    }

    /* Keep track of parentheses nesting level */
    switch (c) {
    case '(':
    case '[':
    case '{':
        if (lx->level >= PYLEX_MAXLEVEL)
            return MAKE_TOKEN(syntaxerror(lx, "too many nested parentheses"));
        lx->parenstack[lx->level] = (char)c;
        lx->parenlinenostack[lx->level] = lx->lineno;
        lx->parencolstack[lx->level] = (int)(lx->start - lx->line_start);
        lx->level++;
        if (fstrings && INSIDE_FSTRING(lx))
            current_tok->curly_bracket_depth++;
        break;
    case ')':
    case ']':
    case '}': {
        /* 3.12.1+ check a lone '}' of an f-string before the bracket stack */
        if (fstrings && INSIDE_FSTRING(lx) && !current_tok->curly_bracket_depth && c == '}')
            return MAKE_TOKEN(syntaxerror(lx, "f-string: single '}' is not allowed"));
        if (!lx->level)
            return MAKE_TOKEN(syntaxerror(lx, "unmatched '%c'", c));
        lx->level--;
        int opening = lx->parenstack[lx->level];
        if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') || (opening == '{' && c == '}'))) {
            if (fstrings && INSIDE_FSTRING(lx) && opening == '{') {
                int previous_bracket = current_tok->curly_bracket_depth - 1;
                if (previous_bracket == current_tok->curly_bracket_expr_start_depth)
                    return MAKE_TOKEN(syntaxerror(lx, "f-string: unmatched '%c'", c));
            }
            if (lx->parenlinenostack[lx->level] != lx->lineno)
                return MAKE_TOKEN(
                    syntaxerror(lx,
                                "closing parenthesis '%c' does not match opening parenthesis '%c' "
                                "on line %d",
                                c, opening, lx->parenlinenostack[lx->level]));
            return MAKE_TOKEN(syntaxerror(
                lx, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, opening));
        }
        if (fstrings && INSIDE_FSTRING(lx)) {
            current_tok->curly_bracket_depth--;
            if (c == '}' && current_tok->curly_bracket_depth == current_tok->curly_bracket_expr_start_depth) {
                current_tok->curly_bracket_expr_start_depth--;
                current_tok->kind = MODE_FSTRING;
                current_tok->in_debug = 0;
            }
        }
        break;
    }
    default: break;
    }

    if (lx->prof->tok_nonprintable && (c < 0x20 || c == 0x7F)) {
        /* Py_UNICODE_ISPRINTABLE of an ASCII control character. */
        return MAKE_TOKEN(syntaxerror(lx, "invalid non-printable character U+%04X", c));
    }

    if (c == '=' && fstrings && INSIDE_FSTRING_EXPR(current_tok))
        current_tok->in_debug = 1;

    /* Punctuation character */
    p_start = lx->start;
    p_end = lx->cur;
    return MAKE_TOKEN(one_char(lx, c));
}

/* ------------------------------------------------------------------ */
/* tok_get: f-string mode (3.12+)                                       */
/* ------------------------------------------------------------------ */

/* Mirrors tok_get_fstring_mode(): the literal parts of an f-string. */
static int tok_get_fstring_mode(pylex_t *lx, pylex_mode_t *current_tok, pylex_token_t *t)
{
    const char *p_start = NULL, *p_end = NULL;
    int end_quote_size = 0;
    int unicode_escape = 0;

    lx->start = lx->cur;
    lx->first_lineno = lx->lineno;

    /* A bracket right away: nothing literal before it, defer to regular mode. */
    int start_char = tok_nextc(lx);
    if (start_char == '{') {
        int peek1 = tok_nextc(lx);
        tok_backup(lx, peek1);
        tok_backup(lx, start_char);
        if (peek1 != '{') {
            current_tok->curly_bracket_expr_start_depth++;
            if (current_tok->curly_bracket_expr_start_depth >= PYLEX_MAX_EXPR_NESTING)
                return MAKE_TOKEN(syntaxerror(lx, "f-string: expressions nested too deeply"));
            current_tok->kind = MODE_REGULAR;
            return tok_get_normal_mode(lx, current_tok, t);
        }
    } else {
        tok_backup(lx, start_char);
    }

    /* Check if we are at the end of the string */
    for (int i = 0; i < current_tok->quote_size; i++) {
        int quote = tok_nextc(lx);
        if (quote != current_tok->quote) {
            tok_backup(lx, quote);
            goto f_string_middle;
        }
    }
    current_tok->last_expr_end = 0;
    p_start = lx->start;
    p_end = lx->cur;
    lx->mode_index--;
    return MAKE_TOKEN(PYTOK_FSTRING_END);

f_string_middle:
    lx->multi_line_start = lx->line_start;
    while (end_quote_size != current_tok->quote_size) {
        int c = tok_nextc(lx);
        if (lx->done == PYLEX_E_ERROR)
            return MAKE_TOKEN(PYTOK_ERRORTOKEN);
        if (c == EOF_ || (current_tok->quote_size == 1 && c == '\n')) {
            /* A newline ends a format spec: back to the regular mode (3.12.1+). */
            if (c == '\n' && current_tok->last_expr_end && INSIDE_FSTRING_EXPR(current_tok)) {
                tok_backup(lx, c);
                current_tok->kind = MODE_REGULAR;
                p_start = lx->start;
                p_end = lx->cur;
                return MAKE_TOKEN(PYTOK_FSTRING_MIDDLE);
            }
            lx->cur = current_tok->start + 1;
            lx->line_start = current_tok->multi_line_start;
            int start = lx->lineno;
            lx->lineno = current_tok->line_start;
            if (current_tok->quote_size == 3)
                return MAKE_TOKEN(syntaxerror(
                    lx, "unterminated triple-quoted f-string literal (detected at line %d)", start));
            return MAKE_TOKEN(syntaxerror(lx, "unterminated f-string literal (detected at line %d)", start));
        }
        if (c == current_tok->quote) {
            end_quote_size += 1;
            continue;
        }
        end_quote_size = 0;
        int in_format_spec = current_tok->last_expr_end && INSIDE_FSTRING_EXPR(current_tok);
        if (c == '{') {
            int peek = tok_nextc(lx);
            if (peek != '{' || in_format_spec) {
                tok_backup(lx, peek);
                tok_backup(lx, c);
                current_tok->curly_bracket_expr_start_depth++;
                if (current_tok->curly_bracket_expr_start_depth >= PYLEX_MAX_EXPR_NESTING)
                    return MAKE_TOKEN(syntaxerror(lx, "f-string: expressions nested too deeply"));
                current_tok->kind = MODE_REGULAR;
                p_start = lx->start;
                p_end = lx->cur;
            } else {
                p_start = lx->start;
                p_end = lx->cur - 1;
            }
            return MAKE_TOKEN(PYTOK_FSTRING_MIDDLE);
        } else if (c == '}') {
            if (unicode_escape) {
                p_start = lx->start;
                p_end = lx->cur;
                return MAKE_TOKEN(PYTOK_FSTRING_MIDDLE);
            }
            int peek = tok_nextc(lx);
            if (peek == '}' && !in_format_spec) {
                p_start = lx->start;
                p_end = lx->cur - 1;
            } else {
                tok_backup(lx, peek);
                tok_backup(lx, c);
                current_tok->kind = MODE_REGULAR;
                p_start = lx->start;
                p_end = lx->cur;
            }
            return MAKE_TOKEN(PYTOK_FSTRING_MIDDLE);
        } else if (c == '\\') {
            int peek = tok_nextc(lx);
            if (peek == '{' || peek == '}') {
                tok_backup(lx, peek);
                continue;
            }
            if (!current_tok->raw && peek == 'N') {
                /* Named unicode escapes (\N{BULLET}) keep their braces. */
                peek = tok_nextc(lx);
                if (peek == '{')
                    unicode_escape = 1;
                else
                    tok_backup(lx, peek);
            }
        }
    }

    /* Back up the closing quotes: they make the FSTRING_END of the next call. */
    for (int i = 0; i < current_tok->quote_size; i++)
        tok_backup(lx, current_tok->quote);
    p_start = lx->start;
    p_end = lx->cur;
    return MAKE_TOKEN(PYTOK_FSTRING_MIDDLE);
}

int pylex_get(pylex_t *lx, pylex_token_t *t)
{
    pylex_mode_t *current_tok = &lx->modes[lx->mode_index];
    int type;
    if (current_tok->kind == MODE_REGULAR)
        type = tok_get_normal_mode(lx, current_tok, t);
    else
        type = tok_get_fstring_mode(lx, current_tok, t);
    if (lx->decoding_erred) {
        t->type = type = PYTOK_ERRORTOKEN;
        lx->done = PYLEX_E_DECODE;
    }
    return type;
}

const char *pylex_type_name(int type)
{
    static const char *names[] = {"ENDMARKER",
                                  "NAME",
                                  "NUMBER",
                                  "STRING",
                                  "NEWLINE",
                                  "INDENT",
                                  "DEDENT",
                                  "LPAR",
                                  "RPAR",
                                  "LSQB",
                                  "RSQB",
                                  "COLON",
                                  "COMMA",
                                  "SEMI",
                                  "PLUS",
                                  "MINUS",
                                  "STAR",
                                  "SLASH",
                                  "VBAR",
                                  "AMPER",
                                  "LESS",
                                  "GREATER",
                                  "EQUAL",
                                  "DOT",
                                  "PERCENT",
                                  "LBRACE",
                                  "RBRACE",
                                  "EQEQUAL",
                                  "NOTEQUAL",
                                  "LESSEQUAL",
                                  "GREATEREQUAL",
                                  "TILDE",
                                  "CIRCUMFLEX",
                                  "LEFTSHIFT",
                                  "RIGHTSHIFT",
                                  "DOUBLESTAR",
                                  "PLUSEQUAL",
                                  "MINEQUAL",
                                  "STAREQUAL",
                                  "SLASHEQUAL",
                                  "PERCENTEQUAL",
                                  "AMPEREQUAL",
                                  "VBAREQUAL",
                                  "CIRCUMFLEXEQUAL",
                                  "LEFTSHIFTEQUAL",
                                  "RIGHTSHIFTEQUAL",
                                  "DOUBLESTAREQUAL",
                                  "DOUBLESLASH",
                                  "DOUBLESLASHEQUAL",
                                  "AT",
                                  "ATEQUAL",
                                  "RARROW",
                                  "ELLIPSIS",
                                  "COLONEQUAL",
                                  "EXCLAMATION",
                                  "OP",
                                  "FSTRING_START",
                                  "FSTRING_MIDDLE",
                                  "FSTRING_END",
                                  "ERRORTOKEN"};
    if (type < 0 || type >= PYTOK_N_TYPES)
        return "?";
    return names[type];
}
