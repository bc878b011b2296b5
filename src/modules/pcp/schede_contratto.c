/*
 * schede_contratto.c - ANAC's schede SC1 (contract signed) and I1 (start
 * of execution) of one lot of a SUA tender.  The SUA records the
 * contract's day and amount (sua_esito_lotto: aggiudicazione.h) and
 * nothing of its execution, so each scheda takes the rest from the RUP's
 * statements (pcp_scheda_opts.dati), checked here, typed once at the
 * moment of the communication and found nowhere else:
 *   SC1  from the SUA: cig [the lot's CIG], idPartecipante (the winner's,
 *        the same UUID as S2), dataStipula (the contract's day);
 *        from the RUP: codiceAusa (the signing administration: the
 *        Comune, since the SUA only awards - funzioniSvolte 1),
 *        dataDecorrenza, dataScadenza, importoCauzione_cents,
 *        dataEsecutivita (optional)
 *   I1   from the SUA: only that the lot's contract is signed;
 *        from the RUP: idContratto (ANAC's answer to SC1),
 *        dataEffettivoInizio, dataFinePrevista, consegnaSottoRiserva,
 *        dataVerbalePrimaConsegna (optional)
 * Dates are days "aaaa-mm-gg", written as ANAC's date-time at 00:00
 * Europe/Rome; amounts integer cents, written as exact euro.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "json/jw.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/sua/gara_view.h"

#define DATI_STR_MAX 64 /* bytes of one statement */

static int
dati_fail(struct av_err *err, const char *key, const char *msg)
{
	char field[64];

	snprintf(field, sizeof(field), "dati.%s", key);
	return av_fail(err, AV_EUNPROC, field, "%s", msg);
}

/* Every key of dati is one of allowed (NULL-terminated). */
static int
dati_keys(const json_t *dati, const char *const *allowed, struct av_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	if (dati != NULL && !json_is_object(dati))
		return av_fail(
		    err, AV_EUNPROC, "dati",
		    "Le dichiarazioni del RUP sono un oggetto JSON.");
	json_object_foreach((json_t *)dati, key, v)
	{
		(void)v;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (allowed[i] == NULL)
			return dati_fail(err, strlen(key) < 40 ? key : "?",
			                 "Dichiarazione non prevista da questa"
			                 " scheda.");
	}
	return AV_OK;
}

/* dati.key as a day; *days its day number; 0 absent and optional. */
static int
dati_day(const json_t *dati, const char *key, int required, char out[32],
         int64_t *days, struct av_err *err)
{
	const char *s = json_string_value(json_object_get(dati, key));
	char field[64];
	struct lt_date d;

	out[0] = '\0';
	if (s == NULL && json_object_get(dati, key) == NULL && !required)
		return AV_OK;
	snprintf(field, sizeof(field), "dati.%s", key);
	if (s == NULL)
		return dati_fail(
		    err, key, "Manca la data (aaaa-mm-gg) dichiarata dal RUP.");
	if (strlen(s) > DATI_STR_MAX)
		return dati_fail(err, key,
		                 "La data non è valida (aaaa-mm-gg).");
	if (lt_parse_date(s, strlen(s), &d, field, err) != AV_OK) {
		err->code = AV_EUNPROC; /* the statement, not the request */
		return err->code;
	}
	if (days != NULL)
		*days = lt_days(d);
	return pcp_day_time(s, out, field, err);
}

/* The outcome of lot o->lotto, which must have its contract signed. */
static int
signed_lot(const struct sua_view_gara *g, const struct sua_view_esito *e,
           size_t ne, const struct pcp_scheda_opts *o,
           const struct sua_view_esito **out, const struct sua_view_lotto **l,
           struct av_err *err)
{
	size_t i;

