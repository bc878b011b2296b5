/*
 * campagne_verifica.c - a Comune's answer validated as a job (issue 15
 * item 2; docs/dati-campagne.md, "Validation as a job").
 *
 * The upload handler stores the file in the blob store; a file over
 * RSP_SYNC_MAX is not validated in the request but queued as the job
 * "dati_verifica_risposta" (risposta_queue, in the request's audited
 * transaction), and the Comune's row of dati_campagna_comune points at the
 * job (job_id) until the job records the answer: the board and the
 * Comune's page show it "in verifica" with the job's progress.  The job
 * reads the blob (never removed: the merge on close reads it again),
 * validates it streamed with progress, and records the answer, its errors,
 * the Comune's state and job_id cleared in one audited transaction
 * (risposta_submit_job).  Restart-safe as every job: a queued job runs
 * after a restart; one interrupted while running ends failed
 * ("interrotto"), which the board shows, and the Comune uploads again.
 */
#include <string.h>

#include "jobs/job.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_sql.h"
#include "store/blob.h"

#define Q(x) (&dati_campagne_sql[x])

int
risposta_queue(struct db *db, int64_t actor, int64_t campagna,
               const char *comune, const char *sha256, const char *nome_file,
               int64_t *job_id, struct av_err *err)
{
	struct campagna_brief b;
	json_t *input;
	int found = 0, yes = 0, rc;

	if (campagna_brief(db, campagna, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (campagna_addressed(db, campagna, comune, &yes, err) != AV_OK)
		return err->code;
	if (!yes)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (strcmp(b.stato, "aperta") != 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "La raccolta è chiusa: non accetta risposte.");
	input = json_pack("{s:I,s:s,s:s,s:s}", "campagna_id",
	                  (json_int_t)campagna, "comune", comune, "sha256",
	                  sha256, "nome_file", nome_file);
	rc = job_submit(db, "dati_verifica_risposta", input, actor, comune,
	                job_id, err);
	json_decref(input);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(campagna), P_TEXT(comune),
		                       P_I64(*job_id)};
		rc = db_exec(db, Q(Q_RSP_JOB_SET), p, 3, NULL, err);
	}
	return rc;
}

int
dati_verifica_risposta_job(struct job_ctx *ctx, const json_t *input,
                           json_t **result, struct av_err *err)
{
	const char *comune =
	    json_string_value(json_object_get(input, "comune"));
	const char *sha = json_string_value(json_object_get(input, "sha256"));
	const char *nome =
	    json_string_value(json_object_get(input, "nome_file"));
	int64_t campagna =
	    json_integer_value(json_object_get(input, "campagna_id"));
	int64_t rid = 0;
	char path[1024];
	int found = 0;

	if (comune == NULL || sha == NULL || nome == NULL || campagna <= 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (blob_path(sha, path, sizeof path, err) != AV_OK)
		return err->code;
	if (risposta_submit_job(ctx->db, ctx->owner_id, campagna, comune, path,
	                        sha, nome, ctx, ctx->id, &rid, err) != AV_OK)
		return err->code;
	{
		struct db_param p[] = {P_I64(rid)};
		struct db_cursor *c;
		int r;

		if (db_query(ctx->db, Q(Q_RSP_GET), p, 1, &c, err) != AV_OK)
			return err->code;
		if ((r = db_next(c, err)) == 1) {
			found = 1;
			*result = json_pack(
			    "{s:I,s:s,s:I,s:I}", "risposta_id", (json_int_t)rid,
			    "stato", db_col_text(c, 5), "righe",
			    (json_int_t)db_col_i64(c, 6), "errori",
			    (json_int_t)db_col_i64(c, 7));
		}
		db_cursor_close(c);
		if (r < 0)
			return err->code;
	}
	if (!found)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return AV_OK;
}

int
risposta_verifica_write(struct jw *w, struct db *db, int64_t campagna,
                        const char *comune, int64_t job_id, struct av_err *err)
{
	struct job_row row;
	struct job_progress live, shown;
	int found = 0, pct, have_live;

	if (job_id <= 0) {
		struct db_param p[] = {P_I64(campagna), P_TEXT(comune)};

		if (db_query_i64(db, Q(Q_RSP_JOB_GET), p, 2, &job_id, &found,
		                 err) != AV_OK)
			return err->code;
		if (!found) {
			jw_null(w);
			return AV_OK;
		}
	}
	memset(&row, 0, sizeof row);
	if (job_load(db, job_id, &row, &found, err) != AV_OK)
		return err->code;
	if (!found || row.state == JOB_DONE) {
		/* done: the answer is recorded (job_id cleared with it) */
		job_row_release(&row);
		jw_null(w);
		return AV_OK;
	}
	have_live = jobs_live(job_id, &live);
	pct = job_shown_progress(&row, have_live ? &live : NULL, &shown);
	jw_obj(w);
	jw_ki64(w, "job_id", job_id);
	jw_kstr(w, "stato", job_state_name(row.state));
	if (pct >= 0)
		jw_ki64(w, "percentuale", pct);
	else
		jw_knull(w, "percentuale");
	jw_ki64(w, "byte_letti", shown.bytes_done);
	jw_ki64(w, "byte_totali", shown.bytes_total);
	if (row.state == JOB_FAILED)
		jw_kstr(w, "errore", row.error ? row.error : "");
	jw_obj_end(w);
	job_row_release(&row);
	return AV_OK;
}
