/*
 * main.c — heapd: libmicrohttpd in front of the api layer.
 *
 * A pool of polling threads serves connections; the requests run on a pool
 * of workers (srv_pool.h) while their connections are suspended, so no
 * statement ever holds up a polling thread: /healthz answers at once. The
 * body is gathered across access-handler calls and answered on the last.
 * SIGTERM/SIGINT/SIGHUP stop accepting, let open connections finish (at most
 * the connection timeout), exit 0.
 *
 * Per request, in libmicrohttpd's order:
 *   uri_logged()  the request line is in: keep the raw target (the query
 *                 goes to the api exactly as sent), check its length;
 *   handler()     first call: headers complete; then body pieces; the last
 *                 call answers;
 *   completed()   the answer is sent or the connection is gone: one log
 *                 line, free the request.
 * Per connection, conn_notify() opens and closes its srv_guard record: the
 * guard applies the connection caps on accept, and the main loop enforces
 * its deadlines (srv_guard.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "config.h"
#include "srv_guard.h"
#include "srv_log.h"
#include "srv_pool.h"

/* The memory libmicrohttpd gives one connection for its request line,
 * headers and answer headers: room for a --max-uri target and 24 KiB of
 * headers, at least libmicrohttpd's default 32 KiB. A target up to it gets
 * heapd's JSON 414; a request line or headers that do not fit get
 * libmicrohttpd's own 414 / 431 (a short HTML body), and those that fit but
 * leave no room for an answer heapd's 431 (answer_may_not_fit()). libmicrohttpd zeroes
 * what a request used of it before the next one on the connection: at
 * 128 KiB that was a tenth of a small request's CPU (perf, wrk -c32). */
#define CONN_MEMORY(max_uri) ((max_uri) + (24 << 10) > (32 << 10) ? (max_uri) + (24 << 10) : (32 << 10))
/* What one record of libmicrohttpd 0.9.75 costs in a connection's memory:
 * a struct MHD_HTTP_Header (seven words) rounded to its pool's alignment
 * (two words), for each header, cookie and argument of a request. */
#define MHD_RECORD_SIZE 64
/* Room kept in the connection's memory for an answer's status line and
 * headers beside the CORS ones (api_cors_headers() adds theirs): Date,
 * Content-Type, Content-Length, Connection, Allow, Retry-After,
 * Access-Control-Expose-Headers. Then the
 * bytes of a pipelined next request libmicrohttpd may have read beyond a
 * request that filled its memory (it grows a full buffer by 128 bytes; 1 KiB
 * measured safe). */
#define ANSWER_ROOM 512
#define READ_AHEAD_ROOM 1024
/* the polling threads' stacks, whatever the process's stack limit: they run
 * the bounded statements of small heaps (answered_inline()), whose deepest
 * walks (a 2,000-deep chain's repr, its deallocation through the trashcan)
 * were measured to need under 1 MiB, also under ASan */
#define POLL_STACK (16 << 20)
#define LOG_TARGET_MAX 512 /* bytes of an over-long target kept for the log */
/* connections libmicrohttpd accepts beyond --max-connections before the
 * guard has made room for them */
#define CONN_SLACK(max) ((max) / 16 + 16)
#define GUARD_REPORT_SECS 10 /* at most one line per this many seconds on what the guard closed */

typedef struct {
    srv_conn_t *conn;  /* the connection's deadlines; NULL: untracked */
    size_t path_len;   /* bytes of target before '?' */
    const char *query; /* into target: the raw query after '?', or "" */
    char method[40];   /* a prefix of the method, for the log (copied on the first handler call) */
    size_t method_len; /* the method's full length; 0 until the handler's first call */
    char *body;
    size_t len, cap;
    int started;    /* the handler has seen the headers */
    int too_large;  /* the body went over --max-body: 413 */
    int overloaded; /* the body did not fit under --max-memory: 503 */
    int too_long;   /* the target went over --max-uri: 414 */
    int bad_coding; /* a Transfer-Encoding libmicrohttpd cannot read to its end: 400 */
    int path_nul;   /* the path has a %00: libmicrohttpd's decoded url would end there: 404 */
    int path_slash; /* the path has a %2F: decoded it would be a separator, no segment holds one: 404 */
    int status;     /* what the handler answered, 0: nothing (yet) */
    struct timespec start; /* the request line arrived */
    srv_job_t job;         /* the request as the workers run it */
    int submitted;         /* handed to the workers (the connection is suspended until done) */
    size_t held;   /* body bytes of the queued answer, counted by api_answer_held() until completed() */
    char target[]; /* the request target as sent; only a prefix when too_long */
} request_t;

