/*
 * saml_redirect.c - SAML's HTTP-Redirect binding opened for Lasso (see
 * saml_redirect.h): zlib's raw inflate, libsodium's base64, libxml2's
 * URL unescaping and XPath for the metadata certificate, Lasso's
 * LassoKey for the signature.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sodium.h>
#include <zlib.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/saml.h"
#include "identity/saml_redirect.h"

#define KEYS_MAX (SAML_IDP_MAX + 4)
/* URL-encoded bytes of a message: 8 KiB of base64, each up to 3. */
#define ENCODED_MAX (3 * 8192)
#define SIGALG_RSA_SHA256                                                      \
	"http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256"

static int
bad(struct av_err *err, const char *what)
{
	return av_fail(err, AV_EINVAL, "SAMLRequest",
	               "Messaggio SAML non valido: %s.", what);
}

/* The raw value of key in query (up to '&'), or NULL. */
static const char *
param(const char *query, const char *key, size_t *len)
{
	size_t k = strlen(key);
	const char *p = query;

	while (p != NULL && *p) {
		if (strncmp(p, key, k) == 0 && p[k] == '=') {
			const char *v = p + k + 1, *e = strchr(v, '&');

			*len = e ? (size_t)(e - v) : strlen(v);
			return v;
		}
		p = strchr(p, '&');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* Raw DEFLATE (RFC 1951) into out, bounded by out's cap. */
static int
inflate_raw(const unsigned char *in, size_t n, struct sbuf *out)
{
	z_stream z;
	unsigned char buf[16384];
	int zr;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END)
			break;
		sbuf_add(out, buf, sizeof(buf) - z.avail_out);
	} while (zr == Z_OK && !sbuf_err(out) && z.avail_in + z.avail_out > 0);
	inflateEnd(&z);
	return zr == Z_STREAM_END && !sbuf_err(out) ? 0 : -1;
}

int
saml_redirect_open(const char *query, char **b64, int *is_request,
                   struct av_err *err)
{
	const char *v;
	size_t len = 0, rlen = 0, cap;
	char *dec = NULL;
	unsigned char *raw = NULL;
	struct sbuf xml = SBUF_INIT(SAML_REDIRECT_XML_MAX);
	int rc = AV_OK;

	*b64 = NULL;
	if (query == NULL)
		return bad(err, "manca il messaggio");
	v = param(query, "SAMLRequest", &len);
	*is_request = v != NULL;
	if (v == NULL)
		v = param(query, "SAMLResponse", &len);
	if (v == NULL || len == 0 || len > ENCODED_MAX)
		return bad(err, "manca il messaggio");
	dec = xmlURIUnescapeString(v, (int)len, NULL);
	if (dec == NULL)
		return bad(err, "codifica dell'indirizzo");
	raw = xmalloc(strlen(dec) + 1);
	if (sodium_base642bin(raw, strlen(dec) + 1, dec, strlen(dec), " \r\n",
	                      &rlen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    rlen == 0) {
		rc = bad(err, "non è base64");
		goto out;
	}
	if (inflate_raw(raw, rlen, &xml) != 0 || xml.len == 0) {
		rc = bad(err, "non è compresso con DEFLATE o è troppo grande");
		goto out;
	}
	sbuf_addch(&xml, '\0');
	/* No DTD at all: no entity can expand (as the ACS, saml_check.c). */
	if (strstr(xml.buf, "<!DOCTYPE") != NULL ||
	    strstr(xml.buf, "<!ENTITY") != NULL) {
		rc = bad(err, "contiene una DTD");
		goto out;
	}
	cap = sodium_base64_ENCODED_LEN(xml.len - 1,
	                                sodium_base64_VARIANT_ORIGINAL);
	*b64 = xmalloc(cap);
	sodium_bin2base64(*b64, cap, (const unsigned char *)xml.buf,
	                  xml.len - 1, sodium_base64_VARIANT_ORIGINAL);
out:
	xmlFree(dec);
	free(raw);
	sbuf_release(&xml);
	return rc;
}

/* The verification keys, one per sender, made once.  OpenSSL checks
   the query's signature: Lasso 2.8.1 loses memory each time it parses a
   signed query (lasso_key_query_verify included). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char entity[SAML_URL_MAX + 1];
	EVP_PKEY *key;
} keys[KEYS_MAX];
static size_t nkeys;

/* The signing certificate of an EntityDescriptor, as PEM (owned). */
static char *
cert_pem(const char *metadata)
{
	xmlDocPtr doc = xmlReadMemory(
	    metadata, (int)strlen(metadata), NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr o;
	struct sbuf pem = SBUF_INIT(65536);
	xmlChar *c = NULL;
	const xmlChar *p;
	size_t col = 0;

	if (doc == NULL)
		return NULL;
	xp = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(xp, BAD_CAST "md",
	                   BAD_CAST "urn:oasis:names:tc:SAML:2.0:metadata");
	xmlXPathRegisterNs(xp, BAD_CAST "ds",
	                   BAD_CAST "http://www.w3.org/2000/09/xmldsig#");
	o = xmlXPathEvalExpression(
	    BAD_CAST "//md:KeyDescriptor[not(@use) or @use='signing']"
	             "//ds:X509Certificate",
	    xp);
	if (o != NULL && o->nodesetval != NULL && o->nodesetval->nodeNr > 0)
		c = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);
	if (c == NULL)
		return NULL;
	sbuf_addstr(&pem, "-----BEGIN CERTIFICATE-----\n");
	for (p = c; *p; p++)
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
			sbuf_addch(&pem, (char)*p);
			if (++col % 64 == 0)
				sbuf_addch(&pem, '\n');
		}
	sbuf_addstr(&pem, "\n-----END CERTIFICATE-----\n");
	xmlFree(c);
	if (sbuf_err(&pem)) {
		sbuf_release(&pem);
		return NULL;
	}
	return sbuf_detach(&pem, NULL);
}

