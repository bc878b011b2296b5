/*
 * buste_firma.h - the digital signatures of the bid envelopes' files
 * (issue 18): once an opening made the files readable, a job verifies each
 * one (modules/firma) and stores the result, which the commission's and
 * the RUP's views show beside each file.  Never before the opening: a
 * sealed envelope stays sealed.  docs/firma.md.
 */
#ifndef AV_SUA_BUSTE_FIRMA_H
#define AV_SUA_BUSTE_FIRMA_H

#include <jansson.h>

#include "core/err.h"
#include "jobs/job.h"

/* The oggetto of firma_verifica rows for envelope files. */
#define BUSTE_FIRMA_OGGETTO "sua_busta_file"

/*
 * Queues the verification of the opened files of tender gara_id (kind
 * "sua_firma_buste") inside the caller's transaction; the caller wakes
 * the workers after its commit (jobs_wake).
 */
int buste_firma_accoda(struct db *db, int64_t actor, const char *ente,
                       int64_t gara_id, struct av_err *err);

/*
 * The job: input {"gara_id": n}.  Every opened file of the tender without
 * a stored verification is decrypted in memory, verified against the
 * current trusted list, at the reference date of its upload (the platform
 * attests the file existed then) and with the tender's deadline, and the
 * result stored and audited ("firma.verifica").  Result {"verificati": n}.
 */
int buste_firma_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                    struct av_err *err);

#endif
