/*
 * network_sql.c - every SQL text of the network module.  It reads and
 * writes only its own table, adesione: which Provinces are members comes
 * from the registry's functions (rete.c, rete_is_member).
 */
#include "modules/network/network_sql.h"

const struct sql_def network_sql[Q_NETWORK__MAX] = {
    /* $7-$9 NULL keep the stored service state. */
    [Q_RETE_UPSERT] =
        {"network_upsert", 10,
         "INSERT INTO adesione (provincia, aderente, data_adesione,"
         " referente_nome, referente_email, referente_telefono, servizio_sua,"
         " servizio_europa, servizio_dati, updated)"
         " VALUES ($1, $2, $3, $4, $5, $6,"
         " COALESCE(CAST($7 AS TEXT), 'non_attivo'),"
         " COALESCE(CAST($8 AS TEXT), 'non_attivo'),"
         " COALESCE(CAST($9 AS TEXT), 'non_attivo'), $10)"
         " ON CONFLICT (provincia) DO UPDATE SET aderente = excluded.aderente,"
         " data_adesione = excluded.data_adesione,"
         " referente_nome = excluded.referente_nome,"
         " referente_email = excluded.referente_email,"
         " referente_telefono = excluded.referente_telefono,"
         " servizio_sua = COALESCE(CAST($7 AS TEXT), adesione.servizio_sua),"
         " servizio_europa = COALESCE(CAST($8 AS TEXT),"
         " adesione.servizio_europa),"
         " servizio_dati = COALESCE(CAST($9 AS TEXT), adesione.servizio_dati),"
         " updated = excluded.updated"},
    /*
     * 0 provincia, 1 aderente, 2 data_adesione, 3-5 referente
     * nome/email/telefono, 6-8 services; $1 one code or NULL for all.
     */
    [Q_RETE_LIST] = {"network_list", 1,
                     "SELECT provincia, aderente, data_adesione,"
                     " referente_nome, referente_email, referente_telefono,"
                     " servizio_sua, servizio_europa, servizio_dati"
                     " FROM adesione WHERE (CAST($1 AS TEXT) IS NULL"
                     " OR provincia = CAST($1 AS TEXT))"
                     " ORDER BY provincia"},
};

const size_t network_sql_count = Q_NETWORK__MAX;
