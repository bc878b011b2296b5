/*
 * upload_job.h - the end of every "upload a file, process it in the
 * background" request: the job queued with its audit record in the
 * router's transaction, the workers woken once that commits, and the 202
 * answer that points the client at GET /api/v1/jobs/{id}.  Used by the
 * registry's ISTAT import and the EU desk's call import.
 */
#ifndef AV_UPLOAD_JOB_H
#define AV_UPLOAD_JOB_H

#include <jansson.h>
#include <stdint.h>

#include "http/route.h"

/*
 * Queues a job of kind with input (which hands it the kept file path, from
 * upload_keep_for_job) for the request's user and ente, and audits
 * `job.create` with {kind, nome, sha256, size} of the upload plus the
 * members of extra (may be NULL; borrowed).  The route must be
 * ROUTE_AUDITED (one transaction).  On failure the kept file is removed.
 */
int upload_job_submit(struct req *req, const char *kind, const json_t *input,
                      const char *path, const json_t *extra, const char *ente,
                      int64_t *id);

/*
 * The 202 answer: Location /api/v1/jobs/{id} and an object {"id", "state":
 * "queued", "location"} left open for the caller's members; the caller
 * closes it (jw_obj_end).
 */
struct jw *upload_job_accepted(struct resp *resp, int64_t id);

#endif
