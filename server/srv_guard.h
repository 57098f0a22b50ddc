/*
 * srv_guard.h — deadlines and connection caps, enforced by heapd itself.
 *
 * libmicrohttpd's connection timeout is an idle timeout: a client that sends
 * one byte now and then (slowloris) resets it forever. The guard gives each
 * connection a deadline for the phase it is in, counted from the phase's
 * start and never extended by traffic:
 *   - headers: from accept, or from the previous answer on a keep-alive
 *     connection, until the request headers are complete (--header-timeout);
 *   - body: from complete headers until the body is complete (--body-timeout);
 *   - working, then sending the answer: no deadline (the idle timeout still
 *     applies to a client that stops reading).
 *
 * It also caps connections, per client address (--max-conns-per-client) and
 * in all (--max-connections), by making room rather than refusing: a new
 * connection over a cap closes another one (of the same address for the
 * per-client cap): the one waiting longest for its client to complete a
 * request (headers and body), else the one sending an answer longest; never
 * one the server is working on, and the new one only when there is no
 * other. A client that holds sockets open without completing requests
 * thus only ever displaces its own slow sockets, while a request that
 * arrives whole, even from the same address, gets through: refusing at the cap
 * (libmicrohttpd's MHD_OPTION_PER_IP_CONNECTION_LIMIT) would let 32 idle
 * sockets lock every other client behind the same address out.
 *
 * Closing is shutdown() of the socket; libmicrohttpd then sees it closed and
 * cleans the connection up in its own thread as for a client that hung up.
 *
 * Threads: open/close and the phase changes run in libmicrohttpd's threads,
 * the sweep in the main thread. Records are unlinked before libmicrohttpd
 * closes the descriptor (MHD_CONNECTION_NOTIFY_CLOSED runs first), and every
 * shutdown() happens under the same lock, so none ever hits a descriptor
 * number already reused by another connection.
 */
#ifndef HEAPD_SRV_GUARD_H
#define HEAPD_SRV_GUARD_H

#include <stddef.h>
#include <sys/socket.h>

typedef struct srv_conn srv_conn_t;

/* Sets the deadlines (seconds, > 0) and the caps (max_per_client 0: none).
 * Call before the first open. */
void srv_guard_init(double header_timeout, double body_timeout, size_t max_conns, size_t max_per_client);

/* Starts guarding a new connection (in the headers phase) and enforces the
 * caps, which may close another connection or this one. addr may be NULL.
 * Returns NULL when out of memory: the caller should close the connection,
 * since an unguarded one has no deadline. Free with srv_guard_close. */
srv_conn_t *srv_guard_open(int fd, const struct sockaddr *addr);
/* Stops guarding; call before the descriptor is closed. NULL is ignored. */
void srv_guard_close(srv_conn_t *conn);

/* Phase changes (NULL is ignored): the headers of a new request are awaited;
 * they are complete and the body is awaited; the body is complete and the
 * server works on the answer; the answer is queued and being sent. */
void srv_guard_wait_headers(srv_conn_t *conn);
void srv_guard_wait_body(srv_conn_t *conn);
void srv_guard_working(srv_conn_t *conn);
void srv_guard_sending(srv_conn_t *conn);

/* Why the guard closed a connection. */
enum srv_guard_reason { SRV_GUARD_OPEN = 0, SRV_GUARD_DEADLINE = 1, SRV_GUARD_ROOM = 2 };
/* Whether, and why, the guard closed this connection. */
int srv_guard_closed(const srv_conn_t *conn);
/* The peer's address as text ("-" when unknown); lives as long as conn. */
const char *srv_guard_client(const srv_conn_t *conn);

/* Shuts down every connection past its deadline; returns how many. */
size_t srv_guard_sweep(void);
/* Connections closed so far for a missed deadline, and to make room. */
void srv_guard_counts(size_t *deadline, size_t *room);

#endif
