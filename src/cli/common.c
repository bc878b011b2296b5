/*
 * common.c - what every subcommand shares: reporting an error at the edge
 * and opening the database with the right mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"

int
cli_print_json(const json_t *o, size_t flags)
{
	char *s = json_dumps(o, flags);

	if (s == NULL) {
		fprintf(stderr, "areavasta: errore interno (JSON)\n");
		return 1;
	}
	puts(s);
	free(s);
	return 0;
}

int
cli_report(const struct av_err *err)
{
	fprintf(stderr, "areavasta: %s", err->msg[0] ? err->msg : "errore");
	if (err->field[0])
		fprintf(stderr, " [%s]", err->field);
	fputc('\n', stderr);
	if (err->detail[0])
		fprintf(stderr, "  dettaglio: %s\n", err->detail);
	return 1;
}

struct db *
cli_open_db(const char *path, int create)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;
	int64_t version = 0;

	if (!create && access(path, F_OK) != 0) {
		fprintf(stderr,
		        "areavasta: la base dati '%s' non esiste; creala con"
		        " 'areavasta init --db %s'\n",
		        path, path);
		return NULL;
	}
	if ((create ? db_open(path, &db, &err)
	            : db_open_existing(path, &db, &err)) != AV_OK) {
		cli_report(&err);
		return NULL;
	}
	/* Migrating is idempotent: every command sees the current schema. */
	if (db_migrate(db, &err) != AV_OK ||
	    db_schema_version(db, &version, &err) != AV_OK) {
		cli_report(&err);
		db_close(db);
		return NULL;
	}
	return db;
}
