/*
 * idp_prova.c - `areavasta idp-prova --data-dir DIR --url URL`: makes the
 * files of the IdP di prova (identity/test_idp.h) in DIR/idp-prova/: its
 * key, its certificate and the two metadata (SPID and CIE) that `spid
 * config --idp-spid/--idp-cie` then trusts.  Only for an SP on this
 * machine (demo and tests); `serve --idp-di-prova` serves it.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "identity/test_idp.h"

static void
idp_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta idp-prova --data-dir DIR --url URL\n\n"
	        "Crea l'IdP SPID/CIE di prova (solo demo e test, mai in"
	        " produzione) in DIR/" TEST_IDP_DIR "/:\nchiave, certificato,"
	        " metadata spid.xml e cie.xml da indicare a 'spid config'\n"
	        "(--idp-spid, --idp-cie). URL: l'indirizzo del server,"
	        " su questo computer\n(http://127.0.0.1:PORTA). Poi 'serve"
	        " --idp-di-prova'. Vedi docs/spid-cie.md.\n");
}

int
cli_idp_prova(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"data-dir", required_argument, NULL, 'D'},
	    {"url", required_argument, NULL, 'u'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct av_err err = AV_ERR_INIT;
	const char *dir = NULL, *url = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			dir = optarg;
			break;
		case 'u':
			url = optarg;
			break;
		case 'h':
			idp_usage(stdout);
			return 0;
		default:
			idp_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (dir == NULL || url == NULL || optind != argc) {
		idp_usage(stderr);
		return EXIT_USAGE;
	}
	if (test_idp_init(dir, url, &err) != AV_OK)
		return cli_report(&err);
	printf("IdP di prova creato in %s/" TEST_IDP_DIR "/ (spid.xml,"
	       " cie.xml): NON usarlo in produzione.\n",
	       dir);
	return 0;
}
