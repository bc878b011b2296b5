/*
 * bandi_demo.c - the demo's calls (bandi_demo.h): one page of the real
 * SEDIA search API, the real Horizon Europe topics list and the CSV
 * template's illustrative rows, through the same job the CLI runs.
 */
#include <stddef.h>

#include "db/db.h"
#include "jobs/job.h"
#include "modules/europa/bandi_demo.h"
#include "modules/europa/bandi_sql.h"

static int
import_one(struct db *db, const char *formato, const char *path,
           struct av_err *err)
{
	struct job_ctx ctx;
	json_t *input, *result = NULL;
	int rc;

	input = json_pack("{s:s, s:[s]}", "formato", formato, "paths", path);
	job_ctx_init(&ctx, db);
	rc = job_run(&ctx, "import_bandi", input, &result, err);
	json_decref(input);
	json_decref(result);
	return rc;
}

int
bandi_demo(struct db *db, long long *n, struct av_err *err)
{
	int64_t total = 0;
	int found = 0;

	if (import_one(db, "sedia", DEMO_BANDI_SEDIA, err) != AV_OK ||
	    import_one(db, "csv", DEMO_BANDI_HORIZON, err) != AV_OK ||
	    import_one(db, "csv", DEMO_BANDI_ESEMPIO, err) != AV_OK ||
	    db_query_i64(db, &europa_bandi_sql[Q_EU_TOTAL], NULL, 0, &total,
	                 &found, err) != AV_OK)
		return err->code;
	*n = (long long)total;
	return AV_OK;
}
