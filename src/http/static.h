/*
 * static.h - the web UI's files, loaded into memory at startup.
 *
 * Only regular files found under the web directory when the server starts
 * can be served, looked up by exact URL path in a table: no path is ever
 * joined from a URL (MHD hands handlers un-normalised paths), and symbolic
 * links under the directory are skipped (a link to /etc/passwd left in the
 * web folder is not published).  Each file carries its content type, a
 * strong ETag (BLAKE2b of the bytes) and, when it pays, a gzip variant made
 * once at load time, with its own strong ETag (a different representation
 * must not share a strong validator: RFC 9110 8.8.3).
 *
 * An .html file may hold placeholders "{{@name}}" (the installation's
 * identity: docs/istanza.md).  Such a file is kept as a template and served
 * rendered with the values last given to static_set_values, HTML-escaped;
 * a name with no value renders as "".  Rendering happens when the values
 * change (never per request): the new rendering of every template, with its
 * own ETags and gzip, is published at once by swapping the table a lookup
 * reads, and the previous tables stay allocated until static_release (a
 * request may still be sending them; identity changes are rare).
 */
#ifndef AV_STATIC_H
#define AV_STATIC_H

#include <stddef.h>

#include "core/err.h"

#define STATIC_FILE_MAX (16 * 1024 * 1024) /* bytes in one served file */
#define STATIC_FILES_MAX 4096              /* files under the web dir */

struct static_file {
	char *url;  /* owned: "/css/app.css" */
	char *data; /* owned */
	size_t len;
	char *gz; /* owned gzip variant, or NULL */
	size_t gz_len;
	const char *ctype;   /* static string */
	char etag[40];       /* "\"<32 hex>\"" */
	char etag_gz[48];    /* "\"<32 hex>-gzip\"": another representation */
	int immutable_cache; /* long max-age: fonts, images, hashed names */
	char *tmpl; /* owned by the base table: the template, or NULL */
	size_t tmpl_len;
	int rendered; /* data and gz owned by this rendering's table */
};

#define STATIC_VALUES_MAX 48 /* placeholder names */

/* Loads every regular file under dir (NULL: serve none). */
int static_load(const char *dir, struct av_err *err);
void static_release(void);
/* Exact lookup; "/" maps to "/index.html".  NULL if absent. */
const struct static_file *static_find(const char *url);
size_t static_count(void);

/*
 * Sets the placeholder values (copied) and renders every template with
 * them; may be called before static_load (the values are used then) and
 * from any thread.  AV_EINVAL on too many names.
 */
int static_set_values(const char *const names[], const char *const values[],
                      size_t n, struct av_err *err);

#endif
