/*
 * firma_cert.c - what a signer's certificate says and whether it can be
 * relied on: the Italian-style subject (CN, serialNumber TINIT-<codice
 * fiscale>, O), the chain to a service of the trusted list at the
 * reference time, the key usage a signature needs (nonRepudiation), the
 * QC statement that makes it qualified, and what is known of revocation.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/sbuf.h"
#include "modules/firma/firma_int.h"

void
firma_motivo_add(char *motivo, size_t cap, const char *reason)
{
	size_t n = strlen(motivo);

	if (strstr(motivo, reason))
		return;
	if (n > 0 && n + 2 < cap) {
		str_copy(motivo + n, cap - n, "; ");
		n += 2;
	}
	if (n < cap)
		str_copy(motivo + n, cap - n, reason);
}

/* A broken-down UTC time as "AAAA-MM-GGThh:mm:ssZ" (cut to 23 bytes). */
static void
tm_iso(const struct tm *tm, char out[24])
{
	char tmp[96];

	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	         tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
	         tm->tm_min, tm->tm_sec);
	str_copy(out, 24, tmp);
}

void
firma_time_iso(time_t t, char out[24])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		out[0] = '\0';
		return;
	}
	tm_iso(&tm, out);
}

int
firma_asn1_time(const ASN1_TIME *a, char out[24], time_t *t)
{
	struct tm tm;

	out[0] = '\0';
	if (!a || ASN1_TIME_to_tm(a, &tm) != 1)
		return 0;
	if (t)
		*t = timegm(&tm);
	tm_iso(&tm, out);
	return 1;
}

/* The UTF-8 text of the first entry nid of name, bounded. */
static void
name_entry(const X509_NAME *name, int nid, char *out, size_t cap)
{
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	unsigned char *utf8 = NULL;
	int n;

	out[0] = '\0';
	if (i < 0)
		return;
	n = ASN1_STRING_to_UTF8(
	    &utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n < 0)
		return;
	if ((size_t)n >= cap)
		n = (int)cap - 1;
	memcpy(out, utf8, (size_t)n);
	out[n] = '\0';
	OPENSSL_free(utf8);
}

/* The name as one RFC 2253 line, UTF-8 kept. */
void
firma_name_line(const X509_NAME *name, char *out, size_t cap)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p = NULL;
	long n;

	out[0] = '\0';
	if (!b)
		return;
	if (X509_NAME_print_ex(b, name, 0,
	                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		n = BIO_get_mem_data(b, &p);
		if (n > 0 && p) {
			if ((size_t)n >= cap)
				n = (long)cap - 1;
			memcpy(out, p, (size_t)n);
			out[n] = '\0';
		}
	}
	BIO_free(b);
}

/*
 * 1 when the certificate carries qcStatements with id-etsi-qcs-QcCompliance
 * (0.4.0.1862.1.1): the extension is a SEQUENCE OF SEQUENCE {OID, ...},
 * read with OpenSSL's own DER decoder.
 */
static int
qc_compliance(X509 *x)
{
	int loc = X509_get_ext_by_NID(x, NID_qcStatements, -1);
	ASN1_OCTET_STRING *data;
	ASN1_SEQUENCE_ANY *outer = NULL, *inner;
	ASN1_OBJECT *want;
	const unsigned char *p;
	int i, found = 0;

	if (loc < 0)
		return 0;
	data = X509_EXTENSION_get_data(X509_get_ext(x, loc));
	p = ASN1_STRING_get0_data(data);
	outer = d2i_ASN1_SEQUENCE_ANY(NULL, &p, ASN1_STRING_length(data));
	want = OBJ_txt2obj("0.4.0.1862.1.1", 1);
	for (i = 0; outer && want && i < sk_ASN1_TYPE_num(outer) && !found;
	     i++) {
		ASN1_TYPE *st = sk_ASN1_TYPE_value(outer, i);
		const unsigned char *q;
		ASN1_TYPE *first;

		if (ASN1_TYPE_get(st) != V_ASN1_SEQUENCE)
			continue;
		q = st->value.sequence->data;
		inner =
		    d2i_ASN1_SEQUENCE_ANY(NULL, &q, st->value.sequence->length);
		if (!inner)
			continue;
		first = sk_ASN1_TYPE_num(inner) > 0
		            ? sk_ASN1_TYPE_value(inner, 0)
		            : NULL;
		if (first && ASN1_TYPE_get(first) == V_ASN1_OBJECT &&
		    OBJ_cmp(first->value.object, want) == 0)
			found = 1;
		sk_ASN1_TYPE_pop_free(inner, ASN1_TYPE_free);
	}
	sk_ASN1_TYPE_pop_free(outer, ASN1_TYPE_free);
	ASN1_OBJECT_free(want);
	return found;
}

