/*
 * ente_users_sql.c - the active users holding a role on an ente.
 */
#include "identity/ente_users_sql.h"

const struct sql_def ente_users_sql[Q_ENTE_USERS__MAX] = {
    /* $2: a role name, or '' for any role; at most $3 rows. */
    [Q_ENTE_USERS] = {"ente_users", 3,
                      "SELECT DISTINCT g.user_id FROM role_grant g"
                      " JOIN app_user u ON u.id = g.user_id"
                      " WHERE g.ente = $1 AND ($2 = '' OR g.role = $2)"
                      " AND u.active = 1 ORDER BY g.user_id LIMIT $3"},
};

const size_t ente_users_sql_count =
    sizeof(ente_users_sql) / sizeof(ente_users_sql[0]);
