/*
 * saml_cie_test.c - the CIE settings' shapes (codice catastale, sigla) and
 * the CIE metadata builder: well-formed XML whatever the names hold, the
 * contact and extensions CIE's schema wants, CIE's attributes only.  The
 * XML is read back with libxml2's XPath, not by string search.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "core/sbuf.h"
#include "identity/saml.h"
#include "identity/saml_cie.h"

Test(saml_cie, comune_and_provincia_shapes)
{
	cr_assert(saml_cie_comune_ok("H501"));
	cr_assert(saml_cie_comune_ok("Z404"));
	cr_assert(!saml_cie_comune_ok("h501"));
	cr_assert(!saml_cie_comune_ok("H5012"));
	cr_assert(!saml_cie_comune_ok("H50"));
	cr_assert(!saml_cie_comune_ok("5501"));
	cr_assert(!saml_cie_comune_ok(""));
	cr_assert(saml_cie_provincia_ok(""));
	cr_assert(saml_cie_provincia_ok("RM"));
	cr_assert(!saml_cie_provincia_ok("Rm"));
	cr_assert(!saml_cie_provincia_ok("ROM"));
}

static const char CERT[] = "-----BEGIN CERTIFICATE-----\nQUJD\nREVG\n"
                           "-----END CERTIFICATE-----\n";

static double
count(xmlXPathContextPtr xp, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, xp);
	double n = o ? xmlXPathCastToNumber(o) : -1;

	xmlXPathFreeObject(o);
	return n;
}

Test(saml_cie, metadata_shape)
{
	struct saml_settings s;
	struct sbuf md = SBUF_INIT(1 << 20);
	struct av_err err = AV_ERR_INIT;
	xmlDocPtr doc;
	xmlXPathContextPtr xp;

	memset(&s, 0, sizeof(s));
	str_copy(s.entity_id, sizeof(s.entity_id), "https://sp.example.it/md");
	str_copy(s.base_url, sizeof(s.base_url), "https://sp.example.it");
	str_copy(s.org_name, sizeof(s.org_name), "Provincia di A & B <prova>");
	str_copy(s.org_url, sizeof(s.org_url), "https://www.example.it");
	str_copy(s.ipa_code, sizeof(s.ipa_code), "c_d969");
	str_copy(s.email, sizeof(s.email), "spid@example.it");
	str_copy(s.cie_comune, sizeof(s.cie_comune), "H501");
	cr_assert_eq(saml_cie_metadata_build(&s, CERT, &md, &err), AV_OK);
	doc = xmlReadMemory(md.buf, (int)md.len, NULL, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "not well-formed: %s", md.buf);
	xp = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(xp, BAD_CAST "md",
	                   BAD_CAST "urn:oasis:names:tc:SAML:2.0:metadata");
	xmlXPathRegisterNs(
	    xp, BAD_CAST "cie",
	    BAD_CAST
	    "https://www.cartaidentita.interno.gov.it/saml-extensions");
	cr_assert_eq(count(xp, "count(//md:ContactPerson)"), 1);
	cr_assert_eq(count(xp, "count(//md:ContactPerson[@contactType="
	                       "'administrative']/md:Extensions/cie:Public)"),
	             1);
	cr_assert_eq(count(xp, "count(//cie:Municipality[.='H501'])"), 1);
	cr_assert_eq(count(xp, "count(//cie:IPACode[.='c_d969'])"), 1);
	cr_assert_eq(count(xp, "count(//cie:Province)"), 0);
	cr_assert_eq(
	    count(xp, "count(//md:Company[.='Provincia di A & B <prova>'])"),
	    1);
	cr_assert_eq(count(xp, "count(//md:RequestedAttribute)"), 4);
	cr_assert_eq(count(xp, "count(//md:RequestedAttribute[@Name='email'])"),
	             0);
	cr_assert_eq(count(xp, "count(//md:RequestedAttribute[@Name="
	                       "'dateOfBirth'])"),
	             1);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);
	sbuf_release(&md);
}
