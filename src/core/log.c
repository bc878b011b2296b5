/*
 * log.c - one write(2) per log line; see log.h.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/utf8.h"

#define LOG_MSG_MAX 1024

static void
write_whole(const char *buf, size_t len)
{
	ssize_t n;

	/* One call; a retry only after EINTR (nothing was written then). */
	do
		n = write(STDERR_FILENO, buf, len);
	while (n < 0 && errno == EINTR);
}

void
log_line(const struct sbuf *sb)
{
	static const char too_long[] =
	    "{\"level\":\"error\",\"msg\":\"log line too long, dropped\"}\n";
	char buf[LOG_LINE_MAX];

	if (sbuf_err(sb) || sb->len + 1 > sizeof(buf)) {
		write_whole(too_long, sizeof(too_long) - 1);
		return;
	}
	memcpy(buf, sb->buf, sb->len);
	buf[sb->len] = '\n';
	write_whole(buf, sb->len + 1);
}

void
log_msg(const char *level, const char *msg)
{
	struct sbuf sb = SBUF_INIT(LOG_LINE_MAX - 1);
	size_t len = utf8_cut(msg, LOG_MSG_MAX);

	sbuf_addstr(&sb, "{\"level\":\"");
	sbuf_addstr(&sb, level);
	sbuf_addstr(&sb, "\",\"msg\":\"");
	sbuf_add_json_escaped(&sb, msg, len);
	sbuf_addstr(&sb, "\"}");
	log_line(&sb);
	sbuf_release(&sb);
}
