/*
 * risorse_file_sql.h - the statements of the data office's uploaded
 * resources and of the dataset's DCAT-AP_IT coverage and contact point
 * (migration 0056).  Texts in risorse_file_sql.c.
 */
#ifndef AV_DATI_RISORSE_FILE_SQL_H
#define AV_DATI_RISORSE_FILE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum dati_rf_q {
	Q_DRF_GET,      /* a resource, its dataset's ente and state */
	Q_DRF_SET_JOB,  /* the resource's last ingest job */
	Q_DRF_SET_DOC,  /* the resource's file, once ingested */
	Q_DRF_JOB,      /* the resource's last ingest job's id */
	Q_DRF_DS_DCAT,  /* the dataset's coverage and contact point */
	Q_DRF_DS_TOUCH, /* the resource's dataset modified */
	Q_DATI_RF__MAX
};

/* The columns of Q_DRF_GET, in order. */
enum dati_rf_col {
	DRF_C_DATASET,
	DRF_C_DOCUMENT,
	DRF_C_TABELLA,
	DRF_C_FORMATO,
	DRF_C_ENTE,
	DRF_C_STATO,
	DRF_C__MAX
};

extern const struct sql_def dati_rf_sql[Q_DATI_RF__MAX];
extern const size_t dati_rf_sql_count;

#endif
