/*
 * audit_sql.c - the audit module's SQL texts.  The list filters are optional
 * and written into the constant (NULL parameter = no filter); dates are
 * compared as text, which is right because every time has the same fixed
 * width (see 0005_audit.sql).
 */
#include "audit/audit_sql.h"

#define AUDIT_FILTER                                                           \
	" WHERE (CAST($1 AS TEXT) IS NULL OR ente = $1)"                       \
	" AND (CAST($2 AS TEXT) IS NULL OR actor = $2)"                        \
	" AND (CAST($3 AS TEXT) IS NULL OR action = $3)"                       \
	" AND (CAST($4 AS TEXT) IS NULL OR time >= $4)"                        \
	" AND (CAST($5 AS TEXT) IS NULL OR time <= $5)"

const struct sql_def audit_sql[Q_AUDIT__MAX] = {
    [Q_AUDIT_HEAD] = {"audit_head", 0,
                      "SELECT seq, hash FROM audit_log"
                      " ORDER BY seq DESC LIMIT 1"},
    [Q_AUDIT_INSERT] = {"audit_insert", 10,
                        "INSERT INTO audit_log (seq, time, actor, ente, action,"
                        " object_type, object_id, details, prev_hash, hash)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_AUDIT_ALL] = {"audit_all", 0,
                     "SELECT seq, time, actor, ente, action, object_type,"
                     " object_id, details, prev_hash, hash"
                     " FROM audit_log ORDER BY seq"},
    [Q_AUDIT_COUNT] = {"audit_count", 5,
                       "SELECT COUNT(*) FROM audit_log" AUDIT_FILTER},
    [Q_AUDIT_LIST] = {"audit_list", 7,
                      "SELECT seq, time, actor, ente, action, object_type,"
                      " object_id, details, hash FROM audit_log" AUDIT_FILTER
                      " ORDER BY seq DESC LIMIT $6 OFFSET $7"},
};
