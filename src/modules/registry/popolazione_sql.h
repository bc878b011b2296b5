/*
 * popolazione_sql.h - the statements of registry/popolazione.c (the Comuni
 * the EU desk's eligibility reads); internal to the registry.
 */
#ifndef AV_REGISTRY_POPOLAZIONE_SQL_H
#define AV_REGISTRY_POPOLAZIONE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum registry_pop_q {
	Q_RPOP_GEO_ALL,  /* every active Comune */
	Q_RPOP_GEO_PROV, /* the active Comuni of one unit */
	Q_RPOP_GEO_ONE,  /* one active Comune */
	Q_RPOP__MAX
};

/* Columns of the three queries. */
enum registry_pop_col {
	RPOP_CODICE,
	RPOP_NOME,
	RPOP_PROVINCIA,
	RPOP_SIGLA,
	RPOP_REGIONE,
	RPOP_NUTS3
};

extern const struct sql_def registry_pop_sql[Q_RPOP__MAX];
extern const size_t registry_pop_sql_count;

#endif
