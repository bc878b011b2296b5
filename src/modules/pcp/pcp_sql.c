/*
 * pcp_sql.c - every SQL text of the pcp module (pcp_sql.h).
 */
#include "modules/pcp/pcp_sql.h"

const struct sql_def pcp_sql[Q_PCP__MAX] = {
    [Q_PCP_CONFIG_GET] = {"pcp_config_get", 2,
                          "SELECT client_id, kid, key_file, token_url,"
                          " audience, sa_codice_fiscale, sa_codice_ausa,"
                          " reg_codice_piattaforma, reg_codice_componente,"
                          " sa_centro_costo"
                          " FROM pcp_config WHERE ente = $1"
                          " AND ambiente = $2"},
    [Q_PCP_ESERVICE_LIST] = {"pcp_eservice_list", 2,
                             "SELECT eservice, purpose_id, url"
                             " FROM pcp_eservice WHERE ente = $1"
                             " AND ambiente = $2 ORDER BY eservice"},
    [Q_PCP_CONFIG_UPSERT] =
        {"pcp_config_upsert", 14,
         "INSERT INTO pcp_config (ente, ambiente, client_id, kid, key_file,"
         " token_url, audience, sa_codice_fiscale, sa_codice_ausa,"
         " reg_codice_piattaforma, reg_codice_componente, updated,"
         " updated_by, sa_centro_costo) VALUES ($1, $2, $3, $4, $5, $6,"
         " $7, $8, $9, $10, $11, $12, $13, $14)"
         " ON CONFLICT (ente, ambiente) DO UPDATE SET"
         " client_id = excluded.client_id, kid = excluded.kid,"
         " key_file = excluded.key_file, token_url = excluded.token_url,"
         " audience = excluded.audience,"
         " sa_codice_fiscale = excluded.sa_codice_fiscale,"
         " sa_codice_ausa = excluded.sa_codice_ausa,"
         " reg_codice_piattaforma = excluded.reg_codice_piattaforma,"
         " reg_codice_componente = excluded.reg_codice_componente,"
         " updated = excluded.updated, updated_by = excluded.updated_by,"
         " sa_centro_costo = excluded.sa_centro_costo"},
    [Q_PCP_ESERVICE_UPSERT] =
        {"pcp_eservice_upsert", 5,
         "INSERT INTO pcp_eservice (ente, ambiente, eservice, purpose_id,"
         " url) VALUES ($1, $2, $3, $4, $5)"
         " ON CONFLICT (ente, ambiente, eservice) DO UPDATE SET"
         " purpose_id = excluded.purpose_id, url = excluded.url"},
    [Q_PCP_ESERVICE_DELETE] = {"pcp_eservice_delete", 3,
                               "DELETE FROM pcp_eservice WHERE ente = $1"
                               " AND ambiente = $2 AND eservice = $3"},
};

const size_t pcp_sql_count = sizeof(pcp_sql) / sizeof(pcp_sql[0]);