static api_t *g_api;
static srv_config_t g_cfg;

/* Set by the stop signals' handler, read by the main loop. Atomic, not a
 * volatile sig_atomic_t: the kernel runs the handler on any thread that does
 * not block the signal (a worker, a polling thread), and a volatile flag is
 * safe only within the thread it interrupted: between threads it is a data
 * race (TSan reported it). C11 7.14.1.1 lets a handler use lock-free atomics. */
static atomic_int g_stop;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the stop flag must be lock-free to be set from a handler");

/* Set by mhd_logged() when libmicrohttpd says it could not build an
 * answer's headers; read by completed(), which libmicrohttpd calls next on
 * this thread for that request if it calls it at all, so every other
 * callback clears it: it never outlives the message it stands for. */
static _Thread_local bool t_header_failed;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static srv_conn_t *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return i ? i->socket_context : NULL;
}

/*
** The accept policy (MHD_start_daemon()'s apc): once a stop is asked for, a
** new connection is closed as soon as it is accepted. That is how heapd
** stops accepting, not MHD_quiesce_daemon(): on an epoll daemon with its own
** threads, quiescing races the polling threads' own removal of the listening
** socket from their epoll sets (MHD_epoll()'s "at the connection limit"
** branch also fires once was_quiesced is set, unlocked), and the loser's
** EPOLL_CTL_DEL fails with ENOENT, which libmicrohttpd 0.9.75 answers with
** MHD_PANIC(): abort(). A CI run of make test lost a SIGTERM to it.
*/
static enum MHD_Result accept_open(void *cls, const struct sockaddr *addr, socklen_t len)
{
    (void)cls, (void)addr, (void)len;
    return atomic_load(&g_stop) ? MHD_NO : MHD_YES;
}

/*
** MHD_OPTION_NOTIFY_CONNECTION: guard every accepted connection from its
** first byte on. One that cannot be guarded (out of memory) is refused:
** without a deadline it could be held open forever.
*/
static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    t_header_failed = false;
    if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        srv_guard_close(*socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!fd)
        return;
    *socket_context = srv_guard_open(fd->connect_fd, addr ? addr->client_addr : NULL);
    if (!*socket_context)
        shutdown(fd->connect_fd, SHUT_RDWR);
}

/*
** MHD_OPTION_URI_LOG_CALLBACK: the request line is complete and `uri` is the
** request target exactly as sent; what it returns is the handler's *con_cls.
**
** heapd reads the query from this raw target, never from libmicrohttpd's
** parsed arguments, so it ends the text libmicrohttpd would parse them from.
** That is a workaround, not a tidy-up: 0.9.75 stores each argument in the
** connection's memory and, when that runs out (some 8 KB of "a&a&..."),
** queues a 431, ignores its own failure and waits for more input, so the
** client never gets an answer (libmicrohttpd 1.0 checks the failure). The
** text is in libmicrohttpd's writable read buffer (it overwrites the '?'
** itself right after this call), hence the cast.
*/
static void *uri_logged(void *cls, const char *uri, struct MHD_Connection *c)
{
    t_header_failed = false;
    if (!uri)
        uri = "";
    size_t len = strlen(uri);
    int too_long = len > g_cfg.max_uri;
    size_t keep = too_long && len > LOG_TARGET_MAX ? LOG_TARGET_MAX : len;
    /* one allocation per request; malloc() takes it from the thread's cache
     * where calloc() locks the process's one malloc arena (main()) */
    request_t *req = malloc(sizeof *req + keep + 1);
    if (!req)
        return NULL;
    memset(req, 0, sizeof *req + keep + 1);
    clock_gettime(CLOCK_MONOTONIC, &req->start);
    req->conn = conn_of(c);
    req->too_long = too_long;
    memcpy(req->target, uri, keep);
    const char *q = strchr(uri, '?');
    req->path_len = q && (size_t)(q - uri) < keep ? (size_t)(q - uri) : keep;
    req->query = q && !too_long ? req->target + (q - uri) + 1 : "";
    /* the handler's url is decoded in place, a C string: "/v1/sessions/<sid>%00x"
     * would be the session's path (DELETE deleting it), ".../create%00x" an op */
    for (size_t i = 0; i + 2 < (q ? (size_t)(q - uri) : len); i++)
        if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0')
            req->path_nul = 1;
        else if (uri[i] == '%' && uri[i + 1] == '2' && (uri[i + 2] == 'F' || uri[i + 2] == 'f'))
            req->path_slash = 1;
    if (q) {
        char *args = (char *)q + 1;
        /* cppcheck-suppress unreadVariable ; libmicrohttpd reads it next */
        *args = '\0';
    }
    return req;
}

