/*
 * firma_counter.c - countersignatures (CMS, RFC 5652 11.4): each
 * countersignature unsigned attribute of a SignerInfo is itself a
 * SignerInfo whose messageDigest attribute is the hash of the
 * countersigned signature value.  OpenSSL 3.0 has no public decoder for a
 * CMS SignerInfo; a SignerInfo whose signer is named by issuer and serial
 * number (version 1, what Italian signing tools write) has exactly the
 * PKCS#7 encoding, and libcrypto exports that one: d2i_PKCS7_SIGNER_INFO.
 * Its signature is verified over the signed attributes encoded as
 * received with the SET OF tag (PKCS7_ATTR_VERIFY, as PKCS7_signatureVerify
 * does), the counter-signer's certificate taken from the envelope and
 * checked like any signer's.  A countersignature naming its signer by
 * subjectKeyIdentifier does not decode and is reported as not verifiable.
 */
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "modules/firma/firma_int.h"

/* The countersignature's own signature over its signed attributes. */
static int
attrs_signature_ok(PKCS7_SIGNER_INFO *ci, X509 *x, const EVP_MD *md)
{
	unsigned char *abuf = NULL;
	int alen, ok = 0;
	EVP_MD_CTX *ctx;

	alen = ASN1_item_i2d((ASN1_VALUE *)ci->auth_attr, &abuf,
	                     ASN1_ITEM_rptr(PKCS7_ATTR_VERIFY));
	ctx = EVP_MD_CTX_new();
	if (alen > 0 && ctx &&
	    EVP_DigestVerifyInit(ctx, NULL, md, NULL, X509_get0_pubkey(x)) ==
	        1 &&
	    EVP_DigestVerify(ctx, ASN1_STRING_get0_data(ci->enc_digest),
	                     (size_t)ASN1_STRING_length(ci->enc_digest), abuf,
	                     (size_t)alen) == 1)
		ok = 1;
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(abuf);
	ERR_clear_error();
	return ok;
}

/* The messageDigest attribute against the countersigned signature value. */
static int
digest_ok(PKCS7_SIGNER_INFO *ci, const EVP_MD *md,
          const ASN1_OCTET_STRING *countersigned)
{
	ASN1_OCTET_STRING *want = PKCS7_digest_from_attributes(ci->auth_attr);
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;

	if (!want || !countersigned ||
	    EVP_Digest(ASN1_STRING_get0_data(countersigned),
	               (size_t)ASN1_STRING_length(countersigned), h, &hl, md,
	               NULL) != 1)
		return 0;
	return (int)hl == ASN1_STRING_length(want) &&
	       CRYPTO_memcmp(h, ASN1_STRING_get0_data(want), hl) == 0;
}

/* One countersignature (the attribute value's DER) into c. */
static void
one_counter(const unsigned char *der, long len,
            const ASN1_OCTET_STRING *countersigned, STACK_OF(X509) * certs,
            time_t ref, int ref_is_signing, const struct firma_opts *o,
            struct firma_signer *c)
{
	const unsigned char *p = der;
	PKCS7_SIGNER_INFO *ci = d2i_PKCS7_SIGNER_INFO(NULL, &p, len);
	const EVP_MD *md = NULL;
	ASN1_TYPE *st;
	X509 *x = NULL;

	c->valida = 1;
	if (!ci || !ci->issuer_and_serial) {
		firma_motivo_add(c->motivo, sizeof(c->motivo),
		                 "controfirma in un formato non verificabile");
		goto out;
	}
	x = X509_find_by_issuer_and_serial(certs, ci->issuer_and_serial->issuer,
	                                   ci->issuer_and_serial->serial);
	if (!x) {
		firma_motivo_add(c->motivo, sizeof(c->motivo),
		                 "certificato del firmatario assente");
		goto out;
	}
	st = PKCS7_get_signed_attribute(ci, NID_pkcs9_signingTime);
	if (st &&
	    (st->type == V_ASN1_UTCTIME || st->type == V_ASN1_GENERALIZEDTIME))
		firma_asn1_time((const ASN1_TIME *)st->value.asn1_string,
		                c->ora_firma, NULL);
	md = EVP_get_digestbyobj(ci->digest_alg->algorithm);
	if (!md || sk_X509_ATTRIBUTE_num(ci->auth_attr) <= 0)
		firma_motivo_add(c->motivo, sizeof(c->motivo),
		                 "firma senza attributi firmati (non CAdES)");
	else if (!attrs_signature_ok(ci, x, md))
		firma_motivo_add(
		    c->motivo, sizeof(c->motivo),
		    "contenuto alterato (firma non corrispondente)");
	else if (!digest_ok(ci, md, countersigned))
		firma_motivo_add(c->motivo, sizeof(c->motivo),
		                 "controfirma non riferita a questa firma");
	firma_cert_check(c, x, certs, o->trust, ref, ref_is_signing, o->ocsp);
out:
	c->valida = c->motivo[0] == '\0';
	PKCS7_SIGNER_INFO_free(ci);
	ERR_clear_error();
}

void
firma_counter_check(CMS_SignerInfo *si, int parent, STACK_OF(X509) * certs,
                    time_t ref, int ref_is_signing, const struct firma_opts *o,
                    struct firma_result *r)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	int loc = -1, i;

	while ((loc = CMS_unsigned_get_attr_by_NID(
	            si, NID_pkcs9_countersignature, loc)) >= 0) {
		X509_ATTRIBUTE *a = CMS_unsigned_get_attr(si, loc);

		for (i = 0; a && i < X509_ATTRIBUTE_count(a); i++) {
			ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, i);
			struct firma_signer *c;

			r->s[parent].controfirme++;
			if (r->cn >= FIRMA_SIGNERS_MAX) {
				r->troppi++;
				continue;
			}
			c = &r->c[r->cn++];
			memset(c, 0, sizeof(*c));
			c->livello = r->s[parent].livello;
			c->padre = parent;
			if (!v || v->type != V_ASN1_SEQUENCE) {
				firma_motivo_add(c->motivo, sizeof(c->motivo),
				                 "controfirma illeggibile");
				continue;
			}
			one_counter(v->value.sequence->data,
			            v->value.sequence->length, sig, certs, ref,
			            ref_is_signing, o, c);
		}
	}
}
