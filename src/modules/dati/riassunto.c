/*
 * riassunto.c - per-group summaries of a generated table (riassunto.h).
 *
 * The job reads the table once (ds_scan, every column) and follows every
 * column as a possible group_by while it has at most RIA_GROUPS_MAX
 * distinct values (past that it is dropped and its memory freed), plus the
 * whole table as one group; a column is kept when its groups hold
 * RIA_GROUP_ROWS records on average (a code column is not a category).  For
 * each group it keeps the records and, for every integer/number column, the
 * exact sum (the aggregates' own 10^-9 scaled __int128, agg_parse_decimal), the
 * count of values and the least and greatest by value, as the aggregate route
 * computes them; a numeric column holding a value that is not a decimal is not
 * summarised (the route then scans, as before).  The rows are written in one
 * transaction that first deletes the table's old summary, and only while the
 * table is still its resource's (a newer ingest wins).  Reading: an unfiltered
 * question whose group has a summary and whose measures are all numeric
 * is answered from at most RIA_GROUPS_MAX x (1 + measures) rows.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xmalloc.h"
#include "jobs/job.h"
#include "modules/dati/riassunto.h"
#include "modules/dati/riassunto_sql.h"

#define Q(x) (&riassunto_sql[x])

struct racc {
	__int128 sum, min, max;
	int64_t n;
	char *mins, *maxs;
};

struct rgroup {
	char *value; /* NULL: no value */
	int64_t righe;
	struct racc *acc; /* one per numeric column */
};

struct rcol {
	int pos; /* c<pos>; 0 the whole table */
	int idx; /* column of the scan's row; -1 the whole table */
	int alive;
	struct rgroup *g;
	size_t ng, cap;
};

struct rscan {
	const struct ds_table *t;
	int nnum;
	int *num;        /* field indexes of the numeric columns */
	int *num_ok;     /* still all decimals */
	__int128 *x;     /* this row's values */
	const char **xs; /* and their texts (NULL: empty or not a number) */
	struct rcol *cols;
	int ncols;
	int64_t rows;
	struct job_ctx *job;
};

static int
vcmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static void
group_free(struct rgroup *g, int nnum)
{
	int k;

	free(g->value);
	for (k = 0; k < nnum; k++) {
		free(g->acc[k].mins);
		free(g->acc[k].maxs);
	}
	free(g->acc);
}

static void
col_drop(struct rcol *c, int nnum)
{
	size_t i;

	for (i = 0; i < c->ng; i++)
		group_free(&c->g[i], nnum);
	free(c->g);
	c->g = NULL;
	c->ng = c->cap = 0;
	c->alive = 0;
}