/* An answer of heapd's own before the api sees the request; fmt has at most
 * one %zu, the limit (unused arguments of snprintf are ignored, C11 7.21.6.1). */
static void set_json_error(api_response_t *r, int status, const char *code, const char *fmt, size_t limit)
{
    char msg[160], body[256];
    snprintf(msg, sizeof msg, fmt, limit);
    snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, msg);
    memset(r, 0, sizeof *r);
    r->status = status;
    r->body = strdup(body);
    r->body_len = r->body ? strlen(body) : 0;
    r->content_type = "application/json";
}

/* Queues r's answer; its body goes to libmicrohttpd, which frees it once sent
 * (a big answer is not copied). */
static enum MHD_Result queue(struct MHD_Connection *c, api_response_t *r)
{
    struct MHD_Response *resp =
        r->body ? MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE)
                : MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    r->body = NULL; /* libmicrohttpd's now */
    if (r->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    if (r->allow[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->retry_after > 0) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", r->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    bool vary;
    const char *allow_origin =
        api_cors_origin(g_api, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"), &vary);
    if (allow_origin)
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", allow_origin);
    if (vary)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
    for (const char *const *h = api_cors_headers(g_api, r->preflight) + 2; *h; h += 2)
        MHD_add_response_header(resp, h[0], h[1]);
    /* a page on another origin reads only the safelisted headers unless told */
    if (r->allow[0] || r->retry_after > 0)
        MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                                r->allow[0] && r->retry_after > 0 ? "Allow, Retry-After"
                                : r->allow[0]                     ? "Allow"
                                                                  : "Retry-After");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The client's address as text, for per-client limits in the api. */
static const char *client_of(const request_t *req)
{
    return req->conn ? srv_guard_client(req->conn) : NULL;
}

/*
 * Requests answered on the polling thread itself, sparing the hand-off to a
 * worker (two thread wake-ups: most of a small request's cost, and of a
 * 100-operation batch's a fifth): /healthz (always: it must answer whatever
 * the workers do), the creation of a session from a small body (an empty
 * heap: about 2 KB, never more), and a JSON operation or batch of at most
 * API_INLINE_BODY bytes, which the api runs here only when its session is
 * free, its heap small and every statement bounded (api.h, inline_only);
 * anything else it hands back untouched (API_DEFER) and the workers run it.
 */
#define INLINE_CREATE_BODY 4096

static bool answered_inline(const char *method, const char *url, size_t body_len, bool *only_bounded)
{
    *only_bounded = false;
    if (strcmp(url, "/healthz") == 0)
        return true;
    if (strcmp(method, "POST") == 0 && strcmp(url, "/v1/sessions") == 0)
        return body_len <= INLINE_CREATE_BODY;
    if (strcmp(method, "POST") != 0 || strncmp(url, "/v1/sessions/", 13) != 0 || body_len > API_INLINE_BODY)
        return false;
    *only_bounded = true;
    return true;
}

/* Whether the request can be refused before its body is sent: it declares a
 * body over --max-body (Content-Length) and waits for a `100 Continue` before
 * sending it (curl does for big bodies). A client that sends its body at once
 * must be let to finish: closing while it still writes makes it see a reset,
 * never the 413. The exception is a length of 2^64 - 1: that is
 * libmicrohttpd's MHD_SIZE_UNKNOWN, which 0.9.75 takes for a body read until
 * the client closes, so that request could never be answered (held to
 * --body-timeout, then closed without a word); it is refused now, Expect or
 * not. */
static bool refusable_at_headers(struct MHD_Connection *c)
{
    const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!v)
        return false;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || *end)
        return false;
    if (errno == 0 && (uint64_t)n == MHD_SIZE_UNKNOWN)
        return true;
    return expect && strcasecmp(expect, "100-continue") == 0 && (errno == ERANGE || n > g_cfg.api.max_body);
}

static enum MHD_Result count_coding(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    int *n = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        *n += strcasecmp(value, "chunked") == 0 ? 1 : 2;
    return MHD_YES;
}

