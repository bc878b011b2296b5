/*
 * audit_sql.h - the audit module's SQL, one constant table (ARCHITECTURE.md
 * 3.7).  Internal to src/audit/, except for the table itself, which
 * `serve` prepares at start-up.
 */
#ifndef AV_AUDIT_SQL_H
#define AV_AUDIT_SQL_H

#include <stddef.h>

#include "db/db.h"

enum audit_q {
	Q_AUDIT_HEAD,
	Q_AUDIT_INSERT,
	Q_AUDIT_ALL,
	Q_AUDIT_COUNT,
	Q_AUDIT_LIST,
	Q_AUDIT_CP_INSERT,
	Q_AUDIT_CP_LAST,
	Q_AUDIT_CP_ALL,
	Q_AUDIT_CP_COUNT,
	Q_AUDIT_CP_LIST,
	Q_AUDIT_CSV_PAGE, /* the list's CSV: $7 before this seq, $8 rows */
	Q_AUDIT_OBJECT,   /* one object's entries of one action (object.c) */
	Q_AUDIT__MAX
};

extern const struct sql_def audit_sql[Q_AUDIT__MAX];
extern const size_t audit_sql_count;

/* Columns of Q_AUDIT_CP_LAST, Q_AUDIT_CP_ALL and Q_AUDIT_CP_LIST, in order. */
#define AUDIT_CP_COLUMNS "seq, hash, time, signature, public_key"

#endif
