/*
 * job.h - background jobs: long work (imports, exports, validations) that
 * runs outside the HTTP request that asked for it, with progress a client
 * can poll and a result or error it can read afterwards.
 *
 * A job is a row of the `job` table (migration 0011) and a *kind*: a name
 * bound to a function in the kinds table (src/jobs/kinds.c).  The server's
 * worker pool (jobs_start) claims queued rows and runs their kind; the CLI
 * runs a kind in-process with job_run and a progress bar instead of a row.
 * docs/internals/jobs.md describes the lifecycle and how to add a kind.
 */
#ifndef AV_JOBS_JOB_H
#define AV_JOBS_JOB_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;

#define JOB_KIND_MAX 32           /* bytes of a kind name */
#define JOB_ENTE_MAX 40           /* bytes of an ente code */
#define JOB_INPUT_MAX 4096        /* bytes of a job's input JSON */
#define JOB_RESULT_MAX 65536      /* bytes of a job's result JSON */
#define JOB_ERROR_MAX 256         /* bytes of a job's error message */
#define JOB_WORKERS_MAX 16        /* threads of the worker pool */
#define JOB_POLL_SECONDS 5        /* an idle worker looks at the queue */
#define JOB_FLUSH_INTERVAL_MS 250 /* progress written at most this often */

enum job_state {
	JOB_QUEUED,
	JOB_RUNNING,
	JOB_DONE,
	JOB_FAILED,
	JOB_STATE__MAX
};

/* "queued", "running", "done", "failed" (the stored text). */
const char *job_state_name(enum job_state s);
/* The state named s, or -1. */
int job_state_parse(const char *s);
/*
 * Whether a job may go from `from` to `to`: queued -> running | failed,
 * running -> done | failed; nothing leaves done or failed.
 */
int job_transition_ok(enum job_state from, enum job_state to);

/* Progress; a total < 0 is unknown. */
struct job_progress {
	int64_t rows_done;
	int64_t rows_total;
	int64_t bytes_done;
	int64_t bytes_total;
};

/*
 * Percentage 0..100 of the progress: from rows when their total is known,
 * else from bytes; -1 when neither total is known.  A job that first reads
 * its input (bytes) and then writes rows reports rows_total only once it
 * writes, so its percentage runs through both stages in turn.
 */
int job_percent(const struct job_progress *p);
struct job_row;
/*
 * The progress to show for a job row: the worker's live copy while the
 * job runs (a running import holds the write transaction, so its row is
 * not updated meanwhile), else the row's.  Returns the percentage (100
 * once done, -1 when unknown).
 */
int job_shown_progress(const struct job_row *r, const struct job_progress *live,
                       struct job_progress *out);

/*
 * The progress throttle: a report is passed on when at least interval_ms
 * have gone by since the last one passed on (the first always is).  Pure:
 * the caller supplies the clock, so tests can drive it.
 */
struct job_throttle {
	int64_t interval_ms;
	int64_t last_ms; /* time of the last report passed on */
	int started;     /* a report was passed on */
};
/* 1 when a report at now_ms is due (and records it), else 0. */
int job_throttle_due(struct job_throttle *t, int64_t now_ms);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t job_now_ms(void);

/*
 * Where progress goes: the worker (live table + job row) or the CLI (a
 * progress bar on a terminal).  fn is called with the throttle applied,
 * and once more with final = 1 when the job ends.
 */
struct job_sink {
	void (*fn)(void *arg, const struct job_progress *p, int final);
	void *arg;
	int64_t interval_ms; /* throttle; 0 = JOB_FLUSH_INTERVAL_MS */
};

/* What a running job sees. */
struct job_ctx {
	struct db *db;           /* borrowed: the runner's connection */
	int64_t id;              /* job row, 0 when run by the CLI */
	int64_t owner_id;        /* 0: the system (CLI) */
	const char *ente;        /* borrowed; NULL for the CLI */
	const _Atomic int *stop; /* borrowed; non-zero: the server stops */
	struct job_sink sink;    /* may have fn NULL */
	struct job_throttle throttle;
	struct job_progress cur;
};

/* Zeroes ctx, sets its connection and the totals to unknown. */
void job_ctx_init(struct job_ctx *ctx, struct db *db);

/*
 * Reports progress (absolute values; a total < 0 leaves the known total as
 * it is).  Cheap: call it for every row.  Returns 0 to go on, or AV_EBUSY
 * when the server is stopping: the job should then give up, roll back its
 * work and return that code (it ends failed, "interrotto").
 */
int job_progress(struct job_ctx *ctx, int64_t rows_done, int64_t rows_total,
                 int64_t bytes_done, int64_t bytes_total);

/*
 * A kind's function.  input is the job's input object (borrowed); on
 * success *result is an owned JSON object (the job's result, at most
 * JOB_RESULT_MAX bytes once encoded).  On failure err is filled: its Italian
 * message becomes the job's error, so it must make sense to the user.
 */
typedef int job_fn(struct job_ctx *ctx, const json_t *input, json_t **result,
                   struct av_err *err);

struct job_kind {
	const char *name; /* "import_istat" */
	job_fn *run;
};

/* The kinds table (src/jobs/kinds.c). */
extern const struct job_kind job_kinds[];
extern const size_t job_kinds_count;
const struct job_kind *job_kind_find(const char *name);

/*
 * Runs kind in this thread with ctx already filled (db, owner, sink):
 * looks the kind up, calls it, sends the final progress to the sink.  The
 * CLI's way of running a job; the worker uses it too.
 */
int job_run(struct job_ctx *ctx, const char *kind, const json_t *input,
            json_t **result, struct av_err *err);

