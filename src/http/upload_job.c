/*
 * upload_job.c - queueing an uploaded file's job and answering 202 (see
 * upload_job.h).  One place, so that every import audits the same record
 * and never leaves a kept file behind when the queueing fails.
 */
#include <stdio.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "http/upload.h"
#include "http/upload_job.h"
#include "jobs/job.h"
#include "json/jw.h"

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

int
upload_job_submit(struct req *req, const char *kind, const json_t *input,
                  const char *path, const json_t *extra, const char *ente,
                  int64_t *id)
{
	struct av_err *err = req_err(req);
	const struct user *u = req_user(req);
	const struct upload *up = req_upload(req);
	char actor[24], id_text[24];
	struct audit_entry e = {0};
	json_t *details;
	int rc;

	details =
	    req_keep_json(req, json_pack("{s:s, s:s, s:s, s:I}", "kind", kind,
	                                 "nome", up->name, "sha256", up->sha256,
	                                 "size", (json_int_t)up->size));
	if (details != NULL && extra != NULL)
		json_object_update(details, (json_t *)extra);
	rc = job_submit(req_db(req), kind, input, u->id, ente, id, err);
	if (rc == AV_OK) {
		snprintf(actor, sizeof(actor), "%lld", (long long)u->id);
		snprintf(id_text, sizeof(id_text), "%lld", (long long)*id);
		e.actor = actor;
		e.ente = ente;
		e.action = "job.create";
		e.object_type = "job";
		e.object_id = id_text;
		e.details = details;
		rc = audit_append(req_db(req), &e, NULL, err);
	}
	if (rc != AV_OK) {
		unlink(path);
		return rc;
	}
	/* The workers look once the router has committed the job's row. */
	arena_on_release(req_arena(req), wake_workers, NULL);
	return AV_OK;
}

struct jw *
upload_job_accepted(struct resp *resp, int64_t id)
{
	char loc[64];
	struct jw *w;

	snprintf(loc, sizeof(loc), "/api/v1/jobs/%lld", (long long)id);
	resp_header(resp, "Location", loc);
	w = resp_jw(resp, 202);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_kstr(w, "state", "queued");
	jw_kstr(w, "location", loc);
	return w;
}
