/*
 * dataset_handlers.h - the catalogue's datasets over HTTP
 * (dataset_handlers.c, routes in routes_catalogo.c).
 */
#ifndef AV_DATI_DATASET_HANDLERS_H
#define AV_DATI_DATASET_HANDLERS_H

#include "http/route.h"
#include "json/jbody.h"

int dati_dataset_list(struct req *req, struct resp *resp);
int dati_dataset_get(struct req *req, struct resp *resp);
int dati_dataset_post(struct req *req, struct resp *resp);
int dati_dataset_put(struct req *req, struct resp *resp);
int dati_dataset_pubblica(struct req *req, struct resp *resp);
int dati_dataset_ritira(struct req *req, struct resp *resp);
int dati_risorsa_post(struct req *req, struct resp *resp);
/* The Province that answers for the dataset {id}. */
int dati_dataset_scope(struct req *req, char *ente, size_t len, int *found);
/* The Province that answers for the body's ente (a new dataset). */
int dati_dataset_new_scope(struct req *req, char *ente, size_t len, int *found);

extern const struct jfield dati_dataset_body[];
extern const struct jfield dati_risorsa_body[];

#endif
