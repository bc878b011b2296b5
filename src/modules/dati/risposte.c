/*
 * risposte.c - a Comune's answers to a campaign (campagne.h): the CSV
 * validated as a stream by the Table Schema validator, its errors kept (the
 * first RSP_ERRORS_KEPT, all counted), the Comune's state on the board
 * updated, all in one audited transaction; the errors as CSV; the merge of
 * the valid answers of a closed campaign, read back from the blob store
 * with libcsv and written with the Comune's ISTAT code first.
 * Foreign keys of a schema to the resource "comuni" (or
 * "registry:comuni") are checked against the registry's ISTAT codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

#include "core/xmalloc.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_sql.h"
#include "modules/dati/tableschema.h"
#include "modules/dati/xlsx_read.h"
#include "modules/registry/registry.h"
#include "store/blob.h"

#define Q(x) (&dati_campagne_sql[x])

struct kept {
	json_t
	    *errors; /* array of [riga, colonna, campo, regola, valore, msg] */
};

static int
keep_error(void *ctx, const struct ts_error *e)
{
	struct kept *k = ctx;

	if (json_array_size(k->errors) < RSP_ERRORS_KEPT)
		json_array_append_new(
		    k->errors, json_pack("[I,I,s,s,s,s]", (json_int_t)e->row,
		                         (json_int_t)e->col, e->field, e->rule,
		                         e->value, e->msg));
	return 0;
}

/* foreignKeys to the registry: {"resource": "comuni", "fields":
 * "codice_istat"}: an active Comune's ISTAT code. */
static int
registry_lookup(void *ctx, const char *resource, const char *const *ref,
                const char *const *values, size_t n)
{
	struct db *db = ctx;
	struct av_err e = AV_ERR_INIT;
	int found = 0;

	(void)ref;
	if (n != 1 || (strcmp(resource, "comuni") != 0 &&
	               strcmp(resource, "registry:comuni") != 0))
		return -1;
	if (registry_comune_active(db, values[0], &found, &e) != AV_OK)
		return -1;
	return found;
}

#define RSP_CHUNK (64 * 1024) /* bytes fed to the validator at a time */

/*
 * ts_validate_file with the job's progress (bytes read of the file) after
 * every chunk; AV_EBUSY when the server is stopping.
 */
static int
validate_file(const struct ts_schema *s, const struct ts_dialect *d,
              const char *path, struct kept *k, struct db *db,
              struct job_ctx *job, struct ts_stats *st, struct av_err *err)
{
	struct ts_validator *v;
	FILE *f = fopen(path, "rb");
	int64_t size = -1, done = 0;
	char *buf;
	size_t n;
	int rc = AV_OK;

	if (!f)
		return av_fail(err, AV_EIO, "file", "Il file non è leggibile.");
	if (fseek(f, 0, SEEK_END) == 0) {
		size = (int64_t)ftell(f);
		rewind(f);
	}
	buf = xmalloc(RSP_CHUNK);
	v = ts_validator_new(s, d, keep_error, k, registry_lookup, db);
	while (rc == AV_OK && (n = fread(buf, 1, RSP_CHUNK, f)) > 0) {
		rc = ts_validator_feed(v, buf, n, err);
		done += (int64_t)n;
		if (rc == AV_OK && job != NULL &&
		    job_progress(job, -1, -1, done, size) != AV_OK)
			rc = av_fail(err, AV_EBUSY, NULL,
			             "interrotto: il server si sta arrestando");
	}
	if (rc == AV_OK && ferror(f))
		rc = av_fail(err, AV_EIO, "file", "Il file non è leggibile.");
	if (rc == AV_OK)
		rc = ts_validator_finish(v, st, err);
	else if (rc != AV_EBUSY)
		ts_validator_finish(v, st, err);
	ts_validator_free(v);
	free(buf);
	fclose(f);
	return rc;
}

int
risposta_submit(struct db *db, int64_t actor, int64_t campagna,
                const char *comune, const char *path, const char *sha256,
                const char *nome_file, int64_t *rid, struct av_err *err)
{
	return risposta_submit_job(db, actor, campagna, comune, path, sha256,
	                           nome_file, NULL, 0, rid, err);
}

/*
 * An answer recorded in the request: a check of an earlier large upload
 * that failed no longer stands for the Comune's state (the board and the
 * Comune's page would say "verifica non riuscita" beside the newer
 * answer), so its pointer is cleared; a check still queued or running is
 * left alone, it records its own answer when it ends.
 */
static int
clear_failed_check(struct db *db, int64_t campagna, const char *comune,
                   struct av_err *err)
{
	struct db_param p[] = {P_I64(campagna), P_TEXT(comune)};
	struct job_row row;
	int64_t job = 0;
	int found = 0, rc;

