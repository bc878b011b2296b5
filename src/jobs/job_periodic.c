/*
 * job_periodic.c - recurring jobs: a schedule row per (kind, ente) in
 * job_periodic, turned into ordinary queued jobs by the workers when due.
 *
 * Why rows and not timers: the schedule must survive restarts and be
 * shared by every node on PostgreSQL.  Each run is queued by the worker
 * that first moves next_at on (compare-and-set on the old value) in the
 * same transaction as the job's insert; a worker that loses the race
 * changes nothing.  The queued job then runs as any other (progress,
 * result, crash recovery).
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "jobs/job.h"
#include "jobs/job_sql.h"

int
job_periodic_set(struct db *db, const char *kind, const char *ente,
                 const json_t *input, int64_t every_seconds, int64_t next_at,
                 struct av_err *err)
{
	const char *e = ente != NULL ? ente : "";
	char *text;
	int rc;

	if (job_kind_find(kind) == NULL || every_seconds < 0)
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	if (every_seconds == 0) {
		struct db_param d[] = {P_TEXT(kind), P_TEXT(e)};

		return db_exec(db, &job_sql[Q_JOB_PERIODIC_DELETE], d, 2, NULL,
		               err);
	}
	if (!json_is_object(input) || json_object_get(input, "path") != NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	text = json_dumps(input, JSON_COMPACT);
	if (text == NULL || strlen(text) > JOB_INPUT_MAX) {
		free(text);
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	}
	struct db_param p[] = {P_TEXT(kind), P_TEXT(e), P_TEXT(text),
	                       P_I64(every_seconds), P_I64(next_at)};
	rc = db_exec(db, &job_sql[Q_JOB_PERIODIC_SET], p, 5, NULL, err);
	free(text);
	return rc;
}

/* One due schedule row, copied out of the cursor. */
struct due {
	char kind[64];
	char ente[64];
	char *input;
	int64_t every, next_at;
};

/* The next run after now: the following slot, or now + every when the
 * schedule fell behind (one catch-up run, not one per missed slot). */
static int64_t
next_run(const struct due *d, int64_t now)
{
	int64_t n = d->next_at + d->every;

	return n > now ? n : now + d->every;
}

/* Queues one due row, in its own transaction; *queued += 1 if this worker
 * won the compare-and-set. */
static int
queue_one(struct db *db, const struct due *d, int64_t now, int64_t *queued,
          struct av_err *err)
{
	struct db_param adv[] = {P_TEXT(d->kind), P_TEXT(d->ente),
	                         P_I64(d->next_at), P_I64(next_run(d, now))};
	json_t *input;
	int64_t changes = 0, id = 0;
	int rc;

	input = json_loads(d->input, 0, NULL);
	if (input == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	rc = db_tx_begin(db, err);
	if (rc == AV_OK)
		rc = db_exec(db, &job_sql[Q_JOB_PERIODIC_ADVANCE], adv, 4,
		             &changes, err);
	if (rc == AV_OK && changes == 1)
		rc = job_submit(db, d->kind, input, 0,
		                d->ente[0] ? d->ente : NULL, &id, err);
	if (rc == AV_OK && changes == 1) {
		struct db_param q[] = {P_TEXT(d->kind), P_TEXT(d->ente),
		                       P_I64(id)};

		rc = db_exec(db, &job_sql[Q_JOB_PERIODIC_QUEUED], q, 3, NULL,
		             err);
	}
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	else
		db_tx_rollback(db);
	if (rc == AV_OK && changes == 1 && queued != NULL)
		(*queued)++;
	json_decref(input);
	return rc;
}

int
job_periodic_queue_due(struct db *db, int64_t now, int64_t *queued,
                       struct av_err *err)
{
	struct db_param p[] = {P_I64(now)};
	struct db_cursor *c = NULL;
	struct due due[16];
	size_t n = 0, i;
	int rc, r;

	if (queued != NULL)
		*queued = 0;
	rc = db_query(db, &job_sql[Q_JOB_PERIODIC_DUE], p, 1, &c, err);
	while (rc == AV_OK && n < 16) {
		const char *k, *e, *in;

		r = db_next(c, err);
		if (r < 0)
			rc = err->code;
		if (r <= 0)
			break;
		k = db_col_text(c, 0);
		e = db_col_text(c, 1);
		in = db_col_text(c, 2);
		if (k == NULL || strlen(k) >= sizeof(due[n].kind) ||
		    e == NULL || strlen(e) >= sizeof(due[n].ente) ||
		    in == NULL || db_col_i64(c, 3) <= 0)
			continue; /* not a row job_periodic_set writes */
		memcpy(due[n].kind, k, strlen(k) + 1);
		memcpy(due[n].ente, e, strlen(e) + 1);
		due[n].input = xstrdup(in);
		due[n].every = db_col_i64(c, 3);
		due[n].next_at = db_col_i64(c, 4);
		n++;
	}
	db_cursor_close(c);
	for (i = 0; i < n; i++) {
		if (rc == AV_OK)
			rc = queue_one(db, &due[i], now, queued, err);
		free(due[i].input);
	}
	return rc;
}
