/*
 * pcp.c - `areavasta pcp`: a Province's PDND/PCP configuration per
 * environment (config show|set), the PDND connectivity check (check) and,
 * for diagnosis and the tests, one ANAC tracking JWS with its voucher
 * digest (tracking).  The use cases are in modules/pcp; this file reads
 * argv and prints.  docs/pcp.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "db/db.h"
#include "core/xmalloc.h"
#include "json/jw.h"
#include "modules/pcp/jose.h"
#include "modules/pcp/pcp_check.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/pdnd.h"
#include "modules/pcp/tracking.h"

#define PCP_CLI_MAX (256 * 1024)

static void
pcp_usage(FILE *f)
{
	fprintf(
	    f,
	    "uso: areavasta pcp config show --db DB --ente provincia:NNN\n"
	    "     areavasta pcp config set --db DB --ente provincia:NNN"
	    " --ambiente AMB\n"
	    "         [--client-id UUID] [--kid KID] [--chiave FILE]\n"
	    "         [--token-url URL] [--audience AUD] [--sa-cf CF]"
	    " [--sa-ausa CODICE]\n"
	    "         [--piattaforma CODICE] [--componente CODICE]"
	    " [--centro-costo CODICE]\n"
	    "         [--eservice NOME=PURPOSEID,URL | NOME=]...\n"
	    "     areavasta pcp check --db DB --ente provincia:NNN"
	    " --ambiente AMB [--eservice NOME]\n"
	    "     areavasta pcp tracking --db DB --ente provincia:NNN"
	    " --ambiente AMB --eservice NOME\n"
	    "         --cf CF --ruolo RP|DRP --loa 3|4 --idp SPID|CIE"
	    " [--id-appalto UUID] [--voucher]\n"
	    "     areavasta pcp eforms|scheda ...   (--help per ciascuno)\n\n"
	    "AMB: collaudo, attestazione o esercizio.  La chiave privata"
	    " resta in un file\n"
	    "(permessi 0600) fuori dalla base dati: si registra solo il"
	    " percorso.\n"
	    "check chiede un voucher a PDND e dice se il collegamento"
	    " funziona.\n"
	    "tracking stampa un JWS di tracciamento ANAC e il suo digest"
	    " (con --voucher\n"
	    "chiede anche il voucher legato a quel JWS).\n");
}

/* "provincia:NNN" */
static int
ente_ok(const char *e)
{
	return e != NULL && strlen(e) == 13 &&
	       strncmp(e, "provincia:", 10) == 0 && e[10] >= '0' &&
	       e[10] <= '9' && e[11] >= '0' && e[11] <= '9' && e[12] >= '0' &&
	       e[12] <= '9';
}

/* Prints the one JSON value of out and releases it. */
static int
print_and_release(struct jw *w, struct sbuf *out)
{
	int rc = cli_print_jw(w, 2);

	sbuf_release(out);
	return rc;
}

static int
cmd_show(struct db *db, const char *ente)
{
	struct sbuf out = SBUF_INIT(PCP_CLI_MAX);
	struct av_err err = AV_ERR_INIT;
	struct jw w;

	jw_init(&w, &out);
	if (pcp_config_write(&w, db, ente, &err) != AV_OK) {
		sbuf_release(&out);
		return cli_report(&err);
	}
	return print_and_release(&w, &out);
}

/* "NOME=PURPOSE,URL" or "NOME=" into in's next e-service (argv borrowed,
   modified in place). */
static int
parse_eservice(char *arg, struct pcp_config_in *in)
{
	char *eq = strchr(arg, '='), *comma;
	int i = in->neservices;

	if (eq == NULL || i >= PCP_ESERVICES_MAX)
		return -1;
	*eq = '\0';
	in->eservices[i].name = arg;
	in->eservices[i].purpose_id = eq + 1;
	comma = strchr(eq + 1, ',');
	if (comma != NULL) {
		*comma = '\0';
		in->eservices[i].url = comma + 1;
	}
	in->neservices++;
	return 0;
}

static int
cmd_set(struct db *db, const char *ente, const char *ambiente,
        const struct pcp_config_in *in)
{
	struct av_err err = AV_ERR_INIT;

	if (pcp_config_set(db, "system", ente, ambiente, in, &err) != AV_OK)
		return cli_report(&err);
	return cmd_show(db, ente);
}

