/*
 * firma_doc_sql.c - every SQL text of firma_doc.c (firma_obbligo).
 */
#include "modules/firma/firma_doc_sql.h"

const struct sql_def firma_doc_sql[Q_FIRMA_DOC__MAX] = {
    [Q_FO_GET] = {"firma_obbligo_get", 2,
                  "SELECT 1 FROM firma_obbligo WHERE oggetto = $1"
                  " AND oggetto_id = $2"},
    [Q_FO_INSERT] = {"firma_obbligo_insert", 5,
                     "INSERT INTO firma_obbligo (oggetto, oggetto_id, ente,"
                     " impostato_at, impostato_da) VALUES ($1, $2, $3, $4, $5)"
                     " ON CONFLICT (oggetto, oggetto_id) DO NOTHING"},
    [Q_FO_DELETE] = {"firma_obbligo_delete", 2,
                     "DELETE FROM firma_obbligo WHERE oggetto = $1"
                     " AND oggetto_id = $2"},
};

const size_t firma_doc_sql_count =
    sizeof(firma_doc_sql) / sizeof(firma_doc_sql[0]);
