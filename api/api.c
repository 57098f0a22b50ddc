/*
 * api.c — routing and the contract's answers (../shared/API.md).
 *
 * Requests are parsed with jansson; answers are written straight into one
 * buffer (jsonw.h). Every request runs in bounded time and memory: a
 * request's statements share a work budget, descriptors carry a repr cut
 * to a length, listings are paged, and new work is refused (503) while
 * the sessions together cost more than the memory cap.
 */
#include "api.h"
#include "jarena.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonw.h"
#include "mem.h"
#include "metrics.h"
#include "profile.h"
#include "pyexec.h"
#include "pyparse.h"
#include "pyrender.h"
#include "query.h"
#include "render.h"
#include "request.h"
#include "session.h"

extern const char api_openapi_json[];

#define FULL_REPR_LIMIT ((size_t)16 << 20) /* ?repr=full: still bounded */
#define RETRY_AFTER_SECONDS 10

struct api {
    api_config_t cfg;
    registry_t *reg;
    metrics_t metrics;
    const char *cors[9]; /* a preflight's CORS headers; the first pair alone ends at cors_simple */
    const char *cors_simple[3];
    atomic_size_t held;   /* bytes of answers queued and not yet sent to their end (api_answer_held) */
    atomic_size_t bodies; /* bytes of request-body buffers the server holds (api_body_reserve) */
};

/* Half the machine's memory, at most 8 GiB: the default server-wide cap. */
static size_t default_memory_cap(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    size_t half = pages > 0 && size > 0 ? (size_t)pages * (size_t)size / 2 : (size_t)4 << 30;
    return half < ((size_t)8 << 30) ? half : (size_t)8 << 30;
}

void api_config_defaults(api_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_sessions = 1000;
    cfg->max_client_sessions = 100;
    cfg->session_ttl = 3600;
    cfg->max_objects = 1000000;
    cfg->max_bytes = 256u << 20;
    cfg->max_memory = default_memory_cap();
    cfg->max_body = 1u << 20;
    cfg->max_batch = 1000;
    cfg->max_events = 10000;
    cfg->max_work = 100000000;
    cfg->max_repr = 1u << 20; /* API.md: repr is CPython's repr(); the cut only bounds the huge */
    cfg->max_page = 10000;
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
    const char *c[] = {"Access-Control-Allow-Origin",
                       cfg->cors_origin,
                       "Access-Control-Allow-Methods",
                       "GET, HEAD, POST, DELETE, OPTIONS",
                       "Access-Control-Allow-Headers",
                       "Content-Type",
                       "Access-Control-Max-Age",
                       "600",
                       NULL};
    memcpy(api->cors, c, sizeof c);
    const char *simple[] = {c[0], c[1], NULL};
    memcpy(api->cors_simple, simple, sizeof simple);
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

const char *const *api_cors_headers(const api_t *api, bool preflight)
{
    return preflight ? api->cors : api->cors_simple;
}

const char *api_cors_origin(const api_t *api, const char *origin, bool *vary)
{
    const char *list = api->cfg.cors_origin;
    *vary = strchr(list, ',') != NULL;
    if (!*vary)
        return list;
    /* API.md: allowed origins configurable: a browser takes one origin (or
     * `*`) in the header, so a list answers each page with its own */
    size_t olen = origin ? strlen(origin) : 0;
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *end = e;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        size_t n = (size_t)(end - p);
        if (n == 1 && *p == '*')
            return "*";
        if (origin && n == olen && n && !memcmp(p, origin, n))
            return origin;
        p = e;
    }
    return NULL;
}
size_t api_sweep(api_t *api)
{
    return registry_sweep(api->reg, api->cfg.session_ttl);
}
void api_observe(api_t *api, int status, double seconds)
{
    metrics_observe(&api->metrics, status, seconds);
}

void api_wait_timeout(api_t *api)
{
    metrics_wait_timeout(&api->metrics);
}

void api_response_free(api_response_t *resp)
{
    free(resp->body);
    resp->body = NULL;
}

/* Answers ----------------------------------------------------------------------- */

static void respond_jw(api_response_t *r, int status, jw_t *w)
{
    r->status = status;
    r->content_type = "application/json";
    r->body = jw_take(w, &r->body_len);
}

/* An answer whose body is already text (body is malloc'd and taken). */
static void respond_text(api_response_t *r, int status, const char *content_type, char *body)
{
    r->status = status;
    r->content_type = content_type;
    r->body = body;
    r->body_len = strlen(body);
}

/* Opens {"error": {"code": code, "message": message — the caller may add
 * members, then calls error_end(). */
static void error_begin(jw_t *w, const char *code, const char *message)
{
    jw_obj(w);
    jw_key(w, "error");
    jw_obj(w);
    jw_kstr(w, "code", code);
    jw_kstr(w, "message", message);
}

static void error_end(jw_t *w)
{
    jw_end_obj(w);
    jw_end_obj(w);
}

