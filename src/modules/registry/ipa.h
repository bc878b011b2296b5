/*
 * ipa.h - an ente's public-body identity for the open-data catalogue
 * (DCAT-AP_IT dcatapit:Agent, ../shared/design/STANDARDS.md §4.2): its
 * IPA code as the registry can derive it and its name.  A Province is
 * "p_<sigla>" (p_TN), a Comune "c_<codice catastale>" (c_m208): the usual
 * form, UNCERTAIN as STANDARDS says (verify against indicepa.gov.it).
 */
#ifndef AV_REGISTRY_IPA_H
#define AV_REGISTRY_IPA_H

#include <stddef.h>

#include "core/err.h"
#include "db/db.h"

#define REGISTRY_IPA_MAX 16

struct registry_ente_ipa {
	char ipa[REGISTRY_IPA_MAX]; /* "p_VI", "c_l840" */
	char nome[160];             /* "Provincia di Vicenza", "Vicenza" */
	char provincia[4];          /* the unit responsible: "024" */
	char istat[7];              /* a Comune's ISTAT code, "" else */
	int comune;                 /* 1 for a Comune */
};

/*
 * The identity of ente ("provincia:024", "comune:024116"), active only;
 * *found = 0 for anything else (other kinds of ente, unknown codes).
 */
int registry_ente_ipa(struct db *db, const char *ente,
                      struct registry_ente_ipa *out, int *found,
                      struct av_err *err);

extern const struct sql_def registry_ipa_sql[];
extern const size_t registry_ipa_sql_count;

#endif
