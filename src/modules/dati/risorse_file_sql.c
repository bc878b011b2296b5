/*
 * risorse_file_sql.c - every SQL text of risorse_file.c and
 * dataset_dcat.c (see risorse_file_sql.h).  One text for both dialects.
 */
#include "modules/dati/risorse_file_sql.h"

const struct sql_def dati_rf_sql[Q_DATI_RF__MAX] = {
    [Q_DRF_GET] = {"dati_rf_get", 1,
                   "SELECT r.dataset_id, r.document_id, r.tabella_id,"
                   " r.formato, d.ente, d.stato FROM dati_risorsa r"
                   " JOIN dati_dataset d ON d.id = r.dataset_id"
                   " WHERE r.id = $1"},
    /* $3 now. */
    [Q_DRF_SET_JOB] = {"dati_rf_set_job", 3,
                       "UPDATE dati_risorsa SET job_id = $2, modified = $3"
                       " WHERE id = $1"},
    /* $3 now, $4 the dataset (a resource moves never). */
    [Q_DRF_SET_DOC] = {"dati_rf_set_doc", 4,
                       "UPDATE dati_risorsa SET document_id = $2,"
                       " modified = $3 WHERE id = $1 AND dataset_id = $4"},
    [Q_DRF_JOB] = {"dati_rf_job", 1,
                   "SELECT job_id FROM dati_risorsa WHERE id = $1"
                   " AND job_id IS NOT NULL"},
    /* $7 now. */
    [Q_DRF_DS_DCAT] = {"dati_rf_ds_dcat", 7,
                       "UPDATE dati_dataset SET copertura_inizio = $2,"
                       " copertura_fine = $3, copertura_spaziale = $4,"
                       " contatto_nome = $5, contatto_email = $6,"
                       " modified = $7 WHERE id = $1"},
    [Q_DRF_DS_TOUCH] = {"dati_rf_ds_touch", 2,
                        "UPDATE dati_dataset SET modified = $2 WHERE id = $1"},
};

const size_t dati_rf_sql_count = Q_DATI_RF__MAX;
