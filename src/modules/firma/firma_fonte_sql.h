/*
 * firma_fonte_sql.h - statements of firma_tsl_fonte (migration 0047): where
 * the trusted list is downloaded from and the outcome of the last try.
 */
#ifndef AV_FIRMA_FONTE_SQL_H
#define AV_FIRMA_FONTE_SQL_H

#include "db/db.h"

enum firma_fonte_q {
	Q_FF_UPSERT, /* $1 url, $2 certificato, $3 ogni_ore, $4 at, $5 da */
	Q_FF_GET,    /* 0 url, 1 certificato, 2 ogni_ore, 3 ultimo_at,
	                4 ultimo_esito */
	Q_FF_ESITO,  /* $1 ultimo_at, $2 ultimo_esito */
	Q_FF_DELETE,
	Q_FIRMA_FONTE__MAX
};

extern const struct sql_def firma_fonte_sql[Q_FIRMA_FONTE__MAX];
extern const size_t firma_fonte_sql_count;

#endif
