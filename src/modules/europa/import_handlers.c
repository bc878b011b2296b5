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

#include "db/db.h"
#include "http/route.h"
#include "http/upload_job.h"
#include "http/upload_keep.h"
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

int
europa_importazione_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const struct user *u = req_user(req);
	const struct upload *up = req_upload(req);
	const char *formato = req_query(req, "formato");
	char path[UPLOAD_KEEP_PATH_MAX];
	const char *ente = desk_ente(u);
	json_t *input;
	struct jw *w;
	int64_t id = 0;

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
	if (upload_job_submit(
	        req, "import_bandi", input, path,
	        req_keep_json(req, json_pack("{s:s}", "formato", formato)),
	        ente, &id) != AV_OK)
		return err->code;
	w = upload_job_accepted(resp, id);
	jw_kstr(w, "formato", formato);
	jw_obj_end(w);
	return AV_OK;
}