static void respond_error(api_response_t *r, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void respond_error(api_response_t *r, int status, const char *code, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jw_t w;
    jw_init(&w);
    error_begin(&w, code, msg);
    error_end(&w);
    respond_jw(r, status, &w);
}

/* 429 with the quota's name */
static void respond_limit(api_response_t *r, const char *limit, const char *message)
{
    jw_t w;
    jw_init(&w);
    error_begin(&w, "limit", message);
    jw_kstr(&w, "limit", limit);
    error_end(&w);
    respond_jw(r, 429, &w);
}

static void not_allowed(api_response_t *r, const char *allow)
{
    respond_error(r, 405, "method_not_allowed", "method not allowed; allowed: %s", allow);
    snprintf(r->allow, sizeof r->allow, "%s", allow);
}

void api_answer_held(api_t *api, size_t bytes, bool held)
{
    if (held)
        atomic_fetch_add(&api->held, bytes);
    else
        atomic_fetch_sub(&api->held, bytes);
}

/* The 503 of the memory cap: with limit "memory" and a Retry-After. */
static void respond_overloaded(api_response_t *r, const char *message)
{
    jw_t w;
    jw_init(&w);
    error_begin(&w, "overloaded", message);
    jw_kstr(&w, "limit", "memory");
    error_end(&w);
    respond_jw(r, 503, &w);
    r->retry_after = RETRY_AFTER_SECONDS;
}

bool api_body_reserve(api_t *api, size_t bytes)
{
    size_t before = atomic_fetch_add(&api->bodies, bytes);
    if (!api->cfg.max_memory ||
        registry_billed(api->reg) + atomic_load(&api->held) + before + bytes <= api->cfg.max_memory)
        return true;
    atomic_fetch_sub(&api->bodies, bytes);
    return false;
}

void api_body_release(api_t *api, size_t bytes)
{
    atomic_fetch_sub(&api->bodies, bytes);
}

void api_overloaded(api_response_t *resp)
{
    memset(resp, 0, sizeof *resp);
    respond_overloaded(resp, "the server's memory cap is reached; try again later or delete a session");
}

/* 503 while the sessions together, with the answers their clients have not
 * read yet and the request bodies being received, cost more than the memory
 * cap: nothing held is lost, reads and deletions still work (but see
 * answers_overloaded()) */
static bool overloaded(api_t *api, api_response_t *r)
{
    if (!api->cfg.max_memory ||
        registry_billed(api->reg) + atomic_load(&api->held) + atomic_load(&api->bodies) <=
            api->cfg.max_memory)
        return false;
    respond_overloaded(r, "the server's memory cap is reached; try again later or delete a session");
    return true;
}

/* 503 for a read while the answers queued and not yet taken by their clients
 * hold more than an eighth of the memory cap and, with the sessions and the
 * bodies, pass it. A client that asks for big answers (a full repr is up to
 * 16 MiB, a page of descriptors some 10 MB) and reads them slowly or not at
 * all keeps each in memory until the idle timeout, and asking again keeps
 * them there: 32 sockets held 525 MB. Reads keep that eighth whatever the
 * sessions hold, so what is held stays readable; they were refused only
 * once the answers alone passed the cap, and the process then held the
 * cap twice (454 MB of RSS under a 200 MB cap). */
static bool answers_overloaded(api_t *api, api_response_t *r)
{
    size_t cap = api->cfg.max_memory, held = atomic_load(&api->held);
    if (!cap || held <= cap / 8 || registry_billed(api->reg) + held + atomic_load(&api->bodies) <= cap)
        return false;
    respond_overloaded(r, "the server's memory cap is reached by answers its clients have not read yet; try "
                          "again later");
    return true;
}

static json_t *parse_body(const char *body, size_t len, api_response_t *r)
{
    json_error_t e;
    if (len == 0)
        return json_object();
    json_t *j = req_json_load(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
    if (!j) {
        /* jansson holds no NUL in an object's key; a dict's key can be written in the "items" form */
        bool nul_key = strstr(e.text, "NUL byte in object key") != NULL;
        respond_error(
            r, 400, "bad_request", "malformed JSON at line %d, column %d: %s%s", e.line, e.column, e.text,
            nul_key ? " (a dict key holding U+0000: write the dict as {\"type\": \"dict\", \"items\": "
                      "[[key, value], ...]})"
                    : "");
    } else if (!json_is_object(j)) {
        json_decref(j);
        respond_error(r, 400, "bad_request", "the body must be a JSON object");
        return NULL;
    }
    return j;
}

/* Sessions ---------------------------------------------------------------------- */

/* POST /v1/sessions */
static void create_session(api_t *api, const api_request_t *req, api_response_t *r)
{
    if (overloaded(api, r))
        return;
    json_t *j = parse_body(req->body, req->body_len, r);
    if (!j)
        return;
    json_t *py = NULL, *seed = NULL, *out = NULL;
    json_error_t e;
    if (json_unpack_ex(j, &e, JSON_STRICT, "{s?o, s?o, s?o}", "python", &py, "seed", &seed, "stdout", &out) <
        0) {
        respond_error(r, 400, "bad_request", "%s", req_unpack_message(&e));
        json_decref(j);
        return;
    }
    if ((py && !req_jstr(py)) || (seed && (!json_is_integer(seed) || json_integer_value(seed) < 0))) {
        respond_error(r, 400, "bad_request", "%s",
                      py && !req_jstr(py) ? "field 'python' must be a string (without NUL)"
                                          : "field 'seed' must be an integer from 0 to 9223372036854775807");
        json_decref(j);
        return;
    }
    const char *version = py ? json_string_value(py) : "3.11";
    heap_limits_t limits = {api->cfg.max_objects, api->cfg.max_bytes, api->cfg.max_events};
    heap_t *h = heap_new(version, seed ? (uint64_t)json_integer_value(seed) : 0, &limits);
    if (!h) {
        jw_t w;
        jw_init(&w);
        char msg[200];
        snprintf(msg, sizeof msg, "python '%.40s' is not simulated; simulated versions: %s", version,
                 profile_versions());
        error_begin(&w, "bad_request", msg);
        jw_key(&w, "supported");
        jw_arr(&w);
        for (const char *const *v = profile_version_list(); *v; v++)
            jw_str(&w, *v);
        jw_end_arr(&w);
        error_end(&w);
        respond_jw(r, 400, &w);
        json_decref(j);
        return;
    }
    if (out && (!req_jstr(out) || !heap_set_stdout(h, json_string_value(out)))) {
        heap_free(h);
        respond_error(r, 400, "bad_request", "field 'stdout' must be \"unbuffered\" or \"pipe\"");
        json_decref(j);
        return;
    }
    json_decref(j);
    reg_status_t why;
    session_t *s = registry_add(api->reg, h, req->client, api->cfg.max_client_sessions, &why);
    if (!s) {
        heap_free(h);
        respond_limit(r, "sessions",
                      why == REG_CLIENT_FULL ? "this client holds as many sessions as it may"
                                             : "the server's session cap is reached");
        r->retry_after = RETRY_AFTER_SECONDS;
        return;
    }
    jw_t w;
    jw_init(&w);
    jw_obj(&w);
    jw_kstr(&w, "session", s->id);
    jw_kstr(&w, "python", heap_version(h));
    jw_kstr(&w, "stdout", heap_stdout(h));
    jw_key(&w, "limits");
    jw_obj(&w);
    jw_kint(&w, "objects", (int64_t)api->cfg.max_objects);
    jw_kint(&w, "bytes", (int64_t)api->cfg.max_bytes);
    jw_kint(&w, "batch", (int64_t)api->cfg.max_batch);
    jw_kint(&w, "body", (int64_t)api->cfg.max_body);
    jw_kint(&w, "events", (int64_t)api->cfg.max_events);
    jw_kint(&w, "work", (int64_t)api->cfg.max_work);
    jw_kint(&w, "repr", (int64_t)api->cfg.max_repr);
    jw_end_obj(&w);
    jw_end_obj(&w);
    respond_jw(r, 201, &w);
    registry_release(api->reg, s);
}

static bool write_names(api_t *api, jw_t *w, heap_t *h, const char *key);

/* Edges one page of GET graph lists, and ids one GET objects/{id} lists as
 * referents or as referrers, at most: API_MAX_LINKS_PER_NODE a node of a
 * full page. A page's nodes are --max-page, but one list of 2 million items
 * has 2 million edges (a 148 MB page; 16 such lists in a session: 2.4 GB). */
#define API_MAX_LINKS_PER_NODE 10

/* ... and never more than this many in one answer, nor more names than a
 * tenth of it: --max-page goes up to a million, and at that setting
 * GET graph?limit=100 of a session of six lists of a million items answered
 * 6.3 million edges (402 MB, 5.8 s), and could have listed 10 million (some
 * 640 MB), GET objects/{id} as many referents and referrers, a summary a
 * million names of up to 255 characters. At the defaults (100,000 and
 * 10,000) nothing changes. */
#define API_MAX_ANSWER_LINKS ((size_t)1000000)

/* The edges, referents, referrers or gc.garbage ids one answer lists */
static size_t answer_links(const api_t *api)
{
    size_t n = (size_t)api->cfg.max_page * API_MAX_LINKS_PER_NODE;
    return n < API_MAX_ANSWER_LINKS ? n : API_MAX_ANSWER_LINKS;
}

/* Bytes of descriptors' reprs one answer holds, over all its descriptors
 * (render.h: answer_room_t): 8 MiB, or two reprs cut at --max-repr when that
 * is more, up to 32 MiB (two of 16 MiB). A repr's JSON is up to three times
 * its UTF-8 (`\u00e9`): at the default --max-repr of 1 MiB a batch of 1,000
 * descriptors of a 300 KB str of é answered 100 MB in 2.3 s of CPU with a
 * room of 32 MiB, 25 MB with this one */
#define API_ANSWER_REPR_MIN ((size_t)8 << 20)
#define API_ANSWER_REPR_BYTES ((size_t)32 << 20)

/* What one answer may hold: the ids of gc.garbage over all its gc states (a
 * batch of gc operations, a summary), as many as a page's edges; its
 * descriptors' reprs (API_ANSWER_REPR_MIN to API_ANSWER_REPR_BYTES) */
static answer_room_t answer_room(const api_t *api)
{
    size_t two = 2 * api->cfg.max_repr;
    size_t bytes = two < API_ANSWER_REPR_MIN     ? API_ANSWER_REPR_MIN
                   : two < API_ANSWER_REPR_BYTES ? two
                                                 : API_ANSWER_REPR_BYTES;
    return (answer_room_t){.ids = answer_links(api), .repr_bytes = bytes};
}

static void summary(api_t *api, jw_t *w, heap_t *h)
{
    jw_obj(w);
    jw_kstr(w, "python", heap_version(h));
    jw_kstr(w, "stdout", heap_stdout(h));
    if (write_names(api, w, h, "names"))
        jw_kbool(w, "names_truncated", true);
    jw_kint(w, "objects", (int64_t)heap_live_objects(h));
    jw_kint(w, "bytes", (int64_t)heap_live_bytes(h));
    jw_key(w, "gc");
    answer_room_t room = answer_room(api);
    render_gc(w, h, &room);
    jw_end_obj(w);
}

typedef struct {
    jw_t *w;
    size_t written, max;
    bool cut;
} names_ctx_t;

static bool add_name(const char *name, uint64_t id, void *arg)
{
    names_ctx_t *ctx = arg;
    if (ctx->written == ctx->max) {
        ctx->cut = true;
        return false;
    }
    ctx->written++;
    jw_key(ctx->w, name);
    jw_uint(ctx->w, id);
    return true;
}

/* The namespace as {name: id} under key, its first --max-page names (of at
 * most 255 characters each: a page's worth; and at most a tenth of
 * API_MAX_ANSWER_LINKS) in binding order: 340,000 names made a 9 MB
 * summary. true when more were left out (the caller says *_truncated). */
static bool write_names(api_t *api, jw_t *w, heap_t *h, const char *key)
{
    size_t max = API_MAX_ANSWER_LINKS / 10;
    names_ctx_t ctx = {.w = w, .max = api->cfg.max_page < max ? api->cfg.max_page : max};
    jw_key(w, key);
    jw_obj(w);
    heap_each_name(h, add_name, &ctx);
    jw_end_obj(w);
    return ctx.cut;
}

/* Statements --------------------------------------------------------------------- */

static const struct {
    int status;
    const char *code;
} status_map[] = {
    [ST_PYEXC] = {422, "python_exception"},  [ST_NOTFOUND] = {404, "not_found"},
    [ST_BADREQ] = {400, "bad_request"},      [ST_LIMIT] = {429, "limit"},
    [ST_INTERNAL] = {500, "internal"},       [ST_BUDGET] = {422, "budget"},
    [ST_UNSUPPORTED] = {422, "unsupported"},
};

/* Runs one statement: its result into out (a value), or its error into
 * err (the members after "message" are the caller's). Returns the status. */
/* Parser memory one JSON operation's statement may take to compile: far
 * more than a 1 MiB body needs (about 250 bytes per source byte) */
#define STMT_MAX_PARSE ((size_t)512 << 20)

/* compile(statement, "<op>", "exec"): false with CPython's SyntaxError in exc
 * when the statement does not compile (a keyword as a name or attribute:
 * `class = 1`, `None = 1`, `del a.if`; brackets past the tokenizer's
 * MAXLEVEL), in which case nothing runs. */
static bool stmt_compiles(heap_t *h, const char *python, exc_t *exc)
{
    const char *v = heap_version(h); /* "3.12" */
    pyparse_result_t *r = pyparse_bounded(python, strlen(python), 300 + atoi(v + 2), 0, STMT_MAX_PARSE);
    bool ok = !r || r->status != PYPARSE_ERROR;
    if (!ok)
        exc_set(exc, ST_PYEXC, r->error.type, "%s", r->error.msg);
    pyparse_free(r);
    return ok;
}

/* Whether a reference path names a keyword (`if.x`, `a.None`): outside its
 * ['key'] steps, which are str literals. */
static bool path_has_keyword(const char *path)
{
    for (const char *p = path; p && *p;) {
        if (*p == '[') {
            char q = *++p;
            if (q == '\'' || q == '"') /* a key: up to its closing quote */
                for (p++; *p && *p != q; p++)
                    if (*p == '\\' && p[1])
                        p++;
            p = strchr(p, ']');
            p = p ? p + 1 : "";
            continue;
        }
        if (*p == '.') {
            p++;
            continue;
        }
        size_t n = strcspn(p, ".[");
        if (pyparse_is_keyword(p, n))
            return true;
        p += n;
    }
    return false;
}

/* Whether a spec names a keyword (a reference, a class to call), holds an
 * int literal of more than 4300 digits, or nests deeper than depth levels
 * (then the statement's brackets near the tokenizer's limit of 200). */
static bool spec_suspect(const spec_t *s, int depth)
{
    if (!s)
        return false;
    if (depth > 50 || (s->form == SP_REF && path_has_keyword(s->ref.path)) ||
        (s->form == SP_BIGINT && strlen(s->text) > 4300) || /* past int max str digits: SyntaxError */
        (s->form == SP_INSTANCE && s->text && pyparse_is_keyword(s->text, strlen(s->text))))
        return true;
    for (size_t i = 0; i < s->nitems; i++)
        if (spec_suspect(s->items[i], depth + 1))
            return true;
    return false;
}

static bool name_is_keyword(const char *name)
{
    return name && pyparse_is_keyword(name, strlen(name));
}

/* Whether the statement of a JSON operation could fail to compile: only a
 * keyword where a name goes, or values nested near the bracket limit, can
 * make it (the rest heapd renders itself); compiling every statement would
 * cost more than running it. */
static bool may_not_compile(const heap_stmt_t *st)
{
    if (name_is_keyword(st->name) || name_is_keyword(st->attr) || path_has_keyword(st->a.path) ||
        path_has_keyword(st->b.path) || spec_suspect(st->value, 0) || spec_suspect(st->key, 0))
        return true;
    if (st->generation_big && strlen(st->generation_big) > 4300) /* past int max str digits */
        return true;
    for (int i = 0; st->gc && i < st->gc->nthreshold; i++)
        if (st->gc->threshold_big[i] && strlen(st->gc->threshold_big[i]) > 4300)
            return true;
    for (size_t i = 0; i < st->nnames; i++)
        if (name_is_keyword(st->names[i]))
            return true;
    for (size_t i = 0; i < st->nattrs; i++)
        if (name_is_keyword(st->attr_names[i]) || spec_suspect(st->attr_values[i], 0))
            return true;
    for (size_t i = 0; i < st->nvalues; i++)
        if (spec_suspect(st->values[i], 0))
            return true;
    return false;
}

/* 1 + the index of the first slot str.isidentifier() turns away in the
 * session's version, 0: none (heap_stmt_t.slots_bad) */
static size_t slots_bad(const heap_t *h, const heap_classdef_t *d)
{
    int minor = atoi(heap_version(h) + 2);
    for (size_t i = 0; i < d->nslots; i++)
        if (!pyparse_is_identifier(d->slots[i], minor))
            return i + 1;
    return 0;
}

/* `import gc` / `import weakref` (HEAP_IMPORT_* bits) as statements of
 * their own: the engine loads a module at its first import only */
static void exec_imports(heap_t *h, unsigned imports)
{
    static const struct {
        unsigned bit;
        const char *name;
    } mods[] = {{HEAP_IMPORT_GC, "gc"}, {HEAP_IMPORT_WEAKREF, "weakref"}};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        if (!(imports & mods[i].bit))
            continue;
        heap_stmt_t st = {.op = OP_IMPORT, .name = mods[i].name};
        heap_result_t res;
        exc_t exc;
        heap_exec(h, &st, &res, &exc);
    }
}

/* Runs one JSON operation, python being its statement (which must compile
 * first, as CPython's would); needs: the script's (PYNEED_*), whose imports
 * the engine runs before the statement (heap_stmt_t.imports), and before
 * its SyntaxError, as the script imports first. */
static int run_stmt(api_t *api, heap_t *h, parsed_op_t *p, const char *python, unsigned needs, jw_t *out,
                    exc_t *exc, answer_room_t *room)
{
    p->st.imports = (unsigned char)((needs & PYNEED_GC ? HEAP_IMPORT_GC : 0) |
                                    (needs & PYNEED_WEAKREF ? HEAP_IMPORT_WEAKREF : 0));
    if (may_not_compile(&p->st) && !stmt_compiles(h, python, exc)) {
        exec_imports(h, p->st.imports);
        return status_map[ST_PYEXC].status;
    }
    heap_result_t res;
    const heap_stmt_t *stmt = &p->st;
    /* a class's slots: str.isidentifier() needs the version's tables */
    heap_stmt_t with_slots;
    heap_classdef_t def;
    if (stmt->op == OP_CLASS && heap_stmt_classdef(stmt)->has_slots) {
        with_slots = p->st;
        def = *stmt->classdef;
        def.slots_bad = slots_bad(h, &def);
        with_slots.classdef = &def;
        stmt = &with_slots;
    }
    status_t st = heap_exec(h, stmt, &res, exc);
    if (st == ST_OK) {
        render_result(out, h, &res, api->cfg.max_repr, room);
        heap_result_done(h);
        if (p->st.op == OP_COLLECT)
            metrics_collection(&api->metrics);
        return 200;
    }
    return status_map[st].status;
}

/* The error object of a failed statement, left open for more members. */
static void stmt_error(jw_t *w, const heap_t *h, const exc_t *exc)
{
    status_t st = exc->status;
    if (st == ST_UNSUPPORTED) { /* as a construct outside the subset is (pyexec_unsupported) */
        char msg[700];
        snprintf(msg, sizeof msg, "outside the supported subset: %s", heap_exc_message(h, exc));
        error_begin(w, status_map[st].code, msg);
        jw_kstr(w, "construct", heap_exc_message(h, exc));
        return;
    }
    error_begin(w, status_map[st].code, heap_exc_message(h, exc));
    if (st == ST_PYEXC)
        jw_kstr(w, "type", exc->type);
    if (st == ST_LIMIT)
        jw_kstr(w, "limit", exc->type);
}

/* "events": [...] and, when the log no longer held some, "events_dropped" */
static void write_events(jw_t *w, heap_t *h, uint64_t first)
{
    jw_key(w, "events");
    uint64_t dropped = render_events(w, heap_events(h), first);
    if (dropped)
        jw_kint(w, "events_dropped", (int64_t)dropped);
}

/* A batch's parsed operations, in chunks of OPS_CHUNK: no block is big (a
 * 100,000-op batch took 36 MB in one piece: fresh pages from the kernel for
 * every batch), and nothing moves while the list grows. */
#define OPS_CHUNK 128
typedef struct {
    parsed_op_t **chunks;
    size_t n, nchunks, capchunks;
} op_list_t;

static parsed_op_t *op_at(const op_list_t *l, size_t i)
{
    return &l->chunks[i / OPS_CHUNK][i % OPS_CHUNK];
}

/* A busy session's lock is tried again while its holder runs a bounded
 * request on another polling thread (microseconds): parking the connection
 * instead costs two thread hand-offs, tens of microseconds. The holder says
 * which it is once it has the lock (session_t.inline_holder: a hint, left
 * as it is at the unlock for the next holder to set). */
#define LOCK_SPINS 64
#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

/* Takes the session's lock; false when it is busy and the caller may come
 * back later (the server then parks the connection instead of a thread). */
static bool lock_session(session_t *s, const api_request_t *req)
{
    if (!req->may_defer) {
        pthread_mutex_lock(&s->lock);
    } else {
        bool got = pthread_mutex_trylock(&s->lock) == 0;
        for (int i = 0; !got && i < LOCK_SPINS; i++) {
            bool bounded = atomic_load_explicit(&s->inline_holder, memory_order_relaxed);
            CPU_RELAX();
            got = pthread_mutex_trylock(&s->lock) == 0;
            if (!bounded)
                break;
        }
        if (!got)
            return false;
    }
    atomic_store_explicit(&s->inline_holder, req->inline_only, memory_order_relaxed);
    return true;
}

/* With inline_only (api.h), whether the statements are too much for the
 * caller's thread: then the session is unlocked, nothing has run, and the
 * request is to be served again by a thread that may wait. */
static bool too_long_inline(session_t *s, const api_request_t *req, const op_list_t *ops,
                            const heap_stmt_t *st)
{
    if (!req->inline_only)
        return false;
    bool bounded = heap_live_objects(s->heap) <= API_INLINE_OBJECTS;
    for (size_t i = 0; bounded && ops && i < ops->n; i++)
        bounded = heap_stmt_bounded(s->heap, &op_at(ops, i)->st);
    if (bounded && st)
        bounded = heap_stmt_bounded(s->heap, st);
    if (!bounded)
        pthread_mutex_unlock(&s->lock);
    return !bounded;
}

static void defer(api_response_t *r)
{
    r->status = API_DEFER;
}

/* A request's statements run with the session locked and a fresh budget. */
static bool begin_statements(api_t *api, session_t *s, const api_request_t *req)
{
    if (!lock_session(s, req))
        return false;
    heap_set_budget(s->heap, (int64_t)api->cfg.max_work);
    return true;
}

static void end_statements(api_t *api, session_t *s)
{
    heap_exc_texts_clear(s->heap); /* every exception of the request is rendered */
    size_t billed = session_cost(s);
    size_t live = heap_live_objects(s->heap);
    pthread_mutex_unlock(&s->lock);
    registry_bill(api->reg, s, billed, live);
}

static unsigned script_needs(session_t *s, const heap_stmt_t *st);
static bool name_of(void *ctx, uint64_t id, const char *avoid, strbuf_t *sb);
/* The own names the session binds (pyscript_bound()), as the next statement
 * starts: eight lookups, made again only when a name changed */
static unsigned script_bound(session_t *s)
{
    if (s->bound_version != heap_names_version(s->heap)) {
        s->script.bound = pyscript_bound(s->heap);
        s->bound_version = heap_names_version(s->heap);
    }
    return s->script.bound;
}
static void script_op(session_t *s, const char *python, unsigned needs, int status, const exc_t *exc);

static void run_op(api_t *api, session_t *s, const char *op, const api_request_t *req, api_response_t *r)
{
    if (overloaded(api, r))
        return;
    json_t *j = parse_body(req->body, req->body_len, r);
    if (!j)
        return;
    parsed_op_t p;
    char err[512];
    if (!req_parse_op(op, j, false, NULL, &p, err, sizeof err)) {
        req_free(&p);
        json_decref(j);
        respond_error(r, 400, "bad_request", "%s", err);
        return;
    }
    json_decref(j);
    if (!begin_statements(api, s, req) || too_long_inline(s, req, NULL, &p.st)) {
        req_free(&p);
        return defer(r);
    }
    jw_t w, result;
    jw_init(&w);
    jw_init(&result);
    exc_t exc;
    uint64_t first = heap_events(s->heap)->next_seq;
    char *scripted = pyrender_op_script(&p.st, name_of, s, script_bound(s));
    char *python = pyrender_unmarked(scripted);
    unsigned needs = script_needs(s, &p.st);
    answer_room_t room = answer_room(api);
    int status = run_stmt(api, s->heap, &p, python, needs, &result, &exc, &room);
    script_op(s, scripted, needs, status, &exc);
    free(scripted);
    if (status == 200) {
        jw_obj(&w);
        jw_key(&w, "result");
        jw_raw(&w, result.buf ? result.buf : "null", result.len);
        write_events(&w, s->heap, first);
        jw_kstr(&w, "python", python);
        jw_end_obj(&w);
    } else {
        stmt_error(&w, s->heap, &exc);
        /* what ran before it failed, as a batch's error answers it: a 404 of
         * `[1] in <dead id>` made (and freed) the list first */
        if ((status == 422 && exc.status == ST_PYEXC) || heap_events(s->heap)->next_seq != first)
            write_events(&w, s->heap, first);
        jw_kstr(&w, "python", python);
        error_end(&w);
    }
    end_statements(api, s);
    free(python);
    req_free(&p);
    jw_free(&result);
    respond_jw(r, status, &w);
}

/* Batch bodies ------------------------------------------------------------------- */

/* An operation this deep would put the whole body past jansson's
 * JSON_PARSER_MAX_DEPTH (2048) once inside {"ops": [...]}: the whole-body
 * parse answers for it */
#define MAX_OP_DEPTH 2000

/* JSON's whitespace, the four bytes jansson's lexer skips */
static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* Where the JSON value at p ends: the first ',', ']' or '}' outside strings
 * and at its own level, or end. *depth is its deepest nesting. Nothing is
 * checked here: jansson parses the text next. */
static const char *value_end(const char *p, const char *end, int *depth)
{
    int d = 0;
    *depth = 0;
    for (; p < end; p++) {
        char ch = *p;
        if (ch == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\' && p + 1 < end)
                    p++;
            if (p == end)
                break;
        } else if (ch == '[' || ch == '{') {
            if (++d > *depth)
                *depth = d;
        } else if (ch == ']' || ch == '}') {
            if (d-- == 0)
                break;
        } else if (ch == ',' && d == 0) {
            break;
        }
    }
    return p;
}

/* A zeroed operation added at the end, or NULL when out of memory. */
static parsed_op_t *op_push(op_list_t *l)
{
    if (l->n == l->nchunks * OPS_CHUNK) {
        if (l->nchunks == l->capchunks) {
            size_t cap = l->capchunks ? l->capchunks * 2 : 8;
            parsed_op_t **c = realloc(l->chunks, cap * sizeof *c);
            if (!c)
                return NULL;
            l->chunks = c;
            l->capchunks = cap;
        }
        if (!(l->chunks[l->nchunks] = malloc(OPS_CHUNK * sizeof(parsed_op_t))))
            return NULL;
        l->nchunks++;
    }
    parsed_op_t *p = op_at(l, l->n++);
    memset(p, 0, sizeof *p);
    return p;
}

static void op_list_free(op_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        req_free(op_at(l, i));
    for (size_t i = 0; i < l->nchunks; i++)
        free(l->chunks[i]);
    free(l->chunks);
    memset(l, 0, sizeof *l);
}

/* Where the operations of a body of the plain shape {"ops": [...]} start:
 * the first one's text, or NULL for any other shape. */
static const char *plain_ops_start(const char *p, const char *end)
{
    static const char key[] = "\"ops\"";
    p = skip_ws(p, end);
    if (p == end || *p++ != '{')
        return NULL;
    p = skip_ws(p, end);
    if ((size_t)(end - p) < sizeof key - 1 || memcmp(p, key, sizeof key - 1) != 0)
        return NULL;
    p = skip_ws(p + sizeof key - 1, end);
    if (p == end || *p++ != ':')
        return NULL;
    p = skip_ws(p, end);
    if (p == end || *p++ != '[')
        return NULL;
    return p;
}

/* Parses a body of the plain shape {"ops": [op, ...]} one operation at a
 * time, in one pass over its text, each operation's jansson values dropped
 * as soon as it is parsed (its strings kept in pool): the whole body's tree
 * costs some 1.3 KB an operation, 130 MB for a 100,000-op batch, and is
 * cold in the cache by the time the ops run. True with every op parsed and
 * valid. False, with nothing kept, for anything else (another shape, JSON
 * that is not well formed, an op nested too deep, an invalid op, more ops
 * than a batch holds): then the whole-body parse answers, with jansson's
 * and the validation's exact messages. The text of each op is not checked
 * here: jansson parses it. */
static bool parse_ops_alone(api_t *api, const api_request_t *req, req_pool_t *pool, op_list_t *ops)
{
    const char *end = req->body + req->body_len;
    const char *p = plain_ops_start(req->body, end);
    if (!p)
        return false;
    bool ok = true;
    if (skip_ws(p, end) < end && *skip_ws(p, end) == ']') {
        p = skip_ws(p, end) + 1;
    } else {
        for (;;) {
            int depth;
            const char *e = value_end(p, end, &depth);
            parsed_op_t *parsed;
            if (e == end || *e == '}' || depth > MAX_OP_DEPTH || ops->n == api->cfg.max_batch ||
                !(parsed = op_push(ops))) {
                ok = false;
                break;
            }
            jarena_mark_t m = jarena_mark();
            json_error_t je;
            json_t *o = req_json_load(p, (size_t)(e - p),
                                      JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
            const char *op = req_jstr(json_object_get(o, "op"));
            char why[512];
            ok = op && req_parse_op(op, o, true, pool, parsed, why, sizeof why); /* false for an unknown op */
            json_decref(o);
            jarena_release(m);
            if (!ok)
                break;
            p = e + 1;
            if (*e == ']')
                break;
        }
    }
    if (ok) {
        p = skip_ws(p, end);
        ok = p < end && *p++ == '}' && skip_ws(p, end) == end;
    }
    if (!ok)
        op_list_free(ops);
    return ok;
}

/* The first malformed operation of a batch: the ops before it run, and
 * the batch then stops there with its 400 (API.md: a batch stops at the
 * first failing op, and the ops before it stay applied). */
typedef struct {
    bool found;
    size_t index;
    char message[600];
} bad_op_t;

/* The body parsed whole: false with the answer made when the body itself
 * is wrong (malformed JSON, a missing or mistyped 'ops', too many ops):
 * then nothing runs. True with the ops before the first malformed one (all
 * of them when none is), that one in *bad. */
static bool parse_ops_whole(api_t *api, const api_request_t *req, api_response_t *r, op_list_t *list,
                            bad_op_t *bad)
{
    json_t *j = parse_body(req->body, req->body_len, r);
    if (!j)
        return false;
    json_t *ops = NULL;
    json_error_t e;
    /* json_unpack_ex() sets ops before JSON_STRICT finds an unknown field:
     * an array there is jansson's message (the field it names), not ours */
    if (json_unpack_ex(j, &e, JSON_STRICT, "{s:o}", "ops", &ops) < 0 || !json_is_array(ops)) {
        respond_error(r, 400, "bad_request", "%s",
                      ops && !json_is_array(ops) ? "field 'ops' must be an array of operations"
                                                 : req_unpack_message(&e));
        json_decref(j);
        return false;
    }
    size_t n = json_array_size(ops);
    if (n > api->cfg.max_batch) {
        char msg[100];
        snprintf(msg, sizeof msg, "a batch holds at most %zu operations", api->cfg.max_batch);
        respond_limit(r, "batch", msg);
        json_decref(j);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(ops, i);
        const char *op = req_jstr(json_object_get(o, "op"));
        char why[512];
        parsed_op_t *parsed = op_push(list);
        if (!parsed) {
            op_list_free(list);
            json_decref(j);
            respond_error(r, 503, "overloaded", "out of memory");
            return false;
        }
        bool ok = op && req_is_op(op) && req_parse_op(op, o, true, NULL, parsed, why, sizeof why);
        if (!ok) {
            if (!json_is_object(o))
                snprintf(why, sizeof why, "each operation must be a JSON object");
            else if (!op)
                snprintf(why, sizeof why, "missing field 'op'");
            else if (!req_is_op(op))
                snprintf(why, sizeof why, "unknown operation '%.100s'", op);
            req_free(parsed);
            list->n--;
            bad->found = true;
            bad->index = i;
            snprintf(bad->message, sizeof bad->message, "ops[%zu]: %s", i, why);
            break;
        }
    }
    json_decref(j);
    return true;
}

static void run_batch(api_t *api, session_t *s, const api_request_t *req, api_response_t *r)
{
    if (overloaded(api, r))
        return;
    /* a body that is not a batch runs nothing; a malformed op stops it */
    req_pool_t *pool = req_pool_new();
    op_list_t ops = {0};
    bad_op_t bad = {0};
    if (!pool || (!parse_ops_alone(api, req, pool, &ops) && !parse_ops_whole(api, req, r, &ops, &bad))) {
        req_pool_free(pool);
        return;
    }
    if (!begin_statements(api, s, req) || too_long_inline(s, req, &ops, NULL)) {
        op_list_free(&ops);
        req_pool_free(pool);
        return defer(r);
    }
    jw_t results, w;
    jw_init(&results);
    jw_init(&w);
    answer_room_t room = answer_room(api);
    jw_arr(&results);
    exc_t exc;
    uint64_t first = heap_events(s->heap)->next_seq;
    int status = 200;
    size_t i;
    jw_t pys;
    jw_init(&pys);
    jw_arr(&pys);
    for (i = 0; i < ops.n && status == 200; i++) {
        parsed_op_t *p = op_at(&ops, i);
        char *scripted = pyrender_op_script(&p->st, name_of, s, script_bound(s));
        char *python = pyrender_unmarked(scripted);
        unsigned needs = script_needs(s, &p->st);
        status = run_stmt(api, s->heap, p, python, needs, &results, &exc, &room);
        jw_str(&pys, python);
        script_op(s, scripted, needs, status, &exc);
        free(scripted);
        free(python);
    }
    jw_end_arr(&results);
    jw_end_arr(&pys);
    /* the ops that ran (all, or those before the one that failed): their
     * results, events and statements, inside the error when one failed */
    if (status == 200 && bad.found) {
        status = 400;
        error_begin(&w, "bad_request", bad.message);
        jw_kint(&w, "index", (int64_t)bad.index);
    } else if (status == 200) {
        jw_obj(&w);
    } else {
        stmt_error(&w, s->heap, &exc);
        jw_kint(&w, "index", (int64_t)(i - 1));
    }
    jw_key(&w, "results");
    jw_raw(&w, results.buf, results.len);
    write_events(&w, s->heap, first);
    jw_key(&w, "python");
    jw_raw(&w, pys.buf, pys.len);
    if (status == 200)
        jw_end_obj(&w);
    else
        error_end(&w);
    jw_free(&pys);
    end_statements(api, s);
    op_list_free(&ops);
    req_pool_free(pool);
    jw_free(&results);
    respond_jw(r, status, &w);
}

/* Python source and the session's script ------------------------------------------- */

/* What a JSON operation needs in the script before it: its imports, the
 * recording callback, and `_resurrected` when the engine is about to make it */
static unsigned script_needs(session_t *s, const heap_stmt_t *st)
{
    unsigned needs = pyrender_needs(st);
    if ((needs & PYNEED_RESURRECTED) && heap_name_bound(s->heap, "_resurrected"))
        needs &= ~(unsigned)PYNEED_RESURRECTED;
    return needs;
}

/* An object id in a statement is written as a name bound to the object when
 * the statement runs: the script has no other way to reach it (API.md: the
 * script reproduces every answer). */
static bool name_of(void *ctx, uint64_t id, const char *avoid, strbuf_t *sb)
{
    heap_t *h = ((session_t *)ctx)->heap;
    char *name = heap_name_of(h, id, avoid);
    if (!name)
        return false;
    if (!strcmp(name, "_cb") && !heap_name_bound(h, "_cb"))
        pyrender_callback_name(sb); /* the recording callback, which the script defines */
    else
        sb_puts(sb, name);
    free(name);
    return true;
}

/* The `import gc` / `import weakref` a statement brings into the script: the
 * engine makes what each module's first import leaves (core: op_import()) */
static void import_modules(session_t *s, unsigned modules)
{
    modules &= ~s->imports;
    exec_imports(s->heap, (modules & PYMOD_GC ? HEAP_IMPORT_GC : 0) |
                              (modules & PYMOD_WEAKREF ? HEAP_IMPORT_WEAKREF : 0));
}

/* A JSON operation that ran (or raised) goes into the script, after its
 * imports, which the engine ran first (heap_stmt_t.imports); one refused
 * before it ran (404, a quota, the budget) changed nothing and does not. One
 * refused once it ran leaves its imports, which stay made. The modules stay
 * imported for later sources too. */
static void script_op(session_t *s, const char *python, unsigned needs, int status, const exc_t *exc)
{
    script_bound(s);
    if (status != 200 && !(status == 422 && exc->status == ST_PYEXC)) {
        unsigned made = heap_imported(s->heap);
        unsigned imported =
            (made & HEAP_IMPORT_GC ? PYMOD_GC : 0) | (made & HEAP_IMPORT_WEAKREF ? PYMOD_WEAKREF : 0);
        pyscript_imports(&s->script, needs & imported & ~s->imports);
        s->imports |= needs & imported;
        return;
    }
    s->imports |= needs & (PYMOD_GC | PYMOD_SYS | PYMOD_WEAKREF);
    /* a class that raised (its slots, op_class()) raised before the engine made
     * `_resurrected`: the script must not bind it either */
    if (status != 200)
        needs &= ~(unsigned)PYNEED_RESURRECTED;
    char unbound[16] = "";
    if (status != 200 && !strcmp(exc->type, "NameError")) {
        int end = 0; /* the whole message, not a longer name's first letters */
        if (sscanf(exc->message, "name '%15[a-z]' is not defined%n", unbound, &end) != 1 || !end ||
            exc->message[end])
            unbound[0] = 0;
    }
    pyscript_add_op(&s->script, python, needs, status == 200 ? NULL : exc->type,
                    status == 200 || !exc->hidden_builtin[0] ? NULL : exc->hidden_builtin,
                    unbound[0] ? unbound : NULL);
}

/* GET /v1/sessions/{sid}/script */
static void get_script(session_t *s, const api_request_t *req, api_response_t *r)
{
    if (req->query && *req->query) {
        respond_error(r, 400, "bad_request", "this path takes no query parameters");
        return;
    }
    if (!lock_session(s, req))
        return defer(r);
    size_t len;
    char *text = pyscript_render(&s->script, &len);
    pthread_mutex_unlock(&s->lock);
    respond_text(r, 200, "text/x-python; charset=utf-8", text);
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    return s && !strncasecmp(s, prefix, strlen(prefix));
}

/* 422 for source that does not compile or is outside the subset, 429 or
 * 422 budget past a bound: nothing ran */
static void respond_untranslated(api_response_t *r, const pyexec_unit_t *u)
{
    if (u->status == PYEXEC_LIMIT) {
        respond_limit(r, u->limit, u->msg);
        return;
    }
    if (u->status == PYEXEC_BUDGET) {
        respond_error(r, 422, "budget", "%s", u->msg);
        return;
    }
    jw_t w;
    jw_init(&w);
    if (u->status == PYEXEC_SYNTAX) {
        error_begin(&w, "syntax_error", u->msg);
        jw_kstr(&w, "type", u->type);
        const char *keys[] = {"lineno", "offset", "end_lineno", "end_offset"};
        int vals[] = {u->lineno, u->offset, u->end_lineno, u->end_offset};
        for (int i = 0; i < 4; i++) {
            jw_key(&w, keys[i]);
            if (vals[i] == PYEXEC_NONE)
                jw_null(&w);
            else
                jw_int(&w, vals[i]);
        }
    } else {
        char msg[700];
        if (u->lineno != PYEXEC_NONE)
            snprintf(msg, sizeof msg, "line %d: outside the supported subset: %s", u->lineno, u->msg);
        else
            snprintf(msg, sizeof msg, "outside the supported subset: %s", u->msg);
        error_begin(&w, "unsupported", msg);
        jw_kstr(&w, "construct", u->msg);
        jw_key(&w, "line");
        if (u->lineno != PYEXEC_NONE)
            jw_int(&w, u->lineno);
        else
            jw_null(&w);
    }
    error_end(&w);
    respond_jw(r, 422, &w);
}

/* Whether src uses, as heapd's subset reads it, a builtin's or module's name
 * the session binds: a builtin called (`set()`, `len(x)`: the subset calls
 * the builtin), a module's attribute (`gc.collect()`) or import (`import sys`
 * rebinds the session's name in CPython). Read on the text (strings and
 * comments too: a refusal where unsure); the first such name in shadowed. */
static bool session_binds(const char *name, void *h)
{
    return heap_name_bound(h, name);
}

/* The NameError of a module used before its import (the first one missing). */
static const char *missing_module(unsigned needs, unsigned imported)
{
    static const struct {
        unsigned bit;
        const char *name;
    } mods[] = {{PYMOD_GC, "gc"}, {PYMOD_SYS, "sys"}, {PYMOD_WEAKREF, "weakref"}};
    for (size_t i = 0; i < 3; i++)
        if ((needs & mods[i].bit) && !(imported & mods[i].bit))
            return mods[i].name;
    return NULL;
}

/* A statement that uses a module not imported raises NameError where
 * CPython reaches the name: after the operands evaluated before it
 * (`print(s1.x, sys.getsizeof(s1))` raises s1.x's AttributeError first).
 * How many of its parts run before that: the plain values (OP_EVAL) before
 * the first part that calls into sys or gc; 0 (the error before anything)
 * when weakref is the missing one or any other part comes first. */
static size_t parts_before_missing(const pyexec_stmt_t *ps, unsigned imported)
{
    unsigned missing = ps->needs & ~imported;
    if (missing & PYMOD_WEAKREF)
        return 0;
    for (size_t k = 0; k < ps->nstmts; k++) {
        op_t op = ps->stmts[k].op;
        bool sys = op == OP_SIZEOF || op == OP_GETREFCOUNT || op == OP_INTERN;
        bool gc = op == OP_COLLECT || op == OP_GC || op == OP_GC_QUERY;
        if ((sys && (missing & PYMOD_SYS)) || (gc && (missing & PYMOD_GC)))
            return k;
        if (op != OP_EVAL)
            return 0;
    }
    return 0;
}

static bool has_kept_parts(const pyexec_stmt_t *ps)
{
    for (size_t k = 0; k < ps->nstmts; k++)
        if (ps->stmts[k].keep)
            return true;
    return false;
}

/* Runs one heap statement of a Python statement; its result into entry
 * when it is the statement's. */
static int run_part(api_t *api, heap_t *h, const pyexec_stmt_t *ps, size_t k, jw_t *entry, exc_t *exc,
                    answer_room_t *room)
{
    heap_result_t res;
    status_t st = heap_exec(h, &ps->stmts[k], &res, exc);
    if (st != ST_OK)
        return status_map[st].status;
    if (ps->negate && res.kind == RES_BOOL)
        res.b = !res.b;
    if ((int)k == ps->result_of)
        render_result(entry, h, &res, api->cfg.max_repr, room);
    heap_result_done(h);
    if (ps->stmts[k].op == OP_COLLECT)
        metrics_collection(&api->metrics);
    return 200;
}

/* Reads the body of POST .../exec: Python source (text/x-python, text/plain),
 * or JSON {"source", "mode"}. false when it answered 400. */
static bool exec_body(const api_request_t *req, api_response_t *r, json_t **json, const char **src,
                      size_t *len, bool *as_bytes, bool *module)
{
    const char *ct = req->content_type;
    bool is_json = starts_with_ci(ct, "application/json");
    if (!ct || (!is_json && !starts_with_ci(ct, "text/"))) { /* no type (curl -d's form type): look */
        const char *p = req->body;
        while (p < req->body + req->body_len && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            p++;
        json_error_t e; /* read as parse_body() reads it: NULs, lone surrogates and big ints are JSON's */
        json_t *probe = p < req->body + req->body_len && *p == '{'
                            ? req_json_load(req->body, req->body_len, JSON_ALLOW_NUL, &e)
                            : NULL;
        is_json = probe && json_is_object(probe) && json_object_get(probe, "source");
        json_decref(probe);
    }
    *module = true;
    if (!is_json) {
        *src = req->body;
        *len = req->body_len;
        *as_bytes = true;
        return true;
    }
    if (!(*json = parse_body(req->body, req->body_len, r)))
        return false;
    json_t *source = NULL, *mode = NULL;
    json_error_t e;
    if (json_unpack_ex(*json, &e, JSON_STRICT, "{s:o, s?o}", "source", &source, "mode", &mode) < 0) {
        respond_error(r, 400, "bad_request", "%s", req_unpack_message(&e));
        return false;
    }
    if (!json_is_string(source)) {
        respond_error(r, 400, "bad_request", "field 'source' must be a string");
        return false;
    }
    if (mode && (!req_jstr(mode) || (strcmp(json_string_value(mode), "module") &&
                                     strcmp(json_string_value(mode), "statements")))) {
        respond_error(r, 400, "bad_request", "field 'mode' must be \"module\" or \"statements\"");
        return false;
    }
    *module = !mode || !strcmp(json_string_value(mode), "module");
    *src = json_string_value(source);
    *len = json_string_length(source);
    *as_bytes = false;
    /* a lone surrogate (JSON's "\ud800", which a str may hold): compile()
       cannot encode the source, so no statement of it could run */
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)*src, *end = p + *len; p < end; p++) {
        if (p[0] == 0xED && end - p >= 3 && (p[1] & 0xE0) == 0xA0) {
            respond_error(
                r, 400, "bad_request",
                "field 'source' holds a lone surrogate, which compile() cannot encode (CPython: "
                "UnicodeEncodeError: 'utf-8' codec can't encode character '\\u%04x' in position %zu: "
                "surrogates not allowed)",
                0xD000 | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu), chars);
            return false;
        }
        chars += (*p & 0xC0) != 0x80;
    }
    return true;
}

