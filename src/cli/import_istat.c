/*
 * import_istat.c - `areavasta import istat --db FILE CSVFILE`: argument
 * parsing and the printed summary around the "import_istat" job
 * (src/modules/registry/istat_import.c), run in-process with job_run: the
 * same code the server's POST /api/v1/import/istat queues, with a progress
 * bar on stderr when it is a terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "db/db.h"
#include "modules/registry/istat_import.h"
#include "modules/registry/registry.h"

static void
import_istat_usage(FILE *f)
{
	fprintf(
	    f,
	    "uso: areavasta import istat --db FILE [--data AAAA-MM-GG]"
	    " CSVFILE\n\n"
	    "Importa l'elenco dei Comuni ISTAT nella base dati FILE (creata"
	    " con\n'areavasta init').  Formati accettati, riconosciuti dai"
	    " nomi delle colonne:\n"
	    "  - \"Elenco comuni italiani\" classico (Windows-1252 o UTF-8,"
	    " ';')\n"
	    "  - esportazione SITUAS (UTF-8 con BOM, ';')\n"
	    "Un nuovo import aggiorna i dati; i Comuni assenti dal file"
	    " diventano inattivi.\nIn caso di errore non viene importato"
	    " nulla.\n"
	    "  --data  la data dell'elenco (es. 2026-08-14 per l'esportazione"
	    " SITUAS di\n          quel giorno), mostrata nelle pagine"
	    " accanto ai Comuni; senza, la data\n          resta da"
	    " indicare.  La popolazione porta la data che il file dichiara\n"
	    "          nell'intestazione.\n");
}

/* Prints the summary of a successful import on stdout. */
static void
print_summary(const char *path, const struct istat_summary *s, double secs)
{
	printf("import ISTAT da %s: formato %s, codifica %s\n", path,
	       istat_layout_name(s->layout),
	       s->converted ? "Windows-1252 (convertita in UTF-8)" : "UTF-8");
	printf("Comuni nel file: %zu; aggiunti: %zu; aggiornati: %zu; "
	       "invariati: %zu; disattivati: %zu\n",
	       s->rows, s->added, s->updated, s->unchanged, s->deactivated);
	printf("unità territoriali nel file: %zu; disattivate: %zu\n", s->uts,
	       s->uts_deactivated);
	printf("popolazione: %s\n",
	       s->has_popolazione ? "dal file"
	                          : "assente nel file, conservata quella già "
	                            "registrata");
	if (s->pop_carried > 0)
		printf("popolazione ripresa per %zu Comuni rinumerati (stesso"
		       " codice catastale di un Comune soppresso)\n",
		       s->pop_carried);
	if (s->ignored_cols > 0)
		printf("colonne non usate: %zu\n", s->ignored_cols);
	printf("tempo: %.2f s\n", secs);
}

int
cli_import_istat(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"data", required_argument, 0, 'D'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct istat_summary sum;
	struct av_err err = AV_ERR_INIT;
	json_t *input, *result = NULL;
	double secs = 0;
	const char *path = NULL, *csv, *date = NULL;
	struct db *db;
	int c, rc, y, m, d;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'D':
			date = optarg;
			if (parse_date(date, strlen(date), &y, &m, &d) != 0) {
				fprintf(stderr,
				        "areavasta: --data vuole una data"
				        " AAAA-MM-GG, non '%s'\n",
				        date);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			import_istat_usage(stdout);
			return 0;
		default:
			import_istat_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc - 1) {
		import_istat_usage(stderr);
		return EXIT_USAGE;
	}
	csv = argv[optind];
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	input = json_pack("{s:s}", "path", csv);
	rc = cli_job_run(db, "import_istat", "import ISTAT", input, &result,
	                 &secs, &err);
	json_decref(input);
	/* The list's date is the operator's word: recorded after the import. */
	if (rc == AV_OK && date != NULL &&
	    registry_fonte_date(db, "comuni", date, &err) != AV_OK) {
		db_close(db);
		json_decref(result);
		cli_report(&err);
		fprintf(stderr, "areavasta: elenco importato, ma la sua data"
		                " non è stata registrata\n");
		return 1;
	}
	db_close(db);
	if (rc == AV_OK)
		istat_summary_from_json(result, &sum);
	json_decref(result);
	if (rc != AV_OK) {
		cli_report(&err);
		fprintf(stderr, "areavasta: nessun dato importato da '%s'\n",
		        csv);
		return 1;
	}
	print_summary(csv, &sum, secs);
	return 0;
}
