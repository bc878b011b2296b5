/*
 * pg_test.c - the PostgreSQL engine against a real server: values of every
 * kind go in and come back unchanged, parameters bind by number, errors
 * map as SQLite's do, writers queue on the writer lock, migrations run
 * once when two connections race, another process's commit is noticed,
 * and every module's statement prepares on the migrated schema.
 *
 * AREAVASTA_TEST_PG names a fresh database (scripts/run-unit.sh starts a
 * throw-away cluster and sets it); without it the tests fail, they are
 * not skipped: `make check` always provides one.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"

static const char *
target(void)
{
	const char *t = getenv("AREAVASTA_TEST_PG");

	cr_assert_not_null(t, "AREAVASTA_TEST_PG is not set: run through"
	                      " scripts/run-unit.sh (make unit)");
	return t;
}

static struct db *
connect_pg(void)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	cr_assert_eq(db_open(target(), &db, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_dialect(db), DB_POSTGRES);
	return db;
}

static const struct sql_def q_make = {
    "t_make", 0,
    "CREATE TEMP TABLE t (id BIGINT PRIMARY KEY, s TEXT, b BYTEA,"
    " f BOOLEAN, n INTEGER)"};
static const struct sql_def q_put = {
    "t_put", 5, "INSERT INTO t (id, s, b, f, n) VALUES ($1, $2, $3, $4, $5)"};
static const struct sql_def q_get = {
    "t_get", 1, "SELECT id, s, b, f, n FROM t WHERE id = $1"};
static const struct sql_def q_swap = {"t_swap", 2, "SELECT $2, $1"};
static const struct sql_def q_bump = {"t_bump", 0,
                                      "UPDATE t SET n = COALESCE(n, 0) + 1"};

Test(pg, values_round_trip)
{
	static const char bytes[] = {0, 1, (char)0xff, 0, 0x5c, 0x78};
	const char *text = "Forlì-Cesena, l'Aquila \xe2\x82\xac";
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	struct db_param p[5] = {P_I64(INT64_MIN), P_TEXT(text),
	                        P_BLOB(bytes, sizeof(bytes)), P_I64(1), P_NULL};
	struct db_param id[1] = {P_I64(INT64_MIN)};
	struct db_cursor *c;
	const void *blob;
	size_t len;

	cr_assert_eq(db_exec(db, &q_make, NULL, 0, NULL, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_eq(db_exec(db, &q_put, p, 5, NULL, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_eq(db_query(db, &q_get, id, 1, &c, &err), AV_OK);
	cr_assert_eq(db_next(c, &err), 1);
	cr_assert_eq(db_col_count(c), 5);
	cr_assert_eq(db_col_i64(c, 0), INT64_MIN);
	cr_assert_eq(db_col_type(c, 0), DBP_I64);
	cr_assert_str_eq(db_col_text(c, 1), text);
	cr_assert_eq(db_col_type(c, 1), DBP_TEXT);
	blob = db_col_blob(c, 2, &len);
	cr_assert_eq(db_col_type(c, 2), DBP_BLOB);
	cr_assert_eq(len, sizeof(bytes));
	cr_assert_eq(memcmp(blob, bytes, len), 0);
	cr_assert_eq(db_col_i64(c, 3), 1, "boolean true reads as 1");
	cr_assert_eq(db_col_type(c, 3), DBP_I64);
	cr_assert(db_col_is_null(c, 4));
	cr_assert_eq(db_col_type(c, 4), DBP_NULL);
	cr_assert_null(db_col_text(c, 4));
	cr_assert_eq(db_next(c, &err), 0);
	db_cursor_close(c);
	db_close(db);
}

Test(pg, parameters_bind_by_number_and_count_changes)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	struct db_param p[2] = {P_TEXT("uno"), P_TEXT("due")};
	struct db_param row[5] = {P_I64(7), P_NULL, P_NULL, P_NULL, P_NULL};
	struct db_cursor *c;
	int64_t changes = -1;

	cr_assert_eq(db_query(db, &q_swap, p, 2, &c, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_eq(db_next(c, &err), 1);
	cr_assert_str_eq(db_col_text(c, 0), "due");
	cr_assert_str_eq(db_col_text(c, 1), "uno");
	db_cursor_close(c);
	cr_assert_eq(db_exec(db, &q_make, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_put, row, 5, NULL, &err), AV_OK);
	row[0] = P_I64(8);
	cr_assert_eq(db_exec(db, &q_put, row, 5, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_bump, NULL, 0, &changes, &err), AV_OK);
	cr_assert_eq(changes, 2);
	db_close(db);
}

Test(pg, errors_map_like_sqlite)
{
	static const struct sql_def gap = {"t_gap", 1, "SELECT $1, $2"};
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	struct db_param row[5] = {P_I64(1), P_NULL, P_NULL, P_NULL, P_NULL};
	struct db_param nul[2] = {P_TEXTN("a\0b", 3), P_TEXT("x")};

	cr_assert_eq(db_exec(db, &q_make, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_put, row, 5, NULL, &err), AV_OK);
	/* A duplicate key inside a transaction: 409, then rolled back. */
	cr_assert_eq(db_tx_begin(db, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_exec(db, &q_put, row, 5, NULL, &err), AV_ECONFLICT);
	db_tx_rollback(db);
	av_err_clear(&err);
	/* The connection is usable again. */
	row[0] = P_I64(2);
	cr_assert_eq(db_exec(db, &q_put, row, 5, NULL, &err), AV_OK, "%s",
	             err.detail);
	/* Text with a NUL byte is refused, not cut. */
	cr_assert_eq(
	    db_query(db, &q_swap, nul, 2, &(struct db_cursor *){0}, &err),
	    AV_EINVAL);
	av_err_clear(&err);
	/* A statement using a parameter it does not declare. */
	cr_assert_eq(
	    db_exec(db, &gap, (struct db_param[]){P_I64(1)}, 1, NULL, &err),
	    AV_EINTERNAL, "%s", err.detail);
	db_close(db);
}

