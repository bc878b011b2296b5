/*
 * registry_sql.c - every SQL text of the registry module.  Written once for
 * SQLite and PostgreSQL: $n parameters, CAST($n AS TEXT) where a parameter
 * may be NULL (PostgreSQL must know its type), no LIKE on unfolded text
 * (search matches the folded column nome_search against a folded query, so
 * the pattern holds only [a-z0-9 ] and non-ASCII bytes, never '%' or '_').
 */
#include "modules/registry/registry_sql.h"

/*
 * Pieces of the Comuni list statements (compile-time concatenation, so each
 * statement is still one constant).  Every page statement gives the row's
 * position in its order as column 0, then the Comune's columns 1-11
 * (registry handlers.c, comune_members).  docs/internals/lists.md explains
 * the pattern: a page is a range of an index, continued from the last
 * position (keyset), never a sort of the whole table.
 */
#define COMUNE_COLUMNS                                                         \
	" c.codice_istat, c.nome, p.codice, p.sigla, p.nome, r.codice,"        \
	" r.nome, c.codice_catastale, c.nuts3, c.popolazione, c.attivo"
#define COMUNE_JOINS                                                           \
	" JOIN comune c ON c.codice_istat = s.codice_istat"                    \
	" JOIN provincia p ON p.codice = c.provincia"                          \
	" JOIN regione r ON r.codice = p.regione"
/*
 * The search words $1 are the query's search form (core/fold.h,
 * text_search_words): words of [a-z0-9] separated by one space, each cut
 * to its first REGISTRY_WORD_MAX characters, never empty.  Each must begin
 * a word of the name ("san giov" matches "San Giovanni in Persiceto", "s
 * giov" too): FTS5's query '"san"* "giov"*' and PostgreSQL's 'san:* &
 * giov:*'.  Cut so, every prefix has its FTS5 prefix index (0017), read
 * lazily in order: a longer one would make FTS5 merge the whole lists of
 * every word beginning so (4 ms for "manutenzione" at 1,000,000 rows).
 * The words hold no quote, star or operator, so they are only ever text.
 * PostgreSQL's tsquery is a scalar subquery, computed once per statement
 * (an InitPlan): written as a plain call, to_tsquery (STABLE) was parsed
 * again for every row a walk checks -- 1.6 of its 1.8 us a row at
 * 1,000,000 rows (docs/internals/lists.md "PostgreSQL: the tsquery once").
 */
#define FTS_WORDS "'\"' || REPLACE($1, ' ', '\"* \"') || '\"*'"
#define PG_WORDS                                                               \
	"(SELECT to_tsquery('simple', REPLACE($1, ' ', ':* & ') || ':*'))"
/* One word $n of them, the rarest (search_plan_pg), as a prefix. */
#define PG_RAREST(n) "(SELECT to_tsquery('simple', $" n " || ':*'))"
/*
 * A part of a word ($n: one word of 3 characters or more, whole, while
 * $1 has the words cut to their first REGISTRY_WORD_MAX characters).
 */
#define LIKE_PART(n) "'%' || $" n " || '%'"
/*
 * Where the next page starts: after the position, in order o, of the last
 * Comune whose key (k1, k2, k3) is not past the cursor's ($k, $k+1, $k+2:
 * the key of the previous page's last Comune), 0 without a cursor ($k
 * NULL).  A key, not a position: an import that adds, renames or removes
 * Comuni between two pages moves the positions, and the page still goes
 * on exactly after what was shown.  Keys grow with the position, except
 * in -nome and -codice where they shrink.
 */
#define AFTER_KEY(col, o, k1, k2, k3) " AND " col " > " AFTER_POS(o, k1, k2, k3)
/* The position AFTER_KEY starts after, as an expression. */
#define AFTER_POS(o, k1, k2, k3)                                               \
	"CASE WHEN CAST($" k1 " AS TEXT) IS NULL THEN 0"                       \
	" WHEN " o " IN ('-nome', '-codice') THEN COALESCE((SELECT a.pos"      \
	" FROM comune_ordine a WHERE a.ordine = " o " AND (a.k1, a.k2, a.k3)"  \
	" >= (CAST($" k1 " AS TEXT), CAST($" k2 " AS TEXT), CAST($" k3         \
	" AS TEXT)) ORDER BY a.k1, a.k2, a.k3 LIMIT 1), 0)"                    \
	" ELSE COALESCE((SELECT a.pos FROM comune_ordine a WHERE a.ordine "    \
	"= " o " AND (a.k1, a.k2, a.k3) <= (CAST($" k1 " AS TEXT), CAST($" k2  \
	" AS TEXT), CAST($" k3 " AS TEXT)) ORDER BY a.k1 DESC, a.k2 DESC,"     \
	" a.k3 DESC LIMIT 1), 0) END"
/*
 * Is the one word $1 (cut as the words phase cuts it) the beginning of a
 * word of s.testo -- a row the words phase has already given?  Checked on
 * the row's text, not with a second full-text query per row: the part
 * phase of a rare word may read a thousand rows only to drop them all.
 */
#define NOT_A_WORD(s)                                                          \
	"(" s ".testo LIKE $1 || '%' OR " s ".testo LIKE '% ' || $1 || '%')"
/* NOT NOT_A_WORD(s), on PostgreSQL (see Q_COMUNI_PART). */
#define NO_WORD_BEGINS_PG(s) "strpos(' ' || " s ".testo, ' ' || $1) = 0"
/* The key of a Comune in the order 'nome' (0017): columns 12-14. */
#define NAME_KEY ", c.nome_search, c.codice_istat, ''"
/* $prov: the unit code, or NULL for every unit. */
#define PROV_OR_ALL(n)                                                         \
	" AND (CAST($" n " AS TEXT) IS NULL OR s.provincia = CAST($" n         \
	" AS TEXT))"

/* The positions of every order; C the collation clause of the names. */
#define SEARCH_FILL_ORDINE(C, PAD0, PADN)                                      \
	"INSERT INTO comune_ordine (ordine, pos, codice_istat, provincia,"     \
	" k1, k2, k3)"                                                         \
	" SELECT 'nome', ROW_NUMBER() OVER (ORDER BY nome_search" C            \
	", codice_istat), codice_istat, provincia, nome_search, codice_istat," \
	" '' FROM comune WHERE attivo = 1 UNION ALL"                           \
	" SELECT '-nome', ROW_NUMBER() OVER (ORDER BY nome_search" C           \
	" DESC, codice_istat DESC), codice_istat, provincia, nome_search,"     \
	" codice_istat, '' FROM comune WHERE attivo = 1 UNION ALL"             \
	" SELECT 'codice', ROW_NUMBER() OVER (ORDER BY codice_istat),"         \
	" codice_istat, provincia, codice_istat, '', '' FROM comune"           \
	" WHERE attivo = 1 UNION ALL"                                          \
	" SELECT '-codice', ROW_NUMBER() OVER (ORDER BY codice_istat DESC),"   \
	" codice_istat, provincia, codice_istat, '', '' FROM comune"           \
	" WHERE attivo = 1 UNION ALL"                                          \
	" SELECT 'popolazione', ROW_NUMBER() OVER (ORDER BY popolazione"       \
	" IS NULL, popolazione, nome_search" C ", codice_istat),"              \
	" codice_istat, provincia, CASE WHEN popolazione IS NULL THEN '1'"     \
	" ELSE '0' END || " PAD0 ", nome_search, codice_istat FROM comune"     \
	" WHERE attivo = 1 UNION ALL"                                          \
	" SELECT '-popolazione', ROW_NUMBER() OVER (ORDER BY popolazione"      \
	" IS NULL, popolazione DESC, nome_search" C ", codice_istat),"         \
	" codice_istat, provincia, CASE WHEN popolazione IS NULL THEN '1'"     \
	" ELSE '0' END || " PADN ", nome_search, codice_istat FROM comune"     \
	" WHERE attivo = 1"
