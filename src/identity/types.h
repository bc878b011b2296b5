/*
 * types.h - who the caller is and what it may do: the authenticated user,
 * its role grants, the roles and the permissions (actions).
 *
 * These are identity's own types.  They live here, not in the HTTP layer,
 * so that identity never includes http/ (docs/internals/layers.md): the
 * HTTP layer includes this header to describe a request's caller and a
 * route's permission.  Plain data, no functions.
 */
#ifndef AV_IDENTITY_TYPES_H
#define AV_IDENTITY_TYPES_H

#include <stdint.h>

/*
 * What a route needs.  Each permission is an *action*; the policy table in
 * src/identity/policy.c says, for each action and role, allow / deny /
 * own-ente-only (docs/access-policy.md is generated from it).  The router
 * refuses anonymous callers (401) and callers none of whose roles allows
 * the action (403); for own-ente actions it asks the route's scope
 * resolver for the ente of the object and decides with it (a route whose
 * action is own-ente for some role must have one: router_init refuses it
 * otherwise).
 */
enum perm {
	PERM_PUBLIC = 0,   /* anyone, no login */
	PERM_SELF,         /* any logged-in user, on their own account */
	PERM_USER_ADMIN,   /* manage users and role grants */
	PERM_AUDIT_READ,   /* browse the audit log */
	PERM_NETWORK_EDIT, /* edit a Province's adhesion to the network */
	/* load a new ISTAT list of Comuni */
	PERM_REGISTRY_IMPORT,
	/* SUA (issue 12).  Objects of a Comune (convenzione, richiesta) scope
	   to "comune:NNNNNN" with the Province as parent; a tender scopes to
	   its Province. */
	PERM_SUA_READ,        /* read a Comune's convenzione and requests */
	PERM_SUA_REQUEST,     /* a Comune writes and sends its own requests */
	PERM_SUA_CONVENZIONE, /* manage the convenzioni of a Province */
	PERM_SUA_MANAGE,      /* inbox, aggregation, tenders of a Province */
	PERM_SUA_ASK,         /* ask a question on a published tender */
	/* A commissioner scores the offers of a tender of their Province
	   (issue 13); the handler also requires the assignment. */
	PERM_SUA_SCORE,
	/* Albo fornitori (issue 13).  An entry scopes to
	   "operatore:PARTITAIVA" with its Province as parent. */
	PERM_ALBO_READ,   /* read an albo entry, one's invitations */
	PERM_ALBO_APPLY,  /* an operator applies to and edits its entry */
	PERM_SUA_OFFERTA, /* an operator's own sealed bids and receipts */
	/* Download an opened envelope's file: the tender's officer, or a
	   commissioner of the Province the handler finds assigned to it. */
	PERM_SUA_BUSTA_LEGGI,
	/* An albo entry and its documents (issue 13 item 1): read by the
	   company and the Province's SUA officer, edited by the company, in
	   both cases also while the company is only an applicant (a
	   self-registration not approved yet). */
	PERM_ALBO_ENTRY_READ,
	PERM_ALBO_ENTRY_EDIT,
	/* Servizio Europa (issue 14): the EU desk writes calls and their
	   schede in the installation's shared catalogue (no ente: calls are
	   not any one Province's). */
	PERM_EU_BANDI_EDIT,
	/* EU desk (issue 14): write a call's eligibility rules. */
	PERM_EUROPA_REQUISITI,
	/* The eligibility of a Province's Comuni and their groupings
	   (scope: the Province asked for). */
	PERM_EUROPA_AMMISSIBILITA,
	/* The calls open to one Comune (scope: the Comune, its Province as
	   parent). */
	PERM_EUROPA_COMUNE_BANDI,
	/* A Comune writes its own interest profile for EU calls (the EU desk
	   of its Province may too). */
	PERM_EUROPA_PROFILO,
	/* The open-data catalogue (issue 15): a Province's data officer writes
	   its datasets and its Comuni's (scope: the Province that answers). */
	PERM_DATI_DATASET,
	/* Tabular data (datastore_search, aggregates, exports) of a
	   resource whose dataset is not published: the data officer of the
	   dataset's ente (issue 15, tabular store). */
	PERM_DATI_TABELLA_BOZZA,
	/* Data campaigns (dati, 0037): the Province's data officer manages
	   them; the Comune answers; both read a Comune's answers. */
	PERM_DATI_CAMPAGNE,
	PERM_DATI_RISPONDERE,
	PERM_DATI_RISPOSTE_LEGGI,
	/* A Province's PDND/PCP configuration and connectivity check (issue
	   17, docs/pcp.md): its own admin only (scope: the Province). */
	PERM_PCP_CONFIG,
	PERM__MAX
};

/* Roles of PRODUCT.md; a user holds roles on entities (enti). */
enum role {
	ROLE_ADMIN,
	ROLE_SUA_OFFICER,
	ROLE_COMMISSIONER,
	ROLE_SAPE_OFFICER,
	ROLE_DATA_OFFICER,
	ROLE_COMUNE,
	ROLE_OPERATOR,
	ROLE_UPI,
	/* A self-registered operator whose albo entry is not approved yet
	   (docs/sua-albo.md): on "operatore:PARTITAIVA", its own entry only;
	   approval replaces it with ROLE_OPERATOR. */
	ROLE_APPLICANT,
	ROLE__MAX
};

#define USER_ROLES_MAX 32 /* role grants one user may hold */
#define ENTE_CODE_MAX 40  /* "provincia:024", "comune:024116", "upi" */

struct role_grant {
	enum role role;
	char ente[ENTE_CODE_MAX + 1];
};

/* The authenticated caller (NULL for anonymous requests). */
struct user {
	int64_t id;
	char email[256];
	char name[256];
	int nroles;
	struct role_grant roles[USER_ROLES_MAX];
	int via_token;            /* authenticated with an API token */
	int must_change_password; /* one-time password still in use */
	int64_t session_id;       /* 0 for API tokens */
	/*
	 * How the session was opened (migration 0040, docs/spid-cie.md):
	 * "password", "spid" or "cie"; the IdP's entityID (empty for a
	 * password); the level of assurance granted, 0 for a local password
	 * or an API token, 1..3 for SpidL1..L3 (CIE: 3); the authentication
	 * instant (Unix seconds, 0 when unknown).
	 */
	char auth_method[10];
	char idp[512];
	int loa;
	int64_t auth_at;
};

#endif
