/*
 * richieste_sql.h - the statements of the Comuni's side of the SUA:
 * convenzioni (sua_convenzione), requests (sua_richiesta) and the SUA's
 * links to stored documents (sua_documento).  Texts in richieste_sql.c.
 */
#ifndef AV_SUA_RICHIESTE_SQL_H
#define AV_SUA_RICHIESTE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum sua_richieste_q {
	Q_CONV_INSERT,
	Q_CONV_UPDATE,
	Q_CONV_GET,
	Q_CONV_COUNT,
	Q_CONV_LIST,
	Q_CONV_VALID,   /* one convenzione of $1 valid on $2 for tipo $3 */
	Q_CONV_CURRENT, /* the Comune's convenzioni still valid, soonest first
	                 */
	Q_RIC_INSERT,
	Q_RIC_UPDATE,
	Q_RIC_GET,
	Q_RIC_SET_STATO,
	Q_RIC_COUNT,
	Q_RIC_LIST,
	Q_RIC_BY_STATO,   /* counts per stato of one Comune */
	Q_RIC_PROV_STATO, /* count of one stato in one Province */
	Q_SDOC_INSERT,
	Q_SDOC_LIST,
	Q_SDOC_COUNT,
	Q_SDOC_GARA, /* provincia, stato of a tender */
	Q_RIC_COUNT_COMUNE,
	Q_RIC_LIST_COMUNE,
	Q_CONV_COUNT_PROV,
	Q_CONV_COUNT_COMUNE,
	Q_CONV_LIST_COMUNE,
	Q_SUA_RICHIESTE__MAX
};

extern const struct sql_def sua_richieste_sql[Q_SUA_RICHIESTE__MAX];
extern const size_t sua_richieste_sql_count;

#endif
