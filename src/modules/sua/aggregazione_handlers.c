/*
 * aggregazione_handlers.c - the HTTP edge of demand aggregation and
 * splitting alerts (aggregazione.h): the suggestions of a Province, the
 * officer's decisions, the alerts and their justification.  Every route
 * is the SUA officer's of the Province in the path (scope provincia:NNN).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "http/route.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/gare_handlers.h"
#include "modules/sua/rules.h"

#define AGG_BODY_MAX 65536
#define AGG_IDS_MAX 200 /* requests named in one decision */

static int
read_params(struct req *req, struct agg_params *p)
{
	int64_t v;

	agg_params_default(p);
	if (req_query_i64(req, "cifre_cpv", AGG_CPV_DIGITS_MIN,
	                  AGG_CPV_DIGITS_MAX, p->cpv_digits, &v) != AV_OK)
		return req_err(req)->code;
	p->cpv_digits = (int)v;
	if (req_query_i64(req, "finestra_giorni", 0, AGG_WINDOW_MAX,
	                  p->window_days, &v) != AV_OK)
		return req_err(req)->code;
	p->window_days = (int)v;
	if (req_query_i64(req, "costo_procedura_cents", 0, SUA_AMOUNT_MAX_CENTS,
	                  p->cost_cents, &v) != AV_OK)
		return req_err(req)->code;
	p->cost_cents = v;
	return AV_OK;
}

static int
aggregazioni_get(struct req *req, struct resp *resp)
{
	struct agg_params p;
	char date[LT_DATE_LEN];

	if (read_params(req, &p) != AV_OK)
		return req_err(req)->code;
	sua_today((int64_t)time(NULL), date);
	return sua_aggregazioni_write(req_db(req), req_param(req, "codice"), &p,
	                              date, resp_jw(resp, 200), req_err(req));
}

struct decision_body {
	json_t *richieste; /* borrowed */
	const char *motivo;
};

static const struct jfield id_item = {JF_INT("richiesta", 0, 1, INT64_MAX)};

static const struct jfield rifiuta_body[] = {
    {JF_ARRAY("richieste", JF_REQUIRED, 2, AGG_IDS_MAX, &id_item),
     JF_TO(struct decision_body, richieste)},
    {JF_STRING("motivo", JF_REQUIRED, 1, AGG_MOTIVO_MAX),
     JF_TO(struct decision_body, motivo),
     .msg = "Indicare il motivo (al massimo 2000 caratteri)."},
    {0},
};

static const struct jfield giustifica_body[] = {
    {JF_ARRAY("richieste", JF_REQUIRED, 1, AGG_IDS_MAX, &id_item),
     JF_TO(struct decision_body, richieste)},
    {JF_STRING("motivo", JF_REQUIRED, 1, AGG_MOTIVO_MAX),
     JF_TO(struct decision_body, motivo),
     .msg = "Indicare le ragioni oggettive (al massimo 2000 caratteri)."},
    {0},
};

static size_t
read_ids(json_t *arr, int64_t *ids, size_t max)
{
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (n < max)
			ids[n++] = json_integer_value(v);
	}
	return n;
}