/* The population as 12 digits, and its complement for -popolazione. */
#define POP_SQLITE "printf('%012d', COALESCE(popolazione, 0))"
#define POPN_SQLITE "printf('%012d', 999999999999 - COALESCE(popolazione, 0))"
#define POP_PG "lpad(COALESCE(popolazione, 0)::text, 12, '0')"
#define POPN_PG "lpad((999999999999 - COALESCE(popolazione, 0))::text, 12, '0')"
/*
 * The search text: the folded names with the '|' between a name and its
 * other-language name made a space.  The folded names of the ISTAT lists
 * are ASCII (core/fold.c maps every Latin letter they use), so this is
 * their search form (tests/http/ricerca.test.mjs compares both backends on
 * the whole list).
 */
#define SEARCH_FILL(C)                                                         \
	"INSERT INTO comune_ricerca (pos, codice_istat, provincia, testo,"     \
	" nome, nome_search, sigla, provincia_nome, regione, regione_nome,"    \
	" codice_catastale, nuts3, popolazione)"                               \
	" SELECT ROW_NUMBER() OVER (ORDER BY c.nome_search" C                  \
	", c.codice_istat), c.codice_istat, c.provincia,"                      \
	" REPLACE(c.nome_search, '|', ' '), c.nome, c.nome_search, p.sigla,"   \
	" p.nome, r.codice, r.nome, c.codice_catastale, c.nuts3,"              \
	" c.popolazione FROM comune c"                                         \
	" JOIN provincia p ON p.codice = c.provincia"                          \
	" JOIN regione r ON r.codice = p.regione WHERE c.attivo = 1"
/*
 * The page of a search read from the search table alone (0059): the
 * columns COMUNE_COLUMNS gives, in its order, and the name order's key
 * (NAME_KEY), copied from comune, provincia and regione by SEARCH_FILL.
 * Only active Comuni have a position, so attivo is 1.
 */
#define ROW_COLUMNS                                                            \
	" s.codice_istat, s.nome, s.provincia, s.sigla, s.provincia_nome,"     \
	" s.regione, s.regione_nome, s.codice_catastale, s.nuts3,"             \
	" s.popolazione, CAST(1 AS BIGINT), s.nome_search, s.codice_istat, ''"

