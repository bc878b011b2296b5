/*
 * user_cf_sql.c - an account's codice fiscale (migration 0040): read,
 * set or clear, and the account holding one.
 */
#include "identity/user_cf_sql.h"

const struct sql_def user_cf_sql[Q_USER_CF__MAX] = {
    [Q_USER_CF_GET] = {"user_cf_get", 1,
                       "SELECT COALESCE(codice_fiscale, '') FROM app_user"
                       " WHERE id = $1"},
    /* $2 NULL clears it. */
    [Q_USER_CF_SET] = {"user_cf_set", 3,
                       "UPDATE app_user SET codice_fiscale = $2, updated = $3"
                       " WHERE id = $1"},
    [Q_USER_CF_FIND] = {"user_cf_find", 1,
                        "SELECT id FROM app_user WHERE codice_fiscale = $1"},
};

const size_t user_cf_sql_count = sizeof(user_cf_sql) / sizeof(user_cf_sql[0]);
