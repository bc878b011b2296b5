/*
 * users.c - accounts and role grants in the database.
 *
 * Emails are stored lower-cased (the login compares case-insensitively
 * without relying on a collation SQLite and PostgreSQL would disagree on).
 * Users are never deleted (the audit log refers to them): they are
 * deactivated.  Accounts and grants record the Province whose admin made
 * them (NULL from the console): the input of the administrators' scope
 * (scope.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "identity/identity.h"
#include "identity/identity_sql.h"
#include "identity/user_cf.h"
#include "json/jw.h"

int
user_email_check(const char *email, struct av_err *err)
{
	const char *at = strchr(email, '@');
	size_t len = strlen(email), i;

	if (len == 0 || len > EMAIL_MAX || at == NULL || at == email ||
	    strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL ||
	    at[1] == '.' || email[len - 1] == '.')
		return av_fail(err, AV_EINVAL, "email",
		               "Indirizzo email non valido.");
	for (i = 0; i < len; i++)
		if ((unsigned char)email[i] <= ' ' ||
		    (unsigned char)email[i] >= 0x7f)
			return av_fail(err, AV_EINVAL, "email",
			               "Indirizzo email non valido.");
	return AV_OK;
}

int
user_name_check(const char *name, struct av_err *err)
{
	size_t len = strlen(name), i;

	if (len == 0 || len > NAME_MAX_BYTES)
		return av_fail(err, AV_EINVAL, "name",
		               "Il nome deve avere da 1 a %d caratteri.",
		               NAME_MAX_BYTES);
	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] < ' ')
			return av_fail(err, AV_EINVAL, "name",
			               "Il nome contiene caratteri di"
			               " controllo.");
	return AV_OK;
}

static void
lower_copy(char *out, size_t n, const char *in)
{
	size_t i;

	for (i = 0; i + 1 < n && in[i]; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

int
user_create(struct db *db, const char *email, const char *name,
            const char *password_hash, const char *created_by, int64_t *id_out,
            struct av_err *err)
{
	char lower[EMAIL_MAX + 1];
	struct db_param p[5];
	int found = 0;
	struct user_row existing;

	if (user_email_check(email, err) != AV_OK ||
	    user_name_check(name, err) != AV_OK)
		return err->code;
	lower_copy(lower, sizeof(lower), email);
	if (user_find_email(db, lower, &existing, &found, err) != AV_OK)
		return err->code;
	if (found)
		return av_fail(err, AV_ECONFLICT, "email",
		               "Esiste già un utente con questa email.");
	p[0] = P_TEXT(lower);
	p[1] = P_TEXT(name);
	p[2] = P_TEXT(password_hash);
	p[3] = P_I64((int64_t)time(NULL));
	p[4] = P_TEXT_OR_NULL(created_by);
	return db_query_i64(db, &identity_sql[Q_USER_INSERT], p, 5, id_out,
	                    NULL, err);
}

static int
read_row(struct db *db, const struct sql_def *q, struct db_param *p,
         struct user_row *out, int *found, struct av_err *err)
{
	struct db_cursor *c;
	int r;

	if (db_query(db, q, p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	*found = r == 1;
	if (r == 1) {
		out->id = db_col_i64(c, 0);
		snprintf(out->email, sizeof(out->email), "%s",
		         db_col_text(c, 1));
		snprintf(out->name, sizeof(out->name), "%s", db_col_text(c, 2));
		snprintf(out->password_hash, sizeof(out->password_hash), "%s",
		         db_col_text(c, 3));
		out->active = (int)db_col_i64(c, 4);
		out->must_change_password = (int)db_col_i64(c, 5);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
user_find_email(struct db *db, const char *email, struct user_row *out,
                int *found, struct av_err *err)
{
	char lower[EMAIL_MAX + 1];
	struct db_param p[1];

	if (strlen(email) > EMAIL_MAX) {
		*found = 0;
		return AV_OK;
	}
	lower_copy(lower, sizeof(lower), email);
	p[0] = P_TEXT(lower);
	return read_row(db, &identity_sql[Q_USER_BY_EMAIL], p, out, found, err);
}

int
user_find_id(struct db *db, int64_t id, struct user_row *out, int *found,
             struct av_err *err)
{
	struct db_param p[1] = {P_I64(id)};

	return read_row(db, &identity_sql[Q_USER_BY_ID], p, out, found, err);
}

int
user_grants(struct db *db, int64_t id, struct role_grant *out, int max, int *n,
            struct av_err *err)
{
	struct db_param p[1] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &identity_sql[Q_USER_ROLES], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < max) {
		struct role_grant *g = &out[*n];

		if (role_parse(db_col_text(c, 0), &g->role) != 0)
			continue;
		snprintf(g->ente, sizeof(g->ente), "%s", db_col_text(c, 1));
		(*n)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
user_load(struct db *db, int64_t id, struct user *u, int *found,
          struct av_err *err)
{
	struct user_row row;

	if (user_find_id(db, id, &row, found, err) != AV_OK)
		return err->code;
	if (!*found || !row.active) {
		*found = 0;
		return AV_OK;
	}
	memset(u, 0, sizeof(*u));
	u->id = row.id;
	snprintf(u->email, sizeof(u->email), "%s", row.email);
	snprintf(u->name, sizeof(u->name), "%s", row.name);
	u->must_change_password = row.must_change_password;
	return user_grants(db, id, u->roles, USER_ROLES_MAX, &u->nroles, err);
}

int
user_set_password(struct db *db, int64_t id, const char *password_hash,
                  int must_change, struct av_err *err)
{
	struct db_param p[4] = {P_I64(id), P_TEXT(password_hash),
	                        P_I64(must_change ? 1 : 0),
	                        P_I64((int64_t)time(NULL))};

	return db_exec(db, &identity_sql[Q_USER_SET_PASSWORD], p, 4, NULL, err);
}

int
user_set_active(struct db *db, int64_t id, int active, struct av_err *err)
{
	struct db_param p[3] = {P_I64(id), P_I64(active ? 1 : 0),
	                        P_I64((int64_t)time(NULL))};

	return db_exec(db, &identity_sql[Q_USER_SET_ACTIVE], p, 3, NULL, err);
}

int
user_set_name(struct db *db, int64_t id, const char *name, struct av_err *err)
{
	struct db_param p[3] = {P_I64(id), P_TEXT(name),
	                        P_I64((int64_t)time(NULL))};

	if (user_name_check(name, err) != AV_OK)
		return err->code;
	return db_exec(db, &identity_sql[Q_USER_SET_NAME], p, 3, NULL, err);
}

int
user_grant(struct db *db, int64_t id, enum role r, const char *ente,
           const char *granted_by, struct av_err *err)
{
	struct db_param p[5] = {P_I64(id), P_TEXT(role_name(r)), P_TEXT(ente),
	                        P_I64((int64_t)time(NULL)),
	                        P_TEXT_OR_NULL(granted_by)};

	return db_exec(db, &identity_sql[Q_USER_GRANT], p, 5, NULL, err);
}

int
user_revoke(struct db *db, int64_t id, enum role r, const char *ente,
            int *found, struct av_err *err)
{
	struct db_param p[3] = {P_I64(id), P_TEXT(role_name(r)), P_TEXT(ente)};
	int64_t changes = 0;

	if (db_exec(db, &identity_sql[Q_USER_REVOKE], p, 3, &changes, err) !=
	    AV_OK)
		return err->code;
	*found = changes > 0;
	return AV_OK;
}

int
user_write_members(struct jw *w, struct db *db, int64_t id, int *found,
                   struct av_err *err)
{
	struct user_row row;
	struct db_param p[1] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	if (user_find_id(db, id, &row, found, err) != AV_OK || !*found)
		return err->code;
	jw_ki64(w, "id", row.id);
	jw_kstr(w, "email", row.email);
	jw_kstr(w, "name", row.name);
	jw_kbool(w, "active", row.active);
	jw_kbool(w, "must_change_password", row.must_change_password);
	if (user_cf_write(w, db, id, err) != AV_OK)
		return err->code;
	jw_karr(w, "roles");
	if (db_query(db, &identity_sql[Q_USER_ROLES], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_kstr(w, "role", db_col_text(c, 0));
		jw_kstr(w, "ente", db_col_text(c, 1));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_arr_end(w);
	return AV_OK;
}
