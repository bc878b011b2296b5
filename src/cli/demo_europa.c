/*
 * demo_europa.c - the EU desk's part of `areavasta demo`: the population
 * history (the demo's ISTAT file, "Popolazione legale 2011 (09/10/2011)",
 * kept with that date) and the adjacency of the Comuni from the boundary
 * files the UI ships, so that eligibility and groupings answer on the
 * demo database.  After the calls are imported (demo_bandi), a few of them
 * get the desk's requisiti (demo_europa_requisiti), so that the demo
 * Comune sees the calls it may apply to with reasons and the demo EU desk
 * sees eligibility and groupings for the demo Province
 * (docs/europa.md "Demo").
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "modules/europa/adiacenza.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/requisiti.h"
#include "identity/identity.h"

#define DEMO_GEO_DIR "web/src/static/geo/comuni"

int
demo_europa(struct db *db, const char *pop_file, struct av_err *err)
{
	const char *dirs[] = {DEMO_GEO_DIR};
	struct pop_summary s;
	size_t pairs = 0, files = 0;

	if (europa_popolazione_import(db, pop_file, NULL, 0, NULL, &s, err) !=
	    AV_OK)
		return err->code;
	if (access(DEMO_GEO_DIR, R_OK) != 0) {
		printf("demo: confini dei Comuni non trovati (%s): nessuna"
		       " adiacenza per le aggregazioni\n",
		       DEMO_GEO_DIR);
		return AV_OK;
	}
	if (europa_adiacenza_import(db, dirs, 1, 0, &pairs, &files, err) !=
	    AV_OK)
		return err->code;
	printf("demo: popolazione di %zu Comuni al %s; %zu coppie di Comuni"
	       " confinanti\n",
	       s.rows, s.data, pairs);
	return AV_OK;
}

/* The demo calls that get requisiti: (fonte, chiave_fonte, requisiti). */
static const struct {
	const char *fonte, *chiave, *requisiti;
} demo_req[] = {
    /* A regional call for small Comuni of another region: the demo
       Province's Comuni are refused with the region and the limit. */
    {"REGION", "ESEMPIO-LOM-2027-01",
     "{\"tipi_ente\":[\"comune\",\"unione\"],\"regioni\":[\"03\"],"
     "\"popolazione_max\":5000,\"verifiche_manuali\":[\"Edificio pubblico"
     " di proprietà comunale con diagnosi energetica\"]}"},
    /* The demo region's call: open to its Comuni and Unioni. */
    {"REGION", "ESEMPIO-VEN-2027-02",
     "{\"tipi_ente\":[\"comune\",\"unione\"],\"regioni\":[\"05\"],"
     "\"categoria_regione\":[\"piu_sviluppate\"]}"},
    /* A national call for Comuni under 5,000 inhabitants, in forma
       associata reaching 15,000: the groupings of the demo Province. */
    {"NATIONAL", "ESEMPIO-MIN-2027-03",
     "{\"tipi_ente\":[\"comune\"],\"popolazione_max\":4999,"
     "\"popolazione_aggregata_min\":15000,\"verifiche_manuali\":"
     "[\"Domanda in forma associata (convenzione o Unione di Comuni)\"]}"},
    /* A Horizon Europe topic for territorial entities: a consortium of
       three partners from three countries, to verify on the proposal. */
    {"SEDIA", "HORIZON-CL3-2024-INFRA-01-02",
     "{\"tipi_ente\":[\"comune\",\"provincia\",\"citta_metropolitana\","
     "\"regione\",\"ente_pubblico\",\"universita\",\"impresa\","
     "\"associazione\"],\"partner_min\":3,\"paesi_min\":3,"
     "\"verifiche_manuali\":[\"Ruolo del Comune nel consorzio (utente"
     " finale o sito pilota) da concordare con il capofila\"]}"},
};

int
demo_europa_requisiti(struct db *db, struct av_err *err)
{
	struct user_row desk;
	int found = 0;
	size_t i, n = 0;

	/* Written as the demo EU desk, audited like the desk's own PUT. */
	if (user_find_email(db, "europa@demo.areavasta.example", &desk, &found,
	                    err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL,
		               "utente demo del Servizio Europa non trovato");
	for (i = 0; i < sizeof(demo_req) / sizeof(demo_req[0]); i++) {
		json_error_t je;
		json_t *body;
		int64_t id;
		int rc;

		if (europa_bando_by_key(db, demo_req[i].fonte,
		                        demo_req[i].chiave, &id, &found,
		                        err) != AV_OK)
			return err->code;
		if (!found) {
			printf("demo: bando %s non presente, requisiti non"
			       " indicati\n",
			       demo_req[i].chiave);
			continue;
		}
		body = json_loads(demo_req[i].requisiti, 0, &je);
		if (body == NULL)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "requisiti demo illeggibili: %s",
			               je.text);
		rc = europa_requisiti_put(db, desk.id, id, body, err);
		json_decref(body);
		if (rc != AV_OK)
			return rc;
		n++;
	}
	printf("demo: requisiti indicati per %zu bandi (Servizio Europa)\n", n);
	return AV_OK;
}
