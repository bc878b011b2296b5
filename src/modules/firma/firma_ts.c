/*
 * firma_ts.c - the RFC 3161 timestamp token a CAdES-T signature carries
 * as its signature-time-stamp unsigned attribute (id-aa-timeStampToken):
 * verified with OpenSSL's TS API against the signer's signature value
 * (the token's imprint is the hash of that value), the token's own
 * signature and its TSA certificate chained to a TSA/QTST service of the
 * trusted list at the token's time.  A valid token is the reference time
 * of the signer's certificate checks: unlike the signing-time attribute,
 * it is a third party's statement.
 */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "modules/firma/firma_int.h"

/* The TSA's name: the subject of the certificate that signed the token. */
static void
tsa_name(PKCS7 *tok, char *out, size_t cap)
{
	STACK_OF(X509) *signers = PKCS7_get0_signers(tok, NULL, 0);

	out[0] = '\0';
	if (signers && sk_X509_num(signers) > 0)
		firma_name_line(
		    X509_get_subject_name(sk_X509_value(signers, 0)), out, cap);
	sk_X509_free(signers);
	ERR_clear_error();
}

/* A store of the list's TSA/QTST certificates only, checked at time t. */
static X509_STORE *
tsa_store(const struct firma_trust *t, time_t at)
{
	X509_STORE *st = X509_STORE_new();
	int i;

	if (!st)
		return NULL;
	for (i = 0; t && t->tsa && i < sk_X509_num(t->tsa); i++)
		X509_STORE_add_cert(st, sk_X509_value(t->tsa, i));
	X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN);
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(st), at);
	return st;
}

/* TS_RESP_verify_token with flags (store only when asked); 1 when good. */
static int
ts_verify(PKCS7 *tok, const ASN1_OCTET_STRING *sig, int flags,
          const struct firma_trust *t, time_t at)
{
	TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
	BIO *data;
	X509_STORE *st = NULL;
	int ok = 0;

	if (!ctx)
		return 0;
	data = BIO_new_mem_buf(ASN1_STRING_get0_data(sig),
	                       ASN1_STRING_length(sig));
	if (!data)
		goto out;
	TS_VERIFY_CTX_set_flags(ctx, flags | TS_VFY_DATA | TS_VFY_VERSION);
	TS_VERIFY_CTX_set_data(ctx, data); /* owned by ctx */
	if (flags & TS_VFY_SIGNATURE) {
		st = tsa_store(t, at);
		if (!st)
			goto out;
		TS_VERIFY_CTX_set_store(ctx, st); /* owned by ctx */
	}
	ok = TS_RESP_verify_token(ctx, tok) == 1;
out:
	TS_VERIFY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

int
firma_ts_check(CMS_SignerInfo *si, const struct firma_trust *t,
               struct firma_marca *m)
{
	int loc = CMS_unsigned_get_attr_by_NID(
	    si, NID_id_smime_aa_timeStampToken, -1);
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	X509_ATTRIBUTE *a;
	ASN1_TYPE *v;
	PKCS7 *tok = NULL;
	TS_TST_INFO *tst = NULL;
	const unsigned char *p;

	memset(m, 0, sizeof(*m));
	if (loc < 0)
		return 0;
	m->presente = 1;
	a = CMS_unsigned_get_attr(si, loc);
	v = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
	if (v && v->type == V_ASN1_SEQUENCE) {
		p = v->value.sequence->data;
		tok = d2i_PKCS7(NULL, &p, v->value.sequence->length);
	}
	tst = tok ? PKCS7_to_TS_TST_INFO(tok) : NULL;
	if (!tst || !sig ||
	    !firma_asn1_time(TS_TST_INFO_get_time(tst), m->ora, &m->t)) {
		str_copy(m->motivo, sizeof(m->motivo),
		         "marca temporale illeggibile");
		goto out;
	}
	tsa_name(tok, m->emittente, sizeof(m->emittente));
	if (!ts_verify(tok, sig, 0, t, m->t)) {
		str_copy(m->motivo, sizeof(m->motivo),
		         "marca temporale non riferita a questa firma");
		goto out;
	}
	if (!t || !t->tsa || sk_X509_num(t->tsa) == 0 ||
	    !ts_verify(tok, sig, TS_VFY_SIGNATURE, t, m->t)) {
		/* the token's own signature, without any trust decision */
		if (PKCS7_verify(tok, NULL, NULL, NULL, NULL,
		                 PKCS7_NOVERIFY | PKCS7_NOCHAIN) != 1)
			str_copy(m->motivo, sizeof(m->motivo),
			         "marca temporale alterata");
		else
			str_copy(m->motivo, sizeof(m->motivo),
			         "emittente della marca temporale non "
			         "attendibile");
		goto out;
	}
	m->valida = 1;
out:
	TS_TST_INFO_free(tst);
	PKCS7_free(tok);
	ERR_clear_error();
	return 1;
}
