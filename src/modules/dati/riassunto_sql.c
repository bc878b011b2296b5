/*
 * riassunto_sql.c - the statements of the tables' summaries (riassunto.h).
 */
#include "modules/dati/riassunto_sql.h"

const struct sql_def riassunto_sql[Q_RIASSUNTO__MAX] = {
    [Q_RIA_DELETE] = {"dati_ria_delete", 1,
                      "DELETE FROM dati_tabella_riassunto WHERE"
                      " tabella_id = $1"},
    [Q_RIA_INSERT] = {"dati_ria_insert", 9,
                      "INSERT INTO dati_tabella_riassunto (tabella_id,"
                      " gruppo, valore, misura, righe, n, somma, minimo,"
                      " massimo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                      " $9)"},
    [Q_RIA_GROUP] = {"dati_ria_group", 2,
                     "SELECT valore, misura, righe, n, somma, minimo,"
                     " massimo FROM dati_tabella_riassunto WHERE"
                     " tabella_id = $1 AND gruppo = $2"},
    [Q_RIA_CURRENT] = {"dati_ria_current", 2,
                       "SELECT 1 FROM dati_risorsa WHERE id = $1 AND"
                       " tabella_id = $2"},
};

const size_t riassunto_sql_count =
    sizeof(riassunto_sql) / sizeof(riassunto_sql[0]);
