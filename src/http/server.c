/*
 * server.c - libmicrohttpd glue.
 *
 * Pipeline of one request (ARCHITECTURE.md 3.11):
 *   URI callback   -> req_new (request id, start time, %00 check)
 *   first call     -> route, query keys, Content-Type/Length checks; errors
 *                     are answered here, before any body is read
 *   upload calls   -> body into a capped sbuf (a response cannot be queued
 *                     during upload in MHD 0.9.75)
 *   final call     -> JSON parse, handler, response
 *   completed      -> access log line, metrics, req_free
 * Limits: per-connection memory (431/414 from MHD), connection counts,
 * idle timeout; the total time of a slow client is bounded by a reverse
 * proxy in production (docs/operations.md).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/cache.h"
#include "http/metrics.h"
#include "http/negotiate.h"
#include "http/request.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static.h"
#include "http/upload_int.h"

#define ACCESS_LINE_MAX 2048
#define BODY_DROP_FACTOR 4 /* drop the connection past 4 x the limit */

struct server {
	struct MHD_Daemon *d;
	uint16_t port;
};

/* The format comes from libmicrohttpd; the attribute says so to the
 * compiler's format checks (clang's -Wformat-nonliteral). */
__attribute__((format(printf, 2, 0))) static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	memcpy(line, "mhd: ", 5);
	vsnprintf(line + 5, sizeof(line) - 5, fmt, ap);
	line[strcspn(line, "\r\n")] = '\0';
	log_msg("warn", line);
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *r = req_new(uri);

	(void)cls;
	r->conn = c;
	return r;
}

static uint64_t
elapsed_us(const struct req *r)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)(now.tv_sec - r->start.tv_sec) * 1000000u +
	       (uint64_t)((now.tv_nsec - r->start.tv_nsec) / 1000);
}

static void
access_log(const struct req *r, int status, uint64_t us)
{
	struct sbuf sb = SBUF_INIT(ACCESS_LINE_MAX);
	char ts[32];
	struct timespec now;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sbuf_addf(&sb,
	          "{\"ts\":\"%s\",\"req\":%llu,\"ip\":\"%s\",\"method\":\"", ts,
	          (unsigned long long)r->id, r->client_ip);
	if (r->method)
		sbuf_add_json_escaped(&sb, r->method, strlen(r->method));
	sbuf_addstr(&sb, "\",\"path\":\"");
	if (r->path)
		sbuf_add_json_escaped(&sb, r->path, utf8_cut(r->path, 256));
	sbuf_addstr(&sb, "\",\"route\":\"");
	if (r->route)
		sbuf_addstr(&sb, r->route->pattern);
	else
		sbuf_addstr(&sb, r->route_index == -1 ? "static" : "-");
	sbuf_addf(&sb, "\",\"status\":%d,\"us\":%llu,\"bytes\":%zu", status,
	          (unsigned long long)us, r->bytes_out);
	if (r->err.code != AV_OK && r->err.detail[0]) {
		sbuf_addstr(&sb, ",\"detail\":\"");
		sbuf_add_json_escaped(&sb, r->err.detail,
		                      strlen(r->err.detail));
		sbuf_addch(&sb, '"');
	}
	sbuf_addch(&sb, '}');
	log_line(&sb);
	sbuf_release(&sb);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct req *r = *req_cls;
	int status;
	uint64_t us;

	(void)cls;
	(void)c;
	(void)toe;
	if (r == NULL)
		return;
	status = r->answered ? r->resp.status : 0;
	us = elapsed_us(r);
	if (r->answered) {
		metrics_record(r->route_index, status, us);
		access_log(r, status, us);
	}
	req_free(r);
	*req_cls = NULL;
}

