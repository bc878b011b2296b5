/*
 * search.c - the rebuild of the Comuni list's derived tables (migration
 * 0017, docs/internals/lists.md): the position of every active Comune in
 * each order the list offers and its search text with the full-text
 * indexes.  They change only when the Comuni do, that is on an ISTAT
 * import, so they are rebuilt whole in that import's transaction (7,900
 * rows: a few tens of milliseconds) instead of being kept up to date row by
 * row; readers never see them half-built.  The planner's statistics are
 * refreshed with them (registry_sql.c says why), and each FTS5 index is
 * merged into one segment (0058).
 */
#include <stddef.h>
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"

int
registry_search_rebuild(struct db *db, struct av_err *err)
{
	static const int steps[] = {
	    Q_SEARCH_CLEAR_ORDINE,
	    Q_SEARCH_FILL_ORDINE,
	    Q_SEARCH_CLEAR,
	    Q_SEARCH_FILL,
	    Q_SEARCH_REINDEX_WORDS,
	    Q_SEARCH_OPTIMIZE_WORDS, /* one segment each (0058) */
	    Q_SEARCH_REINDEX_PARTS,
	    Q_SEARCH_OPTIMIZE_PARTS,
	    Q_SEARCH_CLEAR_VOCAB,
	    Q_SEARCH_FILL_VOCAB,
	    Q_SEARCH_OPTIMIZE_VOCAB,
	    Q_SEARCH_CLEAR_VOCABOLO,
	    Q_SEARCH_FILL_VOCABOLO,
	    Q_SEARCH_ANALYZE_VOCABOLO,
	    Q_SEARCH_ANALYZE_ORDINE,
	    Q_SEARCH_ANALYZE,
	};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (db_exec(db, &registry_sql[steps[i]], NULL, 0, NULL, err) !=
		    AV_OK)
			return err->code;
	return AV_OK;
}

/*
 * The parts of words of a one-word search through the vocabulary (0028;
 * docs/internals/lists.md "The vocabulary"): the words of the texts
 * holding the part sf, as queries of the word index: all of them in `all`
 * (a text holds the part exactly when it holds one of them) and, when page
 * is not NULL, those not beginning with `words` (the query cut as the
 * first phase cuts it: the others' rows are the first phase's).  SQLite
 * writes FTS5 queries ('"besana" OR "casanova"', the FTS5 trigram table
 * of the words finds them); PostgreSQL tsqueries for to_tsquery('simple')
 * ('besana | casanova', the pg_trgm index of comune_vocabolo finds them,
 * 0060).  *use is 0 when the vocabulary does not serve: more than
 * REGISTRY_VOCAB_MAX words hold the part (short and common: the trigram
 * statements stop early, an OR of hundreds of words would not), on
 * PostgreSQL their texts add up to more than REGISTRY_VOCAB_PG_TEXTS (the
 * page collects them all before sorting: pg_trgm's walk is cheaper then),
 * or the buffers overflow.  Used by the list (handlers.c) and the CSV.
 */
int
registry_search_vocab(struct db *db, const char *sf, const char *words,
                      struct sbuf *all, struct sbuf *page, int *use,
                      struct av_err *err)
{
	struct db_param p[] = {P_TEXT(sf), P_I64(REGISTRY_VOCAB_MAX + 1)};
	int pg = db_dialect(db) == DB_POSTGRES;
	const char *sep = pg ? " | " : " OR ";
	const char *quote = pg ? "" : "\"";
	struct db_cursor *cur;
	size_t cut = strlen(words);
	int64_t n = 0, texts = 0;
	int r;

	*use = 0;
	if (db_query(db, &registry_sql[Q_COMUNI_VOCAB], p, 2, &cur, err) !=
	    AV_OK)
		return err->code;
	*use = 1;
	while ((r = db_next(cur, err)) == 1) {
		const char *w = db_col_text(cur, 0);
		size_t i;

		/* Folded text holds [a-z0-9] words; anything else: no. */
		for (i = 0; w != NULL && w[i] != '\0'; i++)
			if (!((w[i] >= 'a' && w[i] <= 'z') ||
			      (w[i] >= '0' && w[i] <= '9')))
				break;
		if (w == NULL || i == 0 || w[i] != '\0' ||
		    ++n > REGISTRY_VOCAB_MAX) {
			*use = 0;
			break;
		}
		texts += db_col_i64(cur, 1);
		sbuf_addf(all, "%s%s%s%s", all->len ? sep : "", quote, w,
		          quote);
		if (page != NULL && strncmp(w, words, cut) != 0)
			sbuf_addf(page, "%s%s%s%s", page->len ? sep : "", quote,
			          w, quote);
	}
	db_cursor_close(cur);
	if (r < 0)
		return err->code;
	if (all->err || (page != NULL && page->err))
		*use = 0;
	if (pg && texts > REGISTRY_VOCAB_PG_TEXTS)
		*use = 0;
	return AV_OK;
}
