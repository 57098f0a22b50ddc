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

void sb_printf(strbuf_t *sb, const char *fmt, ...)
{
    va_list ap;
    char probe[1];
    va_start(ap, fmt);
    int n = vsnprintf(probe, sizeof probe, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
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
