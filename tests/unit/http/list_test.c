/*
 * list_test.c - the keyset cursors of the list pattern (http/list.h):
 * a cursor decodes to the key it was made from, and is refused -- with the
 * field "after" -- when it is not base64url, comes from another list or
 * from the same list with other filters, has the wrong number or type of
 * values, or a text with a control character.
 */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "http/list.h"

static char fp[13], other_fp[13];

static void
setup(void)
{
	cr_assert(sodium_init() >= 0);
	list_fingerprint("comuni", "p=;o=nome;q=san", fp);
	list_fingerprint("comuni", "p=;o=nome;q=sant", other_fp);
}

TestSuite(list, .init = setup);

Test(list, a_cursor_gives_back_its_key)
{
	struct list_val in[3] = {list_int(1), list_text("san giovanni|x"),
	                         list_int(-7)};
	struct list_val out[3];
	struct av_err err = AV_ERR_INIT;
	char c[LIST_CURSOR_MAX + 1];

	cr_assert_eq(list_cursor_encode("comuni", fp, "isi", in, c, sizeof(c)),
	             AV_OK);
	cr_assert(strspn(c,
	                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_") == strlen(c),
	          "not base64url: %s", c);
	cr_assert_eq(list_cursor_decode(c, "comuni", fp, "isi", out, &err),
	             AV_OK, "%s", err.detail);
	cr_assert_eq(out[0].i, 1);
	cr_assert_str_eq(out[1].s, "san giovanni|x");
	cr_assert_eq(out[2].i, -7);
}

Test(list, fingerprints_differ_with_the_filters_and_the_list)
{
	char x[13];

	cr_assert_str_neq(fp, other_fp);
	list_fingerprint("audit", "p=;o=nome;q=san", x);
	cr_assert_str_neq(fp, x);
	list_fingerprint("comuni", "p=;o=nome;q=san", x);
	cr_assert_str_eq(fp, x);
}

static void
refused(const char *cursor, const char *name, const char *f, const char *types)
{
	struct list_val out[LIST_KEYS_MAX];
	struct av_err err = AV_ERR_INIT;

	cr_expect_eq(list_cursor_decode(cursor, name, f, types, out, &err),
	             AV_EINVAL, "accepted: %s", cursor);
	cr_expect_str_eq(err.field, "after");
}

/* base64url without padding of raw bytes. */
static const char *
b64(const char *raw, size_t n)
{
	static char out[LIST_CURSOR_MAX + 1];

	sodium_bin2base64(out, sizeof(out), (const unsigned char *)raw, n,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

Test(list, bad_cursors_are_refused_with_the_field)
{
	struct list_val in[2] = {list_int(0), list_int(42)};
	char c[LIST_CURSOR_MAX + 1], raw[128];
	int n;

	cr_assert_eq(list_cursor_encode("comuni", fp, "ii", in, c, sizeof(c)),
	             AV_OK);
	refused(c, "audit", fp, "ii");        /* another list */
	refused(c, "comuni", other_fp, "ii"); /* other filters */
	refused(c, "comuni", fp, "iii");      /* more values expected */
	refused(c, "comuni", fp, "i");        /* fewer */
	refused(c, "comuni", fp, "is");       /* another type */
	refused("", "comuni", fp, "ii");
	refused("not base64!", "comuni", fp, "ii");
	refused("MR9jb211bmk=", "comuni", fp, "ii"); /* padding */
	n = snprintf(raw, sizeof(raw),
	             "2\x1f"
	             "comuni\x1f%s\x1fi0\x1fi42",
	             fp);
	refused(b64(raw, (size_t)n), "comuni", fp, "ii"); /* version */
	n = snprintf(raw, sizeof(raw),
	             "1\x1f"
	             "comuni\x1f%s\x1fi0\x1fix",
	             fp);
	refused(b64(raw, (size_t)n), "comuni", fp, "ii"); /* not a number */
	n = snprintf(raw, sizeof(raw),
	             "1\x1f"
	             "comuni\x1f%s\x1fi0\x1fi99999999999999999999",
	             fp);
	refused(b64(raw, (size_t)n), "comuni", fp, "ii"); /* overflow */
	n = snprintf(raw, sizeof(raw),
	             "1\x1f"
	             "comuni\x1f%s\x1fsa\nb",
	             fp);
	refused(b64(raw, (size_t)n), "comuni", fp, "s"); /* control char */
	n = snprintf(raw, sizeof(raw),
	             "1\x1f"
	             "comuni\x1f%s\x1fs\xff",
	             fp);
	refused(b64(raw, (size_t)n), "comuni", fp, "s"); /* not UTF-8 */
	memset(c, 'A', sizeof(c) - 1);
	c[sizeof(c) - 1] = '\0';
	refused(c, "comuni", fp, "ii"); /* too long */
}
