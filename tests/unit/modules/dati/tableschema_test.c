/*
 * tableschema_test.c - the Table Schema conformance table: for every type,
 * format and constraint of STANDARDS.md §6 values that must pass and values
 * that must fail with the named rule; schemas refused with their JSON path;
 * a streamed CSV with every kind of row error (header, missing and extra
 * cells, primaryKey, uniqueKeys with nulls excluded, self and registry
 * foreign keys), fed in 1-byte chunks and whole, giving the same errors.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/dati/tableschema.h"

struct conf {
	const char *field; /* JSON of one field */
	const char *value;
	const char *rule; /* NULL: valid */
};

static const struct conf table[] = {
    /* string and its formats */
    {"{\"name\":\"a\",\"type\":\"string\"}", "ciao", NULL},
    {"{\"name\":\"a\",\"type\":\"string\"}", "\xC3\xA8", NULL},
    {"{\"name\":\"a\",\"type\":\"string\"}", "\xC3\x28", "encoding"},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"email\"}",
     "ufficio@provincia.it", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"email\"}",
     "ufficio.provincia.it", "type"},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"uri\"}",
     "https://dati.gov.it/x", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"uri\"}", "non un uri",
     "type"},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"uuid\"}",
     "123e4567-e89b-12d3-a456-426614174000", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"uuid\"}",
     "123e4567-e89b-12d3-a456-42661417400", "type"},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"binary\"}",
     "aGVsbG8=", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"format\":\"binary\"}", "a$b",
     "type"},
    /* number: dot, Italian, NaN/INF, bareNumber */
    {"{\"name\":\"a\",\"type\":\"number\"}", "-1.5e3", NULL},
    {"{\"name\":\"a\",\"type\":\"number\"}", "NaN", NULL},
    {"{\"name\":\"a\",\"type\":\"number\"}", "-INF", NULL},
    {"{\"name\":\"a\",\"type\":\"number\"}", "1,5", "type"},
    {"{\"name\":\"a\",\"type\":\"number\"}", "abc", "type"},
    {"{\"name\":\"a\",\"type\":\"number\",\"decimalChar\":\",\","
     "\"groupChar\":\".\"}",
     "1.234.567,89", NULL},
    {"{\"name\":\"a\",\"type\":\"number\",\"decimalChar\":\",\","
     "\"groupChar\":\".\"}",
     "1,2,3", "type"},
    {"{\"name\":\"a\",\"type\":\"number\",\"bareNumber\":false}", "€ 95.5%",
     NULL},
    {"{\"name\":\"a\",\"type\":\"number\"}", "€ 95.5", "type"},
    /* integer */
    {"{\"name\":\"a\",\"type\":\"integer\"}", "-42", NULL},
    {"{\"name\":\"a\",\"type\":\"integer\"}", "4.2", "type"},
    {"{\"name\":\"a\",\"type\":\"integer\"}", "99999999999999999999", "type"},
    {"{\"name\":\"a\",\"type\":\"integer\",\"groupChar\":\".\"}", "1.000.000",
     NULL},
    {"{\"name\":\"a\",\"type\":\"integer\",\"bareNumber\":false}",
     "12 abitanti", NULL},
    /* boolean */
    {"{\"name\":\"a\",\"type\":\"boolean\"}", "TRUE", NULL},
    {"{\"name\":\"a\",\"type\":\"boolean\"}", "0", NULL},
    {"{\"name\":\"a\",\"type\":\"boolean\"}", "sì", "type"},
    {"{\"name\":\"a\",\"type\":\"boolean\",\"trueValues\":[\"sì\"],"
     "\"falseValues\":[\"no\"]}",
     "sì", NULL},
    {"{\"name\":\"a\",\"type\":\"boolean\",\"trueValues\":[\"sì\"],"
     "\"falseValues\":[\"no\"]}",
     "true", "type"},
    /* object, array, list */
    {"{\"name\":\"a\",\"type\":\"object\"}", "{\"k\":1}", NULL},
    {"{\"name\":\"a\",\"type\":\"object\"}", "[1]", "type"},
    {"{\"name\":\"a\",\"type\":\"array\"}", "[1,2]", NULL},
    {"{\"name\":\"a\",\"type\":\"array\"}", "{}", "type"},
    {"{\"name\":\"a\",\"type\":\"list\",\"itemType\":\"integer\"}", "1,2,3",
     NULL},
    {"{\"name\":\"a\",\"type\":\"list\",\"itemType\":\"integer\"}", "1,x,3",
     "type"},
    {"{\"name\":\"a\",\"type\":\"list\",\"delimiter\":\";\"}", "a;b", NULL},
    /* dates, times */
    {"{\"name\":\"a\",\"type\":\"date\"}", "2026-02-28", NULL},
    {"{\"name\":\"a\",\"type\":\"date\"}", "2026-02-29", "type"},
    {"{\"name\":\"a\",\"type\":\"date\"}", "2024-02-29", NULL},
    {"{\"name\":\"a\",\"type\":\"date\",\"format\":\"%d/%m/%Y\"}", "31/12/2026",
     NULL},
    {"{\"name\":\"a\",\"type\":\"date\",\"format\":\"%d/%m/%Y\"}", "31/02/2026",
     "type"},
    {"{\"name\":\"a\",\"type\":\"date\",\"format\":\"%d/%m/%Y\"}", "2026-02-01",
     "type"},
    {"{\"name\":\"a\",\"type\":\"date\",\"format\":\"any\"}", "01/02/2026",
     NULL},
    {"{\"name\":\"a\",\"type\":\"datetime\"}", "2026-03-01T10:20:30Z", NULL},
    {"{\"name\":\"a\",\"type\":\"datetime\"}", "2026-03-01T10:20:30+01:00",
     NULL},
    {"{\"name\":\"a\",\"type\":\"datetime\"}", "2026-03-01 10:20:30", "type"},
    {"{\"name\":\"a\",\"type\":\"datetime\",\"format\":\"%d/%m/%Y %H:%M\"}",
     "01/03/2026 10:20", NULL},
    {"{\"name\":\"a\",\"type\":\"time\"}", "23:59:59", NULL},
    {"{\"name\":\"a\",\"type\":\"time\"}", "24:00:00", "type"},
    {"{\"name\":\"a\",\"type\":\"year\"}", "2026", NULL},
    {"{\"name\":\"a\",\"type\":\"year\"}", "26", "type"},
    {"{\"name\":\"a\",\"type\":\"yearmonth\"}", "2026-12", NULL},
    {"{\"name\":\"a\",\"type\":\"yearmonth\"}", "2026-13", "type"},
    {"{\"name\":\"a\",\"type\":\"duration\"}", "P1Y2M3DT4H5M6S", NULL},
    {"{\"name\":\"a\",\"type\":\"duration\"}", "PT", "type"},
    {"{\"name\":\"a\",\"type\":\"duration\"}", "1Y", "type"},
    /* geo */
    {"{\"name\":\"a\",\"type\":\"geopoint\"}", "12.5, 41.9", NULL},
    {"{\"name\":\"a\",\"type\":\"geopoint\"}", "200, 41.9", "type"},
    {"{\"name\":\"a\",\"type\":\"geopoint\",\"format\":\"array\"}",
     "[12.5, 41.9]", NULL},
    {"{\"name\":\"a\",\"type\":\"geopoint\",\"format\":\"object\"}",
     "{\"lon\":12.5,\"lat\":41.9}", NULL},
    {"{\"name\":\"a\",\"type\":\"geopoint\",\"format\":\"object\"}",
     "{\"lon\":12.5}", "type"},
    {"{\"name\":\"a\",\"type\":\"geojson\"}",
     "{\"type\":\"Point\",\"coordinates\":[1,2]}", NULL},
    {"{\"name\":\"a\",\"type\":\"geojson\"}", "{\"type\":\"Cerchio\"}", "type"},
    {"{\"name\":\"a\",\"type\":\"geojson\",\"format\":\"topojson\"}",
     "{\"type\":\"Topology\",\"objects\":{}}", NULL},
    {"{\"name\":\"a\",\"type\":\"any\"}", "qualsiasi", NULL},
    /* missingValues before casting, required */
    {"{\"name\":\"a\",\"type\":\"integer\"}", "", NULL},
    {"{\"name\":\"a\",\"type\":\"integer\",\"missingValues\":[\"n.d.\"]}",
     "n.d.", NULL},
    {"{\"name\":\"a\",\"type\":\"integer\",\"missingValues\":[\"n.d.\"]}", "",
     "type"},
    {"{\"name\":\"a\",\"type\":\"integer\",\"constraints\":{\"required\":true}"
     "}",
     "", "required"},
    /* constraints */
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"minLength\":3}}",
     "ab", "minLength"},
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"minLength\":2}}",
     "\xC3\xA8\xC3\xA8", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"maxLength\":2}}",
     "abc", "maxLength"},
    {"{\"name\":\"a\",\"type\":\"array\",\"constraints\":{\"maxLength\":2}}",
     "[1,2,3]", "maxLength"},
    {"{\"name\":\"a\",\"type\":\"integer\",\"constraints\":{\"minimum\":0}}",
     "-1", "minimum"},
    {"{\"name\":\"a\",\"type\":\"integer\",\"constraints\":{\"maximum\":10}}",
     "10", NULL},
    {"{\"name\":\"a\",\"type\":\"integer\",\"constraints\":{\"maximum\":10}}",
     "11", "maximum"},
    {"{\"name\":\"a\",\"type\":\"number\",\"constraints\":{"
     "\"exclusiveMinimum\":0}}",
     "0", "exclusiveMinimum"},
    {"{\"name\":\"a\",\"type\":\"number\",\"constraints\":{"
     "\"exclusiveMaximum\":1}}",
     "0.99", NULL},
    {"{\"name\":\"a\",\"type\":\"number\",\"constraints\":{"
     "\"exclusiveMaximum\":1}}",
     "1", "exclusiveMaximum"},
    {"{\"name\":\"a\",\"type\":\"date\",\"constraints\":{\"minimum\":"
     "\"2026-01-01\"}}",
     "2025-12-31", "minimum"},
    {"{\"name\":\"a\",\"type\":\"date\",\"format\":\"%d/%m/%Y\","
     "\"constraints\":{\"maximum\":\"31/12/2026\"}}",
     "01/01/2027", "maximum"},
    {"{\"name\":\"a\",\"type\":\"time\",\"constraints\":{\"minimum\":"
     "\"08:00:00\"}}",
     "07:59:59", "minimum"},
    {"{\"name\":\"a\",\"type\":\"year\",\"constraints\":{\"maximum\":2030}}",
     "2031", "maximum"},
    {"{\"name\":\"a\",\"type\":\"yearmonth\",\"constraints\":{\"minimum\":"
     "\"2026-02\"}}",
     "2026-01", "minimum"},
    {"{\"name\":\"a\",\"type\":\"duration\",\"constraints\":{\"maximum\":"
     "\"P1D\"}}",
     "PT25H", "maximum"},
    {"{\"name\":\"a\",\"type\":\"datetime\",\"constraints\":{\"minimum\":"
     "\"2026-01-01T00:00:00Z\"}}",
     "2026-01-01T00:30:00+01:00", "minimum"},
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"pattern\":"
     "\"[0-9]{6}\"}}",
     "012345", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"pattern\":"
     "\"[0-9]{6}\"}}",
     "0123456", "pattern"},
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"enum\":[\"A\","
     "\"B\"]}}",
     "B", NULL},
    {"{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"enum\":[\"A\","
     "\"B\"]}}",
     "C", "enum"},
    {"{\"name\":\"a\",\"type\":\"integer\",\"constraints\":{\"enum\":[1,2]}}",
     "02", NULL},
    {"{\"name\":\"a\",\"type\":\"integer\",\"categories\":[{\"value\":1,"
     "\"label\":\"uno\"}]}",
     "2", "categories"},
    {"{\"name\":\"a\",\"type\":\"string\",\"categories\":[\"x\",\"y\"]}", "y",
     NULL},
};

