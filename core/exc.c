#include "exc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_internal.h"

status_t exc_set(exc_t *exc, status_t st, const char *type, const char *fmt, ...)
{
    va_list ap;
    exc->status = st;
    exc->long_text = 0;
    exc->hidden_builtin[0] = 0;
    snprintf(exc->type, sizeof exc->type, "%s", type ? type : "");
    va_start(ap, fmt);
    vsnprintf(exc->message, sizeof exc->message, fmt, ap);
    va_end(ap);
    return st;
}

/* The heap's whole exception messages (heap.h): here, in the runtime layer,
 * because types raise them (dict.c's KeyError) */
void heap_exc_long(heap_t *h, const char *type, const char *text)
{
    exc_set(h->exc, ST_PYEXC, type, "%s", text);
    if (strlen(text) < sizeof h->exc->message)
        return;
    char **texts = realloc(h->exc_texts, (h->n_exc_texts + 1) * sizeof *texts);
    char *copy = strdup(text);
    if (!texts || !copy) { /* out of memory: the message stays cut */
        free(copy);
        if (texts)
            h->exc_texts = texts;
        return;
    }
    h->exc_texts = texts;
    texts[h->n_exc_texts++] = copy;
    h->exc->long_text = (unsigned)h->n_exc_texts;
}

const char *heap_exc_message(const heap_t *h, const exc_t *exc)
{
    if (exc->long_text && exc->long_text <= h->n_exc_texts)
        return h->exc_texts[exc->long_text - 1];
    return exc->message;
}

void heap_exc_texts_clear(heap_t *h)
{
    for (size_t i = 0; i < h->n_exc_texts; i++)
        free(h->exc_texts[i]);
    free(h->exc_texts);
    h->exc_texts = NULL;
    h->n_exc_texts = 0;
}
