/*
 * refpath.h — reference paths: `a`, `a.partner`, `items[0]`, `d['k'].next`.
 */
#ifndef HEAPD_REFPATH_H
#define HEAPD_REFPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"
#include "spec.h"

/* Checks the syntax of a JSON operation's path (ASCII identifiers, API.md); on
 * failure writes why into err and returns false. */
bool refpath_check(const char *path, char *err, size_t errlen);
/* True for an ASCII identifier that is not a dunder name. */
bool refpath_is_identifier(const char *s);
/* Each name a path's code loads by name, in order: its root (LOAD_NAME,
 * or a local), then each attribute (LOAD_ATTR); root tells which. */
void refpath_each_name(const char *path, void (*fn)(const char *name, bool root, void *arg), void *arg);
/* Evaluates a reference (path or id): a new reference, or NULL with h->exc set.
 * Its names may be non-ASCII identifiers (from Python source: /exec). */
obj_t *refpath_eval(heap_t *h, const heap_ref_t *ref);

/* None, True and False are keywords, not names: the compiler makes them
 * constants, so a name "None" is the None object (borrowed; nothing can bind
 * it: `None = 1` does not compile). NULL for any other name. */
obj_t *refpath_keyword_constant(heap_t *h, const char *name);

#endif
