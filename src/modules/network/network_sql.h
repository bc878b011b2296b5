/*
 * network_sql.h - the network module's SQL statements (ARCHITECTURE.md 3.7).
 */
#ifndef AV_NETWORK_SQL_H
#define AV_NETWORK_SQL_H

#include <stddef.h>

#include "db/db.h"

enum network_q {
	Q_RETE_UPSERT,
	Q_RETE_LIST, /* adhesion rows; $1 code or NULL */
	Q_NETWORK__MAX
};

extern const struct sql_def network_sql[Q_NETWORK__MAX];
extern const size_t network_sql_count;

#endif
