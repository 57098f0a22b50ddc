/*
 * main.c — heapd: libmicrohttpd in front of the api layer.
 *
 * A pool of polling threads serves connections; requests to different
 * sessions run in parallel, the api serializes those to one session. The
 * body is gathered across access-handler calls and answered on the last.
 * SIGTERM/SIGINT stop accepting, let open connections finish (at most the
 * connection timeout), exit 0.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "config.h"

typedef struct {
    char *body;
    size_t len, cap;
    int too_large;
    struct timespec start;
} request_t;

static api_t *g_api;
static srv_config_t g_cfg;
static volatile sig_atomic_t g_stop;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum MHD_Result queue(struct MHD_Connection *c, api_response_t *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    if (r->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    if (r->allow[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    for (const char *const *h = api_cors_headers(g_api); *h; h += 2)
        MHD_add_response_header(resp, h[0], h[1]);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    char *q = cls;
    size_t n = strlen(q);
    snprintf(q + n, 512 - n, "%s%s=%s", n ? "&" : "", key, value ? value : "");
    return MHD_YES;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    request_t *req = *con_cls;
    if (!req) { /* first call: headers only */
        req = calloc(1, sizeof *req);
        if (!req)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &req->start);
        *con_cls = req;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (req->too_large || req->len + n > g_cfg.api.max_body) {
            req->too_large = 1;
            return MHD_YES;
        }
        if (req->len + n + 1 > req->cap) {
            size_t cap = req->cap ? req->cap : 1024;
            while (cap < req->len + n + 1)
                cap *= 2;
            char *b = realloc(req->body, cap);
            if (!b)
                return MHD_NO;
            req->body = b;
            req->cap = cap;
        }
        memcpy(req->body + req->len, upload, n);
        req->len += n;
        return MHD_YES;
    }
    api_response_t r;
    if (req->too_large) {
        const char *big = "{\"error\":{\"code\":\"too_large\",\"message\":\"the body is over the limit\"}}";
        memset(&r, 0, sizeof r);
        r.status = 413;
        r.body = strdup(big);
        r.body_len = strlen(big);
        r.content_type = "application/json";
    } else {
        char query[512] = "";
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, query);
        api_handle(g_api, method, url, query, req->body ? req->body : "", req->len, &r);
    }
    enum MHD_Result ret = queue(c, &r);
    double secs = since(&req->start);
    api_observe(g_api, r.status, secs);
    fprintf(stderr, "%s %s %d %.3fms\n", method, url, r.status, secs * 1000);
    api_response_free(&r);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    request_t *req = *con_cls;
    if (req) {
        free(req->body);
        free(req);
        *con_cls = NULL;
    }
}

static void on_signal(int sig) { g_stop = 1; }

int main(int argc, char **argv)
{
    int rc = srv_config_load(&g_cfg, argc, argv);
    if (rc)
        return rc > 0 ? 0 : 2;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)g_cfg.port);
    if (inet_pton(AF_INET, g_cfg.host, &addr.sin_addr) != 1) {
        fprintf(stderr, "heapd: --host must be an IPv4 address, got '%s'\n", g_cfg.host);
        return 2;
    }
    /* the request log is buffered and flushed by the main loop every 200 ms:
     * a write(2) per request would cost a noticeable share of throughput */
    static char logbuf[1 << 16];
    setvbuf(stderr, logbuf, _IOFBF, sizeof logbuf);
    g_api = api_new(&g_cfg.api);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)g_cfg.port, NULL, NULL,
        handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)g_cfg.threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)g_cfg.conn_timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)g_cfg.max_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)128 * 1024, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "heapd: cannot listen on %s:%d\n", g_cfg.host, g_cfg.port);
        api_free(g_api);
        return 1;
    }
    fprintf(stderr, "heapd listening on http://%s:%d\n", g_cfg.host, g_cfg.port);
    fflush(stderr);
    while (!g_stop) {
        usleep(200 * 1000);
        api_sweep(g_api);
        fflush(stderr);
    }
    fprintf(stderr, "heapd: stopping\n");
    /* drain: accept nothing new, let open connections finish (bounded by the
     * connection timeout, which also ends idle keep-alive connections) */
    MHD_socket listener = MHD_quiesce_daemon(d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    for (int waited = 0; waited < g_cfg.conn_timeout * 10 + 10; waited++) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        usleep(100 * 1000);
    }
    MHD_stop_daemon(d);
    api_free(g_api);
    fflush(stderr);
    return 0;
}
