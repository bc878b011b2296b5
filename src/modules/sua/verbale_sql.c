/*
 * verbale_sql.c - every SQL text of the minutes (verbale_sql.h).
 */
#include "modules/sua/verbale_sql.h"

#define VERBALE_COLS                                                           \
	"id, gara_id, COALESCE(lotto_id, 0), COALESCE(seduta_id, 0),"          \
	" provincia, titolo, sha256, size, pagine, pubblicato,"                \
	" COALESCE(pubblicato_at, 0), created, COALESCE(created_by, 0)"

const struct sql_def verbale_sql[Q_VERBALE__MAX] = {
    [Q_VERBALE_INSERT] = {"verbale_insert", 10,
                          "INSERT INTO sua_verbale (gara_id, lotto_id,"
                          " seduta_id, provincia, titolo, sha256, size,"
                          " pagine, created, created_by)"
                          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                          " RETURNING id"},
    /* The columns of VERBALE_COLS, in that order. */
    [Q_VERBALE_GET] = {"verbale_get", 1,
                       "SELECT " VERBALE_COLS
                       " FROM sua_verbale WHERE id = $1"},
    [Q_VERBALE_PUBBLICA] = {"verbale_pubblica", 2,
                            "UPDATE sua_verbale SET pubblicato = 1,"
                            " pubblicato_at = $2"
                            " WHERE id = $1 AND pubblicato = 0"},
    /* $2 = 1: only the published ones. */
    [Q_VERBALE_LIST] = {"verbale_list", 2,
                        "SELECT " VERBALE_COLS " FROM sua_verbale"
                        " WHERE gara_id = $1 AND (pubblicato = 1 OR $2 = 0)"
                        " ORDER BY id"},
    /* 0 numero, 1 tipo, 2 pubblica, 3 data_at, 4 presenti, 5 lotto_id */
    [Q_VERBALE_SEDUTA] = {"verbale_seduta", 1,
                          "SELECT numero, tipo, pubblica, data_at, presenti,"
                          " lotto_id FROM sua_seduta WHERE id = $1"},
    /* A participant: a bid standing (verbale_partecipante); a replaced
       bid's old row ('sostituita') does not count, so a company that
       replaced and then withdrew is not one. */
    [Q_VERBALE_PARTECIPANTE] = {"verbale_partecipante", 2,
                                "SELECT COUNT(*) FROM sua_offerta"
                                " WHERE gara_id = $1 AND operatore = $2"
                                " AND stato = 'presentata'"},
};

const size_t verbale_sql_count = sizeof(verbale_sql) / sizeof(verbale_sql[0]);
