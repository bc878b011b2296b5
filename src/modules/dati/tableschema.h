/*
 * tableschema.h - the Frictionless Table Schema (v1 and v2 forms,
 * STANDARDS.md §6) as a validator: a schema parsed from JSON (refused with
 * the JSON path of the first fault), every cell cast to its logical value
 * (missingValues checked before casting, Italian numbers and dates through
 * decimalChar/groupChar and strptime-style formats) and checked against its
 * constraints, then rows streamed from a CSV (libcsv) one chunk at a time:
 * the file is never held whole.  Uniqueness (unique, primaryKey,
 * uniqueKeys) and self foreignKeys keep 64-bit BLAKE2b hashes of the keys,
 * bounded by TS_KEYS_MAX; foreignKeys to other resources (the registry's
 * ISTAT codes) are asked to a lookup callback, so the validator itself
 * touches no database.  Every error is reported, as (row, column, rule,
 * value) with a plain Italian message.
 */
#ifndef AV_DATI_TABLESCHEMA_H
#define AV_DATI_TABLESCHEMA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define TS_FIELDS_MAX 256             /* fields of a schema */
#define TS_NAME_MAX 128               /* bytes of a field name */
#define TS_CELL_MAX (256 * 1024)      /* bytes of one cell */
#define TS_KEYS_MAX (4 * 1024 * 1024) /* hashed keys per unique check */
#define TS_VALUE_SHOWN 120            /* bytes of a value quoted in a message */
#define TS_MSG_MAX 512

enum ts_type {
	TS_ANY = 0,
	TS_STRING,
	TS_NUMBER,
	TS_INTEGER,
	TS_BOOLEAN,
	TS_OBJECT,
	TS_ARRAY,
	TS_LIST,
	TS_DATETIME,
	TS_DATE,
	TS_TIME,
	TS_YEAR,
	TS_YEARMONTH,
	TS_DURATION,
	TS_GEOPOINT,
	TS_GEOJSON,
	TS_TYPE__MAX
};

/* A cast value.  num is the comparable key of every ordered type: the
 * number itself, days since 1970-01-01, seconds, months, etc. */
struct ts_value {
	int null;      /* a missing value (before casting) */
	double num;    /* number, integer, date(time), time, year... */
	int64_t i;     /* integer exactly */
	size_t count;  /* characters (string), items (array, list), keys */
	const char *s; /* the raw cell */
	size_t slen;
};

struct ts_field;
struct ts_schema;

/* The dialect: only what a CSV needs (header row, delimiter, quote). */
struct ts_dialect {
	char delimiter; /* ',' */
	char quote;     /* '"' */
	int header;     /* 1 */
	int skip_initial_space;
};

#define TS_DIALECT_DEFAULT                                                     \
	{                                                                      \
		',', '"', 1, 0                                                 \
	}

/* Reads a Table Dialect object (NULL: the default); errors with the path
 * under prefix ("dialect.delimiter"). */
int ts_dialect_parse(const json_t *j, const char *prefix, struct ts_dialect *d,
                     struct av_err *err);

/*
 * Parses a Table Schema.  On failure AV_EINVAL with err->field the JSON
 * path under prefix ("schema.fields[2].constraints.pattern") and an
 * Italian message.  The schema owns copies of everything.
 */
int ts_schema_parse(const json_t *j, const char *prefix, struct ts_schema **out,
                    struct av_err *err);
void ts_schema_free(struct ts_schema *s);
size_t ts_schema_nfields(const struct ts_schema *s);
const struct ts_field *ts_schema_field(const struct ts_schema *s, size_t i);
const char *ts_field_name(const struct ts_field *f);
enum ts_type ts_field_type(const struct ts_field *f);
const char *ts_type_name(enum ts_type t);
/* "gg/mm/aaaa" for "%d/%m/%Y", "aaaa-mm-gg" for the default date. */
void ts_format_human(const struct ts_field *f, char *buf, size_t cap);

/* One error.  row is the file's line of the record (header = 1, as
 * frictionless' rowNumber), 0 for the header; col 1-based, 0 for a row. */
struct ts_error {
	unsigned long row;
	unsigned col;
	const char *field; /* "" for a row error */
	const char *rule;  /* "type", "required", "minimum", "unique", ... */
	const char *value; /* the cell, truncated to TS_VALUE_SHOWN */
	const char *msg;   /* «riga 118, colonna `x`: «...» non è ...» */
};

/*
 * Casts one cell for field f (the cell is NUL-terminated, len bytes) and
 * checks the field's constraints except unique.  Returns NULL when it
 * passes (v filled, v->null for a missing value), else the rule broken
 * ("type", "required", "pattern", ...) and fills msg (without the "riga"
 * prefix: «31/02/2026» non è una data valida nel formato gg/mm/aaaa).
 */
const char *ts_check_cell(const struct ts_field *f, const char *cell,
                          size_t len, struct ts_value *v, char *msg,
                          size_t msgcap);

/* The lookup for foreignKeys to another resource: 1 found, 0 not found,
 * -1 error.  values[i] are the cells of the key's fields, in order. */
typedef int (*ts_fk_lookup)(void *ctx, const char *resource,
                            const char *const *ref_fields,
                            const char *const *values, size_t n);
/* Called for every error; return nonzero to stop. */
typedef int (*ts_error_cb)(void *ctx, const struct ts_error *e);

struct ts_stats {
	unsigned long rows;   /* data rows read */
	unsigned long errors; /* errors reported */
	unsigned long bad_rows;
};

struct ts_validator;

struct ts_validator *ts_validator_new(const struct ts_schema *s,
                                      const struct ts_dialect *d,
                                      ts_error_cb on_error, void *ectx,
                                      ts_fk_lookup lookup, void *lctx);
/* Feeds bytes of the CSV (any chunking).  AV_EINVAL only for a file that
 * cannot be read on (broken quote, too big a cell: reported as an error
 * with rule "source" first); value errors never stop the stream. */
int ts_validator_feed(struct ts_validator *v, const char *buf, size_t len,
                      struct av_err *err);
/* Ends the stream: the last row, the self foreign keys; fills st. */
int ts_validator_finish(struct ts_validator *v, struct ts_stats *st,
                        struct av_err *err);
void ts_validator_free(struct ts_validator *v);

/* Validates a whole file, 64 KiB at a time. */
int ts_validate_file(const struct ts_schema *s, const struct ts_dialect *d,
                     const char *path, ts_error_cb on_error, void *ectx,
                     ts_fk_lookup lookup, void *lctx, struct ts_stats *st,
                     struct av_err *err);

#endif
