/*
 * albo_registrazione.h - an economic operator registers itself to the
 * albo fornitori of a Province (issue 13 item 1; docs/sua-albo.md
 * "Self-registration").
 *
 * One anonymous request creates, in one transaction with its audit
 * records: an account, inactive until its e-mail address is confirmed,
 * holding the role 'applicant' on "operatore:PARTITAIVA" (its own entry
 * and documents, nothing else); the albo entry 'in_revisione'; the
 * registration row; the job that sends the confirmation e-mail.  The job
 * makes the token (256 random bits), stores only its SHA-256 with a 48 h
 * expiry and sends it; the confirmation activates the account.  The SUA
 * officer's approval (albo_transition) replaces 'applicant' with
 * 'operator' on the company.
 */
#ifndef AV_SUA_ALBO_REGISTRAZIONE_H
#define AV_SUA_ALBO_REGISTRAZIONE_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/albo.h"

struct db;
struct job_ctx;

#define ALBO_REG_TOKEN_TTL_S (48 * 3600) /* a confirmation token's life */
#define ALBO_REG_FINESTRA_S 3600         /* the throttle's window */
#define ALBO_REG_MAX_PER_IP 10  /* registrations per address per window */
#define ALBO_CONF_MAX_PER_IP 30 /* confirmations per address per window */

/* A registration as given; strings borrowed. */
struct albo_reg_in {
	const char *partita_iva;
	struct albo_in albo; /* provincia included */
	const char *nome, *email, *password;
	/* The registering person's codice fiscale (optional): SPID/CIE
	   logins bind to it (identity/user_cf.h). */
	const char *account_cf;
};

/*
 * Checks every field of in without writing: the account (e-mail, name,
 * the house's password rules) and the entry (albo_validate).  AV_EINVAL
 * with the JSON path.
 */
int albo_reg_validate(struct db *db, const struct albo_reg_in *in,
                      struct av_err *err);

/*
 * Counts one attempt of kind ("reg", "conf") from address ip in its own
 * transaction, committed whatever the request's outcome; AV_ETOOMANY past
 * max in the current window.
 */
int albo_reg_throttle(struct db *db, const char *kind, const char *ip,
                      int64_t max, struct av_err *err);

/*
 * In the caller's transaction, in having passed albo_reg_validate and
 * password_hash the password into hash: AV_ECONFLICT (field partita_iva)
 * when the company is already in that Province's albo; when the e-mail
 * already has an account, nothing is created but an audit record
 * (sua.albo.registrazione_email_esistente) and *created = 0, so that the
 * caller answers as on success; else the account, its 'applicant' grant,
 * the entry, the registration, the e-mail job and the audit records
 * (user.create, sua.albo.create, sua.albo.registrazione), *created = 1.
 */
int albo_reg_create(struct db *db, const struct albo_reg_in *in,
                    const char *hash, int *created, struct av_err *err);

/*
 * The token of a confirmation e-mail: marks the registration confirmed
 * and activates the account, audited (sua.albo.registrazione_conferma).
 * An unknown, used or expired token: AV_EINVAL (field "token"), the same
 * message for the three.
 */
int albo_reg_conferma(struct db *db, const char *token, struct av_err *err);

/*
 * Called by albo_transition when entry r is approved, in its
 * transaction: for a self-registered entry, AV_ECONFLICT while the e-mail
 * is not confirmed; else the registrant gets 'operator' on the company
 * (granted by the entry's Province) in place of 'applicant', audited
 * (user.grant, user.revoke).  Entries made otherwise: nothing.
 */
int albo_registrazione_approvata(struct db *db, int64_t actor,
                                 const struct albo_row *r, struct av_err *err);

/* The job kind "albo_conferma_email": makes and sends the token. */
int albo_conferma_email_job(struct job_ctx *ctx, const json_t *input,
                            json_t **result, struct av_err *err);

#endif
