/*
 * saml_sql.c - the SQL texts of the SPID/CIE login (see saml_sql.h).
 * Constant, with $1..$n, bound by name, one text for both dialects.
 */
#include "identity/saml_sql.h"

const struct sql_def saml_sql[Q_SAML__MAX] = {
    [Q_SAML_REQUEST_INSERT] = {"saml_request_insert", 6,
                               "INSERT INTO saml_request (id, idp, loa,"
                               " relay_state, created, expires)"
                               " VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_SAML_REQUEST_GET] = {"saml_request_get", 1,
                            "SELECT idp, loa, COALESCE(relay_state, ''),"
                            " created, expires, COALESCE(used, 0)"
                            " FROM saml_request WHERE id = $1"},
    [Q_SAML_REQUEST_USE] = {"saml_request_use", 2,
                            "UPDATE saml_request SET used = $2"
                            " WHERE id = $1 AND used IS NULL"
                            " AND expires > $2"},
    [Q_SAML_REQUEST_PURGE] = {"saml_request_purge", 1,
                              "DELETE FROM saml_request WHERE expires < $1"},
    [Q_SAML_SEEN_INSERT] = {"saml_seen_insert", 3,
                            "INSERT INTO saml_assertion_seen (id, idp,"
                            " expires) VALUES ($1, $2, $3)"
                            " ON CONFLICT (id) DO NOTHING"},
    [Q_SAML_SEEN_PURGE] = {"saml_seen_purge", 1,
                           "DELETE FROM saml_assertion_seen"
                           " WHERE expires < $1"},
    [Q_SAML_USER_BY_CF] = {"saml_user_by_cf", 1,
                           "SELECT id FROM app_user"
                           " WHERE codice_fiscale = $1 AND active = 1"},
    [Q_SAML_SESSION_INSERT] =
        {"saml_session_insert", 12,
         "INSERT INTO session (token_hash, user_id, csrf_token, created,"
         " last_seen, expires, client_ip, auth_method, idp, loa, auth_at,"
         " saml_session_index, saml_name_id)"
         " VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12)"},
    [Q_SAML_SESSION_GET] = {"saml_session_get", 1,
                            "SELECT COALESCE(saml_session_index, ''),"
                            " COALESCE(saml_name_id, ''), COALESCE(idp, '')"
                            " FROM session WHERE id = $1"},
};

const size_t saml_sql_count = sizeof(saml_sql) / sizeof(saml_sql[0]);
