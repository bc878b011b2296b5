/*
 * firma_cades.c - one level of a CAdES envelope with OpenSSL's CMS API:
 * each SignerInfo's signature over its signed attributes
 * (CMS_SignerInfo_verify) and the messageDigest attribute against the
 * content's digest (so that each signer gets its own verdict, which
 * CMS_verify's all-or-nothing answer would not give), the signing-time
 * attribute, the RFC 3161 token (firma_ts.c: a valid one is the reference
 * time), the certificate (firma_cert.c), the countersignatures
 * (firma_counter.c).  Chains are never checked by CMS
 * itself: the trust store is the trusted list's.
 */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "modules/firma/firma_int.h"

struct firma_keep {
	CMS_ContentInfo *cms;
};

void
firma_keep_free(struct firma_keep *k)
{
	if (!k)
		return;
	CMS_ContentInfo_free(k->cms);
	OPENSSL_free(k);
}

/* The signing-time attribute (UTCTime or GeneralizedTime), or 0. */
static int
signing_time(CMS_SignerInfo *si, char out[24], time_t *t)
{
	int loc = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	X509_ATTRIBUTE *a;
	ASN1_TYPE *v;

	out[0] = '\0';
	if (loc < 0)
		return 0;
	a = CMS_signed_get_attr(si, loc);
	v = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
	if (!v ||
	    (v->type != V_ASN1_UTCTIME && v->type != V_ASN1_GENERALIZEDTIME))
		return 0;
	return firma_asn1_time((const ASN1_TIME *)v->value.asn1_string, out, t);
}

/* 1 when the messageDigest attribute equals the content's digest. */
static int
digest_matches(CMS_SignerInfo *si, X509_ALGOR *dig, const unsigned char *c,
               size_t clen)
{
	ASN1_OCTET_STRING *md = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	const ASN1_OBJECT *oid = NULL;
	const EVP_MD *alg;
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;

	if (!md || !dig)
		return 0;
	X509_ALGOR_get0(&oid, NULL, NULL, dig);
	alg = EVP_get_digestbyobj(oid);
	if (!alg || EVP_Digest(c, clen, h, &hl, alg, NULL) != 1)
		return 0;
	return (int)hl == ASN1_STRING_length(md) &&
	       CRYPTO_memcmp(h, ASN1_STRING_get0_data(md), hl) == 0;
}

static void
one_signer(CMS_SignerInfo *si, STACK_OF(X509) * certs, const unsigned char *c,
           size_t clen, int have_content, int livello,
           const struct firma_opts *o, struct firma_result *r)
{
	struct firma_signer *s;
	EVP_PKEY *pk = NULL;
	X509 *x = NULL;
	X509_ALGOR *dig = NULL, *sig = NULL;
	time_t st = 0, ref;
	int has_st;

	if (r->n >= FIRMA_SIGNERS_MAX) {
		r->troppi++;
		return;
	}
	s = &r->s[r->n++];
	memset(s, 0, sizeof(*s));
	s->livello = livello;
	s->valida = 1;
	CMS_SignerInfo_get0_algs(si, &pk, &x, &dig, &sig);
	has_st = signing_time(si, s->ora_firma, &st);
	firma_ts_check(si, o->trust, &s->marca);
	if (!x) {
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "certificato del firmatario assente");
		s->valida = 0;
		return;
	}
	if (CMS_signed_get_attr_count(si) <= 0)
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "firma senza attributi firmati (non CAdES)");
	else if (CMS_SignerInfo_verify(si) != 1)
		firma_motivo_add(
		    s->motivo, sizeof(s->motivo),
		    "contenuto alterato (firma non corrispondente)");
	else if (!have_content)
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "contenuto assente (firma staccata senza il "
		                 "file firmato)");
	else if (!digest_matches(si, dig, c, clen))
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "contenuto alterato");
	ERR_clear_error();
	/*
	 * The reference time: a valid RFC 3161 token's time (a third party
	 * attests the signature existed then), else the date asked for,
	 * else now.  The signing-time attribute is only the signer's claim.
	 */
	ref = o->data ? o->data : time(NULL);
	if (s->marca.valida) {
		firma_cert_check(s, x, certs, o->trust, s->marca.t, 1, o->ocsp);
	} else {
		/* an invalid token is reported in marca_temporale only */
		firma_cert_check(s, x, certs, o->trust, ref, o->data != 0,
		                 o->ocsp);
	}
	if (o->termine && has_st && st > o->termine)
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "firma successiva al termine");
	s->valida = s->motivo[0] == '\0';
	firma_counter_check(si, (int)(s - r->s), certs, ref, o->data != 0, o,
	                    r);
	ERR_clear_error();
}

int
firma_cades_level(const unsigned char *der, size_t len,
                  const unsigned char *det, size_t det_len, int livello,
                  const struct firma_opts *o, struct firma_result *r,
                  const unsigned char **inner, size_t *inner_len,
                  struct firma_keep **keep)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms;
	STACK_OF(CMS_SignerInfo) * sis;
	STACK_OF(X509) * certs;
	ASN1_OCTET_STRING **pos;
	const unsigned char *c = NULL;
	size_t clen = 0;
	int i, have = 0;

	*inner = NULL;
	*inner_len = 0;
	*keep = NULL;
	if (len == 0 || len > (size_t)LONG_MAX || der[0] != 0x30)
		return 0;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ERR_clear_error();
	if (!cms)
		return 0;
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		return 0;
	}
	if (CMS_is_detached(cms)) {
		if (det) {
			c = det;
			clen = det_len;
			have = 1;
		}
	} else {
		pos = CMS_get0_content(cms);
		if (pos && *pos) {
			c = ASN1_STRING_get0_data(*pos);
			clen = (size_t)ASN1_STRING_length(*pos);
			have = 1;
		}
	}
	certs = CMS_get1_certs(cms);
	CMS_set1_signers_certs(cms, NULL, 0);
	ERR_clear_error();
	sis = CMS_get0_SignerInfos(cms);
	if (!sis || sk_CMS_SignerInfo_num(sis) == 0)
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "busta senza firmatari");
	for (i = 0; sis && i < sk_CMS_SignerInfo_num(sis); i++)
		one_signer(sk_CMS_SignerInfo_value(sis, i), certs, c, clen,
		           have, livello, o, r);
	sk_X509_pop_free(certs, X509_free);
	if (have) {
		*keep = OPENSSL_zalloc(sizeof(**keep));
		if (*keep) {
			(*keep)->cms = cms;
			*inner = c;
			*inner_len = clen;
			return 1;
		}
	}
	CMS_ContentInfo_free(cms);
	return 1;
}
