/*
 * firma_tsl.c - the trusted list (ETSI TS 119 612 XML; in Italy AgID's
 * TSL) read with libxml2 and XPath: the certificates of the services that
 * issue qualified certificates (CA/QC) and time stamps (TSA/QTST) whose
 * status is granted (or the pre-eIDAS accredited / undersupervision).
 * The document is parsed without network access and without entity
 * expansion.  Its own XML signature is not checked here: a local file is
 * the administrator's choice (docs/firma.md).
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "modules/firma/firma_int.h"

#define TSL_NS "http://uri.etsi.org/02231/v2#"
#define SVC_CAQC "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
#define SVC_TSA "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"
#define CERT_B64_MAX (64u << 10)

static int
status_ok(const char *st)
{
	static const char *const ok[] = {
	    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted",
	    "http://uri.etsi.org/TrstSvc/Svcstatus/accredited",
	    "http://uri.etsi.org/TrstSvc/Svcstatus/undersupervision",
	};
	size_t i;

	for (i = 0; st && i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(st, ok[i]) == 0)
			return 1;
	return 0;
}

/* The trimmed text of the first node matching expr under ctx's node. */
static void
xp_text(xmlXPathContextPtr xc, xmlNodePtr at, const char *expr, char *out,
        size_t cap)
{
	xmlXPathObjectPtr r;
	xmlChar *t;

	out[0] = '\0';
	xc->node = at;
	r = xmlXPathEvalExpression((const xmlChar *)expr, xc);
	if (r && r->nodesetval && r->nodesetval->nodeNr > 0) {
		t = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
		if (t) {
			const char *s = (const char *)t;
			size_t n;

			while (*s == ' ' || *s == '\n' || *s == '\r' ||
			       *s == '\t')
				s++;
			str_copy(out, cap, s);
			n = strlen(out);
			while (n > 0 &&
			       (out[n - 1] == ' ' || out[n - 1] == '\n' ||
			        out[n - 1] == '\r' || out[n - 1] == '\t'))
				out[--n] = '\0';
			xmlFree(t);
		}
	}
	xmlXPathFreeObject(r);
}

static X509 *
cert_from_b64(const xmlChar *text)
{
	size_t tl = strlen((const char *)text), bl = 0;
	unsigned char *bin;
	const unsigned char *p;
	X509 *x = NULL;

	if (tl == 0 || tl > CERT_B64_MAX)
		return NULL;
	bin = malloc(tl);
	if (!bin)
		return NULL;
	if (sodium_base642bin(bin, tl, (const char *)text, tl, " \r\n\t", &bl,
	                      NULL, sodium_base64_VARIANT_ORIGINAL) == 0) {
		p = bin;
		x = d2i_X509(NULL, &p, (long)bl);
	}
	free(bin);
	return x;
}

/* Adds the certificates of one service to t; returns how many. */
static int
service_certs(xmlXPathContextPtr xc, xmlNodePtr svc, STACK_OF(X509) * dst,
              struct firma_trust *t)
{
	xmlXPathObjectPtr r;
	int i, n = 0;

	xc->node = svc;
	r = xmlXPathEvalExpression(
	    (const xmlChar *)"tsl:ServiceInformation/tsl:ServiceDigitalIdentity"
	                     "/tsl:DigitalId/tsl:X509Certificate",
	    xc);
	for (i = 0; r && r->nodesetval && i < r->nodesetval->nodeNr; i++) {
		xmlChar *b = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
		X509 *x = b ? cert_from_b64(b) : NULL;

		xmlFree(b);
		if (!x)
			continue;
		X509_STORE_add_cert(t->store, x); /* duplicates are ignored */
		if (sk_X509_push(dst, x) <= 0)
			X509_free(x);
		else
			n++;
	}
	xmlXPathFreeObject(r);
	return n;
}

