/*
 * schede_negoziata_sql.h - the statements of the negotiated procedures'
 * schede P7_2 / P7_1_2 (schede_negoziata.c): what they read of the SUA's
 * invitations (sua_invito, sua_inviti_criteri: migration 0023), read-only.
 */
#ifndef AV_PCP_SCHEDE_NEGOZIATA_SQL_H
#define AV_PCP_SCHEDE_NEGOZIATA_SQL_H

#include "db/db.h"

enum pcp_neg_q {
	/* $1 gara_id -> 0 invitations, 1 the latest invitation's instant
	   (NULL when none), 2 the SOA category the invitations asked
	   ("OG1"; NULL when none) */
	Q_PCPN_INVITI,
	Q_PCPN__MAX
};

extern const struct sql_def pcp_neg_sql[Q_PCPN__MAX];
extern const size_t pcp_neg_sql_count;

#endif
