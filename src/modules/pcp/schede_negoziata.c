/*
 * schede_negoziata.c - ANAC's schede of the negotiated procedures'
 * opening, sent with crea-appalto like P2_16, no eForm:
 *   P7_2    procedura negoziata senza bando below the EU threshold (art. 50
 *           c.1 lett. c-e d.lgs. 36/2023): the SUA invites operators from
 *           its albo (modules/sua/inviti.c), so the scheda goes once the
 *           invitations exist ("RDO da elenco fornitori");
 *   P7_1_2  procedura negoziata senza pubblicazione (art. 76) at or above
 *           the EU threshold.
 * From the tender's own rows, as P2_16 (schede_bando.c):
 *   appalto                 codiceAppalto, settore 1 (ordinario),
 *                           contrattoDifesa false, motivoUrgenza 7, object
 *                           and total amount, tipoProcedura neg-wo-call, no
 *                           framework / DPS / auction
 *   lotti[]                 LOT-nnnn, codIstat, quadro economico, nature,
 *                           object, amount, CPV, NUTS 3, criterion, no
 *                           reserved procurement, the tender's page,
 *                           tipoRealizzazione 1 (contratto d'appalto: the
 *                           SUA runs no concessions), categoria FS / FB,
 *                           or for works the SOA category the invitations
 *                           required
 *   datiBaseTerminiInvio    the offers' deadline (P7_1_2: the answer to the
 *                           invitation, the same deadline), Europe/Rome
 *   datiBaseComunicazione   dataInvioInviti: the instant the invitations
 *                           were chosen and notified (one transaction)
 *   condizioniNegoziata     P7_2: 45 "procedura negoziata sottosoglia"
 *                           (the procedure itself says it); P7_1_2: the
 *                           art. 76 grounds the RUP states in
 *                           pcp_scheda_opts.dati (a gap when not stated)
 * The RUP's statements P2_16 lacks are lacking here too, and the sums for
 * options and repetitions P7_2's quadro economico requires (documented
 * gaps, docs/pcp-schede.md).  Refusals name the field; nothing is built.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/pcp/schede_scelta.h"
#include "modules/sua/gara_view.h"
#include "modules/sua/gara_view_inviti.h"

static int
bad(struct av_err *err, const char *field, const char *msg)
{
	return av_fail(err, AV_EUNPROC, field, "%s", msg);
}

/* What every lot and the tender must carry (as the eForm's checks). */
static int
check_base(const struct sua_view_gara *g, struct av_err *err)
{
	char field[48];
	size_t i;

	if (g->oggetto == NULL || g->oggetto[0] == '\0')
		return bad(err, "oggetto", "La gara non ha un oggetto.");
	if (eforms_contract_nature(g->tipo) == NULL)
		return bad(err, "tipo",
		           "Il tipo di appalto (lavori, servizi, forniture)"
		           " manca o non è valido.");
	if (eforms_nuts3(g->provincia) == NULL)
		return bad(err, "provincia",
		           "Manca il codice NUTS della Provincia: aggiungerlo"
		           " alla tabella di modules/pcp/eforms_codes.c.");
	if (g->n_lotti == 0)
		return bad(err, "lotti", "La gara non ha lotti.");
	if (g->termine_offerte < 0)
		return bad(err, "termine_offerte",
		           "Manca il termine di presentazione delle offerte.");
	for (i = 0; i < g->n_lotti; i++) {
		const struct sua_view_lotto *l = &g->lotti[i];
		size_t k;

		snprintf(field, sizeof(field), "lotti[%zu].cpv", i);
		for (k = 0; k < 8 && l->cpv[k] >= '0' && l->cpv[k] <= '9'; k++)
			;
		if (k < 8)
			return bad(err, field,
			           "Il lotto non ha un codice CPV valido.");
		snprintf(field, sizeof(field), "lotti[%zu].oggetto", i);
		if (l->oggetto == NULL || l->oggetto[0] == '\0')
			return bad(err, field, "Il lotto non ha un oggetto.");
		snprintf(field, sizeof(field), "lotti[%zu].importo_cents", i);
		if (l->importo <= 0 || l->sicurezza < 0 ||
		    l->importo > INT64_MAX / 4 || l->sicurezza > INT64_MAX / 4)
			return bad(err, field,
			           "L'importo del lotto deve essere positivo.");
	}
	return AV_OK;
}

/* The tender's total (lots and safety costs), or AV_EUNPROC on overflow. */
static int
total_cents(const struct sua_view_gara *g, int64_t *total, struct av_err *err)
{
	size_t i;

	*total = 0;
	for (i = 0; i < g->n_lotti; i++) {
		if (g->lotti[i].importo + g->lotti[i].sicurezza >
		    INT64_MAX - *total)
			return bad(err, "lotti",
			           "L'importo della gara è troppo grande.");
		*total += g->lotti[i].importo + g->lotti[i].sicurezza;
	}
	return AV_OK;
}

/* 1 above the EU threshold in force when the tender was published (now
   when not yet), 0 below; AV_EUNPROC when none is known for that day. */
