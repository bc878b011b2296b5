/*
 * roles.c - role names and ente codes.
 *
 * An ente code says which entity a role is held on: 'provincia:NNN' (an
 * active UTS of the registry), 'comune:NNNNNN' (an active Comune),
 * 'operatore:NNNNNNNNNNN' (a partita IVA, 11 digits) or 'upi' (the national
 * union of Provinces).
 */
#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/registry/registry.h"
#include "valid/valid.h"

static const char *const role_names[ROLE__MAX] = {
    [ROLE_ADMIN] = "admin",
    [ROLE_SUA_OFFICER] = "sua_officer",
    [ROLE_COMMISSIONER] = "commissioner",
    [ROLE_SAPE_OFFICER] = "sape_officer",
    [ROLE_DATA_OFFICER] = "data_officer",
    [ROLE_COMUNE] = "comune",
    [ROLE_OPERATOR] = "operator",
    [ROLE_UPI] = "upi",
    [ROLE_APPLICANT] = "applicant",
};

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "?";
}

int
role_parse(const char *s, enum role *out)
{
	int r;

	for (r = 0; r < ROLE__MAX; r++)
		if (strcmp(s, role_names[r]) == 0) {
			*out = (enum role)r;
			return 0;
		}
	return -1;
}

int
ente_check(struct db *db, const char *ente, struct av_err *err)
{
	int (*exists)(struct db *, const char *, int *, struct av_err *) = NULL;
	const char *code = NULL;
	int found = 0;

	if (strcmp(ente, "upi") == 0)
		return AV_OK;
	if (strncmp(ente, "provincia:", 10) == 0 &&
	    ascii_all_digits(ente + 10, 3)) {
		exists = registry_provincia_active;
		code = ente + 10;
	} else if (strncmp(ente, "comune:", 7) == 0 &&
	           ascii_all_digits(ente + 7, 6)) {
		exists = registry_comune_active;
		code = ente + 7;
	} else if (strncmp(ente, "operatore:", 10) == 0) {
		const char *why = valid_piva(ente + 10, strlen(ente + 10), 0);

		if (why != NULL)
			return av_fail(err, AV_EINVAL, "ente",
			               "Partita IVA dell'operatore non valida:"
			               " %s.",
			               why);
		return AV_OK;
	} else {
		return av_fail(err, AV_EINVAL, "ente",
		               "Ente non valido: usare 'provincia:NNN',"
		               " 'comune:NNNNNN', 'operatore:PARTITAIVA' o"
		               " 'upi'.");
	}
	if (exists(db, code, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_EINVAL, "ente",
		               "L'ente '%.40s' non esiste nell'anagrafe.",
		               ente);
	return AV_OK;
}

int
grant_check(struct db *db, enum role r, const char *ente, struct av_err *err)
{
	const char *want;

	if (ente_check(db, ente, err) != AV_OK)
		return err->code;
	switch (r) {
	case ROLE_COMUNE:
		want = "comune:";
		break;
	case ROLE_OPERATOR:
	case ROLE_APPLICANT:
		want = "operatore:";
		break;
	case ROLE_UPI:
		want = "upi";
		break;
	default:
		want = "provincia:";
		break;
	}
	if (strncmp(ente, want, strlen(want)) != 0)
		return av_fail(err, AV_EINVAL, "ente",
		               "Il ruolo '%s' si assegna su un ente di tipo"
		               " '%s'.",
		               role_name(r), want);
	return AV_OK;
}
