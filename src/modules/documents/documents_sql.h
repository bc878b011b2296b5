/*
 * documents_sql.h - the documents module's SQL statements
 * (ARCHITECTURE.md 3.7).
 */
#ifndef AV_DOCUMENTS_SQL_H
#define AV_DOCUMENTS_SQL_H

#include "db/db.h"

enum documents_q {
	Q_DOC_BLOB_ADD, /* $1 sha256 $2 size $3 mime $4 created; kept if any */
	Q_DOC_INSERT,   /* $1..$7 -> the new document's id */
	Q_DOC_GET,      /* $1 id: the row (columns in documents.c) */
	Q_DOC_LATEST_ATTACHED, /* $1 type $2 id: the newest, as Q_DOC_GET */
	Q_DOCUMENTS__MAX
};

extern const struct sql_def documents_sql[Q_DOCUMENTS__MAX];
extern const size_t documents_sql_count;

#endif
