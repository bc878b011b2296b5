/*
 * saml_cie.h - the SP metadata for the CIE federation (saml_cie.c): CIE's
 * own metadata profile, checked by AgID's validator with
 * `--profile cie-sp-public`, built from the same settings as SPID's plus
 * the seat's codice catastale and province (spid.json cie_comune,
 * cie_provincia).  docs/spid-cie.md, "CIE".
 */
#ifndef AV_SAML_CIE_H
#define AV_SAML_CIE_H

#include <stddef.h>

#include "core/err.h"

struct saml_settings;
struct sbuf;

/* "H501": a letter and three digits (codice catastale). */
int saml_cie_comune_ok(const char *s);
/* "" or two capital letters ("RM"). */
int saml_cie_provincia_ok(const char *s);

/* cie_comune and cie_provincia of s well formed (AV_EINVAL naming it). */
int saml_cie_check(const struct saml_settings *s, struct av_err *err);

/* The unsigned CIE metadata of s, with the certificate of cert_pem. */
int saml_cie_metadata_build(const struct saml_settings *s, const char *cert_pem,
                            struct sbuf *md, struct av_err *err);
/*
 * At start, from saml_configure: builds and signs CIE's metadata when
 * s->cie_comune is set (else CIE's metadata stays off, AV_OK).
 */
int saml_cie_configure(const struct saml_settings *s, const char *cert_pem,
                       struct av_err *err);
/* The signed CIE metadata (borrowed); NULL when off. */
const char *saml_metadata_cie(size_t *len);

#endif
