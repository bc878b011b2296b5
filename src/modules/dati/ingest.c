/*
 * ingest.c - a CSV resource into the tabular store, streamed (tabelle.h):
 * the writer stage, on the caller's thread.
 *
 * The reader (ingest_csv.c, its own thread) reads, tokenises and checks
 * the file and hands over batches of records; this stage creates the
 * table from the header and writes the records with the bulk loader
 * (db_bulk_*: a prepared INSERT on SQLite, COPY on PostgreSQL).  Memory is
 * the reader's buffer and a ring of a few batches, whatever the file's
 * size.  Everything happens in one transaction: the new table dati_t_<id>
 * is created, filled, marked 'pronta', the resource is pointed at it and
 * the table it replaces is dropped, then one commit.  A failure anywhere,
 * the reader's included, rolls all of it back: nothing half-loaded is ever
 * visible, and readers see the old table until the commit.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/utf8.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/dati/ingest_int.h"
#include "modules/dati/riassunto.h"
#include "modules/dati/tabelle.h"
#include "modules/dati/tabelle_sql.h"

#define PROGRESS_EVERY 4096 /* records between job_progress calls */

/* The writer's state. */
struct ingest {
	struct db *db;
	const struct tab_ingest_opts *o;
	struct job_ctx *job;
	struct av_err *err;

	int ncols;         /* from the header */
	int64_t records;   /* data records written */
	unsigned *infer;   /* per column, tab_infer flags (the reader's) */
	const char **vals; /* per column, for db_bulk_row */
	size_t *lens;      /* per column, for db_bulk_row */

	int64_t tabella_id, risorsa_id, old_tabella_id, size;
	struct db_bulk *bulk;
	int64_t now;
};

/* ---- the header: names, schema, the new table ---------------------- */

static const char *
schema_type(const json_t *schema, int k)
{
	const json_t *f =
	    json_array_get(json_object_get(schema, "fields"), (size_t)k);
	const char *t = json_string_value(json_object_get(f, "type"));

	return t != NULL ? t : "string";
}

/* The header, checked by the reader: the table and its fields' names. */
static int
header_ready(struct ingest *g, const struct ingest_batch *b)
{
	struct db_param p[4];
	struct tab_gen *create;
	int k, found, rc;

	p[0] = P_I64(g->risorsa_id);
	p[1] = P_I64(g->ncols);
	p[2] = P_I64(g->size);
	p[3] = P_I64(g->now);
	rc = db_query_i64(g->db, &tabelle_sql[Q_TAB_NEW], p, 4, &g->tabella_id,
	                  &found, g->err);
	if (rc != AV_OK)
		return rc;
	for (k = 0; k < g->ncols; k++) {
		struct db_param c[4] = {
		    P_I64(g->tabella_id), P_I64(k + 1),
		    P_TEXTN(b->buf + b->off[k], b->flen[k]),
		    P_TEXT(g->o->schema != NULL ? schema_type(g->o->schema, k)
		                                : "string")};

		rc = db_exec(g->db, &tabelle_sql[Q_TAB_CAMPO], c, 4, NULL,
		             g->err);
		if (rc != AV_OK)
			return rc;
	}
	create = tab_gen_create(db_dialect(g->db), g->tabella_id, g->ncols);
	rc = db_exec(g->db, &create->def, NULL, 0, NULL, g->err);
	tab_gen_free(g->db, create);
	if (rc != AV_OK)
		return rc;
	return db_bulk_begin(g->db, g->tabella_id, g->ncols, &g->bulk, g->err);
}

/* ---- the file ---------------------------------------------------------- */

static int
open_checked(struct ingest *g, FILE **out)
{
	struct stat st;
	FILE *in = fopen(g->o->path, "rb");

	if (in == NULL) {
		av_detail(g->err, "open '%s': %s", g->o->path, strerror(errno));
		return av_fail(g->err, AV_EIO, "file",
		               "Impossibile aprire il file.");
	}
	if (fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(in);
		return av_fail(g->err, AV_EIO, "file",
		               "Il file non è un file regolare.");
	}
	if ((int64_t)st.st_size > TAB_FILE_MAX) {
		fclose(in);
		return av_fail(g->err, AV_ETOOBIG, "file",
		               "Il file supera il limite di 1,5 GiB.");
	}
	g->size = (int64_t)st.st_size;
	*out = in;
	return AV_OK;
}

/*
 * The writer's loop: the header batch creates the table, every other
 * batch's records go to the bulk loader.  The reader's error, if any,
 * is taken after the join.
 */
