/*
 * db_test.c - the SQLite data-access layer: $k bound by name whatever the
 * order of first appearance (the pitfall of ARCHITECTURE.md A1), parameter
 * count checks, cursors, transactions and rollback, constraint mapping,
 * migrations idempotent.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "unit/testdb.h"

static struct db *db;
static char path[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("db-test", path);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

TestSuite(db, .init = setup, .fini = teardown);

static const struct sql_def q_swap = {"t_swap", 2, "SELECT $2, $1"};
static const struct sql_def q_repeat = {"t_repeat", 2, "SELECT $2, $1, $2"};

Test(db, binds_dollar_params_by_number_not_by_first_appearance)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[2] = {P_TEXT("A"), P_TEXT("B")};
	struct db_cursor *c;

	cr_assert_eq(db_query(db, &q_swap, p, 2, &c, &err), AV_OK);
	cr_assert_eq(db_next(c, &err), 1);
	cr_assert_str_eq(db_col_text(c, 0), "B");
	cr_assert_str_eq(db_col_text(c, 1), "A");
	cr_assert_eq(db_next(c, &err), 0);
	db_cursor_close(c);
	cr_assert_eq(db_query(db, &q_repeat, p, 2, &c, &err), AV_OK);
	cr_assert_eq(db_next(c, &err), 1);
	cr_assert_str_eq(db_col_text(c, 0), "B");
	cr_assert_str_eq(db_col_text(c, 1), "A");
	cr_assert_str_eq(db_col_text(c, 2), "B");
	db_cursor_close(c);
}

static const struct sql_def q_gap = {"t_gap", 1, "SELECT $2"};
static const struct sql_def q_question = {"t_q", 1, "SELECT ?"};
static const struct sql_def q_named = {"t_named", 1, "SELECT :x"};

Test(db, refuses_statements_whose_params_are_not_1_to_n)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[1] = {P_I64(1)};

	cr_assert_neq(db_exec(db, &q_gap, p, 1, NULL, &err), AV_OK);
	av_err_clear(&err);
	cr_assert_neq(db_exec(db, &q_question, p, 1, NULL, &err), AV_OK);
	av_err_clear(&err);
	cr_assert_neq(db_exec(db, &q_named, p, 1, NULL, &err), AV_OK);
}

Test(db, refuses_a_wrong_number_of_arguments)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[1] = {P_I64(1)};

	cr_assert_eq(db_exec(db, &q_swap, p, 1, NULL, &err), AV_EINTERNAL);
	cr_assert(strstr(err.detail, "wants 2") != NULL, "%s", err.detail);
}

static const struct sql_def q_mk = {
    "t_mk", 0,
    "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) STRICT"};
static const struct sql_def q_ins = {"t_ins", 2,
                                     "INSERT INTO t (k, v) VALUES ($1, $2)"};
static const struct sql_def q_count = {"t_count", 0, "SELECT COUNT(*) FROM t"};

Test(db, rollback_discards_and_constraints_map_to_conflict)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[2] = {P_TEXT("a"), P_I64(1)};
	int64_t n = -1, changes = 0;
	int found;

	cr_assert_eq(db_exec(db, &q_mk, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_tx_begin(db, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_ins, p, 2, &changes, &err), AV_OK);
	cr_assert_eq(changes, 1);
	db_tx_rollback(db);
	cr_assert_eq(db_query_i64(db, &q_count, NULL, 0, &n, &found, &err),
	             AV_OK);
	cr_assert_eq(n, 0);
	cr_assert_eq(db_exec(db, &q_ins, p, 2, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_ins, p, 2, NULL, &err), AV_ECONFLICT);
	cr_assert_eq(err.code, AV_ECONFLICT);
	cr_assert(strstr(err.detail, "UNIQUE") != NULL, "%s", err.detail);
}

Test(db, strict_tables_refuse_text_in_integer_columns)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[2] = {P_TEXT("a"), P_TEXT("12.5")};

	cr_assert_eq(db_exec(db, &q_mk, NULL, 0, NULL, &err), AV_OK);
	cr_assert_neq(db_exec(db, &q_ins, p, 2, NULL, &err), AV_OK);
}

Test(db, migrate_twice_is_a_no_op)
{
	struct av_err err = AV_ERR_INIT;
	int64_t v1 = -1, v2 = -2;

	cr_assert_eq(db_schema_version(db, &v1, &err), AV_OK);
	cr_assert_eq(db_migrate(db, &err), AV_OK);
	cr_assert_eq(db_schema_version(db, &v2, &err), AV_OK);
	cr_assert_eq(v1, v2);
}

Test(db, size_is_reported)
{
	struct av_err err = AV_ERR_INIT;
	int64_t size = 0;

	cr_assert_eq(db_size_bytes(db, &size, &err), AV_OK);
	cr_assert_gt(size, 0);
}
