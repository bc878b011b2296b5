/*
 * identity_sql.c - the SQL texts of identity (see identity_sql.h), grouped
 * by the file that uses them.  Constant, with $1..$n, bound by name.
 */
#include "identity/identity_sql.h"

/*
 * The Province code a grant (alias g: columns ente, granted_by) counts
 * for, or NULL.  A Comune's Province comes from the view the registry
 * publishes (0013_registry_views.sql), not from its tables.
 */
#define GRANT_PROVINCE                                                         \
	"CASE WHEN substr(g.ente, 1, 10) = 'provincia:'"                       \
	" THEN substr(g.ente, 11)"                                             \
	" WHEN substr(g.ente, 1, 7) = 'comune:'"                               \
	" THEN (SELECT c.provincia FROM registry_comune_provincia c"           \
	" WHERE c.codice_istat = substr(g.ente, 8))"                           \
	" WHEN substr(g.ente, 1, 10) = 'operatore:'"                           \
	" AND substr(g.granted_by, 1, 10) = 'provincia:'"                      \
	" THEN substr(g.granted_by, 11) END"

/* Province code p (may be NULL: never) is one of the admin's ($1). */
#define IN_SCOPE(p) "$1 LIKE '%|' || COALESCE(" p ", '-') || '|%'"

/* Account u is managed by the admin whose Provinces are $1. */
#define USER_MANAGED                                                           \
	"(NOT EXISTS (SELECT 1 FROM role_grant g WHERE g.user_id = u.id"       \
	" AND NOT (" IN_SCOPE(                                                 \
	    GRANT_PROVINCE) "))"                                               \
	                    " AND (EXISTS (SELECT 1 FROM role_grant g WHERE "  \
	                    "g.user_id = u.id)"                                \
	                    " OR " IN_SCOPE("substr(u.created_by, 11)") "))"

/* The accounts admin $1 manages, or all of them when $1 is NULL. */
#define SCOPE_ALL_OR_MANAGED                                                   \
	" WHERE (CAST($1 AS TEXT) IS NULL OR " USER_MANAGED ")"