/* Queues req->resp; returns what the access handler must return. */
static enum MHD_Result
answer(struct req *r)
{
	struct MHD_Response *resp = resp_build(r);
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	ret = MHD_queue_response(r->conn, (unsigned)r->resp.status, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	return ret;
}

enum MHD_Result
http_answer(struct req *r)
{
	return answer(r);
}

static enum MHD_Result
answer_error(struct req *r, const char *allow)
{
	resp_error(r);
	if (allow && allow[0])
		resp_header(&r->resp, MHD_HTTP_HEADER_ALLOW, allow);
	return answer(r);
}

/* Serves a UI file, or the UI's 404 page for unknown non-API paths. */
static int
try_static(struct req *r)
{
	const struct static_file *f = static_find(r->path);

	if (f == NULL)
		return 0;
	r->route_index = -1;
	r->resp.status = 200;
	r->resp.file = f;
	r->resp.gzip = f->gz != NULL &&
	               negotiate_accepts_gzip(
	                   req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	if (negotiate_etag_matches(req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH),
	                           r->resp.gzip ? f->etag_gz : f->etag)) {
		r->resp.status = 304;
		r->resp.not_modified = 1;
	}
	return 1;
}

/*
 * Whether the path belongs to the API: "/api" in any case and after any
 * number of slashes ("//api/...", "/API/..." are API paths that match no
 * route, answered with the JSON 404, never the UI's HTML page), and the
 * few files the API answers outside /api (health, metrics, catalogue).
 */
static int
is_api_path(const char *path)
{
	path += strspn(path, "/");
	if (strncasecmp(path, "api", 3) == 0 &&
	    (path[3] == '/' || path[3] == '\0'))
		return 1;
	if (strcmp(path, "healthz") == 0 || strcmp(path, "metrics") == 0)
		return 1;
	/* The open-data catalogue's DCAT-AP_IT files (modules/dati). */
	return strcmp(path, "catalogo.rdf") == 0 ||
	       strcmp(path, "catalogo.ttl") == 0 ||
	       strcmp(path, "catalogo.jsonld") == 0;
}

/* The UI's own 404 page when there is one, else the JSON envelope. */
static enum MHD_Result
answer_not_found_page(struct req *r)
{
	const struct static_file *nf = static_find("/404.html");

	av_fail(&r->err, AV_ENOTFOUND, NULL, "Pagina non trovata.");
	if (nf == NULL)
		return answer_error(r, NULL);
	r->resp.status = 404;
	r->resp.file = nf;
	return answer(r);
}

struct query_check {
	struct req *r;
	int bad;
};

/* SAML's Redirect binding: the message and its signature are query values. */
static size_t
query_value_max(const char *key)
{
	if (strcmp(key, "SAMLRequest") == 0 ||
	    strcmp(key, "SAMLResponse") == 0 || strcmp(key, "Signature") == 0)
		return QUERY_SAML_VALUE_MAX;
	return QUERY_VALUE_MAX;
}

static enum MHD_Result
check_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                const char *value)
{
	struct query_check *qc = cls;
	const char *const *q = qc->r->route->query;
	int known = 0;

	(void)kind;
	if (strlen(key) > QUERY_KEY_MAX) {
		av_fail(&qc->r->err, AV_EINVAL, NULL,
		        "Nome di parametro troppo lungo.");
		qc->bad = 1;
		return MHD_NO;
	}
	for (; q && *q; q++)
		if (strcmp(*q, key) == 0)
			known = 1;
	if (!known) {
		av_fail(&qc->r->err, AV_EINVAL, key,
		        "Parametro '%.64s' non previsto per questa risorsa.",
		        key);
		qc->bad = 1;
		return MHD_NO;
	}
	if (value != NULL && strlen(value) > query_value_max(key)) {
		av_fail(&qc->r->err, AV_EINVAL, key,
		        "Il valore del parametro '%.64s' supera %zu byte.", key,
		        query_value_max(key));
		qc->bad = 1;
		return MHD_NO;
	}
	/* A repeated key would make req_query ambiguous: refuse it. */
	if (MHD_lookup_connection_value(qc->r->conn, MHD_GET_ARGUMENT_KIND,
	                                key) != value) {
		av_fail(&qc->r->err, AV_EINVAL, key,
		        "Il parametro '%.64s' è ripetuto.", key);
		qc->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Everything the route table declares, checked before any body is read. */
static int
first_call_checks(struct req *r, const char *method, char *allow,
                  size_t allow_len)
{
	struct query_check qc = {r, 0};
	const char *cl, *ct;

	if (r->bad_uri)
		return av_fail(&r->err, AV_EMALFORMED, NULL,
		               "Indirizzo della richiesta non valido.");
	if (strlen(r->path) > PATH_MAX_BYTES)
		return av_fail(&r->err, AV_ENOTFOUND, NULL,
		               "Risorsa non trovata.");
	if (router_match(r, method, r->path, allow, allow_len) != AV_OK)
		return r->err.code;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	                          check_query_arg, &qc);
	if (qc.bad)
		return r->err.code;
	if (http_authenticate(r, method) != AV_OK)
		return r->err.code;
	cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (r->route->upload != NULL)
		return upload_begin(r);
	if (r->route->body_max == 0)
		return http_no_body(r);
	ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	                                 MHD_HTTP_HEADER_CONTENT_TYPE);
	if (r->route->flags & ROUTE_FORM) {
		if (ct == NULL ||
		    strncasecmp(ct, "application/x-www-form-urlencoded", 33) !=
		        0 ||
		    (ct[33] != '\0' && ct[33] != ';'))
			return av_fail(&r->err, AV_EMEDIA, NULL,
			               "Il corpo della richiesta deve essere un"
			               " modulo (Content-Type: application/"
			               "x-www-form-urlencoded).");
	} else if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	           (ct[16] != '\0' && ct[16] != ';'))
		return av_fail(&r->err, AV_EMEDIA, NULL,
		               "Il corpo della richiesta deve essere JSON"
		               " (Content-Type: application/json).");
	if (cl) {
		/* Plain digits, at most 18 (http_framing_check). */
		unsigned long long n = strtoull(cl, NULL, 10);

		if (n > r->route->body_max)
			return av_fail(&r->err, AV_ETOOBIG, NULL,
			               "Il corpo della richiesta supera %zu"
			               " byte.",
			               r->route->body_max);
	}
	r->body.max = r->route->body_max;
	return AV_OK;
}

