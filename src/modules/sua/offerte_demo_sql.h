/*
 * offerte_demo_sql.h - the few statements of the demo's negotiated tender
 * with sealed bids (offerte_demo.c): finding it again (the demo can be
 * re-run), the invited operators of the albo, and the demo-only move of
 * its offer deadline into the past.  Texts in offerte_demo_sql.c.
 */
#ifndef AV_SUA_OFFERTE_DEMO_SQL_H
#define AV_SUA_OFFERTE_DEMO_SQL_H

#include <stddef.h>

#include "db/db.h"

enum offerte_demo_q {
	Q_ODEMO_FIND,      /* the tender of (provincia, oggetto) */
	Q_ODEMO_OPERATORI, /* approved albo entries with a CPV */
	Q_ODEMO_TERMINI,   /* the demo-only deadline move */
	Q_ODEMO_TERMINE,   /* the tender's offer deadline (epoch) */
	Q_OFFERTE_DEMO__MAX
};

extern const struct sql_def offerte_demo_sql[Q_OFFERTE_DEMO__MAX];
extern const size_t offerte_demo_sql_count;

#endif
