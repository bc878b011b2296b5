/*
 * pg_pipeline_test.c - the round trips db_pg.c saves with libpq's pipeline
 * mode (issue 11, docs/internals/lists.md "PostgreSQL: where a request's
 * time goes"), against a real server: the plan mode a statement wants is
 * set in the same round trip and stays right after a statement fails
 * (the failed implicit transaction undoes the SET); a statement without
 * parameters does not change it; db_query_batch returns every cursor or
 * none, the first error reported once, and the connection is usable
 * afterwards, inside a transaction too.  The same batch on SQLite runs
 * the statements in turn (db_batch_sqlite below).
 *
 * AREAVASTA_TEST_PG names a fresh database (scripts/run-unit.sh).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "unit/testdb.h"

static struct db *
connect_pg(void)
{
	const char *t = getenv("AREAVASTA_TEST_PG");
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	cr_assert_not_null(t, "AREAVASTA_TEST_PG is not set: run through"
	                      " scripts/run-unit.sh (make unit)");
	cr_assert_eq(db_open(t, &db, &err), AV_OK, "%s", err.detail);
	return db;
}

/* The session's mode, read by statements of either kind. */
static const struct sql_def q_mode0 = {
    "t_mode0", 0, "SELECT current_setting('plan_cache_mode')"};
static const struct sql_def q_mode_custom = {
    "t_mode_custom", 1,
    "SELECT current_setting('plan_cache_mode') || CAST($1 AS TEXT)"};
static const struct sql_def q_mode_generic = {
    "t_mode_generic", 1,
    "SELECT current_setting('plan_cache_mode') || CAST($1 AS TEXT)", NULL, 1};
/* Fails when $1 is 0 (division by zero), in either mode. */
static const struct sql_def q_div_generic = {
    "t_div_generic", 1, "SELECT 10 / CAST($1 AS BIGINT)", NULL, 1};
static const struct sql_def q_div_custom = {"t_div_custom", 1,
                                            "SELECT 10 / CAST($1 AS BIGINT)"};

static const char *
text_of(struct db *db, const struct sql_def *q, int np, char *buf, size_t cap)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[1] = {P_TEXT("")};
	struct db_cursor *c;

	cr_assert_eq(db_query(db, q, p, (size_t)np, &c, &err), AV_OK, "%s: %s",
	             q->name, err.detail);
	cr_assert_eq(db_next(c, &err), 1);
	snprintf(buf, cap, "%s", db_col_text(c, 0));
	db_cursor_close(c);
	return buf;
}

Test(pg_pipeline, plan_mode_follows_the_statement)
{
	struct db *db = connect_pg();
	char b[64];

	cr_assert_str_eq(text_of(db, &q_mode_custom, 1, b, sizeof(b)), "auto");
	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, b, sizeof(b)),
	                 "force_generic_plan");
	/* Without parameters PostgreSQL plans once: the mode stays. */
	cr_assert_str_eq(text_of(db, &q_mode0, 0, b, sizeof(b)),
	                 "force_generic_plan");
	cr_assert_str_eq(text_of(db, &q_mode_custom, 1, b, sizeof(b)), "auto");
	cr_assert_str_eq(text_of(db, &q_mode0, 0, b, sizeof(b)), "auto");
	db_close(db);
}

Test(pg_pipeline, a_failure_with_a_mode_change_leaves_the_mode_right)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	struct db_param zero[1] = {P_I64(0)};
	struct db_cursor *c = NULL;
	char b[64];

	/* auto -> generic in the failing statement's pipeline: undone. */
	cr_assert_str_eq(text_of(db, &q_mode_custom, 1, b, sizeof(b)), "auto");
	cr_assert_eq(db_query(db, &q_div_generic, zero, 1, &c, &err), AV_EDB);
	cr_assert_not_null(strstr(err.detail, "t_div_generic"), "%s",
	                   err.detail);
	av_err_clear(&err);
	cr_assert_str_eq(text_of(db, &q_mode0, 0, b, sizeof(b)), "auto");
	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, b, sizeof(b)),
	                 "force_generic_plan");
	/* generic -> auto in the failing statement's pipeline: undone. */
	cr_assert_eq(db_query(db, &q_div_custom, zero, 1, &c, &err), AV_EDB);
	av_err_clear(&err);
	cr_assert_str_eq(text_of(db, &q_mode0, 0, b, sizeof(b)),
	                 "force_generic_plan");
	cr_assert_str_eq(text_of(db, &q_mode_custom, 1, b, sizeof(b)), "auto");
	db_close(db);
}

Test(pg_pipeline, transactions_run_in_the_default_mode)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	char b[64];

	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, b, sizeof(b)),
	                 "force_generic_plan");
	cr_assert_eq(db_tx_begin(db, &err), AV_OK, "%s", err.detail);
	/* Inside, no statement changes the mode: it is the default's. */
	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, b, sizeof(b)), "auto");
	db_tx_rollback(db);
	/* The rollback undid the RESET; the next statement sets its own. */
	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, b, sizeof(b)),
	                 "force_generic_plan");
	cr_assert_eq(db_tx_begin(db, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_tx_commit(db, &err), AV_OK, "%s", err.detail);
	cr_assert_str_eq(text_of(db, &q_mode0, 0, b, sizeof(b)), "auto");
	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, b, sizeof(b)),
	                 "force_generic_plan");
	cr_assert_str_eq(text_of(db, &q_mode_custom, 1, b, sizeof(b)), "auto");
	db_close(db);
}

