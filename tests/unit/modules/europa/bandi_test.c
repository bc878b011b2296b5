/*
 * bandi_test.c - the parse rules of the call importers (EUROPA.md §3.5):
 * SEDIA dates read as 17:00 in Brussels (checked against the C library's
 * timegm, an independent conversion), metadata arrays, JSON inside strings
 * (truncated ones tolerated per field), a topic's budget picked out of the
 * call-wide map, two-stage and cut-off deadlines, the legacy keywords,
 * dedupe keeping the richest row, type 8 keyed on reference; the CSV
 * template's euros, percentages and errors.
 */
/* timegm: _DEFAULT_SOURCE comes from the build flags. */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "modules/europa/bandi.h"
#include "modules/europa/bandi_rec.h"
#include "modules/europa/import_csv.h"
#include "modules/europa/import_sedia.h"

static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm t = {0};

	t.tm_year = y - 1900;
	t.tm_mon = mo - 1;
	t.tm_mday = d;
	t.tm_hour = h;
	t.tm_min = mi;
	return (int64_t)timegm(&t);
}

Test(sedia_date, midnight_and_17_utc_are_17_brussels)
{
	struct av_err err = AV_ERR_INIT;
	char fuso[EU_FUSO_MAX];
	int64_t at;

	/* Summer (CEST, UTC+2): 17:00 is 15:00 UTC. */
	cr_assert_eq(
	    eu_sedia_date("2027-04-08T00:00:00.000+0000", &at, fuso, "d", &err),
	    AV_OK);
	cr_assert_eq(at, utc(2027, 4, 8, 15, 0));
	cr_assert_str_eq(fuso, "Europe/Brussels");
	/* Winter (CET, UTC+1): 16:00 UTC; legacy rows write 17:00+0000. */
	cr_assert_eq(
	    eu_sedia_date("2024-02-07T17:00:00.000+0000", &at, fuso, "d", &err),
	    AV_OK);
	cr_assert_eq(at, utc(2024, 2, 7, 16, 0));
	cr_assert_eq(eu_sedia_date("2027-04-14", &at, fuso, "d", &err), AV_OK);
	cr_assert_eq(at, utc(2027, 4, 14, 15, 0));
	/* The day summer time starts (last Sunday of March 2027 = 28). */
	cr_assert_eq(eu_sedia_date("2027-03-28", &at, fuso, "d", &err), AV_OK);
	cr_assert_eq(at, utc(2027, 3, 28, 15, 0));
	cr_assert_eq(eu_sedia_date("2027-03-27", &at, fuso, "d", &err), AV_OK);
	cr_assert_eq(at, utc(2027, 3, 27, 16, 0));
}

Test(sedia_date, other_times_keep_their_offset)
{
	struct av_err err = AV_ERR_INIT;
	char fuso[EU_FUSO_MAX];
	int64_t at;

	cr_assert_eq(
	    eu_sedia_date("2024-03-12T10:30:00+0200", &at, fuso, "d", &err),
	    AV_OK);
	cr_assert_eq(at, utc(2024, 3, 12, 8, 30));
	cr_assert_str_eq(fuso, "+02:00");
	cr_assert_eq(
	    eu_sedia_date("2024-03-12T10:30:00-05:30", &at, fuso, "d", &err),
	    AV_OK);
	cr_assert_eq(at, utc(2024, 3, 12, 16, 0));
	cr_assert_eq(
	    eu_sedia_date("2024-03-12T10:30:00Z", &at, fuso, "d", &err), AV_OK);
	cr_assert_eq(at, utc(2024, 3, 12, 10, 30));
	cr_assert_str_eq(fuso, "UTC");
}

Test(sedia_date, garbage_is_refused)
{
	static const char *const bad[] = {
	    "",
	    "2027-02-30",
	    "2027-04-08T25:00:00Z",
	    "2027-04-08T10:00:00",
	    "2027-04-08T10:00:00+2",
	    "8 aprile 2027",
	    "2027-04-08T10:00:00.000+0000x",
	    "20270408",
	};
	char fuso[EU_FUSO_MAX];
	int64_t at;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(eu_sedia_date(bad[i], &at, fuso, "x", &err),
		             AV_EINVAL, "%s", bad[i]);
		cr_assert_str_eq(err.field, "x");
	}
}

