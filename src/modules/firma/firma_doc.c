/*
 * firma_doc.c - signatures asked on an object and the verification of the
 * files received for it (firma_doc.h).  The file is read from the blob
 * store by its SHA-256 (plain, unlike the sealed bid files), verified by
 * firma_verifica_file against the stored trusted list at the instant of
 * its upload, and the result stored with its audit record.
 */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "identity/identity.h"
#include "modules/firma/firma_doc.h"
#include "modules/firma/firma_doc_sql.h"
#include "modules/firma/firma_store.h"
#include "store/blob.h"

#define FIRMA_DOC_JOB "firma_documento"

int
firma_is_cms_signed(const unsigned char *h, size_t n)
{
	static const unsigned char oid[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
	                                    0xf7, 0x0d, 0x01, 0x07, 0x02};
	size_t i = 2;

	if (n < 2 || h[0] != 0x30)
		return 0;
	if (h[1] > 0x80 && h[1] <= 0x84)
		i += (size_t)(h[1] - 0x80); /* long form; 0x80: indefinite */
	else if (h[1] > 0x84)
		return 0;
	return n >= i + sizeof(oid) && memcmp(h + i, oid, sizeof(oid)) == 0;
}

int
firma_obbligo_get(struct db *db, const char *oggetto, int64_t id, int *on,
                  struct av_err *err)
{
	struct db_param p[] = {P_TEXT(oggetto), P_I64(id)};
	int64_t one = 0;
	int found = 0;

	*on = 0;
	if (db_query_i64(db, &firma_doc_sql[Q_FO_GET], p, 2, &one, &found,
	                 err) != AV_OK)
		return err->code;
	*on = found;
	return AV_OK;
}

int
firma_obbligo_set(struct db *db, int64_t actor_id, const char *ente,
                  const char *oggetto, int64_t id, int on, int *changed,
                  struct av_err *err)
{
	int64_t n = 0;
	int own, rc;

	*changed = 0;
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK && on) {
		struct db_param p[] = {P_TEXT(oggetto), P_I64(id), P_TEXT(ente),
		                       P_I64((int64_t)time(NULL)),
		                       actor_id > 0 ? P_I64(actor_id) : P_NULL};

		rc = db_exec(db, &firma_doc_sql[Q_FO_INSERT], p, 5, &n, err);
	} else if (rc == AV_OK) {
		struct db_param p[] = {P_TEXT(oggetto), P_I64(id)};

		rc = db_exec(db, &firma_doc_sql[Q_FO_DELETE], p, 2, &n, err);
	}
	/* audited also when nothing changed: the decision was taken */
	if (rc == AV_OK) {
		*changed = n > 0;
		rc = identity_audit(db, actor_id, ente, "firma.obbligo",
		                    oggetto, id,
		                    json_pack("{s:b, s:b}", "firma_richiesta",
		                              on, "cambiato", n > 0),
		                    err);
	}
	return db_tx_leave(db, own, rc, err);
}

int
firma_documento_accoda(struct db *db, int64_t actor, const struct firma_doc *d,
                       struct av_err *err)
{
	json_t *in = json_pack(
	    "{s:s, s:I, s:s, s:I, s:I, s:s}", "oggetto", d->oggetto, "id",
	    (json_int_t)d->id, "sha256", d->sha256, "data", (json_int_t)d->data,
	    "termine", (json_int_t)d->termine, "ente", d->ente);
	int64_t id = 0;
	int rc;

	if (!in)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	/* owned by nobody: the uploader must not read the verdict through
	 * GET /api/v1/jobs/{id}; only the people deciding see it */
	(void)actor;
	rc = job_submit(db, FIRMA_DOC_JOB, in, 0, d->ente, &id, err);
	json_decref(in);
	return rc;
}

int
firma_documento_esegui(struct db *db, const struct firma_doc *d,
                       const char *estrai, struct sbuf *json,
                       struct firma_summary *s, char tsl_sha[65],
                       struct av_err *err)
{
	struct firma_trust *trust = NULL;
	struct firma_opts o = {0};
	char path[512];
	int rc;

	memset(s, 0, sizeof(*s));
	rc = firma_store_trust_sha(db, &trust, tsl_sha, err);
	if (rc == AV_ENOTFOUND) { /* no list: every signer untrusted, said so */
		av_err_clear(err);
		rc = AV_OK;
	}
	if (rc == AV_OK)
		rc = blob_path(d->sha256, path, sizeof(path), err);
	if (rc == AV_OK) {
		o.trust = trust;
		o.data = (time_t)d->data;
		o.termine = (time_t)d->termine;
		o.estrai = estrai;
		o.ocsp = 1;
		rc = firma_verifica_file(path, &o, json, s, err);
	}
	firma_trust_free(trust);
	if (rc == AV_OK && sbuf_err(json))
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return rc;
}

int
firma_documento_registra(struct db *db, const struct firma_doc *d,
                         const struct sbuf *json, const struct firma_summary *s,
                         const char *tsl_sha, struct av_err *err)
{
	int own, rc;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = firma_store_result(db, d->oggetto, d->id, json->buf, json->len, s,
	                        tsl_sha, err);
	if (rc == AV_OK)
		rc = identity_audit(
		    db, 0, d->ente, "firma.verifica", d->oggetto, d->id,
		    json_pack("{s:b, s:b, s:i, s:s?}", "firmato", s->firmato,
		              "valida", s->valida, "firmatari", s->firmatari,
		              "motivo", s->motivo[0] ? s->motivo : NULL),
		    err);
	return db_tx_leave(db, own, rc, err);
}

int
firma_documento_verifica(struct db *db, const struct firma_doc *d,
                         const char *estrai, struct firma_summary *out,
                         struct av_err *err)
{
	struct firma_summary s;
	struct sbuf json = SBUF_INIT(FIRMA_JSON_MAX);
	char sha[65] = "";
	int rc;

	rc = firma_documento_esegui(db, d, estrai, &json, &s, sha, err);
	if (rc == AV_OK)
		rc = firma_documento_registra(db, d, &json, &s, sha, err);
	sbuf_release(&json);
	if (rc == AV_OK && out)
		*out = s;
	return rc;
}

int
firma_documento_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                    struct av_err *err)
{
	struct firma_doc d;
	struct firma_summary s;

	memset(&d, 0, sizeof(d));
	d.oggetto = json_string_value(json_object_get(input, "oggetto"));
	d.id = (int64_t)json_integer_value(json_object_get(input, "id"));
	d.sha256 = json_string_value(json_object_get(input, "sha256"));
	d.data = (int64_t)json_integer_value(json_object_get(input, "data"));
	d.termine =
	    (int64_t)json_integer_value(json_object_get(input, "termine"));
	d.ente = json_string_value(json_object_get(input, "ente"));
	if (!d.oggetto || d.id <= 0 || !d.sha256 || !blob_name_ok(d.sha256) ||
	    !d.ente)
		return av_fail(err, AV_EINVAL, NULL,
		               "Richiesta di verifica della firma non valida.");
	if (firma_documento_verifica(ctx->db, &d, NULL, &s, err) != AV_OK)
		return err->code;
	*result = json_pack("{s:b}", "valida", s.valida);
	return AV_OK;
}
