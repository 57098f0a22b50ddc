/*
 * api.h — the JSON REST layer: method, path, query and body in; status,
 * headers and body out. No sockets: the server and the tests call
 * api_handle() directly.
 */
#ifndef HEAPD_API_H
#define HEAPD_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct api api_t;

typedef struct {
    size_t max_sessions;        /* 0: unlimited */
    size_t max_client_sessions; /* live sessions one client address may hold; 0: unlimited */
    double session_ttl;         /* seconds of idleness before eviction */
    size_t max_objects;         /* per session */
    size_t max_bytes;           /* per session: sum of sys.getsizeof */
    size_t max_memory;          /* all sessions together: what they cost (heap_billed_bytes);
                                   past it new work answers 503; 0: unlimited */
    size_t max_body;            /* request body bytes */
    size_t max_batch;           /* operations per batch */
    size_t max_events;          /* events kept per session */
    size_t max_work;            /* work units one request may spend (heap_set_budget) */
    size_t max_repr;            /* bytes of a descriptor's repr before it is cut */
    size_t max_page;            /* objects per page of GET .../objects and .../graph */
    const char *cors_origin;    /* Access-Control-Allow-Origin */
} api_config_t;

typedef struct {
    int status;
    char *body; /* malloc'd, NUL-terminated */
    size_t body_len;
    const char *content_type;
    char allow[64];  /* the Allow header of a 405, else empty */
    int retry_after; /* seconds for a Retry-After header (429, 503), 0: none */
    bool preflight;  /* the answer to an OPTIONS request (set by the server, whatever the status):
                        it carries the preflight's CORS headers */
} api_response_t;

/* One request as the server received it. */
typedef struct {
    const char *method, *path;
    const char *query; /* the raw query string (after '?'), "" when none */
    const char *body;
    size_t body_len;
    const char *client;       /* the peer's address, for per-client limits; NULL: none */
    bool may_defer;           /* the caller can retry later: a request to a session busy with
                                 another one answers API_DEFER at once instead of waiting */
    const char *content_type; /* the Content-Type header, or NULL */
    bool inline_only;         /* the caller's thread must not be held long (the server's polling
                                 thread): only JSON operations with a body of at most
                                 API_INLINE_BODY bytes, whose statements are bounded
                                 (heap_stmt_bounded) on a heap of at most API_INLINE_OBJECTS
                                 objects, run; anything else answers API_DEFER having done
                                 nothing (with may_defer) */
} api_request_t;

/* api_response_t.status of a request that found its session busy (only with
 * may_defer): nothing was done; serve it again later. */
#define API_DEFER 0
#define API_INLINE_BODY (16 << 10)
#define API_INLINE_OBJECTS 2048

void api_config_defaults(api_config_t *cfg);
api_t *api_new(const api_config_t *cfg);
void api_free(api_t *api);

/* Handles one request; fills resp (free it with api_response_free). */
void api_serve(api_t *api, const api_request_t *req, api_response_t *resp);
/* The same without a client address (tests, fuzzers). */
void api_handle(api_t *api, const char *method, const char *path, const char *query, const char *body,
                size_t body_len, api_response_t *resp);
void api_response_free(api_response_t *resp);
/* The CORS headers an answer carries (name, value pairs, NULL-ended): every
 * answer Access-Control-Allow-Origin; a preflight's (an OPTIONS request's)
 * also the methods, the request headers allowed and how long a browser may
 * keep them (browsers read those three from preflights only: the Fetch
 * standard's CORS-preflight fetch). */
const char *const *api_cors_headers(const api_t *api, bool preflight);
/* The Access-Control-Allow-Origin of an answer to a request whose Origin
 * header is `origin` (NULL: none): --cors-origin itself (`*` by default),
 * or, when it lists several origins (comma-separated), the request's own
 * origin if listed and else none (NULL: the browser refuses the answer);
 * *vary then says the answer depends on the Origin (Vary: Origin, for
 * caches). The first pair of api_cors_headers() is what this replaces. */
const char *api_cors_origin(const api_t *api, const char *origin, bool *vary);
/* Evicts sessions idle past the TTL; returns how many. */
size_t api_sweep(api_t *api);
/* The server holds an answer of `bytes` body bytes until its client has
 * read it (held true), or no more (held false): what is held counts toward
 * max_memory, so that clients reading slowly or not at all cannot pile
 * answers up past it (new work, then reads, answer 503). */
void api_answer_held(api_t *api, size_t bytes, bool held);
/* The server buffers request bodies as they arrive: before a buffer grows
 * by `bytes` it asks here, and is refused (false) when the sessions, the
 * answers held and the bodies buffered would pass max_memory with them (the
 * request then drops its body and answers api_overloaded()); it gives the
 * bytes back (api_body_release()) when the request is done. */
bool api_body_reserve(api_t *api, size_t bytes);
void api_body_release(api_t *api, size_t bytes);
/* The 503 of the memory cap (limit "memory", Retry-After), for a request
 * whose body did not fit under it. */
void api_overloaded(api_response_t *resp);
/* Records a finished request for /metrics (the server measures duration). */
void api_observe(api_t *api, int status, double seconds);
/* Records, for /metrics, a request that waited for its busy session until a
 * timer sent it back to the queue rather than the end of a request of that
 * session (the server's worker pool). */
void api_wait_timeout(api_t *api);

#endif
