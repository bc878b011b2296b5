/*
 * db.h - backend-neutral data access.
 *
 * SQL texts are compile-time constants in struct sql_def tables, written with
 * $1..$n parameters so the same text runs on PostgreSQL.  There is no API that
 * takes a runtime SQL string.  SQLite binds $k by *name* (it numbers $k by
 * first appearance otherwise; see docs/internals/db.md).  Statements are
 * prepared once per connection and cached.  A struct db is one connection and
 * is never shared between threads.
 */
#ifndef AV_DB_H
#define AV_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_cursor;

struct sql_def {
	const char *name; /* unique, used as the cache key and in messages */
	int nparams;      /* exactly $1..$nparams appear in sql */
	const char *sql;  /* the text for both dialects, or SQLite's */
	/*
	 * PostgreSQL's text where the dialects cannot share one (SKIP LOCKED,
	 * catalogue queries, ...); NULL: sql runs on both.  Same parameters.
	 */
	const char *pg;
	/*
	 * PostgreSQL: 1 = always run with a generic plan (plan_cache_mode
	 * force_generic_plan), for a statement whose best plan does not depend
	 * on its parameters (the search's, whose plan is chosen in C from the
	 * vocabulary): a custom plan is planned again on every run, 0.3-0.4
	 * ms, several times what such a statement then runs
	 * (docs/internals/db.md "Plans").  0: PostgreSQL's default (custom
	 * plans until a generic one proves as cheap).  SQLite ignores it.
	 */
	int generic;
};

/* The SQL dialect of a connection: which text of a sql_def it runs. */
enum db_dialect { DB_SQLITE, DB_POSTGRES };

enum db_ptype { DBP_NULL, DBP_I64, DBP_TEXT, DBP_BLOB };

struct db_param {
	enum db_ptype type;
	int64_t i;
	const char *s; /* borrowed for the call */
	size_t n;
};

#define P_I64(v) ((struct db_param){DBP_I64, (v), NULL, 0})
#define P_TEXT(str) ((struct db_param){DBP_TEXT, 0, (str), strlen(str)})
#define P_TEXTN(str, len) ((struct db_param){DBP_TEXT, 0, (str), (len)})
#define P_BLOB(p, len) ((struct db_param){DBP_BLOB, 0, (p), (len)})
#define P_NULL ((struct db_param){DBP_NULL, 0, NULL, 0})
/* Text or NULL when str is NULL. */
#define P_TEXT_OR_NULL(str) ((str) ? P_TEXT(str) : P_NULL)

/*
 * A database target is a SQLite file path or a PostgreSQL connection:
 * a "postgresql://" / "postgres://" URI or a libpq "key=value" conninfo
 * (PGPASSWORD, PGSERVICE and ~/.pgpass work as libpq users expect).
 * Every db_open* below takes either; docs/internals/db.md.
 */
int db_target_is_postgres(const char *target);
/*
 * The target as it may be printed: a password in a URI or conninfo is
 * replaced by "***".  Writes at most n bytes (NUL included) into buf.
 */
const char *db_target_display(const char *target, char *buf, size_t n);
/*
 * Overwrites a password inside a target held in argv, in place, so that
 * ps and /proc/PID/cmdline no longer show it (the caller keeps a copy).
 */
void db_target_hide_password(char *target);

/*
 * Opens (creating if needed) the database.  SQLite: the file, with WAL,
 * foreign keys, FULL sync.  PostgreSQL: the database must exist; "creating"
 * means the schema, which db_migrate adds.
 */
int db_open(const char *path, struct db **out, struct av_err *err);
/* Read-write open of an existing file: fails if it does not exist. */
int db_open_existing(const char *path, struct db **out, struct av_err *err);
/*
 * Read-only open (SQLITE_OPEN_READONLY): the connection cannot write, so
 * neither migrations nor the journal mode are touched.  For the commands
 * that only read (docs/internals/db.md, "Read-only commands").
 */
int db_open_readonly(const char *path, struct db **out, struct av_err *err);
void db_close(struct db *db); /* NULL is a no-op */
enum db_dialect db_dialect(const struct db *db);

struct migration;

/* The migrations compiled in for this connection's dialect. */
const struct migration *db_migration_list(const struct db *db, size_t *n);

/*
 * Applies pending migrations in order, each in its own transaction.  On
 * PostgreSQL under an advisory lock, so that several nodes starting
 * together apply each migration once.
 */
int db_migrate(struct db *db, struct av_err *err);
/* db_migrate, calling applied(m, arg) after each one it applied. */
int db_migrate_report(struct db *db,
                      void (*applied)(const struct migration *m, void *arg),
                      void *arg, struct av_err *err);
/*
 * The three below only read, so they work on a read-only connection; a
 * database without the schema_version table has nothing applied.
 */
/* Highest applied migration number (0 if none). */
int db_schema_version(struct db *db, int64_t *out, struct av_err *err);
/* Is the compiled-in migration version recorded as applied? */
int db_migration_applied(struct db *db, int version, int *applied,
                         struct av_err *err);
/* How many compiled-in migrations are not applied yet. */
int db_migrations_pending(struct db *db, size_t *n, struct av_err *err);

/* Runs a statement that returns no rows; *changes may be NULL. */
int db_exec(struct db *db, const struct sql_def *q, const struct db_param *p,
            size_t np, int64_t *changes, struct av_err *err);