/* Whether the request's body has a Transfer-Encoding libmicrohttpd 0.9.75
 * cannot find the end of: anything but one header of exactly "chunked"
 * ("gzip", "identity", "gzip, chunked", "chunked " ...). It then reads the
 * body until the client closes, so the request could never be answered
 * (held until --body-timeout, then closed without a word); RFC 9112 6.3
 * says a request whose last coding is not chunked gets 400 and a close,
 * and two headers are a list whose last coding is not known to be it. */
static bool unknown_coding(struct MHD_Connection *c)
{
    int n = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_coding, &n);
    return n > 1;
}

/*
 * A request that leaves too little of the connection's memory for its
 * answer. libmicrohttpd 0.9.75 keeps the request line and header lines where
 * they were read, each header's record, and copies (the Cookie header's,
 * split into cookies; a folded header line) in one pool of CONN_MEMORY
 * bytes, and builds the answer's status line and headers in what is left
 * (build_header_response() in connection.c). When a request fits but its
 * answer's headers do not, it closes the connection without a word
 * ("failed to create response header"): a request line and headers within
 * some 300 bytes of the pool's end got no answer at all. Its own 431/414
 * come only when the request itself does not fit, and then it empties the
 * pool first (transmit_error_response_len()).
 *
 * The pool's use is counted from what the public API shows: the request's
 * text (MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE, from the method on), a
 * record per value, and every key or value outside that text (a copy: the
 * Cookie header's is the cookies' keys and values with their separators).
 */
typedef struct {
    uintptr_t lo, hi; /* the request's text in the pool */
    size_t records;   /* headers, cookies, arguments */
    size_t copies;    /* bytes of copied keys and values */
} pool_use_t;

static enum MHD_Result count_pool_use(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                      const char *value, size_t value_size)
{
    pool_use_t *u = cls;
    u->records++;
    bool key_out = key && ((uintptr_t)key < u->lo || (uintptr_t)key >= u->hi);
    bool value_out = value && ((uintptr_t)value < u->lo || (uintptr_t)value >= u->hi);
    if (key_out)
        u->copies += key_size + 1;
    if (value_out)
        u->copies += value_size + 1;
    if (key_out || value_out)
        u->copies += 16; /* a cookie's "; " and '=' in the copy, or a copy's alignment */
    return MHD_YES;
}

static size_t g_answer_room; /* ANSWER_ROOM + the CORS headers, set in main() */

static bool answer_may_not_fit(struct MHD_Connection *c, const char *method)
{
    const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (!i || !method)
        return false;
    /* most requests: h bytes of text hold at most h/2 values (records of 64
     * bytes) and h bytes of copies, 35h in all, with the read-ahead and the
     * answer's room far below the pool's 32 KiB at least */
    if (i->header_size <= 512)
        return false;
    pool_use_t u = {(uintptr_t)method, (uintptr_t)method + i->header_size, 0, 0};
    MHD_get_connection_values_n(
        c, MHD_HEADER_KIND | MHD_COOKIE_KIND | MHD_GET_ARGUMENT_KIND | MHD_FOOTER_KIND | MHD_POSTDATA_KIND,
        count_pool_use, &u);
    size_t used = i->header_size + u.records * MHD_RECORD_SIZE + u.copies + READ_AHEAD_ROOM;
    size_t pool = CONN_MEMORY(g_cfg.max_uri);
    return used > pool || pool - used < g_answer_room;
}

/* heapd's JSON for an answer it writes on the socket itself: a 414 or 431
 * for a request that left no room for an answer, or the status
 * libmicrohttpd chose and then failed to send (see completed()). */
static void set_socket_error(api_response_t *r, int status)
{
    if (status == 414)
        set_json_error(r, 414, "too_large", "the request target is over %zu bytes", g_cfg.max_uri);
    else if (status == 431)
        set_json_error(
            r, 431, "too_large",
            "the request line and headers leave too little of the %zu bytes a connection holds for "
            "the answer; send fewer or shorter headers (a smaller Cookie)",
            CONN_MEMORY(g_cfg.max_uri));
    else
        set_json_error(r, status, "bad_request", "the request is malformed", 0);
}

/* Writes a whole JSON error answer (with the CORS headers, "Connection:
 * close") to the connection's socket, for a request libmicrohttpd could not
 * answer (answer_may_not_fit()); the caller then closes the connection. It
 * is written before any byte of this request's answer and after the last of
 * the previous one's (libmicrohttpd reads a request only once the previous
 * answer is sent), so the stream stays whole; a client that has stopped
 * reading with its socket buffer full gets a cut answer before the close. */
