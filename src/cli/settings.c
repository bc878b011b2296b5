/*
 * settings.c - `areavasta impostazioni show|set`: the installation's
 * settings (patron saint's day, roll-over of terms to the next working day)
 * from the command line.  Validation, storage and the audit record are in
 * modules/settings/settings.c; this file only reads argv and prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "db/db.h"
#include "modules/settings/settings.h"

static void
settings_usage(FILE *f)
{
	fprintf(f, "uso: areavasta impostazioni show --db FILE\n"
	           "     areavasta impostazioni set --db FILE CHIAVE VALORE\n\n"
	           "Impostazioni dell'installazione usate per le scadenze:\n"
	           "  patrono GG/MM|nessuno   giorno del santo patrono del"
	           " capoluogo (festivo)\n"
	           "  proroga_festivi si|no   un termine che scade di sabato,"
	           " domenica o in un\n"
	           "                          giorno festivo slitta al primo"
	           " giorno lavorativo\n"
	           "                          (predefinito: si; Reg. CEE"
	           " 1182/71 art. 3)\n"
	           "Ogni modifica è registrata nel registro di audit. Stampa le"
	           " impostazioni in JSON.\n");
}

int
cli_settings(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *sub;
	struct db *db;
	json_t *o = NULL;
	int c, set;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		settings_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	sub = argv[1];
	set = strcmp(sub, "set") == 0;
	if (!set && strcmp(sub, "show") != 0) {
		fprintf(stderr,
		        "areavasta impostazioni: comando sconosciuto "
		        "'%s'\n",
		        sub);
		settings_usage(stderr);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'h':
			settings_usage(stdout);
			return 0;
		default:
			settings_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || argc - optind != (set ? 2 : 0)) {
		settings_usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	if ((set && settings_set(db, "system", argv[optind], argv[optind + 1],
	                         &err) != AV_OK) ||
	    settings_json(db, &o, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	db_close(db);
	c = cli_print_json(o, JSON_INDENT(2));
	json_decref(o);
	return c;
}
