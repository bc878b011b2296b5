/*
 * handlers.c - GET /api/v1/jobs/{id}: a job's state, progress, result or
 * error, for its owner and for an admin of the ente it was started for.
 * Anyone else gets the same 404 as for a job that does not exist, so job
 * ids cannot be probed.
 */
#include <string.h>

#include "core/parse.h"
#include "http/route.h"
#include "jobs/job.h"
#include "json/jw.h"

/* The owner, or an admin on the job's ente. */
static int
may_read(const struct user *u, const struct job_row *r)
{
	int i;

	if (u == NULL)
		return 0;
	if (r->owner_id > 0 && r->owner_id == u->id)
		return 1;
	for (i = 0; r->ente[0] != '\0' && i < u->nroles; i++)
		if (u->roles[i].role == ROLE_ADMIN &&
		    strcmp(u->roles[i].ente, r->ente) == 0)
			return 1;
	return 0;
}

/* An integer, or null when unknown (-1) or unset (0 for times). */
static void
i64_or_null(struct jw *w, const char *key, int64_t v, int64_t unset)
{
	jw_key(w, key);
	if (v <= unset)
		jw_null(w);
	else
		jw_i64(w, v);
}

/*
 * The job as the answer (docs/api/jobs-get.md), with the progress
 * job_shown_progress chooses.
 */
static void
write_job(struct resp *resp, const struct job_row *r,
          const struct job_progress *live)
{
	struct job_progress p;
	int pct = job_shown_progress(r, live, &p);
	struct jw *w = resp_jw(resp, 200);

	jw_obj(w);
	jw_ki64(w, "id", r->id);
	jw_kstr(w, "kind", r->kind);
	jw_kstr(w, "state", job_state_name(r->state));
	jw_kobj(w, "progress");
	jw_ki64(w, "rows_done", p.rows_done);
	i64_or_null(w, "rows_total", p.rows_total, -1);
	jw_ki64(w, "bytes_done", p.bytes_done);
	i64_or_null(w, "bytes_total", p.bytes_total, -1);
	i64_or_null(w, "percent", pct, -1);
	jw_obj_end(w);
	jw_key(w, "result");
	/* Our own JSON text, stored by job_finish. */
	if (r->result != NULL)
		jw_raw(w, r->result, strlen(r->result));
	else
		jw_null(w);
	jw_kstr(w, "error", r->error);
	i64_or_null(w, "created", r->created, 0);
	i64_or_null(w, "started", r->started, 0);
	i64_or_null(w, "finished", r->finished, 0);
	jw_obj_end(w);
}

static int
jobs_get(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *s = req_param(req, "id");
	struct job_progress live;
	struct job_row row;
	int64_t id;
	int found = 0;

	if (parse_i64(s, strlen(s), 1, INT64_MAX, &id) != 0)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Elaborazione non trovata.");
	if (job_load(req_db(req), id, &row, &found, err) != AV_OK)
		return err->code;
	if (!found || !may_read(req_user(req), &row)) {
		job_row_release(&row);
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Elaborazione non trovata.");
	}
	write_job(resp, &row, jobs_live(id, &live) ? &live : NULL);
	job_row_release(&row);
	return AV_OK;
}

static const char *const q_none[] = {NULL};

const struct route jobs_routes[] = {
    {HTTP_GET, "/api/v1/jobs/{id}", jobs_get, PERM_SELF, 0, 0, q_none,
     "Stato, avanzamento e risultato di un'elaborazione in background"},
};

const size_t jobs_routes_count = sizeof(jobs_routes) / sizeof(jobs_routes[0]);
