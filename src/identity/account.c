/*
 * account.c - the use cases of account administration, one function each,
 * called alike by the HTTP handlers (user_handlers.c) and the CLI
 * (`areavasta user ...`): create an account with its grants, grant,
 * revoke, reset the password, rename, deactivate/reactivate.
 *
 * Each one checks who acts (an admin within its scope, or the console),
 * makes the change, and appends its one audit record, whose shape is
 * therefore the same whichever door the request came through.  Each runs
 * in the caller's write transaction when one is open (the router may open
 * it for an audited route), else in its own, committed on success and
 * rolled back on failure.
 */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "identity/identity.h"
#include "identity/user_cf.h"

static const char *
acting_ente(const struct account_actor *a)
{
	return a->scope != NULL ? admin_scope_acting(a->scope) : NULL;
}

static int
account_audit(struct db *db, const struct account_actor *a, const char *action,
              int64_t id, json_t *details, struct av_err *err)
{
	/* The ente the admin acted for, so the log can be filtered by it. */
	return identity_audit(db, a->user_id, acting_ente(a), action, "user",
	                      id, details, err);
}

/* The account exists and, for an admin, is one it manages (else 404). */
static int
reach(struct db *db, const struct account_actor *a, int64_t id,
      struct av_err *err)
{
	struct user_row row;
	int found = 0;

