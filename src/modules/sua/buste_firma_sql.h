/*
 * buste_firma_sql.h - the statements of the envelopes' signature job
 * (buste_firma.c).
 */
#ifndef AV_SUA_BUSTE_FIRMA_SQL_H
#define AV_SUA_BUSTE_FIRMA_SQL_H

#include "db/db.h"

enum buste_firma_q {
	Q_BFF_APERTI, /* 0 id, 1 caricato_at, 2 termine_offerte, 3 provincia:
	                 opened files of tender $1 */
	Q_BUSTE_FIRMA__MAX
};

extern const struct sql_def buste_firma_sql[Q_BUSTE_FIRMA__MAX];
extern const size_t buste_firma_sql_count;

#endif
