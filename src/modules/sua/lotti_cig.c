/*
 * lotti_cig.c - a lot's CIG from PCP (lotti_cig.h).
 */
#include <string.h>

#include "db/db.h"
#include "modules/sua/lotti_cig.h"

const struct sql_def sua_lotti_cig_sql[] = {
    {"sua_lotto_set_cig", 3,
     "UPDATE sua_lotto SET cig = $3 WHERE gara_id = $1 AND numero = $2"},
};

const size_t sua_lotti_cig_sql_count =
    sizeof(sua_lotti_cig_sql) / sizeof(sua_lotti_cig_sql[0]);

int
sua_lotto_set_cig(struct db *db, int64_t gara, int64_t numero, const char *cig,
                  int *changed, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara), P_I64(numero), P_TEXT(cig)};
	int64_t n = 0;

	if (db_exec(db, &sua_lotti_cig_sql[0], p, 3, &n, err) != AV_OK)
		return err->code;
	*changed = n > 0;
	return AV_OK;
}
