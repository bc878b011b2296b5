/*
 * apertura_limite.c - the wrong passphrases' limit at the opening
 * (apertura_limite.h) and its statements on sua_apertura_errore.
 */
#include <stdio.h>

#include "core/legal_time.h"
#include "modules/sua/apertura_limite.h"

const struct sql_def apertura_limite_sql[Q_AL__MAX] = {
    /* 0 wrong passphrases since $3, 1 the oldest of them */
    [Q_AL_COUNT] = {"apertura_limite_count", 3,
                    "SELECT COUNT(*), COALESCE(MIN(at), 0)"
                    " FROM sua_apertura_errore WHERE gara_id = $1"
                    " AND user_id = $2 AND at > $3"},
    [Q_AL_INSERT] = {"apertura_limite_insert", 3,
                     "INSERT INTO sua_apertura_errore (gara_id, user_id,"
                     " at) VALUES ($1, $2, $3)"},
};

const size_t apertura_limite_sql_count = Q_AL__MAX;

int
apertura_limite_check(struct db *db, int64_t gara_id, int64_t user_id,
                      int64_t now, const char *field, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(user_id),
	                       P_I64(now - APERTURA_FINESTRA)};
	struct db_cursor *c;
	int64_t n = 0, oldest = 0;
	char when[LT_DATETIME_LEN] = "";
	struct av_err e = AV_ERR_INIT;
	int r;

	if (db_query(db, &apertura_limite_sql[Q_AL_COUNT], p, 3, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		n = db_col_i64(c, 0);
		oldest = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (n < APERTURA_ERRORI_MAX)
		return AV_OK;
	(void)lt_format_local(oldest + APERTURA_FINESTRA + 1, when, &e);
	return av_fail(err, AV_ETOOMANY, field,
	               "Troppe frasi segrete errate per questo custode (%d in "
	               "%d minuti): riprovare dalle %s (ora italiana).",
	               APERTURA_ERRORI_MAX, APERTURA_FINESTRA / 60, when);
}

int
apertura_limite_errore(struct db *db, int64_t gara_id, int64_t user_id,
                       int64_t now, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(user_id), P_I64(now)};

	return db_exec(db, &apertura_limite_sql[Q_AL_INSERT], p, 3, NULL, err);
}
