/*
 * saml_login.c - the SPID/CIE login as a service (see saml.h): the
 * AuthnRequest recorded, the Response checked against it, the account
 * found by codice fiscale, request and assertion spent once.  No HTTP
 * here (saml_handlers.c is the edge).
 */
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "identity/saml.h"
#include "identity/saml_sql.h"

int
saml_login_begin(struct db *db, const struct saml_idp *idp, int loa, int post,
                 const char *next, int64_t now, struct saml_authn *out,
                 struct av_err *err)
{
	struct db_param p[6], purge[1] = {P_I64(now)};
	int own = 0, rc;

	if (saml_authn_build(idp, loa, post, NULL, out, err) != AV_OK)
		return err->code;
	p[0] = P_TEXT(out->id);
	p[1] = P_TEXT(idp->entity_id);
	p[2] = P_I64(loa);
	p[3] = P_TEXT(next);
	p[4] = P_I64(now);
	p[5] = P_I64(now + SAML_REQUEST_TTL_S);
	if (db_tx_enter(db, &own, err) != AV_OK) {
		saml_authn_release(out);
		return err->code;
	}
	rc = db_exec(db, &saml_sql[Q_SAML_REQUEST_PURGE], purge, 1, NULL, err);
	if (rc == AV_OK)
		rc = db_exec(db, &saml_sql[Q_SAML_REQUEST_INSERT], p, 6, NULL,
		             err);
	rc = db_tx_leave(db, own, rc, err);
	if (rc != AV_OK)
		saml_authn_release(out);
	return rc;
}

int
saml_login_check(struct db *db, const char *b64, size_t len, int64_t now,
                 struct saml_login *out, int64_t *user_id,
                 char next[SAML_URL_MAX + 1], struct av_err *err)
{
	struct db_param p[1];
	struct db_cursor *c;
	struct saml_expect ex;
	char idp[SAML_URL_MAX + 1] = "";
	int64_t expires = 0, used = 0;
	int r;

	*user_id = 0;
	next[0] = '\0';
	if (saml_response_peek(b64, len, out, err) != AV_OK)
		return err->code;
	p[0] = P_TEXT(out->in_response_to);
	if (db_query(db, &saml_sql[Q_SAML_REQUEST_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	memset(&ex, 0, sizeof(ex));
	if (r == 1) {
		str_copy(idp, sizeof(idp), db_col_text(c, 0));
		ex.loa = (int)db_col_i64(c, 1);
		str_copy(next, SAML_URL_MAX + 1, db_col_text(c, 2));
		ex.created = db_col_i64(c, 3);
		expires = db_col_i64(c, 4);
		used = db_col_i64(c, 5);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (r == 0 || used != 0 || expires <= now)
		return av_fail(err, AV_EAUTH, "SAMLResponse",
		               "La risposta non corrisponde a una richiesta di"
		               " accesso in corso (scaduta, già usata o"
		               " sconosciuta): ripetere l'accesso.");
	ex.id = out->in_response_to;
	ex.idp = idp;
	if (saml_response_verify(b64, len, &ex, now, out, err) != AV_OK)
		return err->code;
	p[0] = P_TEXT(out->codice_fiscale);
	if (db_query_i64(db, &saml_sql[Q_SAML_USER_BY_CF], p, 1, user_id, NULL,
	                 err) != AV_OK)
		return err->code;
	return AV_OK;
}

int
saml_login_consume(struct db *db, const struct saml_login *l, int64_t now,
                   struct av_err *err)
{
	struct db_param u[2] = {P_I64(0), P_I64(now)};
	struct db_param s[3], purge[1] = {P_I64(now)};
	int64_t changes = 0;

	u[0] = P_TEXT(l->in_response_to);
	if (db_exec(db, &saml_sql[Q_SAML_REQUEST_USE], u, 2, &changes, err) !=
	    AV_OK)
		return err->code;
	if (changes != 1)
		return av_fail(err, AV_ECONFLICT, "SAMLResponse",
		               "Richiesta di accesso già usata: ripetere"
		               " l'accesso.");
	s[0] = P_TEXT(l->assertion_id);
	s[1] = P_TEXT(l->idp);
	s[2] = P_I64(l->expires > now ? l->expires : now + SAML_REQUEST_TTL_S);
	if (db_exec(db, &saml_sql[Q_SAML_SEEN_PURGE], purge, 1, NULL, err) !=
	        AV_OK ||
	    db_exec(db, &saml_sql[Q_SAML_SEEN_INSERT], s, 3, &changes, err) !=
	        AV_OK)
		return err->code;
	if (changes != 1)
		return av_fail(err, AV_ECONFLICT, "SAMLResponse",
		               "Asserzione già usata: accesso rifiutato.");
	return AV_OK;
}
