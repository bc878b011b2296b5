/*
 * db_pg.c - the PostgreSQL backend of db.h, on libpq.
 *
 * The same sql_def texts run here as on SQLite ($1..$n are PostgreSQL's own
 * parameters); a statement with a `pg` twin runs that instead.  Statements
 * are prepared once per connection (PQprepare, named "av<N>") and their
 * parameter count checked against the sql_def with PQdescribePrepared.
 * Parameters go as text (integers formatted here), BLOBs as binary; results
 * come back as text and are parsed on read (booleans 't'/'f' read as 1/0,
 * bytea unescaped by libpq).  A query's rows are fetched whole, so a cursor
 * may stay open while other statements run, as SQLite allows.
 *
 * Three choices keep the guarantees SQLite gave for free (docs/internals/db.md,
 * "PostgreSQL"):
 * - a write transaction takes one advisory lock (WRITER_LOCK) right after
 *   BEGIN: writers queue as with SQLite's BEGIN IMMEDIATE, on every node,
 *   so read-modify-write use cases and the audit chain's head need no
 *   per-module locking (reads never wait);
 * - a commit that wrote sends NOTIFY on CHANNEL with this process's token,
 *   and db_data_changed drains notifications: other nodes' answer caches
 *   are invalidated without polling a hot row;
 * - migrations run under a session advisory lock (MIGRATION_LOCK), so that
 *   nodes starting together apply each migration once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "core/xmalloc.h"
#include "db/backend.h"

/* pg_type OIDs we read by (src/include/catalog/pg_type.dat, stable). */
#define PG_OID_BOOL 16
#define PG_OID_BYTEA 17
#define PG_OID_INT8 20
#define PG_OID_INT2 21
#define PG_OID_INT4 23

/* Advisory lock keys: 'avWRITE\0' and 'avMIGRA\0' as 64-bit numbers. */
#define WRITER_LOCK "7022896679860061440"
#define MIGRATION_LOCK "7022885646055391488"
#define CHANNEL "areavasta_data"

struct pg_stmt {
	const struct sql_def *def; /* borrowed: static table; NULL = empty */
	char name[16];             /* "av<N>" on this connection */
};

/* The mark of a slot whose statement db_forget dropped. */
static const struct sql_def db_forgotten = {"forgotten", 0, "", NULL};

struct pg_db {
	struct db base; /* first: a struct db * is a struct pg_db * */
	PGconn *conn;
	struct pg_stmt cache[DB_CACHE_SLOTS];
	unsigned next_id;
	int wrote;     /* the open transaction ran a write */
	int listening; /* LISTEN sent (db_data_changed's first call) */
	int notified;  /* another process committed since the last ask */
	int broken;    /* the server went away: replace this connection */
	int generic;   /* plan_cache_mode: 1 force_generic_plan, 0 the target's,
	                  -1 unknown (a pipeline's SET may have rolled back) */
};

struct pg_cursor {
	struct db_cursor base;
	PGresult *res;
	int row, nrows, ncols;
	unsigned char **blobs; /* bytea unescaped for the current row */
	size_t *blob_lens;
};

#define PDB(db) ((struct pg_db *)(db))
#define PCUR(c) ((struct pg_cursor *)(c))

/* This process's NOTIFY payload: its own notifications are not news. */
static char process_token[33];

static void
ensure_token(void)
{
	unsigned char raw[16];
	size_t i;

	if (process_token[0] != '\0')
		return;
	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < sizeof(raw); i++)
		snprintf(process_token + 2 * i, 3, "%02x", raw[i]);
}

/* ---- errors ---------------------------------------------------------- */

static int
sqlstate_is(const char *state, const char *prefix)
{
	return state != NULL && strncmp(state, prefix, strlen(prefix)) == 0;
}

/*
 * Maps a failed result (or a connection failure when res is NULL) to our
 * error, as db_sqlite.c does: constraint classes are 409, lock and
 * serialisation failures 503 (the caller may retry), the rest 500.  The
 * server's message goes to err.detail (logs only).
 */
static int
pg_fail(struct pg_db *db, PGresult *res, const char *what, struct av_err *err)
{
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *text =
	    res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn);
	enum av_code code = AV_EDB;
	const char *msg = "Errore interno della base dati.";

	if (sqlstate_is(state, "23")) {
		code = AV_ECONFLICT;
		msg = "L'operazione viola un vincolo dei dati.";
	} else if (sqlstate_is(state, "40001") || sqlstate_is(state, "40P01") ||
	           sqlstate_is(state, "55P03")) {
		code = AV_EBUSY;
		msg = "La base dati è occupata, riprovare tra poco.";
	}
	if (PQstatus(db->conn) != CONNECTION_OK || sqlstate_is(state, "08") ||
	    sqlstate_is(state, "57P"))
		db->broken = 1;
	av_fail(err, code, NULL, "%s", msg);
	av_detail(err, "%s: %s (%s)", what, text ? text : "?",
	          state ? state : "no sqlstate");
	return code;
}

