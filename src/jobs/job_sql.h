/*
 * job_sql.h - the jobs module's SQL statements (ARCHITECTURE.md 3.7).
 */
#ifndef AV_JOB_SQL_H
#define AV_JOB_SQL_H

#include "db/db.h"

enum job_q {
	Q_JOB_INSERT,   /* kind, input, owner, ente, created, run_after -> id */
	Q_JOB_GET,      /* the row of id $1 (columns: see JOB_COLS) */
	Q_JOB_CLAIM,    /* oldest queued due at $1 -> running; RETURNING id */
	Q_JOB_PROGRESS, /* id, rows_done, rows_total, bytes_done, bytes_total */
	Q_JOB_FINISH,   /* id, state, progress x4, result, error, finished */
	Q_JOB_RECOVER,  /* running -> failed with $1 at $2 */
	Q_JOB_RUNNING,  /* input of every running job (orphaned, on PG) */
	Q_JOB_RECOVERED,        /* releases the locks recovery took */
	Q_JOB_PERIODIC_SET,     /* kind, ente, input, every, next_at: upsert */
	Q_JOB_PERIODIC_DELETE,  /* kind, ente */
	Q_JOB_PERIODIC_DUE,     /* rows with next_at <= $1, at most 16 */
	Q_JOB_PERIODIC_ADVANCE, /* kind, ente, old next_at, new next_at (CAS) */
	Q_JOB_PERIODIC_QUEUED,  /* kind, ente, the job queued */
	Q_JOB_INSERT_RUNNING,   /* kind, input, owner, ente, now -> id */
	Q_JOB__MAX
};

extern const struct sql_def job_sql[Q_JOB__MAX];
extern const size_t job_sql_count;

#endif