/* The group of v in c (sorted), inserted when new; NULL past the cap. */
static struct rgroup *
col_group(struct rcol *c, const char *v, int nnum)
{
	size_t lo = 0, hi = c->ng;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = vcmp(c->g[mid].value, v);

		if (d == 0)
			return &c->g[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (c->ng >= RIA_GROUPS_MAX)
		return NULL;
	if (c->ng == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->g = xrealloc(c->g, c->cap * sizeof *c->g);
	}
	memmove(&c->g[lo + 1], &c->g[lo], (c->ng - lo) * sizeof *c->g);
	memset(&c->g[lo], 0, sizeof *c->g);
	c->g[lo].value = v ? xstrdup(v) : NULL;
	c->g[lo].acc = xcalloc((size_t)(nnum ? nnum : 1), sizeof(struct racc));
	c->ng++;
	return &c->g[lo];
}

static void
keep(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int
on_row(void *arg, struct db_cursor *cur)
{
	struct rscan *s = arg;
	int k, i;

	for (k = 0; k < s->nnum; k++) {
		const char *v = db_col_text(cur, s->num[k] + 1);

		s->xs[k] = NULL;
		if (v == NULL)
			continue;
		if (agg_parse_decimal(v, strlen(v), &s->x[k]) == 0)
			s->xs[k] = v;
		else
			s->num_ok[k] = 0;
	}
	for (i = 0; i < s->ncols; i++) {
		struct rcol *c = &s->cols[i];
		struct rgroup *g;

		if (!c->alive)
			continue;
		g = col_group(c, c->idx < 0 ? "" : db_col_text(cur, c->idx + 1),
		              s->nnum);
		if (g == NULL) {
			col_drop(c, s->nnum);
			continue;
		}
		g->righe++;
		for (k = 0; k < s->nnum; k++) {
			struct racc *a = &g->acc[k];

			if (s->xs[k] == NULL)
				continue;
			a->sum += s->x[k];
			if (a->n == 0 || s->x[k] < a->min) {
				a->min = s->x[k];
				keep(&a->mins, s->xs[k]);
			}
			if (a->n == 0 || s->x[k] > a->max) {
				a->max = s->x[k];
				keep(&a->maxs, s->xs[k]);
			}
			a->n++;
		}
	}
	if (++s->rows % 16384 == 0 && s->job != NULL)
		job_progress(s->job, s->rows, s->t->righe, -1, -1);
	return 0;
}

static int
numeric(const struct ds_field *f)
{
	return strcmp(f->tipo, "integer") == 0 ||
	       strcmp(f->tipo, "number") == 0;
}

static int
write_summary(struct db *db, struct rscan *s, int64_t *written,
              struct av_err *err)
{
	struct db_param d[] = {P_I64(s->t->tabella_id)};
	int rc = db_exec(db, Q(Q_RIA_DELETE), d, 1, NULL, err), i, k;
	char sum[80];
	size_t j;

	for (i = 0; rc == AV_OK && i < s->ncols; i++) {
		struct rcol *c = &s->cols[i];

		/* a group of fewer than RIA_GROUP_ROWS records on average
		 * is a code, not a category: not kept (the scan answers) */
		if (c->idx >= 0 && (int64_t)c->ng * RIA_GROUP_ROWS > s->rows)
			continue;

		for (j = 0; c->alive && rc == AV_OK && j < c->ng; j++) {
			struct rgroup *g = &c->g[j];
			struct db_param p[] = {P_I64(s->t->tabella_id),
			                       P_I64(c->pos),
			                       g->value ? P_TEXT(g->value)
			                                : P_NULL,
			                       P_I64(0),
			                       P_I64(g->righe),
			                       P_I64(0),
			                       P_TEXT("0"),
			                       P_NULL,
			                       P_NULL};

			rc = db_exec(db, Q(Q_RIA_INSERT), p, 9, NULL, err);
			(*written)++;
			for (k = 0; rc == AV_OK && k < s->nnum; k++) {
				struct racc *a = &g->acc[k];

				if (!s->num_ok[k])
					continue;
				agg_format_decimal(a->sum, sum, sizeof sum);
				p[3] = P_I64(s->t->fields[s->num[k]].pos);
				p[5] = P_I64(a->n);
				p[6] = P_TEXT(sum);
				p[7] = a->mins ? P_TEXT(a->mins) : P_NULL;
				p[8] = a->maxs ? P_TEXT(a->maxs) : P_NULL;
				rc = db_exec(db, Q(Q_RIA_INSERT), p, 9, NULL,
				             err);
				(*written)++;
			}
		}
	}
	return rc;
}

int
riassunto_queue(struct db *db, int64_t risorsa_id, int64_t tabella_id,
                int64_t owner_id, const char *ente, struct av_err *err)
{
	json_t *in =
	    json_pack("{s:I,s:I}", "risorsa_id", (json_int_t)risorsa_id,
	              "tabella_id", (json_int_t)tabella_id);
	int64_t id = 0;
	int rc = job_submit(db, "dati_riassunto", in, owner_id, ente, &id, err);

	json_decref(in);
	return rc;
}

int
dati_riassunto_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                   struct av_err *err)
{
	int64_t rid = json_integer_value(json_object_get(input, "risorsa_id"));
	int64_t tid = json_integer_value(json_object_get(input, "tabella_id"));
	struct arena a = ARENA_INIT;
	struct ds_table t;
	struct ds_query *q;
	struct rscan s;
	int found = 0, own = 0, rc, i, *cols = NULL;
	int64_t written = 0, one = 0;

	memset(&s, 0, sizeof s);
	rc = ds_table_load(ctx->db, &a, rid, &t, &found, err);
	if (rc != AV_OK || !found || t.tabella_id != tid) {
		arena_release(&a);
		if (rc != AV_OK)
			return rc;
		*result = json_pack("{s:s}", "nota", "tabella sostituita");
		return AV_OK;
	}
	q = xcalloc(1, sizeof *q);
	s.t = &t;
	s.job = ctx;
	s.num = xcalloc((size_t)t.nfields + 1, sizeof *s.num);
	s.num_ok = xcalloc((size_t)t.nfields + 1, sizeof *s.num_ok);
	s.x = xcalloc((size_t)t.nfields + 1, sizeof *s.x);
	s.xs = xcalloc((size_t)t.nfields + 1, sizeof *s.xs);
	s.cols = xcalloc(RIA_COLS_MAX + 1, sizeof *s.cols);
	cols = xcalloc((size_t)t.nfields + 1, sizeof *cols);
	s.cols[s.ncols++] = (struct rcol){0, -1, 1, NULL, 0, 0};
	for (i = 0; i < t.nfields; i++) {
		cols[i] = t.fields[i].pos;
		if (numeric(&t.fields[i])) {
			s.num_ok[s.nnum] = 1;
			s.num[s.nnum++] = i;
		}
		if (s.ncols <= RIA_COLS_MAX)
			s.cols[s.ncols++] =
			    (struct rcol){t.fields[i].pos, i, 1, NULL, 0, 0};
	}
	rc = ds_scan(ctx->db, &t, q, 0, cols, t.nfields, on_row, &s, err);
	if (rc == AV_OK)
		rc = db_tx_enter(ctx->db, &own, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(rid), P_I64(tid)};

		found = 0;
		rc = db_query_i64(ctx->db, Q(Q_RIA_CURRENT), p, 2, &one, &found,
		                  err);
		if (rc == AV_OK && found)
			rc = write_summary(ctx->db, &s, &written, err);
		rc = db_tx_leave(ctx->db, own, rc, err);
	}
	for (i = 0; i < s.ncols; i++)
		col_drop(&s.cols[i], s.nnum);
	free(s.cols);
	free(s.num);
	free(s.num_ok);
	free(s.x);
	free(s.xs);
	free(cols);
	free(q);
	arena_release(&a);
	if (rc != AV_OK)
		return rc;
	*result = json_pack("{s:I,s:I}", "righe_lette", (json_int_t)s.rows,
	                    "righe_riassunto", (json_int_t)written);
	return AV_OK;
}

