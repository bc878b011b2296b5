/*
 * schede_bando.c - ANAC's scheda P2_16: the call for competition of a
 * national (below EU threshold) procedure, ordinary sectors (art. 50
 * d.lgs. 36/2023), sent with crea-appalto; no eForm.  The anacForm of
 * P1_16 (schede.c) plus what TED would otherwise carry:
 *   appalto.datiBase          the tender's object and total amount (lots
 *                             and their safety costs)
 *   appalto.datiBaseProcedura the procedure type (eForms codes)
 *   datiBaseStrumentiProcedura no framework, DPS or auction
 *   lotti[].datiBase          nature, object, amount with safety costs
 *   lotti[].datiBaseCPV       the lot's CPV, 8 digits
 *   lotti[].datiBaseContratto the Province's NUTS 3
 *   lotti[].datiBaseAggiudicazione  prezzo -> price, oepv -> quality
 *   lotti[].datiBaseTerminiInvio    the offers' deadline, Europe/Rome
 *   lotti[].datiBaseAggiuntivi      no reserved procurement
 *   lotti[].datiBaseDocumenti       the tender's page on the portal
 * The RUP's statements P1_16 lacks are lacking here too (gaps in
 * docs/pcp-schede.md); a tender that reaches the EU threshold is refused
 * (P1_16 is its scheda).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "json/jw.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/pcp/schede_scelta.h"
#include "modules/sua/gara_view.h"

int
pcp_check_national(const struct sua_view_gara *g, int64_t now,
                   const char *eu_codice, struct av_err *err)
{
	char day[LT_DATE_LEN], msg[160];
	struct lt_local loc;
	int64_t total = 0;
	size_t i;
	int eu;

	for (i = 0; i < g->n_lotti; i++) {
		if (g->lotti[i].importo >
		    INT64_MAX - total - g->lotti[i].sicurezza)
			return av_fail(err, AV_EUNPROC, "lotti",
			               "L'importo della gara è troppo grande.");
		total += g->lotti[i].importo + g->lotti[i].sicurezza;
	}
	/* the threshold in force when the call was published (or today) */
	if (lt_to_local(g->pubblicata_at >= 0 ? g->pubblicata_at : now, &loc,
	                err) != AV_OK)
		return err->code;
	lt_format_date_iso(loc.date, day);
	eu = pcp_sopra_soglia(g->tipo, total, day);
	if (eu != 0) {
		snprintf(msg, sizeof(msg),
		         eu > 0
		             ? "La gara raggiunge la soglia europea: si"
		               " comunica con la scheda %s."
		             : "Nessuna soglia europea nota per la data della"
		               " gara (%s).",
		         eu > 0 ? eu_codice : day);
		return av_fail(err, AV_EUNPROC, "importo", "%s", msg);
	}
	return AV_OK;
}

static int
check(const struct sua_view_gara *g, int64_t now, struct av_err *err)
{
	if (pcp_eforms_check(g, 16, NULL, 0, err) != AV_OK)
		return err->code;
	return pcp_check_national(g, now, "P1_16", err);
}

static void
write_appalto(struct jw *w, const struct sua_view_gara *g)
{
	int64_t total = 0;
	char app[32];
	size_t i;

	for (i = 0; i < g->n_lotti; i++)
		total += g->lotti[i].importo + g->lotti[i].sicurezza;
	jw_kobj(w, "appalto");
	snprintf(app, sizeof(app), "AV-GARA-%08" PRId64, g->id);
	jw_kstr(w, "codiceAppalto", app);
	pcp_jw_tipologica(w, "motivoUrgenza", "motivoUrgenza", "7");
	jw_kobj(w, "datiBase");
	jw_kstr(w, "oggetto", g->oggetto);
	pcp_jw_euro(w, "importo", total);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseProcedura");
	pcp_jw_tipologica(w, "tipoProcedura", "tipoProcedura",
	                  eforms_procedure_code(g->procedura));
	jw_kbool(w, "proceduraAccelerata", 0);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseStrumentiProcedura");
	pcp_jw_tipologica(w, "accordoQuadro", "accordoQuadro", "none");
	pcp_jw_tipologica(w, "sistemaDinamicoAcquisizione",
	                  "sistemaDinamicoAcquisizione", "none");
	jw_kbool(w, "astaElettronica", 0);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void
write_lotto(struct jw *w, const struct sua_view_gara *g,
            const struct sua_view_lotto *l, const char *deadline,
            const char *portal)
{
	char id[32], istat[16], cpv[9];

	jw_obj(w);
	snprintf(id, sizeof(id), "LOT-%04" PRId64, l->numero);
	jw_kstr(w, "lotIdentifier", id);
	if (pcp_cod_istat(g, l, istat))
		pcp_jw_tipologica(w, "codIstat", "codIstat", istat);
	pcp_jw_quadro(w, g, l);
	pcp_jw_lotto_base(w, g, l);
	jw_kobj(w, "datiBaseTerminiInvio");
	jw_kstr(w, "scadenzaPresentazioneOfferte", deadline);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseCPV");
	pcp_jw_tipologica(w, "tipoClassificazione", "tipoClassificazione",
	                  "cpv");
	snprintf(cpv, sizeof(cpv), "%.8s", l->cpv);
	pcp_jw_tipologica(w, "cpvPrevalente", "CPV", cpv);
	jw_obj_end(w);
	pcp_jw_documenti(w, portal, g->id);
	jw_obj_end(w);
}

int
pcp_scheda_p2_16(struct jw *w, const struct sua_view_gara *g,
                 const struct pcp_sa_codes *sa, int64_t now, const char *portal,
                 struct av_err *err)
{
	char deadline[32];
	size_t i;

	if (check(g, now, err) != AV_OK ||
	    pcp_date_time(g->termine_offerte, deadline, err) != AV_OK)
		return err->code;
	pcp_scheda_open(w, "P2_16");
	pcp_write_sa(w, g, sa);
	write_appalto(w, g);
	jw_karr(w, "lotti");
	for (i = 0; i < g->n_lotti; i++)
		write_lotto(w, g, &g->lotti[i], deadline, portal);
	jw_arr_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}
