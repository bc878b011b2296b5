/*
 * tabelle_copy.c - the tabular store's generated tables moved by
 * `areavasta copy` (src/cli/copy.c): dati_tabella and dati_tabella_campo
 * are copied as every other table; the data of each ready table,
 * dati_t_<id>, is not in the copy's static list (its name and columns are
 * known only from dati_tabella), so it is recreated here on the
 * destination from its column count (tab_gen_create, the DDL of the
 * ingest) and filled by the bulk loader in _id order; then both sides are
 * read again and compared by an order-dependent SHA-256 of every row.
 * Inside the copy's transactions: any difference rolls the copy back.
 */
#include <string.h>

#include <sodium.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/dati/tabelle.h"
#include "modules/dati/tabelle_sql.h"

static void
hash_i64(crypto_hash_sha256_state *h, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	crypto_hash_sha256_update(h, b, sizeof(b));
}

/* One row into h: _id, then each value as (present, length, bytes). */
static void
hash_row(crypto_hash_sha256_state *h, struct db_cursor *c, int ncols)
{
	int k;

	hash_i64(h, db_col_i64(c, 0));
	for (k = 1; k <= ncols; k++) {
		const char *v = db_col_text(c, k);

		if (db_col_is_null(c, k)) {
			hash_i64(h, -1);
			continue;
		}
		hash_i64(h, (int64_t)strlen(v));
		crypto_hash_sha256_update(h, (const unsigned char *)v,
		                          strlen(v));
	}
}

/* The digest and row count of dati_t_<id> on db. */
static int
table_digest(struct db *db, int64_t id, int ncols, unsigned char *out,
             int64_t *rows, struct av_err *err)
{
	struct tab_gen *sel = tab_gen_select_all(id, ncols);
	crypto_hash_sha256_state h;
	struct db_cursor *c;
	int r;

	crypto_hash_sha256_init(&h);
	*rows = 0;
	if (db_query(db, &sel->def, NULL, 0, &c, err) != AV_OK) {
		tab_gen_free(db, sel);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		hash_row(&h, c, ncols);
		(*rows)++;
	}
	db_cursor_close(c);
	tab_gen_free(db, sel);
	if (r < 0)
		return err->code;
	crypto_hash_sha256_final(&h, out);
	return AV_OK;
}

/* dati_t_<id> created on dst and filled from src, rows in _id order. */
static int
copy_one(struct db *src, struct db *dst, int64_t id, int ncols, int64_t *rows,
         struct av_err *err)
{
	struct tab_gen *create = tab_gen_create(db_dialect(dst), id, ncols);
	struct tab_gen *sel;
	struct db_bulk *bulk = NULL;
	struct db_cursor *c = NULL;
	const char **vals = xcalloc((size_t)ncols + 1, sizeof(*vals));
	size_t *lens = xcalloc((size_t)ncols + 1, sizeof(*lens));
	int rc, r = 0, k;

	rc = db_exec(dst, &create->def, NULL, 0, NULL, err);
	tab_gen_free(dst, create);
	if (rc == AV_OK)
		rc = db_bulk_begin(dst, id, ncols, &bulk, err);
	if (rc != AV_OK) {
		free(vals);
		free(lens);
		return rc;
	}
	sel = tab_gen_select_all(id, ncols);
	rc = db_query(src, &sel->def, NULL, 0, &c, err);
	while (rc == AV_OK && (r = db_next(c, err)) == 1) {
		/* _id is given again by the destination, 1, 2, ...: the
		 * source's must be the same sequence (the ingest's). */
		if (db_col_i64(c, 0) != *rows + 1) {
			rc =
			    av_fail(err, AV_EINTERNAL, NULL,
			            "dati_t_%lld: _id %lld fuori sequenza",
			            (long long)id, (long long)db_col_i64(c, 0));
			break;
		}
		for (k = 0; k < ncols; k++) {
			vals[k] = db_col_is_null(c, k + 1)
			              ? NULL
			              : db_col_text(c, k + 1);
			lens[k] = vals[k] != NULL ? strlen(vals[k]) : 0;
		}
		rc = db_bulk_row(bulk, vals, lens, err);
		(*rows)++;
	}
	if (rc == AV_OK && r < 0)
		rc = err->code;
	db_cursor_close(c);
	tab_gen_free(src, sel);
	{
		int end = db_bulk_end(bulk, rc == AV_OK, err);

		if (rc == AV_OK)
			rc = end;
	}
	free(vals);
	free(lens);
	return rc;
}

int
tab_copy_all(struct db *src, struct db *dst,
             void (*each)(void *arg, int64_t id, int64_t rows), void *arg,
             struct av_err *err)
{
	struct db_cursor *c;
	int64_t *ids = NULL, n = 0, cap = 0, i;
	int *cols = NULL, r, rc = AV_OK;

	if (db_query(src, &tabelle_sql[Q_TAB_COPY_LIST], NULL, 0, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			ids = xrealloc(ids, (size_t)cap * sizeof(*ids));
			cols = xrealloc(cols, (size_t)cap * sizeof(*cols));
		}
		ids[n] = db_col_i64(c, 0);
		cols[n] = (int)db_col_i64(c, 1);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		rc = err->code;
	for (i = 0; rc == AV_OK && i < n; i++) {
		unsigned char a[crypto_hash_sha256_BYTES],
		    b[crypto_hash_sha256_BYTES];
		int64_t rows = 0, ra = 0, rb = 0;

		if (cols[i] < 1 || cols[i] > TAB_COLS_MAX) {
			rc = av_fail(err, AV_EINTERNAL, NULL,
			             "dati_tabella %lld: %d colonne",
			             (long long)ids[i], cols[i]);
			break;
		}
		rc = copy_one(src, dst, ids[i], cols[i], &rows, err);
		if (rc == AV_OK)
			rc = table_digest(src, ids[i], cols[i], a, &ra, err);
		if (rc == AV_OK)
			rc = table_digest(dst, ids[i], cols[i], b, &rb, err);
		if (rc == AV_OK &&
		    (ra != rb || ra != rows || sodium_memcmp(a, b, sizeof a)))
			rc = av_fail(err, AV_EINTERNAL, NULL,
			             "dati_t_%lld: la copia differisce"
			             " dall'origine",
			             (long long)ids[i]);
		if (rc == AV_OK && each != NULL)
			each(arg, ids[i], rows);
	}
	free(ids);
	free(cols);
	return rc;
}
