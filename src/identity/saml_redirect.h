/*
 * saml_redirect.h - a message of SAML's HTTP-Redirect binding opened for
 * Lasso: the deflated, base64, URL-encoded SAMLRequest/SAMLResponse of the
 * query inflated (bounded; no DTD accepted) and handed to Lasso as the
 * base64 XML it reads for the POST binding, and the query's signature
 * (RSA-SHA256 over the raw parameters, SAML bindings 3.4.4.1) checked
 * with OpenSSL and the sender's metadata certificate, one key per sender
 * made once.
 *
 * Why: Lasso 2.8.1 (Debian 12) loses a few hundred bytes each time it
 * parses a signed Redirect query (found by LeakSanitizer in the e2e runs,
 * lasso_key_query_verify included).
 */
#ifndef AV_SAML_REDIRECT_H
#define AV_SAML_REDIRECT_H

#include "core/err.h"

#define SAML_REDIRECT_XML_MAX (256 * 1024)

/*
 * The message of query (the raw query string) as base64 XML (owned, free)
 * in *b64; *is_request 1 for SAMLRequest, 0 for SAMLResponse.  AV_EINVAL
 * with an Italian message when absent, not decodable, too large, or with
 * a DTD.
 */
int saml_redirect_open(const char *query, char **b64, int *is_request,
                       struct av_err *err);
/*
 * The query's signature (Signature, SigAlg RSA-SHA256 only) checked with
 * the signing certificate of metadata (an EntityDescriptor), the key
 * cached under entity_id.  0 when good, -1 otherwise.
 */
int saml_redirect_verify(const char *query, const char *entity_id,
                         const char *metadata);

#endif
