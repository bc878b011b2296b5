/*
 * sql_tables_test.c - every module's SQL table (src/cli/sql_tables.c)
 * prepares on a freshly migrated database, as `serve` does at start-up:
 * a statement naming a missing table or column, or whose parameters are
 * not exactly $1..$n, fails here.  Also checks that a broken statement
 * does fail preparation (so the first test can fail).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "unit/testdb.h"

static struct db *db;
static char path[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("sqltables", path);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

TestSuite(sql_tables, .init = setup, .fini = teardown);

Test(sql_tables, every_statement_prepares)
{
	struct av_err err = AV_ERR_INIT;
	size_t i, total = 0;

	cr_assert_geq(sql_tables_count, 5);
	for (i = 0; i < sql_tables_count; i++) {
		cr_assert_gt(*sql_tables[i].count, 0, "%s has no statements",
		             sql_tables[i].module);
		total += *sql_tables[i].count;
	}
	cr_assert_gt(total, 50);
	cr_assert_eq(sql_tables_prepare(db, &err), AV_OK, "%s: %s", err.msg,
	             err.detail);
}

Test(sql_tables, broken_statements_fail)
{
	static const struct sql_def bad[] = {
	    {"t_missing_table", 0, "SELECT x FROM no_such_table"},
	    {"t_gap", 2, "SELECT $1, $3"},
	    {"t_renamed_column", 1,
	     "SELECT nome_vecchio FROM comune"
	     " WHERE codice_istat = $1"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_neq(db_prepare_all(db, &bad[i], 1, &err), AV_OK,
		              "%s prepared", bad[i].name);
		cr_assert(strstr(err.detail, bad[i].name) != NULL ||
		              err.detail[0] != '\0',
		          "%s: no detail", bad[i].name);
	}
}
