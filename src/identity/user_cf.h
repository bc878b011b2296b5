/*
 * user_cf.h - the codice fiscale of an account (issue 16 item 3,
 * docs/identity.md "Codice fiscale").
 *
 * A SPID or CIE assertion names a person by codice fiscale, and the login
 * binds to the one account holding it; ANAC's interfaces want the acting
 * user's.  It is a natural person's 16-character code (check character,
 * omocodia letters accepted), stored upper-case, unique among accounts
 * (NULL when unknown).  Kept apart from users.c so the SAML side can use
 * user_cf_find without touching the account statements.
 */
#ifndef AV_IDENTITY_USER_CF_H
#define AV_IDENTITY_USER_CF_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

#define USER_CF_LEN 16
#define USER_CF_INPUT_MAX 32 /* bytes accepted before "too long" */

/*
 * Upper-cases in into out and checks it (valid_cf_persona): AV_OK, or
 * AV_EINVAL with field and an Italian message saying what is wrong.
 */
int user_cf_normalize(const char *in, const char *field,
                      char out[USER_CF_LEN + 1], struct av_err *err);
/* The account's codice fiscale into out, "" when it has none. */
int user_cf_get(struct db *db, int64_t id, char out[USER_CF_LEN + 1],
                struct av_err *err);
/*
 * Sets the account's codice fiscale (normalized here; NULL or "" clears
 * it).  AV_ECONFLICT with field when another account holds it, without
 * saying which.  No audit record: the use case writes it (account.c).
 */
int user_cf_set(struct db *db, int64_t id, const char *cf, const char *field,
                struct av_err *err);
/*
 * The account holding cf (normalized: user_cf_normalize), *found = 0 when
 * none.  Active or not: a login must still check the account with
 * user_load, which refuses inactive ones.
 */
int user_cf_find(struct db *db, const char *cf, int64_t *id, int *found,
                 struct av_err *err);
/* Writes "codice_fiscale": "..." | null of account id into w's object. */
int user_cf_write(struct jw *w, struct db *db, int64_t id, struct av_err *err);

#endif
