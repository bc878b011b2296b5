/*
 * saml_int.h - what the SAML files share among themselves (not for other
 * modules): the SP's key and certificate as PEM text, for Lasso.
 */
#ifndef AV_SAML_INT_H
#define AV_SAML_INT_H

/* Borrowed, valid until exit; NULL when SPID/CIE are off. */
const char *saml_key_pem(void);
const char *saml_cert_pem(void);

struct av_err;
/*
 * Lasso's part of a Response: parse, and verify the signatures with the
 * key of the IdP's metadata (hint FORCE: no signature, no login).
 * AV_OK or AV_EAUTH.
 */
int saml_lasso_verify(const char *b64, struct av_err *err);

#include <libxml/tree.h>
/*
 * Signs doc's root (which has an ID) in place with xmlsec: enveloped,
 * exclusive c14n, RSA-SHA256, the certificate in KeyInfo; the Signature
 * goes after a first saml:Issuer child, else first.  0 or -1.
 */
int saml_xml_sign(xmlDocPtr doc, const char *key_path, const char *cert_path);

/*
 * One EntityDescriptor n alone, as a document of its own with the
 * namespaces it uses (Lasso loads each IdP from such a text); malloc'd,
 * NULL if libxml2 could not write it.
 */
char *saml_entity_dump(xmlNodePtr n);

#endif
