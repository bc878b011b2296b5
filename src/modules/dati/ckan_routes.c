/*
 * ckan_routes.c - the CKAN Action API's routes (STANDARDS.md §5): each
 * read action at /api/3/action/NAME and /api/action/NAME, GET with the
 * parameters in the query, or POST with them in a JSON body (the field
 * table takes any JSON value per key, jbody's JT_ANY; ckan_arg reads
 * either), public.  The unknown-action answer is a separate
 * table, dati_ckan_fallback_routes: the router takes the first route that
 * matches, in table order, so that table must stay the LAST of
 * src/http/routes.c's list (after the datastore's actions too).
 */
#include <stddef.h>

#include "json/jbody.h"

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

/*
 * The POST form: the same parameters in a JSON body, of any JSON type as
 * CKAN takes them (a number as 10 or "10", fq as text, facet.field as a
 * list or its JSON text); ckan_arg reads them as text and each action
 * validates them as for GET, with CKAN's errors.  A key not listed is
 * refused by the router (400, areavasta's envelope).
 */
static int
ckan_any(json_t *v, const char *path, struct av_err *err)
{
	(void)v;
	(void)path;
	(void)err;
	return AV_OK; /* the action checks it, as for GET */
}

#define CKAN_BODY_MAX (64 * 1024)

static const struct jfield b_ckan[] = {
    {JF_ANY("id", 0, ckan_any)},
    {JF_ANY("q", 0, ckan_any)},
    {JF_ANY("fq", 0, ckan_any)},
    {JF_ANY("sort", 0, ckan_any)},
    {JF_ANY("rows", 0, ckan_any)},
    {JF_ANY("start", 0, ckan_any)},
    {JF_ANY("facet", 0, ckan_any)},
    {JF_ANY("facet.field", 0, ckan_any)},
    {JF_ANY("facet.limit", 0, ckan_any)},
    {JF_ANY("facet.mincount", 0, ckan_any)},
    {JF_ANY("limit", 0, ckan_any)},
    {JF_ANY("offset", 0, ckan_any)},
    {JF_ANY("all_fields", 0, ckan_any)},
    {JF_ANY("include_dataset_count", 0, ckan_any)},
    {JF_ANY("include_datasets", 0, ckan_any)},
    {JF_ANY("use_default_schema", 0, ckan_any)},
    {JF_ANY("include_private", 0, ckan_any)},
    {JF_ANY("include_drafts", 0, ckan_any)},
    {.name = NULL},
};

#define CKAN_POST(path, fn, what)                                              \
	{.method = HTTP_POST,                                                  \
	 .pattern = "/api/3/action/" path,                                     \
	 .handler = fn,                                                        \
	 .perm = PERM_PUBLIC,                                                  \
	 .body_max = CKAN_BODY_MAX,                                            \
	 .query = q_ckan,                                                      \
	 .summary = what " (POST)",                                            \
	 .body = b_ckan},                                                      \
	{                                                                      \
		.method = HTTP_POST, .pattern = "/api/action/" path,           \
		.handler = fn, .perm = PERM_PUBLIC, .body_max = CKAN_BODY_MAX, \
		.query = q_ckan, .summary = what " (POST)", .body = b_ckan     \
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
    CKAN_POST("package_list", ckan_package_list, "CKAN: nomi dei dataset"),
    CKAN_POST("package_show", ckan_package_show, "CKAN: un dataset"),
    CKAN_POST("package_search", ckan_package_search,
              "CKAN: ricerca dei dataset con faccette"),
    CKAN_POST("organization_list", ckan_organization_list,
              "CKAN: enti che pubblicano"),
    CKAN_POST("organization_show", ckan_organization_show, "CKAN: un ente"),
    CKAN_POST("group_list", ckan_group_list, "CKAN: gruppi (nessuno)"),
    CKAN_POST("tag_list", ckan_tag_list, "CKAN: parole chiave"),
    CKAN_POST("license_list", ckan_license_list, "CKAN: licenze AgID"),
    CKAN_POST("status_show", ckan_status_show, "CKAN: stato del sito"),
};

const size_t dati_ckan_routes_count =
    sizeof(dati_ckan_routes) / sizeof(dati_ckan_routes[0]);

const struct route dati_ckan_fallback_routes[] = {
    CKAN("{action}", ckan_unknown, "CKAN: azione sconosciuta (400)"),
    CKAN_POST("{action}", ckan_unknown, "CKAN: azione sconosciuta (400)"),
};

const size_t dati_ckan_fallback_routes_count =
    sizeof(dati_ckan_fallback_routes) / sizeof(dati_ckan_fallback_routes[0]);