/* POST /v1/sessions/{sid}/exec: the whole source is parsed and translated
 * first (nothing runs when it does not compile or leaves the subset); then
 * its statements run in order, as a batch does, and stop at the first error. */
static void run_exec(api_t *api, session_t *s, const api_request_t *req, api_response_t *r)
{
    if (overloaded(api, r))
        return;
    json_t *j = NULL;
    const char *src;
    size_t len;
    bool as_bytes, module;
    if (!exec_body(req, r, &j, &src, &len, &as_bytes, &module)) {
        json_decref(j);
        return;
    }
    /* the session first: a request that waits for it must not parse again
     * each time it comes back */
    if (!begin_statements(api, s, req)) {
        json_decref(j);
        return defer(r);
    }
    heap_t *h = s->heap;
    pyexec_limits_t lim = {api->cfg.max_work, api->cfg.max_batch};
    pyexec_unit_t u;
    pyexec_translate(src, len, heap_version(h), as_bytes, module, &lim, &u);
    json_decref(j);
    if (u.status != PYEXEC_OK) {
        respond_untranslated(r, &u);
        end_statements(api, s);
        pyexec_free(&u);
        return;
    }
    /* a builtin's or module's name the session bound itself: the source's
     * `set()`, `len(x)`, `gc.collect()`, `import sys` would call or rebind the
     * session's object in CPython, where heapd's subset means the builtin */
    char shadowed[64];
    if (pyexec_builtin_uses(&u, heap_version(h), session_binds, h, shadowed, sizeof shadowed)) {
        u.status = PYEXEC_UNSUPPORTED;
        u.lineno = PYEXEC_NONE;
        snprintf(u.msg, sizeof u.msg,
                 "the name '%s', which the session bound: the source would use the session's object, not the "
                 "builtin or module",
                 shadowed);
        respond_untranslated(r, &u);
        end_statements(api, s);
        pyexec_free(&u);
        return;
    }
    /* every statement's parts in order: the module unit's, and the first
     * check's. A builtin heapd does not run (`y = max()`), called where no
     * statement of the source binds the name, refuses the source before its
     * first statement runs, as a construct outside the subset is */
    size_t nparts = 0;
    for (size_t k = 0; k < u.n; k++)
        nparts += u.stmts[k].nstmts;
    const heap_stmt_t **unit = xcalloc(nparts + 1, sizeof *unit);
    nparts = 0;
    for (size_t k = 0; k < u.n; k++)
        for (size_t m = 0; m < u.stmts[k].nstmts; m++)
            unit[nparts++] = &u.stmts[k].stmts[m];
    size_t which;
    exc_t refusal;
    if (heap_source_refused(h, unit, nparts, &which, &refusal)) {
        size_t k = 0;
        while (which >= u.stmts[k].nstmts) /* the statement the part is of */
            which -= u.stmts[k++].nstmts;
        u.status = PYEXEC_UNSUPPORTED;
        u.lineno = u.stmts[k].line;
        snprintf(u.msg, sizeof u.msg, "%s", refusal.message);
        free(unit);
        respond_untranslated(r, &u);
        end_statements(api, s);
        pyexec_free(&u);
        return;
    }
    /* parsing spent part of the request's budget: a byte of parser memory a unit */
    heap_set_budget(h, u.cost < api->cfg.max_work ? (int64_t)(api->cfg.max_work - u.cost) : 1);
    jw_t results, w;
    jw_init(&results);
    jw_init(&w);
    jw_arr(&results);
    answer_room_t room = answer_room(api);
    exc_t exc;
    memset(&exc, 0, sizeof exc);
    uint64_t first = heap_events(h)->next_seq;
    size_t first_count = heap_events(h)->count;
    int status = 200;
    size_t i = 0;
    heap_stmt_t begin = {.op = OP_UNIT_BEGIN}, end = {.op = OP_UNIT_END};
    if (module) { /* one code object: every statement's constants first */
        begin.unit = unit;
        begin.nunit = nparts;
        begin.unit_one = u.n == 1 && has_kept_parts(&u.stmts[0]); /* as one_unit below */
        heap_result_t res;
        status_t st = heap_exec(h, &begin, &res, &exc);
        status = st == ST_OK ? 200 : status_map[st].status;
    }
    for (i = 0; i < u.n && status == 200; i++) {
        pyexec_stmt_t *ps = &u.stmts[i];
        jw_t entry;
        jw_init(&entry);
        pyexec_bind_weakref(ps, s->imports & PYMOD_WEAKREF);
        const char *missing = missing_module(ps->needs, s->imports);
        uint64_t stmt_first = heap_events(h)->next_seq; /* the statement's events start here */
        size_t stmt_count = heap_events(h)->count;
        size_t runs = ps->nstmts;
        if (missing)
            runs = parts_before_missing(ps, s->imports);
        else
            import_modules(s, ps->imports);
        /* a statement whose parts hand values on (print(len(a))) is one code
         * object: its constants made once, before its first part runs */
        bool one_unit = !module && runs && has_kept_parts(ps);
        if (one_unit) {
            for (size_t k = 0; k < ps->nstmts; k++)
                unit[k] = &ps->stmts[k];
            begin.unit = unit;
            begin.nunit = ps->nstmts;
            begin.unit_one = true;
            heap_result_t res;
            status_t st = heap_exec(h, &begin, &res, &exc);
            status = st == ST_OK ? 200 : status_map[st].status;
        }
        for (size_t k = 0; k < runs && status == 200; k++)
            status = run_part(api, h, ps, k, &entry, &exc, &room);
        if (missing && status == 200) {
            exc_set(&exc, ST_PYEXC, "NameError", "name '%s' is not defined", missing);
            status = 422;
        }
        if (one_unit) {
            exc_t end_exc;
            heap_result_t res;
            heap_exec(h, &end, &res, &end_exc);
        }
        /* the budget stopped it: its code's constants went with its
         * temporaries (heap_exec() took back those of the part it stopped) */
        if (one_unit && status == 422 && exc.status == ST_BUDGET)
            heap_unlog_temporaries(h, stmt_first, stmt_count);
        if (status == 200 || (status == 422 && exc.status == ST_PYEXC)) {
            if (!module)
                pyscript_add(&s->script, ps->source, 0, status == 200 ? NULL : exc.type, NULL);
        }
        if (status != 200) {
            jw_free(&entry);
            break;
        }
        s->imports |= ps->imports;
        pyscript_defined(&s->script, ps->imports);
        jw_obj(&results);
        jw_kint(&results, "line", ps->line);
        jw_kstr(&results, "source", ps->source);
        jw_key(&results, "result");
        jw_raw(&results, entry.buf ? entry.buf : "null", entry.buf ? entry.len : 4);
        jw_end_obj(&results);
        jw_free(&entry);
    }
    if (module) {
        bool raised = status == 422 && exc.status == ST_PYEXC;
        if (status == 200 || raised) { /* the whole unit, as CPython runs it */
            pyscript_add(&s->script, u.source, 0, raised ? exc.type : NULL, NULL);
        } else if (i > 0 && i <= u.n) { /* what ran before heapd stopped */
            char *prefix = strndup(u.source, u.stmts[i < u.n ? i : u.n - 1].start);
            if (i < u.n && *prefix)
                pyscript_add(&s->script, prefix, 0, NULL, NULL);
            free(prefix);
        }
        exc_t end_exc;
        heap_result_t res;
        heap_exec(h, &end, &res, &end_exc);
        /* the budget stopped the first statement: nothing ran, the unit's
         * constants went as they came */
        if (i == 0 && status == 422 && exc.status == ST_BUDGET)
            heap_unlog_temporaries(h, first, first_count);
    }
    jw_end_arr(&results);
    if (status == 200) {
        jw_obj(&w);
        jw_key(&w, "results");
        jw_raw(&w, results.buf, results.len);
        write_events(&w, h, first);
        jw_end_obj(&w);
    } else {
        stmt_error(&w, s->heap, &exc);
        if (i < u.n) {
            jw_kint(&w, "line", u.stmts[i].line);
            jw_kstr(&w, "source", u.stmts[i].source);
        }
        jw_key(&w, "results");
        jw_raw(&w, results.buf, results.len);
        write_events(&w, h, first);
        error_end(&w);
    }
    end_statements(api, s);
    free(unit);
    pyexec_free(&u);
    jw_free(&results);
    respond_jw(r, status, &w);
}

