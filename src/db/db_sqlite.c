/*
 * db_sqlite.c - the SQLite backend of db.h.
 *
 * Why bind by name: SQLite numbers "$k" parameters by order of first
 * appearance, not by k (ARCHITECTURE.md A1), so "SELECT $2, $1" would bind
 * backwards.  At prepare time we check that the statement's parameters are
 * exactly $1..$n and record, for each k, the index SQLite gave "$k".
 *
 * Statements are prepared once per connection (SQLITE_PREPARE_PERSISTENT) and
 * kept in a small open-addressing table keyed by the sql_def's address.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "db/migrations.h"

#define DB_PARAMS_MAX 32    /* parameters in one statement */
#define DB_CACHE_SLOTS 1024 /* prepared statements per connection */
#define DB_BUSY_TIMEOUT_MS 5000
#define DB_PATH_MAX 4096 /* bytes of a database path and suffix */

struct cached_stmt {
	const struct sql_def *def;    /* borrowed: static table; NULL = empty */
	sqlite3_stmt *stmt;           /* owned */
	int index[DB_PARAMS_MAX + 1]; /* index[k] = SQLite index of "$k" */
	int busy;                     /* a cursor is open on it */
};

struct db {
	sqlite3 *h;
	struct cached_stmt cache[DB_CACHE_SLOTS];
	int in_tx;
	int64_t data_version;  /* PRAGMA data_version last seen */
	int data_version_seen; /* data_version holds a value */
};

struct db_cursor {
	struct db *db;
	struct cached_stmt *cs;
};

/* Maps a SQLite result code to our error, keeping the raw text for logs. */
static int
db_fail(struct db *db, int rc, const char *what, struct av_err *err)
{
	int ext = db->h ? sqlite3_extended_errcode(db->h) : rc;
	enum av_code code = AV_EDB;
	const char *msg = "Errore interno della base dati.";

	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		code = AV_ECONFLICT;
		msg = "L'operazione viola un vincolo dei dati.";
	} else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		code = AV_EBUSY;
		msg = "La base dati è occupata, riprovare tra poco.";
	}
	av_fail(err, code, NULL, "%s", msg);
	av_detail(err, "%s: %s (%d/%d)", what,
	          db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc), rc, ext);
	return code;
}

/*
 * Committed writes of this process, on any connection: what response
 * caches compare (db_write_generation).  Bumped by SQLite's commit hook,
 * so autocommit statements count as well as explicit transactions.
 */
static uint64_t write_generation;

static int
on_commit(void *unused)
{
	(void)unused;
	__atomic_add_fetch(&write_generation, 1, __ATOMIC_RELEASE);
	return 0; /* 0: let the commit proceed */
}

uint64_t
db_write_generation(void)
{
	return __atomic_load_n(&write_generation, __ATOMIC_ACQUIRE);
}

static const struct sql_def q_data_version = {"data_version", 0,
                                              "PRAGMA data_version"};

int
db_data_changed(struct db *db, struct av_err *err)
{
	int64_t v = 0;

	if (db_query_i64(db, &q_data_version, NULL, 0, &v, NULL, err) != AV_OK)
		return err->code;
	if (db->data_version_seen && v != db->data_version)
		__atomic_add_fetch(&write_generation, 1, __ATOMIC_RELEASE);
	db->data_version = v;
	db->data_version_seen = 1;
	return AV_OK;
}

static int
db_configure(struct db *db, struct av_err *err)
{
	static const char *const pragmas = "PRAGMA foreign_keys = ON;"
	                                   "PRAGMA synchronous = FULL;"
	                                   "PRAGMA temp_store = MEMORY;";
	int rc;

	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	sqlite3_commit_hook(db->h, on_commit, NULL);
	rc = sqlite3_exec(db->h, pragmas, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "pragmas", err);
	/* WAL is persistent in the file; read-only opens keep what is set. */
	if (!sqlite3_db_readonly(db->h, "main")) {
		rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL;", NULL,
		                  NULL, NULL);
		if (rc != SQLITE_OK)
			return db_fail(db, rc, "journal_mode", err);
	}
	return AV_OK;
}

static int
db_open_flags(const char *path, int flags, struct db **out, struct av_err *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc;

	rc = sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		av_fail(err, AV_EIO, NULL,
		        "Impossibile aprire la base dati '%s'.", path);
		av_detail(err, "sqlite3_open_v2: %s",
		          db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		db_close(db);
		return AV_EIO;
	}
	if (db_configure(db, err) != AV_OK) {
		db_close(db);
		return err->code;
	}
	*out = db;
	return AV_OK;
}

/*
 * A database made by an older version, or copied in, may be readable by
 * others; SQLite then creates its -wal and -shm with the same mode.  Files
 * we own lose their group and other bits before we open them.
 */
static void
make_private(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	char name[DB_PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		int n = snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);

		if (n < 0 || (size_t)n >= sizeof(name))
			return;
		if (lstat(name, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && (st.st_mode & 077) != 0)
			chmod(name, st.st_mode & 0700);
	}
}

