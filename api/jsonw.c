/*
 * jsonw.c — the JSON writer (see jsonw.h).
 */
#include "jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void jw_init(jw_t *w)
{
    memset(w, 0, sizeof *w);
    w->first[0] = true;
}

void jw_free(jw_t *w)
{
    free(w->buf);
    jw_init(w);
}

static void grow(jw_t *w, size_t more)
{
    size_t cap = w->cap ? w->cap : 256;
    while (cap < w->len + more + 1)
        cap *= 2;
    w->buf = xrealloc(w->buf, cap);
    w->cap = cap;
}

/* Room for more bytes and the NUL jw_take() puts after them. */
static inline void reserve(jw_t *w, size_t more)
{
    if (w->len + more + 1 > w->cap)
        grow(w, more);
}

char *jw_take(jw_t *w, size_t *len)
{
    reserve(w, 0);
    w->buf[w->len] = 0;
    char *b = w->buf;
    if (len)
        *len = w->len;
    jw_init(w);
    return b;
}

static inline void put(jw_t *w, const char *s, size_t n)
{
    reserve(w, n);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static inline void putc_(jw_t *w, char c)
{
    reserve(w, 1);
    w->buf[w->len++] = c;
}

/* Before a value or a key: the comma, unless first in its container or a value after its key. */
static void sep(jw_t *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth])
        putc_(w, ',');
    w->first[w->depth] = false;
}

static void open_(jw_t *w, char c)
{
    sep(w);
    putc_(w, c);
    if (w->depth + 1 < JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void close_(jw_t *w, char c)
{
    putc_(w, c);
    if (w->depth > 0)
        w->depth--;
}

void jw_obj(jw_t *w)
{
    open_(w, '{');
}
void jw_end_obj(jw_t *w)
{
    close_(w, '}');
}
void jw_arr(jw_t *w)
{
    open_(w, '[');
}
void jw_end_arr(jw_t *w)
{
    close_(w, ']');
}

/* Reads one UTF-8 sequence. An ill-formed one (a stray continuation byte,
 * a lead byte that cannot start one, an overlong form, a surrogate, past
 * U+10FFFF, cut short) reads as U+FFFD, one byte consumed: the writer's
 * output is valid JSON whatever bytes reach it (a name cut by a message's
 * %.60s, a query parameter's raw bytes). The Unicode standard's table of
 * well-formed byte sequences (table 3-7), as jansson's utf8_check_full(). */
static uint32_t utf8_next(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    uint32_t c = *p;
    int more = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    *pp = p + 1;
    if (c < 0x80)
        return c;
    if (!more || end - (p + 1) < more)
        return 0xFFFD;
    /* the second byte's range narrows after E0, ED, F0 and F4 */
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi)
        return 0xFFFD;
    c &= 0x3Fu >> more;
    for (int i = 1; i <= more; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0xFFFD;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *pp = p + 1 + more;
    return c;
}

/* jansson's dump_string() with JSON_ENSURE_ASCII: \" \\ \b \f \n \r \t, other
 * controls and everything past ASCII as \uXXXX (uppercase, surrogate pairs) */
static void quoted(jw_t *w, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    reserve(w, n + 2);
    /* the common case, a name or a repr with nothing to escape, copied as it
     * is checked into the room just reserved (a call to memcpy() per run cost
     * more than the copy for the short keys and names of every answer) */
    char *o = w->buf + w->len;
    *o++ = '"';
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        *o++ = (char)*p++;
    w->len = (size_t)(o - w->buf);
    if (p == end) {
        w->buf[w->len++] = '"';
        return;
    }
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            put(w, (const char *)run, (size_t)(p - run));
        if (p >= end)
            break;
        char esc[16];
        uint32_t c = *p;
        switch (c) {
        case '"':
            put(w, "\\\"", 2);
            p++;
            continue;
        case '\\':
            put(w, "\\\\", 2);
            p++;
            continue;
        case '\b':
            put(w, "\\b", 2);
            p++;
            continue;
        case '\f':
            put(w, "\\f", 2);
            p++;
            continue;
        case '\n':
            put(w, "\\n", 2);
            p++;
            continue;
        case '\r':
            put(w, "\\r", 2);
            p++;
            continue;
        case '\t':
            put(w, "\\t", 2);
            p++;
            continue;
        default: break;
        }
        if (c < 0x20) {
            p++;
        } else {
            c = utf8_next(&p, end);
        }
        if (c > 0xFFFF) {
            c -= 0x10000;
            snprintf(esc, sizeof esc, "\\u%04X\\u%04X", 0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF));
        } else {
            snprintf(esc, sizeof esc, "\\u%04X", c);
        }
        put(w, esc, strlen(esc));
    }
    putc_(w, '"');
}

void jw_key_lit(jw_t *w, const char *quoted_key, size_t n)
{
    sep(w);
    put(w, quoted_key, n);
    w->after_key = true;
}

void jw_key(jw_t *w, const char *key)
{
    sep(w);
    quoted(w, key, strlen(key));
    putc_(w, ':');
    w->after_key = true;
}

void jw_strn(jw_t *w, const char *s, size_t n)
{
    sep(w);
    quoted(w, s, n);
}

void jw_str(jw_t *w, const char *s)
{
    jw_strn(w, s, strlen(s));
}

/* v's decimal digits, ending at end; returns where they start (snprintf
 * was a tenth of a batch's answer) */
static char *digits(char *end, uint64_t v)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

void jw_int(jw_t *w, int64_t v)
{
    char b[24], *end = b + sizeof b;
    char *p = digits(end, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
    if (v < 0)
        *--p = '-';
    sep(w);
    put(w, p, (size_t)(end - p));
}

void jw_uint(jw_t *w, uint64_t v)
{
    char b[24], *end = b + sizeof b;
    char *p = digits(end, v);
    sep(w);
    put(w, p, (size_t)(end - p));
}

void jw_bool(jw_t *w, bool v)
{
    sep(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(jw_t *w)
{
    sep(w);
    put(w, "null", 4);
}

void jw_raw(jw_t *w, const char *json, size_t n)
{
    sep(w);
    put(w, json, n);
}

void jw_kstr(jw_t *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_str(w, s);
}

void jw_kint(jw_t *w, const char *key, int64_t v)
{
    jw_key(w, key);
    jw_int(w, v);
}

void jw_kbool(jw_t *w, const char *key, bool v)
{
    jw_key(w, key);
    jw_bool(w, v);
}
