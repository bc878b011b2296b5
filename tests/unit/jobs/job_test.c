/*
 * job_test.c - the job state machine (every pair of states, and the rows
 * of a real SQLite file moving only along allowed transitions), the
 * progress throttle and percentage at their edges, job_run's refusals,
 * crash recovery, and the import_istat kind reporting progress through a
 * sink.
 */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "jobs/job.h"
#include "unit/testdb.h"

Test(job_state, names_round_trip)
{
	int s;

	for (s = 0; s < JOB_STATE__MAX; s++)
		cr_assert_eq(job_state_parse(job_state_name(s)), s);
	cr_assert_eq(job_state_parse("cancelled"), -1);
	cr_assert_eq(job_state_parse(""), -1);
	cr_assert_eq(job_state_parse(NULL), -1);
}

Test(job_state, transitions)
{
	/* allowed[from][to] */
	static const int allowed[JOB_STATE__MAX][JOB_STATE__MAX] = {
	    [JOB_QUEUED] = {[JOB_RUNNING] = 1, [JOB_FAILED] = 1},
	    [JOB_RUNNING] = {[JOB_DONE] = 1, [JOB_FAILED] = 1},
	};
	int from, to;

	for (from = 0; from < JOB_STATE__MAX; from++)
		for (to = 0; to < JOB_STATE__MAX; to++)
			cr_assert_eq(job_transition_ok(from, to),
			             allowed[from][to], "%s -> %s",
			             job_state_name(from), job_state_name(to));
}

Test(job_throttle, passes_one_report_per_interval)
{
	struct job_throttle t = {250, 0, 0};

	cr_assert_eq(job_throttle_due(&t, 1000), 1); /* the first always */
	cr_assert_eq(job_throttle_due(&t, 1000), 0);
	cr_assert_eq(job_throttle_due(&t, 1249), 0); /* interval - 1 */
	cr_assert_eq(job_throttle_due(&t, 1250), 1); /* interval */
	cr_assert_eq(job_throttle_due(&t, 1251), 0);
	cr_assert_eq(job_throttle_due(&t, 1499), 0);
	cr_assert_eq(job_throttle_due(&t, 9000), 1); /* a long pause */
	cr_assert_eq(job_throttle_due(&t, 9100), 0);
}

Test(job_progress_pct, edges)
{
	struct job_progress p = {0, -1, 0, -1};

	cr_assert_eq(job_percent(&p), -1); /* nothing known */
	p.bytes_total = 1000;
	p.bytes_done = 0;
	cr_assert_eq(job_percent(&p), 0);
	p.bytes_done = 999;
	cr_assert_eq(job_percent(&p), 99); /* never 100 before the end */
	p.bytes_done = 1000;
	cr_assert_eq(job_percent(&p), 100);
	p.bytes_done = 1500;
	cr_assert_eq(job_percent(&p), 100);
	/* Rows, once known, take over (the later stage). */
	p.rows_total = 8;
	p.rows_done = 2;
	cr_assert_eq(job_percent(&p), 25);
	p.rows_total = 0;
	p.rows_done = 0;
	cr_assert_eq(job_percent(&p), 100); /* nothing to write */
	/* No overflow on huge counts. */
	p.rows_total = INT64_MAX;
	p.rows_done = INT64_MAX / 2;
	cr_assert_eq(job_percent(&p), 50);
	p.rows_done = INT64_MAX - 1;
	cr_assert_eq(job_percent(&p), 99); /* not done yet */
}

struct sink_log {
	int calls;
	int finals;
	struct job_progress last;
};

static void
sink_fn(void *arg, const struct job_progress *p, int final)
{
	struct sink_log *l = arg;

	l->calls++;
	l->finals += final;
	l->last = *p;
}

Test(job_progress, throttled_and_stoppable)
{
	struct sink_log log = {0};
	struct job_ctx ctx;
	_Atomic int stop = 0;
	int i;

	job_ctx_init(&ctx, NULL);
	ctx.sink.fn = sink_fn;
	ctx.sink.arg = &log;
	ctx.throttle.interval_ms = 60000;
	ctx.stop = &stop;
	for (i = 1; i <= 10000; i++)
		cr_assert_eq(job_progress(&ctx, i, 10000, -1, -1), AV_OK);
	/* 10,000 rows, one report: the first. */
	cr_assert_eq(log.calls, 1);
	cr_assert_eq(log.last.rows_done, 1);
	/* The context always has the latest values. */
	cr_assert_eq(ctx.cur.rows_done, 10000);
	cr_assert_eq(ctx.cur.rows_total, 10000);
	cr_assert_eq(ctx.cur.bytes_total, -1);
	/* A total < 0 leaves the known one. */
	job_progress(&ctx, 5, -1, 7, 70);
	cr_assert_eq(ctx.cur.rows_total, 10000);
	cr_assert_eq(ctx.cur.bytes_total, 70);
	atomic_store(&stop, 1);
	cr_assert_eq(job_progress(&ctx, 6, -1, 8, -1), AV_EBUSY);
}

