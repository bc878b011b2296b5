/*
 * download_test.c - the pure parts of files in and out: Range parsing at
 * every edge (first/last byte, past the end, suffixes, several ranges,
 * garbage, overflow), the Content-Disposition encoder, and the cleaning
 * of client file names.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "http/download.h"
#include "http/upload.h"

static enum range_result
rp(const char *v, uint64_t size, uint64_t *a, uint64_t *b)
{
	*a = *b = 12345;
	return range_parse(v, size, a, b);
}

Test(range, single_ranges)
{
	uint64_t a, b;

	cr_assert_eq(rp("bytes=0-0", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 0 && b == 0);
	cr_assert_eq(rp("bytes=10-19", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 10 && b == 19);
	cr_assert_eq(rp("bytes=99-99", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 99 && b == 99);
	cr_assert_eq(rp("bytes=90-", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 90 && b == 99);
	cr_assert_eq(rp("bytes=90-1000", 100, &a, &b), RANGE_PARTIAL,
	             "last cut to the end");
	cr_assert(a == 90 && b == 99);
	cr_assert_eq(rp("bytes=0-99999999999999999999999", 100, &a, &b),
	             RANGE_PARTIAL);
	cr_assert(a == 0 && b == 99);
	cr_assert_eq(rp(" Bytes = 5-6 ", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 5 && b == 6);
}

Test(range, suffixes)
{
	uint64_t a, b;

	cr_assert_eq(rp("bytes=-1", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 99 && b == 99);
	cr_assert_eq(rp("bytes=-100", 100, &a, &b), RANGE_PARTIAL);
	cr_assert(a == 0 && b == 99);
	cr_assert_eq(rp("bytes=-101", 100, &a, &b), RANGE_PARTIAL,
	             "longer than the file: all of it");
	cr_assert(a == 0 && b == 99);
	cr_assert_eq(rp("bytes=-99999999999999999999999", 100, &a, &b),
	             RANGE_PARTIAL);
	cr_assert(a == 0 && b == 99);
	cr_assert_eq(rp("bytes=-0", 100, &a, &b), RANGE_UNSATISFIABLE);
	cr_assert_eq(rp("bytes=-5", 0, &a, &b), RANGE_UNSATISFIABLE);
}

Test(range, unsatisfiable)
{
	uint64_t a, b;

	cr_assert_eq(rp("bytes=100-", 100, &a, &b), RANGE_UNSATISFIABLE);
	cr_assert_eq(rp("bytes=100-200", 100, &a, &b), RANGE_UNSATISFIABLE);
	cr_assert_eq(rp("bytes=0-", 0, &a, &b), RANGE_UNSATISFIABLE);
	cr_assert_eq(rp("bytes=99999999999999999999999-", 100, &a, &b),
	             RANGE_UNSATISFIABLE);
	cr_assert(a == 12345 && b == 12345, "outputs untouched");
}

Test(range, ignored)
{
	uint64_t a, b;
	char longv[RANGE_HEADER_MAX + 8];

	cr_assert_eq(rp(NULL, 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=0-1,5-6", 100, &a, &b), RANGE_FULL,
	             "several ranges: the whole file");
	cr_assert_eq(rp("bytes=0-1,", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("items=0-1", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes 0-1", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=5-4", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=-", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=a-b", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=1-2x", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=5 -6", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=+1-2", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=--1", 100, &a, &b), RANGE_FULL);
	cr_assert_eq(rp("bytes=99999999999999999999999-5", 100, &a, &b),
	             RANGE_FULL);
	memset(longv, ' ', sizeof(longv));
	memcpy(longv + sizeof(longv) - 12, "bytes=0-1", 10);
	cr_assert_eq(rp(longv, 100, &a, &b), RANGE_FULL, "too long");
	cr_assert(a == 12345 && b == 12345, "outputs untouched");
}

static void
cd_is(const char *name, const char *want)
{
	struct sbuf sb = SBUF_INIT(DISPOSITION_MAX);

	content_disposition(&sb, name);
	cr_assert_eq(sbuf_err(&sb), 0);
	cr_assert_str_eq(sb.buf, want);
	sbuf_release(&sb);
}

Test(disposition, encodes)
{
	cd_is("relazione.pdf", "attachment; filename=\"relazione.pdf\"; "
	                       "filename*=UTF-8''relazione.pdf");
	cd_is("", "attachment; filename=\"download\"; "
	          "filename*=UTF-8''download");
	cd_is(
	    "Verbale è “finale”.pdf",
	    "attachment; filename=\"Verbale _ _finale_.pdf\"; "
	    "filename*=UTF-8''Verbale%20%C3%A8%20%E2%80%9Cfinale%E2%80%9D.pdf");
	cd_is("a\"b\\c;d%e'f", "attachment; filename=\"a_b_c;d%e'f\"; "
	                       "filename*=UTF-8''a%22b%5Cc%3Bd%25e%27f");
	cd_is("!#$&+-.^_`|~", "attachment; filename=\"!#$&+-.^_`|~\"; "
	                      "filename*=UTF-8''!#$&+-.^_`|~");
	cd_is("日本.txt", "attachment; filename=\"__.txt\"; "
	                  "filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt");
}

Test(disposition, capped)
{
	struct sbuf sb = SBUF_INIT(40);

	content_disposition(&sb, "a-rather-long-name-for-a-small-buffer.pdf");
	cr_assert_neq(sbuf_err(&sb), 0, "the cap is never silent");
	sbuf_release(&sb);
}

static void
name_is(const char *raw, const char *want)
{
	char out[UPLOAD_NAME_MAX + 1];
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(upload_clean_name(raw, strlen(raw), out, &err), AV_OK,
	             "%s", raw);
	cr_assert_str_eq(out, want);
}

static void
name_refused(const char *raw, size_t len)
{
	char out[UPLOAD_NAME_MAX + 1];
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(upload_clean_name(raw, len, out, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "nome");
}

Test(upload_name, cleaned)
{
	char longname[600], want[UPLOAD_NAME_MAX + 1];
	size_t i;

	name_is("relazione.pdf", "relazione.pdf");
	name_is("../../etc/passwd", "passwd");
	name_is("/abs/path/x.pdf", "x.pdf");
	name_is("C:\\Documenti\\y.pdf", "y.pdf");
	name_is("dir/", "");
	name_is("..", "");
	name_is("a/..", "");
	name_is(".", "");
	name_is("...", "...");
	name_is("città è.pdf", "città è.pdf");
	/* 300 x "è" (2 bytes each): cut to 127 characters = 254 bytes. */
	for (i = 0; i < 300; i++)
		memcpy(longname + 2 * i, "\xc3\xa8", 2);
	longname[600 - 1] = '\0';
	longname[598] = '\0';
	memcpy(want, longname, 254);
	want[254] = '\0';
	name_is(longname, want);
	{
		/* One byte over the cap, in a buffer of exactly that size. */
		char n256[UPLOAD_NAME_MAX + 1], out[UPLOAD_NAME_MAX + 1];
		struct av_err err = AV_ERR_INIT;

		memset(n256, 'a', sizeof(n256));
		cr_assert_eq(upload_clean_name(n256, sizeof(n256), out, &err),
		             AV_OK);
		cr_assert_eq(strlen(out), UPLOAD_NAME_MAX);
	}
	name_refused("a\x01.pdf", 6);
	name_refused("a\x7f.pdf", 6);
	name_refused("a\xc2\x85.pdf", 7); /* C1 control */
	name_refused("a\xff.pdf", 6);
	name_refused("a\xc3", 2); /* truncated sequence */
	name_refused("a\0b", 3);
}
