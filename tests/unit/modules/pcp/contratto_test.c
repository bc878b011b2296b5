/*
 * contratto_test.c - the amounts the RUP types for the contract's
 * guarantee (pcp_euro_it): Italian thousands and decimal separators, the
 * plain forms, and what is refused, each expected value written by hand
 * as integer cents.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "modules/pcp/contratto.h"

static int64_t
cents(const char *s)
{
	int64_t c = -1;

	cr_assert_eq(pcp_euro_it(s, &c), 0, "refused: %s", s);
	return c;
}

Test(pcp_contratto, italian_amounts)
{
	cr_assert_eq(cents("1.234,56"), 123456);
	cr_assert_eq(cents("8.668,00"), 866800);
	cr_assert_eq(cents("12.345.678,9"), 1234567890);
	cr_assert_eq(cents("1234,56"), 123456);
	cr_assert_eq(cents("0,05"), 5);
	cr_assert_eq(cents("0"), 0);
	cr_assert_eq(cents("1.234"), 123400); /* thousands */
	cr_assert_eq(cents("1.234.567"), 123456700);
	cr_assert_eq(cents("1234.5"), 123450); /* a decimal point */
	cr_assert_eq(cents("1.23"), 123);
}

Test(pcp_contratto, refused_amounts)
{
	static const char *const bad[] = {
	    "",        "-5",     "1,234",    "1.23,00",  "12.34.567,00",
	    ",50",     "1,",     "1.234,5x", "€ 10",     "1 234,56",
	    ".234,00", "1..234", "1,2,3",    "1.2345,00"};
	int64_t c = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_neq(pcp_euro_it(bad[i], &c), 0, "accepted: '%s'",
		              bad[i]);
		cr_assert_eq(c, 42, "written on refusal: '%s'", bad[i]);
	}
	cr_assert_neq(pcp_euro_it(NULL, &c), 0);
}
