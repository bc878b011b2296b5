/*
 * saml_cie.c - the SP metadata for the CIE federation ("Entra con CIE",
 * the Ministry of the Interior's CIE ID over SAML 2.0).  Same entityID,
 * key, ACS and SLO as the SPID metadata (one SP, two federations), but
 * CIE's rules differ from SPID's and AgID's validator checks them
 * (`spid-sp-test --profile cie-sp-public`):
 *   - the contact is contactType="administrative" with md:Company, and its
 *     Extensions use CIE's namespace: cie:Public, cie:IPACode,
 *     cie:Municipality (codice catastale of the seat), cie:Province,
 *     cie:Country;
 *   - at most two ContactPerson, Signature first;
 *   - the attributes asked are among CIE's (fiscalNumber, name,
 *     familyName, dateOfBirth): no e-mail.
 * Built and signed once at start (saml_cie_configure), served as is by
 * GET /api/v1/auth/saml/metadata-cie; read-only afterwards.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "identity/saml.h"
#include "identity/saml_cie.h"

#define CIE_NS "https://www.cartaidentita.interno.gov.it/saml-extensions"

static char *cie_md; /* signed, owned until exit */
static size_t cie_md_len;

int
saml_cie_comune_ok(const char *s)
{
	/* Codice catastale: a letter and three digits (H501, Z404...). */
	return strlen(s) == 4 && isupper((unsigned char)s[0]) &&
	       isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	       isdigit((unsigned char)s[3]);
}

int
saml_cie_provincia_ok(const char *s)
{
	return s[0] == '\0' ||
	       (strlen(s) == 2 && isupper((unsigned char)s[0]) &&
	        isupper((unsigned char)s[1]));
}

int
saml_cie_check(const struct saml_settings *s, struct av_err *err)
{
	if (s->cie_comune[0] && !saml_cie_comune_ok(s->cie_comune))
		return av_fail(err, AV_EINVAL, "cie_comune",
		               "Il comune per CIE è il codice catastale: una"
		               " lettera maiuscola e tre cifre (es. H501).");
	if (!saml_cie_provincia_ok(s->cie_prov))
		return av_fail(err, AV_EINVAL, "cie_provincia",
		               "La provincia per CIE è la sigla di due lettere"
		               " maiuscole (es. RM).");
	if (s->cie_prov[0] && !s->cie_comune[0])
		return av_fail(err, AV_EINVAL, "cie_comune",
		               "Indicare anche il comune (codice catastale)"
		               " per il metadata CIE.");
	return AV_OK;
}

/* The base64 body of the first certificate of a PEM text. */
static int
cert_body(const char *pem, struct sbuf *out)
{
	const char *p = pem ? strstr(pem, "-----BEGIN CERTIFICATE-----") : NULL;
	const char *e = p ? strstr(p, "-----END CERTIFICATE-----") : NULL;

	if (p == NULL || e == NULL)
		return -1;
	for (p += 27; p < e; p++)
		if (*p != '\n' && *p != '\r' && *p != ' ')
			sbuf_addch(out, *p);
	return sbuf_err(out) ? -1 : 0;
}

static const char *const cie_attrs[] = {"fiscalNumber", "name", "familyName",
                                        "dateOfBirth"};

/* elem with escaped text: "<md:X xml:lang="it">text</md:X>". */
static void
add_el(struct sbuf *md, const char *name, const char *lang, const char *text)
{
	sbuf_addf(md, "<%s", name);
	if (lang != NULL)
		sbuf_addf(md, " xml:lang=\"%s\"", lang);
	sbuf_addch(md, '>');
	sbuf_add_html_escaped(md, text);
	sbuf_addf(md, "</%s>", name);
}

int
saml_cie_metadata_build(const struct saml_settings *s, const char *cert_pem,
                        struct sbuf *md, struct av_err *err)
{
	struct sbuf cert = SBUF_INIT(65536);
	size_t i;

