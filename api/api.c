/*
 * api.c — routing and the contract's answers (../shared/API.md).
 */
#include "api.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "profile.h"
#include "render.h"
#include "request.h"
#include "session.h"

extern const char api_openapi_json[];

struct api {
    api_config_t cfg;
    registry_t *reg;
    metrics_t metrics;
    const char *cors[9];
};

void api_config_defaults(api_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_sessions = 1000;
    cfg->session_ttl = 3600;
    cfg->max_objects = 1000000;
    cfg->max_bytes = 256u << 20;
    cfg->max_body = 1u << 20;
    cfg->max_batch = 1000;
    cfg->max_events = 10000;
    cfg->cors_origin = "*";
}

api_t *api_new(const api_config_t *cfg)
{
    api_t *api = calloc(1, sizeof *api);
    if (!api)
        return NULL;
    api->cfg = *cfg;
    api->reg = registry_new(cfg->max_sessions);
    metrics_init(&api->metrics);
    const char *c[] = {"Access-Control-Allow-Origin", cfg->cors_origin, "Access-Control-Allow-Methods",
                       "GET, POST, DELETE, OPTIONS", "Access-Control-Allow-Headers", "Content-Type",
                       "Access-Control-Max-Age", "600", NULL};
    memcpy(api->cors, c, sizeof c);
    return api;
}

void api_free(api_t *api)
{
    if (!api)
        return;
    registry_free(api->reg);
    metrics_destroy(&api->metrics);
    free(api);
}

const char *const *api_cors_headers(const api_t *api) { return api->cors; }
size_t api_sweep(api_t *api) { return registry_sweep(api->reg, api->cfg.session_ttl); }
void api_observe(api_t *api, int status, double seconds) { metrics_observe(&api->metrics, status, seconds); }

void api_response_free(api_response_t *resp)
{
    free(resp->body);
    resp->body = NULL;
}

static void respond_json(api_response_t *r, int status, json_t *body /* stolen */)
{
    r->status = status;
    r->content_type = "application/json";
    if (body) {
        r->body = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(body);
    } else {
        r->body = strdup("");
    }
    r->body_len = strlen(r->body);
}

/* An answer whose body is already text (body is malloc'd and taken). */
static void respond_text(api_response_t *r, int status, const char *content_type, char *body)
{
    r->status = status;
    r->content_type = content_type;
    r->body = body;
    r->body_len = strlen(body);
}

static void respond_error(api_response_t *r, int status, const char *code, const char *message, json_t *extra)
{
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (extra)
        json_object_update_new(err, extra);
    respond_json(r, status, json_pack("{s:o}", "error", err));
}

static void not_allowed(api_response_t *r, const char *allow)
{
    char msg[128];
    snprintf(msg, sizeof msg, "method not allowed; allowed: %s", allow);
    respond_error(r, 405, "method_not_allowed", msg, NULL);
    snprintf(r->allow, sizeof r->allow, "%s", allow);
}

static json_t *parse_body(const char *body, size_t len, api_response_t *r)
{
    json_error_t e;
    if (len == 0)
        return json_object();
    json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &e);
    if (!j) {
        char msg[300];
        snprintf(msg, sizeof msg, "malformed JSON at line %d, column %d: %s", e.line, e.column, e.text);
        respond_error(r, 400, "bad_request", msg, NULL);
    } else if (!json_is_object(j)) {
        json_decref(j);
        respond_error(r, 400, "bad_request", "the body must be a JSON object", NULL);
        return NULL;
    }
    return j;
}

