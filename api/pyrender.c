/*
 * pyrender.c — the Python statement of each JSON operation (API.md's
 * Python column), written so that the statement compiled alone gives the
 * same objects: a value spec renders as the display or literal it stands
 * for, a reference path as itself.
 */
#include "pyrender.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void literal(strbuf_t *sb, const char *s, size_t len, bool bytes)
{
    if (bytes)
        sb_putc(sb, 'b');
    sb_putc(sb, '\'');
    for (size_t i = 0; i < len; i++) {
        size_t run = i; /* what needs no escape goes in one piece */
        while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f && s[i] != '\\' &&
               s[i] != '\'')
            i++;
        if (i > run)
            sb_putn(sb, s + run, i - run);
        if (i == len)
            break;
        unsigned char ch = (unsigned char)s[i];
        switch (ch) {
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\'': sb_puts(sb, "\\'"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        default:
            if (!bytes && ch == 0xED && i + 2 < len && ((unsigned char)s[i + 1] & 0xE0) == 0xA0) {
                /* a lone surrogate (a str holds its 3-byte form): the source's escape */
                sb_printf(sb, "\\u%04x",
                          0xD000 | (((unsigned char)s[i + 1] & 0x3F) << 6) |
                              ((unsigned char)s[i + 2] & 0x3F));
                i += 2;
            } else if (ch < 0x20 || ch == 0x7f || (bytes && ch >= 0x80))
                sb_printf(sb, "\\x%02x", ch);
            else
                sb_putc(sb, (char)ch);
        }
    }
    sb_putc(sb, '\'');
}

void pyrender_str(strbuf_t *sb, const char *s, size_t len)
{
    literal(sb, s, len, false);
}

