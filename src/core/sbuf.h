/*
 * sbuf.h - bounded string builder (git strbuf + curl dynbuf cap + the sticky
 * error of sqlite3_str).
 *
 * Every instance has a cap (max, bytes, excluding the NUL) named where it is
 * declared.  Appends past the cap set err = AV_ETOOBIG and become no-ops; the
 * first error is kept, so a sequence of appends needs one check at the end.
 * Truncation is never silent.  buf is never NULL and always NUL-terminated.
 * Never used to build SQL.
 */
#ifndef AV_SBUF_H
#define AV_SBUF_H

#include <stddef.h>
#include <string.h>

extern char sbuf_empty[];

struct sbuf {
	char *buf; /* owned unless == sbuf_empty; NUL-terminated */
	size_t len;
	size_t alloc;
	size_t max; /* cap in bytes, excluding the NUL */
	int err;    /* sticky: 0 or AV_ETOOBIG */
};

#define SBUF_INIT(max_)                                                        \
	{                                                                      \
		sbuf_empty, 0, 0, (max_), 0                                    \
	}

void sbuf_init(struct sbuf *sb, size_t max);
void sbuf_add_grow(struct sbuf *sb, const void *data, size_t len);
/*
 * Appends len bytes.  The common case - room already there - is inline:
 * the JSON writer appends a few bytes at a time and this is its hot path.
 * alloc never exceeds max + 1, so fitting in alloc is within the cap.
 */
static inline void
sbuf_add(struct sbuf *sb, const void *data, size_t len)
{
	if (sb->err == 0 && sb->alloc > sb->len && len < sb->alloc - sb->len) {
		memcpy(sb->buf + sb->len, data, len);
		sb->len += len;
		sb->buf[sb->len] = '\0';
		return;
	}
	sbuf_add_grow(sb, data, len);
}
/* Makes room for n more bytes now (fewer reallocations); within the cap. */
void sbuf_reserve(struct sbuf *sb, size_t n);
void sbuf_addstr(struct sbuf *sb, const char *s);
void sbuf_addch(struct sbuf *sb, char c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Appends s with JSON-string escaping (no surrounding quotes); bytes that
 * are not well-formed UTF-8 become \ufffd, so the result is always valid
 * JSON text whatever s holds (paths and headers come from clients).
 */
void sbuf_add_json_escaped(struct sbuf *sb, const char *s, size_t len);
/*
 * s (NULL: nothing) as HTML or XML text or attribute value: &, <, >, " and
 * ' written as entities, every other byte as it is.
 */
void sbuf_add_html_escaped(struct sbuf *sb, const char *s);
/*
 * One field of a ';'-separated CSV line (RFC 4180 quoting when v holds
 * ';', '"' or a line break; NULL is an empty field), then ';' or, for the
 * last field, CRLF.  Every CSV export writes its fields with this.
 */
void sbuf_add_csv_field(struct sbuf *sb, const char *v, int last);
void sbuf_reset(struct sbuf *sb); /* len = 0, keeps err */
int sbuf_err(const struct sbuf *sb);
/* Returns the owned buffer (caller frees); sb is reset to empty. */
char *sbuf_detach(struct sbuf *sb, size_t *len);
void sbuf_release(struct sbuf *sb);

/*
 * Copies src into the fixed buffer dst of cap bytes (cap > 0), cut to fit
 * and NUL-terminated; NULL (a database NULL) copies as "".  The bounded
 * strcpy of the code that fills structs from result rows.
 */
void str_copy(char *dst, size_t cap, const char *src);

#endif