const struct sql_def identity_sql[Q_IDENTITY__MAX] = {
    /* users.c */
    [Q_USER_INSERT] =
        {"user_insert", 5,
         "INSERT INTO app_user (email, name, password_hash, created, updated,"
         " created_by) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id"},
    [Q_USER_BY_EMAIL] =
        {"user_by_email", 1,
         "SELECT id, email, name, password_hash, active, must_change_password"
         " FROM app_user WHERE email = $1"},
    [Q_USER_BY_ID] =
        {"user_by_id", 1,
         "SELECT id, email, name, password_hash, active, must_change_password"
         " FROM app_user WHERE id = $1",
         NULL, 1},
    [Q_USER_ROLES] = {"user_roles", 1,
                      "SELECT role, ente FROM role_grant WHERE user_id = $1"
                      " ORDER BY role, ente",
                      NULL, 1},
    [Q_USER_SET_PASSWORD] =
        {"user_set_password", 4,
         "UPDATE app_user SET password_hash = $2, must_change_password = $3,"
         " updated = $4 WHERE id = $1"},
    [Q_USER_SET_ACTIVE] =
        {"user_set_active", 3,
         "UPDATE app_user SET active = $2, updated = $3 WHERE id = $1"},
    [Q_USER_SET_NAME] =
        {"user_set_name", 3,
         "UPDATE app_user SET name = $2, updated = $3 WHERE id = $1"},
    [Q_USER_GRANT] =
        {"user_grant", 5,
         "INSERT INTO role_grant (user_id, role, ente, granted, granted_by)"
         " VALUES ($1, $2, $3, $4, $5)"
         " ON CONFLICT (user_id, role, ente) DO NOTHING"},
    [Q_USER_REVOKE] = {"user_revoke", 3,
                       "DELETE FROM role_grant WHERE user_id = $1 AND role = "
                       "$2 AND ente = $3"},
    /*
     * session.c.  The lookups of every authenticated request (session or
     * token, user, roles) are generic on PostgreSQL (sql_def.generic):
     * a unique key's lookup has one plan, and the request's list
     * statements, mostly generic, then run without a change of plan mode
     * between them (docs/internals/lists.md, "PostgreSQL: where a
     * request's time goes").
     */
    [Q_SESSION_INSERT] =
        {"session_insert", 6,
         "INSERT INTO session (token_hash, user_id, csrf_token, created,"
         " last_seen, expires, client_ip) VALUES ($1, $2, $3, $4, $4, $5, $6)"},
    [Q_SESSION_GET] =
        {"session_get", 1,
         "SELECT id, user_id, csrf_token, last_seen, expires, auth_method,"
         " COALESCE(idp, ''), loa, COALESCE(auth_at, 0) FROM session"
         " WHERE token_hash = $1",
         NULL, 1},
    [Q_SESSION_TOUCH] = {"session_touch", 2,
                         "UPDATE session SET last_seen = $2 WHERE id = $1"},
    [Q_SESSION_DELETE] = {"session_delete", 1,
                          "DELETE FROM session WHERE id = $1"},
    [Q_SESSION_DELETE_USER] = {"session_delete_user", 1,
                               "DELETE FROM session WHERE user_id = $1"},
    [Q_SESSION_PURGE] =
        {"session_purge", 2,
         "DELETE FROM session WHERE expires < $1 OR last_seen < $2"},
    [Q_TOKEN_INSERT] =
        {"api_token_insert", 6,
         "INSERT INTO api_token (token_hash, user_id, name, prefix, created,"
         " expires) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
    [Q_TOKEN_GET] =
        {"api_token_get", 1,
         "SELECT id, user_id, expires, revoked, last_used FROM api_token"
         " WHERE token_hash = $1",
         NULL, 1},
    [Q_TOKEN_USED] = {"api_token_used", 2,
                      "UPDATE api_token SET last_used = $2 WHERE id = $1"},
    [Q_TOKEN_REVOKE] =
        {"api_token_revoke", 3,
         "UPDATE api_token SET revoked = $3 WHERE id = $1 AND user_id = $2"
         " AND revoked IS NULL"},
    /* Live tokens only: expired ones are dead already and not counted. */
    [Q_TOKEN_REVOKE_USER] =
        {"api_token_revoke_user", 2,
         "UPDATE api_token SET revoked = $2 WHERE user_id = $1"
         " AND revoked IS NULL AND (expires IS NULL OR expires > $2)"},
    [Q_TOKEN_COUNT] = {"api_token_count", 1,
                       "SELECT COUNT(*) FROM api_token WHERE user_id = $1 AND "
                       "revoked IS NULL"},
    [Q_TOKEN_LIST] =
        {"api_token_list", 1,
         "SELECT id, name, prefix, created, expires, last_used, revoked"
         " FROM api_token WHERE user_id = $1 ORDER BY id DESC"},
    /* throttle.c */
    [Q_THROTTLE_GET] =
        {"throttle_get", 1,
         "SELECT failures, last_failure FROM login_failure WHERE key = $1"},
    [Q_THROTTLE_HIT] =
        {"throttle_hit", 3,
         "INSERT INTO login_failure (key, window_start, failures, last_failure)"
         " VALUES ($1, $2, 1, $2) ON CONFLICT (key) DO UPDATE SET"
         " window_start = CASE WHEN login_failure.last_failure <= $3"
         " THEN excluded.window_start ELSE login_failure.window_start END,"
         " failures = CASE WHEN login_failure.last_failure <= $3"
         " THEN 1 ELSE login_failure.failures + 1 END,"
         " last_failure = excluded.last_failure"},
    [Q_THROTTLE_UNDO] = {"throttle_undo", 1,
                         "UPDATE login_failure SET failures = failures - 1"
                         " WHERE key = $1 AND failures > 0"},
    [Q_THROTTLE_CLEAR] = {"throttle_clear", 1,
                          "DELETE FROM login_failure WHERE key = $1"},
    [Q_THROTTLE_PURGE] = {"throttle_purge", 1,
                          "DELETE FROM login_failure WHERE last_failure <= $1"},
    /* scope.c */
    /* $1 Provinces, $2 ente, $3 approver: would this grant be in scope? */
    [Q_SCOPE_GRANT] = {"scope_grant", 3,
                       "SELECT COUNT(*) FROM (SELECT CAST($2 AS TEXT) AS ente,"
                       " CAST($3 AS TEXT) AS granted_by) g WHERE " IN_SCOPE(
                           GRANT_PROVINCE)},
    /* $1 Provinces, $2 user id. */
    [Q_SCOPE_USER] =
        {"scope_user", 2,
         "SELECT COUNT(*) FROM app_user u WHERE u.id = $2 AND " USER_MANAGED},
    /*
     * $1 Provinces, or NULL for every account (the console); $4 the order:
     * 'nome', '-nome', 'email', '-email' (lower-cased, then id), anything
     * else by id (creation order).
     */
    /*
     * The pages of the accounts an admin manages ($1, NULL: all), one
     * statement per order so that an index gives the order (0018): id,
     * LOWER(name) and email, each with id after equal keys.  $2 limit, $3
     * offset, $4 = 1: after the key ($5 id[, $6 name or email]) of the
     * previous page's last account (keyset); column 1 is that key.
     */
    [Q_SCOPE_PAGE_ID] = {"scope_user_page_id", 5,
                         "SELECT u.id, '' FROM app_user u" SCOPE_ALL_OR_MANAGED
                         " AND ($4 = 0 OR u.id > $5)"
                         " ORDER BY u.id LIMIT $2 OFFSET $3"},
    [Q_SCOPE_PAGE_NOME] =
        {"scope_user_page_nome", 6,
         "SELECT u.id, LOWER(u.name) FROM app_user u" SCOPE_ALL_OR_MANAGED
         " AND ($4 = 0 OR (LOWER(u.name), u.id) > ($6, $5))"
         " ORDER BY LOWER(u.name), u.id"
         " LIMIT $2 OFFSET $3"},
    [Q_SCOPE_PAGE_NOME_DESC] =
        {"scope_user_page_nome_desc", 6,
         "SELECT u.id, LOWER(u.name) FROM app_user u" SCOPE_ALL_OR_MANAGED
         " AND ($4 = 0 OR (LOWER(u.name), u.id) < ($6, $5))"
         " ORDER BY LOWER(u.name) DESC, u.id DESC LIMIT $2 OFFSET $3"},
    [Q_SCOPE_PAGE_EMAIL] =
        {"scope_user_page_email", 6,
         "SELECT u.id, u.email FROM app_user u" SCOPE_ALL_OR_MANAGED
         " AND ($4 = 0 OR (u.email, u.id) > ($6, $5))"
         " ORDER BY u.email, u.id LIMIT $2 OFFSET $3"},
    [Q_SCOPE_PAGE_EMAIL_DESC] =
        {"scope_user_page_email_desc", 6,
         "SELECT u.id, u.email FROM app_user u" SCOPE_ALL_OR_MANAGED
         " AND ($4 = 0 OR (u.email, u.id) < ($6, $5))"
         " ORDER BY u.email DESC, u.id DESC LIMIT $2 OFFSET $3"},
    /* How many, up to $2 (the cap: http/list.h). */
    [Q_SCOPE_COUNT] =
        {"scope_user_count", 2,
         "SELECT COUNT(*) FROM (SELECT 1 FROM app_user u" SCOPE_ALL_OR_MANAGED
         " LIMIT $2) x"},
    /* area_handlers.c: $1 the admin's Provinces. */
    [Q_AREA_USERS] =
        {"area_users", 1,
         "SELECT COUNT(*),"
         " COALESCE(SUM(CASE WHEN u.active = 1 AND u.must_change_password = 1"
         " THEN 1 ELSE 0 END), 0),"
         " COALESCE(SUM(CASE WHEN u.active = 0 THEN 1 ELSE 0 END), 0)"
         " FROM app_user u WHERE " USER_MANAGED},
    [Q_AREA_USERS_PENDING] =
        {"area_users_pending", 1,
         "SELECT u.id, u.name, u.email, u.created FROM app_user u"
         " WHERE u.active = 1 AND u.must_change_password = 1 AND " USER_MANAGED
         " ORDER BY u.created DESC, u.id DESC LIMIT 5"},
};

const size_t identity_sql_count = Q_IDENTITY__MAX;