/* Reads ---------------------------------------------------------------------------- */

typedef struct {
    api_t *api;
    heap_t *h;
    jw_t *w;
    uint64_t from;
    uint64_t start; /* the session's repr work when the read began */
    size_t written, max;
    bool spent; /* the labels' reprs spent the request's budget */
} edge_ctx_t;

static bool read_spent(const api_t *api, const heap_t *h, uint64_t start);

/* writes one edge; false once the page holds all it may: max edges, or the
 * request's budget spent (a dict's labels are its keys' reprs) */
static bool edge_cb(edge_kind_t kind, const char *label, uint64_t to, void *arg)
{
    edge_ctx_t *ctx = arg;
    if (ctx->written == ctx->max || (ctx->spent = read_spent(ctx->api, ctx->h, ctx->start)))
        return false;
    ctx->written++;
    jw_t *w = ctx->w;
    jw_obj(w);
    jw_key(w, "from");
    jw_uint(w, ctx->from);
    jw_key(w, "to");
    jw_uint(w, to);
    jw_kstr(w, "label", label);
    jw_end_obj(w);
    return true;
}

/* The page of object ids after `after` (ascending), at most `limit`;
 * *next is the last id when more follow, else 0. */
static uint64_t *page_ids(heap_t *h, uint64_t after, uint64_t limit, size_t *n, uint64_t *next)
{
    bool more;
    uint64_t *ids = heap_object_ids_page(h, after, (size_t)limit, n, &more);
    *next = more && *n ? ids[*n - 1] : 0;
    return ids;
}

