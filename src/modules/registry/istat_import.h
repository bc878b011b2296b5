/*
 * istat_import.h - storing an ISTAT list of Comuni in the registry.
 *
 * The library half of `areavasta import istat` (the CLI only parses
 * arguments and prints): the file is parsed and checked completely
 * (istat_csv.h), then written in ONE transaction, so a bad file changes
 * nothing.  Re-importing is idempotent: identical rows are not touched,
 * changed rows are updated, Comuni and units missing from the file become
 * inactive (never deleted), population, codice fiscale and NUTS are kept
 * when the file has no value for them.
 */
#ifndef AV_REGISTRY_ISTAT_IMPORT_H
#define AV_REGISTRY_ISTAT_IMPORT_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/registry/istat_csv.h"

struct db;
struct job_ctx;

struct istat_summary {
	enum istat_layout layout;
	int converted; /* the file was Windows-1252 */
	int has_popolazione;
	size_t rows;    /* Comuni in the file */
	size_t added;   /* Comuni new to the registry */
	size_t updated; /* changed or reactivated */
	size_t unchanged;
	size_t deactivated; /* active before, absent from the file */
	size_t uts;         /* units in the file */
	size_t uts_deactivated;
	size_t ignored_cols; /* header columns not used */
	/* Renumbered Comuni (new code, same cadastral code as a suppressed
	 * one) that kept the population the registry had for them. */
	size_t pop_carried;
};

/* Parses and stores a file already in memory. */
int istat_import_buf(struct db *db, const unsigned char *data, size_t len,
                     struct istat_summary *sum, struct av_err *err);

/*
 * Reads path in chunks (at most ISTAT_FILE_MAX bytes in all) and imports
 * it.
 */
int istat_import_file(struct db *db, const char *path,
                      struct istat_summary *sum, struct av_err *err);

/*
 * The job kind "import_istat" (src/jobs/kinds.c): input {"path": FILE,
 * "remove": true|false}; progress in bytes while the file is read, then in
 * Comuni while they are written; result istat_summary_json.  ("remove":
 * the pool deletes the file when the job ends, see job.h.)  The audit
 * record names the job's owner.
 */
int istat_import_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                     struct av_err *err);

/* The summary as a job result, and back (-1 if o is not an object). */
json_t *istat_summary_json(const struct istat_summary *s);
int istat_summary_from_json(const json_t *o, struct istat_summary *s);

/* "classico (Windows-1252)" etc., for the summary line. */
const char *istat_layout_name(enum istat_layout l);

#endif
