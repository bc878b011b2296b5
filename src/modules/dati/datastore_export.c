/*
 * datastore_export.c - a tabular resource downloaded whole (issue 15 item
 * 4; docs/api/dati-esporta.md): CSV, JSON and XLSX of the records that
 * match CKAN's datastore_search parameters filters, q and fields
 * (datastore_params.c), in the file's order (_id).
 *
 * Never the whole table in memory.  CSV and JSON are streamed
 * (resp_stream): pages of EXPORT_PAGE records read by keyset (_id >
 * the last one sent, so each page costs the same however deep), written
 * into one page buffer as the client reads.  XLSX is written by
 * libxlsxwriter in constant_memory mode (one row in memory, the sheet
 * flushed to a temporary file) into a temporary file of the data
 * directory, read by the same keyset pages, then sent from its
 * descriptor.
 *
 * CSV: ';' with a UTF-8 BOM by default (the project's convention, what a
 * spreadsheet in Italian opens); separatore=, gives CKAN's dump form
 * (',' and no BOM).  JSON: CKAN's dump form, {"fields": [...], "records":
 * [[_id, v1, ...], ...]}.  Visibility as datastore_search: a published
 * dataset's resource is public, a draft's only for its ente's data
 * officer; anyone else gets the 404 of an unknown resource.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/route.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/dati/datastore.h"
#include "modules/dati/datastore_handlers.h"

#define EXPORT_PAGE 1000                  /* records read per query */
#define EXPORT_PAGE_BYTES (1 << 20)       /* a page ends past this */
#define EXPORT_BUF_MAX ((size_t)32 << 20) /* one record's worst case */
#define XLSX_ROWS_MAX 1048575             /* Excel's rows, less the header */
#define EXPORT_FILTERS_MAX 4096           /* bytes of the filters text */

enum export_format { EXP_CSV, EXP_JSON, EXP_XLSX };

struct export
{
	struct ds_table t; /* fields: a heap copy (the stream outlives req) */
	struct ds_query q;
	json_t *filters; /* owns the strings q's filters point at */
	char *q_text;    /* owns q.q */
	enum export_format format;
	char sep;
	/* the stream */
	struct sbuf page;
	size_t sent;
	int done;
	struct jw jw;
	int64_t last_id, rows;
	/* XLSX */
	lxw_worksheet *ws;
	lxw_format *bold;
};

static void
export_free(void *cls)
{
	struct export *e = cls;

	sbuf_release(&e->page);
	json_decref(e->filters);
	free(e->q_text);
	free(e->t.fields);
	free(e);
}

/* ---- values ------------------------------------------------------------ */

static int
numeric(const struct ds_field *f, const char *v)
{
	return v != NULL &&
	       (strcmp(f->tipo, "integer") == 0 ||
	        strcmp(f->tipo, "number") == 0) &&
	       tab_is_json_number(v, strlen(v));
}

/* RFC 4180: quoted when it holds the separator, a quote or a newline. */
static void
csv_cell(struct sbuf *sb, const char *v, char sep, int last)
{
	const char *s;
	char special[5] = {sep, '"', '\r', '\n', '\0'};

	if (v != NULL && v[strcspn(v, special)] != '\0') {
		sbuf_addch(sb, '"');
		for (s = v; *s; s++) {
			if (*s == '"')
				sbuf_addch(sb, '"');
			sbuf_addch(sb, *s);
		}
		sbuf_addch(sb, '"');
	} else if (v != NULL) {
		sbuf_addstr(sb, v);
	}
	if (last)
		sbuf_addstr(sb, "\r\n");
	else
		sbuf_addch(sb, sep);
}

static const char *
ckan_type(const char *tipo)
{
	if (strcmp(tipo, "integer") == 0)
		return "int";
	if (strcmp(tipo, "number") == 0)
		return "numeric";
	if (strcmp(tipo, "date") == 0)
		return "date";
	return "text";
}

/* ---- the stream (CSV, JSON) ------------------------------------------- */

