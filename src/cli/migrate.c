/*
 * migrate.c - `areavasta migrate --db FILE [--status]`: applies the schema
 * migrations compiled into the binary that the database does not have yet,
 * and prints each one it applied; with --status it only lists them,
 * applied or pending, opening the database read-only.  Schema changes are
 * explicit: besides this command only init and serve (and the commands
 * that create a database) apply them; the others refuse a database with
 * pending migrations (docs/internals/db.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"
#include "db/migrations.h"

static void
migrate_usage(FILE *f)
{
	fprintf(f, "uso: areavasta migrate --db FILE [--status]\n"
	           "  Applica alla base dati le modifiche di schema mancanti"
	           " e le elenca;\n"
	           "  con --status elenca quelle applicate e quelle da"
	           " applicare, senza scrivere.\n");
}

static void
print_applied(const struct migration *m, void *arg)
{
	size_t *n = arg;

	printf("applicata %s\n", m->name);
	(*n)++;
}

static int
status(const char *path)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;
	const struct migration *list;
	size_t i, n, pending = 0;
	int applied;

	if (db_open_readonly(path, &db, &err) != AV_OK)
		return cli_report(&err);
	list = db_migration_list(db, &n);
	for (i = 0; i < n; i++) {
		const struct migration *m = &list[i];

		if (m->version == 0)
			continue;
		if (db_migration_applied(db, m->version, &applied, &err) !=
		    AV_OK) {
			db_close(db);
			return cli_report(&err);
		}
		printf("%s %s\n", applied ? "applicata   " : "da applicare",
		       m->name);
		pending += !applied;
	}
	db_close(db);
	printf("%zu da applicare\n", pending);
	return 0;
}

int
cli_migrate(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"status", no_argument, 0, 's'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL;
	struct db *db = NULL;
	int c, only_status = 0;
	size_t n = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 's':
			only_status = 1;
			break;
		case 'h':
			migrate_usage(stdout);
			return 0;
		default:
			migrate_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		migrate_usage(stderr);
		return EXIT_USAGE;
	}
	if (!cli_db_exists(path))
		return 1;
	if (only_status)
		return status(path);
	if (db_open_existing(path, &db, &err) != AV_OK ||
	    db_migrate_report(db, print_applied, &n, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	db_close(db);
	printf(n == 0 ? "schema già aggiornato\n"
	              : "%zu modifiche di schema applicate\n",
	       n);
	return 0;
}