const struct sql_def registry_sql[Q_REGISTRY__MAX] = {
    [Q_REG_UPDATE] = {"registry_reg_update", 3,
                      "UPDATE regione SET nome = $2, ripartizione = $3"
                      " WHERE codice = $1"},
    [Q_PROV_ACTIVE] = {"registry_prov_active", 0,
                       "SELECT codice FROM provincia WHERE attivo = 1"
                       " ORDER BY codice"},
    [Q_PROV_DEACTIVATE] = {"registry_prov_deactivate", 2,
                           "UPDATE provincia SET attivo = 0, updated = $2"
                           " WHERE codice = $1 AND attivo = 1"},
    /* Changes nothing (0 changes) when the row is already identical. */
    [Q_PROV_UPSERT] =
        {"registry_prov_upsert", 6,
         "INSERT INTO provincia (codice, sigla, nome, tipologia, regione,"
         " attivo, updated) VALUES ($1, $2, $3, $4, $5, 1, $6)"
         " ON CONFLICT (codice) DO UPDATE SET sigla = excluded.sigla,"
         " nome = excluded.nome, tipologia = excluded.tipologia,"
         " regione = excluded.regione, attivo = 1, updated = excluded.updated"
         " WHERE provincia.sigla <> excluded.sigla"
         " OR provincia.nome <> excluded.nome"
         " OR provincia.tipologia <> excluded.tipologia"
         " OR provincia.regione <> excluded.regione"
         " OR provincia.attivo <> 1"},
    [Q_COM_ALL] = {"registry_com_all", 0,
                   "SELECT codice_istat, attivo FROM comune"
                   " ORDER BY codice_istat"},
    /*
     * $1 codice, $2 nome, $3 altra lingua, $4 nome_search, $5 provincia,
     * $6 catastale, $7 cf, $8-$10 nuts, $11 ripartizione, $12 capoluogo,
     * $13 popolazione, $14 now.  NULL cf/NUTS/population (column absent
     * or empty in the file) keep what is stored.  0 changes when nothing
     * differs.
     */
    [Q_COM_UPSERT] =
        {"registry_com_upsert", 14,
         "INSERT INTO comune (codice_istat, nome, nome_altra_lingua,"
         " nome_search, provincia, codice_catastale, codice_fiscale, nuts1,"
         " nuts2, nuts3, ripartizione, capoluogo_provincia, popolazione,"
         " attivo, updated)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1,"
         " $14)"
         " ON CONFLICT (codice_istat) DO UPDATE SET nome = excluded.nome,"
         " nome_altra_lingua = excluded.nome_altra_lingua,"
         " nome_search = excluded.nome_search,"
         " provincia = excluded.provincia,"
         " codice_catastale = excluded.codice_catastale,"
         " codice_fiscale = COALESCE(excluded.codice_fiscale,"
         " comune.codice_fiscale),"
         " nuts1 = COALESCE(excluded.nuts1, comune.nuts1),"
         " nuts2 = COALESCE(excluded.nuts2, comune.nuts2),"
         " nuts3 = COALESCE(excluded.nuts3, comune.nuts3),"
         " ripartizione = excluded.ripartizione,"
         " capoluogo_provincia = excluded.capoluogo_provincia,"
         " popolazione = COALESCE(excluded.popolazione, comune.popolazione),"
         " attivo = 1, updated = excluded.updated"
         " WHERE comune.nome <> excluded.nome"
         " OR comune.nome_altra_lingua IS DISTINCT FROM"
         " excluded.nome_altra_lingua"
         " OR comune.nome_search <> excluded.nome_search"
         " OR comune.provincia <> excluded.provincia"
         " OR comune.codice_catastale <> excluded.codice_catastale"
         " OR (excluded.codice_fiscale IS NOT NULL AND comune.codice_fiscale"
         " IS DISTINCT FROM excluded.codice_fiscale)"
         " OR (excluded.nuts1 IS NOT NULL AND comune.nuts1 IS DISTINCT FROM"
         " excluded.nuts1)"
         " OR (excluded.nuts2 IS NOT NULL AND comune.nuts2 IS DISTINCT FROM"
         " excluded.nuts2)"
         " OR (excluded.nuts3 IS NOT NULL AND comune.nuts3 IS DISTINCT FROM"
         " excluded.nuts3)"
         " OR comune.ripartizione <> excluded.ripartizione"
         " OR comune.capoluogo_provincia <> excluded.capoluogo_provincia"
         " OR (excluded.popolazione IS NOT NULL AND comune.popolazione"
         " IS DISTINCT FROM excluded.popolazione)"
         " OR comune.attivo <> 1"},
    [Q_COM_DEACTIVATE] = {"registry_com_deactivate", 2,
                          "UPDATE comune SET attivo = 0, updated = $2"
                          " WHERE codice_istat = $1 AND attivo = 1"},
    [Q_PROV_BY_SIGLA] = {"registry_prov_by_sigla", 1,
                         "SELECT codice FROM provincia"
                         " WHERE sigla = $1 AND attivo = 1"},
    [Q_ISTANZA_SET] = {"registry_istanza_set", 2,
                       "UPDATE istanza SET provincia = $1, updated = $2"
                       " WHERE id = 1"},
    /* p.codice, p.sigla, p.nome, r.codice, r.nome, p.tipologia */
    [Q_ISTANZA_GET] = {"registry_istanza_get", 0,
                       "SELECT p.codice, p.sigla, p.nome, r.codice, r.nome,"
                       " p.tipologia"
                       " FROM istanza i"
                       " JOIN provincia p ON p.codice = i.provincia"
                       " JOIN regione r ON r.codice = p.regione"
                       " WHERE i.id = 1"},
    /* count, population, Comuni with a known population; $1 NULL = the
     * whole country */
    [Q_ISTANZA_FIGURES] = {"registry_istanza_figures", 1,
                           "SELECT COUNT(*), COALESCE(SUM(popolazione), 0),"
                           " COUNT(popolazione)"
                           " FROM comune WHERE attivo = 1"
                           " AND (CAST($1 AS TEXT) IS NULL"
                           " OR provincia = CAST($1 AS TEXT))"},
    /* codice, nome, statuto, ripartizione */
    [Q_REGIONI_LIST] = {"registry_regioni_list", 0,
                        "SELECT codice, nome, statuto, ripartizione"
                        " FROM regione ORDER BY codice"},
    /*
     * p.codice, p.sigla, p.nome, p.tipologia, p.attivo, r.codice, r.nome,
     * r.statuto, active Comuni.  $1 = 1: ordinary-statute regions only.
     */
    [Q_PROVINCE_LIST] =
        {"registry_province_list", 1,
         "SELECT p.codice, p.sigla, p.nome, p.tipologia, p.attivo,"
         " r.codice, r.nome, r.statuto,"
         " (SELECT COUNT(*) FROM comune c WHERE c.provincia = p.codice"
         " AND c.attivo = 1)"
         " FROM provincia p JOIN regione r ON r.codice = p.regione"
         " WHERE p.attivo = 1 AND ($1 = 0 OR r.statuto = 'ordinario')"
         " ORDER BY p.codice"},
    /*
     * A page of the list without search, in order $1 (nome, codice,
     * popolazione or their "-" forms), after the key $4, $5, $6 (NULL:
     * from the start; AFTER_KEY), $2 limit, $3 offset.  The provincia
     * variant ($7) reads the index (provincia, ordine, pos): "($7 IS NULL
     * OR ...)" would hide it from SQLite's planner.  Generic plans on
     * PostgreSQL: whatever the parameters, the plan is the range of
     * (ordine, pos) or (provincia, ordine, pos), the cursor's lookups
     * InitPlans run only with a cursor; a custom plan cost 0.43 ms of
     * planning for 0.12 ms of execution, the generic one 0.01 ms
     * (EXPLAIN ANALYZE, docs/internals/lists.md).
     */
    [Q_COMUNI_PAGE] = {"registry_comuni_page", 6,
                       "SELECT s.pos," COMUNE_COLUMNS ", s.k1, s.k2, s.k3"
                       " FROM comune_ordine s" COMUNE_JOINS
                       " WHERE s.ordine = $1" AFTER_KEY(
                           "s.pos", "$1", "4", "5",
                           "6") " ORDER BY s.pos LIMIT $2 OFFSET $3",
                       NULL, 1},
    [Q_COMUNI_PAGE_PROV] =
        {"registry_comuni_page_prov", 7,
         "SELECT s.pos," COMUNE_COLUMNS ", s.k1, s.k2, s.k3"
         " FROM comune_ordine s" COMUNE_JOINS
         " WHERE s.provincia = $7 AND s.ordine = $1" AFTER_KEY(
             "s.pos", "$1", "4", "5", "6") " ORDER BY s.pos LIMIT $2 OFFSET $3",
         NULL, 1},
    /* Exact totals without search: positions are 1..n in every order. */
    [Q_COMUNI_TOTAL] = {"registry_comuni_total", 0,
                        "SELECT COALESCE(MAX(pos), 0) FROM comune_ordine"
                        " WHERE ordine = 'nome'"},
    [Q_COMUNI_TOTAL_PROV] = {"registry_comuni_total_prov", 1,
                             "SELECT COUNT(*) FROM comune_ordine"
                             " WHERE provincia = $1 AND ordine = 'nome'"},
    /*
     * Search, first the Comuni with a word beginning with each word of
     * $1, in name order (the index gives them by position, which is the
     * position of the order 'nome'), after the key $5, $6, $7, $2 limit,
     * $3 offset, $4 unit or NULL.
     */
    [Q_COMUNI_WORDS] =
        {"registry_comuni_words", 7,
         "SELECT s.pos," COMUNE_COLUMNS NAME_KEY " FROM comune_parole f"
         " JOIN comune_ricerca s ON s.pos = f.rowid" COMUNE_JOINS
         " WHERE comune_parole MATCH " FTS_WORDS AFTER_KEY("f.rowid", "'nome'",
                                                           "5", "6", "7")
             PROV_OR_ALL("4") " ORDER BY f.rowid LIMIT $2 OFFSET $3",
         "SELECT s.pos," COMUNE_COLUMNS NAME_KEY
         " FROM comune_ricerca s" COMUNE_JOINS
         " WHERE s.parole @@ " PG_WORDS AFTER_KEY("s.pos", "'nome'", "5", "6",
                                                  "7")
             PROV_OR_ALL("4") " ORDER BY s.pos LIMIT $2 OFFSET $3"},
    /* Then those with $8 inside a word and not found above, same order. */
    [Q_COMUNI_PART] =
        {"registry_comuni_part", 8,
         "SELECT s.pos," COMUNE_COLUMNS NAME_KEY " FROM comune_trigrammi t"
         " JOIN comune_ricerca s ON s.pos = t.rowid" COMUNE_JOINS
         " WHERE t.testo LIKE " LIKE_PART("8") " AND NOT " NOT_A_WORD("s")
             AFTER_KEY("t.rowid", "'nome'", "5", "6", "7")
                 PROV_OR_ALL("4") " ORDER BY t.rowid LIMIT $2 OFFSET $3",
         /* PostgreSQL plans this one for each query (pg_trgm needs the
            pattern): the page's positions first, on the search table
            alone, then only its rows joined, so that the planner joins
            eleven rows instead of weighing the joins of the whole table;
            and "$1 begins no word" as one strpos, which the planner does
            not estimate against the column's statistics as it does each
            LIKE, and which costs one scan of the text instead of two
            (the same rows: $1 and the text hold only [a-z0-9 ]).  Planning
            0.54 -> 0.36 ms, execution 0.70 -> 0.26 ms for "sana" on the
            Comuni (EXPLAIN ANALYZE, custom plans). */
         "WITH k AS MATERIALIZED (SELECT s.pos, s.codice_istat"
         " FROM comune_ricerca s WHERE s.testo LIKE " LIKE_PART(
             "8") " AND " NO_WORD_BEGINS_PG("s")
             AFTER_KEY("s.pos", "'nome'", "5", "6", "7")
                 PROV_OR_ALL("4") " ORDER BY s.pos LIMIT $2 OFFSET $3)"
                                  " SELECT s.pos," COMUNE_COLUMNS NAME_KEY
                                  " FROM k s" COMUNE_JOINS " ORDER BY s.pos"},
    /* How many the first part has ($3: the cap, see http/list.h). */
    [Q_COMUNI_WORDS_COUNT] =
        {"registry_comuni_words_count", 3,
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_parole f"
         " JOIN comune_ricerca s ON s.pos = f.rowid"
         " WHERE comune_parole MATCH " FTS_WORDS PROV_OR_ALL(
             "2") " LIMIT $3) x",
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS PROV_OR_ALL("2") " LIMIT $3) x"},
    /*
     * The same two counts in every unit ($2 the cap): without the join
     * that only the unit filter needs (a thousand lookups less).
     */
    [Q_COMUNI_WORDS_COUNT_ALL] =
        {"registry_comuni_words_count_all", 2,
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_parole"
         " WHERE comune_parole MATCH " FTS_WORDS " LIMIT $2) x",
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS " LIMIT $2) x"},
    [Q_COMUNI_PART_COUNT_ALL] =
        {"registry_comuni_part_count_all", 2,
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_trigrammi"
         " WHERE testo LIKE " LIKE_PART("1") " LIMIT $2) x",
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_ricerca s"
         " WHERE s.testo LIKE " LIKE_PART("1") " LIMIT $2) x"},
    /*
     * How many have $1 (one word, 3 characters or more) inside a name:
     * these include those where it begins a word.  $3 the cap.
     */
    [Q_COMUNI_PART_COUNT] =
        {"registry_comuni_part_count", 3,
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_trigrammi t"
         " JOIN comune_ricerca s ON s.pos = t.rowid"
         " WHERE t.testo LIKE " LIKE_PART("1") PROV_OR_ALL("2") " LIMIT $3) x",
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_ricerca s"
         " WHERE s.testo LIKE " LIKE_PART("1") PROV_OR_ALL("2") " LIMIT $3) x"},
    /*
     * Search in another order than the name ($2): the matching Comuni
     * ($6 = 1: parts of words too, $7 the word) read along that order's
     * index after the key $8, $9, $10, $3 limit, $4 offset, $5 unit or
     * NULL.
     */
    [Q_COMUNI_MATCH_ORDERED] =
        {"registry_comuni_match_ordered", 10,
         "SELECT o.pos," COMUNE_COLUMNS ", o.k1, o.k2, o.k3"
         " FROM comune_ordine o"
         " JOIN comune_ricerca s ON s.codice_istat = "
         "o.codice_istat" COMUNE_JOINS " WHERE o.ordine = $2" AFTER_KEY(
             "o.pos", "$2", "8", "9",
             "10") " AND (s.pos IN (SELECT rowid FROM comune_parole"
                   " WHERE comune_parole MATCH " FTS_WORDS ")"
                   " OR ($6 = 1 AND s.pos IN (SELECT rowid FROM "
                   "comune_trigrammi"
                   " WHERE testo LIKE " LIKE_PART("7") ")))" PROV_OR_ALL(
                       "5") " ORDER BY o.pos LIMIT $3 OFFSET $4",
         "SELECT o.pos," COMUNE_COLUMNS ", o.k1, o.k2, o.k3"
         " FROM comune_ordine o"
         " JOIN comune_ricerca s ON s.codice_istat = "
         "o.codice_istat" COMUNE_JOINS " WHERE o.ordine = $2" AFTER_KEY(
             "o.pos", "$2", "8", "9",
             "10") " AND (s.parole @@ " PG_WORDS
                   " OR ($6 = 1 AND s.testo LIKE " LIKE_PART(
                       "7") "))" PROV_OR_ALL("5") " ORDER BY o.pos "
                                                  "LIMIT $3 OFFSET "
                                                  "$4"},
    /*
     * The rebuild of both derived tables after an import (0017): every
     * position again, then the FTS5 indexes of the new text (PostgreSQL's
     * indexes follow the rows; its twins do nothing), then the planner's
     * statistics of the new rows on both: without them SQLite walks the
     * whole name order to find one Province's Comuni (3,540 instead of
     * 9,900 req/s for ?provincia=VI&limit=100) and PostgreSQL plans the
     * bulk-loaded tables as if empty. Names
     * sort byte-wise on both backends (COLLATE "C": the folded text is ASCII).
     */
    [Q_SEARCH_CLEAR_ORDINE] = {"registry_search_clear_ordine", 0,
                               "DELETE FROM comune_ordine"},
    [Q_SEARCH_FILL_ORDINE] = {"registry_search_fill_ordine", 0,
                              SEARCH_FILL_ORDINE("", POP_SQLITE, POPN_SQLITE),
                              SEARCH_FILL_ORDINE(" COLLATE \"C\"", POP_PG,
                                                 POPN_PG)},
    [Q_SEARCH_CLEAR] = {"registry_search_clear", 0,
                        "DELETE FROM comune_ricerca"},
    [Q_SEARCH_FILL] = {"registry_search_fill", 0, SEARCH_FILL(""),
                       SEARCH_FILL(" COLLATE \"C\"")},
    [Q_SEARCH_REINDEX_WORDS] = {"registry_search_reindex_words", 0,
                                "INSERT INTO comune_parole (comune_parole)"
                                " VALUES ('rebuild')",
                                "SELECT 1"},
    [Q_SEARCH_REINDEX_PARTS] = {"registry_search_reindex_parts", 0,
                                "INSERT INTO comune_trigrammi"
                                " (comune_trigrammi) VALUES ('rebuild')",
                                "SELECT 1"},
    [Q_SEARCH_ANALYZE_ORDINE] = {"registry_search_analyze_ordine", 0,
                                 "ANALYZE comune_ordine"},
    [Q_SEARCH_ANALYZE] = {"registry_search_analyze", 0,
                          "ANALYZE comune_ricerca"},
    /*
     * 0 codice_istat, 1 nome, 2 p.codice, 3 p.sigla, 4 p.nome, 5 r.codice,
     * 6 r.nome, 7 catastale, 8 nuts3, 9 popolazione, 10 attivo,
     * 11 nome_altra_lingua, 12 codice_fiscale, 13 nuts1, 14 nuts2,
     * 15 capoluogo_provincia, 16 ripartizione
     */
    [Q_COMUNE_GET] =
        {"registry_comune_get", 1,
         "SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome,"
         " r.codice, r.nome, c.codice_catastale, c.nuts3, c.popolazione,"
         " c.attivo, c.nome_altra_lingua, c.codice_fiscale, c.nuts1, c.nuts2,"
         " c.capoluogo_provincia, c.ripartizione"
         " FROM comune c JOIN provincia p ON p.codice = c.provincia"
         " JOIN regione r ON r.codice = p.regione"
         " WHERE c.codice_istat = $1"},
    [Q_COMUNE_NOME] = {"registry_comune_nome", 1,
                       "SELECT nome FROM comune WHERE codice_istat = $1"},
    [Q_COMUNE_BRIEF] = {"registry_comune_brief", 1,
                        "SELECT nome, provincia, codice_fiscale, attivo"
                        " FROM comune WHERE codice_istat = $1"},
    [Q_PROV_ACTIVE_ONE] = {"registry_prov_active_one", 1,
                           "SELECT COUNT(*) FROM provincia"
                           " WHERE codice = $1 AND attivo = 1"},
    [Q_COMUNE_ACTIVE_ONE] = {"registry_comune_active_one", 1,
                             "SELECT COUNT(*) FROM comune"
                             " WHERE codice_istat = $1 AND attivo = 1"},
    [Q_CAPOLUOGO] = {"registry_capoluogo", 1,
                     "SELECT codice_istat, nome FROM comune"
                     " WHERE provincia = $1 AND attivo = 1"
                     " ORDER BY capoluogo_provincia DESC, codice_istat"
                     " LIMIT 1"},
    /*
     * 0 p.codice, 1 p.sigla, 2 p.nome, 3 p.tipologia, 4 r.codice,
     * 5 r.nome, 6 r.statuto; $1 one code or NULL for all.
     */
    [Q_UNITS_ACTIVE] = {"registry_units_active", 1,
                        "SELECT p.codice, p.sigla, p.nome, p.tipologia,"
                        " r.codice, r.nome, r.statuto"
                        " FROM provincia p JOIN regione r"
                        " ON r.codice = p.regione WHERE p.attivo = 1"
                        " AND (CAST($1 AS TEXT) IS NULL"
                        " OR p.codice = CAST($1 AS TEXT))"
                        " ORDER BY r.codice, p.nome, p.codice"},
    /* $1 after this codice_istat, $2 rows, $3 unit or NULL */
    [Q_COMUNI_CSV_PAGE] = {"registry_comuni_csv_page", 3,
                           "SELECT c.codice_istat, c.nome, p.codice, p.sigla,"
                           " p.nome, r.codice, r.nome, c.codice_catastale,"
                           " c.nuts3, c.popolazione"
                           " FROM comune c JOIN provincia p"
                           " ON p.codice = c.provincia"
                           " JOIN regione r ON r.codice = p.regione"
                           " WHERE c.attivo = 1 AND c.codice_istat > $1"
                           " AND (CAST($3 AS TEXT) IS NULL"
                           " OR c.provincia = CAST($3 AS TEXT))"
                           " ORDER BY c.codice_istat LIMIT $2"},
    /*
     * The same with a search ($1 the words, $5 = 1: parts of words too,
     * $6 the word): $2 after this codice_istat, $3 rows, $4 unit or NULL.
     */
    [Q_COMUNI_CSV_MATCH] =
        {"registry_comuni_csv_match", 6,
         "SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome,"
         " r.codice, r.nome, c.codice_catastale, c.nuts3, c.popolazione"
         " FROM comune_ricerca s" COMUNE_JOINS " WHERE s.codice_istat > $2"
         " AND (s.pos IN (SELECT rowid FROM comune_parole"
         " WHERE comune_parole MATCH " FTS_WORDS ")"
         " OR ($5 = 1 AND s.pos IN (SELECT rowid FROM comune_trigrammi"
         " WHERE testo LIKE " LIKE_PART("6") ")))" PROV_OR_ALL(
             "4") " ORDER BY s.codice_istat LIMIT $3",
         "SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome,"
         " r.codice, r.nome, c.codice_catastale, c.nuts3, c.popolazione"
         " FROM comune_ricerca s" COMUNE_JOINS " WHERE s.codice_istat > $2"
         " AND (s.parole @@ " PG_WORDS
         " OR ($5 = 1 AND s.testo LIKE " LIKE_PART("6") "))" PROV_OR_ALL(
             "4") " ORDER BY s.codice_istat LIMIT $3"},
    /*
     * A Comune that ISTAT renumbered (a new Province: Sardinia 2016, 2025)
     * keeps its cadastral code; a merger gets a new one.  An active Comune
     * without population takes the one of the suppressed Comune with its
     * cadastral code: the same place, the same census.
     */
    [Q_COM_CARRY_POP] =
        {"registry_com_carry_pop", 1,
         "UPDATE comune SET popolazione = (SELECT o.popolazione FROM comune o"
         " WHERE o.codice_catastale = comune.codice_catastale"
         " AND o.attivo = 0 AND o.popolazione IS NOT NULL"
         " ORDER BY o.updated DESC, o.codice_istat LIMIT 1), updated = $1"
         " WHERE attivo = 1 AND popolazione IS NULL AND EXISTS (SELECT 1"
         " FROM comune o WHERE o.codice_catastale = comune.codice_catastale"
         " AND o.attivo = 0 AND o.popolazione IS NOT NULL)"},
    [Q_FONTE_SET] = {"registry_fonte_set", 4,
                     "INSERT INTO registry_fonte (dato, fonte,"
                     " data_riferimento, updated) VALUES ($1, $2, $3, $4)"
                     " ON CONFLICT (dato) DO UPDATE SET"
                     " fonte = excluded.fonte,"
                     " data_riferimento = excluded.data_riferimento,"
                     " updated = excluded.updated"},
    [Q_FONTE_LIST] = {"registry_fonte_list", 0,
                      "SELECT dato, fonte, data_riferimento"
                      " FROM registry_fonte ORDER BY dato"},
    /* 0 nome, 1 sigla, 2 tipologia, 3 attivo */
    [Q_ENTE_PROVINCIA] = {"registry_ente_provincia", 1,
                          "SELECT nome, sigla, tipologia, attivo"
                          " FROM provincia WHERE codice = $1"},
    /* 0 c.nome, 1 p.codice, 2 p.sigla, 3 p.nome, 4 c.attivo */
    [Q_ENTE_COMUNE] = {"registry_ente_comune", 1,
                       "SELECT c.nome, p.codice, p.sigla, p.nome, c.attivo"
                       " FROM comune c JOIN provincia p"
                       " ON p.codice = c.provincia"
                       " WHERE c.codice_istat = $1"},
    /*
     * Parts of words on SQLite through the vocabulary (0028,
     * docs/internals/lists.md "Search"): the words of the search text
     * holding $1 (one word, 3 characters or more), at most $2 - 1 of them
     * wanted ($2 rows asked: one more says "too many").  FTS5's trigram
     * index of the vocabulary (11,527 words at 1,000,000 rows) answers in
     * microseconds what the trigram index of the texts answers by
     * intersecting lists of hundreds of thousands of rows.  PostgreSQL
     * (0060): the pg_trgm index of comune_vocabolo's words, and the texts
     * of each (registry_search_vocab sums them); SQLite's second column
     * is not read.  Generic: the index serves any part, and the custom
     * plan cost 0.9 ms of planning for 0.3 ms of execution (EXPLAIN
     * ANALYZE, "sana" on the Comuni).
     */
    [Q_COMUNI_VOCAB] = {"registry_comuni_vocab", 2,
                        "SELECT parola, 0 FROM comune_parole_vocaboli"
                        " WHERE parola LIKE " LIKE_PART("1") " LIMIT $2",
                        "SELECT parola, documenti FROM comune_vocabolo"
                        " WHERE parola LIKE " LIKE_PART("1") " LIMIT $2",
                        1},
    /*
     * Q_COMUNI_PART with the words ($8: '"w1" OR "w2"', the vocabulary's
     * words holding the part and not beginning with $1) read from the
     * word index in position order: the page stops after $2 rows, and a
     * word read costs its own rows, not the lists of its trigrams.
     * PostgreSQL ($8: 'w1 | w2', 0060): the texts of those words collected
     * from the GIN word index (fence m: at most REGISTRY_VOCAB_PG_TEXTS,
     * registry_search_vocab), then filtered and sorted by position, and
     * only the page's rows joined (fence k): one plan whatever the words,
     * so a generic one, planned once instead of for every search.
     */
    [Q_COMUNI_PART_VOCAB] =
        {"registry_comuni_part_vocab", 8,
         "SELECT s.pos," COMUNE_COLUMNS NAME_KEY " FROM comune_parole f"
         " JOIN comune_ricerca s ON s.pos = f.rowid" COMUNE_JOINS
         " WHERE comune_parole MATCH $8 AND NOT " NOT_A_WORD("s")
             AFTER_KEY("f.rowid", "'nome'", "5", "6", "7")
                 PROV_OR_ALL("4") " ORDER BY f.rowid LIMIT $2 OFFSET $3",
         "WITH m AS MATERIALIZED (SELECT pos, codice_istat, provincia, testo"
         " FROM comune_ricerca WHERE parole @@ to_tsquery('simple', $8)),"
         " k AS MATERIALIZED (SELECT s.pos, s.codice_istat FROM m s"
         " WHERE " NO_WORD_BEGINS_PG("s") AFTER_KEY("s.pos", "'nome'", "5", "6",
                                                    "7")
             PROV_OR_ALL("4") " ORDER BY s.pos LIMIT $2 OFFSET $3)"
                              " SELECT s.pos," COMUNE_COLUMNS NAME_KEY
                              " FROM k s" COMUNE_JOINS " ORDER BY s.pos",
         1},
    /*
     * How many Comuni hold one of the words $1 (every word of the
     * vocabulary holding the part): Q_COMUNI_PART_COUNT's number, $3 (or
     * $2 in every unit) the cap.
     */
    [Q_COMUNI_PART_VOCAB_COUNT] =
        {"registry_comuni_part_vocab_count", 3,
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_parole f"
         " JOIN comune_ricerca s ON s.pos = f.rowid"
         " WHERE comune_parole MATCH $1" PROV_OR_ALL("2") " LIMIT $3) x",
         /* PostgreSQL: the texts collected from the GIN word index (the
            fence), one plan whatever the words: generic. */
         "WITH m AS MATERIALIZED (SELECT provincia FROM comune_ricerca"
         " WHERE parole @@ to_tsquery('simple', $1)) SELECT COUNT(*) FROM"
         " (SELECT 1 FROM m s WHERE true" PROV_OR_ALL("2") " LIMIT $3) x",
         1},
    [Q_COMUNI_PART_VOCAB_COUNT_ALL] =
        {"registry_comuni_part_vocab_count_all", 2,
         "SELECT COUNT(*) FROM (SELECT 1 FROM comune_parole"
         " WHERE comune_parole MATCH $1 LIMIT $2) x",
         "WITH m AS MATERIALIZED (SELECT 1 FROM comune_ricerca"
         " WHERE parole @@ to_tsquery('simple', $1)) SELECT COUNT(*) FROM"
         " (SELECT 1 FROM m LIMIT $2) x",
         1},
    /* The vocabulary again after the word index (registry_search_rebuild). */
    [Q_SEARCH_CLEAR_VOCAB] = {"registry_search_clear_vocab", 0,
                              "DELETE FROM comune_parole_vocaboli", "SELECT 1"},
    [Q_SEARCH_FILL_VOCAB] = {"registry_search_fill_vocab", 0,
                             "INSERT INTO comune_parole_vocaboli (parola)"
                             " SELECT term FROM comune_parole_vocabolario",
                             "SELECT 1"},
    /*
     * The words and how many texts hold each (0028), after the texts and
     * their indexes: FTS5's vocabulary on SQLite, ts_stat of the tsvectors
     * on PostgreSQL (the same words: both split the [a-z0-9 ] text at the
     * spaces).
     */
    [Q_SEARCH_CLEAR_VOCABOLO] = {"registry_search_clear_vocabolo", 0,
                                 "DELETE FROM comune_vocabolo"},
    [Q_SEARCH_FILL_VOCABOLO] =
        {"registry_search_fill_vocabolo", 0,
         "INSERT INTO comune_vocabolo (parola, documenti)"
         " SELECT term, doc FROM comune_parole_vocabolario",
         "INSERT INTO comune_vocabolo (parola, documenti)"
         " SELECT word, ndoc FROM ts_stat('SELECT parole FROM "
         "comune_ricerca')"},
    [Q_SEARCH_ANALYZE_VOCABOLO] = {"registry_search_analyze_vocabolo", 0,
                                   "ANALYZE comune_vocabolo"},
    /*
     * The words beginning with $1 (at most $2 of them, in order: one more
     * than the caller wants says "too many to add up"): how many, the
     * texts of the commonest (at least so many texts match the prefix),
     * the sum (at most so many), and how many texts there are.  The text is
     * [a-z0-9], so '~' sorts after every word beginning with $1 (byte order,
     * COLLATE "C").
     */
    [Q_COMUNI_WORD_DF] = {"registry_comuni_word_df", 2,
                          "SELECT COUNT(*), COALESCE(MAX(documenti), 0),"
                          " COALESCE(SUM(documenti), 0), (SELECT"
                          " COALESCE(MAX(pos), 0) FROM comune_ricerca) FROM"
                          " (SELECT documenti FROM comune_vocabolo"
                          " WHERE parola >= $1 AND parola < $1 || '~'"
                          " ORDER BY parola LIMIT $2) x",
                          NULL, 1},
    /*
     * PostgreSQL, search in the name order when a word of the query is
     * rare (handlers.c, comuni_pg_plan): the texts with a word beginning
     * with $8 (that word, cut as in $1) collected from the GIN index --
     * a few thousand at most -- then checked against every word of $1 and
     * sorted by position.  The MATERIALIZED fence keeps the planner from
     * walking the positions instead; Q_COMUNI_WORDS's parameters.
     */
    [Q_COMUNI_WORDS_RARE] =
        {"registry_comuni_words_rare", 8,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 "
         "AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), CAST($7 AS TEXT), "
         "CAST($8 AS TEXT) WHERE 1 = 0",
         "WITH m AS MATERIALIZED (SELECT pos, codice_istat, provincia,"
         " parole FROM comune_ricerca"
         " WHERE parole @@ to_tsquery('simple', $8 || ':*')),"
         " k AS MATERIALIZED (SELECT s.pos, s.codice_istat FROM m s"
         " WHERE s.parole @@ " PG_WORDS AFTER_KEY("s.pos", "'nome'", "5", "6",
                                                  "7")
             PROV_OR_ALL("4") " ORDER BY s.pos LIMIT $2 OFFSET $3)"
                              " SELECT s.pos," COMUNE_COLUMNS NAME_KEY
                              " FROM k s" COMUNE_JOINS " ORDER BY s.pos",
         1},
    /*
     * PostgreSQL, when every word is common: the positions in order, each
     * text checked.  The CASE hides the condition from the GIN index, so
     * the planner cannot choose to collect and sort half the table.  In
     * both statements the page is found first and only its rows are
     * joined (the fence k): their plan is the same whatever the
     * parameters, so a generic plan is as good as a custom one.
     */
    [Q_COMUNI_WORDS_WALK] =
        {"registry_comuni_words_walk", 7,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 "
         "AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), CAST($7 AS TEXT) WHERE "
         "1 = 0",
         "WITH k AS MATERIALIZED (SELECT s.pos, s.codice_istat"
         " FROM comune_ricerca s WHERE (CASE WHEN s.parole @@ " PG_WORDS
         " THEN 1 ELSE 0 END) = 1" AFTER_KEY("s.pos", "'nome'", "5", "6", "7")
             PROV_OR_ALL("4") " ORDER BY s.pos LIMIT $2 OFFSET $3)"
                              " SELECT s.pos," COMUNE_COLUMNS NAME_KEY
                              " FROM k s" COMUNE_JOINS " ORDER BY s.pos",
         1},
    /*
     * Q_COMUNI_WORDS_COUNT(_ALL) from the GIN index, as the pages of
     * search_plan_pg: the intersection of every word's posting lists, or
     * the rarest word's texts ($3, in every unit $2) each checked.  The
     * fence keeps the planner from walking the positions; the CTE is read
     * only up to the cap.
     */
    [Q_COMUNI_WORDS_COUNT_INTERSECT] =
        {"registry_comuni_words_count_intersect", 3,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS_COUNT). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT) WHERE 1 "
         "= 0",
         "WITH m AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS PROV_OR_ALL(
             "2") ")"
                  " SELECT COUNT(*) FROM (SELECT 1 FROM m LIMIT $3) x",
         1},
    [Q_COMUNI_WORDS_COUNT_INTERSECT_ALL] =
        {"registry_comuni_words_count_intersect_all", 2,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS_COUNT_ALL). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT) WHERE 1 = 0",
         "WITH m AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS ")"
         " SELECT COUNT(*) FROM (SELECT 1 FROM m LIMIT $2) x",
         1},
    [Q_COMUNI_WORDS_COUNT_RARE] =
        {"registry_comuni_words_count_rare", 4,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS_COUNT). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 "
         "AS TEXT) WHERE 1 = 0",
         "WITH m AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_RAREST(
             "3") " AND (CASE WHEN s.parole @@ " PG_WORDS
                  " THEN 1 ELSE 0 END) = 1" PROV_OR_ALL(
                      "2") ")"
                           " SELECT COUNT(*) FROM (SELECT 1 FROM m LIMIT $4) x",
         1},
    [Q_COMUNI_WORDS_COUNT_RARE_ALL] =
        {"registry_comuni_words_count_rare_all", 3,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS_COUNT_ALL). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT) WHERE 1 "
         "= 0",
         "WITH m AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_RAREST(
             "2") " AND (CASE WHEN s.parole @@ " PG_WORDS
                  " THEN 1 ELSE 0 END) = 1)"
                  " SELECT COUNT(*) FROM (SELECT 1 FROM m LIMIT $3) x",
         1},
    /*
     * Q_COMUNI_WORDS_COUNT(_ALL) walking the texts (the CASE keeps the
     * planner from the GIN index): when the words are common, the cap is
     * reached after a few thousand rows.  As the page's walk
     * (Q_COMUNI_WORDS_WALK_ROW), at most the first $3 ($2 in every unit)
     * positions; when the cap (the last parameter) is not reached within
     * them, the matches past them are counted from the index, up to it.
     */
    [Q_COMUNI_WORDS_COUNT_WALK] =
        {"registry_comuni_words_count_walk", 4,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS_COUNT). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT),"
         " CAST($4 AS TEXT) WHERE 1 = 0",
         "WITH w AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.pos <= CAST($3 AS BIGINT) AND (CASE WHEN s.parole "
         "@@ " PG_WORDS " THEN 1 ELSE 0 END) = 1" PROV_OR_ALL(
             "2") " LIMIT $4),"
                  " r AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
                  " WHERE s.parole @@ " PG_WORDS PROV_OR_ALL(
                      "2") " AND s.pos + 0 > CAST($3 AS BIGINT)"
                           " AND (SELECT COUNT(*) FROM w) < CAST($4 AS BIGINT))"
                           " SELECT LEAST(CAST($4 AS BIGINT), (SELECT COUNT(*) "
                           "FROM w)"
                           " + (SELECT COUNT(*) FROM (SELECT 1 FROM r LIMIT "
                           "$4) x))",
         1},
    [Q_COMUNI_WORDS_COUNT_WALK_ALL] =
        {"registry_comuni_words_count_walk_all", 3,
         /* SQLite: never run (FTS5 serves it: Q_COMUNI_WORDS_COUNT_ALL). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT)"
         " WHERE 1 = 0",
         "WITH w AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.pos <= CAST($2 AS BIGINT) AND (CASE WHEN s.parole "
         "@@ " PG_WORDS " THEN 1 ELSE 0 END) = 1 LIMIT $3),"
         " r AS MATERIALIZED (SELECT 1 FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS " AND s.pos + 0 > CAST($2 AS BIGINT)"
         " AND (SELECT COUNT(*) FROM w) < CAST($3 AS BIGINT))"
         " SELECT LEAST(CAST($3 AS BIGINT), (SELECT COUNT(*) FROM w)"
         " + (SELECT COUNT(*) FROM (SELECT 1 FROM r LIMIT $3) x))",
         1},
    /*
     * Q_COMUNI_MATCH_ORDERED with the parts of words read through the
     * vocabulary (0028), as the name order reads them: $7 is '"w1" OR
     * "w2"', every word of the vocabulary holding the part (handlers.c,
     * comuni_infix), looked up in the word index instead of intersecting
     * the part's trigram lists.  The same rows: the text is words of
     * [a-z0-9] separated by one space.  SQLite only (PostgreSQL reads
     * parts with pg_trgm: Q_COMUNI_MATCH_ORDERED).
     */
    [Q_COMUNI_MATCH_ORDERED_VOCAB] =
        {"registry_comuni_match_ordered_vocab", 10,
         "SELECT o.pos," COMUNE_COLUMNS ", o.k1, o.k2, o.k3"
         " FROM comune_ordine o"
         " JOIN comune_ricerca s ON s.codice_istat = "
         "o.codice_istat" COMUNE_JOINS " WHERE o.ordine = $2" AFTER_KEY(
             "o.pos", "$2", "8", "9",
             "10") " AND (s.pos IN (SELECT rowid FROM comune_parole"
                   " WHERE comune_parole MATCH " FTS_WORDS ")"
                   " OR ($6 = 1 AND s.pos IN (SELECT rowid FROM "
                   "comune_parole WHERE comune_parole MATCH $7)))" PROV_OR_ALL(
                       "5") " ORDER BY o.pos LIMIT $3 OFFSET $4",
         "SELECT o.pos," COMUNE_COLUMNS ", o.k1, o.k2, o.k3"
         " FROM comune_ordine o"
         " JOIN comune_ricerca s ON s.codice_istat = "
         "o.codice_istat" COMUNE_JOINS " WHERE o.ordine = $2" AFTER_KEY(
             "o.pos", "$2", "8", "9",
             "10") " AND (s.parole @@ " PG_WORDS
                   " OR ($6 = 1 AND s.parole @@ to_tsquery('simple',"
                   " $7)))" PROV_OR_ALL("5") " ORDER BY o.pos"
                                             " LIMIT $3 OFFSET $4"},
    /*
     * Q_COMUNI_CSV_MATCH with the parts of words through the vocabulary:
     * $6 the words holding the part ('"w1" OR "w2"', registry_search_
     * vocab), as Q_COMUNI_MATCH_ORDERED_VOCAB; on PostgreSQL 'w1 | w2'.
     */
    [Q_COMUNI_CSV_MATCH_VOCAB] =
        {"registry_comuni_csv_match_vocab", 6,
         "SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome,"
         " r.codice, r.nome, c.codice_catastale, c.nuts3, c.popolazione"
         " FROM comune_ricerca s" COMUNE_JOINS " WHERE s.codice_istat > $2"
         " AND (s.pos IN (SELECT rowid FROM comune_parole"
         " WHERE comune_parole MATCH " FTS_WORDS ")"
         " OR ($5 = 1 AND s.pos IN (SELECT rowid FROM comune_parole"
         " WHERE comune_parole MATCH $6)))" PROV_OR_ALL(
             "4") " ORDER BY s.codice_istat LIMIT $3",
         "SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome,"
         " r.codice, r.nome, c.codice_catastale, c.nuts3, c.popolazione"
         " FROM comune_ricerca s" COMUNE_JOINS " WHERE s.codice_istat > $2"
         " AND (s.parole @@ " PG_WORDS
         " OR ($5 = 1 AND s.parole @@ to_tsquery('simple', $6)))" PROV_OR_ALL(
             "4") " ORDER BY s.codice_istat LIMIT $3"},
    /*
     * The FTS5 indexes merged into one segment each after their rebuild
     * (0058; docs/internals/lists.md "The segments"): a rebuild leaves a
     * dozen segments at 1,000,000 rows, and FTS5 looks each query word up
     * in every one (13 lookups of the index and a leaf read each); one
     * segment makes a search's SQL about a third cheaper.  6 s at
     * 1,000,000 rows, nothing at 7,894.  PostgreSQL's GIN indexes have
     * none: its twins do nothing.
     */
    [Q_SEARCH_OPTIMIZE_WORDS] = {"registry_search_optimize_words", 0,
                                 "INSERT INTO comune_parole (comune_parole)"
                                 " VALUES ('optimize')",
                                 "SELECT 1"},
    [Q_SEARCH_OPTIMIZE_PARTS] = {"registry_search_optimize_parts", 0,
                                 "INSERT INTO comune_trigrammi"
                                 " (comune_trigrammi) VALUES ('optimize')",
                                 "SELECT 1"},
    [Q_SEARCH_OPTIMIZE_VOCAB] = {"registry_search_optimize_vocab", 0,
                                 "INSERT INTO comune_parole_vocaboli"
                                 " (comune_parole_vocaboli)"
                                 " VALUES ('optimize')",
                                 "SELECT 1"},
    /*
     * The pages of a search in the name order read from the search table
     * alone (0059, ROW_COLUMNS): Q_COMUNI_WORDS, Q_COMUNI_PART_VOCAB and
     * (SQLite) Q_COMUNI_PART without the joins to comune, provincia and
     * regione -- one row read per result instead of four, 57 of the
     * page's 112 us at 1,000,000 rows.  The same parameters, columns and
     * rows.  PostgreSQL's page of words is Q_COMUNI_WORDS_RARE_ROW or
     * _WALK_ROW; its part-of-word pages stay Q_COMUNI_PART and
     * Q_COMUNI_PART_VOCAB (0060), which join only the page's rows.
     */
    [Q_COMUNI_WORDS_ROW] =
        {"registry_comuni_words_row", 7,
         "SELECT s.pos," ROW_COLUMNS " FROM comune_parole f"
         " JOIN comune_ricerca s ON s.pos = f.rowid"
         " WHERE comune_parole MATCH " FTS_WORDS AFTER_KEY("f.rowid", "'nome'",
                                                           "5", "6", "7")
             PROV_OR_ALL("4") " ORDER BY f.rowid LIMIT $2 OFFSET $3",
         "SELECT s.pos," ROW_COLUMNS " FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS AFTER_KEY("s.pos", "'nome'", "5", "6",
                                                  "7")
             PROV_OR_ALL("4") " ORDER BY s.pos LIMIT $2 OFFSET $3"},
    [Q_COMUNI_PART_ROW] =
        {"registry_comuni_part_row", 8,
         "SELECT s.pos," ROW_COLUMNS " FROM comune_trigrammi t"
         " JOIN comune_ricerca s ON s.pos = t.rowid"
         " WHERE t.testo LIKE " LIKE_PART("8") " AND NOT " NOT_A_WORD("s")
             AFTER_KEY("t.rowid", "'nome'", "5", "6", "7")
                 PROV_OR_ALL("4") " ORDER BY t.rowid LIMIT $2 OFFSET $3",
         /* PostgreSQL: never run (Q_COMUNI_PART serves it). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), CAST($3 AS BIGINT),"
         " CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT),"
         " CAST($7 AS TEXT), CAST($8 AS TEXT) WHERE false"},
    [Q_COMUNI_PART_VOCAB_ROW] =
        {"registry_comuni_part_vocab_row", 8,
         "SELECT s.pos," ROW_COLUMNS " FROM comune_parole f"
         " JOIN comune_ricerca s ON s.pos = f.rowid"
         " WHERE comune_parole MATCH $8 AND NOT " NOT_A_WORD("s")
             AFTER_KEY("f.rowid", "'nome'", "5", "6", "7")
                 PROV_OR_ALL("4") " ORDER BY f.rowid LIMIT $2 OFFSET $3",
         /* PostgreSQL: never run (Q_COMUNI_PART_VOCAB serves it). */
         "SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), CAST($3 AS BIGINT),"
         " CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT),"
         " CAST($7 AS TEXT), CAST($8 AS TEXT) WHERE false"},
    /*
     * Q_COMUNI_WORDS_RARE and _WALK with the page's rows read from the
     * search table (one primary-key lookup per row instead of three
     * joins).  PostgreSQL only.
     */
    /*
     * PostgreSQL's pages of words collected from the GIN index
     * (search_plan_pg).  Q_COMUNI_WORDS_INTERSECT_ROW: the texts holding
     * every word, the posting lists of each word's prefix intersected in
     * a bitmap (only the matches' rows are read), sorted by position.
     * Q_COMUNI_WORDS_RARE_ROW: the texts of the rarest word $8 (cut as in
     * $1), each checked against every word, sorted by position: when the
     * other words begin so many texts that their lists cost more than
     * the rare word's rows ("bargnetto di").  The MATERIALIZED fence m
     * keeps the planner from walking the positions instead, and
     * "s.pos + 0" from ANDing the bitmap with one of every position past
     * the cursor (25 ms at 1,000,000 rows for nothing).  Q_COMUNI_WORDS's
     * parameters ($8 the rarest word).
     */
    [Q_COMUNI_WORDS_INTERSECT_ROW] =
        {"registry_comuni_words_intersect_row", 7,
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 "
         "AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), CAST($7 AS TEXT) WHERE "
         "1 = 0",
         "WITH m AS MATERIALIZED (SELECT s.pos FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_WORDS AFTER_KEY("s.pos + 0", "'nome'", "5",
                                                  "6", "7")
             PROV_OR_ALL(
                 "4") "),"
                      " k AS MATERIALIZED (SELECT pos FROM m ORDER BY pos"
                      " LIMIT $2 OFFSET $3)"
                      " SELECT s.pos," ROW_COLUMNS
                      " FROM k JOIN comune_ricerca s ON s.pos = k.pos ORDER BY "
                      "s.pos",
         1},
    [Q_COMUNI_WORDS_RARE_ROW] =
        {"registry_comuni_words_rare_row", 8,
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 "
         "AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), CAST($7 AS TEXT), "
         "CAST($8 AS TEXT) WHERE 1 = 0",
         "WITH m AS MATERIALIZED (SELECT s.pos FROM comune_ricerca s"
         " WHERE s.parole @@ " PG_RAREST(
             "8") " AND (CASE WHEN s.parole @@ " PG_WORDS
                  " THEN 1 ELSE 0 END) = 1" AFTER_KEY("s.pos + 0", "'nome'",
                                                      "5", "6", "7")
                      PROV_OR_ALL("4") "),"
                                       " k AS MATERIALIZED (SELECT pos FROM m "
                                       "ORDER BY pos"
                                       " LIMIT $2 OFFSET $3)"
                                       " SELECT s.pos," ROW_COLUMNS
                                       " FROM k JOIN comune_ricerca s ON s.pos "
                                       "= k.pos ORDER BY s.pos",
         1},
    /*
     * PostgreSQL's page of words when every word is common: the positions
     * walked in order, each text checked (the CASE keeps the planner from
     * the GIN index), but at most $8 of them -- a few times what the
     * independence of the words predicts (search_plan_walk_budget).  When
     * the words seldom go together ("motosega mon": each common, both in
     * few texts) the walk would read most of the table; past the budget the
     * rest of the page comes from the matches beyond it found by the GIN
     * index, as Q_COMUNI_WORDS_INTERSECT_ROW finds them, and only then (r's
     * one-time filter: w fell short).  Ordered by position throughout:
     * w's matches all precede r's.  Q_COMUNI_WORDS's parameters and $8.
     */
    [Q_COMUNI_WORDS_WALK_ROW] =
        {"registry_comuni_words_walk_row", 8,
         "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 "
         "AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), CAST($7 AS TEXT), "
         "CAST($8 AS TEXT) WHERE 1 = 0",
         "WITH b AS MATERIALIZED (SELECT " AFTER_POS(
             "'nome'", "5", "6",
             "7") " AS p0),"
                  " w AS MATERIALIZED (SELECT s.pos FROM comune_ricerca s"
                  " WHERE s.pos > (SELECT p0 FROM b)"
                  " AND s.pos <= (SELECT p0 FROM b) + CAST($8 AS BIGINT)"
                  " AND (CASE WHEN s.parole @@ " PG_WORDS
                  " THEN 1 ELSE 0 END) = 1" PROV_OR_ALL(
                      "4") " ORDER BY s.pos"
                           " LIMIT CAST($2 AS BIGINT) + CAST($3 AS BIGINT)),"
                           " r AS MATERIALIZED (SELECT s.pos FROM "
                           "comune_ricerca s"
                           " WHERE s.parole @@ " PG_WORDS PROV_OR_ALL(
                               "4") " AND s.pos + 0 > (SELECT p0 FROM b) + "
                                    "CAST($8 AS BIGINT)"
                                    " AND (SELECT COUNT(*) FROM w)"
                                    " < CAST($2 AS BIGINT) + CAST($3 AS "
                                    "BIGINT)),"
                                    " k AS MATERIALIZED (SELECT pos FROM w "
                                    "UNION ALL"
                                    " SELECT pos FROM (SELECT pos FROM r ORDER "
                                    "BY pos"
                                    " LIMIT CAST($2 AS BIGINT) + CAST($3 AS "
                                    "BIGINT)) x"
                                    " ORDER BY pos LIMIT $2 OFFSET $3)"
                                    " SELECT s.pos," ROW_COLUMNS
                                    " FROM k JOIN comune_ricerca s ON s.pos = "
                                    "k.pos ORDER BY s.pos",
         1},
};

const size_t registry_sql_count = Q_REGISTRY__MAX;