int
db_open(const char *path, struct db **out, struct av_err *err)
{
	make_private(path);
	return db_open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                     out, err);
}

int
db_open_existing(const char *path, struct db **out, struct av_err *err)
{
	return db_open_flags(path, SQLITE_OPEN_READWRITE, out, err);
}

void
db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache[i].stmt)
			sqlite3_finalize(db->cache[i].stmt);
	if (db->h)
		sqlite3_close(db->h);
	free(db);
}

/* Checks the parameters are exactly $1..$n and fills cs->index. */
static int
db_map_params(struct db *db, struct cached_stmt *cs, const struct sql_def *q,
              struct av_err *err)
{
	int count = sqlite3_bind_parameter_count(cs->stmt), k;

	if (q->nparams < 0 || q->nparams > DB_PARAMS_MAX || count != q->nparams)
		goto bad;
	for (k = 1; k <= q->nparams; k++) {
		char name[16];

		snprintf(name, sizeof(name), "$%d", k);
		cs->index[k] = sqlite3_bind_parameter_index(cs->stmt, name);
		if (cs->index[k] == 0)
			goto bad;
	}
	return AV_OK;
bad:
	(void)db;
	av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	av_detail(err, "statement '%s': parameters must be exactly $1..$%d",
	          q->name, q->nparams);
	return AV_EINTERNAL;
}

static struct cached_stmt *
db_stmt(struct db *db, const struct sql_def *q, struct av_err *err)
{
	size_t h = ((size_t)(uintptr_t)q >> 3) % DB_CACHE_SLOTS, i;
	struct cached_stmt *cs = NULL;
	int rc;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		struct cached_stmt *c = &db->cache[(h + i) % DB_CACHE_SLOTS];

		if (c->def == q)
			return c;
		if (c->def == NULL) {
			cs = c;
			break;
		}
	}
	if (cs == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "statement cache full");
		return NULL;
	}
	rc = sqlite3_prepare_v3(db->h, q->sql, -1, SQLITE_PREPARE_PERSISTENT,
	                        &cs->stmt, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, q->name, err);
		cs->stmt = NULL;
		return NULL;
	}
	if (db_map_params(db, cs, q, err) != AV_OK) {
		sqlite3_finalize(cs->stmt);
		cs->stmt = NULL;
		return NULL;
	}
	cs->def = q;
	return cs;
}

static int
db_bind(struct db *db, struct cached_stmt *cs, const struct db_param *p,
        size_t np, struct av_err *err)
{
	size_t k;

	if ((int)np != cs->def->nparams) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "statement '%s' wants %d parameters, got %zu",
		          cs->def->name, cs->def->nparams, np);
		return AV_EINTERNAL;
	}
	for (k = 0; k < np; k++) {
		int idx = cs->index[k + 1], rc = SQLITE_OK;

		switch (p[k].type) {
		case DBP_NULL:
			rc = sqlite3_bind_null(cs->stmt, idx);
			break;
		case DBP_I64:
			rc = sqlite3_bind_int64(cs->stmt, idx, p[k].i);
			break;
		case DBP_TEXT:
			rc = sqlite3_bind_text64(cs->stmt, idx, p[k].s, p[k].n,
			                         SQLITE_STATIC, SQLITE_UTF8);
			break;
		case DBP_BLOB:
			rc = sqlite3_bind_blob64(cs->stmt, idx, p[k].s, p[k].n,
			                         SQLITE_STATIC);
			break;
		}
		if (rc != SQLITE_OK)
			return db_fail(db, rc, cs->def->name, err);
	}
	return AV_OK;
}

static void
db_release_stmt(struct cached_stmt *cs)
{
	sqlite3_reset(cs->stmt);
	sqlite3_clear_bindings(cs->stmt);
	cs->busy = 0;
}

int
db_exec(struct db *db, const struct sql_def *q, const struct db_param *p,
        size_t np, int64_t *changes, struct av_err *err)
{
	struct cached_stmt *cs = db_stmt(db, q, err);
	int rc;

	if (cs == NULL)
		return err->code;
	if (cs->busy)
		AV_BUG("statement '%s' used while a cursor is open", q->name);
	if (db_bind(db, cs, p, np, err) != AV_OK) {
		db_release_stmt(cs);
		return err->code;
	}
	do
		rc = sqlite3_step(cs->stmt);
	while (rc == SQLITE_ROW);
	if (rc != SQLITE_DONE) {
		db_fail(db, rc, q->name, err);
		db_release_stmt(cs);
		return err->code;
	}
	if (changes)
		*changes = sqlite3_changes64(db->h);
	db_release_stmt(cs);
	return AV_OK;
}

int
db_query(struct db *db, const struct sql_def *q, const struct db_param *p,
         size_t np, struct db_cursor **out, struct av_err *err)
{
	struct cached_stmt *cs = db_stmt(db, q, err);
	struct db_cursor *c;

	if (cs == NULL)
		return err->code;
	if (cs->busy)
		AV_BUG("statement '%s' used while a cursor is open", q->name);
	if (db_bind(db, cs, p, np, err) != AV_OK) {
		db_release_stmt(cs);
		return err->code;
	}
	cs->busy = 1;
	c = xmalloc(sizeof(*c));
	c->db = db;
	c->cs = cs;
	*out = c;
	return AV_OK;
}

