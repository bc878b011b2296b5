/*
 * session_external.c - sessions opened by SPID or CIE (see
 * session_external.h).  Kept apart from session.c so that the password
 * login's code does not change; the two insert into the same table and
 * are resolved by the same session_resolve.
 */
#include <string.h>

#include "db/db.h"
#include "identity/identity_sql.h"
#include "identity/saml_sql.h"
#include "identity/session_external.h"

int
session_create_external(struct db *db, int64_t user_id, const char *ip,
                        int64_t now, const struct session_origin *o,
                        char token_out[TOKEN_TEXT_LEN + 1],
                        char csrf_out[TOKEN_TEXT_LEN + 1], struct av_err *err)
{
	char hash[65];
	struct db_param p[12], purge[2];

	if (o->loa < 1 || o->loa > 3 ||
	    (strcmp(o->method, "spid") != 0 && strcmp(o->method, "cie") != 0))
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
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
	p[5] = P_TEXT(ip);
	p[6] = P_TEXT(o->method);
	p[7] = P_TEXT(o->idp);
	p[8] = P_I64(o->loa);
	p[9] = P_I64(o->auth_at);
	p[10] = o->session_index[0] ? P_TEXT(o->session_index) : P_NULL;
	p[11] = o->name_id[0] ? P_TEXT(o->name_id) : P_NULL;
	return db_exec(db, &saml_sql[Q_SAML_SESSION_INSERT], p, 12, NULL, err);
}