	if (cert_body(cert_pem, &cert) != 0) {
		sbuf_release(&cert);
		return av_fail(err, AV_EINVAL, "certificato",
		               "Il certificato del Service Provider non è un"
		               " PEM valido.");
	}
	sbuf_addstr(md, "<md:EntityDescriptor"
	                " xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
	                " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
	                " xmlns:cie=\"" CIE_NS "\" entityID=\"");
	sbuf_add_html_escaped(md, s->entity_id);
	sbuf_addf(md,
	          "\" ID=\"_areavasta-sp-metadata-cie\">"
	          "<md:SPSSODescriptor"
	          " protocolSupportEnumeration="
	          "\"urn:oasis:names:tc:SAML:2.0:protocol\""
	          " AuthnRequestsSigned=\"true\" WantAssertionsSigned=\"true\">"
	          "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
	          "<ds:X509Certificate>%s</ds:X509Certificate>"
	          "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>",
	          cert.buf);
	sbuf_release(&cert);
	sbuf_addstr(md, "<md:SingleLogoutService Binding="
	                "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
	                " Location=\"");
	sbuf_add_html_escaped(md, s->base_url);
	sbuf_addstr(md, "/api/v1/auth/saml/slo\"/>"
	                "<md:SingleLogoutService Binding="
	                "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
	                " Location=\"");
	sbuf_add_html_escaped(md, s->base_url);
	sbuf_addstr(
	    md, "/api/v1/auth/saml/slo\"/>"
	        "<md:NameIDFormat>"
	        "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	        "</md:NameIDFormat>"
	        "<md:AssertionConsumerService index=\"0\" isDefault=\"true\""
	        " Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
	        " Location=\"");
	sbuf_add_html_escaped(md, s->base_url);
	sbuf_addstr(md, "/api/v1/auth/saml/acs\"/>"
	                "<md:AttributeConsumingService index=\"0\">");
	add_el(md, "md:ServiceName", "it", s->org_name);
	for (i = 0; i < sizeof(cie_attrs) / sizeof(cie_attrs[0]); i++)
		sbuf_addf(md, "<md:RequestedAttribute Name=\"%s\"/>",
		          cie_attrs[i]);
	sbuf_addstr(md, "</md:AttributeConsumingService></md:SPSSODescriptor>"
	                "<md:Organization>");
	add_el(md, "md:OrganizationName", "it", s->org_name);
	add_el(md, "md:OrganizationDisplayName", "it", s->org_name);
	add_el(md, "md:OrganizationURL", "it", s->org_url);
	sbuf_addstr(md, "</md:Organization>"
	                "<md:ContactPerson contactType=\"administrative\">"
	                "<md:Extensions><cie:Public/>");
	add_el(md, "cie:IPACode", NULL, s->ipa_code);
	add_el(md, "cie:Municipality", NULL, s->cie_comune);
	if (s->cie_prov[0])
		add_el(md, "cie:Province", NULL, s->cie_prov);
	add_el(md, "cie:Country", NULL, "IT");
	sbuf_addstr(md, "</md:Extensions>");
	add_el(md, "md:Company", NULL, s->org_name);
	add_el(md, "md:EmailAddress", NULL, s->email);
	if (s->phone[0])
		add_el(md, "md:TelephoneNumber", NULL, s->phone);
	sbuf_addstr(md, "</md:ContactPerson></md:EntityDescriptor>");
	if (sbuf_err(md))
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Metadata CIE troppo grande.");
	return AV_OK;
}

int
saml_cie_configure(const struct saml_settings *s, const char *cert_pem,
                   struct av_err *err)
{
	struct sbuf md = SBUF_INIT(1 << 20);

	if (s->cie_comune[0] == '\0')
		return AV_OK; /* CIE's metadata not asked for */
	if (saml_cie_metadata_build(s, cert_pem, &md, err) != AV_OK) {
		sbuf_release(&md);
		return err->code;
	}
	cie_md = saml_metadata_sign(md.buf, s->key_path, s->cert_path, err);
	sbuf_release(&md);
	if (cie_md == NULL)
		return err->code;
	cie_md_len = strlen(cie_md);
	return AV_OK;
}

const char *
saml_metadata_cie(size_t *len)
{
	if (cie_md == NULL || !saml_enabled())
		return NULL;
	*len = cie_md_len;
	return cie_md;
}
