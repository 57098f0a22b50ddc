/*
 * srv_log.c — the request log and libmicrohttpd's messages (see srv_log.h).
 *
 * stderr is fully buffered (main.c flushes it every 200 ms); stdio's own lock
 * keeps each fprintf whole, so lines from different threads never interleave.
 */
#include "srv_log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LOG_METHOD_MAX 32 /* source bytes of a method logged; longer ones end in "..." */
#define LOG_PATH_MAX 512  /* source bytes of a path logged */
#define MHD_LINES_PER_SEC 5

char *srv_log_escape(char *dst, const char *src, size_t n, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    char *o = dst;
    if (!src || !n) {
        strcpy(dst, "-");
        return dst;
    }
    for (size_t i = 0; i < n && i < max; i++) {
        unsigned char b = (unsigned char)src[i];
        if (b > 0x20 && b < 0x7f && b != '\\') {
            *o++ = (char)b;
        } else {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[b >> 4];
            *o++ = hex[b & 15];
        }
    }
    if (n > max) {
        memcpy(o, "...", 3);
        o += 3;
    }
    *o = 0;
    return dst;
}

/* Appends the decimal digits of v at o; returns the end. */
static char *put_uint(char *o, unsigned long long v)
{
    char d[24];
    int n = 0;
    do
        d[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *o++ = d[--n];
    return o;
}

void srv_log_request(const char *client, const char *method, size_t method_len, const char *path,
                     size_t path_len, int status, double seconds)
{
    char line[64 + 4 * LOG_METHOD_MAX + 4 * LOG_PATH_MAX + 64], *o = line;
    /* the line is composed here and written by one fwrite() (stdio's lock
     * keeps it whole): fprintf's formatting was 4% of a small request's CPU */
    size_t cn = client && *client ? strnlen(client, 63) : 0;
    memcpy(o, cn ? client : "-", cn ? cn : 1);
    o += cn ? cn : 1;
    *o++ = ' ';
    o += strlen(srv_log_escape(o, method, method_len, LOG_METHOD_MAX));
    *o++ = ' ';
    o += strlen(srv_log_escape(o, path, path ? path_len : 0, LOG_PATH_MAX));
    *o++ = ' ';
    o = put_uint(o, status > 0 ? (unsigned)status : 0);
    *o++ = ' ';
    long long us = seconds > 0 ? (long long)(seconds * 1e6 + 0.5) : 0; /* whole microseconds */
    o = put_uint(o, (unsigned long long)(us / 1000));
    *o++ = '.';
    unsigned frac = (unsigned)(us % 1000);
    *o++ = (char)('0' + frac / 100);
    *o++ = (char)('0' + frac / 10 % 10);
    *o++ = (char)('0' + frac % 10);
    memcpy(o, "ms\n", 3);
    o += 3;
    fwrite(line, 1, (size_t)(o - line), stderr);
}

void srv_log_mhd(void *cls, const char *fmt, va_list ap)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static time_t window;
    static unsigned written, dropped;
    char msg[512], esc[4 * sizeof msg + 4];
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    if (n < 0)
        return;
    size_t len = strnlen(msg, sizeof msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
        len--;
    /* messages keep their spaces: only the escaping of control bytes matters here */
    char *o = esc;
    srv_log_escape(esc, msg, len, sizeof msg);
    for (char *s = esc; *s; s++) {
        if (!strncmp(s, "\\x20", 4)) {
            *o++ = ' ';
            s += 3;
        } else {
            *o++ = *s;
        }
    }
    *o = 0;
    pthread_mutex_lock(&lock);
    time_t now = time(NULL);
    if (now != window) {
        window = now;
        written = 0;
    }
    if (written < MHD_LINES_PER_SEC) {
        written++;
        if (dropped)
            fprintf(stderr, "heapd: mhd: (%u more messages left out)\n", dropped);
        dropped = 0;
        fprintf(stderr, "heapd: mhd: %s\n", esc);
    } else {
        dropped++;
    }
    pthread_mutex_unlock(&lock);
}
