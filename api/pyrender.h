/*
 * pyrender.h — heap statements back to Python source: the statement each
 * JSON operation stands for (API.md's Python column), for the "python"
 * member of answers and for GET .../script. One place renders both.
 */
#ifndef HEAPD_PYRENDER_H
#define HEAPD_PYRENDER_H

#include <stdbool.h>

#include "heap.h"
#include "strbuf.h"

/* What a statement needs defined before it runs in a script. */
enum {
    PYNEED_GC = 1,          /* import gc */
    PYNEED_SYS = 2,         /* import sys */
    PYNEED_WEAKREF = 4,     /* import weakref */
    PYNEED_CALLBACK = 8,    /* def _cb(wr): the `weakref` op's recording callback */
    PYNEED_RESURRECTED = 16 /* a `_resurrected` list (the engine makes one when missing) */
};

/* The Python statement(s) of a JSON operation, malloc'd ("\n" between
 * statements of one operation: `create` with attrs, `gc` with several
 * settings, a class body). */
char *pyrender_op(const heap_stmt_t *st);
/* The same, an object id written as what name_of() appends to sb (a name
 * the namespace binds to it: the statement the script runs must find the
 * object); name_of() false, or a NULL name_of: `_heapd_id_<id>` (no Python
 * spelling). avoid: the name the operation binds before it evaluates
 * the rest (`create`'s attrs), which no id is written as. */
typedef bool (*pyrender_name_fn)(void *ctx, uint64_t id, const char *avoid, strbuf_t *sb);
char *pyrender_op_named(const heap_stmt_t *st, pyrender_name_fn name_of, void *ctx);
/* The same for the script (pyscript_add_op()): the names the statement calls
 * or imports (gc, sys, weakref, the callback, id, len, object, set,
 * frozenset, float) marked, to be spelt as aliases when the session names
 * them itself (pyscript_render()); those in `bound` (pyscript_bound() as the
 * statement starts) written as themselves: the statement calls the
 * session's object, as heapd's engine does (value_load_callee()). */
char *pyrender_op_script(const heap_stmt_t *st, pyrender_name_fn name_of, void *ctx, unsigned bound);
/* pyrender_op_named()'s text from pyrender_op_script()'s (the marks spelt
 * as the names they stand for), without rendering the statement again */
char *pyrender_unmarked(const char *marked);
/* For a name_of(): the recording callback `_cb` (marked in the script's copy). */
void pyrender_callback_name(strbuf_t *sb);
/* PYNEED_* of a JSON operation's statement. */
unsigned pyrender_needs(const heap_stmt_t *st);
/* A Python str literal (single-quoted, escaped) of len bytes of UTF-8. */
void pyrender_str(strbuf_t *sb, const char *s, size_t len);

/* GET .../script: the session's statements as one Python script. Each JSON
 * operation (and each statement of a "statements"-mode source) runs as
 * exec(<its source>), compiled alone as heapd compiles it; a "module"-mode
 * source is one exec(). What a statement needs (imports, the recording
 * callback, `_resurrected`) is defined just before its first use. */
#define PYSCRIPT_MAX ((size_t)8 << 20)
typedef struct {
    strbuf_t text;           /* the statements (the header is written when the script is read) */
    const char *version;     /* the session's CPython (static) */
    const char *stdout_mode; /* heap_stdout(): what the header asks of the run (static) */
    unsigned defined;        /* PYNEED_* the script has made */
    unsigned mdefined; /* PYNEED_* made as a mark (which pyscript_render() spells as an alias if need be) */
    unsigned touched;  /* own names (pyrender.c OWN_*) the session's statements name themselves */
    unsigned used;     /* own names the script's statements use */
    unsigned bound;    /* own names the session binds as a statement is added (pyscript_bound()): a
                        * module's import is then the alias alone (the session's binding stays) */
    bool full;         /* past PYSCRIPT_MAX: later statements are left out (said at the end) */
} pyscript_t;

void pyscript_init(pyscript_t *s, const char *version, const char *stdout_mode);
void pyscript_free(pyscript_t *s);
/* The script so far (its header at least), malloc'd and NUL-terminated. */
char *pyscript_render(const pyscript_t *s, size_t *len);
/* Appends exec(source) preceded by the definitions of needs the script lacks;
 * exc_type: the exception it raised (the exec is wrapped in try/except), or NULL;
 * hide: a builtin's name the statement must not find (exc_t.hidden_builtin), or NULL. */
void pyscript_add(pyscript_t *s, const char *source, unsigned needs, const char *exc_type, const char *hide);
/* The same for a JSON operation's statement from pyrender_op_script(). */
/* unbound: the name a NameError named, or NULL (a module's name the script
 * imported is taken out of its globals for the statement). */
void pyscript_add_op(pyscript_t *s, const char *source, unsigned needs, const char *exc_type,
                     const char *hide, const char *unbound);
/* The imports of needs (PYNEED_GC, _SYS, _WEAKREF) alone: a JSON operation
 * refused after the engine made what its imports leave. */
void pyscript_imports(pyscript_t *s, unsigned needs);
/* The own names the session binds (bits of pyscript_t.bound): the builtins
 * and modules JSON operations call, which the statements then call as the
 * session's objects. */
unsigned pyscript_bound(heap_t *h);
/* Notes definitions a source made itself (its imports). */
void pyscript_defined(pyscript_t *s, unsigned defined);

#endif
