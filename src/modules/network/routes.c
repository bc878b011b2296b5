/*
 * routes.c - the network module's route table, one line per endpoint
 * (assembled by src/http/routes.c).  No query parameters are accepted.
 */
#include <stddef.h>

#include "modules/network/handlers.h"

static const char *const q_none[] = {NULL};

const struct route network_routes[] = {
    {HTTP_GET, "/api/v1/rete", network_get_rete, PERM_PUBLIC, 0, ROUTE_CACHED,
     q_none, "Le 76 Province della rete con adesione, referente e servizi"},
};

const size_t network_routes_count =
    sizeof(network_routes) / sizeof(network_routes[0]);
