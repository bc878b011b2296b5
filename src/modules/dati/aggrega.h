/*
 * aggrega.h - aggregates over a resource's table (issue 15 item 4):
 * count, and sum / avg / min / max of fields, per value of a group field,
 * over the records that match equality filters.  Exact: numbers are
 * summed as decimals scaled by 10^9 in 128-bit integers, never in
 * floating point (values with more than 9 decimals are cut there).  The
 * groups are kept in memory, sorted, at most AGG_GROUPS_MAX.
 */
#ifndef AV_DATI_AGGREGA_H
#define AV_DATI_AGGREGA_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "modules/dati/datastore.h"

#define AGG_GROUPS_MAX 10000 /* distinct group values */
#define AGG_METRICS_MAX 8    /* sum/avg/min/max asked together */
#define AGG_SCALE_DIGITS 9   /* decimals kept by sums */

enum agg_op { AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX };

struct agg_metric {
	enum agg_op op;
	const struct ds_field *f;
};

struct agg_acc {
	__int128 sum; /* scaled by 10^AGG_SCALE_DIGITS */
	int64_t n;    /* non-empty values seen */
	char *min, *max;
};

struct agg_group {
	char *value; /* NULL: the records with no value */
	int64_t count;
	struct agg_acc acc[AGG_METRICS_MAX];
};

struct agg_result {
	struct agg_group *groups; /* sorted by value, NULL first */
	size_t ngroups, cap;
};

/*
 * Scans the table (t, filters of q) grouping by group (a field or NULL)
 * into r.  AV_EUNPROC past AGG_GROUPS_MAX groups.  agg_result_free
 * releases r.
 */
int agg_run(struct db *db, const struct ds_table *t, const struct ds_query *q,
            const struct ds_field *group, const struct agg_metric *m, int nm,
            struct agg_result *r, struct av_err *err);
void agg_result_free(struct agg_result *r, int nm);

/*
 * A decimal "[-]d[.d]" into *out scaled by 10^AGG_SCALE_DIGITS: 0, or -1
 * when it is not one (or too large).  Pure, for the unit tests.
 */
int agg_parse_decimal(const char *s, size_t n, __int128 *out);
/* Writes v (scaled) as a decimal without trailing zeros into buf. */
void agg_format_decimal(__int128 v, char *buf, size_t n);

/*
 * The answers' cache (aggrega_cache.c): a generated table never changes,
 * so an answer keyed by (tabella_id, parameters) is never stale.  get
 * appends the kept JSON to out and returns 1 on a hit; put keeps a copy
 * (too large ones are not kept).  Thread-safe.
 */
#define AGG_CACHE_SLOTS 64
#define AGG_CACHE_VALUE_MAX ((size_t)1 << 20)
#define AGG_CACHE_KEY_MAX 8192
struct sbuf;
int agg_cache_get(int64_t tabella_id, const char *key, struct sbuf *out);
void agg_cache_put(int64_t tabella_id, const char *key, const char *val,
                   size_t len);

#endif