static const struct sql_def q_one = {"t_one", 1,
                                     "SELECT CAST($1 AS BIGINT) + 1"};
static const struct sql_def q_words = {
    "t_words", 1,
    "SELECT w FROM unnest(string_to_array(CAST($1 AS TEXT), ' ')) w"
    " ORDER BY w",
    NULL, 1};

Test(pg_pipeline, batch_returns_every_cursor_in_order)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	struct db_param p1[1] = {P_I64(41)};
	struct db_param p2[1] = {P_TEXT("via roma")};
	struct db_batch b[3] = {{&q_one, p1, 1, NULL},
	                        {&q_words, p2, 1, NULL},
	                        {&q_mode0, NULL, 0, NULL}};

	cr_assert_eq(db_query_batch(db, b, 3, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_next(b[0].cur, &err), 1);
	cr_assert_eq(db_col_i64(b[0].cur, 0), 42);
	cr_assert_eq(db_next(b[0].cur, &err), 0);
	cr_assert_eq(db_next(b[1].cur, &err), 1);
	cr_assert_str_eq(db_col_text(b[1].cur, 0), "roma");
	cr_assert_eq(db_next(b[1].cur, &err), 1);
	cr_assert_str_eq(db_col_text(b[1].cur, 0), "via");
	cr_assert_eq(db_next(b[1].cur, &err), 0);
	/* q_words wanted a generic plan: set within the pipeline. */
	cr_assert_eq(db_next(b[2].cur, &err), 1);
	cr_assert_str_eq(db_col_text(b[2].cur, 0), "force_generic_plan");
	for (int i = 0; i < 3; i++)
		db_cursor_close(b[i].cur);
	db_close(db);
}

Test(pg_pipeline, batch_failing_midway_opens_nothing_and_reports_it)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	struct db_param p1[1] = {P_I64(1)};
	struct db_param zero[1] = {P_I64(0)};
	struct db_param p2[1] = {P_TEXT("a b")};
	struct db_batch b[3] = {{&q_one, p1, 1, NULL},
	                        {&q_div_custom, zero, 1, NULL},
	                        {&q_words, p2, 1, NULL}};
	char buf[64];

	cr_assert_eq(db_query_batch(db, b, 3, &err), AV_EDB);
	cr_assert_not_null(strstr(err.detail, "t_div_custom"), "%s",
	                   err.detail);
	cr_assert_not_null(strstr(err.detail, "22012"), "%s", err.detail);
	for (int i = 0; i < 3; i++)
		cr_assert_null(b[i].cur);
	av_err_clear(&err);
	/* Usable again, and the mode is what the next statement wants. */
	cr_assert_str_eq(text_of(db, &q_mode_custom, 1, buf, sizeof(buf)),
	                 "auto");
	cr_assert_str_eq(text_of(db, &q_mode_generic, 1, buf, sizeof(buf)),
	                 "force_generic_plan");
	/* Inside a transaction: the error aborts it, the rollback ends it. */
	cr_assert_eq(db_tx_begin(db, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_query_batch(db, b, 3, &err), AV_EDB);
	av_err_clear(&err);
	db_tx_rollback(db);
	b[1].p = p1;
	cr_assert_eq(db_query_batch(db, b, 3, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_next(b[1].cur, &err), 1);
	cr_assert_eq(db_col_i64(b[1].cur, 0), 10);
	for (int i = 0; i < 3; i++)
		db_cursor_close(b[i].cur);
	db_close(db);
}

/* SQLite: the same API, the statements in turn. */
static const struct sql_def q_lite_bad = {
    "t_lite_bad", 1, "SELECT x FROM no_such_table WHERE x = $1"};

Test(pg_pipeline, batch_on_sqlite_runs_in_turn)
{
	char path[TESTDB_PATH_MAX];
	struct av_err err = AV_ERR_INIT;
	struct db *db = testdb_open("batch", path);
	struct db_param p1[1] = {P_I64(41)};
	struct db_batch b[2] = {{&q_one, p1, 1, NULL},
	                        {&q_lite_bad, p1, 1, NULL}};

	cr_assert_eq(db_query_batch(db, b, 1, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_next(b[0].cur, &err), 1);
	cr_assert_eq(db_col_i64(b[0].cur, 0), 42);
	db_cursor_close(b[0].cur);
	/* The second does not prepare: the first is closed again. */
	cr_assert_neq(db_query_batch(db, b, 2, &err), AV_OK);
	cr_assert_null(b[0].cur);
	cr_assert_null(b[1].cur);
	av_err_clear(&err);
	/* q_one's statement was given back: it runs again. */
	cr_assert_eq(db_query_batch(db, b, 1, &err), AV_OK, "%s", err.detail);
	db_cursor_close(b[0].cur);
	testdb_remove(db, path);
}
