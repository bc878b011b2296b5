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

static int
jobs_get(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *s = req_param(req, "id");
	struct job_progress live;
	struct job_row row;
	int64_t id;
	int found = 0;
	json_t *o;

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
	o = job_row_json(&row, jobs_live(id, &live) ? &live : NULL);
	job_row_release(&row);
	return resp_json(resp, 200, o);
}

static const char *const q_none[] = {NULL};

const struct route jobs_routes[] = {
    {HTTP_GET, "/api/v1/jobs/{id}", jobs_get, PERM_SELF, 0, 0, q_none,
     "Stato, avanzamento e risultato di un'elaborazione in background"},
};

const size_t jobs_routes_count = sizeof(jobs_routes) / sizeof(jobs_routes[0]);
