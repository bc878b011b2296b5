/*
 * bandi_import.h - the "import_bandi" job: one import of calls from files
 * (SEDIA search-API pages, the bulk dump, a CSV) as one transaction, with
 * progress, reporting new / changed / unchanged / deadline moved / closed,
 * storing nothing when any record is refused.  The CLI (`areavasta import
 * bandi`) and `areavasta sync bandi` run it.
 */
#ifndef AV_EUROPA_BANDI_IMPORT_H
#define AV_EUROPA_BANDI_IMPORT_H

#include <jansson.h>

#include "core/err.h"
#include "jobs/job.h"

#define EU_IMPORT_FILES_MAX 1000             /* files in one import */
#define EU_SEDIA_PAGE_MAX (64 * 1024 * 1024) /* bytes of one API page */

/*
 * input: {"formato": "sedia" | "sedia-dump" | "csv", "paths": [FILE, ...]}.
 * result: the stats of bandi.h (bandi_stats_json) with "formato".
 */
int bandi_import_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                     struct av_err *err);

#endif
