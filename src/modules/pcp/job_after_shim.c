/*
 * job_after_shim.c - TEMPORARY stand-in for the lead's job_submit_after
 * (src/jobs, migration 0045) until it lands on main: weak, so the real
 * one replaces it at link time.  Queues at once what is due within a few
 * seconds, drops later runs (the lifecycle's watchdog covers them).
 */
#include <time.h>

#include "jobs/job.h"

int job_submit_after(struct db *db, const char *kind, const json_t *input,
                     int64_t owner_id, const char *ente, int64_t run_after,
                     int64_t *id, struct av_err *err)
    __attribute__((weak));

int
job_submit_after(struct db *db, const char *kind, const json_t *input,
                 int64_t owner_id, const char *ente, int64_t run_after,
                 int64_t *id, struct av_err *err)
{
	if (run_after > (int64_t)time(NULL) + 3) {
		*id = 0;
		return AV_OK;
	}
	return job_submit(db, kind, input, owner_id, ente, id, err);
}
