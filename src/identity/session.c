/*
 * session.c - login sessions (cookie) and API tokens (Bearer).
 *
 * Both store only the hex SHA-256 of the token.  A session has an idle
 * expiry (SESSION_IDLE_S since last use) and an absolute one
 * (SESSION_ABSOLUTE_S since login); each login creates a new session, so a
 * token planted before login is never promoted (no fixation).  Each session
 * carries its CSRF token (double-submit, see docs/identity.md).  API tokens
 * act with the user's current roles, may expire, and are revoked, never
 * deleted; a password change or reset and a deactivation revoke them all
 * (user_end_access), so no credential outlives the password it came from.
 */
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "identity/identity_sql.h"
#include "identity/saml_sql.h"
#include "identity/session_external.h"
#include "json/jw.h"

/*
 * The one way a session row is made, for a password login (o NULL) and
 * for SPID/CIE (session_create_external): expired sessions purged, a new
 * random token and CSRF token, only the token's hash stored.
 */
int
session_open(struct db *db, int64_t user_id, const char *client_ip, int64_t now,
             const struct session_origin *o, char token_out[TOKEN_TEXT_LEN + 1],
             char csrf_out[TOKEN_TEXT_LEN + 1], struct av_err *err)
{
	char hash[65];
	struct db_param p[12], purge[2];

	/* Expired sessions are removed as new ones arrive. */
	purge[0] = P_I64(now);
	purge[1] = P_I64(now - SESSION_IDLE_S);
	if (db_exec(db, &identity_sql[Q_SESSION_PURGE], purge, 2, NULL, err) !=
	    AV_OK)
		return err->code;
	token_random(token_out);
	token_random(csrf_out);
	token_hash_hex(token_out, hash);
	p[0] = P_TEXT(hash);
	p[1] = P_I64(user_id);
	p[2] = P_TEXT(csrf_out);
	p[3] = P_I64(now);
	p[4] = P_I64(now + SESSION_ABSOLUTE_S);
	p[5] = P_TEXT(client_ip);
	if (o == NULL)
		return db_exec(db, &identity_sql[Q_SESSION_INSERT], p, 6, NULL,
		               err);
	p[6] = P_TEXT(o->method);
	p[7] = P_TEXT(o->idp);
	p[8] = P_I64(o->loa);
	p[9] = P_I64(o->auth_at);
	p[10] = o->session_index[0] ? P_TEXT(o->session_index) : P_NULL;
	p[11] = o->name_id[0] ? P_TEXT(o->name_id) : P_NULL;
	return db_exec(db, &saml_sql[Q_SAML_SESSION_INSERT], p, 12, NULL, err);
}

int
session_create(struct db *db, int64_t user_id, const char *client_ip,
               int64_t now, char token_out[TOKEN_TEXT_LEN + 1],
               char csrf_out[TOKEN_TEXT_LEN + 1], struct av_err *err)
{
	return session_open(db, user_id, client_ip, now, NULL, token_out,
	                    csrf_out, err);
}

int
session_resolve(struct db *db, const char *token, int64_t now, struct user *u,
                char csrf_out[TOKEN_TEXT_LEN + 1], int *found,
                struct av_err *err)
{
	char hash[65];
	struct db_param p[1];
	struct db_cursor *c;
	int64_t sid = 0, uid = 0, last_seen = 0, expires = 0, auth_at = 0;
	char method[sizeof u->auth_method] = "password",
	                   idp[sizeof u->idp] = "";
	int loa = 0;
	int r;

