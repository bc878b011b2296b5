/*
 * schede_handlers.c - the HTTP edge of the ANAC schede (schede.h), for the
 * RUP to see what the PCP lifecycle will send, before it is sent:
 *   GET  /api/v1/sua/gare/{id}/pcp/schede/{codice}[?lotto=N&ambiente=A]
 *   POST /api/v1/sua/gare/{id}/pcp/schede/{codice}  {lotto, ambiente, dati}
 * The POST carries the RUP's statements SC1, I1, CO1 need (docs/pcp-
 * schede.md); neither stores, sends or audits anything.  The SUA officers
 * of the tender's Province only (perm sua.manage, scoped by the tender's
 * ente).  ambiente names the PCP configuration whose AUSA code goes in
 * stazioniAppaltanti (none: left out).
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "http/route.h"
#include "json/jbody.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/schede.h"
#include "modules/sua/gare.h"

#define SCHEDE_BODY_MAX (64 * 1024) /* bytes of the statements' body */

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

/* The Province's AUSA code from the PCP configuration of ambiente. */
static int
sa_codes(struct req *req, const char *ambiente, struct pcp_sa_codes *sa)
{
	static _Thread_local struct pcp_config cfg;
	int found = 0;

	memset(sa, 0, sizeof(*sa));
	if (ambiente == NULL || ambiente[0] == '\0')
		return AV_OK;
	if (pcp_ambiente_check(ambiente, req_err(req)) != AV_OK ||
	    pcp_config_get(req_db(req), req_scope_ente(req), ambiente, &cfg,
	                   &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (found)
		memcpy(
		    sa->codice_ausa, cfg.sa_codice_ausa,
		    strnlen(cfg.sa_codice_ausa, sizeof(sa->codice_ausa) - 1));
	if (found)
		str_copy(sa->centro_costo, sizeof(sa->centro_costo),
		         cfg.sa_centro_costo);
	return AV_OK;
}

static int
build(struct req *req, struct resp *resp, const struct pcp_scheda_opts *o,
      const char *ambiente)
{
	const char *codice = req_param(req, "codice"),
	           *ids = req_param(req, "id");
	struct sbuf sb = SBUF_INIT(PCP_SCHEDA_MAX);
	struct pcp_sa_codes sa;
	int64_t id;
	int rc;

	if (parse_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	if (!pcp_scheda_generated(codice))
		return av_fail(
		    req_err(req), AV_ENOTFOUND, "codice",
		    "Scheda non generata: P1_16, P2_16, S2, A1_29,"
		    " A2_29, AD3, AD5, SC1, I1, P7_2, P7_1_2 o CO1.");
	if (sa_codes(req, ambiente, &sa) != AV_OK)
		return req_err(req)->code;
	rc = pcp_scheda_build_opts(req_db(req), id, codice, &sa, o,
	                           (int64_t)time(NULL), EFORMS_PORTAL_DEFAULT,
	                           &sb, req_err(req));
	if (rc == AV_OK)
		rc = resp_text(resp, 200, "application/json", sb.buf, sb.len);
	sbuf_release(&sb);
	return rc;
}

static int
schede_get(struct req *req, struct resp *resp)
{
	struct pcp_scheda_opts o;

	memset(&o, 0, sizeof(o));
	if (req_query_i64(req, "lotto", 1, 100000, 0, &o.lotto) != AV_OK)
		return req_err(req)->code;
	return build(req, resp, &o, req_query(req, "ambiente"));
}

#define IN struct schede_post_in

struct schede_post_in {
	int64_t lotto;
	const char *ambiente;
	json_t *dati;
};

static int
dati_object(json_t *v, const char *path, struct av_err *err)
{
	if (!json_is_object(v))
		return av_fail(
		    err, AV_EINVAL, path,
		    "Le dichiarazioni del RUP sono un oggetto JSON.");
	return AV_OK;
}

static const struct jfield schede_body[] = {
    {JF_INT("lotto", 0, 1, 100000), JF_TO(IN, lotto),
     .desc = "il numero del lotto del contratto (SC1, I1, CO1)"},
    {JF_STRING("ambiente", 0, 0, 16), JF_TO(IN, ambiente),
     .desc = "collaudo, attestazione, esercizio: la configurazione PCP "
             "il cui codice AUSA va nella scheda"},
    {JF_ANY("dati", 0, dati_object), JF_TO(IN, dati),
     .desc = "le dichiarazioni del RUP (docs/pcp-schede.md)"},
    {0},
};

#undef IN

static int
schede_post(struct req *req, struct resp *resp)
{
	struct schede_post_in in;
	struct pcp_scheda_opts o;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK)
		return req_err(req)->code;
	o.lotto = in.lotto;
	o.dati = in.dati;
	return build(req, resp, &o, in.ambiente);
}

static const char *const q_get[] = {"lotto", "ambiente", NULL};

const struct route pcp_schede_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare/{id}/pcp/schede/{codice}", schede_get,
     PERM_SUA_MANAGE, 0, 0, q_get,
     "La scheda ANAC (PCP) della gara come verrebbe inviata, JSON", gara_scope},
    {HTTP_POST, "/api/v1/sua/gare/{id}/pcp/schede/{codice}", schede_post,
     PERM_SUA_MANAGE, SCHEDE_BODY_MAX, 0, (const char *const[]){NULL},
     "La scheda ANAC con le dichiarazioni del RUP (SC1, I1, CO1), JSON",
     gara_scope, schede_body},
};

const size_t pcp_schede_routes_count =
    sizeof(pcp_schede_routes) / sizeof(pcp_schede_routes[0]);