/* Runs a constant command with no parameters (BEGIN, COMMIT, LISTEN). */
static int
pg_simple(struct pg_db *db, const char *sql, struct av_err *err)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = AV_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_fail(db, res, sql, err);
	PQclear(res);
	return rc;
}

/* ---- connections ----------------------------------------------------- */

/*
 * The server's NOTICEs ("relation already exists, skipping") are not for
 * our users; libpq would print them on stderr.
 */
static void
ignore_notice(void *arg, const char *message)
{
	(void)arg, (void)message;
}

static void
pg_close(struct db *base)
{
	struct pg_db *db = PDB(base);

	if (db->conn)
		PQfinish(db->conn);
	free(db);
}

/*
 * libpq reads the target itself (expand_dbname): URI or conninfo,
 * PGPASSWORD, PGSERVICE, ~/.pgpass.  Our defaults come before it so the
 * target's own settings win.  A read-only open makes every transaction
 * of the session read-only, as SQLITE_OPEN_READONLY does.
 */
static int
pg_open(const char *target, enum db_open_mode mode, struct db **out,
        struct av_err *err)
{
	/*
	 * The session's settings for a server of short statements
	 * (docs/internals/db.md "Plans"): no JIT (compiling a statement whose
	 * estimate passes jit_above_cost costs tens of milliseconds, and a
	 * page that stops after 11 rows is estimated as if it read them all)
	 * and no parallel workers (starting them costs more than a page, and
	 * a request has one core: the others serve the other requests).  An
	 * `options` in the target, or PGOPTIONS, replaces them.
	 */
	static const char *const keys[] = {
	    "connect_timeout", "fallback_application_name",
	    "client_encoding", "options",
	    "dbname",          NULL};
	const char *values[] = {
	    "10",   "areavasta",
	    "UTF8", "-c jit=off -c max_parallel_workers_per_gather=0",
	    target, NULL};
	struct pg_db *db = xcalloc(1, sizeof(*db));
	const char *enc;
	char shown[512];

	ensure_token();
	if (getenv("PGOPTIONS") != NULL)
		values[3] = getenv("PGOPTIONS");
	db->base.be = &db_pg_backend;
	db->conn = PQconnectdbParams(keys, values, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		av_fail(err, AV_EIO, NULL,
		        "Impossibile collegarsi alla base dati PostgreSQL '%s':"
		        " controllare server, utente, password (PGPASSWORD o"
		        " ~/.pgpass) e nome della base dati.",
		        db_target_display(target, shown, sizeof(shown)));
		av_detail(err, "PQconnectdb: %s",
		          db->conn ? PQerrorMessage(db->conn)
		                   : "out of memory");
		pg_close(&db->base);
		return AV_EIO;
	}
	PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
	/* Text is UTF-8 everywhere; octet_length limits count its bytes. */
	enc = PQparameterStatus(db->conn, "server_encoding");
	if (enc == NULL || strcmp(enc, "UTF8") != 0) {
		av_fail(err, AV_EIO, NULL,
		        "La base dati PostgreSQL '%s' non usa la codifica UTF8:"
		        " crearla con ENCODING 'UTF8' LOCALE 'C'"
		        " TEMPLATE template0 (docs/operations.md).",
		        db_target_display(target, shown, sizeof(shown)));
		pg_close(&db->base);
		return AV_EIO;
	}
	if (mode == DB_OPEN_READONLY &&
	    pg_simple(db,
	              "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
	              err) != AV_OK) {
		pg_close(&db->base);
		return err->code;
	}
	*out = &db->base;
	return AV_OK;
}

/* Notifications received so far: another process's commit is news. */
static void
drain_notifications(struct pg_db *db)
{
	PGnotify *n;

	while ((n = PQnotifies(db->conn)) != NULL) {
		if (strcmp(n->extra, process_token) != 0)
			db->notified = 1;
		PQfreemem(n);
	}
}

static int
pg_alive(struct db *base)
{
	struct pg_db *db = PDB(base);

	if (db->broken || PQstatus(db->conn) != CONNECTION_OK)
		return 0;
	if (db->listening) {
		if (PQconsumeInput(db->conn) == 0)
			return 0;
		drain_notifications(db);
	}
	return 1;
}

static int
pg_data_changed(struct db *base, int *changed, struct av_err *err)
{
	struct pg_db *db = PDB(base);

	*changed = 0;
	if (!db->listening) {
		/*
		 * What another node wrote before this connection listened
		 * may not have reached any other connection of ours yet:
		 * count it as a change, once per connection.
		 */
		if (pg_simple(db, "LISTEN " CHANNEL, err) != AV_OK)
			return err->code;
		db->listening = 1;
		*changed = 1;
		return AV_OK;
	}
	if (PQconsumeInput(db->conn) == 0)
		return pg_fail(db, NULL, "PQconsumeInput", err);
	drain_notifications(db);
	*changed = db->notified;
	db->notified = 0;
	return AV_OK;
}

