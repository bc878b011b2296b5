/*
 * dataset_sql.h - the statements of the catalogue's own tables
 * (dati_dataset, dati_risorsa, migration 0035).  Texts in dataset_sql.c.
 */
#ifndef AV_DATI_DATASET_SQL_H
#define AV_DATI_DATASET_SQL_H

#include <stddef.h>

#include "db/db.h"

enum dati_dataset_q {
	Q_DS_INSERT,
	Q_DS_GET,
	Q_DS_NAME_TAKEN,
	Q_DS_UPDATE,
	Q_DS_STATO,
	Q_DS_COUNT,
	Q_DS_LIST,
	Q_RS_INSERT,
	Q_RS_LIST,
	Q_RS_COUNT,
	Q_DS_TOUCH,
	Q_DS_PUB_COUNT,   /* published datasets, and the latest modified */
	Q_DS_PUB_PAGE,    /* a page of them in id order (Q_DS_GET's columns) */
	Q_DS_PUB_BY_NAME, /* a published dataset by nome or id (CKAN) */
	Q_RS_PUB_TABLES,  /* published resources in the store, with ident */
	Q_DATI_DATASET__MAX
};

/* The columns of Q_DS_GET and Q_DS_LIST, in order. */
enum dati_ds_col {
	DS_C_ID,
	DS_C_ENTE,
	DS_C_NOME,
	DS_C_IDENTIFICATIVO,
	DS_C_TITOLO,
	DS_C_DESCRIZIONE,
	DS_C_TEMI,
	DS_C_PAROLE,
	DS_C_FREQUENZA,
	DS_C_LICENZA,
	DS_C_STATO,
	DS_C_CREATED,
	DS_C_MODIFIED,
	DS_C_COP_INIZIO, /* migration 0056: the DCAT-AP_IT coverage */
	DS_C_COP_FINE,   /* and contact point (dataset_dcat.c) */
	DS_C_COP_SPAZIALE,
	DS_C_CONTATTO_NOME,
	DS_C_CONTATTO_EMAIL,
	DS_C__MAX
};

/* The columns of Q_RS_LIST, in order. */
enum dati_rs_col {
	RS_C_ID,
	RS_C_DATASET,
	RS_C_NOME,
	RS_C_DESCRIZIONE,
	RS_C_FORMATO,
	RS_C_DOCUMENT,
	RS_C_URL,
	RS_C_TABELLA,
	RS_C_POSIZIONE,
	RS_C_CREATED,
	RS_C_MODIFIED,
	RS_C__MAX
};

extern const struct sql_def dati_dataset_sql[Q_DATI_DATASET__MAX];
extern const size_t dati_dataset_sql_count;

#endif