/* A result with metadata built from a JSON text (every value an array). */
static json_t *
result(const char *meta, const char *extra)
{
	char buf[8192];
	json_t *j;

	snprintf(buf, sizeof(buf),
	         "{\"reference\":\"REF1\",\"summary\":\"S\",%s"
	         "\"metadata\":{%s}}",
	         extra ? extra : "", meta);
	j = json_loads(buf, 0, NULL);
	cr_assert_not_null(j, "%s", buf);
	return j;
}

Test(sedia_result, arrays_nested_json_budget_and_two_stages)
{
	json_t *res = result(
	    "\"identifier\":[\"X-CL5-01\"],\"title\":[\"Titolo\"],"
	    "\"type\":[\"1\"],\"status\":[\"31094502\"],"
	    "\"frameworkProgramme\":[\"43252405\"],"
	    "\"typesOfAction\":[\"HORIZON  Research and Innovation Actions\"],"
	    "\"deadlineModel\":[\"two-stage\"],"
	    "\"deadlineDate\":[\"2027-04-08T00:00:00.000+0000\","
	    "\"2027-09-14T00:00:00.000+0000\"],"
	    "\"budgetOverview\":[\"{\\\"budgetTopicActionMap\\\":{\\\"1\\\":["
	    "{\\\"action\\\":\\\"X-CL5-010 - RIA\\\",\\\"budgetYearMap\\\":"
	    "{\\\"2027\\\":\\\"999\\\"}},"
	    "{\\\"action\\\":\\\"X-CL5-01 - RIA\\\",\\\"expectedGrants\\\":3,"
	    "\\\"minContribution\\\":2000000,\\\"maxContribution\\\":5000000,"
	    "\\\"budgetYearMap\\\":{\\\"2027\\\":\\\"14000000\\\","
	    "\\\"2028\\\":\\\"1000000\\\"}}]}}\"],"
	    "\"keywords\":[\"[\\\"suolo\\\",\\\"acqua\\\"]\"],"
	    "\"tags\":[\"acqua\",\"clima\"]",
	    NULL);
	struct av_err err = AV_ERR_INIT;
	struct eu_rec r;
	int64_t tol = 0;

	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_result(res, &r, &tol, "results[0]", &err),
	             AV_OK, "%s", err.msg);
	cr_assert_str_eq(r.b.chiave, "X-CL5-01");
	cr_assert_str_eq(r.b.stato, "aperto");
	cr_assert_str_eq(r.b.programma_codice, "LIFE");
	cr_assert_str_eq(r.b.tipo_azione,
	                 "HORIZON Research and Innovation Actions");
	/* Only this topic's entry (not X-CL5-010), its years summed. */
	cr_assert_eq(r.b.budget_totale_cent, (int64_t)1500000000);
	cr_assert_eq(r.b.budget_min_cent, (int64_t)200000000);
	cr_assert_eq(r.b.budget_max_cent, (int64_t)500000000);
	cr_assert_eq(r.b.sovvenzioni_previste, 3);
	cr_assert_str_eq(r.b.modello_scadenze, "due_fasi");
	cr_assert_eq(r.b.nscadenze, 2);
	cr_assert_eq(r.b.scadenze[0].fase, 1);
	cr_assert_eq(r.b.scadenze[1].fase, 2);
	/* Legacy keywords (a JSON array in a string) and tags, once each. */
	cr_assert_str_eq(r.b.parole_chiave, "[\"suolo\",\"acqua\",\"clima\"]");
	cr_assert_eq(tol, 0);
	cr_assert_eq(strlen(r.b.checksum), 64);
	cr_assert_eq(bandi_check(&r.b, &err), AV_OK, "%s", err.msg);
	eu_rec_release(&r);
	json_decref(res);
}