static int
cmd_check(struct db *db, const char *ente, const char *ambiente,
          const char *eservice)
{
	struct sbuf out = SBUF_INIT(PCP_CLI_MAX);
	struct av_err err = AV_ERR_INIT;
	json_t *j;
	struct jw w;
	int ok;

	jw_init(&w, &out);
	if (pcp_check(db, ente, ambiente, eservice, &w, &ok, &err) != AV_OK) {
		sbuf_release(&out);
		return cli_report(&err);
	}
	j = json_loadb(out.buf, out.len, 0, NULL);
	printf("verifica PDND (%s): %s\n", ambiente,
	       json_string_value(json_object_get(j, "messaggio")));
	if (ok)
		printf("voucher valido fino a %s (UTC)%s\n",
		       json_string_value(json_object_get(j, "scadenza")),
		       json_is_true(json_object_get(j, "dalla_cache"))
		           ? ", già in memoria"
		           : "");
	json_decref(j);
	sbuf_release(&out);
	return ok ? 0 : 1;
}

struct tracking_args {
	const char *eservice, *id_appalto;
	struct pcp_actor actor;
	int voucher;
};

static int
cmd_tracking(struct db *db, const char *ente, const char *ambiente,
             const struct tracking_args *t)
{
	struct pcp_config *cfg = xcalloc(1, sizeof(*cfg));
	struct pdnd_voucher *v = xcalloc(1, sizeof(*v));
	struct sbuf jws = SBUF_INIT(JOSE_JWS_MAX), out = SBUF_INIT(65536);
	struct pcp_trace trace = {t->id_appalto, NULL, "", ""};
	struct av_err err = AV_ERR_INIT;
	char digest[JOSE_SHA256_HEX + 1];
	const struct pcp_eservice *es;
	struct jw w;
	int found, rc = 1;

	if (pcp_config_get(db, ente, ambiente, cfg, &found, &err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(&err, AV_ENOTFOUND, "ambiente",
		        "L'ambiente %s non è configurato per questo ente.",
		        ambiente);
		goto fail;
	}
	if (pcp_tracking_jws(cfg, t->eservice, &t->actor, &trace,
	                     (int64_t)time(NULL), &jws, &err) != AV_OK)
		goto fail;
	jose_sha256_hex(jws.buf, jws.len, digest);
	es = pcp_config_eservice(cfg, t->eservice);
	if (t->voucher &&
	    pdnd_voucher_get(cfg, es->purpose_id, digest, v, &err) != AV_OK)
		goto fail;
	jw_init(&w, &out);
	jw_obj(&w);
	jw_kstr(&w, "jws", jws.buf);
	jw_kstr(&w, "digest", digest);
	jw_kstr(&w, "trace_id", trace.trace_id);
	jw_kstr(&w, "jti", trace.jti);
	if (t->voucher) {
		jw_kbool(&w, "voucher_ottenuto", 1);
		jw_ki64(&w, "voucher_scadenza", v->exp);
	}
	jw_obj_end(&w);
	rc = cli_print_jw(&w, 2);
	goto out;
fail:
	rc = cli_report(&err);
out:
	sbuf_release(&jws);
	sbuf_release(&out);
	free(cfg);
	free(v);
	return rc;
}

int
cli_pcp(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"ente", required_argument, 0, 'e'},
	    {"ambiente", required_argument, 0, 'a'},
	    {"client-id", required_argument, 0, 'c'},
	    {"kid", required_argument, 0, 'k'},
	    {"chiave", required_argument, 0, 'K'},
	    {"token-url", required_argument, 0, 't'},
	    {"audience", required_argument, 0, 'A'},
	    {"sa-cf", required_argument, 0, 'f'},
	    {"sa-ausa", required_argument, 0, 'u'},
	    {"piattaforma", required_argument, 0, 'p'},
	    {"componente", required_argument, 0, 'm'},
	    {"eservice", required_argument, 0, 's'},
	    {"centro-costo", required_argument, 0, 'C'},
	    {"cf", required_argument, 0, 'F'},
	    {"ruolo", required_argument, 0, 'r'},
	    {"loa", required_argument, 0, 'l'},
	    {"idp", required_argument, 0, 'i'},
	    {"id-appalto", required_argument, 0, 'I'},
	    {"voucher", no_argument, 0, 'V'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct pcp_config_in in;
	struct tracking_args t;
	const char *path = NULL, *ente = NULL, *ambiente = NULL, *cmd, *sub;
	struct db *db;
	int c, rc, shift;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		pcp_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	cmd = argv[1];
	/* The notices and schede (src/cli/pcp_eforms.c) share the command. */
	if (strcmp(cmd, "eforms") == 0 || strcmp(cmd, "scheda") == 0)
		return cli_pcp_eforms_main(argc, argv);
	if (strcmp(cmd, "ciclo") == 0)
		return cli_pcp_ciclo(argc, argv);
	sub = strcmp(cmd, "config") == 0 && argc > 2 ? argv[2] : "";
	shift = strcmp(cmd, "config") == 0 ? 2 : 1;
	memset(&in, 0, sizeof(in));
	memset(&t, 0, sizeof(t));
	optind = 1;
	while ((c = getopt_long(argc - shift, argv + shift, "", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'e':
			ente = optarg;
			break;
		case 'a':
			ambiente = optarg;
			break;
		case 'c':
			in.client_id = optarg;
			break;
		case 'k':
			in.kid = optarg;
			break;
		case 'K':
			in.key_file = optarg;
			break;
		case 't':
			in.token_url = optarg;
			break;
		case 'A':
			in.audience = optarg;
			break;
		case 'f':
			in.sa_codice_fiscale = optarg;
			break;
		case 'u':
			in.sa_codice_ausa = optarg;
			break;
		case 'p':
			in.reg_codice_piattaforma = optarg;
			break;
		case 'm':
			in.reg_codice_componente = optarg;
			break;
		case 'C':
			in.sa_centro_costo = optarg;
			break;
		case 's':
			t.eservice = optarg;
			if (strcmp(sub, "set") == 0 &&
			    parse_eservice(optarg, &in) != 0) {
				fprintf(stderr, "areavasta: --eservice vuole "
				                "NOME=PURPOSEID,URL o NOME=\n");
				return EXIT_USAGE;
			}
			break;
		case 'F':
			str_copy(t.actor.codice_fiscale,
			         sizeof(t.actor.codice_fiscale), optarg);
			break;
		case 'r':
			str_copy(t.actor.role, sizeof(t.actor.role), optarg);
			break;
		case 'l':
			str_copy(t.actor.loa, sizeof(t.actor.loa), optarg);
			break;
		case 'i':
			str_copy(t.actor.idp_type, sizeof(t.actor.idp_type),
			         optarg);
			break;
		case 'I':
			t.id_appalto = optarg;
			break;
		case 'V':
			t.voucher = 1;
			break;
		case 'h':
			pcp_usage(stdout);
			return 0;
		default:
			pcp_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || !ente_ok(ente) || optind != argc - shift) {
		if (ente != NULL && !ente_ok(ente))
			fprintf(stderr, "areavasta: --ente vuole "
			                "provincia:NNN (codice ISTAT)\n");
		pcp_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "config") == 0 && strcmp(sub, "show") == 0) {
		db = cli_open_db_readonly(path);
		if (db == NULL)
			return 1;
		rc = cmd_show(db, ente);
		db_close(db);
		return rc;
	}
	if (ambiente == NULL ||
	    (strcmp(cmd, "tracking") == 0 && t.eservice == NULL) ||
	    (strcmp(cmd, "config") == 0 && strcmp(sub, "set") != 0) ||
	    (strcmp(cmd, "config") != 0 && strcmp(cmd, "check") != 0 &&
	     strcmp(cmd, "tracking") != 0)) {
		pcp_usage(stderr);
		return EXIT_USAGE;
	}
	db = strcmp(cmd, "config") == 0 ? cli_open_db(path, 0)
	                                : cli_open_db_readonly(path);
	if (db == NULL)
		return 1;
	if (strcmp(cmd, "config") == 0)
		rc = cmd_set(db, ente, ambiente, &in);
	else if (strcmp(cmd, "check") == 0)
		rc = cmd_check(db, ente, ambiente, t.eservice);
	else
		rc = cmd_tracking(db, ente, ambiente, &t);
	db_close(db);
	return rc;
}