static struct ts_schema *
schema_of(const char *json, struct av_err *err)
{
	json_t *j = json_loads(json, 0, NULL);
	struct ts_schema *s = NULL;

	cr_assert_not_null(j, "bad test JSON: %s", json);
	ts_schema_parse(j, "schema", &s, err);
	json_decref(j);
	return s;
}

Test(tableschema, conformance_table)
{
	size_t i;
	char js[2048], msg[TS_MSG_MAX];
	struct ts_value v;
	const char *rule;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		struct av_err err = AV_ERR_INIT;
		struct ts_schema *s;
		snprintf(js, sizeof js, "{\"fields\":[%s]}", table[i].field);
		s = schema_of(js, &err);
		cr_assert_not_null(s, "row %zu: schema refused: %s (%s)", i,
		                   err.msg, err.field);
		rule =
		    ts_check_cell(ts_schema_field(s, 0), table[i].value,
		                  strlen(table[i].value), &v, msg, sizeof msg);
		if (table[i].rule)
			cr_expect(rule && !strcmp(rule, table[i].rule),
			          "row %zu: «%s» as %s: expected %s, got %s", i,
			          table[i].value, table[i].field, table[i].rule,
			          rule ? rule : "valid");
		else
			cr_expect(rule == NULL,
			          "row %zu: «%s» as %s: got %s (%s)", i,
			          table[i].value, table[i].field, rule, msg);
		ts_schema_free(s);
	}
}

