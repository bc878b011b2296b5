/*
 * schede_affidamento.c - ANAC's schede AD3 (direct award from 5,000
 * euro) and AD5 (below 5,000 euro, everything at once) of a SUA tender
 * whose procedure is affidamento_diretto (art. 50 c.1 d.lgs. 36/2023).
 * One "aggiudicazione" per awarded lot, from the tender's own rows:
 *   lotIdentifier             LOT-nnnn, as everywhere else
 *   codIstat                  the beneficiary Comune (schede_int.h)
 *   datiBase                  the lot's nature (eForms code) and object
 *   datiBaseCPV               the lot's CPV, 8 digits
 *   datiBaseContratto.codNUTS the Province's NUTS 3
 *   datiBaseDocumenti.url     the tender's page on the portal
 *   partecipanti[]            the awardee: partita IVA, name, the same
 *                             idPartecipante as S2/SC1, and the amount:
 *                             the contract's once signed, else the
 *                             awarded offer's (schede_int.h)
 * AD3 adds the procedure's fixed terms (ordinary sector, no framework, no
 * defence contract, no urgency) and the award instant; its ccnl, PNRR
 * flag, the operator's legal form and avvalimento, and the SOA category
 * of works are the RUP's: documented gaps (docs/pcp-schede.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json/jw.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/pcp/schede_scelta.h"
#include "modules/sua/gara_view.h"

/* The amount awarded to the lot's winner, in cents. */
static int
awarded_cents(const struct sua_view_lotto *l, const struct sua_view_esito *e,
              size_t i, int64_t *cents, struct av_err *err)
{
	char field[48];

	if (e->contratto_cents > 0) {
		*cents = e->contratto_cents;
		return AV_OK;
	}
	snprintf(field, sizeof(field), "esiti[%zu].ribasso", i);
	if (e->ribasso[0] == '\0' ||
	    pcp_offer_cents(l->importo, l->sicurezza, e->ribasso, cents, err) !=
	        AV_OK)
		return av_fail(err, AV_EUNPROC, field,
		               "L'importo affidato non è noto: manca il"
		               " ribasso dell'offerta o il contratto.");
	return AV_OK;
}

static int
check(const struct sua_view_gara *g, const char *codice,
      const struct sua_view_esito *e, size_t ne, struct av_err *err)
{
	const char *why = NULL;
	int64_t total = 0;
	char field[48];
	size_t i, k;

	if (strcmp(g->procedura, "affidamento_diretto") != 0)
		return av_fail(err, AV_EUNPROC, "procedura",
		               "Le schede AD3/AD5 sono per l'affidamento"
		               " diretto: questa gara ha un'altra procedura.");
	if (g->oggetto == NULL || g->oggetto[0] == '\0')
		return av_fail(err, AV_EUNPROC, "oggetto",
		               "La gara non ha un oggetto.");
	if (eforms_contract_nature(g->tipo) == NULL)
		return av_fail(err, AV_EUNPROC, "tipo",
		               "Il tipo di appalto (lavori, servizi, forniture)"
		               " manca o non è valido.");
	if (eforms_nuts3(g->provincia) == NULL)
		return av_fail(
		    err, AV_EUNPROC, "provincia",
		    "Manca il codice NUTS della Provincia: aggiungerlo"
		    " alla tabella di modules/pcp/eforms_codes.c.");
	if (g->n_lotti == 0)
		return av_fail(err, AV_EUNPROC, "lotti",
		               "La gara non ha lotti.");
	for (i = 0; i < g->n_lotti; i++) {
		const struct sua_view_lotto *l = &g->lotti[i];

		snprintf(field, sizeof(field), "lotti[%zu].cpv", i);
		if (strlen(l->cpv) < 8 || strspn(l->cpv, "0123456789") < 8)
			return av_fail(err, AV_EUNPROC, field,
			               "Il lotto non ha un codice CPV valido.");
		snprintf(field, sizeof(field), "lotti[%zu].oggetto", i);
		if (l->oggetto == NULL || l->oggetto[0] == '\0')
			return av_fail(err, AV_EUNPROC, field,
			               "Il lotto non ha un oggetto.");
		if (l->importo > INT64_MAX - total - l->sicurezza)
			return av_fail(err, AV_EUNPROC, "lotti",
			               "L'importo della gara è troppo grande.");
		total += l->importo + l->sicurezza;
	}
	/* the same rule as the decision table: AD3 from 5,000.00 euro */
	if (strcmp(codice, pcp_scheda_for("affidamento_diretto", 0, total,
	                                  PCP_FASE_ESITO, &why)) != 0)
		return av_fail(err, AV_EUNPROC, "codice",
		               strcmp(codice, "AD5") == 0
		                   ? "Da 5.000 euro l'affidamento diretto si"
		                     " comunica con la scheda AD3."
		                   : "Sotto 5.000 euro l'affidamento diretto si"
		                     " comunica con la scheda AD5.");
	if (ne == 0)
		return av_fail(err, AV_EUNPROC, "esiti",
		               "L'affidamento non è ancora aggiudicato:"
		               " manca l'affidatario.");
	for (i = 0; i < ne; i++) {
		snprintf(field, sizeof(field), "esiti[%zu].vincitore", i);
		if (pcp_lotto_of(g, e[i].numero, &k) == NULL ||
		    e[i].vincitore_cf[0] == '\0' ||
		    e[i].vincitore_nome[0] == '\0')
			return av_fail(err, AV_EUNPROC, field,
			               "L'affidatario del lotto non è noto.");
	}
	return AV_OK;
}

