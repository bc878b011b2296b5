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
 * What both engines share (transactions' bookkeeping, migrations, the
 * per-thread connection) is in db.c; this file is the engine (backend.h).
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
#include "db/backend.h"

#define DB_BUSY_TIMEOUT_MS 5000
#define DB_PATH_MAX 4096 /* bytes of a database path and suffix */

struct cached_stmt {
	const struct sql_def *def;    /* borrowed: static table; NULL = empty */
	sqlite3_stmt *stmt;           /* owned */
	int index[DB_PARAMS_MAX + 1]; /* index[k] = SQLite index of "$k" */
	int busy;                     /* a cursor is open on it */
};

/* The mark of a slot whose statement db_forget dropped. */
static const struct sql_def db_forgotten = {"forgotten", 0, "", NULL};

struct sqlite_db {
	struct db base; /* first: a struct db * is a struct sqlite_db * */
	sqlite3 *h;
	struct cached_stmt cache[DB_CACHE_SLOTS];
	int64_t data_version;    /* PRAGMA data_version last seen */
	int data_version_seen;   /* data_version holds a value */
	int wal;                 /* journal_mode is WAL: commits sync late */
	pthread_mutex_t *writer; /* this file's writers in this process */
	int writing;             /* writer is held (a transaction is open) */
};

struct sqlite_cursor {
	struct db_cursor base;
	struct cached_stmt *cs;
};

#define SDB(db) ((struct sqlite_db *)(db))
#define SCUR(c) ((struct sqlite_cursor *)(c))

/* Maps a SQLite result code to our error, keeping the raw text for logs. */
static int
db_fail(struct sqlite_db *db, int rc, const char *what, struct av_err *err)
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

/* SQLite's commit hook: autocommit statements count as transactions do. */
static int
on_commit(void *unused)
{
	(void)unused;
	db_note_commit();
	return 0; /* 0: let the commit proceed */
}

static const struct sql_def q_data_version = {"data_version", 0,
                                              "PRAGMA data_version"};

static int
sqlite_data_changed(struct db *base, int *changed, struct av_err *err)
{
	struct sqlite_db *db = SDB(base);
	int64_t v = 0;

	if (db_query_i64(base, &q_data_version, NULL, 0, &v, NULL, err) !=
	    AV_OK)
		return err->code;
	*changed = db->data_version_seen && v != db->data_version;
	db->data_version = v;
	db->data_version_seen = 1;
	return AV_OK;
}

/*
 * One mutex per database file for this process's write transactions.
 * Without it the server's threads met at BEGIN IMMEDIATE, and SQLite's
 * busy handler makes the loser sleep (1, 2, 5, 10 ... 100 ms) instead of
 * waking it when the lock is free: under 200 concurrent bids the writers
 * spent most of their time asleep with the lock free (bench/bids.sh).  A
 * mutex hands the lock over at once; other processes (the CLI) still meet
 * the server at SQLite's lock.  Keyed by the file's name as SQLite
 * resolved it; a process opens a handful of files, never more than
 * WRITERS_MAX (then the busy handler alone, as before).
 */
#define WRITERS_MAX 16
static struct {
	char path[DB_PATH_MAX];
	pthread_mutex_t lock;
} writers[WRITERS_MAX];
static int writers_n;
static pthread_mutex_t writers_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t *
writer_for(const char *path)
{
	pthread_mutex_t *m = NULL;
	int i;

	if (path == NULL || path[0] == '\0' || strlen(path) >= DB_PATH_MAX)
		return NULL; /* in memory, or a temporary file: private */
	pthread_mutex_lock(&writers_lock);
	for (i = 0; i < writers_n && m == NULL; i++)
		if (strcmp(writers[i].path, path) == 0)
			m = &writers[i].lock;
	if (m == NULL && writers_n < WRITERS_MAX) {
		snprintf(writers[writers_n].path, DB_PATH_MAX, "%s", path);
		pthread_mutex_init(&writers[writers_n].lock, NULL);
		m = &writers[writers_n++].lock;
	}
	pthread_mutex_unlock(&writers_lock);
	return m;
}