Test(tableschema, italian_date_message)
{
	struct av_err err = AV_ERR_INIT;
	struct ts_schema *s = schema_of(
	    "{\"fields\":[{\"name\":\"data_apertura\",\"type\":\"date\","
	    "\"format\":\"%d/%m/%Y\"}]}",
	    &err);
	char msg[TS_MSG_MAX];
	struct ts_value v;

	cr_assert_not_null(s);
	cr_assert_str_eq(ts_check_cell(ts_schema_field(s, 0), "31/02/2026", 10,
	                               &v, msg, sizeof msg),
	                 "type");
	cr_expect_str_eq(msg, "«31/02/2026» non è una data valida nel formato "
	                      "gg/mm/aaaa");
	ts_schema_free(s);
}

struct bad_schema {
	const char *json;
	const char *path;
};

Test(tableschema, invalid_schemas_name_their_path)
{
	static const struct bad_schema bad[] = {
	    {"[]", "schema"},
	    {"{\"fields\":[]}", "schema.fields"},
	    {"{\"fields\":[{\"type\":\"string\"}]}", "schema.fields[0].name"},
	    {"{\"fields\":[{\"name\":\"a\"},{\"name\":\"a\"}]}",
	     "schema.fields[1].name"},
	    {"{\"fields\":[{\"name\":\"a\",\"type\":\"colore\"}]}",
	     "schema.fields[0].type"},
	    {"{\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"format\":"
	     "\"email\"}]}",
	     "schema.fields[0].format"},
	    {"{\"fields\":[{\"name\":\"a\",\"constraints\":{\"pattern\":\"[\"}}"
	     "]}",
	     "schema.fields[0].constraints.pattern"},
	    {"{\"fields\":[{\"name\":\"a\",\"constraints\":{\"colore\":1}}]}",
	     "schema.fields[0].constraints.colore"},
	    {"{\"fields\":[{\"name\":\"a\",\"type\":\"integer\","
	     "\"constraints\":"
	     "{\"minimum\":\"x\"}}]}",
	     "schema.fields[0].constraints.minimum"},
	    {"{\"fields\":[{\"name\":\"a\"}],\"primaryKey\":\"b\"}",
	     "schema.primaryKey"},
	    {"{\"fields\":[{\"name\":\"a\"}],\"uniqueKeys\":[[\"a\"],[\"z\"]]}",
	     "schema.uniqueKeys[1]"},
	    {"{\"fields\":[{\"name\":\"a\"}],\"foreignKeys\":[{\"fields\":"
	     "\"a\","
	     "\"reference\":{\"fields\":[\"a\",\"a\"]}}]}",
	     "schema.foreignKeys[0].reference.fields"},
	    {"{\"fields\":[{\"name\":\"a\"}],\"fieldsMatch\":\"tutti\"}",
	     "schema.fieldsMatch"},
	    {"{\"fields\":[{\"name\":\"a\"}],\"missingValues\":[1]}",
	     "schema.missingValues"},
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct av_err err = AV_ERR_INIT;
		struct ts_schema *s = schema_of(bad[i].json, &err);
		cr_expect_null(s, "case %zu accepted", i);
		cr_expect_str_eq(err.field, bad[i].path, "case %zu: %s", i,
		                 err.msg);
		cr_expect(strstr(err.msg, "Schema non valido") != NULL);
		ts_schema_free(s);
	}
}

