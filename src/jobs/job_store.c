/*
 * job_store.c - the job table: queueing, claiming, progress, the end of a
 * job, crash recovery, and the JSON the API shows.  Everything that reads
 * or writes a job row is here, so the state rules live in one file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "jobs/job.h"
#include "jobs/job_sql.h"

void
job_row_release(struct job_row *r)
{
	free(r->input);
	free(r->result);
	free(r->error);
	r->input = r->result = r->error = NULL;
}

/* A nullable total: NULL in the table is "unknown" (-1). */
static struct db_param
p_total(int64_t v)
{
	return v >= 0 ? P_I64(v) : P_NULL;
}

int
job_submit(struct db *db, const char *kind, const json_t *input,
           int64_t owner_id, const char *ente, int64_t *id, struct av_err *err)
{
	return job_submit_after(db, kind, input, owner_id, ente, 0, id, err);
}

int
job_submit_after(struct db *db, const char *kind, const json_t *input,
                 int64_t owner_id, const char *ente, int64_t run_after,
                 int64_t *id, struct av_err *err)
{
	char *text;
	int found = 0, rc;

	if (job_kind_find(kind) == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	if (!json_is_object(input))
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	text = json_dumps(input, JSON_COMPACT);
	if (text == NULL || strlen(text) > JOB_INPUT_MAX) {
		free(text);
		av_detail(err, "job input of kind %s too large", kind);
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	}
	struct db_param p[] = {
	    P_TEXT(kind),
	    P_TEXT(text),
	    owner_id > 0 ? P_I64(owner_id) : P_NULL,
	    P_TEXT_OR_NULL(ente),
	    P_I64((int64_t)time(NULL)),
	    P_I64(run_after > 0 ? run_after : 0),
	};
	rc = db_query_i64(db, &job_sql[Q_JOB_INSERT], p, 6, id, &found, err);
	free(text);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_EDB, NULL, "errore interno");
	return rc;
}

static char *
dup_col(struct db_cursor *c, int col)
{
	const char *s = db_col_text(c, col);

	return s != NULL ? xstrdup(s) : NULL;
}

int
job_load(struct db *db, int64_t id, struct job_row *out, int *found,
         struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	const char *s;
	int r, st;

	memset(out, 0, sizeof(*out));
	*found = 0;
	if (db_query(db, &job_sql[Q_JOB_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		out->id = db_col_i64(c, 0);
		s = db_col_text(c, 1);
		snprintf(out->kind, sizeof(out->kind), "%s", s ? s : "");
		st = job_state_parse(db_col_text(c, 2));
		out->state = st >= 0 ? (enum job_state)st : JOB_FAILED;
		out->owner_id = db_col_is_null(c, 3) ? 0 : db_col_i64(c, 3);
		s = db_col_text(c, 4);
		snprintf(out->ente, sizeof(out->ente), "%s", s ? s : "");
		out->progress.rows_done = db_col_i64(c, 5);
		out->progress.rows_total =
		    db_col_is_null(c, 6) ? -1 : db_col_i64(c, 6);
		out->progress.bytes_done = db_col_i64(c, 7);
		out->progress.bytes_total =
		    db_col_is_null(c, 8) ? -1 : db_col_i64(c, 8);
		out->input = dup_col(c, 9);
		out->result = dup_col(c, 10);
		out->error = dup_col(c, 11);
		out->created = db_col_i64(c, 12);
		out->started = db_col_is_null(c, 13) ? 0 : db_col_i64(c, 13);
		out->finished = db_col_is_null(c, 14) ? 0 : db_col_i64(c, 14);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
job_claim(struct db *db, int64_t now, struct job_row *out, int *found,
          struct av_err *err)
{
	struct db_param p[] = {P_I64(now)};
	int64_t id = 0;

	*found = 0;
	if (db_query_i64(db, &job_sql[Q_JOB_CLAIM], p, 1, &id, found, err) !=
	    AV_OK)
		return err->code;
	if (!*found)
		return AV_OK;
	return job_load(db, id, out, found, err);
}

int
job_store_progress(struct db *db, int64_t id, const struct job_progress *pr,
                   struct av_err *err)
{
	struct db_param p[] = {P_I64(id), P_I64(pr->rows_done),
	                       p_total(pr->rows_total), P_I64(pr->bytes_done),
	                       p_total(pr->bytes_total)};

	return db_exec(db, &job_sql[Q_JOB_PROGRESS], p, 5, NULL, err);
}

int
job_finish(struct db *db, int64_t id, enum job_state to,
           const struct job_progress *pr, const char *result, const char *error,
           int64_t now, struct av_err *err)
{
	int64_t changes = 0;

	if (!job_transition_ok(JOB_RUNNING, to))
		AV_BUG("job %lld: running -> %s", (long long)id,
		       job_state_name(to));
	struct db_param p[] = {P_I64(id),
	                       P_TEXT(job_state_name(to)),
	                       P_I64(pr->rows_done),
	                       p_total(pr->rows_total),
	                       P_I64(pr->bytes_done),
	                       p_total(pr->bytes_total),
	                       P_TEXT_OR_NULL(result),
	                       P_TEXT_OR_NULL(error),
	                       P_I64(now)};

	if (db_exec(db, &job_sql[Q_JOB_FINISH], p, 9, &changes, err) != AV_OK)
		return err->code;
	if (changes == 0)
		return av_fail(err, AV_ECONFLICT, NULL,
		               "l'elaborazione %lld non è in corso",
		               (long long)id);
	return AV_OK;
}

void
job_input_release_file(const char *input_text)
{
	json_t *in = json_loads(input_text != NULL ? input_text : "", 0, NULL);
	const char *path = json_string_value(json_object_get(in, "path"));

	if (path != NULL && json_is_true(json_object_get(in, "remove")))
		(void)unlink(path);
	json_decref(in);
}

int
job_recover(struct db *db, int64_t now, int64_t *n, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(JOB_INTERRUPTED), P_I64(now)};
	struct db_cursor *c;
	int r;

	*n = 0;
	/*
	 * The files handed to those jobs go first: a crash between the two
	 * steps leaves them running, and the next start does it again.
	 */
	if (db_query(db, &job_sql[Q_JOB_RUNNING], NULL, 0, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1)
		job_input_release_file(db_col_text(c, 0));
	db_cursor_close(c);
	if (r < 0 ||
	    db_exec(db, &job_sql[Q_JOB_RECOVER], p, 2, n, err) != AV_OK)
		return err->code;
	return db_exec(db, &job_sql[Q_JOB_RECOVERED], NULL, 0, NULL, err);
}