/* The row of "PRAGMA journal_mode = WAL": the mode now in force. */
static int
is_wal(void *arg, int ncols, char **vals, char **names)
{
	(void)names;
	*(int *)arg = ncols == 1 && vals[0] != NULL &&
	              sqlite3_stricmp(vals[0], "wal") == 0;
	return 0;
}

static int
db_configure(struct sqlite_db *db, struct av_err *err)
{
	/*
	 * mmap_size: pages are read in place from the kernel's page cache
	 * instead of copied by a read() each; with a large list (1,000,000
	 * rows: 1.8 GB with its search indexes) the copies were a quarter of
	 * a search's time (bench/search.sh).  Address space, not memory:
	 * what is mapped is the page cache the reads would fill anyway.
	 */
	static const char *const pragmas = "PRAGMA foreign_keys = ON;"
	                                   "PRAGMA synchronous = FULL;"
	                                   "PRAGMA temp_store = MEMORY;"
	                                   "PRAGMA mmap_size = 4294967296;";
	int rc;

	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	sqlite3_commit_hook(db->h, on_commit, NULL);
	rc = sqlite3_exec(db->h, pragmas, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "pragmas", err);
	/* WAL is persistent in the file; read-only opens keep what is set. */
	if (!sqlite3_db_readonly(db->h, "main")) {
		rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL;", is_wal,
		                  &db->wal, NULL);
		if (rc != SQLITE_OK)
			return db_fail(db, rc, "journal_mode", err);
	}
	return AV_OK;
}

static void sqlite_close(struct db *base);
static void writer_release(struct sqlite_db *db);

