#include "exc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

status_t exc_set(exc_t *exc, status_t st, const char *type, const char *fmt, ...)
{
    va_list ap;
    exc->status = st;
    exc->long_text = 0;
    snprintf(exc->type, sizeof exc->type, "%s", type ? type : "");
    va_start(ap, fmt);
    vsnprintf(exc->message, sizeof exc->message, fmt, ap);
    va_end(ap);
    return st;
}
