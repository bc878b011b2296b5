/*
 * offerte_demo_sql.c - statement texts of offerte_demo_sql.h (both
 * dialects).
 */
#include "modules/sua/offerte_demo_sql.h"

const struct sql_def offerte_demo_sql[Q_OFFERTE_DEMO__MAX] = {
    [Q_ODEMO_FIND] = {"offerte_demo_find", 2,
                      "SELECT id FROM sua_gara WHERE provincia = $1"
                      " AND oggetto = $2 ORDER BY id LIMIT 1"},
    [Q_ODEMO_OPERATORI] = {"offerte_demo_operatori", 2,
                           "SELECT a.partita_iva, a.ragione_sociale"
                           " FROM sua_albo a JOIN sua_albo_cpv c"
                           " ON c.albo_id = a.id"
                           " WHERE a.provincia = $1 AND c.cpv = $2"
                           " AND a.stato = 'approvato' ORDER BY a.id"},
    /* Demo only (docs/demo-sua.md): no service function moves a
       deadline backwards, on purpose. */
    [Q_ODEMO_TERMINI] = {"offerte_demo_termini", 4,
                         "UPDATE sua_gara SET termine_chiarimenti = $2,"
                         " termine_offerte = $3, prima_seduta = $4"
                         " WHERE id = $1"},
    [Q_ODEMO_TERMINE] = {"offerte_demo_termine", 1,
                         "SELECT termine_offerte FROM sua_gara"
                         " WHERE id = $1"},
};

const size_t offerte_demo_sql_count = Q_OFFERTE_DEMO__MAX;
