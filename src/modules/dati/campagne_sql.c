/*
 * campagne_sql.c - every SQL text of the data campaigns (campagne_sql.h).
 * The Comuni of a Province come from the registry's published view
 * registry_comune_provincia; the dataset of a closed campaign is written
 * into the catalogue's tables (0035) by these statements, the only ones of
 * the campaigns that name them.
 */
#include "modules/dati/campagne_sql.h"

#define CMP_COLS                                                               \
	"id, provincia, titolo, scopo, schema_json, dialetto_json, scadenza,"  \
	" scadenza_at, promemoria, stato, dataset_id, risultato_sha256,"       \
	" created, modified"

const struct sql_def dati_campagne_sql[Q_DATI_CAMPAGNE__MAX] = {
    [Q_CMP_INSERT] =
        {"dati_cmp_insert", 9,
         "INSERT INTO dati_campagna (provincia, titolo, scopo, schema_json,"
         " dialetto_json, scadenza, scadenza_at, promemoria, created,"
         " modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
         " RETURNING id"},
    /* $1 campaign, $2 provincia code "NNN" */
    [Q_CMP_COMUNI_ALL] =
        {"dati_cmp_comuni_all", 2,
         "INSERT INTO dati_campagna_comune (campagna_id, comune)"
         " SELECT CAST($1 AS BIGINT), 'comune:' || codice_istat FROM"
         " registry_comune_provincia WHERE provincia = CAST($2 AS TEXT)"},
    /* $1 campaign, $2 codice_istat, $3 provincia: only of the Province */
    [Q_CMP_COMUNE_ONE] =
        {"dati_cmp_comune_one", 3,
         "INSERT INTO dati_campagna_comune (campagna_id, comune)"
         " SELECT CAST($1 AS BIGINT), 'comune:' || codice_istat FROM"
         " registry_comune_provincia WHERE codice_istat = CAST($2 AS TEXT)"
         " AND provincia = CAST($3 AS TEXT) RETURNING comune"},
    [Q_CMP_GET] = {"dati_cmp_get", 1,
                   "SELECT " CMP_COLS " FROM dati_campagna WHERE id = $1"},
    /* A page, newest first: $1 the owner, $2 the cursor's id (exclusive;
       INT64_MAX for the first page), $3 limit, $4 offset.  Served by
       dati_campagna (provincia, id) and, for a Comune, by
       dati_campagna_comune (comune, campagna_id) (0051). */
    [Q_CMP_LIST_PROV] = {"dati_cmp_list_prov", 4,
                         "SELECT " CMP_COLS " FROM dati_campagna WHERE"
                         " provincia = $1 AND id < $2 ORDER BY id DESC"
                         " LIMIT $3 OFFSET $4"},
    [Q_CMP_LIST_COMUNE] =
        {"dati_cmp_list_comune", 4,
         "SELECT c.id, c.provincia, c.titolo, c.scopo, c.schema_json,"
         " c.dialetto_json, c.scadenza, c.scadenza_at, c.promemoria, c.stato,"
         " c.dataset_id, c.risultato_sha256, c.created, c.modified, k.stato"
         " FROM dati_campagna c JOIN dati_campagna_comune k ON"
         " k.campagna_id = c.id WHERE k.comune = $1 AND k.campagna_id < $2"
         " ORDER BY k.campagna_id DESC LIMIT $3 OFFSET $4"},
    /* the board: each Comune, its state, its last answer */
    [Q_CMP_QUADRO] =
        {"dati_cmp_quadro", 1,
         "SELECT k.comune, k.stato, k.risposta_id, (SELECT MAX(r.id) FROM"
         " dati_risposta r WHERE r.campagna_id = k.campagna_id AND r.comune"
         " = k.comune), (SELECT COUNT(*) FROM dati_risposta r WHERE"
         " r.campagna_id = k.campagna_id AND r.comune = k.comune),"
         " (SELECT MAX(r.created) FROM dati_risposta r WHERE r.campagna_id ="
         " k.campagna_id AND r.comune = k.comune), k.job_id FROM"
         " dati_campagna_comune k WHERE k.campagna_id = $1 ORDER BY k.comune"},
    [Q_CMP_ADDRESSED] = {"dati_cmp_addressed", 2,
                         "SELECT 1 FROM dati_campagna_comune WHERE"
                         " campagna_id = $1 AND comune = $2"},
    [Q_RSP_INSERT] =
        {"dati_rsp_insert", 8,
         "INSERT INTO dati_risposta (campagna_id, comune, sha256, nome_file,"
         " stato, righe, errori, created) VALUES ($1, $2, $3, $4, $5, $6, $7,"
         " $8) RETURNING id"},
    [Q_RSP_ERR_INSERT] =
        {"dati_rsp_err_insert", 8,
         "INSERT INTO dati_risposta_errore (risposta_id, n, riga, colonna,"
         " campo, regola, valore, messaggio) VALUES ($1, $2, $3, $4, $5, $6,"
         " $7, $8)"},
    /* $1 campaign, $2 comune, $3 stato, $4 answer when valid or NULL */
    [Q_RSP_COMUNE_SET] =
        {"dati_rsp_comune_set", 4,
         "UPDATE dati_campagna_comune SET stato = $3, risposta_id = $4 WHERE"
         " campagna_id = $1 AND comune = $2"},
    [Q_RSP_GET] = {"dati_rsp_get", 1,
                   "SELECT r.id, r.campagna_id, r.comune, r.sha256,"
                   " r.nome_file, r.stato, r.righe, r.errori, r.created,"
                   " c.provincia FROM dati_risposta r JOIN dati_campagna c ON"
                   " c.id = r.campagna_id WHERE r.id = $1"},
    [Q_RSP_ERRORS] = {"dati_rsp_errors", 2,
                      "SELECT riga, colonna, campo, regola, valore, messaggio"
                      " FROM dati_risposta_errore WHERE risposta_id = $1"
                      " ORDER BY n LIMIT $2"},
    [Q_RSP_LIST] = {"dati_rsp_list", 2,
                    "SELECT id, nome_file, stato, righe, errori, created FROM"
                    " dati_risposta WHERE campagna_id = $1 AND comune = $2"
                    " ORDER BY id DESC LIMIT 100"},
    [Q_CMP_VALID_ANSWERS] =
        {"dati_cmp_valid_answers", 1,
         "SELECT k.comune, r.sha256 FROM dati_campagna_comune k JOIN"
         " dati_risposta r ON r.id = k.risposta_id WHERE k.campagna_id = $1"
         " AND k.stato = 'valida' ORDER BY k.comune"},
    [Q_CMP_CLOSE] =
        {"dati_cmp_close", 4,
         "UPDATE dati_campagna SET stato = 'chiusa', dataset_id = $2,"
         " risultato_sha256 = $3, modified = $4 WHERE id = $1 AND stato ="
         " 'aperta' RETURNING id"},
    [Q_CMP_DATASET_INSERT] =
        {"dati_cmp_dataset_insert", 6,
         "INSERT INTO dati_dataset (ente, nome, identificativo, titolo,"
         " descrizione, stato, created, modified) VALUES ($1, $2, $3, $4, $5,"
         " 'pubblicato', $6, $6) RETURNING id"},
    [Q_CMP_RISORSA_INSERT] =
        {"dati_cmp_risorsa_insert", 5,
         "INSERT INTO dati_risorsa (dataset_id, nome, descrizione, formato,"
         " url, schema_json, posizione, created, modified) VALUES ($1, $2,"
         " 'Risposte valide dei Comuni, con il codice ISTAT del Comune',"
         " 'CSV', $3, $4, 0, $5, $5) RETURNING id"},
    /* the demo (campagne_demo.c): two more Comuni of the Province */
    [Q_CMP_DEMO_COMUNI] = {"dati_cmp_demo_comuni", 2,
                           "SELECT codice_istat FROM registry_comune_provincia"
                           " WHERE provincia = $1 AND codice_istat <> $2"
                           " ORDER BY codice_istat LIMIT 2"},
    /* the demo: a deadline already past, to show a late Comune */
    [Q_CMP_DEMO_SCADENZA] = {"dati_cmp_demo_scadenza", 3,
                             "UPDATE dati_campagna SET scadenza = $2,"
                             " scadenza_at = $3 WHERE id = $1"},
    /* reminders: the Comuni without a valid answer */
    [Q_CMP_DA_SOLLECITARE] = {"dati_cmp_da_sollecitare", 1,
                              "SELECT comune, stato FROM dati_campagna_comune"
                              " WHERE campagna_id = $1 AND stato <> 'valida'"
                              " ORDER BY comune"},
    [Q_CMP_SOLLECITATO] = {"dati_cmp_sollecitato", 3,
                           "UPDATE dati_campagna_comune SET promemoria_at ="
                           " $3 WHERE campagna_id = $1 AND comune = $2"},
    [Q_RSP_JOB_SET] = {"dati_rsp_job_set", 3,
                       "UPDATE dati_campagna_comune SET job_id = $3 WHERE"
                       " campagna_id = $1 AND comune = $2"},
    [Q_RSP_JOB_CLEAR] = {"dati_rsp_job_clear", 3,
                         "UPDATE dati_campagna_comune SET job_id = NULL"
                         " WHERE campagna_id = $1 AND comune = $2 AND"
                         " job_id = $3"},
    [Q_RSP_JOB_GET] = {"dati_rsp_job_get", 2,
                       "SELECT job_id FROM dati_campagna_comune WHERE"
                       " campagna_id = $1 AND comune = $2 AND job_id IS NOT"
                       " NULL"},
    /* the lists' totals, up to the cap: $2 the cap + 1 */
    [Q_CMP_COUNT_PROV] = {"dati_cmp_count_prov", 2,
                          "SELECT COUNT(*) FROM (SELECT 1 FROM dati_campagna"
                          " WHERE provincia = $1 LIMIT $2) t"},
    [Q_CMP_COUNT_COMUNE] = {"dati_cmp_count_comune", 2,
                            "SELECT COUNT(*) FROM (SELECT 1 FROM"
                            " dati_campagna_comune WHERE comune = $1"
                            " LIMIT $2) t"},
    [Q_CMP_DA_SOLLECITARE_PRIMA] = {"dati_cmp_da_sollecitare_prima", 2,
                                    "SELECT comune, stato FROM"
                                    " dati_campagna_comune WHERE"
                                    " campagna_id = $1 AND stato <>"
                                    " 'valida' AND (promemoria_at IS NULL"
                                    " OR promemoria_at < $2) ORDER BY"
                                    " comune"},
    [Q_CMP_SCADENZA_SET] = {"dati_cmp_scadenza_set", 3,
                            "UPDATE dati_campagna SET scadenza = $2,"
                            " scadenza_at = $3 WHERE id = $1"},
    [Q_CMP_PROMEMORIA_GET] = {"dati_cmp_promemoria_get", 1,
                              "SELECT promemoria FROM dati_campagna WHERE"
                              " id = $1"},
};

const size_t dati_campagne_sql_count =
    sizeof(dati_campagne_sql) / sizeof(dati_campagne_sql[0]);
