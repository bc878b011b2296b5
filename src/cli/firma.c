/*
 * firma.c - `areavasta firma verifica FILE [--tsl FILE | --db DB]
 * [--data AAAA-MM-GG] [--termine ISTANTE] [--staccato FILE] [--estrai OUT]`
 * prints the verification of a signed file as JSON (modules/firma,
 * docs/firma.md); `areavasta firma tsl FILE --db DB` stores the trusted
 * list the installation uses.  Exit 0 when the file is signed and every
 * signature is valid, 1 otherwise (the JSON says why), 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/firma_tsl.h"
#include "core/file.h"
#include "core/legal_time.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/firma/firma.h"
#include "modules/firma/firma_store.h"

static const char usage_firma[] =
    "uso: areavasta firma verifica FILE [--tsl FILE | --db DB]\n"
    "         [--data AAAA-MM-GG] [--termine ISTANTE] [--staccato FILE]\n"
    "         [--estrai OUT] [--senza-ocsp]\n"
    "     areavasta firma tsl FILE --db DB\n"
    "     areavasta firma tsl fonte|aggiorna ... (vedi firma tsl fonte "
    "--help)\n"
    "  verifica    verifica le firme (CAdES .p7m, anche annidate, o PDF\n"
    "              PAdES) e stampa il risultato in JSON\n"
    "  --tsl       elenco di fiducia (ETSI TS 119 612, XML) da usare\n"
    "  --db        usa l'elenco di fiducia caricato nell'installazione\n"
    "  --data      data di riferimento per la validità dei certificati\n"
    "              (fine della giornata, ora italiana; di norma: ora)\n"
    "  --termine   termine: una firma con ora successiva non è valida\n"
    "              (gg/mm/aaaa hh:mm o aaaa-mm-ggThh:mm, ora italiana)\n"
    "  --staccato  il file firmato, per una firma staccata\n"
    "  --estrai    scrive qui il contenuto firmato (mai aperto né eseguito)\n"
    "  --senza-ocsp  non interroga il servizio OCSP del certificato (di\n"
    "              norma interrogato, per i soli certificati attendibili)\n"
    "  tsl         carica l'elenco di fiducia nella base dati\n"
    "Esce con 0 se il file è firmato e tutte le firme sono valide, 1\n"
    "altrimenti.\n";

static int
usage_error(const char *msg)
{
	fprintf(stderr, "areavasta firma: %s\n%s", msg, usage_firma);
	return EXIT_USAGE;
}

static int
load_tsl_file(const char *path, struct firma_trust **t)
{
	struct sbuf sb;
	struct av_err err = AV_ERR_INIT;
	int rc;

	sbuf_init(&sb, FIRMA_TSL_MAX);
	rc = file_read_all(path, &sb, &err);
	if (rc == AV_OK)
		rc = firma_trust_parse(sb.buf, sb.len, t, &err);
	sbuf_release(&sb);
	return rc == AV_OK ? 0 : cli_report(&err);
}

static int
load_tsl_db(const char *target, struct firma_trust **t)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = cli_open_db_readonly(target);
	int rc;

	if (!db)
		return 1;
	rc = firma_store_trust(db, t, &err);
	db_close(db);
	if (rc == AV_ENOTFOUND) {
		*t = NULL; /* no list loaded: nobody is trusted, and it says so
		            */
		return 0;
	}
	return rc == AV_OK ? 0 : cli_report(&err);
}

static int
verifica(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"tsl", required_argument, 0, 't'},
	    {"db", required_argument, 0, 'd'},
	    {"data", required_argument, 0, 'D'},
	    {"termine", required_argument, 0, 'T'},
	    {"staccato", required_argument, 0, 's'},
	    {"estrai", required_argument, 0, 'e'},
	    {"senza-ocsp", no_argument, 0, 'n'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	const char *tsl = NULL, *dbt = NULL, *data = NULL, *termine = NULL;
	struct firma_opts o = {0};
	struct firma_trust *trust = NULL;
	struct firma_summary s;
	struct av_err err = AV_ERR_INIT;
	struct sbuf out, pretty = SBUF_INIT(4 * FIRMA_JSON_MAX);
	int64_t t;
	int c, rc;

	o.ocsp = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			tsl = optarg;
			break;
		case 'd':
			dbt = optarg;
			break;
		case 'D':
			data = optarg;
			break;
		case 'T':
			termine = optarg;
			break;
		case 's':
			o.detached = optarg;
			break;
		case 'e':
			o.estrai = optarg;
			break;
		case 'n':
			o.ocsp = 0;
			break;
		case 'h':
			fputs(usage_firma, stdout);
			return 0;
		default:
			return usage_error("opzione non valida");
		}
	}
	if (optind != argc - 1)
		return usage_error("serve il file da verificare");
	if (tsl && dbt)
		return usage_error("--tsl e --db sono alternativi");
	if (data) {
		struct lt_date d;

		if (lt_parse_date(data, strlen(data), &d, "data", &err) !=
		        AV_OK ||
		    lt_day_end(d, &t, &err) != AV_OK)
			return cli_report(&err);
		o.data = (time_t)t;
	}
	if (termine) {
		if (lt_parse_datetime(termine, strlen(termine), &t, NULL,
		                      "termine", &err) != AV_OK)
			return cli_report(&err);
		o.termine = (time_t)t;
	}
	if (tsl && load_tsl_file(tsl, &trust) != 0)
		return 1;
	if (dbt && load_tsl_db(dbt, &trust) != 0)
		return 1;
	o.trust = trust;
	sbuf_init(&out, FIRMA_JSON_MAX);
	rc = firma_verifica_file(argv[optind], &o, &out, &s, &err);
	firma_trust_free(trust);
	if (rc != AV_OK) {
		sbuf_release(&out);
		return cli_report(&err);
	}
	jw_indent(&pretty, out.buf, out.len, 2);
	rc = sbuf_err(&pretty) ? 1 : 0;
	if (rc == 0)
		puts(pretty.buf);
	sbuf_release(&pretty);
	sbuf_release(&out);
	if (rc != 0)
		return 1;
	return s.firmato && s.valida ? 0 : 1;
}

static int
tsl_load(int argc, char **argv)
{
	const char *dbt;
	struct av_err err = AV_ERR_INIT;
	struct firma_store_tsl info;
	struct sbuf sb;
	struct db *db;
	int rc;

	rc = firma_tsl_db_args(argc, argv, 1, usage_firma, usage_error,
	                       "servono il file dell'elenco e --db", &dbt);
	if (rc >= 0)
		return rc;
	sbuf_init(&sb, FIRMA_TSL_MAX);
	if (file_read_all(argv[optind], &sb, &err) != AV_OK) {
		sbuf_release(&sb);
		return cli_report(&err);
	}
	db = cli_open_db(dbt, 0);
	if (!db) {
		sbuf_release(&sb);
		return 1;
	}
	rc = firma_store_tsl_set(db, 0, "file", argv[optind], sb.buf, sb.len,
	                         &info, &err);
	db_close(db);
	sbuf_release(&sb);
	if (rc != AV_OK)
		return cli_report(&err);
	firma_tsl_print("caricato", &info);
	return 0;
}

int
cli_firma(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verifica") == 0)
		return verifica(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "tsl") == 0) {
		int handled,
		    rc = cli_firma_tsl_sub(argc - 1, argv + 1, &handled);

		return handled ? rc : tsl_load(argc - 1, argv + 1);
	}
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage_firma, stdout);
		return 0;
	}
	return usage_error("sottocomando: verifica | tsl");
}
