/*
 * pyops.c — statements of Python source beyond the JSON operations.
 *
 * Each runs what CPython's compiler emits for it at module level: the
 * statement's constants first (one table for all its expressions, or the
 * unit's in module mode), then the operands in source order on the value
 * stack (the temps), then the call or store.
 */
#include "pyops.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "code.h"
#include "containers.h"
#include "func.h"
#include "gc.h"
#include "heap_internal.h"
#include "mem.h"
#include "num.h"
#include "pycall.h"
#include "refpath.h"
#include "repr.h"
#include "str.h"
#include "textio.h"
#include "value.h"

/* A function a `def` made: its definition outlives it (events name it). */
struct user_def {
    func_def_t def;
    char *name, *text, *param;
    struct code *code; /* its function's (def.code) */
    obj_t *doc;        /* its function's __doc__ (def.doc) */
    struct user_def *next;
};

void pyops_free_defs(heap_t *h)
{
    while (h->user_defs) {
        struct user_def *d = h->user_defs;
        h->user_defs = d->next;
        free(d->name);
        free(d->text);
        free(d->param);
        free(d);
    }
}

static status_t failed(heap_t *h)
{
    return h->exc->status ? h->exc->status : ST_PYEXC;
}

/* The statement's constants: every spec into one co_consts (module mode:
 * the unit made them already). A collection compiling scheduled runs
 * before the code does (its RESUME). */
static bool compile_specs(heap_t *h, spec_t *const *specs, size_t n, spec_t *more)
{
    if (h->in_unit)
        return true;
    value_unit_begin(h);
    for (size_t i = 0; i < n; i++)
        if (!value_unit_add(h, specs[i]))
            return false;
    if (!value_unit_add(h, more))
        return false;
    gc_run_scheduled(h);
    return true;
}

/* Evaluates s onto the value stack (a borrowed pointer to the temp). */
static obj_t *push_value(heap_t *h, spec_t *s)
{
    obj_t *o = value_eval(h, s);
    if (o)
        heap_push_temp(h, o);
    return o;
}

static obj_t *push_ref(heap_t *h, const heap_ref_t *r)
{
    obj_t *o = refpath_eval(h, r);
    if (o)
        heap_push_temp(h, o);
    return o;
}

/* The one argument of sys.getsizeof(), sys.getrefcount(), id(), len() and
 * gc.is_tracked() onto the value stack: a reference, or a value the
 * statement builds (`sys.getsizeof([1, 2])`: its constants made when it is
 * compiled, the value held by the stack through the call, then dropped). */
obj_t *pyop_push_arg(heap_t *h, const heap_stmt_t *st)
{
    if (!st->value)
        return push_ref(h, &st->a);
    if (!compile_specs(h, NULL, 0, st->value))
        return NULL;
    return push_value(h, st->value);
}

/* `<value>` as a statement: evaluated, described, then dropped (POP_TOP);
 * the value is held as the result until the API has described it. */
status_t pyop_eval(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (!compile_specs(h, NULL, 0, st->value))
        return failed(h);
    obj_t *o = value_eval(h, st->value);
    if (!o)
        return failed(h);
    h->result_hold = o;
    /* described after the statement dropped its constants, CPython sees it
     * while its code object still holds it */
    h->result_is_const = !h->in_unit && o == st->value->konst;
    res->kind = RES_OBJ;
    res->id = o->addr;
    return ST_OK;
}

/* Appends str(o): a str's own text, anything else its repr (no type here
 * defines __str__); no more of either than the event keeps (a character is
 * at least a byte: EVENT_MAX_TEXT + 1 of them are past the cut). A repr
 * nested past the recursion limit raises RecursionError (PyObject_Repr()'s
 * _Py_EnterRecursiveCall), nothing of it written. */
static status_t append_str(heap_t *h, strbuf_t *sb, obj_t *o, size_t *start)
{
    if (str_check_exact(o)) { /* its NULs too: print('\0') writes one */
        size_t len;
        char *t = str_to_utf8_prefix(o, EVENT_MAX_TEXT + 1, &len);
        *start = sb->len;
        sb_put_stdout(sb, t, len);
        free(t);
        return ST_OK;
    }
    status_t failure;
    /* (a collection its walk starts makes what sb held so far an event) */
    char *t = obj_repr_print(h, o, EVENT_MAX_TEXT + 1, &failure);
    if (!t)
        return failure;
    *start = sb->len;
    sb_putn(sb, t, strlen(t));
    free(t);
    return ST_OK;
}

