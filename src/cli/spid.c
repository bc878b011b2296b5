/*
 * spid.c - `areavasta spid config|show`: the SPID/CIE Service Provider's
 * settings (entityID, public URL, key and certificate files, organization,
 * IPA code, contacts, identity providers' metadata files), kept in
 * <data dir>/spid.json and read by `serve` at start (identity/saml.h,
 * docs/spid-cie.md).  config merges the options given into the file and
 * refuses a configuration that would not work (a key readable by others,
 * a missing metadata file); the server must be restarted to use it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/sbuf.h"
#include "identity/saml.h"
#include "identity/saml_idp_fetch.h"

static void
spid_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta spid config --data-dir DIR [OPZIONI]\n"
	        "     areavasta spid show --data-dir DIR\n\n"
	        "Configura l'accesso con SPID e CIE (docs/spid-cie.md); il file"
	        " è DIR/spid.json,\nletto da 'serve' all'avvio (DIR: la"
	        " cartella dati del server, --data-dir).\n"
	        "  --entity-id URL      entityID del Service Provider\n"
	        "  --url URL            indirizzo pubblico (https://host)\n"
	        "  --chiave FILE        chiave privata PEM (permessi 0600)\n"
	        "  --certificato FILE   certificato PEM (profilo Avviso SPID)\n"
	        "  --organizzazione N   nome dell'ente\n"
	        "  --sito URL           sito dell'ente\n"
	        "  --codice-ipa CODICE  codice IPA dell'ente\n"
	        "  --email E            contatto tecnico\n"
	        "  --telefono T         telefono (facoltativo)\n"
	        "  --idp-spid FILE      metadata degli IdP SPID (aggregato)\n"
	        "  --idp-cie FILE       metadata dell'IdP CIE\n");
	fputs("  --cie-comune CODICE  codice catastale della sede (CIE)\n"
	      "  --cie-provincia SIGLA  sigla della provincia (CIE)\n"
	      "  --idp-url URL        registro degli IdP SPID (predefinito:"
	      " AgID)\n"
	      "  --idp-url-cert FILE  certificato che firma il registro\n"
	      "areavasta spid idp aggiorna --data-dir DIR: scarica e verifica"
	      " il registro\n",
	      f);
}

static const struct option opts[] = {
    {"data-dir", required_argument, NULL, 'D'},
    {"entity-id", required_argument, NULL, 'e'},
    {"url", required_argument, NULL, 'u'},
    {"chiave", required_argument, NULL, 'k'},
    {"certificato", required_argument, NULL, 'c'},
    {"organizzazione", required_argument, NULL, 'o'},
    {"sito", required_argument, NULL, 's'},
    {"codice-ipa", required_argument, NULL, 'i'},
    {"email", required_argument, NULL, 'm'},
    {"telefono", required_argument, NULL, 't'},
    {"idp-spid", required_argument, NULL, 'S'},
    {"idp-cie", required_argument, NULL, 'C'},
    {"cie-comune", required_argument, NULL, 1701},
    {"cie-provincia", required_argument, NULL, 1702},
    {"idp-url", required_argument, NULL, 1703},
    {"idp-url-cert", required_argument, NULL, 1704},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int
set(char *dst, size_t cap, const char *v, const char *name)
{
	if (strlen(v) >= cap) {
		fprintf(stderr,
		        "areavasta: --%s troppo lungo (al più %zu"
		        " byte)\n",
		        name, cap - 1);
		return -1;
	}
	str_copy(dst, cap, v);
	return 0;
}

#define SET(m, name) (set(s.m, sizeof(s.m), optarg, name) == 0 ? 0 : (bad = 1))

int
cli_spid(int argc, char **argv)
{
	struct av_err err = AV_ERR_INIT;
	struct saml_settings s;
	const char *dir = NULL;
	int c, found = 0, bad = 0, config;

	if (argc >= 2 && strcmp(argv[1], "idp") == 0)
		return cli_spid_idp(argc - 1, argv + 1);
	if (argc < 2 ||
	    (strcmp(argv[1], "config") != 0 && strcmp(argv[1], "show") != 0)) {
		spid_usage(argc >= 2 && strcmp(argv[1], "--help") == 0
		               ? stdout
		               : stderr);
		return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0
		                                                   : EXIT_USAGE;
	}
	config = strcmp(argv[1], "config") == 0;
	/* First the directory, to merge into what is there. */
	for (c = 2; c + 1 < argc; c++)
		if (strcmp(argv[c], "--data-dir") == 0)
			dir = argv[c + 1];
	if (dir == NULL) {
		spid_usage(stderr);
		return EXIT_USAGE;
	}
	if (saml_settings_read(dir, &s, &found, &err) != AV_OK)
		return cli_report(&err);
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (!config && c != 'D' && c != 'h') {
			spid_usage(stderr);
			return EXIT_USAGE;
		}
		switch (c) {
		case 'D':
			break;
		case 'e':
			SET(entity_id, "entity-id");
			break;
		case 'u':
			SET(base_url, "url");
			break;
		case 'k':
			SET(key_path, "chiave");
			break;
		case 'c':
			SET(cert_path, "certificato");
			break;
		case 'o':
			SET(org_name, "organizzazione");
			break;
		case 's':
			SET(org_url, "sito");
			break;
		case 'i':
			SET(ipa_code, "codice-ipa");
			break;
		case 'm':
			SET(email, "email");
			break;
		case 't':
			SET(phone, "telefono");
			break;
		case 'S':
			SET(idp_spid, "idp-spid");
			break;
		case 'C':
			SET(idp_cie, "idp-cie");
			break;
		case 1701:
			SET(cie_comune, "cie-comune");
			break;
		case 1702:
			SET(cie_prov, "cie-provincia");
			break;
		case 1703:
			SET(idp_url, "idp-url");
			break;
		case 1704:
			SET(idp_cert, "idp-url-cert");
			break;
		case 'h':
			spid_usage(stdout);
			return 0;
		default:
			spid_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (bad || optind != argc - 1)
		return bad ? 1 : (spid_usage(stderr), EXIT_USAGE);
	{
		size_t n = strlen(s.base_url);

		while (n > 0 && s.base_url[n - 1] == '/')
			s.base_url[--n] = '\0';
	}
	if (config) {
		if (saml_settings_check(&s, &err) != AV_OK ||
		    saml_settings_write(dir, &s, &err) != AV_OK)
			return cli_report(&err);
		printf("configurazione SPID/CIE salvata in %s/spid.json:"
		       " riavviare il server\n",
		       dir);
		return 0;
	}
	if (!found) {
		printf("SPID/CIE non configurati (%s/spid.json assente)\n",
		       dir);
		return 0;
	}
	printf("entity_id       %s\nurl             %s\nchiave          %s\n"
	       "certificato     %s\norganizzazione  %s\nsito            %s\n"
	       "codice_ipa      %s\nemail           %s\ntelefono        %s\n"
	       "idp_spid        %s\nidp_cie         %s\n"
	       "cie_comune      %s\ncie_provincia   %s\n"
	       "idp_url         %s\nidp_url_cert    %s\n",
	       s.entity_id, s.base_url, s.key_path, s.cert_path, s.org_name,
	       s.org_url, s.ipa_code, s.email, s.phone, s.idp_spid, s.idp_cie,
	       s.cie_comune, s.cie_prov, saml_idp_url(&s), s.idp_cert);
	return 0;
}