Test(job_run, refuses_unknown_kinds_and_bad_input)
{
	struct av_err err = AV_ERR_INIT;
	struct sink_log log = {0};
	struct job_ctx ctx;
	json_t *result = NULL, *in = json_object();

	job_ctx_init(&ctx, NULL);
	ctx.sink.fn = sink_fn;
	ctx.sink.arg = &log;
	cr_assert_neq(job_run(&ctx, "no_such_kind", in, &result, &err), AV_OK);
	cr_assert_null(result);
	cr_assert(strstr(err.msg, "sconosciuto") != NULL, "%s", err.msg);
	av_err_clear(&err);
	cr_assert_neq(job_run(&ctx, "import_istat", in, &result, &err), AV_OK);
	cr_assert_null(result);
	json_decref(in);
	cr_assert_not_null(job_kind_find("import_istat"));
	cr_assert_null(job_kind_find("import"));
}

/* ---- rows ------------------------------------------------------------ */

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("jobs", dbpath);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

TestSuite(job_store, .init = setup, .fini = teardown);

static int64_t
submit(const char *path, int remove)
{
	struct av_err err = AV_ERR_INIT;
	json_t *in = json_pack("{s:s, s:b}", "path", path, "remove", remove);
	int64_t id = 0;

	cr_assert_eq(
	    job_submit(db, "import_istat", in, 0, "provincia:024", &id, &err),
	    AV_OK, "%s", err.detail);
	json_decref(in);
	cr_assert_gt(id, 0);
	return id;
}

