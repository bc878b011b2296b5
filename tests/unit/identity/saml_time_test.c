/*
 * saml_time_test.c - the two small parsers of the SAML checks
 * (src/identity/saml_check.c, saml_sp.c): xs:dateTime in UTC, which
 * spid-sp-test's responses 13, 38, 65, 77, 81 break on purpose, and the
 * SPID level names.  Expected instants are computed independently with
 * timegm on a broken-down time, not copied from the parser.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "identity/saml.h"

static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

Test(saml_time, accepts_utc_with_and_without_fraction)
{
	int64_t t = 0;

	cr_assert_eq(saml_time_parse("2026-12-03T14:09:49Z", &t), 0);
	cr_assert_eq(t, utc(2026, 12, 3, 14, 9, 49));
	cr_assert_eq(saml_time_parse("2026-12-03T14:09:49.123456Z", &t), 0);
	cr_assert_eq(t, utc(2026, 12, 3, 14, 9, 49));
	cr_assert_eq(saml_time_parse("2000-02-29T00:00:00Z", &t), 0);
	cr_assert_eq(t, utc(2000, 2, 29, 0, 0, 0));
}

Test(saml_time, refuses_other_forms)
{
	static const char *const bad[] = {
	    "",
	    "2026-12-03T14:09:49",       /* no zone */
	    "2026-12-03T14:09:49+01:00", /* not UTC */
	    "2026-12-03 14:09:49Z",      /* no T */
	    "2026-12-03T14:09:49.Z",     /* empty fraction */
	    "2026-13-03T14:09:49Z",      /* month */
	    "2026-12-03T24:09:49Z",      /* hour */
	    "2026-12-3T14:09:49Z",       /* one-digit day */
	    "20261203T140949Z",          /* basic form */
	    "2026-12-03T14:09:4aZ",
	};
	size_t i;
	int64_t t = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_neq(saml_time_parse(bad[i], &t), 0, "accepted '%s'",
		              bad[i]);
		cr_assert_eq(t, 42);
	}
}

Test(saml_loa, names)
{
	cr_assert_eq(saml_loa_from_ref("https://www.spid.gov.it/SpidL1"), 1);
	cr_assert_eq(saml_loa_from_ref("https://www.spid.gov.it/SpidL2"), 2);
	cr_assert_eq(saml_loa_from_ref("https://www.spid.gov.it/SpidL3"), 3);
	cr_assert_eq(saml_loa_from_ref("https://www.spid.gov.it/SpidL4"), 0);
	cr_assert_eq(saml_loa_from_ref("urn:oasis:names:tc:SAML:2.0:ac:"
	                               "classes:Password"),
	             0);
	cr_assert_eq(saml_loa_from_ref(""), 0);
	cr_assert_eq(saml_loa_from_ref(NULL), 0);
}
