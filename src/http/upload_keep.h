/*
 * upload_keep.h - handing an uploaded file to a background job: the
 * upload's temporary name dies with the request, so the file gets a second
 * name under <data dir>/jobs/ that the job owns (its input {"path": ...,
 * "remove": true}: the pool deletes it when the job ends).  Used by the
 * registry's ISTAT import and the EU desk's call import (upload_job.c
 * queues the job).
 */
#ifndef AV_UPLOAD_KEEP_H
#define AV_UPLOAD_KEEP_H

#include <stddef.h>

#include "core/err.h"
#include "http/upload.h"

#define UPLOAD_KEEP_PATH_MAX 4096 /* bytes of a kept file's path */

/*
 * Links up->path to <data dir>/jobs/<first 16 hex of sha256>-<temporary
 * name> (the directory made 0700 and fsync'd), the name written to out.
 * AV_EIO when it cannot.
 */
int upload_keep_for_job(const struct upload *up, char *out, size_t n,
                        struct av_err *err);

#endif
