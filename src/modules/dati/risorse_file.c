/*
 * risorse_file.c - the data office's files as resources (risorse_file.h).
 *
 * An upload is streamed to a temporary file by the HTTP layer (size
 * limit, type sniffed by libmagic, name cleaned), linked into the blob
 * store before the write transaction (the fsync'd copy is the slow part),
 * then in one transaction: the document attached to the dataset, the
 * resource (or, for a replacement, nothing yet), the job and the audit
 * records.  A CSV goes to the job "dati_risorsa_file", which ingests it
 * with tab_ingest inside its own transaction and only then points the
 * resource at the new file: a file that fails to load (a broken quote at
 * row 900,000) leaves the resource's previous file and table in place,
 * and its Italian error, with the row, stays readable on the resource
 * (its last job, "caricamento").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/upload_job.h"
#include "http/upload_keep.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/dati/dataset.h"
#include "modules/dati/dataset_handlers.h"
#include "modules/dati/risorse_file.h"
#include "modules/dati/risorse_file_sql.h"
#include "modules/dati/tabelle.h"
#include "modules/documents/documents.h"
#include "store/blob.h"

#define Q(x) (&dati_rf_sql[x])

/* The sniffed types a resource may be, and the DCAT format of each.  A
   CSV is often "text/plain" to libmagic.  CSV and XLSX are ingested. */
static const struct {
	const char *mime, *formato;
	int tabular;
} kinds[] = {
    {"text/csv", "CSV", 1},
    {"text/plain", "CSV", 1},
    {"application/csv", "CSV", 1},
    {"application/json", "JSON", 0},
    {"application/pdf", "PDF", 0},
    {"application/xml", "XML", 0},
    {"text/xml", "XML", 0},
    {"application/zip", "ZIP", 0},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "XLSX", 1},
    {"application/vnd.oasis.opendocument.spreadsheet", "ODS", 0},
};

static const char *const mime_ok[] = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/json",
    "application/pdf",
    "application/xml",
    "text/xml",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    NULL};
static const char *const fields[] = {"nome", "descrizione", NULL};

const struct upload_spec dati_risorsa_upload = {
    UPLOAD_MULTIPART, (uint64_t)TAB_FILE_MAX, mime_ok, "file", fields};

static int
kind_of(const char *mime)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].mime, mime) == 0)
			return (int)i;
	return -1;
}

/* A multipart text field, NULL when absent or empty; 400 when it is not
   UTF-8 or has a control character. */
static int
text_field(struct req *req, const char *name, const char **out)
{
	const char *v = req_upload_field(req, name);
	const unsigned char *s = (const unsigned char *)v;
	size_t n, k;
	uint32_t cp;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return AV_OK;
	for (n = strlen(v); n > 0; s += k, n -= k) {
		k = utf8_next(s, n, &cp);
		if (k == 0 || cp < 0x20 || cp == 0x7f)
			return av_fail(
			    req_err(req), AV_EINVAL, name,
			    "Testo non valido: UTF-8 senza caratteri "
			    "di controllo.");
	}
	*out = v;
	return AV_OK;
}

static int
path_id(struct req *req, const char *what, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id", "%s", what);
	return AV_OK;
}

/* The resource's row (Q_DRF_GET) into the fields asked; *found. */
struct rf_row {
	int64_t dataset_id, document_id, tabella_id;
	char formato[24], ente[64], stato[16], resp[24];
};

static int
rf_load(struct db *db, int64_t id, struct rf_row *r, int *found,
        struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int n;

	memset(r, 0, sizeof(*r));
	if (db_query(db, Q(Q_DRF_GET), p, 1, &c, err) != AV_OK)
		return err->code;
	n = db_next(c, err);
	*found = n == 1;
	if (n == 1) {
		r->dataset_id = db_col_i64(c, DRF_C_DATASET);
		r->document_id = db_col_is_null(c, DRF_C_DOCUMENT)
		                     ? 0
		                     : db_col_i64(c, DRF_C_DOCUMENT);
		r->tabella_id = db_col_is_null(c, DRF_C_TABELLA)
		                    ? 0
		                    : db_col_i64(c, DRF_C_TABELLA);
		str_copy(r->formato, sizeof(r->formato),
		         db_col_text(c, DRF_C_FORMATO));
		str_copy(r->ente, sizeof(r->ente), db_col_text(c, DRF_C_ENTE));
		str_copy(r->stato, sizeof(r->stato),
		         db_col_text(c, DRF_C_STATO));
		/* 'comune:024116' answers to 'provincia:024'. */
		if (strncmp(r->ente, "comune:", 7) == 0)
			snprintf(r->resp, sizeof(r->resp), "provincia:%.3s",
			         r->ente + 7);
		else
			str_copy(r->resp, sizeof(r->resp), r->ente);
	}
	db_cursor_close(c);
	return n < 0 ? err->code : AV_OK;
}

