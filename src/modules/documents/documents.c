/*
 * documents.c - storing an upload as a document, and the one rule of who
 * may read one (documents.h).
 *
 * Order of a store: the blob is linked and fsync'd first, then the blob
 * row, the document row and its audit entry commit together.  A failure
 * after the blob is on disk leaves an unreferenced blob (harmless, same
 * bytes for the next identical upload), never a row without its file.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "audit/audit.h"
#include "db/db.h"
#include "modules/documents/documents.h"
#include "modules/documents/documents_sql.h"
#include "modules/sua/albo_documenti.h"
#include "modules/sua/richieste.h"
#include "store/blob.h"
#include "modules/network/protocollo.h"

const char *const document_mime_allowed[] = {
    "application/pdf",
    "application/pkcs7-mime",
    "application/pkcs7-signature",
    "application/zip",
    "application/vnd.openxmlformats-officedocument"
    ".wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/xml",
    "text/xml",
    "text/plain",
    "text/csv",
    "image/png",
    "image/jpeg",
    "image/tiff",
    NULL};

int
document_store(const struct upload *up, int *reused, struct av_err *err)
{
	return blob_put(up->path, up->sha256, reused, err);
}

int
document_record(struct db *db, const struct user *u, const struct upload *up,
                int reused, struct document *out, struct av_err *err)
{
	return document_record_attached(db, u, up, reused, NULL, NULL, out,
	                                err);
}

int
document_record_attached(struct db *db, const struct user *u,
                         const struct upload *up, int reused,
                         const char *attached_type, const char *attached_id,
                         struct document *out, struct av_err *err)
{
	const char *ente = u->nroles > 0 ? u->roles[0].ente : NULL;
	int64_t now = (int64_t)time(NULL), id = 0;
	int found = 0, own;
	char actor[24], id_text[24];
	struct audit_entry e;
	json_t *details;
	struct db_param pb[] = {P_TEXT(up->sha256), P_I64((int64_t)up->size),
	                        P_TEXT(up->mime), P_I64(now)};
	struct db_param pd[] = {P_TEXT(up->sha256),
	                        P_TEXT(up->name),
	                        P_TEXT(up->mime),
	                        P_I64((int64_t)up->size),
	                        P_I64(u->id),
	                        P_TEXT_OR_NULL(ente),
	                        P_I64(now),
	                        P_TEXT_OR_NULL(attached_type),
	                        P_TEXT_OR_NULL(attached_id)};

	/* In the caller's transaction (the router's) when there is one. */
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (db_exec(db, &documents_sql[Q_DOC_BLOB_ADD], pb, 4, NULL, err) !=
	        AV_OK ||
	    db_query_i64(db, &documents_sql[Q_DOC_INSERT], pd, 9, &id, &found,
	                 err) != AV_OK)
		goto fail;
	snprintf(actor, sizeof(actor), "%lld", (long long)u->id);
	snprintf(id_text, sizeof(id_text), "%lld", (long long)id);
	details = json_pack("{s:s, s:I, s:s, s:s, s:b}", "sha256", up->sha256,
	                    "size", (json_int_t)up->size, "mime", up->mime,
	                    "nome", up->name, "blob_reused", reused);
	e.actor = actor;
	e.ente = ente;
	e.action = "document.upload";
	e.object_type = "documento";
	e.object_id = id_text;
	e.details = details;
	if (audit_append(db, &e, NULL, err) != AV_OK) {
		json_decref(details);
		goto fail;
	}
	json_decref(details);
	if (db_tx_leave(db, own, AV_OK, err) != AV_OK)
		return err->code;
	memset(out, 0, sizeof(*out));
	out->id = id;
	str_copy(out->sha256, sizeof(out->sha256), up->sha256);
	str_copy(out->nome, sizeof(out->nome), up->name);
	str_copy(out->mime, sizeof(out->mime), up->mime);
	out->size = (int64_t)up->size;
	out->uploaded_by = u->id;
	str_copy(out->ente, sizeof(out->ente), ente);
	str_copy(out->attached_type, sizeof(out->attached_type), attached_type);
	str_copy(out->attached_id, sizeof(out->attached_id), attached_id);
	out->created = now;
	return AV_OK;
fail:
	return db_tx_leave(db, own, err->code, err);
}

int
document_create(struct db *db, const struct user *u, const struct upload *up,
                struct document *out, struct av_err *err)
{
	int reused = 0;

	if (document_store(up, &reused, err) != AV_OK)
		return err->code;
	return document_record(db, u, up, reused, out, err);
}

/*
 * Whether u may read d.  Attached documents follow their object: a module
 * that attaches adds its case here (a comparison of attached_type calling
 * its own check); an attached document of a type nobody claims is
 * readable by no one through this module.  Unattached ones: the uploader
 * and the users holding a role on the uploader's ente.
 */
static int
document_readable(struct db *db, const struct document *d, const struct user *u,
                  int *ok, struct av_err *err)
{
	int i;

	*ok = 0;
	if (strcmp(d->attached_type, ALBO_DOC_ATTACHED) == 0)
		return albo_doc_readable(db, u, d->attached_id, ok, err);
	if (strcmp(d->attached_type, RETE_PROTOCOLLO_ATTACHED) == 0)
		return rete_protocollo_readable(db, u, d->attached_id, ok, err);
	if (strncmp(d->attached_type, "sua_", 4) == 0)
		return sua_documento_readable(db, u, d->attached_type,
		                              d->attached_id, ok, err);
	if (u == NULL || d->attached_type[0] != '\0')
		return AV_OK;
	if (d->uploaded_by == u->id) {
		*ok = 1;
		return AV_OK;
	}
	for (i = 0; d->ente[0] && i < u->nroles; i++)
		if (strcmp(u->roles[i].ente, d->ente) == 0)
			*ok = 1;
	return AV_OK;
}

int
document_get_readable(struct db *db, const struct user *u, int64_t id,
                      struct document *out, int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &documents_sql[Q_DOC_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		memset(out, 0, sizeof(*out));
		out->id = db_col_i64(c, 0);
		str_copy(out->sha256, sizeof(out->sha256), db_col_text(c, 1));
		str_copy(out->nome, sizeof(out->nome), db_col_text(c, 2));
		str_copy(out->mime, sizeof(out->mime), db_col_text(c, 3));
		out->size = db_col_i64(c, 4);
		out->uploaded_by = db_col_i64(c, 5);
		str_copy(out->ente, sizeof(out->ente), db_col_text(c, 6));
		str_copy(out->attached_type, sizeof(out->attached_type),
		         db_col_text(c, 7));
		str_copy(out->attached_id, sizeof(out->attached_id),
		         db_col_text(c, 8));
		out->created = db_col_i64(c, 9);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	/* The rule may read the object's row: after the cursor is closed. */
	if (r == 1 && document_readable(db, out, u, found, err) != AV_OK)
		return err->code;
	return AV_OK;
}
