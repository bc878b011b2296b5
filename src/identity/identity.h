/*
 * identity.h - accounts, roles per ente, sessions, API tokens, login
 * throttling and the authorization policy.
 *
 * A platform service like the audit log: the HTTP layer calls it to know
 * who is calling, handlers call authz through req (route.h).  Secrets are
 * handled here only: passwords become argon2id strings (libsodium
 * crypto_pwhash_str), tokens become the hex SHA-256 of 256 random bits;
 * plaintext tokens exist only in the response that creates them.
 */
#ifndef AV_IDENTITY_H
#define AV_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "identity/types.h"

struct db;
struct jw;

#define PASSWORD_MIN_LEN 12   /* code points */
#define PASSWORD_MAX_LEN 256  /* bytes */
#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define TOKEN_TEXT_LEN 43     /* base64url of 32 bytes, no padding */
#define API_TOKEN_PREFIX "avt_"
#define API_TOKEN_TEXT_LEN (4 + TOKEN_TEXT_LEN)
#define EMAIL_MAX 254
#define NAME_MAX_BYTES 200

#define SESSION_IDLE_S (30 * 60)       /* idle expiry */
#define SESSION_ABSOLUTE_S (12 * 3600) /* absolute expiry */
#define API_TOKENS_PER_USER_MAX 20
#define SESSION_TOUCH_S 60   /* last_seen written at most this often */
#define API_TOKEN_TOUCH_S 60 /* last_used written at most this often */

#define THROTTLE_QUIET_S (15 * 60) /* counters forgotten after this quiet */
#define THROTTLE_IP_MAX 20         /* failures from one address */
#define THROTTLE_PAIR_MAX 5        /* failures on one account, one address */
#define THROTTLE_ACCOUNT_FREE 5    /* failures on one account before delays */
#define THROTTLE_DELAY_MAX_S 60    /* longest delay an account can get */

/* ---- passwords (password.c) ---- */

/*
 * At most n password hashes (or verifications) at once in the server
 * (0: one per core, the default).  Call before threads start.
 */
void password_slots_configure(unsigned n);
/*
 * Takes a slot before hashing or verifying: AV_OK, or AV_EBUSY (503, the
 * error envelope gets Retry-After) when all are taken.  Release it with
 * password_slot_release once the hash is done.  The CLI needs none.
 */
int password_slot_acquire(struct av_err *err);
void password_slot_release(void);
/* password_hash / password_verify inside a slot, for request handlers. */
int password_hash_bounded(const char *password, char *out, struct av_err *err);
int password_verify_bounded(const char *hash, const char *password, int *ok,
                            struct av_err *err);

/* Length >= 12 code points, <= 256 bytes, not the email (any case). */
int password_policy_check(const char *password, const char *email,
                          struct av_err *err);
/* argon2id string; out has PASSWORD_HASH_MAX bytes. */
int password_hash(const char *password, char *out, struct av_err *err);
/* 1 when password matches hash. */
int password_verify(const char *hash, const char *password);
/* Spends the same time as a verification, for unknown accounts. */
void password_verify_dummy(const char *password);
/* A random one-time password of 20 characters, NUL-terminated. */
void password_generate(char out[21]);

/* ---- tokens (token.c) ---- */

/* 256 random bits as base64url (TOKEN_TEXT_LEN chars + NUL). */
void token_random(char out[TOKEN_TEXT_LEN + 1]);
/* Hex SHA-256 of a token (64 chars + NUL). */
void token_hash_hex(const char *token, char out[65]);

/* ---- roles and enti (roles.c) ---- */

const char *role_name(enum role r);
int role_parse(const char *s, enum role *out);
/*
 * Checks an ente code: format, and existence for provincia:/comune: codes
 * (active units only).  Fills err (field "ente") when invalid.
 */
int ente_check(struct db *db, const char *ente, struct av_err *err);
/* ente_check + the kind of ente the role is held on (comune: for comune...). */
int grant_check(struct db *db, enum role r, const char *ente,
                struct av_err *err);

/* ---- administrators' scope (scope.c) ---- */

#define ADMIN_SCOPE_MAX (USER_ROLES_MAX * 4 + 2) /* "|024|028|" + NUL */

/*
 * What a Province admin administers (docs/identity.md): the Provinces it is
 * admin of, as the text "|024|028|" the scope statements take, and the one
 * it acts for (the first, "provincia:024"), recorded as approver of the
 * grants it makes, creator of the accounts it makes and ente of its audit
 * records.  A caller that is admin of no Province gets "|" and "": it
 * manages nothing.
 */
