/*
 * saml_sp.c - the SP's use of Lasso: a LassoServer made per request from
 * the signed SP metadata, the key and the identity providers' metadata
 * (Lasso objects are not shared between threads), the signed AuthnRequest
 * with SPID's required shape, and the signature check of a Response
 * (forced: an unsigned or wrongly signed Response is refused by Lasso
 * before saml_check.c looks at its content).
 */
#include <pthread.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/uri.h>
#include <lasso/key.h>
#include <lasso/lasso.h>
#include <sodium.h>
#include <zlib.h>
#include <lasso/xml/saml-2.0/saml2_name_id.h>
#include <lasso/xml/saml-2.0/samlp2_authn_request.h>
#include <lasso/xml/saml-2.0/samlp2_name_id_policy.h>
#include <lasso/xml/saml-2.0/samlp2_requested_authn_context.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/saml.h"
#include "identity/saml_int.h"

#define NAMEID_TRANSIENT "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
#define NAMEID_ENTITY "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"

static const char *const loa_ref[] = {
    NULL,
    "https://www.spid.gov.it/SpidL1",
    "https://www.spid.gov.it/SpidL2",
    "https://www.spid.gov.it/SpidL3",
};

int
saml_loa_from_ref(const char *ref)
{
	int i;

	for (i = 1; i <= 3; i++)
		if (ref != NULL && strcmp(ref, loa_ref[i]) == 0)
			return i;
	return 0;
}

static int spid_encode(LassoNode *req, const char *id, const char *msg_url,
                       int post, const char *relay, struct saml_authn *out,
                       struct av_err *err);
void saml_authn_release(struct saml_authn *a);

/* A server knowing us and the given IdP (or all of them when NULL). */
static LassoServer *
server_new(const struct saml_idp *only)
{
	size_t len, i;
	const char *md = saml_metadata(&len);
	LassoServer *s;

	if (md == NULL)
		return NULL;
	/*
	 * No certificate beside the key: it is in our metadata already, and
	 * xmlsec 1.2.37 (Debian 12) loses a BIO each time Lasso loads one
	 * with the key (xmlSecOpenSSLAppKeyCertLoad), once per request.
	 */
	s = lasso_server_new_from_buffers(md, saml_key_pem(), NULL, NULL);
	if (s == NULL)
		return NULL;
	s->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;
	for (i = 0; i < saml_idp_count(); i++) {
		const struct saml_idp *idp = saml_idp_at(i);

		if (idp == NULL || (only != NULL && idp != only))
			continue;
		lasso_server_add_provider_from_buffer(
		    s, LASSO_PROVIDER_ROLE_IDP, idp->metadata, NULL, NULL);
	}
	return s;
}

static void
set_str(char **field, const char *v)
{
	g_free(*field);
	*field = g_strdup(v);
}