static int
write_batches(struct ingest *g, struct ingest_pipe *p)
{
	struct ingest_batch *b;
	int rc = AV_OK;

	while (rc == AV_OK && (b = ingest_next(p)) != NULL) {
		uint32_t r;
		int k;

		if (b->header) {
			g->ncols = (int)b->nf;
			g->vals = xcalloc((size_t)g->ncols, sizeof(*g->vals));
			g->lens = xcalloc((size_t)g->ncols, sizeof(*g->lens));
			rc = header_ready(g, b);
		}
		for (r = 0; rc == AV_OK && r < b->nrec; r++) {
			const uint32_t f0 = r * (uint32_t)g->ncols;

			for (k = 0; k < g->ncols; k++) {
				uint32_t n = b->flen[f0 + (uint32_t)k];

				/* missingValues [""]: an empty value is NULL.
				 */
				g->vals[k] =
				    n == 0 ? NULL
				           : b->buf + b->off[f0 + (uint32_t)k];
				g->lens[k] = n;
			}
			rc = db_bulk_row(g->bulk, g->vals, g->lens, g->err);
			if (rc != AV_OK)
				break;
			g->records++;
			if (g->job != NULL &&
			    g->records % PROGRESS_EVERY == 0 &&
			    job_progress(g->job, g->records, -1, b->bytes,
			                 g->size) != AV_OK)
				rc = av_fail(g->err, AV_EBUSY, NULL,
				             "interrotto");
		}
		ingest_release(p);
	}
	return rc;
}

/*
 * The two stages: the reader on a thread of its own, the writer here (the
 * connection and its transaction belong to this thread).
 */
