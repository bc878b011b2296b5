/*
 * route.h - what a module declares to the HTTP layer, and what a handler
 * sees of a request.  Modules never include microhttpd.h.
 *
 * Each module exports a `const struct route <module>_routes[]` (one line per
 * endpoint) and its count; src/http/routes.c assembles them.  The router does,
 * before the handler runs: method (405), path parameters, unknown query
 * parameters (400), query value length, Content-Type (415) and body size
 * (413), JSON parsing of the body (400), permission (401/403).
 */
#ifndef AV_ROUTE_H
#define AV_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "identity/types.h" /* enum perm, struct user */

struct arena;
struct db;
struct jw;
struct req;
struct resp;

enum http_method {
	HTTP_GET = 1,
	HTTP_POST = 2,
	HTTP_PUT = 4,
	HTTP_PATCH = 8,
	HTTP_DELETE = 16,
};

enum route_flags {
	ROUTE_AUDITED = 1 << 0, /* the handler writes an audit record */
	/*
	 * Open to an account still on its one-time password, which may call
	 * only these (and public routes) until it has changed it: reading
	 * itself, changing the password, logging out.
	 */
	ROUTE_OTP_OK = 1 << 1,
	/*
	 * A public GET whose answer depends only on its path, its query and
	 * the database (never on who asks): kept in the answer cache until
	 * the next committed write (src/http/cache.h).
	 */
	ROUTE_CACHED = 1 << 2,
};

typedef int handler_fn(struct req *req, struct resp *resp);

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/comuni/{codice}" */
	handler_fn *handler;
	enum perm perm;
	size_t body_max; /* 0: a body is refused */
	unsigned flags;
	const char *const *query; /* allowed query keys, NULL-terminated */
	const char *summary;      /* one line, for OpenAPI */
};

#define QUERY_KEY_MAX 64    /* bytes in a query key */
#define QUERY_VALUE_MAX 512 /* bytes in a query value */

/* Path parameter by name ("codice"); never NULL for a declared name. */
const char *req_param(const struct req *req, const char *name);
/* Query argument, NULL when absent. */
const char *req_query(const struct req *req, const char *name);
/* Parsed JSON body (object or array); NULL if the route takes no body. */
json_t *req_body(const struct req *req);
/*
 * The request's arena (core/arena.h): memory and cleanups released when
 * the request completes.  Handlers allocate here and never free.
 */
struct arena *req_arena(struct req *req);
/* The thread's database connection (never NULL inside a handler). */
struct db *req_db(const struct req *req);
/* The request's error slot: fill it with av_fail and return its code. */
struct av_err *req_err(struct req *req);
/* The authenticated user, or NULL. */
const struct user *req_user(const struct req *req);

/*
 * May the caller do perm on an object of ente (NULL: no specific ente)?
 * AV_OK, or fills req's err with 401/403 and returns its code.
 */
int authz_require(struct req *req, enum perm perm, const char *ente);

/* Client address as text ("127.0.0.1"), for throttling and the audit log. */
const char *req_client_ip(const struct req *req);

/* Session cookie attributes for this server ("; Secure" under TLS). */
const char *req_cookie_attrs(const struct req *req);
/* The session's CSRF token ("" for anonymous or token callers). */
const char *req_csrf_token(const struct req *req);
/* A cookie sent by the client, NULL when absent. */
const char *req_cookie(const struct req *req, const char *name);

/* Raw request header, NULL when absent. */
const char *req_header(const struct req *req, const char *name);

/*
 * Integer query parameter in [min, max] or def when absent; a bad value
 * fails req's err (400, field = name) and returns its code.
 */
int req_query_i64(struct req *req, const char *name, int64_t min, int64_t max,
                  int64_t def, int64_t *out);

/*
 * The JSON writer of the response (json/jw.h), with its status set: the
 * handler writes exactly one value and returns AV_OK.  If the handler fails
 * instead, whatever it wrote is discarded for the error envelope.
 */
struct jw *resp_jw(struct resp *resp, int status);
/*
 * Sets the JSON response from a jansson value (steals it, even on
 * failure): for values that exist as jansson already (a stored document);
 * responses built for the purpose use resp_jw.
 */
int resp_json(struct resp *resp, int status, json_t *body);
/* Sets a text response with the given content type; copies data. */
int resp_text(struct resp *resp, int status, const char *content_type,
              const char *data, size_t len);
/* Adds a response header (copied). */
void resp_header(struct resp *resp, const char *name, const char *value);

#endif
