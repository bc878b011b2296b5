/*
 * riassunto.h - per-group summaries of the tabular store's tables (issue 15
 * item 4): the first aggregate of a question used to scan the whole table
 * (467 ms on the benchmark's 100 MB); the job dati_riassunto, queued by
 * every ingest, scans it once in the background and writes, for every
 * low-cardinality column and every numeric one, the count, exact sum,
 * least and greatest per group (migration 0050).  An unfiltered aggregate
 * whose group and measures are covered is then answered from those rows.
 */
#ifndef AV_DATI_RIASSUNTO_H
#define AV_DATI_RIASSUNTO_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "modules/dati/aggrega.h"
#include "modules/dati/datastore.h"

#define RIA_GROUPS_MAX 256 /* distinct values of a column summarised */
#define RIA_COLS_MAX 64    /* group columns followed at once */
#define RIA_GROUP_ROWS 8   /* records per group, on average, at least */

/* Queues the job for table tabella_id of resource risorsa_id, in the
 * caller's transaction (the ingest's). */
int riassunto_queue(struct db *db, int64_t risorsa_id, int64_t tabella_id,
                    int64_t owner_id, const char *ente, struct av_err *err);

/* The job "dati_riassunto": input {risorsa_id, tabella_id}. */
struct job_ctx;
int dati_riassunto_job(struct job_ctx *ctx, const json_t *input,
                       json_t **result, struct av_err *err);

/*
 * The answer of agg_run for t grouped by group (NULL: none), no filters,
 * from the summary: *found 0 when the summary does not cover it (no
 * summary yet, too many groups, a measure that is not numeric); r as
 * agg_run fills it.
 */
int riassunto_run(struct db *db, const struct ds_table *t,
                  const struct ds_field *group, const struct agg_metric *m,
                  int nm, struct agg_result *r, int *found, struct av_err *err);

#endif
