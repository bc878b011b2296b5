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

/*
 * Checks what a table declares before any request: a route whose
 * permission is own-ente for some role has a scope resolver; a route that
 * takes a body has a valid field table; ROUTE_TX_LATE only with
 * ROUTE_AUDITED.  AV_OK or AV_EINTERNAL naming the route.  router_init
 * runs it on every table, and fails start-up with its error.
 */
int router_check_routes(const struct route *routes, size_t n,
                        struct av_err *err);

int router_init(struct av_err *err);
void router_release(void);

/*
 * Finds the route for method+path; fills req->route and params.  On failure
 * fills req->err: 404 (no path matches), 405 (path matches another method;
 * *allow receives the allowed methods, e.g. "GET, POST").
 */
int router_match(struct req *req, const char *method, const char *path,
                 char *allow, size_t allow_len);

/*
 * Runs the matched route's handler inside what the route declares: the
 * router's transaction for ROUTE_AUDITED routes (committed only when the
 * handler succeeded and wrote an audit record), the scope resolver and
 * the own-ente decision, the body's field table.  AV_OK with req->resp
 * set, or req->err filled and everything rolled back.  (dispatch.c)
 */
int router_dispatch(struct req *req);

/* Name of a method bit ("GET"). */
const char *http_method_name(enum http_method m);

#endif
