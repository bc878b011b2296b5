/*
 * ente_users_sql.h - the statement of identity_ente_users (ente_users.c).
 */
#ifndef AV_IDENTITY_ENTE_USERS_SQL_H
#define AV_IDENTITY_ENTE_USERS_SQL_H

#include <stddef.h>

#include "db/db.h"

enum ente_users_q { Q_ENTE_USERS, Q_ENTE_USERS__MAX };

extern const struct sql_def ente_users_sql[Q_ENTE_USERS__MAX];
extern const size_t ente_users_sql_count;

#endif