/* The code points of a str object, or of WTF-8 text (print's sep and end). */
typedef struct {
    const obj_t *s;
    const unsigned char *p;
    size_t n, i;
} codepoints_t;

static bool codepoints_next(codepoints_t *it, uint32_t *c)
{
    if (it->s) {
        if (it->i >= it->s->u.s.len)
            return false;
        *c = str_char(it->s, it->i++);
        return true;
    }
    if (it->i >= it->n)
        return false;
    const unsigned char *q = it->p + it->i;
    size_t len = q[0] < 0x80 ? 1 : (q[0] >> 5) == 6 ? 2 : (q[0] >> 4) == 14 ? 3 : 4;
    if (len > it->n - it->i)
        len = 1;
    uint32_t v = len == 1 ? q[0] : len == 2 ? q[0] & 0x1Fu : len == 3 ? q[0] & 0x0Fu : q[0] & 0x07u;
    for (size_t k = 1; k < len; k++)
        v = (v << 6) | (q[k] & 0x3Fu);
    it->i += len;
    *c = v;
    return true;
}

#define IS_SURROGATE(c) ((c) >= 0xD800 && (c) <= 0xDFFF)

/* What sys.stdout's encoder accepts: unicode_encode_utf8() takes a run of
 * lone surrogates whole (stringlib's utf8_encoder) and hands it to the
 * errors handler, "surrogateescape" under the C.UTF-8 locale CPython is
 * judged in (config_get_stdio_errors()); PyCodec_SurrogateEscapeErrors()
 * turns U+DC80..U+DCFF back into bytes and fails with UnicodeEncodeError
 * from the first other code point to the end of the run. */
static bool stdout_encodable(heap_t *h, codepoints_t it)
{
    size_t pos = 0;
    uint32_t c;
    bool have = codepoints_next(&it, &c);
    while (have) {
        if (!IS_SURROGATE(c)) {
            pos++;
            have = codepoints_next(&it, &c);
            continue;
        }
        size_t bad = SIZE_MAX;
        uint32_t badc = 0;
        for (; have && IS_SURROGATE(c); have = codepoints_next(&it, &c), pos++)
            if (bad == SIZE_MAX && (c < 0xDC80 || c > 0xDCFF)) {
                bad = pos;
                badc = c;
            }
        if (bad == SIZE_MAX)
            continue;
        char msg[128];
        if (pos == bad + 1) /* UnicodeEncodeError_str() */
            snprintf(msg, sizeof msg,
                     "'utf-8' codec can't encode character '\\u%04x' in position %zu: surrogates not allowed",
                     (unsigned)badc, bad);
        else
            snprintf(msg, sizeof msg,
                     "'utf-8' codec can't encode characters in position %zu-%zu: surrogates not allowed", bad,
                     pos - 1);
        exc_set(h->exc, ST_PYEXC, "UnicodeEncodeError", "%s", msg);
        return false;
    }
    return true;
}

/* stdout_encodable() of a str argument: a latin-1 str (PEP 393 kind 1)
 * holds no surrogate, so it is not read; a wider one is read whole, as
 * CPython's encoder reads it (print_str_units() paid for it first) */
static bool str_encodable(heap_t *h, obj_t *s)
{
    return s->u.s.kindw == 1 || stdout_encodable(h, (codepoints_t){.s = s});
}

/* Code points of the wider strs among print's arguments read for a unit
 * (str_char() and the test: 6 ns each measured on a loaded machine, so 100
 * prints of 25.6 million UCS-2 code points stop at the budget after 0.6 s of
 * CPU; at 2 a unit, 1.15 s): it read
 * every str whole for surrogates, free, for the 64 KiB its event keeps
 * (print(s) of a 25.6 MB latin-1 str: 160 ms; 100 of them 16 s, whatever
 * --max-work); paid before anything is written. */
#define PRINT_CHARS_PER_UNIT 1

static bool pay_print_reads(heap_t *h, obj_t **values, size_t n)
{
    int64_t chars = 0;
    for (size_t i = 0; i < n; i++)
        if (str_check_exact(values[i]) && values[i]->u.s.kindw > 1)
            chars += values[i]->u.s.len;
    return heap_work(h, chars / PRINT_CHARS_PER_UNIT);
}

