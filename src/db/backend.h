/*
 * backend.h - what a database backend provides to db.c (internal to src/db).
 *
 * db.h is one API over two engines.  Each engine (db_sqlite.c, db_pg.c)
 * fills a struct db_backend, a table of operations, and embeds struct db and
 * struct db_cursor at the start of its own connection and cursor types.
 * db.c holds what is the same for both: argument checks, transactions'
 * bookkeeping, migrations, the per-thread connection, write generations.
 * No module sees this file: modules have no #ifdef and no engine types.
 */
#ifndef AV_DB_BACKEND_H
#define AV_DB_BACKEND_H

#include "db/db.h"
#include "db/migrations.h"

#define DB_PARAMS_MAX 40    /* parameters in one statement */
#define DB_CACHE_SLOTS 1024 /* prepared statements per connection */

enum db_open_mode { DB_OPEN_CREATE, DB_OPEN_EXISTING, DB_OPEN_READONLY };

struct db_backend {
	const char *name; /* "sqlite", "postgresql": for messages */
	enum db_dialect dialect;
	const struct migration *migrations;
	const size_t *nmigrations;
	/* Statements db.c runs for migrations, in this dialect. */
	const struct sql_def *schema_exists; /* COUNT of the table, 0 params */

	int (*open)(const char *target, enum db_open_mode mode, struct db **out,
	            struct av_err *err);
	void (*close)(struct db *db);
	/* Is the connection still usable (a server reconnects if not)? */
	int (*alive)(struct db *db);

	int (*exec)(struct db *db, const struct sql_def *q,
	            const struct db_param *p, size_t np, int64_t *changes,
	            struct av_err *err);
	int (*query)(struct db *db, const struct sql_def *q,
	             const struct db_param *p, size_t np,
	             struct db_cursor **out, struct av_err *err);
	int (*prepare)(struct db *db, const struct sql_def *q,
	               struct av_err *err);
	int (*next)(struct db_cursor *c, struct av_err *err);
	int64_t (*col_i64)(struct db_cursor *c, int col);
	const char *(*col_text)(struct db_cursor *c, int col);
	const void *(*col_blob)(struct db_cursor *c, int col, size_t *len);
	int (*col_is_null)(struct db_cursor *c, int col);
	int (*col_count)(struct db_cursor *c);
	enum db_ptype (*col_type)(struct db_cursor *c, int col);
	void (*cursor_close)(struct db_cursor *c);
	/* The tabular store's bulk load (db_bulk_*, db.h). */
	int (*bulk_begin)(struct db *db, int64_t table_id, int ncols,
	                  struct db_bulk **out, struct av_err *err);
	int (*bulk_row)(struct db_bulk *b, const char *const *vals,
	                const size_t *lens, struct av_err *err);
	int (*bulk_end)(struct db_bulk *b, int ok, struct av_err *err);
	/* Drops q's prepared statement from the cache (db_forget). */
	void (*forget)(struct db *db, const struct sql_def *q);

	/* A write transaction: one writer at a time, as SQLite has it. */
	int (*tx_begin)(struct db *db, struct av_err *err);
	int (*tx_commit)(struct db *db, struct av_err *err);
	void (*tx_rollback)(struct db *db);
	/* Runs a trusted compiled-in script (a migration) of many statements.
	 */
	int (*script)(struct db *db, const char *name, const char *sql,
	              struct av_err *err);
	/* Serialises migrations between processes (no-op where the engine's
	 * write lock does it); lock = 1 takes, 0 releases. */
	int (*migration_lock)(struct db *db, int lock, struct av_err *err);
	/* Did another process commit since this connection last asked? */
	int (*data_changed)(struct db *db, int *changed, struct av_err *err);
	int (*size_bytes)(struct db *db, int64_t *out, struct av_err *err);
	/* db_query_batch in one round trip; NULL: db.c runs them in turn. */
	int (*query_batch)(struct db *db, struct db_batch *b, size_t n,
	                   struct av_err *err);
};

/* The head of every engine's connection and cursor. */
struct db {
	const struct db_backend *be;
	int in_tx;
};

struct db_cursor {
	struct db *db;
};

/* The head of every engine's bulk loader. */
struct db_bulk {
	struct db *db;
	int ncols;
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_pg_backend;

/* The text of q this connection runs (its dialect's twin if it has one). */
const char *db_sql_text(const struct db *db, const struct sql_def *q);
/* Counts a committed write of this process (db_write_generation). */
void db_note_commit(void);
#endif
