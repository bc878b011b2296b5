/*
 * campagne_firma.c - signed answers to a campaign (campagne_firma.h).  The
 * job verifies the uploaded file with the firma module, extracting the
 * innermost content of a CAdES envelope into the data directory's tmp/;
 * the content is stored as its own blob (so the merge on close reads the
 * CSV, not the envelope) and validated by risposta_submit_job exactly as
 * an unsigned answer; the verification is then stored for the answer's
 * row.  A file that is not a CAdES envelope (a signed PDF, a bare CSV) is
 * validated as uploaded, its verification saying what it is.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "http/upload.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_firma.h"
#include "modules/dati/campagne_firma_sql.h"
#include "modules/dati/campagne_sql.h"
#include "modules/firma/firma_doc.h"
#include "modules/firma/firma_store.h"
#include "store/blob.h"

#define Q(x) (&campagne_firma_sql[x])

int
campagna_firma_chiesta(struct db *db, int64_t campagna, int *on,
                       struct av_err *err)
{
	return firma_obbligo_get(db, FIRMA_OBBLIGO_CAMPAGNA, campagna, on, err);
}

int
campagna_firma_set(struct db *db, int64_t actor, int64_t campagna, int on,
                   struct av_err *err)
{
	struct campagna_brief b;
	char ente[32];
	int found = 0, changed = 0;

	if (campagna_brief(db, campagna, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	snprintf(ente, sizeof(ente), "provincia:%s", b.provincia);
	return firma_obbligo_set(db, actor, ente, FIRMA_OBBLIGO_CAMPAGNA,
	                         campagna, on, &changed, err);
}

int
risposta_firmata_queue(struct db *db, int64_t actor, int64_t campagna,
                       const char *comune, const char *sha256,
                       const char *nome_file, int64_t *job_id,
                       struct av_err *err)
{
	struct campagna_brief b;
	json_t *input;
	int found = 0, yes = 0, rc;

	if (campagna_brief(db, campagna, &b, &found, err) != AV_OK ||
	    (found &&
	     campagna_addressed(db, campagna, comune, &yes, err) != AV_OK))
		return err->code;
	if (!found || !yes)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (strcmp(b.stato, "aperta") != 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "La raccolta è chiusa: non accetta risposte.");
	input = json_pack("{s:I,s:s,s:s,s:s,s:I}", "campagna_id",
	                  (json_int_t)campagna, "comune", comune, "sha256",
	                  sha256, "nome_file", nome_file, "caricato_at",
	                  (json_int_t)time(NULL));
	if (!input)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	rc = job_submit(db, "dati_risposta_firmata", input, actor, comune,
	                job_id, err);
	json_decref(input);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(campagna), P_TEXT(comune),
		                       P_I64(*job_id)};
		rc = db_exec(db, Q(Q_CF_JOB_SET), p, 3, NULL, err);
	}
	return rc;
}

int
risposta_tipo_check(const struct upload *up, int firmata, struct av_err *err)
{
	unsigned char head[32];
	ssize_t n = 0;
	int fd;

	if (strcmp(up->mime, "application/octet-stream") != 0 &&
	    strcmp(up->mime, "application/pkcs7-mime") != 0)
		return AV_OK; /* the CSV types of the route */
	if (firmata) {
		fd = open(up->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return av_fail(err, AV_EIO, NULL, "Errore interno.");
		n = read(fd, head, sizeof(head));
		close(fd);
		if (n > 0 && firma_is_cms_signed(head, (size_t)n))
			return AV_OK;
	}
	return av_fail(err, AV_EMEDIA, "file",
	               firmata ? "Tipo di file non ammesso: la raccolta chiede "
	                         "un CSV firmato digitalmente (.csv.p7m) o un "
	                         "CSV."
	                       : "Tipo di file non ammesso: la risposta è un "
	                         "file CSV.");
}

/*
 * The SHA-256 of the extracted content, from the verification's own JSON
 * ("contenuto": {"sha256"}), when the file is a CAdES envelope with its
 * content; "" otherwise (then the upload itself is the answer).
 */
static void
content_sha(const struct sbuf *json, const struct firma_summary *s,
            char out[65])
{
	json_t *v, *c;

	out[0] = '\0';
	if (strcmp(s->formato, "CAdES") != 0)
		return;
	v = json_loadb(json->buf, json->len, 0, NULL);
	c = json_object_get(json_object_get(v, "contenuto"), "sha256");
	if (json_is_string(c) && blob_name_ok(json_string_value(c)))
		str_copy(out, 65, json_string_value(c));
	json_decref(v);
}

/*
 * The result of dati_verifica_risposta: the job belongs to the Comune,
 * which reads it; the signature's verdict is for the data officer only
 * (GET .../firme), never in the result.
 */
