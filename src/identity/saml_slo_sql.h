/*
 * saml_slo_sql.h - the statements of SPID/CIE Single Logout (saml_slo.c):
 * table saml_logout_request (migration 0052) and the SAML columns of
 * session (0040).
 */
#ifndef AV_IDENTITY_SAML_SLO_SQL_H
#define AV_IDENTITY_SAML_SLO_SQL_H

#include <stddef.h>

#include "db/db.h"

enum saml_slo_q {
	Q_SLO_REQUEST_INSERT, /* $1 id $2 idp $3 user_id $4 now $5 expires */
	Q_SLO_REQUEST_PURGE,  /* expired before $1 */
	Q_SLO_REQUEST_USE,    /* $1 id $2 idp $3 now: the unused, unexpired */
	Q_SLO_REQUEST_USER,   /* 0 user_id of request $1 */
	Q_SLO_SESSIONS, /* 0 id 1 user_id 2 session_index; $1 idp $2 nameid */
	Q_SLO__MAX
};

extern const struct sql_def saml_slo_sql[Q_SLO__MAX];
extern const size_t saml_slo_sql_count;

#endif
