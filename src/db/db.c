/*
 * db.c - the engine-neutral half of db.h: choosing the backend from the
 * target, argument checks and transaction bookkeeping that both engines
 * share, migrations, write generations and the server's per-thread
 * connection.  The engines live in db_sqlite.c and db_pg.c (backend.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "db/backend.h"

static const struct db_backend *
backend_for(const char *target)
{
	return db_target_is_postgres(target) ? &db_pg_backend
	                                     : &db_sqlite_backend;
}

static int
open_mode(const char *target, enum db_open_mode mode, struct db **out,
          struct av_err *err)
{
	return backend_for(target)->open(target, mode, out, err);
}

int
db_open(const char *path, struct db **out, struct av_err *err)
{
	return open_mode(path, DB_OPEN_CREATE, out, err);
}

int
db_open_existing(const char *path, struct db **out, struct av_err *err)
{
	return open_mode(path, DB_OPEN_EXISTING, out, err);
}

int
db_open_readonly(const char *path, struct db **out, struct av_err *err)
{
	return open_mode(path, DB_OPEN_READONLY, out, err);
}

void
db_close(struct db *db)
{
	if (db != NULL)
		db->be->close(db);
}

enum db_dialect
db_dialect(const struct db *db)
{
	return db->be->dialect;
}

const char *
db_sql_text(const struct db *db, const struct sql_def *q)
{
	if (db->be->dialect == DB_POSTGRES && q->pg != NULL)
		return q->pg;
	return q->sql;
}

/* ---- statements ------------------------------------------------------ */

static int
check_arity(const struct sql_def *q, size_t np, struct av_err *err)
{
	if ((int)np == q->nparams)
		return AV_OK;
	av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	av_detail(err, "statement '%s' wants %d parameters, got %zu", q->name,
	          q->nparams, np);
	return AV_EINTERNAL;
}

int
db_exec(struct db *db, const struct sql_def *q, const struct db_param *p,
        size_t np, int64_t *changes, struct av_err *err)
{
	if (check_arity(q, np, err) != AV_OK)
		return err->code;
	return db->be->exec(db, q, p, np, changes, err);
}

int
db_query(struct db *db, const struct sql_def *q, const struct db_param *p,
         size_t np, struct db_cursor **out, struct av_err *err)
{
	if (check_arity(q, np, err) != AV_OK)
		return err->code;
	return db->be->query(db, q, p, np, out, err);
}

int
db_query_batch(struct db *db, struct db_batch *b, size_t n, struct av_err *err)
{
	size_t i, j;

	if (n > DB_BATCH_MAX)
		AV_BUG("db_query_batch: %zu statements", n);
	for (i = 0; i < n; i++) {
		b[i].cur = NULL;
		for (j = 0; j < i; j++)
			if (b[j].q == b[i].q)
				AV_BUG("db_query_batch: '%s' twice",
				       b[i].q->name);
		if (check_arity(b[i].q, b[i].np, err) != AV_OK)
			return err->code;
	}
	if (db->be->query_batch != NULL)
		return db->be->query_batch(db, b, n, err);
	for (i = 0; i < n; i++) {
		if (db->be->query(db, b[i].q, b[i].p, b[i].np, &b[i].cur,
		                  err) == AV_OK)
			continue;
		while (i-- > 0) {
			db_cursor_close(b[i].cur);
			b[i].cur = NULL;
		}
		return err->code;
	}
	return AV_OK;
}

int
db_next(struct db_cursor *c, struct av_err *err)
{
	return c->db->be->next(c, err);
}

int64_t
db_col_i64(struct db_cursor *c, int col)
{
	return c->db->be->col_i64(c, col);
}

const char *
db_col_text(struct db_cursor *c, int col)
{
	return c->db->be->col_text(c, col);
}

const void *
db_col_blob(struct db_cursor *c, int col, size_t *len)
{
	return c->db->be->col_blob(c, col, len);
}

int
db_col_is_null(struct db_cursor *c, int col)
{
	return c->db->be->col_is_null(c, col);
}

int
db_col_count(struct db_cursor *c)
{
	return c->db->be->col_count(c);
}

enum db_ptype
db_col_type(struct db_cursor *c, int col)
{
	return c->db->be->col_type(c, col);
}

void
db_cursor_close(struct db_cursor *c)
{
	if (c != NULL)
		c->db->be->cursor_close(c);
}

int
db_bulk_begin(struct db *db, int64_t table_id, int ncols, struct db_bulk **out,
              struct av_err *err)
{
	*out = NULL;
	if (table_id <= 0 || ncols < 1 || ncols > DB_BULK_COLS_MAX)
		AV_BUG("db_bulk_begin: table %lld, %d columns",
		       (long long)table_id, ncols);
	if (!db->in_tx)
		AV_BUG("db_bulk_begin outside a transaction");
	return db->be->bulk_begin(db, table_id, ncols, out, err);
}

