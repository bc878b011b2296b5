/*
 * portale.c - the public tender portal's data (issue 12, item 8): the
 * derived list rows of published tenders (migration 0021) and the reads
 * behind GET /api/v1/gare, its exports and the per-Comune page.
 *
 * Why a derived table: the public list filters on the whole tender's
 * amount (the sum of its lots) and searches the words of the tender's and
 * the lots' objects; keeping those per tender (sua_portale, and its FTS5
 * index on SQLite / tsvector on PostgreSQL) lets a page be one range of the
 * (pubblicata_at, gara_id) index instead of a sum and a text scan per
 * request.  The row is written only for a tender with pubblicata_at, by
 * sua_portale_index, which the tender transitions call in their own
 * transaction (publication, amendment, cancellation): readers never see a
 * half-written row, and a draft never has one.  The state, type and
 * deadlines are read from sua_gara itself, so a state change that forgot
 * to re-index still shows its true state.
 */
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/sua/portale.h"
#include "modules/sua/portale_sql.h"

#define REBUILD_PAGE 500 /* tender ids read per query in a rebuild */

/* Appends the search form of s to sb, a space before it, within the cap. */
static void
testo_add(struct sbuf *sb, const char *s)
{
	struct sbuf f = SBUF_INIT(PORTALE_TESTO_MAX);

	if (s == NULL)
		return;
	text_search_form(&f, s, strlen(s));
	if (!sbuf_err(&f) && f.len > 0 &&
	    sb->len + f.len + 1 < PORTALE_TESTO_MAX) {
		if (sb->len > 0)
			sbuf_addch(sb, ' ');
		sbuf_add(sb, f.buf, f.len);
	}
	sbuf_release(&f);
}

/* Removes the tender's row and its search entry. */
static int
unindex(struct db *db, int64_t gara_id, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};

	if (db_exec(db, &portale_sql[Q_PORTALE_DELETE], p, 1, NULL, err) !=
	        AV_OK ||
	    db_exec(db, &portale_sql[Q_PORTALE_FTS_DELETE], p, 1, NULL, err) !=
	        AV_OK)
		return err->code;
	return AV_OK;
}

