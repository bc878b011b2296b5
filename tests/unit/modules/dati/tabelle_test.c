/*
 * tabelle_test.c - the pure parts of the tabular store's ingest
 * (modules/dati/tabelle.h): the delimiter chosen from a header line, and
 * the type inference at the edges of each type (a code with leading zeros
 * stays a string, a '+' or a bare '.' is not a JSON number, 18 digits fit
 * int64_t and 19 may not).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "audit/audit.h"
#include "modules/dati/tabelle.h"

static char
delim(const char *s)
{
	return tab_detect_delim(s, strlen(s));
}

Test(tabelle, detect_delimiter)
{
	cr_assert_eq(delim("a,b,c"), ',');
	cr_assert_eq(delim("\"a\";\"b\";\"c\""), ';');
	cr_assert_eq(delim("a\tb\tc"), '\t');
	cr_assert_eq(delim("a|b|c"), '|');
	/* a delimiter inside quotes does not count */
	cr_assert_eq(delim("\"a;x;y;z\",b,c"), ',');
	/* one column, or a tie: ',' */
	cr_assert_eq(delim("nome"), ',');
	cr_assert_eq(delim("a,b;c"), ',');
	cr_assert_eq(delim(""), ',');
}

static const char *
infer(const char *const *vals)
{
	unsigned f = TAB_INFER_INIT;

	for (; *vals; vals++)
		f = tab_infer_value(f, *vals, strlen(*vals));
	return tab_infer_type(f);
}

Test(tabelle, infer_types)
{
	const char *const ints[] = {"1", "-20", "0", "", "123456789012345678",
	                            NULL};
	const char *const big[] = {"1234567890123456789", NULL};
	const char *const code[] = {"024116", "1", NULL};
	const char *const plus[] = {"+5", NULL};
	const char *const nums[] = {"1", "2.5", "-0.25", "390000.0", NULL};
	const char *const dot[] = {"2.", NULL};
	const char *const dates[] = {"2026-12-03", "2026-01-31", "", NULL};
	const char *const baddate[] = {"2026-13-01", NULL};
	const char *const text[] = {"1", "uno", NULL};
	const char *const empty[] = {"", "", NULL};

	cr_assert_str_eq(infer(ints), "integer");
	cr_assert_str_eq(infer(big), "number");
	cr_assert_str_eq(infer(code), "string");
	cr_assert_str_eq(infer(plus), "string");
	cr_assert_str_eq(infer(nums), "number");
	cr_assert_str_eq(infer(dot), "string");
	cr_assert_str_eq(infer(dates), "date");
	cr_assert_str_eq(infer(baddate), "string");
	cr_assert_str_eq(infer(text), "string");
	cr_assert_str_eq(infer(empty), "string");
}

Test(tabelle, json_numbers)
{
	cr_assert(tab_is_json_number("0.5", 3));
	cr_assert(tab_is_json_number("-12", 3));
	cr_assert_not(tab_is_json_number("012", 3));
	cr_assert_not(tab_is_json_number("+1", 2));
	cr_assert_not(tab_is_json_number(".5", 2));
	cr_assert_not(tab_is_json_number("1e5", 3));
	cr_assert_not(tab_is_json_number("", 0));
}

Test(tabelle, audit_action_has_words)
{
	cr_assert_not_null(audit_action_label("dati.ingest"));
}
