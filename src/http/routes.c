/*
 * routes.c - the list of every module's route table.  Adding a module means
 * adding one line here; router_init flattens and checks them at startup.
 */
#include <stddef.h>

#include "http/router.h"

extern const struct route core_routes[];
extern const size_t core_routes_count;

const struct route_table route_tables[] = {
    {core_routes, &core_routes_count},
};

const size_t route_tables_count = sizeof(route_tables) / sizeof(route_tables[0]);