int
db_bulk_row(struct db_bulk *b, const char *const *vals, const size_t *lens,
            struct av_err *err)
{
	return b->db->be->bulk_row(b, vals, lens, err);
}

int
db_bulk_end(struct db_bulk *b, int ok, struct av_err *err)
{
	if (b == NULL)
		return AV_OK;
	return b->db->be->bulk_end(b, ok, err);
}

void
db_forget(struct db *db, const struct sql_def *q)
{
	if (db != NULL && q != NULL)
		db->be->forget(db, q);
}

int
db_query_i64(struct db *db, const struct sql_def *q, const struct db_param *p,
             size_t np, int64_t *out, int *found, struct av_err *err)
{
	struct db_cursor *c;
	int r;

	if (db_query(db, q, p, np, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1)
		*out = db_col_i64(c, 0);
	if (found)
		*found = r == 1;
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
db_prepare_all(struct db *db, const struct sql_def *defs, size_t n,
               struct av_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (defs[i].sql && db->be->prepare(db, &defs[i], err) != AV_OK)
			return err->code;
	return AV_OK;
}

int
db_size_bytes(struct db *db, int64_t *out, struct av_err *err)
{
	return db->be->size_bytes(db, out, err);
}

/* ---- transactions ---------------------------------------------------- */

int
db_tx_begin(struct db *db, struct av_err *err)
{
	if (db->in_tx)
		AV_BUG("nested transaction");
	if (db->be->tx_begin(db, err) != AV_OK)
		return err->code;
	db->in_tx = 1;
	return AV_OK;
}

int
db_tx_commit(struct db *db, struct av_err *err)
{
	if (!db->in_tx)
		AV_BUG("commit outside a transaction");
	if (db->be->tx_commit(db, err) != AV_OK) {
		db_tx_rollback(db);
		return err->code;
	}
	db->in_tx = 0;
	return AV_OK;
}

void
db_tx_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->be->tx_rollback(db);
	db->in_tx = 0;
}

int
db_in_tx(const struct db *db)
{
	return db->in_tx;
}

/* Joins the caller's transaction or opens one (db.h). */
int
db_tx_enter(struct db *db, int *own, struct av_err *err)
{
	*own = !db_in_tx(db);
	return *own ? db_tx_begin(db, err) : AV_OK;
}

int
db_tx_leave(struct db *db, int own, int rc, struct av_err *err)
{
	if (!own)
		return rc;
	if (rc == AV_OK && db_tx_commit(db, err) == AV_OK)
		return AV_OK;
	db_tx_rollback(db);
	return err->code != AV_OK ? (int)err->code : rc;
}

/* ---- write generations ----------------------------------------------- */

/*
 * Committed writes of this process, on any connection: what response
 * caches compare (db_write_generation).  Each engine calls db_note_commit
 * after a commit that may have written, autocommit statements included.
 */
static uint64_t write_generation;

void
db_note_commit(void)
{
	__atomic_add_fetch(&write_generation, 1, __ATOMIC_RELEASE);
}

uint64_t
db_write_generation(void)
{
	return __atomic_load_n(&write_generation, __ATOMIC_ACQUIRE);
}

int
db_data_changed(struct db *db, struct av_err *err)
{
	int changed = 0;

	if (db->be->data_changed(db, &changed, err) != AV_OK)
		return err->code;
	if (changed)
		db_note_commit();
	return AV_OK;
}

/* ---- migrations ------------------------------------------------------ */

const struct migration *
db_migration_list(const struct db *db, size_t *n)
{
	*n = *db->be->nmigrations;
	return db->be->migrations;
}

/* The one migration statement the dialects share. */
static const struct sql_def q_schema_create = {
    "schema_create", 0,
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP) STRICT",
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"};
static const struct sql_def q_schema_max = {
    "schema_max", 0, "SELECT COALESCE(MAX(version), 0) FROM schema_version"};
static const struct sql_def q_schema_has = {
    "schema_has", 1, "SELECT COUNT(*) FROM schema_version WHERE version = $1"};
static const struct sql_def q_schema_add = {
    "schema_add", 2,
    "INSERT INTO schema_version (version, name) VALUES ($1, $2)"};

/* Reads only: a database without schema_version has nothing applied. */
static int
schema_exists(struct db *db, int *exists, struct av_err *err)
{
	int64_t n = 0;

	if (db_query_i64(db, db->be->schema_exists, NULL, 0, &n, NULL, err) !=
	    AV_OK)
		return err->code;
	*exists = n > 0;
	return AV_OK;
}

int
db_schema_version(struct db *db, int64_t *out, struct av_err *err)
{
	int exists = 0;

	*out = 0;
	if (schema_exists(db, &exists, err) != AV_OK)
		return err->code;
	if (!exists)
		return AV_OK;
	return db_query_i64(db, &q_schema_max, NULL, 0, out, NULL, err);
}

int
db_migration_applied(struct db *db, int version, int *applied,
                     struct av_err *err)
{
	struct db_param p[1] = {P_I64(version)};
	int64_t has = 0;
	int exists = 0;

	*applied = 0;
	if (schema_exists(db, &exists, err) != AV_OK)
		return err->code;
	if (!exists)
		return AV_OK;
	if (db_query_i64(db, &q_schema_has, p, 1, &has, NULL, err) != AV_OK)
		return err->code;
	*applied = has > 0;
	return AV_OK;
}

int
db_migrations_pending(struct db *db, size_t *n, struct av_err *err)
{
	const struct migration *list;
	size_t i, count;
	int applied;

	*n = 0;
	list = db_migration_list(db, &count);
	for (i = 0; i < count; i++) {
		if (list[i].version == 0)
			continue;
		if (db_migration_applied(db, list[i].version, &applied, err) !=
		    AV_OK)
			return err->code;
		*n += !applied;
	}
	return AV_OK;
}

int
db_migrate(struct db *db, struct av_err *err)
{
	return db_migrate_report(db, NULL, NULL, err);
}

/* Applies one migration with its schema_version row, if still missing. */
static int
apply_one(struct db *db, const struct migration *m, int *done,
          struct av_err *err)
{
	struct db_param p[2] = {P_I64(m->version), P_TEXT(m->name)};
	int64_t has = 0;

	*done = 0;
	if (db_tx_begin(db, err) != AV_OK)
		return err->code;
	if (db_query_i64(db, &q_schema_has, p, 1, &has, NULL, err) != AV_OK)
		goto fail;
	if (has)
		return db_tx_commit(db, err);
	/* Migration scripts are trusted constants compiled in. */
	if (db->be->script(db, m->name, m->sql, err) != AV_OK ||
	    db_exec(db, &q_schema_add, p, 2, NULL, err) != AV_OK)
		goto fail;
	if (db_tx_commit(db, err) != AV_OK)
		return err->code;
	*done = 1;
	return AV_OK;
fail:
	db_tx_rollback(db);
	return err->code;
}

/*
 * Applies every migration not yet recorded, in ascending order.  Checking
 * each version (not just "above the highest") means a number left free and
 * filled later is still applied on databases that already have higher ones.
 * The check runs again inside each migration's transaction, under the
 * migration lock, so nodes starting together apply each one once.
 */
int
db_migrate_report(struct db *db,
                  void (*applied)(const struct migration *m, void *arg),
                  void *arg, struct av_err *err)
{
	struct av_err ignored = AV_ERR_INIT;
	const struct migration *list;
	size_t i, n;
	int rc = AV_OK, done;

	if (db->be->migration_lock(db, 1, err) != AV_OK)
		return err->code;
	if (db_exec(db, &q_schema_create, NULL, 0, NULL, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	list = db_migration_list(db, &n);
	for (i = 0; i < n && rc == AV_OK; i++) {
		if (list[i].version == 0)
			continue;
		rc = apply_one(db, &list[i], &done, err);
		if (rc == AV_OK && done && applied != NULL)
			applied(&list[i], arg);
	}
out:
	db->be->migration_lock(db, 0, rc == AV_OK ? err : &ignored);
	return rc == AV_OK ? (int)err->code : rc;
}

/* ---- per-thread connections for the server --------------------------- */

static char *thread_db_path;
static pthread_key_t thread_db_key;
static pthread_once_t thread_db_once = PTHREAD_ONCE_INIT;

static void
thread_db_destroy(void *p)
{
	db_close(p);
}

static void
thread_db_key_init(void)
{
	pthread_key_create(&thread_db_key, thread_db_destroy);
}

void
db_thread_configure(const char *path)
{
	free(thread_db_path);
	thread_db_path = xstrdup(path);
	pthread_once(&thread_db_once, thread_db_key_init);
}

/*
 * The calling thread's connection, opened on first use.  A connection the
 * server lost (PostgreSQL restarted, network cut) is replaced here, between
 * requests, never inside one.
 */
struct db *
db_thread(struct av_err *err)
{
	struct db *db;

	pthread_once(&thread_db_once, thread_db_key_init);
	db = pthread_getspecific(thread_db_key);
	if (db != NULL && !db->in_tx && !db->be->alive(db)) {
		db_close(db);
		db = NULL;
		pthread_setspecific(thread_db_key, NULL);
	}
	if (db != NULL)
		return db;
	if (thread_db_path == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "db_thread: no database configured");
		return NULL;
	}
	if (db_open_existing(thread_db_path, &db, err) != AV_OK)
		return NULL;
	pthread_setspecific(thread_db_key, db);
	return db;
}
