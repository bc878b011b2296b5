/*
 * schede_conclusione.c - ANAC's scheda CO1 (conclusione del contratto) of
 * one lot of a SUA tender, sent with crea-scheda after I1.  The SUA
 * records the contract's day and nothing of its execution, so, as SC1
 * and I1 (schede_contratto.c), the rest is the RUP's statements
 * (pcp_scheda_opts.dati), checked here before anything is written:
 *   from the SUA: cig (the lot's), dataStipula (the contract's day)
 *   from the RUP: idContratto (ANAC's UUID for SC1); either
 *     dataUltimazione (the service completed) or an early end:
 *     dataInterruzioneAnticipata with causaInterruzioneAnticipata (ANAC's
 *     code), motiviRisoluzione (only and always for a risoluzione, code
 *     2), oneriEconomiciRisoluzioneRecesso and incamerataPolizza
 *     (optional); dataEsecutivita (optional); numeroInfortuni with
 *     diCuiPostumiPermanenti, diCuiMortali (optional, consistent)
 * The codes are ANAC's tipologiche causaInterruzioneAnticipata.json,
 * motiviRisoluzione.json, oneriEconomiciRisoluzioneRecesso.json (npa at
 * 21f8640), copied below; the tests check the output against those
 * files.  ANAC's "importo" (meaning not stated by the model) is not
 * written: docs/pcp-schede.md.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "json/jw.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/sua/gara_view.h"

#define INFORTUNI_MAX 100000 /* a count of accidents beyond this is a typo */

static const char *const causa_codes[] = {"1", "2", "4", "5", "6",
                                          "7", "8", "9", NULL};
static const char *const risoluzione_codes[] = {"1", "2", "4", "5", "6",
                                                "7", "8", "9", NULL};
static const char *const oneri_codes[] = {"0", "1", "2", NULL};

/* dati.key as one of codes; *out NULL when absent. */
static int
dati_code(const json_t *dati, const char *key, const char *const *codes,
          const char **out, struct av_err *err)
{
	const json_t *v = json_object_get(dati, key);
	const char *s = json_string_value(v);
	size_t i;

	*out = NULL;
	if (v == NULL)
		return AV_OK;
	for (i = 0; s != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], s) == 0) {
			*out = codes[i];
			return AV_OK;
		}
	return pcp_dati_fail(err, key,
	                     "Codice non previsto dalla tabella dell'ANAC.");
}

/* dati.key as a count 0..INFORTUNI_MAX; -1 when absent. */
static int
dati_count(const json_t *dati, const char *key, int64_t *out,
           struct av_err *err)
{
	const json_t *v = json_object_get(dati, key);

	*out = -1;
	if (v == NULL)
		return AV_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > INFORTUNI_MAX)
		return pcp_dati_fail(err, key,
		                     "Indicare un numero intero non negativo.");
	*out = (int64_t)json_integer_value(v);
	return AV_OK;
}

struct co1 {
	const char *idc, *causa, *motivo, *oneri;
	char ultimazione[32], interruzione[32], esecutivita[32];
	int64_t infortuni, permanenti, mortali;
	const json_t *polizza;
};

/* The early end's statements: all or none, consistent with the cause. */
static int
check_interruzione(const json_t *dati, struct co1 *c, struct av_err *err)
{
	if (dati_code(dati, "causaInterruzioneAnticipata", causa_codes,
	              &c->causa, err) != AV_OK ||
	    dati_code(dati, "motiviRisoluzione", risoluzione_codes, &c->motivo,
	              err) != AV_OK ||
	    dati_code(dati, "oneriEconomiciRisoluzioneRecesso", oneri_codes,
	              &c->oneri, err) != AV_OK)
		return err->code;
	c->polizza = json_object_get(dati, "incamerataPolizza");
	if (c->polizza != NULL && !json_is_boolean(c->polizza))
		return pcp_dati_fail(err, "incamerataPolizza",
		                     "Indicare se la polizza è stata incamerata"
		                     " (vero o falso).");
	if (c->interruzione[0] == '\0') {
		if (c->causa != NULL || c->motivo != NULL || c->oneri != NULL ||
		    c->polizza != NULL)
			return pcp_dati_fail(
			    err, "dataInterruzioneAnticipata",
			    "Le cause e gli oneri dell'interruzione richiedono"
			    " la data dell'interruzione anticipata.");
		return AV_OK;
	}
	if (c->causa == NULL)
		return pcp_dati_fail(err, "causaInterruzioneAnticipata",
		                     "Indicare la causa dell'interruzione"
		                     " anticipata (codice ANAC).");
	if (strcmp(c->causa, "2") == 0 && c->motivo == NULL)
		return pcp_dati_fail(err, "motiviRisoluzione",
		                     "Indicare il motivo della risoluzione"
		                     " (codice ANAC).");
	if (strcmp(c->causa, "2") != 0 && c->motivo != NULL)
		return pcp_dati_fail(err, "motiviRisoluzione",
		                     "Il motivo di risoluzione vale solo per la"
		                     " risoluzione contrattuale (causa 2).");
	return AV_OK;
}

static int
check(const json_t *dati, const struct sua_view_esito *x, struct co1 *c,
      struct av_err *err)
{
	static const char *const keys[] = {"idContratto",
	                                   "dataUltimazione",
	                                   "dataInterruzioneAnticipata",
	                                   "causaInterruzioneAnticipata",
	                                   "motiviRisoluzione",
	                                   "oneriEconomiciRisoluzioneRecesso",
	                                   "incamerataPolizza",
	                                   "dataEsecutivita",
	                                   "numeroInfortuni",
	                                   "diCuiPostumiPermanenti",
	                                   "diCuiMortali",
	                                   NULL};
	int64_t stipula = 0, fine = 0, stop = 0;
	struct lt_date d;

