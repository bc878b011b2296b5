/*
 * auth.c - who is calling, and may they: run by the server for every API
 * request after routing and before any body is read.
 *
 * Credentials, in order: "Authorization: Bearer avt_..." (API token; a
 * presented but invalid token is a 401, never a silent downgrade to
 * anonymous), then the session cookie "av_session" (an unknown or expired
 * cookie just means anonymous).  CSRF defence for cookie sessions is the
 * double-submit token: every unsafe method must send "X-CSRF-Token" equal to
 * the session's token (returned by login and /auth/me, and set in the
 * readable cookie "av_csrf"); in addition an unsafe request carrying an
 * Origin header must come from this server's own origin (scheme and host as
 * the client used them, through a trusted proxy: client.c).  Public routes
 * (login among them) exercise no authority of the session, so the token is
 * checked only on the others; the Origin check applies to all.  Bearer requests
 * carry no ambient credential, so they need no CSRF token.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "db/db.h"
#include "http/request.h"
#include "identity/identity.h"

static int
is_unsafe(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static int
resolve_credentials(struct req *r, int64_t now)
{
	const char *auth = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie;
	int found = 0;

	if (auth != NULL) {
		if (strncasecmp(auth, "Bearer ", 7) != 0)
			return av_fail(&r->err, AV_EAUTH, NULL,
			               "Intestazione Authorization non"
			               " valida: usare 'Bearer TOKEN'.");
		if (api_token_resolve(r->db, auth + 7, now, &r->user_buf,
		                      &found, &r->err) != AV_OK)
			return r->err.code;
		if (!found)
			return av_fail(&r->err, AV_EAUTH, NULL,
			               "Token non valido, scaduto o revocato.");
		r->user = &r->user_buf;
		return AV_OK;
	}
	cookie =
	    MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "av_session");
	if (cookie == NULL)
		return AV_OK;
	if (session_resolve(r->db, cookie, now, &r->user_buf, r->csrf, &found,
	                    &r->err) != AV_OK)
		return r->err.code;
	if (found)
		r->user = &r->user_buf;
	return AV_OK;
}

int
http_authenticate(struct req *r, const char *method)
{
	int64_t now = (int64_t)time(NULL);
	int rc;

	r->db = db_thread(&r->err);
	if (r->db == NULL)
		return r->err.code;
	/* A form another site posts (SAML) is proved by its signature. */
	if (is_unsafe(method) && !(r->route->flags & ROUTE_FORM) &&
	    !http_origin_ok(r))
		return av_fail(&r->err, AV_EFORBIDDEN, NULL,
		               "Richiesta da un'origine non consentita.");
	if (resolve_credentials(r, now) != AV_OK)
		return r->err.code;
	/* Public routes use no authority of the session: no CSRF to check. */
	if (r->user && !r->user->via_token && is_unsafe(method) &&
	    r->route->perm != PERM_PUBLIC) {
		const char *sent = req_header(r, "X-CSRF-Token");

		if (sent == NULL || strlen(sent) != strlen(r->csrf) ||
		    sodium_memcmp(sent, r->csrf, strlen(r->csrf)) != 0)
			return av_fail(&r->err, AV_EFORBIDDEN, NULL,
			               "Token CSRF mancante o non valido:"
			               " ricaricare la pagina.");
	}
	/*
	 * A one-time password opens only the door to changing it: the routes
	 * flagged ROUTE_OTP_OK (no token minting, nothing else of self).
	 */
	if (r->user && r->user->must_change_password &&
	    r->route->perm != PERM_PUBLIC && !(r->route->flags & ROUTE_OTP_OK))
		return av_fail(&r->err, AV_EFORBIDDEN, NULL,
		               "Cambiare la password monouso prima di"
		               " continuare.");
	rc = authz_decide(r->user, r->route->perm, NULL);
	if (rc == AV_EAUTH)
		return av_fail(&r->err, AV_EAUTH, NULL,
		               "Accesso richiesto: effettuare il login.");
	if (rc != AV_OK)
		return av_fail(&r->err, AV_EFORBIDDEN, NULL,
		               "Il tuo ruolo non consente questa operazione.");
	/* Before the object's scope: the refusal tells nothing of it. */
	return http_check_level(r);
}

const struct user *
req_user(const struct req *req)
{
	return req->user;
}

const char *
req_cookie(const struct req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *
req_csrf_token(const struct req *req)
{
	return req->csrf;
}
