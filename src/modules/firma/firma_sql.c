/*
 * firma_sql.c - every SQL text of the firma module.
 */
#include "modules/firma/firma_sql.h"

const struct sql_def firma_sql[Q_FIRMA__MAX] = {
    [Q_FT_INSERT] = {"firma_tsl_insert", 9,
                     "INSERT INTO firma_tsl (origine, riferimento, sha256,"
                     " territorio, emesso, servizi, xml, caricato_at,"
                     " caricato_da) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                     " $9) RETURNING id"},
    [Q_FT_CURRENT] = {"firma_tsl_current", 0,
                      "SELECT xml, sha256, servizi, territorio, emesso,"
                      " caricato_at, riferimento FROM firma_tsl"
                      " ORDER BY id DESC LIMIT 1"},
    [Q_FV_UPSERT] = {"firma_verifica_upsert", 13,
                     "INSERT INTO firma_verifica (oggetto, oggetto_id,"
                     " firmato, valida, firmatari, formato, nome,"
                     " codice_fiscale, motivo, ora_firma, risultato,"
                     " tsl_sha256, verificato_at) VALUES ($1, $2, $3, $4,"
                     " $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                     " ON CONFLICT (oggetto, oggetto_id) DO UPDATE SET"
                     " firmato = excluded.firmato, valida = excluded.valida,"
                     " firmatari = excluded.firmatari,"
                     " formato = excluded.formato, nome = excluded.nome,"
                     " codice_fiscale = excluded.codice_fiscale,"
                     " motivo = excluded.motivo,"
                     " ora_firma = excluded.ora_firma,"
                     " risultato = excluded.risultato,"
                     " tsl_sha256 = excluded.tsl_sha256,"
                     " verificato_at = excluded.verificato_at"},
    [Q_FV_GET] = {"firma_verifica_get", 2,
                  "SELECT firmato, valida, firmatari, nome, codice_fiscale,"
                  " motivo, ora_firma, risultato, verificato_at, formato"
                  " FROM firma_verifica WHERE oggetto = $1 AND"
                  " oggetto_id = $2"},
};

const size_t firma_sql_count = sizeof(firma_sql) / sizeof(firma_sql[0]);