Test(job_store, moves_only_along_the_state_machine)
{
	struct av_err err = AV_ERR_INIT;
	struct job_progress p = {3, 10, 300, 1000};
	struct job_row r;
	json_t *in = json_object();
	int64_t id, other = 0;
	int found;

	cr_assert_neq(job_submit(db, "nope", in, 0, NULL, &other, &err), AV_OK);
	json_decref(in);
	id = submit("/nonexistent", 0);
	cr_assert_eq(job_load(db, id, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_eq(r.state, JOB_QUEUED);
	cr_assert_str_eq(r.kind, "import_istat");
	cr_assert_str_eq(r.ente, "provincia:024");
	cr_assert_eq(r.owner_id, 0);
	cr_assert_eq(r.progress.rows_total, -1);
	cr_assert_eq(r.started, 0);
	job_row_release(&r);
	/* A queued job cannot finish. */
	av_err_clear(&err);
	cr_assert_eq(job_finish(db, id, JOB_DONE, &p, "{}", NULL, 5, &err),
	             AV_ECONFLICT);
	/* Progress of a job not running is not written. */
	av_err_clear(&err);
	cr_assert_eq(job_store_progress(db, id, &p, &err), AV_OK);
	cr_assert_eq(job_load(db, id, &r, &found, &err), AV_OK);
	cr_assert_eq(r.progress.rows_done, 0);
	job_row_release(&r);

	cr_assert_eq(job_claim(db, 42, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_eq(r.id, id);
	cr_assert_eq(r.state, JOB_RUNNING);
	cr_assert_eq(r.started, 42);
	job_row_release(&r);
	/* Claimed once only. */
	cr_assert_eq(job_claim(db, 43, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 0);

	cr_assert_eq(job_store_progress(db, id, &p, &err), AV_OK);
	cr_assert_eq(job_load(db, id, &r, &found, &err), AV_OK);
	cr_assert_eq(r.progress.rows_done, 3);
	cr_assert_eq(r.progress.bytes_total, 1000);
	job_row_release(&r);

	p.rows_done = 10;
	cr_assert_eq(
	    job_finish(db, id, JOB_DONE, &p, "{\"n\":10}", NULL, 50, &err),
	    AV_OK, "%s", err.detail);
	cr_assert_eq(job_load(db, id, &r, &found, &err), AV_OK);
	cr_assert_eq(r.state, JOB_DONE);
	cr_assert_str_eq(r.result, "{\"n\":10}");
	cr_assert_null(r.error);
	cr_assert_eq(r.finished, 50);
	job_row_release(&r);
	/* Nothing leaves done. */
	cr_assert_eq(job_finish(db, id, JOB_FAILED, &p, NULL, "x", 60, &err),
	             AV_ECONFLICT);
	cr_assert_eq(job_load(db, 999, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 0);
}

Test(job_store, claims_in_order)
{
	struct av_err err = AV_ERR_INIT;
	struct job_row r;
	int64_t a = submit("/a", 0), b = submit("/b", 0);
	int found;

	cr_assert_eq(job_claim(db, 1, &r, &found, &err), AV_OK);
	cr_assert_eq(r.id, a);
	job_row_release(&r);
	cr_assert_eq(job_claim(db, 1, &r, &found, &err), AV_OK);
	cr_assert_eq(r.id, b);
	job_row_release(&r);
}

Test(job_store, a_later_job_waits_for_its_time)
{
	struct av_err err = AV_ERR_INIT;
	json_t *in = json_object();
	struct job_row r;
	int64_t later = 0, now_id;
	int found;

	cr_assert_eq(job_submit_after(db, "notifiche_email", in, 0, NULL, 1000,
	                              &later, &err),
	             AV_OK, "%s", err.detail);
	json_decref(in);
	/* Before its time nothing is claimed, and a job queued after it but
	 * due now goes first. */
	cr_assert_eq(job_claim(db, 999, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 0);
	now_id = submit("/now", 0);
	cr_assert_gt(now_id, later);
	cr_assert_eq(job_claim(db, 999, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_eq(r.id, now_id);
	job_row_release(&r);
	cr_assert_eq(job_claim(db, 1000, &r, &found, &err), AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_eq(r.id, later);
	job_row_release(&r);
}

/* How many jobs of kind are queued. */
static int
queued_of(const char *kind, int64_t now)
{
	struct av_err err = AV_ERR_INIT;
	struct job_row r;
	int found = 1, n = 0;

	while (found) {
		cr_assert_eq(job_claim(db, now, &r, &found, &err), AV_OK);
		if (found) {
			n += strcmp(r.kind, kind) == 0;
			job_row_release(&r);
		}
	}
	return n;
}

Test(job_store, a_periodic_job_is_queued_once_per_run)
{
	struct av_err err = AV_ERR_INIT;
	json_t *in = json_pack("{s:i}", "n", 1);
	int64_t q = -1;

	cr_assert_eq(job_periodic_set(db, "notifiche_email", "provincia:024",
	                              in, 60, 1000, &err),
	             AV_OK, "%s", err.detail);
	/* Not yet due. */
	cr_assert_eq(job_periodic_queue_due(db, 999, &q, &err), AV_OK);
	cr_assert_eq(q, 0);
	/* Due: one job, and a second look at the same time queues nothing. */
	cr_assert_eq(job_periodic_queue_due(db, 1000, &q, &err), AV_OK);
	cr_assert_eq(q, 1);
	cr_assert_eq(job_periodic_queue_due(db, 1000, &q, &err), AV_OK);
	cr_assert_eq(q, 0);
	cr_assert_eq(queued_of("notifiche_email", 1000), 1);
	/* The next slot, 1060. */
	cr_assert_eq(job_periodic_queue_due(db, 1059, &q, &err), AV_OK);
	cr_assert_eq(q, 0);
	cr_assert_eq(job_periodic_queue_due(db, 1060, &q, &err), AV_OK);
	cr_assert_eq(q, 1);
	/* Days of downtime: one catch-up run, then every 60 s from now. */
	cr_assert_eq(job_periodic_queue_due(db, 100000, &q, &err), AV_OK);
	cr_assert_eq(q, 1);
	cr_assert_eq(job_periodic_queue_due(db, 100059, &q, &err), AV_OK);
	cr_assert_eq(q, 0);
	cr_assert_eq(job_periodic_queue_due(db, 100060, &q, &err), AV_OK);
	cr_assert_eq(q, 1);
	cr_assert_eq(queued_of("notifiche_email", 100060), 3);
	/* Changed, then removed. */
	cr_assert_eq(job_periodic_set(db, "notifiche_email", "provincia:024",
	                              in, 3600, 200000, &err),
	             AV_OK);
	cr_assert_eq(job_periodic_queue_due(db, 199999, &q, &err), AV_OK);
	cr_assert_eq(q, 0);
	cr_assert_eq(job_periodic_set(db, "notifiche_email", "provincia:024",
	                              NULL, 0, 0, &err),
	             AV_OK);
	cr_assert_eq(job_periodic_queue_due(db, 300000, &q, &err), AV_OK);
	cr_assert_eq(q, 0);
	/* Refused: an unknown kind, an input handing a file to the job. */
	cr_assert_neq(job_periodic_set(db, "nope", NULL, in, 60, 0, &err),
	              AV_OK);
	json_decref(in);
	in = json_pack("{s:s}", "path", "/etc/passwd");
	cr_assert_neq(
	    job_periodic_set(db, "notifiche_email", NULL, in, 60, 0, &err),
	    AV_OK);
	json_decref(in);
}

Test(job_store, recovery_fails_running_jobs_and_removes_their_files)
{
	struct av_err err = AV_ERR_INIT;
	struct job_progress p = {0, -1, 0, -1};
	char file[64];
	struct job_row r;
	int64_t done, running, queued, n = 0;
	int found;
	FILE *f;

	snprintf(file, sizeof(file), "/tmp/av-job-%d.csv", (int)getpid());
	f = fopen(file, "w");
	cr_assert_not_null(f);
	fputs("x\n", f);
	fclose(f);
	done = submit("/d", 0);
	running = submit(file, 1);
	queued = submit("/q", 0);
	cr_assert_eq(job_claim(db, 1, &r, &found, &err), AV_OK);
	cr_assert_eq(r.id, done);
	job_row_release(&r);
	cr_assert_eq(job_finish(db, done, JOB_DONE, &p, "{}", NULL, 2, &err),
	             AV_OK);
	cr_assert_eq(job_claim(db, 3, &r, &found, &err), AV_OK);
	cr_assert_eq(r.id, running);
	job_row_release(&r);

	cr_assert_eq(job_recover(db, 100, &n, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(n, 1);
	cr_assert_neq(access(file, F_OK), 0, "the job's file is removed");
	cr_assert_eq(job_load(db, running, &r, &found, &err), AV_OK);
	cr_assert_eq(r.state, JOB_FAILED);
	cr_assert_str_eq(r.error, JOB_INTERRUPTED);
	cr_assert_eq(r.finished, 100);
	job_row_release(&r);
	/* Done and queued jobs are left alone (a queued one will run). */
	cr_assert_eq(job_load(db, done, &r, &found, &err), AV_OK);
	cr_assert_eq(r.state, JOB_DONE);
	job_row_release(&r);
	cr_assert_eq(job_load(db, queued, &r, &found, &err), AV_OK);
	cr_assert_eq(r.state, JOB_QUEUED);
	job_row_release(&r);
	cr_assert_eq(job_recover(db, 200, &n, &err), AV_OK);
	cr_assert_eq(n, 0);
}

Test(job_store, shown_progress)
{
	struct job_row r;
	struct job_progress live = {5, 10, 100, 100}, p;

	memset(&r, 0, sizeof(r));
	r.id = 7;
	r.state = JOB_RUNNING;
	r.progress = (struct job_progress){0, -1, 40, 100};
	/* Bytes when rows are unknown. */
	cr_assert_eq(job_shown_progress(&r, NULL, &p), 40);
	cr_assert_eq(p.rows_total, -1);
	/* The live progress of a running job wins over the row's. */
	cr_assert_eq(job_shown_progress(&r, &live, &p), 50);
	cr_assert_eq(p.rows_done, 5);
	/* ... but not over an ended one's, which is 100 once done. */
	r.state = JOB_DONE;
	cr_assert_eq(job_shown_progress(&r, &live, &p), 100);
	cr_assert_eq(p.rows_done, 0);
}

Test(job_store, import_istat_reports_bytes_then_rows)
{
	const char *dir = getenv("AV_SHARED_DATA");
	struct av_err err = AV_ERR_INIT;
	struct sink_log log = {0};
	struct job_ctx ctx;
	char path[512];
	json_t *in, *result = NULL;

	snprintf(path, sizeof(path), "%s/istat/situas_comuni_2026-08-14.csv",
	         dir ? dir : "../shared/data");
	cr_assert_eq(access(path, R_OK), 0, "%s missing", path);
	job_ctx_init(&ctx, db);
	ctx.sink.fn = sink_fn;
	ctx.sink.arg = &log;
	ctx.sink.interval_ms = 1; /* report nearly everything */
	in = json_pack("{s:s}", "path", path);
	cr_assert_eq(job_run(&ctx, "import_istat", in, &result, &err), AV_OK,
	             "%s", err.msg);
	json_decref(in);
	cr_assert_eq(json_integer_value(json_object_get(result, "comuni")),
	             7894);
	cr_assert_eq(json_integer_value(json_object_get(result, "added")),
	             7894);
	json_decref(result);
	cr_assert_geq(log.calls, 2);
	cr_assert_eq(log.finals, 1);
	cr_assert_eq(log.last.rows_done, 7894);
	cr_assert_eq(log.last.rows_total, 7894);
	cr_assert_eq(log.last.bytes_done, 941246);
	cr_assert_eq(log.last.bytes_total, 941246);
	cr_assert_eq(job_percent(&log.last), 100);
}
