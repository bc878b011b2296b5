/*
 * worker.c - the server's job pool: a few threads, each with its own
 * database connection, that claim queued jobs one at a time and run them.
 *
 * Progress goes two ways.  A table in memory (one slot per worker) always
 * holds the latest throttled report, and GET /api/v1/jobs/{id} reads it: a
 * job inside its own write transaction (an import is atomic) cannot write
 * its row, since the row would only change when the transaction commits.
 * Outside a transaction the worker also writes the report to the row, so
 * that the last known progress survives the process.
 *
 * Workers sleep on a condition variable, holding no database connection;
 * jobs_wake() (called by a handler after the transaction that queued a
 * job commits) rouses them, and each looks at the queue until it is empty.
 * At start every worker looks once, so jobs queued before a restart run.
 * Each look also queues the recurring jobs that fell due (job_periodic.c),
 * and claims only jobs whose run_after has come (job_submit_after).
 * Jobs are queued by this process only: a job inserted by another process
 * would wait for the next wake.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "jobs/job.h"

#define JOB_RETRY_SECONDS 2 /* after the queue could not be read */
#define JOB_STOPPED                                                            \
	"interrotto: il server è stato arrestato durante l'elaborazione; "    \
	"ripetere l'operazione"

struct live_slot {
	int64_t id; /* 0: free */
	struct job_progress p;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th[JOB_WORKERS_MAX];
	unsigned n;
	int started;
	_Atomic int stop;
	uint64_t seq;  /* wakes so far */
	char *db_path; /* owned */
	struct live_slot live[JOB_WORKERS_MAX];
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

/* What the sink of one worker needs. */
struct worker {
	unsigned slot;
	struct db *db;
	int64_t job_id;
};

unsigned
jobs_default_workers(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	long n = cores / 2;

	if (n < 1)
		n = 1;
	if (n > 4)
		n = 4;
	return (unsigned)n;
}

static void logf_msg(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
logf_msg(const char *level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(level, msg);
}

static void
live_set(unsigned slot, int64_t id, const struct job_progress *p)
{
	pthread_mutex_lock(&pool.mu);
	pool.live[slot].id = id;
	if (p != NULL)
		pool.live[slot].p = *p;
	pthread_mutex_unlock(&pool.mu);
}

int
jobs_live(int64_t id, struct job_progress *out)
{
	unsigned i;
	int found = 0;

	pthread_mutex_lock(&pool.mu);
	for (i = 0; i < JOB_WORKERS_MAX && !found; i++) {
		if (id > 0 && pool.live[i].id == id) {
			*out = pool.live[i].p;
			found = 1;
		}
	}
	pthread_mutex_unlock(&pool.mu);
	return found;
}

static void
worker_sink(void *arg, const struct job_progress *p, int final)
{
	struct worker *w = arg;
	struct av_err ignored = AV_ERR_INIT;

	live_set(w->slot, w->job_id, p);
	/* Inside the job's transaction the write would wait for its commit. */
	if (!final && !db_in_tx(w->db))
		(void)job_store_progress(w->db, w->job_id, p, &ignored);
}

/* Runs a claimed job to its end and records the end. */
static void
run_one(struct worker *w, struct job_row *row)
{
	struct av_err err = AV_ERR_INIT, ferr = AV_ERR_INIT;
	struct job_ctx ctx;
	json_t *input, *result = NULL;
	char *text = NULL;
	const char *msg = NULL;
	int rc;

	w->job_id = row->id;
	job_ctx_init(&ctx, w->db);
	ctx.id = row->id;
	ctx.owner_id = row->owner_id;
	ctx.ente = row->ente[0] != '\0' ? row->ente : NULL;
	ctx.stop = &pool.stop;
	ctx.sink.fn = worker_sink;
	ctx.sink.arg = w;
	live_set(w->slot, row->id, &ctx.cur);
	input = json_loads(row->input != NULL ? row->input : "", 0, NULL);
	rc = job_run(&ctx, row->kind, input, &result, &err);
	json_decref(input);
	job_input_release_file(row->input);
	if (db_in_tx(w->db)) {
		/* A kind must end its transaction; do not let it leak. */
		logf_msg("error", "job %lld (%s) left a transaction open",
		         (long long)row->id, row->kind);
		db_tx_rollback(w->db);
	}
	if (rc == AV_OK) {
		text = json_dumps(result, JSON_COMPACT);
		if (text == NULL || strlen(text) > JOB_RESULT_MAX) {
			rc = av_fail(&err, AV_EINTERNAL, NULL,
			             "risultato troppo grande");
			free(text);
			text = NULL;
		}
	}
	json_decref(result);
	if (rc != AV_OK) {
		msg = rc == AV_EBUSY && atomic_load(&pool.stop) ? JOB_STOPPED
		                                                : err.msg;
		logf_msg("warn", "job %lld (%s) failed: %s%s%s",
		         (long long)row->id, row->kind, err.msg,
		         err.detail[0] ? " - " : "", err.detail);
	}
	if (job_finish(w->db, row->id, rc == AV_OK ? JOB_DONE : JOB_FAILED,
	               &ctx.cur, text, msg, (int64_t)time(NULL),
	               &ferr) != AV_OK)
		logf_msg("error", "job %lld: cannot record its end: %s",
		         (long long)row->id, ferr.detail);
	free(text);
	live_set(w->slot, 0, NULL);
}

/*
 * Runs queued jobs until there are none, on a connection opened for the
 * purpose: an idle worker holds no connection (SQLite checkpoints and
 * removes the WAL when its last connection closes; tools copying the file
 * rely on that).  0, or -1 when the queue could not be read (retry later).
 */
static int
drain(struct worker *w)
{
	struct av_err err = AV_ERR_INIT;
	struct job_row row;
	int found = 1, rc = 0;

	if (db_open(pool.db_path, &w->db, &err) != AV_OK) {
		logf_msg("error", "job worker: cannot open the database: %s",
		         err.detail);
		return -1;
	}
	/* Recurring jobs first: what falls due joins the queue drained below.
	 */
	if (job_periodic_queue_due(w->db, (int64_t)time(NULL), NULL, &err) !=
	        AV_OK &&
	    err.code != AV_EBUSY)
		logf_msg("error", "job worker: cannot queue recurring jobs: %s",
		         err.detail);
	while (found && !atomic_load(&pool.stop)) {
		av_err_clear(&err);
		found = 0;
		if (job_claim(w->db, (int64_t)time(NULL), &row, &found, &err) !=
		    AV_OK) {
			if (err.code != AV_EBUSY)
				logf_msg("error",
				         "job worker: cannot claim: %s",
				         err.detail);
			rc = -1;
			break;
		}
		if (found) {
			run_one(w, &row);
			job_row_release(&row);
		}
	}
	db_close(w->db);
	w->db = NULL;
	return rc;
}

static void *
worker_main(void *arg)
{
	struct worker w;
	struct timespec until;
	uint64_t seen;
	int retry = 0;

	memset(&w, 0, sizeof(w));
	w.slot = (unsigned)(uintptr_t)arg;
	pthread_mutex_lock(&pool.mu);
	seen = pool.seq - 1; /* look once at start: jobs queued before */
	pthread_mutex_unlock(&pool.mu);
	for (;;) {
		pthread_mutex_lock(&pool.mu);
		/*
		 * Woken by this process's job_submit; otherwise a look at
		 * the queue every few seconds finds what another process
		 * (a CLI, another node) queued.
		 */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += retry ? JOB_RETRY_SECONDS : JOB_POLL_SECONDS;
		while (!atomic_load(&pool.stop) && pool.seq == seen)
			if (pthread_cond_timedwait(&pool.cv, &pool.mu,
			                           &until) != 0)
				break; /* time to look again */
		seen = pool.seq;
		pthread_mutex_unlock(&pool.mu);
		if (atomic_load(&pool.stop))
			break;
		retry = drain(&w) != 0;
	}
	return NULL;
}

int
jobs_start(const char *db_path, unsigned n, struct av_err *err)
{
	struct db *db = NULL;
	int64_t recovered = 0;
	unsigned i;

	if (pool.started)
		AV_BUG("jobs_start called twice");
	if (n < 1 || n > JOB_WORKERS_MAX)
		return av_fail(err, AV_EINVAL, "job-workers",
		               "--job-workers vuole un numero tra 1 e %d",
		               JOB_WORKERS_MAX);
	if (db_open(db_path, &db, err) != AV_OK ||
	    job_recover(db, (int64_t)time(NULL), &recovered, err) != AV_OK) {
		db_close(db);
		return err->code;
	}
	db_close(db);
	if (recovered > 0)
		logf_msg("warn",
		         "%lld job(s) left running by a previous stop marked"
		         " failed (interrupted)",
		         (long long)recovered);
	pool.db_path = xstrdup(db_path);
	atomic_store(&pool.stop, 0);
	for (i = 0; i < n; i++) {
		if (pthread_create(&pool.th[i], NULL, worker_main,
		                   (void *)(uintptr_t)i) != 0) {
			pool.n = i;
			pool.started = 1;
			jobs_stop();
			return av_fail(err, AV_EINTERNAL, NULL,
			               "impossibile avviare i thread delle"
			               " elaborazioni");
		}
	}
	pool.n = n;
	pool.started = 1;
	return AV_OK;
}

void
jobs_stop(void)
{
	unsigned i;

	if (!pool.started)
		return;
	pthread_mutex_lock(&pool.mu);
	atomic_store(&pool.stop, 1);
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	for (i = 0; i < pool.n; i++)
		pthread_join(pool.th[i], NULL);
	pool.n = 0;
	pool.started = 0;
	free(pool.db_path);
	pool.db_path = NULL;
}

void
jobs_wake(void)
{
	pthread_mutex_lock(&pool.mu);
	pool.seq++;
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
}