int
saml_authn_build(const struct saml_idp *idp, int loa, int post,
                 const char *relay, struct saml_authn *out, struct av_err *err)
{
	LassoServer *server = server_new(idp);
	LassoLogin *login = NULL;
	LassoProfile *prof;
	LassoSamlp2AuthnRequest *req;
	LassoSamlp2RequestAbstract *abs;
	LassoSamlp2RequestedAuthnContext *rac;
	int rc = AV_OK;

	memset(out, 0, sizeof(*out));
	if (server == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Configurazione SPID non valida.");
	login = lasso_login_new(server);
	prof = LASSO_PROFILE(login);
	if (login == NULL || lasso_login_init_authn_request(
	                         login, idp->entity_id,
	                         post ? LASSO_HTTP_METHOD_POST
	                              : LASSO_HTTP_METHOD_REDIRECT) != 0) {
		rc = av_fail(err, AV_EINTERNAL, NULL,
		             "Impossibile preparare la richiesta per l'identity"
		             " provider.");
		goto out;
	}
	req = LASSO_SAMLP2_AUTHN_REQUEST(prof->request);
	abs = LASSO_SAMLP2_REQUEST_ABSTRACT(req);
	/* SPID: ForceAuthn above L1, never IsPassive, ACS and attributes
	   by index (metadata index 0), transient NameID, minimum level. */
	req->ForceAuthn = loa >= 2;
	req->IsPassive = FALSE;
	req->AssertionConsumerServiceIndex = 0;
	req->AttributeConsumingServiceIndex = 0;
	set_str(&req->ProtocolBinding, NULL);
	set_str(&req->AssertionConsumerServiceURL, NULL);
	if (req->NameIDPolicy == NULL)
		req->NameIDPolicy = LASSO_SAMLP2_NAME_ID_POLICY(
		    lasso_samlp2_name_id_policy_new());
	set_str(&req->NameIDPolicy->Format, NAMEID_TRANSIENT);
	set_str(&req->NameIDPolicy->SPNameQualifier, NULL);
	req->NameIDPolicy->AllowCreate = FALSE;
	rac = LASSO_SAMLP2_REQUESTED_AUTHN_CONTEXT(
	    lasso_samlp2_requested_authn_context_new());
	rac->Comparison = g_strdup("minimum");
	rac->AuthnContextClassRef = g_list_append(NULL, g_strdup(loa_ref[loa]));
	if (req->RequestedAuthnContext != NULL)
		lasso_node_destroy(LASSO_NODE(req->RequestedAuthnContext));
	req->RequestedAuthnContext = rac;
	if (abs->Issuer != NULL) {
		set_str(&abs->Issuer->Format, NAMEID_ENTITY);
		set_str(&abs->Issuer->NameQualifier, saml_config()->entity_id);
	}
	/* Lasso must not sign (we sign the final form, see spid_encode):
	   its query signature with a per-request key loses OpenSSL memory. */
	lasso_profile_set_signature_hint(prof,
	                                 LASSO_PROFILE_SIGNATURE_HINT_FORBID);
	abs->sign_type = LASSO_SIGNATURE_TYPE_NONE;
	if (lasso_login_build_authn_request_msg(login) != 0 ||
	    prof->msg_url == NULL) {
		rc = av_fail(err, AV_EINTERNAL, NULL,
		             "Impossibile firmare la richiesta per l'identity"
		             " provider.");
		goto out;
	}
	str_copy(out->id, sizeof(out->id), abs->ID);
	/*
	 * Lasso writes IsPassive="false" and AllowCreate="false", which
	 * SPID's rules forbid: the request is taken as XML, those two
	 * attributes removed, and signed again here (query signature for
	 * the Redirect binding, enveloped XML signature for POST).
	 */
	rc = spid_encode(LASSO_NODE(req), abs->ID, prof->msg_url, post, relay,
	                 out, err);
out:
	if (login != NULL)
		lasso_login_destroy(login);
	lasso_server_destroy(server);
	return rc;
}

/*
 * The SP's signing key as Lasso wants it for the Redirect binding's query
 * signature: made once (a LassoKey made per request loses OpenSSL memory
 * when released) and used under a lock, Lasso objects not being
 * thread-safe.  Lives until exit.
 */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static LassoKey *key_once;

static char *
query_sign(const char *query)
{
	char *r = NULL;

	pthread_mutex_lock(&key_lock);
	if (key_once == NULL) {
		const char *pem = saml_key_pem();

		key_once = lasso_key_new_for_signature_from_memory(
		    pem, strlen(pem), NULL, LASSO_SIGNATURE_METHOD_RSA_SHA256,
		    NULL);
	}
	if (key_once != NULL)
		r = lasso_key_query_sign(key_once, query);
	pthread_mutex_unlock(&key_lock);
	return r;
}

/* Raw DEFLATE (RFC 1951), as the Redirect binding wants, into out. */
static int
deflate_raw(const unsigned char *in, size_t n, struct sbuf *out)
{
	z_stream z;
	unsigned char buf[16384];
	int zr;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		zr = deflate(&z, Z_FINISH);
		sbuf_add(out, buf, sizeof(buf) - z.avail_out);
	} while (zr == Z_OK);
	deflateEnd(&z);
	return zr == Z_STREAM_END && !sbuf_err(out) ? 0 : -1;
}

static char *
b64(const unsigned char *in, size_t n)
{
	size_t cap =
	    sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *o = xmalloc(cap);

	sodium_bin2base64(o, cap, in, n, sodium_base64_VARIANT_ORIGINAL);
	return o;
}

