/*
 * auth_handlers.c - login, logout, the caller's own account and API tokens.
 *
 * Login answers the same "wrong email or password" for unknown accounts,
 * inactive accounts and wrong passwords, and spends the same argon2id time
 * on each (password_verify_dummy), so the answer tells nothing about which
 * accounts exist.  Throttling is checked, and the attempt counted, before
 * any hash is computed, and hashes run in a bounded number of slots
 * (password.c).  The slow hash runs outside any write transaction; the
 * router's, opened after it (ROUTE_TX_LATE, req_tx_begin), records the
 * outcome (session, or failed-login entry, kept with req_tx_keep).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/parse.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/auth_policy.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"

#include <sodium.h>

#define TOKEN_NAME_MAX 100
#define TOKEN_DAYS_MAX 730

struct login_body {
	const char *email, *password;
};

static const struct jfield login_body[] = {
    {JF_STRING("email", JF_REQUIRED, 0, EMAIL_MAX),
     JF_TO(struct login_body, email)},
    {JF_STRING("password", JF_REQUIRED, 0, PASSWORD_MAX_LEN),
     JF_TO(struct login_body, password)},
    {0},
};

struct password_body {
	const char *cur, *next;
};

static const struct jfield password_body[] = {
    {JF_STRING("current_password", JF_REQUIRED, 0, PASSWORD_MAX_LEN),
     JF_TO(struct password_body, cur)},
    {JF_STRING("new_password", JF_REQUIRED, 0, PASSWORD_MAX_LEN),
     JF_TO(struct password_body, next)},
    {0},
};

struct token_body {
	const char *name;
	int64_t days;
};

static const struct jfield token_body[] = {
    {JF_STRING("name", JF_REQUIRED, 0, TOKEN_NAME_MAX),
     JF_TO(struct token_body, name)},
    {JF_INT("expires_days", 0, 1, TOKEN_DAYS_MAX),
     JF_TO(struct token_body, days),
     .desc = "giorni di validità; assente: senza scadenza"},
    {0},
};

static int
set_session_cookies(struct req *req, struct resp *resp, const char *token,
                    const char *csrf)
{
	char cookie[256];

	snprintf(cookie, sizeof(cookie), "av_session=%s; HttpOnly%s", token,
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	/* Readable by the UI's JavaScript, sent back as X-CSRF-Token. */
	snprintf(cookie, sizeof(cookie), "av_csrf=%s%s", csrf,
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	return AV_OK;
}

