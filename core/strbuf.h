/*
 * strbuf.h — a growable string for reprs and messages.
 */
#ifndef HEAPD_STRBUF_H
#define HEAPD_STRBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *buf;
    size_t len, cap;
} strbuf_t;

void sb_init(strbuf_t *sb);
void sb_free(strbuf_t *sb);
void sb_putc(strbuf_t *sb, char c);
void sb_puts(strbuf_t *sb, const char *s);
void sb_putn(strbuf_t *sb, const char *s, size_t n);
void sb_printf(strbuf_t *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal, as %lld */
void sb_put_int(strbuf_t *sb, int64_t v);
/* v as 0x and lowercase hex digits, as 0x%llx */
void sb_put_hex(strbuf_t *sb, uint64_t v);
/* Appends code point cp as UTF-8. */
void sb_put_utf8(strbuf_t *sb, uint32_t cp);
/* Takes the built string (NUL-terminated, never NULL); sb is reset. */
char *sb_take(strbuf_t *sb);
/* Appends WTF-8 text as sys.stdout (C.UTF-8, surrogateescape) writes it:
 * U+DC80..U+DCFF become the bytes 0x80..0xFF. */
void sb_put_stdout(strbuf_t *sb, const char *t, size_t len);

#endif
