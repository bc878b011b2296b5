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
	r->arena = (struct arena)ARENA_INIT;
	r->resp.arena = &r->arena;
	sbuf_init(&r->body, REQ_BODY_CAP_DEFAULT);
	sbuf_init(&r->resp.body, RESP_BODY_MAX);
	/* MHD truncates the decoded URL at %00: refuse such requests. */
	if (raw_uri == NULL || strlen(raw_uri) > 8192 ||
	    strstr(raw_uri, "%00") != NULL)
		r->bad_uri = 1;
	else if (strchr(raw_uri, '?') != NULL)
		r->raw_query = xstrdup(strchr(raw_uri, '?') + 1);
	return r;
}

void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	/* Cleanups first: they may still look at the request's memory. */
	arena_release(&r->arena);
	resp_drop_content(&r->resp);
	sbuf_release(&r->resp.body);
	sbuf_release(&r->body);
	upload_state_free(r->up);
	free(r->raw_query);
	free(r);
}

struct arena *
req_arena(struct req *req)
{
	return &req->arena;
}

json_t *
req_keep_json(struct req *req, json_t *v)
{
	if (v != NULL)
		arena_on_release(req_arena(req), json_release, v);
	return v;
}

static void
sbuf_cleanup(void *sb)
{
	sbuf_release(sb);
}

struct sbuf *
req_sbuf(struct req *req, size_t max)
{
	struct sbuf *sb = arena_alloc(req_arena(req), sizeof(*sb));

	sbuf_init(sb, max);
	arena_on_release(req_arena(req), sbuf_cleanup, sb);
	return sb;
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
req_raw_query(const struct req *req)
{
	return req->raw_query;
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

struct jw *
resp_jw(struct resp *resp, int status)
{
	sbuf_reset(&resp->body);
	/* Most answers fit: no reallocation while a list is written. */
	sbuf_reserve(&resp->body, RESP_BODY_FIRST);
	jw_init(&resp->jw, &resp->body);
	resp->has_body = 1;
	resp->status = status;
	resp->ctype = "application/json";
	return &resp->jw;
}

struct jw *
resp_list_begin(struct resp *resp)
{
	struct jw *w = resp_jw(resp, 200);

	jw_obj(w);
	jw_karr(w, "items");
	return w;
}

int
resp_ok(struct resp *resp)
{
	struct jw *w = resp_jw(resp, 200);

	jw_obj(w);
	jw_kbool(w, "ok", 1);
	jw_obj_end(w);
	return AV_OK;
}

void
resp_list_end(struct jw *w, int64_t total, int64_t limit, int64_t offset)
{
	resp_list_close(w, total, 1, limit, offset, NULL);
}

void
resp_list_close(struct jw *w, int64_t total, int exact, int64_t limit,
                int64_t offset, const char *next)
{
	resp_list_tail(w, total, exact, limit, offset, next);
	jw_obj_end(w);
}

void
resp_list_tail(struct jw *w, int64_t total, int exact, int64_t limit,
               int64_t offset, const char *next)
{
	jw_arr_end(w);
	jw_ki64(w, "total", total);
	/* exact 1: counted; 0: the cap, more matched; -1: an estimate. */
	jw_kbool(w, "total_esatto", exact > 0);
	jw_kstr(w, "total_tipo",
	        exact > 0    ? "esatto"
	        : exact == 0 ? "minimo"
	                     : "stima");
	jw_ki64(w, "limit", limit);
	jw_ki64(w, "offset", offset);
	jw_kstr(w, "next", next); /* NULL: null, the last page */
}

void
json_release(void *v)
{
	json_decref(v);
}

int
resp_json(struct resp *resp, int status, json_t *body)
{
	if (body == NULL)
		return AV_EINTERNAL;
	arena_on_release(resp->arena, json_release, body);
	jw_json(resp_jw(resp, status), body);
	return AV_OK;
}

int
resp_text(struct resp *resp, int status, const char *content_type,
          const char *data, size_t len)
{
	sbuf_reset(&resp->body);
	resp->jw.out = NULL; /* not the writer's */
	sbuf_add(&resp->body, data, len);
	resp->has_body = 1;
	resp->status = status;
	resp->ctype = content_type;
	return sbuf_err(&resp->body) ? AV_ETOOBIG : AV_OK;
}

void
resp_header(struct resp *resp, const char *name, const char *value)
{
	if (resp->nheaders == RESP_HEADERS_MAX)
		AV_BUG("too many response headers");
	resp->hname[resp->nheaders] = arena_strdup(resp->arena, name);
	resp->hvalue[resp->nheaders] = arena_strdup(resp->arena, value);
	resp->nheaders++;
}

void
resp_error(struct req *req)
{
	char id[32];
	enum av_code code = req->err.code ? req->err.code : AV_EINTERNAL;
	const char *msg = req->err.msg[0] ? req->err.msg : "Errore interno.";
	struct jw *w;

	/* Internal errors never leak their text; the detail goes to the log. */
	if (av_code_http_status(code) >= 500 && code != AV_EBUSY)
		msg = "Errore interno del server. Riprovare; se persiste,"
		      " comunicare il codice della richiesta.";
	snprintf(id, sizeof(id), "%llu", (unsigned long long)req->id);
	req->resp.file = NULL;
	resp_drop_content(&req->resp);
	/* Busy is momentary: say when to come back (the UI retries then). */
	if (code == AV_EBUSY)
		resp_header(&req->resp, "Retry-After", "1");
	/* A fresh buffer: what a failed handler wrote may have hit the cap. */
	sbuf_release(&req->resp.body);
	sbuf_init(&req->resp.body, RESP_BODY_MAX);
	w = resp_jw(&req->resp, av_code_http_status(code));
	jw_obj(w);
	jw_kobj(w, "error");
	jw_kstr(w, "code",
	        req->err_name != NULL && code == req->err.code
	            ? req->err_name
	            : av_code_name(code));
	jw_kstr(w, "message", msg);
	jw_kstr(w, "field", req->err.field[0] ? req->err.field : NULL);
	if (req->loa_required > 0 && code == AV_EFORBIDDEN)
		jw_ki64(w, "livello_richiesto", req->loa_required);
	jw_kstr(w, "request_id", id);
	jw_obj_end(w);
	jw_obj_end(w);
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

	if (rs->not_modified) {
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
		size_t len;
		char *body = sbuf_detach(&rs->body, &len);

		r = MHD_create_response_from_buffer_with_free_callback(
		    len, body, free);
		req->bytes_out = len;
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
		if (!rs->not_modified)
			add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
			           rs->ctype ? rs->ctype : "application/json");
		/*
		 * A public answer has a tag: the browser keeps it and asks
		 * again with If-None-Match (304 when unchanged).  Anything
		 * else is personal and never stored.
		 */
		if (rs->etag) {
			add_header(r, MHD_HTTP_HEADER_ETAG, rs->etag);
			add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
			           "no-cache");
		} else {
			add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
			           "no-store");
		}
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
