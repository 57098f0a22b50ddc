/*
 * test_api.c — the JSON layer in-process: api_handle() without sockets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "jarena.h"
#include "jsonw.h"

static api_t *A;

static int setup(void **state)
{
    api_config_t cfg;
    api_config_defaults(&cfg);
    cfg.max_sessions = 3;
    cfg.max_batch = 5;
    cfg.max_body = 4096;
    A = api_new(&cfg);
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    api_free(A);
    return 0;
}

/* Sends a request; returns the status and the parsed body (or NULL). */
static int call(const char *method, const char *path, const char *body, json_t **out)
{
    api_response_t r;
    api_handle(A, method, path, "", body ? body : "", body ? strlen(body) : 0, &r);
    if (out)
        *out = json_loads(r.body, 0, NULL);
    int status = r.status;
    api_response_free(&r);
    return status;
}

static char *new_session(void)
{
    json_t *b;
    assert_int_equal(call("POST", "/v1/sessions", "{}", &b), 201);
    char *sid = strdup(json_string_value(json_object_get(b, "session")));
    assert_true(strlen(sid) >= 22); /* >= 128 random bits, base64url */
    json_decref(b);
    return sid;
}

static int op(const char *sid, const char *name, const char *body, json_t **out)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/sessions/%s/%s", sid, name);
    return call("POST", path, body, out);
}

static const char *err_code(json_t *b)
{
    return json_string_value(json_object_get(json_object_get(b, "error"), "code"));
}
static const char *err_msg(json_t *b)
{
    return json_string_value(json_object_get(json_object_get(b, "error"), "message"));
}

static void test_chapter_cycle_collects_two(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "class", "{\"name\":\"Node\"}", NULL), 200);
    assert_int_equal(op(sid, "create", "{\"name\":\"a\",\"type\":\"Node\"}", NULL), 200);
    assert_int_equal(op(sid, "create", "{\"name\":\"b\",\"type\":\"Node\"}", NULL), 200);
    assert_int_equal(op(sid, "link", "{\"from\":\"a\",\"attr\":\"partner\",\"to\":\"b\"}", NULL), 200);
    assert_int_equal(op(sid, "link", "{\"from\":\"b\",\"attr\":\"partner\",\"to\":\"a\"}", NULL), 200);
    assert_int_equal(op(sid, "del", "{\"names\":[\"a\",\"b\"]}", NULL), 200);
    assert_int_equal(op(sid, "collect", "{}", &b), 200);
    assert_int_equal(json_integer_value(json_object_get(b, "result")), 2);
    json_decref(b);
    free(sid);
}

static void test_unknown_field_is_named(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "sizeof", "{\"ref\":\"a\",\"deeep\":true}", &b), 400);
    assert_string_equal(err_code(b), "bad_request");
    assert_non_null(strstr(err_msg(b), "'deeep'"));
    json_decref(b);
    free(sid);
}

static void test_malformed_json_gives_line_and_column(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "create", "{\"name\":\n  \"a\",,}", &b), 400);
    assert_non_null(strstr(err_msg(b), "line 2"));
    json_decref(b);
    free(sid);
}

static void test_python_exception_carries_events(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "class", "{\"name\":\"F\",\"finalizer\":\"log\"}", NULL), 200);
    assert_int_equal(op(sid, "create", "{\"name\":\"a\",\"type\":\"F\"}", NULL), 200);
    assert_int_equal(op(sid, "del", "{\"names\":[\"a\",\"nope\"]}", &b), 422);
    json_t *err = json_object_get(b, "error");
    assert_string_equal(json_string_value(json_object_get(err, "type")), "NameError");
    assert_string_equal(err_msg(b), "name 'nope' is not defined");
    json_t *ev = json_object_get(err, "events");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "event")), "finalized");
    json_decref(b);
    free(sid);
}

static void test_wrong_method_lists_allow(void **state)
{
    api_response_t r;
    api_handle(A, "PUT", "/v1/sessions", "", "", 0, &r);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "POST");
    api_response_free(&r);
}

