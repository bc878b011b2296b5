/*
 * albo_sql.c - every SQL text of the albo fornitori (albo.c,
 * albo_handlers.c).  Optional filters are "CAST($n AS TEXT) IS NULL OR
 * ...", so one text serves both dialects.  The list is newest first,
 * keyset on id, within one Province (index sua_albo_stato).
 */
#include "modules/sua/albo_sql.h"

#define ALBO_COLS                                                              \
	"id, provincia, partita_iva, codice_fiscale, ragione_sociale, pec,"    \
	" comune, indirizzo, legale_nome, legale_cf, stato, motivo, created,"  \
	" updated"

/*
 * $1 provincia, $2 stato, $3 CPV prefix (digits), $4 SOA category, $5
 * comune, $6 q as a LIKE pattern (escaped, lower case) or NULL.  A SOA
 * filter matches a qualification still valid on $7 (today).
 */
#define ALBO_FILTER                                                            \
	" FROM sua_albo a WHERE a.provincia = $1 AND (CAST($2 AS TEXT) IS"     \
	" NULL OR a.stato = CAST($2 AS TEXT)) AND (CAST($3 AS TEXT) IS NULL"   \
	" OR EXISTS (SELECT 1 FROM sua_albo_cpv c WHERE c.albo_id = a.id AND"  \
	" substr(c.cpv, 1, length(CAST($3 AS TEXT))) = CAST($3 AS TEXT)))"     \
	" AND (CAST($4 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM"              \
	" sua_albo_soa s WHERE s.albo_id = a.id AND s.categoria ="             \
	" CAST($4 AS TEXT) AND s.scadenza >= CAST($7 AS TEXT))) AND"           \
	" (CAST($5 AS TEXT) IS NULL OR a.comune = CAST($5 AS TEXT)) AND"       \
	" (CAST($6 AS TEXT) IS NULL OR lower(a.ragione_sociale) LIKE"          \
	" CAST($6 AS TEXT) ESCAPE '\\' OR a.partita_iva = CAST($8 AS TEXT))"

const struct sql_def sua_albo_sql[Q_SUA_ALBO__MAX] = {
    [Q_ALBO_INSERT] =
        {"sua_albo_insert", 12,
         "INSERT INTO sua_albo (provincia, partita_iva, codice_fiscale,"
         " ragione_sociale, pec, comune, indirizzo, legale_nome, legale_cf,"
         " stato, created, created_by, updated) VALUES ($1, $2, $3, $4, $5,"
         " $6, $7, $8, $9, 'in_revisione', $10, $11, $12) RETURNING id"},
    /* $1 id, $2..$8 the fields, $9 stato, $10 now. */
    [Q_ALBO_UPDATE] = {"sua_albo_update", 10,
                       "UPDATE sua_albo SET codice_fiscale = $2,"
                       " ragione_sociale = $3, pec = $4, comune = $5,"
                       " indirizzo = $6, legale_nome = $7, legale_cf = $8,"
                       " stato = $9, updated = $10 WHERE id = $1"},
    [Q_ALBO_GET] = {"sua_albo_get", 1,
                    "SELECT " ALBO_COLS " FROM sua_albo WHERE id = $1"},
    /* $1 id, $2 new stato, $3 motivo or NULL, $4 now, $5 expected stato. */
    [Q_ALBO_SET_STATO] = {"sua_albo_set_stato", 5,
                          "UPDATE sua_albo SET stato = $2, motivo = $3,"
                          " updated = $4 WHERE id = $1 AND stato = $5"},
    [Q_ALBO_CPV_DELETE] = {"sua_albo_cpv_delete", 1,
                           "DELETE FROM sua_albo_cpv WHERE albo_id = $1"},
    [Q_ALBO_CPV_INSERT] = {"sua_albo_cpv_insert", 2,
                           "INSERT INTO sua_albo_cpv (albo_id, cpv)"
                           " VALUES ($1, $2)"},
    [Q_ALBO_CPV_LIST] = {"sua_albo_cpv_list", 1,
                         "SELECT cpv FROM sua_albo_cpv WHERE albo_id = $1"
                         " ORDER BY cpv"},
    [Q_ALBO_SOA_DELETE] = {"sua_albo_soa_delete", 1,
                           "DELETE FROM sua_albo_soa WHERE albo_id = $1"},
    [Q_ALBO_SOA_INSERT] = {"sua_albo_soa_insert", 4,
                           "INSERT INTO sua_albo_soa (albo_id, categoria,"
                           " classe, scadenza) VALUES ($1, $2, $3, $4)"},
    [Q_ALBO_SOA_LIST] = {"sua_albo_soa_list", 1,
                         "SELECT categoria, classe, scadenza FROM sua_albo_soa"
                         " WHERE albo_id = $1 ORDER BY categoria"},
    [Q_ALBO_COUNT] = {"sua_albo_count", 9,
                      "SELECT COUNT(*) FROM (SELECT 1" ALBO_FILTER
                      " LIMIT $9) x"},
    /* $9 the previous page's last id, $10 limit, $11 offset. */
    [Q_ALBO_LIST] = {"sua_albo_list", 11,
                     "SELECT " ALBO_COLS ALBO_FILTER " AND a.id < $9"
                     " ORDER BY a.id DESC LIMIT $10 OFFSET $11"},
    [Q_ALBO_BY_PIVA] = {"sua_albo_by_piva", 1,
                        "SELECT " ALBO_COLS " FROM sua_albo"
                        " WHERE partita_iva = $1 ORDER BY id"},
    [Q_ALBO_FIND] = {"sua_albo_find", 2,
                     "SELECT id FROM sua_albo WHERE provincia = $1"
                     " AND partita_iva = $2"},
    [Q_ALBO_FIND_ANY] = {"sua_albo_find_any", 1,
                         "SELECT id FROM sua_albo WHERE provincia = $1"
                         " LIMIT 1"},
    [Q_ALBO_COUNT_STATO] = {"sua_albo_count_stato", 2,
                            "SELECT COUNT(*) FROM sua_albo"
                            " WHERE provincia = $1 AND stato = $2"},
    [Q_ALBO_COUNT_INVITI] = {"sua_albo_count_inviti", 1,
                             "SELECT COUNT(*) FROM sua_invito"
                             " WHERE partita_iva = $1"},
};

const size_t sua_albo_sql_count = Q_SUA_ALBO__MAX;
