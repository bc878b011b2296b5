/*
 * core_routes.c - the platform's own endpoints: liveness (/healthz),
 * Prometheus metrics (/metrics) and the OpenAPI 3.1 description generated
 * from the route table itself (/api/v1/openapi.json), so a routed path can
 * never be missing from it.
 */
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "http/metrics.h"
#include "http/request.h"
#include "http/router.h"
#include "http/upload.h"
#include "json/jbody.h"
#include "version.h"

#define METRICS_TEXT_MAX (512 * 1024)

static const struct sql_def q_ping = {"core_ping", 0, "SELECT 1"};

static int
healthz(struct req *req, struct resp *resp)
{
	int64_t one = 0;
	struct jw *w;

	if (db_query_i64(req_db(req), &q_ping, NULL, 0, &one, NULL,
	                 req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "status", "ok");
	jw_kstr(w, "db", "ok");
	jw_kstr(w, "version", AREAVASTA_VERSION);
	jw_obj_end(w);
	return AV_OK;
}

static int
metrics(struct req *req, struct resp *resp)
{
	struct sbuf *sb = req_sbuf(req, METRICS_TEXT_MAX);
	int64_t size = -1;
	struct av_err ignored = AV_ERR_INIT;

	if (db_size_bytes(req_db(req), &size, &ignored) != AV_OK)
		size = -1;
	metrics_render(sb, size);
	if (sbuf_err(sb))
		return av_fail(req_err(req), AV_EINTERNAL, NULL,
		               "Errore interno.");
	return resp_text(resp, 200, "text/plain; version=0.0.4; charset=utf-8",
	                 sb->buf, sb->len);
}

/* {"type": t}, the schema of most parameters and members. */
static void
type_schema(struct jw *w, const char *key, const char *t)
{
	jw_kobj(w, key);
	jw_kstr(w, "type", t);
	jw_obj_end(w);
}

/* The {param} segments of a pattern, in order, as parameter objects. */
static void
path_parameters(struct jw *w, const char *pattern)
{
	const char *p = pattern;

	while ((p = strchr(p, '{')) != NULL) {
		const char *e = strchr(p, '}');

		if (e == NULL)
			break;
		jw_obj(w);
		jw_key(w, "name");
		jw_strn(w, p + 1, (size_t)(e - p - 1));
		jw_kstr(w, "in", "path");
		jw_kbool(w, "required", 1);
		type_schema(w, "schema", "string");
		jw_obj_end(w);
		p = e + 1;
	}
}

/* "content": {type: {"schema": ...}}, left open at the schema's value. */
static void
content_open(struct jw *w, const char *type)
{
	jw_kobj(w, "content");
	jw_kobj(w, type);
	jw_key(w, "schema");
}

static void
content_close(struct jw *w)
{
	jw_obj_end(w);
	jw_obj_end(w);
}

static void
request_body(struct jw *w, const struct route *r)
{
	jw_kobj(w, "requestBody");
	jw_kbool(w, "required", 1);
	if (r->upload != NULL && r->upload->kind == UPLOAD_MULTIPART) {
		content_open(w, "multipart/form-data");
		jw_obj(w);
		jw_kstr(w, "type", "object");
		jw_karr(w, "required");
		jw_str(w, r->upload->file_field);
		jw_arr_end(w);
		jw_kobj(w, "properties");
		jw_kobj(w, r->upload->file_field);
		jw_kstr(w, "type", "string");
		jw_kstr(w, "format", "binary");
		jw_obj_end(w);
		jw_obj_end(w);
		jw_obj_end(w);
	} else if (r->flags & ROUTE_FORM) {
		/* The SAML bindings: fields read by req_form, any of them. */
		content_open(w, "application/x-www-form-urlencoded");
		jw_obj(w);
		jw_kstr(w, "type", "object");
		jw_obj_end(w);
	} else if (r->upload != NULL) {
		content_open(w, "application/octet-stream");
		jw_obj(w);
		jw_kstr(w, "type", "string");
		jw_kstr(w, "format", "binary");
		jw_obj_end(w);
	} else {
		content_open(w, "application/json");
		jbody_write_schema(w, r->body);
	}
	content_close(w);
	jw_obj_end(w);
}

static void
operation(struct jw *w, const struct route *r)
{
	const char *const *q;

	jw_obj(w);
	jw_kstr(w, "summary", r->summary ? r->summary : "");
	jw_karr(w, "parameters");
	path_parameters(w, r->pattern);
	for (q = r->query; q && *q; q++) {
		jw_obj(w);
		jw_kstr(w, "name", *q);
		jw_kstr(w, "in", "query");
		jw_kbool(w, "required", 0);
		jw_kobj(w, "schema");
		jw_kstr(w, "type", "string");
		jw_ki64(w, "maxLength", QUERY_VALUE_MAX);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kobj(w, "responses");
	jw_kobj(w, "200");
	jw_kstr(w, "description", "OK");
	content_open(w, "application/json");
	jw_obj(w);
	jw_obj_end(w);
	content_close(w);
	jw_obj_end(w);
	jw_kobj(w, "4XX");
	jw_kstr(w, "description", "Errore della richiesta");
	content_open(w, "application/json");
	jw_obj(w);
	jw_kstr(w, "$ref", "#/components/schemas/Error");
	jw_obj_end(w);
	content_close(w);
	jw_obj_end(w);
	jw_obj_end(w);
	/* router_init made sure every route with a body has its table. */
	if (r->upload != NULL || (r->body_max > 0 && r->body != NULL) ||
	    (r->body_max > 0 && (r->flags & ROUTE_FORM)))
		request_body(w, r);
	jw_obj_end(w);
}

static void
error_schema(struct jw *w)
{
	jw_obj(w);
	jw_kstr(w, "type", "object");
	jw_karr(w, "required");
	jw_str(w, "error");
	jw_arr_end(w);
	jw_kobj(w, "properties");
	jw_kobj(w, "error");
	jw_kstr(w, "type", "object");
	jw_karr(w, "required");
	jw_str(w, "code");
	jw_str(w, "message");
	jw_str(w, "field");
	jw_arr_end(w);
	jw_kobj(w, "properties");
	type_schema(w, "code", "string");
	type_schema(w, "message", "string");
	jw_kobj(w, "field");
	jw_karr(w, "type");
	jw_str(w, "string");
	jw_str(w, "null");
	jw_arr_end(w);
	jw_obj_end(w);
	type_schema(w, "request_id", "string");
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
}

/* The lower-case name of a route's method ("get"). */
static void
method_key(struct jw *w, const struct route *r)
{
	const char *name = http_method_name(r->method);
	char method[8];
	size_t k;

	for (k = 0; name[k] && k < 7; k++)
		method[k] = (char)(name[k] | 0x20);
	method[k] = '\0';
	jw_key(w, method);
}

/*
 * The document, written from the route table: a path's methods are
 * grouped under it, the paths in the order of their first route.
 */
static int
openapi(struct req *req, struct resp *resp)
{
	struct jw *w = resp_jw(resp, 200);
	size_t i, j, n = router_count();

	(void)req;
	jw_obj(w);
	jw_kstr(w, "openapi", "3.1.0");
	jw_kobj(w, "info");
	jw_kstr(w, "title", "areavasta API");
	jw_kstr(w, "version", AREAVASTA_VERSION);
	jw_kstr(w, "description",
	        "API della piattaforma dei servizi della"
	        " Provincia ai Comuni.");
	jw_obj_end(w);
	jw_karr(w, "servers");
	jw_obj(w);
	jw_kstr(w, "url", "/");
	jw_obj_end(w);
	jw_arr_end(w);
	jw_kobj(w, "paths");
	for (i = 0; i < n; i++) {
		const char *pattern = router_get(i)->pattern;

		for (j = 0; j < i; j++)
			if (strcmp(router_get(j)->pattern, pattern) == 0)
				break;
		if (j < i)
			continue; /* written with its first route */
		jw_kobj(w, pattern);
		for (j = i; j < n; j++)
			if (strcmp(router_get(j)->pattern, pattern) == 0) {
				method_key(w, router_get(j));
				operation(w, router_get(j));
			}
		jw_obj_end(w);
	}
	jw_obj_end(w);
	jw_kobj(w, "components");
	jw_kobj(w, "schemas");
	jw_key(w, "Error");
	error_schema(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	return AV_OK;
}

static const char *const no_query[] = {NULL};

const struct route core_routes[] = {
    {HTTP_GET, "/healthz", healthz, PERM_PUBLIC, 0, 0, no_query,
     "Stato del servizio e della base dati"},
    {HTTP_GET, "/metrics", metrics, PERM_PUBLIC, 0, 0, no_query,
     "Metriche Prometheus"},
    {HTTP_GET, "/api/v1/openapi.json", openapi, PERM_PUBLIC, 0, ROUTE_CACHED,
     no_query, "Descrizione OpenAPI 3.1 di questa API"},
};

const size_t core_routes_count = sizeof(core_routes) / sizeof(core_routes[0]);
