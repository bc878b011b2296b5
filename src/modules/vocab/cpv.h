/*
 * cpv.h - the CPV 2008 vocabulary (Reg. (EC) 213/2008, LAW.md 9.5): its
 * import and the lookup that decides whether a code exists.
 *
 * The CPV check digit cannot be computed for every code, so a code is
 * valid when its 8 digits are in the vocabulary and, if written, its check
 * digit is the official one.  The format check is pure and lives in valid/
 * (valid_cpv_format); this module owns the table cpv and is the only one
 * that reads it.  Used by `areavasta valida`, the /valida routes (valida.h)
 * and `areavasta import cpv`.
 */
#ifndef AV_VOCAB_CPV_H
#define AV_VOCAB_CPV_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct db;
struct job_ctx;

#define CPV_LABEL_MAX 512               /* bytes of a CPV label */
#define CPV_FILE_MAX (16 * 1024 * 1024) /* the 2008 file is ~1.5 MiB */
#define CPV_ROWS_MAX 20000              /* codes in one import */

struct cpv_entry {
	char codice[9];
	int cifra_controllo;
	int livello;
	char descrizione_it[CPV_LABEL_MAX];
	char descrizione_en[CPV_LABEL_MAX];
};

/*
 * Validates s as a CPV code.  Returns AV_OK with *reason = NULL and e
 * filled when the code is in the vocabulary (and the written check digit,
 * if any, is the official one); AV_OK with *reason set when it is not;
 * another code on a database error, or AV_ENOTFOUND in err when the
 * vocabulary is empty (not imported).
 */
int cpv_lookup(struct db *db, const char *s, size_t len, struct cpv_entry *e,
               const char **reason, struct av_err *err);

/* Level of a CPV code from its trailing zeros: 1 division ... 5 deeper. */
int cpv_level(const char code8[9]);

/*
 * Imports the vocabulary from a CSV stream (header code,check_digit,
 * label_it,label_en; at most CPV_ROWS_MAX rows and CPV_FILE_MAX bytes;
 * path names it in messages): read in chunks, every row validated, written
 * in one transaction with its audit record (vocab.import_cpv), so either
 * the whole file is loaded or nothing changes.  Re-importing updates rows.
 * Progress in bytes to job.  *rows receives the count.  AV_EINVAL with the
 * record number on bad input.
 */
int cpv_import(struct db *db, FILE *in, const char *path, struct job_ctx *job,
               size_t *rows, struct av_err *err);

#endif
