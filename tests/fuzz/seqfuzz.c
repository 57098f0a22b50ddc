/*
 * seqfuzz.c — a structure-aware fuzzer of operation SEQUENCES, in process,
 * built with ASan + UBSan and HEAPD_CHECKED (heap_check() after every
 * statement).
 *
 * It writes random programs over every operation and value spec of
 * API.md — classes with every kind of __slots__ and finalizer, instances,
 * cycles, weak references with and without callbacks, the weak
 * containers and their attributes, deep chains of every kind, shared
 * structure, huge literals, batches, reads, failing statements followed
 * by more — and sends them through api_serve(). A failure is: a crash or
 * sanitizer report, a heap_check() violation (abort), a 5xx, an answer
 * that is not JSON, or a request slower than its bound. The sequence that
 * failed is written as a replayable file (one request per line:
 * "METHOD PATH BODY") before the process aborts.
 *
 *   seqfuzz [--seconds N] [--ops N] [--seed S]     random campaigns
 *   seqfuzz --replay FILE...                       replay kept sequences
 */
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"

#define MAX_LOG 4096
/* a request may not take longer, sanitizers included: CPU time of the
 * thread that runs it, so a loaded machine does not make findings */
#define SLOW_SECONDS 3.0

static api_t *api;
static uint64_t rng_state;
static char sid[64];
static char *log_lines[MAX_LOG];
static size_t nlog;
static uint64_t total_ops, total_requests;
static const char *out_dir = "build/seqfuzz-findings";

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int pick(int n)
{
    return (int)(rnd() % (uint64_t)n);
}
static bool chance(int percent)
{
    return pick(100) < percent;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A growing text buffer ---------------------------------------------------------- */

typedef struct {
    char *b;
    size_t n, cap;
} buf_t;

static void put(buf_t *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf_t *s, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(s->b ? s->b + s->n : NULL, s->b ? s->cap - s->n : 0, fmt, ap);
        va_end(ap);
        if (s->b && s->n + (size_t)k < s->cap) {
            s->n += (size_t)k;
            return;
        }
        s->cap = (s->cap + (size_t)k + 64) * 2;
        s->b = realloc(s->b, s->cap);
        if (!s->b)
            abort();
    }
}

/* Failures -------------------------------------------------------------------------- */

static void record(const char *method, const char *path, const char *body)
{
    buf_t line = {0};
    put(&line, "%s %s %s", method, path, body ? body : "");
    if (nlog == MAX_LOG) {
        free(log_lines[0]);
        memmove(log_lines, log_lines + 1, (MAX_LOG - 1) * sizeof *log_lines);
        nlog--;
    }
    log_lines[nlog++] = line.b;
}

static void forget_log(void)
{
    for (size_t i = 0; i < nlog; i++)
        free(log_lines[i]);
    nlog = 0;
}

/* Writes the sequence since the session began, then aborts. */
static void fail(const char *why, const char *body)
{
    char path[256];
    snprintf(path, sizeof path, "%s/seq-%016llx.txt", out_dir, (unsigned long long)rng_state);
    FILE *f = fopen(path, "w");
    if (f) {
        for (size_t i = 0; i < nlog; i++)
            fprintf(f, "%s\n", log_lines[i]);
        fclose(f);
    }
    fprintf(stderr, "seqfuzz: FAILURE: %s\n  answer: %.300s\n  sequence kept in %s\n", why, body ? body : "",
            f ? path : "(could not write)");
    abort();
}

/* The session's summary as it stands (names, objects, bytes, the gc's
 * counts: any statement that ran changes one), malloc'd. */
static char *summary(void)
{
    char path[128], *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    snprintf(path, sizeof path, "/v1/sessions/%s", sid);
    api_request_t req = {"GET", path, "", "", 0, "fuzz", false, NULL, false};
    api_response_t r;
    api_serve(api, &req, &r);
    fprintf(f, "%d %s\n", r.status, r.body ? r.body : "");
    api_response_free(&r);
    fclose(f);
    return out;
}

