/*
 * applicant_test.c - the role of a self-registered operator whose albo
 * entry is not approved yet (docs/sua-albo.md "Self-registration"): it
 * reads and edits its own entry and documents, and nothing else — no
 * invitations, no new application, no bids — and nothing of another
 * company.  The whole table is walked, so a new permission that forgets
 * the role is denied by default and one that allows it fails here.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "identity/identity.h"

#define OWN "operatore:05333333338"
#define OTHER "operatore:01234567897"

static struct user
applicant(void)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.id = 9;
	u.nroles = 1;
	u.roles[0].role = ROLE_APPLICANT;
	snprintf(u.roles[0].ente, sizeof(u.roles[0].ente), "%s", OWN);
	return u;
}

Test(applicant, own_entry_only)
{
	struct user u = applicant();

	cr_assert_eq(authz_decide(&u, PERM_ALBO_ENTRY_READ, OWN), AV_OK);
	cr_assert_eq(authz_decide(&u, PERM_ALBO_ENTRY_EDIT, OWN), AV_OK);
	cr_assert_eq(authz_decide(&u, PERM_ALBO_ENTRY_READ, OTHER),
	             AV_EFORBIDDEN);
	cr_assert_eq(authz_decide(&u, PERM_ALBO_ENTRY_EDIT, OTHER),
	             AV_EFORBIDDEN);
	cr_assert_eq(authz_decide(&u, PERM_ALBO_ENTRY_READ, "provincia:024"),
	             AV_EFORBIDDEN);
}

Test(applicant, nothing_else)
{
	struct user u = applicant();
	int p;

	for (p = 0; p < PERM__MAX; p++) {
		if (p == PERM_PUBLIC || p == PERM_SELF ||
		    p == PERM_ALBO_ENTRY_READ || p == PERM_ALBO_ENTRY_EDIT)
			continue;
		cr_assert_eq(authz_decide(&u, (enum perm)p, OWN), AV_EFORBIDDEN,
		             "%s", perm_name((enum perm)p));
		cr_assert_eq(policy_decision((enum perm)p, ROLE_APPLICANT),
		             DECISION_DENY, "%s", perm_name((enum perm)p));
	}
}

Test(applicant, the_officer_reads_entries_the_operator_edits_them)
{
	cr_assert_eq(policy_decision(PERM_ALBO_ENTRY_READ, ROLE_SUA_OFFICER),
	             DECISION_OWN_ENTE);
	cr_assert_eq(policy_decision(PERM_ALBO_ENTRY_EDIT, ROLE_SUA_OFFICER),
	             DECISION_DENY);
	cr_assert_eq(policy_decision(PERM_ALBO_ENTRY_EDIT, ROLE_OPERATOR),
	             DECISION_OWN_ENTE);
	cr_assert_eq(policy_decision(PERM_ALBO_ENTRY_READ, ROLE_COMUNE),
	             DECISION_DENY);
}
