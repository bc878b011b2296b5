/*
 * negotiate_fuzz.c - the Accept-Encoding and If-None-Match parsers on
 * arbitrary header text: never crash, never read past the string, and a
 * well-formed tag always matches itself, alone or at the end of a list.
 * Input: "<header value>\n<entity tag>".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/negotiate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char value[512], tag[256], list[800];
	const uint8_t *nl = memchr(data, '\n', size);
	size_t vlen = nl ? (size_t)(nl - data) : size, tlen;

	if (size > 700 || vlen >= sizeof(value))
		return 0;
	memcpy(value, data, vlen);
	value[vlen] = '\0';
	tlen = nl ? size - vlen - 1 : 0;
	if (tlen >= sizeof(tag))
		return 0;
	memcpy(tag, nl ? nl + 1 : data, tlen);
	tag[tlen] = '\0';
	/* Strings end at their first NUL, as header values do. */
	(void)negotiate_accepts_gzip(value);
	(void)negotiate_etag_matches(value, tag);
	/* A quoted tag without quotes or NULs inside matches itself. */
	if (tlen >= 2 && tag[0] == '"' && tag[tlen - 1] == '"' &&
	    memchr(tag + 1, '"', tlen - 2) == NULL && strlen(tag) == tlen) {
		if (!negotiate_etag_matches(tag, tag))
			abort();
		snprintf(list, sizeof(list), "\"x\", W/%s", tag);
		if (!negotiate_etag_matches(list, tag))
			abort();
	}
	return 0;
}
