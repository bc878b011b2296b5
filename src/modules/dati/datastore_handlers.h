/*
 * datastore_handlers.h - the tabular store's HTTP edges (routes_datastore.c
 * lists them): CKAN's datastore_search and the aggregates.
 */
#ifndef AV_DATI_DATASTORE_HANDLERS_H
#define AV_DATI_DATASTORE_HANDLERS_H

#include "http/route.h"

int dati_datastore_search_get(struct req *req, struct resp *resp);
int dati_aggrega_get(struct req *req, struct resp *resp);

#endif