struct admin_scope {
	char provinces[ADMIN_SCOPE_MAX];
	char acting[ENTE_CODE_MAX + 1];
};

void admin_scope_init(struct admin_scope *s, const struct user *u);
/* The Province the admin acts for, or NULL. Borrowed from s. */
const char *admin_scope_acting(const struct admin_scope *s);
/* 1 if u is admin of some Province (has an admin scope), else 0. */
int admin_scope_any(const struct user *u);
/*
 * May the admin grant a role on ente (approved by its acting Province)?
 * Its Provinces, their Comuni, and economic operators; never upi.  AV_OK or
 * AV_EFORBIDDEN (field "ente").  Check the ente itself with grant_check.
 */
int scope_grant_check(struct db *db, const struct admin_scope *s,
                      const char *ente, struct av_err *err);
/*
 * Does account id exist and does the admin manage it?  AV_OK, or
 * AV_ENOTFOUND (field "id") worded exactly as for an unknown id, so ids
 * outside the scope cannot be probed.
 */
int scope_user_check(struct db *db, const struct admin_scope *s, int64_t id,
                     struct av_err *err);
/* An account's place in one order of the list: id and the order's text. */
struct user_key {
	int64_t id;
	char text[EMAIL_MAX + 1]; /* LOWER(name) or email; "" by id */
};

/*
 * One page of the ids of the accounts the admin manages (s NULL: every
 * account, for the console), in the order given ("nome", "-nome",
 * "email", "-email"; NULL or "id": id order, i.e. creation), after the
 * key after (NULL: from the start) skipping offset: at most min(limit,
 * max) ids into ids with their keys into keys (may be NULL), *n of them.
 */
int scope_user_page(struct db *db, const struct admin_scope *s,
                    const char *order, const struct user_key *after,
                    int64_t limit, int64_t offset, int64_t *ids,
                    struct user_key *keys, size_t max, size_t *n,
                    struct av_err *err);
/*
 * Calls fn(arg, id, err) for every account the admin manages (s NULL:
 * every account), in id order, reading keyset pages of USER_LIST_MAX ids
 * (none skipped or repeated); stops at the first fn that fails and
 * returns its code.  For the exports of the whole list (users.csv, `user
 * list`).
 */
int scope_user_each(struct db *db, const struct admin_scope *s,
                    int (*fn)(void *arg, int64_t id, struct av_err *err),
                    void *arg, struct av_err *err);
/* How many accounts the admin manages, counted up to cap. */
int scope_user_count(struct db *db, const struct admin_scope *s, int64_t cap,
                     int64_t *total, struct av_err *err);

/* ---- policy (policy.c) ---- */

enum decision { DECISION_DENY, DECISION_ALLOW, DECISION_OWN_ENTE };

const char *perm_name(enum perm p);
enum decision policy_decision(enum perm p, enum role r);
/*
 * The one authorization function: AV_OK, AV_EAUTH (no user, for a
 * non-public perm) or AV_EFORBIDDEN.  ente NULL means "some ente": an
 * own-ente grant passes (the handler checks the object's ente later).
 */
int authz_decide(const struct user *u, enum perm p, const char *ente);

/* ---- users (users.c) ---- */

struct user_row {
	int64_t id;
	char email[EMAIL_MAX + 1];
	char name[NAME_MAX_BYTES + 1];
	char password_hash[PASSWORD_HASH_MAX];
	int active;
	int must_change_password;
};

int user_email_check(const char *email, struct av_err *err);
int user_name_check(const char *name, struct av_err *err);
/*
 * Creates the account (email lower-cased); 409 if the email exists.
 * created_by: the Province whose admin creates it, NULL from the console.
 */
int user_create(struct db *db, const char *email, const char *name,
                const char *password_hash, const char *created_by,
                int64_t *id_out, struct av_err *err);
int user_find_email(struct db *db, const char *email, struct user_row *out,
                    int *found, struct av_err *err);
int user_find_id(struct db *db, int64_t id, struct user_row *out, int *found,
                 struct av_err *err);
/* The grants of a user, active or not (at most max; *n receives the count). */
int user_grants(struct db *db, int64_t id, struct role_grant *out, int max,
                int *n, struct av_err *err);
/* Fills u (id, email, name, roles) for an active user. */
int user_load(struct db *db, int64_t id, struct user *u, int *found,
              struct av_err *err);
int user_set_password(struct db *db, int64_t id, const char *password_hash,
                      int must_change, struct av_err *err);
int user_set_active(struct db *db, int64_t id, int active, struct av_err *err);
int user_set_name(struct db *db, int64_t id, const char *name,
                  struct av_err *err);