/* ---- statements ------------------------------------------------------ */

/* ---- bulk load of a generated table (db_bulk_*) ---------------------- */

#define PG_BULK_FLUSH (256 * 1024) /* bytes buffered before PQputCopyData */

struct pg_bulk {
	struct db_bulk base; /* first */
	char *buf;           /* COPY text rows not yet sent */
	size_t len, cap;
};

static void
pg_bulk_add(struct pg_bulk *b, const char *p, size_t n)
{
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap *= 2;
		b->buf = xrealloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static int
pg_bulk_flush(struct pg_bulk *b, struct av_err *err)
{
	struct pg_db *db = (struct pg_db *)b->base.db;

	if (b->len > 0 && PQputCopyData(db->conn, b->buf, (int)b->len) != 1)
		return pg_fail(db, NULL, "COPY data", err);
	b->len = 0;
	return AV_OK;
}

/* The COPY's text is made of the two integers only, as in SQLite's. */
static int
pg_bulk_begin(struct db *base, int64_t table_id, int ncols,
              struct db_bulk **out, struct av_err *err)
{
	struct pg_db *db = (struct pg_db *)base;
	size_t cap = 64 + (size_t)ncols * 12, len = 0;
	char *sql = xmalloc(cap);
	struct pg_bulk *b;
	PGresult *res;
	int k, ok;

	len += (size_t)snprintf(sql + len, cap - len, "COPY dati_t_%lld (",
	                        (long long)table_id);
	for (k = 1; k <= ncols; k++)
		len += (size_t)snprintf(sql + len, cap - len, "%sc%d",
		                        k > 1 ? ", " : "", k);
	snprintf(sql + len, cap - len, ") FROM STDIN");
	res = PQexec(db->conn, sql);
	free(sql);
	ok = PQresultStatus(res) == PGRES_COPY_IN;
	if (!ok)
		pg_fail(db, res, "COPY", err);
	PQclear(res);
	if (!ok)
		return err->code;
	b = xcalloc(1, sizeof(*b));
	b->base.db = base;
	b->base.ncols = ncols;
	b->cap = PG_BULK_FLUSH * 2;
	b->buf = xmalloc(b->cap);
	*out = &b->base;
	return AV_OK;
}

/* COPY text format: \N is NULL; backslash, tab, CR, LF escaped. */
static int
pg_bulk_row(struct db_bulk *base, const char *const *vals, const size_t *lens,
            struct av_err *err)
{
	struct pg_bulk *b = (struct pg_bulk *)base;
	int k;

	for (k = 0; k < base->ncols; k++) {
		const char *v = vals[k];
		size_t i, from = 0;

		if (k > 0)
			pg_bulk_add(b, "\t", 1);
		if (v == NULL) {
			pg_bulk_add(b, "\\N", 2);
			continue;
		}
		for (i = 0; i < lens[k]; i++) {
			const char *esc = NULL;

			switch (v[i]) {
			case '\\':
				esc = "\\\\";
				break;
			case '\t':
				esc = "\\t";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			default:
				continue;
			}
			pg_bulk_add(b, v + from, i - from);
			pg_bulk_add(b, esc, 2);
			from = i + 1;
		}
		pg_bulk_add(b, v + from, lens[k] - from);
	}
	pg_bulk_add(b, "\n", 1);
	if (b->len >= PG_BULK_FLUSH)
		return pg_bulk_flush(b, err);
	return AV_OK;
}

static int
pg_bulk_end(struct db_bulk *base, int ok, struct av_err *err)
{
	struct pg_bulk *b = (struct pg_bulk *)base;
	struct pg_db *db = (struct pg_db *)base->db;
	PGresult *res;
	int rc = AV_OK;

	if (ok)
		rc = pg_bulk_flush(b, err);
	if (PQputCopyEnd(db->conn, ok && rc == AV_OK ? NULL : "abbandonato") !=
	        1 &&
	    rc == AV_OK && ok)
		rc = pg_fail(db, NULL, "COPY end", err);
	while ((res = PQgetResult(db->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && ok &&
		    rc == AV_OK)
			rc = pg_fail(db, res, "COPY", err);
		PQclear(res);
	}
	free(b->buf);
	free(b);
	return rc;
}

/*
 * db_forget: DEALLOCATE the server's statement; the slot keeps a marker
 * (not NULL) so that the probe of statements stored after it finds them.
 */
static void
pg_forget(struct db *base, const struct sql_def *q)
{
	struct pg_db *db = (struct pg_db *)base;
	size_t h = ((size_t)(uintptr_t)q >> 3) % DB_CACHE_SLOTS, i;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		struct pg_stmt *c = &db->cache[(h + i) % DB_CACHE_SLOTS];

		if (c->def == NULL)
			return;
		if (c->def == q) {
			if (db->conn != NULL && !db->broken) {
				char sql[48];

				/* c->name is ours: "av<N>". */
				snprintf(sql, sizeof(sql), "DEALLOCATE %s",
				         c->name);
				PQclear(PQexec(db->conn, sql));
			}
			c->def = &db_forgotten;
			return;
		}
	}
}

static struct pg_stmt *
pg_stmt(struct pg_db *db, const struct sql_def *q, struct av_err *err)
{
	size_t h = ((size_t)(uintptr_t)q >> 3) % DB_CACHE_SLOTS, i;
	struct pg_stmt *ps = NULL;
	PGresult *res;
	int ok;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		struct pg_stmt *c = &db->cache[(h + i) % DB_CACHE_SLOTS];

		if (c->def == q)
			return c;
		/* A forgotten slot is reused, but the probe goes on past it. */
		if (c->def == &db_forgotten && ps == NULL)
			ps = c;
		if (c->def == NULL) {
			if (ps == NULL)
				ps = c;
			break;
		}
	}
	if (ps == NULL || q->nparams < 0 || q->nparams > DB_PARAMS_MAX) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "statement '%s': cache full or bad arity",
		          q->name);
		return NULL;
	}
	snprintf(ps->name, sizeof(ps->name), "av%u", db->next_id++);
	res = PQprepare(db->conn, ps->name, db_sql_text(&db->base, q),
	                q->nparams, NULL);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		pg_fail(db, res, q->name, err);
	PQclear(res);
	if (!ok)
		return NULL;
	/* The server counts the $k it saw: a gap or an extra one shows. */
	res = PQdescribePrepared(db->conn, ps->name);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK &&
	     PQnparams(res) == q->nparams;
	if (!ok) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err,
		          "statement '%s': parameters must be exactly $1..$%d",
		          q->name, q->nparams);
	}
	PQclear(res);
	if (!ok)
		return NULL;
	ps->def = q;
	return ps;
}

