/*
 * test_corpus.c — runs pyparse() over the golden corpus of each version
 * (tests/pyparse/corpus/<version>.json, written by tools/gen_syntax_corpus.py)
 * and checks that valid/invalid, exception type, message, lineno, offset,
 * end_lineno and end_offset all equal CPython's.
 *
 * Usage: test_corpus [-v] [-n MAX_SHOWN] [CORPUS_DIR [VERSION...]]
 * For each version the last line is "N passed, N failed" (sources where we
 * answer "unsupported" are counted apart, as "N unsupported").
 */
#include "pyparse.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes base64 into a new buffer; *n gets its length. */
static char *b64decode(const char *s, size_t *n)
{
    size_t len = strlen(s);
    char *out = malloc(len / 4 * 3 + 3);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64val((unsigned char)s[i]);
        if (v < 0)
            continue;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    *n = o;
    return out;
}

/* A JSON integer or null (PYPARSE_NONE). */
static int jint(json_t *v)
{
    return json_is_integer(v) ? (int)json_integer_value(v) : PYPARSE_NONE;
}

static void show_pos(char *buf, size_t n, int v)
{
    if (v == PYPARSE_NONE)
        snprintf(buf, n, "None");
    else
        snprintf(buf, n, "%d", v);
}

static void print_source(const char *src, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len && i < 160; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c < 0x20 || c == 0x7F)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    puts(len > 160 ? "...\"" : "\"");
}

static int run_version(const char *dir, const char *ver, int verbose, int max_shown)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.json", dir, ver);
    json_error_t jerr;
    json_t *corpus = json_load_file(path, JSON_ALLOW_NUL, &jerr);
    if (!corpus) {
        fprintf(stderr, "%s: %s (line %d)\n", path, jerr.text, jerr.line);
        return -1;
    }
    int version = 300 + atoi(ver + 2);
    size_t i;
    json_t *item;
    int passed = 0, failed = 0, unsupported = 0, shown = 0;
    json_array_foreach(corpus, i, item)
    {
        const char *s = json_string_value(json_object_get(item, "source"));
        size_t len;
        char *src;
        int flags = 0;
        if (s) {
            len = json_string_length(json_object_get(item, "source"));
            src = malloc(len + 1);
            memcpy(src, s, len + 1);
        } else {
            src = b64decode(json_string_value(json_object_get(item, "source_b64")), &len);
            flags = PYPARSE_BYTES;
        }
        json_t *err = json_object_get(item, "error");
        pyparse_result_t *r = pyparse(src, len, version, flags);
        char want[1024], got[1024];
        char a[16], b[16], c[16], d[16];
        if (json_is_null(err)) {
            snprintf(want, sizeof want, "valid");
        } else {
            show_pos(a, sizeof a, jint(json_object_get(err, "lineno")));
            show_pos(b, sizeof b, jint(json_object_get(err, "offset")));
            show_pos(c, sizeof c, jint(json_object_get(err, "end_lineno")));
            show_pos(d, sizeof d, jint(json_object_get(err, "end_offset")));
            snprintf(want, sizeof want, "%s: %s (%s, %s, %s, %s)",
                     json_string_value(json_object_get(err, "type")),
                     json_string_value(json_object_get(err, "msg")), a, b, c, d);
        }
        if (r->status == PYPARSE_OK) {
            snprintf(got, sizeof got, "valid");
        } else if (r->status == PYPARSE_ERROR) {
            show_pos(a, sizeof a, r->error.lineno);
            show_pos(b, sizeof b, r->error.offset);
            show_pos(c, sizeof c, r->error.end_lineno);
            show_pos(d, sizeof d, r->error.end_offset);
            snprintf(got, sizeof got, "%s: %s (%s, %s, %s, %s)", r->error.type, r->error.msg, a, b, c, d);
        } else {
            snprintf(got, sizeof got, "unsupported: %s", r->error.msg);
        }
        if (r->status == PYPARSE_UNSUPPORTED) {
            unsupported++;
            if (verbose > 1) {
                printf("[%s #%zu] UNSUPPORTED ", ver, i);
                print_source(src, len);
                printf("   want %s\n   got  %s\n", want, got);
            }
        } else if (strcmp(want, got) == 0) {
            passed++;
        } else {
            failed++;
            if (verbose && shown < max_shown) {
                shown++;
                printf("[%s #%zu] ", ver, i);
                print_source(src, len);
                printf("   want %s\n   got  %s\n", want, got);
            }
        }
        pyparse_free(r);
        free(src);
    }
    json_decref(corpus);
    printf("%s: %d unsupported\n", ver, unsupported);
    printf("%s: %d passed, %d failed\n", ver, passed, failed);
    return failed;
}

int main(int argc, char **argv)
{
    int verbose = 0, max_shown = 1000000;
    int ai = 1;
    for (; ai < argc && argv[ai][0] == '-'; ai++) {
        if (strcmp(argv[ai], "-v") == 0)
            verbose++;
        else if (strcmp(argv[ai], "-n") == 0 && ai + 1 < argc)
            max_shown = atoi(argv[++ai]);
    }
    const char *dir = ai < argc ? argv[ai++] : "tests/pyparse/corpus";
    static const char *all[] = {"3.10", "3.11", "3.12", "3.13"};
    int failed = 0;
    if (ai < argc) {
        for (; ai < argc; ai++)
            failed += run_version(dir, argv[ai], verbose, max_shown) != 0;
    } else {
        for (int k = 0; k < 4; k++)
            failed += run_version(dir, all[k], verbose, max_shown) != 0;
    }
    return failed ? 1 : 0;
}
