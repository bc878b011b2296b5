/*
 * user_cf_sql.h - the statements of an account's codice fiscale
 * (user_cf.c).
 */
#ifndef AV_IDENTITY_USER_CF_SQL_H
#define AV_IDENTITY_USER_CF_SQL_H

#include <stddef.h>

#include "db/db.h"

enum user_cf_q { Q_USER_CF_GET, Q_USER_CF_SET, Q_USER_CF_FIND, Q_USER_CF__MAX };

extern const struct sql_def user_cf_sql[Q_USER_CF__MAX];
extern const size_t user_cf_sql_count;

#endif
