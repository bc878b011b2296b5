/*
 * richieste_firma_sql.c - every SQL text of richieste_firma.c.
 */
#include "modules/sua/richieste_firma_sql.h"

const struct sql_def richieste_firma_sql[Q_RICHIESTE_FIRMA__MAX] = {
    [Q_RF_DOCS] = {"sua_rf_docs", 2,
                   "SELECT documento_id, tipo, nome, mime, size, sha256,"
                   " created FROM sua_documento WHERE oggetto = 'richiesta'"
                   " AND oggetto_id = $1 ORDER BY id LIMIT $2"},
    [Q_RF_DOC] = {"sua_rf_doc", 2,
                  "SELECT sha256 FROM sua_documento WHERE documento_id = $1"
                  " AND oggetto = 'richiesta' AND oggetto_id = $2"},
};

const size_t richieste_firma_sql_count =
    sizeof(richieste_firma_sql) / sizeof(richieste_firma_sql[0]);
