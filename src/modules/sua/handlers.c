/*
 * handlers.c - HTTP in, typed structs out, JSON back: the handlers of
 * POST /api/v1/sua/procedura, POST /api/v1/sua/anomalia and
 * GET /api/v1/valida/{tipo}/{codice}.  Bodies are read field by field with
 * jfield (unknown keys and wrong types -> 400 naming the field); the logic
 * is in rules.c, anomaly.c and src/valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xmalloc.h"
#include "json/jfield.h"
#include "modules/sua/anomaly.h"
#include "modules/sua/handlers.h"
#include "modules/settings/settings.h"
#include "modules/sua/rules.h"
#include "modules/vocab/valida.h"

static const char *const procedura_keys[] = {"tipo",
                                             "importo",
                                             "importo_cents",
                                             "data",
                                             "lotti",
                                             "importi_lotti_cents",
                                             "interesse_transfrontaliero",
                                             "ente",
                                             "qualificazione",
                                             "criterio",
                                             NULL};

static int
read_lots(json_t *body, struct sua_rules_in *in, struct av_err *err)
{
	json_t *arr = json_object_get(body, "importi_lotti_cents"), *v;
	size_t i;

	if (arr == NULL)
		return AV_OK;
	if (!json_is_array(arr))
		return av_fail(err, AV_EINVAL, "importi_lotti_cents",
		               "Gli importi dei lotti devono essere una lista "
		               "di interi in centesimi");
	if (json_array_size(arr) == 0 || json_array_size(arr) > SUA_LOTS_MAX)
		return av_fail(err, AV_EINVAL, "importi_lotti_cents",
		               "Indicare da 1 a %d lotti", SUA_LOTS_MAX);
	json_array_foreach(arr, i, v)
	{
		char field[48];

		snprintf(field, sizeof(field), "importi_lotti_cents[%zu]", i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
		    json_integer_value(v) > SUA_AMOUNT_MAX_CENTS)
			return av_fail(err, AV_EINVAL, field,
			               "L'importo del lotto deve essere un "
			               "intero positivo di centesimi");
		in->lot_cents[i] = json_integer_value(v);
	}
	in->nlots = json_array_size(arr);
	return AV_OK;
}

int
sua_post_procedura(struct req *req, struct resp *resp)
{
	static _Thread_local struct sua_rules_in in;
	static _Thread_local struct sua_rules_result res;
	struct av_err *err = req_err(req);
	json_t *body = req_body(req);
	const char *tipo, *imp, *data, *ente, *qual, *crit;
	int64_t cents = 0, nlots = 0;
	int have_cents = 0, have_lots = 0, cb = 0;
	struct settings_time st;

	memset(&in, 0, sizeof(in));
	if (jf_object(body, "", procedura_keys, err) != AV_OK ||
	    jf_string(body, "tipo", 1, 16, &tipo, err) != AV_OK ||
	    jf_string(body, "importo", 0, 24, &imp, err) != AV_OK ||
	    jf_int(body, "importo_cents", 0, 1, SUA_AMOUNT_MAX_CENTS, &cents,
	           &have_cents, err) != AV_OK ||
	    jf_string(body, "data", 1, 10, &data, err) != AV_OK ||
	    jf_int(body, "lotti", 0, 1, SUA_LOTS_MAX, &nlots, &have_lots,
	           err) != AV_OK ||
	    jf_bool(body, "interesse_transfrontaliero", 0, &cb, NULL, err) !=
	        AV_OK ||
	    jf_string(body, "ente", 0, 16, &ente, err) != AV_OK ||
	    jf_string(body, "qualificazione", 0, 32, &qual, err) != AV_OK ||
	    jf_string(body, "criterio", 0, 16, &crit, err) != AV_OK ||
	    read_lots(body, &in, err) != AV_OK)
		return err->code;
	if (sua_obj_parse(tipo, &in.obj) != 0)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Tipo non valido: usare lavori, servizi o "
		               "forniture");
	if (imp != NULL && have_cents)
		return av_fail(err, AV_EINVAL, "importo",
		               "Indicare importo oppure importo_cents, non "
		               "entrambi");
	if (imp != NULL &&
	    parse_euro_cents(imp, strlen(imp), &in.amount_cents) != 0)
		return av_fail(err, AV_EINVAL, "importo",
		               "Importo non valido: usare euro con il punto "
		               "decimale, es. \"150000.00\"");
	if (have_cents)
		in.amount_cents = cents;
	if (imp == NULL && !have_cents && in.nlots == 0)
		return av_fail(err, AV_EINVAL, "importo_cents",
		               "Indicare l'importo (importo_cents o importo)");
	if (strlen(data) != 10)
		return av_fail(err, AV_EINVAL, "data",
		               "Data non valida: usare il formato AAAA-MM-GG");
	memcpy(in.date, data, 11);
	in.cross_border = cb;
	if (ente == NULL || strcmp(ente, "comune") == 0)
		in.ente = SUA_ENTE_COMUNE;
	else if (strcmp(ente, "provincia") == 0)
		in.ente = SUA_ENTE_PROVINCIA;
	else
		return av_fail(err, AV_EINVAL, "ente",
		               "Ente non valido: usare comune o provincia");
	if (qual != NULL && sua_rules_parse_qual(
	                        qual, &in.qual, "qualificazione", err) != AV_OK)
		return err->code;
	if (crit == NULL)
		in.criterio = SUA_CRIT_NON_INDICATO;
	else if (strcmp(crit, "prezzo") == 0)
		in.criterio = SUA_CRIT_PREZZO;
	else if (strcmp(crit, "oepv") == 0)
		in.criterio = SUA_CRIT_OEPV;
	else
		return av_fail(err, AV_EINVAL, "criterio",
		               "Criterio non valido: usare prezzo o oepv");
	if (have_lots && in.nlots > 0)
		return av_fail(err, AV_EINVAL, "lotti",
		               "Indicare lotti oppure importi_lotti_cents, non "
		               "entrambi");
	if (have_lots && sua_rules_split_lots(&in, (size_t)nlots) != 0)
		return av_fail(err, AV_EINVAL, "lotti",
		               "Numero di lotti non valido");
	/* The minimum terms as dates follow this installation's calendar. */
	if (settings_time_get(req_db(req), &st, err) != AV_OK)
		return err->code;
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_rules_classify(&in, &res, err) != AV_OK)
		return err->code;
	return resp_json(resp, 200, sua_rules_to_json(&res));
}

