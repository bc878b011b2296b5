/*
 * log.h - structured log lines on stderr, one write(2) each.
 *
 * The server's threads all log to stderr; stdio writes a line in several
 * pieces when it is longer than its buffer or built with several calls, and
 * pieces of different threads then interleave into invalid JSON.  A line
 * here is built whole in memory first and handed to the kernel in a single
 * write(), which POSIX keeps whole on pipes up to PIPE_BUF (4096) bytes and
 * on files opened with O_APPEND; lines are capped below that.
 */
#ifndef AV_LOG_H
#define AV_LOG_H

#include <stddef.h>

#include "core/sbuf.h"

#define LOG_LINE_MAX 4000 /* bytes of one line, newline included */

/*
 * Writes sb's text and a newline to stderr in one write().  A line that
 * does not fit LOG_LINE_MAX (or an sb in error) is replaced by a short
 * JSON line saying so, never cut.
 */
void log_line(const struct sbuf *sb);

/*
 * {"level":"<level>","msg":"<msg escaped>"} as one line; msg is cut at
 * 1024 bytes (it is a message, not data).
 */
void log_msg(const char *level, const char *msg);

#endif