	*found = 0;
	if (strlen(token) != TOKEN_TEXT_LEN)
		return AV_OK;
	token_hash_hex(token, hash);
	p[0] = P_TEXT(hash);
	if (db_query(db, &identity_sql[Q_SESSION_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		sid = db_col_i64(c, 0);
		uid = db_col_i64(c, 1);
		snprintf(csrf_out, TOKEN_TEXT_LEN + 1, "%s", db_col_text(c, 2));
		last_seen = db_col_i64(c, 3);
		expires = db_col_i64(c, 4);
		str_copy(method, sizeof method, db_col_text(c, 5));
		str_copy(idp, sizeof idp, db_col_text(c, 6));
		loa = (int)db_col_i64(c, 7);
		auth_at = db_col_i64(c, 8);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (r == 0 || now >= expires || now - last_seen >= SESSION_IDLE_S)
		return AV_OK;
	if (user_load(db, uid, u, found, err) != AV_OK || !*found)
		return err->code;
	u->session_id = sid;
	str_copy(u->auth_method, sizeof u->auth_method, method);
	str_copy(u->idp, sizeof u->idp, idp);
	u->loa = loa;
	u->auth_at = auth_at;
	/* Touch at most once a minute: reads stay reads. */
	if (now - last_seen >= SESSION_TOUCH_S) {
		struct db_param t[2] = {P_I64(sid), P_I64(now)};

		if (db_exec(db, &identity_sql[Q_SESSION_TOUCH], t, 2, NULL,
		            err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
session_delete(struct db *db, int64_t session_id, struct av_err *err)
{
	struct db_param p[1] = {P_I64(session_id)};

	return db_exec(db, &identity_sql[Q_SESSION_DELETE], p, 1, NULL, err);
}

int
session_delete_user(struct db *db, int64_t user_id, struct av_err *err)
{
	struct db_param p[1] = {P_I64(user_id)};

	return db_exec(db, &identity_sql[Q_SESSION_DELETE_USER], p, 1, NULL,
	               err);
}

int
user_end_access(struct db *db, int64_t user_id, int64_t now,
                int64_t *tokens_revoked, struct av_err *err)
{
	struct db_param p[2] = {P_I64(user_id), P_I64(now)};
	int64_t changes = 0;

	if (session_delete_user(db, user_id, err) != AV_OK ||
	    db_exec(db, &identity_sql[Q_TOKEN_REVOKE_USER], p, 2, &changes,
	            err) != AV_OK)
		return err->code;
	if (tokens_revoked != NULL)
		*tokens_revoked = changes;
	return AV_OK;
}

int
api_token_create(struct db *db, int64_t user_id, const char *name,
                 int64_t expires, int64_t now,
                 char token_out[API_TOKEN_TEXT_LEN + 1], int64_t *id_out,
                 struct av_err *err)
{
	char secret[TOKEN_TEXT_LEN + 1], hash[65], prefix[13];
	struct db_param p[6], q[1] = {P_I64(user_id)};
	int64_t n = 0;

	if (db_query_i64(db, &identity_sql[Q_TOKEN_COUNT], q, 1, &n, NULL,
	                 err) != AV_OK)
		return err->code;
	if (n >= API_TOKENS_PER_USER_MAX)
		return av_fail(err, AV_ECONFLICT, NULL,
		               "Hai già %d token attivi: revocane uno prima di"
		               " crearne un altro.",
		               API_TOKENS_PER_USER_MAX);
	token_random(secret);
	snprintf(token_out, API_TOKEN_TEXT_LEN + 1, "%s%s", API_TOKEN_PREFIX,
	         secret);
	token_hash_hex(token_out, hash);
	snprintf(prefix, sizeof(prefix), "%.12s", token_out);
	p[0] = P_TEXT(hash);
	p[1] = P_I64(user_id);
	p[2] = P_TEXT(name);
	p[3] = P_TEXT(prefix);
	p[4] = P_I64(now);
	p[5] = expires > 0 ? P_I64(expires) : P_NULL;
	return db_query_i64(db, &identity_sql[Q_TOKEN_INSERT], p, 6, id_out,
	                    NULL, err);
}

int
api_token_resolve(struct db *db, const char *token, int64_t now, struct user *u,
                  int *found, struct av_err *err)
{
	char hash[65];
	struct db_param p[1];
	struct db_cursor *c;
	int64_t tid = 0, uid = 0, last_used = 0;
	int r, usable = 0, never_used = 0;

	*found = 0;
	if (strlen(token) != API_TOKEN_TEXT_LEN ||
	    strncmp(token, API_TOKEN_PREFIX, 4) != 0)
		return AV_OK;
	token_hash_hex(token, hash);
	p[0] = P_TEXT(hash);
	if (db_query(db, &identity_sql[Q_TOKEN_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		tid = db_col_i64(c, 0);
		uid = db_col_i64(c, 1);
		usable = db_col_is_null(c, 3) &&
		         (db_col_is_null(c, 2) || db_col_i64(c, 2) > now);
		never_used = db_col_is_null(c, 4);
		last_used = db_col_i64(c, 4);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (!usable)
		return AV_OK;
	if (user_load(db, uid, u, found, err) != AV_OK || !*found)
		return err->code;
	u->via_token = 1;
	/*
	 * Like a session's last_seen: at most one write a minute per token,
	 * so that a script reading with a token does not turn every read
	 * into a write (and a wait for the write lock).
	 */
	if (never_used || now - last_used >= API_TOKEN_TOUCH_S) {
		struct db_param t[2] = {P_I64(tid), P_I64(now)};

		return db_exec(db, &identity_sql[Q_TOKEN_USED], t, 2, NULL,
		               err);
	}
	return AV_OK;
}

int
api_token_revoke(struct db *db, int64_t user_id, int64_t token_id, int64_t now,
                 int *found, struct av_err *err)
{
	struct db_param p[3] = {P_I64(token_id), P_I64(user_id), P_I64(now)};
	int64_t changes = 0;

	if (db_exec(db, &identity_sql[Q_TOKEN_REVOKE], p, 3, &changes, err) !=
	    AV_OK)
		return err->code;
	*found = changes > 0;
	return AV_OK;
}

int
api_token_write_list(struct jw *w, struct db *db, int64_t user_id,
                     int (*keep)(void *ctx, int64_t id), void *ctx,
                     int64_t *count, struct av_err *err)
{
	static const char *const opt[] = {"expires", "last_used", "revoked"};
	struct db_param p[1] = {P_I64(user_id)};
	struct db_cursor *c;
	int r, k;

	*count = 0;
	if (db_query(db, &identity_sql[Q_TOKEN_LIST], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (keep != NULL && !keep(ctx, db_col_i64(c, 0)))
			continue;
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "name", db_col_text(c, 1));
		jw_kstr(w, "prefix", db_col_text(c, 2));
		jw_ki64(w, "created", db_col_i64(c, 3));
		for (k = 0; k < 3; k++)
			if (db_col_is_null(c, 4 + k))
				jw_knull(w, opt[k]);
			else
				jw_ki64(w, opt[k], db_col_i64(c, 4 + k));
		jw_obj_end(w);
		(*count)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
