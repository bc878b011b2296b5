/*
 * firma.h - verification of digitally signed files as Italian procurement
 * receives them: CAdES envelopes (.p7m, nested .p7m.p7m, attached or
 * detached) with OpenSSL's CMS API, and the trust in the signers'
 * certificates from the Italian trusted list (ETSI TS 119 612, AgID's
 * TSL).  Pure: no database, no network; the caller gives the file, the
 * trust store and the reference dates, and gets the result as JSON (the
 * shape of docs/firma.md) plus a short summary for storing.  The content
 * of an envelope is only ever copied out as bytes, never interpreted.
 */
#ifndef AV_FIRMA_H
#define AV_FIRMA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"
#include "core/sbuf.h"

#define FIRMA_FILE_MAX (UINT64_C(128) << 20) /* envelope verified in memory */
#define FIRMA_DEPTH_MAX 4                    /* .p7m.p7m.p7m.p7m */
#define FIRMA_SIGNERS_MAX 16                 /* over all levels */
#define FIRMA_TSL_MAX (32u << 20)            /* trusted list XML */
#define FIRMA_TSL_SERVICES_MAX 4096
#define FIRMA_JSON_MAX (256u << 10)
#define FIRMA_CRL_MAX (16u << 20) /* a CRL downloaded for revocation */

/* The trusted list, parsed: certificates of granted CA/QC and TSA services. */
struct firma_trust;

/*
 * Parses an ETSI TS 119 612 trusted list (xml, len bytes) with libxml2:
 * every TSPService of type CA/QC (qualified certificates) or TSA/QTST
 * whose current status is granted (or the pre-eIDAS accredited /
 * undersupervision) gives its X509Certificate(s).  AV_EINVAL with an
 * Italian message when it is not such a list or names no service.
 */
int firma_trust_parse(const char *xml, size_t len, struct firma_trust **out,
                      struct av_err *err);
void firma_trust_free(struct firma_trust *t);
/* Services kept (CA/QC + TSA/QTST certificates). */
size_t firma_trust_count(const struct firma_trust *t);
/* The list's territory and issue date, as read ("" when absent). */
const char *firma_trust_territorio(const struct firma_trust *t);
const char *firma_trust_emesso(const struct firma_trust *t);

struct firma_opts {
	const struct firma_trust *trust; /* NULL: no list, nobody trusted */
	time_t data;          /* verification date when no timestamp; 0 = now */
	time_t termine;       /* deadline for the signing time; 0 = none */
	const char *detached; /* detached content's path, or NULL */
	const char *estrai;   /* write the innermost content here, or NULL */
	int ocsp; /* ask the OCSP responder of a trusted signer's certificate */
};

/* What a stored verification keeps beside the JSON. */
struct firma_summary {
	int firmato;     /* a signature was found at all */
	int valida;      /* every signer valid (0 when not firmato) */
	int firmatari;   /* signers over all levels */
	char formato[8]; /* "CAdES", "PAdES", "" */
	char nome[128];  /* the first signer, for lists */
	char codice_fiscale[24];
	char motivo[160];   /* the first reason of the first invalid signer */
	char ora_firma[24]; /* the first signer's signing time (UTC ISO) */
};

/*
 * Verifies the file at path and writes the result JSON into out (one
 * object, see docs/firma.md) and the summary into *s.  A file that is not
 * a signature, a broken or oversized envelope, a tampered content: all are
 * results (AV_OK, valida false, motivo says why), never errors.  Errors:
 * AV_EIO (the file cannot be read), AV_EIO writing --estrai.
 */
int firma_verifica_file(const char *path, const struct firma_opts *o,
                        struct sbuf *out, struct firma_summary *s,
                        struct av_err *err);

/* The same over bytes in memory (the fuzz target; no detached, no estrai). */
int firma_verifica_mem(const unsigned char *buf, size_t len,
                       const struct firma_opts *o, struct sbuf *out,
                       struct firma_summary *s, struct av_err *err);

#endif
