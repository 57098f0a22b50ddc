/*
 * fuzz_api.c — libFuzzer target on the in-process API (api_handle).
 *
 * Input: "METHOD PATH [CONTENT-TYPE]\n" then the body (the content type, when
 * given, is the request's header: text/x-python reaches exec's raw-source
 * path). The token {sid} in PATH stands for
 * a live session that persists across inputs (so heaps accumulate state);
 * every few inputs it is replaced, so deletion and recreation are covered.
 * Invariants checked: a status in the contract's set, a body that is JSON
 * (or the metrics text, or a script), and no crash, leak or sanitizer report.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

static api_t *api;
static char sid[64];
static unsigned inputs;

static void new_session(void)
{
    api_response_t r;
    api_handle(api, "POST", "/v1/sessions", "", "{\"seed\": 1}", 11, &r);
    json_t *j = json_loads(r.body, 0, NULL);
    const char *s = json_string_value(json_object_get(j, "session"));
    if (!s) { /* h53: a lost session makes every later input a 404 */
        fprintf(stderr, "new_session failed: %d %.200s\n", r.status, r.body);
        abort();
    }
    snprintf(sid, sizeof sid, "%s", s);
    json_decref(j);
    api_response_free(&r);
}

static void check(const api_response_t *r, const char *path)
{
    static const int allowed[] = {200, 201, 204, 400, 404, 405, 413, 422, 429};
    int ok = 0;
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        ok |= r->status == allowed[i];
    if (!ok) {
        fprintf(stderr, "unexpected status %d for %s\n", r->status, path);
        abort();
    }
    bool json = !r->content_type || !strncmp(r->content_type, "application/json", 16);
    if (r->body_len && json && strcmp(path, "/metrics") != 0 && r->status != 204) {
        json_t *j = json_loadb(r->body, r->body_len, JSON_ALLOW_NUL, NULL); /* "\u0000" is JSON */
        if (!j) {
            fprintf(stderr, "answer is not JSON: %.200s\n", r->body);
            abort();
        }
        json_decref(j);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!api) {
        api_config_t cfg;
        api_config_defaults(&cfg);
        cfg.max_sessions = 8;
        cfg.max_objects = 20000;
        cfg.max_batch = 64;
        cfg.max_body = 65536;
        cfg.max_work = 20000000; /* an input stays well inside -timeout under ASan */
        api = api_new(&cfg);
        new_session();
    }
    if (++inputs % 500 == 0) { /* start over now and then: frees a grown heap */
        char path[96];
        api_response_t r;
        snprintf(path, sizeof path, "/v1/sessions/%s", sid);
        api_handle(api, "DELETE", path, "", "", 0, &r);
        api_response_free(&r);
        new_session();
    }
    const uint8_t *nl = memchr(data, '\n', size);
    size_t head = nl ? (size_t)(nl - data) : size;
    char line[512];
    if (head >= sizeof line)
        head = sizeof line - 1;
    memcpy(line, data, head);
    line[head] = 0;
    char method[16] = "POST", rawpath[480] = "/v1/sessions/{sid}/create", ctype[64] = "";
    sscanf(line, "%15s %479s %63s", method, rawpath, ctype);
    char path[600];
    char *tok = strstr(rawpath, "{sid}");
    if (tok)
        snprintf(path, sizeof path, "%.*s%s%s", (int)(tok - rawpath), rawpath, sid, tok + 5);
    else
        snprintf(path, sizeof path, "%s", rawpath);
    const char *body = nl ? (const char *)nl + 1 : "";
    size_t blen = nl ? size - head - 1 : 0;
    if (nl && head != (size_t)(nl - data))
        blen = size - (size_t)(nl - data) - 1;
    char *copy = malloc(blen + 1);
    memcpy(copy, body, blen);
    copy[blen] = 0;
    api_response_t r;
    char *q = strchr(path, '?');
    if (q)
        *q++ = 0;
    api_request_t req = {.method = method,
                         .path = path,
                         .query = q ? q : "",
                         .body = copy,
                         .body_len = blen,
                         .content_type = ctype[0] ? ctype : NULL};
    api_serve(api, &req, &r);
    check(&r, path);
    /* h53: sessions an input creates are deleted again (the cap of 8 would
       otherwise fill and new_session() lose {sid} for good); a deleted {sid}
       is replaced at once */
    if (!strcmp(method, "POST") && r.status == 201 && !strncmp(path, "/v1/sessions", 12) &&
        !strchr(path + 12, '/')) {
        json_t *j = json_loadb(r.body, r.body_len, 0, NULL);
        const char *s = json_string_value(json_object_get(j, "session"));
        if (s) {
            char dp[128];
            api_response_t d;
            snprintf(dp, sizeof dp, "/v1/sessions/%s", s);
            api_handle(api, "DELETE", dp, "", "", 0, &d);
            api_response_free(&d);
        }
        json_decref(j);
    }
    if (!strcmp(method, "DELETE") && tok && r.status == 204)
        new_session();
    api_response_free(&r);
    free(copy);
    return 0;
}