	if ((rc = db_query_i64(db, Q(Q_RSP_JOB_GET), p, 2, &job, &found,
	                       err)) != AV_OK ||
	    !found)
		return rc;
	memset(&row, 0, sizeof row);
	found = 0;
	if ((rc = job_load(db, job, &row, &found, err)) != AV_OK)
		return rc;
	if (found && row.state == JOB_FAILED) {
		struct db_param q[] = {P_I64(campagna), P_TEXT(comune),
		                       P_I64(job)};
		rc = db_exec(db, Q(Q_RSP_JOB_CLEAR), q, 3, NULL, err);
	}
	job_row_release(&row);
	return rc;
}

int
risposta_submit_job(struct db *db, int64_t actor, int64_t campagna,
                    const char *comune, const char *path, const char *sha256,
                    const char *nome_file, struct job_ctx *job, int64_t job_id,
                    int64_t *rid, struct av_err *err)
{
	struct ts_dialect d;
	struct ts_schema *s;
	struct ts_stats st = {0, 0, 0};
	struct kept k;
	char stato[16], csv[600] = "", hex[65];
	struct campagna_brief b;
	int yes = 0, found = 0, own = 0, rc, valid;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *x;

	if (campagna_brief(db, campagna, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (campagna_addressed(db, campagna, comune, &yes, err) != AV_OK)
		return err->code;
	if (!yes)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	s = campagna_schema(db, campagna, stato, sizeof stato, &d, err);
	if (!s)
		return err->code;
	if (strcmp(stato, "aperta") != 0) {
		ts_schema_free(s);
		return av_fail(err, AV_EUNPROC, "stato",
		               "La raccolta è chiusa: non accetta risposte.");
	}
	if (xlsx_is_zip(path) || xls_is_ole(path)) {
		/* an .xlsx or .xls: validated as the CSV it is written to */
		if (risposta_xlsx_csv(s, &d, path, csv, sizeof csv, hex, err) !=
		    AV_OK) {
			ts_schema_free(s);
			return err->code;
		}
		path = csv;
		sha256 = hex;
	}
	k.errors = json_array();
	rc = validate_file(s, &d, path, &k, db, job, &st, err);
	ts_schema_free(s);
	if (csv[0])
		unlink(csv);
	if (rc == AV_EINVAL) {
		/* unreadable past a point: an answer with errors all the same
		 */
		av_err_clear(err);
		rc = AV_OK;
		if (st.errors == 0)
			st.errors = 1;
	}
	if (rc != AV_OK) {
		json_decref(k.errors);
		return rc;
	}
	valid = st.errors == 0;
	if ((rc = db_tx_enter(db, &own, err)) != AV_OK) {
		json_decref(k.errors);
		return rc;
	}
	{
		struct db_param p[] = {P_I64(campagna),
		                       P_TEXT(comune),
		                       P_TEXT(sha256),
		                       P_TEXT(nome_file),
		                       P_TEXT(valid ? "valida" : "con_errori"),
		                       P_I64((int64_t)st.rows),
		                       P_I64((int64_t)st.errors),
		                       P_I64(now)};
		found = 0;
		rc = db_query_i64(db, Q(Q_RSP_INSERT), p, 8, rid, &found, err);
	}
	json_array_foreach(k.errors, i, x)
	{
		if (rc != AV_OK)
			break;
		struct db_param p[] = {
		    P_I64(*rid),
		    P_I64((int64_t)i + 1),
		    P_I64(json_integer_value(json_array_get(x, 0))),
		    P_I64(json_integer_value(json_array_get(x, 1))),
		    P_TEXT(json_string_value(json_array_get(x, 2))),
		    P_TEXT(json_string_value(json_array_get(x, 3))),
		    P_TEXT(json_string_value(json_array_get(x, 4))),
		    P_TEXT(json_string_value(json_array_get(x, 5)))};
		rc = db_exec(db, Q(Q_RSP_ERR_INSERT), p, 8, NULL, err);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(campagna), P_TEXT(comune),
		                       P_TEXT(valid ? "valida" : "con_errori"),
		                       valid ? P_I64(*rid) : P_NULL};
		rc = db_exec(db, Q(Q_RSP_COMUNE_SET), p, 4, NULL, err);
	}
	if (rc == AV_OK && job_id != 0) {
		/* no longer in verifica (unless a later upload is) */
		struct db_param p[] = {P_I64(campagna), P_TEXT(comune),
		                       P_I64(job_id)};
		rc = db_exec(db, Q(Q_RSP_JOB_CLEAR), p, 3, NULL, err);
	} else if (rc == AV_OK) {
		rc = clear_failed_check(db, campagna, comune, err);
	}
	if (rc == AV_OK)
		rc =
		    identity_audit(db, actor, comune, "dati.risposta.invia",
		                   "dati_risposta", *rid,
		                   json_pack("{s:I,s:s,s:I,s:I}", "campagna_id",
		                             (json_int_t)campagna, "esito",
		                             valid ? "valida" : "con_errori",
		                             "righe", (json_int_t)st.rows,
		                             "errori", (json_int_t)st.errors),
		                   err);
	json_decref(k.errors);
	return db_tx_leave(db, own, rc, err);
}

int
risposta_brief(struct db *db, int64_t rid, int64_t *campagna, char comune[24],
               char provincia[16], int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(rid)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, Q(Q_RSP_GET), p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		*found = 1;
		*campagna = db_col_i64(c, 1);
		str_copy(comune, 24, db_col_text(c, 2));
		str_copy(provincia, 16, db_col_text(c, 9));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static void
risposta_fields(struct jw *w, struct db_cursor *c)
{
	jw_ki64(w, "id", db_col_i64(c, 0));
	jw_kstr(w, "nome_file", db_col_text(c, 1));
	jw_kstr(w, "stato", db_col_text(c, 2));
	jw_ki64(w, "righe", db_col_i64(c, 3));
	jw_ki64(w, "errori", db_col_i64(c, 4));
	jw_ki64(w, "created", db_col_i64(c, 5));
}

int
risposta_write(struct jw *w, struct db *db, int64_t rid, int *found,
               struct av_err *err)
{
	struct db_param p[] = {P_I64(rid)};
	struct db_param pe[] = {P_I64(rid), P_I64(100)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, Q(Q_RSP_GET), p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		*found = 1;
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_ki64(w, "campagna_id", db_col_i64(c, 1));
		jw_kstr(w, "comune", db_col_text(c, 2));
		jw_kstr(w, "nome_file", db_col_text(c, 4));
		jw_kstr(w, "stato", db_col_text(c, 5));
		jw_ki64(w, "righe", db_col_i64(c, 6));
		jw_ki64(w, "errori", db_col_i64(c, 7));
		jw_ki64(w, "created", db_col_i64(c, 8));
	}
	db_cursor_close(c);
	if (r != 1)
		return r < 0 ? err->code : AV_OK;
	/* the first 100 errors inline; all of them in errori.csv */
	if (db_query(db, Q(Q_RSP_ERRORS), pe, 2, &c, err) != AV_OK)
		return err->code;
	jw_karr(w, "errori_dettaglio");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_ki64(w, "riga", db_col_i64(c, 0));
		jw_ki64(w, "colonna", db_col_i64(c, 1));
		jw_kstr(w, "campo", db_col_text(c, 2));
		jw_kstr(w, "regola", db_col_text(c, 3));
		jw_kstr(w, "valore", db_col_text(c, 4));
		jw_kstr(w, "messaggio", db_col_text(c, 5));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
risposte_list_write(struct jw *w, struct db *db, int64_t campagna,
                    const char *comune, struct av_err *err)
{
	struct db_param p[] = {P_I64(campagna), P_TEXT(comune)};
	struct db_cursor *c;
	int r;

	if (db_query(db, Q(Q_RSP_LIST), p, 2, &c, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_karr(w, "risposte");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		risposta_fields(w, c);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
risposta_errori_csv(struct sbuf *sb, struct db *db, int64_t rid,
                    struct av_err *err)
{
	struct db_param p[] = {P_I64(rid), P_I64(RSP_ERRORS_KEPT)};
	struct db_cursor *c;
	char n[24];
	int r;

	if (db_query(db, Q(Q_RSP_ERRORS), p, 2, &c, err) != AV_OK)
		return err->code;
	sbuf_addstr(sb, "riga;colonna;campo;regola;valore;messaggio\r\n");
	while ((r = db_next(c, err)) == 1) {
		snprintf(n, sizeof n, "%lld", (long long)db_col_i64(c, 0));
		sbuf_add_csv_field(sb, n, 0);
		snprintf(n, sizeof n, "%lld", (long long)db_col_i64(c, 1));
		sbuf_add_csv_field(sb, n, 0);
		sbuf_add_csv_field(sb, db_col_text(c, 2), 0);
		sbuf_add_csv_field(sb, db_col_text(c, 3), 0);
		sbuf_add_csv_field(sb, db_col_text(c, 4), 0);
		sbuf_add_csv_field(sb, db_col_text(c, 5), 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	return sbuf_err(sb) ? av_fail(err, AV_ETOOBIG, NULL,
	                              "Elenco degli errori troppo grande.")
	                    : AV_OK;
}

/* ---- the merge ---- */

#define MERGE_COLS 512

struct merge {
	struct sbuf *out;
	const struct ts_schema *s;
	const char *istat;
	int map[MERGE_COLS]; /* column -> field, -1 */
	char *cells[TS_FIELDS_MAX];
	size_t col;
	int header_done;
};

static void
m_cell(void *p, size_t len, void *data)
{
	struct merge *m = data;
	size_t f, n = ts_schema_nfields(m->s);

	if (!m->header_done) {
		if (m->col < MERGE_COLS) {
			m->map[m->col] = -1;
			for (f = 0; f < n; f++)
				if (strlen(ts_field_name(
				        ts_schema_field(m->s, f))) == len &&
				    !memcmp(
				        p,
				        ts_field_name(ts_schema_field(m->s, f)),
				        len))
					m->map[m->col] = (int)f;
		}
	} else if (m->col < MERGE_COLS && m->map[m->col] >= 0) {
		free(m->cells[m->map[m->col]]);
		m->cells[m->map[m->col]] = xstrndup(p ? p : "", len);
	}
	m->col++;
}

static void
m_row(int c, void *data)
{
	struct merge *m = data;
	size_t f, n = ts_schema_nfields(m->s);

	(void)c;
	m->col = 0;
	if (!m->header_done) {
		m->header_done = 1;
		return;
	}
	sbuf_add_csv_field(m->out, m->istat, 0);
	for (f = 0; f < n; f++) {
		sbuf_add_csv_field(m->out, m->cells[f] ? m->cells[f] : "",
		                   f + 1 == n);
		free(m->cells[f]);
		m->cells[f] = NULL;
	}
}

static int
merge_one(struct merge *m, const struct ts_dialect *d, const char *sha,
          struct av_err *err)
{
	struct csv_parser p;
	char path[1024], buf[65536];
	FILE *f;
	size_t n, skip = 0;
	int rc = AV_OK;

	if (blob_path(sha, path, sizeof path, err) != AV_OK)
		return err->code;
	if (!(f = fopen(path, "rb")))
		return av_fail(err, AV_EIO, NULL,
		               "Una risposta non è leggibile.");
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&p, (unsigned char)d->delimiter);
	csv_set_quote(&p, (unsigned char)d->quote);
	m->header_done = !d->header;
	m->col = 0;
	while (rc == AV_OK && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (!skip && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			skip = 3;
		if (csv_parse(&p, buf + skip, n - skip, m_cell, m_row, m) !=
		    n - skip)
			rc =
			    av_fail(err, AV_EINTERNAL, NULL,
			            "Una risposta valida non è più leggibile.");
		skip = 0;
		if (sbuf_err(m->out))
			rc = av_fail(err, AV_ETOOBIG, NULL,
			             "Il risultato supera %zu MiB.",
			             CMP_MERGE_MAX >> 20);
	}
	if (rc == AV_OK)
		csv_fini(&p, m_cell, m_row, m);
	csv_free(&p);
	fclose(f);
	return rc;
}

int
campagna_risultato_csv(struct sbuf *sb, struct db *db, int64_t id,
                       struct av_err *err)
{
	struct ts_dialect d;
	struct ts_schema *s;
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	struct merge m;
	json_t *list = json_array(), *x;
	size_t i, n;
	int r, rc = AV_OK;

	s = campagna_schema(db, id, NULL, 0, &d, err);
	if (!s) {
		json_decref(list);
		return err->code;
	}
	if (db_query(db, Q(Q_CMP_VALID_ANSWERS), p, 1, &c, err) != AV_OK) {
		ts_schema_free(s);
		json_decref(list);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1)
		json_array_append_new(
		    list,
		    json_pack("[s,s]", db_col_text(c, 0), db_col_text(c, 1)));
	db_cursor_close(c);
	if (r < 0)
		rc = err->code;
	memset(&m, 0, sizeof m);
	m.out = sb;
	m.s = s;
	n = ts_schema_nfields(s);
	sbuf_add_csv_field(sb, "codice_istat_comune", 0);
	for (i = 0; i < n; i++)
		sbuf_add_csv_field(sb, ts_field_name(ts_schema_field(s, i)),
		                   i + 1 == n);
	json_array_foreach(list, i, x)
	{
		if (rc != AV_OK)
			break;
		m.istat = json_string_value(json_array_get(x, 0)) + 7;
		rc = merge_one(&m, &d, json_string_value(json_array_get(x, 1)),
		               err);
	}
	for (i = 0; i < TS_FIELDS_MAX; i++)
		free(m.cells[i]);
	ts_schema_free(s);
	json_decref(list);
	return rc;
}
