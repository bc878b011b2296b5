/*
 * ente_users.c - who holds a role on an ente (identity_ente_users): the
 * recipients of a message addressed to an organisation ("every operator
 * user of company P.IVA"), asked by the notifications, which may not read
 * identity's tables themselves.
 */
#include <string.h>

#include "db/db.h"
#include "identity/ente_users_sql.h"
#include "identity/identity.h"

int
identity_ente_users(struct db *db, const char *ente, int role, int64_t *ids,
                    size_t max, size_t *n, struct av_err *err)
{
	struct db_param p[] = {
	    P_TEXT(ente),
	    P_TEXT(role >= 0 ? role_name((enum role)role) : ""),
	    P_I64((int64_t)max + 1),
	};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &ente_users_sql[Q_ENTE_USERS], p, 3, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (*n == max) {
			db_cursor_close(c);
			return av_fail(err, AV_ETOOBIG, "ente",
			               "Troppi destinatari per un solo invio.");
		}
		ids[(*n)++] = db_col_i64(c, 0);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
