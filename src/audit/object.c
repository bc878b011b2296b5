/*
 * object.c - one object's history from the audit log (audit.h,
 * audit_object_entries): a service shows the changes made to its own
 * object (a campaign's extensions, say) from the very entries that prove
 * them, instead of keeping a second, unchained copy.
 */
#include <stdint.h>

#include "audit/audit.h"
#include "audit/audit_sql.h"
#include "db/db.h"

int
audit_object_entries(struct db *db, const char *action, const char *object_type,
                     const char *object_id, int64_t limit, audit_object_cb cb,
                     void *ctx, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(action), P_TEXT(object_type),
	                       P_TEXT(object_id), P_I64(limit)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &audit_sql[Q_AUDIT_OBJECT], p, 4, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (cb(ctx, db_col_text(c, 0), db_col_text(c, 1),
		       db_col_text(c, 2), err) != 0) {
			r = -1;
			break;
		}
	}
	db_cursor_close(c);
	return r < 0
	           ? (err->code != AV_OK
	                  ? (int)err->code
	                  : av_fail(err, AV_EINTERNAL, NULL, "Errore interno."))
	           : AV_OK;
}
