/*
 * test_idp.h - the "IdP di prova": a real SAML 2.0 identity provider made
 * with Lasso (LassoLogin and LassoLogout on the IdP side, its own key),
 * served by the same binary only for the demo and the tests, so that a
 * person can click through "Entra con SPID" / "Entra con CIE" without
 * AgID's federation (docs/spid-cie.md "Provare il login in demo").
 *
 * Two identity providers, one key: a SPID-typed one
 * (<url>/api/v1/idp-prova/spid) and a CIE-typed one (.../cie).  Their
 * files live in <data dir>/idp-prova/: idp.key (0600), idp.crt, spid.xml
 * and cie.xml (the metadata the SP trusts through `areavasta spid config
 * --idp-spid/--idp-cie`).  `areavasta idp-prova` makes them; `serve
 * --idp-di-prova` serves them.  Both refuse an SP whose public URL is not
 * on this machine (127.0.0.1, localhost, [::1]): never in production.
 *
 * The IdP keeps its sessions (the Lasso session of each login, for Single
 * Logout) in memory: a restart forgets them, as a test IdP may.  All Lasso
 * work is serialised under one lock (Lasso objects are not thread-safe;
 * the LassoServers are made once).
 */
#ifndef AV_TEST_IDP_H
#define AV_TEST_IDP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "identity/saml.h"

#define TEST_IDP_DIR "idp-prova"
#define TEST_IDP_NAME_MAX 64

/* Creates <data_dir>/idp-prova/ (key, certificate, both metadata) for an
   SP at base_url (loopback only); an existing key is kept. */
int test_idp_init(const char *data_dir, const char *base_url,
                  struct av_err *err);
/* For `serve --idp-di-prova`, after saml_configure: loads the files and
   makes the two IdP LassoServers.  Refused unless SPID is configured with
   a loopback URL and trusts the IdP's metadata. */
int test_idp_configure(const char *data_dir, struct av_err *err);
int test_idp_enabled(void);
/* "spid" / "cie" -> the tipo; 0 for anything else. */
enum saml_tipo test_idp_tipo(const char *s);
const char *test_idp_entity(enum saml_tipo t);

/* What an AuthnRequest asks, once its signature is verified. */
struct test_idp_ask {
	char id[SAML_ID_MAX + 1];
	char sp[SAML_URL_MAX + 1];
	int loa; /* the SpidL asked, 1..3 */
};

/* A test identity a person picks. */
struct test_idp_person {
	char cf[SAML_CF_LEN + 1];
	char name[TEST_IDP_NAME_MAX + 1];
	char family[TEST_IDP_NAME_MAX + 1];
	char email[SAML_TEXT_MAX + 1];
};

/* The demo's identities (the accounts `areavasta demo` makes). */
size_t test_idp_people(const struct test_idp_person **out);

/*
 * An AuthnRequest (msg: the raw query of the Redirect binding, or the
 * base64 SAMLRequest of the POST binding): signature and shape verified by
 * Lasso.  AV_EAUTH with an Italian message.
 */
int test_idp_sso_read(enum saml_tipo t, const char *msg, int post,
                      struct test_idp_ask *out, struct av_err *err);
/*
 * The signed Response to that request for person p at level loa (1..3):
 * *acs and *b64 owned (free), session_index filled for the IdP cookie.
 */
int test_idp_sso_answer(enum saml_tipo t, const char *msg, int post,
                        const struct test_idp_person *p, int loa, char **acs,
                        char **b64, char session_index[SAML_ID_MAX + 1],
                        struct av_err *err);
/* Whether session_index is a live session of this IdP (cf filled). */
int test_idp_session(enum saml_tipo t, const char *session_index,
                     char cf[SAML_CF_LEN + 1]);
/*
 * IdP-initiated Single Logout of session_index: *url (owned) is the SP's
 * SLO with the signed LogoutRequest.
 */
int test_idp_logout_begin(enum saml_tipo t, const char *session_index,
                          char **url, struct av_err *err);
/*
 * A message on the IdP's SLO (raw Redirect query): a LogoutRequest from
 * the SP (the session ended, *url = the SP's SLO with our signed
 * LogoutResponse) or the LogoutResponse to ours (*url = NULL; AV_OK when
 * it is signed, answers our request and says Success).
 */
int test_idp_slo(enum saml_tipo t, const char *query, char **url,
                 struct av_err *err);

#endif
