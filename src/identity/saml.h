/*
 * saml.h - the SPID and CIE Service Provider (SAML 2.0, with Lasso and
 * xmlsec): its configuration, the identity providers it trusts, the
 * AuthnRequests it sends and the checks a Response must pass before a
 * session is opened.  docs/spid-cie.md tells the why of each rule.
 *
 * The configuration is a file, <data dir>/spid.json, written by
 * `areavasta spid config` (src/cli/spid.c) and read once when the server
 * starts (saml_configure): the SP's key and certificate stay in files
 * outside the database (the key 0600, refused otherwise), the identity
 * providers come from metadata files (the official SPID aggregate, CIE's
 * own).  After saml_configure everything here is read-only, so request
 * threads share it without locks; Lasso objects are made per request.
 */
#ifndef AV_SAML_H
#define AV_SAML_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"

#define SAML_URL_MAX 512            /* bytes of an entityID or URL */
#define SAML_TEXT_MAX 255           /* bytes of an organization name, e-mail */
#define SAML_PATH_MAX 1024          /* bytes of a file path in spid.json */
#define SAML_IDP_MAX 64             /* identity providers loaded */
#define SAML_ID_MAX 128             /* bytes of a SAML ID */
#define SAML_RESPONSE_MAX 262144    /* bytes of a SAMLResponse form field */
#define SAML_METADATA_MAX (8 << 20) /* bytes of an IdP metadata file */
#define SAML_REQUEST_TTL_S 900      /* an AuthnRequest may be answered for */
#define SAML_SKEW_S 90              /* clock skew tolerated, seconds */
#define SAML_CF_LEN 16

enum saml_tipo { SAML_SPID = 1, SAML_CIE = 2 };

/* What `areavasta spid config` stores (spid.json). */
struct saml_settings {
	char entity_id[SAML_URL_MAX + 1];
	char base_url[SAML_URL_MAX + 1]; /* "https://host", no final '/' */
	char key_path[SAML_PATH_MAX + 1];
	char cert_path[SAML_PATH_MAX + 1];
	char org_name[SAML_TEXT_MAX + 1];
	char org_url[SAML_URL_MAX + 1];
	char ipa_code[32];
	char email[SAML_TEXT_MAX + 1];
	char phone[32];
	char idp_spid[SAML_PATH_MAX + 1]; /* metadata file (aggregate) */
	char idp_cie[SAML_PATH_MAX + 1];  /* CIE's metadata file */
	char cie_comune[8]; /* CIE metadata: codice catastale, "H501" */
	char cie_prov[8];   /* CIE metadata: sigla, "RM" (optional) */
	char idp_url[SAML_URL_MAX + 1];   /* SPID IdPs' registry URL */
	char idp_cert[SAML_PATH_MAX + 1]; /* its signer's certificate */
};

struct saml_idp {
	char entity_id[SAML_URL_MAX + 1];
	char name[SAML_TEXT_MAX + 1];
	enum saml_tipo tipo;
	char *metadata; /* owned: this EntityDescriptor alone */
};

/*
 * Reads <data_dir>/spid.json into s.  *found = 0 (s zeroed) when the file
 * does not exist.  AV_EINVAL naming the key on a bad value.
 */
int saml_settings_read(const char *data_dir, struct saml_settings *s,
                       int *found, struct av_err *err);
/* Checks s (URLs, key file mode 0600, certificate readable, metadata). */
int saml_settings_check(const struct saml_settings *s, struct av_err *err);
/* Writes s to <data_dir>/spid.json (mode 0600, replaced atomically). */
int saml_settings_write(const char *data_dir, const struct saml_settings *s,
                        struct av_err *err);

/*
 * Loads the configuration of data_dir for the server, once, before any
 * request thread starts: lasso_init, key and certificate, the signed SP
 * metadata, the identity providers.  Without spid.json SPID/CIE stay off
 * (AV_OK, saml_enabled() = 0).
 */
int saml_configure(const char *data_dir, struct av_err *err);
int saml_enabled(void);
/* The loaded settings (borrowed, valid until exit); NULL when off. */
const struct saml_settings *saml_config(void);
/* The signed SP metadata (borrowed); NULL when off. */
const char *saml_metadata(size_t *len);
size_t saml_idp_count(void);
const struct saml_idp *saml_idp_at(size_t i);
const struct saml_idp *saml_idp_find(const char *entity_id);
/* "<base_url>/api/v1/auth/saml/acs" (borrowed). */
const char *saml_acs_url(void);

