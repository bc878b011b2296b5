/*
 * istat_import.c - writes a parsed ISTAT file into regione / provincia /
 * comune in one transaction (see istat_import.h for the contract).
 *
 * Order matters: units missing from the file are deactivated before the
 * file's units are upserted, because an active sigla is unique and a sigla
 * can move to a new code (Sassari 090 -> 312 in 2026).  Comuni are diffed
 * against the stored codes in one sorted merge so the summary can tell added
 * from updated, and the upserts report 0 changes for identical rows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/fold.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "jobs/job.h"
#include "modules/registry/istat_import.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"

#define SEARCH_MAX 1024 /* bytes of a folded name pair */

struct stored {
	char codice[7];
	int attivo;
	int seen;
};

/* Loads the codes of every stored Comune, sorted. */
static int
load_stored(struct db *db, struct stored **out, size_t *n, struct av_err *err)
{
	struct db_cursor *cur;
	struct stored *v = NULL;
	size_t alloc = 0, len = 0;
	const char *code;
	int r;

	if (db_query(db, &registry_sql[Q_COM_ALL], NULL, 0, &cur, err) != AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1) {
		if (len == alloc) {
			alloc = alloc ? 2 * alloc : 8192;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		code = db_col_text(cur, 0);
		memset(&v[len], 0, sizeof(v[len]));
		if (code != NULL)
			snprintf(v[len].codice, sizeof(v[len].codice), "%s",
			         code);
		v[len].attivo = (int)db_col_i64(cur, 1);
		len++;
	}
	db_cursor_close(cur);
	if (r < 0) {
		free(v);
		return err->code;
	}
	*out = v;
	*n = len;
	return AV_OK;
}

static int
store_regions(struct db *db, const struct istat_file *f, struct av_err *err)
{
	const struct istat_region *r;
	int64_t changes;
	size_t i;

	for (i = 0; i < f->nregions; i++) {
		r = &f->regions[i];
		struct db_param p[] = {P_TEXT(r->codice), P_TEXT(r->nome),
		                       P_TEXT(r->ripartizione)};

		if (db_exec(db, &registry_sql[Q_REG_UPDATE], p, 3, &changes,
		            err) != AV_OK)
			return err->code;
		if (changes == 0)
			return av_fail(err, AV_EINVAL, NULL,
			               "riga %lu: codice regione %s "
			               "sconosciuto (le regioni sono le 20 "
			               "della Costituzione, art. 131)",
			               r->line, r->codice);
	}
	return AV_OK;
}

static int
store_uts(struct db *db, const struct istat_file *f, int64_t now,
          struct istat_summary *sum, struct av_err *err)
{
	struct db_cursor *cur;
	char(*active)[4] = NULL;
	size_t nactive = 0, alloc = 0, i, j;
	const char *code;
	int64_t changes;
	int r, found;

	if (db_query(db, &registry_sql[Q_PROV_ACTIVE], NULL, 0, &cur, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1) {
		if (nactive == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			active = xrealloc(active, alloc * sizeof(*active));
		}
		code = db_col_text(cur, 0);
		snprintf(active[nactive++], 4, "%s", code ? code : "");
	}
	db_cursor_close(cur);
	for (i = 0; r == 0 && i < nactive; i++) {
		found = 0;
		for (j = 0; j < f->nuts && !found; j++)
			found = strcmp(f->uts[j].codice, active[i]) == 0;
		if (found)
			continue;
		struct db_param p[] = {P_TEXT(active[i]), P_I64(now)};

		if (db_exec(db, &registry_sql[Q_PROV_DEACTIVATE], p, 2, NULL,
		            err) != AV_OK)
			r = -1;
		else
			sum->uts_deactivated++;
	}
	free(active);
	if (r < 0)
		return err->code;
	for (i = 0; i < f->nuts; i++) {
		const struct istat_uts *u = &f->uts[i];
		struct db_param p[] = {
		    P_TEXT(u->codice),
		    P_TEXT(u->sigla),
		    P_TEXT(u->nome),
		    P_TEXT(istat_tipologia_name(u->tipologia)),
		    P_TEXT(u->regione),
		    P_I64(now)};

		if (db_exec(db, &registry_sql[Q_PROV_UPSERT], p, 6, &changes,
		            err) != AV_OK)
			return err->code;
	}
	sum->uts = f->nuts;
	return AV_OK;
}

/* Upserts one Comune; *changed = 1 when the stored row changed. */
static int
store_row(struct db *db, const struct istat_row *r, const char *ripartizione,
          int64_t now, int *changed, struct av_err *err)
{
	struct sbuf search = SBUF_INIT(SEARCH_MAX);
	int64_t changes = 0;
	int rc;

	text_fold(&search, r->nome, strlen(r->nome));
	if (r->nome_altra != NULL) {
		sbuf_addch(&search, '|');
		text_fold(&search, r->nome_altra, strlen(r->nome_altra));
	}
	if (sbuf_err(&search) != 0) {
		sbuf_release(&search);
		return av_fail(err, AV_EINVAL, NULL,
		               "riga %lu: nome del Comune troppo lungo",
		               r->line);
	}
	struct db_param p[] = {
	    P_TEXT(r->codice),
	    P_TEXT(r->nome),
	    P_TEXT_OR_NULL(r->nome_altra),
	    P_TEXT(search.buf),
	    P_TEXT(r->uts),
	    P_TEXT(r->catastale),
	    r->cf[0] ? P_TEXT(r->cf) : P_NULL,
	    r->nuts1[0] ? P_TEXT(r->nuts1) : P_NULL,
	    r->nuts2[0] ? P_TEXT(r->nuts2) : P_NULL,
	    r->nuts3[0] ? P_TEXT(r->nuts3) : P_NULL,
	    P_TEXT(ripartizione),
	    P_I64(r->capoluogo),
	    r->popolazione >= 0 ? P_I64(r->popolazione) : P_NULL,
	    P_I64(now),
	};
	rc = db_exec(db, &registry_sql[Q_COM_UPSERT], p, 14, &changes, err);
	sbuf_release(&search);
	if (rc == AV_OK)
		*changed = changes > 0;
	else
		av_detail(err, "comune %s (line %lu)", r->codice, r->line);
	return rc;
}

/* The ripartizione of a row, from its unit's region. */
static const char *
row_ripartizione(const struct istat_file *f, const struct istat_row *r)
{
	size_t i, j;

	for (i = 0; i < f->nuts; i++) {
		if (strcmp(f->uts[i].codice, r->uts) != 0)
			continue;
		for (j = 0; j < f->nregions; j++)
			if (strcmp(f->regions[j].codice, f->uts[i].regione) ==
			    0)
				return f->regions[j].ripartizione;
	}
	return "";
}

static int
store_comuni(struct db *db, const struct istat_file *f, int64_t now,
             struct istat_summary *sum, struct job_ctx *job, struct av_err *err)
{
	struct stored *st = NULL;
	size_t nst = 0, i, k = 0;
	int changed = 0, rc;

	rc = load_stored(db, &st, &nst, err);
	if (rc != AV_OK)
		return rc;
	/* Both lists are sorted by code: one merge pass. */
	for (i = 0; i < f->nrows && rc == AV_OK; i++) {
		const struct istat_row *r = &f->rows[i];
		int existed = 0;

		while (k < nst && strcmp(st[k].codice, r->codice) < 0)
			k++;
		if (k < nst && strcmp(st[k].codice, r->codice) == 0) {
			existed = 1;
			st[k].seen = 1;
		}
		rc = store_row(db, r, row_ripartizione(f, r), now, &changed,
		               err);
		if (rc == AV_OK && job != NULL &&
		    job_progress(job, (int64_t)i + 1, (int64_t)f->nrows,
		                 job->cur.bytes_done, -1) != AV_OK)
			rc = av_fail(err, AV_EBUSY, NULL,
			             "importazione interrotta");
		if (rc != AV_OK)
			break;
		if (!existed)
			sum->added++;
		else if (changed)
			sum->updated++;
		else
			sum->unchanged++;
	}
	for (k = 0; k < nst && rc == AV_OK; k++) {
		if (st[k].seen || !st[k].attivo)
			continue;
		struct db_param p[] = {P_TEXT(st[k].codice), P_I64(now)};

		rc = db_exec(db, &registry_sql[Q_COM_DEACTIVATE], p, 2, NULL,
		             err);
		if (rc == AV_OK)
			sum->deactivated++;
	}
	free(st);
	return rc;
}

/* The import is a state change of the registry: audit it with its counts. */
static int
audit_import(struct db *db, const struct istat_summary *sum,
             const struct job_ctx *job, struct av_err *err)
{
	struct audit_entry e = {"system",     NULL, "registry.import_istat",
	                        "istat_file", NULL, NULL};
	char actor[24];
	int rc;

	if (job != NULL && job->owner_id > 0) {
		snprintf(actor, sizeof(actor), "%lld",
		         (long long)job->owner_id);
		e.actor = actor;
		e.ente = job->ente;
	}
	e.details = json_pack(
	    "{s:s, s:I, s:I, s:I, s:I}", "layout",
	    sum->layout == ISTAT_SITUAS ? "situas" : "classico", "comuni",
	    (json_int_t)sum->rows, "aggiunti", (json_int_t)sum->added,
	    "aggiornati", (json_int_t)sum->updated, "disattivati",
	    (json_int_t)sum->deactivated);
	if (job != NULL && job->id > 0)
		json_object_set_new(e.details, "job", json_integer(job->id));
	rc = audit_append(db, &e, NULL, err);
	json_decref(e.details);
	return rc;
}

/* Renumbered Comuni keep their population (Q_COM_CARRY_POP). */
static int
carry_population(struct db *db, int64_t now, struct istat_summary *sum,
                 struct av_err *err)
{
	struct db_param p[1] = {P_I64(now)};
	int64_t n = 0;

	if (db_exec(db, &registry_sql[Q_COM_CARRY_POP], p, 1, &n, err) != AV_OK)
		return err->code;
	sum->pop_carried = (size_t)n;
	return AV_OK;
}

/*
 * Where the list and its population come from (registry_fonte): the list's
 * own date is unknown to the file (`import istat --data` states it after);
 * the population's is the one its header carries, or unknown.
 */
static int
store_sources(struct db *db, const struct istat_file *f, int64_t now,
              struct av_err *err)
{
	struct db_param p[4] = {
	    P_TEXT("comuni"),
	    P_TEXT(f->layout == ISTAT_SITUAS
	               ? "ISTAT, SITUAS: elenco dei Comuni"
	               : "ISTAT, Elenco dei comuni italiani"),
	    P_NULL, P_I64(now)};

	if (db_exec(db, &registry_sql[Q_FONTE_SET], p, 4, NULL, err) != AV_OK)
		return err->code;
	if (!f->has_popolazione)
		return AV_OK;
	p[0] = P_TEXT("popolazione");
	p[1] = P_TEXT("ISTAT, popolazione legale (censimento)");
	p[2] = f->popolazione_data[0] ? P_TEXT(f->popolazione_data) : P_NULL;
	return db_exec(db, &registry_sql[Q_FONTE_SET], p, 4, NULL, err);
}

/*
 * Stores a parsed file in one transaction.  The whole import is atomic on
 * purpose: deactivations and sigla moves are only consistent once every
 * row is in, so a half-written import must never be visible.
 */
static int
store_parsed(struct db *db, const struct istat_file *f,
             struct istat_summary *sum, struct job_ctx *job, struct av_err *err)
{
	int64_t now = (int64_t)time(NULL);
	int rc;

	sum->layout = f->layout;
	sum->converted = f->converted;
	sum->has_popolazione = f->has_popolazione;
	sum->rows = f->nrows;
	sum->ignored_cols = f->ignored;
	rc = db_tx_begin(db, err);
	if (rc == AV_OK)
		rc = store_regions(db, f, err);
	if (rc == AV_OK)
		rc = store_uts(db, f, now, sum, err);
	if (rc == AV_OK)
		rc = store_comuni(db, f, now, sum, job, err);
	if (rc == AV_OK)
		rc = carry_population(db, now, sum, err);
	if (rc == AV_OK)
		rc = store_sources(db, f, now, err);
	if (rc == AV_OK)
		rc = registry_search_rebuild(db, err);
	if (rc == AV_OK)
		rc = audit_import(db, sum, job, err);
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	else
		db_tx_rollback(db);
	if (rc != AV_OK) {
		/* Nothing was written: do not report partial counts. */
		enum istat_layout l = sum->layout;

		memset(sum, 0, sizeof(*sum));
		sum->layout = l;
	}
	return rc;
}

int
istat_import_buf(struct db *db, const unsigned char *data, size_t len,
                 struct istat_summary *sum, struct av_err *err)
{
	struct istat_file f;
	int rc;

	memset(sum, 0, sizeof(*sum));
	rc = istat_parse(data, len, &f, err);
	if (rc != AV_OK)
		return rc;
	rc = store_parsed(db, &f, sum, NULL, err);
	istat_file_release(&f);
	return rc;
}

/* A source reading a file descriptor, reporting bytes to a job. */
struct fd_src {
	int fd;
	const char *path;
	int64_t size;
	struct job_ctx *job; /* or NULL */
};

static ssize_t
fd_read(void *arg, unsigned char *buf, size_t n, struct av_err *err)
{
	struct fd_src *s = arg;
	ssize_t got;

	do
		got = read(s->fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		av_detail(err, "read '%s': %s", s->path, strerror(errno));
		av_fail(err, AV_EIO, NULL, "impossibile leggere '%s'", s->path);
	}
	return got;
}

static int
fd_rewind(void *arg, struct av_err *err)
{
	struct fd_src *s = arg;

	if (lseek(s->fd, 0, SEEK_SET) != 0)
		return av_fail(err, AV_EIO, NULL, "impossibile rileggere '%s'",
		               s->path);
	return AV_OK;
}

static int
fd_progress(void *arg, uint64_t bytes)
{
	struct fd_src *s = arg;

	if (s->job == NULL)
		return 0;
	return job_progress(s->job, 0, -1, (int64_t)bytes, s->size);
}

static int
import_path(struct db *db, const char *path, struct istat_summary *sum,
            struct job_ctx *job, struct av_err *err)
{
	struct fd_src s = {-1, path, 0, job};
	struct istat_source src = {fd_read, fd_rewind, fd_progress, &s};
	struct istat_file f;
	struct stat st;
	int rc;

	memset(sum, 0, sizeof(*sum));
	s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0) {
		av_detail(err, "open '%s': %s", path, strerror(errno));
		return av_fail(err, AV_EIO, NULL, "impossibile aprire '%s'",
		               path);
	}
	if (fstat(s.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(s.fd);
		return av_fail(err, AV_EIO, NULL, "'%s' non è un file regolare",
		               path);
	}
	if (st.st_size > ISTAT_FILE_MAX) {
		close(s.fd);
		return av_fail(err, AV_ETOOBIG, NULL,
		               "il file è troppo grande (massimo %d MiB)",
		               ISTAT_FILE_MAX / (1024 * 1024));
	}
	s.size = (int64_t)st.st_size;
	if (job != NULL)
		job_progress(job, 0, -1, 0, s.size);
	rc = istat_parse_source(&src, &f, err);
	close(s.fd);
	if (rc != AV_OK)
		return rc;
	rc = store_parsed(db, &f, sum, job, err);
	istat_file_release(&f);
	return rc;
}

int
istat_import_file(struct db *db, const char *path, struct istat_summary *sum,
                  struct av_err *err)
{
	return import_path(db, path, sum, NULL, err);
}

json_t *
istat_summary_json(const struct istat_summary *s)
{
	return json_pack(
	    "{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:b, s:I, s:I}",
	    "layout", s->layout == ISTAT_SITUAS ? "situas" : "classico",
	    "encoding", s->converted ? "windows-1252" : "utf-8", "converted",
	    s->converted, "comuni", (json_int_t)s->rows, "added",
	    (json_int_t)s->added, "updated", (json_int_t)s->updated,
	    "unchanged", (json_int_t)s->unchanged, "deactivated",
	    (json_int_t)s->deactivated, "uts", (json_int_t)s->uts,
	    "uts_deactivated", (json_int_t)s->uts_deactivated,
	    "has_popolazione", s->has_popolazione, "ignored_cols",
	    (json_int_t)s->ignored_cols, "popolazione_ripresa",
	    (json_int_t)s->pop_carried);
}

int
istat_summary_from_json(const json_t *o, struct istat_summary *s)
{
	json_t *v;

	memset(s, 0, sizeof(*s));
	if (!json_is_object(o))
		return -1;
	v = json_object_get(o, "layout");
	s->layout =
	    json_is_string(v) && strcmp(json_string_value(v), "situas") == 0
	        ? ISTAT_SITUAS
	        : ISTAT_CLASSIC;
	s->converted = json_is_true(json_object_get(o, "converted"));
	s->has_popolazione =
	    json_is_true(json_object_get(o, "has_popolazione"));
	s->rows = (size_t)json_integer_value(json_object_get(o, "comuni"));
	s->added = (size_t)json_integer_value(json_object_get(o, "added"));
	s->updated = (size_t)json_integer_value(json_object_get(o, "updated"));
	s->unchanged =
	    (size_t)json_integer_value(json_object_get(o, "unchanged"));
	s->deactivated =
	    (size_t)json_integer_value(json_object_get(o, "deactivated"));
	s->uts = (size_t)json_integer_value(json_object_get(o, "uts"));
	s->pop_carried = (size_t)json_integer_value(
	    json_object_get(o, "popolazione_ripresa"));
	s->uts_deactivated =
	    (size_t)json_integer_value(json_object_get(o, "uts_deactivated"));
	s->ignored_cols =
	    (size_t)json_integer_value(json_object_get(o, "ignored_cols"));
	return 0;
}

int
istat_import_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                 struct av_err *err)
{
	const char *path = json_string_value(json_object_get(input, "path"));
	struct istat_summary sum;
	int rc;

	if (path == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "dati dell'elaborazione non validi");
	rc = import_path(ctx->db, path, &sum, ctx, err);
	if (rc != AV_OK)
		return rc;
	*result = istat_summary_json(&sum);
	return AV_OK;
}

const char *
istat_layout_name(enum istat_layout l)
{
	return l == ISTAT_SITUAS ? "SITUAS"
	                         : "Elenco comuni italiani (classico)";
}