static int
load(struct ingest *g, FILE *in, struct tab_ingest_result *r)
{
	struct ingest_pipe *p = xmalloc(sizeof(*p));
	pthread_t th;
	int rc;

	ingest_pipe_init(p, g->o, in, g->size);
	if (pthread_create(&th, NULL, ingest_read_thread, p) != 0) {
		ingest_pipe_free(p);
		free(p);
		return av_fail(g->err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	rc = write_batches(g, p);
	if (rc != AV_OK)
		ingest_stop(p);
	pthread_join(th, NULL);
	/* The reader's error comes first in the file: it is the one to
	 * report, unless the writer failed on its own before it. */
	if (rc == AV_OK && p->rd.rc != AV_OK) {
		*g->err = p->rd.err;
		rc = p->rd.rc;
	}
	r->delim = p->rd.delim;
	g->infer = p->rd.infer;
	p->rd.infer = NULL;
	ingest_pipe_free(p);
	free(p);
	return rc;
}

/* ---- the swap ---------------------------------------------------------- */

static int
resource_prepare(struct ingest *g)
{
	struct db_cursor *c;
	struct db_param p[3];
	int rc, found = 0;
	int64_t dataset = 0;

	p[0] = P_I64(g->o->dataset_id);
	rc = db_query(g->db, &tabelle_sql[Q_TAB_DATASET], p, 1, &c, g->err);
	if (rc != AV_OK)
		return rc;
	rc = db_next(c, g->err);
	db_cursor_close(c);
	if (rc < 0)
		return g->err->code;
	if (rc == 0)
		return av_fail(g->err, AV_ENOTFOUND, "dataset_id",
		               "Dataset inesistente.");
	if (g->o->risorsa_id == 0) {
		const char *base = strrchr(g->o->path, '/');
		const char *nome = g->o->nome != NULL ? g->o->nome
		                   : base != NULL     ? base + 1
		                                      : g->o->path;

		p[1] = P_TEXTN(nome, utf8_cut(nome, 500));
		p[2] = P_I64(g->now);
		return db_query_i64(g->db, &tabelle_sql[Q_TAB_RISORSA_NEW], p,
		                    3, &g->risorsa_id, &found, g->err);
	}
	g->risorsa_id = g->o->risorsa_id;
	p[0] = P_I64(g->risorsa_id);
	rc = db_query(g->db, &tabelle_sql[Q_TAB_RISORSA_GET], p, 1, &c, g->err);
	if (rc != AV_OK)
		return rc;
	rc = db_next(c, g->err);
	if (rc == 1) {
		dataset = db_col_i64(c, 0);
		g->old_tabella_id = db_col_is_null(c, 1) ? 0 : db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (rc < 0)
		return g->err->code;
	if (rc == 0 || dataset != g->o->dataset_id)
		return av_fail(g->err, AV_ENOTFOUND, "risorsa_id",
		               "Risorsa inesistente in questo dataset.");
	return AV_OK;
}

static int
swap_in(struct ingest *g)
{
	struct db_param p[3];
	struct tab_gen *drop;
	int k, rc;

	for (k = 0; k < g->ncols && g->o->schema == NULL; k++) {
		struct db_param c[3] = {P_I64(g->tabella_id), P_I64(k + 1),
		                        P_TEXT(tab_infer_type(g->infer[k]))};

		rc = db_exec(g->db, &tabelle_sql[Q_TAB_CAMPO_TIPO], c, 3, NULL,
		             g->err);
		if (rc != AV_OK)
			return rc;
	}
	p[0] = P_I64(g->tabella_id);
	p[1] = P_I64(g->records);
	p[2] = P_I64(g->now);
	rc = db_exec(g->db, &tabelle_sql[Q_TAB_READY], p, 3, NULL, g->err);
	if (rc == AV_OK && g->old_tabella_id != 0) {
		p[0] = P_I64(g->old_tabella_id);
		p[1] = P_I64(g->now);
		rc = db_exec(g->db, &tabelle_sql[Q_TAB_REPLACED], p, 2, NULL,
		             g->err);
		if (rc == AV_OK) {
			drop = tab_gen_drop(g->old_tabella_id);
			rc = db_exec(g->db, &drop->def, NULL, 0, NULL, g->err);
			tab_gen_free(g->db, drop);
		}
	}
	if (rc == AV_OK) {
		p[0] = P_I64(g->risorsa_id);
		p[1] = P_I64(g->tabella_id);
		p[2] = P_I64(g->now);
		rc = db_exec(g->db, &tabelle_sql[Q_TAB_SWAP], p, 3, NULL,
		             g->err);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    g->db, g->o->actor_id, g->o->ente, "dati.ingest",
		    "dati_risorsa", g->risorsa_id,
		    json_pack("{s:I,s:I,s:I,s:i,s:I}", "dataset_id",
		              (json_int_t)g->o->dataset_id, "tabella_id",
		              (json_int_t)g->tabella_id, "righe",
		              (json_int_t)g->records, "colonne", g->ncols,
		              "sostituita", (json_int_t)g->old_tabella_id),
		    g->err);
	if (rc == AV_OK) /* the per-group summary, in the background */
		rc = riassunto_queue(g->db, g->risorsa_id, g->tabella_id,
		                     g->o->actor_id, g->o->ente, g->err);
	return rc;
}

int
tab_ingest(struct db *db, const struct tab_ingest_opts *o, struct job_ctx *job,
           struct tab_ingest_result *r, struct av_err *err)
{
	struct ingest g;
	FILE *in = NULL;
	int rc, own = 0;

	memset(r, 0, sizeof(*r));
	memset(&g, 0, sizeof(g));
	g.db = db;
	g.o = o;
	g.job = job;
	g.err = err;
	g.now = (int64_t)time(NULL);
	if (open_checked(&g, &in) != AV_OK)
		return err->code;
	/* Our own transaction, or the caller's (a campaign's close ingests
	 * its merged answers in the close's transaction). */
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK)
		rc = resource_prepare(&g);
	if (rc == AV_OK)
		rc = load(&g, in, r);
	if (g.bulk != NULL) {
		int end = db_bulk_end(g.bulk, rc == AV_OK, err);

		if (rc == AV_OK)
			rc = end;
	}
	if (rc == AV_OK)
		rc = swap_in(&g);
	rc = db_tx_leave(db, own, rc, err);
	fclose(in);
	free(g.infer);
	free(g.vals);
	free(g.lens);
	if (rc != AV_OK)
		return rc;
	if (job != NULL)
		job_progress(job, g.records, g.records, g.size, g.size);
	r->risorsa_id = g.risorsa_id;
	r->tabella_id = g.tabella_id;
	r->righe = g.records;
	r->colonne = g.ncols;
	r->bytes = g.size;
	return AV_OK;
}

int
dati_ingest_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                struct av_err *err)
{
	struct tab_ingest_opts o;
	struct tab_ingest_result r;
	const char *delim =
	    json_string_value(json_object_get(input, "delimiter"));

	memset(&o, 0, sizeof(o));
	o.dataset_id = json_integer_value(json_object_get(input, "dataset_id"));
	o.risorsa_id = json_integer_value(json_object_get(input, "risorsa_id"));
	o.nome = json_string_value(json_object_get(input, "nome"));
	o.path = json_string_value(json_object_get(input, "path"));
	o.schema = json_object_get(input, "schema");
	o.delim = delim != NULL && strlen(delim) == 1 ? delim[0] : 0;
	o.actor_id = ctx->owner_id;
	o.ente = ctx->ente;
	if (o.path == NULL || o.dataset_id <= 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (tab_ingest(ctx->db, &o, ctx, &r, err) != AV_OK)
		return err->code;
	*result =
	    json_pack("{s:I,s:I,s:I,s:i,s:I}", "risorsa_id",
	              (json_int_t)r.risorsa_id, "tabella_id",
	              (json_int_t)r.tabella_id, "righe", (json_int_t)r.righe,
	              "colonne", r.colonne, "byte", (json_int_t)r.bytes);
	return AV_OK;
}