static int
pg_prepare(struct db *base, const struct sql_def *q, struct av_err *err)
{
	return pg_stmt(PDB(base), q, err) ? AV_OK : err->code;
}

/* Parameter values in libpq's shape; text copied to be NUL-terminated. */
struct pg_args {
	const char *values[DB_PARAMS_MAX];
	int lengths[DB_PARAMS_MAX];
	int formats[DB_PARAMS_MAX];
	char ints[DB_PARAMS_MAX][24];
	char *texts[DB_PARAMS_MAX];
};

static void
args_free(struct pg_args *a, size_t np)
{
	size_t k;

	for (k = 0; k < np; k++)
		free(a->texts[k]);
}

static int
args_fill(struct pg_args *a, const struct sql_def *q, const struct db_param *p,
          size_t np, struct av_err *err)
{
	size_t k;

	memset(a->texts, 0, sizeof(a->texts));
	for (k = 0; k < np; k++) {
		a->values[k] = NULL;
		a->lengths[k] = 0;
		a->formats[k] = 0;
		switch (p[k].type) {
		case DBP_NULL:
			break;
		case DBP_I64:
			snprintf(a->ints[k], sizeof(a->ints[k]), "%lld",
			         (long long)p[k].i);
			a->values[k] = a->ints[k];
			break;
		case DBP_TEXT:
			/* PostgreSQL text cannot hold NUL: refuse, not cut. */
			if (memchr(p[k].s, '\0', p[k].n) != NULL) {
				av_fail(
				    err, AV_EINVAL, NULL,
				    "Il testo contiene un carattere nullo.");
				av_detail(err, "statement '%s' $%zu: NUL byte",
				          q->name, k + 1);
				return AV_EINVAL;
			}
			a->texts[k] = xmalloc(p[k].n + 1);
			memcpy(a->texts[k], p[k].s, p[k].n);
			a->texts[k][p[k].n] = '\0';
			a->values[k] = a->texts[k];
			break;
		case DBP_BLOB:
			if (p[k].n > INT32_MAX) {
				av_fail(err, AV_ETOOBIG, NULL,
				        "Dato troppo grande.");
				return AV_ETOOBIG;
			}
			a->values[k] = p[k].n ? p[k].s : "";
			a->lengths[k] = (int)p[k].n;
			a->formats[k] = 1;
			break;
		}
	}
	return AV_OK;
}

static int
is_write(PGresult *res)
{
	const char *tag = PQcmdStatus(res);

	return strncmp(tag, "INSERT", 6) == 0 ||
	       strncmp(tag, "UPDATE", 6) == 0 ||
	       strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0;
}