static void answer_on_socket(struct MHD_Connection *c, int status, bool head)
{
    api_response_t r;
    set_socket_error(&r, status);
    const char *body = r.body ? r.body : "";
    const char *reason = MHD_get_reason_phrase_for((unsigned)status);
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!fd)
        return;
    char date[64], out[8192];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&now, &tm));
    size_t body_len = strlen(body);
    int n = snprintf(out, sizeof out,
                     "HTTP/1.1 %d %s\r\nDate: %s\r\nContent-Type: application/json\r\nContent-Length: "
                     "%zu\r\nConnection: close\r\n",
                     status, reason, date, body_len);
    bool vary;
    const char *allow_origin =
        api_cors_origin(g_api, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"), &vary);
    if (allow_origin && n >= 0 && (size_t)n < sizeof out)
        n += snprintf(out + n, sizeof out - (size_t)n, "Access-Control-Allow-Origin: %s\r\n", allow_origin);
    if (vary && n >= 0 && (size_t)n < sizeof out)
        n += snprintf(out + n, sizeof out - (size_t)n, "Vary: Origin\r\n");
    for (const char *const *h = api_cors_headers(g_api, false) + 2; *h && n >= 0 && (size_t)n < sizeof out;
         h += 2)
        n += snprintf(out + n, sizeof out - (size_t)n, "%s: %s\r\n", h[0], h[1]);
    if (n >= 0 && (size_t)n < sizeof out)
        n += snprintf(out + n, sizeof out - (size_t)n, "\r\n%s", head ? "" : body);
    /* (a --cors-origin of kilobytes: no answer fits here either) */
    if (n >= 0 && (size_t)n < sizeof out) {
        ssize_t sent = send(fd->connect_fd, out, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)sent; /* the connection closes next whatever was sent */
    }
    api_response_free(&r);
}

/* Answers the request whose body is in (or refused before it is read): at
 * once, or by handing it to the workers (then the connection is suspended
 * until a worker has the answer, and this runs again). */
static enum MHD_Result answer(struct MHD_Connection *c, request_t *req, const char *method, const char *url)
{
    api_response_t r;
    if (req->submitted) { /* resumed: the worker's answer is ready */
        r = req->job.resp;
        memset(&req->job.resp, 0, sizeof req->job.resp);
    } else if (req->too_long) {
        set_json_error(&r, 414, "too_large", "the request target is over %zu bytes", g_cfg.max_uri);
    } else if (req->bad_coding) {
        set_json_error(&r, 400, "bad_request",
                       "the only Transfer-Encoding accepted is one 'chunked'; send the body with a "
                       "Content-Length or chunked",
                       0);
    } else if (req->too_large) {
        set_json_error(&r, 413, "too_large", "the body is over %zu bytes", g_cfg.api.max_body);
    } else if (req->overloaded) {
        api_overloaded(&r);
    } else if (req->path_nul && strcmp(method, "OPTIONS") != 0) {
        set_json_error(&r, 404, "not_found", "no such path (a NUL in it)", 0);
    } else if (req->path_slash && strcmp(method, "OPTIONS") != 0) {
        set_json_error(&r, 404, "not_found", "no such path (%%2F in it: an escaped '/' is no path separator)",
                       0);
    } else {
        api_request_t in = {
            method,     url,
            req->query, req->body ? req->body : "",
            req->len,   client_of(req),
            false,      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
            false};
        /* once the pool is closed (the stop), every request goes to it, to be answered 503 */
        bool bounded;
        bool inline_ok = answered_inline(method, url, req->len, &bounded) && !srv_pool_closed();
        if (inline_ok) {
            in.may_defer = strcmp(url, "/healthz") != 0; /* a busy session: to the workers */
            in.inline_only = bounded;
            api_serve(g_api, &in, &r);
            if (r.status != API_DEFER)
                srv_pool_finished(url);
        }
        if (!inline_ok || r.status == API_DEFER) {
            in.inline_only = false;
            req->job.conn = c;
            req->job.req = in;
            req->submitted = 1;
            MHD_suspend_connection(c); /* before the worker can resume it */
            srv_pool_submit(&req->job);
            return MHD_YES;
        }
    }
    r.preflight = !strcmp(method, "OPTIONS"); /* whatever its status (a 413, a 503) */
    enum MHD_Result ret = queue(c, &r);
    srv_guard_sending(req->conn);
    if (ret == MHD_YES) {
        req->status = r.status;
        req->held = r.body_len;
        api_answer_held(g_api, req->held, true);
    }
    api_observe(g_api, r.status, since(&req->start));
    api_response_free(&r);
    return ret;
}