static int
db_open_flags(const char *path, int flags, struct db **out, struct av_err *err)
{
	struct sqlite_db *db = xcalloc(1, sizeof(*db));
	int rc;

	db->base.be = &db_sqlite_backend;
	rc = sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		av_fail(err, AV_EIO, NULL,
		        "Impossibile aprire la base dati '%s'.", path);
		av_detail(err, "sqlite3_open_v2: %s",
		          db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		sqlite_close(&db->base);
		return AV_EIO;
	}
	if (db_configure(db, err) != AV_OK) {
		sqlite_close(&db->base);
		return err->code;
	}
	if (!sqlite3_db_readonly(db->h, "main"))
		db->writer = writer_for(sqlite3_db_filename(db->h, "main"));
	*out = &db->base;
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

static int
sqlite_open(const char *path, enum db_open_mode mode, struct db **out,
            struct av_err *err)
{
	switch (mode) {
	case DB_OPEN_CREATE:
		make_private(path);
		return db_open_flags(
		    path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, out, err);
	case DB_OPEN_EXISTING:
		return db_open_flags(path, SQLITE_OPEN_READWRITE, out, err);
	case DB_OPEN_READONLY:
		break;
	}
	return db_open_flags(path, SQLITE_OPEN_READONLY, out, err);
}

static void
sqlite_close(struct db *base)
{
	struct sqlite_db *db = SDB(base);
	size_t i;

	for (i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache[i].stmt)
			sqlite3_finalize(db->cache[i].stmt);
	if (db->h)
		sqlite3_close(db->h);
	writer_release(db);
	free(db);
}

/* ---- bulk load of a generated table (db_bulk_*) ---------------------- */

struct sqlite_bulk {
	struct db_bulk base; /* first */
	sqlite3_stmt *stmt;  /* owned, outside the cache */
};

/*
 * The INSERT's text is made of the two integers only: "dati_t_<id>" and
 * "c<k>"/"?<k>" for k in 1..ncols.  The values are bound, never written in.
 */
static int
sqlite_bulk_begin(struct db *base, int64_t table_id, int ncols,
                  struct db_bulk **out, struct av_err *err)
{
	struct sqlite_db *db = SDB(base);
	size_t cap = 64 + (size_t)ncols * 24, len = 0;
	char *sql = xmalloc(cap);
	struct sqlite_bulk *b;
	int k, rc;

	len +=
	    (size_t)snprintf(sql + len, cap - len, "INSERT INTO dati_t_%lld (",
	                     (long long)table_id);
	for (k = 1; k <= ncols; k++)
		len += (size_t)snprintf(sql + len, cap - len, "%sc%d",
		                        k > 1 ? ", " : "", k);
	len += (size_t)snprintf(sql + len, cap - len, ") VALUES (");
	for (k = 1; k <= ncols; k++)
		len += (size_t)snprintf(sql + len, cap - len, "%s?%d",
		                        k > 1 ? ", " : "", k);
	snprintf(sql + len, cap - len, ")");
	b = xcalloc(1, sizeof(*b));
	b->base.db = base;
	b->base.ncols = ncols;
	rc = sqlite3_prepare_v2(db->h, sql, -1, &b->stmt, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		free(b);
		return db_fail(db, rc, "bulk insert", err);
	}
	*out = &b->base;
	return AV_OK;
}

static int
sqlite_bulk_row(struct db_bulk *base, const char *const *vals,
                const size_t *lens, struct av_err *err)
{
	struct sqlite_bulk *b = (struct sqlite_bulk *)base;
	int k, rc;

	for (k = 0; k < base->ncols; k++) {
		if (vals[k] == NULL)
			rc = sqlite3_bind_null(b->stmt, k + 1);
		else
			rc = sqlite3_bind_text(b->stmt, k + 1, vals[k],
			                       (int)lens[k], SQLITE_STATIC);
		if (rc != SQLITE_OK)
			return db_fail(SDB(base->db), rc, "bulk bind", err);
	}
	rc = sqlite3_step(b->stmt);
	sqlite3_reset(b->stmt);
	if (rc != SQLITE_DONE)
		return db_fail(SDB(base->db), rc, "bulk insert", err);
	return AV_OK;
}

static int
sqlite_bulk_end(struct db_bulk *base, int ok, struct av_err *err)
{
	struct sqlite_bulk *b = (struct sqlite_bulk *)base;

	(void)ok, (void)err;
	sqlite3_finalize(b->stmt);
	free(b);
	return AV_OK;
}

/*
 * db_forget: the slot of q keeps a marker (not NULL) so that the linear
 * probe of statements stored after it still finds them.
 */
static void
sqlite_forget(struct db *base, const struct sql_def *q)
{
	struct sqlite_db *db = SDB(base);
	size_t h = ((size_t)(uintptr_t)q >> 3) % DB_CACHE_SLOTS, i;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		struct cached_stmt *c = &db->cache[(h + i) % DB_CACHE_SLOTS];

		if (c->def == NULL)
			return;
		if (c->def == q) {
			if (c->busy)
				AV_BUG("statement '%s' forgotten while a cursor"
				       " is open",
				       q->name);
			sqlite3_finalize(c->stmt);
			c->stmt = NULL;
			c->def = &db_forgotten;
			return;
		}
	}
}

