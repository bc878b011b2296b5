/*
 * metrics.c - counters by route and status and one latency histogram.
 *
 * Fixed-size arrays of relaxed atomics: no allocation, no lock, good enough
 * for a scrape every few seconds.  Statuses outside the known list are
 * counted as "other".
 */
#include <stdio.h>
#include <string.h>

#include "http/cache.h"
#include "http/metrics.h"
#include "http/router.h"

#define METRICS_ROUTES_MAX 512
#define ROW_STATIC METRICS_ROUTES_MAX
#define ROW_UNMATCHED (METRICS_ROUTES_MAX + 1)

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405,
                               409, 413, 414, 415, 429, 431, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Upper bounds in microseconds of the histogram buckets. */
static const uint64_t bounds_us[] = {100,    250,    500,     1000,   2500,
                                     5000,   10000,  25000,   50000,  100000,
                                     250000, 500000, 1000000, 5000000};
#define NBOUNDS (sizeof(bounds_us) / sizeof(bounds_us[0]))

static uint64_t counts[METRICS_ROUTES_MAX + 2][NSTATUS + 1];
static uint64_t hist[NBOUNDS + 1];
static uint64_t hist_sum_us;
static uint64_t hist_count;

void
metrics_record(int route_index, int status, uint64_t micros)
{
	size_t row, col, b;

	if (route_index >= 0 && route_index < METRICS_ROUTES_MAX)
		row = (size_t)route_index;
	else if (route_index == -1)
		row = ROW_STATIC;
	else
		row = ROW_UNMATCHED;
	for (col = 0; col < NSTATUS && statuses[col] != status; col++)
		;
	__atomic_fetch_add(&counts[row][col], 1, __ATOMIC_RELAXED);
	for (b = 0; b < NBOUNDS && micros > bounds_us[b]; b++)
		;
	__atomic_fetch_add(&hist[b], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&hist_sum_us, micros, __ATOMIC_RELAXED);
	__atomic_fetch_add(&hist_count, 1, __ATOMIC_RELAXED);
}

static void
render_row(struct sbuf *out, size_t row, const char *method, const char *route)
{
	size_t col;

	for (col = 0; col <= NSTATUS; col++) {
		uint64_t v =
		    __atomic_load_n(&counts[row][col], __ATOMIC_RELAXED);
		char status[8];

		if (v == 0)
			continue;
		if (col < NSTATUS)
			snprintf(status, sizeof(status), "%d", statuses[col]);
		else
			snprintf(status, sizeof(status), "other");
		sbuf_addf(out,
		          "areavasta_http_requests_total{method=\"%s\","
		          "route=\"%s\",status=\"%s\"} %llu\n",
		          method, route, status, (unsigned long long)v);
	}
}

void
metrics_render(struct sbuf *out, int64_t db_bytes)
{
	size_t i, b;
	uint64_t cum = 0;

	sbuf_addstr(out, "# HELP areavasta_http_requests_total HTTP requests"
	                 " by route and status.\n"
	                 "# TYPE areavasta_http_requests_total counter\n");
	for (i = 0; i < router_count() && i < METRICS_ROUTES_MAX; i++) {
		const struct route *r = router_get(i);

		render_row(out, i, http_method_name(r->method), r->pattern);
	}
	render_row(out, ROW_STATIC, "GET", "static");
	render_row(out, ROW_UNMATCHED, "any", "unmatched");
	sbuf_addstr(out,
	            "# HELP areavasta_http_request_duration_seconds Time from"
	            " request start to completion.\n"
	            "# TYPE areavasta_http_request_duration_seconds"
	            " histogram\n");
	for (b = 0; b <= NBOUNDS; b++) {
		cum += __atomic_load_n(&hist[b], __ATOMIC_RELAXED);
		if (b < NBOUNDS)
			sbuf_addf(out,
			          "areavasta_http_request_duration_seconds_"
			          "bucket{le=\"%llu.%06llu\"} %llu\n",
			          (unsigned long long)(bounds_us[b] / 1000000),
			          (unsigned long long)(bounds_us[b] % 1000000),
			          (unsigned long long)cum);
		else
			sbuf_addf(out,
			          "areavasta_http_request_duration_seconds_"
			          "bucket{le=\"+Inf\"} %llu\n",
			          (unsigned long long)cum);
	}
	{
		uint64_t sum = __atomic_load_n(&hist_sum_us, __ATOMIC_RELAXED);

		sbuf_addf(out,
		          "areavasta_http_request_duration_seconds_sum "
		          "%llu.%06llu\n"
		          "areavasta_http_request_duration_seconds_count "
		          "%llu\n",
		          (unsigned long long)(sum / 1000000),
		          (unsigned long long)(sum % 1000000),
		          (unsigned long long)__atomic_load_n(
		              &hist_count, __ATOMIC_RELAXED));
	}
	{
		uint64_t hits, misses;
		size_t bytes, entries;

		cache_stats(&hits, &misses, &bytes, &entries);
		sbuf_addf(
		    out,
		    "# HELP areavasta_cache_lookups_total Answer cache"
		    " lookups of cached routes, by result.\n"
		    "# TYPE areavasta_cache_lookups_total counter\n"
		    "areavasta_cache_lookups_total{result=\"hit\"} %llu\n"
		    "areavasta_cache_lookups_total{result=\"miss\"}"
		    " %llu\n"
		    "# HELP areavasta_cache_bytes Bytes held by the answer"
		    " cache.\n# TYPE areavasta_cache_bytes gauge\n"
		    "areavasta_cache_bytes %zu\n"
		    "# HELP areavasta_cache_entries Answers held.\n"
		    "# TYPE areavasta_cache_entries gauge\n"
		    "areavasta_cache_entries %zu\n",
		    (unsigned long long)hits, (unsigned long long)misses, bytes,
		    entries);
	}
	if (db_bytes >= 0)
		sbuf_addf(out,
		          "# HELP areavasta_db_size_bytes Size of the database"
		          " file.\n# TYPE areavasta_db_size_bytes gauge\n"
		          "areavasta_db_size_bytes %lld\n",
		          (long long)db_bytes);
}

void
metrics_reset(void)
{
	memset(counts, 0, sizeof(counts));
	memset(hist, 0, sizeof(hist));
	hist_sum_us = 0;
	hist_count = 0;
}