/* A float literal that reads back as the same double. */
static void float_literal(strbuf_t *sb, double d)
{
    char buf[40];
    if (isinf(d)) { /* the literal CPython reads as an infinity: a constant, as the spec's `1e400` */
        sb_puts(sb, d > 0 ? "1e400" : "-1e400");
        return;
    }
    if (isnan(d)) {
        sb_puts(sb, "float('nan')");
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    sb_puts(sb, buf);
    if (!strpbrk(buf, ".e"))
        sb_puts(sb, ".0");
}

/* pyrender_op_named()'s buffer: the statement's text first (every renderer
 * below writes to it as a strbuf_t), then how ids are named */
typedef struct {
    strbuf_t sb;
    pyrender_name_fn name_of;
    void *ctx;
    const char *avoid;
} render_t;

static void ref(strbuf_t *sb, const heap_ref_t *r)
{
    render_t *rd = (render_t *)sb; /* sb is the first member of a render_t */
    if (r->path)
        sb_puts(sb, r->path);
    else if (!rd->name_of || !rd->name_of(rd->ctx, r->id, rd->avoid, sb)) /* no name: no Python spelling */
        sb_printf(sb, "_heapd_id_%" PRIu64, r->id);
}

static void value(strbuf_t *sb, const spec_t *s);

static void items(strbuf_t *sb, const spec_t *s, size_t step)
{
    for (size_t i = 0; i < s->nitems; i += step) {
        if (i)
            sb_puts(sb, ", ");
        value(sb, s->items[i]);
        if (step == 2) {
            sb_puts(sb, ": ");
            value(sb, s->items[i + 1]);
        }
    }
}

static void value(strbuf_t *sb, const spec_t *s)
{
    static const char *const weak[] = {"WeakValueDictionary", "WeakKeyDictionary", "WeakSet"};
    switch (s->form) {
    case SP_NONE: sb_puts(sb, "None"); break;
    case SP_BOOL: sb_puts(sb, s->b ? "True" : "False"); break;
    case SP_INT: sb_put_int(sb, s->i); break;
    case SP_BIGINT: sb_puts(sb, s->text); break;
    case SP_FLOAT: float_literal(sb, s->f); break;
    case SP_STR: literal(sb, s->text ? s->text : "", s->len, false); break;
    case SP_BYTES: literal(sb, (const char *)s->bytes, s->len, true); break;
    case SP_LIST:
        sb_putc(sb, '[');
        items(sb, s, 1);
        sb_putc(sb, ']');
        break;
    case SP_TUPLE:
        sb_putc(sb, '(');
        items(sb, s, 1);
        sb_puts(sb, s->nitems == 1 ? ",)" : ")");
        break;
    case SP_SET:
        if (!s->nitems) {
            sb_puts(sb, "set()");
            break;
        }
        sb_putc(sb, '{');
        items(sb, s, 1);
        sb_putc(sb, '}');
        break;
    case SP_FROZENSET:
        if (!s->nitems) {
            sb_puts(sb, "frozenset()");
            break;
        }
        sb_puts(sb, "frozenset({");
        items(sb, s, 1);
        sb_puts(sb, "})");
        break;
    case SP_DICT:
        sb_putc(sb, '{');
        items(sb, s, 2);
        sb_putc(sb, '}');
        break;
    case SP_OBJECT: sb_puts(sb, "object()"); break;
    case SP_INSTANCE:
        sb_puts(sb, s->text);
        sb_puts(sb, "()");
        break;
    case SP_WEAKCONT: sb_printf(sb, "weakref.%s()", weak[s->wkind]); break;
    case SP_REF: ref(sb, &s->ref); break;
    case SP_KEPT: /* only in /exec's parts, whose statements the script writes as their source */
    case SP_FORMAT:
    case SP_FSTRING: sb_puts(sb, "None"); break;
    }
}

static bool spec_uses_weakref(const spec_t *s)
{
    if (!s)
        return false;
    if (s->form == SP_WEAKCONT)
        return true;
    for (size_t i = 0; i < s->nitems; i++)
        if (spec_uses_weakref(s->items[i]))
            return true;
    return false;
}

unsigned pyrender_needs(const heap_stmt_t *st)
{
    unsigned n = 0;
    bool weak = spec_uses_weakref(st->value) || spec_uses_weakref(st->key);
    for (size_t i = 0; i < st->nattrs; i++)
        weak |= spec_uses_weakref(st->attr_values[i]);
    switch (st->op) {
    case OP_COLLECT:
    case OP_GC: n |= PYNEED_GC; break;
    case OP_SIZEOF:
    case OP_GETREFCOUNT:
    case OP_INTERN: n |= PYNEED_SYS; break;
    case OP_WEAKREF:
        weak = true;
        if (st->callback && !st->b.path && !st->b.id)
            n |= PYNEED_CALLBACK;
        break;
    case OP_CLASS:
        if (heap_stmt_classdef(st)->finalizer == 2)
            n |= PYNEED_RESURRECTED;
        break;
    default: break;
    }
    return n | (weak ? PYNEED_WEAKREF : 0);
}

/* F.x / F[i] / F[<key>] */
static void target(strbuf_t *sb, const heap_stmt_t *st)
{
    ref(sb, &st->a);
    if (st->link == LK_ATTR) {
        sb_putc(sb, '.');
        sb_puts(sb, st->attr);
    } else if (st->link == LK_INDEX) {
        sb_putc(sb, '[');
        sb_put_int(sb, st->index);
        sb_putc(sb, ']');
    } else {
        sb_putc(sb, '[');
        value(sb, st->key);
        sb_putc(sb, ']');
    }
}

static void class_src(strbuf_t *sb, const heap_stmt_t *st)
{
    sb_printf(sb, "class %s:\n", st->name);
    const heap_classdef_t *d = heap_stmt_classdef(st);
    bool empty = true;
    if (d->has_slots) {
        sb_puts(sb, "    __slots__ = (");
        for (size_t i = 0; i < d->nslots; i++) {
            literal(sb, d->slots[i], strlen(d->slots[i]), false);
            sb_puts(sb, d->nslots == 1 ? "," : i + 1 < d->nslots ? ", " : "");
        }
        sb_puts(sb, ")\n");
        empty = false;
    }
    if (d->finalizer) {
        sb_puts(sb, "    def __del__(self):\n        ");
        if (st->print_text) { /* print(text, end='') gives the same output */
            strbuf_t text;    /* the pieces the calls write (heap.h's PRINT_CALL encoding) */
            sb_init(&text);
            for (const unsigned char *p = (const unsigned char *)st->print_text; *p; p++)
                if ((*p & ~3u) == PRINT_CALL)
                    p++; /* and its count of arguments */
                else if (*p != PRINT_WRITE)
                    sb_putc(&text, (char)*p);
            sb_puts(sb, "print(");
            literal(sb, text.buf ? text.buf : "", text.len, false);
            sb_free(&text);
            sb_puts(sb, ", end='')");
            if (d->finalizer == 2)
                sb_puts(sb, "\n        ");
        }
        if (d->finalizer == 2)
            sb_puts(sb, "_resurrected.append(self)");
        else if (!st->print_text)
            sb_puts(sb, "pass");
        sb_putc(sb, '\n');
        empty = false;
    }
    if (empty)
        sb_puts(sb, "    pass\n");
    sb->len--; /* no newline at the end */
    sb->buf[sb->len] = 0;
}

/* An int argument of gc.collect() / gc.set_threshold(): v, or the digits of
 * one past int64 (heap_stmt_t's *_big) with v's sign. */
static void put_int_arg(strbuf_t *sb, int64_t v, const char *big)
{
    if (big)
        sb_printf(sb, "%s%s", v < 0 ? "-" : "", big);
    else
        sb_printf(sb, "%" PRId64, v);
}

static void gc_src(strbuf_t *sb, const heap_stmt_t *st)
{
    const heap_gcset_t *g = heap_stmt_gc(st);
    size_t start = sb->len;
#define NEXT()                                                                                               \
    if (sb->len > start)                                                                                     \
    sb_putc(sb, '\n')
    if (g->set_enabled) {
        NEXT();
        sb_puts(sb, g->enabled ? "gc.enable()" : "gc.disable()");
    }
    if (g->set_threshold) {
        NEXT();
        sb_puts(sb, "gc.set_threshold(");
        for (int i = 0; i < g->nthreshold; i++) {
            sb_puts(sb, i ? ", " : "");
            put_int_arg(sb, g->threshold[i], g->threshold_big[i]);
        }
        sb_putc(sb, ')');
    }
    if (g->set_debug) {
        NEXT();
        sb_puts(sb, g->saveall ? "gc.set_debug(gc.DEBUG_SAVEALL)" : "gc.set_debug(0)");
    }
    if (g->set_freeze) {
        NEXT();
        sb_puts(sb, g->freeze ? "gc.freeze()" : "gc.unfreeze()");
    }
#undef NEXT
    if (sb->len == start)
        sb_puts(sb, "pass");
}

char *pyrender_op(const heap_stmt_t *st)
{
    return pyrender_op_named(st, NULL, NULL);
}

char *pyrender_op_named(const heap_stmt_t *st, pyrender_name_fn name_of, void *ctx)
{
    render_t rd = {.name_of = name_of, .ctx = ctx};
    sb_init(&rd.sb);
    switch (st->op) {
    case OP_CREATE:
        sb_printf(&rd.sb, "%s = ", st->name);
        value(&rd.sb, st->value);
        rd.avoid = st->name; /* the attributes' values are evaluated once it is bound */
        for (size_t i = 0; i < st->nattrs; i++) {
            sb_printf(&rd.sb, "\n%s.%s = ", st->name, st->attr_names[i]);
            value(&rd.sb, st->attr_values[i]);
        }
        break;
    case OP_CLASS: class_src(&rd.sb, st); break;
    case OP_ASSIGN:
        sb_printf(&rd.sb, "%s = ", st->name);
        value(&rd.sb, st->value);
        break;
    case OP_LINK:
        if (st->link == LK_APPEND || st->link == LK_ADD) {
            ref(&rd.sb, &st->a);
            sb_puts(&rd.sb, st->link == LK_APPEND ? ".append(" : ".add(");
            value(&rd.sb, st->value);
            sb_putc(&rd.sb, ')');
            break;
        }
        target(&rd.sb, st);
        sb_puts(&rd.sb, " = ");
        value(&rd.sb, st->value);
        break;
    case OP_UNLINK:
        if (st->link == LK_DISCARD) {
            ref(&rd.sb, &st->a);
            sb_puts(&rd.sb, ".discard(");
            value(&rd.sb, st->key);
            sb_putc(&rd.sb, ')');
            break;
        }
        sb_puts(&rd.sb, "del ");
        target(&rd.sb, st);
        break;
    case OP_DEL:
        sb_puts(&rd.sb, "del ");
        for (size_t i = 0; i < st->nnames; i++)
            sb_printf(&rd.sb, "%s%s", i ? ", " : "", st->names[i]);
        break;
    case OP_COLLECT:
        if (st->generation == 2)
            sb_puts(&rd.sb, "gc.collect()");
        else {
            sb_puts(&rd.sb, "gc.collect(");
            put_int_arg(&rd.sb, st->generation, st->generation_big);
            sb_putc(&rd.sb, ')');
        }
        break;
    case OP_SIZEOF:
    case OP_GETREFCOUNT:
    case OP_ID:
    case OP_LEN:
    case OP_DEREF: {
        static const char *const fn[] = {[OP_SIZEOF] = "sys.getsizeof(",
                                         [OP_GETREFCOUNT] = "sys.getrefcount(",
                                         [OP_ID] = "id(",
                                         [OP_LEN] = "len("};
        if (st->op == OP_DEREF) {
            ref(&rd.sb, &st->a);
            sb_puts(&rd.sb, "()");
            break;
        }
        sb_puts(&rd.sb, fn[st->op]);
        ref(&rd.sb, &st->a);
        sb_putc(&rd.sb, ')');
        break;
    }
    case OP_IS:
    case OP_EQ:
        ref(&rd.sb, &st->a);
        sb_puts(&rd.sb, st->op == OP_IS ? " is " : " == ");
        ref(&rd.sb, &st->b);
        break;
    case OP_CONTAINS:
        value(&rd.sb, st->value);
        sb_puts(&rd.sb, " in ");
        ref(&rd.sb, &st->a);
        break;
    case OP_INTERN:
        sb_printf(&rd.sb, "%s = sys.intern(", st->name);
        value(&rd.sb, st->value);
        sb_putc(&rd.sb, ')');
        break;
    case OP_WEAKREF:
        sb_printf(&rd.sb, "%s = weakref.ref(", st->name);
        value(&rd.sb, st->value);
        if (st->callback && (st->b.path || st->b.id)) {
            sb_puts(&rd.sb, ", ");
            ref(&rd.sb, &st->b);
        } else if (st->callback) {
            sb_puts(&rd.sb, ", _cb");
        }
        sb_putc(&rd.sb, ')');
        break;
    case OP_GC: gc_src(&rd.sb, st); break;
    default: sb_puts(&rd.sb, "pass"); break;
    }
    return sb_take(&rd.sb);
}

/* The session's script ------------------------------------------------------------ */

void pyscript_init(pyscript_t *s, const char *version, const char *stdout_mode)
{
    memset(s, 0, sizeof *s);
    sb_init(&s->text);
    s->version = version;
    s->stdout_mode = stdout_mode;
}

/* The header, written when the script is read: a session keeps only its
 * statements */
static void header(const pyscript_t *s, strbuf_t *sb)
{
    sb_printf(sb,
              "# A heapd session as a script: run it with CPython %s and PYTHONHASHSEED=0,\n"
              "# %s.\n"
              "# Each JSON operation, and each statement of a \"statements\"-mode source, is\n"
              "# compiled alone (exec); a \"module\"-mode source is one compilation unit.\n",
              s->version,
              strcmp(s->stdout_mode, "pipe") ? "PYTHONUNBUFFERED=1 (the session's stdout is \"unbuffered\")"
                                             : "PYTHONUNBUFFERED unset, its output to a pipe or a file (the "
                                               "session's stdout is \"pipe\")");
    /* exec() costs a statement two recursion levels that the statement
     * compiled alone at module level does not have, on 3.10 and 3.11 (3.12+
     * limit C recursion apart from Python frames): without them a comparison
     * or repr near the limit raises in the script where heapd answered */
    int cost = !strcmp(s->version, "3.10") || !strcmp(s->version, "3.11") ? 2 : 0;
    if (cost)
        sb_printf(sb,
                  "# exec() costs each statement %d recursion level%s: the limit is raised by as much\n"
                  "__import__('sys').setrecursionlimit(__import__('sys').getrecursionlimit() + %d)\n",
                  cost, cost > 1 ? "s" : "", cost);
}

char *pyscript_render(const pyscript_t *s, size_t *len)
{
    strbuf_t sb;
    sb_init(&sb);
    header(s, &sb);
    sb_putn(&sb, s->text.buf ? s->text.buf : "", s->text.len);
    *len = sb.len;
    return sb.buf;
}

void pyscript_free(pyscript_t *s)
{
    sb_free(&s->text);
}

void pyscript_defined(pyscript_t *s, unsigned defined)
{
    s->defined |= defined;
}

static void exec_line(strbuf_t *sb, const char *indent, const char *source)
{
    sb_puts(sb, indent);
    sb_puts(sb, "exec(");
    pyrender_str(sb, source, strlen(source));
    sb_puts(sb, ")\n");
}

/* What the statement needs defined before it, each once: imports, `_cb` */
static void definitions(pyscript_t *s, unsigned needs)
{
    static const struct {
        unsigned need;
        const char *src;
    } defs[] = {{PYNEED_GC, "import gc\n"},
                {PYNEED_SYS, "import sys\n"},
                {PYNEED_WEAKREF, "import weakref\n"},
                {PYNEED_CALLBACK, "def _cb(wr):\n    pass\n"}};
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if ((needs & defs[i].need) && !(s->defined & defs[i].need)) {
            sb_puts(&s->text, defs[i].src);
            s->defined |= defs[i].need;
        }
}

void pyscript_imports(pyscript_t *s, unsigned needs)
{
    if (!s->full)
        definitions(s, needs & (PYNEED_GC | PYNEED_SYS | PYNEED_WEAKREF));
}

void pyscript_add(pyscript_t *s, const char *source, unsigned needs, const char *exc_type, const char *hide)
{
    if (s->full)
        return;
    if (s->text.len + strlen(source) * 4 + 256 > PYSCRIPT_MAX) {
        s->full = true;
        sb_puts(&s->text,
                "# ... the session ran more than this script keeps (8 MiB): the rest is left out\n");
        return;
    }
    definitions(s, needs);
    if (needs & PYNEED_RESURRECTED) /* the engine made it: so does the script */
        sb_puts(&s->text, "_resurrected = []\n");
    if (!exc_type) {
        exec_line(&s->text, "", source);
        return;
    }
    /* the builtins module's dict is where LOAD_NAME looks last: without the
     * name there, the statement raises its NameError as the session did,
     * after what it evaluated before, and no object is made for it */
    if (hide)
        sb_printf(&s->text,
                  "# a JSON reference path sees only the session's names (API.md): not the builtin '%s'\n"
                  "_heapd_builtin = vars(__builtins__).pop('%s')\n",
                  hide, hide);
    sb_puts(&s->text, "try:\n");
    exec_line(&s->text, "    ", source);
    sb_printf(&s->text, "except %s:\n    pass\n", exc_type);
    if (hide)
        sb_printf(&s->text, "__builtins__.%s = _heapd_builtin\ndel _heapd_builtin\n", hide);
}
