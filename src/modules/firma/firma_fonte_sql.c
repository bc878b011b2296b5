/*
 * firma_fonte_sql.c - every SQL text of firma_fonte.c.
 */
#include "modules/firma/firma_fonte_sql.h"

const struct sql_def firma_fonte_sql[Q_FIRMA_FONTE__MAX] = {
    [Q_FF_UPSERT] = {"firma_fonte_upsert", 5,
                     "INSERT INTO firma_tsl_fonte (id, url, certificato,"
                     " ogni_ore, impostato_at, impostato_da) VALUES (1, $1,"
                     " $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET"
                     " url = excluded.url,"
                     " certificato = excluded.certificato,"
                     " ogni_ore = excluded.ogni_ore,"
                     " impostato_at = excluded.impostato_at,"
                     " impostato_da = excluded.impostato_da"},
    [Q_FF_GET] = {"firma_fonte_get", 0,
                  "SELECT url, certificato, ogni_ore, ultimo_at,"
                  " ultimo_esito FROM firma_tsl_fonte WHERE id = 1"},
    [Q_FF_ESITO] = {"firma_fonte_esito", 2,
                    "UPDATE firma_tsl_fonte SET ultimo_at = $1,"
                    " ultimo_esito = $2 WHERE id = 1"},
    [Q_FF_DELETE] = {"firma_fonte_delete", 0,
                     "DELETE FROM firma_tsl_fonte WHERE id = 1"},
};

const size_t firma_fonte_sql_count =
    sizeof(firma_fonte_sql) / sizeof(firma_fonte_sql[0]);
