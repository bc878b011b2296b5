/*
 * bandi_sql.c - every SQL text of the call registry.  Optional filters are
 * "CAST($n AS TEXT) IS NULL OR ...", so one text serves both dialects.  The
 * catalogue is ordered by the call's last deadline (scadenza_ordine, the
 * largest integer when it has none) then id: the keyset of the index
 * eu_bando_ordine.  The search matches each folded query word at the
 * beginning of a word of testo_ricerca (only [a-z0-9 ], so the LIKE
 * pattern built in C holds no wildcard but its own).
 */
#include "modules/europa/bandi_sql.h"

#define BANDO_COLS                                                             \
	"id, fonte, chiave_fonte, identificativo, titolo, programma_codice,"   \
	" programma_nome, gestione, tipo_azione, stato, apertura_at,"          \
	" apertura_originale, modello_scadenze, budget_totale_cent,"           \
	" budget_min_cent, budget_max_cent, sovvenzioni_previste,"             \
	" cofinanziamento_ue_bp, partner_min, paesi_min, parole_chiave, url,"  \
	" descrizione_html, condizioni_html, raw_json, checksum,"              \
	" scheda_a_chi, scheda_cosa_finanzia, scheda_cofinanziamento,"         \
	" scheda_difficolta, scheda_note_comuni, note_interne, first_seen,"    \
	" last_seen, updated"

/*
 * $1 programma, $2 stato, $3 fonte, $4 gestione, $5 and $6 a deadline
 * range [$5, $6) (both set or both NULL), $7..$10 "% word%" patterns.
 */
#define BANDO_FILTER                                                           \
	" FROM eu_bando b WHERE (CAST($1 AS TEXT) IS NULL OR"                  \
	" b.programma_codice = CAST($1 AS TEXT)) AND (CAST($2 AS TEXT) IS "    \
	"NULL"                                                                 \
	" OR b.stato = CAST($2 AS TEXT)) AND (CAST($3 AS TEXT) IS NULL OR"     \
	" b.fonte = CAST($3 AS TEXT)) AND (CAST($4 AS TEXT) IS NULL OR"        \
	" b.gestione = CAST($4 AS TEXT)) AND (CAST($5 AS BIGINT) IS NULL OR"   \
	" EXISTS (SELECT 1 FROM eu_bando_scadenza s WHERE s.bando_id = b.id"   \
	" AND s.scadenza_at >= CAST($5 AS BIGINT) AND s.scadenza_at <"         \
	" CAST($6 AS BIGINT))) AND (CAST($7 AS TEXT) IS NULL OR"               \
	" (' ' || b.testo_ricerca) LIKE CAST($7 AS TEXT)) AND"                 \
	" (CAST($8 AS TEXT) IS NULL OR (' ' || b.testo_ricerca) LIKE"          \
	" CAST($8 AS TEXT)) AND (CAST($9 AS TEXT) IS NULL OR"                  \
	" (' ' || b.testo_ricerca) LIKE CAST($9 AS TEXT)) AND"                 \
	" (CAST($10 AS TEXT) IS NULL OR (' ' || b.testo_ricerca) LIKE"         \
	" CAST($10 AS TEXT))"

