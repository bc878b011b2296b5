/*
 * sbuf.c - bounded string builder; see sbuf.h for the contract.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sbuf.h"
#include "utf8.h"
#include "xmalloc.h"

char sbuf_empty[1];

void
sbuf_init(struct sbuf *sb, size_t max)
{
	sb->buf = sbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max;
	sb->err = 0;
}

/* Makes room for extra bytes plus the NUL; 0 on success. */
static int
sbuf_grow(struct sbuf *sb, size_t extra)
{
	size_t need, nalloc;

	if (sb->err)
		return -1;
	if (extra > sb->max || sb->len > sb->max - extra) {
		sb->err = AV_ETOOBIG;
		return -1;
	}
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return 0;
	nalloc = sb->alloc ? sb->alloc : 64;
	while (nalloc < need)
		nalloc *= 2;
	if (nalloc > sb->max + 1)
		nalloc = sb->max + 1;
	if (sb->buf == sbuf_empty)
		sb->buf = xmalloc(nalloc);
	else
		sb->buf = xrealloc(sb->buf, nalloc);
	sb->alloc = nalloc;
	return 0;
}

void
sbuf_reserve(struct sbuf *sb, size_t n)
{
	if (n > sb->max - sb->len)
		n = sb->max - sb->len;
	sbuf_grow(sb, n);
}

void
sbuf_add_grow(struct sbuf *sb, const void *data, size_t len)
{
	if (len == 0 || sbuf_grow(sb, len) != 0)
		return;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
sbuf_addstr(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void
sbuf_addch(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void
sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->err = AV_EINTERNAL;
		return;
	}
	if (n == 0 || sbuf_grow(sb, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

/* Bytes that go through JSON escaping unchanged: printable ASCII. */
static int
json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

void
sbuf_add_html_escaped(struct sbuf *sb, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '&':
			sbuf_addstr(sb, "&amp;");
			break;
		case '<':
			sbuf_addstr(sb, "&lt;");
			break;
		case '>':
			sbuf_addstr(sb, "&gt;");
			break;
		case '"':
			sbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			sbuf_addstr(sb, "&#39;");
			break;
		default:
			sbuf_addch(sb, *s);
		}
	}
}

void
sbuf_add_json_escaped(struct sbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, n, run;
	uint32_t cp;

	while (i < len) {
		/* Copy the longest run of bytes that need nothing, at once. */
		for (run = i; run < len && json_plain((unsigned char)s[run]);
		     run++)
			;
		if (run > i) {
			sbuf_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		unsigned char c = (unsigned char)s[i];

		n = 1;
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};

			sbuf_add(sb, esc, 2);
		} else if (c == '\n') {
			sbuf_add(sb, "\\n", 2);
		} else if (c < 0x20) {
			char esc[6] = {'\\', 'u',         '0',
			               '0',  hex[c >> 4], hex[c & 15]};

			sbuf_add(sb, esc, 6);
		} else if ((n = utf8_next((const unsigned char *)s + i, len - i,
		                          &cp)) > 0) {
			sbuf_add(sb, s + i, n);
		} else {
			/* Not UTF-8: U+FFFD, one per byte. */
			n = 1;
			sbuf_add(sb, "\\ufffd", 6);
		}
		i += n;
	}
}

void
sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->buf != sbuf_empty)
		sb->buf[0] = '\0';
}

int
sbuf_err(const struct sbuf *sb)
{
	return sb->err;
}

char *
sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p = sb->buf;

	if (p == sbuf_empty)
		p = xstrdup("");
	if (len)
		*len = sb->len;
	sbuf_init(sb, sb->max);
	return p;
}

void
sbuf_release(struct sbuf *sb)
{
	if (sb->buf != sbuf_empty)
		free(sb->buf);
	sbuf_init(sb, sb->max);
}

void
sbuf_add_csv_field(struct sbuf *sb, const char *v, int last)
{
	if (v != NULL && v[strcspn(v, ";\"\r\n")] != '\0') {
		sbuf_addch(sb, '"');
		for (; *v; v++) {
			if (*v == '"')
				sbuf_addch(sb, '"');
			sbuf_addch(sb, *v);
		}
		sbuf_addch(sb, '"');
	} else if (v != NULL) {
		sbuf_addstr(sb, v);
	}
	sbuf_addstr(sb, last ? "\r\n" : ";");
}

void
str_copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "");
}
