/*
 * buste_firma_sql.c - every SQL text of the envelopes' signature job.
 */
#include "modules/sua/buste_firma_sql.h"

const struct sql_def buste_firma_sql[Q_BUSTE_FIRMA__MAX] = {
    [Q_BFF_APERTI] = {"buste_firma_aperti", 1,
                      "SELECT f.id, f.caricato_at, g.termine_offerte,"
                      " g.provincia FROM sua_busta_file f"
                      " JOIN sua_gara g ON g.id = f.gara_id"
                      " WHERE f.gara_id = $1 AND f.chiave IS NOT NULL"
                      " ORDER BY f.id"},
};

const size_t buste_firma_sql_count =
    sizeof(buste_firma_sql) / sizeof(buste_firma_sql[0]);