static codepoints_t text_codepoints(const char *text)
{
    return (codepoints_t){.p = (const unsigned char *)text, .n = strlen(text)};
}

/* print()'s arguments as builtin_print() gets them: 3.11+ packs the
 * positional ones in a tuple (its Argument Clinic *args), the
 * interpreter's, dropped when it returns; 3.10 and 3.11 first build the
 * _PyArg_Parser's keyword tuple (parser_init()), kept for good */
static obj_t *print_args(heap_t *h, size_t nvalues, bool kw_given, obj_t **values)
{
    int kw = h->prof->print_kwtuple;
    if (!h->print_kwtuple && (kw == 2 || (kw == 1 && kw_given))) {
        static const char *const names[] = {"sep", "end", "file", "flush"};
        obj_t *t = tuple_interp_names(h, names, 4);
        /* parser_init() checked kwtuple before PyTuple_New(), where a
         * collection may run a finalizer's print(), whose parser_init()
         * stored a tuple first: this one overwrites it, which CPython leaks */
        if (h->print_kwtuple)
            h->print_kwtuple->flags |= OF_LEAKED;
        h->print_kwtuple = t;
    }
    if (!h->prof->print_args_tuple || !nvalues)
        return NULL;                                 /* PyTuple_New(0): the empty tuple */
    obj_t **items = xcalloc(nvalues, sizeof *items); /* values NULL: not followed */
    for (size_t i = 0; values && i < nvalues; i++)
        items[i] = obj_newref(values[i]);
    h->quiet_events++;
    obj_t *t = heap_interp_made(h, tuple_new_steal(h, items, nvalues));
    h->quiet_events--;
    free(items);
    return t;
}

/* What sys.stdout.write() keeps pending of a text it was given as `value`
 * (NULL: no object): an ASCII str as it is, else the UTF-8 bytes
 * _io_TextIOWrapper_write_impl() encodes it to (PyBytes_FromStringAndSize),
 * a new reference */
static obj_t *pending_piece(heap_t *h, obj_t *value, const char *utf8, size_t n)
{
    if (!value || value->u.s.ascii)
        return value ? obj_newref(value) : NULL;
    h->quiet_events++;
    obj_t *b = heap_interp_made(h, bytes_constant(h, (const uint8_t *)utf8, n));
    h->quiet_events--;
    return b;
}

/* PyFile_WriteObject(value, sys.stdout, Py_PRINT_RAW) of a text already in
 * sb from `before`: the bound write method first (made by the caller),
 * then the str, the write, the str dropped, the method dropped */
static void write_text(heap_t *h, strbuf_t *sb, size_t before, obj_t *writer, obj_t *value)
{
    size_t n = sb->len - before, nchars = 0;
    for (size_t i = before; i < sb->len; i++)
        nchars += ((unsigned char)sb->buf[i] & 0xc0) != 0x80;
    obj_t *held = pending_piece(h, value, sb->buf + before, n);
    textio_write(h, held, n, nchars);
    /* held is value itself for an ASCII str (the pending text keeps a
     * reference to it): a str print() made is the interpreter's, however
     * many of its references are left, and dies quietly with the last
     * (PyFile_WriteObject()'s Py_DECREF(value), then the flush's) */
    if (held)
        heap_interp_release(h, held);
    if (value)
        heap_interp_release(h, value);
    heap_interp_drop(h, writer);
}

/* A sep or end print() writes: the default, PyFile_WriteString(" ") or
 * ("\n"), is PyUnicode_FromString()'s cached one-character str; a given
 * one is the str constant itself, which the sandbox does not hold */
static void write_literal(heap_t *h, strbuf_t *sb, const char *text)
{
    obj_t *writer = textio_writer(h);
    gc_run_scheduled(h); /* PyFile_WriteObject()'s PyObject_Str(): PyErr_CheckSignals() */
    size_t before = sb->len, n = strlen(text);
    obj_t *value =
        n == 1 && !((unsigned char)text[0] & 0x80) ? str_from_char(h, (unsigned char)text[0]) : NULL;
    sb_put_stdout(sb, text, n);
    write_text(h, sb, before, writer, value);
}

