/*
 * itfmt.c - Italian number formatting (itfmt.h): digits are grouped by
 * three from the right of the integer part, which is built as text from
 * the magnitude as an unsigned 64-bit value (so INT64_MIN needs no
 * special case).
 */
#include <stdio.h>
#include <string.h>

#include "core/itfmt.h"

/* Appends the digits of digits[0..len) grouped with '.' to out at *pos. */
static int
put_grouped(const char *digits, size_t len, char *out, size_t n, size_t *pos)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			if (*pos + 1 >= n)
				return -1;
			out[(*pos)++] = '.';
		}
		if (*pos + 1 >= n)
			return -1;
		out[(*pos)++] = digits[i];
	}
	return 0;
}

static int
put_str(const char *s, char *out, size_t n, size_t *pos)
{
	size_t len = strlen(s);

	if (*pos + len >= n)
		return -1;
	memcpy(out + *pos, s, len);
	*pos += len;
	return 0;
}

char *
itfmt_fixed(int64_t v, int decimals, char *out, size_t n)
{
	char digits[48];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t len, pos = 0;
	int w;

	if (decimals < 0 || decimals > 18 || n == 0)
		return NULL;
	/* All digits with at least decimals + 1 of them (leading zeros). */
	w = snprintf(digits, sizeof(digits), "%0*llu", decimals + 1,
	             (unsigned long long)mag);
	if (w < 0 || (size_t)w >= sizeof(digits))
		return NULL;
	len = (size_t)w - (size_t)decimals;
	if ((v < 0 && put_str("-", out, n, &pos) != 0) ||
	    put_grouped(digits, len, out, n, &pos) != 0)
		return NULL;
	if (decimals > 0) {
		if (pos + 1 + (size_t)decimals >= n)
			return NULL;
		out[pos++] = ',';
		memcpy(out + pos, digits + len, (size_t)decimals);
		pos += (size_t)decimals;
	}
	out[pos] = '\0';
	return out;
}

char *
itfmt_euro(int64_t cents, char *out, size_t n)
{
	size_t len;

	if (itfmt_fixed(cents, 2, out, n) == NULL) {
		if (n > 0)
			out[0] = '\0';
		return out;
	}
	len = strlen(out);
	if (len + 5 <= n) /* " €" is 4 bytes in UTF-8 */
		memcpy(out + len, " \xe2\x82\xac", 5);
	return out;
}

char *
itfmt_decimal(const char *s, const char *suffix, char *out, size_t n)
{
	const char *p = s, *dot;
	size_t ilen, flen = 0, pos = 0;

	if (s == NULL || n == 0)
		return NULL;
	if (*p == '-')
		p++;
	ilen = strspn(p, "0123456789");
	dot = p + ilen;
	if (ilen == 0)
		return NULL;
	if (*dot == '.') {
		flen = strspn(dot + 1, "0123456789");
		if (flen == 0 || dot[1 + flen] != '\0')
			return NULL;
	} else if (*dot != '\0') {
		return NULL;
	}
	if (ilen + flen > 30)
		return NULL;
	if ((p != s && put_str("-", out, n, &pos) != 0) ||
	    put_grouped(p, ilen, out, n, &pos) != 0)
		return NULL;
	if (flen > 0) {
		if (pos + 1 + flen >= n)
			return NULL;
		out[pos++] = ',';
		memcpy(out + pos, dot + 1, flen);
		pos += flen;
	}
	out[pos] = '\0';
	if (suffix != NULL && put_str(suffix, out, n, &pos) != 0)
		return NULL;
	out[pos] = '\0';
	return out;
}
