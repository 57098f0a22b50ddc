/*
 * query.c — query strings (see query.h).
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes %XX and '+' in place; false on a bad escape or a NUL. */
static bool decode(char *s)
{
    char *out = s;
    for (char *p = s; *p; p++) {
        if (*p == '+') {
            *out++ = ' ';
        } else if (*p == '%') {
            int a = hexval(p[1]), b = a >= 0 ? hexval(p[2]) : -1;
            if (b < 0 || (a == 0 && b == 0))
                return false;
            *out++ = (char)(a * 16 + b);
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = 0;
    return true;
}

bool query_parse(query_t *q, const char *raw, const char *const *allowed, char *why, size_t whylen)
{
    memset(q, 0, sizeof *q);
    if (!raw || !*raw)
        return true;
    q->storage = xstrdup(raw);
    char *save = NULL;
    for (char *part = strtok_r(q->storage, "&", &save); part; part = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(part, '=');
        char *value = eq ? eq + 1 : part + strlen(part);
        if (eq)
            *eq = 0;
        if (!decode(part) || !decode(value)) {
            snprintf(why, whylen, "malformed query string");
            return false;
        }
        bool known = false;
        for (int i = 0; allowed[i]; i++)
            known |= strcmp(allowed[i], part) == 0;
        if (!known) {
            snprintf(why, whylen, "unknown query parameter '%.60s'", part);
            return false;
        }
        if (query_get(q, part)) {
            snprintf(why, whylen, "query parameter '%.60s' given twice", part);
            return false;
        }
        if (q->n == QUERY_MAX_PARAMS) {
            snprintf(why, whylen, "too many query parameters");
            return false;
        }
        q->key[q->n] = part;
        q->value[q->n++] = value;
    }
    return true;
}

void query_free(query_t *q)
{
    free(q->storage);
    memset(q, 0, sizeof *q);
}

const char *query_get(const query_t *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->key[i], key) == 0)
            return q->value[i];
    return NULL;
}

bool query_u64(const query_t *q, const char *key, uint64_t min, uint64_t max, uint64_t dflt, uint64_t *out,
               char *why, size_t whylen)
{
    const char *v = query_get(q, key);
    if (!v) {
        *out = dflt;
        return true;
    }
    uint64_t x = 0;
    bool ok = *v && strlen(v) <= 20;
    for (const char *p = v; ok && *p; p++) {
        if (*p < '0' || *p > '9' || x > (UINT64_MAX - 9) / 10)
            ok = false;
        else
            x = x * 10 + (uint64_t)(*p - '0');
    }
    if (!ok || x < min || x > max) {
        snprintf(why, whylen, "query parameter '%s' must be an integer from %llu to %llu", key,
                 (unsigned long long)min, (unsigned long long)max);
        return false;
    }
    *out = x;
    return true;
}
