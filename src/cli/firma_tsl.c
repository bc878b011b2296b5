/*
 * firma_tsl.c - `areavasta firma tsl fonte --db DB --url URL --certificato
 * PEM [--ogni-ore N]` sets the address the trusted list is downloaded
 * from and the certificate that must have signed it (`--rimuovi` removes
 * both); `areavasta firma tsl aggiorna --db DB` downloads, checks and
 * stores it now (modules/firma/firma_fonte.h).  Exit 0 when done, 1 when
 * refused (the previous list stays), 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/firma_tsl.h"
#include "core/file.h"
#include "db/db.h"
#include "modules/firma/firma_fonte.h"

static const char usage_fonte[] =
    "uso: areavasta firma tsl fonte --db DB --url URL --certificato PEM\n"
    "         [--ogni-ore N]\n"
    "     areavasta firma tsl fonte --db DB --rimuovi\n"
    "     areavasta firma tsl aggiorna --db DB\n"
    "  fonte          imposta l'indirizzo dell'elenco di fiducia (ETSI TS\n"
    "                 119 612, per l'Italia quello di AgID) e il\n"
    "                 certificato con cui deve essere firmato\n"
    "  --ogni-ore     aggiornamento periodico (0: solo a mano; di norma\n"
    "                 24)\n"
    "  aggiorna       scarica l'elenco, ne verifica la firma XML e lo\n"
    "                 carica; se non valido, resta quello precedente\n";

static int
fonte_usage(const char *msg)
{
	fprintf(stderr, "areavasta firma tsl: %s\n%s", msg, usage_fonte);
	return EXIT_USAGE;
}

static int
fonte(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"url", required_argument, 0, 'u'},
	    {"certificato", required_argument, 0, 'c'},
	    {"ogni-ore", required_argument, 0, 'o'},
	    {"rimuovi", no_argument, 0, 'r'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *dbt = NULL, *url = NULL, *cert = NULL;
	long long ore = 24;
	int rimuovi = 0, c, rc;
	struct av_err err = AV_ERR_INIT;
	struct sbuf pem = SBUF_INIT(0);
	struct db *db;
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbt = optarg;
			break;
		case 'u':
			url = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'o':
			ore = strtoll(optarg, &end, 10);
			if (end == optarg || *end)
				return fonte_usage(
				    "--ogni-ore vuole un numero");
			break;
		case 'r':
			rimuovi = 1;
			break;
		case 'h':
			fputs(usage_fonte, stdout);
			return 0;
		default:
			return fonte_usage("opzione non valida");
		}
	}
	if (optind != argc || !dbt || (!rimuovi && (!url || !cert)) ||
	    (rimuovi && (url || cert)))
		return fonte_usage("servono --db e --url con --certificato, o "
		                   "--rimuovi");
	if (cert) {
		sbuf_init(&pem, FIRMA_FONTE_CERT_MAX);
		if (file_read_all(cert, &pem, &err) != AV_OK) {
			sbuf_release(&pem);
			return cli_report(&err);
		}
	}
	db = cli_open_db(dbt, 0);
	if (!db) {
		sbuf_release(&pem);
		return 1;
	}
	rc = firma_fonte_set(db, 0, rimuovi ? NULL : url,
	                     pem.buf ? pem.buf : "", (int64_t)ore, &err);
	db_close(db);
	sbuf_release(&pem);
	if (rc != AV_OK)
		return cli_report(&err);
	if (rimuovi)
		puts("indirizzo dell'elenco di fiducia rimosso");
	else
		printf("elenco di fiducia da %s, aggiornato %s\n", url,
		       ore ? "periodicamente" : "solo a mano");
	return 0;
}

/* firma_tsl.h */
int
firma_tsl_db_args(int argc, char **argv, int operands, const char *help,
                  int (*fail)(const char *msg), const char *missing,
                  const char **db)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	int c;

	*db = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return fail("opzione non valida");
		}
	}
	if (argc - optind != operands || !*db)
		return fail(missing);
	return -1;
}

/* firma_tsl.h */
void
firma_tsl_print(const char *done, const struct firma_store_tsl *info)
{
	printf("elenco di fiducia %s: %lld servizi (territorio %s, emesso "
	       "%s), sha256 %s\n",
	       done, (long long)info->servizi,
	       info->territorio[0] ? info->territorio : "-",
	       info->emesso[0] ? info->emesso : "-", info->sha256);
}

static int
aggiorna(int argc, char **argv)
{
	const char *dbt;
	struct av_err err = AV_ERR_INIT;
	struct firma_store_tsl info;
	struct db *db;
	int rc;

	rc = firma_tsl_db_args(argc, argv, 0, usage_fonte, fonte_usage,
	                       "serve --db", &dbt);
	if (rc >= 0)
		return rc;
	db = cli_open_db(dbt, 0);
	if (!db)
		return 1;
	rc = firma_fonte_aggiorna(db, 0, &info, &err);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	firma_tsl_print("aggiornato", &info);
	return 0;
}

int
cli_firma_tsl_sub(int argc, char **argv, int *handled)
{
	*handled = 1;
	if (argc >= 2 && strcmp(argv[1], "fonte") == 0)
		return fonte(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "aggiorna") == 0)
		return aggiorna(argc - 1, argv + 1);
	*handled = 0;
	return 0;
}
