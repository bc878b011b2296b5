/*
 * testdb.h - a migrated SQLite file for the unit tests that need a real
 * database, and its removal with the -wal and -shm files SQLite leaves
 * beside it.  Header-only: each unit test is one source file linked
 * against the library (Makefile), so the helpers are static.
 *
 * The file is /tmp/av-<name>-<pid>.db, so tests running in parallel (one
 * process each) never share one.
 */
#ifndef AV_TESTDB_H
#define AV_TESTDB_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "db/db.h"

#define TESTDB_PATH_MAX 64

/* Opens a fresh, migrated database; path (TESTDB_PATH_MAX) receives it. */
static inline struct db *
testdb_open(const char *name, char path[TESTDB_PATH_MAX])
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	snprintf(path, TESTDB_PATH_MAX, "/tmp/av-%s-%d.db", name,
	         (int)getpid());
	unlink(path);
	cr_assert_eq(db_open(path, &db, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_migrate(db, &err), AV_OK, "%s", err.detail);
	return db;
}

/* Closes db and removes its files. */
static inline void
testdb_remove(struct db *db, const char *path)
{
	char aux[TESTDB_PATH_MAX + 8];

	db_close(db);
	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
}

#endif
