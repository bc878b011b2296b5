/*
 * routes_catalogo.c - the open-data catalogue's route table (assembled by
 * src/http/routes.c): the data officer's datasets and resources.  Reading
 * published datasets is public; writing is the officer's of the Province
 * that answers for the dataset (its own, or one of its Comuni's).
 */
#include <stddef.h>

#include "modules/dati/catalogo_handlers.h"
#include "modules/dati/dataset_handlers.h"
#include "modules/dati/risorse_file.h"

#define DATASET_BODY_MAX (256 * 1024)

static const char *const q_none[] = {NULL};
static const char *const q_page[] = {"page", NULL};
static const char *const q_list[] = {"ente",  "tema",   "ufficio", "after",
                                     "limit", "offset", "nome",    NULL};

const struct route dati_catalogo_routes[] = {
    {HTTP_GET, "/api/v1/dati/dataset", dati_dataset_list, PERM_PUBLIC, 0, 0,
     q_list, "Dataset pubblicati (ufficio=1: quelli della propria Provincia)"},
    {HTTP_GET, "/api/v1/dati/dataset/{id}", dati_dataset_get, PERM_PUBLIC, 0, 0,
     q_none, "Un dataset con le sue risorse"},
    {HTTP_POST, "/api/v1/dati/dataset", dati_dataset_post, PERM_DATI_DATASET,
     DATASET_BODY_MAX, ROUTE_AUDITED, q_none,
     "Nuovo dataset (bozza) della Provincia o di un suo Comune",
     dati_dataset_new_scope, dati_dataset_body},
    {HTTP_PUT, "/api/v1/dati/dataset/{id}", dati_dataset_put, PERM_DATI_DATASET,
     DATASET_BODY_MAX, ROUTE_AUDITED, q_none,
     "Modifica i metadati di un dataset", dati_dataset_scope,
     dati_dataset_body},
    {HTTP_POST, "/api/v1/dati/dataset/{id}/pubblica", dati_dataset_pubblica,
     PERM_DATI_DATASET, 0, ROUTE_AUDITED, q_none,
     "Pubblica il dataset nel catalogo", dati_dataset_scope},
    {HTTP_POST, "/api/v1/dati/dataset/{id}/ritira", dati_dataset_ritira,
     PERM_DATI_DATASET, 0, ROUTE_AUDITED, q_none,
     "Ritira il dataset dal catalogo", dati_dataset_scope},
    {HTTP_POST, "/api/v1/dati/dataset/{id}/risorse", dati_risorsa_post,
     PERM_DATI_DATASET, 64 * 1024, ROUTE_AUDITED, q_none,
     "Aggiunge una risorsa (URL) al dataset", dati_dataset_scope,
     dati_risorsa_body},
    {HTTP_GET, "/catalogo.rdf", dati_catalogo_rdf, PERM_PUBLIC, 0, 0, q_page,
     "Catalogo DCAT-AP_IT in RDF/XML (per l'harvesting nazionale)"},
    {HTTP_GET, "/catalogo.ttl", dati_catalogo_ttl, PERM_PUBLIC, 0, 0, q_page,
     "Catalogo DCAT-AP_IT in Turtle"},
    {HTTP_GET, "/catalogo.jsonld", dati_catalogo_jsonld, PERM_PUBLIC, 0, 0,
     q_page, "Catalogo DCAT-AP_IT in JSON-LD"},
    {HTTP_POST, "/api/v1/dati/dataset/{id}/risorse/file",
     dati_risorsa_file_post, PERM_DATI_DATASET, 0,
     ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Carica un file come risorsa del dataset (un CSV entra nelle tabelle)",
     dati_dataset_scope, NULL, &dati_risorsa_upload},
    {HTTP_POST, "/api/v1/dati/risorse/{id}/file", dati_risorsa_file_replace,
     PERM_DATI_DATASET, 0, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Sostituisce il file CSV di una risorsa (caricato in background)",
     dati_risorsa_scope, NULL, &dati_risorsa_upload},
    {HTTP_GET, "/api/v1/dati/risorse/{id}/file", dati_risorsa_file_get,
     PERM_PUBLIC, 0, 0, q_none, "Il file di una risorsa (Range, ETag)"},
};

const size_t dati_catalogo_routes_count =
    sizeof(dati_catalogo_routes) / sizeof(dati_catalogo_routes[0]);
