/*
 * user_handlers.c - the admin's pages of accounts and role grants.
 *
 * New accounts and password resets get a one-time password, shown once in
 * the response and never stored in clear; the user must change it at first
 * login (must_change_password).  Deactivating an account or resetting its
 * password ends its sessions and revokes its API tokens.  An admin reaches
 * only the accounts it manages (scope.c): any other id is a 404, worded as
 * for an id that does not exist.  Every change is audited in its
 * transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/identity.h"
#include "identity/user_cf.h"
#include "json/jbody.h"
#include "json/jw.h"

#include <sodium.h>

#define USERS_BODY_MAX 8192
#define ROLES_IN_CREATE_MAX ACCOUNT_GRANTS_MAX
#define ROLE_NAME_MAX 32

struct grant_body {
	const char *role, *ente;
};

static const struct jfield grant_body[] = {
    {JF_STRING("role", JF_REQUIRED, 0, ROLE_NAME_MAX),
     JF_TO(struct grant_body, role),
     .desc = "admin, sua_officer, commissioner, sape_officer, "
             "data_officer, comune, operator, upi"},
    {JF_STRING("ente", JF_REQUIRED, 0, ENTE_CODE_MAX),
     JF_TO(struct grant_body, ente),
     .desc = "provincia:NNN, comune:NNNNNN, operatore:PIVA o upi"},
    {0},
};

static const struct jfield grant_item = {JF_OBJECT("ruolo", 0, grant_body)};

struct create_body {
	const char *email, *name;
	json_t *roles; /* borrowed, or NULL */
	const char *codice_fiscale;
};

static const struct jfield create_body[] = {
    {JF_STRING("email", JF_REQUIRED, 0, EMAIL_MAX),
     JF_TO(struct create_body, email)},
    {JF_STRING("name", JF_REQUIRED, 0, NAME_MAX_BYTES),
     JF_TO(struct create_body, name)},
    {JF_ARRAY("roles", 0, 0, ROLES_IN_CREATE_MAX, &grant_item),
     JF_TO(struct create_body, roles)},
    {JF_STRING("codice_fiscale", 0, 0, USER_CF_INPUT_MAX),
     JF_TO(struct create_body, codice_fiscale),
     .desc = "codice fiscale della persona (16 caratteri); maiuscolo"},
    {0},
};

struct update_body {
	const char *name;
	int active, has_active;
	const char *codice_fiscale;
};

static const struct jfield update_body[] = {
    {JF_STRING("name", 0, 0, NAME_MAX_BYTES), JF_TO(struct update_body, name)},
    {JF_BOOL("active", 0), JF_TO(struct update_body, active),
     JF_SEEN(struct update_body, has_active)},
    {JF_STRING("codice_fiscale", 0, 0, USER_CF_INPUT_MAX),
     JF_TO(struct update_body, codice_fiscale),
     .desc = "codice fiscale della persona; \"\" lo toglie"},
    {0},
};

/*
 * The caller's scope (scope.c): every handler below reaches an account only
 * through it (path_user_id), and records its Province as the acting one.
 */
static const struct admin_scope *
req_scope(struct req *req, struct admin_scope *s)
{
	admin_scope_init(s, req_user(req));
	return s;
}

/* The caller as the actor of an account use case (account.c). */
static struct account_actor
req_actor(struct req *req, const struct admin_scope *s)
{
	struct account_actor a = {req_user(req)->id, s};

	return a;
}