/*
 * Runs a query and returns a cursor over its rows.  The cursor borrows the
 * cached statement: close it (db_cursor_close) before running the same
 * sql_def again.  Column values are valid until the next db_next/close.
 */
int db_query(struct db *db, const struct sql_def *q, const struct db_param *p,
             size_t np, struct db_cursor **out, struct av_err *err);
/* 1: a row is ready; 0: done; -1: error (err filled). */
int db_next(struct db_cursor *c, struct av_err *err);
int64_t db_col_i64(struct db_cursor *c, int col);
const char *db_col_text(struct db_cursor *c, int col); /* NULL if NULL */
const void *db_col_blob(struct db_cursor *c, int col, size_t *len);
int db_col_is_null(struct db_cursor *c, int col);
/* Columns of the result, and the kind of a value (DBP_NULL for NULL). */
int db_col_count(struct db_cursor *c);
enum db_ptype db_col_type(struct db_cursor *c, int col);
void db_cursor_close(struct db_cursor *c); /* NULL is a no-op */

/*
 * Several reads sent together: on PostgreSQL in one round trip (libpq's
 * pipeline mode), on SQLite one after the other (nothing to save).  For
 * the statements of one answer that do not depend on each other (a page
 * and its total).  On AV_OK every b[i].cur is open, in the order given,
 * and the caller closes each; on an error none is (the first failing
 * statement's error is reported: one 500, nothing half-read).  At most
 * DB_BATCH_MAX statements, each sql_def at most once (a cursor borrows
 * its statement).  Statements that write do not belong here.
 */
#define DB_BATCH_MAX 8
struct db_batch {
	const struct sql_def *q;
	const struct db_param *p;
	size_t np;
	struct db_cursor *cur; /* out */
};
int db_query_batch(struct db *db, struct db_batch *b, size_t n,
                   struct av_err *err);

/*
 * Convenience: runs q expecting at most one row and reads column 0 as an
 * integer.  Returns AV_OK with *found = 0/1.
 */
int db_query_i64(struct db *db, const struct sql_def *q,
                 const struct db_param *p, size_t np, int64_t *out, int *found,
                 struct av_err *err);

/* Write transaction (BEGIN IMMEDIATE on SQLite). */
int db_tx_begin(struct db *db, struct av_err *err);
int db_tx_commit(struct db *db, struct av_err *err);
void db_tx_rollback(struct db *db);
/* 1 between db_tx_begin and its commit/rollback, else 0. */
int db_in_tx(const struct db *db);
/*
 * For a use case that must be atomic whether or not its caller (the
 * router, for an audited route) already holds a transaction: enter begins
 * one unless the caller holds one, and *own says which; leave commits our
 * own on rc == AV_OK, rolls it back otherwise, and returns the outcome.
 * With the caller's transaction both do nothing: the caller decides.
 */
int db_tx_enter(struct db *db, int *own, struct av_err *err);
int db_tx_leave(struct db *db, int own, int rc, struct av_err *err);

/*
 * Drops q's prepared statement from this connection's cache.  Only for a
 * sql_def that is not a static table entry and is about to be freed: the
 * tabular store's statements, whose text it builds from integers it
 * generated (src/modules/dati/tabelle_sql.c).  No cursor may be open on q.
 */
void db_forget(struct db *db, const struct sql_def *q);

/*
 * Bulk load of a generated table of the tabular store, dati_t_<table_id>
 * with text columns c1..c<ncols> (src/modules/dati/tabelle.h): the one
 * statement whose text is built at run time, from these two integers
 * alone (never from user text).  SQLite: a private prepared INSERT bound
 * with each row (values borrowed for the call only); PostgreSQL: COPY ...
 * FROM STDIN in text format, values escaped here.  Runs inside the
 * caller's transaction, which must be open; db_bulk_end ends the load
 * (on PostgreSQL the COPY; its errors, a constraint, surface there) and
 * frees b; with ok == 0 it only abandons it.  vals[i] NULL is NULL.
 */
#define DB_BULK_COLS_MAX 512
struct db_bulk;
int db_bulk_begin(struct db *db, int64_t table_id, int ncols,
                  struct db_bulk **out, struct av_err *err);
int db_bulk_row(struct db_bulk *b, const char *const *vals, const size_t *lens,
                struct av_err *err);
int db_bulk_end(struct db_bulk *b, int ok, struct av_err *err);

/* Prepares every statement of a table; used at startup and in tests. */
int db_prepare_all(struct db *db, const struct sql_def *defs, size_t n,
                   struct av_err *err);

/*
 * Data versions, for caches of answers built from the database.
 * db_write_generation changes whenever a write commits in this process;
 * db_data_changed asks the database whether another process (a CLI import,
 * another node) committed since this connection last asked, and if so
 * moves the generation too.  A cached answer is good while the generation
 * it was built under is current.
 */
uint64_t db_write_generation(void);
int db_data_changed(struct db *db, struct av_err *err);

/* Size of the database file in bytes (page_count * page_size). */
int db_size_bytes(struct db *db, int64_t *out, struct av_err *err);

/*
 * Per-thread connection for the server: opened lazily on the configured path
 * and closed when the thread exits.  db_thread_configure once before threads.
 */
void db_thread_configure(const char *path);
struct db *db_thread(struct av_err *err);

#endif
