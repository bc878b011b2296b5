/*
 * albo_registrazione.c - the albo's self-registration (albo_registrazione.h,
 * docs/sua-albo.md "Self-registration"): checks, the per-address throttle,
 * the creation in one transaction, the confirmation e-mail job, the
 * confirmation and the grant of the operator role on approval.
 *
 * The token never reaches the database: the job makes it after the
 * registration is committed, stores its SHA-256 and sends it; the
 * e-mail's text is not kept either (the notifiche module would store it:
 * only the outcome of the sending is recorded, on the registration row and
 * in the audit log).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "identity/user_cf.h"
#include "jobs/job.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/albo_registrazione.h"
#include "modules/sua/albo_registrazione_sql.h"
#include "modules/sua/albo_sql.h"

#define REG_MAIL_MAX (16 * 1024) /* the confirmation message, encoded */
/* Message-IDs of these e-mails apart from the notifications' ones. */
#define REG_MESSAGE_ID_BASE (INT64_C(1) << 40)

int
albo_reg_validate(struct db *db, const struct albo_reg_in *in,
                  struct av_err *err)
{
	if (in->partita_iva == NULL)
		return av_fail(err, AV_EINVAL, "partita_iva",
		               "La partita IVA è obbligatoria.");
	if (albo_validate(db, in->partita_iva, &in->albo, err) != AV_OK)
		return err->code;
	if (user_name_check(in->nome, err) != AV_OK) {
		str_copy(err->field, sizeof(err->field), "account.nome");
		return err->code;
	}
	if (user_email_check(in->email, err) != AV_OK) {
		str_copy(err->field, sizeof(err->field), "account.email");
		return err->code;
	}
	if (password_policy_check(in->password, in->email, err) != AV_OK) {
		str_copy(err->field, sizeof(err->field), "account.password");
		return err->code;
	}
	if (in->account_cf != NULL && in->account_cf[0] != '\0') {
		char cf[USER_CF_LEN + 1];

		if (user_cf_normalize(in->account_cf, "account.codice_fiscale",
		                      cf, err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
albo_reg_throttle(struct db *db, const char *kind, const char *ip, int64_t max,
                  struct av_err *err)
{
	char key[96];
	int64_t n = 0, now = (int64_t)time(NULL);
	int own, found = 0, rc;

	snprintf(key, sizeof(key), "%s:%.60s", kind, ip ? ip : "?");
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	{
		struct db_param p[] = {P_TEXT(key),
		                       P_I64(now / ALBO_REG_FINESTRA_S)};

		rc = db_query_i64(db, &albo_reg_sql[Q_LIMITE_BUMP], p, 2, &n,
		                  &found, err);
	}
	rc = db_tx_leave(db, own, rc, err);
	if (rc != AV_OK)
		return rc;
	if (n > max)
		return av_fail(err, AV_ETOOMANY, NULL,
		               "Troppi tentativi da questo indirizzo: riprova "
		               "tra un'ora.");
	return AV_OK;
}

static int
audit_reg(struct db *db, int64_t actor, const char *provincia,
          const char *action, const char *type, int64_t id, json_t *d,
          struct av_err *err)
{
	char ente[16];

	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	return identity_audit(db, actor, ente, action, type, id, d, err);
}

int
albo_reg_create(struct db *db, const struct albo_reg_in *in, const char *hash,
                int *created, struct av_err *err)
{
	static _Thread_local struct user_row existing;
	char prov[24], ente[ENTE_CODE_MAX + 1], lower[EMAIL_MAX + 1];
	char cf[USER_CF_LEN + 1] = "";
	int64_t uid = 0, albo_id = 0, reg_id = 0, job_id = 0, other = 0;
	int64_t now = (int64_t)time(NULL);
	int found = 0;
	size_t i;

	*created = 0;
	snprintf(prov, sizeof(prov), "provincia:%s", in->albo.provincia);
	snprintf(ente, sizeof(ente), "operatore:%s", in->partita_iva);
	{
		struct db_param p[] = {P_TEXT(in->albo.provincia),
		                       P_TEXT(in->partita_iva)};

		if (db_query_i64(db, &sua_albo_sql[Q_ALBO_FIND], p, 2, &other,
		                 &found, err) != AV_OK)
			return err->code;
		if (found)
			return av_fail(err, AV_ECONFLICT, "partita_iva",
			               "Questa partita IVA è già iscritta (o "
			               "in revisione) all'albo di questa "
			               "Provincia: chi la rappresenta può "
			               "accedere con il proprio account.");
	}
	/*
	 * A company registers itself once.  The role is held on the company,
	 * so a second self-registration of the same partita IVA (in another
	 * Province's albo, by anyone) would give a stranger the company's
	 * entries and documents: refused while the partita IVA is in any
	 * albo or has an active account.  Its people apply to more albi
	 * from "La mia impresa".
	 */
	{
		struct db_param p[] = {P_TEXT(in->partita_iva)};
		struct av_err e2 = AV_ERR_INIT;
		int64_t ids[1], na = 0;
		size_t nu = 0;

		if (db_query_i64(db, &albo_reg_sql[Q_REG_PIVA_ALBI], p, 1, &na,
		                 &found, err) != AV_OK)
			return err->code;
		if (na == 0 && identity_ente_users(db, ente, -1, ids, 1, &nu,
		                                   &e2) != AV_OK) {
			if (e2.code != AV_ETOOBIG) {
				*err = e2;
				return err->code;
			}
			nu = 2; /* more than one: the company has accounts */
		}
		if (na > 0 || nu > 0)
			return av_fail(
			    err, AV_ECONFLICT, "partita_iva",
			    "Questa partita IVA è già registrata "
			    "sulla piattaforma: chi rappresenta "
			    "l'impresa accede con il proprio account "
			    "e chiede l'iscrizione agli altri albi da "
			    "«La mia impresa».");
	}
	for (i = 0; in->email[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)((in->email[i] >= 'A' && in->email[i] <= 'Z')
		                      ? in->email[i] + 32
		                      : in->email[i]);
	lower[i] = '\0';
	if (user_find_email(db, lower, &existing, &found, err) != AV_OK)
		return err->code;
	if (found)
		/* The same answer as a success: recorded, nothing made. */
		return audit_reg(
		    db, 0, in->albo.provincia,
		    "sua.albo.registrazione_email_esistente", "app_user",
		    existing.id,
		    json_pack("{s:s}", "partita_iva", in->partita_iva), err);
	if (in->account_cf != NULL && in->account_cf[0] != '\0') {
		int64_t holder = 0;

		if (user_cf_normalize(in->account_cf, "account.codice_fiscale",
		                      cf, err) != AV_OK ||
		    user_cf_find(db, cf, &holder, &found, err) != AV_OK)
			return err->code;
		/* Held by an account: as for its e-mail, nothing said. */
		if (found)
			return audit_reg(
			    db, 0, in->albo.provincia,
			    "sua.albo.registrazione_cf_esistente", "app_user",
			    holder,
			    json_pack("{s:s}", "partita_iva", in->partita_iva),
			    err);
	}
	if (user_create(db, in->email, in->nome, hash, prov, &uid, err) !=
	        AV_OK ||
	    user_set_password(db, uid, hash, 0, err) != AV_OK ||
	    user_set_active(db, uid, 0, err) != AV_OK ||
	    user_grant(db, uid, ROLE_APPLICANT, ente, prov, err) != AV_OK ||
	    (cf[0] != '\0' && user_cf_set(db, uid, cf, "account.codice_fiscale",
	                                  err) != AV_OK) ||
	    identity_audit(db, uid, prov, "user.create", "app_user", uid,
	                   json_pack("{s:s, s:s, s:[{s:s, s:s}], s:s?}",
	                             "email", lower, "name", in->nome, "roles",
	                             "role", "applicant", "ente", ente,
	                             "codice_fiscale", cf[0] ? cf : NULL),
	                   err) != AV_OK ||
	    albo_create(db, uid, in->partita_iva, &in->albo, &albo_id, err) !=
	        AV_OK)
		return err->code;
	{
		struct db_param p[] = {P_I64(albo_id), P_I64(uid), P_I64(now)};

		if (db_query_i64(db, &albo_reg_sql[Q_REG_INSERT], p, 3, &reg_id,
		                 &found, err) != AV_OK)
			return err->code;
	}
	{
		json_t *input =
		    json_pack("{s:I}", "registrazione", (json_int_t)reg_id);
		int rc = job_submit(db, "albo_conferma_email", input, uid, prov,
		                    &job_id, err);

		json_decref(input);
		if (rc != AV_OK)
			return rc;
	}
	if (audit_reg(db, uid, in->albo.provincia, "sua.albo.registrazione",
	              "sua_albo", albo_id,
	              json_pack("{s:s, s:I, s:I}", "partita_iva",
	                        in->partita_iva, "user_id", (json_int_t)uid,
	                        "registrazione", (json_int_t)reg_id),
	              err) != AV_OK)
		return err->code;
	*created = 1;
	return AV_OK;
}

int
albo_reg_conferma(struct db *db, const char *token, struct av_err *err)
{
	char hash[65];
	struct db_param p[1];
	struct db_cursor *c;
	int64_t id = 0, albo_id = 0, uid = 0, scadenza = 0, n = 0;
	int64_t now = (int64_t)time(NULL);
	int k, used = 1;
	static _Thread_local struct albo_row r;
	int found = 0;

	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN)
		goto bad;
	token_hash_hex(token, hash);
	p[0] = P_TEXT(hash);
	if (db_query(db, &albo_reg_sql[Q_REG_BY_TOKEN], p, 1, &c, err) != AV_OK)
		return err->code;
	k = db_next(c, err);
	if (k == 1) {
		id = db_col_i64(c, 0);
		albo_id = db_col_i64(c, 1);
		uid = db_col_i64(c, 2);
		scadenza = db_col_i64(c, 3);
		used = !db_col_is_null(c, 4);
	}
	db_cursor_close(c);
	if (k < 0)
		return err->code;
	if (k == 0 || used || scadenza < now)
		goto bad;
	{
		struct db_param q[] = {P_I64(id), P_I64(now)};

		if (db_exec(db, &albo_reg_sql[Q_REG_CONFERMA], q, 2, &n, err) !=
		    AV_OK)
			return err->code;
		if (n != 1)
			goto bad;
	}
	if (user_set_active(db, uid, 1, err) != AV_OK ||
	    albo_get(db, albo_id, &r, &found, err) != AV_OK)
		return err->code;
	return audit_reg(db, uid, found ? r.provincia : "000",
	                 "sua.albo.registrazione_conferma", "app_user", uid,
	                 json_pack("{s:I, s:I}", "registrazione",
	                           (json_int_t)id, "albo_id",
	                           (json_int_t)albo_id),
	                 err);
bad:
	return av_fail(err, AV_EINVAL, "token",
	               "Il codice di conferma non è valido, è già stato usato "
	               "o è scaduto.");
}

int
albo_registrazione_approvata(struct db *db, int64_t actor,
                             const struct albo_row *r, struct av_err *err)
{
	struct db_param p[] = {P_I64(r->id)};
	struct db_cursor *c;
	char prov[24], ente[ENTE_CODE_MAX + 1];
	int64_t uid = 0;
	int k, confirmed = 0, revoked = 0;

	if (db_query(db, &albo_reg_sql[Q_REG_BY_ALBO], p, 1, &c, err) != AV_OK)
		return err->code;
	k = db_next(c, err);
	if (k == 1) {
		uid = db_col_i64(c, 1);
		confirmed = !db_col_is_null(c, 2);
	}
	db_cursor_close(c);
	if (k <= 0)
		return k < 0 ? err->code : AV_OK;
	if (!confirmed)
		return av_fail(err, AV_ECONFLICT, "stato",
		               "Il richiedente non ha ancora confermato il "
		               "proprio indirizzo e-mail: l'iscrizione non si "
		               "può approvare.");
	snprintf(prov, sizeof(prov), "provincia:%s", r->provincia);
	snprintf(ente, sizeof(ente), "operatore:%s", r->partita_iva);
	if (user_grant(db, uid, ROLE_OPERATOR, ente, prov, err) != AV_OK ||
	    user_revoke(db, uid, ROLE_APPLICANT, ente, &revoked, err) !=
	        AV_OK ||
	    identity_audit(
	        db, actor, prov, "user.grant", "app_user", uid,
	        json_pack("{s:s, s:s}", "role", "operator", "ente", ente),
	        err) != AV_OK)
		return err->code;
	if (revoked &&
	    identity_audit(
	        db, actor, prov, "user.revoke", "app_user", uid,
	        json_pack("{s:s, s:s}", "role", "applicant", "ente", ente),
	        err) != AV_OK)
		return err->code;
	return AV_OK;
}

/* ---- the confirmation e-mail (job) ---- */

struct reg_view {
	int64_t id, albo_id, user_id;
	int confirmed;
	char email[EMAIL_MAX + 1];
	char nome[NAME_MAX_BYTES + 1];
	char provincia[4];
	char ragione[ALBO_RAGIONE_MAX + 1];
};

/* The registration id with its entry's data and its account's address
   (identity's user_find_id: the account is identity's table). */
static int
reg_load(struct db *db, int64_t id, struct reg_view *v, int *found,
         struct av_err *err)
{
	static _Thread_local struct user_row u;
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int k, ufound = 0;

	*found = 0;
	if (db_query(db, &albo_reg_sql[Q_REG_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	k = db_next(c, err);
	if (k == 1) {
		*found = 1;
		v->id = db_col_i64(c, 0);
		v->albo_id = db_col_i64(c, 1);
		v->user_id = db_col_i64(c, 2);
		v->confirmed = !db_col_is_null(c, 3);
		str_copy(v->provincia, sizeof(v->provincia), db_col_text(c, 4));
		str_copy(v->ragione, sizeof(v->ragione), db_col_text(c, 5));
	}
	db_cursor_close(c);
	if (k < 0)
		return err->code;
	if (k == 0)
		return AV_OK;
	if (user_find_id(db, v->user_id, &u, &ufound, err) != AV_OK)
		return err->code;
	*found = ufound;
	str_copy(v->email, sizeof(v->email), u.email);
	str_copy(v->nome, sizeof(v->nome), u.name);
	return AV_OK;
}

/* Records the outcome of the sending, with its audit record. */
static int
reg_esito(struct db *db, const struct reg_view *v, const char *stato,
          struct av_err *err)
{
	struct db_param p[] = {P_I64(v->id), P_TEXT(stato),
	                       P_I64((int64_t)time(NULL))};
	int own, rc;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = db_exec(db, &albo_reg_sql[Q_REG_SET_EMAIL], p, 3, NULL, err);
	if (rc == AV_OK)
		rc = audit_reg(db, 0, v->provincia,
		               "sua.albo.registrazione_email", "app_user",
		               v->user_id,
		               json_pack("{s:I, s:s, s:s}", "registrazione",
		                         (json_int_t)v->id, "destinatario",
		                         v->email, "esito", stato),
		               err);
	return db_tx_leave(db, own, rc, err);
}

int
albo_conferma_email_job(struct job_ctx *ctx, const json_t *input,
                        json_t **result, struct av_err *err)
{
	static _Thread_local struct reg_view v;
	static _Thread_local struct smtp_config smtp;
	char token[TOKEN_TEXT_LEN + 1], hash[65], detail[256];
	char oggetto[NOTIFICA_OGGETTO_MAX + 1];
	struct sbuf testo = SBUF_INIT(4096), msg = SBUF_INIT(REG_MAIL_MAX);
	json_int_t id =
	    json_integer_value(json_object_get(input, "registrazione"));
	int64_t now = (int64_t)time(NULL), n = 0;
	int found = 0, have_smtp = 0, own, rc;
	const char *stato;

	memset(&v, 0, sizeof(v));
	if (reg_load(ctx->db, (int64_t)id, &v, &found, err) != AV_OK)
		return err->code;
	if (!found || v.confirmed) {
		*result = json_pack("{s:s}", "esito", "nulla da inviare");
		return AV_OK;
	}
	if (notifiche_smtp_get(ctx->db, &smtp, &have_smtp, err) != AV_OK)
		return err->code;
	if (!have_smtp) {
		/* No e-mail: no token either (it could reach nobody). */
		if (reg_esito(ctx->db, &v, "smtp_assente", err) != AV_OK)
			return err->code;
		*result = json_pack("{s:s}", "esito", "smtp_assente");
		return AV_OK;
	}
	token_random(token);
	token_hash_hex(token, hash);
	rc = db_tx_enter(ctx->db, &own, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(v.id), P_TEXT(hash),
		                       P_I64(now + ALBO_REG_TOKEN_TTL_S)};

		rc = db_exec(ctx->db, &albo_reg_sql[Q_REG_SET_TOKEN], p, 3, &n,
		             err);
		rc = db_tx_leave(ctx->db, own, rc, err);
	}
	if (rc != AV_OK) {
		sodium_memzero(token, sizeof(token));
		return rc;
	}
	snprintf(oggetto, sizeof(oggetto),
	         "Conferma la registrazione all'albo fornitori");
	sbuf_addf(&testo,
	          "Gentile %s,\n\nabbiamo ricevuto la richiesta di iscrizione "
	          "di %s all'albo fornitori della Provincia (codice %s).\n\n"
	          "Per confermare il tuo indirizzo e attivare l'account apri "
	          "la pagina indicata qui sotto e inserisci questo codice "
	          "(valido 48 ore):\n\n%s\n\nSe non hai chiesto tu la "
	          "registrazione, ignora questo messaggio.",
	          v.nome, v.ragione, v.provincia, token);
	smtp_message(&msg, smtp.mittente, v.email, oggetto, testo.buf,
	             "/albo-conferma.html", now, REG_MESSAGE_ID_BASE + v.id);
	sodium_memzero(testo.buf, testo.len);
	sodium_memzero(token, sizeof(token));
	if (sbuf_err(&msg))
		stato = "errore";
	else
		stato = smtp_send(&smtp, v.email, msg.buf, msg.len, detail,
		                  sizeof(detail)) == 0
		            ? "inviata"
		            : "errore";
	sodium_memzero(msg.buf, msg.len);
	sbuf_release(&testo);
	sbuf_release(&msg);
	if (reg_esito(ctx->db, &v, stato, err) != AV_OK)
		return err->code;
	*result = json_pack("{s:s}", "esito", stato);
	return AV_OK;
}
