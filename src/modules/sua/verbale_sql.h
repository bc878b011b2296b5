/*
 * verbale_sql.h - the statements of the minutes (verbale.c): table
 * sua_verbale (migration 0027); and, apart, the one statement on the
 * sealed bids (sua_offerta, migration 0025) that verbale_partecipante
 * needs.
 */
#ifndef AV_SUA_VERBALE_SQL_H
#define AV_SUA_VERBALE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum verbale_q {
	Q_VERBALE_INSERT,
	Q_VERBALE_GET,
	Q_VERBALE_PUBBLICA,
	Q_VERBALE_LIST,
	Q_VERBALE__MAX
};

extern const struct sql_def verbale_sql[Q_VERBALE__MAX];
extern const size_t verbale_sql_count;

/*
 * The bids' statement.  Not in verbale_sql: serve prepares every listed
 * table at start-up, and sua_offerta exists only once migration 0025 (the
 * sealed bids) is merged.  After that merge, move it into verbale_sql.
 */
enum verbale_offerta_q { Q_VERBALE_PARTECIPANTE, Q_VERBALE_OFFERTA__MAX };
extern const struct sql_def verbale_offerta_defs[Q_VERBALE_OFFERTA__MAX];

#endif
