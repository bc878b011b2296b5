/*
 * scope_test.c - administrators' scope (src/identity/scope.c) on a real,
 * migrated SQLite file: the admin's Provinces as bound text, which new
 * grants an admin may make, which accounts it manages (grants in its
 * Provinces and Comuni, operators it approved, accounts without grants it
 * created; nothing of upi or of the console), and the scoped page with its
 * total.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/identity.h"
#include "unit/testdb.h"

static struct db *db;
static char path[TESTDB_PATH_MAX];

/*
 * Two Provinces of Veneto and one of Lombardia (the regions come with the
 * migration), a Comune of each Veneto one.
 */
static const struct sql_def q_fixture[] = {
    {"t_province", 0,
     "INSERT INTO provincia VALUES"
     " ('024', 'VI', 'Vicenza', 'provincia', '05', 1, 0),"
     " ('028', 'PD', 'Padova', 'provincia', '05', 1, 0),"
     " ('017', 'BS', 'Brescia', 'provincia', '03', 1, 0)"},
    {"t_comuni", 0,
     "INSERT INTO comune (codice_istat, nome, nome_search, provincia,"
     " codice_catastale, ripartizione, capoluogo_provincia, attivo, updated)"
     " VALUES ('024116', 'Vicenza', 'vicenza', '024', 'L840', 'Nord-est',"
     " 1, 1, 0), ('028060', 'Padova', 'padova', '028', 'G224', 'Nord-est',"
     " 1, 1, 0)"},
};

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;
	size_t i;

	db = testdb_open("scope", path);
	for (i = 0; i < sizeof(q_fixture) / sizeof(q_fixture[0]); i++)
		cr_assert_eq(db_exec(db, &q_fixture[i], NULL, 0, NULL, &err),
		             AV_OK, "%s", err.detail);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

TestSuite(scope, .init = setup, .fini = teardown);

/* A caller holding the given grants ("role@ente", NULL-terminated). */
static struct user
caller(const char *const *grants)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.id = 1000;
	for (; *grants != NULL; grants++) {
		const char *at = strchr(*grants, '@');
		char role[32];

		snprintf(role, sizeof(role), "%.*s", (int)(at - *grants),
		         *grants);
		cr_assert_eq(role_parse(role, &u.roles[u.nroles].role), 0);
		snprintf(u.roles[u.nroles].ente, sizeof(u.roles[0].ente), "%s",
		         at + 1);
		u.nroles++;
	}
	return u;
}

static struct admin_scope
scope_of(const char *const *grants)
{
	struct user u = caller(grants);
	struct admin_scope s;

	admin_scope_init(&s, &u);
	return s;
}

/* An account made by created_by with grants "role@ente@granted_by". */
static int64_t
account(const char *email, const char *created_by, const char *const *grants)
{
	struct av_err err = AV_ERR_INIT;
	int64_t id = 0;

	cr_assert_eq(
	    user_create(db, email, "Prova", "x", created_by, &id, &err), AV_OK,
	    "%s", err.msg);
	for (; grants && *grants; grants++) {
		char role[32], ente[ENTE_CODE_MAX + 1], by[ENTE_CODE_MAX + 1];
		enum role r;

		cr_assert_eq(
		    sscanf(*grants, "%31[^@]@%40[^@]@%40s", role, ente, by), 3);
		cr_assert_eq(role_parse(role, &r), 0);
		cr_assert_eq(user_grant(db, id, r, ente,
		                        strcmp(by, "-") ? by : NULL, &err),
		             AV_OK, "%s", err.detail);
	}
	return id;
}

static const char *const VI[] = {"admin@provincia:024", NULL};
static const char *const PD[] = {"admin@provincia:028", NULL};
static const char *const VI_PD[] = {"admin@provincia:024",
                                    "admin@provincia:028", NULL};

static int
manages(const char *const *admin, int64_t id)
{
	struct admin_scope s = scope_of(admin);
	struct av_err err = AV_ERR_INIT;
	int rc = scope_user_check(db, &s, id, &err);

	cr_assert(rc == AV_OK || rc == AV_ENOTFOUND, "%s", err.detail);
	if (rc == AV_ENOTFOUND) {
		cr_assert_str_eq(err.field, "id");
		cr_assert_str_eq(err.msg, "Utente non trovato.");
	}
	return rc == AV_OK;
}

