/*
 * ckan_routes.c - the CKAN Action API's routes (STANDARDS.md §5): each
 * read action at /api/3/action/NAME and /api/action/NAME, GET with the
 * parameters in the query, public.  POST with a JSON body is NOT DONE: a
 * route with a body needs a field table, and CKAN's bodies mix types
 * (ckan_arg already reads a body).  The unknown-action answer is a separate
 * table, dati_ckan_fallback_routes: the router takes the first route that
 * matches, in table order, so that table must stay the LAST of
 * src/http/routes.c's list (after the datastore's actions too).
 */
#include <stddef.h>

#include "modules/dati/ckan_handlers.h"

static const char *const q_ckan[] = {"id",
                                     "q",
                                     "fq",
                                     "sort",
                                     "rows",
                                     "start",
                                     "facet",
                                     "facet.field",
                                     "facet.limit",
                                     "facet.mincount",
                                     "limit",
                                     "offset",
                                     "all_fields",
                                     "include_dataset_count",
                                     "include_datasets",
                                     "use_default_schema",
                                     "include_private",
                                     "include_drafts",
                                     NULL};

#define CKAN(path, fn, what)                                                   \
	{                                                                      \
	    HTTP_GET, "/api/3/action/" path, fn, PERM_PUBLIC, 0, 0, q_ckan,    \
	    what},                                                             \
	{                                                                      \
		HTTP_GET, "/api/action/" path, fn, PERM_PUBLIC, 0, 0, q_ckan,  \
		    what                                                       \
	}

const struct route dati_ckan_routes[] = {
    CKAN("package_list", ckan_package_list, "CKAN: nomi dei dataset"),
    CKAN("package_show", ckan_package_show,
         "CKAN: un dataset (con i campi ckanext-dcatapit)"),
    CKAN("package_search", ckan_package_search,
         "CKAN: ricerca dei dataset con faccette"),
    CKAN("organization_list", ckan_organization_list,
         "CKAN: enti che pubblicano"),
    CKAN("organization_show", ckan_organization_show, "CKAN: un ente"),
    CKAN("group_list", ckan_group_list, "CKAN: gruppi (nessuno)"),
    CKAN("tag_list", ckan_tag_list, "CKAN: parole chiave"),
    CKAN("license_list", ckan_license_list, "CKAN: licenze AgID"),
    CKAN("status_show", ckan_status_show, "CKAN: stato del sito"),
};

const size_t dati_ckan_routes_count =
    sizeof(dati_ckan_routes) / sizeof(dati_ckan_routes[0]);

const struct route dati_ckan_fallback_routes[] = {
    CKAN("{action}", ckan_unknown, "CKAN: azione sconosciuta (400)"),
};

const size_t dati_ckan_fallback_routes_count =
    sizeof(dati_ckan_fallback_routes) / sizeof(dati_ckan_fallback_routes[0]);
