/*
 * config.h — heapd's settings: flags, each also an environment variable.
 */
#ifndef HEAPD_CONFIG_H
#define HEAPD_CONFIG_H

#include "api.h"

typedef struct {
    const char *host; /* IPv4 address to bind */
    int port;
    int threads;
    int workers;                 /* threads that run requests (srv_pool.h) */
    int conn_timeout;            /* seconds a connection may stay idle (no bytes either way) */
    double header_timeout;       /* seconds from a connection's start, or from its previous answer, to
                                  * complete request headers: trickling bytes does not extend it */
    double body_timeout;         /* seconds from complete headers to the complete body */
    size_t max_connections;      /* open connections, all clients together */
    size_t max_conns_per_client; /* open connections from one client address, 0: no cap */
    size_t max_uri;              /* request-target bytes (path and query); more answer 414 */
    api_config_t api;
} srv_config_t;

/* Fills cfg from defaults, the environment, then argv; every value is
 * checked against its range. Returns 0, or 1 when --help was printed, or -1
 * with a message on stderr (the caller exits 2). cfg's strings point into
 * argv or the environment. */
int srv_config_load(srv_config_t *cfg, int argc, char **argv);

#endif
