/*
 * portale_sql.c - every SQL text of the public tender portal.  Written once
 * for SQLite and PostgreSQL where they agree: $n parameters, CAST($n AS
 * ...) where a parameter may be NULL (PostgreSQL must know its type).
 * Every public read goes through sua_portale (only published tenders have a
 * row) or checks pubblicata_at itself: a draft is never read here.
 *
 * Search: $q is the query's search form (core/fold.h, text_search_form):
 * words of [a-z0-9] separated by one space, never empty, so it is only
 * ever text inside the FTS5 expression '"w1"* "w2"*' and PostgreSQL's
 * 'w1:* & w2:*' -- each word must begin a word of the tender's text.
 * The tsquery is a scalar subquery, computed once per statement, not
 * once per row checked (modules/registry/registry_sql.c, PG_WORDS).
 */
#include "modules/sua/portale_sql.h"

#define FTS_WORDS(n) "'\"' || REPLACE($" n ", ' ', '\"* \"') || '\"*'"
#define PG_WORDS(n)                                                            \
	"(SELECT to_tsquery('simple', REPLACE($" n ", ' ', ':* & ') || ':*'))"
#define FTS_MATCH(n)                                                           \
	" AND s.gara_id IN (SELECT rowid FROM sua_portale_parole"              \
	" WHERE sua_portale_parole MATCH " FTS_WORDS(n) ")"
#define PG_MATCH(n) " AND s.parole @@ " PG_WORDS(n)

/*
 * The list's filters, $1..$8: stato, tipo, comune (a lot's beneficiary),
 * CPV prefix (of a lot), importo min and max (cents, whole tender),
 * publication date from and to ('AAAA-MM-GG', Europe/Rome); NULL: any.
 */
#define FROM_WHERE                                                             \
	" FROM sua_portale s JOIN sua_gara g ON g.id = s.gara_id"              \
	" WHERE g.pubblicata_at IS NOT NULL"                                   \
	" AND (CAST($1 AS TEXT) IS NULL OR g.stato = CAST($1 AS TEXT))"        \
	" AND (CAST($2 AS TEXT) IS NULL OR g.tipo = CAST($2 AS TEXT))"         \
	" AND (CAST($3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM sua_lotto l"  \
	" WHERE l.gara_id = s.gara_id AND l.comune = CAST($3 AS TEXT)))"       \
	" AND (CAST($4 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM sua_lotto l"  \
	" WHERE l.gara_id = s.gara_id AND substr(l.cpv, 1,"                    \
	" length(CAST($4 AS TEXT))) = CAST($4 AS TEXT)))"                      \
	" AND (CAST($5 AS BIGINT) IS NULL"                                     \
	" OR s.importo_cents >= CAST($5 AS BIGINT))"                           \
	" AND (CAST($6 AS BIGINT) IS NULL"                                     \
	" OR s.importo_cents <= CAST($6 AS BIGINT))"                           \
	" AND (CAST($7 AS TEXT) IS NULL"                                       \
	" OR s.data_pubblicazione >= CAST($7 AS TEXT))"                        \
	" AND (CAST($8 AS TEXT) IS NULL"                                       \
	" OR s.data_pubblicazione <= CAST($8 AS TEXT))"
/*
 * A page: newest publication first, then id, after the key ($9
 * pubblicata_at, $10 gara_id of the previous page's last row; NULL: from
 * the start), $11 rows, $12 offset.  Columns: 0 gara_id, 1 pubblicata_at.
 */
#define PAGE_AFTER                                                             \
	" AND (CAST($9 AS BIGINT) IS NULL"                                     \
	" OR s.pubblicata_at < CAST($9 AS BIGINT)"                             \
	" OR (s.pubblicata_at = CAST($9 AS BIGINT)"                            \
	" AND s.gara_id < CAST($10 AS BIGINT)))"
#define PAGE_ORDER                                                             \
	" ORDER BY s.pubblicata_at DESC, s.gara_id DESC LIMIT $11 OFFSET $12"

