/*
 * jbody_test.c - the declared-body decoder (src/json/jbody.c): every type
 * at its bounds, nested objects and arrays of objects with their JSON
 * paths, unknown fields, null as absent, control characters, what is
 * stored, the schema the same table gives, and the table check.
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "json/jbody.h"
#include "json/jw.h"

struct dest {
	const char *name, *email, *data, *tel;
	int64_t n;
	int flag, has_n;
	json_t *lotti;
};

static const struct jfield ref_fields[] = {
    {JF_STRING("email", JF_REQUIRED, 3, 20), JF_TO(struct dest, email)},
    {JF_STRING("telefono", 0, 0, 12), JF_TO(struct dest, tel)},
    {0},
};

static int
no_x(json_t *v, const char *path, struct av_err *err)
{
	if (strchr(json_string_value(v), 'x') != NULL)
		return av_fail(err, AV_EINVAL, path, "Niente x in '%s'.", path);
	return AV_OK;
}

static const struct jfield lotto_fields[] = {
    {JF_STRING("cig", JF_REQUIRED, 10, 10), .check = no_x},
    {JF_INT("importo", 0, 1, 1000)},
    {0},
};

static const struct jfield lotto_item = {JF_OBJECT("lotto", 0, lotto_fields)};

static const struct jfield tag_item = {JF_STRING("tag", 0, 1, 4)};

static const struct jfield body[] = {
    {JF_STRING("name", JF_REQUIRED, 1, 8), JF_TO(struct dest, name)},
    {JF_INT("n", 0, -5, 5), JF_TO(struct dest, n), JF_SEEN(struct dest, has_n)},
    {JF_BOOL("flag", 0), JF_TO(struct dest, flag)},
    {JF_DATE("data_adesione", 0), JF_TO(struct dest, data)},
    {JF_OBJECT("referente", 0, ref_fields)},
    {JF_ARRAY("lotti", 0, 0, 3, &lotto_item), JF_TO(struct dest, lotti)},
    {JF_ARRAY("tags", JF_REQUIRED, 1, 2, &tag_item)},
    {0},
};

/* A nested object stored whole (a json_t *), not flattened. */
struct whole {
	json_t *ref;
	const char *email;
};

static const struct jfield whole_body[] = {
    {JF_OBJECT("referente", 0, ref_fields), JF_TO(struct whole, ref)},
    {0},
};

/* Decodes text; returns the code, err receives the error. */
static int
decode(const char *text, struct dest *d, struct av_err *err)
{
	json_error_t jerr;
	/* NUL allowed here: the decoder must refuse it on its own. */
	json_t *v =
	    json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	int rc;

	cr_assert_not_null(v, "%s: %s", text, jerr.text);
	*err = (struct av_err)AV_ERR_INIT;
	memset(d, 0x55, sizeof(*d));
	rc = jbody_decode(v, body, NULL, d, err);
	json_decref(v);
	return rc;
}

/* text must be refused with field path. */
static void
refused(const char *text, const char *path)
{
	struct av_err err;
	struct dest d;

	cr_assert_eq(decode(text, &d, &err), AV_EINVAL, "%s accepted", text);
	cr_assert_str_eq(err.field, path, "%s", text);
	cr_assert(strlen(err.msg) > 10, "%s: message '%s'", text, err.msg);
}

static void
accepted(const char *text)
{
	struct av_err err;
	struct dest d;

	cr_assert_eq(decode(text, &d, &err), AV_OK, "%s: %s (%s)", text,
	             err.msg, err.field);
}

Test(jbody, stores_values)
{
	json_t *v =
	    json_loads("{\"name\":\"Ada\",\"n\":-5,\"flag\":true,"
	               "\"data_adesione\":\"2024-02-29\","
	               "\"referente\":{\"email\":\"a@b.it\"},"
	               "\"lotti\":[{\"cig\":\"ABCDEFGHIJ\"}],\"tags\":[\"a\"]}",
	               0, NULL);
	struct av_err err = AV_ERR_INIT;
	struct dest d;

	memset(&d, 0x55, sizeof(d));
	cr_assert_eq(jbody_decode(v, body, NULL, &d, &err), AV_OK, "%s",
	             err.msg);
	cr_assert_str_eq(d.name, "Ada");
	cr_assert_eq(d.n, -5);
	cr_assert_eq(d.has_n, 1);
	cr_assert_eq(d.flag, 1);
	cr_assert_str_eq(d.data, "2024-02-29");
	cr_assert_str_eq(d.email, "a@b.it", "nested object into the struct");
	cr_assert_null(d.tel, "absent optional: NULL");
	cr_assert(json_is_array(d.lotti));
	cr_assert_eq(json_array_size(d.lotti), 1);
	json_decref(v);
}

