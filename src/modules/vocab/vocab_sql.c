/*
 * vocab_sql.c - every SQL text of the vocab module (see vocab_sql.h).
 * Constant, with $1..$n, as every module's (ARCHITECTURE.md 3.7).
 */
#include "modules/vocab/vocab_sql.h"

const struct sql_def vocab_sql[Q_VOCAB__MAX] = {
    [Q_CPV_GET] = {"cpv_get", 1,
                   "SELECT codice, cifra_controllo, livello, descrizione_it,"
                   " descrizione_en FROM cpv WHERE codice = $1"},
    [Q_CPV_COUNT] = {"cpv_count", 0, "SELECT count(*) FROM cpv"},
    [Q_CPV_UPSERT] = {"cpv_upsert", 5,
                      "INSERT INTO cpv (codice, cifra_controllo, livello,"
                      " descrizione_it, descrizione_en)"
                      " VALUES ($1, $2, $3, $4, $5)"
                      " ON CONFLICT (codice) DO UPDATE SET"
                      " cifra_controllo = excluded.cifra_controllo,"
                      " livello = excluded.livello,"
                      " descrizione_it = excluded.descrizione_it,"
                      " descrizione_en = excluded.descrizione_en"},
};

const size_t vocab_sql_count = Q_VOCAB__MAX;
