/*
 * firma_doc_sql.h - the statements of the signatures asked on objects
 * (table firma_obbligo, migration 0046).
 */
#ifndef AV_FIRMA_DOC_SQL_H
#define AV_FIRMA_DOC_SQL_H

#include "db/db.h"

enum firma_doc_q {
	Q_FO_GET,    /* 1 when ($1 oggetto, $2 id) is asked */
	Q_FO_INSERT, /* $1 oggetto, $2 id, $3 ente, $4 at, $5 by */
	Q_FO_DELETE, /* $1 oggetto, $2 id */
	Q_FIRMA_DOC__MAX
};

extern const struct sql_def firma_doc_sql[Q_FIRMA_DOC__MAX];
extern const size_t firma_doc_sql_count;

#endif