Test(jbody, absent_and_null_are_unset)
{
	json_t *v = json_loads("{\"name\":\"A\",\"n\":null,\"flag\":null,"
	                       "\"referente\":null,\"tags\":[\"x\"]}",
	                       0, NULL);
	struct av_err err = AV_ERR_INIT;
	struct dest d;

	memset(&d, 0x55, sizeof(d));
	cr_assert_eq(jbody_decode(v, body, NULL, &d, &err), AV_OK, "%s",
	             err.msg);
	cr_assert_eq(d.n, 0);
	cr_assert_eq(d.has_n, 0);
	cr_assert_eq(d.flag, 0);
	cr_assert_null(d.data);
	cr_assert_null(d.email, "absent object clears its fields");
	cr_assert_null(d.tel);
	cr_assert_null(d.lotti);
	json_decref(v);
	refused("{\"name\":null,\"tags\":[\"a\"]}", "name");
	refused("{\"tags\":[\"a\"]}", "name");
	refused("{\"name\":\"A\"}", "tags");
	refused("{\"name\":\"A\",\"tags\":null}", "tags");
	refused("{\"name\":\"A\",\"tags\":[null]}", "tags[0]");
}

Test(jbody, not_an_object)
{
	struct av_err err = AV_ERR_INIT;
	json_t *v = json_loads("[1]", 0, NULL);

	cr_assert_eq(jbody_decode(v, body, NULL, NULL, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "");
	json_decref(v);
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"referente\":[]}",
	        "referente");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":[1]}", "lotti[0]");
}

Test(jbody, strings)
{
	accepted("{\"name\":\"A\",\"tags\":[\"a\"]}");
	accepted("{\"name\":\"12345678\",\"tags\":[\"a\"]}");
	accepted("{\"name\":\"a\\nb\",\"tags\":[\"a\"]}");
	refused("{\"name\":\"123456789\",\"tags\":[\"a\"]}", "name");
	refused("{\"name\":\"\",\"tags\":[\"a\"]}", "name");
	refused("{\"name\":5,\"tags\":[\"a\"]}", "name");
	refused("{\"name\":true,\"tags\":[\"a\"]}", "name");
	refused("{\"name\":\"a\\u0000b\",\"tags\":[\"a\"]}", "name");
	refused("{\"name\":\"a\\tb\",\"tags\":[\"a\"]}", "name");
	refused("{\"name\":\"a\\u001fb\",\"tags\":[\"a\"]}", "name");
	refused("{\"name\":\"a\\rb\",\"tags\":[\"a\"]}", "name");
	/* Bytes, not characters: 3 x 3 bytes > 8. */
	refused("{\"name\":\"\\u20ac\\u20ac\\u20ac\",\"tags\":[\"a\"]}",
	        "name");
	accepted("{\"name\":\"\\u20ac\\u20ac\",\"tags\":[\"a\"]}");
}

Test(jbody, integers)
{
	accepted("{\"name\":\"A\",\"n\":5,\"tags\":[\"a\"]}");
	accepted("{\"name\":\"A\",\"n\":-5,\"tags\":[\"a\"]}");
	refused("{\"name\":\"A\",\"n\":6,\"tags\":[\"a\"]}", "n");
	refused("{\"name\":\"A\",\"n\":-6,\"tags\":[\"a\"]}", "n");
	refused("{\"name\":\"A\",\"n\":1.0,\"tags\":[\"a\"]}", "n");
	refused("{\"name\":\"A\",\"n\":\"1\",\"tags\":[\"a\"]}", "n");
	refused("{\"name\":\"A\",\"n\":true,\"tags\":[\"a\"]}", "n");
	refused("{\"name\":\"A\",\"n\":9223372036854775807,\"tags\":[\"a\"]}",
	        "n");
}

