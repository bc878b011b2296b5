/*
 * datastore_handlers.h - the tabular store's HTTP edges (routes_datastore.c
 * lists them): CKAN's datastore_search and the aggregates.
 */
#ifndef AV_DATI_DATASTORE_HANDLERS_H
#define AV_DATI_DATASTORE_HANDLERS_H

#include "http/route.h"

int dati_datastore_search_get(struct req *req, struct resp *resp);
int dati_datastore_search_post(struct req *req, struct resp *resp);
int dati_aggrega_get(struct req *req, struct resp *resp);
/* The exports (datastore_export.c): CSV and JSON streamed, XLSX. */
int dati_esporta_csv(struct req *req, struct resp *resp);
int dati_esporta_json(struct req *req, struct resp *resp);
int dati_esporta_xlsx(struct req *req, struct resp *resp);

#endif
