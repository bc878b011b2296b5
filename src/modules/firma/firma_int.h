/*
 * firma_int.h - what the verification files of the firma module share:
 * the result of one file (levels, signers) before it is written as JSON,
 * and the trusted list's in-memory form.  Not for other modules.
 */
#ifndef AV_FIRMA_INT_H
#define AV_FIRMA_INT_H

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "modules/firma/firma.h"

struct firma_trust {
	X509_STORE *store;    /* every kept certificate, as trust anchors */
	STACK_OF(X509) * qc;  /* CA/QC services: issuers of qualified certs */
	STACK_OF(X509) * tsa; /* TSA/QTST services */
	char territorio[8];
	char emesso[32];
};

#define FIRMA_MOTIVO_MAX 320

/* An RFC 3161 timestamp token on a signature (firma_ts.c). */
struct firma_marca {
	int presente;
	int valida;
	time_t t;            /* the token's genTime, when readable */
	char ora[24];        /* the same as "AAAA-MM-GGThh:mm:ssZ" */
	char emittente[256]; /* the TSA certificate's subject */
	char motivo[160];
};

struct firma_signer {
	int livello; /* 1 = outermost envelope */
	char nome[128];
	char cf[24]; /* from serialNumber TINIT-..., "" if none */
	char org[128];
	int valida;
	char motivo[FIRMA_MOTIVO_MAX]; /* reasons joined with "; " */
	char ora_firma[24];            /* signing-time attribute, "" if none */
	struct firma_marca marca;      /* the RFC 3161 token, if any */
	char revoca[256];
	int controfirme; /* countersignatures on this signer */
	int padre;       /* a countersignature: index of its signer in s[] */
	int cert;        /* a signer certificate was found */
	char emittente[256];
	char numero_serie[80];
	char valido_dal[24];
	char valido_al[24];
	int qualificato;
	char uso_chiave[128];
};

struct firma_result {
	char formato[8];               /* "CAdES", "PAdES", "" */
	char motivo[FIRMA_MOTIVO_MAX]; /* the file as a whole, "" if fine */
	int livelli;
	int n;
	int troppi; /* signers past FIRMA_SIGNERS_MAX, not reported */
	struct firma_signer s[FIRMA_SIGNERS_MAX];
	int cn; /* countersignatures, each with its padre */
	struct firma_signer c[FIRMA_SIGNERS_MAX];
	int contenuto; /* content known (attached or detached) */
	uint64_t contenuto_bytes;
	char contenuto_sha256[65];
	char data_verifica[24];
};

/* Appends reason to a "; "-joined motivo (bounded, first ones kept). */
void firma_motivo_add(char *motivo, size_t cap, const char *reason);

/* time_t to "AAAA-MM-GGThh:mm:ssZ"; ASN1_TIME likewise (0 on failure). */
void firma_time_iso(time_t t, char out[24]);
int firma_asn1_time(const ASN1_TIME *a, char out[24], time_t *t);

/*
 * Fills the certificate facts of s from x, checks its chain against the
 * trust at reference time ref (ref_is_signing: the message says "alla data
 * della firma") and its key usage, qualified status and revocation note;
 * reasons go to s->motivo and clear s->valida.
 */
void firma_cert_check(struct firma_signer *s, X509 *x, STACK_OF(X509) * extra,
                      const struct firma_trust *t, time_t ref,
                      int ref_is_signing, int ocsp);

/*
 * Verifies one CMS SignedData level (der, len); content of a detached
 * envelope in det/det_len (NULL when attached).  Appends signers to r.
 * Returns 1 when it was a SignedData (then *inner and *inner_len point into
 * memory owned by *keep, to free with firma_keep_free), 0 when not.
 */
struct firma_keep;
int firma_cades_level(const unsigned char *der, size_t len,
                      const unsigned char *det, size_t det_len, int livello,
                      const struct firma_opts *o, struct firma_result *r,
                      const unsigned char **inner, size_t *inner_len,
                      struct firma_keep **keep);
void firma_keep_free(struct firma_keep *k);

/*
 * Asks the OCSP responder named by x (only when it has one) about x, whose
 * issuer is issuer; writes the outcome in words into revoca.  1 when x was
 * revoked at or before ref, else 0 (also when nothing could be known).
 */
int firma_ocsp(X509 *x, X509 *issuer, STACK_OF(X509) * extra, X509_STORE *store,
               time_t ref, char *revoca, size_t cap);

/* The RFC 5652 name line of a certificate name (RFC 2253, UTF-8). */
void firma_name_line(const X509_NAME *name, char *out, size_t cap);

/*
 * The signature-time-stamp token of si, if any, into *m (verified against
 * si's signature value and the list's TSA/QTST services).  0 when si has
 * no token.
 */
int firma_ts_check(CMS_SignerInfo *si, const struct firma_trust *t,
                   struct firma_marca *m);

/*
 * Every countersignature of si (the signer r->s[parent]) verified and
 * appended to r->c, certificates checked at ref.
 */
void firma_counter_check(CMS_SignerInfo *si, int parent, STACK_OF(X509) * certs,
                         time_t ref, int ref_is_signing,
                         const struct firma_opts *o, struct firma_result *r);

/*
 * Revocation by the CRL named by x's distribution points (firma_crl.c),
 * signed by issuer; the outcome in words into revoca.  1 when x was
 * revoked at or before ref.  firma_crl_has: x names an http(s) CRL.
 */
int firma_crl(X509 *x, X509 *issuer, time_t ref, char *revoca, size_t cap);
int firma_crl_has(X509 *x);

/* The PAdES path: 1 when buf is a PDF (result filled), 0 otherwise. */
int firma_pades(const unsigned char *buf, size_t len,
                const struct firma_opts *o, struct firma_result *r);

/* Writes r as the JSON object of docs/firma.md. */
void firma_result_json(const struct firma_result *r, struct sbuf *out);

#endif
