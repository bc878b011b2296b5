/*
 * requisiti_sql.c - the statements of the EU desk's eligibility (see
 * requisiti_sql.h).  The same text runs on SQLite and PostgreSQL.
 */
#include "modules/europa/requisiti_sql.h"

const struct sql_def europa_req_sql[Q_EUR_REQ__MAX] = {
    [Q_EUR_BANDO] = {"europa_bando", 1,
                     "SELECT id, titolo, stato FROM eu_bando WHERE id = $1",
                     NULL},
    [Q_EUR_REQ_GET] = {"europa_req_get", 1,
                       "SELECT " REQ_COLS " FROM eu_bando b"
                       " LEFT JOIN eu_bando_requisiti r"
                       " ON r.bando_id = b.id WHERE b.id = $1",
                       NULL},
    [Q_EUR_REQ_UPSERT] =
        {"europa_req_upsert", 14,
         "INSERT INTO eu_bando_requisiti (bando_id, tipi_ente,"
         " popolazione_min, popolazione_max, popolazione_data,"
         " popolazione_aggregata_min, regioni, categoria_regione, nuts3,"
         " partner_min, paesi_min, cofinanziamento_max_bp,"
         " verifiche_manuali, updated) VALUES ($1, $2, $3, $4, $5, $6, $7,"
         " $8, $9, $10, $11, $12, $13, $14)"
         " ON CONFLICT (bando_id) DO UPDATE SET"
         " tipi_ente = excluded.tipi_ente,"
         " popolazione_min = excluded.popolazione_min,"
         " popolazione_max = excluded.popolazione_max,"
         " popolazione_data = excluded.popolazione_data,"
         " popolazione_aggregata_min = excluded.popolazione_aggregata_min,"
         " regioni = excluded.regioni,"
         " categoria_regione = excluded.categoria_regione,"
         " nuts3 = excluded.nuts3, partner_min = excluded.partner_min,"
         " paesi_min = excluded.paesi_min,"
         " cofinanziamento_max_bp = excluded.cofinanziamento_max_bp,"
         " verifiche_manuali = excluded.verifiche_manuali,"
         " updated = excluded.updated",
         NULL},
    [Q_EUR_REQ_OPEN] =
        {"europa_req_open", 1,
         "SELECT * FROM (SELECT b.id, b.titolo, b.stato,"
         /* The stored next deadline (0043) while it is not past; the
            MIN over the deadlines only for the calls it went stale. */
         " CASE WHEN b.prossima_scadenza IS NULL"
         " OR b.prossima_scadenza >= $1 THEN b.prossima_scadenza"
         " ELSE (SELECT MIN(s.scadenza_at) FROM eu_bando_scadenza s"
         " WHERE s.bando_id = b.id AND s.scadenza_at >= $1) END"
         " AS prossima,"
         " b.programma_codice, b.programma_nome, b.parole_chiave,"
         " b.budget_min_cent, b.budget_max_cent, " REQ_COLS
         " FROM eu_bando b LEFT JOIN eu_bando_requisiti r"
         " ON r.bando_id = b.id WHERE b.stato IN ('aperto', 'previsto')) x"
         " ORDER BY CASE WHEN x.prossima IS NULL THEN 1 ELSE 0 END,"
         " x.prossima, x.id",
         NULL},
    [Q_EUR_CATEGORIE] = {"europa_categorie", 0,
                         "SELECT regione, categoria FROM eu_categoria_regione"
                         " ORDER BY regione",
                         NULL},
    [Q_EUR_POP_EXACT] = {"europa_pop_exact", 2,
                         "SELECT popolazione FROM comune_popolazione"
                         " WHERE codice_istat = $1 AND data_riferimento = $2",
                         NULL},
    [Q_EUR_POP_UPSERT] =
        {"europa_pop_upsert", 5,
         "INSERT INTO comune_popolazione (codice_istat, data_riferimento,"
         " popolazione, fonte, updated) VALUES ($1, $2, $3, $4, $5)"
         " ON CONFLICT (codice_istat, data_riferimento) DO UPDATE SET"
         " popolazione = excluded.popolazione, fonte = excluded.fonte,"
         " updated = excluded.updated",
         NULL},
    [Q_EUR_POP_AT] = {"europa_pop_at", 2,
                      "SELECT popolazione, data_riferimento"
                      " FROM comune_popolazione WHERE codice_istat = $1"
                      " AND data_riferimento <= $2"
                      " ORDER BY data_riferimento DESC LIMIT 1",
                      NULL},
    [Q_EUR_POP_AT_ALL] =
        {"europa_pop_at_all", 1,
         "SELECT p.codice_istat, p.popolazione, p.data_riferimento"
         " FROM comune_popolazione p WHERE p.data_riferimento ="
         " (SELECT MAX(q.data_riferimento) FROM comune_popolazione q"
         " WHERE q.codice_istat = p.codice_istat"
         " AND q.data_riferimento <= $1) ORDER BY p.codice_istat",
         NULL},
    [Q_EUR_ADJ_CLEAR] = {"europa_adj_clear", 1,
                         "DELETE FROM comune_adiacenza WHERE fonte = $1", NULL},
    [Q_EUR_ADJ_INSERT] = {"europa_adj_insert", 3,
                          "INSERT INTO comune_adiacenza (a, b, fonte)"
                          " VALUES ($1, $2, $3) ON CONFLICT (a, b)"
                          " DO NOTHING",
                          NULL},
    [Q_EUR_ADJ_ALL] = {"europa_adj_all", 0,
                       "SELECT a, b FROM comune_adiacenza ORDER BY a, b", NULL},
    [Q_EUR_PROF_GET] = {"europa_prof_get", 1,
                        "SELECT temi, programmi, parole_chiave,"
                        " budget_min_cent, budget_max_cent, capofila,"
                        " partner, updated FROM eu_profilo_comune"
                        " WHERE codice_istat = $1",
                        NULL},
    [Q_EUR_PROF_UPSERT] =
        {"europa_prof_upsert", 9,
         "INSERT INTO eu_profilo_comune (codice_istat, temi, programmi,"
         " parole_chiave, budget_min_cent, budget_max_cent, capofila,"
         " partner, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
         " ON CONFLICT (codice_istat) DO UPDATE SET temi = excluded.temi,"
         " programmi = excluded.programmi,"
         " parole_chiave = excluded.parole_chiave,"
         " budget_min_cent = excluded.budget_min_cent,"
         " budget_max_cent = excluded.budget_max_cent,"
         " capofila = excluded.capofila, partner = excluded.partner,"
         " updated = excluded.updated",
         NULL},
    [Q_EUR_BANDO_KEY] = {"europa_bando_key", 2,
                         "SELECT id FROM eu_bando WHERE fonte = $1"
                         " AND chiave_fonte = $2",
                         NULL},
    [Q_EUR_OPEN_SENZA_REQ] = {"europa_open_senza_req", 0,
                              "SELECT COUNT(*) FROM eu_bando b"
                              " WHERE b.stato = 'aperto' AND NOT EXISTS"
                              " (SELECT 1 FROM eu_bando_requisiti r"
                              " WHERE r.bando_id = b.id)",
                              NULL},
    [Q_EUR_GENERAZIONE] = {"europa_generazione", 0,
                           "SELECT gen FROM eu_generazione WHERE id = 1", NULL},
};

const size_t europa_req_sql_count = Q_EUR_REQ__MAX;