static void
write_head(struct export *e)
{
	int i;

	if (e->format == EXP_CSV) {
		if (e->sep == ';')
			sbuf_addstr(&e->page, "\xEF\xBB\xBF");
		csv_cell(&e->page, "_id", e->sep, e->q.nfields == 0);
		for (i = 0; i < e->q.nfields; i++)
			csv_cell(&e->page,
			         ds_field_at(&e->t, e->q.fields[i])->nome,
			         e->sep, i + 1 == e->q.nfields);
		return;
	}
	jw_init(&e->jw, &e->page);
	jw_obj(&e->jw);
	jw_karr(&e->jw, "fields");
	jw_obj(&e->jw);
	jw_kstr(&e->jw, "id", "_id");
	jw_kstr(&e->jw, "type", "int");
	jw_obj_end(&e->jw);
	for (i = 0; i < e->q.nfields; i++) {
		const struct ds_field *f = ds_field_at(&e->t, e->q.fields[i]);

		jw_obj(&e->jw);
		jw_kstr(&e->jw, "id", f->nome);
		jw_kstr(&e->jw, "type", ckan_type(f->tipo));
		jw_obj_end(&e->jw);
	}
	jw_arr_end(&e->jw);
	jw_karr(&e->jw, "records");
}

/* One record into the page; past EXPORT_PAGE_BYTES the rest of the
 * query's rows are left for the next page (last_id not advanced). */
static int
stream_row(void *arg, struct db_cursor *c)
{
	struct export *e = arg;
	char id[24];
	int i;

	if (e->page.len > EXPORT_PAGE_BYTES)
		return 0;
	e->last_id = db_col_i64(c, 0);
	e->rows++;
	if (e->format == EXP_CSV) {
		snprintf(id, sizeof(id), "%" PRId64, e->last_id);
		csv_cell(&e->page, id, e->sep, e->q.nfields == 0);
		for (i = 0; i < e->q.nfields; i++)
			csv_cell(&e->page, db_col_text(c, i + 1), e->sep,
			         i + 1 == e->q.nfields);
		return 0;
	}
	jw_arr(&e->jw);
	jw_i64(&e->jw, e->last_id);
	for (i = 0; i < e->q.nfields; i++) {
		const char *v = db_col_text(c, i + 1);

		if (v == NULL)
			jw_null(&e->jw);
		else if (numeric(ds_field_at(&e->t, e->q.fields[i]), v))
			jw_raw(&e->jw, v, strlen(v));
		else
			jw_str(&e->jw, v);
	}
	jw_arr_end(&e->jw);
	return 0;
}

/* The next page of records into e->page (resp_pages_fill's refill). */
static int
next_page(void *owner)
{
	struct export *e = owner;
	struct av_err err = AV_ERR_INIT;
	struct db *db = db_thread(&err);
	int64_t before = e->rows;

	sbuf_reset(&e->page);
	e->sent = 0;
	e->q.after = e->last_id;
	if (db == NULL ||
	    ds_rows(db, &e->t, &e->q, stream_row, e, &err) != AV_OK ||
	    sbuf_err(&e->page)) {
		log_msg("error", err.detail[0]
		                     ? err.detail
		                     : "datastore export: page failed");
		return -1;
	}
	/* A short page (nothing cut by the byte cap) was the last one. */
	if (e->rows - before < EXPORT_PAGE &&
	    e->page.len <= EXPORT_PAGE_BYTES) {
		e->done = 1;
		if (e->format == EXP_JSON) {
			jw_arr_end(&e->jw);
			jw_obj_end(&e->jw);
		}
	}
	return 0;
}

static ssize_t
export_fill(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct export *e = cls;

	(void)pos;
	return resp_pages_fill(&e->page, &e->sent, &e->done, next_page, e, buf,
	                       max);
}

/* ---- XLSX -------------------------------------------------------------- */

static int
xlsx_row(void *arg, struct db_cursor *c)
{
	struct export *e = arg;
	lxw_row_t r;
	int i;

	e->last_id = db_col_i64(c, 0);
	r = (lxw_row_t)++e->rows;
	worksheet_write_number(e->ws, r, 0, (double)e->last_id, NULL);
	for (i = 0; i < e->q.nfields; i++) {
		const char *v = db_col_text(c, i + 1);
		const struct ds_field *f = ds_field_at(&e->t, e->q.fields[i]);

		if (v == NULL)
			continue;
		/* A number the spreadsheet keeps exactly (at most 15
		 * significant digits) as a number; anything else as text. */
		if (numeric(f, v) && strlen(v) <= 15)
			worksheet_write_number(e->ws, r, (lxw_col_t)(i + 1),
			                       strtod(v, NULL), NULL);
		else
			worksheet_write_string(e->ws, r, (lxw_col_t)(i + 1), v,
			                       NULL);
	}
	return 0;
}

