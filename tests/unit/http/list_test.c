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

/*
 * list_walk over the keys 10, 20, ..., 100 (descending or not): the pages
 * by cursor are the rows in order, each once; a row inserted before the
 * cursor between two pages is not repeated, one after it is not skipped.
 */
static const struct list_spec walk_spec = {"walk", 3, 10, 100, "i", 0};

static int
walk_page(struct list_req *lr, const int64_t *keys, size_t n, int desc,
          int64_t *out, int64_t *nout, int64_t *total, int *more)
{
	struct list_walk lw;

	list_walk_init(&lw, lr, desc);
	*nout = 0;
	for (size_t i = 0; i < n; i++) {
		struct list_val k = list_int(keys[i]);

		if (list_walk_row(&lw, &k))
			out[(*nout)++] = keys[i];
	}
	*total = lw.total;
	*more = lw.more;
	if (lw.more)
		lr->keys[0] = lw.last[0];
	lr->after = 1;
	return 0;
}

Test(list, a_walk_pages_each_row_once)
{
	int64_t asc[12] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
	int64_t got[10], all[16], total = 0;
	int64_t nout, nall = 0;
	size_t n = 10;
	int more = 1, page = 0;
	struct list_req lr;

	memset(&lr, 0, sizeof(lr));
	lr.spec = &walk_spec;
	lr.limit = 3;
	while (more) {
		walk_page(&lr, asc, n, 0, got, &nout, &total, &more);
		cr_assert_leq(nout, 3);
		for (int64_t i = 0; i < nout; i++)
			all[nall++] = got[i];
		if (++page == 1) {
			/* Between pages 1 and 2: 15 (before the cursor, 30)
			 * and 55 (after it) appear. */
			int64_t ins[12] = {10, 15, 20, 30, 40, 50,
			                   55, 60, 70, 80, 90, 100};

			memcpy(asc, ins, sizeof(ins));
			n = 12;
			cr_assert_eq(total, 10);
		}
		cr_assert_lt(page, 6);
	}
	/* 10 20 30 | 40 50 55 | 60 70 80 | 90 100: 55 not skipped, no row
	 * repeated (15 is before the cursor: a later visit shows it). */
	int64_t want[11] = {10, 20, 30, 40, 50, 55, 60, 70, 80, 90, 100};

	cr_assert_eq(nall, 11, "rows %lld", (long long)nall);
	for (int64_t i = 0; i < nall; i++)
		cr_assert_eq(all[i], want[i], "row %lld: %lld", (long long)i,
		             (long long)all[i]);
}

Test(list, a_descending_walk_and_an_offset)
{
	int64_t desc[5] = {50, 40, 30, 20, 10}, got[5], nout, total;
	int more;
	struct list_req lr;

	memset(&lr, 0, sizeof(lr));
	lr.spec = &walk_spec;
	lr.limit = 2;
	lr.offset = 1;
	walk_page(&lr, desc, 5, 1, got, &nout, &total, &more);
	cr_assert_eq(nout, 2);
	cr_assert_eq(got[0], 40);
	cr_assert_eq(got[1], 30);
	cr_assert(more);
	cr_assert_eq(total, 5);
	lr.offset = 0;
	walk_page(&lr, desc, 5, 1, got, &nout, &total, &more);
	cr_assert_eq(nout, 2);
	cr_assert_eq(got[0], 20);
	cr_assert_eq(got[1], 10);
	cr_assert(!more);
}
