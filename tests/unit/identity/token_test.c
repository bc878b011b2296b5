/*
 * token_test.c - API tokens on a real, migrated SQLite file: resolving a
 * token records last_used at most once a minute (issue #8 item 12), so a
 * script reading with a token does not write on every request; a revoked
 * token no longer resolves.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "unit/testdb.h"

static struct db *db;
static char path[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("token", path);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

TestSuite(token, .init = setup, .fini = teardown);

/* The last_used of the user's only token, or -1 when NULL. */
static int64_t
last_used(int64_t uid)
{
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(4096);
	struct jw w;
	json_t *list, *v;
	int64_t out, n = 0;

	/* Written as GET /api/v1/auth/tokens writes its items, then read back.
	 */
	jw_init(&w, &sb);
	jw_arr(&w);
	cr_assert_eq(api_token_write_list(&w, db, uid, NULL, NULL, &n, &err),
	             AV_OK, "%s", err.msg);
	jw_arr_end(&w);
	cr_assert_eq(jw_finish(&w), AV_OK);
	list = json_loadb(sb.buf, sb.len, 0, NULL);
	sbuf_release(&sb);
	cr_assert_not_null(list);
	cr_assert_eq(n, 1);
	cr_assert_eq(json_array_size(list), 1);
	v = json_object_get(json_array_get(list, 0), "last_used");
	cr_assert_not_null(v);
	out = json_is_null(v) ? -1 : (int64_t)json_integer_value(v);
	json_decref(list);
	return out;
}

static void
resolve(const char *token, int64_t now, int expect_found)
{
	struct av_err err = AV_ERR_INIT;
	struct user u;
	int found = -1;

	cr_assert_eq(api_token_resolve(db, token, now, &u, &found, &err), AV_OK,
	             "%s", err.msg);
	cr_assert_eq(found, expect_found);
}

Test(token, last_used_written_at_most_once_a_minute)
{
	struct av_err err = AV_ERR_INIT;
	char token[API_TOKEN_TEXT_LEN + 1];
	int64_t uid = 0, tid = 0, t0 = 1800000000;

	cr_assert_eq(
	    user_create(db, "t@example.it", "T", "x", NULL, &uid, &err), AV_OK,
	    "%s", err.msg);
	cr_assert_eq(
	    api_token_create(db, uid, "script", 0, t0, token, &tid, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(last_used(uid), -1);
	resolve(token, t0, 1);
	cr_assert_eq(last_used(uid), t0);
	resolve(token, t0 + 1, 1);
	resolve(token, t0 + API_TOKEN_TOUCH_S - 1, 1);
	cr_assert_eq(last_used(uid), t0, "written again within the minute");
	resolve(token, t0 + API_TOKEN_TOUCH_S, 1);
	cr_assert_eq(last_used(uid), t0 + API_TOKEN_TOUCH_S);
	resolve(token, t0 + API_TOKEN_TOUCH_S + 30, 1);
	cr_assert_eq(last_used(uid), t0 + API_TOKEN_TOUCH_S);
}

Test(token, revoked_token_does_not_resolve)
{
	struct av_err err = AV_ERR_INIT;
	char token[API_TOKEN_TEXT_LEN + 1];
	int64_t uid = 0, tid = 0, t0 = 1800000000;
	int found = 0;

	cr_assert_eq(
	    user_create(db, "r@example.it", "R", "x", NULL, &uid, &err), AV_OK,
	    "%s", err.msg);
	cr_assert_eq(
	    api_token_create(db, uid, "script", 0, t0, token, &tid, &err),
	    AV_OK, "%s", err.msg);
	resolve(token, t0, 1);
	cr_assert_eq(api_token_revoke(db, uid, tid, t0 + 1, &found, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(found, 1);
	resolve(token, t0 + 2, 0);
}
