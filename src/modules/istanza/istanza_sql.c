/*
 * istanza_sql.c - every SQL text of the istanza module.
 */
#include "modules/istanza/istanza_sql.h"

const struct sql_def istanza_sql[Q_ISTANZA__MAX] = {
    [Q_IDENT_LIST] = {"istanza_ident_list", 0,
                      "SELECT chiave, valore FROM istanza_identita"
                      " ORDER BY chiave"},
    [Q_IDENT_GET] = {"istanza_ident_get", 1,
                     "SELECT valore FROM istanza_identita WHERE chiave = $1"},
    [Q_IDENT_UPSERT] = {"istanza_ident_upsert", 3,
                        "INSERT INTO istanza_identita (chiave, valore, updated)"
                        " VALUES ($1, $2, $3)"
                        " ON CONFLICT (chiave) DO UPDATE SET"
                        " valore = excluded.valore,"
                        " updated = excluded.updated"},
    [Q_IDENT_DELETE] = {"istanza_ident_delete", 1,
                        "DELETE FROM istanza_identita WHERE chiave = $1"},
};

const size_t istanza_sql_count = sizeof(istanza_sql) / sizeof(istanza_sql[0]);