static void
clear_session_cookies(struct req *req, struct resp *resp)
{
	char cookie[160];

	snprintf(cookie, sizeof(cookie), "av_session=; HttpOnly; Max-Age=0%s",
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	snprintf(cookie, sizeof(cookie), "av_csrf=; Max-Age=0%s",
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
}

/* Writes one audit entry for the caller; details is stolen. */
static int
audit_self(struct req *req, int64_t actor_id, const char *action,
           const char *object_type, int64_t object_id, json_t *details)
{
	return identity_audit(req_db(req), actor_id, NULL, action, object_type,
	                      object_id, details, req_err(req));
}

/*
 * Records a failed login: the account's id when the email names one (the
 * object of the entry), otherwise only the keyed hash of what was typed
 * (login_email_key): never the text, which may be a password typed in the
 * wrong field.  The throttle counters were already advanced.
 */
static int
login_failed(struct req *req, int64_t user_id, const char *email_key)
{
	struct av_err *err = req_err(req);

	if (req_tx_begin(req) != AV_OK)
		return err->code;
	/* The details are the audit writer's (identity_audit takes them). */
	if (audit_self(req, 0, "auth.login_failed", "user", user_id,
	               user_id > 0
	                   ? json_pack("{s:s}", "ip", req_client_ip(req))
	                   : json_pack("{s:s, s:s}", "email_key", email_key,
	                               "ip", req_client_ip(req))) != AV_OK)
		return err->code;
	/* The record stays although the answer is an error. */
	req_tx_keep(req);
	return av_fail(err, AV_EAUTH, "password",
	               "Email o password non corretti.");
}

/*
 * A right password of an account holding a role the installation keeps to
 * SPID/CIE (auth_policy.h): refused, 403 solo_spid_cie, recorded as a
 * failed login with its reason.  Only after the password matched, so the
 * answer tells nothing to whoever does not know it.
 */
static int
login_spid_only(struct req *req, int64_t user_id)
{
	struct av_err *err = req_err(req);

	if (req_tx_begin(req) != AV_OK)
		return err->code;
	if (audit_self(req, 0, "auth.login_failed", "user", user_id,
	               json_pack("{s:s, s:s}", "ip", req_client_ip(req),
	                         "motivo", "solo_spid_cie")) != AV_OK)
		return err->code;
	req_tx_keep(req);
	req_error_code(req, "solo_spid_cie");
	return av_fail(err, AV_EFORBIDDEN, NULL,
	               "Per il tuo ruolo l'accesso con password è disattivato:"
	               " entra con SPID o CIE.");
}

/* Does the account hold a role refused the password? */
static int
password_refused(struct req *req, int64_t user_id, int *refused)
{
	struct role_grant g[USER_ROLES_MAX];
	int n = 0;

	*refused = 0;
	if (user_grants(req_db(req), user_id, g, USER_ROLES_MAX, &n,
	                req_err(req)) != AV_OK)
		return req_err(req)->code;
	*refused = auth_policy_password_refused(g, n);
	return AV_OK;
}

/*
 * The password check of a login, in this order: a password slot (503 when
 * all are busy: nothing is counted), the throttle (429, or the attempt is
 * counted before any hashing), then one argon2id verification, also for
 * unknown and inactive accounts.  *ok tells whether it matched.
 */
static int
login_verify(struct req *req, struct resp *resp, const char *email,
             const char *password, const char *email_key, struct user_row *row,
             int *found, int *ok)
{
	struct av_err *err = req_err(req);
	int64_t retry = 0;

	*ok = 0;
	if (password_slot_acquire(err) != AV_OK)
		return err->code;
	if (throttle_attempt(req_db(req), email_key, req_client_ip(req),
	                     (int64_t)time(NULL), &retry, err) != AV_OK ||
	    user_find_email(req_db(req), email, row, found, err) != AV_OK) {
		password_slot_release();
		if (err->code == AV_ETOOMANY) {
			char s[24];

			snprintf(s, sizeof(s), "%lld", (long long)retry);
			resp_header(resp, "Retry-After", s);
		}
		return err->code;
	}
	if (!*found || !row->active)
		password_verify_dummy(password);
	else
		*ok = password_verify(row->password_hash, password);
	password_slot_release();
	return AV_OK;
}

static int
auth_login(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct login_body b;
	const char *old;
	struct user_row row;
	int found = 0, ok, refused = 0;
	int64_t now = (int64_t)time(NULL);
	char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
	char email_key[LOGIN_KEY_HEX + 1];
	struct jw *w;

	if (req_body_read(req, &b) != AV_OK ||
	    login_email_key(b.email, email_key, err) != AV_OK ||
	    login_verify(req, resp, b.email, b.password, email_key, &row,
	                 &found, &ok) != AV_OK)
		return err->code;
	if (!ok)
		return login_failed(req, found ? row.id : 0, email_key);
	if (password_refused(req, row.id, &refused) != AV_OK)
		return err->code;
	if (refused)
		return login_spid_only(req, row.id);
	if (req_tx_begin(req) != AV_OK)
		return err->code;
	/* A new session at every login: a planted cookie is never promoted. */
	old = req_cookie(req, "av_session");
	if (old != NULL) {
		struct user ignored;
		char ignored_csrf[TOKEN_TEXT_LEN + 1];
		int was = 0;

		if (session_resolve(db, old, now, &ignored, ignored_csrf, &was,
		                    err) != AV_OK ||
		    (was &&
		     session_delete(db, ignored.session_id, err) != AV_OK))
			return err->code;
	}
	if (throttle_success(db, email_key, req_client_ip(req), err) != AV_OK ||
	    session_create(db, row.id, req_client_ip(req), now, token, csrf,
	                   err) != AV_OK ||
	    audit_self(req, row.id, "auth.login", "user", row.id,
	               json_pack("{s:s}", "ip", req_client_ip(req))) != AV_OK)
		return err->code;
	set_session_cookies(req, resp, token, csrf);
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kobj(w, "user");
	if (user_write_members(w, db, row.id, &found, err) != AV_OK)
		return err->code;
	jw_obj_end(w);
	jw_kstr(w, "csrf_token", csrf);
	jw_obj_end(w);
	return AV_OK;
}

static int
auth_logout(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);

	if (u->via_token)
		return av_fail(err, AV_EINVAL, NULL,
		               "Con un token non c'è una sessione da chiudere:"
		               " revocare il token.");
	if (session_delete(db, u->session_id, err) != AV_OK ||
	    audit_self(req, u->id, "auth.logout", "user", u->id, NULL) != AV_OK)
		return err->code;
	clear_session_cookies(req, resp);
	return resp_ok(resp);
}

static int
auth_me(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct jw *w = resp_jw(resp, 200);
	int found = 0;

	jw_obj(w);
	if (user_write_members(w, req_db(req), u->id, &found, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_EINTERNAL, NULL,
		               "Errore interno.");
	jw_kbool(w, "via_token", u->via_token);
	if (!u->via_token)
		jw_kstr(w, "csrf_token", req_csrf_token(req));
	/* How this session was opened (ANAC's interfaces read it). */
	if (!u->via_token) {
		jw_kobj(w, "sessione");
		jw_kstr(w, "metodo", u->auth_method);
		if (u->idp[0])
			jw_kstr(w, "idp", u->idp);
		else
			jw_knull(w, "idp");
		jw_ki64(w, "livello", u->loa);
		if (u->auth_at > 0)
			jw_ki64(w, "autenticato_il", u->auth_at);
		else
			jw_knull(w, "autenticato_il");
		jw_obj_end(w);
	}
	jw_obj_end(w);
	return AV_OK;
}

/*
 * Changing one's password ends every other session, rotates this one and
 * revokes every API token: none outlives the password it was made under.
 */
static int
auth_password(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct password_body b;
	struct user_row row;
	char hash[PASSWORD_HASH_MAX], token[TOKEN_TEXT_LEN + 1],
	    csrf[TOKEN_TEXT_LEN + 1];
	int found = 0, ok = 0;
	int64_t now = (int64_t)time(NULL), revoked = 0;
	struct jw *w;

	if (u->via_token)
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "La password si cambia da una sessione, non con"
		               " un token.");
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	if (user_find_id(db, u->id, &row, &found, err) != AV_OK)
		return err->code;
	if (found && password_verify_bounded(row.password_hash, b.cur, &ok,
	                                     err) != AV_OK)
		return err->code;
	if (!ok)
		return av_fail(err, AV_EINVAL, "current_password",
		               "La password attuale non è corretta.");
	if (password_policy_check(b.next, row.email, err) != AV_OK ||
	    password_hash_bounded(b.next, hash, err) != AV_OK)
		return err->code;
	if (req_tx_begin(req) != AV_OK)
		return err->code;
	if (user_set_password(db, u->id, hash, 0, err) != AV_OK ||
	    user_end_access(db, u->id, now, &revoked, err) != AV_OK ||
	    session_create(db, u->id, req_client_ip(req), now, token, csrf,
	                   err) != AV_OK ||
	    audit_self(req, u->id, "user.password_change", "user", u->id,
	               json_pack("{s:I}", "tokens_revoked",
	                         (json_int_t)revoked)) != AV_OK)
		return err->code;
	set_session_cookies(req, resp, token, csrf);
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kbool(w, "ok", 1);
	jw_kstr(w, "csrf_token", csrf);
	jw_ki64(w, "tokens_revoked", revoked);
	jw_obj_end(w);
	return AV_OK;
}

/* A user's tokens: a small list read whole, newest first (list_walk). */
static const struct list_spec tokens_spec = {"auth_tokens", 50,  200,
                                             10000,         "i", 0};

static int
token_on_page(void *ctx, int64_t id)
{
	struct list_val key = list_int(id);

	return list_walk_row(ctx, &key);
}

static int
tokens_list(struct req *req, struct resp *resp)
{
	struct list_walk lw;
	struct list_req lr;
	struct jw *w;
	int64_t n = 0;

	if (list_parse(req, &tokens_spec, "", &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 1);
	w = list_begin(resp);
	if (api_token_write_list(w, req_db(req), req_user(req)->id,
	                         token_on_page, &lw, &n, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

static int
tokens_create(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct token_body b;
	struct jw *w;
	int64_t id = 0, now = (int64_t)time(NULL);
	char token[API_TOKEN_TEXT_LEN + 1];

	if (u->via_token)
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "Un token non può creare altri token: accedere"
		               " con la password.");
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	if (b.name[0] == '\0')
		return av_fail(err, AV_EINVAL, "name",
		               "Dare un nome al token (a cosa serve).");
	if (api_token_create(db, u->id, b.name,
	                     b.days ? now + b.days * 86400 : 0, now, token, &id,
	                     err) != AV_OK ||
	    audit_self(req, u->id, "token.create", "api_token", id,
	               json_pack("{s:s, s:I}", "name", b.name, "expires_days",
	                         (json_int_t)b.days)) != AV_OK)
		return err->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_kstr(w, "name", b.name);
	jw_kstr(w, "token", token);
	if (b.days)
		jw_ki64(w, "expires", now + b.days * 86400);
	else
		jw_knull(w, "expires");
	jw_obj_end(w);
	sodium_memzero(token, sizeof(token));
	return AV_OK;
}

static int
tokens_revoke(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	const char *ids = req_param(req, "id");
	int64_t id = 0;
	int found = 0;

	if (parse_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Token non trovato.");
	if (api_token_revoke(db, u->id, id, (int64_t)time(NULL), &found, err) !=
	    AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Token non trovato.");
	if (audit_self(req, u->id, "token.revoke", "api_token", id, NULL) !=
	    AV_OK)
		return err->code;
	return resp_ok(resp);
}

#define AUTH_BODY_MAX 4096

static const char *const no_query[] = {NULL};
static const char *const q_list[] = {"limit", "offset", "after", NULL};

const struct route identity_auth_routes[] = {
    {HTTP_POST, "/api/v1/auth/login", auth_login, PERM_PUBLIC, AUTH_BODY_MAX,
     ROUTE_AUDITED | ROUTE_TX_LATE, no_query, "Accesso con email e password",
     NULL, login_body},
    {HTTP_POST, "/api/v1/auth/logout", auth_logout, PERM_SELF, 0,
     ROUTE_AUDITED | ROUTE_OTP_OK, no_query, "Chiude la sessione"},
    {HTTP_GET, "/api/v1/auth/me", auth_me, PERM_SELF, 0, ROUTE_OTP_OK, no_query,
     "L'utente collegato, i suoi ruoli e il token CSRF"},
    {HTTP_POST, "/api/v1/auth/password", auth_password, PERM_SELF,
     AUTH_BODY_MAX, ROUTE_AUDITED | ROUTE_OTP_OK | ROUTE_TX_LATE, no_query,
     "Cambia la propria password", NULL, password_body},
    {HTTP_GET, "/api/v1/auth/tokens", tokens_list, PERM_SELF, 0, 0, q_list,
     "I propri token API"},
    {HTTP_POST, "/api/v1/auth/tokens", tokens_create, PERM_SELF, AUTH_BODY_MAX,
     ROUTE_AUDITED, no_query, "Crea un token API", NULL, token_body},
    {HTTP_DELETE, "/api/v1/auth/tokens/{id}", tokens_revoke, PERM_SELF, 0,
     ROUTE_AUDITED, no_query, "Revoca un proprio token API"},
};

const size_t identity_auth_routes_count =
    sizeof(identity_auth_routes) / sizeof(identity_auth_routes[0]);