static void write_next(jw_t *w, uint64_t next)
{
    if (next) {
        jw_key(w, "next");
        jw_uint(w, next);
    }
}

/* Whether a read that began when the session's repr work was `start` has
 * spent the request's budget on reprs (heap_repr_work()) */
static bool read_spent(const api_t *api, const heap_t *h, uint64_t start)
{
    return heap_repr_work(h) - start >= api->cfg.max_work;
}

/* The descriptors of a page, in ids' order, until their reprs spend the
 * request's budget (--max-work; at least one is written, so paging goes on):
 * a page of 10,000 ints of 4,300 digits took 1.4 s, each repr a quadratic
 * conversion; or the answer's room for reprs (API_ANSWER_REPR_BYTES: the
 * budget prices a repr's text at a unit per 64 bytes, so at --max-repr
 * 16 MiB it let a page of 200 reprs of 16 MiB through, 3.2 GB built in
 * 149 s; a page stops before the room would cut a repr shorter than
 * --max-repr). Returns how many were written; *next is then the last of them
 * when the page stopped short. */
static size_t write_descriptors(api_t *api, jw_t *w, heap_t *h, const uint64_t *ids, size_t n, uint64_t *next)
{
    uint64_t start = heap_repr_work(h);
    answer_room_t room = answer_room(api);
    size_t i = 0;
    for (; i < n && (i == 0 || (!read_spent(api, h, start) && room.repr_bytes >= api->cfg.max_repr)); i++)
        render_descriptor_in(w, h, ids[i], api->cfg.max_repr, &room);
    if (i < n)
        *next = ids[i - 1];
    return i;
}

