/*
 * dataset_sql.c - every SQL text of the catalogue's tables.  Optional
 * filters are "CAST($n AS TEXT) IS NULL OR ...", one text for both
 * dialects.  A Province's datasets are its own (ente = 'provincia:NNN')
 * and its Comuni's ('comune:NNNxxx': an ISTAT code begins with its
 * Province's), matched by a LIKE pattern built in C from the three digits
 * of a checked code, so it holds no wildcard but its own.  Lists are in
 * id order, the keyset of the primary key.
 */
#include "modules/dati/dataset_sql.h"

#define DS_COLS                                                                \
	"d.id, d.ente, d.nome, d.identificativo, d.titolo, d.descrizione,"     \
	" d.temi, d.parole_chiave, d.frequenza, d.licenza, d.stato,"           \
	" d.created, d.modified, d.copertura_inizio, d.copertura_fine,"        \
	" d.copertura_spaziale, d.contatto_nome, d.contatto_email"

/* $1 stato, $2 ente, $3 and $4 a Province and its Comuni's pattern (both
   set or both NULL), $5 a theme pattern ('%"AGRI"%'), $6 a nome. */
#define DS_FILTER                                                              \
	" FROM dati_dataset d WHERE (CAST($1 AS TEXT) IS NULL OR"              \
	" d.stato = CAST($1 AS TEXT)) AND (CAST($2 AS TEXT) IS NULL OR"        \
	" d.ente = CAST($2 AS TEXT)) AND (CAST($3 AS TEXT) IS NULL OR"         \
	" d.ente = CAST($3 AS TEXT) OR d.ente LIKE CAST($4 AS TEXT)) AND"      \
	" (CAST($5 AS TEXT) IS NULL OR d.temi LIKE CAST($5 AS TEXT)) AND"      \
	" (CAST($6 AS TEXT) IS NULL OR d.nome = CAST($6 AS TEXT))"

#define RS_COLS                                                                \
	"id, dataset_id, nome, descrizione, formato, document_id, url,"        \
	" tabella_id, posizione, created, modified"

const struct sql_def dati_dataset_sql[Q_DATI_DATASET__MAX] = {
    /* $10 now: created and modified. */
    [Q_DS_INSERT] = {"dati_ds_insert", 10,
                     "INSERT INTO dati_dataset (ente, nome, identificativo,"
                     " titolo, descrizione, temi, parole_chiave, frequenza,"
                     " licenza, stato, created, modified) VALUES ($1, $2,"
                     " $3, $4, $5, $6, $7, $8, $9, 'bozza', $10, $10)"
                     " RETURNING id"},
    [Q_DS_GET] = {"dati_ds_get", 1,
                  "SELECT " DS_COLS " FROM dati_dataset d WHERE d.id = $1"},
    [Q_DS_NAME_TAKEN] = {"dati_ds_name_taken", 1,
                         "SELECT COUNT(*) FROM dati_dataset WHERE nome = $1"
                         " OR identificativo = $1"},
    [Q_DS_UPDATE] = {"dati_ds_update", 8,
                     "UPDATE dati_dataset SET titolo = $2, descrizione = $3,"
                     " temi = $4, parole_chiave = $5, frequenza = $6,"
                     " licenza = $7, modified = $8 WHERE id = $1"},
    [Q_DS_STATO] = {"dati_ds_stato", 3,
                    "UPDATE dati_dataset SET stato = $2, modified = $3"
                    " WHERE id = $1"},
    /* $7 the count's cap + 1. */
    [Q_DS_COUNT] = {"dati_ds_count", 7,
                    "SELECT COUNT(*) FROM (SELECT 1" DS_FILTER " LIMIT $7) t"},
    /* $7 the last id of the previous page (0: from the first), $8 limit,
       $9 offset. */
    [Q_DS_LIST] = {"dati_ds_list", 9,
                   "SELECT " DS_COLS DS_FILTER " AND d.id > $7"
                   " ORDER BY d.id LIMIT $8 OFFSET $9"},
    /* $9 now. */
    [Q_RS_INSERT] = {"dati_rs_insert", 9,
                     "INSERT INTO dati_risorsa (dataset_id, nome, descrizione,"
                     " formato, document_id, url, schema_json, posizione,"
                     " created, modified) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                     " $8, $9, $9) RETURNING id"},
    [Q_RS_LIST] = {"dati_rs_list", 1,
                   "SELECT " RS_COLS " FROM dati_risorsa WHERE dataset_id = $1"
                   " ORDER BY posizione, id"},
    [Q_RS_COUNT] = {"dati_rs_count", 1,
                    "SELECT COUNT(*) FROM dati_risorsa WHERE dataset_id = $1"},
    [Q_DS_TOUCH] = {"dati_ds_touch", 2,
                    "UPDATE dati_dataset SET modified = $2 WHERE id = $1"},
    [Q_DS_PUB_COUNT] = {"dati_ds_pub_count", 0,
                        "SELECT COUNT(*), COALESCE(MAX(modified), 0)"
                        " FROM dati_dataset WHERE stato = 'pubblicato'"},
    [Q_DS_PUB_PAGE] = {"dati_ds_pub_page", 2,
                       "SELECT " DS_COLS " FROM dati_dataset d"
                       " WHERE d.stato = 'pubblicato' ORDER BY d.id"
                       " LIMIT $1 OFFSET $2"},
    /* $1 the nome, $2 the id when the text is one (else 0). */
    [Q_DS_PUB_BY_NAME] = {"dati_ds_pub_by_name", 2,
                          "SELECT " DS_COLS " FROM dati_dataset d"
                          " WHERE d.stato = 'pubblicato' AND (d.nome = $1"
                          " OR d.id = $2)"},
    /* The resources CKAN's datastore_search may name by their UUID. */
    [Q_RS_PUB_TABLES] = {"dati_rs_pub_tables", 0,
                         "SELECT r.id, d.identificativo FROM dati_risorsa r"
                         " JOIN dati_dataset d ON d.id = r.dataset_id"
                         " WHERE d.stato = 'pubblicato'"
                         " AND r.tabella_id IS NOT NULL ORDER BY r.id"},
};

const size_t dati_dataset_sql_count = Q_DATI_DATASET__MAX;
