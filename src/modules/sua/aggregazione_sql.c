/*
 * aggregazione_sql.c - the SQL texts of aggregazione_sql.h.  Constant,
 * with $1..$n, bound by name.  "Open" requests are those sent or taken
 * that no tender has taken yet.
 */
#include "modules/sua/aggregazione_sql.h"

/* The columns agg_request is read from, in this order. */
#define AGG_COLS                                                               \
	"id, comune, tipo, cpv, importo_cents, data_aggiudicazione, oggetto, " \
	"sicurezza_cents"

const struct sql_def aggregazione_sql[Q_AGGREGAZIONE__MAX] = {
    [Q_AGG_OPEN] = {"agg_open", 2,
                    "SELECT " AGG_COLS " FROM sua_richiesta"
                    " WHERE provincia = $1"
                    " AND stato IN ('inviata', 'presa_in_carico')"
                    " AND gara_id IS NULL ORDER BY id LIMIT $2"},
    [Q_AGG_DECISIONS] = {"agg_decisions", 1,
                         "SELECT chiave, decisione, motivo, gara_id"
                         " FROM sua_aggregazione WHERE provincia = $1"},
    [Q_AGG_DECIDE] =
        {"agg_decide", 7,
         "INSERT INTO sua_aggregazione (provincia, chiave, decisione, motivo,"
         " gara_id, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6,"
         " $7)"},
    [Q_AGG_SENT_SINCE] =
        {"agg_sent_since", 2,
         "SELECT id, comune, tipo, cpv, importo_cents, inviata_at,"
         " giustificazione, stato, oggetto FROM sua_richiesta"
         " WHERE provincia = $1 AND stato NOT IN ('bozza', 'respinta')"
         " AND inviata_at >= $2 ORDER BY comune, tipo, cpv, id"},
    [Q_AGG_COMUNE_SINCE] =
        {"agg_comune_since", 2,
         "SELECT id, comune, tipo, cpv, importo_cents, inviata_at,"
         " giustificazione, stato, oggetto FROM sua_richiesta"
         " WHERE comune = $1 AND stato NOT IN ('bozza', 'respinta')"
         " AND inviata_at >= $2 ORDER BY comune, tipo, cpv, id"},
    [Q_AGG_REQ_BRIEF] = {"agg_req_brief", 1,
                         "SELECT provincia, comune, stato, inviata_at"
                         " FROM sua_richiesta WHERE id = $1"},
    [Q_AGG_JUSTIFY] = {"agg_justify", 4,
                       "UPDATE sua_richiesta SET giustificazione = $3,"
                       " updated = $4 WHERE id = $1 AND provincia = $2"},
    [Q_AGG_GARE_COUNT] = {"agg_gare_count", 1,
                          "SELECT COUNT(*) FROM sua_gara WHERE provincia = $1"},
};

const size_t aggregazione_sql_count =
    sizeof(aggregazione_sql) / sizeof(aggregazione_sql[0]);
