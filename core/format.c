/*
 * format.c — what an f-string's replacement field runs.
 *
 * FORMAT_VALUE (3.10-3.12; 3.13: CONVERT_VALUE then FORMAT_SIMPLE or
 * FORMAT_WITH_SPEC) converts the value with str(), repr() or ascii() when
 * the field says !s, !r or !a, then formats it: an exact str without a spec
 * is the result itself; anything else goes through PyObject_Format()
 * (Objects/abstract.c), whose fast paths take an exact str or int with an
 * empty spec and which otherwise looks up type(o).__format__: a method
 * descriptor, so a bound builtin method is made (a GC object: it counts
 * toward gen 0), called, and released. str, int (bool) and float define
 * __format__ (their type_ops_t.format slots, on formatter.c's
 * mini-language); every other type has object.__format__, which takes only
 * an empty spec.
 *
 * str() of an object no type here gives a __str__ is its repr: a new str
 * (PyUnicode_New), made whole from the request's budget and refused past
 * the session's bytes quota; a bool's is the interpreter's own 'True' /
 * 'False' (num.c bool_str()).
 */
#include "format.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"
#include "method.h"
#include "num.h"
#include "repr.h"
#include "str.h"

/* repr(o) as a new str: its whole text from the budget, or NULL
 * (the budget, RecursionError, or past the bytes quota) */
static obj_t *repr_new(heap_t *h, obj_t *o, int headroom)
{
    size_t max = h->limits.max_bytes ? h->limits.max_bytes : (size_t)1 << 30;
    size_t cap = max > h->live_bytes + 64 ? max - h->live_bytes - 64 : 1;
    status_t failure = ST_OK;
    char *t = obj_repr_whole(h, o, cap, headroom, &failure);
    if (!t) {
        if (failure == ST_LIMIT)
            heap_quota_room(h, 1, SIZE_MAX / 2); /* sets the quota's error */
        return NULL;
    }
    obj_t *s = str_new_paid(h, t, strlen(t), true);
    free(t);
    return s;
}

/* str(o) or repr(o); headroom: what an f-string's conversion (!s, !r, !a)
 * allows past a call's (format(), print()): a level, no call's check
 * preceding its PyObject_Str()/PyObject_Repr() */
static obj_t *str_or_repr(heap_t *h, obj_t *o, bool repr, int headroom)
{
    gc_run_scheduled(h); /* PyObject_Str()/PyObject_Repr() begin with PyErr_CheckSignals() */
    if (o->kind == K_BOOL)
        return bool_str(h, o->u.b);
    if (!repr && str_check_exact(o))
        return obj_newref(o);
    return repr_new(h, o, headroom);
}

obj_t *format_str(heap_t *h, obj_t *o)
{
    return str_or_repr(h, o, false, 0);
}

obj_t *format_repr(heap_t *h, obj_t *o)
{
    return str_or_repr(h, o, true, 1);
}

/* PyObject_ASCII(): the repr, its non-ASCII code points escaped as
 * backslashreplace does (the bytes it encodes to are a temporary no
 * statement sees: not made here) */
obj_t *format_ascii(heap_t *h, obj_t *o)
{
    obj_t *r = format_repr(h, o);
    if (!r || r->u.s.ascii)
        return r;
    /* a unit for each code point read: `f'{e!a}'` of a 1M-char 'é' str took 78 ms
     * for the 2M units its text paid (helper-56, 2026-12-04: thirty such fields
     * in one f-string, 2.3 s of CPU before the quota's 429; escapes were
     * sb_printf() calls) */
    if (!heap_work(h, (int64_t)r->u.s.len + 1)) {
        obj_decref(h, r);
        return NULL;
    }
    static const char hex[] = "0123456789abcdef";
    strbuf_t sb;
    sb_init(&sb);
    for (size_t i = 0; i < r->u.s.len; i++) {
        uint32_t c = str_char(r, i);
        if (c < 0x80) {
            sb_putc(&sb, (char)c);
            continue;
        }
        char esc[10];
        int digits = c < 0x100 ? 2 : c < 0x10000 ? 4 : 8;
        esc[0] = '\\';
        esc[1] = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
        for (int k = 0; k < digits; k++)
            esc[2 + k] = hex[(c >> (4 * (digits - 1 - k))) & 0xF];
        sb_putn(&sb, esc, (size_t)(2 + digits));
    }
    obj_decref(h, r);
    obj_t *s = str_new_paid(h, sb.buf, sb.len, true);
    sb_free(&sb);
    return s;
}

/* object.__format__ */
static obj_t *object_format(heap_t *h, obj_t *o, obj_t *spec)
{
    if (spec->u.s.len) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "unsupported format string passed to %.200s.__format__",
                obj_tp_name(o));
        return NULL;
    }
    return format_str(h, o);
}

obj_t *format_object(heap_t *h, obj_t *o, obj_t *spec)
{
    if (!spec || !spec->u.s.len) { /* the fast paths */
        if (str_check_exact(o))
            return obj_newref(o);
        if (o->kind == K_INT)
            return format_str(h, o);
    }
    obj_t *empty = spec ? NULL : str_from_utf8(h, "", 0); /* PyUnicode_New(0, 0): the shared '' */
    obj_t *(*slot)(heap_t *, obj_t *, obj_t *) = TYPE(o)->format ? TYPE(o)->format : object_format;
    /* _PyObject_LookupSpecial(o, "__format__"): the method descriptor's
     * __get__ makes a bound builtin method, called, then released */
    const char *owner = TYPE(o)->attrs_owner ? TYPE(o)->attrs_owner
                        : TYPE(o)->format    ? TYPE(o)->name
                                             : "object";
    obj_t *m = method_bound_builtin(h, o, "__format__", owner);
    obj_t *r = slot(h, o, spec ? spec : empty);
    obj_decref(h, m);
    if (empty)
        obj_decref(h, empty);
    return r;
}

obj_t *format_field(heap_t *h, obj_t *value, int conversion, obj_t *spec)
{
    if (conversion) {
        obj_t *c = conversion == 'r'   ? format_repr(h, value)
                   : conversion == 'a' ? format_ascii(h, value)
                                       : str_or_repr(h, value, false, 1);
        obj_decref(h, value);
        if (!c)
            return NULL;
        value = c;
    }
    if (!spec && str_check_exact(value))
        return value;
    obj_t *r = format_object(h, value, spec);
    obj_decref(h, value);
    return r;
}
