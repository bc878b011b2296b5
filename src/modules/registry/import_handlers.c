/*
 * import_handlers.c - POST /api/v1/import/istat: an ISTAT list of Comuni
 * uploaded by `admin` or `upi` and imported in the background.
 *
 * The request only takes the file and queues an "import_istat" job (the
 * same code `areavasta import istat` runs in-process): an import takes
 * seconds, far more than a request may hold a server thread.  The answer
 * is 202 with the job's id and Location; the client polls
 * GET /api/v1/jobs/{id}.  The uploaded file is hard-linked into
 * <data dir>/jobs/ (the upload's temporary name is removed when the
 * request ends) and the job deletes it when it ends.  Queueing is audited
 * (`job.create`, with the file's SHA-256), the import itself by the job.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "http/route.h"
#include "http/upload.h"
#include "http/upload_job.h"
#include "http/upload_keep.h"
#include "json/jw.h"
#include "modules/registry/istat_csv.h"

/* The grant the import is made under: its ente owns the job. */
static const char *
import_ente(const struct user *u)
{
	int i;

	for (i = 0; i < u->nroles; i++)
		if (u->roles[i].role == ROLE_ADMIN ||
		    u->roles[i].role == ROLE_UPI)
			return u->roles[i].ente;
	return NULL;
}

static int
import_istat_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const struct user *u = req_user(req);
	const struct upload *up = req_upload(req);
	char path[UPLOAD_KEEP_PATH_MAX];
	const char *ente = import_ente(u);
	json_t *input;
	int64_t id = 0;

	if (up == NULL)
		return av_fail(err, AV_EINVAL, "file", "Manca il file.");
	if (upload_keep_for_job(up, path, sizeof(path), err) != AV_OK)
		return err->code;
	input = req_keep_json(
	    req, json_pack("{s:s, s:b}", "path", path, "remove", 1));
	if (upload_job_submit(req, "import_istat", input, path, NULL, ente,
	                      &id) != AV_OK)
		return err->code;
	jw_obj_end(upload_job_accepted(resp, id));
	return AV_OK;
}

static const char *const q_none[] = {NULL};
/* libmagic calls a CSV "text/csv" or, often, plain text. */
static const char *const csv_types[] = {"text/csv", "text/plain",
                                        "application/csv", NULL};
static const struct upload_spec istat_upload = {
    UPLOAD_MULTIPART, ISTAT_FILE_MAX, csv_types, "file", NULL};

const struct route registry_import_routes[] = {
    {HTTP_POST, "/api/v1/import/istat", import_istat_post, PERM_REGISTRY_IMPORT,
     0, ROUTE_AUDITED, q_none,
     "Importa un elenco dei Comuni ISTAT (file CSV) in background", NULL, NULL,
     &istat_upload},
};

const size_t registry_import_routes_count =
    sizeof(registry_import_routes) / sizeof(registry_import_routes[0]);
