/*
 * request.h - the HTTP layer's private view of a request and its response.
 *
 * Modules see these structs only through the functions of route.h; the
 * definitions are here so the server, the router and the response writers
 * (all in src/http/) can share them.
 */
#ifndef AV_REQUEST_H
#define AV_REQUEST_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "json/jw.h"
#include "http/route.h"

#define REQ_PARAMS_MAX 8     /* path parameters in one route */
#define RESP_HEADERS_MAX 8   /* extra headers a handler may add */
#define PATH_SEGMENTS_MAX 16 /* segments in a request path */
#define PATH_MAX_BYTES 1024  /* bytes in a request path */

struct static_file;
struct upload_state;

#define RESP_BODY_MAX ((size_t)32 << 20)   /* a built answer; larger: stream */
#define RESP_BODY_FIRST ((size_t)32 << 10) /* reserved for a JSON answer */

struct resp {
	int status;
	struct sbuf body;  /* the answer's bytes (JSON writer or text) */
	struct jw jw;      /* writes into body once resp_jw was called */
	int has_body;      /* body holds the answer */
	const char *ctype; /* static string */
	const struct static_file *file; /* borrowed: static table, or NULL */
	int gzip;                       /* serve file's gzip variant */
	int not_modified;               /* 304: no body, the ETag only */
	const char *etag;               /* API answer's tag, in the arena */
	int close;                      /* Connection: close (bad framing) */
	int nheaders;
	char *hname[RESP_HEADERS_MAX];  /* in the request's arena */
	char *hvalue[RESP_HEADERS_MAX]; /* in the request's arena */
	struct arena *arena;            /* the request's */
	/* A file sent from its descriptor (resp_download), or a stream. */
	int has_fd;
	int fd; /* owned while has_fd */
	uint64_t fd_offset, fd_len;
	resp_fill_fn *fill; /* resp_stream, or NULL */
	void *fill_cls;     /* owned while fill: freed by fill_free */
	void (*fill_free)(void *);
};

struct req {
	struct MHD_Connection *conn; /* borrowed from MHD */
	uint64_t id;
	struct timespec start;     /* CLOCK_MONOTONIC */
	int bad_uri;               /* raw URI had %00 or was too long */
	int started;               /* first access-handler call done */
	int answered;              /* a response was queued */
	int too_big;               /* body exceeded the route's limit */
	const char *method;        /* borrowed from MHD */
	struct arena arena;        /* everything below that is allocated */
	char *path;                /* decoded path, in the arena */
	const struct route *route; /* borrowed: route table, or NULL */
	int route_index;           /* for metrics; -1 static, -2 unmatched */
	int nparams;
	const char *pname[REQ_PARAMS_MAX]; /* borrowed: compiled pattern */
	char *pvalue[REQ_PARAMS_MAX];      /* in the arena */
	struct sbuf body;        /* max: bytes accepted, 0 = no body */
	size_t body_seen;        /* bytes of body received, kept or not */
	json_t *json;            /* parsed body, released with the arena */
	struct db *db;           /* borrowed: thread connection */
	const struct user *user; /* &user_buf when authenticated, else NULL */
	struct user user_buf;
	char csrf[48];            /* the session's CSRF token, or "" */
	char client_ip[64];       /* the client, through trusted proxies */
	int https;                /* reached us over HTTPS (maybe via proxy) */
	char forwarded_host[256]; /* X-Forwarded-Host of a trusted proxy */
	uint64_t cache_gen;       /* write generation before the handler */
	char *cache_key;          /* answer-cache key (arena), once looked up */
	size_t cache_key_len;
	struct av_err err;
	struct resp resp;
	size_t bytes_out;
	struct upload_state *up; /* owned: a route with an upload, or NULL */
	char scope_ente[64];     /* from the route's resolver, or "" */
	char scope_parent[64];   /* the ente above it (req_scope_parent_set) */
	int in_tx;               /* the router's transaction is open */
	int tx_opened;           /* it was opened (ROUTE_TX_LATE: on request) */
	int tx_keep;             /* commit it even though the request fails */
	uint64_t audit_mark;     /* audit_written() when it was opened */
	/* The error envelope's precise code (req_error_code), or NULL, and
	   the level a refused route needed (auth_level.c), or 0. */
	const char *err_name;
	int loa_required;
	/* The query as received, still encoded (SAML's Redirect binding
	   signs those bytes): NULL without one.  Owned, freed with req. */
	char *raw_query;
};

/* Creates/frees the per-request context (URI callback / completed). */
struct req *req_new(const char *raw_uri);
void req_free(struct req *req);

/*
 * Identifies the caller (Bearer API token or session cookie), checks the
 * route's permission (401/403) and, for cookie-authenticated writes, the
 * CSRF token and Origin (403).  AV_OK or req->err filled.  (auth.c)
 */
int http_authenticate(struct req *req, const char *method);

/*
 * The route's minimum level of assurance (struct route's min_loa, as the
 * installation enforces it: identity/auth_policy.h): AV_OK, or 403
 * livello_insufficiente with req->loa_required set.  (auth_level.c)
 */
int http_check_level(struct req *req);

/*
 * Refuses (400, and the connection closed after the answer) requests whose
 * framing is ambiguous: see framing.c.  AV_OK or req->err filled.
 */
int http_framing_check(struct req *req, const char *version);
/*
 * For requests that take no body: AV_OK, or 413 when one is announced
 * (Content-Length > 0, or chunked).
 */
int http_no_body(struct req *req);

/* ---- the client (client.c) ---- */

/* Whether the server itself speaks TLS. */
int http_tls_enabled(void);
void http_set_tls_enabled(int on);
/*
 * The proxies whose X-Forwarded-* headers are believed: "ADDR[,ADDR...]",
 * each an IPv4/IPv6 address or CIDR network (NULL: none).  Call once
 * before the server starts.  AV_EINVAL (field "trusted-proxy") on a bad
 * list.
 */
int http_set_trusted_proxies(const char *list, struct av_err *err);
size_t http_trusted_proxy_count(void);
/*
 * Fills req->client_ip, req->https and req->forwarded_host from the
 * connection, or from a trusted proxy's headers.  Called once per request,
 * before anything uses them.
 */
void http_client_init(struct req *req);
/* An Origin header, when present, is this server's own (scheme://host). */
int http_origin_ok(struct req *req);

/* json_decref for arena_on_release. */
void json_release(void *v);

/* Fills resp with the JSON error envelope for req->err. */
void resp_error(struct req *req);

/*
 * The MHD response of a file descriptor or stream answer, taking it out
 * of rs (download.c); NULL when rs has neither.
 */
struct MHD_Response *resp_build_content(struct resp *rs);
/* Closes / frees a file or stream answer not handed to MHD. */
void resp_drop_content(struct resp *rs);

/* Builds the MHD response for req->resp (security headers included). */
struct MHD_Response *resp_build(struct req *req);

/* Queues req->resp; returns what the access handler must return. */
enum MHD_Result http_answer(struct req *r);
/*
 * Before the handler: when the route is cached and the answer is there,
 * queues it (or a 304), sets *ret and returns 1; else 0.  (conditional.c)
 */
int http_cached_answer(struct req *r, enum MHD_Result *ret);
/*
 * After a successful handler: ETag for public GETs, If-None-Match (304),
 * the answer kept when the route is cached; then queued.
 */
enum MHD_Result http_answer_ok(struct req *r);

#endif
