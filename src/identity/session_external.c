/*
 * session_external.c - sessions opened by SPID or CIE (see
 * session_external.h): checks the origin, then session.c's session_open,
 * the one path that makes a session row.
 */
#include <string.h>

#include "identity/session_external.h"

int
session_create_external(struct db *db, int64_t user_id, const char *ip,
                        int64_t now, const struct session_origin *o,
                        char token_out[TOKEN_TEXT_LEN + 1],
                        char csrf_out[TOKEN_TEXT_LEN + 1], struct av_err *err)
{
	if (o->loa < 1 || o->loa > 3 ||
	    (strcmp(o->method, "spid") != 0 && strcmp(o->method, "cie") != 0))
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return session_open(db, user_id, ip, now, o, token_out, csrf_out, err);
}
