/*
 * eforms_handlers.c - the HTTP edge of the eForms notices (eforms.h):
 * GET /api/v1/sua/gare/{id}/eforms/{tipo}, tipo 16 (contract notice) or
 * 29 (contract award notice), as application/xml, for the SUA officers of
 * the tender's Province (perm sua.manage, scoped by the tender's ente:
 * another Province's officer, a Comune, an operator are refused).  Read
 * only: nothing is stored or sent (the PCP lifecycle sends it later).
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "http/route.h"
#include "modules/pcp/eforms.h"
#include "modules/sua/gare.h"

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

static int
eforms_get(struct req *req, struct resp *resp)
{
	const char *tipo = req_param(req, "tipo"), *ids = req_param(req, "id");
	struct sbuf sb = SBUF_INIT(EFORMS_NOTICE_MAX);
	int64_t id;
	int subtype, rc;

	if (parse_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	if (strcmp(tipo, "16") == 0)
		subtype = 16;
	else if (strcmp(tipo, "29") == 0)
		subtype = 29;
	else
		return av_fail(req_err(req), AV_ENOTFOUND, "tipo",
		               "Avviso eForms non previsto: 16 o 29.");
	rc = pcp_eforms_build(req_db(req), id, subtype, (int64_t)time(NULL),
	                      EFORMS_PORTAL_DEFAULT, &sb, req_err(req));
	if (rc == AV_OK)
		rc = resp_text(resp, 200, "application/xml", sb.buf, sb.len);
	sbuf_release(&sb);
	return rc;
}

static const char *const q_none[] = {NULL};

const struct route pcp_eforms_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare/{id}/eforms/{tipo}", eforms_get,
     PERM_SUA_MANAGE, 0, 0, q_none,
     "L'avviso eForms della gara (16 bando, 29 esito), XML", gara_scope},
};

const size_t pcp_eforms_routes_count =
    sizeof(pcp_eforms_routes) / sizeof(pcp_eforms_routes[0]);
