/*
 * search.c - the rebuild of the Comuni list's derived tables (migration
 * 0017, docs/internals/lists.md): the position of every active Comune in
 * each order the list offers and its search text with the full-text
 * indexes.  They change only when the Comuni do, that is on an ISTAT
 * import, so they are rebuilt whole in that import's transaction (7,900
 * rows: a few tens of milliseconds) instead of being kept up to date row by
 * row; readers never see them half-built.  The planner's statistics are
 * refreshed with them (registry_sql.c says why).
 */
#include <stddef.h>

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
	    Q_SEARCH_REINDEX_PARTS,
	    Q_SEARCH_CLEAR_VOCAB,
	    Q_SEARCH_FILL_VOCAB,
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