/* The {id} of the path, an account the caller manages (else 404). */
static int
path_user_id(struct req *req, const struct admin_scope *s, int64_t *id)
{
	const char *p = req_param(req, "id");

	if (parse_i64(p, strlen(p), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Utente non trovato.");
	return scope_user_check(req_db(req), s, *id, req_err(req));
}

/*
 * Answers with the account as it is now.  Not through the scope: after a
 * revocation the account may have left it, and the admin still sees the
 * result of its own action once.  tokens_revoked < 0: not reported.
 */
static int
reply_user(struct req *req, struct resp *resp, int64_t id,
           int64_t tokens_revoked)
{
	struct jw *w = resp_jw(resp, 200);
	int found = 0;

	jw_obj(w);
	if (user_write_members(w, req_db(req), id, &found, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Utente non trovato.");
	if (tokens_revoked >= 0)
		jw_ki64(w, "tokens_revoked", tokens_revoked);
	jw_obj_end(w);
	return AV_OK;
}

/* GET /users (http/list.h): keyset by the order's key, then id. */
static const struct list_spec users_list_spec = {
    "utenti", 50, USER_LIST_MAX, INT32_MAX, "is", USER_COUNT_CAP};

/*
 * GET /users?codice_fiscale=X: the one account holding it, if the admin
 * manages it (else an empty list, as for a code nobody holds).
 */
static int
users_by_cf(struct req *req, struct resp *resp, const char *text)
{
	struct av_err *err = req_err(req);
	struct av_err out_of_scope = AV_ERR_INIT;
	struct admin_scope s;
	char cf[USER_CF_LEN + 1];
	int64_t id = 0;
	int found = 0, n = 0;
	struct jw *w;

	if (user_cf_normalize(text, "codice_fiscale", cf, err) != AV_OK ||
	    user_cf_find(req_db(req), cf, &id, &found, err) != AV_OK)
		return err->code;
	req_scope(req, &s);
	if (found &&
	    scope_user_check(req_db(req), &s, id, &out_of_scope) != AV_OK) {
		if (out_of_scope.code != AV_ENOTFOUND) {
			*err = out_of_scope;
			return err->code;
		}
		found = 0;
	}
	w = resp_list_begin(resp);
	if (found) {
		jw_obj(w);
		if (user_write_members(w, req_db(req), id, &found, err) !=
		    AV_OK)
			return err->code;
		jw_obj_end(w);
		n = 1;
	}
	resp_list_end(w, n, 1, 0);
	return AV_OK;
}

static int
users_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct admin_scope s;
	int64_t total = 0, ids[USER_LIST_MAX + 1];
	struct user_key keys[USER_LIST_MAX + 1], after;
	char filters[32], next[LIST_CURSOR_MAX + 1];
	struct list_req lr;
	size_t n = 0, i;
	struct jw *w;
	int found, exact;
	const char *ordina = req_query(req, "ordina");

	if (req_query(req, "codice_fiscale") != NULL)
		return users_by_cf(req, resp, req_query(req, "codice_fiscale"));
	if (ordina != NULL && strcmp(ordina, "id") != 0 &&
	    strcmp(ordina, "nome") != 0 && strcmp(ordina, "-nome") != 0 &&
	    strcmp(ordina, "email") != 0 && strcmp(ordina, "-email") != 0)
		return av_fail(
		    err, AV_EINVAL, "ordina",
		    "L'ordine si indica con id, nome o email (nome ed "
		    "email preceduti da '-' per l'ordine "
		    "decrescente).");
	snprintf(filters, sizeof(filters), "o=%s", ordina ? ordina : "id");
	if (list_parse(req, &users_list_spec, filters, &lr) != AV_OK)
		return err->code;
	if (lr.after) {
		size_t len = strlen(lr.keys[1].s);

		if (len >= sizeof(after.text))
			return av_fail(err, AV_EINVAL, "after",
			               "Il cursore 'after' non è valido.");
		after.id = lr.keys[0].i;
		memcpy(after.text, lr.keys[1].s, len + 1);
	}
	req_scope(req, &s);
	if (scope_user_count(req_db(req), &s,
	                     list_count_limit(&users_list_spec), &total,
	                     err) != AV_OK ||
	    scope_user_page(req_db(req), &s, ordina, lr.after ? &after : NULL,
	                    lr.limit + 1, lr.offset, ids, keys,
	                    USER_LIST_MAX + 1, &n, err) != AV_OK)
		return err->code;
	exact = list_count_done(&users_list_spec, &total);
	w = list_begin(resp);
	for (i = 0; i < n && (int64_t)i < lr.limit; i++) {
		jw_obj(w);
		if (user_write_members(w, req_db(req), ids[i], &found, err) !=
		    AV_OK)
			return err->code;
		if (!found) /* accounts are never deleted, only deactivated */
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
		jw_obj_end(w);
	}
	if ((int64_t)n > lr.limit) {
		struct list_val key[2] = {list_int(keys[i - 1].id),
		                          list_text(keys[i - 1].text)};

		if (list_cursor(&lr, key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, &lr, total, exact, (int64_t)n > lr.limit ? next : NULL);
	return AV_OK;
}

#define USERS_CSV_MAX (16u << 20) /* bytes of the CSV of one admin's scope */

/* One account as a CSV line: id;email;nome;attivo;...;ruoli. */
static int
users_csv_row(struct db *db, int64_t id, struct sbuf *sb, struct av_err *err)
{
	struct role_grant g[USER_ROLES_MAX];
	struct user_row row;
	char num[24];
	int found = 0, n = 0, i;

	if (user_find_id(db, id, &row, &found, err) != AV_OK ||
	    user_grants(db, id, g, USER_ROLES_MAX, &n, err) != AV_OK)
		return err->code;
	if (!found) /* accounts are never deleted, only deactivated */
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	snprintf(num, sizeof(num), "%lld", (long long)row.id);
	sbuf_add_csv_field(sb, num, 0);
	sbuf_add_csv_field(sb, row.email, 0);
	sbuf_add_csv_field(sb, row.name, 0);
	sbuf_add_csv_field(sb, row.active ? "si" : "no", 0);
	sbuf_add_csv_field(sb, row.must_change_password ? "si" : "no", 0);
	/* The roles in one field: "ruolo@ente" separated by spaces. */
	for (i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addch(sb, ' ');
		sbuf_addstr(sb, role_name(g[i].role));
		sbuf_addch(sb, '@');
		sbuf_addstr(sb, g[i].ente);
	}
	sbuf_addstr(sb, "\r\n");
	return AV_OK;
}

/* scope_user_each's step of users.csv: one row. */
struct csv_rows {
	struct db *db;
	struct sbuf *sb;
};

static int
csv_row_of(void *arg, int64_t id, struct av_err *err)
{
	struct csv_rows *r = arg;

	return users_csv_row(r->db, id, r->sb, err);
}

/*
 * GET /api/v1/users.csv: the accounts the admin manages (the same scope
 * and order as GET /users), for a spreadsheet; docs/api/users-csv.md.
 * One admin's scope is a few hundred accounts: the file is built in
 * memory, read in pages of USER_LIST_MAX ids.
 */
static int
users_csv(struct req *req, struct resp *resp)
{
	static const char header[] =
	    "\xEF\xBB\xBF"
	    "id;email;nome;attivo;password_da_cambiare;"
	    "ruoli\r\n";
	struct av_err *err = req_err(req);
	struct sbuf *sb = req_sbuf(req, USERS_CSV_MAX);
	struct admin_scope s;
	struct csv_rows rows = {req_db(req), sb};

	req_scope(req, &s);
	sbuf_add(sb, header, sizeof(header) - 1);
	if (scope_user_each(req_db(req), &s, csv_row_of, &rows, err) != AV_OK)
		return err->code;
	if (sbuf_err(sb))
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"utenti.csv\"");
	return resp_text(resp, 200, "text/csv; charset=utf-8", sb->buf,
	                 sb->len);
}

static int
users_get(struct req *req, struct resp *resp)
{
	struct admin_scope s;
	int64_t id;

	if (path_user_id(req, req_scope(req, &s), &id) != AV_OK)
		return req_err(req)->code;
	return reply_user(req, resp, id, -1);
}

/*
 * Reads {"role","ente"} (the object at path, "" for a whole body) into r
 * and ente; the router already checked it against grant_body.
 */
static int
read_grant(json_t *g, const char *path, enum role *r, const char **ente,
           struct av_err *err)
{
	struct grant_body b;
	char field[JBODY_PATH_MAX];

	if (jbody_decode(g, grant_body, path, &b, err) != AV_OK)
		return err->code;
	*ente = b.ente;
	snprintf(field, sizeof(field), "%s%srole", path, path[0] ? "." : "");
	if (role_parse(b.role, r) != 0)
		return av_fail(err, AV_EINVAL, field,
		               "Ruolo sconosciuto '%.32s'.", b.role);
	return AV_OK;
}

static int
users_create(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct create_body b;
	json_t *roles;
	struct jw *w;
	int found = 0;
	const struct admin_scope *s;
	struct admin_scope scope;
	struct account_grant grants[ROLES_IN_CREATE_MAX];
	struct account_new in;
	struct account_actor actor;
	char password[21], hash[PASSWORD_HASH_MAX];
	int64_t id = 0;
	size_t i;

	s = req_scope(req, &scope);
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	roles = b.roles;
	for (i = 0; roles && i < json_array_size(roles); i++) {
		char path[JBODY_PATH_MAX];

		snprintf(path, sizeof(path), "roles[%zu]", i);
		if (read_grant(json_array_get(roles, i), path, &grants[i].role,
		               &grants[i].ente, err) != AV_OK)
			return err->code;
	}
	password_generate(password);
	if (password_hash_bounded(password, hash, err) != AV_OK)
		goto fail;
	/* The slow hash is done: now the router's write transaction. */
	if (req_tx_begin(req) != AV_OK)
		goto fail;
	in.email = b.email;
	in.name = b.name;
	in.password_hash = hash;
	in.must_change_password = 1;
	in.grants = grants;
	in.ngrants = roles ? json_array_size(roles) : 0;
	in.codice_fiscale = b.codice_fiscale;
	actor = req_actor(req, s);
	if (account_create(db, &actor, &in, &id, err) != AV_OK)
		goto fail;
	w = resp_jw(resp, 201);
	jw_obj(w);
	if (user_write_members(w, db, id, &found, err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		goto fail;
	}
	/* Shown once, here; only its hash is stored. */
	jw_kstr(w, "one_time_password", password);
	jw_obj_end(w);
	sodium_memzero(password, sizeof(password));
	return AV_OK;
fail:
	sodium_memzero(password, sizeof(password));
	return err->code;
}

/*
 * Name and active flag.  Deactivating ends the account's sessions and
 * revokes its API tokens, so a later reactivation revives neither.  Like
 * every change below, the scope is checked inside the write transaction,
 * so the account cannot leave it between the check and the change.
 */
static int
users_update(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct admin_scope s;
	struct account_actor actor;
	struct update_body b;
	int deactivate;
	int64_t id, revoked = 0;

	if (path_user_id(req, req_scope(req, &s), &id) != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return err->code;
	deactivate = b.has_active && !b.active;
	actor = req_actor(req, &s);
	if (account_update(db, &actor, id, b.name, b.has_active ? b.active : -1,
	                   b.codice_fiscale, &revoked, err) != AV_OK)
		return err->code;
	return reply_user(req, resp, id, deactivate ? revoked : -1);
}

static int
users_grant(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct admin_scope s;
	struct account_actor actor;
	enum role r;
	const char *ente;
	int64_t id;

	if (path_user_id(req, req_scope(req, &s), &id) != AV_OK ||
	    read_grant(req_body(req), "", &r, &ente, err) != AV_OK)
		return err->code;
	actor = req_actor(req, &s);
	if (account_grant(db, &actor, id, r, ente, err) != AV_OK)
		return err->code;
	return reply_user(req, resp, id, -1);
}

/* Would revoking (r, ente) leave the caller itself without admin grants? */
static int
last_own_admin(const struct user *u, int64_t id, enum role r, const char *ente)
{
	int i;

	if (id != u->id || r != ROLE_ADMIN)
		return 0;
	for (i = 0; i < u->nroles; i++)
		if (u->roles[i].role == ROLE_ADMIN &&
		    strcmp(u->roles[i].ente, ente) != 0)
			return 0;
	return 1;
}

static int
users_revoke(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	const char *role = req_param(req, "role"),
	           *ente = req_param(req, "ente");
	struct admin_scope s;
	struct account_actor actor;
	enum role r;
	int64_t id;

	if (path_user_id(req, req_scope(req, &s), &id) != AV_OK)
		return err->code;
	if (role_parse(role, &r) != 0)
		return av_fail(err, AV_ENOTFOUND, "role", "Ruolo sconosciuto.");
	/* A managed account holds only grants in scope: this refuses upi. */
	if (scope_grant_check(db, &s, ente, err) != AV_OK)
		return err->code;
	if (last_own_admin(req_user(req), id, r, ente))
		return av_fail(err, AV_ECONFLICT, "role",
		               "Non puoi revocare il tuo ultimo ruolo di"
		               " amministratore: chiedilo a un altro"
		               " amministratore della Provincia.");
	actor = req_actor(req, &s);
	if (account_revoke(db, &actor, id, r, ente, err) != AV_OK)
		return err->code;
	return reply_user(req, resp, id, -1);
}

/*
 * A new one-time password; the old one, sessions and API tokens end.  The
 * slow hash is computed before the transaction (ARCHITECTURE.md: no slow
 * work under the write lock), and only for an account in scope (a probe of
 * other ids costs no hash); the scope is checked again inside it.
 */
static int
users_reset_password(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	struct admin_scope s;
	struct account_actor actor;
	char password[21], hash[PASSWORD_HASH_MAX];
	int64_t id, revoked = 0;
	struct jw *w;

	if (path_user_id(req, req_scope(req, &s), &id) != AV_OK)
		return err->code;
	password_generate(password);
	if (password_hash_bounded(password, hash, err) != AV_OK ||
	    req_tx_begin(req) != AV_OK) {
		sodium_memzero(password, sizeof(password));
		return err->code;
	}
	actor = req_actor(req, &s);
	if (account_password_reset(db, &actor, id, hash, 1, &revoked, err) !=
	    AV_OK) {
		sodium_memzero(password, sizeof(password));
		return err->code;
	}
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_kstr(w, "one_time_password", password);
	jw_ki64(w, "tokens_revoked", revoked);
	jw_obj_end(w);
	sodium_memzero(password, sizeof(password));
	return AV_OK;
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"limit",  "offset",         "after",
                                         "ordina", "codice_fiscale", NULL};

const struct route identity_user_routes[] = {
    {HTTP_GET, "/api/v1/users", users_list, PERM_USER_ADMIN, 0, 0, list_query,
     "Elenco degli utenti"},
    {HTTP_GET, "/api/v1/users.csv", users_csv, PERM_USER_ADMIN, 0, 0, no_query,
     "Gli utenti gestiti in CSV (UTF-8, separatore ';')"},
    {HTTP_POST, "/api/v1/users", users_create, PERM_USER_ADMIN, USERS_BODY_MAX,
     ROUTE_AUDITED | ROUTE_TX_LATE, no_query,
     "Crea un utente con password monouso", NULL, create_body},
    {HTTP_GET, "/api/v1/users/{id}", users_get, PERM_USER_ADMIN, 0, 0, no_query,
     "Un utente e i suoi ruoli"},
    {HTTP_PATCH, "/api/v1/users/{id}", users_update, PERM_USER_ADMIN,
     USERS_BODY_MAX, ROUTE_AUDITED, no_query,
     "Modifica nome, stato o codice fiscale di un utente", NULL, update_body},
    {HTTP_POST, "/api/v1/users/{id}/roles", users_grant, PERM_USER_ADMIN,
     USERS_BODY_MAX, ROUTE_AUDITED, no_query, "Assegna un ruolo su un ente",
     NULL, grant_body},
    {HTTP_DELETE, "/api/v1/users/{id}/roles/{role}/{ente}", users_revoke,
     PERM_USER_ADMIN, 0, ROUTE_AUDITED, no_query, "Revoca un ruolo su un ente"},
    {HTTP_POST, "/api/v1/users/{id}/password-reset", users_reset_password,
     PERM_USER_ADMIN, 0, ROUTE_AUDITED | ROUTE_TX_LATE, no_query,
     "Nuova password monouso per un utente"},
};

const size_t identity_user_routes_count =
    sizeof(identity_user_routes) / sizeof(identity_user_routes[0]);