/* Sends one request with the session's id substituted for {sid}. */
static api_response_t send(const char *method, const char *path_tpl, const char *body)
{
    char path[300];
    const char *at = strstr(path_tpl, "{sid}");
    if (at)
        snprintf(path, sizeof path, "%.*s%s%s", (int)(at - path_tpl), path_tpl, sid, at + 5);
    else
        snprintf(path, sizeof path, "%s", path_tpl);
    char *q = strchr(path, '?');
    if (q)
        *q++ = 0;
    record(method, path_tpl, body);
    api_request_t req = {method, path, q ? q : "", body ? body : "", body ? strlen(body) : 0, "fuzz",
                         false,  NULL, false};
    api_response_t r;
    double t0 = cpu_now();
    /* half the POSTs first as the server's polling thread sends them (api.h,
     * inline_only): one handed back must have changed nothing */
    bool inline_tried = !strcmp(method, "POST") && (rnd() & 1);
    if (inline_tried) {
        char *before = summary();
        api_request_t in = req;
        in.may_defer = in.inline_only = true;
        api_serve(api, &in, &r);
        if (r.status == API_DEFER) {
            api_response_free(&r);
            char *after = summary();
            if (strcmp(before, after) != 0) {
                char why[700];
                snprintf(why, sizeof why, "%.20s %.300s handed back by the inline path changed the session",
                         method, path);
                fail(why, after);
            }
            free(after);
            inline_tried = false;
        }
        free(before);
    }
    if (!inline_tried)
        api_serve(api, &req, &r);
    double dt = cpu_now() - t0;
    total_requests++;
    char why[800];
    if (r.status >= 500 && r.status != 503) {
        snprintf(why, sizeof why, "status %d for %s %s", r.status, method, path);
        fail(why, r.body);
    }
    if (dt > SLOW_SECONDS) {
        snprintf(why, sizeof why, "%s %s took %.2f s", method, path, dt);
        fail(why, r.body);
    }
    if (r.body_len && r.status != 204 && strcmp(path, "/metrics") != 0) {
        json_error_t e;
        json_t *j = json_loadb(r.body, r.body_len, 0, &e);
        if (!j) {
            snprintf(why, sizeof why, "answer is not JSON (%s) for %s %s", e.text, method, path);
            fail(why, r.body);
        }
        json_decref(j);
    }
    return r;
}

static void send_free(const char *method, const char *path, const char *body)
{
    api_response_t r = send(method, path, body);
    api_response_free(&r);
}

/* Programs -------------------------------------------------------------------------- */

static const char *names[] = {"a", "b", "c", "d", "e", "node", "w", "wv", "ws", "wk", "L", "t"};
static const char *attrs[] = {"x",          "y",       "next", "data", "_pending_removals",
                              "_iterating", "_remove", "key",  "p"};
static const char *classes[] = {"P", "N", "S", "E", "R", "D", "W"};
#define NNAMES (int)(sizeof names / sizeof *names)

static const char *a_name(void)
{
    return names[pick(NNAMES)];
}

/* A reference path: a name, sometimes followed by .attr / [i] / ['k']. */
static void ref_path(buf_t *s)
{
    put(s, "%s", a_name());
    int steps = chance(30) ? 1 + pick(2) : 0;
    for (int i = 0; i < steps; i++) {
        switch (pick(3)) {
        case 0: put(s, ".%s", attrs[pick(sizeof attrs / sizeof *attrs)]); break;
        case 1: put(s, "[%d]", pick(4) - 1); break;
        default: put(s, "['%c']", "kpq"[pick(3)]); break;
        }
    }
}

static void value(buf_t *s, int depth);

static void items(buf_t *s, int depth, int max)
{
    int n = pick(max + 1);
    put(s, "[");
    for (int i = 0; i < n; i++) {
        if (i)
            put(s, ",");
        value(s, depth + 1);
    }
    put(s, "]");
}

static void hashable(buf_t *s)
{
    switch (pick(8)) {
    case 0: put(s, "%d", pick(600) - 100); break;
    case 1: put(s, "\"%c%d\"", "ks"[pick(2)], pick(5)); break;
    case 2: put(s, "%s", chance(50) ? "1.5" : "-0.0"); break;
    case 3: put(s, "{\"type\":\"tuple\",\"value\":[%d,\"t\"]}", pick(3)); break;
    case 4: put(s, "{\"type\":\"bytes\",\"value\":\"%s\"}", chance(50) ? "ab" : "\\x00\\xff"); break;
    case 5:
        put(s, "{\"type\":\"int\",\"value\":\"%d%d%d%d\"}", pick(1000000000), pick(1000000000), pick(1000),
            7);
        break;
    case 6: put(s, "{\"type\":\"frozenset\",\"value\":[%d,%d]}", pick(5), pick(5)); break;
    default: put(s, "%s", chance(50) ? "true" : "null"); break;
    }
}

