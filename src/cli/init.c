/*
 * init.c - `areavasta init --db FILE`: create the database or bring its
 * schema up to date.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"

static void
init_usage(FILE *f)
{
	fprintf(f, "uso: areavasta init --db FILE [--audit-key KEYFILE]\n\n"
	           "Crea la base dati FILE (SQLite) o applica le migrazioni"
	           " mancanti,\ne crea la chiave Ed25519 dei checkpoint di"
	           " audit (predefinita FILE.audit-key,\nmodo 0600) se"
	           " manca.\n");
}

int
cli_init(int argc, char **argv)
{
	const char *path, *key;
	char key_path[4096];
	struct db *db;
	struct av_err err = AV_ERR_INIT;
	int64_t version = 0;
	char shown[512];
	int rc;

	rc = cli_db_key_options(argc, argv, init_usage, &path, &key);
	if (rc >= 0)
		return rc;
	if (path == NULL) {
		init_usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 1);
	if (db == NULL)
		return 1;
	if (db_schema_version(db, &version, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	key = audit_key_path(path, key, key_path, sizeof(key_path));
	if (audit_key_ensure(key, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	printf("base dati %s pronta (schema versione %lld); chiave dei"
	       " checkpoint di audit: %s\n",
	       db_target_display(path, shown, sizeof(shown)),
	       (long long)version, key);
	db_close(db);
	return 0;
}
