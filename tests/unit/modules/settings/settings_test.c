/*
 * settings_test.c - the installation settings of legal time: validation,
 * storage, defaults removing the row, one audit record per change in the
 * same transaction, refusals that change nothing, and the statements
 * preparing against the migrated schema.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "db/db.h"
#include "json/jw.h"
#include "modules/settings/settings.h"
#include "modules/settings/settings_sql.h"
#include "unit/testdb.h"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];

/* Test-only reads of the audit log and of the raw table. */
static const struct sql_def q_audit = {
    "test_settings_audit", 1,
    "SELECT count(*) FROM audit_log WHERE action = 'impostazioni.set'"
    " AND object_id = $1"};
static const struct sql_def q_rows = {"test_settings_rows", 0,
                                      "SELECT count(*) FROM impostazione"};
static const struct sql_def q_details = {
    "test_settings_details", 0,
    "SELECT details FROM audit_log ORDER BY seq DESC LIMIT 1"};

static void
setup(void)
{
	db = testdb_open("settings", dbpath);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

static int64_t
count(const struct sql_def *q, const char *arg)
{
	struct db_param p[] = {P_TEXT_OR_NULL(arg)};
	struct av_err err = AV_ERR_INIT;
	int64_t n = -1;
	int found = 0;

	cr_assert_eq(
	    db_query_i64(db, q, p, arg != NULL ? 1 : 0, &n, &found, &err),
	    AV_OK, "%s", err.detail);
	return n;
}

static void
expect_json(const char *want)
{
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(256);
	struct jw w;

	jw_init(&w, &sb);
	cr_assert_eq(settings_write(&w, db, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(jw_finish(&w), AV_OK);
	cr_assert_str_eq(sb.buf, want);
	sbuf_release(&sb);
}

Test(settings, statements_prepare, .init = setup, .fini = teardown)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(db_prepare_all(db, settings_sql, Q_SETTINGS__MAX, &err),
	             AV_OK, "%s", err.detail);
}

Test(settings, defaults_set_and_back, .init = setup, .fini = teardown)
{
	struct av_err err = AV_ERR_INIT;
	struct settings_time st;
	json_t *d;
	const char *s;
	struct db_cursor *cur;

	cr_assert_eq(settings_time_get(db, &st, &err), AV_OK);
	cr_assert_eq(st.cal.patron_month, 0);
	cr_assert_eq(st.term_flags, LT_TERM_1182);
	expect_json("{\"patrono\":null,\"proroga_festivi\":true,\"ocds."
	            "prefisso\":\"ocds-areavasta\"}");

	cr_assert_eq(settings_set(db, "system", "patrono", "24/06", &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(settings_set(db, "7", "proroga_festivi", "no", &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(settings_time_get(db, &st, &err), AV_OK);
	cr_assert(st.cal.patron_month == 6 && st.cal.patron_day == 24);
	cr_assert_eq(st.term_flags, 0);
	expect_json("{\"patrono\":\"24/"
	            "06\",\"proroga_festivi\":false,\"ocds.prefisso\":\"ocds-"
	            "areavasta\"}");
	cr_assert_eq(count(&q_rows, NULL), 2);

	/* A change records the new and the previous value. */
	cr_assert_eq(settings_set(db, "system", "patrono", "29/06", &err),
	             AV_OK);
	cr_assert_eq(db_query(db, &q_details, NULL, 0, &cur, &err), AV_OK);
	cr_assert_eq(db_next(cur, &err), 1);
	s = db_col_text(cur, 0);
	d = json_loads(s, 0, NULL);
	cr_assert_not_null(d, "%s", s);
	cr_assert_str_eq(json_string_value(json_object_get(d, "valore")),
	                 "29/06");
	cr_assert_str_eq(json_string_value(json_object_get(d, "precedente")),
	                 "24/06");
	json_decref(d);
	db_cursor_close(cur);

	/* Defaults remove the rows; still audited. */
	cr_assert_eq(settings_set(db, "system", "patrono", "nessuno", &err),
	             AV_OK);
	cr_assert_eq(settings_set(db, "system", "proroga_festivi", "si", &err),
	             AV_OK);
	cr_assert_eq(count(&q_rows, NULL), 0);
	expect_json("{\"patrono\":null,\"proroga_festivi\":true,\"ocds."
	            "prefisso\":\"ocds-areavasta\"}");
	cr_assert_eq(count(&q_audit, "patrono"), 3);
	cr_assert_eq(count(&q_audit, "proroga_festivi"), 2);
}

Test(settings, refusals_change_nothing, .init = setup, .fini = teardown)
{
	static const char *const bad[][2] = {
	    {"patrono", "31/02"},
	    {"patrono", "24/6"},
	    {"patrono", "24/06 "},
	    {"patrono", ""},
	    {"patrono", "Nessuno"},
	    {"proroga_festivi", "SI"},
	    {"proroga_festivi", "1"},
	    {"fuso_orario", "Europe/Rome"},
	    {"patrono", "24/06/2026xxxxxxx"},
	};
	struct av_err err = AV_ERR_INIT;
	size_t i;

	cr_assert_eq(settings_set(db, "system", "patrono", "24/06", &err),
	             AV_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		av_err_clear(&err);
		cr_assert_eq(
		    settings_set(db, "system", bad[i][0], bad[i][1], &err),
		    AV_EINVAL, "%s=%s", bad[i][0], bad[i][1]);
		cr_assert_neq(err.msg[0], '\0');
	}
	expect_json("{\"patrono\":\"24/"
	            "06\",\"proroga_festivi\":true,\"ocds.prefisso\":\"ocds-"
	            "areavasta\"}");
	cr_assert_eq(count(&q_audit, "patrono"), 1);
	cr_assert_eq(count(&q_audit, "proroga_festivi"), 0);
}

Test(settings, inside_the_callers_transaction, .init = setup, .fini = teardown)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(db_tx_begin(db, &err), AV_OK);
	cr_assert_eq(settings_set(db, "system", "patrono", "04/10", &err),
	             AV_OK);
	cr_assert(db_in_tx(db));
	db_tx_rollback(db);
	/* Rolled back with the caller: no row, no audit record. */
	cr_assert_eq(count(&q_rows, NULL), 0);
	cr_assert_eq(count(&q_audit, "patrono"), 0);
}