static int
index_one(struct db *db, int64_t gara_id, struct av_err *err)
{
	struct sbuf testo = SBUF_INIT(PORTALE_TESTO_MAX);
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	char provincia[4] = "", data[LT_DATE_LEN];
	int64_t pub = 0, importo = 0, lotti = 0;
	struct lt_local loc;
	int r, published = 0, rc = AV_OK;

	if (db_query(db, &portale_sql[Q_PORTALE_SRC], p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1 && !db_col_is_null(c, 2)) {
		published = 1;
		testo_add(&testo, db_col_text(c, 0));
		snprintf(provincia, sizeof(provincia), "%s",
		         db_col_text(c, 1) ? db_col_text(c, 1) : "");
		pub = db_col_i64(c, 2);
	}
	db_cursor_close(c);
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if ((rc = unindex(db, gara_id, err)) != AV_OK || !published)
		goto out;
	if (db_query(db, &portale_sql[Q_PORTALE_LOTTI], p, 1, &c, err) !=
	    AV_OK) {
		rc = err->code;
		goto out;
	}
	while ((r = db_next(c, err)) == 1) {
		testo_add(&testo, db_col_text(c, 1));
		importo += db_col_i64(c, 4);
		lotti++;
	}
	db_cursor_close(c);
	if (r < 0 || lt_to_local(pub, &loc, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	lt_format_date_iso(loc.date, data);
	{
		struct db_param pi[] = {P_I64(gara_id),   P_TEXT(provincia),
		                        P_I64(pub),       P_TEXT(data),
		                        P_I64(importo),   P_I64(lotti),
		                        P_TEXT(testo.buf)};
		struct db_param pf[] = {P_I64(gara_id), P_TEXT(testo.buf)};

		if (db_exec(db, &portale_sql[Q_PORTALE_INSERT], pi, 7, NULL,
		            err) != AV_OK ||
		    db_exec(db, &portale_sql[Q_PORTALE_FTS_INSERT], pf, 2, NULL,
		            err) != AV_OK)
			rc = err->code;
	}
out:
	sbuf_release(&testo);
	return rc;
}

int
sua_portale_index(struct db *db, int64_t gara_id, struct av_err *err)
{
	int own = 0, rc;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	rc = index_one(db, gara_id, err);
	return db_tx_leave(db, own, rc, err);
}

static int
rebuild(struct db *db, struct av_err *err)
{
	int64_t ids[REBUILD_PAGE], last = 0;
	size_t n, i;
	int r = 0;

	if (db_exec(db, &portale_sql[Q_PORTALE_CLEAR], NULL, 0, NULL, err) !=
	        AV_OK ||
	    db_exec(db, &portale_sql[Q_PORTALE_FTS_CLEAR], NULL, 0, NULL,
	            err) != AV_OK)
		return err->code;
	do {
		struct db_param p[] = {P_I64(last), P_I64(REBUILD_PAGE)};
		struct db_cursor *c;

		if (db_query(db, &portale_sql[Q_PORTALE_PUBLISHED], p, 2, &c,
		             err) != AV_OK)
			return err->code;
		n = 0;
		while (n < REBUILD_PAGE && (r = db_next(c, err)) == 1)
			ids[n++] = db_col_i64(c, 0);
		db_cursor_close(c);
		if (r < 0)
			return err->code;
		for (i = 0; i < n; i++)
			if (index_one(db, ids[i], err) != AV_OK)
				return err->code;
		if (n > 0)
			last = ids[n - 1];
	} while (n == REBUILD_PAGE);
	return AV_OK;
}

int
sua_portale_rebuild(struct db *db, struct av_err *err)
{
	int own = 0, rc;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	rc = rebuild(db, err);
	return db_tx_leave(db, own, rc, err);
}

/* The filters as parameters $1..$8 of the list statements. */
static void
filtro_params(const struct portale_filtro *f, struct db_param p[8])
{
	p[0] = f->stato ? P_TEXT(f->stato) : P_NULL;
	p[1] = f->tipo ? P_TEXT(f->tipo) : P_NULL;
	p[2] = f->comune ? P_TEXT(f->comune) : P_NULL;
	p[3] = f->cpv ? P_TEXT(f->cpv) : P_NULL;
	p[4] = f->importo_min >= 0 ? P_I64(f->importo_min) : P_NULL;
	p[5] = f->importo_max >= 0 ? P_I64(f->importo_max) : P_NULL;
	p[6] = f->dal[0] ? P_TEXT(f->dal) : P_NULL;
	p[7] = f->al[0] ? P_TEXT(f->al) : P_NULL;
}

int
portale_page(struct db *db, const struct portale_filtro *f,
             const struct portale_key *after, int64_t offset, size_t max,
             struct portale_key *keys, size_t *n, struct av_err *err)
{
	struct db_param p[13];
	struct db_cursor *c;
	int search = f->q != NULL, r = 0;

	*n = 0;
	if (search && f->q[0] == '\0')
		return AV_OK; /* only symbols: nothing matches */
	filtro_params(f, p);
	p[8] = after ? P_I64(after->pubblicata_at) : P_NULL;
	p[9] = after ? P_I64(after->id) : P_NULL;
	p[10] = P_I64((int64_t)max);
	p[11] = P_I64(offset);
	if (search)
		p[12] = P_TEXT(f->q);
	if (db_query(db,
	             &portale_sql[search ? Q_PORTALE_PAGE_Q : Q_PORTALE_PAGE],
	             p, search ? 13 : 12, &c, err) != AV_OK)
		return err->code;
	while (*n < max && (r = db_next(c, err)) == 1) {
		keys[*n].id = db_col_i64(c, 0);
		keys[*n].pubblicata_at = db_col_i64(c, 1);
		(*n)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
portale_count(struct db *db, const struct portale_filtro *f, int64_t cap,
              int64_t *total, struct av_err *err)
{
	struct db_param p[10];
	int search = f->q != NULL;

	*total = 0;
	if (search && f->q[0] == '\0')
		return AV_OK;
	filtro_params(f, p);
	p[8] = P_I64(cap);
	if (search)
		p[9] = P_TEXT(f->q);
	return db_query_i64(
	    db, &portale_sql[search ? Q_PORTALE_COUNT_Q : Q_PORTALE_COUNT], p,
	    search ? 10 : 9, total, NULL, err);
}

/* Copies s (NULL: "") into out, cut at a character boundary. */
static void
copy_text(char *out, size_t n, const char *s)
{
	if (s == NULL)
		s = "";
	snprintf(out, n, "%.*s", (int)utf8_cut(s, n - 1), s);
}

/* Adds the lot's Comune code (names later) and CPV to row, once each. */
static void
row_add_lot(struct portale_row *row, const char *comune, const char *cpv)
{
	size_t i;

	for (i = 0; i < row->n_comuni; i++)
		if (strcmp(row->comuni[i].codice_istat, comune) == 0)
			break;
	if (i == row->n_comuni) {
		if (row->n_comuni < PORTALE_COMUNI_MAX)
			copy_text(row->comuni[row->n_comuni++].codice_istat,
			          sizeof(row->comuni[0].codice_istat), comune);
		else
			row->altri_comuni++;
	}
	for (i = 0; i < row->n_cpv; i++)
		if (strcmp(row->cpv[i], cpv) == 0)
			return;
	if (row->n_cpv < PORTALE_CPV_MAX)
		copy_text(row->cpv[row->n_cpv++], sizeof(row->cpv[0]), cpv);
}

int
portale_row_get(struct db *db, int64_t id, struct portale_row *row, int *found,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	size_t i;
	int r;

	memset(row, 0, sizeof(*row));
	*found = 0;
	if (db_query(db, &portale_sql[Q_PORTALE_ROW], p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		*found = 1;
		row->id = db_col_i64(c, 0);
		copy_text(row->oggetto, sizeof(row->oggetto),
		          db_col_text(c, 1));
		copy_text(row->tipo, sizeof(row->tipo), db_col_text(c, 2));
		copy_text(row->stato, sizeof(row->stato), db_col_text(c, 3));
		copy_text(row->provincia, sizeof(row->provincia),
		          db_col_text(c, 4));
		row->pubblicata_at = db_col_i64(c, 5);
		copy_text(row->data_pubblicazione,
		          sizeof(row->data_pubblicazione), db_col_text(c, 6));
		row->importo_cents = db_col_i64(c, 7);
		row->lotti = db_col_i64(c, 8);
		row->termine_offerte =
		    db_col_is_null(c, 9) ? 0 : db_col_i64(c, 9);
		row->termine_chiarimenti =
		    db_col_is_null(c, 10) ? 0 : db_col_i64(c, 10);
		copy_text(row->procedura, sizeof(row->procedura),
		          db_col_text(c, 11));
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (!*found)
		return AV_OK;
	if (db_query(db, &portale_sql[Q_PORTALE_LOTTI], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *cpv = db_col_text(c, 3), *com = db_col_text(c, 6);

		row->sicurezza_cents += db_col_i64(c, 5);
		row_add_lot(row, com ? com : "", cpv ? cpv : "");
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	for (i = 0; i < row->n_comuni; i++) {
		struct registry_comune_brief b;
		int ok = 0;

		if (registry_comune_brief(db, row->comuni[i].codice_istat, &b,
		                          &ok, err) != AV_OK)
			return err->code;
		copy_text(row->comuni[i].nome, sizeof(row->comuni[i].nome),
		          ok ? b.nome : row->comuni[i].codice_istat);
	}
	return AV_OK;
}

void
portale_euro(int64_t cents, char out[32])
{
	char digits[24];
	uint64_t v =
	    cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	size_t n, i, o = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(v / 100));
	n = strlen(digits);
	if (cents < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	snprintf(out + o, 32 - o, ",%02u", (unsigned)(v % 100));
}
