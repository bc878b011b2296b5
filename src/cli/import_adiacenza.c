/*
 * import_adiacenza.c - `areavasta import adiacenza --db FILE PATH...`:
 * which Comuni border on which, from the TopoJSON files the UI ships
 * (web/src/static/geo/comuni/, or any of its files), stored for the
 * groupings of the EU desk (src/modules/europa/adiacenza.c).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"
#include "modules/europa/adiacenza.h"

static void
usage(FILE *f)
{
	fprintf(f, "uso: areavasta import adiacenza --db FILE PERCORSO...\n\n"
	           "Calcola i Comuni confinanti (un arco di confine in comune)"
	           " dai file\nTopoJSON dei confini (una cartella come"
	           " web/src/static/geo/comuni o i\nsuoi file NNN.topo.json) e"
	           " sostituisce quelli registrati.\n");
}

int
cli_import_adiacenza(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL;
	size_t pairs = 0, files = 0;
	struct db *db;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	rc = europa_adiacenza_import(db, (const char *const *)argv + optind,
	                             (size_t)(argc - optind), 0, &pairs, &files,
	                             &err);
	db_close(db);
	if (rc != AV_OK) {
		cli_report(&err);
		fprintf(stderr, "areavasta: nessuna adiacenza registrata\n");
		return 1;
	}
	printf("adiacenze: %zu coppie di Comuni confinanti da %zu file\n",
	       pairs, files);
	return 0;
}