	if (o == NULL || o->lotto <= 0 ||
	    (*l = pcp_lotto_of(g, o->lotto, NULL)) == NULL)
		return av_fail(err, AV_EUNPROC, "lotto",
		               "Indicare il lotto del contratto (numero di un"
		               " lotto della gara).");
	for (i = 0; i < ne; i++)
		if (e[i].numero == o->lotto && e[i].contratto_data[0] != '\0') {
			*out = &e[i];
			return AV_OK;
		}
	return av_fail(err, AV_EUNPROC, "lotto",
	               "Il contratto del lotto non è ancora stipulato.");
}

int
pcp_scheda_sc1(struct jw *w, const struct sua_view_gara *g,
               const struct sua_view_esito *e, size_t ne,
               const struct pcp_sa_codes *sa, const struct pcp_scheda_opts *o,
               struct av_err *err)
{
	static const char *const keys[] = {
	    "codiceAusa",      "dataDecorrenza",        "dataScadenza",
	    "dataEsecutivita", "importoCauzione_cents", NULL};
	const struct sua_view_esito *x;
	const struct sua_view_lotto *l;
	char stipula[32], decorre[32], scade[32], esec[32], id[37];
	const json_t *dati = o != NULL ? o->dati : NULL;
	const char *ausa;
	int64_t d1 = 0, d2 = 0, cauzione;
	json_t *c;

	(void)sa; /* the Province's AUSA is not the signatory's */
	if (signed_lot(g, e, ne, o, &x, &l, err) != AV_OK)
		return err->code;
	if (l->cig[0] == '\0') {
		char field[48];
		size_t k = 0;

		pcp_lotto_of(g, l->numero, &k);
		snprintf(field, sizeof(field), "lotti[%zu].cig", k);
		return av_fail(err, AV_EUNPROC, field,
		               "Il lotto non ha il CIG.");
	}
	if (dati_keys(dati, keys, err) != AV_OK)
		return err->code;
	ausa = json_string_value(json_object_get(dati, "codiceAusa"));
	if (ausa == NULL || strlen(ausa) < 4 || strlen(ausa) > 16 ||
	    strspn(ausa, "0123456789") != strlen(ausa))
		return dati_fail(err, "codiceAusa",
		                 "Manca il codice AUSA dell'amministrazione che"
		                 " firma il contratto (solo cifre).");
	if (dati_day(dati, "dataDecorrenza", 1, decorre, &d1, err) != AV_OK ||
	    dati_day(dati, "dataScadenza", 1, scade, &d2, err) != AV_OK ||
	    dati_day(dati, "dataEsecutivita", 0, esec, NULL, err) != AV_OK)
		return err->code;
	if (d2 < d1)
		return dati_fail(err, "dataScadenza",
		                 "La scadenza del contratto precede la"
		                 " decorrenza.");
	c = json_object_get(dati, "importoCauzione_cents");
	if (!json_is_integer(c))
		return dati_fail(err, "importoCauzione_cents",
		                 "Manca l'importo della cauzione definitiva, in"
		                 " centesimi.");
	cauzione = (int64_t)json_integer_value(c);
	if (cauzione < 0 || cauzione > x->contratto_cents)
		return dati_fail(err, "importoCauzione_cents",
		                 "La cauzione deve essere tra zero e l'importo"
		                 " del contratto.");
	if (pcp_day_time(x->contratto_data, stipula, "contratto_data", err) !=
	    AV_OK)
		return err->code;
	pcp_id_partecipante(g->id, x->numero, x->vincitore_offerta, id);
	pcp_scheda_open(w, "SC1");
	jw_kobj(w, "datiContratto");
	jw_karr(w, "codiceAusa");
	jw_str(w, ausa);
	jw_arr_end(w);
	jw_kstr(w, "idPartecipante", id);
	jw_karr(w, "cig");
	jw_str(w, l->cig);
	jw_arr_end(w);
	jw_kstr(w, "dataStipula", stipula);
	if (esec[0] != '\0')
		jw_kstr(w, "dataEsecutivita", esec);
	jw_kstr(w, "dataDecorrenza", decorre);
	jw_kstr(w, "dataScadenza", scade);
	pcp_jw_euro(w, "importoCauzione", cauzione);
	jw_obj_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}