/*
 * A statement outside a transaction that lost a deadlock or a
 * serialisation check was rolled back whole, so running it again is
 * safe; inside a transaction the failure goes up (503, Retry-After).
 * Writers queue on WRITER_LOCK, so this is rare: an autocommit purge or
 * touch meeting a transaction on the same rows.
 */
#define AUTOCOMMIT_ATTEMPTS 3

static int
retryable(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return sqlstate_is(state, "40001") || sqlstate_is(state, "40P01");
}

static const struct sql_def q_notify = {"pg_notify", 1,
                                        "SELECT pg_notify('" CHANNEL "', $1)"};

static int pg_notify_others(struct pg_db *db, struct av_err *err);

/*
 * The plan mode q wants (sql_def.generic) when the session is not in it,
 * or NULL: the command that puts the session in it.  Outside transactions
 * only: a SET inside one would be undone by its rollback and the mode
 * remembered here would lie.  A statement without parameters needs no
 * mode: PostgreSQL always plans it once (plancache.c, choose_custom_plan:
 * no bound parameters, no custom plan), so the first page's total does
 * not flip the mode between two generic statements.  RESET, not SET
 * auto: a plan_cache_mode of the target stays.
 */
static const char *
plan_mode_change(const struct pg_db *db, const struct sql_def *q)
{
	int generic = q->generic != 0;

	if (q->nparams == 0 || generic == db->generic || db->base.in_tx)
		return NULL;
	return generic ? "SET plan_cache_mode = force_generic_plan"
	               : "RESET plan_cache_mode";
}

/*
 * Reads a pipeline's results up to its sync: out[k] the first result of
 * the k-th command sent, NULL when none came.  Every result is read
 * whatever it was, so that the connection is ready for the next command.
 * -1 when the connection broke before the sync.
 */
static int
pipeline_collect(struct pg_db *db, PGresult **out, int ncmd)
{
	int k = 0, got = 0, empty = 0;

	for (int i = 0; i < ncmd; i++)
		out[i] = NULL;
	for (;;) {
		PGresult *r = PQgetResult(db->conn);

		if (r == NULL) {
			/* One NULL ends each command's results; more: gone. */
			if (got) {
				k++;
				got = 0;
				continue;
			}
			if (PQstatus(db->conn) != CONNECTION_OK || ++empty > 2)
				return -1;
			continue;
		}
		empty = 0;
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			return 0;
		}
		if (k < ncmd && !got)
			out[k] = r;
		else
			PQclear(r);
		got = 1;
	}
}

/*
 * Sends the commands of a pipeline: the plan mode's SET before each
 * statement that wants another mode than the one before it (outside
 * transactions: plan_mode_change), then the statement; then the sync.
 * what[k] names command k for errors, stmt[k] its statement (-1: a
 * SET); *mode is the session's mode once
 * they ran.  Returns the number of commands, or -1 if libpq refused one.
 */
static int
pipeline_send(struct pg_db *db, const struct sql_def *const *q,
              struct pg_stmt *const *ps, const struct pg_args *a,
              const size_t *np, size_t n, const char **what, int *stmt,
              int *mode)
{
	int ncmd = 0;

	*mode = db->generic;
	for (size_t i = 0; i < n; i++) {
		int want = q[i]->generic != 0;

		if (!db->base.in_tx && q[i]->nparams > 0 && want != *mode) {
			stmt[ncmd] = -1;
			what[ncmd] = want ? "SET plan_cache_mode = "
			                    "force_generic_plan"
			                  : "RESET plan_cache_mode";
			if (PQsendQueryParams(db->conn, what[ncmd++], 0, NULL,
			                      NULL, NULL, NULL, 0) != 1)
				return -1;
			*mode = want;
		}
		stmt[ncmd] = (int)i;
		what[ncmd++] = q[i]->name;
		if (PQsendQueryPrepared(db->conn, ps[i]->name, (int)np[i],
		                        a[i].values, a[i].lengths, a[i].formats,
		                        0) != 1)
			return -1;
	}
	return PQpipelineSync(db->conn) == 1 ? ncmd : -1;
}

/*
 * Runs commands in one round trip (libpq's pipeline mode, PostgreSQL 14+
 * client, any server of protocol 3): the plan mode's SET with the
 * statement that needs it (before, one more round trip per change of
 * mode, 1.85 a search), or the statements of db_query_batch.  res[k]: the
 * result of each statement, in order, all of them or none (NULL with err
 * set: the first error).  The commands run in one implicit transaction,
 * so when one fails the SETs are undone too: the mode is then unknown
 * (-1) and the next statement sets it again.
 */
