/*
 * sbuf_test.c - the bounded string builder: invariants after every
 * operation (git's assert_sane_strbuf), the cap at max and max + 1, the
 * sticky error, detach and release.
 */
#include <criterion/criterion.h>
#include <jansson.h>
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

Test(sbuf, json_escaped_replaces_what_is_not_utf8)
{
	struct sbuf sb = SBUF_INIT(256);
	/* valid è, then a lone continuation, an overlong '/', a surrogate,
	 * a truncated 3-byte sequence at the end */
	const char in[] = "\xc3\xa8|\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82";

	sbuf_add_json_escaped(&sb, in, sizeof(in) - 1);
	cr_assert_str_eq(sb.buf, "\xc3\xa8|\\ufffd|\\ufffd\\ufffd|"
	                         "\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd");
	sbuf_release(&sb);
}

/*
 * Against an independent UTF-8 validator (jansson's): for random byte
 * strings, the escaped text is always a JSON string jansson accepts, and it
 * carries a replacement character exactly when jansson refuses the raw
 * bytes as a string.
 */
Test(sbuf, json_escaped_agrees_with_jansson)
{
	unsigned seed = 12345;
	int round;

	for (round = 0; round < 20000; round++) {
		unsigned char in[12];
		struct sbuf sb = SBUF_INIT(256);
		size_t len = 1 + (seed % sizeof(in)), i;
		json_t *raw, *parsed;
		char doc[300];

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly high bytes, where UTF-8 goes wrong. */
			in[i] =
			    (unsigned char)((seed >> 16) % 3 == 0
			                        ? (seed >> 8) & 0x7f
			                        : 0x80 | ((seed >> 8) & 0x7f));
		}
		sbuf_add_json_escaped(&sb, (const char *)in, len);
		snprintf(doc, sizeof(doc), "\"%s\"", sb.buf);
		parsed =
		    json_loads(doc, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		cr_assert_not_null(parsed, "escaped text is not JSON: %s", doc);
		raw = json_stringn((const char *)in, len);
		cr_assert_eq(raw == NULL, strstr(sb.buf, "\\ufffd") != NULL,
		             "disagree on %s", doc);
		if (raw != NULL)
			cr_assert(json_equal(raw, parsed));
		json_decref(raw);
		json_decref(parsed);
		sbuf_release(&sb);
	}
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

Test(sbuf, html_escaped)
{
	struct sbuf sb = SBUF_INIT(64);

	sbuf_add_html_escaped(&sb, "a<b>&\"c'd è");
	sbuf_add_html_escaped(&sb, NULL);
	sbuf_add_html_escaped(&sb, "");
	cr_assert_str_eq(sb.buf, "a&lt;b&gt;&amp;&quot;c&#39;d è");
	sbuf_release(&sb);
}
