/*
 * jw_test.h - lets a unit test look into an answer written with the JSON
 * writer: write into a fresh buffer (jw_test_begin), then parse it back
 * with jansson (jw_test_parse), which also proves the text is one valid
 * JSON value.  Header-only, like testdb.h.
 */
#ifndef AV_JW_TEST_H
#define AV_JW_TEST_H

#include <criterion/criterion.h>
#include <jansson.h>

#include "core/sbuf.h"
#include "json/jw.h"

#define JW_TEST_MAX ((size_t)4 << 20)

static inline struct jw *
jw_test_begin(struct jw *w, struct sbuf *sb)
{
	sbuf_init(sb, JW_TEST_MAX);
	jw_init(w, sb);
	return w;
}

/* The value w wrote, parsed (the caller's); the buffer is released. */
static inline json_t *
jw_test_parse(struct jw *w)
{
	json_error_t e;
	json_t *j;

	cr_assert_eq(jw_finish(w), AV_OK,
	             "the writer did not complete a value");
	j = json_loadb(w->out->buf, w->out->len, 0, &e);
	cr_assert_not_null(j, "not JSON: %s", e.text);
	sbuf_release(w->out);
	return j;
}

#endif