/* A random value spec of API.md. */
static void value(buf_t *s, int depth)
{
    int k = pick(100);
    if (depth > 3)
        k = k % 45;
    if (k < 10)
        put(s, "%d", pick(700) - 200);
    else if (k < 16)
        put(s, "\"%s\"",
            (const char *[]){"x", "hello", "hello world", "\\u00e9", "\\ud83d\\ude00", "", "partner",
                             "a b"}[pick(8)]);
    else if (k < 20)
        put(s, "%s", (const char *[]){"1.5", "0.1", "-0.0", "1e300", "2.0"}[pick(5)]);
    else if (k < 30)
        put(s, "{\"type\":\"%s\"}", classes[pick(7)]);
    else if (k < 42) {
        put(s, "{\"ref\":\"");
        ref_path(s);
        put(s, "\"}");
    } else if (k < 45)
        put(s, "%s", (const char *[]){"null", "true", "false"}[pick(3)]);
    else if (k < 55)
        items(s, depth, 5);
    else if (k < 62) {
        put(s, "{\"type\":\"tuple\",\"value\":");
        items(s, depth, 4);
        put(s, "}");
    } else if (k < 68) {
        int n = pick(6);
        put(s, "{\"type\":\"%s\",\"value\":[", chance(70) ? "set" : "frozenset");
        for (int i = 0; i < n; i++) {
            if (i)
                put(s, ",");
            hashable(s);
        }
        put(s, "]}");
    } else if (k < 76) {
        int n = pick(5);
        put(s, "{\"type\":\"dict\",\"items\":[");
        for (int i = 0; i < n; i++) {
            put(s, "%s[", i ? "," : "");
            hashable(s);
            put(s, ",");
            value(s, depth + 1);
            put(s, "]");
        }
        put(s, "]}");
    } else if (k < 84)
        put(s, "{\"type\":\"%s\"}",
            (const char *[]){"WeakValueDictionary", "WeakKeyDictionary", "WeakSet", "object"}[pick(4)]);
    else if (k < 88)
        put(s, "{\"type\":\"bytes\",\"value\":\"%s\"}",
            (const char *[]){"abc", "\\xff\\x00", "", "q"}[pick(4)]);
    else if (k < 92)
        put(s, "{\"type\":\"int\",\"value\":\"-%d%d%d\"}", pick(1000000000), pick(1000000000), pick(1000));
    else if (k < 95)
        put(s, "{\"type\":\"str\",\"value\":\"%s\"}", chance(50) ? "ok" : "x\\u0000y");
    else { /* a big literal */
        int n = 1000 + pick(20000);
        put(s, "[");
        for (int i = 0; i < n; i++)
            put(s, "%s%d", i ? "," : "", i % 300);
        put(s, "]");
    }
}

static void ref_or_value(buf_t *s)
{
    if (chance(40)) {
        put(s, "\"");
        ref_path(s);
        put(s, "\"");
    } else {
        value(s, 0);
    }
}

