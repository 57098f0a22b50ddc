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

_Noreturn void heap_panic(heap_t *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->broken_msg, sizeof h->broken_msg, fmt, ap);
    va_end(ap);
    h->broken = true;
    fprintf(stderr, "heapd: internal error, session stopped: %s\n", h->broken_msg);
    fflush(stderr);
    if (h->running)
        longjmp(h->panic_jmp, 1);
    abort();
}

bool heap_budget_spent(heap_t *h)
{
    if (h->exc->status != ST_BUDGET)
        exc_set(h->exc, ST_BUDGET, "budget",
                "the request's work budget is spent: the statement did nothing (a structure too "
                "large or too shared to walk, or too much work in one request)");
    return false;
}
