/*
 * publisher.c - the server's checkpoint publisher: one signed checkpoint at
 * start, then one every interval from a background thread, each recorded in
 * audit_checkpoint and so published by the API, the Atom feed and the page
 * /registro.html.
 *
 * Checkpoints are made on a timer and not by request: a public GET must not
 * write (anyone could fill the table and take the write lock at will), and
 * a regular beat is what bounds an undetectable forgery.  The thread
 * publishes even when the log has not grown: "at 03:15 the log still ended
 * at seq 812" is what stops someone from adding, at 09:00, an entry dated
 * 03:00 (docs/audit.md).  It sleeps on a condition variable over
 * CLOCK_MONOTONIC, so a stepped wall clock neither stalls nor rushes it, and
 * stopping wakes it at once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/log.h"
#include "core/xmalloc.h"
#include "db/db.h"

static pthread_mutex_t pub_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pub_cond;
static pthread_t pub_thread;
static int pub_running; /* the thread exists */
static int pub_stop;    /* asked to stop; under pub_mutex */
static unsigned pub_interval_s;
static char *pub_db_path; /* owned */

/* One checkpoint on a connection of our own; logs and returns the code. */
static int
publish_once(const char *db_path, struct av_err *err)
{
	struct audit_checkpoint cp;
	struct db *db = NULL;

	if (db_open(db_path, &db, err) == AV_OK)
		audit_checkpoint_publish_configured(db, &cp, err);
	db_close(db);
	return err->code;
}

static void
log_failure(const struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(LOG_LINE_MAX - 1);

	/* The server's log is JSON lines, one write each (core/log.h). */
	sbuf_addstr(&sb, "{\"level\":\"warn\",\"msg\":\"audit checkpoint not"
	                 " published: ");
	sbuf_add_json_escaped(&sb, err->msg, strlen(err->msg));
	sbuf_addstr(&sb, "\",\"detail\":\"");
	sbuf_add_json_escaped(&sb, err->detail, strlen(err->detail));
	sbuf_addstr(&sb, "\"}");
	log_line(&sb);
	sbuf_release(&sb);
}

static void *
publisher_main(void *unused)
{
	struct timespec until;
	int rc;

	(void)unused;
	pthread_mutex_lock(&pub_mutex);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += (time_t)pub_interval_s;
		rc = 0;
		/* Spurious wake-ups just wait again for the same instant. */
		while (!pub_stop && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&pub_cond, &pub_mutex,
			                            &until);
		if (pub_stop)
			break;
		pthread_mutex_unlock(&pub_mutex);
		{
			struct av_err err = AV_ERR_INIT;

			if (publish_once(pub_db_path, &err) != AV_OK)
				log_failure(&err);
		}
		pthread_mutex_lock(&pub_mutex);
	}
	pthread_mutex_unlock(&pub_mutex);
	return NULL;
}

int
audit_publisher_start(const char *db_path, unsigned interval_s,
                      struct av_err *err)
{
	pthread_condattr_t attr;

	if (pub_running)
		AV_BUG("checkpoint publisher started twice");
	if (interval_s > AUDIT_CHECKPOINT_INTERVAL_MAX)
		return av_fail(err, AV_EINVAL, "checkpoint-interval",
		               "L'intervallo tra i checkpoint è al massimo %d"
		               " secondi.",
		               AUDIT_CHECKPOINT_INTERVAL_MAX);
	if (publish_once(db_path, err) != AV_OK)
		return err->code;
	if (interval_s == 0)
		return AV_OK;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&pub_cond, &attr);
	pthread_condattr_destroy(&attr);
	pub_db_path = xstrdup(db_path);
	pub_interval_s = interval_s;
	pub_stop = 0;
	if (pthread_create(&pub_thread, NULL, publisher_main, NULL) != 0) {
		pthread_cond_destroy(&pub_cond);
		free(pub_db_path);
		pub_db_path = NULL;
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile avviare la pubblicazione dei"
		               " checkpoint di audit.");
	}
	pub_running = 1;
	return AV_OK;
}

void
audit_publisher_stop(void)
{
	if (!pub_running)
		return;
	pthread_mutex_lock(&pub_mutex);
	pub_stop = 1;
	pthread_cond_signal(&pub_cond);
	pthread_mutex_unlock(&pub_mutex);
	pthread_join(pub_thread, NULL);
	pthread_cond_destroy(&pub_cond);
	free(pub_db_path);
	pub_db_path = NULL;
	pub_running = 0;
}