/* POST /v1/sessions */
static void create_session(api_t *api, const char *body, size_t len, api_response_t *r)
{
    json_t *j = parse_body(body, len, r);
    if (!j)
        return;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        if (strcmp(key, "python") && strcmp(key, "seed")) {
            char msg[300];
            snprintf(msg, sizeof msg, "unknown field '%.200s'", key);
            respond_error(r, 400, "bad_request", msg, NULL);
            json_decref(j);
            return;
        }
    }
    json_t *py = json_object_get(j, "python"), *seed = json_object_get(j, "seed");
    if ((py && !json_is_string(py)) || (seed && (!json_is_integer(seed) || json_integer_value(seed) < 0))) {
        respond_error(r, 400, "bad_request",
                      py && !json_is_string(py) ? "field 'python' must be a string"
                                                : "field 'seed' must be a non-negative integer", NULL);
        json_decref(j);
        return;
    }
    const char *version = py ? json_string_value(py) : "3.11";
    heap_limits_t limits = {api->cfg.max_objects, api->cfg.max_bytes, api->cfg.max_events};
    heap_t *h = heap_new(version, seed ? (uint64_t)json_integer_value(seed) : 0, &limits);
    if (!h) {
        char msg[200];
        snprintf(msg, sizeof msg, "python '%.40s' is not simulated; simulated versions: %s", version,
                 profile_versions());
        respond_error(r, 400, "bad_request", msg, json_pack("{s:[s, s, s, s]}", "supported", "3.10", "3.11", "3.12", "3.13"));
        json_decref(j);
        return;
    }
    json_decref(j);
    session_t *s = registry_add(api->reg, h);
    if (!s) {
        heap_free(h);
        respond_error(r, 429, "limit", "the server's session cap is reached", json_pack("{s:s}", "limit", "sessions"));
        return;
    }
    json_t *lim = json_pack("{s:I, s:I, s:I, s:I, s:I}", "objects", (json_int_t)api->cfg.max_objects, "bytes",
                            (json_int_t)api->cfg.max_bytes, "batch", (json_int_t)api->cfg.max_batch, "body",
                            (json_int_t)api->cfg.max_body, "events", (json_int_t)api->cfg.max_events);
    respond_json(r, 201, json_pack("{s:s, s:s, s:o}", "session", s->id, "python", heap_version(h), "limits", lim));
    registry_release(api->reg, s);
}

static void add_name(const char *name, uint64_t id, void *arg) { json_object_set_new(arg, name, json_integer((json_int_t)id)); }

static json_t *summary(heap_t *h)
{
    json_t *names = json_object();
    heap_each_name(h, add_name, names);
    return json_pack("{s:s, s:o, s:I, s:I, s:o}", "python", heap_version(h), "names", names, "objects",
                     (json_int_t)heap_live_objects(h), "bytes", (json_int_t)heap_live_bytes(h), "gc", render_gc(h));
}

/* Runs one parsed statement; on success appends its result to *result. */
static int run_stmt(api_t *api, heap_t *h, parsed_op_t *p, json_t **result, json_t **error)
{
    heap_result_t res;
    exc_t exc;
    status_t st = heap_exec(h, &p->st, &res, &exc);
    if (st == ST_OK) {
        *result = render_result(h, &res);
        if (p->st.op == OP_COLLECT)
            metrics_collection(&api->metrics);
        return 200;
    }
    static const struct { int status; const char *code; } map[] = {
        [ST_PYEXC] = {422, "python_exception"}, [ST_NOTFOUND] = {404, "not_found"},
        [ST_BADREQ] = {400, "bad_request"},     [ST_LIMIT] = {429, "limit"},
        [ST_INTERNAL] = {500, "internal"},
    };
    int status = map[st].status;
    const char *code = map[st].code;
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", exc.message);
    if (st == ST_PYEXC)
        json_object_set_new(e, "type", json_string(exc.type));
    if (st == ST_LIMIT)
        json_object_set_new(e, "limit", json_string(exc.type));
    *error = e;
    return status;
}