/* PyObject_Str(v) as print() makes it of the text already in sb (n bytes
 * from `before`): an exact str is itself, a bool's the interpreter's, any
 * other a new str (format.c format_str()'s rule), made for the pending
 * text only when it may stay there (textio_keeps()); else NULL */
static obj_t *print_value(heap_t *h, obj_t *v, const strbuf_t *sb, size_t before)
{
    size_t n = sb->len - before;
    if (str_check_exact(v))
        return obj_newref(v);
    if (v->kind == K_BOOL)
        return bool_str(h, v->u.b);
    if (!textio_keeps(h, n))
        return NULL;
    h->quiet_events++;
    obj_t *s = heap_interp_made(h, str_new_text(h, sb->buf + before, n));
    h->quiet_events--;
    return s;
}

/* print(*values, sep=sep, end=end): the arguments are evaluated first, then
 * builtin_print writes sep and str() of each, then end; the text becomes a
 * print event. A piece sys.stdout cannot encode raises there, what was
 * written before it still printed (flushed at exit). */
status_t pyop_print(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (!compile_specs(h, st->values, st->nvalues, NULL))
        return failed(h);
    size_t mark = h->ntemps;
    for (size_t i = 0; i < st->nvalues; i++)
        if (!push_value(h, st->values[i]))
            return failed(h);
    /* (print() with no argument: no temp, maybe no stack yet) */
    obj_t **values = st->nvalues ? &h->temps[mark] : NULL;
    if (!pay_print_reads(h, values, st->nvalues))
        return ST_BUDGET;
    HEAPD_ASSERT(st->kw_given || (!st->sep && !st->end)); /* a sep or end given is a keyword */
    obj_t *args = print_args(h, st->nvalues, st->kw_given, values);
    strbuf_t sb;
    sb_init(&sb);
    strbuf_t *outer = h->print_text; /* (a finalizer's print() within one) */
    // cppcheck-suppress autoVariables ; cleared before every return (heap_exec() on a panic)
    h->print_text = &sb;
    const char *sep = st->sep ? st->sep : " ", *end = st->end ? st->end : "\n";
    bool ok = true;
    for (size_t i = 0; ok && i < st->nvalues && sb.len <= EVENT_MAX_TEXT; i++) {
        obj_t *v = h->temps[mark + i];
        if (i && !(ok = stdout_encodable(h, text_codepoints(sep))))
            break;
        if (i)
            write_literal(h, &sb, sep);
        if (str_check_exact(v) && !(ok = str_encodable(h, v)))
            break;
        obj_t *writer = textio_writer(h);
        /* PyObject_Str() of the piece begins with PyErr_CheckSignals(): a
         * collection's finalizers print after the text so far (h->print_text) */
        gc_run_scheduled(h);
        size_t before = 0;
        status_t st_str = append_str(h, &sb, v, &before);
        if (st_str != ST_OK) {
            heap_interp_drop(h, writer);
            if (st_str == ST_BUDGET) {
                if (args)
                    heap_interp_drop(h, args);
                heap_pop_args(h, mark);
                h->print_text = outer;
                sb_free(&sb);
                return ST_BUDGET;
            }
            ok = false;
            break;
        }
        write_text(h, &sb, before, writer, print_value(h, v, &sb, before));
    }
    if (ok && (ok = stdout_encodable(h, text_codepoints(end))))
        write_literal(h, &sb, end);
    if (args)
        heap_interp_drop(h, args);
    h->print_text = outer;
    if (ok || sb.len)
        heap_emit_printed(h, sb.buf, sb.len);
    sb_free(&sb);
    heap_pop_args(h, mark); /* the CALL's, once builtin_print() returned */
    if (!ok)
        return failed(h);
    res->kind = RES_NONE;
    return ST_OK;
}

