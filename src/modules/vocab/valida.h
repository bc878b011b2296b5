/*
 * valida.h - the "valida" use case: one JSON answer per code, shared by
 * `areavasta valida` and GET /api/v1/valida/{tipo}/{codice}: {"tipo",
 * "codice","valido",...,"motivo"} where "..." are the details of the kind
 * (CIG form, CPV labels, codice fiscale data, comune name) and motivo is
 * null when valid.  It combines the pure checks of valid/ with the CPV
 * vocabulary (cpv.h) and the registry's comuni (registry.h), which is why
 * it is a module and not part of valid/.
 */
#ifndef AV_VOCAB_VALIDA_H
#define AV_VOCAB_VALIDA_H

#include <stddef.h>

#include "core/err.h"

struct db;

/* "cf", "piva", "cig", "cup", "cpv", "istat" (NULL-terminated). */
extern const char *const valid_kinds[];

/* 1 if tipo needs the database (cpv, istat). */
int valid_kind_needs_db(const char *tipo);

struct jw;

/*
 * Checks code (len bytes) as tipo and writes the answer to w; *valid is 1
 * when the code is valid.  db may be NULL for kinds that do not need it.
 * Fails, with nothing written, with AV_EINVAL (field "tipo") for an
 * unknown kind, AV_ENOTFOUND if the CPV vocabulary is not loaded, or a
 * database error.  An invalid code is not a failure.
 */
int valid_check_write(struct db *db, const char *tipo, const char *code,
                      size_t len, struct jw *w, int *valid, struct av_err *err);

#endif
