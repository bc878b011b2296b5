/*
 * ciclo_handlers.c - the HTTP edge of the PCP lifecycle (ciclo.h,
 * docs/api/pcp-ciclo.md): GET the tender's PCP timeline, POST to start or
 * resume it (202 with the job).  The SUA officers of the tender's
 * Province only (perm sua.manage scoped by the tender's ente: another
 * Province's officer, a Comune, an operator, anonymous are refused); the
 * start needs a SPID (level 2 or 3) or CIE session, as ANAC does.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "http/route.h"
#include "jobs/job.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/pcp/ciclo.h"
#include "modules/sua/gare.h"

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

static int
gara_id(struct req *req, int64_t *id)
{
	const char *s = req_param(req, "id");

	if (parse_i64(s, strlen(s), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	return AV_OK;
}

static int
ciclo_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (gara_id(req, &id) != AV_OK)
		return req_err(req)->code;
	return pcp_ciclo_write(resp_jw(resp, 200), req_db(req), id,
	                       req_err(req));
}

struct avvia_in {
	const char *ambiente;
	const char *ruolo;
};

static const struct jfield avvia_body[] = {
    {JF_STRING("ambiente", JF_REQUIRED, 1, 12),
     JF_TO(struct avvia_in, ambiente),
     .desc = "collaudo, attestazione o esercizio"},
    {JF_STRING("ruolo", 0, 2, 3), JF_TO(struct avvia_in, ruolo),
     .desc = "RP (predefinito) o DRP"},
    {0},
};

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

static int
ciclo_post(struct req *req, struct resp *resp)
{
	struct avvia_in in = {NULL, NULL};
	int64_t id, job = 0;
	char loc[64];
	struct jw *w;

	if (gara_id(req, &id) != AV_OK || req_body_read(req, &in) != AV_OK)
		return req_err(req)->code;
	if (in.ruolo != NULL && strcmp(in.ruolo, "RP") != 0 &&
	    strcmp(in.ruolo, "DRP") != 0)
		return av_fail(req_err(req), AV_EINVAL, "ruolo",
		               "Ruolo ANAC non valido: RP o DRP.");
	if (pcp_ciclo_avvia(req_db(req), req_user(req), id, in.ambiente,
	                    in.ruolo ? in.ruolo : "RP", &job,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	arena_on_release(req_arena(req), wake_workers, NULL);
	snprintf(loc, sizeof(loc), "/api/v1/jobs/%lld", (long long)job);
	resp_header(resp, "Location", loc);
	w = resp_jw(resp, 202);
	jw_obj(w);
	jw_ki64(w, "job_id", job);
	jw_kstr(w, "stato", "in_corso");
	jw_obj_end(w);
	return AV_OK;
}

static const char *const q_none[] = {NULL};

const struct route pcp_ciclo_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare/{id}/pcp", ciclo_get, PERM_SUA_MANAGE, 0, 0,
     q_none, "Il ciclo di vita PCP (ANAC) della gara: passi, stati, CIG",
     gara_scope},
    {HTTP_POST, "/api/v1/sua/gare/{id}/pcp", ciclo_post, PERM_SUA_MANAGE, 1024,
     ROUTE_AUDITED, q_none,
     "Avvia o riprende il ciclo di vita PCP della gara (job)", gara_scope,
     avvia_body},
};

const size_t pcp_ciclo_routes_count =
    sizeof(pcp_ciclo_routes) / sizeof(pcp_ciclo_routes[0]);
