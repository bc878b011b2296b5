/*
 * handlers.c - HTTP in, typed structs out, JSON back: the handlers of
 * POST /api/v1/sua/procedura, POST /api/v1/sua/anomalia and
 * GET /api/v1/valida/{tipo}/{codice}.  Bodies are declared as field tables
 * (json/jbody.h: unknown keys, types and bounds -> 400 naming the JSON
 * path, checked by the router); the logic
 * is in rules.c, anomaly.c and src/valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xmalloc.h"
#include "json/jbody.h"
#include "modules/sua/anomaly.h"
#include "modules/sua/handlers.h"
#include "modules/settings/settings.h"
#include "modules/sua/rules.h"
#include "modules/vocab/valida.h"

struct procedura_body {
	const char *tipo, *importo, *data, *ente, *qual, *crit;
	int64_t cents, nlots;
	int have_cents, have_lots, cb;
	json_t *lots; /* borrowed: importi_lotti_cents */
};

#define PB struct procedura_body

static const struct jfield lot_cents_item = {
    JF_INT("importo_lotto", 0, 1, SUA_AMOUNT_MAX_CENTS),
    .msg = "L'importo del lotto deve essere un intero positivo di "
           "centesimi"};

const struct jfield sua_procedura_body[] = {
    {JF_STRING("tipo", JF_REQUIRED, 0, 16), JF_TO(PB, tipo),
     .desc = "lavori, servizi o forniture"},
    {JF_STRING("importo", 0, 0, 24), JF_TO(PB, importo),
     .desc = "euro, es. \"150000.00\""},
    {JF_INT("importo_cents", 0, 1, SUA_AMOUNT_MAX_CENTS), JF_TO(PB, cents),
     JF_SEEN(PB, have_cents)},
    {JF_DATE("data", JF_REQUIRED), JF_TO(PB, data),
     .msg = "Data non valida: usare il formato AAAA-MM-GG"},
    {JF_INT("lotti", 0, 1, SUA_LOTS_MAX), JF_TO(PB, nlots),
     JF_SEEN(PB, have_lots)},
    {JF_ARRAY("importi_lotti_cents", 0, 1, SUA_LOTS_MAX, &lot_cents_item),
     JF_TO(PB, lots)},
    {JF_BOOL("interesse_transfrontaliero", 0), JF_TO(PB, cb)},
    {JF_STRING("ente", 0, 0, 16), JF_TO(PB, ente),
     .desc = "comune o provincia"},
    {JF_STRING("qualificazione", 0, 0, 32), JF_TO(PB, qual)},
    {JF_STRING("criterio", 0, 0, 16), JF_TO(PB, crit), .desc = "prezzo o oepv"},
    {0},
};

#undef PB

int
sua_post_procedura(struct req *req, struct resp *resp)
{
	static _Thread_local struct sua_rules_in in;
	static _Thread_local struct sua_rules_result res;
	struct av_err *err = req_err(req);
	struct procedura_body b;
	json_t *v;
	size_t i;
	struct settings_time st;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	/* The table bounds the items: SUA_LOTS_MAX integers in range. */
	json_array_foreach(b.lots, i, v) in.lot_cents[i] =
	    json_integer_value(v);
	in.nlots = b.lots ? json_array_size(b.lots) : 0;
	if (sua_obj_parse(b.tipo, &in.obj) != 0)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Tipo non valido: usare lavori, servizi o "
		               "forniture");
	if (b.importo != NULL && b.have_cents)
		return av_fail(err, AV_EINVAL, "importo",
		               "Indicare importo oppure importo_cents, non "
		               "entrambi");
	if (b.importo != NULL && parse_euro_cents(b.importo, strlen(b.importo),
	                                          &in.amount_cents) != 0)
		return av_fail(err, AV_EINVAL, "importo",
		               "Importo non valido: usare euro con il punto "
		               "decimale, es. \"150000.00\"");
	if (b.have_cents)
		in.amount_cents = b.cents;
	if (b.importo == NULL && !b.have_cents && in.nlots == 0)
		return av_fail(err, AV_EINVAL, "importo_cents",
		               "Indicare l'importo (importo_cents o importo)");
	memcpy(in.date, b.data, 11);
	in.cross_border = b.cb;
	if (b.ente == NULL || strcmp(b.ente, "comune") == 0)
		in.ente = SUA_ENTE_COMUNE;
	else if (strcmp(b.ente, "provincia") == 0)
		in.ente = SUA_ENTE_PROVINCIA;
	else
		return av_fail(err, AV_EINVAL, "ente",
		               "Ente non valido: usare comune o provincia");
	if (b.qual != NULL &&
	    sua_rules_parse_qual(b.qual, &in.qual, "qualificazione", err) !=
	        AV_OK)
		return err->code;
	if (b.crit == NULL)
		in.criterio = SUA_CRIT_NON_INDICATO;
	else if (strcmp(b.crit, "prezzo") == 0)
		in.criterio = SUA_CRIT_PREZZO;
	else if (strcmp(b.crit, "oepv") == 0)
		in.criterio = SUA_CRIT_OEPV;
	else
		return av_fail(err, AV_EINVAL, "criterio",
		               "Criterio non valido: usare prezzo o oepv");
	if (b.have_lots && in.nlots > 0)
		return av_fail(err, AV_EINVAL, "lotti",
		               "Indicare lotti oppure importi_lotti_cents, non "
		               "entrambi");
	if (b.have_lots && sua_rules_split_lots(&in, (size_t)b.nlots) != 0)
		return av_fail(err, AV_EINVAL, "lotti",
		               "Numero di lotti non valido");
	/* The minimum terms as dates follow this installation's calendar. */
	if (settings_time_get(req_db(req), &st, err) != AV_OK)
		return err->code;
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_rules_classify(&in, &res, err) != AV_OK)
		return err->code;
	sua_rules_write(resp_jw(resp, 200), &res);
	return AV_OK;
}