static const char *const anomalia_keys[] = {"metodo", "offerte",
                                            "sconto_riferimento", NULL};

int
sua_post_anomalia(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	json_t *body = req_body(req), *arr, *v;
	const char *metodo, *e;
	struct sua_anom_in in;
	struct sua_offer *offers;
	struct sua_anom_result *r;
	size_t i, n;

	memset(&in, 0, sizeof(in));
	if (jf_object(body, "", anomalia_keys, err) != AV_OK ||
	    jf_string(body, "metodo", 1, 1, &metodo, err) != AV_OK ||
	    jf_string(body, "sconto_riferimento", 0, 16, &e, err) != AV_OK)
		return err->code;
	if (sua_anom_method_parse(metodo, &in.metodo) != 0)
		return av_fail(err, AV_EINVAL, "metodo",
		               "Metodo non valido: usare A, B o C");
	if (e != NULL) {
		if (sua_offer_parse(e, strlen(e), &in.e) != 0)
			return av_fail(err, AV_EINVAL, "sconto_riferimento",
			               "Sconto di riferimento non valido: un "
			               "decimale tra 0 e 100 come stringa, es. "
			               "\"24.000\"");
		in.has_e = 1;
	}
	arr = json_object_get(body, "offerte");
	if (arr == NULL)
		return av_fail(err, AV_EINVAL, "offerte",
		               "Manca l'elenco delle offerte");
	if (!json_is_array(arr))
		return av_fail(err, AV_EINVAL, "offerte",
		               "Le offerte devono essere una lista di stringhe "
		               "decimali, es. [\"14.320\"]");
	n = json_array_size(arr);
	if (n == 0)
		return av_fail(err, AV_EINVAL, "offerte",
		               "Nessuna offerta indicata");
	if (n > SUA_ANOM_MAX_OFFERS)
		return av_fail(err, AV_ETOOBIG, "offerte",
		               "Troppe offerte: al massimo %d",
		               SUA_ANOM_MAX_OFFERS);
	offers = xcalloc(n, sizeof(*offers));
	json_array_foreach(arr, i, v)
	{
		char field[32];

		snprintf(field, sizeof(field), "offerte[%zu]", i);
		if (!json_is_string(v) ||
		    sua_offer_parse(json_string_value(v), json_string_length(v),
		                    &offers[i]) != 0) {
			free(offers);
			return av_fail(
			    err, AV_EINVAL, field,
			    "Offerta non valida: una stringa con un "
			    "ribasso tra 0 e 100, punto decimale, al "
			    "massimo %d decimali (es. \"14.320\")",
			    SUA_ANOM_DECIMALS_MAX);
		}
	}
	in.offers = offers;
	in.n = n;
	r = sua_anom_compute(&in, err);
	free(offers);
	if (r == NULL)
		return err->code;
	v = sua_anom_to_json(r);
	sua_anom_free(r);
	return resp_json(resp, 200, v);
}

int
sua_get_valida(struct req *req, struct resp *resp)
{
	const char *tipo = req_param(req, "tipo");
	const char *codice = req_param(req, "codice");
	struct av_err *err = req_err(req);
	json_t *o = NULL;
	size_t i;
	int known = 0;

	for (i = 0; valid_kinds[i] != NULL; i++)
		if (strcmp(valid_kinds[i], tipo) == 0)
			known = 1;
	if (!known)
		return av_fail(err, AV_ENOTFOUND, "tipo",
		               "Tipo di codice sconosciuto: usare cf, piva, "
		               "cig, cup, cpv o istat");
	if (valid_check_json(valid_kind_needs_db(tipo) ? req_db(req) : NULL,
	                     tipo, codice, strlen(codice), &o, err) != AV_OK)
		return err->code;
	return resp_json(resp, 200, o);
}
