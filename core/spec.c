#include "spec.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>

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
    free(s->text);
    free(s->bytes);
    free((char *)s->ref.path);
    free(s);
}

size_t spec_count(const spec_t *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->nitems; i++)
        n += spec_count(s->items[i]);
    return n;
}
