/*
 * jbody.h - declared request bodies: a table of fields (name, type,
 * required, bounds, validator, nested table) and the one function that
 * checks a JSON body against it, reporting the JSON path of the first bad
 * value in err->field ("referente.email", "lotti[2].cig", "data_adesione").
 *
 * A route points at its table (struct route, .body); the router checks the
 * body with it before the handler runs, and the handler fills its own
 * struct with the same table (req_body_read), so what is accepted, what the
 * OpenAPI document says (jbody_write_schema) and what the handler reads cannot
 * drift apart.
 *
 * Rules, the same for every route:
 *  - a body or nested object is a JSON object; a key not in its table is
 *    refused with its path ("servizi.altro");
 *  - null is the same as absent: a required field that is null or absent is
 *    refused, an optional one is left unset;
 *  - strings hold no NUL and no control character but "\n"; their length
 *    is counted in bytes, within [min, max];
 *  - integers are JSON integers (not 1.0, not "1") within [min, max];
 *  - dates are strings "AAAA-MM-GG" naming a real day;
 *  - arrays hold between min and max items, each checked against item
 *    (paths "offerte[3]", "roles[0].ente").
 */
#ifndef AV_JBODY_H
#define AV_JBODY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct jw;

enum jtype {
	JT_STRING = 1,
	JT_INT,
	JT_BOOL,
	JT_DATE,
	JT_OBJECT,
	JT_ARRAY,
	/* any JSON value, of a polymorphic protocol (CKAN's actions): only
	 * its check function, which is required, decides (stored as json_t *)
	 */
	JT_ANY,
};

enum jfield_flags {
	JF_REQUIRED = 1 << 0, /* absent or null is refused */
};

/*
 * A validator for a value already of the right type and within bounds:
 * AV_OK, or fills err (field = path) and returns its code.
 */
typedef int jfield_check_fn(json_t *v, const char *path, struct av_err *err);

struct jfield {
	const char *name; /* NULL ends a table */
	enum jtype type;
	unsigned flags;
	/* int: value; string: bytes; array: items.  Always both declared. */
	int64_t min, max;
	/*
	 * Where the value goes in the struct handed to jbody_decode, as
	 * offset + 1 (JF_TO; 0: not stored): string/date const char *
	 * (borrowed from the JSON), int int64_t, bool int, object/array
	 * json_t * (borrowed).  An object not stored writes its own fields
	 * into the same struct.  has_off (JF_SEEN): an int set to 1 when the
	 * field is present, 0 when absent or null.
	 */
	size_t off;
	size_t has_off;
	jfield_check_fn *check;      /* or NULL */
	const struct jfield *fields; /* object: its table */
	const struct jfield *item;   /* array: one entry, its items */
	const char *msg;             /* Italian text for a type/bound error */
	const char *desc;            /* for OpenAPI, or NULL */
};

/*
 * Table lines: one macro per type, then where the value goes.
 *   {JF_STRING("email", JF_REQUIRED, 1, 254), JF_TO(struct in, email)},
 */
#define JF_TO(T, m) .off = offsetof(T, m) + 1
#define JF_SEEN(T, m) .has_off = offsetof(T, m) + 1
#define JF_STRING(n, fl, lo, hi)                                               \
	.name = (n), .type = JT_STRING, .flags = (fl), .min = (lo), .max = (hi)
#define JF_INT(n, fl, lo, hi)                                                  \
	.name = (n), .type = JT_INT, .flags = (fl), .min = (lo), .max = (hi)
#define JF_BOOL(n, fl) .name = (n), .type = JT_BOOL, .flags = (fl)
#define JF_DATE(n, fl) .name = (n), .type = JT_DATE, .flags = (fl)
#define JF_OBJECT(n, fl, table)                                                \
	.name = (n), .type = JT_OBJECT, .flags = (fl), .fields = (table)
#define JF_ARRAY(n, fl, lo, hi, it)                                            \
	.name = (n), .type = JT_ARRAY, .flags = (fl), .min = (lo),             \
	.max = (hi), .item = (it)

#define JF_ANY(n, fl, chk)                                                     \
	.name = (n), .type = JT_ANY, .flags = (fl), .check = (chk)

#define JBODY_PATH_MAX 96 /* bytes of a reported path (= av_err.field) */

/*
 * Checks v (an object) against fields and, when dest is not NULL, stores
 * the values of the fields with a destination (JF_TO, JF_SEEN) into it
 * (optional fields absent or null store NULL / 0).  path prefixes the reported
 * paths (NULL or "" for a whole body; "roles[2]" for an item the caller walks).
 * AV_OK, or AV_EINVAL in err with field = the JSON path.
 */
int jbody_decode(json_t *v, const struct jfield *fields, const char *path,
                 void *dest, struct av_err *err);

/* Writes a JSON Schema (OpenAPI 3.0 subset) of the table with w. */
void jbody_write_schema(struct jw *w, const struct jfield *fields);

/*
 * Checks a table itself: names set, bounds declared (max > 0 for strings
 * and arrays, min <= max), objects with a table, arrays with an item.
 * AV_OK or AV_EINTERNAL naming the field.
 */
int jbody_table_check(const struct jfield *fields, struct av_err *err);

#endif
