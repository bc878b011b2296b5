/*
 * network_sql.h - the network module's SQL statements (ARCHITECTURE.md 3.7).
 */
#ifndef AV_NETWORK_SQL_H
#define AV_NETWORK_SQL_H

#include "db/db.h"

enum network_q {
	Q_RETE_MEMBER, /* code of the member with sigla $1 */
	Q_RETE_UPSERT,
	Q_RETE_LIST, /* members with their adhesion; $1 code or NULL */
	Q_NETWORK__MAX
};

extern const struct sql_def network_sql[Q_NETWORK__MAX];

#endif
