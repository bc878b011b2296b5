/*
 * catalogo_handlers.h - the DCAT-AP_IT files of the catalogue
 * (catalogo_handlers.c).
 */
#ifndef AV_DATI_CATALOGO_HANDLERS_H
#define AV_DATI_CATALOGO_HANDLERS_H

#include "http/route.h"

int dati_catalogo_rdf(struct req *req, struct resp *resp);
int dati_catalogo_ttl(struct req *req, struct resp *resp);
int dati_catalogo_jsonld(struct req *req, struct resp *resp);

#endif