	if (pcp_dati_keys(dati, keys, err) != AV_OK)
		return err->code;
	c->idc = json_string_value(json_object_get(dati, "idContratto"));
	if (!pcp_is_uuid(c->idc))
		return pcp_dati_fail(
		    err, "idContratto",
		    "Manca l'identificativo del contratto (UUID)"
		    " restituito dall'ANAC per la scheda SC1.");
	if (lt_parse_date(x->contratto_data, strlen(x->contratto_data), &d,
	                  "contratto_data", err) != AV_OK)
		return err->code;
	stipula = lt_days(d);
	if (pcp_dati_day(dati, "dataInterruzioneAnticipata", 0, c->interruzione,
	                 &stop, err) != AV_OK ||
	    pcp_dati_day(dati, "dataUltimazione", c->interruzione[0] == '\0',
	                 c->ultimazione, &fine, err) != AV_OK ||
	    pcp_dati_day(dati, "dataEsecutivita", 0, c->esecutivita, NULL,
	                 err) != AV_OK)
		return err->code;
	if (c->ultimazione[0] != '\0' && fine < stipula)
		return pcp_dati_fail(err, "dataUltimazione",
		                     "L'ultimazione precede la stipula del"
		                     " contratto.");
	if (c->interruzione[0] != '\0' && stop < stipula)
		return pcp_dati_fail(err, "dataInterruzioneAnticipata",
		                     "L'interruzione precede la stipula del"
		                     " contratto.");
	if (check_interruzione(dati, c, err) != AV_OK ||
	    dati_count(dati, "numeroInfortuni", &c->infortuni, err) != AV_OK ||
	    dati_count(dati, "diCuiPostumiPermanenti", &c->permanenti, err) !=
	        AV_OK ||
	    dati_count(dati, "diCuiMortali", &c->mortali, err) != AV_OK)
		return err->code;
	if ((c->permanenti >= 0 || c->mortali >= 0) &&
	    (c->infortuni < 0 || (c->permanenti > 0 ? c->permanenti : 0) +
	                                 (c->mortali > 0 ? c->mortali : 0) >
	                             c->infortuni))
		return pcp_dati_fail(err, "numeroInfortuni",
		                     "Gli infortuni con postumi permanenti e"
		                     " mortali sono una parte del numero di"
		                     " infortuni.");
	return AV_OK;
}

int
pcp_scheda_co1(struct jw *w, const struct sua_view_gara *g,
               const struct sua_view_esito *e, size_t ne,
               const struct pcp_scheda_opts *o, struct av_err *err)
{
	const json_t *dati = o != NULL ? o->dati : NULL;
	const struct sua_view_esito *x;
	const struct sua_view_lotto *l;
	char stipula[32];
	struct co1 c;

	memset(&c, 0, sizeof(c));
	if (pcp_signed_lot(g, e, ne, o, &x, &l, err) != AV_OK)
		return err->code;
	if (l->cig[0] == '\0') {
		char field[48];
		size_t k = 0;

		pcp_lotto_of(g, l->numero, &k);
		snprintf(field, sizeof(field), "lotti[%zu].cig", k);
		return av_fail(err, AV_EUNPROC, field,
		               "Il lotto non ha il CIG.");
	}
	if (dati != NULL && !json_is_object(dati))
		return av_fail(
		    err, AV_EUNPROC, "dati",
		    "Le dichiarazioni del RUP sono un oggetto JSON.");
	if (check(dati, x, &c, err) != AV_OK ||
	    pcp_day_time(x->contratto_data, stipula, "contratto_data", err) !=
	        AV_OK)
		return err->code;
	pcp_scheda_open(w, "CO1");
	jw_kstr(w, "idContratto", c.idc);
	jw_kstr(w, "cig", l->cig);
	jw_kobj(w, "conclusione");
	if (c.causa != NULL)
		pcp_jw_tipologica(w, "causaInterruzioneAnticipata",
		                  "causaInterruzioneAnticipata", c.causa);
	if (c.motivo != NULL)
		pcp_jw_tipologica(w, "motiviRisoluzione", "motiviRisoluzione",
		                  c.motivo);
	jw_kstr(w, "dataStipula", stipula);
	if (c.esecutivita[0] != '\0')
		jw_kstr(w, "dataEsecutivita", c.esecutivita);
	if (c.interruzione[0] != '\0')
		jw_kstr(w, "dataInterruzioneAnticipata", c.interruzione);
	if (c.oneri != NULL)
		pcp_jw_tipologica(w, "oneriEconomiciRisoluzioneRecesso",
		                  "oneriEconomiciRisoluzioneRecesso", c.oneri);
	if (c.polizza != NULL)
		jw_kbool(w, "incamerataPolizza", json_is_true(c.polizza));
	if (c.ultimazione[0] != '\0')
		jw_kstr(w, "dataUltimazione", c.ultimazione);
	if (c.infortuni >= 0)
		jw_ki64(w, "numeroInfortuni", c.infortuni);
	if (c.permanenti >= 0)
		jw_ki64(w, "diCuiPostumiPermanenti", c.permanenti);
	if (c.mortali >= 0)
		jw_ki64(w, "diCuiMortali", c.mortali);
	jw_obj_end(w);
	pcp_scheda_close(w);
	return AV_OK;
}