static int
may_grant(const char *const *admin, const char *ente)
{
	struct admin_scope s = scope_of(admin);
	struct av_err err = AV_ERR_INIT;
	int rc = scope_grant_check(db, &s, ente, &err);

	cr_assert(rc == AV_OK || rc == AV_EFORBIDDEN, "%s", err.detail);
	if (rc != AV_OK)
		cr_assert_str_eq(err.field, "ente");
	return rc == AV_OK;
}

Test(scope, provinces_of_the_admin_grants_only)
{
	static const char *const mixed[] = {
	    "sua_officer@provincia:017", "admin@provincia:028",
	    "admin@provincia:024",       "comune@comune:024116",
	    "admin@provincia:0%4",       NULL};
	static const char *const none[] = {"upi@upi",
	                                   "sua_officer@provincia:024", NULL};
	struct admin_scope s = scope_of(mixed);

	cr_assert_str_eq(s.provinces, "|028|024|");
	cr_assert_str_eq(s.acting, "provincia:028");
	s = scope_of(none);
	cr_assert_str_eq(s.provinces, "|");
	cr_assert_null(admin_scope_acting(&s));
}

Test(scope, new_grants)
{
	static const char *const sua[] = {"sua_officer@provincia:024", NULL};

	cr_assert(may_grant(VI, "provincia:024"));
	cr_assert(may_grant(VI, "comune:024116"));
	cr_assert(may_grant(VI, "operatore:01234567897"));
	cr_assert(!may_grant(VI, "provincia:028"));
	cr_assert(!may_grant(VI, "comune:028060"));
	cr_assert(!may_grant(VI, "provincia:017"));
	cr_assert(!may_grant(VI, "upi"));
	cr_assert(!may_grant(VI, "comune:999999"));
	cr_assert(!may_grant(VI, "provincia:02%"));
	cr_assert(may_grant(VI_PD, "comune:028060"));
	/* Not an admin of any Province: nothing, not even operators. */
	cr_assert(!may_grant(sua, "operatore:01234567897"));
	cr_assert(!may_grant(sua, "provincia:024"));
}

Test(scope, managed_accounts)
{
	static const char *const g_comune_vi[] = {
	    "comune@comune:024116@provincia:024", NULL};
	static const char *const g_op_vi[] = {
	    "operator@operatore:01234567897@provincia:024", NULL};
	static const char *const g_op_cli[] = {
	    "operator@operatore:01234567897@-", NULL};
	static const char *const g_both[] = {
	    "comune@comune:024116@-", "sua_officer@provincia:028@-", NULL};
	static const char *const g_vi_and_upi[] = {
	    "sua_officer@provincia:024@-", "upi@upi@-", NULL};
	int64_t comune_vi = account("c@x.it", NULL, g_comune_vi);
	int64_t op_vi = account("o@x.it", NULL, g_op_vi);
	int64_t op_cli = account("oc@x.it", NULL, g_op_cli);
	int64_t empty_vi = account("e@x.it", "provincia:024", NULL);
	int64_t empty_cli = account("ec@x.it", NULL, NULL);
	int64_t both = account("b@x.it", "provincia:024", g_both);
	int64_t vi_upi = account("u@x.it", NULL, g_vi_and_upi);

	cr_assert(manages(VI, comune_vi));
	cr_assert(!manages(PD, comune_vi));
	cr_assert(manages(VI, op_vi));
	cr_assert(!manages(PD, op_vi), "an operator is its approver's");
	cr_assert(!manages(VI, op_cli) && !manages(PD, op_cli));
	cr_assert(manages(VI, empty_vi));
	cr_assert(!manages(PD, empty_vi), "no grants: its creator's");
	cr_assert(!manages(VI, empty_cli) && !manages(PD, empty_cli));
	cr_assert(!manages(VI_PD, empty_cli), "the console's: nobody's");
	cr_assert(!manages(VI, both) && !manages(PD, both),
	          "grants count, not the creator, once there are grants");
	cr_assert(manages(VI_PD, both));
	cr_assert(!manages(VI, vi_upi) && !manages(VI_PD, vi_upi));
	cr_assert(!manages(VI, 999999));
}

/* scope_user_page from the start and scope_user_count of the scope. */
static int
page(const struct admin_scope *s, const char *order, int64_t limit,
     int64_t offset, int64_t *ids, size_t max, size_t *n, int64_t *total)
{
	struct av_err err = AV_ERR_INIT;

	if (scope_user_count(db, s, 1000, total, &err) != AV_OK)
		return err.code;
	return scope_user_page(db, s, order, NULL, limit, offset, ids, NULL,
	                       max, n, &err);
}

