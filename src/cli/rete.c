/*
 * rete.c - `areavasta rete set ...`: records a Province's adhesion to the
 * network from the command line (until the web editor arrives with the
 * identity module).  Validation and storage are in modules/network/rete.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/network/rete.h"

#define RETE_CLI_MAX 4096 /* one member's row */

static void
rete_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta rete set --db FILE SIGLA --aderente yes|no\n"
	        "         [--data AAAA-MM-GG] [--referente \"Nome\" --email X]"
	        " [--telefono T]\n"
	        "         [--sua STATO] [--europa STATO] [--dati STATO]\n\n"
	        "Registra l'adesione della Provincia SIGLA (una delle 76"
	        " Province della rete)\ne stampa la riga aggiornata in JSON.\n"
	        "  --aderente yes|no  la Provincia ha firmato il protocollo\n"
	        "  --data             data di adesione, obbligatoria se"
	        " aderente\n"
	        "  --referente/--email/--telefono  il referente (nome ed email"
	        " insieme)\n"
	        "  --sua/--europa/--dati  stato dei servizi: attivo, in_avvio,"
	        " non_attivo\n"
	        "                     (se omessi resta lo stato registrato)\n");
}

static int
rete_cmd_set(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"aderente", required_argument, 0, 'a'},
	    {"data", required_argument, 0, 'D'},
	    {"referente", required_argument, 0, 'r'},
	    {"email", required_argument, 0, 'e'},
	    {"telefono", required_argument, 0, 't'},
	    {"sua", required_argument, 0, 's'},
	    {"europa", required_argument, 0, 'u'},
	    {"dati", required_argument, 0, 'x'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct rete_adesione_in in;
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *aderente = NULL;
	char codice[4];
	struct db *db;
	struct sbuf out = SBUF_INIT(RETE_CLI_MAX);
	struct jw w;
	int c;

	memset(&in, 0, sizeof(in));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'a':
			aderente = optarg;
			break;
		case 'D':
			in.data = optarg;
			break;
		case 'r':
			in.referente = optarg;
			break;
		case 'e':
			in.email = optarg;
			break;
		case 't':
			in.telefono = optarg;
			break;
		case 's':
			in.sua = optarg;
			break;
		case 'u':
			in.europa = optarg;
			break;
		case 'x':
			in.dati = optarg;
			break;
		case 'h':
			rete_usage(stdout);
			return 0;
		default:
			rete_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || aderente == NULL || optind != argc - 1) {
		rete_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(aderente, "yes") == 0 || strcmp(aderente, "si") == 0)
		in.aderente = 1;
	else if (strcmp(aderente, "no") != 0) {
		fprintf(stderr, "areavasta: --aderente vuole yes o no\n");
		return EXIT_USAGE;
	}
	in.sigla = argv[optind];
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	/* The same use case as the API's, with the console as actor. */
	jw_init(&w, &out);
	if (rete_update(db, 0, &in, codice, &w, &err) != AV_OK) {
		db_close(db);
		sbuf_release(&out);
		return cli_report(&err);
	}
	db_close(db);
	c = cli_print_jw(&w, 2);
	sbuf_release(&out);
	return c;
}

int
cli_rete(int argc, char **argv)
{
	if (argc < 2) {
		rete_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		rete_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "set") == 0)
		return rete_cmd_set(argc - 1, argv + 1);
	fprintf(stderr, "areavasta: comando rete sconosciuto '%s'\n", argv[1]);
	rete_usage(stderr);
	return EXIT_USAGE;
}
