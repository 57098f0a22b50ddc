/*
 * pyparse_cli.c — parses one source with pyparse() and prints the outcome:
 * a debugging aid for the parser.
 *   pyparse_cli [-b] VERSION 'source'      (-b: the source is bytes)
 *   pyparse_cli [-b] VERSION -f FILE
 *   pyparse_cli [-b] VERSION --batch      sources on stdin, each as its length in
 *                                          bytes, a newline, and the bytes; one
 *                                          line of outcome a source on stdout
 *                                          (tests/pyparse/depthsweep.py)
 */
#include "pyparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void pos(int v)
{
    if (v == PYPARSE_NONE)
        printf("None");
    else
        printf("%d", v);
}

/* The outcome on one line (the error's message may not hold a newline: it is cut there). */
static void report_line(const char *src, size_t len, int version, int flags)
{
    pyparse_result_t *r = pyparse(src, len, version, flags);
    if (r->status == PYPARSE_OK)
        printf("valid\n");
    else if (r->status == PYPARSE_ERROR) {
        printf("%s: %.*s (", r->error.type, (int)strcspn(r->error.msg, "\n"), r->error.msg);
        pos(r->error.lineno), printf(", "), pos(r->error.offset), printf(", ");
        pos(r->error.end_lineno), printf(", "), pos(r->error.end_offset), printf(")\n");
    } else
        printf("unsupported: %.*s\n", (int)strcspn(r->error.msg, "\n"), r->error.msg);
    pyparse_free(r);
    fflush(stdout);
}

static int batch(int version, int flags)
{
    size_t len;
    while (scanf("%zu", &len) == 1 && getchar() == '\n') {
        char *src = malloc(len + 1);
        if (!src || fread(src, 1, len, stdin) != len) {
            free(src);
            return 2;
        }
        src[len] = 0;
        report_line(src, len, version, flags);
        free(src);
    }
    return 0;
}

int main(int argc, char **argv)
{
    int ai = 1, flags = 0;
    if (ai < argc && strcmp(argv[ai], "-b") == 0) {
        flags = PYPARSE_BYTES;
        ai++;
    }
    if (argc - ai < 2) {
        fprintf(stderr, "usage: %s [-b] VERSION 'source' | -f FILE\n", argv[0]);
        return 2;
    }
    int version = atoi(argv[ai]);
    if (version < 100)
        version = 300 + atoi(strchr(argv[ai], '.') ? strchr(argv[ai], '.') + 1 : argv[ai]);
    if (strcmp(argv[ai + 1], "--batch") == 0)
        return batch(version, flags);
    char *src;
    size_t len;
    if (strcmp(argv[ai + 1], "-f") == 0 && ai + 2 < argc) {
        FILE *f = fopen(argv[ai + 2], "rb");
        if (!f)
            return 2;
        fseek(f, 0, SEEK_END);
        len = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        src = malloc(len + 1);
        size_t got = src ? fread(src, 1, len, f) : 0;
        fclose(f);
        if (got != len) {
            free(src);
            return 2;
        }
    } else {
        src = strdup(argv[ai + 1]);
        len = strlen(src);
    }
    pyparse_result_t *r = pyparse(src, len, version, flags);
    if (r->status == PYPARSE_OK) {
        pyparse_unsupported_t u = pyparse_first_unsupported(r);
        printf("valid: %zu statements", r->module.n);
        if (u.construct)
            printf(" (unsupported: %s on line %d)", u.construct, u.lineno);
        printf("\n");
        for (size_t i = 0; i < r->module.n; i++) {
            pyparse_stmt_t *s = r->module.items[i];
            printf("  %s lines %d-%d: %.*s\n", pyparse_stmt_kind_name(s->kind), s->lineno, s->end_lineno,
                   (int)(s->src_end - s->src_start), r->source + s->src_start);
        }
    } else if (r->status == PYPARSE_ERROR) {
        printf("%s: %s (", r->error.type, r->error.msg);
        pos(r->error.lineno), printf(", "), pos(r->error.offset), printf(", ");
        pos(r->error.end_lineno), printf(", "), pos(r->error.end_offset), printf(")\n");
    } else {
        printf("unsupported: %s\n", r->error.msg);
    }
    pyparse_free(r);
    free(src);
    return 0;
}