static int
write_xlsx(struct req *req, struct export *e, const char *path,
           const char *tmpdir)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
	                            .tmpdir = (char *)tmpdir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	struct av_err *err = req_err(req);
	int64_t before;
	int i, rc = AV_OK;

	if (wb == NULL)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	e->ws = workbook_add_worksheet(wb, "dati");
	e->bold = workbook_add_format(wb);
	format_set_bold(e->bold);
	worksheet_write_string(e->ws, 0, 0, "_id", e->bold);
	for (i = 0; i < e->q.nfields; i++)
		worksheet_write_string(e->ws, 0, (lxw_col_t)(i + 1),
		                       ds_field_at(&e->t, e->q.fields[i])->nome,
		                       e->bold);
	worksheet_freeze_panes(e->ws, 1, 0);
	do {
		before = e->rows;
		e->q.after = e->last_id;
		rc = ds_rows(req_db(req), &e->t, &e->q, xlsx_row, e, err);
	} while (rc == AV_OK && e->rows - before == EXPORT_PAGE);
	if (workbook_close(wb) != LXW_NO_ERROR && rc == AV_OK)
		rc = av_fail(err, AV_EIO, NULL, "Errore interno (XLSX).");
	return rc;
}

static int
send_xlsx(struct req *req, struct resp *resp, struct export *e)
{
	const char *dir = upload_data_dir();
	char tmpdir[512], path[600], name[64], etag[33];
	struct download d;
	struct stat st;
	int64_t total = 0;
	int fd, rc;

	rc = ds_count(req_db(req), &e->t, &e->q, &total, req_err(req));
	if (rc != AV_OK)
		return rc;
	if (total > XLSX_ROWS_MAX)
		return av_fail(req_err(req), AV_EUNPROC, "formato",
		               "%" PRId64 " righe: un foglio XLSX ne contiene"
		               " al più %d; usare il CSV o dei filtri.",
		               total, XLSX_ROWS_MAX);
	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", dir[0] ? dir : "");
	if (!dir[0])
		snprintf(tmpdir, sizeof tmpdir, "/tmp");
	snprintf(path, sizeof path, "%s/esporta-XXXXXX", tmpdir);
	fd = mkstemp(path);
	if (fd < 0)
		return av_fail(req_err(req), AV_EIO, NULL, "Errore interno.");
	close(fd);
	rc = write_xlsx(req, e, path, tmpdir);
	fd = rc == AV_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);
	if (rc != AV_OK)
		return rc;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return av_fail(req_err(req), AV_EIO, NULL, "Errore interno.");
	}
	snprintf(name, sizeof name, "risorsa-%" PRId64 ".xlsx",
	         e->t.risorsa_id);
	memset(&d, 0, sizeof d);
	d.fd = fd;
	d.size = (uint64_t)st.st_size;
	d.mime = "application/vnd.openxmlformats-officedocument."
	         "spreadsheetml.sheet";
	d.name = name;
	/* a generated table never changes: the same table, parameters and
	 * size are the same file */
	{
		char seed[EXPORT_FILTERS_MAX + 256];
		unsigned char h[16];

		snprintf(
		    seed, sizeof seed, "%" PRId64 "|%s|%s|%s|%lld",
		    e->t.tabella_id,
		    req_query(req, "filters") ? req_query(req, "filters") : "",
		    req_query(req, "q") ? req_query(req, "q") : "",
		    req_query(req, "fields") ? req_query(req, "fields") : "",
		    (long long)st.st_size);
		crypto_generichash(h, sizeof h, (const unsigned char *)seed,
		                   strlen(seed), NULL, 0);
		sodium_bin2hex(etag, sizeof etag, h, sizeof h);
	}
	d.etag_hex = etag;
	return resp_download(req, resp, &d);
}

/* ---- the handlers ------------------------------------------------------ */

