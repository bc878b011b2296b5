/*
 * popolazione.h - what the EU desk's eligibility (src/modules/europa/)
 * needs to know of the Comuni: for each active Comune its name, unit,
 * region and NUTS3.  The population itself is not here: the europa module
 * keeps it with its reference date (comune_popolazione), because a rule is
 * judged at a date and the registry's single population column is not.
 */
#ifndef AV_REGISTRY_POPOLAZIONE_H
#define AV_REGISTRY_POPOLAZIONE_H

#include <stddef.h>

#include "core/err.h"
#include "modules/registry/registry.h"

struct db;

/* An active Comune as the eligibility rules see it. */
struct registry_comune_geo {
	char codice_istat[7];         /* "024116" */
	char nome[REGISTRY_NOME_MAX]; /* "Vicenza" */
	char provincia[4];            /* "024" */
	char sigla[3];                /* "VI" */
	char regione[3];              /* "05" */
	char nuts3[8];                /* "ITH32", "" when unknown */
};

#define REGISTRY_COMUNI_MAX 20000 /* active Comuni (7,896 in 2026) */

/*
 * The active Comuni of the unit provincia ("024"), or of the whole country
 * when provincia is NULL, or the one Comune codice_istat when it is not
 * NULL (provincia then ignored), ordered by ISTAT code.  *out is a new
 * array of *n entries (free() it; NULL when *n is 0).  AV_ETOOBIG above
 * REGISTRY_COMUNI_MAX.
 */
int registry_comuni_geo(struct db *db, const char *provincia,
                        const char *codice_istat,
                        struct registry_comune_geo **out, size_t *n,
                        struct av_err *err);

#endif