Test(tableschema, v1_and_v2_key_forms)
{
	struct av_err err = AV_ERR_INIT;
	struct ts_schema *s1 =
	    schema_of("{\"fields\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
	              "\"primaryKey\":\"a\","
	              "\"foreignKeys\":[{\"fields\":\"b\",\"reference\":{"
	              "\"resource\":\"\","
	              "\"fields\":\"a\"}}]}",
	              &err);
	struct ts_schema *s2 = schema_of(
	    "{\"fields\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"primaryKey\":["
	    "\"a\"],"
	    "\"missingValues\":[{\"value\":\"-\",\"label\":\"assente\"}],"
	    "\"foreignKeys\":[{\"fields\":[\"b\"],\"reference\":{\"fields\":["
	    "\"a\"]"
	    "}}]}",
	    &err);

	cr_assert_not_null(s1, "%s %s", err.msg, err.field);
	cr_assert_not_null(s2, "%s %s", err.msg, err.field);
	ts_schema_free(s1);
	ts_schema_free(s2);
}

/* Collects "row:col:field:rule" lines. */
static int
collect(void *ctx, const struct ts_error *e)
{
	struct sbuf *sb = ctx;

	sbuf_addf(sb, "%lu:%u:%s:%s\n", e->row, e->col, e->field, e->rule);
	return 0;
}

