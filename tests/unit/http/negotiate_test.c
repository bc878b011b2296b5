/*
 * negotiate_test.c - Accept-Encoding and If-None-Match parsing: the forms
 * browsers and proxies send, q=0 refusals, lists, weak tags and garbage.
 */
#include <criterion/criterion.h>

#include "http/negotiate.h"

Test(negotiate, accepts_gzip)
{
	cr_assert(negotiate_accepts_gzip("gzip"));
	cr_assert(negotiate_accepts_gzip("gzip, deflate, br"));
	cr_assert(negotiate_accepts_gzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
	cr_assert(negotiate_accepts_gzip("GZIP"));
	cr_assert(negotiate_accepts_gzip("x-gzip"));
	cr_assert(negotiate_accepts_gzip("*"));
	cr_assert(negotiate_accepts_gzip(" deflate ,\tgzip ; q=0.001"));
	cr_assert_not(negotiate_accepts_gzip(NULL));
	cr_assert_not(negotiate_accepts_gzip(""));
	cr_assert_not(negotiate_accepts_gzip("identity"));
	cr_assert_not(negotiate_accepts_gzip("gzip;q=0"));
	cr_assert_not(negotiate_accepts_gzip("gzip; q=0.000"));
	cr_assert_not(negotiate_accepts_gzip("gzip;q=0, *"), "explicit wins");
	cr_assert_not(negotiate_accepts_gzip("*;q=0"));
	cr_assert_not(negotiate_accepts_gzip("gzipped"));
	cr_assert_not(negotiate_accepts_gzip("nogzip"));
	cr_assert_not(negotiate_accepts_gzip(",,,;;;"));
}

Test(negotiate, etag_matches)
{
	const char *t = "\"0123abcd\"";

	cr_assert(negotiate_etag_matches("\"0123abcd\"", t));
	cr_assert(negotiate_etag_matches("W/\"0123abcd\"", t));
	cr_assert(negotiate_etag_matches("\"x\", W/\"0123abcd\"", t));
	cr_assert(negotiate_etag_matches(" \"x\" ,\"0123abcd\" ", t));
	cr_assert(negotiate_etag_matches("*", t));
	cr_assert(negotiate_etag_matches("\"0123abcd\"", "W/\"0123abcd\""));
	cr_assert_not(negotiate_etag_matches(NULL, t));
	cr_assert_not(negotiate_etag_matches("", t));
	cr_assert_not(negotiate_etag_matches("\"0123abcd-gzip\"", t));
	cr_assert_not(negotiate_etag_matches("\"0123abc\"", t));
	cr_assert_not(negotiate_etag_matches("0123abcd", t), "unquoted");
	cr_assert_not(negotiate_etag_matches("\"0123abcd", t), "unterminated");
	cr_assert_not(negotiate_etag_matches("\"x\" junk \"0123abcd\"", t));
	cr_assert_not(negotiate_etag_matches("*, \"x\"", t));
}