static int
sopra_soglia(const struct sua_view_gara *g, int64_t total, int64_t now, int *eu,
             struct av_err *err)
{
	char day[LT_DATE_LEN];
	struct lt_local loc;

	if (lt_to_local(g->pubblicata_at >= 0 ? g->pubblicata_at : now, &loc,
	                err) != AV_OK)
		return err->code;
	lt_format_date_iso(loc.date, day);
	*eu = pcp_sopra_soglia(g->tipo, total, day);
	if (*eu < 0)
		return av_fail(err, AV_EUNPROC, "importo",
		               "Nessuna soglia europea nota per la data della"
		               " gara (%s).",
		               day);
	return AV_OK;
}

static int
check(const struct sua_view_gara *g, int p72, const struct sua_view_inviti *iv,
      int64_t now, int64_t *total, struct av_err *err)
{
	int eu = 0;

	if (strcmp(g->procedura, p72 ? "negoziata_senza_bando"
	                             : "negoziata_senza_pubblicazione") != 0)
		return bad(err, "procedura",
		           p72 ? "La scheda P7_2 è della procedura negoziata"
		                 " senza bando (art. 50 c.1 lett. c-e)."
		               : "La scheda P7_1_2 è della procedura negoziata"
		                 " senza pubblicazione del bando (art. 76).");
	if (check_base(g, err) != AV_OK ||
	    total_cents(g, total, err) != AV_OK ||
	    sopra_soglia(g, *total, now, &eu, err) != AV_OK)
		return err->code;
	if (p72 && eu)
		return bad(err, "importo",
		           "La gara raggiunge la soglia europea: la procedura"
		           " negoziata senza bando dell'art. 50 è ammessa solo"
		           " sotto soglia.");
	if (!p72 && !eu)
		return bad(err, "importo",
		           "La gara è sotto la soglia europea: la scheda"
		           " P7_1_2 riguarda le negoziate dell'art. 76 pari o"
		           " sopra soglia.");
	if (p72 && iv->n == 0)
		return bad(err, "inviti",
		           "Nessun operatore è stato invitato: la scheda P7_2"
		           " si comunica con gli inviti scelti dall'albo.");
	return AV_OK;
}

int
pcp_anac_categoria_soa(const char *soa, char out[20])
{
	if (soa == NULL || strlen(soa) < 3 || strlen(soa) > 8 ||
	    (strncmp(soa, "OG", 2) != 0 && strncmp(soa, "OS", 2) != 0))
		return 0;
	snprintf(out, 20, "%.2s %s", soa, soa + 2);
	return 1;
}

/* ANAC's "categoria" of a lot: FS / FB for services / supplies (as AD3);
   for works the SOA category the invitations required; 0 when not known
   (a gap). */
static int
categoria(const struct sua_view_gara *g, const struct sua_view_inviti *iv,
          char out[20])
{
	if (strcmp(g->tipo, "servizi") == 0 ||
	    strcmp(g->tipo, "forniture") == 0) {
		str_copy(out, 20, g->tipo[0] == 's' ? "FS" : "FB");
		return 1;
	}
	return pcp_anac_categoria_soa(iv->soa, out);
}

static void
write_appalto(struct jw *w, const struct sua_view_gara *g, int p72,
              int64_t total)
{
	char app[32];

	jw_kobj(w, "appalto");
	snprintf(app, sizeof(app), "AV-GARA-%08" PRId64, g->id);
	jw_kstr(w, "codiceAppalto", app);
	pcp_jw_tipologica(w, "settore", "settore", "1");
	jw_kbool(w, "contrattoDifesa", 0);
	pcp_jw_tipologica(w, "motivoUrgenza", "motivoUrgenza", "7");
	jw_kobj(w, "datiBase");
	jw_kstr(w, "oggetto", g->oggetto);
	pcp_jw_euro(w, "importo", total);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseProcedura");
	pcp_jw_tipologica(w, "tipoProcedura", "tipoProcedura", "neg-wo-call");
	jw_obj_end(w);
	jw_kobj(w, "datiBaseStrumentiProcedura");
	pcp_jw_tipologica(w, "accordoQuadro", "accordoQuadro", "none");
	if (!p72) /* P7_2's model has no DPS here */
		pcp_jw_tipologica(w, "sistemaDinamicoAcquisizione",
		                  "sistemaDinamicoAcquisizione", "none");
	jw_kbool(w, "astaElettronica", 0);
	jw_obj_end(w);
	jw_obj_end(w);
}

/*
 * P7_1_2: the art. 76 grounds the RUP states (dati.condizioniNegoziata,
 * ANAC's codes of condizioniNegoziata.json but 45 and 46, which are the
 * below-threshold negoziata and the DPS); P7_2 takes no statement.  n 0:
 * none stated (a gap).
 */
#define CONDIZIONI_MAX 13

struct condizioni {
	const char *code[CONDIZIONI_MAX];
	size_t n;
};

