/*
 * campagne_firma_sql.c - every SQL text of campagne_firma.c.
 */
#include "modules/dati/campagne_firma_sql.h"

const struct sql_def campagne_firma_sql[Q_CAMPAGNE_FIRMA__MAX] = {
    [Q_CF_RISPOSTE] = {"dati_cf_risposte", 2,
                       "SELECT id, comune, nome_file, stato, righe, errori,"
                       " created FROM dati_risposta WHERE campagna_id = $1"
                       " ORDER BY id DESC LIMIT $2"},
    [Q_CF_JOB_SET] = {"dati_cf_job_set", 3,
                      "UPDATE dati_campagna_comune SET job_id = $3 WHERE"
                      " campagna_id = $1 AND comune = $2"},
};

const size_t campagne_firma_sql_count =
    sizeof(campagne_firma_sql) / sizeof(campagne_firma_sql[0]);
