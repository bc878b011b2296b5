/*
 * request.c - the per-request context and the accessors modules use
 * (route.h), plus the response writers: JSON, text, errors, and the final
 * MHD response with the security headers every answer carries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xmalloc.h"
#include "http/request.h"
#include "http/static.h"
#include "http/upload_int.h"

#define REQ_BODY_CAP_DEFAULT 0

/*
 * Content-Security-Policy: no inline script or style, nothing from other
 * origins, no framing.  Kept in one place so every response carries it.
 */
static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

struct req *
req_new(const char *raw_uri)
{
	static uint64_t next_id;
	struct req *r = xcalloc(1, sizeof(*r));

	r->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->route_index = -2;
	sbuf_init(&r->body, REQ_BODY_CAP_DEFAULT);
	/* MHD truncates the decoded URL at %00: refuse such requests. */
	if (raw_uri == NULL || strlen(raw_uri) > 8192 ||
	    strstr(raw_uri, "%00") != NULL)
		r->bad_uri = 1;
	return r;
}

void
req_free(struct req *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nparams; i++)
		free(r->pvalue[i]);
	for (i = 0; i < r->resp.nheaders; i++) {
		free(r->resp.hname[i]);
		free(r->resp.hvalue[i]);
	}
	free(r->path);
	resp_drop_content(&r->resp);
	free(r->resp.body);
	json_decref(r->json);
	sbuf_release(&r->body);
	upload_state_free(r->up);
	free(r);
}

const char *
req_param(const struct req *req, const char *name)
{
	int i;

	for (i = 0; i < req->nparams; i++)
		if (strcmp(req->pname[i], name) == 0)
			return req->pvalue[i];
	AV_BUG("undeclared path parameter '%s'", name);
}

const char *
req_query(const struct req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
	                                   name);
}

const char *
req_header(const struct req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

json_t *
req_body(const struct req *req)
{
	return req->json;
}

struct db *
req_db(const struct req *req)
{
	return req->db;
}

struct av_err *
req_err(struct req *req)
{
	return &req->err;
}

int
req_query_i64(struct req *req, const char *name, int64_t min, int64_t max,
              int64_t def, int64_t *out)
{
	const char *v = req_query(req, name);

	if (v == NULL) {
		*out = def;
		return AV_OK;
	}
	if (parse_i64(v, strlen(v), min, max, out) != 0)
		return av_fail(&req->err, AV_EINVAL, name,
		               "Il parametro '%s' deve essere un numero intero"
		               " tra %lld e %lld.",
		               name, (long long)min, (long long)max);
	return AV_OK;
}

int
resp_json(struct resp *resp, int status, json_t *body)
{
	char *s;

	if (body == NULL)
		return AV_EINTERNAL;
	s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (s == NULL)
		return AV_EINTERNAL;
	free(resp->body);
	resp->body = s;
	resp->len = strlen(s);
	resp->status = status;
	resp->ctype = "application/json";
	return AV_OK;
}

int
resp_text(struct resp *resp, int status, const char *content_type,
          const char *data, size_t len)
{
	free(resp->body);
	resp->body = xstrndup(data, len);
	resp->len = len;
	resp->status = status;
	resp->ctype = content_type;
	return AV_OK;
}

void
resp_header(struct resp *resp, const char *name, const char *value)
{
	if (resp->nheaders == RESP_HEADERS_MAX)
		AV_BUG("too many response headers");
	resp->hname[resp->nheaders] = xstrdup(name);
	resp->hvalue[resp->nheaders] = xstrdup(value);
	resp->nheaders++;
}

void
resp_error(struct req *req)
{
	json_t *e, *root;
	char id[32];
	enum av_code code = req->err.code ? req->err.code : AV_EINTERNAL;
	const char *msg = req->err.msg[0] ? req->err.msg : "Errore interno.";

	/* Internal errors never leak their text; the detail goes to the log. */
	if (av_code_http_status(code) >= 500 && code != AV_EBUSY)
		msg = "Errore interno del server. Riprovare; se persiste,"
		      " comunicare il codice della richiesta.";
	snprintf(id, sizeof(id), "%llu", (unsigned long long)req->id);
	e = json_object();
	json_object_set_new(e, "code", json_string(av_code_name(code)));
	json_object_set_new(e, "message", json_string(msg));
	json_object_set_new(e, "field",
	                    req->err.field[0] ? json_string(req->err.field)
	                                      : json_null());
	json_object_set_new(e, "request_id", json_string(id));
	root = json_object();
	json_object_set_new(root, "error", e);
	req->resp.file = NULL;
	resp_drop_content(&req->resp);
	/* Busy is momentary: say when to come back (the UI retries then). */
	if (code == AV_EBUSY)
		resp_header(&req->resp, "Retry-After", "1");
	if (resp_json(&req->resp, av_code_http_status(code), root) != AV_OK)
		resp_text(&req->resp, 500, "application/json", "{}", 2);
}

static void
add_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (MHD_add_response_header(r, name, value) != MHD_YES)
		AV_BUG("cannot add header %s", name);
}

struct MHD_Response *
resp_build(struct req *req)
{
	struct resp *rs = &req->resp;
	struct MHD_Response *r;
	int i;

	if (rs->file && rs->not_modified) {
		r = MHD_create_response_from_buffer(0, NULL,
		                                    MHD_RESPMEM_PERSISTENT);
		req->bytes_out = 0;
	} else if (rs->file) {
		const char *data = rs->gzip ? rs->file->gz : rs->file->data;
		size_t len = rs->gzip ? rs->file->gz_len : rs->file->len;

		/* The table lives until the daemon stops: no copy needed. */
		r = MHD_create_response_from_buffer(len, (void *)data,
		                                    MHD_RESPMEM_PERSISTENT);
		req->bytes_out = len;
	} else if (rs->has_fd || rs->fill) {
		req->bytes_out = rs->has_fd ? rs->fd_len : 0;
		r = resp_build_content(rs);
	} else {
		r = MHD_create_response_from_buffer_with_free_callback(
		    rs->len, rs->body, free);
		req->bytes_out = rs->len;
		rs->body = NULL; /* now owned by the response */
	}
	if (r == NULL)
		return NULL;
	if (rs->file) {
		add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->file->ctype);
		add_header(r, MHD_HTTP_HEADER_ETAG,
		           rs->gzip ? rs->file->etag_gz : rs->file->etag);
		add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		           rs->file->immutable_cache
		               ? "public, max-age=31536000, immutable"
		               : "no-cache");
		if (rs->file->gz)
			add_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
		if (rs->gzip && !rs->not_modified)
			add_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	} else {
		add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
		           rs->ctype ? rs->ctype : "application/json");
		add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	if (rs->close)
		add_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	/*
	 * HTTPS, directly or through a trusted proxy: tell the browser to
	 * never use plain HTTP for this host again (a year, RFC 6797).  Not
	 * includeSubDomains: other services of the Province may share it.
	 */
	if (req->https)
		add_header(r, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY,
		           "max-age=31536000");
	add_header(r, "Content-Security-Policy", csp);
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "same-origin");
	add_header(r, "X-Frame-Options", "DENY");
	for (i = 0; i < rs->nheaders; i++)
		add_header(r, rs->hname[i], rs->hvalue[i]);
	return r;
}
