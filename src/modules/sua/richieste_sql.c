/*
 * richieste_sql.c - every SQL text of convenzioni.c, richieste.c and the
 * SUA's document links: sua_convenzione, sua_richiesta, sua_documento, and
 * a tender's Province and state (sua_gara) for the documents' reading
 * rule.  Optional filters are "CAST($n AS TEXT) IS NULL OR ...", so one
 * text serves both dialects.  Lists are newest first, keyset on id.
 */
#include "modules/sua/richieste_sql.h"

#define CONV_COLS                                                              \
	"id, provincia, comune, lavori, servizi, forniture, valida_dal,"       \
	" valida_al, delibera_numero, delibera_data, compenso_tipo,"           \
	" compenso_perc, compenso_min_cents, compenso_max_cents,"              \
	" compenso_fisso_cents, note, created, updated"

#define RIC_COLS                                                               \
	"id, provincia, comune, stato, oggetto, tipo, cpv, importo_cents,"     \
	" sicurezza_cents, investimento, cup, fonte, rup_nome, rup_email,"     \
	" data_aggiudicazione, note, motivo_rifiuto, gara_id, created,"        \
	" updated, inviata_at"

/* $1 provincia or NULL, $2 comune or NULL. */
#define CONV_FILTER                                                            \
	" FROM sua_convenzione WHERE (CAST($1 AS TEXT) IS NULL OR"             \
	" provincia = CAST($1 AS TEXT)) AND (CAST($2 AS TEXT) IS NULL OR"      \
	" comune = CAST($2 AS TEXT))"

/*
 * $1 provincia or NULL, $2 comune or NULL, $3 1: drafts too, $4 stato,
 * $5 tipo, $6 CPV prefix (digits), $7 q as a LIKE pattern (escaped, lower
 * case) or NULL: q is matched on the rows of one Province or one Comune
 * already narrowed by the index (comune, id) / (provincia, stato, id).
 */
/*
 * One Province ($1; $2 NULL) or one Comune ($2; $1 NULL), written as
 * equalities so that a page is a range of the index (provincia, id) or
 * (comune, id) (0030), whatever other filter is given.
 */
#define RIC_FILTER_PROV                                                        \
	" FROM sua_richiesta WHERE provincia = CAST($1 AS TEXT) AND"           \
	" CAST($2 AS TEXT) IS NULL" RIC_REST
#define RIC_FILTER_COMUNE                                                      \
	" FROM sua_richiesta WHERE comune = CAST($2 AS TEXT) AND"              \
	" CAST($1 AS TEXT) IS NULL" RIC_REST
#define RIC_REST                                                               \
	" AND (stato <> 'bozza' OR"                                            \
	" CAST($3 AS BIGINT) = 1) AND (CAST($4 AS TEXT) IS NULL OR"            \
	" stato = CAST($4 AS TEXT)) AND (CAST($5 AS TEXT) IS NULL OR"          \
	" tipo = CAST($5 AS TEXT)) AND (CAST($6 AS TEXT) IS NULL OR"           \
	" substr(cpv, 1, length(CAST($6 AS TEXT))) = CAST($6 AS TEXT)) AND"    \
	" (CAST($7 AS TEXT) IS NULL OR lower(oggetto) LIKE CAST($7 AS TEXT)"   \
	" ESCAPE '\\')"

