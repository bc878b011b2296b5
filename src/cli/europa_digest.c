/*
 * europa_digest.c - `areavasta europa digest`: the weekly digest of EU
 * calls for each Comune with referents (archived, notified, e-mailed when
 * SMTP is configured).  The work is modules/europa/digest.c; this file
 * reads argv and prints.  Run it weekly from cron (docs/europa-digest.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/legal_time.h"
#include "db/db.h"
#include "modules/europa/digest.h"
#include "modules/europa/ricerche.h"

static void
europa_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta europa digest --db FILE [--data gg/mm/aaaa]"
	        " [--comune CODICE]\n\n"
	        "digest: il riepilogo settimanale dei bandi europei per ogni"
	        " Comune con\n"
	        "  referenti (nuovi e modificati nei 7 giorni, in scadenza"
	        " entro 30),\n"
	        "  archiviato e inviato come notifica (ed e-mail se il server"
	        " SMTP è\n"
	        "  configurato). --data: il giorno del riepilogo (oggi se"
	        " assente);\n"
	        "  un Comune già servito per quel giorno è saltato.\n");
}

static int
cmd_digest(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"data", required_argument, 0, 't'},
	    {"comune", required_argument, 0, 'c'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *data = NULL, *comune = NULL;
	struct lt_date day;
	size_t sent = 0;
	int ch, rc;
	struct db *db;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 't':
			data = optarg;
			break;
		case 'c':
			comune = optarg;
			break;
		case 'h':
			europa_usage(stdout);
			return 0;
		default:
			europa_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		europa_usage(stderr);
		return EXIT_USAGE;
	}
	if (data != NULL) {
		if (lt_parse_date(data, strlen(data), &day, "data", &err) !=
		    AV_OK)
			return cli_report(&err);
	} else {
		struct lt_local l;

		if (lt_to_local((int64_t)time(NULL), &l, &err) != AV_OK)
			return cli_report(&err);
		day = l.date;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	rc = europa_digest_run(db, day, comune, stdout, &sent, &err);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	printf("riepiloghi inviati: %zu\n", sent);
	return 0;
}

static int
cmd_avvisi(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL;
	size_t sent = 0;
	struct db *db;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'd') {
			path = optarg;
		} else if (ch == 'h') {
			europa_usage(stdout);
			return 0;
		} else {
			europa_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		europa_usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	rc = europa_ricerche_avvisi(db, &sent, &err);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	printf("avvisi inviati: %zu\n", sent);
	return 0;
}

int
cli_europa(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		europa_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "digest") == 0)
		return cmd_digest(argc - 1, argv + 1);
	if (strcmp(argv[1], "avvisi") == 0)
		return cmd_avvisi(argc - 1, argv + 1);
	europa_usage(stderr);
	return EXIT_USAGE;
}
