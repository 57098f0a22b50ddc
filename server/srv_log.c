/*
 * srv_log.c — the request log and libmicrohttpd's messages (see srv_log.h).
 *
 * Lines go into a buffer in memory; one thread of its own writes the buffer
 * to stderr, every 200 ms or as soon as a quarter of it is full. A request's
 * thread never waits on stderr: a reader of it that stops reading (a pipe
 * left full) blocks the writer alone, and what does not fit in the buffer
 * meanwhile is dropped, counted, and said on the next line written. (heapd
 * wrote through a 64 KiB stdio buffer on stderr: once the pipe and that
 * buffer were full, every thread that logged waited, the main loop's flush
 * too, and /healthz, the deadlines and a stop signal with them.)
 */
#include "srv_log.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_BUF (256 << 10)  /* bytes of each of the two buffers: a second of lines under full load */
#define LOG_FLUSH_MS 200     /* the writer's period when lines come slowly */
#define LOG_STACK (64 << 10) /* the writer's stack */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* the writer's: a quarter full, or stopping */
    char bufs[2][LOG_BUF];
    int fill;                      /* the buffer lines go into; the writer writes the other */
    size_t used;                   /* bytes of lines in bufs[fill] */
    unsigned long long dropped;    /* lines that did not fit since the writer last took the buffer */
    bool started, stopping, woken; /* woken: the writer was signalled for this buffer */
    pthread_t thread;
} g_log = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* write(2) of all n bytes, however long stderr takes; gives up on an error
 * other than EINTR (stderr closed: nothing is left to tell) */
static void write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EAGAIN) { /* an O_NONBLOCK stderr inherited from the parent */
            struct pollfd pf = {.fd = STDERR_FILENO, .events = POLLOUT};
            poll(&pf, 1, LOG_FLUSH_MS);
        } else if (!(w < 0 && errno == EINTR)) {
            return;
        }
    }
}

static void *writer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_log.lock);
    for (;;) {
        if (!g_log.stopping && g_log.used < LOG_BUF / 4) {
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_nsec += LOG_FLUSH_MS * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&g_log.wake, &g_log.lock, &until);
        }
        char *out = g_log.bufs[g_log.fill];
        size_t n = g_log.used;
        unsigned long long dropped = g_log.dropped;
        bool stopping = g_log.stopping;
        g_log.fill ^= 1;
        g_log.used = 0;
        g_log.dropped = 0;
        g_log.woken = false;
        pthread_mutex_unlock(&g_log.lock);
        write_all(out, n);
        if (dropped) {
            char line[160];
            int k = snprintf(line, sizeof line,
                             "heapd: %llu log lines dropped: stderr was not read fast enough\n", dropped);
            write_all(line, (size_t)k);
        }
        pthread_mutex_lock(&g_log.lock);
        if (stopping && !g_log.used && !g_log.dropped)
            break;
    }
    pthread_mutex_unlock(&g_log.lock);
    return NULL;
}

bool srv_log_start(void)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* a clock stepped back must not stall the log */
    pthread_cond_init(&g_log.wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, LOG_STACK);
    bool ok = pthread_create(&g_log.thread, &attr, writer, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (ok) {
        pthread_mutex_lock(&g_log.lock);
        g_log.started = true;
        pthread_mutex_unlock(&g_log.lock);
    }
    return ok;
}

void srv_log_stop(double wait_seconds)
{
    pthread_mutex_lock(&g_log.lock);
    bool started = g_log.started;
    g_log.stopping = true;
    pthread_cond_signal(&g_log.wake);
    pthread_mutex_unlock(&g_log.lock);
    if (!started)
        return;
    /* a writer blocked on a stderr nobody reads is left behind: the process
     * ends around it */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until); /* pthread_timedjoin_np()'s clock */
    until.tv_sec += (time_t)wait_seconds;
    until.tv_nsec += (long)((wait_seconds - (double)(time_t)wait_seconds) * 1e9);
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    if (pthread_timedjoin_np(g_log.thread, NULL, &until) == 0) {
        pthread_mutex_lock(&g_log.lock);
        g_log.started = false; /* what is said from now on is written directly */
        pthread_mutex_unlock(&g_log.lock);
    }
}

void srv_log_line(const char *line, size_t n)
{
    pthread_mutex_lock(&g_log.lock);
    if (!g_log.started) { /* before the writer (start-up: one thread) or after it */
        pthread_mutex_unlock(&g_log.lock);
        write_all(line, n);
        return;
    }
    if (n <= LOG_BUF - g_log.used) {
        memcpy(g_log.bufs[g_log.fill] + g_log.used, line, n);
        g_log.used += n;
        if (g_log.used >= LOG_BUF / 4 && !g_log.woken) {
            g_log.woken = true;
            pthread_cond_signal(&g_log.wake);
        }
    } else {
        g_log.dropped++;
    }
    pthread_mutex_unlock(&g_log.lock);
}

void srv_log_printf(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2;
    if (!len || line[len - 1] != '\n')
        line[len++] = '\n';
    srv_log_line(line, len);
}

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
    /* the line is composed here, not by a printf: fprintf's formatting was
     * 4% of a small request's CPU */
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
    srv_log_line(line, (size_t)(o - line));
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
            srv_log_printf("heapd: mhd: (%u more messages left out)", dropped);
        dropped = 0;
        srv_log_printf("heapd: mhd: %s", esc);
    } else {
        dropped++;
    }
    pthread_mutex_unlock(&lock);
}
