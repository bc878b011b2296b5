/*
 * sua_documenti.c - documents of the SUA's objects (richieste.h, last
 * part): a request's attachments and a tender's documents (bando,
 * disciplinare, capitolato, altro).  The bytes and the document row are
 * the documents module's (streamed, content-addressed, fsync'd, sniffed):
 * here the document is recorded attached to its object, so that its
 * reading rule follows the object (sua_documento_readable, called by
 * documents.c), and linked in sua_documento with the metadata a list
 * shows.  Both rows and both audit records in the caller's transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/documents/documents.h"
#include "modules/sua/richieste.h"
#include "modules/sua/richieste_sql.h"

int
sua_documento_attach(struct db *db, const struct user *u,
                     const struct upload *up, int reused, const char *oggetto,
                     int64_t oggetto_id, const char *tipo,
                     const char *provincia, int64_t *doc_id, struct av_err *err)
{
	struct document d;
	char type[32], idtext[24];
	int64_t link = 0, now = (int64_t)time(NULL);
	int found = 0, own;
	json_t *details;

	snprintf(type, sizeof(type), "sua_%s", oggetto);
	snprintf(idtext, sizeof(idtext), "%lld", (long long)oggetto_id);
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (document_record_attached(db, u, up, reused, type, idtext, &d,
	                             err) != AV_OK)
		goto fail;
	struct db_param p[] = {
	    P_I64(d.id),   P_TEXT(oggetto),  P_I64(oggetto_id),
	    P_TEXT(tipo),  P_TEXT(d.nome),   P_TEXT(d.mime),
	    P_I64(d.size), P_TEXT(d.sha256), P_TEXT(provincia),
	    P_I64(now),    P_I64(u->id),
	};
	if (db_query_i64(db, &sua_richieste_sql[Q_SDOC_INSERT], p, 11, &link,
	                 &found, err) != AV_OK)
		goto fail;
	details =
	    json_pack("{s:I, s:s, s:s, s:I}", "documento", (json_int_t)d.id,
	              "tipo", tipo, "nome", d.nome, "size", (json_int_t)d.size);
	if (identity_audit(db, u->id, NULL, "sua.documento.allega", type,
	                   oggetto_id, details, err) != AV_OK)
		goto fail;
	*doc_id = d.id;
	return db_tx_leave(db, own, AV_OK, err);
fail:
	return db_tx_leave(db, own, err->code, err);
}

int
sua_documenti_write(struct jw *w, struct db *db, const char *oggetto,
                    int64_t oggetto_id, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(oggetto), P_I64(oggetto_id),
	                       P_I64(SUA_DOC_LIST_MAX)};
	struct db_cursor *c;
	char when[32];
	struct tm tm;
	time_t t;
	int r;

	if (db_query(db, &sua_richieste_sql[Q_SDOC_LIST], p, 3, &c, err) !=
	    AV_OK)
		return err->code;
	jw_arr(w);
	while ((r = db_next(c, err)) == 1) {
		char url[64];

		snprintf(url, sizeof(url), "/api/v1/documenti/%lld/contenuto",
		         (long long)db_col_i64(c, 0));
		t = (time_t)db_col_i64(c, 6);
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "tipo", db_col_text(c, 1));
		jw_kstr(w, "nome", db_col_text(c, 2));
		jw_kstr(w, "mime", db_col_text(c, 3));
		jw_ki64(w, "size", db_col_i64(c, 4));
		jw_kstr(w, "sha256", db_col_text(c, 5));
		jw_kstr(w, "creato", when);
		jw_kstr(w, "url", url);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* Whether u holds PERM_SUA_READ on ente (own-ente roles must match). */
static int
may_read(const struct user *u, const char *kind, const char *code)
{
	char ente[24];

	if (u == NULL || code == NULL)
		return 0;
	snprintf(ente, sizeof(ente), "%s:%s", kind, code);
	return authz_decide(u, PERM_SUA_READ, ente) == AV_OK;
}

int
sua_documento_readable(struct db *db, const struct user *u,
                       const char *attached_type, const char *attached_id,
                       int *ok, struct av_err *err)
{
	int64_t id;
	int found = 0;

	*ok = 0;
	if (parse_i64(attached_id, strlen(attached_id), 1, INT64_MAX, &id) != 0)
		return AV_OK;
	if (strcmp(attached_type, "sua_richiesta") == 0) {
		struct sua_richiesta r;

		if (richiesta_get(db, id, &r, &found, err) != AV_OK)
			return err->code;
		*ok = found && (may_read(u, "comune", r.comune) ||
		                may_read(u, "provincia", r.provincia));
		return AV_OK;
	}
	if (strcmp(attached_type, "sua_gara") == 0) {
		struct db_param p[] = {P_I64(id)};
		struct db_cursor *c;
		int r;

		if (db_query(db, &sua_richieste_sql[Q_SDOC_GARA], p, 1, &c,
		             err) != AV_OK)
			return err->code;
		r = db_next(c, err);
		if (r == 1) {
			const char *stato = db_col_text(c, 1);

			*ok = (stato && strcmp(stato, "bozza") != 0) ||
			      may_read(u, "provincia", db_col_text(c, 0));
		}
		db_cursor_close(c);
		return r < 0 ? err->code : AV_OK;
	}
	return AV_OK;
}

int
sua_gara_brief(struct db *db, int64_t id, char provincia[4], char stato[16],
               int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &sua_richieste_sql[Q_SDOC_GARA], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		const char *pv = db_col_text(c, 0), *st = db_col_text(c, 1);

		snprintf(provincia, 4, "%s", pv ? pv : "");
		snprintf(stato, 16, "%s", st ? st : "");
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
