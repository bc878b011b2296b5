/*
 * schede.c - ANAC's P1_16, S2 and A1_29 schede from a SUA tender
 * (schede.h), the helpers the other builders share (schede_int.h) and
 * the dispatch by scheda code.
 *
 * The tender is read once (modules/sua/gara_view.h, the rows the OCDS
 * release reads) and feeds both the eForm (eforms.c, embedded Base64) and
 * the anacForm, so the two cannot disagree.  Mapping (docs/pcp-schede.md):
 *   stazioniAppaltanti[0]  the Province acting as SUA: codice fiscale
 *                          (istanza), AUSA and centro di costo (PCP
 *                          configuration), funzioniSvolte "1" (solo
 *                          aggiudicazione: the Comune signs the contract)
 *   appalto.codiceAppalto  "AV-GARA-" + the tender id on 8 digits (ANAC
 *                          wants 8 to 64 characters)
 *   appalto.motivoUrgenza  "7" non applicabile (a procedure with a call)
 *   lotti[].lotIdentifier  LOT-nnnn, the same id as the eForm's BT-137
 *   lotti[].codIstat       "0" + region + the Comune's 6-digit ISTAT code
 *   lotti[].quadroEconomicoStandard  the lot's amount by nature (lavori,
 *                          servizi, forniture) and its safety costs, euro
 *                          from cents as exact decimal text
 *   aggiudicazioni[]       one per awarded lot: CIG, offers admitted
 *   elencoSoggetti[] (S2)  per awarded lot: CIG and every offer presented
 *                          (partita IVA, name, idPartecipante: a stable
 *                          UUID of tender, lot and offer, which SC1 and
 *                          the award schede repeat)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "json/jw.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/sua/gara_view.h"

void
pcp_jw_tipologica(struct jw *w, const char *key, const char *id,
                  const char *codice)
{
	if (key != NULL)
		jw_kobj(w, key);
	else
		jw_obj(w);
	jw_kstr(w, "idTipologica", id);
	jw_kstr(w, "codice", codice);
	jw_obj_end(w);
}

void
pcp_jw_euro(struct jw *w, const char *key, int64_t cents)
{
	char a[24];

	eforms_amount(cents, a);
	jw_key(w, key);
	jw_raw(w, a, strlen(a));
}

void
pcp_jw_quadro(struct jw *w, const struct sua_view_gara *g,
              const struct sua_view_lotto *l)
{
	jw_kobj(w, "quadroEconomicoStandard");
	pcp_jw_euro(w,
	            strcmp(g->tipo, "lavori") == 0    ? "impLavori"
	            : strcmp(g->tipo, "servizi") == 0 ? "impServizi"
	                                              : "impForniture",
	            l->importo);
	pcp_jw_euro(w, "impTotaleSicurezza", l->sicurezza);
	pcp_jw_euro(w, "sommeADisposizione", 0);
	jw_obj_end(w);
}

void
pcp_jw_lotto_base(struct jw *w, const struct sua_view_gara *g,
                  const struct sua_view_lotto *l)
{
	jw_kobj(w, "datiBase");
	pcp_jw_tipologica(w, "oggettoContratto", "oggettoContratto",
	                  eforms_contract_nature(g->tipo));
	jw_kstr(w, "oggetto", l->oggetto);
	pcp_jw_euro(w, "importo", l->importo + l->sicurezza);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseContratto");
	pcp_jw_tipologica(w, "codNUTS", "codNUTS", eforms_nuts3(g->provincia));
	jw_obj_end(w);
	jw_kobj(w, "datiBaseAggiuntivi");
	jw_karr(w, "affidamentiRiservati");
	pcp_jw_tipologica(w, NULL, "affidamentiRiservati", "none");
	jw_arr_end(w);
	jw_obj_end(w);
	jw_kobj(w, "datiBaseAggiudicazione");
	pcp_jw_tipologica(w, "criteriAggiudicazione", "criteriAggiudicazione",
	                  strcmp(g->criterio, "oepv") == 0 ? "quality"
	                                                   : "price");
	jw_obj_end(w);
}

void
pcp_jw_documenti(struct jw *w, const char *portal, int64_t gara_id)
{
	char url[600];

	jw_kobj(w, "datiBaseDocumenti");
	snprintf(url, sizeof(url), "%s/gare/%" PRId64, portal, gara_id);
	jw_kstr(w, "url", url);
	jw_karr(w, "lingue");
	pcp_jw_tipologica(w, NULL, "lingue", "ITA");
	jw_arr_end(w);
	jw_obj_end(w);
}

void
pcp_write_sa(struct jw *w, const struct sua_view_gara *g,
             const struct pcp_sa_codes *sa)
{
	jw_karr(w, "stazioniAppaltanti");
	jw_obj(w);
	if (g->provincia_sua.cf[0] != '\0')
		jw_kstr(w, "codiceFiscale", g->provincia_sua.cf);
	if (sa->codice_ausa[0] != '\0')
		jw_kstr(w, "codiceAusa", sa->codice_ausa);
	if (sa->centro_costo[0] != '\0')
		jw_kstr(w, "codiceCentroCosto", sa->centro_costo);
	jw_kbool(w, "saTitolare", 1);
	jw_karr(w, "funzioniSvolte");
	pcp_jw_tipologica(w, NULL, "funzioniSvolte", "1");
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
}

static void
write_lotto_p1_16(struct jw *w, const struct sua_view_gara *g,
                  const struct sua_view_lotto *l)
{
	char id[32], istat[16];

	jw_obj(w);
	snprintf(id, sizeof(id), "LOT-%04" PRId64, l->numero);
	jw_kstr(w, "lotIdentifier", id);
	pcp_cod_istat(g, l, istat);
	pcp_jw_tipologica(w, "codIstat", "codIstat", istat);
	pcp_jw_quadro(w, g, l);
	jw_obj_end(w);
}

/* The eForm, Base64 (standard alphabet, padded) as "eform". */
static int
write_eform(struct jw *w, const struct sua_view_gara *g, int subtype,
            const struct sua_view_esito *e, size_t ne, int64_t now,
            const char *portal, struct av_err *err)
{
	struct sbuf xml = SBUF_INIT(EFORMS_NOTICE_MAX);
	size_t b64_len;
	char *b64;
	int rc;

	rc = pcp_eforms_xml(g, subtype, e, ne, now, portal, &xml, err);
	if (rc == AV_OK) {
		b64_len = sodium_base64_encoded_len(
		    xml.len, sodium_base64_VARIANT_ORIGINAL);
		b64 = xmalloc(b64_len);
		sodium_bin2base64(b64, b64_len, (const unsigned char *)xml.buf,
		                  xml.len, sodium_base64_VARIANT_ORIGINAL);
		jw_kstr(w, "eform", b64);
		free(b64);
	}
	sbuf_release(&xml);
	return rc;
}

