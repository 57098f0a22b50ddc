/*
 * bare_server.c — the HTTP baseline for `make bench`: libmicrohttpd with the
 * same options as heapd, parsing each JSON body with jansson and answering a
 * JSON object of the same shape, with no heap behind it. heapd's throughput
 * divided by this one's is the cost of the simulation and the API layer.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char *body;
    size_t len;
} req_t;

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    req_t *r = *con_cls;
    if (!r) {
        *con_cls = calloc(1, sizeof(req_t));
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        r->body = realloc(r->body, r->len + *upload_size);
        memcpy(r->body + r->len, upload, *upload_size);
        r->len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    json_error_t err;
    json_t *in = json_loadb(r->body ? r->body : "{}", r->body ? r->len : 2, JSON_REJECT_DUPLICATES, &err);
    json_t *out = json_pack("{s:i, s:[]}", "result", in ? (int)json_object_size(in) : -1, "events");
    char *text = json_dumps(out, JSON_COMPACT);
    json_decref(in);
    json_decref(out);
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type", "application/json");
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    enum MHD_Result ret = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    req_t *r = *con_cls;
    if (r) {
        free(r->body);
        free(r);
    }
}

static volatile sig_atomic_t stop;
static void on_signal(int s)
{
    stop = 1;
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 8081;
    unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 4;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)port, NULL, NULL, handler,
                         NULL, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, 15u,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d)
        return 1;
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    return 0;
}
