/*
 * migrations.h - the schema migrations compiled into the binary.
 *
 * The SQL lives in src/db/migrations/<dialect>/NNNN_name.sql, one directory
 * per dialect with the same file names (a unit test checks they pair up);
 * the build turns each directory into build/gen/migrations_<dialect>.c
 * (scripts/embed-migrations.sh) so an installed binary needs no files beside
 * it.  Migrations are applied in ascending version order by db_migrate()
 * and recorded in schema_version.
 */
#ifndef AV_MIGRATIONS_H
#define AV_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version;      /* NNNN of the file name */
	const char *name; /* file name without .sql */
	const char *sql;  /* DDL script, trusted constant */
};

extern const struct migration db_migrations_sqlite[];
extern const size_t db_migrations_sqlite_count;
extern const struct migration db_migrations_postgres[];
extern const size_t db_migrations_postgres_count;

#endif
