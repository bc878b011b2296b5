/*
 * job_here.c - a job row born running, for a process that runs the job
 * itself (job.h, job_start_here): the CLI's `areavasta pcp ciclo` holds
 * the tender's lease with it, as the server's runs hold it with theirs.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "jobs/job.h"
#include "jobs/job_sql.h"

int
job_start_here(struct db *db, const char *kind, const json_t *input,
               int64_t owner_id, const char *ente, int64_t *id,
               struct av_err *err)
{
	char *text;
	int found = 0, rc;

	if (job_kind_find(kind) == NULL || !json_is_object(input))
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	text = json_dumps(input, JSON_COMPACT);
	if (text == NULL || strlen(text) > JOB_INPUT_MAX) {
		free(text);
		return av_fail(err, AV_EINTERNAL, NULL, "errore interno");
	}
	struct db_param p[] = {
	    P_TEXT(kind),
	    P_TEXT(text),
	    owner_id > 0 ? P_I64(owner_id) : P_NULL,
	    P_TEXT_OR_NULL(ente),
	    P_I64((int64_t)time(NULL)),
	};
	rc = db_query_i64(db, &job_sql[Q_JOB_INSERT_RUNNING], p, 5, id, &found,
	                  err);
	free(text);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_EDB, NULL, "errore interno");
	return rc;
}