void pyop_print_recorded(heap_t *h, const char *texts)
{
    const unsigned char *p = (const unsigned char *)texts;
    while (*p) {
        HEAPD_ASSERT((*p & ~3u) == PRINT_CALL);
        bool kw_given = *p++ & (PRINT_SEP_GIVEN | PRINT_END_GIVEN);
        size_t nargs = (size_t)(*p++ - 0x80);
        obj_t *args = print_args(h, nargs, kw_given, NULL);
        strbuf_t sb;
        sb_init(&sb);
        strbuf_t *outer = h->print_text;
        // cppcheck-suppress autoVariables ; restored below (heap_exec() clears it on a panic)
        h->print_text = &sb;
        while (*p == PRINT_WRITE) {
            const unsigned char *e = ++p;
            while (*e && *e != PRINT_WRITE && (*e & ~3u) != PRINT_CALL)
                e++;
            obj_t *writer = textio_writer(h);
            gc_run_scheduled(h); /* PyFile_WriteObject()'s PyObject_Str(): PyErr_CheckSignals() */
            size_t before = sb.len;
            sb_put_stdout(&sb, (const char *)p, (size_t)(e - p));
            write_text(h, &sb, before, writer, NULL);
            p = e;
        }
        if (args)
            heap_interp_drop(h, args);
        h->print_text = outer;
        heap_emit_printed(h, sb.buf, sb.len);
        sb_free(&sb);
    }
}

/* gc.get_threshold() / gc.get_count(): Py_BuildValue("(iii)") of the values
 * read first; the tuple is the statement's value */
static status_t int_triple(heap_t *h, const int64_t v[3], heap_result_t *res)
{
    obj_t *items[3];
    for (int i = 0; i < 3; i++)
        items[i] = int_from_i64(h, v[i]);
    obj_t *t = tuple_new_steal(h, items, 3);
    h->result_hold = t;
    res->kind = RES_OBJ;
    res->id = t->addr;
    return ST_OK;
}

status_t pyop_gc_query(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    int64_t v[3];
    switch (st->query) {
    case GQ_ISENABLED:
        res->kind = RES_BOOL;
        res->b = h->gc.enabled;
        return ST_OK;
    case GQ_GET_THRESHOLD:
        for (int i = 0; i < 3; i++)
            v[i] = h->gc.threshold[i];
        return int_triple(h, v, res);
    case GQ_GET_COUNT:
        for (int i = 0; i < 3; i++)
            v[i] = h->gc.count[i];
        return int_triple(h, v, res);
    case GQ_IS_TRACKED: {
        obj_t *o = pyop_push_arg(h, st);
        if (!o)
            return failed(h);
        res->kind = RES_BOOL;
        res->b = (o->flags & OF_TRACKED) != 0;
        return ST_OK;
    }
    }
    return exc_set(h->exc, ST_BADREQ, "bad_request", "unknown gc query");
}

/* def name(param): ... — MAKE_FUNCTION, then STORE_NAME. Called back by a
 * weakref, it records a weakref_callback event (and what its body prints). */
status_t pyop_def(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    struct user_def *d = xcalloc(1, sizeof *d);
    d->name = xstrdup(st->name);
    d->text = st->print_text ? xstrdup(st->print_text) : NULL;
    d->def.name = d->def.qualname = d->name;
    d->def.kind = FN_RECORD;
    d->param = xstrdup(st->param ? st->param : "wr"); /* its missing argument's name in messages */
    d->def.arg0 = d->param;
    d->def.print_text = d->text;
    d->def.code = &d->code;
    d->def.doc = &d->doc;
    d->next = h->user_defs;
    h->user_defs = d;
    if (st->body && !(d->code = heap_body_code(h, st, false, st->name)))
        return failed(h);
    if (d->code && code_doc(d->code)) /* PyFunction_NewWithQualName(): func_doc = co_consts[0] */
        d->doc = obj_newref(code_doc(d->code));
    obj_t *f = func_new(h, &d->def, NULL);
    heap_name_set(h, st->name, obj_newref(f));
    heap_push_temp(h, f);
    res->kind = RES_OBJ;
    res->id = f->addr;
    return ST_OK;
}

/* The two operands of IS_OP, COMPARE_OP or CONTAINS_OP, the top two of the
 * value stack from mark: ceval.c releases them once the operation is done,
 * the left one first (Py_DECREF(left); Py_DECREF(right); DECREF_INPUTS() on
 * 3.12+), whether it raised or not; an operand an earlier part of the
 * statement kept (SP_KEPT, `x.pop() is y`) goes then too. */