/* One operation as a JSON object (without "op" unless in_batch). */
static const char *operation(buf_t *s, bool in_batch)
{
    static const char *ops[] = {"create",  "class",    "assign",      "link",    "unlink", "del",
                                "collect", "sizeof",   "getrefcount", "id",      "is",     "eq",
                                "len",     "contains", "intern",      "weakref", "deref",  "gc"};
    int weights[] = {22, 3, 6, 18, 6, 6, 5, 4, 4, 1, 2, 3, 2, 3, 2, 6, 2, 2};
    int total = 0, w = 0, k;
    for (k = 0; k < 18; k++)
        total += weights[k];
    int r = pick(total);
    for (k = 0; k < 18; k++) {
        w += weights[k];
        if (r < w)
            break;
    }
    const char *op = ops[k];
    put(s, "{");
    if (in_batch)
        put(s, "\"op\":\"%s\",", op);
    switch (k) {
    case 0:
        put(s, "\"name\":\"%s\",\"value\":", a_name());
        value(s, 0);
        if (chance(10))
            put(s, ",\"attrs\":{\"x\":%d,\"next\":{\"ref\":\"%s\"}}", pick(9), a_name());
        break;
    case 1: {
        int c = pick(7);
        put(s, "\"name\":\"%s\"", classes[c]);
        if (c == 2)
            put(s, ",\"slots\":[\"x\",\"next\",\"__weakref__\"]");
        if (c == 3)
            put(s, ",\"slots\":[]");
        if (c == 5)
            put(s, ",\"slots\":[\"__dict__\"]");
        if (c == 6)
            put(s, ",\"slots\":[\"x\",\"__dict__\",\"__weakref__\"]");
        if (c == 1 || chance(20))
            put(s, ",\"finalizer\":\"log\"");
        else if (c == 4)
            put(s, ",\"finalizer\":\"resurrect\"");
        break;
    }
    case 2:
        put(s, "\"name\":\"%s\",\"to\":", a_name());
        ref_or_value(s);
        break;
    case 3:
        put(s, "\"from\":\"");
        ref_path(s);
        put(s, "\",");
        switch (pick(5)) {
        case 0: put(s, "\"attr\":\"%s\"", attrs[pick(sizeof attrs / sizeof *attrs)]); break;
        case 1: put(s, "\"index\":%d", pick(5) - 2); break;
        case 2:
            put(s, "\"key\":");
            hashable(s);
            break;
        case 3: put(s, "\"append\":true"); break;
        default: put(s, "\"add\":true"); break;
        }
        put(s, ",\"to\":");
        ref_or_value(s);
        break;
    case 4:
        put(s, "\"from\":\"");
        ref_path(s);
        put(s, "\",");
        switch (pick(4)) {
        case 0: put(s, "\"attr\":\"%s\"", attrs[pick(sizeof attrs / sizeof *attrs)]); break;
        case 1: put(s, "\"index\":%d", pick(5) - 2); break;
        case 2:
            put(s, "\"key\":");
            hashable(s);
            break;
        default:
            put(s, "\"discard\":");
            ref_or_value(s);
            break;
        }
        break;
    case 5: put(s, "\"names\":[\"%s\"%s]", a_name(), chance(30) ? ",\"b\"" : ""); break;
    case 6: put(s, "\"generation\":%d", pick(3)); break;
    case 7: put(s, "\"ref\":\"%s\",\"deep\":%s", a_name(), chance(50) ? "true" : "false"); break;
    case 8:
    case 9:
    case 12:
    case 16:
        put(s, "\"ref\":\"");
        ref_path(s);
        put(s, "\"");
        break;
    case 10:
    case 11: put(s, "\"a\":\"%s\",\"b\":\"%s\"", a_name(), a_name()); break;
    case 13:
        put(s, "\"in\":\"%s\",\"key\":", a_name());
        value(s, 2);
        break;
    case 14: put(s, "\"name\":\"%s\",\"value\":\"%s\"", a_name(), chance(50) ? "hello world" : "x y"); break;
    case 15:
        put(s, "\"name\":\"%s\",\"target\":", a_name());
        ref_or_value(s);
        put(s, ",\"callback\":%s", chance(60) ? "true" : "false");
        break;
    default:
        switch (pick(5)) {
        case 0: put(s, "\"enabled\":%s", chance(50) ? "true" : "false"); break;
        case 1: put(s, "\"threshold\":[%d,%d,%d]", pick(800), pick(12), pick(12)); break;
        case 2: put(s, "\"debug\":%s", chance(30) ? "[\"saveall\"]" : "[]"); break;
        default: put(s, "\"freeze\":%s", chance(50) ? "true" : "false"); break;
        }
    }
    put(s, "}");
    return op;
}

/* A deep chain of one kind, built in batches: x = [x], x = (x,), x.next = X(),
 * d = {'k': d}, wv.x = WeakValueDictionary(), s = frozenset({s}) ... */
