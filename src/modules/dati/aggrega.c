/*
 * aggrega.c - the aggregates' computation (aggrega.h): one scan of the
 * table (ds_scan), groups in a sorted array (binary search; at most
 * AGG_GROUPS_MAX), exact decimal sums.  Why in C and not GROUP BY: SQLite
 * has no exact decimal type (its SUM of text is floating point), and the
 * two backends must give the same digits.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/dati/aggrega.h"

#define AGG_INT_DIGITS 24 /* integer digits of a value (fits __int128) */

int
agg_parse_decimal(const char *s, size_t n, __int128 *out)
{
	__int128 v = 0;
	size_t i = 0, idig = 0;
	int neg = 0, dec = -1;

	if (n > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (s[i] == '.' && dec < 0 && idig > 0) {
			dec = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (dec < 0) {
			if (++idig > AGG_INT_DIGITS)
				return -1;
			v = v * 10 + (s[i] - '0');
		} else if (dec < AGG_SCALE_DIGITS) {
			v = v * 10 + (s[i] - '0');
			dec++;
		}
	}
	if (dec == 0)
		return -1; /* "5." */
	for (dec = dec < 0 ? 0 : dec; dec < AGG_SCALE_DIGITS; dec++)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

void
agg_format_decimal(__int128 v, char *buf, size_t n)
{
	char tmp[64];
	int len = 0, neg = v < 0, i, frac_end;
	size_t o = 0;
	unsigned __int128 u =
	    neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;

	do {
		tmp[len++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u > 0 || len <= AGG_SCALE_DIGITS);
	/* tmp is reversed: tmp[0..8] the decimals, the rest the integer */
	frac_end = 0;
	while (frac_end < AGG_SCALE_DIGITS && tmp[frac_end] == '0')
		frac_end++;
	if (neg && o + 1 < n)
		buf[o++] = '-';
	for (i = len - 1; i >= AGG_SCALE_DIGITS && o + 1 < n; i--)
		buf[o++] = tmp[i];
	if (frac_end < AGG_SCALE_DIGITS && o + 1 < n)
		buf[o++] = '.';
	for (i = AGG_SCALE_DIGITS - 1; i >= frac_end && o + 1 < n; i--)
		buf[o++] = tmp[i];
	buf[o] = '\0';
}

struct agg_scan {
	const struct agg_metric *m;
	int nm;
	int grouped;
	struct agg_result *r;
	struct av_err *err;
};

static int
group_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The group of value v, inserted in order when new; NULL past the cap. */
static struct agg_group *
group_of(struct agg_result *r, const char *v)
{
	size_t lo = 0, hi = r->ngroups;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = group_cmp(r->groups[mid].value, v);

		if (c == 0)
			return &r->groups[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (r->ngroups >= AGG_GROUPS_MAX)
		return NULL;
	if (r->ngroups == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->groups = xrealloc(r->groups, r->cap * sizeof(*r->groups));
	}
	memmove(&r->groups[lo + 1], &r->groups[lo],
	        (r->ngroups - lo) * sizeof(*r->groups));
	memset(&r->groups[lo], 0, sizeof(*r->groups));
	r->groups[lo].value = v != NULL ? xstrdup(v) : NULL;
	r->ngroups++;
	return &r->groups[lo];
}

static int
numeric(const struct ds_field *f)
{
	return strcmp(f->tipo, "integer") == 0 ||
	       strcmp(f->tipo, "number") == 0;
}

/* min/max: numeric fields compare by value, the others as text. */
static int
value_less(const struct ds_field *f, const char *a, const char *b)
{
	__int128 x, y;

	if (numeric(f) && agg_parse_decimal(a, strlen(a), &x) == 0 &&
	    agg_parse_decimal(b, strlen(b), &y) == 0)
		return x < y;
	return strcmp(a, b) < 0;
}

static void
keep(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int
on_row(void *arg, struct db_cursor *c)
{
	struct agg_scan *s = arg;
	struct agg_group *g =
	    group_of(s->r, s->grouped ? db_col_text(c, 0) : "");
	int i;

	if (g == NULL) {
		av_fail(s->err, AV_EUNPROC, "group_by",
		        "Troppi gruppi: al massimo %d valori distinti.",
		        AGG_GROUPS_MAX);
		return 1;
	}
	g->count++;
	for (i = 0; i < s->nm; i++) {
		const char *v = db_col_text(c, i + 1);
		struct agg_acc *a = &g->acc[i];
		__int128 x;

		if (v == NULL)
			continue;
		switch (s->m[i].op) {
		case AGG_SUM:
		case AGG_AVG:
			/* a value that is not a number is left out */
			if (agg_parse_decimal(v, strlen(v), &x) == 0) {
				a->sum += x;
				a->n++;
			}
			break;
		case AGG_MIN:
			if (a->min == NULL || value_less(s->m[i].f, v, a->min))
				keep(&a->min, v);
			break;
		case AGG_MAX:
			if (a->max == NULL || value_less(s->m[i].f, a->max, v))
				keep(&a->max, v);
			break;
		}
	}
	return 0;
}

int
agg_run(struct db *db, const struct ds_table *t, const struct ds_query *q,
        const struct ds_field *group, const struct agg_metric *m, int nm,
        struct agg_result *r, struct av_err *err)
{
	struct agg_scan s = {m, nm, group != NULL, r, err};
	int cols[AGG_METRICS_MAX], i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < nm; i++)
		cols[i] = m[i].f->pos;
	return ds_scan(db, t, q, group != NULL ? group->pos : 0, cols, nm,
	               on_row, &s, err);
}

void
agg_result_free(struct agg_result *r, int nm)
{
	size_t g;
	int i;

	for (g = 0; g < r->ngroups; g++) {
		free(r->groups[g].value);
		for (i = 0; i < nm; i++) {
			free(r->groups[g].acc[i].min);
			free(r->groups[g].acc[i].max);
		}
	}
	free(r->groups);
	memset(r, 0, sizeof(*r));
}
