/*
 * repr.c — repr() (list_repr, dict_repr, set_repr, object_repr, weakref_repr...).
 * Containers already being printed show as [...], {...}, (...) — Py_ReprEnter.
 */
#include "repr.h"

#include <stdio.h>
#include <stdlib.h>

#include "heap_internal.h"
#include "num.h"
#include "str.h"
#include "weakref.h"

#define MAX_REPR_DEPTH 200

typedef struct { obj_t *stack[MAX_REPR_DEPTH]; int n; } repr_ctx_t;

static void repr_rec(heap_t *h, obj_t *o, strbuf_t *sb, repr_ctx_t *ctx);

static bool enter(repr_ctx_t *ctx, obj_t *o)
{
    for (int i = 0; i < ctx->n; i++)
        if (ctx->stack[i] == o)
            return false;
    if (ctx->n == MAX_REPR_DEPTH)
        return false;
    ctx->stack[ctx->n++] = o;
    return true;
}

static void set_items(heap_t *h, obj_t *o, strbuf_t *sb, repr_ctx_t *ctx)
{
    bool first = true;
    for (size_t i = 0; i <= o->u.set.mask; i++) {
        obj_t *k = o->u.set.table[i].key;
        if (!k || k == SET_DUMMY)
            continue;
        if (!first)
            sb_puts(sb, ", ");
        first = false;
        repr_rec(h, k, sb, ctx);
    }
}

static void repr_rec(heap_t *h, obj_t *o, strbuf_t *sb, repr_ctx_t *ctx)
{
    switch ((kind_t)o->kind) {
    case K_NONE: sb_puts(sb, "None"); return;
    case K_BOOL: case K_INT: int_repr(o, sb); return;
    case K_FLOAT: float_repr(o->u.f, sb); return;
    case K_STR: str_repr(o, sb); return;
    case K_BYTES: bytes_repr(o, sb); return;
    case K_OBJECT: sb_printf(sb, "<object object at 0x%llx>", (unsigned long long)o->addr); return;
    case K_CLASS: sb_printf(sb, "<class '__main__.%s'>", o->u.cls->name); return;
    case K_INSTANCE:
        sb_printf(sb, "<__main__.%s object at 0x%llx>", o->u.inst.type->u.cls->name, (unsigned long long)o->addr);
        return;
    case K_WEAKREF: {
        obj_t *t = o->u.wr.referent;
        if (!t) {
            sb_printf(sb, "<weakref at 0x%llx; dead>", (unsigned long long)o->addr);
        } else if (t->kind == K_CLASS) {
            sb_printf(sb, "<weakref at 0x%llx; to 'type' at 0x%llx (%s)>", (unsigned long long)o->addr,
                      (unsigned long long)t->addr, t->u.cls->name);
        } else {
            const char *module = "";
            if (h->prof->weakref_repr_module && t->kind == K_WEAKCONT)
                module = t->u.wc.wkind == WC_SET ? "_weakrefset." : "weakref.";
            sb_printf(sb, "<weakref at 0x%llx; to '%s%s' at 0x%llx>", (unsigned long long)o->addr, module,
                      obj_type_name(t), (unsigned long long)t->addr);
        }
        return;
    }
    case K_WEAKCONT:
        if (o->u.wc.wkind == WC_SET)
            repr_rec(h, o->u.wc.data, sb, ctx); /* WeakSet.__repr__ is repr(self.data) */
        else
            sb_printf(sb, "<%s at 0x%llx>", weakcont_type_name(o), (unsigned long long)o->addr);
        return;
    default:
        break;
    }
    /* containers */
    if (o->kind == K_TUPLE && o->u.seq.len == 0) { sb_puts(sb, "()"); return; }
    if (o->kind == K_SET && o->u.set.used == 0) { sb_puts(sb, "set()"); return; }
    if (o->kind == K_FROZENSET && o->u.set.used == 0) { sb_puts(sb, "frozenset()"); return; }
    if (o->kind == K_LIST && o->u.seq.len == 0) { sb_puts(sb, "[]"); return; }
    if (o->kind == K_DICT && o->u.d.used == 0) { sb_puts(sb, "{}"); return; }
    if (!enter(ctx, o)) {
        sb_puts(sb, o->kind == K_LIST ? "[...]" : o->kind == K_TUPLE ? "(...)"
                    : o->kind == K_DICT ? "{...}" : o->kind == K_SET ? "set(...)" : "frozenset(...)");
        return;
    }
    switch ((kind_t)o->kind) {
    case K_TUPLE: case K_LIST:
        sb_putc(sb, o->kind == K_LIST ? '[' : '(');
        for (size_t i = 0; i < o->u.seq.len; i++) {
            if (i)
                sb_puts(sb, ", ");
            repr_rec(h, o->u.seq.items[i], sb, ctx);
        }
        if (o->kind == K_TUPLE && o->u.seq.len == 1)
            sb_putc(sb, ',');
        sb_putc(sb, o->kind == K_LIST ? ']' : ')');
        break;
    case K_DICT: {
        bool first = true;
        sb_putc(sb, '{');
        for (size_t i = 0; i < o->u.d.nentries; i++) {
            dict_entry_t *e = &o->u.d.entries[i];
            if (!e->key)
                continue;
            if (!first)
                sb_puts(sb, ", ");
            first = false;
            repr_rec(h, e->key, sb, ctx);
            sb_puts(sb, ": ");
            repr_rec(h, e->value, sb, ctx);
        }
        sb_putc(sb, '}');
        break;
    }
    case K_SET:
        sb_putc(sb, '{');
        set_items(h, o, sb, ctx);
        sb_putc(sb, '}');
        break;
    case K_FROZENSET:
        sb_puts(sb, "frozenset({");
        set_items(h, o, sb, ctx);
        sb_puts(sb, "})");
        break;
    default:
        break;
    }
    ctx->n--;
}

void obj_repr(heap_t *h, obj_t *o, strbuf_t *sb)
{
    repr_ctx_t ctx;
    ctx.n = 0;
    repr_rec(h, o, sb, &ctx);
}

char *obj_repr_str(heap_t *h, obj_t *o)
{
    strbuf_t sb;
    sb_init(&sb);
    obj_repr(h, o, &sb);
    return sb_take(&sb);
}