static void
write_appalto(struct jw *w, const struct sua_view_gara *g, int ad3)
{
	char app[32];

	jw_kobj(w, "appalto");
	snprintf(app, sizeof(app), "AV-GARA-%08" PRId64, g->id);
	jw_kstr(w, "codiceAppalto", app);
	pcp_jw_tipologica(w, "settore", "settore", "1"); /* ordinario */
	if (ad3) {
		jw_kbool(w, "contrattoDifesa", 0);
		jw_kbool(w, "accordoQuadro", 0);
		pcp_jw_tipologica(w, "motivoUrgenza", "motivoUrgenza", "7");
	}
	jw_kobj(w, "datiBase");
	jw_kstr(w, "oggetto", g->oggetto);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void
write_partecipante(struct jw *w, const struct sua_view_gara *g,
                   const struct sua_view_esito *e, int64_t cents, int ad3)
{
	char id[37];

	pcp_id_partecipante(g->id, e->numero, e->vincitore_offerta, id);
	jw_karr(w, "partecipanti");
	jw_obj(w);
	jw_kstr(w, "idPartecipante", id);
	jw_kstr(w, "codiceFiscale", e->vincitore_cf);
	jw_kstr(w, "denominazione", e->vincitore_nome);
	if (ad3) {
		/* the SUA takes offers from single operators (no RTI yet) */
		pcp_jw_tipologica(w, "ruoloOE", "ruoloOE", "3");
		jw_kstr(w, "paeseOperatoreEconomico", "IT");
	}
	pcp_jw_euro(w, "importo", cents);
	jw_obj_end(w);
	jw_arr_end(w);
}

static int
write_lotto(struct jw *w, const struct sua_view_gara *g,
            const struct sua_view_esito *e, size_t i, int ad3,
            const char *portal, struct av_err *err)
{
	const struct sua_view_lotto *l = pcp_lotto_of(g, e->numero, NULL);
	char id[32], istat[16], cpv[9], when[32];
	int64_t cents;

	if (awarded_cents(l, e, i, &cents, err) != AV_OK)
		return err->code;
	if (ad3 && pcp_date_time(e->aggiudicata_at, when, err) != AV_OK)
		return err->code;
	jw_obj(w);
	snprintf(id, sizeof(id), "LOT-%04" PRId64, l->numero);
	jw_kstr(w, "lotIdentifier", id);
	if (pcp_cod_istat(g, l, istat))
		pcp_jw_tipologica(w, "codIstat", "codIstat", istat);
	if (ad3 && strcmp(g->tipo, "lavori") != 0)
		pcp_jw_tipologica(w, "categoria", "categoria",
		                  strcmp(g->tipo, "servizi") == 0 ? "FS"
		                                                  : "FB");
	write_partecipante(w, g, e, cents, ad3);
	jw_kobj(w, "datiBase");
	pcp_jw_tipologica(w, "oggettoContratto", "oggettoContratto",
	                  eforms_contract_nature(g->tipo));
	jw_kstr(w, "oggetto", l->oggetto);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseCPV");
	pcp_jw_tipologica(w, "tipoClassificazione", "tipoClassificazione",
	                  "cpv");
	snprintf(cpv, sizeof(cpv), "%.8s", l->cpv);
	pcp_jw_tipologica(w, "cpvPrevalente", "CPV", cpv);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseContratto");
	pcp_jw_tipologica(w, "codNUTS", "codNUTS", eforms_nuts3(g->provincia));
	jw_obj_end(w);
	if (ad3) {
		jw_kobj(w, "datiBaseAggiudicazioneAppalto");
		jw_kstr(w, "dataAggiudicazione", when);
		jw_obj_end(w);
	}
	pcp_jw_documenti(w, portal, g->id);
	jw_obj_end(w);
	return AV_OK;
}

int
pcp_scheda_ad(struct jw *w, struct db *db, const struct sua_view_gara *g,
              const char *codice, const struct sua_view_esito *e, size_t ne,
              const struct pcp_sa_codes *sa, const char *portal,
              struct av_err *err)
{
	int ad3 = strcmp(codice, "AD3") == 0;
	size_t i;

	(void)db;
	if (check(g, codice, e, ne, err) != AV_OK)
		return err->code;
	pcp_scheda_open(w, codice);
	pcp_write_sa(w, g, sa);
	write_appalto(w, g, ad3);
	jw_karr(w, "aggiudicazioni");
	for (i = 0; i < ne; i++)
		if (write_lotto(w, g, &e[i], i, ad3, portal, err) != AV_OK)
			return err->code;
	jw_arr_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}
