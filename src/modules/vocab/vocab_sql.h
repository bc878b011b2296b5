/*
 * vocab_sql.h - the vocab module's SQL statements (one table, see
 * docs/internals/layers.md): the CPV 2008 vocabulary, table cpv
 * (migration 0003_cpv.sql), which only this module reads and writes.
 */
#ifndef AV_VOCAB_SQL_H
#define AV_VOCAB_SQL_H

#include <stddef.h>

#include "db/db.h"

enum vocab_q {
	Q_CPV_GET,    /* 0 codice, 1 cifra, 2 livello, 3 descr. it, 4 en */
	Q_CPV_COUNT,  /* rows in the vocabulary */
	Q_CPV_UPSERT, /* import */
	Q_VOCAB__MAX
};

extern const struct sql_def vocab_sql[Q_VOCAB__MAX];
extern const size_t vocab_sql_count;

#endif
