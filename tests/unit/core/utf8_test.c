/*
 * utf8_test.c - the UTF-8 decoder (overlong forms, surrogates, truncation,
 * values past U+10FFFF), cutting a text without splitting a character, and
 * counting characters.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

Test(utf8, decoder)
{
	uint32_t cp;

	cr_assert_eq(utf8_next((const unsigned char *)"\xc3\xa8", 2, &cp), 2);
	cr_assert_eq(cp, 0xE8);
	/* Overlong, surrogate, truncated, beyond U+10FFFF. */
	cr_assert_eq(utf8_next((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	cr_assert_eq(utf8_next((const unsigned char *)"\xed\xa0\x80", 3, &cp),
	             0);
	cr_assert_eq(utf8_next((const unsigned char *)"\xe2\x82", 2, &cp), 0);
	cr_assert_eq(
	    utf8_next((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
}

Test(utf8, cut_never_splits_a_character)
{
	/* "aè" is 3 bytes: a cut at 2 would split the è. */
	cr_assert_eq(utf8_cut("a\xc3\xa8", 2), 1);
	cr_assert_eq(utf8_cut("a\xc3\xa8", 3), 3);
	cr_assert_eq(utf8_cut("a\xc3\xa8", 10), 3);
	cr_assert_eq(utf8_cut("abc", 2), 2);
	cr_assert_eq(utf8_cut("", 5), 0);
}

Test(utf8, length_counts_characters)
{
	cr_assert_eq(utf8_length("Agli\xc3\xa8"), 5);
	cr_assert_eq(utf8_length(""), 0);
}