static int
aggregazione_rifiuta(struct req *req, struct resp *resp)
{
	struct decision_body b;
	struct agg_params p;
	int64_t ids[AGG_IDS_MAX];
	size_t n;
	char date[LT_DATE_LEN];
	struct jw *w;

	memset(&b, 0, sizeof(b));
	if (req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	if (read_params(req, &p) != AV_OK)
		return req_err(req)->code;
	n = read_ids(b.richieste, ids, AGG_IDS_MAX);
	sua_today((int64_t)time(NULL), date);
	if (sua_aggregazione_reject(req_db(req), req_user(req)->id,
	                            req_param(req, "codice"), &p, date, ids, n,
	                            b.motivo, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "esito", "rifiutata");
	jw_kstr(w, "motivo", b.motivo);
	jw_obj_end(w);
	return AV_OK;
}

static const struct jfield accetta_body[] = {
    {JF_ARRAY("richieste", JF_REQUIRED, 2, AGG_IDS_MAX, &id_item),
     JF_TO(struct decision_body, richieste)},
    {0},
};

static int
aggregazione_accetta(struct req *req, struct resp *resp)
{
	struct decision_body b;
	struct agg_params p;
	int64_t ids[AGG_IDS_MAX], gara_id = 0;
	size_t n;
	char date[LT_DATE_LEN];
	struct jw *w;

	memset(&b, 0, sizeof(b));
	if (req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	if (read_params(req, &p) != AV_OK)
		return req_err(req)->code;
	n = read_ids(b.richieste, ids, AGG_IDS_MAX);
	sua_today((int64_t)time(NULL), date);
	if (sua_aggregazione_accept(req_db(req), req_user(req)->id,
	                            req_param(req, "codice"), &p, date, ids, n,
	                            &gara_id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_kstr(w, "esito", "accettata");
	jw_ki64(w, "gara_id", gara_id);
	jw_obj_end(w);
	return AV_OK;
}

static int
frazionamenti_get(struct req *req, struct resp *resp)
{
	return sua_frazionamenti_write(req_db(req), req_param(req, "codice"),
	                               (int64_t)time(NULL), resp_jw(resp, 200),
	                               req_err(req));
}

static int
frazionamenti_giustifica(struct req *req, struct resp *resp)
{
	struct decision_body b;
	int64_t ids[AGG_IDS_MAX];
	size_t n;
	struct jw *w;

	memset(&b, 0, sizeof(b));
	if (req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	n = read_ids(b.richieste, ids, AGG_IDS_MAX);
	if (sua_frazionamento_justify(req_db(req), req_user(req)->id,
	                              req_param(req, "codice"), ids, n,
	                              b.motivo, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "giustificate", (int64_t)n);
	jw_obj_end(w);
	return AV_OK;
}

static const char *const agg_query[] = {"cifre_cpv", "finestra_giorni",
                                        "costo_procedura_cents", NULL};
static const char *const no_query[] = {NULL};

const struct route sua_aggregazione_routes[] = {
    {HTTP_GET, "/api/v1/sua/province/{codice}/aggregazioni", aggregazioni_get,
     PERM_SUA_MANAGE, 0, 0, agg_query,
     "Suggerimenti di aggregazione della domanda dei Comuni",
     sua_provincia_scope, NULL},
    {HTTP_POST, "/api/v1/sua/province/{codice}/aggregazioni/rifiuta",
     aggregazione_rifiuta, PERM_SUA_MANAGE, AGG_BODY_MAX, ROUTE_AUDITED,
     agg_query, "Rifiuta un suggerimento di aggregazione con il motivo",
     sua_provincia_scope, rifiuta_body},
    {HTTP_POST, "/api/v1/sua/province/{codice}/aggregazioni/accetta",
     aggregazione_accetta, PERM_SUA_MANAGE, AGG_BODY_MAX, ROUTE_AUDITED,
     agg_query,
     "Accetta un suggerimento: una gara in bozza, un lotto per "
     "richiesta",
     sua_provincia_scope, accetta_body},
    {HTTP_GET, "/api/v1/sua/province/{codice}/frazionamenti", frazionamenti_get,
     PERM_SUA_MANAGE, 0, 0, no_query, "Allarmi di frazionamento (art. 14 c.6)",
     sua_provincia_scope, NULL},
    {HTTP_POST, "/api/v1/sua/province/{codice}/frazionamenti/giustifica",
     frazionamenti_giustifica, PERM_SUA_MANAGE, AGG_BODY_MAX, ROUTE_AUDITED,
     no_query, "Registra le ragioni oggettive per richieste segnalate",
     sua_provincia_scope, giustifica_body},
};

const size_t sua_aggregazione_routes_count =
    sizeof(sua_aggregazione_routes) / sizeof(sua_aggregazione_routes[0]);