static void deep_chain(void)
{
    static const char *shapes[] = {
        "{\"op\":\"create\",\"name\":\"c\",\"value\":[{\"ref\":\"c\"}]}",
        "{\"op\":\"create\",\"name\":\"c\",\"value\":{\"type\":\"tuple\",\"value\":[{\"ref\":\"c\"}]}}",
        "{\"op\":\"create\",\"name\":\"c\",\"value\":{\"type\":\"dict\",\"value\":{\"k\":{\"ref\":\"c\"}}}}",
        "{\"op\":\"create\",\"name\":\"c\",\"type\":\"N\",\"attrs\":{\"next\":{\"ref\":\"c\"}}}",
        "{\"op\":\"create\",\"name\":\"c\",\"type\":\"WeakValueDictionary\",\"attrs\":{\"x\":{\"ref\":\"c\"}}"
        "}",
        "{\"op\":\"create\",\"name\":\"c\",\"value\":{\"type\":\"frozenset\",\"value\":[{\"ref\":\"c\"}]}}",
        "{\"op\":\"create\",\"name\":\"c\",\"value\":[{\"ref\":\"c\"},{\"ref\":\"c\"}]}",
    };
    send_free("POST", "/v1/sessions/{sid}/class", "{\"name\":\"N\",\"finalizer\":\"log\"}");
    send_free("POST", "/v1/sessions/{sid}/create", "{\"name\":\"c\",\"value\":7}");
    const char *shape = shapes[pick(7)];
    int depth = 10 + pick(chance(20) ? 20000 : 3000);
    if (strstr(shape, "},{"))
        depth = 10 + pick(70); /* the shared DAG doubles at each level */
    buf_t b = {0};
    for (int i = 0; i < depth;) {
        b.n = 0;
        put(&b, "{\"ops\":[");
        for (int k = 0; k < 500 && i < depth; k++, i++)
            put(&b, "%s%s", k ? "," : "", shape);
        put(&b, "]}");
        send_free("POST", "/v1/sessions/{sid}/batch", b.b);
        total_ops += 500;
    }
    /* walk it: compare, hash, repr, deep size, then tear it down */
    send_free("POST", "/v1/sessions/{sid}/assign", "{\"name\":\"d2\",\"to\":\"c\"}");
    send_free("POST", "/v1/sessions/{sid}/eq", "{\"a\":\"c\",\"b\":\"d2\"}");
    send_free("POST", "/v1/sessions/{sid}/contains", "{\"in\":\"c\",\"key\":{\"ref\":\"d2\"}}");
    send_free("POST", "/v1/sessions/{sid}/create",
              "{\"name\":\"hs\",\"value\":{\"type\":\"set\",\"value\":[{\"ref\":\"c\"}]}}");
    send_free("POST", "/v1/sessions/{sid}/sizeof", "{\"ref\":\"c\",\"deep\":true}");
    send_free("GET", "/v1/sessions/{sid}/graph?limit=50", NULL);
    send_free("POST", "/v1/sessions/{sid}/del",
              chance(50) ? "{\"names\":[\"c\",\"d2\"]}" : "{\"names\":[\"d2\",\"c\",\"hs\"]}");
    send_free("POST", "/v1/sessions/{sid}/collect", "{}");
    free(b.b);
}

static void new_session(void)
{
    static const char *versions[] = {"3.10", "3.11", "3.12", "3.13"};
    char body[100];
    snprintf(body, sizeof body, "{\"python\":\"%s\",\"seed\":%d}", versions[pick(4)], pick(5));
    forget_log();
    api_response_t r = send("POST", "/v1/sessions", body);
    json_t *j = json_loads(r.body, 0, NULL);
    snprintf(sid, sizeof sid, "%s", json_string_value(json_object_get(j, "session")) ?: "none");
    json_decref(j);
    api_response_free(&r);
    if (chance(70))
        send_free("POST", "/v1/sessions/{sid}/gc", "{\"enabled\":false}");
}

static void reads(void)
{
    static const char *paths[] = {"/v1/sessions/{sid}",
                                  "/v1/sessions/{sid}/gc",
                                  "/v1/sessions/{sid}/objects",
                                  "/v1/sessions/{sid}/graph",
                                  "/v1/sessions/{sid}/events?after=3",
                                  "/v1/sessions/{sid}/objects?limit=5&after=1"};
    send_free("GET", paths[pick(6)], NULL);
}

