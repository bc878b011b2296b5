/*
 * dataset_demo_sql.h - the statements of the demo's file dataset
 * (dataset_demo.c).  Texts in dataset_demo_sql.c.
 */
#ifndef AV_DATI_DATASET_DEMO_SQL_H
#define AV_DATI_DATASET_DEMO_SQL_H

#include <stddef.h>

#include "db/db.h"

enum dati_dsd_q {
	Q_DSD_COMUNI, /* the Comuni of a Province, through the registry's view
	               */
	Q_DATI_DSD__MAX
};

extern const struct sql_def dati_dsd_sql[Q_DATI_DSD__MAX];
extern const size_t dati_dsd_sql_count;

#endif
