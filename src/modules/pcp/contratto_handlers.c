/*
 * contratto_handlers.c - the HTTP edge of the RUP's contract statements
 * (contratto.h, docs/api/pcp-contratto.md): GET and PUT one awarded lot's
 * statements for ANAC's SC1 and I1.  The SUA officers of the tender's
 * Province only (perm sua.manage scoped by the tender's ente: another
 * Province's officer, a Comune, an operator, anonymous are refused).
 */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "http/route.h"
#include "jobs/job.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/pcp/contratto.h"
#include "modules/sua/gare.h"

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

static int
path_ids(struct req *req, int64_t *id, int64_t *lotto)
{
	const char *s = req_param(req, "id"), *l = req_param(req, "lotto");

	if (parse_i64(s, strlen(s), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	if (parse_i64(l, strlen(l), 1, 9999, lotto) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "lotto",
		               "Lotto non trovato.");
	return AV_OK;
}

static int
contratto_get(struct req *req, struct resp *resp)
{
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto) != AV_OK)
		return req_err(req)->code;
	return pcp_contratto_write(resp_jw(resp, 200), req_db(req), id, lotto,
	                           req_err(req));
}

#define DAY_DESC "gg/mm/aaaa (o aaaa-mm-gg)"

static const struct jfield contratto_fields[] = {
    {JF_STRING("codice_ausa", JF_REQUIRED, 1, 32),
     JF_TO(struct pcp_contratto_in, codice_ausa),
     .desc = "codice AUSA dell'amministrazione che firma il contratto"},
    {JF_STRING("data_decorrenza", JF_REQUIRED, 1, 16),
     JF_TO(struct pcp_contratto_in, data_decorrenza), .desc = DAY_DESC},
    {JF_STRING("data_scadenza", JF_REQUIRED, 1, 16),
     JF_TO(struct pcp_contratto_in, data_scadenza), .desc = DAY_DESC},
    {JF_STRING("data_esecutivita", 0, 1, 16),
     JF_TO(struct pcp_contratto_in, data_esecutivita), .desc = DAY_DESC},
    {JF_STRING("cauzione", 0, 1, 24), JF_TO(struct pcp_contratto_in, cauzione),
     .desc = "cauzione definitiva in euro, 1.234,56"},
    {JF_INT("cauzione_cents", 0, 0, INT64_MAX / 2),
     JF_TO(struct pcp_contratto_in, cauzione_cents),
     JF_SEEN(struct pcp_contratto_in, has_cauzione_cents),
     .desc = "oppure in centesimi"},
    {0},
};

static const struct jfield avvio_fields[] = {
    {JF_STRING("data_inizio", JF_REQUIRED, 1, 16),
     JF_TO(struct pcp_contratto_in, data_inizio), .desc = DAY_DESC},
    {JF_STRING("data_fine_prevista", JF_REQUIRED, 1, 16),
     JF_TO(struct pcp_contratto_in, data_fine_prevista), .desc = DAY_DESC},
    {JF_BOOL("consegna_sotto_riserva", JF_REQUIRED),
     JF_TO(struct pcp_contratto_in, consegna_riserva),
     JF_SEEN(struct pcp_contratto_in, has_riserva)},
    {JF_STRING("data_verbale", 0, 1, 16),
     JF_TO(struct pcp_contratto_in, data_verbale),
     .desc = "verbale di prima consegna, " DAY_DESC},
    {0},
};

static const struct jfield contratto_body[] = {
    {JF_OBJECT("contratto", 0, contratto_fields),
     JF_SEEN(struct pcp_contratto_in, has_contratto),
     .desc = "le dichiarazioni per la scheda SC1"},
    {JF_OBJECT("avvio", 0, avvio_fields),
     JF_SEEN(struct pcp_contratto_in, has_avvio),
     .desc = "le dichiarazioni per la scheda I1"},
    {0},
};

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

static int
contratto_put(struct req *req, struct resp *resp)
{
	struct pcp_contratto_in in;
	int64_t id, lotto;

	memset(&in, 0, sizeof(in));
	if (path_ids(req, &id, &lotto) != AV_OK ||
	    req_body_read(req, &in) != AV_OK)
		return req_err(req)->code;
	if (pcp_contratto_put(req_db(req), req_user(req)->id, id, lotto, &in,
	                      req_err(req)) != AV_OK)
		return req_err(req)->code;
	/* the lifecycle's job, queued in the transaction, runs after it */
	arena_on_release(req_arena(req), wake_workers, NULL);
	return pcp_contratto_write(resp_jw(resp, 200), req_db(req), id, lotto,
	                           req_err(req));
}

static const char *const q_none[] = {NULL};

const struct route pcp_contratto_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare/{id}/lotti/{lotto}/contratto", contratto_get,
     PERM_SUA_MANAGE, 0, 0, q_none,
     "Le dichiarazioni del RUP sul contratto di un lotto (schede SC1, I1)",
     gara_scope},
    {HTTP_PUT, "/api/v1/sua/gare/{id}/lotti/{lotto}/contratto", contratto_put,
     PERM_SUA_MANAGE, 4096, ROUTE_AUDITED, q_none,
     "Registra le dichiarazioni del RUP sul contratto e sull'avvio "
     "dell'esecuzione di un lotto aggiudicato",
     gara_scope, contratto_body},
};

const size_t pcp_contratto_routes_count =
    sizeof(pcp_contratto_routes) / sizeof(pcp_contratto_routes[0]);
