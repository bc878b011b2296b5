/*
 * valida.c - `areavasta valida cf|piva|cig|cup|cpv|istat CODE...`: checks
 * identifiers and prints one JSON line per code (src/modules/vocab/valida.h).
 * Exit 0 when all are valid, 1 if any is invalid or on failure, 2 on usage
 * errors.  cpv and istat look codes up in the database (--db FILE).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/vocab/valida.h"

/* One answer: a few hundred bytes (a CPV label at most ~1 KB). */
#define VALIDA_ANSWER_MAX ((size_t)64 << 10)

static const char usage[] =
    "uso: areavasta valida TIPO CODICE... [--db FILE]\n"
    "  TIPO: cf (codice fiscale, 16 caratteri o 11 cifre), piva, cig, cup,\n"
    "        cpv (richiede --db con il vocabolario: areavasta import cpv),\n"
    "        istat (codice del comune, richiede --db con l'anagrafe)\n"
    "Stampa una riga JSON per codice {\"tipo\",\"codice\",\"valido\",...,"
    "\"motivo\"};\n"
    "esce con 1 se almeno un codice non è valido.\n";

int
cli_valida(int argc, char **argv)
{
	enum { O_DB = 1, O_HELP };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct av_err err = AV_ERR_INIT;
	const char *dbpath = NULL, *tipo;
	struct db *db = NULL;
	int c, i, known = 0, rc = 0;

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
			fputs("areavasta valida: opzione sconosciuta o senza "
			      "valore\n",
			      stderr);
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		fputs("areavasta valida: servono il tipo e almeno un codice\n",
		      stderr);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	tipo = argv[optind];
	for (i = 0; valid_kinds[i] != NULL; i++)
		if (strcmp(valid_kinds[i], tipo) == 0)
			known = 1;
	if (!known) {
		fprintf(stderr, "areavasta valida: tipo sconosciuto '%s'\n",
		        tipo);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (valid_kind_needs_db(tipo)) {
		if (dbpath == NULL) {
			fprintf(stderr,
			        "areavasta valida: il tipo '%s' richiede --db "
			        "FILE\n",
			        tipo);
			return EXIT_USAGE;
		}
		db = cli_open_db_readonly(dbpath);
		if (db == NULL)
			return 1;
	}
	for (i = optind + 1; i < argc; i++) {
		struct sbuf sb = SBUF_INIT(VALIDA_ANSWER_MAX);
		struct jw w;
		int valid = 0;

		jw_init(&w, &sb);
		if (valid_check_write(db, tipo, argv[i], strlen(argv[i]), &w,
		                      &valid, &err) != AV_OK) {
			sbuf_release(&sb);
			db_close(db);
			return cli_report(&err);
		}
		if (!valid)
			rc = 1;
		if (cli_print_jw(&w, 0) != 0)
			rc = 1;
		sbuf_release(&sb);
	}
	db_close(db);
	return rc;
}
