/*
 * policy.c - the authorization policy: for every action (enum perm) and role,
 * allow, deny or own-ente-only; and authz_decide, the one function every
 * decision goes through.
 *
 * The table is the source of docs/access-policy.md (`areavasta routes
 * --policy`) and of the access-matrix test, which calls every route as every
 * role and checks the answer against the document.
 */
#include <string.h>

#include "identity/identity.h"

#define A DECISION_ALLOW
#define D DECISION_DENY
#define O DECISION_OWN_ENTE

static const struct {
	const char *name;
	enum decision by_role[ROLE__MAX];
} policy[PERM__MAX] = {
    /*                 admin sua comm sape data comune oper upi applicant */
    [PERM_PUBLIC] = {"public", {A, A, A, A, A, A, A, A, A}},
    [PERM_SELF] = {"self", {A, A, A, A, A, A, A, A, A}},
    [PERM_USER_ADMIN] = {"user_admin", {A, D, D, D, D, D, D, D}},
    [PERM_AUDIT_READ] = {"audit_read", {A, D, D, D, D, D, D, D}},
    [PERM_NETWORK_EDIT] = {"network_edit", {O, D, D, D, D, D, D, A}},
    [PERM_REGISTRY_IMPORT] = {"registry_import", {A, D, D, D, D, D, D, A}},
    [PERM_SUA_READ] = {"sua_read", {O, O, D, D, D, O, D, D}},
    [PERM_SUA_REQUEST] = {"sua_request", {D, D, D, D, D, O, D, D}},
    [PERM_SUA_CONVENZIONE] = {"sua_convenzione", {O, O, D, D, D, D, D, D}},
    [PERM_SUA_MANAGE] = {"sua_manage", {D, O, D, D, D, D, D, D}},
    [PERM_SUA_ASK] = {"sua_ask", {A, A, A, A, A, A, A, A}},
    [PERM_SUA_SCORE] = {"sua_score", {D, D, O, D, D, D, D, D}},
    [PERM_ALBO_READ] = {"albo_read", {D, O, D, D, D, D, O, D}},
    [PERM_ALBO_APPLY] = {"albo_apply", {D, D, D, D, D, D, O, D}},
    [PERM_SUA_OFFERTA] = {"sua_offerta", {D, D, D, D, D, D, O, D}},
    [PERM_SUA_BUSTA_LEGGI] = {"sua_busta_leggi", {D, O, O, D, D, D, D, D}},
    /* An albo entry and its documents: the company (also while only an
       applicant) and, to read, the Province's SUA officer. */
    [PERM_ALBO_ENTRY_READ] = {"albo_entry_read", {D, O, D, D, D, D, O, D, O}},
    [PERM_ALBO_ENTRY_EDIT] = {"albo_entry_edit", {D, D, D, D, D, D, O, D, O}},
    [PERM_EU_BANDI_EDIT] = {"eu_bandi_edit", {D, D, D, A, D, D, D, D, D}},
    [PERM_EUROPA_REQUISITI] = {"europa_requisiti", {D, D, D, A, D, D, D, D, D}},
    [PERM_EUROPA_AMMISSIBILITA] = {"europa_ammissibilita",
                                   {A, D, D, O, D, D, D, D, D}},
    [PERM_EUROPA_COMUNE_BANDI] = {"europa_comune_bandi",
                                  {A, D, D, O, D, O, D, D, D}},
    [PERM_EUROPA_PROFILO] = {"europa_profilo", {D, D, D, O, D, O, D, D, D}},
    [PERM_DATI_DATASET] = {"dati_dataset", {D, D, D, D, O, D, D, D, D}},
    [PERM_DATI_TABELLA_BOZZA] = {"dati_tabella_bozza",
                                 {D, D, D, D, O, D, D, D, D}},
    [PERM_DATI_CAMPAGNE] = {"dati_campagne", {D, D, D, D, O, D, D, D, D}},
    [PERM_DATI_RISPONDERE] = {"dati_rispondere", {D, D, D, D, D, O, D, D, D}},
    [PERM_DATI_RISPOSTE_LEGGI] = {"dati_risposte_leggi",
                                  {D, D, D, D, O, O, D, D, D}},
    [PERM_PCP_CONFIG] = {"pcp_config", {O, D, D, D, D, D, D, D, D}},
};

#undef A
#undef D
#undef O

const char *
perm_name(enum perm p)
{
	return (unsigned)p < PERM__MAX ? policy[p].name : "?";
}

enum decision
policy_decision(enum perm p, enum role r)
{
	if ((unsigned)p >= PERM__MAX || (unsigned)r >= ROLE__MAX)
		return DECISION_DENY;
	return policy[p].by_role[r];
}

int
authz_decide(const struct user *u, enum perm p, const char *ente)
{
	int i;

	if (p == PERM_PUBLIC)
		return AV_OK;
	if (u == NULL)
		return AV_EAUTH;
	if (p == PERM_SELF)
		return AV_OK; /* any account, on itself */
	for (i = 0; i < u->nroles; i++) {
		enum decision d = policy_decision(p, u->roles[i].role);

		if (d == DECISION_ALLOW)
			return AV_OK;
		if (d == DECISION_OWN_ENTE &&
		    (ente == NULL || strcmp(ente, u->roles[i].ente) == 0))
			return AV_OK;
	}
	return AV_EFORBIDDEN;
}
