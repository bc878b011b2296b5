/*
 * documents_one.c - one document's row for a module that decides itself
 * who reads it (documents.h):
 * - document_get: by id whoever asks (the open-data catalogue serves a
 *   resource's file to anyone once its dataset is published);
 * - document_latest_attached: the newest attached to an object, for a
 *   module whose object has one current file replaced by each upload
 *   (the network's signed adhesion protocol), without a table of its own.
 */
#include <string.h>

#include "core/sbuf.h"

#include "db/db.h"
#include "modules/documents/documents.h"
#include "modules/documents/documents_sql.h"

static void
copy_col(char *dst, size_t cap, struct db_cursor *c, int col)
{
	const char *v = db_col_text(c, col);

	str_copy(dst, cap, v ? v : "");
}

/* The first row of q (the document's columns, as Q_DOC_GET) into out. */
static int
one(struct db *db, const struct sql_def *q, const struct db_param *p, size_t np,
    struct document *out, int *found, struct av_err *err)
{
	struct db_cursor *c;
	int r;

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (db_query(db, q, p, np, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		out->id = db_col_i64(c, 0);
		copy_col(out->sha256, sizeof(out->sha256), c, 1);
		copy_col(out->nome, sizeof(out->nome), c, 2);
		copy_col(out->mime, sizeof(out->mime), c, 3);
		out->size = db_col_i64(c, 4);
		out->uploaded_by = db_col_i64(c, 5);
		copy_col(out->ente, sizeof(out->ente), c, 6);
		copy_col(out->attached_type, sizeof(out->attached_type), c, 7);
		copy_col(out->attached_id, sizeof(out->attached_id), c, 8);
		out->created = db_col_i64(c, 9);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
document_get(struct db *db, int64_t id, struct document *out, int *found,
             struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};

	return one(db, &documents_sql[Q_DOC_GET], p, 1, out, found, err);
}

int
document_latest_attached(struct db *db, const char *attached_type,
                         const char *attached_id, struct document *out,
                         int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(attached_type), P_TEXT(attached_id)};

	return one(db, &documents_sql[Q_DOC_LATEST_ATTACHED], p, 2, out, found,
	           err);
}
