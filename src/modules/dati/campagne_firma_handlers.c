/*
 * campagne_firma_handlers.c - the data officer's routes on signed answers
 * (campagne_firma.h, docs/api/dati-campagne-firma.md):
 *   PUT /api/v1/dati/campagne/{id}/firma   {"risposte_firmate": bool}
 *   GET /api/v1/dati/campagne/{id}/firme   each answer with its signature
 *   GET /api/v1/dati/risposte/{id}/firma   the whole verification of one
 * All three need dati_campagne on the campaign's Province (its data
 * officer, who decides on the answers).  The Comune learns that signed
 * answers are asked from risposte_firmate in its view of the campaign.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "http/route.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/dati/campagne_firma.h"
#include "modules/dati/campagne_handlers.h"

struct firma_in {
	int on;
};

static const struct jfield firma_body[] = {
    {JF_BOOL("risposte_firmate", JF_REQUIRED), JF_TO(struct firma_in, on),
     .desc = "true: le risposte vanno firmate digitalmente (.csv.p7m)"},
    {0},
};

static int
id_of(struct req *req, const char *what, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "%s non trovata.", what);
	return AV_OK;
}

static int
firma_put(struct req *req, struct resp *resp)
{
	struct firma_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (id_of(req, "Raccolta", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    campagna_firma_set(req_db(req), req_user(req)->id, id, in.on,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	return campagna_firme_write(resp_jw(resp, 200), req_db(req), id,
	                            req_err(req));
}

static int
firme_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (id_of(req, "Raccolta", &id) != AV_OK)
		return req_err(req)->code;
	return campagna_firme_write(resp_jw(resp, 200), req_db(req), id,
	                            req_err(req));
}

static int
risposta_firma_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (id_of(req, "Risposta", &id) != AV_OK)
		return req_err(req)->code;
	return risposta_firma_write(resp_jw(resp, 200), req_db(req), id,
	                            req_err(req));
}

static const char *const q_none[] = {NULL};

const struct route dati_campagne_firma_routes[] = {
    {HTTP_PUT, "/api/v1/dati/campagne/{id}/firma", firma_put,
     PERM_DATI_CAMPAGNE, 1024, ROUTE_AUDITED, q_none,
     "Chiede (o non chiede più) risposte firmate digitalmente",
     dati_scope_campagna, firma_body},
    {HTTP_GET, "/api/v1/dati/campagne/{id}/firme", firme_get,
     PERM_DATI_CAMPAGNE, 0, 0, q_none,
     "Le risposte della raccolta con la verifica della firma digitale",
     dati_scope_campagna},
    {HTTP_GET, "/api/v1/dati/risposte/{id}/firma", risposta_firma_get,
     PERM_DATI_CAMPAGNE, 0, 0, q_none,
     "La verifica completa della firma di una risposta", dati_scope_risposta},
};

const size_t dati_campagne_firma_routes_count =
    sizeof(dati_campagne_firma_routes) / sizeof(dati_campagne_firma_routes[0]);
