/*
 * spid_idp.c - `areavasta spid idp aggiorna --data-dir DIR`: AgID's
 * metadata of the SPID identity providers downloaded from the registry
 * URL of DIR/spid.json (idp_url, AgID's by default), its signature
 * checked against the registry's certificate (idp_url_cert) and, only if
 * good, written over the SPID metadata file (idp_spid).  A running server
 * takes it at its next periodic refresh or restart.  Exit 0 and the
 * number of IdPs, or 1 with the reason and the file untouched.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "identity/saml.h"
#include "identity/saml_idp_fetch.h"

int
cli_spid_idp(int argc, char **argv)
{
	struct av_err err = AV_ERR_INIT;
	struct saml_settings s;
	struct saml_idp_refresh res;
	int found = 0;

	if (argc != 4 || strcmp(argv[1], "aggiorna") != 0 ||
	    strcmp(argv[2], "--data-dir") != 0) {
		fprintf(stderr, "uso: areavasta spid idp aggiorna --data-dir"
		                " DIR\n");
		return EXIT_USAGE;
	}
	if (saml_settings_read(argv[3], &s, &found, &err) != AV_OK)
		return cli_report(&err);
	if (!found) {
		fprintf(stderr,
		        "areavasta: SPID non configurato (%s/spid.json"
		        " assente)\n",
		        argv[3]);
		return 1;
	}
	if (saml_idp_init(&err) != AV_OK ||
	    saml_idp_refresh_file(&s, time(NULL), &res, &err) != AV_OK)
		return cli_report(&err);
	printf("%d identity provider da %s (%zu byte), firma verificata:"
	       " scritti in %s\n",
	       res.n_idp, saml_idp_url(&s), res.bytes, s.idp_spid);
	return 0;
}