/* A summary row as read. */
struct rrow {
	char *valore;
	int64_t misura, righe, n;
	char *somma, *minimo, *massimo;
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
gcmp(const void *a, const void *b)
{
	return vcmp(((const struct agg_group *)a)->value,
	            ((const struct agg_group *)b)->value);
}

static struct agg_group *
find_group(struct agg_result *r, const char *v)
{
	struct agg_group key;

	memset(&key, 0, sizeof key);
	key.value = (char *)(uintptr_t)v;
	return bsearch(&key, r->groups, r->ngroups, sizeof *r->groups, gcmp);
}

int
riassunto_run(struct db *db, const struct ds_table *t,
              const struct ds_field *group, const struct agg_metric *m, int nm,
              struct agg_result *r, int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(t->tabella_id),
	                       P_I64(group ? group->pos : 0)};
	struct db_cursor *c;
	struct rrow *rows = NULL;
	size_t nrows = 0, cap = 0, i;
	int rc, k, bad = 0, have[AGG_METRICS_MAX] = {0};

	memset(r, 0, sizeof *r);
	*found = 0;
	for (k = 0; k < nm; k++)
		if (!numeric(m[k].f))
			return AV_OK;
	if (db_query(db, Q(Q_RIA_GROUP), p, 2, &c, err) != AV_OK)
		return err->code;
	while ((rc = db_next(c, err)) == 1) {
		if (nrows == cap) {
			cap = cap ? 2 * cap : 256;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[nrows].valore = dup_or_null(db_col_text(c, 0));
		rows[nrows].misura = db_col_i64(c, 1);
		rows[nrows].righe = db_col_i64(c, 2);
		rows[nrows].n = db_col_i64(c, 3);
		rows[nrows].somma = dup_or_null(db_col_text(c, 4));
		rows[nrows].minimo = dup_or_null(db_col_text(c, 5));
		rows[nrows].massimo = dup_or_null(db_col_text(c, 6));
		nrows++;
	}
	db_cursor_close(c);
	if (rc < 0)
		goto out;
	rc = AV_OK;
	/* the groups (misura 0 rows), sorted as agg_run sorts them */
	for (i = 0; i < nrows; i++) {
		if (rows[i].misura != 0)
			continue;
		if (r->ngroups == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 64;
			r->groups =
			    xrealloc(r->groups, r->cap * sizeof *r->groups);
		}
		memset(&r->groups[r->ngroups], 0, sizeof *r->groups);
		r->groups[r->ngroups].value = dup_or_null(rows[i].valore);
		r->groups[r->ngroups].count = rows[i].righe;
		r->ngroups++;
	}
	if (r->ngroups == 0)
		goto out; /* no summary for this group */
	qsort(r->groups, r->ngroups, sizeof *r->groups, gcmp);
	for (i = 0; i < nrows; i++) {
		struct agg_group *g;

		if (rows[i].misura == 0 ||
		    (g = find_group(r, rows[i].valore)) == NULL)
			continue;
		for (k = 0; k < nm; k++) {
			struct agg_acc *a = &g->acc[k];

			if (m[k].f->pos != rows[i].misura)
				continue;
			have[k] = 1;
			a->n = rows[i].n;
			if (agg_parse_decimal(rows[i].somma,
			                      strlen(rows[i].somma), &a->sum))
				bad = 1;
			if (m[k].op == AGG_MIN)
				a->min = dup_or_null(rows[i].minimo);
			if (m[k].op == AGG_MAX)
				a->max = dup_or_null(rows[i].massimo);
		}
	}
	*found = !bad;
	for (k = 0; k < nm; k++)
		if (have[k] != 1)
			*found = 0; /* a measure not summarised */
out:
	for (i = 0; i < nrows; i++) {
		free(rows[i].valore);
		free(rows[i].somma);
		free(rows[i].minimo);
		free(rows[i].massimo);
	}
	free(rows);
	if (!*found)
		agg_result_free(r, nm);
	return rc < 0 ? err->code : AV_OK;
}