/* An AuthnRequest ready to send (owned strings, saml_authn_release). */
struct saml_authn {
	char id[SAML_ID_MAX + 1];
	char *url;  /* Redirect: the whole URL; POST: the IdP's SSO URL */
	char *body; /* POST: the base64 SAMLRequest; NULL for Redirect */
};
/*
 * Builds and signs the AuthnRequest for idp at level loa (1..3), with the
 * HTTP-Redirect binding (post = 0) or HTTP-POST (post = 1); relay is the
 * RelayState sent along.
 */
int saml_authn_build(const struct saml_idp *idp, int loa, int post,
                     const char *relay, struct saml_authn *out,
                     struct av_err *err);
void saml_authn_release(struct saml_authn *a);

/* What a verified Response says. */
struct saml_login {
	char in_response_to[SAML_ID_MAX + 1];
	char assertion_id[SAML_ID_MAX + 1];
	char idp[SAML_URL_MAX + 1];
	enum saml_tipo tipo;
	int loa;         /* granted, 1..3 */
	int64_t auth_at; /* AuthnInstant, Unix seconds */
	int64_t expires; /* assertion's NotOnOrAfter (replay window) */
	char codice_fiscale[SAML_CF_LEN + 1];
	char session_index[SAML_ID_MAX + 1];
	char name_id[SAML_URL_MAX + 1];
	char status_message[SAML_TEXT_MAX + 1]; /* an IdP's "ErrorCode nr.." */
};

/* The AuthnRequest a Response answers, as saml_request stores it. */
struct saml_expect {
	const char *id;
	const char *idp;
	int loa;
	int64_t created;
};

/*
 * Step 1 of a Response (b64: the SAMLResponse field, len bytes): size,
 * base64, no DTD, one Response with one Assertion; fills the IDs the
 * caller looks up (out->in_response_to, out->idp).  AV_EINVAL / AV_ETOOBIG
 * with an Italian message.
 */
int saml_response_peek(const char *b64, size_t len, struct saml_login *out,
                       struct av_err *err);
/*
 * Step 2: the signatures (Lasso, with the IdP's metadata key: both the
 * Response's and the Assertion's, forced) and every SPID rule on the
 * content against what we asked (ex) at now.  AV_EINVAL or AV_EAUTH.
 */
int saml_response_verify(const char *b64, size_t len,
                         const struct saml_expect *ex, int64_t now,
                         struct saml_login *out, struct av_err *err);

/* "https://www.spid.gov.it/SpidL2" -> 2; 0 when not a SPID level. */
int saml_loa_from_ref(const char *ref);
/* Parses an xs:dateTime in UTC ("...Z", optional fraction): 0 or -1. */
int saml_time_parse(const char *s, int64_t *out);

struct db;

/*
 * The service of the login routes (saml_login.c), called by
 * saml_handlers.c.  saml_login_begin builds the AuthnRequest and records
 * it in saml_request (with next, the local path to return to), in its own
 * short write.  saml_login_check is read-only: the Response verified
 * against its request, the account of the codice fiscale found
 * (*user_id = 0: none active), *next filled.  saml_login_consume, in the
 * caller's transaction, spends the request and records the assertion ID:
 * AV_ECONFLICT when either was already used (replay).
 */
int saml_login_begin(struct db *db, const struct saml_idp *idp, int loa,
                     int post, const char *next, int64_t now,
                     struct saml_authn *out, struct av_err *err);
int saml_login_check(struct db *db, const char *b64, size_t len, int64_t now,
                     struct saml_login *out, int64_t *user_id,
                     char next[SAML_URL_MAX + 1], struct av_err *err);
int saml_login_consume(struct db *db, const struct saml_login *l, int64_t now,
                       struct av_err *err);

/*
 * The signed metadata and request helpers use xmlsec on these: the SP
 * key as PEM (borrowed), for saml_metadata_sign.
 */
char *saml_metadata_sign(const char *xml, const char *key_path,
                         const char *cert_path, struct av_err *err);

#endif
