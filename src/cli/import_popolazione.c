/*
 * import_popolazione.c - `areavasta import popolazione --db FILE [--data
 * AAAA-MM-GG] CSVFILE`: the "import_popolazione" job
 * (src/modules/europa/popolazione.c) run in-process, with a progress bar on
 * stderr when it is a terminal, and its summary on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "jobs/job.h"
#include "modules/europa/popolazione.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta import popolazione --db FILE [--data"
	        " AAAA-MM-GG] CSVFILE\n\n"
	        "Importa la popolazione residente dei Comuni con la sua data"
	        " di riferimento.\nFormati riconosciuti dai nomi delle"
	        " colonne:\n"
	        "  - censimento 2011 (codice_istat, popolazione_2011)\n"
	        "  - elenco comuni ISTAT (\"Popolazione legale 2011"
	        " (09/10/2011)\")\n"
	        "  - ISTAT \"popolazione residente al 1° gennaio\""
	        " (Codice comune, Età, Totale)\n"
	        "  - generico (codice_istat, popolazione) con --data\n"
	        "Ogni valore resta con la sua data: un nuovo file di un'altra"
	        " data si aggiunge,\nnon sostituisce.  In caso di errore non"
	        " viene importato nulla.\n"
	        "  --data  la data di riferimento, se il file non la dice (o"
	        " per correggerla)\n");
}

int
cli_import_popolazione(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"data", required_argument, 0, 'D'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	struct pop_summary sum;
	json_t *input, *result = NULL;
	const char *path = NULL, *csv, *date = NULL;
	struct db *db;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'D':
			date = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	csv = argv[optind];
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	input = date != NULL ? json_pack("{s:s,s:s}", "path", csv, "data", date)
	                     : json_pack("{s:s}", "path", csv);
	rc = cli_job_run(db, "import_popolazione", "import popolazione", input,
	                 &result, NULL, &err);
	json_decref(input);
	db_close(db);
	if (rc != AV_OK) {
		json_decref(result);
		cli_report(&err);
		fprintf(stderr, "areavasta: nessun dato importato da '%s'\n",
		        csv);
		return 1;
	}
	pop_summary_from_json(result, &sum);
	json_decref(result);
	printf("import popolazione da %s: formato %s\n", csv,
	       pop_layout_name(sum.layout));
	printf("data di riferimento: %s (%s)\n", sum.data, sum.data_origine);
	printf("Comuni nel file: %zu; nuovi: %zu; cambiati: %zu; invariati:"
	       " %zu\n",
	       sum.rows, sum.added, sum.changed, sum.unchanged);
	return 0;
}