static void test_unknown_session_and_path(void **state)
{
    assert_int_equal(call("GET", "/v1/sessions/nope", NULL, NULL), 404);
    assert_int_equal(call("GET", "/v2/x", NULL, NULL), 404);
    char *sid = new_session();
    char path[128];
    snprintf(path, sizeof path, "/v1/sessions/%s/frobnicate", sid);
    assert_int_equal(call("POST", path, "{}", NULL), 404);
    free(sid);
}

static void test_batch_stops_at_first_failure(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "batch",
                        "{\"ops\":[{\"op\":\"create\",\"name\":\"x\",\"value\":[1]},"
                        "{\"op\":\"len\",\"ref\":\"nope\"},{\"op\":\"create\",\"name\":\"y\",\"value\":1}]}",
                        &b),
                     422);
    json_t *err = json_object_get(b, "error");
    assert_int_equal(json_integer_value(json_object_get(err, "index")), 1);
    assert_int_equal(json_array_size(json_object_get(err, "results")), 1);
    json_decref(b);
    assert_int_equal(op(sid, "len", "{\"ref\":\"x\"}", NULL), 200);
    assert_int_equal(op(sid, "len", "{\"ref\":\"y\"}", NULL), 422);
    free(sid);
}

static void test_batch_validates_before_running(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(
        op(sid, "batch", "{\"ops\":[{\"op\":\"create\",\"name\":\"x\",\"value\":1},{\"op\":\"bogus\"}]}", &b),
        400);
    json_decref(b);
    assert_int_equal(op(sid, "len", "{\"ref\":\"x\"}", NULL), 422); /* nothing ran */
    free(sid);
}

static void test_batch_limit(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "batch",
                        "{\"ops\":[{\"op\":\"collect\"},{\"op\":\"collect\"},{\"op\":\"collect\"},"
                        "{\"op\":\"collect\"},{\"op\":\"collect\"},{\"op\":\"collect\"}]}",
                        &b),
                     429);
    assert_string_equal(json_string_value(json_object_get(json_object_get(b, "error"), "limit")), "batch");
    json_decref(b);
    free(sid);
}

static void test_session_cap(void **state)
{
    char *s1 = new_session(), *s2 = new_session(), *s3 = new_session();
    json_t *b;
    assert_int_equal(call("POST", "/v1/sessions", "{}", &b), 429);
    assert_string_equal(json_string_value(json_object_get(json_object_get(b, "error"), "limit")), "sessions");
    json_decref(b);
    char path[128];
    snprintf(path, sizeof path, "/v1/sessions/%s", s1);
    assert_int_equal(call("DELETE", path, NULL, NULL), 204);
    assert_int_equal(call("GET", path, NULL, NULL), 404);
    free(s1);
    free(s2);
    free(s3);
}

static void test_body_over_limit(void **state)
{
    char *big = malloc(5000);
    memset(big, ' ', 4999);
    big[4999] = 0;
    assert_int_equal(call("POST", "/v1/sessions", big, NULL), 413);
    free(big);
}

static void test_unsupported_version(void **state)
{
    json_t *b;
    assert_int_equal(call("POST", "/v1/sessions", "{\"python\":\"2.7\"}", &b), 400);
    assert_non_null(strstr(err_msg(b), "3.11"));
    json_decref(b);
}

static void test_sessions_are_isolated(void **state)
{
    char *s1 = new_session(), *s2 = new_session();
    json_t *b;
    assert_int_equal(op(s1, "create", "{\"name\":\"secret\",\"value\":[1,2]}", &b), 200);
    json_int_t id = json_integer_value(json_object_get(json_object_get(b, "result"), "id"));
    json_decref(b);
    char body[128];
    snprintf(body, sizeof body, "{\"ref\":%lld}", (long long)id);
    assert_int_equal(op(s2, "len", body, NULL), 404);
    assert_int_equal(op(s2, "len", "{\"ref\":\"secret\"}", NULL), 422);
    assert_int_equal(op(s1, "len", body, NULL), 200);
    free(s1);
    free(s2);
}