static int
check_cig(const struct sua_view_gara *g, const struct sua_view_esito *e,
          size_t ne, struct av_err *err)
{
	char field[48];
	size_t i, k;

	for (i = 0; i < ne; i++)
		for (k = 0; k < g->n_lotti; k++)
			if (g->lotti[k].numero == e[i].numero &&
			    g->lotti[k].cig[0] == '\0') {
				snprintf(field, sizeof(field), "lotti[%zu].cig",
				         k);
				return av_fail(err, AV_EUNPROC, field,
				               "Il lotto aggiudicato non ha il"
				               " CIG.");
			}
	return AV_OK;
}

/* S2: the offers of each awarded lot, from the evaluation's results. */
struct s2_ctx {
	struct jw *w;
	int64_t gara, lotto;
};

static void
s2_offerta(void *arg, int64_t lotto, const char *piva, const char *nome,
           int64_t offerta_id, int valid)
{
	struct s2_ctx *x = arg;
	char id[37];

	(void)valid; /* excluded offers were presented too */
	if (lotto != x->lotto)
		return;
	pcp_id_partecipante(x->gara, lotto, offerta_id, id);
	jw_obj(x->w);
	jw_kstr(x->w, "codiceFiscale", piva);
	jw_kstr(x->w, "denominazione", nome);
	/* the SUA takes offers from single operators (no RTI yet) */
	pcp_jw_tipologica(x->w, "ruoloOE", "ruoloOE", "3");
	jw_kstr(x->w, "idPartecipante", id);
	jw_kstr(x->w, "paeseOperatoreEconomico", "IT");
	jw_obj_end(x->w);
}

