/*
 * config.c — flags and environment variables (flags win).
 *
 * One table names every setting once: its flag, its variable, where it is
 * stored, what kind of value it takes and the range that value must fall
 * in. A value outside its range stops the server with a message naming the
 * flag (or variable) and the range (exit 2): a silently truncated port or a
 * zero timeout is worse than not starting.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Value kinds: 'i' int and 'z' size_t take decimal digits only, lo <= x <= hi;
 * 'd' double seconds in decimal digits with an optional fraction ("10",
 * "1.5"), lo < x <= hi (a timeout of 0 would mean none);
 * 's' a string of printable ASCII (it ends up in a header: no CR/LF);
 * 'h' an IPv4 address in dotted form. */
typedef struct {
    const char *flag, *env;
    char kind;
    size_t offset; /* of the target field in srv_config_t */
    double lo, hi; /* exact for every integer bound used (all < 2^53) */
    const char *help;
} option_t;

#define AT(field) offsetof(srv_config_t, field)
#define JSON_SAFE 9007199254740991.0 /* 2^53 - 1: limits are echoed in JSON to browsers */

static const option_t options[] = {
    {"--host", "HEAPD_HOST", 'h', AT(host), 0, 0, "IPv4 address to bind"},
    {"--port", "HEAPD_PORT", 'i', AT(port), 1, 65535, "TCP port"},
    {"--threads", "HEAPD_THREADS", 'i', AT(threads), 1, 256,
     "libmicrohttpd polling threads (connections and I/O)"},
    {"--workers", "HEAPD_WORKERS", 'i', AT(workers), 1, 256,
     "threads that run requests (default: the number of CPUs)"},
    {"--max-connections", "HEAPD_MAX_CONNECTIONS", 'z', AT(max_connections), 1, 1000000,
     "open connections, all clients together"},
    {"--max-conns-per-client", "HEAPD_MAX_CONNS_PER_CLIENT", 'z', AT(max_conns_per_client), 0, 1000000,
     "open connections from one client address, 0: no cap"},
    {"--header-timeout", "HEAPD_HEADER_TIMEOUT", 'd', AT(header_timeout), 0, 3600,
     "seconds to receive a request's headers, from connect or the previous answer"},
    {"--body-timeout", "HEAPD_BODY_TIMEOUT", 'd', AT(body_timeout), 0, 86400,
     "seconds to receive a request's body, from its headers"},
    {"--conn-timeout", "HEAPD_CONN_TIMEOUT", 'i', AT(conn_timeout), 1, 86400,
     "seconds before an idle connection is closed"},
    {"--max-uri", "HEAPD_MAX_URI", 'z', AT(max_uri), 256, 65536,
     "request-target bytes, path and query; more answer 414"},
    {"--max-sessions", "HEAPD_MAX_SESSIONS", 'z', AT(api.max_sessions), 0, 1000000,
     "live sessions, 0: no cap"},
    {"--session-ttl", "HEAPD_SESSION_TTL", 'd', AT(api.session_ttl), 0, 31536000,
     "seconds an idle session lives"},
    {"--max-objects", "HEAPD_MAX_OBJECTS", 'z', AT(api.max_objects), 1, 1000000000,
     "live objects per session"},
    {"--max-bytes", "HEAPD_MAX_BYTES", 'z', AT(api.max_bytes), 1, JSON_SAFE,
     "bytes (sum of getsizeof) per session"},
    {"--max-body", "HEAPD_MAX_BODY", 'z', AT(api.max_body), 1, 1 << 30,
     "request body bytes; more answer 413"},
    {"--max-batch", "HEAPD_MAX_BATCH", 'z', AT(api.max_batch), 1, 1000000, "operations per batch"},
    {"--max-client-sessions", "HEAPD_MAX_CLIENT_SESSIONS", 'z', AT(api.max_client_sessions), 0, 1000000,
     "live sessions one client address may hold, 0: no cap"},
    {"--max-memory", "HEAPD_MAX_MEMORY", 'z', AT(api.max_memory), 0, JSON_SAFE,
     "bytes all sessions, the answers not read yet and the bodies being received may cost together; past it "
     "new work answers 503 "
     "(default: half the RAM, at most 8 GiB), 0: no cap"},
    {"--max-work", "HEAPD_MAX_WORK", 'z', AT(api.max_work), 1000, JSON_SAFE,
     "work units one request may spend (about 10 ns each); past it 422 budget"},
    {"--max-repr", "HEAPD_MAX_REPR", 'z', AT(api.max_repr), 16, 1 << 24,
     "bytes of a descriptor's repr before it is cut"},
    {"--max-page", "HEAPD_MAX_PAGE", 'z', AT(api.max_page), 1, 1000000,
     "objects per page of GET .../objects and .../graph"},
    {"--cors-origin", "HEAPD_CORS_ORIGIN", 's', AT(api.cors_origin), 0, 0, "Access-Control-Allow-Origin"},
};

#define N_OPTIONS (sizeof options / sizeof options[0])

static void defaults(srv_config_t *c)
{
    memset(c, 0, sizeof *c);
    c->host = "127.0.0.1";
    c->port = 8080;
    c->threads = 4;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    c->workers = cpus > 0 ? (int)(cpus < 256 ? cpus : 256) : 2;
    c->max_connections = 1024;
    c->max_conns_per_client = 32;
    c->header_timeout = 10;
    c->body_timeout = 30;
    c->conn_timeout = 15;
    c->max_uri = 8192;
    api_config_defaults(&c->api);
}

