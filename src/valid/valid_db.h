/*
 * valid_db.h - validators that need the database: CPV codes (looked up in
 * the CPV 2008 vocabulary loaded by `areavasta import cpv`) and ISTAT codes
 * of comuni (looked up in the registry).  Kept apart from valid.h so the
 * pure validators link without the data-access layer.
 */
#ifndef AV_VALID_DB_H
#define AV_VALID_DB_H

#include <stddef.h>

#include "core/err.h"
#include "db/db.h"

enum valid_cpv_q {
	Q_CPV_GET,
	Q_CPV_COUNT,
	Q_CPV_UPSERT,
	Q_ISTAT_GET,
	Q_VALID__MAX
};
extern const struct sql_def valid_sql[Q_VALID__MAX];

#define CPV_LABEL_MAX 512 /* bytes of a CPV label */

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
int valid_cpv_lookup(struct db *db, const char *s, size_t len,
                     struct cpv_entry *e, const char **reason,
                     struct av_err *err);

/*
 * Validates s as the ISTAT code of a comune present in the registry; the
 * name goes into nome (NUL-terminated, truncated to nome_len).
 */
int valid_istat_lookup(struct db *db, const char *s, size_t len, char *nome,
                       size_t nome_len, const char **reason,
                       struct av_err *err);

/* Level of a CPV code from its trailing zeros: 1 division ... 5 deeper. */
int cpv_level(const char code8[9]);

#endif
