/*
 * ciclo_sql.c - every SQL text of the PCP lifecycle (ciclo_sql.h).
 */
#include "modules/pcp/ciclo_sql.h"

const struct sql_def ciclo_sql[Q_CICLO__MAX] = {
    [Q_CICLO_GET] = {"pcp_ciclo_get", 1,
                     "SELECT ente, ambiente, stato, rup_cf, rup_ruolo,"
                     " rup_loa, rup_idp, id_appalto, id_avviso,"
                     " stato_avviso, job_id, updated FROM pcp_ciclo"
                     " WHERE gara_id = $1"},
    [Q_CICLO_UPSERT] =
        {"pcp_ciclo_upsert", 9,
         "INSERT INTO pcp_ciclo (gara_id, ente, ambiente, stato, rup_cf,"
         " rup_ruolo, rup_loa, rup_idp, avviato_da, created, updated)"
         " VALUES ($1, $2, $3, 'in_corso', $4, $5, $6, $7, $8, $9, $9)"
         " ON CONFLICT (gara_id) DO UPDATE SET stato = 'in_corso',"
         " rup_cf = excluded.rup_cf, rup_ruolo = excluded.rup_ruolo,"
         " rup_loa = excluded.rup_loa, rup_idp = excluded.rup_idp,"
         " updated = excluded.updated"
         " WHERE pcp_ciclo.ambiente = excluded.ambiente"},
    [Q_CICLO_LEASE] = {"pcp_ciclo_lease", 3,
                       "UPDATE pcp_ciclo SET job_id = $2 WHERE gara_id = $1"
                       " AND COALESCE(job_id, 0) = $3"},
    [Q_CICLO_RELEASE] = {"pcp_ciclo_release", 2,
                         "UPDATE pcp_ciclo SET job_id = NULL"
                         " WHERE gara_id = $1 AND job_id = $2"},
    [Q_CICLO_SET] = {"pcp_ciclo_set", 6,
                     "UPDATE pcp_ciclo SET stato = $2, id_appalto = $3,"
                     " id_avviso = $4, stato_avviso = $5, updated = $6"
                     " WHERE gara_id = $1"},
    [Q_OP_NEXT] = {"pcp_op_next", 1,
                   "SELECT id, passo, stato, tentativi, next_at"
                   " FROM pcp_operazione WHERE gara_id = $1"
                   " AND stato <> 'completata' ORDER BY ordine LIMIT 1"},
    [Q_OP_ENSURE] =
        {"pcp_op_ensure", 5,
         "INSERT INTO pcp_operazione (gara_id, ordine, passo, chiave, stato,"
         " tentativi, next_at, created, updated)"
         " VALUES ($1, $2, $3, $4, 'da_inviare', 0, $5, $5, $5)"
         " ON CONFLICT (gara_id, passo) DO NOTHING"},
    [Q_OP_SENDING] = {"pcp_op_sending", 3,
                      "UPDATE pcp_operazione SET stato = 'inviata',"
                      " tentativi = tentativi + 1, richiesta = $2,"
                      " updated = $3 WHERE id = $1"
                      " AND stato <> 'completata'"},
    [Q_OP_RESULT] = {"pcp_op_result", 9,
                     "UPDATE pcp_operazione SET stato = $2, next_at = $3,"
                     " http_status = $4, risposta = $5,"
                     " errore_codice = $6, errore_testo = $7,"
                     " id_esterno = COALESCE($8, id_esterno), updated = $9"
                     " WHERE id = $1"},
    [Q_OP_ESTERNO] = {"pcp_op_esterno", 2,
                      "SELECT id_esterno FROM pcp_operazione"
                      " WHERE gara_id = $1 AND passo = $2"
                      " AND stato = 'completata'"},
    [Q_OP_LIST] = {"pcp_op_list", 1,
                   "SELECT passo, stato, tentativi, next_at, http_status,"
                   " errore_codice, errore_testo, updated, id_esterno"
                   " FROM pcp_operazione WHERE gara_id = $1"
                   " ORDER BY ordine"},
    [Q_OP_RETRY] = {"pcp_op_retry", 2,
                    "UPDATE pcp_operazione SET stato = 'da_inviare',"
                    " tentativi = 0, next_at = $2, updated = $2"
                    " WHERE gara_id = $1 AND stato = 'errore'"},
    [Q_OP_PAGINA] = {"pcp_op_pagina", 1,
                     "SELECT richiesta, http_status FROM pcp_operazione"
                     " WHERE id = $1"},
};

const size_t ciclo_sql_count = sizeof(ciclo_sql) / sizeof(ciclo_sql[0]);
