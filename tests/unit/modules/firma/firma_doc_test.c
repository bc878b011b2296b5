/*
 * firma_doc_test.c - the head check an upload of application/octet-stream
 * must pass to be taken as a .p7m (firma_is_cms_signed): a real CMS
 * SignedData made here with OpenSSL's CMS API (DER, and its first bytes
 * only) is one; the same with the contentType's last arc changed, another
 * CMS type (enveloped-data's OID), a too-long length form, an ELF head, a
 * text and short inputs are not.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "modules/firma/firma_doc.h"

/* A CMS SignedData (attached) over "ciao" by a throw-away key, as DER. */
static int
signed_der(unsigned char **out)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *n;
	BIO *in;
	CMS_ContentInfo *cms;
	int len;

	cr_assert(k && x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, k);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	                           (const unsigned char *)"Prova", -1, -1, 0);
	X509_set_issuer_name(x, n);
	cr_assert(X509_sign(x, k, EVP_sha256()) > 0);
	in = BIO_new_mem_buf("ciao", 4);
	cms = CMS_sign(x, k, NULL, in, CMS_BINARY);
	cr_assert(cms != NULL);
	*out = NULL;
	len = i2d_CMS_ContentInfo(cms, out);
	cr_assert(len > 32);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	X509_free(x);
	EVP_PKEY_free(k);
	return len;
}

Test(firma_doc, a_real_signed_data_head_is_recognised)
{
	unsigned char *der = NULL;
	int len = signed_der(&der);

	cr_assert(firma_is_cms_signed(der, (size_t)len));
	cr_assert(firma_is_cms_signed(der, 32), "the first 32 bytes suffice");
	der[der[1] == 0x82 ? 4 + 10 : 2 + 10] ^= 0x01; /* 1.7.2 -> 1.7.3 */
	cr_assert(!firma_is_cms_signed(der, (size_t)len));
	OPENSSL_free(der);
}

Test(firma_doc, other_heads_are_not)
{
	static const unsigned char enveloped[] = {0x30, 0x80, 0x06, 0x09, 0x2a,
	                                          0x86, 0x48, 0x86, 0xf7, 0x0d,
	                                          0x01, 0x07, 0x03, 0xa0, 0x80};
	static const unsigned char indefinite[] = {
	    0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
	    0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80};
	static const unsigned char five[] = {
	    0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00, 0x06, 0x09,
	    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02};
	static const unsigned char elf[] = {0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0};

	cr_assert(firma_is_cms_signed(indefinite, sizeof(indefinite)),
	          "BER indefinite length, as some signing tools write");
	cr_assert(!firma_is_cms_signed(enveloped, sizeof(enveloped)));
	cr_assert(!firma_is_cms_signed(five, sizeof(five)));
	cr_assert(!firma_is_cms_signed(elf, sizeof(elf)));
	cr_assert(
	    !firma_is_cms_signed((const unsigned char *)"codice;alunni\n", 14));
	cr_assert(!firma_is_cms_signed(indefinite, 12), "truncated");
	cr_assert(!firma_is_cms_signed(indefinite, 1));
	cr_assert(!firma_is_cms_signed(indefinite, 0));
}
