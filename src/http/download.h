/*
 * download.h - the pure header work of sending files: the Range request
 * header (RFC 9110 14.2) and the Content-Disposition value (RFC 6266 with
 * the RFC 5987 filename*).  No I/O; unit-tested and fuzzed.
 */
#ifndef AV_DOWNLOAD_H
#define AV_DOWNLOAD_H

#include <stdint.h>

#include "core/sbuf.h"

#define RANGE_HEADER_MAX 256 /* longer Range values are ignored */

enum range_result {
	RANGE_FULL,          /* no usable range: send everything (200) */
	RANGE_PARTIAL,       /* *first..*last, inclusive (206) */
	RANGE_UNSATISFIABLE, /* 416 with "Content-Range: bytes * /size" */
};

/*
 * Reads a Range value against a representation of size bytes.  One range
 * "bytes=a-b", "bytes=a-" or "bytes=-n" (the last n bytes) is honoured,
 * b past the end is cut to it.  Several ranges, other units, bad syntax or
 * a value longer than RANGE_HEADER_MAX give RANGE_FULL (the header is
 * ignored, as RFC 9110 allows).  A first byte at or past the end, or a
 * suffix of zero bytes, is RANGE_UNSATISFIABLE.  NULL is RANGE_FULL.
 */
enum range_result range_parse(const char *value, uint64_t size, uint64_t *first,
                              uint64_t *last);

#define DISPOSITION_MAX 2048 /* bytes of a Content-Disposition value */

/*
 * Appends 'attachment; filename="<fallback>"; filename*=UTF-8''<pct>' for
 * a UTF-8 name to sb: the fallback keeps printable ASCII and turns
 * everything else, '"' and '\\' into '_' (one '_' per character); the
 * extended value percent-encodes every byte outside RFC 5987's attr-char.
 * An empty name becomes "download".  Bytes that are not UTF-8 are encoded
 * as they are (the caller stores only valid names).  sb's cap applies.
 */
void content_disposition(struct sbuf *sb, const char *name);

#endif