Test(sedia_result, truncated_nested_json_is_tolerated_per_field)
{
	json_t *res = result(
	    "\"identifier\":[\"X-1\"],\"title\":[\"T\"],\"type\":[\"1\"],"
	    "\"deadlineDate\":[\"2027-01-01\",\"2027-06-01\",\"2027-11-01\"],"
	    "\"budgetOverview\":[\"{\\\"budgetTopicActionMap\\\":{\\\"1\\\":[{"
	    "\"],"
	    "\"actions\":[\"[{\\\"status\\\":{\\\"abbreviation\\\":"
	    "\\\"Open\\\"}}]\"]",
	    "\"checksum\":"
	    "\"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"
	    "\",");
	struct av_err err = AV_ERR_INIT;
	struct eu_rec r;
	int64_t tol = 0;

	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_result(res, &r, &tol, "results[0]", &err),
	             AV_OK);
	cr_assert_eq(tol, 1);
	cr_assert_eq(r.b.budget_totale_cent, EU_NONE);
	/* No status in metadata: the one inside actions. */
	cr_assert_str_eq(r.b.stato, "aperto");
	cr_assert_str_eq(r.b.modello_scadenze, "cut_off_multipli");
	cr_assert_eq(r.b.nscadenze, 3);
	cr_assert_str_eq(r.b.checksum, "abcdef0123456789abcdef0123456789abcdef"
	                               "0123456789abcdef0123456789");
	eu_rec_release(&r);
	json_decref(res);
}

Test(sedia_result, bad_results_are_refused)
{
	json_t *no_id = result("\"title\":[\"T\"]", NULL);
	json_t *bad_date = result("\"identifier\":[\"X\"],\"title\":[\"T\"],"
	                          "\"deadlineDate\":[\"domani\"]",
	                          NULL);
	json_t *no_meta = json_loads("{\"reference\":\"R\"}", 0, NULL);
	struct eu_rec r;
	int64_t tol = 0;
	struct av_err e1 = AV_ERR_INIT, e2 = AV_ERR_INIT, e3 = AV_ERR_INIT;

	/* Without identifier the reference is the key: accepted. */
	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_result(no_id, &r, &tol, "results[0]", &e1),
	             AV_OK);
	cr_assert_str_eq(r.b.chiave, "REF1");
	eu_rec_release(&r);
	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_result(bad_date, &r, &tol, "results[1]", &e2),
	             AV_EINVAL);
	cr_assert_str_eq(e2.field, "results[1].deadlineDate[0]");
	eu_rec_release(&r);
	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_result(no_meta, &r, &tol, "results[2]", &e3),
	             AV_EINVAL);
	eu_rec_release(&r);
	json_decref(no_id);
	json_decref(bad_date);
	json_decref(no_meta);
}

Test(sedia_page, dedupe_keeps_the_richest_row_and_type_8_uses_reference)
{
	json_t *page = json_loads(
	    "{\"results\":["
	    "{\"reference\":\"A1\",\"metadata\":{\"identifier\":[\"T-1\"],"
	    "\"title\":[\"stub\"],\"type\":[\"1\"]}},"
	    "{\"reference\":\"A2\",\"metadata\":{\"identifier\":[\"T-1\"],"
	    "\"title\":[\"ricco\"],\"type\":[\"1\"],\"status\":[\"31094501\"],"
	    "\"deadlineDate\":[\"2027-01-01\"],\"descriptionByte\":[\"<p>x</"
	    "p>\"]}},"
	    "{\"reference\":\"C8-a\",\"metadata\":{\"identifier\":[\"CALL\"],"
	    "\"title\":[\"cascade a\"],\"type\":[\"8\"]}},"
	    "{\"reference\":\"C8-b\",\"metadata\":{\"identifier\":[\"CALL\"],"
	    "\"title\":[\"cascade b\"],\"type\":[\"8\"]}}]}",
	    0, NULL);
	struct eu_import_stats st;
	struct eu_recs rs = {0};
	struct av_err err = AV_ERR_INIT;

	memset(&st, 0, sizeof(st));
	cr_assert_not_null(page);
	cr_assert_eq(sedia_parse_page(page, "p", &rs, &st, &err), AV_OK);
	eu_recs_dedupe(&rs, &st);
	cr_assert_eq(st.righe, 4);
	cr_assert_eq(st.duplicati, 1);
	cr_assert_eq(rs.n, 3);
	cr_assert_str_eq(rs.v[0].b.titolo, "ricco");
	cr_assert_str_eq(rs.v[1].b.chiave, "C8-a");
	cr_assert_str_eq(rs.v[2].b.chiave, "C8-b");
	eu_recs_release(&rs);
	json_decref(page);
}

