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

static const struct sql_def q_provincia_exists = {
    "ente_provincia_exists", 1,
    "SELECT COUNT(*) FROM provincia WHERE codice = $1 AND attivo = 1"};
static const struct sql_def q_comune_exists = {
    "ente_comune_exists", 1,
    "SELECT COUNT(*) FROM comune WHERE codice_istat = $1 AND attivo = 1"};

int
ente_check(struct db *db, const char *ente, struct av_err *err)
{
	const struct sql_def *q = NULL;
	const char *code = NULL;
	int64_t n = 0;
	struct db_param p[1];

	if (strcmp(ente, "upi") == 0)
		return AV_OK;
	if (strncmp(ente, "provincia:", 10) == 0 &&
	    ascii_all_digits(ente + 10, 3)) {
		q = &q_provincia_exists;
		code = ente + 10;
	} else if (strncmp(ente, "comune:", 7) == 0 &&
	           ascii_all_digits(ente + 7, 6)) {
		q = &q_comune_exists;
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
	p[0] = P_TEXT(code);
	if (db_query_i64(db, q, p, 1, &n, NULL, err) != AV_OK)
		return err->code;
	if (n == 0)
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

static const struct sql_def q_comune_provincia = {
    "scope_comune_provincia", 1,
    "SELECT provincia FROM comune WHERE codice_istat = $1"};

/* Whether u is admin of the Province with this UTS code. */
static int
admin_of(const struct user *u, const char *provincia_code)
{
	char want[ENTE_CODE_MAX + 1];
	int i;

	snprintf(want, sizeof(want), "provincia:%s", provincia_code);
	for (i = 0; i < u->nroles; i++)
		if (u->roles[i].role == ROLE_ADMIN &&
		    strcmp(u->roles[i].ente, want) == 0)
			return 1;
	return 0;
}

int
grant_in_scope(struct db *db, const struct user *u, const char *ente,
               struct av_err *err)
{
	if (strncmp(ente, "operatore:", 10) == 0)
		return AV_OK;
	if (strncmp(ente, "provincia:", 10) == 0 && admin_of(u, ente + 10))
		return AV_OK;
	if (strncmp(ente, "comune:", 7) == 0) {
		struct db_param p[1] = {P_TEXT(ente + 7)};
		struct db_cursor *c;
		int r, ok = 0;

		if (db_query(db, &q_comune_provincia, p, 1, &c, err) != AV_OK)
			return err->code;
		r = db_next(c, err);
		if (r == 1)
			ok = admin_of(u, db_col_text(c, 0));
		db_cursor_close(c);
		if (r < 0)
			return err->code;
		if (ok)
			return AV_OK;
	}
	return av_fail(err, AV_EFORBIDDEN, "ente",
	               "Puoi assegnare ruoli solo sulla tua Provincia, sui"
	               " suoi Comuni e sugli operatori economici.");
}

int
user_in_scope(struct db *db, const struct user *u, int64_t target,
              struct av_err *err)
{
	struct role_grant grants[USER_ROLES_MAX];
	struct av_err scope = AV_ERR_INIT;
	int n = 0, i;

	if (user_grants(db, target, grants, USER_ROLES_MAX, &n, err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++) {
		if (grant_in_scope(db, u, grants[i].ente, &scope) == AV_OK)
			continue;
		if (scope.code != AV_EFORBIDDEN) {
			*err = scope;
			return err->code;
		}
		return av_fail(err, AV_EFORBIDDEN, "id",
		               "L'utente ha ruoli fuori dalla tua Provincia.");
	}
	return AV_OK;
}
