/*
 * datastore_sql.c - the text of the tabular store's queries (datastore.h).
 * Built at run time because a table and its columns cannot be bound
 * parameters: every byte below comes from a literal of this file or from
 * an integer (the table id, a column number, a parameter number) that
 * the caller got from dati_tabella / dati_tabella_campo; the client's
 * field names were turned into those numbers before, its values are
 * bound as $k.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "modules/dati/datastore_int.h"

/* A bounded append of formatted text; sets *overflow past cap. */
static void gen_add(struct tab_gen *g, size_t cap, size_t *len, int *overflow,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
gen_add(struct tab_gen *g, size_t cap, size_t *len, int *overflow,
        const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(g->sql + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - *len)
		*overflow = 1;
	else
		*len += (size_t)n;
}

/* A numeric column sorts by its value; text compares as text. */
static void
gen_sort_expr(struct tab_gen *g, size_t cap, size_t *len, int *of,
              enum db_dialect d, const struct ds_field *f, int pos)
{
	int numeric = f != NULL && (strcmp(f->tipo, "integer") == 0 ||
	                            strcmp(f->tipo, "number") == 0);

	if (!numeric)
		gen_add(g, cap, len, of, "c%d", pos);
	else if (d == DB_POSTGRES)
		gen_add(g, cap, len, of,
		        "CASE WHEN c%d ~ '^-?[0-9]+(\\.[0-9]+)?$'"
		        " THEN c%d::numeric END",
		        pos, pos);
	else
		gen_add(g, cap, len, of, "CAST(c%d AS REAL)", pos);
}

/* WHERE ...: the filters' $1..$k, then the text search's $k+1. */
static void
gen_where(struct tab_gen *g, size_t cap, size_t *len, int *of,
          enum db_dialect d, const struct ds_table *t, const struct ds_query *q,
          int *np)
{
	int i, j, first = 1;

	for (i = 0; i < q->nfilters; i++) {
		const struct ds_filter *f = &q->filters[i];

		gen_add(g, cap, len, of, "%s c%d", first ? " WHERE" : " AND",
		        f->pos);
		first = 0;
		if (f->nvals == 1) {
			gen_add(g, cap, len, of, " = $%d", ++*np);
			continue;
		}
		gen_add(g, cap, len, of, " IN (");
		for (j = 0; j < f->nvals; j++)
			gen_add(g, cap, len, of, "%s$%d", j ? ", " : "", ++*np);
		gen_add(g, cap, len, of, ")");
	}
	if (q->q == NULL)
		return;
	gen_add(g, cap, len, of, "%s (", first ? " WHERE" : " AND");
	for (i = 0; i < t->nfields; i++)
		gen_add(g, cap, len, of, "%sCOALESCE(c%d, '')",
		        i ? " || ' ' || " : "", t->fields[i].pos);
	gen_add(g, cap, len, of, ") %s $%d ESCAPE '\\'",
	        d == DB_POSTGRES ? "ILIKE" : "LIKE", ++*np);
}

struct tab_gen *
ds_gen_count(enum db_dialect d, const struct ds_table *t,
             const struct ds_query *q)
{
	size_t cap = 256 + (size_t)t->nfields * 40 + DS_FILTER_VALUES_MAX * 32,
	       len = 0;
	struct tab_gen *g = xcalloc(1, sizeof(*g));
	int of = 0, np = 0;

	g->sql = xmalloc(cap);
	snprintf(g->name, sizeof(g->name), "ds_count_%lld",
	         (long long)t->tabella_id);
	gen_add(g, cap, &len, &of, "SELECT COUNT(*) FROM dati_t_%lld",
	        (long long)t->tabella_id);
	gen_where(g, cap, &len, &of, d, t, q, &np);
	if (of)
		AV_BUG("ds_gen_count: text over %zu bytes", cap);
	g->def.name = g->name;
	g->def.nparams = np;
	g->def.sql = g->sql;
	return g;
}

struct tab_gen *
ds_gen_scan(enum db_dialect d, const struct ds_table *t,
            const struct ds_query *q, int group, const int *cols, int ncols)
{
	size_t cap = 256 + (size_t)ncols * 12 + DS_FILTER_VALUES_MAX * 32 +
	             (size_t)t->nfields * 40,
	       len = 0;
	struct tab_gen *g = xcalloc(1, sizeof(*g));
	int of = 0, np = 0, i;

	g->sql = xmalloc(cap);
	snprintf(g->name, sizeof(g->name), "ds_scan_%lld",
	         (long long)t->tabella_id);
	gen_add(g, cap, &len, &of, "SELECT %s%d", group > 0 ? "c" : "",
	        group > 0 ? group : 0);
	for (i = 0; i < ncols; i++)
		gen_add(g, cap, &len, &of, ", c%d", cols[i]);
	gen_add(g, cap, &len, &of, " FROM dati_t_%lld",
	        (long long)t->tabella_id);
	gen_where(g, cap, &len, &of, d, t, q, &np);
	if (of)
		AV_BUG("ds_gen_scan: text over %zu bytes", cap);
	g->def.name = g->name;
	g->def.nparams = np;
	g->def.sql = g->sql;
	return g;
}

struct tab_gen *
ds_gen_rows(enum db_dialect d, const struct ds_table *t,
            const struct ds_query *q)
{
	size_t cap = 512 + (size_t)t->nfields * 40 + (size_t)q->nfields * 12 +
	             DS_FILTER_VALUES_MAX * 32 + DS_SORT_MAX * 80,
	       len = 0;
	struct tab_gen *g = xcalloc(1, sizeof(*g));
	int of = 0, np = 0, i;

	g->sql = xmalloc(cap);
	snprintf(g->name, sizeof(g->name), "ds_rows_%lld",
	         (long long)t->tabella_id);
	gen_add(g, cap, &len, &of, "SELECT _id");
	for (i = 0; i < q->nfields; i++)
		gen_add(g, cap, &len, &of, ", c%d", q->fields[i]);
	gen_add(g, cap, &len, &of, " FROM dati_t_%lld",
	        (long long)t->tabella_id);
	gen_where(g, cap, &len, &of, d, t, q, &np);
	if (q->keyset) {
		/* the exports' pages: after the last _id sent, in _id order */
		gen_add(g, cap, &len, &of,
		        "%s _id > $%d ORDER BY _id LIMIT $%d",
		        q->nfilters == 0 && q->q == NULL ? " WHERE" : " AND",
		        np + 1, np + 2);
		np += 2;
		goto done;
	}
	gen_add(g, cap, &len, &of, " ORDER BY ");
	for (i = 0; i < q->nsort; i++) {
		gen_sort_expr(g, cap, &len, &of, d, q->sort_field[i],
		              q->sort_pos[i]);
		gen_add(g, cap, &len, &of, "%s, ",
		        q->sort_desc[i] ? " DESC" : "");
	}
	/* _id last: a stable order, so pages neither repeat nor skip. */
	gen_add(g, cap, &len, &of, "_id LIMIT $%d OFFSET $%d", np + 1, np + 2);
	np += 2;
done:
	if (of)
		AV_BUG("ds_gen_rows: text over %zu bytes", cap);
	g->def.name = g->name;
	g->def.nparams = np;
	g->def.sql = g->sql;
	return g;
}