/*
 * Records a grant (idempotent: an existing grant keeps its approver); check
 * it first with grant_check.  granted_by: the Province whose admin approves
 * it, NULL from the console.
 */
int user_grant(struct db *db, int64_t id, enum role r, const char *ente,
               const char *granted_by, struct av_err *err);
/* *found = 0 when the grant did not exist. */
int user_revoke(struct db *db, int64_t id, enum role r, const char *ente,
                int *found, struct av_err *err);
/*
 * Writes the members of account id with its roles (id, email, name,
 * active, must_change_password, roles; no secrets) into the object the
 * caller has open on w, so that the caller can add its own (a one-time
 * password, tokens revoked, the CSRF token).  *found = 0, nothing written,
 * when there is no such account.  The one shape of an account, for the API
 * and the console alike.
 */
int user_write_members(struct jw *w, struct db *db, int64_t id, int *found,
                       struct av_err *err);
#define USER_LIST_MAX 500 /* users in one page (scope_user_page) */
/* GET /users counts the accounts up to this many (http/list.h). */
#define USER_COUNT_CAP 100000

/* ---- account use cases (account.c) ---- */

/*
 * Who performs an account use case: an administrator within its scope, or
 * the operator at the console (user_id 0, scope NULL: recorded as
 * "system", no scope, created_by/granted_by NULL).
 */
struct account_actor {
	int64_t user_id;
	const struct admin_scope *scope;
};

#define ACCOUNT_GRANTS_MAX 16 /* grants given with a new account */

struct account_grant {
	enum role role;
	const char *ente; /* borrowed */
};

struct account_new {
	const char *email, *name;  /* checked here (user_*_check) */
	const char *password_hash; /* argon2id (password_hash*) */
	int must_change_password;  /* 1: a one-time password */
	const struct account_grant *grants;
	size_t ngrants; /* at most ACCOUNT_GRANTS_MAX */
	/* The person's codice fiscale (user_cf.h), or NULL/"": none. */
	const char *codice_fiscale;
};

/*
 * The account use cases, shared by the HTTP handlers and the CLI.  Each
 * checks the target (an admin reaches only accounts it manages: else 404,
 * field "id"), checks each grant (grant_check, and the admin's scope),
 * makes the change and appends one audit record (user.create {email, name,
 * roles:[{role, ente}]}, user.grant / user.revoke {role, ente},
 * user.password_reset {tokens_revoked}, user.update {name?, active?,
 * tokens_revoked?}; ente = the admin's acting Province, actor "system"
 * from the console).  They join the caller's write transaction when one is
 * open, else run in their own.  Passwords are hashed by the caller, before
 * the transaction (no slow work under the write lock).
 */
int account_create(struct db *db, const struct account_actor *a,
                   const struct account_new *in, int64_t *id_out,
                   struct av_err *err);
int account_grant(struct db *db, const struct account_actor *a, int64_t id,
                  enum role r, const char *ente, struct av_err *err);
/* AV_ENOTFOUND (field "ente") when the account does not hold the grant. */
int account_revoke(struct db *db, const struct account_actor *a, int64_t id,
                   enum role r, const char *ente, struct av_err *err);
/* Sets the password and ends every session and API token. */
int account_password_reset(struct db *db, const struct account_actor *a,
                           int64_t id, const char *password_hash,
                           int must_change, int64_t *tokens_revoked,
                           struct av_err *err);
/*
 * name NULL: unchanged; active -1 unchanged, 0 deactivate (ends sessions
 * and tokens; never one's own account: 409), 1 reactivate; codice_fiscale
 * NULL unchanged, "" removed, else set (user_cf_set: 400/409 with field
 * "codice_fiscale").
 */
int account_update(struct db *db, const struct account_actor *a, int64_t id,
                   const char *name, int active, const char *codice_fiscale,
                   int64_t *tokens_revoked, struct av_err *err);

/* ---- sessions and API tokens (session.c) ---- */

/* New session; token_out/csrf_out receive the plaintext values. */
int session_create(struct db *db, int64_t user_id, const char *client_ip,
                   int64_t now, char token_out[TOKEN_TEXT_LEN + 1],
                   char csrf_out[TOKEN_TEXT_LEN + 1], struct av_err *err);
/*
 * Resolves a session token: *found = 0 when unknown, expired (idle or
 * absolute) or the user is inactive.  Touches last_seen.
 */
int session_resolve(struct db *db, const char *token, int64_t now,
                    struct user *u, char csrf_out[TOKEN_TEXT_LEN + 1],
                    int *found, struct av_err *err);