static void test_dunder_paths_refused(void **state)
{
    char *sid = new_session();
    assert_int_equal(op(sid, "len", "{\"ref\":\"a.__dict__\"}", NULL), 400);
    assert_int_equal(op(sid, "len", "{\"ref\":\"a[\"}", NULL), 400);
    free(sid);
}

static void test_events_after(void **state)
{
    char *sid = new_session();
    json_t *b;
    assert_int_equal(op(sid, "create", "{\"name\":\"x\",\"value\":[1000]}", NULL), 200);
    char path[128];
    snprintf(path, sizeof path, "/v1/sessions/%s/events", sid);
    api_response_t r;
    api_handle(A, "GET", path, "after=1", "", 0, &r);
    assert_int_equal(r.status, 200);
    b = json_loads(r.body, 0, NULL);
    json_t *ev = json_object_get(b, "events");
    assert_true(json_array_size(ev) >= 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(ev, 0), "seq")), 2);
    json_decref(b);
    api_response_free(&r);
    api_handle(A, "GET", path, "after=x", "", 0, &r);
    assert_int_equal(r.status, 400);
    api_response_free(&r);
    free(sid);
}

/* What jansson's json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) writes for v. */
static char *jansson_text(json_t *v)
{
    json_free_t jfree;
    json_get_alloc_funcs(NULL, &jfree);
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    char *copy = strdup(t);
    jfree(t);
    json_decref(v);
    return copy;
}

static char *writer_text_str(const char *s, size_t n)
{
    jw_t w;
    jw_init(&w);
    jw_arr(&w);
    jw_strn(&w, s, n);
    jw_end_arr(&w);
    size_t len;
    return jw_take(&w, &len);
}

/* jsonw writes every str exactly as jansson did: control characters, the
 * quote and backslash, DEL, 2-, 3- and 4-byte UTF-8 (non-BMP as a surrogate
 * pair), U+2028, NUL inside the text, and 20,000 random valid strs */
static void test_writer_escapes_as_jansson(void **state)
{
    (void)state;
    static const char *const fixed[] = {"",
                                        "\"",
                                        "\\",
                                        "/",
                                        "\x7f",
                                        "\xc3\xa9",
                                        "\xe2\x80\xa8",
                                        "\xef\xbf\xbf",
                                        "\xf0\x9f\x98\x80",
                                        "\xf4\x8f\xbf\xbf",
                                        "a\tb\nc\rd\be\ff",
                                        "\x01\x1f\x20",
                                        NULL};
    for (int i = 0; fixed[i]; i++) {
        char *want = jansson_text(json_pack("[s]", fixed[i]));
        char *got = writer_text_str(fixed[i], strlen(fixed[i]));
        assert_string_equal(got, want);
        free(want), free(got);
    }
    for (int c = 0; c < 0x20; c++) { /* every control character, NUL included */
        char s[3] = {'x', (char)c, 'y'};
        char *want = jansson_text(json_pack("[s%]", s, (size_t)3));
        char *got = writer_text_str(s, 3);
        assert_string_equal(got, want);
        free(want), free(got);
    }
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char s[64];
        size_t n = 0;
        int chars = (int)(rand_r(&seed) % 12);
        for (int k = 0; k < chars; k++) {
            uint32_t cp;
            switch (rand_r(&seed) % 4) {
            case 0: cp = (uint32_t)(rand_r(&seed) % 0x80); break;
            case 1: cp = 0x80 + (uint32_t)(rand_r(&seed) % 0x780); break;
            case 2: cp = 0x800 + (uint32_t)(rand_r(&seed) % 0xF800); break;
            default: cp = 0x10000 + (uint32_t)(rand_r(&seed) % 0x100000); break;
            }
            if (cp >= 0xD800 && cp < 0xE000)
                cp = 0xE000; /* no surrogates in UTF-8 */
            if (cp < 0x80)
                s[n++] = (char)cp;
            else if (cp < 0x800)
                s[n++] = (char)(0xC0 | cp >> 6), s[n++] = (char)(0x80 | (cp & 0x3F));
            else if (cp < 0x10000)
                s[n++] = (char)(0xE0 | cp >> 12), s[n++] = (char)(0x80 | ((cp >> 6) & 0x3F)),
                s[n++] = (char)(0x80 | (cp & 0x3F));
            else
                s[n++] = (char)(0xF0 | cp >> 18), s[n++] = (char)(0x80 | ((cp >> 12) & 0x3F)),
                s[n++] = (char)(0x80 | ((cp >> 6) & 0x3F)), s[n++] = (char)(0x80 | (cp & 0x3F));
        }
        char *want = jansson_text(json_pack("[s%]", s, n));
        char *got = writer_text_str(s, n);
        assert_string_equal(got, want);
        free(want), free(got);
    }
}

