/*
 * datastore_int.h - internal to the tabular store's readers: the
 * generated query texts (datastore_sql.c) used by datastore.c.
 */
#ifndef AV_DATI_DATASTORE_INT_H
#define AV_DATI_DATASTORE_INT_H

#include <stdarg.h>

#include "core/err.h"
#include "db/db.h"
#include "modules/dati/datastore.h"
#include "modules/dati/tabelle_sql.h"

/* SELECT COUNT(*) with q's WHERE; parameters: filters' values, then q. */
struct tab_gen *ds_gen_count(enum db_dialect d, const struct ds_table *t,
                             const struct ds_query *q);
/* The page: those parameters, then LIMIT and OFFSET. */
struct tab_gen *ds_gen_rows(enum db_dialect d, const struct ds_table *t,
                            const struct ds_query *q);

/*
 * The aggregates' scan: SELECT c<group> (when group > 0), c<m1>, ... with
 * q's WHERE (filters only); no order: aggrega.c groups in memory.
 */
struct tab_gen *ds_gen_scan(enum db_dialect d, const struct ds_table *t,
                            const struct ds_query *q, int group,
                            const int *cols, int ncols);

#endif