static void graph(api_t *api, jw_t *w, heap_t *h, uint64_t after, uint64_t limit)
{
    size_t n;
    uint64_t next;
    uint64_t *ids = page_ids(h, after, limit, &n, &next);
    jw_obj(w);
    bool roots_cut = write_names(api, w, h, "roots");
    jw_key(w, "nodes");
    jw_arr(w);
    n = write_descriptors(api, w, h, ids, n, &next);
    jw_end_arr(w);
    jw_key(w, "edges");
    jw_arr(w);
    /* a dict's edge labels are its keys' reprs: they have a budget of their
     * own (a page whose nodes spent theirs still shows their edges) */
    edge_ctx_t ctx = {.api = api, .h = h, .w = w, .start = heap_repr_work(h), .max = answer_links(api)};
    for (size_t i = 0; i < n && ctx.written < ctx.max && !ctx.spent; i++) {
        ctx.from = ids[i];
        heap_each_edge(h, ids[i], edge_cb, &ctx);
    }
    bool cut = ctx.written == ctx.max || ctx.spent;
    jw_end_arr(w);
    if (cut) /* the cap may have been met exactly: said all the same */
        jw_kbool(w, "edges_truncated", true);
    if (roots_cut)
        jw_kbool(w, "roots_truncated", true);
    write_next(w, next);
    jw_end_obj(w);
    free(ids);
}