static int
parse_body(struct req *r)
{
	json_error_t jerr;

	if (r->body.len == 0)
		return av_fail(&r->err, AV_EMALFORMED, NULL,
		               "Il corpo della richiesta è vuoto: atteso un"
		               " oggetto JSON.");
	r->json =
	    json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (r->json == NULL)
		return av_fail(&r->err, AV_EMALFORMED, NULL,
		               "JSON non valido alla riga %d, colonna %d: %s.",
		               jerr.line, jerr.column, jerr.text);
	arena_on_release(&r->arena, json_release, r->json);
	return AV_OK;
}

/*
 * Takes a piece of the body.  Only a route that accepts a body gets here
 * with data (first_call_checks set body.max); anything else already has
 * its answer queued, or is refused by dropping the connection.
 */
static enum MHD_Result
take_body(struct req *r, const char *data, size_t *size)
{
	size_t n = *size;

	if (r->up != NULL && !r->answered)
		return upload_take(r, data, size);
	*size = 0;
	if (r->answered)
		return MHD_YES; /* MHD discards the rest and closes */
	if (r->body.max == 0)
		return MHD_NO;
	r->body_seen += n;
	if (r->too_big || r->body_seen > r->body.max) {
		/* Chunked bodies have no Content-Length: count. */
		r->too_big = 1;
		if (r->body_seen > BODY_DROP_FACTOR * r->body.max)
			return MHD_NO;
	} else {
		sbuf_add(&r->body, data, n);
	}
	return MHD_YES;
}

/* First call: everything decidable from the header, answered now if bad. */
static enum MHD_Result
first_call(struct req *r, const char *url, const char *method,
           const char *version)
{
	char allow[64];
	int is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

	r->started = 1;
	r->method = method;
	r->path = arena_strndup(&r->arena, url, PATH_MAX_BYTES + 1);
	allow[0] = '\0';
	http_client_init(r);
	/*
	 * Errors found now are answered now (MHD then discards any body and
	 * closes).  Good requests are answered on the next call, once MHD
	 * has the whole request, so keep-alive holds.
	 */
	if (http_framing_check(r, version) != AV_OK)
		return answer_error(r, NULL);
	if (!r->bad_uri && is_get && !is_api_path(r->path)) {
		/* UI files take no body (nor does the 404 page). */
		if (http_no_body(r) != AV_OK)
			return answer_error(r, NULL);
		if (try_static(r))
			return MHD_YES;
		return answer_not_found_page(r);
	}
	if (first_call_checks(r, method, allow, sizeof(allow)) != AV_OK)
		return answer_error(r, allow);
	return MHD_YES;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **req_cls)
{
	struct req *r = *req_cls;
	enum MHD_Result ret;

	(void)cls;
	if (r == NULL)
		return MHD_NO;
	r->conn = c;
	if (!r->started)
		return first_call(r, url, method, version);
	if (*upload_data_size != 0)
		return take_body(r, upload_data, upload_data_size);
	if (r->answered)
		return MHD_YES;
	if (r->resp.file)
		return answer(r);
	if (r->route == NULL)
		AV_BUG("request %llu reached its handler without a route",
		       (unsigned long long)r->id);
	if (r->too_big) {
		av_fail(&r->err, AV_ETOOBIG, NULL,
		        "Il corpo della richiesta supera %zu byte.",
		        r->body.max);
		return answer_error(r, NULL);
	}
	if (r->up != NULL && upload_finish(r) != AV_OK)
		return answer_error(r, NULL);
	if (r->body.max > 0 && !(r->route->flags & ROUTE_FORM) &&
	    parse_body(r) != AV_OK)
		return answer_error(r, NULL);
	if (http_cached_answer(r, &ret))
		return ret;
	r->resp.status = 200;
	/*
	 * The router runs the handler inside what the route declares and
	 * finishes the answer (dispatch.c) before it commits.
	 */
	if (router_dispatch(r) != AV_OK)
		return answer_error(r, NULL);
	return http_answer_ok(r);
}