/* Frees the body gathered so far and gives its bytes back to the memory cap. */
static void drop_body(request_t *req)
{
    api_body_release(g_api, req->cap);
    free(req->body);
    req->body = NULL;
    req->len = req->cap = 0;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    request_t *req = *con_cls;
    t_header_failed = false;
    if (!req) /* uri_logged() ran out of memory */
        return MHD_NO;
    if (!req->started) { /* first call: headers only; answering now would end keep-alive */
        req->started = 1;
        req->method_len = strlen(method);
        snprintf(req->method, sizeof req->method, "%s", method);
        if (answer_may_not_fit(c, method)) {
            /* libmicrohttpd could not send any answer: heapd writes its own and closes */
            req->status = req->too_long ? 414 : 431;
            answer_on_socket(c, req->status, strcmp(method, "HEAD") == 0);
            api_observe(g_api, req->status, since(&req->start));
            return MHD_NO;
        }
        bool bad_coding = unknown_coding(c);
        if (bad_coding || refusable_at_headers(c)) {
            /* refused before its body is sent: the connection ends with the answer */
            req->bad_coding = bad_coding && !req->too_long;
            req->too_large = !req->too_long && !bad_coding;
            srv_guard_working(req->conn);
            return answer(c, req, method, url);
        }
        srv_guard_wait_body(req->conn);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (req->too_long || req->too_large || req->overloaded || req->len + n > g_cfg.api.max_body) {
            req->too_large = !req->too_long && !req->overloaded; /* read to the end, keep nothing */
            drop_body(req);
            return MHD_YES;
        }
        if (req->len + n + 1 > req->cap) {
            /* doubling, up to the most a body may need (--max-body and the
             * terminating NUL), each byte of it counted under --max-memory */
            size_t cap = req->cap ? req->cap : 1024;
            while (cap < req->len + n + 1)
                cap *= 2;
            if (cap > g_cfg.api.max_body + 1)
                cap = g_cfg.api.max_body + 1;
            if (!api_body_reserve(g_api, cap - req->cap)) {
                req->overloaded = 1; /* read to the end, keep nothing, answer 503 */
                drop_body(req);
                return MHD_YES;
            }
            char *b = realloc(req->body, cap);
            if (!b) {
                api_body_release(g_api, cap - req->cap);
                return MHD_NO;
            }
            req->body = b;
            req->cap = cap;
        }
        memcpy(req->body + req->len, upload, n);
        req->len += n;
        return MHD_YES;
    }
    srv_guard_working(req->conn); /* the body is in: no deadline while the api works */
    return answer(c, req, method, url);
}

/*
** MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's messages go to the log; one
** also tells completed(), which runs next on this thread, that the answer
** queued was never sent. 0.9.75 says so only in words: connection_close_error()
** logs "Closing connection (failed to create [error ]response header)" and
** then closes, with the same termination code as after an error answer it
** did send.
*/

static void mhd_logged(void *cls, const char *fmt, va_list ap)
{
    if (strcmp(fmt, "%s\n") == 0) { /* connection_close_error()'s */
        va_list copy;
        va_copy(copy, ap);
        const char *msg = va_arg(copy, const char *);
        if (msg && strstr(msg, "response header)"))
            t_header_failed = true;
        va_end(copy);
    }
    srv_log_mhd(cls, fmt, ap);
}

/*
** MHD_set_panic_func(): libmicrohttpd's fatal errors end the process as its
** default does (abort()), but with the reason in the log first: the log is
** buffered (srv_log.h), and abort() does not wait for it.
*/
static void mhd_panicked(void *cls, const char *file, unsigned int line, const char *reason)
{
    srv_log_printf("heapd: libmicrohttpd panic at %s:%u: %s", file ? file : "?", line,
                   reason ? reason : "(no reason given)");
    srv_log_stop(1.0);
    abort();
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    request_t *req = *con_cls;
    if (!req)
        return;
    int status = req->status;
    double secs = since(&req->start);
    if (!status) {
        const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
        if (i) { /* libmicrohttpd's own answer */
            status = (int)i->http_status;
            /* one it had no room to build: after a Cookie header it had no
             * room to split, 0.9.75 queues its 431, goes on as if it had
             * not, builds the answer's headers a second time and closes
             * when they do not fit (the request is never handed to heapd) */
            if (t_header_failed && !req->started && toe == MHD_REQUEST_TERMINATED_WITH_ERROR)
                answer_on_socket(c, status, false);
            api_observe(g_api, status, secs);
        } else if (srv_guard_closed(req->conn) == SRV_GUARD_ROOM) {
            status = 503; /* closed to make room under a connection cap; nothing was sent */
        } else if (srv_guard_closed(req->conn) || toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED) {
            status = 408; /* closed for a deadline; as nginx logs it, though nothing was sent */
        } else {
            status = 499; /* the client went away before the answer (nginx's code) */
        }
    }
    t_header_failed = false;
    srv_log_request(req->conn ? srv_guard_client(req->conn) : "-", req->method, req->method_len, req->target,
                    req->path_len, status, secs);
    srv_guard_wait_headers(req->conn);
    api_answer_held(g_api, req->held, false);
    if (req->submitted) /* a worker's answer the connection never took (the client went away) */
        api_response_free(&req->job.resp);
    drop_body(req);
    free(req);
    *con_cls = NULL;
}