static void objects(api_t *api, jw_t *w, heap_t *h, uint64_t after, uint64_t limit)
{
    size_t n;
    uint64_t next;
    uint64_t *ids = page_ids(h, after, limit, &n, &next);
    jw_obj(w);
    jw_key(w, "objects");
    jw_arr(w);
    write_descriptors(api, w, h, ids, n, &next);
    jw_end_arr(w);
    write_next(w, next);
    jw_end_obj(w);
    free(ids);
}

static bool object_detail(jw_t *w, heap_t *h, uint64_t id, size_t repr_limit, size_t max_ids)
{
    if (!render_descriptor_open(w, h, id, repr_limit))
        return false;
    uint64_t *ids;
    size_t n, nn;
    char **names;
    jw_key(w, "referents");
    jw_arr(w);
    heap_referents(h, id, &ids, &n);
    bool referents_cut = n > max_ids;
    for (size_t i = 0; i < n && i < max_ids; i++)
        jw_uint(w, ids[i]);
    free(ids);
    jw_end_arr(w);
    jw_key(w, "referrers");
    jw_arr(w);
    heap_referrers(h, id, &ids, &n, &names, &nn);
    bool referrers_cut = n + nn > max_ids;
    for (size_t i = 0; i < n && i < max_ids; i++)
        jw_uint(w, ids[i]);
    for (size_t i = 0; i < nn; i++) {
        if (n + i < max_ids) {
            char buf[300];
            snprintf(buf, sizeof buf, "name:%s", names[i]);
            jw_str(w, buf);
        }
        free(names[i]);
    }
    free(ids);
    free(names);
    jw_end_arr(w);
    if (referents_cut)
        jw_kbool(w, "referents_truncated", true);
    if (referrers_cut)
        jw_kbool(w, "referrers_truncated", true);
    jw_end_obj(w);
    return true;
}

