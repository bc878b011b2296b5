/*
 * import_bandi.c - `areavasta import bandi --db FILE --formato F FILE...`:
 * argument parsing and the printed report around the "import_bandi" job
 * (src/modules/europa/bandi_import.c), run in-process with job_run, with a
 * progress bar on stderr when it is a terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "modules/europa/bandi.h"

static void
import_bandi_usage(FILE *f)
{
	fprintf(f, "uso: areavasta import bandi --db FILE --formato F [--json]"
	           " FILE...\n\n"
	           "Importa bandi nel registro del Servizio Europa.  Formati:\n"
	           "  sedia       risposte dell'API di ricerca del portale"
	           " Funding & Tenders\n"
	           "              (una o più pagine JSON)\n"
	           "  sedia-dump  il file completo grantsTenders.json del"
	           " portale, letto\n"
	           "              in streaming\n"
	           "  csv         il modello per bandi regionali e nazionali"
	           " (data/bandi-modello.csv)\n"
	           "              o l'elenco dei topic Horizon Europe\n"
	           "Un nuovo import dello stesso file non cambia nulla; le"
	           " schede scritte\ndallo staff non vengono mai sovrascritte."
	           "  In caso di errore non viene\nimportato nulla.\n"
	           "  --json  stampa il resoconto in JSON\n");
}

int
cli_import_bandi(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"formato", required_argument, 0, 'f'},
	    {"json", no_argument, 0, 'j'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	struct eu_import_stats st;
	json_t *input, *paths, *result = NULL;
	double secs = 0;
	const char *path = NULL, *formato = NULL;
	struct db *db;
	int c, rc, as_json = 0, i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'f':
			formato = optarg;
			break;
		case 'j':
			as_json = 1;
			break;
		case 'h':
			import_bandi_usage(stdout);
			return 0;
		default:
			import_bandi_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || formato == NULL || optind >= argc) {
		import_bandi_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(formato, "sedia") != 0 && strcmp(formato, "csv") != 0 &&
	    strcmp(formato, "sedia-dump") != 0) {
		fprintf(stderr,
		        "areavasta: --formato vuole sedia, sedia-dump o csv,"
		        " non '%s'\n",
		        formato);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	paths = json_array();
	for (i = optind; i < argc; i++)
		json_array_append_new(paths, json_string(argv[i]));
	input = json_pack("{s:s, s:o}", "formato", formato, "paths", paths);
	rc = cli_job_run(db, "import_bandi", "import bandi", input, &result,
	                 &secs, &err);
	json_decref(input);
	db_close(db);
	if (rc != AV_OK) {
		cli_report(&err);
		fprintf(stderr, "areavasta: nessun bando importato\n");
		json_decref(result);
		return 1;
	}
	if (as_json) {
		json_dumpf(result, stdout, JSON_COMPACT);
		fputc('\n', stdout);
	} else {
		bandi_stats_from_json(result, &st);
		printf("import bandi (%s): letti %lld, duplicati %lld\n",
		       formato, (long long)st.righe, (long long)st.duplicati);
		printf("nuovi %lld, modificati %lld, invariati %lld, scadenze"
		       " spostate %lld, chiusi %lld\n",
		       (long long)st.nuovi, (long long)st.modificati,
		       (long long)st.invariati, (long long)st.scadenze_spostate,
		       (long long)st.chiusi);
		if (st.scartati > 0)
			printf("voci che non sono bandi (gare d'appalto) "
			       "saltate: %lld\n",
			       (long long)st.scartati);
		if (st.campi_tollerati > 0)
			printf("campi illeggibili lasciati vuoti: %lld\n",
			       (long long)st.campi_tollerati);
		printf("tempo: %.2f s\n", secs);
	}
	json_decref(result);
	return 0;
}
