/*
 * aggregazione_sql.h - the statements of demand aggregation and splitting
 * alerts (aggregazione.c), on the SUA's own tables.
 */
#ifndef AV_SUA_AGGREGAZIONE_SQL_H
#define AV_SUA_AGGREGAZIONE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum aggregazione_q {
	Q_AGG_OPEN,         /* open requests of a Province, by id */
	Q_AGG_DECISIONS,    /* decisions recorded for a Province */
	Q_AGG_DECIDE,       /* records a decision */
	Q_AGG_SENT_SINCE,   /* a Province's requests sent since $2 */
	Q_AGG_COMUNE_SINCE, /* a Comune's requests sent since $2 */
	Q_AGG_REQ_BRIEF,    /* one request: Province, Comune, state */
	Q_AGG_JUSTIFY,      /* records the reasons on one request */
	Q_AGG_GARE_COUNT,   /* tenders of a Province (demo: run once) */
	Q_AGGREGAZIONE__MAX
};

extern const struct sql_def aggregazione_sql[Q_AGGREGAZIONE__MAX];
extern const size_t aggregazione_sql_count;

#endif