/* An object id as a descriptor's `id` spells it: decimal digits, no sign, no leading zero. */
static bool parse_id(const char *s, uint64_t *out)
{
    if (!*s || strlen(s) > 20 || (s[0] == '0' && s[1]))
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

/* GET reads of a session: what = NULL (summary), "gc", "graph", "objects", "events" */
static void session_read(api_t *api, session_t *s, const char *what, const char *arg,
                         const api_request_t *req, api_response_t *r)
{
    const char *rawq = req->query;
    static const char *const none[] = {NULL}, *const paged[] = {"after", "limit", NULL},
                             *const events_q[] = {"after", NULL}, *const detail_q[] = {"repr", NULL};
    const char *const *allowed = !what || !strcmp(what, "gc") ? none
                                 : !strcmp(what, "events")    ? events_q
                                 : arg                        ? detail_q
                                                              : paged;
    query_t q;
    char why[200];
    uint64_t after = 0, limit = api->cfg.max_page;
    bool ok = query_parse(&q, rawq, allowed, why, sizeof why) &&
              query_u64(&q, "after", 0, INT64_MAX, 0, &after, why, sizeof why) &&
              query_u64(&q, "limit", 1, api->cfg.max_page, api->cfg.max_page, &limit, why, sizeof why);
    const char *repr = query_get(&q, "repr");
    if (ok && repr && strcmp(repr, "full") != 0) {
        snprintf(why, sizeof why, "query parameter 'repr' must be 'full'");
        ok = false;
    }
    size_t repr_limit = repr ? FULL_REPR_LIMIT : api->cfg.max_repr;
    query_free(&q);
    if (!ok) {
        respond_error(r, 400, "bad_request", "%s", why);
        return;
    }
    if (!lock_session(s, req))
        return defer(r);
    jw_t w;
    jw_init(&w);
    int status = 200;
    bool bad_id = false;
    heap_t *h = s->heap;
    if (heap_is_broken(h)) {
        status = 500;
    } else if (!what) {
        summary(api, &w, h);
    } else if (!strcmp(what, "gc")) {
        answer_room_t room = answer_room(api);
        render_gc(&w, h, &room);
    } else if (!strcmp(what, "graph")) {
        graph(api, &w, h, after, limit);
    } else if (!strcmp(what, "objects") && !arg) {
        objects(api, &w, h, after, limit);
    } else if (!strcmp(what, "objects")) {
        uint64_t id;
        if (!parse_id(arg, &id))
            status = 404, bad_id = true;
        else if (!object_detail(&w, h, id, repr_limit, answer_links(api)))
            status = 404;
    } else { /* events */
        const event_log_t *log = heap_events(h);
        jw_obj(&w);
        jw_key(&w, "events");
        uint64_t dropped = render_events(&w, log, after + 1);
        jw_kint(&w, "dropped", (int64_t)dropped);
        jw_end_obj(&w);
    }
    pthread_mutex_unlock(&s->lock);
    if (status == 200)
        respond_jw(r, 200, &w);
    else if (status == 500)
        respond_error(r, 500, "internal", "an internal error stopped this session; start a new session");
    else if (bad_id)
        respond_error(r, 404, "not_found",
                      "no such object: not an object id (written as a descriptor's id is: decimal digits, "
                      "no sign, no leading zero)");
    else
        respond_error(r, 404, "not_found", "no such object or path");
    if (status != 200)
        jw_free(&w);
}

/* Routing -------------------------------------------------------------------------- */

/* Splits path into at most 5 segments; -1 when there are more or one is empty. */
static int split(char *path, char *seg[6])
{
    if (path[0] != '/' || strstr(path, "//"))
        return -1;
    int n = 0; /* no empty segment but a last one ("/v1/sessions/"), which is not one */
    for (char *p = path + 1, *slash; *p; p = slash + 1) {
        if (n == 6)
            return -1;
        seg[n++] = p;
        if (!(slash = strchr(p, '/')))
            break;
        *slash = '\0';
    }
    return n;
}

/* HEAD is GET without the body (RFC 9110 9.3.2): libmicrohttpd sends the
 * headers of the answer queued for it, Content-Length included, and no body */
static bool is_get(const char *method)
{
    return !strcmp(method, "GET") || !strcmp(method, "HEAD");
}

static bool is_read(const char *what)
{
    return !strcmp(what, "objects") || !strcmp(what, "graph") || !strcmp(what, "events") ||
           !strcmp(what, "gc");
}

/* POST and DELETE take no query parameters (API.md: an unknown field is a
 * 400 naming it): false, with that 400 answered, when the request has one
 * (or a malformed query string) */
static bool no_query(const api_request_t *req, api_response_t *r)
{
    static const char *const none[] = {NULL};
    if (!req->query || !*req->query)
        return true;
    query_t q;
    char why[200];
    bool ok = query_parse(&q, req->query, none, why, sizeof why);
    query_free(&q);
    if (!ok)
        respond_error(r, 400, "bad_request", "%s", why);
    return ok;
}

/* /v1/sessions/{sid}/... once the session is found */
static void route_session(api_t *api, session_t *s, char **seg, int n, const api_request_t *req,
                          api_response_t *r)
{
    bool get = is_get(req->method), post = !strcmp(req->method, "POST"), del = !strcmp(req->method, "DELETE");
    if (n == 3) {
        if (get)
            session_read(api, s, NULL, NULL, req, r);
        else if (del) {
            if (no_query(req, r)) {
                registry_delete(api->reg, seg[2]);
                respond_text(r, 204, "application/json", strdup(""));
            }
        } else
            not_allowed(r, "GET, HEAD, DELETE");
        return;
    }
    const char *what = seg[3];
    bool gc_op = !strcmp(what, "gc") && n == 4;
    /* inline_only (api.h): a JSON operation or batch of a small body, and
     * nothing else (Python source: its translation alone can take long) */
    if (req->inline_only &&
        (!post || n != 4 || !(req_is_op(what) || !strcmp(what, "batch")) || req->body_len > API_INLINE_BODY))
        return defer(r);
    if (is_read(what)) {
        if (get && n <= 5 && (n == 4 || !strcmp(what, "objects")))
            session_read(api, s, what, n == 5 ? seg[4] : NULL, req, r);
        else if (post && gc_op) {
            if (no_query(req, r))
                run_op(api, s, "gc", req, r);
        } else if (n > 5 || (n == 5 && strcmp(what, "objects")))
            respond_error(r, 404, "not_found", "no such path");
        else
            not_allowed(r, gc_op ? "GET, HEAD, POST" : "GET, HEAD");
    } else if (n == 4 && !strcmp(what, "exec")) {
        if (!post)
            not_allowed(r, "POST");
        else if (no_query(req, r))
            run_exec(api, s, req, r);
    } else if (n == 4 && !strcmp(what, "script")) {
        if (!get)
            not_allowed(r, "GET, HEAD");
        else
            get_script(s, req, r);
    } else if (n == 4 && (req_is_op(what) || !strcmp(what, "batch"))) {
        if (!post)
            not_allowed(r, "POST");
        else if (!no_query(req, r))
            return;
        else if (!strcmp(what, "batch"))
            run_batch(api, s, req, r);
        else
            run_op(api, s, what, req, r);
    } else {
        respond_error(r, 404, "not_found", "no such path");
    }
}

static void route(api_t *api, const api_request_t *req, api_response_t *r)
{
    bool get = is_get(req->method), post = !strcmp(req->method, "POST");
    if (!strcmp(req->method, "OPTIONS")) {
        respond_text(r, 204, "text/plain", strdup(""));
        return;
    }
    if (req->body_len > api->cfg.max_body) {
        respond_error(r, 413, "too_large", "the body is over %zu bytes", api->cfg.max_body);
        return;
    }
    if (!strcmp(req->path, "/healthz")) {
        if (!get)
            return not_allowed(r, "GET, HEAD");
        respond_text(r, 200, "application/json", strdup("{\"status\":\"ok\"}"));
        return;
    }
    if (!strcmp(req->path, "/metrics")) {
        if (!get)
            return not_allowed(r, "GET, HEAD");
        respond_text(r, 200, "text/plain; version=0.0.4",
                     metrics_render(&api->metrics, registry_count(api->reg), registry_live_objects(api->reg),
                                    registry_billed(api->reg), atomic_load(&api->held),
                                    atomic_load(&api->bodies)));
        return;
    }
    if (!strcmp(req->path, "/v1/openapi.json")) {
        if (!get)
            return not_allowed(r, "GET, HEAD");
        respond_text(r, 200, "application/json", strdup(api_openapi_json));
        return;
    }
    if (get && answers_overloaded(api, r))
        return;
    if (strlen(req->path) > 2048) {
        respond_error(r, 404, "not_found", "no such path");
        return;
    }
    char *copy = strdup(req->path);
    char *seg[6];
    int n = split(copy, seg);
    if (n < 2 || strcmp(seg[0], "v1") || strcmp(seg[1], "sessions")) {
        respond_error(r, 404, "not_found", "no such path");
    } else if (n == 2) {
        if (!post)
            not_allowed(r, "POST");
        else if (no_query(req, r))
            create_session(api, req, r);
    } else {
        session_t *s = registry_get(api->reg, seg[2]);
        if (!s) {
            respond_error(r, 404, "not_found", "no such session");
        } else {
            route_session(api, s, seg, n, req, r);
            registry_release(api->reg, s);
        }
    }
    free(copy);
}

void api_serve(api_t *api, const api_request_t *req, api_response_t *resp)
{
    memset(resp, 0, sizeof *resp);
    jarena_begin();
    route(api, req, resp);
    jarena_end();
    if (resp->status == API_DEFER)
        return;
    if (!resp->body)
        resp->body = strdup("");
    resp->body_len = strlen(resp->body);
}

void api_handle(api_t *api, const char *method, const char *path, const char *query, const char *body,
                size_t body_len, api_response_t *resp)
{
    api_request_t req = {method, path, query, body, body_len, NULL, false, NULL, false};
    api_serve(api, &req, resp);
}
