/*
 * ocds_sql.c - every SQL text of the OCDS publication (ocds_sql.h).  The
 * same texts run on SQLite and PostgreSQL.
 */
#include "modules/sua/ocds_sql.h"

const struct sql_def ocds_sql[Q_OCDS__MAX] = {
    [Q_OCDS_GARA] = {"ocds_gara", 1,
                     "SELECT provincia, stato, oggetto, tipo, procedura,"
                     " procedura_motivo, criterio, termine_chiarimenti,"
                     " termine_offerte, pubblicata_at, motivo_annullamento,"
                     " updated FROM sua_gara WHERE id = $1"},
    [Q_OCDS_LOTTI] = {"ocds_lotti", 1,
                      "SELECT numero, oggetto, cig, cpv, importo_cents,"
                      " sicurezza_cents, comune FROM sua_lotto"
                      " WHERE gara_id = $1 ORDER BY numero"},
    [Q_OCDS_RETTIFICHE] = {"ocds_rettifiche", 1,
                           "SELECT numero, motivo, modifiche, pubblicata_at,"
                           " (SELECT MAX(numero) FROM sua_rettifica"
                           " WHERE gara_id = $1)"
                           " FROM sua_rettifica WHERE gara_id = $1"
                           " ORDER BY numero"},
    [Q_OCDS_DOCUMENTI] = {"ocds_documenti", 2,
                          "SELECT documento_id, tipo, nome, mime, created"
                          " FROM sua_documento WHERE oggetto = 'gara'"
                          " AND oggetto_id = $1 ORDER BY id LIMIT $2"},
    [Q_OCDS_SEQ] = {"ocds_seq", 1,
                    "SELECT (SELECT COUNT(*) FROM sua_ocds_release"
                    " WHERE gara_id = $1),"
                    " (SELECT ocid FROM sua_ocds_release WHERE gara_id = $1"
                    " ORDER BY id LIMIT 1),"
                    " (SELECT release_id FROM sua_ocds_release"
                    " WHERE gara_id = $1 ORDER BY id DESC LIMIT 1)"},
    [Q_OCDS_INSERT] = {"ocds_insert", 6,
                       "INSERT INTO sua_ocds_release (gara_id, release_id,"
                       " ocid, data, tag, json)"
                       " VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_OCDS_PAGE] = {"ocds_page", 4,
                     "SELECT id, data, json FROM sua_ocds_release"
                     " WHERE data >= $1 AND id > $2 ORDER BY id"
                     " LIMIT $3 OFFSET $4"},
    [Q_OCDS_PAGE_GARA] = {"ocds_page_gara", 4,
                          "SELECT id, data, json FROM sua_ocds_release"
                          " WHERE gara_id = $1 AND id > $2 ORDER BY id"
                          " LIMIT $3 OFFSET $4"},
    [Q_OCDS_LATEST] = {"ocds_latest", 0,
                       "SELECT data FROM sua_ocds_release"
                       " ORDER BY id DESC LIMIT 1"},
    [Q_OCDS_LATEST_GARA] = {"ocds_latest_gara", 1,
                            "SELECT data FROM sua_ocds_release"
                            " WHERE gara_id = $1 ORDER BY id DESC LIMIT 1"},
};

const size_t ocds_sql_count = sizeof(ocds_sql) / sizeof(ocds_sql[0]);
