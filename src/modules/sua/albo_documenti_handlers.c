/*
 * albo_documenti_handlers.c - documents of an albo entry over HTTP
 * (docs/api/sua-albo-documenti.md):
 *   POST /api/v1/sua/albo/{id}/documenti   the company (operator or
 *        applicant) files a document: multipart, part "file", fields
 *        "tipo" and "scadenza" (optional, gg/mm/aaaa or aaaa-mm-gg)
 *   GET  /api/v1/sua/albo/{id}/documenti   the company and the Province's
 *        SUA officer list them (expired ones flagged)
 * The bytes are read through GET /api/v1/documenti/{id}/contenuto, whose
 * rule for these documents is albo_doc_readable.  The entry scopes to
 * "operatore:PARTITAIVA" with its Province above, as in albo_handlers.c:
 * another company, another Province, a Comune get 403 before anything is
 * read.  The fields are checked before the bytes reach the store.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/documents/documents.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_documenti.h"
#include "modules/sua/richieste_handlers.h"

#define ALBO_DOC_MAX_BYTES (UINT64_C(20) << 20) /* 20 MiB per file */

/* PDF (the usual form of these certificates), signed P7M, ODF/OOXML
   documents, images of a scanned paper. */
static const char *const albo_mime[] = {
    "application/pdf",
    "application/pkcs7-mime",
    "application/pkcs7-signature",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument"
    ".wordprocessingml.document",
    "image/png",
    "image/jpeg",
    NULL};

static const char *const doc_fields[] = {"tipo", "scadenza", NULL};

static const struct upload_spec albo_upload = {
    UPLOAD_MULTIPART, ALBO_DOC_MAX_BYTES, albo_mime, "file", doc_fields};

/* The entry {id}: its company, its Province above (albo_handlers.c). */
static int
scope_entry(struct req *req, char *ente, size_t len, int *found)
{
	static _Thread_local struct albo_row r;
	char parent[24];
	int64_t id;

	*found = 0;
	if (sua_path_id(req, "Iscrizione", &id) != AV_OK)
		return AV_OK;
	if (albo_get(req_db(req), id, &r, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Iscrizione non trovata.");
		return AV_OK;
	}
	snprintf(ente, len, "operatore:%s", r.partita_iva);
	snprintf(parent, sizeof(parent), "provincia:%s", r.provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

/* The optional expiry as "AAAA-MM-GG" into out ("" when none). */
static int
read_scadenza(struct req *req, char out[11])
{
	const char *v = req_upload_field(req, "scadenza");
	struct lt_date d;
	struct av_err e2 = AV_ERR_INIT;

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return AV_OK;
	if (strlen(v) > 10 ||
	    lt_parse_date(v, strlen(v), &d, "scadenza", &e2) != AV_OK)
		return av_fail(req_err(req), AV_EINVAL, "scadenza",
		               "La scadenza è una data gg/mm/aaaa o "
		               "aaaa-mm-gg.");
	lt_format_date_iso(d, out);
	return AV_OK;
}

static int
doc_post(struct req *req, struct resp *resp)
{
	static _Thread_local struct albo_row r;
	struct av_err *err = req_err(req);
	const char *tipo = req_upload_field(req, "tipo");
	const struct upload *up = req_upload(req);
	char scadenza[11], url[64];
	int64_t id, doc = 0;
	int reused = 0, found = 0;
	struct jw *w;

	if (albo_doc_tipo(tipo) == NULL)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Il tipo del documento è visura_camerale, durc, "
		               "certificato_soa, dgue, polizza o altro.");
	if (read_scadenza(req, scadenza) != AV_OK ||
	    sua_path_id(req, "Iscrizione", &id) != AV_OK ||
	    document_store(up, &reused, err) != AV_OK ||
	    req_tx_begin(req) != AV_OK ||
	    albo_get(req_db(req), id, &r, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Iscrizione non trovata.");
	if (albo_doc_add(req_db(req), req_user(req), up, reused, id,
	                 r.provincia, tipo, scadenza[0] ? scadenza : NULL, &doc,
	                 err) != AV_OK)
		return err->code;
	snprintf(url, sizeof(url), "/api/v1/documenti/%lld/contenuto",
	         (long long)doc);
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "id", doc);
	jw_kstr(w, "tipo", tipo);
	jw_kstr(w, "scadenza", scadenza[0] ? scadenza : NULL);
	jw_kstr(w, "nome", up->name);
	jw_kstr(w, "mime", up->mime);
	jw_ki64(w, "size", (int64_t)up->size);
	jw_kstr(w, "sha256", up->sha256);
	jw_kstr(w, "url", url);
	jw_obj_end(w);
	return AV_OK;
}

/* An entry's documents (at most ALBO_DOC_MAX): a list read whole. */
static const struct list_spec doc_spec = {
    "sua_albo_documenti", ALBO_DOC_MAX, ALBO_DOC_MAX, 1000, "i", 0};

static int
doc_list(struct req *req, struct resp *resp)
{
	struct list_walk lw;
	struct list_req lr;
	char filters[32];
	struct jw *w;
	int64_t id;

	if (sua_path_id(req, "Iscrizione", &id) != AV_OK)
		return req_err(req)->code;
	snprintf(filters, sizeof(filters), "a=%lld", (long long)id);
	if (list_parse(req, &doc_spec, filters, &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	if (albo_doc_write_list(w, req_db(req), id, &lw, req_err(req)) !=
	        AV_OK ||
	    list_walk_tail(&lw, w, req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_ki64(w, "iscrizione", id);
	jw_obj_end(w);
	return AV_OK;
}

static const char *const q_none[] = {NULL};
static const char *const q_page[] = {"limit", "offset", "after", NULL};

const struct route sua_albo_documenti_routes[] = {
    {HTTP_POST, "/api/v1/sua/albo/{id}/documenti", doc_post,
     PERM_ALBO_ENTRY_EDIT, 0, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "L'operatore carica un documento della propria iscrizione all'albo "
     "(visura, DURC, SOA, DGUE, polizza, altro)",
     scope_entry, NULL, &albo_upload},
    {HTTP_GET, "/api/v1/sua/albo/{id}/documenti", doc_list,
     PERM_ALBO_ENTRY_READ, 0, 0, q_page,
     "I documenti di un'iscrizione all'albo fornitori", scope_entry},
};

const size_t sua_albo_documenti_routes_count =
    sizeof(sua_albo_documenti_routes) / sizeof(sua_albo_documenti_routes[0]);
