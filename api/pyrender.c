/*
 * pyrender.c — the Python statement of each JSON operation (API.md's
 * Python column), written so that the statement compiled alone gives the
 * same objects: a value spec renders as the display or literal it stands
 * for, a reference path as itself.
 */
#include "pyrender.h"
#include "mem.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The script's own names (pyscript_t.touched): what a JSON operation's
 * statement calls or imports, written in the script's copy of the statement
 * as MARK_NAME and the name's letter ('a' + OWN_*), and, when the session's
 * statements name it themselves (bind `gc`, read `len`, ...), spelt in the
 * script as a dunder alias no session can bind (API.md: names are not
 * dunders) */
enum {
    OWN_GC,
    OWN_SYS,
    OWN_WEAKREF,
    OWN_CB,
    OWN_ID,
    OWN_LEN,
    OWN_OBJECT,
    OWN_SET,
    OWN_FROZENSET,
    OWN_FLOAT,
    OWN_N
};
static const char *const own_names[OWN_N] = {"gc",  "sys",    "weakref", "_cb",       "id",
                                             "len", "object", "set",     "frozenset", "float"};
/* bytes no UTF-8 text holds (a path's key may hold any character, written as
 * itself in the statement): */
#define MARK_NAME '\xF8'   /* the name, or its alias */
#define MARK_IMPORT '\xF9' /* `import gc`, and `import gc as __heapd_gc__` after it */
#define MARK_REIMPORT                                                                                        \
    '\xFA' /* nothing, or `import gc as __heapd_gc__` (gc imported by a source, or the                       \
            * session named gc before: its binding stays) */

static void literal_marked(strbuf_t *sb, const char *s, size_t len, bool bytes, bool marks);
static void own(strbuf_t *sb, int k);

static void literal(strbuf_t *sb, const char *s, size_t len, bool bytes)
{
    literal_marked(sb, s, len, bytes, false);
}

/* marks: the source is a JSON operation's marked statement, whose control
 * bytes are only its marks (its literals' own are escapes already) */
static void literal_marked(strbuf_t *sb, const char *s, size_t len, bool bytes, bool marks)
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
        if (marks && ch == (unsigned char)MARK_NAME && i + 1 < len) {
            sb_putn(sb, s + i, 2);
            i++;
            continue;
        }
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
        own(sb, OWN_FLOAT);
        sb_puts(sb, "('nan')");
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
    bool marks;     /* the script's copy: own names as marks */
    unsigned bound; /* ... but those the session binds (pyscript_bound()) as themselves */
} render_t;

static void own(strbuf_t *sb, int k)
{
    const render_t *rd = (const render_t *)sb; /* sb is the first member of a render_t */
    if (rd->marks && !(rd->bound & (1u << k))) {
        sb_putc(sb, MARK_NAME);
        sb_putc(sb, (char)('a' + k));
    } else
        sb_puts(sb, own_names[k]);
}

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
            own(sb, OWN_SET);
            sb_puts(sb, "()");
            break;
        }
        sb_putc(sb, '{');
        items(sb, s, 1);
        sb_putc(sb, '}');
        break;
    case SP_FROZENSET:
        if (!s->nitems) {
            own(sb, OWN_FROZENSET);
            sb_puts(sb, "()");
            break;
        }
        own(sb, OWN_FROZENSET);
        sb_puts(sb, "({");
        items(sb, s, 1);
        sb_puts(sb, "})");
        break;
    case SP_DICT:
        sb_putc(sb, '{');
        items(sb, s, 2);
        sb_putc(sb, '}');
        break;
    case SP_OBJECT:
        own(sb, OWN_OBJECT);
        sb_puts(sb, "()");
        break;
    case SP_INSTANCE:
        sb_puts(sb, s->text);
        sb_puts(sb, "()");
        break;
    case SP_WEAKCONT:
        own(sb, OWN_WEAKREF);
        sb_printf(sb, ".%s()", spec_weakcont_names[s->wkind]);
        break;
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
        own(sb, OWN_GC);
        sb_puts(sb, g->enabled ? ".enable()" : ".disable()");
    }
    if (g->set_threshold) {
        NEXT();
        own(sb, OWN_GC);
        sb_puts(sb, ".set_threshold(");
        for (int i = 0; i < g->nthreshold; i++) {
            sb_puts(sb, i ? ", " : "");
            put_int_arg(sb, g->threshold[i], g->threshold_big[i]);
        }
        sb_putc(sb, ')');
    }
    if (g->set_debug) {
        NEXT();
        own(sb, OWN_GC);
        sb_puts(sb, ".set_debug(");
        if (g->saveall) {
            own(sb, OWN_GC);
            sb_puts(sb, ".DEBUG_SAVEALL");
        } else
            sb_putc(sb, '0');
        sb_putc(sb, ')');
    }
    if (g->set_freeze) {
        NEXT();
        own(sb, OWN_GC);
        sb_puts(sb, g->freeze ? ".freeze()" : ".unfreeze()");
    }
