/*
 * registry.h - registry operations shared by the CLI and the HTTP handlers
 * (the handlers themselves are in handlers.c, the routes in routes.c).
 */
#ifndef AV_REGISTRY_H
#define AV_REGISTRY_H

#include <jansson.h>

#include "core/err.h"

struct db;

#define REGISTRY_Q_MAX 100     /* bytes of the ?q= search text */
#define REGISTRY_LIMIT_DEF 50  /* default page size of /comuni */
#define REGISTRY_LIMIT_MAX 500 /* largest page size of /comuni */

/*
 * The code ("024") of the active unit with this sigla ("VI"); *found = 0
 * when none.  codice receives 4 bytes.
 */
int registry_codice_of_sigla(struct db *db, const char *sigla, char codice[4],
                             int *found, struct av_err *err);

/*
 * Sets the Province that runs this instance, by sigla of an active unit.
 * AV_EINVAL (field "provincia") when the sigla names no active unit.
 */
int registry_istanza_set(struct db *db, const char *sigla, struct av_err *err);

/*
 * {"provincia":{...}|null,"comuni_attivi":N,"popolazione":P,"versione":V}.
 * The figures are those of the instance Province, or of the whole country
 * while no Province is set.  *out is owned by the caller.
 */
int registry_istanza_json(struct db *db, json_t **out, struct av_err *err);

#endif
