/*
 * routes_datastore.c - the tabular store's route table (assembled by
 * src/http/routes.c): CKAN DataStore's datastore_search at CKAN's two
 * paths, GET with the parameters in the query string (POST with a JSON
 * body is not routed yet: CKAN's polymorphic parameters, filters with the
 * resource's own keys, do not fit a jbody field table).  Public
 * routes: the handler shows a draft dataset's resource only to the data
 * officer of its ente (PERM_DATI_TABELLA_BOZZA, authz_decide).
 */
#include <stddef.h>

#include "modules/dati/datastore_handlers.h"

static const char *const q_search[] = {
    "resource_id",   "filters",        "q", "fields", "sort", "limit", "offset",
    "include_total", "records_format", NULL};

static const char *const q_aggrega[] = {"group_by", "sum",     "avg", "min",
                                        "max",      "filters", NULL};

const struct route dati_datastore_routes[] = {
    {HTTP_GET, "/api/3/action/datastore_search", dati_datastore_search_get,
     PERM_PUBLIC, 0, 0, q_search,
     "CKAN DataStore: record di una risorsa (filtri, ricerca, pagine)"},
    {HTTP_GET, "/api/action/datastore_search", dati_datastore_search_get,
     PERM_PUBLIC, 0, 0, q_search,
     "CKAN DataStore: record di una risorsa (percorso senza versione)"},
    {HTTP_GET, "/api/v1/dati/risorse/{id}/aggrega", dati_aggrega_get,
     PERM_PUBLIC, 0, 0, q_aggrega,
     "Aggregati di una risorsa: conteggio, somma, media, minimo, massimo"
     " per gruppo"},
};

const size_t dati_datastore_routes_count =
    sizeof(dati_datastore_routes) / sizeof(dati_datastore_routes[0]);