/* Parses decimal digits only: no sign, no spaces, no hex, no empty string
 * (strtoull alone accepts " -1" and wraps it). Returns 0 or -1. */
static int parse_digits(const char *v, unsigned long long *out)
{
    if (!*v || strspn(v, "0123456789") != strlen(v))
        return -1;
    errno = 0;
    *out = strtoull(v, NULL, 10);
    return errno ? -1 : 0;
}

/* Parses seconds as README documents them: decimal digits, optionally a '.'
 * and more digits. strtod() alone also takes hex ("0x10"), exponents, "inf",
 * "nan", a sign and leading spaces. Returns 0 or -1. */
static int parse_seconds(const char *v, double *out)
{
    size_t whole = strspn(v, "0123456789");
    if (!whole)
        return -1;
    if (v[whole] == '.') {
        size_t frac = strspn(v + whole + 1, "0123456789");
        if (!frac || v[whole + 1 + frac])
            return -1;
    } else if (v[whole]) {
        return -1;
    }
    errno = 0;
    *out = strtod(v, NULL);
    return errno || !isfinite(*out) ? -1 : 0;
}

static int printable(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p > 0x7e)
            return 0;
    return 1;
}

/* Checks v against o's kind and range and stores it; `name` is the flag or
 * the variable it came from, for the message. Returns 0 or -1. */
static int set(srv_config_t *c, const option_t *o, const char *name, const char *v)
{
    void *t = (char *)c + o->offset;
    switch (o->kind) {
    case 'i':
    case 'z': {
        unsigned long long x;
        if (parse_digits(v, &x) || x < (unsigned long long)o->lo || x > (unsigned long long)o->hi) {
            fprintf(stderr, "heapd: %s must be an integer from %.0f to %.0f, got '%s'\n", name, o->lo, o->hi,
                    v);
            return -1;
        }
        if (o->kind == 'i')
            *(int *)t = (int)x;
        else
            *(size_t *)t = (size_t)x;
        return 0;
    }
    case 'd': {
        double x;
        if (parse_seconds(v, &x) || x <= o->lo || x > o->hi) {
            fprintf(stderr,
                    "heapd: %s must be a decimal number of seconds (such as 10 or 1.5) above 0 and at most "
                    "%.0f, got '%s'\n",
                    name, o->hi, v);
            return -1;
        }
        *(double *)t = x;
        return 0;
    }
    case 's':
        if (!*v || !printable(v)) {
            fprintf(stderr, "heapd: %s must be non-empty printable ASCII (it is sent as a header)\n", name);
            return -1;
        }
        *(const char **)t = v;
        return 0;
    case 'h': {
        struct in_addr a;
        if (inet_pton(AF_INET, v, &a) != 1) {
            fprintf(stderr, "heapd: %s must be an IPv4 address such as 127.0.0.1, got '%s'\n", name, v);
            return -1;
        }
        *(const char **)t = v;
        return 0;
    }
    }
    return -1;
}

/* Prints a value of o's kind as stored in c (the defaults, for --help). */
static void print_value(const srv_config_t *c, const option_t *o, char *buf, size_t size)
{
    const void *t = (const char *)c + o->offset;
    switch (o->kind) {
    case 'i': snprintf(buf, size, "%d", *(const int *)t); break;
    case 'z': snprintf(buf, size, "%zu", *(const size_t *)t); break;
    case 'd': snprintf(buf, size, "%g", *(const double *)t); break;
    default: snprintf(buf, size, "%s", *(const char *const *)t); break;
    }
}

static void usage(void)
{
    srv_config_t d;
    defaults(&d);
    printf("usage: heapd [options]\n\nEach option can also be set by its environment variable.\n\n");
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const option_t *o = &options[i];
        char def[64], range[64] = "";
        print_value(&d, o, def, sizeof def);
        if (o->kind == 'i' || o->kind == 'z')
            snprintf(range, sizeof range, "; %.0f to %.0f", o->lo, o->hi);
        else if (o->kind == 'd')
            snprintf(range, sizeof range, "; above 0, at most %.0f", o->hi);
        printf("  %-24s %-28s %s (default %s%s)\n", o->flag, o->env, o->help, def, range);
    }
}

int srv_config_load(srv_config_t *cfg, int argc, char **argv)
{
    defaults(cfg);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const char *v = getenv(options[i].env);
        if (v && set(cfg, &options[i], options[i].env, v))
            return -1;
    }
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
            usage();
            return 1;
        }
        const option_t *o = NULL;
        const char *val = NULL;
        for (size_t i = 0; i < N_OPTIONS && !o; i++) {
            size_t fl = strlen(options[i].flag);
            if (!strncmp(argv[a], options[i].flag, fl) && (argv[a][fl] == 0 || argv[a][fl] == '=')) {
                o = &options[i];
                val = argv[a][fl] == '=' ? argv[a] + fl + 1 : (a + 1 < argc ? argv[++a] : NULL);
            }
        }
        if (!o || !val) {
            fprintf(stderr, "heapd: unknown option or missing value: %s (see --help)\n", argv[a]);
            return -1;
        }
        if (set(cfg, o, o->flag, val))
            return -1;
    }
    if (cfg->max_connections < (size_t)cfg->threads) {
        /* libmicrohttpd splits the connection limit between its threads */
        fprintf(stderr, "heapd: --max-connections (%zu) must be at least --threads (%d)\n",
                cfg->max_connections, cfg->threads);
        return -1;
    }
    return 0;
}
