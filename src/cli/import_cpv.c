/*
 * import_cpv.c - `areavasta import cpv --db FILE CSVFILE`: loads the CPV 2008
 * vocabulary (shared/data/vocab/cpv_2008.csv: code, check_digit, label_it,
 * label_en) into the cpv table, so `valida cpv` and the API can check codes
 * by lookup (the CPV check digit is not computable for every code).
 *
 * The file is read whole (capped at CPV_FILE_MAX); the import itself, one
 * transaction with its audit record, is the vocab module's cpv_import.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/file.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/vocab/cpv.h"

static const char usage[] =
    "uso: areavasta import cpv --db FILE CSVFILE\n"
    "  Carica il vocabolario CPV 2008 (colonne code, check_digit, "
    "label_it,\n"
    "  label_en; es. shared/data/vocab/cpv_2008.csv) nella base dati.\n";

int
cli_import_cpv(int argc, char **argv)
{
	enum { O_DB = 1, O_HELP };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(CPV_FILE_MAX);
	const char *dbpath = NULL;
	struct db *db;
	size_t rows = 0;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			dbpath = optarg;
			break;
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			fputs("areavasta import cpv: opzione sconosciuta o "
			      "senza valore\n",
			      stderr);
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (dbpath == NULL || optind != argc - 1) {
		fputs("areavasta import cpv: servono --db FILE e il file CSV\n",
		      stderr);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (file_read_all(argv[optind], &sb, &err) != AV_OK) {
		sbuf_release(&sb);
		return cli_report(&err);
	}
	db = cli_open_db(dbpath, 1);
	if (db == NULL) {
		sbuf_release(&sb);
		return 1;
	}
	rc = cpv_import(db, sb.buf, sb.len, &rows, &err);
	sbuf_release(&sb);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	printf("importati %zu codici CPV in '%s'\n", rows, dbpath);
	return 0;
}