/* 8-4-4-4-12 lowercase or uppercase hex digits. */
static int
is_uuid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-'
		         : strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return 0;
	}
	return 1;
}

int
pcp_scheda_i1(struct jw *w, const struct sua_view_gara *g,
              const struct sua_view_esito *e, size_t ne,
              const struct pcp_scheda_opts *o, struct av_err *err)
{
	static const char *const keys[] = {"idContratto",
	                                   "dataEffettivoInizio",
	                                   "dataFinePrevista",
	                                   "consegnaSottoRiserva",
	                                   "dataVerbalePrimaConsegna",
	                                   NULL};
	const struct sua_view_esito *x;
	const struct sua_view_lotto *l;
	char inizio[32], fine[32], verbale[32];
	const json_t *dati = o != NULL ? o->dati : NULL;
	const char *idc;
	int64_t d1 = 0, d2 = 0;
	json_t *riserva;

	if (signed_lot(g, e, ne, o, &x, &l, err) != AV_OK)
		return err->code;
	if (dati_keys(dati, keys, err) != AV_OK)
		return err->code;
	idc = json_string_value(json_object_get(dati, "idContratto"));
	if (!is_uuid(idc))
		return dati_fail(err, "idContratto",
		                 "Manca l'identificativo del contratto (UUID)"
		                 " restituito dall'ANAC per la scheda SC1.");
	if (dati_day(dati, "dataEffettivoInizio", 1, inizio, &d1, err) !=
	        AV_OK ||
	    dati_day(dati, "dataFinePrevista", 1, fine, &d2, err) != AV_OK ||
	    dati_day(dati, "dataVerbalePrimaConsegna", 0, verbale, NULL, err) !=
	        AV_OK)
		return err->code;
	if (d2 < d1)
		return dati_fail(err, "dataFinePrevista",
		                 "La fine prevista precede l'inizio"
		                 " dell'esecuzione.");
	riserva = json_object_get(dati, "consegnaSottoRiserva");
	if (!json_is_boolean(riserva))
		return dati_fail(err, "consegnaSottoRiserva",
		                 "Indicare se la consegna è avvenuta sotto"
		                 " riserva di legge (vero o falso).");
	pcp_scheda_open(w, "I1");
	jw_kstr(w, "idContratto", idc);
	jw_kobj(w, "datiInizio");
	if (verbale[0] != '\0')
		jw_kstr(w, "dataVerbalePrimaConsegna", verbale);
	jw_kbool(w, "consegnaSottoRiserva", json_is_true(riserva));
	jw_kstr(w, "dataEffettivoInizio", inizio);
	jw_kstr(w, "dataFinePrevista", fine);
	jw_obj_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}

/* ---- the statements' checks, for the other execution schede (CO1) ---- */

int
pcp_dati_fail(struct av_err *err, const char *key, const char *msg)
{
	return dati_fail(err, key, msg);
}

int
pcp_dati_keys(const json_t *dati, const char *const *allowed,
              struct av_err *err)
{
	return dati_keys(dati, allowed, err);
}

int
pcp_dati_day(const json_t *dati, const char *key, int required, char out[32],
             int64_t *days, struct av_err *err)
{
	return dati_day(dati, key, required, out, days, err);
}

int
pcp_signed_lot(const struct sua_view_gara *g, const struct sua_view_esito *e,
               size_t ne, const struct pcp_scheda_opts *o,
               const struct sua_view_esito **out,
               const struct sua_view_lotto **l, struct av_err *err)
{
	return signed_lot(g, e, ne, o, out, l, err);
}

int
pcp_is_uuid(const char *s)
{
	return is_uuid(s);
}
