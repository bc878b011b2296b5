/*
 * routes_datastore.c - the tabular store's route table (assembled by
 * src/http/routes.c): CKAN DataStore's datastore_search at CKAN's two
 * paths, GET with the parameters in the query string or POST with a JSON
 * body (CKAN's polymorphic parameters, filters with the resource's own
 * keys: each key takes any JSON value, jbody's JT_ANY, and the action
 * checks it as for GET, answering CKAN's 409); the exports.  Public
 * routes: the handler shows a draft dataset's resource only to the data
 * officer of its ente (PERM_DATI_TABELLA_BOZZA, authz_decide).
 */
#include <stddef.h>

#include "json/jbody.h"
#include "modules/dati/datastore_handlers.h"

static const char *const q_search[] = {
    "resource_id",   "filters",        "q", "fields", "sort", "limit", "offset",
    "include_total", "records_format", NULL};

static const char *const q_aggrega[] = {"group_by", "sum",     "avg", "min",
                                        "max",      "filters", NULL};

static const char *const q_esporta_csv[] = {"filters", "q", "fields",
                                            "separatore", NULL};
static const char *const q_esporta[] = {"filters", "q", "fields", NULL};

static int
ds_any(json_t *v, const char *path, struct av_err *err)
{
	(void)v;
	(void)path;
	(void)err;
	return AV_OK; /* read_params checks it, with CKAN's 409 */
}

static const struct jfield b_search[] = {
    {JF_ANY("resource_id", 0, ds_any)},
    {JF_ANY("filters", 0, ds_any)},
    {JF_ANY("q", 0, ds_any)},
    {JF_ANY("fields", 0, ds_any)},
    {JF_ANY("sort", 0, ds_any)},
    {JF_ANY("limit", 0, ds_any)},
    {JF_ANY("offset", 0, ds_any)},
    {JF_ANY("include_total", 0, ds_any)},
    {JF_ANY("records_format", 0, ds_any)},
    {.name = NULL},
};

#define DS_BODY_MAX (64 * 1024)

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
    {.method = HTTP_POST,
     .pattern = "/api/3/action/datastore_search",
     .handler = dati_datastore_search_post,
     .perm = PERM_PUBLIC,
     .body_max = DS_BODY_MAX,
     .query = q_search,
     .summary = "CKAN DataStore: record di una risorsa (POST, corpo JSON)",
     .body = b_search},
    {.method = HTTP_POST,
     .pattern = "/api/action/datastore_search",
     .handler = dati_datastore_search_post,
     .perm = PERM_PUBLIC,
     .body_max = DS_BODY_MAX,
     .query = q_search,
     .summary = "CKAN DataStore: record (POST, percorso senza versione)",
     .body = b_search},
    {HTTP_GET, "/api/v1/dati/risorse/{id}/esporta.csv", dati_esporta_csv,
     PERM_PUBLIC, 0, 0, q_esporta_csv,
     "Esportazione CSV di una risorsa (filtri e ricerca di datastore_search)"},
    {HTTP_GET, "/api/v1/dati/risorse/{id}/esporta.json", dati_esporta_json,
     PERM_PUBLIC, 0, 0, q_esporta,
     "Esportazione JSON di una risorsa (forma del dump di CKAN)"},
    {HTTP_GET, "/api/v1/dati/risorse/{id}/esporta.xlsx", dati_esporta_xlsx,
     PERM_PUBLIC, 0, 0, q_esporta, "Esportazione XLSX di una risorsa"},
};

const size_t dati_datastore_routes_count =
    sizeof(dati_datastore_routes) / sizeof(dati_datastore_routes[0]);