/* The registry: ISTAT codes 001001 and 001002 exist. */
static int
lookup(void *ctx, const char *resource, const char *const *ref_fields,
       const char *const *values, size_t n)
{
	(void)ctx;
	(void)ref_fields;
	if (strcmp(resource, "registry:comuni") || n != 1)
		return -1;
	return !strcmp(values[0], "001001") || !strcmp(values[0], "001002");
}

static const char *csv_schema =
    "{\"fields\":["
    "{\"name\":\"id\",\"type\":\"integer\"},"
    "{\"name\":\"istat\",\"type\":\"string\",\"constraints\":{\"pattern\":"
    "\"[0-9]{6}\"}},"
    "{\"name\":\"padre\",\"type\":\"integer\"},"
    "{\"name\":\"email\",\"type\":\"string\",\"format\":\"email\","
    "\"constraints\":{\"unique\":true}},"
    "{\"name\":\"importo\",\"type\":\"number\",\"decimalChar\":\",\","
    "\"groupChar\":\".\"}],"
    "\"primaryKey\":\"id\","
    "\"uniqueKeys\":[[\"istat\",\"importo\"]],"
    "\"foreignKeys\":["
    "{\"fields\":\"padre\",\"reference\":{\"resource\":\"\",\"fields\":"
    "\"id\"}},"
    "{\"fields\":\"istat\",\"reference\":{\"resource\":\"registry:comuni\","
    "\"fields\":\"codice_istat\"}}]}";

static const char *csv_text =
    "\xEF\xBB\xBFid;istat;padre;email;importo\n"
    "1;001001;;a@b.it;1.000,50\n"   /* 2 ok */
    "2;001002;1;b@b.it;2,5\n"       /* 3 ok */
    "2;001001;99;a@b.it;1.000,50\n" /* 4 pk, fk, unique, uk */
    ";00100;1;\"c@b.it\";x\n"       /* 5 required, pattern, type */
    "5;009999;;;\n"                 /* 6 registry fk */
    "6;001001;;d@b.it\n"            /* 7 missing cell */
    "7;001002;;e@b.it;;extra\n"     /* 8 extra cell */
    ";;;;\n"                        /* 9 blank */
    "8;001002;;;\n"                 /* 10 nulls excluded from uk */
    "9;001002;;;\n";                /* 11 idem */

static const char *csv_expected = "4:1:id:primaryKey\n"
                                  "4:2::uniqueKeys\n"
                                  "4:4:email:unique\n"
                                  "5:1:id:required\n"
                                  "5:2:istat:pattern\n"
                                  "5:5:importo:type\n"
                                  "6:2:istat:foreignKey\n"
                                  "7:5:importo:missing-cell\n"
                                  "8:6::extra-cell\n"
                                  "9:0::blank-row\n"
                                  "4:3:padre:foreignKey\n";