#undef NEXT
    if (sb->len == start)
        sb_puts(sb, "pass");
}

char *pyrender_op(const heap_stmt_t *st)
{
    return pyrender_op_named(st, NULL, NULL);
}

static char *render(const heap_stmt_t *st, pyrender_name_fn name_of, void *ctx, bool marks, unsigned bound)
{
    render_t rd = {.name_of = name_of, .ctx = ctx, .marks = marks, .bound = bound};
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
        own(&rd.sb, OWN_GC);
        if (!st->generation_given)
            sb_puts(&rd.sb, ".collect()");
        else {
            sb_puts(&rd.sb, ".collect(");
            put_int_arg(&rd.sb, st->generation, st->generation_big);
            sb_putc(&rd.sb, ')');
        }
        break;
    case OP_SIZEOF:
    case OP_GETREFCOUNT:
    case OP_ID:
    case OP_LEN:
    case OP_DEREF: {
        static const struct {
            int own;
            const char *rest;
        } fn[] = {[OP_SIZEOF] = {OWN_SYS, ".getsizeof("},
                  [OP_GETREFCOUNT] = {OWN_SYS, ".getrefcount("},
                  [OP_ID] = {OWN_ID, "("},
                  [OP_LEN] = {OWN_LEN, "("}};
        if (st->op == OP_DEREF) {
            ref(&rd.sb, &st->a);
            sb_puts(&rd.sb, "()");
            break;
        }
        own(&rd.sb, fn[st->op].own);
        sb_puts(&rd.sb, fn[st->op].rest);
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
        sb_printf(&rd.sb, "%s = ", st->name);
        own(&rd.sb, OWN_SYS);
        sb_puts(&rd.sb, ".intern(");
        value(&rd.sb, st->value);
        sb_putc(&rd.sb, ')');
        break;
    case OP_WEAKREF:
        sb_printf(&rd.sb, "%s = ", st->name);
        own(&rd.sb, OWN_WEAKREF);
        sb_puts(&rd.sb, ".ref(");
        value(&rd.sb, st->value);
        if (st->callback && (st->b.path || st->b.id)) {
            sb_puts(&rd.sb, ", ");
            ref(&rd.sb, &st->b);
        } else if (st->callback) {
            sb_puts(&rd.sb, ", ");
            own(&rd.sb, OWN_CB);
        }
        sb_putc(&rd.sb, ')');
        break;
    case OP_GC: gc_src(&rd.sb, st); break;
    default: sb_puts(&rd.sb, "pass"); break;
    }
    return sb_take(&rd.sb);
}

char *pyrender_op_named(const heap_stmt_t *st, pyrender_name_fn name_of, void *ctx)
{
    return render(st, name_of, ctx, false, 0);
}

void pyrender_callback_name(strbuf_t *sb)
{
    own(sb, OWN_CB);
}

char *pyrender_op_script(const heap_stmt_t *st, pyrender_name_fn name_of, void *ctx, unsigned bound)
{
    return render(st, name_of, ctx, true, bound);
}

unsigned pyscript_bound(heap_t *h)
{
    unsigned bound = 0;
    for (int k = 0; k < OWN_N; k++) /* the recording callback is heapd's own, whatever `_cb` is */
        if (k != OWN_CB && k != OWN_FLOAT && heap_callee_bound(h, own_names[k]))
            bound |= 1u << k;
    return bound;
}