static void
add_urlenc(struct sbuf *sb, const char *s)
{
	xmlChar *e = xmlURIEscapeStr(BAD_CAST s, BAD_CAST "");

	sbuf_addstr(sb, e ? (const char *)e : "");
	xmlFree(e);
}

static int
spid_encode(LassoNode *req, const char *id, const char *msg_url, int post,
            const char *relay, struct saml_authn *out, struct av_err *err)
{
	char *xml = lasso_node_export_to_xml(req);
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, next;
	xmlBufferPtr xb = NULL;
	struct sbuf z = SBUF_INIT(1 << 20), q = SBUF_INIT(1 << 20);
	char *enc = NULL, *signed_q = NULL;
	const char *qm;
	int rc = AV_EINTERNAL;

	if (xml != NULL)
		doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL,
		                    XML_PARSE_NONET);
	g_free(xml);
	if (doc == NULL)
		goto out;
	root = xmlDocGetRootElement(doc);
	xmlUnsetProp(root, BAD_CAST "IsPassive");
	for (n = root->children; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "NameIDPolicy") == 0)
			xmlUnsetProp(n, BAD_CAST "AllowCreate");
		/* Lasso's own signature no longer matches: ours replaces it. */
		if (xmlStrcmp(n->name, BAD_CAST "Signature") == 0) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
	if (post && saml_xml_sign(doc, saml_config()->key_path,
	                          saml_config()->cert_path) != 0)
		goto out;
	xb = xmlBufferCreate();
	if (xmlNodeDump(xb, doc, root, 0, 0) < 0)
		goto out;
	qm = strchr(msg_url, '?');
	out->url = xstrdup(msg_url);
	if (qm != NULL)
		out->url[qm - msg_url] = '\0';
	if (post) {
		out->body =
		    b64(xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
		rc = AV_OK;
		goto out;
	}
	if (deflate_raw(xmlBufferContent(xb), (size_t)xmlBufferLength(xb),
	                &z) != 0)
		goto out;
	enc = b64((const unsigned char *)z.buf, z.len);
	sbuf_addstr(&q, "SAMLRequest=");
	add_urlenc(&q, enc);
	/* RelayState: opaque (the request's ID unless one is given). */
	sbuf_addstr(&q, "&RelayState=");
	add_urlenc(&q, relay != NULL && relay[0] ? relay : id);
	if (sbuf_err(&q))
		goto out;
	signed_q = query_sign(q.buf);
	if (signed_q == NULL)
		goto out;
	sbuf_reset(&z);
	sbuf_addstr(&z, out->url);
	sbuf_addch(&z, '?');
	sbuf_addstr(&z, signed_q);
	if (sbuf_err(&z))
		goto out;
	free(out->url);
	out->url = sbuf_detach(&z, NULL);
	rc = AV_OK;
out:
	free(enc);
	g_free(signed_q);
	sbuf_release(&z);
	sbuf_release(&q);
	if (xb != NULL)
		xmlBufferFree(xb);
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (rc != AV_OK) {
		saml_authn_release(out);
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile firmare la richiesta per l'identity"
		               " provider.");
	}
	return AV_OK;
}

void
saml_authn_release(struct saml_authn *a)
{
	free(a->url);
	free(a->body);
	a->url = a->body = NULL;
}

int
saml_lasso_verify(const char *b64, struct av_err *err)
{
	LassoServer *server = server_new(NULL);
	LassoLogin *login;
	int rc;

	if (server == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Configurazione SPID non valida.");
	login = lasso_login_new(server);
	lasso_profile_set_signature_verify_hint(
	    LASSO_PROFILE(login), LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);
	rc = lasso_login_process_authn_response_msg(login, (gchar *)b64);
	lasso_login_destroy(login);
	lasso_server_destroy(server);
	if (rc != 0)
		return av_fail(err, AV_EAUTH, "SAMLResponse",
		               "La risposta dell'identity provider non è"
		               " valida (firma o contenuto: %s).",
		               lasso_strerror(rc));
	return AV_OK;
}
