/*
 * auth_policy_test.c - the installation's authentication demands
 * (identity/auth_policy.h, docs/identity.md "Levels of assurance and the
 * password policy"): which level a route declaring min_loa needs under
 * each setting, the values refused, and the roles refused the password;
 * and the normalization of an account's codice fiscale (identity/user_cf.h)
 * against codes whose check character was computed by hand.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "identity/auth_policy.h"
#include "identity/identity.h"
#include "identity/user_cf.h"

static void
reset(void)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(auth_policy_set_level(0, &err), AV_OK);
	cr_assert_eq(auth_policy_set_spid_only("", &err), AV_OK);
}

TestSuite(auth_policy, .init = reset, .fini = reset);

Test(auth_policy, off_by_default_requires_nothing)
{
	cr_assert_eq(auth_policy_level(), 0);
	cr_assert_eq(auth_policy_required(0), 0);
	cr_assert_eq(auth_policy_required(2), 0);
	cr_assert_eq(auth_policy_required(3), 0);
}

Test(auth_policy, level_two_keeps_each_routes_own)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(auth_policy_set_level(2, &err), AV_OK);
	cr_assert_eq(auth_policy_required(0), 0, "a route without a level");
	cr_assert_eq(auth_policy_required(1), 2);
	cr_assert_eq(auth_policy_required(2), 2);
	cr_assert_eq(auth_policy_required(3), 3);
}

Test(auth_policy, level_three_raises_them)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(auth_policy_set_level(3, &err), AV_OK);
	cr_assert_eq(auth_policy_required(0), 0);
	cr_assert_eq(auth_policy_required(2), 3);
}

Test(auth_policy, bad_levels_refused_and_nothing_changed)
{
	int bad[] = {-1, 1, 4, 99};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(auth_policy_set_level(bad[i], &err), AV_EINVAL);
		cr_assert_str_eq(err.field, "livello");
		cr_assert_eq(auth_policy_level(), 0);
	}
}

Test(auth_policy, spid_only_roles)
{
	struct av_err err = AV_ERR_INIT;
	struct role_grant g[2];

	memset(g, 0, sizeof(g));
	g[0].role = ROLE_ADMIN;
	g[1].role = ROLE_OPERATOR;
	cr_assert_eq(auth_policy_password_refused(g, 2), 0);
	cr_assert_eq(auth_policy_set_spid_only("operator,sua_officer", &err),
	             AV_OK);
	/* Any listed role among the grants refuses the password. */
	cr_assert_eq(auth_policy_password_refused(g, 2), 1);
	cr_assert_eq(auth_policy_password_refused(g, 1), 0, "admin alone");
	cr_assert_eq(auth_policy_password_refused(g, 0), 0, "no grants");
	g[0].role = ROLE_SUA_OFFICER;
	cr_assert_eq(auth_policy_password_refused(g, 1), 1);
}

Test(auth_policy, spid_only_bad_lists_refused_keeping_the_old)
{
	const char *bad[] = {"operator,,admin", ",operator", "nessuno",
	                     "operator,ADMIN", "operator admin"};
	struct role_grant g;
	size_t i;

	memset(&g, 0, sizeof(g));
	g.role = ROLE_OPERATOR;
	{
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(auth_policy_set_spid_only("operator", &err),
		             AV_OK);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(auth_policy_set_spid_only(bad[i], &err), AV_EINVAL,
		             "%s", bad[i]);
		cr_assert_str_eq(err.field, "ruoli");
		cr_assert_eq(auth_policy_password_refused(&g, 1), 1, "%s",
		             bad[i]);
	}
}

/* RSSMRA80A01H501U: the textbook example; the others computed by hand
   (odd/even tables of DM 23.12.1976). */
Test(user_cf, normalize)
{
	struct av_err err = AV_ERR_INIT;
	char out[USER_CF_LEN + 1];

	cr_assert_eq(user_cf_normalize("rssmra80a01h501u", "cf", out, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_str_eq(out, "RSSMRA80A01H501U");
	cr_assert_eq(user_cf_normalize("GDASDV00A01H501J", "cf", out, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_str_eq(out, "GDASDV00A01H501J");
}

Test(user_cf, refused_with_field)
{
	const char *bad[] = {
	    "RSSMRA80A01H501V",                  /* check character */
	    "RSSMRA80A01H501",                   /* 15 */
	    "RSSMRA80A01H501UU",                 /* 17 */
	    "RSSMRA80Z01H501U",                  /* month letter */
	    "RSSMRA80A01H5 1U",                  /* space */
	    "01234567897",                       /* a company's */
	    "",                                  /* empty */
	    "RSSMRA80A01H501URSSMRA80A01H501URS" /* over the input cap */
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;
		char out[USER_CF_LEN + 1];

		cr_assert_eq(user_cf_normalize(bad[i], "account.codice_fiscale",
		                               out, &err),
		             AV_EINVAL, "%s", bad[i]);
		cr_assert_str_eq(err.field, "account.codice_fiscale");
		cr_assert(strncmp(err.msg, "Codice fiscale non valido", 25) ==
		              0,
		          "%s", err.msg);
	}
}
