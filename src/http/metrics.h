/*
 * metrics.h - request counters and a latency histogram for GET /metrics
 * (Prometheus text format).  Updated lock-free from every pool thread.
 */
#ifndef AV_METRICS_H
#define AV_METRICS_H

#include <stdint.h>

#include "core/sbuf.h"

/* route_index: a router index, -1 for static files, -2 for unmatched. */
void metrics_record(int route_index, int status, uint64_t micros);
/* Appends the exposition text; db_bytes < 0 omits the DB size. */
void metrics_render(struct sbuf *out, int64_t db_bytes);
void metrics_reset(void);

#endif