static void
key_usage_text(X509 *x, char *out, size_t cap)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} ku[] = {
	    {KU_DIGITAL_SIGNATURE, "digitalSignature"},
	    {KU_NON_REPUDIATION, "nonRepudiation"},
	    {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
	    {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
	    {KU_KEY_AGREEMENT, "keyAgreement"},
	    {KU_KEY_CERT_SIGN, "keyCertSign"},
	    {KU_CRL_SIGN, "cRLSign"},
	};
	uint32_t v = X509_get_key_usage(x);
	struct sbuf sb;
	size_t i;

	out[0] = '\0';
	if (v == UINT32_MAX)
		return; /* no extension */
	sbuf_init(&sb, cap - 1);
	for (i = 0; i < sizeof(ku) / sizeof(ku[0]); i++)
		if (v & ku[i].bit) {
			if (sb.len)
				sbuf_addstr(&sb, ", ");
			sbuf_addstr(&sb, ku[i].name);
		}
	if (!sbuf_err(&sb) && sb.buf)
		str_copy(out, cap, sb.buf);
	sbuf_release(&sb);
}

/* 1 when x is one of the certificates in sk. */
static int
in_stack(STACK_OF(X509) * sk, X509 *x)
{
	int i;

	for (i = 0; sk && i < sk_X509_num(sk); i++)
		if (X509_cmp(sk_X509_value(sk, i), x) == 0)
			return 1;
	return 0;
}

/* The chain's verdict in the signer's reasons; returns the chain or NULL. */
static int
chain_check(struct firma_signer *s, X509 *x, STACK_OF(X509) * extra,
            const struct firma_trust *t, time_t ref, int ref_is_signing,
            X509 **issuer)
{
	X509_STORE_CTX *ctx;
	STACK_OF(X509) * chain;
	int ok, e, i, qc_issuer = 0;

	if (!t || !t->store) {
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "emittente non attendibile (nessun elenco di "
		                 "fiducia caricato)");
		return 0;
	}
	ctx = X509_STORE_CTX_new();
	if (!ctx || X509_STORE_CTX_init(ctx, t->store, x, extra) != 1) {
		X509_STORE_CTX_free(ctx);
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "verifica del certificato non riuscita");
		return 0;
	}
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN);
	X509_STORE_CTX_set_time(ctx, 0, ref);
	ok = X509_verify_cert(ctx) == 1;
	e = X509_STORE_CTX_get_error(ctx);
	if (!ok) {
		switch (e) {
		case X509_V_ERR_CERT_HAS_EXPIRED:
			firma_motivo_add(
			    s->motivo, sizeof(s->motivo),
			    ref_is_signing ? "certificato scaduto alla data "
			                     "della firma"
			                   : "certificato scaduto alla data di "
			                     "verifica");
			break;
		case X509_V_ERR_CERT_NOT_YET_VALID:
			firma_motivo_add(
			    s->motivo, sizeof(s->motivo),
			    "certificato non ancora valido alla data "
			    "della firma");
			break;
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
			firma_motivo_add(s->motivo, sizeof(s->motivo),
			                 "emittente non attendibile");
			break;
		default: {
			char m[FIRMA_MOTIVO_MAX];

			snprintf(m, sizeof(m),
			         "catena del certificato non valida (%s)",
			         X509_verify_cert_error_string(e));
			firma_motivo_add(s->motivo, sizeof(s->motivo), m);
		}
		}
		X509_STORE_CTX_free(ctx);
		return 0;
	}
	chain = X509_STORE_CTX_get0_chain(ctx);
	if (chain && sk_X509_num(chain) > 1 &&
	    X509_up_ref(sk_X509_value(chain, 1)))
		*issuer = sk_X509_value(chain, 1);
	for (i = 1; chain && i < sk_X509_num(chain); i++)
		if (in_stack(t->qc, sk_X509_value(chain, i)))
			qc_issuer = 1;
	X509_STORE_CTX_free(ctx);
	return qc_issuer ? 2 : 1;
}

#define NON_VERIFICABILE "revoca non verificabile"

/*
 * OCSP gave no answer (no responder, unreachable, invalid): the CRL.
 * When neither answers, both reasons are stated.
 */