int
db_next(struct db_cursor *c, struct av_err *err)
{
	int rc = sqlite3_step(c->cs->stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_fail(c->db, rc, c->cs->def->name, err);
	return -1;
}

int64_t
db_col_i64(struct db_cursor *c, int col)
{
	return sqlite3_column_int64(c->cs->stmt, col);
}

const char *
db_col_text(struct db_cursor *c, int col)
{
	return (const char *)sqlite3_column_text(c->cs->stmt, col);
}

const void *
db_col_blob(struct db_cursor *c, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(c->cs->stmt, col);

	*len = (size_t)sqlite3_column_bytes(c->cs->stmt, col);
	return p;
}

int
db_col_is_null(struct db_cursor *c, int col)
{
	return sqlite3_column_type(c->cs->stmt, col) == SQLITE_NULL;
}

void
db_cursor_close(struct db_cursor *c)
{
	if (c == NULL)
		return;
	db_release_stmt(c->cs);
	free(c);
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

static int
db_simple(struct db *db, const char *sql, struct av_err *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, sql, err);
	return AV_OK;
}

int
db_tx_begin(struct db *db, struct av_err *err)
{
	if (db->in_tx)
		AV_BUG("nested transaction");
	if (db_simple(db, "BEGIN IMMEDIATE", err) != AV_OK)
		return err->code;
	db->in_tx = 1;
	return AV_OK;
}

int
db_tx_commit(struct db *db, struct av_err *err)
{
	if (!db->in_tx)
		AV_BUG("commit outside a transaction");
	if (db_simple(db, "COMMIT", err) != AV_OK) {
		db_tx_rollback(db);
		return err->code;
	}
	db->in_tx = 0;
	return AV_OK;
}

int
db_in_tx(const struct db *db)
{
	return db->in_tx;
}

void
db_tx_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (sqlite3_get_autocommit(db->h) == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

int
db_prepare_all(struct db *db, const struct sql_def *defs, size_t n,
               struct av_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (defs[i].sql && db_stmt(db, &defs[i], err) == NULL)
			return err->code;
	return AV_OK;
}

static const struct sql_def q_size = {
    "db_size", 0,
    "SELECT page_count * page_size FROM pragma_page_count(),"
    " pragma_page_size()"};

int
db_size_bytes(struct db *db, int64_t *out, struct av_err *err)
{
	return db_query_i64(db, &q_size, NULL, 0, out, NULL, err);
}

/* ---- migrations ------------------------------------------------------ */

static const struct sql_def q_schema_create = {
    "schema_create", 0,
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP) STRICT"};
static const struct sql_def q_schema_max = {
    "schema_max", 0, "SELECT COALESCE(MAX(version), 0) FROM schema_version"};
static const struct sql_def q_schema_has = {
    "schema_has", 1, "SELECT COUNT(*) FROM schema_version WHERE version = $1"};
static const struct sql_def q_schema_add = {
    "schema_add", 2,
    "INSERT INTO schema_version (version, name) VALUES ($1, $2)"};

int
db_schema_version(struct db *db, int64_t *out, struct av_err *err)
{
	if (db_exec(db, &q_schema_create, NULL, 0, NULL, err) != AV_OK)
		return err->code;
	return db_query_i64(db, &q_schema_max, NULL, 0, out, NULL, err);
}

/*
 * Applies every migration not yet recorded, in ascending order.  Checking
 * each version (not just "above the highest") means a number left free and
 * filled later is still applied on databases that already have higher ones.
 */
int
db_migrate(struct db *db, struct av_err *err)
{
	int64_t current;
	size_t i;

	if (db_schema_version(db, &current, err) != AV_OK)
		return err->code;
	for (i = 0; i < db_migrations_count; i++) {
		const struct migration *m = &db_migrations[i];
		struct db_param p[2] = {P_I64(m->version), P_NULL};
		int64_t has = 0;
		int rc;

		if (m->version == 0)
			continue;
		if (db_query_i64(db, &q_schema_has, p, 1, &has, NULL, err) !=
		    AV_OK)
			return err->code;
		if (has)
			continue;
		if (db_tx_begin(db, err) != AV_OK)
			return err->code;
		/* Migration scripts are trusted constants compiled in. */
		rc = sqlite3_exec(db->h, m->sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			db_fail(db, rc, m->name, err);
			db_tx_rollback(db);
			return err->code;
		}
		p[0] = P_I64(m->version);
		p[1] = P_TEXT(m->name);
		if (db_exec(db, &q_schema_add, p, 2, NULL, err) != AV_OK ||
		    db_tx_commit(db, err) != AV_OK) {
			db_tx_rollback(db);
			return err->code;
		}
	}
	return AV_OK;
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

struct db *
db_thread(struct av_err *err)
{
	struct db *db;

	pthread_once(&thread_db_once, thread_db_key_init);
	db = pthread_getspecific(thread_db_key);
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
