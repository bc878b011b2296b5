/*
 * datastore.c - reading the tabular store (datastore.h): a resource's
 * table and fields, a count and a page of records, with the statement
 * texts of datastore_sql.c prepared for the call and forgotten after it.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/dati/datastore_int.h"

int
ds_table_load(struct db *db, struct arena *a, int64_t risorsa_id,
              struct ds_table *t, int *found, struct av_err *err)
{
	struct db_param p[1] = {P_I64(risorsa_id)};
	struct db_cursor *c;
	int rc, n = 0;

	memset(t, 0, sizeof(*t));
	*found = 0;
	rc = db_query(db, &tabelle_sql[Q_TAB_RISORSA_TAB], p, 1, &c, err);
	if (rc != AV_OK)
		return rc;
	rc = db_next(c, err);
	if (rc == 1) {
		t->risorsa_id = risorsa_id;
		t->tabella_id = db_col_i64(c, 0);
		t->dataset_id = db_col_i64(c, 1);
		t->righe = db_col_i64(c, 2);
		str_copy(t->ente, sizeof(t->ente), db_col_text(c, 3));
		str_copy(t->stato, sizeof(t->stato), db_col_text(c, 4));
	}
	db_cursor_close(c);
	if (rc <= 0)
		return rc < 0 ? err->code : AV_OK;
	p[0] = P_I64(t->tabella_id);
	t->fields = arena_alloc(a, TAB_COLS_MAX * sizeof(*t->fields));
	rc = db_query(db, &tabelle_sql[Q_TAB_CAMPI], p, 1, &c, err);
	if (rc != AV_OK)
		return rc;
	while (n < TAB_COLS_MAX && (rc = db_next(c, err)) == 1) {
		t->fields[n].pos = (int)db_col_i64(c, 0);
		str_copy(t->fields[n].nome, sizeof(t->fields[n].nome),
		         db_col_text(c, 1));
		str_copy(t->fields[n].tipo, sizeof(t->fields[n].tipo),
		         db_col_text(c, 2));
		n++;
	}
	db_cursor_close(c);
	if (rc < 0)
		return err->code;
	t->nfields = n;
	*found = 1;
	return AV_OK;
}

const struct ds_field *
ds_field_find(const struct ds_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].nome, name) == 0)
			return &t->fields[i];
	return NULL;
}

/*
 * The bound values in the order of the text: the filters', then the text
 * search's "%q%" (LIKE's wildcards in q escaped), then limit and offset.
 */
static size_t
bind_where(const struct ds_query *q, struct db_param *p, struct sbuf *like)
{
	size_t np = 0;
	int i, j;

	for (i = 0; i < q->nfilters; i++)
		for (j = 0; j < q->filters[i].nvals; j++)
			p[np++] = P_TEXT(q->filters[i].vals[j]);
	if (q->q != NULL) {
		const char *s;

		sbuf_addch(like, '%');
		for (s = q->q; *s; s++) {
			if (*s == '%' || *s == '_' || *s == '\\')
				sbuf_addch(like, '\\');
			sbuf_addch(like, *s);
		}
		sbuf_addch(like, '%');
		p[np++] = P_TEXTN(like->buf, like->len);
	}
	return np;
}

int
ds_count(struct db *db, const struct ds_table *t, const struct ds_query *q,
         int64_t *total, struct av_err *err)
{
	struct db_param p[DS_FILTER_VALUES_MAX + 3];
	struct sbuf like = SBUF_INIT(3 * DS_Q_MAX + 2);
	struct tab_gen *g;
	size_t np;
	int rc, found;

	if (q->nfilters == 0 && q->q == NULL) {
		*total = t->righe;
		return AV_OK;
	}
	np = bind_where(q, p, &like);
	g = ds_gen_count(db_dialect(db), t, q);
	rc = db_query_i64(db, &g->def, p, np, total, &found, err);
	tab_gen_free(db, g);
	sbuf_release(&like);
	return rc;
}

int
ds_scan(struct db *db, const struct ds_table *t, const struct ds_query *q,
        int group, const int *cols, int ncols,
        int (*row)(void *arg, struct db_cursor *c), void *arg,
        struct av_err *err)
{
	struct db_param p[DS_FILTER_VALUES_MAX + 3];
	struct sbuf like = SBUF_INIT(3 * DS_Q_MAX + 2);
	struct db_cursor *c;
	struct tab_gen *g;
	size_t np;
	int rc;

	np = bind_where(q, p, &like);
	g = ds_gen_scan(db_dialect(db), t, q, group, cols, ncols);
	rc = db_query(db, &g->def, p, np, &c, err);
	if (rc == AV_OK) {
		while ((rc = db_next(c, err)) == 1)
			if (row(arg, c) != 0) {
				rc = -1;
				break;
			}
		db_cursor_close(c);
		rc = rc < 0 ? (err->code != AV_OK ? err->code : AV_EINTERNAL)
		            : AV_OK;
	}
	tab_gen_free(db, g);
	sbuf_release(&like);
	return rc;
}

int
ds_rows(struct db *db, const struct ds_table *t, const struct ds_query *q,
        int (*row)(void *arg, struct db_cursor *c), void *arg,
        struct av_err *err)
{
	struct db_param p[DS_FILTER_VALUES_MAX + 3];
	struct sbuf like = SBUF_INIT(3 * DS_Q_MAX + 2);
	struct db_cursor *c;
	struct tab_gen *g;
	size_t np;
	int rc;

	np = bind_where(q, p, &like);
	if (q->keyset) {
		p[np++] = P_I64(q->after);
		p[np++] = P_I64(q->limit);
	} else {
		p[np++] = P_I64(q->limit);
		p[np++] = P_I64(q->offset);
	}
	g = ds_gen_rows(db_dialect(db), t, q);
	rc = db_query(db, &g->def, p, np, &c, err);
	if (rc == AV_OK) {
		while ((rc = db_next(c, err)) == 1)
			if (row(arg, c) != 0) {
				rc = -1;
				break;
			}
		db_cursor_close(c);
		rc = rc < 0 ? (err->code != AV_OK ? err->code : AV_EINTERNAL)
		            : AV_OK;
	}
	tab_gen_free(db, g);
	sbuf_release(&like);
	return rc;
}