static void on_signal(int sig)
{
    atomic_store(&g_stop, 1);
}

/* Descriptors heapd holds besides its connections: stdio, the listening
 * socket, each polling thread's epoll set and wake-up eventfd, and room for
 * what the libraries open (a sanitizer's report reads /proc). */
#define FD_RESERVE(threads) (32 + 2 * (size_t)(threads))

/*
** Every connection is a descriptor, and libmicrohttpd must never run out of
** them: on accept()'s EMFILE 0.9.75 (MHD_accept_connection()) stops that
** polling thread's accepting until one of its own connections closes, and a
** polling thread with no connection busy-waits on accept() instead (a whole
** core, and a message per try). Either way the guard, which makes room at
** --max-connections for a connection it sees accepted, sees none: idle
** sockets lock every client out until libmicrohttpd's idle timeout ends them.
** So the open-file limit is raised to what --max-connections needs, and where
** the hard limit forbids that, --max-connections is lowered to what fits.
** Returns false when not even one connection per polling thread fits.
*/
static bool fit_fd_limit(srv_config_t *cfg)
{
    size_t reserve = FD_RESERVE(cfg->threads);
    size_t need = cfg->max_connections + CONN_SLACK(cfg->max_connections) + reserve;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
        return true;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
    rlim_t was = rl.rlim_cur;
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &rl))
        rl.rlim_cur = was;
    if (rl.rlim_cur >= need)
        return true;
    /* the most connections m with m + CONN_SLACK(m) + reserve descriptors */
    size_t room = rl.rlim_cur > reserve ? (size_t)rl.rlim_cur - reserve : 0;
    size_t m = room * 16 / 17;
    while (m && m + CONN_SLACK(m) > room)
        m--;
    if (m < (size_t)cfg->threads) {
        fprintf(stderr,
                "heapd: the open-file limit (%llu) leaves no room for --threads %d's connections; "
                "raise it (ulimit -n) to at least %zu\n",
                (unsigned long long)rl.rlim_cur, cfg->threads,
                (size_t)cfg->threads + CONN_SLACK((size_t)cfg->threads) + reserve);
        return false;
    }
    fprintf(stderr,
            "heapd: warning: the open-file limit (%llu) is below what --max-connections %zu needs (%zu): "
            "serving at most %zu connections\n",
            (unsigned long long)rl.rlim_cur, cfg->max_connections, need, m);
    cfg->max_connections = m;
    return true;
}

/* The main thread's periodic work: deadlines, with a
 * line now and then on connections the guard closed (none when quiet). */
static void tick(void)
{
    static size_t said_deadline, said_room;
    static time_t said_at;
    srv_guard_sweep();
    size_t deadline, room;
    srv_guard_counts(&deadline, &room);
    time_t now = time(NULL);
    if ((deadline != said_deadline || room != said_room) && now - said_at >= GUARD_REPORT_SECS) {
        srv_log_printf(
            "heapd: closed %zu connections past a deadline and %zu over a connection cap since start",
            deadline, room);
        said_deadline = deadline;
        said_room = room;
        said_at = now;
    }
}

