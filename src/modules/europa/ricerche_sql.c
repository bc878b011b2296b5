/*
 * ricerche_sql.c - the statements of saved searches, "non pertinente"
 * marks and calendar tokens (see ricerche_sql.h).  The same text runs on
 * SQLite and PostgreSQL.
 */
#include "modules/europa/requisiti_sql.h"
#include "modules/europa/ricerche_sql.h"

#define RIC_COLS                                                               \
	"id, nome, programma, stato, q, scadenza_da, scadenza_a,"              \
	" solo_ammissibili, avvisi, created"

const struct sql_def europa_dig_sql[Q_DIG__MAX] = {
    [Q_DIG_RIC_LIST] = {"europa_dig_ric_list", 2,
                        "SELECT " RIC_COLS " FROM eu_ricerca"
                        " WHERE comune = $1 AND user_id = $2 ORDER BY id",
                        NULL},
    [Q_DIG_RIC_COUNT] = {"europa_dig_ric_count", 2,
                         "SELECT COUNT(*) FROM eu_ricerca"
                         " WHERE comune = $1 AND user_id = $2",
                         NULL},
    [Q_DIG_RIC_INSERT] =
        {"europa_dig_ric_insert", 11,
         "INSERT INTO eu_ricerca (comune, user_id, nome, programma, stato, q,"
         " scadenza_da, scadenza_a, solo_ammissibili, avvisi, created,"
         " avvisato_fino) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
         " $11, $11) RETURNING id",
         NULL},
    [Q_DIG_RIC_DELETE] = {"europa_dig_ric_delete", 3,
                          "DELETE FROM eu_ricerca"
                          " WHERE id = $1 AND comune = $2 AND user_id = $3",
                          NULL},
    [Q_DIG_NP_LIST] = {"europa_dig_np_list", 1,
                       "SELECT n.bando_id, b.titolo, n.user_id, n.created"
                       " FROM eu_non_pertinente n JOIN eu_bando b"
                       " ON b.id = n.bando_id WHERE n.comune = $1"
                       " ORDER BY n.bando_id",
                       NULL},
    [Q_DIG_NP_INSERT] = {"europa_dig_np_insert", 4,
                         "INSERT INTO eu_non_pertinente (comune, bando_id,"
                         " user_id, created) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (comune, bando_id) DO NOTHING",
                         NULL},
    [Q_DIG_NP_DELETE] = {"europa_dig_np_delete", 2,
                         "DELETE FROM eu_non_pertinente"
                         " WHERE comune = $1 AND bando_id = $2",
                         NULL},
    [Q_DIG_TOK_REVOKE] = {"europa_dig_tok_revoke", 3,
                          "UPDATE eu_ics_token SET revocato = $3"
                          " WHERE comune = $1 AND user_id = $2"
                          " AND revocato IS NULL",
                          NULL},
    [Q_DIG_TOK_INSERT] = {"europa_dig_tok_insert", 4,
                          "INSERT INTO eu_ics_token (comune, user_id, hash,"
                          " created) VALUES ($1, $2, $3, $4) RETURNING id",
                          NULL},
    [Q_DIG_TOK_FIND] = {"europa_dig_tok_find", 1,
                        "SELECT comune, user_id FROM eu_ics_token"
                        " WHERE hash = $1 AND revocato IS NULL",
                        NULL},
    [Q_DIG_TOK_LIVE] = {"europa_dig_tok_live", 2,
                        "SELECT id, created FROM eu_ics_token"
                        " WHERE comune = $1 AND user_id = $2"
                        " AND revocato IS NULL",
                        NULL},
    [Q_DIG_ICS_EVENTS] =
        {"europa_dig_ics_events", 2,
         "SELECT s.bando_id, s.fase, s.scadenza_at, s.fuso, s.originale,"
         " b.titolo, b.identificativo, b.modello_scadenze, b.url"
         " FROM eu_bando_scadenza s JOIN eu_bando b ON b.id = s.bando_id"
         " WHERE b.stato IN ('aperto', 'previsto') AND s.scadenza_at >= $2"
         " AND NOT EXISTS (SELECT 1 FROM eu_non_pertinente n"
         " WHERE n.comune = $1 AND n.bando_id = b.id)"
         " ORDER BY s.scadenza_at, s.bando_id, s.fase LIMIT 5000",
         NULL},
    [Q_DIG_CALLS] =
        {"europa_dig_calls", 2,
         "SELECT b.id, b.titolo, b.stato, b.first_seen, b.updated,"
         " (SELECT MIN(s.scadenza_at) FROM eu_bando_scadenza s"
         " WHERE s.bando_id = b.id AND s.scadenza_at >= $1), " REQ_COLS
         " FROM eu_bando b LEFT JOIN eu_bando_requisiti r"
         " ON r.bando_id = b.id WHERE b.stato IN ('aperto', 'previsto')"
         " AND NOT EXISTS (SELECT 1 FROM eu_non_pertinente n"
         " WHERE n.comune = $2 AND n.bando_id = b.id) ORDER BY b.id",
         NULL},
    [Q_DIG_ARCH_FIND] = {"europa_dig_arch_find", 2,
                         "SELECT id FROM eu_digest"
                         " WHERE comune = $1 AND data = $2",
                         NULL},
    [Q_DIG_ARCH_INSERT] =
        {"europa_dig_arch_insert", 8,
         "INSERT INTO eu_digest (comune, data, creato, nuovi, modificati,"
         " in_scadenza, destinatari, html) VALUES ($1, $2, $3, $4, $5, $6,"
         " $7, $8) RETURNING id",
         NULL},
    [Q_DIG_ARCH_LIST] = {"europa_dig_arch_list", 1,
                         "SELECT id, data, creato, nuovi, modificati,"
                         " in_scadenza, destinatari FROM eu_digest"
                         " WHERE comune = $1 ORDER BY data DESC, id DESC"
                         " LIMIT 520",
                         NULL},
    [Q_DIG_ARCH_GET] = {"europa_dig_arch_get", 2,
                        "SELECT html FROM eu_digest"
                        " WHERE id = $1 AND comune = $2",
                        NULL},
    [Q_DIG_AVV_SEARCHES] = {"europa_dig_avv_searches", 0,
                            "SELECT id, comune, user_id, nome, programma,"
                            " stato, q, scadenza_da, scadenza_a,"
                            " solo_ammissibili, avvisato_fino"
                            " FROM eu_ricerca WHERE avvisi = 1"
                            " ORDER BY comune, id",
                            NULL},
    [Q_DIG_AVV_CALLS] =
        {"europa_dig_avv_calls", 2,
         "SELECT b.id, b.titolo, b.stato, b.programma_codice,"
         " b.programma_nome, b.testo_ricerca, b.first_seen, b.scadenza_ordine"
         " FROM eu_bando b WHERE b.updated > $1 AND NOT EXISTS (SELECT 1"
         " FROM eu_non_pertinente n WHERE n.comune = $2"
         " AND n.bando_id = b.id) ORDER BY b.id LIMIT 2000",
         NULL},
    [Q_DIG_AVV_DONE] = {"europa_dig_avv_done", 2,
                        "UPDATE eu_ricerca SET avvisato_fino = $2"
                        " WHERE id = $1",
                        NULL},
};

const size_t europa_dig_sql_count = Q_DIG__MAX;