Test(jbody, booleans_and_dates)
{
	accepted("{\"name\":\"A\",\"flag\":false,\"tags\":[\"a\"]}");
	refused("{\"name\":\"A\",\"flag\":0,\"tags\":[\"a\"]}", "flag");
	refused("{\"name\":\"A\",\"flag\":\"true\",\"tags\":[\"a\"]}", "flag");
	accepted("{\"name\":\"A\",\"data_adesione\":\"2000-12-31\","
	         "\"tags\":[\"a\"]}");
	refused("{\"name\":\"A\",\"data_adesione\":\"2021-02-29\","
	        "\"tags\":[\"a\"]}",
	        "data_adesione");
	refused("{\"name\":\"A\",\"data_adesione\":\"01/03/2026\","
	        "\"tags\":[\"a\"]}",
	        "data_adesione");
	refused("{\"name\":\"A\",\"data_adesione\":20210101,"
	        "\"tags\":[\"a\"]}",
	        "data_adesione");
	refused("{\"name\":\"A\",\"data_adesione\":\"2021-01-01T00:00\","
	        "\"tags\":[\"a\"]}",
	        "data_adesione");
}

Test(jbody, nested_paths)
{
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"referente\":{}}",
	        "referente.email");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],"
	        "\"referente\":{\"email\":\"ab\"}}",
	        "referente.email");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],"
	        "\"referente\":{\"email\":\"a@b.it\",\"telefono\":1}}",
	        "referente.telefono");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],"
	        "\"referente\":{\"email\":\"a@b.it\",\"fax\":\"1\"}}",
	        "referente.fax");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":["
	        "{\"cig\":\"ABCDEFGHIJ\"},{\"cig\":\"ABCDEFGHIJ\"},"
	        "{\"cig\":\"ABC\"}]}",
	        "lotti[2].cig");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":["
	        "{\"cig\":\"ABCDEFGHIJ\",\"importo\":0}]}",
	        "lotti[0].importo");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":["
	        "{\"cig\":\"ABCDEFGHIJ\",\"colore\":0}]}",
	        "lotti[0].colore");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":[{}]}",
	        "lotti[0].cig");
	refused("{\"name\":\"A\",\"tags\":[\"a\",\"12345\"]}", "tags[1]");
	refused("{\"name\":\"A\",\"tags\":[\"a\",\"\"]}", "tags[1]");
}

Test(jbody, validator_gets_the_path)
{
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":["
	        "{\"cig\":\"ABCDEFGHIJ\"},{\"cig\":\"ABCDEFGHIx\"}]}",
	        "lotti[1].cig");
}

Test(jbody, array_bounds)
{
	accepted("{\"name\":\"A\",\"tags\":[\"a\",\"b\"],\"lotti\":[]}");
	refused("{\"name\":\"A\",\"tags\":[]}", "tags");
	refused("{\"name\":\"A\",\"tags\":[\"a\",\"b\",\"c\"]}", "tags");
	refused("{\"name\":\"A\",\"tags\":\"a\"}", "tags");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"lotti\":[{\"cig\":"
	        "\"ABCDEFGHIJ\"},{\"cig\":\"ABCDEFGHIJ\"},{\"cig\":"
	        "\"ABCDEFGHIJ\"},{\"cig\":\"ABCDEFGHIJ\"}]}",
	        "lotti");
}

Test(jbody, unknown_fields_first)
{
	/* The misspelt key is named, not the required field it replaced. */
	refused("{\"nome\":\"A\",\"tags\":[\"a\"]}", "nome");
	refused("{\"name\":\"A\",\"tags\":[\"a\"],\"\":1}", "");
}

Test(jbody, long_unknown_key_is_cut)
{
	char text[512];
	struct av_err err;
	struct dest d;

	snprintf(text, sizeof(text), "{\"%0300d\":1}", 7);
	cr_assert_eq(decode(text, &d, &err), AV_EINVAL);
	cr_assert_eq(strlen(err.field), 64);
}