/* ---- the writer lock ------------------------------------------------- */

struct racer {
	struct db *db;
	int entered; /* set when its transaction began */
};

static void *
second_writer(void *arg)
{
	struct racer *r = arg;
	struct av_err err = AV_ERR_INIT;

	if (db_tx_begin(r->db, &err) == AV_OK) {
		__atomic_store_n(&r->entered, 1, __ATOMIC_SEQ_CST);
		db_tx_rollback(r->db);
	}
	return NULL;
}

Test(pg, writers_queue_on_one_lock)
{
	struct av_err err = AV_ERR_INIT;
	struct db *a = connect_pg();
	struct racer r = {connect_pg(), 0};
	pthread_t t;

	cr_assert_eq(db_tx_begin(a, &err), AV_OK, "%s", err.detail);
	pthread_create(&t, NULL, second_writer, &r);
	usleep(300 * 1000);
	cr_assert_eq(__atomic_load_n(&r.entered, __ATOMIC_SEQ_CST), 0,
	             "a second writer entered while the first held the lock");
	cr_assert_eq(db_tx_commit(a, &err), AV_OK);
	pthread_join(t, NULL);
	cr_assert_eq(r.entered, 1);
	db_close(a);
	db_close(r.db);
}

/* ---- migrations, racing ---------------------------------------------- */

static void *
migrate_once(void *arg)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;
	int *rc = arg;

	*rc = db_open(target(), &db, &err);
	if (*rc == AV_OK)
		*rc = db_migrate(db, &err);
	db_close(db);
	return NULL;
}

static const struct sql_def q_versions = {
    "t_versions", 0,
    "SELECT COUNT(*) - COUNT(DISTINCT version) FROM schema_version"};

Test(pg, racing_migrations_apply_once_and_every_statement_prepares)
{
	struct av_err err = AV_ERR_INIT;
	pthread_t t[3];
	int rc[3], i;
	int64_t dup = -1;
	size_t pending = 1;
	struct db *db;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, migrate_once, &rc[i]);
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		cr_assert_eq(rc[i], AV_OK, "migration %d failed", i);
	}
	db = connect_pg();
	cr_assert_eq(db_migrations_pending(db, &pending, &err), AV_OK);
	cr_assert_eq(pending, 0);
	cr_assert_eq(db_query_i64(db, &q_versions, NULL, 0, &dup, NULL, &err),
	             AV_OK);
	cr_assert_eq(dup, 0);
	cr_assert_eq(sql_tables_prepare(db, &err), AV_OK, "%s: %s", err.msg,
	             err.detail);
	db_close(db);
}

/* ---- another process's commit ---------------------------------------- */

static const struct sql_def q_shared = {
    "t_shared", 0, "CREATE TABLE IF NOT EXISTS pg_test_shared (n BIGINT)"};
static const struct sql_def q_shared_put = {
    "t_shared_put", 0, "INSERT INTO pg_test_shared (n) VALUES (1)"};

Test(pg, another_process_commit_is_noticed)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();
	uint64_t before;
	pid_t child;
	int status;

	cr_assert_eq(db_exec(db, &q_shared, NULL, 0, NULL, &err), AV_OK);
	/* The first ask starts listening; then nothing is news. */
	cr_assert_eq(db_data_changed(db, &err), AV_OK);
	before = db_write_generation();
	cr_assert_eq(db_data_changed(db, &err), AV_OK);
	cr_assert_eq(db_write_generation(), before);
	child = fork();
	if (child == 0) {
		/* A new process: another token, as another node has. */
		char env[512];
		char *const envp[] = {env, NULL};

		/* Criterion's own variables would make it a worker again. */
		snprintf(env, sizeof(env), "AREAVASTA_TEST_PG=%s", target());
		freopen("/dev/null", "w", stdout);
		execle("/proc/self/exe", "pg_test", "--filter",
		       "pg/child_writes", (char *)NULL, envp);
		_exit(127);
	}
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	usleep(100 * 1000);
	cr_assert_eq(db_data_changed(db, &err), AV_OK);
	cr_assert_gt(db_write_generation(), before,
	             "a commit of another process went unnoticed");
	db_close(db);
}

/* Run alone by the test above, in a process of its own. */
Test(pg, child_writes)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = connect_pg();

	cr_assert_eq(db_exec(db, &q_shared, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_shared_put, NULL, 0, NULL, &err), AV_OK);
	db_close(db);
}
