/*
 * handlers.c - the documents routes: POST /api/v1/documenti (a
 * multipart/form-data upload, part "file"), GET /api/v1/documenti/{id}
 * (metadata) and GET /api/v1/documenti/{id}/contenuto (the bytes, with
 * ranges).  The upload arrives checked and hashed (http/upload.h); the
 * store and the reading rule are in documents.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "db/db.h"
#include "http/route.h"
#include "modules/documents/documents.h"
#include "store/blob.h"

static json_t *
document_json(const struct document *d)
{
	char created[32];
	struct tm tm;
	time_t t = (time_t)d->created;
	json_t *att = json_null();

	gmtime_r(&t, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (d->attached_type[0])
		att = json_pack("{s:s, s:s}", "tipo", d->attached_type, "id",
		                d->attached_id);
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:s?, s:o, s:s}", "id",
	                 (json_int_t)d->id, "sha256", d->sha256, "size",
	                 (json_int_t)d->size, "mime", d->mime, "nome", d->nome,
	                 "caricato_da", (json_int_t)d->uploaded_by, "ente",
	                 d->ente[0] ? d->ente : NULL, "collegato_a", att,
	                 "creato", created);
}

static int
documents_post(struct req *req, struct resp *resp)
{
	const struct upload *up = req_upload(req);
	struct document d;

	if (document_create(req_db(req), req_user(req), up, &d, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 201, document_json(&d));
}

/* The document of the path's {id} as the caller may see it, or 404. */
static int
find(struct req *req, struct document *d)
{
	const char *v = req_param(req, "id");
	int64_t id;
	int found = 0;

	if (parse_i64(v, strlen(v), 1, INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Documento non trovato.");
	if (document_get_readable(req_db(req), req_user(req), id, d, &found,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Documento non trovato.");
	return AV_OK;
}

static int
documents_get(struct req *req, struct resp *resp)
{
	struct document d;

	if (find(req, &d) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, document_json(&d));
}

static int
documents_get_content(struct req *req, struct resp *resp)
{
	struct document d;
	struct download dl;
	uint64_t size = 0;

	if (find(req, &d) != AV_OK)
		return req_err(req)->code;
	/* Missing, it is a damaged store: 500 (blob_open says AV_EIO). */
	if (blob_open(d.sha256, &dl.fd, &size, req_err(req)) != AV_OK)
		return req_err(req)->code;
	dl.size = size;
	dl.mime = d.mime;
	dl.name = d.nome;
	dl.etag_hex = d.sha256;
	return resp_download(req, resp, &dl);
}

static const char *const q_none[] = {NULL};

static const struct upload_spec document_upload = {
    UPLOAD_MULTIPART, DOCUMENT_MAX_BYTES, document_mime_allowed, "file", NULL};

const struct route documents_routes[] = {
    {HTTP_POST, "/api/v1/documenti", documents_post, PERM_SELF, 0,
     ROUTE_AUDITED, q_none,
     "Carica un documento (multipart/form-data, campo file)", &document_upload},
    {HTTP_GET, "/api/v1/documenti/{id}", documents_get, PERM_SELF, 0, 0, q_none,
     "Metadati di un documento visibile al chiamante"},
    {HTTP_GET, "/api/v1/documenti/{id}/contenuto", documents_get_content,
     PERM_SELF, 0, 0, q_none,
     "Contenuto di un documento (Range, ETag, allegato)"},
};

const size_t documents_routes_count =
    sizeof(documents_routes) / sizeof(documents_routes[0]);
