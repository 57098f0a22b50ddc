#include "strbuf.h"
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf_t *sb)
{
    memset(sb, 0, sizeof *sb);
}
void sb_free(strbuf_t *sb)
{
    free(sb->buf);
    sb_init(sb);
}

static void reserve(strbuf_t *sb, size_t more)
{
    if (sb->len + more + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + more + 1)
        cap *= 2;
    char *p = xrealloc(sb->buf, cap);
    sb->buf = p;
    sb->cap = cap;
}

void sb_putc(strbuf_t *sb, char c)
{
    reserve(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = 0;
}

void sb_puts(strbuf_t *sb, const char *s)
{
    sb_putn(sb, s, strlen(s));
}

void sb_putn(strbuf_t *sb, const char *s, size_t n)
{
    reserve(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = 0;
}

/* Formats into the room the buffer has; only a text that does not fit is
 * formatted a second time, after the buffer grows. */
void sb_printf(strbuf_t *sb, const char *fmt, ...)
{
    va_list ap;
    reserve(sb, 48);
    size_t room = sb->cap - sb->len;
    va_start(ap, fmt);
    int n = vsnprintf(sb->buf + sb->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->buf[sb->len] = 0;
        return;
    }
    if ((size_t)n >= room) {
        reserve(sb, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    sb->len += (size_t)n;
}

/* v's decimal digits, ending at end; returns where they start */
static char *digits(char *end, uint64_t v)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

void sb_put_int(strbuf_t *sb, int64_t v)
{
    char b[24], *end = b + sizeof b;
    char *p = digits(end, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
    if (v < 0)
        *--p = '-';
    sb_putn(sb, p, (size_t)(end - p));
}

void sb_put_hex(strbuf_t *sb, uint64_t v)
{
    char b[20], *p = b + sizeof b;
    do
        *--p = "0123456789abcdef"[v & 15];
    while (v >>= 4);
    *--p = 'x';
    *--p = '0';
    sb_putn(sb, p, (size_t)(b + sizeof b - p));
}

void sb_put_utf8(strbuf_t *sb, uint32_t cp)
{
    if (cp < 0x80) {
        sb_putc(sb, (char)cp);
    } else if (cp < 0x800) {
        sb_putc(sb, (char)(0xC0 | (cp >> 6)));
        sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sb_putc(sb, (char)(0xE0 | (cp >> 12)));
        sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    } else {
        sb_putc(sb, (char)(0xF0 | (cp >> 18)));
        sb_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
        sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    }
}

char *sb_take(strbuf_t *sb)
{
    char *s = sb->buf;
    if (!s) {
        s = xmalloc(1);
        s[0] = 0;
    }
    sb_init(sb);
    return s;
}

/* Appends WTF-8 text as sys.stdout writes it: surrogateescape turns
 * U+DC80..U+DCFF (ED B2 80 .. ED B3 BF) back into the byte 0x80..0xFF, which
 * the event's JSON text reads as one U+FFFD, as decoding stdout with
 * errors="replace" does. Other lone surrogates never get here
 * (print raised UnicodeEncodeError first). */
void sb_put_stdout(strbuf_t *sb, const char *t, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        const unsigned char *q = (const unsigned char *)t + i;
        if (q[0] != 0xED || (q[1] != 0xB2 && q[1] != 0xB3) || (q[2] & 0xC0) != 0x80)
            continue;
        sb_putn(sb, t + from, i - from);
        char byte = (char)(((q[1] & 0x03u) << 6) | (q[2] & 0x3Fu));
        sb_putn(sb, &byte, 1);
        from = i + 3;
        i += 2;
    }
    sb_putn(sb, t + from, len - from);
}