static void pop_operands(heap_t *h, size_t mark, spec_t *const *values)
{
    for (int i = 0; values && i < 2; i++) /* a kept operand: the stack's reference is the only one */
        if (values[i]->form == SP_KEPT && (size_t)values[i]->i < h->nkept && h->kept[values[i]->i]) {
            obj_decref(h, h->kept[values[i]->i]); /* the stack holds another */
            h->kept[values[i]->i] = NULL;         /* (kept_pop() skips it) */
        }
    obj_t *left = h->temps[mark], *right = h->temps[mark + 1];
    h->ntemps = mark; /* off the stack first, as heap_pop_temps() takes them */
    obj_decref(h, left);
    obj_decref(h, right);
}

/* `a is b` / `a == b` of any two values: both evaluated left to right, then
 * IS_OP or COMPARE_OP */
status_t pyop_compare(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (st->nvalues != 2 || !compile_specs(h, st->values, 2, NULL))
        return h->exc->status ? failed(h)
                              : exc_set(h->exc, ST_BADREQ, "bad_request", "compare takes two values");
    size_t mark = h->ntemps;
    obj_t *a = push_value(h, st->values[0]);
    obj_t *b = a ? push_value(h, st->values[1]) : NULL;
    if (!b)
        return failed(h);
    int r = st->identity ? a == b : obj_eq(h, a, b);
    pop_operands(h, mark, st->values);
    if (r < 0)
        return failed(h);
    res->kind = RES_BOOL;
    res->b = r != 0;
    return ST_OK;
}

/* `a in b` of any two values (values[0] in values[1]): both evaluated left
 * to right, then CONTAINS_OP (PySequence_Contains). A display on the right
 * comes folded by spec_fold_iter(), as the AST optimizer leaves it. */
status_t pyop_contains(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (st->nvalues != 2 || !compile_specs(h, st->values, 2, NULL))
        return h->exc->status ? failed(h)
                              : exc_set(h->exc, ST_BADREQ, "bad_request", "contains takes two values");
    size_t mark = h->ntemps;
    obj_t *key = push_value(h, st->values[0]);
    obj_t *in = key ? push_value(h, st->values[1]) : NULL;
    if (!in)
        return failed(h);
    status_t s = pyop_contains_in(h, in, key, res);
    pop_operands(h, mark, st->values);
    return s;
}

status_t pyop_contains_in(heap_t *h, obj_t *in, obj_t *key, heap_result_t *res)
{
    int r = obj_contains(h, in, key);
    if (r < 0)
        return failed(h);
    res->kind = RES_BOOL;
    res->b = r != 0;
    return ST_OK;
}

/* The targets' keys (in source order: they come before the value) and the value into co_consts. */
static bool compile_store(heap_t *h, const heap_stmt_t *st)
{
    size_t nkeys = 0;
    spec_t **keys = xcalloc(st->ntargets + 1, sizeof *keys);
    for (size_t i = 0; i < st->ntargets; i++)
        if (st->targets[i].key)
            keys[nkeys++] = st->targets[i].key;
    bool ok = compile_specs(h, keys, nkeys, st->value);
    free(keys);
    return ok;
}

/* STORE_NAME / STORE_ATTR / STORE_SUBSCR of v into t: an attribute or item
 * target loads its object (and key) just before its store. */
bool pyop_store_target(heap_t *h, const heap_target_t *t, obj_t *v)
{
    if (t->name) {
        heap_name_set(h, t->name, obj_newref(v));
        return true;
    }
    size_t mark = h->ntemps;
    obj_t *o = push_ref(h, &t->obj);
    if (!o)
        return false;
    int r;
    if (t->link == LK_ATTR) {
        r = obj_setattr(h, o, t->attr, v);
    } else {
        obj_t *k = push_value(h, t->key);
        if (!k)
            return false;
        r = obj_setitem(h, o, k, v);
    }
    if (r < 0)
        return false;
    heap_pop_temps(h, mark);
    return true;
}

/* Stores v (held by the temps) to each target left to right; the answer is v */
static status_t store_targets(heap_t *h, const heap_stmt_t *st, obj_t *v, heap_result_t *res)
{
    for (size_t i = 0; i < st->ntargets; i++)
        if (!pyop_store_target(h, &st->targets[i], v))
            return failed(h);
    res->kind = RES_OBJ;
    res->id = v->addr;
    return ST_OK;
}

/* t1 = t2 = ... = value: the value is evaluated once, then stored to each
 * target left to right (DUP_TOP per extra target). */
