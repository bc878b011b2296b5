/*
 * campagne_sql.h - the statements of the data campaigns (campagne.c,
 * risposte.c): tables of migration 0037, the registry's published view
 * registry_comune_provincia, and the catalogue's dati_dataset and
 * dati_risorsa (0035, owned by the catalogue files of this same module)
 * for the dataset a closed campaign publishes.
 */
#ifndef AV_DATI_CAMPAGNE_SQL_H
#define AV_DATI_CAMPAGNE_SQL_H

#include "db/db.h"

enum {
	Q_CMP_INSERT,
	Q_CMP_COMUNI_ALL,
	Q_CMP_COMUNE_ONE,
	Q_CMP_GET,
	Q_CMP_LIST_PROV,
	Q_CMP_LIST_COMUNE,
	Q_CMP_QUADRO,
	Q_CMP_ADDRESSED,
	Q_RSP_INSERT,
	Q_RSP_ERR_INSERT,
	Q_RSP_COMUNE_SET,
	Q_RSP_GET,
	Q_RSP_ERRORS,
	Q_RSP_LIST,
	Q_CMP_VALID_ANSWERS,
	Q_CMP_CLOSE,
	Q_CMP_DATASET_INSERT,
	Q_CMP_RISORSA_INSERT,
	Q_CMP_DEMO_COMUNI,
	Q_CMP_DEMO_SCADENZA,
	Q_CMP_DA_SOLLECITARE,
	Q_CMP_SOLLECITATO,
	Q_RSP_JOB_SET,   /* the Comune's answer being validated by job $3 */
	Q_RSP_JOB_CLEAR, /* ... recorded: job_id NULL if still $3 */
	Q_RSP_JOB_GET,   /* the Comune's job_id, or NULL */
	/* the lists' totals: a Province's campaigns, a Comune's (the cap) */
	Q_CMP_COUNT_PROV,
	Q_CMP_COUNT_COMUNE,
	Q_CMP_DA_SOLLECITARE_PRIMA, /* ... not valid, not reminded since $2 */
	Q_CMP_SCADENZA_SET,         /* the deadline extended */
	Q_CMP_PROMEMORIA_GET,       /* the promemoria days */
	Q_DATI_CAMPAGNE__MAX
};

extern const struct sql_def dati_campagne_sql[Q_DATI_CAMPAGNE__MAX];
extern const size_t dati_campagne_sql_count;

#endif