/* integers at every edge, as jansson writes them */
static void test_writer_integers_as_jansson(void **state)
{
    (void)state;
    static const int64_t ints[] = {0, 1, -1, 9, 10, -10, 1234567890123, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        jw_t w;
        jw_init(&w);
        jw_arr(&w);
        jw_int(&w, ints[i]);
        if (ints[i] >= 0)
            jw_uint(&w, (uint64_t)ints[i]);
        jw_end_arr(&w);
        size_t len;
        char *got = jw_take(&w, &len);
        char *want = jansson_text(ints[i] >= 0 ? json_pack("[I,I]", (json_int_t)ints[i], (json_int_t)ints[i])
                                               : json_pack("[I]", (json_int_t)ints[i]));
        assert_string_equal(got, want);
        free(want), free(got);
    }
    jw_t w;
    jw_init(&w);
    jw_uint(&w, UINT64_MAX);
    size_t len;
    char *got = jw_take(&w, &len);
    assert_string_equal(got, "18446744073709551615");
    free(got);
}

/* jansson values made outside a request outlive it; inside, small ones come
 * from the arena and big ones from malloc, and all may be freed either way */
static void test_jarena_values_inside_and_outside_a_request(void **state)
{
    (void)state;
    json_t *outside = json_pack("{s:[i,i]}", "k", 1, 2);
    char *big = malloc(1 << 20);
    memset(big, 'x', (1 << 20) - 1);
    big[(1 << 20) - 1] = 0;
    for (int round = 0; round < 3; round++) {
        jarena_begin();
        jarena_begin(); /* nested: only the outermost end drops */
        json_t *in = json_pack("{s:s, s:o, s:[s]}", "a", "b", "outside", json_incref(outside), "big", big);
        json_t *parsed = json_loads("{\"x\": [1, 2.5, \"\\u00e9\", null, {\"y\": true}]}", 0, NULL);
        assert_non_null(parsed);
        jarena_end();
        assert_string_equal(json_string_value(json_object_get(in, "a")), "b");
        assert_int_equal(strlen(json_string_value(json_array_get(json_object_get(in, "big"), 0))),
                         (1 << 20) - 1);
        assert_int_equal(json_array_size(json_object_get(parsed, "x")), 5);
        json_decref(in); /* frees the big str (malloc) and drops outside's count */
        json_decref(parsed);
        jarena_end();
    }
    assert_int_equal(outside->refcount, 1);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(outside, "k"), 1)), 2);
    json_decref(outside);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jarena_values_inside_and_outside_a_request),
        cmocka_unit_test(test_writer_escapes_as_jansson),
        cmocka_unit_test(test_writer_integers_as_jansson),
        cmocka_unit_test_setup_teardown(test_chapter_cycle_collects_two, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_field_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_json_gives_line_and_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_python_exception_carries_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_method_lists_allow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_session_and_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_stops_at_first_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_validates_before_running, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_over_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsupported_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_are_isolated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dunder_paths_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_after, setup, teardown),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
