/*
 * firma_tsl_url.c - the trusted list from the address the administrator
 * set (AgID publishes https://eidas.agid.gov.it/TL/TSL-IT.xml): fetched
 * with libcurl (bounded in size and time, http(s) only), and its enveloped
 * XML signature (ETSI TS 119 612 5.7, XAdES over the whole list) checked
 * with xmlsec against the signing certificate the administrator
 * configured — never against a key the document itself carries.  A list
 * whose signature does not verify is refused by the caller, who keeps the
 * previous one.
 */
#include <pthread.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "modules/firma/firma_int.h"
#include "modules/firma/firma_url.h"

#define TSL_TIMEOUT_S 30L

static size_t
take(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_add(sb, p, size * n);
	return sbuf_err(sb) ? 0 : size * n; /* too long: curl stops */
}

int
firma_tsl_fetch(const char *url, struct sbuf *out, struct av_err *err)
{
	CURL *c;
	CURLcode cc;
	long code = 0;

	sbuf_init(out, FIRMA_TSL_MAX);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return av_fail(err, AV_EINVAL, "url",
		               "l'indirizzo dell'elenco di fiducia deve "
		               "essere http o https");
	c = curl_easy_init();
	if (!c)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "libcurl non disponibile");
	sbuf_init(out, FIRMA_TSL_MAX);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TSL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	                 (curl_off_t)FIRMA_TSL_MAX);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	if (sbuf_err(out) || cc == CURLE_FILESIZE_EXCEEDED ||
	    cc == CURLE_WRITE_ERROR)
		return av_fail(err, AV_EINVAL, "url",
		               "elenco di fiducia troppo grande (oltre %u MiB)",
		               FIRMA_TSL_MAX >> 20);
	if (cc != CURLE_OK)
		return av_fail(err, AV_EIO, "url",
		               "elenco di fiducia non raggiungibile: %s",
		               curl_easy_strerror(cc));
	if (code != 200)
		return av_fail(err, AV_EIO, "url",
		               "elenco di fiducia non scaricato: risposta HTTP "
		               "%ld",
		               code);
	return AV_OK;
}

/*
 * xmlsec is initialised by lasso_init when the server runs SAML; the CLI
 * and a server without SAML initialise it here, once.
 */
static pthread_once_t xmlsec_once = PTHREAD_ONCE_INIT;
static int xmlsec_ok;

static void
xmlsec_init(void)
{
	xmlSecPtrListPtr ids = xmlSecTransformIdsGet();

	if (xmlSecPtrListIsValid(ids) && xmlSecPtrListGetSize(ids) > 0) {
		xmlsec_ok = 1; /* already initialised (lasso) */
		return;
	}
	xmlsec_ok = xmlSecInit() >= 0 && xmlSecCryptoAppInit(NULL) >= 0 &&
	            xmlSecCryptoInit() >= 0;
	/* reasons go to the caller's message, not to stderr */
	xmlSecErrorsDefaultCallbackEnableOutput(0);
}

/* The ds:Signature child of the list's root element, or NULL. */
static xmlNodePtr
root_signature(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;

	for (n = root ? root->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlSecCheckNodeName(n, xmlSecNodeSignature, xmlSecDSigNs))
			return n;
	return NULL;
}

/* 1 when the one Reference is the whole document (URI=""). */
static int
whole_document(xmlSecDSigCtxPtr ctx)
{
	xmlSecDSigReferenceCtxPtr ref;

	if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1)
		return 0;
	ref = xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0);
	return ref && ref->uri && ref->uri[0] == '\0';
}

int
firma_tsl_signature_check(const char *xml, size_t len, const char *cert_pem,
                          size_t cert_len, struct av_err *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr sig;
	xmlSecDSigCtxPtr ctx = NULL;
	int rc;

	pthread_once(&xmlsec_once, xmlsec_init);
	if (!xmlsec_ok)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "xmlsec non inizializzato");
	if (len > FIRMA_TSL_MAX || len > (size_t)INT32_MAX)
		return av_fail(err, AV_EINVAL, "tsl",
		               "elenco di fiducia troppo grande");
	doc = xmlReadMemory(xml, (int)len, NULL, NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING);
	if (!doc) {
		rc = av_fail(err, AV_EINVAL, "tsl",
		             "l'elenco di fiducia non è XML leggibile");
		goto out;
	}
	sig = root_signature(doc);
	if (!sig) {
		rc = av_fail(err, AV_EINVAL, "tsl",
		             "l'elenco di fiducia scaricato non è firmato");
		goto out;
	}
	ctx = xmlSecDSigCtxCreate(NULL);
	if (!ctx) {
		rc = av_fail(err, AV_EINTERNAL, NULL, "xmlsec: memoria");
		goto out;
	}
	/* only the configured certificate's key; only URI="" */
	ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
	ctx->signKey = xmlSecCryptoAppKeyLoadMemory(
	    (const xmlSecByte *)cert_pem, (xmlSecSize)cert_len,
	    xmlSecKeyDataFormatCertPem, NULL, NULL, NULL);
	if (!ctx->signKey) {
		rc = av_fail(err, AV_EINVAL, "certificato",
		             "il certificato di firma dell'elenco non è un "
		             "certificato PEM leggibile");
		goto out;
	}
	if (xmlSecDSigCtxVerify(ctx, sig) < 0 ||
	    ctx->status != xmlSecDSigStatusSucceeded) {
		rc = av_fail(err, AV_EINVAL, "tsl",
		             "la firma dell'elenco di fiducia non è valida "
		             "con il certificato configurato");
		goto out;
	}
	if (!whole_document(ctx)) {
		rc = av_fail(err, AV_EINVAL, "tsl",
		             "la firma dell'elenco di fiducia non copre "
		             "l'intero documento");
		goto out;
	}
	rc = AV_OK;
out:
	if (ctx)
		xmlSecDSigCtxDestroy(ctx);
	xmlFreeDoc(doc);
	return rc;
}