static int
write_s2(struct jw *w, struct db *db, const struct sua_view_gara *g,
         const struct sua_view_esito *e, size_t ne, struct av_err *err)
{
	struct s2_ctx x;
	size_t i, k;

	if (ne == 0)
		return av_fail(err, AV_EUNPROC, "esiti",
		               "Nessun lotto ha ancora gli esiti della"
		               " valutazione.");
	if (check_cig(g, e, ne, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_kobj(w, "scheda");
	jw_kobj(w, "codice");
	jw_kstr(w, "idTipologica", "codiceScheda");
	jw_kstr(w, "codice", "S2");
	jw_obj_end(w);
	jw_kstr(w, "versione", "1.0");
	jw_kobj(w, "body");
	jw_kobj(w, "anacForm");
	jw_karr(w, "elencoSoggetti");
	for (i = 0; i < ne; i++) {
		for (k = 0; k < g->n_lotti; k++)
			if (g->lotti[k].numero == e[i].numero)
				break;
		jw_obj(w);
		jw_kstr(w, "cig", g->lotti[k].cig);
		jw_karr(w, "partecipanti");
		x.w = w;
		x.gara = g->id;
		x.lotto = e[i].numero;
		if (sua_view_offerte(db, g->id, s2_offerta, &x, err) != AV_OK)
			return err->code;
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	return AV_OK;
}

static int
write_scheda(struct jw *w, const struct sua_view_gara *g, const char *codice,
             const struct sua_view_esito *e, size_t ne,
             const struct pcp_sa_codes *sa, int64_t now, const char *portal,
             struct av_err *err)
{
	int a129 = strcmp(codice, "A1_29") == 0;
	char app[32];
	size_t i, k;

	if (pcp_eforms_check(g, a129 ? 29 : 16, e, ne, err) != AV_OK)
		return err->code;
	if (a129 && check_cig(g, e, ne, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_kobj(w, "scheda");
	jw_kobj(w, "codice");
	jw_kstr(w, "idTipologica", "codiceScheda");
	jw_kstr(w, "codice", codice);
	jw_obj_end(w);
	jw_kstr(w, "versione", "1.0");
	jw_kobj(w, "body");
	jw_kobj(w, "anacForm");
	if (!a129) {
		pcp_write_sa(w, g, sa);
		jw_kobj(w, "appalto");
		snprintf(app, sizeof(app), "AV-GARA-%08" PRId64, g->id);
		jw_kstr(w, "codiceAppalto", app);
		pcp_jw_tipologica(w, "motivoUrgenza", "motivoUrgenza", "7");
		jw_obj_end(w);
		jw_karr(w, "lotti");
		for (i = 0; i < g->n_lotti; i++)
			write_lotto_p1_16(w, g, &g->lotti[i]);
		jw_arr_end(w);
	} else {
		jw_kobj(w, "appalto");
		pcp_jw_tipologica(w, "motivoUrgenza", "motivoUrgenza", "7");
		jw_obj_end(w);
		jw_karr(w, "aggiudicazioni");
		for (i = 0; i < ne; i++) {
			for (k = 0; k < g->n_lotti; k++)
				if (g->lotti[k].numero == e[i].numero)
					break;
			jw_obj(w);
			jw_kstr(w, "cig", g->lotti[k].cig);
			jw_ki64(w, "numeroOfferteAmmesse", e[i].valide);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_obj_end(w); /* anacForm */
	if (write_eform(w, g, a129 ? 29 : 16, e, ne, now, portal, err) != AV_OK)
		return err->code;
	jw_obj_end(w); /* body */
	jw_obj_end(w); /* scheda */
	jw_obj_end(w);
	return AV_OK;
}

int
pcp_scheda_build(struct db *db, int64_t gara_id, const char *codice,
                 const struct pcp_sa_codes *sa, int64_t now, const char *portal,
                 struct sbuf *out, struct av_err *err)
{
	struct pcp_scheda_opts o;

	memset(&o, 0, sizeof(o));
	return pcp_scheda_build_opts(db, gara_id, codice, sa, &o, now, portal,
	                             out, err);
}

int
pcp_scheda_build_opts(struct db *db, int64_t gara_id, const char *codice,
                      const struct pcp_sa_codes *sa,
                      const struct pcp_scheda_opts *o, int64_t now,
                      const char *portal, struct sbuf *out, struct av_err *err)
{
	static _Thread_local struct sua_view_esito esiti[SUA_VIEW_LOTS_MAX];
	struct sua_view_gara g;
	struct jw w;
	size_t ne = 0;
	int found = 0, rc;

	if (!pcp_scheda_generated(codice))
		return av_fail(
		    err, AV_EINVAL, "codice",
		    "Scheda non generata: P1_16, P2_16, S2, A1_29,"
		    " A2_29, AD3, AD5, SC1, I1, P7_2, P7_1_2 o CO1.");
	if (sua_view_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL, "Gara non trovata.");
	rc = sua_view_esiti(db, gara_id, esiti, SUA_VIEW_LOTS_MAX, &ne, err);
	jw_init(&w, out);
	if (rc != AV_OK)
		;
	else if (strcmp(codice, "S2") == 0)
		rc = write_s2(&w, db, &g, esiti, ne, err);
	else if (strcmp(codice, "A2_29") == 0)
		rc = pcp_scheda_a2_29(&w, db, &g, esiti, ne, now, err);
	else if (strcmp(codice, "P2_16") == 0)
		rc = pcp_scheda_p2_16(&w, &g, sa, now, portal, err);
	else if (strcmp(codice, "AD3") == 0 || strcmp(codice, "AD5") == 0)
		rc = pcp_scheda_ad(&w, db, &g, codice, esiti, ne, sa, portal,
		                   err);
	else if (strcmp(codice, "SC1") == 0)
		rc = pcp_scheda_sc1(&w, &g, esiti, ne, sa, o, err);
	else if (strcmp(codice, "I1") == 0)
		rc = pcp_scheda_i1(&w, &g, esiti, ne, o, err);
	else if (strcmp(codice, "P7_2") == 0 || strcmp(codice, "P7_1_2") == 0)
		rc = pcp_scheda_p7(&w, db, &g, codice, sa, o, now, portal, err);
	else if (strcmp(codice, "CO1") == 0)
		rc = pcp_scheda_co1(&w, &g, esiti, ne, o, err);
	else
		rc = write_scheda(&w, &g, codice, esiti, ne, sa, now, portal,
		                  err);
	if (rc == AV_OK && jw_finish(&w) != AV_OK)
		rc = av_fail(err, AV_ETOOBIG, NULL,
		             "La scheda supera la dimensione massima.");
	sua_view_free(&g);
	return rc;
}

int
pcp_scheda_generated(const char *codice)
{
	static const char *const codes[] = {"P1_16", "P2_16", "S2",     "A1_29",
	                                    "A2_29", "AD3",   "AD5",    "SC1",
	                                    "I1",    "P7_2",  "P7_1_2", "CO1"};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i], codice) == 0)
			return 1;
	return 0;
}