status_t pyop_store(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    if (!compile_store(h, st))
        return failed(h);
    obj_t *v = push_value(h, st->value);
    if (!v)
        return failed(h);
    return store_targets(h, st, v, res);
}

/* Is the method m loaded for a call with n arguments one heapd runs as
 * CPython does when Python source calls it? A builtin type's method marked
 * so in its table; an attribute's value (`n.w()`) or a library class's own
 * method called with no argument, as `w()` is. */
static bool method_runs(const py_method_t *m, size_t n)
{
    if (m->def)
        return m->def->source;
    if (m->fn)
        return n == 0 && !m->self;
    return n == 0 && py_has_method(m->self, m->name);
}

/* [t1 = ... =] r.name(v1, ...): LOAD_NAME/LOAD_ATTR of the receiver,
 * LOAD_METHOD (its AttributeError comes before any argument is
 * evaluated), the arguments left to right, CALL, then the result stored to
 * each target (DUP_TOP per extra one), or, as an expression statement,
 * described and dropped (POP_TOP). A method heapd does not run as CPython
 * does is refused when it is loaded, before its arguments run. */
status_t pyop_method(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    size_t nkeys = 0;
    spec_t **specs = xcalloc(st->nvalues + st->ntargets + 1, sizeof *specs);
    for (size_t i = 0; i < st->nvalues; i++)
        specs[nkeys++] = st->values[i];
    for (size_t i = 0; i < st->ntargets; i++)
        if (st->targets[i].key)
            specs[nkeys++] = st->targets[i].key;
    bool ok = compile_specs(h, specs, nkeys, NULL);
    free(specs);
    if (!ok)
        return failed(h);
    obj_t *self = push_ref(h, &st->a);
    if (!self)
        return failed(h);
    py_method_t m;
    if (py_method_load(h, self, st->attr, &m) < 0)
        return failed(h);
    if (!method_runs(&m, st->nvalues)) {
        py_method_release(h, &m);
        return exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "the method %.40s.%.60s() with %zu argument%s",
                       obj_tp_name(self), st->attr, st->nvalues, st->nvalues == 1 ? "" : "s");
    }
    size_t mark = h->ntemps;
    bool inline_frame = py_method_inline(&m);
    obj_t *r = NULL, **argv = xcalloc(st->nvalues + 1, sizeof *argv);
    bool args_ok = true;
    for (size_t i = 0; i < st->nvalues && args_ok; i++)
        args_ok = (argv[i] = push_value(h, st->values[i])) != NULL;
    if (args_ok) { /* the call's arguments go when it returns, the first first (an argument
                      that raised leaves the others to the unwinding, the last first) */
        r = py_method_call(h, &m, argv, st->nvalues);
        HEAPD_ASSERT(h->ntemps == mark + st->nvalues);
        h->ntemps = mark;
        for (size_t i = 0; i < st->nvalues; i++)
            obj_decref(h, argv[i]);
    }
    free(argv);
    py_method_release(h, &m);
    if (!r)
        return failed(h);
    heap_pop_temps(h, mark - 1); /* then the receiver the stack held */
    if (!inline_frame)           /* CALL's eval-breaker check, r on the stack */
        gc_run_scheduled(h);
    if (st->ntargets) {
        heap_push_temp(h, r);
        return store_targets(h, st, r, res);
    }
    if (r == h->none) { /* list.extend(), dict.update()...: nothing to describe */
        obj_decref(h, r);
        res->kind = RES_NULL;
        return ST_OK;
    }
    h->result_hold = r;
    /* an argument's constant given back (d.get(k, 0.5)): described after the
     * statement dropped its constants, CPython sees it while co_consts holds it */
    for (size_t i = 0; i < st->nvalues; i++)
        h->result_is_const |= !h->in_unit && r == st->values[i]->konst;
    res->kind = RES_OBJ;
    res->id = r->addr;
    return ST_OK;
}

/*
 * t += v / t -= v: the target's current value loaded (a name: LOAD_NAME; an
 * attribute: its object, DUP_TOP, LOAD_ATTR; an item: its object and key,
 * DUP_TOP_TWO, BINARY_SUBSCR), v evaluated, the in-place operation
 * (PyNumber_InPlaceAdd / PyNumber_InPlaceSubtract: list += extends the
 * list itself), then the result stored back (the old value released after
 * the store) and the object and key the stack held popped.
 */
