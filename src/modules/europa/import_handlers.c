/*
 * import_handlers.c - POST /api/v1/europa/importazioni?formato=sedia|csv:
 * the EU desk (sape_officer, perm eu_bandi_edit) uploads one SEDIA
 * search-API page or one CSV (the project's template or the Horizon topics
 * list) and the "import_bandi" job — the same code `areavasta import
 * bandi` runs — imports it in the background.  The request only keeps the
 * file (a second name under <data dir>/jobs/, deleted by the pool when the
 * job ends), queues the job and answers 202 with its id; the page follows
 * GET /api/v1/jobs/{id}.  Queueing is audited (`job.create`, with the
 * file's SHA-256); the import is audited by the job (europa.bandi.import).
 * The bulk dump (130 MB) stays a CLI import.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/route.h"
#include "http/upload_keep.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/europa/import_handlers.h"

/* The EU desk's grant the import is made under: its ente owns the job. */
static const char *
desk_ente(const struct user *u)
{
	int i;

	for (i = 0; i < u->nroles; i++)
		if (u->roles[i].role == ROLE_SAPE_OFFICER)
			return u->roles[i].ente;
	return NULL;
}

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

int
europa_importazione_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const struct user *u = req_user(req);
	const struct upload *up = req_upload(req);
	const char *formato = req_query(req, "formato");
	char path[UPLOAD_KEEP_PATH_MAX], actor[24], id_text[24], loc[64];
	const char *ente = desk_ente(u);
	struct audit_entry e;
	json_t *input, *details;
	struct jw *w;
	int64_t id = 0;
	int rc;

	if (formato == NULL ||
	    (strcmp(formato, "sedia") != 0 && strcmp(formato, "csv") != 0))
		return av_fail(err, AV_EINVAL, "formato",
		               "Indicare il formato del file: sedia (pagina "
		               "dell'API del portale) o csv.");
	if (up == NULL)
		return av_fail(err, AV_EINVAL, "file", "Manca il file.");
	if (upload_keep_for_job(up, path, sizeof(path), err) != AV_OK)
		return err->code;
	input = req_keep_json(req, json_pack("{s:s, s:[s], s:s, s:b}",
	                                     "formato", formato, "paths", path,
	                                     "path", path, "remove", 1));
	details = req_keep_json(
	    req, json_pack("{s:s, s:s, s:s, s:s, s:I}", "kind", "import_bandi",
	                   "formato", formato, "nome", up->name, "sha256",
	                   up->sha256, "size", (json_int_t)up->size));
	/* In the router's transaction (ROUTE_AUDITED): the job and its
	   record. */
	rc = job_submit(req_db(req), "import_bandi", input, u->id, ente, &id,
	                err);
	if (rc == AV_OK) {
		snprintf(actor, sizeof(actor), "%lld", (long long)u->id);
		snprintf(id_text, sizeof(id_text), "%lld", (long long)id);
		memset(&e, 0, sizeof(e));
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
	snprintf(loc, sizeof(loc), "/api/v1/jobs/%lld", (long long)id);
	resp_header(resp, "Location", loc);
	w = resp_jw(resp, 202);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_kstr(w, "state", "queued");
	jw_kstr(w, "formato", formato);
	jw_kstr(w, "location", loc);
	jw_obj_end(w);
	return AV_OK;
}
