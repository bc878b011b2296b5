/*
 * import_sedia_dump.h - the portal's bulk file grantsTenders.json (about
 * 130 MB, {"fundingData":{"GrantTenderObj":[...]}}) read as a stream: the
 * array is found by its key, then jansson decodes one entry at a time
 * (JSON_DISABLE_EOF_CHECK on the FILE), so memory holds one entry, never
 * the file.
 */
#ifndef AV_EUROPA_IMPORT_SEDIA_DUMP_H
#define AV_EUROPA_IMPORT_SEDIA_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

#define EU_DUMP_ENTRIES_MAX 200000 /* entries in one file */

/*
 * Called for each entry (borrowed: valid during the call) with its index
 * and the bytes read so far; a non-AV_OK return stops the stream.
 */
typedef int eu_dump_fn(void *arg, json_t *entry, size_t index,
                       int64_t bytes_done, struct av_err *err);

/*
 * Streams path.  *bytes_total receives the file's size before the first
 * call.  AV_EINVAL with the byte offset for a file that is not the bulk
 * format or holds invalid JSON; AV_EIO when it cannot be read.
 */
int sedia_dump_stream(const char *path, eu_dump_fn *fn, void *arg,
                      int64_t *bytes_total, struct av_err *err);

#endif
