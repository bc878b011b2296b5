/*
 * jw.h - the JSON writer every response uses: values appended straight into
 * the response buffer, no tree in between.
 *
 * jansson stays for *parsing* request bodies; building a jansson tree only to
 * serialise it was most of the cost of a list answer (one malloc per value,
 * then a walk, then a copy).  The writer keeps a small stack of open
 * containers so that commas and colons are placed by it, never by callers,
 * and in checked builds (the default; -DNDEBUG drops the checks) a misuse -
 * a value where a key is due, a close of the wrong kind, a second top-level
 * value - stops the program with the line at fault, because a response
 * that is not JSON is a bug, not an input error.  Strings are escaped with
 * sbuf_add_json_escaped: control characters as \u00XX, invalid UTF-8 as
 * U+FFFD, so whatever the database or a client put there, the output is
 * valid JSON.  Size: the buffer's cap (sbuf) applies; jw_finish reports it.
 *
 *   jw_obj(w);
 *   jw_kstr(w, "codice", "024");
 *   jw_key(w, "items"); jw_arr(w); ... jw_arr_end(w);
 *   jw_obj_end(w);
 */
#ifndef AV_JW_H
#define AV_JW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/sbuf.h"

#define JW_DEPTH_MAX 32 /* nesting of one response */

struct jw {
	struct sbuf *out;
	int depth;                          /* open containers */
	unsigned char open[JW_DEPTH_MAX];   /* '{' or '[' */
	unsigned char counts[JW_DEPTH_MAX]; /* 0 before the first member */
	int key_pending;                    /* a key waits for its value */
	int done; /* the top-level value is complete */
};

void jw_init(struct jw *w, struct sbuf *out);

void jw_obj(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w);
void jw_arr_end(struct jw *w);
/* A member name inside an object; the next call writes its value. */
void jw_key(struct jw *w, const char *key);

void jw_str(struct jw *w, const char *s); /* NULL writes null */
void jw_strn(struct jw *w, const char *s, size_t len);
void jw_i64(struct jw *w, int64_t v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* A jansson value (audit details, stored JSON documents), written as is. */
void jw_json(struct jw *w, const json_t *v);
/* Text that is already one valid JSON value (e.g. a stored document). */
void jw_raw(struct jw *w, const char *json, size_t len);

/* Key and value in one call. */
void jw_kstr(struct jw *w, const char *key, const char *s);
void jw_ki64(struct jw *w, const char *key, int64_t v);
void jw_kbool(struct jw *w, const char *key, int v);
void jw_knull(struct jw *w, const char *key);
/* Key then an opening brace/bracket. */
void jw_kobj(struct jw *w, const char *key);
void jw_karr(struct jw *w, const char *key);

/*
 * Appends the JSON text json (as the writer writes it: no whitespace
 * outside strings) to out laid out as jansson's JSON_INDENT(indent) lays
 * it out: a member or element per line, ": " after a key, empty
 * containers as {} and [].  For people reading the CLI's output.
 */
void jw_indent(struct sbuf *out, const char *json, size_t len, int indent);

/*
 * AV_OK when exactly one complete value was written and the buffer holds
 * it; the buffer's error (AV_ETOOBIG) otherwise.
 */
int jw_finish(const struct jw *w);

#endif
