/*
 * notifiche.c - `areavasta notifiche smtp|invia`: the SMTP server of the
 * notifications' e-mail copies, and a notice sent by an administrator to
 * a user or to the users of an ente (a maintenance window, a change of
 * rules).  Validation, storage, audit and the e-mail queue are in
 * modules/notifiche; this file reads argv and prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/notifiche/notifiche.h"

static void
notifiche_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta notifiche smtp --db FILE --url URL --mittente"
	        " INDIRIZZO\n"
	        "                [--utente NOME --password-file FILE]\n"
	        "     areavasta notifiche smtp --db FILE --nessuno\n"
	        "     areavasta notifiche invia --db FILE (--ente ENTE |"
	        " --utente-id ID)\n"
	        "                --oggetto TESTO --testo TESTO [--link"
	        " /percorso]\n\n"
	        "smtp: il server che invia la copia e-mail delle notifiche"
	        " (smtp://host:porta,\n"
	        "  STARTTLS se offerto; smtps://host:porta, TLS). La password"
	        " resta nel file\n"
	        "  indicato (percorso assoluto), letto a ogni invio; --nessuno"
	        " spegne le e-mail.\n"
	        "invia: una notifica a un utente o a tutti gli utenti di un"
	        " ente\n"
	        "  ('operatore:PARTITAIVA': gli utenti operatori"
	        " dell'impresa).\n"
	        "Ogni modifica è registrata nel registro di audit.\n");
}

static int
cmd_smtp(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"url", required_argument, 0, 'u'},
	    {"mittente", required_argument, 0, 'm'},
	    {"utente", required_argument, 0, 'U'},
	    {"password-file", required_argument, 0, 'p'},
	    {"nessuno", no_argument, 0, 'n'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct smtp_config c;
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL;
	int off = 0, ch, rc;
	struct db *db;

	memset(&c, 0, sizeof(c));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'u':
			str_copy(c.url, sizeof(c.url), optarg);
			break;
		case 'm':
			str_copy(c.mittente, sizeof(c.mittente), optarg);
			break;
		case 'U':
			str_copy(c.utente, sizeof(c.utente), optarg);
			break;
		case 'p':
			str_copy(c.password_file, sizeof(c.password_file),
			         optarg);
			break;
		case 'n':
			off = 1;
			break;
		case 'h':
			notifiche_usage(stdout);
			return 0;
		default:
			notifiche_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc || (off && c.url[0] != '\0') ||
	    (!off && c.url[0] == '\0')) {
		notifiche_usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	rc = notifiche_smtp_set(db, 0, off ? NULL : &c, &err);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	printf(off ? "e-mail delle notifiche disattivate\n"
	           : "server SMTP delle notifiche: %s\n",
	       c.url);
	return 0;
}

static int
cmd_invia(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"ente", required_argument, 0, 'e'},
	    {"utente-id", required_argument, 0, 'i'},
	    {"oggetto", required_argument, 0, 'o'},
	    {"testo", required_argument, 0, 't'},
	    {"link", required_argument, 0, 'l'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *ente = NULL, *ogg = NULL, *testo = NULL,
	           *link = NULL;
	int64_t uid = 0;
	size_t n = 0;
	int ch, rc;
	struct db *db;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'e':
			ente = optarg;
			break;
		case 'i':
			if (parse_i64(optarg, strlen(optarg), 1, INT64_MAX,
			              &uid) != 0) {
				fprintf(stderr, "areavasta: --utente-id vuole"
				                " un numero\n");
				return EXIT_USAGE;
			}
			break;
		case 'o':
			ogg = optarg;
			break;
		case 't':
			testo = optarg;
			break;
		case 'l':
			link = optarg;
			break;
		case 'h':
			notifiche_usage(stdout);
			return 0;
		default:
			notifiche_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		notifiche_usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	rc = notifica_invia(db, 0, ente, uid, ogg, testo, link, &n, &err);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	printf("notifica inviata a %zu utenti\n", n);
	return 0;
}

int
cli_notifiche(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		notifiche_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "smtp") == 0)
		return cmd_smtp(argc - 1, argv + 1);
	if (strcmp(argv[1], "invia") == 0)
		return cmd_invia(argc - 1, argv + 1);
	notifiche_usage(stderr);
	return EXIT_USAGE;
}