static int
job_result(struct db *db, int64_t rid, json_t **result, struct av_err *err)
{
	struct db_param p[] = {P_I64(rid)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &dati_campagne_sql[Q_RSP_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1)
		*result = json_pack("{s:I,s:s,s:I,s:I}", "risposta_id",
		                    (json_int_t)rid, "stato", db_col_text(c, 5),
		                    "righe", (json_int_t)db_col_i64(c, 6),
		                    "errori", (json_int_t)db_col_i64(c, 7));
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	return r == 1 ? AV_OK
	              : av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
}

int
dati_risposta_firmata_job(struct job_ctx *ctx, const json_t *input,
                          json_t **result, struct av_err *err)
{
	const char *comune =
	    json_string_value(json_object_get(input, "comune"));
	const char *sha = json_string_value(json_object_get(input, "sha256"));
	const char *nome =
	    json_string_value(json_object_get(input, "nome_file"));
	int64_t campagna =
	    json_integer_value(json_object_get(input, "campagna_id"));
	struct campagna_brief b;
	struct firma_doc d;
	struct firma_summary s;
	struct sbuf json = SBUF_INIT(FIRMA_JSON_MAX);
	char tmp[1024], path[1024], ente[32], tsl[65] = "", csha[65];
	int64_t rid = 0;
	int found = 0, fd, reused = 0, rc;

	if (comune == NULL || sha == NULL || nome == NULL || campagna <= 0 ||
	    !blob_name_ok(sha))
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (campagna_brief(ctx->db, campagna, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	snprintf(ente, sizeof(ente), "provincia:%s", b.provincia);
	snprintf(tmp, sizeof(tmp), "%s/tmp/firma-XXXXXX", upload_data_dir());
	fd = mkstemp(tmp);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL,
		               "Errore interno: file temporaneo non creato.");
	close(fd);
	memset(&d, 0, sizeof(d));
	d.oggetto = RISPOSTA_FIRMA_OGGETTO;
	d.sha256 = sha;
	d.data = json_integer_value(json_object_get(input, "caricato_at"));
	d.termine = b.scadenza_at; /* signed after the deadline: said so */
	d.ente = ente;
	rc = firma_documento_esegui(ctx->db, &d, tmp, &json, &s, tsl, err);
	if (rc == AV_OK) {
		content_sha(&json, &s, csha);
		if (csha[0]) /* the CSV inside the envelope is the answer */
			rc = blob_put(tmp, csha, &reused, err);
		else
			rc = blob_path(sha, path, sizeof(path), err);
	}
	if (rc == AV_OK)
		rc = risposta_submit_job(ctx->db, ctx->owner_id, campagna,
		                         comune, csha[0] ? tmp : path,
		                         csha[0] ? csha : sha, nome, ctx,
		                         ctx->id, &rid, err);
	unlink(tmp);
	if (rc == AV_OK) {
		d.id = rid;
		rc = firma_documento_registra(ctx->db, &d, &json, &s, tsl, err);
	}
	sbuf_release(&json);
	if (rc == AV_OK)
		rc = job_result(ctx->db, rid, result, err);
	return rc;
}

int
campagna_firme_write(struct jw *w, struct db *db, int64_t campagna,
                     struct av_err *err)
{
	struct db_param p[] = {P_I64(campagna), P_I64(CAMPAGNA_FIRME_MAX)};
	struct riga {
		int64_t id, righe, errori, created;
		char comune[24], stato[16];
		char nome[UPLOAD_NAME_MAX + 1];
	} * v;
	struct db_cursor *c;
	size_t n = 0, i;
	int on = 0, r, rc = AV_OK;

	if (campagna_firma_chiesta(db, campagna, &on, err) != AV_OK)
		return err->code;
	v = calloc(CAMPAGNA_FIRME_MAX, sizeof(*v));
	if (!v)
		return av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
	/* the rows first, then each one's summary: one cursor at a time */
	if (db_query(db, Q(Q_CF_RISPOSTE), p, 2, &c, err) != AV_OK) {
		free(v);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1 && n < CAMPAGNA_FIRME_MAX) {
		v[n].id = db_col_i64(c, 0);
		str_copy(v[n].comune, sizeof(v[n].comune),
		         db_col_text(c, 1) ? db_col_text(c, 1) : "");
		str_copy(v[n].nome, sizeof(v[n].nome),
		         db_col_text(c, 2) ? db_col_text(c, 2) : "");
		str_copy(v[n].stato, sizeof(v[n].stato),
		         db_col_text(c, 3) ? db_col_text(c, 3) : "");
		v[n].righe = db_col_i64(c, 4);
		v[n].errori = db_col_i64(c, 5);
		v[n].created = db_col_i64(c, 6);
		n++;
	}
	db_cursor_close(c);
	if (r < 0) {
		free(v);
		return err->code;
	}
	jw_obj(w);
	jw_ki64(w, "campagna", campagna);
	jw_kbool(w, "risposte_firmate", on);
	jw_karr(w, "risposte");
	for (i = 0; rc == AV_OK && i < n; i++) {
		char when[32];
		time_t t = (time_t)v[i].created;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		jw_obj(w);
		jw_ki64(w, "id", v[i].id);
		jw_kstr(w, "comune", v[i].comune);
		jw_kstr(w, "nome_file", v[i].nome);
		jw_kstr(w, "stato", v[i].stato);
		jw_ki64(w, "righe", v[i].righe);
		jw_ki64(w, "errori", v[i].errori);
		jw_kstr(w, "creato", when);
		rc = firma_store_summary_json(
		    w, "firma", db, RISPOSTA_FIRMA_OGGETTO, v[i].id, err);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	free(v);
	return rc;
}

int
risposta_firma_write(struct jw *w, struct db *db, int64_t rid,
                     struct av_err *err)
{
	return firma_store_result_json(w, db, RISPOSTA_FIRMA_OGGETTO, rid, err);
}
