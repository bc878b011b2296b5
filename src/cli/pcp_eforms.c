/*
 * pcp_eforms.c - `areavasta pcp eforms --db FILE --gara ID --tipo 16|29
 * [--out FILE] [--portale URL]`: the eForms notice of a SUA tender
 * (modules/pcp/eforms.h) on stdout or in a file, for inspection and for
 * the tests (xmllint).  Read-only; makes no outbound call.  A tender whose
 * data cannot make the notice exits 1 with the Italian message and the
 * field, and writes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/pcp/eforms.h"

static void
eforms_usage(FILE *f)
{
	fprintf(f, "uso: areavasta pcp eforms --db FILE --gara ID --tipo 16|29"
	           " [--out FILE] [--portale URL]\n\n"
	           "Genera l'avviso eForms (SDK 1.13) di una gara della SUA:\n"
	           "16 = bando (contract notice), 29 = esito (contract award"
	           " notice).\n"
	           "  --out FILE     scrive in FILE invece che sullo stdout\n"
	           "  --portale URL  indirizzo del portale (documenti e"
	           " offerte)\n");
}

static int
write_out(const char *out, const struct sbuf *sb)
{
	FILE *f = out != NULL ? fopen(out, "wb") : stdout;
	int ok;

	if (f == NULL) {
		perror(out);
		return 1;
	}
	ok = fwrite(sb->buf, 1, sb->len, f) == sb->len;
	if (out != NULL)
		ok = (fclose(f) == 0) && ok;
	else
		ok = (fflush(f) == 0) && ok;
	if (!ok)
		fprintf(stderr, "areavasta: scrittura non riuscita\n");
	return ok ? 0 : 1;
}

int
cli_pcp_eforms(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"gara", required_argument, 0, 'g'},
	    {"tipo", required_argument, 0, 't'},
	    {"out", required_argument, 0, 'o'},
	    {"portale", required_argument, 0, 'p'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *out = NULL, *portal = EFORMS_PORTAL_DEFAULT;
	struct sbuf sb = SBUF_INIT(EFORMS_NOTICE_MAX);
	int64_t gara = 0, tipo = 0;
	struct db *db;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'g':
			if (parse_i64(optarg, strlen(optarg), 1, INT64_MAX,
			              &gara) != 0) {
				fprintf(stderr, "areavasta: --gara vuole il"
				                " numero di una gara\n");
				return EXIT_USAGE;
			}
			break;
		case 't':
			if (parse_i64(optarg, strlen(optarg), 16, 29, &tipo) !=
			        0 ||
			    (tipo != 16 && tipo != 29)) {
				fprintf(stderr,
				        "areavasta: --tipo vuole 16 o 29\n");
				return EXIT_USAGE;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			portal = optarg;
			break;
		case 'h':
			eforms_usage(stdout);
			return 0;
		default:
			eforms_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || gara == 0 || tipo == 0 || optind != argc) {
		eforms_usage(stderr);
		return EXIT_USAGE;
	}
	if (!cli_db_exists(path) || (db = cli_open_db_readonly(path)) == NULL)
		return 1;
	rc = pcp_eforms_build(db, gara, (int)tipo, (int64_t)time(NULL), portal,
	                      &sb, &err);
	db_close(db);
	if (rc != AV_OK) {
		fprintf(stderr, "areavasta: %s%s%s%s\n", err.msg,
		        err.field[0] != '\0' ? " (campo " : "", err.field,
		        err.field[0] != '\0' ? ")" : "");
		sbuf_release(&sb);
		return 1;
	}
	rc = write_out(out, &sb);
	sbuf_release(&sb);
	return rc;
}

/* `areavasta pcp eforms|scheda ...` (the PDND commands of `pcp` are w-pdnd's).
 */
int
cli_pcp_eforms_main(int argc, char **argv)
{
	int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	                         strcmp(argv[1], "-h") == 0);

	if (argc >= 2 && strcmp(argv[1], "eforms") == 0)
		return cli_pcp_eforms(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "scheda") == 0)
		return cli_pcp_scheda(argc - 1, argv + 1);
	fprintf(help ? stdout : stderr,
	        "uso: areavasta pcp eforms|scheda ... (--help per ciascuno)\n"
	        "  eforms  l'avviso eForms 16 o 29 di una gara\n"
	        "  scheda  la scheda ANAC P1_16 o A1_29 di una gara\n");
	return help ? 0 : EXIT_USAGE;
}