/* Resolves "host:port" ("[v6]:port", ":port") for MHD_OPTION_SOCK_ADDR. */
static int
resolve_listen(const char *listen, struct sockaddr_storage *ss,
               socklen_t *sslen, int *is_v6, struct av_err *err)
{
	char host[256];
	const char *colon = strrchr(listen, ':'), *port;
	size_t hlen;
	struct addrinfo hints, *ai = NULL;

	if (colon == NULL)
		return av_fail(err, AV_EINVAL, "listen",
		               "--listen must be ADDR:PORT, got '%s'", listen);
	port = colon + 1;
	hlen = (size_t)(colon - listen);
	if (hlen >= sizeof(host))
		return av_fail(err, AV_EINVAL, "listen", "address too long");
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		memmove(host, host + 1, hlen - 2);
		host[hlen - 2] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (getaddrinfo(host[0] ? host : NULL, port, &hints, &ai) != 0 ||
	    ai == NULL)
		return av_fail(err, AV_EINVAL, "listen",
		               "cannot resolve listen address '%s'", listen);
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	*is_v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return AV_OK;
}

int
server_set_trusted_proxies(const char *list, struct av_err *err)
{
	return http_set_trusted_proxies(list, err);
}

int
server_start(const struct server_config *cfg, struct server **out,
             struct av_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int v6 = 0;
	unsigned threads = cfg->threads;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	struct server *s;
	const union MHD_DaemonInfo *info;

	if (resolve_listen(cfg->listen, &ss, &sslen, &v6, err) != AV_OK)
		return err->code;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 2 ? (unsigned)n * 2 : 4;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	if (cfg->tls_cert_pem != NULL) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			return av_fail(err, AV_EINVAL, "tls",
			               "this libmicrohttpd has no TLS support");
		flags |= MHD_USE_TLS;
	}
	http_set_tls_enabled(cfg->tls_cert_pem != NULL);
	cache_configure(cfg->cache_bytes);
	db_thread_configure(cfg->db_path);
	if (router_init(err) != AV_OK)
		return err->code;
	if (static_load(cfg->web_dir, err) != AV_OK)
		return err->code;
	s = xcalloc(1, sizeof(*s));
	s->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER,
	    log_mhd, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_CONN_MEMORY,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONN_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)(http_trusted_proxy_count() > 0 ? 0
	                                              : SERVER_PER_IP_LIMIT),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_IDLE_TIMEOUT_S,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_STRICT_FOR_CLIENT, cfg->strict_client ? 1 : 0,
	    /* Ignored unless MHD_USE_TLS is set (then both are required). */
	    cfg->tls_cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    cfg->tls_cert_pem, MHD_OPTION_HTTPS_MEM_KEY, cfg->tls_key_pem,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		free(s);
		return av_fail(err, AV_EIO, "listen",
		               "cannot listen on '%s' (address in use?)",
		               cfg->listen);
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	*out = s;
	return AV_OK;
}

uint16_t
server_port(const struct server *s)
{
	return s->port;
}

void
server_stop(struct server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->d);
	cache_clear();
	free(s);
	static_release();
	router_release();
}