	if (a->scope != NULL)
		return scope_user_check(db, a->scope, id, err);
	if (user_find_id(db, id, &row, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Utente non trovato.");
	return AV_OK;
}

/* A grant is valid and, for an admin, within its scope; then recorded. */
static int
grant_new(struct db *db, const struct account_actor *a, int64_t id, enum role r,
          const char *ente, struct av_err *err)
{
	if (grant_check(db, r, ente, err) != AV_OK ||
	    (a->scope != NULL &&
	     scope_grant_check(db, a->scope, ente, err) != AV_OK))
		return err->code;
	return user_grant(db, id, r, ente, acting_ente(a), err);
}

int
account_create(struct db *db, const struct account_actor *a,
               const struct account_new *in, int64_t *id_out,
               struct av_err *err)
{
	json_t *roles;
	int own, rc;
	size_t i;
	char cf[USER_CF_LEN + 1] = "";

	if (in->ngrants > ACCOUNT_GRANTS_MAX)
		return av_fail(err, AV_EINVAL, "roles",
		               "Al più %d ruoli per un nuovo utente.",
		               ACCOUNT_GRANTS_MAX);
	if (user_email_check(in->email, err) != AV_OK ||
	    user_name_check(in->name, err) != AV_OK)
		return err->code;
	if (in->codice_fiscale != NULL && in->codice_fiscale[0] != '\0' &&
	    user_cf_normalize(in->codice_fiscale, "codice_fiscale", cf, err) !=
	        AV_OK)
		return err->code;
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	/* Its Province answers for the account while it has no grants. */
	rc = user_create(db, in->email, in->name, in->password_hash,
	                 acting_ente(a), id_out, err);
	if (rc == AV_OK && !in->must_change_password)
		rc = user_set_password(db, *id_out, in->password_hash, 0, err);
	if (rc == AV_OK && cf[0] != '\0')
		rc = user_cf_set(db, *id_out, cf, "codice_fiscale", err);
	roles = json_array();
	for (i = 0; rc == AV_OK && i < in->ngrants; i++) {
		rc = grant_new(db, a, *id_out, in->grants[i].role,
		               in->grants[i].ente, err);
		/* The grant's error names its field: say which grant. */
		if (rc != AV_OK && (strcmp(err->field, "ente") == 0 ||
		                    strcmp(err->field, "role") == 0))
			snprintf(err->field, sizeof(err->field),
			         "roles[%zu].%s", i,
			         err->field[0] == 'e' ? "ente" : "role");
		json_array_append_new(roles,
		                      json_pack("{s:s, s:s}", "role",
		                                role_name(in->grants[i].role),
		                                "ente", in->grants[i].ente));
	}
	if (rc == AV_OK)
		rc = account_audit(db, a, "user.create", *id_out,
		                   json_pack("{s:s, s:s, s:O, s:s?}", "email",
		                             in->email, "name", in->name,
		                             "roles", roles, "codice_fiscale",
		                             cf[0] ? cf : NULL),
		                   err);
	json_decref(roles);
	return db_tx_leave(db, own, rc, err);
}

int
account_grant(struct db *db, const struct account_actor *a, int64_t id,
              enum role r, const char *ente, struct av_err *err)
{
	int own, rc;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	rc = reach(db, a, id, err);
	if (rc == AV_OK)
		rc = grant_new(db, a, id, r, ente, err);
	if (rc == AV_OK)
		rc = account_audit(
		    db, a, "user.grant", id,
		    json_pack("{s:s, s:s}", "role", role_name(r), "ente", ente),
		    err);
	return db_tx_leave(db, own, rc, err);
}

int
account_revoke(struct db *db, const struct account_actor *a, int64_t id,
               enum role r, const char *ente, struct av_err *err)
{
	int own, rc, found = 0;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	rc = reach(db, a, id, err);
	/* A managed account holds only grants in scope: this refuses upi. */
	if (rc == AV_OK && a->scope != NULL)
		rc = scope_grant_check(db, a->scope, ente, err);
	if (rc == AV_OK)
		rc = user_revoke(db, id, r, ente, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "ente",
		             "L'utente non ha questo ruolo su questo ente.");
	if (rc == AV_OK)
		rc = account_audit(
		    db, a, "user.revoke", id,
		    json_pack("{s:s, s:s}", "role", role_name(r), "ente", ente),
		    err);
	return db_tx_leave(db, own, rc, err);
}

int
account_password_reset(struct db *db, const struct account_actor *a, int64_t id,
                       const char *password_hash, int must_change,
                       int64_t *tokens_revoked, struct av_err *err)
{
	int own, rc;

	*tokens_revoked = 0;
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	rc = reach(db, a, id, err);
	if (rc == AV_OK)
		rc = user_set_password(db, id, password_hash, must_change, err);
	if (rc == AV_OK)
		rc = user_end_access(db, id, (int64_t)time(NULL),
		                     tokens_revoked, err);
	if (rc == AV_OK)
		rc = account_audit(db, a, "user.password_reset", id,
		                   json_pack("{s:I}", "tokens_revoked",
		                             (json_int_t)*tokens_revoked),
		                   err);
	return db_tx_leave(db, own, rc, err);
}

int
account_update(struct db *db, const struct account_actor *a, int64_t id,
               const char *name, int active, const char *codice_fiscale,
               int64_t *tokens_revoked, struct av_err *err)
{
	json_t *details;
	int own, rc;
	char cf[USER_CF_LEN + 1] = "";

	*tokens_revoked = 0;
	if (active == 0 && a->user_id != 0 && id == a->user_id)
		return av_fail(err, AV_ECONFLICT, "active",
		               "Non puoi disattivare il tuo stesso account.");
	if (name != NULL && user_name_check(name, err) != AV_OK)
		return err->code;
	if (codice_fiscale != NULL && codice_fiscale[0] != '\0' &&
	    user_cf_normalize(codice_fiscale, "codice_fiscale", cf, err) !=
	        AV_OK)
		return err->code;
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	/* The scope first: an account out of it is a 404, never a 409. */
	rc = reach(db, a, id, err);
	if (rc == AV_OK && name != NULL)
		rc = user_set_name(db, id, name, err);
	if (rc == AV_OK && codice_fiscale != NULL)
		rc = user_cf_set(db, id, cf, "codice_fiscale", err);
	if (rc == AV_OK && active >= 0)
		rc = user_set_active(db, id, active, err);
	/* Deactivating ends the sessions and revokes the API tokens. */
	if (rc == AV_OK && active == 0)
		rc = user_end_access(db, id, (int64_t)time(NULL),
		                     tokens_revoked, err);
	if (rc == AV_OK) {
		details = json_object();
		if (name != NULL)
			json_object_set_new(details, "name", json_string(name));
		if (active >= 0)
			json_object_set_new(details, "active",
			                    json_boolean(active));
		if (active == 0)
			json_object_set_new(details, "tokens_revoked",
			                    json_integer(*tokens_revoked));
		/* "" when removed. */
		if (codice_fiscale != NULL)
			json_object_set_new(details, "codice_fiscale",
			                    json_string(cf));
		rc = account_audit(db, a, "user.update", id, details, err);
	}
	return db_tx_leave(db, own, rc, err);
}