const struct sql_def portale_sql[Q_PORTALE__MAX] = {
    /* 0 oggetto, 1 provincia, 2 pubblicata_at (NULL: a draft) */
    [Q_PORTALE_SRC] = {"portale_src", 1,
                       "SELECT oggetto, provincia, pubblicata_at"
                       " FROM sua_gara WHERE id = $1"},
    /*
     * 0 numero, 1 oggetto, 2 cig, 3 cpv, 4 importo_cents,
     * 5 sicurezza_cents, 6 comune
     */
    [Q_PORTALE_LOTTI] = {"portale_lotti", 1,
                         "SELECT numero, oggetto, cig, cpv, importo_cents,"
                         " sicurezza_cents, comune FROM sua_lotto"
                         " WHERE gara_id = $1 ORDER BY numero"},
    [Q_PORTALE_DELETE] = {"portale_delete", 1,
                          "DELETE FROM sua_portale WHERE gara_id = $1"},
    [Q_PORTALE_INSERT] = {"portale_insert", 7,
                          "INSERT INTO sua_portale (gara_id, provincia,"
                          " pubblicata_at, data_pubblicazione, importo_cents,"
                          " lotti, testo) VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    /* PostgreSQL's tsvector follows the row: its twins do nothing. */
    [Q_PORTALE_FTS_DELETE] = {"portale_fts_delete", 1,
                              "DELETE FROM sua_portale_parole"
                              " WHERE rowid = $1",
                              "SELECT CAST($1 AS BIGINT)"},
    [Q_PORTALE_FTS_INSERT] = {"portale_fts_insert", 2,
                              "INSERT INTO sua_portale_parole (rowid, testo)"
                              " VALUES ($1, $2)",
                              "SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT)"},
    [Q_PORTALE_CLEAR] = {"portale_clear", 0, "DELETE FROM sua_portale"},
    [Q_PORTALE_FTS_CLEAR] = {"portale_fts_clear", 0,
                             "DELETE FROM sua_portale_parole", "SELECT 1"},
    /* $1 after this id, $2 rows */
    [Q_PORTALE_PUBLISHED] = {"portale_published", 2,
                             "SELECT id FROM sua_gara"
                             " WHERE pubblicata_at IS NOT NULL AND id > $1"
                             " ORDER BY id LIMIT $2"},
    [Q_PORTALE_PAGE] =
        {"portale_page", 12,
         "SELECT s.gara_id, s.pubblicata_at" FROM_WHERE PAGE_AFTER PAGE_ORDER},
    /* The same, $13 the search words. */
    [Q_PORTALE_PAGE_Q] =
        {"portale_page_q", 13,
         "SELECT s.gara_id, s.pubblicata_at" FROM_WHERE PAGE_AFTER FTS_MATCH(
             "13") PAGE_ORDER,
         "SELECT s.gara_id, s.pubblicata_at" FROM_WHERE PAGE_AFTER PG_MATCH(
             "13") PAGE_ORDER},
    /* How many match ($9 the cap, http/list.h; $10 the search words). */
    [Q_PORTALE_COUNT] = {"portale_count", 9,
                         "SELECT COUNT(*) FROM (SELECT 1" FROM_WHERE
                         " LIMIT $9) x"},
    [Q_PORTALE_COUNT_Q] = {"portale_count_q", 10,
                           "SELECT COUNT(*) FROM (SELECT 1" FROM_WHERE
                               FTS_MATCH("10") " LIMIT $9) x",
                           "SELECT COUNT(*) FROM (SELECT 1" FROM_WHERE PG_MATCH(
                               "10") " LIMIT $9) x"},
    /*
     * 0 id, 1 oggetto, 2 tipo, 3 stato, 4 provincia, 5 pubblicata_at,
     * 6 data_pubblicazione, 7 importo_cents, 8 lotti, 9 termine_offerte,
     * 10 termine_chiarimenti, 11 procedura
     */
    [Q_PORTALE_ROW] = {"portale_row", 1,
                       "SELECT g.id, g.oggetto, g.tipo, g.stato, g.provincia,"
                       " s.pubblicata_at, s.data_pubblicazione,"
                       " s.importo_cents, s.lotti, g.termine_offerte,"
                       " g.termine_chiarimenti, g.procedura"
                       " FROM sua_portale s JOIN sua_gara g"
                       " ON g.id = s.gara_id WHERE s.gara_id = $1"
                       " AND g.pubblicata_at IS NOT NULL"},
    /*
     * 0 id, 1 provincia, 2 stato, 3 oggetto, 4 tipo, 5 procedura,
     * 6 criterio, 7 rup_nome, 8 termine_chiarimenti, 9 termine_offerte,
     * 10 prima_seduta, 11 pubblicata_at, 12 motivo_annullamento,
     * 13 versione, 14 data_invio
     */
    [Q_PORTALE_GARA] = {"portale_gara", 1,
                        "SELECT id, provincia, stato, oggetto, tipo,"
                        " procedura, criterio, rup_nome, termine_chiarimenti,"
                        " termine_offerte, prima_seduta, pubblicata_at,"
                        " motivo_annullamento, versione, data_invio"
                        " FROM sua_gara WHERE id = $1"
                        " AND pubblicata_at IS NOT NULL"},
    /* 0 id, 1 domanda, 2 risposta, 3 chiesto_at, 4 risposto_at: never who */
    [Q_PORTALE_CHIARIMENTI] = {"portale_chiarimenti", 1,
                               "SELECT id, domanda, risposta, chiesto_at,"
                               " risposto_at FROM sua_chiarimento"
                               " WHERE gara_id = $1 AND risposta IS NOT NULL"
                               " AND risposto_at IS NOT NULL ORDER BY id"},
    /* 0 numero, 1 motivo, 2 modifiche (JSON), 3 pubblicata_at */
    [Q_PORTALE_RETTIFICHE] = {"portale_rettifiche", 1,
                              "SELECT numero, motivo, modifiche, pubblicata_at"
                              " FROM sua_rettifica WHERE gara_id = $1"
                              " ORDER BY numero"},
    /*
     * A Comune's published tenders by tipo and stato: 0 tipo, 1 stato,
     * 2 tenders, 3 sum of that Comune's lots (cents).
     */
    [Q_PORTALE_COMUNE_TOT] =
        {"portale_comune_tot", 1,
         "SELECT g.tipo, g.stato, COUNT(DISTINCT g.id),"
         " CAST(COALESCE(SUM(l.importo_cents), 0) AS BIGINT)"
         " FROM sua_portale s JOIN sua_gara g"
         " ON g.id = s.gara_id JOIN sua_lotto l"
         " ON l.gara_id = g.id WHERE l.comune = $1"
         " AND g.pubblicata_at IS NOT NULL"
         " GROUP BY g.tipo, g.stato"
         " ORDER BY g.tipo, g.stato"},
    /*
     * The documents linked to tender $1 (sua_documento, written by
     * sua_documento_attach), at most $2: 0 documento_id, 1 tipo, 2 nome,
     * 3 mime, 4 size, 5 created.
     */
    [Q_PORTALE_DOCUMENTI] = {"portale_documenti", 2,
                             "SELECT documento_id, tipo, nome, mime, size,"
                             " created FROM sua_documento"
                             " WHERE oggetto = 'gara' AND oggetto_id = $1"
                             " ORDER BY id LIMIT $2"},
};

const size_t portale_sql_count = Q_PORTALE__MAX;
