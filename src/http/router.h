/*
 * router.h - matching decoded paths against the assembled route table.
 *
 * router_init compiles every pattern once and fails on duplicates; matching
 * splits the path into segments, refuses "." and ".." and empty segments
 * (MHD hands us un-normalised paths), compares literals and captures
 * {name} segments.
 */
#ifndef AV_ROUTER_H
#define AV_ROUTER_H

#include "http/request.h"

/* One module's table, as listed in src/http/routes.c. */
struct route_table {
	const struct route *routes;
	const size_t *count;
};

extern const struct route_table route_tables[];
extern const size_t route_tables_count;

/* The flattened table, valid after router_init. */
size_t router_count(void);
const struct route *router_get(size_t i);

int router_init(struct av_err *err);
void router_release(void);

/*
 * Finds the route for method+path; fills req->route and params.  On failure
 * fills req->err: 404 (no path matches), 405 (path matches another method;
 * *allow receives the allowed methods, e.g. "GET, POST").
 */
int router_match(struct req *req, const char *method, const char *path,
                 char *allow, size_t allow_len);

/* Name of a method bit ("GET"). */
const char *http_method_name(enum http_method m);

#endif