const struct sql_def europa_bandi_sql[Q_EUROPA_BANDI__MAX] = {
    [Q_EU_KEY] = {"eu_key", 2,
                  "SELECT id, checksum, stato FROM eu_bando"
                  " WHERE fonte = $1 AND chiave_fonte = $2"},
    /* $28 now: first_seen, last_seen and updated.  The scheda is written
       after (Q_EU_UPDATE_SCHEDA), one statement for both paths. */
    [Q_EU_INSERT] =
        {"eu_insert", 28,
         "INSERT INTO eu_bando (fonte, chiave_fonte, identificativo, titolo,"
         " programma_codice, programma_nome, gestione, tipo_azione, stato,"
         " apertura_at, apertura_originale, modello_scadenze,"
         " budget_totale_cent, budget_min_cent, budget_max_cent,"
         " sovvenzioni_previste, cofinanziamento_ue_bp, partner_min,"
         " paesi_min, parole_chiave, url, descrizione_html, condizioni_html,"
         " raw_json, checksum, testo_ricerca, scadenza_ordine, first_seen,"
         " last_seen, updated)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
         " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,"
         " $27, $28, $28, $28) RETURNING id"},
    [Q_EU_TOUCH] = {"eu_touch", 2,
                    "UPDATE eu_bando SET last_seen = $2 WHERE id = $1"},
    /* $2..$26 the insert's $3..$27; $27 now. */
    [Q_EU_UPDATE_IMPORT] =
        {"eu_update_import", 27,
         "UPDATE eu_bando SET identificativo = $2, titolo = $3,"
         " programma_codice = $4, programma_nome = $5, gestione = $6,"
         " tipo_azione = $7, stato = $8, apertura_at = $9,"
         " apertura_originale = $10, modello_scadenze = $11,"
         " budget_totale_cent = $12, budget_min_cent = $13,"
         " budget_max_cent = $14, sovvenzioni_previste = $15,"
         " cofinanziamento_ue_bp = $16, partner_min = $17, paesi_min = $18,"
         " parole_chiave = $19, url = $20, descrizione_html = $21,"
         " condizioni_html = $22, raw_json = $23, checksum = $24,"
         " testo_ricerca = $25, scadenza_ordine = $26, last_seen = $27,"
         " updated = $27 WHERE id = $1"},
    /* $2..$22 identificativo..condizioni_html, $23 testo, $24 ordine,
       $25..$30 the scheda and note_interne, $31 now. */
    [Q_EU_UPDATE_MANUAL] =
        {"eu_update_manual", 31,
         "UPDATE eu_bando SET identificativo = $2, titolo = $3,"
         " programma_codice = $4, programma_nome = $5, gestione = $6,"
         " tipo_azione = $7, stato = $8, apertura_at = $9,"
         " apertura_originale = $10, modello_scadenze = $11,"
         " budget_totale_cent = $12, budget_min_cent = $13,"
         " budget_max_cent = $14, sovvenzioni_previste = $15,"
         " cofinanziamento_ue_bp = $16, partner_min = $17, paesi_min = $18,"
         " parole_chiave = $19, url = $20, descrizione_html = $21,"
         " condizioni_html = $22, testo_ricerca = $23, scadenza_ordine = $24,"
         " scheda_a_chi = $25, scheda_cosa_finanzia = $26,"
         " scheda_cofinanziamento = $27, scheda_difficolta = $28,"
         " scheda_note_comuni = $29, note_interne = $30, updated = $31"
         " WHERE id = $1"},
    [Q_EU_UPDATE_SCHEDA] =
        {"eu_update_scheda", 8,
         "UPDATE eu_bando SET scheda_a_chi = $2, scheda_cosa_finanzia = $3,"
         " scheda_cofinanziamento = $4, scheda_difficolta = $5,"
         " scheda_note_comuni = $6, note_interne = $7, updated = $8"
         " WHERE id = $1"},
    [Q_EU_GET] = {"eu_get", 1,
                  "SELECT " BANDO_COLS " FROM eu_bando WHERE id = $1"},
    [Q_EU_SCAD_LIST] = {"eu_scad_list", 1,
                        "SELECT fase, scadenza_at, fuso, originale"
                        " FROM eu_bando_scadenza WHERE bando_id = $1"
                        " ORDER BY fase, scadenza_at"},
    [Q_EU_SCAD_DEL] = {"eu_scad_del", 1,
                       "DELETE FROM eu_bando_scadenza WHERE bando_id = $1"},
    [Q_EU_SCAD_INS] = {"eu_scad_ins", 5,
                       "INSERT INTO eu_bando_scadenza (bando_id, fase,"
                       " scadenza_at, fuso, originale)"
                       " VALUES ($1, $2, $3, $4, $5)"
                       " ON CONFLICT (bando_id, fase, scadenza_at)"
                       " DO NOTHING"},
    [Q_EU_COUNT] = {"eu_count", 11,
                    "SELECT COUNT(*) FROM (SELECT 1" BANDO_FILTER
                    " LIMIT $11) x"},
    /* $11, $12 the previous page's last (scadenza_ordine, id), $13
       limit, $14 offset. */
    [Q_EU_LIST] = {"eu_list", 14,
                   "SELECT b.id, b.fonte, b.identificativo, b.titolo,"
                   " b.programma_codice, b.programma_nome, b.gestione,"
                   " b.tipo_azione, b.stato, b.apertura_at,"
                   " b.modello_scadenze, b.budget_totale_cent,"
                   " b.scadenza_ordine, b.url" BANDO_FILTER
                   " AND (b.scadenza_ordine > $11 OR (b.scadenza_ordine ="
                   " $11 AND b.id > $12)) ORDER BY b.scadenza_ordine, b.id"
                   " LIMIT $13 OFFSET $14"},
    [Q_EU_FACET_PROGRAMMI] = {"eu_facet_programmi", 0,
                              "SELECT programma_codice, COUNT(*)"
                              " FROM eu_bando WHERE programma_codice IS NOT"
                              " NULL GROUP BY programma_codice"
                              " ORDER BY COUNT(*) DESC, programma_codice"
                              " LIMIT 100"},
    [Q_EU_FACET_STATI] = {"eu_facet_stati", 0,
                          "SELECT stato, COUNT(*) FROM eu_bando"
                          " GROUP BY stato ORDER BY stato"},
    [Q_EU_TOTAL] = {"eu_total", 0, "SELECT COUNT(*) FROM eu_bando"},
    /* $1 the call, $2 now: the earliest deadline not before now. */
    [Q_EU_PROSSIMA] = {"eu_prossima", 2,
                       "UPDATE eu_bando SET prossima_scadenza ="
                       " (SELECT MIN(s.scadenza_at) FROM eu_bando_scadenza s"
                       " WHERE s.bando_id = $1 AND s.scadenza_at >= $2)"
                       " WHERE id = $1"},
};

const size_t europa_bandi_sql_count =
    sizeof(europa_bandi_sql) / sizeof(europa_bandi_sql[0]);
