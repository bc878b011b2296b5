/*
 * pcp_scheda.c - `areavasta pcp scheda --db FILE --gara ID --codice
 * P1_16|P2_16|S2|A1_29|A2_29|AD3|AD5|SC1|I1|P7_2|P7_1_2|CO1
 * [--lotto N] [--dati FILE.json] [--ausa CODICE] [--centro-costo CODICE]
 * [--out FILE] [--portale URL]`
 * (--tipo is the same as --codice): the JSON of an ANAC scheda of a SUA
 * tender (modules/pcp/schede.h), with its eForm embedded when it has
 * one, on stdout or in a file.  SC1, I1, CO1 are about one lot's contract
 * (--lotto) and take the RUP's statements from --dati (a JSON object,
 * docs/pcp-schede.md).  Read-only, no outbound call; refused data exits
 * 1 with the Italian message and the field, and writes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede.h"

static void
scheda_usage(FILE *f)
{
	fprintf(f, "uso: areavasta pcp scheda --db FILE --gara ID --codice"
	           " P1_16|P2_16|S2|A1_29|A2_29|AD3|AD5|SC1|I1|P7_2|P7_1_2\n"
	           "       |CO1 [--lotto N] [--dati FILE.json] [--ausa CODICE]"
	           " [--centro-costo CODICE]\n"
	           "       [--out FILE] [--portale URL]\n\n"
	           "Genera la scheda ANAC (PCP) di una gara della SUA, con"
	           " l'eForm incluso in Base64\n"
	           "quando la scheda lo prevede.  SC1, I1 e CO1 riguardano il"
	           " contratto di un lotto\n"
	           "(--lotto) e leggono le dichiarazioni del RUP da --dati"
	           " (docs/pcp-schede.md).\n");
}

static int
copy_opt(char *dst, size_t n, const char *v, const char *name)
{
	if (strlen(v) >= n) {
		fprintf(stderr, "areavasta: %s troppo lungo\n", name);
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

int
cli_pcp_scheda(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"gara", required_argument, 0, 'g'},
	    {"codice", required_argument, 0, 'c'},
	    {"tipo", required_argument, 0, 'c'},
	    {"lotto", required_argument, 0, 'l'},
	    {"dati", required_argument, 0, 'j'},
	    {"ausa", required_argument, 0, 'a'},
	    {"centro-costo", required_argument, 0, 'k'},
	    {"out", required_argument, 0, 'o'},
	    {"portale", required_argument, 0, 'p'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *out = NULL, *codice = NULL;
	const char *portal = EFORMS_PORTAL_DEFAULT;
	struct pcp_sa_codes sa;
	struct pcp_scheda_opts o;
	json_error_t jerr;
	json_t *dati = NULL;
	struct sbuf sb = SBUF_INIT(PCP_SCHEDA_MAX);
	int64_t gara = 0;
	struct db *db;
	FILE *f;
	int c, rc, ok;

	memset(&sa, 0, sizeof(sa));
	memset(&o, 0, sizeof(o));
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
				json_decref(dati);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			codice = optarg;
			break;
		case 'l':
			if (parse_i64(optarg, strlen(optarg), 1, 100000,
			              &o.lotto) != 0) {
				fprintf(stderr, "areavasta: --lotto vuole il"
				                " numero di un lotto\n");
				json_decref(dati);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			json_decref(dati);
			dati = json_load_file(optarg, JSON_REJECT_DUPLICATES,
			                      &jerr);
			if (dati == NULL || !json_is_object(dati)) {
				fprintf(stderr, "areavasta: --dati %s: %s\n",
				        optarg,
				        dati == NULL ? jerr.text
				                     : "non è un oggetto JSON");
				json_decref(dati);
				return EXIT_USAGE;
			}
			break;
		case 'a':
			if (copy_opt(sa.codice_ausa, sizeof(sa.codice_ausa),
			             optarg, "--ausa") != 0) {
				json_decref(dati);
				return EXIT_USAGE;
			}
			break;
		case 'k':
			if (copy_opt(sa.centro_costo, sizeof(sa.centro_costo),
			             optarg, "--centro-costo") != 0) {
				json_decref(dati);
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
			scheda_usage(stdout);
			json_decref(dati);
			return 0;
		default:
			scheda_usage(stderr);
			json_decref(dati);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || gara == 0 || codice == NULL || optind != argc) {
		scheda_usage(stderr);
		json_decref(dati);
		return EXIT_USAGE;
	}
	if (!cli_db_exists(path) || (db = cli_open_db_readonly(path)) == NULL) {
		json_decref(dati);
		return 1;
	}
	o.dati = dati;
	rc = pcp_scheda_build_opts(db, gara, codice, &sa, &o,
	                           (int64_t)time(NULL), portal, &sb, &err);
	db_close(db);
	json_decref(dati);
	if (rc != AV_OK) {
		fprintf(stderr, "areavasta: %s%s%s%s\n", err.msg,
		        err.field[0] != '\0' ? " (campo " : "", err.field,
		        err.field[0] != '\0' ? ")" : "");
		sbuf_release(&sb);
		return rc == AV_EINVAL ? EXIT_USAGE : 1;
	}
	f = out != NULL ? fopen(out, "wb") : stdout;
	if (f == NULL) {
		perror(out);
		sbuf_release(&sb);
		return 1;
	}
	ok = fwrite(sb.buf, 1, sb.len, f) == sb.len && fputc('\n', f) != EOF;
	ok = (out != NULL ? fclose(f) == 0 : fflush(f) == 0) && ok;
	sbuf_release(&sb);
	if (!ok)
		fprintf(stderr, "areavasta: scrittura non riuscita\n");
	return ok ? 0 : 1;
}
