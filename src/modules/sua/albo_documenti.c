/*
 * albo_documenti.c - documents of albo entries (albo_documenti.h): the
 * record of an upload, the list, and the rule that decides who reads the
 * bytes through the document store's routes.
 */
#include <stdio.h>
#include <string.h>

#include <time.h>

#include "core/parse.h"
#include "db/db.h"
#include "http/list.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/documents/documents.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_documenti.h"
#include "modules/sua/albo_registrazione_sql.h"

static const char *const tipi[] = {
    "visura_camerale", "durc", "certificato_soa", "dgue", "polizza",
    "altro",           NULL};

const char *
albo_doc_tipo(const char *tipo)
{
	size_t i;

	for (i = 0; tipo && tipi[i]; i++)
		if (strcmp(tipi[i], tipo) == 0)
			return tipi[i];
	return NULL;
}

int
albo_doc_add(struct db *db, const struct user *u, const struct upload *up,
             int reused, int64_t albo_id, const char *provincia,
             const char *tipo, const char *scadenza, int64_t *doc_id,
             struct av_err *err)
{
	struct document d;
	char idtext[24], ente[16];
	int64_t n = 0, link = 0, now = (int64_t)time(NULL);
	int own, found = 0, rc;

	if (albo_doc_tipo(tipo) == NULL)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Il tipo del documento è visura_camerale, durc, "
		               "certificato_soa, dgue, polizza o altro.");
	snprintf(idtext, sizeof(idtext), "%lld", (long long)albo_id);
	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	{
		struct db_param p[] = {P_I64(albo_id)};

		rc = db_query_i64(db, &albo_reg_sql[Q_ADOC_COUNT], p, 1, &n,
		                  &found, err);
	}
	if (rc == AV_OK && n >= ALBO_DOC_MAX)
		rc = av_fail(err, AV_ECONFLICT, "file",
		             "Un'iscrizione ha al massimo %d documenti.",
		             ALBO_DOC_MAX);
	if (rc == AV_OK)
		rc = document_record_attached(
		    db, u, up, reused, ALBO_DOC_ATTACHED, idtext, &d, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(albo_id), P_I64(d.id),
		                       P_TEXT(tipo),   P_TEXT_OR_NULL(scadenza),
		                       P_TEXT(d.nome), P_TEXT(d.mime),
		                       P_I64(d.size),  P_TEXT(d.sha256),
		                       P_I64(now),     P_I64(u->id)};

		rc = db_query_i64(db, &albo_reg_sql[Q_ADOC_INSERT], p, 10,
		                  &link, &found, err);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, u->id, ente, "sua.albo.documento", "sua_albo", albo_id,
		    json_pack("{s:I, s:s, s:s?, s:s, s:s}", "documento",
		              (json_int_t)d.id, "tipo", tipo, "scadenza",
		              scadenza, "nome", d.nome, "sha256", d.sha256),
		    err);
	if (rc == AV_OK)
		*doc_id = d.id;
	return db_tx_leave(db, own, rc, err);
}

int
albo_doc_write_list(struct jw *w, struct db *db, int64_t albo_id,
                    struct list_walk *lw, struct av_err *err)
{
	struct db_param p[] = {P_I64(albo_id)};
	struct db_cursor *c;
	char today[11], url[64];
	int k;

	albo_today(today);
	if (db_query(db, &albo_reg_sql[Q_ADOC_LIST], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((k = db_next(c, err)) == 1) {
		int has_exp = !db_col_is_null(c, 2);
		struct list_val key = list_int(db_col_i64(c, 9));

		if (!list_walk_row(lw, &key))
			continue;

		snprintf(url, sizeof(url), "/api/v1/documenti/%lld/contenuto",
		         (long long)db_col_i64(c, 0));
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "tipo", db_col_text(c, 1));
		jw_kstr(w, "scadenza", has_exp ? db_col_text(c, 2) : NULL);
		jw_kbool(w, "scaduto",
		         has_exp && strcmp(db_col_text(c, 2), today) < 0);
		jw_kstr(w, "nome", db_col_text(c, 3));
		jw_kstr(w, "mime", db_col_text(c, 4));
		jw_ki64(w, "size", db_col_i64(c, 5));
		jw_kstr(w, "sha256", db_col_text(c, 6));
		jw_ki64(w, "created", db_col_i64(c, 7));
		jw_ki64(w, "caricato_da", db_col_i64(c, 8));
		jw_kstr(w, "url", url);
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return k < 0 ? err->code : AV_OK;
}

int
albo_doc_readable(struct db *db, const struct user *u, const char *attached_id,
                  int *ok, struct av_err *err)
{
	static _Thread_local struct albo_row r;
	char ente[ENTE_CODE_MAX + 1];
	int64_t id;
	int found = 0;

	*ok = 0;
	if (u == NULL ||
	    parse_i64(attached_id, strlen(attached_id), 1, INT64_MAX, &id) != 0)
		return AV_OK;
	if (albo_get(db, id, &r, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	snprintf(ente, sizeof(ente), "operatore:%s", r.partita_iva);
	if (authz_decide(u, PERM_ALBO_ENTRY_READ, ente) == AV_OK) {
		*ok = 1;
		return AV_OK;
	}
	snprintf(ente, sizeof(ente), "provincia:%s", r.provincia);
	*ok = authz_decide(u, PERM_ALBO_ENTRY_READ, ente) == AV_OK;
	return AV_OK;
}
