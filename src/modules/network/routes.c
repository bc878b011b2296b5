/*
 * routes.c - the network module's route table, one line per endpoint
 * (assembled by src/http/routes.c).  The list takes no query parameters;
 * its CSV takes the page's filters.
 */
#include <stddef.h>

#include "modules/network/handlers.h"

static const char *const q_page[] = {"limit", "offset", "after", NULL};
static const char *const q_csv[] = {"regione", "aderenti", NULL};

const struct route network_routes[] = {
    {HTTP_GET, "/api/v1/rete", network_get_rete, PERM_PUBLIC, 0, ROUTE_CACHED,
     q_page, "Le 76 Province della rete con adesione, referente e servizi"},
    {HTTP_GET, "/api/v1/rete.csv", network_get_rete_csv, PERM_PUBLIC, 0,
     ROUTE_CACHED, q_csv,
     "La rete in CSV (UTF-8, separatore ';'), per regione e adesione"},
};

const size_t network_routes_count =
    sizeof(network_routes) / sizeof(network_routes[0]);
