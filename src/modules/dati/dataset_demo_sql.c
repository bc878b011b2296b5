/*
 * dataset_demo_sql.c - every SQL text of dataset_demo.c (see
 * dataset_demo_sql.h).  One text for both dialects.
 */
#include "modules/dati/dataset_demo_sql.h"

const struct sql_def dati_dsd_sql[Q_DATI_DSD__MAX] = {
    /* $2 the cap: the registry's view, never its table. */
    [Q_DSD_COMUNI] = {"dati_dsd_comuni", 2,
                      "SELECT codice_istat FROM registry_comune_provincia"
                      " WHERE provincia = $1 ORDER BY codice_istat"
                      " LIMIT $2"},
};

const size_t dati_dsd_sql_count = Q_DATI_DSD__MAX;
