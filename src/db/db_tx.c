/*
 * db_tx.c - joining the caller's transaction or opening one (db.h):
 * backend-neutral, on top of db_tx_begin/commit/rollback.
 */
#include "db/db.h"

int
db_tx_enter(struct db *db, int *own, struct av_err *err)
{
	*own = !db_in_tx(db);
	return *own ? db_tx_begin(db, err) : AV_OK;
}

int
db_tx_leave(struct db *db, int own, int rc, struct av_err *err)
{
	if (!own)
		return rc;
	if (rc == AV_OK && db_tx_commit(db, err) == AV_OK)
		return AV_OK;
	db_tx_rollback(db);
	return err->code != AV_OK ? (int)err->code : rc;
}
