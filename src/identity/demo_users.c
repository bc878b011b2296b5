/*
 * demo_users.c - one account per role for `areavasta demo`, so a person
 * trying the platform can log in as each kind of user.  Passwords are random
 * for every demo database (printed once, like any one-time password) and
 * need no change at first login; the accounts live only in the demo file.
 * They are recorded as made by the demo Province's admin (created_by,
 * granted_by), so its admin manages them all -- the operator included --
 * except the upi account, which only the console grants.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "db/db.h"
#include "identity/identity.h"
#include "modules/registry/registry.h"

/* A fictitious economic operator for the demo (valid check digit). */
#define DEMO_OPERATOR_PIVA "01234567897"

/*
 * Creates (or, when present, gives a new password and grants the role to)
 * one demo account email with role on ente, made by actor, and prints its
 * line: email, the new password, role, ente and label.
 */
static int
demo_user(struct db *db, const struct account_actor *a, const char *email,
          const char *name, enum role role, const char *ente, const char *label,
          const char *cf, FILE *out, struct av_err *err)
{
	char pw[21], hash[PASSWORD_HASH_MAX];
	struct user_row row;
	int64_t id = 0, revoked = 0;
	int found = 0;

	password_generate(pw);
	if (password_hash(pw, hash, err) != AV_OK ||
	    user_find_email(db, email, &row, &found, err) != AV_OK)
		return err->code;
	if (found) {
		/* A new password: what the old one opened ends. */
		if (account_password_reset(db, a, row.id, hash, 0, &revoked,
		                           err) != AV_OK ||
		    account_grant(db, a, row.id, role, ente, err) != AV_OK)
			return err->code;
	} else {
		struct account_grant g = {role, ente};
		struct account_new in = {email, name, hash, 0, &g, 1, cf};

		if (account_create(db, a, &in, &id, err) != AV_OK)
			return err->code;
	}
	fprintf(out, "  %-34s %-22s %-14s %s%s%s\n", email, pw, role_name(role),
	        ente, label[0] ? " " : "", label);
	sodium_memzero(pw, sizeof(pw));
	return AV_OK;
}

/* The demo Province's admin as an actor: its scope, no user. */
static void
demo_province_actor(const char *provincia, struct user *admin,
                    struct admin_scope *scope, struct account_actor *a)
{
	memset(admin, 0, sizeof(*admin));
	admin->nroles = 1;
	admin->roles[0].role = ROLE_ADMIN;
	snprintf(admin->roles[0].ente, sizeof(admin->roles[0].ente),
	         "provincia:%s", provincia);
	admin_scope_init(scope, admin);
	a->user_id = 0;
	a->scope = scope;
}

int
identity_demo_users(struct db *db, const char *sigla, FILE *out,
                    struct av_err *err)
{
	static const struct {
		enum role role;
		const char *local;
		const char *name;
		/*
		 * A fictitious codice fiscale for the SPID/CIE demo: surname
		 * and name letters of the demo name, born 1 January 2000,
		 * place Z999 (no such place), check character computed (the
		 * unit test tests/unit/identity/user_cf_test.c recomputes
		 * it; docs/identity.md lists them).
		 */
		const char *cf;
	} who[] = {
	    {ROLE_ADMIN, "admin", "Alessandra Admin (demo)",
	     "DMNLSN00A41Z999B"},
	    {ROLE_SUA_OFFICER, "sua", "Stefano Appalti (demo)",
	     "PPLSFN00A01Z999O"},
	    {ROLE_COMMISSIONER, "commissario", "Carla Commissaria (demo)",
	     "CMMCRL00A41Z999I"},
	    {ROLE_SAPE_OFFICER, "europa", "Elena Europa (demo)",
	     "RPELNE00A41Z999T"},
	    {ROLE_DATA_OFFICER, "dati", "Dario Dati (demo)",
	     "DTADRA00A01Z999M"},
	    {ROLE_COMUNE, "comune", "Marco Comune (demo)", "CMNMRC00A01Z999H"},
	    {ROLE_OPERATOR, "operatore", "Olga Operatrice (demo)",
	     "PRTLGO00A41Z999A"},
	    {ROLE_UPI, "upi", "Ugo Unione (demo)", "NNUGUO00A01Z999H"},
	    /* The demo tender's other key holders and commissioners
	       (modules/sua/offerte_demo.c, docs/demo-sua.md). */
	    {ROLE_SUA_OFFICER, "sua.capo", "Silvia Capo SUA (demo)",
	     "CPASLV00A41Z999Q"},
	    {ROLE_SUA_OFFICER, "sua.custode", "Sergio Custode (demo)",
	     "CSTSRG00A01Z999R"},
	    {ROLE_COMMISSIONER, "commissario2", "Corrado Commissario (demo)",
	     "CMMCRD00A01Z999W"},
	    {ROLE_COMMISSIONER, "commissario3", "Chiara Commissaria (demo)",
	     "CMMCHR00A41Z999X"},
	};
	char provincia[4] = "", comune[7] = "", comune_nome[128] = "";
	struct user admin;
	struct admin_scope scope;
	struct account_actor province = {0, NULL};
	static const struct account_actor console = {0, NULL};
	size_t i;
	int r;

	if (registry_codice_of_sigla(db, sigla, provincia, &r, err) != AV_OK)
		return err->code;
	if (!r)
		return av_fail(err, AV_EINVAL, "provincia",
		               "Provincia '%s' non trovata.", sigla);
	if (registry_capoluogo(db, provincia, comune, comune_nome,
	                       sizeof(comune_nome), &r, err) != AV_OK)
		return err->code;
	demo_province_actor(provincia, &admin, &scope, &province);
	fprintf(out, "\nUtenti dimostrativi (uno per ruolo):\n");
	fprintf(out, "  %-34s %-22s %-14s %s\n", "email", "password", "ruolo",
	        "ente");
	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		char email[96], ente[ENTE_CODE_MAX + 1];
		/* The Province's admin makes them all but upi's (console). */
		const struct account_actor *a =
		    who[i].role == ROLE_UPI ? &console : &province;

		snprintf(email, sizeof(email), "%s@demo.areavasta.example",
		         who[i].local);
		switch (who[i].role) {
		case ROLE_COMUNE:
			snprintf(ente, sizeof(ente), "comune:%s", comune);
			break;
		case ROLE_OPERATOR:
			snprintf(ente, sizeof(ente), "operatore:%s",
			         DEMO_OPERATOR_PIVA);
			break;
		case ROLE_UPI:
			snprintf(ente, sizeof(ente), "upi");
			break;
		default:
			snprintf(ente, sizeof(ente), "provincia:%s", provincia);
			break;
		}
		if (demo_user(db, a, email, who[i].name, who[i].role, ente,
		              who[i].role == ROLE_COMUNE ? comune_nome : "",
		              who[i].cf, out, err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
identity_demo_operator(struct db *db, const char *provincia, const char *local,
                       const char *name, const char *piva,
                       const char *ragione_sociale, FILE *out,
                       struct av_err *err)
{
	char email[96], ente[ENTE_CODE_MAX + 1];
	struct user admin;
	struct admin_scope scope;
	struct account_actor province = {0, NULL};

	demo_province_actor(provincia, &admin, &scope, &province);
	snprintf(email, sizeof(email), "%s@demo.areavasta.example", local);
	snprintf(ente, sizeof(ente), "operatore:%s", piva);
	return demo_user(db, &province, email, name, ROLE_OPERATOR, ente,
	                 ragione_sociale, NULL, out, err);
}
