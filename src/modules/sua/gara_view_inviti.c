/*
 * gara_view_inviti.c - a negotiated tender's invitations for other
 * modules (gara_view_inviti.h).
 */
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "modules/sua/gara_view_inviti.h"

const struct sql_def sua_view_inviti_sql[] = {
    {"sua_view_inviti", 1,
     "SELECT (SELECT COUNT(*) FROM sua_invito WHERE gara_id = $1),"
     " (SELECT MAX(created) FROM sua_invito WHERE gara_id = $1),"
     " (SELECT soa_categoria FROM sua_inviti_criteri WHERE gara_id = $1)"},
};

const size_t sua_view_inviti_sql_count =
    sizeof(sua_view_inviti_sql) / sizeof(sua_view_inviti_sql[0]);

int
sua_view_inviti(struct db *db, int64_t id, struct sua_view_inviti *out,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int k;

	out->n = 0;
	out->last = -1;
	out->soa[0] = '\0';
	if (db_query(db, &sua_view_inviti_sql[0], p, 1, &c, err) != AV_OK)
		return err->code;
	if ((k = db_next(c, err)) == 1) {
		out->n = db_col_i64(c, 0);
		if (!db_col_is_null(c, 1))
			out->last = db_col_i64(c, 1);
		if (db_col_text(c, 2) != NULL)
			str_copy(out->soa, sizeof(out->soa), db_col_text(c, 2));
	}
	db_cursor_close(c);
	return k < 0 ? err->code : AV_OK;
}