int session_delete(struct db *db, int64_t session_id, struct av_err *err);
int session_delete_user(struct db *db, int64_t user_id, struct av_err *err);
/*
 * Ends the account's access: deletes every session and revokes every live
 * API token (password change, reset, deactivation), so no credential made
 * before outlives the change.  *tokens_revoked (may be NULL) receives the
 * count.  Call inside the caller's write transaction.
 */
int user_end_access(struct db *db, int64_t user_id, int64_t now,
                    int64_t *tokens_revoked, struct av_err *err);

int api_token_create(struct db *db, int64_t user_id, const char *name,
                     int64_t expires, int64_t now,
                     char token_out[API_TOKEN_TEXT_LEN + 1], int64_t *id_out,
                     struct av_err *err);
/*
 * Resolves an API token: *found = 0 when unknown, revoked, expired or the
 * user is inactive.  Records last_used at most once every
 * API_TOKEN_TOUCH_S seconds (a read stays a read).
 */
int api_token_resolve(struct db *db, const char *token, int64_t now,
                      struct user *u, int *found, struct av_err *err);
int api_token_revoke(struct db *db, int64_t user_id, int64_t token_id,
                     int64_t now, int *found, struct av_err *err);
/*
 * Writes the user's tokens, one object per token (id, name, prefix,
 * created, expires, last_used, revoked: null when unset) into the open
 * array of w, newest first; *count receives how many.  keep, when not
 * NULL, is asked for each token's id and only those it says 1 for are
 * written (the page of the list pattern: http/list.h's list_walk).
 */
int api_token_write_list(struct jw *w, struct db *db, int64_t user_id,
                         int (*keep)(void *ctx, int64_t id), void *ctx,
                         int64_t *count, struct av_err *err);

/* ---- audit records (audit_ids.c) ---- */

/*
 * Appends an audit entry inside the caller's transaction: actor_id 0 is
 * "system", object_id 0 none; details (may be NULL) is stolen.
 */
int identity_audit(struct db *db, int64_t actor_id, const char *ente,
                   const char *action, const char *object_type,
                   int64_t object_id, json_t *details, struct av_err *err);

/* ---- demo accounts (demo_users.c) ---- */

#include <stdio.h>
/*
 * One user per role for the demo Province sigla (created or, when present,
 * given a new password), printed to out with their passwords.  Call inside
 * a write transaction.
 */
int identity_demo_users(struct db *db, const char *sigla, FILE *out,
                        struct av_err *err);

/*
 * The demo operator account local@demo.areavasta.example with the
 * operator role on operatore:piva, made by the demo Province's admin
 * (provincia: its ISTAT code), printed like the others with
 * ragione_sociale.  Call inside a write transaction.
 */
int identity_demo_operator(struct db *db, const char *provincia,
                           const char *local, const char *name,
                           const char *piva, const char *ragione_sociale,
                           FILE *out, struct av_err *err);

/* ---- login throttling (throttle.c, login_key.c) ---- */

#define LOGIN_KEY_HEX 32 /* hex characters of a login key */

/*
 * The name under which the throttle counters and the failed-login audit
 * records know a typed email: hex of a BLAKE2b-128 of the lower-cased text
 * keyed with a subkey of the audit signing key (kept outside the
 * database), so that whatever was typed, a password included, is never
 * stored.  out has LOGIN_KEY_HEX + 1 bytes.  AV_EINTERNAL when the key is
 * not available.
 */
int login_email_key(const char *email, char out[LOGIN_KEY_HEX + 1],
                    struct av_err *err);

/*
 * Checks and counts one login attempt for account (a login key) from ip,
 * in its own write transaction, before the password is verified: AV_OK
 * (counted), or AV_ETOOMANY with *retry_after_s when the address, the
 * account from this address, or the account's growing delay say wait.
 */
int throttle_attempt(struct db *db, const char *account, const char *ip,
                     int64_t now, int64_t *retry_after_s, struct av_err *err);
/* After a right password, inside the caller's transaction. */
int throttle_success(struct db *db, const char *account, const char *ip,
                     struct av_err *err);
/* Seconds an account waits after its last failure, given its failures. */
int64_t throttle_account_delay(int64_t failures);

/* ---- who holds a role on an ente (ente_users.c) ---- */

/*
 * The active users holding role (an enum role, or -1 for any) on ente
 * ("operatore:01234567897", "provincia:024"), by id: at most max of them
 * into ids, *n how many.  AV_ETOOBIG (field "ente") when there are more.
 */
int identity_ente_users(struct db *db, const char *ente, int role, int64_t *ids,
                        size_t max, size_t *n, struct av_err *err);

#endif