Test(scope, page_and_total_follow_the_scope)
{
	static const char *const g_vi[] = {"comune@comune:024116@-", NULL};
	static const char *const g_pd[] = {"comune@comune:028060@-", NULL};
	struct admin_scope vi = scope_of(VI);
	int64_t ids[USER_LIST_MAX], total = 0, a, b, c;
	size_t n = 0;

	a = account("a@x.it", NULL, g_vi);
	account("p1@x.it", NULL, g_pd);
	b = account("b@x.it", "provincia:024", NULL);
	account("p2@x.it", "provincia:028", NULL);
	c = account("c@x.it", NULL, g_vi);
	cr_assert_eq(page(&vi, NULL, 50, 0, ids, USER_LIST_MAX, &n, &total),
	             AV_OK);
	cr_assert_eq(total, 3);
	cr_assert_eq(n, 3);
	cr_assert(ids[0] == a && ids[1] == b && ids[2] == c);
	cr_assert_eq(page(&vi, NULL, 2, 2, ids, USER_LIST_MAX, &n, &total),
	             AV_OK);
	cr_assert_eq(total, 3);
	cr_assert_eq(n, 1);
	cr_assert_eq(ids[0], c);
	/* max bounds the page whatever the limit. */
	cr_assert_eq(page(&vi, NULL, 50, 0, ids, 2, &n, &total), AV_OK);
	cr_assert_eq(n, 2);
	/* The console sees every account. */
	cr_assert_eq(page(NULL, NULL, 50, 0, ids, USER_LIST_MAX, &n, &total),
	             AV_OK);
	cr_assert_eq(total, 5);
	cr_assert_eq(n, 5);
	/* By e-mail, both ways ("a@", "b@", "c@"); an unknown order is id. */
	cr_assert_eq(page(&vi, "-email", 50, 0, ids, USER_LIST_MAX, &n, &total),
	             AV_OK);
	cr_assert(n == 3 && ids[0] == c && ids[1] == b && ids[2] == a);
	cr_assert_eq(page(&vi, "email", 50, 0, ids, USER_LIST_MAX, &n, &total),
	             AV_OK);
	cr_assert(n == 3 && ids[0] == a && ids[1] == b && ids[2] == c);
}

/* Keyset pages: after an account's key, in each order, none repeated. */
Test(scope, pages_continue_after_a_key)
{
	static const char *const g_vi[] = {"comune@comune:024116@-", NULL};
	struct admin_scope vi = scope_of(VI);
	struct av_err err = AV_ERR_INIT;
	int64_t ids[USER_LIST_MAX];
	struct user_key keys[USER_LIST_MAX];
	size_t n = 0;
	int64_t a, b, c;

	a = account("a@x.it", NULL, g_vi);
	b = account("b@x.it", "provincia:024", NULL);
	c = account("c@x.it", NULL, g_vi);
	cr_assert_eq(scope_user_page(db, &vi, "email", NULL, 2, 0, ids, keys,
	                             USER_LIST_MAX, &n, &err),
	             AV_OK, "%s", err.detail);
	cr_assert(n == 2 && ids[0] == a && ids[1] == b);
	cr_assert_str_eq(keys[1].text, "b@x.it");
	cr_assert_eq(scope_user_page(db, &vi, "email", &keys[1], 2, 0, ids,
	                             keys, USER_LIST_MAX, &n, &err),
	             AV_OK);
	cr_assert(n == 1 && ids[0] == c);
	cr_assert_eq(scope_user_page(db, &vi, "-email", NULL, 1, 0, ids, keys,
	                             USER_LIST_MAX, &n, &err),
	             AV_OK);
	cr_assert(n == 1 && ids[0] == c);
	cr_assert_eq(scope_user_page(db, &vi, "-email", &keys[0], 5, 0, ids,
	                             keys, USER_LIST_MAX, &n, &err),
	             AV_OK);
	cr_assert(n == 2 && ids[0] == b && ids[1] == a);
	cr_assert_eq(scope_user_page(db, &vi, NULL, NULL, 1, 0, ids, keys,
	                             USER_LIST_MAX, &n, &err),
	             AV_OK);
	cr_assert_eq(scope_user_page(db, &vi, "id", &keys[0], 5, 0, ids, keys,
	                             USER_LIST_MAX, &n, &err),
	             AV_OK);
	cr_assert(n == 2 && ids[0] == b && ids[1] == c);
}
