/*
 * albo_sql.h - the statements of the albo fornitori (sua_albo,
 * sua_albo_cpv, sua_albo_soa; migration 0023).  Texts in albo_sql.c.
 */
#ifndef AV_SUA_ALBO_SQL_H
#define AV_SUA_ALBO_SQL_H

#include <stddef.h>

#include "db/db.h"

enum sua_albo_q {
	Q_ALBO_INSERT,
	Q_ALBO_UPDATE,
	Q_ALBO_GET,
	Q_ALBO_SET_STATO,
	Q_ALBO_CPV_DELETE,
	Q_ALBO_CPV_INSERT,
	Q_ALBO_CPV_LIST,
	Q_ALBO_SOA_DELETE,
	Q_ALBO_SOA_INSERT,
	Q_ALBO_SOA_LIST,
	Q_ALBO_COUNT,
	Q_ALBO_LIST,
	Q_ALBO_BY_PIVA,      /* one operator's entries, all Provinces */
	Q_ALBO_FIND,         /* the entry of (provincia, partita_iva) */
	Q_ALBO_FIND_ANY,     /* some entry of a Province (the demo) */
	Q_ALBO_COUNT_STATO,  /* entries of a Province in a state */
	Q_ALBO_COUNT_INVITI, /* invitations of a partita IVA (area) */
	Q_SUA_ALBO__MAX
};

extern const struct sql_def sua_albo_sql[Q_SUA_ALBO__MAX];
extern const size_t sua_albo_sql_count;

#endif
