/*
 * srv_log.h — heapd's request log and libmicrohttpd's messages, on stderr.
 *
 * Between srv_log_start() and srv_log_stop() a line is copied into memory
 * and written by a thread of the log's own, so no other thread ever waits
 * on stderr; lines that find the buffer full (stderr not read) are dropped
 * and counted in a line of their own. Before and after, lines are written
 * directly.
 *
 * Everything a client controls is escaped before it reaches the log: bytes
 * 0x21..0x7e other than '\' stay as they are, every other byte (space,
 * control characters, ESC, DEL, '\' itself, non-ASCII) becomes \xNN. So one
 * request is one line of printable ASCII whose fields split at spaces, and
 * no client can forge a line or send escape sequences to a terminal.
 */
#ifndef HEAPD_SRV_LOG_H
#define HEAPD_SRV_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Starts the log's writer thread; false when it cannot (lines are then
 * written directly, as before it starts). */
bool srv_log_start(void);

/* Writes what is buffered and ends the writer, waiting for it at most
 * wait_seconds (one blocked on a stderr nobody reads is left behind). */
void srv_log_stop(double wait_seconds);

/* One whole line (ending in '\n', n bytes): never split, never mixed with
 * another thread's. */
void srv_log_line(const char *line, size_t n);

/* A line of heapd's own, printf-formatted (cut at 1 KiB; the '\n' is added
 * when missing). */
void srv_log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes src (n bytes) into dst escaped as above, NUL-terminated. At most
 * `max` source bytes are written; when src is longer, "..." follows. dst
 * needs 4 * max + 4 bytes. "-" stands for a NULL or empty src. Returns dst. */
char *srv_log_escape(char *dst, const char *src, size_t n, size_t max);

/* One line per request: client, method, path, status, duration in ms.
 * Method and path (their first bytes: a long one ends in "...") are escaped
 * here; a NULL or empty one prints "-". method holds at least
 * min(method_len, 32) bytes. */
void srv_log_request(const char *client, const char *method, size_t method_len, const char *path,
                     size_t path_len, int status, double seconds);

/* MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's own messages, escaped, one
 * line each, at most a few per second (a flood of refused connections would
 * otherwise become a flood of log lines); the count of those left out is
 * reported with the next one written. */
void srv_log_mhd(void *cls, const char *fmt, va_list ap);

#endif
