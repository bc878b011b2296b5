/*
 * schede_negoziata_sql.c - every SQL text of schede_negoziata.c
 * (schede_negoziata_sql.h).
 */
#include "modules/pcp/schede_negoziata_sql.h"

const struct sql_def pcp_neg_sql[Q_PCPN__MAX] = {
    [Q_PCPN_INVITI] = {"pcp_neg_inviti", 1,
                       "SELECT (SELECT COUNT(*) FROM sua_invito"
                       " WHERE gara_id = $1), (SELECT MAX(created)"
                       " FROM sua_invito WHERE gara_id = $1),"
                       " (SELECT soa_categoria FROM sua_inviti_criteri"
                       " WHERE gara_id = $1)"},
};

const size_t pcp_neg_sql_count = Q_PCPN__MAX;