/* Loads the resource and reads filters, q and fields into e. */
static int
export_prepare(struct req *req, struct export *e)
{
	struct av_err *err = req_err(req);
	const char *fs = req_query(req, "filters");
	const char *qs = req_query(req, "q");
	const char *fl = req_query(req, "fields");
	json_t *fields;
	int64_t id;
	int found, rc, bad;

	if (parse_i64(req_param(req, "id"), strlen(req_param(req, "id")), 1,
	              INT64_MAX, &id) != 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Risorsa non trovata.");
	rc = ds_table_load(req_db(req), req_arena(req), id, &e->t, &found, err);
	/* the fields out of the request's arena: the stream outlives it */
	if (rc == AV_OK && found) {
		struct ds_field *copy =
		    xcalloc((size_t)e->t.nfields + 1, sizeof(*copy));

		memcpy(copy, e->t.fields, (size_t)e->t.nfields * sizeof(*copy));
		e->t.fields = copy;
	} else {
		e->t.fields = NULL;
	}
	if (rc != AV_OK)
		return rc;
	if (!found || (strcmp(e->t.stato, "pubblicato") != 0 &&
	               authz_decide(req_user(req), PERM_DATI_TABELLA_BOZZA,
	                            e->t.ente) != AV_OK))
		return av_fail(err, AV_ENOTFOUND, "id", "Risorsa non trovata.");
	if (fs != NULL) {
		if (strlen(fs) > EXPORT_FILTERS_MAX ||
		    (e->filters = json_loads(fs, JSON_REJECT_DUPLICATES,
		                             NULL)) == NULL ||
		    ds_query_filters(&e->t, e->filters, &e->q) != 0)
			return av_fail(
			    err, AV_EINVAL, "filters",
			    "I filtri devono essere un oggetto JSON"
			    " {\"campo\": valore} con campi della"
			    " risorsa e valori testo o interi (al più"
			    " %d).",
			    DS_FILTER_VALUES_MAX);
	}
	if (qs != NULL && qs[0] != '\0') {
		if (strlen(qs) > DS_Q_MAX)
			return av_fail(err, AV_EINVAL, "q",
			               "La ricerca ha al più %d caratteri.",
			               DS_Q_MAX);
		e->q_text = xstrdup(qs);
		e->q.q = e->q_text;
	}
	fields = fl != NULL ? json_string(fl) : NULL;
	bad = ds_query_fields(&e->t, fields, &e->q);
	json_decref(fields);
	if (bad)
		return av_fail(err, AV_EINVAL, "fields",
		               "I campi devono essere colonne della risorsa,"
		               " separati da virgole.");
	e->q.keyset = 1;
	e->q.limit = EXPORT_PAGE;
	return AV_OK;
}

static int export(struct req *req, struct resp *resp, enum export_format format)
{
	struct export *e = xcalloc(1, sizeof(*e));
	const char *sep = req_query(req, "separatore");
	char cd[96];
	int rc;

	e->format = format;
	e->sep = ';';
	rc = export_prepare(req, e);
	if (rc == AV_OK && sep != NULL && format == EXP_CSV) {
		if (strcmp(sep, ",") == 0 || strcmp(sep, ";") == 0)
			e->sep = sep[0];
		else
			rc = av_fail(req_err(req), AV_EINVAL, "separatore",
			             "Il separatore è «;» o «,».");
	}
	if (rc != AV_OK) {
		export_free(e);
		return rc;
	}
	if (format == EXP_XLSX) {
		rc = send_xlsx(req, resp, e);
		export_free(e);
		return rc;
	}
	sbuf_init(&e->page, EXPORT_BUF_MAX);
	write_head(e);
	snprintf(cd, sizeof cd,
	         "attachment; filename=\"risorsa-%" PRId64 ".%s\"",
	         e->t.risorsa_id, format == EXP_CSV ? "csv" : "json");
	resp_header(resp, "Content-Disposition", cd);
	return resp_stream(resp, 200,
	                   format == EXP_CSV ? "text/csv; charset=utf-8"
	                                     : "application/json",
	                   export_fill, e, export_free);
}

int
dati_esporta_csv(struct req *req, struct resp *resp)
{
	return export(req, resp, EXP_CSV);
}

int
dati_esporta_json(struct req *req, struct resp *resp)
{
	return export(req, resp, EXP_JSON);
}

int
dati_esporta_xlsx(struct req *req, struct resp *resp)
{
	return export(req, resp, EXP_XLSX);
}