int
dati_risorsa_scope(struct req *req, char *ente, size_t len, int *found)
{
	struct rf_row r;
	int64_t id;

	*found = 0;
	if (path_id(req, "Risorsa non trovata.", &id) != AV_OK)
		return AV_OK;
	if (rf_load(req_db(req), id, &r, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Risorsa non trovata.");
		return AV_OK;
	}
	str_copy(ente, len, r.resp);
	return AV_OK;
}

/*
 * The common half of both uploads, inside the router's transaction once
 * the bytes are stored: the document attached to the dataset.
 */
static int
store_document(struct req *req, int64_t dataset_id, int reused,
               struct document *d)
{
	char att[24];

	snprintf(att, sizeof(att), "%lld", (long long)dataset_id);
	return document_record_attached(
	    req_db(req), req_user(req), req_upload(req), reused,
	    DATI_RISORSA_ATTACHED, att, d, req_err(req));
}

/* Queues the ingest of the kept file path into resource rid (the file
 * becomes the resource's only when it loads, if doc is not 0). */
static int
queue_ingest(struct req *req, int64_t dataset_id, int64_t rid, int64_t doc,
             const char *path, int64_t *job)
{
	json_t *input, *extra;
	struct db_param p[3];
	int xlsx =
	    kind_of(req_upload(req)->mime) >= 0 &&
	    strcmp(kinds[kind_of(req_upload(req)->mime)].formato, "XLSX") == 0;

	input = req_keep_json(
	    req, json_pack("{s:I, s:I, s:I, s:s, s:b, s:b}", "dataset_id",
	                   (json_int_t)dataset_id, "risorsa_id",
	                   (json_int_t)rid, "document_id", (json_int_t)doc,
	                   "path", path, "remove", 1, "xlsx", xlsx));
	extra = req_keep_json(req, json_pack("{s:I, s:I}", "dataset_id",
	                                     (json_int_t)dataset_id,
	                                     "risorsa_id", (json_int_t)rid));
	if (upload_job_submit(req, "dati_risorsa_file", input, path, extra,
	                      req_scope_ente(req), job) != AV_OK)
		return req_err(req)->code;
	p[0] = P_I64(rid);
	p[1] = P_I64(*job);
	p[2] = P_I64((int64_t)time(NULL));
	/* Failing here rolls the job's row back: its file goes too. */
	if (db_exec(req_db(req), Q(Q_DRF_SET_JOB), p, 3, NULL, req_err(req)) !=
	    AV_OK) {
		unlink(path);
		return req_err(req)->code;
	}
	return AV_OK;
}

static void
accepted(struct resp *resp, int64_t job, int64_t dataset_id, int64_t rid,
         int64_t doc)
{
	struct jw *w = upload_job_accepted(resp, job);

	jw_ki64(w, "dataset_id", dataset_id);
	jw_ki64(w, "risorsa_id", rid);
	jw_ki64(w, "document_id", doc);
	jw_obj_end(w);
}

int
dati_risorsa_file_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const struct upload *up = req_upload(req);
	char path[UPLOAD_KEEP_PATH_MAX] = "";
	struct dati_risorsa_in in;
	struct document d;
	const char *nome = NULL, *descr = NULL;
	int64_t id, rid = 0, job = 0;
	int reused = 0, k;

	if (path_id(req, "Dataset non trovato.", &id) != AV_OK)
		return err->code;
	if (up == NULL)
		return av_fail(err, AV_EINVAL, "file", "Manca il file.");
	k = kind_of(up->mime);
	if (k < 0) /* the spec already refused it: a bug if here */
		return av_fail(err, AV_EMEDIA, "file",
		               "Tipo di file non ammesso.");
	if (text_field(req, "nome", &nome) != AV_OK ||
	    text_field(req, "descrizione", &descr) != AV_OK)
		return err->code;
	if (nome == NULL)
		nome = up->name[0] ? up->name : "file";
	if (strlen(nome) > 500)
		return av_fail(err, AV_EINVAL, "nome",
		               "Il nome della risorsa è di al massimo 500 "
		               "caratteri.");
	/* The slow, fsync'd copy before the write lock. */
	if (document_store(up, &reused, err) != AV_OK)
		return err->code;
	if (kinds[k].tabular &&
	    upload_keep_for_job(up, path, sizeof(path), err) != AV_OK)
		return err->code;
	if (req_tx_begin(req) != AV_OK ||
	    store_document(req, id, reused, &d) != AV_OK)
		goto fail;
	memset(&in, 0, sizeof(in));
	in.nome = nome;
	in.descrizione = descr;
	in.formato = kinds[k].formato;
	in.document_id = d.id;
	if (dati_risorsa_add(req_db(req), req_user(req)->id, id, &in, &rid,
	                     err) != AV_OK)
		goto fail;
	if (!kinds[k].tabular) {
		struct jw *w = resp_jw(resp, 201);

		jw_obj(w);
		jw_ki64(w, "dataset_id", id);
		jw_ki64(w, "risorsa_id", rid);
		jw_ki64(w, "document_id", d.id);
		jw_kstr(w, "formato", kinds[k].formato);
		jw_obj_end(w);
		return AV_OK;
	}
	/* upload_job_submit removes the kept file when it fails */
	if (queue_ingest(req, id, rid, 0, path, &job) != AV_OK)
		return err->code;
	accepted(resp, job, id, rid, d.id);
	return AV_OK;
fail:
	if (path[0])
		unlink(path);
	return err->code;
}