struct anomalia_body {
	const char *metodo, *e;
	json_t *offerte; /* borrowed */
};

#define AB struct anomalia_body

static const struct jfield offerta_item = {
    JF_STRING("offerta", 0, 1, 32),
    .msg = "Offerta non valida: una stringa con un ribasso tra 0 e 100, "
           "punto decimale (es. \"14.320\")"};

const struct jfield sua_anomalia_body[] = {
    {JF_STRING("metodo", JF_REQUIRED, 0, 1), JF_TO(AB, metodo),
     .desc = "A, B o C"},
    {JF_ARRAY("offerte", JF_REQUIRED, 1, SUA_ANOM_MAX_OFFERS, &offerta_item),
     JF_TO(AB, offerte),
     .msg = "Le offerte devono essere una lista (da 1 a 10000) di "
            "stringhe decimali, es. [\"14.320\"]"},
    {JF_STRING("sconto_riferimento", 0, 0, 16), JF_TO(AB, e)},
    {0},
};

#undef AB

int
sua_post_anomalia(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct anomalia_body b;
	struct sua_anom_in in;
	struct sua_offer *offers;
	struct sua_anom_result *r;
	json_t *v;
	size_t i, n;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	if (sua_anom_method_parse(b.metodo, &in.metodo) != 0)
		return av_fail(err, AV_EINVAL, "metodo",
		               "Metodo non valido: usare A, B o C");
	if (b.e != NULL) {
		if (sua_offer_parse(b.e, strlen(b.e), &in.e) != 0)
			return av_fail(err, AV_EINVAL, "sconto_riferimento",
			               "Sconto di riferimento non valido: un "
			               "decimale tra 0 e 100 come stringa, es. "
			               "\"24.000\"");
		in.has_e = 1;
	}
	n = json_array_size(b.offerte);
	offers = xcalloc(n, sizeof(*offers));
	json_array_foreach(b.offerte, i, v)
	{
		char field[32];

		if (sua_offer_parse(json_string_value(v), json_string_length(v),
		                    &offers[i]) != 0) {
			free(offers);
			snprintf(field, sizeof(field), "offerte[%zu]", i);
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
	sua_anom_write(resp_jw(resp, 200), r);
	sua_anom_free(r);
	return AV_OK;
}

int
sua_get_valida(struct req *req, struct resp *resp)
{
	const char *tipo = req_param(req, "tipo");
	const char *codice = req_param(req, "codice");
	struct av_err *err = req_err(req);
	size_t i;
	int known = 0, valid = 0;

	for (i = 0; valid_kinds[i] != NULL; i++)
		if (strcmp(valid_kinds[i], tipo) == 0)
			known = 1;
	if (!known)
		return av_fail(err, AV_ENOTFOUND, "tipo",
		               "Tipo di codice sconosciuto: usare cf, piva, "
		               "cig, cup, cpv o istat");
	/* The answer is written only once the lookups succeeded. */
	if (valid_check_write(valid_kind_needs_db(tipo) ? req_db(req) : NULL,
	                      tipo, codice, strlen(codice), resp_jw(resp, 200),
	                      &valid, err) != AV_OK)
		return err->code;
	return AV_OK;
}
