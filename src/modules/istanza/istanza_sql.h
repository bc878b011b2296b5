/*
 * istanza_sql.h - the istanza module's SQL statements; table
 * istanza_identita, migration 0014.
 */
#ifndef AV_ISTANZA_SQL_H
#define AV_ISTANZA_SQL_H

#include "db/db.h"

enum istanza_q {
	Q_IDENT_LIST,   /* 0 chiave, 1 valore; by key */
	Q_IDENT_GET,    /* valore of key $1 */
	Q_IDENT_UPSERT, /* $1 key, $2 value, $3 updated */
	Q_IDENT_DELETE, /* key $1 */
	Q_ISTANZA__MAX
};

extern const struct sql_def istanza_sql[Q_ISTANZA__MAX];
extern const size_t istanza_sql_count;

#endif
