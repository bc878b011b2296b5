/*
 * identity_sql.h - every SQL statement of identity (one table, see
 * docs/internals/layers.md): accounts, role grants, sessions, API tokens,
 * login throttling and the administrators' scope.  Identity owns the
 * tables app_user, role_grant, session, api_token and login_failure
 * (migrations 0006, 0007, 0009); no other module names them.  Internal to
 * src/identity/ except for the table itself, which `serve` prepares at
 * start-up.
 */
#ifndef AV_IDENTITY_SQL_H
#define AV_IDENTITY_SQL_H

#include <stddef.h>

#include "db/db.h"

enum identity_q {
	Q_USER_INSERT,         /* users.c */
	Q_USER_BY_EMAIL,       /* users.c */
	Q_USER_BY_ID,          /* users.c */
	Q_USER_ROLES,          /* users.c */
	Q_USER_SET_PASSWORD,   /* users.c */
	Q_USER_SET_ACTIVE,     /* users.c */
	Q_USER_SET_NAME,       /* users.c */
	Q_USER_GRANT,          /* users.c */
	Q_USER_REVOKE,         /* users.c */
	Q_SESSION_INSERT,      /* session.c */
	Q_SESSION_GET,         /* session.c */
	Q_SESSION_TOUCH,       /* session.c */
	Q_SESSION_DELETE,      /* session.c */
	Q_SESSION_DELETE_USER, /* session.c */
	Q_SESSION_PURGE,       /* session.c */
	Q_TOKEN_INSERT,        /* session.c */
	Q_TOKEN_GET,           /* session.c */
	Q_TOKEN_USED,          /* session.c */
	Q_TOKEN_REVOKE,        /* session.c */
	Q_TOKEN_REVOKE_USER,   /* session.c */
	Q_TOKEN_COUNT,         /* session.c */
	Q_TOKEN_LIST,          /* session.c */
	Q_THROTTLE_GET,        /* throttle.c */
	Q_THROTTLE_HIT,        /* throttle.c */
	Q_THROTTLE_UNDO,       /* throttle.c */
	Q_THROTTLE_CLEAR,      /* throttle.c */
	Q_THROTTLE_PURGE,      /* throttle.c */
	Q_SCOPE_GRANT,         /* scope.c */
	Q_SCOPE_USER,          /* scope.c */
	Q_SCOPE_PAGE_ID,       /* scope.c: pages in each order */
	Q_SCOPE_PAGE_NOME,
	Q_SCOPE_PAGE_NOME_DESC,
	Q_SCOPE_PAGE_EMAIL,
	Q_SCOPE_PAGE_EMAIL_DESC,
	Q_SCOPE_COUNT,        /* scope.c */
	Q_AREA_USERS,         /* area_handlers.c */
	Q_AREA_USERS_PENDING, /* area_handlers.c */
	Q_IDENTITY__MAX
};

extern const struct sql_def identity_sql[Q_IDENTITY__MAX];
extern const size_t identity_sql_count;

#endif
