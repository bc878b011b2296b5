/*
 * pcp_sql.h - the pcp module's SQL statements (ARCHITECTURE.md 3.7);
 * tables pcp_config and pcp_eservice, migration 0042.
 */
#ifndef AV_PCP_SQL_H
#define AV_PCP_SQL_H

#include "db/db.h"

enum pcp_q {
	/* $1 ente, $2 ambiente -> 0 client_id, 1 kid, 2 key_file,
	   3 token_url, 4 audience, 5 sa_codice_fiscale, 6 sa_codice_ausa,
	   7 reg_codice_piattaforma, 8 reg_codice_componente */
	Q_PCP_CONFIG_GET,
	/* $1 ente, $2 ambiente -> 0 eservice, 1 purpose_id, 2 url */
	Q_PCP_ESERVICE_LIST,
	/* $1 ente, $2 ambiente, $3..$11 as GET's columns, $12 updated,
	   $13 updated_by */
	Q_PCP_CONFIG_UPSERT,
	/* $1 ente, $2 ambiente, $3 eservice, $4 purpose_id, $5 url */
	Q_PCP_ESERVICE_UPSERT,
	/* $1 ente, $2 ambiente, $3 eservice */
	Q_PCP_ESERVICE_DELETE,
	Q_PCP__MAX
};

extern const struct sql_def pcp_sql[Q_PCP__MAX];
extern const size_t pcp_sql_count;

#endif