const struct sql_def sua_richieste_sql[Q_SUA_RICHIESTE__MAX] = {
    [Q_CONV_INSERT] =
        {"sua_conv_insert", 17,
         "INSERT INTO sua_convenzione (provincia, comune, lavori, servizi,"
         " forniture, valida_dal, valida_al, delibera_numero, delibera_data,"
         " compenso_tipo, compenso_perc, compenso_min_cents,"
         " compenso_max_cents, compenso_fisso_cents, note, created,"
         " created_by, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
         " $10, $11, $12, $13, $14, $15, $16, $17, $16) RETURNING id"},
    /* $1 id; the fields of the insert's $3..$15 as $2..$14; $15 now. */
    [Q_CONV_UPDATE] =
        {"sua_conv_update", 15,
         "UPDATE sua_convenzione SET lavori = $2, servizi = $3,"
         " forniture = $4, valida_dal = $5, valida_al = $6,"
         " delibera_numero = $7, delibera_data = $8, compenso_tipo = $9,"
         " compenso_perc = $10, compenso_min_cents = $11,"
         " compenso_max_cents = $12, compenso_fisso_cents = $13, note = $14,"
         " updated = $15 WHERE id = $1 RETURNING id"},
    [Q_CONV_GET] = {"sua_conv_get", 1,
                    "SELECT " CONV_COLS " FROM sua_convenzione WHERE id = $1"},
    [Q_CONV_COUNT] = {"sua_conv_count", 3,
                      "SELECT COUNT(*) FROM (SELECT 1" CONV_FILTER
                      " LIMIT $3) x"},
    /* $3 the previous page's last id, $4 limit, $5 offset. */
    [Q_CONV_LIST] = {"sua_conv_list", 5,
                     "SELECT " CONV_COLS " FROM sua_convenzione"
                     " WHERE provincia = CAST($1 AS TEXT) AND"
                     " CAST($2 AS TEXT) IS NULL AND id < $3"
                     " ORDER BY id DESC LIMIT $4 OFFSET $5"},
    [Q_CONV_VALID] = {"sua_conv_valid", 3,
                      "SELECT id FROM sua_convenzione WHERE comune = $1"
                      " AND valida_dal <= $2 AND valida_al >= $2 AND"
                      " CASE CAST($3 AS TEXT) WHEN 'lavori' THEN lavori"
                      " WHEN 'servizi' THEN servizi ELSE forniture END = 1"
                      " ORDER BY valida_al DESC, id LIMIT 1"},
    [Q_CONV_CURRENT] = {"sua_conv_current", 2,
                        "SELECT " CONV_COLS " FROM sua_convenzione"
                        " WHERE comune = $1 AND valida_al >= $2"
                        " ORDER BY valida_dal, id LIMIT 5"},
    [Q_RIC_INSERT] =
        {"sua_ric_insert", 16,
         "INSERT INTO sua_richiesta (provincia, comune, stato, oggetto, tipo,"
         " cpv, importo_cents, sicurezza_cents, investimento, cup, fonte,"
         " rup_nome, rup_email, data_aggiudicazione, note, created,"
         " created_by, updated) VALUES ($1, $2, 'bozza', $3, $4, $5, $6, $7,"
         " $8, $9, $10, $11, $12, $13, $14, $15, $16, $15) RETURNING id"},
    /* Drafts only: no row changed when the request left bozza. */
    [Q_RIC_UPDATE] =
        {"sua_ric_update", 14,
         "UPDATE sua_richiesta SET oggetto = $2, tipo = $3, cpv = $4,"
         " importo_cents = $5, sicurezza_cents = $6, investimento = $7,"
         " cup = $8, fonte = $9, rup_nome = $10, rup_email = $11,"
         " data_aggiudicazione = $12, note = $13, updated = $14"
         " WHERE id = $1 AND stato = 'bozza' RETURNING id"},
    [Q_RIC_GET] = {"sua_ric_get", 1,
                   "SELECT " RIC_COLS " FROM sua_richiesta WHERE id = $1"},
    /*
     * $1 id, $2 the state it must be in, $3 the new one, $4 now; $5 1 to
     * stamp inviata_at; $6 motivo_rifiuto or NULL (kept); $7 gara_id or
     * NULL (kept).  No row when the state moved meanwhile.
     */
    [Q_RIC_SET_STATO] =
        {"sua_ric_set_stato", 7,
         "UPDATE sua_richiesta SET stato = $3, updated = $4,"
         " inviata_at = CASE WHEN CAST($5 AS BIGINT) = 1 THEN $4"
         " ELSE inviata_at END,"
         " motivo_rifiuto = COALESCE(CAST($6 AS TEXT), motivo_rifiuto),"
         " gara_id = COALESCE(CAST($7 AS BIGINT), gara_id)"
         " WHERE id = $1 AND stato = $2 RETURNING id"},
    [Q_RIC_COUNT] = {"sua_ric_count", 8,
                     "SELECT COUNT(*) FROM (SELECT 1" RIC_FILTER_PROV
                     " LIMIT $8) x"},
    /* $8 the previous page's last id, $9 limit, $10 offset. */
    [Q_RIC_LIST] = {"sua_ric_list", 10,
                    "SELECT " RIC_COLS RIC_FILTER_PROV " AND id < $8"
                    " ORDER BY id DESC LIMIT $9 OFFSET $10"},
    [Q_RIC_BY_STATO] = {"sua_ric_by_stato", 1,
                        "SELECT stato, COUNT(*) FROM sua_richiesta"
                        " WHERE comune = $1 GROUP BY stato ORDER BY stato"},
    [Q_RIC_PROV_STATO] = {"sua_ric_prov_stato", 2,
                          "SELECT COUNT(*) FROM sua_richiesta"
                          " WHERE provincia = $1 AND stato = $2"},
    [Q_SDOC_INSERT] =
        {"sua_sdoc_insert", 11,
         "INSERT INTO sua_documento (documento_id, oggetto, oggetto_id, tipo,"
         " nome, mime, size, sha256, provincia, created, created_by)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
         " RETURNING id"},
    /* 0 documento_id, 1 tipo, 2 nome, 3 mime, 4 size, 5 sha256, 6 created */
    [Q_SDOC_LIST] = {"sua_sdoc_list", 3,
                     "SELECT documento_id, tipo, nome, mime, size, sha256,"
                     " created FROM sua_documento WHERE oggetto = $1"
                     " AND oggetto_id = $2 ORDER BY id LIMIT $3"},
    [Q_SDOC_COUNT] = {"sua_sdoc_count", 2,
                      "SELECT COUNT(*) FROM sua_documento WHERE oggetto = $1"
                      " AND oggetto_id = $2"},
    [Q_SDOC_GARA] = {"sua_sdoc_gara", 1,
                     "SELECT provincia, stato FROM sua_gara WHERE id = $1"},
    /* Q_RIC_COUNT and Q_RIC_LIST for one Comune ($2). */
    [Q_RIC_COUNT_COMUNE] = {"sua_ric_count_comune", 8,
                            "SELECT COUNT(*) FROM (SELECT 1" RIC_FILTER_COMUNE
                            " LIMIT $8) x"},
    [Q_RIC_LIST_COMUNE] = {"sua_ric_list_comune", 10,
                           "SELECT " RIC_COLS RIC_FILTER_COMUNE " AND id < $8"
                           " ORDER BY id DESC LIMIT $9 OFFSET $10"},
    /* The convenzioni of one Province ($1) or one Comune ($2), the other
     * NULL: ranges of (provincia, id) and (comune, id) (0030). */
    [Q_CONV_COUNT_PROV] = {"sua_conv_count_prov", 3,
                           "SELECT COUNT(*) FROM (SELECT 1 FROM"
                           " sua_convenzione WHERE provincia = CAST($1 AS"
                           " TEXT) AND CAST($2 AS TEXT) IS NULL LIMIT $3) x"},
    [Q_CONV_COUNT_COMUNE] = {"sua_conv_count_comune", 3,
                             "SELECT COUNT(*) FROM (SELECT 1 FROM"
                             " sua_convenzione WHERE comune = CAST($2 AS"
                             " TEXT) AND CAST($1 AS TEXT) IS NULL"
                             " LIMIT $3) x"},
    [Q_CONV_LIST_COMUNE] = {"sua_conv_list_comune", 5,
                            "SELECT " CONV_COLS " FROM sua_convenzione"
                            " WHERE comune = CAST($2 AS TEXT) AND"
                            " CAST($1 AS TEXT) IS NULL AND id < $3"
                            " ORDER BY id DESC LIMIT $4 OFFSET $5"},
};

const size_t sua_richieste_sql_count = Q_SUA_RICHIESTE__MAX;
