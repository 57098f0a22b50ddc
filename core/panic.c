/*
 * panic.c — the failure policies of check.h, below every type: an
 * assertion, an internal error that stops one session, the request's work
 * budget spent.
 */
#include "check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_internal.h"

_Noreturn void heapd_assert_fail(const char *cond, const char *file, int line)
{
    fprintf(stderr, "heapd: assertion failed: %s (%s:%d)\n", cond, file, line);
    fflush(stderr);
    abort();
}

static _Thread_local heap_t *tl_running;

heap_t *heap_running(void)
{
    return tl_running;
}

void heap_running_set(heap_t *h)
{
    tl_running = h;
}

/* what a panic says when even its message cannot be allocated */
static char no_memory_msg[] = "out of memory";

_Noreturn void heap_panic(heap_t *h, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!h->broken_msg) { /* the first panic's reason stays */
        h->broken_msg = strdup(msg);
        if (!h->broken_msg)
            h->broken_msg = no_memory_msg;
    }
    h->broken = true;
    fprintf(stderr, "heapd: internal error, session stopped: %s\n", msg);
    fflush(stderr);
    if (h->running)
        longjmp(*h->panic_jmp, 1);
    abort();
}

void heap_panic_free(heap_t *h)
{
    if (h->broken_msg != no_memory_msg)
        free(h->broken_msg);
    h->broken_msg = NULL;
}

bool heap_budget_spent(heap_t *h)
{
    if (h->exc->status != ST_BUDGET)
        exc_set(h->exc, ST_BUDGET, "budget",
                "the request's work budget is spent: the statement did nothing (a structure too "
                "large or too shared to walk, or too much work in one request)");
    return false;
}
