/*
 * registry_sql.c - every SQL text of the registry module.  Written once for
 * SQLite and PostgreSQL: $n parameters, CAST($n AS TEXT) where a parameter
 * may be NULL (PostgreSQL must know its type), no LIKE on unfolded text
 * (search matches the folded column nome_search against a folded query, so
 * the pattern holds only [a-z0-9 ] and non-ASCII bytes, never '%' or '_').
 */
#include "modules/registry/registry_sql.h"

/*
 * Pieces of the Comuni list statements (compile-time string concatenation,
 * so each statement is still one constant): the columns, the ?q= filter on
 * the folded name ($2), and the order -- $5 the ?ordina= key (popolazione,
 * codice, -nome and their descending "-" forms; Comuni without population
 * last either way), then names starting with the query first (search as you
 * type) -- with the page ($3 limit, $4 offset).
 */
#define COMUNI_SELECT                                                          \
	"SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome,"            \
	" r.codice, r.nome, c.codice_catastale, c.nuts3, c.popolazione,"       \
	" c.attivo"                                                            \
	" FROM comune c JOIN provincia p ON p.codice = c.provincia"            \
	" JOIN regione r ON r.codice = p.regione"
#define COMUNI_MATCH_Q                                                         \
	" AND (CAST($2 AS TEXT) IS NULL"                                       \
	" OR c.nome_search LIKE '%' || CAST($2 AS TEXT) || '%')"
#define COMUNI_ORDER_PAGE                                                      \
	" ORDER BY"                                                            \
	" CASE WHEN CAST($5 AS TEXT) IN ('popolazione', '-popolazione')"       \
	" AND c.popolazione IS NULL THEN 1 ELSE 0 END,"                        \
	" CASE WHEN CAST($5 AS TEXT) = 'popolazione' THEN c.popolazione END,"  \
	" CASE WHEN CAST($5 AS TEXT) = '-popolazione' THEN c.popolazione END"  \
	" DESC,"                                                               \
	" CASE WHEN CAST($5 AS TEXT) = 'codice' THEN c.codice_istat END,"      \
	" CASE WHEN CAST($5 AS TEXT) = '-codice' THEN c.codice_istat END "     \
	"DESC,"                                                                \
	" CASE WHEN CAST($5 AS TEXT) = '-nome' THEN c.nome_search END DESC,"   \
	" CASE WHEN CAST($2 AS TEXT) IS NOT NULL"                              \
	" AND (c.nome_search LIKE CAST($2 AS TEXT) || '%'"                     \
	" OR c.nome_search LIKE '%|' || CAST($2 AS TEXT) || '%')"              \
	" THEN 0 ELSE 1 END, c.nome_search, c.codice_istat"                    \
	" LIMIT $3 OFFSET $4"

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
    /* p.codice, p.sigla, p.nome, r.codice, r.nome */
    [Q_ISTANZA_GET] = {"registry_istanza_get", 0,
                       "SELECT p.codice, p.sigla, p.nome, r.codice, r.nome"
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
     * c.codice_istat, c.nome, p.codice, p.sigla, p.nome, r.codice, r.nome,
     * c.codice_catastale, c.nuts3, c.popolazione, c.attivo.
     * $1 unit code or NULL, $2 folded query or NULL, $3 limit, $4 offset,
     * $5 order key ('nome' by default).
     * Names that start with the query come first (search as you type).
     */
    [Q_COMUNI_LIST] = {"registry_comuni_list", 5,
                       COMUNI_SELECT
                       " WHERE c.attivo = 1"
                       " AND (CAST($1 AS TEXT) IS NULL OR c.provincia = "
                       "CAST($1 AS TEXT))" COMUNI_MATCH_Q COMUNI_ORDER_PAGE},
    [Q_COMUNI_COUNT] =
        {"registry_comuni_count", 2,
         "SELECT COUNT(*) FROM comune c"
         " WHERE c.attivo = 1"
         " AND (CAST($1 AS TEXT) IS NULL OR c.provincia = CAST($1 AS TEXT))"
         " AND (CAST($2 AS TEXT) IS NULL"
         " OR c.nome_search LIKE '%' || CAST($2 AS TEXT) || '%')"},
    /*
     * The same two with the province required: "($1 IS NULL OR provincia =
     * $1)" hides the index on provincia from SQLite's planner, which then
     * walks all 7,900 Comuni (bench/http.sh, ?provincia=VI&limit=100:
     * 1,630 req/s with the generic statement, 4,390 with these).
     */
    [Q_COMUNI_LIST_PROV] =
        {"registry_comuni_list_prov", 5,
         COMUNI_SELECT " WHERE c.attivo = 1 AND c.provincia = $1" COMUNI_MATCH_Q
             COMUNI_ORDER_PAGE},
    [Q_COMUNI_COUNT_PROV] =
        {"registry_comuni_count_prov", 2,
         "SELECT COUNT(*) FROM comune c"
         " WHERE c.attivo = 1 AND c.provincia = $1"
         " AND (CAST($2 AS TEXT) IS NULL"
         " OR c.nome_search LIKE '%' || CAST($2 AS TEXT) || '%')"},
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
    /* $1 after this codice_istat, $2 rows, $3 unit or NULL, $4 folded q or NULL
     */
    [Q_COMUNI_CSV_PAGE] = {"registry_comuni_csv_page", 4,
                           "SELECT c.codice_istat, c.nome, p.codice, p.sigla,"
                           " p.nome, r.codice, r.nome, c.codice_catastale,"
                           " c.nuts3, c.popolazione"
                           " FROM comune c JOIN provincia p"
                           " ON p.codice = c.provincia"
                           " JOIN regione r ON r.codice = p.regione"
                           " WHERE c.attivo = 1 AND c.codice_istat > $1"
                           " AND (CAST($3 AS TEXT) IS NULL"
                           " OR c.provincia = CAST($3 AS TEXT))"
                           " AND (CAST($4 AS TEXT) IS NULL"
                           " OR c.nome_search LIKE '%' || CAST($4 AS TEXT)"
                           " || '%')"
                           " ORDER BY c.codice_istat LIMIT $2"},
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
};

const size_t registry_sql_count = Q_REGISTRY__MAX;
