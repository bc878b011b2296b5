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
	struct sbuf sb = SBUF_INIT(METRICS_TEXT_MAX);
	int64_t size = -1;
	struct av_err ignored = AV_ERR_INIT;

	if (db_size_bytes(req_db(req), &size, &ignored) != AV_OK)
		size = -1;
	metrics_render(&sb, size);
	if (sbuf_err(&sb)) {
		sbuf_release(&sb);
		return av_fail(req_err(req), AV_EINTERNAL, NULL,
		               "Errore interno.");
	}
	resp_text(resp, 200, "text/plain; version=0.0.4; charset=utf-8", sb.buf,
	          sb.len);
	sbuf_release(&sb);
	return AV_OK;
}

/* The names of {param} segments of a pattern, in order. */
static json_t *
path_parameters(const char *pattern)
{
	json_t *a = json_array();
	const char *p = pattern;

	while ((p = strchr(p, '{')) != NULL) {
		const char *e = strchr(p, '}');

		if (e == NULL)
			break;
		json_array_append_new(
		    a, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1,
		                 (size_t)(e - p - 1), "in", "path", "required",
		                 1, "schema", "type", "string"));
		p = e + 1;
	}
	return a;
}

static json_t *
operation(const struct route *r)
{
	json_t *params = path_parameters(r->pattern), *op;
	const char *const *q;

	for (q = r->query; q && *q; q++)
		json_array_append_new(
		    params,
		    json_pack("{s:s, s:s, s:b, s:{s:s, s:i}}", "name", *q, "in",
		              "query", "required", 0, "schema", "type",
		              "string", "maxLength", QUERY_VALUE_MAX));
	op = json_pack(
	    "{s:s, s:o, s:{s:{s:s, s:{s:{s:{}}}}, s:{s:s, s:{s:{s:{s:s}}}}}}",
	    "summary", r->summary ? r->summary : "", "parameters", params,
	    "responses", "200", "description", "OK", "content",
	    "application/json", "schema", "4XX", "description",
	    "Errore della richiesta", "content", "application/json", "schema",
	    "$ref", "#/components/schemas/Error");
	/* router_init made sure every route with a body has its table. */
	if (r->body_max > 0 && r->body != NULL)
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b, s:{s:{s:o}}}", "required",
		                              1, "content", "application/json",
		                              "schema", jbody_schema(r->body)));
	if (r->upload != NULL && r->upload->kind == UPLOAD_MULTIPART)
		json_object_set_new(
		    op, "requestBody",
		    json_pack("{s:b, s:{s:{s:{s:s, s:[s], s:{s:{s:s, s:s}}}}}}",
		              "required", 1, "content", "multipart/form-data",
		              "schema", "type", "object", "required",
		              r->upload->file_field, "properties",
		              r->upload->file_field, "type", "string", "format",
		              "binary"));
	else if (r->upload != NULL)
		json_object_set_new(
		    op, "requestBody",
		    json_pack("{s:b, s:{s:{s:{s:s, s:s}}}}", "required", 1,
		              "content", "application/octet-stream", "schema",
		              "type", "string", "format", "binary"));
	return op;
}

static json_t *
error_schema(void)
{
	return json_pack(
	    "{s:s, s:[s], s:{s:{s:s, s:[s,s,s], s:{s:{s:s}, s:{s:s},"
	    " s:{s:[s,s]}, s:{s:s}}}}}",
	    "type", "object", "required", "error", "properties", "error",
	    "type", "object", "required", "code", "message", "field",
	    "properties", "code", "type", "string", "message", "type", "string",
	    "field", "type", "string", "null", "request_id", "type", "string");
}

static int
openapi(struct req *req, struct resp *resp)
{
	json_t *paths = json_object(), *root;
	size_t i;

	(void)req;
	for (i = 0; i < router_count(); i++) {
		const struct route *r = router_get(i);
		json_t *item = json_object_get(paths, r->pattern);
		char method[8];
		size_t k;

		if (item == NULL) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		for (k = 0; http_method_name(r->method)[k] && k < 7; k++)
			method[k] =
			    (char)(http_method_name(r->method)[k] | 0x20);
		method[k] = '\0';
		json_object_set_new(item, method, operation(r));
	}
	root = json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o,"
	                 " s:{s:{s:o}}}",
	                 "openapi", "3.1.0", "info", "title", "areavasta API",
	                 "version", AREAVASTA_VERSION, "description",
	                 "API della piattaforma dei servizi della Provincia"
	                 " ai Comuni.",
	                 "servers", "url", "/", "paths", paths, "components",
	                 "schemas", "Error", error_schema());
	return resp_json(resp, 200, root);
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