Test(csv, euros_and_percentages_without_floating_point)
{
	int64_t c;

	cr_assert_eq(eu_euro_to_cents("1500000", &c), 0);
	cr_assert_eq(c, 150000000);
	cr_assert_eq(eu_euro_to_cents("1500000,5", &c), 0);
	cr_assert_eq(c, 150000050);
	cr_assert_eq(eu_euro_to_cents("0.07", &c), 0);
	cr_assert_eq(c, 7);
	cr_assert_eq(eu_euro_to_cents("1.500.000", &c), -1);
	cr_assert_eq(eu_euro_to_cents("-1", &c), -1);
	cr_assert_eq(eu_euro_to_cents("1,505", &c), -1);
	cr_assert_eq(eu_euro_to_cents("", &c), -1);
	cr_assert_eq(eu_euro_to_cents("10000000000000", &c), -1);
	cr_assert_eq(eu_pct_to_bp("80,5", &c), 0);
	cr_assert_eq(c, 8050);
	cr_assert_eq(eu_pct_to_bp("100", &c), 0);
	cr_assert_eq(c, 10000);
	cr_assert_eq(eu_pct_to_bp("100,01", &c), -1);
}

Test(csv, template_rows_quotes_and_errors)
{
	static const char ok[] =
	    "\xEF\xBB\xBF"
	    "titolo;fonte;chiave;stato;scadenze;modello_scadenze;descrizione\n"
	    "\"Bando; con punto e virgola\";REGION;R-1;aperto;"
	    "2027-03-01 12:00|2027-06-30;due_fasi;\"riga 1\nriga \"\"2\"\"\"\n";
	static const char bad[] = "fonte;chiave;titolo;stato;scadenze\n"
	                          "REGION;R-1;T;aperto;2027-03-01\n"
	                          "REGION;R-2;T;aperto;2027-13-01\n";
	struct eu_import_stats st;
	struct eu_recs rs = {0};
	struct av_err err = AV_ERR_INIT;
	enum eu_csv_layout layout;

	memset(&st, 0, sizeof(st));
	cr_assert_eq(
	    eu_csv_parse_buf(ok, sizeof(ok) - 1, &rs, &st, &layout, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(layout, EU_CSV_TEMPLATE);
	cr_assert_eq(rs.n, 1);
	cr_assert_str_eq(rs.v[0].b.titolo, "Bando; con punto e virgola");
	cr_assert_str_eq(rs.v[0].b.gestione, "regionale");
	cr_assert_eq(rs.v[0].b.nscadenze, 2);
	cr_assert_eq(rs.v[0].b.scadenze[1].fase, 2);
	cr_assert_str_eq(rs.v[0].b.descrizione_html,
	                 "<p>riga 1</p><p>riga &quot;2&quot;</p>");
	cr_assert_eq(bandi_check(&rs.v[0].b, &err), AV_OK, "%s", err.msg);
	eu_recs_release(&rs);
	memset(&st, 0, sizeof(st));
	cr_assert_eq(
	    eu_csv_parse_buf(bad, sizeof(bad) - 1, &rs, &st, &layout, &err),
	    AV_EINVAL);
	cr_assert(strstr(err.msg, "riga 3, colonna 'scadenze'") != NULL, "%s",
	          err.msg);
	eu_recs_release(&rs);
}

/* The bulk file's entries in their real shape (tests/fixtures/europa). */
Test(sedia_dump, real_shape_tenders_deadlines_programme)
{
	struct av_err err = AV_ERR_INIT;
	json_error_t je;
	struct eu_rec r;
	json_t *e, *t;

	/* ESC's quality label: 1695254400000 = 2023-09-21T00:00Z, "closed on
	   the 21 September 2023 at 17:00:00 (Brussels time)" = 15:00 UTC;
	   a winter day (CET): 1706140800000 = 2024-01-25 -> 16:00 UTC. */
	e = json_loads("{\"type\": 1, \"identifier\": \"ESC-HUMAID-2021-QUAL-"
	               "LABEL-FP\", \"title\": \"Quality label\", \"status\": "
	               "{\"id\": 31094502, \"abbreviation\": \"Open\"}, "
	               "\"frameworkProgramme\": {\"id\": 43254037, "
	               "\"abbreviation\": \"ESC2027\"}, \"deadlineModel\": {}, "
	               "\"topicActions\": [{\"abbreviation\": \"ESC-CERT\"}], "
	               "\"deadlineDatesLong\": [1695254400000, 1706140800000, "
	               "1727560740000], \"actions\": [{\"submissionProcedure\":"
	               " {}}]}",
	               0, &je);
	cr_assert_not_null(e);
	cr_assert(sedia_dump_entry_is_call(e));
	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_dump_entry(e, &r, "GrantTenderObj[0]", &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(r.b.nscadenze, 3);
	cr_assert_eq(r.b.scadenze[0].at, utc(2023, 9, 21, 15, 0));
	cr_assert_str_eq(r.b.scadenze[0].fuso, "Europe/Brussels");
	cr_assert_str_eq(r.b.scadenze[0].originale, "1695254400000");
	cr_assert_eq(r.b.scadenze[1].at, utc(2024, 1, 25, 16, 0));
	/* 21:59 UTC is an instant of its own: kept, in UTC. */
	cr_assert_eq(r.b.scadenze[2].at, (int64_t)1727560740);
	cr_assert_str_eq(r.b.scadenze[2].fuso, "UTC");
	cr_assert_str_eq(r.b.modello_scadenze, "cut_off_multipli");
	/* the programme by id, as the search API names it */
	cr_assert_str_eq(r.b.programma_codice, "ESC");
	cr_assert_str_eq(r.b.tipo_azione, "ESC-CERT");
	cr_assert_str_eq(r.b.stato, "aperto");
	eu_rec_release(&r);
	json_decref(e);

	/* two-stage by the procedure's code alone, as the search API's
	   sample writes it: {"id": 31094505, "abbreviation": "two-stage"} */
	e = json_loads("{\"type\": 1, \"identifier\": \"T-2S\", \"title\": "
	               "\"Two\", \"deadlineModel\": {}, \"deadlineDatesLong\": "
	               "[1807142400000, 1820880000000], \"actions\": "
	               "[{\"submissionProcedure\": {\"id\": 31094505}}]}",
	               0, &je);
	cr_assert_not_null(e);
	eu_rec_init(&r);
	cr_assert_eq(sedia_parse_dump_entry(e, &r, "GrantTenderObj[1]", &err),
	             AV_OK, "%s", err.msg);
	cr_assert_str_eq(r.b.modello_scadenze, "due_fasi");
	cr_assert_eq(r.b.scadenze[1].fase, 2);
	eu_rec_release(&r);
	json_decref(e);

	/* A procurement tender and an entry without type. */
	t = json_loads("{\"type\": 0, \"identifier\": \"UCA 23/028\"}", 0, &je);
	cr_assert_not(sedia_dump_entry_is_call(t));
	json_decref(t);
	t = json_loads("{\"identifier\": \"X\"}", 0, &je);
	cr_assert(sedia_dump_entry_is_call(t));
	json_decref(t);
}
