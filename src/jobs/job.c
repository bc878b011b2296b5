/*
 * job.c - the parts of a job that need no database and no thread: states
 * and their transitions, the progress throttle and percentage, and
 * job_run, which calls a kind's function with a progress sink.  Kept apart
 * from the store and the pool so unit tests can drive them directly.
 */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "jobs/job.h"

static const char *const state_names[JOB_STATE__MAX] = {
    [JOB_QUEUED] = "queued",
    [JOB_RUNNING] = "running",
    [JOB_DONE] = "done",
    [JOB_FAILED] = "failed",
};

const char *
job_state_name(enum job_state s)
{
	return (unsigned)s < JOB_STATE__MAX ? state_names[s] : "?";
}

int
job_state_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < JOB_STATE__MAX; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

int
job_transition_ok(enum job_state from, enum job_state to)
{
	switch (from) {
	case JOB_QUEUED:
		/* Failed without running: unknown kind, bad input. */
		return to == JOB_RUNNING || to == JOB_FAILED;
	case JOB_RUNNING:
		return to == JOB_DONE || to == JOB_FAILED;
	case JOB_DONE:
	case JOB_FAILED:
	case JOB_STATE__MAX:
		break;
	}
	return 0;
}

int
job_percent(const struct job_progress *p)
{
	int64_t done, total, pct;

	/*
	 * Rows first: a job that reads its input and then writes rows knows
	 * rows_total only in its second stage, which is the later one.
	 */
	if (p->rows_total >= 0) {
		done = p->rows_done;
		total = p->rows_total;
	} else if (p->bytes_total >= 0) {
		done = p->bytes_done;
		total = p->bytes_total;
	} else {
		return -1;
	}
	if (total == 0 || done >= total)
		return 100;
	if (done <= 0)
		return 0;
	/* 0 < done < total: done * 100 may overflow, so divide first. */
	if (done > INT64_MAX / 100)
		pct = done / (total / 100);
	else
		pct = done * 100 / total;
	return pct > 99 ? 99 : (int)pct; /* 100 only once done */
}

int
job_throttle_due(struct job_throttle *t, int64_t now_ms)
{
	if (t->started && now_ms - t->last_ms < t->interval_ms)
		return 0;
	t->started = 1;
	t->last_ms = now_ms;
	return 1;
}

int64_t
job_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
job_progress(struct job_ctx *ctx, int64_t rows_done, int64_t rows_total,
             int64_t bytes_done, int64_t bytes_total)
{
	ctx->cur.rows_done = rows_done;
	ctx->cur.bytes_done = bytes_done;
	if (rows_total >= 0)
		ctx->cur.rows_total = rows_total;
	if (bytes_total >= 0)
		ctx->cur.bytes_total = bytes_total;
	if (ctx->stop != NULL && atomic_load(ctx->stop))
		return AV_EBUSY;
	if (ctx->sink.fn != NULL &&
	    job_throttle_due(&ctx->throttle, job_now_ms()))
		ctx->sink.fn(ctx->sink.arg, &ctx->cur, 0);
	return AV_OK;
}

void
job_ctx_init(struct job_ctx *ctx, struct db *db)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = db;
	ctx->cur.rows_total = -1;
	ctx->cur.bytes_total = -1;
}

const struct job_kind *
job_kind_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < job_kinds_count; i++)
		if (strcmp(job_kinds[i].name, name) == 0)
			return &job_kinds[i];
	return NULL;
}

int
job_run(struct job_ctx *ctx, const char *kind, const json_t *input,
        json_t **result, struct av_err *err)
{
	const struct job_kind *k = job_kind_find(kind);
	int rc;

	*result = NULL;
	if (k == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "tipo di elaborazione sconosciuto '%.32s'",
		               kind);
	if (!json_is_object(input))
		return av_fail(err, AV_EINTERNAL, NULL,
		               "dati dell'elaborazione non validi");
	ctx->throttle.interval_ms = ctx->sink.interval_ms > 0
	                                ? ctx->sink.interval_ms
	                                : JOB_FLUSH_INTERVAL_MS;
	ctx->throttle.started = 0;
	rc = k->run(ctx, input, result, err);
	if (rc != AV_OK) {
		json_decref(*result);
		*result = NULL;
		if (err->code == AV_OK)
			av_fail(err, AV_EINTERNAL, NULL, "errore interno");
		rc = err->code;
	} else if (!json_is_object(*result)) {
		json_decref(*result);
		*result = NULL;
		rc = av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	}
	if (ctx->sink.fn != NULL)
		ctx->sink.fn(ctx->sink.arg, &ctx->cur, 1);
	return rc;
}

int
job_shown_progress(const struct job_row *r, const struct job_progress *live,
                   struct job_progress *out)
{
	*out = live != NULL && r->state == JOB_RUNNING ? *live : r->progress;
	return r->state == JOB_DONE ? 100 : job_percent(out);
}