char *pyrender_unmarked(const char *marked)
{
    /* only render()'s own() writes a mark: MARK_NAME, then 'a' + OWN_* */
    size_t n = 0;
    for (const char *p = marked; *p; p++)
        if (*p == MARK_NAME && p[1] >= 'a' && p[1] < 'a' + OWN_N)
            n += strlen(own_names[*++p - 'a']);
        else
            n++;
    char *out = xmalloc(n + 1), *o = out;
    for (const char *p = marked; *p; p++)
        if (*p == MARK_NAME && p[1] >= 'a' && p[1] < 'a' + OWN_N) {
            const char *name = own_names[*++p - 'a'];
            size_t len = strlen(name);
            memcpy(o, name, len);
            o += len;
        } else {
            *o++ = *p;
        }
    *o = 0;
    return out;
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

/* The alias of an own name the session's statements name themselves */
static void own_alias(strbuf_t *sb, int k)
{
    if (k == OWN_CB)
        sb_puts(sb, "__heapd_cb__");
    else
        sb_printf(sb, "__heapd_%s__", own_names[k]);
}

static bool is_module(int k)
{
    return k == OWN_GC || k == OWN_SYS || k == OWN_WEAKREF;
}

/* The statements with their marks spelt: a name the session never names
 * itself as itself, one it does as its alias (a module imported as it, the
 * callback defined as it, a builtin bound to it at the top) */
char *pyscript_render(const pyscript_t *s, size_t *len)
{
    strbuf_t sb;
    sb_init(&sb);
    header(s, &sb);
    bool builtins = false;
    for (int k = 0; k < OWN_N; k++)
        if ((s->touched & (1u << k)) && !is_module(k) && k != OWN_CB && (s->used & (1u << k))) {
            if (!builtins)
                sb_puts(&sb,
                        "# the session binds or reads names the statements below call: those are aliases\n");
            builtins = true;
            own_alias(&sb, k);
            sb_printf(&sb, " = %s\n", own_names[k]);
        }
    const char *t = s->text.buf ? s->text.buf : "";
    for (size_t i = 0; i < s->text.len; i++) {
        char c = t[i];
        if ((c != MARK_NAME && c != MARK_IMPORT && c != MARK_REIMPORT) || i + 1 >= s->text.len) {
            sb_putc(&sb, c);
            continue;
        }
        int k = t[++i] - 'a';
        bool alias = k >= 0 && k < OWN_N && (s->touched & (1u << k));
        if (k < 0 || k >= OWN_N)
            continue;
        if (c == MARK_NAME) {
            if (alias)
                own_alias(&sb, k);
            else
                sb_puts(&sb, own_names[k]);
        } else if (c == MARK_IMPORT) { /* later sources may use the module's own name (s->imports) */
            sb_printf(&sb, "import %s", own_names[k]);
            if (alias) {
                sb_printf(&sb, "\nimport %s as ", own_names[k]);
                own_alias(&sb, k);
            }
        } else if (alias) {
            sb_printf(&sb, "import %s as ", own_names[k]);
            own_alias(&sb, k);
        } else if (i + 1 < s->text.len && t[i + 1] == '\n')
            i++; /* nothing, and no empty line */
    }
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

static void exec_line(strbuf_t *sb, const char *indent, const char *source, bool marked)
{
    sb_puts(sb, indent);
    sb_puts(sb, "exec(");
    literal_marked(sb, source, strlen(source), false, marked);
    sb_puts(sb, ")\n");
}

/* Notes the own names a marked statement names itself (an identifier
 * outside its literals, not after a dot: `gc = [1]`, `len(len)`, `del sys`),
 * and the marks it holds */
static void touched(pyscript_t *s, const char *src)
{
    for (const char *p = src; *p;) {
        if (*p == MARK_NAME && p[1]) {
            int k = p[1] - 'a';
            if (k >= 0 && k < OWN_N)
                s->used |= 1u << k;
            p += 2;
        } else if (*p == '\'' || *p == '"') {
            char q = *p++;
            while (*p && *p != q)
                p += *p == '\\' && p[1] ? 2 : 1;
            if (*p)
                p++;
        } else if (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            const char *b = p;
            while (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9'))
                p++;
            if (b > src && b[-1] == '.')
                continue;
            for (int k = 0; k < OWN_N; k++)
                if (strlen(own_names[k]) == (size_t)(p - b) && !memcmp(own_names[k], b, (size_t)(p - b)))
                    s->touched |= 1u << k;
        } else
            p++;
    }
}

/* What the statement needs defined before it, each once: imports, `_cb`.
 * marked: for a JSON operation's marked statement, whose module names may
 * be aliases: a module a source imported itself is imported again as its
 * alias when the session names the module */
static void definitions(pyscript_t *s, unsigned needs, bool marked)
{
    static const struct {
        unsigned need;
        int own;
    } defs[] = {
        {PYNEED_GC, OWN_GC}, {PYNEED_SYS, OWN_SYS}, {PYNEED_WEAKREF, OWN_WEAKREF}, {PYNEED_CALLBACK, OWN_CB}};
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        if (!(needs & defs[i].need))
            continue;
        char mark[3] = {0, (char)('a' + defs[i].own), 0};
        if (!(s->defined & defs[i].need)) {
            if (defs[i].own == OWN_CB) {
                sb_printf(&s->text, "def %c%c(wr):\n    pass\n", MARK_NAME, mark[1]);
                s->used |= 1u << OWN_CB;
            } else {
                mark[0] = s->bound & (1u << defs[i].own) ? MARK_REIMPORT : MARK_IMPORT;
                sb_puts(&s->text, mark);
                sb_putc(&s->text, '\n');
            }
            s->defined |= defs[i].need;
            s->mdefined |= defs[i].need;
        } else if (marked && !(s->mdefined & defs[i].need)) {
            mark[0] = MARK_REIMPORT;
            sb_puts(&s->text, mark);
            sb_putc(&s->text, '\n');
            s->mdefined |= defs[i].need;
        }
    }
}

void pyscript_imports(pyscript_t *s, unsigned needs)
{
    if (!s->full)
        definitions(s, needs & (PYNEED_GC | PYNEED_SYS | PYNEED_WEAKREF), true);
}

static void add(pyscript_t *s, const char *source, unsigned needs, const char *exc_type, const char *hide,
                bool marked, const char *unbind)
{
    if (s->full)
        return;
    if (s->text.len + strlen(source) * 4 + 256 > PYSCRIPT_MAX) {
        s->full = true;
        sb_puts(&s->text,
                "# ... the session ran more than this script keeps (8 MiB): the rest is left out\n");
        return;
    }
    if (marked)
        touched(s, source);
    definitions(s, needs, marked);
    if (needs & PYNEED_RESURRECTED) /* the engine made it: so does the script */
        sb_puts(&s->text, "_resurrected = []\n");
    if (!exc_type) {
        exec_line(&s->text, "", source, marked);
        return;
    }
    /* the builtins module's dict is where LOAD_NAME looks last: without the
     * name there, the statement raises its NameError as the session did,
     * after what it evaluated before, and no object is made for it */
    if (hide)
        sb_printf(&s->text,
                  "# a JSON reference path sees only the session's names (API.md): not the builtin '%s'\n"
                  "__heapd_builtin__ = vars(__builtins__).pop('%s')\n",
                  hide, hide);
    /* the same for a module's name the script bound (its `import gc`), which
     * the session's paths do not see (API.md: only the names it bound) */
    if (unbind)
        sb_printf(&s->text,
                  "# a JSON reference path sees only the session's names: not the script's import of '%s'\n"
                  "__heapd_hidden__ = globals().pop('%s', None)\n",
                  unbind, unbind);
    sb_puts(&s->text, "try:\n");
    exec_line(&s->text, "    ", source, marked);
    sb_printf(&s->text, "except %s:\n    pass\n", exc_type);
    if (hide)
        sb_printf(&s->text, "__builtins__.%s = __heapd_builtin__\ndel __heapd_builtin__\n", hide);
    if (unbind)
        sb_printf(&s->text,
                  "if __heapd_hidden__ is not None:\n    globals()['%s'] = __heapd_hidden__\ndel "
                  "__heapd_hidden__\n",
                  unbind);
}

void pyscript_add(pyscript_t *s, const char *source, unsigned needs, const char *exc_type, const char *hide)
{
    add(s, source, needs, exc_type, hide, false, NULL);
}

void pyscript_add_op(pyscript_t *s, const char *source, unsigned needs, const char *exc_type,
                     const char *hide, const char *unbound)
{
    /* a NameError of a module's name the script imported under it (gc, sys,
     * weakref), before or for this very statement (its needs: `sys.getrefcount(sys)`
     * imports sys first) */
    static const unsigned module_need[] = {
        [OWN_GC] = PYNEED_GC, [OWN_SYS] = PYNEED_SYS, [OWN_WEAKREF] = PYNEED_WEAKREF};
    const char *unbind = NULL;
    for (int k = OWN_GC; exc_type && unbound && k <= OWN_WEAKREF; k++)
        if (!strcmp(unbound, own_names[k]) && ((s->defined | needs) & module_need[k]))
            unbind = own_names[k];
    add(s, source, needs, exc_type, hide, true, unbind);
}
