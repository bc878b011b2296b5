/*
 * gare_sql.h - the SQL statements of the SUA's tenders, lots, amendments
 * and clarifications (gare.c, chiarimenti.c, gare_area_handlers.c).
 */
#ifndef AV_SUA_GARE_SQL_H
#define AV_SUA_GARE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum gare_q {
	Q_GARA_INSERT,
	Q_GARA_GET,
	Q_GARA_PROVINCIA,
	Q_GARA_UPDATE,
	Q_GARA_PUBLISH,
	Q_GARA_ANNULLA,
	Q_LOTTO_INSERT,
	Q_LOTTO_UPDATE,
	Q_LOTTI_DELETE,
	Q_LOTTI_OF,
	Q_RETTIFICA_INSERT,
	Q_RETTIFICHE_OF,
	Q_RICHIESTA_OF,
	Q_GARE_LIST,
	Q_GARE_COUNT,
	Q_CHIAR_INSERT,
	Q_CHIAR_GET,
	Q_CHIAR_ANSWER,
	Q_CHIAR_LIST,
	Q_AREA_COUNTS,
	Q_AREA_ATTESA,
	Q_AREA_SCADENZE,
	Q_GARE_LIST_ONE,       /* the list of one Province (0058) */
	Q_GARE_LIST_ONE_STATO, /* the same in one stato */
	Q_GARE_COUNT_ONE,
	Q_GARE__MAX
};

extern const struct sql_def gare_sql[Q_GARE__MAX];
extern const size_t gare_sql_count;

#endif
