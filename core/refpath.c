/*
 * refpath.c — parse and evaluate reference paths, raising what CPython
 * raises for the equivalent expression (NameError, AttributeError,
 * IndexError, KeyError, TypeError).
 */
#include "refpath.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "code.h"
#include "containers.h"
#include "heap_internal.h"
#include "num.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"
#include "mem.h"

#define MAX_PATH 1024
#define MAX_IDENT 255

typedef enum { STEP_NAME, STEP_ATTR, STEP_INDEX, STEP_BIGINDEX, STEP_KEY } step_kind_t;

typedef struct {
    step_kind_t kind;
    char text[MAX_PATH + 1]; /* name, attribute or key (UTF-8) */
    size_t len;              /* a key's bytes: it may hold NUL ('\x00') */
    int64_t index;
} step_t;

/* The length of the identifier at p. With `ascii`, only [A-Za-z_][A-Za-z0-9_]*
 * (the JSON operations' names, API.md); else any UTF-8 byte of a non-ASCII
 * code point counts too: such a path comes from Python source, whose
 * identifiers the parser has checked (XID_Start/XID_Continue) and NFKC-normalized. */
static size_t ident_len(const char *p, bool ascii)
{
    size_t n = 0;
#define IS_WIDE(ch) (!ascii && (unsigned char)(ch) >= 0x80)
    if (!(isalpha((unsigned char)p[0]) || p[0] == '_' || IS_WIDE(p[0])))
        return 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_' || IS_WIDE(p[n]))
        n++;
#undef IS_WIDE
    return n;
}

static bool is_dunder(const char *s, size_t n)
{
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

bool refpath_is_identifier(const char *s)
{
    size_t n = ident_len(s, true);
    return n > 0 && n <= MAX_IDENT && s[n] == 0 && !is_dunder(s, n);
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex_digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isxdigit((unsigned char)p[i]))
            return -1;
        v = v * 16 + (isdigit((unsigned char)p[i]) ? p[i] - '0' : (tolower((unsigned char)p[i]) - 'a' + 10));
    }
    return v;
}

/* The escape at *pp (a backslash) in a quoted key, read as a Python str
 * literal's (decode_unicode_with_escapes() / _PyUnicode_DecodeUnicodeEscape):
 * the code point, *pp moved past it; an unknown escape keeps its backslash
 * (returned alone, the next character read on its own). -1 for a malformed
 * one (CPython's SyntaxError). A surrogate is kept (a str holds its 3-byte
 * form, put_utf8()). */
static int key_escape(const char **pp)
{
    const char *p = *pp + 1;
    int cp;
    switch (*p) {
    case '\\':
        cp = '\\';
        p++;
        break;
    case '\'':
        cp = '\'';
        p++;
        break;
    case '"':
        cp = '"';
        p++;
        break;
    case 'n':
        cp = '\n';
        p++;
        break;
    case 't':
        cp = '\t';
        p++;
        break;
    case 'r':
        cp = '\r';
        p++;
        break;
    case 'a':
        cp = 7;
        p++;
        break;
    case 'b':
        cp = 8;
        p++;
        break;
    case 'f':
        cp = 12;
        p++;
        break;
    case 'v':
        cp = 11;
        p++;
        break;
    case 'x':
        cp = hex_digits(p + 1, 2);
        p += 3;
        break;
    case 'u':
        cp = hex_digits(p + 1, 4);
        p += 5;
        break;
    case 'U':
        cp = hex_digits(p + 1, 8);
        if (cp > 0x10FFFF)
            cp = -1;
        p += 9;
        break;
    default:
        if (*p >= '0' && *p <= '7') {
            cp = 0;
            for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++)
                cp = cp * 8 + (*p++ - '0');
            break;
        }
        if (*p == 'N' || !*p)
            return -1; /* \N{...}: the name database is not here */
        *pp += 1;      /* unknown: the backslash stays, the next character is read alone */
        return '\\';
    }
    if (cp >= 0)
        *pp = p;
    return cp;
}

