/*
 * saml_slo_sql.c - the SQL texts of SPID/CIE Single Logout (see
 * saml_slo_sql.h).  Constant, with $1..$n, one text for both dialects.
 */
#include "identity/saml_slo_sql.h"

const struct sql_def saml_slo_sql[Q_SLO__MAX] = {
    [Q_SLO_REQUEST_INSERT] = {"saml_slo_request_insert", 5,
                              "INSERT INTO saml_logout_request (id, idp,"
                              " user_id, created, expires)"
                              " VALUES ($1, $2, $3, $4, $5)"},
    [Q_SLO_REQUEST_PURGE] = {"saml_slo_request_purge", 1,
                             "DELETE FROM saml_logout_request"
                             " WHERE expires < $1"},
    [Q_SLO_REQUEST_USE] = {"saml_slo_request_use", 3,
                           "UPDATE saml_logout_request SET used = $3"
                           " WHERE id = $1 AND idp = $2 AND used IS NULL"
                           " AND expires > $3"},
    [Q_SLO_REQUEST_USER] = {"saml_slo_request_user", 1,
                            "SELECT COALESCE(user_id, 0)"
                            " FROM saml_logout_request WHERE id = $1"},
    [Q_SLO_SESSIONS] = {"saml_slo_sessions", 2,
                        "SELECT id, user_id,"
                        " COALESCE(saml_session_index, '') FROM session"
                        " WHERE idp = $1 AND saml_name_id = $2"
                        " ORDER BY id"},
};

const size_t saml_slo_sql_count =
    sizeof(saml_slo_sql) / sizeof(saml_slo_sql[0]);
