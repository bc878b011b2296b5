/*
 * utf8.h - the few UTF-8 facts the program needs: whether bytes are a
 * well-formed character (log lines and JSON escaping must stay valid
 * whatever clients send), where to cut a text without splitting one, and
 * how many characters a text has (password length is counted in them).
 */
#ifndef AV_UTF8_H
#define AV_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one UTF-8 code point at s[0..len): returns the bytes used (1-4)
 * and sets *cp, or 0 for an invalid sequence (RFC 3629: overlong,
 * surrogate, beyond U+10FFFF, truncated).  len must be > 0.
 */
size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * Length of s cut to at most max bytes without splitting a UTF-8 sequence
 * (the whole of s when it is shorter).
 */
size_t utf8_cut(const char *s, size_t max);

/* Code points in s (continuation bytes are not counted). */
size_t utf8_length(const char *s);

#endif
