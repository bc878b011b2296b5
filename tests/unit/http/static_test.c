/*
 * static_test.c - the web UI's files with the installation's placeholders:
 * "{{@name}}" rendered with the values given (HTML-escaped, unknown names
 * empty), before and after static_load, new ETags and gzip on a change,
 * other files and malformed placeholders left as they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http/static.h"

static char dir[64];

static void
put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/av-static-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	put("index.html", "<b class=\"{{@cls}}\">{{@ente}}</b>{{@ignota}}|{{@"
	                  "aperto");
	put("app.css", "a{} {{@ente}}");
	put("plain.html", "<p>niente</p>");
}

static void
teardown(void)
{
	char path[128];

	static_release();
	for (const char *const *n =
	         (const char *const[]){"index.html", "app.css", "plain.html",
	                               NULL};
	     *n; n++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *n);
		unlink(path);
	}
	rmdir(dir);
}

static const char *
body(const char *url)
{
	const struct static_file *f = static_find(url);

	cr_assert_not_null(f, "%s", url);
	return f->data;
}

TestSuite(static_files, .init = setup, .fini = teardown);

Test(static_files, renders_values_set_before_and_after_load)
{
	struct av_err err = AV_ERR_INIT;
	const char *n1[] = {"ente", "cls"}, *v1[] = {"Provincia di <A&B>", ""};
	const char *v2[] = {"Provincia \"X\"", "d-none"};
	char etag[40];
	const struct static_file *f;

	cr_assert_eq(static_set_values(n1, v1, 2, &err), AV_OK);
	cr_assert_eq(static_load(dir, &err), AV_OK);
	f = static_find("/");
	cr_assert_not_null(f);
	cr_assert_str_eq(
	    f->data,
	    "<b class=\"\">Provincia di &lt;A&amp;B&gt;</b>|{{@aperto");
	cr_assert_eq(f->len, strlen(f->data));
	memcpy(etag, f->etag, sizeof(etag));
	/* not an .html file, and an .html file without placeholders */
	cr_assert_str_eq(body("/app.css"), "a{} {{@ente}}");
	cr_assert_str_eq(body("/plain.html"), "<p>niente</p>");

	cr_assert_eq(static_set_values(n1, v2, 2, &err), AV_OK);
	f = static_find("/index.html");
	cr_assert_str_eq(f->data,
	                 "<b class=\"d-none\">Provincia &quot;X&quot;</b>|{{@"
	                 "aperto");
	cr_assert_str_neq(f->etag, etag);
	cr_assert_str_eq(body("/plain.html"), "<p>niente</p>");
}

Test(static_files, too_many_names_refused)
{
	struct av_err err = AV_ERR_INIT;
	const char *n[STATIC_VALUES_MAX + 1], *v[STATIC_VALUES_MAX + 1];

	for (size_t i = 0; i <= STATIC_VALUES_MAX; i++) {
		n[i] = "x";
		v[i] = "y";
	}
	cr_assert_eq(static_set_values(n, v, STATIC_VALUES_MAX + 1, &err),
	             AV_EINVAL);
}
