/*
 * richieste_firma_sql.h - the statements of richieste_firma.c.
 */
#ifndef AV_SUA_RICHIESTE_FIRMA_SQL_H
#define AV_SUA_RICHIESTE_FIRMA_SQL_H

#include "db/db.h"

enum richieste_firma_q {
	/* 0 documento_id, 1 tipo, 2 nome, 3 mime, 4 size, 5 sha256,
	   6 created of request $1, at most $2 */
	Q_RF_DOCS,
	/* 0 sha256 of document $1 when attached to request $2 */
	Q_RF_DOC,
	Q_RICHIESTE_FIRMA__MAX
};

extern const struct sql_def richieste_firma_sql[Q_RICHIESTE_FIRMA__MAX];
extern const size_t richieste_firma_sql_count;

#endif
