/*
 * disposition.c - Content-Disposition for downloads (download.h).  The
 * stored name is shown by every browser through filename* (RFC 6266 4.3:
 * it wins over filename), and old clients get a plain ASCII fallback in
 * which nothing can end the quoted string.
 */
#include <string.h>

#include "core/utf8.h"
#include "http/download.h"

/* RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~". */
static int
attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$&+-.^_`|~", c) != NULL);
}

void
content_disposition(struct sbuf *sb, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), i, n;
	uint32_t cp;

	if (len == 0) {
		s = (const unsigned char *)"download";
		len = 8;
	}
	sbuf_addstr(sb, "attachment; filename=\"");
	for (i = 0; i < len; i += n) {
		n = utf8_next(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if (n == 1 && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
		    s[i] != '\\')
			sbuf_addch(sb, (char)s[i]);
		else
			sbuf_addch(sb, '_');
	}
	sbuf_addstr(sb, "\"; filename*=UTF-8''");
	for (i = 0; i < len; i++) {
		if (attr_char(s[i])) {
			sbuf_addch(sb, (char)s[i]);
		} else {
			sbuf_addch(sb, '%');
			sbuf_addch(sb, hex[s[i] >> 4]);
			sbuf_addch(sb, hex[s[i] & 15]);
		}
	}
}