int
firma_trust_parse(const char *xml, size_t len, struct firma_trust **out,
                  struct av_err *err)
{
	struct firma_trust *t;
	xmlDocPtr doc;
	xmlXPathContextPtr xc = NULL;
	xmlXPathObjectPtr svcs = NULL;
	char type[128], status[160];
	int i, kept = 0;

	*out = NULL;
	if (len > FIRMA_TSL_MAX)
		return av_fail(
		    err, AV_ETOOBIG, "tsl",
		    "elenco di fiducia troppo grande (oltre 32 MiB)");
	doc = xmlReadMemory(xml, (int)len, "tsl.xml", NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING);
	if (!doc)
		return av_fail(
		    err, AV_EINVAL, "tsl",
		    "l'elenco di fiducia non è un documento XML valido");
	t = calloc(1, sizeof(*t));
	if (t) {
		t->store = X509_STORE_new();
		t->qc = sk_X509_new_null();
		t->tsa = sk_X509_new_null();
	}
	if (!t || !t->store || !t->qc || !t->tsa) {
		xmlFreeDoc(doc);
		firma_trust_free(t);
		return av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
	}
	xc = xmlXPathNewContext(doc);
	if (xc && xmlXPathRegisterNs(xc, (const xmlChar *)"tsl",
	                             (const xmlChar *)TSL_NS) == 0) {
		xp_text(xc, xmlDocGetRootElement(doc),
		        "/tsl:TrustServiceStatusList/tsl:SchemeInformation/"
		        "tsl:SchemeTerritory",
		        t->territorio, sizeof(t->territorio));
		xp_text(xc, xmlDocGetRootElement(doc),
		        "/tsl:TrustServiceStatusList/tsl:SchemeInformation/"
		        "tsl:ListIssueDateTime",
		        t->emesso, sizeof(t->emesso));
		xc->node = xmlDocGetRootElement(doc);
		svcs = xmlXPathEvalExpression(
		    (const xmlChar *)"/tsl:TrustServiceStatusList/"
		                     "tsl:TrustServiceProviderList/"
		                     "tsl:TrustServiceProvider/tsl:TSPServices/"
		                     "tsl:TSPService",
		    xc);
	}
	for (i = 0; svcs && svcs->nodesetval && i < svcs->nodesetval->nodeNr &&
	            kept < (int)FIRMA_TSL_SERVICES_MAX;
	     i++) {
		xmlNodePtr svc = svcs->nodesetval->nodeTab[i];

		xp_text(xc, svc,
		        "tsl:ServiceInformation/tsl:ServiceTypeIdentifier",
		        type, sizeof(type));
		xp_text(xc, svc, "tsl:ServiceInformation/tsl:ServiceStatus",
		        status, sizeof(status));
		if (!status_ok(status))
			continue;
		if (strcmp(type, SVC_CAQC) == 0)
			kept += service_certs(xc, svc, t->qc, t);
		else if (strcmp(type, SVC_TSA) == 0)
			kept += service_certs(xc, svc, t->tsa, t);
	}
	xmlXPathFreeObject(svcs);
	xmlXPathFreeContext(xc);
	xmlFreeDoc(doc);
	if (kept == 0) {
		firma_trust_free(t);
		return av_fail(
		    err, AV_EINVAL, "tsl",
		    "l'elenco di fiducia non contiene servizi CA/QC o "
		    "TSA/QTST attivi con un certificato leggibile (atteso "
		    "un TrustServiceStatusList ETSI TS 119 612)");
	}
	*out = t;
	return AV_OK;
}

void
firma_trust_free(struct firma_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	sk_X509_pop_free(t->qc, X509_free);
	sk_X509_pop_free(t->tsa, X509_free);
	free(t);
}

size_t
firma_trust_count(const struct firma_trust *t)
{
	return t ? (size_t)sk_X509_num(t->qc) + (size_t)sk_X509_num(t->tsa) : 0;
}

const char *
firma_trust_territorio(const struct firma_trust *t)
{
	return t ? t->territorio : "";
}

const char *
firma_trust_emesso(const struct firma_trust *t)
{
	return t ? t->emesso : "";
}
