/*
 * sbuf_test.c - the bounded string builder: invariants after every
 * operation (git's assert_sane_strbuf), the cap at max and max + 1, the
 * sticky error, detach and release.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sbuf.h"

static void
assert_sane(const struct sbuf *sb)
{
	cr_assert_not_null(sb->buf);
	cr_assert_eq(sb->buf[sb->len], '\0');
	cr_assert_leq(sb->len, sb->max);
	if (sb->alloc)
		cr_assert_lt(sb->len, sb->alloc);
}

Test(sbuf, starts_empty_and_terminated)
{
	struct sbuf sb = SBUF_INIT(16);

	assert_sane(&sb);
	cr_assert_str_eq(sb.buf, "");
	cr_assert_eq(sbuf_err(&sb), 0);
	sbuf_release(&sb);
}

Test(sbuf, fills_exactly_to_the_cap)
{
	struct sbuf sb = SBUF_INIT(8);

	sbuf_addstr(&sb, "abcd");
	assert_sane(&sb);
	sbuf_addf(&sb, "%d", 1234);
	assert_sane(&sb);
	cr_assert_str_eq(sb.buf, "abcd1234");
	cr_assert_eq(sbuf_err(&sb), 0);
	sbuf_release(&sb);
}

Test(sbuf, one_byte_past_the_cap_is_an_error_not_a_truncation)
{
	struct sbuf sb = SBUF_INIT(8);

	sbuf_addstr(&sb, "abcdefgh");
	sbuf_addch(&sb, 'i');
	assert_sane(&sb);
	cr_assert_eq(sbuf_err(&sb), AV_ETOOBIG);
	cr_assert_str_eq(sb.buf, "abcdefgh");
	/* sticky: later small appends are ignored */
	sbuf_reset(&sb);
	sbuf_addstr(&sb, "x");
	cr_assert_eq(sbuf_err(&sb), AV_ETOOBIG);
	cr_assert_eq(sb.len, 0);
	sbuf_release(&sb);
}

Test(sbuf, addf_past_the_cap_fails)
{
	struct sbuf sb = SBUF_INIT(5);

	sbuf_addf(&sb, "%s", "123456");
	cr_assert_eq(sbuf_err(&sb), AV_ETOOBIG);
	cr_assert_eq(sb.len, 0);
	assert_sane(&sb);
	sbuf_release(&sb);
}

Test(sbuf, grows_over_many_appends)
{
	struct sbuf sb = SBUF_INIT(100000);
	int i;

	for (i = 0; i < 10000; i++) {
		sbuf_addf(&sb, "%d,", i % 10);
		assert_sane(&sb);
	}
	cr_assert_eq(sb.len, 20000);
	cr_assert_eq(sbuf_err(&sb), 0);
	sbuf_release(&sb);
}

Test(sbuf, json_escaping)
{
	struct sbuf sb = SBUF_INIT(64);
	const char in[] = "a\"b\\c\nd\x01";

	sbuf_add_json_escaped(&sb, in, sizeof(in) - 1);
	cr_assert_str_eq(sb.buf, "a\\\"b\\\\c\\nd\\u0001");
	sbuf_release(&sb);
}

Test(sbuf, detach_transfers_ownership_and_resets)
{
	struct sbuf sb = SBUF_INIT(32);
	size_t len;
	char *p;

	sbuf_addstr(&sb, "hello");
	p = sbuf_detach(&sb, &len);
	cr_assert_str_eq(p, "hello");
	cr_assert_eq(len, 5);
	assert_sane(&sb);
	cr_assert_eq(sb.len, 0);
	free(p);
	p = sbuf_detach(&sb, NULL); /* empty detach still gives a string */
	cr_assert_str_eq(p, "");
	free(p);
	sbuf_release(&sb);
	sbuf_release(&sb); /* release twice is safe */
}