/* Reads the next step at *pp; returns false with err on a syntax error. */
static bool next_step(const char **pp, step_t *st, bool first, bool ascii, char *err, size_t errlen)
{
    const char *p = *pp;
    if (first || *p == '.') {
        if (!first)
            p++;
        size_t n = ident_len(p, ascii);
        if (n == 0 || n > MAX_IDENT) {
            snprintf(err, errlen, "expected an identifier at offset %zu", (size_t)(p - *pp));
            return false;
        }
        if (is_dunder(p, n)) {
            snprintf(err, errlen, "dunder attributes are not reachable: '%.*s'", (int)n, p);
            return false;
        }
        st->kind = first ? STEP_NAME : STEP_ATTR;
        memcpy(st->text, p, n);
        st->text[n] = 0;
        *pp = p + n;
        return true;
    }
    if (*p != '[') {
        snprintf(err, errlen, "unexpected character '%c'", *p);
        return false;
    }
    p++;
    if (*p == '\'' || *p == '"') {
        char q = *p++;
        size_t n = 0;
        while (*p && *p != q) {
            if (n + 4 > MAX_PATH) {
                snprintf(err, errlen, "key too long");
                return false;
            }
            if ((unsigned char)p[0] == 0xED && ((unsigned char)p[1] & 0xE0) == 0xA0) {
                /* a lone surrogate itself (JSON's "\ud800"): no Python source holds one */
                snprintf(err, errlen, "a lone surrogate in key (write it as the escape \\u%04x)",
                         0xD000 | (((unsigned char)p[1] & 0x3F) << 6) | ((unsigned char)p[2] & 0x3F));
                return false;
            }
            if (*p == '\n' || *p == '\r') { /* CPython: "unterminated string literal" */
                snprintf(err, errlen, "unterminated key (a line break in it)");
                return false;
            }
            if (*p != '\\') {
                st->text[n++] = *p++;
                continue;
            }
            if (p[1] == '\n' || p[1] == '\r') { /* a backslash at the end of a line: the literal goes on
                                                 * (string_parser.c: decode_unicode_with_escapes() drops
                                                 * "\\\n"; compile() reads "\r\n" and "\r" as "\n") */
                p += 2 + (p[1] == '\r' && p[2] == '\n');
                continue;
            }
            int cp = key_escape(&p);
            if (cp < 0) {
                snprintf(err, errlen, "bad escape in key");
                return false;
            }
            n += put_utf8(st->text + n, (unsigned)cp);
        }
        if (*p != q || p[1] != ']') {
            snprintf(err, errlen, "unterminated key");
            return false;
        }
        st->text[n] = 0;
        st->len = n;
        st->kind = STEP_KEY;
        *pp = p + 2;
        return true;
    }
    char *end;
    const char *digits = p + (*p == '-');
    if (!isdigit((unsigned char)*digits)) {
        snprintf(err, errlen, "expected an integer or a quoted key after '['");
        return false;
    }
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (errno == ERANGE) /* past int64: a big int, as the literal is in Python */
        for (end = (char *)digits; isdigit((unsigned char)*end); end++)
            ;
    /* a Python int literal: no leading zeros before other digits (CPython's SyntaxError) */
    if (*end != ']' || (digits[0] == '0' && strspn(digits, "0") < (size_t)(end - digits))) {
        snprintf(err, errlen, "bad index");
        return false;
    }
    st->kind = errno == ERANGE ? STEP_BIGINDEX : STEP_INDEX;
    st->index = v;
    if (st->kind == STEP_BIGINDEX) { /* the path is at most MAX_PATH long: so are its digits */
        memcpy(st->text, p, (size_t)(end - p));
        st->text[end - p] = 0;
    }
    *pp = end + 1;
    return true;
}

bool refpath_check(const char *path, char *err, size_t errlen)
{
    if (strlen(path) > MAX_PATH) {
        snprintf(err, errlen, "reference path longer than %d characters", MAX_PATH);
        return false;
    }
    step_t st;
    const char *p = path;
    bool first = true;
    while (first || *p) {
        if (!next_step(&p, &st, first, true, err, errlen))
            return false;
        first = false;
    }
    return true;
}

void refpath_each_name(const char *path, void (*fn)(const char *name, bool root, void *arg), void *arg)
{
    step_t st;
    char err[96];
    const char *p = path;
    for (bool first = true; first || *p; first = false) {
        if (!next_step(&p, &st, first, false, err, sizeof err))
            return;
        if (st.kind == STEP_NAME || st.kind == STEP_ATTR)
            fn(st.text, st.kind == STEP_NAME, arg);
    }
}

obj_t *refpath_keyword_constant(heap_t *h, const char *name)
{
    return !strcmp(name, "None")    ? h->none
           : !strcmp(name, "True")  ? h->true_
           : !strcmp(name, "False") ? h->false_
                                    : NULL;
}

obj_t *refpath_eval(heap_t *h, const heap_ref_t *ref)
{
    if (!ref->path) {
        obj_t *o = addrmap_get(&h->by_addr, ref->id);
        if (!o || (o->flags & OF_HIDDEN)) {
            exc_set(h->exc, ST_NOTFOUND, "not_found", "no live object with id %llu",
                    (unsigned long long)ref->id);
            return NULL;
        }
        return obj_newref(o);
    }
    const char *p = ref->path;
    char err[128];
    step_t st;
    obj_t *cur = NULL;
    bool first = true;
    while (first || *p) {
        if (!next_step(&p, &st, first, false, err, sizeof err)) {
            if (cur)
                obj_decref(h, cur);
            exc_set(h->exc, ST_BADREQ, "bad_request", "bad reference path '%s': %s", ref->path, err);
            return NULL;
        }
        obj_t *next = NULL;
        if (st.kind == STEP_NAME && refpath_keyword_constant(h, st.text)) {
            next = obj_newref(refpath_keyword_constant(h, st.text));
        } else if (st.kind == STEP_NAME && code_frame_local(h, st.text, strlen(st.text))) {
            next = obj_newref(code_frame_local(h, st.text, strlen(st.text))); /* LOAD_FAST */
        } else if (st.kind == STEP_NAME) {
            next = heap_name_get(h, st.text);
            bool builtin = !next && profile_is_builtin(h->prof, st.text);
            if (builtin && !ref->names_only) { /* LOAD_NAME's fallback */
                exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "the builtin '%.60s' as a value", st.text);
                return NULL;
            }
            if (!next) {
                exc_set(h->exc, ST_PYEXC, "NameError", "name '%s' is not defined", st.text);
                size_t n = strlen(st.text); /* a builtin's name is short */
                if (builtin && n < sizeof h->exc->hidden_builtin)
                    memcpy(h->exc->hidden_builtin, st.text, n + 1);
                return NULL;
            }
            next = obj_newref(next);
        } else if (st.kind == STEP_ATTR) {
            next = obj_getattr(h, cur, st.text);
        } else {
            /* x[<int literal>]: PyObject_GetItem() with the int, whatever its size
             * (a list's IndexError "cannot fit 'int' into an index-sized integer") */
            obj_t *key = st.kind == STEP_INDEX      ? int_from_i64(h, st.index)
                         : st.kind == STEP_BIGINDEX ? int_from_decimal(h, st.text)
                                                    : str_constant(h, st.text, st.len);
            next = obj_getitem(h, cur, key);
            obj_decref(h, key);
        }
        if (cur)
            obj_decref(h, cur);
        if (!next)
            return NULL;
        cur = next;
        first = false;
    }
    return cur;
}