static void
crl_fallback(struct firma_signer *s, X509 *x, X509 *issuer, time_t ref)
{
	char ocsp[sizeof(s->revoca)], crl[sizeof(s->revoca)];
	const char *a, *b;
	struct sbuf sb;

	str_copy(ocsp, sizeof(ocsp), s->revoca);
	if (firma_crl(x, issuer, ref, crl, sizeof(crl)))
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "certificato revocato");
	if (strncmp(crl, NON_VERIFICABILE, strlen(NON_VERIFICABILE)) != 0 ||
	    strstr(ocsp, "non indica un servizio OCSP")) {
		str_copy(s->revoca, sizeof(s->revoca), crl);
		return;
	}
	/* "revoca non verificabile (A)" + "(B)" -> "... (A; B)" */
	a = strchr(ocsp, '(');
	b = strchr(crl, '(');
	sbuf_init(&sb, sizeof(s->revoca) - 1);
	sbuf_addstr(&sb, NON_VERIFICABILE " (");
	sbuf_add(&sb, a ? a + 1 : "OCSP", a ? strcspn(a + 1, ")") : 4);
	sbuf_addstr(&sb, "; ");
	sbuf_add(&sb, b ? b + 1 : "CRL", b ? strcspn(b + 1, ")") : 3);
	sbuf_addstr(&sb, ")");
	str_copy(s->revoca, sizeof(s->revoca),
	         !sbuf_err(&sb) && sb.buf ? sb.buf : crl);
	sbuf_release(&sb);
}

void
firma_cert_check(struct firma_signer *s, X509 *x, STACK_OF(X509) * extra,
                 const struct firma_trust *t, time_t ref, int ref_is_signing,
                 int ocsp)
{
	X509 *issuer = NULL;
	const X509_NAME *subj = X509_get_subject_name(x);
	char serial[80], given[64], sur[64];
	BIGNUM *bn;
	char *hex;
	uint32_t ku;
	int chain;

	s->cert = 1;
	name_entry(subj, NID_commonName, s->nome, sizeof(s->nome));
	if (!s->nome[0]) {
		name_entry(subj, NID_givenName, given, sizeof(given));
		name_entry(subj, NID_surname, sur, sizeof(sur));
		snprintf(s->nome, sizeof(s->nome), "%s%s%s", given,
		         given[0] && sur[0] ? " " : "", sur);
	}
	name_entry(subj, NID_serialNumber, serial, sizeof(serial));
	if (strncmp(serial, "TINIT-", 6) == 0)
		str_copy(s->cf, sizeof(s->cf), serial + 6);
	name_entry(subj, NID_organizationName, s->org, sizeof(s->org));
	firma_name_line(X509_get_issuer_name(x), s->emittente,
	                sizeof(s->emittente));
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	hex = bn ? BN_bn2hex(bn) : NULL;
	if (hex)
		str_copy(s->numero_serie, sizeof(s->numero_serie), hex);
	OPENSSL_free(hex);
	BN_free(bn);
	firma_asn1_time(X509_get0_notBefore(x), s->valido_dal, NULL);
	firma_asn1_time(X509_get0_notAfter(x), s->valido_al, NULL);
	key_usage_text(x, s->uso_chiave, sizeof(s->uso_chiave));

	chain = chain_check(s, x, extra, t, ref, ref_is_signing, &issuer);
	ku = X509_get_key_usage(x);
	if (ku == UINT32_MAX || !(ku & KU_NON_REPUDIATION))
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "uso della chiave non valido per la firma");
	s->qualificato = chain == 2 && qc_compliance(x);
	if (chain && !s->qualificato)
		firma_motivo_add(s->motivo, sizeof(s->motivo),
		                 "certificato non qualificato");
	/*
	 * Revocation: OCSP when asked and the chain is trusted (the address
	 * then comes from a trusted CA); otherwise say it is not known rather
	 * than imply the certificate was found unrevoked.  When OCSP gives no
	 * answer and the certificate names a CRL, the CRL (firma_crl.c).
	 */
	if (ocsp && chain && issuer) {
		if (firma_ocsp(x, issuer, extra, t->store, ref, s->revoca,
		               sizeof(s->revoca)))
			firma_motivo_add(s->motivo, sizeof(s->motivo),
			                 "certificato revocato");
		else if (strncmp(s->revoca, NON_VERIFICABILE,
		                 strlen(NON_VERIFICABILE)) == 0 &&
		         firma_crl_has(x))
			crl_fallback(s, x, issuer, ref);
	} else {
		str_copy(s->revoca, sizeof(s->revoca), NON_VERIFICABILE);
	}
	X509_free(issuer);
}
