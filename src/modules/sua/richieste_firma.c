/*
 * richieste_firma.c - signed attachments of a request to the SUA
 * (richieste_firma.h): the officer's "firma digitale richiesta", the
 * verification queued for each attachment, the officer's view of the
 * results.  The verification itself is the firma module's job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/upload.h"
#include "json/jw.h"
#include "modules/firma/firma_doc.h"
#include "modules/firma/firma_store.h"
#include "modules/sua/richieste.h"
#include "modules/sua/richieste_firma.h"
#include "modules/sua/richieste_firma_sql.h"

struct allegato {
	int64_t id, created;
	char sha256[65];
};

static int
queue_one(struct db *db, int64_t actor, const char *provincia, int64_t doc_id,
          const char *sha256, int64_t created, struct av_err *err)
{
	struct firma_doc d;
	char ente[24];

	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	memset(&d, 0, sizeof(d));
	d.oggetto = RICHIESTA_FIRMA_OGGETTO;
	d.id = doc_id;
	d.sha256 = sha256;
	d.data = created; /* the platform attests the file existed then */
	d.ente = ente;
	return firma_documento_accoda(db, actor, &d, err);
}

/* The request's attachments (at most SUA_DOC_LIST_MAX) into *out. */
static int
allegati(struct db *db, int64_t id, struct allegato **out, size_t *n,
         struct av_err *err)
{
	struct db_param p[] = {P_I64(id), P_I64(SUA_DOC_LIST_MAX)};
	struct allegato *v = calloc(SUA_DOC_LIST_MAX, sizeof(*v));
	struct db_cursor *c;
	int r;

	*out = NULL;
	*n = 0;
	if (!v)
		return av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
	if (db_query(db, &richieste_firma_sql[Q_RF_DOCS], p, 2, &c, err) !=
	    AV_OK) {
		free(v);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1 && *n < SUA_DOC_LIST_MAX) {
		v[*n].id = db_col_i64(c, 0);
		str_copy(v[*n].sha256, sizeof(v[*n].sha256),
		         db_col_text(c, 5) ? db_col_text(c, 5) : "");
		v[*n].created = db_col_i64(c, 6);
		(*n)++;
	}
	db_cursor_close(c);
	if (r < 0) {
		free(v);
		return err->code;
	}
	*out = v;
	return AV_OK;
}

int
richiesta_firma_set(struct db *db, int64_t actor, int64_t id, int on,
                    int *queued, struct av_err *err)
{
	struct sua_richiesta r;
	struct allegato *v = NULL;
	char ente[24];
	size_t n = 0, i;
	int found = 0, changed = 0, has, rc;

	*queued = 0;
	if (richiesta_get(db, id, &r, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Richiesta non trovata.");
	snprintf(ente, sizeof(ente), "provincia:%s", r.provincia);
	rc = firma_obbligo_set(db, actor, ente, FIRMA_OBBLIGO_RICHIESTA, id, on,
	                       &changed, err);
	if (rc != AV_OK || !on)
		return rc;
	rc = allegati(db, id, &v, &n, err);
	for (i = 0; rc == AV_OK && i < n; i++) {
		rc = firma_store_has(db, RICHIESTA_FIRMA_OGGETTO, v[i].id, &has,
		                     err);
		if (rc == AV_OK && !has) {
			rc = queue_one(db, actor, r.provincia, v[i].id,
			               v[i].sha256, v[i].created, err);
			(*queued)++;
		}
	}
	free(v);
	return rc;
}

int
richiesta_firma_chiesta(struct db *db, int64_t id, int *on, struct av_err *err)
{
	return firma_obbligo_get(db, FIRMA_OBBLIGO_RICHIESTA, id, on, err);
}

int
richiesta_firma_allegato(struct db *db, int64_t actor, int64_t id,
                         const char *provincia, int64_t doc_id,
                         const char *sha256, int *queued, struct av_err *err)
{
	int on = 0;

	*queued = 0;
	if (richiesta_firma_chiesta(db, id, &on, err) != AV_OK)
		return err->code;
	if (!on)
		return AV_OK;
	*queued = 1;
	return queue_one(db, actor, provincia, doc_id, sha256,
	                 (int64_t)time(NULL), err);
}

/* One attachment as the officer's view lists it. */
struct riga {
	int64_t id, size, created;
	char tipo[16];
	char nome[UPLOAD_NAME_MAX + 1];
	char mime[UPLOAD_MIME_MAX + 1];
};

static void
write_riga(struct jw *w, const struct riga *g)
{
	char url[64], when[32];
	time_t t = (time_t)g->created;
	struct tm tm;

	snprintf(url, sizeof(url), "/api/v1/documenti/%lld/contenuto",
	         (long long)g->id);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_ki64(w, "id", g->id);
	jw_kstr(w, "tipo", g->tipo);
	jw_kstr(w, "nome", g->nome);
	jw_kstr(w, "mime", g->mime);
	jw_ki64(w, "size", g->size);
	jw_kstr(w, "creato", when);
	jw_kstr(w, "url", url);
}

int
richiesta_firme_write(struct jw *w, struct db *db, int64_t id,
                      struct av_err *err)
{
	struct db_param p[] = {P_I64(id), P_I64(SUA_DOC_LIST_MAX)};
	struct db_cursor *c;
	struct riga *v;
	size_t n = 0, i;
	int on = 0, r, rc = AV_OK;

	if (richiesta_firma_chiesta(db, id, &on, err) != AV_OK)
		return err->code;
	v = calloc(SUA_DOC_LIST_MAX, sizeof(*v));
	if (!v)
		return av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
	/* the rows first, then each one's summary: one cursor at a time */
	if (db_query(db, &richieste_firma_sql[Q_RF_DOCS], p, 2, &c, err) !=
	    AV_OK) {
		free(v);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1 && n < SUA_DOC_LIST_MAX) {
		v[n].id = db_col_i64(c, 0);
		str_copy(v[n].tipo, sizeof(v[n].tipo),
		         db_col_text(c, 1) ? db_col_text(c, 1) : "");
		str_copy(v[n].nome, sizeof(v[n].nome),
		         db_col_text(c, 2) ? db_col_text(c, 2) : "");
		str_copy(v[n].mime, sizeof(v[n].mime),
		         db_col_text(c, 3) ? db_col_text(c, 3) : "");
		v[n].size = db_col_i64(c, 4);
		v[n].created = db_col_i64(c, 6);
		n++;
	}
	db_cursor_close(c);
	if (r < 0) {
		free(v);
		return err->code;
	}
	jw_obj(w);
	jw_ki64(w, "richiesta", id);
	jw_kbool(w, "firma_richiesta", on);
	jw_karr(w, "documenti");
	for (i = 0; rc == AV_OK && i < n; i++) {
		jw_obj(w);
		write_riga(w, &v[i]);
		rc = firma_store_summary_json(
		    w, "firma", db, RICHIESTA_FIRMA_OGGETTO, v[i].id, err);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	free(v);
	return rc;
}

int
richiesta_firma_result_write(struct jw *w, struct db *db, int64_t id,
                             int64_t doc_id, struct av_err *err)
{
	struct db_param p[] = {P_I64(doc_id), P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &richieste_firma_sql[Q_RF_DOC], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (r == 0)
		return av_fail(err, AV_ENOTFOUND, "documento",
		               "Documento non trovato.");
	return firma_store_result_json(w, db, RICHIESTA_FIRMA_OGGETTO, doc_id,
	                               err);
}
