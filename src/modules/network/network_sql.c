/*
 * network_sql.c - every SQL text of the network module.  The definition of
 * a member of the network lives here, once, in RETE_MEMBERS: an active unit
 * of an ordinary-statute region that is not a metropolitan city (the 86
 * units of the 15 ordinary regions minus the 10 metropolitan cities = 76).
 */
#include "modules/network/network_sql.h"

#define RETE_MEMBERS                                                           \
	" FROM provincia p JOIN regione r ON r.codice = p.regione"             \
	" WHERE p.attivo = 1 AND r.statuto = 'ordinario'"                      \
	" AND p.tipologia <> 'citta_metropolitana'"

const struct sql_def network_sql[Q_NETWORK__MAX] = {
    [Q_RETE_MEMBER] = {"network_member", 1,
                       "SELECT p.codice" RETE_MEMBERS " AND p.sigla = $1"},
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
     * 0 p.codice, 1 p.sigla, 2 p.nome, 3 r.codice, 4 r.nome, 5 aderente,
     * 6 data_adesione, 7-9 referente nome/email/telefono, 10-12 services.
     * No adesione row = not adhering, services non_attivo.
     */
    [Q_RETE_LIST] = {"network_list", 1,
                     "SELECT p.codice, p.sigla, p.nome, r.codice, r.nome,"
                     " COALESCE(a.aderente, 0), a.data_adesione,"
                     " a.referente_nome, a.referente_email,"
                     " a.referente_telefono,"
                     " COALESCE(a.servizio_sua, 'non_attivo'),"
                     " COALESCE(a.servizio_europa, 'non_attivo'),"
                     " COALESCE(a.servizio_dati, 'non_attivo')"
                     " FROM provincia p JOIN regione r ON r.codice = p.regione"
                     " LEFT JOIN adesione a ON a.provincia = p.codice"
                     " WHERE p.attivo = 1 AND r.statuto = 'ordinario'"
                     " AND p.tipologia <> 'citta_metropolitana'"
                     " AND (CAST($1 AS TEXT) IS NULL"
                     " OR p.codice = CAST($1 AS TEXT))"
                     " ORDER BY r.codice, p.nome, p.codice"},
};
