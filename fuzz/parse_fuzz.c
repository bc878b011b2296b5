/*
 * parse_fuzz.c - the checked number/date parsers on arbitrary bytes: never
 * crash, never read past len, and agree with themselves (a parsed cent
 * amount re-formats to a string that parses to the same value).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int64_t v, c, again;
	int y, m, d;

	if (size > 64)
		return 0;
	if (parse_i64(s, size, INT64_MIN, INT64_MAX, &v) == 0) {
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);

		if (parse_i64(buf, (size_t)n, INT64_MIN, INT64_MAX, &again) !=
		        0 ||
		    again != v)
			abort();
	}
	if (parse_euro_cents(s, size, &c) == 0) {
		char buf[40];
		int n = snprintf(buf, sizeof(buf), "%lld.%02lld",
		                 (long long)(c / 100), (long long)(c % 100));

		if (c < 0 || parse_euro_cents(buf, (size_t)n, &again) != 0 ||
		    again != c)
			abort();
	}
	if (parse_date(s, size, &y, &m, &d) == 0) {
		if (m < 1 || m > 12 || d < 1 || d > 31)
			abort();
		(void)days_from_civil(y, m, d);
	}
	return 0;
}
