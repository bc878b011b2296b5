/*
 * firma_test.c - the pure parts of the signature module: the trusted list
 * parser (a certificate made here with OpenSSL's API; statuses other than
 * granted ignored; not XML, no service, an external entity and an entity
 * bomb refused without reading a file or blowing up) and the verifier's
 * answers on inputs that are not signatures or are too large to verify.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "core/sbuf.h"
#include "modules/firma/firma.h"

/* A self-signed certificate's DER in base64 (into out, cap bytes). */
static void
cert_b64(char *out, size_t cap)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *n;
	unsigned char *der = NULL;
	int len;

	cr_assert(k && x);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, k);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	                           (const unsigned char *)"CA di prova", -1, -1,
	                           0);
	X509_set_issuer_name(x, n);
	cr_assert(X509_sign(x, k, EVP_sha256()) > 0);
	len = i2d_X509(x, &der);
	cr_assert(len > 0);
	sodium_bin2base64(out, cap, der, (size_t)len,
	                  sodium_base64_VARIANT_ORIGINAL);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(k);
}

static void
tsl(struct sbuf *sb, const char *status, const char *cert)
{
	sbuf_addf(
	    sb,
	    "<?xml version=\"1.0\"?>"
	    "<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\">"
	    "<SchemeInformation><SchemeTerritory>IT</SchemeTerritory>"
	    "<ListIssueDateTime>2026-11-30T00:00:00Z</ListIssueDateTime>"
	    "</SchemeInformation><TrustServiceProviderList>"
	    "<TrustServiceProvider><TSPServices><TSPService>"
	    "<ServiceInformation><ServiceTypeIdentifier>"
	    "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
	    "</ServiceTypeIdentifier><ServiceDigitalIdentity><DigitalId>"
	    "<X509Certificate>%s</X509Certificate></DigitalId>"
	    "</ServiceDigitalIdentity><ServiceStatus>"
	    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/%s"
	    "</ServiceStatus></ServiceInformation></TSPService>"
	    "</TSPServices></TrustServiceProvider>"
	    "</TrustServiceProviderList></TrustServiceStatusList>",
	    cert, status);
}

Test(firma_tsl, granted_ca_qc_kept)
{
	char b64[2048];
	struct sbuf sb = SBUF_INIT(1 << 16);
	struct firma_trust *t = NULL;
	struct av_err err = AV_ERR_INIT;

	cert_b64(b64, sizeof(b64));
	tsl(&sb, "granted", b64);
	cr_assert_eq(firma_trust_parse(sb.buf, sb.len, &t, &err), AV_OK, "%s",
	             err.msg);
	cr_assert_eq(firma_trust_count(t), 1);
	cr_assert_str_eq(firma_trust_territorio(t), "IT");
	cr_assert_str_eq(firma_trust_emesso(t), "2026-11-30T00:00:00Z");
	firma_trust_free(t);
	sbuf_release(&sb);
}

Test(firma_tsl, withdrawn_and_broken_refused)
{
	char b64[2048];
	struct sbuf sb = SBUF_INIT(1 << 16);
	struct firma_trust *t = NULL;
	struct av_err err = AV_ERR_INIT;

	cert_b64(b64, sizeof(b64));
	tsl(&sb, "withdrawn", b64);
	cr_assert_eq(firma_trust_parse(sb.buf, sb.len, &t, &err), AV_EINVAL);
	cr_assert_null(t);
	cr_assert_str_eq(err.field, "tsl");
	sbuf_reset(&sb);
	av_err_clear(&err);
	tsl(&sb, "granted", "bm9uIMOoIHVuIGNlcnRpZmljYXRv"); /* not a cert */
	cr_assert_eq(firma_trust_parse(sb.buf, sb.len, &t, &err), AV_EINVAL);
	av_err_clear(&err);
	cr_assert_eq(firma_trust_parse("<a", 2, &t, &err), AV_EINVAL);
	cr_assert(strstr(err.msg, "XML") != NULL);
	sbuf_release(&sb);
}

Test(firma_tsl, entities_not_expanded)
{
	/* an external entity naming a local file, and an entity bomb */
	static const char *const docs[] = {
	    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
	    "\"file:///etc/hostname\">]>"
	    "<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\">"
	    "&e;</TrustServiceStatusList>",
	    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
	    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
	    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
	    "<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\">"
	    "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</TrustServiceStatusList>",
	};
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct firma_trust *t = NULL;
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(
		    firma_trust_parse(docs[i], strlen(docs[i]), &t, &err),
		    AV_EINVAL, "doc %zu", i);
		cr_assert_null(t);
	}
}

/* The verdict and top-level motivo of buf (len bytes) as JSON. */
static json_t *
verify(const void *buf, size_t len, struct firma_summary *s)
{
	struct firma_opts o = {0};
	struct sbuf out = SBUF_INIT(FIRMA_JSON_MAX);
	struct av_err err = AV_ERR_INIT;
	json_t *v;

	cr_assert_eq(firma_verifica_mem(buf, len, &o, &out, s, &err), AV_OK);
	v = json_loadb(out.buf, out.len, 0, NULL);
	cr_assert(json_is_object(v), "%s", out.buf);
	sbuf_release(&out);
	return v;
}

Test(firma_verifica, not_signatures)
{
	static const unsigned char der_int[] = {0x02, 0x01, 0x05};
	static const unsigned char seq_lie[] = {0x30, 0x84, 0x7f, 0xff,
	                                        0xff, 0xff, 0x06, 0x00};
	static const unsigned char data_ci[] = {
	    /* ContentInfo { id-data, [0] OCTET STRING "x" }: not SignedData */
	    0x30, 0x12, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
	    0x01, 0x07, 0x01, 0xa0, 0x05, 0x04, 0x03, 'a',  'b',  'c'};
	const struct {
		const void *b;
		size_t n;
	} in[] = {{"", 0},
	          {"testo semplice", 14},
	          {der_int, sizeof(der_int)},
	          {seq_lie, sizeof(seq_lie)},
	          {data_ci, sizeof(data_ci)}};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct firma_summary s;
		json_t *v = verify(in[i].b, in[i].n, &s);

		cr_assert_eq(s.firmato, 0, "input %zu", i);
		cr_assert_eq(s.valida, 0);
		cr_assert(json_is_false(json_object_get(v, "valida")));
		cr_assert_eq(json_array_size(json_object_get(v, "firmatari")),
		             0);
		cr_assert(strstr(s.motivo, "non è una busta firmata") != NULL,
		          "%s", s.motivo);
		json_decref(v);
	}
}

Test(firma_verifica, too_large_refused_unread)
{
	struct firma_summary s;
	/* NULL buffer: past the limit nothing is read */
	json_t *v = verify(NULL, (size_t)FIRMA_FILE_MAX + 1, &s);

	cr_assert_eq(s.valida, 0);
	cr_assert_str_eq(json_string_value(json_object_get(v, "motivo")),
	                 "file troppo grande per la verifica (oltre 128 MiB)");
	json_decref(v);
}

Test(firma_verifica, pdf_without_signature)
{
	static const char pdf[] = "%PDF-1.4\n/ByteRange [0 1 2]\n%%EOF\n";
	struct firma_summary s;
	json_t *v = verify(pdf, sizeof(pdf) - 1, &s);

	cr_assert_str_eq(json_string_value(json_object_get(v, "formato")),
	                 "PAdES");
	cr_assert_str_eq(s.motivo, "il PDF non contiene firme digitali");
	json_decref(v);
}
