/*
 * parse_test.c - checked parsers: integers at their bounds, euro amounts
 * into cents, ISO dates with leap years, days_from_civil.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/parse.h"

static int
p64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return parse_i64(s, strlen(s), min, max, out);
}

Test(parse_i64, accepts_range_bounds)
{
	int64_t v;

	cr_assert_eq(p64("0", 0, 10, &v), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(p64("10", 0, 10, &v), 0);
	cr_assert_eq(v, 10);
	cr_assert_eq(p64("-5", -5, 5, &v), 0);
	cr_assert_eq(v, -5);
	cr_assert_eq(p64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	cr_assert_eq(v, INT64_MAX);
	cr_assert_eq(p64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	cr_assert_eq(v, INT64_MIN);
}

Test(parse_i64, refuses_everything_else)
{
	int64_t v = 42;
	const char *bad[] = {"",
	                     "-",
	                     "11",
	                     "-6",
	                     "1a",
	                     " 1",
	                     "1 ",
	                     "+1",
	                     "0x1",
	                     "1.0",
	                     "9223372036854775808",
	                     "99999999999999999999"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(p64(bad[i], -5, 10, &v), -1, "%s", bad[i]);
		cr_assert_eq(v, 42, "out untouched on failure");
	}
	cr_assert_eq(parse_i64(NULL, 0, 0, 1, &v), -1);
}

Test(parse_euro_cents, amounts)
{
	int64_t c;

	cr_assert_eq(parse_euro_cents("150000.00", 9, &c), 0);
	cr_assert_eq(c, 15000000);
	cr_assert_eq(parse_euro_cents("150000", 6, &c), 0);
	cr_assert_eq(c, 15000000);
	cr_assert_eq(parse_euro_cents("0.5", 3, &c), 0);
	cr_assert_eq(c, 50);
	cr_assert_eq(parse_euro_cents("5538000.01", 10, &c), 0);
	cr_assert_eq(c, 553800001);
	cr_assert_eq(parse_euro_cents("1.234", 5, &c), -1);
	cr_assert_eq(parse_euro_cents("1,00", 4, &c), -1);
	cr_assert_eq(parse_euro_cents("-1", 2, &c), -1);
	cr_assert_eq(parse_euro_cents(".5", 2, &c), -1);
	cr_assert_eq(parse_euro_cents("1.", 2, &c), -1);
	cr_assert_eq(parse_euro_cents("1e3", 3, &c), -1);
}

Test(parse_date, valid_and_invalid)
{
	int y, m, d;

	cr_assert_eq(parse_date("2024-02-29", 10, &y, &m, &d), 0);
	cr_assert_eq(y * 10000 + m * 100 + d, 20240229);
	cr_assert_eq(parse_date("2023-02-29", 10, &y, &m, &d), -1);
	cr_assert_eq(parse_date("2000-02-29", 10, &y, &m, &d), 0);
	cr_assert_eq(parse_date("1900-02-29", 10, &y, &m, &d), -1);
	cr_assert_eq(parse_date("2026-04-31", 10, &y, &m, &d), -1);
	cr_assert_eq(parse_date("2026-13-01", 10, &y, &m, &d), -1);
	cr_assert_eq(parse_date("2026-1-01", 9, &y, &m, &d), -1);
	cr_assert_eq(parse_date("2026/01/01", 10, &y, &m, &d), -1);
	cr_assert_eq(parse_date("2026-01-01T", 11, &y, &m, &d), -1);
}

Test(days_from_civil, known_days)
{
	cr_assert_eq(days_from_civil(1970, 1, 1), 0);
	cr_assert_eq(days_from_civil(2000, 3, 1), 11017);
	cr_assert_eq(
	    days_from_civil(2026, 1, 1) - days_from_civil(2025, 12, 31), 1);
	cr_assert_eq(
	    days_from_civil(2024, 12, 31) - days_from_civil(2024, 1, 1), 365);
}
