/*
 * gare_sql.c - every SQL text of the tenders (sua_gara, sua_lotto,
 * sua_rettifica, sua_chiarimento).  The Province filter of the lists is a
 * comma-separated list of codes in one parameter ("024,028"): the caller's
 * own Provinces, decided by the handler from its grants.  It reads
 * sua_richiesta (same module) only to check the request a lot names.
 */
#include "modules/sua/gare_sql.h"

/* The columns of Q_GARA_GET, in gare.c's order (struct gara). */
#define GARA_COLS                                                              \
	"id, provincia, stato, oggetto, tipo, procedura, procedura_motivo,"    \
	" criterio, criteri, rup_nome, data_invio, termine_chiarimenti,"       \
	" termine_offerte, prima_seduta, pubblicata_at, motivo_annullamento,"  \
	" versione, created, updated"

/* $k names a Province of the caller's list. */
#define IN_PROVINCE(col, k)                                                    \
	" (',' || CAST($" k " AS TEXT) || ',') LIKE ('%,' || " col " || ',%')"

const struct sql_def gare_sql[Q_GARE__MAX] = {
    [Q_GARA_INSERT] = {"gara_insert", 5,
                       "INSERT INTO sua_gara (provincia, stato, oggetto, tipo,"
                       " versione, created, created_by, updated)"
                       " VALUES ($1, 'bozza', $2, $3, 0, $4, $5, $4)"
                       " RETURNING id"},
    [Q_GARA_GET] = {"gara_get", 1,
                    "SELECT " GARA_COLS " FROM sua_gara WHERE id = $1"},
    [Q_GARA_PROVINCIA] = {"gara_provincia", 1,
                          "SELECT provincia FROM sua_gara WHERE id = $1"},
    [Q_GARA_UPDATE] =
        {"gara_update", 14,
         "UPDATE sua_gara SET oggetto = $2, tipo = $3, procedura = $4,"
         " procedura_motivo = $5, criterio = $6, criteri = $7, rup_nome = $8,"
         " data_invio = $9, termine_chiarimenti = $10, termine_offerte = $11,"
         " prima_seduta = $12, versione = $13, updated = $14 WHERE id = $1"},
    [Q_GARA_PUBLISH] = {"gara_publish", 3,
                        "UPDATE sua_gara SET stato = 'pubblicata',"
                        " pubblicata_at = $2, data_invio = $3, updated = $2"
                        " WHERE id = $1 AND stato = 'bozza'"},
    [Q_GARA_ANNULLA] = {"gara_annulla", 3,
                        "UPDATE sua_gara SET stato = 'annullata',"
                        " motivo_annullamento = $2, updated = $3"
                        " WHERE id = $1 AND stato IN ('bozza', 'pubblicata')"},
    [Q_LOTTO_INSERT] = {"lotto_insert", 9,
                        "INSERT INTO sua_lotto (gara_id, numero, oggetto, cig,"
                        " cpv, importo_cents, sicurezza_cents, comune,"
                        " richiesta_id)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    [Q_LOTTO_UPDATE] = {"lotto_update", 9,
                        "UPDATE sua_lotto SET oggetto = $3, cig = $4, cpv = $5,"
                        " importo_cents = $6, sicurezza_cents = $7,"
                        " comune = $8, richiesta_id = $9"
                        " WHERE gara_id = $1 AND numero = $2"},
    [Q_LOTTI_DELETE] = {"lotti_delete", 1,
                        "DELETE FROM sua_lotto WHERE gara_id = $1"},
    /* 0 id, 1 numero, 2 oggetto, 3 cig, 4 cpv, 5 importo, 6 sicurezza,
       7 comune, 8 richiesta_id */
    [Q_LOTTI_OF] = {"lotti_of", 1,
                    "SELECT id, numero, oggetto, cig, cpv, importo_cents,"
                    " sicurezza_cents, comune, richiesta_id FROM sua_lotto"
                    " WHERE gara_id = $1 ORDER BY numero"},
    [Q_RETTIFICA_INSERT] = {"rettifica_insert", 6,
                            "INSERT INTO sua_rettifica (gara_id, numero,"
                            " motivo, modifiche, pubblicata_at, pubblicata_da)"
                            " VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_RETTIFICHE_OF] = {"rettifiche_of", 1,
                         "SELECT numero, motivo, modifiche, pubblicata_at"
                         " FROM sua_rettifica WHERE gara_id = $1"
                         " ORDER BY numero"},
    [Q_RICHIESTA_OF] = {"gara_richiesta_of", 1,
                        "SELECT provincia, comune, stato FROM sua_richiesta"
                        " WHERE id = $1"},
    /*
     * The officer's list, newest first: $1 Provinces, $2 stato or NULL,
     * $3 id to continue below or NULL, $4 limit, $5 offset.  0 id,
     * 1 provincia, 2 stato, 3 oggetto, 4 tipo, 5 procedura,
     * 6 termine_offerte, 7 versione, 8 lots, 9 total cents, 10 updated,
     * 11 questions without an answer.
     */
    [Q_GARE_LIST] =
        {"gare_list", 5,
         "SELECT g.id, g.provincia, g.stato, g.oggetto, g.tipo, g.procedura,"
         " g.termine_offerte, g.versione,"
         " (SELECT COUNT(*) FROM sua_lotto l WHERE l.gara_id = g.id),"
         " (SELECT COALESCE(SUM(l.importo_cents), 0) FROM sua_lotto l"
         " WHERE l.gara_id = g.id), g.updated,"
         " (SELECT COUNT(*) FROM sua_chiarimento c WHERE c.gara_id = g.id"
         " AND c.risposta IS NULL)"
         " FROM sua_gara g WHERE" IN_PROVINCE(
             "g.provincia", "1") " AND (CAST($2 AS TEXT) IS NULL OR g.stato = "
                                 "CAST($2 AS TEXT))"
                                 " AND (CAST($3 AS BIGINT) IS NULL OR g.id < "
                                 "CAST($3 AS BIGINT))"
                                 " ORDER BY g.id DESC LIMIT $4 OFFSET $5"},
    [Q_GARE_COUNT] =
        {"gare_count", 3,
         "SELECT COUNT(*) FROM (SELECT 1 FROM sua_gara g WHERE" IN_PROVINCE(
             "g.provincia", "1") " AND (CAST($2 AS TEXT) IS NULL OR g.stato = "
                                 "CAST($2 AS TEXT))"
                                 " LIMIT $3) t"},
    [Q_CHIAR_INSERT] = {"chiarimento_insert", 4,
                        "INSERT INTO sua_chiarimento (gara_id, domanda,"
                        " chiesto_da, chiesto_at) VALUES ($1, $2, $3, $4)"
                        " RETURNING id"},
    /* 0 gara_id, 1 provincia, 2 risposta, 3 stato of the tender */
    [Q_CHIAR_GET] = {"chiarimento_get", 1,
                     "SELECT c.gara_id, g.provincia, c.risposta, g.stato"
                     " FROM sua_chiarimento c JOIN sua_gara g"
                     " ON g.id = c.gara_id WHERE c.id = $1"},
    [Q_CHIAR_ANSWER] = {"chiarimento_answer", 4,
                        "UPDATE sua_chiarimento SET risposta = $2,"
                        " risposto_da = $3, risposto_at = $4 WHERE id = $1"},
    /* The officer's view: 0 id, 1 domanda, 2 risposta, 3 chiesto_at,
       4 risposto_at (the asker is never shown). */
    [Q_CHIAR_LIST] = {"chiarimenti_list", 1,
                      "SELECT id, domanda, risposta, chiesto_at, risposto_at"
                      " FROM sua_chiarimento WHERE gara_id = $1"
                      " ORDER BY id"},
    /* The officer's panel: tenders by state in $1's Provinces. */
    [Q_AREA_COUNTS] =
        {"gare_area_counts", 1,
         "SELECT g.stato, COUNT(*) FROM sua_gara g WHERE" IN_PROVINCE(
             "g.provincia", "1") " GROUP BY g.stato ORDER BY g.stato"},
    [Q_AREA_ATTESA] =
        {"gare_area_attesa", 1,
         "SELECT COUNT(*) FROM sua_chiarimento c JOIN sua_gara g"
         " ON g.id = c.gara_id WHERE c.risposta IS NULL AND" IN_PROVINCE(
             "g.provincia", "1")},
    /* Deadlines between $2 and $3 of published tenders: 0 id, 1 oggetto,
       2 which, 3 instant. */
    [Q_AREA_SCADENZE] =
        {"gare_area_scadenze", 3,
         "SELECT id, oggetto, 'chiarimenti', termine_chiarimenti FROM sua_gara"
         " g WHERE g.stato = 'pubblicata' AND" IN_PROVINCE(
             "g.provincia",
             "1") " AND termine_chiarimenti >= $2 AND termine_chiarimenti < $3"
                  " UNION ALL SELECT id, oggetto, 'offerte', termine_offerte "
                  "FROM"
                  " sua_gara g WHERE g.stato = 'pubblicata' AND" IN_PROVINCE(
                      "g.provincia",
                      "1") " AND termine_offerte >= $2 AND termine_offerte < $3"
                           " UNION ALL SELECT id, oggetto, 'prima_seduta', "
                           "prima_seduta FROM"
                           " sua_gara g WHERE g.stato = 'pubblicata' "
                           "AND" IN_PROVINCE("g.provincia",
                                             "1") " AND prima_seduta >= $2 AND "
                                                  "prima_seduta < $3"
                                                  " ORDER BY 4, 1 LIMIT 20"},
/*
 * Q_GARE_LIST and Q_GARE_COUNT for a caller of one Province (the
 * common case), the Province written as an equality so that the page
 * is a range of an index walked backwards from the cursor's id $3
 * (INT64_MAX without a cursor: "$3 IS NULL OR" would hide the range
 * from SQLite's planner): sua_gara (provincia, id) (0058), or
 * (provincia, stato, id) (0020) when a stato $2 is asked.  The
 * comma-list LIKE of IN_PROVINCE is served by no index: that page
 * walked the primary key backwards past the other Provinces' tenders
 * (docs/internals/lists.md "/sua/gare").
 */
#define GARE_LIST_ONE(STATO)                                                   \
	"SELECT g.id, g.provincia, g.stato, g.oggetto, g.tipo, g.procedura,"   \
	" g.termine_offerte, g.versione,"                                      \
	" (SELECT COUNT(*) FROM sua_lotto l WHERE l.gara_id = g.id),"          \
	" (SELECT COALESCE(SUM(l.importo_cents), 0) FROM sua_lotto l"          \
	" WHERE l.gara_id = g.id), g.updated,"                                 \
	" (SELECT COUNT(*) FROM sua_chiarimento c WHERE c.gara_id = g.id"      \
	" AND c.risposta IS NULL)"                                             \
	" FROM sua_gara g WHERE g.provincia = $1" STATO " AND g.id < $3"       \
	" ORDER BY g.id DESC LIMIT $4 OFFSET $5"
    [Q_GARE_LIST_ONE] = {"gare_list_one", 5,
                         GARE_LIST_ONE(" AND CAST($2 AS TEXT) IS NULL")},
    [Q_GARE_LIST_ONE_STATO] = {"gare_list_one_stato", 5,
                               GARE_LIST_ONE(" AND g.stato = $2")},
    [Q_GARE_COUNT_ONE] = {"gare_count_one", 3,
                          "SELECT COUNT(*) FROM (SELECT 1 FROM sua_gara g"
                          " WHERE g.provincia = $1"
                          " AND (CAST($2 AS TEXT) IS NULL"
                          " OR g.stato = CAST($2 AS TEXT)) LIMIT $3) t"},
};

const size_t gare_sql_count = Q_GARE__MAX;