static void
run_csv(size_t chunk, struct sbuf *out, struct ts_stats *st)
{
	struct av_err err = AV_ERR_INIT;
	struct ts_schema *s = schema_of(csv_schema, &err);
	struct ts_dialect d = TS_DIALECT_DEFAULT;
	struct ts_validator *v;
	size_t len = strlen(csv_text), i;

	cr_assert_not_null(s, "%s %s", err.msg, err.field);
	d.delimiter = ';';
	v = ts_validator_new(s, &d, collect, out, lookup, NULL);
	for (i = 0; i < len; i += chunk)
		cr_assert_eq(
		    ts_validator_feed(v, csv_text + i,
		                      i + chunk > len ? len - i : chunk, &err),
		    AV_OK);
	cr_assert_eq(ts_validator_finish(v, st, &err), AV_OK, "%s", err.msg);
	ts_validator_free(v);
	ts_schema_free(s);
}

Test(tableschema, streamed_csv_reports_every_error)
{
	struct sbuf a = SBUF_INIT(1 << 16), b = SBUF_INIT(1 << 16);
	struct ts_stats sa, sb;

	run_csv(1, &a, &sa);
	run_csv(1 << 20, &b, &sb);
	cr_expect_str_eq(a.buf, csv_expected);
	cr_expect_str_eq(b.buf, a.buf);
	cr_expect_eq(sa.rows, 10);
	cr_expect_eq(sa.errors, 11);
	cr_expect_eq(sa.bad_rows, 6);
	sbuf_release(&a);
	sbuf_release(&b);
}

Test(tableschema, broken_quote_stops_with_its_row)
{
	struct av_err err = AV_ERR_INIT;
	struct ts_schema *s =
	    schema_of("{\"fields\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", &err);
	struct ts_dialect d = TS_DIALECT_DEFAULT;
	struct sbuf out = SBUF_INIT(4096);
	struct ts_validator *v =
	    ts_validator_new(s, &d, collect, &out, NULL, NULL);
	const char *text = "a,b\n1,2\n3,\"x\"y\n5,6\n";
	int rc;

	rc = ts_validator_feed(v, text, strlen(text), &err);
	if (rc == AV_OK)
		rc = ts_validator_finish(v, NULL, &err);
	cr_expect_eq(rc, AV_EINVAL);
	cr_expect(strstr(out.buf, "3:0::source") != NULL, "%s", out.buf);
	cr_expect(strstr(err.msg, "Riga 3") != NULL, "%s", err.msg);
	ts_validator_free(v);
	ts_schema_free(s);
	sbuf_release(&out);
}

Test(tableschema, header_mismatch_and_fields_match)
{
	struct av_err err = AV_ERR_INIT;
	struct ts_schema *ex =
	    schema_of("{\"fields\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", &err);
	struct ts_schema *eq =
	    schema_of("{\"fields\":[{\"name\":\"a\"},{\"name\":\"b\",\"type\":"
	              "\"integer\"}],"
	              "\"fieldsMatch\":\"equal\"}",
	              &err);
	struct ts_dialect d = TS_DIALECT_DEFAULT;
	struct sbuf o1 = SBUF_INIT(4096), o2 = SBUF_INIT(4096);
	struct ts_validator *v;
	const char *text = "b,a\n1,x\n";

	v = ts_validator_new(ex, &d, collect, &o1, NULL, NULL);
	ts_validator_feed(v, text, strlen(text), &err);
	ts_validator_finish(v, NULL, &err);
	ts_validator_free(v);
	cr_expect_str_eq(o1.buf, "0:1:a:header\n0:2:b:header\n");
	v = ts_validator_new(eq, &d, collect, &o2, NULL, NULL);
	ts_validator_feed(v, text, strlen(text), &err);
	ts_validator_finish(v, NULL, &err);
	ts_validator_free(v);
	cr_expect_str_eq(o2.buf, "");
	ts_schema_free(ex);
	ts_schema_free(eq);
	sbuf_release(&o1);
	sbuf_release(&o2);
}
