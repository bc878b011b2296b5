/*
 * job_sql.c - every SQL text of the jobs module.  State changes carry the
 * state they leave in their WHERE clause, so a row moves only along the
 * transitions of job_transition_ok, whoever else touches it.
 */
#include "jobs/job_sql.h"

/*
 * On PostgreSQL several nodes share the queue.  A claim skips rows another
 * node is claiming (FOR UPDATE SKIP LOCKED) and takes a session advisory
 * lock (JOB_LOCK_CLASS, id) on the worker's connection, held while the job
 * runs: if the node dies, its connection ends and the lock goes with it.
 * Recovery then fails only the running jobs whose lock it can take, never
 * those another live node is running.  SQLite has one writer process.
 */
#define JOB_LOCK_CLASS "1635142210" /* 'avJB' */
#define JOB_LOCK_KEY "pg_advisory_lock(" JOB_LOCK_CLASS ", CAST(id AS INTEGER))"
#define JOB_ORPHAN                                                             \
	" AND pg_try_advisory_lock(" JOB_LOCK_CLASS ", CAST(id AS INTEGER))"

/* 0 id, 1 kind, 2 state, 3 owner_id, 4 ente, 5 rows_done, 6 rows_total,
 * 7 bytes_done, 8 bytes_total, 9 input, 10 result, 11 error, 12 created,
 * 13 started, 14 finished */
#define JOB_COLS                                                               \
	"SELECT id, kind, state, owner_id, ente, rows_done, rows_total,"       \
	" bytes_done, bytes_total, input, result, error, created, started,"    \
	" finished FROM job"

const struct sql_def job_sql[Q_JOB__MAX] = {
    [Q_JOB_INSERT] = {"job_insert", 6,
                      "INSERT INTO job (kind, state, input, owner_id, ente,"
                      " created, run_after)"
                      " VALUES ($1, 'queued', $2, $3, $4, $5, $6)"
                      " RETURNING id"},
    [Q_JOB_GET] = {"job_get", 1, JOB_COLS " WHERE id = $1"},
    [Q_JOB_CLAIM] = {"job_claim", 1,
                     "UPDATE job SET state = 'running', started = $1"
                     " WHERE state = 'queued' AND id = (SELECT MIN(id)"
                     " FROM job WHERE state = 'queued' AND run_after <= $1)"
                     " RETURNING id",
                     "UPDATE job SET state = 'running', started = $1"
                     " WHERE id = (SELECT id FROM job WHERE state = 'queued'"
                     " AND run_after <= $1"
                     " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                     " RETURNING id, " JOB_LOCK_KEY},
    [Q_JOB_PROGRESS] = {"job_progress", 5,
                        "UPDATE job SET rows_done = $2, rows_total = $3,"
                        " bytes_done = $4, bytes_total = $5"
                        " WHERE id = $1 AND state = 'running'"},
    [Q_JOB_FINISH] = {"job_finish", 9,
                      "UPDATE job SET state = $2, rows_done = $3,"
                      " rows_total = $4, bytes_done = $5, bytes_total = $6,"
                      " result = $7, error = $8, finished = $9"
                      " WHERE id = $1 AND state = 'running'",
                      "UPDATE job SET state = $2, rows_done = $3,"
                      " rows_total = $4, bytes_done = $5, bytes_total = $6,"
                      " result = $7, error = $8, finished = $9"
                      " WHERE id = $1 AND state = 'running'"
                      " RETURNING pg_advisory_unlock(" JOB_LOCK_CLASS ","
                      " CAST(id AS INTEGER))"},
    [Q_JOB_RECOVER] = {"job_recover", 2,
                       "UPDATE job SET state = 'failed', error = $1,"
                       " finished = $2 WHERE state = 'running'",
                       "UPDATE job SET state = 'failed', error = $1,"
                       " finished = $2 WHERE state = 'running'" JOB_ORPHAN},
    [Q_JOB_RUNNING] =
        {"job_running", 0, "SELECT input FROM job WHERE state = 'running'",
         "SELECT input FROM job WHERE state = 'running'" JOB_ORPHAN},
    /* The orphans' locks taken by recovery go back (no-op on SQLite). */
    [Q_JOB_RECOVERED] = {"job_recovered", 0, "SELECT 1",
                         "SELECT pg_advisory_unlock_all()"},
    [Q_JOB_PERIODIC_SET] =
        {"job_periodic_set", 5,
         "INSERT INTO job_periodic (kind, ente, input, every_seconds, next_at)"
         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, ente) DO UPDATE"
         " SET input = excluded.input, every_seconds = excluded.every_seconds,"
         " next_at = excluded.next_at"},
    [Q_JOB_PERIODIC_DELETE] = {"job_periodic_delete", 2,
                               "DELETE FROM job_periodic"
                               " WHERE kind = $1 AND ente = $2"},
    [Q_JOB_PERIODIC_DUE] = {"job_periodic_due", 1,
                            "SELECT kind, ente, input, every_seconds, next_at"
                            " FROM job_periodic WHERE next_at <= $1"
                            " ORDER BY next_at, kind, ente LIMIT 16"},
    [Q_JOB_PERIODIC_ADVANCE] = {"job_periodic_advance", 4,
                                "UPDATE job_periodic SET next_at = $4"
                                " WHERE kind = $1 AND ente = $2"
                                " AND next_at = $3"},
    [Q_JOB_PERIODIC_QUEUED] = {"job_periodic_queued", 3,
                               "UPDATE job_periodic SET last_job_id = $3"
                               " WHERE kind = $1 AND ente = $2"},
    /* A job its own process runs (job_here.c); on PostgreSQL it holds
       the row's advisory lock as a claim does, so recovery leaves it
       alone while that process lives. */
    [Q_JOB_INSERT_RUNNING] =
        {"job_insert_running", 5,
         "INSERT INTO job (kind, state, input, owner_id, ente, created,"
         " run_after, started) VALUES ($1, 'running', $2, $3, $4, $5, $5, $5)"
         " RETURNING id",
         "INSERT INTO job (kind, state, input, owner_id, ente, created,"
         " run_after, started) VALUES ($1, 'running', $2, $3, $4, $5, $5, $5)"
         " RETURNING id, " JOB_LOCK_KEY},
};

const size_t job_sql_count = sizeof(job_sql) / sizeof(job_sql[0]);
