/*
 * richieste_firma_handlers.c - the SUA officer's routes on the signatures
 * of a request's attachments (richieste_firma.h,
 * docs/api/sua-richieste-firma.md): PUT /api/v1/sua/richieste/{id}/firma
 * {"firma_richiesta": bool} GET /api/v1/sua/richieste/{id}/firme   each
 * attachment with its result GET
 * /api/v1/sua/richieste/{id}/documenti/{documento}/firma   the whole result of
 * one attachment All three need PERM_SUA_MANAGE on the request's Province: the
 * people who decide on the request.  The Comune, another Province, an operator
 * see nothing of the verification (the request shows the Comune only that
 * signed files are asked: firma_richiesta in GET /richieste/{id}).
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "http/route.h"
#include "jobs/job.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/richieste_firma.h"
#include "modules/sua/richieste_handlers.h"

struct firma_in {
	int on;
};

static const struct jfield firma_body[] = {
    {JF_BOOL("firma_richiesta", JF_REQUIRED), JF_TO(struct firma_in, on),
     .desc = "true: i documenti della richiesta vanno firmati digitalmente"},
    {0},
};

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake(); /* after the router's commit: the arena is released then */
}

static int
firma_put(struct req *req, struct resp *resp)
{
	struct firma_in in;
	int64_t id;
	int queued = 0;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Richiesta", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    richiesta_firma_set(req_db(req), req_user(req)->id, id, in.on,
	                        &queued, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (queued > 0)
		arena_on_release(req_arena(req), wake_workers, NULL);
	return richiesta_firme_write(resp_jw(resp, 200), req_db(req), id,
	                             req_err(req));
}

static int
firme_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Richiesta", &id) != AV_OK)
		return req_err(req)->code;
	return richiesta_firme_write(resp_jw(resp, 200), req_db(req), id,
	                             req_err(req));
}

static int
documento_firma_get(struct req *req, struct resp *resp)
{
	const char *d = req_param(req, "documento");
	int64_t id, doc;

	if (sua_path_id(req, "Richiesta", &id) != AV_OK)
		return req_err(req)->code;
	if (parse_i64(d, strlen(d), 1, INT64_MAX, &doc) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "documento",
		               "Documento non trovato.");
	return richiesta_firma_result_write(resp_jw(resp, 200), req_db(req), id,
	                                    doc, req_err(req));
}

static const char *const q_none[] = {NULL};

const struct route sua_richieste_firma_routes[] = {
    {HTTP_PUT, "/api/v1/sua/richieste/{id}/firma", firma_put, PERM_SUA_MANAGE,
     1024, ROUTE_AUDITED, q_none,
     "La SUA chiede (o non chiede più) documenti firmati digitalmente",
     sua_scope_richiesta, firma_body},
    {HTTP_GET, "/api/v1/sua/richieste/{id}/firme", firme_get, PERM_SUA_MANAGE,
     0, 0, q_none,
     "I documenti della richiesta con la verifica della firma digitale",
     sua_scope_richiesta},
    {HTTP_GET, "/api/v1/sua/richieste/{id}/documenti/{documento}/firma",
     documento_firma_get, PERM_SUA_MANAGE, 0, 0, q_none,
     "La verifica completa della firma di un documento della richiesta",
     sua_scope_richiesta},
};

const size_t sua_richieste_firma_routes_count =
    sizeof(sua_richieste_firma_routes) / sizeof(sua_richieste_firma_routes[0]);