/* Checks the parameters are exactly $1..$n and fills cs->index. */
static int
db_map_params(struct sqlite_db *db, struct cached_stmt *cs,
              const struct sql_def *q, struct av_err *err)
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
db_stmt(struct sqlite_db *db, const struct sql_def *q, struct av_err *err)
{
	size_t h = ((size_t)(uintptr_t)q >> 3) % DB_CACHE_SLOTS, i;
	struct cached_stmt *cs = NULL;
	int rc;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		struct cached_stmt *c = &db->cache[(h + i) % DB_CACHE_SLOTS];

		if (c->def == q)
			return c;
		/* A forgotten slot is reused, but the probe goes on past it. */
		if (c->def == &db_forgotten && cs == NULL)
			cs = c;
		if (c->def == NULL) {
			if (cs == NULL)
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
db_bind(struct sqlite_db *db, struct cached_stmt *cs, const struct db_param *p,
        size_t np, struct av_err *err)
{
	size_t k;

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

static int
sqlite_exec(struct db *base, const struct sql_def *q, const struct db_param *p,
            size_t np, int64_t *changes, struct av_err *err)
{
	struct sqlite_db *db = SDB(base);
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

static int
sqlite_query(struct db *base, const struct sql_def *q, const struct db_param *p,
             size_t np, struct db_cursor **out, struct av_err *err)
{
	struct sqlite_db *db = SDB(base);
	struct cached_stmt *cs = db_stmt(db, q, err);
	struct sqlite_cursor *c;

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
	c->base.db = base;
	c->cs = cs;
	*out = &c->base;
	return AV_OK;
}

static int
sqlite_prepare(struct db *base, const struct sql_def *q, struct av_err *err)
{
	return db_stmt(SDB(base), q, err) ? AV_OK : err->code;
}

static int
sqlite_next(struct db_cursor *c, struct av_err *err)
{
	int rc = sqlite3_step(SCUR(c)->cs->stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_fail(SDB(c->db), rc, SCUR(c)->cs->def->name, err);
	return -1;
}

static int64_t
sqlite_col_i64(struct db_cursor *c, int col)
{
	return sqlite3_column_int64(SCUR(c)->cs->stmt, col);
}

static const char *
sqlite_col_text(struct db_cursor *c, int col)
{
	return (const char *)sqlite3_column_text(SCUR(c)->cs->stmt, col);
}

static const void *
sqlite_col_blob(struct db_cursor *c, int col, size_t *len)
{
	sqlite3_stmt *st = SCUR(c)->cs->stmt;
	const void *p = sqlite3_column_blob(st, col);

	*len = (size_t)sqlite3_column_bytes(st, col);
	return p;
}

static int
sqlite_col_is_null(struct db_cursor *c, int col)
{
	return sqlite3_column_type(SCUR(c)->cs->stmt, col) == SQLITE_NULL;
}

static int
sqlite_col_count(struct db_cursor *c)
{
	return sqlite3_column_count(SCUR(c)->cs->stmt);
}

static enum db_ptype
sqlite_col_type(struct db_cursor *c, int col)
{
	switch (sqlite3_column_type(SCUR(c)->cs->stmt, col)) {
	case SQLITE_NULL:
		return DBP_NULL;
	case SQLITE_INTEGER:
		return DBP_I64;
	case SQLITE_BLOB:
		return DBP_BLOB;
	default: /* text; REAL is never stored (money is integer cents) */
		return DBP_TEXT;
	}
}

static void
sqlite_cursor_close(struct db_cursor *c)
{
	db_release_stmt(SCUR(c)->cs);
	free(c);
}

static int
db_simple(struct sqlite_db *db, const char *sql, struct av_err *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, sql, err);
	return AV_OK;
}

/*
 * Group commit (docs/internals/db.md "Commits").  With synchronous=FULL a
 * WAL commit fsyncs the log while it holds the write lock, so concurrent
 * writers queue behind each other's fsync: one disk flush per
 * transaction, in series (bench/bids.sh: two per bid, 40-78 bids/s).  So
 * an explicit transaction runs with synchronous=NORMAL (the commit writes
 * its frames and releases the lock without syncing), and db_tx_commit then
 * syncs the WAL itself, through SQLite's own handle of the file, before it
 * returns: the caller still learns of the commit only once it is durable,
 * but the fsyncs of concurrent commits run outside the lock and the
 * kernel serves them together (one flush covers every frame written
 * before it).  The log is sequential and checksummed, so a crash keeps a
 * prefix of the commits: a later transaction never survives one it read.
 * Autocommit statements keep synchronous=FULL.
 */
static void
writer_release(struct sqlite_db *db)
{
	if (db->writing) {
		db->writing = 0;
		pthread_mutex_unlock(db->writer);
	}
}

static int
sqlite_tx_begin(struct db *base, struct av_err *err)
{
	struct sqlite_db *db = SDB(base);

	if (db->wal &&
	    db_simple(db, "PRAGMA synchronous = NORMAL", err) != AV_OK)
		return err->code;
	if (db->writer != NULL) {
		pthread_mutex_lock(db->writer);
		db->writing = 1;
	}
	if (db_simple(db, "BEGIN IMMEDIATE", err) != AV_OK) {
		writer_release(db);
		if (db->wal)
			sqlite3_exec(db->h, "PRAGMA synchronous = FULL", NULL,
			             NULL, NULL);
		return err->code;
	}
	return AV_OK;
}

/* Back to synchronous=FULL after a transaction (see sqlite_tx_begin). */
static int
sync_full(struct sqlite_db *db, struct av_err *err)
{
	return db->wal ? db_simple(db, "PRAGMA synchronous = FULL", err)
	               : AV_OK;
}

/* fsync of the WAL, the file the commit just wrote (sqlite_tx_begin). */
static int
wal_sync(struct sqlite_db *db, struct av_err *err)
{
	sqlite3_file *f = NULL;
	int rc;

	rc = sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	                          &f);
	if (rc != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return db_fail(db, rc != SQLITE_OK ? rc : SQLITE_IOERR,
		               "wal handle", err);
	rc = f->pMethods->xSync(f, SQLITE_SYNC_FULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "wal fsync", err);
	return AV_OK;
}

static int
sqlite_tx_commit(struct db *base, struct av_err *err)
{
	struct sqlite_db *db = SDB(base);

	if (db_simple(db, "COMMIT", err) != AV_OK)
		return err->code; /* still open: db.c rolls it back */
	writer_release(db);
	/*
	 * Committed: a failed sync cannot undo it, so it is reported (the
	 * caller answers 500, no receipt) and the next commit's sync, or
	 * SQLite's own at the next checkpoint, covers these frames too.
	 */
	if (db->wal && wal_sync(db, err) != AV_OK) {
		struct av_err ignored = AV_ERR_INIT;

		sync_full(db, &ignored);
		return err->code;
	}
	return sync_full(db, err);
}

static void
sqlite_tx_rollback(struct db *base)
{
	struct sqlite_db *db = SDB(base);
	struct av_err ignored = AV_ERR_INIT;

	if (sqlite3_get_autocommit(db->h) == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	writer_release(db);
	sync_full(db, &ignored);
}

static const struct sql_def q_size = {
    "db_size", 0,
    "SELECT page_count * page_size FROM pragma_page_count(),"
    " pragma_page_size()"};

static int
sqlite_size_bytes(struct db *base, int64_t *out, struct av_err *err)
{
	return db_query_i64(base, &q_size, NULL, 0, out, NULL, err);
}

/* Migration scripts are trusted constants compiled in. */
static int
sqlite_script(struct db *base, const char *name, const char *sql,
              struct av_err *err)
{
	struct sqlite_db *db = SDB(base);
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? AV_OK : db_fail(db, rc, name, err);
}

/* BEGIN IMMEDIATE already lets one process at a time migrate. */
static int
sqlite_migration_lock(struct db *db, int lock, struct av_err *err)
{
	(void)db, (void)lock, (void)err;
	return AV_OK;
}

static int
sqlite_alive(struct db *db)
{
	(void)db;
	return 1;
}

static const struct sql_def q_schema_exists = {
    "schema_exists", 0,
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
    " AND name = 'schema_version'"};

const struct db_backend db_sqlite_backend = {
    .name = "sqlite",
    .dialect = DB_SQLITE,
    .migrations = db_migrations_sqlite,
    .nmigrations = &db_migrations_sqlite_count,
    .schema_exists = &q_schema_exists,
    .open = sqlite_open,
    .close = sqlite_close,
    .alive = sqlite_alive,
    .exec = sqlite_exec,
    .query = sqlite_query,
    .prepare = sqlite_prepare,
    .next = sqlite_next,
    .col_i64 = sqlite_col_i64,
    .col_text = sqlite_col_text,
    .col_blob = sqlite_col_blob,
    .col_is_null = sqlite_col_is_null,
    .col_count = sqlite_col_count,
    .col_type = sqlite_col_type,
    .cursor_close = sqlite_cursor_close,
    .bulk_begin = sqlite_bulk_begin,
    .bulk_row = sqlite_bulk_row,
    .bulk_end = sqlite_bulk_end,
    .forget = sqlite_forget,
    .tx_begin = sqlite_tx_begin,
    .tx_commit = sqlite_tx_commit,
    .tx_rollback = sqlite_tx_rollback,
    .script = sqlite_script,
    .migration_lock = sqlite_migration_lock,
    .data_changed = sqlite_data_changed,
    .size_bytes = sqlite_size_bytes,
};
