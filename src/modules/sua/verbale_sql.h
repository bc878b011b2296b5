/*
 * verbale_sql.h - the statements of the minutes (verbale.c): table
 * sua_verbale (migration 0027), the session a minute is of (sua_seduta,
 * 0026) and the participants' bids (sua_offerta, 0025).
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
	Q_VERBALE_SEDUTA,
	Q_VERBALE_PARTECIPANTE,
	Q_VERBALE__MAX
};

extern const struct sql_def verbale_sql[Q_VERBALE__MAX];
extern const size_t verbale_sql_count;

#endif
