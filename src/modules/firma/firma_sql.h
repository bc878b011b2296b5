/*
 * firma_sql.h - the firma module's SQL statements (tables firma_tsl and
 * firma_verifica, migration 0041).
 */
#ifndef AV_FIRMA_SQL_H
#define AV_FIRMA_SQL_H

#include "db/db.h"

enum firma_q {
	Q_FT_INSERT,  /* $1 origine .. $9 caricato_da: the new list */
	Q_FT_CURRENT, /* 0 xml, 1 sha256, 2 servizi, 3 territorio, 4 emesso,
	                 5 caricato_at, 6 riferimento: the newest list */
	Q_FV_UPSERT,  /* $1 oggetto .. $13 verificato_at */
	Q_FV_GET,     /* 0 firmato, 1 valida, 2 firmatari, 3 nome,
	                 4 codice_fiscale, 5 motivo, 6 ora_firma, 7 risultato,
	                 8 verificato_at, 9 formato of ($1 oggetto, $2 id) */
	Q_FIRMA__MAX
};

extern const struct sql_def firma_sql[Q_FIRMA__MAX];
extern const size_t firma_sql_count;

#endif
