#include "spec.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const spec_weakcont_names[WC_N] = {
    [WC_VALUEDICT] = "WeakValueDictionary", [WC_KEYDICT] = "WeakKeyDictionary", [WC_SET] = "WeakSet"};

spec_t *spec_new(spec_kind_t kind)
{
    spec_t *s = xcalloc(1, sizeof *s);
    if (s)
        s->form = kind;
    return s;
}

bool spec_append(spec_t *s, spec_t *item)
{
    if (s->nitems == s->capitems) {
        s->capitems = s->capitems ? s->capitems * 2 : 4;
        s->items = xrealloc(s->items, s->capitems * sizeof *s->items);
    }
    s->items[s->nitems++] = item;
    return true;
}

void spec_free(spec_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nitems; i++)
        spec_free(s->items[i]);
    free(s->items);
    if (s->operands) {
        spec_free(s->operands[0]);
        spec_free(s->operands[1]);
        free(s->operands);
    }
    free(s->text);
    free(s->bytes);
    free((char *)s->ref.path);
    free(s);
}

bool spec_hashes_ref(const spec_t *s, bool hashed)
{
    if (!s)
        return false;
    if (s->form == SP_REF || s->form == SP_KEPT)
        return hashed;
    bool members = hashed || s->form == SP_SET || s->form == SP_FROZENSET;
    for (size_t i = 0; i < s->nitems; i++)
        if (spec_hashes_ref(s->items[i], members || (s->form == SP_DICT && i % 2 == 0)))
            return true;
    return false;
}

spec_t *spec_copy(const spec_t *s)
{
    if (!s)
        return NULL;
    spec_t *d = xcalloc(1, sizeof *d);
    *d = *s;
    d->items = NULL;
    d->nitems = d->capitems = 0;
    if (s->text) {
        size_t n = s->form == SP_STR ? s->len : strlen(s->text);
        d->text = xmalloc(n + 1);
        memcpy(d->text, s->text, n + 1);
    }
    if (s->bytes) {
        d->bytes = xmalloc(s->len + 1);
        memcpy(d->bytes, s->bytes, s->len);
    }
    if (s->ref.path)
        d->ref.path = xstrdup(s->ref.path);
    for (size_t i = 0; i < s->nitems; i++)
        spec_append(d, spec_copy(s->items[i]));
    if (s->operands) {
        d->operands = xcalloc(2, sizeof *d->operands);
        d->operands[0] = spec_copy(s->operands[0]);
        d->operands[1] = spec_copy(s->operands[1]);
    }
    return d;
}

size_t spec_count(const spec_t *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->nitems; i++)
        n += spec_count(s->items[i]);
    for (int k = 0; s->operands && k < 2; k++)
        n += s->operands[k] ? spec_count(s->operands[k]) : 0;
    return n;
}

bool spec_is_scalar(const spec_t *s)
{
    switch (s->form) {
    case SP_NONE:
    case SP_BOOL:
    case SP_INT:
    case SP_BIGINT:
    case SP_FLOAT:
    case SP_STR:
    case SP_BYTES: return true;
    default: return false;
    }
}

/* A constant expression: a scalar, or a tuple display of constants (folded). */
bool spec_is_const(const spec_t *s)
{
    if (spec_is_scalar(s))
        return true;
    if (s->form != SP_TUPLE || s->nitems == 0)
        return s->form == SP_TUPLE; /* () is the shared empty tuple */
    for (size_t i = 0; i < s->nitems; i++)
        if (!spec_is_const(s->items[i]))
            return false;
    return true;
}

bool spec_items_const(const spec_t *s)
{
    for (size_t i = 0; i < s->nitems; i++)
        if (!spec_is_const(s->items[i]))
            return false;
    return true;
}

/* ast_opt.c's fold_iter(), for the right operand of `in` and `not in`
 * (fold_compare()): a list display becomes a tuple display (a constant
 * tuple when its items are constants), a set display of constants a
 * frozenset constant. */
void spec_fold_iter(spec_t *s)
{
    if (s->form == SP_LIST)
        s->form = SP_TUPLE;
    else if (s->form == SP_SET && s->nitems && spec_items_const(s))
        s->folded = true;
}