static void run_op(api_t *api, session_t *s, const char *op, const char *body, size_t len, api_response_t *r)
{
    json_t *j = parse_body(body, len, r);
    if (!j)
        return;
    parsed_op_t p;
    char err[512];
    if (!req_parse_op(op, j, false, &p, err, sizeof err)) {
        req_free(&p);
        json_decref(j);
        respond_error(r, 400, "bad_request", err, NULL);
        return;
    }
    json_decref(j);
    pthread_mutex_lock(&s->lock);
    uint64_t first = heap_events(s->heap)->next_seq;
    json_t *result = NULL, *error = NULL;
    int status = run_stmt(api, s->heap, &p, &result, &error);
    json_t *events = render_events(heap_events(s->heap), first);
    pthread_mutex_unlock(&s->lock);
    req_free(&p);
    if (status == 200) {
        respond_json(r, 200, json_pack("{s:o, s:o}", "result", result, "events", events));
    } else {
        if (status == 422)
            json_object_set_new(error, "events", events);
        else
            json_decref(events);
        respond_json(r, status, json_pack("{s:o}", "error", error));
    }
}

static void run_batch(api_t *api, session_t *s, const char *body, size_t len, api_response_t *r)
{
    json_t *j = parse_body(body, len, r);
    if (!j)
        return;
    json_t *ops = json_object_get(j, "ops");
    char err[600];
    if (json_object_size(j) != 1 || !json_is_array(ops)) {
        const char *key;
        json_t *v;
        snprintf(err, sizeof err, "missing field 'ops' (an array of operations)");
        json_object_foreach(j, key, v) if (strcmp(key, "ops")) snprintf(err, sizeof err, "unknown field '%.200s'", key);
        respond_error(r, 400, "bad_request", err, NULL);
        json_decref(j);
        return;
    }
    size_t n = json_array_size(ops);
    if (n > api->cfg.max_batch) {
        snprintf(err, sizeof err, "a batch holds at most %zu operations", api->cfg.max_batch);
        respond_error(r, 429, "limit", err, json_pack("{s:s}", "limit", "batch"));
        json_decref(j);
        return;
    }
    /* validate all first: a malformed op changes nothing */
    parsed_op_t *parsed = calloc(n ? n : 1, sizeof *parsed);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(ops, i);
        const char *op = json_string_value(json_object_get(o, "op"));
        char why[512];
        bool ok = op && req_is_op(op) && req_parse_op(op, o, true, &parsed[i], why, sizeof why);
        if (!ok) {
            if (!json_is_object(o))
                snprintf(why, sizeof why, "each operation must be a JSON object");
            else if (!op)
                snprintf(why, sizeof why, "missing field 'op'");
            else if (!req_is_op(op))
                snprintf(why, sizeof why, "unknown operation '%.100s'", op);
            snprintf(err, sizeof err, "ops[%zu]: %s", i, why);
            for (size_t k = 0; k <= i; k++)
                req_free(&parsed[k]);
            free(parsed);
            respond_error(r, 400, "bad_request", err, json_pack("{s:I, s:[]}", "index", (json_int_t)i, "results"));
            json_decref(j);
            return;
        }
    }
    json_decref(j);
    pthread_mutex_lock(&s->lock);
    uint64_t first = heap_events(s->heap)->next_seq;
    json_t *results = json_array(), *error = NULL;
    int status = 200;
    size_t i;
    for (i = 0; i < n && status == 200; i++) {
        json_t *result = NULL;
        status = run_stmt(api, s->heap, &parsed[i], &result, &error);
        if (status == 200)
            json_array_append_new(results, result);
    }
    json_t *events = render_events(heap_events(s->heap), first);
    pthread_mutex_unlock(&s->lock);
    for (size_t k = 0; k < n; k++)
        req_free(&parsed[k]);
    free(parsed);
    if (status == 200) {
        respond_json(r, 200, json_pack("{s:o, s:o}", "results", results, "events", events));
        return;
    }
    json_object_set_new(error, "index", json_integer((json_int_t)(i - 1)));
    json_object_set_new(error, "results", results);
    json_object_set_new(error, "events", events);
    respond_json(r, status, json_pack("{s:o}", "error", error));
}

static void edge_cb(edge_kind_t kind, const char *label, uint64_t to, void *arg)
{
    json_t **ctx = arg; /* [edges, from] */
    json_array_append_new(ctx[0], json_pack("{s:O, s:I, s:s}", "from", ctx[1], "to", (json_int_t)to, "label", label));
}

