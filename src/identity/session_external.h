/*
 * session_external.h - a session opened by an external identity provider
 * (SPID or CIE, docs/spid-cie.md): the same cookie and CSRF token as a
 * password login (session.c), plus how it was opened, which ANAC's
 * interfaces and the routes asking a minimum level read (struct user's
 * auth_method, idp, loa, auth_at, filled by session_resolve).
 */
#ifndef AV_SESSION_EXTERNAL_H
#define AV_SESSION_EXTERNAL_H

#include <stdint.h>

#include "core/err.h"
#include "identity/identity.h"

struct db;

struct session_origin {
	const char *method;        /* "spid" or "cie" */
	const char *idp;           /* the IdP's entityID */
	int loa;                   /* 1..3 (CIE: 3) */
	int64_t auth_at;           /* the IdP's AuthnInstant, Unix seconds */
	const char *session_index; /* for Single Logout, may be "" */
	const char *name_id;       /* for Single Logout, may be "" */
};

/*
 * Opens a session for user_id as session_create does (expired sessions
 * purged, new random token and CSRF token, only the token's hash
 * stored), recording its origin.  Call inside the caller's write
 * transaction, which also writes the audit record.
 */
int session_create_external(struct db *db, int64_t user_id, const char *ip,
                            int64_t now, const struct session_origin *o,
                            char token_out[TOKEN_TEXT_LEN + 1],
                            char csrf_out[TOKEN_TEXT_LEN + 1],
                            struct av_err *err);

/* session.c: a session row with its origin (NULL: a password login). */
int session_open(struct db *db, int64_t user_id, const char *client_ip,
                 int64_t now, const struct session_origin *o,
                 char token_out[TOKEN_TEXT_LEN + 1],
                 char csrf_out[TOKEN_TEXT_LEN + 1], struct av_err *err);

#endif
