/*
 * config.h — heapd's settings: flags, each also an environment variable.
 */
#ifndef HEAPD_CONFIG_H
#define HEAPD_CONFIG_H

#include "api.h"

typedef struct {
    const char *host;
    int port;
    int threads;
    int conn_timeout; /* seconds an idle connection may stay */
    int max_connections;
    api_config_t api;
} srv_config_t;

/* Fills cfg from defaults, the environment, then argv. Returns 0, or 1 when
 * --help was printed, or -1 with a message on stderr. */
int srv_config_load(srv_config_t *cfg, int argc, char **argv);

#endif
