/*
 * schede_esito.c - ANAC's scheda A2_29: the award of a national (below EU
 * threshold) procedure with a call or a negotiated one, ordinary sectors
 * (art. 50 c.9 d.lgs. 36/2023), no eForm.  One "aggiudicazione" per
 * awarded lot, from the evaluation's stored results:
 *   cig, numeroOfferteAmmesse     the lot's CIG, the valid offers
 *   datiBaseRisultatoProcedura    selec-w (a winner was chosen)
 *   datiBaseAggiudicazioneAppalto the award instant, Europe/Rome
 *   quadroEconomicoStandard       the lot's amount by nature and safety
 *   offertePresentate[]           every offer with an economic value
 *                                 (ranking position, amount from its
 *                                 discount, awardee, anomalous), with the
 *                                 idPartecipante S2 and SC1 carry
 *   appalto.datiBaseProcedura     the procedure type (eForms codes)
 *   datiBaseStrumentiProcedura    no framework, DPS or auction: the SUA
 *                                 runs none (as the eForms fixed terms)
 *   datiBaseSubappalti            not-known: the offer does not declare it
 * A tender that reaches the EU threshold is refused (A1_29 is its scheda).
 * ccnl of each offer, relazioneUnicaSulleProcedure and
 * opereUrbanizzazioneScomputo are the RUP's: documented gaps.
 */
#include <string.h>

#include "json/jw.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede_int.h"
#include "modules/sua/gara_view.h"

struct offerte_ctx {
	struct jw *w;
	const struct sua_view_gara *g;
	const struct sua_view_lotto *l;
	int64_t lotto;
	int rc;
	struct av_err *err;
};

static void
offerta(void *arg, const struct sua_view_offerta *o)
{
	struct offerte_ctx *x = arg;
	char id[37];
	int64_t cents;

	if (o->lotto != x->lotto || x->rc != AV_OK)
		return;
	if (o->prezzo_cents > 0)
		cents = o->prezzo_cents + x->l->sicurezza;
	else if (o->ribasso[0] == '\0')
		return; /* excluded before the economic envelope: no amount */
	else if (pcp_offer_cents(x->l->importo, x->l->sicurezza, o->ribasso,
	                         &cents, x->err) != AV_OK) {
		x->rc = x->err->code;
		return;
	}
	pcp_id_partecipante(x->g->id, o->lotto, o->offerta_id, id);
	jw_obj(x->w);
	jw_kstr(x->w, "idPartecipante", id);
	pcp_jw_euro(x->w, "importo", cents);
	jw_kbool(x->w, "aggiudicatario", o->vincitrice);
	if (o->posizione > 0)
		jw_ki64(x->w, "posizioneGraduatoria", o->posizione);
	jw_kbool(x->w, "offertaAnomala", o->anomala);
	jw_obj_end(x->w);
}

int
pcp_scheda_a2_29(struct jw *w, struct db *db, const struct sua_view_gara *g,
                 const struct sua_view_esito *e, size_t ne, int64_t now,
                 struct av_err *err)
{
	const char *proc = eforms_procedure_code(g->procedura);
	struct offerte_ctx x;
	char field[48], when[32];
	size_t i, k;

	if (proc == NULL)
		return av_fail(err, AV_EUNPROC, "procedura",
		               "L'affidamento diretto si comunica con le schede"
		               " AD3/AD5, non con A2_29.");
	if (pcp_check_national(g, now, "A1_29", err) != AV_OK)
		return err->code;
	if (ne == 0)
		return av_fail(err, AV_EUNPROC, "esiti",
		               "Nessun lotto è aggiudicato: la scheda A2_29 si"
		               " genera dopo l'aggiudicazione.");
	for (i = 0; i < ne; i++) {
		if (pcp_lotto_of(g, e[i].numero, &k) == NULL)
			return av_fail(err, AV_EUNPROC, "esiti",
			               "Un esito non corrisponde a un lotto.");
		snprintf(field, sizeof(field), "lotti[%zu].cig", k);
		if (g->lotti[k].cig[0] == '\0')
			return av_fail(err, AV_EUNPROC, field,
			               "Il lotto aggiudicato non ha il CIG.");
	}
	pcp_scheda_open(w, "A2_29");
	jw_kobj(w, "appalto");
	jw_kobj(w, "datiBaseProcedura");
	pcp_jw_tipologica(w, "tipoProcedura", "tipoProcedura", proc);
	jw_kbool(w, "proceduraAccelerata", 0);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseStrumentiProcedura");
	pcp_jw_tipologica(w, "accordoQuadro", "accordoQuadro", "none");
	pcp_jw_tipologica(w, "sistemaDinamicoAcquisizione",
	                  "sistemaDinamicoAcquisizione", "none");
	jw_kbool(w, "astaElettronica", 0);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseSubappalti");
	pcp_jw_tipologica(w, "subappalto", "subappalto", "not-known");
	jw_obj_end(w);
	pcp_jw_tipologica(w, "motivoUrgenza", "motivoUrgenza", "7");
	jw_obj_end(w); /* appalto */
	jw_karr(w, "aggiudicazioni");
	for (i = 0; i < ne; i++) {
		const struct sua_view_lotto *l =
		    pcp_lotto_of(g, e[i].numero, NULL);

		if (pcp_date_time(e[i].aggiudicata_at, when, err) != AV_OK)
			return err->code;
		jw_obj(w);
		jw_kstr(w, "cig", l->cig);
		jw_ki64(w, "numeroOfferteAmmesse", e[i].valide);
		pcp_jw_quadro(w, g, l);
		jw_kobj(w, "datiBaseRisultatoProcedura");
		pcp_jw_tipologica(w, "esitoProcedura", "esitoProcedura",
		                  "selec-w");
		jw_obj_end(w);
		jw_kobj(w, "datiBaseAggiudicazioneAppalto");
		jw_kstr(w, "dataAggiudicazione", when);
		jw_obj_end(w);
		jw_karr(w, "offertePresentate");
		x.w = w;
		x.g = g;
		x.l = l;
		x.lotto = e[i].numero;
		x.rc = AV_OK;
		x.err = err;
		if (sua_view_graduatoria(db, g->id, offerta, &x, err) != AV_OK)
			return err->code;
		if (x.rc != AV_OK)
			return x.rc;
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}