int
dati_risorsa_file_replace(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const struct upload *up = req_upload(req);
	char path[UPLOAD_KEEP_PATH_MAX] = "";
	struct document d;
	struct rf_row r;
	int64_t rid, job = 0;
	int reused = 0, found = 0, k;

	if (path_id(req, "Risorsa non trovata.", &rid) != AV_OK)
		return err->code;
	if (up == NULL)
		return av_fail(err, AV_EINVAL, "file", "Manca il file.");
	k = kind_of(up->mime);
	if (k < 0 || !kinds[k].tabular)
		return av_fail(err, AV_EUNPROC, "file",
		               "Si sostituisce solo il file CSV o XLSX di una "
		               "risorsa caricata nel catalogo.");
	if (document_store(up, &reused, err) != AV_OK ||
	    upload_keep_for_job(up, path, sizeof(path), err) != AV_OK)
		return err->code;
	if (req_tx_begin(req) != AV_OK ||
	    rf_load(req_db(req), rid, &r, &found, err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Risorsa non trovata.");
		goto fail;
	}
	if (r.document_id == 0 || strcmp(r.formato, kinds[k].formato) != 0) {
		av_fail(
		    err, AV_EUNPROC, "file",
		    "Si sostituisce solo il file di una risorsa caricata nel "
		    "catalogo (non di una risorsa data per indirizzo), con "
		    "uno dello stesso formato (%s).",
		    r.formato);
		goto fail;
	}
	if (store_document(req, r.dataset_id, reused, &d) != AV_OK)
		goto fail;
	if (queue_ingest(req, r.dataset_id, rid, d.id, path, &job) != AV_OK)
		return err->code;
	accepted(resp, job, r.dataset_id, rid, d.id);
	return AV_OK;
fail:
	unlink(path);
	return err->code;
}

int
dati_risorsa_file_get(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct download dl;
	struct document d;
	struct rf_row r;
	uint64_t size = 0;
	int64_t rid;
	int found = 0;

	if (path_id(req, "Risorsa non trovata.", &rid) != AV_OK ||
	    rf_load(req_db(req), rid, &r, &found, err) != AV_OK)
		return err->code;
	/* A draft's file only for its office: 404 to anyone else. */
	if (found && strcmp(r.stato, "pubblicato") != 0 &&
	    authz_decide(req_user(req), PERM_DATI_DATASET, r.resp) != AV_OK)
		found = 0;
	if (found && r.document_id != 0 &&
	    document_get(req_db(req), r.document_id, &d, &found, err) != AV_OK)
		return err->code;
	/* Only a file attached to this very dataset is served. */
	if (!found || r.document_id == 0 ||
	    strcmp(d.attached_type, DATI_RISORSA_ATTACHED) != 0 ||
	    strtoll(d.attached_id, NULL, 10) != r.dataset_id)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Risorsa non trovata o senza file.");
	if (blob_open(d.sha256, &dl.fd, &size, err) != AV_OK)
		return err->code;
	dl.size = size;
	/* A CSV goes out as CSV whatever libmagic called it. */
	dl.mime = strcmp(r.formato, "CSV") == 0 ? "text/csv" : d.mime;
	dl.name = d.nome;
	dl.etag_hex = d.sha256;
	return resp_download(req, resp, &dl);
}

int
dati_risorsa_file_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                      struct av_err *err)
{
	struct tab_ingest_opts o;
	struct tab_ingest_result r;
	int64_t doc = json_integer_value(json_object_get(input, "document_id"));
	char csv[UPLOAD_KEEP_PATH_MAX] = "";
	int rc;

	memset(&o, 0, sizeof(o));
	o.dataset_id = json_integer_value(json_object_get(input, "dataset_id"));
	o.risorsa_id = json_integer_value(json_object_get(input, "risorsa_id"));
	o.path = json_string_value(json_object_get(input, "path"));
	o.actor_id = ctx->owner_id;
	o.ente = ctx->ente;
	if (o.path == NULL || o.dataset_id <= 0 || o.risorsa_id <= 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	/* An .xlsx: its sheet as a CSV first, outside the transaction. */
	if (json_is_true(json_object_get(input, "xlsx"))) {
		if (dati_risorsa_xlsx_csv(o.path, csv, sizeof(csv), err) !=
		    AV_OK)
			return err->code;
		o.path = csv;
		o.delim = ',';
	}
	if (db_tx_begin(ctx->db, err) != AV_OK) {
		if (csv[0])
			unlink(csv);
		return err->code;
	}
	rc = tab_ingest(ctx->db, &o, ctx, &r, err);
	if (csv[0])
		unlink(csv);
	if (rc == AV_OK && doc > 0) {
		int64_t now = (int64_t)time(NULL);
		struct db_param p[] = {P_I64(o.risorsa_id), P_I64(doc),
		                       P_I64(now), P_I64(o.dataset_id)};
		struct db_param t[] = {P_I64(o.dataset_id), P_I64(now)};

		rc = db_exec(ctx->db, Q(Q_DRF_SET_DOC), p, 4, NULL, err);
		if (rc == AV_OK)
			rc = db_exec(ctx->db, Q(Q_DRF_DS_TOUCH), t, 2, NULL,
			             err);
		if (rc == AV_OK)
			rc = identity_audit(
			    ctx->db, ctx->owner_id, ctx->ente,
			    "dati.risorsa.file", "dati_risorsa", o.risorsa_id,
			    json_pack("{s:I, s:I, s:I}", "dataset_id",
			              (json_int_t)o.dataset_id, "document_id",
			              (json_int_t)doc, "tabella_id",
			              (json_int_t)r.tabella_id),
			    err);
	}
	if (rc != AV_OK) {
		db_tx_rollback(ctx->db);
		return rc;
	}
	if (db_tx_commit(ctx->db, err) != AV_OK)
		return err->code;
	*result =
	    json_pack("{s:I,s:I,s:I,s:i,s:I}", "risorsa_id",
	              (json_int_t)r.risorsa_id, "tabella_id",
	              (json_int_t)r.tabella_id, "righe", (json_int_t)r.righe,
	              "colonne", r.colonne, "byte", (json_int_t)r.bytes);
	return AV_OK;
}

static void
opt_i64(struct jw *w, const char *key, int64_t v)
{
	if (v < 0)
		jw_knull(w, key);
	else
		jw_ki64(w, key, v);
}

int
dati_risorsa_write_ingest(struct db *db, struct jw *w, int64_t risorsa_id,
                          struct av_err *err)
{
	struct db_param p[] = {P_I64(risorsa_id)};
	struct job_progress live, shown;
	struct job_row row;
	int64_t job = 0;
	int found = 0;

	if (db_query_i64(db, Q(Q_DRF_JOB), p, 1, &job, &found, err) != AV_OK)
		return err->code;
	if (found && job_load(db, job, &row, &found, err) != AV_OK)
		return err->code;
	jw_key(w, "caricamento");
	if (!found) {
		jw_null(w);
		return AV_OK;
	}
	/* The worker's live progress while it runs (the row is not updated
	   inside the load's transaction). */
	job_shown_progress(&row, jobs_live(job, &live) ? &live : NULL, &shown);
	jw_obj(w);
	jw_ki64(w, "job_id", row.id);
	jw_kstr(w, "stato", job_state_name(row.state));
	jw_ki64(w, "righe", shown.rows_done);
	opt_i64(w, "righe_totali", shown.rows_total);
	jw_ki64(w, "byte", shown.bytes_done);
	opt_i64(w, "byte_totali", shown.bytes_total);
	jw_kstr(w, "errore", row.error);
	jw_obj_end(w);
	job_row_release(&row);
	return AV_OK;
}
