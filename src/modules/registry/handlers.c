/*
 * handlers.c - the registry's public API: regions, provinces, Comuni (list
 * with search, single card) and the instance summary.  Handlers validate
 * their query parameters (the router has already refused unknown keys and
 * oversized values), run constant SQL from registry_sql.c and shape JSON;
 * the shapes are documented in docs/api/registry-*.md and used by the web UI.
 */
#include <string.h>

#include "core/fold.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/list.h"
#include "json/jw.h"
#include "modules/registry/handlers.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"
#include "modules/registry/search_plan.h"

#define REGISTRY_OFFSET_MAX 100000 /* more than all Comuni ever listed */

/* The regions and the Provinces: small lists read whole (list_walk), by
 * code, the key of their cursors. */
static const struct list_spec regioni_list = {"regioni", 50, 500, 1000, "s", 0};
static const struct list_spec province_list = {"province", 200, 500,
                                               1000,       "s", 0};

int
registry_get_regioni(struct req *req, struct resp *resp)
{
	struct db_cursor *cur;
	struct list_walk lw;
	struct list_req lr;
	struct jw *w;
	int r;

	if (list_parse(req, &regioni_list, "", &lr) != AV_OK ||
	    db_query(req_db(req), &registry_sql[Q_REGIONI_LIST], NULL, 0, &cur,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	while ((r = db_next(cur, req_err(req))) == 1) {
		struct list_val key = list_text(db_col_text(cur, 0));

		if (!list_walk_row(&lw, &key))
			continue;
		jw_obj(w);
		jw_kstr(w, "codice", db_col_text(cur, 0));
		jw_kstr(w, "nome", db_col_text(cur, 1));
		jw_kstr(w, "statuto", db_col_text(cur, 2));
		jw_kstr(w, "ripartizione", db_col_text(cur, 3));
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	if (r < 0)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

/* A 0/1 flag parameter; absent = 0. */
static int
query_flag(struct req *req, const char *name, int *out)
{
	const char *v = req_query(req, name);

	*out = 0;
	if (v == NULL || strcmp(v, "0") == 0)
		return AV_OK;
	if (strcmp(v, "1") == 0) {
		*out = 1;
		return AV_OK;
	}
	return av_fail(req_err(req), AV_EINVAL, name,
	               "Il parametro '%s' vale 1 (sì) oppure 0 (no).", name);
}

int
registry_get_province(struct req *req, struct resp *resp)
{
	struct db_cursor *cur;
	struct list_walk lw;
	struct list_req lr;
	struct jw *w;
	int rso, r;

	if (query_flag(req, "rso", &rso) != AV_OK ||
	    list_parse(req, &province_list, rso ? "rso=1" : "rso=0", &lr) !=
	        AV_OK)
		return req_err(req)->code;
	struct db_param p[] = {P_I64(rso)};

	if (db_query(req_db(req), &registry_sql[Q_PROVINCE_LIST], p, 1, &cur,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	while ((r = db_next(cur, req_err(req))) == 1) {
		struct list_val key = list_text(db_col_text(cur, 0));

		if (!list_walk_row(&lw, &key))
			continue;
		jw_obj(w);
		jw_kstr(w, "codice", db_col_text(cur, 0));
		jw_kstr(w, "sigla", db_col_text(cur, 1));
		jw_kstr(w, "nome", db_col_text(cur, 2));
		jw_kstr(w, "tipologia", db_col_text(cur, 3));
		jw_kbool(w, "attivo", (int)db_col_i64(cur, 4));
		jw_kstr(w, "statuto_regione", db_col_text(cur, 7));
		jw_kobj(w, "regione");
		jw_kstr(w, "codice", db_col_text(cur, 5));
		jw_kstr(w, "nome", db_col_text(cur, 6));
		jw_obj_end(w);
		jw_ki64(w, "comuni_attivi", db_col_i64(cur, 8));
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	if (r < 0)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

/*
 * Columns base..base+10 of a list statement (Q_COMUNI_PAGE and the others:
 * base 1, after the position) or of Q_COMUNE_GET (base 0) as the members
 * of an item (the caller opens and closes the object).
 */
static void
comune_members(struct jw *w, struct db_cursor *c, int base)
{
	jw_kstr(w, "codice_istat", db_col_text(c, base + 0));
	jw_kstr(w, "nome", db_col_text(c, base + 1));
	jw_kobj(w, "provincia");
	jw_kstr(w, "codice", db_col_text(c, base + 2));
	jw_kstr(w, "sigla", db_col_text(c, base + 3));
	jw_kstr(w, "nome", db_col_text(c, base + 4));
	jw_obj_end(w);
	jw_kobj(w, "regione");
	jw_kstr(w, "codice", db_col_text(c, base + 5));
	jw_kstr(w, "nome", db_col_text(c, base + 6));
	jw_obj_end(w);
	jw_kstr(w, "codice_catastale", db_col_text(c, base + 7));
	jw_kstr(w, "nuts3", db_col_text(c, base + 8));
	jw_key(w, "popolazione");
	if (db_col_is_null(c, base + 9))
		jw_null(w);
	else
		jw_i64(w, db_col_i64(c, base + 9));
	jw_kbool(w, "attivo", (int)db_col_i64(c, base + 10));
}

/* ?provincia=SIGLA -> unit code (upper-cased; 400 when unknown). */
static int
comuni_provincia(struct req *req, char codice[4])
{
	const char *v = req_query(req, "provincia");
	char sigla[3];
	int i, found = 0;

	codice[0] = '\0';
	if (v == NULL)
		return AV_OK;
	if (strlen(v) != 2)
		goto bad;
	for (i = 0; i < 2; i++) {
		char ch = v[i];

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			goto bad;
		sigla[i] = ch;
	}
	sigla[2] = '\0';
	if (registry_codice_of_sigla(req_db(req), sigla, codice, &found,
	                             req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (found)
		return AV_OK;
	return av_fail(req_err(req), AV_EINVAL, "provincia",
	               "Nessuna Provincia attiva ha la sigla %s.", sigla);
bad:
	return av_fail(req_err(req), AV_EINVAL, "provincia",
	               "La provincia si indica con la sigla di due lettere "
	               "(per esempio VI).");
}

int
registry_comuni_filters(struct req *req, char codice[4], struct sbuf *q)
{
	const char *qv = req_query(req, "q");

	if (comuni_provincia(req, codice) != AV_OK)
		return req_err(req)->code;
	if (qv == NULL)
		return AV_OK;
	if (strlen(qv) > REGISTRY_Q_MAX)
		return av_fail(req_err(req), AV_EINVAL, "q",
		               "Il testo da cercare è troppo lungo "
		               "(massimo %d caratteri).",
		               REGISTRY_Q_MAX);
	if (!text_ok(qv, strlen(qv)))
		return av_fail(req_err(req), AV_EINVAL, "q",
		               "Il testo da cercare contiene caratteri "
		               "non validi.");
	text_search_form(q, qv, strlen(qv));
	return AV_OK;
}

/* ?ordina= of /comuni: one of these keys; absent = "nome". */
static int
comuni_ordina(struct req *req, const char **out)
{
	static const char *const keys[] = {"nome",        "-nome",
	                                   "codice",      "-codice",
	                                   "popolazione", "-popolazione"};
	const char *v = req_query(req, "ordina");
	size_t i;

	*out = "nome";
	if (v == NULL)
		return AV_OK;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(v, keys[i]) == 0) {
			*out = keys[i];
			return AV_OK;
		}
	return av_fail(req_err(req), AV_EINVAL, "ordina",
	               "L'ordine si indica con nome, codice o popolazione, "
	               "preceduti da '-' per l'ordine decrescente.");
}

/*
 * One page of /comuni being written: rows are counted, the one after the
 * page only tells that there is a next page, whose cursor is the phase and
 * the key (k1, k2, k3 of comune_ordine) of the page's last row.
 */
struct comuni_page {
	struct jw *w;
	int64_t limit, n;
	int64_t phase; /* of the last row written, with its key */
	char k[3][LIST_TEXT_MAX + 1];
	int more;
};

/*
 * Writes the rows of cur (column 0 the position, 12-14 the key) in the
 * given phase, and closes it.
 */
static int
comuni_write(struct req *req, struct comuni_page *pg, int phase,
             struct db_cursor *cur, int64_t *got)
{
	int r;

	*got = 0;
	while ((r = db_next(cur, req_err(req))) == 1) {
		(*got)++;
		if (pg->n == pg->limit) {
			pg->more = 1;
			break;
		}
		jw_obj(pg->w);
		comune_members(pg->w, cur, 1);
		jw_obj_end(pg->w);
		pg->n++;
		pg->phase = phase;
		for (int i = 0; i < 3; i++) {
			/* Cut as list_text cuts: never inside a character. */
			const char *k = db_col_text(cur, 12 + i);

			snprintf(pg->k[i], sizeof(pg->k[i]), "%.*s",
			         (int)utf8_cut(k, LIST_TEXT_MAX), k);
		}
	}
	db_cursor_close(cur);
	return r < 0 ? req_err(req)->code : AV_OK;
}

/* Runs q and writes its rows (comuni_write). */
static int
comuni_rows(struct req *req, struct comuni_page *pg, int phase,
            const struct sql_def *q, const struct db_param *p, size_t np,
            int64_t *got)
{
	struct db_cursor *cur;

	*got = 0;
	if (db_query(req_db(req), q, p, np, &cur, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return comuni_write(req, pg, phase, cur, got);
}

/*
 * A page without search and its exact total, sent together: one round
 * trip on PostgreSQL instead of two (db_query_batch; the total is the
 * last position, or the unit's count, never the table's).
 */
static int
comuni_page_total(struct req *req, struct comuni_page *pg,
                  const struct db_param *p, struct db_param prov,
                  int64_t *total)
{
	int unit = prov.type != DBP_NULL;
	struct db_param pt[] = {prov};
	struct db_batch b[2] = {
	    {&registry_sql[unit ? Q_COMUNI_PAGE_PROV : Q_COMUNI_PAGE], p,
	     unit ? 7 : 6, NULL},
	    {&registry_sql[unit ? Q_COMUNI_TOTAL_PROV : Q_COMUNI_TOTAL], pt,
	     unit ? 1 : 0, NULL}};
	int64_t got;
	int r;

	if (db_query_batch(req_db(req), b, 2, req_err(req)) != AV_OK)
		return req_err(req)->code;
	r = db_next(b[1].cur, req_err(req));
	*total = r == 1 ? db_col_i64(b[1].cur, 0) : 0;
	db_cursor_close(b[1].cur);
	if (r < 0) {
		db_cursor_close(b[0].cur);
		return req_err(req)->code;
	}
	return comuni_write(req, pg, 0, b[0].cur, &got);
}

/*
 * Does a search also look inside words?  For one word of 3 characters or
 * more ("sana" -> Besana in Brianza).  Several words are matched by their
 * beginnings only: a phrase inside a name is nearly always also a match
 * of word beginnings, and looking for it costs a trigram intersection of
 * every word (20 ms at 1,000,000 rows; docs/internals/lists.md).
 */
int
registry_search_parts(const char *sf)
{
	return strlen(sf) >= 3 && strchr(sf, ' ') == NULL;
}

/* The parts of words of a one-word search (registry_search_vocab). */
struct comuni_infix {
	int asked; /* comuni_infix ran */
	int use;   /* the vocabulary serves this search */
	struct sbuf *all, *page;
};

static int
comuni_infix(struct req *req, struct comuni_infix *ix, const char *sf,
             const char *words)
{
	if (ix->asked)
		return AV_OK;
	ix->asked = 1;
	ix->use = 0;
	/* Room for the words quoted; longer ones overflow: no vocabulary. */
	ix->all = req_sbuf(req, REGISTRY_VOCAB_MAX * 256);
	ix->page = req_sbuf(req, REGISTRY_VOCAB_MAX * 256);
	return registry_search_vocab(req_db(req), sf, words, ix->all, ix->page,
	                             &ix->use, req_err(req));
}

/*
 * A search's plan (modules/registry/search_plan.h): the numbers of each
 * query word's prefix from the vocabulary (0028), read once per request,
 * and its rarest word (cut as in the words phase).
 */
struct comuni_plan {
	int asked;
	struct search_plan sp;
	char word[REGISTRY_WORD_MAX + 1]; /* the rarest word */
};

static int
comuni_plan(struct req *req, struct comuni_plan *pl, const char *words)
{
	const char *w = words;

	if (pl->asked)
		return AV_OK;
	pl->asked = 1;
	search_plan_init(&pl->sp);
	while (*w != '\0') {
		size_t len = strcspn(w, " ");
		char one[REGISTRY_WORD_MAX + 1];
		int64_t v[4] = {0, 0, 0, 0};
		struct db_cursor *cur;
		int r;

		/* text_search_words cut every word to REGISTRY_WORD_MAX. */
		snprintf(one, sizeof(one), "%.*s", (int)len, w);
		struct db_param p[] = {P_TEXT(one),
		                       P_I64(SEARCH_PLAN_PREFIX_WORDS + 1)};

		if (db_query(req_db(req), &registry_sql[Q_COMUNI_WORD_DF], p, 2,
		             &cur, req_err(req)) != AV_OK)
			return req_err(req)->code;
		if ((r = db_next(cur, req_err(req))) == 1)
			for (int i = 0; i < 4; i++)
				v[i] = db_col_i64(cur, i);
		db_cursor_close(cur);
		if (r < 0)
			return req_err(req)->code;
		search_plan_add(&pl->sp, v[0], v[1], v[2], v[3]);
		if (pl->sp.rarest_at == pl->sp.words - 1)
			memcpy(pl->word, one, sizeof(one));
		w += len;
		while (*w == ' ')
			w++;
	}
	return AV_OK;
}

/*
 * How many of the first `limit` texts match every word, by the plan
 * PostgreSQL's count would take (search_plan_pg_count); in `prov`'s unit
 * or (NULL) in every one.
 */
static int
comuni_words_count(struct req *req, struct comuni_plan *pl, const char *words,
                   struct db_param prov, int64_t limit, int64_t *n)
{
	int unit = prov.type != DBP_NULL;
	enum search_plan_pg plan =
	    db_dialect(req_db(req)) == DB_POSTGRES
	        ? search_plan_pg_count(&pl->sp, limit, unit)
	        : SEARCH_PLAN_INTERSECT; /* SQLite: FTS5 */
	struct db_param pc[] = {P_TEXT(words), prov, P_I64(limit)};
	struct db_param pr[] = {P_TEXT(words), prov, P_TEXT(pl->word),
	                        P_I64(limit)};

	if (plan == SEARCH_PLAN_RAREST)
		return db_query_i64(req_db(req),
		                    &registry_sql[Q_COMUNI_WORDS_COUNT_RARE],
		                    pr, 4, n, NULL, req_err(req));
	if (plan == SEARCH_PLAN_WALK) {
		pr[2] = P_I64(search_plan_walk_budget(&pl->sp, limit, unit));
		return db_query_i64(req_db(req),
		                    &registry_sql[Q_COMUNI_WORDS_COUNT_WALK],
		                    pr, 4, n, NULL, req_err(req));
	}
	return db_query_i64(req_db(req),
	                    &registry_sql[db_dialect(req_db(req)) == DB_POSTGRES
	                                      ? Q_COMUNI_WORDS_COUNT_INTERSECT
	                                      : Q_COMUNI_WORDS_COUNT],
	                    pc, 3, n, NULL, req_err(req));
}

/*
 * The page of the words phase (Q_COMUNI_WORDS's parameters p[7]), the
 * first `reach` matches deep: SQLite's FTS5, or PostgreSQL's plan of
 * search_plan_pg with its eighth parameter, the walk's budget or the
 * rarest word.  The rows from the search table alone (0059).
 */
static int
comuni_words_page(struct req *req, struct comuni_page *pg,
                  struct comuni_plan *pl, const struct db_param *p,
                  int64_t reach, int unit, int64_t *got)
{
	if (db_dialect(req_db(req)) != DB_POSTGRES)
		return comuni_rows(
		    req, pg, 0, &registry_sql[Q_COMUNI_WORDS_ROW], p, 7, got);
	enum search_plan_pg plan = search_plan_pg(&pl->sp, reach, unit);
	struct db_param pr[8];

	memcpy(pr, p, 7 * sizeof(*p));
	if (plan == SEARCH_PLAN_WALK) {
		pr[7] = P_I64(search_plan_walk_budget(&pl->sp, reach, unit));
		return comuni_rows(req, pg, 0,
		                   &registry_sql[Q_COMUNI_WORDS_WALK_ROW], pr,
		                   8, got);
	}
	if (plan == SEARCH_PLAN_RAREST) {
		pr[7] = P_TEXT(pl->word);
		return comuni_rows(req, pg, 0,
		                   &registry_sql[Q_COMUNI_WORDS_RARE_ROW], pr,
		                   8, got);
	}
	return comuni_rows(req, pg, 0,
	                   &registry_sql[Q_COMUNI_WORDS_INTERSECT_ROW], pr, 7,
	                   got);
}

/*
 * Search in the name order: first the Comuni with words beginning with the
 * query's words (phase 0), then, when registry_search_parts, those with
 * the query inside a word (phase 1), each read along the name index.  A
 * cursor says which phase to continue; ?offset= counts across both.
 */
static int
comuni_search_by_name(struct req *req, struct comuni_page *pg,
                      const struct list_req *lr, const char *sf,
                      const char *words, struct db_param prov,
                      struct comuni_infix *ix, struct comuni_plan *pl)
{
	int64_t want = lr->limit + 1, got = 0, offset2 = 0;
	int64_t phase = lr->after ? lr->keys[0].i : 0;
	struct db_param k1 = lr->after ? P_TEXT(lr->keys[1].s) : P_NULL;
	struct db_param k2 = lr->after ? P_TEXT(lr->keys[2].s) : P_NULL;
	struct db_param k3 = lr->after ? P_TEXT(lr->keys[3].s) : P_NULL;
	int part = registry_search_parts(sf);

	if (phase == 0) {
		struct db_param p[] = {P_TEXT(words),
		                       P_I64(want),
		                       P_I64(lr->offset),
		                       prov,
		                       k1,
		                       k2,
		                       k3};

		int pgsql = db_dialect(req_db(req)) == DB_POSTGRES;

		if (pgsql && comuni_plan(req, pl, words) != AV_OK)
			return req_err(req)->code;
		int unit = prov.type != DBP_NULL;

		if (comuni_words_page(req, pg, pl, p, want + lr->offset, unit,
		                      &got) != AV_OK)
			return req_err(req)->code;
		if (got == want || !part)
			return AV_OK;
		if (got == 0 && lr->offset > 0) {
			/* The offset lies past the first phase: how far. */
			int64_t n1 = 0;

			if (comuni_words_count(req, pl, words, prov, lr->offset,
			                       &n1) != AV_OK)
				return req_err(req)->code;
			offset2 = lr->offset - n1;
		}
		k1 = k2 = k3 = P_NULL;
	} else if (!part) {
		return AV_OK;
	} else {
		offset2 = lr->offset;
	}
	if (comuni_infix(req, ix, sf, words) != AV_OK)
		return req_err(req)->code;
	if (ix->use && ix->page->len == 0)
		return AV_OK; /* no word holds the part but where it begins */
	struct db_param p2[] = {P_TEXT(words),
	                        P_I64(want - got),
	                        P_I64(offset2),
	                        prov,
	                        k1,
	                        k2,
	                        k3,
	                        P_TEXT(ix->use ? ix->page->buf : sf)};

	/* PostgreSQL joins only the page's rows (Q_COMUNI_PART_VOCAB's
	   fence k), so its joined statements serve it; SQLite reads the page
	   from the search table alone (0059). */
	int on_pg = db_dialect(req_db(req)) == DB_POSTGRES;
	enum registry_q qp =
	    ix->use ? (on_pg ? Q_COMUNI_PART_VOCAB : Q_COMUNI_PART_VOCAB_ROW)
	    : on_pg ? Q_COMUNI_PART
	            : Q_COMUNI_PART_ROW;

	return comuni_rows(req, pg, 1, &registry_sql[qp], p2, 8, &got);
}

/*
 * The total of the page just written.  A first page that is not full is
 * the whole list: no count.  Otherwise: without search, the positions say
 * it; with search, the matches are counted up to the cap: the word matches
 * first (the prefix index counts them fastest); when they are fewer and
 * parts of words count too, the matches of the word inside the names,
 * which include the word matches.
 */
static int
comuni_total(struct req *req, const struct comuni_page *pg,
             const struct list_req *lr, const char *sf, const char *words,
             struct db_param prov, struct comuni_infix *ix,
             struct comuni_plan *pl, int64_t *total, int *exact)
{
	struct av_err *err = req_err(req);

	*exact = 1;
	if (!pg->more && !lr->after && lr->offset == 0) {
		*total = pg->n;
		return AV_OK;
	}
	if (sf == NULL) {
		struct db_param pt[] = {prov};

		return db_query_i64(
		    req_db(req),
		    &registry_sql[prov.type == DBP_NULL ? Q_COMUNI_TOTAL
		                                        : Q_COMUNI_TOTAL_PROV],
		    pt, prov.type == DBP_NULL ? 0 : 1, total, NULL, err);
	}
	int all = prov.type == DBP_NULL;
	struct db_param pc[] = {P_TEXT(words), prov, P_NULL, P_NULL};
	struct db_param *p = all ? pc + 1 : pc; /* all: (words, cap) */
	int rc;

	int pgsql = db_dialect(req_db(req)) == DB_POSTGRES;
	int64_t want = list_count_limit(lr->spec);

	if (comuni_plan(req, pl, words) != AV_OK)
		return req_err(req)->code;
	if (search_plan_total(&pl->sp, want, !all,
	                      lr->offset + pg->n + pg->more, total)) {
		/* The cap, or an estimate: not counted. */
		list_count_done(lr->spec, total);
		*exact =
		    all && pl->sp.lower >= want ? 0 : -1; /* -1: estimate */
		return AV_OK;
	}
	if (all)
		pc[1] = P_TEXT(words);
	enum search_plan_pg plan =
	    pgsql ? search_plan_pg_count(&pl->sp, want, !all)
	          : SEARCH_PLAN_WALK;

	if (plan == SEARCH_PLAN_RAREST) {
		/* (words, prov, rarest, cap) or, in every unit, (words, rarest,
		 * cap) */
		pc[2] = P_TEXT(pl->word);
		if (all) {
			pc[1] = pc[2];
			pc[2] = pc[3];
		}
		rc =
		    list_count(req_db(req), lr->spec,
		               &registry_sql[all ? Q_COMUNI_WORDS_COUNT_RARE_ALL
		                                 : Q_COMUNI_WORDS_COUNT_RARE],
		               pc, all ? 3 : 4, total, exact, err);
	} else if (plan == SEARCH_PLAN_INTERSECT) {
		rc = list_count(
		    req_db(req), lr->spec,
		    &registry_sql[all ? Q_COMUNI_WORDS_COUNT_INTERSECT_ALL
		                      : Q_COMUNI_WORDS_COUNT_INTERSECT],
		    p, all ? 2 : 3, total, exact, err);
	} else if (pgsql) {
		/* (words, prov, budget, cap) or (words, budget, cap) */
		pc[2] = P_I64(search_plan_walk_budget(&pl->sp, want, !all));
		rc =
		    list_count(req_db(req), lr->spec,
		               &registry_sql[all ? Q_COMUNI_WORDS_COUNT_WALK_ALL
		                                 : Q_COMUNI_WORDS_COUNT_WALK],
		               p, all ? 3 : 4, total, exact, err);
	} else {
		rc = list_count(req_db(req), lr->spec,
		                &registry_sql[all ? Q_COMUNI_WORDS_COUNT_ALL
		                                  : Q_COMUNI_WORDS_COUNT],
		                p, all ? 2 : 3, total, exact, err);
	}
	/* Already more than the cap, or no parts of words to add. */
	if (rc != AV_OK || !*exact || !registry_search_parts(sf))
		return rc;
	if (comuni_infix(req, ix, sf, words) != AV_OK)
		return req_err(req)->code;
	if (ix->use && ix->all->len == 0) {
		*total = 0; /* as the trigram count: no text holds the part */
		*exact = 1;
		return AV_OK;
	}
	p[0] = P_TEXT(ix->use ? ix->all->buf : sf);
	if (ix->use)
		return list_count(
		    req_db(req), lr->spec,
		    &registry_sql[all ? Q_COMUNI_PART_VOCAB_COUNT_ALL
		                      : Q_COMUNI_PART_VOCAB_COUNT],
		    p, all ? 2 : 3, total, exact, err);
	return list_count(
	    req_db(req), lr->spec,
	    &registry_sql[all ? Q_COMUNI_PART_COUNT_ALL : Q_COMUNI_PART_COUNT],
	    p, all ? 2 : 3, total, exact, err);
}

static const struct list_spec comuni_list = {
    "comuni", REGISTRY_LIMIT_DEF, REGISTRY_LIMIT_MAX, REGISTRY_OFFSET_MAX,
    "isss",   REGISTRY_COUNT_CAP};

int
registry_get_comuni(struct req *req, struct resp *resp)
{
	struct sbuf *q = req_sbuf(req, 4 * REGISTRY_Q_MAX);
	struct sbuf *filters = req_sbuf(req, 8 * REGISTRY_Q_MAX);
	struct sbuf *words = req_sbuf(req, 4 * REGISTRY_Q_MAX);
	struct comuni_page pg;
	struct comuni_infix ix = {0, 0, NULL, NULL};
	struct comuni_plan pl;
	struct list_req lr;
	int64_t total = 0;
	const char *ordina;
	char codice[4], next[LIST_CURSOR_MAX + 1];
	int exact = 1, rc = AV_OK, search, counted = 0;

	memset(&pg, 0, sizeof(pg));
	memset(&pl, 0, sizeof(pl));
	if (comuni_ordina(req, &ordina) != AV_OK ||
	    registry_comuni_filters(req, codice, q) != AV_OK)
		return req_err(req)->code;
	search = req_query(req, "q") != NULL && req_query(req, "q")[0] != '\0';
	text_search_words(words, q->buf, REGISTRY_WORD_MAX);
	sbuf_addf(filters, "p=%s;o=%s;q=%s", codice, ordina,
	          search ? q->buf : "");
	if (list_parse(req, &comuni_list, filters->buf, &lr) != AV_OK)
		return req_err(req)->code;
	if (lr.after && (lr.keys[0].i < 0 || lr.keys[0].i > 1))
		return av_fail(req_err(req), AV_EINVAL, "after",
		               "Il cursore 'after' non è valido.");
	struct db_param prov = codice[0] ? P_TEXT(codice) : P_NULL;
	struct db_param k1 = lr.after ? P_TEXT(lr.keys[1].s) : P_NULL;
	struct db_param k2 = lr.after ? P_TEXT(lr.keys[2].s) : P_NULL;
	struct db_param k3 = lr.after ? P_TEXT(lr.keys[3].s) : P_NULL;
	int part = registry_search_parts(q->buf);

	pg.w = list_begin(resp);
	pg.limit = lr.limit;
	if (!search) {
		struct db_param p[] = {P_TEXT(ordina),
		                       P_I64(lr.limit + 1),
		                       P_I64(lr.offset),
		                       k1,
		                       k2,
		                       k3,
		                       prov};

		rc = comuni_page_total(req, &pg, p, prov, &total);
		counted = 1;
	} else if (q->len == 0) {
		/* Only symbols: no name has them, nothing matches. */
	} else if (strcmp(ordina, "nome") == 0) {
		rc = comuni_search_by_name(req, &pg, &lr, q->buf, words->buf,
		                           prov, &ix, &pl);
	} else {
		struct db_param p[] = {P_TEXT(words->buf),
		                       P_TEXT(ordina),
		                       P_I64(lr.limit + 1),
		                       P_I64(lr.offset),
		                       prov,
		                       P_I64(part),
		                       P_TEXT(q->buf),
		                       k1,
		                       k2,
		                       k3};
		enum registry_q qo = Q_COMUNI_MATCH_ORDERED;
		int64_t got;

		/* Parts of words through the vocabulary when it serves. */
		if (part && comuni_infix(req, &ix, q->buf, words->buf) != AV_OK)
			return req_err(req)->code;
		if (part && ix.use) {
			qo = Q_COMUNI_MATCH_ORDERED_VOCAB;
			if (ix.all->len == 0)
				p[5] = P_I64(0); /* no word holds the part */
			else
				p[6] = P_TEXT(ix.all->buf);
		}
		rc = comuni_rows(req, &pg, 0, &registry_sql[qo], p, 10, &got);
	}
	if (rc == AV_OK && !counted)
		rc = comuni_total(req, &pg, &lr, search ? q->buf : NULL,
		                  words->buf, prov, &ix, &pl, &total, &exact);
	if (rc != AV_OK)
		return rc;
	if (pg.more) {
		struct list_val key[4] = {
		    list_int(pg.phase), list_text(pg.k[0]), list_text(pg.k[1]),
		    list_text(pg.k[2])};

		if (list_cursor(&lr, key, next, sizeof(next)) != AV_OK)
			return av_fail(req_err(req), AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	if (exact < 0)
		list_end_estimate(pg.w, &lr, total, pg.more ? next : NULL);
	else
		list_end(pg.w, &lr, total, exact, pg.more ? next : NULL);
	return AV_OK;
}

int
registry_get_comune(struct req *req, struct resp *resp)
{
	const char *code = req_param(req, "codice_istat");
	struct db_cursor *cur;
	size_t i;
	int r;

	for (i = 0; code[i] != '\0'; i++)
		if (code[i] < '0' || code[i] > '9')
			break;
	if (i != 6 || code[i] != '\0')
		return av_fail(req_err(req), AV_EINVAL, "codice_istat",
		               "Il codice ISTAT di un Comune è di 6 cifre (per "
		               "esempio 024100).");
	struct db_param p[] = {P_TEXT(code)};

	if (db_query(req_db(req), &registry_sql[Q_COMUNE_GET], p, 1, &cur,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	r = db_next(cur, req_err(req));
	if (r == 1) {
		struct jw *w = resp_jw(resp, 200);

		jw_obj(w);
		comune_members(w, cur, 0);
		jw_kstr(w, "nome_altra_lingua", db_col_text(cur, 11));
		jw_kstr(w, "codice_fiscale", db_col_text(cur, 12));
		jw_kstr(w, "nuts1", db_col_text(cur, 13));
		jw_kstr(w, "nuts2", db_col_text(cur, 14));
		jw_kbool(w, "capoluogo_provincia", (int)db_col_i64(cur, 15));
		jw_kstr(w, "ripartizione", db_col_text(cur, 16));
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	if (r < 0)
		return req_err(req)->code;
	if (r == 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "codice_istat",
		               "Nessun Comune ha il codice ISTAT %s.", code);
	return AV_OK;
}

int
registry_get_istanza(struct req *req, struct resp *resp)
{
	return registry_istanza_write(resp_jw(resp, 200), req_db(req),
	                              req_err(req));
}

#define ENTI_MAX 40 /* codes in one ?codici= */

/* n digits and nothing else. */
static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

/*
 * One item of /enti for the code s ("provincia:024", "comune:024116",
 * "operatore:PARTITAIVA", "upi"): its kind and, when the registry knows
 * it, its name.  Unknown codes of a valid form are listed with nome null.
 */
static int
ente_item(struct req *req, struct jw *w, const char *s)
{
	struct db_cursor *cur;
	int r = 0;

	jw_obj(w);
	jw_kstr(w, "codice", s);
	if (strcmp(s, "upi") == 0) {
		jw_kstr(w, "tipo", "upi");
		jw_kstr(w, "nome", "Unione delle Province d'Italia");
	} else if (strncmp(s, "operatore:", 10) == 0) {
		jw_kstr(w, "tipo", "operatore");
		jw_kstr(w, "partita_iva", s + 10);
		jw_key(w, "nome");
		jw_null(w); /* no register of operators yet */
	} else if (strncmp(s, "provincia:", 10) == 0) {
		struct db_param p[] = {P_TEXT(s + 10)};

		jw_kstr(w, "tipo", "provincia");
		if (db_query(req_db(req), &registry_sql[Q_ENTE_PROVINCIA], p, 1,
		             &cur, req_err(req)) != AV_OK)
			return -1;
		r = db_next(cur, req_err(req));
		if (r == 1) {
			jw_kstr(w, "nome", db_col_text(cur, 0));
			jw_kstr(w, "sigla", db_col_text(cur, 1));
			jw_kstr(w, "tipologia", db_col_text(cur, 2));
			jw_kbool(w, "attivo", (int)db_col_i64(cur, 3));
		}
		db_cursor_close(cur);
	} else {
		struct db_param p[] = {P_TEXT(s + 7)};

		jw_kstr(w, "tipo", "comune");
		if (db_query(req_db(req), &registry_sql[Q_ENTE_COMUNE], p, 1,
		             &cur, req_err(req)) != AV_OK)
			return -1;
		r = db_next(cur, req_err(req));
		if (r == 1) {
			jw_kstr(w, "nome", db_col_text(cur, 0));
			jw_kobj(w, "provincia");
			jw_kstr(w, "codice", db_col_text(cur, 1));
			jw_kstr(w, "sigla", db_col_text(cur, 2));
			jw_kstr(w, "nome", db_col_text(cur, 3));
			jw_obj_end(w);
			jw_kbool(w, "attivo", (int)db_col_i64(cur, 4));
		}
		db_cursor_close(cur);
	}
	if (r < 0)
		return -1;
	if (r == 0 && strcmp(s, "upi") != 0 &&
	    strncmp(s, "operatore:", 10) != 0) {
		jw_key(w, "nome");
		jw_null(w);
	}
	jw_obj_end(w);
	return 0;
}

/* Is s (NUL-terminated) an ente code of a known form? */
static int
ente_code_ok(const char *s)
{
	if (strcmp(s, "upi") == 0)
		return 1;
	if (strncmp(s, "provincia:", 10) == 0)
		return all_digits(s + 10, 3);
	if (strncmp(s, "comune:", 7) == 0)
		return all_digits(s + 7, 6);
	if (strncmp(s, "operatore:", 10) == 0)
		return all_digits(s + 10, 11);
	return 0;
}

int
registry_get_enti(struct req *req, struct resp *resp)
{
	const char *v = req_query(req, "codici");
	char codes[ENTI_MAX][24];
	struct jw *w;
	size_t n = 0, i, len;
	const char *p, *end;

	if (v == NULL || *v == '\0')
		return av_fail(
		    req_err(req), AV_EINVAL, "codici",
		    "Indica i codici degli enti, separati da virgole "
		    "(per esempio provincia:024,comune:024116).");
	for (p = v;; p = end + 1) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == ENTI_MAX)
			return av_fail(req_err(req), AV_EINVAL, "codici",
			               "Al massimo %d codici per richiesta.",
			               ENTI_MAX);
		if (len == 0 || len >= sizeof(codes[0]))
			goto bad;
		memcpy(codes[n], p, len);
		codes[n][len] = '\0';
		if (!ente_code_ok(codes[n]))
			goto bad;
		n++;
		if (end == NULL)
			break;
	}
	w = resp_list_begin(resp);
	for (i = 0; i < n; i++)
		if (ente_item(req, w, codes[i]) != 0)
			return req_err(req)->code;
	resp_list_end(w, (int64_t)n, ENTI_MAX, 0);
	return AV_OK;
bad:
	return av_fail(
	    req_err(req), AV_EINVAL, "codici",
	    "Codice di ente non valido: le forme sono provincia:NNN, "
	    "comune:NNNNNN, operatore:PARTITAIVA e upi.");
}
