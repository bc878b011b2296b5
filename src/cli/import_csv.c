/*
 * import_csv.c - `areavasta import csv --db FILE --dataset ID [--risorsa
 * ID] [--nome N] [--schema S] [--separatore C] CSVFILE`: the "dati_ingest"
 * job (src/modules/dati/ingest.c) run in-process, with a progress bar on
 * stderr when it is a terminal and a summary on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include <errno.h>
#include "db/db.h"
#include "jobs/job.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta import csv --db FILE --dataset ID [--risorsa"
	        " ID] [--nome N]\n"
	        "                          [--schema SCHEMA.json]"
	        " [--separatore C] CSVFILE\n\n"
	        "Carica un CSV nell'archivio tabellare, come risorsa del"
	        " dataset ID: una\nnuova risorsa (--nome, predefinito il nome"
	        " del file) o una esistente\n(--risorsa), la cui tabella viene"
	        " sostituita in un colpo solo.\n"
	        "  --schema       Table Schema (JSON): nomi e tipi dei campi,"
	        " nell'ordine\n"
	        "  --separatore   , ; | o tab (predefinito: riconosciuto"
	        " dall'intestazione)\n"
	        "In caso di errore non viene caricato nulla.\n");
}

static int
parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v <= 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
cli_import_csv(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"dataset", required_argument, 0, 'D'},
	    {"risorsa", required_argument, 0, 'r'},
	    {"nome", required_argument, 0, 'n'},
	    {"schema", required_argument, 0, 's'},
	    {"separatore", required_argument, 0, 'S'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	json_t *input, *result = NULL, *schema = NULL;
	const char *path = NULL, *schema_path = NULL, *nome = NULL;
	const char *sep = NULL;
	int64_t dataset = 0, risorsa = 0;
	struct db *db;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'D':
		case 'r':
			if (parse_id(optarg, c == 'D' ? &dataset : &risorsa)) {
				fprintf(stderr,
				        "areavasta: identificativo non"
				        " valido '%s'\n",
				        optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			nome = optarg;
			break;
		case 's':
			schema_path = optarg;
			break;
		case 'S':
			sep = strcmp(optarg, "tab") == 0 ? "\t" : optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || dataset == 0 || optind != argc - 1 ||
	    (sep != NULL && strlen(sep) != 1)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (schema_path != NULL) {
		json_error_t je;

		schema =
		    json_load_file(schema_path, JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(schema)) {
			fprintf(stderr,
			        "areavasta: schema '%s' non valido: riga %d:"
			        " %s\n",
			        schema_path, je.line, je.text);
			json_decref(schema);
			return 1;
		}
	}
	db = cli_open_db(path, 0);
	if (db == NULL) {
		json_decref(schema);
		return 1;
	}
	input = json_pack("{s:I,s:s}", "dataset_id", (json_int_t)dataset,
	                  "path", argv[optind]);
	if (risorsa != 0)
		json_object_set_new(input, "risorsa_id",
		                    json_integer((json_int_t)risorsa));
	if (nome != NULL)
		json_object_set_new(input, "nome", json_string(nome));
	if (sep != NULL)
		json_object_set_new(input, "delimiter", json_string(sep));
	if (schema != NULL)
		json_object_set_new(input, "schema", schema);
	rc = cli_job_run(db, "dati_ingest", "import csv", input, &result, NULL,
	                 &err);
	json_decref(input);
	db_close(db);
	if (rc != AV_OK) {
		json_decref(result);
		cli_report(&err);
		fprintf(stderr, "areavasta: nessun dato caricato da '%s'\n",
		        argv[optind]);
		return 1;
	}
	printf(
	    "import csv da %s: risorsa %lld, tabella %lld, %lld righe,"
	    " %lld colonne\n",
	    argv[optind],
	    (long long)json_integer_value(
	        json_object_get(result, "risorsa_id")),
	    (long long)json_integer_value(
	        json_object_get(result, "tabella_id")),
	    (long long)json_integer_value(json_object_get(result, "righe")),
	    (long long)json_integer_value(json_object_get(result, "colonne")));
	json_decref(result);
	return 0;
}