/* ---- rows (job_store.c) ---------------------------------------------- */

/* A job row as read back; owned strings freed by job_row_release. */
struct job_row {
	int64_t id;
	char kind[JOB_KIND_MAX + 1];
	enum job_state state;
	int64_t owner_id; /* 0: none */
	char ente[JOB_ENTE_MAX + 1];
	struct job_progress progress;
	char *input;                        /* owned JSON text */
	char *result;                       /* owned JSON text, or NULL */
	char *error;                        /* owned, or NULL */
	int64_t created, started, finished; /* 0: not yet */
};
void job_row_release(struct job_row *r);

/*
 * Queues a job (inside the caller's transaction, if any; call jobs_wake
 * after it commits).  An input {"path": FILE, "remove": true, ...} hands
 * FILE to the job: the pool deletes it when the job ends, however it ends,
 * and crash recovery deletes the files of the jobs it fails.  kind must be in
 * the kinds table; input an object of at most JOB_INPUT_MAX bytes.  *id
 * receives the new row's id.
 */
int job_submit(struct db *db, const char *kind, const json_t *input,
               int64_t owner_id, const char *ente, int64_t *id,
               struct av_err *err);

/*
 * job_submit for later: the job is not claimed before run_after (Unix
 * seconds; 0 or a past time = at once).  An idle worker looks at the queue
 * every JOB_POLL_SECONDS, so a job starts at most that late.  A kind that
 * wants retries with backoff re-submits itself this way; the pool never
 * retries a failed job.
 */
int job_submit_after(struct db *db, const char *kind, const json_t *input,
                     int64_t owner_id, const char *ente, int64_t run_after,
                     int64_t *id, struct av_err *err);

/* ---- recurring jobs (job_periodic.c) ---------------------------------- */

/*
 * Sets the schedule of a recurring job (kind, ente; NULL or "" ente =
 * installation-wide): from next_at (Unix seconds), a job of kind with
 * input is queued every every_seconds.  every_seconds 0 removes the row.
 * Runs in the caller's transaction, if any (audit the setting there).
 */
int job_periodic_set(struct db *db, const char *kind, const char *ente,
                     const json_t *input, int64_t every_seconds,
                     int64_t next_at, struct av_err *err);

/*
 * Queues the recurring jobs due at now: for each, next_at moves on by
 * compare-and-set and the job is inserted in the same transaction, so a
 * run is queued once whoever else looks.  A schedule that fell behind
 * (the server was down) queues one run, not the missed ones.  *queued
 * (may be NULL) receives how many.  Called by the workers.
 */
int job_periodic_queue_due(struct db *db, int64_t now, int64_t *queued,
                           struct av_err *err);

/* Reads job id; *found = 0 when there is none. */
int job_load(struct db *db, int64_t id, struct job_row *out, int *found,
             struct av_err *err);

/*
 * Takes the oldest queued job and marks it running (started = now): *found
 * = 0 when the queue is empty.  Safe against other workers: a row is
 * claimed by exactly one.
 */
int job_claim(struct db *db, int64_t now, struct job_row *out, int *found,
              struct av_err *err);

/* Writes a running job's progress (no-op for a job no longer running). */
int job_store_progress(struct db *db, int64_t id, const struct job_progress *p,
                       struct av_err *err);

/*
 * Ends a running job: done with result (JSON text) or failed with error
 * (Italian text).  Refused (AV_ECONFLICT) if the job is not running.
 */
int job_finish(struct db *db, int64_t id, enum job_state to,
               const struct job_progress *p, const char *result,
               const char *error, int64_t now, struct av_err *err);

/* Deletes the file an input hands to its job ("remove"), if any. */
void job_input_release_file(const char *input_text);

/*
 * Crash recovery, before any worker starts: every job still `running` was
 * interrupted by a stop that did not let it end; it becomes failed with
 * JOB_INTERRUPTED.  *n receives how many.
 */
#define JOB_INTERRUPTED                                                        \
	"interrotto: il server si è arrestato durante l'elaborazione; "       \
	"ripetere l'operazione"
int job_recover(struct db *db, int64_t now, int64_t *n, struct av_err *err);

/*
 * Inserts a job row already running, for a process that runs the job
 * itself (a CLI command) and wants the row as a lease others can see
 * (job_load: JOB_RUNNING); it ends it with job_finish.  No worker claims
 * it; the crash recovery of a server start fails it if it was left
 * running (on PostgreSQL only once the process's connection is gone).
 */
int job_start_here(struct db *db, const char *kind, const json_t *input,
                   int64_t owner_id, const char *ente, int64_t *id,
                   struct av_err *err);

/* ---- the worker pool (worker.c) ------------------------------------- */

/* Default pool size for this machine: one worker per two cores, 1..4. */
unsigned jobs_default_workers(void);

/*
 * Recovers interrupted jobs (job_recover, logged) and starts n workers,
 * each with its own connection to db_path.  Call once, before serving.
 */
int jobs_start(const char *db_path, unsigned n, struct av_err *err);

/*
 * Stops the pool: running jobs are asked to give up (job_progress returns
 * AV_EBUSY) and end failed; waits for the threads.  No-op if not started.
 */
void jobs_stop(void);

/* Tells the workers a job was queued (after its transaction commits). */
void jobs_wake(void);

/*
 * The in-memory progress of job id while a worker of this process runs
 * it (fresher than the row, which cannot be written while the job holds
 * the write transaction).  1 and *out filled, or 0.
 */
int jobs_live(int64_t id, struct job_progress *out);

#endif
