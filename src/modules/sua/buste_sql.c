/*
 * buste_sql.c - every SQL text of the sealed bids (tables of migration
 * 0025: sua_custode_chiave, sua_gara_custode, sua_offerta, sua_busta,
 * sua_busta_file, and the columns it adds to sua_gara and sua_lotto).
 * An optional integer filter is written CAST($k AS BIGINT) IS NULL so
 * that PostgreSQL can infer its type.
 */
#include "modules/sua/buste_sql.h"

const struct sql_def buste_sql[Q_BUSTE__MAX] = {
    [Q_CUSTODE_UPSERT] = {"custode_upsert", 6,
                          "INSERT INTO sua_custode_chiave (user_id, salt,"
                          " opslimit, memlimit, chiave_pubblica, created)"
                          " VALUES ($1, $2, $3, $4, $5, $6)"
                          " ON CONFLICT (user_id) DO UPDATE SET"
                          " salt = excluded.salt, opslimit = excluded.opslimit,"
                          " memlimit = excluded.memlimit,"
                          " chiave_pubblica = excluded.chiave_pubblica,"
                          " created = excluded.created"},
    [Q_CUSTODE_GET] = {"custode_get", 1,
                       "SELECT salt, opslimit, memlimit, chiave_pubblica,"
                       " created FROM sua_custode_chiave WHERE user_id = $1"},
    [Q_BG_GET] = {"buste_gara_get", 1,
                  "SELECT id, provincia, stato, criterio, termine_offerte,"
                  " offerta_economica, ribasso_decimali, chiave_pubblica,"
                  " custodi_k FROM sua_gara WHERE id = $1"},
    [Q_BG_SET] = {"buste_gara_set", 5,
                  "UPDATE sua_gara SET offerta_economica = $2,"
                  " ribasso_decimali = $3, custodi_k = $4, updated = $5"
                  " WHERE id = $1 AND stato = 'bozza'"},
    [Q_BG_CHIAVE_SET] = {"buste_gara_chiave", 2,
                         "UPDATE sua_gara SET chiave_pubblica = $2"
                         " WHERE id = $1 AND chiave_pubblica IS NULL"},
    [Q_BG_CUSTODI_DELETE] = {"buste_custodi_delete", 1,
                             "DELETE FROM sua_gara_custode WHERE gara_id = $1"},
    [Q_BG_CUSTODE_INSERT] = {"buste_custode_insert", 3,
                             "INSERT INTO sua_gara_custode (gara_id, user_id,"
                             " ordine) VALUES ($1, $2, $3)"},
    [Q_BG_CUSTODI_OF] = {"buste_custodi_of", 1,
                         "SELECT c.user_id, c.ordine, c.chiave_pubblica,"
                         " c.quota_sigillata, k.chiave_pubblica"
                         " FROM sua_gara_custode c LEFT JOIN"
                         " sua_custode_chiave k ON k.user_id = c.user_id"
                         " WHERE c.gara_id = $1 ORDER BY c.ordine"},
    [Q_BG_CUSTODE_SEAL] = {"buste_custode_seal", 4,
                           "UPDATE sua_gara_custode SET chiave_pubblica = $3,"
                           " quota_sigillata = $4"
                           " WHERE gara_id = $1 AND user_id = $2"},
    [Q_BG_LOTTO] = {"buste_lotto", 2,
                    "SELECT id, tecnica_chiusa_at FROM sua_lotto"
                    " WHERE gara_id = $1 AND numero = $2"},
    [Q_BG_LOTTI_TECNICA_APERTA] = {"buste_lotti_tecnica_aperta", 2,
                                   "SELECT COUNT(*) FROM sua_lotto"
                                   " WHERE gara_id = $1"
                                   " AND tecnica_chiusa_at IS NULL AND"
                                   " (CAST($2 AS BIGINT) IS NULL"
                                   " OR numero = $2)"},
    [Q_BF_INSERT] = {"buste_file_insert", 10,
                     "INSERT INTO sua_busta_file (gara_id, lotto_id,"
                     " operatore, tipo, sha256, size, chiave_sigillata,"
                     " meta_sigillati, caricato_at, caricato_da)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                     " RETURNING id"},
    [Q_BF_PENDING_COUNT] = {"buste_file_pending_count", 3,
                            "SELECT COUNT(*) FROM sua_busta_file"
                            " WHERE lotto_id = $1 AND operatore = $2"
                            " AND tipo = $3 AND busta_id IS NULL"},
    [Q_BF_PENDING] = {"buste_file_pending", 2,
                      "SELECT id, tipo, sha256, size FROM sua_busta_file"
                      " WHERE lotto_id = $1 AND operatore = $2"
                      " AND busta_id IS NULL ORDER BY id"},
    [Q_BF_ATTACH] = {"buste_file_attach", 4,
                     "UPDATE sua_busta_file SET busta_id = $1"
                     " WHERE lotto_id = $2 AND operatore = $3 AND tipo = $4"
                     " AND busta_id IS NULL"},
    [Q_BF_OF_BUSTA] = {"buste_file_of_busta", 1,
                       "SELECT id, sha256, chiave_sigillata, meta_sigillati"
                       " FROM sua_busta_file WHERE busta_id = $1"
                       " ORDER BY id"},
    [Q_BF_OPEN] = {"buste_file_open", 3,
                   "UPDATE sua_busta_file SET chiave = $2, meta = $3"
                   " WHERE id = $1"},
    [Q_BF_GET] = {"buste_file_get", 2,
                  "SELECT f.sha256, f.size, f.chiave, f.meta, b.aperta_at"
                  " FROM sua_busta_file f JOIN sua_busta b"
                  " ON b.id = f.busta_id"
                  " WHERE f.id = $1 AND f.gara_id = $2"},
    [Q_BO_CURRENT] = {"buste_offerta_current", 2,
                      "SELECT id FROM sua_offerta WHERE lotto_id = $1"
                      " AND operatore = $2 AND stato = 'presentata'"},
    [Q_BO_SUPERSEDE] = {"buste_offerta_supersede", 1,
                        "UPDATE sua_offerta SET stato = 'sostituita'"
                        " WHERE id = $1 AND stato = 'presentata'"},
    [Q_BO_INSERT] = {"buste_offerta_insert", 6,
                     "INSERT INTO sua_offerta (gara_id, lotto_id, operatore,"
                     " ragione_sociale, stato, presentata_at, utente_id)"
                     " VALUES ($1, $2, $3, $4, 'presentata', $5, $6)"
                     " RETURNING id"},
    [Q_BO_RICEVUTA] = {"buste_offerta_ricevuta", 2,
                       "UPDATE sua_offerta SET ricevuta = $2 WHERE id = $1"},
    [Q_BO_WITHDRAW] = {"buste_offerta_withdraw", 2,
                       "UPDATE sua_offerta SET stato = 'ritirata',"
                       " ritirata_at = $2"
                       " WHERE id = $1 AND stato = 'presentata'"},
    /* A page of an operator's bids, newest first (index sua_offerta
     * (operatore, id)): $2 the previous page's last id, $3 limit, $4
     * offset. */
    [Q_BO_OF_OPERATORE] = {"buste_offerte_operatore", 4,
                           "SELECT o.id, o.gara_id, l.numero, o.stato,"
                           " o.presentata_at, o.ritirata_at, o.ricevuta"
                           " FROM sua_offerta o JOIN sua_lotto l"
                           " ON l.id = o.lotto_id WHERE o.operatore = $1"
                           " AND o.id < $2"
                           " ORDER BY o.id DESC LIMIT $3 OFFSET $4"},
    [Q_BO_OF_GARA] = {"buste_offerte_gara", 1,
                      "SELECT o.id, l.numero, o.operatore,"
                      " o.ragione_sociale, o.stato, o.presentata_at,"
                      " b.id, b.tipo, b.aperta_at, b.campi"
                      " FROM sua_offerta o JOIN sua_lotto l"
                      " ON l.id = o.lotto_id LEFT JOIN sua_busta b"
                      " ON b.offerta_id = o.id WHERE o.gara_id = $1"
                      " AND o.stato = 'presentata'"
                      " ORDER BY l.numero, o.id, b.tipo"},
    [Q_BB_INSERT] = {"buste_busta_insert", 4,
                     "INSERT INTO sua_busta (offerta_id, tipo,"
                     " campi_sigillati, campi_sha256)"
                     " VALUES ($1, $2, $3, $4) RETURNING id"},
    [Q_BB_TO_OPEN] = {"buste_busta_to_open", 3,
                      "SELECT b.id, b.campi_sigillati, b.campi_sha256"
                      " FROM sua_busta b JOIN sua_offerta o"
                      " ON o.id = b.offerta_id JOIN sua_lotto l"
                      " ON l.id = o.lotto_id WHERE o.gara_id = $1"
                      " AND o.stato = 'presentata' AND b.tipo = $2"
                      " AND b.aperta_at IS NULL AND"
                      " (CAST($3 AS BIGINT) IS NULL OR l.numero = $3)"
                      /* B and C of an offer excluded at envelope A stay
                         sealed: nobody reads what is out of the race. */
                      " AND (b.tipo = 'A' OR NOT EXISTS (SELECT 1"
                      " FROM sua_ammissione a WHERE a.offerta_id = o.id"
                      " AND a.stato = 'esclusa'))"
                      /* C of an OEPV offer below the technical threshold
                         stays sealed too (migration 0033). */
                      " AND (b.tipo <> 'C' OR NOT EXISTS (SELECT 1"
                      " FROM sua_esclusione_tecnica t"
                      " WHERE t.offerta_id = o.id))"
                      " ORDER BY b.id"},
    [Q_BB_OPEN] = {"buste_busta_open", 3,
                   "UPDATE sua_busta SET campi = $2, aperta_at = $3"
                   " WHERE id = $1 AND aperta_at IS NULL"},
    [Q_BF_APERTI_OF_BUSTA] = {"buste_file_aperti", 1,
                              "SELECT id, meta FROM sua_busta_file"
                              " WHERE busta_id = $1 AND chiave IS NOT NULL"
                              " ORDER BY id"},
    /* An operator's bids counted up to $2 (list_count). */
    [Q_BO_OF_OPERATORE_COUNT] = {"buste_offerte_operatore_count", 2,
                                 "SELECT COUNT(*) FROM (SELECT 1 FROM"
                                 " sua_offerta WHERE operatore = $1"
                                 " LIMIT $2) x"},
};

const size_t buste_sql_count = sizeof(buste_sql) / sizeof(buste_sql[0]);
