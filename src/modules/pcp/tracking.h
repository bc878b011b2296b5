/*
 * tracking.h - ANAC's tracking JWS (header Agid-JWT-TrackingEvidence),
 * built per call: who acts (codice fiscale, RP or DRP, level of assurance,
 * IdP type), for which contracting authority (codice fiscale, AUSA), from
 * which certified platform (ANAC register codes), and the tracing ids
 * (businessFlowID = the procedure's idAppalto, the zero UUID on the first
 * crea-appalto).  Claims per ANAC's descriptor (npa docs/specifiche-jws/
 * jws.yaml) plus iss/sub/purposeId as working clients send them; signed
 * RS256 with the PDND key; lifetime PCP_JWS_TTL_S; unique jti.  The voucher
 * for the call is bound to it by pdnd_voucher_get(..., digest) with
 * digest = jose_sha256_hex(jws) (ModI AUDIT_REST_02).  docs/pcp.md.
 */
#ifndef AV_PCP_TRACKING_H
#define AV_PCP_TRACKING_H

#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "identity/types.h"
#include "modules/pcp/pcp_config.h"

#define PCP_JWS_TTL_S 10 /* ANAC: at most 10 s from iat */
#define PCP_ZERO_UUID "00000000-0000-0000-0000-000000000000"

/* The acting user as ANAC sees them. */
struct pcp_actor {
	char codice_fiscale[17];
	char role[4];     /* "RP" or "DRP" */
	char loa[2];      /* "3" or "4" (ISO 29115 levels, not SPID's) */
	char idp_type[8]; /* "SPID", "CIE", "CNS", "EIDAS", "CUSTOM" */
};

/*
 * The actor of a session: u's method and level (struct user, migration
 * 0040), the person's codice fiscale cf and the ANAC role ("RP"|"DRP").
 * SpidL2 is ANAC's LoA "3", SpidL3 and CIE are "4".  A password session,
 * an API token or SpidL1 has no level ANAC accepts: AV_EFORBIDDEN with an
 * Italian message saying to log in with SPID (level 2 or 3) or CIE.
 * AV_EINVAL (field "codice_fiscale" / "ruolo") on a bad cf or role.
 */
int pcp_actor_from_user(const struct user *u, const char *cf, const char *role,
                        struct pcp_actor *out, struct av_err *err);

/* Checks an actor built by hand (CLI, tests): the same rules. */
int pcp_actor_check(const struct pcp_actor *a, struct av_err *err);

/* The ids one call carries. */
struct pcp_trace {
	const char *business_flow_id; /* idAppalto, or NULL: zero UUID */
	const char *span_id;          /* the user's operation; NULL: trace */
	char trace_id[JOSE_UUID_LEN + 1]; /* out: this request's id */
	char jti[JOSE_UUID_LEN + 1];      /* out */
};

/*
 * Appends to out the compact JWS for a call to cfg's e-service eservice
 * (its URL is the aud, its purposeId the purposeId) by actor, issued at
 * now.  AV_EUNPROC with an Italian message when cfg lacks what ANAC needs
 * (the e-service, the contracting authority's AUSA code, the register
 * codes, the key); AV_EINVAL on a bad business_flow_id.
 */
int pcp_tracking_jws(const struct pcp_config *cfg, const char *eservice,
                     const struct pcp_actor *actor, struct pcp_trace *trace,
                     int64_t now, struct sbuf *out, struct av_err *err);

#endif
