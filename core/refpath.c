/*
 * refpath.c — parse and evaluate reference paths, raising what CPython
 * raises for the equivalent expression (NameError, AttributeError,
 * IndexError, KeyError, TypeError).
 */
#include "refpath.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "containers.h"
#include "heap_internal.h"
#include "num.h"
#include "repr.h"
#include "str.h"
#include "weakref.h"
#include "mem.h"

#define MAX_PATH 1024
#define MAX_IDENT 255

typedef enum { STEP_NAME, STEP_ATTR, STEP_INDEX, STEP_KEY } step_kind_t;

typedef struct {
    step_kind_t kind;
    char text[MAX_PATH + 1]; /* name, attribute or key */
    int64_t index;
} step_t;

/* The length of the identifier at p. With `ascii`, only [A-Za-z_][A-Za-z0-9_]*
 * (the JSON operations' names, API.md); else any UTF-8 byte of a non-ASCII
 * code point counts too: such a path comes from Python source, whose
 * identifiers the parser has checked (XID_Start/XID_Continue) and NFKC-normalized. */
static size_t ident_len(const char *p, bool ascii)
{
    size_t n = 0;
#define IS_WIDE(ch) (!ascii && (unsigned char)(ch) >= 0x80)
    if (!(isalpha((unsigned char)p[0]) || p[0] == '_' || IS_WIDE(p[0])))
        return 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_' || IS_WIDE(p[n]))
        n++;
#undef IS_WIDE
    return n;
}

static bool is_dunder(const char *s, size_t n)
{
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

bool refpath_is_identifier(const char *s)
{
    size_t n = ident_len(s, true);
    return n > 0 && n <= MAX_IDENT && s[n] == 0 && !is_dunder(s, n);
}

/* Reads the next step at *pp; returns false with err on a syntax error. */
static bool next_step(const char **pp, step_t *st, bool first, bool ascii, char *err, size_t errlen)
{
    const char *p = *pp;
    if (first || *p == '.') {
        if (!first)
            p++;
        size_t n = ident_len(p, ascii);
        if (n == 0 || n > MAX_IDENT) {
            snprintf(err, errlen, "expected an identifier at offset %zu", (size_t)(p - *pp));
            return false;
        }
        if (is_dunder(p, n)) {
            snprintf(err, errlen, "dunder attributes are not reachable: '%.*s'", (int)n, p);
            return false;
        }
        st->kind = first ? STEP_NAME : STEP_ATTR;
        memcpy(st->text, p, n);
        st->text[n] = 0;
        *pp = p + n;
        return true;
    }
    if (*p != '[') {
        snprintf(err, errlen, "unexpected character '%c'", *p);
        return false;
    }
    p++;
    if (*p == '\'' || *p == '"') {
        char q = *p++;
        size_t n = 0;
        while (*p && *p != q) {
            if (*p == '\\' && p[1])
                p++;
            if (n >= MAX_PATH) {
                snprintf(err, errlen, "key too long");
                return false;
            }
            st->text[n++] = *p++;
        }
        if (*p != q || p[1] != ']') {
            snprintf(err, errlen, "unterminated key");
            return false;
        }
        st->text[n] = 0;
        st->kind = STEP_KEY;
        *pp = p + 2;
        return true;
    }
    char *end;
    const char *digits = p + (*p == '-');
    if (!isdigit((unsigned char)*digits)) {
        snprintf(err, errlen, "expected an integer or a quoted key after '['");
        return false;
    }
    long long v = strtoll(p, &end, 10);
    if (*end != ']' || end - p > 18) {
        snprintf(err, errlen, "bad index");
        return false;
    }
    st->kind = STEP_INDEX;
    st->index = v;
    *pp = end + 1;
    return true;
}

bool refpath_check(const char *path, char *err, size_t errlen)
{
    if (strlen(path) > MAX_PATH) {
        snprintf(err, errlen, "reference path longer than %d characters", MAX_PATH);
        return false;
    }
    step_t st;
    const char *p = path;
    bool first = true;
    while (first || *p) {
        if (!next_step(&p, &st, first, true, err, errlen))
            return false;
        first = false;
    }
    return true;
}

obj_t *refpath_eval(heap_t *h, const heap_ref_t *ref)
{
    if (!ref->path) {
        obj_t *o = addrmap_get(&h->by_addr, ref->id);
        if (!o || (o->flags & OF_HIDDEN)) {
            exc_set(h->exc, ST_NOTFOUND, "not_found", "no live object with id %llu",
                    (unsigned long long)ref->id);
            return NULL;
        }
        return obj_newref(o);
    }
    const char *p = ref->path;
    char err[128];
    step_t st;
    obj_t *cur = NULL;
    bool first = true;
    while (first || *p) {
        if (!next_step(&p, &st, first, false, err, sizeof err)) {
            if (cur)
                obj_decref(h, cur);
            exc_set(h->exc, ST_BADREQ, "bad_request", "bad reference path '%s': %s", ref->path, err);
            return NULL;
        }
        obj_t *next = NULL;
        if (st.kind == STEP_NAME) {
            next = heap_name_get(h, st.text);
            if (!next) {
                exc_set(h->exc, ST_PYEXC, "NameError", "name '%s' is not defined", st.text);
                return NULL;
            }
            next = obj_newref(next);
        } else if (st.kind == STEP_ATTR) {
            next = obj_getattr(h, cur, st.text);
        } else {
            obj_t *key =
                st.kind == STEP_INDEX ? int_from_i64(h, st.index) : str_constant(h, st.text, strlen(st.text));
            next = obj_getitem(h, cur, key);
            obj_decref(h, key);
        }
        if (cur)
            obj_decref(h, cur);
        if (!next)
            return NULL;
        cur = next;
        first = false;
    }
    return cur;
}
