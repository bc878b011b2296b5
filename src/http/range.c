/*
 * range.c - the Range request header (download.h).  Only what downloads
 * need: one byte range; everything else is ignored, which sends the whole
 * file, always a correct answer.
 */
#include <string.h>
#include <strings.h>

#include "http/download.h"

/* Skips spaces and tabs (RFC 9110 OWS). */
static const char *
ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * Reads digits into *v; returns the end, or NULL when there are none.
 * *overflow is set when the number does not fit in 63 bits.
 */
static const char *
digits(const char *p, uint64_t *v, int *overflow)
{
	const char *start = p;

	*v = 0;
	*overflow = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (*v > (UINT64_C(1) << 62) / 5)
			*overflow = 1;
		else
			*v = *v * 10 + (uint64_t)(*p - '0');
	}
	return p == start ? NULL : p;
}

enum range_result
range_parse(const char *value, uint64_t size, uint64_t *first, uint64_t *last)
{
	const char *p;
	uint64_t a, b;
	int a_over, b_over;

	if (value == NULL ||
	    strnlen(value, RANGE_HEADER_MAX + 1) > RANGE_HEADER_MAX)
		return RANGE_FULL;
	p = ows(value);
	if (strncasecmp(p, "bytes", 5) != 0)
		return RANGE_FULL;
	p = ows(p + 5);
	if (*p != '=')
		return RANGE_FULL;
	p = ows(p + 1);
	if (strchr(p, ',') != NULL)
		return RANGE_FULL; /* several ranges: the whole file */
	if (*p == '-') {
		p = digits(p + 1, &b, &b_over);
		if (p == NULL || *ows(p) != '\0')
			return RANGE_FULL;
		if (b == 0 && !b_over)
			return RANGE_UNSATISFIABLE;
		if (size == 0)
			return RANGE_UNSATISFIABLE;
		*first = b_over || b >= size ? 0 : size - b;
		*last = size - 1;
		return RANGE_PARTIAL;
	}
	p = digits(p, &a, &a_over);
	if (p == NULL || *p != '-')
		return RANGE_FULL;
	p = ows(p + 1);
	if (*p == '\0') {
		b = UINT64_MAX;
		b_over = 1;
	} else {
		p = digits(p, &b, &b_over);
		if (p == NULL || *ows(p) != '\0')
			return RANGE_FULL;
		if (!a_over && !b_over && b < a)
			return RANGE_FULL; /* invalid: ignored */
		if (a_over && !b_over)
			return RANGE_FULL; /* a > b */
	}
	if (a_over || a >= size)
		return RANGE_UNSATISFIABLE;
	*first = a;
	*last = b_over || b >= size ? size - 1 : b;
	return RANGE_PARTIAL;
}
