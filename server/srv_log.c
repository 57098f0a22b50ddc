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

void srv_log_request(const char *client, const char *method, size_t method_len, const char *path,
                     size_t path_len, int status, double seconds)
{
    char m[4 * LOG_METHOD_MAX + 4], p[4 * LOG_PATH_MAX + 4];
    srv_log_escape(m, method, method_len, LOG_METHOD_MAX);
    srv_log_escape(p, path, path ? path_len : 0, LOG_PATH_MAX);
    /* whole microseconds: printf's float formatting was a few percent of a
     * small request's CPU */
    long long us = seconds > 0 ? (long long)(seconds * 1e6 + 0.5) : 0;
    fprintf(stderr, "%s %s %s %d %lld.%03lldms\n", client && *client ? client : "-", m, p, status, us / 1000,
            us % 1000);
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
