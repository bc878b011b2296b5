/*
 * popolazione.h - the resident population of the Comuni WITH its
 * reference date (comune_popolazione, migration 0034): the import of
 * ISTAT files by column name, and the value a rule uses at a date (the
 * latest not after it, saying which).  docs/europa-ammissibilita.md.
 *
 * It lives in the europa module, not in the registry, because its table
 * came with the EU desk's migration; the registry's own single
 * `comune.popolazione` column is untouched and never mixed with it.
 */
#ifndef AV_EUROPA_POPOLAZIONE_H
#define AV_EUROPA_POPOLAZIONE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct job_ctx;

#define POP_FILE_MAX (64 * 1024 * 1024) /* bytes of one population file */
#define POP_ROWS_MAX 200000             /* data rows of one file */
#define POP_DATE_LATEST "9999-12-31"    /* "at the latest date known" */

/* Layouts recognised by their column names. */
enum pop_layout {
	POP_CENSIMENTO_2011, /* codice_istat, ..., popolazione_2011 */
	POP_ISTAT_ELENCO,    /* "Popolazione legale 2011 (09/10/2011)" */
	POP_ISTAT_RESIDENTI, /* demo.istat.it: Codice comune, Età, Totale */
	POP_GENERIC          /* codice_istat, popolazione (+ --data) */
};

const char *pop_layout_name(enum pop_layout l);

struct pop_summary {
	enum pop_layout layout;
	char data[11];         /* reference date of the values, AAAA-MM-GG */
	char data_origine[64]; /* where the date came from */
	size_t rows;           /* values read */
	size_t added, changed, unchanged;
};

/*
 * Imports the file at path (CSV, ',' or ';', UTF-8 or Windows-1252)
 * into comune_popolazione, all or nothing, with an audit record by
 * actor_id.  data ("AAAA-MM-GG", or NULL) states the reference date; when
 * NULL the date comes from the file (its column name or title line), and a
 * file that says none is refused.  job may be NULL.  A malformed file
 * fails with AV_EINVAL naming the record ("riga 12: ...").
 */
int europa_popolazione_import(struct db *db, const char *path, const char *data,
                              int64_t actor_id, struct job_ctx *job,
                              struct pop_summary *sum, struct av_err *err);

/* The job "import_popolazione": input {"path", "data"?}. */
int europa_popolazione_job(struct job_ctx *ctx, const json_t *input,
                           json_t **result, struct av_err *err);
/* The summary of a job's result, for the CLI. */
void pop_summary_from_json(const json_t *result, struct pop_summary *s);

/*
 * The population of codice_istat at date (AAAA-MM-GG; POP_DATE_LATEST for
 * the latest): the latest value whose reference date is not after date,
 * into *pop with that date in data_used; *found = 0 when none.
 */
int europa_popolazione_at(struct db *db, const char *codice_istat,
                          const char *date, int64_t *pop, char data_used[11],
                          int *found, struct av_err *err);

/* One Comune's value at a date (europa_popolazione_all). */
struct pop_value {
	char codice_istat[7];
	char data[11];
	int64_t popolazione;
};

/*
 * The value at date of every Comune that has one, ordered by code: *out
 * a new array of *n (free()).
 */
int europa_popolazione_all(struct db *db, const char *date,
                           struct pop_value **out, size_t *n,
                           struct av_err *err);

#endif
