/*
 * saml_slo.h - SPID/CIE Single Logout on the SP's side, the protocol by
 * Lasso's LassoLogout (docs/spid-cie.md "Single Logout"):
 *
 *  - SP-initiated: our session ends first, then a signed LogoutRequest
 *    (HTTP-Redirect) with the session's NameID and SessionIndex goes to
 *    the IdP; its ID is kept (saml_logout_request) so that the IdP's
 *    LogoutResponse is accepted once, signed, answering it;
 *  - IdP-initiated: a signed LogoutRequest ends every session of that
 *    IdP, NameID and SessionIndex, and is answered with a signed
 *    LogoutResponse.
 *
 * The caller (saml_slo_handlers.c) holds the transaction and writes the
 * audit records.  One LassoServer, made at the first use and kept (its key
 * loaded once), used under a lock.
 */
#ifndef AV_SAML_SLO_H
#define AV_SAML_SLO_H

#include <stdint.h>

#include "core/err.h"
#include "identity/saml.h"

struct db;

/* SP-initiated: *url (owned) is the IdP's SLO with the signed request. */
int saml_slo_begin(struct db *db, int64_t user_id, const char *idp,
                   const char *name_id, const char *session_index, int64_t now,
                   char **url, struct av_err *err);

/* The outcome of an IdP's message. */
struct saml_slo_result {
	char idp[SAML_URL_MAX + 1];
	int64_t user_id;  /* response: who asked; request: the first ended */
	int64_t sessions; /* request: sessions ended */
	int success;      /* response: the IdP said Success */
	char *url;        /* request: our signed LogoutResponse (owned) */
};

/*
 * A message from an IdP, msg the raw query (HTTP-Redirect) or the base64
 * field (HTTP-POST): a LogoutRequest (is_request; sessions ended, the
 * LogoutResponse built) or the LogoutResponse to ours (spent).  AV_EAUTH
 * when unsigned, badly signed, from an unknown IdP, or answering no
 * request of ours.
 */
int saml_slo_message(struct db *db, const char *msg, int is_request,
                     int redirect, int64_t now, struct saml_slo_result *out,
                     struct av_err *err);

#endif