static int
read_condizioni(const json_t *dati, int p72, struct condizioni *c,
                struct av_err *err)
{
	static const char *const art76[] = {"25", "33", "34", "35", "36",
	                                    "37", "38", "39", "40", "41",
	                                    "42", "43", "44", NULL};
	static const char *const keys76[] = {"condizioniNegoziata", NULL};
	static const char *const none[] = {NULL};
	const json_t *a;
	size_t i, k, j;

	c->n = 0;
	if (dati == NULL)
		return AV_OK;
	if (!json_is_object(dati))
		return av_fail(
		    err, AV_EUNPROC, "dati",
		    "Le dichiarazioni del RUP sono un oggetto JSON.");
	if (pcp_dati_keys(dati, p72 ? none : keys76, err) != AV_OK)
		return err->code;
	a = json_object_get(dati, "condizioniNegoziata");
	if (a == NULL)
		return AV_OK;
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > CONDIZIONI_MAX)
		return pcp_dati_fail(err, "condizioniNegoziata",
		                     "Indicare i presupposti dell'art. 76 come"
		                     " elenco di codici ANAC.");
	for (i = 0; i < json_array_size(a); i++) {
		const char *v = json_string_value(json_array_get(a, i));

		for (k = 0; v != NULL && art76[k] != NULL; k++)
			if (strcmp(art76[k], v) == 0)
				break;
		if (v == NULL || art76[k] == NULL)
			return pcp_dati_fail(err, "condizioniNegoziata",
			                     "Codice non previsto per l'art. 76"
			                     " dalla tabella dell'ANAC.");
		for (j = 0; j < c->n; j++)
			if (c->code[j] == art76[k])
				return pcp_dati_fail(err, "condizioniNegoziata",
				                     "Codice ripetuto.");
		c->code[c->n++] = art76[k];
	}
	return AV_OK;
}

static void
write_lotto(struct jw *w, const struct sua_view_gara *g,
            const struct sua_view_lotto *l, int p72, const char *deadline,
            const char *inviti_at, const char *cat,
            const struct condizioni *cond, const char *portal)
{
	size_t k;

	char id[32], istat[16], cpv[9];

	jw_obj(w);
	snprintf(id, sizeof(id), "LOT-%04" PRId64, l->numero);
	jw_kstr(w, "lotIdentifier", id);
	if (pcp_cod_istat(g, l, istat))
		pcp_jw_tipologica(w, "codIstat", "codIstat", istat);
	pcp_jw_quadro(w, g, l);
	pcp_jw_tipologica(w, "tipoRealizzazione", "tipoRealizzazione", "1");
	if (cat[0] != '\0')
		pcp_jw_tipologica(w, "categoria", "categoria", cat);
	if (p72 || cond->n > 0) {
		jw_karr(w, "condizioniNegoziata");
		if (p72)
			pcp_jw_tipologica(w, NULL, "condizioniNegoziata", "45");
		for (k = 0; k < cond->n; k++)
			pcp_jw_tipologica(w, NULL, "condizioniNegoziata",
			                  cond->code[k]);
		jw_arr_end(w);
	}
	pcp_jw_lotto_base(w, g, l);
	jw_kobj(w, "datiBaseTerminiInvio");
	jw_kstr(w,
	        p72 ? "scadenzaPresentazioneOfferte"
	            : "scadenzaPresentazioneInvito",
	        deadline);
	jw_obj_end(w);
	if (inviti_at[0] != '\0') {
		jw_kobj(w, "datiBaseComunicazione");
		jw_kstr(w, "dataInvioInviti", inviti_at);
		jw_obj_end(w);
	}
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
pcp_scheda_p7(struct jw *w, struct db *db, const struct sua_view_gara *g,
              const char *codice, const struct pcp_sa_codes *sa,
              const struct pcp_scheda_opts *o, int64_t now, const char *portal,
              struct av_err *err)
{
	const json_t *dati = o != NULL ? o->dati : NULL;
	int p72 = strcmp(codice, "P7_2") == 0;
	struct condizioni cond;
	char deadline[32], inviti_at[32] = "", cat[20] = "";
	struct sua_view_inviti iv;
	int64_t total = 0;
	size_t i;

	if (sua_view_inviti(db, g->id, &iv, err) != AV_OK ||
	    check(g, p72, &iv, now, &total, err) != AV_OK ||
	    pcp_date_time(g->termine_offerte, deadline, err) != AV_OK ||
	    (iv.last >= 0 && pcp_date_time(iv.last, inviti_at, err) != AV_OK) ||
	    read_condizioni(dati, p72, &cond, err) != AV_OK)
		return err->code;
	if (!categoria(g, &iv, cat))
		cat[0] = '\0';
	pcp_scheda_open(w, codice);
	pcp_write_sa(w, g, sa);
	write_appalto(w, g, p72, total);
	jw_karr(w, "lotti");
	for (i = 0; i < g->n_lotti; i++)
		write_lotto(w, g, &g->lotti[i], p72, deadline, inviti_at, cat,
		            &cond, portal);
	jw_arr_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}
