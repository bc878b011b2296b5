/*
 * percorsi_test.c - the paths of the PCP lifecycle (percorsi.h): the
 * opening scheda of each kind of procedure, the base steps of each path,
 * and the day the EU threshold is judged on, at the change of thresholds
 * on 1 January 2026 (law_tables: services of a sub-central authority
 * 221,000.00 euro until 2025-12-31, 216,000.00 from 2026-01-01) where the
 * Rome day and the UTC day differ; and ANAC's error codes (errori_anac.h).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/pcp/errori_anac.h"
#include "modules/pcp/percorsi.h"

/* 2025-12-31 23:30 in Rome (CET, +01:00) = 22:30 UTC */
#define T_2025_12_31_2330_ROME 1767220200
/* 2026-01-01 00:30 in Rome = 2025-12-31 23:30 UTC: still 2025 in UTC */
#define T_2026_01_01_0030_ROME 1767223800

Test(pcp_percorsi, opening_scheda_per_procedure)
{
	const char *why = NULL;

	cr_assert_str_eq(pcp_scheda_apertura("aperta", 1, 1, &why), "P1_16");
	cr_assert_str_eq(pcp_scheda_apertura("aperta", 0, 1, &why), "P2_16");
	cr_assert_str_eq(
	    pcp_scheda_apertura("affidamento_diretto", 0, 500000, &why), "AD3");
	cr_assert_str_eq(
	    pcp_scheda_apertura("affidamento_diretto", 0, 499999, &why), "AD5");
	cr_assert_null(pcp_scheda_apertura("sconosciuta", 0, 1, &why));
	cr_assert_not_null(why);
}

Test(pcp_percorsi, base_steps_of_each_path)
{
	cr_assert(pcp_passo_previsto("P1_16", "pubblica_avviso"));
	cr_assert(pcp_passo_previsto("P2_16", "stato_avviso"));
	cr_assert_not(pcp_passo_previsto("AD3", "pubblica_avviso"));
	cr_assert_not(pcp_passo_previsto("AD5", "stato_avviso"));
	cr_assert(pcp_passo_previsto("AD5", "recupera_cig"));
	cr_assert(pcp_passo_previsto("AD3", "crea_appalto"));
	cr_assert(pcp_passo_previsto(NULL, "pubblica_avviso"));
	cr_assert(pcp_percorso_chiuso("AD5"));
	cr_assert_not(pcp_percorso_chiuso("AD3"));
	cr_assert_not(pcp_percorso_chiuso("P2_16"));
	cr_assert_not(pcp_percorso_chiuso(NULL));
}

Test(pcp_percorsi, threshold_day_is_the_rome_publication_day)
{
	struct av_err err = AV_ERR_INIT;
	char day[11];
	int eu = -1;

	cr_assert_eq(pcp_giorno_soglia(T_2026_01_01_0030_ROME, 0, day, &err),
	             AV_OK);
	cr_assert_str_eq(day, "2026-01-01");
	cr_assert_eq(pcp_giorno_soglia(T_2025_12_31_2330_ROME, 0, day, &err),
	             AV_OK);
	cr_assert_str_eq(day, "2025-12-31");
	/* not published yet: today's Rome day */
	cr_assert_eq(pcp_giorno_soglia(-1, T_2026_01_01_0030_ROME, day, &err),
	             AV_OK);
	cr_assert_str_eq(day, "2026-01-01");
	/* 218,000.00 euro of services: national on 31 December, EU on 1
	   January, though both instants are 31 December in UTC */
	cr_assert_eq(pcp_gara_eu("servizi", 21800000, T_2025_12_31_2330_ROME, 0,
	                         &eu, &err),
	             AV_OK);
	cr_assert_eq(eu, 0);
	cr_assert_eq(pcp_gara_eu("servizi", 21800000, T_2026_01_01_0030_ROME, 0,
	                         &eu, &err),
	             AV_OK);
	cr_assert_eq(eu, 1);
	/* the publication day wins over today's */
	cr_assert_eq(pcp_gara_eu("servizi", 21800000, T_2025_12_31_2330_ROME,
	                         T_2026_01_01_0030_ROME, &eu, &err),
	             AV_OK);
	cr_assert_eq(eu, 0);
	/* exactly at the threshold: EU */
	cr_assert_eq(pcp_gara_eu("forniture", 21600000, T_2026_01_01_0030_ROME,
	                         0, &eu, &err),
	             AV_OK);
	cr_assert_eq(eu, 1);
	/* no threshold known (1999): refused, field importo */
	cr_assert_eq(pcp_gara_eu("lavori", 1, 915148800, 0, &eu, &err),
	             AV_EUNPROC);
	cr_assert_str_eq(err.field, "importo");
}

Test(pcp_errori, every_code_found_and_sorted)
{
	size_t i;

	cr_assert_eq(pcp_errori_anac_count, 423);
	for (i = 0; i < pcp_errori_anac_count; i++) {
		if (i > 0)
			cr_assert_lt(strcmp(pcp_errori_anac[i - 1].codice,
			                    pcp_errori_anac[i].codice),
			             0);
		cr_assert_eq(pcp_errore_anac(pcp_errori_anac[i].codice),
		             &pcp_errori_anac[i]);
	}
	cr_assert_null(pcp_errore_anac("ERR424242"));
	cr_assert_null(pcp_errore_anac(""));
	cr_assert_null(pcp_errore_anac(NULL));
}

Test(pcp_errori, advice_per_code)
{
	char out[1024];

	cr_assert_str_eq(pcp_errore_anac("ERR26")->descrizione,
	                 "idAppalto obbligatorio");
	cr_assert_eq(pcp_errore_anac("REG18")->consiglio, PCP_CONSIGLIO_DATO);
	cr_assert_eq(pcp_errore_anac("SEC11")->consiglio,
	             PCP_CONSIGLIO_AUTORIZZAZIONE);
	cr_assert_eq(pcp_errore_anac("ERR2")->consiglio, PCP_CONSIGLIO_STATO);
	cr_assert_eq(pcp_errore_anac("ERR46")->consiglio, PCP_CONSIGLIO_TED);
	cr_assert_eq(pcp_errore_anac("TED_NOT_PUBLISHED")->consiglio,
	             PCP_CONSIGLIO_TED);
	cr_assert_eq(pcp_errore_anac("FVX23")->consiglio,
	             PCP_CONSIGLIO_SERVIZIO);
	cr_assert_eq(pcp_errore_anac("FVX01")->consiglio,
	             PCP_CONSIGLIO_FASCICOLO);
	pcp_errore_spiega("ERR26", out, sizeof(out));
	cr_assert_str_eq(out, "ANAC ERR26: «idAppalto obbligatorio». "
	                      "Correggere nella gara il dato indicato da "
	                      "ANAC e riprovare.");
	/* a code not in ANAC's list: the family's advice */
	pcp_errore_spiega("SEC999", out, sizeof(out));
	cr_assert(strstr(out, "AUSA") != NULL);
	/* cut short on a character boundary: "«" is two bytes */
	pcp_errore_spiega("ERR26", out, 14);
	cr_assert_str_eq(out, "ANAC ERR26: ");
}
