/*
 * route.h - what a module declares to the HTTP layer, and what a handler
 * sees of a request.  Modules never include microhttpd.h.
 *
 * Each module exports a `const struct route <module>_routes[]` (one line per
 * endpoint) and its count; src/http/routes.c assembles them.  The router does,
 * before the handler runs: method (405), path parameters, unknown query
 * parameters (400), query value length, Content-Type (415) and body size
 * (413), JSON parsing of the body (400), permission (401/403), the audited
 * route's transaction, the object's scope (404/403) and the body's field
 * table (400 naming the JSON path); after it, the audit-record check and
 * the commit.  docs/internals/routes.md tells how to declare a route.
 */
#ifndef AV_ROUTE_H
#define AV_ROUTE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "core/err.h"
#include "identity/types.h" /* enum perm, struct user */

struct arena;
struct db;
struct jw;
struct req;
struct resp;
struct upload;
struct upload_spec;
struct jfield;

enum http_method {
	HTTP_GET = 1,
	HTTP_POST = 2,
	HTTP_PUT = 4,
	HTTP_PATCH = 8,
	HTTP_DELETE = 16,
};

enum route_flags {
	/*
	 * The handler writes an audit record: the router runs it in a
	 * transaction it opens and commits, and rolls back (500) one that
	 * succeeds without an audit record.
	 */
	ROUTE_AUDITED = 1 << 0,
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
	/*
	 * With ROUTE_AUDITED: the handler does slow work first (password
	 * hashing, which must not run under the write lock), then asks the
	 * router for its transaction with req_tx_begin; the router still
	 * commits, rolls back and checks the audit record.
	 */
	ROUTE_TX_LATE = 1 << 3,
	/*
	 * The body is an HTML form (application/x-www-form-urlencoded) that
	 * another site's page posts (the SAML HTTP-POST binding: an identity
	 * provider's page sends SAMLResponse to our ACS).  Read with
	 * req_form; the Origin check is skipped, because the message carries
	 * its own proof (a signature the handler verifies) and no ambient
	 * authority of a session is used.  Only with PERM_PUBLIC.
	 */
	ROUTE_FORM = 1 << 4,
};

typedef int handler_fn(struct req *req, struct resp *resp);

/*
 * A scope resolver: finds the ente of the object a request touches
 * ("provincia:024") from its path parameters.  AV_OK with *found = 1 and
 * ente filled; *found = 0 for an object that does not exist (404: the
 * resolver may word it, filling req's err with AV_ENOTFOUND); or another
 * error filled in req's err.  The router calls it after authentication
 * and decides with the policy table (own-ente roles must match it).
 */
typedef int scope_fn(struct req *req, char *ente, size_t len, int *found);

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/comuni/{codice}" */
	handler_fn *handler;
	enum perm perm;
	size_t body_max; /* 0: a body is refused */
	unsigned flags;
	const char *const *query;  /* allowed query keys, NULL-terminated */
	const char *summary;       /* one line, for OpenAPI */
	scope_fn *scope;           /* ente of the object, or NULL */
	const struct jfield *body; /* the body's fields (json/jbody.h) */
	/* The route takes a file (http/upload.h), or NULL. */
	const struct upload_spec *upload;
	/*
	 * The SPID level of assurance (1..3) the action needs, 0 none
	 * (designated: .min_loa = 2).  Enforced only when the installation
	 * says so (identity/auth_policy.h, which may raise it to 3): a
	 * session below it gets 403 livello_insufficiente with
	 * "livello_richiesto" (docs/identity.md).
	 */
	int min_loa;
};

#define QUERY_KEY_MAX 64    /* bytes in a query key */
#define QUERY_VALUE_MAX 512 /* bytes in a query value */
/* SAMLRequest, SAMLResponse, Signature: SAML's HTTP-Redirect binding
   carries the whole signed message in the query (deflated, a few KiB).
   Below the 8,192-byte cap on the whole URI (request.c), so that a value
   over it is refused naming the parameter. */
#define QUERY_SAML_VALUE_MAX 7168

/* Path parameter by name ("codice"); never NULL for a declared name. */
const char *req_param(const struct req *req, const char *name);
/* Query argument, NULL when absent. */
const char *req_query(const struct req *req, const char *name);
/* The query string as received, still URL-encoded, or NULL (SAML's
   Redirect binding signs those exact bytes). */
const char *req_raw_query(const struct req *req);
/*
 * ROUTE_FORM routes: the value of field name of the urlencoded body,
 * percent- and '+'-decoded, in the request's arena; NULL when absent or
 * repeated.  *len (may be NULL) receives its length in bytes.
 */
const char *req_form(struct req *req, const char *name, size_t *len);
/* Parsed JSON body (object or array); NULL if the route takes no body. */
json_t *req_body(const struct req *req);
/*
 * The request's arena (core/arena.h): memory and cleanups released when
 * the request completes.  Handlers allocate here and never free.
 */
struct arena *req_arena(struct req *req);
/*
 * Hands a jansson value (an audit record's details, a job's input) to the
 * request: json_decref runs when the request completes.  Returns v (NULL
 * stays NULL), so a handler can write req_keep_json(req, json_pack(...)).
 */
json_t *req_keep_json(struct req *req, json_t *v);
/*
 * A scratch buffer of at most max bytes (core/sbuf.h: the cap is sticky,
 * check sbuf_err) whose memory is released when the request completes:
 * CSV text before resp_text, a query being assembled.  Never NULL.
 */
struct sbuf *req_sbuf(struct req *req, size_t max);
/*
 * The uploaded file of a route with an upload_spec, checked (size, type)
 * and hashed (http/upload.h); NULL for other routes.  Valid until the
 * request ends.
 */
