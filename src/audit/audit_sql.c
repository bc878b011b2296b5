/*
 * audit_sql.c - the audit module's SQL texts.  The list filters are optional
 * and written into the constant (NULL parameter = no filter); dates are
 * compared as text, which is right because every time has the same fixed
 * width (see 0005_audit.sql).
 *
 * The browser's scope: an administrator sees the entries of the Provinces
 * it administers (its grants 'admin' on 'provincia:P', loaded with the
 * caller on every request, so a revoked grant stops showing at once) and of
 * their Comuni (the view registry_ente_provincia the registry publishes,
 * suppressed Comuni included: their entries stay).  The
 * scope is a subquery of the one statement, so the page and its total come
 * from the same rows.  Entries without an ente are not in any scope.
 */
#include "audit/audit_sql.h"

#define AUDIT_FILTER                                                           \
	" WHERE (CAST($1 AS TEXT) IS NULL OR ente = $1)"                       \
	" AND (CAST($2 AS TEXT) IS NULL OR actor = $2)"                        \
	" AND (CAST($3 AS TEXT) IS NULL OR action = $3)"                       \
	" AND (CAST($4 AS TEXT) IS NULL OR time >= $4)"                        \
	" AND (CAST($5 AS TEXT) IS NULL OR time <= $5)"

/*
 * $6: the administrator's Provinces as "|024|028|" (admin_scope_init);
 * their enti come from the view the registry publishes.
 */
#define AUDIT_SCOPE                                                            \
	" AND ente IN (SELECT e.ente FROM registry_ente_provincia e"           \
	" WHERE CAST($6 AS TEXT) LIKE '%|' || e.provincia || '|%')"

const struct sql_def audit_sql[Q_AUDIT__MAX] = {
    [Q_AUDIT_HEAD] = {"audit_head", 0,
                      "SELECT seq, hash, time FROM audit_log"
                      " ORDER BY seq DESC LIMIT 1"},
    [Q_AUDIT_INSERT] = {"audit_insert", 10,
                        "INSERT INTO audit_log (seq, time, actor, ente, action,"
                        " object_type, object_id, details, prev_hash, hash)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_AUDIT_ALL] = {"audit_all", 0,
                     "SELECT seq, time, actor, ente, action, object_type,"
                     " object_id, details, prev_hash, hash"
                     " FROM audit_log ORDER BY seq"},
    /* How many match, up to $7 (the cap: http/list.h). */
    [Q_AUDIT_COUNT] =
        {"audit_count", 7,
         "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log" AUDIT_FILTER
             AUDIT_SCOPE " LIMIT $7) x"},
    /*
     * A page, newest first: $9 the seq of the previous page's last entry
     * (keyset: the primary key's index continues from it, however deep),
     * $7 limit, $8 offset.
     */
    [Q_AUDIT_LIST] = {"audit_list", 9,
                      "SELECT seq, time, actor, ente, action, object_type,"
                      " object_id, details, hash FROM audit_log" AUDIT_FILTER
                          AUDIT_SCOPE " AND seq < $9"
                      " ORDER BY seq DESC LIMIT $7 OFFSET $8"},
    [Q_AUDIT_CP_INSERT] = {"audit_cp_insert", 5,
                           "INSERT INTO audit_checkpoint (" AUDIT_CP_COLUMNS
                           ") VALUES ($1, $2, $3, $4, $5)"},
    [Q_AUDIT_CP_LAST] = {"audit_cp_last", 0,
                         "SELECT " AUDIT_CP_COLUMNS " FROM audit_checkpoint"
                         " ORDER BY id DESC LIMIT 1"},
    [Q_AUDIT_CP_ALL] = {"audit_cp_all", 0,
                        "SELECT " AUDIT_CP_COLUMNS ", id FROM audit_checkpoint"
                        " ORDER BY id"},
    /* $1 the cap (http/list.h). */
    [Q_AUDIT_CP_COUNT] = {"audit_cp_count", 1,
                          "SELECT COUNT(*) FROM (SELECT 1 FROM"
                          " audit_checkpoint LIMIT $1) x"},
    /* Newest first, $3 the previous page's last id (keyset). */
    [Q_AUDIT_CP_LIST] = {"audit_cp_list", 3,
                         "SELECT " AUDIT_CP_COLUMNS ", id"
                         " FROM audit_checkpoint WHERE id < $3"
                         " ORDER BY id DESC LIMIT $1 OFFSET $2"},
    /* The list's rows as keyset pages, newest first: $7 seq bound. */
    [Q_AUDIT_CSV_PAGE] = {"audit_csv_page", 8,
                          "SELECT seq, time, actor, ente, action, object_type,"
                          " object_id, details FROM audit_log" AUDIT_FILTER
                              AUDIT_SCOPE " AND seq < $7"
                          " ORDER BY seq DESC LIMIT $8"},
    /* One object's entries of one action, newest first: the index on
     * (action, seq) walks that action's entries only. */
    [Q_AUDIT_OBJECT] = {"audit_object", 4,
                        "SELECT time, actor, details FROM audit_log"
                        " WHERE action = $1 AND object_type = $2"
                        " AND object_id = $3 ORDER BY seq DESC LIMIT $4"},
};

const size_t audit_sql_count = Q_AUDIT__MAX;
