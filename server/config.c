/*
 * config.c — flags and environment variables (flags win).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *flag, *env, *help;
    char kind; /* s string, i int, d double, z size */
    size_t offset_kind; /* index into the table of targets */
} option_t;

static const option_t options[] = {
    {"--host", "HEAPD_HOST", "address to bind (default 127.0.0.1)", 's', 0},
    {"--port", "HEAPD_PORT", "TCP port (default 8080)", 'i', 1},
    {"--threads", "HEAPD_THREADS", "worker threads (default 4)", 'i', 2},
    {"--max-sessions", "HEAPD_MAX_SESSIONS", "live sessions at most (default 1000)", 'z', 3},
    {"--session-ttl", "HEAPD_SESSION_TTL", "seconds an idle session lives (default 3600)", 'd', 4},
    {"--max-objects", "HEAPD_MAX_OBJECTS", "live objects per session (default 1000000)", 'z', 5},
    {"--max-body", "HEAPD_MAX_BODY", "request body bytes (default 1048576)", 'z', 6},
    {"--cors-origin", "HEAPD_CORS_ORIGIN", "Access-Control-Allow-Origin (default *)", 's', 7},
    {"--max-batch", "HEAPD_MAX_BATCH", "operations per batch (default 1000)", 'z', 8},
    {"--max-bytes", "HEAPD_MAX_BYTES", "bytes (sum of getsizeof) per session (default 268435456)", 'z', 9},
    {"--conn-timeout", "HEAPD_CONN_TIMEOUT", "seconds before an idle connection is closed (default 15)", 'i', 10},
};

static void *target(srv_config_t *c, size_t i)
{
    void *t[] = {&c->host, &c->port, &c->threads, &c->api.max_sessions, &c->api.session_ttl,
                 &c->api.max_objects, &c->api.max_body, &c->api.cors_origin, &c->api.max_batch,
                 &c->api.max_bytes, &c->conn_timeout};
    return t[i];
}

static int set(srv_config_t *c, const option_t *o, const char *v)
{
    char *end;
    void *t = target(c, o->offset_kind);
    switch (o->kind) {
    case 's': *(const char **)t = v; return 0;
    case 'i': {
        long x = strtol(v, &end, 10);
        if (*end || x < 0 || x > 1000000)
            break;
        *(int *)t = (int)x;
        return 0;
    }
    case 'z': {
        unsigned long long x = strtoull(v, &end, 10);
        if (*end || *v == '-')
            break;
        *(size_t *)t = (size_t)x;
        return 0;
    }
    case 'd': {
        double x = strtod(v, &end);
        if (*end || x <= 0)
            break;
        *(double *)t = x;
        return 0;
    }
    }
    fprintf(stderr, "heapd: bad value '%s' for %s\n", v, o->flag);
    return -1;
}

static void usage(void)
{
    printf("usage: heapd [options]\n\nEach option can also be set by its environment variable.\n\n");
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        printf("  %-16s %-20s %s\n", options[i].flag, options[i].env, options[i].help);
}

int srv_config_load(srv_config_t *cfg, int argc, char **argv)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->host = "127.0.0.1";
    cfg->port = 8080;
    cfg->threads = 4;
    cfg->conn_timeout = 15;
    cfg->max_connections = 1024;
    api_config_defaults(&cfg->api);
    size_t n = sizeof options / sizeof options[0];
    for (size_t i = 0; i < n; i++) {
        const char *v = getenv(options[i].env);
        if (v && set(cfg, &options[i], v))
            return -1;
    }
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
            usage();
            return 1;
        }
        const option_t *o = NULL;
        const char *val = NULL;
        for (size_t i = 0; i < n; i++) {
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
        if (set(cfg, o, val))
            return -1;
    }
    if (cfg->threads < 1)
        cfg->threads = 1;
    return 0;
}