static int
pipeline_run(struct pg_db *db, const struct sql_def *const *q,
             struct pg_stmt *const *ps, const struct pg_args *a,
             const size_t *np, size_t n, PGresult **res, struct av_err *err)
{
	const char *what[2 * DB_BATCH_MAX];
	PGresult *all[2 * DB_BATCH_MAX];
	int stmt[2 * DB_BATCH_MAX];
	int ncmd, mode, bad = -1;

	if (n == 0 || n > DB_BATCH_MAX)
		AV_BUG("pipeline_run: %zu statements", n);
	if (PQenterPipelineMode(db->conn) != 1) {
		/* Only refused when a command is still running: none is. */
		av_fail(err, AV_EDB, NULL, "Errore interno della base dati.");
		av_detail(err, "PQenterPipelineMode: %s",
		          PQerrorMessage(db->conn));
		return err->code;
	}
	ncmd = pipeline_send(db, q, ps, a, np, n, what, stmt, &mode);
	if (ncmd < 0 || pipeline_collect(db, all, ncmd) < 0) {
		pg_fail(db, NULL, ncmd < 0 ? "pipeline" : "pipeline results",
		        err);
		db->broken = 1; /* results may be left unread */
		PQexitPipelineMode(db->conn);
		return err->code;
	}
	if (PQexitPipelineMode(db->conn) != 1)
		db->broken = 1;
	for (int k = 0; k < ncmd && bad < 0; k++) {
		ExecStatusType st =
		    all[k] ? PQresultStatus(all[k]) : PGRES_FATAL_ERROR;

		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			bad = k;
	}
	if (bad >= 0) {
		pg_fail(db, all[bad], what[bad], err);
		for (int k = 0; k < ncmd; k++)
			PQclear(all[k]);
		if (ncmd > (int)n)
			db->generic = -1; /* the SETs rolled back with it */
		return err->code;
	}
	db->generic = mode;
	for (int k = 0; k < ncmd; k++) {
		if (stmt[k] >= 0)
			res[stmt[k]] = all[k];
		else
			PQclear(all[k]); /* a SET's */
	}
	return AV_OK;
}

/*
 * Runs q and returns its result (caller PQclears) or NULL with err set.
 * A write outside a transaction has committed when this returns: it
 * counts as a commit here and is announced to the other nodes.
 */
static PGresult *
pg_run(struct pg_db *db, const struct sql_def *q, const struct db_param *p,
       size_t np, struct av_err *err)
{
	struct pg_stmt *ps = pg_stmt(db, q, err);
	struct pg_args a;
	PGresult *res;
	ExecStatusType st;
	int attempt;

	if (ps == NULL)
		return NULL;
	if (args_fill(&a, q, p, np, err) != AV_OK) {
		args_free(&a, np);
		return NULL;
	}
	for (attempt = 1;; attempt++) {
		if (plan_mode_change(db, q) != NULL) {
			/* The SET and q in one round trip. */
			if (pipeline_run(db, &q, &ps, &a, &np, 1, &res, err) ==
			    AV_OK) {
				st = PQresultStatus(res);
				break;
			}
			if (db->base.in_tx || attempt == AUTOCOMMIT_ATTEMPTS ||
			    err->code != AV_EBUSY || db->broken) {
				args_free(&a, np);
				return NULL;
			}
			continue; /* it rolled back whole: run it again */
		}
		res = PQexecPrepared(db->conn, ps->name, (int)np, a.values,
		                     a.lengths, a.formats, 0);
		st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
		    db->base.in_tx || attempt == AUTOCOMMIT_ATTEMPTS ||
		    !retryable(res))
			break;
		PQclear(res); /* it rolled back whole: run it again */
	}
	args_free(&a, np);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pg_fail(db, res, q->name, err);
		PQclear(res);
		return NULL;
	}
	if (is_write(res)) {
		if (db->base.in_tx) {
			db->wrote = 1;
		} else {
			struct av_err ignored = AV_ERR_INIT;

			db_note_commit();
			if (q != &q_notify)
				pg_notify_others(db, &ignored);
		}
	}
	return res;
}

static int
pg_notify_others(struct pg_db *db, struct av_err *err)
{
	struct db_param p[1] = {P_TEXT(process_token)};
	PGresult *res = pg_run(db, &q_notify, p, 1, err);

	if (res == NULL)
		return err->code;
	PQclear(res);
	return AV_OK;
}

static int
pg_exec(struct db *base, const struct sql_def *q, const struct db_param *p,
        size_t np, int64_t *changes, struct av_err *err)
{
	PGresult *res = pg_run(PDB(base), q, p, np, err);

	if (res == NULL)
		return err->code;
	if (changes)
		*changes = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return AV_OK;
}

static struct db_cursor *
cursor_of(struct db *base, PGresult *res)
{
	struct pg_cursor *c = xcalloc(1, sizeof(*c));

	c->base.db = base;
	c->res = res;
	c->row = -1;
	c->nrows = PQntuples(res);
	c->ncols = PQnfields(res);
	return &c->base;
}

