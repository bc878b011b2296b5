/*
 * negotiate.c - Accept-Encoding and If-None-Match; see negotiate.h.
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "http/negotiate.h"

#define OWS " \t"

/* Skips optional white space. */
static const char *
skip_ows(const char *p)
{
	return p + strspn(p, OWS);
}

/* Whether a q parameter value ("0", "0.000", "0.5", "1") is zero. */
static int
q_is_zero(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || p[0] != '0')
		return 0;
	for (i = 1; i < len; i++)
		if (p[i] != '.' && p[i] != '0')
			return 0;
	return 1;
}

/* Whether the element [name, end) says q=0 in one of its parameters. */
static int
element_refused(const char *name, const char *end)
{
	const char *x = memchr(name, ';', (size_t)(end - name));
	int zero = 0;

	while (x != NULL) {
		const char *q = skip_ows(x + 1);

		if (q + 1 < end && (q[0] == 'q' || q[0] == 'Q') &&
		    q[1] == '=') {
			size_t vlen = strcspn(q + 2, ";," OWS);

			if (q + 2 + vlen > end)
				vlen = (size_t)(end - (q + 2));
			zero = q_is_zero(q + 2, vlen);
		}
		x = memchr(x + 1, ';', (size_t)(end - (x + 1)));
	}
	return zero;
}

int
negotiate_accepts_gzip(const char *ae)
{
	const char *p = ae;
	int named = -1, star = -1; /* -1 absent, 0 refused, 1 accepted */

	while (p != NULL && *p) {
		const char *end = p + strcspn(p, ","), *name = skip_ows(p);
		size_t nlen = strcspn(name, ";," OWS);

		if (name + nlen > end)
			nlen = (size_t)(end - name);
		if ((nlen == 4 && strncasecmp(name, "gzip", 4) == 0) ||
		    (nlen == 6 && strncasecmp(name, "x-gzip", 6) == 0))
			named = !element_refused(name, end);
		else if (nlen == 1 && name[0] == '*')
			star = !element_refused(name, end);
		p = *end == ',' ? end + 1 : end;
	}
	/* An explicit "gzip;q=0" wins over "*". */
	return named >= 0 ? named : star == 1;
}

int
negotiate_etag_matches(const char *inm, const char *etag)
{
	const char *p = inm;
	size_t tlen;

	if (inm == NULL)
		return 0;
	if (strncmp(etag, "W/", 2) == 0)
		etag += 2;
	tlen = strlen(etag);
	p = skip_ows(p);
	if (p[0] == '*' && *skip_ows(p + 1) == '\0')
		return 1;
	while (*p) {
		const char *tag = skip_ows(p), *end;

		if (strncmp(tag, "W/", 2) == 0)
			tag += 2;
		if (*tag != '"')
			return 0; /* malformed list: no match */
		end = strchr(tag + 1, '"');
		if (end == NULL)
			return 0;
		if ((size_t)(end + 1 - tag) == tlen &&
		    memcmp(tag, etag, tlen) == 0)
			return 1;
		p = skip_ows(end + 1);
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return 0;
	}
	return 0;
}

void
negotiate_etag_of(const void *data, size_t len, char out[ETAG_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char hash[16];
	size_t i;

	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	out[0] = '"';
	for (i = 0; i < sizeof(hash); i++) {
		out[1 + 2 * i] = hex[hash[i] >> 4];
		out[2 + 2 * i] = hex[hash[i] & 15];
	}
	out[33] = '"';
	out[34] = '\0';
}
