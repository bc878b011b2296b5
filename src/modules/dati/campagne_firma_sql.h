/*
 * campagne_firma_sql.h - the statements of campagne_firma.c.
 */
#ifndef AV_DATI_CAMPAGNE_FIRMA_SQL_H
#define AV_DATI_CAMPAGNE_FIRMA_SQL_H

#include "db/db.h"

enum campagne_firma_q {
	/* 0 id, 1 comune, 2 nome_file, 3 stato, 4 righe, 5 errori,
	   6 created of campaign $1, newest first, at most $2 */
	Q_CF_RISPOSTE,
	/* $1 campagna, $2 comune, $3 job: the Comune's row points at it */
	Q_CF_JOB_SET,
	Q_CAMPAGNE_FIRMA__MAX
};

extern const struct sql_def campagne_firma_sql[Q_CAMPAGNE_FIRMA__MAX];
extern const size_t campagne_firma_sql_count;

#endif