Test(jbody, prefix_for_items)
{
	json_t *v = json_loads("{\"cig\":\"A\"}", 0, NULL);
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(jbody_decode(v, lotto_fields, "lotti[7]", NULL, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "lotti[7].cig");
	json_decref(v);
}

Test(jbody, object_stored_whole)
{
	json_t *v =
	    json_loads("{\"referente\":{\"email\":\"a@b.it\"}}", 0, NULL);
	struct av_err err = AV_ERR_INIT;
	struct whole w = {NULL, "untouched"};

	cr_assert_eq(jbody_decode(v, whole_body, NULL, &w, &err), AV_OK);
	cr_assert_eq(w.ref, json_object_get(v, "referente"));
	cr_assert_str_eq(w.email, "untouched");
	json_decref(v);
	v = json_loads("{\"referente\":{\"email\":1}}", 0, NULL);
	cr_assert_eq(jbody_decode(v, whole_body, NULL, &w, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "referente.email", "checked all the same");
	json_decref(v);
}

Test(jbody, custom_message)
{
	static const struct jfield t[] = {
	    {JF_INT("x", 0, 1, 2), .msg = "Serve 1 o 2."},
	    {0},
	};
	json_t *v = json_loads("{\"x\":3}", 0, NULL);
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(jbody_decode(v, t, NULL, NULL, &err), AV_EINVAL);
	cr_assert_str_eq(err.msg, "Serve 1 o 2.");
	json_decref(v);
}

/* The schema as GET /api/v1/openapi.json writes it, read back. */
static json_t *
schema_json(const struct jfield *fields)
{
	struct sbuf sb = SBUF_INIT(1 << 16);
	struct jw w;
	json_t *s;

	jw_init(&w, &sb);
	jbody_write_schema(&w, fields);
	cr_assert_eq(jw_finish(&w), AV_OK);
	s = json_loadb(sb.buf, sb.len, 0, NULL);
	cr_assert_not_null(s, "%s", sb.buf);
	sbuf_release(&sb);
	return s;
}

Test(jbody, schema)
{
	json_t *s = schema_json(body), *p;
	char *text;

	cr_assert_str_eq(json_string_value(json_object_get(s, "type")),
	                 "object");
	cr_assert(json_is_false(json_object_get(s, "additionalProperties")));
	text = json_dumps(json_object_get(s, "required"), JSON_COMPACT);
	cr_assert_str_eq(text, "[\"name\",\"tags\"]");
	free(text);
	p = json_object_get(s, "properties");
	cr_assert_eq(json_integer_value(json_object_get(
	                 json_object_get(p, "name"), "maxLength")),
	             8);
	cr_assert_eq(json_integer_value(
	                 json_object_get(json_object_get(p, "n"), "minimum")),
	             -5);
	cr_assert_str_eq(json_string_value(json_object_get(
	                     json_object_get(p, "data_adesione"), "format")),
	                 "date");
	text = json_dumps(
	    json_object_get(json_object_get(p, "referente"), "required"),
	    JSON_COMPACT);
	cr_assert_str_eq(text, "[\"email\"]");
	free(text);
	cr_assert_str_eq(
	    json_string_value(json_object_get(
	        json_object_get(json_object_get(p, "lotti"), "items"), "type")),
	    "object");
	cr_assert_eq(json_integer_value(json_object_get(
	                 json_object_get(p, "lotti"), "maxItems")),
	             3);
	json_decref(s);
}

Test(jbody, table_check)
{
	static const struct jfield no_max[] = {
	    {.name = "s", .type = JT_STRING},
	    {0},
	};
	static const struct jfield bad_int[] = {
	    {.name = "i", .type = JT_INT, .min = 3, .max = 2},
	    {0},
	};
	static const struct jfield no_item[] = {
	    {.name = "a", .type = JT_ARRAY, .max = 2},
	    {0},
	};
	static const struct jfield no_type[] = {
	    {.name = "t"},
	    {0},
	};
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(jbody_table_check(body, &err), AV_OK, "%s", err.msg);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(jbody_table_check(no_max, &err), AV_EINTERNAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(jbody_table_check(bad_int, &err), AV_EINTERNAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(jbody_table_check(no_item, &err), AV_EINTERNAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(jbody_table_check(no_type, &err), AV_EINTERNAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(jbody_table_check(NULL, &err), AV_EINTERNAL);
}
