/*
 * policy_test.c - the one authorization function: anonymous callers,
 * self-service, allow, deny and own-ente decisions, several grants.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "identity/identity.h"

static struct user
user_with(enum role r, const char *ente)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.id = 7;
	u.nroles = 1;
	u.roles[0].role = r;
	snprintf(u.roles[0].ente, sizeof(u.roles[0].ente), "%s", ente);
	return u;
}

Test(authz, anonymous_only_public)
{
	cr_assert_eq(authz_decide(NULL, PERM_PUBLIC, NULL), AV_OK);
	cr_assert_eq(authz_decide(NULL, PERM_SELF, NULL), AV_EAUTH);
	cr_assert_eq(authz_decide(NULL, PERM_USER_ADMIN, NULL), AV_EAUTH);
	cr_assert_eq(authz_decide(NULL, PERM_NETWORK_EDIT, "provincia:024"),
	             AV_EAUTH);
}

Test(authz, every_logged_user_may_act_on_self)
{
	int r;

	for (r = 0; r < ROLE__MAX; r++) {
		struct user u = user_with((enum role)r, "upi");

		cr_assert_eq(authz_decide(&u, PERM_SELF, NULL), AV_OK);
	}
}

Test(authz, user_admin_only_for_admin)
{
	int r;

	for (r = 0; r < ROLE__MAX; r++) {
		struct user u = user_with((enum role)r, "provincia:024");

		cr_assert_eq(authz_decide(&u, PERM_USER_ADMIN, NULL),
		             r == ROLE_ADMIN ? AV_OK : AV_EFORBIDDEN, "%s",
		             role_name((enum role)r));
	}
}

Test(authz, network_edit_upi_anywhere_admin_own_province_only)
{
	struct user upi = user_with(ROLE_UPI, "upi");
	struct user admin = user_with(ROLE_ADMIN, "provincia:024");
	struct user comune = user_with(ROLE_COMUNE, "comune:024116");

	cr_assert_eq(authz_decide(&upi, PERM_NETWORK_EDIT, "provincia:017"),
	             AV_OK);
	cr_assert_eq(authz_decide(&admin, PERM_NETWORK_EDIT, "provincia:024"),
	             AV_OK);
	cr_assert_eq(authz_decide(&admin, PERM_NETWORK_EDIT, "provincia:017"),
	             AV_EFORBIDDEN);
	/* without an ente the router lets own-ente grants through */
	cr_assert_eq(authz_decide(&admin, PERM_NETWORK_EDIT, NULL), AV_OK);
	cr_assert_eq(authz_decide(&comune, PERM_NETWORK_EDIT, NULL),
	             AV_EFORBIDDEN);
	cr_assert_eq(authz_decide(&comune, PERM_NETWORK_EDIT, "comune:024116"),
	             AV_EFORBIDDEN);
}

Test(authz, any_of_several_grants_suffices)
{
	struct user u = user_with(ROLE_COMUNE, "comune:024116");

	u.nroles = 2;
	u.roles[1].role = ROLE_ADMIN;
	snprintf(u.roles[1].ente, sizeof(u.roles[1].ente), "provincia:024");
	cr_assert_eq(authz_decide(&u, PERM_USER_ADMIN, NULL), AV_OK);
	cr_assert_eq(authz_decide(&u, PERM_NETWORK_EDIT, "provincia:024"),
	             AV_OK);
	cr_assert_eq(authz_decide(&u, PERM_NETWORK_EDIT, "provincia:025"),
	             AV_EFORBIDDEN);
}

Test(authz, every_perm_has_a_name_and_every_role_a_decision)
{
	int p, r;

	for (p = 0; p < PERM__MAX; p++) {
		cr_assert_neq(strcmp(perm_name((enum perm)p), "?"), 0);
		for (r = 0; r < ROLE__MAX; r++) {
			enum decision d =
			    policy_decision((enum perm)p, (enum role)r);

			cr_assert(d == DECISION_ALLOW || d == DECISION_DENY ||
			          d == DECISION_OWN_ENTE);
		}
	}
}

Test(roles, names_round_trip)
{
	int r;
	enum role back;

	for (r = 0; r < ROLE__MAX; r++) {
		cr_assert_eq(role_parse(role_name((enum role)r), &back), 0);
		cr_assert_eq(back, (enum role)r);
	}
	cr_assert_eq(role_parse("root", &back), -1);
	cr_assert_eq(role_parse("", &back), -1);
	cr_assert_eq(role_parse("ADMIN", &back), -1);
}