int main(int argc, char **argv)
{
    /* the stop signals' handler first of all: until it is in place a stop
     * signal kills heapd (status -15 for a SIGTERM). main()'s own startup
     * before it listens is about a millisecond; the dynamic loader's, before
     * main() (ten shared libraries, libgnutls's among them), is ten or more
     * on a loaded machine and stays uncovered (README: stopping). A stop
     * asked for before the daemon listens is carried out once it does (the
     * main loop never runs). */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* a closed terminal or a supervisor's hang-up: stop as cleanly */
    signal(SIGPIPE, SIG_IGN);
    /* Requests allocate and free megabytes (bodies, parse trees, answers):
     * keep freed memory for the next request instead of returning it to
     * the kernel and faulting it back in (a third of a large batch's time) */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    /* one arena for every thread: a session's memory freed by one worker
     * serves the next request whichever worker takes it (per-thread arenas
     * faulted it in again: 100,000-op batches 1.5x slower, 25% more RSS) */
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    int rc = srv_config_load(&g_cfg, argc, argv);
    if (rc)
        return rc > 0 ? 0 : 2;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)g_cfg.port);
    inet_pton(AF_INET, g_cfg.host, &addr.sin_addr); /* checked by srv_config_load */
    /* the request log is buffered and written by a thread of its own: a
     * write(2) per request would cost a noticeable share of throughput, and
     * a stderr nobody reads must not hold up any other thread (srv_log.h) */
    if (!fit_fd_limit(&g_cfg))
        return 1;
    srv_log_start();
    srv_guard_init(g_cfg.header_timeout, g_cfg.body_timeout, g_cfg.max_connections,
                   g_cfg.max_conns_per_client);
    g_api = api_new(&g_cfg.api);
    g_answer_room = ANSWER_ROOM;
    for (const char *const *h = api_cors_headers(g_api, true); *h; h += 2) /* the most an answer carries */
        g_answer_room += strlen(h[0]) + strlen(h[1]) + 4;
    if (strchr(g_cfg.api.cors_origin, ',')) /* a list: Vary too (a listed origin is at most the list) */
        g_answer_room += sizeof "Vary: Origin\r\n";
    /* libmicrohttpd's own limit stays above --max-connections: the guard
     * makes room at the cap (closing the socket idle longest) instead of
     * refusing, and libmicrohttpd splits its limit between its threads */
    unsigned hard_limit = (unsigned)(g_cfg.max_connections + CONN_SLACK(g_cfg.max_connections));
    /* the engine recurses as deep as CPython's C stack does (3.13: ~10,000
     * deallocations or comparisons): the workers get a stack to match */
    if (!srv_pool_start(g_api, g_cfg.workers, (size_t)256 << 20)) {
        srv_log_printf("heapd: cannot start the workers");
        api_free(g_api);
        srv_log_stop(1.0);
        return 1;
    }
    MHD_set_panic_func(mhd_panicked, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        (uint16_t)g_cfg.port, accept_open, NULL, handler, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_logged, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)g_cfg.threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)g_cfg.conn_timeout, MHD_OPTION_CONNECTION_LIMIT, hard_limit,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)POLL_STACK, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONN_MEMORY(g_cfg.max_uri), MHD_OPTION_NOTIFY_CONNECTION, conn_notify, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, uri_logged, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if (!d) {
        srv_log_printf("heapd: cannot listen on %s:%d", g_cfg.host, g_cfg.port);
        srv_pool_stop();
        api_free(g_api);
        srv_log_stop(1.0);
        return 1;
    }
    srv_log_printf("heapd listening on http://%s:%d", g_cfg.host, g_cfg.port);
    while (!atomic_load(&g_stop)) {
        usleep(200 * 1000);
        api_sweep(g_api);
        tick();
    }
    srv_log_printf("heapd: stopping");
    /* drain: accept nothing new (accept_open() closes what arrives from now
     * on), let open connections finish (bounded by the connection timeout,
     * which also ends idle keep-alive connections, and by the deadlines,
     * still enforced) */
    struct timespec drain_start;
    clock_gettime(CLOCK_MONOTONIC, &drain_start);
    /* timed by the clock, not by counting naps: on a loaded machine a nap
     * oversleeps, and the drain must still end when documented */
    while (since(&drain_start) < g_cfg.conn_timeout + 1.0) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        usleep(100 * 1000);
        tick();
    }
    /* libmicrohttpd must not stop with a connection suspended, nor while a
     * worker resumes one: take no new jobs (a body completed from now on is
     * answered 503), and let the workers finish what they hold (each
     * request is bounded by --max-work) */
    srv_pool_close();
    while (srv_pool_pending() > 0)
        usleep(10 * 1000);
    /* the answers the workers just finished are still to be sent by the
     * polling threads: a moment for them (a connection still open after it
     * is one whose client has not sent a whole request) */
    for (int waited = 0; waited < 100; waited++) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        usleep(10 * 1000);
    }
    MHD_stop_daemon(d);
    srv_pool_stop();
    api_free(g_api);
    srv_log_stop(2.0);
    return 0;
}
