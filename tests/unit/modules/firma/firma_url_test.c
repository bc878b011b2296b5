/*
 * firma_url_test.c - the trusted list from an address, the parts that need
 * no network: the download refuses what is not http(s), and the XML
 * signature check refuses what is not XML, an unsigned list, a certificate
 * that is not one, and a signature that does not verify.  (The good case,
 * with a list signed by xmlsec1, is in tests/http/firma-tsl-url.test.mjs.)
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/firma/firma.h"
#include "modules/firma/firma_url.h"

static const char unsigned_tsl[] =
    "<?xml version=\"1.0\"?><TrustServiceStatusList "
    "xmlns=\"http://uri.etsi.org/02231/v2#\"><SchemeInformation/>"
    "</TrustServiceStatusList>";

/* A signature element whose values are made up: it cannot verify. */
static const char forged_tsl[] =
    "<?xml version=\"1.0\"?><TrustServiceStatusList "
    "xmlns=\"http://uri.etsi.org/02231/v2#\"><SchemeInformation/>"
    "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
    "<ds:SignedInfo><ds:CanonicalizationMethod "
    "Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
    "<ds:SignatureMethod "
    "Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
    "<ds:Reference URI=\"\"><ds:Transforms><ds:Transform "
    "Algorithm=\"http://www.w3.org/2000/09/"
    "xmldsig#enveloped-signature\"/></ds:Transforms><ds:DigestMethod "
    "Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
    "<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo>"
    "<ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>"
    "</TrustServiceStatusList>";

static int
check(const char *xml, const char *cert, struct av_err *err)
{
	return firma_tsl_signature_check(xml, strlen(xml), cert, strlen(cert),
	                                 err);
}

Test(firma_tsl_url, only_http_and_https)
{
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(0);

	cr_assert_eq(firma_tsl_fetch("file:///etc/passwd", &sb, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "url");
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(firma_tsl_fetch("ftp://example.org/tsl.xml", &sb, &err),
	             AV_EINVAL);
	sbuf_release(&sb);
}

Test(firma_tsl_url, refusals)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(check("non è XML", "x", &err), AV_EINVAL);
	cr_assert(strstr(err.msg, "XML"));
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(check(unsigned_tsl, "x", &err), AV_EINVAL);
	cr_assert(strstr(err.msg, "non è firmato"), "%s", err.msg);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(check(forged_tsl, "non un certificato", &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "certificato");
}
