/*
 * legal_time_fuzz.c - the legal-time parsers (core/legal_time.h) on
 * arbitrary bytes: never crash, never read past len, accept only valid
 * dates, and round-trip: a parsed date re-formats to the same text, a
 * parsed instant formats (ISO with offset, and Italian local time) to text
 * that parses back to the same instant (the later one of an October
 * overlap for local time, which carries no offset).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/legal_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_date(const char *s, size_t size)
{
	struct lt_date d, again, from_days;
	char buf[LT_DATE_LEN];

	if (lt_parse_date(s, size, &d, "f", NULL) != AV_OK)
		return;
	if (!lt_date_valid(d) || size != 10)
		abort();
	from_days = lt_date_from_days(lt_days(d));
	if (s[2] == '/')
		lt_format_date(d, buf);
	else
		lt_format_date_iso(d, buf);
	if (memcmp(buf, s, 10) != 0 ||
	    lt_parse_date(buf, 10, &again, "f", NULL) != AV_OK ||
	    memcmp(&again, &d, sizeof(d)) != 0 ||
	    memcmp(&from_days, &d, sizeof(d)) != 0)
		abort();
}

static void
check_datetime(const char *s, size_t size)
{
	char iso[LT_ISO_LEN], loc[LT_DATETIME_LEN];
	int64_t t, back, minute;
	unsigned flags = 0;

	if (lt_parse_datetime(s, size, &t, &flags, "f", NULL) != AV_OK)
		return;
	if ((flags & LT_LOCAL_GAP) && (flags & LT_LOCAL_OVERLAP))
		abort();
	/* An explicit offset may name an instant whose Rome year is out of
	   range: then formatting refuses, and that is all. */
	if (lt_format_iso(t, iso, NULL) != AV_OK)
		return;
	if (lt_parse_datetime(iso, strlen(iso), &back, NULL, "f", NULL) !=
	        AV_OK ||
	    back != t)
		abort();
	if (lt_format_local(t, loc, NULL) != AV_OK ||
	    lt_parse_datetime(loc, strlen(loc), &back, &flags, "f", NULL) !=
	        AV_OK)
		abort();
	minute = t - ((t % 60) + 60) % 60;
	if (back != minute &&
	    !((flags & LT_LOCAL_OVERLAP) && back == minute + 3600))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int m, d;

	if (size > 64)
		return 0;
	check_date(s, size);
	check_datetime(s, size);
	if (lt_parse_day_month(s, size, &m, &d, "f", NULL) == AV_OK &&
	    (m < 1 || m > 12 || d < 1 || d > 31))
		abort();
	return 0;
}
