/*
 * routes.c - the registry's route table, one line per endpoint (assembled
 * by src/http/routes.c).  All public and read-only; the allowed query keys
 * are declared here so the router refuses any other with 400.
 */
#include <stddef.h>

#include "modules/registry/handlers.h"

static const char *const q_none[] = {NULL};
static const char *const q_province[] = {"rso", "limit", "offset", "after",
                                         NULL};
static const char *const q_small[] = {"limit", "offset", "after", NULL};
static const char *const q_comuni[] = {"provincia", "q",      "limit", "offset",
                                       "after",     "ordina", NULL};
static const char *const q_enti[] = {"codici", NULL};

const struct route registry_routes[] = {
    {HTTP_GET, "/api/v1/regioni", registry_get_regioni, PERM_PUBLIC, 0,
     ROUTE_CACHED, q_small,
     "Le 20 regioni con lo statuto (ordinario o speciale)"},
    {HTTP_GET, "/api/v1/province", registry_get_province, PERM_PUBLIC, 0,
     ROUTE_CACHED, q_province, "Le unità territoriali sovracomunali attive"},
    {HTTP_GET, "/api/v1/comuni", registry_get_comuni, PERM_PUBLIC, 0,
     ROUTE_CACHED, q_comuni, "Comuni attivi, per provincia e ricerca per nome"},
    {HTTP_GET, "/api/v1/comuni/{codice_istat}", registry_get_comune,
     PERM_PUBLIC, 0, ROUTE_CACHED, q_none,
     "Scheda di un Comune per codice ISTAT"},
    {HTTP_GET, "/api/v1/istanza", registry_get_istanza, PERM_PUBLIC, 0,
     ROUTE_CACHED, q_none,
     "La Provincia che gestisce l'istanza e i suoi numeri"},
    {HTTP_GET, "/api/v1/enti", registry_get_enti, PERM_PUBLIC, 0, ROUTE_CACHED,
     q_enti, "Nomi degli enti (Province, Comuni, operatori) dai loro codici"},
};

const size_t registry_routes_count =
    sizeof(registry_routes) / sizeof(registry_routes[0]);
