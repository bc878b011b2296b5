/*
 * cpv_test.c - CPV validation by lookup in a real SQLite database
 * (temporary file, migrated): official codes incl. check-digit exceptions
 * of the 3-7-1 formula, wrong check digits, absent codes, and the error
 * when the vocabulary was never imported.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "unit/testdb.h"
#include "modules/vocab/cpv.h"
#include "modules/vocab/vocab_sql.h"

static struct db *db;
static char path[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("cpv", path);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

static void
put(const char *code, int check, const char *it, const char *en)
{
	struct av_err err = AV_ERR_INIT;
	char c8[9];
	struct db_param p[5];

	memcpy(c8, code, 9);
	p[0] = P_TEXT(code);
	p[1] = P_I64(check);
	p[2] = P_I64(cpv_level(c8));
	p[3] = P_TEXT(it);
	p[4] = P_TEXT(en);
	cr_assert_eq(db_exec(db, &vocab_sql[Q_CPV_UPSERT], p, 5, NULL, &err),
	             AV_OK, "%s", err.msg);
}

TestSuite(cpv, .init = setup, .fini = teardown);

Test(cpv, empty_vocabulary_is_an_error)
{
	struct av_err err = AV_ERR_INIT;
	struct cpv_entry e;
	const char *why;

	cr_assert_eq(cpv_lookup(db, "45233141-9", 10, &e, &why, &err),
	             AV_ENOTFOUND);
	cr_assert(strstr(err.msg, "import cpv") != NULL);
}

Test(cpv, lookup)
{
	struct av_err err = AV_ERR_INIT;
	struct cpv_entry e;
	const char *why;

	put("45233141", 9, "Lavori di manutenzione stradale",
	    "Road-maintenance works");
	/* official digits that the 3-7-1 formula gets wrong */
	put("51000000", 9, "Servizi di installazione (escluso software)",
	    "Installation services (except software)");
	put("45233139", 3, "Lavori di manutenzione di strade nazionali",
	    "Highway maintenance work");
	put("37442100", 8, "Manubri", "Dumbbells");
	cr_assert_eq(cpv_lookup(db, "45233141-9", 10, &e, &why, &err), AV_OK);
	cr_assert_null(why);
	cr_assert_str_eq(e.descrizione_en, "Road-maintenance works");
	cr_assert_eq(e.livello, 5);
	cr_assert_eq(cpv_lookup(db, "51000000-9", 10, &e, &why, &err), AV_OK);
	cr_assert_null(why);
	cr_assert_eq(e.livello, 1);
	cr_assert_eq(cpv_lookup(db, "45233139-3", 10, &e, &why, &err), AV_OK);
	cr_assert_null(why);
	cr_assert_eq(cpv_lookup(db, "37442100", 8, &e, &why, &err), AV_OK);
	cr_assert_null(why);
	cr_assert_eq(cpv_lookup(db, "45233141-8", 10, &e, &why, &err), AV_OK);
	cr_assert_not_null(why);
	cr_assert_eq(cpv_lookup(db, "45233142", 8, &e, &why, &err), AV_OK);
	cr_assert_not_null(why);
	cr_assert_eq(cpv_lookup(db, "4523314", 7, &e, &why, &err), AV_OK);
	cr_assert_not_null(why);
	cr_assert_eq(cpv_lookup(db, "", 0, &e, &why, &err), AV_OK);
	cr_assert_not_null(why);
}

Test(cpv, levels)
{
	cr_assert_eq(cpv_level("03000000"), 1);
	cr_assert_eq(cpv_level("03100000"), 2);
	cr_assert_eq(cpv_level("03110000"), 3);
	cr_assert_eq(cpv_level("03111000"), 4);
	cr_assert_eq(cpv_level("03111100"), 5);
}