static int
pg_query(struct db *base, const struct sql_def *q, const struct db_param *p,
         size_t np, struct db_cursor **out, struct av_err *err)
{
	PGresult *res = pg_run(PDB(base), q, p, np, err);

	if (res == NULL)
		return err->code;
	*out = cursor_of(base, res);
	return AV_OK;
}

/*
 * db_query_batch: the statements (and the plan modes they want) in one
 * pipeline, one round trip instead of one each.  No retry: reads do not
 * lose deadlocks.  A statement that wrote anyway is counted as pg_run
 * counts it (outside a transaction the pipeline committed at its sync).
 */
static int
pg_query_batch(struct db *base, struct db_batch *b, size_t n,
               struct av_err *err)
{
	struct pg_db *db = PDB(base);
	const struct sql_def *q[DB_BATCH_MAX];
	struct pg_stmt *ps[DB_BATCH_MAX];
	PGresult *res[DB_BATCH_MAX];
	size_t np[DB_BATCH_MAX], i, filled = 0;
	struct pg_args *a = xcalloc(n ? n : 1, sizeof(*a));
	int rc = AV_OK, wrote = 0;

	for (i = 0; i < n && rc == AV_OK; i++) {
		q[i] = b[i].q;
		np[i] = b[i].np;
		ps[i] = pg_stmt(db, q[i], err);
		if (ps[i] == NULL)
			rc = err->code;
		else if ((rc = args_fill(&a[i], q[i], b[i].p, np[i], err)) ==
		         AV_OK)
			filled = i + 1;
		else
			args_free(&a[i], np[i]);
	}
	if (rc == AV_OK && n > 0)
		rc = pipeline_run(db, q, ps, a, np, n, res, err);
	for (i = 0; i < filled; i++)
		args_free(&a[i], np[i]);
	free(a);
	if (rc != AV_OK)
		return rc;
	for (i = 0; i < n; i++) {
		wrote |= is_write(res[i]);
		b[i].cur = cursor_of(base, res[i]);
	}
	if (wrote && db->base.in_tx) {
		db->wrote = 1;
	} else if (wrote) {
		struct av_err ignored = AV_ERR_INIT;

		db_note_commit();
		pg_notify_others(db, &ignored);
	}
	return AV_OK;
}

static void
free_blobs(struct pg_cursor *c)
{
	int i;

	if (c->blobs == NULL)
		return;
	for (i = 0; i < c->ncols; i++) {
		PQfreemem(c->blobs[i]);
		c->blobs[i] = NULL;
	}
}

static int
pg_next(struct db_cursor *base, struct av_err *err)
{
	struct pg_cursor *c = PCUR(base);

	(void)err;
	free_blobs(c);
	if (c->row + 1 >= c->nrows) {
		c->row = c->nrows;
		return 0;
	}
	c->row++;
	return 1;
}

static int
pg_col_is_null(struct db_cursor *base, int col)
{
	struct pg_cursor *c = PCUR(base);

	return col < 0 || col >= c->ncols || c->row < 0 || c->row >= c->nrows ||
	       PQgetisnull(c->res, c->row, col);
}