/* One program: a session, 20-300 statements (single or batched), reads. */
static void program(void)
{
    new_session();
    int n = 20 + pick(280);
    buf_t b = {0};
    for (int i = 0; i < n; i++) {
        b.n = 0;
        int k = pick(100);
        if (k < 3) {
            deep_chain();
        } else if (k < 15) {
            int m = 1 + pick(30);
            put(&b, "{\"ops\":[");
            for (int j = 0; j < m; j++) {
                if (j)
                    put(&b, ",");
                operation(&b, true);
            }
            put(&b, "]}");
            send_free("POST", "/v1/sessions/{sid}/batch", b.b);
            total_ops += (uint64_t)m;
        } else if (k < 20) {
            reads();
        } else {
            const char *op = operation(&b, false);
            char path[80];
            snprintf(path, sizeof path, "/v1/sessions/{sid}/%s", op);
            send_free("POST", path, b.b);
            total_ops++;
        }
    }
    free(b.b);
    send_free("DELETE", "/v1/sessions/{sid}", NULL);
}

/* Replays a kept sequence: each line "METHOD PATH BODY"; a session's id is
 * taken from each POST /v1/sessions answer. */
static int replay(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        perror(file);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = 0;
        char *sp1 = strchr(line, ' ');
        if (!sp1)
            continue;
        *sp1 = 0;
        char *path = sp1 + 1, *sp2 = strchr(path, ' ');
        char *body = sp2 ? sp2 + 1 : NULL;
        if (sp2)
            *sp2 = 0;
        api_response_t r = send(line, path, body && *body ? body : NULL);
        if (!strcmp(line, "POST") && !strcmp(path, "/v1/sessions")) {
            json_t *j = json_loads(r.body, 0, NULL);
            snprintf(sid, sizeof sid, "%s", json_string_value(json_object_get(j, "session")) ?: "none");
            json_decref(j);
        }
        api_response_free(&r);
    }
    free(line);
    fclose(f);
    return 0;
}

static void *run(void *arg)
{
    char **argv = arg;
    double seconds = 60;
    uint64_t max_ops = 0;
    rng_state = (uint64_t)time(NULL) * 2654435761u | 1;
    for (int i = 1; argv[i]; i++) {
        if (!strcmp(argv[i], "--replay")) {
            int rc = 0;
            for (int k = i + 1; argv[k]; k++) {
                rc |= replay(argv[k]);
                printf("PASS seqfuzz/replay %s\n", argv[k]);
            }
            int n = 0;
            for (int k = i + 1; argv[k]; k++)
                n++;
            printf("%d passed, 0 failed\n", n);
            return (void *)(intptr_t)rc;
        }
        if (!strcmp(argv[i], "--seconds") && argv[i + 1])
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--ops") && argv[i + 1])
            max_ops = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && argv[i + 1])
            rng_state = strtoull(argv[++i], NULL, 10) * 2654435761u | 1;
        else if (!strcmp(argv[i], "--out") && argv[i + 1])
            out_dir = argv[++i];
    }
    double t0 = now(), last = t0;
    uint64_t programs = 0;
    while (now() - t0 < seconds && (!max_ops || total_ops < max_ops)) {
        program();
        programs++;
        if (now() - last > 30) {
            last = now();
            fprintf(stderr, "seqfuzz: %.0f s, %llu programs, %llu operations, %llu requests\n", last - t0,
                    (unsigned long long)programs, (unsigned long long)total_ops,
                    (unsigned long long)total_requests);
        }
    }
    printf("seqfuzz: %llu programs, %llu operations, %llu requests in %.0f s, no failure\n",
           (unsigned long long)programs, (unsigned long long)total_ops, (unsigned long long)total_requests,
           now() - t0);
    printf("PASS seqfuzz/campaign\n1 passed, 0 failed\n");
    return NULL;
}

int main(int argc, char **argv)
{
    (void)argc;
    api_config_t cfg;
    api_config_defaults(&cfg);
    cfg.max_sessions = 4;
    cfg.max_objects = 60000;
    cfg.max_work = 20000000;
    api = api_new(&cfg);
    /* the engine recurses as deep as CPython's C stack lets it (3.13: ~10000
     * deallocations): run on a thread with a stack as large as the server's */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)512 << 20);
    pthread_t t;
    void *rc;
    pthread_create(&t, &attr, run, argv);
    pthread_join(t, &rc);
    forget_log();
    api_free(api);
    return (int)(intptr_t)rc;
}
