/*
 * tabelle.h - the tabular store of the open-data service (issue 15 item
 * 3; docs/dati-tabelle.md): a CSV resource ingested, streamed, into a
 * generated table dati_t_<id> (text columns c1..cn, the mapping of field
 * names in dati_tabella_campo), swapped in atomically as the resource's
 * tabella_id.  datastore_search and the aggregates read it.
 */
#ifndef AV_DATI_TABELLE_H
#define AV_DATI_TABELLE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct job_ctx;

#define TAB_FILE_MAX ((int64_t)1536 * 1024 * 1024) /* bytes of a CSV */
#define TAB_COLS_MAX 512                           /* columns of a table */
#define TAB_FIELD_MAX (64 * 1024)                  /* bytes of one value */
#define TAB_ROW_MAX (4 * 1024 * 1024)              /* bytes of one record */
#define TAB_NAME_MAX 200                           /* bytes of a field name */
#define TAB_ROWS_MAX ((int64_t)50 * 1000 * 1000)   /* records of a table */
#define TAB_TIPO_MAX 16                            /* bytes of a type name */

/* What to ingest.  Borrowed strings. */
struct tab_ingest_opts {
	int64_t dataset_id;   /* required */
	int64_t risorsa_id;   /* 0: create a CSV resource named nome */
	const char *nome;     /* the new resource's name (default: file) */
	const char *path;     /* the CSV file */
	const json_t *schema; /* a Table Schema (fields in order) or NULL */
	char delim;           /* 0: detected from the header line */
	int64_t actor_id;     /* 0: the system (CLI) */
	const char *ente;     /* acted for, or NULL */
};

struct tab_ingest_result {
	int64_t risorsa_id;
	int64_t tabella_id;
	int64_t righe;
	int colonne;
	int64_t bytes;
	char delim;
};

/*
 * Reads path once, streamed (a reader thread parses and checks it into a
 * ring of a few batches that this thread writes: memory does not grow
 * with the file), into a fresh table, then in the same
 * transaction points the resource at it and drops the table it replaces;
 * audited ("dati.ingest").  On any error nothing changes and err says, in
 * Italian, the line ("riga N") and column: malformed quotes, a record
 * with the wrong number of fields, invalid UTF-8, a UTF-16 file, a value
 * over TAB_FIELD_MAX, a wrong delimiter, a header not matching the schema,
 * a file over TAB_FILE_MAX.  A UTF-8 BOM is skipped.  job may be NULL.
 */
int tab_ingest(struct db *db, const struct tab_ingest_opts *o,
               struct job_ctx *job, struct tab_ingest_result *r,
               struct av_err *err);

/*
 * The "dati_ingest" job: input {"dataset_id", "path", ["risorsa_id"],
 * ["nome"], ["schema"], ["delimiter"]}; result {"risorsa_id",
 * "tabella_id", "righe", "colonne", "byte"}.
 */
int dati_ingest_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                    struct av_err *err);

/*
 * For `areavasta copy`, inside its transactions: every ready table
 * dati_t_<id> of src (dati_tabella, already copied to dst) recreated on
 * dst and filled in _id order, then both read again and compared (rows
 * and an order-dependent SHA-256); each(arg, id, rows) after each one.
 */
int tab_copy_all(struct db *src, struct db *dst,
                 void (*each)(void *arg, int64_t id, int64_t rows), void *arg,
                 struct av_err *err);

/*
 * The delimiter of a header line: the one of ',' ';' '\t' '|' that
 * splits it (outside quotes) into the most fields; ',' on a tie or when
 * none does.  Pure, for the unit tests.
 */
char tab_detect_delim(const char *line, size_t len);

/*
 * The Table Schema type a column's values allow, from the flags
 * tab_infer_value accumulates: "integer", "number", "date" or "string".
 */
enum tab_infer {
	TAB_MAYBE_INT = 1 << 0,
	TAB_MAYBE_NUM = 1 << 1,
	TAB_MAYBE_DATE = 1 << 2,
	TAB_SEEN = 1 << 3, /* a non-empty value was seen */
};
#define TAB_INFER_INIT (TAB_MAYBE_INT | TAB_MAYBE_NUM | TAB_MAYBE_DATE)
/* v is a number as "number" infers it, and a valid JSON number. */
int tab_is_json_number(const char *v, size_t len);
unsigned tab_infer_value(unsigned flags, const char *v, size_t len);
const char *tab_infer_type(unsigned flags);

#endif