static json_t *graph(heap_t *h)
{
    json_t *roots = json_object(), *nodes = json_array(), *edges = json_array();
    heap_each_name(h, add_name, roots);
    size_t n;
    uint64_t *ids = heap_object_ids(h, &n);
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(nodes, render_descriptor(h, ids[i]));
        json_t *ctx[2] = {edges, json_integer((json_int_t)ids[i])};
        heap_each_edge(h, ids[i], edge_cb, ctx);
        json_decref(ctx[1]);
    }
    free(ids);
    return json_pack("{s:o, s:o, s:o}", "roots", roots, "nodes", nodes, "edges", edges);
}

static json_t *object_detail(heap_t *h, uint64_t id)
{
    json_t *d = render_descriptor(h, id);
    if (json_is_null(d))
        return d;
    uint64_t *ids;
    size_t n, nn;
    char **names;
    json_t *refs = json_array(), *referrers = json_array();
    heap_referents(h, id, &ids, &n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(refs, json_integer((json_int_t)ids[i]));
    free(ids);
    heap_referrers(h, id, &ids, &n, &names, &nn);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(referrers, json_integer((json_int_t)ids[i]));
    for (size_t i = 0; i < nn; i++) {
        char buf[300];
        snprintf(buf, sizeof buf, "name:%s", names[i]);
        json_array_append_new(referrers, json_string(buf));
        free(names[i]);
    }
    free(ids);
    free(names);
    json_object_set_new(d, "referents", refs);
    json_object_set_new(d, "referrers", referrers);
    return d;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!*s || strlen(s) > 20)
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

/* GET reads of a session */
static void session_read(session_t *s, const char *what, const char *arg, const char *query, api_response_t *r)
{
    json_t *body = NULL;
    int status = 200;
    pthread_mutex_lock(&s->lock);
    heap_t *h = s->heap;
    if (heap_is_broken(h)) {
        status = 500;
    } else if (!what) {
        body = summary(h);
    } else if (!strcmp(what, "gc") && !arg) {
        body = render_gc(h);
    } else if (!strcmp(what, "graph") && !arg) {
        body = graph(h);
    } else if (!strcmp(what, "objects") && !arg) {
        size_t n;
        uint64_t *ids = heap_object_ids(h, &n);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, render_descriptor(h, ids[i]));
        free(ids);
        body = json_pack("{s:o}", "objects", arr);
    } else if (!strcmp(what, "objects")) {
        uint64_t id;
        body = parse_u64(arg, &id) ? object_detail(h, id) : json_null();
        if (json_is_null(body)) {
            json_decref(body);
            body = NULL;
            status = 404;
        }
    } else if (!strcmp(what, "events") && !arg) {
        uint64_t after = 0;
        const char *q = query ? strstr(query, "after=") : NULL;
        if (query && *query && (!q || (q != query && q[-1] != '&') || !parse_u64(q + 6, &after))) {
            status = 400;
        } else {
            const event_log_t *log = heap_events(h);
            uint64_t first = event_log_first(log);
            uint64_t dropped = after + 1 < first ? first - (after + 1) : 0;
            body = json_pack("{s:o, s:I}", "events", render_events(log, after + 1), "dropped", (json_int_t)dropped);
        }
    } else {
        status = 404;
    }
    pthread_mutex_unlock(&s->lock);
    if (status == 200)
        respond_json(r, 200, body);
    else if (status == 500)
        respond_error(r, 500, "internal", "an internal error stopped this session; start a new session", NULL);
    else if (status == 400)
        respond_error(r, 400, "bad_request", "query must be after=N with N a non-negative integer", NULL);
    else
        respond_error(r, 404, "not_found", "no such object or path", NULL);
}

