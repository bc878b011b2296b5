/*
 * riassunto_sql.h - the statements of the tables' summaries (riassunto.c,
 * migration 0050).
 */
#ifndef AV_DATI_RIASSUNTO_SQL_H
#define AV_DATI_RIASSUNTO_SQL_H

#include <stddef.h>

#include "db/db.h"

enum {
	Q_RIA_DELETE,  /* the summary of table $1 */
	Q_RIA_INSERT,  /* one row */
	Q_RIA_GROUP,   /* the rows of table $1, group column $2 */
	Q_RIA_CURRENT, /* is $2 still resource $1's table? */
	Q_RIASSUNTO__MAX
};

extern const struct sql_def riassunto_sql[Q_RIASSUNTO__MAX];
extern const size_t riassunto_sql_count;

#endif
