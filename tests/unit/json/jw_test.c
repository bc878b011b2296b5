/*
 * jw_test.c - the streaming JSON writer against an independent reader
 * (jansson): random documents written with jw must parse back equal to the
 * jansson value they were written from; every control character and every
 * kind of invalid UTF-8 must come out as valid JSON; numbers at the limits;
 * the buffer's cap is reported, never overrun.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "json/jw.h"

/* Parses what the writer produced; fails the test if it is not JSON. */
static json_t *
parse(const struct sbuf *sb)
{
	json_error_t e;
	json_t *v = json_loadb(
	    sb->buf, sb->len,
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);

	cr_assert_not_null(v, "not JSON (%s): %.200s", e.text, sb->buf);
	return v;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t
next_rand(void)
{
	/* xorshift64*: reproducible documents, no libc state. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717u) >> 32);
}

/* A random valid UTF-8 string with escapes, controls and multibyte text. */
static json_t *
random_string(void)
{
	static const char *const pieces[] = {"a",
	                                     "Z",
	                                     " ",
	                                     "\"",
	                                     "\\",
	                                     "/",
	                                     "\n",
	                                     "\t",
	                                     "\x01",
	                                     "\x1f",
	                                     "\x7f",
	                                     "\xc3\xa8",
	                                     "\xe2\x82\xac",
	                                     "\xf0\x9f\x98\x80",
	                                     "\xe2\x80\xa8",
	                                     "citt\xc3\xa0",
	                                     "{}",
	                                     "[,]",
	                                     "\\u0000"};
	char buf[256];
	size_t len = 0, n = next_rand() % 12, i;

	for (i = 0; i < n; i++) {
		const char *p =
		    pieces[next_rand() % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t pl = strlen(p);

		if (len + pl >= sizeof(buf))
			break;
		memcpy(buf + len, p, pl);
		len += pl;
	}
	return json_stringn(buf, len);
}

static json_t *
random_value(int depth)
{
	unsigned kind = next_rand() % (depth > 4 ? 5 : 7);
	json_t *v;
	int i, n;

	switch (kind) {
	case 0:
		return json_null();
	case 1:
		return json_boolean(next_rand() & 1);
	case 2: {
		int64_t x =
		    (int64_t)(((uint64_t)next_rand() << 32) | next_rand());

		if (next_rand() % 4 == 0)
			x = next_rand() % 3 == 0 ? INT64_MIN : INT64_MAX;
		return json_integer(next_rand() & 1 ? x : x % 1000);
	}
	case 3:
	case 4:
		return random_string();
	case 5:
		v = json_array();
		n = (int)(next_rand() % 6);
		for (i = 0; i < n; i++)
			json_array_append_new(v, random_value(depth + 1));
		return v;
	default:
		v = json_object();
		n = (int)(next_rand() % 6);
		for (i = 0; i < n; i++) {
			json_t *k = random_string();

			json_object_set_new(v, json_string_value(k),
			                    random_value(depth + 1));
			json_decref(k);
		}
		return v;
	}
}

Test(jw, random_documents_round_trip_through_jansson)
{
	int i;

	for (i = 0; i < 2000; i++) {
		json_t *doc = random_value(0), *back;
		struct sbuf sb = SBUF_INIT(1 << 20);
		struct jw w;

		jw_init(&w, &sb);
		jw_json(&w, doc);
		cr_assert_eq(jw_finish(&w), AV_OK);
		back = parse(&sb);
		cr_assert(json_equal(doc, back), "document %d differs: %s", i,
		          sb.buf);
		json_decref(back);
		json_decref(doc);
		sbuf_release(&sb);
	}
}

Test(jw, every_control_character_is_escaped)
{
	int c;

	for (c = 0; c < 0x20; c++) {
		char in[3] = {'x', (char)c, 'y'};
		struct sbuf sb = SBUF_INIT(256);
		struct jw w;
		json_t *back;
		size_t i;

		jw_init(&w, &sb);
		jw_strn(&w, in, 3);
		cr_assert_eq(jw_finish(&w), AV_OK);
		for (i = 0; i < sb.len; i++)
			cr_assert((unsigned char)sb.buf[i] >= 0x20,
			          "raw control 0x%02x in output", c);
		back = parse(&sb);
		cr_assert_eq(json_string_length(back), 3);
		cr_assert_eq(memcmp(json_string_value(back), in, 3), 0);
		json_decref(back);
		sbuf_release(&sb);
	}
}

Test(jw, invalid_utf8_becomes_replacement_characters)
{
	static const char *const bad[] = {
	    "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80",
	    "\x80", "ok\xc3",   "\xf0\x9f\x98"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sbuf sb = SBUF_INIT(256);
		struct jw w;
		json_t *back;

		jw_init(&w, &sb);
		jw_obj(&w);
		jw_kstr(&w, bad[i], bad[i]); /* keys are escaped too */
		jw_obj_end(&w);
		cr_assert_eq(jw_finish(&w), AV_OK);
		back = parse(&sb); /* jansson refuses invalid UTF-8 */
		cr_assert(strstr(sb.buf, "\\ufffd") != NULL);
		json_decref(back);
		sbuf_release(&sb);
	}
}

Test(jw, shapes_and_numbers)
{
	struct sbuf sb = SBUF_INIT(256);
	struct jw w;

	jw_init(&w, &sb);
	jw_obj(&w);
	jw_karr(&w, "items");
	jw_i64(&w, INT64_MIN);
	jw_i64(&w, 0);
	jw_i64(&w, INT64_MAX);
	jw_null(&w);
	jw_arr_end(&w);
	jw_kbool(&w, "t", 1);
	jw_kstr(&w, "n", NULL);
	jw_kobj(&w, "empty");
	jw_obj_end(&w);
	jw_key(&w, "raw");
	jw_raw(&w, "[1,2]", 5);
	jw_obj_end(&w);
	cr_assert_eq(jw_finish(&w), AV_OK);
	cr_assert_str_eq(sb.buf,
	                 "{\"items\":[-9223372036854775808,0,"
	                 "9223372036854775807,null],\"t\":true,\"n\":null,"
	                 "\"empty\":{},\"raw\":[1,2]}");
	sbuf_release(&sb);
}

Test(jw, the_cap_is_reported)
{
	struct sbuf sb = SBUF_INIT(16);
	struct jw w;
	int i;

	jw_init(&w, &sb);
	jw_arr(&w);
	for (i = 0; i < 100; i++)
		jw_str(&w, "abcdef");
	jw_arr_end(&w);
	cr_assert_eq(jw_finish(&w), AV_ETOOBIG);
	cr_assert(sb.len <= 16);
	sbuf_release(&sb);
}

#ifndef NDEBUG
Test(jw, a_value_without_its_key_is_a_bug, .signal = SIGABRT)
{
	struct sbuf sb = SBUF_INIT(64);
	struct jw w;

	jw_init(&w, &sb);
	jw_obj(&w);
	jw_i64(&w, 1);
}

Test(jw, closing_the_wrong_container_is_a_bug, .signal = SIGABRT)
{
	struct sbuf sb = SBUF_INIT(64);
	struct jw w;

	jw_init(&w, &sb);
	jw_arr(&w);
	jw_obj_end(&w);
}

Test(jw, an_unfinished_answer_is_a_bug, .signal = SIGABRT)
{
	struct sbuf sb = SBUF_INIT(64);
	struct jw w;

	jw_init(&w, &sb);
	jw_obj(&w);
	jw_finish(&w);
}
#endif

/* jw_indent lays out what the writer wrote as jansson's JSON_INDENT does. */
static void
indent_of(const json_t *doc, int n, struct sbuf *out)
{
	struct sbuf sb = SBUF_INIT(1 << 20);
	struct jw w;

	jw_init(&w, &sb);
	jw_json(&w, doc);
	cr_assert_eq(jw_finish(&w), AV_OK);
	jw_indent(out, sb.buf, sb.len, n);
	sbuf_release(&sb);
}

Test(jw, indent_matches_jansson_and_keeps_the_value)
{
	/* Strings holding the characters the layout acts on. */
	json_t *doc = json_pack(
	    "{s:[i, {}, [], {s:s, s:n, s:b}], s:{s:[s]}, s:s, s:[[[]]]}", "a",
	    1, "k,:{", "v\"}],", "x", "y", 0, "nested", "deep", "a\\\"b",
	    "plain", "[not:an,array]", "e", NULL);
	struct sbuf got = SBUF_INIT(1 << 20);
	char *want;
	int i;

	cr_assert_not_null(doc);
	want = json_dumps(doc, JSON_INDENT(2));
	indent_of(doc, 2, &got);
	cr_assert_str_eq(got.buf, want);
	free(want);
	json_decref(doc);
	sbuf_release(&got);
	for (i = 0; i < 500; i++) {
		json_t *back;

		doc = random_value(0);
		sbuf_init(&got, 1 << 22);
		indent_of(doc, 4, &got);
		back = parse(&got);
		cr_assert(json_equal(doc, back), "document %d differs: %s", i,
		          got.buf);
		json_decref(back);
		json_decref(doc);
		sbuf_release(&got);
	}
}
