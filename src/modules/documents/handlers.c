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
#include "json/jw.h"
#include "modules/documents/documents.h"
#include "store/blob.h"

/* The document's metadata as the answer (docs/api/documents-get.md). */
static void
write_document(struct resp *resp, int status, const struct document *d)
{
	char created[32];
	struct tm tm;
	time_t t = (time_t)d->created;
	struct jw *w = resp_jw(resp, status);

	gmtime_r(&t, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_obj(w);
	jw_ki64(w, "id", d->id);
	jw_kstr(w, "sha256", d->sha256);
	jw_ki64(w, "size", d->size);
	jw_kstr(w, "mime", d->mime);
	jw_kstr(w, "nome", d->nome);
	jw_ki64(w, "caricato_da", d->uploaded_by);
	jw_kstr(w, "ente", d->ente[0] ? d->ente : NULL);
	jw_key(w, "collegato_a");
	if (d->attached_type[0]) {
		jw_obj(w);
		jw_kstr(w, "tipo", d->attached_type);
		jw_kstr(w, "id", d->attached_id);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_kstr(w, "creato", created);
	jw_obj_end(w);
}

static int
documents_post(struct req *req, struct resp *resp)
{
	const struct upload *up = req_upload(req);
	struct document d;
	int reused = 0;

	/* The fsync'd copy first, then the router's write transaction. */
	if (document_store(up, &reused, req_err(req)) != AV_OK ||
	    req_tx_begin(req) != AV_OK ||
	    document_record(req_db(req), req_user(req), up, reused, &d,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	write_document(resp, 201, &d);
	return AV_OK;
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
	write_document(resp, 200, &d);
	return AV_OK;
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
     ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Carica un documento (multipart/form-data, campo file)", NULL, NULL,
     &document_upload},
    {HTTP_GET, "/api/v1/documenti/{id}", documents_get, PERM_SELF, 0, 0, q_none,
     "Metadati di un documento visibile al chiamante"},
    {HTTP_GET, "/api/v1/documenti/{id}/contenuto", documents_get_content,
     PERM_SELF, 0, 0, q_none,
     "Contenuto di un documento (Range, ETag, allegato)"},
};

const size_t documents_routes_count =
    sizeof(documents_routes) / sizeof(documents_routes[0]);