const struct upload *req_upload(const struct req *req);
/*
 * A multipart text field declared in the route's upload_spec (NUL-
 * terminated, at most UPLOAD_FIELD_MAX bytes, not checked for UTF-8), or
 * NULL when the client sent none.
 */
const char *req_upload_field(const struct req *req, const char *name);
/*
 * Fills dest from the body with the route's field table (json/jbody.h).
 * The router has already checked the body with the same table, so only a
 * field's own validator can still refuse it.
 */
int req_body_read(struct req *req, void *dest);
/*
 * ROUTE_TX_LATE routes: opens the router's transaction, once the slow work
 * is done.  AV_OK or req's err filled.
 */
int req_tx_begin(struct req *req);
/*
 * Commits the router's transaction even though the handler fails the
 * request (a failed login is recorded, and answered 401); the audit
 * record is still required.
 */
void req_tx_keep(struct req *req);
/* The ente the route's scope resolver found, or NULL without one. */
const char *req_scope_ente(const struct req *req);
/*
 * For a scope resolver: the ente above the object's ente ("provincia:024"
 * above "comune:024116").  An own-ente role held on it also passes: the
 * Province's SUA officer acts on its Comuni's requests, while the Comune's
 * own role matches the object's ente itself.  Copied (cut at 63 bytes).
 */
void req_scope_parent_set(struct req *req, const char *ente);
/* The thread's database connection (never NULL inside a handler). */
struct db *req_db(const struct req *req);
/* The request's error slot: fill it with av_fail and return its code. */
struct av_err *req_err(struct req *req);
/*
 * A more precise machine code than the error class's ("solo_spid_cie"
 * instead of "forbidden") for the envelope's "code"; a static string,
 * used only when the request fails.
 */
void req_error_code(struct req *req, const char *code);
/* The authenticated user, or NULL. */
const struct user *req_user(const struct req *req);

/* Client address as text ("127.0.0.1"), for throttling and the audit log. */
const char *req_client_ip(const struct req *req);

/*
 * "https://host[:port]" as the client reached this server (a trusted
 * proxy's X-Forwarded-Proto/Host, else the connection and the Host
 * header; "localhost" when the host is missing or not a plain host name),
 * for the absolute links some standards require (OCDS package uri).
 */
void req_origin(const struct req *req, char *out, size_t n);

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
 * The house's list answer {"items":[...],"total","total_esatto","limit",
 * "offset","next"} (docs/internals/lists.md): resp_list_begin opens it
 * (200) up to the items array, the handler writes one value per item,
 * resp_list_end closes it with the counts of a list given whole (exact
 * total, no next page); a paged list closes it with list_end (list.h).
 */
struct jw *resp_list_begin(struct resp *resp);
void resp_list_end(struct jw *w, int64_t total, int64_t limit, int64_t offset);
/* The answer {"ok":true} (200) of an action with nothing else to say. */
int resp_ok(struct resp *resp);
/*
 * The one writer of the envelope's end, for both (and list.h's list_end):
 * exact 1 counted ("total_tipo" "esatto"), 0 the cap when more matched
 * ("minimo"), -1 an estimate ("stima"); total_esatto is exact > 0.
 */
void resp_list_close(struct jw *w, int64_t total, int exact, int64_t limit,
                     int64_t offset, const char *next);
/* The same without closing the object: the caller adds its own members. */
void resp_list_tail(struct jw *w, int64_t total, int exact, int64_t limit,
                    int64_t offset, const char *next);
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

/* A stored file to send (resp_download). */
struct download {
	int fd;               /* open for reading; owned by resp_download */
	uint64_t size;        /* bytes of the file */
	const char *mime;     /* its type; active ones go out as octet-stream */
	const char *name;     /* for Content-Disposition ("" -> "download") */
	const char *etag_hex; /* strong validator: the content's SHA-256 */
};

/*
 * Answers with the file, sent from its descriptor (never copied into
 * memory): 200, or 206 for one satisfiable "Range: bytes=" range (several
 * ranges get the whole file), 416 for an unsatisfiable one, 304 when
 * If-None-Match matches the ETag.  Always "Content-Disposition:
 * attachment" with an ASCII filename and the RFC 5987 filename*.  Takes
 * d->fd (closed on every path).  AV_OK, or req's err filled (416).
 */
int resp_download(struct req *req, struct resp *resp, const struct download *d);

/*
 * Fills buf (max bytes) with the output from byte pos on: returns the
 * bytes written (> 0), RESP_STREAM_END after the last byte, or
 * RESP_STREAM_ERROR (the connection is closed: the client sees a
 * truncated answer, the status line having gone out already).  Called on
 * the connection's thread, as the client reads.
 */
typedef ssize_t resp_fill_fn(void *cls, uint64_t pos, char *buf, size_t max);
#define RESP_STREAM_END ((ssize_t)-1)
#define RESP_STREAM_ERROR ((ssize_t)-2)

/*
 * Answers with output generated piece by piece as the client reads
 * (chunked): never built whole in memory.  content_type is a static
 * string; cls is freed with free_cls (may be NULL) when the response is
 * done, sent or not.
 */
int resp_stream(struct resp *resp, int status, const char *content_type,
                resp_fill_fn *fill, void *cls, void (*free_cls)(void *));

struct sbuf;

/*
 * The body of a resp_fill_fn for output made a page at a time (the CSV
 * exports): copies the bytes of page from *sent on; when all are out and
 * *done is not set, next(owner) refills page (resetting *sent, setting
 * *done with the last page; non-zero on failure).  Returns what a
 * resp_fill_fn returns.
 */
ssize_t resp_pages_fill(const struct sbuf *page, size_t *sent, const int *done,
                        int (*next)(void *owner), void *owner, char *buf,
                        size_t max);

#endif