static int64_t
pg_col_i64(struct db_cursor *base, int col)
{
	struct pg_cursor *c = PCUR(base);
	const char *v;

	if (pg_col_is_null(base, col))
		return 0;
	v = PQgetvalue(c->res, c->row, col);
	if (PQftype(c->res, col) == PG_OID_BOOL)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *
pg_col_text(struct db_cursor *base, int col)
{
	struct pg_cursor *c = PCUR(base);

	if (pg_col_is_null(base, col))
		return NULL;
	return PQgetvalue(c->res, c->row, col);
}

static const void *
pg_col_blob(struct db_cursor *base, int col, size_t *len)
{
	struct pg_cursor *c = PCUR(base);
	const char *v;

	*len = 0;
	if (pg_col_is_null(base, col))
		return NULL;
	v = PQgetvalue(c->res, c->row, col);
	if (PQftype(c->res, col) != PG_OID_BYTEA) {
		*len = (size_t)PQgetlength(c->res, c->row, col);
		return v;
	}
	if (c->blobs == NULL) {
		c->blobs = xcalloc((size_t)c->ncols, sizeof(*c->blobs));
		c->blob_lens = xcalloc((size_t)c->ncols, sizeof(size_t));
	}
	if (c->blobs[col] == NULL) {
		c->blobs[col] = PQunescapeBytea((const unsigned char *)v,
		                                &c->blob_lens[col]);
		if (c->blobs[col] == NULL)
			AV_BUG("PQunescapeBytea: out of memory");
	}
	*len = c->blob_lens[col];
	return c->blobs[col];
}

static int
pg_col_count(struct db_cursor *base)
{
	return PCUR(base)->ncols;
}

static enum db_ptype
pg_col_type(struct db_cursor *base, int col)
{
	struct pg_cursor *c = PCUR(base);

	if (pg_col_is_null(base, col))
		return DBP_NULL;
	switch (PQftype(c->res, col)) {
	case PG_OID_BOOL:
	case PG_OID_INT2:
	case PG_OID_INT4:
	case PG_OID_INT8:
		return DBP_I64;
	case PG_OID_BYTEA:
		return DBP_BLOB;
	default:
		return DBP_TEXT;
	}
}

static void
pg_cursor_close(struct db_cursor *base)
{
	struct pg_cursor *c = PCUR(base);

	free_blobs(c);
	free(c->blobs);
	free(c->blob_lens);
	PQclear(c->res);
	free(c);
}

/* ---- transactions, scripts, locks ------------------------------------ */

static void pg_tx_rollback(struct db *base);

/*
 * A transaction runs with the target's plan mode whatever the statements
 * before it wanted (plan_mode_change does not change it inside one): the
 * RESET rides in BEGIN's round trip.  It becomes part of the transaction
 * (a BEGIN later in the same simple query takes in what preceded it), so
 * a rollback would bring the generic mode back: the mode is unknown
 * afterwards (-1) and the next statement outside sets its own.
 */
static int
pg_tx_begin(struct db *base, struct av_err *err)
{
	struct pg_db *db = PDB(base);
	int reset = db->generic != 0;

	db->wrote = 0;
	if (reset)
		db->generic = -1;
	if (pg_simple(db,
	              reset ? "RESET plan_cache_mode;"
	                      " BEGIN ISOLATION LEVEL READ COMMITTED;"
	                      " SELECT pg_advisory_xact_lock(" WRITER_LOCK ")"
	                    : "BEGIN ISOLATION LEVEL READ COMMITTED;"
	                      " SELECT pg_advisory_xact_lock(" WRITER_LOCK ")",
	              err) == AV_OK)
		return AV_OK;
	pg_tx_rollback(base); /* BEGIN may have run without the lock */
	return err->code;
}

static int
pg_tx_commit(struct db *base, struct av_err *err)
{
	struct pg_db *db = PDB(base);

	if (db->wrote && pg_notify_others(db, err) != AV_OK)
		return err->code;
	if (pg_simple(db, "COMMIT", err) != AV_OK)
		return err->code;
	if (db->wrote)
		db_note_commit();
	db->wrote = 0;
	return AV_OK;
}

static void
pg_tx_rollback(struct db *base)
{
	struct pg_db *db = PDB(base);
	PGresult *res;

	db->wrote = 0;
	if (PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return;
	res = PQexec(db->conn, "ROLLBACK");
	PQclear(res);
}

/* Migration scripts are trusted constants compiled in. */
static int
pg_script(struct db *base, const char *name, const char *sql,
          struct av_err *err)
{
	struct pg_db *db = PDB(base);
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = AV_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_fail(db, res, name, err);
	PQclear(res);
	db->wrote = 1;
	return rc;
}

static int
pg_migration_lock(struct db *base, int lock, struct av_err *err)
{
	return pg_simple(PDB(base),
	                 lock ? "SELECT pg_advisory_lock(" MIGRATION_LOCK ")"
	                      : "SELECT pg_advisory_unlock(" MIGRATION_LOCK ")",
	                 err);
}

static const struct sql_def q_size = {
    "pg_size", 0, "SELECT pg_database_size(current_database())"};

static int
pg_size_bytes(struct db *base, int64_t *out, struct av_err *err)
{
	return db_query_i64(base, &q_size, NULL, 0, out, NULL, err);
}

static const struct sql_def q_schema_exists = {
    "pg_schema_exists", 0,
    "SELECT COUNT(*) FROM pg_catalog.pg_tables"
    " WHERE schemaname = current_schema() AND tablename = 'schema_version'"};

const struct db_backend db_pg_backend = {
    .name = "postgresql",
    .dialect = DB_POSTGRES,
    .migrations = db_migrations_postgres,
    .nmigrations = &db_migrations_postgres_count,
    .schema_exists = &q_schema_exists,
    .open = pg_open,
    .close = pg_close,
    .bulk_begin = pg_bulk_begin,
    .bulk_row = pg_bulk_row,
    .bulk_end = pg_bulk_end,
    .forget = pg_forget,
    .alive = pg_alive,
    .exec = pg_exec,
    .query = pg_query,
    .prepare = pg_prepare,
    .next = pg_next,
    .col_i64 = pg_col_i64,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_is_null = pg_col_is_null,
    .col_count = pg_col_count,
    .col_type = pg_col_type,
    .cursor_close = pg_cursor_close,
    .tx_begin = pg_tx_begin,
    .tx_commit = pg_tx_commit,
    .tx_rollback = pg_tx_rollback,
    .script = pg_script,
    .migration_lock = pg_migration_lock,
    .data_changed = pg_data_changed,
    .size_bytes = pg_size_bytes,
    .query_batch = pg_query_batch,
};
