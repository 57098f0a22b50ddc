/*
 * check.h — the engine's failure policies, one per kind of failure.
 *
 * - A broken invariant that the engine can detect cheaply at run time (a
 *   refcount below zero, an id handed out twice) is an internal error:
 *   heap_panic() abandons the running statement (longjmp to heap_exec()),
 *   marks the heap broken and the API answers 500 `internal`; the session is
 *   quarantined, every other session goes on. Outside a statement it aborts.
 * - Out of memory inside a statement is the same internal error (the
 *   session that asked for the memory is the one stopped); outside a
 *   statement the process aborts, as Redis's zmalloc does (core/mem.c).
 * - HEAPD_ASSERT states an invariant; it is checked in the sanitizer and
 *   fuzz builds (HEAPD_CHECKED), where a failure aborts at once so the
 *   fuzzers see it, and costs nothing in release builds.
 * - heap_check() walks the whole heap and verifies the invariants
 *   (as Lua's lua_checkmemory); the checked builds run it after every
 *   statement.
 */
#ifndef HEAPD_CHECK_H
#define HEAPD_CHECK_H

typedef struct heap heap_t;

#ifdef HEAPD_CHECKED
#define HEAPD_ASSERT(c) ((c) ? (void)0 : heapd_assert_fail(#c, __FILE__, __LINE__))
#else
#define HEAPD_ASSERT(c) ((void)0)
#endif

_Noreturn void heapd_assert_fail(const char *cond, const char *file, int line);

/* An internal error in h: never returns (see above). */
_Noreturn void heap_panic(heap_t *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Frees what a panic kept (heap_free()). */
void heap_panic_free(heap_t *h);

/* The heap whose statement this thread is running, or NULL. */
heap_t *heap_running(void);
/* Its statement starts (h) or ends (NULL) on this thread. */
void heap_running_set(heap_t *h);

#endif
