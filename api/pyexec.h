/*
 * pyexec.h — Python source to heap statements (POST .../exec).
 *
 * pyexec_translate() parses a whole source with the session's CPython
 * (pyparse.h), then maps each top-level statement of the supported subset
 * to the heap statements that stand for it (heap.h): the JSON operations'
 * statements, and pyops.h's for what only source can say. Nothing runs
 * here; the caller runs the statements in order.
 *
 * Ownership: a pyexec_unit_t owns every statement, spec and string in it;
 * pyexec_free() releases them.
 */
#ifndef HEAPD_PYEXEC_H
#define HEAPD_PYEXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "heap.h"

/* A position CPython leaves as None (pyparse.h's PYPARSE_NONE). */
#define PYEXEC_NONE (-2147483647 - 1)

/* The modules a source may import (the names `import` binds). */
enum { PYMOD_GC = 1, PYMOD_SYS = 2, PYMOD_WEAKREF = 4 };

/* One top-level Python statement. */
typedef struct {
    int line;           /* its first line */
    size_t start;       /* its offset in the unit's source */
    char *source;       /* its text as written */
    heap_stmt_t *stmts; /* what it runs, in order (none for pass, import) */
    size_t nstmts;
    int result_of;    /* which statement's result is its result; -1: null */
    bool negate;      /* `is not`, `!=`, `not in`: the boolean inverted */
    unsigned imports; /* PYMOD_* it binds */
    unsigned needs;   /* PYMOD_* it uses first: NameError when not imported */
    bool weak_values; /* a weak container display among its values (see pyexec_bind_weakref) */
} pyexec_stmt_t;

/* Before ps runs: whether `weakref` is bound, for the weak container displays
 * among its values (`[a, weakref.WeakSet()]`). CPython evaluates what comes
 * before such a display first, so its NameError is raised there, not before
 * the statement as for `weakref.ref(x)` or `sys.getsizeof(x)`. */
void pyexec_bind_weakref(pyexec_stmt_t *ps, bool bound);

typedef enum {
    PYEXEC_OK,
    PYEXEC_SYNTAX,      /* error: CPython's SyntaxError (type, msg, positions) */
    PYEXEC_UNSUPPORTED, /* error.msg names the construct; error.lineno its line */
    PYEXEC_LIMIT,       /* a bound of heapd's (limit names it: "batch", "source"); msg says which */
    PYEXEC_BUDGET,      /* parsing needed more than limits.max_parse bytes */
} pyexec_status_t;

/* What one source may cost before anything runs. */
typedef struct {
    size_t max_parse; /* bytes of parser memory (pyparse_bounded(): about 10 ns each) */
    size_t max_stmts; /* top-level statements */
} pyexec_limits_t;

typedef struct {
    pyexec_status_t status;
    char type[32];
    char msg[512];
    const char *limit;                          /* PYEXEC_LIMIT: which */
    size_t cost;                                /* bytes of parser memory the parse took */
    int lineno, offset, end_lineno, end_offset; /* PYPARSE_NONE (pyparse.h) for None */
    pyexec_stmt_t *stmts;
    size_t n;
    char *source; /* the decoded source (UTF-8, newlines translated) */
    size_t source_len;
    struct pyexec_pool *pool; /* what the statements point into */
} pyexec_unit_t;

/* Translates src (len bytes; as_bytes: a text/x-python body, so a BOM or a
 * coding cookie applies) for CPython <version> ("3.11") within lim, as one
 * unit (module) or each statement compiled alone (which decides which str
 * statements are docstrings, stored as __doc__). Always
 * fills u. The order of the answers: a SyntaxError (the whole source is
 * compiled first, as CPython does), then too many statements, then the
 * first statement outside the subset or past a bound of the translation. */
void pyexec_translate(const char *src, size_t len, const char *version, bool as_bytes, bool module,
                      const pyexec_limits_t *lim, pyexec_unit_t *u);
void pyexec_free(pyexec_unit_t *u);

/* The names a translated source (u->status PYEXEC_OK) reads as heapd's
 * builtins and modules: a builtin's name called (`len(`), and gc, sys or
 * weakref before a '.' or imported. Read from its tokens, so that strings
 * and comments do not count (before 3.12 an f-string is one token: its text
 * is read as code). Calls fn for each, in order, until fn answers true;
 * copies that name to name (cap bytes) and answers true then. */
typedef bool (*pyexec_name_fn)(const char *name, void *arg);
bool pyexec_builtin_uses(const pyexec_unit_t *u, const char *version, pyexec_name_fn fn, void *arg,
                         char *name, size_t cap);

#endif
