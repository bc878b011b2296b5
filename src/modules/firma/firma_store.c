/*
 * firma_store.c - the firma module's rows: the trusted list loaded by the
 * administrator and the stored verifications (firma_store.h).
 */
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/firma/firma_sql.h"
#include "modules/firma/firma_store.h"

int
firma_store_tsl_set(struct db *db, int64_t actor_id, const char *origine,
                    const char *riferimento, const char *xml, size_t len,
                    struct firma_store_tsl *info, struct av_err *err)
{
	struct firma_trust *t = NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	struct db_cursor *c;
	int own, rc, r;

	memset(info, 0, sizeof(*info));
	if (strlen(xml) != len)
		return av_fail(err, AV_EINVAL, "tsl",
		               "l'elenco di fiducia contiene un byte nullo");
	if (firma_trust_parse(xml, len, &t, err) != AV_OK)
		return err->code;
	info->servizi = (int64_t)firma_trust_count(t);
	str_copy(info->territorio, sizeof(info->territorio),
	         firma_trust_territorio(t));
	str_copy(info->emesso, sizeof(info->emesso), firma_trust_emesso(t));
	firma_trust_free(t);
	crypto_hash_sha256(h, (const unsigned char *)xml, len);
	sodium_bin2hex(info->sha256, sizeof(info->sha256), h, sizeof(h));
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_TEXT(origine),
		    P_TEXT(riferimento),
		    P_TEXT(info->sha256),
		    info->territorio[0] ? P_TEXT(info->territorio) : P_NULL,
		    info->emesso[0] ? P_TEXT(info->emesso) : P_NULL,
		    P_I64(info->servizi),
		    P_TEXTN(xml, len),
		    P_I64((int64_t)time(NULL)),
		    actor_id > 0 ? P_I64(actor_id) : P_NULL};

		rc = db_query(db, &firma_sql[Q_FT_INSERT], p, 9, &c, err);
		if (rc == AV_OK) {
			r = db_next(c, err);
			if (r == 1)
				info->id = db_col_i64(c, 0);
			db_cursor_close(c);
			if (r != 1)
				rc = r < 0 ? (int)err->code
				           : av_fail(err, AV_EDB, NULL,
				                     "Errore della base dati.");
		}
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor_id, NULL, "firma.tsl", "firma_tsl", info->id,
		    json_pack("{s:s, s:s, s:s, s:I}", "origine", origine,
		              "riferimento", riferimento, "sha256",
		              info->sha256, "servizi",
		              (json_int_t)info->servizi),
		    err);
	return db_tx_leave(db, own, rc, err);
}

int
firma_store_trust_sha(struct db *db, struct firma_trust **t, char sha[65],
                      struct av_err *err)
{
	struct db_cursor *c;
	int r, rc;

	*t = NULL;
	if (sha)
		sha[0] = '\0';
	if (db_query(db, &firma_sql[Q_FT_CURRENT], NULL, 0, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		const char *xml = db_col_text(c, 0);

		if (sha && db_col_text(c, 1))
			str_copy(sha, 65, db_col_text(c, 1));
		rc = firma_trust_parse(xml ? xml : "", xml ? strlen(xml) : 0, t,
		                       err);
	} else {
		rc = r < 0 ? (int)err->code
		           : av_fail(err, AV_ENOTFOUND, "tsl",
		                     "nessun elenco di fiducia caricato");
	}
	db_cursor_close(c);
	return rc;
}

int
firma_store_trust(struct db *db, struct firma_trust **t, struct av_err *err)
{
	return firma_store_trust_sha(db, t, NULL, err);
}

int
firma_store_result(struct db *db, const char *oggetto, int64_t id,
                   const char *json, size_t len, const struct firma_summary *s,
                   const char *tsl_sha, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(oggetto),
	                       P_I64(id),
	                       P_I64(s->firmato ? 1 : 0),
	                       P_I64(s->valida ? 1 : 0),
	                       P_I64(s->firmatari),
	                       s->formato[0] ? P_TEXT(s->formato) : P_NULL,
	                       s->nome[0] ? P_TEXT(s->nome) : P_NULL,
	                       s->codice_fiscale[0] ? P_TEXT(s->codice_fiscale)
	                                            : P_NULL,
	                       s->motivo[0] ? P_TEXT(s->motivo) : P_NULL,
	                       s->ora_firma[0] ? P_TEXT(s->ora_firma) : P_NULL,
	                       P_TEXTN(json, len),
	                       tsl_sha && tsl_sha[0] ? P_TEXT(tsl_sha) : P_NULL,
	                       P_I64((int64_t)time(NULL))};

	return db_exec(db, &firma_sql[Q_FV_UPSERT], p, 13, NULL, err);
}

int
firma_store_has(struct db *db, const char *oggetto, int64_t id, int *found,
                struct av_err *err)
{
	struct db_param p[] = {P_TEXT(oggetto), P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &firma_sql[Q_FV_GET], p, 2, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	*found = r == 1;
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static void
kcol(struct jw *w, const char *k, struct db_cursor *c, int col)
{
	jw_kstr(w, k, db_col_text(c, col)); /* NULL writes null */
}

int
firma_store_summary_json(struct jw *w, const char *key, struct db *db,
                         const char *oggetto, int64_t id, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(oggetto), P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &firma_sql[Q_FV_GET], p, 2, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		jw_kobj(w, key);
		jw_kbool(w, "firmato", db_col_i64(c, 0) != 0);
		jw_kbool(w, "valida", db_col_i64(c, 1) != 0);
		jw_ki64(w, "firmatari", db_col_i64(c, 2));
		kcol(w, "formato", c, 9);
		kcol(w, "nome", c, 3);
		kcol(w, "codice_fiscale", c, 4);
		kcol(w, "motivo", c, 5);
		kcol(w, "ora_firma", c, 6);
		jw_ki64(w, "verificato_at", db_col_i64(c, 8));
		jw_obj_end(w);
	} else if (r == 0) {
		jw_knull(w, key);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
firma_store_result_json(struct jw *w, struct db *db, const char *oggetto,
                        int64_t id, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(oggetto), P_I64(id)};
	struct db_cursor *c;
	json_t *v = NULL;
	int r;

	if (db_query(db, &firma_sql[Q_FV_GET], p, 2, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		v = json_loads(db_col_text(c, 7) ? db_col_text(c, 7) : "", 0,
		               NULL);
		if (json_is_object(v))
			json_object_set_new(v, "verificato_at",
			                    json_integer(db_col_i64(c, 8)));
	}
	db_cursor_close(c);
	if (r < 0) {
		json_decref(v);
		return err->code;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		return av_fail(err, AV_ENOTFOUND, "file",
		               "Nessuna verifica della firma per questo file.");
	}
	jw_json(w, v);
	json_decref(v);
	return AV_OK;
}