/* Splits path into at most 5 segments; false when there are more or one is empty. */
static int split(char *path, char *seg[6])
{
    int n = 0;
    char *save = NULL;
    if (path[0] != '/')
        return -1;
    if (strstr(path, "//"))
        return -1;
    for (char *t = strtok_r(path, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (n == 6)
            return -1;
        seg[n++] = t;
    }
    return n;
}

static void route(api_t *api, const char *method, const char *path, const char *query, const char *body,
                  size_t len, api_response_t *r)
{
    bool get = !strcmp(method, "GET"), post = !strcmp(method, "POST"), del = !strcmp(method, "DELETE");
    if (!strcmp(method, "OPTIONS")) {
        respond_text(r, 204, "text/plain", strdup(""));
        return;
    }
    if (len > api->cfg.max_body) {
        char msg[100];
        snprintf(msg, sizeof msg, "the body is over %zu bytes", api->cfg.max_body);
        respond_error(r, 413, "too_large", msg, NULL);
        return;
    }
    if (!strcmp(path, "/healthz")) {
        if (!get)
            return not_allowed(r, "GET");
        respond_json(r, 200, json_pack("{s:s}", "status", "ok"));
        return;
    }
    if (!strcmp(path, "/metrics")) {
        if (!get)
            return not_allowed(r, "GET");
        respond_text(r, 200, "text/plain; version=0.0.4",
                     metrics_render(&api->metrics, registry_count(api->reg), registry_live_objects(api->reg)));
        return;
    }
    if (!strcmp(path, "/v1/openapi.json")) {
        if (!get)
            return not_allowed(r, "GET");
        respond_text(r, 200, "application/json", strdup(api_openapi_json));
        return;
    }
    char *copy = strndup(path, 2048);
    char *seg[6];
    int n = strlen(path) > 2048 ? -1 : split(copy, seg);
    if (n < 2 || strcmp(seg[0], "v1") || strcmp(seg[1], "sessions")) {
        free(copy);
        respond_error(r, 404, "not_found", "no such path", NULL);
        return;
    }
    if (n == 2) {
        free(copy);
        if (!post)
            return not_allowed(r, "POST");
        create_session(api, body, len, r);
        return;
    }
    session_t *s = registry_get(api->reg, seg[2]);
    if (!s) {
        free(copy);
        respond_error(r, 404, "not_found", "no such session", NULL);
        return;
    }
    if (n == 3) {
        if (get)
            session_read(s, NULL, NULL, NULL, r);
        else if (del) {
            registry_delete(api->reg, seg[2]);
            respond_text(r, 204, "application/json", strdup(""));
        } else
            not_allowed(r, "GET, DELETE");
    } else if (!strcmp(seg[3], "objects") || !strcmp(seg[3], "graph") || !strcmp(seg[3], "events") ||
               !strcmp(seg[3], "gc")) {
        bool is_gc_op = !strcmp(seg[3], "gc") && n == 4;
        if (get && n <= 5 && (n == 4 || !strcmp(seg[3], "objects")))
            session_read(s, seg[3], n == 5 ? seg[4] : NULL, query, r);
        else if (post && is_gc_op)
            run_op(api, s, "gc", body, len, r);
        else if (n > 5 || (n == 5 && strcmp(seg[3], "objects")))
            respond_error(r, 404, "not_found", "no such path", NULL);
        else
            not_allowed(r, is_gc_op ? "GET, POST" : "GET");
    } else if (n == 4 && (req_is_op(seg[3]) || !strcmp(seg[3], "batch"))) {
        if (!post)
            not_allowed(r, "POST");
        else if (!strcmp(seg[3], "batch"))
            run_batch(api, s, body, len, r);
        else
            run_op(api, s, seg[3], body, len, r);
    } else {
        respond_error(r, 404, "not_found", "no such path", NULL);
    }
    registry_release(api->reg, s);
    free(copy);
}

void api_serve(api_t *api, const api_request_t *req, api_response_t *resp)
{
    memset(resp, 0, sizeof *resp);
    route(api, req->method, req->path, req->query ? req->query : "", req->body ? req->body : "", req->body_len, resp);
    if (!resp->body)
        resp->body = strdup("");
    resp->body_len = strlen(resp->body);
}

void api_handle(api_t *api, const char *method, const char *path, const char *query, const char *body,
                size_t body_len, api_response_t *resp)
{
    api_request_t req = {method, path, query, body, body_len, NULL};
    api_serve(api, &req, resp);
}
