/*
 * saml_sql.h - the statements of the SPID/CIE login (saml_login.c,
 * session_external.c): tables saml_request, saml_assertion_seen and the
 * SAML columns of session and app_user (migration 0040).
 */
#ifndef AV_IDENTITY_SAML_SQL_H
#define AV_IDENTITY_SAML_SQL_H

#include <stddef.h>

#include "db/db.h"

enum saml_q {
	Q_SAML_REQUEST_INSERT, /* $1 id $2 idp $3 loa $4 next $5 now $6 exp */
	Q_SAML_REQUEST_GET, /* 0 idp 1 loa 2 next 3 created 4 expires 5 used */
	Q_SAML_REQUEST_USE, /* $1 id $2 now: the one unused, unexpired */
	Q_SAML_REQUEST_PURGE,  /* expired before $1 */
	Q_SAML_SEEN_INSERT,    /* $1 assertion id $2 idp $3 expires */
	Q_SAML_SEEN_PURGE,     /* expired before $1 */
	Q_SAML_USER_BY_CF,     /* 0 id of the active account with cf $1 */
	Q_SAML_SESSION_INSERT, /* session_create_external */
	Q_SAML_SESSION_GET,    /* 0 session_index 1 name_id 2 idp of id $1 */
	Q_SAML__MAX
};

extern const struct sql_def saml_sql[Q_SAML__MAX];
extern const size_t saml_sql_count;

#endif
