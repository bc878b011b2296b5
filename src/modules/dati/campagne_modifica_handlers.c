/*
 * campagne_modifica_handlers.c - PATCH /api/v1/dati/campagne/{id}: the
 * data officer extends an open campaign's deadline or adds Comuni
 * (campagne_modifica.c); 200 with the campaign as GET gives it.
 */
#include <stdint.h>
#include <string.h>

#include "core/parse.h"
#include "http/route.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_handlers.h"

int
dati_campagna_patch(struct req *req, struct resp *resp)
{
	const char *v = req_param(req, "id");
	int64_t id;
	int found = 0;

	if (parse_i64(v, strlen(v), 1, INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (campagna_modifica(req_db(req), req_user(req)->id, id, req_body(req),
	                      req_err(req)) != AV_OK ||
	    campagna_write(resp_jw(resp, 200), req_db(req), id, &found,
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	return AV_OK;
}