static EVP_PKEY *
key_of(const char *entity_id, const char *metadata)
{
	size_t i;
	char *pem;
	BIO *b;
	X509 *x;
	EVP_PKEY *k;

	for (i = 0; i < nkeys; i++)
		if (strcmp(keys[i].entity, entity_id) == 0)
			return keys[i].key;
	if (nkeys >= KEYS_MAX || strlen(entity_id) > SAML_URL_MAX ||
	    (pem = cert_pem(metadata)) == NULL)
		return NULL;
	b = BIO_new_mem_buf(pem, -1);
	x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	k = x ? X509_get_pubkey(x) : NULL;
	X509_free(x);
	BIO_free(b);
	free(pem);
	if (k == NULL)
		return NULL;
	str_copy(keys[nkeys].entity, sizeof(keys[nkeys].entity), entity_id);
	keys[nkeys].key = k;
	nkeys++;
	return k;
}

/*
 * What the Redirect binding signs (SAML bindings 3.4.4.1): the raw
 * "SAMLRequest=..|SAMLResponse=..", "&RelayState=.." if present,
 * "&SigAlg=..", as received.
 */
static int
signed_part(const char *query, struct sbuf *out)
{
	static const char *const order[] = {"SAMLRequest", "SAMLResponse",
	                                    "RelayState", "SigAlg"};
	size_t i, len;
	const char *v;

	for (i = 0; i < 4; i++) {
		v = param(query, order[i], &len);
		if (v == NULL)
			continue;
		if (out->len)
			sbuf_addch(out, '&');
		sbuf_addf(out, "%s=%.*s", order[i], (int)len, v);
	}
	return sbuf_err(out) ? -1 : 0;
}

int
saml_redirect_verify(const char *query, const char *entity_id,
                     const char *metadata)
{
	size_t len = 0, slen = 0;
	const char *alg = param(query, "SigAlg", &len);
	const char *sig = NULL;
	char *dec = NULL;
	unsigned char raw[1024];
	struct sbuf data = SBUF_INIT(64 * 1024);
	EVP_PKEY *k;
	EVP_MD_CTX *ctx = NULL;
	int ok = 0;

	/* SPID: RSA-SHA256 (or stronger); we accept the one we use. */
	if (alg == NULL || len != strlen(SIGALG_RSA_SHA256) ||
	    strncmp(alg, SIGALG_RSA_SHA256, len) != 0 ||
	    (sig = param(query, "Signature", &len)) == NULL || len == 0 ||
	    len > 4096 ||
	    (dec = xmlURIUnescapeString(sig, (int)len, NULL)) == NULL ||
	    sodium_base642bin(raw, sizeof(raw), dec, strlen(dec), " \r\n",
	                      &slen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    signed_part(query, &data) != 0)
		goto out;
	pthread_mutex_lock(&lock);
	k = key_of(entity_id, metadata);
	if (k != NULL && (ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, k) == 1 &&
	    EVP_DigestVerify(ctx, raw, slen, (const unsigned char *)data.buf,
	                     data.len) == 1)
		ok = 1;
	pthread_mutex_unlock(&lock);
out:
	EVP_MD_CTX_free(ctx);
	xmlFree(dec);
	sbuf_release(&data);
	return ok ? 0 : -1;
}