status_t pyop_augassign(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    const heap_target_t *t = &st->targets[0];
    if (!compile_store(h, st))
        return failed(h);
    size_t mark = h->ntemps;
    obj_t *obj = NULL, *key = NULL, *cur;
    if (t->name) {
        heap_ref_t r = {.path = t->name};
        cur = push_ref(h, &r);
    } else {
        if (!(obj = push_ref(h, &t->obj)))
            return failed(h);
        if (t->link == LK_ATTR) {
            cur = obj_getattr(h, obj, t->attr);
        } else {
            if (!(key = push_value(h, t->key)))
                return failed(h);
            cur = obj_getitem(h, obj, key);
        }
        if (cur)
            heap_push_temp(h, cur);
    }
    if (!cur)
        return failed(h);
    obj_t *v = push_value(h, st->value);
    if (!v)
        return failed(h);
    /* 3.10 INPLACE_ADD of two strs (unicode_concatenate()): with the stack's
     * and the name's the only references, the name is unbound first and
     * PyUnicode_Append() may resize the str in place; not simulated */
    if (h->prof->str_concat_in_place && st->augop == '+' && t->name && cur->kind == K_STR &&
        v->kind == K_STR && cur->refcnt == 2)
        return exc_set(
            h->exc, ST_UNSUPPORTED, "unsupported",
            "str += str on 3.10 where the name holds the only other reference (unicode_concatenate() "
            "unbinds it and may append in place)");
    obj_t *r = py_number_inplace(h, cur, v, st->augop);
    if (!r)
        return failed(h);
    heap_push_temp(h, r);
    bool ok;
    if (t->name) {
        heap_name_set(h, t->name, obj_newref(r));
        ok = true;
    } else if (t->link == LK_ATTR) {
        ok = obj_setattr(h, obj, t->attr, r) >= 0;
    } else {
        ok = obj_setitem(h, obj, key, r) >= 0;
    }
    if (!ok)
        return failed(h);
    res->kind = RES_NULL;
    heap_pop_temps(h, mark);
    return ST_OK;
}

/* t1, ..., tn = v1, ..., vn (a tuple display of n items): as the compiler
 * emits it, the items are evaluated left to right, then stored to the
 * targets left to right. A display of constants was folded into one
 * constant tuple: LOAD_CONST, UNPACK_SEQUENCE. Otherwise BUILD_TUPLE n +
 * UNPACK_SEQUENCE n is replaced by nothing (n = 1) or a SWAP / ROT (n = 2,
 * 3: no tuple is made; optimize_basic_block()); past 3 the tuple is built,
 * unpacked (its items pushed) and released before the first store. */
status_t pyop_unpack(heap_t *h, const heap_stmt_t *st, heap_result_t *res)
{
    spec_t *tv = st->value;
    if (!tv || tv->form != SP_TUPLE || tv->nitems != st->ntargets)
        return exc_set(h->exc, ST_BADREQ, "bad_request",
                       "unpack takes a tuple display of one item per target");
    if (!compile_store(h, st))
        return failed(h);
    size_t mark = h->ntemps;
    if (tv->konst || tv->nitems > 3) {
        obj_t *t = value_eval(h, tv);
        if (!t)
            return failed(h);
        /* 3.11+ unpack_iterable(): PyObject_GetIter() makes a tupleiterobject
         * (a GC object of 32 bytes and its GC head; 3.11 may collect there,
         * the tuple held), which is freed once the items are pushed */
        uint64_t it = 0;
        if (h->prof->unpack_iterates) {
            it = heap_mem_alloc(h, 48);
            gc_on_alloc(h);
        }
        for (size_t i = 0; i < t->u.seq.len; i++) /* UNPACK_SEQUENCE */
            heap_push_temp(h, obj_newref(t->u.seq.items[i]));
        if (h->prof->unpack_iterates) {
            gc_on_free(h);
            heap_mem_free(h, it);
        }
        obj_decref(h, t);
    } else {
        for (size_t i = 0; i < tv->nitems; i++)
            if (!push_value(h, tv->items[i]))
                return failed(h);
    }
    for (size_t i = 0; i < st->ntargets; i++)
        if (!pyop_store_target(h, &st->targets[i], h->temps[mark + i]))
            return failed(h);
    res->kind = RES_NONE;
    return ST_OK;
}
