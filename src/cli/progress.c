/*
 * progress.c - the CLI's progress bar for jobs run in-process: a job_sink
 * that redraws one line on stderr when stderr is a terminal, and prints
 * nothing otherwise (scripts, pipes and the tests see only the summary).
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

#define BAR_WIDTH 30 /* characters of the bar */

void
cli_progress_init(struct cli_progress *p, const char *label)
{
	p->tty = isatty(STDERR_FILENO);
	p->label = label;
	p->drawn = 0;
}

static void
human_bytes(char *out, size_t n, int64_t b)
{
	if (b >= 1024 * 1024)
		snprintf(out, n, "%.1f MB", (double)b / (1024.0 * 1024.0));
	else
		snprintf(out, n, "%.0f kB", (double)b / 1024.0);
}

void
cli_progress_fn(void *arg, const struct job_progress *p, int final)
{
	struct cli_progress *bar = arg;
	char fill[BAR_WIDTH + 1], what[96], done[32], total[32];
	int pct, i, n;

	if (!bar->tty)
		return;
	if (final) {
		if (bar->drawn)
			fputs("\r\033[K", stderr); /* erase the bar */
		bar->drawn = 0;
		fflush(stderr);
		return;
	}
	pct = job_percent(p);
	n = pct < 0 ? 0 : pct * BAR_WIDTH / 100;
	for (i = 0; i < BAR_WIDTH; i++)
		fill[i] = i < n ? '#' : '.';
	fill[BAR_WIDTH] = '\0';
	if (p->rows_total >= 0) {
		snprintf(what, sizeof(what), "righe %lld/%lld",
		         (long long)p->rows_done, (long long)p->rows_total);
	} else {
		human_bytes(done, sizeof(done), p->bytes_done);
		human_bytes(total, sizeof(total),
		            p->bytes_total >= 0 ? p->bytes_total : 0);
		snprintf(what, sizeof(what), "letti %s di %s", done, total);
	}
	if (pct >= 0)
		fprintf(stderr, "\r%s [%s] %3d%% %s\033[K", bar->label, fill,
		        pct, what);
	else
		fprintf(stderr, "\r%s %s\033[K", bar->label, what);
	fflush(stderr);
	bar->drawn = 1;
}

int
cli_job_run(struct db *db, const char *kind, const char *label,
            const json_t *input, json_t **result, double *seconds,
            struct av_err *err)
{
	struct cli_progress bar;
	struct job_ctx ctx;
	struct timespec t0, t1;
	int rc;

	cli_progress_init(&bar, label);
	job_ctx_init(&ctx, db);
	ctx.sink.fn = cli_progress_fn;
	ctx.sink.arg = &bar;
	ctx.sink.interval_ms = CLI_PROGRESS_INTERVAL_MS;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = job_run(&ctx, kind, input, result, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (seconds != NULL)
		*seconds = (double)(t1.tv_sec - t0.tv_sec) +
		           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}
